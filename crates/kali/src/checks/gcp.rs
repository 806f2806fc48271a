//! GCP misconfiguration rules: Cloud Storage, firewall rules, Cloud SQL, GKE, IAM and
//! Compute instances.

use super::check::{is_false, is_true, joined, none_of, not_false, not_true, one_of, present};
use super::{
    as_blocks, attr, blocks, bool_of, fail, first, is_world, refers_to, strings, Category, Check,
    Condition, Ctx, Join, Link, Rule, Target, Unknowable, Verdict,
};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::{Resource, Value};

const PUBLIC_MEMBERS: &[&str] = &["allUsers", "allAuthenticatedUsers"];

fn iam_public(_: &Ctx, r: &Resource) -> Verdict {
    let members: Vec<String> = match (r.attributes.get("member"), r.attributes.get("members")) {
        (Some(v), _) | (None, Some(v)) => match strings(v) {
            Some(m) => m,
            None => return Verdict::Unknown,
        },
        _ => Vec::new(),
    };
    let at = if r.attributes.contains_key("member") {
        "member"
    } else {
        "members"
    };
    match members
        .iter()
        .find(|m| PUBLIC_MEMBERS.contains(&m.as_str()))
    {
        Some(m) => fail(at, format!("The bucket is granted to {m}: it is public.")),
        None => Verdict::Pass,
    }
}

fn firewall_open(r: &Resource, port: u32, what: &str) -> Verdict {
    let direction = attr(r, "direction")
        .and_then(Value::as_str)
        .unwrap_or("INGRESS");
    if direction != "INGRESS" || bool_true(r, "disabled") {
        return Verdict::Pass;
    }
    let Some(sources) = r
        .attributes
        .get("source_ranges")
        .map_or(Some(Vec::new()), strings)
    else {
        return Verdict::Unknown;
    };
    let Some(world) = sources.iter().find(|s| is_world(s)) else {
        return Verdict::Pass;
    };
    for allow in blocks(r, "allow") {
        let protocol = allow.get("protocol").and_then(Value::as_str).unwrap_or("");
        if !matches!(protocol, "tcp" | "all" | "6") {
            continue;
        }
        let ports = match allow.get("ports") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => match port_list(v) {
                Some(p) => p,
                None => return Verdict::Unknown,
            },
        };
        let hit = protocol == "all"
            || ports.is_empty()
            || ports.iter().any(|p| match p.split_once('-') {
                Some((a, b)) => matches!((a.parse::<u32>(), b.parse::<u32>()), (Ok(a), Ok(b)) if a <= port && port <= b),
                None => p.parse::<u32>() == Ok(port),
            });
        if hit {
            return fail(
                "source_ranges",
                format!("Ingress from {world} is allowed to port {port} ({what})."),
            );
        }
    }
    Verdict::Pass
}

/// Ports as written, strings or numbers (`["22", 3306, "8000-8080"]`); `None` when unknown.
fn port_list(v: &Value) -> Option<Vec<String>> {
    let items = match v {
        Value::List(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for i in items {
        match i {
            Value::Number(n) => out.push(format!("{}", *n as i64)),
            Value::String(s) => out.push(s.clone()),
            v if !v.is_known() => return None,
            _ => {}
        }
    }
    Some(out)
}

fn bool_true(r: &Resource, path: &str) -> bool {
    attr(r, path).and_then(Value::as_bool) == Some(true)
}

fn firewall_ssh(_: &Ctx, r: &Resource) -> Verdict {
    firewall_open(r, 22, "SSH")
}
fn firewall_rdp(_: &Ctx, r: &Resource) -> Verdict {
    firewall_open(r, 3389, "RDP")
}

fn sql_ssl(_: &Ctx, r: &Resource) -> Verdict {
    if bool_true(r, "settings.ip_configuration.require_ssl") {
        return Verdict::Pass;
    }
    match attr(r, "settings.ip_configuration.ssl_mode") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(m))
            if m == "ENCRYPTED_ONLY" || m == "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" =>
        {
            Verdict::Pass
        }
        _ => fail(
            "settings",
            "Connections without SSL are accepted (`ip_configuration.ssl_mode`).",
        ),
    }
}

fn sql_public_networks(_: &Ctx, r: &Resource) -> Verdict {
    let Some(ip) = attr(r, "settings.ip_configuration") else {
        return Verdict::Pass;
    };
    if let Some(Value::List(networks)) = ip.get("authorized_networks") {
        for n in networks {
            match n.get("value") {
                Some(v) if !v.is_known() => return Verdict::Unknown,
                Some(Value::String(c)) if is_world(c) => {
                    return fail(
                        "settings",
                        format!(
                        "An authorized network is {c}: the instance accepts the whole internet."
                    ),
                    )
                }
                _ => {}
            }
        }
    }
    Verdict::Pass
}

fn gke_workload_metadata(_: &Ctx, r: &Resource) -> Verdict {
    // `node_metadata = "GKE_METADATA_SERVER"` is the provider's older name for the mode.
    let mode = attr(r, "node_config.workload_metadata_config.mode")
        .filter(|v| !matches!(v, Value::Null))
        .or_else(|| attr(r, "node_config.workload_metadata_config.node_metadata"));
    match mode {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(m)) if m == "GKE_METADATA" || m == "GKE_METADATA_SERVER" => {
            Verdict::Pass
        }
        _ => {
            if attr(r, "workload_identity_config").is_some()
                && r.resource_type == "google_container_cluster"
            {
                Verdict::Pass
            } else {
                fail(
                    "node_config",
                    "Pods can read the node's metadata server (no GKE_METADATA workload metadata).",
                )
            }
        }
    }
}

fn iam_primitive_roles(_: &Ctx, r: &Resource) -> Verdict {
    let Some(role) = attr(r, "role") else {
        return Verdict::Pass;
    };
    if !role.is_known() {
        return Verdict::Unknown;
    }
    let members = r
        .attributes
        .get("member")
        .or_else(|| r.attributes.get("members"))
        .and_then(strings)
        .unwrap_or_default();
    let role = role.as_str().unwrap_or("");
    if matches!(role, "roles/owner" | "roles/editor")
        && members.iter().any(|m| m.starts_with("serviceAccount:"))
    {
        return fail(
            "role",
            format!("A service account is granted the primitive role {role}."),
        );
    }
    Verdict::Pass
}

fn iam_sa_user_project(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "role") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(role)) if role == "roles/iam.serviceAccountUser" || role == "roles/iam.serviceAccountTokenCreator" => {
            fail("role", format!("{role} is granted for the whole project: the members can act as every service account."))
        }
        _ => Verdict::Pass,
    }
}

fn compute_public_ip(_: &Ctx, r: &Resource) -> Verdict {
    for nic in blocks(r, "network_interface") {
        if matches!(nic.get("access_config"), Some(Value::List(a)) if !a.is_empty()) {
            return fail(
                "network_interface",
                "The instance has an external IP address (`access_config`).",
            );
        }
    }
    Verdict::Pass
}

/// Whether an instance's metadata value reads as true to GCP (`true`, `"TRUE"`, `"True"`).
fn metadata_true(v: &Value) -> bool {
    v.as_bool() == Some(true) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
}

fn compute_project_ssh_keys(_: &Ctx, r: &Resource) -> Verdict {
    // An instance from a template that does not set the key gets the template's.
    let from_template = r.resource_type == "google_compute_instance_from_template";
    match attr(r, "metadata") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(m) => match m.get("block-project-ssh-keys") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            Some(v) if metadata_true(v) => Verdict::Pass,
            None if from_template => Verdict::Unknown,
            _ => fail(
                "metadata",
                "Project-wide SSH keys can log in (`block-project-ssh-keys` is not true).",
            ),
        },
        None if from_template => Verdict::Unknown,
        None => fail(
            "metadata",
            "Project-wide SSH keys can log in (`block-project-ssh-keys` is not true).",
        ),
    }
}

fn compute_serial_port(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "metadata").and_then(|m| m.get("serial-port-enable")) {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if metadata_true(v) => {
            fail("metadata", "The interactive serial console is enabled.")
        }
        _ => Verdict::Pass,
    }
}

fn compute_shielded(_: &Ctx, r: &Resource) -> Verdict {
    match (
        attr(r, "shielded_instance_config.enable_vtpm"),
        attr(r, "shielded_instance_config.enable_integrity_monitoring"),
    ) {
        (Some(v), _) | (_, Some(v)) if v.as_bool() == Some(false) => fail(
            "shielded_instance_config",
            "Shielded VM vTPM or integrity monitoring is turned off.",
        ),
        _ => Verdict::Pass,
    }
}

/// Subnet purposes that take neither flow logs nor Private Google Access (proxy-only
/// subnets of load balancers).
const PROXY_ONLY_SUBNETS: &[Condition] = &[
    Condition::Equals("purpose", "INTERNAL_HTTPS_LOAD_BALANCER"),
    Condition::Equals("purpose", "REGIONAL_MANAGED_PROXY"),
    Condition::Equals("purpose", "GLOBAL_MANAGED_PROXY"),
];

/// Proxy-only subnets, and subnets without IPv6 (`stack_type` other than IPV4_IPV6).
const NOT_DUAL_STACK_SUBNETS: &[Condition] = &[
    Condition::Equals("purpose", "INTERNAL_HTTPS_LOAD_BALANCER"),
    Condition::Equals("purpose", "REGIONAL_MANAGED_PROXY"),
    Condition::Equals("purpose", "GLOBAL_MANAGED_PROXY"),
    Condition::Absent("stack_type"),
    Condition::OtherThan("stack_type", "IPV4_IPV6"),
];

/// How a firewall rule names its network: `network = google_compute_network.x.name` (or
/// its id or self link), or the network's literal name.
const FIREWALL_OF_NETWORK: &[Join] = &[
    Join {
        resource_type: "google_compute_firewall",
        link: Link::Refers {
            attr: "network",
            names: &["name"],
        },
        requirement: None,
    },
    // A network firewall policy attached to the network governs it too.
    Join {
        resource_type: "google_compute_network_firewall_policy_association",
        link: Link::Refers {
            attr: "attachment_target",
            names: &[],
        },
        requirement: None,
    },
];

/// Sources that are the whole internet, as firewall rules write them.
fn is_world_source(s: &str) -> bool {
    is_world(s) || s.trim() == "::0"
}

fn firewall_all_ports(_: &Ctx, r: &Resource) -> Verdict {
    let direction = attr(r, "direction")
        .and_then(Value::as_str)
        .unwrap_or("INGRESS");
    if direction.eq_ignore_ascii_case("EGRESS") || bool_true(r, "disabled") {
        return Verdict::Pass;
    }
    let Some(sources) = r
        .attributes
        .get("source_ranges")
        .map_or(Some(Vec::new()), strings)
    else {
        return Verdict::Unknown;
    };
    let Some(world) = sources.iter().find(|s| is_world_source(s)) else {
        return Verdict::Pass;
    };
    let all = blocks(r, "allow").iter().any(|a| {
        a.get("protocol")
            .and_then(Value::as_str)
            .is_some_and(|p| p.eq_ignore_ascii_case("all"))
    });
    if all {
        return fail(
            "source_ranges",
            format!("Ingress from {world} is allowed on every protocol and port."),
        );
    }
    Verdict::Pass
}

fn firewall_ftp_data(_: &Ctx, r: &Resource) -> Verdict {
    firewall_open(r, 20, "FTP data")
}
fn firewall_ftp(_: &Ctx, r: &Resource) -> Verdict {
    firewall_open(r, 21, "FTP")
}
fn firewall_http(_: &Ctx, r: &Resource) -> Verdict {
    firewall_open(r, 80, "HTTP")
}
fn firewall_mysql(_: &Ctx, r: &Resource) -> Verdict {
    firewall_open(r, 3306, "MySQL")
}

/// A failure written on another resource: the finding points at it.
fn fail_at(other: &Resource, attr: &str, message: impl Into<String>) -> Verdict {
    Verdict::Fail {
        attr: attr.to_string(),
        message: message.into(),
        at: Some((other.location.file.clone(), other.line_of(attr))),
    }
}

fn project_legacy_network(ctx: &Ctx, r: &Resource) -> Verdict {
    for network in ctx.related("google_compute_network", "project", r, &["project_id"]) {
        match bool_of(network.attributes.get("auto_create_subnetworks")) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(true)) => {
                return fail_at(
                    network,
                    "auto_create_subnetworks",
                    format!(
                        "The project's network {} creates its subnets automatically (`auto_create_subnetworks` is true).",
                        network.address
                    ),
                )
            }
            Ok(_) => {}
        }
    }
    Verdict::Pass
}

/// The public principal among `members`, if any.
fn public_member(members: &[String]) -> Option<&String> {
    members
        .iter()
        .find(|m| PUBLIC_MEMBERS.contains(&m.as_str()))
}

/// The members an IAM member, binding or policy resource grants; `None` when unknown. A
/// `policy_data` JSON document (or object) gives the members of all its bindings.
fn granted_members(ctx: &Ctx, r: &Resource) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for key in ["member", "members"] {
        if let Some(v) = r.attributes.get(key) {
            out.extend(strings(v)?);
        }
    }
    if let Some(policy) = r.attributes.get("policy_data") {
        let json = match policy {
            // `data.google_iam_policy.x.policy_data`: the members of its bindings.
            v if !v.is_known() => {
                let document = ctx.referenced("google_iam_policy", v, r, &[])?;
                for binding in blocks(document, "binding") {
                    out.extend(strings(binding.get("members")?)?);
                }
                return Some(out);
            }
            Value::String(s) => serde_json::from_str(s).ok()?,
            other => other.to_json(),
        };
        let bindings = json.get("bindings").and_then(|b| b.as_array());
        for b in bindings.into_iter().flatten() {
            let members = b.get("members").and_then(|m| m.as_array());
            out.extend(
                members
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m.as_str().map(str::to_string)),
            );
        }
    }
    Some(out)
}

fn iam_grant_public(ctx: &Ctx, r: &Resource, what: &str) -> Verdict {
    let at = ["member", "members", "policy_data"]
        .into_iter()
        .find(|k| r.attributes.contains_key(*k))
        .unwrap_or("member");
    match granted_members(ctx, r) {
        None => Verdict::Unknown,
        Some(members) => match public_member(&members) {
            Some(m) => fail(at, format!("The {what} is granted to {m}: it is public.")),
            None => Verdict::Pass,
        },
    }
}

/// Whether IAM resources of `types` that name `r` in `attr` grant it to the public.
fn granted_publicly(ctx: &Ctx, r: &Resource, types: &[&str], attr: &str, what: &str) -> Verdict {
    for t in types {
        for grant in ctx.related(t, attr, r, &[]) {
            match granted_members(ctx, grant) {
                None => return Verdict::Unknown,
                Some(members) => {
                    if let Some(m) = public_member(&members) {
                        let at = if grant.attributes.contains_key("members") {
                            "members"
                        } else {
                            "member"
                        };
                        return fail_at(
                            grant,
                            at,
                            format!(
                                "The {what} is granted to {m} by {}: it is public.",
                                grant.address
                            ),
                        );
                    }
                }
            }
        }
    }
    Verdict::Pass
}

fn kms_key_iam_public(ctx: &Ctx, r: &Resource) -> Verdict {
    iam_grant_public(ctx, r, "KMS key")
}

fn kms_key_public(ctx: &Ctx, r: &Resource) -> Verdict {
    granted_publicly(
        ctx,
        r,
        &[
            "google_kms_crypto_key_iam_member",
            "google_kms_crypto_key_iam_binding",
        ],
        "crypto_key_id",
        "key",
    )
}

fn kms_key_ring_public(ctx: &Ctx, r: &Resource) -> Verdict {
    granted_publicly(
        ctx,
        r,
        &[
            "google_kms_key_ring_iam_member",
            "google_kms_key_ring_iam_binding",
        ],
        "key_ring_id",
        "key ring",
    )
}

fn container_registry_public(ctx: &Ctx, r: &Resource) -> Verdict {
    granted_publicly(
        ctx,
        r,
        &[
            "google_storage_bucket_iam_member",
            "google_storage_bucket_iam_binding",
        ],
        "bucket",
        "registry's bucket",
    )
}

fn gke_default_service_account(ctx: &Ctx, r: &Resource) -> Verdict {
    for t in ["google_container_cluster", "google_container_node_pool"] {
        for user in ctx.of_type(t).iter().filter(|u| u.root == r.root) {
            if let Some(sa) = attr(user, "node_config.service_account") {
                if refers_to(sa, r, &["id"]) {
                    return fail_at(
                        user,
                        "node_config",
                        format!(
                            "{} runs its nodes as the Compute Engine default service account.",
                            user.address
                        ),
                    );
                }
            }
        }
    }
    Verdict::Pass
}

fn sql_root_without_password(ctx: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "database_version") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(v)) if v.starts_with("MYSQL") => {}
        _ => return Verdict::Pass,
    }
    for user in ctx.related("google_sql_user", "instance", r, &["name"]) {
        match attr(user, "name") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(n)) if n.starts_with("root") => {
                if matches!(attr(user, "password"), None | Some(Value::Null)) {
                    return fail_at(user, "name", format!("The MySQL user {n} has no password."));
                }
            }
            _ => {}
        }
    }
    Verdict::Pass
}

fn compute_ip_forward(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "name")
        .and_then(Value::as_str)
        .is_some_and(|n| n.starts_with("gke-"))
    {
        return Verdict::Pass;
    }
    match bool_of(attr(r, "can_ip_forward")) {
        Err(_) => Verdict::Unknown,
        Ok(None) if r.attributes.contains_key("source_instance_template") => Verdict::Unknown,
        Ok(Some(true)) => fail(
            "can_ip_forward",
            "The instance can forward packets it did not originate (`can_ip_forward` is true).",
        ),
        Ok(_) => Verdict::Pass,
    }
}

fn compute_boot_disk_csek(_: &Ctx, r: &Resource) -> Verdict {
    let keys = [
        "boot_disk.disk_encryption_key_raw",
        "boot_disk.disk_encryption_key_rsa",
        "boot_disk.kms_key_self_link",
    ];
    if keys
        .iter()
        .any(|k| !matches!(attr(r, k), None | Some(Value::Null)))
    {
        return Verdict::Pass;
    }
    fail(
        "boot_disk",
        "The boot disk is encrypted with a Google-managed key (no customer key).",
    )
}

/// The bucket a log sink writes to (`destination = "storage.googleapis.com/<bucket>"`).
fn sink_bucket<'a>(ctx: &Ctx<'a>, r: &Resource) -> Option<&'a Resource> {
    let destination = attr(r, "destination")?;
    // Written as a reference (`google_storage_bucket.logs.name`): that bucket, even when
    // several share a name.
    if let Some(("google_storage_bucket", name)) = r.written_reference("destination") {
        if let Some(b) = ctx
            .of_type("google_storage_bucket")
            .iter()
            .find(|b| b.root == r.root && b.module == r.module && b.name == name)
        {
            return Some(b);
        }
    }
    if let Some(b) = ctx.referenced("google_storage_bucket", destination, r, &["name"]) {
        return Some(b);
    }
    let name = destination
        .as_str()?
        .strip_prefix("storage.googleapis.com/")?;
    ctx.of_type("google_storage_bucket")
        .iter()
        .find(|b| b.root == r.root && attr(b, "name").and_then(Value::as_str) == Some(name))
        .copied()
}

fn sink_bucket_lock(ctx: &Ctx, r: &Resource) -> Verdict {
    let Some(bucket) = sink_bucket(ctx, r) else {
        return Verdict::Pass;
    };
    match bool_of(attr(bucket, "retention_policy.is_locked")) {
        Err(_) => Verdict::Unknown,
        Ok(Some(true)) => Verdict::Pass,
        Ok(_) => fail_at(
            bucket,
            "retention_policy",
            format!(
                "The sink's bucket {} has no locked retention policy: its logs can be deleted.",
                bucket.address
            ),
        ),
    }
}

const ONE_DAY: f64 = 86_400.0;

fn kms_rotation(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "purpose")
        .and_then(Value::as_str)
        .is_some_and(|p| p.starts_with("ASYMMETRIC"))
    {
        return Verdict::Pass;
    }
    match attr(r, "rotation_period") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(p)) => {
            let seconds = p.strip_suffix('s').and_then(|s| s.parse::<f64>().ok());
            match seconds {
                Some(s) if (ONE_DAY..=90.0 * ONE_DAY).contains(&s) => Verdict::Pass,
                _ => fail(
                    "rotation_period",
                    format!("The key is rotated every {p}, not within 90 days."),
                ),
            }
        }
        _ => fail(
            "rotation_period",
            "The key is never rotated (no `rotation_period`).",
        ),
    }
}

fn storage_self_logging(_: &Ctx, r: &Resource) -> Verdict {
    let (Some(log), Some(name)) = (attr(r, "logging.log_bucket"), attr(r, "name")) else {
        return Verdict::Pass;
    };
    if !log.is_known() || !name.is_known() {
        return Verdict::Unknown;
    }
    if log.as_str().is_some() && log.as_str() == name.as_str() {
        return fail("logging", "The bucket writes its access logs to itself.");
    }
    Verdict::Pass
}

fn service_account_uploaded_key(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "public_key_data") {
        None | Some(Value::Null) => Verdict::Pass,
        Some(_) => fail(
            "public_key_data",
            "The key is user-managed: its private half was made outside Google (`public_key_data` is set).",
        ),
    }
}

/// Whether a forwarding rule's target is an HTTP (not HTTPS) proxy.
fn targets_http_proxy(target: &Value) -> bool {
    match target {
        Value::String(s) => s.contains("targetHttpProxies"),
        v => v.any_unknown_ref(&mut |r| {
            r.contains("google_compute_target_http_proxy.")
                || r.contains("google_compute_region_target_http_proxy.")
        }),
    }
}

fn forwarding_rule_http(_: &Ctx, r: &Resource) -> Verdict {
    let Some(target) = attr(r, "target") else {
        return Verdict::Pass;
    };
    if !targets_http_proxy(target) {
        return Verdict::Pass;
    }
    match attr(r, "load_balancing_scheme") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        None | Some(Value::Null) => fail(
            "target",
            "The external load balancer serves plain HTTP (its target is an HTTP proxy).",
        ),
        Some(Value::String(s)) if s == "EXTERNAL" || s == "EXTERNAL_MANAGED" => fail(
            "target",
            "The external load balancer serves plain HTTP (its target is an HTTP proxy).",
        ),
        _ => Verdict::Pass,
    }
}

/// What a Cloud SQL database flag must be.
enum Flag {
    /// Set, to one of these values (unset fails).
    Set(&'static [&'static str]),
    /// When set, one of these values (unset passes).
    IfSet(&'static [&'static str]),
    /// Not set to one of these values (unset passes).
    Not(&'static [&'static str]),
}

/// The engines of `database_version` prefixes, as findings name them.
fn engine_name(engine: &str) -> &'static str {
    match engine {
        "POSTGRES" => "PostgreSQL",
        "MYSQL" => "MySQL",
        _ => "SQL Server",
    }
}

/// A database flag's value as a string (flags are written as strings or numbers).
fn flag_value(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.fract() == 0.0 => Some(format!("{}", *n as i64)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "on" } else { "off" }.to_string()),
        _ => None,
    }
}

/// Judges one database flag of a Cloud SQL instance of `engine` (a substring of its
/// `database_version`); instances of other engines pass.
fn sql_flag(r: &Resource, engine: &str, flag: &str, want: Flag) -> Verdict {
    match attr(r, "database_version") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(v)) if v.contains(engine) => {}
        _ => return Verdict::Pass,
    }
    let engine = engine_name(engine);
    let settings = attr(r, "settings");
    if settings.is_some_and(|s| !s.is_known()) {
        return Verdict::Unknown;
    }
    let flags: Vec<&Value> = match settings.and_then(|s| s.get("database_flags")) {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::List(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    };
    let mut value = None;
    for f in flags {
        match f.get("name") {
            Some(n) if !n.is_known() => return Verdict::Unknown,
            Some(Value::String(n)) if n == flag => match f.get("value") {
                Some(v) if !v.is_known() => return Verdict::Unknown,
                Some(v) => value = flag_value(v),
                None => {}
            },
            _ => {}
        }
    }
    let is = |allowed: &[&str], v: &str| allowed.iter().any(|a| a.eq_ignore_ascii_case(v));
    match (want, value) {
        (Flag::Set(allowed), None) => fail(
            "settings",
            format!(
                "The {engine} flag `{flag}` is not set (want {}).",
                allowed.join(" or ")
            ),
        ),
        (Flag::Set(allowed) | Flag::IfSet(allowed), Some(v)) if !is(allowed, &v) => fail(
            "settings",
            format!(
                "The {engine} flag `{flag}` is \"{v}\" (want {}).",
                allowed.join(" or ")
            ),
        ),
        (Flag::Not(bad), Some(v)) if is(bad, &v) => fail(
            "settings",
            format!("The {engine} flag `{flag}` is \"{v}\"."),
        ),
        _ => Verdict::Pass,
    }
}

const ON: &[&str] = &["on"];

fn pg_log_checkpoints(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_checkpoints", Flag::Set(ON))
}
fn pg_log_connections(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_connections", Flag::Set(ON))
}
fn pg_log_disconnections(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_disconnections", Flag::Set(ON))
}
fn pg_log_lock_waits(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_lock_waits", Flag::Set(ON))
}
fn pg_log_duration(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_duration", Flag::Set(ON))
}
fn pg_log_hostname(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_hostname", Flag::Set(ON))
}
fn pg_pgaudit(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "cloudsql.enable_pgaudit", Flag::Set(ON))
}
fn pg_log_statement(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(
        r,
        "POSTGRES",
        "log_statement",
        Flag::Set(&["ddl", "mod", "all"]),
    )
}
fn pg_log_min_error_statement(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(
        r,
        "POSTGRES",
        "log_min_error_statement",
        Flag::Set(&[
            "error", "warning", "notice", "info", "debug1", "debug2", "debug3", "debug4", "debug5",
        ]),
    )
}
fn pg_log_min_messages(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(
        r,
        "POSTGRES",
        "log_min_messages",
        Flag::IfSet(&[
            "fatal", "panic", "log", "error", "warning", "notice", "info", "debug1", "debug2",
            "debug3", "debug4", "debug5",
        ]),
    )
}
fn pg_log_min_duration(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(
        r,
        "POSTGRES",
        "log_min_duration_statement",
        Flag::IfSet(&["-1"]),
    )
}
fn pg_log_temp_files(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_temp_files", Flag::IfSet(&["0"]))
}
fn pg_log_executor_stats(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_executor_stats", Flag::Not(ON))
}
fn pg_log_parser_stats(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_parser_stats", Flag::Not(ON))
}
fn pg_log_planner_stats(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_planner_stats", Flag::Not(ON))
}
fn pg_log_statement_stats(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "POSTGRES", "log_statement_stats", Flag::Not(ON))
}
fn mysql_local_infile(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "MYSQL", "local_infile", Flag::Not(ON))
}
fn sqlserver_cross_db_chaining(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(r, "SQLSERVER", "cross db ownership chaining", Flag::Not(ON))
}
fn sqlserver_contained_auth(_: &Ctx, r: &Resource) -> Verdict {
    sql_flag(
        r,
        "SQLSERVER",
        "contained database authentication",
        Flag::Not(ON),
    )
}

fn mysql_point_in_time_recovery(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "database_version") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(v)) if v.contains("MYSQL") => {}
        _ => return Verdict::Pass,
    }
    if !matches!(attr(r, "master_instance_name"), None | Some(Value::Null)) {
        return Verdict::Pass;
    }
    match bool_of(attr(r, "settings.backup_configuration.binary_log_enabled")) {
        Err(_) => Verdict::Unknown,
        Ok(Some(true)) => Verdict::Pass,
        Ok(_) => fail(
            "settings",
            "Point-in-time recovery is off (`backup_configuration.binary_log_enabled` is not true).",
        ),
    }
}

/// Whether an instance's metadata value reads as false to GCP (`false`, `"FALSE"`).
fn metadata_false(v: &Value) -> bool {
    v.as_bool() == Some(false) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
}

fn compute_os_login_off(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "metadata") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(m) => match m.get("enable-oslogin") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            Some(v) if metadata_false(v) => fail(
                "metadata",
                "OS Login is turned off for the instance (`enable-oslogin` is false).",
            ),
            _ => Verdict::Pass,
        },
        None => Verdict::Pass,
    }
}

/// The keys of a BigQuery dataset `access` block that name who is granted.
const BIGQUERY_PRINCIPALS: &[&str] = &[
    "user_by_email",
    "group_by_email",
    "domain",
    "view",
    "routine",
    "dataset",
    "special_group",
    "iam_member",
];

fn bigquery_dataset_public(_: &Ctx, r: &Resource) -> Verdict {
    for access in blocks(r, "access") {
        if !access.is_known() {
            return Verdict::Unknown;
        }
        for key in ["special_group", "iam_member"] {
            match access.get(key) {
                Some(v) if !v.is_known() => return Verdict::Unknown,
                Some(Value::String(m)) if PUBLIC_MEMBERS.contains(&m.as_str()) => {
                    return fail(
                        "access",
                        format!("The dataset is granted to {m}: it is public."),
                    )
                }
                _ => {}
            }
        }
        if !BIGQUERY_PRINCIPALS.iter().any(|k| access.get(k).is_some()) {
            return fail(
                "access",
                "An access entry names no principal (none of user_by_email, group_by_email, domain, special_group, view, routine, dataset).",
            );
        }
    }
    Verdict::Pass
}

/// Whether the resource's `lifecycle` block sets `prevent_destroy = true`.
fn prevents_destroy(r: &Resource) -> bool {
    r.decl
        .block
        .body
        .blocks()
        .filter(|b| b.identifier.as_str() == "lifecycle")
        .flat_map(|b| b.body.attributes())
        .any(|a| a.key.as_str() == "prevent_destroy" && format!("{:?}", a.expr) == "Bool(true)")
}

fn kms_prevent_destroy(_: &Ctx, r: &Resource) -> Verdict {
    if prevents_destroy(r) {
        Verdict::Pass
    } else {
        fail(
            "name",
            "The key can be destroyed by Terraform (no `lifecycle { prevent_destroy = true }`).",
        )
    }
}

/// Roles that let their members act as, or manage, service accounts (and so take on their
/// permissions).
const IMPERSONATION_ROLES: &[&str] = &[
    "roles/owner",
    "roles/editor",
    "roles/iam.securityAdmin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountKeyAdmin",
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.serviceAccountOpenIdTokenCreator",
    "roles/iam.workloadIdentityUser",
    "roles/dataflow.developer",
    "roles/dataflow.admin",
    "roles/deploymentmanager.editor",
    "roles/cloudbuild.builds.editor",
    "roles/cloudbuild.builds.builder",
    "roles/composer.worker",
    "roles/run.sourceDeveloper",
    "roles/assuredoss.admin",
    "roles/securitycenter.admin",
    "roles/backupdr.computeEngineOperator",
];

fn iam_impersonation_role(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "role") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(role))
            if IMPERSONATION_ROLES.contains(&role.as_str()) || role.ends_with(".serviceAgent") =>
        {
            fail(
                "role",
                format!("{role} is granted here: its members can act as or manage the service accounts below."),
            )
        }
        _ => Verdict::Pass,
    }
}

/// Whether a member is a default service account (Compute Engine's or App Engine's).
fn is_default_service_account(member: &str) -> bool {
    let email = member.strip_prefix("serviceAccount:").unwrap_or(member);
    email.ends_with("-compute@developer.gserviceaccount.com")
        || email.ends_with("@appspot.gserviceaccount.com")
}

fn iam_default_service_account(_: &Ctx, r: &Resource) -> Verdict {
    let key = if r.attributes.contains_key("members") {
        "members"
    } else {
        "member"
    };
    let Some(members) = r.attributes.get(key).map_or(Some(Vec::new()), strings) else {
        return Verdict::Unknown;
    };
    match members.iter().find(|m| is_default_service_account(m)) {
        Some(m) => fail(
            key,
            format!("A role is granted to the default service account {m}, which every default VM or App Engine app runs as."),
        ),
        None => Verdict::Pass,
    }
}

/// Cipher suites without forward secrecy or with weak ciphers.
const WEAK_CIPHERS: &[&str] = &[
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
];

fn ssl_policy_weak(_: &Ctx, r: &Resource) -> Verdict {
    let profile = match attr(r, "profile") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(p)) => p.as_str(),
        _ => "COMPATIBLE",
    };
    match profile {
        "RESTRICTED" => Verdict::Pass,
        "MODERN" => match attr(r, "min_tls_version") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            Some(Value::String(t)) if t == "TLS_1_2" => Verdict::Pass,
            _ => fail(
                "min_tls_version",
                "The MODERN profile admits TLS below 1.2 (`min_tls_version` is not TLS_1_2).",
            ),
        },
        "CUSTOM" => match r.attributes.get("custom_features") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            Some(v) => match strings(v) {
                None => Verdict::Unknown,
                Some(features) => match features.iter().find(|f| WEAK_CIPHERS.contains(&f.as_str())) {
                    Some(f) => fail("custom_features", format!("The policy enables the weak cipher suite {f}.")),
                    None => Verdict::Pass,
                },
            },
            None => fail("custom_features", "The CUSTOM profile lists no features."),
        },
        p => fail(
            "profile",
            format!("The {p} profile admits weak cipher suites (use RESTRICTED, or MODERN with TLS 1.2)."),
        ),
    }
}

fn gke_labels(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "resource_labels") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::Object(m)) if !m.is_empty() => Verdict::Pass,
        _ => fail(
            "resource_labels",
            "The cluster has no labels (`resource_labels`).",
        ),
    }
}

fn dns_rsasha1(_: &Ctx, r: &Resource) -> Verdict {
    let Some(config) = attr(r, "dnssec_config") else {
        return Verdict::Pass;
    };
    let specs = as_blocks(config.get("default_key_specs"));
    for spec in specs {
        match spec.get("algorithm") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(a)) if a.eq_ignore_ascii_case("rsasha1") => {
                let kind = spec
                    .get("key_type")
                    .and_then(Value::as_str)
                    .unwrap_or("key");
                return fail(
                    "dnssec_config",
                    format!("DNSSEC signs with RSASHA1 (the {kind} algorithm)."),
                );
            }
            _ => {}
        }
    }
    Verdict::Pass
}

fn audit_config_complete(r: &Resource) -> Option<bool> {
    match attr(r, "service") {
        Some(v) if !v.is_known() => return None,
        Some(Value::String(s)) if s == "allServices" => {}
        _ => return Some(false),
    }
    for config in blocks(r, "audit_log_config") {
        match config.get("exempted_members") {
            Some(v) if !v.is_known() => return None,
            Some(Value::List(m)) if !m.is_empty() => return Some(false),
            _ => {}
        }
    }
    Some(true)
}

fn project_audit_logging(ctx: &Ctx, r: &Resource) -> Verdict {
    let configs = ctx.related(
        "google_project_iam_audit_config",
        "project",
        r,
        &["project_id"],
    );
    let mut unknown = false;
    for c in &configs {
        match audit_config_complete(c) {
            Some(true) => return Verdict::Pass,
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown {
        return Verdict::Unknown;
    }
    fail(
        "project_id",
        if configs.is_empty() {
            "No google_project_iam_audit_config configures the project's audit logs."
        } else {
            "No audit config of the project covers allServices without exempted members."
        },
    )
}

/// Whether a Cloud Armor rule expression evaluates Google's Log4j (cve-canary) rules.
fn is_log4j_expression(e: &str) -> bool {
    (e.contains("evaluatePreconfiguredExpr(") || e.contains("evaluatePreconfiguredWaf("))
        && e.contains("'cve-canary'")
}

/// How a Cloud Armor rule that evaluates the Log4j rules is written: `Some(true)` when it
/// blocks, `Some(false)` when only in preview or allowing; `None` when it is not such a rule.
fn log4j_rule_blocks(rule: &Value) -> Option<bool> {
    let expression = rule
        .get("match")
        .map(first)
        .and_then(|m| m.get("expr"))
        .map(first)
        .and_then(|e| e.get("expression"))
        .and_then(Value::as_str)?;
    if !is_log4j_expression(expression) {
        return None;
    }
    let preview = rule.get("preview").and_then(Value::as_bool) == Some(true);
    let allow = rule.get("action").and_then(Value::as_str) == Some("allow");
    Some(!preview && !allow)
}

fn armor_log4j(ctx: &Ctx, r: &Resource) -> Verdict {
    let own = blocks(r, "rule").into_iter().filter_map(log4j_rule_blocks);
    let separate = ctx
        .related(
            "google_compute_security_policy_rule",
            "security_policy",
            r,
            &["name"],
        )
        .into_iter()
        .map(|rule| Value::Object((*rule.attributes).clone()))
        .filter_map(|rule| log4j_rule_blocks(&rule))
        .collect::<Vec<_>>();
    match own.chain(separate).next() {
        Some(true) => Verdict::Pass,
        Some(false) => fail(
            "rule",
            "The Log4j (cve-canary) rule only previews or allows: requests exploiting CVE-2021-44228 pass.",
        ),
        None => fail(
            "rule",
            "No rule evaluates the preconfigured Log4j (cve-canary) expression.",
        ),
    }
}

/// The claims of a GitHub token's subject that do not name a repository.
const GITHUB_NON_REPO_CLAIMS: &[&str] = &[
    "workflow",
    "environment",
    "ref",
    "ref_type",
    "context",
    "head_ref",
    "base_ref",
    "job_workflow_ref",
    "event_name",
    "actor",
];

fn github_oidc_trust(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "oidc.issuer_uri") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(u)) if u == "https://token.actions.githubusercontent.com" => {}
        _ => return Verdict::Pass,
    }
    match attr(r, "attribute_mapping") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(m) if m.get("google.subject").is_some() => {}
        _ => {
            return fail(
                "attribute_mapping",
                "The GitHub provider maps no `google.subject`.",
            )
        }
    }
    let condition = match attr(r, "attribute_condition") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(c)) if !c.trim().is_empty() => c.as_str(),
        _ => {
            return fail(
                "attribute_condition",
                "Any GitHub repository's workflows can use the pool: no `attribute_condition`.",
            )
        }
    };
    let sub = condition
        .split_once("assertion.sub")
        .and_then(|(_, rest)| rest.trim_start().strip_prefix("=="))
        .map(|rest| rest.trim_start())
        .and_then(|rest| {
            let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            rest[1..].split(quote).next()
        });
    let Some(sub) = sub else {
        return fail(
            "attribute_condition",
            "The condition does not pin the token's subject (`assertion.sub == 'repo:<org>/<repo>:…'`).",
        );
    };
    let mut parts = sub.split(':');
    let (kind, value) = (parts.next().unwrap_or(""), parts.next());
    let weak = match value {
        None => true,
        Some(v) => {
            kind == "*"
                || v == "*"
                || GITHUB_NON_REPO_CLAIMS.contains(&kind)
                || (kind == "repo"
                    && !v
                        .split_once('/')
                        .is_some_and(|(o, n)| !o.is_empty() && !n.is_empty() && !o.contains('*')))
        }
    };
    if weak {
        fail(
            "attribute_condition",
            format!("The subject condition \"{sub}\" does not pin one repository's workflows."),
        )
    } else {
        Verdict::Pass
    }
}

fn cloud_function_https(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "trigger_http")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        Ok(_) => return Verdict::Pass,
    }
    match attr(r, "https_trigger_security_level") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(s)) if s == "SECURE_ALWAYS" => Verdict::Pass,
        _ => fail(
            "https_trigger_security_level",
            "The HTTP trigger also answers plain HTTP (`https_trigger_security_level` is not SECURE_ALWAYS).",
        ),
    }
}

fn workbench_cmk(_: &Ctx, r: &Resource) -> Verdict {
    let set = |path: &str| !matches!(attr(r, path), None | Some(Value::Null));
    if !set("gce_setup.boot_disk.kms_key") {
        return fail(
            "gce_setup",
            "The boot disk is encrypted with a Google-managed key (no `boot_disk.kms_key`).",
        );
    }
    if set("gce_setup.data_disks") && !set("gce_setup.data_disks.kms_key") {
        return fail(
            "gce_setup",
            "The data disk is encrypted with a Google-managed key (no `data_disks.kms_key`).",
        );
    }
    Verdict::Pass
}

fn notebook_cmk(_: &Ctx, r: &Resource) -> Verdict {
    let cmek = attr(r, "disk_encryption").and_then(Value::as_str) == Some("CMEK");
    let key = !matches!(attr(r, "kms_key"), None | Some(Value::Null));
    match attr(r, "disk_encryption") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        _ if cmek && key => Verdict::Pass,
        _ => fail(
            "disk_encryption",
            "The instance's disks are not encrypted with a customer-managed key (`disk_encryption = \"CMEK\"` and `kms_key`).",
        ),
    }
}

fn gke_public_control_plane(_: &Ctx, r: &Resource) -> Verdict {
    let Some(config) = attr(r, "master_authorized_networks_config") else {
        return Verdict::Pass;
    };
    let cidrs = as_blocks(config.get("cidr_blocks"));
    for c in cidrs {
        match c.get("cidr_block") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(b)) if is_world(b) => {
                return fail(
                    "master_authorized_networks_config",
                    format!("The control plane authorizes {b}: it is open to the internet."),
                )
            }
            _ => {}
        }
    }
    Verdict::Pass
}

fn gke_binary_authorization(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "binary_authorization.evaluation_mode") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(m)) if m == "PROJECT_SINGLETON_POLICY_ENFORCE" => return Verdict::Pass,
        _ => {}
    }
    for path in [
        "binary_authorization.enabled",
        "enable_binary_authorization",
    ] {
        match bool_of(attr(r, path)) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(true)) => return Verdict::Pass,
            Ok(_) => {}
        }
    }
    fail(
        "binary_authorization",
        "Binary Authorization is not enforced: any image can run on the cluster.",
    )
}

fn gke_secure_boot(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "node_config").is_none() {
        return Verdict::Pass;
    }
    match bool_of(attr(r, "node_config.shielded_instance_config.enable_secure_boot")) {
        Err(_) => Verdict::Unknown,
        Ok(Some(true)) => Verdict::Pass,
        Ok(_) => fail(
            "node_config",
            "Nodes boot without Secure Boot (`shielded_instance_config.enable_secure_boot` is not true).",
        ),
    }
}

fn gke_inline_node_pool(_: &Ctx, r: &Resource) -> Verdict {
    if blocks(r, "node_pool").is_empty() || bool_true(r, "remove_default_node_pool") {
        return Verdict::Pass;
    }
    fail(
        "node_pool",
        "Node pools are declared inside the cluster: changing or removing one recreates the cluster.",
    )
}

/// Whether an email is a project's Compute Engine default service account.
fn is_compute_default_sa(email: &str) -> bool {
    email
        .strip_suffix("-compute@developer.gserviceaccount.com")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn is_gke_node(r: &Resource) -> bool {
    attr(r, "name")
        .and_then(Value::as_str)
        .is_some_and(|n| n.starts_with("gke-"))
}

/// Whether an email value is the Compute Engine default service account's: written, or
/// read from `data.google_compute_default_service_account`.
fn is_default_sa_value(v: &Value) -> Result<bool, Unknowable> {
    match v {
        Value::String(e) => Ok(is_compute_default_sa(e)),
        v if !v.is_known() => {
            if v.any_unknown_ref(&mut |r| {
                r.contains("data.google_compute_default_service_account.")
            }) {
                Ok(true)
            } else {
                Err(Unknowable)
            }
        }
        _ => Ok(false),
    }
}

fn compute_default_sa(_: &Ctx, r: &Resource) -> Verdict {
    if is_gke_node(r) {
        return Verdict::Pass;
    }
    match attr(r, "service_account") {
        None | Some(Value::Null) => Verdict::Pass,
        Some(sa) => match sa.get("email") {
            Some(v) if !v.is_known() => match is_default_sa_value(v) {
                Ok(true) => fail(
                    "service_account",
                    "The instance runs as the Compute Engine default service account (from data.google_compute_default_service_account).",
                ),
                _ => Verdict::Unknown,
            },
            Some(Value::String(e)) if !is_compute_default_sa(e) => Verdict::Pass,
            Some(Value::String(e)) => fail(
                "service_account",
                format!("The instance runs as the Compute Engine default service account {e}."),
            ),
            _ => fail(
                "service_account",
                "The instance runs as the Compute Engine default service account (no `email`).",
            ),
        },
    }
}

fn compute_default_sa_full_access(_: &Ctx, r: &Resource) -> Verdict {
    if is_gke_node(r) {
        return Verdict::Pass;
    }
    let Some(sa) = attr(r, "service_account").filter(|v| !matches!(v, Value::Null)) else {
        return Verdict::Pass;
    };
    match sa.get("email").map(is_default_sa_value) {
        Some(Err(_)) => return Verdict::Unknown,
        Some(Ok(false)) => return Verdict::Pass,
        _ => {}
    }
    let Some(scopes) = sa.get("scopes").map_or(Some(Vec::new()), strings) else {
        return Verdict::Unknown;
    };
    if scopes
        .iter()
        .any(|s| s == "cloud-platform" || s == "https://www.googleapis.com/auth/cloud-platform")
    {
        return fail(
            "service_account",
            "The instance runs as the default service account with full access to all Cloud APIs (scope cloud-platform).",
        );
    }
    Verdict::Pass
}

fn iam_basic_role(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "role") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(role))
            if matches!(
                role.as_str(),
                "roles/owner" | "roles/editor" | "roles/viewer"
            ) =>
        {
            fail(
                "role",
                format!("The basic role {role} is granted: it spans every service."),
            )
        }
        _ => Verdict::Pass,
    }
}

fn project_metadata_os_login(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "metadata") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(m) => match m.get("enable-oslogin") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            Some(v) if metadata_true(v) => Verdict::Pass,
            _ => fail(
                "metadata",
                "OS Login is not enabled for the project (`enable-oslogin` is not TRUE).",
            ),
        },
        None => fail(
            "metadata",
            "OS Login is not enabled for the project (`enable-oslogin` is not TRUE).",
        ),
    }
}

fn pubsub_topic_iam_public(ctx: &Ctx, r: &Resource) -> Verdict {
    iam_grant_public(ctx, r, "topic")
}
fn bigquery_table_iam_public(ctx: &Ctx, r: &Resource) -> Verdict {
    iam_grant_public(ctx, r, "table")
}
fn artifact_registry_iam_public(ctx: &Ctx, r: &Resource) -> Verdict {
    iam_grant_public(ctx, r, "repository")
}
fn cloud_run_iam_public(ctx: &Ctx, r: &Resource) -> Verdict {
    iam_grant_public(ctx, r, "service")
}
fn dataproc_iam_public(ctx: &Ctx, r: &Resource) -> Verdict {
    iam_grant_public(ctx, r, "cluster")
}
fn cloud_function_iam_public(ctx: &Ctx, r: &Resource) -> Verdict {
    iam_grant_public(ctx, r, "function")
}

fn cloud_function_ingress(_: &Ctx, r: &Resource) -> Verdict {
    let (path, at) = if r.resource_type == "google_cloudfunctions2_function" {
        ("service_config.ingress_settings", "service_config")
    } else {
        ("ingress_settings", "ingress_settings")
    };
    match attr(r, path) {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(s)) if s == "ALLOW_INTERNAL_ONLY" || s == "ALLOW_INTERNAL_AND_GCLB" => {
            Verdict::Pass
        }
        _ => fail(
            at,
            "The function accepts requests from the internet (`ingress_settings` is ALLOW_ALL or unset).",
        ),
    }
}

fn project_container_scanning(_: &Ctx, r: &Resource) -> Verdict {
    let Some(services) = r
        .attributes
        .get("services")
        .map_or(Some(Vec::new()), strings)
    else {
        return Verdict::Unknown;
    };
    if services
        .iter()
        .any(|s| s == "containerscanning.googleapis.com")
    {
        Verdict::Pass
    } else {
        fail(
            "services",
            "Container vulnerability scanning is not enabled (containerscanning.googleapis.com is not among the services).",
        )
    }
}

/// The (major, minor) of a GKE version string (`1.23.5-gke.1`); `None` when unreadable.
fn gke_version(v: &str) -> Option<(u32, u32)> {
    let mut parts = v.split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    Some((major, minor))
}

/// The version at `path` when it is below `below` (a legacy cluster a rule still covers);
/// `Err` when unknown, `Ok(None)` when absent, unreadable or not below.
fn gke_version_below(
    r: &Resource,
    path: &str,
    below: (u32, u32),
) -> Result<Option<String>, Unknowable> {
    match attr(r, path) {
        Some(v) if !v.is_known() => Err(Unknowable),
        Some(Value::String(s)) => Ok(gke_version(s).filter(|v| *v < below).map(|_| s.clone())),
        _ => Ok(None),
    }
}

fn gke_cos_image(_: &Ctx, r: &Resource) -> Verdict {
    let version = match gke_version_below(r, "version", (1, 24)) {
        Err(_) => return Verdict::Unknown,
        Ok(None) => return Verdict::Pass,
        Ok(Some(v)) => v,
    };
    match attr(r, "node_config.image_type") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(i)) if i.to_ascii_lowercase().starts_with("cos") => Verdict::Pass,
        _ => fail(
            "node_config",
            format!("Nodes of GKE {version} do not run Container-Optimized OS (`node_config.image_type` is not COS)."),
        ),
    }
}

fn gke_pod_security_policy(_: &Ctx, r: &Resource) -> Verdict {
    let version = match gke_version_below(r, "min_master_version", (1, 25)) {
        Err(_) => return Verdict::Unknown,
        Ok(None) => return Verdict::Pass,
        Ok(Some(v)) => v,
    };
    match bool_of(attr(r, "pod_security_policy_config.enabled")) {
        Err(_) => Verdict::Unknown,
        Ok(Some(true)) => Verdict::Pass,
        Ok(_) => fail(
            "pod_security_policy_config",
            format!("GKE {version} runs without the PodSecurityPolicy admission controller."),
        ),
    }
}

const BUCKETS: &[&str] = &["google_storage_bucket"];
const FIREWALLS: &[&str] = &["google_compute_firewall"];
const SQL: &[&str] = &["google_sql_database_instance"];
const GKE: &[&str] = &["google_container_cluster"];
const INSTANCES: &[&str] = &[
    "google_compute_instance",
    "google_compute_instance_template",
];
const INSTANCES_AND_FROM_TEMPLATE: &[&str] = &[
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_instance_from_template",
];
const PROJECT_IAM: &[&str] = &["google_project_iam_member", "google_project_iam_binding"];

/// The rules of this platform, one row each.
pub(crate) static RULES: &[Rule] = &[
    Rule {
        id: "kali/gcp-storage-uniform-access",
        title: "Storage bucket does not use uniform bucket-level access",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: Some(("cis_gcp", "5.2")),
        checkov: &["CKV_GCP_29"],
        description: "Object ACLs can grant access that bucket IAM does not show.",
        remediation: "Set uniform_bucket_level_access = true.",
        target: Target::Resources(
            BUCKETS,
            is_true(
                "uniform_bucket_level_access",
                "Uniform bucket-level access is not enabled (object ACLs apply).",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-storage-public-prevention",
        title: "Storage bucket does not enforce public access prevention",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: Some(("cis_gcp", "5.1")),
        checkov: &["CKV_GCP_114"],
        description: "public_access_prevention is not \"enforced\".",
        remediation: "Set public_access_prevention = \"enforced\".",
        target: Target::Resources(
            BUCKETS,
            one_of(
                "public_access_prevention",
                &["enforced"],
                "Public access prevention is not enforced.",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-storage-public",
        title: "Storage bucket is public",
        severity: Severity::Critical,
        category: Category::PublicAccess,
        cis: Some(("cis_gcp", "5.1")),
        checkov: &["CKV_GCP_28"],
        description: "An IAM member or binding grants allUsers or allAuthenticatedUsers.",
        remediation: "Grant named principals only.",
        target: Target::Resources(
            &["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"],
            Check::Function(iam_public),
        ),
    },
    Rule {
        id: "kali/gcp-storage-versioning",
        title: "Storage bucket versioning is not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_GCP_78"],
        description: "Overwritten or deleted objects cannot be recovered.",
        remediation: "Add versioning { enabled = true }.",
        target: Target::Resources(
            BUCKETS,
            is_true("versioning.enabled", "Object versioning is not enabled."),
        ),
    },
    Rule {
        id: "kali/gcp-storage-logging",
        title: "Storage bucket access logging is not configured",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_62"],
        description: "No logging block.",
        remediation: "Add logging { log_bucket = … }.",
        target: Target::Resources(BUCKETS, present("logging", "Access logging is not configured.")),
    },
    Rule {
        id: "kali/gcp-firewall-ssh-open",
        title: "Firewall allows SSH from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: Some(("cis_gcp", "3.6")),
        checkov: &["CKV_GCP_2"],
        description: "An ingress rule admits 0.0.0.0/0 to port 22.",
        remediation: "Restrict source_ranges, or use IAP TCP forwarding (35.235.240.0/20).",
        target: Target::Resources(FIREWALLS, Check::Function(firewall_ssh)),
    },
    Rule {
        id: "kali/gcp-firewall-rdp-open",
        title: "Firewall allows RDP from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: Some(("cis_gcp", "3.7")),
        checkov: &["CKV_GCP_3"],
        description: "An ingress rule admits 0.0.0.0/0 to port 3389.",
        remediation: "Restrict source_ranges.",
        target: Target::Resources(FIREWALLS, Check::Function(firewall_rdp)),
    },
    Rule {
        id: "kali/gcp-sql-no-ssl",
        title: "Cloud SQL accepts connections without SSL",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        cis: Some(("cis_gcp", "6.4")),
        checkov: &["CKV_GCP_6"],
        description: "ssl_mode is not ENCRYPTED_ONLY (or require_ssl is not true).",
        remediation: "Set settings.ip_configuration.ssl_mode = \"ENCRYPTED_ONLY\".",
        target: Target::Resources(SQL, Check::Function(sql_ssl)),
    },
    Rule {
        id: "kali/gcp-sql-open-network",
        title: "Cloud SQL authorizes the whole internet",
        severity: Severity::Critical,
        category: Category::PublicAccess,
        cis: Some(("cis_gcp", "6.5")),
        checkov: &["CKV_GCP_11"],
        description: "An authorized network is 0.0.0.0/0.",
        remediation: "Authorize specific networks, or use private IP.",
        target: Target::Resources(SQL, Check::Function(sql_public_networks)),
    },
    Rule {
        id: "kali/gcp-sql-public-ip",
        title: "Cloud SQL has a public IP address",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: Some(("cis_gcp", "6.6")),
        checkov: &["CKV_GCP_60"],
        description: "ipv4_enabled is not false.",
        remediation: "Set ipv4_enabled = false and use private_network.",
        target: Target::Resources(
            SQL,
            is_false(
                "settings.ip_configuration.ipv4_enabled",
                "The instance has a public IPv4 address.",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-sql-backups",
        title: "Cloud SQL backups are not enabled",
        severity: Severity::Medium,
        category: Category::Backup,
        cis: Some(("cis_gcp", "6.7")),
        checkov: &["CKV_GCP_14"],
        description: "backup_configuration.enabled is not true. Read replicas, which cannot take backups, are exempt.",
        remediation: "Add backup_configuration { enabled = true }.",
        target: Target::Resources(
            SQL,
            is_true("settings.backup_configuration.enabled", "Automated backups are not enabled.")
                .unless(&[Condition::Set("master_instance_name")]),
        ),
    },
    Rule {
        id: "kali/gcp-gke-legacy-abac",
        title: "GKE legacy ABAC is enabled",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_7"],
        description: "enable_legacy_abac = true bypasses RBAC.",
        remediation: "Set enable_legacy_abac = false.",
        target: Target::Resources(
            GKE,
            not_true("enable_legacy_abac", "Legacy ABAC authorization is enabled."),
        ),
    },
    Rule {
        id: "kali/gcp-gke-network-policy",
        title: "GKE network policy is not enabled",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_12"],
        description: "Every pod can reach every other pod.",
        remediation: "Add network_policy { enabled = true } or use Dataplane V2.",
        target: Target::Resources(
            GKE,
            is_true(
                "network_policy.enabled",
                "Network policy is not enabled.",
            )
            .unless(&[Condition::Equals("datapath_provider", "ADVANCED_DATAPATH")]),
        ),
    },
    Rule {
        id: "kali/gcp-gke-private-nodes",
        title: "GKE nodes have public IP addresses",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_25"],
        description: "private_cluster_config.enable_private_nodes is not true.",
        remediation: "Add private_cluster_config { enable_private_nodes = true }.",
        target: Target::Resources(
            GKE,
            is_true(
                "private_cluster_config.enable_private_nodes",
                "Nodes have public IP addresses (no private cluster config).",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-gke-master-networks",
        title: "GKE control plane accepts any address",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_20"],
        description: "No master_authorized_networks_config.",
        remediation: "Add master_authorized_networks_config with your CIDRs.",
        target: Target::Resources(
            GKE,
            present(
                "master_authorized_networks_config",
                "The control plane accepts connections from any address (no master_authorized_networks_config).",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-gke-client-certificate",
        title: "GKE issues a client certificate",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_GCP_13"],
        description: "issue_client_certificate = true creates a long-lived admin credential.",
        remediation: "Set issue_client_certificate = false.",
        target: Target::Resources(
            GKE,
            not_true(
                "master_auth.client_certificate_config.issue_client_certificate",
                "A client certificate is issued for the cluster.",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-gke-metadata-server",
        title: "GKE pods can read the node metadata server",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_69"],
        description: "Workload metadata is not GKE_METADATA, so pods can read node credentials.",
        remediation: "Enable Workload Identity and node_config.workload_metadata_config { mode = \"GKE_METADATA\" }.",
        target: Target::Resources(
            &["google_container_cluster", "google_container_node_pool"],
            Check::Function(gke_workload_metadata),
        ),
    },
    Rule {
        id: "kali/gcp-iam-primitive-role-sa",
        title: "Service account has a primitive owner or editor role",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: Some(("cis_gcp", "1.5")),
        checkov: &["CKV_GCP_42"],
        description: "roles/owner or roles/editor granted to a service account.",
        remediation: "Grant predefined roles with the permissions needed.",
        target: Target::Resources(PROJECT_IAM, Check::Function(iam_primitive_roles)),
    },
    Rule {
        id: "kali/gcp-iam-sa-user-project",
        title: "Service Account User granted project-wide",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: Some(("cis_gcp", "1.6")),
        checkov: &["CKV_GCP_41"],
        description: "roles/iam.serviceAccountUser or TokenCreator on the project lets members act as every service account.",
        remediation: "Grant it on the service account that is needed.",
        target: Target::Resources(PROJECT_IAM, Check::Function(iam_sa_user_project)),
    },
    Rule {
        id: "kali/gcp-compute-public-ip",
        title: "Compute instance has an external IP address",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: Some(("cis_gcp", "4.9")),
        checkov: &["CKV_GCP_40"],
        description: "A network interface has an access_config.",
        remediation: "Remove access_config; use Cloud NAT and IAP.",
        target: Target::Resources(INSTANCES, Check::Function(compute_public_ip)),
    },
    Rule {
        id: "kali/gcp-compute-project-ssh-keys",
        title: "Compute instance accepts project-wide SSH keys",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: Some(("cis_gcp", "4.3")),
        checkov: &["CKV_GCP_32"],
        description: "metadata block-project-ssh-keys is not true.",
        remediation: "Set metadata = { block-project-ssh-keys = true }.",
        target: Target::Resources(
            INSTANCES_AND_FROM_TEMPLATE,
            Check::Function(compute_project_ssh_keys),
        ),
    },
    Rule {
        id: "kali/gcp-compute-serial-port",
        title: "Compute instance serial port is enabled",
        severity: Severity::Medium,
        category: Category::Network,
        cis: Some(("cis_gcp", "4.5")),
        checkov: &["CKV_GCP_35"],
        description: "metadata serial-port-enable = true.",
        remediation: "Remove serial-port-enable.",
        target: Target::Resources(INSTANCES, Check::Function(compute_serial_port)),
    },
    Rule {
        id: "kali/gcp-compute-shielded-vm",
        title: "Compute instance turns Shielded VM features off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: Some(("cis_gcp", "4.8")),
        checkov: &["CKV_GCP_39"],
        description: "enable_vtpm or enable_integrity_monitoring is false.",
        remediation: "Leave vTPM and integrity monitoring on.",
        target: Target::Resources(INSTANCES, Check::Function(compute_shielded)),
    },
    Rule {
        id: "kali/gcp-network-no-firewall",
        title: "VPC network has no firewall rule of its own",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_GCP_18"],
        description: "No google_compute_firewall names the network (nor is a network firewall policy attached to it), so its traffic is governed only by the implied rules and whatever is added by hand outside the configuration.",
        remediation: "Declare the network's firewall rules beside it: google_compute_firewall with network = google_compute_network.<name>.name.",
        target: Target::Resources(
            &["google_compute_network"],
            joined(
                None,
                FIREWALL_OF_NETWORK,
                "name",
                "No firewall rule in the configuration applies to the network.",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-subnet-private-google-access",
        title: "Subnet does not have Private Google Access",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_74"],
        description: "private_ip_google_access is not true, so instances without external addresses cannot reach Google APIs privately. Proxy-only subnets are exempt.",
        remediation: "Set private_ip_google_access = true.",
        target: Target::Resources(
            &["google_compute_subnetwork"],
            is_true(
                "private_ip_google_access",
                "Private Google Access is off (`private_ip_google_access` is not true).",
            )
            .unless(PROXY_ONLY_SUBNETS),
        ),
    },
    Rule {
        id: "kali/gcp-subnet-flow-logs",
        title: "Subnet does not record VPC flow logs",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_26"],
        description: "The subnet has no log_config block, so its traffic is not recorded. Proxy-only subnets, which cannot log, are exempt.",
        remediation: "Add log_config { aggregation_interval = \"INTERVAL_5_SEC\" flow_sampling = 0.5 metadata = \"INCLUDE_ALL_METADATA\" }.",
        target: Target::Resources(
            &["google_compute_subnetwork"],
            present("log_config", "VPC flow logs are off (no `log_config` block).")
                .unless(PROXY_ONLY_SUBNETS),
        ),
    },
    Rule {
        id: "kali/gcp-firewall-all-open",
        title: "Firewall allows every protocol and port from the internet",
        severity: Severity::Critical,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_GCP_12"],
        description: "An enabled ingress rule allows protocol \"all\" from 0.0.0.0/0 or ::/0.",
        remediation: "Allow only the protocols and ports needed, from the ranges that need them.",
        target: Target::Resources(FIREWALLS, Check::Function(firewall_all_ports)),
    },
    Rule {
        id: "kali/gcp-project-legacy-network",
        title: "Project has an auto-mode network",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_GCP_2"],
        description: "A google_compute_network of the project sets auto_create_subnetworks = true, creating a subnet in every region with predictable ranges.",
        remediation: "Set auto_create_subnetworks = false and declare the subnets needed.",
        target: Target::Resources(&["google_project"], Check::Function(project_legacy_network)),
    },
    Rule {
        id: "kali/gcp-subnet-ipv6-private-google-access",
        title: "Dual-stack subnet does not have Private Google Access for IPv6",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_76"],
        description: "A subnet with stack_type IPV4_IPV6 does not set private_ipv6_google_access to an enabling value. Proxy-only and IPv4-only subnets are exempt.",
        remediation: "Set private_ipv6_google_access = \"ENABLE_OUTBOUND_VM_ACCESS_TO_GOOGLE\".",
        target: Target::Resources(
            &["google_compute_subnetwork"],
            one_of(
                "private_ipv6_google_access",
                &[
                    "ENABLE_OUTBOUND_VM_ACCESS_TO_GOOGLE",
                    "ENABLE_BIDIRECTIONAL_ACCESS_TO_GOOGLE",
                ],
                "Private Google Access for IPv6 is off (`private_ipv6_google_access`).",
            )
            .unless(NOT_DUAL_STACK_SUBNETS),
        ),
    },
    Rule {
        id: "kali/gcp-compute-boot-disk-csek",
        title: "Compute instance boot disk is not encrypted with a customer key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_38"],
        description: "boot_disk sets none of disk_encryption_key_raw, disk_encryption_key_rsa or kms_key_self_link, so the disk uses a Google-managed key.",
        remediation: "Set boot_disk.kms_key_self_link to a Cloud KMS key (or supply a CSEK).",
        target: Target::Resources(
            &["google_compute_instance"],
            Check::Function(compute_boot_disk_csek),
        ),
    },
    Rule {
        id: "kali/gcp-gke-default-service-account",
        title: "GKE nodes run as the Compute Engine default service account",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_GCP_1"],
        description: "A cluster or node pool's node_config.service_account refers to the project's default service accounts resource, which is broadly privileged.",
        remediation: "Create a dedicated least-privilege google_service_account for the nodes and set node_config.service_account to its email.",
        target: Target::Resources(
            &["google_project_default_service_accounts"],
            Check::Function(gke_default_service_account),
        ),
    },
    Rule {
        id: "kali/gcp-container-registry-public",
        title: "Container Registry is public",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_GCP_9"],
        description: "A bucket IAM member or binding on the registry's bucket grants allUsers or allAuthenticatedUsers.",
        remediation: "Grant the registry's bucket to named principals only.",
        target: Target::Resources(
            &["google_container_registry"],
            Check::Function(container_registry_public),
        ),
    },
    Rule {
        id: "kali/gcp-kms-key-public",
        title: "KMS crypto key is public",
        severity: Severity::Critical,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV2_GCP_6"],
        description: "A google_kms_crypto_key_iam_member or _binding on the key grants allUsers or allAuthenticatedUsers.",
        remediation: "Grant the key to named principals only.",
        target: Target::Resources(&["google_kms_crypto_key"], Check::Function(kms_key_public)),
    },
    Rule {
        id: "kali/gcp-kms-key-iam-public",
        title: "KMS crypto key IAM grants the public",
        severity: Severity::Critical,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_GCP_112"],
        description: "A KMS crypto key IAM member, binding or policy names allUsers or allAuthenticatedUsers.",
        remediation: "Grant the key to named principals only.",
        target: Target::Resources(
            &[
                "google_kms_crypto_key_iam_policy",
                "google_kms_crypto_key_iam_binding",
                "google_kms_crypto_key_iam_member",
            ],
            Check::Function(kms_key_iam_public),
        ),
    },
    Rule {
        id: "kali/gcp-kms-key-ring-public",
        title: "KMS key ring is public",
        severity: Severity::Critical,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV2_GCP_8"],
        description: "A google_kms_key_ring_iam_member or _binding on the key ring grants allUsers or allAuthenticatedUsers.",
        remediation: "Grant the key ring to named principals only.",
        target: Target::Resources(&["google_kms_key_ring"], Check::Function(kms_key_ring_public)),
    },
    Rule {
        id: "kali/gcp-sql-mysql-root-no-password",
        title: "Cloud SQL MySQL root user has no password",
        severity: Severity::High,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV2_GCP_7"],
        description: "A google_sql_user named root… of a MySQL instance sets no password, so anyone who can reach the instance can connect as an administrator.",
        remediation: "Set a password on the user (from a secret manager), or do not declare a root user.",
        target: Target::Resources(SQL, Check::Function(sql_root_without_password)),
    },
    Rule {
        id: "kali/gcp-compute-ip-forwarding",
        title: "Compute instance can forward IP packets",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_36"],
        description: "can_ip_forward = true lets the instance send and receive packets for other addresses. GKE nodes (names starting gke-) are exempt.",
        remediation: "Remove can_ip_forward unless the instance is a router or NAT.",
        target: Target::Resources(INSTANCES_AND_FROM_TEMPLATE, Check::Function(compute_ip_forward)),
    },
    Rule {
        id: "kali/gcp-gke-logging-off",
        title: "GKE cluster logging is turned off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_1"],
        description: "logging_service is \"none\", so cluster and workload logs are not sent to Cloud Logging.",
        remediation: "Remove logging_service (or set it to \"logging.googleapis.com/kubernetes\").",
        target: Target::Resources(
            GKE,
            none_of("logging_service", &["none"], "Cluster logging is off"),
        ),
    },
    Rule {
        id: "kali/gcp-gke-monitoring-off",
        title: "GKE cluster monitoring is turned off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_8"],
        description: "monitoring_service is \"none\", so cluster metrics are not sent to Cloud Monitoring.",
        remediation: "Remove monitoring_service (or set it to \"monitoring.googleapis.com/kubernetes\").",
        target: Target::Resources(
            GKE,
            none_of("monitoring_service", &["none"], "Cluster monitoring is off"),
        ),
    },
    Rule {
        id: "kali/gcp-gke-alpha",
        title: "GKE cluster enables Kubernetes alpha features",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV2_GCP_19"],
        description: "enable_kubernetes_alpha = true: alpha clusters are unsupported, not upgraded and expire after 30 days.",
        remediation: "Remove enable_kubernetes_alpha.",
        target: Target::Resources(
            GKE,
            not_true(
                "enable_kubernetes_alpha",
                "Kubernetes alpha features are enabled (`enable_kubernetes_alpha` is true).",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-log-sink-bucket-unlocked",
        title: "Log sink writes to a bucket without a locked retention policy",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_4"],
        description: "A logging sink's destination is a storage bucket whose retention_policy is not locked, so exported logs can be deleted or shortened.",
        remediation: "Add retention_policy { retention_period = … is_locked = true } to the bucket.",
        target: Target::Resources(
            &[
                "google_logging_project_sink",
                "google_logging_folder_sink",
                "google_logging_organization_sink",
            ],
            Check::Function(sink_bucket_lock),
        ),
    },
    Rule {
        id: "kali/gcp-kms-rotation",
        title: "KMS key is not rotated within 90 days",
        severity: Severity::Medium,
        category: Category::KeyManagement,
        cis: Some(("cis_gcp", "1.10")),
        checkov: &["CKV_GCP_43"],
        description: "A symmetric google_kms_crypto_key has no rotation_period, or one outside 1 to 90 days. Asymmetric keys, which cannot rotate automatically, are exempt.",
        remediation: "Set rotation_period = \"7776000s\" (90 days) or less.",
        target: Target::Resources(&["google_kms_crypto_key"], Check::Function(kms_rotation)),
    },
    Rule {
        id: "kali/gcp-storage-self-logging",
        title: "Storage bucket logs to itself",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_63"],
        description: "logging.log_bucket is the bucket's own name: whoever can change the bucket can change its access logs.",
        remediation: "Send access logs to a separate bucket.",
        target: Target::Resources(BUCKETS, Check::Function(storage_self_logging)),
    },
    Rule {
        id: "kali/gcp-service-account-uploaded-key",
        title: "Service account key is user-managed",
        severity: Severity::Medium,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV2_GCP_3"],
        description: "google_service_account_key sets public_key_data: the key pair was made outside Google and its private half must be kept and rotated by hand.",
        remediation: "Use Workload Identity or service account impersonation instead of keys.",
        target: Target::Resources(
            &["google_service_account_key"],
            Check::Function(service_account_uploaded_key),
        ),
    },
    Rule {
        id: "kali/gcp-forwarding-rule-http",
        title: "External regional load balancer serves plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_GCP_37"],
        description: "A forwarding rule whose scheme is EXTERNAL (the default) or EXTERNAL_MANAGED targets an HTTP proxy. Checkov passes EXTERNAL_MANAGED; it is as unencrypted.",
        remediation: "Target a google_compute_region_target_https_proxy with a certificate.",
        target: Target::Resources(
            &["google_compute_forwarding_rule"],
            Check::Function(forwarding_rule_http),
        ),
    },
    Rule {
        id: "kali/gcp-global-forwarding-rule-http",
        title: "External global load balancer serves plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_GCP_38"],
        description: "A global forwarding rule whose scheme is EXTERNAL (the default) or EXTERNAL_MANAGED targets an HTTP proxy. Checkov passes EXTERNAL_MANAGED, and a reference to google_compute_target_http_proxy; both are as unencrypted.",
        remediation: "Target a google_compute_target_https_proxy with a certificate.",
        target: Target::Resources(
            &["google_compute_global_forwarding_rule"],
            Check::Function(forwarding_rule_http),
        ),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-checkpoints",
        title: "PostgreSQL does not log checkpoints",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_51"],
        description: "The flag log_checkpoints is not set to on.",
        remediation: "Add settings.database_flags { name = \"log_checkpoints\" value = \"on\" }.",
        target: Target::Resources(SQL, Check::Function(pg_log_checkpoints)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-connections",
        title: "PostgreSQL does not log connections",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_52"],
        description: "The flag log_connections is not set to on, so connection attempts are not recorded.",
        remediation: "Add settings.database_flags { name = \"log_connections\" value = \"on\" }.",
        target: Target::Resources(SQL, Check::Function(pg_log_connections)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-disconnections",
        title: "PostgreSQL does not log disconnections",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_53"],
        description: "The flag log_disconnections is not set to on, so session ends and durations are not recorded.",
        remediation: "Add settings.database_flags { name = \"log_disconnections\" value = \"on\" }.",
        target: Target::Resources(SQL, Check::Function(pg_log_disconnections)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-lock-waits",
        title: "PostgreSQL does not log lock waits",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_54"],
        description: "The flag log_lock_waits is not set to on.",
        remediation: "Add settings.database_flags { name = \"log_lock_waits\" value = \"on\" }.",
        target: Target::Resources(SQL, Check::Function(pg_log_lock_waits)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-duration",
        title: "PostgreSQL does not log statement durations",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_13"],
        description: "The flag log_duration is not set to on.",
        remediation: "Add settings.database_flags { name = \"log_duration\" value = \"on\" }.",
        target: Target::Resources(SQL, Check::Function(pg_log_duration)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-hostname",
        title: "PostgreSQL does not log client hostnames",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_108"],
        description: "The flag log_hostname is not set to on, so logs name clients by address only.",
        remediation: "Add settings.database_flags { name = \"log_hostname\" value = \"on\" }.",
        target: Target::Resources(SQL, Check::Function(pg_log_hostname)),
    },
    Rule {
        id: "kali/gcp-sql-pg-pgaudit",
        title: "PostgreSQL pgAudit is not enabled",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_110"],
        description: "The flag cloudsql.enable_pgaudit is not set to on, so session and object audit logging is unavailable.",
        remediation: "Add settings.database_flags { name = \"cloudsql.enable_pgaudit\" value = \"on\" }.",
        target: Target::Resources(SQL, Check::Function(pg_pgaudit)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-statement",
        title: "PostgreSQL does not log SQL statements",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_111"],
        description: "The flag log_statement is not set to ddl, mod or all.",
        remediation: "Add settings.database_flags { name = \"log_statement\" value = \"ddl\" }.",
        target: Target::Resources(SQL, Check::Function(pg_log_statement)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-min-error-statement",
        title: "PostgreSQL does not log statements that cause errors",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_109"],
        description: "The flag log_min_error_statement is not set to error or a more verbose level.",
        remediation: "Add settings.database_flags { name = \"log_min_error_statement\" value = \"error\" }.",
        target: Target::Resources(SQL, Check::Function(pg_log_min_error_statement)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-min-messages",
        title: "PostgreSQL log_min_messages is not a valid level",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_55"],
        description: "The flag log_min_messages is set to a value that is not a PostgreSQL message level (unset passes: the default is warning).",
        remediation: "Set log_min_messages to a level such as \"warning\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(pg_log_min_messages)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-min-duration",
        title: "PostgreSQL logs statements by duration",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_57"],
        description: "The flag log_min_duration_statement is set to something other than -1, so full statement text (which may hold sensitive values) is logged.",
        remediation: "Set log_min_duration_statement to \"-1\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(pg_log_min_duration)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-temp-files",
        title: "PostgreSQL does not log every temporary file",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_56"],
        description: "The flag log_temp_files is set to something other than 0, so only some temporary files are logged (unset passes, as in Checkov).",
        remediation: "Set log_temp_files to \"0\".",
        target: Target::Resources(SQL, Check::Function(pg_log_temp_files)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-executor-stats",
        title: "PostgreSQL logs executor statistics",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_14"],
        description: "The flag log_executor_stats is on: performance statistics flood the logs.",
        remediation: "Set log_executor_stats to \"off\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(pg_log_executor_stats)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-parser-stats",
        title: "PostgreSQL logs parser statistics",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_15"],
        description: "The flag log_parser_stats is on: performance statistics flood the logs.",
        remediation: "Set log_parser_stats to \"off\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(pg_log_parser_stats)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-planner-stats",
        title: "PostgreSQL logs planner statistics",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_16"],
        description: "The flag log_planner_stats is on: performance statistics flood the logs.",
        remediation: "Set log_planner_stats to \"off\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(pg_log_planner_stats)),
    },
    Rule {
        id: "kali/gcp-sql-pg-log-statement-stats",
        title: "PostgreSQL logs statement statistics",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_17"],
        description: "The flag log_statement_stats is on: performance statistics flood the logs.",
        remediation: "Set log_statement_stats to \"off\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(pg_log_statement_stats)),
    },
    Rule {
        id: "kali/gcp-sql-mysql-local-infile",
        title: "MySQL allows LOAD DATA LOCAL",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_50"],
        description: "The flag local_infile is on, so clients can make the server read local files.",
        remediation: "Set local_infile to \"off\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(mysql_local_infile)),
    },
    Rule {
        id: "kali/gcp-sql-sqlserver-cross-db-chaining",
        title: "SQL Server allows cross-database ownership chaining",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_58"],
        description: "The flag cross db ownership chaining is on, so ownership chains cross database boundaries.",
        remediation: "Set cross db ownership chaining to \"off\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(sqlserver_cross_db_chaining)),
    },
    Rule {
        id: "kali/gcp-sql-sqlserver-contained-auth",
        title: "SQL Server allows contained database authentication",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_GCP_59"],
        description: "The flag contained database authentication is on, so users can authenticate at the database without a server login.",
        remediation: "Set contained database authentication to \"off\", or leave it unset.",
        target: Target::Resources(SQL, Check::Function(sqlserver_contained_auth)),
    },
    Rule {
        id: "kali/gcp-sql-mysql-point-in-time-recovery",
        title: "Cloud SQL MySQL has no point-in-time recovery",
        severity: Severity::Medium,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_GCP_20"],
        description: "A primary MySQL instance does not set backup_configuration.binary_log_enabled = true, so it can only be restored to a backup, not to a moment. Replicas are exempt.",
        remediation: "Add backup_configuration { enabled = true binary_log_enabled = true }.",
        target: Target::Resources(SQL, Check::Function(mysql_point_in_time_recovery)),
    },
    Rule {
        id: "kali/gcp-firewall-ftp-data-open",
        title: "Firewall allows FTP data (port 20) from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_77"],
        description: "An enabled ingress rule admits 0.0.0.0/0 to TCP port 20.",
        remediation: "Restrict source_ranges, or replace FTP with SFTP.",
        target: Target::Resources(FIREWALLS, Check::Function(firewall_ftp_data)),
    },
    Rule {
        id: "kali/gcp-firewall-ftp-open",
        title: "Firewall allows FTP (port 21) from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_75"],
        description: "An enabled ingress rule admits 0.0.0.0/0 to TCP port 21.",
        remediation: "Restrict source_ranges, or replace FTP with SFTP.",
        target: Target::Resources(FIREWALLS, Check::Function(firewall_ftp)),
    },
    Rule {
        id: "kali/gcp-firewall-http-open",
        title: "Firewall allows plain HTTP (port 80) from the internet",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_106"],
        description: "An enabled ingress rule admits 0.0.0.0/0 to TCP port 80 on the instances themselves.",
        remediation: "Serve the internet through an HTTPS load balancer and admit only its ranges (130.211.0.0/22, 35.191.0.0/16).",
        target: Target::Resources(FIREWALLS, Check::Function(firewall_http)),
    },
    Rule {
        id: "kali/gcp-firewall-mysql-open",
        title: "Firewall allows MySQL (port 3306) from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_88"],
        description: "An enabled ingress rule admits 0.0.0.0/0 to TCP port 3306.",
        remediation: "Admit only the application's ranges, or use Cloud SQL with private IP.",
        target: Target::Resources(FIREWALLS, Check::Function(firewall_mysql)),
    },
    Rule {
        id: "kali/gcp-compute-os-login-off",
        title: "Compute instance turns OS Login off",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_GCP_34"],
        description: "metadata enable-oslogin is false, overriding the project's OS Login setting so SSH keys in metadata are accepted instead of IAM.",
        remediation: "Remove enable-oslogin from the instance metadata (or set it to \"TRUE\").",
        target: Target::Resources(INSTANCES_AND_FROM_TEMPLATE, Check::Function(compute_os_login_off)),
    },
    Rule {
        id: "kali/gcp-bigquery-dataset-public",
        title: "BigQuery dataset is public",
        severity: Severity::Critical,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_15"],
        description: "An access entry grants allUsers or allAuthenticatedUsers (as special_group or iam_member), or names no principal.",
        remediation: "Grant the dataset to named users, groups or domains only.",
        target: Target::Resources(
            &["google_bigquery_dataset"],
            Check::Function(bigquery_dataset_public),
        ),
    },
    Rule {
        id: "kali/gcp-kms-prevent-destroy",
        title: "KMS crypto key can be destroyed by Terraform",
        severity: Severity::Medium,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_GCP_82"],
        description: "The key has no lifecycle { prevent_destroy = true }; destroying it makes everything encrypted with it unreadable.",
        remediation: "Add lifecycle { prevent_destroy = true }.",
        target: Target::Resources(&["google_kms_crypto_key"], Check::Function(kms_prevent_destroy)),
    },
    Rule {
        id: "kali/gcp-iam-impersonation-role-project",
        title: "Project-wide role can impersonate or manage service accounts",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_49"],
        description: "A project IAM member or binding grants a role (owner, editor, service account admin, user or token creator, a service agent role, …) that can act as or manage every service account of the project.",
        remediation: "Grant such roles on the one service account that needs them (google_service_account_iam_member).",
        target: Target::Resources(PROJECT_IAM, Check::Function(iam_impersonation_role)),
    },
    Rule {
        id: "kali/gcp-iam-default-sa-project",
        title: "Project role granted to a default service account",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_46"],
        description: "A project IAM member or binding names the Compute Engine or App Engine default service account, which any default VM or app runs as.",
        remediation: "Grant the role to a dedicated service account.",
        target: Target::Resources(PROJECT_IAM, Check::Function(iam_default_service_account)),
    },
    Rule {
        id: "kali/gcp-iam-default-sa-organization",
        title: "Organization role granted to a default service account",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_47"],
        description: "An organization IAM member or binding names the Compute Engine or App Engine default service account.",
        remediation: "Grant the role to a dedicated service account.",
        target: Target::Resources(
            &["google_organization_iam_member", "google_organization_iam_binding"],
            Check::Function(iam_default_service_account),
        ),
    },
    Rule {
        id: "kali/gcp-iam-default-sa-folder",
        title: "Folder role granted to a default service account",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_48"],
        description: "A folder IAM member or binding names the Compute Engine or App Engine default service account.",
        remediation: "Grant the role to a dedicated service account.",
        target: Target::Resources(
            &["google_folder_iam_member", "google_folder_iam_binding"],
            Check::Function(iam_default_service_account),
        ),
    },
    Rule {
        id: "kali/gcp-ssl-policy-weak",
        title: "SSL policy admits weak cipher suites",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_GCP_4"],
        description: "The profile is COMPATIBLE (the default), MODERN without min_tls_version TLS_1_2, or CUSTOM with an RSA key-exchange suite.",
        remediation: "Set profile = \"RESTRICTED\", or profile = \"MODERN\" with min_tls_version = \"TLS_1_2\".",
        target: Target::Resources(&["google_compute_ssl_policy"], Check::Function(ssl_policy_weak)),
    },
    Rule {
        id: "kali/gcp-gke-labels",
        title: "GKE cluster has no labels",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_21"],
        description: "resource_labels is unset or empty, so the cluster's resources cannot be attributed to an owner or environment.",
        remediation: "Set resource_labels = { team = …, env = … }.",
        target: Target::Resources(GKE, Check::Function(gke_labels)),
    },
    Rule {
        id: "kali/gcp-dns-rsasha1",
        title: "Cloud DNS signs with RSASHA1",
        severity: Severity::Medium,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_GCP_17"],
        description: "A DNSSEC default key spec (key-signing or zone-signing) uses the RSASHA1 algorithm, which is deprecated.",
        remediation: "Use algorithm = \"rsasha256\" (or ecdsap256sha256) in dnssec_config.default_key_specs.",
        target: Target::Resources(&["google_dns_managed_zone"], Check::Function(dns_rsasha1)),
    },
    Rule {
        id: "kali/gcp-dns-dnssec",
        title: "Cloud DNS public zone does not enable DNSSEC",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_16"],
        description: "A public managed zone's dnssec_config.state is not on (or transfer), so answers can be spoofed. Private zones are exempt.",
        remediation: "Add dnssec_config { state = \"on\" }.",
        target: Target::Resources(
            &["google_dns_managed_zone"],
            one_of(
                "dnssec_config.state",
                &["on", "transfer"],
                "DNSSEC is off (`dnssec_config.state` is not on).",
            )
            .unless(&[Condition::Equals("visibility", "private")]),
        ),
    },
    Rule {
        id: "kali/gcp-bigquery-table-deletion-protection",
        title: "BigQuery table deletion protection is turned off",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_GCP_121"],
        description: "deletion_protection = false lets Terraform drop the table and its data. Unset passes: the provider's default is true (Checkov fails it).",
        remediation: "Remove deletion_protection = false.",
        target: Target::Resources(
            &["google_bigquery_table"],
            not_false("deletion_protection", "Deletion protection is off (`deletion_protection` is false)."),
        ),
    },
    Rule {
        id: "kali/gcp-bigtable-deletion-protection",
        title: "Bigtable instance deletion protection is turned off",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_GCP_122"],
        description: "deletion_protection = false lets Terraform delete the instance and its data. Unset passes: the provider's default is true (Checkov fails it).",
        remediation: "Remove deletion_protection = false.",
        target: Target::Resources(
            &["google_bigtable_instance"],
            not_false("deletion_protection", "Deletion protection is off (`deletion_protection` is false)."),
        ),
    },
    Rule {
        id: "kali/gcp-notebook-runtime-public",
        title: "Vertex AI notebook runtime has a public IP address",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_GCP_36"],
        description: "virtual_machine.virtual_machine_config.internal_ip_only is not true.",
        remediation: "Set internal_ip_only = true in virtual_machine_config.",
        target: Target::Resources(
            &["google_notebooks_runtime"],
            is_true(
                "virtual_machine.virtual_machine_config.internal_ip_only",
                "The runtime has a public IP address (`internal_ip_only` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-tpu-external-ips",
        title: "TPU VM has external IP addresses",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_GCP_32"],
        description: "network_config.enable_external_ips is not false.",
        remediation: "Set network_config { enable_external_ips = false } and enable Private Google Access on the subnet.",
        target: Target::Resources(
            &["google_tpu_v2_vm"],
            is_false(
                "network_config.enable_external_ips",
                "The TPU workers get external IP addresses (`enable_external_ips` is not false).",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-dialogflow-cx-webhook-logging",
        title: "Dialogflow CX webhook does not log to Cloud Logging",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_31"],
        description: "enable_stackdriver_logging is not true.",
        remediation: "Set enable_stackdriver_logging = true.",
        target: Target::Resources(
            &["google_dialogflow_cx_webhook"],
            is_true("enable_stackdriver_logging", "Webhook logging is off (`enable_stackdriver_logging` is not true)."),
        ),
    },
    Rule {
        id: "kali/gcp-dialogflow-cx-agent-logging",
        title: "Dialogflow CX agent does not log to Cloud Logging",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_30"],
        description: "enable_stackdriver_logging is not true.",
        remediation: "Set enable_stackdriver_logging = true.",
        target: Target::Resources(
            &["google_dialogflow_cx_agent"],
            is_true("enable_stackdriver_logging", "Agent logging is off (`enable_stackdriver_logging` is not true)."),
        ),
    },
    Rule {
        id: "kali/gcp-dialogflow-agent-logging",
        title: "Dialogflow agent does not log to Cloud Logging",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_29"],
        description: "enable_logging is not true.",
        remediation: "Set enable_logging = true.",
        target: Target::Resources(
            &["google_dialogflow_agent"],
            is_true("enable_logging", "Agent logging is off (`enable_logging` is not true)."),
        ),
    },
    Rule {
        id: "kali/gcp-workbench-public-ip",
        title: "Vertex AI Workbench instance has a public IP address",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_GCP_28"],
        description: "gce_setup.disable_public_ip is not true.",
        remediation: "Set gce_setup { disable_public_ip = true }.",
        target: Target::Resources(
            &["google_workbench_instance"],
            is_true(
                "gce_setup.disable_public_ip",
                "The instance has a public IP address (`disable_public_ip` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/gcp-workbench-cmk",
        title: "Vertex AI Workbench disks are not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_GCP_27"],
        description: "gce_setup.boot_disk, or a data disk, sets no kms_key.",
        remediation: "Set kms_key on gce_setup.boot_disk and gce_setup.data_disks.",
        target: Target::Resources(&["google_workbench_instance"], Check::Function(workbench_cmk)),
    },
    Rule {
        id: "kali/gcp-notebook-instance-cmk",
        title: "Vertex AI notebook instance disks are not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_GCP_21"],
        description: "disk_encryption is not CMEK, or no kms_key is given.",
        remediation: "Set disk_encryption = \"CMEK\" and kms_key.",
        target: Target::Resources(&["google_notebooks_instance"], Check::Function(notebook_cmk)),
    },
    Rule {
        id: "kali/gcp-cloud-function-http-trigger-insecure",
        title: "Cloud Function HTTP trigger accepts plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_GCP_10"],
        description: "trigger_http = true without https_trigger_security_level = \"SECURE_ALWAYS\".",
        remediation: "Set https_trigger_security_level = \"SECURE_ALWAYS\".",
        target: Target::Resources(
            &["google_cloudfunctions_function"],
            Check::Function(cloud_function_https),
        ),
    },
    Rule {
        id: "kali/gcp-project-audit-logging",
        title: "Project audit logging does not cover all services and users",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_GCP_5"],
        description: "No google_project_iam_audit_config of the project has service = \"allServices\" without exempted members.",
        remediation: "Add google_project_iam_audit_config { service = \"allServices\" audit_log_config { log_type = \"DATA_READ\" } … } with no exempted_members.",
        target: Target::Resources(&["google_project"], Check::Function(project_audit_logging)),
    },
    Rule {
        id: "kali/gcp-cloud-armor-log4j",
        title: "Cloud Armor policy does not block Log4j exploits",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_73"],
        description: "No rule of the security policy (inline, or a google_compute_security_policy_rule of it) denies requests matching the preconfigured cve-canary expression (CVE-2021-44228), or that rule is in preview or allows.",
        remediation: "Add a rule with action = \"deny(403)\" and match { expr { expression = \"evaluatePreconfiguredWaf('cve-canary')\" } }.",
        target: Target::Resources(&["google_compute_security_policy"], Check::Function(armor_log4j)),
    },
    Rule {
        id: "kali/gcp-github-oidc-trust",
        title: "Workload identity provider trusts any GitHub repository",
        severity: Severity::Critical,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_GCP_125"],
        description: "A provider for GitHub Actions tokens maps no google.subject, sets no attribute_condition, or its condition on assertion.sub does not name one organization's repository.",
        remediation: "Set attribute_condition = \"assertion.sub == 'repo:<org>/<repo>:ref:refs/heads/main'\".",
        target: Target::Resources(
            &["google_iam_workload_identity_pool_provider"],
            Check::Function(github_oidc_trust),
        ),
    },
    Rule {
        id: "kali/gcp-gke-node-auto-repair",
        title: "GKE node pool auto-repair is turned off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_9"],
        description: "management.auto_repair = false leaves failing nodes in service. Unset passes: the provider enables auto-repair by default (Checkov fails an empty management block).",
        remediation: "Remove auto_repair = false (or set it to true).",
        target: Target::Resources(
            &["google_container_node_pool"],
            not_false("management.auto_repair", "Node auto-repair is off (`management.auto_repair` is false)."),
        ),
    },
    Rule {
        id: "kali/gcp-compute-disk-csek",
        title: "Compute disk is not encrypted with a customer key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_37"],
        description: "The disk sets no disk_encryption_key, so it uses a Google-managed key.",
        remediation: "Add disk_encryption_key { kms_key_self_link = … }.",
        target: Target::Resources(
            &["google_compute_disk"],
            present("disk_encryption_key", "The disk is encrypted with a Google-managed key (no `disk_encryption_key`)."),
        ),
    },
    Rule {
        id: "kali/gcp-bigquery-table-cmk",
        title: "BigQuery table is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_80"],
        description: "encryption_configuration.kms_key_name is not set.",
        remediation: "Add encryption_configuration { kms_key_name = … }.",
        target: Target::Resources(
            &["google_bigquery_table"],
            present("encryption_configuration.kms_key_name", "The table is encrypted with a Google-managed key (no `encryption_configuration.kms_key_name`)."),
        ),
    },
    Rule {
        id: "kali/gcp-bigquery-dataset-cmk",
        title: "BigQuery dataset is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_81"],
        description: "default_encryption_configuration.kms_key_name is not set.",
        remediation: "Add default_encryption_configuration { kms_key_name = … }.",
        target: Target::Resources(
            &["google_bigquery_dataset"],
            present("default_encryption_configuration.kms_key_name", "New tables are encrypted with a Google-managed key (no `default_encryption_configuration.kms_key_name`)."),
        ),
    },
    Rule {
        id: "kali/gcp-pubsub-topic-cmk",
        title: "Pub/Sub topic is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_83"],
        description: "kms_key_name is not set.",
        remediation: "Set kms_key_name to a Cloud KMS key.",
        target: Target::Resources(
            &["google_pubsub_topic"],
            present("kms_key_name", "Messages are encrypted with a Google-managed key (no `kms_key_name`)."),
        ),
    },
    Rule {
        id: "kali/gcp-artifact-registry-cmk",
        title: "Artifact Registry repository is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_84"],
        description: "kms_key_name is not set.",
        remediation: "Set kms_key_name to a Cloud KMS key.",
        target: Target::Resources(
            &["google_artifact_registry_repository"],
            present("kms_key_name", "Artifacts are encrypted with a Google-managed key (no `kms_key_name`)."),
        ),
    },
    Rule {
        id: "kali/gcp-bigtable-cmk",
        title: "Bigtable instance is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_85"],
        description: "The instance's cluster sets no kms_key_name.",
        remediation: "Set kms_key_name in the cluster block.",
        target: Target::Resources(
            &["google_bigtable_instance"],
            present("cluster.kms_key_name", "Data is encrypted with a Google-managed key (no `cluster.kms_key_name`)."),
        ),
    },
    Rule {
        id: "kali/gcp-dataflow-job-cmk",
        title: "Dataflow job is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_90"],
        description: "kms_key_name is not set.",
        remediation: "Set kms_key_name to a Cloud KMS key.",
        target: Target::Resources(
            &["google_dataflow_job"],
            present("kms_key_name", "Job state is encrypted with a Google-managed key (no `kms_key_name`)."),
        ),
    },
    Rule {
        id: "kali/gcp-gke-public-control-plane",
        title: "GKE control plane authorizes the whole internet",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_18"],
        description: "A master_authorized_networks_config cidr_block is 0.0.0.0/0.",
        remediation: "Authorize only your own ranges in master_authorized_networks_config.",
        target: Target::Resources(GKE, Check::Function(gke_public_control_plane)),
    },
    Rule {
        id: "kali/gcp-gke-binary-authorization",
        title: "GKE cluster does not enforce Binary Authorization",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_66"],
        description: "binary_authorization.evaluation_mode is not PROJECT_SINGLETON_POLICY_ENFORCE (nor the older enabled flags true), so unsigned or unapproved images can run.",
        remediation: "Add binary_authorization { evaluation_mode = \"PROJECT_SINGLETON_POLICY_ENFORCE\" }.",
        target: Target::Resources(GKE, Check::Function(gke_binary_authorization)),
    },
    Rule {
        id: "kali/gcp-gke-secure-boot",
        title: "GKE nodes boot without Secure Boot",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_68"],
        description: "A node_config does not set shielded_instance_config.enable_secure_boot = true (the default is off), so boot components are not verified.",
        remediation: "Add node_config.shielded_instance_config { enable_secure_boot = true }.",
        target: Target::Resources(&["google_container_cluster", "google_container_node_pool"], Check::Function(gke_secure_boot)),
    },
    Rule {
        id: "kali/gcp-gke-integrity-monitoring",
        title: "GKE nodes turn integrity monitoring off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_72"],
        description: "node_config.shielded_instance_config.enable_integrity_monitoring = false. Unset passes: the default is on (Checkov fails a shielded_instance_config that does not repeat it).",
        remediation: "Remove enable_integrity_monitoring = false.",
        target: Target::Resources(&["google_container_cluster", "google_container_node_pool"], not_false("node_config.shielded_instance_config.enable_integrity_monitoring", "Integrity monitoring of the nodes is off (`enable_integrity_monitoring` is false).")),
    },
    Rule {
        id: "kali/gcp-gke-inline-node-pool",
        title: "GKE cluster declares its node pools inline",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_123"],
        description: "node_pool blocks inside google_container_cluster cannot be changed or removed without recreating the cluster (unless remove_default_node_pool is true).",
        remediation: "Declare node pools as google_container_node_pool resources and set remove_default_node_pool = true.",
        target: Target::Resources(GKE, Check::Function(gke_inline_node_pool)),
    },
    Rule {
        id: "kali/gcp-gke-node-auto-upgrade",
        title: "GKE node pool auto-upgrade is turned off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_10"],
        description: "management.auto_upgrade = false leaves nodes on old, unpatched versions. Unset passes: the provider enables auto-upgrade by default (Checkov fails an empty management block).",
        remediation: "Remove auto_upgrade = false (or set it to true).",
        target: Target::Resources(&["google_container_node_pool"], not_false("management.auto_upgrade", "Node auto-upgrade is off (`management.auto_upgrade` is false).")),
    },
    Rule {
        id: "kali/gcp-gke-intranode-visibility",
        title: "GKE intranode visibility is off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_61"],
        description: "enable_intranode_visibility is not true, so traffic between pods on the same node bypasses VPC flow logs and firewall rules.",
        remediation: "Set enable_intranode_visibility = true.",
        target: Target::Resources(GKE, is_true("enable_intranode_visibility", "Pod-to-pod traffic on a node is not visible to VPC flow logs (`enable_intranode_visibility` is not true).")),
    },
    Rule {
        id: "kali/gcp-gke-google-groups-rbac",
        title: "GKE does not use Google Groups for RBAC",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_GCP_65"],
        description: "No authenticator_groups_config.security_group, so RBAC must name individual users.",
        remediation: "Add authenticator_groups_config { security_group = \"gke-security-groups@<domain>\" }.",
        target: Target::Resources(GKE, present("authenticator_groups_config.security_group", "Google Groups cannot be used in RBAC bindings (no `authenticator_groups_config`).")),
    },
    Rule {
        id: "kali/gcp-gke-release-channel",
        title: "GKE cluster is not on a release channel",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_70"],
        description: "No release_channel.channel, so upgrades and security patches are managed by hand.",
        remediation: "Add release_channel { channel = \"REGULAR\" }.",
        target: Target::Resources(GKE, present("release_channel.channel", "The cluster is not enrolled in a release channel.")),
    },
    Rule {
        id: "kali/gcp-gke-shielded-nodes",
        title: "GKE Shielded Nodes are turned off",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_71"],
        description: "enable_shielded_nodes = false: nodes can be impersonated by a compromised pod. Unset passes (the default is true).",
        remediation: "Remove enable_shielded_nodes = false.",
        target: Target::Resources(GKE, not_false("enable_shielded_nodes", "Shielded GKE Nodes are off (`enable_shielded_nodes` is false).")),
    },
    Rule {
        id: "kali/gcp-gke-alias-ip",
        title: "GKE cluster is not VPC-native",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_23"],
        description: "No ip_allocation_policy, so pods get routes-based addresses that firewall rules and flow logs cannot see by pod range.",
        remediation: "Add ip_allocation_policy { cluster_secondary_range_name = … services_secondary_range_name = … }.",
        target: Target::Resources(GKE, present("ip_allocation_policy", "The cluster is routes-based (no `ip_allocation_policy`).")),
    },
    Rule {
        id: "kali/gcp-compute-default-service-account",
        title: "Compute instance runs as the default service account",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_30"],
        description: "service_account.email is the project's Compute Engine default service account (or unset in a service_account block), which holds the Editor role by default. GKE nodes (gke-…) are exempt.",
        remediation: "Create a dedicated google_service_account and set service_account.email to it.",
        target: Target::Resources(INSTANCES_AND_FROM_TEMPLATE, Check::Function(compute_default_sa)),
    },
    Rule {
        id: "kali/gcp-compute-default-sa-full-access",
        title: "Compute instance has full API access as the default service account",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_31"],
        description: "The instance runs as the default service account with the cloud-platform scope, so anything on it can call every Cloud API the account can.",
        remediation: "Use a dedicated service account; keep cloud-platform only with a least-privilege account.",
        target: Target::Resources(INSTANCES_AND_FROM_TEMPLATE, Check::Function(compute_default_sa_full_access)),
    },
    Rule {
        id: "kali/gcp-iam-basic-role-project",
        title: "Basic role granted on the project",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_117"],
        description: "A project IAM member or binding grants roles/owner, roles/editor or roles/viewer, which span every service.",
        remediation: "Grant predefined or custom roles with the permissions needed.",
        target: Target::Resources(PROJECT_IAM, Check::Function(iam_basic_role)),
    },
    Rule {
        id: "kali/gcp-iam-basic-role-folder",
        title: "Basic role granted on a folder",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_116"],
        description: "A folder IAM member or binding grants roles/owner, roles/editor or roles/viewer, inherited by every project below.",
        remediation: "Grant predefined or custom roles with the permissions needed.",
        target: Target::Resources(&["google_folder_iam_member", "google_folder_iam_binding"], Check::Function(iam_basic_role)),
    },
    Rule {
        id: "kali/gcp-iam-basic-role-organization",
        title: "Basic role granted on the organization",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_115"],
        description: "An organization IAM member or binding grants roles/owner, roles/editor or roles/viewer, inherited by every project.",
        remediation: "Grant predefined or custom roles with the permissions needed.",
        target: Target::Resources(&["google_organization_iam_member", "google_organization_iam_binding"], Check::Function(iam_basic_role)),
    },
    Rule {
        id: "kali/gcp-iam-impersonation-role-folder",
        title: "Folder-wide role can impersonate or manage service accounts",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_44"],
        description: "A folder IAM member or binding grants a role that can act as or manage every service account in the folder's projects.",
        remediation: "Grant such roles on the one service account that needs them.",
        target: Target::Resources(&["google_folder_iam_member", "google_folder_iam_binding"], Check::Function(iam_impersonation_role)),
    },
    Rule {
        id: "kali/gcp-iam-impersonation-role-organization",
        title: "Organization-wide role can impersonate or manage service accounts",
        severity: Severity::Critical,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_GCP_45"],
        description: "An organization IAM member or binding grants a role that can act as or manage every service account of the organization.",
        remediation: "Grant such roles on the one service account that needs them.",
        target: Target::Resources(&["google_organization_iam_member", "google_organization_iam_binding"], Check::Function(iam_impersonation_role)),
    },
    Rule {
        id: "kali/gcp-project-default-network",
        title: "Project is created with the default network",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_27"],
        description: "auto_create_network is not false, so the project gets the default auto-mode network and its pre-made firewall rules (SSH and RDP from anywhere).",
        remediation: "Set auto_create_network = false and declare the networks needed.",
        target: Target::Resources(&["google_project"], is_false("auto_create_network", "The project gets the default network with its permissive firewall rules (`auto_create_network` is not false).")),
    },
    Rule {
        id: "kali/gcp-project-os-login",
        title: "Project metadata does not enable OS Login",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_GCP_33"],
        description: "The project metadata does not set enable-oslogin = \"TRUE\", so SSH access is managed by keys in metadata rather than IAM.",
        remediation: "Set metadata = { enable-oslogin = \"TRUE\" }.",
        target: Target::Resources(&["google_compute_project_metadata"], Check::Function(project_metadata_os_login)),
    },
    Rule {
        id: "kali/gcp-pubsub-topic-public",
        title: "Pub/Sub topic is public",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_99"],
        description: "A topic IAM member or binding grants allUsers or allAuthenticatedUsers.",
        remediation: "Grant the topic to named principals only.",
        target: Target::Resources(&["google_pubsub_topic_iam_member", "google_pubsub_topic_iam_binding"], Check::Function(pubsub_topic_iam_public)),
    },
    Rule {
        id: "kali/gcp-bigquery-table-public",
        title: "BigQuery table is public",
        severity: Severity::Critical,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_100"],
        description: "A table IAM member or binding grants allUsers or allAuthenticatedUsers.",
        remediation: "Grant the table to named principals only.",
        target: Target::Resources(&["google_bigquery_table_iam_member", "google_bigquery_table_iam_binding"], Check::Function(bigquery_table_iam_public)),
    },
    Rule {
        id: "kali/gcp-artifact-registry-public",
        title: "Artifact Registry repository is public",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_101"],
        description: "A repository IAM member or binding grants allUsers or allAuthenticatedUsers.",
        remediation: "Grant the repository to named principals only (unless it is meant to publish public images).",
        target: Target::Resources(&["google_artifact_registry_repository_iam_member", "google_artifact_registry_repository_iam_binding"], Check::Function(artifact_registry_iam_public)),
    },
    Rule {
        id: "kali/gcp-cloud-run-public",
        title: "Cloud Run service is public",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_102"],
        description: "A service IAM member or binding grants allUsers or allAuthenticatedUsers, so anyone can invoke it.",
        remediation: "Grant roles/run.invoker to named principals, or front the service with IAP.",
        target: Target::Resources(&["google_cloud_run_service_iam_member", "google_cloud_run_service_iam_binding"], Check::Function(cloud_run_iam_public)),
    },
    Rule {
        id: "kali/gcp-dataproc-public",
        title: "Dataproc cluster is public",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_98"],
        description: "A cluster IAM member or binding grants allUsers or allAuthenticatedUsers.",
        remediation: "Grant the cluster to named principals only.",
        target: Target::Resources(&["google_dataproc_cluster_iam_member", "google_dataproc_cluster_iam_binding"], Check::Function(dataproc_iam_public)),
    },
    Rule {
        id: "kali/gcp-cloud-function-public",
        title: "Cloud Function is public",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_107"],
        description: "A function IAM member or binding grants allUsers or allAuthenticatedUsers. Checkov flags only allUsers; any Google account is as public.",
        remediation: "Grant roles/cloudfunctions.invoker to named principals only.",
        target: Target::Resources(&["google_cloudfunctions_function_iam_member", "google_cloudfunctions_function_iam_binding", "google_cloudfunctions2_function_iam_member", "google_cloudfunctions2_function_iam_binding"], Check::Function(cloud_function_iam_public)),
    },
    Rule {
        id: "kali/gcp-cloud-function-ingress",
        title: "Cloud Function accepts traffic from the internet",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_GCP_124"],
        description: "ingress_settings (service_config.ingress_settings for 2nd gen) is ALLOW_ALL or unset.",
        remediation: "Set ingress_settings = \"ALLOW_INTERNAL_ONLY\" (or ALLOW_INTERNAL_AND_GCLB behind a load balancer).",
        target: Target::Resources(&["google_cloudfunctions_function", "google_cloudfunctions2_function"], Check::Function(cloud_function_ingress)),
    },
    Rule {
        id: "kali/gcp-dataproc-public-ip",
        title: "Dataproc cluster nodes have public IP addresses",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_103"],
        description: "cluster_config.gce_cluster_config.internal_ip_only is not true.",
        remediation: "Set gce_cluster_config { internal_ip_only = true } and enable Private Google Access on the subnet.",
        target: Target::Resources(&["google_dataproc_cluster"], is_true("cluster_config.gce_cluster_config.internal_ip_only", "The cluster's nodes have public IP addresses (`internal_ip_only` is not true).")),
    },
    Rule {
        id: "kali/gcp-redis-auth",
        title: "Memorystore Redis does not require AUTH",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_GCP_95"],
        description: "auth_enabled is not true, so anything that can reach the instance can use it.",
        remediation: "Set auth_enabled = true.",
        target: Target::Resources(&["google_redis_instance"], is_true("auth_enabled", "Clients connect without a password (`auth_enabled` is not true).")),
    },
    Rule {
        id: "kali/gcp-redis-transit-encryption",
        title: "Memorystore Redis does not encrypt connections",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_GCP_97"],
        description: "transit_encryption_mode is not SERVER_AUTHENTICATION.",
        remediation: "Set transit_encryption_mode = \"SERVER_AUTHENTICATION\".",
        target: Target::Resources(&["google_redis_instance"], one_of("transit_encryption_mode", &["SERVER_AUTHENTICATION"], "Connections are not encrypted (`transit_encryption_mode` is not SERVER_AUTHENTICATION).")),
    },
    Rule {
        id: "kali/gcp-sql-major-version",
        title: "Cloud SQL does not run the latest major version",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_79"],
        description: "database_version is not the engine's latest major version (POSTGRES_18, MYSQL_8_0 or 8_4, SQLSERVER_2022_*), as Checkov lists them.",
        remediation: "Upgrade database_version to the latest major version.",
        target: Target::Resources(SQL, one_of("database_version", &["POSTGRES_18", "MYSQL_8_0", "MYSQL_8_4", "SQLSERVER_2022_STANDARD", "SQLSERVER_2022_WEB", "SQLSERVER_2022_ENTERPRISE", "SQLSERVER_2022_EXPRESS"], "The database engine is not on its latest major version (`database_version`).")),
    },
    Rule {
        id: "kali/gcp-workload-identity-no-condition",
        title: "Workload identity provider has no attribute condition",
        severity: Severity::High,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_GCP_118"],
        description: "attribute_condition is unset, so every token the external issuer signs (any GitHub repository, any AWS account role) is accepted.",
        remediation: "Set attribute_condition to pin the repository, account or subject.",
        target: Target::Resources(&["google_iam_workload_identity_pool_provider"], present("attribute_condition", "Any identity of the external issuer can use the pool (no `attribute_condition`).")),
    },
    Rule {
        id: "kali/gcp-spanner-deletion-protection",
        title: "Spanner database deletion protection is turned off",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_GCP_119"],
        description: "deletion_protection = false lets Terraform drop the database (unset passes: the default is true).",
        remediation: "Remove deletion_protection = false.",
        target: Target::Resources(&["google_spanner_database"], not_false("deletion_protection", "Terraform may delete the database (`deletion_protection` is false).")),
    },
    Rule {
        id: "kali/gcp-spanner-drop-protection",
        title: "Spanner database drop protection is off",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_GCP_120"],
        description: "enable_drop_protection is not true, so the database can be dropped outside Terraform too.",
        remediation: "Set enable_drop_protection = true.",
        target: Target::Resources(&["google_spanner_database"], is_true("enable_drop_protection", "The database can be dropped through any API (`enable_drop_protection` is not true).")),
    },
    Rule {
        id: "kali/gcp-notebook-vtpm",
        title: "Vertex AI notebook instance turns vTPM off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_126"],
        description: "shielded_instance_config.enable_vtpm = false.",
        remediation: "Remove enable_vtpm = false.",
        target: Target::Resources(&["google_notebooks_instance"], not_false("shielded_instance_config.enable_vtpm", "The virtual TPM is off (`enable_vtpm` is false).")),
    },
    Rule {
        id: "kali/gcp-notebook-integrity-monitoring",
        title: "Vertex AI notebook instance turns integrity monitoring off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_127"],
        description: "shielded_instance_config.enable_integrity_monitoring = false.",
        remediation: "Remove enable_integrity_monitoring = false.",
        target: Target::Resources(&["google_notebooks_instance"], not_false("shielded_instance_config.enable_integrity_monitoring", "Integrity monitoring is off (`enable_integrity_monitoring` is false).")),
    },
    Rule {
        id: "kali/gcp-notebook-instance-public-ip",
        title: "Vertex AI notebook instance has a public IP address",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_89"],
        description: "no_public_ip is not true.",
        remediation: "Set no_public_ip = true.",
        target: Target::Resources(&["google_notebooks_instance"], is_true("no_public_ip", "The instance has a public IP address (`no_public_ip` is not true).")),
    },
    Rule {
        id: "kali/gcp-cloudbuild-workers-public",
        title: "Cloud Build private pool workers have external IP addresses",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_86"],
        description: "worker_config.no_external_ip is not true.",
        remediation: "Set worker_config { no_external_ip = true }.",
        target: Target::Resources(&["google_cloudbuild_worker_pool"], is_true("worker_config.no_external_ip", "Workers get external IP addresses (`worker_config.no_external_ip` is not true).")),
    },
    Rule {
        id: "kali/gcp-data-fusion-public",
        title: "Data Fusion instance is not private",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_87"],
        description: "private_instance is not true.",
        remediation: "Set private_instance = true with network_config.",
        target: Target::Resources(&["google_data_fusion_instance"], is_true("private_instance", "The instance has public IP addresses (`private_instance` is not true).")),
    },
    Rule {
        id: "kali/gcp-data-fusion-logging",
        title: "Data Fusion instance does not log to Cloud Logging",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_104"],
        description: "enable_stackdriver_logging is not true.",
        remediation: "Set enable_stackdriver_logging = true.",
        target: Target::Resources(&["google_data_fusion_instance"], is_true("enable_stackdriver_logging", "Logging is off (`enable_stackdriver_logging` is not true).")),
    },
    Rule {
        id: "kali/gcp-data-fusion-monitoring",
        title: "Data Fusion instance does not send metrics to Cloud Monitoring",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_GCP_105"],
        description: "enable_stackdriver_monitoring is not true.",
        remediation: "Set enable_stackdriver_monitoring = true.",
        target: Target::Resources(&["google_data_fusion_instance"], is_true("enable_stackdriver_monitoring", "Monitoring is off (`enable_stackdriver_monitoring` is not true).")),
    },
    Rule {
        id: "kali/gcp-dataflow-job-public-ip",
        title: "Dataflow job workers have public IP addresses",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_GCP_94"],
        description: "ip_configuration is not WORKER_IP_PRIVATE.",
        remediation: "Set ip_configuration = \"WORKER_IP_PRIVATE\".",
        target: Target::Resources(&["google_dataflow_job"], one_of("ip_configuration", &["WORKER_IP_PRIVATE"], "Workers have public IP addresses (`ip_configuration` is not WORKER_IP_PRIVATE).")),
    },
    Rule {
        id: "kali/gcp-dataproc-cmk",
        title: "Dataproc cluster disks are not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_91"],
        description: "cluster_config.encryption_config.kms_key_name is not set, so a Google-managed key is used.",
        remediation: "Set cluster_config.encryption_config.kms_key_name to a Cloud KMS key.",
        target: Target::Resources(&["google_dataproc_cluster"], present("cluster_config.encryption_config.kms_key_name", "Data is encrypted with a Google-managed key (no `cluster_config.encryption_config.kms_key_name`).")),
    },
    Rule {
        id: "kali/gcp-vertex-dataset-cmk",
        title: "Vertex AI dataset is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_92"],
        description: "encryption_spec.kms_key_name is not set, so a Google-managed key is used.",
        remediation: "Set encryption_spec.kms_key_name to a Cloud KMS key.",
        target: Target::Resources(&["google_vertex_ai_dataset"], present("encryption_spec.kms_key_name", "Data is encrypted with a Google-managed key (no `encryption_spec.kms_key_name`).")),
    },
    Rule {
        id: "kali/gcp-spanner-cmk",
        title: "Spanner database is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_93"],
        description: "encryption_config.kms_key_name is not set, so a Google-managed key is used.",
        remediation: "Set encryption_config.kms_key_name to a Cloud KMS key.",
        target: Target::Resources(&["google_spanner_database"], present("encryption_config.kms_key_name", "Data is encrypted with a Google-managed key (no `encryption_config.kms_key_name`).")),
    },
    Rule {
        id: "kali/gcp-vertex-metadata-store-cmk",
        title: "Vertex AI metadata store is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_GCP_96"],
        description: "encryption_spec.kms_key_name is not set, so a Google-managed key is used.",
        remediation: "Set encryption_spec.kms_key_name to a Cloud KMS key.",
        target: Target::Resources(&["google_vertex_ai_metadata_store"], present("encryption_spec.kms_key_name", "Data is encrypted with a Google-managed key (no `encryption_spec.kms_key_name`).")),
    },
    Rule {
        id: "kali/gcp-document-ai-processor-cmk",
        title: "Document AI processor is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_GCP_22"],
        description: "kms_key_name is not set, so a Google-managed key is used.",
        remediation: "Set kms_key_name to a Cloud KMS key.",
        target: Target::Resources(&["google_document_ai_processor"], present("kms_key_name", "Data is encrypted with a Google-managed key (no `kms_key_name`).")),
    },
    Rule {
        id: "kali/gcp-document-ai-warehouse-cmk",
        title: "Document AI Warehouse location is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_GCP_23"],
        description: "kms_key is not set, so a Google-managed key is used.",
        remediation: "Set kms_key to a Cloud KMS key.",
        target: Target::Resources(&["google_document_ai_warehouse_location"], present("kms_key", "Data is encrypted with a Google-managed key (no `kms_key`).")),
    },
    Rule {
        id: "kali/gcp-vertex-endpoint-cmk",
        title: "Vertex AI endpoint is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_GCP_24"],
        description: "encryption_spec is not set, so a Google-managed key is used.",
        remediation: "Set encryption_spec to a Cloud KMS key.",
        target: Target::Resources(&["google_vertex_ai_endpoint"], present("encryption_spec", "Data is encrypted with a Google-managed key (no `encryption_spec`).")),
    },
    Rule {
        id: "kali/gcp-vertex-featurestore-cmk",
        title: "Vertex AI featurestore is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_GCP_25"],
        description: "encryption_spec is not set, so a Google-managed key is used.",
        remediation: "Set encryption_spec to a Cloud KMS key.",
        target: Target::Resources(&["google_vertex_ai_featurestore"], present("encryption_spec", "Data is encrypted with a Google-managed key (no `encryption_spec`).")),
    },
    Rule {
        id: "kali/gcp-vertex-tensorboard-cmk",
        title: "Vertex AI tensorboard is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_GCP_26"],
        description: "encryption_spec is not set, so a Google-managed key is used.",
        remediation: "Set encryption_spec to a Cloud KMS key.",
        target: Target::Resources(&["google_vertex_ai_tensorboard"], present("encryption_spec", "Data is encrypted with a Google-managed key (no `encryption_spec`).")),
    },
    Rule {
        id: "kali/gcp-notebook-runtime-cmk",
        title: "Vertex AI notebook runtime is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_GCP_35"],
        description: "virtual_machine.virtual_machine_config.encryption_config.kms_key is not set, so a Google-managed key is used.",
        remediation: "Set virtual_machine.virtual_machine_config.encryption_config.kms_key to a Cloud KMS key.",
        target: Target::Resources(&["google_notebooks_runtime"], present("virtual_machine.virtual_machine_config.encryption_config.kms_key", "Data is encrypted with a Google-managed key (no `virtual_machine.virtual_machine_config.encryption_config.kms_key`).")),
    },
    Rule {
        id: "kali/gcp-vertex-endpoint-public",
        title: "Vertex AI endpoint is public",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_GCP_33"],
        description: "No network is set, so the endpoint is served publicly rather than over VPC peering.",
        remediation: "Set network to the VPC the endpoint should be peered with.",
        target: Target::Resources(&["google_vertex_ai_endpoint"], present("network", "The endpoint is reachable from the internet (no `network` peering).")),
    },
    Rule {
        id: "kali/gcp-vertex-index-endpoint-public",
        title: "Vertex AI index endpoint is public",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_GCP_34"],
        description: "public_endpoint_enabled = true.",
        remediation: "Remove public_endpoint_enabled and use network or Private Service Connect.",
        target: Target::Resources(&["google_vertex_ai_index_endpoint"], not_true("public_endpoint_enabled", "The index endpoint is public (`public_endpoint_enabled` is true).")),
    },
    Rule {
        id: "kali/gcp-project-container-scanning",
        title: "Container vulnerability scanning is not enabled",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV2_GCP_11"],
        description: "The google_project_services list does not include containerscanning.googleapis.com.",
        remediation: "Add containerscanning.googleapis.com to services (or a google_project_service for it).",
        target: Target::Resources(&["google_project_services"], Check::Function(project_container_scanning)),
    },
    Rule {
        id: "kali/gcp-gke-cos-image",
        title: "GKE node pool on a pre-1.24 version does not use Container-Optimized OS",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_22"],
        description: "A node pool pinned to a version below 1.24 sets a node_config.image_type other than COS. From 1.24 only containerd images exist and the rule does not apply.",
        remediation: "Set node_config.image_type = \"COS_CONTAINERD\" (and upgrade the pool).",
        target: Target::Resources(&["google_container_node_pool"], Check::Function(gke_cos_image)),
    },
    Rule {
        id: "kali/gcp-gke-pod-security-policy",
        title: "GKE cluster on a pre-1.25 version does not enforce PodSecurityPolicy",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_GCP_24"],
        description: "A cluster whose min_master_version is below 1.25 does not set pod_security_policy_config.enabled = true. PodSecurityPolicy was removed in 1.25, where the rule does not apply.",
        remediation: "Upgrade to 1.25 or later and use Pod Security Admission; until then, enable pod_security_policy_config.",
        target: Target::Resources(GKE, Check::Function(gke_pod_security_policy)),
    },
];

//! GCP misconfiguration rules: Cloud Storage, firewall rules, Cloud SQL, GKE, IAM and
//! Compute instances.

use super::{
    attr, blocks, expect_bool, expect_set, fail, is_world, strings, Ctx, Rule, Target, Verdict,
};
use aetheredge_model::iac::{Resource, Value};

const PUBLIC_MEMBERS: &[&str] = &["allUsers", "allAuthenticatedUsers"];

fn bucket_uniform_access(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "uniform_bucket_level_access",
        true,
        false,
        "Uniform bucket-level access is not enabled (object ACLs apply).",
    )
}

fn bucket_public_prevention(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "public_access_prevention") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(p)) if p == "enforced" => Verdict::Pass,
        _ => fail(
            "public_access_prevention",
            "Public access prevention is not enforced.",
        ),
    }
}

fn bucket_versioning(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "versioning.enabled",
        true,
        false,
        "Object versioning is not enabled.",
    )
}

fn bucket_logging(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(r, "logging", "Access logging is not configured.")
}

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
    let Some(sources) = attr(r, "source_ranges").map_or(Some(Vec::new()), strings) else {
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
        let ports = allow.get("ports").and_then(strings).unwrap_or_default();
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

fn sql_public_ip(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "settings.ip_configuration.ipv4_enabled",
        false,
        true,
        "The instance has a public IPv4 address.",
    )
}

fn sql_backups(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "settings.backup_configuration.enabled",
        true,
        false,
        "Automated backups are not enabled.",
    )
}

fn gke_legacy_abac(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "enable_legacy_abac",
        false,
        false,
        "Legacy ABAC authorization is enabled.",
    )
}

fn gke_network_policy(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "datapath_provider").and_then(Value::as_str) == Some("ADVANCED_DATAPATH") {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "network_policy.enabled",
        true,
        false,
        "Network policy is not enabled.",
    )
}

fn gke_private_nodes(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "private_cluster_config.enable_private_nodes",
        true,
        false,
        "Nodes have public IP addresses (no private cluster config).",
    )
}

fn gke_master_networks(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(r, "master_authorized_networks_config", "The control plane accepts connections from any address (no master_authorized_networks_config).")
}

fn gke_client_certificate(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "master_auth.client_certificate_config.issue_client_certificate",
        false,
        false,
        "A client certificate is issued for the cluster.",
    )
}

fn gke_workload_metadata(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "node_config.workload_metadata_config.mode") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(m)) if m == "GKE_METADATA" => Verdict::Pass,
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

fn compute_project_ssh_keys(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "metadata") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(m) => match m.get("block-project-ssh-keys") {
            Some(v) if v.as_bool() == Some(true) => Verdict::Pass,
            Some(v) if !v.is_known() => Verdict::Unknown,
            _ => fail(
                "metadata",
                "Project-wide SSH keys can log in (`block-project-ssh-keys` is not true).",
            ),
        },
        None => fail(
            "metadata",
            "Project-wide SSH keys can log in (`block-project-ssh-keys` is not true).",
        ),
    }
}

fn compute_serial_port(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "metadata").and_then(|m| m.get("serial-port-enable")) {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if v.as_bool() == Some(true) => {
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

const BUCKETS: &[&str] = &["google_storage_bucket"];
const FIREWALLS: &[&str] = &["google_compute_firewall"];
const SQL: &[&str] = &["google_sql_database_instance"];
const GKE: &[&str] = &["google_container_cluster"];
const INSTANCES: &[&str] = &[
    "google_compute_instance",
    "google_compute_instance_template",
];
const PROJECT_IAM: &[&str] = &["google_project_iam_member", "google_project_iam_binding"];

pub fn rules() -> Vec<Rule> {
    use Target::Resources as R;
    vec![
        rule!("gcp-storage-uniform-access", ["CKV_GCP_29"], Medium, LeastPrivilege, Some(("cis_gcp", "5.2")),
            "Storage bucket does not use uniform bucket-level access",
            "Object ACLs can grant access that bucket IAM does not show.", "Set uniform_bucket_level_access = true.",
            R(BUCKETS, bucket_uniform_access)),
        rule!("gcp-storage-public-prevention", ["CKV_GCP_114"], Medium, PublicAccess, Some(("cis_gcp", "5.1")),
            "Storage bucket does not enforce public access prevention",
            "public_access_prevention is not \"enforced\".", "Set public_access_prevention = \"enforced\".",
            R(BUCKETS, bucket_public_prevention)),
        rule!("gcp-storage-public", ["CKV_GCP_28"], Critical, PublicAccess, Some(("cis_gcp", "5.1")),
            "Storage bucket is public",
            "An IAM member or binding grants allUsers or allAuthenticatedUsers.", "Grant named principals only.",
            R(&["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"], iam_public)),
        rule!("gcp-storage-versioning", ["CKV_GCP_78"], Low, Backup, None,
            "Storage bucket versioning is not enabled",
            "Overwritten or deleted objects cannot be recovered.", "Add versioning { enabled = true }.",
            R(BUCKETS, bucket_versioning)),
        rule!("gcp-storage-logging", ["CKV_GCP_62"], Low, Logging, None,
            "Storage bucket access logging is not configured",
            "No logging block.", "Add logging { log_bucket = … }.",
            R(BUCKETS, bucket_logging)),
        rule!("gcp-firewall-ssh-open", ["CKV_GCP_2"], High, Network, Some(("cis_gcp", "3.6")),
            "Firewall allows SSH from the internet",
            "An ingress rule admits 0.0.0.0/0 to port 22.", "Restrict source_ranges, or use IAP TCP forwarding (35.235.240.0/20).",
            R(FIREWALLS, firewall_ssh)),
        rule!("gcp-firewall-rdp-open", ["CKV_GCP_3"], High, Network, Some(("cis_gcp", "3.7")),
            "Firewall allows RDP from the internet",
            "An ingress rule admits 0.0.0.0/0 to port 3389.", "Restrict source_ranges.",
            R(FIREWALLS, firewall_rdp)),
        rule!("gcp-sql-no-ssl", ["CKV_GCP_6"], High, EncryptionInTransit, Some(("cis_gcp", "6.4")),
            "Cloud SQL accepts connections without SSL",
            "ssl_mode is not ENCRYPTED_ONLY (or require_ssl is not true).", "Set settings.ip_configuration.ssl_mode = \"ENCRYPTED_ONLY\".",
            R(SQL, sql_ssl)),
        rule!("gcp-sql-open-network", ["CKV_GCP_11"], Critical, PublicAccess, Some(("cis_gcp", "6.5")),
            "Cloud SQL authorizes the whole internet",
            "An authorized network is 0.0.0.0/0.", "Authorize specific networks, or use private IP.",
            R(SQL, sql_public_networks)),
        rule!("gcp-sql-public-ip", ["CKV_GCP_60"], Medium, PublicAccess, Some(("cis_gcp", "6.6")),
            "Cloud SQL has a public IP address",
            "ipv4_enabled is not false.", "Set ipv4_enabled = false and use private_network.",
            R(SQL, sql_public_ip)),
        rule!("gcp-sql-backups", ["CKV_GCP_14"], Medium, Backup, Some(("cis_gcp", "6.7")),
            "Cloud SQL backups are not enabled",
            "backup_configuration.enabled is not true.", "Add backup_configuration { enabled = true }.",
            R(SQL, sql_backups)),
        rule!("gcp-gke-legacy-abac", ["CKV_GCP_7"], High, LeastPrivilege, None,
            "GKE legacy ABAC is enabled",
            "enable_legacy_abac = true bypasses RBAC.", "Set enable_legacy_abac = false.",
            R(GKE, gke_legacy_abac)),
        rule!("gcp-gke-network-policy", ["CKV_GCP_12"], Medium, Network, None,
            "GKE network policy is not enabled",
            "Every pod can reach every other pod.", "Add network_policy { enabled = true } or use Dataplane V2.",
            R(GKE, gke_network_policy)),
        rule!("gcp-gke-private-nodes", ["CKV_GCP_25"], Medium, PublicAccess, None,
            "GKE nodes have public IP addresses",
            "private_cluster_config.enable_private_nodes is not true.", "Add private_cluster_config { enable_private_nodes = true }.",
            R(GKE, gke_private_nodes)),
        rule!("gcp-gke-master-networks", ["CKV_GCP_20"], Medium, Network, None,
            "GKE control plane accepts any address",
            "No master_authorized_networks_config.", "Add master_authorized_networks_config with your CIDRs.",
            R(GKE, gke_master_networks)),
        rule!("gcp-gke-client-certificate", ["CKV_GCP_13"], Medium, Authentication, None,
            "GKE issues a client certificate",
            "issue_client_certificate = true creates a long-lived admin credential.", "Set issue_client_certificate = false.",
            R(GKE, gke_client_certificate)),
        rule!("gcp-gke-metadata-server", ["CKV_GCP_69"], Medium, Workload, None,
            "GKE pods can read the node metadata server",
            "Workload metadata is not GKE_METADATA, so pods can read node credentials.", "Enable Workload Identity and node_config.workload_metadata_config { mode = \"GKE_METADATA\" }.",
            R(&["google_container_cluster", "google_container_node_pool"], gke_workload_metadata)),
        rule!("gcp-iam-primitive-role-sa", ["CKV_GCP_42"], High, LeastPrivilege, Some(("cis_gcp", "1.5")),
            "Service account has a primitive owner or editor role",
            "roles/owner or roles/editor granted to a service account.", "Grant predefined roles with the permissions needed.",
            R(PROJECT_IAM, iam_primitive_roles)),
        rule!("gcp-iam-sa-user-project", ["CKV_GCP_41"], High, LeastPrivilege, Some(("cis_gcp", "1.6")),
            "Service Account User granted project-wide",
            "roles/iam.serviceAccountUser or TokenCreator on the project lets members act as every service account.", "Grant it on the service account that is needed.",
            R(PROJECT_IAM, iam_sa_user_project)),
        rule!("gcp-compute-public-ip", ["CKV_GCP_40"], Medium, PublicAccess, Some(("cis_gcp", "4.9")),
            "Compute instance has an external IP address",
            "A network interface has an access_config.", "Remove access_config; use Cloud NAT and IAP.",
            R(INSTANCES, compute_public_ip)),
        rule!("gcp-compute-project-ssh-keys", ["CKV_GCP_32"], Medium, Authentication, Some(("cis_gcp", "4.3")),
            "Compute instance accepts project-wide SSH keys",
            "metadata block-project-ssh-keys is not true.", "Set metadata = { block-project-ssh-keys = true }.",
            R(INSTANCES, compute_project_ssh_keys)),
        rule!("gcp-compute-serial-port", ["CKV_GCP_35"], Medium, Network, Some(("cis_gcp", "4.5")),
            "Compute instance serial port is enabled",
            "metadata serial-port-enable = true.", "Remove serial-port-enable.",
            R(INSTANCES, compute_serial_port)),
        rule!("gcp-compute-shielded-vm", ["CKV_GCP_39"], Low, Workload, Some(("cis_gcp", "4.8")),
            "Compute instance turns Shielded VM features off",
            "enable_vtpm or enable_integrity_monitoring is false.", "Leave vTPM and integrity monitoring on.",
            R(INSTANCES, compute_shielded)),
    ]
}

//! GCP misconfiguration rules: Cloud Storage, firewall rules, Cloud SQL, GKE, IAM and
//! Compute instances.

use super::check::{is_false, is_true, not_true, one_of, present};
use super::{
    attr, blocks, fail, is_world, strings, Category, Check, Condition, Ctx, Rule, Target, Verdict,
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
        description: "backup_configuration.enabled is not true.",
        remediation: "Add backup_configuration { enabled = true }.",
        target: Target::Resources(
            SQL,
            is_true("settings.backup_configuration.enabled", "Automated backups are not enabled."),
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
];

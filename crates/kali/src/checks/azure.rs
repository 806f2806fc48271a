//! Azure misconfiguration rules: storage accounts and containers, network security groups,
//! SQL servers, Key Vault, AKS and virtual machines.

use super::check::{is_false, is_true, joined, not_false, one_of, present, requirement};
use super::{
    attr, blocks, expect_bool, fail, is_world, strings, Category, Check, Ctx, Expected, Join, Link,
    Rule, Target, Verdict,
};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::{Resource, Value};

/// The first of several attribute names that is present (providers renamed some).
fn either<'v>(r: &'v Resource, names: &[&'static str]) -> (Option<&'v Value>, &'static str) {
    for n in names {
        if let Some(v) = attr(r, n) {
            return (Some(v), n);
        }
    }
    (None, names[0])
}

fn storage_https(_: &Ctx, r: &Resource) -> Verdict {
    match either(
        r,
        &["https_traffic_only_enabled", "enable_https_traffic_only"],
    ) {
        (Some(v), _) if !v.is_known() => Verdict::Unknown,
        (Some(v), at) if v.as_bool() == Some(false) => {
            fail(at, "The storage account accepts plain HTTP.")
        }
        _ => Verdict::Pass,
    }
}

fn storage_tls(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "min_tls_version") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(t)) if t == "TLS1_0" || t == "TLS1_1" => fail(
            "min_tls_version",
            format!("The minimum TLS version is {t}."),
        ),
        _ => Verdict::Pass,
    }
}

fn storage_public_blobs(_: &Ctx, r: &Resource) -> Verdict {
    match either(r, &["allow_nested_items_to_be_public", "allow_blob_public_access"]) {
        (Some(v), _) if !v.is_known() => Verdict::Unknown,
        (Some(v), _) if v.as_bool() == Some(false) => Verdict::Pass,
        (_, at) => fail(at, "Containers of the account may be made public (`allow_nested_items_to_be_public` is not false)."),
    }
}

/// A storage account's own `network_rules`, else a separate
/// `azurerm_storage_account_network_rules` of it (judged on its own, where the value is
/// written); an account with neither accepts every network, Azure's default.
fn storage_network_open(ctx: &Ctx, r: &Resource) -> Verdict {
    let deny_by_default = |path: &str, at: &str| {
        match attr(r, path) {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(a)) if a == "Deny" => Verdict::Pass,
        Some(Value::String(a)) => fail(
            at,
            format!("Traffic from all networks is allowed by default (default_action = \"{a}\")."),
        ),
        _ => fail(
            at,
            "The storage account accepts traffic from all networks (no `network_rules` with default_action = \"Deny\").",
        ),
    }
    };
    if r.resource_type == "azurerm_storage_account_network_rules" {
        return deny_by_default("default_action", "default_action");
    }
    if attr(r, "network_rules").is_none_or(|v| matches!(v, Value::Null))
        && (!ctx
            .related(
                "azurerm_storage_account_network_rules",
                "storage_account_id",
                r,
                &[],
            )
            .is_empty()
            || !ctx
                .related(
                    "azurerm_storage_account_network_rules",
                    "storage_account_name",
                    r,
                    &["name"],
                )
                .is_empty())
    {
        return Verdict::Pass;
    }
    deny_by_default("network_rules.default_action", "network_rules")
}

fn container_private(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "container_access_type") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(t)) if t == "blob" || t == "container" => fail(
            "container_access_type",
            format!("The container allows anonymous read access (\"{t}\")."),
        ),
        _ => Verdict::Pass,
    }
}

/// Whether an NSG rule (inline `security_rule` or azurerm_network_security_rule) allows
/// inbound traffic from the internet to `port`.
fn nsg_open(r: &Resource, port: u32, what: &str) -> Verdict {
    let rules: Vec<Value> = if r.resource_type == "azurerm_network_security_group" {
        blocks(r, "security_rule").into_iter().cloned().collect()
    } else {
        vec![Value::Object(r.attributes.as_ref().clone())]
    };
    let at = if r.resource_type == "azurerm_network_security_group" {
        "security_rule"
    } else {
        "source_address_prefix"
    };
    for rule in &rules {
        let s = |k: &str| rule.get(k).and_then(Value::as_str).unwrap_or("");
        if !s("direction").eq_ignore_ascii_case("Inbound")
            || !s("access").eq_ignore_ascii_case("Allow")
        {
            continue;
        }
        if !matches!(
            s("protocol").to_ascii_lowercase().as_str(),
            "tcp" | "*" | ""
        ) {
            continue;
        }
        let mut sources: Vec<String> = vec![s("source_address_prefix").to_string()];
        if let Some(list) = rule.get("source_address_prefixes").and_then(strings) {
            sources.extend(list);
        }
        let Some(world) = sources.iter().find(|x| is_world(x)) else {
            continue;
        };
        // Ports are written as numbers as often as strings.
        let mut ranges: Vec<String> = rule
            .get("destination_port_range")
            .and_then(port_text)
            .into_iter()
            .collect();
        if let Some(Value::List(list)) = rule.get("destination_port_ranges") {
            ranges.extend(list.iter().filter_map(port_text));
        }
        if ranges.iter().any(|range| port_in(range, port)) {
            return fail(
                at,
                format!("Inbound traffic from {world} is allowed to port {port} ({what})."),
            );
        }
    }
    Verdict::Pass
}

/// A port or port range as written: `"22"`, `22`, `"1000-2000"`, `"*"`.
fn port_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format!("{n}")),
        _ => None,
    }
}

fn port_in(range: &str, port: u32) -> bool {
    let range = range.trim();
    if range == "*" {
        return true;
    }
    match range.split_once('-') {
        Some((a, b)) => {
            matches!((a.trim().parse::<u32>(), b.trim().parse::<u32>()), (Ok(a), Ok(b)) if a <= port && port <= b)
        }
        None => range.parse::<u32>() == Ok(port),
    }
}

const NSGS: &[&str] = &[
    "azurerm_network_security_group",
    "azurerm_network_security_rule",
];

fn nsg_ssh(_: &Ctx, r: &Resource) -> Verdict {
    nsg_open(r, 22, "SSH")
}
fn nsg_rdp(_: &Ctx, r: &Resource) -> Verdict {
    nsg_open(r, 3389, "RDP")
}

fn sql_firewall_all(_: &Ctx, r: &Resource) -> Verdict {
    let s = |k: &str| attr(r, k).and_then(Value::as_str).map(str::to_string);
    match (s("start_ip_address"), s("end_ip_address")) {
        (Some(a), Some(b)) if a == "0.0.0.0" && b == "255.255.255.255" => fail(
            "start_ip_address",
            "The firewall rule admits every IPv4 address.",
        ),
        _ => Verdict::Pass,
    }
}

fn sql_tls(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "minimum_tls_version") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(t)) if t == "1.0" || t == "1.1" || t == "Disabled" => fail(
            "minimum_tls_version",
            format!("The minimum TLS version is {t}."),
        ),
        _ => Verdict::Pass,
    }
}

fn aks_rbac(_: &Ctx, r: &Resource) -> Verdict {
    match either(
        r,
        &[
            "role_based_access_control_enabled",
            "role_based_access_control.enabled",
        ],
    ) {
        (Some(v), _) if !v.is_known() => Verdict::Unknown,
        (Some(v), at) if v.as_bool() == Some(false) => fail(at, "Kubernetes RBAC is disabled."),
        _ => Verdict::Pass,
    }
}

fn aks_authorized_ips(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "private_cluster_enabled").and_then(Value::as_bool) == Some(true) {
        return Verdict::Pass;
    }
    match either(
        r,
        &[
            "api_server_access_profile.authorized_ip_ranges",
            "api_server_authorized_ip_ranges",
        ],
    ) {
        (Some(v), _) if !v.is_wholly_known() => Verdict::Unknown,
        (Some(v), at) => match strings(v) {
            Some(list) if !list.is_empty() && !list.iter().any(|c| is_world(c)) => Verdict::Pass,
            _ => fail(
                at.split('.').next().unwrap_or(at),
                "The API server accepts connections from any address.",
            ),
        },
        (None, at) => fail(
            at.split('.').next().unwrap_or(at),
            "The public API server has no authorized IP ranges.",
        ),
    }
}

fn linux_vm_password(_: &Ctx, r: &Resource) -> Verdict {
    let path = if r.resource_type == "azurerm_virtual_machine" {
        "os_profile_linux_config.disable_password_authentication"
    } else {
        "disable_password_authentication"
    };
    if r.resource_type == "azurerm_virtual_machine" && attr(r, "os_profile_linux_config").is_none()
    {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        path,
        true,
        true,
        "Password authentication is enabled; use SSH keys.",
    )
}

fn managed_disk_encryption(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "disk_encryption_set_id").is_some() || attr(r, "encryption_settings").is_some() {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "encryption_settings.enabled",
        true,
        false,
        "The disk is not encrypted with a customer-managed key or Azure Disk Encryption.",
    )
}

const STORAGE: &[&str] = &["azurerm_storage_account"];
const SQL: &[&str] = &["azurerm_mssql_server", "azurerm_sql_server"];
const AKS: &[&str] = &["azurerm_kubernetes_cluster"];
const VMS: &[&str] = &[
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
];

/// The rules of this platform, one row each.
pub(crate) static RULES: &[Rule] = &[
    Rule {
        id: "kali/azure-storage-http",
        title: "Storage account accepts plain HTTP",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        cis: Some(("cis_azure", "3.1")),
        checkov: &["CKV_AZURE_3"],
        description: "Secure transfer is turned off.",
        remediation: "Set https_traffic_only_enabled = true.",
        target: Target::Resources(STORAGE, Check::Function(storage_https)),
    },
    Rule {
        id: "kali/azure-storage-outdated-tls",
        title: "Storage account accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: Some(("cis_azure", "3.15")),
        checkov: &["CKV_AZURE_44"],
        description: "min_tls_version is TLS1_0 or TLS1_1.",
        remediation: "Set min_tls_version = \"TLS1_2\".",
        target: Target::Resources(STORAGE, Check::Function(storage_tls)),
    },
    Rule {
        id: "kali/azure-storage-public-blobs",
        title: "Storage account allows public blob access",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: Some(("cis_azure", "3.7")),
        checkov: &["CKV_AZURE_190"],
        description: "allow_nested_items_to_be_public is not false, so containers may be made anonymous.",
        remediation: "Set allow_nested_items_to_be_public = false.",
        target: Target::Resources(STORAGE, Check::Function(storage_public_blobs)),
    },
    Rule {
        id: "kali/azure-storage-network-open",
        title: "Storage account accepts traffic from all networks",
        severity: Severity::Medium,
        category: Category::Network,
        cis: Some(("cis_azure", "3.8")),
        checkov: &["CKV_AZURE_35"],
        description: "No network_rules deny by default.",
        remediation: "Add network_rules { default_action = \"Deny\" } with the networks that need access.",
        target: Target::Resources(
            &["azurerm_storage_account", "azurerm_storage_account_network_rules"],
            Check::Function(storage_network_open),
        ),
    },
    Rule {
        id: "kali/azure-storage-container-public",
        title: "Storage container allows anonymous access",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: Some(("cis_azure", "3.7")),
        checkov: &["CKV_AZURE_34"],
        description: "container_access_type is \"blob\" or \"container\".",
        remediation: "Set container_access_type = \"private\".",
        target: Target::Resources(
            &["azurerm_storage_container"],
            Check::Function(container_private),
        ),
    },
    Rule {
        id: "kali/azure-nsg-ssh-open",
        title: "Network security group allows SSH from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: Some(("cis_azure", "6.2")),
        checkov: &["CKV_AZURE_10"],
        description: "An inbound Allow rule admits * / Internet / 0.0.0.0/0 to port 22.",
        remediation: "Restrict the source to known addresses, or use Azure Bastion.",
        target: Target::Resources(NSGS, Check::Function(nsg_ssh)),
    },
    Rule {
        id: "kali/azure-nsg-rdp-open",
        title: "Network security group allows RDP from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: Some(("cis_azure", "6.1")),
        checkov: &["CKV_AZURE_9"],
        description: "An inbound Allow rule admits * / Internet / 0.0.0.0/0 to port 3389.",
        remediation: "Restrict the source to known addresses, or use Azure Bastion.",
        target: Target::Resources(NSGS, Check::Function(nsg_rdp)),
    },
    Rule {
        id: "kali/azure-sql-firewall-all",
        title: "SQL firewall rule admits every address",
        severity: Severity::High,
        category: Category::Network,
        cis: Some(("cis_azure", "4.1.2")),
        checkov: &["CKV_AZURE_11"],
        description: "The rule spans 0.0.0.0 to 255.255.255.255.",
        remediation: "Admit only the addresses that need access.",
        target: Target::Resources(
            &[
                "azurerm_mssql_firewall_rule",
                "azurerm_sql_firewall_rule",
                "azurerm_postgresql_firewall_rule",
                "azurerm_mysql_firewall_rule",
                "azurerm_mysql_flexible_server_firewall_rule",
                "azurerm_postgresql_flexible_server_firewall_rule",
            ],
            Check::Function(sql_firewall_all),
        ),
    },
    Rule {
        id: "kali/azure-sql-public",
        title: "SQL server is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_113"],
        description: "public_network_access_enabled is not false.",
        remediation: "Set public_network_access_enabled = false and use private endpoints.",
        target: Target::Resources(
            SQL,
            is_false(
                "public_network_access_enabled",
                "The SQL server is reachable from public networks.",
            ),
        ),
    },
    Rule {
        id: "kali/azure-sql-outdated-tls",
        title: "SQL server accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_52"],
        description: "minimum_tls_version is older than 1.2.",
        remediation: "Set minimum_tls_version = \"1.2\".",
        target: Target::Resources(SQL, Check::Function(sql_tls)),
    },
    Rule {
        id: "kali/azure-sql-auditing",
        title: "SQL server auditing is not enabled",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: Some(("cis_azure", "4.1.1")),
        checkov: &["CKV_AZURE_23"],
        description: "No extended auditing policy for the server.",
        remediation: "Add azurerm_mssql_server_extended_auditing_policy for the server.",
        target: Target::Resources(
            &["azurerm_mssql_server", "azurerm_sql_server"],
            joined(
                Some(requirement("extended_auditing_policy", Expected::Block)),
                &[
                    Join {
                        resource_type: "azurerm_mssql_server_extended_auditing_policy",
                        link: Link::Refers { attr: "server_id", names: &[] },
                        requirement: None,
                    },
                ],
                "extended_auditing_policy",
                "Auditing is not enabled for the SQL server.",
            ),
        ),
    },
    Rule {
        id: "kali/azure-postgres-ssl",
        title: "PostgreSQL server does not enforce SSL",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: Some(("cis_azure", "4.3.1")),
        checkov: &["CKV_AZURE_29"],
        description: "ssl_enforcement_enabled is false.",
        remediation: "Set ssl_enforcement_enabled = true.",
        target: Target::Resources(
            &["azurerm_postgresql_server", "azurerm_mysql_server"],
            not_false("ssl_enforcement_enabled", "SSL is not enforced for connections."),
        ),
    },
    Rule {
        id: "kali/azure-keyvault-purge-protection",
        title: "Key Vault purge protection is not enabled",
        severity: Severity::Medium,
        category: Category::Backup,
        cis: Some(("cis_azure", "8.5")),
        checkov: &["CKV_AZURE_110", "CKV_AZURE_42"],
        description: "Deleted keys and secrets can be purged before the retention period ends.",
        remediation: "Set purge_protection_enabled = true.",
        target: Target::Resources(
            &["azurerm_key_vault"],
            is_true(
                "purge_protection_enabled",
                "Purge protection is not enabled: deleted keys and secrets can be purged at once.",
            ),
        ),
    },
    Rule {
        id: "kali/azure-keyvault-network-open",
        title: "Key Vault accepts traffic from all networks",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_109"],
        description: "No network_acls deny by default.",
        remediation: "Add network_acls { default_action = \"Deny\", bypass = \"AzureServices\" }.",
        target: Target::Resources(
            &["azurerm_key_vault"],
            one_of(
                "network_acls.default_action",
                &["Deny"],
                "The key vault accepts traffic from all networks (no network_acls with default_action = \"Deny\").",
            ),
        ),
    },
    Rule {
        id: "kali/azure-keyvault-secret-expiry",
        title: "Key Vault secret has no expiration date",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: Some(("cis_azure", "8.4")),
        checkov: &["CKV_AZURE_41"],
        description: "expiration_date is not set.",
        remediation: "Set expiration_date and rotate before it.",
        target: Target::Resources(
            &["azurerm_key_vault_secret"],
            present("expiration_date", "No expiration date is set."),
        ),
    },
    Rule {
        id: "kali/azure-keyvault-key-expiry",
        title: "Key Vault key has no expiration date",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: Some(("cis_azure", "8.3")),
        checkov: &["CKV_AZURE_40"],
        description: "expiration_date is not set.",
        remediation: "Set expiration_date and rotate before it.",
        target: Target::Resources(
            &["azurerm_key_vault_key"],
            present("expiration_date", "No expiration date is set."),
        ),
    },
    Rule {
        id: "kali/azure-aks-rbac-disabled",
        title: "AKS RBAC is disabled",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AZURE_5"],
        description: "role_based_access_control_enabled = false.",
        remediation: "Enable RBAC (the default).",
        target: Target::Resources(AKS, Check::Function(aks_rbac)),
    },
    Rule {
        id: "kali/azure-aks-api-open",
        title: "AKS API server accepts any address",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_6"],
        description: "The public API server has no authorized IP ranges.",
        remediation: "Set api_server_access_profile { authorized_ip_ranges = [...] } or make the cluster private.",
        target: Target::Resources(AKS, Check::Function(aks_authorized_ips)),
    },
    Rule {
        id: "kali/azure-aks-network-policy",
        title: "AKS has no network policy",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_7"],
        description: "network_profile.network_policy is not set.",
        remediation: "Set network_profile { network_policy = \"azure\" } (or \"calico\", \"cilium\").",
        target: Target::Resources(
            AKS,
            present(
                "network_profile.network_policy",
                "No network policy engine: every pod can reach every other pod.",
            ),
        ),
    },
    Rule {
        id: "kali/azure-aks-local-accounts",
        title: "AKS local accounts are enabled",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_141"],
        description: "local_account_disabled is not true.",
        remediation: "Set local_account_disabled = true and use Entra ID.",
        target: Target::Resources(
            AKS,
            is_true(
                "local_account_disabled",
                "Local accounts (a static admin kubeconfig) are enabled.",
            ),
        ),
    },
    Rule {
        id: "kali/azure-vm-password-auth",
        title: "Linux VM allows password authentication",
        severity: Severity::High,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_149", "CKV_AZURE_1"],
        description: "disable_password_authentication is false.",
        remediation: "Use admin_ssh_key and set disable_password_authentication = true.",
        target: Target::Resources(
            &[
                "azurerm_linux_virtual_machine",
                "azurerm_linux_virtual_machine_scale_set",
                "azurerm_virtual_machine",
            ],
            Check::Function(linux_vm_password),
        ),
    },
    Rule {
        id: "kali/azure-vm-encryption-at-host",
        title: "VM encryption at host is not enabled",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_151"],
        description: "encryption_at_host_enabled is not true.",
        remediation: "Set encryption_at_host_enabled = true.",
        target: Target::Resources(
            VMS,
            is_true(
                "encryption_at_host_enabled",
                "Encryption at host is not enabled (temp disks and caches are unencrypted).",
            ),
        ),
    },
    Rule {
        id: "kali/azure-managed-disk-encryption",
        title: "Managed disk is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: Some(("cis_azure", "7.3")),
        checkov: &["CKV_AZURE_93"],
        description: "Neither disk_encryption_set_id nor encryption_settings is set.",
        remediation: "Set disk_encryption_set_id.",
        target: Target::Resources(
            &["azurerm_managed_disk"],
            Check::Function(managed_disk_encryption),
        ),
    },
];

//! Azure misconfiguration rules: storage accounts and containers, network security groups,
//! SQL servers, Key Vault, AKS and virtual machines.

use super::{
    attr, blocks, expect_bool, expect_set, fail, is_world, strings, Ctx, Rule, Target, Verdict,
};
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

fn storage_network_deny(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "network_rules.default_action") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(a)) if a == "Deny" => Verdict::Pass,
        _ => fail("network_rules", "The storage account accepts traffic from all networks (no `network_rules` with default_action = \"Deny\")."),
    }
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
        let mut ranges: Vec<String> = vec![s("destination_port_range").to_string()];
        if let Some(list) = rule.get("destination_port_ranges").and_then(strings) {
            ranges.extend(list);
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

fn sql_public(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "public_network_access_enabled",
        false,
        true,
        "The SQL server is reachable from public networks.",
    )
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

fn sql_auditing(ctx: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "extended_auditing_policy")
        .is_some_and(|v| !matches!(v, Value::Null | Value::List(_)))
        || !ctx
            .related(
                "azurerm_mssql_server_extended_auditing_policy",
                "server_id",
                r,
                &[],
            )
            .is_empty()
    {
        return Verdict::Pass;
    }
    fail(
        "extended_auditing_policy",
        "Auditing is not enabled for the SQL server.",
    )
}

fn postgres_ssl(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "ssl_enforcement_enabled",
        true,
        true,
        "SSL is not enforced for connections.",
    )
}

fn keyvault_purge_protection(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "purge_protection_enabled",
        true,
        false,
        "Purge protection is not enabled: deleted keys and secrets can be purged at once.",
    )
}

fn keyvault_network(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "network_acls.default_action") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(a)) if a == "Deny" => Verdict::Pass,
        _ => fail("network_acls", "The key vault accepts traffic from all networks (no network_acls with default_action = \"Deny\")."),
    }
}

fn keyvault_expiry(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(r, "expiration_date", "No expiration date is set.")
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

fn aks_network_policy(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(
        r,
        "network_profile.network_policy",
        "No network policy engine: every pod can reach every other pod.",
    )
}

fn aks_local_accounts(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "local_account_disabled",
        true,
        false,
        "Local accounts (a static admin kubeconfig) are enabled.",
    )
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

fn vm_encryption_at_host(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "encryption_at_host_enabled",
        true,
        false,
        "Encryption at host is not enabled (temp disks and caches are unencrypted).",
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

pub fn rules() -> Vec<Rule> {
    use Target::Resources as R;
    vec![
        rule!("azure-storage-http", ["CKV_AZURE_3"], High, EncryptionInTransit, Some(("cis_azure", "3.1")),
            "Storage account accepts plain HTTP",
            "Secure transfer is turned off.", "Set https_traffic_only_enabled = true.",
            R(STORAGE, storage_https)),
        rule!("azure-storage-outdated-tls", ["CKV_AZURE_44"], Medium, EncryptionInTransit, Some(("cis_azure", "3.15")),
            "Storage account accepts TLS before 1.2",
            "min_tls_version is TLS1_0 or TLS1_1.", "Set min_tls_version = \"TLS1_2\".",
            R(STORAGE, storage_tls)),
        rule!("azure-storage-public-blobs", ["CKV_AZURE_190"], High, PublicAccess, Some(("cis_azure", "3.7")),
            "Storage account allows public blob access",
            "allow_nested_items_to_be_public is not false, so containers may be made anonymous.", "Set allow_nested_items_to_be_public = false.",
            R(STORAGE, storage_public_blobs)),
        rule!("azure-storage-network-open", ["CKV_AZURE_35"], Medium, Network, Some(("cis_azure", "3.8")),
            "Storage account accepts traffic from all networks",
            "No network_rules deny by default.", "Add network_rules { default_action = \"Deny\" } with the networks that need access.",
            R(STORAGE, storage_network_deny)),
        rule!("azure-storage-container-public", ["CKV_AZURE_34"], High, PublicAccess, Some(("cis_azure", "3.7")),
            "Storage container allows anonymous access",
            "container_access_type is \"blob\" or \"container\".", "Set container_access_type = \"private\".",
            R(&["azurerm_storage_container"], container_private)),
        rule!("azure-nsg-ssh-open", ["CKV_AZURE_10"], High, Network, Some(("cis_azure", "6.2")),
            "Network security group allows SSH from the internet",
            "An inbound Allow rule admits * / Internet / 0.0.0.0/0 to port 22.", "Restrict the source to known addresses, or use Azure Bastion.",
            R(NSGS, nsg_ssh)),
        rule!("azure-nsg-rdp-open", ["CKV_AZURE_9"], High, Network, Some(("cis_azure", "6.1")),
            "Network security group allows RDP from the internet",
            "An inbound Allow rule admits * / Internet / 0.0.0.0/0 to port 3389.", "Restrict the source to known addresses, or use Azure Bastion.",
            R(NSGS, nsg_rdp)),
        rule!("azure-sql-firewall-all", ["CKV_AZURE_11"], High, Network, Some(("cis_azure", "4.1.2")),
            "SQL firewall rule admits every address",
            "The rule spans 0.0.0.0 to 255.255.255.255.", "Admit only the addresses that need access.",
            R(&["azurerm_mssql_firewall_rule", "azurerm_sql_firewall_rule", "azurerm_postgresql_firewall_rule", "azurerm_mysql_firewall_rule"], sql_firewall_all)),
        rule!("azure-sql-public", ["CKV_AZURE_113"], Medium, PublicAccess, None,
            "SQL server is reachable from public networks",
            "public_network_access_enabled is not false.", "Set public_network_access_enabled = false and use private endpoints.",
            R(SQL, sql_public)),
        rule!("azure-sql-outdated-tls", ["CKV_AZURE_52"], Medium, EncryptionInTransit, None,
            "SQL server accepts TLS before 1.2",
            "minimum_tls_version is older than 1.2.", "Set minimum_tls_version = \"1.2\".",
            R(SQL, sql_tls)),
        rule!("azure-sql-auditing", ["CKV_AZURE_23"], Medium, Logging, Some(("cis_azure", "4.1.1")),
            "SQL server auditing is not enabled",
            "No extended auditing policy for the server.", "Add azurerm_mssql_server_extended_auditing_policy for the server.",
            R(&["azurerm_mssql_server"], sql_auditing)),
        rule!("azure-postgres-ssl", ["CKV_AZURE_29"], Medium, EncryptionInTransit, Some(("cis_azure", "4.3.1")),
            "PostgreSQL server does not enforce SSL",
            "ssl_enforcement_enabled is false.", "Set ssl_enforcement_enabled = true.",
            R(&["azurerm_postgresql_server", "azurerm_mysql_server"], postgres_ssl)),
        rule!("azure-keyvault-purge-protection", ["CKV_AZURE_110", "CKV_AZURE_42"], Medium, Backup, Some(("cis_azure", "8.5")),
            "Key Vault purge protection is not enabled",
            "Deleted keys and secrets can be purged before the retention period ends.", "Set purge_protection_enabled = true.",
            R(&["azurerm_key_vault"], keyvault_purge_protection)),
        rule!("azure-keyvault-network-open", ["CKV_AZURE_109"], Medium, Network, None,
            "Key Vault accepts traffic from all networks",
            "No network_acls deny by default.", "Add network_acls { default_action = \"Deny\", bypass = \"AzureServices\" }.",
            R(&["azurerm_key_vault"], keyvault_network)),
        rule!("azure-keyvault-secret-expiry", ["CKV_AZURE_41"], Low, KeyManagement, Some(("cis_azure", "8.4")),
            "Key Vault secret has no expiration date",
            "expiration_date is not set.", "Set expiration_date and rotate before it.",
            R(&["azurerm_key_vault_secret"], keyvault_expiry)),
        rule!("azure-keyvault-key-expiry", ["CKV_AZURE_40"], Low, KeyManagement, Some(("cis_azure", "8.3")),
            "Key Vault key has no expiration date",
            "expiration_date is not set.", "Set expiration_date and rotate before it.",
            R(&["azurerm_key_vault_key"], keyvault_expiry)),
        rule!("azure-aks-rbac-disabled", ["CKV_AZURE_5"], High, LeastPrivilege, None,
            "AKS RBAC is disabled",
            "role_based_access_control_enabled = false.", "Enable RBAC (the default).",
            R(AKS, aks_rbac)),
        rule!("azure-aks-api-open", ["CKV_AZURE_6"], Medium, Network, None,
            "AKS API server accepts any address",
            "The public API server has no authorized IP ranges.", "Set api_server_access_profile { authorized_ip_ranges = [...] } or make the cluster private.",
            R(AKS, aks_authorized_ips)),
        rule!("azure-aks-network-policy", ["CKV_AZURE_7"], Medium, Network, None,
            "AKS has no network policy",
            "network_profile.network_policy is not set.", "Set network_profile { network_policy = \"azure\" } (or \"calico\", \"cilium\").",
            R(AKS, aks_network_policy)),
        rule!("azure-aks-local-accounts", ["CKV_AZURE_141"], Medium, Authentication, None,
            "AKS local accounts are enabled",
            "local_account_disabled is not true.", "Set local_account_disabled = true and use Entra ID.",
            R(AKS, aks_local_accounts)),
        rule!("azure-vm-password-auth", ["CKV_AZURE_149", "CKV_AZURE_1"], High, Authentication, None,
            "Linux VM allows password authentication",
            "disable_password_authentication is false.", "Use admin_ssh_key and set disable_password_authentication = true.",
            R(&["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set", "azurerm_virtual_machine"], linux_vm_password)),
        rule!("azure-vm-encryption-at-host", ["CKV_AZURE_151"], Low, EncryptionAtRest, None,
            "VM encryption at host is not enabled",
            "encryption_at_host_enabled is not true.", "Set encryption_at_host_enabled = true.",
            R(VMS, vm_encryption_at_host)),
        rule!("azure-managed-disk-encryption", ["CKV_AZURE_93"], Low, EncryptionAtRest, Some(("cis_azure", "7.3")),
            "Managed disk is not encrypted with a customer-managed key",
            "Neither disk_encryption_set_id nor encryption_settings is set.", "Set disk_encryption_set_id.",
            R(&["azurerm_managed_disk"], managed_disk_encryption)),
    ]
}

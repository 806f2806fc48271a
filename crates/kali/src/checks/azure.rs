//! Azure misconfiguration rules: storage accounts and containers, network security groups,
//! virtual networks and interfaces, SQL, PostgreSQL, MySQL and MariaDB servers, Cosmos DB,
//! Redis, Key Vault, container registries, AKS, App Service and function apps, and virtual
//! machines.

use super::check::{
    at_least, is_false, is_true, joined, none_of, not_false, not_true, one_of, present, requirement,
};
use super::{
    attr, blocks, bool_of, expect_bool, fail, first, is_world, refers_to, strings, top, Category,
    Check, Condition, Ctx, Expected, Join, Link, Rule, Target, Verdict,
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
        let Some(world) = sources.iter().find(|x| nsg_world(x)) else {
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

/// Whether an NSG source prefix means the internet: the usual forms, and any `/0` prefix.
fn nsg_world(prefix: &str) -> bool {
    is_world(prefix) || prefix.trim().ends_with("/0")
}

fn nsg_http(_: &Ctx, r: &Resource) -> Verdict {
    nsg_open(r, 80, "HTTP")
}

/// Any inbound Allow rule for UDP from the internet, whatever the port.
fn nsg_udp(_: &Ctx, r: &Resource) -> Verdict {
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
            || !s("protocol").eq_ignore_ascii_case("Udp")
        {
            continue;
        }
        let mut sources: Vec<String> = vec![s("source_address_prefix").to_string()];
        if let Some(list) = rule.get("source_address_prefixes").and_then(strings) {
            sources.extend(list);
        }
        if let Some(world) = sources.iter().find(|x| nsg_world(x)) {
            return fail(at, format!("Inbound UDP traffic from {world} is allowed."));
        }
    }
    Verdict::Pass
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

/// A private endpoint whose `private_service_connection` refers to the resource.
fn private_endpoint(ctx: &Ctx, r: &Resource) -> Verdict {
    let linked = ctx
        .of_type("azurerm_private_endpoint")
        .iter()
        .filter(|pe| pe.root == r.root)
        .any(|pe| {
            blocks(pe, "private_service_connection").iter().any(|c| {
                c.get("private_connection_resource_id")
                    .is_some_and(|v| refers_to(v, r, &[]))
            })
        });
    if linked {
        Verdict::Pass
    } else {
        fail(
            "name",
            "No private endpoint connects to it: it is reached over its public endpoint.",
        )
    }
}

/// Subnets Azure reserves or that cannot take an NSG.
const SUBNETS_WITHOUT_NSG: &[&str] = &["GatewaySubnet", "AzureFirewallSubnet"];

fn subnet_nsg(ctx: &Ctx, r: &Resource) -> Verdict {
    let name = attr(r, "name").and_then(Value::as_str).unwrap_or("");
    if SUBNETS_WITHOUT_NSG
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
    {
        return Verdict::Pass;
    }
    let netapp = blocks(r, "delegation").iter().any(|d| {
        d.get("service_delegation")
            .map(first)
            .and_then(|sd| sd.get("name"))
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case("Microsoft.Netapp/volumes"))
    });
    if netapp
        || attr(r, "network_security_group_id").is_some()
        || !ctx
            .related(
                "azurerm_subnet_network_security_group_association",
                "subnet_id",
                r,
                &[],
            )
            .is_empty()
    {
        return Verdict::Pass;
    }
    fail(
        "name",
        "No network security group is associated with the subnet.",
    )
}

fn vnet_single_dns(_: &Ctx, r: &Resource) -> Verdict {
    match r.attributes.get("dns_servers") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::List(l)) if l.len() == 1 => fail(
            "dns_servers",
            "Only one DNS server is configured: it is a single point of failure.",
        ),
        _ => Verdict::Pass,
    }
}

/// Whether `ip` lies in `cidr`; `None` when either does not parse.
fn ip_in_cidr(ip: &str, cidr: &str) -> Option<bool> {
    use std::net::IpAddr;
    let ip: IpAddr = ip.trim().parse().ok()?;
    let (net, bits) = cidr.trim().split_once('/')?;
    let net: IpAddr = net.parse().ok()?;
    let bits: u32 = bits.parse().ok()?;
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) if bits <= 32 => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            Some(u32::from(a) & mask == u32::from(n) & mask)
        }
        (IpAddr::V6(a), IpAddr::V6(n)) if bits <= 128 => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            Some(u128::from(a) & mask == u128::from(n) & mask)
        }
        (IpAddr::V4(_), IpAddr::V6(_)) | (IpAddr::V6(_), IpAddr::V4(_)) => Some(false),
        _ => None,
    }
}

fn vnet_local_dns(_: &Ctx, r: &Resource) -> Verdict {
    let Some(dns) = r.attributes.get("dns_servers") else {
        return Verdict::Pass;
    };
    let Some(dns) = strings(dns) else {
        return Verdict::Unknown;
    };
    if dns.is_empty() {
        return Verdict::Pass;
    }
    let spaces = match r.attributes.get("address_space") {
        None => Vec::new(),
        Some(v) => match strings(v) {
            Some(s) => s,
            None => return Verdict::Unknown,
        },
    };
    for ip in &dns {
        for space in &spaces {
            match ip_in_cidr(ip, space) {
                None => return Verdict::Unknown,
                Some(true) => return Verdict::Pass,
                Some(false) => {}
            }
        }
    }
    fail(
        "dns_servers",
        "No DNS server lies in the network's own address space: name resolution depends on external servers.",
    )
}

fn function_app_https(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "https_only")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        Ok(_) => {
            return fail(
                "https_only",
                "The function app accepts plain HTTP (`https_only` is not true).",
            )
        }
    }
    expect_bool(
        r,
        "auth_settings_v2.require_https",
        true,
        true,
        "Authentication accepts plain HTTP (`auth_settings_v2.require_https` is false).",
    )
}

/// The minimum TLS version of an app's `site_config` (`minimum_tls_version`, or
/// `min_tls_version` on the older resources): below 1.2 fails, unset passes (the provider
/// defaults to 1.2).
fn app_tls(_: &Ctx, r: &Resource) -> Verdict {
    for path in [
        "site_config.minimum_tls_version",
        "site_config.min_tls_version",
    ] {
        match attr(r, path) {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(v) => {
                if let Some(t) = v.as_f64().filter(|t| *t < 1.2) {
                    return fail(
                        "site_config",
                        format!("The app accepts TLS {t} (the minimum should be 1.2)."),
                    );
                }
            }
            None => {}
        }
    }
    Verdict::Pass
}

fn storage_name(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "name") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(n))
            if (3..=24).contains(&n.len())
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) =>
        {
            Verdict::Pass
        }
        _ => fail(
            "name",
            "The name is not 3 to 24 lowercase letters and digits, so Azure rejects it.",
        ),
    }
}

fn cosmos_restricted(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "public_network_access_enabled")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(false)) => return Verdict::Pass,
        Ok(_) => {}
    }
    match bool_of(attr(r, "is_virtual_network_filter_enabled")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => {
            let set = |k: &str| match attr(r, k) {
                None | Some(Value::Null) => false,
                Some(Value::String(s)) => !s.is_empty(),
                Some(Value::List(l)) => !l.is_empty(),
                Some(_) => true,
            };
            if set("virtual_network_rule") || set("ip_range_filter") {
                return Verdict::Pass;
            }
        }
        Ok(_) => {}
    }
    fail(
        "public_network_access_enabled",
        "The account is reachable from public networks without a virtual network or IP filter.",
    )
}

fn vmss_os_patching(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "automatic_os_upgrade")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        Ok(_) => {
            return fail(
                "automatic_os_upgrade",
                "Automatic OS image upgrades are off (`automatic_os_upgrade` is not true).",
            )
        }
    }
    if attr(r, "os_profile_windows_config").is_none() {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "os_profile_windows_config.enable_automatic_upgrades",
        true,
        false,
        "Windows automatic updates are off (`enable_automatic_upgrades` is not true).",
    )
}

/// API Management protocols older than TLS 1.2.
const APIM_OLD_PROTOCOLS: &[&str] = &[
    "enable_back_end_ssl30",
    "enable_backend_tls10",
    "enable_backend_tls11",
    "enable_frontend_ssl30",
    "enable_frontend_tls10",
    "enable_frontend_tls11",
];

fn apim_tls(_: &Ctx, r: &Resource) -> Verdict {
    for key in APIM_OLD_PROTOCOLS {
        match bool_of(attr(r, &format!("security.{key}"))) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(true)) => {
                return fail(
                    "security",
                    format!("A protocol older than TLS 1.2 is enabled (`{key}` is true)."),
                )
            }
            Ok(_) => {}
        }
    }
    Verdict::Pass
}

fn nic_public_ip(ctx: &Ctx, r: &Resource) -> Verdict {
    let mut unknown = false;
    for conf in blocks(r, "ip_configuration") {
        match conf.get("public_ip_address_id") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.is_empty() => {}
            Some(v @ (Value::Unknown(_) | Value::Partial(..))) => {
                if ctx
                    .of_type("azurerm_public_ip")
                    .iter()
                    .any(|ip| ip.root == r.root && refers_to(v, ip, &[]))
                {
                    return fail(
                        "ip_configuration",
                        "The network interface has a public IP address.",
                    );
                }
                unknown = true;
            }
            Some(_) => {
                return fail(
                    "ip_configuration",
                    "The network interface has a public IP address.",
                )
            }
        }
    }
    if unknown {
        Verdict::Unknown
    } else {
        Verdict::Pass
    }
}

fn app_gateway_waf(ctx: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "waf_configuration.enabled")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => return Verdict::Pass,
        Ok(_) => {}
    }
    if let Some(v) = attr(r, "firewall_policy_id") {
        if let Some(policy) = ctx.referenced("azurerm_web_application_firewall_policy", v, r, &[]) {
            return match bool_of(attr(policy, "policy_settings.enabled")) {
                Err(_) => Verdict::Unknown,
                Ok(Some(false)) => fail(
                    "firewall_policy_id",
                    "The gateway's WAF policy is disabled (`policy_settings.enabled` is false).",
                ),
                Ok(_) => Verdict::Pass,
            };
        }
    }
    fail(
        "waf_configuration",
        "No web application firewall is enabled on the gateway.",
    )
}

fn aks_azure_policy(_: &Ctx, r: &Resource) -> Verdict {
    for path in ["azure_policy_enabled", "addon_profile.azure_policy.enabled"] {
        match bool_of(attr(r, path)) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(true)) => return Verdict::Pass,
            Ok(_) => {}
        }
    }
    fail(
        "azure_policy_enabled",
        "The Azure Policy add-on is not enabled (`azure_policy_enabled` is not true).",
    )
}

fn aks_host_encryption(_: &Ctx, r: &Resource) -> Verdict {
    let prefix = if r.resource_type == "azurerm_kubernetes_cluster" {
        "default_node_pool."
    } else {
        ""
    };
    for key in ["host_encryption_enabled", "enable_host_encryption"] {
        match bool_of(attr(r, &format!("{prefix}{key}"))) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(true)) => return Verdict::Pass,
            Ok(_) => {}
        }
    }
    let at = if prefix.is_empty() {
        "host_encryption_enabled"
    } else {
        "default_node_pool"
    };
    fail(
        at,
        "Host encryption is off: node temp disks and caches are not encrypted.",
    )
}

fn aks_max_pods(_: &Ctx, r: &Resource) -> Verdict {
    let path = if r.resource_type == "azurerm_kubernetes_cluster" {
        "default_node_pool.max_pods"
    } else {
        "max_pods"
    };
    match attr(r, path) {
        Some(v) if !v.is_known() => Verdict::Unknown,
        v => {
            let pods = v.and_then(Value::as_f64).unwrap_or(30.0);
            if pods < 50.0 {
                fail(
                    top(path),
                    format!("Nodes run at most {pods} pods (`max_pods` should be 50 or more)."),
                )
            } else {
                Verdict::Pass
            }
        }
    }
}

fn storage_local_users(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "local_user_enabled").is_none() {
        match bool_of(attr(r, "is_hns_enabled")) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(true)) => {}
            Ok(_) => return Verdict::Pass,
        }
    }
    expect_bool(
        r,
        "local_user_enabled",
        false,
        true,
        "Local users (SFTP and key-based access) are enabled.",
    )
}

fn vm_unmanaged_disks(_: &Ctx, r: &Resource) -> Verdict {
    for block in ["storage_os_disk", "storage_data_disk"] {
        if blocks(r, block)
            .iter()
            .any(|d| d.get("vhd_uri").is_some_and(|v| !matches!(v, Value::Null)))
        {
            return fail(
                block,
                "A disk is an unmanaged VHD in a storage account (`vhd_uri`).",
            );
        }
    }
    Verdict::Pass
}

fn servicebus_tls(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "minimum_tls_version") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) => match v.as_f64() {
            Some(t) if t < 1.2 => fail(
                "minimum_tls_version",
                format!("The minimum TLS version is {t}."),
            ),
            _ => Verdict::Pass,
        },
        None => Verdict::Pass,
    }
}

fn storage_sas_expiry(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "shared_access_key_enabled")) {
        Err(_) => Verdict::Unknown,
        Ok(Some(false)) => Verdict::Pass,
        Ok(_) => match attr(r, "sas_policy.expiration_period") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            Some(Value::String(p)) if !p.is_empty() => Verdict::Pass,
            _ => fail(
                "sas_policy",
                "SAS tokens never expire: no `sas_policy.expiration_period` is set.",
            ),
        },
    }
}

fn storage_soft_delete(_: &Ctx, r: &Resource) -> Verdict {
    let (path, message) = match attr(r, "account_kind").and_then(Value::as_str) {
        Some(kind) if kind.eq_ignore_ascii_case("FileStorage") => (
            "share_properties.retention_policy",
            "Deleted file shares cannot be recovered (no `share_properties.retention_policy`).",
        ),
        _ => (
            "blob_properties.delete_retention_policy",
            "Deleted blobs cannot be recovered (no `blob_properties.delete_retention_policy`).",
        ),
    };
    match attr(r, path) {
        None | Some(Value::Null) => fail(top(path), message),
        Some(Value::List(l)) if l.is_empty() => fail(top(path), message),
        _ => Verdict::Pass,
    }
}

/// Front Door WAF policies must run the default rule set with the Log4Shell rule
/// (944240 of the JAVA group) left on and blocking.
fn frontdoor_log4j(_: &Ctx, r: &Resource) -> Verdict {
    for rule_set in blocks(r, "managed_rule") {
        let kind = rule_set.get("type").and_then(Value::as_str).unwrap_or("");
        if kind != "DefaultRuleSet" && kind != "Microsoft_DefaultRuleSet" {
            continue;
        }
        let overrides: Vec<&Value> = match rule_set.get("override") {
            Some(Value::List(l)) => l.iter().collect(),
            Some(v @ Value::Object(_)) => vec![v],
            _ => Vec::new(),
        };
        for group in overrides {
            if group.get("rule_group_name").and_then(Value::as_str) != Some("JAVA") {
                continue;
            }
            let rules: Vec<&Value> = match group.get("rule") {
                Some(Value::List(l)) => l.iter().collect(),
                Some(v @ Value::Object(_)) => vec![v],
                _ => Vec::new(),
            };
            for rule in rules {
                if rule.get("rule_id").and_then(Value::as_str) != Some("944240") {
                    continue;
                }
                let (enabled, action) = (rule.get("enabled"), rule.get("action"));
                if enabled.is_some_and(|v| !v.is_known()) || action.is_some_and(|v| !v.is_known()) {
                    return Verdict::Unknown;
                }
                let on = enabled.and_then(Value::as_bool) == Some(true);
                let blocks_it = matches!(
                    action.and_then(Value::as_str),
                    Some("Block") | Some("Redirect")
                );
                if !on || !blocks_it {
                    return fail(
                        "managed_rule",
                        "Rule 944240 (Log4Shell, CVE-2021-44228) is overridden off or not blocking.",
                    );
                }
            }
        }
        return Verdict::Pass;
    }
    fail(
        "managed_rule",
        "No default managed rule set guards against Log4Shell (CVE-2021-44228).",
    )
}

fn role_owner_actions(_: &Ctx, r: &Resource) -> Verdict {
    for permissions in blocks(r, "permissions") {
        match permissions.get("actions") {
            Some(v) if !v.is_wholly_known() => return Verdict::Unknown,
            Some(v) if strings(v).unwrap_or_default().iter().any(|a| a == "*") => {
                return fail(
                    "permissions",
                    "The custom role allows every action (`actions` includes \"*\"): it is an owner role.",
                );
            }
            _ => {}
        }
    }
    Verdict::Pass
}

fn log_profile_categories(_: &Ctx, r: &Resource) -> Verdict {
    let Some(v) = r.attributes.get("categories") else {
        return fail("categories", "The log profile captures no categories.");
    };
    let Some(have) = strings(v) else {
        return Verdict::Unknown;
    };
    let missing: Vec<&str> = ["Write", "Delete", "Action"]
        .into_iter()
        .filter(|c| !have.iter().any(|h| h == c))
        .collect();
    if missing.is_empty() {
        Verdict::Pass
    } else {
        fail(
            "categories",
            format!("The log profile does not capture {}.", missing.join(", ")),
        )
    }
}

fn log_profile_retention(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "retention_policy").is_none() {
        return fail(
            "retention_policy",
            "The log profile has no retention policy.",
        );
    }
    match bool_of(attr(r, "retention_policy.enabled")) {
        Err(_) => Verdict::Unknown,
        // Disabled retention keeps the logs forever.
        Ok(Some(false)) | Ok(None) => Verdict::Pass,
        Ok(Some(true)) => match attr(r, "retention_policy.days") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            v => match v.and_then(Value::as_f64) {
                Some(d) if d >= 365.0 => Verdict::Pass,
                _ => fail(
                    "retention_policy",
                    "Activity logs are kept for less than 365 days.",
                ),
            },
        },
    }
}

fn flow_log_retention(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "enabled")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        Ok(_) => return fail("enabled", "The flow log is not enabled."),
    }
    match bool_of(attr(r, "retention_policy.enabled")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        Ok(_) => {
            return fail(
                "retention_policy",
                "Flow logs have no enabled retention policy.",
            )
        }
    }
    match attr(r, "retention_policy.days") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        v => match v.and_then(Value::as_f64) {
            Some(d) if d == 0.0 || d >= 90.0 => Verdict::Pass,
            _ => fail(
                "retention_policy",
                "Flow logs are kept for less than 90 days.",
            ),
        },
    }
}

fn storage_queue_logging(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "account_kind") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(k)) if k != "Storage" && k != "StorageV2" => return Verdict::Pass,
        _ => {}
    }
    for op in ["read", "write", "delete"] {
        match bool_of(attr(r, &format!("queue_properties.logging.{op}"))) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(true)) => {}
            Ok(_) => {
                return fail(
                    "queue_properties",
                    format!("Queue service logging does not record {op} requests."),
                )
            }
        }
    }
    Verdict::Pass
}

/// `azurerm_virtual_machine` disks must be managed: a managed disk type (or an attached
/// managed disk) and no `vhd_uri`.
fn vm_legacy_managed_disks(_: &Ctx, r: &Resource) -> Verdict {
    let os = attr(r, "storage_os_disk");
    let vhd = os
        .and_then(|d| d.get("vhd_uri"))
        .is_some_and(|v| !matches!(v, Value::Null));
    let managed = os.is_some_and(|d| {
        ["managed_disk_type", "managed_disk_id"]
            .iter()
            .any(|k| d.get(k).is_some_and(|v| !matches!(v, Value::Null)))
    });
    if vhd || !managed {
        fail(
            "storage_os_disk",
            "The OS disk is not a managed disk (no `managed_disk_type`, or a `vhd_uri`).",
        )
    } else {
        Verdict::Pass
    }
}

fn firewall_broad(_: &Ctx, r: &Resource) -> Verdict {
    let s = |k: &str| attr(r, k).and_then(Value::as_str);
    if s("start_ip_address") == Some("0.0.0.0") || s("end_ip_address") == Some("255.255.255.255") {
        fail(
            "start_ip_address",
            "The firewall rule starts at 0.0.0.0 or ends at 255.255.255.255: it admits far more than the addresses that need access.",
        )
    } else {
        Verdict::Pass
    }
}

fn app_authentication(_: &Ctx, r: &Resource) -> Verdict {
    for path in ["auth_settings.enabled", "auth_settings_v2.auth_enabled"] {
        match bool_of(attr(r, path)) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(true)) => return Verdict::Pass,
            Ok(_) => {}
        }
    }
    fail(
        "auth_settings",
        "App Service authentication is not enabled (`auth_settings` / `auth_settings_v2`).",
    )
}

/// The first of several boolean paths that is written decides; unset is `default`.
fn any_bool(r: &Resource, paths: &[&str], default: bool) -> Result<bool, ()> {
    for path in paths {
        match bool_of(attr(r, path)) {
            Err(_) => return Err(()),
            Ok(Some(b)) => return Ok(b),
            Ok(None) => {}
        }
    }
    Ok(default)
}

fn app_client_certs(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(
        r,
        &["client_certificate_enabled", "client_cert_enabled"],
        false,
    ) {
        Err(()) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail(
            "client_certificate_enabled",
            "Incoming client certificates are not required.",
        ),
    }
}

fn app_detailed_errors(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(
        r,
        &[
            "logs.detailed_error_messages",
            "logs.detailed_error_messages_enabled",
        ],
        false,
    ) {
        Err(()) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail("logs", "Detailed error messages are not logged."),
    }
}

fn app_failed_requests(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(
        r,
        &[
            "logs.failed_request_tracing",
            "logs.failed_request_tracing_enabled",
        ],
        false,
    ) {
        Err(()) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail("logs", "Failed request tracing is not enabled."),
    }
}

/// FTP must be off or FTPS-only. The newer web apps default to Disabled; the old
/// azurerm_app_service defaults to AllAllowed.
fn app_ftps(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "site_config.ftps_state") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(s)) if s == "Disabled" || s == "FtpsOnly" => Verdict::Pass,
        Some(Value::String(s)) => fail(
            "site_config",
            format!("Plain FTP deployments are allowed (`ftps_state` is \"{s}\")."),
        ),
        _ if r.resource_type == "azurerm_app_service" => fail(
            "site_config",
            "Plain FTP deployments are allowed (`ftps_state` defaults to AllAllowed).",
        ),
        _ => Verdict::Pass,
    }
}

fn app_cors_any(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "site_config.cors").and_then(|c| c.get("allowed_origins")) {
        Some(v) if !v.is_wholly_known() => Verdict::Unknown,
        Some(v) if strings(v).unwrap_or_default().iter().any(|o| o == "*") => fail(
            "site_config",
            "CORS allows every origin (`allowed_origins` includes \"*\").",
        ),
        _ => Verdict::Pass,
    }
}

/// Audit retention of at least 90 days, inline or in the server's
/// azurerm_mssql_server_extended_auditing_policy.
const SQL_AUDIT_RETENTION: Check = joined(
    Some(requirement(
        "extended_auditing_policy.retention_in_days",
        Expected::AtLeast {
            min: 90.0,
            absent: 0.0,
        },
    )),
    &[Join {
        resource_type: "azurerm_mssql_server_extended_auditing_policy",
        link: Link::Refers {
            attr: "server_id",
            names: &[],
        },
        requirement: Some(requirement(
            "retention_in_days",
            Expected::AtLeast {
                min: 90.0,
                absent: 0.0,
            },
        )),
    }],
    "extended_auditing_policy",
    "Audit logs are not kept for 90 days (`retention_in_days` is below 90 or unset).",
);

fn sql_audit_retention(ctx: &Ctx, r: &Resource) -> Verdict {
    // An inline policy known only after apply says nothing either way.
    if r.attributes
        .get("extended_auditing_policy")
        .is_some_and(|v| !v.is_known())
    {
        return Verdict::Unknown;
    }
    SQL_AUDIT_RETENTION.verdict(ctx, r)
}

fn acr_content_trust(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(r, &["trust_policy_enabled", "trust_policy.enabled"], false) {
        Err(()) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail(
            "trust_policy_enabled",
            "Content trust is off: unsigned images can be pushed and pulled.",
        ),
    }
}

fn acr_geo_replication(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "sku") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(s)) if s == "Premium" => {}
        _ => {
            return fail(
                "sku",
                "The registry is not Premium, so it cannot be geo-replicated.",
            )
        }
    }
    if blocks(r, "georeplications").is_empty() {
        fail("georeplications", "The registry has no geo-replications.")
    } else {
        Verdict::Pass
    }
}

fn acr_retention(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "retention_policy_in_days").is_some() {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "retention_policy.enabled",
        true,
        false,
        "Untagged manifests are never cleaned up (no retention policy).",
    )
}

fn acr_zone_redundancy(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "zone_redundancy_enabled")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        Ok(_) => {
            return fail(
                "zone_redundancy_enabled",
                "The registry is not zone redundant (`zone_redundancy_enabled` is not true).",
            )
        }
    }
    for replica in blocks(r, "georeplications") {
        match replica.get("zone_redundancy_enabled") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(v) if v.as_bool() == Some(true) => {}
            _ => {
                return fail(
                    "georeplications",
                    "A geo-replication is not zone redundant.",
                )
            }
        }
    }
    Verdict::Pass
}

fn redis_non_ssl_port(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(r, &["non_ssl_port_enabled", "enable_non_ssl_port"], false) {
        Err(()) => Verdict::Unknown,
        Ok(false) => Verdict::Pass,
        Ok(true) => fail(
            "non_ssl_port_enabled",
            "The unencrypted port 6379 is enabled.",
        ),
    }
}

fn aks_monitoring(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "oms_agent.log_analytics_workspace_id").is_some() {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "addon_profile.oms_agent.enabled",
        true,
        false,
        "Container logs and metrics are not sent to Azure Monitor (no `oms_agent`).",
    )
}

fn aks_node_public_ip(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(
        r,
        &[
            "default_node_pool.node_public_ip_enabled",
            "default_node_pool.enable_node_public_ip",
        ],
        false,
    ) {
        Err(()) => Verdict::Unknown,
        Ok(false) => Verdict::Pass,
        Ok(true) => fail(
            "default_node_pool",
            "Nodes of the default pool get public IP addresses.",
        ),
    }
}

fn aks_upgrade_channel(_: &Ctx, r: &Resource) -> Verdict {
    for key in ["automatic_upgrade_channel", "automatic_channel_upgrade"] {
        match attr(r, key) {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(c)) if c != "none" => return Verdict::Pass,
            _ => {}
        }
    }
    fail(
        "automatic_upgrade_channel",
        "No automatic upgrade channel is chosen, so the cluster falls behind on patches.",
    )
}

/// A PostgreSQL server parameter that must not be turned off.
fn pg_param_off(r: &Resource, name: &str) -> Verdict {
    if attr(r, "name").and_then(Value::as_str) != Some(name) {
        return Verdict::Pass;
    }
    match attr(r, "value") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(v)) if v.eq_ignore_ascii_case("off") => {
            fail("value", format!("The server parameter `{name}` is off."))
        }
        _ => Verdict::Pass,
    }
}

fn pg_log_retention(_: &Ctx, r: &Resource) -> Verdict {
    pg_param_off(r, "log_retention")
}
fn pg_log_checkpoints(_: &Ctx, r: &Resource) -> Verdict {
    pg_param_off(r, "log_checkpoints")
}
fn pg_log_connections(_: &Ctx, r: &Resource) -> Verdict {
    pg_param_off(r, "log_connections")
}
fn pg_connection_throttling(_: &Ctx, r: &Resource) -> Verdict {
    pg_param_off(r, "connection_throttling")
}

fn sql_alerts_disabled(_: &Ctx, r: &Resource) -> Verdict {
    match r.attributes.get("disabled_alerts") {
        Some(v) if !v.is_wholly_known() => Verdict::Unknown,
        Some(v) => {
            let off: Vec<String> = strings(v)
                .unwrap_or_default()
                .into_iter()
                .filter(|a| !a.is_empty())
                .collect();
            if off.is_empty() {
                Verdict::Pass
            } else {
                fail(
                    "disabled_alerts",
                    format!("Threat detection alerts are disabled: {}.", off.join(", ")),
                )
            }
        }
        None => Verdict::Pass,
    }
}

fn nic_ip_forwarding(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(r, &["ip_forwarding_enabled", "enable_ip_forwarding"], false) {
        Err(()) => Verdict::Unknown,
        Ok(false) => Verdict::Pass,
        Ok(true) => fail(
            "ip_forwarding_enabled",
            "IP forwarding is enabled: the interface can route traffic not addressed to it.",
        ),
    }
}

fn storage_trusted_services(_: &Ctx, r: &Resource) -> Verdict {
    let rules: Value = if r.resource_type == "azurerm_storage_account" {
        match attr(r, "network_rules") {
            Some(v) => v.clone(),
            None => return Verdict::Pass,
        }
    } else {
        Value::Object(r.attributes.as_ref().clone())
    };
    let at = if r.resource_type == "azurerm_storage_account" {
        "network_rules"
    } else {
        "bypass"
    };
    match rules.get("default_action") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(a)) if a == "Deny" => {}
        _ => return Verdict::Pass,
    }
    match rules.get("bypass") {
        None | Some(Value::Null) => Verdict::Pass,
        Some(v) if !v.is_wholly_known() => Verdict::Unknown,
        Some(v) => {
            if strings(v)
                .unwrap_or_default()
                .iter()
                .any(|b| b == "AzureServices")
            {
                Verdict::Pass
            } else {
                fail(
                    at,
                    "Trusted Microsoft services are not let through the network rules (`bypass` lacks AzureServices).",
                )
            }
        }
    }
}

fn frontdoor_waf_enabled(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(r, &["enabled", "policy_settings.enabled"], true) {
        Err(()) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail("enabled", "The WAF policy is disabled."),
    }
}

/// Application Gateway WAF policies must run OWASP 3.1/3.2 (or newer rule sets) without
/// disabling rule 944240 (Log4Shell).
fn app_gateway_waf_log4j(_: &Ctx, r: &Resource) -> Verdict {
    let Some(managed) = attr(r, "managed_rules") else {
        return fail(
            "managed_rules",
            "No managed rule set guards against Log4Shell (CVE-2021-44228).",
        );
    };
    let sets: Vec<&Value> = match managed.get("managed_rule_set") {
        Some(Value::List(l)) => l.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    };
    for set in sets {
        let kind = set.get("type").and_then(Value::as_str).unwrap_or("OWASP");
        let version = set.get("version").and_then(Value::as_str).unwrap_or("");
        if kind != "OWASP" || !(version == "3.1" || version == "3.2") {
            continue;
        }
        let overrides: Vec<&Value> = match set.get("rule_group_override") {
            Some(Value::List(l)) => l.iter().collect(),
            Some(v @ Value::Object(_)) => vec![v],
            _ => Vec::new(),
        };
        for group in overrides {
            if group.get("rule_group_name").and_then(Value::as_str)
                != Some("REQUEST-944-APPLICATION-ATTACK-JAVA")
            {
                continue;
            }
            if let Some(disabled) = group.get("disabled_rules") {
                match strings(disabled) {
                    None => return Verdict::Unknown,
                    Some(list) if list.iter().any(|x| x == "944240") => {
                        return fail(
                            "managed_rules",
                            "Rule 944240 (Log4Shell, CVE-2021-44228) is disabled.",
                        )
                    }
                    Some(_) => {}
                }
            }
        }
        return Verdict::Pass;
    }
    fail(
        "managed_rules",
        "No OWASP 3.1 or 3.2 rule set guards against Log4Shell (CVE-2021-44228).",
    )
}

fn app_gateway_https_listeners(_: &Ctx, r: &Resource) -> Verdict {
    for listener in blocks(r, "http_listener") {
        match listener.get("protocol") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(p)) if p.eq_ignore_ascii_case("Https") => {}
            _ => {
                return fail(
                    "http_listener",
                    "A listener accepts plain HTTP (`protocol` is not Https).",
                )
            }
        }
    }
    Verdict::Pass
}

/// A cipher suite Checkov and Microsoft's guidance count as weak: CBC modes, and key
/// exchange without ECDHE.
fn weak_cipher(c: &str) -> bool {
    c.contains("CBC") || c.starts_with("TLS_DHE_") || c.starts_with("TLS_RSA_")
}

fn app_gateway_ssl_policy(_: &Ctx, r: &Resource) -> Verdict {
    let Some(policy) = attr(r, "ssl_policy") else {
        return fail(
            "ssl_policy",
            "No SSL policy is defined, so the gateway's default accepts old protocols and ciphers.",
        );
    };
    if !policy.is_wholly_known() {
        return Verdict::Unknown;
    }
    let s = |k: &str| policy.get(k).and_then(Value::as_str).unwrap_or("");
    if !s("policy_type").is_empty()
        && s("policy_type") != "Predefined"
        && matches!(s("min_protocol_version"), "TLSv1_2" | "TLSv1_3")
    {
        let ciphers = policy
            .get("cipher_suites")
            .and_then(strings)
            .unwrap_or_default();
        return match ciphers.iter().find(|c| weak_cipher(c)) {
            Some(c) => fail(
                "ssl_policy",
                format!("The SSL policy allows the weak cipher {c}."),
            ),
            None => Verdict::Pass,
        };
    }
    if s("policy_name") == "AppGwSslPolicy20220101S" {
        Verdict::Pass
    } else {
        fail(
            "ssl_policy",
            "The SSL policy is neither AppGwSslPolicy20220101S nor a custom policy of TLS 1.2+ with strong ciphers.",
        )
    }
}

fn windows_auto_updates(_: &Ctx, r: &Resource) -> Verdict {
    match any_bool(
        r,
        &["automatic_updates_enabled", "enable_automatic_updates"],
        true,
    ) {
        Err(()) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail(
            "automatic_updates_enabled",
            "Windows automatic updates are disabled.",
        ),
    }
}

/// A Defender for Cloud plan (`resource_type`, VirtualMachines when unset) must be on
/// the Standard tier.
fn defender_plan(r: &Resource, kind: &str, label: &str) -> Verdict {
    let plan = match attr(r, "resource_type") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(t)) => t.as_str(),
        _ => "VirtualMachines",
    };
    if !plan.eq_ignore_ascii_case(kind) {
        return Verdict::Pass;
    }
    match attr(r, "tier") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(t)) if t.eq_ignore_ascii_case("Standard") => Verdict::Pass,
        _ => fail(
            "tier",
            format!("Defender for {label} is off (`tier` is not Standard)."),
        ),
    }
}

fn defender_servers(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "VirtualMachines", "servers")
}
fn defender_app_services(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "AppServices", "App Service")
}
fn defender_sql(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "SqlServers", "Azure SQL databases")
}
fn defender_sql_vms(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "SqlServerVirtualMachines", "SQL servers on machines")
}
fn defender_storage(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "StorageAccounts", "Storage")
}
fn defender_kubernetes(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "KubernetesService", "Kubernetes")
}
fn defender_container_registry(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "ContainerRegistry", "container registries")
}
fn defender_key_vault(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "KeyVaults", "Key Vault")
}
fn defender_resource_manager(_: &Ctx, r: &Resource) -> Verdict {
    defender_plan(r, "Arm", "Resource Manager")
}

fn cdn_tls(_: &Ctx, r: &Resource) -> Verdict {
    for block in ["cdn_managed_https", "user_managed_https"] {
        match attr(r, &format!("{block}.tls_version")) {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(t)) if t == "TLS10" || t == "None" => {
                return fail(
                    block,
                    format!("The custom domain accepts old TLS (`tls_version` is {t})."),
                )
            }
            _ => {}
        }
    }
    Verdict::Pass
}

fn apim_backend_https(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "url") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(u)) if !u.to_ascii_lowercase().starts_with("https://") => {
            fail("url", "The backend is called over plain HTTP.")
        }
        _ => Verdict::Pass,
    }
}

fn data_factory_git(_: &Ctx, r: &Resource) -> Verdict {
    for block in ["github_configuration", "vsts_configuration"] {
        match attr(r, &format!("{block}.repository_name")) {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(n)) if !n.is_empty() => return Verdict::Pass,
            _ => {}
        }
    }
    fail(
        "github_configuration",
        "Pipelines are not kept in a Git repository (no `github_configuration` or `vsts_configuration`).",
    )
}

fn ml_min_nodes(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "scale_settings.min_node_count") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if v.as_f64() == Some(0.0) => Verdict::Pass,
        _ => fail(
            "scale_settings",
            "Idle nodes keep running (`scale_settings.min_node_count` is not 0).",
        ),
    }
}

fn search_allowed_ips(_: &Ctx, r: &Resource) -> Verdict {
    match r.attributes.get("allowed_ips") {
        Some(v) if !v.is_wholly_known() => Verdict::Unknown,
        Some(v)
            if strings(v)
                .unwrap_or_default()
                .iter()
                .any(|ip| ip == "0.0.0.0/0") =>
        {
            fail(
                "allowed_ips",
                "The service admits every address (`allowed_ips` includes 0.0.0.0/0).",
            )
        }
        _ => Verdict::Pass,
    }
}

const STORAGE: &[&str] = &["azurerm_storage_account"];
const SQL: &[&str] = &["azurerm_mssql_server", "azurerm_sql_server"];
const AKS: &[&str] = &["azurerm_kubernetes_cluster"];
const VMS: &[&str] = &[
    "azurerm_linux_virtual_machine",
    "azurerm_windows_virtual_machine",
];

const FUNCTION_APPS: &[&str] = &[
    "azurerm_function_app",
    "azurerm_function_app_slot",
    "azurerm_linux_function_app",
    "azurerm_linux_function_app_slot",
    "azurerm_windows_function_app",
    "azurerm_windows_function_app_slot",
];
const FUNCTION_APPS_V3: &[&str] = &[
    "azurerm_linux_function_app",
    "azurerm_linux_function_app_slot",
    "azurerm_windows_function_app",
    "azurerm_windows_function_app_slot",
];
const WEB_APPS: &[&str] = &[
    "azurerm_app_service",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
];
const WEB_APPS_V3: &[&str] = &["azurerm_linux_web_app", "azurerm_windows_web_app"];
const WEB_APP_SLOTS: &[&str] = &[
    "azurerm_app_service_slot",
    "azurerm_linux_web_app_slot",
    "azurerm_windows_web_app_slot",
];
const SCALE_SETS: &[&str] = &[
    "azurerm_linux_virtual_machine_scale_set",
    "azurerm_windows_virtual_machine_scale_set",
];
const AKS_POOLS: &[&str] = &[
    "azurerm_kubernetes_cluster",
    "azurerm_kubernetes_cluster_node_pool",
];
const ACR: &[&str] = &["azurerm_container_registry"];
const KEY_VAULT: &[&str] = &["azurerm_key_vault"];
const COSMOS: &[&str] = &["azurerm_cosmosdb_account"];
const REDIS: &[&str] = &["azurerm_redis_cache"];
const PG_CONFIG: &[&str] = &["azurerm_postgresql_configuration"];
const SQL_ALERT_POLICY: &[&str] = &["azurerm_mssql_server_security_alert_policy"];
const SQL_DATABASE: &[&str] = &["azurerm_mssql_database"];
const SERVICEBUS: &[&str] = &["azurerm_servicebus_namespace"];
const COGNITIVE: &[&str] = &["azurerm_cognitive_account"];
const KUSTO: &[&str] = &["azurerm_kusto_cluster"];

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
        checkov: &["CKV_AZURE_190", "CKV2_AZURE_47"],
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
            &["azurerm_postgresql_server"],
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
    Rule {
        id: "kali/azure-subnet-no-nsg",
        title: "Subnet has no network security group",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_31"],
        description: "No azurerm_subnet_network_security_group_association (or network_security_group_id) attaches an NSG to the subnet. GatewaySubnet, AzureFirewallSubnet and subnets delegated to Microsoft.Netapp/volumes are exempt.",
        remediation: "Add an azurerm_subnet_network_security_group_association for the subnet.",
        target: Target::Resources(&["azurerm_subnet"], Check::Function(subnet_nsg)),
    },
    Rule {
        id: "kali/azure-vnet-single-dns",
        title: "Virtual network has a single DNS server",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_182"],
        description: "dns_servers lists exactly one server, a single point of failure for name resolution.",
        remediation: "List at least two DNS servers, or leave dns_servers unset to use Azure DNS.",
        target: Target::Resources(&["azurerm_virtual_network", "azurerm_virtual_network_dns_servers"], Check::Function(vnet_single_dns)),
    },
    Rule {
        id: "kali/azure-vnet-external-dns",
        title: "Virtual network resolves names through external DNS servers",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_183"],
        description: "dns_servers is set and none of its addresses lies in the network's address_space.",
        remediation: "Use Azure DNS or Azure Private DNS zones, or DNS servers inside the virtual network.",
        target: Target::Resources(&["azurerm_virtual_network"], Check::Function(vnet_local_dns)),
    },
    Rule {
        id: "kali/azure-nsg-udp-open",
        title: "Network security group allows UDP from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_77"],
        description: "An inbound Allow rule admits UDP from * / Internet / any /0 prefix. Every rule of the group is read (Checkov reads only the first inline rule).",
        remediation: "Restrict the source of UDP rules to known addresses.",
        target: Target::Resources(NSGS, Check::Function(nsg_udp)),
    },
    Rule {
        id: "kali/azure-nsg-http-open",
        title: "Network security group allows HTTP from the internet",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_160"],
        description: "An inbound Allow rule admits * / Internet / any /0 prefix to port 80.",
        remediation: "Serve HTTPS behind Application Gateway or Front Door, or restrict the source to known addresses.",
        target: Target::Resources(NSGS, Check::Function(nsg_http)),
    },
    Rule {
        id: "kali/azure-function-app-http",
        title: "Function app accepts plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_70"],
        description: "https_only is not true, or auth_settings_v2.require_https is false.",
        remediation: "Set https_only = true.",
        target: Target::Resources(FUNCTION_APPS, Check::Function(function_app_https)),
    },
    Rule {
        id: "kali/azure-function-app-outdated-tls",
        title: "Function app accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_145"],
        description: "site_config.minimum_tls_version (min_tls_version on the older resources) is below 1.2; unset is 1.2.",
        remediation: "Set site_config { minimum_tls_version = \"1.2\" }.",
        target: Target::Resources(FUNCTION_APPS, Check::Function(app_tls)),
    },
    Rule {
        id: "kali/azure-function-app-public",
        title: "Function app is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_221"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and reach the app through a private endpoint.",
        target: Target::Resources(FUNCTION_APPS_V3, is_false("public_network_access_enabled", "The function app is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-web-app-public",
        title: "Web app is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_222"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and reach the app through a private endpoint.",
        target: Target::Resources(WEB_APPS_V3, is_false("public_network_access_enabled", "The web app is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-web-app-slot-http",
        title: "App Service slot accepts plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_153"],
        description: "https_only is not true on the deployment slot.",
        remediation: "Set https_only = true.",
        target: Target::Resources(WEB_APP_SLOTS, is_true("https_only", "The slot accepts plain HTTP (`https_only` is not true).")),
    },
    Rule {
        id: "kali/azure-postgres-no-cmk",
        title: "PostgreSQL server is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV2_AZURE_17"],
        description: "No azurerm_postgresql_server_key with a key_vault_key_id refers to the server.",
        remediation: "Add azurerm_postgresql_server_key with the server_id and a Key Vault key.",
        target: Target::Resources(&["azurerm_postgresql_server"],
            joined(
                None,
                &[Join {
                    resource_type: "azurerm_postgresql_server_key",
                    link: Link::Refers { attr: "server_id", names: &[] },
                    requirement: Some(requirement("key_vault_key_id", Expected::Present)),
                }],
                "name",
                "Data is encrypted with a Microsoft-managed key, not a customer-managed one.",
            )),
    },
    Rule {
        id: "kali/azure-mysql-no-cmk",
        title: "MySQL server is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV2_AZURE_16"],
        description: "No azurerm_mysql_server_key with a key_vault_key_id refers to the server.",
        remediation: "Add azurerm_mysql_server_key with the server_id and a Key Vault key.",
        target: Target::Resources(&["azurerm_mysql_server"],
            joined(
                None,
                &[Join {
                    resource_type: "azurerm_mysql_server_key",
                    link: Link::Refers { attr: "server_id", names: &[] },
                    requirement: Some(requirement("key_vault_key_id", Expected::Present)),
                }],
                "name",
                "Data is encrypted with a Microsoft-managed key, not a customer-managed one.",
            )),
    },
    Rule {
        id: "kali/azure-cognitive-no-cmk",
        title: "Cognitive Services account is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV2_AZURE_22"],
        description: "Neither an inline customer_managed_key block nor an azurerm_cognitive_account_customer_managed_key refers to the account (Checkov accepts only the separate resource).",
        remediation: "Add azurerm_cognitive_account_customer_managed_key with the cognitive_account_id and a Key Vault key.",
        target: Target::Resources(COGNITIVE,
            joined(
                Some(requirement("customer_managed_key", Expected::Block)),
                &[Join {
                    resource_type: "azurerm_cognitive_account_customer_managed_key",
                    link: Link::Refers { attr: "cognitive_account_id", names: &[] },
                    requirement: Some(requirement("key_vault_key_id", Expected::Present)),
                }],
                "customer_managed_key",
                "Data is encrypted with a Microsoft-managed key, not a customer-managed one.",
            )),
    },
    Rule {
        id: "kali/azure-keyvault-no-private-endpoint",
        title: "Key Vault has no private endpoint",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_32"],
        description: "No azurerm_private_endpoint's private_service_connection refers to it.",
        remediation: "Add an azurerm_private_endpoint whose private_service_connection names it, and disable public network access.",
        target: Target::Resources(&["azurerm_key_vault"], Check::Function(private_endpoint)),
    },
    Rule {
        id: "kali/azure-storage-no-private-endpoint",
        title: "Storage account has no private endpoint",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_33"],
        description: "No azurerm_private_endpoint's private_service_connection refers to it.",
        remediation: "Add an azurerm_private_endpoint whose private_service_connection names it, and disable public network access.",
        target: Target::Resources(&["azurerm_storage_account"], Check::Function(private_endpoint)),
    },
    Rule {
        id: "kali/azure-postgres-no-private-endpoint",
        title: "PostgreSQL server has no private endpoint",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_42"],
        description: "No azurerm_private_endpoint's private_service_connection refers to it.",
        remediation: "Add an azurerm_private_endpoint whose private_service_connection names it, and disable public network access.",
        target: Target::Resources(&["azurerm_postgresql_server"], Check::Function(private_endpoint)),
    },
    Rule {
        id: "kali/azure-mariadb-no-private-endpoint",
        title: "MariaDB server has no private endpoint",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_43"],
        description: "No azurerm_private_endpoint's private_service_connection refers to it.",
        remediation: "Add an azurerm_private_endpoint whose private_service_connection names it, and disable public network access.",
        target: Target::Resources(&["azurerm_mariadb_server"], Check::Function(private_endpoint)),
    },
    Rule {
        id: "kali/azure-mysql-no-private-endpoint",
        title: "MySQL server has no private endpoint",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_44"],
        description: "No azurerm_private_endpoint's private_service_connection refers to it.",
        remediation: "Add an azurerm_private_endpoint whose private_service_connection names it, and disable public network access.",
        target: Target::Resources(&["azurerm_mysql_server"], Check::Function(private_endpoint)),
    },
    Rule {
        id: "kali/azure-sql-no-private-endpoint",
        title: "SQL server has no private endpoint",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_45"],
        description: "No azurerm_private_endpoint's private_service_connection refers to it.",
        remediation: "Add an azurerm_private_endpoint whose private_service_connection names it, and disable public network access.",
        target: Target::Resources(&["azurerm_mssql_server"], Check::Function(private_endpoint)),
    },
    Rule {
        id: "kali/azure-mysql-flexible-no-private-endpoint",
        title: "MySQL flexible server has no private endpoint",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_56"],
        description: "No azurerm_private_endpoint's private_service_connection refers to it.",
        remediation: "Add an azurerm_private_endpoint whose private_service_connection names it, and disable public network access.",
        target: Target::Resources(&["azurerm_mysql_flexible_server"], Check::Function(private_endpoint)),
    },
    Rule {
        id: "kali/azure-postgres-flexible-no-private-endpoint",
        title: "PostgreSQL flexible server has no private endpoint",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_57"],
        description: "No azurerm_private_endpoint's private_service_connection refers to it.",
        remediation: "Add an azurerm_private_endpoint whose private_service_connection names it, and disable public network access.",
        target: Target::Resources(&["azurerm_postgresql_flexible_server"], Check::Function(private_endpoint)),
    },
    Rule {
        id: "kali/azure-vm-agent-disabled",
        title: "VM agent is not installed",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_179"],
        description: "provision_vm_agent is false, so extensions (monitoring, patching, backup) cannot run.",
        remediation: "Remove provision_vm_agent = false (it defaults to true).",
        target: Target::Resources(&[
                "azurerm_linux_virtual_machine",
                "azurerm_windows_virtual_machine",
                "azurerm_linux_virtual_machine_scale_set",
                "azurerm_windows_virtual_machine_scale_set",
            ],
            not_false("provision_vm_agent", "The VM agent is not installed (`provision_vm_agent` is false).")),
    },
    Rule {
        id: "kali/azure-storage-name-invalid",
        title: "Storage account name breaks Azure's naming rules",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_43"],
        description: "The name is not 3 to 24 lowercase letters and digits; apply would fail.",
        remediation: "Use a name of 3 to 24 lowercase letters and digits.",
        target: Target::Resources(STORAGE, Check::Function(storage_name)),
    },
    Rule {
        id: "kali/azure-cosmosdb-unrestricted",
        title: "Cosmos DB account accepts traffic from all networks",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_99"],
        description: "public_network_access_enabled is not false and no virtual network filter with rules or IP range filter restricts access.",
        remediation: "Set public_network_access_enabled = false, or is_virtual_network_filter_enabled = true with virtual_network_rule or ip_range_filter.",
        target: Target::Resources(&["azurerm_cosmosdb_account"], Check::Function(cosmos_restricted)),
    },
    Rule {
        id: "kali/azure-vmss-os-patching",
        title: "Scale set does not patch its OS image automatically",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_95"],
        description: "automatic_os_upgrade is not true (and, for Windows, os_profile_windows_config.enable_automatic_upgrades is not true). Checkov fails every Linux scale set; a Linux one with automatic_os_upgrade = true passes here.",
        remediation: "Set automatic_os_upgrade = true (with an upgrade_policy_mode of Automatic or Rolling).",
        target: Target::Resources(&["azurerm_virtual_machine_scale_set"], Check::Function(vmss_os_patching)),
    },
    Rule {
        id: "kali/azure-apim-outdated-tls",
        title: "API Management accepts SSL 3.0 or TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_173"],
        description: "A security block enables SSL 3.0, TLS 1.0 or TLS 1.1 on the frontend or the backend.",
        remediation: "Leave the enable_*_ssl30 / enable_*_tls10 / enable_*_tls11 settings of the security block false.",
        target: Target::Resources(&["azurerm_api_management"], Check::Function(apim_tls)),
    },
    Rule {
        id: "kali/azure-nic-public-ip",
        title: "Network interface has a public IP address",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_119"],
        description: "An ip_configuration sets public_ip_address_id.",
        remediation: "Remove the public IP; reach the machine through a load balancer, Bastion or a VPN.",
        target: Target::Resources(&["azurerm_network_interface"], Check::Function(nic_public_ip)),
    },
    Rule {
        id: "kali/azure-storage-public-network",
        title: "Storage account is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_59"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use private endpoints.",
        target: Target::Resources(STORAGE, is_false("public_network_access_enabled", "The storage account is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-storage-shared-key",
        title: "Storage account allows Shared Key authorization",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV2_AZURE_40"],
        description: "shared_access_key_enabled is not false (the provider defaults it to true), so account keys grant full access.",
        remediation: "Set shared_access_key_enabled = false and use Entra ID authorization.",
        target: Target::Resources(STORAGE, is_false("shared_access_key_enabled", "Shared Key authorization is allowed (`shared_access_key_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-storage-sas-no-expiry",
        title: "Storage account SAS tokens have no expiration policy",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV2_AZURE_41"],
        description: "Shared keys are allowed and no sas_policy sets an expiration_period. An unset shared_access_key_enabled counts as true (the provider's default); Checkov fails it even with a sas_policy.",
        remediation: "Add sas_policy { expiration_period = \"01.00:00:00\" }, or set shared_access_key_enabled = false.",
        target: Target::Resources(STORAGE,
Check::Function(storage_sas_expiry)),
    },
    Rule {
        id: "kali/azure-storage-no-soft-delete",
        title: "Storage account blob soft delete is not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AZURE_38"],
        description: "blob_properties has no delete_retention_policy; a FileStorage account (which has no blob service) needs share_properties.retention_policy instead, where Checkov fails every FileStorage account.",
        remediation: "Add blob_properties { delete_retention_policy { days = 7 } } (share_properties { retention_policy { days = 7 } } on FileStorage).",
        target: Target::Resources(STORAGE,
Check::Function(storage_soft_delete)),
    },
    Rule {
        id: "kali/azure-app-gateway-no-waf",
        title: "Application Gateway has no web application firewall",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_120"],
        description: "waf_configuration.enabled is not true and firewall_policy_id does not name an enabled azurerm_web_application_firewall_policy (an unset policy_settings.enabled counts as true, the provider's default).",
        remediation: "Set waf_configuration { enabled = true } or firewall_policy_id to an enabled WAF policy.",
        target: Target::Resources(&["azurerm_application_gateway"], Check::Function(app_gateway_waf)),
    },
    Rule {
        id: "kali/azure-vmss-encryption-at-host",
        title: "Scale set encryption at host is not enabled",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_97"],
        description: "encryption_at_host_enabled is not true.",
        remediation: "Set encryption_at_host_enabled = true.",
        target: Target::Resources(SCALE_SETS, is_true("encryption_at_host_enabled", "Encryption at host is not enabled (temp disks and caches are unencrypted).")),
    },
    Rule {
        id: "kali/azure-mysql-geo-backup",
        title: "MySQL server backups are not geo-redundant",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_94"],
        description: "geo_redundant_backup_enabled is not true.",
        remediation: "Set geo_redundant_backup_enabled = true.",
        target: Target::Resources(&["azurerm_mysql_server", "azurerm_mysql_flexible_server"], is_true("geo_redundant_backup_enabled", "Backups are not geo-redundant (`geo_redundant_backup_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-vm-extensions-allowed",
        title: "VM allows extension operations",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_50"],
        description: "allow_extension_operations is not false (the provider defaults it to true), so extensions can run code on the machine.",
        remediation: "Set allow_extension_operations = false where no extension is needed.",
        target: Target::Resources(VMS, is_false("allow_extension_operations", "Extensions can be installed (`allow_extension_operations` is not false).")),
    },
    Rule {
        id: "kali/azure-sql-audit-retention",
        title: "SQL server audit logs are kept under 90 days",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_24"],
        description: "extended_auditing_policy.retention_in_days (inline or in azurerm_mssql_server_extended_auditing_policy) is below 90.",
        remediation: "Set retention_in_days = 90 or more.",
        target: Target::Resources(SQL, Check::Function(sql_audit_retention)),
    },
    Rule {
        id: "kali/azure-aks-azure-policy",
        title: "AKS Azure Policy add-on is not enabled",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_116"],
        description: "azure_policy_enabled (addon_profile.azure_policy.enabled on older providers) is not true.",
        remediation: "Set azure_policy_enabled = true.",
        target: Target::Resources(AKS, Check::Function(aks_azure_policy)),
    },
    Rule {
        id: "kali/azure-aks-host-encryption",
        title: "AKS node host encryption is not enabled",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_227"],
        description: "host_encryption_enabled (enable_host_encryption on older providers) is not true on the default node pool or node pool.",
        remediation: "Set host_encryption_enabled = true on the node pools.",
        target: Target::Resources(AKS_POOLS, Check::Function(aks_host_encryption)),
    },
    Rule {
        id: "kali/azure-aks-max-pods",
        title: "AKS nodes allow fewer than 50 pods",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_168"],
        description: "max_pods of the default node pool or node pool is below 50 (unset is 30).",
        remediation: "Set max_pods = 50 or more.",
        target: Target::Resources(AKS_POOLS, Check::Function(aks_max_pods)),
    },
    Rule {
        id: "kali/azure-storage-no-geo-replication",
        title: "Storage account is not geo-replicated",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_206"],
        description: "account_replication_type is not GRS, RAGRS, GZRS or RAGZRS.",
        remediation: "Set account_replication_type = \"GRS\" (or RAGRS, GZRS, RAGZRS).",
        target: Target::Resources(STORAGE, one_of("account_replication_type", &["GRS", "RAGRS", "GZRS", "RAGZRS"], "Data is not replicated to a second region (`account_replication_type` is not GRS, RAGRS, GZRS or RAGZRS).")),
    },
    Rule {
        id: "kali/azure-postgres-infrastructure-encryption",
        title: "PostgreSQL server infrastructure encryption is not enabled",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_130"],
        description: "infrastructure_encryption_enabled is not true.",
        remediation: "Set infrastructure_encryption_enabled = true.",
        target: Target::Resources(&["azurerm_postgresql_server"], is_true("infrastructure_encryption_enabled", "Data is not encrypted a second time at the infrastructure layer (`infrastructure_encryption_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-mysql-infrastructure-encryption",
        title: "MySQL server infrastructure encryption is not enabled",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_96"],
        description: "infrastructure_encryption_enabled is not true.",
        remediation: "Set infrastructure_encryption_enabled = true.",
        target: Target::Resources(&["azurerm_mysql_server"], is_true("infrastructure_encryption_enabled", "Data is not encrypted a second time at the infrastructure layer (`infrastructure_encryption_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-vm-unmanaged-disks",
        title: "VM uses unmanaged disks",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_92"],
        description: "storage_os_disk or storage_data_disk sets vhd_uri: the disk is a VHD blob in a storage account.",
        remediation: "Use managed disks (os_disk without vhd_uri, azurerm_managed_disk).",
        target: Target::Resources(VMS, Check::Function(vm_unmanaged_disks)),
    },
    Rule {
        id: "kali/azure-redis-public",
        title: "Redis cache is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_89"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_redis_cache"], is_false("public_network_access_enabled", "The cache is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-kusto-double-encryption",
        title: "Data Explorer double encryption is not enabled",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_75"],
        description: "double_encryption_enabled is not true.",
        remediation: "Set double_encryption_enabled = true.",
        target: Target::Resources(KUSTO, is_true("double_encryption_enabled", "Data is not encrypted at the infrastructure layer (`double_encryption_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-kusto-disk-encryption",
        title: "Data Explorer disk encryption is not enabled",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_74"],
        description: "disk_encryption_enabled is not true.",
        remediation: "Set disk_encryption_enabled = true.",
        target: Target::Resources(KUSTO, is_true("disk_encryption_enabled", "Cluster disks are not encrypted (`disk_encryption_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-automation-variable-unencrypted",
        title: "Automation account variable is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_73"],
        description: "encrypted is not true.",
        remediation: "Set encrypted = true.",
        target: Target::Resources(&[
                "azurerm_automation_variable_bool",
                "azurerm_automation_variable_string",
                "azurerm_automation_variable_int",
                "azurerm_automation_variable_datetime",
            ],
            is_true("encrypted", "The variable is stored unencrypted (`encrypted` is not true).")),
    },
    Rule {
        id: "kali/azure-synapse-managed-vnet",
        title: "Synapse workspace has no managed virtual network",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_58"],
        description: "managed_virtual_network_enabled is not true.",
        remediation: "Set managed_virtual_network_enabled = true.",
        target: Target::Resources(&["azurerm_synapse_workspace"], is_true("managed_virtual_network_enabled", "The workspace has no managed virtual network (`managed_virtual_network_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-function-app-no-auth",
        title: "Function app authentication is not enabled",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_56"],
        description: "auth_settings.enabled is not true.",
        remediation: "Add auth_settings { enabled = true } with an identity provider.",
        target: Target::Resources(&["azurerm_function_app"], is_true("auth_settings.enabled", "App Service authentication is not enabled (`auth_settings.enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-mysql-public",
        title: "MySQL server is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_53"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_mysql_server"], is_false("public_network_access_enabled", "The server is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-storage-local-users",
        title: "Storage account allows local users",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_244"],
        description: "local_user_enabled is true, or unset (true by default) on a hierarchical-namespace account.",
        remediation: "Set local_user_enabled = false unless SFTP local users are needed.",
        target: Target::Resources(STORAGE, Check::Function(storage_local_users)),
    },
    Rule {
        id: "kali/azure-cognitive-no-identity",
        title: "Cognitive Services account has no managed identity",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_238"],
        description: "No identity block with a type is set.",
        remediation: "Add identity { type = \"SystemAssigned\" }.",
        target: Target::Resources(COGNITIVE, present("identity.type", "The account has no managed identity (no `identity` block).")),
    },
    Rule {
        id: "kali/azure-cognitive-local-auth",
        title: "Cognitive Services account allows key authentication",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_236"],
        description: "local_auth_enabled is not false (the provider defaults it to true).",
        remediation: "Set local_auth_enabled = false and use Entra ID.",
        target: Target::Resources(COGNITIVE, is_false("local_auth_enabled", "Access keys are accepted (`local_auth_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-ase-zone-redundant",
        title: "App Service Environment is not zone redundant",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_231"],
        description: "zone_redundant is not true.",
        remediation: "Set zone_redundant = true.",
        target: Target::Resources(&["azurerm_app_service_environment_v3"], is_true("zone_redundant", "The environment is not spread across availability zones (`zone_redundant` is not true).")),
    },
    Rule {
        id: "kali/azure-servicebus-outdated-tls",
        title: "Service Bus namespace accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_205"],
        description: "minimum_tls_version is set below 1.2. Unset passes: the provider defaults it to 1.2 (Checkov fails it).",
        remediation: "Set minimum_tls_version = \"1.2\".",
        target: Target::Resources(SERVICEBUS, Check::Function(servicebus_tls)),
    },
    Rule {
        id: "kali/azure-servicebus-public",
        title: "Service Bus namespace is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_204"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(SERVICEBUS, is_false("public_network_access_enabled", "The namespace is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-servicebus-local-auth",
        title: "Service Bus namespace allows SAS key authentication",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_203"],
        description: "local_auth_enabled is not false (the provider defaults it to true).",
        remediation: "Set local_auth_enabled = false and use Entra ID.",
        target: Target::Resources(SERVICEBUS, is_false("local_auth_enabled", "Shared access keys are accepted (`local_auth_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-frontdoor-waf-log4j",
        title: "Front Door WAF does not block Log4Shell",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_133"],
        description: "The policy has no DefaultRuleSet / Microsoft_DefaultRuleSet managed rule, or overrides rule 944240 (JAVA group) off or to a non-blocking action.",
        remediation: "Add managed_rule { type = \"DefaultRuleSet\" } (or Microsoft_DefaultRuleSet) and do not disable rule 944240.",
        target: Target::Resources(&["azurerm_frontdoor_firewall_policy"], Check::Function(frontdoor_log4j)),
    },
    Rule {
        id: "kali/azure-custom-owner-role",
        title: "Custom role grants every action",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AZURE_39"],
        description: "permissions.actions of a custom role definition includes \"*\", making it a custom owner role.",
        remediation: "List only the actions the role needs; use the built-in Owner role where ownership is meant.",
        target: Target::Resources(&["azurerm_role_definition"], Check::Function(role_owner_actions)),
    },
    Rule {
        id: "kali/azure-log-profile-categories",
        title: "Activity log profile does not capture every category",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_38"],
        description: "categories does not include all of Write, Delete and Action.",
        remediation: "Set categories = [\"Action\", \"Delete\", \"Write\"].",
        target: Target::Resources(&["azurerm_monitor_log_profile"], Check::Function(log_profile_categories)),
    },
    Rule {
        id: "kali/azure-log-profile-retention",
        title: "Activity logs are kept for less than a year",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_37"],
        description: "retention_policy is missing, or enabled with fewer than 365 days (disabled retention keeps logs forever).",
        remediation: "Set retention_policy { enabled = true, days = 365 } (or disable retention to keep them forever).",
        target: Target::Resources(&["azurerm_monitor_log_profile"], Check::Function(log_profile_retention)),
    },
    Rule {
        id: "kali/azure-flow-log-retention",
        title: "NSG flow logs are kept for less than 90 days",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_12"],
        description: "The flow log is not enabled, has no enabled retention_policy, or keeps fewer than 90 days (0 means forever).",
        remediation: "Set enabled = true and retention_policy { enabled = true, days = 90 }.",
        target: Target::Resources(&["azurerm_network_watcher_flow_log"], Check::Function(flow_log_retention)),
    },
    Rule {
        id: "kali/azure-storage-queue-logging",
        title: "Storage queue service logging is incomplete",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_33"],
        description: "On a Storage or StorageV2 account, queue_properties.logging does not record read, write and delete requests.",
        remediation: "Add queue_properties { logging { read = true, write = true, delete = true, version = \"1.0\" } }.",
        target: Target::Resources(STORAGE, Check::Function(storage_queue_logging)),
    },
    Rule {
        id: "kali/azure-synapse-sql-pool-unencrypted",
        title: "Synapse SQL pool is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_241"],
        description: "data_encrypted is not true (transparent data encryption is off).",
        remediation: "Set data_encrypted = true.",
        target: Target::Resources(&["azurerm_synapse_sql_pool"], is_true("data_encrypted", "Transparent data encryption is off (`data_encrypted` is not true).")),
    },
    Rule {
        id: "kali/azure-firewall-idps-not-deny",
        title: "Firewall policy IDPS does not deny",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_220"],
        description: "intrusion_detection.mode is not Deny, so detected intrusions are only alerted on or not inspected.",
        remediation: "Add intrusion_detection { mode = \"Deny\" } (Premium tier).",
        target: Target::Resources(&["azurerm_firewall_policy"], one_of("intrusion_detection.mode", &["Deny"], "Intrusion detection does not block traffic (`intrusion_detection.mode` is not \"Deny\").")),
    },
    Rule {
        id: "kali/azure-aks-no-azure-cni",
        title: "AKS does not use Azure CNI networking",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_29"],
        description: "network_profile.network_plugin is not azure (kubenet is the default).",
        remediation: "Set network_profile { network_plugin = \"azure\" }.",
        target: Target::Resources(AKS, one_of("network_profile.network_plugin", &["azure", "Azure"], "The cluster does not use Azure CNI (`network_profile.network_plugin` is not \"azure\").")),
    },
    Rule {
        id: "kali/azure-vm-legacy-unmanaged-disk",
        title: "Virtual machine OS disk is not a managed disk",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_AZURE_9"],
        description: "storage_os_disk of an azurerm_virtual_machine has no managed_disk_type (or managed_disk_id), or sets vhd_uri. Checkov accepts only managed_disk_type.",
        remediation: "Set storage_os_disk { managed_disk_type = \"Premium_LRS\" } without vhd_uri, or move to azurerm_linux_virtual_machine / azurerm_windows_virtual_machine.",
        target: Target::Resources(&["azurerm_virtual_machine"], Check::Function(vm_legacy_managed_disks)),
    },
    Rule {
        id: "kali/azure-postgres-flexible-firewall-broad",
        title: "PostgreSQL flexible server firewall rule is overly permissive",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AZURE_26"],
        description: "A firewall rule starts at 0.0.0.0 (which includes the allow-all-Azure-services rule) or ends at 255.255.255.255.",
        remediation: "Admit only the address ranges that need access; use private access (VNet integration) where possible.",
        target: Target::Resources(&["azurerm_postgresql_flexible_server_firewall_rule"], Check::Function(firewall_broad)),
    },
    Rule {
        id: "kali/azure-storage-no-cmk",
        title: "Storage account is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV2_AZURE_1"],
        description: "Neither customer_managed_key.key_vault_key_id nor an azurerm_storage_account_customer_managed_key for the account is set.",
        remediation: "Add azurerm_storage_account_customer_managed_key (or a customer_managed_key block) with a Key Vault key.",
        target: Target::Resources(STORAGE,
            joined(
                Some(requirement("customer_managed_key.key_vault_key_id", Expected::Present)),
                &[Join {
                    resource_type: "azurerm_storage_account_customer_managed_key",
                    link: Link::Refers { attr: "storage_account_id", names: &[] },
                    requirement: None,
                }],
                "customer_managed_key",
                "Data is encrypted with a Microsoft-managed key, not a customer-managed one.",
            )),
    },
    Rule {
        id: "kali/azure-vm-no-backup",
        title: "Virtual machine is not backed up",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AZURE_12"],
        description: "No azurerm_backup_protected_vm refers to the azurerm_virtual_machine.",
        remediation: "Add azurerm_backup_protected_vm with source_vm_id set to the machine and a backup policy.",
        target: Target::Resources(&["azurerm_virtual_machine"],
            joined(
                None,
                &[Join {
                    resource_type: "azurerm_backup_protected_vm",
                    link: Link::Refers { attr: "source_vm_id", names: &[] },
                    requirement: None,
                }],
                "name",
                "No Azure Backup protects the machine.",
            )),
    },
    Rule {
        id: "kali/azure-web-app-http",
        title: "Web app accepts plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_14"],
        description: "https_only is not true.",
        remediation: "Set https_only = true.",
        target: Target::Resources(WEB_APPS, is_true("https_only", "The web app accepts plain HTTP (`https_only` is not true).")),
    },
    Rule {
        id: "kali/azure-web-app-outdated-tls",
        title: "Web app accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_15"],
        description: "site_config.minimum_tls_version (min_tls_version on azurerm_app_service) is below 1.2; unset is 1.2.",
        remediation: "Set site_config { minimum_tls_version = \"1.2\" }.",
        target: Target::Resources(WEB_APPS, Check::Function(app_tls)),
    },
    Rule {
        id: "kali/azure-web-app-slot-outdated-tls",
        title: "App Service slot accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_154"],
        description: "site_config.min_tls_version of the slot is below 1.2; unset is 1.2.",
        remediation: "Set site_config { min_tls_version = \"1.2\" }.",
        target: Target::Resources(&["azurerm_app_service_slot"], Check::Function(app_tls)),
    },
    Rule {
        id: "kali/azure-web-app-no-auth",
        title: "Web app authentication is not enabled",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_13"],
        description: "Neither auth_settings.enabled nor auth_settings_v2.auth_enabled is true.",
        remediation: "Add auth_settings_v2 { auth_enabled = true } with an identity provider.",
        target: Target::Resources(WEB_APPS, Check::Function(app_authentication)),
    },
    Rule {
        id: "kali/azure-web-app-no-identity",
        title: "Web app has no managed identity",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_16", "CKV_AZURE_71"],
        description: "No identity block with a type is set, so the app must hold credentials for the services it calls.",
        remediation: "Add identity { type = \"SystemAssigned\" }.",
        target: Target::Resources(WEB_APPS, present("identity.type", "The app has no managed identity (no `identity` block).")),
    },
    Rule {
        id: "kali/azure-web-app-client-certs",
        title: "Web app does not require client certificates",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_17"],
        description: "client_certificate_enabled (client_cert_enabled on azurerm_app_service) is not true. Checkov reads only client_cert_enabled, also on the newer resources.",
        remediation: "Set client_certificate_enabled = true (client_cert_enabled on azurerm_app_service).",
        target: Target::Resources(WEB_APPS, Check::Function(app_client_certs)),
    },
    Rule {
        id: "kali/azure-web-app-http2",
        title: "Web app does not use HTTP/2",
        severity: Severity::Low,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_18"],
        description: "site_config.http2_enabled is not true.",
        remediation: "Set site_config { http2_enabled = true }.",
        target: Target::Resources(WEB_APPS, is_true("site_config.http2_enabled", "HTTP/2 is not enabled (`site_config.http2_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-web-app-http-logs",
        title: "Web app HTTP logging is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_63"],
        description: "No logs.http_logs block is set.",
        remediation: "Add logs { http_logs { file_system { retention_in_days = 30, retention_in_mb = 35 } } }.",
        target: Target::Resources(WEB_APPS, present("logs.http_logs", "HTTP requests are not logged (no `logs.http_logs`).")),
    },
    Rule {
        id: "kali/azure-web-app-detailed-errors",
        title: "Web app does not log detailed error messages",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_65"],
        description: "logs.detailed_error_messages (detailed_error_messages_enabled on azurerm_app_service) is not true.",
        remediation: "Set logs { detailed_error_messages = true }.",
        target: Target::Resources(WEB_APPS, Check::Function(app_detailed_errors)),
    },
    Rule {
        id: "kali/azure-web-app-failed-request-tracing",
        title: "Web app failed request tracing is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_66"],
        description: "logs.failed_request_tracing (failed_request_tracing_enabled on azurerm_app_service) is not true.",
        remediation: "Set logs { failed_request_tracing = true }.",
        target: Target::Resources(WEB_APPS, Check::Function(app_failed_requests)),
    },
    Rule {
        id: "kali/azure-app-remote-debugging",
        title: "App has remote debugging enabled",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_72"],
        description: "site_config.remote_debugging_enabled is true, opening a debugger port to the app.",
        remediation: "Remove remote_debugging_enabled or set it to false.",
        target: Target::Resources(&[
                "azurerm_app_service",
                "azurerm_linux_web_app",
                "azurerm_windows_web_app",
                "azurerm_linux_web_app_slot",
                "azurerm_windows_web_app_slot",
                "azurerm_linux_function_app",
                "azurerm_windows_function_app",
                "azurerm_linux_function_app_slot",
                "azurerm_windows_function_app_slot",
            ],
            not_true("site_config.remote_debugging_enabled", "Remote debugging is enabled (`site_config.remote_debugging_enabled` is true).")),
    },
    Rule {
        id: "kali/azure-web-app-slot-remote-debugging",
        title: "App Service slot has remote debugging enabled",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_155"],
        description: "site_config.remote_debugging_enabled is true on the slot.",
        remediation: "Remove remote_debugging_enabled or set it to false.",
        target: Target::Resources(&["azurerm_app_service_slot"], not_true("site_config.remote_debugging_enabled", "Remote debugging is enabled (`site_config.remote_debugging_enabled` is true).")),
    },
    Rule {
        id: "kali/azure-web-app-ftp",
        title: "Web app allows plain FTP deployments",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_78"],
        description: "site_config.ftps_state is AllAllowed (the default of azurerm_app_service). Unset passes on the newer web apps, whose default is Disabled (Checkov fails it).",
        remediation: "Set site_config { ftps_state = \"Disabled\" } (or \"FtpsOnly\").",
        target: Target::Resources(WEB_APPS, Check::Function(app_ftps)),
    },
    Rule {
        id: "kali/azure-web-app-cors-any",
        title: "Web app CORS allows every origin",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_57"],
        description: "site_config.cors.allowed_origins includes \"*\".",
        remediation: "List the origins that need access.",
        target: Target::Resources(WEB_APPS, Check::Function(app_cors_any)),
    },
    Rule {
        id: "kali/azure-function-app-cors-any",
        title: "Function app CORS allows every origin",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_62"],
        description: "site_config.cors.allowed_origins includes \"*\".",
        remediation: "List the origins that need access.",
        target: Target::Resources(&["azurerm_function_app"], Check::Function(app_cors_any)),
    },
    Rule {
        id: "kali/azure-function-app-http2",
        title: "Function app does not use HTTP/2",
        severity: Severity::Low,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_67"],
        description: "site_config.http2_enabled is not true.",
        remediation: "Set site_config { http2_enabled = true }.",
        target: Target::Resources(&["azurerm_function_app", "azurerm_function_app_slot"], is_true("site_config.http2_enabled", "HTTP/2 is not enabled (`site_config.http2_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-function-app-builtin-logging",
        title: "Function app built-in logging is disabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_159"],
        description: "enable_builtin_logging is false.",
        remediation: "Remove enable_builtin_logging = false (it defaults to true).",
        target: Target::Resources(&["azurerm_function_app", "azurerm_function_app_slot"], not_false("enable_builtin_logging", "Built-in logging is disabled (`enable_builtin_logging` is false).")),
    },
    Rule {
        id: "kali/azure-web-app-health-check",
        title: "Web app has no health check",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_213"],
        description: "site_config.health_check_path is not set, so unhealthy instances stay in rotation.",
        remediation: "Set site_config { health_check_path = \"/healthz\" }.",
        target: Target::Resources(WEB_APPS, present("site_config.health_check_path", "No health check path is set (`site_config.health_check_path`).")),
    },
    Rule {
        id: "kali/azure-web-app-always-on",
        title: "Web app is not always on",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_214"],
        description: "site_config.always_on is false, so the app is unloaded when idle.",
        remediation: "Set site_config { always_on = true }.",
        target: Target::Resources(WEB_APPS_V3, not_false("site_config.always_on", "The app is unloaded when idle (`site_config.always_on` is false).")),
    },
    Rule {
        id: "kali/azure-service-plan-zone-redundant",
        title: "App Service plan is not zone redundant",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_225"],
        description: "zone_balancing_enabled is not true.",
        remediation: "Set zone_balancing_enabled = true (with worker_count of at least 2 on a Premium plan).",
        target: Target::Resources(&["azurerm_service_plan"], is_true("zone_balancing_enabled", "Instances are not spread across availability zones (`zone_balancing_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-acr-admin-enabled",
        title: "Container registry admin account is enabled",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_137"],
        description: "admin_enabled is true: a shared admin user and password grant full access.",
        remediation: "Set admin_enabled = false and use Entra ID or tokens.",
        target: Target::Resources(ACR, not_true("admin_enabled", "The admin account is enabled (`admin_enabled` is true).")),
    },
    Rule {
        id: "kali/azure-acr-anonymous-pull",
        title: "Container registry allows anonymous pulls",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_138"],
        description: "anonymous_pull_enabled is true on a Standard or Premium registry.",
        remediation: "Set anonymous_pull_enabled = false.",
        target: Target::Resources(ACR, not_true("anonymous_pull_enabled", "Anyone can pull images without credentials (`anonymous_pull_enabled` is true).").unless(&[Condition::Equals("sku", "Basic")])),
    },
    Rule {
        id: "kali/azure-acr-public",
        title: "Container registry is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_139"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint (Premium).",
        target: Target::Resources(ACR, is_false("public_network_access_enabled", "The registry is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-acr-content-trust",
        title: "Container registry does not require signed images",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_164"],
        description: "trust_policy_enabled (trust_policy.enabled on older providers) is not true.",
        remediation: "Set trust_policy_enabled = true (Premium).",
        target: Target::Resources(ACR, Check::Function(acr_content_trust)),
    },
    Rule {
        id: "kali/azure-acr-geo-replication",
        title: "Container registry is not geo-replicated",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_165"],
        description: "The registry is not Premium with at least one georeplications block.",
        remediation: "Use sku = \"Premium\" and add georeplications for the regions that pull.",
        target: Target::Resources(ACR, Check::Function(acr_geo_replication)),
    },
    Rule {
        id: "kali/azure-acr-quarantine",
        title: "Container registry quarantine policy is off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_166"],
        description: "quarantine_policy_enabled is not true, so images are pullable before they are scanned.",
        remediation: "Set quarantine_policy_enabled = true (Premium).",
        target: Target::Resources(ACR, is_true("quarantine_policy_enabled", "Images are pullable before they are scanned (`quarantine_policy_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-acr-no-retention",
        title: "Container registry keeps untagged manifests forever",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_167"],
        description: "Neither retention_policy_in_days nor retention_policy.enabled = true is set.",
        remediation: "Set retention_policy_in_days = 7 (Premium).",
        target: Target::Resources(ACR, Check::Function(acr_retention)),
    },
    Rule {
        id: "kali/azure-acr-zone-redundancy",
        title: "Container registry is not zone redundant",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_233"],
        description: "zone_redundancy_enabled is not true on the registry or one of its georeplications.",
        remediation: "Set zone_redundancy_enabled = true on the registry and each georeplications block.",
        target: Target::Resources(ACR, Check::Function(acr_zone_redundancy)),
    },
    Rule {
        id: "kali/azure-acr-data-endpoint",
        title: "Container registry has no dedicated data endpoints",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_237"],
        description: "data_endpoint_enabled is not true, so firewall rules must admit the shared *.blob.core.windows.net endpoints.",
        remediation: "Set data_endpoint_enabled = true (Premium).",
        target: Target::Resources(ACR, is_true("data_endpoint_enabled", "Dedicated data endpoints are not enabled (`data_endpoint_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-keyvault-soft-delete",
        title: "Key Vault soft delete is disabled",
        severity: Severity::Medium,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_111"],
        description: "soft_delete_enabled is false (older providers allowed it).",
        remediation: "Remove soft_delete_enabled = false.",
        target: Target::Resources(KEY_VAULT, not_false("soft_delete_enabled", "Soft delete is disabled (`soft_delete_enabled` is false).")),
    },
    Rule {
        id: "kali/azure-keyvault-key-not-hsm",
        title: "Key Vault key is not backed by an HSM",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AZURE_112"],
        description: "key_type is not RSA-HSM or EC-HSM.",
        remediation: "Set key_type = \"RSA-HSM\" (or \"EC-HSM\") in a Premium vault.",
        target: Target::Resources(&["azurerm_key_vault_key"], one_of("key_type", &["RSA-HSM", "EC-HSM"], "The key is software-protected (`key_type` is not RSA-HSM or EC-HSM).")),
    },
    Rule {
        id: "kali/azure-keyvault-secret-content-type",
        title: "Key Vault secret has no content type",
        severity: Severity::Low,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV_AZURE_114"],
        description: "content_type is not set, so readers cannot tell what the secret holds.",
        remediation: "Set content_type (e.g. \"password\", \"connection-string\").",
        target: Target::Resources(&["azurerm_key_vault_secret"], present("content_type", "No content type is set (`content_type`).")),
    },
    Rule {
        id: "kali/azure-keyvault-public",
        title: "Key Vault is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_189"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(KEY_VAULT, is_false("public_network_access_enabled", "The vault is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-cosmosdb-no-cmk",
        title: "Cosmos DB account is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AZURE_100"],
        description: "key_vault_key_id is not set.",
        remediation: "Set key_vault_key_id to a Key Vault key.",
        target: Target::Resources(COSMOS, present("key_vault_key_id", "Data is encrypted with a Microsoft-managed key (no `key_vault_key_id`).")),
    },
    Rule {
        id: "kali/azure-cosmosdb-public",
        title: "Cosmos DB account is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_101"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(COSMOS, is_false("public_network_access_enabled", "The account is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-cosmosdb-key-metadata-writes",
        title: "Cosmos DB account keys can change account metadata",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AZURE_132"],
        description: "access_key_metadata_writes_enabled is not false (the provider defaults it to true), so data-plane keys can change databases and containers.",
        remediation: "Set access_key_metadata_writes_enabled = false.",
        target: Target::Resources(COSMOS, is_false("access_key_metadata_writes_enabled", "Account keys can change account metadata (`access_key_metadata_writes_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-cosmosdb-local-auth",
        title: "Cosmos DB account allows key authentication",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_140"],
        description: "local_authentication_disabled is not true, so primary keys grant data access.",
        remediation: "Set local_authentication_disabled = true and use Entra ID RBAC.",
        target: Target::Resources(COSMOS, is_true("local_authentication_disabled", "Account keys are accepted (`local_authentication_disabled` is not true).")),
    },
    Rule {
        id: "kali/azure-redis-non-ssl-port",
        title: "Redis cache enables the non-TLS port",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_91"],
        description: "non_ssl_port_enabled (enable_non_ssl_port on older providers) is true.",
        remediation: "Remove non_ssl_port_enabled or set it to false.",
        target: Target::Resources(REDIS, Check::Function(redis_non_ssl_port)),
    },
    Rule {
        id: "kali/azure-redis-outdated-tls",
        title: "Redis cache accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_148"],
        description: "minimum_tls_version is not 1.2 (older providers default to 1.0).",
        remediation: "Set minimum_tls_version = \"1.2\".",
        target: Target::Resources(REDIS, one_of("minimum_tls_version", &["1.2"], "The cache accepts TLS before 1.2 (`minimum_tls_version` is not \"1.2\").")),
    },
    Rule {
        id: "kali/azure-redis-no-replication",
        title: "Redis cache has no replica",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_230"],
        description: "sku_name is Basic: a single node without replication or SLA.",
        remediation: "Use sku_name = \"Standard\" or \"Premium\".",
        target: Target::Resources(REDIS, one_of("sku_name", &["Standard", "Premium"], "The cache is a single node without a replica (`sku_name` is not Standard or Premium).")),
    },
    Rule {
        id: "kali/azure-aks-no-monitoring",
        title: "AKS does not send logs to Azure Monitor",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_4"],
        description: "No oms_agent with a log_analytics_workspace_id (addon_profile.oms_agent.enabled on older providers).",
        remediation: "Add oms_agent { log_analytics_workspace_id = ... }.",
        target: Target::Resources(AKS, Check::Function(aks_monitoring)),
    },
    Rule {
        id: "kali/azure-aks-dashboard",
        title: "AKS Kubernetes dashboard is enabled",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_8"],
        description: "addon_profile.kube_dashboard.enabled is true.",
        remediation: "Remove the kube_dashboard add-on.",
        target: Target::Resources(AKS, not_true("addon_profile.kube_dashboard.enabled", "The Kubernetes dashboard is enabled.")),
    },
    Rule {
        id: "kali/azure-aks-not-private",
        title: "AKS API server is not private",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_115"],
        description: "private_cluster_enabled is not true.",
        remediation: "Set private_cluster_enabled = true.",
        target: Target::Resources(AKS, is_true("private_cluster_enabled", "The API server has a public endpoint (`private_cluster_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-aks-no-disk-encryption-set",
        title: "AKS disks are not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AZURE_117"],
        description: "disk_encryption_set_id is not set.",
        remediation: "Set disk_encryption_set_id to a disk encryption set.",
        target: Target::Resources(AKS, present("disk_encryption_set_id", "Node disks are encrypted with a Microsoft-managed key (no `disk_encryption_set_id`).")),
    },
    Rule {
        id: "kali/azure-aks-node-public-ip",
        title: "AKS nodes have public IP addresses",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_143"],
        description: "default_node_pool.node_public_ip_enabled (enable_node_public_ip on older providers) is true.",
        remediation: "Remove node_public_ip_enabled or set it to false.",
        target: Target::Resources(AKS, Check::Function(aks_node_public_ip)),
    },
    Rule {
        id: "kali/azure-aks-availability-set",
        title: "AKS default node pool uses an availability set",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_169"],
        description: "default_node_pool.type is AvailabilitySet, which cannot autoscale or use several pools.",
        remediation: "Use type = \"VirtualMachineScaleSets\" (the default).",
        target: Target::Resources(AKS, none_of("default_node_pool.type", &["AvailabilitySet"], "The default node pool uses an availability set")),
    },
    Rule {
        id: "kali/azure-aks-free-tier",
        title: "AKS control plane has no SLA",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_170"],
        description: "sku_tier is not a paid tier (Standard, Premium or the older Paid); Checkov accepts only Standard.",
        remediation: "Set sku_tier = \"Standard\".",
        target: Target::Resources(AKS, one_of("sku_tier", &["Standard", "Premium", "Paid"], "The control plane runs on the free tier without an SLA (`sku_tier`).")),
    },
    Rule {
        id: "kali/azure-aks-no-upgrade-channel",
        title: "AKS has no automatic upgrade channel",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_171"],
        description: "automatic_upgrade_channel (automatic_channel_upgrade on older providers) is unset or none.",
        remediation: "Set automatic_upgrade_channel = \"patch\" (or \"stable\").",
        target: Target::Resources(AKS, Check::Function(aks_upgrade_channel)),
    },
    Rule {
        id: "kali/azure-aks-secret-rotation",
        title: "AKS Secrets Store CSI driver does not rotate secrets",
        severity: Severity::Low,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV_AZURE_172"],
        description: "key_vault_secrets_provider.secret_rotation_enabled is not true.",
        remediation: "Set key_vault_secrets_provider { secret_rotation_enabled = true }.",
        target: Target::Resources(AKS, is_true("key_vault_secrets_provider.secret_rotation_enabled", "Secrets from Key Vault are not rotated (`secret_rotation_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-aks-ephemeral-os-disk",
        title: "AKS nodes do not use ephemeral OS disks",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_226"],
        description: "default_node_pool.os_disk_type is not Ephemeral.",
        remediation: "Set default_node_pool { os_disk_type = \"Ephemeral\" }.",
        target: Target::Resources(AKS, one_of("default_node_pool.os_disk_type", &["Ephemeral"], "Node OS disks are managed disks, not ephemeral (`os_disk_type` is not Ephemeral).")),
    },
    Rule {
        id: "kali/azure-aks-system-pool-shared",
        title: "AKS system node pool runs application pods",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_232"],
        description: "default_node_pool.only_critical_addons_enabled is not true.",
        remediation: "Set default_node_pool { only_critical_addons_enabled = true } and add a user node pool.",
        target: Target::Resources(AKS, is_true("default_node_pool.only_critical_addons_enabled", "Application pods can be scheduled on system nodes (`only_critical_addons_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-aks-http-app-routing",
        title: "AKS HTTP application routing is enabled",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_246"],
        description: "http_application_routing_enabled is true; the add-on exposes apps through a public DNS zone and is not meant for production.",
        remediation: "Remove http_application_routing_enabled and use an ingress controller.",
        target: Target::Resources(AKS, not_true("http_application_routing_enabled", "HTTP application routing is enabled.")),
    },
    Rule {
        id: "kali/azure-postgres-public",
        title: "PostgreSQL server is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_68"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_postgresql_server"], is_false("public_network_access_enabled", "The server is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-postgres-geo-backup",
        title: "PostgreSQL server backups are not geo-redundant",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_102"],
        description: "geo_redundant_backup_enabled is not true.",
        remediation: "Set geo_redundant_backup_enabled = true.",
        target: Target::Resources(&["azurerm_postgresql_server"], is_true("geo_redundant_backup_enabled", "Backups are not geo-redundant (`geo_redundant_backup_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-postgres-flexible-geo-backup",
        title: "PostgreSQL flexible server backups are not geo-redundant",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_136"],
        description: "geo_redundant_backup_enabled is not true.",
        remediation: "Set geo_redundant_backup_enabled = true.",
        target: Target::Resources(&["azurerm_postgresql_flexible_server"], is_true("geo_redundant_backup_enabled", "Backups are not geo-redundant (`geo_redundant_backup_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-postgres-threat-detection",
        title: "PostgreSQL server threat detection is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_128"],
        description: "threat_detection_policy.enabled is not true.",
        remediation: "Add threat_detection_policy { enabled = true }.",
        target: Target::Resources(&["azurerm_postgresql_server"], is_true("threat_detection_policy.enabled", "Threat detection is not enabled (`threat_detection_policy.enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-postgres-outdated-tls",
        title: "PostgreSQL server accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_147"],
        description: "ssl_minimal_tls_version_enforced is TLS1_0, TLS1_1 or TLSEnforcementDisabled. Unset passes: the provider defaults it to TLS1_2 (Checkov fails it).",
        remediation: "Set ssl_minimal_tls_version_enforced = \"TLS1_2\".",
        target: Target::Resources(&["azurerm_postgresql_server"], none_of("ssl_minimal_tls_version_enforced", &["TLS1_0", "TLS1_1", "TLSEnforcementDisabled"], "The server accepts TLS before 1.2")),
    },
    Rule {
        id: "kali/azure-postgres-log-retention-off",
        title: "PostgreSQL parameter log_retention is off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_146"],
        description: "An azurerm_postgresql_configuration sets log_retention to off.",
        remediation: "Set log_retention to on (or remove the override).",
        target: Target::Resources(PG_CONFIG, Check::Function(pg_log_retention)),
    },
    Rule {
        id: "kali/azure-postgres-log-checkpoints-off",
        title: "PostgreSQL parameter log_checkpoints is off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_30"],
        description: "An azurerm_postgresql_configuration sets log_checkpoints to off.",
        remediation: "Set log_checkpoints to on (or remove the override).",
        target: Target::Resources(PG_CONFIG, Check::Function(pg_log_checkpoints)),
    },
    Rule {
        id: "kali/azure-postgres-log-connections-off",
        title: "PostgreSQL parameter log_connections is off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_31"],
        description: "An azurerm_postgresql_configuration sets log_connections to off.",
        remediation: "Set log_connections to on (or remove the override).",
        target: Target::Resources(PG_CONFIG, Check::Function(pg_log_connections)),
    },
    Rule {
        id: "kali/azure-postgres-connection-throttling-off",
        title: "PostgreSQL parameter connection_throttling is off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_32"],
        description: "An azurerm_postgresql_configuration sets connection_throttling to off.",
        remediation: "Set connection_throttling to on (or remove the override).",
        target: Target::Resources(PG_CONFIG, Check::Function(pg_connection_throttling)),
    },
    Rule {
        id: "kali/azure-mysql-ssl",
        title: "MySQL server does not enforce SSL",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_28"],
        description: "ssl_enforcement_enabled is false (unset is true, the provider's default; Checkov fails it).",
        remediation: "Set ssl_enforcement_enabled = true.",
        target: Target::Resources(&["azurerm_mysql_server"], not_false("ssl_enforcement_enabled", "SSL is not enforced for connections.")),
    },
    Rule {
        id: "kali/azure-mysql-outdated-tls",
        title: "MySQL server accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_54"],
        description: "ssl_minimal_tls_version_enforced is TLS1_0, TLS1_1 or TLSEnforcementDisabled. Unset passes: the provider defaults it to TLS1_2 (Checkov fails it).",
        remediation: "Set ssl_minimal_tls_version_enforced = \"TLS1_2\".",
        target: Target::Resources(&["azurerm_mysql_server"], none_of("ssl_minimal_tls_version_enforced", &["TLS1_0", "TLS1_1", "TLSEnforcementDisabled"], "The server accepts TLS before 1.2")),
    },
    Rule {
        id: "kali/azure-mysql-threat-detection",
        title: "MySQL server threat detection is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_127"],
        description: "threat_detection_policy.enabled is not true.",
        remediation: "Add threat_detection_policy { enabled = true }.",
        target: Target::Resources(&["azurerm_mysql_server"], is_true("threat_detection_policy.enabled", "Threat detection is not enabled (`threat_detection_policy.enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-mariadb-ssl",
        title: "MariaDB server does not enforce SSL",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_47"],
        description: "ssl_enforcement_enabled is not true.",
        remediation: "Set ssl_enforcement_enabled = true.",
        target: Target::Resources(&["azurerm_mariadb_server"], is_true("ssl_enforcement_enabled", "SSL is not enforced for connections (`ssl_enforcement_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-mariadb-public",
        title: "MariaDB server is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_48"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_mariadb_server"], is_false("public_network_access_enabled", "The server is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-mariadb-geo-backup",
        title: "MariaDB server backups are not geo-redundant",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_129"],
        description: "geo_redundant_backup_enabled is not true.",
        remediation: "Set geo_redundant_backup_enabled = true.",
        target: Target::Resources(&["azurerm_mariadb_server"], is_true("geo_redundant_backup_enabled", "Backups are not geo-redundant (`geo_redundant_backup_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-sql-alerts-disabled",
        title: "SQL threat detection has alert types disabled",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_25"],
        description: "disabled_alerts of the security alert policy lists alert types.",
        remediation: "Remove disabled_alerts so every threat type is reported.",
        target: Target::Resources(SQL_ALERT_POLICY, Check::Function(sql_alerts_disabled)),
    },
    Rule {
        id: "kali/azure-sql-alerts-no-email",
        title: "SQL threat alerts are sent to no one",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_26"],
        description: "email_addresses of the security alert policy is empty.",
        remediation: "Set email_addresses to the security team's addresses.",
        target: Target::Resources(SQL_ALERT_POLICY, present("email_addresses", "Threat alerts have no recipients (`email_addresses` is empty).")),
    },
    Rule {
        id: "kali/azure-sql-alerts-no-admins",
        title: "SQL threat alerts do not notify administrators",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_27"],
        description: "email_account_admins is not true.",
        remediation: "Set email_account_admins = true.",
        target: Target::Resources(SQL_ALERT_POLICY, is_true("email_account_admins", "Threat alerts do not go to the subscription administrators (`email_account_admins` is not true).")),
    },
    Rule {
        id: "kali/azure-sql-db-ledger",
        title: "SQL database ledger is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_224"],
        description: "ledger_enabled is not true, so tampering with rows is not evident.",
        remediation: "Set ledger_enabled = true (it cannot be changed later).",
        target: Target::Resources(SQL_DATABASE, is_true("ledger_enabled", "The ledger is not enabled (`ledger_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-sql-db-zone-redundant",
        title: "SQL database is not zone redundant",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_229"],
        description: "zone_redundant is not true.",
        remediation: "Set zone_redundant = true (Premium, Business Critical or General Purpose).",
        target: Target::Resources(SQL_DATABASE, is_true("zone_redundant", "The database is not spread across availability zones (`zone_redundant` is not true).")),
    },
    Rule {
        id: "kali/azure-nic-ip-forwarding",
        title: "Network interface forwards IP traffic",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_118"],
        description: "ip_forwarding_enabled (enable_ip_forwarding on older providers) is true.",
        remediation: "Remove ip_forwarding_enabled unless the machine is a network appliance.",
        target: Target::Resources(&["azurerm_network_interface"], Check::Function(nic_ip_forwarding)),
    },
    Rule {
        id: "kali/azure-storage-trusted-services",
        title: "Storage network rules block trusted Microsoft services",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_36"],
        description: "network_rules deny by default and bypass does not include AzureServices, so backup, monitoring and other trusted services cannot reach the account.",
        remediation: "Add \"AzureServices\" to bypass.",
        target: Target::Resources(&["azurerm_storage_account", "azurerm_storage_account_network_rules"], Check::Function(storage_trusted_services)),
    },
    Rule {
        id: "kali/azure-app-gateway-waf-policy-disabled",
        title: "Application Gateway WAF policy is disabled",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_122"],
        description: "policy_settings.enabled is false.",
        remediation: "Set policy_settings { enabled = true, mode = \"Prevention\" }.",
        target: Target::Resources(&["azurerm_web_application_firewall_policy"], not_false("policy_settings.enabled", "The WAF policy is disabled (`policy_settings.enabled` is false).")),
    },
    Rule {
        id: "kali/azure-frontdoor-waf-policy-disabled",
        title: "Front Door WAF policy is disabled",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_123"],
        description: "enabled (or policy_settings.enabled) is false.",
        remediation: "Set enabled = true and mode = \"Prevention\".",
        target: Target::Resources(&["azurerm_frontdoor_firewall_policy"], Check::Function(frontdoor_waf_enabled)),
    },
    Rule {
        id: "kali/azure-app-gateway-waf-log4j",
        title: "Application Gateway WAF does not block Log4Shell",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_135"],
        description: "The WAF policy has no OWASP 3.1/3.2 managed rule set, or disables rule 944240 in REQUEST-944-APPLICATION-ATTACK-JAVA.",
        remediation: "Use managed_rule_set { type = \"OWASP\", version = \"3.2\" } and keep rule 944240 enabled.",
        target: Target::Resources(&["azurerm_web_application_firewall_policy"], Check::Function(app_gateway_waf_log4j)),
    },
    Rule {
        id: "kali/azure-frontdoor-no-waf",
        title: "Front Door has no WAF policy",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_121"],
        description: "frontend_endpoint.web_application_firewall_policy_link_id is not set.",
        remediation: "Set web_application_firewall_policy_link_id on the frontend endpoints.",
        target: Target::Resources(&["azurerm_frontdoor"], present("frontend_endpoint.web_application_firewall_policy_link_id", "No WAF policy is linked to the frontend endpoint.")),
    },
    Rule {
        id: "kali/azure-app-gateway-http-listener",
        title: "Application Gateway listener accepts plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_217"],
        description: "An http_listener's protocol is not Https (every listener is read; Checkov reads the first).",
        remediation: "Use protocol = \"Https\" with an ssl_certificate_name, and redirect HTTP with a redirect_configuration on a separate gateway if needed.",
        target: Target::Resources(&["azurerm_application_gateway"], Check::Function(app_gateway_https_listeners)),
    },
    Rule {
        id: "kali/azure-app-gateway-weak-tls",
        title: "Application Gateway allows weak TLS protocols or ciphers",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_218"],
        description: "No ssl_policy, a predefined policy other than AppGwSslPolicy20220101S, or a custom policy allowing CBC or non-ECDHE ciphers.",
        remediation: "Set ssl_policy { policy_type = \"Predefined\", policy_name = \"AppGwSslPolicy20220101S\" }.",
        target: Target::Resources(&["azurerm_application_gateway"], Check::Function(app_gateway_ssl_policy)),
    },
    Rule {
        id: "kali/azure-firewall-threat-intel-not-deny",
        title: "Azure Firewall threat intelligence does not deny",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_216"],
        description: "threat_intel_mode is not Deny (the default is Alert).",
        remediation: "Set threat_intel_mode = \"Deny\".",
        target: Target::Resources(&["azurerm_firewall"], one_of("threat_intel_mode", &["Deny"], "Traffic to known-malicious addresses is not blocked (`threat_intel_mode` is not \"Deny\").")),
    },
    Rule {
        id: "kali/azure-firewall-no-policy",
        title: "Azure Firewall has no firewall policy",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_219"],
        description: "firewall_policy_id is not set (classic rules only).",
        remediation: "Create an azurerm_firewall_policy and set firewall_policy_id.",
        target: Target::Resources(&["azurerm_firewall"], present("firewall_policy_id", "No firewall policy is attached (`firewall_policy_id`).")),
    },
    Rule {
        id: "kali/azure-windows-vm-auto-updates",
        title: "Windows VM automatic updates are disabled",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_177"],
        description: "automatic_updates_enabled (enable_automatic_updates on older providers) is false.",
        remediation: "Remove automatic_updates_enabled = false.",
        target: Target::Resources(&["azurerm_windows_virtual_machine", "azurerm_windows_virtual_machine_scale_set"], Check::Function(windows_auto_updates)),
    },
    Rule {
        id: "kali/azure-linux-vm-no-ssh-key",
        title: "Linux VM has no SSH key",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_178"],
        description: "No admin_ssh_key block is set, so the machine is reached with a password.",
        remediation: "Add admin_ssh_key { username = ..., public_key = ... }.",
        target: Target::Resources(&["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set"], present("admin_ssh_key", "No SSH key is configured (no `admin_ssh_key`).")),
    },
    Rule {
        id: "kali/azure-managed-disk-public",
        title: "Managed disk allows public network access",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_251"],
        description: "public_network_access_enabled is not false (the provider defaults it to true), so the disk can be exported over the internet.",
        remediation: "Set public_network_access_enabled = false (with a disk access resource for private export).",
        target: Target::Resources(&["azurerm_managed_disk"], is_false("public_network_access_enabled", "The disk can be imported and exported over public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-eventgrid-domain-public",
        title: "Event Grid domain is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_106"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_eventgrid_domain"], is_false("public_network_access_enabled", "It is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-eventgrid-topic-no-identity",
        title: "Event Grid topic has no managed identity",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_191"],
        description: "No identity block with a type is set.",
        remediation: "Add identity { type = \"SystemAssigned\" }.",
        target: Target::Resources(&["azurerm_eventgrid_topic"], present("identity.type", "No managed identity is configured (no `identity` block).")),
    },
    Rule {
        id: "kali/azure-eventgrid-topic-local-auth",
        title: "Event Grid topic allows key authentication",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_192"],
        description: "local_auth_enabled is not false (the provider defaults it to true), so access keys or SAS grant access.",
        remediation: "Set local_auth_enabled = false and use Entra ID.",
        target: Target::Resources(&["azurerm_eventgrid_topic"], is_false("local_auth_enabled", "Access keys are accepted (`local_auth_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-eventgrid-topic-public",
        title: "Event Grid topic is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_193"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_eventgrid_topic"], is_false("public_network_access_enabled", "It is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-eventgrid-domain-no-identity",
        title: "Event Grid domain has no managed identity",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_194"],
        description: "No identity block with a type is set.",
        remediation: "Add identity { type = \"SystemAssigned\" }.",
        target: Target::Resources(&["azurerm_eventgrid_domain"], present("identity.type", "No managed identity is configured (no `identity` block).")),
    },
    Rule {
        id: "kali/azure-eventgrid-domain-local-auth",
        title: "Event Grid domain allows key authentication",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_195"],
        description: "local_auth_enabled is not false (the provider defaults it to true), so access keys or SAS grant access.",
        remediation: "Set local_auth_enabled = false and use Entra ID.",
        target: Target::Resources(&["azurerm_eventgrid_domain"], is_false("local_auth_enabled", "Access keys are accepted (`local_auth_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-eventhub-outdated-tls",
        title: "Event Hubs namespace accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_223"],
        description: "minimum_tls_version is set below 1.2 (unset is 1.2).",
        remediation: "Set minimum_tls_version = \"1.2\".",
        target: Target::Resources(&["azurerm_eventhub_namespace"], Check::Function(servicebus_tls)),
    },
    Rule {
        id: "kali/azure-servicebus-no-double-encryption",
        title: "Service Bus namespace is not double encrypted",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_199"],
        description: "customer_managed_key.infrastructure_encryption_enabled is not true.",
        remediation: "Set customer_managed_key { infrastructure_encryption_enabled = true } (Premium).",
        target: Target::Resources(SERVICEBUS, is_true("customer_managed_key.infrastructure_encryption_enabled", "Infrastructure encryption is off (`customer_managed_key.infrastructure_encryption_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-servicebus-no-cmk",
        title: "Service Bus namespace is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AZURE_201"],
        description: "customer_managed_key.key_vault_key_id is not set.",
        remediation: "Add customer_managed_key { key_vault_key_id = ..., identity_id = ... } (Premium).",
        target: Target::Resources(SERVICEBUS, present("customer_managed_key.key_vault_key_id", "Data is encrypted with a Microsoft-managed key (no `customer_managed_key`).")),
    },
    Rule {
        id: "kali/azure-servicebus-no-identity",
        title: "Service Bus namespace has no managed identity",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_202"],
        description: "No identity block with a type is set.",
        remediation: "Add identity { type = \"SystemAssigned\" }.",
        target: Target::Resources(SERVICEBUS, present("identity.type", "No managed identity is configured (no `identity` block).")),
    },
    Rule {
        id: "kali/azure-synapse-exfiltration",
        title: "Synapse workspace does not prevent data exfiltration",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_157"],
        description: "data_exfiltration_protection_enabled is not true.",
        remediation: "Set data_exfiltration_protection_enabled = true (with a managed virtual network).",
        target: Target::Resources(&["azurerm_synapse_workspace"], is_true("data_exfiltration_protection_enabled", "Data can leave through managed private endpoints to any tenant (`data_exfiltration_protection_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-synapse-no-cmk",
        title: "Synapse workspace is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AZURE_240"],
        description: "customer_managed_key.key_name is not set.",
        remediation: "Add customer_managed_key { key_versionless_id = ..., key_name = ... }.",
        target: Target::Resources(&["azurerm_synapse_workspace"], present("customer_managed_key.key_name", "Data is encrypted with a Microsoft-managed key (no `customer_managed_key`).")),
    },
    Rule {
        id: "kali/azure-synapse-spark-isolation",
        title: "Synapse Spark pool does not use isolated compute",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_242"],
        description: "compute_isolation_enabled is not true.",
        remediation: "Set compute_isolation_enabled = true (on an isolated node size).",
        target: Target::Resources(&["azurerm_synapse_spark_pool"], is_true("compute_isolation_enabled", "The pool shares hosts with other tenants (`compute_isolation_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-data-factory-public",
        title: "Data Factory is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_104"],
        description: "public_network_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_data_factory"], is_false("public_network_enabled", "It is reachable from public networks (`public_network_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-iothub-public",
        title: "IoT Hub is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_108"],
        description: "public_network_access_enabled is true.",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_iothub"], not_true("public_network_access_enabled", "It is reachable from public networks (`public_network_access_enabled` is true).")),
    },
    Rule {
        id: "kali/azure-search-public",
        title: "Cognitive Search service is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_124"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_search_service"], is_false("public_network_access_enabled", "It is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-search-no-identity",
        title: "Cognitive Search service has no managed identity",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_207"],
        description: "identity.type is not SystemAssigned.",
        remediation: "Add identity { type = \"SystemAssigned\" }.",
        target: Target::Resources(&["azurerm_search_service"], one_of("identity.type", &["SystemAssigned"], "No system-assigned managed identity is configured (`identity.type`).")),
    },
    Rule {
        id: "kali/azure-app-config-local-auth",
        title: "App Configuration store allows key authentication",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_184"],
        description: "local_auth_enabled is not false (the provider defaults it to true), so access keys or SAS grant access.",
        remediation: "Set local_auth_enabled = false and use Entra ID.",
        target: Target::Resources(&["azurerm_app_configuration"], is_false("local_auth_enabled", "Access keys are accepted (`local_auth_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-app-config-public",
        title: "App Configuration store is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_185"],
        description: "public_network_access is Enabled.",
        remediation: "Set public_network_access = \"Disabled\" and use a private endpoint.",
        target: Target::Resources(&["azurerm_app_configuration"], none_of("public_network_access", &["Enabled"], "It is reachable from public networks")),
    },
    Rule {
        id: "kali/azure-app-config-no-cmk",
        title: "App Configuration store is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AZURE_186"],
        description: "encryption.key_vault_key_identifier is not set.",
        remediation: "Add encryption { key_vault_key_identifier = ..., identity_client_id = ... } (standard SKU).",
        target: Target::Resources(&["azurerm_app_configuration"], present("encryption.key_vault_key_identifier", "Data is encrypted with a Microsoft-managed key (no `encryption` block).")),
    },
    Rule {
        id: "kali/azure-app-config-purge-protection",
        title: "App Configuration store purge protection is not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_187"],
        description: "purge_protection_enabled is not true.",
        remediation: "Set purge_protection_enabled = true (standard SKU).",
        target: Target::Resources(&["azurerm_app_configuration"], is_true("purge_protection_enabled", "Deleted stores can be purged at once (`purge_protection_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-app-config-free-sku",
        title: "App Configuration store is on the free SKU",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_188"],
        description: "sku is not standard: no SLA, private endpoints, customer-managed keys or purge protection.",
        remediation: "Set sku = \"standard\".",
        target: Target::Resources(&["azurerm_app_configuration"], one_of("sku", &["standard", "premium"], "The store is on the free SKU (`sku` is not standard).")),
    },
    Rule {
        id: "kali/azure-cognitive-public",
        title: "Cognitive Services account is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_134"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(COGNITIVE, is_false("public_network_access_enabled", "It is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-batch-no-cmk",
        title: "Batch account does not use Key Vault",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AZURE_76"],
        description: "key_vault_reference.id is not set.",
        remediation: "Add key_vault_reference { id = ..., url = ... }.",
        target: Target::Resources(&["azurerm_batch_account"], present("key_vault_reference.id", "No Key Vault is referenced for the account's keys (`key_vault_reference`).")),
    },
    Rule {
        id: "kali/azure-databricks-public",
        title: "Databricks workspace is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_158"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_databricks_workspace"], is_false("public_network_access_enabled", "It is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-apim-no-vnet",
        title: "API Management is not deployed in a virtual network",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_107"],
        description: "virtual_network_configuration.subnet_id is not set.",
        remediation: "Set virtual_network_type = \"Internal\" (or External) with virtual_network_configuration { subnet_id = ... }.",
        target: Target::Resources(&["azurerm_api_management"], present("virtual_network_configuration.subnet_id", "The service is not in a virtual network (no `virtual_network_configuration`).")),
    },
    Rule {
        id: "kali/azure-apim-public",
        title: "API Management service is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_174"],
        description: "public_network_access_enabled is not false (the provider defaults it to true).",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_api_management"], is_false("public_network_access_enabled", "It is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-container-group-no-vnet",
        title: "Container group is not deployed in a virtual network",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_98"],
        description: "subnet_ids is not set, so the containers get a public IP.",
        remediation: "Set subnet_ids and ip_address_type = \"Private\".",
        target: Target::Resources(&["azurerm_container_group"], present("subnet_ids", "The containers are not in a virtual network (no `subnet_ids`).")),
    },
    Rule {
        id: "kali/azure-data-lake-unencrypted",
        title: "Data Lake Store is not encrypted",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AZURE_105"],
        description: "encryption_state is Disabled.",
        remediation: "Remove encryption_state = \"Disabled\" (it defaults to Enabled).",
        target: Target::Resources(&["azurerm_data_lake_store"], none_of("encryption_state", &["Disabled"], "The store is not encrypted")),
    },
    Rule {
        id: "kali/azure-kusto-no-identity",
        title: "Data Explorer cluster has no managed identity",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_181"],
        description: "No identity block with a type is set.",
        remediation: "Add identity { type = \"SystemAssigned\" }.",
        target: Target::Resources(KUSTO, present("identity.type", "No managed identity is configured (no `identity` block).")),
    },
    Rule {
        id: "kali/azure-storage-sync-public",
        title: "Storage Sync service accepts traffic from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_64"],
        description: "incoming_traffic_policy is not AllowVirtualNetworksOnly.",
        remediation: "Set incoming_traffic_policy = \"AllowVirtualNetworksOnly\".",
        target: Target::Resources(&["azurerm_storage_sync"], one_of("incoming_traffic_policy", &["AllowVirtualNetworksOnly"], "It accepts traffic from public networks (`incoming_traffic_policy` is not AllowVirtualNetworksOnly).")),
    },
    Rule {
        id: "kali/azure-defender-servers",
        title: "Defender for servers is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_55"],
        description: "The subscription pricing for VirtualMachines is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_servers)),
    },
    Rule {
        id: "kali/azure-defender-app-services",
        title: "Defender for App Service is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_61"],
        description: "The subscription pricing for AppServices is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_app_services)),
    },
    Rule {
        id: "kali/azure-defender-sql",
        title: "Defender for Azure SQL databases is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_69"],
        description: "The subscription pricing for SqlServers is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_sql)),
    },
    Rule {
        id: "kali/azure-defender-sql-vms",
        title: "Defender for SQL servers on machines is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_79"],
        description: "The subscription pricing for SqlServerVirtualMachines is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_sql_vms)),
    },
    Rule {
        id: "kali/azure-defender-storage",
        title: "Defender for Storage is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_84"],
        description: "The subscription pricing for StorageAccounts is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_storage)),
    },
    Rule {
        id: "kali/azure-defender-kubernetes",
        title: "Defender for Kubernetes is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_85"],
        description: "The subscription pricing for KubernetesService is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_kubernetes)),
    },
    Rule {
        id: "kali/azure-defender-container-registry",
        title: "Defender for container registries is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_86"],
        description: "The subscription pricing for ContainerRegistry is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_container_registry)),
    },
    Rule {
        id: "kali/azure-defender-key-vault",
        title: "Defender for Key Vault is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_87"],
        description: "The subscription pricing for KeyVaults is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_key_vault)),
    },
    Rule {
        id: "kali/azure-defender-resource-manager",
        title: "Defender for Resource Manager is off",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_234"],
        description: "The subscription pricing for Arm is not on the Standard tier (an unset resource_type is VirtualMachines, the provider's default).",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], Check::Function(defender_resource_manager)),
    },
    Rule {
        id: "kali/azure-defender-free-tier",
        title: "Defender for Cloud plan is on the free tier",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_19"],
        description: "tier is not Standard.",
        remediation: "Set tier = \"Standard\".",
        target: Target::Resources(&["azurerm_security_center_subscription_pricing"], one_of("tier", &["Standard"], "The Defender plan is on the free tier (`tier` is not Standard).")),
    },
    Rule {
        id: "kali/azure-security-contact-no-phone",
        title: "Security contact has no phone number",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_20"],
        description: "phone is not set.",
        remediation: "Set phone.",
        target: Target::Resources(&["azurerm_security_center_contact"], present("phone", "No phone number is set for the security contact.")),
    },
    Rule {
        id: "kali/azure-security-contact-no-alerts",
        title: "Security alerts are not emailed",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_21"],
        description: "alert_notifications is not true.",
        remediation: "Set alert_notifications = true.",
        target: Target::Resources(&["azurerm_security_center_contact"], is_true("alert_notifications", "High-severity alerts are not emailed (`alert_notifications` is not true).")),
    },
    Rule {
        id: "kali/azure-security-contact-no-admins",
        title: "Security alerts are not sent to subscription owners",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_22"],
        description: "alerts_to_admins is not true.",
        remediation: "Set alerts_to_admins = true.",
        target: Target::Resources(&["azurerm_security_center_contact"], is_true("alerts_to_admins", "Alerts do not go to subscription owners (`alerts_to_admins` is not true).")),
    },
    Rule {
        id: "kali/azure-security-contact-no-email",
        title: "Security contact has no email address",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AZURE_131"],
        description: "email is not set.",
        remediation: "Set email to the security team's address.",
        target: Target::Resources(&["azurerm_security_center_contact"], present("email", "No email address is set for the security contact.")),
    },
    Rule {
        id: "kali/azure-cdn-http-allowed",
        title: "CDN endpoint allows plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_197"],
        description: "is_http_allowed is not false (the provider defaults it to true).",
        remediation: "Set is_http_allowed = false.",
        target: Target::Resources(&["azurerm_cdn_endpoint"], is_false("is_http_allowed", "The endpoint serves plain HTTP (`is_http_allowed` is not false).")),
    },
    Rule {
        id: "kali/azure-cdn-https-disabled",
        title: "CDN endpoint does not serve HTTPS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_198"],
        description: "is_https_allowed is false.",
        remediation: "Remove is_https_allowed = false.",
        target: Target::Resources(&["azurerm_cdn_endpoint"], not_false("is_https_allowed", "The endpoint does not serve HTTPS (`is_https_allowed` is false).")),
    },
    Rule {
        id: "kali/azure-cdn-outdated-tls",
        title: "CDN custom domain accepts TLS 1.0",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_200"],
        description: "cdn_managed_https or user_managed_https sets tls_version to TLS10 or None.",
        remediation: "Set tls_version = \"TLS12\".",
        target: Target::Resources(&["azurerm_cdn_endpoint_custom_domain"], Check::Function(cdn_tls)),
    },
    Rule {
        id: "kali/azure-apim-backend-http",
        title: "API Management backend is called over HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_215"],
        description: "The backend url is not https://.",
        remediation: "Use an https:// backend url.",
        target: Target::Resources(&["azurerm_api_management_backend"], Check::Function(apim_backend_https)),
    },
    Rule {
        id: "kali/azure-ml-compute-local-auth",
        title: "Machine Learning compute cluster allows local authentication",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_142"],
        description: "local_auth_enabled is not false (the provider defaults it to true).",
        remediation: "Set local_auth_enabled = false.",
        target: Target::Resources(&["azurerm_machine_learning_compute_cluster"], is_false("local_auth_enabled", "Local (key) authentication is enabled (`local_auth_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-ml-workspace-public",
        title: "Machine Learning workspace is reachable from public networks",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_144"],
        description: "public_network_access_enabled is not false.",
        remediation: "Set public_network_access_enabled = false and use a private endpoint.",
        target: Target::Resources(&["azurerm_machine_learning_workspace"], is_false("public_network_access_enabled", "It is reachable from public networks (`public_network_access_enabled` is not false).")),
    },
    Rule {
        id: "kali/azure-web-pubsub-no-identity",
        title: "Web PubSub has no managed identity",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_176"],
        description: "No identity block with a type is set.",
        remediation: "Add identity { type = \"SystemAssigned\" }.",
        target: Target::Resources(&["azurerm_web_pubsub"], present("identity.type", "No managed identity is configured (no `identity` block).")),
    },
    Rule {
        id: "kali/azure-container-group-public-ip",
        title: "Container group has a public IP address",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_245"],
        description: "ip_address_type is not Private or None (the default is Public).",
        remediation: "Set ip_address_type = \"Private\" with subnet_ids.",
        target: Target::Resources(&["azurerm_container_group"], one_of("ip_address_type", &["Private", "None"], "The containers are reachable on a public IP (`ip_address_type` is not Private).")),
    },
    Rule {
        id: "kali/azure-spring-api-portal-http",
        title: "Spring Cloud API portal accepts plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AZURE_161"],
        description: "https_only_enabled is not true.",
        remediation: "Set https_only_enabled = true.",
        target: Target::Resources(&["azurerm_spring_cloud_api_portal"], is_true("https_only_enabled", "The portal accepts plain HTTP (`https_only_enabled` is not true).")),
    },
    Rule {
        id: "kali/azure-spring-api-portal-public",
        title: "Spring Cloud API portal is public",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AZURE_162"],
        description: "public_network_access_enabled is true.",
        remediation: "Set public_network_access_enabled = false.",
        target: Target::Resources(&["azurerm_spring_cloud_api_portal"], not_true("public_network_access_enabled", "The portal has a public endpoint (`public_network_access_enabled` is true).")),
    },
    Rule {
        id: "kali/azure-web-pubsub-free-sku",
        title: "Web PubSub is on the free SKU",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_175"],
        description: "sku is Free_F1, which has no SLA.",
        remediation: "Use sku = \"Standard_S1\" (or Premium).",
        target: Target::Resources(&["azurerm_web_pubsub"], none_of("sku", &["Free_F1"], "The service has no SLA")),
    },
    Rule {
        id: "kali/azure-signalr-free-sku",
        title: "SignalR service is on the free SKU",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_196"],
        description: "sku.name is Free_F1, which has no SLA.",
        remediation: "Use sku { name = \"Standard_S1\" } (or Premium).",
        target: Target::Resources(&["azurerm_signalr_service"], none_of("sku.name", &["Free_F1"], "The service has no SLA")),
    },
    Rule {
        id: "kali/azure-data-factory-no-git",
        title: "Data Factory is not linked to a Git repository",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_103"],
        description: "Neither github_configuration nor vsts_configuration names a repository.",
        remediation: "Add github_configuration or vsts_configuration with the repository.",
        target: Target::Resources(&["azurerm_data_factory"], Check::Function(data_factory_git)),
    },
    Rule {
        id: "kali/azure-service-fabric-no-aad",
        title: "Service Fabric cluster does not use Entra ID",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AZURE_126"],
        description: "azure_active_directory.tenant_id is not set, so clients authenticate with certificates only.",
        remediation: "Add azure_active_directory { tenant_id = ..., cluster_application_id = ..., client_application_id = ... }.",
        target: Target::Resources(&["azurerm_service_fabric_cluster"], present("azure_active_directory.tenant_id", "Entra ID authentication is not configured (no `azure_active_directory`).")),
    },
    Rule {
        id: "kali/azure-search-index-sla",
        title: "Cognitive Search has too few replicas for an index-update SLA",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_208"],
        description: "replica_count is below 3 (unset is 1).",
        remediation: "Set replica_count = 3 or more.",
        target: Target::Resources(&["azurerm_search_service"], at_least("replica_count", 3.0, 1.0, "Fewer than 3 replicas: index updates have no SLA (`replica_count`).")),
    },
    Rule {
        id: "kali/azure-search-query-sla",
        title: "Cognitive Search has too few replicas for a query SLA",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_209"],
        description: "replica_count is below 2 (unset is 1).",
        remediation: "Set replica_count = 2 or more.",
        target: Target::Resources(&["azurerm_search_service"], at_least("replica_count", 2.0, 1.0, "Fewer than 2 replicas: queries have no SLA (`replica_count`).")),
    },
    Rule {
        id: "kali/azure-search-allowed-ips-any",
        title: "Cognitive Search admits every address",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AZURE_210"],
        description: "allowed_ips includes 0.0.0.0/0.",
        remediation: "List only the addresses that need access.",
        target: Target::Resources(&["azurerm_search_service"], Check::Function(search_allowed_ips)),
    },
    Rule {
        id: "kali/azure-service-plan-dev-sku",
        title: "App Service plan is a dev/test SKU",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_211"],
        description: "sku_name is F1, D1, B1, B2 or B3: no scale-out, slots or SLA suited to production.",
        remediation: "Use a Standard or Premium SKU (e.g. P1v3).",
        target: Target::Resources(&["azurerm_service_plan"], none_of("sku_name", &["F1", "D1", "B1", "B2", "B3"], "The plan is a dev/test SKU")),
    },
    Rule {
        id: "kali/azure-service-plan-single-instance",
        title: "App Service plan runs a single instance",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AZURE_212"],
        description: "worker_count is below 2 (unset counts as 1).",
        remediation: "Set worker_count = 2 or more.",
        target: Target::Resources(&["azurerm_service_plan"], at_least("worker_count", 2.0, 1.0, "A single instance gives no failover (`worker_count` is below 2).")),
    },
    Rule {
        id: "kali/azure-ml-compute-min-nodes",
        title: "Machine Learning compute cluster keeps idle nodes",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AZURE_150"],
        description: "scale_settings.min_node_count is not 0.",
        remediation: "Set scale_settings { min_node_count = 0 }.",
        target: Target::Resources(&["azurerm_machine_learning_compute_cluster"], Check::Function(ml_min_nodes)),
    },
];

//! Microsoft Azure: a resource group and virtual network, a virtual machine scale set,
//! flexible database servers, storage accounts, Application Gateway, Azure Cache for Redis,
//! AKS, Front Door and Azure DNS.

use super::shapes::{a, app_port, b, r, s, strs, subnet, v, Builder, Shapes};
use super::{tf_name, Expr};
use crate::blueprint::schema::{
    Blueprint, Cache, Cdn, Compute, Database, Dns, Engine, Kubernetes, LoadBalancer, Network, Size,
    Storage,
};

pub(super) struct Azure;

fn size(kind: &str, size: Size) -> &'static str {
    match (kind, size) {
        ("db", Size::Small) => "B_Standard_B1ms",
        ("db", Size::Medium) => "GP_Standard_D2ds_v4",
        ("db", Size::Large) => "GP_Standard_D4ds_v4",
        (_, Size::Small) => "Standard_B2s",
        (_, Size::Medium) => "Standard_D2s_v5",
        (_, Size::Large) => "Standard_D4s_v5",
    }
}

impl Shapes for Azure {
    /// The resource group everything is in.
    fn foundation(bld: &mut Builder) {
        let tags = bld.tags();
        let region = v("region");
        bld.res(
            "network",
            "azurerm_resource_group",
            "main",
            vec![
                a("name", s(bld.id("rg"))),
                a("location", region.clone()),
                a("tags", tags.clone()),
            ],
        );
    }

    fn network(bld: &mut Builder, net: &Network) {
        let bp = bld.bp;
        let tags = bld.tags();
        let region = v("region");
        let rg = r("azurerm_resource_group.main.name");
        let cidr = bld.network_cidr("virtual network", &net.cidr);
        bld.res(
            "network",
            "azurerm_virtual_network",
            "main",
            vec![
                a("name", s(bld.id("vnet"))),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                a("address_space", Expr::List(vec![cidr])),
                a("tags", tags.clone()),
            ],
        );
        bld.res(
            "network",
            "azurerm_subnet",
            "private",
            vec![
                a("name", s(bld.id("private"))),
                a("resource_group_name", rg.clone()),
                a(
                    "virtual_network_name",
                    r("azurerm_virtual_network.main.name"),
                ),
                a("address_prefixes", strs(&[&subnet(&net.cidr, 0)])),
            ],
        );
        bld.res(
            "network",
            "azurerm_network_security_group",
            "private",
            vec![
                a("name", s(bld.id("private"))),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                b(
                    "security_rule",
                    vec![
                        a("name", s("app-from-vnet")),
                        a("priority", Expr::Num(100)),
                        a("direction", s("Inbound")),
                        a("access", s("Allow")),
                        a("protocol", s("Tcp")),
                        a("source_port_range", s("*")),
                        a("destination_port_range", s(app_port(bp).to_string())),
                        a("source_address_prefix", s("VirtualNetwork")),
                        a("destination_address_prefix", s("VirtualNetwork")),
                    ],
                ),
                a("tags", tags.clone()),
            ],
        );
        bld.res(
            "network",
            "azurerm_subnet_network_security_group_association",
            "private",
            vec![
                a("subnet_id", r("azurerm_subnet.private.id")),
                a(
                    "network_security_group_id",
                    r("azurerm_network_security_group.private.id"),
                ),
            ],
        );
        bld.output(
            "virtual_network_id",
            "The virtual network everything runs in.",
            r("azurerm_virtual_network.main.id"),
        );
    }

    fn compute(bld: &mut Builder, compute: &Compute) {
        let bp = bld.bp;
        let c = &bp.components;
        let tags = bld.tags();
        let region = v("region");
        let rg = r("azurerm_resource_group.main.name");
        let vm = compute
            .instance_type
            .clone()
            .unwrap_or_else(|| size("compute", compute.size.unwrap_or(Size::Medium)).into());
        let sku = bld.var(
            "compute_vm_size",
            "string",
            "The VM size of the compute tier.",
            s(vm),
        );
        let count = bld.compute_count(compute);
        let admin = compute
            .users
            .first()
            .map(|u| u.name.clone())
            .unwrap_or_else(|| "azureadmin".into());
        let mut ip_configuration = vec![
            a("name", s("internal")),
            a("primary", Expr::Bool(true)),
            a("subnet_id", r("azurerm_subnet.private.id")),
        ];
        if c.load_balancer.is_some() {
            ip_configuration.push(a(
                "application_gateway_backend_address_pool_ids",
                // A sub-resource's ID is its parent's ID, its kind and its name.
                Expr::List(vec![r(
                    "\"${azurerm_application_gateway.app.id}/backendAddressPools/compute\"",
                )]),
            ));
        }
        bld.res(
            "compute",
            "azurerm_linux_virtual_machine_scale_set",
            "compute",
            vec![
                a("name", s(bld.id("compute"))),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                a("sku", sku),
                a("instances", count),
                a("admin_username", s(admin.clone())),
                a("disable_password_authentication", Expr::Bool(true)),
                a("encryption_at_host_enabled", Expr::Bool(true)),
                a("upgrade_mode", s("Rolling")),
                b(
                    "admin_ssh_key",
                    vec![
                        a("username", s(admin)),
                        a("public_key", v("admin_ssh_public_key")),
                    ],
                ),
                b(
                    "source_image_reference",
                    vec![
                        a("publisher", s("Canonical")),
                        a("offer", s("ubuntu-24_04-lts")),
                        a("sku", s("server")),
                        a("version", s("latest")),
                    ],
                ),
                b(
                    "os_disk",
                    vec![
                        a("caching", s("ReadWrite")),
                        a("storage_account_type", s("Premium_LRS")),
                    ],
                ),
                b(
                    "network_interface",
                    vec![
                        a("name", s("primary")),
                        a("primary", Expr::Bool(true)),
                        b("ip_configuration", ip_configuration),
                    ],
                ),
                b(
                    "rolling_upgrade_policy",
                    vec![
                        a("max_batch_instance_percent", Expr::Num(20)),
                        a("max_unhealthy_instance_percent", Expr::Num(20)),
                        a("max_unhealthy_upgraded_instance_percent", Expr::Num(20)),
                        a("pause_time_between_batches", s("PT0S")),
                    ],
                ),
                a("tags", tags.clone()),
            ],
        );
        bld.var(
            "admin_ssh_public_key",
            "string",
            "The SSH public key of the first compute user (replace the placeholder).",
            s("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIReplaceWithYourOwnKeyReplaceWithYourOwnKey replace-me"),
        );
    }

    fn database(bld: &mut Builder, db: &Database) {
        let tags = bld.tags();
        let region = v("region");
        let rg = r("azurerm_resource_group.main.name");
        let sku = bld.var(
            "db_sku_name",
            "string",
            "The database SKU.",
            s(size("db", db.size)),
        );
        let storage = bld.var(
            "db_storage_mb",
            "number",
            "Database storage, in MB.",
            Expr::Num(db.storage_gb as i64 * 1024),
        );
        let retention = bld.var(
            "db_backup_retention_days",
            "number",
            "How many days of backups are kept.",
            Expr::Num(db.backups.retention_days as i64),
        );
        let (rtype, version) = match db.engine {
            Engine::Postgres => (
                "azurerm_postgresql_flexible_server",
                db.version.clone().unwrap_or_else(|| "16".into()),
            ),
            Engine::Mysql => (
                "azurerm_mysql_flexible_server",
                db.version.clone().unwrap_or_else(|| "8.0.21".into()),
            ),
        };
        let mut body = vec![
            a("name", s(bld.id("db"))),
            a("location", region.clone()),
            a("resource_group_name", rg.clone()),
            a("version", s(version)),
            a("sku_name", sku),
            a("backup_retention_days", retention),
            a("geo_redundant_backup_enabled", Expr::Bool(true)),
            a("public_network_access_enabled", Expr::Bool(false)),
        ];
        if db.engine == Engine::Postgres {
            body.push(a("storage_mb", storage));
            body.push(b(
                "authentication",
                vec![
                    a("active_directory_auth_enabled", Expr::Bool(true)),
                    a("password_auth_enabled", Expr::Bool(false)),
                ],
            ));
        } else {
            body.push(b(
                "storage",
                vec![a("size_gb", Expr::Num(db.storage_gb as i64))],
            ));
        }
        if db.high_availability {
            body.push(b("high_availability", vec![a("mode", s("ZoneRedundant"))]));
        }
        body.push(a("tags", tags.clone()));
        bld.res("database", rtype, "db", body);
        bld.output(
            "database_fqdn",
            "Where clients reach the database.",
            r(format!("{rtype}.db.fqdn")),
        );
    }

    fn storage(bld: &mut Builder, st: &Storage) {
        let bp = bld.bp;
        let tags = bld.tags();
        let region = v("region");
        let rg = r("azurerm_resource_group.main.name");
        let n = tf_name(&st.name);
        let component = format!("storage.{}", st.name);
        let account: String = format!("{}{}{}", bp.name, bp.environment, st.name)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(24)
            .collect();
        bld.res(
            &component,
            "azurerm_storage_account",
            &n,
            vec![
                a("name", s(account)),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                a("account_tier", s("Standard")),
                a("account_replication_type", s("GRS")),
                a("min_tls_version", s("TLS1_2")),
                a("https_traffic_only_enabled", Expr::Bool(true)),
                a("allow_nested_items_to_be_public", Expr::Bool(st.public)),
                a("public_network_access_enabled", Expr::Bool(st.public)),
                a("shared_access_key_enabled", Expr::Bool(false)),
                b(
                    "blob_properties",
                    vec![a("versioning_enabled", Expr::Bool(st.versioning))],
                ),
                a("tags", tags.clone()),
            ],
        );
        bld.res(
            &component,
            "azurerm_storage_container",
            &n,
            vec![
                a("name", s(&st.name)),
                a(
                    "storage_account_name",
                    r(format!("azurerm_storage_account.{n}.name")),
                ),
                a(
                    "container_access_type",
                    s(if st.public { "blob" } else { "private" }),
                ),
            ],
        );
        bld.output(
            &format!("storage_account_{n}"),
            &format!("The storage account of {}.", st.name),
            r(format!("azurerm_storage_account.{n}.name")),
        );
    }

    fn load_balancer(bld: &mut Builder, lb: &LoadBalancer) {
        self::load_balancer(bld, lb);
    }

    fn cache(bld: &mut Builder, cache: &Cache) {
        self::cache(bld, cache);
    }

    fn kubernetes(bld: &mut Builder, k: &Kubernetes) {
        self::kubernetes(bld, k);
    }

    fn cdn(bld: &mut Builder, cdn: &Cdn) {
        self::cdn(bld, cdn);
    }

    fn dns(bld: &mut Builder, dns: &Dns) {
        let bp = bld.bp;
        let c = &bp.components;
        let tags = bld.tags();
        let rg = r("azurerm_resource_group.main.name");
        bld.res(
            "dns",
            "azurerm_dns_zone",
            "main",
            vec![
                a("name", s(&dns.zone)),
                a("resource_group_name", rg.clone()),
                a("tags", tags.clone()),
            ],
        );
        if let Some(lb) = &c.load_balancer {
            let address = if lb.public {
                r("azurerm_public_ip.lb.ip_address")
            } else {
                s(gateway_private_ip(bp))
            };
            bld.res(
                "dns",
                "azurerm_dns_a_record",
                "app",
                vec![
                    a("name", s(&bp.name)),
                    a("zone_name", r("azurerm_dns_zone.main.name")),
                    a("resource_group_name", rg.clone()),
                    a("ttl", Expr::Num(300)),
                    a("records", Expr::List(vec![address])),
                    a("tags", tags.clone()),
                ],
            );
        }
        if c.cdn.is_some() {
            bld.res(
                "dns",
                "azurerm_dns_cname_record",
                "site",
                vec![
                    a("name", s(&bp.name)),
                    a("zone_name", r("azurerm_dns_zone.main.name")),
                    a("resource_group_name", rg.clone()),
                    a("ttl", Expr::Num(300)),
                    a("record", r("azurerm_cdn_frontdoor_endpoint.site.host_name")),
                    a("tags", tags.clone()),
                ],
            );
            // Front Door issues the managed certificate once this token is in the zone.
            bld.res(
                "dns",
                "azurerm_dns_txt_record",
                "site_validation",
                vec![
                    a("name", s(format!("_dnsauth.{}", bp.name))),
                    a("zone_name", r("azurerm_dns_zone.main.name")),
                    a("resource_group_name", rg.clone()),
                    a("ttl", Expr::Num(3600)),
                    b(
                        "record",
                        vec![a(
                            "value",
                            r("azurerm_cdn_frontdoor_custom_domain.site.validation_token"),
                        )],
                    ),
                    a("tags", tags.clone()),
                ],
            );
        }
        bld.dns_name_servers_output(r("azurerm_dns_zone.main.name_servers"));
    }
}

/// The subnet the application gateway alone lives in.
fn gateway_subnet(bp: &Blueprint) -> String {
    let cidr = bp
        .components
        .network
        .as_ref()
        .map(|n| n.cidr.as_str())
        .unwrap_or("10.0.0.0/16");
    subnet(cidr, 200)
}

/// The static private address of the application gateway: the tenth of its subnet.
fn gateway_private_ip(bp: &Blueprint) -> String {
    let net: ipnet::Ipv4Net = gateway_subnet(bp)
        .parse()
        .unwrap_or_else(|_| "10.0.200.0/24".parse().expect("valid"));
    std::net::Ipv4Addr::from(u32::from(net.network()) + 10).to_string()
}

/// An application gateway (WAF_v2) terminating TLS 1.2+ with a certificate from Key Vault
/// and forwarding to the compute tier's application port. Application Gateway v2 always
/// takes a public address; without `public: true` no listener uses it, and clients reach
/// the gateway at a static private address.
fn load_balancer(bld: &mut Builder, lb: &LoadBalancer) {
    let bp = bld.bp;
    let tags = bld.tags();
    let region = v("region");
    let rg = r("azurerm_resource_group.main.name");
    let port = app_port(bp);
    bld.res(
        "load_balancer",
        "azurerm_subnet",
        "gateway",
        vec![
            a("name", s(bld.id("gateway"))),
            a("resource_group_name", rg.clone()),
            a(
                "virtual_network_name",
                r("azurerm_virtual_network.main.name"),
            ),
            a("address_prefixes", strs(&[&gateway_subnet(bp)])),
        ],
    );
    bld.res(
        "load_balancer",
        "azurerm_public_ip",
        "lb",
        vec![
            a("name", s(bld.id("lb"))),
            a("location", region.clone()),
            a("resource_group_name", rg.clone()),
            a("allocation_method", s("Static")),
            a("sku", s("Standard")),
            a("zones", strs(&["1", "2", "3"])),
            a("tags", tags.clone()),
        ],
    );
    bld.res(
        "load_balancer",
        "azurerm_user_assigned_identity",
        "lb",
        vec![
            a("name", s(bld.id("lb"))),
            a("location", region.clone()),
            a("resource_group_name", rg.clone()),
            a("tags", tags.clone()),
        ],
    );
    let certificate = bld.var(
        "tls_certificate_secret_id",
        "string",
        "The Key Vault secret holding the load balancer's TLS certificate (replace the placeholder; the gateway's identity needs read access to it).",
        s(format!(
            "https://replace-me.vault.azure.net/secrets/{}",
            bld.id("tls")
        )),
    );
    let mut frontends = vec![b(
        "frontend_ip_configuration",
        vec![
            a("name", s("public")),
            a("public_ip_address_id", r("azurerm_public_ip.lb.id")),
        ],
    )];
    if !lb.public {
        frontends.push(b(
            "frontend_ip_configuration",
            vec![
                a("name", s("private")),
                a("subnet_id", r("azurerm_subnet.gateway.id")),
                a("private_ip_address_allocation", s("Static")),
                a("private_ip_address", s(gateway_private_ip(bp))),
            ],
        ));
    }
    let mut body = vec![
        a("name", s(bld.id("lb"))),
        a("location", region.clone()),
        a("resource_group_name", rg.clone()),
        a("zones", strs(&["1", "2", "3"])),
        a("enable_http2", Expr::Bool(true)),
        b("sku", vec![a("name", s("WAF_v2")), a("tier", s("WAF_v2"))]),
        b(
            "autoscale_configuration",
            vec![
                a("min_capacity", Expr::Num(1)),
                a("max_capacity", Expr::Num(10)),
            ],
        ),
        b(
            "identity",
            vec![
                a("type", s("UserAssigned")),
                a(
                    "identity_ids",
                    Expr::List(vec![r("azurerm_user_assigned_identity.lb.id")]),
                ),
            ],
        ),
        b(
            "gateway_ip_configuration",
            vec![
                a("name", s("gateway")),
                a("subnet_id", r("azurerm_subnet.gateway.id")),
            ],
        ),
    ];
    body.extend(frontends);
    body.extend([
        b(
            "frontend_port",
            vec![a("name", s("https")), a("port", Expr::Num(lb.port as i64))],
        ),
        b(
            "ssl_certificate",
            vec![a("name", s("app")), a("key_vault_secret_id", certificate)],
        ),
        b(
            "ssl_policy",
            vec![
                a("policy_type", s("Predefined")),
                a("policy_name", s("AppGwSslPolicy20220101S")),
            ],
        ),
        b(
            "http_listener",
            vec![
                a("name", s("https")),
                a(
                    "frontend_ip_configuration_name",
                    s(if lb.public { "public" } else { "private" }),
                ),
                a("frontend_port_name", s("https")),
                a("protocol", s("Https")),
                a("ssl_certificate_name", s("app")),
            ],
        ),
        b("backend_address_pool", vec![a("name", s("compute"))]),
        b(
            "probe",
            vec![
                a("name", s("health")),
                a("protocol", s("Http")),
                a("path", s("/health")),
                a(
                    "pick_host_name_from_backend_http_settings",
                    Expr::Bool(false),
                ),
                a("host", s("127.0.0.1")),
                a("interval", Expr::Num(30)),
                a("timeout", Expr::Num(30)),
                a("unhealthy_threshold", Expr::Num(3)),
            ],
        ),
        b(
            "backend_http_settings",
            vec![
                a("name", s("app")),
                a("cookie_based_affinity", s("Disabled")),
                a("port", Expr::Num(port)),
                a("protocol", s("Http")),
                a("request_timeout", Expr::Num(30)),
                a("probe_name", s("health")),
            ],
        ),
        b(
            "request_routing_rule",
            vec![
                a("name", s("app")),
                a("rule_type", s("Basic")),
                a("priority", Expr::Num(100)),
                a("http_listener_name", s("https")),
                a("backend_address_pool_name", s("compute")),
                a("backend_http_settings_name", s("app")),
            ],
        ),
        b(
            "waf_configuration",
            vec![
                a("enabled", Expr::Bool(true)),
                a("firewall_mode", s("Prevention")),
                a("rule_set_type", s("OWASP")),
                a("rule_set_version", s("3.2")),
            ],
        ),
        a("tags", tags.clone()),
    ]);
    bld.res("load_balancer", "azurerm_application_gateway", "app", body);
    bld.output(
        "load_balancer_ip_address",
        "The address clients connect to.",
        if lb.public {
            r("azurerm_public_ip.lb.ip_address")
        } else {
            s(gateway_private_ip(bp))
        },
    );
}

/// Azure Cache for Redis: TLS 1.2 only, no plain port, no public network access; clients
/// reach it through a private endpoint in the private subnet.
fn cache(bld: &mut Builder, cache: &Cache) {
    let tags = bld.tags();
    let region = v("region");
    let rg = r("azurerm_resource_group.main.name");
    let (sku, family, capacity) = match cache.size {
        Size::Small => ("Standard", "C", 1),
        Size::Medium => ("Standard", "C", 2),
        Size::Large => ("Premium", "P", 1),
    };
    let capacity = bld.var(
        "cache_capacity",
        "number",
        "The cache size within its family (C1 is 1 GB, C2 is 2.5 GB, P1 is 6 GB).",
        Expr::Num(capacity),
    );
    bld.res(
        "cache",
        "azurerm_redis_cache",
        "cache",
        vec![
            a("name", s(bld.id("cache"))),
            a("location", region.clone()),
            a("resource_group_name", rg.clone()),
            a("sku_name", s(sku)),
            a("family", s(family)),
            a("capacity", capacity),
            a("redis_version", s("6")),
            a("minimum_tls_version", s("1.2")),
            a("non_ssl_port_enabled", Expr::Bool(false)),
            a("public_network_access_enabled", Expr::Bool(false)),
            b(
                "redis_configuration",
                vec![a("authentication_enabled", Expr::Bool(true))],
            ),
            a("tags", tags.clone()),
        ],
    );
    bld.res(
        "cache",
        "azurerm_private_endpoint",
        "cache",
        vec![
            a("name", s(bld.id("cache"))),
            a("location", region.clone()),
            a("resource_group_name", rg.clone()),
            a("subnet_id", r("azurerm_subnet.private.id")),
            b(
                "private_service_connection",
                vec![
                    a("name", s(bld.id("cache"))),
                    a(
                        "private_connection_resource_id",
                        r("azurerm_redis_cache.cache.id"),
                    ),
                    a("subresource_names", strs(&["redisCache"])),
                    a("is_manual_connection", Expr::Bool(false)),
                ],
            ),
            a("tags", tags.clone()),
        ],
    );
    bld.output(
        "cache_hostname",
        "Where clients reach the cache (port 6380, TLS).",
        r("azurerm_redis_cache.cache.hostname"),
    );
}

/// AKS: a private API server unless `public: true`, Entra ID with Azure RBAC and no local
/// accounts, Azure CNI with network policy, an autoscaling node pool in the private subnet.
fn kubernetes(bld: &mut Builder, k: &Kubernetes) {
    let bp = bld.bp;
    let tags = bld.tags();
    let region = v("region");
    let rg = r("azurerm_resource_group.main.name");
    let version = bld.kubernetes_version(k);
    let node_size = bld.var(
        "kubernetes_node_size",
        "string",
        "The VM size of the nodes.",
        s(size("nodes", k.node_size)),
    );
    let zones = bp.components.network.as_ref().map(|n| n.zones).unwrap_or(1);
    let zones: Vec<String> = (1..=zones).map(|z| z.to_string()).collect();
    let zones: Vec<&str> = zones.iter().map(String::as_str).collect();
    let mut body = vec![
        a("name", s(bld.id("k8s"))),
        a("location", region.clone()),
        a("resource_group_name", rg.clone()),
        a("dns_prefix", s(bld.id("k8s"))),
        a("kubernetes_version", version),
        a("sku_tier", s("Standard")),
        a("private_cluster_enabled", Expr::Bool(!k.public)),
        a("role_based_access_control_enabled", Expr::Bool(true)),
        a("local_account_disabled", Expr::Bool(true)),
        a("azure_policy_enabled", Expr::Bool(true)),
        a("oidc_issuer_enabled", Expr::Bool(true)),
        a("workload_identity_enabled", Expr::Bool(true)),
        b(
            "default_node_pool",
            vec![
                a("name", s("system")),
                a("vm_size", node_size),
                a("vnet_subnet_id", r("azurerm_subnet.private.id")),
                a("enable_auto_scaling", Expr::Bool(true)),
                a("min_count", Expr::Num(k.nodes.min as i64)),
                a("max_count", Expr::Num(k.nodes.max as i64)),
                a("zones", strs(&zones)),
                a("enable_host_encryption", Expr::Bool(true)),
            ],
        ),
        b("identity", vec![a("type", s("SystemAssigned"))]),
        b(
            "azure_active_directory_role_based_access_control",
            vec![
                a("managed", Expr::Bool(true)),
                a("azure_rbac_enabled", Expr::Bool(true)),
            ],
        ),
        b(
            "network_profile",
            vec![
                a("network_plugin", s("azure")),
                a("network_policy", s("azure")),
                a("load_balancer_sku", s("standard")),
                a("service_cidr", s("172.16.0.0/16")),
                a("dns_service_ip", s("172.16.0.10")),
            ],
        ),
    ];
    if k.public {
        // A public API server still admits only the virtual network's own range until
        // the team adds the addresses it administers the cluster from.
        body.push(b(
            "api_server_access_profile",
            vec![a(
                "authorized_ip_ranges",
                Expr::List(vec![v("network_cidr")]),
            )],
        ));
    }
    body.push(a("tags", tags.clone()));
    bld.res("kubernetes", "azurerm_kubernetes_cluster", "main", body);
    bld.output(
        "kubernetes_fqdn",
        "The Kubernetes API server's name.",
        r(if k.public {
            "azurerm_kubernetes_cluster.main.fqdn"
        } else {
            "azurerm_kubernetes_cluster.main.private_fqdn"
        }),
    );
}

/// Front Door (Premium) serving the origin container over HTTPS only, reaching the
/// storage account through Private Link so the account stays closed to the internet.
fn cdn(bld: &mut Builder, cdn: &Cdn) {
    let bp = bld.bp;
    let tags = bld.tags();
    let rg = r("azurerm_resource_group.main.name");
    let origin = tf_name(&cdn.origin);
    let zone = bp
        .components
        .dns
        .as_ref()
        .map(|d| d.zone.clone())
        .unwrap_or_default();
    bld.res(
        "cdn",
        "azurerm_cdn_frontdoor_profile",
        "site",
        vec![
            a("name", s(bld.id("site"))),
            a("resource_group_name", rg.clone()),
            a("sku_name", s("Premium_AzureFrontDoor")),
            a("tags", tags.clone()),
        ],
    );
    bld.res(
        "cdn",
        "azurerm_cdn_frontdoor_endpoint",
        "site",
        vec![
            a("name", s(bld.id("site"))),
            a(
                "cdn_frontdoor_profile_id",
                r("azurerm_cdn_frontdoor_profile.site.id"),
            ),
            a("tags", tags.clone()),
        ],
    );
    bld.res(
        "cdn",
        "azurerm_cdn_frontdoor_origin_group",
        "site",
        vec![
            a("name", s(bld.id("site"))),
            a(
                "cdn_frontdoor_profile_id",
                r("azurerm_cdn_frontdoor_profile.site.id"),
            ),
            a("session_affinity_enabled", Expr::Bool(false)),
            b(
                "load_balancing",
                vec![
                    a("sample_size", Expr::Num(4)),
                    a("successful_samples_required", Expr::Num(3)),
                ],
            ),
        ],
    );
    let host = r(format!(
        "azurerm_storage_account.{origin}.primary_blob_host"
    ));
    bld.res(
        "cdn",
        "azurerm_cdn_frontdoor_origin",
        "site",
        vec![
            a("name", s(bld.id("site"))),
            a(
                "cdn_frontdoor_origin_group_id",
                r("azurerm_cdn_frontdoor_origin_group.site.id"),
            ),
            a("enabled", Expr::Bool(true)),
            a("host_name", host.clone()),
            a("origin_host_header", host),
            a("certificate_name_check_enabled", Expr::Bool(true)),
            a("https_port", Expr::Num(443)),
            a("priority", Expr::Num(1)),
            a("weight", Expr::Num(1000)),
            b(
                "private_link",
                vec![
                    a(
                        "request_message",
                        s(format!("Front Door of {} reads {}", bp.name, cdn.origin)),
                    ),
                    a("target_type", s("blob")),
                    a("location", v("region")),
                    a(
                        "private_link_target_id",
                        r(format!("azurerm_storage_account.{origin}.id")),
                    ),
                ],
            ),
        ],
    );
    bld.res(
        "cdn",
        "azurerm_cdn_frontdoor_custom_domain",
        "site",
        vec![
            a("name", s(bld.id("site"))),
            a(
                "cdn_frontdoor_profile_id",
                r("azurerm_cdn_frontdoor_profile.site.id"),
            ),
            a("dns_zone_id", r("azurerm_dns_zone.main.id")),
            a("host_name", s(format!("{}.{zone}", bp.name))),
            b(
                "tls",
                vec![
                    a("certificate_type", s("ManagedCertificate")),
                    a("minimum_tls_version", s("TLS12")),
                ],
            ),
        ],
    );
    bld.res(
        "cdn",
        "azurerm_cdn_frontdoor_route",
        "site",
        vec![
            a("name", s(bld.id("site"))),
            a(
                "cdn_frontdoor_endpoint_id",
                r("azurerm_cdn_frontdoor_endpoint.site.id"),
            ),
            a(
                "cdn_frontdoor_origin_group_id",
                r("azurerm_cdn_frontdoor_origin_group.site.id"),
            ),
            a(
                "cdn_frontdoor_origin_ids",
                Expr::List(vec![r("azurerm_cdn_frontdoor_origin.site.id")]),
            ),
            a(
                "cdn_frontdoor_custom_domain_ids",
                Expr::List(vec![r("azurerm_cdn_frontdoor_custom_domain.site.id")]),
            ),
            a("cdn_frontdoor_origin_path", s(format!("/{}", cdn.origin))),
            a("patterns_to_match", strs(&["/*"])),
            a("supported_protocols", strs(&["Https"])),
            a("https_redirect_enabled", Expr::Bool(false)),
            a("forwarding_protocol", s("HttpsOnly")),
            a("link_to_default_domain", Expr::Bool(true)),
            b(
                "cache",
                vec![
                    a("query_string_caching_behavior", s("IgnoreQueryString")),
                    a("compression_enabled", Expr::Bool(true)),
                    a(
                        "content_types_to_compress",
                        strs(&["text/html", "text/css", "application/javascript"]),
                    ),
                ],
            ),
        ],
    );
    bld.cdn_domain_name_output(r("azurerm_cdn_frontdoor_endpoint.site.host_name"));
}

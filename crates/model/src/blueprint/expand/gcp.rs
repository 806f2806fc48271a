//! Google Cloud: a VPC network and subnetwork, a regional managed instance group, Cloud SQL,
//! Cloud Storage, load balancing, Memorystore, GKE, Cloud CDN and Cloud DNS.

use std::collections::BTreeMap;

use super::shapes::{a, app_port, b, r, s, strs, subnet, v, Builder, Shapes};
use super::{tf_name, Expr};
use crate::blueprint::schema::{
    Cache, Cdn, Compute, Database, Dns, Engine, Kubernetes, LoadBalancer, Network, Size, Storage,
};

pub(super) struct Gcp;

/// The regional form of a load balancing resource type, for internal load balancers.
fn regional(resource_type: &str, internal: bool) -> String {
    if internal {
        resource_type.replacen("google_compute_", "google_compute_region_", 1)
    } else {
        resource_type.to_string()
    }
}

/// The front of an internal load balancer: a regional HTTPS proxy with a Certificate
/// Manager certificate (Google-managed certificates of the global kind do not serve
/// regional proxies) and a forwarding rule on the private subnet.
fn internal_frontend(bld: &mut Builder) {
    let bp = bld.bp;
    let region = v("region");
    let certificate = bld.var(
        "tls_certificate_id",
        "string",
        "The regional Certificate Manager certificate of the internal load balancer (replace the placeholder).",
        s(format!(
            "projects/{}/locations/{}/certificates/{}",
            bp.project.clone().unwrap_or_default(),
            bp.region,
            bld.id("app")
        )),
    );
    bld.res(
        "load_balancer",
        "google_compute_region_ssl_policy",
        "app",
        vec![
            a("name", s(bld.id("app"))),
            a("region", region.clone()),
            a("profile", s("MODERN")),
            a("min_tls_version", s("TLS_1_2")),
        ],
    );
    bld.res(
        "load_balancer",
        "google_compute_region_target_https_proxy",
        "app",
        vec![
            a("name", s(bld.id("app"))),
            a("region", region.clone()),
            a("url_map", r("google_compute_region_url_map.app.id")),
            a(
                "certificate_manager_certificates",
                Expr::List(vec![certificate]),
            ),
            a("ssl_policy", r("google_compute_region_ssl_policy.app.id")),
        ],
    );
    bld.res(
        "load_balancer",
        "google_compute_forwarding_rule",
        "app",
        vec![
            a("name", s(bld.id("app"))),
            a("region", region.clone()),
            a(
                "target",
                r("google_compute_region_target_https_proxy.app.id"),
            ),
            a("port_range", s("443")),
            a("load_balancing_scheme", s("INTERNAL_MANAGED")),
            a("network", r("google_compute_network.main.id")),
            a("subnetwork", r("google_compute_subnetwork.private.id")),
            a("labels", bld.tags()),
            // The proxies must exist before the rule that sends them traffic.
            a(
                "depends_on",
                Expr::List(vec![r("google_compute_subnetwork.proxy_only")]),
            ),
        ],
    );
    bld.output(
        "app_ip_address",
        "The private address clients connect to.",
        r("google_compute_forwarding_rule.app.ip_address"),
    );
}

fn size(kind: &str, size: Size) -> &'static str {
    match (kind, size) {
        ("db", Size::Small) => "db-custom-1-3840",
        ("db", Size::Medium) => "db-custom-2-7680",
        ("db", Size::Large) => "db-custom-4-15360",
        (_, Size::Small) => "e2-small",
        (_, Size::Medium) => "e2-standard-2",
        (_, Size::Large) => "e2-standard-4",
    }
}

/// The HTTPS front of the load balancer (`app`) or the CDN (`site`): certificate, TLS
/// policy, proxy and forwarding rule.
fn frontend(bld: &mut Builder, name: &str, public: bool) {
    let bp = bld.bp;
    let c = &bp.components;
    let labels = bld.tags();
    let zone = c.dns.as_ref().map(|d| d.zone.clone()).unwrap_or_default();
    let component = if name == "app" {
        "load_balancer"
    } else {
        "cdn"
    };
    if name == "app" && !public {
        internal_frontend(bld);
        return;
    }
    bld.res(
        component,
        "google_compute_managed_ssl_certificate",
        name,
        vec![
            a("name", s(bld.id(name))),
            b(
                "managed",
                vec![a("domains", strs(&[&format!("{}.{zone}.", bp.name)]))],
            ),
        ],
    );
    bld.res(
        component,
        "google_compute_ssl_policy",
        name,
        vec![
            a("name", s(bld.id(name))),
            a("profile", s("MODERN")),
            a("min_tls_version", s("TLS_1_2")),
        ],
    );
    bld.res(
        component,
        "google_compute_target_https_proxy",
        name,
        vec![
            a("name", s(bld.id(name))),
            a("url_map", r(format!("google_compute_url_map.{name}.id"))),
            a(
                "ssl_certificates",
                Expr::List(vec![r(format!(
                    "google_compute_managed_ssl_certificate.{name}.id"
                ))]),
            ),
            a(
                "ssl_policy",
                r(format!("google_compute_ssl_policy.{name}.id")),
            ),
        ],
    );
    bld.res(
        component,
        "google_compute_global_forwarding_rule",
        name,
        vec![
            a("name", s(bld.id(name))),
            a(
                "target",
                r(format!("google_compute_target_https_proxy.{name}.id")),
            ),
            a("port_range", s("443")),
            a("load_balancing_scheme", s("EXTERNAL_MANAGED")),
            a("labels", labels.clone()),
        ],
    );
    bld.output(
        &format!("{name}_ip_address"),
        "The address clients connect to.",
        r(format!(
            "google_compute_global_forwarding_rule.{name}.ip_address"
        )),
    );
}

impl Shapes for Gcp {
    /// Private services access: the peering Cloud SQL and Memorystore are reached
    /// through.
    fn private_services(bld: &mut Builder) {
        bld.res(
            "network",
            "google_compute_global_address",
            "private_services",
            vec![
                a("name", s(bld.id("private-services"))),
                a("purpose", s("VPC_PEERING")),
                a("address_type", s("INTERNAL")),
                a("prefix_length", Expr::Num(16)),
                a("network", r("google_compute_network.main.id")),
            ],
        );
        bld.res(
            "network",
            "google_service_networking_connection",
            "private_services",
            vec![
                a("network", r("google_compute_network.main.id")),
                a("service", s("servicenetworking.googleapis.com")),
                a(
                    "reserved_peering_ranges",
                    Expr::List(vec![r(
                        "google_compute_global_address.private_services.name",
                    )]),
                ),
            ],
        );
    }

    fn network(bld: &mut Builder, net: &Network) {
        let region = v("region");
        let cidr = bld.network_cidr("subnetwork", subnet(&net.cidr, 0));
        bld.res(
            "network",
            "google_compute_network",
            "main",
            vec![
                a("name", s(bld.id("net"))),
                a("auto_create_subnetworks", Expr::Bool(false)),
                a("routing_mode", s("REGIONAL")),
            ],
        );
        bld.res(
            "network",
            "google_compute_subnetwork",
            "private",
            vec![
                a("name", s(bld.id("private"))),
                a("ip_cidr_range", cidr),
                a("region", region.clone()),
                a("network", r("google_compute_network.main.id")),
                a("private_ip_google_access", Expr::Bool(true)),
                b(
                    "log_config",
                    vec![
                        a("aggregation_interval", s("INTERVAL_10_MIN")),
                        a("flow_sampling", s("0.5")),
                        a("metadata", s("INCLUDE_ALL_METADATA")),
                    ],
                ),
            ],
        );
        bld.output(
            "network_id",
            "The VPC network everything runs in.",
            r("google_compute_network.main.id"),
        );
    }

    fn compute(bld: &mut Builder, compute: &Compute) {
        let bp = bld.bp;
        let c = &bp.components;
        let labels = bld.tags();
        let region = v("region");
        let port = app_port(bp);
        let cidr = v("network_cidr");
        let machine = compute
            .instance_type
            .clone()
            .unwrap_or_else(|| size("compute", compute.size.unwrap_or(Size::Medium)).into());
        let machine = bld.var(
            "compute_machine_type",
            "string",
            "The machine type of the compute tier.",
            s(machine),
        );
        let count = bld.compute_count(compute);
        let from = if c.load_balancer.is_some() {
            // Google's load balancers and health checks reach backends from these ranges.
            strs(&["130.211.0.0/22", "35.191.0.0/16"])
        } else {
            Expr::List(vec![cidr.clone()])
        };
        bld.res(
            "compute",
            "google_compute_firewall",
            "compute",
            vec![
                a("name", s(bld.id("compute"))),
                a("network", r("google_compute_network.main.id")),
                a("direction", s("INGRESS")),
                a("source_ranges", from),
                a("target_tags", strs(&[&bld.id("compute")])),
                b(
                    "allow",
                    vec![
                        a("protocol", s("tcp")),
                        a("ports", strs(&[&port.to_string()])),
                    ],
                ),
                b("log_config", vec![a("metadata", s("INCLUDE_ALL_METADATA"))]),
            ],
        );
        bld.res(
            "compute",
            "google_compute_instance_template",
            "compute",
            vec![
                a("name_prefix", s(format!("{}-", bld.id("compute")))),
                a("machine_type", machine),
                a("region", region.clone()),
                a("tags", strs(&[&bld.id("compute")])),
                a("labels", labels.clone()),
                a(
                    "metadata",
                    Expr::Map(BTreeMap::from([
                        ("block-project-ssh-keys".to_string(), s("true")),
                        ("enable-oslogin".to_string(), s("TRUE")),
                    ])),
                ),
                b(
                    "disk",
                    vec![
                        a("source_image", s("debian-cloud/debian-12")),
                        a("auto_delete", Expr::Bool(true)),
                        a("boot", Expr::Bool(true)),
                        a("disk_size_gb", Expr::Num(20)),
                    ],
                ),
                b(
                    "network_interface",
                    vec![a("subnetwork", r("google_compute_subnetwork.private.id"))],
                ),
                b(
                    "shielded_instance_config",
                    vec![
                        a("enable_secure_boot", Expr::Bool(true)),
                        a("enable_vtpm", Expr::Bool(true)),
                        a("enable_integrity_monitoring", Expr::Bool(true)),
                    ],
                ),
            ],
        );
        let mut mig = vec![
            a("name", s(bld.id("compute"))),
            a("base_instance_name", s(bld.id("compute"))),
            a("region", region.clone()),
            b(
                "version",
                vec![a(
                    "instance_template",
                    r("google_compute_instance_template.compute.self_link"),
                )],
            ),
        ];
        if compute.autoscaling.is_none() {
            mig.push(a("target_size", count));
        }
        if c.load_balancer.is_some() {
            mig.push(b(
                "named_port",
                vec![a("name", s("http")), a("port", Expr::Num(port))],
            ));
        }
        bld.res(
            "compute",
            "google_compute_region_instance_group_manager",
            "compute",
            mig,
        );
        if let Some(scaling) = &compute.autoscaling {
            let (min, max) = bld.autoscaling_bounds(scaling);
            bld.res(
                "compute",
                "google_compute_region_autoscaler",
                "compute",
                vec![
                    a("name", s(bld.id("compute"))),
                    a("region", region.clone()),
                    a(
                        "target",
                        r("google_compute_region_instance_group_manager.compute.id"),
                    ),
                    b(
                        "autoscaling_policy",
                        vec![
                            a("min_replicas", min),
                            a("max_replicas", max),
                            a("cooldown_period", Expr::Num(60)),
                            b("cpu_utilization", vec![a("target", s("0.6"))]),
                        ],
                    ),
                ],
            );
        }
    }

    fn database(bld: &mut Builder, db: &Database) {
        let labels = bld.tags();
        let region = v("region");
        let version = match db.engine {
            Engine::Postgres => format!(
                "POSTGRES_{}",
                db.version.clone().unwrap_or_else(|| "16".into())
            ),
            Engine::Mysql => format!(
                "MYSQL_{}",
                db.version
                    .clone()
                    .unwrap_or_else(|| "8_0".into())
                    .replace('.', "_")
            ),
        };
        let tier = bld.var(
            "db_tier",
            "string",
            "The Cloud SQL machine tier.",
            s(size("db", db.size)),
        );
        let availability = bld.var(
            "db_availability_type",
            "string",
            "REGIONAL keeps a standby in another zone; ZONAL does not.",
            s(if db.high_availability {
                "REGIONAL"
            } else {
                "ZONAL"
            }),
        );
        let storage = bld.db_storage_gb(db);
        let retention = bld.var(
            "db_backup_retention_days",
            "number",
            "How many daily backups are kept.",
            Expr::Num(db.backups.retention_days as i64),
        );
        let mut backup = vec![a("enabled", Expr::Bool(true))];
        match db.engine {
            Engine::Postgres => backup.push(a("point_in_time_recovery_enabled", Expr::Bool(true))),
            Engine::Mysql => backup.push(a("binary_log_enabled", Expr::Bool(true))),
        }
        backup.push(b(
            "backup_retention_settings",
            vec![a("retained_backups", retention)],
        ));
        bld.res(
            "database",
            "google_sql_database_instance",
            "db",
            vec![
                a("name", s(bld.id("db"))),
                a("database_version", s(version)),
                a("region", region.clone()),
                a("deletion_protection", Expr::Bool(true)),
                b(
                    "settings",
                    vec![
                        a("tier", tier),
                        a("availability_type", availability),
                        a("disk_size", storage),
                        a("disk_type", s("PD_SSD")),
                        a("disk_autoresize", Expr::Bool(true)),
                        a("user_labels", labels.clone()),
                        b("backup_configuration", backup),
                        b(
                            "ip_configuration",
                            vec![
                                a("ipv4_enabled", Expr::Bool(false)),
                                a("private_network", r("google_compute_network.main.id")),
                                a("ssl_mode", s("ENCRYPTED_ONLY")),
                            ],
                        ),
                    ],
                ),
            ],
        );
        bld.output(
            "database_private_ip",
            "Where clients reach the database.",
            r("google_sql_database_instance.db.private_ip_address"),
        );
    }

    fn storage(bld: &mut Builder, st: &Storage) {
        let labels = bld.tags();
        let region = v("region");
        let n = tf_name(&st.name);
        let component = format!("storage.{}", st.name);
        bld.res(
            &component,
            "google_storage_bucket",
            &n,
            vec![
                a("name", s(bld.id(&st.name))),
                a("location", region.clone()),
                a("force_destroy", Expr::Bool(false)),
                a("uniform_bucket_level_access", Expr::Bool(true)),
                a(
                    "public_access_prevention",
                    s(if st.public { "inherited" } else { "enforced" }),
                ),
                a("labels", labels.clone()),
                b("versioning", vec![a("enabled", Expr::Bool(st.versioning))]),
            ],
        );
        if st.public {
            bld.res(
                &component,
                "google_storage_bucket_iam_member",
                &format!("{n}_public_read"),
                vec![
                    a("bucket", r(format!("google_storage_bucket.{n}.name"))),
                    a("role", s("roles/storage.objectViewer")),
                    a("member", s("allUsers")),
                ],
            );
        }
        bld.bucket_output(st, r(format!("google_storage_bucket.{n}.name")));
    }

    fn load_balancer(bld: &mut Builder, lb: &LoadBalancer) {
        let bp = bld.bp;
        let c = &bp.components;
        let region = v("region");
        let port = app_port(bp);
        // An internal load balancer is regional: Google's internal application load
        // balancer runs on Envoy proxies in a proxy-only subnet of the region.
        let internal = !lb.public;
        if internal {
            let range = c
                .network
                .as_ref()
                .map(|n| subnet(&n.cidr, 255))
                .unwrap_or_default();
            bld.res(
                "load_balancer",
                "google_compute_subnetwork",
                "proxy_only",
                vec![
                    a("name", s(bld.id("proxy-only"))),
                    a("ip_cidr_range", s(range)),
                    a("region", region.clone()),
                    a("network", r("google_compute_network.main.id")),
                    a("purpose", s("REGIONAL_MANAGED_PROXY")),
                    a("role", s("ACTIVE")),
                ],
            );
        }
        let health_check = regional("google_compute_health_check", internal);
        let mut check = vec![a("name", s(bld.id("app")))];
        if internal {
            check.push(a("region", region.clone()));
        }
        check.push(b(
            "http_health_check",
            vec![a("port", Expr::Num(port)), a("request_path", s("/health"))],
        ));
        bld.res("load_balancer", &health_check, "app", check);
        let mut backend = vec![
            a("name", s(bld.id("app"))),
            a("protocol", s("HTTP")),
            a("port_name", s("http")),
            a(
                "load_balancing_scheme",
                s(if lb.public {
                    "EXTERNAL_MANAGED"
                } else {
                    "INTERNAL_MANAGED"
                }),
            ),
            a(
                "health_checks",
                Expr::List(vec![r(format!("{health_check}.app.id"))]),
            ),
            b("log_config", vec![a("enable", Expr::Bool(true))]),
        ];
        if c.compute.is_some() {
            let mut group = vec![a(
                "group",
                r("google_compute_region_instance_group_manager.compute.instance_group"),
            )];
            if internal {
                group.push(a("balancing_mode", s("UTILIZATION")));
                group.push(a("capacity_scaler", Expr::Num(1)));
            }
            backend.insert(4, b("backend", group));
        }
        if internal {
            backend.insert(1, a("region", region.clone()));
        }
        let backend_service = regional("google_compute_backend_service", internal);
        bld.res("load_balancer", &backend_service, "app", backend);
        let mut url_map = vec![
            a("name", s(bld.id("app"))),
            a("default_service", r(format!("{backend_service}.app.id"))),
        ];
        if internal {
            url_map.insert(1, a("region", region.clone()));
        }
        bld.res(
            "load_balancer",
            &regional("google_compute_url_map", internal),
            "app",
            url_map,
        );
        frontend(bld, "app", lb.public);
    }

    fn cache(bld: &mut Builder, cache: &Cache) {
        let labels = bld.tags();
        let region = v("region");
        let memory = bld.var(
            "cache_memory_gb",
            "number",
            "Cache memory, in GB.",
            Expr::Num(match cache.size {
                Size::Small => 1,
                Size::Medium => 5,
                Size::Large => 13,
            }),
        );
        bld.res(
            "cache",
            "google_redis_instance",
            "cache",
            vec![
                a("name", s(bld.id("cache"))),
                a(
                    "tier",
                    s(if cache.size == Size::Small {
                        "BASIC"
                    } else {
                        "STANDARD_HA"
                    }),
                ),
                a("memory_size_gb", memory),
                a("region", region.clone()),
                a("authorized_network", r("google_compute_network.main.id")),
                a("connect_mode", s("PRIVATE_SERVICE_ACCESS")),
                a("auth_enabled", Expr::Bool(true)),
                a("transit_encryption_mode", s("SERVER_AUTHENTICATION")),
                a("labels", labels.clone()),
            ],
        );
    }

    fn kubernetes(bld: &mut Builder, k: &Kubernetes) {
        let labels = bld.tags();
        let region = v("region");
        let version = bld.kubernetes_version(k);
        let machine = bld.var(
            "kubernetes_machine_type",
            "string",
            "The machine type of the nodes.",
            s(size("nodes", k.node_size)),
        );
        bld.res(
            "kubernetes",
            "google_container_cluster",
            "main",
            vec![
                a("name", s(bld.id("k8s"))),
                a("location", region.clone()),
                a("network", r("google_compute_network.main.id")),
                a("subnetwork", r("google_compute_subnetwork.private.id")),
                a("min_master_version", version),
                a("remove_default_node_pool", Expr::Bool(true)),
                a("initial_node_count", Expr::Num(1)),
                a("enable_shielded_nodes", Expr::Bool(true)),
                a("deletion_protection", Expr::Bool(true)),
                a("resource_labels", labels.clone()),
                b(
                    "private_cluster_config",
                    vec![
                        a("enable_private_nodes", Expr::Bool(true)),
                        a("enable_private_endpoint", Expr::Bool(!k.public)),
                        a("master_ipv4_cidr_block", s("172.16.0.0/28")),
                    ],
                ),
                b("ip_allocation_policy", vec![]),
                b("network_policy", vec![a("enabled", Expr::Bool(true))]),
                b("release_channel", vec![a("channel", s("REGULAR"))]),
            ],
        );
        bld.res(
            "kubernetes",
            "google_container_node_pool",
            "main",
            vec![
                a("name", s(bld.id("nodes"))),
                a("cluster", r("google_container_cluster.main.id")),
                a("location", region.clone()),
                b(
                    "autoscaling",
                    vec![
                        a("min_node_count", Expr::Num(k.nodes.min as i64)),
                        a("max_node_count", Expr::Num(k.nodes.max as i64)),
                    ],
                ),
                b(
                    "management",
                    vec![
                        a("auto_repair", Expr::Bool(true)),
                        a("auto_upgrade", Expr::Bool(true)),
                    ],
                ),
                b(
                    "node_config",
                    vec![
                        a("machine_type", machine),
                        a(
                            "oauth_scopes",
                            strs(&["https://www.googleapis.com/auth/cloud-platform"]),
                        ),
                        a("labels", labels.clone()),
                        b(
                            "shielded_instance_config",
                            vec![
                                a("enable_secure_boot", Expr::Bool(true)),
                                a("enable_integrity_monitoring", Expr::Bool(true)),
                            ],
                        ),
                        b(
                            "workload_metadata_config",
                            vec![a("mode", s("GKE_METADATA"))],
                        ),
                    ],
                ),
            ],
        );
        bld.kubernetes_endpoint_output(r("google_container_cluster.main.endpoint"));
    }

    fn cdn(bld: &mut Builder, cdn: &Cdn) {
        let origin = tf_name(&cdn.origin);
        bld.res(
            "cdn",
            "google_compute_backend_bucket",
            "site",
            vec![
                a("name", s(bld.id("site"))),
                a(
                    "bucket_name",
                    r(format!("google_storage_bucket.{origin}.name")),
                ),
                a("enable_cdn", Expr::Bool(true)),
            ],
        );
        bld.res(
            "cdn",
            "google_compute_url_map",
            "site",
            vec![
                a("name", s(bld.id("site"))),
                a(
                    "default_service",
                    r("google_compute_backend_bucket.site.id"),
                ),
            ],
        );
        frontend(bld, "site", cdn.public);
    }

    fn dns(bld: &mut Builder, dns: &Dns) {
        let bp = bld.bp;
        let c = &bp.components;
        let labels = bld.tags();
        bld.res(
            "dns",
            "google_dns_managed_zone",
            "main",
            vec![
                a("name", s(bld.id("zone"))),
                a("dns_name", s(format!("{}.", dns.zone))),
                a("visibility", s("public")),
                a("labels", labels.clone()),
                b("dnssec_config", vec![a("state", s("on"))]),
            ],
        );
        for name in ["app", "site"] {
            let present = if name == "app" {
                c.load_balancer.is_some()
            } else {
                c.cdn.is_some()
            };
            let internal = name == "app" && c.load_balancer.as_ref().is_some_and(|lb| !lb.public);
            let rule = if internal {
                "google_compute_forwarding_rule"
            } else {
                "google_compute_global_forwarding_rule"
            };
            if present {
                bld.res(
                    "dns",
                    "google_dns_record_set",
                    name,
                    vec![
                        a("managed_zone", r("google_dns_managed_zone.main.name")),
                        a("name", s(format!("{}.{}.", bp.name, dns.zone))),
                        a("type", s("A")),
                        a("ttl", Expr::Num(300)),
                        a(
                            "rrdatas",
                            Expr::List(vec![r(format!("{rule}.{name}.ip_address"))]),
                        ),
                    ],
                );
            }
        }
        bld.dns_name_servers_output(r("google_dns_managed_zone.main.name_servers"));
    }
}

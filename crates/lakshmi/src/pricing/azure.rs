//! How Azure resources are priced: VM sizes by ARM SKU name (Linux), managed disks by the
//! tier their size falls in (a 100 GB Premium SSD bills as P10, 128 GB), AKS, databases,
//! load balancing and the rest. The region is the resource's `location`, or, for a
//! resource without one (a DNS record, a database on a server, a model deployment), the
//! location of its resource group or of the resource it belongs to.

use super::{Ctx, Index, Reason};
use std::collections::BTreeMap;

use aetheredge_model::iac::{Resource, Value};

/// The region an Azure resource is priced in: its `location`; without one, its resource
/// group's (`resource_group_name`), then that of the first resource it refers to that has
/// one (a deployment's account, a record's zone, a pool's server), three levels deep.
pub(crate) fn region(res: &Resource, index: &Index) -> Result<String, Reason> {
    located(res, index, 0)?.ok_or_else(|| {
        "no `location`, and neither its resource group nor a resource it refers to has one, \
         so the region is not known"
            .to_string()
    })
}

fn located(res: &Resource, index: &Index, depth: usize) -> Result<Option<String>, Reason> {
    match res.attributes.get("location") {
        None | Some(Value::Null) => {}
        Some(Value::String(l)) => return Ok(Some(l.to_ascii_lowercase().replace(' ', ""))),
        Some(_) => {
            return Err("`location` is known only after apply, so the region is not known".into())
        }
    }
    if depth >= 3 {
        return Ok(None);
    }
    if let Some(Value::String(group)) = res.attributes.get("resource_group_name") {
        // The group the argument refers to, else the one with that name.
        let groups = index.of_type("azurerm_resource_group");
        let written = match res.written_reference("resource_group_name") {
            Some(("azurerm_resource_group", name)) => groups
                .iter()
                .find(|g| g.root == res.root && g.module == res.module && g.name == name),
            _ => None,
        };
        let named = written.or_else(|| {
            groups.iter().find(|g| {
                g.root == res.root
                    && g.attributes.get("name").and_then(Value::as_str) == Some(group)
            })
        });
        if let Some(Some(l)) = named.map(|g| located(g, index, depth + 1).ok().flatten()) {
            return Ok(Some(l));
        }
    }
    // A parent named through a known attribute (`account_name = azurerm_x.y.name`).
    for key in res.attributes.keys() {
        let Some((ty, name)) = res.written_reference(key) else {
            continue;
        };
        let parent = index
            .of_type(ty)
            .iter()
            .find(|p| p.root == res.root && p.module == res.module && p.name == name);
        if let Some(Ok(Some(l))) = parent.map(|p| located(p, index, depth + 1)) {
            return Ok(Some(l));
        }
    }
    let group_first = res
        .attributes
        .get_key_value("resource_group_name")
        .into_iter()
        .chain(
            res.attributes
                .iter()
                .filter(|(k, _)| *k != "resource_group_name"),
        );
    for (_, value) in group_first {
        for parent in index.referenced_all(res, value) {
            if let Ok(Some(l)) = located(parent, index, depth + 1) {
                return Ok(Some(l));
            }
        }
    }
    Ok(None)
}

type Rule = Option<Result<(), Reason>>;

/// Prices an Azure resource; `None` when the type is not in the catalog.
pub fn price(ctx: &mut Ctx) -> Rule {
    let ty = ctx.res.resource_type.clone();
    Some(match ty.as_str() {
        "azurerm_linux_virtual_machine" => linux_vm(ctx, Os::Linux),
        "azurerm_windows_virtual_machine" => {
            let os = Os::windows(ctx);
            linux_vm(ctx, os)
        }
        "azurerm_windows_virtual_machine_scale_set" => {
            let os = Os::windows(ctx);
            scale_set(ctx, os)
        }
        "azurerm_virtual_machine" => legacy_vm(ctx),
        "azurerm_linux_virtual_machine_scale_set"
        | "azurerm_orchestrated_virtual_machine_scale_set" => scale_set(ctx, Os::Linux),
        "azurerm_managed_disk" => managed_disk(ctx),
        "azurerm_machine_learning_compute_cluster" => ml_compute_cluster(ctx),
        "azurerm_machine_learning_compute_instance" => required(ctx, &["virtual_machine_size"])
            .and_then(|size| vm_hours(ctx, Os::Linux, size, 1.0)),
        "azurerm_kubernetes_cluster" => aks(ctx),
        "azurerm_kubernetes_cluster_node_pool" => node_pool(ctx, &[]),
        "azurerm_postgresql_flexible_server" => {
            flexible_server(ctx, "postgres", &["storage_mb"], 1.0 / 1024.0, 32.0)
        }
        "azurerm_mysql_flexible_server" => {
            flexible_server(ctx, "mysql", &["storage", "size_gb"], 1.0, 20.0)
        }
        "azurerm_mssql_database" => mssql_database(ctx),
        "azurerm_lb" => match ctx.str(&["sku"]) {
            Ok(Some("Standard")) => {
                let gb = ctx.usage("monthly_data_processed_gb");
                ctx.hourly(
                    "Load balancer (Standard, first 5 rules)",
                    "lb.standard.hour",
                    1.0,
                )
                .and_then(|_| ctx.by_usage("Data processed", "lb.data", gb))
            }
            Ok(Some("Gateway")) => {
                Err("the Gateway load balancer SKU is not in the catalog".to_string())
            }
            Ok(_) => {
                ctx.push_raw(
                    "Load balancer (Basic, no charge)",
                    "hours",
                    super::HOURS_PER_MONTH,
                    0.0,
                );
                Ok(())
            }
            Err(e) => Err(e),
        },
        "azurerm_public_ip" => {
            // A dynamic address (Basic only) costs less than a static one, whatever the SKU.
            let dynamic = ctx
                .str(&["allocation_method"])
                .ok()
                .flatten()
                .is_some_and(|m| m.eq_ignore_ascii_case("dynamic"));
            let global = ctx
                .str(&["sku_tier"])
                .ok()
                .flatten()
                .is_some_and(|t| t.eq_ignore_ascii_case("global"));
            let (kind, key) = match (dynamic, global) {
                (true, _) => ("dynamic, regional", "publicip.dynamic"),
                (false, true) => ("static, global", "publicip.static.global"),
                (false, false) => ("static, regional", "publicip.static"),
            };
            ctx.hourly(&format!("IP address ({kind})"), key, 1.0)
        }
        "azurerm_nat_gateway" => {
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.hourly("NAT gateway", "nat.hour", 1.0)
                .and_then(|_| ctx.by_usage("Data processed", "nat.data", gb))
        }
        "azurerm_application_gateway" => app_gateway(ctx),
        "azurerm_service_plan" => service_plan(ctx),
        "azurerm_app_service_plan" => legacy_service_plan(ctx),
        "azurerm_redis_cache" => redis(ctx),
        "azurerm_virtual_network_gateway" => vpn_gateway(ctx),
        "azurerm_firewall" => {
            let tier = ctx.str(&["sku_tier"]).ok().flatten().unwrap_or("Standard");
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.hourly(
                &format!("Firewall deployment ({tier})"),
                &format!("firewall.{tier}"),
                1.0,
            )
            .and_then(|_| ctx.by_usage("Data processed", "firewall.data", gb))
        }
        "azurerm_container_registry" => registry(ctx),
        "azurerm_bastion_host" => {
            let sku = ctx.str(&["sku"]).ok().flatten().unwrap_or("Basic");
            ctx.hourly(
                &format!("Bastion host ({sku})"),
                &format!("bastion.{sku}"),
                1.0,
            )
        }
        "azurerm_cosmosdb_sql_database"
        | "azurerm_cosmosdb_sql_container"
        | "azurerm_cosmosdb_mongo_database"
        | "azurerm_cosmosdb_mongo_collection"
        | "azurerm_cosmosdb_cassandra_keyspace"
        | "azurerm_cosmosdb_cassandra_table"
        | "azurerm_cosmosdb_gremlin_database"
        | "azurerm_cosmosdb_gremlin_graph"
        | "azurerm_cosmosdb_table" => cosmos_database(ctx),
        "azurerm_storage_account" => {
            let tier = ctx
                .str(&["account_tier"])
                .ok()
                .flatten()
                .unwrap_or("Standard");
            let repl = ctx
                .str(&["account_replication_type"])
                .ok()
                .flatten()
                .unwrap_or("LRS");
            let access = ctx.str(&["access_tier"]).ok().flatten().unwrap_or("Hot");
            if (tier, repl, access) != ("Standard", "LRS", "Hot") {
                Err(format!(
                    "{tier} {repl} {access} storage is not in the catalog (Standard LRS Hot is)"
                ))
            } else {
                let gb = ctx.usage("storage_gb");
                ctx.by_usage("Blob capacity (Hot, LRS)", "storage.blob.hot.lrs", gb)
            }
        }
        "azurerm_key_vault" => {
            let ops = ctx
                .usage("monthly_secrets_operations")
                .map(|o| o / 10_000.0);
            ctx.by_usage("Secrets operations", "keyvault.operations", ops)
        }
        "azurerm_log_analytics_workspace" => log_analytics(ctx),
        "azurerm_dns_zone" => ctx.monthly("Hosted zone", "dns.zone", 1.0),
        t if is_dns_record(t) => {
            let queries = ctx.usage("monthly_queries").map(|q| q / 1e6);
            tiered(
                ctx,
                "DNS queries",
                queries,
                &[
                    ("first 1B", "dns.queries.first_1b", Some(1000.0)),
                    ("over 1B", "dns.queries.over_1b", None),
                ],
            )
        }
        "azurerm_lb_rule" | "azurerm_lb_outbound_rule" => lb_rule(ctx),
        "azurerm_public_ip_prefix" => ctx.hourly("IP prefix", "publicip.prefix", 1.0),
        "azurerm_key_vault_managed_hardware_security_module" => {
            ctx.hourly("HSM pools", "keyvault.hsm_pool", 1.0)
        }
        "azurerm_iothub" => units_of_sku(
            ctx,
            &["sku", "name"],
            &["sku", "capacity"],
            "IoT Hub",
            "iothub",
        ),
        "azurerm_signalr_service" => signalr(ctx),
        "azurerm_monitor_scheduled_query_rules_alert" => {
            let minutes = ctx.num(&["frequency"]).ok().flatten().unwrap_or(5.0);
            query_alert(ctx, minutes, 1.0)
        }
        "azurerm_monitor_scheduled_query_rules_alert_v2" => query_alert_v2(ctx),
        "azurerm_servicebus_namespace" => servicebus(ctx),
        "azurerm_eventhub_namespace" => eventhub(ctx),
        "azurerm_notification_hub_namespace" => notification_hub(ctx),
        "azurerm_search_service" => search(ctx),
        "azurerm_api_management" => api_management(ctx),
        "azurerm_snapshot" => {
            // Without its own size, a snapshot is as large as the managed disk it copies.
            let gb = ctx.num(&["disk_size_gb"]).ok().flatten().or_else(|| {
                ctx.index
                    .referenced(ctx.res, ctx.attr("source_uri"), "azurerm_managed_disk")
                    .and_then(|d| super::Attrs(d).num(&["disk_size_gb"]).ok().flatten())
            });
            let gb = ctx.usage("storage_gb").or(gb);
            ctx.by_usage("Storage", "disk.snapshot", gb)
        }
        "azurerm_image" => image(ctx),
        "azurerm_logic_app_integration_account" => required(ctx, &["sku_name"]).and_then(|sku| {
            ctx.hourly(
                &format!("Integration Account ({sku})"),
                &format!("logicapps.integration_account.{sku}"),
                1.0,
            )
            .map_err(|_| format!("integration account SKU `{sku}` is not in the catalog"))
        }),
        "azurerm_private_dns_zone" => ctx.monthly("Private zone", "privatedns.zone", 1.0),
        "azurerm_linux_function_app" | "azurerm_windows_function_app" | "azurerm_function_app" => {
            function_app(ctx)
        }
        "azurerm_cognitive_deployment" => openai_deployment(ctx),
        "azurerm_active_directory_domain_service" => domain_services(ctx, false),
        "azurerm_active_directory_domain_service_replica_set" => domain_services(ctx, true),
        "azurerm_virtual_network_gateway_connection" => gateway_connection(ctx),
        "azurerm_vpn_gateway" => {
            let units = ctx.num(&["scale_unit"]).ok().flatten().unwrap_or(1.0);
            ctx.hourly(
                &format!("S2S scale units (500 Mbps) × {units}"),
                "vwan.vpn_scale_unit",
                units,
            )
        }
        "azurerm_express_route_gateway" => match ctx.num(&["scale_units"]) {
            Ok(units) => {
                let units = units.unwrap_or(1.0);
                ctx.hourly(
                    &format!("ER scale units (2 Gbps) × {units}"),
                    "vwan.expressroute_scale_unit",
                    units,
                )
            }
            Err(e) => Err(e),
        },
        "azurerm_virtual_hub" => match ctx.str(&["sku"]) {
            Ok(Some("Standard")) => {
                let gb = ctx.usage("monthly_data_processed_gb");
                ctx.hourly("Deployment (Standard hub)", "vwan.hub.standard", 1.0)
                    .and_then(|_| ctx.by_usage("Data processed", "vwan.hub.standard.data", gb))
            }
            Ok(_) => {
                ctx.push_raw(
                    "Deployment (Basic hub, no charge)",
                    "hours",
                    super::HOURS_PER_MONTH,
                    0.0,
                );
                Ok(())
            }
            Err(e) => Err(e),
        },
        "azurerm_powerbi_embedded" => required(ctx, &["sku_name"]).and_then(|sku| {
            ctx.hourly(
                &format!("Node usage ({sku})"),
                &format!("powerbi.embedded.{sku}"),
                1.0,
            )
            .map_err(|_| {
                format!(
                    "Power BI Embedded SKU `{sku}` is not in the catalog for {}",
                    ctx.region
                )
            })
        }),
        "azurerm_network_ddos_protection_plan" => {
            // The plan covers 100 public IPs; each one over that (usage `overage_amount`)
            // bills by the hour.
            let over = ctx
                .usage("overage_amount")
                .map(|n| n * super::HOURS_PER_MONTH);
            ctx.hourly("DDoS protection plan", "ddos.plan", 1.0)
                .and_then(|_| ctx.by_usage("Overage (resources over 100)", "ddos.overage", over))
        }
        "azurerm_traffic_manager_azure_endpoint" | "azurerm_traffic_manager_nested_endpoint" => {
            traffic_manager_endpoint(ctx, "azure")
        }
        "azurerm_traffic_manager_external_endpoint" => traffic_manager_endpoint(ctx, "external"),
        "azurerm_private_endpoint" => private_endpoint(ctx),
        "azurerm_monitor_metric_alert" => metric_alert(ctx),
        "azurerm_application_insights_standard_web_test" => standard_web_test(ctx),
        "azurerm_app_configuration" => app_configuration(ctx),
        "azurerm_sql_database" => legacy_sql_database(ctx),
        "azurerm_mssql_elasticpool" | "azurerm_sql_elasticpool" => elastic_pool(ctx),
        _ => return None,
    })
}

/// Whether a type is a record of a public or private DNS zone (billed per query).
fn is_dns_record(ty: &str) -> bool {
    let Some(kind) = ty
        .strip_prefix("azurerm_dns_")
        .or_else(|| ty.strip_prefix("azurerm_private_dns_"))
    else {
        return false;
    };
    kind.strip_suffix("_record").is_some_and(|k| {
        ["a", "aaaa", "caa", "cname", "mx", "ns", "ptr", "srv", "txt"].contains(&k)
    })
}

/// A usage quantity billed in tiers: each tier is `(label, price key, size of the tier)`,
/// the last unbounded. Without usage, the first tier's unit price is shown.
fn tiered(
    ctx: &mut Ctx,
    name: &str,
    quantity: Option<f64>,
    tiers: &[(&str, &str, Option<f64>)],
) -> Result<(), Reason> {
    let Some(mut left) = quantity else {
        let (label, key, _) = tiers[0];
        return ctx.by_usage(&format!("{name} ({label})"), key, None);
    };
    for (i, (label, key, size)) in tiers.iter().enumerate() {
        let here = match size {
            Some(s) => left.min(*s),
            None => left,
        };
        if here > 0.0 || i == 0 {
            ctx.by_usage(&format!("{name} ({label})"), key, Some(here))?;
        }
        left -= here;
        if left <= 0.0 {
            break;
        }
    }
    Ok(())
}

/// A load-balancer rule costs by the hour on a Standard load balancer (beyond the first five,
/// which the balancer's own hours include, as Infracost counts every rule); Basic is free.
fn lb_rule(ctx: &mut Ctx) -> Result<(), Reason> {
    let lb = ctx
        .index
        .referenced(ctx.res, ctx.attr("loadbalancer_id"), "azurerm_lb");
    let sku = lb.and_then(|lb| lb.attributes.get("sku").and_then(Value::as_str));
    if sku == Some("Standard") {
        ctx.hourly("Rule usage", "lb.standard.rule", 1.0)
    } else {
        ctx.push_raw(
            "Rule usage (Basic, no charge)",
            "hours",
            super::HOURS_PER_MONTH,
            0.0,
        );
        Ok(())
    }
}

/// A service billed per unit-month of its SKU (`{prefix}.{sku}`), `capacity` units.
fn units_of_sku(
    ctx: &mut Ctx,
    sku_path: &[&str],
    capacity_path: &[&str],
    label: &str,
    prefix: &str,
) -> Result<(), Reason> {
    let sku = required(ctx, sku_path)?;
    let units = ctx.num(capacity_path)?.unwrap_or(1.0);
    ctx.monthly(
        &format!("{label} ({sku})"),
        &format!("{prefix}.{sku}"),
        units,
    )
    .map_err(|_| format!("SKU `{sku}` is not in the catalog for {}", ctx.region))
}

fn signalr(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = required(ctx, &["sku", "name"])?;
    let tier = sku.split('_').next().unwrap_or(sku).to_string();
    if tier == "Free" {
        ctx.push_raw("Service usage (Free)", "units", 1.0, 0.0);
        return Ok(());
    }
    let units = ctx.num(&["sku", "capacity"])?.unwrap_or(1.0);
    ctx.monthly(
        &format!("Service usage ({tier})"),
        &format!("signalr.{tier}.unit"),
        units,
    )
    .map_err(|_| format!("SignalR SKU `{sku}` is not in the catalog"))?;
    let messages = ctx.usage("monthly_additional_messages").map(|m| m / 1e6);
    ctx.by_usage(
        &format!("Additional messages ({tier})"),
        &format!("signalr.{tier}.messages"),
        messages,
    )
}

/// A log alert rule, billed by its evaluation frequency (1, 5, 10 or 15 minutes and
/// longer), plus each time series it monitors beyond the first.
fn query_alert(ctx: &mut Ctx, minutes: f64, time_series: f64) -> Result<(), Reason> {
    if ctx.flag(&["enabled"]) == Some(false) {
        ctx.push_raw("Log alerts monitoring (disabled)", "rule", 1.0, 0.0);
        return Ok(());
    }
    let step = [15.0, 10.0, 5.0]
        .into_iter()
        .find(|s| minutes >= *s)
        .unwrap_or(1.0);
    ctx.monthly(
        &format!("Log alerts monitoring ({step} minute frequency)"),
        &format!("monitor.log_alert.{step}m"),
        1.0,
    )?;
    if time_series > 1.0 {
        ctx.monthly(
            &format!("Additional time-series monitoring ({step} minute frequency)"),
            &format!("monitor.log_alert_series.{step}m"),
            time_series - 1.0,
        )?;
    }
    Ok(())
}

/// An ISO 8601 duration (`PT5M`, `PT1H`, `P1D`) in minutes.
fn iso_minutes(d: &str) -> Option<f64> {
    let (days, time) = match d.strip_prefix('P')?.split_once('T') {
        Some((days, time)) => (days, time),
        None => (d.strip_prefix('P')?, ""),
    };
    let mut minutes = 0.0;
    if let Some(n) = days.strip_suffix('D') {
        minutes += n.parse::<f64>().ok()? * 1440.0;
    }
    let mut number = String::new();
    for c in time.chars() {
        match c {
            'H' => minutes += number.parse::<f64>().ok()? * 60.0,
            'M' => minutes += number.parse::<f64>().ok()?,
            'S' => minutes += number.parse::<f64>().ok()? / 60.0,
            _ => {
                number.push(c);
                continue;
            }
        }
        number.clear();
    }
    Some(minutes)
}

fn query_alert_v2(ctx: &mut Ctx) -> Result<(), Reason> {
    let frequency = required(ctx, &["evaluation_frequency"])?;
    let minutes = iso_minutes(frequency).ok_or_else(|| {
        format!("`evaluation_frequency` `{frequency}` is not an ISO 8601 duration")
    })?;
    let scopes = ctx.count(&["scopes"]).unwrap_or(1).max(1) as f64;
    let dimensions: usize = match ctx.attr("criteria") {
        Some(Value::List(criteria)) => criteria
            .iter()
            .filter_map(super::first_object)
            .map(|c| match c.get("dimension") {
                Some(Value::List(d)) => d.len(),
                Some(Value::Object(_)) => 1,
                _ => 0,
            })
            .sum(),
        _ => 0,
    };
    query_alert(ctx, minutes, scopes * dimensions as f64)
}

/// Service Bus: Basic pays per operation; Standard a base charge plus operations over 13M
/// and brokered connections over 1,000 in tiers; Premium per messaging unit.
fn servicebus(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = required(ctx, &["sku"])?;
    let ops = ctx.usage("monthly_messaging_operations").map(|o| o / 1e6);
    match sku {
        "Basic" => ctx.by_usage("Messaging operations", "servicebus.basic.operations", ops),
        "Standard" => {
            ctx.hourly("Base charge", "servicebus.standard.base", 1.0)?;
            tiered(
                ctx,
                "Messaging operations",
                ops.map(|o| (o - 13.0).max(0.0)),
                &[
                    ("13M-100M", "servicebus.standard.operations_13m", Some(87.0)),
                    (
                        "100M-2,500M",
                        "servicebus.standard.operations_100m",
                        Some(2400.0),
                    ),
                    ("over 2,500M", "servicebus.standard.operations_2500m", None),
                ],
            )?;
            let connections = ctx
                .usage("monthly_brokered_connections")
                .map(|c| (c - 1000.0).max(0.0));
            tiered(
                ctx,
                "Brokered connections",
                connections,
                &[
                    (
                        "1K-100K",
                        "servicebus.standard.connections_1k",
                        Some(99_000.0),
                    ),
                    (
                        "100K-500K",
                        "servicebus.standard.connections_100k",
                        Some(400_000.0),
                    ),
                    ("over 500K", "servicebus.standard.connections_500k", None),
                ],
            )
        }
        "Premium" => {
            let units = ctx.num(&["capacity"])?.unwrap_or(1.0).max(1.0);
            ctx.monthly("Messaging units", "servicebus.premium.unit", units)
        }
        other => Err(format!("Service Bus SKU `{other}` is not in the catalog")),
    }
}

/// Event Hubs: throughput (Basic, Standard), processing (Premium) or capacity (Dedicated)
/// units by the hour, and ingress events on Basic and Standard from usage.
fn eventhub(ctx: &mut Ctx) -> Result<(), Reason> {
    // A namespace on a dedicated cluster is billed as the cluster's capacity units.
    let on_cluster = ctx
        .str(&["dedicated_cluster_id"])
        .map(|id| id.is_some_and(|id| !id.is_empty()))
        .unwrap_or(true);
    let sku = if on_cluster {
        "Dedicated"
    } else {
        required(ctx, &["sku"])?
    };
    let units = match ctx.usage("throughput_or_capacity_units") {
        Some(u) => u,
        None => ctx.num(&["capacity"])?.unwrap_or(1.0).max(1.0),
    };
    let unit = match sku {
        "Basic" | "Standard" => "throughput units",
        "Premium" => "processing units",
        "Dedicated" => "capacity units",
        other => return Err(format!("Event Hubs SKU `{other}` is not in the catalog")),
    };
    if sku == "Basic" || sku == "Standard" {
        let events = ctx.usage("monthly_ingress_events").map(|e| e / 1e6);
        ctx.by_usage(
            &format!("Ingress events ({sku})"),
            "eventhub.ingress",
            events,
        )?;
    }
    // Capture (Standard) is billed per throughput unit when the usage file turns it on.
    if sku == "Standard" && ctx.usage_text("capture_enabled") == Some("true") {
        ctx.hourly("Capture", "eventhub.capture", units)?;
    }
    ctx.hourly(
        &format!("Capacity ({sku}, {units} {unit})"),
        &format!("eventhub.{sku}"),
        units,
    )?;
    // Premium includes 1 TB of retained events per processing unit, Dedicated 10 TB per
    // capacity unit; more (usage `retention_storage_gb`) bills per GB-month.
    let included = match sku {
        "Premium" => 1000.0,
        "Dedicated" => 10_000.0,
        _ => return Ok(()),
    } * units;
    let extra = ctx
        .usage("retention_storage_gb")
        .map(|gb| (gb - included).max(0.0));
    if extra != Some(0.0) {
        ctx.by_usage("Extended retention", "eventhub.retention", extra)?;
    }
    Ok(())
}

/// Notification Hubs: a namespace fee by tier; pushes beyond the 10M included from usage.
fn notification_hub(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = required(ctx, &["sku_name"])?;
    if sku == "Free" {
        ctx.push_raw("Namespace usage (Free)", "months", 1.0, 0.0);
        return Ok(());
    }
    ctx.monthly(
        &format!("Namespace usage ({sku})"),
        &format!("notificationhubs.{sku}"),
        1.0,
    )
    .map_err(|_| format!("Notification Hubs SKU `{sku}` is not in the catalog"))?;
    let pushes = ctx
        .usage("monthly_pushes")
        .map(|p| (p / 1e6 - 10.0).max(0.0));
    match sku {
        "Basic" => tiered(
            ctx,
            "Pushes",
            pushes,
            &[("over 10M", "notificationhubs.Basic.pushes", None)],
        ),
        _ => tiered(
            ctx,
            "Pushes",
            pushes,
            &[
                (
                    "10-100M",
                    "notificationhubs.Standard.pushes_10m",
                    Some(90.0),
                ),
                ("over 100M", "notificationhubs.Standard.pushes_100m", None),
            ],
        ),
    }
}

/// Cognitive Search: search units (replicas × partitions) by the hour of the SKU, and images
/// extracted from documents (usage `monthly_images_extracted`).
fn search(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = required(ctx, &["sku"])?.to_ascii_lowercase();
    if sku == "free" {
        ctx.push_raw("Search usage (Free)", "hours", super::HOURS_PER_MONTH, 0.0);
        return Ok(());
    }
    let replicas = ctx.num(&["replica_count"])?.unwrap_or(1.0);
    let partitions = ctx.num(&["partition_count"])?.unwrap_or(1.0);
    let units = replicas * partitions;
    ctx.hourly(
        &format!("Search usage ({sku}, {units} units)"),
        &format!("search.{sku}"),
        units,
    )
    .map_err(|_| format!("search SKU `{sku}` is not in the catalog"))?;
    // Document cracking: images extracted, per thousand, in tiers.
    let images = ctx.usage("monthly_images_extracted").map(|n| n / 1000.0);
    tiered(
        ctx,
        "Image extraction",
        images,
        &[
            ("first 1M", "search.image_extraction.first_1m", Some(1000.0)),
            ("next 4M", "search.image_extraction.next_4m", Some(4000.0)),
            ("over 5M", "search.image_extraction.over_5m", None),
        ],
    )
}

/// API Management: units of the tier (`Premium_4` is four), self-hosted gateways from usage;
/// Consumption per million calls.
fn api_management(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = required(ctx, &["sku_name"])?;
    let (tier, units) = match sku.split_once('_') {
        Some((t, n)) => (t, n.parse::<f64>().unwrap_or(1.0)),
        None => (sku, 1.0),
    };
    let tier = tier.to_ascii_lowercase();
    if tier == "consumption" {
        let calls = ctx.usage("monthly_api_calls").map(|c| c / 1e6);
        return ctx.by_usage("API management (consumption)", "apim.consumption", calls);
    }
    ctx.monthly(
        &format!("API management ({tier})"),
        &format!("apim.{tier}"),
        units,
    )
    .map_err(|_| format!("API Management tier `{tier}` is not in the catalog"))?;
    if tier == "premium" {
        let gateways = ctx.usage("self_hosted_gateway_count");
        ctx.by_usage("Self hosted gateway", "apim.self_hosted_gateway", gateways)?;
    }
    Ok(())
}

/// A managed image stores its disks as snapshots: each disk's `size_gb`, else the size of the
/// managed disk it names; without disks, the virtual machine it captures (its OS disk, 128 GB
/// unless said, and data disks). The usage file's `storage_gb` overrides.
fn image(ctx: &mut Ctx) -> Result<(), Reason> {
    let disk_gb = |d: &BTreeMap<String, Value>| -> f64 {
        d.get("size_gb").and_then(Value::as_f64).unwrap_or_else(|| {
            ctx.index
                .referenced(ctx.res, d.get("managed_disk_id"), "azurerm_managed_disk")
                .and_then(|m| super::Attrs(m).num(&["disk_size_gb"]).ok().flatten())
                .unwrap_or(0.0)
        })
    };
    let mut gb: f64 = ["os_disk", "data_disk"]
        .iter()
        .filter_map(|block| match ctx.attr(block) {
            Some(Value::List(disks)) => Some(
                disks
                    .iter()
                    .filter_map(super::first_object)
                    .map(disk_gb)
                    .sum::<f64>(),
            ),
            Some(v) => super::first_object(v).map(disk_gb),
            None => None,
        })
        .sum();
    if gb == 0.0 {
        let vm = ctx.index.referenced(
            ctx.res,
            ctx.attr("source_virtual_machine_id"),
            "azurerm_virtual_machine",
        );
        if let Some(vm) = vm.map(super::Attrs) {
            gb = vm
                .num(&["storage_os_disk", "disk_size_gb"])
                .ok()
                .flatten()
                .unwrap_or(128.0);
            if let Some(Value::List(disks)) = vm.attr("storage_data_disk") {
                gb += disks
                    .iter()
                    .filter_map(super::first_object)
                    .filter_map(|d| d.get("disk_size_gb").and_then(Value::as_f64))
                    .sum::<f64>();
            }
        }
    }
    let gb = ctx.usage("storage_gb").or((gb > 0.0).then_some(gb));
    ctx.by_usage("Storage", "disk.snapshot", gb)
}

/// The vCPUs and GB of memory of an Elastic Premium instance size.
fn elastic_premium_size(size: &str) -> Option<(f64, f64)> {
    match size {
        "EP1" => Some((1.0, 3.5)),
        "EP2" => Some((2.0, 7.0)),
        "EP3" => Some((4.0, 14.0)),
        _ => None,
    }
}

/// A function app on an Elastic Premium plan (EP1–EP3) pays for its instances' vCPUs and
/// memory, as many instances as the usage file's `instances` (1 unless said); on a
/// Consumption plan, for its executions and execution time.
fn function_app(ctx: &mut Ctx) -> Result<(), Reason> {
    let plan_id = ctx
        .attr("service_plan_id")
        .or(ctx.attr("app_service_plan_id"));
    let size = ctx
        .index
        .referenced(ctx.res, plan_id, "azurerm_service_plan")
        .and_then(|p| p.attributes.get("sku_name").and_then(|v| v.as_str()))
        .or_else(|| {
            // A legacy plan is Elastic Premium by its kind or tier, not by its size alone.
            let plan = super::Attrs(ctx.index.referenced(
                ctx.res,
                plan_id,
                "azurerm_app_service_plan",
            )?);
            let is = |path: &[&str], value: &str| {
                plan.str(path)
                    .ok()
                    .flatten()
                    .is_some_and(|v| v.eq_ignore_ascii_case(value))
            };
            if !is(&["kind"], "elastic") && !is(&["sku", "tier"], "ElasticPremium") {
                return None;
            }
            plan.str(&["sku", "size"]).ok().flatten()
        });
    if let Some((size, (vcpu, memory))) = size.and_then(|s| Some((s, elastic_premium_size(s)?))) {
        let instances = ctx.usage("instances").unwrap_or(1.0);
        ctx.hours(
            &format!("vCPU ({size}) × {instances}"),
            "functions.premium.vcpu",
            vcpu * instances * super::HOURS_PER_MONTH,
        )?;
        return ctx.hours(
            &format!("Memory ({size}) × {instances}"),
            "functions.premium.memory",
            memory * instances * super::HOURS_PER_MONTH,
        );
    }
    let req = ctx.usage("monthly_executions");
    let gbs = match (
        req,
        ctx.usage("execution_duration_ms"),
        ctx.usage("memory_mb"),
    ) {
        // Memory is billed in steps of 128 MB.
        (Some(r), Some(d), Some(m)) => Some(r * d / 1000.0 * (m / 128.0).ceil() * 128.0 / 1024.0),
        _ => None,
    };
    ctx.by_usage("Executions", "functions.executions", req.map(|r| r / 1e6))?;
    ctx.by_usage("Execution time", "functions.duration", gbs)
}

/// Active Directory Domain Services, by the hour of the SKU; a replica set at its domain's SKU.
fn domain_services(ctx: &mut Ctx, replica: bool) -> Result<(), Reason> {
    let sku = if replica {
        let domain = ctx.index.referenced(
            ctx.res,
            ctx.attr("domain_service_id"),
            "azurerm_active_directory_domain_service",
        );
        domain
            .and_then(|d| d.attributes.get("sku").and_then(Value::as_str))
            .ok_or_else(|| {
                "the SKU of the domain service (`domain_service_id`) is not known".to_string()
            })?
    } else {
        required(ctx, &["sku"])?
    };
    let what = if replica { " replica set" } else { "" };
    ctx.hourly(
        &format!("Domain service{what} ({sku})"),
        &format!("aadds.{}", sku.to_ascii_lowercase()),
        1.0,
    )
    .map_err(|_| format!("domain service SKU `{sku}` is not in the catalog"))
}

/// A site-to-site (IPsec) connection of a VPN gateway bills by the hour, except on a Basic
/// gateway, whose tunnels are included; other connection types are billed with the gateway.
fn gateway_connection(ctx: &mut Ctx) -> Result<(), Reason> {
    let gateway = ctx.index.referenced(
        ctx.res,
        ctx.attr("virtual_network_gateway_id"),
        "azurerm_virtual_network_gateway",
    );
    let sku = gateway
        .and_then(|g| g.attributes.get("sku").and_then(Value::as_str))
        .unwrap_or("Basic");
    let kind = required(ctx, &["type"])?;
    if sku.eq_ignore_ascii_case("basic") || !kind.eq_ignore_ascii_case("ipsec") {
        ctx.push_raw(
            &format!("Connection ({kind}, {sku} gateway: no charge of its own)"),
            "hours",
            super::HOURS_PER_MONTH,
            0.0,
        );
        return Ok(());
    }
    ctx.hourly(&format!("VPN gateway ({sku})"), "vpngw.s2s_connection", 1.0)
}

/// Traffic Manager endpoints: a health check by the month (Azure or external endpoint), and
/// the fast-interval add-on when the profile probes more often than every 30 seconds; an
/// endpoint of a disabled profile costs nothing.
fn traffic_manager_endpoint(ctx: &mut Ctx, kind: &str) -> Result<(), Reason> {
    let profile = ctx.index.referenced(
        ctx.res,
        ctx.attr("profile_id"),
        "azurerm_traffic_manager_profile",
    );
    let attrs = profile.map(super::Attrs);
    let disabled = attrs
        .and_then(|p| p.str(&["profile_status"]).ok().flatten())
        .is_some_and(|s| s.eq_ignore_ascii_case("disabled"));
    if disabled {
        ctx.push_raw("Health checks (profile disabled)", "months", 1.0, 0.0);
        return Ok(());
    }
    let interval = attrs
        .and_then(|p| {
            p.num(&["monitor_config", "interval_in_seconds"])
                .ok()
                .flatten()
        })
        .unwrap_or(30.0);
    ctx.monthly(
        "Basic health check",
        &format!("trafficmanager.health_check.{kind}"),
        1.0,
    )?;
    if interval < 30.0 {
        ctx.monthly(
            "Fast interval health checks add-on",
            &format!("trafficmanager.fast_health_check.{kind}"),
            1.0,
        )?;
    }
    Ok(())
}

/// A private endpoint by the hour, and the data it processes each way (usage) in tiers.
fn private_endpoint(ctx: &mut Ctx) -> Result<(), Reason> {
    ctx.hourly("Private endpoint", "privatelink.endpoint", 1.0)?;
    for (way, usage_key) in [
        ("Inbound", "monthly_inbound_data_processed_gb"),
        ("Outbound", "monthly_outbound_data_processed_gb"),
    ] {
        let gb = ctx.usage(usage_key);
        tiered(
            ctx,
            &format!("{way} data processed"),
            gb,
            &[
                ("first 1PB", "privatelink.data.first_1pb", Some(1_000_000.0)),
                ("next 4PB", "privatelink.data.next_4pb", Some(4_000_000.0)),
                ("over 5PB", "privatelink.data.over_5pb", None),
            ],
        )?;
    }
    Ok(())
}

/// A metric alert rule bills each time series it monitors: every scope times every
/// dimension of its criteria (a criterion without dimensions watches one series); dynamic
/// thresholds bill their series once more.
fn metric_alert(ctx: &mut Ctx) -> Result<(), Reason> {
    if ctx.flag(&["enabled"]) == Some(false) {
        ctx.push_raw("Metrics monitoring (disabled)", "time-series", 0.0, 0.0);
        return Ok(());
    }
    let scopes = ctx.count(&["scopes"]).unwrap_or(1).max(1) as f64;
    let series = |block: &str| -> f64 {
        match ctx.attr(block) {
            Some(Value::List(criteria)) => criteria
                .iter()
                .filter_map(super::first_object)
                .map(|c| match c.get("dimension") {
                    Some(Value::List(d)) => d.len().max(1),
                    _ => 1,
                })
                .sum::<usize>() as f64,
            Some(Value::Object(_)) => 1.0,
            _ => 0.0,
        }
    };
    let fixed = series("criteria");
    let dynamic = series("dynamic_criteria");
    ctx.monthly(
        "Metrics monitoring",
        "monitor.metric_series",
        scopes * (fixed + dynamic),
    )?;
    if dynamic > 0.0 {
        ctx.monthly(
            "Dynamic threshold monitoring",
            "monitor.dynamic_threshold_series",
            scopes * dynamic,
        )?;
    }
    Ok(())
}

/// A standard availability test runs every `frequency` seconds (300 unless said) all month.
fn standard_web_test(ctx: &mut Ctx) -> Result<(), Reason> {
    if ctx.flag(&["enabled"]) == Some(false) {
        ctx.push_raw("Standard web test (disabled)", "tests", 0.0, 0.0);
        return Ok(());
    }
    let seconds = ctx.num(&["frequency"])?.unwrap_or(300.0);
    if seconds <= 0.0 {
        return Err(format!("`frequency` {seconds} is not a number of seconds"));
    }
    let tests = (super::HOURS_PER_MONTH * 3600.0 / seconds).floor();
    ctx.monthly(
        &format!("Standard web test ({seconds} second frequency)"),
        "appinsights.standard_web_test",
        tests,
    )
}

/// App Configuration: Standard bills the store and each replica by the day (30 a month), and
/// requests over the daily allowance per 10,000 (usage `monthly_additional_requests`); Free
/// costs nothing.
fn app_configuration(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = ctx.str(&["sku"])?.unwrap_or("free").to_ascii_lowercase();
    if sku == "free" {
        ctx.push_raw("Store (Free)", "days", 30.0, 0.0);
        return Ok(());
    }
    let replicas = ctx.count(&["replica"]).unwrap_or(0) as f64;
    ctx.monthly(
        &format!("Store ({sku}) and {replicas} replicas"),
        &format!("appconfig.{sku}.day"),
        30.0 * (1.0 + replicas),
    )
    .map_err(|_| format!("App Configuration SKU `{sku}` is not in the catalog"))?;
    let requests = ctx
        .usage("monthly_additional_requests")
        .map(|r| r / 10_000.0);
    ctx.by_usage(
        "Requests (over 200k/day per replica)",
        &format!("appconfig.{sku}.requests"),
        requests,
    )
}

/// How a SQL database is sized: a DTU SKU (`Basic`, `S3`, `P6`) or vCores of a tier
/// (`GP`, `GP_S` serverless, `BC`, `HS`) and hardware family (`Gen5`, `M`).
enum SqlSku {
    Dtu(String),
    VCore {
        tier: String,
        family: String,
        cores: f64,
    },
}

impl SqlSku {
    fn parse(sku: &str) -> Result<SqlSku, Reason> {
        let lower = sku.to_ascii_lowercase();
        let dtu = ["basic", "free"].contains(&lower.as_str())
            || lower.starts_with(['s', 'p', 'd']) && !lower.contains('_');
        if dtu {
            return Ok(SqlSku::Dtu(sku.to_string()));
        }
        let parts: Vec<&str> = sku.split('_').collect();
        let invalid = || format!("`{sku}` is not a SQL Database SKU (as `GP_Gen5_2` or `S1`)");
        let [tier @ .., family, cores] = parts.as_slice() else {
            return Err(invalid());
        };
        let cores: f64 = cores.parse().map_err(|_| invalid())?;
        if tier.is_empty() {
            return Err(invalid());
        }
        Ok(SqlSku::VCore {
            tier: tier.join("_").to_ascii_uppercase(),
            family: family.to_ascii_lowercase(),
            cores,
        })
    }
}

/// What a SQL database rule reads, whichever resource type declares it.
struct SqlDatabase<'a> {
    sku: SqlSku,
    sku_name: String,
    /// In an elastic pool: the pool bills the compute and storage.
    pooled: bool,
    license_included: bool,
    max_size_gb: Option<f64>,
    read_replicas: f64,
    zone_redundant: bool,
    /// `Geo`, `Zone` or `Local`: where backups are kept.
    backup_redundancy: &'a str,
}

/// `azurerm_mssql_database`: `sku_name` (serverless `GP_S_Gen5_2` unless said).
fn mssql_database(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku_name = ctx.str(&["sku_name"])?.unwrap_or("GP_S_Gen5_2").to_string();
    let pooled = sku_name.eq_ignore_ascii_case("elasticpool")
        || ctx
            .str(&["elastic_pool_id"])
            .map_or(true, |id| id.is_some());
    let sku = if pooled {
        SqlSku::Dtu(sku_name.clone())
    } else {
        SqlSku::parse(&sku_name)?
    };
    let db = SqlDatabase {
        sku,
        sku_name,
        pooled,
        license_included: ctx
            .str(&["license_type"])?
            .is_none_or(|l| l.eq_ignore_ascii_case("licenseincluded")),
        max_size_gb: ctx.num(&["max_size_gb"])?,
        read_replicas: ctx.num(&["read_replica_count"])?.unwrap_or(0.0),
        zone_redundant: ctx.flag(&["zone_redundant"]).unwrap_or(false),
        backup_redundancy: ctx.str(&["storage_account_type"])?.unwrap_or("Geo"),
    };
    sql_database(ctx, &db)
}

/// `azurerm_sql_database` (the older resource): `requested_service_objective_name`, else
/// the `edition`'s smallest size, else General Purpose with 2 vCores.
fn legacy_sql_database(ctx: &mut Ctx) -> Result<(), Reason> {
    let edition = ctx.str(&["edition"])?;
    let from_edition = edition.map(|e| match e {
        "GeneralPurpose" => "GP_Gen5_2",
        "BusinessCritical" => "BC_Gen5_2",
        "Hyperscale" => "HS_Gen5_2",
        "Standard" => "S0",
        "Premium" => "P1",
        "Basic" => "Basic",
        other => other,
    });
    let sku_name = ctx
        .str(&["requested_service_objective_name"])?
        .or(from_edition)
        .unwrap_or("GP_Gen5_2")
        .to_string();
    let pooled = ctx
        .str(&["elastic_pool_name"])
        .map_or(true, |p| p.is_some());
    let sku = if pooled {
        SqlSku::Dtu(sku_name.clone())
    } else {
        SqlSku::parse(&sku_name)?
    };
    let db = SqlDatabase {
        sku,
        sku_name,
        pooled,
        license_included: true,
        max_size_gb: ctx.num(&["max_size_bytes"])?.map(|b| b / 1024f64.powi(3)),
        read_replicas: if ctx.flag(&["read_scale"]) == Some(true) {
            1.0
        } else {
            0.0
        },
        zone_redundant: ctx.flag(&["zone_redundant"]).unwrap_or(false),
        backup_redundancy: "Geo",
    };
    sql_database(ctx, &db)
}

/// The storage a Premium DTU elastic pool includes, by its DTUs (GB).
const PREMIUM_POOL_STORAGE: [(f64, f64); 10] = [
    (125.0, 250.0),
    (250.0, 500.0),
    (500.0, 750.0),
    (1000.0, 1024.0),
    (1500.0, 1536.0),
    (2000.0, 2048.0),
    (2500.0, 2560.0),
    (3000.0, 3072.0),
    (3500.0, 3584.0),
    (4000.0, 4096.0),
];

/// An elastic pool: a DTU pool (`BasicPool`, `StandardPool`, `PremiumPool`, or the older
/// resource's `edition` and `dtu`) by the hour of its size, with storage beyond what it
/// includes (a Standard pool a GB per DTU); a vCore pool (`GP_Gen5`, `BC_DC`) by the
/// vCore-hour, zone redundancy (General Purpose), the licence unless the customer brings
/// one, and its storage (`max_size_gb`, 5 GB unless said).
fn elastic_pool(ctx: &mut Ctx) -> Result<(), Reason> {
    let (sku, capacity) = match ctx.str(&["sku", "name"])? {
        Some(sku) => (
            sku.to_string(),
            ctx.num(&["sku", "capacity"])?
                .ok_or_else(|| "`sku.capacity` is not set".to_string())?,
        ),
        None => (
            format!("{}Pool", required(ctx, &["edition"])?),
            ctx.num(&["dtu"])?
                .ok_or_else(|| "`dtu` is not set".to_string())?,
        ),
    };
    let max_gb = match ctx.num(&["max_size_gb"])? {
        Some(gb) => Some(gb),
        None => match ctx.num(&["max_size_bytes"])? {
            Some(bytes) => Some(bytes / 1024f64.powi(3)),
            // The older resource sizes the pool in MB.
            None => ctx.num(&["pool_size"])?.map(|mb| mb / 1024.0),
        },
    };
    if let Some(tier) = sku.strip_suffix("Pool") {
        let tier = tier.to_ascii_lowercase();
        ctx.hourly(
            &format!("Compute ({tier}, {capacity} DTUs)"),
            &format!("sql.pool.dtu.{tier}.{capacity}"),
            1.0,
        )
        .map_err(|_| {
            format!(
                "a {tier} pool of {capacity} DTUs is not in the catalog for {}",
                ctx.region
            )
        })?;
        let included = match tier.as_str() {
            "standard" => Some(capacity),
            "premium" => PREMIUM_POOL_STORAGE
                .iter()
                .find(|(dtus, _)| *dtus == capacity)
                .map(|(_, gb)| *gb),
            _ => None,
        };
        if let (Some(max), Some(included)) = (max_gb, included) {
            if max > included {
                ctx.monthly(
                    "Extra data storage",
                    &format!("sql.pool.extra_storage.{tier}"),
                    max - included,
                )?;
            }
        }
        return Ok(());
    }
    let (tier, family) = sku.split_once('_').ok_or_else(|| {
        format!("`{sku}` is not an elastic pool SKU (as `GP_Gen5` or `StandardPool`)")
    })?;
    let (tier, family) = (tier.to_ascii_uppercase(), family.to_ascii_lowercase());
    let hours = super::HOURS_PER_MONTH * capacity;
    ctx.hours(
        &format!("Compute ({sku}, {capacity} vCores)"),
        &format!("sql.pool.vcore.{tier}.{family}"),
        hours,
    )
    .map_err(|_| format!("pool SKU `{sku}` is not in the catalog for {}", ctx.region))?;
    let zone = ctx.flag(&["zone_redundant"]).unwrap_or(false) && tier == "GP";
    if zone {
        ctx.hours(
            &format!("Zone redundancy ({sku}, {capacity} vCores)"),
            &format!("sql.pool.vcore.{tier}.{family}.zone_redundancy"),
            hours,
        )?;
    }
    let licensed = ctx
        .str(&["license_type"])?
        .is_none_or(|l| l.eq_ignore_ascii_case("licenseincluded"));
    if licensed {
        ctx.hours("SQL license", &format!("sql.license.{tier}"), hours)?;
    }
    let zone_storage = if zone { ".zone_redundant" } else { "" };
    let gb = max_gb.unwrap_or(5.0);
    ctx.monthly(
        &format!("Storage ({gb} GB)"),
        &format!("sql.pool.storage.{tier}{zone_storage}"),
        gb,
    )
}

/// A single database: DTU compute by the hour of its SKU with storage beyond what the SKU
/// includes, or vCore compute (by the hour, or serverless vCore-hours from usage), zone
/// redundancy (General Purpose), Hyperscale read replicas, the SQL licence unless the
/// customer brings one, and storage (`max_size_gb`, 5 GB unless said); then long-term
/// retention and point-in-time backups from usage (not on Hyperscale). A database in an
/// elastic pool bills only its backups.
fn sql_database(ctx: &mut Ctx, db: &SqlDatabase) -> Result<(), Reason> {
    let hyperscale = match &db.sku {
        _ if db.pooled => false,
        SqlSku::Dtu(sku) => {
            sql_dtu(ctx, sku, db.max_size_gb)?;
            false
        }
        SqlSku::VCore {
            tier,
            family,
            cores,
        } => {
            sql_vcore(ctx, db, tier, family, *cores)?;
            tier == "HS"
        }
    };
    if hyperscale {
        return Ok(());
    }
    let redundancy = match db.backup_redundancy.to_ascii_lowercase().as_str() {
        "local" => "LRS",
        "zone" => "ZRS",
        _ => "RA-GRS",
    };
    let ltr = ctx.usage("long_term_retention_storage_gb");
    ctx.by_usage(
        &format!("Long-term retention ({redundancy})"),
        &format!("sql.backup.ltr.{redundancy}"),
        ltr,
    )?;
    let pitr = ctx.usage("backup_storage_gb");
    ctx.by_usage(
        &format!("PITR backup storage ({redundancy})"),
        &format!("sql.backup.pitr.{redundancy}"),
        pitr,
    )
}

fn sql_dtu(ctx: &mut Ctx, sku: &str, max_size_gb: Option<f64>) -> Result<(), Reason> {
    let upper = sku.to_ascii_uppercase();
    let sku = if upper == "BASIC" { "Basic" } else { &upper };
    ctx.hourly(
        &format!("Compute ({sku})"),
        &format!("sql.database.{sku}"),
        1.0,
    )
    .map_err(|_| format!("SKU `{sku}` is not in the catalog for {}", ctx.region))?;
    // Standard includes 250 GB; P1-P6 500 GB, P11 and P15 4 TB.
    let (tier, included) = match sku.chars().next() {
        Some('S') => ("standard", Some(250.0)),
        Some('P') => (
            "premium",
            match sku {
                "P1" | "P2" | "P4" | "P6" => Some(500.0),
                "P11" | "P15" => Some(4096.0),
                _ => None,
            },
        ),
        _ => return Ok(()),
    };
    let extra = match (ctx.usage("extra_data_storage_gb"), max_size_gb, included) {
        (Some(gb), _, _) => gb,
        (None, Some(max), Some(included)) => max - included,
        _ => 0.0,
    };
    if extra > 0.0 {
        ctx.monthly(
            "Extra data storage",
            &format!("sql.extra_storage.{tier}"),
            extra,
        )?;
    }
    Ok(())
}

fn sql_vcore(
    ctx: &mut Ctx,
    db: &SqlDatabase,
    tier: &str,
    family: &str,
    cores: f64,
) -> Result<(), Reason> {
    let sku = &db.sku_name;
    let not_listed = |ctx: &Ctx| format!("SKU `{sku}` is not in the catalog for {}", ctx.region);
    let zone = db.zone_redundant;
    if tier == "GP_S" {
        let hours = ctx.usage("monthly_vcore_hours");
        ctx.by_usage(
            &format!("Compute (serverless, {sku})"),
            &format!("sql.serverless.{family}"),
            hours,
        )
        .map_err(|_| not_listed(ctx))?;
        if zone {
            ctx.by_usage(
                &format!("Zone redundancy (serverless, {sku})"),
                &format!("sql.serverless.{family}.zone_redundancy"),
                hours,
            )?;
        }
    } else {
        ctx.hours(
            &format!("Compute (provisioned, {sku})"),
            &format!("sql.vcore.{tier}.{family}"),
            super::HOURS_PER_MONTH * cores,
        )
        .map_err(|_| not_listed(ctx))?;
        if zone && tier == "GP" {
            ctx.hours(
                &format!("Zone redundancy (provisioned, {sku})"),
                &format!("sql.vcore.{tier}.{family}.zone_redundancy"),
                super::HOURS_PER_MONTH * cores,
            )?;
        }
        if tier == "HS" && db.read_replicas > 0.0 {
            ctx.hours(
                &format!("Read replicas ({})", db.read_replicas),
                &format!("sql.vcore.{tier}.{family}"),
                super::HOURS_PER_MONTH * cores * db.read_replicas,
            )?;
        }
        if db.license_included {
            ctx.hours(
                "SQL license",
                &format!("sql.license.{tier}"),
                super::HOURS_PER_MONTH * cores,
            )?;
        }
    }
    let storage_tier = if tier == "GP_S" { "GP" } else { tier };
    let zone_storage = if zone && storage_tier == "GP" {
        ".zone_redundant"
    } else {
        ""
    };
    let gb = db.max_size_gb.unwrap_or(5.0);
    ctx.monthly(
        &format!("Storage ({gb} GB)"),
        &format!("sql.storage.{storage_tier}{zone_storage}"),
        gb,
    )
}

/// The meters of an Azure OpenAI model: `(component, catalog meter, usage key, usage units
/// per catalog unit)`. A model has the meters the catalog prices for it in the region (as
/// `openai.{model}.{meter}`): models differ by region, so the rest are left out.
const OPENAI_METERS: &[(&str, &str, &str, f64)] = &[
    ("Text input", "input", "monthly_language_input_tokens", 1e3),
    (
        "Text output",
        "output",
        "monthly_language_output_tokens",
        1e3,
    ),
    (
        "Cached text input",
        "cached_input",
        "monthly_language_cached_input_tokens",
        1e3,
    ),
    (
        "Audio input",
        "audio_input",
        "monthly_audio_input_tokens",
        1e3,
    ),
    (
        "Audio output",
        "audio_output",
        "monthly_audio_output_tokens",
        1e3,
    ),
    (
        "Base model tokens",
        "base",
        "monthly_base_model_tokens",
        1e3,
    ),
    (
        "Fine tuning training",
        "ft_training",
        "monthly_fine_tuning_training_hours",
        1.0,
    ),
    (
        "Fine tuning hosting",
        "ft_hosting",
        "monthly_fine_tuning_hosting_hours",
        1.0,
    ),
    (
        "Fine tuning input",
        "ft_input",
        "monthly_fine_tuning_input_tokens",
        1e3,
    ),
    (
        "Fine tuning output",
        "ft_output",
        "monthly_fine_tuning_output_tokens",
        1e3,
    ),
    (
        "Standard 1024x1024 images",
        "images.standard_1024",
        "monthly_standard_1024_1024_images",
        100.0,
    ),
    (
        "Standard 1024x1792 images",
        "images.standard_1792",
        "monthly_standard_1024_1792_images",
        100.0,
    ),
    (
        "HD 1024x1024 images",
        "images.hd_1024",
        "monthly_hd_1024_1024_images",
        100.0,
    ),
    (
        "HD 1024x1792 images",
        "images.hd_1792",
        "monthly_hd_1024_1792_images",
        100.0,
    ),
    (
        "Text embeddings",
        "embedding",
        "monthly_text_embedding_tokens",
        1e3,
    ),
    (
        "Text to speech",
        "speech_characters",
        "monthly_text_to_speech_characters",
        1e6,
    ),
    (
        "Speech to text",
        "transcription",
        "monthly_text_to_speech_hours",
        1.0,
    ),
];

/// The meters whose price depends on the deployment type (regional, global, data zone).
const OPENAI_TOKEN_METERS: &[&str] = &[
    "input",
    "output",
    "cached_input",
    "audio_input",
    "audio_output",
];

/// Whether a model answers chats (GPT, the o-series reasoning models, computer use), so
/// that assistants on it can run code-interpreter sessions.
fn is_chat_model(model: &str) -> bool {
    let reasoning = model
        .strip_prefix('o')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    model.starts_with("gpt-") || model.starts_with("computer-use") || reasoning
}

/// An Azure OpenAI deployment (`azurerm_cognitive_deployment`), pay as you go: tokens,
/// images, fine tuning, embeddings and speech from usage, at the model's prices in its
/// account's region; a chat model's code-interpreter sessions from usage. Token prices
/// depend on the deployment type (`sku.name`): Standard is regional, GlobalStandard global,
/// DataZoneStandard a data zone, with their Batch variants. A version with prices of its own
/// is listed as `openai.{model}-{version}`.
fn openai_deployment(ctx: &mut Ctx) -> Result<(), Reason> {
    if ctx
        .str(&["scale", "tier"])?
        .is_some_and(|t| t.eq_ignore_ascii_case("free"))
    {
        ctx.push_raw("Deployment (Free tier)", "months", 1.0, 0.0);
        return Ok(());
    }
    let model = required(ctx, &["model", "name"])?.to_ascii_lowercase();
    let version = ctx.str(&["model", "version"])?.map(str::to_ascii_lowercase);
    let sku = ctx.str(&["sku", "name"])?.unwrap_or("Standard");
    let deployment = match sku.to_ascii_lowercase().as_str() {
        "standard" => "",
        "globalstandard" => "global.",
        "datazonestandard" => "datazone.",
        "globalbatch" => "global_batch.",
        "datazonebatch" => "datazone_batch.",
        _ => {
            return Err(format!(
                "deployment type `{sku}` (provisioned throughput) is not in the catalog"
            ))
        }
    };
    let names: Vec<String> = version
        .iter()
        .map(|v| format!("{model}-{v}"))
        .chain([model.clone()])
        .collect();
    for (label, meter, usage_key, per_unit) in OPENAI_METERS {
        let meter = if OPENAI_TOKEN_METERS.contains(meter) {
            format!("{deployment}{meter}")
        } else {
            meter.to_string()
        };
        let Some(key) = names
            .iter()
            .map(|name| format!("openai.{name}.{meter}"))
            .find(|key| ctx.priced(key))
        else {
            continue;
        };
        let quantity = ctx.usage(usage_key).map(|q| q / per_unit);
        ctx.by_usage(&format!("{label} ({model})"), &key, quantity)?;
    }
    if is_chat_model(&model) && ctx.priced("openai.code_interpreter") {
        let sessions = ctx.usage("monthly_code_interpreter_sessions");
        ctx.by_usage(
            "Code interpreter sessions",
            "openai.code_interpreter",
            sessions,
        )?;
    }
    if ctx.components_len() == 0 {
        return Err(format!(
            "model `{model}` has no pay-as-you-go price in the catalog for {}",
            ctx.region
        ));
    }
    Ok(())
}

fn required<'a>(ctx: &Ctx<'a>, path: &[&str]) -> Result<&'a str, Reason> {
    ctx.str(path)?
        .ok_or_else(|| format!("`{}` is not set", path.join(".")))
}

fn sku_hours(ctx: &mut Ctx, attr: &str, label: &str, prefix: &str) -> Result<(), Reason> {
    let sku = required(ctx, &[attr])?;
    ctx.hourly(&format!("{label} ({sku})"), &format!("{prefix}.{sku}"), 1.0)
        .map_err(|_| format!("SKU `{sku}` is not in the catalog for {}", ctx.region))
}

/// A container registry bills by the day of its SKU, each geo-replication location by the
/// day, storage over the SKU's included GB (usage `storage_gb`) and build time (usage
/// `monthly_build_vcpu_hrs`).
fn registry(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = required(ctx, &["sku"])?;
    let days = super::HOURS_PER_MONTH / 24.0;
    ctx.monthly(&format!("Registry ({sku})"), &format!("acr.{sku}"), days)
        .map_err(|_| format!("registry SKU `{sku}` is not in the catalog"))?;
    let locations = ctx.count(&["georeplications"]).unwrap_or(0) as f64;
    if locations > 0.0 {
        ctx.monthly(
            &format!("Geo replication ({locations} locations)"),
            "acr.geo_replication",
            days * locations,
        )?;
    }
    let included = match sku {
        "Premium" => 500.0,
        "Standard" => 100.0,
        _ => 10.0,
    };
    let over = ctx.usage("storage_gb").map(|gb| (gb - included).max(0.0));
    ctx.by_usage(
        &format!("Storage (over {included} GB)"),
        "acr.storage",
        over,
    )?;
    let build = ctx.usage("monthly_build_vcpu_hrs").map(|h| h * 3600.0);
    ctx.by_usage("Build vCPU", "acr.build", build)
}

/// The operating system a VM is billed for.
#[derive(Clone, Copy, PartialEq)]
enum Os {
    Linux,
    /// Licence included.
    Windows,
    /// Windows under Azure Hybrid Benefit (`license_type = "Windows_Server"`): the
    /// licence is the customer's, so the hours cost the compute-only rate.
    WindowsHybrid,
}

impl Os {
    fn windows(ctx: &Ctx) -> Os {
        match ctx.str(&["license_type"]).ok().flatten() {
            Some(l) if l.eq_ignore_ascii_case("windows_server") => Os::WindowsHybrid,
            Some(l) if l.eq_ignore_ascii_case("windows_client") => Os::WindowsHybrid,
            _ => Os::Windows,
        }
    }
}

/// VM hours of a size: all month, or the usage file's `monthly_hrs`, `count` times over.
fn vm_hours(ctx: &mut Ctx, os: Os, size: &str, count: f64) -> Result<(), Reason> {
    // Sizes may be written without their `Standard_` prefix.
    let size = if size.starts_with("Standard_") || size.starts_with("Basic_") {
        size.to_string()
    } else {
        format!("Standard_{size}")
    };
    let (label, key) = match os {
        Os::Linux => ("Linux, pay as you go", format!("vm.{size}")),
        Os::Windows => ("Windows, pay as you go", format!("vm.windows.{size}")),
        Os::WindowsHybrid => ("Windows, hybrid benefit", format!("vm.{size}")),
    };
    let hours = ctx.usage("monthly_hrs").unwrap_or(super::HOURS_PER_MONTH);
    let times = if count == 1.0 {
        String::new()
    } else {
        format!(" × {count}")
    };
    ctx.hours(
        &format!("Instance usage ({label}, {size}){times}"),
        &key,
        hours * count,
    )
    .map_err(|_| {
        let os = if os == Os::Windows {
            "Windows"
        } else {
            "Linux"
        };
        format!(
            "{os} VM size `{size}` is not in the catalog for {}",
            ctx.region
        )
    })
}

/// The disk tier a size bills as: the smallest tier at least as large.
pub(crate) fn disk_tier(kind: &str, size_gb: f64) -> Option<String> {
    const SIZES: [(u32, u32); 11] = [
        (4, 1),
        (8, 2),
        (16, 3),
        (32, 4),
        (64, 6),
        (128, 10),
        (256, 15),
        (512, 20),
        (1024, 30),
        (2048, 40),
        (4096, 50),
    ];
    let (letter, min) = match kind {
        "premium" => ("P", 1),
        "standardssd" => ("E", 1),
        "standard" => ("S", 4),
        _ => return None,
    };
    SIZES
        .iter()
        .filter(|(_, n)| *n >= min)
        .find(|(gb, _)| size_gb <= *gb as f64)
        .map(|(_, n)| format!("{letter}{n}"))
}

fn disk_kind(account_type: &str) -> Result<&'static str, Reason> {
    match account_type {
        "Premium_LRS" => Ok("premium"),
        "StandardSSD_LRS" => Ok("standardssd"),
        "Standard_LRS" => Ok("standard"),
        other => Err(format!("disk type `{other}` is not in the catalog")),
    }
}

/// A managed disk billed as its tier, plus, for Standard HDD and SSD, its operations per
/// 10,000 (usage `monthly_disk_operations` under `usage_prefix`).
fn disk(
    ctx: &mut Ctx,
    name: &str,
    account_type: &str,
    size: f64,
    usage_prefix: &str,
) -> Result<(), Reason> {
    let kind = disk_kind(account_type)?;
    let tier = disk_tier(kind, size)
        .ok_or_else(|| format!("{size} GB is larger than the catalog's disk tiers"))?;
    ctx.monthly(
        &format!("{name} ({account_type}, {tier}, {size} GB)"),
        &format!("disk.{kind}.{tier}"),
        1.0,
    )?;
    if kind != "premium" {
        let ops = ctx
            .usage(&format!("{usage_prefix}monthly_disk_operations"))
            .map(|o| o / 10_000.0);
        ctx.by_usage(
            &format!("{name} operations"),
            &format!("disk.{kind}.operations"),
            ops,
        )?;
    }
    Ok(())
}

fn linux_vm(ctx: &mut Ctx, os: Os) -> Result<(), Reason> {
    let size = required(ctx, &["size"])?;
    vm_hours(ctx, os, size, 1.0)?;
    let account = required(ctx, &["os_disk", "storage_account_type"])?;
    let gb = ctx.num(&["os_disk", "disk_size_gb"])?.unwrap_or(30.0);
    disk(ctx, "OS disk", account, gb, "os_disk.")
}

/// `azurerm_virtual_machine`: Windows when its OS disk or image says so, with its managed
/// OS and data disks (an unmanaged VHD is billed with its storage account).
fn legacy_vm(ctx: &mut Ctx) -> Result<(), Reason> {
    let size = required(ctx, &["vm_size"])?;
    let offer = ctx
        .str(&["storage_image_reference", "offer"])?
        .unwrap_or("");
    let os_type = ctx.str(&["storage_os_disk", "os_type"])?.unwrap_or("");
    let windows = offer.eq_ignore_ascii_case("WindowsServer")
        || os_type.eq_ignore_ascii_case("windows")
        || ctx.attr("os_profile_windows_config").is_some();
    let os = if windows { Os::windows(ctx) } else { Os::Linux };
    vm_hours(ctx, os, size, 1.0)?;
    if let Some(account) = ctx.str(&["storage_os_disk", "managed_disk_type"])? {
        let gb = ctx
            .num(&["storage_os_disk", "disk_size_gb"])?
            .unwrap_or(30.0);
        disk(ctx, "OS disk", account, gb, "storage_os_disk.")?;
    }
    let data_disks: Vec<(String, f64)> = match ctx.attr("storage_data_disk") {
        Some(Value::List(disks)) => disks
            .iter()
            .filter_map(|d| {
                let d = super::first_object(d)?;
                let account = d.get("managed_disk_type")?.as_str()?.to_string();
                let gb = d
                    .get("disk_size_gb")
                    .and_then(Value::as_f64)
                    .unwrap_or(30.0);
                Some((account, gb))
            })
            .collect(),
        _ => Vec::new(),
    };
    for (account, gb) in data_disks {
        disk(ctx, "Data disk", &account, gb, "storage_data_disk.")?;
    }
    Ok(())
}

fn scale_set(ctx: &mut Ctx, os: Os) -> Result<(), Reason> {
    let size = required(ctx, &["sku"])?;
    let n = ctx.num(&["instances"])?.unwrap_or(0.0);
    vm_hours(ctx, os, size, n)?;
    if let Some(account) = ctx.str(&["os_disk", "storage_account_type"])? {
        let gb = ctx.num(&["os_disk", "disk_size_gb"])?.unwrap_or(30.0);
        let kind = disk_kind(account)?;
        let tier = disk_tier(kind, gb)
            .ok_or_else(|| format!("{gb} GB is larger than the catalog's disk tiers"))?;
        ctx.monthly(
            &format!("OS disks ({account}, {tier}) × {n}"),
            &format!("disk.{kind}.{tier}"),
            n,
        )?;
    }
    Ok(())
}

/// A machine-learning cluster runs its minimum node count all the time (the usage file's
/// `instances` says otherwise; with `monthly_hrs` and no minimum, one node).
fn ml_compute_cluster(ctx: &mut Ctx) -> Result<(), Reason> {
    let size = required(ctx, &["vm_size"])?;
    let min = ctx
        .num(&["scale_settings", "min_node_count"])?
        .unwrap_or(0.0);
    let nodes = match ctx.usage("instances") {
        Some(n) => n,
        None if min == 0.0 && ctx.usage("monthly_hrs").is_some() => 1.0,
        None => min,
    };
    vm_hours(ctx, Os::Linux, size, nodes)
}

fn managed_disk(ctx: &mut Ctx) -> Result<(), Reason> {
    let account = required(ctx, &["storage_account_type"])?;
    let gb = ctx
        .num(&["disk_size_gb"])?
        .ok_or_else(|| "`disk_size_gb` is not set".to_string())?;
    disk(ctx, "Managed disk", account, gb, "")
}

/// Whether a VM size takes Premium SSD (an `s` after the size number, or the DS/GS series).
fn premium_capable(size: &str) -> bool {
    let name = size.trim_start_matches("Standard_");
    let series: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let rest = &name[series.len()..];
    let after_digits: String = rest.chars().skip_while(|c| c.is_ascii_digit()).collect();
    series.ends_with('S') || after_digits.starts_with('s') || after_digits.contains("s_")
}

fn node_pool(ctx: &mut Ctx, prefix: &[&str]) -> Result<(), Reason> {
    let path = |k: &'static str| -> Vec<&str> { prefix.iter().copied().chain([k]).collect() };
    let size = required(ctx, &path("vm_size"))?;
    let n = match (ctx.usage("nodes"), ctx.num(&path("node_count"))?) {
        (Some(n), _) | (None, Some(n)) => n,
        (None, None) => ctx.num(&path("min_count"))?.unwrap_or(1.0),
    };
    // Windows nodes (`os_type`, or a Windows `os_sku`) run on the Windows meters.
    let windows = ctx
        .str(&path("os_type"))?
        .is_some_and(|o| o.eq_ignore_ascii_case("windows"))
        || ctx
            .str(&path("os_sku"))?
            .is_some_and(|o| o.to_ascii_lowercase().starts_with("windows"));
    let os = if windows { Os::Windows } else { Os::Linux };
    vm_hours(ctx, os, size, n)?;
    if ctx.str(&path("os_disk_type"))? == Some("Ephemeral") {
        return Ok(());
    }
    let gb = ctx.num(&path("os_disk_size_gb"))?.unwrap_or(128.0);
    // Managed OS disks are Premium SSD where the size takes it, Standard HDD otherwise.
    let kind = if premium_capable(size) {
        "premium"
    } else {
        "standard"
    };
    let tier = disk_tier(kind, gb)
        .ok_or_else(|| format!("{gb} GB is larger than the catalog's disk tiers"))?;
    ctx.monthly(
        &format!("OS disks ({kind}, {tier}) × {n}"),
        &format!("disk.{kind}.{tier}"),
        n,
    )
}

fn aks(ctx: &mut Ctx) -> Result<(), Reason> {
    match ctx.str(&["sku_tier"])?.unwrap_or("Free") {
        "Standard" | "Paid" => {
            ctx.hourly("Uptime SLA (Standard tier)", "aks.standard_tier", 1.0)?
        }
        "Premium" => ctx.hourly("Premium tier", "aks.premium_tier", 1.0)?,
        _ => {}
    }
    node_pool(ctx, &["default_node_pool"])
}

fn flexible_server(
    ctx: &mut Ctx,
    service: &str,
    storage: &[&str],
    to_gb: f64,
    default_gb: f64,
) -> Result<(), Reason> {
    let sku = required(ctx, &["sku_name"])?;
    let ha = match ctx.str(&["high_availability", "mode"])? {
        Some(_) => 2.0,
        None => 1.0,
    };
    ctx.hourly(
        &format!("Compute ({sku})"),
        &format!("{service}.flexible.{sku}"),
        ha,
    )
    .map_err(|_| format!("SKU `{sku}` is not in the catalog for {}", ctx.region))?;
    let gb = ctx.num(storage)?.map(|v| v * to_gb).unwrap_or(default_gb);
    ctx.monthly("Storage", &format!("{service}.flexible.storage"), gb * ha)?;
    // MySQL includes 300 IOPS and 3 more per GB; provisioned IOPS beyond that bill monthly.
    if service == "mysql" {
        let iops = ctx.num(&["storage", "iops"])?.unwrap_or(0.0);
        let extra = iops - (300.0 + 3.0 * gb);
        if extra > 0.0 {
            ctx.monthly("Additional IOPS", "mysql.flexible.iops", extra)?;
        }
    }
    let backup = ctx.usage("additional_backup_storage_gb");
    ctx.by_usage(
        "Additional backup storage",
        &format!("{service}.flexible.backup"),
        backup,
    )
}

/// The Cosmos DB account a database, container, keyspace, table or graph belongs to: the
/// one its `account_name` refers to (or names), or its keyspace's.
fn cosmos_account<'a>(ctx: &Ctx<'a>) -> Option<&'a Resource> {
    let index = ctx.index;
    let account_of = |res: &Resource| -> Option<&'a Resource> {
        let value = res.attributes.get("account_name")?;
        let written = match res.written_reference("account_name") {
            Some(("azurerm_cosmosdb_account", name)) => index
                .of_type("azurerm_cosmosdb_account")
                .iter()
                .copied()
                .find(|a| a.root == res.root && a.module == res.module && a.name == name),
            _ => None,
        };
        written
            .or_else(|| index.referenced(res, Some(value), "azurerm_cosmosdb_account"))
            .or_else(|| {
                let name = value.as_str()?;
                index
                    .of_type("azurerm_cosmosdb_account")
                    .iter()
                    .copied()
                    .find(|a| {
                        a.root == res.root
                            && a.attributes.get("name").and_then(Value::as_str) == Some(name)
                    })
            })
    };
    account_of(ctx.res).or_else(|| {
        let keyspace = index.referenced(
            ctx.res,
            ctx.res.attributes.get("cassandra_keyspace_id"),
            "azurerm_cosmosdb_cassandra_keyspace",
        )?;
        account_of(keyspace)
    })
}

/// A Cosmos DB database or container with throughput of its own, priced in every region of
/// its account (`geo_location`): provisioned RU/s by the hour (×1.25 in a zone-redundant
/// region), autoscale at the usage file's share of the maximum (×1.5), or serverless
/// request units (usage); storage, analytical storage and its operations, and backups
/// (periodic copies beyond the two free ones, or continuous) from usage; restored data in
/// the account's own region.
fn cosmos_database(ctx: &mut Ctx) -> Result<(), Reason> {
    let account = cosmos_account(ctx).ok_or_else(|| {
        "its Cosmos DB account (`account_name`) is not in the configuration".to_string()
    })?;
    let account = super::Attrs(account);
    let mut locations: Vec<(String, bool)> = match account.attr("geo_location") {
        Some(Value::List(blocks)) => blocks
            .iter()
            .filter_map(super::first_object)
            .filter_map(|g| {
                let location = g.get("location")?.as_str()?;
                let zone = matches!(g.get("zone_redundant"), Some(Value::Bool(true)));
                Some((location.to_ascii_lowercase().replace(' ', ""), zone))
            })
            .collect(),
        _ => Vec::new(),
    };
    if locations.is_empty() {
        locations.push((ctx.region.clone(), false));
    }
    let multi_master = account.flag(&["enable_multiple_write_locations"]) == Some(true)
        || account.flag(&["multiple_write_locations_enabled"]) == Some(true);
    let throughput_key = if multi_master {
        "cosmos.throughput.multi_master"
    } else {
        "cosmos.throughput"
    };
    let storage = ctx.usage("storage_gb");
    match (
        ctx.num(&["throughput"])?,
        ctx.num(&["autoscale_settings", "max_throughput"])?,
    ) {
        (Some(ru), _) => {
            for (location, zone) in &locations {
                let factor = if *zone && !multi_master { 1.25 } else { 1.0 };
                let (usd, _) = ctx.price_in(location, throughput_key)?;
                ctx.push_raw(
                    &format!("Provisioned throughput ({ru} RU/s, {location})"),
                    "100RU/s-hours",
                    ru / 100.0 * factor * super::HOURS_PER_MONTH,
                    usd,
                );
            }
        }
        (None, Some(max)) => {
            let share = ctx.usage("max_request_units_utilization_percentage");
            let factor = if multi_master { 1.0 } else { 1.5 };
            for (location, _) in &locations {
                let (usd, _) = ctx.price_in(location, throughput_key)?;
                ctx.push_usage(
                    &format!("Provisioned throughput (autoscale to {max} RU/s, {location})"),
                    "100RU/s-hours",
                    share.map(|p| max * p / 100.0 / 100.0 * factor * super::HOURS_PER_MONTH),
                    usd,
                );
            }
        }
        (None, None) => {
            let (usd, unit) = ctx.price_in(&locations[0].0, "cosmos.serverless")?;
            let units = ctx
                .usage("monthly_serverless_request_units")
                .map(|r| r / 1e6);
            ctx.push_usage("Serverless request units", &unit, units, usd);
        }
    }
    let analytical = account.flag(&["analytical_storage_enabled"]) == Some(true);
    let writes = ctx
        .usage("monthly_analytical_storage_write_operations")
        .map(|o| o / 1e4);
    let reads = ctx
        .usage("monthly_analytical_storage_read_operations")
        .map(|o| o / 1e4);
    for (location, _) in &locations {
        let mut meters = vec![("Transactional storage", "cosmos.storage", storage)];
        if analytical {
            meters.extend([
                ("Analytical storage", "cosmos.analytical_storage", storage),
                (
                    "Analytical write operations",
                    "cosmos.analytical_write",
                    writes,
                ),
                (
                    "Analytical read operations",
                    "cosmos.analytical_read",
                    reads,
                ),
            ]);
        }
        for (label, key, quantity) in meters {
            let (usd, unit) = ctx.price_in(location, key)?;
            ctx.push_usage(&format!("{label} ({location})"), &unit, quantity, usd);
        }
    }
    let periodic = !account
        .str(&["backup", "type"])
        .ok()
        .flatten()
        .is_some_and(|t| t.eq_ignore_ascii_case("continuous"));
    let (label, key, backup) = if periodic {
        // Two copies are free; each further copy in the retention period is billed.
        let interval = account
            .num(&["backup", "interval_in_minutes"])
            .ok()
            .flatten()
            .map_or(4.0, |m| m / 60.0);
        let retention = account
            .num(&["backup", "retention_in_hours"])
            .ok()
            .flatten()
            .unwrap_or(8.0);
        let copies = if retention > interval {
            (retention / interval).floor() - 2.0
        } else {
            1.0
        };
        (
            "Periodic backup",
            "cosmos.backup.periodic",
            storage.map(|gb| gb * copies.max(0.0)),
        )
    } else {
        ("Continuous backup", "cosmos.backup.continuous", storage)
    };
    if backup != Some(0.0) {
        for (location, _) in &locations {
            let (usd, unit) = ctx.price_in(location, key)?;
            ctx.push_usage(&format!("{label} ({location})"), &unit, backup, usd);
        }
    }
    let restored = ctx.usage("monthly_restored_data_gb");
    ctx.by_usage("Restored data", "cosmos.restore", restored)
}

/// The commitment tiers of a Log Analytics workspace, in GB a day.
const LOG_COMMITMENT_TIERS: [f64; 8] = [100.0, 200.0, 300.0, 400.0, 500.0, 1000.0, 2000.0, 5000.0];

/// Whether Microsoft Sentinel runs on a workspace: a Sentinel resource (a data connector)
/// refers to it, or to a Log Analytics solution on it.
fn sentinel_enabled(ctx: &Ctx) -> bool {
    let refers_to = |from: &Resource, target: &Resource| {
        from.attributes.values().any(|v| {
            ctx.index
                .referenced_all(from, v)
                .iter()
                .any(|r| std::ptr::eq(*r, target))
        })
    };
    let solutions: Vec<&Resource> = ctx
        .index
        .of_type("azurerm_log_analytics_solution")
        .iter()
        .copied()
        .filter(|s| refers_to(s, ctx.res))
        .collect();
    ctx.index
        .model
        .resources
        .iter()
        .filter(|r| r.root == ctx.res.root && r.resource_type.starts_with("azurerm_sentinel_"))
        .any(|r| refers_to(r, ctx.res) || solutions.iter().any(|s| refers_to(r, s)))
}

/// A Log Analytics workspace: pay-as-you-go ingestion per GB (usage), or a commitment tier
/// by the day (`reservation_capacity_in_gb_per_day`, rounded down to a tier); Sentinel
/// ingestion likewise when Sentinel runs on it; retention beyond 30 days, export, basic logs
/// and archive from usage. Free workspaces cost nothing; the legacy SKUs are not priced.
fn log_analytics(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = ctx.str(&["sku"])?.unwrap_or("PerGB2018");
    match sku.to_ascii_lowercase().as_str() {
        "free" => {
            ctx.push_raw("Workspace (Free)", "GB", 0.0, 0.0);
            return Ok(());
        }
        "pergb2018" => {
            let gb = ctx.usage("monthly_log_data_ingestion_gb");
            ctx.by_usage("Log data ingestion", "loganalytics.ingestion", gb)?;
            if sentinel_enabled(ctx) {
                let gb = ctx.usage("monthly_sentinel_data_ingestion_gb");
                ctx.by_usage(
                    "Sentinel data ingestion",
                    "loganalytics.sentinel_ingestion",
                    gb,
                )?;
            }
        }
        "capacityreservation" => {
            let per_day = ctx
                .num(&["reservation_capacity_in_gb_per_day"])?
                .unwrap_or(0.0);
            if per_day > 0.0 {
                let tier = LOG_COMMITMENT_TIERS
                    .iter()
                    .rev()
                    .find(|t| per_day >= **t)
                    .copied()
                    .unwrap_or(LOG_COMMITMENT_TIERS[0]);
                let mut meters = vec![("Log data ingestion", "loganalytics.commitment")];
                if sentinel_enabled(ctx) {
                    meters.push((
                        "Sentinel data ingestion",
                        "loganalytics.sentinel_commitment",
                    ));
                }
                for (label, prefix) in meters {
                    ctx.monthly(
                        &format!("{label} ({tier} GB a day commitment)"),
                        &format!("{prefix}.{tier}"),
                        30.0,
                    )
                    .map_err(|_| format!("commitment tier {tier} GB is not in the catalog"))?;
                }
            }
        }
        _ => {
            return Err(format!(
                "the legacy `{sku}` pricing of Log Analytics is not in the catalog"
            ))
        }
    }
    if ctx.num(&["retention_in_days"])?.unwrap_or(30.0) > 30.0 {
        let gb = ctx.usage("monthly_additional_log_data_retention_gb");
        ctx.by_usage("Log data retention", "loganalytics.retention", gb)?;
    }
    for (label, usage_key, key) in [
        (
            "Log data export",
            "monthly_log_data_export_gb",
            "loganalytics.export",
        ),
        (
            "Basic log data ingestion",
            "monthly_basic_log_data_ingestion_gb",
            "loganalytics.basic_ingestion",
        ),
        (
            "Basic log search queries",
            "monthly_basic_log_search_gb",
            "loganalytics.basic_search",
        ),
        (
            "Archive data",
            "monthly_archive_data_gb",
            "loganalytics.archive",
        ),
        (
            "Archive data restored",
            "monthly_archive_data_restored_gb",
            "loganalytics.archive_restore",
        ),
        (
            "Archive data searched",
            "monthly_archive_data_searched_gb",
            "loganalytics.archive_search",
        ),
    ] {
        let gb = ctx.usage(usage_key);
        ctx.by_usage(label, key, gb)?;
    }
    Ok(())
}

/// A virtual network gateway by the hour of its SKU; point-to-site tunnels beyond the 128
/// included (usage `p2s_connection`) by the hour, and data sent to other networks (usage
/// `monthly_data_transfer_gb`).
fn vpn_gateway(ctx: &mut Ctx) -> Result<(), Reason> {
    sku_hours(ctx, "sku", "VPN gateway", "vpngw")?;
    let over = ctx
        .usage("p2s_connection")
        .map(|n| (n - 128.0).max(0.0) * super::HOURS_PER_MONTH);
    if over != Some(0.0) {
        ctx.by_usage("P2S tunnels (over 128)", "vpngw.p2s_connection", over)?;
    }
    let gb = ctx.usage("monthly_data_transfer_gb");
    ctx.by_usage("Data transfer", "vpngw.data_transfer", gb)
}

/// A v2 application gateway: a fixed charge by the hour and capacity units by the hour. The
/// units are the fixed `sku.capacity`; with autoscaling, the usage file's `capacity_units`,
/// else the autoscale minimum, else one.
fn app_gateway(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = required(ctx, &["sku", "name"])?;
    if sku != "Standard_v2" && sku != "WAF_v2" {
        return Err(format!(
            "application gateway SKU `{sku}` is not in the catalog (v2 SKUs are)"
        ));
    }
    ctx.hourly(
        &format!("Gateway ({sku}, fixed)"),
        &format!("appgw.{sku}.hour"),
        1.0,
    )?;
    let units = match ctx.num(&["sku", "capacity"])? {
        Some(n) if n > 0.0 => n,
        _ => match ctx.usage("capacity_units") {
            Some(n) => n,
            None => ctx
                .num(&["autoscale_configuration", "min_capacity"])?
                .unwrap_or(1.0),
        },
    };
    ctx.hourly(
        &format!("Capacity units ({units})"),
        &format!("appgw.{sku}.capacity_unit"),
        units,
    )
}

fn plan_hours(ctx: &mut Ctx, os: &str, sku: &str, workers: f64) -> Result<(), Reason> {
    let meter = if os == "Linux" { "linux" } else { "windows" };
    ctx.hourly(
        &format!("Plan ({os}, {sku}) × {workers}"),
        &format!("appservice.{meter}.{sku}"),
        workers,
    )
    .map_err(|_| format!("plan SKU `{sku}` is not in the catalog for {}", ctx.region))
}

fn service_plan(ctx: &mut Ctx) -> Result<(), Reason> {
    // Windows containers run on the Windows meters.
    let os = match required(ctx, &["os_type"])? {
        "Linux" => "Linux",
        "Windows" | "WindowsContainer" => "Windows",
        other => return Err(format!("`os_type` {other} is not a plan operating system")),
    };
    let sku = required(ctx, &["sku_name"])?;
    // Elastic Premium plans are billed through the function apps they run.
    if sku.starts_with("EP") {
        ctx.push_raw(
            &format!("Plan ({sku}): billed by its function apps' instances"),
            "hours",
            0.0,
            0.0,
        );
        return Ok(());
    }
    let workers = ctx.num(&["worker_count"])?.unwrap_or(1.0);
    plan_hours(ctx, os, sku, workers)
}

fn legacy_service_plan(ctx: &mut Ctx) -> Result<(), Reason> {
    let kind = ctx.str(&["kind"])?.unwrap_or("Windows");
    if !kind.eq_ignore_ascii_case("linux") {
        return Err(format!(
            "{kind} plans are not in the catalog (Linux plans are)"
        ));
    }
    let sku = required(ctx, &["sku", "size"])?;
    let workers = ctx.num(&["sku", "capacity"])?.unwrap_or(1.0);
    plan_hours(ctx, "Linux", sku, workers)
}

fn redis(ctx: &mut Ctx) -> Result<(), Reason> {
    let sku = required(ctx, &["sku_name"])?;
    let family = required(ctx, &["family"])?;
    let capacity = ctx
        .num(&["capacity"])?
        .ok_or_else(|| "`capacity` is not set".to_string())?;
    let shards = ctx.num(&["shard_count"])?.unwrap_or(1.0).max(1.0);
    let tier = format!("{family}{capacity}");
    ctx.hourly(
        &format!("Cache ({sku} {tier})"),
        &format!("redis.{sku}.{tier}"),
        shards,
    )
    .map_err(|_| {
        format!(
            "cache `{sku} {tier}` is not in the catalog for {}",
            ctx.region
        )
    })
}

/// Used by savings hints: whether a value is set at all.
pub fn is_set(v: Option<&Value>) -> bool {
    !matches!(v, None | Some(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disks_bill_as_the_next_tier_up() {
        assert_eq!(disk_tier("premium", 100.0).as_deref(), Some("P10"));
        assert_eq!(disk_tier("premium", 128.0).as_deref(), Some("P10"));
        assert_eq!(disk_tier("premium", 129.0).as_deref(), Some("P15"));
        assert_eq!(disk_tier("standard", 10.0).as_deref(), Some("S4"));
        assert_eq!(disk_tier("premium", 5000.0), None);
    }

    #[test]
    fn premium_capable_sizes() {
        assert!(premium_capable("Standard_D2s_v3"));
        assert!(premium_capable("Standard_DS2_v2"));
        assert!(premium_capable("Standard_B2s"));
        assert!(!premium_capable("Standard_D2_v3"));
        assert!(!premium_capable("Standard_A2_v2"));
    }
}

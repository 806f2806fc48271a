//! How Azure resources are priced: VM sizes by ARM SKU name (Linux), managed disks by the
//! tier their size falls in (a 100 GB Premium SSD bills as P10, 128 GB), AKS, databases,
//! load balancing and the rest. The region is the resource's `location`, or, for a
//! resource without one (a DNS record, a database on a server, a model deployment), the
//! location of its resource group or of the resource it belongs to.

use super::{Ctx, Index, Reason};
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
        let named = index.of_type("azurerm_resource_group").iter().find(|g| {
            g.root == res.root && g.attributes.get("name").and_then(Value::as_str) == Some(group)
        });
        if let Some(Some(l)) = named.map(|g| located(g, index, depth + 1).ok().flatten()) {
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
        "azurerm_mssql_database" => sku_hours(ctx, "sku_name", "Database", "sql.database"),
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
            let (kind, key) = if dynamic {
                ("dynamic", "publicip.dynamic")
            } else {
                ("static", "publicip.static")
            };
            ctx.hourly(&format!("IP address ({kind}, regional)"), key, 1.0)
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
        "azurerm_virtual_network_gateway" => sku_hours(ctx, "sku", "VPN gateway", "vpngw"),
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
        | "azurerm_cosmosdb_mongo_database" => match ctx.num(&["throughput"]) {
            Ok(Some(ru)) => ctx.hourly(
                &format!("Provisioned throughput ({ru} RU/s)"),
                "cosmos.throughput",
                ru / 100.0,
            ),
            Ok(None) => match ctx.num(&["autoscale_settings", "max_throughput"]) {
                Ok(Some(max)) => ctx.hourly(
                    &format!("Autoscale throughput (minimum {} RU/s)", max / 10.0),
                    "cosmos.throughput",
                    max / 10.0 / 100.0 * 1.5,
                ),
                Ok(None) => Err(
                    "no `throughput`: the account's shared or serverless throughput applies"
                        .to_string(),
                ),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        },
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
        "azurerm_log_analytics_workspace" => {
            let gb = ctx.usage("monthly_log_data_ingestion_gb");
            ctx.by_usage("Log data ingestion", "loganalytics.ingestion", gb)
        }
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
            let gb = ctx.num(&["disk_size_gb"]).ok().flatten();
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
    )
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

/// Cognitive Search: search units (replicas × partitions) by the hour of the SKU.
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
    .map_err(|_| format!("search SKU `{sku}` is not in the catalog"))
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

/// A managed image stores its disks' sizes (or the usage file's `storage_gb`) as snapshots.
fn image(ctx: &mut Ctx) -> Result<(), Reason> {
    let mut gb = ctx
        .num(&["os_disk", "size_gb"])
        .ok()
        .flatten()
        .unwrap_or(0.0);
    if let Some(Value::List(disks)) = ctx.attr("data_disk") {
        gb += disks
            .iter()
            .filter_map(super::first_object)
            .filter_map(|d| d.get("size_gb").and_then(Value::as_f64))
            .sum::<f64>();
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
            ctx.index
                .referenced(ctx.res, plan_id, "azurerm_app_service_plan")
                .and_then(|p| super::Attrs(p).str(&["sku", "size"]).ok().flatten())
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
    vm_hours(ctx, Os::Linux, size, n)?;
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
    ctx.monthly("Storage", &format!("{service}.flexible.storage"), gb * ha)
}

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
    let cu = ctx
        .usage("capacity_units")
        .map(|c| c * super::HOURS_PER_MONTH);
    ctx.by_usage("Capacity units", &format!("appgw.{sku}.capacity_unit"), cu)
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

//! How Google Cloud resources are priced: machine types by name, persistent disks by type and
//! size, Cloud SQL tiers (shared-core or custom vCPU and memory), GKE's cluster fee and node
//! pools (a regional pool runs its node count in each of three zones), and the rest. The
//! region is the resource's `region`, `zone` or `location`, else the provider's.

use super::{Ctx, Reason};
use aetheredge_model::iac::Value;

type Rule = Option<Result<(), Reason>>;

/// Prices a Google Cloud resource; `None` when the type is not in the catalog.
pub fn price(ctx: &mut Ctx) -> Rule {
    let ty = ctx.res.resource_type.clone();
    Some(match ty.as_str() {
        "google_compute_instance" => instance(ctx),
        "google_compute_disk" => disk(ctx, 1.0),
        "google_compute_region_disk" => disk(ctx, 2.0),
        "google_sql_database_instance" => sql(ctx),
        "google_container_cluster" => cluster(ctx),
        "google_container_node_pool" => node_pool(ctx),
        "google_compute_address" | "google_compute_global_address" => {
            if ctx.str(&["address_type"]).ok().flatten() == Some("INTERNAL") {
                ctx.push_raw(
                    "Internal IP address (no charge)",
                    "hours",
                    super::HOURS_PER_MONTH,
                    0.0,
                );
                Ok(())
            } else {
                ctx.hourly("Static external IP address", "address.static", 1.0)
            }
        }
        "google_compute_forwarding_rule" | "google_compute_global_forwarding_rule" => {
            let gb = ctx.usage("monthly_ingress_data_gb");
            ctx.hourly("Forwarding rule", "forwarding_rule.hour", 1.0)
                .and_then(|_| ctx.by_usage("Ingress data processed", "lb.data", gb))
        }
        "google_compute_router_nat" => {
            let vms = ctx
                .usage("assigned_vms")
                .map(|v| v.min(32.0) * super::HOURS_PER_MONTH);
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.by_usage("Assigned VMs (up to 32)", "nat.vm", vms)
                .and_then(|_| ctx.by_usage("Data processed", "nat.data", gb))
        }
        "google_redis_instance" => redis(ctx),
        "google_compute_vpn_tunnel" => ctx.hourly("VPN tunnel", "vpn.tunnel", 1.0),
        "google_dns_managed_zone" => {
            let q = ctx.usage("monthly_queries").map(|q| q / 1e6);
            ctx.monthly("Managed zone", "dns.zone", 1.0)
                .and_then(|_| ctx.by_usage("Queries", "dns.queries", q))
        }
        "google_kms_crypto_key" => {
            let versions = ctx.usage("key_versions").unwrap_or(1.0);
            ctx.monthly("Key versions", "kms.key_version", versions)
        }
        "google_secret_manager_secret" => {
            let versions = ctx.usage("active_secret_versions");
            ctx.by_usage("Active secret versions", "secret.version", versions)
        }
        "google_storage_bucket" => {
            let class = ctx
                .str(&["storage_class"])
                .ok()
                .flatten()
                .unwrap_or("STANDARD");
            if class != "STANDARD" {
                Err(format!(
                    "storage class `{class}` is not in the catalog (STANDARD is)"
                ))
            } else {
                let gb = ctx.usage("storage_gb");
                ctx.by_usage("Standard storage", "storage.standard", gb)
            }
        }
        "google_cloudfunctions_function" | "google_cloudfunctions2_function" => {
            let calls = ctx.usage("monthly_function_invocations");
            let mem_gb = ctx
                .num(&["available_memory_mb"])
                .ok()
                .flatten()
                .unwrap_or(256.0)
                / 1024.0;
            let gbs = match (calls, ctx.usage("request_duration_ms")) {
                (Some(c), Some(d)) => Some(c * d / 1000.0 * mem_gb),
                _ => None,
            };
            ctx.by_usage(
                "Invocations",
                "functions.invocations",
                calls.map(|c| c / 1e6),
            )
            .and_then(|_| ctx.by_usage("Compute time", "functions.compute", gbs))
        }
        "google_compute_snapshot" => {
            let gb = ctx.usage("storage_gb");
            ctx.by_usage("Snapshot storage", "disk.snapshot", gb)
        }
        "google_compute_instance_group_manager"
        | "google_compute_region_instance_group_manager" => group_manager(ctx),
        "google_spanner_instance" => {
            let nodes = match ctx.num(&["num_nodes"]) {
                Ok(Some(n)) => n,
                Ok(None) => {
                    ctx.num(&["processing_units"])
                        .ok()
                        .flatten()
                        .unwrap_or(1000.0)
                        / 1000.0
                }
                Err(e) => return Some(Err(e)),
            };
            ctx.hourly(&format!("Compute ({nodes} nodes)"), "spanner.node", nodes)
        }
        "google_pubsub_topic" => {
            let tb = ctx.usage("monthly_message_data_tb");
            ctx.by_usage("Message delivery", "pubsub.data", tb)
        }
        "google_bigquery_dataset" => {
            let gb = ctx.usage("monthly_active_storage_gb");
            let tb = ctx.usage("monthly_queries_tb");
            ctx.by_usage("Active storage", "bigquery.storage.active", gb)
                .and_then(|_| ctx.by_usage("Queries (on-demand)", "bigquery.analysis", tb))
        }
        "google_filestore_instance" => {
            let tier = ctx.str(&["tier"]).ok().flatten().unwrap_or("BASIC_HDD");
            if tier != "BASIC_HDD" && tier != "STANDARD" {
                return Some(Err(format!(
                    "Filestore tier `{tier}` is not in the catalog"
                )));
            }
            match ctx.num(&["file_shares", "capacity_gb"]) {
                Ok(Some(gb)) => ctx.monthly("Capacity (Basic HDD)", "filestore.basic_hdd", gb),
                Ok(None) => Err("`file_shares.capacity_gb` is not set".to_string()),
                Err(e) => Err(e),
            }
        }
        _ => return None,
    })
}

fn machine(ctx: &mut Ctx, ty: &str, count: f64) -> Result<(), Reason> {
    ctx.hourly(
        &format!("Instance usage (Linux, on-demand, {ty}) × {count}"),
        &format!("machine.{ty}"),
        count,
    )
    .map_err(|_| {
        format!(
            "machine type `{ty}` is not in the catalog for {}",
            ctx.region
        )
    })
}

fn pd(ctx: &mut Ctx, name: &str, ty: &str, gb: f64) -> Result<(), Reason> {
    ctx.monthly(
        &format!("{name} ({ty}, {gb} GB)"),
        &format!("disk.{ty}"),
        gb,
    )
    .map_err(|_| format!("disk type `{ty}` is not in the catalog"))
}

fn instance(ctx: &mut Ctx) -> Result<(), Reason> {
    let ty = ctx
        .str(&["machine_type"])?
        .ok_or_else(|| "`machine_type` is not set".to_string())?;
    if ctx.flag(&["scheduling", "preemptible"]) == Some(true)
        || ctx.str(&["scheduling", "provisioning_model"])? == Some("SPOT")
    {
        return Err(
            "preemptible and Spot VMs are priced by the market, not the catalog".to_string(),
        );
    }
    machine(ctx, ty, 1.0)?;
    let boot_ty = ctx
        .str(&["boot_disk", "initialize_params", "type"])?
        .unwrap_or("pd-standard");
    let boot_gb = ctx
        .num(&["boot_disk", "initialize_params", "size"])?
        .unwrap_or(10.0);
    pd(ctx, "Boot disk", boot_ty, boot_gb)
}

fn disk(ctx: &mut Ctx, replicas: f64) -> Result<(), Reason> {
    let ty = ctx.str(&["type"])?.unwrap_or("pd-standard");
    let gb = match ctx.num(&["size"])? {
        Some(gb) => gb,
        None if ctx.attr("image").is_some() || ctx.attr("snapshot").is_some() => {
            return Err("`size` is not set and comes from the image or snapshot".to_string())
        }
        None => return Err("`size` is not set".to_string()),
    };
    pd(
        ctx,
        if replicas > 1.0 {
            "Regional disk"
        } else {
            "Disk"
        },
        ty,
        gb * replicas,
    )
}

fn sql(ctx: &mut Ctx) -> Result<(), Reason> {
    let version = ctx.str(&["database_version"])?.unwrap_or("");
    if version.starts_with("SQLSERVER") {
        return Err(
            "SQL Server licence prices are not in the catalog (MySQL and PostgreSQL are)"
                .to_string(),
        );
    }
    let tier = ctx
        .str(&["settings", "tier"])?
        .ok_or_else(|| "`settings.tier` is not set".to_string())?;
    let ha = if ctx.str(&["settings", "availability_type"])? == Some("REGIONAL") {
        2.0
    } else {
        1.0
    };
    if let Some(custom) = tier.strip_prefix("db-custom-") {
        let mut parts = custom.split('-');
        let cpu: f64 = parts
            .next()
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| format!("tier `{tier}` is not db-custom-CPUS-MEMORY_MB"))?;
        let mem_mb: f64 = parts
            .next()
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| format!("tier `{tier}` is not db-custom-CPUS-MEMORY_MB"))?;
        let (pv, _) = ctx.price("sql.vcpu")?;
        let (pm, _) = ctx.price("sql.memory")?;
        ctx.push_raw(
            &format!("vCPUs ({cpu}{})", if ha > 1.0 { ", regional" } else { "" }),
            "vCPU-hours",
            cpu * super::HOURS_PER_MONTH * ha,
            pv,
        );
        ctx.push_raw(
            &format!("Memory ({} GB)", mem_mb / 1024.0),
            "GB-hours",
            mem_mb / 1024.0 * super::HOURS_PER_MONTH * ha,
            pm,
        );
    } else {
        ctx.hourly(&format!("Instance ({tier})"), &format!("sql.{tier}"), ha)
            .map_err(|_| format!("tier `{tier}` is not in the catalog for {}", ctx.region))?;
    }
    let disk_ty = ctx.str(&["settings", "disk_type"])?.unwrap_or("PD_SSD");
    let gb = ctx.num(&["settings", "disk_size"])?.unwrap_or(10.0);
    ctx.monthly(
        &format!("Storage ({disk_ty})"),
        &format!("sql.storage.{disk_ty}"),
        gb * ha,
    )
}

/// How many zones a GKE location runs nodes in: one for a zone, three for a region.
fn zones(location: Option<&str>, node_locations: Option<usize>) -> f64 {
    if let Some(n) = node_locations.filter(|n| *n > 0) {
        return n as f64;
    }
    match location {
        Some(l) if l.rsplit_once('-').is_some_and(|(_, s)| s.len() == 1) => 1.0,
        Some(_) => 3.0,
        None => 1.0,
    }
}

fn nodes(ctx: &mut Ctx, config: &[&str], count: f64) -> Result<(), Reason> {
    let path = |k: &'static str| -> Vec<&str> { config.iter().copied().chain([k]).collect() };
    let ty = ctx.str(&path("machine_type"))?.unwrap_or("e2-medium");
    if ctx.flag(&path("preemptible")) == Some(true) || ctx.flag(&path("spot")) == Some(true) {
        return Err(
            "preemptible and Spot nodes are priced by the market, not the catalog".to_string(),
        );
    }
    machine(ctx, ty, count)?;
    let disk_ty = ctx.str(&path("disk_type"))?.unwrap_or("pd-standard");
    let gb = ctx.num(&path("disk_size_gb"))?.unwrap_or(100.0);
    pd(ctx, &format!("Node disks × {count}"), disk_ty, gb * count)
}

fn cluster(ctx: &mut Ctx) -> Result<(), Reason> {
    ctx.hourly("Cluster management fee", "gke.cluster", 1.0)?;
    if ctx.flag(&["enable_autopilot"]) == Some(true)
        || ctx.flag(&["remove_default_node_pool"]) == Some(true)
    {
        return Ok(());
    }
    let per_zone = ctx.num(&["initial_node_count"])?.unwrap_or(1.0);
    let z = zones(ctx.str(&["location"])?, ctx.count(&["node_locations"]));
    nodes(ctx, &["node_config"], per_zone * z)
}

fn node_pool(ctx: &mut Ctx) -> Result<(), Reason> {
    let per_zone = match ctx.num(&["node_count"])? {
        Some(n) => n,
        None => match ctx.num(&["initial_node_count"])? {
            Some(n) => n,
            None => ctx.num(&["autoscaling", "min_node_count"])?.unwrap_or(1.0),
        },
    };
    let location = match ctx.str(&["location"])? {
        Some(l) => Some(l.to_string()),
        None => ctx
            .index
            .referenced(ctx.res, ctx.attr("cluster"), "google_container_cluster")
            .and_then(|c| c.attributes.get("location"))
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let z = zones(location.as_deref(), ctx.count(&["node_locations"]));
    nodes(ctx, &["node_config"], per_zone * z)
}

fn redis(ctx: &mut Ctx) -> Result<(), Reason> {
    let tier = ctx.str(&["tier"])?.unwrap_or("BASIC");
    let gb = ctx
        .num(&["memory_size_gb"])?
        .ok_or_else(|| "`memory_size_gb` is not set".to_string())?;
    let band = match gb {
        g if g <= 4.0 => "M1",
        g if g <= 10.0 => "M2",
        g if g <= 35.0 => "M3",
        g if g <= 100.0 => "M4",
        _ => "M5",
    };
    let (p, _) = ctx.price(&format!("redis.{tier}.{band}")).map_err(|_| {
        format!(
            "Memorystore {tier} {band} is not in the catalog for {}",
            ctx.region
        )
    })?;
    ctx.push_raw(
        &format!("Memorystore ({tier}, {gb} GB, {band})"),
        "GB-hours",
        gb * super::HOURS_PER_MONTH,
        p,
    );
    Ok(())
}

fn group_manager(ctx: &mut Ctx) -> Result<(), Reason> {
    let n = ctx
        .num(&["target_size"])?
        .ok_or_else(|| "`target_size` is not set (an autoscaler decides it)".to_string())?;
    let template = ctx
        .index
        .referenced(
            ctx.res,
            ctx.path(&["version", "instance_template"]),
            "google_compute_instance_template",
        )
        .or_else(|| {
            ctx.index.referenced(
                ctx.res,
                ctx.attr("instance_template"),
                "google_compute_instance_template",
            )
        })
        .ok_or_else(|| {
            "the instance template is not a resource of this configuration".to_string()
        })?;
    let ty = template
        .attributes
        .get("machine_type")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("`{}.machine_type` is not known", template.address))?
        .to_string();
    machine(ctx, &ty, n)
}

//! How Google Cloud resources are priced. The region is the resource's `region`, `zone` or
//! `location`, else the provider's.
//!
//! - **Virtual machines** (instances, GKE nodes, managed instance groups) by machine type, or
//!   for custom types (`custom-6-20480`, `n2-custom-4-16384`, `…-ext`) by vCPU and GB of
//!   memory, extended memory apart. On-demand N1 (with f1, g1 and custom), M1, N2, N2D and C2
//!   machines get Google's sustained-use discount, which Google applies by itself to the hours
//!   a machine runs in a month: each quarter of the month is billed at a lower share of the
//!   list price (N1 and M1: 100, 80, 60, 40 %, so 30 % off a full month; N2, N2D, C2: 100,
//!   86.78, 73.3, 60 %, so 20 % off), and GPUs attached to on-demand machines the N1 way.
//!   Preemptible and Spot machines are priced at their catalog prices, without the discount.
//!   GPUs come from `guest_accelerator` blocks, except on accelerator-optimized types (A2, A3,
//!   G2), whose price includes their GPUs. Local SSDs are 375 GB each.
//! - **Disks** by type and size (a disk without `size` is as large as the image or snapshot it
//!   is made from when that is a resource here, else Google's default for its type: 500 GB
//!   pd-standard, 100 GB pd-balanced and pd-ssd, 1,000 GB extreme), extreme disks' IOPS.
//! - **Cloud SQL** by tier: shared-core tiers by the hour, other tiers by vCPU and memory
//!   (`db-custom-CPUS-MB`; `db-(n1-)standard-N` N × 3.75 GB; `db-(n1-)highmem-N` N × 6.5 GB;
//!   `db-lightweight-N` 3.75 GB); a regional (HA) instance pays twice for compute and
//!   storage; a public IPv4 address by the hour unless `ipv4_enabled = false`; backups by the
//!   usage file's `backup_storage_gb`.
//! - **GKE**: the cluster fee; the default node pool (unless removed, or the cluster declares
//!   its own `node_pool` blocks, which replace it) and inline node pools; node counts are per
//!   zone, a regional location runs three zones unless `node_locations` says otherwise; the
//!   usage file's `nodes` sets the per-zone count.

use std::collections::BTreeMap;

use super::{first_object, Ctx, Reason, HOURS_PER_MONTH};
use aetheredge_model::iac::{Resource, Value};

type Rule = Option<Result<(), Reason>>;
type Obj = BTreeMap<String, Value>;

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
        "google_compute_address" | "google_compute_global_address" => address(ctx),
        "google_compute_forwarding_rule" | "google_compute_global_forwarding_rule" => {
            let gb = ctx.usage("monthly_ingress_data_gb");
            ctx.hourly("Forwarding rule", "forwarding_rule.hour", 1.0)
                .and_then(|_| ctx.by_usage("Ingress data processed", "lb.data", gb))
        }
        "google_compute_router_nat" => {
            let vms = ctx
                .usage("assigned_vms")
                .map(|v| v.min(32.0) * HOURS_PER_MONTH);
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
        "google_kms_crypto_key" => kms_key(ctx),
        "google_secret_manager_secret" => secret(ctx),
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
        "google_cloudfunctions_function" => function(ctx),
        "google_cloudfunctions2_function" => {
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
        "google_compute_snapshot" => snapshot(ctx),
        "google_compute_target_http_proxy"
        | "google_compute_target_https_proxy"
        | "google_compute_target_grpc_proxy"
        | "google_compute_target_ssl_proxy"
        | "google_compute_target_tcp_proxy"
        | "google_compute_region_target_http_proxy"
        | "google_compute_region_target_https_proxy" => {
            // Envoy proxy instances (usage `monthly_proxy_instances`, held all month) and data
            let hours = ctx
                .usage("monthly_proxy_instances")
                .map(|n| n * HOURS_PER_MONTH);
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.by_usage("Proxy instances", "lb.proxy", hours)
                .and_then(|_| ctx.by_usage("Data processed", "lb.data", gb))
        }
        "google_pubsub_subscription" => {
            let tb = ctx.usage("monthly_message_data_tb");
            let retained = ctx.usage("storage_gb");
            let snapshots = ctx.usage("snapshot_storage_gb");
            ctx.by_usage("Message delivery", "pubsub.data", tb)
                .and_then(|_| {
                    ctx.by_usage("Retained acknowledged messages", "pubsub.storage", retained)
                })
                .and_then(|_| ctx.by_usage("Snapshot backlog", "pubsub.storage", snapshots))
        }
        "google_dns_record_set" => {
            let q = ctx.usage("monthly_queries").map(|q| q / 1e6);
            ctx.by_usage("Queries", "dns.queries", q)
        }
        "google_monitoring_metric_descriptor" => monitoring(ctx),
        "google_compute_vpn_gateway"
        | "google_compute_ha_vpn_gateway"
        | "google_service_networking_connection" => network_egress(ctx),
        "google_compute_external_vpn_gateway" => internet_egress(ctx),
        "google_compute_image" | "google_compute_machine_image" => image(ctx),
        "google_secret_manager_secret_version" => secret_version(ctx),
        "google_redis_cluster" => redis_cluster(ctx),
        "google_logging_billing_account_bucket_config"
        | "google_logging_folder_bucket_config"
        | "google_logging_organization_bucket_config"
        | "google_logging_project_bucket_config"
        | "google_logging_billing_account_sink"
        | "google_logging_folder_sink"
        | "google_logging_organization_sink"
        | "google_logging_project_sink" => {
            let gb = ctx.usage("monthly_logging_data_gb");
            ctx.by_usage("Logging data", "logging.data", gb)
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

// ---------------------------------------------------------------------------------------
// Reading nested blocks

/// The objects of a block list (or the object itself).
fn blocks(v: Option<&Value>) -> Vec<&Obj> {
    match v {
        Some(Value::List(items)) => items.iter().filter_map(first_object).collect(),
        Some(v) => first_object(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A value by path through an object's first blocks.
fn at<'a>(o: &'a Obj, path: &[&str]) -> Option<&'a Value> {
    let mut v = o.get(path[0])?;
    for key in &path[1..] {
        v = first_object(v)?.get(*key)?;
    }
    (!matches!(v, Value::Null)).then_some(v)
}

fn text<'a>(o: &'a Obj, path: &[&str]) -> Result<Option<&'a str>, Reason> {
    match at(o, path) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) if !v.is_known() => Err(format!("`{}` is known only after apply", path.join("."))),
        Some(v) => Err(format!(
            "`{}` is a {}, not a string",
            path.join("."),
            v.type_name()
        )),
    }
}

fn number(o: &Obj, path: &[&str]) -> Result<Option<f64>, Reason> {
    match at(o, path) {
        None => Ok(None),
        Some(v) if !v.is_known() => Err(format!("`{}` is known only after apply", path.join("."))),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| format!("`{}` is not a number", path.join("."))),
    }
}

fn flag(o: &Obj, path: &[&str]) -> bool {
    at(o, path).and_then(Value::as_bool) == Some(true)
}

fn list_len(o: &Obj, key: &str) -> usize {
    match o.get(key) {
        Some(Value::List(items)) => items.len(),
        _ => 0,
    }
}

/// The resource of `resource_type` a value names: by reference (`google_compute_disk.d.id`),
/// or by its `name` when the value is the referenced resource's known name (`….d.name`).
fn named<'a>(
    ctx: &Ctx<'a>,
    from: &Resource,
    value: Option<&Value>,
    resource_type: &str,
) -> Option<&'a Resource> {
    if let Some(r) = ctx.index.referenced(from, value, resource_type) {
        return Some(r);
    }
    let name = value?.as_str()?;
    let name = name.rsplit('/').next().unwrap_or(name);
    ctx.index.of_type(resource_type).iter().copied().find(|r| {
        r.root == from.root && r.attributes.get("name").and_then(Value::as_str) == Some(name)
    })
}

// ---------------------------------------------------------------------------------------
// Virtual machines

/// Share of the list price billed for each quarter of a month a machine runs.
const SUSTAINED_USE_30: [f64; 4] = [1.0, 0.8, 0.6, 0.4];
const SUSTAINED_USE_20: [f64; 4] = [1.0, 0.8678, 0.733, 0.6];

/// The sustained-use schedule of a machine series, if it has one.
fn sustained_use(machine_type: &str) -> Option<&'static [f64; 4]> {
    match machine_type.split('-').next().unwrap_or("") {
        "n1" | "f1" | "g1" | "m1" | "custom" => Some(&SUSTAINED_USE_30),
        "n2" | "n2d" | "c2" => Some(&SUSTAINED_USE_20),
        _ => None,
    }
}

/// The share of the list price billed for `hours` in a month under a schedule.
fn billed_share(hours: f64, schedule: &[f64; 4]) -> f64 {
    if hours <= 0.0 {
        return 1.0;
    }
    let quarter = HOURS_PER_MONTH / 4.0;
    let mut left = hours;
    let mut billed = 0.0;
    for (i, rate) in schedule.iter().enumerate() {
        let span = if i == 3 { left } else { left.min(quarter) };
        billed += span * rate;
        left -= span;
        if left <= 0.0 {
            break;
        }
    }
    billed / hours
}

/// How a machine is bought.
#[derive(Clone, Copy, PartialEq)]
enum Purchase {
    OnDemand,
    Spot,
}

impl Purchase {
    fn label(self) -> &'static str {
        match self {
            Purchase::OnDemand => "on-demand",
            Purchase::Spot => "preemptible",
        }
    }
    fn key_prefix(self) -> &'static str {
        match self {
            Purchase::OnDemand => "",
            Purchase::Spot => "spot.",
        }
    }
}

/// A group of identical machines.
struct Machines<'a> {
    machine_type: &'a str,
    purchase: Purchase,
    count: f64,
    /// Hours each machine runs in the month.
    hours: f64,
}

impl Machines<'_> {
    /// The share of the list price billed, with the sustained-use discount's name.
    fn discount(&self, schedule: Option<&[f64; 4]>) -> (f64, String) {
        match schedule {
            Some(s) if self.purchase == Purchase::OnDemand => {
                let share = billed_share(self.hours, s);
                let off = (1.0 - share) * 100.0;
                if off >= 0.05 {
                    (share, format!(", {off:.0} % sustained-use discount"))
                } else {
                    (1.0, String::new())
                }
            }
            _ => (1.0, String::new()),
        }
    }
}

/// Instance hours of a machine type (custom types by vCPU and memory).
fn machine_hours(ctx: &mut Ctx, m: &Machines) -> Result<(), Reason> {
    let ty = m.machine_type;
    let hours = m.hours * m.count;
    let (share, discount) = m.discount(sustained_use(ty));
    let label = m.purchase.label();
    if ty.contains("custom") {
        return custom_machine_hours(ctx, m, hours, share, &discount);
    }
    let key = format!("{}machine.{ty}", m.purchase.key_prefix());
    let (usd, _) = ctx.price(&key).map_err(|_| {
        format!(
            "machine type `{ty}` ({label}) is not in the catalog for {}",
            ctx.region
        )
    })?;
    ctx.push_raw(
        &format!(
            "Instance usage (Linux, {label}, {ty}) × {}{discount}",
            m.count
        ),
        "hours",
        hours,
        usd * share,
    );
    Ok(())
}

/// `custom-CPUS-MB`, `SERIES-custom-CPUS-MB`, with `-ext` for extended memory.
fn custom_machine_hours(
    ctx: &mut Ctx,
    m: &Machines,
    hours: f64,
    share: f64,
    discount: &str,
) -> Result<(), Reason> {
    let ty = m.machine_type;
    let bad = || format!("machine type `{ty}` is not SERIES-custom-CPUS-MEMORY_MB");
    let (series, rest) = match ty.split_once("-custom-") {
        Some((s, r)) => (s, r),
        None => ("n1", ty.strip_prefix("custom-").ok_or_else(bad)?),
    };
    let (rest, extended) = match rest.strip_suffix("-ext") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let (cpus, mb) = rest.split_once('-').ok_or_else(bad)?;
    let cpus: f64 = cpus.parse().map_err(|_| bad())?;
    let gb = mb.parse::<f64>().map_err(|_| bad())? / 1024.0;
    let max_ratio = if series == "n1" { 6.5 } else { 8.0 };
    let (gb, extended_gb) = if extended && gb > cpus * max_ratio {
        (cpus * max_ratio, gb - cpus * max_ratio)
    } else {
        (gb, 0.0)
    };
    let prefix = format!("{}custom.{series}.", m.purchase.key_prefix());
    let region = ctx.region.clone();
    let missing = |_| {
        format!(
            "custom {series} machines ({}) are not in the catalog for {region}",
            m.purchase.label(),
        )
    };
    let (vcpu, _) = ctx.price(&format!("{prefix}vcpu")).map_err(missing)?;
    let (memory, _) = ctx.price(&format!("{prefix}memory")).map_err(missing)?;
    let label = m.purchase.label();
    let series_up = series.to_ascii_uppercase();
    ctx.push_raw(
        &format!(
            "Custom instance vCPUs (Linux, {label}, {series_up} {cpus} vCPUs) × {}{discount}",
            m.count
        ),
        "vCPU-hours",
        hours * cpus,
        vcpu * share,
    );
    ctx.push_raw(
        &format!(
            "Custom instance memory (Linux, {label}, {series_up} {gb} GB) × {}{discount}",
            m.count
        ),
        "GB-hours",
        hours * gb,
        memory * share,
    );
    if extended_gb > 0.0 {
        let (ext, _) = ctx
            .price(&format!("{prefix}memory_extended"))
            .map_err(missing)?;
        ctx.push_raw(
            &format!(
                "Custom instance extended memory ({series_up} {extended_gb} GB) × {}{discount}",
                m.count
            ),
            "GB-hours",
            hours * extended_gb,
            ext * share,
        );
    }
    Ok(())
}

/// Whether a machine type's price includes its GPUs (accelerator-optimized series).
fn includes_gpus(machine_type: &str) -> bool {
    matches!(
        machine_type.split('-').next().unwrap_or(""),
        "a2" | "a3" | "g2"
    )
}

/// The GPUs of `guest_accelerator` blocks, on every machine of a group.
fn gpus(ctx: &mut Ctx, accelerators: &[&Obj], m: &Machines) -> Result<(), Reason> {
    if includes_gpus(m.machine_type) {
        return Ok(());
    }
    for acc in accelerators {
        let Some(ty) = text(acc, &["type"])? else {
            continue;
        };
        let per_machine = number(acc, &["count"])?.unwrap_or(1.0);
        if per_machine <= 0.0 {
            continue;
        }
        let key = format!("{}gpu.{ty}", m.purchase.key_prefix());
        let (usd, _) = ctx.price(&key).map_err(|_| {
            format!(
                "GPU `{ty}` ({}) is not in the catalog for {}",
                m.purchase.label(),
                ctx.region
            )
        })?;
        let (share, discount) = m.discount(Some(&SUSTAINED_USE_30));
        ctx.push_raw(
            &format!(
                "GPU {ty} ({}) × {}{discount}",
                m.purchase.label(),
                per_machine * m.count
            ),
            "hours",
            m.hours * m.count * per_machine,
            usd * share,
        );
    }
    Ok(())
}

/// Local SSDs: 375 GB each.
fn local_ssds(ctx: &mut Ctx, per_machine: f64, m: &Machines) -> Result<(), Reason> {
    if per_machine <= 0.0 {
        return Ok(());
    }
    let gb = 375.0 * per_machine * m.count;
    ctx.monthly(
        &format!("Local SSD ({} × 375 GB)", per_machine * m.count),
        &format!("{}disk.local-ssd", m.purchase.key_prefix()),
        gb,
    )
}

fn pd(ctx: &mut Ctx, name: &str, ty: &str, gb: f64) -> Result<(), Reason> {
    ctx.monthly(
        &format!("{name} ({ty}, {gb} GB)"),
        &format!("disk.{ty}"),
        gb,
    )
    .map_err(|_| format!("disk type `{ty}` is not in the catalog"))
}

/// Preemptible or Spot from a `scheduling` block.
fn scheduling_purchase(o: &Obj) -> Result<Purchase, Reason> {
    let spot = flag(o, &["scheduling", "preemptible"])
        || text(o, &["scheduling", "provisioning_model"])? == Some("SPOT");
    Ok(if spot {
        Purchase::Spot
    } else {
        Purchase::OnDemand
    })
}

/// Hours a month from the usage file's `monthly_hrs` (all month when absent or 0).
fn monthly_hours(ctx: &Ctx) -> f64 {
    match ctx.usage("monthly_hrs") {
        Some(h) if h > 0.0 => h.min(HOURS_PER_MONTH),
        _ => HOURS_PER_MONTH,
    }
}

fn instance(ctx: &mut Ctx) -> Result<(), Reason> {
    let res: &Resource = ctx.res;
    let attrs = &res.attributes;
    let ty = ctx
        .str(&["machine_type"])?
        .ok_or_else(|| "`machine_type` is not set".to_string())?;
    let m = Machines {
        machine_type: ty,
        purchase: scheduling_purchase(attrs)?,
        count: 1.0,
        hours: monthly_hours(ctx),
    };
    machine_hours(ctx, &m)?;
    let boot_ty = ctx
        .str(&["boot_disk", "initialize_params", "type"])?
        .unwrap_or("pd-standard");
    let boot_gb = ctx
        .num(&["boot_disk", "initialize_params", "size"])?
        .unwrap_or(10.0);
    pd(ctx, "Boot disk", boot_ty, boot_gb)?;
    local_ssds(ctx, list_len(attrs, "scratch_disk") as f64, &m)?;
    gpus(ctx, &blocks(attrs.get("guest_accelerator")), &m)
}

// ---------------------------------------------------------------------------------------
// Disks, images, snapshots

/// Google's size for a disk created without one.
fn default_disk_gb(ty: &str) -> f64 {
    match ty {
        "pd-balanced" | "pd-ssd" => 100.0,
        "pd-extreme" | "hyperdisk-extreme" => 1000.0,
        _ => 500.0,
    }
}

/// The size of a disk resource: `size`, else its image's or snapshot's when they are
/// resources here, else Google's default for its type. `None` when only the image knows.
fn disk_gb(ctx: &Ctx, disk: &Resource, depth: u8) -> Result<Option<f64>, Reason> {
    let attrs = &disk.attributes;
    if let Some(gb) = number(attrs, &["size"])? {
        return Ok(Some(gb));
    }
    for (attr, ty) in [
        ("image", "google_compute_image"),
        ("snapshot", "google_compute_snapshot"),
    ] {
        let Some(value) = attrs.get(attr).filter(|v| !matches!(v, Value::Null)) else {
            continue;
        };
        return match named(ctx, disk, Some(value), ty) {
            Some(r) if depth < 4 => image_gb(ctx, r, depth + 1),
            _ => Ok(None),
        };
    }
    let ty = text(attrs, &["type"])?.unwrap_or("pd-standard");
    Ok(Some(default_disk_gb(ty)))
}

/// The size of an image or snapshot resource, from the disk or image it is made from.
fn image_gb(ctx: &Ctx, image: &Resource, depth: u8) -> Result<Option<f64>, Reason> {
    if let Some(gb) = number(&image.attributes, &["disk_size_gb"])? {
        return Ok(Some(gb));
    }
    for (attr, ty) in [
        ("source_disk", "google_compute_disk"),
        ("source_image", "google_compute_image"),
        ("source_snapshot", "google_compute_snapshot"),
    ] {
        let Some(value) = image.attributes.get(attr) else {
            continue;
        };
        if let Some(r) = named(ctx, image, Some(value), ty) {
            if depth >= 4 {
                return Ok(None);
            }
            return if ty == "google_compute_disk" {
                disk_gb(ctx, r, depth + 1)
            } else {
                image_gb(ctx, r, depth + 1)
            };
        }
    }
    Ok(None)
}

fn disk(ctx: &mut Ctx, replicas: f64) -> Result<(), Reason> {
    let ty = ctx.str(&["type"])?.unwrap_or("pd-standard");
    let gb = disk_gb(ctx, ctx.res, 0)?.ok_or_else(|| {
        "`size` is not set and comes from an image or snapshot outside this configuration"
            .to_string()
    })?;
    pd(
        ctx,
        if replicas > 1.0 {
            "Regional disk"
        } else {
            "Disk"
        },
        ty,
        gb * replicas,
    )?;
    let iops = match ty {
        "pd-extreme" => ctx.num(&["provisioned_iops"])?.unwrap_or(100_000.0),
        "hyperdisk-extreme" => ctx
            .num(&["provisioned_iops"])?
            .unwrap_or((gb * 1200.0).min(350_000.0)),
        _ => return Ok(()),
    };
    ctx.monthly(
        &format!("Provisioned IOPS ({iops})"),
        &format!("disk.{ty}.iops"),
        iops * replicas,
    )
}

fn snapshot(ctx: &mut Ctx) -> Result<(), Reason> {
    let gb = match ctx.usage("storage_gb") {
        Some(gb) => Some(gb),
        None => match named(ctx, ctx.res, ctx.attr("source_disk"), "google_compute_disk") {
            Some(d) => disk_gb(ctx, d, 1)?,
            None => None,
        },
    };
    ctx.by_usage("Snapshot storage", "disk.snapshot", gb)
}

/// A Cloud Function (1st gen): invocations, and memory (GB-seconds) and CPU (GHz-seconds,
/// the clock its memory size comes with) for the time each call runs, rounded up to 100 ms;
/// outbound data by the usage file's `monthly_outbound_data_gb`.
fn function(ctx: &mut Ctx) -> Result<(), Reason> {
    let mb = ctx.num(&["available_memory_mb"])?.unwrap_or(256.0);
    let ghz = match mb {
        m if m <= 128.0 => 0.2,
        m if m <= 256.0 => 0.4,
        m if m <= 512.0 => 0.8,
        m if m <= 1024.0 => 1.4,
        m if m <= 2048.0 => 2.4,
        _ => 4.8,
    };
    let calls = ctx.usage("monthly_function_invocations");
    let seconds = match (calls, ctx.usage("request_duration_ms")) {
        (Some(c), Some(ms)) => Some(c * (ms / 100.0).ceil() * 0.1),
        _ => None,
    };
    ctx.by_usage(
        &format!("CPU ({ghz} GHz)"),
        "functions.cpu",
        seconds.map(|s| s * ghz),
    )?;
    ctx.by_usage(
        &format!("Memory ({mb} MB)"),
        "functions.compute",
        seconds.map(|s| s * mb / 1024.0),
    )?;
    ctx.by_usage(
        "Invocations",
        "functions.invocations",
        calls.map(|c| c / 1e6),
    )?;
    let gb = ctx.usage("monthly_outbound_data_gb");
    ctx.by_usage("Outbound data transfer", "functions.egress", gb)
}

/// Data a VPN gateway or a service networking connection sends to other Google Cloud
/// locations, by destination (usage `monthly_egress_data_transfer_gb.same_region`,
/// `us_or_canada`, `europe`, `asia`, `south_america`, `oceania`, `worldwide`).
fn network_egress(ctx: &mut Ctx) -> Result<(), Reason> {
    const DESTINATIONS: [(&str, &str); 7] = [
        ("same_region", "within the same region"),
        ("us_or_canada", "within the US or Canada"),
        ("europe", "within Europe"),
        ("asia", "within Asia"),
        ("south_america", "within South America"),
        ("oceania", "to or from Indonesia and Oceania"),
        ("worldwide", "between continents"),
    ];
    for (key, name) in DESTINATIONS {
        let gb = ctx.usage(&format!("monthly_egress_data_transfer_gb.{key}"));
        ctx.by_usage(
            &format!("Data transfer {name}"),
            &format!("egress.internal.{key}"),
            gb,
        )?;
    }
    Ok(())
}

/// Data a VPN gateway sends to a peer on the internet, in Google's monthly tiers (first
/// 1 TB, next 9 TB, over 10 TB) by destination (usage `monthly_egress_data_transfer_gb.
/// worldwide` — excluding China and Australia —, `china`, `australia`).
fn internet_egress(ctx: &mut Ctx) -> Result<(), Reason> {
    const TIERS: [(&str, f64); 3] = [
        ("first 1 TB", 1024.0),
        ("next 9 TB", 9216.0),
        ("over 10 TB", f64::INFINITY),
    ];
    for (key, name) in [
        ("worldwide", "worldwide"),
        ("china", "China"),
        ("australia", "Australia"),
    ] {
        let mut left = ctx.usage(&format!("monthly_egress_data_transfer_gb.{key}"));
        for (i, (tier, size)) in TIERS.iter().enumerate() {
            let here = left.map(|l| l.min(*size));
            if here.is_some_and(|h| h <= 0.0) {
                break;
            }
            ctx.by_usage(
                &format!("Internet egress to {name} ({tier})"),
                &format!("egress.internet.{key}.{}", i + 1),
                here,
            )?;
            left = left.map(|l| l - size);
        }
    }
    Ok(())
}

/// Custom metrics: ingested MB in Google's tiers (usage `monthly_monitoring_data_mb`) and
/// API calls per 1,000 (`monthly_api_calls`).
fn monitoring(ctx: &mut Ctx) -> Result<(), Reason> {
    const TIERS: [(&str, f64, &str); 3] = [
        ("first 100,000 MB", 100_000.0, "monitoring.data.tier1"),
        ("next 150,000 MB", 150_000.0, "monitoring.data.tier2"),
        ("over 250,000 MB", f64::INFINITY, "monitoring.data.tier3"),
    ];
    let mut left = ctx.usage("monthly_monitoring_data_mb");
    for (name, size, key) in TIERS {
        let here = left.map(|l| l.min(size));
        if here.is_some_and(|h| h <= 0.0) {
            break;
        }
        ctx.by_usage(&format!("Monitoring data ({name})"), key, here)?;
        left = left.map(|l| l - size);
    }
    let calls = ctx.usage("monthly_api_calls").map(|n| n / 1000.0);
    ctx.by_usage("API calls", "monitoring.api", calls)
}

/// Image storage: the usage file's `storage_gb`, else the size of the disk, image or
/// snapshot it is made from when that is a resource here.
fn image(ctx: &mut Ctx) -> Result<(), Reason> {
    let gb = match ctx.usage("storage_gb") {
        Some(gb) => Some(gb),
        None if ctx.res.resource_type == "google_compute_image" => image_gb(ctx, ctx.res, 0)?,
        None => None,
    };
    ctx.by_usage("Image storage", "image.storage", gb)
}

// ---------------------------------------------------------------------------------------
// Addresses

fn address(ctx: &mut Ctx) -> Result<(), Reason> {
    let internal = ctx.str(&["address_type"])?.map(str::to_ascii_uppercase);
    let purpose = ctx.str(&["purpose"])?.map(str::to_ascii_uppercase);
    if internal.as_deref() == Some("INTERNAL") || purpose.is_some_and(|p| p != "GCE_ENDPOINT") {
        ctx.push_raw(
            "Internal or special-purpose IP address (no charge)",
            "hours",
            HOURS_PER_MONTH,
            0.0,
        );
        return Ok(());
    }
    // The instance whose access config uses this address, if it is a resource here.
    let user = ctx
        .index
        .of_type("google_compute_instance")
        .iter()
        .copied()
        .find(|i| {
            let nat_ip = at(
                &i.attributes,
                &["network_interface", "access_config", "nat_ip"],
            );
            ctx.index
                .referenced(i, nat_ip, &ctx.res.resource_type)
                .is_some_and(|a| a.address == ctx.res.address)
        });
    match user {
        None => ctx.hourly("Static IP address (unused)", "address.unused", 1.0),
        Some(i) if scheduling_purchase(&i.attributes)? == Purchase::Spot => ctx.hourly(
            "Static IP address (preemptible VM)",
            "address.preemptible",
            1.0,
        ),
        Some(_) => ctx.hourly("Static IP address (standard VM)", "address.static", 1.0),
    }
}

// ---------------------------------------------------------------------------------------
// Cloud SQL

/// vCPUs and GB of memory of a dedicated-core tier.
fn sql_shape(tier: &str) -> Option<(f64, f64)> {
    if let Some(custom) = tier.strip_prefix("db-custom-") {
        let (cpu, mb) = custom.split_once('-')?;
        return Some((cpu.parse().ok()?, mb.parse::<f64>().ok()? / 1024.0));
    }
    let rest = tier.strip_prefix("db-")?;
    let rest = rest.strip_prefix("n1-").unwrap_or(rest);
    let (family, n) = rest.rsplit_once('-')?;
    let cpu: f64 = n.parse().ok()?;
    let gb = match family {
        "standard" => cpu * 3.75,
        "highmem" => cpu * 6.5,
        "lightweight" => 3.75,
        _ => return None,
    };
    Some((cpu, gb))
}

fn sql(ctx: &mut Ctx) -> Result<(), Reason> {
    let version = ctx.str(&["database_version"])?.unwrap_or("");
    if version.starts_with("SQLSERVER") && !version.contains("EXPRESS") {
        return Err(
            "SQL Server licence prices are not in the catalog (MySQL, PostgreSQL and SQL Server Express are)"
                .to_string(),
        );
    }
    if ctx
        .str(&["settings", "edition"])?
        .is_some_and(|e| e.eq_ignore_ascii_case("ENTERPRISE_PLUS"))
    {
        return Err("Enterprise Plus prices are not in the catalog (Enterprise is)".to_string());
    }
    let tier = ctx
        .str(&["settings", "tier"])?
        .ok_or_else(|| "`settings.tier` is not set".to_string())?;
    let regional = ctx.str(&["settings", "availability_type"])? == Some("REGIONAL");
    let (ha, availability) = if regional {
        (2.0, "regional")
    } else {
        (1.0, "zonal")
    };
    if tier == "db-f1-micro" || tier == "db-g1-small" {
        ctx.hourly(
            &format!("SQL instance ({tier}, {availability})"),
            &format!("sql.{tier}"),
            ha,
        )
        .map_err(|_| format!("tier `{tier}` is not in the catalog for {}", ctx.region))?;
    } else {
        let (cpu, gb) = sql_shape(tier).ok_or_else(|| {
            format!(
                "tier `{tier}` is not a shared-core, custom, standard, highmem or lightweight tier"
            )
        })?;
        let (pv, _) = ctx.price("sql.vcpu")?;
        let (pm, _) = ctx.price("sql.memory")?;
        ctx.push_raw(
            &format!("vCPUs ({cpu}, {availability})"),
            "vCPU-hours",
            cpu * HOURS_PER_MONTH * ha,
            pv,
        );
        ctx.push_raw(
            &format!("Memory ({gb} GB, {availability})"),
            "GB-hours",
            gb * HOURS_PER_MONTH * ha,
            pm,
        );
    }
    let disk_ty = ctx.str(&["settings", "disk_type"])?.unwrap_or("PD_SSD");
    let gb = ctx.num(&["settings", "disk_size"])?.unwrap_or(10.0);
    ctx.monthly(
        &format!("Storage ({disk_ty}, {availability})"),
        &format!("sql.storage.{disk_ty}"),
        gb * ha,
    )?;
    let backups = ctx.usage("backup_storage_gb");
    ctx.by_usage("Backups", "sql.backup", backups)?;
    if ctx.flag(&["settings", "ip_configuration", "ipv4_enabled"]) != Some(false) {
        ctx.hourly("Public IPv4 address", "sql.ip", 1.0)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// GKE

/// Whether a location is a zone (`us-central1-a`) rather than a region.
fn is_zone(location: &str) -> bool {
    location.rsplit_once('-').is_some_and(|(_, s)| s.len() == 1)
}

/// How many zones a GKE location runs nodes in: `node_locations`, else one for a zone and
/// three for a region.
fn zones(location: Option<&str>, node_locations: usize) -> f64 {
    if node_locations > 0 {
        return node_locations as f64;
    }
    match location {
        Some(l) if !is_zone(l) => 3.0,
        _ => 1.0,
    }
}

/// A pool's nodes: `node_config`'s machines and disks, `count` of them.
fn pool_nodes(ctx: &mut Ctx, pool: &str, config: Option<&Obj>, count: f64) -> Result<(), Reason> {
    let empty = Obj::new();
    let config = config.unwrap_or(&empty);
    let ty = text(config, &["machine_type"])?.unwrap_or("e2-medium");
    let purchase = if flag(config, &["preemptible"]) || flag(config, &["spot"]) {
        Purchase::Spot
    } else {
        Purchase::OnDemand
    };
    let m = Machines {
        machine_type: ty,
        purchase,
        count,
        hours: HOURS_PER_MONTH,
    };
    let before = ctx.components.len();
    machine_hours(ctx, &m)?;
    let disk_ty = text(config, &["disk_type"])?.unwrap_or("pd-standard");
    let gb = number(config, &["disk_size_gb"])?.unwrap_or(100.0);
    pd(ctx, &format!("Node disks × {count}"), disk_ty, gb * count)?;
    local_ssds(
        ctx,
        number(config, &["local_ssd_count"])?.unwrap_or(0.0),
        &m,
    )?;
    gpus(ctx, &blocks(config.get("guest_accelerator")), &m)?;
    if !pool.is_empty() {
        for c in &mut ctx.components[before..] {
            c.name = format!("{pool}: {}", c.name);
        }
    }
    Ok(())
}

/// A node pool's nodes per zone: the usage file's `nodes`, else the autoscaler's minimum,
/// `node_count`, `initial_node_count`, else three.
fn nodes_per_zone(pool: &Obj, usage: Option<f64>) -> Result<f64, Reason> {
    if let Some(n) = usage {
        return Ok(n);
    }
    for path in [
        &["autoscaling", "min_node_count"][..],
        &["node_count"],
        &["initial_node_count"],
    ] {
        if let Some(n) = number(pool, path)? {
            return Ok(n);
        }
    }
    Ok(3.0)
}

fn cluster(ctx: &mut Ctx) -> Result<(), Reason> {
    let res: &Resource = ctx.res;
    let attrs = &res.attributes;
    if ctx.flag(&["enable_autopilot"]) == Some(true) {
        ctx.hourly("Autopilot cluster fee", "gke.cluster", 1.0)?;
        let vcpu = ctx
            .usage("autopilot_vcpu_count")
            .map(|n| n * HOURS_PER_MONTH);
        let gb = ctx
            .usage("autopilot_memory_gb")
            .map(|n| n * HOURS_PER_MONTH);
        let disk = ctx
            .usage("autopilot_ephemeral_storage_gb")
            .map(|n| n * HOURS_PER_MONTH);
        ctx.by_usage("Autopilot pod vCPU", "gke.autopilot.vcpu", vcpu)?;
        ctx.by_usage("Autopilot pod memory", "gke.autopilot.memory", gb)?;
        return ctx.by_usage(
            "Autopilot pod ephemeral storage",
            "gke.autopilot.storage",
            disk,
        );
    }
    ctx.hourly("Cluster management fee", "gke.cluster", 1.0)?;
    let location = ctx.str(&["location"])?;
    let cluster_zones = zones(location, list_len(attrs, "node_locations"));
    let pools = blocks(attrs.get("node_pool"));
    // Pools that `google_container_node_pool` resources declare are priced there.
    let separate: Vec<&str> = ctx
        .index
        .of_type("google_container_node_pool")
        .iter()
        .filter(|p| {
            named(
                ctx,
                p,
                p.attributes.get("cluster"),
                "google_container_cluster",
            )
            .is_some_and(|c| c.address == ctx.res.address)
        })
        .filter_map(|p| p.attributes.get("name").and_then(Value::as_str))
        .collect();
    if pools.is_empty() {
        if ctx.flag(&["remove_default_node_pool"]) == Some(true) {
            return Ok(());
        }
        let per_zone = match ctx.usage("nodes") {
            Some(n) => n,
            None => ctx.num(&["initial_node_count"])?.unwrap_or(3.0),
        };
        let config = blocks(attrs.get("node_config")).first().copied();
        return pool_nodes(ctx, "default pool", config, per_zone * cluster_zones);
    }
    for (i, pool) in pools.iter().enumerate() {
        if text(pool, &["name"])?.is_some_and(|n| separate.contains(&n)) {
            continue;
        }
        let usage = ctx.usage(&format!("node_pool[{i}].nodes"));
        let per_zone = nodes_per_zone(pool, usage)?;
        let z = match list_len(pool, "node_locations") {
            0 => cluster_zones,
            n => n as f64,
        };
        let config = blocks(pool.get("node_config")).first().copied();
        pool_nodes(ctx, &format!("node_pool[{i}]"), config, per_zone * z)?;
    }
    Ok(())
}

fn node_pool(ctx: &mut Ctx) -> Result<(), Reason> {
    let res: &Resource = ctx.res;
    let attrs = &res.attributes;
    let cluster = named(
        ctx,
        ctx.res,
        ctx.attr("cluster"),
        "google_container_cluster",
    );
    let location = match ctx.str(&["location"])? {
        Some(l) => Some(l.to_string()),
        None => cluster
            .and_then(|c| c.attributes.get("location"))
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let z = match list_len(attrs, "node_locations") {
        0 => zones(
            location.as_deref(),
            cluster.map_or(0, |c| list_len(&c.attributes, "node_locations")),
        ),
        n => n as f64,
    };
    let per_zone = nodes_per_zone(attrs, ctx.usage("nodes"))?;
    let config = blocks(attrs.get("node_config")).first().copied();
    pool_nodes(ctx, "", config, per_zone * z)
}

// ---------------------------------------------------------------------------------------
// Memorystore, instance groups

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
        gb * HOURS_PER_MONTH,
        p,
    );
    Ok(())
}

/// A Memorystore for Redis Cluster: `shard_count × (1 + replica_count)` nodes of its type,
/// AOF persistence on each shard's capacity, backups by the usage file's `backup_storage_gb`.
fn redis_cluster(ctx: &mut Ctx) -> Result<(), Reason> {
    let node_type = ctx
        .str(&["node_type"])?
        .unwrap_or("REDIS_HIGHMEM_MEDIUM")
        .to_ascii_uppercase();
    let capacity_gb = match node_type.as_str() {
        "REDIS_SHARED_CORE_NANO" => 1.4,
        "REDIS_STANDARD_SMALL" => 6.5,
        "REDIS_HIGHMEM_MEDIUM" => 13.0,
        "REDIS_HIGHMEM_XLARGE" => 58.0,
        other => return Err(format!("node type `{other}` is not in the catalog")),
    };
    let shards = ctx
        .num(&["shard_count"])?
        .ok_or_else(|| "`shard_count` is not set".to_string())?;
    let replicas = ctx.num(&["replica_count"])?.unwrap_or(0.0);
    let nodes = shards * (1.0 + replicas);
    ctx.hourly(
        &format!("Cluster nodes ({node_type}) × {nodes}"),
        &format!("redis_cluster.{node_type}"),
        nodes,
    )?;
    if ctx
        .str(&["persistence_config", "mode"])?
        .is_some_and(|m| m.eq_ignore_ascii_case("AOF"))
    {
        ctx.monthly("AOF persistence", "redis_cluster.aof", capacity_gb * shards)?;
    }
    if ctx.attr("automated_backup_config").is_some() {
        let gb = ctx.usage("backup_storage_gb");
        ctx.by_usage("Backups", "redis_cluster.backup", gb)?;
    }
    Ok(())
}

/// A key's versions (the usage file's `key_versions`, else one) and operations per 10,000
/// (`monthly_key_operations`): software keys, and HSM keys of the algorithms the catalog
/// lists (versions in two tiers: the first 2,000, then the rest). Other HSM and external
/// keys are not in the catalog.
fn kms_key(ctx: &mut Ctx) -> Result<(), Reason> {
    let level = ctx
        .str(&["version_template", "protection_level"])?
        .unwrap_or("SOFTWARE")
        .to_ascii_uppercase();
    let versions = ctx.usage("key_versions").unwrap_or(1.0);
    let ops = ctx.usage("monthly_key_operations").map(|n| n / 10_000.0);
    if level == "SOFTWARE" {
        ctx.monthly("Key versions", "kms.key_version", versions)?;
        return ctx.by_usage("Key operations", "kms.operations", ops);
    }
    let algorithm = ctx
        .str(&["version_template", "algorithm"])?
        .unwrap_or("GOOGLE_SYMMETRIC_ENCRYPTION")
        .to_ascii_uppercase();
    let prefix = format!("kms.{}.{algorithm}", level.to_ascii_lowercase());
    if !ctx.priced(&format!("{prefix}.version")) {
        return Err(format!(
            "{level} keys of algorithm `{algorithm}` are not in the catalog"
        ));
    }
    let first = versions.min(2000.0);
    ctx.monthly(
        "Key versions (first 2,000)",
        &format!("{prefix}.version"),
        first,
    )?;
    if versions > 2000.0 {
        ctx.monthly(
            "Key versions (over 2,000)",
            &format!("{prefix}.version_over_2000"),
            versions - 2000.0,
        )?;
    }
    ctx.by_usage("Key operations", &format!("{prefix}.operations"), ops)
}

/// How many locations a secret is stored in: its user-managed replicas, else one.
fn secret_locations(secret: &Resource) -> f64 {
    let replicas = at(&secret.attributes, &["replication", "user_managed"])
        .and_then(first_object)
        .map(|o| blocks(o.get("replicas")).len())
        .unwrap_or(0);
    replicas.max(1) as f64
}

/// A secret's active versions (usage `active_secret_versions`) in each of its locations,
/// access operations per 10,000 and rotation notifications.
fn secret(ctx: &mut Ctx) -> Result<(), Reason> {
    let locations = secret_locations(ctx.res);
    let versions = ctx.usage("active_secret_versions").map(|v| v * locations);
    ctx.by_usage(
        &format!("Active secret versions × {locations} locations"),
        "secret.version",
        versions,
    )?;
    let ops = ctx.usage("monthly_access_operations").map(|n| n / 10_000.0);
    ctx.by_usage("Access operations", "secret.access", ops)?;
    let rotations = ctx.usage("monthly_rotation_notifications");
    ctx.by_usage("Rotation notifications", "secret.rotation", rotations)
}

/// A secret version is stored once per replica location of its secret (one when Google
/// manages the replication); access operations by the usage file.
fn secret_version(ctx: &mut Ctx) -> Result<(), Reason> {
    let replicas = named(
        ctx,
        ctx.res,
        ctx.attr("secret"),
        "google_secret_manager_secret",
    )
    .map(secret_locations)
    .unwrap_or(1.0);
    ctx.monthly(
        &format!("Active secret version × {replicas} locations"),
        "secret.version",
        replicas,
    )?;
    let ops = ctx.usage("monthly_access_operations").map(|n| n / 10_000.0);
    ctx.by_usage("Access operations", "secret.access", ops)
}

fn group_manager(ctx: &mut Ctx) -> Result<(), Reason> {
    let per_instance_configs = ctx
        .index
        .of_type("google_compute_per_instance_config")
        .iter()
        .chain(
            ctx.index
                .of_type("google_compute_region_per_instance_config"),
        )
        .filter(|c| {
            named(
                ctx,
                c,
                c.attributes.get("instance_group_manager"),
                &ctx.res.resource_type,
            )
            .or_else(|| {
                named(
                    ctx,
                    c,
                    c.attributes.get("region_instance_group_manager"),
                    &ctx.res.resource_type,
                )
            })
            .is_some_and(|g| g.address == ctx.res.address)
        })
        .count() as f64;
    let n = match ctx.num(&["target_size"])? {
        Some(n) => n + per_instance_configs,
        None if per_instance_configs > 0.0 => per_instance_configs,
        None => return Err("`target_size` is not set (an autoscaler decides it)".to_string()),
    };
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
    let t = &template.attributes;
    let ty = text(t, &["machine_type"])?
        .ok_or_else(|| format!("`{}.machine_type` is not known", template.address))?;
    let m = Machines {
        machine_type: ty,
        purchase: scheduling_purchase(t)?,
        count: n,
        hours: HOURS_PER_MONTH,
    };
    machine_hours(ctx, &m)?;
    let mut scratch = 0.0;
    for (i, d) in blocks(t.get("disk")).iter().enumerate() {
        let disk_type = text(d, &["disk_type"])?.unwrap_or("pd-standard");
        if text(d, &["type"])? == Some("SCRATCH") || disk_type == "local-ssd" {
            scratch += 1.0;
            continue;
        }
        let gb = number(d, &["disk_size_gb"])?.unwrap_or(100.0);
        pd(ctx, &format!("disk[{i}] × {n}"), disk_type, gb * n)?;
    }
    local_ssds(ctx, scratch, &m)?;
    gpus(ctx, &blocks(t.get("guest_accelerator")), &m)
}

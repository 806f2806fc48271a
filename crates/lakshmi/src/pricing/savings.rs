//! Savings hints: cheaper equivalents of what a tree declares, each with the monthly saving
//! computed from the same catalog as the estimate.
//!
//! - gp2 volumes (EBS volumes and instance root volumes) → gp3, same size;
//! - previous-generation instance families → the current generation (t2 → t3, m4 → m5…),
//!   for EC2, RDS and ElastiCache;
//! - x86 → Graviton for managed services, where the engine runs the same on either
//!   (RDS MySQL/PostgreSQL/MariaDB/Aurora, ElastiCache, OpenSearch); EC2 instances are left
//!   alone because their AMI decides the architecture;
//! - idle-looking resources: an Elastic IP attached to nothing, a NAT gateway in a module
//!   whose subnets are all public.

use super::{Index, Pricing, HOURS_PER_MONTH};
use aetheredge_model::iac::{Model, Resource, Value};

/// One hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    pub rule_id: &'static str,
    pub title: &'static str,
    pub address: String,
    pub file: String,
    pub line: u32,
    pub message: String,
    /// USD per month.
    pub saving: f64,
}

const PREVIOUS_GENERATION: &[(&str, &str)] = &[
    ("t2", "t3"),
    ("m3", "m5"),
    ("m4", "m5"),
    ("c3", "c5"),
    ("c4", "c5"),
    ("r3", "r5"),
    ("r4", "r5"),
    ("i2", "i3"),
];

const GRAVITON: &[(&str, &str)] = &[
    ("t3", "t4g"),
    ("m5", "m6g"),
    ("m6i", "m6g"),
    ("r5", "r6g"),
    ("r6i", "r6g"),
    ("c5", "c6g"),
];

fn region_price(pricing: Pricing, region: &str, key: &str) -> Option<f64> {
    let d = pricing
        .discounts
        .get("aws")
        .map(|d| d / 100.0)
        .unwrap_or(0.0);
    pricing
        .catalog
        .price("aws", region, key)
        .map(|p| p.usd * (1.0 - d))
}

fn str_attr<'a>(r: &'a Resource, name: &str) -> Option<&'a str> {
    r.attributes.get(name).and_then(Value::as_str)
}

fn nested<'a>(r: &'a Resource, block: &str, name: &str) -> Option<&'a Value> {
    super::first_object(r.attributes.get(block)?)?.get(name)
}

/// Every hint for a tree. `regions` gives the region each priced resource was estimated in.
pub fn hints(
    model: &Model,
    pricing: Pricing,
    region_of: &dyn Fn(&Resource) -> Option<String>,
) -> Vec<Hint> {
    let index = Index::new(model);
    let mut out = Vec::new();
    for r in model.managed() {
        let Some(region) = region_of(r) else { continue };
        let hint = |rule_id, title, message: String, saving: f64| Hint {
            rule_id,
            title,
            address: r.address.clone(),
            file: r.location.file.clone(),
            line: r.location.line,
            message,
            saving: super::round2(saving),
        };
        let gp = |size: f64| -> Option<f64> {
            Some(
                size * (region_price(pricing, &region, "ebs.gp2.storage")?
                    - region_price(pricing, &region, "ebs.gp3.storage")?),
            )
        };
        match r.resource_type.as_str() {
            "aws_ebs_volume" => {
                let ty = str_attr(r, "type").unwrap_or("gp2");
                if let (true, Some(size)) = (
                    ty == "gp2",
                    r.attributes.get("size").and_then(Value::as_f64),
                ) {
                    if let Some(s) = gp(size).filter(|s| *s > 0.0) {
                        out.push(hint("lakshmi/gp2-to-gp3", "Use gp3 instead of gp2", format!("gp3 gives the same {size} GB with 3,000 IOPS baseline for ${s:.2} less a month."), s));
                    }
                }
            }
            "aws_instance" => {
                let root_ty = nested(r, "root_block_device", "volume_type")
                    .and_then(Value::as_str)
                    .unwrap_or("gp2");
                if root_ty == "gp2" {
                    let size = nested(r, "root_block_device", "volume_size")
                        .and_then(Value::as_f64)
                        .unwrap_or(8.0);
                    if let Some(s) = gp(size).filter(|s| *s > 0.0) {
                        out.push(hint("lakshmi/gp2-to-gp3", "Use gp3 instead of gp2", format!("The {size} GB gp2 root volume costs ${s:.2} less a month as gp3 (`root_block_device.volume_type = \"gp3\"`)."), s));
                    }
                }
                if let Some(ty) = str_attr(r, "instance_type") {
                    if let Some(h) = family_swap(pricing, &region, "ec2.", ty, PREVIOUS_GENERATION)
                    {
                        out.push(hint(
                            "lakshmi/previous-generation",
                            "Previous-generation instance type",
                            format!(
                                "`{ty}` is a previous generation: `{}` costs ${:.2} less a month.",
                                h.0, h.1
                            ),
                            h.1,
                        ));
                    }
                }
            }
            "aws_db_instance" | "aws_rds_cluster_instance" => {
                let engine = match str_attr(r, "engine") {
                    Some("mysql") => "mysql",
                    Some("postgres") => "postgres",
                    Some("mariadb") => "mariadb",
                    Some("aurora-postgresql") => "aurora-postgresql",
                    Some("aurora" | "aurora-mysql") => "aurora-mysql",
                    _ => continue,
                };
                let Some(class) = str_attr(r, "instance_class") else {
                    continue;
                };
                let Some(size) = class.strip_prefix("db.") else {
                    continue;
                };
                let copies = if r.attributes.get("multi_az") == Some(&Value::Bool(true)) {
                    2.0
                } else {
                    1.0
                };
                let prefix = format!("rds.{engine}.db.");
                if let Some((to, s)) =
                    family_swap(pricing, &region, &prefix, size, PREVIOUS_GENERATION)
                {
                    out.push(hint("lakshmi/previous-generation", "Previous-generation instance class", format!("`{class}` is a previous generation: `db.{to}` costs ${:.2} less a month.", s * copies), s * copies));
                } else if let Some((to, s)) = family_swap(pricing, &region, &prefix, size, GRAVITON)
                {
                    out.push(hint("lakshmi/graviton", "Graviton instance class", format!("{engine} runs the same on Graviton: `db.{to}` costs ${:.2} less a month than `{class}`.", s * copies), s * copies));
                }
            }
            "aws_elasticache_cluster" | "aws_elasticache_replication_group" => {
                let Some(node) = str_attr(r, "node_type") else {
                    continue;
                };
                let Some(size) = node.strip_prefix("cache.") else {
                    continue;
                };
                let n = ["num_cache_nodes", "num_cache_clusters"]
                    .iter()
                    .find_map(|k| r.attributes.get(*k).and_then(Value::as_f64))
                    .unwrap_or(1.0);
                if let Some((to, s)) = family_swap(
                    pricing,
                    &region,
                    "elasticache.cache.",
                    size,
                    PREVIOUS_GENERATION,
                ) {
                    out.push(hint("lakshmi/previous-generation", "Previous-generation node type", format!("`{node}` is a previous generation: `cache.{to}` costs ${:.2} less a month.", s * n), s * n));
                } else if let Some((to, s)) =
                    family_swap(pricing, &region, "elasticache.cache.", size, GRAVITON)
                {
                    out.push(hint("lakshmi/graviton", "Graviton node type", format!("Redis and Memcached run the same on Graviton: `cache.{to}` costs ${:.2} less a month than `{node}`.", s * n), s * n));
                }
            }
            "aws_opensearch_domain" | "aws_elasticsearch_domain" => {
                let Some(raw) =
                    nested(r, "cluster_config", "instance_type").and_then(Value::as_str)
                else {
                    continue;
                };
                let size = raw
                    .trim_end_matches(".search")
                    .trim_end_matches(".elasticsearch");
                let n = nested(r, "cluster_config", "instance_count")
                    .and_then(Value::as_f64)
                    .unwrap_or(1.0);
                if let Some((to, s)) = family_swap(pricing, &region, "opensearch.", size, GRAVITON)
                {
                    out.push(hint("lakshmi/graviton", "Graviton instance type", format!("OpenSearch runs the same on Graviton: `{to}.search` costs ${:.2} less a month than `{raw}`.", s * n), s * n));
                }
            }
            "aws_eip" => {
                let attached = ["instance", "network_interface", "associate_with_private_ip"]
                    .iter()
                    .any(|k| !matches!(r.attributes.get(*k), None | Some(Value::Null)));
                if !attached && !index.is_referenced(r) {
                    if let Some(p) = region_price(pricing, &region, "eip.hour") {
                        let s = p * HOURS_PER_MONTH;
                        out.push(hint("lakshmi/idle-eip", "Elastic IP attached to nothing", format!("No instance, network interface, association or NAT gateway uses this address: releasing it saves ${s:.2} a month."), s));
                    }
                }
            }
            "aws_nat_gateway" => {
                let subnets: Vec<&&Resource> = index
                    .of_type("aws_subnet")
                    .iter()
                    .filter(|s| s.root == r.root && s.module == r.module)
                    .collect();
                let private = subnets
                    .iter()
                    .filter(|s| {
                        s.attributes.get("map_public_ip_on_launch") != Some(&Value::Bool(true))
                    })
                    .count();
                if !subnets.is_empty() && private == 0 {
                    if let Some(p) = region_price(pricing, &region, "nat.hour") {
                        let s = p * HOURS_PER_MONTH;
                        out.push(hint("lakshmi/idle-nat-gateway", "NAT gateway with no private subnets", format!("Every subnet of this module maps public IPs, so nothing needs this NAT gateway: removing it saves ${s:.2} a month."), s));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The replacement of an instance size in a cheaper family, and the monthly saving.
fn family_swap(
    pricing: Pricing,
    region: &str,
    prefix: &str,
    ty: &str,
    swaps: &[(&str, &str)],
) -> Option<(String, f64)> {
    let (family, size) = ty.split_once('.')?;
    let (_, to) = swaps.iter().find(|(from, _)| *from == family)?;
    let now = region_price(pricing, region, &format!("{prefix}{ty}"))?;
    let to = format!("{to}.{size}");
    let then = region_price(pricing, region, &format!("{prefix}{to}"))?;
    let saving = (now - then) * HOURS_PER_MONTH;
    (saving > 0.005).then_some((to, saving))
}

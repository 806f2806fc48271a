//! The blueprint format: what a team writes (`*.blueprint.yaml`), read with serde_yaml_ng so
//! every error names the file, line and column, and checked for what the types alone cannot
//! say (nothing public without a reason, autoscaling bounds in order).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use aetheredge_core::limits::{Limit, LimitExceeded, Limits};

/// A blueprint file: `blueprint: 1` marks the format version.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// The format version; only `1` exists.
    pub blueprint: u32,
    pub name: String,
    /// The blueprint's own version, bumped by the team when it changes.
    pub version: String,
    pub cloud: Cloud,
    pub region: String,
    /// The Google Cloud project (required when `cloud: gcp`).
    pub project: Option<String>,
    pub environment: String,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub components: Components,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    Aws,
    Azure,
    Gcp,
}

impl Cloud {
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Aws => "aws",
            Cloud::Azure => "azure",
            Cloud::Gcp => "gcp",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    Small,
    Medium,
    Large,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Components {
    pub network: Option<Network>,
    pub compute: Option<Compute>,
    pub database: Option<Database>,
    #[serde(default)]
    pub storage: Vec<Storage>,
    pub load_balancer: Option<LoadBalancer>,
    pub cache: Option<Cache>,
    pub kubernetes: Option<Kubernetes>,
    pub cdn: Option<Cdn>,
    pub dns: Option<Dns>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    #[serde(default = "default_cidr")]
    pub cidr: String,
    /// Availability zones to spread subnets over (1 to 3).
    #[serde(default = "default_zones")]
    pub zones: u32,
}

fn default_cidr() -> String {
    "10.0.0.0/16".into()
}

fn default_zones() -> u32 {
    2
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    #[serde(default = "one")]
    pub count: u32,
    pub size: Option<Size>,
    /// An explicit machine type, instead of `size`.
    pub instance_type: Option<String>,
    pub autoscaling: Option<Autoscaling>,
    /// Packages the Ansible playbook installs.
    #[serde(default)]
    pub packages: Vec<String>,
    /// Login users the Ansible playbook creates.
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(default)]
    pub ports: Vec<u16>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Autoscaling {
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub name: String,
    #[serde(default)]
    pub sudo: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Postgres,
    Mysql,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub engine: Engine,
    pub version: Option<String>,
    #[serde(default = "medium")]
    pub size: Size,
    #[serde(default = "default_storage_gb")]
    pub storage_gb: u32,
    #[serde(default)]
    pub high_availability: bool,
    #[serde(default)]
    pub backups: Backups,
}

fn medium() -> Size {
    Size::Medium
}

fn default_storage_gb() -> u32 {
    20
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Backups {
    #[serde(default = "default_retention")]
    pub retention_days: u32,
}

impl Default for Backups {
    fn default() -> Self {
        Backups {
            retention_days: default_retention(),
        }
    }
}

fn default_retention() -> u32 {
    7
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Storage {
    pub name: String,
    #[serde(default = "yes")]
    pub versioning: bool,
    #[serde(default)]
    pub public: bool,
    pub reason: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    #[serde(default = "default_lb_port")]
    pub port: u16,
    #[serde(default)]
    pub public: bool,
    pub reason: Option<String>,
}

fn default_lb_port() -> u16 {
    443
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    #[serde(default = "small")]
    pub size: Size,
}

fn small() -> Size {
    Size::Small
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kubernetes {
    pub version: String,
    #[serde(default = "medium")]
    pub node_size: Size,
    pub nodes: Autoscaling,
    #[serde(default)]
    pub public: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cdn {
    /// The storage bucket (by name) the CDN serves.
    pub origin: String,
    #[serde(default)]
    pub public: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dns {
    pub zone: String,
}

/// Whether a component is public, and the reason given.
type Exposure<'a> = (bool, &'a Option<String>);

/// The most tags a blueprint may give: AWS and Azure accept 50 on one resource.
const MAX_TAGS: usize = 50;

/// A blueprint that cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct BlueprintError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// Set when the file was not read because it nests deeper than `limits.decode_depth`.
    pub limit: Option<LimitExceeded>,
}

/// Whether a path is a blueprint: its file name ends in `.blueprint.yaml` or `.blueprint.yml`.
pub fn is_blueprint_path(path: &str) -> bool {
    path.ends_with(".blueprint.yaml") || path.ends_with(".blueprint.yml")
}

/// Reads and validates a blueprint.
pub fn parse(file: &str, text: &str) -> Result<Blueprint, BlueprintError> {
    parse_within(file, text, Limits::default().decode_depth)
}

/// Reads and validates a blueprint nesting at most `decode_depth` deep: deeper YAML is
/// refused before the YAML parser sees it.
pub(crate) fn parse_within(
    file: &str,
    text: &str,
    decode_depth: usize,
) -> Result<Blueprint, BlueprintError> {
    if let Err(deep) = aetheredge_core::limits::yaml_nesting(text, decode_depth) {
        let limit = LimitExceeded {
            limit: Limit::DecodeDepth,
            max: decode_depth,
            reached: deep.depth,
        };
        return Err(BlueprintError {
            file: file.to_string(),
            line: deep.line,
            column: 1,
            message: limit.to_string(),
            limit: Some(limit),
        });
    }
    let blueprint: Blueprint = serde_yaml_ng::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() as u32, l.column() as u32))
            .unwrap_or((1, 1));
        BlueprintError {
            file: file.to_string(),
            line,
            column,
            message: explain(&e.to_string()),
            limit: None,
        }
    })?;
    validate(file, text, &blueprint)?;
    Ok(blueprint)
}

/// serde's message without the location serde_yaml_ng appends (the error carries it).
fn explain(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn validate(file: &str, text: &str, b: &Blueprint) -> Result<(), BlueprintError> {
    let err = |path: &[&str], message: String| {
        let (line, column) = locate(text, path);
        BlueprintError {
            file: file.to_string(),
            line,
            column,
            message,
            limit: None,
        }
    };
    if b.blueprint != 1 {
        return Err(err(
            &["blueprint"],
            format!(
                "blueprint: expected format version 1, found {}",
                b.blueprint
            ),
        ));
    }
    if b.tags.len() > MAX_TAGS {
        return Err(err(
            &["tags"],
            format!(
                "tags: at most {MAX_TAGS} tags, as AWS and Azure accept on one resource; found {}",
                b.tags.len()
            ),
        ));
    }
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 40
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if !name_ok(&b.name) {
        return Err(err(
            &["name"],
            format!("name: expected lowercase letters, digits and '-', starting with a letter, at most 40 characters; found {:?}", b.name),
        ));
    }
    let c = &b.components;
    let mut exposures: Vec<(Vec<&str>, Exposure)> = Vec::new();
    for s in &c.storage {
        exposures.push((
            vec!["components", "storage", s.name.as_str()],
            (s.public, &s.reason),
        ));
        if !name_ok(&s.name) {
            return Err(err(
                &["components", "storage", s.name.as_str()],
                format!(
                    "storage name: expected lowercase letters, digits and '-'; found {:?}",
                    s.name
                ),
            ));
        }
    }
    if let Some(lb) = &c.load_balancer {
        exposures.push((vec!["components", "load_balancer"], (lb.public, &lb.reason)));
    }
    if let Some(k) = &c.kubernetes {
        exposures.push((vec!["components", "kubernetes"], (k.public, &k.reason)));
    }
    if let Some(cdn) = &c.cdn {
        exposures.push((vec!["components", "cdn"], (cdn.public, &cdn.reason)));
        if !c.storage.iter().any(|s| s.name == cdn.origin) {
            return Err(err(
                &["components", "cdn", "origin"],
                format!("cdn.origin: expected the name of a storage bucket of this blueprint; found {:?}", cdn.origin),
            ));
        }
    }
    for (path, (public, reason)) in exposures {
        let blank = reason.as_deref().is_none_or(|r| r.trim().is_empty());
        if public && blank {
            let mut at = path.clone();
            at.push("public");
            return Err(err(
                &at,
                "public: true needs a `reason` saying why this must be reachable from the internet"
                    .into(),
            ));
        }
    }
    if let Some(n) = &c.network {
        if n.cidr.parse::<ipnet::Ipv4Net>().is_err() {
            return Err(err(
                &["components", "network", "cidr"],
                format!(
                    "network.cidr: expected an IPv4 CIDR block such as 10.0.0.0/16; found {:?}",
                    n.cidr
                ),
            ));
        }
        if !(1..=3).contains(&n.zones) {
            return Err(err(
                &["components", "network", "zones"],
                format!("network.zones: expected 1 to 3; found {}", n.zones),
            ));
        }
    }
    if let Some(compute) = &c.compute {
        if compute.size.is_some() == compute.instance_type.is_some() {
            return Err(err(
                &["components", "compute"],
                "compute: expected exactly one of `size` (small, medium, large) or `instance_type`"
                    .into(),
            ));
        }
        if let Some(a) = &compute.autoscaling {
            if a.min > a.max || !(a.min..=a.max).contains(&compute.count) {
                return Err(err(
                    &["components", "compute", "autoscaling"],
                    format!(
                        "compute.autoscaling: expected min <= count <= max; found min {}, count {}, max {}",
                        a.min, compute.count, a.max
                    ),
                ));
            }
        }
    }
    if let Some(k) = &c.kubernetes {
        if k.nodes.min > k.nodes.max || k.nodes.max == 0 {
            return Err(err(
                &["components", "kubernetes", "nodes"],
                format!(
                    "kubernetes.nodes: expected 0 < min <= max; found min {}, max {}",
                    k.nodes.min, k.nodes.max
                ),
            ));
        }
    }
    if b.cloud == Cloud::Gcp && b.project.is_none() {
        return Err(err(
            &["cloud"],
            "cloud gcp: expected a `project` key naming the Google Cloud project".into(),
        ));
    }
    if (c.load_balancer.is_some() || c.cdn.is_some()) && c.dns.is_none() {
        return Err(err(
            &["components"],
            "components: load_balancer and cdn serve a name in the DNS zone, so they need a `dns` component".into(),
        ));
    }
    if c.cache.is_some() && c.compute.is_none() && c.kubernetes.is_none() {
        return Err(err(
            &["components", "cache"],
            "cache: expected a `compute` or `kubernetes` component to use it".into(),
        ));
    }
    let needs_network = c.compute.is_some()
        || c.database.is_some()
        || c.load_balancer.is_some()
        || c.cache.is_some()
        || c.kubernetes.is_some();
    if needs_network && c.network.is_none() {
        return Err(err(
            &["components"],
            "components: compute, database, load_balancer, cache and kubernetes need a `network` component".into(),
        ));
    }
    Ok(())
}

/// The line and column (1-based) of the key at `path` (mapping keys, or for a list, the
/// item whose `name:` is the path element), or of the deepest part of it found.
pub(crate) fn locate(text: &str, path: &[&str]) -> (u32, u32) {
    let mut best = (1, 1);
    let mut depth = 0;
    let mut min_indent: i64 = -1;
    for (i, line) in text.lines().enumerate() {
        if depth == path.len() {
            break;
        }
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = (line.len() - trimmed.len()) as i64;
        if indent <= min_indent && depth > 0 {
            break;
        }
        let body = trimmed.trim_start_matches("- ");
        let offset = line.len() - body.len();
        let want = path[depth];
        let is_key = body.strip_prefix(want).is_some_and(|r| r.starts_with(':'));
        // The document itself is a mapping: a top-level `name:` is the blueprint's name,
        // never a list item standing for a path element.
        let is_item = depth > 0
            && body
                .strip_prefix("name:")
                .is_some_and(|r| r.trim().trim_matches(['"', '\'']) == want);
        if (is_key || is_item) && indent > min_indent {
            best = (i as u32 + 1, offset as u32 + 1);
            depth += 1;
            min_indent = indent;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn a_key_is_located_on_its_own_line_not_on_a_name_that_reads_the_same() {
        let text = "blueprint: 1\nname: tags\ntags:\n  a: b\ncomponents:\n  storage:\n    - name: site\n      versioning: true\n";
        assert_eq!(locate(text, &["tags"]), (3, 1));
        assert_eq!(locate(text, &["components", "storage", "site"]), (7, 7));
        assert_eq!(locate(text, &["name"]), (2, 1));
    }
}

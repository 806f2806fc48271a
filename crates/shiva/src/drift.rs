//! The comparison: each managed resource instance a root module declares against the one
//! its state records.
//!
//! Only what the code sets to a known value can drift: attributes it leaves to the provider,
//! values known only after apply and attributes under `lifecycle { ignore_changes }` cannot.
//! Values compare by Terraform's conversion rules (`"1"` equals `1`, `"true"` equals `true`),
//! and lists compare as sets when they hold the same elements in another order, since a
//! state records sets in its own order.

use std::collections::{BTreeMap, BTreeSet};

use aetheredge_core::report::drift::{AttributeDrift, DriftStatus, ResourceDrift};
use aetheredge_model::iac::module::{ModuleConfig, ResourceDecl};
use aetheredge_model::iac::value::Value;
use aetheredge_model::iac::{Mode, Model, Resource};
use serde_json::Value as Json;

use crate::state::{RecordedInstance, RecordedState};

/// One step of an attribute path: `tags`, `.Env`, `[0]`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// `tags.Env`, `ingress[0].cidr_blocks`, `labels["app.kubernetes.io/name"]`.
pub fn path_text(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(k) if is_identifier(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Key(k) => {
                out.push_str(&format!("[{}]", Json::String(k.clone())));
            }
        }
    }
    out
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// One attribute whose declared value differs from the recorded one.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub steps: Vec<Step>,
    /// `Value::Null` for a map key the code does not set.
    pub declared: Value,
    /// `Json::Null` for a key the state does not have.
    pub recorded: Json,
    pub sensitive: bool,
}

/// A resource instance whose code and state disagree, with both sides at hand.
#[derive(Clone, Debug)]
pub struct InstanceDrift<'a> {
    pub address: String,
    pub status: DriftStatus,
    pub declared: Option<&'a Resource>,
    pub recorded: Option<&'a RecordedInstance>,
    pub differences: Vec<Difference>,
}

/// What one root's comparison found.
#[derive(Clone, Debug, Default)]
pub struct RootComparison<'a> {
    pub drift: Vec<InstanceDrift<'a>>,
    /// What could not be compared, and why (a module fetched from a registry, a file that
    /// does not parse, instances whose count is known only after apply).
    pub notes: Vec<String>,
}

/// Why a state cannot be the one of root `root`: it records no managed resource while the
/// code declares some (a wrong key, workspace or file, more likely than a root never applied).
pub fn implausible(
    model: &Model,
    root: &str,
    state: &RecordedState,
    source: &str,
) -> Option<String> {
    let declared = model
        .resources
        .iter()
        .filter(|r| r.root == root && r.mode == Mode::Managed)
        .count();
    (state.instances.is_empty() && declared > 0).then(|| {
        format!(
            "{source}: the state records no resources while the code declares {declared}: check the state's key, workspace or path (a root never applied has no state yet)"
        )
    })
}

/// Compares the managed resources of root module `root` (`""` for the repository root)
/// with a state.
pub fn compare<'a>(model: &'a Model, root: &str, state: &'a RecordedState) -> RootComparison<'a> {
    let mut out = RootComparison::default();
    let declared: BTreeMap<&str, &Resource> = model
        .resources
        .iter()
        .filter(|r| r.root == root && r.mode == Mode::Managed)
        .map(|r| (r.address.as_str(), r))
        .collect();
    let recorded: BTreeMap<&str, &RecordedInstance> = state
        .instances
        .iter()
        .map(|i| (i.address.as_str(), i))
        .collect();
    let root_unparsed: Vec<&String> = model
        .unparsed_files
        .iter()
        .filter(|f| in_root_tree(model, root, f))
        .collect();
    for (address, resource) in &declared {
        match recorded.get(address) {
            Some(instance) => {
                let differences = differences(model, resource, instance);
                if !differences.is_empty() {
                    out.drift.push(InstanceDrift {
                        address: address.to_string(),
                        status: DriftStatus::Drifted,
                        declared: Some(resource),
                        recorded: Some(instance),
                        differences,
                    });
                }
            }
            None => out.drift.push(InstanceDrift {
                address: address.to_string(),
                status: DriftStatus::NotInState,
                declared: Some(resource),
                recorded: None,
                differences: Vec::new(),
            }),
        }
    }
    let mut opaque_modules = BTreeSet::new();
    let mut unplanned = 0usize;
    for (address, instance) in &recorded {
        if declared.contains_key(address) {
            continue;
        }
        if let Some(call) = opaque_module(model, root, &instance.module) {
            opaque_modules.insert(call);
            continue;
        }
        if !root_unparsed.is_empty() || model.cannot_plan(root, address, "") {
            unplanned += 1;
            continue;
        }
        out.drift.push(InstanceDrift {
            address: address.to_string(),
            status: DriftStatus::NotInCode,
            declared: None,
            recorded: Some(instance),
            differences: Vec::new(),
        });
    }
    for call in opaque_modules {
        out.notes.push(format!(
            "{call}: its source is not in the repository, so its recorded resources were not compared"
        ));
    }
    if unplanned > 0 {
        let why = if root_unparsed.is_empty() {
            "their count or for_each is known only after apply".to_string()
        } else {
            format!(
                "{} does not parse",
                root_unparsed
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.notes.push(format!(
            "{unplanned} recorded resource instance(s) not found in the code were not reported as not_in_code: {why}"
        ));
    }
    out.drift.sort_by(|a, b| a.address.cmp(&b.address));
    out
}

impl InstanceDrift<'_> {
    /// The report's form: sensitive values left out.
    pub fn to_report(&self) -> ResourceDrift {
        ResourceDrift {
            address: self.address.clone(),
            status: self.status,
            attributes: self
                .differences
                .iter()
                .map(|d| AttributeDrift {
                    path: path_text(&d.steps),
                    declared: (!d.sensitive).then(|| to_json(&d.declared)),
                    recorded: (!d.sensitive).then(|| d.recorded.clone()),
                    sensitive: d.sensitive,
                })
                .collect(),
            file: self.declared.map(|r| r.location.file.clone()),
            line: self.declared.map(|r| r.location.line),
        }
    }
}

/// Whether `file` belongs to the tree of modules root `root` calls (its own directory or
/// one below it).
fn in_root_tree(model: &Model, root: &str, file: &str) -> bool {
    let dir = aetheredge_model::iac::parent_dir(file);
    dir == root
        || model
            .modules
            .get(root)
            .is_some_and(|_| dir.starts_with(root))
}

/// The first module call on the way to `module_address` (`module.app[0].module.db`) whose
/// source is not a directory of this repository, as written in the address.
fn opaque_module(model: &Model, root: &str, module_address: &str) -> Option<String> {
    let mut config: &ModuleConfig = model.modules.get(root)?;
    let mut walked = String::new();
    for segment in module_segments(module_address) {
        let name = segment.split('[').next().unwrap_or(segment);
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str("module.");
        walked.push_str(segment);
        let call = config.calls.iter().find(|c| c.name == name)?;
        match call
            .local_dir(&config.dir)
            .and_then(|dir| model.modules.get(&dir))
        {
            Some(child) => config = child,
            None => return Some(walked),
        }
    }
    None
}

/// `module.app[0].module.db` → `["app[0]", "db"]`.
fn module_segments(address: &str) -> Vec<&str> {
    if address.is_empty() {
        return Vec::new();
    }
    address
        .split("module.")
        .map(|s| s.trim_end_matches('.'))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The differences of one instance present on both sides.
fn differences(model: &Model, resource: &Resource, instance: &RecordedInstance) -> Vec<Difference> {
    let ignored = ignored_paths(&resource.decl);
    if ignored.iter().any(|p| p.is_empty()) {
        return Vec::new(); // ignore_changes = all
    }
    let sensitive_vars = sensitive_variables(model, &resource.decl);
    let mut out = Vec::new();
    for (name, declared) in resource.attributes.iter() {
        let recorded = instance.attributes.get(name).unwrap_or(&Json::Null);
        let mut found = Vec::new();
        diff(
            declared,
            recorded,
            vec![Step::Key(name.clone())],
            true,
            &mut found,
        );
        for mut d in found {
            if ignored.iter().any(|p| d.steps.starts_with(p)) {
                continue;
            }
            d.sensitive = instance.sensitive.iter().any(|s| is_within(&d.steps, s))
                || argument_reads(&resource.decl, name, &sensitive_vars);
            out.push(d);
        }
    }
    out
}

/// Whether path `steps` is the sensitive path `marked` or lies inside it.
fn is_within(steps: &[Step], marked: &str) -> bool {
    (1..=steps.len()).any(|n| path_text(&steps[..n]) == marked)
}

/// Compares a declared value with the recorded one at `path`, pushing every difference.
/// `is_map` says an object here is an attribute's map (keys the code does not declare
/// but the state records are drift) rather than a block (whose other keys the provider fills).
fn diff(
    declared: &Value,
    recorded: &Json,
    path: Vec<Step>,
    is_map: bool,
    out: &mut Vec<Difference>,
) {
    match declared {
        Value::Null | Value::Unknown(_) => {}
        Value::Partial(map, _) => {
            for (key, value) in map.iter() {
                let mut p = path.clone();
                p.push(Step::Key(key.clone()));
                diff(
                    value,
                    recorded.get(key).unwrap_or(&Json::Null),
                    p,
                    false,
                    out,
                );
            }
        }
        Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            if !scalar_equal(declared, recorded) {
                out.push(difference(path, declared, recorded));
            }
        }
        Value::Object(map) => {
            let Json::Object(recorded_map) = recorded else {
                if !(map.is_empty() && recorded.is_null()) {
                    out.push(difference(path, declared, recorded));
                }
                return;
            };
            for (key, value) in map {
                let mut p = path.clone();
                p.push(Step::Key(key.clone()));
                diff(
                    value,
                    recorded_map.get(key).unwrap_or(&Json::Null),
                    p,
                    false,
                    out,
                );
            }
            let flat = recorded_map
                .values()
                .all(|v| !v.is_object() && !v.is_array());
            if is_map && flat {
                for (key, value) in recorded_map {
                    if !map.contains_key(key) && !value.is_null() {
                        let mut p = path.clone();
                        p.push(Step::Key(key.clone()));
                        out.push(difference(p, &Value::Null, value));
                    }
                }
            }
        }
        Value::List(items) => diff_list(items, recorded, path, out),
    }
}

fn diff_list(items: &[Value], recorded: &Json, path: Vec<Step>, out: &mut Vec<Difference>) {
    let recorded_items: &[Json] = match recorded {
        Json::Array(r) => r,
        Json::Null if items.is_empty() => return,
        // A block the provider records as one object (a single nested block).
        Json::Object(_) if items.len() == 1 && matches!(items[0], Value::Object(_)) => {
            return diff(&items[0], recorded, path, false, out);
        }
        _ => return out.push(difference(path, &Value::List(items.to_vec()), recorded)),
    };
    let differs = |d: &Value, r: &Json| {
        let mut found = Vec::new();
        diff(d, r, Vec::new(), false, &mut found);
        !found.is_empty()
    };
    if items.len() == recorded_items.len() {
        if items
            .iter()
            .zip(recorded_items)
            .all(|(d, r)| !differs(d, r))
        {
            return;
        }
        // A set: every declared element matches a distinct recorded one. Scalars are
        // matched by sorting (what they compare equal as), blocks pairwise up to a bound, so a
        // hostile list costs n log n, not n².
        let matched = if items.iter().all(is_scalar) {
            same_scalars(items, recorded_items)
        } else if items.len() <= MAX_SET_PAIRING {
            let mut used = vec![false; recorded_items.len()];
            items.iter().all(|d| {
                let found = recorded_items
                    .iter()
                    .enumerate()
                    .find(|(j, r)| !used[*j] && !differs(d, r));
                found.map(|(j, _)| used[j] = true).is_some()
            })
        } else {
            false
        };
        if matched {
            return;
        }
        if items.iter().all(|d| matches!(d, Value::Object(_))) {
            for (i, (d, r)) in items.iter().zip(recorded_items).enumerate() {
                let mut p = path.clone();
                p.push(Step::Index(i));
                diff(d, r, p, false, out);
            }
            return;
        }
    }
    let keys: BTreeSet<&String> = items
        .iter()
        .filter_map(|v| match v {
            Value::Object(m) => Some(m.keys()),
            _ => None,
        })
        .flatten()
        .collect();
    // The recorded blocks shown with only the arguments the code writes.
    let shown = if keys.is_empty() {
        recorded.clone()
    } else {
        Json::Array(
            recorded_items
                .iter()
                .map(|r| match r {
                    Json::Object(m) => Json::Object(
                        m.iter()
                            .filter(|(k, _)| keys.contains(k))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    ),
                    other => other.clone(),
                })
                .collect(),
        )
    };
    out.push(difference(path, &Value::List(items.to_vec()), &shown));
}

/// Lists of blocks longer than this are compared in order only.
const MAX_SET_PAIRING: usize = 512;

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::Bool(_) | Value::Number(_) | Value::String(_))
}

/// Whether two lists of scalars hold the same elements in any order, each compared as the
/// text Terraform converts it to (`1` and `"1"`, `true` and `"true"` alike).
fn same_scalars(declared: &[Value], recorded: &[Json]) -> bool {
    let text = |v: &Json| match v {
        Json::String(s) => Some(
            s.trim()
                .parse::<f64>()
                .map_or_else(|_| s.clone(), number_text),
        ),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => n.as_f64().map(number_text),
        _ => None,
    };
    let mut a: Vec<Option<String>> = declared.iter().map(|v| text(&to_json(v))).collect();
    let mut b: Vec<Option<String>> = recorded.iter().map(text).collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b && a.iter().all(Option::is_some)
}

/// A number as text, with numeric strings read the same way (`"1.0"` and `1`).
fn number_text(n: f64) -> String {
    format!("{n}")
}

fn difference(steps: Vec<Step>, declared: &Value, recorded: &Json) -> Difference {
    Difference {
        steps,
        declared: declared.clone(),
        recorded: recorded.clone(),
        sensitive: false,
    }
}

/// Equality of a known scalar and a recorded value under Terraform's conversions.
fn scalar_equal(declared: &Value, recorded: &Json) -> bool {
    match (declared, recorded) {
        (Value::String(a), Json::String(b)) => a == b,
        (Value::Bool(a), Json::Bool(b)) => a == b,
        (Value::Number(a), Json::Number(b)) => b.as_f64().is_some_and(|b| numbers_equal(*a, b)),
        (Value::String(a), Json::Number(b)) => a
            .trim()
            .parse::<f64>()
            .ok()
            .zip(b.as_f64())
            .is_some_and(|(a, b)| numbers_equal(a, b)),
        (Value::Number(a), Json::String(b)) => {
            b.trim().parse::<f64>().is_ok_and(|b| numbers_equal(*a, b))
        }
        (Value::String(a), Json::Bool(b)) | (Value::Bool(b), Json::String(a)) => {
            a == if *b { "true" } else { "false" }
        }
        _ => false,
    }
}

fn numbers_equal(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= f64::EPSILON * a.abs().max(b.abs())
}

/// A model value as JSON (integers without a fraction).
pub fn to_json(value: &Value) -> Json {
    match value {
        Value::Null | Value::Unknown(_) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Json::from(*n as i64),
        Value::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Object(map) => {
            Json::Object(map.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
        Value::Partial(map, _) => {
            Json::Object(map.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// The paths under `lifecycle { ignore_changes = [...] }`; an empty path for `all`.
pub fn ignored_paths(decl: &ResourceDecl) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    for structure in decl.block.body.iter() {
        let hcl::Structure::Block(lifecycle) = structure else {
            continue;
        };
        if lifecycle.identifier.as_str() != "lifecycle" {
            continue;
        }
        for attribute in lifecycle.body.attributes() {
            if attribute.key.as_str() != "ignore_changes" {
                continue;
            }
            match &attribute.expr {
                hcl::Expression::Variable(v) if v.as_str() == "all" => out.push(Vec::new()),
                hcl::Expression::String(s) if s == "all" => out.push(Vec::new()),
                hcl::Expression::Array(items) => {
                    out.extend(items.iter().filter_map(expression_path));
                }
                _ => {}
            }
        }
    }
    out
}

/// `tags`, `tags["Env"]`, `ingress[0].cidr_blocks`, or the legacy string `"tags"`.
fn expression_path(expr: &hcl::Expression) -> Option<Vec<Step>> {
    match expr {
        hcl::Expression::Variable(v) => Some(vec![Step::Key(v.to_string())]),
        hcl::Expression::String(s) => {
            Some(s.split('.').map(|k| Step::Key(k.to_string())).collect())
        }
        hcl::Expression::Traversal(t) => {
            let hcl::Expression::Variable(root) = &t.expr else {
                return None;
            };
            let mut steps = vec![Step::Key(root.to_string())];
            for op in &t.operators {
                steps.push(match op {
                    hcl::TraversalOperator::GetAttr(k) => Step::Key(k.to_string()),
                    hcl::TraversalOperator::Index(hcl::Expression::String(k)) => {
                        Step::Key(k.clone())
                    }
                    hcl::TraversalOperator::Index(hcl::Expression::Number(n)) => {
                        Step::Index(n.as_u64()? as usize)
                    }
                    hcl::TraversalOperator::LegacyIndex(i) => Step::Index(*i as usize),
                    _ => return None,
                });
            }
            Some(steps)
        }
        _ => None,
    }
}

/// The sensitive variables of the module that declares `decl`.
fn sensitive_variables(model: &Model, decl: &ResourceDecl) -> BTreeSet<String> {
    let dir = aetheredge_model::iac::parent_dir(&decl.location.file);
    model
        .modules
        .get(dir)
        .map(|m| {
            m.variables
                .values()
                .filter(|v| v.sensitive)
                .map(|v| v.name.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether argument `name` is written with a sensitive variable or `sensitive(…)`.
fn argument_reads(decl: &ResourceDecl, name: &str, sensitive_vars: &BTreeSet<String>) -> bool {
    decl.arguments().any(|s| match s {
        hcl::Structure::Attribute(a) if a.key.as_str() == name => {
            let text = hcl::format::to_string(&a.expr).unwrap_or_default();
            text.contains("sensitive(")
                || sensitive_vars.iter().any(|v| {
                    text.match_indices(&format!("var.{v}")).any(|(i, m)| {
                        !text[i + m.len()..].starts_with(|c: char| {
                            c.is_ascii_alphanumeric() || c == '_' || c == '-'
                        })
                    })
                })
        }
        _ => false,
    })
}

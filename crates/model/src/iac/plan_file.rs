//! Terraform plan files in the tree: the JSON that `terraform show -json PLAN` writes (and
//! `terraform show -json` of a state, whose `values` have the same shape). Their resources
//! are read as planned — values known at plan time as they are, the ones the plan marks
//! `after_unknown` as unknown — and judged by the misconfiguration rules like the resources
//! of the Terraform files. They are not part of what the change plans: the plan, the cost
//! and the policies read the configuration itself.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::Value as J;

use super::budget::LIMIT_EXCEEDED;
use super::module::{Location, Mode, ResourceDecl};
use super::parse::TopBlock;
use super::value::{Unknown, Value};
use super::{Diagnostic, Resource};
use crate::repo::SourceFile;
use aetheredge_core::limits::{Limit, LimitExceeded, Limits};

/// The rule of a plan file that does not parse.
pub const PLAN_FILE_INVALID: &str = "brahma/plan-file-invalid";

/// Whether a file looks like a plan (or state) file: a `.json` file, not Terraform's own
/// `.tf.json`, that names a root module's planned or recorded values. Decided on the text,
/// before anything parses it.
pub fn is_plan_file(file: &SourceFile) -> bool {
    file.path.ends_with(".json")
        && !file.path.ends_with(".tf.json")
        && file.text.contains("\"format_version\"")
        && file.text.contains("\"root_module\"")
        && (file.text.contains("\"planned_values\"") || file.text.contains("\"values\""))
}

/// The resources a plan file plans, or why it cannot be read.
pub fn load(file: &SourceFile, limits: &Limits) -> Result<Vec<Resource>, Diagnostic> {
    let error = |rule_id: &str, line: u32, column: u32, message: String| {
        let at = Location {
            file: file.path.clone(),
            line,
        };
        Diagnostic::error(rule_id, &at, &message).at_column(column)
    };
    // The parser recurses: the nesting is bounded before it sees the text.
    if let Err(deep) = aetheredge_core::limits::yaml_nesting(&file.text, limits.decode_depth) {
        let limit = LimitExceeded {
            limit: Limit::DecodeDepth,
            max: limits.decode_depth,
            reached: deep.depth,
        };
        return Err(error(LIMIT_EXCEEDED, deep.line, 1, limit.to_string()));
    }
    let json: J = serde_json::from_str(&file.text).map_err(|e| {
        error(
            PLAN_FILE_INVALID,
            e.line() as u32,
            e.column() as u32,
            format!("the plan file is not valid JSON: {e}"),
        )
    })?;
    let root = json
        .get("planned_values")
        .or_else(|| json.get("values"))
        .and_then(|v| v.get("root_module"));
    let Some(root) = root else {
        return Err(error(
            PLAN_FILE_INVALID,
            1,
            1,
            "the plan file has no `planned_values.root_module` (nor a state's `values.root_module`)"
                .into(),
        ));
    };
    let unknown: BTreeMap<&str, &J> = json
        .get("resource_changes")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| {
            Some((
                c.get("address")?.as_str()?,
                c.get("change")?.get("after_unknown")?,
            ))
        })
        .collect();
    let mut planned = Vec::new();
    collect(root, &mut planned, limits.module_depth, 0);
    if planned.len() > limits.instances_per_root {
        let limit = LimitExceeded {
            limit: Limit::InstancesPerRoot,
            max: limits.instances_per_root,
            reached: planned.len(),
        };
        return Err(error(LIMIT_EXCEEDED, 1, 1, limit.to_string()));
    }
    let lines = AddressLines::new(&file.text);
    let mut seen = BTreeSet::new();
    let mut resources = Vec::new();
    for r in planned {
        let (Some(address), Some(resource_type), Some(name)) = (
            r.get("address").and_then(J::as_str),
            r.get("type").and_then(J::as_str),
            r.get("name").and_then(J::as_str),
        ) else {
            continue;
        };
        if !seen.insert(address) {
            continue;
        }
        let mode = match r.get("mode").and_then(J::as_str) {
            Some("data") => Mode::Data,
            _ => Mode::Managed,
        };
        let after_unknown = unknown.get(address).copied();
        let values = r
            .get("values")
            .cloned()
            .unwrap_or(J::Object(Default::default()));
        let written = written_expressions(json.get("configuration"), address);
        let attributes = match with_unknowns(Some(&values), after_unknown, written, address) {
            Value::Object(map) => map,
            _ => BTreeMap::new(),
        };
        let location = Location {
            file: file.path.clone(),
            line: lines.line_of(address),
        };
        let provider = r
            .get("provider_name")
            .and_then(J::as_str)
            .and_then(|p| p.rsplit('/').next())
            .unwrap_or_else(|| resource_type.split('_').next().unwrap_or(""))
            .to_string();
        let kind = if mode == Mode::Data {
            "data"
        } else {
            "resource"
        };
        let decl = ResourceDecl {
            mode,
            resource_type: resource_type.into(),
            name: name.into(),
            count: None,
            for_each: None,
            provider: provider.clone(),
            block: Arc::new(TopBlock {
                kind: kind.into(),
                labels: vec![resource_type.into(), name.into()],
                body: hcl::Body::default(),
                line: location.line,
                end_line: location.line,
                member_lines: BTreeMap::new(),
                nested_keys: Vec::new(),
            }),
            location: location.clone(),
        };
        resources.push(Resource {
            root: file.path.clone(),
            address: address.into(),
            module: module_of(address).into(),
            mode,
            resource_type: resource_type.into(),
            name: name.into(),
            provider,
            attributes: Arc::new(attributes),
            location,
            decl: Arc::new(decl),
        });
    }
    tracing::debug!(plan_file = %file.path, resources = resources.len(), "plan file read");
    Ok(resources)
}

/// Every resource of a module of the plan and of its child modules, to `max_depth` levels.
fn collect<'j>(module: &'j J, out: &mut Vec<&'j J>, max_depth: usize, depth: usize) {
    if let Some(resources) = module.get("resources").and_then(J::as_array) {
        out.extend(resources);
    }
    if depth >= max_depth {
        return;
    }
    for child in module
        .get("child_modules")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        collect(child, out, max_depth, depth + 1);
    }
}

/// A planned value with the parts the plan marks unknown (`after_unknown: true`) as
/// unknowns: the plan leaves them out of `values`. `written` is the configuration's
/// expressions at the same place, when the plan has them: an argument the configuration does
/// not write is left to the provider, which the plan also marks unknown; it is read as unset.
fn with_unknowns(value: Option<&J>, unknown: Option<&J>, written: Option<&J>, path: &str) -> Value {
    if unknown == Some(&J::Bool(true)) {
        return Value::Unknown(Unknown::of(path.to_string()));
    }
    match value {
        Some(J::Object(map)) => {
            let unknown = unknown.and_then(J::as_object);
            let written = written.and_then(J::as_object);
            let mut out = BTreeMap::new();
            for (key, v) in map {
                let u = unknown.and_then(|u| u.get(key));
                let w = written.and_then(|w| w.get(key));
                out.insert(
                    key.clone(),
                    with_unknowns(Some(v), u, w, &format!("{path}.{key}")),
                );
            }
            for (key, u) in unknown.into_iter().flatten() {
                let unwritten = written.is_some_and(|w| !w.contains_key(key));
                if !map.contains_key(key) && *u == J::Bool(true) && !unwritten {
                    out.insert(
                        key.clone(),
                        Value::Unknown(Unknown::of(format!("{path}.{key}"))),
                    );
                }
            }
            Value::Object(out)
        }
        Some(J::Array(items)) => {
            let unknown = unknown.and_then(J::as_array);
            // A block's expressions are a list of the blocks written; an attribute's, one
            // expression (`constant_value`, `references`) for the whole list.
            let written = written.and_then(J::as_array);
            Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let u = unknown.and_then(|u| u.get(i));
                        let w = written.and_then(|w| w.get(i));
                        with_unknowns(Some(item), u, w, &format!("{path}[{i}]"))
                    })
                    .collect(),
            )
        }
        Some(v) => Value::from_json(v),
        None => Value::Null,
    }
}

/// The expressions the configuration writes for a planned resource
/// (`configuration.root_module…resources[].expressions`), found by its address without
/// instance keys, through `module_calls`.
fn written_expressions<'j>(configuration: Option<&'j J>, address: &str) -> Option<&'j J> {
    let mut module = configuration?.get("root_module")?;
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let name_end = after.find(['.', '['])?;
        let name = &after[..name_end];
        let mut tail = &after[name_end..];
        if tail.starts_with('[') {
            tail = &tail[tail.find("].")? + 1..];
        }
        rest = tail.strip_prefix('.')?;
        module = module.get("module_calls")?.get(name)?.get("module")?;
    }
    let resource = match rest.rfind('[') {
        Some(open) if rest.ends_with(']') => &rest[..open],
        _ => rest,
    };
    module
        .get("resources")?
        .as_array()?
        .iter()
        .find(|r| r.get("address").and_then(J::as_str) == Some(resource))?
        .get("expressions")
}

/// `module.a.module.b` of `module.a.module.b.aws_s3_bucket.x[0]`, `""` in the root module.
fn module_of(address: &str) -> &str {
    let mut end = 0;
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        // The module's name, and its instance key if any.
        let name_end = after.find(['.', '[']).unwrap_or(after.len());
        let mut consumed = "module.".len() + name_end;
        let tail = &after[name_end..];
        if tail.starts_with('[') {
            match tail.find(']') {
                Some(close) => consumed += close + 1,
                None => break,
            }
        }
        end += consumed;
        rest = &address[end..];
        match rest.strip_prefix('.') {
            Some(r) if r.starts_with("module.") => {
                rest = r;
                end += 1;
            }
            _ => break,
        }
    }
    &address[..end]
}

/// The line on which each `"address"` value first appears in the file, found in one pass
/// (a plan of 10,000 resources is not searched 10,000 times).
struct AddressLines {
    first_line: std::collections::HashMap<String, u32>,
}

impl AddressLines {
    fn new(text: &str) -> Self {
        let mut first_line = std::collections::HashMap::new();
        let (mut line, mut counted) = (1u32, 0usize);
        for (at, key) in text.match_indices("\"address\"") {
            let rest = text[at + key.len()..].trim_start();
            let Some(value) = rest.strip_prefix(':').map(str::trim_start) else {
                continue;
            };
            if !value.starts_with('"') {
                continue;
            }
            // The string up to its closing quote; escapes are undone by the JSON parser.
            let mut end = None;
            let mut escaped = false;
            for (i, c) in value.char_indices().skip(1) {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { continue };
            let Ok(address) = serde_json::from_str::<String>(&value[..=end]) else {
                continue;
            };
            line += text[counted..at].matches('\n').count() as u32;
            counted = at;
            first_line.entry(address).or_insert(line);
        }
        AddressLines { first_line }
    }

    fn line_of(&self, address: &str) -> u32 {
        self.first_line.get(address).copied().unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_s_expressions_are_found_through_module_calls() {
        let configuration = serde_json::json!({"root_module": {
            "resources": [{"address": "aws_s3_bucket.b", "expressions": {"bucket": {"constant_value": "b"}}}],
            "module_calls": {"net": {"module": {"resources": [
                {"address": "aws_subnet.a", "expressions": {"cidr_block": {"references": ["var.cidr"]}}}
            ]}}}
        }});
        let found = |address| written_expressions(Some(&configuration), address).cloned();
        assert!(found("aws_s3_bucket.b").unwrap().get("bucket").is_some());
        assert!(found("module.net.aws_subnet.a[0]")
            .unwrap()
            .get("cidr_block")
            .is_some());
        assert!(found("module.net[\"x\"].aws_subnet.a")
            .unwrap()
            .get("cidr_block")
            .is_some());
        assert_eq!(found("module.other.aws_subnet.a"), None);
    }

    #[test]
    fn an_unknown_the_configuration_does_not_write_is_left_to_the_provider() {
        let values = serde_json::json!({"boot_disk": [{"mode": "READ_WRITE"}], "name": "vm"});
        let unknown = serde_json::json!({"id": true, "boot_disk": [{"kms_key_self_link": true, "source": true}]});
        let written = serde_json::json!({"name": {"constant_value": "vm"}, "boot_disk": [{"source": {"references": ["google_compute_disk.d.id"]}}]});
        let Value::Object(planned) =
            with_unknowns(Some(&values), Some(&unknown), Some(&written), "r")
        else {
            panic!("an object");
        };
        assert!(!planned.contains_key("id"));
        let Some(Value::List(disks)) = planned.get("boot_disk") else {
            panic!("a list")
        };
        assert!(disks[0].get("kms_key_self_link").is_none());
        assert!(matches!(disks[0].get("source"), Some(Value::Unknown(_))));
        // Without the configuration, every unknown stays unknown.
        let Value::Object(planned) = with_unknowns(Some(&values), Some(&unknown), None, "r") else {
            panic!("an object");
        };
        assert!(matches!(planned.get("id"), Some(Value::Unknown(_))));
    }

    #[test]
    fn a_module_address_is_the_part_before_the_resource() {
        assert_eq!(module_of("aws_s3_bucket.b"), "");
        assert_eq!(module_of("module.net.aws_subnet.a[0]"), "module.net");
        assert_eq!(
            module_of("module.a[\"x.y\"].module.b.aws_s3_bucket.c"),
            "module.a[\"x.y\"].module.b"
        );
    }
}

//! The input OPA's Terraform policies read: a root module's plan shaped like
//! `terraform show -json` of Brahma's plan, built from the models.
//!
//! Filled: `format_version`, `terraform_version`, `resource_changes[]` (`address`,
//! `module_address`, `mode`, `type`, `name`, `index`, `provider_name`, `change.actions`,
//! `change.before`, `change.after`, `change.after_unknown`, `before_sensitive`,
//! `after_sensitive` as `false`), `planned_values.root_module` (`resources` and
//! `child_modules` with `values`), `configuration.root_module` (`resources` with
//! `expressions` as `constant_value` or `references`, `module_calls` with `source` and
//! their `module`) and `configuration.provider_config`. Managed resources only; a
//! resource the change leaves alone has `["no-op"]`, a replace is `["delete", "create"]`.
//! Not filled: `prior_state`, `output_changes`, `variables`, sensitivity.
//!
//! One addition terraform's JSON does not have: `aetheredge.references`, by resource
//! address and then attribute, the addresses of the resources that attribute refers to
//! (`aws_s3_bucket_public_access_block.b` → `bucket` → `["aws_s3_bucket.b"]`). The built-in
//! library uses it to join resources AWS configures separately. And
//! `aetheredge.resources_by_type`: the resource changes that are not deletions, by type, so
//! a rule finds its resources without scanning every change.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Map, Value as J};

use crate::iac::{Mode, Model, Resource, Value};
use crate::report::{Action, Plan};

/// The `terraform_version` the input claims: the language it is evaluated as.
pub const TERRAFORM_VERSION: &str = "1.9.0";

/// The repo-relative root directory as the plan names it (`.` for the repo root).
fn display_root(root: &str) -> String {
    if root.is_empty() {
        ".".to_string()
    } else {
        root.to_string()
    }
}

/// The plan input of every root module of `side`, by root directory (`""` for the repo
/// root). `plan` is the change from `base` to `side`; without it, nothing changes.
pub fn plan_inputs(side: &Model, base: Option<&Model>, plan: Option<&Plan>) -> Vec<(String, J)> {
    let mut actions: HashMap<(String, String), (Action, Option<String>)> = HashMap::new();
    let mut roots: BTreeSet<String> = side.roots.iter().cloned().collect();
    if let Some(plan) = plan {
        for c in &plan.changes {
            let root = if c.root == "." {
                String::new()
            } else {
                c.root.clone()
            };
            roots.insert(root.clone());
            actions.insert((root, c.address.clone()), (c.action, c.moved_from.clone()));
        }
    }
    let base_index: HashMap<(&str, &str), &Resource> = base
        .map(|m| {
            m.managed()
                .map(|r| ((r.root.as_str(), r.address.as_str()), r))
                .collect()
        })
        .unwrap_or_default();

    roots
        .into_iter()
        .map(|root| {
            let resources: Vec<&Resource> = side.managed().filter(|r| r.root == root).collect();
            let mut changes = Vec::new();
            for r in &resources {
                let (action, moved_from) = actions
                    .get(&(root.clone(), r.address.clone()))
                    .cloned()
                    .map(|(a, m)| (Some(a), m))
                    .unwrap_or((None, None));
                let before_address = moved_from.as_deref().unwrap_or(&r.address);
                let before = match action {
                    Some(Action::Create) => None,
                    _ => base_index
                        .get(&(root.as_str(), before_address))
                        .map(|b| object_json(&b.attributes))
                        .or_else(|| Some(object_json(&r.attributes))),
                };
                let actions = match action {
                    None => vec!["no-op"],
                    Some(Action::Create) => vec!["create"],
                    Some(Action::Update) => vec!["update"],
                    Some(Action::Replace) => vec!["delete", "create"],
                    Some(Action::Delete) => vec!["delete"],
                };
                let mut change = resource_head(r);
                if let Some(from) = moved_from {
                    change.insert("previous_address".into(), J::String(from));
                }
                change.insert(
                    "change".into(),
                    json!({
                        "actions": actions,
                        "before": before.unwrap_or(J::Null),
                        "after": object_json(&r.attributes),
                        "after_unknown": object_mask(&r.attributes),
                        "before_sensitive": false,
                        "after_sensitive": false,
                    }),
                );
                changes.push(J::Object(change));
            }
            // Deleted: in base, not at this side.
            for ((change_root, address), (action, _)) in &actions {
                if *change_root != root || *action != Action::Delete {
                    continue;
                }
                if let Some(b) = base_index.get(&(root.as_str(), address.as_str())) {
                    let mut change = resource_head(b);
                    change.insert(
                        "change".into(),
                        json!({
                            "actions": ["delete"],
                            "before": object_json(&b.attributes),
                            "after": null,
                            "after_unknown": {},
                            "before_sensitive": false,
                            "after_sensitive": false,
                        }),
                    );
                    changes.push(J::Object(change));
                }
            }
            changes.sort_by(|a, b| a["address"].as_str().cmp(&b["address"].as_str()));
            // Changes that leave the resource in place, by type (the library's index).
            let mut by_type: Map<String, J> = Map::new();
            for c in &changes {
                if c["change"]["actions"] == json!(["delete"]) {
                    continue;
                }
                let t = c["type"].as_str().unwrap_or_default().to_string();
                if let J::Array(list) = by_type.entry(t).or_insert_with(|| J::Array(Vec::new())) {
                    list.push(c.clone());
                }
            }
            let input = json!({
                "format_version": "1.2",
                "terraform_version": TERRAFORM_VERSION,
                "aetheredge": {
                    "root": display_root(&root),
                    "references": references(&resources),
                    "resources_by_type": by_type,
                },
                "planned_values": {"root_module": planned_module("", &resources)},
                "resource_changes": changes,
                "configuration": configuration(side, &root, &resources),
            });
            (root, input)
        })
        .collect()
}

fn object_json(attributes: &BTreeMap<String, Value>) -> J {
    J::Object(
        attributes
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect(),
    )
}

fn object_mask(attributes: &BTreeMap<String, Value>) -> J {
    J::Object(
        attributes
            .iter()
            .filter(|(_, v)| !v.is_wholly_known())
            .map(|(k, v)| (k.clone(), v.unknown_mask()))
            .collect(),
    )
}

/// `registry.terraform.io/hashicorp/aws` for an `aws_*` resource.
pub fn provider_name(resource_type: &str) -> String {
    let provider = resource_type.split('_').next().unwrap_or(resource_type);
    format!("registry.terraform.io/hashicorp/{provider}")
}

/// The instance key of an address: `[0]` → 0, `["a"]` → "a".
fn index_of(address: &str) -> Option<J> {
    let key = address.strip_suffix(']')?;
    let open = key.rfind('[')?;
    let inner = &key[open + 1..];
    if let Some(s) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(J::String(s.to_string()))
    } else {
        inner.parse::<i64>().ok().map(J::from)
    }
}

fn resource_head(r: &Resource) -> Map<String, J> {
    let mut m = Map::new();
    m.insert("address".into(), J::String(r.address.clone()));
    if !r.module.is_empty() {
        m.insert("module_address".into(), J::String(r.module.clone()));
    }
    m.insert(
        "mode".into(),
        J::String(match r.mode {
            Mode::Managed => "managed".into(),
            Mode::Data => "data".into(),
        }),
    );
    m.insert("type".into(), J::String(r.resource_type.clone()));
    m.insert("name".into(), J::String(r.name.clone()));
    if let Some(index) = index_of(&r.address) {
        m.insert("index".into(), index);
    }
    m.insert(
        "provider_name".into(),
        J::String(provider_name(&r.resource_type)),
    );
    m
}

/// `planned_values`' module: its resources, and child modules by module address.
fn planned_module(address: &str, resources: &[&Resource]) -> J {
    let mut own = Vec::new();
    let mut children: BTreeMap<String, Vec<&Resource>> = BTreeMap::new();
    for r in resources {
        if r.module == address {
            let mut m = resource_head(r);
            m.insert("schema_version".into(), J::from(0));
            m.insert("values".into(), object_json(&r.attributes));
            m.insert("sensitive_values".into(), json!({}));
            own.push(J::Object(m));
        } else {
            // The next module step below `address`.
            let rest = if address.is_empty() {
                r.module.as_str()
            } else {
                r.module
                    .strip_prefix(address)
                    .and_then(|s| s.strip_prefix('.'))
                    .unwrap_or("")
            };
            let step = next_module_step(rest);
            let child = if address.is_empty() {
                step
            } else {
                format!("{address}.{step}")
            };
            children.entry(child).or_default().push(r);
        }
    }
    let mut out = Map::new();
    if !address.is_empty() {
        out.insert("address".into(), J::String(address.to_string()));
    }
    out.insert("resources".into(), J::Array(own));
    if !children.is_empty() {
        out.insert(
            "child_modules".into(),
            J::Array(
                children
                    .iter()
                    .map(|(a, rs)| planned_module(a, rs))
                    .collect(),
            ),
        );
    }
    J::Object(out)
}

/// `module.a[0].module.b` → `module.a[0]`.
fn next_module_step(module: &str) -> String {
    let rest = module.strip_prefix("module.").unwrap_or(module);
    match rest.find(".module.") {
        Some(i) => format!("module.{}", &rest[..i]),
        None => format!("module.{rest}"),
    }
}

/// Addresses without instance keys: `module.a[0].aws_x.y["k"]` → `module.a.aws_x.y`.
pub fn strip_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_string = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => in_string = !in_string,
            '[' if !in_string => depth += 1,
            ']' if !in_string && depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// For each resource and top-level attribute, the resources its unknown parts refer to.
fn references(resources: &[&Resource]) -> J {
    let exact: BTreeSet<&str> = resources.iter().map(|r| r.address.as_str()).collect();
    let mut by_base: HashMap<String, Vec<&str>> = HashMap::new();
    for r in resources {
        by_base
            .entry(strip_keys(&r.address))
            .or_default()
            .push(&r.address);
    }
    let resolve = |reference: &str| -> Vec<String> {
        let mut candidate = reference.to_string();
        loop {
            if exact.contains(candidate.as_str()) {
                return vec![candidate];
            }
            if let Some(all) = by_base.get(&candidate) {
                return all.iter().map(|s| s.to_string()).collect();
            }
            match candidate.rfind('.') {
                Some(i) => candidate.truncate(i),
                None => return Vec::new(),
            }
        }
    };
    // Literal links: `bucket = "logs"` names the bucket whose `bucket` is "logs".
    let mut by_literal: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in resources {
        for key in ["bucket", "id", "name", "arn"] {
            if let Some(Value::String(v)) = r.attributes.get(key) {
                by_literal.entry(v.as_str()).or_default().push(&r.address);
            }
        }
    }
    let links_by_literal = |name: &str| {
        name == "bucket"
            || name.ends_with("_id")
            || name.ends_with("_name")
            || name.ends_with("_arn")
    };
    let mut out = Map::new();
    for r in resources {
        let mut attrs = Map::new();
        for (name, value) in r.attributes.iter() {
            let refs = value.unknown_refs();
            let mut targets: BTreeSet<String> = BTreeSet::new();
            for reference in &refs.refs {
                targets.extend(resolve(reference));
            }
            if let (true, Value::String(v)) = (links_by_literal(name), value) {
                if let Some(named) = by_literal.get(v.as_str()) {
                    targets.extend(named.iter().map(|s| s.to_string()));
                }
            }
            targets.remove(&r.address);
            if !targets.is_empty() {
                attrs.insert(name.clone(), json!(targets));
            }
        }
        if !attrs.is_empty() {
            out.insert(r.address.clone(), J::Object(attrs));
        }
    }
    J::Object(out)
}

/// `configuration`: declarations by module, with expressions as terraform shows them.
fn configuration(side: &Model, root: &str, resources: &[&Resource]) -> J {
    let mut root_module = json!({"resources": [], "module_calls": {}});
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for r in resources {
        let module_path: Vec<String> = strip_keys(&r.module)
            .split('.')
            .filter(|s| !s.is_empty() && *s != "module")
            .map(String::from)
            .collect();
        let declaration = format!("{}.{}", strip_keys(&r.module), r.name);
        if !seen.insert(format!("{declaration}|{}", r.resource_type)) {
            continue;
        }
        let mut target = &mut root_module;
        for name in &module_path {
            let calls = &mut target["module_calls"];
            if calls.get(name).is_none() {
                calls[name] = json!({"module": {"resources": [], "module_calls": {}}});
            }
            target = &mut calls[name]["module"];
        }
        let prefix = if r.module.is_empty() {
            String::new()
        } else {
            format!("{}.", r.module)
        };
        let expressions: Map<String, J> = r
            .attributes
            .iter()
            .map(|(k, v)| {
                let e = if v.is_wholly_known() {
                    json!({"constant_value": v.to_json()})
                } else {
                    let mut refs: BTreeSet<String> = BTreeSet::new();
                    for reference in v.unknown_refs().refs {
                        let relative = reference
                            .strip_prefix(&prefix)
                            .unwrap_or(&reference)
                            .to_string();
                        let mut parts: Vec<&str> = relative.split('.').collect();
                        refs.insert(relative.clone());
                        let keep = if parts.first() == Some(&"data") { 3 } else { 2 };
                        while parts.len() > keep {
                            parts.pop();
                            refs.insert(parts.join("."));
                        }
                    }
                    json!({"references": refs})
                };
                (k.clone(), e)
            })
            .collect();
        if let Some(J::Array(list)) = target.get_mut("resources") {
            list.push(json!({
                "address": format!("{}.{}", r.resource_type, r.name),
                "mode": "managed",
                "type": r.resource_type,
                "name": r.name,
                "provider_config_key": r.provider,
                "expressions": expressions,
                "schema_version": 0,
            }));
        }
    }
    // Module call sources, from the module configurations.
    if let Some(config) = side.modules.get(root) {
        if let Some(J::Object(calls)) = root_module.get_mut("module_calls") {
            for call in &config.calls {
                let entry = calls
                    .entry(call.name.clone())
                    .or_insert_with(|| json!({"module": {"resources": []}}));
                entry["source"] = J::String(call.source.clone());
                if let Some(v) = &call.version {
                    entry["version_constraint"] = J::String(v.clone());
                }
            }
        }
    }
    let provider_config: Map<String, J> = side
        .providers
        .iter()
        .filter(|p| p.root == root)
        .map(|p| {
            let mut m = json!({
                "name": p.name,
                "full_name": provider_name(&format!("{}_", p.name)),
                "expressions": p.attributes.iter().map(|(k, v)| (k.clone(), json!({"constant_value": v.to_json()}))).collect::<Map<String, J>>(),
            });
            if let Some(alias) = &p.alias {
                m["alias"] = J::String(alias.clone());
            }
            (p.address.clone(), m)
        })
        .collect();
    json!({"provider_config": provider_config, "root_module": root_module})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stripped_and_indices_read() {
        assert_eq!(
            strip_keys("module.a[0].aws_s3_bucket.b[\"x.y]\"]"),
            "module.a.aws_s3_bucket.b"
        );
        assert_eq!(index_of("aws_x.y[2]"), Some(J::from(2)));
        assert_eq!(index_of("aws_x.y[\"k\"]"), Some(J::String("k".into())));
        assert_eq!(index_of("aws_x.y"), None);
        assert_eq!(next_module_step("a[0].module.b"), "module.a[0]");
    }
}

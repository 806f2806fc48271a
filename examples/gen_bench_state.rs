//! Writes a Terraform state (format version 4) that records every managed resource of a
//! repository's root modules as the code at a revision declares it, plus the computed
//! attributes a provider adds (`id`, `arn`, `tags_all`), with drift planted: in every 50th
//! resource its tags (written as expressions: not healable by an edit), in every 10th
//! resource block the first literal argument (in all its instances: healable where it is
//! written), and every 500th a resource only the state has: the input of `bench/drift.sh`.
//!
//! usage: gen_bench_state REPO REV ROOT OUT

use std::collections::BTreeMap;

use aetheredge::iac::value::Value as Declared;
use aetheredge::iac::Mode;
use aetheredge::shiva::drift::to_json;
use serde_json::{json, Value};

/// What apply would record for a declared value: values known only after apply become a
/// provider-computed string.
fn recorded(value: &Declared) -> Value {
    match value {
        Declared::Unknown(_) | Declared::Partial(..) => json!("computed-by-provider"),
        Declared::List(items) => Value::Array(items.iter().map(recorded).collect()),
        Declared::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), recorded(v))).collect())
        }
        other => to_json(other),
    }
}

/// The first argument written as a number, bool or string literal, and a value unlike it.
fn first_literal(decl: &aetheredge::iac::module::ResourceDecl) -> Option<(String, Value)> {
    decl.arguments().find_map(|s| match s {
        hcl::Structure::Attribute(a) => match &a.expr {
            hcl::Expression::Number(n) => Some((a.key.to_string(), json!(n.as_f64()? + 1.0))),
            hcl::Expression::Bool(b) => Some((a.key.to_string(), json!(!b))),
            hcl::Expression::String(s) => Some((a.key.to_string(), json!(format!("{s}-live")))),
            _ => None,
        },
        _ => None,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [repo, rev, root, out] = args.as_slice() else {
        return Err("usage: gen_bench_state REPO REV ROOT OUT".into());
    };
    let tree = aetheredge::tree::load(std::path::Path::new(repo), Some(rev))?;
    let root = aetheredge::drift::model_dir(root);
    // Instances grouped by (module, type, name), as a state lists them.
    let mut grouped: BTreeMap<(String, String, String), Vec<Value>> = BTreeMap::new();
    let mut n = 0usize;
    let mut blocks = 0usize;
    for r in tree
        .model
        .resources
        .iter()
        .filter(|r| r.root == root && r.mode == Mode::Managed)
    {
        n += 1;
        let mut attributes: serde_json::Map<String, Value> = r
            .attributes
            .iter()
            .map(|(k, v)| (k.clone(), recorded(v)))
            .collect();
        attributes.insert("id".into(), json!(format!("id-{n}")));
        attributes.insert(
            "arn".into(),
            json!(format!("arn:aws:bench:::{}", r.address)),
        );
        if let Some(tags) = attributes.get("tags").cloned() {
            attributes.insert("tags_all".into(), tags);
        }
        if n % 50 == 0 {
            attributes.insert("tags".into(), json!({"Changed": "by hand"}));
        }
        let block = (r.module.clone(), r.resource_type.clone(), r.name.clone());
        if !grouped.contains_key(&block) {
            blocks += 1;
        }
        if blocks % 10 == 0 {
            if let Some((name, changed)) = first_literal(&r.decl) {
                attributes.insert(name, changed);
            }
        }
        let index_key = r.address.rsplit_once('[').map(|(_, key)| {
            serde_json::from_str::<Value>(key.trim_end_matches(']')).unwrap_or(Value::Null)
        });
        let mut instance =
            json!({"schema_version": 0, "attributes": attributes, "sensitive_attributes": []});
        if let Some(key) = index_key {
            instance["index_key"] = key;
        }
        grouped
            .entry((r.module.clone(), r.resource_type.clone(), r.name.clone()))
            .or_default()
            .push(instance);
        if n % 500 == 0 {
            grouped
                .entry((
                    r.module.clone(),
                    r.resource_type.clone(),
                    format!("gone_{n}"),
                ))
                .or_default()
                .push(json!({"schema_version": 0, "attributes": {"id": format!("gone-{n}")}}));
        }
    }
    let resources: Vec<Value> = grouped
        .into_iter()
        .map(|((module, resource_type, name), instances)| {
            let mut r = json!({
                "mode": "managed", "type": resource_type, "name": name,
                "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                "instances": instances,
            });
            if !module.is_empty() {
                r["module"] = json!(module);
            }
            r
        })
        .collect();
    let state = json!({"version": 4, "terraform_version": "1.9.8", "serial": 1,
        "lineage": "bench", "outputs": {}, "resources": resources});
    std::fs::write(out, serde_json::to_vec(&state)?)?;
    eprintln!(
        "{out}: {n} resource instances of root {}",
        if root.is_empty() { "." } else { &root }
    );
    Ok(())
}

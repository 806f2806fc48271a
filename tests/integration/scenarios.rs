//! Every scenario under `fixtures/scenarios/` becomes a real git repo; the binary reviews it
//! and the plan in its JSON report must be exactly the scenario's `expected.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use aetheredge::fixture::Scenario;
use serde_json::Value;

use crate::support;

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scenarios")
}

/// A scenario's directory; `demo` is the demo repo, checked like the others.
fn scenario_dir(name: &str) -> PathBuf {
    if name == "demo" {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo")
    } else {
        scenarios_dir().join(name)
    }
}

/// Builds a scenario's repo and runs `aetheredge review` on it, returning the JSON report.
fn review(name: &str, base: Option<&str>, head: &str) -> (Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = Scenario::from_dir(&scenario_dir(name)).unwrap();
    let built = scenario.build(&dir.path().join("repo")).unwrap();
    let mut cmd = support::command();
    cmd.args([
        "review",
        "--format",
        "json",
        "--fail-on",
        "none",
        "--head",
        head,
    ])
    .arg("--repo")
    .arg(&built.path);
    if let Some(base) = base {
        cmd.args(["--base", base]);
    }
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (serde_json::from_slice(&out.stdout).unwrap(), dir)
}

/// The plan of a report in the shape of `expected.json`.
fn plan_of(report: &Value) -> Value {
    let mut create = BTreeSet::new();
    let mut delete = BTreeSet::new();
    let mut update = BTreeMap::new();
    let mut replace = BTreeMap::new();
    for change in report["plan"]["changes"].as_array().unwrap() {
        let address = change["address"].as_str().unwrap().to_string();
        let attrs = change
            .get("attributes")
            .cloned()
            .unwrap_or(Value::Array(vec![]));
        match change["action"].as_str().unwrap() {
            "create" => {
                create.insert(address);
            }
            "delete" => {
                delete.insert(address);
            }
            "update" => {
                update.insert(address, attrs);
            }
            "replace" => {
                replace.insert(address, attrs);
            }
            other => panic!("unexpected action {other}"),
        }
    }
    let moved: Vec<Value> = report["plan"]["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| serde_json::json!({"from": m["from"], "to": m["to"]}))
        .collect();
    serde_json::json!({
        "create": create, "update": update, "replace": replace, "delete": delete, "moved": moved,
    })
}

fn normalized_expected(expected: &Value) -> Value {
    let plan = &expected["plan"];
    let set = |key: &str| -> BTreeSet<String> {
        plan.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let map = |key: &str| -> BTreeMap<String, Value> {
        plan.get(key)
            .and_then(Value::as_object)
            .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let moved = plan.get("moved").cloned().unwrap_or(Value::Array(vec![]));
    serde_json::json!({
        "create": set("create"), "update": map("update"), "replace": map("replace"),
        "delete": set("delete"), "moved": moved,
    })
}

#[test]
fn every_scenario_plans_exactly_as_expected() {
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(scenarios_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert!(
        names.len() >= 10,
        "expected the scenario library, found {names:?}"
    );
    for name in names {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(scenario_dir(&name).join("expected.json")).unwrap(),
        )
        .unwrap();
        let base = expected["base"].as_str();
        let head = expected["head"].as_str().unwrap();
        let (report, _dir) = review(&name, base, head);
        let got = plan_of(&report);
        let want = normalized_expected(&expected);
        if got != want {
            failures.push(format!(
                "{name}:\n  want {}\n  got  {}",
                serde_json::to_string(&want).unwrap(),
                serde_json::to_string(&got).unwrap()
            ));
        }
        for f in expected
            .get("findings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            // By its id, or by an id folded into it (a Kali check Vishnu also makes).
            let found = report["findings"].as_array().unwrap().iter().any(|g| {
                (g["rule_id"] == f["rule_id"]
                    || g["aliases"]
                        .as_array()
                        .is_some_and(|a| a.contains(&f["rule_id"])))
                    && g["file"] == f["file"]
                    && (f.get("line").is_none() || g["line"] == f["line"])
                    && g["status"] == "introduced"
            });
            if !found {
                failures.push(format!(
                    "{name}: missing finding {f} in {}",
                    report["findings"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! Every scenario under `fixtures/scenarios/` becomes a real git repo; the binary reviews it
//! and the plan in its JSON report must be exactly the scenario's `expected.json`. One test
//! per scenario, named after it; a scenario directory without its test fails a test too.

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

/// Reviews the scenario `name` and checks its plan, and the findings it expects, against its
/// `expected.json`.
fn check_scenario(name: &str) {
    let mut failures = Vec::new();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(scenario_dir(name).join("expected.json")).unwrap(),
    )
    .unwrap();
    let base = expected["base"].as_str();
    let head = expected["head"].as_str().unwrap();
    let (report, _dir) = review(name, base, head);
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
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One test per scenario, named as its directory with `_` for `-`, so that a failing scenario
/// names itself; `SCENARIOS` lists the directories they cover.
macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        const SCENARIOS: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check_scenario(&stringify!($name).replace('_', "-"));
            }
        )*
    };
}

scenarios! {
    blueprint_change,
    count_from_tfvars,
    dynamic_and_functions,
    empty_repo,
    for_each_map_and_set,
    full_scan,
    moved_blocks,
    nested_modules,
    parse_error,
    policies_and_compliance,
    pure_rename,
    replace_vs_update,
    security_review,
    tfvars_precedence,
    unchanged_references,
}

/// Every directory of `fixtures/scenarios/` has its test above: a new scenario is added to
/// the list, or this fails naming it.
#[test]
fn every_scenario_directory_has_a_test() {
    let mut names: Vec<_> = std::fs::read_dir(scenarios_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert!(
        names.len() >= 10,
        "expected the scenario library, found {names:?}"
    );
    let mut listed: Vec<String> = SCENARIOS.iter().map(|s| s.replace('_', "-")).collect();
    listed.sort();
    let missing: Vec<&String> = names.iter().filter(|n| !listed.contains(n)).collect();
    assert!(
        missing.is_empty(),
        "scenarios without a test (add them to `scenarios!` in {}): {missing:?}",
        file!()
    );
    assert_eq!(names, listed, "every listed scenario has its directory");
}

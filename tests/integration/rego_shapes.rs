//! Rego packages that mix input shapes, end to end on real git repos: every rule runs on the
//! input its own file reads (conftest's HCL document of each file, or the plan), whatever
//! other files of the same package read; a rule that reads both shapes, or neither
//! recognisably, runs on both and reports each result once. `review` and `policy` agree.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::support::{aetheredge, path_str, repo};

const MAIN_TF: &str = r#"resource "aws_instance" "web" {
  ami           = "ami-123"
  instance_type = "huge"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
"#;

/// Only the repo's own policies: the built-in library is not what these tests are about.
const CONFIG: &str = "vishnu:\n  builtin: false\n";

/// A conftest policy (Rego v0) over one file's HCL document.
const HCL_DENY: &str = r#"package main

deny[msg] {
  some name
  input.resource.aws_instance[name][_].instance_type == "huge"
  msg := sprintf("hcl: instance %s is huge", [name])
}
"#;

/// An OPA policy (Rego v1) over the plan, in the same package, defining the same rule.
const PLAN_DENY: &str = r#"package main
import rego.v1

deny contains msg if {
  some rc in input.resource_changes
  rc.type == "aws_instance"
  rc.change.after.instance_type == "huge"
  msg := sprintf("plan: %s is huge", [rc.address])
}
"#;

/// One finding as the tests compare them.
type Seen = (String, String, String, u64, String);

fn seen(report: &Value) -> BTreeSet<Seen> {
    report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings in {report}"))
        .iter()
        .filter(|f| f["deity"] == "vishnu")
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["resource"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn json_of(args: &[&str]) -> Value {
    let out = aetheredge(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The Vishnu findings of a full review of `repo`, and those of `aetheredge policy`, which
/// must be the same.
fn review_and_policy(repo: &Path, extra: &[&str]) -> BTreeSet<Seen> {
    let dir = path_str(repo);
    let mut args = vec![
        "review",
        "--repo",
        dir,
        "--format",
        "json",
        "--fail-on",
        "none",
    ];
    args.extend_from_slice(extra);
    let reviewed = seen(&json_of(&args));
    let mut args = vec![
        "policy",
        "--repo",
        dir,
        "--format",
        "json",
        "--fail-on",
        "none",
    ];
    args.extend_from_slice(extra);
    let policy = seen(&json_of(&args));
    assert_eq!(reviewed, policy, "review and policy disagree");
    reviewed
}

fn finding(rule: &str, message: &str, line: u64, resource: &str) -> Seen {
    (
        rule.to_string(),
        message.to_string(),
        "main.tf".to_string(),
        line,
        resource.to_string(),
    )
}

fn a_repo(dir: &Path, policies: &[(&str, &str)]) -> std::path::PathBuf {
    let mut files: Vec<(&str, &str)> = vec![("main.tf", MAIN_TF), ("aetheredge.yaml", CONFIG)];
    files.extend_from_slice(policies);
    repo(dir, &[("main", files.as_slice())])
}

#[test]
fn an_hcl_and_a_plan_deny_in_one_package_both_fire_whichever_file_comes_first() {
    let expected = BTreeSet::from([
        finding(
            "vishnu/main.deny",
            "hcl: instance web is huge",
            1,
            "aws_instance.web",
        ),
        finding(
            "vishnu/main.deny",
            "plan: aws_instance.web is huge",
            1,
            "aws_instance.web",
        ),
    ]);
    for (hcl_path, plan_path) in [
        ("policy/a_hcl.rego", "policy/b_plan.rego"),
        ("policy/b_hcl.rego", "policy/a_plan.rego"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = a_repo(tmp.path(), &[(hcl_path, HCL_DENY), (plan_path, PLAN_DENY)]);
        assert_eq!(
            review_and_policy(&repo, &[]),
            expected,
            "{hcl_path} and {plan_path}"
        );
    }
}

#[test]
fn the_same_rule_name_in_different_packages_and_shapes() {
    let tmp = tempfile::tempdir().unwrap();
    let plan_elsewhere = PLAN_DENY.replace("package main", "package terraform.sizes");
    let hcl_elsewhere = HCL_DENY
        .replace("package main", "package other")
        .replace("hcl:", "other:");
    let repo = a_repo(
        tmp.path(),
        &[
            ("policy/hcl.rego", HCL_DENY),
            ("policy/plan.rego", &plan_elsewhere),
            ("policy/other.rego", &hcl_elsewhere),
        ],
    );
    let hcl = finding(
        "vishnu/main.deny",
        "hcl: instance web is huge",
        1,
        "aws_instance.web",
    );
    let plan = finding(
        "vishnu/terraform.sizes.deny",
        "plan: aws_instance.web is huge",
        1,
        "aws_instance.web",
    );
    let other = finding(
        "vishnu/other.deny",
        "other: instance web is huge",
        1,
        "aws_instance.web",
    );
    // With no namespace named, conftest's `main` runs, and plan policies from any package.
    assert_eq!(
        review_and_policy(&repo, &[]),
        BTreeSet::from([hcl.clone(), plan.clone()])
    );
    // Every package: each rule still on its own input.
    let all = json_of(&[
        "policy",
        "--repo",
        path_str(&repo),
        "--format",
        "json",
        "--fail-on",
        "none",
        "--all-namespaces",
    ]);
    assert_eq!(seen(&all), BTreeSet::from([hcl, plan, other]));
}

#[test]
fn a_file_that_reads_both_shapes_runs_on_both_and_says_a_thing_once() {
    let tmp = tempfile::tempdir().unwrap();
    let both = r#"package main
import rego.v1

# The same result from either shape: reported once.
deny contains msg if {
  some name
  input.resource.aws_instance[name][_].instance_type == "huge"
  msg := sprintf("aws_instance.%s is huge", [name])
}

deny contains msg if {
  some rc in input.resource_changes
  rc.change.after.instance_type == "huge"
  msg := sprintf("%s is huge", [rc.address])
}

# Results only one shape gives: each reported.
warn contains msg if {
  some name
  input.resource.aws_s3_bucket[name]
  msg := sprintf("hcl sees bucket aws_s3_bucket.%s", [name])
}

warn contains msg if {
  some rc in input.resource_changes
  rc.type == "aws_s3_bucket"
  "create" in rc.change.actions
  msg := sprintf("the plan creates %s", [rc.address])
}
"#;
    let repo = a_repo(tmp.path(), &[("policy/both.rego", both)]);
    assert_eq!(
        review_and_policy(&repo, &[]),
        BTreeSet::from([
            finding(
                "vishnu/main.deny",
                "aws_instance.web is huge",
                1,
                "aws_instance.web"
            ),
            finding(
                "vishnu/main.warn",
                "hcl sees bucket aws_s3_bucket.logs",
                6,
                "aws_s3_bucket.logs"
            ),
            finding(
                "vishnu/main.warn",
                "the plan creates aws_s3_bucket.logs",
                6,
                "aws_s3_bucket.logs"
            ),
        ])
    );
}

#[test]
fn a_file_that_reads_neither_shape_runs_on_both_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    // The helpers read both shapes; the rule reads only the helpers.
    let helpers = r#"package lib
import rego.v1

huge_instances contains name if {
  some name
  input.resource.aws_instance[name][_].instance_type == "huge"
}

huge_instances contains rc.name if {
  some rc in input.resource_changes
  rc.type == "aws_instance"
  rc.change.after.instance_type == "huge"
}
"#;
    let rule = r#"package main
import rego.v1

violation contains msg if {
  some name in data.lib.huge_instances
  msg := sprintf("instance %s is huge", [name])
}
"#;
    let repo = a_repo(
        tmp.path(),
        &[("policy/lib.rego", helpers), ("policy/rule.rego", rule)],
    );
    assert_eq!(
        review_and_policy(&repo, &[]),
        BTreeSet::from([finding(
            "vishnu/main.violation",
            "instance web is huge",
            1,
            "aws_instance.web"
        )])
    );
}

#[test]
fn a_policy_that_does_not_compile_leaves_both_shapes_running() {
    let tmp = tempfile::tempdir().unwrap();
    // Declares `rc` twice: the set does not compile.
    let broken = "package main\nimport rego.v1\n\ndeny contains msg if {\n  some rc in input.resource_changes\n  some rc in [1]\n  msg := \"twice\"\n}\n";
    let repo = a_repo(
        tmp.path(),
        &[
            ("policy/hcl.rego", HCL_DENY),
            ("policy/broken.rego", broken),
            ("policy/plan.rego", PLAN_DENY),
        ],
    );
    let found = review_and_policy(&repo, &[]);
    let rules: Vec<(&str, &str)> = found
        .iter()
        .map(|(rule, _, file, _, _)| (rule.as_str(), file.as_str()))
        .collect();
    assert_eq!(
        rules,
        vec![
            ("vishnu/main.deny", "main.tf"),
            ("vishnu/main.deny", "main.tf"),
            ("vishnu/policy-compile-error", "policy/broken.rego"),
        ],
        "{found:?}"
    );
}

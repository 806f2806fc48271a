//! The evaluator's budgets (`limits:` in aetheredge.yaml), end to end: each one exceeded is
//! a `brahma/limit-exceeded` finding on the file and line that asked for too much, the rest
//! of the review still runs, and raising the limit in the config removes the finding.

use crate::support::{repo, review_json};
use serde_json::Value;

const LIMIT: &str = "brahma/limit-exceeded";

/// A file whose evaluation fails on its own: its finding shows the review went on.
const OTHER: (&str, &str) = (
    "other.tf",
    "resource \"aws_s3_bucket\" \"other\" {\n  bucket = local.not_declared\n}\n",
);

/// (rule id, file, line, message) of every finding.
fn findings(report: &Value) -> Vec<(String, String, u64, String)> {
    report["findings"]
        .as_array()
        .expect("the report has findings")
        .iter()
        .map(|f| {
            let text = |key: &str| f[key].as_str().unwrap_or_default().to_string();
            (
                text("rule_id"),
                text("file"),
                f["line"].as_u64().unwrap_or(0),
                text("message"),
            )
        })
        .collect()
}

/// Reviews one commit holding `files`, `other.tf` and an `aetheredge.yaml` with `limits`.
fn review(limits: &str, files: &[(&str, &str)]) -> Vec<(String, String, u64, String)> {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let config = format!("limits:\n{limits}");
    let mut all: Vec<(&str, &str)> = files.to_vec();
    all.push(OTHER);
    all.push(("aetheredge.yaml", &config));
    let repo = repo(tmp.path(), &[("main", &all)]);
    let (report, out) = review_json(&repo, &["--fail-on", "none"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    findings(&report)
}

/// The budget finding is at `file:line` and names `key`; `other.tf` is still reviewed; a
/// review with `raised` in place of `limits` has no budget finding.
#[track_caller]
fn check(limits: &str, raised: &str, files: &[(&str, &str)], file: &str, line: u64, key: &str) {
    let found = review(limits, files);
    let limit: Vec<_> = found.iter().filter(|f| f.0 == LIMIT).collect();
    assert!(
        limit
            .iter()
            .any(|f| f.1 == file && f.2 == line && f.3.contains(&format!("`limits.{key}`"))),
        "no {LIMIT} at {file}:{line} naming {key}: {found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "brahma/eval-error" && f.1 == "other.tf" && f.2 == 2),
        "the rest of the review did not run: {found:?}"
    );
    let found = review(raised, files);
    assert!(
        found.iter().all(|f| f.0 != LIMIT),
        "raising the limit left a finding: {found:?}"
    );
}

#[test]
fn nesting_depth_stops_a_file_before_it_is_parsed() {
    check(
        "  nesting_depth: 5\n",
        "  nesting_depth: 10\n",
        &[("deep/main.tf", "locals {\n  x = 1\n  y = [[[[[1]]]]]\n}\n")],
        "deep/main.tf",
        3,
        "nesting_depth",
    );
}

#[test]
fn string_length_stops_a_format_before_it_pads() {
    check(
        "  string_length: 100\n",
        "  string_length: 1000\n",
        &[(
            "main.tf",
            "locals {\n  pad = format(\"%200d\", 1)\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.pad\n}\n",
        )],
        "main.tf",
        2,
        "string_length",
    );
}

#[test]
fn string_length_stops_a_string_doubled_in_locals() {
    let mut tf = String::from("locals {\n  s0 = \"abcdefghijklmnop\"\n");
    for i in 1..=8 {
        tf += &format!("  s{i} = \"${{local.s{p}}}${{local.s{p}}}\"\n", p = i - 1);
    }
    tf += "}\nresource \"aws_s3_bucket\" \"d\" {\n  bucket = local.s8\n}\n";
    // s5 is 512 bytes, s6 1,024: over a limit of 1,000, on line 8.
    check(
        "  string_length: 1000\n",
        "  string_length: 5000\n",
        &[("main.tf", &tf)],
        "main.tf",
        8,
        "string_length",
    );
}

#[test]
fn collection_length_stops_a_range_before_it_is_built() {
    check(
        "  collection_length: 10\n",
        "  collection_length: 100\n",
        &[("main.tf", "locals {\n  r = range(20)\n}\n")],
        "main.tf",
        2,
        "collection_length",
    );
}

#[test]
fn instances_per_root_stops_a_count() {
    check(
        "  instances_per_root: 5\n",
        "  instances_per_root: 10\n",
        &[(
            "main.tf",
            "resource \"aws_sns_topic\" \"t\" {\n  name  = \"t\"\n  count = 6\n}\n",
        )],
        "main.tf",
        3,
        "instances_per_root",
    );
}

#[test]
fn instances_total_counts_every_root() {
    let topics = "resource \"aws_sns_topic\" \"t\" {\n  count = 4\n  name  = \"t\"\n}\n";
    let found = review(
        "  instances_total: 6\n",
        &[("a/main.tf", topics), ("b/main.tf", topics)],
    );
    // Roots are evaluated in parallel: whichever comes second is stopped.
    assert!(
        found.iter().any(|f| f.0 == LIMIT
            && (f.1 == "a/main.tf" || f.1 == "b/main.tf")
            && f.2 == 2
            && f.3.contains("`limits.instances_total`")),
        "{found:?}"
    );
    // Four in each, and one in `other.tf`.
    let found = review(
        "  instances_total: 9\n",
        &[("a/main.tf", topics), ("b/main.tf", topics)],
    );
    assert!(found.iter().all(|f| f.0 != LIMIT), "{found:?}");
}

#[test]
fn module_depth_stops_a_chain_of_module_calls() {
    check(
        "  module_depth: 1\n",
        "  module_depth: 2\n",
        &[
            ("main.tf", "module \"one\" {\n  source = \"./one\"\n}\n"),
            ("one/main.tf", "module \"two\" {\n  source = \"./two\"\n}\n"),
            (
                "one/two/main.tf",
                "resource \"aws_sns_topic\" \"t\" {\n  name = \"t\"\n}\n",
            ),
        ],
        "one/main.tf",
        1,
        "module_depth",
    );
}

#[test]
fn module_instances_stops_a_counted_module() {
    check(
        "  module_instances: 3\n",
        "  module_instances: 4\n",
        &[
            (
                "main.tf",
                "module \"m\" {\n  source = \"./m\"\n  count  = 4\n}\n",
            ),
            (
                "m/main.tf",
                "resource \"aws_sns_topic\" \"t\" {\n  name = \"t\"\n}\n",
            ),
        ],
        "main.tf",
        1,
        "module_instances",
    );
}

#[test]
fn template_depth_ends_a_template_that_renders_itself() {
    let tf = "locals {\n  tmpl = \"$${templatestring(tmpl, {tmpl = tmpl})}\"\n  out  = templatestring(local.tmpl, { tmpl = local.tmpl })\n}\n";
    let found = review("  template_depth: 16\n", &[("main.tf", tf)]);
    assert!(
        found.iter().any(|f| f.0 == LIMIT
            && f.1 == "main.tf"
            && f.2 == 3
            && f.3.contains("`limits.template_depth`")),
        "{found:?}"
    );
    let nested = "locals {\n  inner = \"x\"\n  out   = templatestring(\"$${templatestring(\\\"a\\\", {})}\", {})\n}\n";
    check(
        "  template_depth: 1\n",
        "  template_depth: 2\n",
        &[("main.tf", nested)],
        "main.tf",
        3,
        "template_depth",
    );
}

#[test]
fn call_depth_stops_nested_function_calls() {
    check(
        "  call_depth: 3\n",
        "  call_depth: 4\n",
        &[(
            "main.tf",
            "locals {\n  ok = upper(\"a\")\n  deep = upper(lower(upper(lower(\"x\"))))\n}\n",
        )],
        "main.tf",
        3,
        "call_depth",
    );
}

#[test]
fn decode_depth_and_size_stop_a_document_before_it_is_parsed() {
    check(
        "  decode_depth: 3\n",
        "  decode_depth: 5\n",
        &[(
            "main.tf",
            "locals {\n  doc = jsondecode(\"[[[[1]]]]\")\n}\n",
        )],
        "main.tf",
        2,
        "decode_depth",
    );
    check(
        "  decode_size: 5\n",
        "  decode_size: 50\n",
        &[(
            "main.tf",
            "locals {\n  a = 1\n  doc = yamldecode(\"[1, 2, 3, 4]\")\n}\n",
        )],
        "main.tf",
        3,
        "decode_size",
    );
}

#[test]
fn decode_depth_stops_yaml_files_the_review_reads() {
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: [[[[[1]]]]]\n";
    check(
        "  decode_depth: 5\n",
        "  decode_depth: 10\n",
        &[("k8s/pod.yaml", manifest)],
        "k8s/pod.yaml",
        5,
        "decode_depth",
    );
    let blueprint = "blueprint: 1\nname: deep\ntags: [[[[[[x]]]]]]\n";
    let found = review("  decode_depth: 5\n", &[("web.blueprint.yaml", blueprint)]);
    assert!(
        found
            .iter()
            .any(|f| f.0 == LIMIT && f.1 == "web.blueprint.yaml" && f.2 == 3),
        "{found:?}"
    );
}

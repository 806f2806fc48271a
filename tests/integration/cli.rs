//! End-to-end tests of the `aetheredge` binary on real git repos built in temp dirs:
//! bad input, exit codes, determinism, the comment's shape and the JSON contract.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{aetheredge, assert_one_final_newline, repo, review_json};

fn rules(report: &Value) -> Vec<(String, String, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

const WEB: &[u8] = b"variable \"n\" {\n  default = 2\n}\n\nresource \"aws_instance\" \"web\" {\n  count         = var.n\n  ami           = \"ami-123\"\n  instance_type = \"t3.micro\"\n}\n";

#[test]
fn an_unknown_revision_exits_2_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(tmp.path(), &[("main", &[("main.tf", WEB)])]);
    let (_, out) = review_json(&repo, &["--base", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-branch"));
}

#[test]
fn a_plain_directory_is_reviewed_as_new() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("main.tf"), WEB).unwrap();
    // The instances have findings of their own (Kali: IMDSv1); this test is about the plan.
    let (report, out) = review_json(tmp.path(), &["--fail-on", "none"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["full_scan"], true);
    let created: Vec<&str> = report["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["address"].as_str().unwrap())
        .collect();
    assert_eq!(created, vec!["aws_instance.web[0]", "aws_instance.web[1]"]);
}

#[test]
fn a_bare_clone_is_reviewed_from_git_objects() {
    let tmp = tempfile::tempdir().unwrap();
    let work = repo(
        tmp.path(),
        &[
            ("main", &[("main.tf", WEB)]),
            (
                "feature",
                &[("main.tf", &WEB.replace_bytes("t3.micro", "t3.large"))],
            ),
        ],
    );
    let bare = tmp.path().join("bare.git");
    let status = Command::new("git")
        .args(["clone", "--quiet", "--bare"])
        .arg(&work)
        .arg(&bare)
        .status()
        .unwrap();
    assert!(status.success());
    let (report, out) = review_json(&bare, &["--base", "main", "--head", "feature"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["plan"]["summary"]["update"], 2);
}

#[test]
fn parse_errors_are_findings_and_the_rest_is_still_planned() {
    let tmp = tempfile::tempdir().unwrap();
    let broken: &[u8] = b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n\n";
    let repo = repo(
        tmp.path(),
        &[
            ("main", &[("main.tf", WEB)]),
            (
                "feature",
                &[
                    ("broken.tf", broken),
                    ("extra.tf", b"resource \"aws_eip\" \"ip\" {}\n"),
                ],
            ),
        ],
    );
    let (report, out) = review_json(
        &repo,
        &["--base", "main", "--head", "feature", "--fail-on", "high"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a high finding fails --fail-on high"
    );
    let found = rules(&report);
    assert!(
        found
            .iter()
            .any(|(r, f, _)| r == "brahma/parse-error" && f == "broken.tf"),
        "{found:?}"
    );
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "brahma/parse-error")
        .unwrap();
    assert!(f["column"].as_u64().is_some());
    assert_eq!(report["plan"]["summary"]["create"], 1);
}

/// (rule, file, line, column) of each finding of `report` about a file that does not parse.
fn unparsed(report: &Value) -> Vec<(String, String, u64, u64)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            [
                "brahma/parse-error",
                "brahma/blueprint-invalid",
                "kali/yaml-parse-error",
            ]
            .contains(&f["rule_id"].as_str().unwrap_or_default())
        })
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A security group open to the world on port 22: a finding for Kali.
const OPEN_SSH: &[u8] = b"resource \"aws_security_group\" \"ssh\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";

#[test]
fn scan_and_policy_report_files_that_do_not_parse_as_review_does() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", OPEN_SSH),
                (
                    "broken.tf",
                    b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n\n",
                ),
                ("shop.blueprint.yaml", b"name: [unclosed\n"),
                (
                    "k8s/pod.yaml",
                    b"apiVersion: v1\nkind: Pod\nmetadata: {name: [oops\n",
                ),
            ],
        )],
    );
    let dir = repo.to_str().unwrap();
    let json = |args: &[&str]| -> Value {
        let out = aetheredge(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (reviewed, _) = review_json(&repo, &["--fail-on", "none"]);
    let expected = unparsed(&reviewed);
    let files: Vec<&str> = expected.iter().map(|(_, f, _, _)| f.as_str()).collect();
    assert_eq!(
        files,
        ["shop.blueprint.yaml", "broken.tf", "k8s/pod.yaml"],
        "{expected:?}"
    );

    let scanned = json(&[
        "scan",
        "--repo",
        dir,
        "--format",
        "json",
        "--fail-on",
        "none",
    ]);
    assert_eq!(unparsed(&scanned), expected);
    let found = rules(&scanned);
    assert!(
        found
            .iter()
            .any(|(r, f, l)| r == "kali/aws-sg-ssh-open" && f == "main.tf" && *l == 2),
        "the good file is still scanned: {found:?}"
    );

    let policy = json(&[
        "policy",
        "--repo",
        dir,
        "--format",
        "json",
        "--fail-on",
        "none",
    ]);
    assert_eq!(unparsed(&policy), expected);
    let found = rules(&policy);
    assert!(
        found
            .iter()
            .any(|(r, f, _)| r.starts_with("vishnu/aws_") && f == "main.tf"),
        "the good file is still judged: {found:?}"
    );

    // The other formats carry them too.
    let sarif = aetheredge(&[
        "scan",
        "--repo",
        dir,
        "--format",
        "sarif",
        "--fail-on",
        "none",
    ]);
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let located: Vec<(String, u64, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "brahma/parse-error")
        .map(|r| {
            let at = &r["locations"][0]["physicalLocation"];
            (
                at["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                at["region"]["startLine"].as_u64().unwrap(),
                at["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    let (_, file, line, column) = &expected[1];
    assert_eq!(located, vec![(file.clone(), *line, *column)]);
    let table = aetheredge(&["policy", "--repo", dir, "--fail-on", "none"]);
    let table = String::from_utf8_lossy(&table.stdout);
    let row = table
        .lines()
        .find(|l| l.contains("brahma/parse-error"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(row.contains(&format!("broken.tf:{line}")), "{row}");
    let markdown = aetheredge(&["scan", "--repo", dir, "--fail-on", "none"]);
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(
        markdown.contains(&format!("`broken.tf:{line}`")),
        "{markdown}"
    );
}

#[test]
fn cycles_become_findings_not_hangs() {
    let tmp = tempfile::tempdir().unwrap();
    let locals: &[u8] = b"locals {\n  a = local.b\n  b = local.a\n}\n\nresource \"aws_s3_bucket\" \"x\" {\n  bucket = local.a\n}\n";
    let module_loop: &[u8] = b"module \"self\" {\n  source = \"../loop\"\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", locals),
                (
                    "root/main.tf",
                    b"module \"l\" {\n  source = \"../loop\"\n}\n",
                ),
                ("loop/main.tf", module_loop),
            ],
        )],
    );
    let (report, out) = review_json(&repo, &["--fail-on", "none"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = rules(&report);
    assert!(
        found
            .iter()
            .any(|(r, f, _)| r == "brahma/cycle" && f == "main.tf"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(r, f, _)| r == "brahma/cycle" && f == "loop/main.tf"),
        "{found:?}"
    );
    // The bucket is still planned, with an unknown name.
    assert_eq!(report["plan"]["summary"]["create"], 1);
}

#[test]
fn binary_non_utf8_and_oversized_files_are_skipped_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let big = format!("# {}\n", "x".repeat(3 * 1024 * 1024));
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", WEB),
                ("bin.tf", b"\0\x01\x02"),
                ("latin1.tf", b"# caf\xe9\n"),
                ("big.tf", big.as_bytes()),
            ],
        )],
    );
    let (report, _) = review_json(&repo, &["--fail-on", "none"]);
    let skipped: Vec<String> = rules(&report)
        .into_iter()
        .filter(|(r, _, _)| r == "brahma/skipped-file")
        .map(|(_, f, _)| f)
        .collect();
    assert_eq!(skipped, vec!["big.tf", "bin.tf", "latin1.tf"]);
    assert_eq!(report["plan"]["summary"]["create"], 2);
}

#[test]
fn an_empty_repository_exits_2_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo::<&str>(tmp.path(), &[]);
    let (_, out) = review_json(&repo, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn the_config_is_read_and_a_broken_one_is_a_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let config: &[u8] = b"exclude: ['legacy/**']\nfail_on: none\n";
    let repo1 = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", WEB),
                ("legacy/old.tf", b"resource \"aws_eip\" \"x\" {}\n"),
                ("aetheredge.yaml", config),
            ],
        )],
    );
    let (report, out) = review_json(&repo1, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        report["plan"]["summary"]["create"], 2,
        "legacy/ is excluded"
    );
    assert_eq!(report["fail_on"], Value::Null);

    let tmp2 = tempfile::tempdir().unwrap();
    let repo2 = repo(
        tmp2.path(),
        &[(
            "main",
            &[
                ("main.tf", WEB),
                ("aetheredge.yaml", b"fail_on: high\ndeitiez: {}\n"),
            ],
        )],
    );
    let (report, _) = review_json(&repo2, &["--fail-on", "none"]);
    assert!(
        rules(&report).contains(&("brahma/config-error".into(), "aetheredge.yaml".into(), 2)),
        "{:?}",
        rules(&report)
    );
}

#[test]
fn config_path_names_another_config_file_for_review_and_site() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", WEB),
                ("legacy/old.tf", b"resource \"aws_eip\" \"x\" {}\n"),
                ("ci/review.yaml", b"exclude: ['legacy/**']\n"),
            ],
        )],
    );
    let (report, _) = review_json(&repo, &["--fail-on", "none"]);
    assert_eq!(
        report["plan"]["summary"]["create"], 3,
        "no config: all of it"
    );
    let (report, out) = review_json(
        &repo,
        &["--fail-on", "none", "--config-path", "./ci/review.yaml"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        report["plan"]["summary"]["create"], 2,
        "ci/review.yaml excludes legacy/"
    );

    // A path the revision does not hold: a finding naming it, and the review goes on.
    let (report, _) = review_json(&repo, &["--fail-on", "none", "--config-path", "nope.yaml"]);
    assert!(
        rules(&report)
            .iter()
            .any(|(rule, file, _)| rule == "brahma/config-error" && file == "nope.yaml"),
        "{:?}",
        rules(&report)
    );
    assert_eq!(report["plan"]["summary"]["create"], 3);

    let site = tmp.path().join("site");
    let out = aetheredge(&[
        "site",
        "--repo",
        repo.to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
        "--config-path",
        "ci/review.yaml",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let inventory = std::fs::read_to_string(site.join("inventory.html")).unwrap();
    assert!(inventory.contains("aws_instance.web[1]"));
    assert!(
        !inventory.contains("aws_eip.x"),
        "the site follows the named config too"
    );
}

#[test]
fn scan_takes_config_path_as_the_readme_says() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", WEB),
                ("legacy/open.tf", OPEN_SSH),
                ("ci/scan.yaml", b"exclude: ['legacy/**']\n"),
            ],
        )],
    );
    let scan = |extra: &[&str]| {
        let mut args = vec![
            "scan",
            "--repo",
            repo.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "none",
        ];
        args.extend_from_slice(extra);
        let out = aetheredge(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        rules(&report)
            .into_iter()
            .filter(|(_, file, _)| file.starts_with("legacy/"))
            .count()
    };
    assert!(scan(&[]) > 0, "without a config, legacy/ is scanned");
    assert_eq!(scan(&["--config-path", "ci/scan.yaml"]), 0);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[
            ("main", &[("main.tf", WEB)]),
            (
                "feature",
                &[("main.tf", &WEB.replace_bytes("ami-123", "ami-456"))],
            ),
        ],
    );
    let args = [
        "review",
        "--repo",
        repo.to_str().unwrap(),
        "--base",
        "main",
        "--head",
        "feature",
    ];
    let first = aetheredge(&args).stdout;
    let second = aetheredge(&args).stdout;
    assert_eq!(first, second);
    let text = String::from_utf8(first).unwrap();
    assert!(
        text.starts_with(
            "**AetherEdge** · **Plan:** 0 to create, 0 to update, 2 to replace, 0 to delete"
        ),
        "{text}"
    );
}

#[test]
fn the_demo_report_conforms_to_the_schema() {
    let out = aetheredge(&["demo", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let summary = &report["plan"]["summary"];
    for action in ["create", "update", "replace", "delete"] {
        assert!(
            summary[action].as_u64().unwrap() > 0,
            "the demo shows every action: {summary}"
        );
    }
    // The copy of the contract kept for tests is the contract itself.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/report.schema.json");
    if let Ok(text) = std::fs::read_to_string(shared) {
        let shared: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            shared, schema,
            "tests/report.schema.json is out of date with shared/"
        );
    }
}

trait ReplaceBytes {
    fn replace_bytes(&self, from: &str, to: &str) -> Vec<u8>;
}

impl ReplaceBytes for [u8] {
    fn replace_bytes(&self, from: &str, to: &str) -> Vec<u8> {
        String::from_utf8_lossy(self).replace(from, to).into_bytes()
    }
}

#[test]
fn a_huge_plan_is_cut_to_fit_a_github_comment_keeping_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let mut tf = String::new();
    for i in 0..2500 {
        tf.push_str(&format!(
            "resource \"aws_s3_bucket\" \"bucket_with_a_rather_long_descriptive_name_{i:04}\" {{\n  bucket = \"acme-{i}\"\n}}\n"
        ));
    }
    let repo = repo(tmp.path(), &[("main", &[("main.tf", tf.as_bytes())])]);
    // The plan alone makes the longest comment here; the cut is the renderer's, whatever ran.
    let out = aetheredge(&["plan", "--repo", repo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.chars().count() <= 65_536,
        "{} characters",
        text.chars().count()
    );
    assert!(
        text.starts_with("**AetherEdge** · **Plan:** 2500 to create"),
        "{}",
        &text[..200]
    );
    assert!(
        text.contains("more plan rows not shown"),
        "the cut is said where it happens"
    );
    assert!(
        text.trim_end().ends_with("</details>"),
        "sections stay well-formed"
    );
}

/// The comment is the product: the demo's comment is compared with a reviewed snapshot
/// (`INSTA_UPDATE=always cargo test` or `cargo insta review` accepts a deliberate change).
#[test]
fn the_demo_comment_matches_its_snapshot() {
    let out = aetheredge(&["demo"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_one_final_newline(&text);
    insta::assert_snapshot!("demo-comment", text);
}

/// The demo's comment fits one screen, and its Markdown renders as meant: every table is a
/// table (inside its collapsed section), and one-line sections are text, not raw HTML.
#[test]
fn the_demo_comment_fits_one_screen_and_renders() {
    let out = aetheredge(&["demo"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines = text.lines().count();
    assert!(lines <= 60, "{lines} lines:\n{text}");
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&text, options));
    let tables = text.lines().filter(|l| l.starts_with("| --- |")).count();
    assert_eq!(html.matches("<table>").count(), tables, "{html}");
    assert_eq!(
        html.matches("<details>").count(),
        html.matches("</details>").count()
    );
    assert!(
        html.contains("<strong>Saraswati · docs</strong>: no module"),
        "{html}"
    );
    for deity in ["Brahma", "Vishnu", "Lakshmi", "Kali", "Saraswati"] {
        assert!(text.contains(&format!("{deity} · ")), "{deity} is missing");
    }
}

#[test]
fn var_files_from_the_config_come_after_auto_tfvars() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("envs/prod/main.tf", WEB),
                ("envs/prod/terraform.tfvars", b"n = 1\n"),
                ("envs/prod/a.auto.tfvars", b"n = 3\n"),
                ("envs/prod/extra.tfvars", b"n = 4\n"),
                (
                    "aetheredge.yaml",
                    b"var_files:\n  envs/prod: [envs/prod/extra.tfvars]\n",
                ),
            ],
        )],
    );
    let (report, out) = review_json(&repo, &["--fail-on", "none"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let changes = report["plan"]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 4, "count comes from the configured var file");
    assert!(changes.iter().all(|c| c["root"] == "envs/prod"));
}

#[test]
fn instances_that_cannot_be_known_are_neither_deleted_nor_created() {
    let tmp = tempfile::tempdir().unwrap();
    let unknowable: &[u8] = b"resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_instance\" \"web\" {\n  count         = length(aws_vpc.main.id)\n  ami           = \"ami-123\"\n  instance_type = \"t3.micro\"\n}\n";
    let repo = repo(
        tmp.path(),
        &[
            ("main", &[("main.tf", WEB)]),
            ("feature", &[("main.tf", unknowable)]),
        ],
    );
    let (report, _) = review_json(
        &repo,
        &["--base", "main", "--head", "feature", "--fail-on", "none"],
    );
    let actions: Vec<(String, String)> = report["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap().into(),
                c["address"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        vec![("create".to_string(), "aws_vpc.main".to_string())]
    );
    assert!(rules(&report)
        .iter()
        .any(|(r, f, l)| r == "brahma/invalid-expansion" && f == "main.tf" && *l == 5));
}

#[test]
fn deep_reference_chains_and_nesting_are_refused_not_overflowed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut tf = String::from("locals {\n");
    for i in 0..1500 {
        tf.push_str(&format!("  l{i} = local.l{}\n", i + 1));
    }
    tf.push_str(
        "  l1500 = 1\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x${local.l0}\"\n}\n",
    );
    let nested = format!(
        "locals {{\n  deep = {}1{}\n}}\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[("main.tf", tf.as_bytes()), ("nested.tf", nested.as_bytes())],
        )],
    );
    let (report, out) = review_json(&repo, &["--fail-on", "none"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = rules(&report);
    assert!(
        found
            .iter()
            .any(|(r, f, _)| r == "brahma/eval-error" && f == "main.tf"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(r, f, _)| r == "brahma/limit-exceeded" && f == "nested.tf"),
        "{found:?}"
    );
    assert_eq!(report["plan"]["summary"]["create"], 1);
}

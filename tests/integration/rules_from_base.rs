//! A pull request cannot change the rules that judge it: policies, the config, budgets,
//! usage files, ignore files and site templates come from its base. What it does to them
//! is reported ("Changes to the rules"), and the policies it adds or edits run on head as
//! advice that never fails the review. A full scan reads everything from its revision.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{self, aetheredge_with, fixture_repo, path_str, repo};

const FEATURE: &str = "feature/weaken-rules";

fn weakened(dir: &Path) -> PathBuf {
    fixture_repo("rules/change-weakens-rules", dir)
}

fn run(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut all = vec![("AETHEREDGE_TODAY", "2026-01-15")];
    all.extend_from_slice(envs);
    aetheredge_with(args, &all)
}

/// `review --format json` of `base...head` (or a full scan without a base): the exit
/// code and the report.
fn review(repo: &Path, base: Option<&str>, head: &str) -> (i32, Value) {
    let mut args = vec!["review", "--format", "json", "--repo", path_str(repo)];
    if let Some(base) = base {
        args.extend(["--base", base]);
    }
    args.extend(["--head", head]);
    let out = run(&args, &[]);
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

/// The named fields of each object in a JSON list, as rows: what a table of them shows.
fn columns(list: &Value, keys: &[&str]) -> Value {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| keys.iter().map(|k| item[*k].clone()).collect::<Value>())
        .collect()
}

fn rules_of<'a>(findings: &'a Value, status: &str) -> Vec<&'a str> {
    let mut ids: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == status)
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_change_that_deletes_the_policy_it_violates_is_still_judged_by_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = weakened(tmp.path());
    let (code, report) = review(&repo, Some("main"), FEATURE);
    // The head's config says `fail_on: none`; the base's `fail_on: high` decides.
    assert_eq!(code, 1, "{}", report["findings"]);
    let deny = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "vishnu/main.deny")
        .expect("the deleted policy still runs, from the base");
    assert_eq!(deny["status"], "introduced");
    assert_eq!(deny["resource"], "aws_instance.web");

    let changes = &report["rule_changes"];
    assert_eq!(
        columns(&changes["policies"], &["file", "change", "package"]),
        json!([
            ["policies/no_m5.rego", "removed", "main"],
            ["policies/runtimes.rego", "added", "runtimes"],
            ["policies/tags.rego", "edited", "tags"],
        ])
    );
    let edited = &changes["policies"][2];
    assert_eq!(edited["rules"], json!(["deny", "warn"]));
    assert_eq!(edited["rules_added"], json!(["deny"]));
    assert_eq!(edited["rules_edited"], json!(["warn"]));
    assert_eq!(changes["policies"][0]["rules"], json!(["deny"]));
    assert_eq!(changes["policies"][0]["enforced_from_base"], true);
    assert_eq!(changes["policies"][1]["enforced_from_base"], false);
}

#[test]
fn added_and_edited_policies_run_on_head_as_advice_that_never_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = weakened(tmp.path());
    let (_, report) = review(&repo, Some("main"), FEATURE);
    assert_eq!(
        columns(
            &report["rule_changes"]["advisory_findings"],
            &["rule_id", "resource"]
        ),
        json!([
            ["vishnu/runtimes.deny", "aws_lambda_function.worker"],
            ["vishnu/tags.deny", "aws_instance.web"],
        ])
    );
    // Not among the findings, so not in the counts or the verdict.
    let findings = &report["findings"];
    assert!(!rules_of(findings, "introduced").contains(&"vishnu/runtimes.deny"));
    assert!(!rules_of(findings, "introduced").contains(&"vishnu/tags.deny"));
    assert_eq!(report["counts"]["introduced"]["high"], 1);

    // A change that only adds a policy: the only high findings are advice, so it passes.
    let tmp = tempfile::tempdir().unwrap();
    let only_additions = repo_with_added_policy(tmp.path());
    let (code, report) = review(&only_additions, Some("main"), "feature/add-policy");
    assert_eq!(code, 0, "{}", report);
    assert_eq!(
        report["rule_changes"]["advisory_findings"][0]["rule_id"],
        "vishnu/main.deny"
    );
    assert_eq!(report["counts"]["introduced"]["high"], 0);
}

const LAMBDA: &str = "resource \"aws_lambda_function\" \"worker\" {\n  function_name = \"worker\"\n  role          = \"arn:aws:iam::123456789012:role/worker\"\n  handler       = \"index.handler\"\n  runtime       = \"nodejs20.x\"\n  filename      = \"worker.zip\"\n}\n";
const RUNTIMES: &str = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome name\n\tf := input.resource.aws_lambda_function[name][_]\n\tf.runtime == \"nodejs20.x\"\n\tmsg := sprintf(\"aws_lambda_function.%s: nodejs20.x is being retired\", [name])\n}\n";

fn repo_with_added_policy(dir: &Path) -> PathBuf {
    repo(
        dir,
        &[
            ("main", &[("main.tf", LAMBDA)][..]),
            (
                "feature/add-policy",
                &[("policies/runtimes.rego", RUNTIMES)][..],
            ),
        ],
    )
}

#[test]
fn suppressions_config_keys_budgets_and_rule_files_the_change_touches_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = weakened(tmp.path());
    let (_, report) = review(&repo, Some("main"), FEATURE);
    let changes = &report["rule_changes"];
    assert_eq!(
        columns(
            &changes["suppressions"],
            &["file", "line", "kind", "rule", "honoured"]
        ),
        json!([
            [
                ".gitleaksignore",
                2,
                "ignore-file",
                "main.tf:aws-access-token:4",
                false
            ],
            ["main.tf", 2, "checkov-skip", "CKV_AWS_8", true],
            ["main.tf", 3, "inline", "vishnu/tags.warn", true],
        ])
    );
    assert_eq!(changes["suppressions"][1]["reason"], Value::Null);
    assert_eq!(
        changes["suppressions"][2]["reason"],
        "tagged by the account's default tags"
    );
    // The inline suppression the change adds still suppresses: the base's warning is gone.
    assert_eq!(
        rules_of(&report["findings"], "fixed"),
        vec!["vishnu/tags.warn"]
    );

    assert_eq!(
        columns(&changes["config"], &["key", "base", "head", "budget"]),
        json!([
            ["cost.budget_monthly", 2000, 100000, true],
            ["fail_on", "high", "none", false],
        ])
    );
    assert_eq!(
        columns(&changes["files"], &["file", "kind", "change"]),
        json!([
            [".gitleaksignore", "ignore-file", "added"],
            ["infracost-usage.yml", "usage-file", "edited"],
            ["site-templates/base.html", "site-template", "added"],
        ])
    );
}

#[test]
fn usage_comes_from_the_base_so_a_change_cannot_lower_its_own_estimate() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = weakened(tmp.path());
    let (_, report) = review(&repo, Some("main"), FEATURE);
    let worker = report["cost"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == "aws_lambda_function.worker")
        .expect("the worker is priced");
    let base = worker["base_monthly"].as_f64().unwrap();
    assert!(base > 100.0, "the base's usage prices the worker: {worker}");
    assert_eq!(worker["head_monthly"].as_f64(), Some(base), "{worker}");

    // A full scan of the head reads the head's usage file (zero requests).
    let (_, full) = review(&repo, None, FEATURE);
    let worker = full["cost"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == "aws_lambda_function.worker")
        .expect("the worker is priced");
    assert!(worker["head_monthly"].as_f64().unwrap() < base, "{worker}");
}

#[test]
fn a_full_scan_reads_every_rule_from_the_revision_it_scans() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = weakened(tmp.path());
    let (code, report) = review(&repo, None, FEATURE);
    // The head's own config: fail_on none.
    assert_eq!(code, 0, "{}", report["findings"]);
    let introduced = rules_of(&report["findings"], "introduced");
    assert!(
        introduced.contains(&"vishnu/runtimes.deny"),
        "{introduced:?}"
    );
    assert!(introduced.contains(&"vishnu/tags.deny"), "{introduced:?}");
    assert!(!introduced.contains(&"vishnu/main.deny"), "{introduced:?}");
    assert!(report.get("rule_changes").is_none(), "nothing is compared");
}

#[test]
fn a_reasonless_suppression_does_not_count_when_the_base_requires_reasons() {
    let warn_policy = "package tags\n\nimport rego.v1\n\nwarn contains msg if {\n\tsome name\n\tr := input.resource.aws_instance[name][_]\n\tnot r.tags\n\tmsg := sprintf(\"aws_instance.%s has no tags\", [name])\n}\n";
    let tf = "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-0abc1234def567890\"\n  instance_type = \"t3.micro\"\n}\n";
    let suppressed = "resource \"aws_instance\" \"web\" {\n  # aetheredge:ignore vishnu/tags.warn\n  ami           = \"ami-0abc1234def567890\"\n  instance_type = \"t3.micro\"\n}\n";
    for (require, honoured) in [(true, false), (false, true)] {
        let tmp = tempfile::tempdir().unwrap();
        let config = format!(
            "vishnu:\n  all_namespaces: true\nsuppressions:\n  require_reason: {require}\n"
        );
        let repo = repo(
            tmp.path(),
            &[
                (
                    "main",
                    &[
                        ("main.tf", tf),
                        ("policies/tags.rego", warn_policy),
                        ("aetheredge.yaml", config.as_str()),
                    ][..],
                ),
                // The change also tries to switch the requirement off: the base decides.
                (
                    "feature/skip",
                    &[
                        ("main.tf", suppressed),
                        ("aetheredge.yaml", "vishnu:\n  all_namespaces: true\n"),
                    ][..],
                ),
            ],
        );
        let (_, report) = review(&repo, Some("main"), "feature/skip");
        let listed = &report["rule_changes"]["suppressions"][0];
        assert_eq!(listed["rule"], "vishnu/tags.warn");
        assert_eq!(listed["honoured"], honoured, "{listed}");
        let findings = &report["findings"];
        let warning = findings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == "vishnu/tags.warn")
            .expect("the base's warning");
        if honoured {
            assert_eq!(warning["status"], "fixed");
            assert_eq!(report["counts"]["suppressed"], 1);
        } else {
            assert_eq!(warning["status"], "unchanged");
            assert!(listed["note"].as_str().unwrap().contains("require_reason"));
            assert_eq!(
                rules_of(findings, "introduced"),
                vec!["vishnu/suppression-invalid"]
            );
        }
    }
}

/// The comment's section, from its summary to the end of its block, compared with a reviewed
/// snapshot (`INSTA_UPDATE=always cargo test` or `cargo insta review` accepts a deliberate
/// change).
#[test]
fn the_changes_to_the_rules_section_matches_its_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = weakened(tmp.path());
    let out = run(
        &[
            "review",
            "--repo",
            path_str(&repo),
            "--base",
            "main",
            "--head",
            FEATURE,
        ],
        &[],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let start = text
        .find("<details open><summary><b>Changes to the rules</b>")
        .expect("the section is in the comment");
    let end = start + text[start..].find("</details>").unwrap() + "</details>".len();
    let section = format!("{}\n", &text[start..end]);
    insta::assert_snapshot!("rules-changes-section", section);
}

#[test]
fn the_action_builds_the_site_of_a_pull_request_with_the_base_templates() {
    let tmp = tempfile::tempdir().unwrap();
    let built = aetheredge::fixture::Scenario::from_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules/change-weakens-rules"),
    )
    .unwrap()
    .build(&tmp.path().join("repo"))
    .unwrap();
    let event = tmp.path().join("event.json");
    std::fs::write(
        &event,
        json!({
            "action": "opened",
            "number": 4,
            "pull_request": {
                "number": 4,
                "base": {"ref": "main", "sha": built.branches["main"]},
                "head": {"ref": FEATURE, "sha": built.branches[FEATURE]}
            }
        })
        .to_string(),
    )
    .unwrap();
    let site = tmp.path().join("site");
    let summary = tmp.path().join("summary.md");
    let out = run(
        &["action"],
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", path_str(&event)),
            ("GITHUB_WORKSPACE", path_str(&built.path)),
            ("GITHUB_STEP_SUMMARY", path_str(&summary)),
            ("INPUT_SITE_OUTPUT_DIR", path_str(&site)),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the base's fail_on decides: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        !home.contains("<title>replaced</title>"),
        "the change's own template override is not used"
    );
    assert!(std::fs::read_to_string(&summary)
        .unwrap()
        .contains("<b>Changes to the rules</b>"));

    // The site of the same revision as a full scan takes the revision's own templates.
    let full = tmp.path().join("full");
    let out = run(
        &[
            "site",
            "--repo",
            path_str(&built.path),
            "--rev",
            FEATURE,
            "--out",
            path_str(&full),
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(full.join("index.html")).unwrap();
    assert!(home.contains("<title>replaced</title>"), "{home}");
}

#[test]
fn a_policy_moved_out_of_the_policy_directory_is_listed_as_removed_and_still_enforced() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[
            (
                "main",
                &[("main.tf", LAMBDA), ("policies/runtimes.rego", RUNTIMES)][..],
            ),
            (
                "feature/park-policy",
                &[("parked/runtimes.rego", RUNTIMES)][..],
            ),
        ],
    );
    // The commit adds the copy; a second one deletes the original, as `git mv` records it.
    let out = std::process::Command::new("git")
        .args([
            "-C",
            path_str(&repo),
            "checkout",
            "-q",
            "feature/park-policy",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    for args in [
        &["rm", "-q", "policies/runtimes.rego"][..],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "commit",
            "-q",
            "-m",
            "park the policy",
        ][..],
    ] {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_, report) = review(&repo, Some("main"), "feature/park-policy");
    let deny = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "vishnu/main.deny")
        .expect("the base's policy still judges the change");
    assert_eq!(
        deny["status"], "unchanged",
        "not fixed by moving the policy"
    );
    assert_eq!(
        report["rule_changes"]["policies"],
        json!([{
            "file": "policies/runtimes.rego",
            "change": "removed",
            "package": "main",
            "rules": ["deny"],
            "enforced_from_base": true
        }])
    );
}

#[test]
fn the_watcher_judges_a_branch_by_the_rules_of_its_base() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = weakened(tmp.path());
    let outbox = tmp.path().join("outbox");
    let config = tmp.path().join("bot.yaml");
    std::fs::write(
        &config,
        format!(
            "state_dir: {state}\nrepos:\n  - name: infra\n    source: {repo}\n    default_branch: main\n    branches: \"feature/*\"\n    outbox: {outbox}\n",
            state = tmp.path().join("state").display(),
            repo = repo.display(),
            outbox = outbox.display(),
        ),
    )
    .unwrap();
    let out = support::command()
        .args(["watch", "--once", "--config", path_str(&config)])
        .env_remove("GITHUB_TOKEN")
        .env("AETHEREDGE_TODAY", "2026-01-15")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let comment = std::fs::read_to_string(outbox.join("feature__weaken-rules.md")).unwrap();
    assert!(
        comment.contains("<b>Changes to the rules</b>: 1 policy removed"),
        "{comment}"
    );
    assert!(
        comment.contains("m5 instances are not approved"),
        "the deleted policy still judges the branch:\n{comment}"
    );
}

//! End-to-end tests of Vishnu through the binary, on real git repos: a repo's own conftest
//! and plan policies, the built-in library's public-bucket rule and its awareness of
//! related resources, compliance per control for all six frameworks, suppressions, and
//! policies that do not compile or run too long.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aetheredge::fixture::Scenario;
use serde_json::Value;

fn bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aetheredge"))
        .args(args)
        .env("AETHEREDGE_TODAY", "2025-06-01")
        .output()
        .unwrap()
}

fn scenario_repo(dir: &Path, name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scenarios");
    Scenario::from_dir(&root.join(name))
        .unwrap()
        .build(&dir.join("repo"))
        .unwrap()
        .path
}

type Files<'a> = &'a [(&'a str, &'a str)];

fn repo(dir: &Path, commits: &[(&str, Files)]) -> PathBuf {
    let commits = commits
        .iter()
        .map(|(branch, files)| (*branch, files.iter().copied()));
    Scenario::from_commits("vishnu", commits)
        .build(&dir.join("repo"))
        .unwrap()
        .path
}

fn review_json(repo: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["review", "--format", "json", "--fail-on", "none", "--repo"];
    args.push(repo.to_str().unwrap());
    args.extend_from_slice(extra);
    let out = bin(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn vishnu<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["deity"] == "vishnu" && f["rule_id"] == rule)
        .collect()
}

#[test]
fn a_repos_own_policies_and_the_library_judge_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = scenario_repo(tmp.path(), "policies-and-compliance");
    let report = review_json(&repo, &["--base", "main", "--head", "feature"]);
    let dump = serde_json::to_string_pretty(&report["findings"]).unwrap();

    // The conftest policy (HCL input, Rego v0) and the plan policy (Rego v1).
    let conftest = vishnu(&report, "vishnu/main.deny");
    assert_eq!(conftest.len(), 1, "{dump}");
    assert_eq!(
        conftest[0]["message"],
        "Instance web uses m5.large: only t3 and t4g instances are allowed"
    );
    assert_eq!(conftest[0]["resource"], "aws_instance.web");
    let warn = vishnu(&report, "vishnu/main.warn_ami_variable");
    assert_eq!(warn.len(), 1, "{dump}");
    assert_eq!(warn[0]["severity"], "low");
    let plan = vishnu(&report, "vishnu/terraform.tags.deny");
    assert_eq!(plan.len(), 1, "{dump}");
    assert_eq!(
        plan[0]["message"],
        "aws_s3_bucket.assets is created without a CostCenter tag"
    );
    assert_eq!(plan[0]["status"], "introduced");

    // The planted public bucket is flagged, at its acl line, with its frameworks.
    let public = vishnu(&report, "vishnu/aws_s3_public_access");
    assert_eq!(public.len(), 1, "{dump}");
    assert_eq!(public[0]["resource"], "aws_s3_bucket.assets");
    assert_eq!(public[0]["file"], "storage.tf");
    assert_eq!(public[0]["line"], 3);
    let frameworks: Vec<&str> = public[0]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["framework"].as_str().unwrap())
        .collect();
    for f in [
        "SOC 2",
        "ISO/IEC 27001:2022",
        "PCI DSS v4.0",
        "HIPAA Security Rule",
        "GDPR",
        "CIS AWS Foundations",
    ] {
        assert!(frameworks.contains(&f), "{f} missing in {frameworks:?}");
    }

    // Related resources: the bucket behind a public access block is not public, the
    // bucket with a separate encryption configuration is encrypted, the database with
    // storage_encrypted is not unencrypted.
    let about = |rule: &str, resource: &str| {
        vishnu(&report, rule)
            .iter()
            .any(|f| f["resource"] == resource)
    };
    assert!(
        !about("vishnu/aws_s3_public_access", "aws_s3_bucket.uploads"),
        "{dump}"
    );
    assert!(
        !about("vishnu/aws_s3_public_access_block", "aws_s3_bucket.uploads"),
        "{dump}"
    );
    assert!(
        about("vishnu/aws_s3_public_access_block", "aws_s3_bucket.assets"),
        "{dump}"
    );
    assert!(
        !about("vishnu/aws_s3_encryption", "aws_s3_bucket.uploads"),
        "{dump}"
    );
    assert!(
        about("vishnu/aws_s3_encryption", "aws_s3_bucket.assets"),
        "{dump}"
    );
    assert!(
        vishnu(&report, "vishnu/aws_rds_encryption").is_empty(),
        "{dump}"
    );

    // The short backup retention is suppressed with a reason: dropped and counted.
    assert!(
        vishnu(&report, "vishnu/aws_rds_backup_retention").is_empty(),
        "{dump}"
    );
    assert!(report["counts"]["suppressed"].as_u64().unwrap() >= 1);

    // Compliance: all six frameworks, and what the change did.
    let frameworks: Vec<&str> = report["compliance"]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["framework"].as_str().unwrap())
        .collect();
    for f in [
        "SOC 2",
        "ISO/IEC 27001:2022",
        "PCI DSS v4.0",
        "HIPAA Security Rule",
        "GDPR",
        "CIS AWS Foundations",
    ] {
        assert!(frameworks.contains(&f), "{f} missing in {frameworks:?}");
    }
    let pci = report["compliance"]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["framework"] == "PCI DSS v4.0")
        .unwrap();
    let control = |id: &str| {
        pci["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["control"] == id)
            .unwrap()
            .clone()
    };
    let public_access = control("1.4.1");
    assert!(public_access["fail"].as_u64().unwrap() >= 1);
    assert!(public_access["new_failures"].as_u64().unwrap() >= 1);
    assert!(control("3.5.1")["pass"].as_u64().unwrap() >= 1);

    // The JSON still follows the shared schema.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&report));

    // The comment has a Vishnu section with the compliance change.
    let out = bin(&[
        "review",
        "--fail-on",
        "none",
        "--base",
        "main",
        "--head",
        "feature",
        "--repo",
        repo.to_str().unwrap(),
    ]);
    let comment = String::from_utf8_lossy(&out.stdout);
    assert!(comment.contains("Vishnu · policy"), "{comment}");
    assert!(comment.contains("**PCI DSS v4.0 1.4.1**: "), "{comment}");
    assert!(comment.contains("new failure"), "{comment}");
}

#[test]
fn policy_command_prints_a_table_or_json_and_honours_namespaces() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = scenario_repo(tmp.path(), "policies-and-compliance");
    let path = repo.to_str().unwrap();
    let out = bin(&[
        "policy",
        "--repo",
        path,
        "--rev",
        "feature",
        "--namespace",
        "main",
    ]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("vishnu/main.deny"), "{table}");
    assert!(table.contains("aws_instance.web"), "{table}");
    assert!(!table.contains("terraform.tags"), "{table}");
    assert!(table.contains("vishnu/aws_s3_public_access"), "{table}");

    let out = bin(&[
        "policy",
        "--repo",
        path,
        "--rev",
        "feature",
        "--all-namespaces",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(vishnu(&report, "vishnu/terraform.tags.deny").len(), 1);
    assert_eq!(vishnu(&report, "vishnu/main.deny").len(), 1);
}

#[test]
fn policy_test_runs_the_library_tests_and_a_directorys_tests() {
    let out = bin(&["policy", "test"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");

    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("p.rego"),
        "package main\nimport rego.v1\ndeny contains \"x\" if input.bad\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("p_test.rego"),
        "package main_test\nimport rego.v1\nimport data.main\ntest_denies if count(main.deny) == 1 with input as {\"bad\": true}\ntest_wrong if count(main.deny) == 1 with input as {\"bad\": false}\n",
    )
    .unwrap();
    let out = bin(&["policy", "test", tmp.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("1 passed, 1 failed"), "{text}");
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";

#[test]
fn a_broken_policy_is_a_finding_and_the_others_still_run() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", BUCKET),
                ("policies/broken.rego", "package main\n\ndeny contains msg if {\n  msg := \n}\n"),
                ("policies/ok.rego", "package main\n\ndeny[msg] {\n  input.resource.aws_s3_bucket[name]\n  msg := sprintf(\"bucket %s\", [name])\n}\n"),
            ],
        )],
    );
    let report = review_json(&repo, &[]);
    let broken = vishnu(&report, "vishnu/policy-compile-error");
    assert_eq!(broken.len(), 1, "{}", report["findings"]);
    assert_eq!(broken[0]["file"], "policies/broken.rego");
    assert!(broken[0]["line"].as_u64().unwrap() >= 4);
    assert_eq!(
        vishnu(&report, "vishnu/main.deny")[0]["message"],
        "bucket b"
    );
}

#[test]
fn a_policy_that_runs_too_long_is_stopped_and_the_review_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", BUCKET),
                ("aetheredge.yaml", "vishnu:\n  timeout_ms: 300\n  all_namespaces: true\n"),
                ("policies/slow.rego", "package slow\nimport rego.v1\ndeny contains \"never\" if {\n  n := numbers.range(1, 100000000)\n  count([x | some x in n; x % 7 == 3]) > 0\n}\n"),
                ("policies/fast.rego", "package fast\nimport rego.v1\ndeny contains \"fast\" if input.resource.aws_s3_bucket\n"),
            ],
        )],
    );
    let started = std::time::Instant::now();
    let report = review_json(&repo, &[]);
    assert!(started.elapsed().as_secs() < 60);
    let stopped = vishnu(&report, "vishnu/policy-timeout");
    assert!(!stopped.is_empty(), "{}", report["findings"]);
    assert_eq!(stopped[0]["file"], "policies/slow.rego");
    assert_eq!(vishnu(&report, "vishnu/fast.deny").len(), 1);
}

#[test]
fn suppressions_need_a_reason_and_expire() {
    let tmp = tempfile::tempdir().unwrap();
    let tf = "resource \"aws_kms_key\" \"a\" {\n  # aetheredge:ignore aws_kms_rotation reason=\"rotated by hand\" until=2030-01-01\n  description = \"a\"\n}\n\n# aetheredge:ignore vishnu/aws_kms_rotation\nresource \"aws_kms_key\" \"b\" {\n  description = \"b\"\n}\n\n# aetheredge:ignore aws_kms_rotation reason=\"old\" until=2020-01-01\nresource \"aws_kms_key\" \"c\" {\n  description = \"c\"\n}\n\nresource \"aws_kms_key\" \"d\" {\n  #checkov:skip=CKV_AWS_7:rotation handled elsewhere\n  description = \"d\"\n}\n";
    let repo = repo(tmp.path(), &[("main", &[("kms.tf", tf)])]);
    let report = review_json(&repo, &[]);
    let rotation: Vec<&str> = vishnu(&report, "vishnu/aws_kms_rotation")
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(
        rotation,
        vec!["aws_kms_key.b", "aws_kms_key.c"],
        "{}",
        report["findings"]
    );
    let invalid = vishnu(&report, "vishnu/suppression-invalid");
    assert_eq!(invalid.len(), 2, "{}", report["findings"]);
    assert!(invalid
        .iter()
        .any(|f| f["message"].as_str().unwrap().contains("no reason") && f["line"] == 6));
    assert!(invalid
        .iter()
        .any(|f| f["message"].as_str().unwrap().contains("expired") && f["line"] == 11));
    // The Checkov skip on `d` silences every rule known as CKV_AWS_7: Vishnu's and Kali's.
    assert_eq!(report["counts"]["suppressed"], 3);
}

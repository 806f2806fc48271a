//! Compliance end to end on a real git repo: one catalog of frameworks for every deity, a
//! check only Kali makes counted in its controls, a problem Kali and the policy library both
//! check reported and counted once (on the resource that holds the bad value), and the
//! compliance table listing Kali's rules.

use std::path::{Path, PathBuf};

use aetheredge::compliance::catalog;
use serde_json::Value;

use crate::support::{aetheredge, path_str, repo};

const BASE_TF: &str = r#"resource "aws_s3_bucket" "website" {
  bucket = "acme-website"
}

resource "aws_s3_bucket_acl" "website" {
  bucket = aws_s3_bucket.website.id
  acl    = "private"
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length   = 14
  password_reuse_prevention = 24
}
"#;

fn head_tf() -> String {
    BASE_TF
        .replace("\"private\"", "\"public-read\"")
        .replace("= 14", "= 8")
}

fn test_repo(dir: &Path) -> PathBuf {
    let head = head_tf();
    repo(
        dir,
        &[
            ("main", &[("main.tf", BASE_TF)]),
            ("feature", &[("main.tf", head.as_str())]),
        ],
    )
}

/// `aetheredge VERB` (`review`, or `scan` for Kali alone) of main...feature, as JSON.
fn run(dir: &Path, verb: &str) -> Value {
    let repo = test_repo(dir);
    let out = aetheredge(&[
        verb,
        "--format",
        "json",
        "--repo",
        path_str(&repo),
        "--base",
        "main",
        "--head",
        "feature",
        "--fail-on",
        "none",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

/// Whether a finding is about `rule`: by its id, or folded into another deity's finding.
fn about(f: &Value, rule: &str) -> bool {
    f["rule_id"] == rule
        || f["aliases"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == rule))
}

fn control<'a>(report: &'a Value, framework: &str, control: &str) -> &'a Value {
    report["compliance"]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == framework)
        .unwrap_or_else(|| panic!("no {framework} in the compliance section"))["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["control"] == control)
        .unwrap_or_else(|| panic!("no {framework} {control} in the compliance section"))
}

fn rules(control: &Value) -> Vec<&str> {
    control["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

#[test]
fn every_framework_is_named_once_from_the_catalog() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run(tmp.path(), "review");
    let catalog = catalog();

    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    // Every finding of every deity names its frameworks by catalog id and catalog name.
    let mut named = 0;
    for f in findings(&report) {
        for fc in f["frameworks"].as_array().unwrap() {
            let id = fc["framework_id"].as_str().unwrap();
            let framework = catalog
                .framework(id)
                .unwrap_or_else(|| panic!("{id} is not in the catalog: {f}"));
            assert_eq!(fc["framework"], framework.name.as_str(), "{f}");
            let control = fc["control"].as_str().unwrap();
            assert!(catalog.control(id, control).is_some(), "{id} {control}");
            named += 1;
        }
    }
    assert!(named > 10, "{named}");
    let deities: std::collections::BTreeSet<&str> = findings(&report)
        .iter()
        .filter(|f| !f["frameworks"].as_array().unwrap().is_empty())
        .map(|f| f["deity"].as_str().unwrap())
        .collect();
    assert_eq!(
        deities.into_iter().collect::<Vec<_>>(),
        vec!["kali", "vishnu"]
    );

    // The compliance section: catalog frameworks in catalog order, each once, with its
    // name, version and control titles.
    let frameworks = report["compliance"]["frameworks"].as_array().unwrap();
    let ids: Vec<&str> = frameworks
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let order: Vec<&str> = catalog
        .frameworks
        .iter()
        .map(|f| f.id.as_str())
        .filter(|id| ids.contains(id))
        .collect();
    assert_eq!(ids, order);
    for family in ["soc2", "iso27001", "pci_dss", "hipaa", "gdpr", "cis_aws"] {
        assert!(ids.contains(&family), "{family} missing in {ids:?}");
    }
    for f in frameworks {
        let known = catalog.framework(f["id"].as_str().unwrap()).unwrap();
        assert_eq!(f["name"], known.name.as_str());
        assert_eq!(f["framework"], known.name.as_str());
        assert_eq!(f["version"], known.version.as_str());
        for c in f["controls"].as_array().unwrap() {
            let title = &catalog
                .control(&known.id, c["control"].as_str().unwrap())
                .unwrap()
                .title;
            assert_eq!(c["title"], title.as_str());
        }
    }
}

#[test]
fn a_check_only_kali_makes_fails_its_controls() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run(tmp.path(), "review");
    let rule = "kali/aws-iam-password-length";
    let weak: Vec<&Value> = findings(&report)
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .collect();
    assert_eq!(weak.len(), 1, "{:#?}", findings(&report));
    assert_eq!(weak[0]["deity"], "kali");
    assert_eq!(weak[0]["status"], "introduced");
    assert_eq!(
        weak[0]["resource"],
        "aws_iam_account_password_policy.strict"
    );

    // CIS AWS 1.8 has no other rule than Kali's: one resource, failing, new in the change.
    let cis = control(&report, "cis_aws", "1.8");
    assert_eq!(rules(cis), vec![rule]);
    assert_eq!(cis["fail"], 1);
    assert_eq!(cis["pass"], 0);
    assert_eq!(cis["new_failures"], 1);
    assert_eq!(cis["fixed_failures"], 0);
    // And every other control the rule maps to counts it too.
    for fc in weak[0]["frameworks"].as_array().unwrap() {
        let c = control(
            &report,
            fc["framework_id"].as_str().unwrap(),
            fc["control"].as_str().unwrap(),
        );
        assert!(rules(c).contains(&rule), "{c}");
        assert!(c["fail"].as_u64().unwrap() >= 1, "{c}");
        assert!(c["new_failures"].as_u64().unwrap() >= 1, "{c}");
    }
    // The reuse rule of the same policy passes: a pass, not a failure.
    let reuse = control(&report, "cis_aws", "1.9");
    assert_eq!(
        (reuse["pass"].as_u64(), reuse["fail"].as_u64()),
        (Some(1), Some(0))
    );
}

#[test]
fn a_public_acl_both_deities_check_is_one_finding_counted_once_on_the_bucket() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run(tmp.path(), "review");
    let public: Vec<&Value> = findings(&report)
        .iter()
        .filter(|f| about(f, "vishnu/aws_s3_public_access") || about(f, "kali/aws-s3-public-read"))
        .collect();
    assert_eq!(public.len(), 1, "{public:#?}");
    let f = public[0];
    assert_eq!(f["resource"], "aws_s3_bucket.website");
    assert_eq!(f["file"], "main.tf");
    assert_eq!(f["line"], 7);
    assert_eq!(f["status"], "introduced");
    assert!(about(f, "kali/aws-s3-public-read"), "{f}");
    assert!(about(f, "vishnu/aws_s3_public_access"), "{f}");

    // The table lists the check under both deities' rule ids, and counts it once: CIS AWS
    // 2.1.4 has this one new failure, and every control counts one new failure per new
    // finding that names it.
    let cis = control(&report, "cis_aws", "2.1.4");
    let listed = rules(cis);
    assert!(
        listed.contains(&"vishnu/aws_s3_public_access"),
        "{listed:?}"
    );
    assert!(listed.contains(&"kali/aws-s3-public-read"), "{listed:?}");
    assert_eq!(cis["new_failures"], 1, "{cis}");
    for fc in f["frameworks"].as_array().unwrap() {
        let c = control(
            &report,
            fc["framework_id"].as_str().unwrap(),
            fc["control"].as_str().unwrap(),
        );
        let naming = findings(&report)
            .iter()
            .filter(|x| {
                x["status"] == "introduced"
                    && x["frameworks"].as_array().unwrap().iter().any(|y| {
                        y["framework_id"] == fc["framework_id"] && y["control"] == fc["control"]
                    })
            })
            .count();
        assert_eq!(c["new_failures"], naming as u64, "{c}");
    }

    // Kali alone reports it on the same resource, under its own id.
    let other = tempfile::tempdir().unwrap();
    let kali = run(other.path(), "scan");
    let alone: Vec<&Value> = findings(&kali)
        .iter()
        .filter(|f| f["rule_id"] == "kali/aws-s3-public-read")
        .collect();
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0]["resource"], "aws_s3_bucket.website");
    let cis = control(&kali, "cis_aws", "2.1.4");
    assert!(rules(cis).contains(&"kali/aws-s3-public-read"));
    assert_eq!(cis["new_failures"], 1, "{cis}");
}

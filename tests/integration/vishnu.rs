//! End-to-end tests of Vishnu through the binary, on real git repos: a repo's own conftest
//! and plan policies, the built-in library's public-bucket rule and its awareness of
//! related resources, compliance per control for all six frameworks, suppressions, and
//! policies that do not compile or run too long.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::{aetheredge_with, fixture_repo, repo};

fn bin(args: &[&str]) -> Output {
    aetheredge_with(args, &[("AETHEREDGE_TODAY", "2025-06-01")])
}

fn scenario_repo(dir: &Path, name: &str) -> PathBuf {
    fixture_repo(&format!("scenarios/{name}"), dir)
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
        "ISO/IEC 27001",
        "PCI DSS",
        "HIPAA Security Rule",
        "GDPR",
        "CIS AWS Foundations Benchmark",
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
    let frameworks = compliance_frameworks(&report);
    for f in SIX_FRAMEWORKS {
        assert!(frameworks.contains(&f), "{f} missing in {frameworks:?}");
    }
    let pci = report["compliance"]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["framework"] == "PCI DSS")
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
    let compliance: Vec<&str> = comment
        .lines()
        .filter(|l| l.starts_with("**Compliance**, controls whose status the change alters"))
        .collect();
    assert_eq!(compliance.len(), 1, "{comment}");
    assert!(
        compliance[0].contains(" · PCI DSS ❌ 1.3.1 (+2 failing), ❌ 1.4.1 (+2 failing)"),
        "{comment}"
    );
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
                ("policies/slow.rego", "package slow\nimport rego.v1\ndeny contains \"never\" if {\n  n := numbers.range(1, 100000)\n  count([x | some x in n; some y in n; x == y + 7]) > 0\n}\n"),
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
    let config = "suppressions:\n  require_reason: true\n";
    let repo = repo(
        tmp.path(),
        &[("main", &[("kms.tf", tf), ("aetheredge.yaml", config)])],
    );
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
    // Kali's rotation check is folded into Vishnu's (one finding per problem), so the
    // suppressions on `a` and the Checkov skip on `d` each silence one finding.
    assert_eq!(report["counts"]["suppressed"], 2);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule_id"] != "kali/aws-kms-rotation"),
        "{}",
        report["findings"]
    );
}

fn all_findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

fn has_alias(f: &Value, alias: &str) -> bool {
    f["aliases"]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x == alias))
}

/// A repo none of the built-in fixtures resemble: conftest's default `policy/` directory,
/// no configuration, a conftest policy (Rego v1, HCL input, package `main`) and an OPA plan
/// policy in its own package; the change plants a public bucket in a child module call's
/// sibling file.
#[test]
fn an_unseen_repos_two_policies_and_the_library_report_as_vishnu_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let conftest_policy = r#"package main

import rego.v1

deny_unencrypted_volume contains msg if {
	some name
	volume := input.resource.aws_ebs_volume[name][_]
	not volume.encrypted
	msg := sprintf("EBS volume %s must set encrypted = true", [name])
}
"#;
    let plan_policy = r#"package terraform.guardrails

import rego.v1

violation contains {"msg": msg, "resource": rc.address} if {
	some rc in input.resource_changes
	rc.mode == "managed"
	"create" in rc.change.actions
	rc.type == "aws_s3_bucket"
	not startswith(rc.change.after.bucket, "acme-")
	msg := sprintf("%s: bucket names must start with acme- (got %s)", [rc.address, rc.change.after.bucket])
}
"#;
    let base_tf = "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n  encrypted         = true\n}\n";
    let planted = "resource \"aws_s3_bucket\" \"exports\" {\n  bucket = \"exports-public\"\n  acl    = \"public-read\"\n}\n\nresource \"aws_ebs_volume\" \"scratch\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 50\n}\n";
    let repo = repo(
        tmp.path(),
        &[
            (
                "main",
                &[
                    ("infra/main.tf", base_tf),
                    ("policy/volumes.rego", conftest_policy),
                    ("policy/plan/guardrails.rego", plan_policy),
                ],
            ),
            ("feature", &[("infra/exports.tf", planted)]),
        ],
    );
    let report = review_json(&repo, &["--base", "main", "--head", "feature"]);
    let dump = serde_json::to_string_pretty(&report["findings"]).unwrap();

    let conftest = vishnu(&report, "vishnu/main.deny_unencrypted_volume");
    assert_eq!(conftest.len(), 1, "{dump}");
    assert_eq!(
        conftest[0]["message"],
        "EBS volume scratch must set encrypted = true"
    );
    assert_eq!(conftest[0]["file"], "infra/exports.tf");
    assert_eq!(conftest[0]["resource"], "aws_ebs_volume.scratch");
    assert_eq!(conftest[0]["status"], "introduced");

    let plan = vishnu(&report, "vishnu/terraform.guardrails.violation");
    assert_eq!(plan.len(), 1, "{dump}");
    assert_eq!(
        plan[0]["message"],
        "aws_s3_bucket.exports: bucket names must start with acme- (got exports-public)"
    );
    assert_eq!(plan[0]["resource"], "aws_s3_bucket.exports");
    assert_eq!(plan[0]["file"], "infra/exports.tf");

    // The library flags the planted public bucket, once across all deities, with controls
    // of all six frameworks.
    let public: Vec<&Value> = all_findings(&report)
        .iter()
        .filter(|f| {
            f["resource"] == "aws_s3_bucket.exports"
                && (f["rule_id"] == "vishnu/aws_s3_public_access"
                    || f["rule_id"] == "kali/aws-s3-public-read")
        })
        .collect();
    assert_eq!(public.len(), 1, "{dump}");
    assert_eq!(public[0]["deity"], "vishnu");
    assert_eq!(public[0]["line"], 3);
    assert!(has_alias(public[0], "kali/aws-s3-public-read"), "{dump}");
    let families: std::collections::BTreeSet<&str> = public[0]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["framework"].as_str().unwrap())
        .collect();
    for f in [
        "SOC 2",
        "ISO/IEC 27001",
        "PCI DSS",
        "HIPAA Security Rule",
        "GDPR",
        "CIS AWS Foundations Benchmark",
    ] {
        assert!(families.contains(f), "{f} missing in {families:?}");
    }
    let compliance = compliance_frameworks(&report);
    for f in SIX_FRAMEWORKS {
        assert!(compliance.contains(&f), "{f} missing in {compliance:?}");
    }
}

/// Checks both Kali and the library make are reported once per resource in a full
/// review, by Vishnu, with Kali's id and controls; Kali alone still reports them.
#[test]
fn a_problem_kali_and_the_library_both_check_is_one_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let tf = "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-123\"\n  instance_type = \"t3.micro\"\n  tags          = { Owner = \"web\" }\n}\n\nresource \"aws_kms_key\" \"data\" {\n  description = \"data\"\n}\n\nresource \"aws_security_group\" \"admin\" {\n  name = \"admin\"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    let repo = repo(tmp.path(), &[("main", &[("main.tf", tf)])]);
    let report = review_json(&repo, &[]);
    let dump = serde_json::to_string_pretty(&report["findings"]).unwrap();
    for (resource, vishnu_rule, kali_rule) in [
        (
            "aws_instance.web",
            "vishnu/aws_instance_imdsv2",
            "kali/aws-ec2-imdsv1",
        ),
        (
            "aws_kms_key.data",
            "vishnu/aws_kms_rotation",
            "kali/aws-kms-rotation",
        ),
        (
            "aws_security_group.admin",
            "vishnu/aws_sg_admin_ports_open",
            "kali/aws-sg-ssh-open",
        ),
    ] {
        let about: Vec<&Value> = all_findings(&report)
            .iter()
            .filter(|f| {
                f["resource"] == resource
                    && (f["rule_id"] == vishnu_rule || f["rule_id"] == kali_rule)
            })
            .collect();
        assert_eq!(about.len(), 1, "{resource}: {dump}");
        assert_eq!(about[0]["rule_id"], vishnu_rule, "{dump}");
        assert!(has_alias(about[0], kali_rule), "{dump}");
    }
    // Kali's CIS control comes along with Vishnu's mapping.
    let imds = vishnu(&report, "vishnu/aws_instance_imdsv2");
    assert!(imds[0]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["framework"] == "CIS AWS Foundations Benchmark" && f["control"] == "5.6"));
    // Kali's own checks with no Vishnu twin stay Kali's.
    assert!(all_findings(&report)
        .iter()
        .any(|f| f["deity"] == "kali" && vishnu_owner_free(f["rule_id"].as_str().unwrap())));

    // Kali alone (`scan`) still reports its rule.
    let out = bin(&[
        "scan",
        "--format",
        "json",
        "--fail-on",
        "none",
        "--repo",
        repo.to_str().unwrap(),
    ]);
    let scan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(all_findings(&scan)
        .iter()
        .any(|f| f["rule_id"] == "kali/aws-ec2-imdsv1"));
}

fn vishnu_owner_free(rule: &str) -> bool {
    aetheredge::policy::overlap::vishnu_owner(rule).is_none()
}

/// `.tf.json` files get conftest's input for them: the file's JSON as it is.
#[test]
fn a_tf_json_file_is_given_to_conftest_policies_as_plain_json() {
    let tmp = tempfile::tempdir().unwrap();
    let json = "{\n  \"resource\": {\n    \"aws_s3_bucket\": {\n      \"logs\": {\n        \"bucket\": \"logs\",\n        \"acl\": \"public-read\"\n      }\n    }\n  }\n}\n";
    let policy = "package main\n\nimport rego.v1\n\n# conftest reads .json with its JSON parser: blocks are plain objects.\ndeny contains msg if {\n\tsome name, bucket in input.resource.aws_s3_bucket\n\tis_object(bucket)\n\tbucket.acl == \"public-read\"\n\tmsg := sprintf(\"bucket %s is public-read\", [name])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[("main.tf.json", json), ("policies/json.rego", policy)],
        )],
    );
    let report = review_json(&repo, &[]);
    let found = vishnu(&report, "vishnu/main.deny");
    assert_eq!(found.len(), 1, "{}", report["findings"]);
    assert_eq!(found[0]["message"], "bucket logs is public-read");
    assert_eq!(found[0]["file"], "main.tf.json");
    assert_eq!(found[0]["resource"], "aws_s3_bucket.logs");
}

/// The plan input has `variables`, data sources, `prior_state` and child modules.
#[test]
fn the_plan_input_has_variables_data_sources_prior_state_and_child_modules() {
    let tmp = tempfile::tempdir().unwrap();
    let main_tf = "variable \"env\" {\n  type    = string\n  default = \"dev\"\n}\n\nvariable \"size\" {\n  type    = number\n  default = 2\n}\n\ndata \"aws_ami\" \"ubuntu\" {\n  most_recent = true\n  owners      = [\"099720109477\"]\n}\n\nresource \"aws_s3_bucket\" \"old\" {\n  bucket = \"old-${var.env}\"\n  acl    = \"private\"\n}\n\nmodule \"net\" {\n  source = \"./modules/net\"\n  cidr   = \"10.0.0.0/16\"\n}\n";
    let net =
        "variable \"cidr\" {}\n\nresource \"aws_vpc\" \"this\" {\n  cidr_block = var.cidr\n}\n";
    let head_tf = main_tf.replace("acl    = \"private\"", "acl    = \"log-delivery-write\"");
    let policy = r#"package terraform.inputs

import rego.v1

deny contains msg if {
	msg := sprintf("env=%s size=%v", [input.variables.env.value, input.variables.size.value])
}

deny contains msg if {
	some rc in input.resource_changes
	rc.mode == "data"
	rc.change.actions == ["read"]
	msg := sprintf("data %s owners=%v", [rc.address, rc.change.after.owners])
}

deny contains msg if {
	some r in input.planned_values.root_module.resources
	r.mode == "data"
	msg := sprintf("planned data %s", [r.address])
}

deny contains msg if {
	some r in input.prior_state.values.root_module.resources
	r.address == "aws_s3_bucket.old"
	msg := sprintf("prior acl=%s", [r.values.acl])
}

deny contains msg if {
	some m in input.planned_values.root_module.child_modules
	some r in m.resources
	msg := sprintf("child %s in %s cidr=%s", [r.address, m.address, r.values.cidr_block])
}
"#;
    let repo = repo(
        tmp.path(),
        &[
            (
                "main",
                &[
                    ("main.tf", main_tf),
                    ("terraform.tfvars", "env = \"prod\"\n"),
                    ("modules/net/main.tf", net),
                    ("policies/inputs.rego", policy),
                ],
            ),
            ("feature", &[("main.tf", head_tf.as_str())]),
        ],
    );
    let report = review_json(&repo, &["--base", "main", "--head", "feature"]);
    let mut messages: Vec<String> = vishnu(&report, "vishnu/terraform.inputs.deny")
        .iter()
        .filter(|f| f["status"] != "fixed")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    messages.sort();
    assert_eq!(
        messages,
        vec![
            "child module.net.aws_vpc.this in module.net cidr=10.0.0.0/16",
            "data data.aws_ami.ubuntu owners=[\"099720109477\"]",
            "env=prod size=2",
            "planned data data.aws_ami.ubuntu",
            "prior acl=private",
        ],
        "{}",
        report["findings"]
    );
}

/// The six frameworks the built-in library maps its rules to (CIS by its AWS benchmark here).
const SIX_FRAMEWORKS: [&str; 6] = [
    "SOC 2",
    "ISO/IEC 27001",
    "PCI DSS",
    "HIPAA Security Rule",
    "GDPR",
    "CIS AWS Foundations Benchmark",
];

/// The frameworks a report's compliance section names.
fn compliance_frameworks(report: &Value) -> Vec<&str> {
    report["compliance"]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["framework"].as_str().unwrap())
        .collect()
}

/// The files of the `vishnu/limit-exceeded` findings, sorted, with their messages.
fn over_limits(report: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = vishnu(report, "vishnu/limit-exceeded")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);
    found
}

/// A policy every test below keeps beside the hostile ones: it still runs.
const STILL_RUNS: &str = "package main\n\ndeny contains msg if {\n  some name, _ in input.resource.aws_s3_bucket\n  msg := sprintf(\"bucket %s\", [name])\n}\n";

/// The review of a repo whose one commit holds a bucket, a policy that still runs, and `files`
/// (policies, config): what the policies under test do beside one that works.
fn review_beside_a_working_policy(files: &[(&str, &str)]) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let mut all: Vec<(&str, &str)> = vec![("main.tf", BUCKET), ("policies/ok.rego", STILL_RUNS)];
    all.extend_from_slice(files);
    let repo = repo(tmp.path(), &[("main", all.as_slice())]);
    review_json(&repo, &[])
}

#[test]
fn policies_over_the_lexical_limits_are_left_out_before_parsing() {
    let brackets = format!(
        "package main\n\nx := {}1{}\n",
        "[".repeat(65),
        "]".repeat(65)
    );
    let mut every = String::from("package main\n\ndeny contains \"deep\" if {\n");
    for i in 0..100 {
        every += &format!("  every x{i} in [1] {{\n");
    }
    every += &"}\n".repeat(101);
    let unclosed = format!("package main\n\nx := {}\n", "[".repeat(10_000));
    let mut metadata = String::from("package main\n\n# METADATA\n# custom:\n");
    for i in 0..200 {
        metadata += &format!("# {}a:\n", "  ".repeat(i + 1));
    }
    metadata += "deny contains \"m\" if true\n";
    let files = [
        ("policies/brackets.rego", brackets.as_str()),
        ("policies/every.rego", every.as_str()),
        ("policies/unclosed.rego", unclosed.as_str()),
        ("policies/metadata.rego", metadata.as_str()),
        ("policies/number.rego", "package main\n\nx := 1e999999999\n"),
        (
            "policies/unbalanced.rego",
            "package main\n\nx := [1,\n\ny := 2\n",
        ),
    ];
    let started = std::time::Instant::now();
    let report = review_beside_a_working_policy(&files);
    assert!(started.elapsed().as_secs() < 60);
    let found = over_limits(&report);
    let files: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        vec![
            "policies/brackets.rego",
            "policies/every.rego",
            "policies/metadata.rego",
            "policies/number.rego",
            "policies/unclosed.rego",
        ],
        "{}",
        report["findings"]
    );
    for (file, message) in &found {
        let key = if file.ends_with("number.rego") {
            "limits.policy_number_length"
        } else {
            "limits.policy_nesting_depth"
        };
        assert!(message.contains(key), "{file}: {message}");
    }
    let at = |file: &str| {
        vishnu(&report, "vishnu/limit-exceeded")
            .iter()
            .find(|f| f["file"] == file)
            .map(|f| f["line"].as_u64().unwrap())
    };
    assert_eq!(at("policies/brackets.rego"), Some(3));
    assert_eq!(at("policies/number.rego"), Some(3));
    assert!(at("policies/metadata.rego").unwrap() > 4);
    let unbalanced = vishnu(&report, "vishnu/policy-compile-error");
    assert_eq!(unbalanced.len(), 1, "{}", report["findings"]);
    assert_eq!(unbalanced[0]["file"], "policies/unbalanced.rego");
    assert_eq!(unbalanced[0]["line"], 3);
    assert!(unbalanced[0]["message"]
        .as_str()
        .unwrap()
        .contains("never closed"));
    assert_eq!(
        vishnu(&report, "vishnu/main.deny")[0]["message"],
        "bucket b"
    );
}

#[test]
fn functions_that_call_themselves_are_refused_before_evaluation() {
    let files = [
        ("policies/direct.rego", "package main\n\nf(x) := y if {\n  y := f(x + 1)\n}\n\ndeny contains \"never\" if f(1) > 0\n"),
        ("policies/mutual.rego", "package mutual\nimport rego.v1\n\na(x) := b(x)\n\nb(x) := a(x)\n\ndeny contains \"never\" if a(1)\n"),
        ("aetheredge.yaml", "vishnu:\n  all_namespaces: true\n"),
    ];
    let report = review_beside_a_working_policy(&files);
    let refused = vishnu(&report, "vishnu/policy-compile-error");
    let mut got: Vec<(&str, u64, &str)> = refused
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(got.len(), 2, "{}", report["findings"]);
    assert_eq!((got[0].0, got[0].1), ("policies/direct.rego", 3));
    assert!(
        got[0].2.contains("data.main.f calls itself"),
        "{}",
        got[0].2
    );
    assert_eq!((got[1].0, got[1].1), ("policies/mutual.rego", 4));
    assert!(
        got[1]
            .2
            .contains("data.mutual.a, data.mutual.b call each other"),
        "{}",
        got[1].2
    );
    assert_eq!(
        vishnu(&report, "vishnu/main.deny")[0]["message"],
        "bucket b"
    );
}

#[test]
fn builtins_that_would_exhaust_memory_are_refused_before_allocating() {
    let mut doubling = String::from("package doubling\n\ns0 := \"abcdefghijklmnop\"\n");
    for i in 1..=40 {
        doubling += &format!("s{i} := concat(\"\", [s{p}, s{p}])\n", p = i - 1);
    }
    doubling += "deny contains \"long\" if count(s40) > 0\n";
    let call = |package: &str, expr: &str| {
        format!("package {package}\n\ndeny contains \"never\" if {{\n  x := {expr}\n  count(x) > 0\n}}\n")
    };
    let range = call("range", "numbers.range(0, 100000000)");
    let sprintf = call("wide", "sprintf(\"%999999999d\", [1])");
    let v4 = call("v4", "net.cidr_expand(\"10.0.0.0/8\")");
    let v6 = call("v6", "net.cidr_expand(\"2001:db8::/64\")");
    let files = [
        ("policies/doubling.rego", doubling.as_str()),
        ("policies/range.rego", range.as_str()),
        ("policies/sprintf.rego", sprintf.as_str()),
        ("policies/v4.rego", v4.as_str()),
        ("policies/v6.rego", v6.as_str()),
        ("aetheredge.yaml", "vishnu:\n  all_namespaces: true\n"),
    ];
    let started = std::time::Instant::now();
    let report = review_beside_a_working_policy(&files);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    let found = over_limits(&report);
    let files: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        vec![
            "policies/doubling.rego",
            "policies/range.rego",
            "policies/sprintf.rego",
            "policies/v4.rego",
            "policies/v6.rego",
        ],
        "{}",
        report["findings"]
    );
    for (file, message) in &found {
        let key = if file.ends_with("doubling.rego") || file.ends_with("sprintf.rego") {
            "limits.policy_string_length"
        } else {
            "limits.policy_collection_length"
        };
        assert!(message.contains(key), "{file}: {message}");
    }
    assert!(vishnu(&report, "vishnu/policy-timeout").is_empty());
    assert_eq!(
        vishnu(&report, "vishnu/main.deny")[0]["message"],
        "bucket b"
    );
}

fn git(repo: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn the_clock_randomness_and_uuids_of_a_policy_come_from_the_reviewed_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = "package main\n\ndeny contains msg if {\n  msg := sprintf(\"%d %d %s %s\", [time.now_ns(), rand.intn(\"x\", 1000000), uuid.rfc4122(\"x\"), opa.runtime().commit])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[("main.tf", BUCKET), ("policies/now.rego", policy)],
        )],
    );
    let path = repo.to_str().unwrap();
    let args = [
        "review",
        "--format",
        "json",
        "--fail-on",
        "none",
        "--repo",
        path,
    ];
    let first = bin(&args);
    let second = bin(&args);
    assert_eq!(first.status.code(), Some(0));
    assert!(
        first.stdout == second.stdout,
        "two reviews of one commit differ"
    );
    let report: Value = serde_json::from_slice(&first.stdout).unwrap();
    let found = vishnu(&report, "vishnu/main.deny");
    assert_eq!(found.len(), 1, "{}", report["findings"]);
    let message = found[0]["message"].as_str().unwrap();
    let parts: Vec<&str> = message.split(' ').collect();
    let seconds: i64 = git(&repo, &["log", "-1", "--format=%ct"]).parse().unwrap();
    assert_eq!(parts[0], (seconds * 1_000_000_000).to_string());
    assert!(parts[1].parse::<u64>().unwrap() < 1_000_000);
    assert_eq!(parts[2].len(), 36);
    assert_eq!(parts[3], git(&repo, &["rev-parse", "HEAD"]));
}

#[test]
fn policy_test_reports_a_file_that_is_not_text_and_runs_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("bad.rego"),
        b"package main\n\ndeny contains \"\xff\xfe\" if { true }\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("ok_test.rego"),
        "package main\n\ntest_ok if { true }\n",
    )
    .unwrap();
    let out = bin(&["policy", "test", tmp.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("ERROR bad.rego:3:"), "{text}");
    assert!(text.contains("not UTF-8"), "{text}");
    assert!(text.contains("PASS data.main.test_ok"), "{text}");
    assert!(text.contains("1 passed, 0 failed"), "{text}");
}

#[test]
fn buckets_sharing_a_name_are_not_linked_to_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let mut main_tf = String::new();
    for i in 0..3_000 {
        main_tf += &format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"same\"\n}}\n\n");
    }
    main_tf +=
        "resource \"aws_s3_bucket_policy\" \"p\" {\n  bucket = \"same\"\n  policy = \"{}\"\n}\n";
    let policy = "package main\nimport rego.v1\n\nwarn contains msg if {\n  refs := input.aetheredge.references\n  links := [t | some attrs in refs; some targets in attrs; some t in targets]\n  msg := sprintf(\"%d linked, %d links, the policy to %d\", [count(refs), count(links), count(refs[\"aws_s3_bucket_policy.p\"].bucket)])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", main_tf.as_str()),
                ("policies/links.rego", policy),
            ],
        )],
    );
    let started = std::time::Instant::now();
    let report = review_json(&repo, &[]);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    let found = vishnu(&report, "vishnu/main.warn");
    assert_eq!(found.len(), 1, "{}", report["findings"]);
    // Each bucket links to the policy naming it and the policy to each bucket; no bucket
    // links to its 2,999 namesakes.
    assert_eq!(
        found[0]["message"],
        "3001 linked, 6000 links, the policy to 3000"
    );
}

#[test]
fn a_written_reference_or_a_shared_variable_names_its_bucket() {
    let tmp = tempfile::tempdir().unwrap();
    // Two buckets share a literal name; each ACL names its own by reference. A third bucket
    // and its versioning take their name from the same variable, which has no value.
    let main_tf = r#"
variable "name" {}
resource "aws_s3_bucket" "one" { bucket = "same" }
resource "aws_s3_bucket" "two" { bucket = "same" }
resource "aws_s3_bucket_acl" "one" {
  bucket = aws_s3_bucket.one.bucket
  acl    = "private"
}
resource "aws_s3_bucket_acl" "two" {
  bucket = aws_s3_bucket.two.id
  acl    = "private"
}
resource "aws_s3_bucket" "three" { bucket = var.name }
resource "aws_s3_bucket_versioning" "three" {
  bucket = var.name
  versioning_configuration { status = "Enabled" }
}
"#;
    let policy = "package main\nimport rego.v1\n\nwarn contains msg if {\n  some addr, attrs in input.aetheredge.references\n  msg := sprintf(\"%s -> %v\", [addr, attrs.bucket])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[("main.tf", main_tf), ("policies/links.rego", policy)],
        )],
    );
    let report = review_json(&repo, &[]);
    let mut found: Vec<String> = vishnu(&report, "vishnu/main.warn")
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .filter(|m| !m.starts_with("aws_s3_bucket."))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "aws_s3_bucket_acl.one -> [\"aws_s3_bucket.one\"]",
            "aws_s3_bucket_acl.two -> [\"aws_s3_bucket.two\"]",
            "aws_s3_bucket_versioning.three -> [\"aws_s3_bucket.three\"]",
        ],
        "{}",
        report["findings"]
    );
    // The built-in versioning rule sees the third bucket's versioning.
    assert!(
        !vishnu(&report, "vishnu/aws_s3_versioning")
            .iter()
            .any(|f| f["resource"] == "aws_s3_bucket.three"),
        "{}",
        report["findings"]
    );
}

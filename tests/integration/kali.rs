//! Kali end to end on real git repos: the security-review scenario (what must be found, what
//! must not be claimed, the key never shown whole), the scan verb, SARIF and annotations,
//! ignore files, and a minified 50 MB file full of keywords.

use std::path::{Path, PathBuf};
use std::process::Output;

use aetheredge::fixture::Scenario;
use serde_json::Value;

use crate::support::{aetheredge_with, fixture_repo, review_json};

const KEY_ID: &str = "AKIAUJZDEGXDNCF32EPF";
const SECRET_KEY: &str = "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";
const HEAD: &str = "feature/harden-less";

fn scenario_repo(dir: &Path) -> PathBuf {
    fixture_repo("scenarios/security-review", dir)
}

fn review(repo: &Path, verb: &str, format: &str) -> Output {
    aetheredge_with(
        &[
            verb,
            "--repo",
            repo.to_str().unwrap(),
            "--base",
            "main",
            "--head",
            HEAD,
            "--format",
            format,
            "--fail-on",
            "none",
        ],
        &[("AETHEREDGE_LOG", "debug")],
    )
}

fn findings(report: &Value) -> Vec<&Value> {
    report["findings"].as_array().unwrap().iter().collect()
}

fn has(report: &Value, rule: &str, resource: Option<&str>, file: &str, line: u64) -> bool {
    findings(report).iter().any(|f| {
        // By its id, or folded into Vishnu's finding for the same problem.
        (f["rule_id"] == rule
            || f["aliases"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == rule)))
            && f["status"] == "introduced"
            && f["file"] == file
            && f["line"] == line
            && resource.is_none_or(|r| f["resource"] == r)
    })
}

#[test]
fn the_security_review_finds_what_matters_and_claims_nothing_false() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = scenario_repo(tmp.path());
    let out = review(&repo, "review", "json");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();

    assert!(has(
        &report,
        "kali/aws-s3-public-read",
        Some("aws_s3_bucket.website"),
        "website.tf",
        7
    ));
    assert!(has(
        &report,
        "kali/aws-sg-ssh-open",
        Some("aws_security_group_rule.bastion_ssh"),
        "network.tf",
        12
    ));
    assert!(has(
        &report,
        "kali/aws-rds-unencrypted",
        Some("aws_db_instance.reporting"),
        "reporting.tf",
        1
    ));
    assert!(has(
        &report,
        "kali/aws-rds-public",
        Some("aws_db_instance.reporting"),
        "reporting.tf",
        6
    ));
    assert!(has(
        &report,
        "kali/secret/aws-access-token",
        None,
        "scripts/deploy.sh",
        4
    ));
    assert!(has(
        &report,
        "kali/secret/aws-secret-access-key",
        None,
        "scripts/deploy.sh",
        5
    ));

    // No false claims: the encrypted databases are not unencrypted, the bucket behind a
    // public access block is not public.
    for f in findings(&report) {
        let rule = f["rule_id"].as_str().unwrap();
        let resource = f["resource"].as_str().unwrap_or("");
        assert!(
            !(rule == "kali/aws-rds-unencrypted" && resource != "aws_db_instance.reporting"),
            "{f}"
        );
        assert!(
            !(rule.starts_with("kali/aws-s3-public") && resource.contains("assets")),
            "{f}"
        );
        if f["deity"] == "kali" {
            assert!(
                !f["frameworks"].as_array().unwrap().is_empty() || rule.starts_with("kali/yaml"),
                "{f}"
            );
        }
    }
    let secret = findings(&report)
        .into_iter()
        .find(|f| f["rule_id"] == "kali/secret/aws-access-token")
        .unwrap();
    assert!(
        secret["message"].as_str().unwrap().contains("\"AKIA…\""),
        "{secret}"
    );
    // Vishnu owns the public-database check: Kali's id and Checkov's ride along.
    let rds = findings(&report)
        .into_iter()
        .find(|f| f["rule_id"] == "vishnu/aws_rds_public")
        .unwrap();
    let aliases = rds["aliases"].as_array().unwrap();
    assert!(aliases.iter().any(|a| a == "CKV_AWS_17"), "{rds}");
    assert!(aliases.iter().any(|a| a == "kali/aws-rds-public"), "{rds}");
    // Secrets are looked for at head only: nothing is "fixed" by the base scan.
    assert!(!findings(&report)
        .iter()
        .any(|f| f["status"] == "fixed"
            && f["rule_id"].as_str().unwrap().starts_with("kali/secret/")));
}

#[test]
fn no_output_and_no_log_shows_more_than_four_characters_of_a_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = scenario_repo(tmp.path());
    for (verb, format) in [
        ("review", "json"),
        ("review", "markdown"),
        ("review", "sarif"),
        ("review", "annotations"),
        ("scan", "json"),
    ] {
        let out = review(&repo, verb, format);
        assert_eq!(out.status.code(), Some(0), "{format}");
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains(&KEY_ID[..5]),
                "{verb} {format} shows the key id"
            );
            assert!(
                !text.contains(&SECRET_KEY[..5]),
                "{verb} {format} shows the secret key"
            );
        }
    }
}

#[test]
fn scan_runs_kali_alone_and_sarif_carries_rule_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = scenario_repo(tmp.path());
    let out = review(&repo, "scan", "json");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let deities: Vec<&str> = report["deities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["deity"].as_str().unwrap())
        .collect();
    assert_eq!(deities, vec!["kali"]);

    let out = review(&repo, "review", "sarif");
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
    }
    let ssh = rules
        .iter()
        .find(|r| r["id"] == "kali/aws-sg-ssh-open" || r["id"] == "vishnu/aws_sg_admin_ports_open")
        .unwrap();
    assert!(ssh["help"]["text"]
        .as_str()
        .unwrap()
        .contains("Remediation"));
    // In a full review Vishnu owns the SSH check; Kali's rule metadata is checked when
    // Kali reports it.
    if ssh["id"] == "kali/aws-sg-ssh-open" {
        assert_eq!(ssh["properties"]["security-severity"], "8.0");
        assert!(ssh["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "CKV_AWS_24"));
    }

    let out = review(&repo, "review", "annotations");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("::error file=network.tf,line=12,title=")
                && l.contains("aws_security_group_rule.bastion_ssh")),
        "{text}"
    );
    assert!(text.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
}

#[test]
fn list_rules_prints_the_registry() {
    let out = aetheredge_with(&["scan", "--list-rules", "--format", "json"], &[]);
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(
        rules
            .iter()
            .filter(|r| r["kind"] == "misconfiguration")
            .count()
            >= 80
    );
    assert!(rules.iter().filter(|r| r["kind"] == "secret").count() >= 30);
    let table = String::from_utf8(aetheredge_with(&["scan", "--list-rules"], &[]).stdout).unwrap();
    assert!(
        table.contains("| `kali/aws-s3-public-read` | high | CKV_AWS_20 |"),
        "{table}"
    );
}

/// A commit: its branch and its files (path, content).
type FixtureFiles<'a> = (&'a str, Vec<(&'a str, Vec<u8>)>);

fn commit_repo(dir: &Path, commits: &[FixtureFiles]) -> PathBuf {
    let scenario = Scenario {
        name: "t".into(),
        commits: commits
            .iter()
            .enumerate()
            .map(|(i, (branch, files))| aetheredge::fixture::FixtureCommit {
                dir: format!("{:02}-{branch}", i + 1),
                branch: branch.to_string(),
                message: format!("commit {}", i + 1),
                files: files
                    .iter()
                    .map(|(p, c)| (p.to_string(), c.clone()))
                    .collect(),
                deleted: vec![],
                renamed: vec![],
            })
            .collect(),
    };
    scenario.build(&dir.join("repo")).unwrap().path
}

#[test]
fn ignore_files_from_the_base_suppress_secrets_and_only_added_lines_count() {
    let tmp = tempfile::tempdir().unwrap();
    let token = format!("ghp_{}", "Zq8".repeat(12));
    let gitlab = format!("glpat-{}", "Xy7Kp".repeat(4));
    let repo = commit_repo(
        tmp.path(),
        &[
            (
                "main",
                vec![
                    (".gitleaksignore", b"ci.yml:github-pat:2\n".to_vec()),
                    ("old.env", format!("TOKEN={gitlab}\n").into_bytes()),
                ],
            ),
            (
                "feature",
                vec![
                    ("ci.yml", format!("steps:\n  token: {token}\n").into_bytes()),
                    ("app.env", format!("GITLAB={gitlab}\n").into_bytes()),
                ],
            ),
        ],
    );
    let out = aetheredge_with(
        &[
            "review",
            "--repo",
            repo.to_str().unwrap(),
            "--base",
            "main",
            "--head",
            "feature",
            "--format",
            "json",
            "--fail-on",
            "none",
        ],
        &[],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let secrets: Vec<(String, String)> = findings(&report)
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("kali/secret/"))
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // ci.yml:2 is ignored by the base's .gitleaksignore; old.env is not part of the change.
    assert_eq!(
        secrets,
        vec![("kali/secret/gitlab-pat".to_string(), "app.env".to_string())]
    );
}

#[test]
fn broken_kubernetes_yaml_is_a_finding_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = commit_repo(
        tmp.path(),
        &[("main", vec![("k8s/pod.yaml", b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n      securityContext:\n        privileged: true\n---\napiVersion: v1\nkind: Pod\nmetadata: [oops\n".to_vec())])],
    );
    let report = scan_json(&repo);
    assert!(
        has(
            &report,
            "kali/kubernetes-privileged",
            Some("Pod/web"),
            "k8s/pod.yaml",
            10
        ),
        "{report}"
    );
    assert!(has(
        &report,
        "kali/kubernetes-latest-image",
        Some("Pod/web"),
        "k8s/pod.yaml",
        8
    ));
    let parse = findings(&report)
        .into_iter()
        .find(|f| f["rule_id"] == "kali/yaml-parse-error")
        .unwrap();
    assert_eq!(parse["file"], "k8s/pod.yaml");
    assert!(parse["line"].as_u64().unwrap() >= 14, "{parse}");
}

/// A minified 50 MB file full of keywords is reviewed, with Kali's scan and without it (by
/// reading alone). What the scan costs next to reading is measured by
/// `bench/kali-minified.sh`, on a quiet machine: here other tests run at the same time.
#[test]
fn a_minified_50_mb_file_is_reviewed_with_and_without_the_scan() {
    let mut text = String::with_capacity(52 * 1024 * 1024);
    let mut i = 0u64;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "var t{i}={{token:\"x{i}\",secret:n,password:p,key:\"AKIA\"+k}};"
        ));
        i += 1;
    }
    text.push('\n');
    let big = text.into_bytes();
    let config_on: &[u8] = b"max_file_size: 104857600\n";
    let config_off: &[u8] = b"max_file_size: 104857600\ndeities:\n  kali: false\n";
    for config in [config_off, config_on] {
        let dir = tempfile::tempdir().unwrap();
        let repo = commit_repo(
            dir.path(),
            &[(
                "main",
                vec![
                    ("aetheredge.yaml", config.to_vec()),
                    ("dist/app.min.js", big.clone()),
                ],
            )],
        );
        let (_, out) = review_json(&repo, &["--fail-on", "none"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn scan_json(repo: &Path) -> Value {
    let out = aetheredge_with(
        &[
            "scan",
            "--repo",
            repo.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "none",
        ],
        &[],
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

/// A `terraform show -json` plan committed to the tree is judged as planned: what it plans
/// is checked at the line of its address, values the plan leaves unknown give no verdict, a
/// broken plan file is a finding at its line while everything else is still checked, and
/// the plan of the change knows nothing of it.
#[test]
fn plan_files_in_the_tree_are_judged_as_planned() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture_repo("kali/plan-files", tmp.path());
    let report = scan_json(&repo);
    let plan = "plans/tfplan.json";
    assert!(
        has(
            &report,
            "kali/aws-secret-cmk",
            Some("aws_secretsmanager_secret.api_token"),
            plan,
            8
        ),
        "{report}"
    );
    assert!(has(
        &report,
        "kali/aws-sg-ssh-open",
        Some("module.network.aws_security_group.bastion[0]"),
        plan,
        46
    ));
    // Its key is only known after apply.
    assert!(!findings(&report)
        .iter()
        .any(|f| f["rule_id"] == "kali/aws-secret-cmk"
            && f["resource"] == "aws_secretsmanager_secret.db_password"));
    // A data source is read, not managed.
    assert!(!findings(&report)
        .iter()
        .any(|f| f["resource"] == "data.aws_caller_identity.current"));
    // The configuration beside it is checked as before.
    assert!(findings(&report)
        .iter()
        .any(|f| f["file"] == "main.tf" && f["resource"] == "aws_s3_bucket.site"));
    let broken = findings(&report)
        .into_iter()
        .find(|f| f["rule_id"] == "brahma/plan-file-invalid")
        .expect("the broken plan file is reported");
    assert_eq!(broken["file"], "plans/broken.json");
    assert_eq!(broken["line"], 7, "{broken}");

    let out = aetheredge_with(
        &["plan", "--repo", repo.to_str().unwrap(), "--format", "json"],
        &[],
    );
    let planned: Value = serde_json::from_slice(&out.stdout).unwrap();
    let addresses: Vec<&str> = planned["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses, ["aws_s3_bucket.site"]);
}

/// A plan file nested deeper than `limits.decode_depth` is refused before it is parsed, as a
/// finding naming the limit; the other plan file is still judged.
#[test]
fn a_plan_file_nested_too_deep_is_a_limit_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = format!(
        "{{\"format_version\": \"1.2\", \"planned_values\": {{\"root_module\": {{\"resources\": []}}}}, \"x\": {}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let good = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
  {"address": "aws_ebs_volume.data", "mode": "managed", "type": "aws_ebs_volume", "name": "data",
   "values": {"availability_zone": "eu-west-1a", "size": 10, "encrypted": false}}]}}}
"#;
    let repo = commit_repo(
        tmp.path(),
        &[(
            "main",
            vec![
                ("deep.json", deep.into_bytes()),
                ("plan.json", good.as_bytes().to_vec()),
            ],
        )],
    );
    let report = scan_json(&repo);
    let limit = findings(&report)
        .into_iter()
        .find(|f| f["rule_id"] == "brahma/limit-exceeded")
        .expect("the deep file is reported");
    assert_eq!(limit["file"], "deep.json");
    assert!(
        limit["message"].as_str().unwrap().contains("decode_depth"),
        "{limit}"
    );
    assert!(
        has(
            &report,
            "kali/aws-ebs-unencrypted",
            Some("aws_ebs_volume.data"),
            "plan.json",
            2
        ),
        "{report}"
    );
}

/// A plan file of 5,000 resources on one line is read in one pass: every resource is judged
/// at line 1, and one over `limits.instances_per_root` is refused as a limit finding.
#[test]
fn a_large_plan_file_is_read_in_one_pass_and_its_size_is_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = |n: usize| {
        let resources: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"address":"aws_ebs_volume.v{i}","mode":"managed","type":"aws_ebs_volume","name":"v{i}","values":{{"availability_zone":"eu-west-1a","size":1,"encrypted":false}}}}"#
                )
            })
            .collect();
        format!(
            r#"{{"format_version":"1.2","planned_values":{{"root_module":{{"resources":[{}]}}}}}}"#,
            resources.join(",")
        )
        .into_bytes()
    };
    let repo = commit_repo(
        tmp.path(),
        &[(
            "main",
            vec![
                ("plan.json", plan(5_000)),
                (
                    "aetheredge.yaml",
                    b"limits:\n  instances_per_root: 6000\n".to_vec(),
                ),
                ("big/plan.json", plan(6_001)),
            ],
        )],
    );
    let report = scan_json(&repo);
    let unencrypted = findings(&report)
        .iter()
        .filter(|f| f["rule_id"] == "kali/aws-ebs-unencrypted" && f["file"] == "plan.json")
        .count();
    assert_eq!(unencrypted, 5_000);
    assert!(has(
        &report,
        "kali/aws-ebs-unencrypted",
        Some("aws_ebs_volume.v4999"),
        "plan.json",
        1
    ));
    let limit = findings(&report)
        .into_iter()
        .find(|f| f["rule_id"] == "brahma/limit-exceeded")
        .expect("the plan over the limit is reported");
    assert_eq!(limit["file"], "big/plan.json");
}

//! Shiva's `drift` command, run as a user runs it: a repository built from
//! `fixtures/drift/repo` compared with states written in the shapes Terraform writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::{aetheredge, fixture_repo, path_str, repo};

fn states() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drift/states")
}

fn shop_state() -> String {
    states().join("shop.tfstate").display().to_string()
}

/// `drift --format json` with these arguments: the report and the exit code.
fn drift_json(repo: &Path, extra: &[&str]) -> (Value, i32, String) {
    let mut args = vec!["drift", "--format", "json", "--repo", path_str(repo)];
    args.extend_from_slice(extra);
    let out = aetheredge(&args);
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        report,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_valid(report: &Value) {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/drift.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{report:#}");
}

/// (address, status, attribute path or "") of every row of a root.
fn rows(root: &Value) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for resource in root["resources"].as_array().unwrap() {
        let address = resource["address"].as_str().unwrap().to_string();
        let status = resource["status"].as_str().unwrap().to_string();
        let attributes = resource["attributes"].as_array().unwrap();
        if attributes.is_empty() {
            out.insert((address.clone(), status.clone(), String::new()));
        }
        for a in attributes {
            out.insert((
                address.clone(),
                status.clone(),
                a["path"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn row(address: &str, status: &str, path: &str) -> (String, String, String) {
    (address.into(), status.into(), path.into())
}

#[test]
fn planted_drift_of_each_kind_is_found_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let repo = fixture_repo("drift/repo", dir.path());
    let (report, code, stderr) = drift_json(&repo, &["--state", &shop_state()]);
    assert_eq!(code, 1, "{stderr}");
    assert_valid(&report);
    let root = &report["roots"][0];
    assert_eq!(root["root"], ".");
    assert_eq!(root["serial"], 41);
    assert_eq!(root["lineage"], "8c0c3f4e-5a3e-2b1d-9a77-2f51a0c1d3e4");
    // Not drift: the ignored `ami`, computed `arn`/`tags_all`, `"20"` against 20, the
    // security group's rules recorded in another order, the data source.
    assert_eq!(
        rows(root),
        BTreeSet::from([
            row("aws_cloudwatch_log_group.web", "not_in_state", ""),
            row("aws_db_instance.orders", "drifted", "password"),
            row("aws_iam_user.deployer", "not_in_code", ""),
            row("aws_instance.web", "drifted", "instance_type"),
            row("aws_instance.web", "drifted", "tags.Team"),
            row("aws_instance.web", "drifted", "tags.CostCenter"),
            row(
                "module.queue.aws_sqs_queue.this",
                "drifted",
                "message_retention_seconds"
            ),
        ])
    );
    let web = root["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == "aws_instance.web")
        .unwrap();
    assert_eq!(
        web["attributes"][0],
        json!({"path": "instance_type", "declared": "t3.small", "recorded": "t3.large", "sensitive": false})
    );
    assert_eq!(web["attributes"][2]["declared"], Value::Null);
    assert_eq!(web["attributes"][2]["recorded"], "42");
    assert_eq!(
        (web["file"].as_str(), web["line"].as_u64()),
        (Some("main.tf"), Some(23))
    );
}

#[test]
fn sensitive_values_are_printed_in_no_format() {
    let dir = tempfile::tempdir().unwrap();
    let repo = fixture_repo("drift/repo", dir.path());
    for format in ["json", "markdown"] {
        let out = aetheredge(&[
            "drift",
            "--repo",
            path_str(&repo),
            "--state",
            &shop_state(),
            "--format",
            format,
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("password"), "{format}: {text}");
        for secret in ["hunter2", "correct-horse"] {
            assert!(!text.contains(secret), "{format} shows {secret}: {text}");
        }
    }
}

#[test]
fn markdown_lists_each_difference_and_exit_codes_follow_the_drift() {
    let dir = tempfile::tempdir().unwrap();
    let repo = fixture_repo("drift/repo", dir.path());
    let out = aetheredge(&["drift", "--repo", path_str(&repo), "--state", &shop_state()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "| `aws_instance.web` | drifted | `instance_type` | `\"t3.small\"` | `\"t3.large\"` |"
        ),
        "{text}"
    );

    // A state that records exactly what the code declares: no drift, exit 0.
    let state = dir.path().join("same.tfstate");
    std::fs::write(
        &state,
        json!({"version": 4, "serial": 3, "lineage": "l-1", "resources": [
            {"mode": "managed", "type": "aws_s3_bucket", "name": "b",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances": [{"schema_version": 0, "attributes": {"bucket": "b-1", "id": "b-1", "force_destroy": false}}]}
        ]})
        .to_string(),
    )
    .unwrap();
    let small = repo_with(dir.path(), BUCKET_TF);
    let (report, code, stderr) = drift_json(&small, &["--state", path_str(&state)]);
    assert_eq!(code, 0, "{stderr}");
    assert_valid(&report);
    assert_eq!(report["roots"][0]["resources"], json!([]));
}

/// One bucket, the code of the small repositories below.
const BUCKET_TF: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b-1\"\n}\n";

fn repo_with(dir: &Path, main_tf: &str) -> PathBuf {
    let dir = dir.join("small");
    std::fs::create_dir_all(&dir).unwrap();
    repo(&dir, &[("main", &[("main.tf", main_tf)])])
}

#[test]
fn terraform_show_json_is_read_as_a_state() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("show.json");
    std::fs::write(
        &state,
        json!({"format_version": "1.0", "terraform_version": "1.9.8", "values": {"outputs": {},
          "root_module": {"resources": [{"address": "aws_s3_bucket.b", "mode": "managed",
            "type": "aws_s3_bucket", "name": "b", "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 0, "values": {"bucket": "b-2", "id": "b-2"}, "sensitive_values": {}}]}}})
        .to_string(),
    )
    .unwrap();
    let small = repo_with(dir.path(), BUCKET_TF);
    let (report, code, _) = drift_json(&small, &["--state", path_str(&state)]);
    assert_eq!(code, 1);
    assert_valid(&report);
    assert_eq!(report["roots"][0]["serial"], Value::Null);
    assert_eq!(
        rows(&report["roots"][0]),
        BTreeSet::from([row("aws_s3_bucket.b", "drifted", "bucket")])
    );
}

/// Each kind of bad state is an error naming the source; the other roots are still compared.
#[test]
fn bad_states_are_named_errors_and_other_roots_still_run() {
    let dir = tempfile::tempdir().unwrap();
    let states_dir = dir.path().join("states");
    std::fs::create_dir_all(&states_dir).unwrap();
    let write = |name: &str, text: &str| {
        let path = states_dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let good = write(
        "good.tfstate",
        &json!({"version": 4, "serial": 1, "lineage": "a", "resources": [
            {"mode": "managed", "type": "aws_s3_bucket", "name": "old",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances": [{"schema_version": 0, "attributes": {"bucket": "b-0"}}]}]})
        .to_string(),
    );
    let cases = [
        (
            write(
                "nothing.tfstate",
                &json!({"version": 4, "serial": 1, "lineage": "n", "resources": []}).to_string(),
            ),
            "the state records no resources while the code declares 1",
        ),
        (
            write(
                "v3.tfstate",
                r#"{"version": 3, "serial": 1, "modules": []}"#,
            ),
            "state format version 3",
        ),
        (
            write(
                "cut.tfstate",
                r#"{"version": 4, "serial": 1, "resources": [{"mode""#,
            ),
            "invalid JSON at line 1",
        ),
        (write("text.tfstate", "not json at all"), "invalid JSON"),
        (write("empty.tfstate", ""), "empty"),
        (
            states_dir.join("missing.tfstate").display().to_string(),
            "not found",
        ),
    ];
    let bucket = BUCKET_TF;
    let mut config = String::from("drift:\n  roots:\n");
    let mut files: Vec<(String, String)> = Vec::new();
    for (i, (state, _)) in cases.iter().enumerate() {
        config.push_str(&format!("    - path: env{i}\n      state: \"{state}\"\n"));
        files.push((format!("env{i}/main.tf"), bucket.to_string()));
    }
    config.push_str(&format!("    - path: good\n      state: \"{good}\"\n"));
    files.push(("good/main.tf".into(), bucket.into()));
    config.push_str(&format!("    - path: nowhere\n      state: \"{good}\"\n"));
    files.push(("aetheredge.yaml".into(), config));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let repo = repo(dir.path(), &[("main", &files)]);
    let (report, code, stderr) = drift_json(&repo, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_valid(&report);
    let roots = report["roots"].as_array().unwrap();
    assert_eq!(roots.len(), cases.len() + 2);
    for (i, (state, expected)) in cases.iter().enumerate() {
        let error = roots[i]["error"].as_str().unwrap_or_default();
        assert!(error.contains(expected), "root {i}: {error}");
        assert!(
            error.contains(state.as_str()),
            "root {i} names its state: {error}"
        );
        assert!(stderr.contains(error), "{stderr}");
    }
    // The good root is compared: its bucket was never applied, the old one is only recorded.
    let good_root = &roots[cases.len()];
    assert_eq!(good_root["error"], Value::Null);
    assert_eq!(
        rows(good_root),
        BTreeSet::from([
            row("aws_s3_bucket.b", "not_in_state", ""),
            row("aws_s3_bucket.old", "not_in_code", "")
        ])
    );
    let nowhere = roots[cases.len() + 1]["error"].as_str().unwrap();
    assert!(nowhere.contains("nowhere: no Terraform files"), "{nowhere}");
}

#[test]
fn without_a_state_or_roots_the_command_says_what_to_pass() {
    let dir = tempfile::tempdir().unwrap();
    let small = repo_with(dir.path(), BUCKET_TF);
    let out = aetheredge(&["drift", "--repo", path_str(&small)]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pass --state"), "{stderr}");
}

/// Resources of a module fetched from a registry are not in the repository: they are not
/// reported as `not_in_code`, and the report says why.
#[test]
fn resources_of_modules_outside_the_repository_are_noted_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let small = repo_with(
        dir.path(),
        "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n",
    );
    let state = dir.path().join("vpc.tfstate");
    std::fs::write(
        &state,
        json!({"version": 4, "serial": 9, "lineage": "v", "resources": [
            {"module": "module.vpc", "mode": "managed", "type": "aws_vpc", "name": "this", "each": "list",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances": [{"index_key": 0, "schema_version": 1, "attributes": {"cidr_block": "10.0.0.0/16"}}]}
        ]})
        .to_string(),
    )
    .unwrap();
    let (report, code, _) = drift_json(&small, &["--state", path_str(&state)]);
    assert_eq!(code, 0);
    assert_valid(&report);
    let notes = report["roots"][0]["notes"].as_array().unwrap();
    assert!(notes[0]
        .as_str()
        .unwrap()
        .starts_with("module.vpc: its source is not in the repository"));
}

/// A pull request reviewed with the state: which drift it fixes, which it deepens, what it
/// leaves; in the JSON report and in the comment.
#[test]
fn a_review_given_the_state_says_which_drift_the_change_fixes_or_deepens() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drift/repo/01-main");
    let read = |p: &str| std::fs::read_to_string(src.join(p)).unwrap();
    let (main_tf, tfvars, queue) = (
        read("main.tf"),
        read("terraform.tfvars"),
        read("modules/queue/main.tf"),
    );
    let base: Vec<(&str, &str)> = vec![
        ("main.tf", &main_tf),
        ("terraform.tfvars", &tfvars),
        ("modules/queue/main.tf", &queue),
    ];
    // The change sizes the web tier as it really runs, and sets the queue's retention to a
    // third value (neither what the base declares nor what the state records).
    let queue_head = queue.replace("345600", "172800");
    let head: Vec<(&str, &str)> = vec![
        ("terraform.tfvars", "web_type = \"t3.large\"\n"),
        ("modules/queue/main.tf", &queue_head),
    ];
    let repo = repo(dir.path(), &[("main", &base), ("feature", &head)]);
    // The pull request reviewed, with `extra` arguments.
    let review = |extra: &[&str]| {
        let mut args = vec![
            "review",
            "--repo",
            path_str(&repo),
            "--base",
            "main",
            "--head",
            "feature",
            "--fail-on",
            "none",
        ];
        args.extend_from_slice(extra);
        aetheredge(&args)
    };
    let out = review(&["--format", "json", "--state", &shop_state()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let root = &report["drift"]["roots"][0];
    assert_eq!(root["root"], ".");
    assert_eq!(root["serial"], 41);
    let fixes: Vec<(&str, &str)> = root["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["address"].as_str().unwrap(), c["path"].as_str().unwrap()))
        .collect();
    assert_eq!(fixes, [("aws_instance.web", "instance_type")]);
    let deepens = &root["deepens"][0];
    assert_eq!(deepens["address"], "module.queue.aws_sqs_queue.this");
    assert_eq!(
        (&deepens["base"], &deepens["head"], &deepens["recorded"]),
        (&json!(345600), &json!(172800), &json!(86400))
    );
    assert_eq!(root["deepens"].as_array().unwrap().len(), 1);
    // Left as they were: the web tier's tags, the database password, the IAM user.
    assert_eq!(root["unchanged"], 3);

    let out = review(&["--state", &shop_state()]);
    let comment = String::from_utf8_lossy(&out.stdout);
    assert!(
        comment.contains("<b>Shiva · drift</b>: this change fixes 1 and deepens 1 drifted attributes; 3 drifted resources left as they are"),
        "{comment}"
    );
    assert!(
        comment.contains("| `module.queue.aws_sqs_queue.this` | `message_retention_seconds` | deepens | `345600` | `172800` | `86400` |"),
        "{comment}"
    );
    assert!(!comment.contains("hunter2"));

    // Without a state, no drift section and no `drift` key.
    let out = review(&["--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.get("drift"), None);

    // The GitHub Action's `state` input: the step summary (the comment's text) has the
    // section too, from the review worker.
    let event = dir.path().join("event.json");
    let (base_sha, head_sha) = (
        git(&repo, &["rev-parse", "main"]),
        git(&repo, &["rev-parse", "feature"]),
    );
    std::fs::write(
        &event,
        json!({
            "action": "opened", "number": 3,
            "pull_request": {
                "number": 3,
                "base": {"ref": "main", "sha": base_sha.trim()},
                "head": {"ref": "feature", "sha": head_sha.trim()}
            },
            "repository": {"full_name": "octo-org/shop"}
        })
        .to_string(),
    )
    .unwrap();
    let summary = dir.path().join("summary.md");
    let outputs = dir.path().join("outputs.txt");
    let state = shop_state();
    let out = crate::support::aetheredge_with(
        &["action"],
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", path_str(&event)),
            ("GITHUB_REPOSITORY", "octo-org/shop"),
            ("GITHUB_WORKSPACE", path_str(&repo)),
            ("GITHUB_STEP_SUMMARY", path_str(&summary)),
            ("GITHUB_OUTPUT", path_str(&outputs)),
            ("INPUT_COMMENT", "false"),
            ("INPUT_CHECK", "false"),
            ("INPUT_FAIL_ON", "none"),
            ("INPUT_STATE", &state),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(
        summary
            .contains("<b>Shiva · drift</b>: this change fixes 1 and deepens 1 drifted attributes"),
        "{summary}"
    );
}

/// Parses HCL files with python-hcl2 (an independent parser): `Ok` or the parser's message.
fn parse_with_python_hcl2(files: &[(String, String)]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (i, (name, text)) in files.iter().enumerate() {
        let path = dir.path().join(format!("{i}-{}", name.replace('/', "_")));
        std::fs::write(&path, text).unwrap();
        paths.push(path.display().to_string());
    }
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, hcl2\nfor p in sys.argv[1:]:\n    with open(p) as f:\n        hcl2.load(f)\n",
        ])
        .args(&paths)
        .output()
        .expect("python3 runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `git -C REPO ARGS…`: its standard output.
fn git(repo: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .expect("git runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `heal` writes one commit on the branch: literals where they are written, the tfvars
/// value of a variable, the block of a resource only the state has; what no edit heals is
/// listed; `drift` on the branch reports none of what was healed; an independent HCL
/// parser reads every file the commit writes.
#[test]
fn heal_writes_a_branch_on_which_the_healed_drift_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let repo = fixture_repo("drift/repo", dir.path());
    let head_before = git(&repo, &["rev-parse", "HEAD"]);
    let out = aetheredge(&[
        "heal",
        "--repo",
        path_str(&repo),
        "--state",
        &shop_state(),
        "--branch",
        "aetheredge/heal-drift",
        "--format",
        "json",
    ]);
    // Exit 1: the password and the never-applied log group are not healed.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outcome: Value = serde_json::from_slice(&out.stdout).unwrap();
    let healed: BTreeSet<(String, String, String)> = outcome["healed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["address"].as_str().unwrap().to_string(),
                h["path"].as_str().unwrap().to_string(),
                h["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let h = |a: &str, p: &str, f: &str| (a.to_string(), p.to_string(), f.to_string());
    assert_eq!(
        healed,
        BTreeSet::from([
            h("aws_iam_user.deployer", "", "healed_aws_iam_user.tf"),
            h("aws_instance.web", "tags.CostCenter", "main.tf"),
            h("aws_instance.web", "tags.Team", "main.tf"),
            h("aws_instance.web", "instance_type", "terraform.tfvars"),
            h(
                "module.queue.aws_sqs_queue.this",
                "message_retention_seconds",
                "modules/queue/main.tf"
            ),
        ])
    );
    let not_healed: Vec<(&str, &str)> = outcome["not_healed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["address"].as_str().unwrap(),
                n["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(not_healed.len(), 2, "{not_healed:?}");
    assert!(not_healed
        .iter()
        .any(|(a, r)| *a == "aws_db_instance.orders" && r.starts_with("sensitive")));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));

    // The working tree and its branch are as they were; the commit is on the branch.
    assert_eq!(git(&repo, &["rev-parse", "HEAD"]), head_before);
    assert_eq!(git(&repo, &["status", "--porcelain"]), "");
    let commit = outcome["commit"].as_str().unwrap();
    assert_eq!(
        git(&repo, &["rev-parse", "aetheredge/heal-drift"]).trim(),
        commit
    );
    let message = git(
        &repo,
        &["log", "-1", "--format=%B", "aetheredge/heal-drift"],
    );
    assert!(message.contains("Not healed"), "{message}");
    assert!(
        message.contains("aws_db_instance.orders password: sensitive"),
        "{message}"
    );
    // Formatting and comments kept: only the healed value of the tfvars line changed.
    assert_eq!(
        git(&repo, &["show", "aetheredge/heal-drift:terraform.tfvars"]),
        "web_type = \"t3.large\"\n"
    );
    let main_tf = git(&repo, &["show", "aetheredge/heal-drift:main.tf"]);
    assert!(main_tf.contains("instance_type = var.web_type # sized for the autumn sale"));

    // Drift on the healed branch: only what was not healed.
    let (report, code, _) = drift_json(
        &repo,
        &["--rev", "aetheredge/heal-drift", "--state", &shop_state()],
    );
    assert_eq!(code, 1);
    assert_eq!(
        rows(&report["roots"][0]),
        BTreeSet::from([
            row("aws_cloudwatch_log_group.web", "not_in_state", ""),
            row("aws_db_instance.orders", "drifted", "password"),
        ])
    );

    // Every file of the commit parses with python-hcl2.
    let files: Vec<(String, String)> = git(
        &repo,
        &["diff", "--name-only", "HEAD", "aetheredge/heal-drift"],
    )
    .lines()
    .map(|f| {
        (
            f.to_string(),
            git(&repo, &["show", &format!("aetheredge/heal-drift:{f}")]),
        )
    })
    .collect();
    assert_eq!(files.len(), 4);
    parse_with_python_hcl2(&files).unwrap_or_else(|e| {
        panic!("the healed files do not parse with python-hcl2 (pip install python-hcl2): {e}")
    });

    // Healing again from the healed branch has nothing more to edit.
    let out = aetheredge(&[
        "heal",
        "--repo",
        path_str(&repo),
        "--rev",
        "aetheredge/heal-drift",
        "--state",
        &shop_state(),
        "--branch",
        "again",
        "--format",
        "json",
    ]);
    let again: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again["commit"], Value::Null);
    assert_eq!(again["healed"], json!([]));
}

#[test]
fn heal_refuses_the_checked_out_branch_and_plain_directories() {
    let dir = tempfile::tempdir().unwrap();
    let repo = fixture_repo("drift/repo", dir.path());
    let branch = git(&repo, &["branch", "--show-current"]).trim().to_string();
    let out = aetheredge(&[
        "heal",
        "--repo",
        path_str(&repo),
        "--state",
        &shop_state(),
        "--branch",
        &branch,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is checked out"));

    // A state that records nothing the code declares is not healed against: named, exit 2.
    let empty = dir.path().join("empty.tfstate");
    std::fs::write(
        &empty,
        r#"{"version": 4, "serial": 1, "lineage": "e", "resources": []}"#,
    )
    .unwrap();
    let out = aetheredge(&[
        "heal",
        "--repo",
        path_str(&repo),
        "--state",
        path_str(&empty),
        "--branch",
        "h",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the state records no resources"),
        "{stderr}"
    );

    let plain = dir.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(
        plain.join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
    )
    .unwrap();
    let out = aetheredge(&[
        "heal",
        "--repo",
        path_str(&plain),
        "--state",
        &shop_state(),
        "--branch",
        "h",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a git repository"), "{stderr}");
}

/// The state sources' real servers (moto's S3 here), as their own tests start them.
#[path = "../../crates/statestore/tests/servers/mod.rs"]
mod servers;

/// `drift --state s3://…` against an S3-compatible server (moto), with the credentials and
/// endpoint from the environment as a user's shell gives them, the default workspace and a
/// named one (`env:/NAME/KEY`); a missing key is an error naming the source (wrong
/// credentials are tested against moto checking signatures in crates/statestore/tests/).
#[test]
fn states_are_read_from_an_s3_compatible_server_with_workspaces() {
    let (server, keys) = servers::moto();
    servers::moto_bucket(&server, &keys, "tfstate");
    let shop = std::fs::read(shop_state()).unwrap();
    // The staging workspace records the instance at its declared size (no drift there).
    let mut staging: Value = serde_json::from_slice(&shop).unwrap();
    staging["lineage"] = json!("staging-lineage");
    let upload = r#"
import boto3, sys
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
s3.put_object(Bucket="tfstate", Key="shop/terraform.tfstate", Body=open(sys.argv[4], "rb").read())
s3.put_object(Bucket="tfstate", Key="env:/staging/shop/terraform.tfstate", Body=sys.stdin.buffer.read())
"#;
    let mut child = std::process::Command::new("python3")
        .args([
            "-c",
            upload,
            &server.url(),
            &keys.access_key_id,
            &keys.secret_access_key,
            &shop_state(),
        ])
        .env("PYTHONPATH", servers::moto_pythonpath())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(staging.to_string().as_bytes())
        .unwrap();
    assert!(
        child.wait().unwrap().success(),
        "uploading the states to moto"
    );

    let dir = tempfile::tempdir().unwrap();
    let repo = fixture_repo("drift/repo", dir.path());
    let url = server.url();
    let env = |secret: &str| {
        vec![
            ("AWS_ENDPOINT_URL", url.clone()),
            ("AWS_ACCESS_KEY_ID", keys.access_key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY", secret.to_string()),
            ("AWS_REGION", "us-east-1".to_string()),
        ]
    };
    let run = |extra: &[&str], env: &[(&str, String)]| {
        let mut args = vec!["drift", "--format", "json", "--repo", path_str(&repo)];
        args.extend_from_slice(extra);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let out = crate::support::aetheredge_with(&args, &env);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (
            report,
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (report, code, stderr) = run(
        &["--state", "s3://tfstate/shop/terraform.tfstate"],
        &env(&keys.secret_access_key),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_valid(&report);
    assert_eq!(
        report["roots"][0]["state"],
        "s3://tfstate/shop/terraform.tfstate"
    );
    assert_eq!(report["roots"][0]["serial"], 41);
    assert!(rows(&report["roots"][0]).contains(&row(
        "aws_instance.web",
        "drifted",
        "instance_type"
    )));

    let (report, code, stderr) = run(
        &[
            "--state",
            "s3://tfstate/shop/terraform.tfstate",
            "--workspace",
            "staging",
        ],
        &env(&keys.secret_access_key),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(report["roots"][0]["lineage"], "staging-lineage");

    let (report, code, _) = run(
        &["--state", "s3://tfstate/shop/missing.tfstate"],
        &env(&keys.secret_access_key),
    );
    assert_eq!(code, Some(2));
    let error = report["roots"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("s3://tfstate/shop/missing.tfstate") && error.contains("not found"),
        "{error}"
    );
}

/// Hostile states: nesting past any parser's depth, a huge list compared as a set, a
/// non-object where a resource belongs. Each gives a named error or a bounded comparison,
/// never a crash or a hang.
#[test]
fn hostile_states_are_errors_or_bounded_work() {
    let dir = tempfile::tempdir().unwrap();
    let n = 60_000;
    // The code writes a 60,000-element list; the state records it in reverse order.
    let list: Vec<String> = (0..n)
        .map(|i| format!("\"10.{}.{}.0/24\"", i / 256 % 256, i % 256))
        .collect();
    let main_tf = format!(
        "resource \"aws_security_group_rule\" \"r\" {{\n  type = \"ingress\"\n  cidr_blocks = [{}]\n}}\n",
        list.join(", ")
    );
    let small = repo_with(dir.path(), &main_tf);
    let mut reversed: Vec<Value> = (0..n)
        .map(|i| json!(format!("10.{}.{}.0/24", i / 256 % 256, i % 256)))
        .collect();
    reversed.reverse();
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let big = write(
        "big.tfstate",
        json!({"version": 4, "serial": 1, "lineage": "l", "resources": [
            {"mode": "managed", "type": "aws_security_group_rule", "name": "r",
             "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances": [{"schema_version": 2, "attributes": {"type": "ingress", "cidr_blocks": reversed}}]}]})
        .to_string(),
    );
    let started = std::time::Instant::now();
    let (report, code, stderr) = drift_json(&small, &["--state", &big]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["roots"][0]["resources"], json!([]));

    let deep = write(
        "deep.tfstate",
        format!(
            "{{\"version\": 4, \"resources\": [{}{}]}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    let not_object = write(
        "odd.tfstate",
        r#"{"version": 4, "resources": [7]}"#.to_string(),
    );
    let bad_key = write(
        "key.tfstate",
        r#"{"version": 4, "resources": [{"mode": "managed", "type": "a_b", "name": "c",
            "instances": [{"index_key": {"x": 1}, "attributes": {}}]}]}"#
            .to_string(),
    );
    for (state, expected) in [
        (&deep, "recursion limit exceeded"),
        (&not_object, "resources[0]: not an object"),
        (
            &bad_key,
            "index_key is {\"x\":1}, neither a number nor a string",
        ),
    ] {
        let (report, code, stderr) = drift_json(&small, &["--state", state]);
        assert_eq!(code, 2, "{stderr}");
        let error = report["roots"][0]["error"].as_str().unwrap();
        assert!(
            error.contains(expected) && error.contains(state.as_str()),
            "{error}"
        );
    }
}

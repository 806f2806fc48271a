//! Vishnu as a drop-in for conftest, end to end through the binary on a real git repo
//! (`fixtures/conftest`): YAML documents, a committed `terraform show -json` plan, combined
//! input, data under `data.`, exceptions counted and shown, which input each policy file
//! was given, and bad input (an unreadable YAML file, a broken data file, a policy reading
//! outside its directory).

use std::path::Path;

use serde_json::Value;

use crate::support::{aetheredge, fixture_repo, repo};

fn policy_json(repo: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["policy", "--format", "json", "--repo"];
    args.push(repo.to_str().unwrap());
    args.extend_from_slice(extra);
    let out = aetheredge(&args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn findings<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .collect()
}

fn messages(found: &[&Value]) -> Vec<String> {
    let mut m: Vec<String> = found
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    m.sort();
    m
}

#[test]
fn conftest_policies_judge_yaml_plan_files_and_combined_input_with_data_and_exceptions() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture_repo("conftest", tmp.path());
    let report = policy_json(&repo, &[]);
    let dump = serde_json::to_string_pretty(&report["findings"]).unwrap();

    let deny = findings(&report, "vishnu/main.deny");
    assert_eq!(
        messages(&deny),
        [
            "Deployment queue-worker may run as root",
            "Deployment reports in k8s/reports.yaml has no Service",
            "Service queue exposes denied port 6379",
            "aws_security_group.admin opens SSH to the world",
        ]
        .map(String::from),
        "{dump}"
    );
    let at = |message: &str| {
        let f = deny.iter().find(|f| f["message"] == message).unwrap();
        (
            f["file"].as_str().unwrap().to_string(),
            f["line"].as_u64().unwrap(),
        )
    };
    // Each YAML document at the line it starts on.
    assert_eq!(
        at("Deployment queue-worker may run as root"),
        ("k8s/workers.yaml".into(), 1)
    );
    assert_eq!(
        at("Service queue exposes denied port 6379"),
        ("k8s/workers.yaml".into(), 14)
    );
    // The plan file's result at its resource's address.
    let (file, line) = at("aws_security_group.admin opens SSH to the world");
    assert_eq!(file, "plans/network.json");
    let text = std::fs::read_to_string(repo.join("plans/network.json")).unwrap();
    assert!(text
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .contains("\"address\""));
    // A combined result at the file its message names.
    assert_eq!(
        at("Deployment reports in k8s/reports.yaml has no Service").0,
        "k8s/reports.yaml"
    );

    // A policy that reads Terraform's document is given Terraform files only.
    assert!(findings(&report, "vishnu/main.warn").is_empty(), "{dump}");

    // The exception removed the public load balancer result, and says so.
    assert!(
        findings(&report, "vishnu/main.deny_public_lb").is_empty(),
        "{dump}"
    );
    assert_eq!(
        report["policy"]["exceptions"],
        serde_json::json!([{
            "rule_id": "vishnu/main.deny_public_lb",
            "input": "k8s/workers.yaml",
            "results": 1,
            "exception_file": "policy/workloads.rego",
            "exception_line": 25
        }])
    );
    let inputs: Vec<(String, Vec<String>)> = report["policy"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                serde_json::from_value(f["inputs"].clone()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        inputs,
        [
            ("policy/plan.rego", vec!["plan"]),
            ("policy/services.rego", vec!["combined"]),
            ("policy/terraform.rego", vec!["hcl"]),
            ("policy/workloads.rego", vec!["hcl", "plan"]),
        ]
        .map(|(f, i)| (f.to_string(), i.into_iter().map(String::from).collect()))
    );

    // The YAML file that does not parse is named with its line; the rest was judged.
    let unreadable = findings(&report, "vishnu/input-unreadable");
    assert_eq!(unreadable.len(), 1, "{dump}");
    assert_eq!(unreadable[0]["file"], "k8s/broken.yaml");
    assert_eq!(unreadable[0]["line"], 3);
}

#[test]
fn data_comes_from_the_tree_or_from_disk_and_a_broken_data_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: cache\nspec:\n  ports:\n    - port: 11211\n";
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome port in input.spec.ports\n\tport.port in data.network.denied\n\tmsg := sprintf(\"port %d is denied\", [port.port])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("cache.yaml", service),
                ("policy/ports.rego", policy),
                ("rules/network/ports.json", "{\"denied\": [11211]}"),
            ],
        )],
    );
    // A directory of the tree: the file sits under its subdirectory (`data.network`).
    let report = policy_json(&repo, &["--data", "rules"]);
    assert_eq!(
        messages(&findings(&report, "vishnu/main.deny")),
        ["port 11211 is denied"]
    );
    // A directory on disk, outside the repository.
    let outside = tmp.path().join("outside/network");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("ports.yaml"), "denied: [11211]\n").unwrap();
    let disk = tmp.path().join("outside");
    let report = policy_json(&repo, &["-d", disk.to_str().unwrap()]);
    assert_eq!(
        messages(&findings(&report, "vishnu/main.deny")),
        ["port 11211 is denied"]
    );
    // A broken data file is a finding naming it and its line; the policies still run.
    std::fs::write(outside.join("ports.yaml"), "denied: [11211\nother: 1\n").unwrap();
    let report = policy_json(&repo, &["-d", disk.to_str().unwrap()]);
    let broken = findings(&report, "vishnu/policy-data-error");
    assert_eq!(broken.len(), 1, "{}", report["findings"]);
    assert!(broken[0]["file"].as_str().unwrap().ends_with("ports.yaml"));
    assert!(broken[0]["line"].as_u64().unwrap() >= 1);
    // A path that is neither in the tree nor on disk is an error naming it.
    let out = aetheredge(&[
        "policy",
        "--repo",
        repo.to_str().unwrap(),
        "--data",
        "no/such/dir",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
}

#[test]
fn combine_gives_every_policy_all_files_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tis_array(input)\n\tmsg := sprintf(\"%d documents\", [count(input)])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("a.yaml", "name: a\n---\nname: b\n"),
                ("b.json", "{\"name\": \"c\"}"),
                ("policy/count.rego", policy),
            ],
        )],
    );
    let apart = policy_json(&repo, &[]);
    assert!(findings(&apart, "vishnu/main.deny").is_empty());
    let combined = policy_json(&repo, &["--combine"]);
    assert_eq!(
        messages(&findings(&combined, "vishnu/main.deny")),
        ["3 documents"]
    );
}

#[test]
fn policy_test_has_conftests_parse_built_ins_and_data_and_reads_nothing_outside() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("policy");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("disk.tf"),
        "resource \"aws_ebs_volume\" \"scratch\" {\n  encrypted = false\n}\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("secret.tf"), "x = 1\n").unwrap();
    std::fs::write(
        dir.join("volumes.rego"),
        "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome name, v in input.resource.aws_ebs_volume\n\tv[0].encrypted == false\n\tmsg := sprintf(\"%s is not encrypted\", [name])\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("volumes_test.rego"),
        r#"package main

import rego.v1

test_from_text if {
	cfg := parse_config("hcl2", "resource \"aws_ebs_volume\" \"logs\" {\n encrypted = false\n}\n")
	deny["logs is not encrypted"] with input as cfg
}

test_from_file if {
	cfg := parse_config_file("disk.tf")
	deny["scratch is not encrypted"] with input as cfg
}

test_yaml_stream if {
	docs := parse_config("yaml", "a: 1\n---\na: 2\n")
	count(docs) == 2
}

test_combined if {
	files := parse_combined_config_files(["disk.tf"])
	files[0].path == "disk.tf"
}

test_data if {
	data.sizes.max_gb == 500
}

test_outside if {
	parse_config_file("../secret.tf")
}
"#,
    )
    .unwrap();
    let sizes = tmp.path().join("sizes.yaml");
    std::fs::write(&sizes, "sizes:\n  max_gb: 500\n").unwrap();
    let out = aetheredge(&[
        "policy",
        "test",
        dir.to_str().unwrap(),
        "--data",
        sizes.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    for passing in [
        "test_from_text",
        "test_from_file",
        "test_yaml_stream",
        "test_combined",
        "test_data",
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("PASS") && l.contains(passing)),
            "{passing}: {text}"
        );
    }
    let outside = text
        .lines()
        .find(|l| l.contains("test_outside"))
        .unwrap_or_default();
    assert!(outside.starts_with("ERROR"), "{text}");
    assert!(outside.contains("only paths inside"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_policy_that_does_not_compile_is_reported_with_the_whole_message() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("policy");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("broken.rego"),
        "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tx == 1\n\tx := 2\n\tmsg := \"never\"\n}\n",
    )
    .unwrap();
    let out = aetheredge(&["policy", "test", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with("ERROR")).unwrap();
    // Both places regorus names, with file, line and column, not a cut-off "definition:".
    assert!(line.contains("broken.rego:6:"), "{line}");
    assert!(line.contains("broken.rego:7:"), "{line}");
    assert!(!line.trim_end().ends_with("definition:"), "{line}");
}

#[test]
fn policies_come_from_a_directory_of_the_tree_or_of_the_disk_and_output_is_an_alias() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.kind == \"Namespace\"\n\tmsg := sprintf(\"namespace %s\", [input.metadata.name])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                (
                    "ns.yaml",
                    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: billing\n",
                ),
                ("org/rules/ns.rego", policy),
            ],
        )],
    );
    // Not in policy/ or policies/: nothing runs until --policy names the directory.
    assert!(findings(&policy_json(&repo, &[]), "vishnu/main.deny").is_empty());
    let in_tree = policy_json(&repo, &["-p", "org/rules"]);
    assert_eq!(
        messages(&findings(&in_tree, "vishnu/main.deny")),
        ["namespace billing"]
    );
    // A directory on disk, as conftest -p ../org-policies; `-o json` as conftest spells it.
    let disk = tmp.path().join("org-policies");
    std::fs::create_dir_all(&disk).unwrap();
    std::fs::write(disk.join("ns.rego"), policy).unwrap();
    let out = aetheredge(&[
        "policy",
        "--repo",
        repo.to_str().unwrap(),
        "-p",
        disk.to_str().unwrap(),
        "-o",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        messages(&findings(&report, "vishnu/main.deny")),
        ["namespace billing"]
    );
    // A directory that is neither is an error naming it.
    let out = aetheredge(&[
        "policy",
        "--repo",
        repo.to_str().unwrap(),
        "-p",
        "no/such/policies",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/policies"));
}

#[test]
fn toml_and_non_terraform_hcl_are_inputs_and_parser_reads_every_file_one_way() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.server.debug == true\n\tmsg := \"debug is on\"\n}\n\ndeny contains msg if {\n\tsome name, _ in input.remote_state\n\tmsg := sprintf(\"remote state %s\", [name])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("app.toml", "[server]\ndebug = true\n"),
                ("settings.conf", "server:\n  debug: true\n"),
                (
                    "live/terragrunt.hcl",
                    "remote_state \"s3\" {\n  bucket = \"acme-state\"\n}\n",
                ),
                ("bad.toml", "[server]\ndebug = \n"),
                ("policy/config.rego", policy),
            ],
        )],
    );
    let report = policy_json(&repo, &[]);
    let deny = findings(&report, "vishnu/main.deny");
    let mut where_: Vec<(String, String)> = deny
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    where_.sort();
    assert_eq!(
        where_,
        [
            ("app.toml", "debug is on"),
            ("live/terragrunt.hcl", "remote state s3"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let bad = findings(&report, "vishnu/input-unreadable");
    assert_eq!(bad.len(), 1, "{}", report["findings"]);
    assert_eq!(
        (bad[0]["file"].as_str(), bad[0]["line"].as_u64()),
        (Some("bad.toml"), Some(2))
    );

    // --parser yaml reads every configuration file as YAML, whatever its extension: the
    // TOML file does not read as YAML.
    let forced = policy_json(&repo, &["--parser", "yaml"]);
    let unreadable: Vec<&str> = findings(&forced, "vishnu/input-unreadable")
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(unreadable.contains(&"bad.toml"), "{unreadable:?}");
    // An unknown parser is an error naming it.
    let out = aetheredge(&[
        "policy",
        "--repo",
        repo.to_str().unwrap(),
        "--parser",
        "cue",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cue"));
}

#[test]
fn the_hcl1_parser_gives_conftests_hcl1_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tnot input[_].contents.provider[0].google[0].project == \"acme-data\"\n\tmsg := \"not the data project\"\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                (
                    "gke.tf",
                    "provider \"google\" {\n  project = \"acme-data\"\n}\n",
                ),
                ("policy/project.rego", policy),
            ],
        )],
    );
    // HCL2's shape (`provider.google[0]`) does not have the path, HCL1's does.
    let hcl2 = policy_json(&repo, &["--combine"]);
    assert_eq!(findings(&hcl2, "vishnu/main.deny").len(), 1);
    let hcl1 = policy_json(&repo, &["--combine", "--parser", "hcl1"]);
    assert!(
        findings(&hcl1, "vishnu/main.deny").is_empty(),
        "{}",
        hcl1["findings"]
    );
}

#[test]
fn a_yaml_stream_of_more_documents_than_the_limit_is_refused_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let stream: String = (0..300).map(|i| format!("n: {i}\n---\n")).collect();
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.n == 7\n\tmsg := \"seven\"\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("aetheredge.yaml", "limits:\n  instances_per_root: 100\n"),
                ("many.yaml", stream.as_str()),
                ("few.yaml", "n: 7\n"),
                ("policy/n.rego", policy),
            ],
        )],
    );
    let report = policy_json(&repo, &[]);
    let refused = findings(&report, "vishnu/input-unreadable");
    assert_eq!(refused.len(), 1, "{}", report["findings"]);
    assert_eq!(refused[0]["file"], "many.yaml");
    assert!(refused[0]["message"]
        .as_str()
        .unwrap()
        .contains("instances_per_root"));
    // The other file is still judged.
    let deny = findings(&report, "vishnu/main.deny");
    assert_eq!(deny.len(), 1);
    assert_eq!(deny[0]["file"], "few.yaml");
}

/// `.ini` and `.env` files are inputs as conftest parses them: INI sections with numbers and
/// booleans converted, `.env` variables as strings; a line that is not a variable is named.
#[test]
fn ini_and_dotenv_files_are_inputs_as_conftest_reads_them() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.server.protocol == \"http\"\n\tinput.server.http_port < 1024\n\tmsg := \"plain http on a privileged port\"\n}\n\ndeny contains msg if {\n\tinput.security.cookie_secure == false\n\tmsg := \"cookies are not secure\"\n}\n\ndeny contains msg if {\n\tinput.APP_ENV == \"production\"\n\tnot input.SENTRY_DSN\n\tmsg := \"production without error reporting\"\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                (
                    "conf/dashboard.ini",
                    "; served by the dashboard\n[server]\nprotocol = http\nhttp_port = 80\n\n[security]\ncookie_secure = false\n",
                ),
                ("app/.env", "export APP_ENV=production\nDB_PORT=5432\n"),
                ("broken/.env", "OK=1\nnot a variable line\n"),
                ("policy/config.rego", policy),
            ],
        )],
    );
    let report = policy_json(&repo, &[]);
    let mut deny: Vec<(String, String)> = findings(&report, "vishnu/main.deny")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    deny.sort();
    assert_eq!(
        deny,
        [
            ("app/.env", "production without error reporting"),
            ("conf/dashboard.ini", "cookies are not secure"),
            ("conf/dashboard.ini", "plain http on a privileged port"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let bad = findings(&report, "vishnu/input-unreadable");
    assert_eq!(bad.len(), 1, "{}", report["findings"]);
    assert_eq!(
        (bad[0]["file"].as_str(), bad[0]["line"].as_u64()),
        (Some("broken/.env"), Some(2))
    );
}

/// A comprehension that declares with `:=` a name its rule already binds, as OPA allows
/// (conftest's combine example does it): uses written before the declaration read the
/// rule's variable, the comprehension's head the new one.
#[test]
fn a_comprehension_may_declare_a_name_its_rule_binds_as_opa_allows() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tname := input[_].contents.team\n\towners := [name | some i; input[i].contents.team == name; name := input[i].contents.owner]\n\tcount(owners) > 1\n\tmsg := sprintf(\"team %s has owners %v\", [name, owners])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("teams/a.yaml", "team: payments\nowner: ana\n"),
                ("teams/b.yaml", "team: payments\nowner: bo\n"),
                ("teams/c.yaml", "team: search\nowner: cy\n"),
                ("policy/owners.rego", policy),
            ],
        )],
    );
    let report = policy_json(&repo, &["--combine"]);
    assert!(
        findings(&report, "vishnu/policy-compile-error").is_empty(),
        "{}",
        report["findings"]
    );
    assert_eq!(
        messages(&findings(&report, "vishnu/main.deny")),
        ["team payments has owners [\"ana\", \"bo\"]"]
    );
}

/// Dockerfiles are inputs as conftest reads them: the list of instructions with their
/// lowercased `Cmd`, `Value`, `Flags` and `Stage`; an unreadable one is named with its line.
#[test]
fn dockerfiles_are_inputs_as_conftest_reads_them() {
    let tmp = tempfile::tempdir().unwrap();
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome i\n\tinput[i].Cmd == \"from\"\n\tnot contains(input[i].Value[0], \"@sha256:\")\n\tmsg := sprintf(\"stage %d image %s is not pinned\", [input[i].Stage, input[i].Value[0]])\n}\n\ndeny contains msg if {\n\tsome i\n\tinput[i].Cmd == \"run\"\n\tcontains(input[i].Value[0], \"curl\")\n\tmsg := sprintf(\"downloads while building: %s\", [input[i].Value[0]])\n}\n\ndeny contains msg if {\n\tsome i\n\tinput[i].Cmd == \"copy\"\n\tinput[i].Flags[_] == \"--chown=root\"\n\tmsg := \"files owned by root\"\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                (
                    "svc/Dockerfile",
                    "FROM node:22 AS deps\nRUN curl -fsSL https://example.test/x.sh \\\n    | sh\nFROM gcr.io/distroless/nodejs@sha256:0f1e\nCOPY --chown=root --from=deps /app /app\n",
                ),
                ("svc/broken.dockerfile", "FROM alpine\nFLY away\n"),
                ("policy/docker.rego", policy),
            ],
        )],
    );
    let report = policy_json(&repo, &[]);
    assert_eq!(
        messages(&findings(&report, "vishnu/main.deny")),
        [
            "downloads while building: curl -fsSL https://example.test/x.sh     | sh",
            "files owned by root",
            "stage 0 image node:22 is not pinned",
        ]
    );
    let bad = findings(&report, "vishnu/input-unreadable");
    assert_eq!(bad.len(), 1, "{}", report["findings"]);
    assert_eq!(
        (bad[0]["file"].as_str(), bad[0]["line"].as_u64()),
        (Some("svc/broken.dockerfile"), Some(2))
    );
}

/// `--namespace` takes conftest's glob patterns (`*`, `c*`, `team.*`); a pattern that does
/// not compile is refused before the run, naming it.
#[test]
fn namespaces_may_be_glob_patterns() {
    let tmp = tempfile::tempdir().unwrap();
    let image = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome i\n\tinput[i].Cmd == \"from\"\n\tmsg := sprintf(\"image %s\", [input[i].Value[0]])\n}\n";
    let commands = "package commands\n\nimport rego.v1\n\ndeny contains msg if {\n\tsome i\n\tinput[i].Cmd == \"run\"\n\tmsg := sprintf(\"runs %s\", [input[i].Value[0]])\n}\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("Dockerfile", "FROM debian:12\nRUN apt-get update\n"),
                ("policy/image.rego", image),
                ("policy/commands.rego", commands),
            ],
        )],
    );
    let rules = |ns: &str| -> Vec<String> {
        let report = policy_json(&repo, &["--namespace", ns]);
        let mut ids: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["rule_id"].as_str())
            .filter(|id| id.ends_with(".deny"))
            .map(str::to_string)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(rules("*"), ["vishnu/commands.deny", "vishnu/main.deny"]);
    assert_eq!(rules("c*"), ["vishnu/commands.deny"]);
    assert_eq!(rules("main"), ["vishnu/main.deny"]);
    let out = aetheredge(&[
        "policy",
        "--repo",
        repo.to_str().unwrap(),
        "--namespace",
        "[oops",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\"[oops\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

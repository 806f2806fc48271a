//! Saraswati end to end: the `docs` command (facts, README injection, `--check`), the review
//! section on module interface changes, and the static site (files, links, sanitizing).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aetheredge::fixture::{FixtureCommit, Scenario};
use serde_json::Value;

type Files<'a> = &'a [(&'a str, &'a [u8])];

fn repo(dir: &Path, commits: &[(&str, Files)]) -> PathBuf {
    let scenario = Scenario {
        name: "saraswati".into(),
        commits: commits
            .iter()
            .enumerate()
            .map(|(i, (branch, files))| FixtureCommit {
                dir: format!("{:02}-{branch}", i + 1),
                branch: branch.to_string(),
                message: format!("commit {}", i + 1),
                files: files
                    .iter()
                    .map(|(p, c)| (p.to_string(), c.to_vec()))
                    .collect::<BTreeMap<_, _>>(),
                deleted: vec![],
                renamed: vec![],
            })
            .collect(),
    };
    scenario.build(&dir.join("repo")).unwrap().path
}

fn aetheredge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aetheredge"))
        .args(args)
        .output()
        .unwrap()
}

const NET_VARS: &[u8] = br#"
variable "cidr" {
  type        = string
  description = "The VPC's CIDR block."
  validation {
    condition     = can(cidrnetmask(var.cidr))
    error_message = "cidr must be a CIDR block."
  }
}

variable "subnets" {
  type = map(object({
    cidr = string
    tags = optional(map(string), {})
  }))
  default     = {}
  description = "Subnets by name."
}

variable "password" {
  type      = string
  sensitive = true
}
"#;

const NET_MAIN: &[u8] = br#"
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

data "aws_availability_zones" "all" {}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
}

output "vpc_id" {
  value       = aws_vpc.this.id
  description = "The VPC's id."
}
"#;

const ROOT_MAIN: &[u8] = br#"
module "net" {
  source   = "./modules/net"
  cidr     = "10.0.0.0/16"
  password = "x"
}
"#;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn docs_lists_terraform_docs_facts_with_required_inputs_first() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", ROOT_MAIN),
                ("modules/net/variables.tf", NET_VARS),
                ("modules/net/main.tf", NET_MAIN),
            ],
        )],
    );
    let out = aetheredge(&[
        "docs",
        "--repo",
        repo.to_str().unwrap(),
        "--rev",
        "main",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs: Value = serde_json::from_slice(&out.stdout).unwrap();
    let net = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dir"] == "modules/net")
        .unwrap();
    let names: Vec<&str> = net["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["cidr", "password", "subnets"]);
    let cidr = &net["inputs"][0];
    assert_eq!(cidr["required"], true);
    assert_eq!(
        cidr["validations"][0]["error_message"],
        "cidr must be a CIDR block."
    );
    assert_eq!(net["inputs"][1]["sensitive"], true);
    let subnets_type = net["inputs"][2]["type"].as_str().unwrap();
    assert!(
        subnets_type.contains("object(") && subnets_type.contains("optional(map(string), {})"),
        "{subnets_type}"
    );
    assert_eq!(net["providers"][0]["version"], ">= 5.0");
    assert_eq!(net["resources"][0]["address"], "aws_vpc.this");
    assert_eq!(
        net["data_sources"][0]["address"],
        "data.aws_availability_zones.all"
    );
    assert_eq!(net["outputs"][0]["description"], "The VPC's id.");
    let root = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dir"] == ".")
        .unwrap();
    assert_eq!(root["calls"][0]["local_dir"], "modules/net");

    let md = aetheredge(&["docs", "--repo", repo.to_str().unwrap(), "--rev", "main"]);
    let md = stdout(&md);
    assert!(md.contains("# Module `modules/net`"), "{md}");
    assert!(
        md.contains("| cidr | The VPC's CIDR block.<br>Validation:"),
        "{md}"
    );
}

#[test]
fn inject_fills_the_markers_and_check_fails_only_when_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let readme = b"# Net\n\nHand-written intro.\n\n<!-- BEGIN_AETHEREDGE_DOCS -->\n<!-- END_AETHEREDGE_DOCS -->\n\nFooter.\n";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("modules/net/variables.tf", NET_VARS),
                ("modules/net/main.tf", NET_MAIN),
                ("modules/net/README.md", readme),
            ],
        )],
    );
    let dir = repo.to_str().unwrap();
    let check = aetheredge(&["docs", "--repo", dir, "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stderr(&check).contains("modules/net/README.md"));

    let inject = aetheredge(&["docs", "--repo", dir, "--inject"]);
    assert_eq!(inject.status.code(), Some(0), "{}", stderr(&inject));
    let text = std::fs::read_to_string(repo.join("modules/net/README.md")).unwrap();
    assert!(text.starts_with("# Net\n\nHand-written intro.\n"));
    assert!(text.ends_with("<!-- END_AETHEREDGE_DOCS -->\n\nFooter.\n"));
    assert!(text.contains("| vpc_id | The VPC's id. | no |"), "{text}");

    let check = aetheredge(&["docs", "--repo", dir, "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn a_breaking_interface_change_is_a_finding_in_saraswatis_section() {
    let tmp = tempfile::tempdir().unwrap();
    let removed_output = String::from_utf8_lossy(NET_MAIN)
        .replace("output \"vpc_id\"", "output \"id\"")
        .into_bytes();
    let new_vars = [
        NET_VARS,
        b"\nvariable \"region\" {\n  type = string\n}\n".as_slice(),
    ]
    .concat()
    .into_iter()
    .collect::<Vec<u8>>();
    let new_vars = String::from_utf8(new_vars).unwrap().replace(
        "default     = {}",
        "default     = { a = { cidr = \"10.0.1.0/24\" } }",
    );
    let repo = repo(
        tmp.path(),
        &[
            (
                "main",
                &[
                    ("modules/net/variables.tf", NET_VARS),
                    ("modules/net/main.tf", NET_MAIN),
                ],
            ),
            (
                "feature",
                &[
                    ("modules/net/variables.tf", new_vars.as_bytes()),
                    ("modules/net/main.tf", &removed_output),
                ],
            ),
        ],
    );
    let dir = repo.to_str().unwrap();
    let out = aetheredge(&[
        "review",
        "--repo",
        dir,
        "--base",
        "main",
        "--head",
        "feature",
        "--format",
        "json",
        "--fail-on",
        "none",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let breaking: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "saraswati/breaking-interface-change")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(breaking.len(), 2, "{breaking:?}");
    assert!(breaking.iter().any(|m| m.contains("`region`")));
    assert!(breaking.iter().any(|m| m.contains("`vpc_id`")));
    let kinds: Vec<&str> = report["interfaces"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "input_added",
            "output_removed",
            "default_changed",
            "output_added"
        ]
    );
    let md = aetheredge(&[
        "review",
        "--repo",
        dir,
        "--base",
        "main",
        "--head",
        "feature",
        "--fail-on",
        "none",
    ]);
    let md = stdout(&md);
    assert!(
        md.contains("<b>Saraswati · docs</b>: 1 module interface changed, 2 breaking"),
        "{md}"
    );
}

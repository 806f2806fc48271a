//! Saraswati end to end: the `docs` command (facts, README injection, `--check`), the review
//! section on module interface changes, and the static site (files, links, sanitizing).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{aetheredge, repo};

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
        md.contains("| cidr | The VPC's CIDR block. | `string` | n/a | yes |"),
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
    assert!(
        text.contains(
            "| <a name=\"output_vpc_id\"></a> [vpc\\_id](#output\\_vpc\\_id) | The VPC's id. |"
        ),
        "{text}"
    );

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

const HOSTILE_README: &[u8] = b"# Infra\n\nSee the [guide](docs/guide.md#setup) and [code](main.tf).\n\n<script>alert(1)</script>\n<img src=\"docs/diagram.png\" onerror=\"alert(2)\">\n<a href=\"javascript:alert(3)\">x</a> <div onclick=\"alert(4)\">y</div>\n<iframe src=\"https://evil.example\"></iframe>\n";
const GUIDE: &[u8] =
    b"# Guide\n\n## Setup\n\nBack to the [readme](../README.md). ![d](diagram.png)\n\n- [x] done\n";
const S3: &[u8] = b"resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n\nresource \"aws_instance\" \"web\" {\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n";

/// Every relative href and src of every page resolves to a file of the site.
fn broken_links(site: &Path) -> Vec<String> {
    let attr = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let mut broken = Vec::new();
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(&path).unwrap();
            for cap in attr.captures_iter(&html) {
                // Attribute values are HTML: decode what tera escapes, as a browser does.
                let link = &cap[1].replace("&#x2F;", "/").replace("&amp;", "&");
                assert!(
                    !link.starts_with('/') && !link.starts_with("//"),
                    "absolute link {link} in {}",
                    path.display()
                );
                if link.contains(':') || link.starts_with('#') {
                    continue;
                }
                let target = link.split('#').next().unwrap();
                if !path.parent().unwrap().join(target).is_file() {
                    broken.push(format!("{} -> {link}", path.display()));
                }
            }
        }
    }
    broken
}

#[test]
fn the_site_has_every_page_no_broken_links_and_inert_hostile_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let repo = repo(
        tmp.path(),
        &[(
            "main",
            &[
                ("main.tf", [ROOT_MAIN, S3].concat().as_slice()),
                ("modules/net/variables.tf", NET_VARS),
                ("modules/net/main.tf", NET_MAIN),
                ("README.md", HOSTILE_README),
                ("docs/guide.md", GUIDE),
                ("docs/diagram.png", png),
            ],
        )],
    );
    let out_dir = tmp.path().join("public/site");
    let build = || {
        aetheredge(&[
            "site",
            "--repo",
            repo.to_str().unwrap(),
            "--rev",
            "main",
            "--out",
            out_dir.to_str().unwrap(),
        ])
    };
    let out = build();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = |p: &str| {
        // Tera escapes `/` in text as `&#x2F;`.
        std::fs::read_to_string(out_dir.join(p))
            .unwrap_or_else(|e| panic!("{p}: {e}"))
            .replace("&#x2F;", "/")
    };
    let sha = String::from_utf8(
        Command::new("git")
            .args(["-C", repo.to_str().unwrap(), "rev-parse", "main"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let home = read("index.html");
    assert!(
        home.contains(sha.trim()),
        "the full sha is on the home page"
    );
    assert!(home.contains("compliance/soc2.html"));
    for (page, needle) in [
        ("modules/index.html", "modules/net"),
        ("inventory.html", "aws_s3_bucket.logs"),
        ("inventory.html", "main.tf:7"),
        ("findings.html", "kali/"),
        ("compliance/index.html", "PCI DSS"),
        ("docs/index.html", "docs/guide.html"),
        ("docs/docs/guide.html", "id=\"setup\""),
        ("docs/README.html", "href=\"docs/guide.html#setup\""),
    ] {
        assert!(read(page).contains(needle), "{page} lacks {needle}");
    }
    for slug in [
        "soc2",
        "iso27001",
        "pci-dss",
        "hipaa",
        "gdpr",
        "cis-aws",
        "cis-azure",
        "cis-gcp",
        "cis-kubernetes",
    ] {
        let page = read(&format!("compliance/{slug}.html"));
        assert!(
            page.contains("<section id=\"control-"),
            "{slug} has controls"
        );
    }
    let module_page = std::fs::read_dir(out_dir.join("modules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("modules-net"))
        .unwrap();
    let module_page = std::fs::read_to_string(module_page).unwrap();
    assert!(module_page.contains("cidr must be a CIDR block."));
    assert_eq!(
        std::fs::read(out_dir.join("docs/docs/diagram.png")).unwrap(),
        png
    );
    let readme = read("docs/README.html").to_lowercase();
    for bad in [
        "<script>alert",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
    ] {
        assert!(!readme.contains(bad), "{bad} survived");
    }
    assert!(
        broken_links(&out_dir).is_empty(),
        "{:?}",
        broken_links(&out_dir)
    );

    // A rebuild replaces the site whole and leaves nothing beside it.
    std::fs::write(out_dir.join("stale.html"), "old").unwrap();
    let out = build();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!out_dir.join("stale.html").exists());
    let beside: Vec<_> = std::fs::read_dir(tmp.path().join("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["site"]);
}

/// One interface change: (module, name, kind, breaking, detail).
type Listed = (String, String, String, bool, String);

/// The interface changes of `review --base main --head feature`, and the breaking-change
/// findings' messages.
fn interface_review(repo: &Path) -> (Vec<Listed>, Vec<String>) {
    let out = aetheredge(&[
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
    ]);
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let mut changes = Vec::new();
    for module in report["interfaces"].as_array().unwrap() {
        for c in module["changes"].as_array().unwrap() {
            changes.push((
                module["module"].as_str().unwrap().to_string(),
                c["name"].as_str().unwrap().to_string(),
                c["kind"].as_str().unwrap().to_string(),
                c["breaking"].as_bool().unwrap(),
                c["detail"].as_str().unwrap().to_string(),
            ));
        }
    }
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "saraswati/breaking-interface-change")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    (changes, findings)
}

#[test]
fn a_root_modules_new_required_input_needs_a_value_for_plan_not_its_callers() {
    const ROOT: &[u8] =
        b"module \"net\" {\n  source = \"./modules/net\"\n  cidr   = \"10.0.0.0/16\"\n}\n";
    const CHILD: &[u8] = b"variable \"cidr\" {\n  type = string\n}\n";
    const ROOT_VARS: &[u8] = b"variable \"env\" {\n  type = string\n}\n";
    const CHILD_VARS: &[u8] =
        b"variable \"cidr\" {\n  type = string\n}\n\nvariable \"zone\" {\n  type = string\n}\n";
    for tfvars in [
        None,
        Some(("env.auto.tfvars", b"env = \"prod\"\n".as_slice())),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let mut feature: Vec<(&str, &[u8])> = vec![
            ("variables.tf", ROOT_VARS),
            ("modules/net/main.tf", CHILD_VARS),
        ];
        feature.extend(tfvars);
        let repo = repo(
            tmp.path(),
            &[
                ("main", &[("main.tf", ROOT), ("modules/net/main.tf", CHILD)]),
                ("feature", feature.as_slice()),
            ],
        );
        let (changes, findings) = interface_review(&repo);
        let root = changes
            .iter()
            .find(|c| c.0 == "." && c.1 == "env")
            .unwrap_or_else(|| panic!("{changes:?}"));
        let child = changes
            .iter()
            .find(|c| c.0 == "modules/net" && c.1 == "zone")
            .unwrap_or_else(|| panic!("{changes:?}"));
        // The child module's callers break, tfvars or not.
        assert_eq!(child.2, "input_added");
        assert!(child.3, "{child:?}");
        assert!(
            child.4.contains("every caller must now set it"),
            "{child:?}"
        );
        assert_eq!(root.2, "input_added");
        assert!(
            root.4.contains("`terraform plan` needs a value for it"),
            "{root:?}"
        );
        match tfvars {
            Some(_) => {
                assert!(!root.3, "a tfvars sets it: {root:?}");
                assert!(root.4.contains("env.auto.tfvars:1 sets it"), "{root:?}");
                assert_eq!(findings.len(), 1, "{findings:?}");
            }
            None => {
                assert!(root.3, "nothing sets it: {root:?}");
                assert!(root.4.contains("no tfvars file"), "{root:?}");
                assert_eq!(findings.len(), 2, "{findings:?}");
                assert!(
                    findings
                        .iter()
                        .any(|m| m.contains("`env`") && m.contains("no tfvars file")),
                    "{findings:?}"
                );
            }
        }
        assert!(
            findings.iter().any(|m| m.contains("`zone`")),
            "{findings:?}"
        );
    }
}

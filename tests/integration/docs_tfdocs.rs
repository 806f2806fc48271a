//! `aetheredge docs` in terraform-docs' formats and settings, on the module of
//! fixtures/docs/artifact-store: the facts (comments as descriptions, inferred types, typed
//! defaults, ignored blocks, provider aliases, requirements, `?ref=` versions), the text of
//! each format, `.terraform-docs.yml`, injection between terraform-docs' markers, and bad input.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{json, Value};

use crate::support::aetheredge;

/// A copy of the fixture module in a temporary directory, with `extra` files written over it.
fn module(tmp: &Path, extra: &[(&str, &str)]) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docs/artifact-store");
    let dir = tmp.join("artifact-store");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    for (name, text) in extra {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn docs(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["docs", "--repo", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    aetheredge(&all)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The module's docs in `format`, the command required to succeed.
fn rendered(dir: &Path, format: &str) -> String {
    let out = docs(dir, &["--module", ".", "--format", format]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn by_name<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("{name} missing from {list}"))
}

#[test]
fn json_has_terraform_docs_shape_typed_defaults_and_comment_descriptions() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = module(tmp.path(), &[]);
    let doc: Value = serde_json::from_str(&rendered(&dir, "json")).unwrap();
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "header",
            "footer",
            "inputs",
            "modules",
            "outputs",
            "providers",
            "requirements",
            "resources"
        ]
    );
    assert!(doc["header"]
        .as_str()
        .unwrap()
        .starts_with("# Artifact store\n\nKeeps"));
    let inputs = &doc["inputs"];
    // Sorted by name (terraform-docs' default), the ignored input left out.
    let names: Vec<&str> = inputs
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "bucket_name",
            "kms_key",
            "labels",
            "lifecycle_rules",
            "retention_days",
            "versioning",
            "zones"
        ]
    );
    assert_eq!(
        by_name(inputs, "retention_days"),
        &json!({"name": "retention_days", "type": "number", "description": "Days before old artifacts expire.", "default": 30, "required": false})
    );
    assert_eq!(by_name(inputs, "labels")["type"], "map");
    assert_eq!(
        by_name(inputs, "labels")["default"],
        json!({"team": "data", "tier": 2})
    );
    assert_eq!(by_name(inputs, "zones")["type"], "list");
    assert_eq!(by_name(inputs, "versioning")["default"], json!(true));
    assert_eq!(by_name(inputs, "kms_key")["default"], Value::Null);
    assert_eq!(by_name(inputs, "kms_key")["required"], json!(false));
    assert_eq!(by_name(inputs, "bucket_name")["required"], json!(true));
    assert_eq!(
        by_name(inputs, "lifecycle_rules")["type"],
        "list(object({\n    prefix = string\n    days   = number\n  }))"
    );
    assert_eq!(
        by_name(&doc["outputs"], "bucket_arn")["description"],
        "ARN of the artifact bucket."
    );
    assert!(doc["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["name"] != "debug_policy"));
    assert_eq!(
        by_name(&doc["modules"], "lookup"),
        &json!({"name": "lookup", "source": "git::https://example.org/net-lookup.git", "version": "v2.1.0", "description": "Shared lookups of the network team."})
    );
    assert_eq!(
        doc["providers"],
        json!([
            {"name": "aws", "alias": null, "version": "5.31.0"},
            {"name": "aws", "alias": "replica", "version": "5.31.0"}
        ])
    );
    assert_eq!(
        doc["requirements"],
        json!([
            {"name": "terraform", "version": ">= 1.3"},
            {"name": "aws", "version": "5.31.0"},
            {"name": "tls", "version": ">= 4.0"}
        ])
    );
    assert_eq!(
        doc["resources"],
        json!([
            {"type": "s3_bucket", "name": "artifacts", "provider": "aws", "source": "hashicorp/aws", "mode": "managed", "version": "5.31.0", "description": "The bucket every artifact lands in."},
            {"type": "region", "name": "replica", "provider": "aws", "source": "hashicorp/aws", "mode": "data", "version": "5.31.0", "description": null}
        ])
    );
    // With escape on (the default), `<`, `>` and `&` are escaped as Go's encoder does.
    assert!(rendered(&dir, "json").contains("Region \\u003cof\\u003e the replica \\u0026 its"));
}

#[test]
fn the_repo_document_keeps_its_shape_and_adds_typed_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = module(tmp.path(), &[]);
    let out = docs(&dir, &["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    let root = &all[0];
    assert_eq!(root["dir"], ".");
    let retention = by_name(&root["inputs"], "retention_days");
    assert_eq!(retention["default"], "30");
    assert_eq!(retention["default_value"], json!(30));
    assert_eq!(by_name(&root["calls"], "lookup")["version"], "v2.1.0");
    assert_eq!(root["resources"][0]["address"], "aws_s3_bucket.artifacts");
    assert_eq!(
        root["requirements"][0],
        json!({"name": "terraform", "version": ">= 1.3"})
    );
}

#[test]
fn text_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = module(tmp.path(), &[]);
    insta::assert_snapshot!("docs-markdown-table", rendered(&dir, "markdown"));
    insta::assert_snapshot!("docs-yaml", rendered(&dir, "yaml"));
    insta::assert_snapshot!("docs-tfvars-hcl", rendered(&dir, "tfvars-hcl"));
    insta::assert_snapshot!("docs-tfvars-json", rendered(&dir, "tfvars-json"));
}

#[test]
fn terraform_docs_yml_sets_sections_sort_columns_and_footer() {
    let tmp = tempfile::tempdir().unwrap();
    let config = "formatter: markdown table\nfooter-from: NOTES.md\nsections:\n  hide: [providers, requirements, header]\nsort:\n  by: required\nsettings:\n  anchor: false\n  escape: false\n  default: false\n  required: false\n";
    let dir = module(tmp.path(), &[(".terraform-docs.yml", config)]);
    let out = docs(&dir, &["--module", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!("docs-markdown-configured", stdout(&out));
}

#[test]
fn injection_changes_only_the_text_between_terraform_docs_markers() {
    let tmp = tempfile::tempdir().unwrap();
    let readme = "# Artifact store\r\n\r\nHand-written intro  \n\n<!-- BEGIN_TF_DOCS -->\nstale\n<!-- END_TF_DOCS -->\n\nHand-written tail.";
    let dir = module(tmp.path(), &[("README.md", readme)]);
    let check = docs(&dir, &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stderr(&check).contains("README.md"));
    let out = docs(&dir, &["--inject"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let expected = format!(
        "# Artifact store\r\n\r\nHand-written intro  \n\n<!-- BEGIN_TF_DOCS -->\n{}\n<!-- END_TF_DOCS -->\n\nHand-written tail.",
        rendered(&dir, "markdown").trim_end()
    );
    assert_eq!(written, expected);
    assert_eq!(docs(&dir, &["--check"]).status.code(), Some(0));
}

#[test]
fn output_file_replace_mode_writes_the_whole_file() {
    let tmp = tempfile::tempdir().unwrap();
    let config = "formatter: tfvars hcl\noutput:\n  file: example.tfvars\n  mode: replace\n  template: |-\n    # generated\n    {{ .Content }}\n";
    let dir = module(
        tmp.path(),
        &[(".terraform-docs.yml", config), ("example.tfvars", "old\n")],
    );
    let out = docs(&dir, &["--inject"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.join("example.tfvars")).unwrap();
    assert_eq!(
        written,
        format!("# generated\n{}", rendered(&dir, "tfvars-hcl").trim_end())
    );
}

#[test]
fn bad_input_is_named_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = module(
        tmp.path(),
        &[(
            ".terraform-docs.yml",
            "sort:\n  enabled: true\n  by: [size\n",
        )],
    );
    let out = docs(&dir, &["--module", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(".terraform-docs.yml:"),
        "{}",
        stderr(&out)
    );

    let tmp = tempfile::tempdir().unwrap();
    let dir = module(
        tmp.path(),
        &[(".terraform-docs.yml", "formatter: markdown cards\n")],
    );
    let out = docs(&dir, &["--module", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(".terraform-docs.yml: formatter: unknown format `markdown cards`"),
        "{}",
        stderr(&out)
    );

    let out = docs(&dir, &["--module", ".", "--format", "cards"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cards"), "{}", stderr(&out));

    let tmp = tempfile::tempdir().unwrap();
    let dir = module(
        tmp.path(),
        &[("broken.tf", "variable \"a\" {\n  default = [\n")],
    );
    let out = docs(&dir, &["--module", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.tf:"), "{}", stderr(&out));
    // The rest is still documented.
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        by_name(&doc["inputs"], "retention_days")["default"],
        json!(30)
    );

    let tmp = tempfile::tempdir().unwrap();
    let dir = module(
        tmp.path(),
        &[(".terraform-docs.yml", "footer-from: MISSING.md\n")],
    );
    let out = docs(&dir, &["--module", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("MISSING.md"), "{}", stderr(&out));
}

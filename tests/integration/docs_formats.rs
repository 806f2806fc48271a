//! `aetheredge docs` in each terraform-docs format, on the module of fixtures/docs/queue-relay
//! (a header, typed and untyped inputs with numbers, maps, lists, a multi-line object type,
//! text that YAML must quote, outputs whose values a `terraform output -json` file gives, and
//! a submodule under `modules/`): the text of every format, terraform-docs' format names and
//! aliases, `formatter:` in `.terraform-docs.yml`, output values, and recursive docs.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::aetheredge;

/// A copy of the fixture module (submodules included) in a temporary directory, with
/// `extra` files written over it.
fn module(tmp: &Path, extra: &[(&str, &str)]) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docs/queue-relay");
    let dir = tmp.join("queue-relay");
    copy(&src, &dir);
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

/// The module's docs in `format` (more `args` after it), the command required to succeed.
fn rendered(dir: &Path, format: &str, args: &[&str]) -> String {
    let mut all = vec!["--module", ".", "--format", format];
    all.extend_from_slice(args);
    let out = docs(dir, &all);
    assert!(out.status.success(), "{format}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn every_format_renders_the_module() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = module(tmp.path(), &[]);
    for (name, format) in [
        ("markdown-document", "markdown document"),
        ("asciidoc-table", "asciidoc table"),
        ("asciidoc-document", "asciidoc document"),
        ("pretty", "pretty"),
        ("toml", "toml"),
        ("xml", "xml"),
        ("yaml", "yaml"),
    ] {
        insta::assert_snapshot!(format!("queue-relay-{name}"), rendered(&dir, format, &[]));
    }
}

#[test]
fn yaml_quotes_what_would_read_back_as_another_type_and_prints_go_floats() {
    let tmp = tempfile::tempdir().unwrap();
    let yaml = rendered(&module(tmp.path(), &[]), "yaml", &[]);
    // "60" and "2" are strings that would read back as numbers; 1209600 is a float64.
    assert!(yaml.contains("    default: \"60\"\n"), "{yaml}");
    assert!(yaml.contains("      tier: \"2\"\n"), "{yaml}");
    assert!(yaml.contains("    default: 1.2096e+06\n"), "{yaml}");
    // A line ending in spaces cannot be a literal block.
    assert!(
        yaml.contains("description: \"Seconds the subscriber has to acknowledge.  \\nKept as text for the legacy pipeline.\"\n"),
        "{yaml}"
    );
    assert!(yaml.contains("    type: |-\n      object({\n"), "{yaml}");
    assert!(yaml.contains("    version: '>= 1.5'\n"), "{yaml}");
}

#[test]
fn format_names_and_aliases_are_terraform_docs_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = module(tmp.path(), &[]);
    for (a, b) in [
        ("markdown document", "md doc"),
        ("markdown document", "markdown-document"),
        ("asciidoc table", "adoc"),
        ("asciidoc table", "adoc tbl"),
        ("asciidoc document", "asciidoc doc"),
        ("markdown table", "md"),
    ] {
        assert_eq!(rendered(&dir, a, &[]), rendered(&dir, b, &[]), "{a} / {b}");
    }
    let out = docs(&dir, &["--module", ".", "--format", "html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown format `html`"),
        "{}",
        stderr(&out)
    );

    let dir = module(
        tmp.path(),
        &[(".terraform-docs.yml", "formatter: adoc doc\n")],
    );
    let out = docs(&dir, &["--module", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), rendered(&dir, "asciidoc document", &[]));
}

#[test]
fn output_values_come_from_a_terraform_output_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = module(tmp.path(), &[]);
    let file = dir.join("terraform-outputs.json");
    let from = file.to_str().unwrap();
    let args = ["--output-values", "--output-values-from", from];
    insta::assert_snapshot!(
        "queue-relay-output-values-markdown-table",
        rendered(&dir, "markdown table", &args)
    );
    insta::assert_snapshot!(
        "queue-relay-output-values-json",
        rendered(&dir, "json", &args)
    );
    // The sensitive value is never shown; an output the file lacks shows "null" as text.
    let yaml = rendered(&dir, "yaml", &args);
    assert!(!yaml.contains("relay-sub"), "{yaml}");
    assert!(
        yaml.contains("    value: <sensitive>\n    sensitive: true\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("    value: \"null\"\n    sensitive: false\n"),
        "{yaml}"
    );

    // The same from `.terraform-docs.yml`, the file relative to the module.
    let config = "output-values:\n  enabled: true\n  from: terraform-outputs.json\n";
    let dir = module(tmp.path(), &[(".terraform-docs.yml", config)]);
    assert_eq!(rendered(&dir, "yaml", &[]), yaml);

    let out = docs(
        &dir,
        &["--module", ".", "--output-values-from", "missing.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
    let dir = module(tmp.path(), &[("terraform-outputs.json", "{\n  \"a\": [\n")]);
    let out = docs(
        &dir,
        &[
            "--module",
            ".",
            "--output-values",
            "--output-values-from",
            dir.join("terraform-outputs.json").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("terraform-outputs.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn recursive_docs_write_each_module_into_its_own_file() {
    let tmp = tempfile::tempdir().unwrap();
    let config =
        "formatter: markdown document\nrecursive:\n  enabled: true\noutput:\n  file: README.md\n";
    let dir = module(tmp.path(), &[(".terraform-docs.yml", config)]);
    let check = docs(&dir, &["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("modules/dead-letter/README.md"),
        "{}",
        stderr(&check)
    );

    let out = docs(&dir, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let root = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(
        root.contains("[topic\\_name](#input\\_topic\\_name)"),
        "{root}"
    );
    let sub = std::fs::read_to_string(dir.join("modules/dead-letter/README.md")).unwrap();
    assert!(
        sub.starts_with(
            "# Dead letter\n\nHand-written notes stay as they are.\n\n<!-- BEGIN_TF_DOCS -->\n"
        ),
        "{sub}"
    );
    assert!(
        sub.contains("[max\\_attempts](#input\\_max\\_attempts)"),
        "{sub}"
    );
    assert!(!sub.contains("Name of the relay topic."), "{sub}");
    assert_eq!(docs(&dir, &["--check"]).status.code(), Some(0));

    // A submodule's own config wins; without an output file recursive docs refuse.
    let dir = module(
        tmp.path().join("own").as_path(),
        &[
            (".terraform-docs.yml", config),
            (
                "modules/dead-letter/.terraform-docs.yml",
                "formatter: markdown table\noutput:\n  file: DOCS.md\n",
            ),
        ],
    );
    assert!(docs(&dir, &["--recursive", "--module", "."])
        .status
        .success());
    let table = std::fs::read_to_string(dir.join("modules/dead-letter/DOCS.md")).unwrap();
    assert!(table.contains("| Name | Description |"), "{table}");
    let dir = module(tmp.path().join("none").as_path(), &[]);
    let out = docs(&dir, &["--recursive"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("output.file"), "{}", stderr(&out));
}

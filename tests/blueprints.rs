//! The blueprint library and the blueprint engine's contracts: every shipped blueprint
//! renders, its Terraform loads back through the project's own loader as exactly the
//! resources the expansion produced, rendering is deterministic, and bad input is an error
//! at the right file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use aetheredge::blueprint::expand::{Expansion, Expr, Item};
use aetheredge::blueprint::{self, Target};
use aetheredge::iac::{self, LoadOptions, Mode, ParseCache, Unknown, Value};
use aetheredge::repo::{Snapshot, SnapshotLimits};

fn library() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| blueprint::is_blueprint_path(&p.to_string_lossy()))
        .collect();
    files.sort();
    files
}

/// The value the model should give an expression: variables take their defaults, references
/// to resources are unknown until apply.
fn value_of(e: &Expr, x: &Expansion) -> Value {
    match e {
        Expr::Str(s) => Value::String(s.clone()),
        Expr::Num(n) => Value::Number(*n as f64),
        Expr::Bool(b) => Value::Bool(*b),
        Expr::List(items) => Value::List(items.iter().map(|i| value_of(i, x)).collect()),
        Expr::Map(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), value_of(v, x))).collect()),
        Expr::Var(name) => value_of(x.variable(name).expect("declared variable"), x),
        // A resource's argument written in the configuration is known before apply
        // (`aws_db_subnet_group.db.name`); anything else (`aws_vpc.main.id`) is not.
        Expr::Ref(path) => {
            let (data, rest) = match path.strip_prefix("data.") {
                Some(rest) => (true, rest),
                None => (false, path.as_str()),
            };
            let parts: Vec<&str> = rest.split('.').collect();
            x.resources
                .iter()
                .find(|r| r.data == data && r.resource_type == parts[0] && r.name == parts[1])
                .and_then(|r| {
                    r.body.iter().find_map(|i| match i {
                        Item::Attr(k, e) if k == parts[2] => Some(value_of(e, x)),
                        _ => None,
                    })
                })
                .unwrap_or_else(|| Value::Unknown(Unknown::of(path.clone())))
        }
    }
}

fn body_of(items: &[Item], x: &Expansion) -> BTreeMap<String, Value> {
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    for item in items {
        match item {
            Item::Attr(k, e) => {
                out.insert(k.clone(), value_of(e, x));
            }
            Item::Block(name, body) => {
                let entry = out
                    .entry(name.clone())
                    .or_insert_with(|| Value::List(vec![]));
                if let Value::List(list) = entry {
                    list.push(Value::Object(body_of(body, x)));
                }
            }
        }
    }
    out
}

/// Unknowns compare by being unknown: the loader may record a reference at a different depth.
fn normalize(v: &Value) -> Value {
    match v {
        Value::Unknown(_) | Value::Partial(..) => Value::Unknown(Unknown::default()),
        Value::List(items) => Value::List(items.iter().map(normalize).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn the_library_has_every_kind_on_two_clouds() {
    let files = library();
    assert!(files.len() >= 6, "{files:?}");
    for kind in [
        "three-tier-web",
        "static-site",
        "data-pipeline",
        "kubernetes-platform",
    ] {
        let clouds: std::collections::BTreeSet<_> = files
            .iter()
            .filter(|f| f.file_name().unwrap().to_string_lossy().starts_with(kind))
            .map(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                blueprint::parse(&f.to_string_lossy(), &text)
                    .unwrap()
                    .cloud
                    .as_str()
            })
            .collect();
        assert!(clouds.len() >= 2, "{kind} is on {clouds:?}");
    }
}

#[test]
fn rendered_terraform_loads_back_as_exactly_the_expansion() {
    for file in library() {
        let name = file.to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let bp = blueprint::parse(&name, &text).unwrap();
        let expansion = blueprint::expand(&bp);
        let files = blueprint::render(&name, &text, Target::Terraform).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (n, contents) in &files {
            std::fs::write(dir.path().join(n), contents).unwrap();
        }
        let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
        let model = iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default());
        assert!(
            model.diagnostics.is_empty(),
            "{name}: {:?}",
            model.diagnostics
        );

        let mut want: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
        for r in &expansion.resources {
            for address in r.addresses() {
                want.insert(address, body_of(&r.body, &expansion));
            }
        }
        let got: BTreeMap<String, BTreeMap<String, Value>> = model
            .resources
            .iter()
            .map(|r| (r.address.clone(), (*r.attributes).clone()))
            .collect();
        assert_eq!(
            want.keys().collect::<Vec<_>>(),
            got.keys().collect::<Vec<_>>(),
            "{name}: addresses"
        );
        for (address, attrs) in &want {
            let attrs: BTreeMap<_, _> = attrs
                .iter()
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect();
            let loaded: BTreeMap<_, _> = got[address]
                .iter()
                .filter(|(k, _)| k.as_str() != "count")
                .map(|(k, v)| (k.clone(), normalize(v)))
                .collect();
            assert_eq!(attrs, loaded, "{name}: {address}");
        }
        // The blueprint in a tree is the same resources, under the blueprint's own root.
        let tree = tempfile::tempdir().unwrap();
        std::fs::write(tree.path().join("stack.blueprint.yaml"), &text).unwrap();
        let snapshot = Snapshot::from_dir(tree.path(), &SnapshotLimits::default()).unwrap();
        let in_tree = iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default());
        let addresses: Vec<_> = in_tree
            .resources
            .iter()
            .inspect(|r| assert_eq!(r.root, "stack.blueprint.yaml"))
            .map(|r| r.address.clone())
            .collect();
        assert_eq!(addresses, got.keys().cloned().collect::<Vec<_>>(), "{name}");
        assert!(in_tree.resources.iter().any(|r| r.mode == Mode::Managed));
    }
}

#[test]
fn rendering_is_deterministic_and_formatted() {
    for file in library() {
        let name = file.to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        for target in [Target::Terraform, Target::Ansible] {
            let a = blueprint::render(&name, &text, target).unwrap();
            let b = blueprint::render(&name, &text, target).unwrap();
            assert_eq!(a, b, "{name}");
            assert!(!a.is_empty());
        }
        let tf = blueprint::render(&name, &text, Target::Terraform).unwrap();
        assert_eq!(
            tf.keys().collect::<Vec<_>>(),
            ["main.tf", "outputs.tf", "variables.tf", "versions.tf"]
        );
        for contents in tf.values() {
            assert!(
                !contents.contains('\t') && !contents.contains("{  }"),
                "{name}"
            );
            assert_eq!(blueprint::terraform::align(contents), *contents, "{name}");
        }
    }
}

/// `terraform fmt -check` agrees with the layout, where terraform is installed.
#[test]
fn terraform_fmt_accepts_the_rendered_library() {
    let Ok(out) = Command::new("terraform").arg("version").output() else {
        eprintln!("terraform not installed; skipped");
        return;
    };
    assert!(out.status.success());
    for file in library() {
        let name = file.to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (n, contents) in blueprint::render(&name, &text, Target::Terraform).unwrap() {
            std::fs::write(dir.path().join(n), contents).unwrap();
        }
        let check = Command::new("terraform")
            .args(["fmt", "-check", "-diff"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn terraform_alignment_follows_terraform_fmt() {
    let text = "x {\n  a = 1\n  bbb = 2\n  c = {\n    d = 1\n    eee = 2\n  }\n  f = 3\n}\n";
    assert_eq!(
        blueprint::terraform::align(text),
        "x {\n  a   = 1\n  bbb = 2\n  c = {\n    d   = 1\n    eee = 2\n  }\n  f = 3\n}\n"
    );
}

const GOOD: &str = "blueprint: 1
name: app
version: \"1\"
cloud: aws
region: eu-west-1
environment: dev
components:
  network:
    zones: 1
  storage:
    - name: data
";

fn error_of(text: &str) -> blueprint::BlueprintError {
    blueprint::parse("bad.blueprint.yaml", text).expect_err("must not validate")
}

#[test]
fn the_good_blueprint_validates() {
    let bp = blueprint::parse("good.blueprint.yaml", GOOD).unwrap();
    assert_eq!(bp.components.storage[0].name, "data");
    assert!(!bp.components.storage[0].public);
}

#[test]
fn a_wrong_type_names_its_line_and_column() {
    let e = error_of(&GOOD.replace("zones: 1", "zones: two"));
    assert_eq!(
        (e.file.as_str(), e.line, e.column),
        ("bad.blueprint.yaml", 9, 12),
        "{e}"
    );
    assert!(e.message.contains("expected u32"), "{e}");
    assert!(
        e.to_string().starts_with("bad.blueprint.yaml:9:12: "),
        "{e}"
    );
}

#[test]
fn an_unknown_key_names_its_line_and_what_was_expected() {
    let e = error_of(&GOOD.replace("  storage:", "  storrage:"));
    assert_eq!((e.line, e.column), (10, 3), "{e}");
    assert!(
        e.message.contains("unknown field `storrage`") && e.message.contains("storage"),
        "{e}"
    );
    let e = error_of(&GOOD.replace("    zones: 1", "    zones: 1\n    colour: blue"));
    assert_eq!(e.line, 10, "{e}");
}

#[test]
fn public_without_a_reason_is_refused_at_the_public_key() {
    let e = error_of(&format!("{GOOD}      public: true\n"));
    assert_eq!((e.line, e.column), (12, 7), "{e}");
    assert!(e.message.contains("reason"), "{e}");
    let ok = format!("{GOOD}      public: true\n      reason: Public downloads.\n");
    assert!(
        blueprint::parse("ok.blueprint.yaml", &ok)
            .unwrap()
            .components
            .storage[0]
            .public
    );
}

#[test]
fn malformed_yaml_names_its_line_and_column() {
    let e = error_of(&GOOD.replace("  network:\n", "  network: [\n"));
    assert_eq!(e.file, "bad.blueprint.yaml");
    assert!(e.line >= 8 && e.column > 0, "{e}");
}

#[test]
fn the_cli_renders_validates_and_diffs() {
    let bin = env!("CARGO_BIN_EXE_aetheredge");
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.blueprint.yaml");
    let b = dir.path().join("b.blueprint.yaml");
    std::fs::write(&a, GOOD).unwrap();
    std::fs::write(&b, format!("{GOOD}    - name: more\n")).unwrap();
    let out = Command::new(bin)
        .args(["blueprint", "diff"])
        .arg(&a)
        .arg(&b)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let created: Vec<&str> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] == "create")
        .map(|c| c["address"].as_str().unwrap())
        .collect();
    assert_eq!(
        created,
        [
            "aws_s3_bucket.more",
            "aws_s3_bucket_public_access_block.more",
            "aws_s3_bucket_server_side_encryption_configuration.more",
            "aws_s3_bucket_versioning.more"
        ]
    );
    let bad = dir.path().join("bad.blueprint.yaml");
    std::fs::write(&bad, GOOD.replace("zones: 1", "zones: two")).unwrap();
    let out = Command::new(bin)
        .args(["blueprint", "validate"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.blueprint.yaml:9:12"));
    let rendered = dir.path().join("out");
    let out = Command::new(bin)
        .args(["blueprint", "render", "--target", "ansible", "--out"])
        .arg(&rendered)
        .arg(&a)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let playbook = std::fs::read_to_string(rendered.join("playbook.yml")).unwrap();
    assert!(playbook.contains("PermitRootLogin no"), "{playbook}");
}

/// `blueprints/schema.json` accepts every blueprint of the library and refuses what the
/// engine refuses for its shape (an unknown key, public without a reason, a wrong type).
#[test]
fn the_json_schema_agrees_with_the_engine() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("blueprints/schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let as_json = |text: &str| -> serde_json::Value { serde_yaml_ng::from_str(text).unwrap() };
    for file in library() {
        let doc = as_json(&std::fs::read_to_string(&file).unwrap());
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
    assert!(validator.is_valid(&as_json(GOOD)));
    for bad in [
        GOOD.replace("  storage:", "  storrage:"),
        format!("{GOOD}      public: true\n"),
        GOOD.replace("zones: 1", "zones: two"),
    ] {
        assert!(!validator.is_valid(&as_json(&bad)), "{bad}");
        assert!(blueprint::parse("bad.blueprint.yaml", &bad).is_err());
    }
}

/// `diff REV:PATH REV:PATH` reads blueprints as committed, and `render --rev` renders an
/// earlier revision (a rollback) byte for byte as that revision's file renders.
#[test]
fn diff_and_render_read_committed_revisions() {
    let bin = env!("CARGO_BIN_EXE_aetheredge");
    let dir = tempfile::tempdir().unwrap();
    let scenario = aetheredge::fixture::Scenario::from_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scenarios/blueprint-change"),
    )
    .unwrap();
    let built = scenario.build(&dir.path().join("repo")).unwrap();
    let path = "blueprints/orders.blueprint.yaml";
    let out = Command::new(bin)
        .args([
            "blueprint",
            "diff",
            &format!("main:{path}"),
            &format!("feature:{path}"),
        ])
        .arg("--repo")
        .arg(&built.path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("5 to create, 2 to update, 0 to replace, 0 to delete"),
        "{text}"
    );
    assert!(
        text.contains("create aws_subnet.private_b")
            && text.contains("update aws_db_instance.db (multi_az)"),
        "{text}"
    );

    let rolled_back = dir.path().join("rollback");
    let out = Command::new(bin)
        .args(["blueprint", "render", path, "--rev", "main", "--out"])
        .arg(&rolled_back)
        .arg("--repo")
        .arg(&built.path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let main_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/scenarios/blueprint-change/01-main")
            .join(path),
    )
    .unwrap();
    for (name, contents) in blueprint::render(path, &main_text, Target::Terraform).unwrap() {
        assert_eq!(
            std::fs::read_to_string(rolled_back.join(&name)).unwrap(),
            contents,
            "{name}"
        );
    }
}

//! Every Kali rule has a passing and a failing fixture in `fixtures/kali/rules/*.fixtures`:
//! each `=== rule-id` section becomes its own tree, the model is loaded, and the verdict is
//! asserted per resource — resources of the rule's types named `fail…` (Kubernetes objects
//! whose name starts with `fail`) must be flagged, with the rule's file, line, frameworks and
//! Checkov aliases; those named `pass…` must not.

use std::collections::BTreeMap;
use std::path::Path;

use aetheredge::iac::{self, LoadOptions, ParseCache};
use aetheredge::kali::checks::{self as kali, Check, Expected, Target};
use aetheredge::repo::{Snapshot, SnapshotLimits};

/// Sections of every fixtures file: rule id → (file name, text).
fn sections() -> BTreeMap<String, (String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kali/rules");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let file_name = if path.to_string_lossy().contains("kubernetes") {
            "manifests.yaml"
        } else {
            "main.tf"
        };
        let mut current: Option<(String, String)> = None;
        for line in text.lines() {
            if let Some(id) = line.strip_prefix("=== ") {
                if let Some((id, body)) = current.take() {
                    assert!(
                        out.insert(id.clone(), (file_name.to_string(), body))
                            .is_none(),
                        "{id} twice"
                    );
                }
                current = Some((id.trim().to_string(), String::new()));
            } else if let Some((_, body)) = current.as_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        if let Some((id, body)) = current {
            assert!(
                out.insert(id.clone(), (file_name.to_string(), body))
                    .is_none(),
                "{id} twice"
            );
        }
    }
    out
}

#[test]
fn there_are_at_least_eighty_rules_with_metadata() {
    let rules = kali::rules();
    assert!(rules.len() >= 80, "{} rules", rules.len());
    for platform in ["aws", "azure", "gcp", "kubernetes"] {
        assert!(rules.iter().any(|r| r.platform() == platform), "{platform}");
    }
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), rules.len(), "ids are unique");
    for r in rules {
        assert!(r.id.starts_with("kali/"), "{}", r.id);
        assert!(
            !r.title.is_empty() && !r.description.is_empty() && !r.remediation.is_empty(),
            "{}",
            r.id
        );
        assert!(!r.references().is_empty(), "{} has references", r.id);
        let frameworks: Vec<String> = r
            .frameworks()
            .iter()
            .map(|f| f.framework_id.clone())
            .collect();
        assert!(frameworks.iter().any(|f| f == "soc2"), "{}", r.id);
        assert!(frameworks.iter().any(|f| f == "iso27001"), "{}", r.id);
        for c in r.checkov {
            assert!(
                c.starts_with("CKV_") || c.starts_with("CKV2_"),
                "{}: {c}",
                r.id
            );
        }
    }
}

#[test]
fn every_rule_passes_and_fails_its_fixture() {
    let sections = sections();
    let mut problems = Vec::new();
    for rule in kali::rules() {
        let Some((file_name, text)) = sections.get(rule.id) else {
            problems.push(format!("{}: no fixture", rule.id));
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file_name), text).unwrap();
        let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
        let model = iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default());
        if !model.manifest_errors.is_empty() {
            problems.push(format!("{}: {:?}", rule.id, model.manifest_errors));
        }
        let findings: Vec<_> = kali::check_model(&model)
            .into_iter()
            .filter(|f| f.rule_id == rule.id)
            .collect();
        let flagged: Vec<&str> = findings
            .iter()
            .filter_map(|f| f.resource.as_deref())
            .collect();
        // Subjects: (address, name) of what the rule inspects.
        let subjects: Vec<(String, String)> = match rule.target {
            Target::Resources(types, _) => model
                .resources
                .iter()
                .filter(|r| types.contains(&r.resource_type.as_str()))
                .map(|r| (r.address.clone(), r.name.clone()))
                .collect(),
            Target::Manifests(_) => model
                .manifests
                .iter()
                .map(|m| (m.address(), m.name.clone()))
                .collect(),
        };
        let (mut passes, mut fails) = (0, 0);
        for (address, name) in &subjects {
            let is_flagged = flagged.contains(&address.as_str());
            if name.starts_with("fail") {
                fails += 1;
                if !is_flagged {
                    problems.push(format!("{}: {address} should fail", rule.id));
                }
            } else if name.starts_with("pass") {
                passes += 1;
                if is_flagged {
                    let why: Vec<&str> = findings
                        .iter()
                        .filter(|f| f.resource.as_deref() == Some(address))
                        .map(|f| f.message.as_str())
                        .collect();
                    problems.push(format!("{}: {address} should pass: {why:?}", rule.id));
                }
            }
        }
        if passes == 0 || fails == 0 {
            problems.push(format!(
                "{}: {passes} passing and {fails} failing subjects",
                rule.id
            ));
        }
        // A declared check's finding says what its row says.
        let declared_message = match rule.target {
            Target::Resources(_, Check::Attribute(a))
                if !matches!(a.requirement.expected, Expected::NoneOf(_)) =>
            {
                Some(a.message)
            }
            Target::Resources(_, Check::Joined(j)) => Some(j.message),
            _ => None,
        };
        for f in &findings {
            if let Some(message) = declared_message {
                assert_eq!(f.message, message, "{}", rule.id);
            }
            assert_eq!(f.file.as_deref(), Some(file_name.as_str()));
            assert!(f.line.is_some_and(|l| l >= 1));
            assert_eq!(f.frameworks, rule.frameworks());
            assert_eq!(
                f.aliases,
                rule.checkov
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
            );
        }
    }
    for id in sections.keys() {
        if !kali::rules().iter().any(|r| r.id == id) {
            problems.push(format!("{id}: a fixture for no rule"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_finding_points_at_the_line_where_the_attribute_is_set() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("db.tf"),
        "resource \"aws_db_instance\" \"x\" {\n  engine = \"postgres\"\n\n  publicly_accessible = true\n}\n",
    )
    .unwrap();
    let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
    let model = iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default());
    let f = kali::check_model(&model)
        .into_iter()
        .find(|f| f.rule_id == "kali/aws-rds-public")
        .unwrap();
    assert_eq!((f.file.as_deref(), f.line), (Some("db.tf"), Some(4)));
    assert_eq!(f.resource.as_deref(), Some("aws_db_instance.x"));
    assert_eq!(f.aliases, vec!["CKV_AWS_17"]);
}

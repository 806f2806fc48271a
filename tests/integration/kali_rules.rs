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
            Target::ModuleCalls(_) => model
                .modules
                .values()
                .flat_map(|m| m.calls.iter())
                .map(|c| (format!("module.{}", c.name), c.name.clone()))
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

/// Sections of `fixtures/kali/kubernetes-terraform.fixtures`: rule id → main.tf.
fn terraform_kubernetes_sections() -> BTreeMap<String, String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kali/kubernetes-terraform.fixtures");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeMap::new();
    for section in text.split("\n=== ").skip(1) {
        let (id, body) = section.split_once('\n').unwrap();
        assert!(
            out.insert(id.trim().to_string(), body.to_string())
                .is_none(),
            "{id} twice"
        );
    }
    out
}

#[test]
fn every_kubernetes_rule_judges_the_objects_terraform_declares() {
    let sections = terraform_kubernetes_sections();
    let mut problems = Vec::new();
    for rule in kali::rules() {
        if !matches!(rule.target, Target::Manifests(_)) {
            continue;
        }
        let Some(text) = sections.get(rule.id) else {
            problems.push(format!("{}: no Terraform fixture", rule.id));
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), text).unwrap();
        let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
        let model = iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default());
        let findings: Vec<_> = kali::check_model(&model)
            .into_iter()
            .filter(|f| f.rule_id == rule.id)
            .collect();
        let (mut passes, mut fails) = (0, 0);
        for r in model.managed() {
            let flagged: Vec<_> = findings
                .iter()
                .filter(|f| f.resource.as_deref() == Some(r.address.as_str()))
                .collect();
            if r.name.starts_with("fail") {
                fails += 1;
                if flagged.is_empty() {
                    problems.push(format!("{}: {} should fail", rule.id, r.address));
                }
            } else if r.name.starts_with("pass") {
                passes += 1;
                if !flagged.is_empty() {
                    problems.push(format!(
                        "{}: {} should pass: {flagged:?}",
                        rule.id, r.address
                    ));
                }
            }
            for f in flagged {
                // The line is inside the resource's block, and the aliases are Checkov's
                // Kubernetes ids (its Terraform checks number two rules differently).
                let line = f.line.unwrap_or(0);
                if line < r.location.line || f.file.as_deref() != Some("main.tf") {
                    problems.push(format!("{}: {} at {:?}:{line}", rule.id, r.address, f.file));
                }
                if !rule.checkov.is_empty() && !f.aliases.iter().all(|a| a.starts_with("CKV_K8S_"))
                {
                    problems.push(format!("{}: aliases {:?}", rule.id, f.aliases));
                }
            }
        }
        if passes == 0 || fails == 0 {
            problems.push(format!(
                "{}: {passes} passing and {fails} failing resources",
                rule.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_kubernetes_finding_on_terraform_points_at_the_nested_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pod.tf"),
        "resource \"kubernetes_pod_v1\" \"web\" {\n  metadata {\n    name      = \"web\"\n    namespace = \"app\"\n  }\n  spec {\n    container {\n      name  = \"web\"\n      image = \"nginx:1.27\"\n      security_context {\n        privileged = true\n      }\n    }\n  }\n}\n",
    )
    .unwrap();
    let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
    let model = iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default());
    let findings = kali::check_model(&model);
    let privileged = findings
        .iter()
        .find(|f| f.rule_id == "kali/kubernetes-privileged")
        .unwrap();
    assert_eq!(
        (privileged.file.as_deref(), privileged.line),
        (Some("pod.tf"), Some(11))
    );
    assert_eq!(
        privileged.resource.as_deref(),
        Some("kubernetes_pod_v1.web")
    );
    assert_eq!(privileged.aliases, vec!["CKV_K8S_16"]);
    // The memory rules carry the ids Checkov's Terraform checks give them.
    let memory = findings
        .iter()
        .find(|f| f.rule_id == "kali/kubernetes-no-memory-limit")
        .unwrap();
    assert_eq!(memory.aliases, vec!["CKV_K8S_12"]);
    assert!(!findings
        .iter()
        .any(|f| f.rule_id == "kali/kubernetes-default-namespace"));
}

#[test]
fn a_kubernetes_manifest_resource_is_judged_as_the_object_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("raw.tf"),
        "resource \"kubernetes_manifest\" \"agent\" {\n  manifest = {\n    apiVersion = \"v1\"\n    kind       = \"Pod\"\n    metadata   = { name = \"agent\", namespace = \"ops\" }\n    spec = {\n      hostPID    = true\n      containers = [{ name = \"agent\", image = \"agent:2.1\" }]\n    }\n  }\n}\n",
    )
    .unwrap();
    let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
    let model = iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default());
    let findings = kali::check_model(&model);
    let host_pid = findings
        .iter()
        .find(|f| f.rule_id == "kali/kubernetes-host-pid")
        .expect("hostPID in a kubernetes_manifest is found");
    assert_eq!(
        host_pid.resource.as_deref(),
        Some("kubernetes_manifest.agent")
    );
    assert_eq!(
        (host_pid.file.as_deref(), host_pid.line),
        (Some("raw.tf"), Some(7))
    );
    assert!(!findings
        .iter()
        .any(|f| f.rule_id == "kali/kubernetes-default-namespace"));
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

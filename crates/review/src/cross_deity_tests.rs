//! What only holds across deities: the rules Kali and Vishnu's library share, and the
//! compliance catalog every deity's rules name.

use std::collections::HashMap;

use aetheredge_core::report::FrameworkControl;
use aetheredge_deity::compliance::catalog;
use aetheredge_vishnu::policy::{library, CompiledPolicies, EngineOptions};

/// The framework keys of the built-in policies' METADATA, as written.
fn written_framework_keys(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let body = line.trim_start_matches('#');
        if body.trim() == "frameworks:" {
            inside = true;
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        if inside && line.starts_with('#') && indent > 3 {
            if let Some((key, _)) = body.trim().split_once(':') {
                out.push(key.trim_matches('"').to_string());
            }
        } else {
            inside = false;
        }
    }
    out
}

#[test]
fn every_control_kali_and_the_library_name_is_in_the_catalog_by_id() {
    let c = catalog();
    let mut named: Vec<(String, FrameworkControl)> = Vec::new();
    for rule in aetheredge_kali::checks::catalog() {
        for fc in rule.frameworks {
            named.push((rule.id.clone(), fc));
        }
    }
    for rule in aetheredge_kali::checks::rules() {
        for (framework, _) in rule.category.controls().iter().chain(rule.cis.iter()) {
            assert!(c.framework(framework).is_some(), "{}: {framework}", rule.id);
        }
    }
    let sources = library::sources(false);
    for source in &sources {
        for key in written_framework_keys(&source.text) {
            assert!(c.framework(&key).is_some(), "{}: {key}", source.path);
        }
    }
    let policies = CompiledPolicies::compile(&sources, EngineOptions::default());
    assert!(policies.problems.is_empty(), "{:?}", policies.problems);
    for rule in policies.checks().filter(|r| r.builtin) {
        for fc in rule.annotation.iter().flat_map(|a| a.frameworks.iter()) {
            named.push((rule.id(), fc.clone()));
        }
    }
    assert!(named.len() > 500, "{}", named.len());
    for (rule, fc) in &named {
        let framework = c.framework(&fc.framework_id);
        assert!(framework.is_some(), "{rule}: {fc:?}");
        assert_eq!(
            framework.map(|f| f.name.as_str()),
            Some(fc.framework.as_str())
        );
        assert!(
            c.control(&fc.framework_id, &fc.control).is_some(),
            "{rule}: {} {} is not in the catalog",
            fc.framework_id,
            fc.control
        );
    }
}

#[test]
fn every_id_in_the_registry_exists_and_each_kali_rule_has_one_owner() {
    let kali: Vec<&str> = aetheredge_kali::checks::rules()
        .iter()
        .map(|r| r.id)
        .collect();
    let policies = aetheredge_vishnu::policy::CompiledPolicies::compile(
        &aetheredge_vishnu::policy::library::sources(false),
        aetheredge_vishnu::policy::EngineOptions::default(),
    );
    let vishnu: Vec<String> = policies.rules.iter().map(|r| r.id()).collect();
    let mut owners: HashMap<&str, &str> = HashMap::new();
    for (v, ks) in aetheredge_vishnu::policy::overlap::DUPLICATES {
        assert!(vishnu.iter().any(|id| id == v), "no built-in rule {v}");
        for k in *ks {
            assert!(kali.contains(k), "no Kali rule {k}");
            assert!(owners.insert(k, v).is_none(), "{k} has two owners");
        }
    }
    assert_eq!(
        aetheredge_vishnu::policy::overlap::vishnu_owner("kali/aws-ec2-imdsv1").as_deref(),
        Some("vishnu/aws_instance_imdsv2")
    );
}

//! The built-in policy library: every `.rego` file under `policies/` at the repo root,
//! compiled into the binary. Rules live in packages under `aetheredge.rules`, helpers in
//! `aetheredge.lib`, and their Rego tests (`*_test.rego`) in packages under
//! `aetheredge.tests`.

use include_dir::{include_dir, Dir};

use super::PolicySource;

static LIBRARY: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../policies");

/// The prefix built-in policy paths carry, so findings and errors say where they come from.
pub(crate) const BUILTIN_PREFIX: &str = "builtin:policies/";

/// The library's policies (`with_tests` adds its `_test.rego` files), sorted by path.
pub fn sources(with_tests: bool) -> Vec<PolicySource> {
    let mut out = Vec::new();
    collect(&LIBRARY, with_tests, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(dir: &Dir<'static>, with_tests: bool, out: &mut Vec<PolicySource>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().to_string();
        if !path.ends_with(".rego") || (!with_tests && path.ends_with("_test.rego")) {
            continue;
        }
        if let Some(text) = file.contents_utf8() {
            out.push(PolicySource {
                path: format!("{BUILTIN_PREFIX}{path}"),
                text: text.to_string(),
                builtin: true,
            });
        }
    }
    for sub in dir.dirs() {
        collect(sub, with_tests, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{CompiledPolicies, EngineOptions, RuleKind};

    #[test]
    fn every_library_test_passes() {
        let run = crate::policy::testing::run_tests(
            &sources(true),
            &[],
            crate::policy::conftest::ConfigFiles::None,
        );
        let failing: Vec<_> = run
            .results
            .iter()
            .filter(|r| r.outcome != crate::policy::testing::Outcome::Pass)
            .collect();
        assert!(run.problems.is_empty(), "{:?}", run.problems);
        assert!(failing.is_empty(), "{failing:?}");
        assert!(run.results.len() >= 80, "{} tests", run.results.len());
    }

    #[test]
    fn every_rule_is_annotated_tested_and_mapped_to_all_frameworks() {
        let policies = CompiledPolicies::compile(&sources(true), EngineOptions::default());
        let rules: Vec<_> = policies
            .rules
            .iter()
            .filter(|r| r.kind == RuleKind::Deny && r.builtin)
            .collect();
        assert!(rules.len() >= 40, "{} rules", rules.len());
        let tests: Vec<_> = policies
            .rules
            .iter()
            .filter(|r| r.kind == RuleKind::Test)
            .collect();
        let mut families = std::collections::BTreeSet::new();
        for r in &rules {
            let a = r
                .annotation
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no METADATA", r.package));
            assert!(
                a.title.is_some() && a.description.is_some() && a.remediation.is_some(),
                "{}",
                r.package
            );
            assert!(
                a.severity.is_some() && a.id.is_some() && !a.resource_types.is_empty(),
                "{}",
                r.package
            );
            let test_package = r.package.replace("aetheredge.rules.", "aetheredge.tests.");
            assert!(
                tests.iter().filter(|t| t.package == test_package).count() >= 2,
                "{} needs a failing and a passing test",
                r.package
            );
            for f in &a.frameworks {
                families.insert(f.framework.split(' ').next().unwrap_or("").to_string());
            }
        }
        for family in ["SOC", "ISO/IEC", "PCI", "HIPAA", "GDPR", "CIS"] {
            assert!(
                families.contains(family),
                "no rule maps to {family}: {families:?}"
            );
        }
    }
}

//! Compliance per control: every rule annotated with framework controls is a check on
//! each resource of the types it judges. At head, a control counts the checks that pass
//! and fail and the rules with nothing to judge (not applicable); comparing base and head
//! findings by fingerprint tells the failures the change introduced and fixed.

use std::collections::{BTreeMap, BTreeSet};

use crate::iac::Model;
use crate::report::{Compliance, ControlStatus, Finding, FrameworkCompliance};

use super::RuleRef;

/// What a rule contributes to compliance: its id, controls and the resource types it judges.
pub struct RuleChecks<'a> {
    pub rule_id: String,
    pub rule: &'a RuleRef,
}

/// Per-control counts at head, and the change from base.
pub fn compliance(
    rules: &[RuleChecks],
    head: &Model,
    head_findings: &[Finding],
    base_findings: &[Finding],
) -> Compliance {
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for r in head.managed() {
        *types.entry(r.resource_type.as_str()).or_default() += 1;
    }
    let fingerprints = |findings: &[Finding], rule_id: &str| -> BTreeSet<String> {
        findings
            .iter()
            .filter(|f| f.rule_id == rule_id)
            .map(crate::deity::fingerprint)
            .collect()
    };
    // (framework, control) → status
    let mut controls: BTreeMap<(String, String), ControlStatus> = BTreeMap::new();
    for check in rules {
        let Some(annotation) = &check.rule.annotation else {
            continue;
        };
        if annotation.frameworks.is_empty() {
            continue;
        }
        let failed: BTreeSet<String> = head_findings
            .iter()
            .filter(|f| f.rule_id == check.rule_id)
            .map(|f| {
                f.resource.clone().unwrap_or_else(|| {
                    format!(
                        "{}:{}",
                        f.file.as_deref().unwrap_or(""),
                        f.line.unwrap_or(0)
                    )
                })
            })
            .collect();
        let applicable = if annotation.resource_types.is_empty() {
            1
        } else {
            annotation
                .resource_types
                .iter()
                .map(|t| types.get(t.as_str()).copied().unwrap_or(0))
                .sum()
        };
        let fail = failed.len();
        let pass = applicable.saturating_sub(fail);
        let not_applicable = usize::from(applicable == 0 && fail == 0);
        let head_prints = fingerprints(head_findings, &check.rule_id);
        let base_prints = fingerprints(base_findings, &check.rule_id);
        let new_failures = head_prints.difference(&base_prints).count();
        let fixed_failures = base_prints.difference(&head_prints).count();
        for fc in &annotation.frameworks {
            let status = controls
                .entry((fc.framework.clone(), fc.control.clone()))
                .or_insert_with(|| ControlStatus {
                    control: fc.control.clone(),
                    pass: 0,
                    fail: 0,
                    not_applicable: 0,
                    new_failures: 0,
                    fixed_failures: 0,
                    rules: Vec::new(),
                });
            status.pass += pass;
            status.fail += fail;
            status.not_applicable += not_applicable;
            status.new_failures += new_failures;
            status.fixed_failures += fixed_failures;
            if !status.rules.contains(&check.rule_id) {
                status.rules.push(check.rule_id.clone());
                status.rules.sort();
            }
        }
    }
    let mut frameworks: BTreeMap<String, Vec<ControlStatus>> = BTreeMap::new();
    for ((framework, _), status) in controls {
        frameworks.entry(framework).or_default().push(status);
    }
    Compliance {
        frameworks: frameworks
            .into_iter()
            .map(|(framework, mut controls)| {
                controls.sort_by_key(|c| natural_key(&c.control));
                FrameworkCompliance {
                    framework,
                    controls,
                }
            })
            .collect(),
    }
}

/// Control ids sort by their numbers: `A.8.9` before `A.8.24`, `3.5.1` before `10.2.1`.
fn natural_key(control: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    for c in control.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                out.push((0, std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((digits.parse().unwrap_or(0), String::new()));
                digits.clear();
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        out.push((digits.parse().unwrap_or(0), String::new()));
    }
    if !text.is_empty() {
        out.push((0, text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_sort_by_number() {
        let mut c = vec!["A.8.24", "A.8.9", "A.5.15"];
        c.sort_by_key(|s| natural_key(s));
        assert_eq!(c, vec!["A.5.15", "A.8.9", "A.8.24"]);
    }
}

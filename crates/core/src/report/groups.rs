//! Findings grouped by rule, for views that show a rule once: one group per deity, rule,
//! status and severity, with the rule's remediation asked of the deity that owns it.

use crate::report::{DeityName, Finding, FindingGroup};

/// Groups sorted findings; groups come in the order of their first finding.
pub fn group(
    findings: &[Finding],
    remediation: &dyn Fn(DeityName, &str) -> Option<String>,
) -> Vec<FindingGroup> {
    let mut groups: Vec<FindingGroup> = Vec::new();
    let mut index: std::collections::HashMap<(DeityName, &str, u8, u8), usize> =
        std::collections::HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        let key = (
            f.deity,
            f.rule_id.as_str(),
            f.status as u8,
            f.severity as u8,
        );
        let at = *index.entry(key).or_insert_with(|| {
            groups.push(FindingGroup {
                deity: f.deity,
                rule_id: f.rule_id.clone(),
                severity: f.severity,
                status: f.status,
                title: f.title.clone(),
                remediation: None,
                count: 0,
                findings: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].count += 1;
        groups[at].findings.push(i);
    }
    let mut known: std::collections::HashMap<(DeityName, String), Option<String>> =
        std::collections::HashMap::new();
    for g in &mut groups {
        g.remediation = known
            .entry((g.deity, g.rule_id.clone()))
            .or_insert_with(|| remediation(g.deity, &g.rule_id))
            .clone();
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Severity, Status};

    fn finding(rule: &str, resource: &str, status: Status) -> Finding {
        let mut f = Finding::new(DeityName::Kali, rule, Severity::Low, "t", "m".into());
        f.resource = Some(resource.into());
        f.status = status;
        f
    }

    #[test]
    fn one_group_per_rule_and_status_with_the_rules_remediation() {
        let findings = vec![
            finding("kali/a", "x.a", Status::Introduced),
            finding("kali/a", "x.b", Status::Introduced),
            finding("kali/a", "x.c", Status::Fixed),
            finding("kali/b", "x.d", Status::Introduced),
        ];
        let groups = group(&findings, &|_, rule| {
            (rule == "kali/a").then(|| "Fix a.".to_string())
        });
        let summary: Vec<_> = groups
            .iter()
            .map(|g| (g.rule_id.as_str(), g.status, g.count, g.findings.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("kali/a", Status::Introduced, 2, vec![0, 1]),
                ("kali/a", Status::Fixed, 1, vec![2]),
                ("kali/b", Status::Introduced, 1, vec![3]),
            ]
        );
        assert_eq!(groups[0].remediation.as_deref(), Some("Fix a."));
        assert_eq!(groups[2].remediation, None);
    }
}

//! The runner: every enabled deity over one review, their work gathered into one
//! [`Report`].

use std::collections::HashMap;

use rayon::prelude::*;

use aetheredge_core::report::{
    fingerprint, Compliance, Cost, DeityName, DeityRun, Finding, FindingCounts, Plan, Report,
    RevisionRef, Severity, Status, Tool, SCHEMA_VERSION,
};
use aetheredge_deity::{Contribution, Deity, Review, Which};

use crate::infrastructure;
use crate::rule_changes;
use crate::suppress;
use aetheredge_core::report::groups;

/// A deity that also reports the files that do not parse (Terraform, tfvars, blueprints,
/// Kubernetes YAML), for a run without Brahma: `scan` and `policy` must not pass over a
/// file they could not read. The findings keep the rule ids and locations a review gives.
pub(crate) struct ReportingUnparsed(pub Box<dyn Deity>);

impl Deity for ReportingUnparsed {
    fn name(&self) -> DeityName {
        self.0.name()
    }

    fn inspect(&self, review: &Review, which: Which) -> Vec<Finding> {
        let name = self.0.name();
        let model = review.side(which).model;
        let mut findings = self.0.inspect(review, which);
        findings.extend(aetheredge_brahma::unparsed_findings(model, name));
        // Kali reports its own; in a review without Kali, they go unsaid too.
        if name != DeityName::Kali {
            findings.extend(aetheredge_kali::manifest_errors(model, name));
        }
        findings
    }

    fn compare(&self, review: &Review) -> Contribution {
        self.0.compare(review)
    }

    fn advisory(&self, review: &Review) -> Vec<Finding> {
        self.0.advisory(review)
    }

    fn remediation(&self, rule_id: &str) -> Option<String> {
        self.0.remediation(rule_id)
    }
}

/// A deity and whether its findings may block the merge (otherwise it only advises).
pub struct Enabled {
    pub deity: Box<dyn Deity>,
    pub blocking: bool,
}

/// Runs the deities (in parallel) and gathers their work into one report.
pub fn run(review: &Review, deities: &[Enabled], fail_on: Option<Severity>) -> Report {
    struct Output {
        base: Vec<Finding>,
        head: Vec<Finding>,
        contribution: Contribution,
        advisory: Vec<Finding>,
    }
    let outputs: Vec<Output> = deities
        .par_iter()
        .map(|d| {
            let (base, head) = if review.full_scan {
                (Vec::new(), d.deity.inspect(review, Which::Head))
            } else {
                rayon::join(
                    || d.deity.inspect(review, Which::Base),
                    || d.deity.inspect(review, Which::Head),
                )
            };
            Output {
                base,
                head,
                contribution: d.deity.compare(review),
                advisory: if review.full_scan {
                    Vec::new()
                } else {
                    d.deity.advisory(review)
                },
            }
        })
        .collect();
    // A problem both Vishnu's library and Kali's registry check is reported once, by Vishnu.
    let mut outputs = outputs;
    let position = |name: DeityName| deities.iter().position(|d| d.deity.name() == name);
    if let (Some(v), Some(k)) = (position(DeityName::Vishnu), position(DeityName::Kali)) {
        let (mut base, mut head) = (
            std::mem::take(&mut outputs[v].base),
            std::mem::take(&mut outputs[v].head),
        );
        aetheredge_vishnu::policy::overlap::fold(&mut base, &mut outputs[k].base);
        aetheredge_vishnu::policy::overlap::fold(&mut head, &mut outputs[k].head);
        outputs[v].base = base;
        outputs[v].head = head;
    }

    let mut plan = Plan::default();
    let mut cost = Cost::default();
    let mut interfaces = Vec::new();
    let mut compliance_rules = Vec::new();
    let mut policy = aetheredge_core::report::PolicyRun::default();
    let mut drift = aetheredge_core::report::drift::DriftReview::default();
    let mut findings = Vec::new();
    let mut suppressed = 0;
    let today = suppress::today();
    let mut advisory = Vec::new();
    for output in outputs {
        advisory.extend(output.advisory);
        let (base, base_dropped) = suppress::apply(review, Which::Base, output.base, &today);
        let (head, head_dropped) = suppress::apply(review, Which::Head, output.head, &today);
        suppressed += head_dropped;
        let _ = base_dropped;
        findings.extend(match_findings(base, head));
        match output.contribution {
            Contribution::None => {}
            Contribution::Plan(p) => plan = p,
            Contribution::Cost(c) => cost = c,
            Contribution::Interfaces(i) => interfaces = i,
            Contribution::ComplianceRules(r) => compliance_rules.extend(r),
            Contribution::Policies(r, run) => {
                compliance_rules.extend(r);
                policy = run;
            }
            Contribution::Drift(d) => drift = d,
        }
    }
    findings.sort_by(report_order);
    let compliance = compliance(review, compliance_rules, &findings);
    let mut rule_changes = rule_changes::detect(review, &today);
    rule_changes.advisory_findings = advisory_findings(review, advisory, &findings, &today);
    let mut counts = FindingCounts {
        suppressed,
        ..FindingCounts::default()
    };
    for f in &findings {
        match f.status {
            Status::Introduced => counts.introduced.add(f.severity),
            Status::Fixed => counts.fixed.add(f.severity),
            Status::Unchanged => counts.unchanged.add(f.severity),
        }
    }
    let finding_groups = groups::group(&findings, &|deity, rule_id| {
        deities
            .iter()
            .find(|d| d.deity.name() == deity)
            .and_then(|d| d.deity.remediation(rule_id))
    });
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool::this(),
        base: RevisionRef::from(review.base_named),
        head: RevisionRef::from(review.head.revision),
        merge_base: (!review.full_scan).then(|| review.base.revision.sha.clone()),
        full_scan: review.full_scan,
        deities: deities
            .iter()
            .map(|d| DeityRun {
                deity: d.deity.name(),
                blocking: d.blocking,
            })
            .collect(),
        fail_on,
        counts,
        plan,
        findings,
        finding_groups,
        infrastructure_files_changed: infrastructure::files_changed(review),
        cost,
        interfaces,
        compliance,
        rule_changes,
        policy,
        drift,
        comment: Default::default(),
    }
}

/// The order findings are reported in: most severe first, then by status, deity, rule and
/// place, so the same input always prints the same bytes.
fn report_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (
        a.severity,
        a.status,
        a.deity,
        &a.rule_id,
        &a.file,
        a.line,
        &a.resource,
        &a.message,
    )
        .cmp(&(
            b.severity,
            b.status,
            b.deity,
            &b.rule_id,
            &b.file,
            b.line,
            &b.resource,
            &b.message,
        ))
}

/// The advisory findings of the policies a change adds or edits: suppressions applied,
/// and without what the enforced policies already report at head.
fn advisory_findings(
    review: &Review,
    advisory: Vec<Finding>,
    findings: &[Finding],
    today: &str,
) -> Vec<Finding> {
    if advisory.is_empty() {
        return advisory;
    }
    let enforced: std::collections::HashSet<&str> = findings
        .iter()
        .filter(|f| f.status != Status::Fixed)
        .map(|f| f.fingerprint.as_str())
        .collect();
    let (kept, _) = suppress::apply(review, Which::Head, advisory, today);
    let mut out: Vec<Finding> = kept
        .into_iter()
        .map(|mut f| {
            f.fingerprint = fingerprint(&f);
            f.status = Status::Introduced;
            f
        })
        .filter(|f| !enforced.contains(f.fingerprint.as_str()))
        .collect();
    out.sort_by(report_order);
    out.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    out
}

/// Per-control compliance over every deity's rules and the review's findings (duplicates
/// folded, suppressions applied); a problem two deities check counts once.
fn compliance(
    review: &Review,
    rules: Vec<aetheredge_deity::compliance::Rule>,
    findings: &[Finding],
) -> Compliance {
    let rules = aetheredge_vishnu::policy::overlap::fold_rules(rules);
    aetheredge_deity::compliance::compliance(&rules, review.head.model, findings)
}

/// Pairs base and head findings by fingerprint: in both → unchanged (reported at head),
/// head only → introduced, base only → fixed.
fn match_findings(base: Vec<Finding>, head: Vec<Finding>) -> Vec<Finding> {
    let mut remaining: HashMap<String, usize> = HashMap::new();
    let base: Vec<Finding> = base
        .into_iter()
        .map(|mut f| {
            f.fingerprint = fingerprint(&f);
            *remaining.entry(f.fingerprint.clone()).or_default() += 1;
            f
        })
        .collect();
    let mut out = Vec::with_capacity(base.len() + head.len());
    let mut matched: HashMap<String, usize> = HashMap::new();
    for mut f in head {
        f.fingerprint = fingerprint(&f);
        let left = remaining.entry(f.fingerprint.clone()).or_default();
        if *left > 0 {
            *left -= 1;
            *matched.entry(f.fingerprint.clone()).or_default() += 1;
            f.status = Status::Unchanged;
        } else {
            f.status = Status::Introduced;
        }
        out.push(f);
    }
    for mut f in base {
        let seen = matched.entry(f.fingerprint.clone()).or_default();
        if *seen > 0 {
            *seen -= 1;
        } else {
            f.status = Status::Fixed;
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, file: &str, line: u32) -> Finding {
        Finding::new(DeityName::Brahma, rule, Severity::High, "t", "m".into()).at(file, line, None)
    }

    #[test]
    fn findings_are_matched_by_fingerprint_not_line() {
        let base = vec![finding("a", "x.tf", 3), finding("b", "x.tf", 9)];
        let head = vec![finding("a", "x.tf", 30), finding("c", "x.tf", 1)];
        let out = match_findings(base, head);
        let status = |rule: &str| out.iter().find(|f| f.rule_id == rule).unwrap().status;
        assert_eq!(status("a"), Status::Unchanged);
        assert_eq!(status("c"), Status::Introduced);
        assert_eq!(status("b"), Status::Fixed);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn a_fingerprint_is_the_first_twelve_bytes_of_the_digest_in_lowercase_hex() {
        // sha256("brahma\0a\0\0x.tf\0m\0"), cut to 12 bytes.
        assert_eq!(
            fingerprint(&finding("a", "x.tf", 3)),
            "0fa66e6d1db7929408ec0f95"
        );
    }

    #[test]
    fn repeated_findings_are_matched_one_for_one() {
        let base = vec![finding("a", "x.tf", 1)];
        let head = vec![finding("a", "x.tf", 1), finding("a", "x.tf", 2)];
        let out = match_findings(base, head);
        let introduced = out
            .iter()
            .filter(|f| f.status == Status::Introduced)
            .count();
        assert_eq!(introduced, 1);
    }
}

//! The deities and the runner that gathers their work into one [`Report`].
//!
//! Every deity reads the same [`Review`] (the change set and the base and head models) and
//! nothing else. A deity says what it finds in one tree ([`Deity::inspect`], called for base
//! and head) and what it has to say about the change as a whole ([`Deity::compare`]). Whether
//! a finding was introduced, fixed or left unchanged is decided here, once, by fingerprint.

pub mod brahma;
pub(crate) mod groups;
mod infrastructure;
pub mod kali;
pub mod lakshmi;
pub mod rule_changes;
pub mod saraswati;
pub mod suppress;
pub mod vishnu;

use std::collections::HashMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::iac::Model;
use crate::repo::{ChangeSet, Revision, Snapshot};
use crate::report::{
    Compliance, Cost, DeityName, DeityRun, Finding, FindingCounts, Plan, Report, RevisionRef,
    Severity, Status, Tool, SCHEMA_VERSION,
};

/// One side of the change: the tree at base (the merge base) or at head.
pub struct Side<'a> {
    pub revision: &'a Revision,
    pub snapshot: &'a Snapshot,
    pub model: &'a Model,
}

/// What every deity reads.
pub struct Review<'a> {
    /// The base branch as the user named it (the analysis uses `base`, its merge base).
    pub base_named: &'a Revision,
    pub base: Side<'a>,
    pub head: Side<'a>,
    pub change_set: &'a ChangeSet,
    /// No base: everything at head is new.
    pub full_scan: bool,
    /// The repo's config, read from the base of a pull request (from head on a full scan):
    /// with the policies, ignore files, usage files and catalogs the deities read from the
    /// same side, it is what the change cannot alter ([`Review::trusted`]).
    pub config: &'a crate::config::Config,
    /// Where that config lives in the repo (`aetheredge.yaml` unless asked otherwise).
    pub config_file: &'a str,
    /// Brahma's plan of the change, computed once by whichever deity asks first (Brahma
    /// reports it, Vishnu gives it to plan policies).
    pub plan: std::sync::OnceLock<Plan>,
}

/// Which side of the change a deity is looking at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Base,
    Head,
}

impl Review<'_> {
    pub fn side(&self, which: Which) -> &Side<'_> {
        match which {
            Which::Base => &self.base,
            Which::Head => &self.head,
        }
    }

    /// The side whose rules judge the change: the base of a pull request, the head of a
    /// full scan. Policies, ignore files, usage files and pricing catalogs come from it.
    pub fn trusted(&self) -> &Side<'_> {
        if self.full_scan {
            &self.head
        } else {
            &self.base
        }
    }

    /// What the change creates, updates, replaces and deletes.
    pub fn plan(&self) -> &Plan {
        self.plan
            .get_or_init(|| crate::plan::plan(self.base.model, self.head.model))
    }
}

/// What a deity adds to the report besides findings.
pub enum Contribution {
    None,
    Plan(Plan),
    Cost(Cost),
    /// Saraswati: modules whose interface changed.
    Interfaces(Vec<crate::docs::InterfaceChange>),
    /// The rules the deity ran that map to compliance controls; the runner counts them
    /// with every deity's findings.
    ComplianceRules(Vec<crate::compliance::Rule>),
}

/// An analyzer.
pub trait Deity: Send + Sync {
    fn name(&self) -> DeityName;

    /// Findings about one side of the change. Status and fingerprint are set by the runner.
    fn inspect(&self, review: &Review, which: Which) -> Vec<Finding>;

    /// What the deity says about the change as a whole.
    fn compare(&self, review: &Review) -> Contribution;

    /// What the change's own edits to this deity's rules (policies it adds or edits) will
    /// report once merged, found at head. Advice only: listed with the changes to the
    /// rules, never among the findings, never failing the review.
    fn advisory(&self, _review: &Review) -> Vec<Finding> {
        Vec::new()
    }

    /// How to fix what one of its rules finds, once per rule (the rule's metadata).
    fn remediation(&self, _rule_id: &str) -> Option<String> {
        None
    }
}

/// A deity that also reports the files that do not parse (Terraform, tfvars, blueprints,
/// Kubernetes YAML), for a run without Brahma: `scan` and `policy` must not pass over a
/// file they could not read. The findings keep the rule ids and locations a review gives.
pub struct ReportingUnparsed(pub Box<dyn Deity>);

impl Deity for ReportingUnparsed {
    fn name(&self) -> DeityName {
        self.0.name()
    }

    fn inspect(&self, review: &Review, which: Which) -> Vec<Finding> {
        let name = self.0.name();
        let model = review.side(which).model;
        let mut findings = self.0.inspect(review, which);
        findings.extend(brahma::unparsed_findings(model, name));
        // Kali reports its own; in a review without Kali, they go unsaid too.
        if name != DeityName::Kali {
            findings.extend(kali::manifest_errors(model, name));
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
        crate::policy::overlap::fold(&mut base, &mut outputs[k].base);
        crate::policy::overlap::fold(&mut head, &mut outputs[k].head);
        outputs[v].base = base;
        outputs[v].head = head;
    }

    let mut plan = Plan::default();
    let mut cost = Cost::default();
    let mut interfaces = Vec::new();
    let mut compliance_rules = Vec::new();
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
    rules: Vec<crate::compliance::Rule>,
    findings: &[Finding],
) -> Compliance {
    let rules = crate::policy::overlap::fold_rules(rules);
    crate::compliance::compliance(&rules, review.head.model, findings)
}

/// The stable identity of a finding: what it is about, not where the lines are today.
pub fn fingerprint(f: &Finding) -> String {
    let mut hasher = Sha256::new();
    for part in [
        f.deity.as_str(),
        &f.rule_id,
        f.resource.as_deref().unwrap_or(""),
        f.file.as_deref().unwrap_or(""),
        &f.message,
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(&hasher.finalize()[..12])
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

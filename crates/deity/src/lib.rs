//! What a deity is: the [`Deity`] trait and the [`Review`] every deity reads, and the
//! compliance catalog every deity's rules map to.
//!
//! Every deity reads the same [`Review`] (the change set and the base and head models) and
//! nothing else. A deity says what it finds in one tree ([`Deity::inspect`], called for base
//! and head) and what it has to say about the change as a whole ([`Deity::compare`]). Whether
//! a finding was introduced, fixed or left unchanged is decided once, by fingerprint, by the
//! runner (`aetheredge-review`), which is the only place that names every deity.

pub mod compliance;

use aetheredge_core::config::Config;
use aetheredge_core::report::{Cost, DeityName, Finding, InterfaceChange, Plan};
use aetheredge_model::iac::Model;
use aetheredge_model::repo::{ChangeSet, Revision, Snapshot};

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
    pub config: &'a Config,
    /// Where that config lives in the repo (`aetheredge.yaml` unless asked otherwise).
    pub config_file: &'a str,
    /// Brahma's plan of the change, computed once by whichever deity asks first (Brahma
    /// reports it, Vishnu gives it to plan policies).
    pub plan: std::sync::OnceLock<Plan>,
    /// How the plan is made (Brahma's engine; the runner, which knows every deity, sets it).
    pub planner: Planner,
    /// The recorded Terraform state of root modules, when the review is given them (Shiva
    /// compares both sides with them).
    pub states: &'a [aetheredge_model::state::RootState],
}

/// Brahma's engine as the other deities reach it: base and head models in, the plan out.
pub(crate) type Planner = fn(&Model, &Model) -> Plan;

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
            .get_or_init(|| (self.planner)(self.base.model, self.head.model))
    }
}

/// What a deity adds to the report besides findings.
pub enum Contribution {
    None,
    Plan(Plan),
    Cost(Cost),
    /// Saraswati: modules whose interface changed.
    Interfaces(Vec<InterfaceChange>),
    /// The rules the deity ran that map to compliance controls; the runner counts them
    /// with every deity's findings.
    ComplianceRules(Vec<compliance::Rule>),
    /// Vishnu: its compliance rules, and what the repo's policies were given and excepted.
    Policies(Vec<compliance::Rule>, aetheredge_core::report::PolicyRun),
    /// Shiva: what the change does to the drift of each root given a state.
    Drift(aetheredge_core::report::drift::DriftReview),
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

//! Saraswati documents: in a review, which modules' interfaces changed between base and head
//! (inputs added or removed, defaults and types changed, outputs added or removed). A change
//! that breaks callers written for the old interface is a finding; every change is listed in
//! the report's `interfaces`. A root module has no caller: an input it now requires is a
//! value `terraform plan` needs, a finding only when no tfvars file read for it sets one.

pub mod docs;

use crate::docs::InterfaceChange;
use aetheredge_core::report::{DeityName, Finding, Severity};

use aetheredge_deity::{Contribution, Deity, Review, Which};

pub struct Saraswati;

/// The rule of a change to a module's interface that breaks its callers.
pub(crate) const BREAKING_RULE: &str = "saraswati/breaking-interface-change";

fn changes(review: &Review) -> Vec<InterfaceChange> {
    if review.full_scan {
        return Vec::new();
    }
    docs::interface_changes(
        &docs::collect(review.base.snapshot, review.base.model),
        &docs::collect(review.head.snapshot, review.head.model),
        &docs::root_values(review.head.model),
    )
}

impl Deity for Saraswati {
    fn name(&self) -> DeityName {
        DeityName::Saraswati
    }

    /// Breaking changes exist only at head: the runner reports them as introduced.
    fn inspect(&self, review: &Review, which: Which) -> Vec<Finding> {
        if which == Which::Base {
            return Vec::new();
        }
        changes(review)
            .into_iter()
            .flat_map(|m| {
                m.changes.into_iter().filter(|c| c.breaking).map(move |c| {
                    let mut f = Finding::new(
                        DeityName::Saraswati,
                        BREAKING_RULE,
                        Severity::Medium,
                        "Breaking change to a module's interface",
                        format!("Module `{}`, `{}`: {}.", m.module, c.name, c.detail),
                    )
                    .at(&c.file, c.line, None);
                    f.resource = Some(format!("module {}", m.module));
                    f
                })
            })
            .collect()
    }

    fn compare(&self, review: &Review) -> Contribution {
        Contribution::Interfaces(changes(review))
    }
}

//! Shiva, the healer: drift between what a root module's code declares and what its
//! Terraform state records ([`drift`]), read from the shapes Terraform writes ([`state`]).

pub mod drift;
pub mod heal;
pub use aetheredge_model::state;

use std::collections::BTreeMap;

use aetheredge_core::report::drift::{DriftChange, DriftReview, DriftStatus, RootDriftReview};
use aetheredge_core::report::{DeityName, Finding};
use aetheredge_deity::{Contribution, Deity, Review, Which};
use aetheredge_model::iac::Model;
use aetheredge_model::state::{RecordedState, RootState};

use drift::{path_text, to_json, InstanceDrift};

/// The deity: in a review given root modules' states, what the change does to their drift.
/// It reports in the review's own drift section, not as findings.
pub struct Shiva;

impl Deity for Shiva {
    fn name(&self) -> DeityName {
        DeityName::Shiva
    }

    fn inspect(&self, _review: &Review, _which: Which) -> Vec<Finding> {
        Vec::new()
    }

    fn compare(&self, review: &Review) -> Contribution {
        Contribution::Drift(DriftReview {
            roots: review
                .states
                .iter()
                .map(|root| review_root(review, root))
                .collect(),
        })
    }
}

/// One key per drifted attribute (`path` empty for a whole resource).
type Key = (String, String);

fn review_root(review: &Review, root: &RootState) -> RootDriftReview {
    let mut out = RootDriftReview {
        root: if root.root.is_empty() {
            ".".to_string()
        } else {
            root.root.clone()
        },
        state: root.source.clone(),
        ..RootDriftReview::default()
    };
    let state = match &root.state {
        Ok(state) => state,
        Err(e) => {
            out.error = Some(e.clone());
            return out;
        }
    };
    out.serial = state.serial;
    if let Some(error) = drift::implausible(review.trusted().model, &root.root, state, &root.source)
    {
        out.error = Some(error);
        return out;
    }
    let head = keyed(review.head.model, &root.root, state);
    if review.full_scan {
        out.unchanged = instances(&head);
        return out;
    }
    let base = keyed(review.base.model, &root.root, state);
    let mut unchanged = std::collections::BTreeSet::new();
    for (key, before) in &base {
        match head.get(key) {
            Some(after) if after.declared == before.declared => {
                if before.status != DriftStatus::NotInState {
                    unchanged.insert(key.0.clone());
                }
            }
            Some(after) => out.deepens.push(change(before, Some(after))),
            None if before.status == DriftStatus::NotInState => {}
            None => {
                // Fixed only when the head still (or again) declares the resource.
                let declared = review
                    .head
                    .model
                    .resources
                    .iter()
                    .find(|r| r.root == root.root && r.address == key.0);
                if let Some(resource) = declared {
                    let mut fix = change(before, None);
                    fix.file = Some(resource.location.file.clone());
                    fix.line = Some(resource.location.line);
                    out.fixes.push(fix);
                }
            }
        }
    }
    out.unchanged = unchanged.len();
    out
}

/// A drifted attribute as one side declares it.
struct Side {
    status: DriftStatus,
    declared: serde_json::Value,
    recorded: serde_json::Value,
    sensitive: bool,
    file: Option<String>,
    line: Option<u32>,
    path: String,
    address: String,
}

/// Drift of `model`'s root that a change can fix or deepen: attributes and resources only
/// the state has (a resource declared but never applied is what a plan creates, not drift).
fn keyed(model: &Model, root: &str, state: &RecordedState) -> BTreeMap<Key, Side> {
    let comparison = drift::compare(model, root, state);
    let mut out = BTreeMap::new();
    for d in comparison.drift.iter() {
        for side in sides(d) {
            out.insert((side.address.clone(), side.path.clone()), side);
        }
    }
    out
}

fn sides(d: &InstanceDrift) -> Vec<Side> {
    let at =
        |declared: serde_json::Value, recorded: serde_json::Value, path: String, sensitive| Side {
            status: d.status,
            declared,
            recorded,
            sensitive,
            file: d.declared.map(|r| r.location.file.clone()),
            line: d.declared.map(|r| r.location.line),
            path,
            address: d.address.clone(),
        };
    match d.status {
        DriftStatus::Drifted => d
            .differences
            .iter()
            .map(|x| {
                at(
                    to_json(&x.declared),
                    x.recorded.clone(),
                    path_text(&x.steps),
                    x.sensitive,
                )
            })
            .collect(),
        _ => vec![at(
            serde_json::Value::Null,
            serde_json::Value::Null,
            String::new(),
            false,
        )],
    }
}

fn instances(sides: &BTreeMap<Key, Side>) -> usize {
    sides
        .iter()
        .filter(|(_, s)| s.status != DriftStatus::NotInState)
        .map(|(k, _)| &k.0)
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

fn change(before: &Side, after: Option<&Side>) -> DriftChange {
    let shown = |v: &serde_json::Value| (!before.sensitive).then(|| v.clone());
    let attribute = before.status == DriftStatus::Drifted;
    DriftChange {
        address: before.address.clone(),
        status: before.status,
        path: before.path.clone(),
        base: if attribute {
            shown(&before.declared)
        } else {
            None
        },
        head: after.and_then(|a| shown(&a.declared)),
        recorded: if attribute {
            shown(&before.recorded)
        } else {
            None
        },
        sensitive: before.sensitive,
        file: after.and_then(|a| a.file.clone()),
        line: after.and_then(|a| a.line),
    }
}

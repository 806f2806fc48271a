//! AetherEdge reviews infrastructure-as-code changes in a Git repository.
//!
//! The data flows one way, and the crates say so (each names only those below it):
//!
//! ```text
//! aetheredge-escape      escaping for each output language (a leaf)
//! aetheredge-core        the vocabulary: report data, config, budgets
//!   aetheredge-model     git trees and change sets → the model (iac, blueprints)
//!     aetheredge-deity   the Deity trait, the review it reads, the compliance catalog
//!       aetheredge-brahma · -vishnu · -lakshmi · -kali · -saraswati · -shiva   one crate per deity
//!         aetheredge-review   one review: every deity over two trees → one report
//!   aetheredge-render    the report → comment, SARIF, annotations, tables
//! aetheredge (this crate) the front ends: CLI, GitHub, the watcher, the site, the worker
//! ```
//!
//! The modules below re-export the crates under the names the binary and the tests use.

pub mod demo;
pub mod drift;
pub mod github;
pub mod heal;
pub mod site;
pub mod watch;
pub mod worker;

pub use aetheredge_core::{config, limits};
pub use aetheredge_deity::compliance;
pub use aetheredge_escape as escape;
pub use aetheredge_model::{blueprint, fixture, iac, repo, tree};

/// The deities, each with its engine.
pub use aetheredge_brahma as brahma;
pub use aetheredge_kali as kali;
pub use aetheredge_lakshmi as lakshmi;
pub use aetheredge_saraswati as saraswati;
pub use aetheredge_shiva as shiva;
pub use aetheredge_vishnu as vishnu;

pub use aetheredge_brahma::plan;
pub use aetheredge_lakshmi::pricing;
pub use aetheredge_saraswati::docs;
pub use aetheredge_vishnu::policy;

/// One review, end to end.
pub use aetheredge_review as review;

/// The report: plain data, and its renderers.
pub mod report {
    pub use aetheredge_core::report::*;
    pub use aetheredge_render::{
        annotations, breakdown, drift as drift_markdown, markdown, sarif, table, test_results,
    };
}

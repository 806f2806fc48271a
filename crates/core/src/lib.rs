//! The vocabulary every part of AetherEdge speaks: the report as plain data (findings,
//! severities, the plan, costs, compliance), the repo's config (`aetheredge.yaml`) and the
//! evaluator's budgets. It names no other part of AetherEdge.

pub mod config;
pub mod limits;
pub mod path;
pub mod report;

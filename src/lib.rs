//! AetherEdge reviews infrastructure-as-code changes in a Git repository.

pub mod fixture;
pub mod iac;
pub mod repo;

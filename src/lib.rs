//! AetherEdge reviews infrastructure-as-code changes in a Git repository.

pub mod iac;

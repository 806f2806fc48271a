//! Shiva, the healer: drift between what a root module's code declares and what its
//! Terraform state records ([`drift`]), read from the shapes Terraform writes ([`state`]).

pub mod drift;
pub mod heal;
pub mod state;

//! The model: what a tree of Terraform files describes, evaluated as far as Terraform
//! could before apply.

pub mod eval;
pub mod functions;
pub mod value;

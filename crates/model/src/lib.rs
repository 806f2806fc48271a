//! The model: what a revision of a repo declares. [`repo`] reads trees and change sets from
//! git (or a plain directory); [`iac`] parses and evaluates Terraform, tfvars, Kubernetes
//! manifests and [`blueprint`]s into an [`iac::Model`]; [`tree`] reads one revision with its
//! config; [`state`] reads what Terraform's state records of the same resources;
//! [`fixture`] turns scenario directories into real git repos.

pub mod blueprint;
pub mod fixture;
pub mod iac;
pub mod repo;
pub mod state;
pub mod tree;

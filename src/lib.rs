//! AetherEdge reviews infrastructure-as-code changes in a Git repository.
//!
//! The data flows one way: [`repo`] reads two trees from git and what changed between them;
//! [`iac`] turns each tree into a [`iac::Model`]; each deity in [`deity`] reads the models
//! and contributes to one [`report::Report`], which renderers print.

pub mod blueprint;
pub mod compliance;
pub mod config;
pub mod deity;
pub mod demo;
pub mod docs;
pub mod escape;
pub mod fixture;
pub mod github;
pub mod iac;
pub mod kali;
pub mod limits;
pub mod plan;
pub mod policy;
pub mod pricing;
pub mod repo;
pub mod report;
pub mod review;
pub mod site;
pub mod watch;
pub mod worker;

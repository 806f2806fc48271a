//! The end-to-end tests, in one test binary: each module was a test file of its own, and
//! together they link the library once instead of once per file. Filter by module, as in
//! `cargo test --test integration hostile::` or `cargo test --test integration cli::`.
//!
//! All the tests share one process and run in parallel: none changes the process's
//! environment or working directory, and every file, repository and server a test makes is
//! its own (a temporary directory, a loopback port the system picks). Speed comparisons are
//! benchmarks under `bench/`, not tests, since other tests load the machine meanwhile.

// What the tests share: the binary and repos from fixtures; the site's test repo and checks;
// a stand-in for GitHub's API.
mod github_standin;
mod site_support;
mod support;

mod architecture;
mod blueprints;
mod cli;
mod compliance;
mod conftest_inputs;
mod cost;
mod docs_formats;
mod docs_tfdocs;
mod drift;
mod github;
mod hostile;
mod kali;
mod kali_rules;
mod limits;
mod rego_shapes;
mod rules_from_base;
mod saraswati;
mod scenarios;
mod site_browser;
mod site_inert;
mod site_pages;
mod vishnu;
mod watch;
mod watch_drift;
mod worker;

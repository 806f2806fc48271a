//! `aetheredge demo`: the whole job on a bundled sample repo. The sample (`fixtures/demo`,
//! compiled into the binary) becomes a real git repo in a temporary directory: a `main`
//! branch and a pull-request branch, which is then reviewed like any other.

use std::path::PathBuf;

use include_dir::{include_dir, Dir};

use aetheredge_core::report::Report;
use aetheredge_model::fixture::{FixtureError, Scenario};
use aetheredge_review::{review, ReviewError, ReviewRequest};

static DEMO: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/demo");

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("could not build the sample repo: {0}")]
    Fixture(#[from] FixtureError),
    #[error("could not create a directory for the sample repo: {0}")]
    TempDir(std::io::Error),
    #[error(transparent)]
    Review(#[from] ReviewError),
}

/// The demo's outcome: the report and where the sample repo is.
pub struct Demo {
    pub report: Report,
    pub repo: PathBuf,
    pub base: String,
    pub head: String,
}

/// Builds the sample repo under a new temporary directory (kept, so it can be explored) and
/// reviews its pull-request branch against `main`.
pub fn run() -> Result<Demo, DemoError> {
    let scenario = Scenario::from_embedded(&DEMO)?;
    let dir = tempfile::Builder::new()
        .prefix("aetheredge-demo-")
        .tempdir()
        .map_err(DemoError::TempDir)?
        .keep();
    let repo = dir.join("infra");
    let built = scenario.build(&repo)?;
    let head = built
        .branches
        .keys()
        .find(|b| b.as_str() != "main")
        .cloned()
        .unwrap_or_else(|| "main".to_string());
    let report = review(&ReviewRequest {
        repo: built.path.clone(),
        base: Some("main".to_string()),
        head: Some(head.clone()),
        ..ReviewRequest::default()
    })?;
    Ok(Demo {
        report,
        repo: built.path,
        base: "main".to_string(),
        head,
    })
}

//! Blueprints: what a team writes ("a three-tier web app on AWS, medium, Postgres with high
//! availability, private by default") turned into infrastructure code. [`schema`] reads and
//! validates the YAML, [`expand`] turns it into resources with secure defaults, and
//! [`terraform`] and [`ansible`] write them out. The model loads blueprints of a reviewed
//! tree through the same expansion (see `iac::blueprints`), so every deity sees their
//! resources as if the rendered Terraform had been committed.

pub mod ansible;
pub mod expand;
pub mod schema;
pub mod terraform;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use expand::{expand, Expansion};
pub use schema::{is_blueprint_path, parse, Blueprint, BlueprintError};

/// Output formats of `aetheredge blueprint render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Terraform,
    Ansible,
}

/// Reads, validates, expands and renders a blueprint: file name → contents.
pub fn render(
    file: &str,
    text: &str,
    target: Target,
) -> Result<BTreeMap<String, String>, RenderFailure> {
    let blueprint = parse(file, text)?;
    let expansion = expand(&blueprint);
    Ok(match target {
        Target::Terraform => terraform::render(&expansion)?,
        Target::Ansible => ansible::render(&blueprint, &expansion)?,
    })
}

/// Why a blueprint could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderFailure {
    #[error(transparent)]
    Invalid(#[from] BlueprintError),
    #[error(transparent)]
    Terraform(#[from] terraform::RenderError),
    #[error(transparent)]
    Ansible(#[from] ansible::AnsibleError),
}

/// Why a blueprint could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {file}")]
    Unreadable {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Repository(#[from] crate::repo::RepoError),
    #[error("{path} is not in {rev} of {}", repo.display())]
    NotInRevision {
        path: String,
        rev: String,
        repo: PathBuf,
    },
}

/// Reads a blueprint from disk, or with `rev`, as committed at that revision of the
/// repository at `repo` (`file` is then a path inside the repository): rolling back is
/// rendering an earlier revision.
pub fn read(repo: &Path, rev: Option<&str>, file: &str) -> Result<String, ReadError> {
    match rev {
        None => std::fs::read_to_string(file).map_err(|source| ReadError::Unreadable {
            file: file.to_string(),
            source,
        }),
        Some(rev) => {
            let repository = crate::repo::Repository::open(repo)?;
            let revision = repository.resolve(rev)?;
            let snapshot =
                repository.snapshot(&revision, &crate::repo::SnapshotLimits::default())?;
            let path = file.trim_start_matches("./");
            snapshot
                .get(path)
                .map(|f| f.text.to_string())
                .ok_or_else(|| ReadError::NotInRevision {
                    path: path.to_string(),
                    rev: rev.to_string(),
                    repo: repo.to_path_buf(),
                })
        }
    }
}

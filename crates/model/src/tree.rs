//! One revision of a repo with its config and its model, and the steps every reader of a
//! tree shares: reading a revision (git objects or a plain directory), reading the config
//! from the side whose rules apply, and reporting a config that cannot be used. The `docs`
//! and `site` commands read one tree (no base); a review reads two with the same steps.

use std::path::{Path, PathBuf};

use aetheredge_core::config::{self, Config, ConfigError};

use crate::iac::{self, Diagnostic, Level, LoadOptions, Location, Model, ParseCache};
use crate::repo::{RepoError, Repository, Revision, Snapshot, SnapshotLimits};

/// A tree and what it describes.
pub struct Tree {
    pub revision: Revision,
    pub snapshot: Snapshot,
    pub model: Model,
    /// The repo's config file (`aetheredge.yaml`, or the path given) at this revision
    /// (defaults when absent or invalid; an invalid one is a diagnostic of the model, as in
    /// a review).
    pub config: Config,
    /// Where the git repository is, when the tree comes from one (to read binary blobs).
    pub git_dir: Option<PathBuf>,
    /// The tree the rules (config, site template overrides) were read from, when it is not
    /// this one: the base of a pull request whose head this tree is.
    pub trusted: Option<Snapshot>,
}

impl Tree {
    /// The tree whose config and site templates apply: the base of a pull request, else
    /// this tree.
    pub fn rules(&self) -> &Snapshot {
        self.trusted.as_ref().unwrap_or(&self.snapshot)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error(transparent)]
    Repo(#[from] RepoError),
    #[error("{path} does not exist or is not a directory: pass --repo a repository or a directory of Terraform files")]
    NotADirectory { path: PathBuf },
}

/// Reads `rev` of the repository at `repo` and loads its model; without `rev` (or outside a
/// repository), the files of the directory as they are on disk.
pub fn load(repo: &Path, rev: Option<&str>) -> Result<Tree, TreeError> {
    load_with_config(repo, rev, None)
}

/// [`load`], with the config read from `config_path` (relative to the repo root) instead of
/// `aetheredge.yaml`.
pub(crate) fn load_with_config(
    repo: &Path,
    rev: Option<&str>,
    config_path: Option<&str>,
) -> Result<Tree, TreeError> {
    load_judged(repo, rev, None, config_path)
}

/// [`load_with_config`], with the config (and, for the site, the template overrides) read
/// from `trusted_rev` when given: the head of a pull request is shown as the base's rules
/// say, so the change cannot alter them.
pub fn load_judged(
    repo: &Path,
    rev: Option<&str>,
    trusted_rev: Option<&str>,
    config_path: Option<&str>,
) -> Result<Tree, TreeError> {
    if !repo.is_dir() {
        return Err(TreeError::NotADirectory {
            path: repo.to_path_buf(),
        });
    }
    let read = |limits: &SnapshotLimits| read_revision(repo, rev, limits);
    let defaults = SnapshotLimits::default();
    let (mut revision, mut snapshot, mut git_dir) = read(&defaults)?;
    let trusted = match trusted_rev {
        Some(trusted_rev) if Repository::is_inside_repo(repo) => {
            let repository = Repository::open(repo)?;
            let revision = repository.resolve(trusted_rev)?;
            Some(repository.snapshot(&revision, &defaults)?)
        }
        _ => None,
    };
    let config_file = config::config_file(config_path);
    let (config, config_error) = read_config(trusted.as_ref().unwrap_or(&snapshot), &config_file);
    if config.max_file_size != defaults.max_file_size {
        (revision, snapshot, git_dir) = read(&SnapshotLimits {
            max_file_size: config.max_file_size,
        })?;
    }
    let options = LoadOptions::from_config(&config);
    let mut model = iac::load(&snapshot, &options, &ParseCache::default());
    if let Some(e) = &config_error {
        model.diagnostics.push(config_diagnostic(e));
    }
    tracing::debug!(rev = %revision.rev, resources = model.resources.len(), modules = model.modules.len(), "loaded the tree");
    Ok(Tree {
        revision,
        snapshot,
        model,
        config,
        git_dir,
        trusted,
    })
}

/// Reads revision `rev` of the repository at `repo`, with where its git directory is; without
/// `rev`, or outside a repository, the files of the directory as they are on disk.
pub(crate) fn read_revision(
    repo: &Path,
    rev: Option<&str>,
    limits: &SnapshotLimits,
) -> Result<(Revision, Snapshot, Option<PathBuf>), RepoError> {
    match rev {
        Some(rev) if Repository::is_inside_repo(repo) => {
            let repository = Repository::open(repo)?;
            let revision = repository.resolve(rev)?;
            let snapshot = repository.snapshot(&revision, limits)?;
            Ok((revision, snapshot, Some(repository.git_dir().to_path_buf())))
        }
        _ => Ok((
            Revision::working_tree(),
            Snapshot::from_dir(repo, limits)?,
            None,
        )),
    }
}

/// The config `rules` holds at `config_file`: defaults when it has none, and defaults with
/// the error when it cannot be used (the caller reports it as [`config_diagnostic`]).
pub fn read_config(rules: &Snapshot, config_file: &str) -> (Config, Option<ConfigError>) {
    match rules.get(config_file) {
        None => (Config::default(), None),
        Some(file) => match Config::parse_file(config_file, &file.text) {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(e)),
        },
    }
}

/// The diagnostic that says the repo's config could not be used.
pub fn config_diagnostic(e: &ConfigError) -> Diagnostic {
    Diagnostic {
        column: Some(e.column),
        ..Diagnostic::new(
            Level::Error,
            "brahma/config-error",
            &Location {
                file: e.file.clone(),
                line: e.line,
            },
            &format!(
                "{} could not be used, so defaults apply: {}",
                e.file, e.message
            ),
        )
    }
}

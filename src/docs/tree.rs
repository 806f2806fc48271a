//! One revision of a repo, read for Saraswati: the commit, its files and its model. The
//! `docs` and `site` commands read one tree (no base), from git objects or a plain directory.

use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::iac::{self, LoadOptions, Model, ParseCache};
use crate::repo::{RepoError, Repository, Revision, Snapshot, SnapshotLimits, ZERO_SHA};

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
pub fn load_with_config(
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
    let read = |limits: &SnapshotLimits| -> Result<_, TreeError> {
        if let (Some(rev), true) = (rev, Repository::is_inside_repo(repo)) {
            let repository = Repository::open(repo)?;
            let revision = repository.resolve(rev)?;
            let snapshot = repository.snapshot(&revision, limits)?;
            Ok((revision, snapshot, Some(repository.git_dir().to_path_buf())))
        } else {
            let revision = Revision {
                rev: "(working tree)".to_string(),
                sha: ZERO_SHA.to_string(),
                time: 0,
            };
            Ok((revision, Snapshot::from_dir(repo, limits)?, None))
        }
    };
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
    let parsed = trusted
        .as_ref()
        .unwrap_or(&snapshot)
        .get(&config_file)
        .map(|f| Config::parse_file(&config_file, &f.text));
    let (config, config_error) = match parsed {
        None => (Config::default(), None),
        Some(Ok(c)) => (c, None),
        Some(Err(e)) => (Config::default(), Some(e)),
    };
    if config.max_file_size != defaults.max_file_size {
        (revision, snapshot, git_dir) = read(&SnapshotLimits {
            max_file_size: config.max_file_size,
        })?;
    }
    let options = LoadOptions {
        var_files: config.var_files_by_root(),
        path_filter: Some(config.path_filter()),
        limits: config.limits.clone(),
    };
    let mut model = iac::load(&snapshot, &options, &ParseCache::default());
    if let Some(e) = &config_error {
        model.diagnostics.push(crate::review::config_diagnostic(e));
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

//! A review from end to end: open the repo (or read a plain directory), resolve the
//! revisions, read both trees, load both models, run the deities, return the report.

use std::path::PathBuf;

use crate::config::{Config, FailOn, CONFIG_FILE};
use crate::deity::{
    self, brahma::Brahma, kali::Kali, lakshmi::Lakshmi, saraswati::Saraswati, vishnu::Vishnu,
    Enabled, Review,
};
use crate::iac::{self, Diagnostic, Level, LoadOptions, Location, Model, ParseCache};
use crate::repo::{ChangeSet, RepoError, Repository, Revision, Snapshot, SnapshotLimits, ZERO_SHA};
use crate::report::{DeityName, Report};

/// What the user asked to review.
#[derive(Debug, Clone, Default)]
pub struct ReviewRequest {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    pub repo: PathBuf,
    /// The base revision; none means a full scan of head.
    pub base: Option<String>,
    /// The head revision (default `HEAD`).
    pub head: Option<String>,
    /// Run only these deities (default: those the config enables).
    pub only: Option<Vec<DeityName>>,
    /// Overrides the config's `fail_on`.
    pub fail_on: Option<FailOn>,
    /// Overrides the config's policy namespaces (`--namespace`, `--all-namespaces`).
    pub namespaces: Option<Namespaces>,
}

/// Which packages' rules run, as conftest's `--namespace` and `--all-namespaces` say.
#[derive(Debug, Clone, Default)]
pub struct Namespaces {
    pub names: Vec<String>,
    pub all: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error(transparent)]
    Repo(#[from] RepoError),
    #[error("{path} does not exist or is not a directory: pass --repo a repository or a directory of Terraform files")]
    NotADirectory { path: PathBuf },
    #[error("{base} and {head} share no history, so there is no merge base to compare from: check the branch names, or omit --base for a full scan of {head}")]
    NoCommonHistory { base: String, head: String },
    #[error("--base needs a git repository, and {path} is a plain directory: omit --base to review its files as new")]
    BaseWithoutRepository { path: PathBuf },
}

/// The two trees of a review and how to name them.
struct Trees {
    base_named: Revision,
    base: Revision,
    head: Revision,
    base_snapshot: Snapshot,
    head_snapshot: Snapshot,
    change_set: ChangeSet,
    full_scan: bool,
}

/// Runs a review.
pub fn review(request: &ReviewRequest) -> Result<Report, ReviewError> {
    review_cached(request, &ParseCache::default())
}

/// Runs a review, taking parsed files from `cache` (by blob id) and adding those it parses:
/// a caller reviewing the same repo again and again parses each file once.
pub fn review_cached(request: &ReviewRequest, cache: &ParseCache) -> Result<Report, ReviewError> {
    if !request.repo.is_dir() {
        return Err(ReviewError::NotADirectory {
            path: request.repo.clone(),
        });
    }
    let started = std::time::Instant::now();
    let defaults = SnapshotLimits::default();
    let mut trees = read_trees(request, &defaults)?;
    tracing::debug!(elapsed = ?started.elapsed(), files = trees.head_snapshot.len(), "read the trees");
    // The config comes from the base when there is one: a change cannot relax its own review.
    let config_side = if trees.full_scan {
        &trees.head_snapshot
    } else {
        &trees.base_snapshot
    };
    let (mut config, config_error) = match config_side.get(CONFIG_FILE) {
        None => (Config::default(), None),
        Some(file) => match Config::parse(&file.text) {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(e)),
        },
    };
    if let Some(ns) = &request.namespaces {
        if ns.all {
            config.vishnu.all_namespaces = true;
        } else if !ns.names.is_empty() {
            config.vishnu.namespaces = ns.names.clone();
            config.vishnu.all_namespaces = false;
        }
    }
    if config.max_file_size != defaults.max_file_size {
        trees = read_trees(
            request,
            &SnapshotLimits {
                max_file_size: config.max_file_size,
            },
        )?;
    }

    let options = LoadOptions {
        var_files: config.var_files_by_root(),
        path_filter: Some(config.path_filter()),
    };
    cache.parse_all(&[&trees.base_snapshot, &trees.head_snapshot], &options);
    let (base_model, mut head_model) = rayon::join(
        || {
            if trees.full_scan {
                Model::default()
            } else {
                iac::load(&trees.base_snapshot, &options, cache)
            }
        },
        || iac::load(&trees.head_snapshot, &options, cache),
    );
    tracing::debug!(
        elapsed = ?started.elapsed(),
        base_resources = base_model.resources.len(),
        head_resources = head_model.resources.len(),
        "loaded the models"
    );
    if let Some(e) = config_error {
        head_model.diagnostics.push(Diagnostic {
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
        });
    }

    let review = Review {
        base_named: &trees.base_named,
        base: deity::Side {
            revision: &trees.base,
            snapshot: &trees.base_snapshot,
            model: &base_model,
        },
        head: deity::Side {
            revision: &trees.head,
            snapshot: &trees.head_snapshot,
            model: &head_model,
        },
        change_set: &trees.change_set,
        full_scan: trees.full_scan,
    };
    let fail_on = request.fail_on.unwrap_or(config.fail_on).threshold();
    let deities = enabled_deities(&config, request.only.as_deref());
    let report = deity::run(&review, &deities, fail_on);
    tracing::debug!(elapsed = ?started.elapsed(), "ran the deities");
    // Freeing two models' worth of small allocations takes as long as a small review: do it
    // off the caller's path.
    std::thread::spawn(move || drop((base_model, head_model, trees)));
    Ok(report)
}

/// The deities that run, in report order.
fn enabled_deities(config: &Config, only: Option<&[DeityName]>) -> Vec<Enabled> {
    let available: Vec<Box<dyn deity::Deity>> = vec![
        Box::new(Brahma),
        Box::new(Vishnu::new(config.vishnu.clone())),
        Box::new(Lakshmi::new(config.cost.clone())),
        Box::new(Kali::new(
            &config.secrets.allow_paths,
            &config.secrets.allow_patterns,
            config.path_filter(),
        )),
        Box::new(Saraswati),
    ];
    available
        .into_iter()
        .filter_map(|d| {
            let (on, blocking) = config.deity(d.name());
            let wanted = only.map_or(on, |names| names.contains(&d.name()));
            wanted.then_some(Enabled { deity: d, blocking })
        })
        .collect()
}

fn read_trees(request: &ReviewRequest, limits: &SnapshotLimits) -> Result<Trees, ReviewError> {
    if !Repository::is_inside_repo(&request.repo) {
        if request.base.is_some() {
            return Err(ReviewError::BaseWithoutRepository {
                path: request.repo.clone(),
            });
        }
        let head_snapshot = Snapshot::from_dir(&request.repo, limits)?;
        let working_tree = Revision {
            rev: "(working tree)".to_string(),
            sha: ZERO_SHA.to_string(),
        };
        return Ok(Trees {
            base_named: Revision::no_commit(),
            base: Revision::no_commit(),
            head: working_tree,
            change_set: ChangeSet::everything(&head_snapshot),
            base_snapshot: Snapshot::empty(),
            head_snapshot,
            full_scan: true,
        });
    }
    let repo = Repository::open(&request.repo)?;
    let head = repo.resolve(request.head.as_deref().unwrap_or("HEAD"))?;
    let head_snapshot = repo.snapshot(&head, limits)?;
    match &request.base {
        None => Ok(Trees {
            base_named: Revision::no_commit(),
            base: Revision::no_commit(),
            change_set: ChangeSet::everything(&head_snapshot),
            head,
            base_snapshot: Snapshot::empty(),
            head_snapshot,
            full_scan: true,
        }),
        Some(base_rev) => {
            let base_named = repo.resolve(base_rev)?;
            let merge_base = repo.merge_base(&base_named, &head)?.ok_or_else(|| {
                ReviewError::NoCommonHistory {
                    base: base_rev.clone(),
                    head: head.rev.clone(),
                }
            })?;
            Ok(Trees {
                base_snapshot: repo.snapshot_reusing(&merge_base, limits, &head_snapshot)?,
                change_set: repo.change_set(&merge_base, &head)?,
                base_named,
                base: merge_base,
                head,
                head_snapshot,
                full_scan: false,
            })
        }
    }
}

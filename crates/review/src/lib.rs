//! A review from end to end: open the repo (or read a plain directory), resolve the
//! revisions, read both trees, load both models, run the deities, return the report.
//!
//! This is the one place that names every deity: [`runner`] runs the enabled ones over the
//! same [`aetheredge_deity::Review`] and gathers their work into one report (matching base
//! and head findings, applying [`suppress`]ions, reporting [`rule_changes`]).

#[cfg(test)]
mod cross_deity_tests;
mod infrastructure;
pub mod rule_changes;
pub mod runner;
pub mod suppress;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use aetheredge_brahma::Brahma;
use aetheredge_core::config::{self, Config, ConfigError, FailOn};
use aetheredge_core::report::{DeityName, Report};
use aetheredge_deity::{Deity, Review, Side};
use aetheredge_kali::Kali;
use aetheredge_lakshmi::Lakshmi;
use aetheredge_model::iac::{self, LoadOptions, Model, ParseCache};
use aetheredge_model::repo::{
    ChangeSet, RepoError, Repository, Revision, Snapshot, SnapshotLimits,
};
use aetheredge_model::tree;
use aetheredge_saraswati::Saraswati;
use aetheredge_vishnu::Vishnu;
use runner::{Enabled, ReportingUnparsed};

/// What the user asked to review (as JSON, what a worker is asked to review).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// Overrides the config's policy settings (`--namespace`, `--all-namespaces`, `--data`,
    /// `--combine`).
    pub namespaces: Option<PolicyOverrides>,
    /// The config file, relative to the repo root, instead of `aetheredge.yaml`. A path named
    /// here that the revision does not hold is reported (and defaults apply).
    pub config_path: Option<String>,
    /// When Brahma does not run, the first deity that does reports the files that do not
    /// parse (with Brahma's rule ids and locations), as `scan` and `policy` do.
    pub report_unparsed: bool,
    /// Root modules' recorded states: Shiva says what the change does to their drift.
    #[serde(default)]
    pub states: Vec<StateRequest>,
    /// Also the roots of the config's `drift.roots` (the config of the base, as always).
    #[serde(default)]
    pub config_states: bool,
}

/// A root module and where its state is kept (as `drift --state`, or the config's
/// `drift.roots`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct StateRequest {
    /// The root's directory, `.` for the repository root.
    pub root: String,
    pub source: String,
    #[serde(default)]
    pub workspace: Option<String>,
}

/// What conftest's flags say: which packages' rules run (`--namespace`,
/// `--all-namespaces`), the data under `data.` (`--data`: repo-relative paths, else paths on
/// disk) and whether files are given all at once (`--combine`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PolicyOverrides {
    pub names: Vec<String>,
    pub all: bool,
    #[serde(default)]
    pub data: Vec<PathBuf>,
    #[serde(default)]
    pub combine: bool,
    /// Policy directories (`--policy`): of the tree, else on disk.
    #[serde(default)]
    pub policy: Vec<PathBuf>,
    /// The parser of every configuration file (`--parser`).
    #[serde(default)]
    pub parser: Option<String>,
}

/// A relative path as the tree names it, when the tree has a directory there (or, with
/// `file_too`, a file).
fn in_tree(path: &std::path::Path, tree: &Snapshot, file_too: bool) -> Option<String> {
    if path.is_absolute() {
        return None;
    }
    let text = path.to_string_lossy().replace('\\', "/");
    let in_tree = text.trim_start_matches("./").trim_end_matches('/');
    let under = format!("{in_tree}/");
    tree.files()
        .any(|f| (file_too && f.path == in_tree) || f.path.starts_with(&under))
        .then(|| in_tree.to_string())
}

/// Adds one `--data` path: a file or directory of the reviewed tree when the tree has it
/// (read from the same side as the config), else a file or directory on disk.
fn policy_data(
    path: &std::path::Path,
    tree: &Snapshot,
    policy: &mut aetheredge_core::config::PolicyConfig,
) -> Result<(), ReviewError> {
    if let Some(in_tree) = in_tree(path, tree, true) {
        policy.data.push(in_tree);
        return Ok(());
    }
    let files = aetheredge_vishnu::policy::data::files_on_disk(path).map_err(|source| {
        ReviewError::Data {
            path: path.to_path_buf(),
            source,
        }
    })?;
    policy.outside_data.extend(
        files
            .into_iter()
            .map(|f| aetheredge_core::config::OutsideData {
                path: f.path,
                under: f.under,
                text: f.text,
            }),
    );
    Ok(())
}

/// Adds one `--policy` path: a directory of the reviewed tree becomes the policy directory
/// (read from the same side as the config); a directory on disk adds its `.rego` files.
fn policy_dir(
    path: &std::path::Path,
    tree: &Snapshot,
    policy: &mut aetheredge_core::config::PolicyConfig,
) -> Result<(), ReviewError> {
    if let Some(in_tree) = in_tree(path, tree, false) {
        policy.policy_dir = in_tree;
        return Ok(());
    }
    let unreadable = |source: std::io::Error| ReviewError::Policy {
        path: path.to_path_buf(),
        source,
    };
    let (sources, problems) =
        aetheredge_vishnu::policy::testing::sources_in_dir(path).map_err(unreadable)?;
    if let Some(problem) = problems.first() {
        return Err(unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            problem.to_string(),
        )));
    }
    let root = path.display().to_string();
    policy.outside_policies.extend(
        sources
            .into_iter()
            .filter(|s| !s.path.ends_with("_test.rego"))
            .map(|s| aetheredge_core::config::OutsideData {
                path: format!("{}/{}", root.trim_end_matches('/'), s.path),
                under: Vec::new(),
                text: s.text,
            }),
    );
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("the parser {parser:?} is not one this build reads: yaml, json, toml, hcl2 or hcl1")]
    Parser { parser: String },
    #[error("cannot read the policies under {path}: {source}")]
    Policy {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the data file or directory {path}: {source}")]
    Data {
        path: PathBuf,
        source: std::io::Error,
    },
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
    let config_file = config::config_file(request.config_path.as_deref());
    let (mut config, config_error) = match config_side.get(&config_file) {
        None if request.config_path.is_some() => {
            let (side, which) = if trees.full_scan {
                (&trees.head, "the head commit, reviewed in full")
            } else {
                (
                    &trees.base,
                    "the base of the change, where the config is read from",
                )
            };
            let message = format!(
                "no such file in commit {} ({which}): check the config path, relative to the repository root",
                &side.sha[..side.sha.len().min(12)]
            );
            let missing = ConfigError {
                file: config_file.clone(),
                line: 1,
                column: 1,
                message,
            };
            (Config::default(), Some(missing))
        }
        _ => tree::read_config(config_side, &config_file),
    };
    if let Some(ns) = &request.namespaces {
        if ns.all {
            config.policy.all_namespaces = true;
        } else if !ns.names.is_empty() {
            config.policy.namespaces = ns.names.clone();
            config.policy.all_namespaces = false;
        }
        config.policy.combine |= ns.combine;
        for path in &ns.data {
            policy_data(path, config_side, &mut config.policy)?;
        }
        for path in &ns.policy {
            policy_dir(path, config_side, &mut config.policy)?;
        }
        if let Some(parser) = &ns.parser {
            let known = [
                "yaml", "yml", "json", "toml", "ini", "dotenv", "hcl2", "hcl", "tf", "hcl1",
            ];
            if !known.contains(&parser.to_ascii_lowercase().as_str()) {
                return Err(ReviewError::Parser {
                    parser: parser.clone(),
                });
            }
            config.policy.parser = Some(parser.clone());
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

    let options = LoadOptions::from_config(&config);
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
        head_model.diagnostics.push(tree::config_diagnostic(&e));
    }

    let mut wanted = request.states.clone();
    if request.config_states {
        wanted.extend(config.drift.roots.iter().map(|r| StateRequest {
            root: r.path.clone(),
            source: r.state.clone(),
            workspace: r.workspace.clone(),
        }));
    }
    let states = read_states(&wanted);
    let review = Review {
        base_named: &trees.base_named,
        base: Side {
            revision: &trees.base,
            snapshot: &trees.base_snapshot,
            model: &base_model,
        },
        head: Side {
            revision: &trees.head,
            snapshot: &trees.head_snapshot,
            model: &head_model,
        },
        change_set: &trees.change_set,
        full_scan: trees.full_scan,
        config: &config,
        config_file: &config_file,
        plan: Default::default(),
        planner: aetheredge_brahma::plan::plan,
        states: &states,
    };
    let fail_on = request.fail_on.unwrap_or(config.fail_on).threshold();
    let mut deities = enabled_deities(&config, request.only.as_deref());
    if !states.is_empty() && config.deity(DeityName::Shiva).0 {
        deities.push(Enabled {
            deity: Box::new(aetheredge_shiva::Shiva),
            blocking: false,
        });
    }
    if request.report_unparsed {
        deities = report_unparsed(deities);
    }
    let mut report = runner::run(&review, &deities, fail_on);
    report.comment = config.comment.clone();
    tracing::debug!(elapsed = ?started.elapsed(), "ran the deities");
    // Freeing two models' worth of small allocations takes as long as a small review: do it
    // off the caller's path.
    std::thread::spawn(move || drop((base_model, head_model, trees)));
    Ok(report)
}

/// A full scan of one tree its caller has already read and loaded (the site reads its tree
/// once and reviews it here): every file counts as added, there is no base.
pub fn review_tree(
    head: &Revision,
    snapshot: &Snapshot,
    model: &Model,
    config: &Config,
    only: Option<&[DeityName]>,
) -> Report {
    let base = Revision::no_commit();
    let empty = Snapshot::empty();
    let base_model = Model::default();
    let change_set = ChangeSet::everything(snapshot);
    let review = Review {
        base_named: &base,
        base: Side {
            revision: &base,
            snapshot: &empty,
            model: &base_model,
        },
        head: Side {
            revision: head,
            snapshot,
            model,
        },
        change_set: &change_set,
        full_scan: true,
        config,
        config_file: config::CONFIG_FILE,
        plan: Default::default(),
        planner: aetheredge_brahma::plan::plan,
        states: &[],
    };
    let deities = enabled_deities(config, only);
    let mut report = runner::run(&review, &deities, FailOn::None.threshold());
    report.comment = config.comment.clone();
    report
}

/// The deities that run, in report order. Each is built only when it runs: some prepare a
/// lot up front (Kali compiles its secret patterns, Vishnu its policies).
fn enabled_deities(config: &Config, only: Option<&[DeityName]>) -> Vec<Enabled> {
    let build = |name: DeityName| -> Box<dyn Deity> {
        match name {
            DeityName::Brahma => Box::new(Brahma),
            DeityName::Vishnu => Box::new(Vishnu::new(config.policy.clone())),
            DeityName::Lakshmi => Box::new(Lakshmi::new(config.cost.clone())),
            DeityName::Kali => Box::new(Kali::new(
                &config.secrets.allow_paths,
                &config.secrets.allow_patterns,
                config.path_filter(),
            )),
            DeityName::Saraswati => Box::new(Saraswati),
            DeityName::Shiva => Box::new(aetheredge_shiva::Shiva),
        }
    };
    DeityName::ALL
        .into_iter()
        .filter_map(|name| {
            let (on, blocking) = config.deity(name);
            let wanted = only.map_or(on, |names| names.contains(&name));
            wanted.then(|| Enabled {
                deity: build(name),
                blocking,
            })
        })
        .collect()
}

/// Reads and parses each root's state; one that cannot be read is kept with its error.
fn read_states(requests: &[StateRequest]) -> Vec<aetheredge_model::state::RootState> {
    use aetheredge_model::state::{root_dir, RecordedState, RootState};
    requests
        .iter()
        .map(|r| {
            let (source, bytes) =
                aetheredge_statestore::StateSource::read(&r.source, r.workspace.as_deref());
            let state = bytes
                .map_err(|e| e.to_string())
                .and_then(|bytes| RecordedState::parse(&source, &bytes).map_err(|e| e.to_string()));
            RootState {
                root: root_dir(&r.root),
                source,
                state,
            }
        })
        .collect()
}

/// Has the first deity report the files that do not parse, unless Brahma runs (it always
/// reports them).
fn report_unparsed(deities: Vec<Enabled>) -> Vec<Enabled> {
    if deities.iter().any(|d| d.deity.name() == DeityName::Brahma) {
        return deities;
    }
    deities
        .into_iter()
        .enumerate()
        .map(|(i, d)| match i {
            0 => Enabled {
                deity: Box::new(ReportingUnparsed(d.deity)),
                blocking: d.blocking,
            },
            _ => d,
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
        return Ok(Trees {
            base_named: Revision::no_commit(),
            base: Revision::no_commit(),
            head: Revision::working_tree(),
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

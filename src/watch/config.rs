//! `bot.yaml`, the reconciler's configuration: the repos to watch, each with its source,
//! default branch, schedule, site target and where its reviews go (GitHub, or an outbox).
//! Every error names the file and the line of the key at fault.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use crate::github::RepoName;
use crate::worker::WorkerLimits;

/// Where state (mirrors, outboxes, published-site records) lives when `state_dir` is absent.
pub(crate) const DEFAULT_STATE_DIR: &str = "/var/lib/aetheredge";
/// The environment variable holding the webhook secret when `webhook_secret_env` is absent.
pub(crate) const DEFAULT_WEBHOOK_SECRET_ENV: &str = "AETHEREDGE_WEBHOOK_SECRET";
/// The schedule of a repo that names none: every five minutes.
pub(crate) const DEFAULT_SCHEDULE: &str = "0 */5 * * * *";
/// The drift schedule of a repo that names none: every hour.
pub(crate) const DEFAULT_DRIFT_SCHEDULE: &str = "0 0 * * * *";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BotConfig {
    pub repos: Vec<RepoConfig>,
    /// Mirrors of remote sources, default outboxes and published-site records.
    #[serde(default = "default_state_dir")]
    pub state_dir: PathBuf,
    /// The environment variable that holds the webhook HMAC secret.
    #[serde(default = "default_secret_env")]
    pub webhook_secret_env: String,
    /// Reconciles running at once, over all repos (each repo runs one at a time).
    #[serde(default = "default_concurrency")]
    pub max_concurrent: usize,
    /// The limits of each review run in a worker process.
    #[serde(default)]
    pub worker: WorkerLimits,
}

/// One watched repo.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepoConfig {
    pub name: String,
    /// A local path, or a `file://`, `git://`, `http(s)://` URL.
    pub source: String,
    #[serde(default = "default_branch")]
    pub default_branch: String,
    /// Cron with seconds (`sec min hour day month weekday [year]`); five fields are read
    /// as classic cron at second 0.
    #[serde(default = "default_schedule")]
    pub schedule: String,
    #[serde(default)]
    pub site: Option<SiteConfig>,
    #[serde(default)]
    pub github: Option<GitHubConfig>,
    /// Without GitHub: the branches reviewed against `default_branch` (a glob).
    #[serde(default)]
    pub branches: Option<String>,
    /// Without GitHub: where reviews are written, one file per branch.
    #[serde(default)]
    pub outbox: Option<PathBuf>,
    /// Review each change in a worker process under the `worker:` limits (default), rather
    /// than in the watcher's own process, where files unchanged between ticks are not parsed
    /// again.
    #[serde(default = "default_isolated")]
    pub isolated: bool,
    /// Drift detection on a schedule of its own (see [`DriftConfig`]); none when absent.
    #[serde(default)]
    pub drift: Option<DriftConfig>,
}

/// A repo's `drift:` key: on `schedule`, the default branch's code is compared with the
/// recorded Terraform state of each root (`aetheredge drift`), the drift is shown on the
/// site and in `/metrics`, and `heal` says what else is done about it.
///
/// ```yaml
/// drift:
///   schedule: "0 0 * * * *"        # cron with seconds, as the repo's `schedule`
///   roots:                         # optional: else the repo's aetheredge.yaml drift.roots
///     - path: envs/prod            # the root module's directory (`.` by default)
///       state: /srv/state/prod.tfstate
///       workspace: prod            # optional
///   heal: issue                    # off (default) | issue | pr
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DriftConfig {
    /// When to compare: cron with seconds; five fields are classic cron at second 0.
    #[serde(default = "default_drift_schedule")]
    pub schedule: String,
    /// The roots and their states. When absent, the `drift.roots` of the repo's own
    /// `aetheredge.yaml` at the default branch. A relative state path is relative to this
    /// file's directory.
    #[serde(default)]
    pub roots: Option<Vec<aetheredge_core::config::DriftRootConfig>>,
    /// What is done about drift besides the site and the metrics.
    #[serde(default)]
    pub heal: Heal,
}

/// What the watcher does when a repo's code and state disagree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Heal {
    /// Only the site and the metrics show it.
    #[default]
    Off,
    /// One issue, "Drift in NAME", kept up to date: opened when drift (or a root that
    /// cannot be compared) appears, edited when it changes, closed when it is gone, reopened
    /// if it returns. Without GitHub, the outbox's `drift-issue.md`.
    Issue,
    /// The issue, and one pull request from `aetheredge/heal-drift` that brings the code
    /// in line with the state, opened or updated while there is drift it heals and closed
    /// when there is none. Without GitHub, the outbox's `drift-pr.md`.
    Pr,
}

impl Heal {
    pub fn as_str(self) -> &'static str {
        match self {
            Heal::Off => "off",
            Heal::Issue => "issue",
            Heal::Pr => "pr",
        }
    }
}

/// Where the site of the default branch goes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteConfig {
    /// A directory, replaced whole and atomically on each publish.
    #[serde(default)]
    pub dir: Option<PathBuf>,
    /// A branch of the source repo (`gh-pages`), committed to and pushed.
    #[serde(default)]
    pub branch: Option<String>,
    /// Where the published site is browsed; linked from the comments.
    #[serde(default)]
    pub url: Option<String>,
}

/// The GitHub repository whose pull requests are reviewed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GitHubConfig {
    /// `OWNER/NAME`.
    pub repo: String,
    /// Also report a check run (or commit status) on each reviewed head.
    #[serde(default)]
    pub check: bool,
}

fn default_state_dir() -> PathBuf {
    PathBuf::from(DEFAULT_STATE_DIR)
}
fn default_secret_env() -> String {
    DEFAULT_WEBHOOK_SECRET_ENV.to_string()
}
fn default_concurrency() -> usize {
    2
}
fn default_isolated() -> bool {
    true
}
fn default_branch() -> String {
    "main".to_string()
}
fn default_schedule() -> String {
    DEFAULT_SCHEDULE.to_string()
}
fn default_drift_schedule() -> String {
    DEFAULT_DRIFT_SCHEDULE.to_string()
}

/// A repo's configuration, checked and ready to run.
#[derive(Debug, Clone)]
pub struct Repo {
    pub name: String,
    pub source: String,
    pub default_branch: String,
    pub schedule: cron::Schedule,
    pub site: Option<SiteTarget>,
    pub site_url: Option<String>,
    pub github: Option<(RepoName, bool)>,
    pub branches: Option<globset::GlobMatcher>,
    pub branches_pattern: Option<String>,
    /// The outbox directory (only used without GitHub).
    pub outbox: PathBuf,
    /// Reviews run in a worker process.
    pub isolated: bool,
    pub drift: Option<DriftWatch>,
}

/// A repo's drift detection, checked.
#[derive(Debug, Clone)]
pub struct DriftWatch {
    pub schedule: cron::Schedule,
    /// The roots given in `bot.yaml` (state paths resolved); `None`: the repo's own.
    pub roots: Option<Vec<crate::drift::DriftTarget>>,
    pub heal: Heal,
}

/// Where the site is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteTarget {
    Dir(PathBuf),
    Branch(String),
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub repos: Vec<Repo>,
    pub state_dir: PathBuf,
    pub webhook_secret_env: String,
    pub max_concurrent: usize,
    pub worker: WorkerLimits,
}

/// Reads and checks `path`.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &text)
}

/// Checks the text of a config file; `path` names it in errors, and resolves relative paths.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, ConfigError> {
    let invalid = |line: usize, message: String| ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        message,
    };
    let raw: BotConfig = serde_yaml_ng::from_str(text).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line());
        invalid(line, e.to_string())
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let resolve = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        }
    };
    let lines = KeyLines { text };
    if raw.repos.is_empty() {
        return Err(invalid(
            lines.find(0, "repos:"),
            "no repos: list at least one under `repos:`".into(),
        ));
    }
    if raw.max_concurrent == 0 {
        return Err(invalid(
            lines.find(0, "max_concurrent:"),
            "max_concurrent must be at least 1".into(),
        ));
    }
    if let Some(limit) = raw.worker.zero() {
        return Err(invalid(
            lines.find(
                0,
                &format!("{}:", limit.config_key().trim_start_matches("worker.")),
            ),
            format!("{} must be at least 1", limit.config_key()),
        ));
    }
    let state_dir = resolve(&raw.state_dir);
    let mut repos = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in raw.repos {
        let at = lines.repo_start(&r.name);
        let line_of = |key: &str| lines.find(at, key);
        let name_ok = !r.name.is_empty()
            && r.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !r.name.starts_with('.');
        if !name_ok {
            return Err(invalid(
                at,
                format!(
                    "repo name \"{}\" must be letters, digits, '-', '_' or '.' (it names directories under state_dir)",
                    r.name
                ),
            ));
        }
        if !seen.insert(r.name.clone()) {
            return Err(invalid(
                at,
                format!("repo name \"{}\" is used twice", r.name),
            ));
        }
        if r.source.trim().is_empty() {
            return Err(invalid(line_of("source:"), "source is empty".into()));
        }
        let schedule = parse_schedule(&r.schedule).map_err(|m| invalid(line_of("schedule:"), m))?;
        let github = match &r.github {
            None => None,
            Some(g) => Some((
                RepoName::from_str(&g.repo)
                    .map_err(|e| invalid(line_of("repo:"), e.to_string()))?,
                g.check,
            )),
        };
        let branches = match &r.branches {
            None => None,
            Some(p) => Some(
                globset::GlobBuilder::new(p)
                    .literal_separator(false)
                    .build()
                    .map_err(|e| invalid(line_of("branches:"), format!("branches \"{p}\": {e}")))?
                    .compile_matcher(),
            ),
        };
        let site = match &r.site {
            None => None,
            Some(s) => match (&s.dir, &s.branch) {
                (Some(d), None) => Some(SiteTarget::Dir(resolve(d))),
                (None, Some(b)) if !b.trim().is_empty() => Some(SiteTarget::Branch(b.clone())),
                _ => return Err(invalid(
                    line_of("site:"),
                    "site needs exactly one of `dir` (a directory) or `branch` (such as gh-pages)"
                        .into(),
                )),
            },
        };
        let drift = match &r.drift {
            None => None,
            Some(d) => Some(DriftWatch {
                schedule: parse_schedule(&d.schedule).map_err(|m| {
                    invalid(
                        lines.find(line_of("drift:"), "schedule:"),
                        format!("drift {m}"),
                    )
                })?,
                roots: d.roots.as_ref().map(|roots| {
                    roots
                        .iter()
                        .map(|root| crate::drift::DriftTarget {
                            root: root.path.clone(),
                            state: if root.state.contains("://") {
                                root.state.clone()
                            } else {
                                resolve(Path::new(&root.state)).display().to_string()
                            },
                            workspace: root.workspace.clone(),
                        })
                        .collect()
                }),
                heal: d.heal,
            }),
        };
        let source = if looks_like_url(&r.source) {
            r.source.clone()
        } else {
            resolve(Path::new(&r.source)).display().to_string()
        };
        repos.push(Repo {
            outbox: r
                .outbox
                .as_deref()
                .map(resolve)
                .unwrap_or_else(|| state_dir.join("outbox").join(&r.name)),
            name: r.name,
            source,
            default_branch: r.default_branch,
            schedule,
            site,
            site_url: r.site.and_then(|s| s.url),
            github,
            branches,
            branches_pattern: r.branches,
            isolated: r.isolated,
            drift,
        });
    }
    for (i, a) in repos.iter().enumerate() {
        if let Some(b) = repos[..i].iter().find(|b| b.outbox == a.outbox) {
            return Err(invalid(
                lines.repo_start(&a.name),
                format!(
                    "repos {} and {} share the outbox {}: give each its own (files are named by branch)",
                    b.name,
                    a.name,
                    a.outbox.display()
                ),
            ));
        }
    }
    Ok(Loaded {
        path: path.to_path_buf(),
        repos,
        state_dir,
        webhook_secret_env: raw.webhook_secret_env,
        max_concurrent: raw.max_concurrent,
        worker: raw.worker,
    })
}

/// Whether a source is a URL rather than a local path.
pub(crate) fn looks_like_url(source: &str) -> bool {
    ["file://", "git://", "http://", "https://", "ssh://"]
        .iter()
        .any(|p| source.starts_with(p))
}

/// A cron expression with seconds; five fields are classic cron, run at second 0.
pub(crate) fn parse_schedule(text: &str) -> Result<cron::Schedule, String> {
    let fields = text.split_whitespace().count();
    let full = if fields == 5 {
        format!("0 {text}")
    } else {
        text.to_string()
    };
    cron::Schedule::from_str(&full).map_err(|e| {
        format!("schedule \"{text}\" is not cron with seconds (sec min hour day month weekday), as in \"*/30 * * * * *\": {e}")
    })
}

/// Finds the line of a key in the file's text, for errors found after parsing.
struct KeyLines<'a> {
    text: &'a str,
}

impl KeyLines<'_> {
    /// The line (1-based) of the `name:` entry of repo `name`, or 1.
    fn repo_start(&self, name: &str) -> usize {
        self.text
            .lines()
            .position(|l| {
                let l = l.trim_start().trim_start_matches('-').trim();
                l.strip_prefix("name:")
                    .is_some_and(|v| v.trim().trim_matches(|c| c == '"' || c == '\'') == name)
            })
            .map_or(1, |i| i + 1)
    }

    /// The first line at or after `from` (1-based; 0 for the start) whose key is `key`.
    fn find(&self, from: usize, key: &str) -> usize {
        let skip = from.saturating_sub(1);
        self.text
            .lines()
            .enumerate()
            .skip(skip)
            .find(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with(key))
            .map_or(from.max(1), |(i, _)| i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT: &str = r#"
repos:
  - name: infra
    source: /srv/infra              # a local path, or a file://, git:// or https:// URL
    default_branch: main
    schedule: "*/2 * * * * *"       # cron with seconds
    site:
      dir: /var/www/infra           # publish here, atomically
    github:                         # optional; token from GITHUB_TOKEN, API from GITHUB_API_URL
      repo: owner/name
    branches: "feature/*"           # without github: branches reviewed against default_branch
    outbox: /var/lib/aetheredge/outbox
"#;

    #[test]
    fn the_contract_example_loads_as_written() {
        let c = parse(Path::new("/etc/aetheredge/bot.yaml"), CONTRACT).unwrap();
        let r = &c.repos[0];
        assert_eq!(r.name, "infra");
        assert_eq!(r.source, "/srv/infra");
        assert_eq!(r.site, Some(SiteTarget::Dir("/var/www/infra".into())));
        assert_eq!(r.github.as_ref().unwrap().0.to_string(), "owner/name");
        assert!(r.branches.as_ref().unwrap().is_match("feature/vpc"));
        assert!(!r.branches.as_ref().unwrap().is_match("main"));
        assert_eq!(r.outbox, Path::new("/var/lib/aetheredge/outbox"));
        assert_eq!(c.state_dir, Path::new(DEFAULT_STATE_DIR));
        assert_eq!(c.webhook_secret_env, DEFAULT_WEBHOOK_SECRET_ENV);
    }

    #[test]
    fn errors_name_the_file_and_the_line() {
        let bad = CONTRACT.replace("*/2 * * * * *", "every two seconds");
        let e = parse(Path::new("bot.yaml"), &bad).unwrap_err().to_string();
        assert!(e.starts_with("bot.yaml:6: schedule"), "{e}");
        let unknown = CONTRACT.replace("    branches:", "    brnches:");
        let e = parse(Path::new("bot.yaml"), &unknown)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("bot.yaml:11:"), "{e}");
        assert!(e.contains("brnches"), "{e}");
        let slug = CONTRACT.replace("owner/name", "owner");
        let e = parse(Path::new("bot.yaml"), &slug).unwrap_err().to_string();
        assert!(e.starts_with("bot.yaml:10:"), "{e}");
    }

    #[test]
    fn reviews_run_in_workers_with_the_configured_limits() {
        let c = parse(Path::new("bot.yaml"), CONTRACT).unwrap();
        assert!(c.repos[0].isolated);
        assert_eq!(c.worker, WorkerLimits::default());
        let text = format!("worker:\n  max_memory_mb: 512\n{CONTRACT}    isolated: false\n");
        let c = parse(Path::new("bot.yaml"), &text).unwrap();
        assert!(!c.repos[0].isolated);
        assert_eq!(c.worker.max_memory_mb, 512);
        assert_eq!(
            c.worker.timeout_seconds,
            WorkerLimits::default().timeout_seconds
        );
        let zero = format!("worker:\n  max_cpu_seconds: 0\n{CONTRACT}");
        let e = parse(Path::new("bot.yaml"), &zero).unwrap_err().to_string();
        assert_eq!(e, "bot.yaml:2: worker.max_cpu_seconds must be at least 1");
    }

    #[test]
    fn drift_keys_load_with_their_defaults_and_state_paths_resolved() {
        let c = parse(Path::new("/etc/aetheredge/bot.yaml"), CONTRACT).unwrap();
        assert!(c.repos[0].drift.is_none());
        let text = format!(
            "{CONTRACT}    drift:\n      schedule: \"0 30 * * * *\"\n      roots:\n        - path: envs/prod\n          state: states/prod.tfstate\n        - state: s3://bucket/key\n          workspace: blue\n      heal: pr\n"
        );
        let c = parse(Path::new("/etc/aetheredge/bot.yaml"), &text).unwrap();
        let drift = c.repos[0].drift.as_ref().unwrap();
        assert_eq!(drift.heal, Heal::Pr);
        let roots = drift.roots.as_ref().unwrap();
        assert_eq!(roots[0].root, "envs/prod");
        assert_eq!(roots[0].state, "/etc/aetheredge/states/prod.tfstate");
        assert_eq!(
            (roots[1].root.as_str(), roots[1].state.as_str()),
            (".", "s3://bucket/key")
        );
        assert_eq!(roots[1].workspace.as_deref(), Some("blue"));

        let defaults = format!("{CONTRACT}    drift: {{}}\n");
        let drift = parse(Path::new("bot.yaml"), &defaults).unwrap().repos[0]
            .drift
            .clone()
            .unwrap();
        assert_eq!(drift.heal, Heal::Off);
        assert!(drift.roots.is_none(), "the repo's own roots");

        let bad = format!("{CONTRACT}    drift:\n      heal: sometimes\n");
        let e = parse(Path::new("bot.yaml"), &bad).unwrap_err().to_string();
        assert!(
            e.starts_with("bot.yaml:14:") && e.contains("sometimes"),
            "{e}"
        );
        let bad = format!("{CONTRACT}    drift:\n      schedule: hourly\n");
        let e = parse(Path::new("bot.yaml"), &bad).unwrap_err().to_string();
        assert!(e.starts_with("bot.yaml:14: drift schedule"), "{e}");
    }

    #[test]
    fn five_field_cron_runs_at_second_zero() {
        let s = parse_schedule("*/5 * * * *").unwrap();
        let next = s.upcoming(chrono::Utc).next().unwrap();
        assert_eq!(chrono::Timelike::second(&next), 0);
        assert!(parse_schedule("nonsense").is_err());
    }
}

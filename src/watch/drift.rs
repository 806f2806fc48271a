//! Drift on a schedule: a repo whose `bot.yaml` entry has `drift:` has, on that schedule, the
//! code of its default branch compared with each root's recorded Terraform state
//! ([`crate::drift::drift_report`]). Each run
//!
//! - checks each state's lineage against the one the previous run saw (a state replaced by
//!   another is an error for its root, not a comparison),
//! - updates `/metrics` and the run's records under `state_dir/drift/NAME/` (the last run,
//!   its history, the lineages), from which the site's Drift page is built, and republishes
//!   the site,
//! - with `heal: issue` or `pr`, keeps one issue "Drift in NAME" up to date (or, without
//!   GitHub, the outbox's `drift-issue.md`): opened when drift or a root that cannot be
//!   compared appears, edited when that changes, closed when it is gone, reopened if it
//!   returns. The issue is found again by its label and the marker
//!   `<!-- aetheredge:drift digest=… -->`, whose digest says what drift it describes;
//! - with `heal: pr`, keeps one pull request from [`HEAL_BRANCH`] open while a healing commit
//!   is made for the drift ([`commit_healing`]), and closes it when none is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sha2::{Digest, Sha256};

use super::config::{DriftWatch, Heal};
use super::outbox::{self, OutboxError};
use super::Worker;
use crate::github::issue::{self, Item, Kind, Label, State};
use crate::github::{Client, GitHubError, RepoName};
use crate::site::drift::{DriftHistory, DriftInput, DriftRun, LastDrift, DRIFT_HISTORY_FILE};
use aetheredge_core::report::drift::DriftReport;
use aetheredge_render::drift::markdown;
use aetheredge_render::markdown::MAX_COMMENT_CHARS;

/// The branch the healing pull request comes from.
pub const HEAL_BRANCH: &str = "aetheredge/heal-drift";
/// The outbox files that stand for the issue and the pull request without GitHub.
pub const ISSUE_FILE: &str = "drift-issue.md";
pub const PULL_FILE: &str = "drift-pr.md";
/// The start of the marker the drift issue's (and pull request's) body carries.
const MARKER_PREFIX: &str = "<!-- aetheredge:drift digest=";
/// The label the drift issue is listed by.
const LABEL: Label<'static> = Label {
    name: "aetheredge-drift",
    color: "d93f0b",
    description: "The code and the recorded Terraform state disagree",
};

#[derive(Debug, thiserror::Error)]
pub(crate) enum DriftError {
    #[error(transparent)]
    Reconcile(#[from] super::ReconcileError),
    #[error("cannot read the default branch's code: {0}")]
    Tree(#[from] aetheredge_model::tree::TreeError),
    #[error(
        "no root to compare: list them under `drift.roots` in bot.yaml or in the repo's {config}"
    )]
    NoRoots { config: String },
    #[error(transparent)]
    GitHub(#[from] GitHubError),
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    #[error(transparent)]
    Heal(#[from] HealError),
    #[error(transparent)]
    Push(#[from] super::publish::PublishError),
    #[error(transparent)]
    Worker(#[from] crate::worker::WorkerError),
    /// The worker comparing the code with the states reached a limit.
    #[error("the drift comparison was stopped: {0}")]
    Stopped(String),
}

/// Why a healing commit could not be made.
#[derive(Debug, thiserror::Error)]
#[error("cannot make the healing commit on {branch}: {reason}")]
pub(crate) struct HealError {
    pub branch: String,
    pub reason: String,
}

/// The healing edit: makes, on [`HEAL_BRANCH`] of the repository at `repo` and on top of
/// `base_sha`, one commit that makes the code declare what the states of `roots` (the
/// repo's config's `drift.roots` when `None`) record, for the drift an edit can heal.
/// Returns whether such a commit was made (none when nothing can be healed by an edit).
pub(crate) fn commit_healing(
    repo: &Path,
    base_sha: &str,
    roots: Option<&[crate::drift::DriftTarget]>,
    isolation: Option<&crate::worker::Isolation>,
) -> Result<bool, HealError> {
    let error = |reason: String| HealError {
        branch: HEAL_BRANCH.to_string(),
        reason,
    };
    let outcome = match isolation {
        // An isolated repo's code is evaluated in a worker under its limits.
        Some(isolation) => {
            let request = crate::worker::DriftRequest {
                repo: repo.to_path_buf(),
                rev: base_sha.to_string(),
                targets: roots.map(<[_]>::to_vec),
            };
            match isolation.heal(&request, HEAL_BRANCH) {
                Ok(Ok(outcome)) => outcome,
                Ok(Err(stopped)) => return Err(error(stopped.explanation())),
                Err(e) => return Err(error(e.to_string())),
            }
        }
        None => {
            let (tree, targets) =
                crate::drift::code_and_targets(repo, base_sha, roots.map(<[_]>::to_vec))
                    .map_err(|e| error(e.to_string()))?;
            crate::heal::heal_to_branch(
                repo,
                &tree,
                &targets,
                &crate::drift::fetch_state,
                HEAL_BRANCH,
            )
            .map_err(|e| error(e.to_string()))?
        }
    };
    tracing::info!(
        repo = %repo.display(),
        base = base_sha,
        healed = outcome.healed.len(),
        not_healed = outcome.not_healed.len(),
        commit = outcome.commit.as_deref().unwrap_or("none"),
        "the healing commit"
    );
    Ok(outcome.commit.is_some())
}

/// What the watcher keeps of a repo's drift: `state_dir/drift/NAME/`.
pub(crate) struct Records {
    dir: PathBuf,
}

const LINEAGES_FILE: &str = "lineages.json";
const LAST_FILE: &str = "last.json";

impl Records {
    pub fn of(state_dir: &Path, name: &str) -> Records {
        Records {
            dir: state_dir.join("drift").join(name),
        }
    }

    fn read<T: serde::de::DeserializeOwned>(&self, file: &str) -> Option<T> {
        let path = self.dir.join(file);
        let bytes = std::fs::read(&path).ok()?;
        serde_json::from_slice(&bytes)
            .map_err(|e| tracing::warn!(path = %path.display(), error = %e, "cannot read this drift record: it is started again"))
            .ok()
    }

    fn write(&self, file: &str, text: &str) -> Result<(), OutboxError> {
        outbox::write(&self.dir, file, text).map(|_| ())
    }

    /// The site's view of the drift: the last run and the history.
    pub fn site_input(&self) -> DriftInput {
        DriftInput::Given {
            last: self.read(LAST_FILE),
            history: DriftHistory::read(&self.dir.join(DRIFT_HISTORY_FILE)),
        }
    }

    /// Records a run: the last one, and one more in the history.
    fn save_run(&self, last: &LastDrift) -> Result<(), OutboxError> {
        let mut history = DriftHistory::read(&self.dir.join(DRIFT_HISTORY_FILE));
        history.add(DriftRun::of(last));
        self.write(DRIFT_HISTORY_FILE, &history.to_json())?;
        let text = serde_json::to_string_pretty(last).unwrap_or_default() + "\n";
        self.write(LAST_FILE, &text)
    }
}

/// Turns each root whose state's lineage differs from the one recorded for it into an error
/// (a state replaced by another is not compared as if it were the same); records the lineage
/// of each root seen for the first time. The recorded lineage stays until removed from the
/// record, so a replaced state is reported on every run until someone accepts it.
pub(crate) fn check_lineages(
    report: &mut DriftReport,
    recorded: &mut BTreeMap<String, String>,
    record_file: &str,
) {
    for root in &mut report.roots {
        let (None, Some(lineage)) = (&root.error, &root.lineage) else {
            continue;
        };
        match recorded.get(&root.root) {
            None => {
                recorded.insert(root.root.clone(), lineage.clone());
            }
            Some(old) if old != lineage => {
                root.error = Some(format!(
                    "the state at {} was replaced: lineage {old} became {lineage} (to compare with the new state, remove root \"{}\" from {record_file} under the watcher's state_dir)",
                    root.state, root.root
                ));
                root.resources.clear();
                root.notes.clear();
            }
            Some(_) => {}
        }
    }
}

/// A digest of what the drift is (not of when or at which commit or serial it was seen): the
/// issue is edited only when this changes.
pub(crate) fn digest(report: &DriftReport) -> String {
    let roots: Vec<_> = report
        .roots
        .iter()
        .map(|r| {
            (
                &r.root,
                &r.state,
                &r.lineage,
                &r.resources,
                &r.notes,
                &r.error,
            )
        })
        .collect();
    let bytes = serde_json::to_vec(&roots).unwrap_or_default();
    hex::encode(&Sha256::digest(&bytes)[..12])
}

fn marker_digest(body: &str) -> Option<&str> {
    let start = body.find(MARKER_PREFIX)? + MARKER_PREFIX.len();
    let rest = &body[start..];
    Some(&rest[..rest.find(|c: char| !c.is_ascii_hexdigit())?])
}

/// Whether the issue is open: while there is drift, or a root that cannot be compared.
fn needs_issue(report: &DriftReport) -> bool {
    report.has_drift() || report.has_errors()
}

/// The issue's body: the drift report (or that there is none), a footer and the marker.
pub(crate) fn issue_body(report: &DriftReport) -> String {
    let mut body = if needs_issue(report) {
        markdown(report)
    } else {
        format!(
            "## Drift\n\nNo drift: the code at `{}` declares what every root's state records.\n",
            &report.rev[..report.rev.len().min(12)]
        )
    };
    let footer = format!(
        "\n---\n<sub>Checked commit `{}` with AetherEdge {}. The watcher keeps this issue up to date: it is edited when the drift changes and closed when it is gone.</sub>\n{MARKER_PREFIX}{} -->\n",
        report.rev,
        env!("CARGO_PKG_VERSION"),
        digest(report)
    );
    let room = MAX_COMMENT_CHARS.saturating_sub(footer.chars().count());
    if body.chars().count() > room {
        body = body.chars().take(room).collect();
    }
    body + &footer
}

fn pull_body(report: &DriftReport) -> String {
    format!(
        "Brings the code in line with what the Terraform state records, for the drift found at `{}` (see the issue labelled `{}`).\n{MARKER_PREFIX}{} -->\n",
        report.rev,
        LABEL.name,
        digest(report)
    )
}

/// What to do to the issue (or pull request), given the one there is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    Nothing,
    Create,
    Edit,
    Reopen,
    Close,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Nothing => "unchanged",
            Action::Create => "created",
            Action::Edit => "edited",
            Action::Reopen => "reopened",
            Action::Close => "closed",
        }
    }
}

/// The issue's action: `existing` is its state and the digest its body records.
pub(crate) fn action(
    existing: Option<(State, Option<&str>)>,
    wanted: bool,
    digest: &str,
) -> Action {
    match (existing, wanted) {
        (None, false) | (Some((State::Closed, _)), false) => Action::Nothing,
        (None, true) => Action::Create,
        (Some((State::Open, _)), false) => Action::Close,
        (Some((State::Closed, _)), true) => Action::Reopen,
        (Some((State::Open, recorded)), true) if recorded == Some(digest) => Action::Nothing,
        (Some((State::Open, _)), true) => Action::Edit,
    }
}

/// An outbox file standing for an issue or a pull request: a front matter (`title`,
/// `state`, and for a pull request `branch`), then the body.
fn outbox_item(title: &str, state: State, extra: &[(&str, &str)], body: &str) -> String {
    let mut text = format!("---\ntitle: {title}\nstate: {}\n", state.as_str());
    for (k, v) in extra {
        text.push_str(&format!("{k}: {v}\n"));
    }
    text + "---\n" + body
}

/// The state and body of an outbox item.
pub(crate) fn read_outbox_item(dir: &Path, file: &str) -> Option<(State, String)> {
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    let rest = text.strip_prefix("---\n")?;
    let (front, body) = rest.split_once("\n---\n")?;
    let state = front.lines().find_map(|l| l.strip_prefix("state: "))?;
    let state = if state.trim() == "open" {
        State::Open
    } else {
        State::Closed
    };
    Some((state, body.to_string()))
}

impl Worker {
    /// One drift run; errors are logged and counted here. Returns whether all went well.
    pub(super) fn drift(&self, handle: &tokio::runtime::Handle, watch: &DriftWatch) -> bool {
        let span = tracing::info_span!("drift", repo = %self.repo.name, heal = watch.heal.as_str());
        let _entered = span.enter();
        let started = Instant::now();
        let name = &self.repo.name;
        let report = match self.compare(watch) {
            Ok(report) => report,
            Err(e) => {
                tracing::error!(error = %e, "the drift run failed");
                self.metrics.error(name, "drift");
                self.metrics.drift(name, None, false);
                return false;
            }
        };
        let mut ok = !report.has_errors();
        for root in &report.roots {
            if let Some(error) = &root.error {
                tracing::error!(root = %root.root, %error, "drift: the root was not compared");
            }
        }
        let records = Records::of(&self.state_dir, name);
        let last = LastDrift {
            time: crate::site::drift::now(),
            report,
        };
        if let Err(e) = records.save_run(&last) {
            tracing::error!(error = %e, "the drift run was not recorded");
            ok = false;
        }
        let report = &last.report;
        if watch.heal != Heal::Off {
            if let Err(e) = self.heal(handle, watch, report) {
                tracing::error!(error = %e, "the drift issue or pull request was not brought up to date");
                self.metrics.error(name, "drift");
                ok = false;
            }
        }
        self.metrics.drift(name, Some(report), ok);
        if let Some(target) = &self.repo.site {
            match super::publish::publish(
                target,
                &self.source,
                &report.rev,
                &self.state_dir,
                name,
                records.site_input(),
            ) {
                Ok(pages) => {
                    self.metrics.published(name);
                    tracing::info!(pages, "published the site with this drift");
                }
                Err(e) => {
                    tracing::error!(error = %e, "the site was not published");
                    self.metrics.error(name, "site");
                    ok = false;
                }
            }
        }
        tracing::info!(
            elapsed = ?started.elapsed(),
            ok,
            drifted = report.roots.iter().map(|r| r.resources.len()).sum::<usize>(),
            "compared the code with the recorded state"
        );
        ok
    }

    /// The default branch's code compared with each root's state, lineages checked.
    fn compare(&self, watch: &DriftWatch) -> Result<DriftReport, DriftError> {
        let sha = self.default_branch_sha()?;
        // An isolated repo's code is evaluated in a worker under its limits, as its reviews are.
        let mut report = match &self.isolation {
            Some(isolation) => {
                let request = crate::worker::DriftRequest {
                    repo: self.source.path.clone(),
                    rev: sha.clone(),
                    targets: watch.roots.clone(),
                };
                match isolation.drift(&request)? {
                    Ok(report) => report,
                    Err(stopped) => return Err(DriftError::Stopped(stopped.explanation())),
                }
            }
            None => {
                let (tree, targets) =
                    crate::drift::code_and_targets(&self.source.path, &sha, watch.roots.clone())?;
                crate::drift::drift_report(&tree.model, &sha, &targets, &crate::drift::fetch_state)
            }
        };
        if report.roots.is_empty() {
            return Err(DriftError::NoRoots {
                config: crate::config::config_file(None),
            });
        }
        let records = Records::of(&self.state_dir, &self.repo.name);
        let mut lineages: BTreeMap<String, String> =
            records.read(LINEAGES_FILE).unwrap_or_default();
        let record_file = format!("drift/{}/{LINEAGES_FILE}", self.repo.name);
        check_lineages(&mut report, &mut lineages, &record_file);
        let text = serde_json::to_string_pretty(&lineages).unwrap_or_default() + "\n";
        records.write(LINEAGES_FILE, &text)?;
        Ok(report)
    }

    /// Brings the issue (and with `heal: pr` the pull request) up to date.
    fn heal(
        &self,
        handle: &tokio::runtime::Handle,
        watch: &DriftWatch,
        report: &DriftReport,
    ) -> Result<(), DriftError> {
        let heal = watch.heal;
        let healed = heal == Heal::Pr
            && report.has_drift()
            && commit_healing(
                &self.source.path,
                &report.rev,
                watch.roots.as_deref(),
                self.isolation.as_ref(),
            )?;
        if healed {
            if let Some(url) = &self.source.remote {
                super::publish::push_branch(&self.source.path, url, HEAL_BRANCH, true)?;
            }
        }
        match &self.repo.github {
            Some((repository, _)) => {
                let client = self.client(handle, repository)?;
                handle.block_on(self.github_issue(&client, repository, report))?;
                if heal == Heal::Pr {
                    handle.block_on(self.github_pull(&client, repository, report, healed))?;
                }
            }
            None => {
                self.outbox_issue(report)?;
                if heal == Heal::Pr {
                    self.outbox_pull(report, healed)?;
                }
            }
        }
        Ok(())
    }

    fn issue_title(&self) -> String {
        format!("Drift in {}", self.repo.name)
    }

    async fn github_issue(
        &self,
        client: &Client,
        repository: &RepoName,
        report: &DriftReport,
    ) -> Result<(), GitHubError> {
        let existing = issue::find_marked(client, repository, LABEL.name, MARKER_PREFIX).await?;
        let digest = digest(report);
        let wanted = needs_issue(report);
        let todo = action(
            existing.as_ref().map(|i| (i.state, marker_digest(&i.body))),
            wanted,
            &digest,
        );
        let body = issue_body(report);
        let number = existing.as_ref().map(|i| i.number);
        let done: Option<Item> = match (todo, number) {
            (Action::Nothing, _) => None,
            (Action::Create, _) => Some(
                issue::create(
                    client,
                    repository,
                    &self.issue_title(),
                    &body,
                    &LABEL,
                    MARKER_PREFIX,
                )
                .await?,
            ),
            (Action::Edit, Some(n)) => {
                Some(issue::edit(client, repository, Kind::Issue, n, Some(&body), None).await?)
            }
            (Action::Reopen, Some(n)) => Some(
                issue::edit(
                    client,
                    repository,
                    Kind::Issue,
                    n,
                    Some(&body),
                    Some(State::Open),
                )
                .await?,
            ),
            (Action::Close, Some(n)) => Some(
                issue::edit(
                    client,
                    repository,
                    Kind::Issue,
                    n,
                    Some(&body),
                    Some(State::Closed),
                )
                .await?,
            ),
            (_, None) => None,
        };
        tracing::info!(
            issue = done.as_ref().or(existing.as_ref()).map(|i| i.number),
            outcome = todo.as_str(),
            "the drift issue"
        );
        Ok(())
    }

    async fn github_pull(
        &self,
        client: &Client,
        repository: &RepoName,
        report: &DriftReport,
        healed: bool,
    ) -> Result<(), GitHubError> {
        let existing = issue::find_pull(client, repository, HEAL_BRANCH)
            .await?
            .filter(|p| p.state == State::Open);
        let body = pull_body(report);
        let outcome = match (existing, healed) {
            (None, false) => "none",
            (None, true) => {
                let title = format!("Heal the drift in {}", self.repo.name);
                issue::open_pull(
                    client,
                    repository,
                    &title,
                    HEAL_BRANCH,
                    &self.repo.default_branch,
                    &body,
                )
                .await?;
                "opened"
            }
            (Some(p), true) if p.body == body => "unchanged",
            (Some(p), true) => {
                issue::edit(client, repository, Kind::Pull, p.number, Some(&body), None).await?;
                "edited"
            }
            (Some(p), false) => {
                issue::edit(
                    client,
                    repository,
                    Kind::Pull,
                    p.number,
                    None,
                    Some(State::Closed),
                )
                .await?;
                "closed"
            }
        };
        tracing::info!(outcome, branch = HEAL_BRANCH, "the healing pull request");
        Ok(())
    }

    fn outbox_issue(&self, report: &DriftReport) -> Result<(), OutboxError> {
        let dir = &self.repo.outbox;
        let existing = read_outbox_item(dir, ISSUE_FILE);
        let digest = digest(report);
        let todo = action(
            existing
                .as_ref()
                .map(|(state, body)| (*state, marker_digest(body))),
            needs_issue(report),
            &digest,
        );
        let state = match todo {
            Action::Nothing => None,
            Action::Create | Action::Edit | Action::Reopen => Some(State::Open),
            Action::Close => Some(State::Closed),
        };
        if let Some(state) = state {
            let text = outbox_item(&self.issue_title(), state, &[], &issue_body(report));
            outbox::write(dir, ISSUE_FILE, &text)?;
        }
        tracing::info!(file = %dir.join(ISSUE_FILE).display(), outcome = todo.as_str(), "the drift issue");
        Ok(())
    }

    fn outbox_pull(&self, report: &DriftReport, healed: bool) -> Result<(), OutboxError> {
        let dir = &self.repo.outbox;
        let open = matches!(read_outbox_item(dir, PULL_FILE), Some((State::Open, _)));
        let state = match (open, healed) {
            (_, true) => Some(State::Open),
            (true, false) => Some(State::Closed),
            (false, false) => None,
        };
        if let Some(state) = state {
            let title = format!("Heal the drift in {}", self.repo.name);
            let text = outbox_item(
                &title,
                state,
                &[("branch", HEAL_BRANCH)],
                &pull_body(report),
            );
            outbox::write(dir, PULL_FILE, &text)?;
            tracing::info!(file = %dir.join(PULL_FILE).display(), state = state.as_str(), "the healing pull request");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aetheredge_core::report::drift::{DriftStatus, ResourceDrift, RootDrift};

    fn report(lineage: &str, drifted: usize) -> DriftReport {
        DriftReport {
            schema_version: 1,
            rev: "0123456789abcdef0123456789abcdef01234567".into(),
            roots: vec![RootDrift {
                root: ".".into(),
                state: "/srv/state/shop.tfstate".into(),
                serial: Some(3),
                lineage: Some(lineage.into()),
                resources: (0..drifted)
                    .map(|i| ResourceDrift {
                        address: format!("aws_instance.web{i}"),
                        status: DriftStatus::NotInCode,
                        attributes: vec![],
                        file: None,
                        line: None,
                    })
                    .collect(),
                ..RootDrift::default()
            }],
        }
    }

    #[test]
    fn a_replaced_state_is_an_error_until_its_lineage_is_accepted() {
        let mut recorded = BTreeMap::new();
        let mut first = report("aaaa", 1);
        check_lineages(&mut first, &mut recorded, "lineages.json");
        assert!(first.roots[0].error.is_none());
        let mut replaced = report("bbbb", 1);
        check_lineages(&mut replaced, &mut recorded, "lineages.json");
        let error = replaced.roots[0].error.as_deref().unwrap();
        assert!(
            error.starts_with(
                "the state at /srv/state/shop.tfstate was replaced: lineage aaaa became bbbb"
            ),
            "{error}"
        );
        assert!(replaced.roots[0].resources.is_empty());
        let mut again = report("bbbb", 1);
        check_lineages(&mut again, &mut recorded, "lineages.json");
        assert!(again.roots[0].error.is_some(), "until accepted");
        recorded.clear();
        let mut accepted = report("bbbb", 1);
        check_lineages(&mut accepted, &mut recorded, "lineages.json");
        assert!(accepted.roots[0].error.is_none());
    }

    #[test]
    fn the_issue_follows_the_drift() {
        let d = "abc";
        assert_eq!(action(None, false, d), Action::Nothing);
        assert_eq!(action(None, true, d), Action::Create);
        assert_eq!(
            action(Some((State::Open, Some(d))), true, d),
            Action::Nothing
        );
        assert_eq!(
            action(Some((State::Open, Some("x"))), true, d),
            Action::Edit
        );
        assert_eq!(action(Some((State::Open, None)), true, d), Action::Edit);
        assert_eq!(
            action(Some((State::Open, Some(d))), false, d),
            Action::Close
        );
        assert_eq!(
            action(Some((State::Closed, Some(d))), true, d),
            Action::Reopen
        );
        assert_eq!(
            action(Some((State::Closed, Some(d))), false, d),
            Action::Nothing
        );
    }

    #[test]
    fn the_digest_ignores_the_commit_and_the_serial_and_the_body_carries_it() {
        let a = report("aaaa", 2);
        let mut b = a.clone();
        b.rev = "f".repeat(40);
        b.roots[0].serial = Some(9);
        assert_eq!(digest(&a), digest(&b));
        assert_ne!(digest(&a), digest(&report("aaaa", 1)));
        let body = issue_body(&a);
        assert_eq!(marker_digest(&body), Some(digest(&a).as_str()));
        assert!(body.contains("aws_instance.web1"), "{body}");
        assert!(issue_body(&report("aaaa", 0)).contains("No drift"));
    }

    #[test]
    fn an_outbox_item_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let text = outbox_item(
            "Drift in shop",
            State::Closed,
            &[("branch", HEAL_BRANCH)],
            "body\n",
        );
        outbox::write(dir.path(), ISSUE_FILE, &text).unwrap();
        assert_eq!(
            read_outbox_item(dir.path(), ISSUE_FILE),
            Some((State::Closed, "body\n".to_string()))
        );
    }
}

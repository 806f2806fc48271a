//! The Drift page: each root's drift as of the last drift run (the code compared with the
//! recorded Terraform state, as `aetheredge drift` does), and the drift runs over time.
//!
//! Where the data comes from ([`DriftInput`]): the watcher runs drift on its own schedule
//! and hands the site its last run and its history, kept under its `state_dir`; a site built
//! alone compares the roots its `aetheredge.yaml` lists under `drift.roots` when the site is
//! built, and carries the history from one build to the next in the site's
//! `drift-history.json`, as it does `history.json`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use aetheredge_core::report::drift::{DriftReport, DriftStatus, ResourceDrift, RootDrift};

/// The file in the output (and in the watcher's records) that holds the drift history.
pub(crate) const DRIFT_HISTORY_FILE: &str = "drift-history.json";
/// The most runs a history keeps (the oldest go first): a year of hourly runs.
const MAX_RUNS: usize = 24 * 366;
/// The longest value shown in a cell; longer ones are cut with `…`.
const MAX_VALUE: usize = 120;

/// What the site knows of drift.
pub enum DriftInput {
    /// Compare the roots of the repo's `drift.roots` now (states read from local files).
    FromConfig,
    /// A drift run made elsewhere (the watcher's), and the history it keeps.
    Given {
        last: Option<LastDrift>,
        history: DriftHistory,
    },
    /// No drift on this site (the site of a pull request's head).
    Off,
}

/// A drift run: when it ended, and its report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastDrift {
    /// RFC 3339, UTC.
    pub time: String,
    pub report: DriftReport,
}

/// One run's counts per root.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftRun {
    /// When the run ended (RFC 3339, UTC).
    pub time: String,
    /// The commit whose code was compared.
    pub sha: String,
    pub roots: Vec<RunRoot>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRoot {
    pub root: String,
    pub drifted: usize,
    pub not_in_state: usize,
    pub not_in_code: usize,
    /// Why the root could not be compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Drift runs, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DriftHistory {
    pub runs: Vec<DriftRun>,
}

impl DriftRun {
    pub fn of(last: &LastDrift) -> DriftRun {
        DriftRun {
            time: last.time.clone(),
            sha: last.report.rev.clone(),
            roots: last
                .report
                .roots
                .iter()
                .map(|r| {
                    let count = |s| r.resources.iter().filter(|d| d.status == s).count();
                    RunRoot {
                        root: r.root.clone(),
                        drifted: count(DriftStatus::Drifted),
                        not_in_state: count(DriftStatus::NotInState),
                        not_in_code: count(DriftStatus::NotInCode),
                        error: r.error.clone(),
                    }
                })
                .collect(),
        }
    }
}

impl DriftHistory {
    /// Reads a history file; a missing one is an empty history, an unreadable one too (with
    /// a warning naming it).
    pub fn read(path: &Path) -> DriftHistory {
        let Ok(bytes) = std::fs::read(path) else {
            return DriftHistory::default();
        };
        serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), error = %e, "the drift history cannot be read: a new one starts");
            DriftHistory::default()
        })
    }

    /// Adds a run, dropping the oldest past the limit.
    pub fn add(&mut self, run: DriftRun) {
        self.runs.push(run);
        let excess = self.runs.len().saturating_sub(MAX_RUNS);
        self.runs.drain(..excess);
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// Now, as RFC 3339 UTC.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The Drift page's data.
#[derive(Default, Serialize)]
pub struct DriftPage {
    /// Set on the site of a pull request's head: drift is the default branch's.
    pub off: bool,
    /// Set when drift is checked elsewhere (by the watcher) and has not been yet.
    pub pending: bool,
    /// Whether any root is compared.
    pub configured: bool,
    /// When the last run ended.
    pub time: String,
    pub sha: String,
    pub short: String,
    pub roots: Vec<RootView>,
    /// One row per root of each run, newest run first.
    pub history: Vec<HistoryRow>,
}

#[derive(Serialize)]
pub struct RootView {
    pub root: String,
    pub state: String,
    pub serial: String,
    pub error: Option<String>,
    pub drifted: usize,
    pub not_in_state: usize,
    pub not_in_code: usize,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

/// One differing attribute, or a resource missing on one side.
#[derive(Serialize)]
pub struct Row {
    pub address: String,
    /// `drifted`, `not in state`, `not in code`.
    pub status: String,
    pub attribute: String,
    pub declared: String,
    pub recorded: String,
    /// `file:line` where the code declares it, or empty.
    pub location: String,
}

#[derive(Serialize)]
pub struct HistoryRow {
    pub time: String,
    pub sha: String,
    pub short: String,
    pub root: String,
    pub drifted: usize,
    pub not_in_state: usize,
    pub not_in_code: usize,
    pub error: bool,
}

impl DriftPage {
    pub fn new(last: Option<&LastDrift>, history: &DriftHistory) -> DriftPage {
        let history = history
            .runs
            .iter()
            .rev()
            .flat_map(|run| {
                run.roots.iter().map(|r| HistoryRow {
                    time: run.time.clone(),
                    sha: run.sha.clone(),
                    short: run.sha.chars().take(12).collect(),
                    root: r.root.clone(),
                    drifted: r.drifted,
                    not_in_state: r.not_in_state,
                    not_in_code: r.not_in_code,
                    error: r.error.is_some(),
                })
            })
            .collect();
        let Some(last) = last else {
            return DriftPage {
                pending: true,
                history,
                ..DriftPage::default()
            };
        };
        DriftPage {
            off: false,
            pending: false,
            configured: !last.report.roots.is_empty(),
            time: last.time.clone(),
            sha: last.report.rev.clone(),
            short: last.report.rev.chars().take(12).collect(),
            roots: last.report.roots.iter().map(root_view).collect(),
            history,
        }
    }
}

fn root_view(root: &RootDrift) -> RootView {
    let count = |s| root.resources.iter().filter(|d| d.status == s).count();
    RootView {
        root: root.root.clone(),
        state: root.state.clone(),
        serial: root.serial.map(|s| s.to_string()).unwrap_or_default(),
        error: root.error.clone(),
        drifted: count(DriftStatus::Drifted),
        not_in_state: count(DriftStatus::NotInState),
        not_in_code: count(DriftStatus::NotInCode),
        rows: root.resources.iter().flat_map(rows).collect(),
        notes: root.notes.clone(),
    }
}

fn rows(resource: &ResourceDrift) -> Vec<Row> {
    let location = match (&resource.file, resource.line) {
        (Some(file), Some(line)) => format!("{file}:{line}"),
        (Some(file), None) => file.clone(),
        _ => String::new(),
    };
    let row = |attribute: String, declared: String, recorded: String| Row {
        address: resource.address.clone(),
        status: resource.status.as_str().replace('_', " "),
        attribute,
        declared,
        recorded,
        location: location.clone(),
    };
    if resource.attributes.is_empty() {
        return vec![row(String::new(), String::new(), String::new())];
    }
    resource
        .attributes
        .iter()
        .map(|a| {
            let (declared, recorded) = if a.sensitive {
                ("(sensitive)".to_string(), "(sensitive)".to_string())
            } else {
                (value(a.declared.as_ref()), value(a.recorded.as_ref()))
            };
            row(a.path.clone(), declared, recorded)
        })
        .collect()
}

fn value(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => "(not set)".to_string(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > MAX_VALUE {
                let cut: String = text.chars().take(MAX_VALUE).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aetheredge_core::report::drift::AttributeDrift;

    #[test]
    fn sensitive_values_never_reach_the_page_and_long_ones_are_cut() {
        let resource = ResourceDrift {
            address: "aws_db_instance.orders".into(),
            status: DriftStatus::Drifted,
            attributes: vec![
                AttributeDrift {
                    path: "password".into(),
                    declared: None,
                    recorded: None,
                    sensitive: true,
                },
                AttributeDrift {
                    path: "identifier".into(),
                    declared: Some(serde_json::json!("x".repeat(200))),
                    recorded: None,
                    sensitive: false,
                },
            ],
            file: Some("main.tf".into()),
            line: Some(3),
        };
        let rows = rows(&resource);
        assert_eq!(rows[0].declared, "(sensitive)");
        assert_eq!(rows[0].recorded, "(sensitive)");
        assert!(rows[1].declared.ends_with('…'));
        assert_eq!(rows[1].declared.chars().count(), MAX_VALUE + 1);
        assert_eq!(rows[1].recorded, "(not set)");
        assert_eq!(rows[1].location, "main.tf:3");
    }

    #[test]
    fn a_history_keeps_its_latest_runs() {
        let mut h = DriftHistory::default();
        for i in 0..MAX_RUNS + 3 {
            h.add(DriftRun {
                time: i.to_string(),
                sha: String::new(),
                roots: vec![],
            });
        }
        assert_eq!(h.runs.len(), MAX_RUNS);
        assert_eq!(h.runs[0].time, "3");
    }
}

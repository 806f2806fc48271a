//! The GitHub Action's side of a run, from the environment GitHub Actions sets: the event
//! (`GITHUB_EVENT_PATH`: a pull request's number and base and head shas, or a push's before
//! and after), the step summary (`GITHUB_STEP_SUMMARY`) and the step outputs (`GITHUB_OUTPUT`).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::GitHubError;
use aetheredge_core::report::{Report, Severity};
use aetheredge_model::repo::ZERO_SHA;

/// What the triggering event asks to review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// `pull_request`, `pull_request_target`, `push`…
    pub name: String,
    pub pr: Option<u64>,
    /// None for a push that created its branch (a full scan of head).
    pub base: Option<String>,
    pub head: String,
}

/// Reads the event file GitHub Actions wrote for this run.
pub fn read_event(name: &str, path: &Path) -> Result<Event, GitHubError> {
    let err = |reason: String| GitHubError::Event {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read it: {e}")))?;
    let event: Value = serde_json::from_str(&text).map_err(|e| err(format!("not JSON: {e}")))?;
    let sha = |v: &Value, what: &str| {
        v.as_str()
            .filter(|s| s.len() >= 7 && s.chars().all(|c| c.is_ascii_hexdigit()))
            .map(str::to_string)
            .ok_or_else(|| err(format!("{what} is missing or not a commit sha")))
    };
    if let Some(pr) = event.get("pull_request").filter(|p| p.is_object()) {
        let number = event["number"]
            .as_u64()
            .or_else(|| pr["number"].as_u64())
            .ok_or_else(|| err("the pull request has no number".into()))?;
        return Ok(Event {
            name: name.to_string(),
            pr: Some(number),
            base: Some(sha(&pr["base"]["sha"], "pull_request.base.sha")?),
            head: sha(&pr["head"]["sha"], "pull_request.head.sha")?,
        });
    }
    if event.get("after").is_some() {
        let before = event["before"].as_str().filter(|b| *b != ZERO_SHA);
        return Ok(Event {
            name: name.to_string(),
            pr: None,
            base: match before {
                Some(_) => Some(sha(&event["before"], "before")?),
                None => None,
            },
            head: sha(&event["after"], "after")?,
        });
    }
    Err(err(format!(
        "a {name} event names no pull request and no push: run the action on pull_request or push"
    )))
}

/// The step outputs: counts of new findings, the cost, whether the review fails (and, empty,
/// the limit at which it would have been stopped).
pub fn outputs(report: &Report, comment_url: Option<&str>) -> Vec<(String, String)> {
    let new = &report.counts.introduced;
    let mut out = vec![
        ("findings".to_string(), new.total().to_string()),
        ("fixed".to_string(), report.counts.fixed.total().to_string()),
    ];
    for s in Severity::ALL {
        out.push((format!("findings-{}", s.as_str()), new.get(s).to_string()));
    }
    let p = &report.plan.summary;
    out.push(("plan-create".into(), p.create.to_string()));
    out.push(("plan-update".into(), p.update.to_string()));
    out.push(("plan-replace".into(), p.replace.to_string()));
    out.push(("plan-delete".into(), p.delete.to_string()));
    let c = &report.cost;
    out.push(("cost-currency".into(), c.currency.to_string()));
    out.push(("cost-base-monthly".into(), format!("{:.2}", c.base_monthly)));
    out.push(("cost-head-monthly".into(), format!("{:.2}", c.head_monthly)));
    out.push(("cost-diff-monthly".into(), format!("{:.2}", c.diff_monthly)));
    out.push((
        "cost-diff-percent".into(),
        c.diff_percent
            .map(|p| format!("{p:.1}"))
            .unwrap_or_default(),
    ));
    out.push(("failed".into(), report.fails().to_string()));
    out.push(("head-sha".into(), report.head.sha.clone()));
    out.push(("comment-url".into(), comment_url.unwrap_or_default().into()));
    // The limit a stopped review reached; this review finished.
    out.push(("stopped".into(), String::new()));
    out
}

/// Appends `name=value` lines to the `GITHUB_OUTPUT` file.
pub fn write_outputs(path: &Path, outputs: &[(String, String)]) -> Result<(), GitHubError> {
    let mut text = String::new();
    for (k, v) in outputs {
        // Values are numbers, shas and URLs: one line each, so the short form is safe.
        text.push_str(&format!("{k}={}\n", v.replace(['\n', '\r'], " ")));
    }
    append(path, &text)
}

/// Appends `text` to a file GitHub Actions reads after the step (summary, outputs).
pub fn append(path: &Path, text: &str) -> Result<(), GitHubError> {
    let err = |e: std::io::Error| GitHubError::Write {
        path: PathBuf::from(path),
        reason: e.to_string(),
    };
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(err)?;
    f.write_all(text.as_bytes()).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: &str) -> Result<Event, GitHubError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("event.json");
        std::fs::write(&path, json).unwrap();
        read_event("x", &path)
    }

    #[test]
    fn pushes_that_create_a_branch_are_full_scans() {
        let e = event(&format!(
            r#"{{"before":"{ZERO_SHA}","after":"1111111111111111111111111111111111111111"}}"#
        ))
        .unwrap();
        assert_eq!(e.base, None);
        assert_eq!(e.pr, None);
        let e = event(r#"{"before":"2222222","after":"1111111"}"#).unwrap();
        assert_eq!(e.base.as_deref(), Some("2222222"));
    }

    #[test]
    fn events_without_commits_are_refused_with_the_reason() {
        let e = event(r#"{"action":"created","comment":{}}"#).unwrap_err();
        assert!(e.to_string().contains("no pull request"), "{e}");
        let e = event(
            r#"{"pull_request":{"number":3,"base":{"sha":"nope"},"head":{"sha":"1111111"}}}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("pull_request.base.sha"), "{e}");
    }
}

//! The check on the head commit: a check run (possible with a GitHub App's token, or
//! `GITHUB_TOKEN` with `checks: write`) whose conclusion follows `--fail-on`, with a summary
//! and one line annotation per introduced finding, sent 50 at a time as GitHub requires
//! (the first batch with the create, the rest by updates, which GitHub appends).
//! Where the token may not create check runs (403, 404), a commit status says the same.

use http::Method;
use serde_json::{json, Value};

use super::client::Client;
use super::{GitHubError, RepoName};
use crate::worker::WorkerStopped;
use aetheredge_core::report::{Report, Severity, Status};

/// The check run's name and the commit status's context.
pub const NAME: &str = "AetherEdge";

/// GitHub accepts at most this many annotations per request.
pub(crate) const ANNOTATIONS_PER_REQUEST: usize = 50;

/// What was reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    CheckRun {
        id: u64,
        conclusion: &'static str,
        annotations: usize,
    },
    CommitStatus {
        state: &'static str,
    },
}

/// `failure` when the review fails `--fail-on`, else `success`.
pub fn conclusion(report: &Report) -> &'static str {
    if report.fails() {
        "failure"
    } else {
        "success"
    }
}

/// The check's title and summary: counts, the cost change, and the verdict.
pub fn summary(report: &Report, site_url: Option<&str>) -> (String, String) {
    let new = &report.counts.introduced;
    let title = if new.total() == 0 {
        "No new findings".to_string()
    } else {
        let parts: Vec<String> = Severity::ALL
            .iter()
            .filter(|s| new.get(**s) > 0)
            .map(|s| format!("{} {}", new.get(*s), s.as_str()))
            .collect();
        format!("{} new finding(s): {}", new.total(), parts.join(", "))
    };
    let p = &report.plan.summary;
    let mut text = format!(
        "Commit `{}`. Plan: {} to create, {} to update, {} to replace, {} to delete.\n\n",
        report.head.sha, p.create, p.update, p.replace, p.delete
    );
    if report.cost.estimated {
        text.push_str(&format!(
            "Monthly cost: {} → {} ({}).\n\n",
            aetheredge_core::report::money::money(report.cost.base_monthly),
            aetheredge_core::report::money::money(report.cost.head_monthly),
            aetheredge_core::report::money::money(report.cost.diff_monthly)
        ));
    }
    text.push_str(&match report.fail_on {
        Some(t) if report.fails() => format!("Fails: a new finding is at or above {}.", t.as_str()),
        Some(t) => format!("Passes: no new finding at or above {}.", t.as_str()),
        None => "Advisory: nothing fails this review.".to_string(),
    });
    if let Some(url) = site_url {
        text.push_str(&format!("\n\nDocs and inventory: {url}"));
    }
    (title, text)
}

/// The annotations of the introduced findings that have a file and line.
pub fn annotations(report: &Report) -> Vec<Value> {
    report
        .findings
        .iter()
        .filter(|f| f.status == Status::Introduced)
        .filter_map(|f| {
            let path = f.file.as_ref()?;
            let line = f.line?;
            let level = match f.severity {
                Severity::Critical | Severity::High => "failure",
                Severity::Medium => "warning",
                Severity::Low | Severity::Info => "notice",
            };
            let message = match &f.resource {
                Some(r) => format!("{r}: {}", f.message),
                None => f.message.clone(),
            };
            Some(json!({
                "path": path,
                "start_line": line,
                "end_line": line,
                "annotation_level": level,
                "title": format!("{} ({})", f.title, f.rule_id),
                "message": message,
            }))
        })
        .collect()
}

/// Reports the review on its head commit.
pub async fn publish(
    client: &Client,
    repository: &RepoName,
    report: &Report,
    site_url: Option<&str>,
) -> Result<Outcome, GitHubError> {
    let (title, text) = summary(report, site_url);
    let run = Run {
        head_sha: &report.head.sha,
        conclusion: conclusion(report),
        title,
        text,
        annotations: annotations(report),
    };
    send(client, repository, &run, site_url).await
}

/// Reports on `head_sha` that its review was stopped at a limit: a failure that says which
/// limit and how to raise it.
pub(crate) async fn publish_stopped(
    client: &Client,
    repository: &RepoName,
    stopped: &WorkerStopped,
    head_sha: &str,
) -> Result<Outcome, GitHubError> {
    let run = Run {
        head_sha,
        conclusion: "failure",
        title: stopped.title(),
        text: stopped.explanation(),
        annotations: Vec::new(),
    };
    send(client, repository, &run, None).await
}

/// What a check run says.
struct Run<'a> {
    head_sha: &'a str,
    conclusion: &'static str,
    title: String,
    text: String,
    annotations: Vec<Value>,
}

/// Creates the check run (or, where the token may not, sets the commit status).
async fn send(
    client: &Client,
    repository: &RepoName,
    run: &Run<'_>,
    site_url: Option<&str>,
) -> Result<Outcome, GitHubError> {
    let Run {
        head_sha,
        conclusion,
        title,
        text,
        annotations: notes,
    } = run;
    let (head_sha, conclusion) = (*head_sha, *conclusion);
    let mut batches = notes.chunks(ANNOTATIONS_PER_REQUEST);
    let first: Vec<Value> = batches.next().map(<[Value]>::to_vec).unwrap_or_default();
    let create = json!({
        "name": NAME,
        "head_sha": head_sha,
        "status": "completed",
        "conclusion": conclusion,
        "output": { "title": title, "summary": text, "annotations": first },
    });
    let path = format!("/repos/{repository}/check-runs");
    let id = match client.request(Method::POST, &path, Some(&create)).await {
        Ok(reply) => reply.body["id"].as_u64().ok_or(GitHubError::Unexpected {
            path: path.clone(),
            expected: "a check run with an id",
        })?,
        Err(GitHubError::Status {
            status: 403 | 404, ..
        }) => {
            tracing::info!("the token may not create check runs: setting a commit status instead");
            return commit_status(client, repository, run, site_url).await;
        }
        Err(GitHubError::Uncertain { reason, .. }) => {
            // Look for the run the post may have made; make it again only if it is not there.
            tracing::warn!(%reason, "the check run may have been created: looking for it");
            match find_run(client, repository, head_sha).await? {
                Some(id) => id,
                None => client
                    .request(Method::POST, &path, Some(&create))
                    .await?
                    .body["id"]
                    .as_u64()
                    .ok_or(GitHubError::Unexpected {
                        path: path.clone(),
                        expected: "a check run with an id",
                    })?,
            }
        }
        Err(e) => return Err(e),
    };
    for batch in batches {
        client
            .request(
                Method::PATCH,
                &format!("/repos/{repository}/check-runs/{id}"),
                Some(&json!({
                    "output": { "title": title, "summary": text, "annotations": batch },
                })),
            )
            .await?;
    }
    tracing::info!(
        id,
        conclusion,
        annotations = notes.len(),
        "reported the check run"
    );
    Ok(Outcome::CheckRun {
        id,
        conclusion,
        annotations: notes.len(),
    })
}

async fn find_run(
    client: &Client,
    repository: &RepoName,
    sha: &str,
) -> Result<Option<u64>, GitHubError> {
    let reply = client
        .request(
            Method::GET,
            &format!("/repos/{repository}/commits/{sha}/check-runs?check_name={NAME}"),
            None,
        )
        .await?;
    Ok(reply.body["check_runs"]
        .as_array()
        .and_then(|runs| runs.first())
        .and_then(|r| r["id"].as_u64()))
}

async fn commit_status(
    client: &Client,
    repository: &RepoName,
    run: &Run<'_>,
    site_url: Option<&str>,
) -> Result<Outcome, GitHubError> {
    let state = run.conclusion;
    // GitHub cuts descriptions at 140 characters.
    let description: String = run.title.chars().take(140).collect();
    let mut body = json!({ "state": state, "description": description, "context": NAME });
    if let Some(url) = site_url {
        body["target_url"] = json!(url);
    }
    client
        .request(
            Method::POST,
            &format!("/repos/{repository}/statuses/{}", run.head_sha),
            Some(&body),
        )
        .await?;
    tracing::info!(state, "set the commit status");
    Ok(Outcome::CommitStatus { state })
}

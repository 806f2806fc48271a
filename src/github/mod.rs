//! The GitHub integration: the sticky pull-request comment ([`comment`]), the check run or
//! commit status ([`check`]), the GitHub Action's environment ([`action`]), and GitHub App
//! authentication ([`app`]). Every request goes through [`client::Client`]; the handlers
//! take a client and plain data, so tests drive them against a local stand-in for the API.
//!
//! Tokens and keys are never logged, put in an error, or written to a comment.

pub mod action;
pub mod app;
pub mod check;
pub mod client;
pub mod comment;
pub mod issue;

use std::path::PathBuf;

pub use client::{Auth, Client, Policy};
pub use comment::CommentBehavior;

use crate::worker::WorkerStopped;
use aetheredge_core::report::Report;

/// What can go wrong talking to GitHub. Each names the request or the input at fault.
#[derive(Debug, thiserror::Error)]
pub enum GitHubError {
    #[error("--github expects OWNER/NAME, got \"{given}\"")]
    BadRepository { given: String },
    #[error("GITHUB_API_URL \"{url}\" is not a URL")]
    BadApiUrl { url: String },
    #[error(
        "no GitHub credentials: set GITHUB_TOKEN, or GITHUB_APP_ID with GITHUB_APP_PRIVATE_KEY"
    )]
    NoCredentials,
    #[error("{name} must be {expected}")]
    BadEnv {
        name: &'static str,
        expected: &'static str,
    },
    #[error("cannot read the App's private key file {path}: {reason}")]
    KeyFile { path: String, reason: String },
    #[error("the private key of GitHub App {app_id} is not an RSA key in PEM form")]
    BadPrivateKey { app_id: u64 },
    #[error("the GitHub App is not installed on {repository}, or its installation could not be read: set GITHUB_APP_INSTALLATION_ID")]
    NoInstallation { repository: String },
    #[error("could not get an installation token for the GitHub App: {reason}")]
    AppToken { reason: String },
    #[error("could not set up the GitHub client: {reason}")]
    Client { reason: String },
    #[error("GitHub answered {method} {path} with HTTP {status}: {message}")]
    Status {
        method: String,
        path: String,
        status: u16,
        message: String,
    },
    #[error(
        "{method} {path}: GitHub's rate limit asks to wait {wait_secs} s, longer than allowed"
    )]
    RateLimited {
        method: String,
        path: String,
        wait_secs: u64,
    },
    #[error("{method} {path} failed {attempts} times, the last with: {reason}")]
    Unavailable {
        method: String,
        path: String,
        attempts: u32,
        reason: String,
    },
    #[error("{method} {path} may or may not have been carried out ({reason})")]
    Uncertain {
        method: String,
        path: String,
        reason: String,
    },
    #[error("GitHub's answer to {path} is not {expected}")]
    Unexpected {
        path: String,
        expected: &'static str,
    },
    #[error("GitHub GraphQL: {message}")]
    GraphQl { message: String },
    #[error("{path}: {reason}")]
    Event { path: PathBuf, reason: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// A repository on GitHub, `OWNER/NAME`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoName {
    pub owner: String,
    pub name: String,
}

impl std::str::FromStr for RepoName {
    type Err = GitHubError;
    fn from_str(s: &str) -> Result<RepoName, GitHubError> {
        let bad = || GitHubError::BadRepository { given: s.into() };
        let (owner, name) = s.trim().split_once('/').ok_or_else(bad)?;
        let ok = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if !ok(owner) || !ok(name) {
            return Err(bad());
        }
        Ok(RepoName {
            owner: owner.into(),
            name: name.into(),
        })
    }
}

impl std::fmt::Display for RepoName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// What to publish, and where.
#[derive(Clone, Debug)]
pub struct Publish {
    pub repository: RepoName,
    /// The pull request to comment on; none for a push (check only).
    pub pr: Option<u64>,
    pub behavior: CommentBehavior,
    /// Also report a check run (or a commit status) on the head commit.
    pub check: bool,
    /// The generated site, linked from the comment and the check.
    pub site_url: Option<String>,
    /// The local repository, to order commits without asking the API.
    pub local_repo: Option<PathBuf>,
}

/// What publishing did.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    pub comment: Option<comment::Outcome>,
    pub check: Option<check::Outcome>,
}

/// Credentials from the environment: an App (`GITHUB_APP_ID`…) first, else `GITHUB_TOKEN`.
pub(crate) fn auth_from_env() -> Result<Auth, GitHubError> {
    if let Some(app) = app::AppCredentials::from_env()? {
        return Ok(Auth::App(app));
    }
    match std::env::var("GITHUB_TOKEN") {
        Ok(t) if !t.trim().is_empty() => Ok(Auth::Token(t.trim().to_string())),
        _ => Err(GitHubError::NoCredentials),
    }
}

/// `GITHUB_API_URL`, or `https://api.github.com`.
pub(crate) fn api_url_from_env() -> String {
    std::env::var("GITHUB_API_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| client::DEFAULT_API_URL.to_string())
}

/// Publishes a report from synchronous code: credentials and API from the environment.
pub fn publish_blocking(report: &Report, target: &Publish) -> Result<Published, GitHubError> {
    let (runtime, client) = blocking_client(target)?;
    runtime.block_on(publish(&client, report, target))
}

/// Says from synchronous code that the review of `head` was stopped at a limit.
pub fn publish_stopped_blocking(
    stopped: &WorkerStopped,
    head: &str,
    target: &Publish,
) -> Result<Published, GitHubError> {
    let (runtime, client) = blocking_client(target)?;
    runtime.block_on(publish_stopped(&client, stopped, head, target))
}

/// A runtime for one thread and a client made on it: credentials and API from the environment.
fn blocking_client(target: &Publish) -> Result<(tokio::runtime::Runtime, Client), GitHubError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| GitHubError::Client {
            reason: e.to_string(),
        })?;
    let client = runtime.block_on(async {
        let auth = auth_from_env()?;
        let repository = target.repository.to_string();
        Client::new(
            &api_url_from_env(),
            auth,
            Policy::from_env(),
            Some(&repository),
        )
        .await
    })?;
    Ok((runtime, client))
}

/// Posts or updates the comment (when there is a pull request) and the check.
pub async fn publish(
    client: &Client,
    report: &Report,
    target: &Publish,
) -> Result<Published, GitHubError> {
    let comment = match target.pr {
        Some(pr) => {
            let body = comment::compose(report, target.site_url.as_deref());
            let order = comment::LocalThenApi {
                local: target.local_repo.clone(),
            };
            Some(
                comment::upsert(
                    client,
                    &target.repository,
                    pr,
                    &comment::Desired {
                        head: &report.head.sha,
                        body: &body,
                        post_new: comment::posts_new(report),
                    },
                    target.behavior,
                    &order,
                )
                .await?,
            )
        }
        None => None,
    };
    let check = if target.check {
        Some(
            check::publish(
                client,
                &target.repository,
                report,
                target.site_url.as_deref(),
            )
            .await?,
        )
    } else {
        None
    };
    Ok(Published { comment, check })
}

/// Posts or updates the comment (when there is a pull request) and the check of a review
/// whose worker was stopped at a limit: both say which limit, and how to raise it.
pub(crate) async fn publish_stopped(
    client: &Client,
    stopped: &WorkerStopped,
    head: &str,
    target: &Publish,
) -> Result<Published, GitHubError> {
    let comment = match target.pr {
        Some(pr) => {
            let body = comment::compose_stopped(stopped, head);
            let order = comment::LocalThenApi {
                local: target.local_repo.clone(),
            };
            let desired = comment::Desired {
                head,
                body: &body,
                post_new: true,
            };
            Some(
                comment::upsert(
                    client,
                    &target.repository,
                    pr,
                    &desired,
                    target.behavior,
                    &order,
                )
                .await?,
            )
        }
        None => None,
    };
    let check = if target.check {
        Some(check::publish_stopped(client, &target.repository, stopped, head).await?)
    } else {
        None
    };
    Ok(Published { comment, check })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_are_owner_slash_name() {
        let r: RepoName = "octo-org/infra.live".parse().unwrap();
        assert_eq!(r.to_string(), "octo-org/infra.live");
        for bad in ["octo", "/x", "a/", "a/b/c", "a b/c"] {
            assert!(bad.parse::<RepoName>().is_err(), "{bad}");
        }
    }
}

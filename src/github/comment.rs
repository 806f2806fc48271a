//! The sticky pull-request comment. Its body is the Markdown report, which carries the
//! hidden marker `<!-- aetheredge:review head=SHA -->`; this module finds the tool's earlier
//! comments by that marker across every page of the pull request's comments, and then
//! updates, replaces, hides or deletes them as `--comment-behavior` says, writing nothing
//! when the body is byte-identical and never overwriting a comment about a newer commit.
//!
//! A `POST` that fails without a clear answer (a timeout, a 502) may still have created the
//! comment: before posting again the comments are listed again and the marker looked for.

use std::path::PathBuf;

use http::Method;
use serde_json::{json, Value};

use super::client::Client;
use super::{GitHubError, RepoName};
use crate::worker::WorkerStopped;
use aetheredge_core::config::NoInfrastructureComment;
use aetheredge_core::report::Report;
use aetheredge_render::markdown::{self, MAX_COMMENT_CHARS};

/// The start of the marker every comment of this tool carries.
pub(crate) const MARKER_PREFIX: &str = "<!-- aetheredge:review head=";

/// What to do with earlier comments, as users of cost bots (Infracost) know the choices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CommentBehavior {
    /// Keep one comment and edit it in place.
    #[default]
    Update,
    /// Post a new comment each time the content changes; keep the old ones.
    New,
    /// Post a new comment and hide (minimize as outdated) the earlier ones.
    HideAndNew,
    /// Post a new comment and delete the earlier ones.
    DeleteAndNew,
}

impl CommentBehavior {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentBehavior::Update => "update",
            CommentBehavior::New => "new",
            CommentBehavior::HideAndNew => "hide-and-new",
            CommentBehavior::DeleteAndNew => "delete-and-new",
        }
    }
}

impl std::str::FromStr for CommentBehavior {
    type Err = String;
    fn from_str(s: &str) -> Result<CommentBehavior, String> {
        <CommentBehavior as clap::ValueEnum>::from_str(s.trim(), true).map_err(|_| {
            format!(
                "unknown comment behavior \"{s}\": expected update, new, hide-and-new or delete-and-new"
            )
        })
    }
}

/// What happened to the comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created {
        id: u64,
        url: String,
    },
    Updated {
        id: u64,
        url: String,
    },
    /// The comment already says exactly this: nothing was sent.
    Unchanged {
        id: u64,
        url: String,
    },
    /// A comment about a newer commit exists: it was left alone.
    Newer {
        id: u64,
        head: String,
    },
    /// The repo asks for no comment on this change, and there was none to bring up to date.
    NotPosted,
}

impl Outcome {
    pub fn url(&self) -> Option<&str> {
        match self {
            Outcome::Created { url, .. }
            | Outcome::Updated { url, .. }
            | Outcome::Unchanged { url, .. } => Some(url),
            Outcome::Newer { .. } | Outcome::NotPosted => None,
        }
    }
}

/// The comment's body: the report, then a line naming the commit and linking to the site.
/// A change that touches no infrastructure file gets one line, without the footer.
pub fn compose(report: &Report, site_url: Option<&str>) -> String {
    let site_url = site_url.map(str::trim).filter(|u| is_http_url(u));
    let mut body = markdown::render_linked(report, markdown::Links { site_url });
    if markdown::is_quiet(report) {
        return body;
    }
    let mut footer = format!(
        "\n---\n<sub>Reviewed commit `{}` with AetherEdge {}.",
        report.head.sha, report.tool.version
    );
    if let Some(url) = site_url {
        footer.push_str(&format!(" [Browse the docs and inventory]({url})."));
    }
    footer.push_str("</sub>\n");
    let room = MAX_COMMENT_CHARS.saturating_sub(footer.chars().count());
    if body.chars().count() > room {
        body = body.chars().take(room).collect();
    }
    body.push_str(&footer);
    body
}

/// The comment of a review whose worker was stopped at a limit: what happened and how to
/// raise the limit, with the marker naming `head`, so that the same commit is not reviewed
/// again on every tick.
pub fn compose_stopped(stopped: &WorkerStopped, head: &str) -> String {
    format!(
        "**AetherEdge** · ⛔ {title}\n<!-- aetheredge:review head={head} -->\n\n{text}\n---\n<sub>Stopped reviewing commit `{head}` with AetherEdge {version}.</sub>\n",
        title = stopped.title(),
        text = stopped.explanation(),
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Whether a new comment is posted for this report: not when the change touches no
/// infrastructure file and the repo's `comment.no_infrastructure_change` is `none` (an
/// earlier comment is still brought up to date, so it does not keep stale findings).
pub(crate) fn posts_new(report: &Report) -> bool {
    !(markdown::is_quiet(report)
        && report.comment.no_infrastructure_change == NoInfrastructureComment::None)
}

fn is_http_url(u: &str) -> bool {
    (u.starts_with("https://") || u.starts_with("http://"))
        && !u.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"'))
}

/// The head sha recorded by a comment's marker, if the comment is this tool's.
pub fn marker_head(body: &str) -> Option<&str> {
    let start = body.find(MARKER_PREFIX)? + MARKER_PREFIX.len();
    let rest = &body[start..];
    let end = rest.find(|c: char| c.is_whitespace() || c == '-')?;
    let sha = &rest[..end];
    (!sha.is_empty() && sha.chars().all(|c| c.is_ascii_hexdigit())).then_some(sha)
}

/// An earlier comment of this tool.
#[derive(Clone, Debug)]
pub struct Existing {
    pub id: u64,
    pub node_id: String,
    pub url: String,
    pub body: String,
    pub head: String,
    pub minimized: bool,
}

/// Whether one commit descends from another.
#[allow(async_fn_in_trait)]
pub trait CommitOrder {
    /// `Some(true)` when `newer` descends from `older` (and differs), `Some(false)` when not,
    /// `None` when it cannot be told.
    async fn is_newer(
        &self,
        client: &Client,
        repository: &RepoName,
        newer: &str,
        older: &str,
    ) -> Option<bool>;
}

/// Orders commits with the local repository when it has both, else with GitHub's compare API.
pub struct LocalThenApi {
    pub local: Option<PathBuf>,
}

impl CommitOrder for LocalThenApi {
    async fn is_newer(
        &self,
        client: &Client,
        repository: &RepoName,
        newer: &str,
        older: &str,
    ) -> Option<bool> {
        if let Some(answer) = self
            .local
            .as_deref()
            .and_then(|p| local_is_newer(p, newer, older))
        {
            return Some(answer);
        }
        let path = format!("/repos/{repository}/compare/{older}...{newer}");
        match client.request(Method::GET, &path, None).await {
            // "ahead": `newer` has commits `older` lacks and none the other way round.
            Ok(reply) => Some(reply.body["status"].as_str() == Some("ahead")),
            Err(e) => {
                tracing::info!(error = %e, "could not order the commits");
                None
            }
        }
    }
}

fn local_is_newer(repo: &std::path::Path, newer: &str, older: &str) -> Option<bool> {
    let repo = git2::Repository::discover(repo).ok()?;
    let newer = repo
        .find_commit(git2::Oid::from_str(newer).ok()?)
        .ok()?
        .id();
    let older = repo
        .find_commit(git2::Oid::from_str(older).ok()?)
        .ok()?
        .id();
    repo.graph_descendant_of(newer, older).ok()
}

/// This tool's comments on pull request `pr`, oldest first, from every page.
pub(crate) async fn find_own(
    client: &Client,
    repository: &RepoName,
    pr: u64,
) -> Result<Vec<Existing>, GitHubError> {
    let path = format!("/repos/{repository}/issues/{pr}/comments");
    let all = client.list_all(&path).await?;
    Ok(all
        .iter()
        .filter_map(|c| {
            let body = c["body"].as_str()?;
            let head = marker_head(body)?;
            Some(Existing {
                id: c["id"].as_u64()?,
                node_id: c["node_id"].as_str().unwrap_or_default().to_string(),
                url: c["html_url"].as_str().unwrap_or_default().to_string(),
                body: body.to_string(),
                head: head.to_string(),
                minimized: false,
            })
        })
        .collect())
}

/// What [`upsert`] writes: the body, which describes `head`, and whether a new comment may
/// be posted (when not, an earlier comment is edited in place and nothing else is done).
pub struct Desired<'a> {
    pub head: &'a str,
    pub body: &'a str,
    pub post_new: bool,
}

/// Brings the pull request's comment up to date with `desired`.
pub async fn upsert(
    client: &Client,
    repository: &RepoName,
    pr: u64,
    desired: &Desired<'_>,
    behavior: CommentBehavior,
    order: &impl CommitOrder,
) -> Result<Outcome, GitHubError> {
    let Desired {
        head,
        body,
        post_new,
    } = *desired;
    let own = find_own(client, repository, pr).await?;
    tracing::info!(%repository, pr, found = own.len(), behavior = behavior.as_str(), "read the pull request's comments");
    if let Some(latest) = own.last() {
        if latest.body == body {
            tracing::info!(id = latest.id, "the comment is up to date: nothing to send");
            return Ok(Outcome::Unchanged {
                id: latest.id,
                url: latest.url.clone(),
            });
        }
        if latest.head != head
            && order
                .is_newer(client, repository, &latest.head, head)
                .await
                .unwrap_or(false)
        {
            tracing::warn!(
                id = latest.id,
                comment_head = %latest.head,
                head,
                "the comment describes a newer commit: leaving it alone"
            );
            return Ok(Outcome::Newer {
                id: latest.id,
                head: latest.head.clone(),
            });
        }
    }
    if !post_new && own.is_empty() {
        tracing::info!("no comment wanted for this change, and none to update");
        return Ok(Outcome::NotPosted);
    }
    let behavior = if post_new {
        behavior
    } else {
        CommentBehavior::Update
    };
    match behavior {
        CommentBehavior::Update => match own.last() {
            Some(latest) => {
                let reply = client
                    .request(
                        Method::PATCH,
                        &format!("/repos/{repository}/issues/comments/{}", latest.id),
                        Some(&json!({ "body": body })),
                    )
                    .await?;
                tracing::info!(id = latest.id, "updated the comment");
                Ok(Outcome::Updated {
                    id: latest.id,
                    url: html_url(&reply.body, &latest.url),
                })
            }
            None => create(client, repository, pr, body, &[]).await,
        },
        CommentBehavior::New => create(client, repository, pr, body, &own).await,
        CommentBehavior::HideAndNew => {
            let outcome = create(client, repository, pr, body, &own).await?;
            for old in &own {
                hide(client, old).await?;
            }
            Ok(outcome)
        }
        CommentBehavior::DeleteAndNew => {
            let outcome = create(client, repository, pr, body, &own).await?;
            for old in &own {
                client
                    .request(
                        Method::DELETE,
                        &format!("/repos/{repository}/issues/comments/{}", old.id),
                        None,
                    )
                    .await?;
                tracing::info!(id = old.id, "deleted an earlier comment");
            }
            Ok(outcome)
        }
    }
}

/// Posts `body`. When the outcome of a post is unknown, lists the comments again and takes
/// a new comment with exactly this body (not among `before`) as the one the post created.
async fn create(
    client: &Client,
    repository: &RepoName,
    pr: u64,
    body: &str,
    before: &[Existing],
) -> Result<Outcome, GitHubError> {
    let path = format!("/repos/{repository}/issues/{pr}/comments");
    let mut attempts = 0;
    loop {
        attempts += 1;
        match client
            .request(Method::POST, &path, Some(&json!({ "body": body })))
            .await
        {
            Ok(reply) => {
                let id = reply.body["id"].as_u64().ok_or(GitHubError::Unexpected {
                    path: path.clone(),
                    expected: "a comment with an id",
                })?;
                tracing::info!(id, "posted the comment");
                return Ok(Outcome::Created {
                    id,
                    url: html_url(&reply.body, ""),
                });
            }
            Err(GitHubError::Uncertain { reason, .. })
                if attempts <= client.policy().max_retries =>
            {
                tracing::warn!(%reason, "the comment may have been posted: looking for it before posting again");
                tokio::time::sleep(client.policy().backoff(attempts)).await;
                let now = find_own(client, repository, pr).await?;
                if let Some(made) = now
                    .iter()
                    .rev()
                    .find(|c| c.body == body && !before.iter().any(|b| b.id == c.id))
                {
                    tracing::info!(id = made.id, "the earlier post went through");
                    return Ok(Outcome::Created {
                        id: made.id,
                        url: made.url.clone(),
                    });
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// Hides an earlier comment as outdated (GraphQL `minimizeComment`).
async fn hide(client: &Client, old: &Existing) -> Result<(), GitHubError> {
    if old.node_id.is_empty() || old.minimized {
        return Ok(());
    }
    client
        .graphql(
            "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }",
            json!({ "id": old.node_id }),
        )
        .await?;
    tracing::info!(id = old.id, "hid an earlier comment");
    Ok(())
}

fn html_url(comment: &Value, fallback: &str) -> String {
    comment["html_url"].as_str().unwrap_or(fallback).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_names_the_head_it_describes() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(
            marker_head(&format!(
                "**AetherEdge**\n<!-- aetheredge:review head={sha} -->\n"
            )),
            Some(sha)
        );
        assert_eq!(marker_head("<!-- aetheredge:review head=zz -->"), None);
        assert_eq!(marker_head("a comment quoting aetheredge"), None);
    }

    #[test]
    fn behaviors_parse_as_users_write_them() {
        assert_eq!(
            "hide-and-new".parse::<CommentBehavior>().unwrap(),
            CommentBehavior::HideAndNew
        );
        assert_eq!(
            "Delete-And-New".parse::<CommentBehavior>().unwrap(),
            CommentBehavior::DeleteAndNew
        );
        assert!("sticky".parse::<CommentBehavior>().is_err());
    }

    #[test]
    fn only_plain_links_to_the_site_are_written() {
        assert!(is_http_url("https://org.github.io/infra/"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://x/) [evil](https://y"));
    }
}

//! What a tick reviews: the open pull requests GitHub lists, or, without GitHub, the
//! branches matching the repo's `branches` pattern, each compared with the default branch.

use super::config::Repo;
use crate::github::{Client, GitHubError, RepoName};

/// One change to review: a pull request, or a branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// A pull request's number; `None` for a branch.
    pub pr: Option<u64>,
    /// The head branch's name.
    pub branch: String,
    /// The head commit.
    pub head_sha: String,
    /// What the head is compared with: the base commit GitHub names, or the default branch.
    pub base: String,
}

impl Target {
    /// The outbox file's name: `pr-12.md`, or the branch with `/` as `__` (`feature__vpc.md`).
    pub(crate) fn outbox_file(&self) -> String {
        match self.pr {
            Some(n) => format!("pr-{n}.md"),
            None => format!("{}.md", self.branch.replace('/', "__")),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error(transparent)]
    GitHub(#[from] GitHubError),
    #[error("cannot list the branches of {path}: {reason}")]
    Branches { path: String, reason: String },
}

/// The open pull requests of `repository`, oldest first.
pub async fn pull_requests(
    client: &Client,
    repository: &RepoName,
) -> Result<Vec<Target>, TargetError> {
    let path = format!("/repos/{repository}/pulls?state=open&sort=created&direction=asc");
    let all = client.list_all(&path).await?;
    let mut targets = Vec::new();
    for pr in &all {
        let (Some(number), Some(head_sha)) = (pr["number"].as_u64(), pr["head"]["sha"].as_str())
        else {
            tracing::warn!(%repository, "a pull request without a number or head sha: skipped");
            continue;
        };
        let base = pr["base"]["sha"]
            .as_str()
            .or(pr["base"]["ref"].as_str())
            .unwrap_or_default();
        targets.push(Target {
            pr: Some(number),
            branch: pr["head"]["ref"].as_str().unwrap_or_default().to_string(),
            head_sha: head_sha.to_string(),
            base: base.to_string(),
        });
    }
    Ok(targets)
}

/// The branches of the repository at `path` matching the repo's pattern, except the
/// default branch, each against the default branch; none without a pattern.
pub fn branches(path: &std::path::Path, repo: &Repo) -> Result<Vec<Target>, TargetError> {
    let Some(pattern) = &repo.branches else {
        return Ok(Vec::new());
    };
    let fail = |e: git2::Error| TargetError::Branches {
        path: path.display().to_string(),
        reason: e.message().to_string(),
    };
    let git = git2::Repository::open(path).map_err(fail)?;
    let mut targets = Vec::new();
    for branch in git.branches(Some(git2::BranchType::Local)).map_err(fail)? {
        let (branch, _) = branch.map_err(fail)?;
        let Some(name) = branch.name().ok().flatten().map(str::to_string) else {
            continue;
        };
        if name == repo.default_branch || !pattern.is_match(&name) {
            continue;
        }
        let Some(head) = branch.get().target() else {
            continue;
        };
        targets.push(Target {
            pr: None,
            branch: name,
            head_sha: head.to_string(),
            base: repo.default_branch.clone(),
        });
    }
    targets.sort_by(|a, b| a.branch.cmp(&b.branch));
    Ok(targets)
}

//! Where a watched repo's commits come from. A local repository is read in place; a remote
//! (`file://`, `git://`, `https://` with `GITHUB_TOKEN`) is mirrored into a bare repository
//! under `state_dir/mirrors/`, fetched at the start of every tick: every branch, and the
//! `refs/pull/N/head` refs GitHub keeps for pull requests.

use std::path::{Path, PathBuf};

use super::config::{looks_like_url, Repo};

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("source {source_name} of repo {repo}: {reason}")]
    Missing {
        repo: String,
        source_name: String,
        reason: String,
    },
    #[error("cannot fetch {url} into {mirror}: {reason}")]
    Fetch {
        url: String,
        mirror: PathBuf,
        reason: String,
    },
}

/// A repo's commits, readable with git2.
#[derive(Debug, Clone)]
pub struct Source {
    /// The repository reviews read (the local repo, or the mirror).
    pub path: PathBuf,
    /// The URL a mirror is fetched from and pushed to; `None` for a local repo.
    pub remote: Option<String>,
}

impl Source {
    /// Where `repo`'s commits are read from.
    pub fn of(repo: &Repo, state_dir: &Path) -> Source {
        if looks_like_url(&repo.source) {
            Source {
                path: state_dir.join("mirrors").join(format!("{}.git", repo.name)),
                remote: Some(repo.source.clone()),
            }
        } else {
            Source {
                path: PathBuf::from(&repo.source),
                remote: None,
            }
        }
    }

    /// Brings the commits up to date: fetches a remote into the mirror (creating it), or
    /// checks that a local repository is there.
    pub fn sync(&self, repo: &Repo) -> Result<(), SourceError> {
        let Some(url) = &self.remote else {
            return git2::Repository::open(&self.path).map(drop).map_err(|e| {
                SourceError::Missing {
                    repo: repo.name.clone(),
                    source_name: self.path.display().to_string(),
                    reason: format!(
                        "{}: point `source` at a git repository or a remote URL",
                        e.message()
                    ),
                }
            });
        };
        let fail = |e: git2::Error| SourceError::Fetch {
            url: url.clone(),
            mirror: self.path.clone(),
            reason: e.message().to_string(),
        };
        let mirror = match git2::Repository::open_bare(&self.path) {
            Ok(r) => r,
            Err(_) => {
                std::fs::create_dir_all(&self.path).map_err(|e| SourceError::Fetch {
                    url: url.clone(),
                    mirror: self.path.clone(),
                    reason: e.to_string(),
                })?;
                git2::Repository::init_bare(&self.path).map_err(fail)?
            }
        };
        let mut remote = mirror.remote_anonymous(url).map_err(fail)?;
        let mut callbacks = git2::RemoteCallbacks::new();
        let token = std::env::var("GITHUB_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty());
        callbacks.credentials(move |_url, _user, allowed| match &token {
            Some(t) if allowed.contains(git2::CredentialType::USER_PASS_PLAINTEXT) => {
                git2::Cred::userpass_plaintext("x-access-token", t.trim())
            }
            _ => Err(git2::Error::from_str(
                "the remote asks for credentials: set GITHUB_TOKEN",
            )),
        });
        let mut options = git2::FetchOptions::new();
        options.remote_callbacks(callbacks);
        options.prune(git2::FetchPrune::On);
        options.download_tags(git2::AutotagOption::None);
        let mut refspecs = vec!["+refs/heads/*:refs/heads/*"];
        if repo.github.is_some() {
            refspecs.push("+refs/pull/*/head:refs/pull/*/head");
        }
        let started = std::time::Instant::now();
        remote
            .fetch(&refspecs, Some(&mut options), None)
            .map_err(fail)?;
        tracing::debug!(url = %redact(url), elapsed = ?started.elapsed(), "fetched");
        Ok(())
    }
}

/// A URL without the user and password it may carry, for logs.
pub fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((_, host)) if !host.contains('/') || rest.find('@') < rest.find('/') => {
                format!("{scheme}://{host}")
            }
            _ => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_reach_the_logs() {
        assert_eq!(
            redact("https://x-access-token:ghp_secret@github.com/o/r.git"),
            "https://github.com/o/r.git"
        );
        assert_eq!(redact("file:///srv/infra"), "file:///srv/infra");
    }
}

//! Publishing the default branch's site: into a directory (built beside it and renamed into
//! place by [`crate::site::build`], so it is always a whole site), or as a commit on a
//! branch such as `gh-pages` of the source repo, pushed when the source is a remote.
//!
//! What is published is recorded where it lives: a branch's commit message names the sha it
//! describes; a directory's sha is kept in `state_dir/sites/NAME.sha`, written after the
//! site is in place (a crash in between only means one more rebuild).
//!
//! The previous output is there when the site is built (the directory itself, or the
//! branch's tree checked out under `state_dir/sites/NAME/`), so what the site carries over
//! from one build to the next (its history) is kept.

use std::path::{Path, PathBuf};

use super::config::SiteTarget;
use super::source::{redact, Source};
use crate::site::drift::DriftInput;
use crate::site::{self, SiteError};

/// The start of a site commit's message; the sha follows.
pub(crate) const COMMIT_PREFIX: &str = "AetherEdge site of ";

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Site(#[from] SiteError),
    #[error("cannot publish the site to branch {branch} of {repo}: {reason}")]
    Branch {
        branch: String,
        repo: PathBuf,
        reason: String,
    },
    #[error("cannot push branch {branch} to {url}: {reason}")]
    Push {
        branch: String,
        url: String,
        reason: String,
    },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Why the previous site could not be checked out, or the new one stored as a tree.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error("{0}")]
    Git(#[from] git2::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> TreeError + '_ {
    move |source| TreeError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The sha the published site describes, if it can be told.
pub(crate) fn published_sha(
    target: &SiteTarget,
    source: &Source,
    state_dir: &Path,
    name: &str,
) -> Option<String> {
    match target {
        SiteTarget::Dir(dir) => {
            if !dir.join("index.html").is_file() {
                return None;
            }
            let text = std::fs::read_to_string(record_path(state_dir, name)).ok()?;
            Some(text.trim().to_string())
        }
        SiteTarget::Branch(branch) => {
            let git = git2::Repository::open(&source.path).ok()?;
            let tip = git
                .find_reference(&format!("refs/heads/{branch}"))
                .ok()?
                .peel_to_commit()
                .ok()?;
            let message = tip.message()?;
            Some(message.strip_prefix(COMMIT_PREFIX)?.trim().to_string())
        }
    }
}

fn record_path(state_dir: &Path, name: &str) -> PathBuf {
    state_dir.join("sites").join(format!("{name}.sha"))
}

/// Builds the site of `sha`, with `drift` on its Drift page, and publishes it to `target`.
/// Returns the number of pages.
pub fn publish(
    target: &SiteTarget,
    source: &Source,
    sha: &str,
    state_dir: &Path,
    name: &str,
    drift: DriftInput,
) -> Result<usize, PublishError> {
    match target {
        SiteTarget::Dir(dir) => {
            let built = site::build_with_drift(&source.path, sha, dir, drift)?;
            let record = record_path(state_dir, name);
            super::outbox::write(
                record.parent().unwrap_or(state_dir),
                &format!("{name}.sha"),
                &format!("{sha}\n"),
            )
            .map_err(|e| PublishError::Io {
                path: e.path,
                source: e.source,
            })?;
            Ok(built.pages)
        }
        SiteTarget::Branch(branch) => publish_branch(branch, source, sha, state_dir, name, drift),
    }
}

fn publish_branch(
    branch: &str,
    source: &Source,
    sha: &str,
    state_dir: &Path,
    name: &str,
    drift: DriftInput,
) -> Result<usize, PublishError> {
    let fail = |reason: String| PublishError::Branch {
        branch: branch.to_string(),
        repo: source.path.clone(),
        reason,
    };
    let git = git2::Repository::open(&source.path).map_err(|e| fail(e.message().into()))?;
    let refname = format!("refs/heads/{branch}");
    let tip = git
        .find_reference(&refname)
        .ok()
        .and_then(|r| r.peel_to_commit().ok());
    // The previous site, checked out where the new one is built.
    let work = state_dir.join("sites").join(name);
    let out = work.join("site");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| PublishError::Io {
            path: out.clone(),
            source: e,
        })?;
    }
    if let Some(tip) = &tip {
        let tree = tip.tree().map_err(|e| fail(e.message().into()))?;
        checkout_tree(&git, &tree, &out).map_err(|e| fail(e.to_string()))?;
    }
    let built = site::build_with_drift(&source.path, sha, &out, drift)?;
    let nojekyll = out.join(".nojekyll");
    if !nojekyll.exists() {
        std::fs::write(&nojekyll, "").map_err(|e| PublishError::Io {
            path: nojekyll.clone(),
            source: e,
        })?;
    }
    let tree_id = write_tree(&git, &out).map_err(|e| fail(e.to_string()))?;
    if tip.as_ref().is_some_and(|t| t.tree_id() == tree_id) {
        tracing::info!(branch, "the site's tree is unchanged: nothing to commit");
    }
    let tree = git
        .find_tree(tree_id)
        .map_err(|e| fail(e.message().into()))?;
    let signature = git2::Signature::now("AetherEdge", "aetheredge@localhost")
        .map_err(|e| fail(e.message().into()))?;
    let parents: Vec<&git2::Commit> = tip.iter().collect();
    let commit = git
        .commit(
            Some(&refname),
            &signature,
            &signature,
            &format!("{COMMIT_PREFIX}{sha}\n"),
            &tree,
            &parents,
        )
        .map_err(|e| fail(e.message().into()))?;
    tracing::info!(branch, %commit, "committed the site");
    if let Some(url) = &source.remote {
        push(&git, url, branch, false)?;
    }
    Ok(built.pages)
}

/// Writes the files of `tree` under `dir`.
fn checkout_tree(git: &git2::Repository, tree: &git2::Tree, dir: &Path) -> Result<(), TreeError> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    for entry in tree.iter() {
        let Some(name) = entry.name() else { continue };
        if name.contains(['/', '\\']) || name == ".." || name == "." {
            continue;
        }
        let path = dir.join(name);
        match entry.kind() {
            Some(git2::ObjectType::Tree) => {
                let sub = git.find_tree(entry.id())?;
                checkout_tree(git, &sub, &path)?;
            }
            Some(git2::ObjectType::Blob) => {
                let blob = git.find_blob(entry.id())?;
                std::fs::write(&path, blob.content()).map_err(io_error(&path))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Stores the files under `dir` as a git tree; returns its id.
fn write_tree(git: &git2::Repository, dir: &Path) -> Result<git2::Oid, TreeError> {
    let mut builder = git.treebuilder(None)?;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io_error(dir))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let kind = entry.file_type().map_err(io_error(&path))?;
        if kind.is_dir() {
            let id = write_tree(git, &path)?;
            builder.insert(&name, id, 0o040000)?;
        } else if kind.is_file() {
            let bytes = std::fs::read(&path).map_err(io_error(&path))?;
            let id = git.blob(&bytes)?;
            builder.insert(&name, id, 0o100644)?;
        }
    }
    Ok(builder.write()?)
}

/// Pushes `branch` of the repository at `repo` to `url`; `force` replaces what is there.
pub(crate) fn push_branch(
    repo: &Path,
    url: &str,
    branch: &str,
    force: bool,
) -> Result<(), PublishError> {
    let git = git2::Repository::open(repo).map_err(|e| PublishError::Push {
        branch: branch.to_string(),
        url: redact(url),
        reason: e.message().into(),
    })?;
    push(&git, url, branch, force)
}

fn push(git: &git2::Repository, url: &str, branch: &str, force: bool) -> Result<(), PublishError> {
    let fail = |reason: String| PublishError::Push {
        branch: branch.to_string(),
        url: redact(url),
        reason,
    };
    let mut remote = git
        .remote_anonymous(url)
        .map_err(|e| fail(e.message().into()))?;
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
    let rejected = std::rc::Rc::new(std::cell::RefCell::new(None::<String>));
    let seen = rejected.clone();
    callbacks.push_update_reference(move |_refname, status| {
        if let Some(s) = status {
            *seen.borrow_mut() = Some(s.to_string());
        }
        Ok(())
    });
    let mut options = git2::PushOptions::new();
    options.remote_callbacks(callbacks);
    let plus = if force { "+" } else { "" };
    let spec = format!("{plus}refs/heads/{branch}:refs/heads/{branch}");
    remote
        .push(&[spec.as_str()], Some(&mut options))
        .map_err(|e| fail(e.message().into()))?;
    if let Some(reason) = rejected.borrow().clone() {
        return Err(fail(format!(
            "the remote refused it ({reason}); the next tick fetches and tries again"
        )));
    }
    tracing::info!(branch, url = %redact(url), "pushed");
    Ok(())
}

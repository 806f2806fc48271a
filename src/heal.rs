//! Shiva's healing commit: the drift of each root healed by editing the code at a revision,
//! written as one commit on a branch (the working tree and the current branch untouched),
//! for a human to review and merge.

use std::collections::BTreeMap;
use std::path::Path;

use aetheredge_model::tree::Tree;
use aetheredge_shiva::drift;
use aetheredge_shiva::heal::{heal, Healed, NotHealed};
use serde::{Deserialize, Serialize};

use crate::drift::{model_dir, recorded_state, DriftTarget, Fetch};

/// What healing did: the commit written (none when nothing could be edited), what it heals
/// and what it does not.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct HealOutcome {
    pub branch: String,
    pub commit: Option<String>,
    pub healed: Vec<HealedRow>,
    pub not_healed: Vec<NotHealedRow>,
    /// Roots that could not be compared (their state could not be read), with why.
    pub errors: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct HealedRow {
    pub root: String,
    pub address: String,
    pub path: String,
    pub file: String,
    pub line: u32,
    pub how: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct NotHealedRow {
    pub root: String,
    pub address: String,
    pub path: String,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum HealError {
    #[error("{path}: healing writes a commit, and this is not a git repository")]
    NotARepository { path: String },
    #[error("branch {branch} is checked out in {path}: name another branch (the healing commit never moves the branch being worked on)")]
    CheckedOut { branch: String, path: String },
    #[error("{path}: cannot write the healing commit on {branch}: {message}")]
    Git {
        path: String,
        branch: String,
        message: String,
    },
}

/// Heals every target's drift in the code of `tree` (read from `repo` at its revision) and
/// commits the edits on `branch`, whose parent is that revision.
pub fn heal_to_branch(
    repo: &Path,
    tree: &Tree,
    targets: &[DriftTarget],
    fetch: &Fetch,
    branch: &str,
) -> Result<HealOutcome, HealError> {
    let git_error = |e: git2::Error| HealError::Git {
        path: repo.display().to_string(),
        branch: branch.to_string(),
        message: e.message().to_string(),
    };
    let repository = git2::Repository::discover(repo).map_err(|_| HealError::NotARepository {
        path: repo.display().to_string(),
    })?;
    if let Ok(head) = repository.head() {
        if head.is_branch() && head.shorthand() == Some(branch) && !repository.is_bare() {
            return Err(HealError::CheckedOut {
                branch: branch.to_string(),
                path: repo.display().to_string(),
            });
        }
    }
    let mut outcome = HealOutcome {
        branch: branch.to_string(),
        ..HealOutcome::default()
    };
    let read = |path: &str| tree.snapshot.get(path).map(|f| f.text.to_string());
    let mut edits: BTreeMap<String, String> = BTreeMap::new();
    for target in targets {
        let root = model_dir(&target.root);
        let shown_root = if root.is_empty() {
            ".".to_string()
        } else {
            root.clone()
        };
        let state = match recorded_state(&tree.model, target, fetch) {
            (_, Ok(state)) => state,
            (_, Err(e)) => {
                outcome.errors.push(format!("root {shown_root}: {e}"));
                continue;
            }
        };
        let comparison = drift::compare(&tree.model, &root, &state);
        // Edits of an earlier root are what a later root's files are read from.
        let read_edited = |path: &str| edits.get(path).cloned().or_else(|| read(path));
        let healing = heal(&tree.model, &read_edited, &root, &comparison.drift);
        outcome
            .healed
            .extend(healing.healed.into_iter().map(|h: Healed| HealedRow {
                root: shown_root.clone(),
                address: h.address,
                path: h.path,
                file: h.file,
                line: h.line,
                how: h.how,
            }));
        outcome
            .not_healed
            .extend(
                healing
                    .not_healed
                    .into_iter()
                    .map(|n: NotHealed| NotHealedRow {
                        root: shown_root.clone(),
                        address: n.address,
                        path: n.path,
                        reason: n.reason,
                    }),
            );
        edits.extend(healing.edits);
    }
    if edits.is_empty() {
        return Ok(outcome);
    }
    let parent = repository
        .find_commit(git2::Oid::from_str(&tree.revision.sha).map_err(git_error)?)
        .map_err(git_error)?;
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (path, text) in &edits {
        let blob = repository.blob(text.as_bytes()).map_err(git_error)?;
        update.upsert(path, blob, git2::FileMode::Blob);
    }
    let new_tree = update
        .create_updated(&repository, &parent.tree().map_err(git_error)?)
        .map_err(git_error)?;
    let new_tree = repository.find_tree(new_tree).map_err(git_error)?;
    let signature = repository
        .signature()
        .or_else(|_| git2::Signature::now("AetherEdge", "aetheredge@users.noreply.invalid"))
        .map_err(git_error)?;
    let commit = repository
        .commit(
            None,
            &signature,
            &signature,
            &commit_message(&outcome),
            &new_tree,
            &[&parent],
        )
        .map_err(git_error)?;
    repository
        .reference(
            &format!("refs/heads/{branch}"),
            commit,
            true,
            "aetheredge heal: the code declares what the state records",
        )
        .map_err(git_error)?;
    outcome.commit = Some(commit.to_string());
    Ok(outcome)
}

/// The commit message: what is healed, how, and what is not (never guessed).
pub fn commit_message(outcome: &HealOutcome) -> String {
    let mut out = format!(
        "Heal drift: the code declares what the state records ({} healed)\n",
        outcome.healed.len()
    );
    out.push_str("\nHealed:\n");
    for h in &outcome.healed {
        out.push_str(&format!(
            "- {}{} ({}:{}): {}\n",
            h.address,
            suffix(&h.path),
            h.file,
            h.line,
            h.how
        ));
    }
    if !outcome.not_healed.is_empty() {
        out.push_str("\nNot healed (no edit makes the code declare it):\n");
        for n in &outcome.not_healed {
            out.push_str(&format!(
                "- {}{}: {}\n",
                n.address,
                suffix(&n.path),
                n.reason
            ));
        }
    }
    for e in &outcome.errors {
        out.push_str(&format!("\nNot compared: {e}\n"));
    }
    out
}

fn suffix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" {path}")
    }
}

//! The outbox: without GitHub, each review is a Markdown file in a directory, one per pull
//! request or branch, replaced in place (written beside it, then renamed over it, so a
//! reader or a crash never sees half a file). The file carries the same hidden marker as
//! the comment, so it is the state: a branch whose head equals its file's marker is done.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::github::comment::marker_head;

#[derive(Debug, thiserror::Error)]
#[error("cannot write the outbox file {path}: {source}")]
pub struct OutboxError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// The head sha recorded in `dir/file`, if the file is there and carries a marker.
pub(crate) fn recorded_head(dir: &Path, file: &str) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    marker_head(&text).map(str::to_string)
}

/// Writes `body` as `dir/file`, atomically. Returns whether the file changed.
pub fn write(dir: &Path, file: &str, body: &str) -> Result<bool, OutboxError> {
    let path = dir.join(file);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == body) {
        return Ok(false);
    }
    let err = |source| OutboxError {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".aetheredge-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    temp.write_all(body.as_bytes()).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    temp.persist(&path).map_err(|e| err(e.error))?;
    Ok(true)
}

/// Removes the files of this tool in `dir` (those with a marker) not named in `keep`, and
/// leftovers of interrupted writes: a deleted branch's review goes with it.
pub(crate) fn prune(dir: &Path, keep: &[String]) -> Vec<String> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover = name.starts_with(".aetheredge-") && name.ends_with(".tmp");
        let stale =
            name.ends_with(".md") && !keep.contains(&name) && recorded_head(dir, &name).is_some();
        if (leftover || stale) && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(name);
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_its_marker_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let body = format!("review\n<!-- aetheredge:review head={sha} -->\n");
        assert!(write(dir.path(), "pr-1.md", &body).unwrap());
        assert!(!write(dir.path(), "pr-1.md", &body).unwrap());
        assert_eq!(recorded_head(dir.path(), "pr-1.md").as_deref(), Some(sha));
        std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
        std::fs::write(dir.path().join(".aetheredge-x.tmp"), "half").unwrap();
        assert_eq!(prune(dir.path(), &[]).len(), 2);
        assert!(dir.path().join("notes.md").exists(), "not ours: kept");
    }
}

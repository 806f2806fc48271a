//! The git layer: opening a repository, resolving revisions, reading a commit's files
//! straight from git objects (no checkout, so bare clones work) and computing what
//! changed between two commits, with the line numbers of added lines.
//!
//! Comparisons follow GitHub's pull-request view: the caller asks for the
//! [`Repository::merge_base`] of base and head and diffs from there to head.
//!
//! Files are read under the same rules whether they come from a git tree
//! ([`Repository::snapshot`]) or from a plain directory ([`Snapshot::from_dir`]):
//! regular files only (symlinks and submodules are ignored), files over
//! [`SnapshotLimits::max_file_size`] are skipped without being read, files with a NUL
//! byte in their first 8000 bytes are binary, and anything else must be UTF-8.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::{Delta, DiffFindOptions, ErrorCode, ObjectType, Oid};
use rayon::prelude::*;

/// The sha that stands for "no commit" (git's own convention, e.g. in hooks). A
/// [`Revision`] with this sha is read as an empty tree: its snapshot is empty and a
/// change set from it adds every file.
pub const ZERO_SHA: &str = "0000000000000000000000000000000000000000";

/// How many leading bytes are searched for a NUL byte to call a file binary (as git does).
const BINARY_PROBE_LEN: usize = 8000;

/// git's default `diff.renameLimit`: rename detection gives up above this many candidates.
const GIT_DEFAULT_RENAME_LIMIT: usize = 1000;

/// git's default rename similarity threshold (`-M50%`).
const GIT_DEFAULT_RENAME_THRESHOLD: u16 = 50;

const FILEMODE_BLOB: i32 = 0o100644;
const FILEMODE_BLOB_EXECUTABLE: i32 = 0o100755;

/// Why the git layer could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error(
        "{path} is not inside a git repository; point to a directory inside a clone \
         (or a bare clone), or scan the directory without git"
    )]
    NotARepository { path: PathBuf },

    #[error(
        "unknown revision `{rev}`: no branch, tag or commit has that name in this repository; \
         list branches with `git branch -a` and commits with `git log --oneline` \
         (a remote branch may need `git fetch` first)"
    )]
    UnknownRevision { rev: String },

    #[error(
        "revision `{rev}` is ambiguous: more than one object starts with it; \
         give more characters of the sha (see `git log --oneline`)"
    )]
    AmbiguousRevision { rev: String },

    #[error(
        "revision `{rev}` names a {kind}, not a commit; give a branch, tag or commit \
         (see `git log --oneline`)"
    )]
    NotACommit { rev: String, kind: String },

    #[error(
        "the repository at {path} has no commits yet; commit something first \
         (`git commit`), or scan the directory without git"
    )]
    NoCommits { path: PathBuf },

    #[error("{context}: {source}")]
    Git {
        context: String,
        #[source]
        source: git2::Error,
    },

    #[error("cannot read {path}: {source}; check that it exists and is readable")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// A commit as the user named it and as git resolved it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Revision {
    /// The revision as the user wrote it (`main`, `HEAD~2`, `v1.2`, a sha, ...).
    pub rev: String,
    /// The commit it resolved to: 40 lowercase hex digits, or [`ZERO_SHA`] for no commit.
    pub sha: String,
    /// The commit's time (committer), in seconds since the epoch; 0 for no commit.
    #[serde(skip)]
    pub time: i64,
}

impl Revision {
    /// The revision that stands for "no commit" (an empty tree).
    pub fn no_commit() -> Revision {
        Revision {
            rev: ZERO_SHA.to_string(),
            sha: ZERO_SHA.to_string(),
            time: 0,
        }
    }

    /// The files of a plain directory as they are on disk (no commit).
    pub fn working_tree() -> Revision {
        Revision {
            rev: "(working tree)".to_string(),
            sha: ZERO_SHA.to_string(),
            time: 0,
        }
    }

    /// Whether this is [`Revision::no_commit`] (its sha is [`ZERO_SHA`]).
    pub(crate) fn is_no_commit(&self) -> bool {
        self.sha == ZERO_SHA
    }

    /// How the revision is named in messages: `main (1a2b3c…)`, or just the sha.
    fn display_name(&self) -> String {
        if self.rev == self.sha {
            self.sha.clone()
        } else {
            format!("{} ({})", self.rev, self.sha)
        }
    }
}

/// Limits that keep a snapshot cheap to take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnapshotLimits {
    /// Files larger than this many bytes are skipped without being read.
    pub max_file_size: u64,
}

impl Default for SnapshotLimits {
    fn default() -> SnapshotLimits {
        SnapshotLimits {
            max_file_size: 2 * 1024 * 1024,
        }
    }
}

/// One text file of a snapshot.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// The git blob id (hex) of the file's bytes, also for files read from disk.
    pub id: String,
    /// The file's contents.
    pub text: Arc<str>,
}

/// A file that is in the tree but was not read as text.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: SkipReason,
}

/// Why a file was not read as text.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SkipReason {
    /// Larger than [`SnapshotLimits::max_file_size`]; it was not read.
    TooLarge { size: u64, limit: u64 },
    /// A NUL byte in its first 8000 bytes.
    Binary,
    /// Not valid UTF-8 (the contents, or the path itself).
    NotUtf8,
}

/// Every text file of one tree (a commit's, or a directory's on disk).
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    files: BTreeMap<String, SourceFile>,
    skipped: Vec<SkippedFile>,
}

impl Snapshot {
    /// A snapshot with no files.
    pub fn empty() -> Snapshot {
        Snapshot::default()
    }

    /// Reads a directory on disk that is not a git repository, under the same rules as a
    /// git tree: `.git` is skipped, symlinks are ignored (so nothing outside `dir` is
    /// read), large, binary and non-UTF-8 files are listed in [`Snapshot::skipped`].
    /// Each file's id is the blob id git would give its bytes.
    pub fn from_dir(dir: &Path, limits: &SnapshotLimits) -> Result<Snapshot, RepoError> {
        let root_metadata = fs::metadata(dir).map_err(|source| RepoError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        if !root_metadata.is_dir() {
            return Err(RepoError::Io {
                path: dir.to_path_buf(),
                source: io::Error::new(io::ErrorKind::InvalidInput, "not a directory"),
            });
        }
        let mut builder = SnapshotBuilder::default();
        // Directories still to read, with their repo-relative prefix ("" or "a/b/").
        let mut pending: Vec<(PathBuf, String)> = vec![(dir.to_path_buf(), String::new())];
        while let Some((disk_dir, prefix)) = pending.pop() {
            let entries = fs::read_dir(&disk_dir).map_err(|source| RepoError::Io {
                path: disk_dir.clone(),
                source,
            })?;
            for entry in entries {
                let entry = entry.map_err(|source| RepoError::Io {
                    path: disk_dir.clone(),
                    source,
                })?;
                let name = entry.file_name();
                if name == ".git" {
                    continue;
                }
                let entry_path = entry.path();
                // `file_type` does not follow symlinks.
                let file_type = entry.file_type().map_err(|source| RepoError::Io {
                    path: entry_path.clone(),
                    source,
                })?;
                let Some(name) = name.to_str() else {
                    let lossy = format!("{prefix}{}", name.to_string_lossy());
                    tracing::debug!(path = %lossy, "skipping a file whose name is not UTF-8");
                    builder.skip(lossy, SkipReason::NotUtf8);
                    continue;
                };
                let repo_path = format!("{prefix}{name}");
                if file_type.is_dir() {
                    pending.push((entry_path, format!("{repo_path}/")));
                } else if file_type.is_file() {
                    let size = entry
                        .metadata()
                        .map_err(|source| RepoError::Io {
                            path: entry_path.clone(),
                            source,
                        })?
                        .len();
                    if size > limits.max_file_size {
                        builder.skip_too_large(repo_path, size, limits);
                        continue;
                    }
                    let bytes = fs::read(&entry_path).map_err(|source| RepoError::Io {
                        path: entry_path.clone(),
                        source,
                    })?;
                    let id = Oid::hash_object(ObjectType::Blob, &bytes).map_err(|source| {
                        RepoError::Git {
                            context: format!("hashing {}", entry_path.display()),
                            source,
                        }
                    })?;
                    builder.add(repo_path, id, &bytes);
                }
                // Symlinks, sockets, fifos and devices are not files git would track
                // as text; they are ignored like symlinks in a git tree.
            }
        }
        let snapshot = builder.finish();
        tracing::debug!(
            dir = %dir.display(),
            files = snapshot.len(),
            skipped = snapshot.skipped.len(),
            "read directory snapshot"
        );
        Ok(snapshot)
    }

    /// The file at `path` (repo-relative, `/` separators), if it was read as text.
    pub fn get(&self, path: &str) -> Option<&SourceFile> {
        self.files.get(path)
    }

    /// The text files, sorted by path.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.values()
    }

    /// The files that were not read as text, sorted by path.
    pub fn skipped(&self) -> &[SkippedFile] {
        &self.skipped
    }

    /// How many text files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no text files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// A blob as read for a snapshot: its bytes, or only its size when over the limit.
enum Blob {
    TooLarge(u64),
    Content(Vec<u8>),
}

/// Collects files under the snapshot rules; shared by git trees and directories.
#[derive(Default)]
struct SnapshotBuilder {
    files: BTreeMap<String, SourceFile>,
    skipped: Vec<SkippedFile>,
    /// Texts already decoded, by blob id, so identical files share one allocation.
    texts_by_id: HashMap<Oid, Arc<str>>,
}

impl SnapshotBuilder {
    fn skip(&mut self, path: String, reason: SkipReason) {
        self.skipped.push(SkippedFile { path, reason });
    }

    fn skip_too_large(&mut self, path: String, size: u64, limits: &SnapshotLimits) {
        tracing::debug!(%path, size, limit = limits.max_file_size, "skipping a file over the size limit");
        self.skip(
            path,
            SkipReason::TooLarge {
                size,
                limit: limits.max_file_size,
            },
        );
    }

    /// Whether a text for `id` was already decoded; if so the file is added from it.
    fn add_known(&mut self, path: &str, id: Oid) -> bool {
        match self.texts_by_id.get(&id) {
            Some(text) => {
                let text = Arc::clone(text);
                self.insert(path.to_string(), id, text);
                true
            }
            None => false,
        }
    }

    fn add(&mut self, path: String, id: Oid, bytes: &[u8]) {
        if self.add_known(&path, id) {
            return;
        }
        let probe = &bytes[..bytes.len().min(BINARY_PROBE_LEN)];
        if probe.contains(&0) {
            tracing::debug!(%path, "skipping a binary file");
            self.skip(path, SkipReason::Binary);
            return;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                let text: Arc<str> = Arc::from(text);
                self.texts_by_id.insert(id, Arc::clone(&text));
                self.insert(path, id, text);
            }
            Err(_) => {
                tracing::debug!(%path, "skipping a file that is not UTF-8");
                self.skip(path, SkipReason::NotUtf8);
            }
        }
    }

    fn insert(&mut self, path: String, id: Oid, text: Arc<str>) {
        self.files.insert(
            path.clone(),
            SourceFile {
                path,
                id: id.to_string(),
                text,
            },
        );
    }

    fn finish(mut self) -> Snapshot {
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        Snapshot {
            files: self.files,
            skipped: self.skipped,
        }
    }
}

/// What changed between two trees, sorted by path.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ChangeSet {
    pub files: Vec<ChangedFile>,
}

/// One changed file.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ChangedFile {
    /// The path in the `to` tree (for a deleted file, the path it had).
    pub path: String,
    /// For a rename, the path in the `from` tree.
    pub old_path: Option<String>,
    pub status: ChangeStatus,
    /// 1-based line numbers, in the `to` version, of the lines added; ascending.
    pub added_lines: Vec<u32>,
}

/// How a file changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeStatus {
    Added,
    Modified,
    Deleted,
    Renamed,
}

impl ChangeSet {
    /// A full scan: every text file of the snapshot added, every line an added line.
    /// Skipped files are not included (they have no lines).
    pub fn everything(snapshot: &Snapshot) -> ChangeSet {
        let files = snapshot
            .files()
            .map(|file| {
                let line_count = u32::try_from(file.text.lines().count()).unwrap_or(u32::MAX);
                ChangedFile {
                    path: file.path.clone(),
                    old_path: None,
                    status: ChangeStatus::Added,
                    added_lines: (1..=line_count).collect(),
                }
            })
            .collect();
        ChangeSet { files }
    }

    /// The change to the file now at `path`.
    pub fn get(&self, path: &str) -> Option<&ChangedFile> {
        self.files
            .binary_search_by(|file| file.path.as_str().cmp(path))
            .ok()
            .map(|index| &self.files[index])
    }

    /// Whether line `line` (1-based) of the file at `path` was added.
    pub fn is_added_line(&self, path: &str, line: u32) -> bool {
        self.get(path)
            .is_some_and(|file| file.added_lines.binary_search(&line).is_ok())
    }
}

/// A git repository, read through git objects only.
pub struct Repository {
    git: git2::Repository,
}

impl std::fmt::Debug for Repository {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Repository")
            .field("git_dir", &self.git.path())
            .finish()
    }
}

/// Tells libgit2 there are no trusted certificates, for a process that only reads local
/// repositories. libgit2 loads the system's whole certificate store when it starts, which
/// costs more than reading a small repository; a command that never speaks TLS (to an https
/// remote or to GitHub's API, whose client reads the same variable) calls this first, before
/// any repository is opened. `/dev/null` rather than a missing
/// path, because a missing one would be replaced by the probed system store.
pub fn skip_certificate_store() {
    #[cfg(unix)]
    std::env::set_var("SSL_CERT_FILE", "/dev/null");
}

impl Repository {
    /// Opens the repository containing `path`: any directory inside a work tree, a
    /// `.git` directory, or a bare repository.
    pub fn open(path: &Path) -> Result<Repository, RepoError> {
        if let Err(source) = fs::metadata(path) {
            return Err(RepoError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
        match git2::Repository::discover(path) {
            Ok(git) => {
                tracing::debug!(path = %path.display(), git_dir = %git.path().display(), "opened repository");
                Ok(Repository { git })
            }
            Err(error) if error.code() == ErrorCode::NotFound => Err(RepoError::NotARepository {
                path: path.to_path_buf(),
            }),
            Err(error) if error.code() == ErrorCode::Owner => Err(RepoError::Git {
                context: format!(
                    "opening the repository at {} (it is owned by another user; if you trust it, \
                     run `git config --global --add safe.directory <path>`)",
                    path.display()
                ),
                source: error,
            }),
            Err(error) => Err(RepoError::Git {
                context: format!("opening the repository at {}", path.display()),
                source: error,
            }),
        }
    }

    /// Whether `path` is inside a git repository at all (so the caller can fall back to
    /// reading the directory).
    pub fn is_inside_repo(path: &Path) -> bool {
        git2::Repository::discover(path).is_ok()
    }

    /// The repository's git directory (`.git`, or the bare repository itself).
    pub fn git_dir(&self) -> &Path {
        self.git.path()
    }

    /// The work tree, if the repository has one (bare repositories do not).
    pub fn work_dir(&self) -> Option<&Path> {
        self.git.workdir()
    }

    /// Resolves any revision git understands: a branch, a remote branch, a tag (peeled
    /// to its commit), a full or short sha, `HEAD~2`, `main^`.
    pub fn resolve(&self, rev: &str) -> Result<Revision, RepoError> {
        let object = match self.git.revparse_single(rev) {
            Ok(object) => object,
            Err(error) => return Err(self.revision_error(rev, error)),
        };
        let kind = object.kind();
        let commit = object.peel_to_commit().map_err(|_| RepoError::NotACommit {
            rev: rev.to_string(),
            kind: kind.map_or_else(|| "unknown object".to_string(), |kind| kind.to_string()),
        })?;
        let revision = Revision {
            rev: rev.to_string(),
            sha: commit.id().to_string(),
            time: commit.time().seconds(),
        };
        tracing::debug!(rev, sha = %revision.sha, "resolved revision");
        Ok(revision)
    }

    /// Turns a failed revision lookup into the error that explains it best.
    fn revision_error(&self, rev: &str, error: git2::Error) -> RepoError {
        match error.code() {
            ErrorCode::Ambiguous => RepoError::AmbiguousRevision {
                rev: rev.to_string(),
            },
            ErrorCode::NotFound | ErrorCode::InvalidSpec | ErrorCode::UnbornBranch => {
                if self.has_no_commits() {
                    RepoError::NoCommits {
                        path: self.repo_root().to_path_buf(),
                    }
                } else {
                    RepoError::UnknownRevision {
                        rev: rev.to_string(),
                    }
                }
            }
            _ => RepoError::Git {
                context: format!("resolving revision `{rev}`"),
                source: error,
            },
        }
    }

    /// Whether HEAD is unborn and no reference points anywhere (a freshly initialised repo).
    fn has_no_commits(&self) -> bool {
        let head_unborn =
            matches!(self.git.head(), Err(error) if error.code() == ErrorCode::UnbornBranch);
        let has_references = self
            .git
            .references()
            .map(|mut references| references.next().is_some())
            .unwrap_or(true);
        head_unborn && !has_references
    }

    /// The directory to name in messages: the work tree, or the git directory when bare.
    fn repo_root(&self) -> &Path {
        self.git.workdir().unwrap_or_else(|| self.git.path())
    }

    /// The merge base of two commits (GitHub's `base...head`); `None` when they share no
    /// history. Its `rev` is its sha.
    pub fn merge_base(&self, a: &Revision, b: &Revision) -> Result<Option<Revision>, RepoError> {
        if a.is_no_commit() || b.is_no_commit() {
            return Ok(None);
        }
        let a_id = self.commit_id(a)?;
        let b_id = self.commit_id(b)?;
        match self.git.merge_base(a_id, b_id) {
            Ok(base) => {
                let sha = base.to_string();
                tracing::debug!(a = %a.display_name(), b = %b.display_name(), base = %sha, "found merge base");
                let time = self
                    .git
                    .find_commit(base)
                    .map(|c| c.time().seconds())
                    .unwrap_or(0);
                Ok(Some(Revision {
                    rev: sha.clone(),
                    sha,
                    time,
                }))
            }
            Err(error) if error.code() == ErrorCode::NotFound => {
                tracing::debug!(a = %a.display_name(), b = %b.display_name(), "no merge base");
                Ok(None)
            }
            Err(error) => Err(RepoError::Git {
                context: format!(
                    "finding the merge base of {} and {}",
                    a.display_name(),
                    b.display_name()
                ),
                source: error,
            }),
        }
    }

    /// The commit id of a revision, checked to be a commit in this repository.
    fn commit_id(&self, revision: &Revision) -> Result<Oid, RepoError> {
        let unknown = || RepoError::UnknownRevision {
            rev: revision.display_name(),
        };
        let is_full_sha =
            revision.sha.len() == 40 && revision.sha.bytes().all(|byte| byte.is_ascii_hexdigit());
        if !is_full_sha {
            return Err(unknown());
        }
        let id = Oid::from_str(&revision.sha).map_err(|_| unknown())?;
        match self.git.find_commit(id) {
            Ok(commit) => Ok(commit.id()),
            Err(error) if error.code() == ErrorCode::NotFound => Err(unknown()),
            Err(error) => Err(RepoError::Git {
                context: format!("reading commit {}", revision.display_name()),
                source: error,
            }),
        }
    }

    /// The tree of a revision; `None` for [`Revision::no_commit`].
    fn tree_of(&self, revision: &Revision) -> Result<Option<git2::Tree<'_>>, RepoError> {
        if revision.is_no_commit() {
            return Ok(None);
        }
        let id = self.commit_id(revision)?;
        let tree = self
            .git
            .find_commit(id)
            .and_then(|commit| commit.tree())
            .map_err(|source| RepoError::Git {
                context: format!("reading the tree of {}", revision.display_name()),
                source,
            })?;
        Ok(Some(tree))
    }

    /// Every file of the commit's tree, read from git objects.
    pub fn snapshot(
        &self,
        revision: &Revision,
        limits: &SnapshotLimits,
    ) -> Result<Snapshot, RepoError> {
        self.snapshot_reusing(revision, limits, &Snapshot::empty())
    }

    /// Like [`Repository::snapshot`], sharing the text of every blob `earlier` already
    /// holds instead of reading it again: the base and head of a change mostly agree.
    pub fn snapshot_reusing(
        &self,
        revision: &Revision,
        limits: &SnapshotLimits,
        earlier: &Snapshot,
    ) -> Result<Snapshot, RepoError> {
        let Some(root) = self.tree_of(revision)? else {
            return Ok(Snapshot::empty());
        };
        let git_error =
            |context: String| move |source: git2::Error| RepoError::Git { context, source };
        let mut builder = SnapshotBuilder::default();
        let mut unread: Vec<(String, Oid)> = Vec::new();
        for file in earlier.files() {
            if let Ok(id) = Oid::from_str(&file.id) {
                builder.texts_by_id.insert(id, Arc::clone(&file.text));
            }
        }
        // Trees still to read, with their repo-relative prefix ("" or "a/b/").
        let mut pending: Vec<(git2::Tree<'_>, String)> = vec![(root, String::new())];
        while let Some((tree, prefix)) = pending.pop() {
            for entry in tree.iter() {
                let name_bytes = entry.name_bytes();
                let repo_path = match std::str::from_utf8(name_bytes) {
                    Ok(name) => format!("{prefix}{name}"),
                    Err(_) => {
                        let lossy = format!("{prefix}{}", String::from_utf8_lossy(name_bytes));
                        tracing::debug!(path = %lossy, "skipping a file whose name is not UTF-8");
                        builder.skip(lossy, SkipReason::NotUtf8);
                        continue;
                    }
                };
                match entry.kind() {
                    Some(ObjectType::Tree) => {
                        let subtree =
                            self.git.find_tree(entry.id()).map_err(git_error(format!(
                                "reading directory {repo_path} of {}",
                                revision.display_name()
                            )))?;
                        pending.push((subtree, format!("{repo_path}/")));
                    }
                    Some(ObjectType::Blob)
                        if matches!(entry.filemode(), FILEMODE_BLOB | FILEMODE_BLOB_EXECUTABLE) =>
                    {
                        let id = entry.id();
                        if !builder.add_known(&repo_path, id) {
                            unread.push((repo_path, id));
                        }
                    }
                    // Symlinks (blobs with mode 120000) and submodules (commit entries).
                    _ => {}
                }
            }
        }
        for ((path, id), blob) in unread
            .iter()
            .zip(self.read_blobs(&unread, revision, limits)?)
        {
            match blob {
                Blob::TooLarge(size) => builder.skip_too_large(path.clone(), size, limits),
                Blob::Content(bytes) => builder.add(path.clone(), *id, &bytes),
            }
        }
        let snapshot = builder.finish();
        tracing::debug!(
            revision = %revision.display_name(),
            files = snapshot.len(),
            skipped = snapshot.skipped.len(),
            "read commit snapshot"
        );
        Ok(snapshot)
    }

    /// The contents of blobs (or their size, when over the limit), in order. Many blobs are
    /// read on several threads, each with its own handle on the repository: inflating
    /// objects is most of the work of reading a tree.
    fn read_blobs(
        &self,
        blobs: &[(String, Oid)],
        revision: &Revision,
        limits: &SnapshotLimits,
    ) -> Result<Vec<Blob>, RepoError> {
        const PER_THREAD_AT_LEAST: usize = 64;
        let read_with = |git: &git2::Repository, chunk: &[(String, Oid)]| {
            let odb = git.odb().map_err(|source| RepoError::Git {
                context: format!("opening the object database of {}", git.path().display()),
                source,
            })?;
            chunk
                .iter()
                .map(|(path, id)| {
                    let failed = |what: &str| {
                        let context = format!("{what} {path} in {}", revision.display_name());
                        move |source| RepoError::Git { context, source }
                    };
                    let (size, _) = odb
                        .read_header(*id)
                        .map_err(failed("reading the size of"))?;
                    if size as u64 > limits.max_file_size {
                        return Ok(Blob::TooLarge(size as u64));
                    }
                    let blob = git.find_blob(*id).map_err(failed("reading"))?;
                    Ok(Blob::Content(blob.content().to_vec()))
                })
                .collect::<Result<Vec<_>, RepoError>>()
        };
        let threads = rayon::current_num_threads().min(blobs.len() / PER_THREAD_AT_LEAST);
        if threads < 2 {
            return read_with(&self.git, blobs);
        }
        let git_dir = self.git.path();
        let chunks: Vec<_> = blobs.chunks(blobs.len().div_ceil(threads)).collect();
        let read: Vec<Result<Vec<Blob>, RepoError>> = chunks
            .into_par_iter()
            .map(|chunk| {
                let git = git2::Repository::open(git_dir).map_err(|source| RepoError::Git {
                    context: format!("opening {}", git_dir.display()),
                    source,
                })?;
                read_with(&git, chunk)
            })
            .collect();
        let mut out = Vec::with_capacity(blobs.len());
        for chunk in read {
            out.extend(chunk?);
        }
        Ok(out)
    }

    /// What changed from `from` to `to`, tree to tree, with git's default rename detection
    /// (50% similarity), and the line numbers (1-based, in the `to` version) of added
    /// lines. Symlinks and submodules are left out, as in [`Repository::snapshot`].
    pub fn change_set(&self, from: &Revision, to: &Revision) -> Result<ChangeSet, RepoError> {
        let from_tree = self.tree_of(from)?;
        let to_tree = self.tree_of(to)?;
        let context = || {
            format!(
                "comparing {} with {}",
                from.display_name(),
                to.display_name()
            )
        };
        let mut diff = self
            .git
            .diff_tree_to_tree(from_tree.as_ref(), to_tree.as_ref(), None)
            .map_err(|source| RepoError::Git {
                context: context(),
                source,
            })?;
        // Explicit options, so that a user's `diff.renames` setting does not change results.
        let mut find_options = DiffFindOptions::new();
        find_options
            .renames(true)
            .rename_threshold(GIT_DEFAULT_RENAME_THRESHOLD)
            .rename_limit(GIT_DEFAULT_RENAME_LIMIT);
        diff.find_similar(Some(&mut find_options))
            .map_err(|source| RepoError::Git {
                context: format!("detecting renames while {}", context()),
                source,
            })?;

        let mut files = Vec::new();
        for (index, delta) in diff.deltas().enumerate() {
            let old_path = delta.old_file().path_bytes().map(lossy_path);
            let new_path = delta.new_file().path_bytes().map(lossy_path);
            let old_is_file = is_regular_file(delta.old_file().mode());
            let new_is_file = is_regular_file(delta.new_file().mode());
            let (status, path, old_path) = match delta.status() {
                Delta::Added if new_is_file => (ChangeStatus::Added, new_path, None),
                Delta::Deleted if old_is_file => (ChangeStatus::Deleted, old_path, None),
                Delta::Modified if new_is_file => (ChangeStatus::Modified, new_path, None),
                Delta::Renamed if new_is_file => (ChangeStatus::Renamed, new_path, old_path),
                // Copies are not detected; type changes arrive as a delete and an add.
                Delta::Copied if new_is_file => (ChangeStatus::Added, new_path, None),
                _ => continue,
            };
            let Some(path) = path else { continue };
            let added_lines = if status == ChangeStatus::Deleted {
                Vec::new()
            } else {
                self.added_lines(&diff, index, &path, &context)?
            };
            files.push(ChangedFile {
                path,
                old_path,
                status,
                added_lines,
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        tracing::debug!(
            from = %from.display_name(),
            to = %to.display_name(),
            files = files.len(),
            "computed change set"
        );
        Ok(ChangeSet { files })
    }

    /// The new-side line numbers of the lines added in delta `index` of `diff`.
    fn added_lines(
        &self,
        diff: &git2::Diff<'_>,
        index: usize,
        path: &str,
        context: &dyn Fn() -> String,
    ) -> Result<Vec<u32>, RepoError> {
        let git_error = |source: git2::Error| RepoError::Git {
            context: format!("reading the changes to {path} while {}", context()),
            source,
        };
        let Some(patch) = git2::Patch::from_diff(diff, index).map_err(git_error)? else {
            return Ok(Vec::new());
        };
        let mut added_lines = Vec::new();
        for hunk_index in 0..patch.num_hunks() {
            let line_count = patch.num_lines_in_hunk(hunk_index).map_err(git_error)?;
            for line_index in 0..line_count {
                let line = patch
                    .line_in_hunk(hunk_index, line_index)
                    .map_err(git_error)?;
                if line.origin() == '+' {
                    if let Some(number) = line.new_lineno() {
                        added_lines.push(number);
                    }
                }
            }
        }
        added_lines.sort_unstable();
        Ok(added_lines)
    }
}

fn is_regular_file(mode: git2::FileMode) -> bool {
    matches!(mode, git2::FileMode::Blob | git2::FileMode::BlobExecutable)
}

fn lossy_path(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A revision as the report names it.
impl From<&Revision> for aetheredge_core::report::RevisionRef {
    fn from(r: &Revision) -> aetheredge_core::report::RevisionRef {
        aetheredge_core::report::RevisionRef {
            rev: r.rev.clone(),
            sha: r.sha.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{BuiltRepo, FixtureCommit, Scenario};

    fn commit(dir: &str, files: &[(&str, &[u8])]) -> FixtureCommit {
        let (_, branch) = dir.split_once('-').expect("test dirs are NN-branch");
        FixtureCommit {
            dir: dir.to_string(),
            branch: branch.replace("__", "/"),
            message: dir.to_string(),
            files: files
                .iter()
                .map(|(path, content)| (path.to_string(), content.to_vec()))
                .collect(),
            deleted: Vec::new(),
            renamed: Vec::new(),
        }
    }

    fn build(commits: Vec<FixtureCommit>) -> (tempfile::TempDir, BuiltRepo) {
        let temp = tempfile::tempdir().expect("temp dir");
        let scenario = Scenario {
            name: "test".to_string(),
            commits,
        };
        let built = scenario
            .build(&temp.path().join("repo"))
            .expect("scenario builds");
        (temp, built)
    }

    /// main: 01, 02; feature/vpc: 03 (from 02); main: 04.
    fn diverged() -> (tempfile::TempDir, BuiltRepo) {
        build(vec![
            commit(
                "01-main",
                &[("main.tf", b"one\n"), ("modules/vpc/main.tf", b"vpc\n")],
            ),
            commit("02-main", &[("main.tf", b"one\ntwo\n")]),
            commit(
                "03-feature__vpc",
                &[("modules/vpc/main.tf", b"vpc\nsubnet\n")],
            ),
            commit("04-main", &[("main.tf", b"one\ntwo\nthree\n")]),
        ])
    }

    #[test]
    fn opens_from_a_subdirectory_and_from_the_git_dir() {
        let (_temp, built) = diverged();
        let from_subdir = Repository::open(&built.path.join("modules/vpc")).expect("opens");
        assert_eq!(
            from_subdir.resolve("main").expect("main").sha,
            built.branches["main"]
        );
        let work_dir = from_subdir.work_dir().expect("has a work tree");
        assert_eq!(
            work_dir.canonicalize().expect("canonical"),
            built.path.canonicalize().expect("canonical")
        );
        let from_git_dir = Repository::open(&built.path.join(".git")).expect("opens");
        assert_eq!(
            from_git_dir.resolve("feature/vpc").expect("branch").sha,
            built.branches["feature/vpc"]
        );
        assert!(Repository::is_inside_repo(&built.path.join("modules")));
    }

    #[test]
    fn opens_a_bare_clone_and_reads_it_without_a_work_tree() {
        let (temp, built) = diverged();
        let bare_path = temp.path().join("bare.git");
        git2::build::RepoBuilder::new()
            .bare(true)
            .clone(built.path.to_str().expect("utf-8 temp path"), &bare_path)
            .expect("bare clone");
        let repo = Repository::open(&bare_path).expect("opens bare");
        assert!(repo.work_dir().is_none());
        assert_eq!(
            repo.resolve("main").expect("main").sha,
            built.branches["main"]
        );
        let feature = repo.resolve("origin/feature/vpc").expect("remote branch");
        assert_eq!(feature.sha, built.branches["feature/vpc"]);
        let snapshot = repo
            .snapshot(&feature, &SnapshotLimits::default())
            .expect("snapshot");
        let paths: Vec<&str> = snapshot.files().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["main.tf", "modules/vpc/main.tf"]);
        assert_eq!(
            &*snapshot.get("modules/vpc/main.tf").expect("file").text,
            "vpc\nsubnet\n"
        );
    }

    #[test]
    fn a_plain_directory_is_not_a_repository() {
        let temp = tempfile::tempdir().expect("temp dir");
        assert!(!Repository::is_inside_repo(temp.path()));
        let error = Repository::open(temp.path()).expect_err("not a repo");
        match &error {
            RepoError::NotARepository { path } => assert_eq!(path, temp.path()),
            other => panic!("unexpected error {other:?}"),
        }
        assert!(error
            .to_string()
            .contains(&temp.path().display().to_string()));

        let missing = temp.path().join("missing");
        match Repository::open(&missing) {
            Err(RepoError::Io { path, source }) => {
                assert_eq!(path, missing);
                assert_eq!(source.kind(), io::ErrorKind::NotFound);
            }
            other => panic!("unexpected result {other:?}"),
        }
    }

    fn commit_time(git: &git2::Repository, sha: &str) -> i64 {
        let id = git2::Oid::from_str(sha).expect("an object id");
        git.find_commit(id).expect("a commit").time().seconds()
    }

    #[test]
    fn resolves_branches_tags_short_shas_and_ancestry() {
        let (_temp, built) = diverged();
        let repo = Repository::open(&built.path).expect("opens");
        let sha_04 = built.sha("04-main").expect("04");
        let sha_02 = built.sha("02-main").expect("02");

        let git = git2::Repository::open(&built.path).expect("git2 opens");
        let target = git
            .revparse_single(built.sha("01-main").expect("01"))
            .expect("01 object");
        let tagger = git2::Signature::now("Tagger", "tagger@example.invalid").expect("sig");
        git.tag("v1.0", &target, &tagger, "release 1.0", false)
            .expect("annotated tag");
        git.tag_lightweight("light", &target, false)
            .expect("lightweight tag");

        let main = repo.resolve("main").expect("branch");
        assert_eq!(
            main,
            Revision {
                rev: "main".to_string(),
                sha: sha_04.to_string(),
                time: commit_time(&git, sha_04),
            }
        );
        assert_eq!(
            repo.resolve("v1.0").expect("tag").sha,
            built.commits["01-main"]
        );
        assert_eq!(
            repo.resolve("light").expect("tag").sha,
            built.commits["01-main"]
        );
        let short = &sha_02[..7];
        let by_short = repo.resolve(short).expect("short sha");
        assert_eq!(by_short.rev, short);
        assert_eq!(by_short.sha, sha_02);
        assert_eq!(repo.resolve(sha_02).expect("full sha").sha, sha_02);
        assert_eq!(repo.resolve("HEAD~1").expect("HEAD~1").sha, sha_02);
        assert_eq!(repo.resolve("main^").expect("main^").sha, sha_02);
        assert_eq!(repo.resolve("feature/vpc~1").expect("~1").sha, sha_02);
        assert_eq!(main.sha.len(), 40);
        assert_eq!(main.sha, main.sha.to_lowercase());
    }

    #[test]
    fn an_unknown_revision_is_named_in_the_error() {
        let (_temp, built) = diverged();
        let repo = Repository::open(&built.path).expect("opens");
        let error = repo.resolve("no-such-branch").expect_err("unknown");
        assert!(
            matches!(&error, RepoError::UnknownRevision { rev } if rev == "no-such-branch"),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("`no-such-branch`"), "{message}");
        assert!(message.contains("git branch -a"), "{message}");
        assert!(message.contains("git log"), "{message}");

        let tree_error = repo.resolve("main^{tree}").expect_err("a tree");
        assert!(
            matches!(&tree_error, RepoError::NotACommit { rev, kind } if rev == "main^{tree}" && kind == "tree"),
            "{tree_error:?}"
        );

        let foreign = Revision {
            rev: "elsewhere".to_string(),
            sha: "1234567890123456789012345678901234567890".to_string(),
            time: 0,
        };
        let foreign_error = repo
            .snapshot(&foreign, &SnapshotLimits::default())
            .expect_err("not in this repo");
        assert!(
            matches!(&foreign_error, RepoError::UnknownRevision { rev } if rev == "elsewhere (1234567890123456789012345678901234567890)"),
            "{foreign_error:?}"
        );
    }

    #[test]
    fn a_repository_without_commits_says_so() {
        let (_temp, built) = build(Vec::new());
        let repo = Repository::open(&built.path).expect("opens");
        let error = repo.resolve("HEAD").expect_err("no commits");
        match &error {
            RepoError::NoCommits { path } => assert_eq!(
                path.canonicalize().expect("canonical"),
                built.path.canonicalize().expect("canonical")
            ),
            other => panic!("unexpected error {other:?}"),
        }
        assert!(matches!(
            repo.resolve("main"),
            Err(RepoError::NoCommits { .. })
        ));
    }

    #[test]
    fn merge_base_of_diverged_branches_is_the_fork_point() {
        let (_temp, built) = diverged();
        let repo = Repository::open(&built.path).expect("opens");
        let main = repo.resolve("main").expect("main");
        let feature = repo.resolve("feature/vpc").expect("feature");
        let base = repo.merge_base(&main, &feature).expect("merge base");
        let expected_sha = built.commits["02-main"].clone();
        let git = git2::Repository::open(&built.path).expect("git2 opens");
        assert_eq!(
            base,
            Some(Revision {
                rev: expected_sha.clone(),
                time: commit_time(&git, &expected_sha),
                sha: expected_sha,
            })
        );
        // GitHub's base...head: only the feature's own change, not main's later one.
        let base = base.expect("base");
        let changes = repo.change_set(&base, &feature).expect("change set");
        assert_eq!(
            changes.files,
            vec![ChangedFile {
                path: "modules/vpc/main.tf".to_string(),
                old_path: None,
                status: ChangeStatus::Modified,
                added_lines: vec![2],
            }]
        );
    }

    #[test]
    fn unrelated_histories_have_no_merge_base() {
        let (_temp, built) = build(vec![
            commit("01-orphan", &[("a.tf", b"a\n")]),
            commit("02-main", &[("b.tf", b"b\n")]),
        ]);
        let repo = Repository::open(&built.path).expect("opens");
        let main = repo.resolve("main").expect("main");
        let orphan = repo.resolve("orphan").expect("orphan");
        assert_eq!(repo.merge_base(&main, &orphan).expect("merge base"), None);
        assert_eq!(
            repo.merge_base(&Revision::no_commit(), &main)
                .expect("merge base"),
            None
        );
    }

    #[test]
    fn change_set_reports_each_kind_of_change_with_exact_added_lines() {
        let ten_lines = b"l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n";
        let ten_lines_edited = b"l1\nl2\nl3\nl4\nEDIT\nl6\nl7\nl8\nl9\nl10\n";
        let mut head = commit(
            "02-main",
            &[
                ("a.tf", b"1\nX\n2\n3\nY\n"),
                ("new.tf", b"n1\nn2\n"),
                ("moved/g.tf", ten_lines_edited),
            ],
        );
        head.deleted = vec!["c.tf".to_string(), "f.tf".to_string()];
        head.renamed = vec![("d.tf".to_string(), "e.tf".to_string())];
        let (_temp, built) = build(vec![
            commit(
                "01-main",
                &[
                    ("a.tf", b"1\n2\n3\n"),
                    ("c.tf", b"old\n"),
                    ("d.tf", b"resource \"x\" \"y\" {}\n"),
                    ("f.tf", ten_lines),
                    ("same.tf", b"unchanged\n"),
                ],
            ),
            head,
        ]);
        let repo = Repository::open(&built.path).expect("opens");
        let base = repo.resolve("main~1").expect("base");
        let head = repo.resolve("main").expect("head");
        let changes = repo.change_set(&base, &head).expect("change set");
        let changed =
            |path: &str, old_path: Option<&str>, status, added_lines: Vec<u32>| ChangedFile {
                path: path.to_string(),
                old_path: old_path.map(str::to_string),
                status,
                added_lines,
            };
        assert_eq!(
            changes.files,
            vec![
                changed("a.tf", None, ChangeStatus::Modified, vec![2, 5]),
                changed("c.tf", None, ChangeStatus::Deleted, vec![]),
                changed("e.tf", Some("d.tf"), ChangeStatus::Renamed, vec![]),
                changed("moved/g.tf", Some("f.tf"), ChangeStatus::Renamed, vec![5]),
                changed("new.tf", None, ChangeStatus::Added, vec![1, 2]),
            ]
        );
        assert!(changes.is_added_line("a.tf", 2));
        assert!(changes.is_added_line("a.tf", 5));
        assert!(!changes.is_added_line("a.tf", 1));
        assert!(!changes.is_added_line("same.tf", 1));
        assert!(!changes.is_added_line("c.tf", 1));
        assert_eq!(
            changes.get("moved/g.tf").map(|file| file.status),
            Some(ChangeStatus::Renamed)
        );
        assert!(changes.get("same.tf").is_none());
    }

    #[test]
    fn change_set_from_no_commit_adds_every_line() {
        let (_temp, built) = diverged();
        let repo = Repository::open(&built.path).expect("opens");
        let main = repo.resolve("main").expect("main");
        let changes = repo
            .change_set(&Revision::no_commit(), &main)
            .expect("change set");
        let snapshot = repo
            .snapshot(&main, &SnapshotLimits::default())
            .expect("snapshot");
        assert_eq!(changes.files, ChangeSet::everything(&snapshot).files);
        assert_eq!(changes.files[0].added_lines, vec![1, 2, 3]);
        assert!(repo
            .snapshot(&Revision::no_commit(), &SnapshotLimits::default())
            .expect("empty")
            .is_empty());
    }

    #[test]
    fn everything_counts_lines_like_git() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("two.tf"), "a\nb\n").expect("write");
        fs::write(dir.path().join("unterminated.tf"), "a\nb").expect("write");
        fs::write(dir.path().join("empty.tf"), "").expect("write");
        let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).expect("reads");
        let changes = ChangeSet::everything(&snapshot);
        let summary: Vec<(&str, &[u32])> = changes
            .files
            .iter()
            .map(|file| (file.path.as_str(), file.added_lines.as_slice()))
            .collect();
        assert_eq!(
            summary,
            [
                ("empty.tf", &[][..]),
                ("two.tf", &[1, 2][..]),
                ("unterminated.tf", &[1, 2][..])
            ]
        );
        assert!(changes
            .files
            .iter()
            .all(|file| file.status == ChangeStatus::Added && file.old_path.is_none()));
    }

    /// A blob of `size` bytes of `a`.
    fn filler(size: usize) -> Vec<u8> {
        vec![b'a'; size]
    }

    #[test]
    fn snapshot_skips_large_binary_and_non_utf8_files() {
        // git looks for a NUL in the first 8000 bytes: byte 8000 (1-based) counts, 8001 does not.
        let mut nul_after_probe = filler(8000);
        nul_after_probe.push(0);
        let mut nul_inside_probe = filler(7999);
        nul_inside_probe.push(0);
        let at_limit = filler(9000);
        let over_limit = filler(9001);
        let (_temp, built) = build(vec![commit(
            "01-main",
            &[
                ("at_limit.txt", &at_limit),
                ("over_limit.txt", &over_limit),
                ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
                ("nul_inside_probe.bin", &nul_inside_probe),
                ("nul_after_probe.txt", &nul_after_probe),
                ("latin1.tf", b"name = \"caf\xe9\"\n"),
                ("ok.tf", b"ok\n"),
            ],
        )]);
        let repo = Repository::open(&built.path).expect("opens");
        let main = repo.resolve("main").expect("main");
        let limits = SnapshotLimits {
            max_file_size: 9000,
        };
        let snapshot = repo.snapshot(&main, &limits).expect("snapshot");
        let paths: Vec<&str> = snapshot.files().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["at_limit.txt", "nul_after_probe.txt", "ok.tf"]);
        let skipped = |path: &str, reason| SkippedFile {
            path: path.to_string(),
            reason,
        };
        assert_eq!(
            snapshot.skipped(),
            [
                skipped("image.png", SkipReason::Binary),
                skipped("latin1.tf", SkipReason::NotUtf8),
                skipped("nul_inside_probe.bin", SkipReason::Binary),
                skipped(
                    "over_limit.txt",
                    SkipReason::TooLarge {
                        size: 9001,
                        limit: 9000
                    }
                ),
            ]
        );
        let working_copy = Snapshot::from_dir(&built.path, &limits).expect("reads dir");
        assert_eq!(working_copy.skipped(), snapshot.skipped());
    }

    #[test]
    fn a_large_tree_is_read_on_several_threads_with_the_same_rules() {
        let texts: Vec<(String, Vec<u8>)> = (0..300)
            .map(|i| {
                (
                    format!("dir{}/file{i:03}.tf", i % 7),
                    format!("n = {i}\n").into_bytes(),
                )
            })
            .collect();
        let mut files: Vec<(&str, &[u8])> = texts
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_slice()))
            .collect();
        let over_limit = filler(9001);
        files.push(("dir3/over_limit.txt", &over_limit));
        files.push(("dir5/image.png", b"\x89PNG\r\n\x1a\n\0\0"));
        let (_temp, built) = build(vec![commit("01-main", &files)]);
        let repo = Repository::open(&built.path).expect("opens");
        let main = repo.resolve("main").expect("main");
        let limits = SnapshotLimits {
            max_file_size: 9000,
        };
        let snapshot = repo.snapshot(&main, &limits).expect("snapshot");
        assert_eq!(snapshot.len(), 300);
        for (path, text) in &texts {
            let file = snapshot.get(path).expect("every file is read");
            assert_eq!(file.text.as_bytes(), text.as_slice(), "{path}");
        }
        let reasons: Vec<(&str, &SkipReason)> = snapshot
            .skipped()
            .iter()
            .map(|s| (s.path.as_str(), &s.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "dir3/over_limit.txt",
                    &SkipReason::TooLarge {
                        size: 9001,
                        limit: 9000
                    }
                ),
                ("dir5/image.png", &SkipReason::Binary),
            ]
        );
    }

    /// `data` as a zlib stream of one stored (uncompressed) deflate block.
    fn zlib_stored(data: &[u8]) -> Vec<u8> {
        let length = u16::try_from(data.len()).expect("short test data");
        let mut stream = vec![0x78, 0x01, 0x01];
        stream.extend_from_slice(&length.to_le_bytes());
        stream.extend_from_slice(&(!length).to_le_bytes());
        stream.extend_from_slice(data);
        let (mut a, mut b) = (1u32, 0u32);
        for byte in data {
            a = (a + u32::from(*byte)) % 65521;
            b = (b + a) % 65521;
        }
        stream.extend_from_slice(&((b << 16) | a).to_be_bytes());
        stream
    }

    #[test]
    fn an_oversized_blob_is_skipped_without_being_read() {
        let (_temp, built) = build(vec![commit(
            "01-main",
            &[("big.txt", &filler(100_000)), ("small.tf", b"x\n")],
        )]);
        // Replace the big blob's loose object with one whose header still says 100000
        // bytes but whose content is cut short: its size can be read, its content cannot.
        let git = git2::Repository::open(&built.path).expect("git2 opens");
        let big_id = git
            .revparse_single("main:big.txt")
            .expect("blob")
            .id()
            .to_string();
        drop(git);
        let object_path = built
            .path
            .join(".git/objects")
            .join(&big_id[..2])
            .join(&big_id[2..]);
        fs::remove_file(&object_path).expect("remove loose object");
        fs::write(&object_path, zlib_stored(b"blob 100000\0cut short")).expect("write");

        let repo = Repository::open(&built.path).expect("opens");
        let main = repo.resolve("main").expect("main");
        let read_error = repo
            .snapshot(
                &main,
                &SnapshotLimits {
                    max_file_size: 200_000,
                },
            )
            .expect_err("reading the cut-short blob fails");
        assert!(
            matches!(&read_error, RepoError::Git { context, .. } if context.starts_with("reading big.txt in main (")),
            "{read_error:?}"
        );
        let snapshot = repo
            .snapshot(
                &main,
                &SnapshotLimits {
                    max_file_size: 1000,
                },
            )
            .expect("the big blob is not read");
        assert_eq!(
            snapshot.skipped(),
            [SkippedFile {
                path: "big.txt".to_string(),
                reason: SkipReason::TooLarge {
                    size: 100_000,
                    limit: 1000
                }
            }]
        );
        assert_eq!(snapshot.len(), 1);
    }

    #[test]
    fn from_dir_gives_the_same_files_and_ids_as_git() {
        let (_temp, built) = build(vec![commit(
            "01-main",
            &[
                ("main.tf", b"resource \"a\" \"b\" {}\n"),
                ("copy.tf", b"resource \"a\" \"b\" {}\n"),
                ("modules/vpc/variables.tf", b"variable \"cidr\" {}\n"),
                ("binary.bin", b"\0\x01"),
            ],
        )]);
        let repo = Repository::open(&built.path).expect("opens");
        let main = repo.resolve("main").expect("main");
        let limits = SnapshotLimits::default();
        let from_git = repo.snapshot(&main, &limits).expect("snapshot");
        let from_disk = Snapshot::from_dir(&built.path, &limits).expect("reads dir");
        let describe = |snapshot: &Snapshot| -> Vec<(String, String, String)> {
            snapshot
                .files()
                .map(|file| (file.path.clone(), file.id.clone(), file.text.to_string()))
                .collect()
        };
        assert_eq!(describe(&from_disk), describe(&from_git));
        assert_eq!(from_disk.len(), 3);
        // `printf 'resource "a" "b" {}\n' | git hash-object --stdin`
        assert_eq!(
            from_disk.get("main.tf").expect("main.tf").id,
            "70ac00bb04414704ee431759af9d9b4de72e42b9"
        );
        // Identical files share one decoded text.
        assert!(Arc::ptr_eq(
            &from_git.get("main.tf").expect("main.tf").text,
            &from_git.get("copy.tf").expect("copy.tf").text
        ));
        assert_eq!(from_disk.skipped(), from_git.skipped());
    }

    #[test]
    fn from_dir_skips_dot_git_and_follows_no_symlinks() {
        let outside = tempfile::tempdir().expect("temp dir");
        fs::write(outside.path().join("secret.tf"), "secret\n").expect("write");
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir_all(dir.path().join(".git/objects")).expect("mkdir");
        fs::write(dir.path().join(".git/config"), "[core]\n").expect("write");
        fs::create_dir_all(dir.path().join("modules/db")).expect("mkdir");
        fs::write(dir.path().join("modules/db/main.tf"), "db\n").expect("write");
        std::os::unix::fs::symlink(outside.path().join("secret.tf"), dir.path().join("link.tf"))
            .expect("symlink");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("linked_dir")).expect("symlink");
        let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).expect("reads");
        let paths: Vec<&str> = snapshot.files().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["modules/db/main.tf"]);
        assert!(snapshot.skipped().is_empty());
    }

    #[test]
    fn snapshot_and_change_set_ignore_symlinks_and_submodules() {
        let (_temp, built) = build(vec![commit("01-main", &[("main.tf", b"a\n")])]);
        let git = git2::Repository::open(&built.path).expect("git2 opens");
        let base = git.head().expect("head").peel_to_commit().expect("commit");
        let link_target = git.blob(b"main.tf").expect("blob");
        let file = git.blob(b"b\n").expect("blob");
        let mut builder = git
            .treebuilder(Some(&base.tree().expect("tree")))
            .expect("builder");
        builder
            .insert("link.tf", link_target, 0o120000)
            .expect("symlink entry");
        builder
            .insert("vendor", base.id(), 0o160000)
            .expect("submodule entry");
        builder
            .insert("other.tf", file, 0o100755)
            .expect("executable entry");
        let tree = git.find_tree(builder.write().expect("tree")).expect("tree");
        let signature = git2::Signature::now("Test", "test@example.invalid").expect("sig");
        let head_id = git
            .commit(
                Some("refs/heads/main"),
                &signature,
                &signature,
                "links",
                &tree,
                &[&base],
            )
            .expect("commit");

        let repo = Repository::open(&built.path).expect("opens");
        let base = repo.resolve(&base.id().to_string()).expect("base");
        let head = repo.resolve(&head_id.to_string()).expect("head");
        let snapshot = repo
            .snapshot(&head, &SnapshotLimits::default())
            .expect("snapshot");
        let paths: Vec<&str> = snapshot.files().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["main.tf", "other.tf"]);
        assert!(snapshot.skipped().is_empty());
        let changes = repo.change_set(&base, &head).expect("change set");
        assert_eq!(
            changes.files,
            vec![ChangedFile {
                path: "other.tf".to_string(),
                old_path: None,
                status: ChangeStatus::Added,
                added_lines: vec![1],
            }]
        );
    }

    #[test]
    fn snapshots_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Snapshot>();
        assert_send_sync::<ChangeSet>();
        assert_send_sync::<RepoError>();
    }

    #[test]
    fn serializes_reasons_and_statuses_as_documented() {
        let too_large =
            serde_json::to_string(&SkipReason::TooLarge { size: 3, limit: 2 }).expect("json");
        assert_eq!(too_large, r#"{"kind":"too_large","size":3,"limit":2}"#);
        assert_eq!(
            serde_json::to_string(&SkipReason::NotUtf8).expect("json"),
            r#"{"kind":"not_utf8"}"#
        );
        let changed = ChangedFile {
            path: "b.tf".to_string(),
            old_path: Some("a.tf".to_string()),
            status: ChangeStatus::Renamed,
            added_lines: vec![3],
        };
        assert_eq!(
            serde_json::to_string(&changed).expect("json"),
            r#"{"path":"b.tf","old_path":"a.tf","status":"renamed","added_lines":[3]}"#
        );
    }
}

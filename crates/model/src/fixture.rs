//! Fixture scenarios: directories that describe a short git history, turned into real
//! git repositories for tests and the `demo` command.
//!
//! # Scenario directory format
//!
//! ```text
//! my-scenario/
//!   scenario.yaml          any top-level file is ignored (descriptions, expectations)
//!   01-main/               one directory per commit: `NN-branch`
//!     main.tf
//!     modules/vpc/main.tf
//!   02-main/
//!     main.tf              overwrites main.tf of 01-main
//!     _message             the commit message (default: the directory name)
//!   03-feature__vpc/       `__` means `/`: this commit is on branch `feature/vpc`
//!     _deleted             paths removed in this commit, one per line
//!     _renamed             `old/path -> new/path` lines, content moved unchanged
//! ```
//!
//! - Commit directories are applied in the order of their number, then of their name
//!   (with two-digit numbers that is plain name order). A top-level directory whose name
//!   does not start with a digit is ignored; one that starts with a digit but is not
//!   `NN-branch` is an error.
//! - A commit's parent is the previous commit of the same branch. The first commit of a
//!   new branch starts from the tip of `main` at that point; if `main` has no commit yet,
//!   it is a root commit (a history unrelated to everything else).
//! - The files of a commit directory overlay the parent's tree: they are added, or
//!   overwrite the file at the same path. Within a commit, `_renamed` is applied first,
//!   then `_deleted`, then the overlay (so a renamed file can also be edited, and a
//!   deleted path written afresh). A path in `_deleted` or on the left of `_renamed` may
//!   name a directory, meaning every file under it; it must exist in the parent's tree.
//!   In both files, blank lines and lines starting with `#` are ignored.
//! - `_message`, `_deleted` and `_renamed` are control files, read only at the top of a
//!   commit directory and never committed.
//! - A scenario with no commit directories builds an empty repository (unborn HEAD).
//!
//! Built repositories are reproducible: a fixed author and committer
//! ("AetherEdge Fixtures <fixtures@aetheredge.invalid>"), commit times that start at a
//! fixed instant and grow by one minute per commit, and mode 100644 for every file, so the
//! same scenario always gives the same shas.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use git2::{Oid, Signature, Time};

const AUTHOR_NAME: &str = "AetherEdge Fixtures";
const AUTHOR_EMAIL: &str = "fixtures@aetheredge.invalid";
/// The time of the first fixture commit: 2024-01-01T00:00:00Z.
const FIRST_COMMIT_TIME: i64 = 1_704_067_200;
const SECONDS_BETWEEN_COMMITS: i64 = 60;
const MAIN_BRANCH: &str = "main";

const MESSAGE_FILE: &str = "_message";
const DELETED_FILE: &str = "_deleted";
const RENAMED_FILE: &str = "_renamed";

const FILEMODE_BLOB: i32 = 0o100644;
const FILEMODE_TREE: i32 = 0o040000;

/// Why a scenario could not be read or built.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("cannot read fixture {path}: {source}; check that it exists and is readable")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(
        "scenario `{scenario}`: `{dir}` is not a valid commit directory: {reason}; \
         name commit directories `NN-branch` (e.g. `01-main`, `03-feature__vpc`)"
    )]
    InvalidCommitDir {
        scenario: String,
        dir: String,
        reason: String,
    },

    #[error("scenario `{scenario}`: {file} line {line}: {reason}")]
    InvalidControlFile {
        scenario: String,
        /// The control file, as `commit-dir/_renamed`.
        file: String,
        line: usize,
        reason: String,
    },

    #[error(
        "scenario `{scenario}`: commit `{dir}` {action} `{path}`, which is not in the tree \
         it starts from; check the path against the earlier commits of branch `{branch}` \
         (or of `main` for a new branch)"
    )]
    MissingPath {
        scenario: String,
        dir: String,
        branch: String,
        action: &'static str,
        path: String,
    },

    #[error(
        "scenario `{scenario}`: commit `{dir}` renames `{from}` to `{to}`, but `{to}` already \
         exists; delete it first with `_deleted` or pick another name"
    )]
    RenameTargetExists {
        scenario: String,
        dir: String,
        from: String,
        to: String,
    },

    #[error("scenario `{scenario}`: commit `{dir}` has an invalid file path `{path}`: {reason}")]
    InvalidPath {
        scenario: String,
        dir: String,
        path: String,
        reason: String,
    },

    #[error("cannot build a fixture repository in {path}: it exists and is not empty; remove it or pick a new directory")]
    DestinationNotEmpty { path: PathBuf },

    #[error("{context}: {source}")]
    Git {
        context: String,
        #[source]
        source: git2::Error,
    },
}

/// A scenario: a named list of commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub name: String,
    pub commits: Vec<FixtureCommit>,
}

/// One commit of a scenario, as its directory describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixtureCommit {
    /// The directory name, e.g. `03-feature__vpc`.
    pub dir: String,
    /// The branch, with `__` turned into `/`: `feature/vpc`.
    pub branch: String,
    pub message: String,
    /// Files added or overwritten, by repo-relative path (`/` separators).
    pub files: BTreeMap<String, Vec<u8>>,
    /// Paths (files or directories) removed.
    pub deleted: Vec<String>,
    /// `(old path, new path)` pairs, content moved unchanged.
    pub renamed: Vec<(String, String)>,
}

/// A repository built from a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltRepo {
    pub path: PathBuf,
    /// Commit sha by commit directory name.
    pub commits: BTreeMap<String, String>,
    /// Tip sha by branch name.
    pub branches: BTreeMap<String, String>,
}

impl BuiltRepo {
    /// The sha of the commit made from directory `dir`.
    pub fn sha(&self, dir: &str) -> Option<&str> {
        self.commits.get(dir).map(String::as_str)
    }
}

/// A top-level directory of a scenario, read from disk or from embedded files.
struct RawCommitDir {
    name: String,
    /// Files by path relative to the commit directory, `/` separators.
    files: BTreeMap<String, Vec<u8>>,
}

impl Scenario {
    /// A scenario written in code: commits in order, each a branch and its files (overlaid
    /// on the branch's previous commit, as commit directories are). Tests build repos so.
    pub fn from_commits<'a, F, C>(
        name: &str,
        commits: impl IntoIterator<Item = (&'a str, F)>,
    ) -> Scenario
    where
        F: IntoIterator<Item = (&'a str, C)>,
        C: AsRef<[u8]>,
    {
        Scenario {
            name: name.to_string(),
            commits: commits
                .into_iter()
                .enumerate()
                .map(|(i, (branch, files))| FixtureCommit {
                    dir: format!("{:02}-{}", i + 1, branch.replace('/', "__")),
                    branch: branch.to_string(),
                    message: format!("commit {}", i + 1),
                    files: files
                        .into_iter()
                        .map(|(path, content)| (path.to_string(), content.as_ref().to_vec()))
                        .collect(),
                    deleted: Vec::new(),
                    renamed: Vec::new(),
                })
                .collect(),
        }
    }

    /// Reads a scenario directory on disk (see the module documentation for the format).
    pub fn from_dir(dir: &Path) -> Result<Scenario, FixtureError> {
        let io_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source: io::Error| FixtureError::Io { path, source }
        };
        let name = dir.file_name().map_or_else(
            || "scenario".to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let mut raw_dirs = Vec::new();
        for entry in fs::read_dir(dir).map_err(io_error(dir))? {
            let entry = entry.map_err(io_error(dir))?;
            let entry_path = entry.path();
            if !fs::metadata(&entry_path)
                .map_err(io_error(&entry_path))?
                .is_dir()
            {
                continue;
            }
            let dir_name = utf8_name(&entry_path, &name)?;
            let mut files = BTreeMap::new();
            collect_disk_files(&entry_path, "", &name, &dir_name, &mut files)?;
            raw_dirs.push(RawCommitDir {
                name: dir_name,
                files,
            });
        }
        Scenario::from_raw_dirs(name, raw_dirs)
    }

    /// Reads a scenario compiled into the binary with `include_dir!`, under the same rules
    /// as [`Scenario::from_dir`].
    pub fn from_embedded(dir: &include_dir::Dir<'_>) -> Result<Scenario, FixtureError> {
        let name = dir.path().file_name().map_or_else(
            || "scenario".to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let mut raw_dirs = Vec::new();
        for commit_dir in dir.dirs() {
            let dir_name = relative_path(commit_dir.path(), dir.path());
            let mut files = BTreeMap::new();
            collect_embedded_files(commit_dir, commit_dir.path(), &mut files);
            raw_dirs.push(RawCommitDir {
                name: dir_name,
                files,
            });
        }
        Scenario::from_raw_dirs(name, raw_dirs)
    }

    fn from_raw_dirs(name: String, raw_dirs: Vec<RawCommitDir>) -> Result<Scenario, FixtureError> {
        let mut numbered = Vec::new();
        for raw_dir in raw_dirs {
            let Some(parsed) = parse_commit_dir_name(&raw_dir.name) else {
                tracing::debug!(scenario = %name, dir = %raw_dir.name, "ignoring a directory that is not a commit directory");
                continue;
            };
            let (number, branch) = parsed.map_err(|reason| FixtureError::InvalidCommitDir {
                scenario: name.clone(),
                dir: raw_dir.name.clone(),
                reason,
            })?;
            let commit = parse_commit(&name, raw_dir, branch)?;
            numbered.push((number, commit));
        }
        numbered.sort_by(|(a_number, a), (b_number, b)| {
            a_number.cmp(b_number).then_with(|| a.dir.cmp(&b.dir))
        });
        Ok(Scenario {
            name,
            commits: numbered.into_iter().map(|(_, commit)| commit).collect(),
        })
    }

    /// Creates a git repository at `dest` (non-bare, initial branch `main`) holding the
    /// scenario's commits, and checks out `main` into its work tree. `dest` must not
    /// exist or be an empty directory.
    pub fn build(&self, dest: &Path) -> Result<BuiltRepo, FixtureError> {
        ensure_empty_destination(dest)?;
        let mut init_options = git2::RepositoryInitOptions::new();
        init_options.initial_head(MAIN_BRANCH).mkpath(true);
        let repo = git2::Repository::init_opts(dest, &init_options).map_err(|source| {
            FixtureError::Git {
                context: format!("creating a git repository in {}", dest.display()),
                source,
            }
        })?;

        // Tip commit and full file list of every branch so far.
        let mut branch_states: BTreeMap<String, (Oid, BTreeMap<String, Vec<u8>>)> = BTreeMap::new();
        let mut commits = BTreeMap::new();
        for (index, commit) in self.commits.iter().enumerate() {
            let git_error = |what: &str| {
                let context = format!(
                    "scenario `{}`: {what} for commit `{}`",
                    self.name, commit.dir
                );
                move |source: git2::Error| FixtureError::Git { context, source }
            };
            let start = branch_states
                .get(&commit.branch)
                .or_else(|| branch_states.get(MAIN_BRANCH));
            let (parent, mut files) = match start {
                Some((tip, files)) => (Some(*tip), files.clone()),
                None => (None, BTreeMap::new()),
            };
            self.apply(commit, &mut files)?;
            let tree_id = write_tree(&repo, &files).map_err(|error| match error {
                TreeError::Git(source) => FixtureError::Git {
                    context: format!(
                        "scenario `{}`: writing the tree of commit `{}`",
                        self.name, commit.dir
                    ),
                    source,
                },
                TreeError::InvalidPath { path, reason } => FixtureError::InvalidPath {
                    scenario: self.name.clone(),
                    dir: commit.dir.clone(),
                    path,
                    reason,
                },
            })?;
            let tree = repo
                .find_tree(tree_id)
                .map_err(git_error("reading the tree"))?;
            let parent_commit = parent
                .map(|id| repo.find_commit(id))
                .transpose()
                .map_err(git_error("reading the parent"))?;
            let parents: Vec<&git2::Commit<'_>> = parent_commit.iter().collect();
            let time = Time::new(
                FIRST_COMMIT_TIME + SECONDS_BETWEEN_COMMITS * index as i64,
                0,
            );
            let signature = Signature::new(AUTHOR_NAME, AUTHOR_EMAIL, &time)
                .map_err(git_error("making the signature"))?;
            let message = format!("{}\n", commit.message.trim_end());
            let commit_id = repo
                .commit(None, &signature, &signature, &message, &tree, &parents)
                .map_err(git_error("writing the commit"))?;
            repo.reference(
                &format!("refs/heads/{}", commit.branch),
                commit_id,
                true,
                &format!("fixture: {}", commit.dir),
            )
            .map_err(git_error("moving the branch"))?;
            tracing::debug!(scenario = %self.name, dir = %commit.dir, branch = %commit.branch, sha = %commit_id, "built fixture commit");
            commits.insert(commit.dir.clone(), commit_id.to_string());
            branch_states.insert(commit.branch.clone(), (commit_id, files));
        }

        if branch_states.contains_key(MAIN_BRANCH) {
            let checkout_error = |source| FixtureError::Git {
                context: format!(
                    "scenario `{}`: checking out `main` in {}",
                    self.name,
                    dest.display()
                ),
                source,
            };
            repo.set_head(&format!("refs/heads/{MAIN_BRANCH}"))
                .map_err(checkout_error)?;
            repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
                .map_err(checkout_error)?;
        } else if !branch_states.is_empty() {
            tracing::warn!(scenario = %self.name, "scenario has no commit on `main`; HEAD is left unborn");
        }

        let branches = branch_states
            .into_iter()
            .map(|(branch, (tip, _))| (branch, tip.to_string()))
            .collect();
        Ok(BuiltRepo {
            path: dest.to_path_buf(),
            commits,
            branches,
        })
    }

    /// Applies a commit's renames, deletions and overlay to the parent's files.
    fn apply(
        &self,
        commit: &FixtureCommit,
        files: &mut BTreeMap<String, Vec<u8>>,
    ) -> Result<(), FixtureError> {
        let missing = |action: &'static str, path: &str| FixtureError::MissingPath {
            scenario: self.name.clone(),
            dir: commit.dir.clone(),
            branch: commit.branch.clone(),
            action,
            path: path.to_string(),
        };
        for (from, to) in &commit.renamed {
            let (from, to) = (from.trim_end_matches('/'), to.trim_end_matches('/'));
            let moved = take_path(files, from);
            if moved.is_empty() {
                return Err(missing("renames", from));
            }
            for (old_path, content) in moved {
                let new_path = format!("{to}{}", &old_path[from.len()..]);
                if files.contains_key(&new_path) {
                    return Err(FixtureError::RenameTargetExists {
                        scenario: self.name.clone(),
                        dir: commit.dir.clone(),
                        from: old_path,
                        to: new_path,
                    });
                }
                files.insert(new_path, content);
            }
        }
        for path in &commit.deleted {
            if take_path(files, path).is_empty() {
                return Err(missing("deletes", path));
            }
        }
        for (path, content) in &commit.files {
            files.insert(path.clone(), content.clone());
        }
        Ok(())
    }
}

/// Removes and returns the file at `path`, or every file under directory `path`.
fn take_path(files: &mut BTreeMap<String, Vec<u8>>, path: &str) -> Vec<(String, Vec<u8>)> {
    if let Some(content) = files.remove(path) {
        return vec![(path.to_string(), content)];
    }
    let prefix = format!("{}/", path.trim_end_matches('/'));
    let under: Vec<String> = files
        .range(prefix.clone()..)
        .take_while(|(file, _)| file.starts_with(&prefix))
        .map(|(file, _)| file.clone())
        .collect();
    under
        .into_iter()
        .filter_map(|file| files.remove(&file).map(|content| (file, content)))
        .collect()
}

/// `Some(Ok((number, branch)))` for `NN-branch`, `Some(Err(reason))` for a name that
/// starts with a digit but is malformed, `None` for a directory that is not a commit.
fn parse_commit_dir_name(name: &str) -> Option<Result<(u64, String), String>> {
    if !name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((|| {
        let (number, branch_part) = name
            .split_once('-')
            .ok_or_else(|| "there is no `-` between the number and the branch".to_string())?;
        let number: u64 = number
            .parse()
            .map_err(|_| format!("`{number}` is not a number"))?;
        if branch_part.is_empty() {
            return Err("the branch name is empty".to_string());
        }
        let branch = branch_part.replace("__", "/");
        let valid = git2::Branch::name_is_valid(&branch).unwrap_or(false);
        if !valid {
            return Err(format!("`{branch}` is not a valid git branch name"));
        }
        Ok((number, branch))
    })())
}

fn parse_commit(
    scenario: &str,
    raw_dir: RawCommitDir,
    branch: String,
) -> Result<FixtureCommit, FixtureError> {
    let RawCommitDir { name, mut files } = raw_dir;
    let control_text = |file_name: &str, bytes: Vec<u8>| {
        String::from_utf8(bytes).map_err(|_| FixtureError::InvalidControlFile {
            scenario: scenario.to_string(),
            file: format!("{name}/{file_name}"),
            line: 1,
            reason: "the file is not UTF-8 text".to_string(),
        })
    };
    let message = match files.remove(MESSAGE_FILE) {
        Some(bytes) => control_text(MESSAGE_FILE, bytes)?.trim().to_string(),
        None => name.clone(),
    };
    let deleted = match files.remove(DELETED_FILE) {
        Some(bytes) => listed_lines(&control_text(DELETED_FILE, bytes)?)
            .map(|(_, line)| line.to_string())
            .collect(),
        None => Vec::new(),
    };
    let mut renamed = Vec::new();
    if let Some(bytes) = files.remove(RENAMED_FILE) {
        let text = control_text(RENAMED_FILE, bytes)?;
        for (line_number, line) in listed_lines(&text) {
            let pair = line
                .split_once("->")
                .map(|(from, to)| (from.trim(), to.trim()))
                .filter(|(from, to)| !from.is_empty() && !to.is_empty());
            let Some((from, to)) = pair else {
                return Err(FixtureError::InvalidControlFile {
                    scenario: scenario.to_string(),
                    file: format!("{name}/{RENAMED_FILE}"),
                    line: line_number,
                    reason: format!("expected `old/path -> new/path`, found `{line}`"),
                });
            };
            renamed.push((from.to_string(), to.to_string()));
        }
    }
    Ok(FixtureCommit {
        dir: name,
        branch,
        message,
        files,
        deleted,
        renamed,
    })
}

/// The meaningful lines of a control file, with their 1-based numbers: trimmed, without
/// blank lines and `#` comments.
fn listed_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

fn utf8_name(path: &Path, scenario: &str) -> Result<String, FixtureError> {
    path.file_name()
        .and_then(|name| name.to_str())
        .map(str::to_string)
        .ok_or_else(|| FixtureError::InvalidPath {
            scenario: scenario.to_string(),
            dir: path.display().to_string(),
            path: path.display().to_string(),
            reason: "fixture file names must be UTF-8".to_string(),
        })
}

fn collect_disk_files(
    disk_dir: &Path,
    prefix: &str,
    scenario: &str,
    commit_dir: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), FixtureError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source: io::Error| FixtureError::Io { path, source }
    };
    for entry in fs::read_dir(disk_dir).map_err(io_error(disk_dir))? {
        let entry = entry.map_err(io_error(disk_dir))?;
        let entry_path = entry.path();
        let name = utf8_name(&entry_path, scenario).map_err(|_| FixtureError::InvalidPath {
            scenario: scenario.to_string(),
            dir: commit_dir.to_string(),
            path: format!("{prefix}{}", entry.file_name().to_string_lossy()),
            reason: "fixture file names must be UTF-8".to_string(),
        })?;
        let relative = format!("{prefix}{name}");
        if fs::metadata(&entry_path)
            .map_err(io_error(&entry_path))?
            .is_dir()
        {
            collect_disk_files(
                &entry_path,
                &format!("{relative}/"),
                scenario,
                commit_dir,
                files,
            )?;
        } else {
            let content = fs::read(&entry_path).map_err(io_error(&entry_path))?;
            files.insert(relative, content);
        }
    }
    Ok(())
}

fn collect_embedded_files(
    dir: &include_dir::Dir<'_>,
    commit_dir_path: &Path,
    files: &mut BTreeMap<String, Vec<u8>>,
) {
    for file in dir.files() {
        files.insert(
            relative_path(file.path(), commit_dir_path),
            file.contents().to_vec(),
        );
    }
    for subdir in dir.dirs() {
        collect_embedded_files(subdir, commit_dir_path, files);
    }
}

/// `path` relative to `base`, with `/` separators. `include_dir` gives every entry its
/// path from the root of the embedded tree, so entries are made relative to their scenario
/// or commit directory here.
fn relative_path(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn ensure_empty_destination(dest: &Path) -> Result<(), FixtureError> {
    match fs::read_dir(dest) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(FixtureError::DestinationNotEmpty {
                    path: dest.to_path_buf(),
                });
            }
            Ok(())
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(FixtureError::Io {
            path: dest.to_path_buf(),
            source,
        }),
    }
}

enum TreeError {
    Git(git2::Error),
    InvalidPath { path: String, reason: String },
}

impl From<git2::Error> for TreeError {
    fn from(error: git2::Error) -> TreeError {
        TreeError::Git(error)
    }
}

/// A directory of the tree being written.
#[derive(Default)]
struct TreeNode<'a> {
    files: BTreeMap<&'a str, &'a [u8]>,
    dirs: BTreeMap<&'a str, TreeNode<'a>>,
}

/// Writes blobs and trees for `files` (all mode 100644) and returns the root tree id.
fn write_tree(
    repo: &git2::Repository,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Oid, TreeError> {
    let mut root = TreeNode::default();
    for (path, content) in files {
        let invalid = |reason: &str| TreeError::InvalidPath {
            path: path.clone(),
            reason: reason.to_string(),
        };
        let components: Vec<&str> = path.split('/').collect();
        if components
            .iter()
            .any(|part| part.is_empty() || *part == "." || *part == ".." || *part == ".git")
        {
            return Err(invalid(
                "paths must be relative, without empty, `.`, `..` or `.git` parts",
            ));
        }
        let Some((file_name, dir_parts)) = components.split_last() else {
            return Err(invalid("the path is empty"));
        };
        let mut node = &mut root;
        for part in dir_parts {
            if node.files.contains_key(part) {
                return Err(invalid("a parent directory is also a file"));
            }
            node = node.dirs.entry(part).or_default();
        }
        if node.dirs.contains_key(file_name) {
            return Err(invalid("the path is also a directory"));
        }
        node.files.insert(file_name, content);
    }
    write_tree_node(repo, &root)
}

fn write_tree_node(repo: &git2::Repository, node: &TreeNode<'_>) -> Result<Oid, TreeError> {
    let mut builder = repo.treebuilder(None)?;
    for (name, content) in &node.files {
        let blob_id = repo.blob(content)?;
        builder.insert(name, blob_id, FILEMODE_BLOB)?;
    }
    for (name, subdir) in &node.dirs {
        let subtree_id = write_tree_node(repo, subdir)?;
        builder.insert(name, subtree_id, FILEMODE_TREE)?;
    }
    Ok(builder.write()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, content: &str) {
        let full = root.join(path);
        fs::create_dir_all(full.parent().expect("has a parent")).expect("mkdir");
        fs::write(full, content).expect("write");
    }

    /// A scenario on disk with every control file and a branch with `/`.
    fn vpc_scenario(root: &Path) -> PathBuf {
        let dir = root.join("vpc-change");
        write(&dir, "scenario.yaml", "description: a VPC change\n");
        write(&dir, "notes/README.md", "not a commit\n");
        write(&dir, "01-main/main.tf", "module \"vpc\" {}\n");
        write(
            &dir,
            "01-main/modules/vpc/main.tf",
            "resource \"aws_vpc\" \"this\" {}\n",
        );
        write(&dir, "01-main/old.tf", "old\n");
        write(&dir, "01-main/legacy/a.tf", "a\n");
        write(&dir, "01-main/legacy/b.tf", "b\n");
        write(
            &dir,
            "02-main/_message",
            "Tidy up\n\nRemove legacy files.\n",
        );
        write(&dir, "02-main/_deleted", "# gone\nlegacy\n\n");
        write(&dir, "03-feature__vpc/_renamed", "old.tf -> renamed.tf\n");
        write(
            &dir,
            "03-feature__vpc/modules/vpc/main.tf",
            "resource \"aws_vpc\" \"this\" {}\nresource \"aws_subnet\" \"a\" {}\n",
        );
        write(
            &dir,
            "03-feature__vpc/modules/vpc/_message",
            "a normal file below the top\n",
        );
        write(
            &dir,
            "04-main/main.tf",
            "module \"vpc\" {}\n# later on main\n",
        );
        dir
    }

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(path, content)| (path.to_string(), content.as_bytes().to_vec()))
            .collect()
    }

    fn tree_files(repo: &git2::Repository, sha: &str) -> BTreeMap<String, String> {
        let commit = repo
            .find_commit(Oid::from_str(sha).expect("sha"))
            .expect("commit");
        let mut found = BTreeMap::new();
        commit
            .tree()
            .expect("tree")
            .walk(git2::TreeWalkMode::PreOrder, |root, entry| {
                if entry.kind() == Some(git2::ObjectType::Blob) {
                    let blob = repo.find_blob(entry.id()).expect("blob");
                    let text = String::from_utf8(blob.content().to_vec()).expect("utf-8");
                    found.insert(format!("{root}{}", entry.name().expect("name")), text);
                }
                git2::TreeWalkResult::Ok
            })
            .expect("walk");
        found
    }

    #[test]
    fn reads_a_scenario_directory() {
        let temp = tempfile::tempdir().expect("temp dir");
        let scenario = Scenario::from_dir(&vpc_scenario(temp.path())).expect("reads");
        assert_eq!(scenario.name, "vpc-change");
        assert_eq!(
            scenario.commits,
            vec![
                FixtureCommit {
                    dir: "01-main".to_string(),
                    branch: "main".to_string(),
                    message: "01-main".to_string(),
                    files: files(&[
                        ("legacy/a.tf", "a\n"),
                        ("legacy/b.tf", "b\n"),
                        ("main.tf", "module \"vpc\" {}\n"),
                        ("modules/vpc/main.tf", "resource \"aws_vpc\" \"this\" {}\n"),
                        ("old.tf", "old\n"),
                    ]),
                    deleted: vec![],
                    renamed: vec![],
                },
                FixtureCommit {
                    dir: "02-main".to_string(),
                    branch: "main".to_string(),
                    message: "Tidy up\n\nRemove legacy files.".to_string(),
                    files: BTreeMap::new(),
                    deleted: vec!["legacy".to_string()],
                    renamed: vec![],
                },
                FixtureCommit {
                    dir: "03-feature__vpc".to_string(),
                    branch: "feature/vpc".to_string(),
                    message: "03-feature__vpc".to_string(),
                    files: files(&[
                        (
                            "modules/vpc/main.tf",
                            "resource \"aws_vpc\" \"this\" {}\nresource \"aws_subnet\" \"a\" {}\n"
                        ),
                        ("modules/vpc/_message", "a normal file below the top\n"),
                    ]),
                    deleted: vec![],
                    renamed: vec![("old.tf".to_string(), "renamed.tf".to_string())],
                },
                FixtureCommit {
                    dir: "04-main".to_string(),
                    branch: "main".to_string(),
                    message: "04-main".to_string(),
                    files: files(&[("main.tf", "module \"vpc\" {}\n# later on main\n")]),
                    deleted: vec![],
                    renamed: vec![],
                },
            ]
        );
    }

    #[test]
    fn builds_branches_parents_deletions_and_renames() {
        let temp = tempfile::tempdir().expect("temp dir");
        let scenario = Scenario::from_dir(&vpc_scenario(temp.path())).expect("reads");
        let built = scenario.build(&temp.path().join("repo")).expect("builds");
        let repo = git2::Repository::open(&built.path).expect("opens");

        assert_eq!(
            built.commits.keys().collect::<Vec<_>>(),
            ["01-main", "02-main", "03-feature__vpc", "04-main"]
        );
        assert_eq!(
            built.branches,
            BTreeMap::from([
                (
                    "feature/vpc".to_string(),
                    built.commits["03-feature__vpc"].clone()
                ),
                ("main".to_string(), built.commits["04-main"].clone()),
            ])
        );
        let feature_ref = repo
            .find_reference("refs/heads/feature/vpc")
            .expect("branch with a slash");
        assert_eq!(
            feature_ref.target().expect("direct").to_string(),
            built.commits["03-feature__vpc"]
        );

        let parent_of = |dir: &str| -> Vec<String> {
            let commit = repo
                .find_commit(Oid::from_str(&built.commits[dir]).expect("sha"))
                .expect("commit");
            commit.parent_ids().map(|id| id.to_string()).collect()
        };
        assert_eq!(parent_of("01-main"), Vec::<String>::new());
        assert_eq!(parent_of("02-main"), [built.commits["01-main"].clone()]);
        assert_eq!(
            parent_of("03-feature__vpc"),
            [built.commits["02-main"].clone()]
        );
        assert_eq!(parent_of("04-main"), [built.commits["02-main"].clone()]);

        let text = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(path, content)| (path.to_string(), content.to_string()))
                .collect()
        };
        assert_eq!(
            tree_files(&repo, &built.commits["02-main"]),
            text(&[
                ("main.tf", "module \"vpc\" {}\n"),
                ("modules/vpc/main.tf", "resource \"aws_vpc\" \"this\" {}\n"),
                ("old.tf", "old\n"),
            ])
        );
        assert_eq!(
            tree_files(&repo, &built.commits["03-feature__vpc"]),
            text(&[
                ("main.tf", "module \"vpc\" {}\n"),
                ("modules/vpc/_message", "a normal file below the top\n"),
                (
                    "modules/vpc/main.tf",
                    "resource \"aws_vpc\" \"this\" {}\nresource \"aws_subnet\" \"a\" {}\n"
                ),
                ("renamed.tf", "old\n"),
            ])
        );

        let second = repo
            .find_commit(Oid::from_str(&built.commits["02-main"]).expect("sha"))
            .expect("commit");
        assert_eq!(second.message(), Some("Tidy up\n\nRemove legacy files.\n"));
        assert_eq!(second.author().name(), Some("AetherEdge Fixtures"));
        assert_eq!(second.author().email(), Some("fixtures@aetheredge.invalid"));
        assert_eq!(second.committer().name(), Some("AetherEdge Fixtures"));
        assert_eq!(second.time().seconds(), FIRST_COMMIT_TIME + 60);

        // `main` is checked out and the work tree is clean.
        assert_eq!(repo.head().expect("head").shorthand(), Some("main"));
        assert_eq!(
            fs::read_to_string(built.path.join("main.tf")).expect("checked out"),
            "module \"vpc\" {}\n# later on main\n"
        );
        assert!(!built.path.join("renamed.tf").exists());
        let statuses = repo.statuses(None).expect("status");
        assert_eq!(statuses.len(), 0);
    }

    #[test]
    fn the_same_scenario_always_gives_the_same_shas() {
        let mut second = FixtureCommit {
            dir: "02-main".to_string(),
            branch: "main".to_string(),
            message: "second commit".to_string(),
            files: files(&[("main.tf", "x\ny\n")]),
            deleted: vec![],
            renamed: vec![],
        };
        let scenario = Scenario {
            name: "pinned".to_string(),
            commits: vec![
                FixtureCommit {
                    dir: "01-main".to_string(),
                    branch: "main".to_string(),
                    message: "01-main".to_string(),
                    files: files(&[("main.tf", "x\n")]),
                    deleted: vec![],
                    renamed: vec![],
                },
                second.clone(),
            ],
        };
        let temp = tempfile::tempdir().expect("temp dir");
        let first_build = scenario.build(&temp.path().join("one")).expect("builds");
        let second_build = scenario.build(&temp.path().join("two")).expect("builds");
        assert_eq!(first_build.commits, second_build.commits);
        assert_eq!(first_build.branches, second_build.branches);
        // The same commits made with the git CLI (`git commit-tree` with the fixture's
        // author, committer and dates) have these shas.
        assert_eq!(
            first_build.commits,
            BTreeMap::from([
                (
                    "01-main".to_string(),
                    "20efb2e2853333bc21c6a035c416fe1599a00f66".to_string()
                ),
                (
                    "02-main".to_string(),
                    "c4d430241b2c415a3cd65e73b58612a2cdc0d818".to_string()
                ),
            ])
        );

        second.message = "a different message".to_string();
        let changed = Scenario {
            name: "pinned".to_string(),
            commits: vec![scenario.commits[0].clone(), second],
        };
        let changed_build = changed.build(&temp.path().join("three")).expect("builds");
        assert_eq!(
            changed_build.commits["01-main"],
            first_build.commits["01-main"]
        );
        assert_ne!(
            changed_build.commits["02-main"],
            first_build.commits["02-main"]
        );
    }

    #[test]
    fn a_branch_before_any_main_commit_is_a_root_commit() {
        let scenario = Scenario {
            name: "orphan".to_string(),
            commits: vec![
                FixtureCommit {
                    dir: "01-other".to_string(),
                    branch: "other".to_string(),
                    message: "other".to_string(),
                    files: files(&[("a.tf", "a\n")]),
                    deleted: vec![],
                    renamed: vec![],
                },
                FixtureCommit {
                    dir: "02-main".to_string(),
                    branch: "main".to_string(),
                    message: "main".to_string(),
                    files: files(&[("b.tf", "b\n")]),
                    deleted: vec![],
                    renamed: vec![],
                },
            ],
        };
        let temp = tempfile::tempdir().expect("temp dir");
        let built = scenario.build(&temp.path().join("repo")).expect("builds");
        let repo = git2::Repository::open(&built.path).expect("opens");
        let main = repo
            .find_commit(Oid::from_str(&built.branches["main"]).expect("sha"))
            .expect("commit");
        assert_eq!(main.parent_count(), 0);
        assert_eq!(
            tree_files(&repo, &built.branches["main"])
                .keys()
                .collect::<Vec<_>>(),
            ["b.tf"]
        );
    }

    #[test]
    fn an_empty_scenario_builds_an_empty_repository() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path().join("empty");
        write(&dir, "scenario.yaml", "description: nothing yet\n");
        let scenario = Scenario::from_dir(&dir).expect("reads");
        assert!(scenario.commits.is_empty());
        let built = scenario.build(&temp.path().join("repo")).expect("builds");
        assert!(built.commits.is_empty());
        assert!(built.branches.is_empty());
        let repo = git2::Repository::open(&built.path).expect("opens");
        assert_eq!(
            repo.head().map(|_| ()).map_err(|error| error.code()),
            Err(git2::ErrorCode::UnbornBranch)
        );
        let head = repo.find_reference("HEAD").expect("HEAD");
        assert_eq!(head.symbolic_target(), Some("refs/heads/main"));
    }

    #[test]
    fn reads_an_embedded_scenario_like_a_directory() {
        // `include_dir!` names every entry by its path from the embedded root, so a
        // scenario inside a tree of scenarios has paths like `scenarios/basic/01-main/...`.
        static SCENARIO: include_dir::Dir<'static> = include_dir::Dir::new(
            "scenarios/basic",
            &[
                include_dir::DirEntry::File(include_dir::File::new(
                    "scenarios/basic/scenario.yaml",
                    b"description: basic\n",
                )),
                include_dir::DirEntry::Dir(include_dir::Dir::new(
                    "scenarios/basic/01-main",
                    &[
                        include_dir::DirEntry::File(include_dir::File::new(
                            "scenarios/basic/01-main/main.tf",
                            b"a\n",
                        )),
                        include_dir::DirEntry::Dir(include_dir::Dir::new(
                            "scenarios/basic/01-main/modules",
                            &[include_dir::DirEntry::File(include_dir::File::new(
                                "scenarios/basic/01-main/modules/m.tf",
                                b"m\n",
                            ))],
                        )),
                    ],
                )),
                include_dir::DirEntry::Dir(include_dir::Dir::new(
                    "scenarios/basic/02-fix__a",
                    &[
                        include_dir::DirEntry::File(include_dir::File::new(
                            "scenarios/basic/02-fix__a/_message",
                            b"Fix a\n",
                        )),
                        include_dir::DirEntry::File(include_dir::File::new(
                            "scenarios/basic/02-fix__a/_deleted",
                            b"modules/m.tf\n",
                        )),
                    ],
                )),
            ],
        );
        let embedded = Scenario::from_embedded(&SCENARIO).expect("reads");

        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path().join("basic");
        write(&dir, "scenario.yaml", "description: basic\n");
        write(&dir, "01-main/main.tf", "a\n");
        write(&dir, "01-main/modules/m.tf", "m\n");
        write(&dir, "02-fix__a/_message", "Fix a\n");
        write(&dir, "02-fix__a/_deleted", "modules/m.tf\n");
        let on_disk = Scenario::from_dir(&dir).expect("reads");

        assert_eq!(embedded, on_disk);
        assert_eq!(embedded.name, "basic");
        assert_eq!(
            embedded.commits[0].files.keys().collect::<Vec<_>>(),
            ["main.tf", "modules/m.tf"]
        );
        assert_eq!(embedded.commits[1].branch, "fix/a");
        assert_eq!(embedded.commits[1].deleted, ["modules/m.tf"]);
    }

    #[test]
    fn rejects_malformed_commit_directories_and_control_files() {
        let temp = tempfile::tempdir().expect("temp dir");
        for (bad_dir, expected_reason) in [
            (
                "03feature",
                "there is no `-` between the number and the branch",
            ),
            ("04-", "the branch name is empty"),
            ("5a-main", "`5a` is not a number"),
            ("06-bad..name", "`bad..name` is not a valid git branch name"),
        ] {
            let dir = temp.path().join(format!("bad-{bad_dir}"));
            write(&dir, &format!("{bad_dir}/main.tf"), "x\n");
            match Scenario::from_dir(&dir) {
                Err(FixtureError::InvalidCommitDir { dir, reason, .. }) => {
                    assert_eq!(dir, bad_dir);
                    assert_eq!(reason, expected_reason);
                }
                other => panic!("{bad_dir}: unexpected {other:?}"),
            }
        }

        let dir = temp.path().join("bad-rename");
        write(
            &dir,
            "01-main/_renamed",
            "# moves\na.tf -> b.tf\na.tf b.tf\n",
        );
        match Scenario::from_dir(&dir) {
            Err(error @ FixtureError::InvalidControlFile { .. }) => {
                let FixtureError::InvalidControlFile { file, line, .. } = &error else {
                    unreachable!()
                };
                assert_eq!(file, "01-main/_renamed");
                assert_eq!(*line, 3);
                assert!(error.to_string().contains("`a.tf b.tf`"), "{error}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn deleting_or_renaming_a_missing_path_is_an_error() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path().join("missing");
        write(&dir, "01-main/a.tf", "a\n");
        write(&dir, "02-feature/_deleted", "b.tf\n");
        let scenario = Scenario::from_dir(&dir).expect("reads");
        match scenario.build(&temp.path().join("repo")) {
            Err(FixtureError::MissingPath {
                dir,
                branch,
                action,
                path,
                ..
            }) => {
                assert_eq!(
                    (dir.as_str(), branch.as_str(), action, path.as_str()),
                    ("02-feature", "feature", "deletes", "b.tf")
                );
            }
            other => panic!("unexpected {other:?}"),
        }

        let dir = temp.path().join("clash");
        write(&dir, "01-main/a.tf", "a\n");
        write(&dir, "01-main/b.tf", "b\n");
        write(&dir, "02-main/_renamed", "a.tf -> b.tf\n");
        let scenario = Scenario::from_dir(&dir).expect("reads");
        assert!(matches!(
            scenario.build(&temp.path().join("clash-repo")),
            Err(FixtureError::RenameTargetExists { from, to, .. }) if from == "a.tf" && to == "b.tf"
        ));
    }

    #[test]
    fn renames_a_directory_and_edits_a_renamed_file() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path().join("moves");
        write(&dir, "01-main/modules/net/main.tf", "net\n");
        write(&dir, "01-main/modules/net/vars.tf", "vars\n");
        write(
            &dir,
            "02-main/_renamed",
            "modules/net/ -> modules/network\n",
        );
        write(&dir, "02-main/modules/network/vars.tf", "vars\nmore\n");
        let built = Scenario::from_dir(&dir)
            .expect("reads")
            .build(&temp.path().join("repo"))
            .expect("builds");
        let repo = git2::Repository::open(&built.path).expect("opens");
        assert_eq!(
            tree_files(&repo, &built.branches["main"]),
            BTreeMap::from([
                ("modules/network/main.tf".to_string(), "net\n".to_string()),
                (
                    "modules/network/vars.tf".to_string(),
                    "vars\nmore\n".to_string()
                ),
            ])
        );
    }

    #[test]
    fn refuses_a_destination_that_is_not_empty() {
        let temp = tempfile::tempdir().expect("temp dir");
        write(temp.path(), "dest/keep.txt", "mine\n");
        let scenario = Scenario {
            name: "any".to_string(),
            commits: Vec::new(),
        };
        let dest = temp.path().join("dest");
        match scenario.build(&dest) {
            Err(FixtureError::DestinationNotEmpty { path }) => assert_eq!(path, dest),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(
            fs::read_to_string(dest.join("keep.txt")).expect("untouched"),
            "mine\n"
        );
    }
}

//! What the end-to-end tests share: the built binary, run as a user runs it, and git
//! repositories built from fixtures in temporary directories.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aetheredge::fixture::Scenario;
use serde_json::Value;

/// The built `aetheredge` binary, ready for arguments.
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_aetheredge"))
}

/// Runs the binary with `args` and waits for it.
pub fn aetheredge(args: &[&str]) -> Output {
    aetheredge_with(args, &[])
}

/// Runs the binary with `args` and extra environment variables.
pub fn aetheredge_with(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = command();
    cmd.args(args);
    for (name, value) in envs {
        cmd.env(name, value);
    }
    cmd.output().expect("the aetheredge binary runs")
}

/// `aetheredge review --format json --repo REPO EXTRA…`: the parsed report (`Null` when
/// stdout is not JSON) and the process output.
pub fn review_json(repo: &Path, extra: &[&str]) -> (Value, Output) {
    let mut args = vec!["review", "--format", "json", "--repo", path_str(repo)];
    args.extend_from_slice(extra);
    let out = aetheredge(&args);
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (report, out)
}

/// A repository at `dir/repo` from commits given as (branch, files), each file
/// (path, content).
pub fn repo<C: AsRef<[u8]>>(dir: &Path, commits: &[(&str, &[(&str, C)])]) -> PathBuf {
    let commits = commits
        .iter()
        .map(|(branch, files)| (*branch, files.iter().map(|(path, text)| (*path, text))));
    Scenario::from_commits("test", commits)
        .build(&dir.join("repo"))
        .expect("the test repository builds")
        .path
}

/// A repository at `dir/repo` from the scenario directory `fixtures/SUBDIR`.
pub fn fixture_repo(subdir: &str, dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(subdir);
    Scenario::from_dir(&src)
        .unwrap_or_else(|e| panic!("fixtures/{subdir}: {e}"))
        .build(&dir.join("repo"))
        .expect("the fixture repository builds")
        .path
}

/// Checks that `text` ends with exactly one newline, as every snapshot does: insta compares a
/// snapshot without its trailing whitespace, and this keeps the comparison exact.
pub fn assert_one_final_newline(text: &str) {
    assert_eq!(
        &text[text.trim_end().len()..],
        "\n",
        "the text ends with exactly one newline"
    );
}

/// A path as the `&str` an argument list needs.
pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

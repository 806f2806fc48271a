//! Reviews in a worker process (`aetheredge worker review`, started by the watcher and the
//! Action): a review that exhausts memory, burns CPU or runs too long is stopped at its
//! limit and named so; a normal review gives the same report as one run in process.

use std::path::{Path, PathBuf};

use aetheredge::fixture::Scenario;
use aetheredge::review::{review, ReviewRequest};
use aetheredge::worker::{Isolation, Limit, Outcome, WorkerError, WorkerLimits};

use crate::support;

/// Workers of the built binary with these limits.
fn isolation(max_memory_mb: u64, max_cpu_seconds: u64, timeout_seconds: u64) -> Isolation {
    Isolation {
        program: PathBuf::from(env!("CARGO_BIN_EXE_aetheredge")),
        limits: WorkerLimits {
            max_memory_mb,
            max_cpu_seconds,
            timeout_seconds,
        },
    }
}

/// The evaluator's string and collection budgets raised in the base's config, so that what
/// stops a hostile review here is the worker's limit, not a budget.
const RAISED_BUDGETS: &str =
    "limits:\n  string_length: 1099511627776\n  collection_length: 1099511627776\n";

/// A repo whose `main` holds one bucket (and config raising the budgets) and whose `change` adds `main.tf` = `terraform`.
fn change_repo(dir: &Path, terraform: &str) -> PathBuf {
    let bucket = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n";
    support::repo(
        dir,
        &[
            (
                "main",
                &[("logs.tf", bucket), ("aetheredge.yaml", RAISED_BUDGETS)],
            ),
            ("change", &[("main.tf", terraform)]),
        ],
    )
}

fn change_of(repo: &Path) -> ReviewRequest {
    ReviewRequest {
        repo: repo.to_path_buf(),
        base: Some("main".into()),
        head: Some("change".into()),
        ..ReviewRequest::default()
    }
}

/// A string doubled through 40 locals: 2^40 times its length if nothing stops it.
fn doubling() -> String {
    let mut tf = String::from("locals {\n  s0 = \"hostile\"\n");
    for i in 1..=40 {
        tf += &format!("  s{i} = \"${{local.s{p}}}${{local.s{p}}}\"\n", p = i - 1);
    }
    tf + "}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s40\n}\n"
}

/// Nested `for` over ranges in 20 locals: 20 million small evaluations (15 s of CPU in a
/// debug build) and little memory.
fn cpu_burner() -> String {
    let mut tf = String::from("locals {\n");
    for i in 0..20 {
        tf += &format!(
            "  p{i} = [for a in range(1000) : length([for b in range(1000) : b if b == a + {i}])]\n"
        );
    }
    let all: Vec<String> = (0..20).map(|i| format!("local.p{i}")).collect();
    tf + &format!(
        "}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = tostring(sum(concat({})))\n}}\n",
        all.join(", ")
    )
}

fn stopped(outcome: Result<Outcome, WorkerError>) -> aetheredge::worker::WorkerStopped {
    match outcome {
        Ok(Outcome::Stopped(s)) => s,
        Ok(Outcome::Reviewed(report)) => panic!("reviewed: {} findings", report.findings.len()),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_review_that_exhausts_memory_is_stopped_at_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    let repo = change_repo(dir.path(), &doubling());
    let s = stopped(isolation(768, 60, 60).review(&change_of(&repo)));
    assert_eq!(s.limit, Limit::Memory, "{s:?}");
    assert_eq!(s.max, 768);
    assert!(s.title().contains("768 MB of memory"), "{}", s.title());
    assert!(
        s.explanation().contains("`--max-memory-mb`"),
        "{}",
        s.explanation()
    );
}

#[test]
fn a_review_that_burns_cpu_is_stopped_at_the_cpu_limit() {
    let dir = tempfile::tempdir().unwrap();
    let repo = change_repo(dir.path(), &cpu_burner());
    let s = stopped(isolation(2048, 1, 60).review(&change_of(&repo)));
    assert_eq!(s.limit, Limit::Cpu, "{s:?}");
    // The kernel enforces the limit on scheduler time, while the child's reported usage is
    // sampled in ticks and lags behind it on a loaded machine (895 ms has been seen for a
    // 1 s limit): near the limit, not far below it.
    assert!(s.cpu >= std::time::Duration::from_millis(750), "{s:?}");
    assert!(
        s.cause.contains("SIGXCPU") || s.cause.contains("SIGKILL"),
        "{s:?}"
    );
}

#[test]
fn a_review_that_runs_too_long_is_killed_at_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let repo = change_repo(dir.path(), &cpu_burner());
    let started = std::time::Instant::now();
    let s = stopped(isolation(2048, 60, 1).review(&change_of(&repo)));
    assert_eq!(s.limit, Limit::Time, "{s:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn a_normal_review_in_a_worker_is_the_review_in_process() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scenarios/security-review");
    let built = Scenario::from_dir(&src)
        .unwrap()
        .build(&dir.path().join("repo"))
        .unwrap();
    let request = ReviewRequest {
        repo: built.path.clone(),
        base: Some("main".into()),
        head: Some("feature/harden-less".into()),
        ..ReviewRequest::default()
    };
    let in_process = review(&request).unwrap();
    let in_worker = match isolation(2048, 60, 120).review(&request) {
        Ok(Outcome::Reviewed(report)) => *report,
        other => panic!("{other:?}"),
    };
    assert!(!in_process.findings.is_empty());
    assert_eq!(in_worker, in_process);
    assert_eq!(in_worker.to_json(), in_process.to_json());
}

#[test]
fn a_review_that_fails_in_the_worker_gives_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let repo = change_repo(dir.path(), "");
    let request = ReviewRequest {
        head: Some("no-such-branch".into()),
        ..change_of(&repo)
    };
    let in_process = review(&request).unwrap_err().to_string();
    match isolation(2048, 60, 60).review(&request) {
        Err(WorkerError::Review(message)) => assert_eq!(message, in_process),
        other => panic!("{other:?}"),
    }
}

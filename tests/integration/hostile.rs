//! Hostile input, tried as an attacker would: repositories built to crash, hang or exhaust
//! a review, each run through every command that reads it with a 4 GiB address-space cap
//! and a 20 s clock. Whatever the input, a run ends with exit 0, 1 or 2 and a message, in
//! time, under the memory ceiling; the known inputs also say which budget stopped them.
//!
//! Three parts: the known cases ([`cases`], every input that once failed), repositories
//! generated from the project's fixtures ([`generate`], a fixed number per run, seeded:
//! `AETHEREDGE_FUZZ_CASES` and `AETHEREDGE_FUZZ_SEED` run more or others), and the parsers
//! fed arbitrary bytes in-process (`AETHEREDGE_FUZZ_ITERATIONS`). A generated repository
//! that fails is written to `fixtures/hostile/` and from then on runs as a regression case.

use crate::support;

mod cases;
mod generate;
mod runner;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aetheredge::fixture::Scenario;
use arbitrary::Unstructured;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

use cases::{Case, Run};

/// A value a hostile template might try to publish; set in every run's environment.
const SECRET: &str = "hostile-secret-7f3a9c";

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn args(run: &Run, repo: &Path, out: &Path) -> Vec<String> {
    let repo = support::path_str(repo).to_string();
    let words: Vec<&str> = match run {
        Run::Review => vec![
            "review", "--format", "json", "--base", "main", "--head", "change",
        ],
        Run::FullReview => vec!["review", "--format", "json", "--head", "change"],
        Run::Plan => vec![
            "plan", "--format", "json", "--base", "main", "--head", "change",
        ],
        Run::Scan => vec!["scan", "--format", "json", "--rev", "change"],
        Run::Cost => vec!["cost", "--format", "json", "--rev", "change"],
        Run::Policy => vec!["policy", "--format", "json", "--rev", "change"],
        Run::Docs => vec!["docs", "--format", "json", "--rev", "change"],
        Run::Site => vec!["site", "--rev", "change", "--out"],
        Run::PolicyTest(_) => vec!["policy", "test"],
        Run::Blueprint(_) => vec!["blueprint", "render", "--rev", "change", "--out"],
    };
    let mut args: Vec<String> = words.into_iter().map(String::from).collect();
    match run {
        Run::Site => args.push(support::path_str(out).to_string()),
        Run::PolicyTest(dir) => {
            args.push(support::path_str(&Path::new(&repo).join(dir)).to_string())
        }
        Run::Blueprint(file) => {
            args.push(support::path_str(out).to_string());
            args.push(file.to_string());
        }
        _ => {}
    }
    if !matches!(run, Run::PolicyTest(_)) {
        args.push("--repo".to_string());
        args.push(repo);
    }
    args
}

/// Every file under `dir` that contains `needle`.
fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .map(|b| b.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
            {
                found.push(path);
            }
        }
    }
    found
}

/// With `AETHEREDGE_HOSTILE_REPORT=FILE` (as `bench/hostile.sh` sets it), one tab-separated
/// line per run is appended to FILE: case, command, exit, peak MiB, CPU seconds, wall seconds.
fn record(case: &str, command: &str, outcome: &runner::Outcome) {
    let Ok(path) = std::env::var("AETHEREDGE_HOSTILE_REPORT") else {
        return;
    };
    let exit = match (outcome.status.code(), outcome.timed_out) {
        (_, true) => "timeout".to_string(),
        (Some(code), _) => code.to_string(),
        (None, _) => "signal".to_string(),
    };
    let line = format!(
        "{case}\t{command}\t{exit}\t{:.1}\t{:.2}\t{:.2}\n",
        outcome.peak_kib as f64 / 1024.0,
        outcome.cpu.as_secs_f64(),
        outcome.wall.as_secs_f64()
    );
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path);
    if let Ok(mut file) = file {
        use std::io::Write;
        let _ = file.write_all(line.as_bytes());
    }
}

/// One commit of a case's repository: its branch and its files as (path, bytes).
type Commit<'a> = (&'a str, Vec<(&'a str, &'a [u8])>);

/// Builds the case's repository and runs each of its commands; the problems found.
fn check(case: &Case) -> Vec<String> {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let commits: Vec<Commit> = vec![
        (
            "main",
            case.base
                .iter()
                .map(|(p, b)| (p.as_str(), b.as_slice()))
                .collect(),
        ),
        (
            "change",
            case.head
                .iter()
                .map(|(p, b)| (p.as_str(), b.as_slice()))
                .collect(),
        ),
    ];
    let repo = match Scenario::from_commits(&case.name, commits).build(&tmp.path().join("repo")) {
        Ok(built) => built.path,
        Err(e) => return vec![format!("{}: the repository does not build: {e}", case.name)],
    };
    let mut problems = Vec::new();
    let mut envs: Vec<(&str, &str)> = vec![("AETHEREDGE_HOSTILE_SECRET", SECRET)];
    envs.extend(case.envs.iter().map(|(k, v)| (*k, v.as_str())));
    for (i, run) in case.runs.iter().enumerate() {
        let out = tmp.path().join(format!("out-{i}"));
        let args = args(run, &repo, &out);
        let outcome = runner::run(&args, tmp.path(), &envs);
        record(&case.name, &args[0], &outcome);
        let said = || {
            let tail: String = outcome
                .stderr
                .chars()
                .rev()
                .take(400)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!(
                "`aetheredge {}`: {tail}",
                args[..args.len().min(6)].join(" ")
            )
        };
        if let Some(failure) = outcome.failure() {
            problems.push(format!(
                "{} — {failure} after {:?} ({} MiB): {}",
                case.name,
                outcome.wall,
                outcome.peak_kib / 1024,
                said()
            ));
            continue;
        }
        let json = args.iter().any(|a| a == "json");
        let code = outcome.status.code();
        if json && code != Some(2) {
            match serde_json::from_slice::<Value>(&outcome.stdout) {
                Err(e) => problems.push(format!(
                    "{} — exit {code:?} but stdout is not JSON ({e}): {}",
                    case.name,
                    said()
                )),
                Ok(report) => {
                    if let (Some(rule), Run::Review | Run::FullReview) = (case.reports, run) {
                        let rules: Vec<&str> = report["findings"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|f| f["rule_id"].as_str())
                            .collect();
                        if !rules.contains(&rule) {
                            problems.push(format!(
                                "{} — the review reports no {rule}; it reports {rules:?}",
                                case.name
                            ));
                        }
                    }
                }
            }
        }
        if out.exists() {
            let leaked = files_containing(&out, SECRET.as_bytes());
            if !leaked.is_empty() {
                problems.push(format!(
                    "{} — the environment leaked into {leaked:?}",
                    case.name
                ));
            }
        }
    }
    problems
}

/// Held by a test while it checks cases: the tests share one process, and two of them each
/// checking two cases at a time would run four reviews on the machine's two cores against
/// their 20 s clocks.
static CHECKING: Mutex<()> = Mutex::new(());

/// Checks cases two at a time (the machine's cores), one test at a time; every problem of
/// every case.
fn check_all(cases: &[Case]) -> Vec<(Case, Vec<String>)> {
    let _checking = CHECKING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let next = Mutex::new(cases.iter());
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let Some(case) = next.lock().expect("queue").next() else {
                    break;
                };
                let problems = check(case);
                if !problems.is_empty() {
                    failed
                        .lock()
                        .expect("results")
                        .push((case.clone(), problems));
                }
            });
        }
    });
    failed.into_inner().expect("results")
}

fn report(failed: &[(Case, Vec<String>)]) -> String {
    failed
        .iter()
        .flat_map(|(_, problems)| problems.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn known_hostile_repositories_are_stopped_by_a_budget_not_by_the_machine() {
    // `AETHEREDGE_HOSTILE_ONLY=rego,template` runs the cases whose names contain one of the words.
    let only = std::env::var("AETHEREDGE_HOSTILE_ONLY").unwrap_or_default();
    let words: Vec<&str> = only.split(',').filter(|w| !w.is_empty()).collect();
    let cases: Vec<Case> = cases::all()
        .into_iter()
        .filter(|case| words.is_empty() || words.iter().any(|w| case.name.contains(w)))
        .collect();
    let failed = check_all(&cases);
    assert!(failed.is_empty(), "{}", report(&failed));
}

/// The regression cases found by generation: `fixtures/hostile/NAME/` holds a scenario
/// (`01-main/`, `02-change/`) and, in `runs`, the commands that failed on it.
fn regressions() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile");
    let mut cases = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let read = |sub: &str| -> cases::Files {
            let base = dir.join(sub);
            let mut files = Vec::new();
            let mut stack = vec![base.clone()];
            while let Some(d) = stack.pop() {
                for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if let (Ok(rel), Ok(bytes)) =
                        (path.strip_prefix(&base), std::fs::read(&path))
                    {
                        files.push((rel.to_string_lossy().into_owned(), bytes));
                    }
                }
            }
            files
        };
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        cases.push(Case {
            name: format!("fixtures/hostile/{name}"),
            base: read("01-main"),
            head: read("02-change"),
            runs: Run::TREE.to_vec(),
            reports: None,
            envs: Vec::new(),
        });
    }
    cases
}

/// Keeps a failing generated case as a regression fixture.
fn keep(case: &Case) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hostile")
        .join(&case.name);
    for (sub, files) in [("01-main", &case.base), ("02-change", &case.head)] {
        for (path, bytes) in files {
            let target = dir.join(sub).join(path);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(target, bytes);
        }
    }
}

#[test]
fn generated_hostile_repositories_end_with_an_answer() {
    let seeds = generate::Seeds::load();
    let count = env_number("AETHEREDGE_FUZZ_CASES", 24);
    let first = env_number("AETHEREDGE_FUZZ_SEED", 1);
    let mut all: Vec<Case> = (first..first + count)
        .map(|seed| generate::case(&seeds, seed))
        .collect();
    all.extend(regressions());
    let failed = check_all(&all);
    for (case, _) in &failed {
        if case.name.starts_with("generated-") {
            keep(case);
        }
    }
    assert!(
        failed.is_empty(),
        "{}\n(generated cases that failed were kept in fixtures/hostile/: commit them)",
        report(&failed)
    );
}

/// How long one parser may take on one input before the test gives up on it.
const PARSER_TIMEOUT: Duration = Duration::from_secs(20);

/// A parser run on one text, its result dropped.
type Parser = fn(&str);

/// Every parser that reads repository text, by name.
const PARSERS: [(&str, Parser); 6] = [
    ("hcl", |t| {
        let _ = aetheredge::iac::parse::parse_file("main.tf", t);
    }),
    ("config", |t| {
        let _ = aetheredge::config::Config::parse(t);
    }),
    ("blueprint", |t| {
        let _ = aetheredge::blueprint::schema::parse("x.blueprint.yaml", t);
    }),
    ("usage", |t| {
        let _ = aetheredge::pricing::usage::parse("infracost-usage.yml", t);
    }),
    ("rego-outline", |t| {
        let _ = aetheredge::policy::outline::Outline::of("p.rego", t);
    }),
    ("yaml-nesting", |t| {
        let _ = aetheredge::limits::yaml_nesting(t, 128);
    }),
];

/// The parsers, fed mutated project texts and arbitrary bytes in-process: none panics, none
/// runs past `PARSER_TIMEOUT`. Stack overflows and aborts fail the whole test binary,
/// loudly. How long the slowest parse took is a figure of `bench/hostile.sh` (recorded with
/// `AETHEREDGE_HOSTILE_REPORT`), not an assertion: other tests share the machine here.
#[test]
fn parsers_survive_arbitrary_input() {
    let seeds = generate::Seeds::load();
    let texts = seeds.all();
    let iterations = env_number("AETHEREDGE_FUZZ_ITERATIONS", 300);
    let mut rng = StdRng::seed_from_u64(env_number("AETHEREDGE_FUZZ_SEED", 1));
    let mut slowest = (Duration::ZERO, String::new());
    for i in 0..iterations {
        let mut raw = vec![0u8; rng.gen_range(0..4096)];
        rng.fill(raw.as_mut_slice());
        let mut u = Unstructured::new(&raw);
        let text: String = if i % 2 == 0 && !texts.is_empty() {
            let seed = texts[rng.gen_range(0..texts.len())];
            let kind = [
                generate::Kind::Terraform,
                generate::Kind::Yaml,
                generate::Kind::Rego,
            ][i as usize % 3];
            String::from_utf8_lossy(&generate::mutate_text(&mut rng, seed, kind)).into_owned()
        } else {
            u.arbitrary().unwrap_or_default()
        };
        // Each input runs on its own thread, so an input that never ends fails the test
        // with its name instead of hanging it.
        let (done, finished) = std::sync::mpsc::channel();
        let input = text.clone();
        std::thread::spawn(move || {
            for (name, target) in PARSERS {
                let started = Instant::now();
                let result = std::panic::catch_unwind(|| target(&input));
                let _ = done.send((name, result.is_ok(), started.elapsed()));
            }
        });
        let shown = || text.chars().take(300).collect::<String>();
        for _ in PARSERS {
            let Ok((name, survived, took)) = finished.recv_timeout(PARSER_TIMEOUT) else {
                panic!(
                    "a parser still runs after {PARSER_TIMEOUT:?} on input {i}: {:?}",
                    shown()
                );
            };
            assert!(survived, "{name} panicked on input {i}: {:?}", shown());
            if took > slowest.0 {
                slowest = (took, format!("{name} on input {i}"));
            }
        }
    }
    record_slowest_parse(&slowest.1, slowest.0);
}

/// With `AETHEREDGE_HOSTILE_REPORT=FILE`, the slowest parse as one line of the report, in
/// the columns of [`record`]: the case `parsers, NAME on input N`, the command `in process`,
/// exit 0, no memory figure, and its time as CPU and wall seconds.
fn record_slowest_parse(what: &str, took: Duration) {
    let Ok(path) = std::env::var("AETHEREDGE_HOSTILE_REPORT") else {
        return;
    };
    let line = format!(
        "parsers, {what}\tin process\t0\t0\t{:.2}\t{:.2}\n",
        took.as_secs_f64(),
        took.as_secs_f64()
    );
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path);
    if let Ok(mut file) = file {
        use std::io::Write;
        let _ = file.write_all(line.as_bytes());
    }
}

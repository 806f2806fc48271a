//! What a minified 50 MB file full of keywords costs a review: two repos hold the same file,
//! one with Kali off (the review reads the file and nothing scans it) and one with Kali on;
//! each is reviewed three times, the two in turn so that a burst of load on the machine falls
//! on both, and the fastest run of each is printed. The claim of the README ("Bad input"):
//! with the scan, a review takes at most twice as long as reading alone, plus 0.5 s. Exits 1
//! when a run fails or the claim does not hold.
//!
//! `cargo run --release --example kali_minified_bench -- path/to/aetheredge`
//! (`bench/kali-minified.sh` builds the release binary and runs this).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use aetheredge::fixture::Scenario;

/// About 50 MB on one line: minified JavaScript with a keyword in every statement.
fn minified_file() -> Vec<u8> {
    let mut text = String::with_capacity(52 * 1024 * 1024);
    let mut i = 0u64;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "var t{i}={{token:\"x{i}\",secret:n,password:p,key:\"AKIA\"+k}};"
        ));
        i += 1;
    }
    text.push('\n');
    text.into_bytes()
}

/// A repo at `dir/repo` whose `main` holds `config` as `aetheredge.yaml` and the file.
fn repo(dir: &Path, config: &[u8], big: &[u8]) -> PathBuf {
    let files: [(&str, &[u8]); 2] = [("aetheredge.yaml", config), ("dist/app.min.js", big)];
    Scenario::from_commits("minified", [("main", files)])
        .build(&dir.join("repo"))
        .expect("the benchmark repository builds")
        .path
}

/// One review of `repo` by `binary`, timed; an error when it does not exit 0.
fn review(binary: &Path, repo: &Path) -> Result<Duration, String> {
    let started = Instant::now();
    let out = Command::new(binary)
        .args(["review", "--format", "json", "--fail-on", "none", "--repo"])
        .arg(repo)
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let took = started.elapsed();
    if out.status.code() != Some(0) {
        return Err(format!(
            "the review of {} ended with {}: {}",
            repo.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(took)
}

fn main() -> ExitCode {
    let Some(binary) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: kali_minified_bench path/to/aetheredge");
        return ExitCode::from(2);
    };
    let big = minified_file();
    let config_off: &[u8] = b"max_file_size: 104857600\ndeities:\n  kali: false\n";
    let config_on: &[u8] = b"max_file_size: 104857600\n";
    let dirs = [
        tempfile::tempdir().expect("a temporary directory"),
        tempfile::tempdir().expect("a temporary directory"),
    ];
    let reading_repo = repo(dirs[0].path(), config_off, &big);
    let scanning_repo = repo(dirs[1].path(), config_on, &big);
    let (mut reading, mut scanning) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        let times = review(&binary, &reading_repo)
            .and_then(|r| review(&binary, &scanning_repo).map(|s| (r, s)));
        match times {
            Ok((r, s)) => {
                reading = reading.min(r);
                scanning = scanning.min(s);
            }
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let bound = reading * 2 + Duration::from_millis(500);
    println!(
        "review of a minified {:.1} MB file, fastest of 3: reading alone {:.2} s, with the scan {:.2} s ({:.2}x)",
        big.len() as f64 / 1e6,
        reading.as_secs_f64(),
        scanning.as_secs_f64(),
        scanning.as_secs_f64() / reading.as_secs_f64()
    );
    if scanning <= bound {
        println!(
            "within the bound of 2x reading + 0.5 s ({:.2} s)",
            bound.as_secs_f64()
        );
        ExitCode::SUCCESS
    } else {
        println!(
            "over the bound of 2x reading + 0.5 s ({:.2} s)",
            bound.as_secs_f64()
        );
        ExitCode::FAILURE
    }
}

//! A review in a worker process, so that one repository's review cannot take the process
//! that asked for it down (the watcher serving many repos, the Action's step).
//!
//! The worker is this same binary, re-executed as the hidden `aetheredge worker review`
//! with the [`ReviewRequest`] as JSON; it prints the report as JSON on stdout. Before it
//! starts, its address space (`RLIMIT_AS`) and CPU time (`RLIMIT_CPU`) are capped, and the
//! parent kills its process group when the wall-clock timeout passes. A worker that dies of
//! a limit becomes a [`WorkerStopped`]: which limit, its value, and how to raise it.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use aetheredge_core::config::CommentConfig;
use aetheredge_core::report::Report;
use aetheredge_review::{review, ReviewRequest};

/// Address space of one review, in MiB, unless configured.
pub(crate) const DEFAULT_MAX_MEMORY_MB: u64 = 2048;
/// CPU seconds of one review, unless configured.
pub(crate) const DEFAULT_MAX_CPU_SECONDS: u64 = 60;
/// Wall-clock seconds of one review, unless configured.
pub(crate) const DEFAULT_TIMEOUT_SECONDS: u64 = 120;

/// How much of the machine one review in a worker may use: the `worker:` key of `bot.yaml`,
/// overridden by `--max-memory-mb`, `--max-cpu-seconds`, `--timeout-seconds` or their
/// `AETHEREDGE_*` environment variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkerLimits {
    pub max_memory_mb: u64,
    pub max_cpu_seconds: u64,
    pub timeout_seconds: u64,
}

impl Default for WorkerLimits {
    fn default() -> WorkerLimits {
        WorkerLimits {
            max_memory_mb: DEFAULT_MAX_MEMORY_MB,
            max_cpu_seconds: DEFAULT_MAX_CPU_SECONDS,
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
        }
    }
}

/// Limits given on the command line (or in the environment), each replacing the configured one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitOverrides {
    pub max_memory_mb: Option<u64>,
    pub max_cpu_seconds: Option<u64>,
    pub timeout_seconds: Option<u64>,
}

impl WorkerLimits {
    /// These limits with the overrides that are set.
    pub fn with(self, overrides: LimitOverrides) -> WorkerLimits {
        WorkerLimits {
            max_memory_mb: overrides.max_memory_mb.unwrap_or(self.max_memory_mb),
            max_cpu_seconds: overrides.max_cpu_seconds.unwrap_or(self.max_cpu_seconds),
            timeout_seconds: overrides.timeout_seconds.unwrap_or(self.timeout_seconds),
        }
    }

    /// The first limit set to zero, which would stop every review.
    pub fn zero(&self) -> Option<Limit> {
        Limit::ALL.into_iter().find(|l| l.value(self) == 0)
    }
}

/// The limit a worker reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    Memory,
    Cpu,
    Time,
}

impl Limit {
    pub const ALL: [Limit; 3] = [Limit::Memory, Limit::Cpu, Limit::Time];

    /// The metric label: `memory`, `cpu`, `time`.
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Memory => "memory",
            Limit::Cpu => "cpu",
            Limit::Time => "time",
        }
    }

    /// The configured value.
    pub fn value(self, limits: &WorkerLimits) -> u64 {
        match self {
            Limit::Memory => limits.max_memory_mb,
            Limit::Cpu => limits.max_cpu_seconds,
            Limit::Time => limits.timeout_seconds,
        }
    }

    /// The limit and its value in words: "2048 MB of memory".
    pub fn describe(self, max: u64) -> String {
        match self {
            Limit::Memory => format!("{max} MB of memory"),
            Limit::Cpu => format!("{max} s of CPU time"),
            Limit::Time => format!("{max} s of wall-clock time"),
        }
    }

    /// The flag that raises it.
    pub fn flag(self) -> &'static str {
        match self {
            Limit::Memory => "--max-memory-mb",
            Limit::Cpu => "--max-cpu-seconds",
            Limit::Time => "--timeout-seconds",
        }
    }

    /// The environment variable that raises it.
    pub fn env(self) -> &'static str {
        match self {
            Limit::Memory => "AETHEREDGE_MAX_MEMORY_MB",
            Limit::Cpu => "AETHEREDGE_MAX_CPU_SECONDS",
            Limit::Time => "AETHEREDGE_TIMEOUT_SECONDS",
        }
    }

    /// The key of the watcher's `bot.yaml` that raises it.
    pub(crate) fn config_key(self) -> &'static str {
        match self {
            Limit::Memory => "worker.max_memory_mb",
            Limit::Cpu => "worker.max_cpu_seconds",
            Limit::Time => "worker.timeout_seconds",
        }
    }
}

/// A review its worker did not finish: it reached `limit`.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerStopped {
    pub limit: Limit,
    /// The limit's configured value (MB or seconds).
    pub max: u64,
    /// How the worker ended ("killed by SIGABRT", with the last line it wrote, if any).
    pub cause: String,
    /// CPU time the worker used.
    pub cpu: Duration,
    /// Wall-clock time it ran.
    pub elapsed: Duration,
}

impl WorkerStopped {
    /// A one-line title: "Review stopped: over its limit of 2048 MB of memory".
    pub fn title(&self) -> String {
        format!(
            "Review stopped: over its limit of {}",
            self.limit.describe(self.max)
        )
    }

    /// Markdown saying what happened and how to raise the limit.
    pub fn explanation(&self) -> String {
        let l = self.limit;
        format!(
            "The review of this change was stopped: it needed more than its limit of {limit} \
             ({cause}, after {secs:.1} s), so it has no findings to show. Each review runs in a \
             worker process with limits, so that one change cannot take the reviewer down.\n\n\
             To raise the {what} limit: `{flag}`, the environment variable `{env}`, or \
             `{key}` in the watcher's `bot.yaml`.\n",
            limit = l.describe(self.max),
            cause = self.cause,
            secs = self.elapsed.as_secs_f64(),
            what = l.as_str(),
            flag = l.flag(),
            env = l.env(),
            key = l.config_key(),
        )
    }
}

/// What a worker gave back.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Reviewed(Box<Report>),
    Stopped(WorkerStopped),
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("cannot find this program to run a review worker: {0}")]
    Program(#[source] std::io::Error),
    #[error("cannot start the review worker {program}: {source}")]
    Spawn {
        program: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot wait for the review worker: {0}")]
    Wait(#[source] std::io::Error),
    /// The review itself failed (a revision that does not exist…): the worker's message.
    #[error("{0}")]
    Review(String),
    #[error("the review worker ended ({how}) without a report: {stderr}")]
    Crashed { how: String, stderr: String },
    #[error("the review worker's report cannot be read: {0}")]
    Reply(#[source] serde_json::Error),
    #[error("the review request is not valid JSON: {0}")]
    Request(#[source] serde_json::Error),
    #[error("reviews in a worker need Linux (setrlimit, process groups): set `isolated: false`")]
    Unsupported,
}

/// What the worker prints: the report, and the comment settings the JSON report leaves out.
#[derive(Serialize, Deserialize)]
struct Reply {
    report: Report,
    comment: CommentConfig,
}

/// The worker's side (`aetheredge worker review --request JSON`): reviews, and returns the
/// reply to print on stdout.
pub fn serve(request: &str) -> Result<String, WorkerError> {
    let request: ReviewRequest = serde_json::from_str(request).map_err(WorkerError::Request)?;
    let report = review(&request).map_err(|e| WorkerError::Review(e.to_string()))?;
    let comment = report.comment.clone();
    serde_json::to_string(&Reply { report, comment }).map_err(WorkerError::Reply)
}

/// What a drift worker is asked: the code of `rev` of `repo` against each target's state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DriftRequest {
    pub repo: PathBuf,
    pub rev: String,
    /// The roots to compare; `None`: the `drift.roots` of the config at `rev`.
    pub targets: Option<Vec<crate::drift::DriftTarget>>,
}

/// The worker's side of a drift comparison (`aetheredge worker drift --request JSON`): the
/// drift report to print on stdout.
pub fn serve_drift(request: &str) -> Result<String, WorkerError> {
    let request: DriftRequest = serde_json::from_str(request).map_err(WorkerError::Request)?;
    let (tree, targets) =
        crate::drift::code_and_targets(&request.repo, &request.rev, request.targets)
            .map_err(|e| WorkerError::Review(e.to_string()))?;
    let report = crate::drift::drift_report(
        &tree.model,
        &tree.revision.sha,
        &targets,
        &crate::drift::fetch_state,
    );
    serde_json::to_string(&report).map_err(WorkerError::Reply)
}

/// The worker's side of a healing commit (`aetheredge worker heal --request JSON`, the
/// request naming the branch): what was healed, as JSON on stdout.
pub fn serve_heal(request: &str) -> Result<String, WorkerError> {
    #[derive(Deserialize)]
    struct HealRequest {
        #[serde(flatten)]
        drift: DriftRequest,
        branch: String,
    }
    let request: HealRequest = serde_json::from_str(request).map_err(WorkerError::Request)?;
    let (tree, targets) = crate::drift::code_and_targets(
        &request.drift.repo,
        &request.drift.rev,
        request.drift.targets,
    )
    .map_err(|e| WorkerError::Review(e.to_string()))?;
    let outcome = crate::heal::heal_to_branch(
        &request.drift.repo,
        &tree,
        &targets,
        &crate::drift::fetch_state,
        &request.branch,
    )
    .map_err(|e| WorkerError::Review(e.to_string()))?;
    serde_json::to_string(&outcome).map_err(WorkerError::Reply)
}

/// A program to run reviews in and the limits to run them with.
#[derive(Debug, Clone)]
pub struct Isolation {
    pub program: PathBuf,
    pub limits: WorkerLimits,
}

impl Isolation {
    /// Workers of the running binary.
    pub fn this_program(limits: WorkerLimits) -> Result<Isolation, WorkerError> {
        Ok(Isolation {
            program: std::env::current_exe().map_err(WorkerError::Program)?,
            limits,
        })
    }

    /// Compares code and states in a worker (a hostile repository's code is evaluated there,
    /// not in the caller): the drift report, or the limit the worker reached.
    pub fn drift(
        &self,
        request: &DriftRequest,
    ) -> Result<Result<aetheredge_core::report::drift::DriftReport, WorkerStopped>, WorkerError>
    {
        let request = serde_json::to_string(request).map_err(WorkerError::Request)?;
        let ended = run(&self.program, &self.limits, "drift", &request)?;
        let outcome = classify_reply(&ended, &self.limits)?;
        if let Err(s) = &outcome {
            tracing::warn!(limit = s.limit.as_str(), max = s.max, cause = %s.cause, "the drift worker was stopped");
        }
        Ok(outcome)
    }

    /// Writes the healing commit of `request` on `branch` in a worker: what was healed, or
    /// the limit the worker reached.
    pub fn heal(
        &self,
        request: &DriftRequest,
        branch: &str,
    ) -> Result<Result<crate::heal::HealOutcome, WorkerStopped>, WorkerError> {
        let mut json = serde_json::to_value(request).map_err(WorkerError::Request)?;
        json["branch"] = serde_json::Value::String(branch.to_string());
        let ended = run(&self.program, &self.limits, "heal", &json.to_string())?;
        classify_reply(&ended, &self.limits)
    }

    /// Runs `request` in a worker and waits for it (at most the timeout).
    pub fn review(&self, request: &ReviewRequest) -> Result<Outcome, WorkerError> {
        let request = serde_json::to_string(request).map_err(WorkerError::Request)?;
        let ended = run(&self.program, &self.limits, "review", &request)?;
        let outcome = classify(&ended, &self.limits)?;
        match &outcome {
            Outcome::Stopped(s) => tracing::warn!(
                limit = s.limit.as_str(),
                max = s.max,
                cause = %s.cause,
                cpu = ?s.cpu,
                elapsed = ?s.elapsed,
                "the review worker was stopped"
            ),
            Outcome::Reviewed(_) => {
                tracing::debug!(cpu = ?ended.cpu, elapsed = ?ended.elapsed, "the review worker finished")
            }
        }
        Ok(outcome)
    }
}

/// How a worker process ended.
#[derive(Debug)]
struct Ended {
    /// The exit code, when it exited.
    code: Option<i32>,
    /// The signal that killed it, when one did.
    signal: Option<i32>,
    /// The parent killed it at the timeout.
    timed_out: bool,
    cpu: Duration,
    elapsed: Duration,
    stdout: Vec<u8>,
    /// The end of what it wrote on stderr.
    stderr: String,
}

/// What the worker wrote on stderr is kept up to this many bytes (the end of it).
const STDERR_KEPT: usize = 16 * 1024;

/// The outcome of a worker from how it ended: its reply, the limit it reached, or an error.
fn classify(ended: &Ended, limits: &WorkerLimits) -> Result<Outcome, WorkerError> {
    Ok(match classify_reply::<Reply>(ended, limits)? {
        Ok(reply) => {
            let mut report = reply.report;
            report.comment = reply.comment;
            Outcome::Reviewed(Box::new(report))
        }
        Err(stopped) => Outcome::Stopped(stopped),
    })
}

/// How a worker ended: its reply (`T`, the JSON it printed), the limit it reached, or an error.
fn classify_reply<T: serde::de::DeserializeOwned>(
    ended: &Ended,
    limits: &WorkerLimits,
) -> Result<Result<T, WorkerStopped>, WorkerError> {
    let last_line = ended
        .stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let stopped = |limit: Limit, how: String| {
        let cause = match out_of_memory(&ended.stderr) {
            Some(said) if limit == Limit::Memory => format!("{how}: {said}"),
            _ => how,
        };
        Ok(Err(WorkerStopped {
            limit,
            max: limit.value(limits),
            cause,
            cpu: ended.cpu,
            elapsed: ended.elapsed,
        }))
    };
    if ended.timed_out {
        return stopped(
            Limit::Time,
            format!(
                "killed after {} s of wall-clock time",
                ended.elapsed.as_secs()
            ),
        );
    }
    let over_cpu = ended.cpu >= Duration::from_secs(limits.max_cpu_seconds);
    match (ended.code, ended.signal) {
        (Some(0), _) => Ok(Ok(
            serde_json::from_slice(&ended.stdout).map_err(WorkerError::Reply)?
        )),
        (Some(2), _) => Err(WorkerError::Review(error_message(&ended.stderr))),
        (Some(code), _) if out_of_memory(&ended.stderr).is_some() => {
            stopped(Limit::Memory, format!("exited with {code}"))
        }
        (_, Some(signal)) if signal == SIGXCPU || (signal == SIGKILL && over_cpu) => {
            stopped(Limit::Cpu, format!("killed by {}", signal_name(signal)))
        }
        // An allocation that fails under RLIMIT_AS aborts; a stack that overflows faults
        // or aborts; the kernel's OOM killer sends SIGKILL.
        (_, Some(signal)) if [SIGABRT, SIGSEGV, SIGBUS, SIGKILL].contains(&signal) => {
            stopped(Limit::Memory, format!("killed by {}", signal_name(signal)))
        }
        (code, signal) => Err(WorkerError::Crashed {
            how: match (code, signal) {
                (Some(code), _) => format!("exit code {code}"),
                (_, Some(signal)) => format!("killed by {}", signal_name(signal)),
                _ => "unknown".into(),
            },
            stderr: last_line.to_string(),
        }),
    }
}

/// The message of a worker that exited with an error: from its last `error: ` line on.
fn error_message(stderr: &str) -> String {
    let start = stderr
        .rfind("\nerror: ")
        .map(|i| i + 1)
        .or_else(|| stderr.starts_with("error: ").then_some(0));
    match start {
        Some(i) => stderr[i + "error: ".len()..].trim().to_string(),
        None => stderr.trim().to_string(),
    }
}

/// The line where a worker says it ran out of memory (an allocation refused by the
/// address-space limit, a stack overflow, a thread that could not be started), if it did.
fn out_of_memory(stderr: &str) -> Option<&str> {
    let said = [
        "memory allocation of",
        "has overflowed its stack",
        "failed to spawn thread",
        "Cannot allocate memory",
    ];
    stderr
        .lines()
        .map(str::trim)
        .find(|line| said.iter().any(|s| line.contains(s)))
}

const SIGABRT: i32 = 6;
const SIGBUS: i32 = 7;
const SIGKILL: i32 = 9;
const SIGSEGV: i32 = 11;
const SIGXCPU: i32 = 24;

fn signal_name(signal: i32) -> String {
    match signal {
        SIGABRT => "SIGABRT".into(),
        SIGBUS => "SIGBUS".into(),
        SIGKILL => "SIGKILL".into(),
        SIGSEGV => "SIGSEGV".into(),
        SIGXCPU => "SIGXCPU".into(),
        other => format!("signal {other}"),
    }
}

/// Reads a pipe to its end on a thread, keeping at most `keep` bytes (the last ones).
fn drain(mut pipe: impl Read + Send + 'static, keep: usize) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 64 * 1024];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            kept.extend_from_slice(&buf[..n]);
            if kept.len() > keep {
                kept.drain(..kept.len() - keep);
            }
        }
        kept
    })
}

#[cfg(target_os = "linux")]
fn run(
    program: &std::path::Path,
    limits: &WorkerLimits,
    job: &str,
    request: &str,
) -> Result<Ended, WorkerError> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::time::Instant;

    let mut command = Command::new(program);
    command
        .args(["worker", job, "--request", request])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // The limit counts reserved address space: glibc's per-thread arenas and mimalloc's
        // arenas (1 GiB at a time by default) reserve more than they use.
        .env("MALLOC_ARENA_MAX", "2")
        .env("MIMALLOC_ARENA_RESERVE", "64MiB")
        // Its own process group, so that a timeout kills whatever it started too.
        .process_group(0);
    // Each of Brahma's evaluation threads reserves a 256 MiB stack: one per GiB of the limit.
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
        let threads = (limits.max_memory_mb / 1024).clamp(1, cpus);
        command.env("RAYON_NUM_THREADS", threads.to_string());
    }
    let memory = limits.max_memory_mb.saturating_mul(1024 * 1024);
    let cpu = limits.max_cpu_seconds;
    // SAFETY: the closure runs in the child between fork and exec; it only makes system
    // calls (prctl, getrlimit, setrlimit), which are async-signal-safe, and allocates nothing.
    unsafe {
        command.pre_exec(move || {
            // The worker dies with the thread that waits for it.
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            set_limit(libc::RLIMIT_AS, memory, memory)?;
            // SIGXCPU at the soft limit, SIGKILL a second later.
            set_limit(libc::RLIMIT_CPU, cpu, cpu.saturating_add(1))?;
            // A worker killed by a limit leaves no core file behind.
            set_limit(libc::RLIMIT_CORE, 0, 0)
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().map_err(|source| WorkerError::Spawn {
        program: program.to_path_buf(),
        source,
    })?;
    let pid = child.id() as libc::pid_t;
    let stdout = drain(child.stdout.take().expect("stdout is piped"), usize::MAX);
    let stderr = drain(child.stderr.take().expect("stderr is piped"), STDERR_KEPT);
    let deadline = Duration::from_secs(limits.timeout_seconds);
    let mut timed_out = false;
    let mut pause = Duration::from_millis(5);
    let (status, usage) = loop {
        let flags = if timed_out { 0 } else { libc::WNOHANG };
        match wait4(pid, flags) {
            Ok(Some(ended)) => break ended,
            Ok(None) => {}
            Err(e) => {
                // SAFETY: kill(2) on the worker's own process group, as at the timeout.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
                return Err(WorkerError::Wait(e));
            }
        }
        if started.elapsed() >= deadline {
            // SAFETY: kill(2) on the worker's own process group, which it has not left.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            timed_out = true;
        } else {
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    };
    let elapsed = started.elapsed();
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let signaled = libc::WIFSIGNALED(status);
    Ok(Ended {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: signaled.then(|| libc::WTERMSIG(status)),
        timed_out,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        elapsed,
        stdout: stdout.join().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned(),
    })
}

#[cfg(not(target_os = "linux"))]
fn run(_: &std::path::Path, _: &WorkerLimits, _: &str, _: &str) -> Result<Ended, WorkerError> {
    Err(WorkerError::Unsupported)
}

/// Lowers one resource limit; never raises the hard limit above what the process has.
#[cfg(target_os = "linux")]
fn set_limit(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) -> std::io::Result<()> {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write the one struct given.
    unsafe {
        if libc::getrlimit(resource, &mut current) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let hard = hard.min(current.rlim_max);
        let wanted = libc::rlimit {
            rlim_cur: soft.min(hard),
            rlim_max: hard,
        };
        if libc::setrlimit(resource, &wanted) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// `wait4(2)`: the status and resource usage of `pid` once it has ended, `None` while it runs
/// (with `WNOHANG`).
#[cfg(target_os = "linux")]
fn wait4(pid: libc::pid_t, flags: i32) -> std::io::Result<Option<(i32, libc::rusage)>> {
    loop {
        let mut status = 0;
        // SAFETY: rusage is plain data; wait4 fills it and the status.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let reaped = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        match reaped {
            0 => return Ok(None),
            r if r == pid => return Ok(Some((status, usage))),
            _ => {
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ended(code: Option<i32>, signal: Option<i32>, cpu_secs: u64, stderr: &str) -> Ended {
        Ended {
            code,
            signal,
            timed_out: false,
            cpu: Duration::from_secs(cpu_secs),
            elapsed: Duration::from_secs(cpu_secs + 1),
            stdout: Vec::new(),
            stderr: stderr.to_string(),
        }
    }

    fn limit_of(e: &Ended) -> Option<Limit> {
        match classify(e, &WorkerLimits::default()) {
            Ok(Outcome::Stopped(s)) => Some(s.limit),
            _ => None,
        }
    }

    #[test]
    fn the_way_a_worker_dies_names_the_limit() {
        let oom = "memory allocation of 4294967296 bytes failed\nstack backtrace:\nnote: Some details are omitted\n";
        assert_eq!(
            limit_of(&ended(None, Some(SIGABRT), 3, oom)),
            Some(Limit::Memory)
        );
        let cause = match classify(
            &ended(None, Some(SIGABRT), 3, oom),
            &WorkerLimits::default(),
        ) {
            Ok(Outcome::Stopped(s)) => s.cause,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            cause,
            "killed by SIGABRT: memory allocation of 4294967296 bytes failed"
        );
        assert_eq!(
            limit_of(&ended(None, Some(SIGSEGV), 3, "")),
            Some(Limit::Memory)
        );
        assert_eq!(
            limit_of(&ended(None, Some(SIGKILL), 3, "")),
            Some(Limit::Memory),
            "the OOM killer"
        );
        assert_eq!(
            limit_of(&ended(None, Some(SIGXCPU), 60, "")),
            Some(Limit::Cpu)
        );
        assert_eq!(
            limit_of(&ended(None, Some(SIGKILL), 61, "")),
            Some(Limit::Cpu),
            "the hard CPU limit"
        );
        assert_eq!(
            limit_of(&ended(Some(101), None, 1, "failed to spawn thread")),
            Some(Limit::Memory)
        );
        let timed_out = Ended {
            timed_out: true,
            ..ended(None, Some(SIGKILL), 1, "")
        };
        assert_eq!(limit_of(&timed_out), Some(Limit::Time));
    }

    #[test]
    fn a_failed_review_or_a_crash_is_an_error_not_a_limit() {
        let failed = classify(
            &ended(Some(2), None, 0, "error: revision nope not found\n"),
            &WorkerLimits::default(),
        );
        assert!(
            matches!(&failed, Err(WorkerError::Review(m)) if m == "revision nope not found"),
            "{failed:?}"
        );
        let crashed = classify(
            &ended(
                Some(101),
                None,
                0,
                "thread 'main' panicked at src/x.rs:1:1\n",
            ),
            &WorkerLimits::default(),
        );
        assert!(
            matches!(crashed, Err(WorkerError::Crashed { .. })),
            "{crashed:?}"
        );
    }

    #[test]
    fn a_stopped_review_says_how_to_raise_its_limit() {
        let s = match classify(
            &ended(None, Some(SIGXCPU), 60, ""),
            &WorkerLimits::default(),
        ) {
            Ok(Outcome::Stopped(s)) => s,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            s.title(),
            "Review stopped: over its limit of 60 s of CPU time"
        );
        let text = s.explanation();
        for needed in [
            "`--max-cpu-seconds`",
            "`AETHEREDGE_MAX_CPU_SECONDS`",
            "`worker.max_cpu_seconds`",
            "killed by SIGXCPU",
        ] {
            assert!(text.contains(needed), "{needed}: {text}");
        }
    }

    #[test]
    fn overrides_replace_only_what_they_set() {
        let limits: WorkerLimits = serde_yaml_ng::from_str("max_cpu_seconds: 5\n").unwrap();
        assert_eq!(limits.max_memory_mb, DEFAULT_MAX_MEMORY_MB);
        let limits = limits.with(LimitOverrides {
            timeout_seconds: Some(9),
            ..LimitOverrides::default()
        });
        assert_eq!(
            (
                limits.max_memory_mb,
                limits.max_cpu_seconds,
                limits.timeout_seconds
            ),
            (DEFAULT_MAX_MEMORY_MB, 5, 9)
        );
        assert_eq!(limits.zero(), None);
        assert!(serde_yaml_ng::from_str::<WorkerLimits>("max_memory: 1\n").is_err());
    }
}

//! Runs the built binary as the hostile-input checker does: an address-space cap, a wall
//! clock, its own process group, how it ended read from `wait4` (exit code or signal, CPU
//! time) and its peak memory read from `/proc` while it runs.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The address space every run gets, as the checker gives it (`ulimit -v`).
pub const ADDRESS_SPACE: u64 = 4 << 30;
/// The documented ceiling of one review: peak resident memory stays under it.
pub const MEMORY_CEILING_KIB: i64 = 2 << 20;
/// The documented CPU ceiling of a single run.
pub const CPU_CEILING: Duration = Duration::from_secs(60);

/// How long one run may take: the checker's 20 s, unless `AETHEREDGE_FUZZ_TIMEOUT` (seconds)
/// says otherwise.
pub fn timeout() -> Duration {
    let seconds = std::env::var("AETHEREDGE_FUZZ_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(seconds)
}

/// How one run ended.
#[derive(Debug)]
pub struct Outcome {
    pub status: ExitStatus,
    pub timed_out: bool,
    pub peak_kib: i64,
    pub cpu: Duration,
    pub wall: Duration,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Outcome {
    /// Why this run is not what a hostile input may cause, if it is not: a signal, a hang,
    /// an exit code other than 0, 1 or 2, an error without a message, memory over the
    /// ceiling.
    pub fn failure(&self) -> Option<String> {
        if self.timed_out {
            return Some(format!("still running after {:?}", timeout()));
        }
        if let Some(signal) = self.status.signal() {
            return Some(format!("killed by signal {signal}"));
        }
        match self.status.code() {
            Some(0 | 1) => {}
            Some(2) if self.stderr.contains("error") => {}
            Some(2) => return Some("exit 2 without an error message".to_string()),
            other => return Some(format!("exit code {other:?}")),
        }
        if self.peak_kib > MEMORY_CEILING_KIB {
            return Some(format!(
                "peak memory {} MiB is over the {} MiB ceiling",
                self.peak_kib / 1024,
                MEMORY_CEILING_KIB / 1024
            ));
        }
        if self.cpu > CPU_CEILING {
            return Some(format!(
                "{:?} of CPU is over the {CPU_CEILING:?} ceiling",
                self.cpu
            ));
        }
        None
    }
}

/// The highest peak resident memory (`VmHWM`) of a process and its descendants, in KiB.
///
/// Read from `/proc` while the run goes on, because `wait4`'s `ru_maxrss` of a forked child
/// counts the pages it shared with this (much larger) test process before `exec`.
fn peak_of_tree(pid: u32) -> i64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let own = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let children = std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|c| c.parse().ok())
                .collect::<Vec<u32>>()
        });
    children.map(peak_of_tree).fold(own, i64::max)
}

/// Runs the binary with `args` in `dir` and waits, at most [`timeout`].
pub fn run(args: &[String], dir: &Path, envs: &[(&str, &str)]) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_aetheredge"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("AETHEREDGE_LOG", "warn")
        .process_group(0);
    for (name, value) in envs {
        command.env(name, value);
    }
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    // Reaped below with wait4 (which also gives the run's rusage), not with `Child::wait`.
    #[allow(clippy::zombie_processes)]
    let mut child = command.spawn().expect("the aetheredge binary starts");
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let stdout = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let stderr = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let deadline = started + timeout();
    let mut timed_out = false;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut peak_kib = 0;
    loop {
        peak_kib = peak_kib.max(peak_of_tree(pid as u32));
        // SAFETY: waits for our own child; status and usage are valid out-pointers.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            // SAFETY: the child leads its own process group; kill all of it, then reap it.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            break;
        }
        thread::sleep(Duration::from_millis(5));
    }
    // Whatever the run left behind in its group (a worker it started) goes too.
    // SAFETY: signalling a process group we created.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
    let wall = started.elapsed();
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Outcome {
        status: ExitStatus::from_raw(status),
        timed_out,
        peak_kib,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        wall,
        stdout: stdout.join().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned(),
    }
}

//! The reconciler's metrics, served as Prometheus text (exposition format 0.0.4) on
//! `GET /metrics`: reviews and their durations, reviews stopped at a limit, site publishes,
//! ticks, errors, webhooks, GitHub requests and the rate limit left, each repo's last
//! successful tick, and each root's drift as of the last drift run.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use crate::github::client::CallStats;
use aetheredge_core::report::drift::{DriftReport, DriftStatus};
use aetheredge_escape::prometheus;

/// Upper bounds, in seconds, of the review-duration histogram's buckets.
const BUCKETS: [f64; 11] = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Inner {
    reviews: BTreeMap<(String, &'static str), u64>,
    stopped: BTreeMap<(String, &'static str), u64>,
    durations: BTreeMap<String, Histogram>,
    publishes: BTreeMap<String, u64>,
    parsed: BTreeMap<String, u64>,
    ticks: BTreeMap<(String, &'static str), u64>,
    errors: BTreeMap<(String, &'static str), u64>,
    last_success: BTreeMap<String, f64>,
    webhooks: BTreeMap<(&'static str, &'static str), u64>,
    github: Vec<Arc<CallStats>>,
    /// repo → root → resources by drift status, as of the repo's last drift run.
    drift: BTreeMap<String, BTreeMap<String, BTreeMap<DriftStatus, u64>>>,
    drift_runs: BTreeMap<(String, &'static str), u64>,
}

/// Shared by the repo loops and the HTTP server.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    fn with(&self, f: impl FnOnce(&mut Inner)) {
        if let Ok(mut inner) = self.inner.lock() {
            f(&mut inner);
        }
    }

    /// A review finished (`outcome`: `written`, `unchanged`, `newer`, `failed`).
    pub fn review(&self, repo: &str, outcome: &'static str, seconds: f64) {
        self.with(|m| {
            *m.reviews.entry((repo.into(), outcome)).or_default() += 1;
            let h = m.durations.entry(repo.into()).or_default();
            h.count += 1;
            h.sum += seconds;
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    h.counts[i] += 1;
                }
            }
        });
    }

    /// A review's worker was stopped at a limit (`limit`: `memory`, `cpu`, `time`).
    pub fn stopped(&self, repo: &str, limit: &'static str) {
        self.with(|m| *m.stopped.entry((repo.into(), limit)).or_default() += 1);
    }

    /// Files a tick's reviews parsed (those not found in the parse cache).
    pub fn parsed(&self, repo: &str, files: usize) {
        self.with(|m| *m.parsed.entry(repo.into()).or_default() += files as u64);
    }

    pub fn published(&self, repo: &str) {
        self.with(|m| *m.publishes.entry(repo.into()).or_default() += 1);
    }

    /// A tick ended; a successful one records the time.
    pub fn tick(&self, repo: &str, ok: bool) {
        self.with(|m| {
            let outcome = if ok { "ok" } else { "failed" };
            *m.ticks.entry((repo.into(), outcome)).or_default() += 1;
            if ok {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0.0, |d| d.as_secs_f64());
                m.last_success.insert(repo.into(), now);
            }
        });
    }

    /// Something failed (`kind`: `source`, `github`, `review`, `site`, `outbox`).
    pub fn error(&self, repo: &str, kind: &'static str) {
        self.with(|m| *m.errors.entry((repo.into(), kind)).or_default() += 1);
    }

    /// A drift run ended: its report (none when the code could not be read) replaces the
    /// repo's gauges (a root that could not be compared has none), and the run is counted,
    /// as failed when there is no report, a root could not be compared, or its issue or pull
    /// request could not be brought up to date.
    pub fn drift(&self, repo: &str, report: Option<&DriftReport>, ok: bool) {
        self.with(|m| {
            if let Some(report) = report {
                let roots = report
                    .roots
                    .iter()
                    .filter(|r| r.error.is_none())
                    .map(|r| {
                        let mut counts: BTreeMap<DriftStatus, u64> = [
                            DriftStatus::Drifted,
                            DriftStatus::NotInState,
                            DriftStatus::NotInCode,
                        ]
                        .into_iter()
                        .map(|s| (s, 0))
                        .collect();
                        for resource in &r.resources {
                            *counts.entry(resource.status).or_default() += 1;
                        }
                        (r.root.clone(), counts)
                    })
                    .collect();
                m.drift.insert(repo.into(), roots);
            }
            let outcome = if ok { "ok" } else { "failed" };
            *m.drift_runs.entry((repo.into(), outcome)).or_default() += 1;
        });
    }

    /// A webhook delivery and what was done with it.
    pub fn webhook(&self, event: &'static str, outcome: &'static str) {
        self.with(|m| *m.webhooks.entry((event, outcome)).or_default() += 1);
    }

    /// Counts a GitHub client's requests in the totals.
    pub(crate) fn track_github(&self, stats: Arc<CallStats>) {
        self.with(|m| {
            if !m.github.iter().any(|s| Arc::ptr_eq(s, &stats)) {
                m.github.push(stats);
            }
        });
    }

    /// The metrics in Prometheus text format.
    pub fn render(&self) -> String {
        let Ok(m) = self.inner.lock() else {
            return String::new();
        };
        let mut out = String::new();
        family(
            &mut out,
            "aetheredge_reviews_total",
            "counter",
            "Reviews of pull requests or branches, by outcome.",
            m.reviews
                .iter()
                .map(|((repo, outcome), v)| (labels(&[("repo", repo), ("outcome", outcome)]), v)),
        );
        family(
            &mut out,
            "aetheredge_reviews_stopped_total",
            "counter",
            "Reviews whose worker process was stopped at a limit (memory, cpu or time).",
            m.stopped
                .iter()
                .map(|((repo, limit), v)| (labels(&[("repo", repo), ("limit", limit)]), v)),
        );
        let buckets = m.durations.iter().flat_map(|(repo, h)| {
            let bounds = BUCKETS.iter().map(|b| b.to_string()).chain(["+Inf".into()]);
            let counts = h.counts.iter().copied().chain([h.count]);
            let repo_only = labels(&[("repo", repo)]);
            bounds
                .zip(counts)
                .map(|(le, c)| {
                    let l = labels(&[("repo", repo), ("le", &le)]);
                    (format!("_bucket{l}"), c.to_string())
                })
                .chain([
                    (format!("_sum{repo_only}"), h.sum.to_string()),
                    (format!("_count{repo_only}"), h.count.to_string()),
                ])
                .collect::<Vec<_>>()
        });
        family(
            &mut out,
            "aetheredge_review_duration_seconds",
            "histogram",
            "How long a review took, from reading the trees to writing the comment.",
            buckets,
        );
        let by_repo = |map: &BTreeMap<String, u64>| {
            map.iter()
                .map(|(repo, v)| (labels(&[("repo", repo)]), v.to_string()))
                .collect::<Vec<_>>()
        };
        family(
            &mut out,
            "aetheredge_site_publishes_total",
            "counter",
            "Sites built and published.",
            by_repo(&m.publishes),
        );
        family(
            &mut out,
            "aetheredge_files_parsed_total",
            "counter",
            "Terraform files the reviews parsed; a file unchanged since the last tick comes from the cache.",
            by_repo(&m.parsed),
        );
        family(
            &mut out,
            "aetheredge_ticks_total",
            "counter",
            "Reconciles of a repo, by outcome.",
            m.ticks
                .iter()
                .map(|((repo, outcome), v)| (labels(&[("repo", repo), ("outcome", outcome)]), v)),
        );
        family(
            &mut out,
            "aetheredge_errors_total",
            "counter",
            "Failures, by repo and the step that failed.",
            m.errors
                .iter()
                .map(|((repo, kind), v)| (labels(&[("repo", repo), ("kind", kind)]), v)),
        );
        family(
            &mut out,
            "aetheredge_last_success_timestamp_seconds",
            "gauge",
            "When each repo's last successful reconcile ended (Unix time).",
            m.last_success
                .iter()
                .map(|(repo, v)| (labels(&[("repo", repo)]), format!("{v:.3}"))),
        );
        family(
            &mut out,
            "aetheredge_webhooks_total",
            "counter",
            "Webhook deliveries, by event and outcome.",
            m.webhooks.iter().map(|((event, outcome), v)| {
                (labels(&[("event", event), ("outcome", outcome)]), v)
            }),
        );
        family(
            &mut out,
            "aetheredge_drift_resources",
            "gauge",
            "Resources whose code and recorded state disagree, by repo, root and status, as of the last drift run.",
            m.drift.iter().flat_map(|(repo, roots)| {
                roots.iter().flat_map(move |(root, counts)| {
                    counts.iter().map(move |(status, v)| {
                        (
                            labels(&[("repo", repo), ("root", root), ("status", status.as_str())]),
                            *v,
                        )
                    })
                })
            }),
        );
        family(
            &mut out,
            "aetheredge_drift_runs_total",
            "counter",
            "Drift runs, by outcome (failed: the code could not be read, a root could not be compared, or the issue or pull request not written).",
            m.drift_runs
                .iter()
                .map(|((repo, outcome), v)| (labels(&[("repo", repo), ("outcome", outcome)]), v)),
        );
        let total =
            |count: fn(&CallStats) -> u64| -> u64 { m.github.iter().map(|s| count(s)).sum() };
        family(
            &mut out,
            "aetheredge_github_requests_total",
            "counter",
            "Requests sent to GitHub's API (each attempt).",
            [(String::new(), total(|s| s.requests.load(Ordering::Relaxed)))],
        );
        family(
            &mut out,
            "aetheredge_github_request_failures_total",
            "counter",
            "GitHub requests that got no answer, a 5xx or a rate limit.",
            [(String::new(), total(|s| s.failures.load(Ordering::Relaxed)))],
        );
        let remaining = m
            .github
            .iter()
            .map(|s| s.rate_limit_remaining.load(Ordering::Relaxed))
            .filter(|r| *r >= 0)
            .min();
        if let Some(r) = remaining {
            family(
                &mut out,
                "aetheredge_github_rate_limit_remaining",
                "gauge",
                "The lowest x-ratelimit-remaining GitHub last reported.",
                [(String::new(), r)],
            );
        }
        out
    }
}

/// Writes one metric family: its HELP and TYPE lines, then a line per sample, each given
/// as what follows the name (a suffix such as `_bucket` and the labels) and its value.
fn family<V: std::fmt::Display>(
    out: &mut String,
    name: &str,
    kind: &str,
    help: &str,
    samples: impl IntoIterator<Item = (String, V)>,
) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
    for (labels, value) in samples {
        let _ = writeln!(out, "{name}{labels} {value}");
    }
}

/// `{k="v",…}` with each value escaped.
fn labels(pairs: &[(&str, &str)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", prometheus::label_value(v)))
        .collect();
    format!("{{{}}}", inner.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_lands_in_its_buckets_and_the_total() {
        let m = Metrics::default();
        m.review("infra", "written", 0.3);
        m.review("infra", "written", 7.0);
        let text = m.render();
        assert!(text.contains("aetheredge_reviews_total{repo=\"infra\",outcome=\"written\"} 2"));
        assert!(text
            .contains("aetheredge_review_duration_seconds_bucket{repo=\"infra\",le=\"0.25\"} 0"));
        assert!(
            text.contains("aetheredge_review_duration_seconds_bucket{repo=\"infra\",le=\"0.5\"} 1")
        );
        assert!(text
            .contains("aetheredge_review_duration_seconds_bucket{repo=\"infra\",le=\"+Inf\"} 2"));
        assert!(text.contains("aetheredge_review_duration_seconds_count{repo=\"infra\"} 2"));
    }

    #[test]
    fn drift_gauges_follow_the_last_run_and_escape_their_labels() {
        use aetheredge_core::report::drift::{ResourceDrift, RootDrift};
        let resource = |status| ResourceDrift {
            address: "aws_instance.web".into(),
            status,
            attributes: vec![],
            file: None,
            line: None,
        };
        let root = |name: &str, resources, error: Option<&str>| RootDrift {
            root: name.into(),
            resources,
            error: error.map(str::to_string),
            ..RootDrift::default()
        };
        let m = Metrics::default();
        let report = DriftReport {
            roots: vec![
                root(
                    "envs/\"prod\"",
                    vec![
                        resource(DriftStatus::Drifted),
                        resource(DriftStatus::Drifted),
                    ],
                    None,
                ),
                root("envs/dev", vec![], Some("cannot read the state")),
            ],
            ..DriftReport::default()
        };
        m.drift("shop", Some(&report), false);
        let text = m.render();
        let prefix = "aetheredge_drift_resources{repo=\"shop\",root=\"envs/\\\"prod\\\"\"";
        assert!(
            text.contains(&format!("{prefix},status=\"drifted\"}} 2")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{prefix},status=\"not_in_code\"}} 0")),
            "{text}"
        );
        assert!(
            !text.contains("envs/dev"),
            "no gauge for a root not compared: {text}"
        );
        assert!(text.contains("aetheredge_drift_runs_total{repo=\"shop\",outcome=\"failed\"} 1"));
        m.drift("shop", Some(&DriftReport::default()), true);
        assert!(!m.render().contains("envs/"), "the last run's roots only");
    }

    #[test]
    fn stopped_reviews_are_counted_by_repo_and_limit() {
        let m = Metrics::default();
        m.stopped("hostile", "memory");
        m.stopped("hostile", "memory");
        m.stopped("hostile", "time");
        let text = m.render();
        assert!(text.contains("# TYPE aetheredge_reviews_stopped_total counter"));
        assert!(
            text.contains("aetheredge_reviews_stopped_total{repo=\"hostile\",limit=\"memory\"} 2")
        );
        assert!(
            text.contains("aetheredge_reviews_stopped_total{repo=\"hostile\",limit=\"time\"} 1")
        );
    }
}

//! The reconciler's metrics, served as Prometheus text (exposition format 0.0.4) on
//! `GET /metrics`: reviews and their durations, site publishes, ticks, errors, webhooks,
//! GitHub requests and the rate limit left, and each repo's last successful tick.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use crate::github::client::CallStats;

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
    durations: BTreeMap<String, Histogram>,
    publishes: BTreeMap<String, u64>,
    parsed: BTreeMap<String, u64>,
    ticks: BTreeMap<(String, &'static str), u64>,
    errors: BTreeMap<(String, &'static str), u64>,
    last_success: BTreeMap<String, f64>,
    webhooks: BTreeMap<(&'static str, &'static str), u64>,
    github: Vec<Arc<CallStats>>,
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

    /// A webhook delivery and what was done with it.
    pub fn webhook(&self, event: &'static str, outcome: &'static str) {
        self.with(|m| *m.webhooks.entry((event, outcome)).or_default() += 1);
    }

    /// Counts a GitHub client's requests in the totals.
    pub fn track_github(&self, stats: Arc<CallStats>) {
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
        let mut lines = Vec::new();
        let n = family(
            &mut out,
            "aetheredge_reviews_total",
            "counter",
            "Reviews of pull requests or branches, by outcome.",
        );
        for ((repo, outcome), v) in &m.reviews {
            lines.push(format!(
                "{n}{{repo=\"{}\",outcome=\"{outcome}\"}} {v}",
                esc(repo)
            ));
        }
        flush(&mut out, &mut lines);
        let n = family(
            &mut out,
            "aetheredge_review_duration_seconds",
            "histogram",
            "How long a review took, from reading the trees to writing the comment.",
        );
        for (repo, h) in &m.durations {
            let repo = esc(repo);
            for (bound, c) in BUCKETS.iter().zip(h.counts) {
                lines.push(format!("{n}_bucket{{repo=\"{repo}\",le=\"{bound}\"}} {c}"));
            }
            lines.push(format!(
                "{n}_bucket{{repo=\"{repo}\",le=\"+Inf\"}} {}",
                h.count
            ));
            lines.push(format!("{n}_sum{{repo=\"{repo}\"}} {}", h.sum));
            lines.push(format!("{n}_count{{repo=\"{repo}\"}} {}", h.count));
        }
        flush(&mut out, &mut lines);
        let n = family(
            &mut out,
            "aetheredge_site_publishes_total",
            "counter",
            "Sites built and published.",
        );
        for (repo, v) in &m.publishes {
            lines.push(format!("{n}{{repo=\"{}\"}} {v}", esc(repo)));
        }
        flush(&mut out, &mut lines);
        let n = family(
            &mut out,
            "aetheredge_files_parsed_total",
            "counter",
            "Terraform files the reviews parsed; a file unchanged since the last tick comes from the cache.",
        );
        for (repo, v) in &m.parsed {
            lines.push(format!("{n}{{repo=\"{}\"}} {v}", esc(repo)));
        }
        flush(&mut out, &mut lines);
        let n = family(
            &mut out,
            "aetheredge_ticks_total",
            "counter",
            "Reconciles of a repo, by outcome.",
        );
        for ((repo, outcome), v) in &m.ticks {
            lines.push(format!(
                "{n}{{repo=\"{}\",outcome=\"{outcome}\"}} {v}",
                esc(repo)
            ));
        }
        flush(&mut out, &mut lines);
        let n = family(
            &mut out,
            "aetheredge_errors_total",
            "counter",
            "Failures, by repo and the step that failed.",
        );
        for ((repo, kind), v) in &m.errors {
            lines.push(format!("{n}{{repo=\"{}\",kind=\"{kind}\"}} {v}", esc(repo)));
        }
        flush(&mut out, &mut lines);
        let n = family(
            &mut out,
            "aetheredge_last_success_timestamp_seconds",
            "gauge",
            "When each repo's last successful reconcile ended (Unix time).",
        );
        for (repo, v) in &m.last_success {
            lines.push(format!("{n}{{repo=\"{}\"}} {v:.3}", esc(repo)));
        }
        flush(&mut out, &mut lines);
        let n = family(
            &mut out,
            "aetheredge_webhooks_total",
            "counter",
            "Webhook deliveries, by event and outcome.",
        );
        for ((event, outcome), v) in &m.webhooks {
            lines.push(format!(
                "{n}{{event=\"{event}\",outcome=\"{outcome}\"}} {v}"
            ));
        }
        flush(&mut out, &mut lines);
        let requests: u64 = m
            .github
            .iter()
            .map(|s| s.requests.load(Ordering::Relaxed))
            .sum();
        let failures: u64 = m
            .github
            .iter()
            .map(|s| s.failures.load(Ordering::Relaxed))
            .sum();
        let n = family(
            &mut out,
            "aetheredge_github_requests_total",
            "counter",
            "Requests sent to GitHub's API (each attempt).",
        );
        lines.push(format!("{n} {requests}"));
        flush(&mut out, &mut lines);
        let n = family(
            &mut out,
            "aetheredge_github_request_failures_total",
            "counter",
            "GitHub requests that got no answer, a 5xx or a rate limit.",
        );
        lines.push(format!("{n} {failures}"));
        flush(&mut out, &mut lines);
        let remaining = m
            .github
            .iter()
            .map(|s| s.rate_limit_remaining.load(Ordering::Relaxed))
            .filter(|r| *r >= 0)
            .min();
        if let Some(r) = remaining {
            let n = family(
                &mut out,
                "aetheredge_github_rate_limit_remaining",
                "gauge",
                "The lowest x-ratelimit-remaining GitHub last reported.",
            );
            lines.push(format!("{n} {r}"));
            flush(&mut out, &mut lines);
        }
        out
    }
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) -> String {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
    name.to_string()
}

fn flush(out: &mut String, lines: &mut Vec<String>) {
    for l in lines.drain(..) {
        out.push_str(&l);
        out.push('\n');
    }
}

/// A label value, escaped as the text format requires.
fn esc(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
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
}

//! Suppressions, applied by the runner to every deity's findings: a comment in the
//! reviewed file that says a finding is accepted.
//!
//! - `# aetheredge:ignore RULE_ID reason="why" until=YYYY-MM-DD` (`//` comments too) on the
//!   finding's line, in the comment lines right above it, on or inside the resource the
//!   finding is about, or in the comment lines right above that resource. `RULE_ID` is the
//!   finding's rule id, with or without the `deity/` prefix, or `*`. `until` is optional.
//! - `#checkov:skip=CKV_AWS_20:reason` in the same places, matched against the finding's
//!   `aliases` (other tools' ids for the same rule).
//!
//! A suppression whose `until` date has passed does not suppress: it becomes a finding of
//! its own (`<deity>/suppression-invalid`), beside the finding. So does one without a
//! reason when the (base) config sets `suppressions.require_reason: true`; otherwise it
//! suppresses, as Checkov's skips do, and a pull request that adds it lists it among the
//! changes to the rules.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use aetheredge_core::report::{Finding, Severity};
use aetheredge_deity::{Review, Which};

/// A date as `YYYY-MM-DD`, compared as text.
pub type Date = String;

/// Today in UTC (`AETHEREDGE_TODAY=YYYY-MM-DD` overrides it, for reproducible runs).
pub fn today() -> Date {
    if let Ok(d) = std::env::var("AETHEREDGE_TODAY") {
        if parse_date(&d).is_some() {
            return d;
        }
    }
    date_of(chrono::Utc::now())
}

/// A moment's UTC calendar date as `YYYY-MM-DD`.
fn date_of(moment: chrono::DateTime<chrono::Utc>) -> Date {
    moment.date_naive().to_string()
}

fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let mut parts = s.split('-');
    let y: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    (s.len() == 10 && parts.next().is_none() && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y, m, d))
}

/// One suppression comment.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Suppression {
    pub line: u32,
    pub rule: String,
    pub reason: Option<String>,
    pub until: Option<String>,
    /// `checkov:skip` (matched against aliases) rather than `aetheredge:ignore`.
    pub checkov: bool,
}

fn ignore_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?:#|//)\s*aetheredge:ignore\s+(\S+)((?:\s+\w+=(?:"[^"]*"|\S+))*)"#)
            .expect("valid regex")
    })
}

fn option_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"(\w+)=(?:"([^"]*)"|(\S+))"#).expect("valid regex"))
}

fn checkov_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:#|//)\s*checkov:skip=([A-Za-z0-9_]+)(?::(.*))?").expect("valid regex")
    })
}

/// The suppression on one line, if any.
pub(crate) fn parse_line(line_no: u32, line: &str) -> Option<Suppression> {
    if let Some(c) = ignore_re().captures(line) {
        let mut reason = None;
        let mut until = None;
        for o in option_re().captures_iter(c.get(2).map_or("", |m| m.as_str())) {
            let value = o
                .get(2)
                .or_else(|| o.get(3))
                .map(|m| m.as_str().trim().to_string());
            match &o[1] {
                "reason" => reason = value.filter(|v| !v.is_empty()),
                "until" => until = value,
                _ => {}
            }
        }
        return Some(Suppression {
            line: line_no,
            rule: c[1].to_string(),
            reason,
            until,
            checkov: false,
        });
    }
    let c = checkov_re().captures(line)?;
    Some(Suppression {
        line: line_no,
        rule: c[1].to_string(),
        reason: c
            .get(2)
            .map(|m| m.as_str().trim().to_string())
            .filter(|r| !r.is_empty()),
        until: None,
        checkov: true,
    })
}

impl Suppression {
    fn matches(&self, finding: &Finding) -> bool {
        if self.checkov {
            return finding.aliases.iter().any(|a| a == &self.rule);
        }
        let short = finding
            .rule_id
            .split_once('/')
            .map_or(finding.rule_id.as_str(), |(_, r)| r);
        self.rule == "*"
            || self.rule == finding.rule_id
            || self.rule == short
            || finding.aliases.iter().any(|a| a == &self.rule)
    }

    /// Why this suppression cannot be honoured, if it cannot.
    pub fn problem(&self, today: &str, require_reason: bool) -> Option<String> {
        if self.reason.is_none() && require_reason {
            return Some(format!(
                "The suppression of {} gives no reason, and suppressions.require_reason is set; write reason=\"…\" so reviewers know why it is accepted.",
                self.rule
            ));
        }
        match &self.until {
            Some(until) if parse_date(until).is_none() => Some(format!(
                "The suppression of {} has until={until}, which is not a YYYY-MM-DD date.",
                self.rule
            )),
            Some(until) if until.as_str() < today => Some(format!(
                "The suppression of {} expired on {until}; fix the finding or renew the suppression.",
                self.rule
            )),
            _ => None,
        }
    }
}

/// The line numbers (1-based) whose comments may suppress a finding at `line`: the line
/// itself and the comment lines right above it.
fn line_and_comments_above(lines: &[&str], line: u32) -> Vec<u32> {
    let mut out = vec![line];
    let mut l = line.saturating_sub(1);
    while l >= 1 {
        let text = lines.get(l as usize - 1).map_or("", |t| t.trim_start());
        if text.starts_with('#') || text.starts_with("//") {
            out.push(l);
            l -= 1;
        } else {
            break;
        }
    }
    out
}

/// Drops the suppressed findings of one side; returns what is left (with a finding for
/// each suppression that cannot be honoured) and how many were dropped.
pub fn apply(
    review: &Review,
    which: Which,
    findings: Vec<Finding>,
    today: &str,
) -> (Vec<Finding>, usize) {
    let require_reason = review.config.suppressions.require_reason;
    let side = review.side(which);
    // Each file's lines, read once, and only for files that hold a suppression comment; and
    // the resources by file and address: one lookup per finding, not a scan.
    let mut files: HashMap<&str, Option<Vec<&str>>> = HashMap::new();
    let resources: HashMap<(&str, &str), &aetheredge_model::iac::Resource> = side
        .model
        .resources
        .iter()
        .map(|r| ((r.location.file.as_str(), r.address.as_str()), r))
        .rev()
        .collect();
    let mut kept = Vec::with_capacity(findings.len());
    let mut problems: Vec<Finding> = Vec::new();
    let mut dropped = 0;
    for finding in findings {
        let suppression = finding.file.as_deref().and_then(|file| {
            let source = side.snapshot.get(file)?;
            let file = source.path.as_str();
            let lines = files
                .entry(file)
                .or_insert_with(|| {
                    let marked = source.text.contains("aetheredge:ignore")
                        || source.text.contains("checkov:skip");
                    marked.then(|| source.text.lines().collect())
                })
                .as_deref()?;
            let resource = finding
                .resource
                .as_deref()
                .and_then(|address| resources.get(&(file, address)).copied());
            suppression_in(lines, resource, &finding)
        });
        match suppression {
            None => kept.push(finding),
            Some(s) => match s.problem(today, require_reason) {
                None => dropped += 1,
                Some(why) => {
                    let file = finding.file.clone().unwrap_or_default();
                    let problem = Finding::new(
                        finding.deity,
                        &format!("{}/suppression-invalid", finding.deity.as_str()),
                        Severity::Medium,
                        "Suppression cannot be honoured",
                        why,
                    )
                    .at(&file, s.line, None);
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                    kept.push(finding);
                }
            },
        }
    }
    kept.extend(problems);
    (kept, dropped)
}

/// The suppression comment that applies to a finding, if any, among the lines of its file
/// (and of the resource block it names).
fn suppression_in(
    lines: &[&str],
    resource: Option<&aetheredge_model::iac::Resource>,
    finding: &Finding,
) -> Option<Suppression> {
    let mut candidates: Vec<u32> = Vec::new();
    if let Some(line) = finding.line {
        candidates.extend(line_and_comments_above(lines, line));
    }
    if let Some(r) = resource {
        candidates.extend(line_and_comments_above(lines, r.location.line));
        candidates.extend(r.location.line..=r.decl.end_line());
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .filter_map(|l| {
            lines
                .get((l as usize).checked_sub(1)?)
                .and_then(|t| parse_line(l, t))
        })
        .find(|s| s.matches(finding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_read() {
        let s = parse_line(
            3,
            r#"  # aetheredge:ignore vishnu/aws_s3_public reason="static site" until=2030-01-01"#,
        )
        .unwrap();
        assert_eq!(s.rule, "vishnu/aws_s3_public");
        assert_eq!(s.reason.as_deref(), Some("static site"));
        assert_eq!(s.until.as_deref(), Some("2030-01-01"));
        assert_eq!(s.problem("2025-01-01", true), None);
        assert!(s.problem("2031-01-01", false).unwrap().contains("expired"));
        let bare = parse_line(1, "# aetheredge:ignore X").unwrap();
        assert_eq!(bare.problem("2025-01-01", false), None);
        assert!(bare
            .problem("2025-01-01", true)
            .unwrap()
            .contains("no reason"));
        let c = parse_line(1, "  #checkov:skip=CKV_AWS_20:public website").unwrap();
        assert!(c.checkov);
        assert_eq!(c.rule, "CKV_AWS_20");
        assert_eq!(c.reason.as_deref(), Some("public website"));
        assert!(parse_line(1, "acl = \"private\"").is_none());
    }

    #[test]
    fn dates() {
        let day = |days: i64| date_of(chrono::DateTime::from_timestamp(days * 86_400, 0).unwrap());
        assert_eq!(day(0), "1970-01-01");
        assert_eq!(day(19_723), "2024-01-01");
        assert_eq!(day(-1), "1969-12-31");
        assert!(parse_date("2024-13-01").is_none());
        assert_eq!(today().len(), 10);
    }
}

//! What the site takes from a review, and its cache. The review is the slow part of a site
//! build; what the site shows of it depends only on the files the deities read, so it is kept
//! in the output (`site-cache.json`) under a key made of those files' git object ids, and a
//! rebuild whose inputs did not change (a change to Markdown only) reuses it.
//!
//! Markdown is left out of the key, but Kali scans every file for secrets, Markdown included:
//! Kali's findings are therefore never cached; Kali runs on every build (its share of a review
//! is small), and the cache holds the other deities' findings and Lakshmi's costs.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use aetheredge_core::report::{DeityName, Finding, Report};
use aetheredge_model::repo::Snapshot;

/// The file in the output that holds the cache.
pub(crate) const CACHE_FILE: &str = "site-cache.json";

/// Bumped whenever [`ReviewData`] changes shape or meaning.
const FORMAT: u32 = 3;

/// A finding as the site shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingRow {
    pub deity: String,
    pub severity: String,
    pub rule_id: String,
    pub title: String,
    pub message: String,
    /// `file:line`, `file`, or empty.
    pub location: String,
    pub resource: String,
    /// `(framework id, control)` pairs the finding bears on (ids of the compliance catalog).
    pub frameworks: Vec<(String, String)>,
}

impl FindingRow {
    /// The file part of the location.
    pub fn file(&self) -> &str {
        match self.location.rsplit_once(':') {
            Some((file, line)) if line.bytes().all(|b| b.is_ascii_digit()) => file,
            _ => &self.location,
        }
    }

    pub(crate) fn from_finding(f: &Finding) -> FindingRow {
        FindingRow {
            deity: f.deity.as_str().to_string(),
            severity: f.severity.as_str().to_string(),
            rule_id: f.rule_id.clone(),
            title: f.title.clone(),
            message: f.message.clone(),
            location: match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("{file}:{line}"),
                (Some(file), None) => file.clone(),
                _ => String::new(),
            },
            resource: f.resource.clone().unwrap_or_default(),
            frameworks: f
                .frameworks
                .iter()
                .map(|fc| (fc.framework_id.clone(), fc.control.clone()))
                .collect(),
        }
    }
}

/// A resource's monthly cost at the revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostRow {
    /// The root module directory (`.` for the repo root).
    pub root: String,
    pub address: String,
    pub resource_type: String,
    pub monthly: f64,
}

/// What the site shows of a review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewData {
    /// In report order (severity, then location).
    pub findings: Vec<FindingRow>,
    pub monthly_cost: f64,
    pub costs: Vec<CostRow>,
}

impl ReviewData {
    pub(crate) fn from_report(report: &Report) -> ReviewData {
        ReviewData {
            findings: report
                .findings
                .iter()
                .map(FindingRow::from_finding)
                .collect(),
            monthly_cost: report.cost.head_monthly,
            costs: report
                .cost
                .resources
                .iter()
                .filter_map(|c| {
                    Some(CostRow {
                        root: c.root.clone(),
                        address: c.address.clone(),
                        resource_type: c.resource_type.clone(),
                        monthly: c.head_monthly?,
                    })
                })
                .collect(),
        }
    }

    /// The part that is cached: everything but the findings in Markdown files (Kali's
    /// secrets in docs), which a docs-only change can change.
    pub(crate) fn without_markdown_findings(&self) -> ReviewData {
        ReviewData {
            findings: self
                .findings
                .iter()
                .filter(|f| !is_markdown(f.file()))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// A cached part with a fresh Kali run's findings in Markdown files, in the order a
    /// review gives them. (Kali's other findings are in the cached part already, some merged
    /// into the policy finding of the same problem, as a full review merges them.)
    pub(crate) fn with_findings_of(mut self, kali: &Report) -> ReviewData {
        self.findings.extend(
            kali.findings
                .iter()
                .filter(|f| f.file.as_deref().is_some_and(is_markdown))
                .map(FindingRow::from_finding),
        );
        // A review sorts by severity, then status (all new on a full scan), then deity, and
        // each part is already in review order: a stable sort on the first keys restores it.
        let severity = |s: &str| {
            aetheredge_core::report::Severity::ALL
                .iter()
                .position(|x| x.as_str() == s)
        };
        let deity = |d: &str| DeityName::ALL.iter().position(|x| x.as_str() == d);
        self.findings
            .sort_by_key(|f| (severity(&f.severity), deity(&f.deity)));
        self
    }
}

/// The cache file's contents.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    key: String,
    data: ReviewData,
}

/// The key of a tree's review data: the object ids of every file but Markdown (Terraform,
/// blueprints, manifests, policies, `aetheredge.yaml`, usage files…) and of the files that
/// were too large or binary to read, and the program's version (its rules and prices).
pub fn key(snapshot: &Snapshot) -> String {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update(FORMAT.to_le_bytes());
    for file in snapshot.files().filter(|f| !is_markdown(&f.path)) {
        hash.update(file.path.as_bytes());
        hash.update([0]);
        hash.update(file.id.as_bytes());
        hash.update([0]);
    }
    for skipped in snapshot.skipped() {
        hash.update(skipped.path.as_bytes());
        hash.update([1]);
    }
    hex::encode(hash.finalize())
}

fn is_markdown(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".markdown")
}

/// The cached review data in a previous output, when its key is `key`. A missing or
/// unreadable cache is no error: the review runs.
pub fn read(out: &Path, key: &str) -> Option<ReviewData> {
    let path = out.join(CACHE_FILE);
    let bytes = std::fs::read(&path).ok()?;
    match serde_json::from_slice::<CacheFile>(&bytes) {
        Ok(c) if c.format == FORMAT && c.key == key => Some(c.data),
        Ok(_) => {
            tracing::debug!(path = %path.display(), "the cached review data is for other inputs");
            None
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "ignoring an unreadable site cache");
            None
        }
    }
}

/// The cache file's text.
pub fn render(key: &str, data: &ReviewData) -> String {
    serde_json::to_string(&CacheFile {
        format: FORMAT,
        key: key.to_string(),
        data: data.without_markdown_findings(),
    })
    .unwrap_or_default()
}

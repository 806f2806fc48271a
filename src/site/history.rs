//! The site's history: one record per commit the site was built from (findings by severity,
//! monthly cost, compliance score per framework), for the History page and the cost trend.
//!
//! The history lives in the site itself, as `history.json`: a build reads the previous
//! output's file before it replaces it and writes it again with this build's record, the
//! record of the same commit replaced rather than added twice. Whoever publishes the site
//! (to gh-pages, a bucket…) keeps the history by handing the previous site back as `--out`.
//! A history file that cannot be read is not dropped: it is kept beside the new one as
//! `history.unreadable.json`, and the build starts a new history.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The file in the output that holds the history.
pub(crate) const HISTORY_FILE: &str = "history.json";
/// Where an unreadable history file is kept.
pub(crate) const UNREADABLE_FILE: &str = "history.unreadable.json";

/// One build's numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The commit's full sha.
    pub sha: String,
    /// The commit's date (committer time, RFC 3339, UTC), empty for a plain directory.
    pub date: String,
    /// Open findings by severity name.
    pub findings: BTreeMap<String, usize>,
    pub monthly_cost: f64,
    /// Score in percent by framework name; `None` where no control applies.
    pub compliance: BTreeMap<String, Option<u32>>,
}

/// The history file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Oldest commit first.
    pub records: Vec<Record>,
}

/// The history in a previous output.
pub enum Previous {
    None,
    Read(History),
    /// The file is there but is not a history: its bytes, to be kept.
    Unreadable(Vec<u8>),
}

/// Reads `<out>/history.json` (and, when that was unreadable before, the history is what the
/// new build starts from).
pub fn read(out: &Path) -> Previous {
    let path = out.join(HISTORY_FILE);
    let Ok(bytes) = std::fs::read(&path) else {
        return Previous::None;
    };
    match serde_json::from_slice::<History>(&bytes) {
        Ok(h) => Previous::Read(h),
        Err(e) => {
            tracing::warn!(
                path = %path.display(),
                error = %e,
                "the previous site's history cannot be read: it is kept as {UNREADABLE_FILE} and a new history starts"
            );
            Previous::Unreadable(bytes)
        }
    }
}

impl History {
    /// Adds a build's record: the record of the same commit is replaced where it was, and the
    /// records stay in commit-date order (records without a date keep their place at the end).
    pub fn record(&mut self, record: Record) {
        match self.records.iter_mut().find(|r| r.sha == record.sha) {
            Some(r) => *r = record,
            None => self.records.push(record),
        }
        self.records
            .sort_by(|a, b| match (a.date.is_empty(), b.date.is_empty()) {
                (false, false) => a.date.cmp(&b.date),
                (a_empty, b_empty) => a_empty.cmp(&b_empty),
            });
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// A commit's committer time as RFC 3339 UTC, from the repository at `git_dir`.
pub(crate) fn commit_date(git_dir: Option<&Path>, sha: &str) -> String {
    let date = || -> Option<String> {
        let repo = git2::Repository::open(git_dir?).ok()?;
        let commit = repo.find_commit(git2::Oid::from_str(sha).ok()?).ok()?;
        rfc3339(commit.time().seconds())
    };
    date().unwrap_or_default()
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (the proleptic Gregorian calendar);
/// `None` past the years chrono represents.
fn rfc3339(seconds: i64) -> Option<String> {
    let moment = chrono::DateTime::from_timestamp(seconds, 0)?;
    Some(moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(sha: &str, date: &str, cost: f64) -> Record {
        Record {
            sha: sha.to_string(),
            date: date.to_string(),
            findings: BTreeMap::new(),
            monthly_cost: cost,
            compliance: BTreeMap::new(),
        }
    }

    #[test]
    fn dates_are_utc_rfc3339() {
        assert_eq!(rfc3339(0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_704_067_200).unwrap(), "2024-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_709_210_096).unwrap(), "2024-02-29T12:34:56Z");
        assert_eq!(rfc3339(-1).unwrap(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn the_same_commit_is_replaced_and_records_stay_in_date_order() {
        let mut h = History::default();
        h.record(record("b", "2026-01-02T00:00:00Z", 2.0));
        h.record(record("a", "2026-01-01T00:00:00Z", 1.0));
        h.record(record("b", "2026-01-02T00:00:00Z", 3.0));
        let shas: Vec<_> = h.records.iter().map(|r| r.sha.as_str()).collect();
        assert_eq!(shas, ["a", "b"]);
        assert_eq!(h.records[1].monthly_cost, 3.0);
    }
}

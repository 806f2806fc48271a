//! What a pull request does to the files that decide verdicts, found by the runner from
//! the change set: policies added, removed or edited (with their package and rules),
//! suppressions added (inline comments and ignore-file entries), config keys and budgets
//! changed, and the usage files, pricing catalogs, site templates and policy data touched.
//!
//! The review itself read every one of these from the base ([`Review::trusted`]); the
//! report lists what the change does to them, which takes effect after merge.

use std::collections::BTreeMap;

use crate::suppress;
use aetheredge_core::config::Config;
use aetheredge_core::config::SITE_TEMPLATES_DIR;
use aetheredge_core::report::rules::{
    ConfigChange, FileChange, PolicyChange, RuleChanges, RuleFileChange, RuleFileKind,
    SuppressionChange, SuppressionKind,
};
use aetheredge_deity::Review;
use aetheredge_kali::checks::secrets::IGNORE_FILES;
use aetheredge_lakshmi::pricing::import::OVERRIDE_DIR as PRICING_DIR;
use aetheredge_lakshmi::pricing::usage::USAGE_FILES;
use aetheredge_model::repo::{ChangeStatus, ChangedFile};
use aetheredge_vishnu::policy::outline::Outline;
use aetheredge_vishnu::{in_policy_dir, is_policy_file};

/// Config keys that are budgets.
const BUDGET_KEYS: [&str; 3] = [
    "cost.budget_monthly",
    "cost.max_increase_monthly",
    "cost.max_increase_percent",
];

/// The rule changes of a pull request (none on a full scan). `today` dates suppressions.
pub(crate) fn detect(review: &Review, today: &str) -> RuleChanges {
    let mut changes = RuleChanges::default();
    if review.full_scan {
        return changes;
    }
    let config = review.config;
    let head_config = review
        .head
        .snapshot
        .get(review.config_file)
        .and_then(|f| Config::parse_file(review.config_file, &f.text).ok());
    let usage_files: Vec<&str> = USAGE_FILES
        .iter()
        .copied()
        .chain(config.cost.usage_file.as_deref())
        .chain(
            head_config
                .as_ref()
                .and_then(|c| c.cost.usage_file.as_deref()),
        )
        .collect();
    let policy_dir = config.policy.policy_dir.as_str();
    for change in &review.change_set.files {
        let base_path = change.old_path.as_deref().unwrap_or(&change.path);
        let base_text = review.base.snapshot.get(base_path).map(|f| &f.text);
        let head_text = match change.status {
            ChangeStatus::Deleted => None,
            _ => review.head.snapshot.get(&change.path).map(|f| &f.text),
        };
        // A policy moved into or out of the policy directories is added or removed, even
        // when its text is the same.
        let (base_is_policy, head_is_policy) = (
            is_policy_file(policy_dir, base_path),
            is_policy_file(policy_dir, &change.path),
        );
        if base_is_policy != head_is_policy {
            if let (true, Some(text)) = (base_is_policy, base_text) {
                let outline = Outline::of(base_path, text);
                changes.policies.push(policy_change(
                    base_path,
                    FileChange::Removed,
                    Some(outline),
                    None,
                ));
            }
            if let (true, Some(text)) = (head_is_policy, head_text) {
                let outline = Outline::of(&change.path, text);
                changes.policies.push(policy_change(
                    &change.path,
                    FileChange::Added,
                    None,
                    Some(outline),
                ));
            }
            continue;
        }
        let how = match (base_text, head_text) {
            (None, None) => continue,
            (None, Some(_)) => FileChange::Added,
            (Some(_), None) => FileChange::Removed,
            (Some(b), Some(h)) if b == h => continue,
            (Some(_), Some(_)) => FileChange::Edited,
        };
        let path = change.path.as_str();
        if head_is_policy {
            changes.policies.push(policy_change(
                path,
                how,
                base_text.map(|t| Outline::of(base_path, t)),
                head_text.map(|t| Outline::of(path, t)),
            ));
        } else if path == review.config_file {
            let diff = config_keys(
                path,
                base_text.map(|t| t.as_ref()),
                head_text.map(|t| t.as_ref()),
            );
            if diff.is_empty() {
                // Only comments or layout changed, or the head's file does not parse.
                changes
                    .files
                    .push(file_change(path, RuleFileKind::Config, how));
            }
            changes.config.extend(diff);
        } else if let Some(kind) = rule_file_kind(path, policy_dir, &usage_files) {
            changes.files.push(file_change(path, kind, how));
            if kind == RuleFileKind::IgnoreFile {
                if let Some(text) = head_text {
                    changes
                        .suppressions
                        .extend(ignore_entries(change, path, text));
                }
            }
        }
        if let Some(text) = head_text {
            changes.suppressions.extend(inline_suppressions(
                change,
                text,
                today,
                config.suppressions.require_reason,
            ));
        }
    }
    changes.policies.sort_by(|a, b| a.file.cmp(&b.file));
    changes
        .suppressions
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    changes.config.sort_by(|a, b| a.key.cmp(&b.key));
    changes.files.sort_by(|a, b| a.file.cmp(&b.file));
    changes
}

fn file_change(path: &str, kind: RuleFileKind, change: FileChange) -> RuleFileChange {
    RuleFileChange {
        file: path.to_string(),
        kind,
        change,
    }
}

/// What a file other than a policy or the config is for, if it decides verdicts.
fn rule_file_kind(path: &str, policy_dir: &str, usage_files: &[&str]) -> Option<RuleFileKind> {
    if IGNORE_FILES.contains(&path) {
        Some(RuleFileKind::IgnoreFile)
    } else if usage_files.contains(&path) {
        Some(RuleFileKind::UsageFile)
    } else if path
        .strip_prefix(PRICING_DIR)
        .is_some_and(|rest| rest.starts_with('/') && rest.ends_with(".catalog"))
    {
        Some(RuleFileKind::PricingCatalog)
    } else if path
        .strip_prefix(SITE_TEMPLATES_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
    {
        Some(RuleFileKind::SiteTemplate)
    } else if policy_dir.trim_matches('/') != "."
        && in_policy_dir(policy_dir, path)
        && !path.ends_with(".rego")
        && !path.ends_with(".md")
    {
        Some(RuleFileKind::PolicyData)
    } else {
        None
    }
}

fn policy_change(
    path: &str,
    how: FileChange,
    base: Option<Outline>,
    head: Option<Outline>,
) -> PolicyChange {
    let shown = head.as_ref().or(base.as_ref()).cloned().unwrap_or_default();
    let (rules_added, rules_removed, rules_edited) = match (&base, &head) {
        (Some(b), Some(h)) => h.compare(b),
        _ => Default::default(),
    };
    PolicyChange {
        file: path.to_string(),
        change: how,
        package: shown.package.clone(),
        rules: shown.names(),
        rules_added,
        rules_removed,
        rules_edited,
        enforced_from_base: how != FileChange::Added,
    }
}

/// The suppression comments on the lines a change adds to one file.
fn inline_suppressions(
    change: &ChangedFile,
    text: &str,
    today: &str,
    require_reason: bool,
) -> Vec<SuppressionChange> {
    if !text.contains("aetheredge:ignore") && !text.contains("checkov:skip") {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    change
        .added_lines
        .iter()
        .filter_map(|&n| {
            let s = suppress::parse_line(n, lines.get((n as usize).checked_sub(1)?)?)?;
            let note = s.problem(today, require_reason);
            Some(SuppressionChange {
                file: change.path.clone(),
                line: n,
                kind: if s.checkov {
                    SuppressionKind::CheckovSkip
                } else {
                    SuppressionKind::Inline
                },
                rule: s.rule,
                reason: s.reason,
                until: s.until,
                honoured: note.is_none(),
                note,
            })
        })
        .collect()
}

/// The entries a change adds to an ignore file. They take effect after merge: this review
/// read the ignore file from the base.
fn ignore_entries(change: &ChangedFile, path: &str, text: &str) -> Vec<SuppressionChange> {
    let lines: Vec<&str> = text.lines().collect();
    change
        .added_lines
        .iter()
        .filter_map(|&n| {
            let line = lines.get((n as usize).checked_sub(1)?)?.trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let (entry, reason) = match line.split_once(" #") {
                Some((e, r)) => (
                    e.trim(),
                    Some(r.trim().to_string()).filter(|r| !r.is_empty()),
                ),
                None => (line, None),
            };
            Some(SuppressionChange {
                file: path.to_string(),
                line: n,
                kind: SuppressionKind::IgnoreFile,
                rule: entry.to_string(),
                reason,
                until: None,
                honoured: false,
                note: Some(
                    "takes effect after merge; this review read the ignore file from the base"
                        .to_string(),
                ),
            })
        })
        .collect()
}

/// The config keys (dotted paths to scalars and lists) that differ between two versions
/// of the config file. A version that is not YAML, or nests deeper than the config may
/// (the default `limits.decode_depth`, as the config is read), counts as having no keys.
fn config_keys(file: &str, base: Option<&str>, head: Option<&str>) -> Vec<ConfigChange> {
    let max_depth = aetheredge_core::limits::Limits::default().decode_depth;
    let flat = |text: Option<&str>| -> BTreeMap<String, serde_json::Value> {
        let mut out = BTreeMap::new();
        if let Some(value) = text
            .filter(|t| aetheredge_core::limits::yaml_nesting(t, max_depth).is_ok())
            .and_then(|t| serde_yaml_ng::from_str::<serde_yaml_ng::Value>(t).ok())
            .and_then(|v| serde_json::to_value(v).ok())
        {
            flatten("", value, &mut out);
        }
        out
    };
    let (base, head) = (flat(base), flat(head));
    let mut keys: Vec<&String> = base.keys().chain(head.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| base.get(*k) != head.get(*k))
        .map(|k| ConfigChange {
            file: file.to_string(),
            key: k.clone(),
            base: base.get(k).cloned(),
            head: head.get(k).cloned(),
            budget: BUDGET_KEYS.contains(&k.as_str()),
        })
        .collect()
}

fn flatten(prefix: &str, value: serde_json::Value, out: &mut BTreeMap<String, serde_json::Value>) {
    match value {
        serde_json::Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::Null if prefix.is_empty() => {}
        other => {
            out.insert(prefix.to_string(), other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys_are_compared_as_dotted_paths() {
        let base = "fail_on: high\ncost:\n  budget_monthly: 5000\nvishnu:\n  disable: [a]\n";
        let head = "# a comment\nfail_on: none\ncost:\n  budget_monthly: 9000\n  savings: false\nvishnu:\n  disable: [a]\n";
        let keys = config_keys("aetheredge.yaml", Some(base), Some(head));
        let names: Vec<&str> = keys.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(
            names,
            vec!["cost.budget_monthly", "cost.savings", "fail_on"]
        );
        assert!(keys[0].budget && !keys[2].budget);
        assert_eq!(keys[1].base, None);
        assert_eq!(keys[2].head, Some(serde_json::json!("none")));
        assert!(config_keys("a", Some(base), Some(""))
            .iter()
            .all(|k| k.head.is_none()));
        assert!(config_keys("a", Some(base), Some(base)).is_empty());
        // Not YAML at all: every base key reads as removed, nothing panics.
        assert_eq!(config_keys("a", Some(base), Some("[: :")).len(), 3);
    }

    #[test]
    fn rule_files_are_recognised() {
        let usage = ["infracost-usage.yml", "aetheredge-usage.yml"];
        let kind = |p: &str, dir: &str| rule_file_kind(p, dir, &usage);
        assert_eq!(kind(".gitleaksignore", ""), Some(RuleFileKind::IgnoreFile));
        assert_eq!(
            kind("infracost-usage.yml", ""),
            Some(RuleFileKind::UsageFile)
        );
        assert_eq!(
            kind(".aetheredge/pricing/aws.catalog", ""),
            Some(RuleFileKind::PricingCatalog)
        );
        assert_eq!(
            kind("site-templates/page.html", ""),
            Some(RuleFileKind::SiteTemplate)
        );
        assert_eq!(kind("policy/data.json", ""), Some(RuleFileKind::PolicyData));
        assert_eq!(
            kind("rules/data.yaml", "rules"),
            Some(RuleFileKind::PolicyData)
        );
        assert_eq!(kind("rules/data.yaml", "."), None);
        assert_eq!(kind("main.tf", ""), None);
    }
}

//! Kali: security. Misconfigurations in the model's resources and Kubernetes objects (the
//! rules of [`crate::checks`]), Kubernetes YAML that does not parse, and secrets leaked in
//! the lines a change adds (every line on a full scan), never shown whole.
//!
//! Secrets are looked for at head only: the base side returns none, so a secret is
//! "introduced" when the change adds it and nothing is "fixed" just because the base scan
//! read other lines.

pub mod checks;

use rayon::prelude::*;

use crate::checks::secrets::{self, Allowlist, IgnoreList, Scanner, IGNORE_FILES};
use crate::checks::Category;
use aetheredge_core::config::PathFilter;
use aetheredge_core::report::{DeityName, Finding, Severity};
use aetheredge_model::repo::ChangeStatus;

use aetheredge_core::report::fingerprint;
use aetheredge_deity::{Contribution, Deity, Review, Which};

pub struct Kali {
    scanner: Scanner,
    /// The config's include and exclude globs.
    paths: PathFilter,
    /// A problem with the repo's allowlist configuration, reported once at head.
    allowlist_error: Option<String>,
}

impl Kali {
    /// Kali with the repo's secret allowlist (`secrets.allow_paths`, `secrets.allow_patterns`).
    pub fn new(allow_paths: &[String], allow_patterns: &[String], paths: PathFilter) -> Kali {
        match Allowlist::new(allow_paths, allow_patterns) {
            Ok(allowlist) => Kali {
                scanner: Scanner::new(allowlist),
                paths,
                allowlist_error: None,
            },
            Err(e) => {
                tracing::warn!(error = %e, "secret allowlist ignored");
                Kali {
                    scanner: Scanner::new(Allowlist::builtin()),
                    paths,
                    allowlist_error: Some(e.to_string()),
                }
            }
        }
    }

    /// Secrets in the lines the change adds at head.
    fn secrets(&self, review: &Review) -> Vec<Finding> {
        // Suppressions come from the base when there is one: a change cannot hide its own secrets.
        let trusted = review.trusted();
        let mut ignore = IgnoreList::default();
        for name in IGNORE_FILES {
            if let Some(file) = trusted.snapshot.get(name) {
                ignore.extend(&file.text);
            }
        }
        let controls = Category::Secrets.frameworks();
        let mut findings: Vec<Finding> = review
            .change_set
            .files
            .par_iter()
            .filter(|c| c.status != ChangeStatus::Deleted && self.paths.allows(&c.path))
            .flat_map_iter(|change| {
                let Some(file) = review.head.snapshot.get(&change.path) else {
                    return Vec::new();
                };
                let lines = (!review.full_scan).then_some(change.added_lines.as_slice());
                let found = self.scanner.scan(&file.path, &file.text, lines);
                found
                    .into_iter()
                    .filter_map(|m| {
                        let rule = m.rule();
                        let mut f = Finding::new(
                            DeityName::Kali,
                            &secrets::rule_id(rule),
                            rule.severity,
                            rule.title,
                            format!(
                                "{} \"{}\" ({}) is committed here. Revoke and rotate it, then read it from a secret store.",
                                rule.title, m.redacted, m.hash
                            ),
                        )
                        .at(&file.path, m.line, Some(m.column));
                        f.frameworks = controls.clone();
                        f.aliases = vec![rule.id.to_string()];
                        let print = fingerprint(&f);
                        if ignore.ignores(&file.path, rule.id, m.line, &m.hash, &print) {
                            tracing::debug!(path = %file.path, line = m.line, rule = rule.id, "secret ignored by an ignore file");
                            return None;
                        }
                        Some(f)
                    })
                    .collect()
            })
            .collect();
        if let Some(e) = &self.allowlist_error {
            findings.push(Finding::new(
                DeityName::Kali,
                "kali/config-error",
                Severity::Medium,
                "Secret allowlist not used",
                format!("{e}; the built-in allowlist applies."),
            ));
        }
        findings
    }
}

/// The Kubernetes YAML documents of a tree that do not parse, as `deity` reports them.
pub fn manifest_errors(model: &aetheredge_model::iac::Model, deity: DeityName) -> Vec<Finding> {
    model
        .manifest_errors
        .iter()
        .map(|e| {
            Finding::new(
                deity,
                checks::YAML_PARSE_ERROR,
                Severity::Medium,
                "Kubernetes YAML does not parse",
                format!("{} was not checked: {}", e.file, e.message),
            )
            .at(&e.file, e.line, Some(e.column))
        })
        .collect()
}

impl Deity for Kali {
    fn name(&self) -> DeityName {
        DeityName::Kali
    }

    fn inspect(&self, review: &Review, which: Which) -> Vec<Finding> {
        let side = review.side(which);
        let mut findings = checks::check_model(side.model);
        findings.extend(manifest_errors(side.model, DeityName::Kali));
        if which == Which::Head {
            findings.extend(self.secrets(review));
        }
        tracing::debug!(side = ?which, findings = findings.len(), "kali inspected");
        findings
    }

    fn compare(&self, _review: &Review) -> Contribution {
        Contribution::ComplianceRules(checks::compliance_rules())
    }

    fn remediation(&self, rule_id: &str) -> Option<String> {
        static BY_ID: std::sync::OnceLock<std::collections::HashMap<String, String>> =
            std::sync::OnceLock::new();
        BY_ID
            .get_or_init(|| {
                checks::catalog()
                    .into_iter()
                    .map(|r| (r.id, r.remediation))
                    .collect()
            })
            .get(rule_id)
            .cloned()
    }
}

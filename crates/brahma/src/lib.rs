//! Brahma plans: which resources a change creates, updates, replaces or deletes (computed in
//! [`crate::plan`]). Brahma also reports what made a tree hard to plan: files that do not
//! parse, cycles, values that cannot be known.

pub mod plan;

use aetheredge_core::report::{DeityName, Finding, Severity};
use aetheredge_model::iac::{
    is_iac_path, Diagnostic, Level, Model, LIMIT_EXCEEDED, PLAN_FILE_INVALID,
};

use aetheredge_deity::{Contribution, Deity, Review, Which};

pub struct Brahma;

impl Deity for Brahma {
    fn name(&self) -> DeityName {
        DeityName::Brahma
    }

    fn inspect(&self, review: &Review, which: Which) -> Vec<Finding> {
        let side = review.side(which);
        let mut findings: Vec<Finding> = side
            .model
            .diagnostics
            .iter()
            .map(|d| diagnostic_finding(d, DeityName::Brahma))
            .collect();
        for skipped in side
            .snapshot
            .skipped()
            .iter()
            .filter(|s| is_iac_path(&s.path))
        {
            let why = match &skipped.reason {
                aetheredge_model::repo::SkipReason::TooLarge { size, limit } => {
                    format!(
                        "{} bytes, over the {limit}-byte limit (max_file_size in aetheredge.yaml)",
                        size
                    )
                }
                aetheredge_model::repo::SkipReason::Binary => "it is binary".to_string(),
                aetheredge_model::repo::SkipReason::NotUtf8 => "it is not valid UTF-8".to_string(),
            };
            findings.push(
                Finding::new(
                    DeityName::Brahma,
                    "brahma/skipped-file",
                    Severity::Info,
                    "File skipped",
                    format!("{} was not read: {why}.", skipped.path),
                )
                .at(&skipped.path, 1, None),
            );
        }
        findings
    }

    fn compare(&self, review: &Review) -> Contribution {
        Contribution::Plan(review.plan().clone())
    }
}

/// The finding of a loading problem, reported by `deity`.
fn diagnostic_finding(d: &Diagnostic, deity: DeityName) -> Finding {
    let (severity, title) = diagnostic_kind(&d.rule_id, d.level);
    Finding::new(deity, &d.rule_id, severity, title, d.message.clone())
        .at(&d.file, d.line, d.column)
}

/// The files of a tree that do not parse (Terraform, tfvars, blueprints, plan files), with the rule id,
/// file, line and column Brahma reports them with, as `deity` reports them: a deity that
/// runs without Brahma (`scan`, `policy`) still says which files it could not read.
pub fn unparsed_findings(model: &Model, deity: DeityName) -> Vec<Finding> {
    model
        .diagnostics
        .iter()
        .filter(|d| model.unparsed_files.contains(&d.file))
        .filter(|d| {
            matches!(
                d.rule_id.as_str(),
                PARSE_ERROR | BLUEPRINT_INVALID | PLAN_FILE_INVALID | LIMIT_EXCEEDED
            )
        })
        .map(|d| diagnostic_finding(d, deity))
        .collect()
}

/// The rule of a Terraform or tfvars file that does not parse.
pub(crate) const PARSE_ERROR: &str = "brahma/parse-error";
pub use aetheredge_model::iac::BLUEPRINT_INVALID;

/// Severity and title of each kind of loading problem.
fn diagnostic_kind(rule_id: &str, level: Level) -> (Severity, &'static str) {
    match rule_id {
        PARSE_ERROR => (Severity::High, "File does not parse"),
        BLUEPRINT_INVALID => (Severity::High, "Blueprint is invalid"),
        PLAN_FILE_INVALID => (Severity::High, "Plan file is invalid"),
        LIMIT_EXCEEDED => (Severity::High, "Evaluation budget exceeded"),
        "brahma/cycle" => (Severity::High, "Dependency cycle"),
        "brahma/duplicate-declaration" => (Severity::High, "Duplicate declaration"),
        "brahma/invalid-expansion" => (Severity::Medium, "count or for_each cannot be planned"),
        "brahma/missing-variable" => (Severity::Medium, "Missing module input"),
        "brahma/unsupported-argument" => (Severity::Medium, "Unknown module input"),
        "brahma/module-not-found" => (Severity::Medium, "Module source not found"),
        "brahma/invalid-moved" => (Severity::Medium, "Invalid moved block"),
        "brahma/eval-error" => (Severity::Medium, "Expression cannot be evaluated"),
        "brahma/undeclared-variable" => (Severity::Low, "Value for an undeclared variable"),
        "brahma/internal-error" => (Severity::High, "Module could not be evaluated"),
        _ => match level {
            Level::Error => (Severity::Medium, "Configuration problem"),
            Level::Warning => (Severity::Low, "Configuration warning"),
            Level::Info => (Severity::Info, "Configuration note"),
        },
    }
}

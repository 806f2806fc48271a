//! What a change does to the files that decide verdicts: policies, suppressions, the
//! config, budgets, usage files, pricing catalogs and site templates.
//!
//! A pull-request review reads all of them from the base, so the change cannot relax the
//! rules that judge it; what it does to them is reported here and takes effect after merge.

use serde::{Deserialize, Serialize};

use super::Finding;

/// The rule changes of one review. Empty on a full scan (nothing is compared).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleChanges {
    /// Rego policy files added, removed or edited.
    pub policies: Vec<PolicyChange>,
    /// Suppressions the change adds: inline comments and ignore-file entries.
    pub suppressions: Vec<SuppressionChange>,
    /// Keys of the config file the change adds, removes or changes.
    pub config: Vec<ConfigChange>,
    /// Other files that decide verdicts (usage files, pricing catalogs, ignore files,
    /// site templates, policy data) the change adds, removes or edits.
    pub files: Vec<RuleFileChange>,
    /// What the added and edited policies report at head. Advisory: they never fail the
    /// review, and they are not among the report's `findings`.
    pub advisory_findings: Vec<Finding>,
}

impl RuleChanges {
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
            && self.suppressions.is_empty()
            && self.config.is_empty()
            && self.files.is_empty()
            && self.advisory_findings.is_empty()
    }
}

/// How a file that decides verdicts changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileChange {
    Added,
    Removed,
    Edited,
}

impl FileChange {
    pub fn as_str(self) -> &'static str {
        match self {
            FileChange::Added => "added",
            FileChange::Removed => "removed",
            FileChange::Edited => "edited",
        }
    }
}

/// One policy file the change touches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyChange {
    pub file: String,
    pub change: FileChange,
    /// The package the file declares (at head; at base for a removed file).
    pub package: Option<String>,
    /// Every rule the file defines (at head; at base for a removed file).
    pub rules: Vec<String>,
    /// Of an edited file: rules it gains, loses, and whose definitions change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules_added: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules_removed: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules_edited: Vec<String>,
    /// Whether this review enforced the base version (edited and removed files) or only
    /// ran the head version as advice (added and edited files).
    pub enforced_from_base: bool,
}

/// Where a suppression is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// `# aetheredge:ignore RULE reason="…"` beside the code.
    Inline,
    /// `#checkov:skip=ID:reason` beside the code.
    CheckovSkip,
    /// An entry of `.aetheredgeignore` or `.gitleaksignore`.
    IgnoreFile,
}

/// One suppression the change adds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuppressionChange {
    pub file: String,
    pub line: u32,
    pub kind: SuppressionKind,
    /// The rule id (inline) or the entry (ignore file).
    pub rule: String,
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Whether it suppresses in this review (inline ones do unless they have no reason
    /// under `suppressions.require_reason`, or have expired; ignore-file entries take
    /// effect after merge).
    pub honoured: bool,
    /// Why it is not honoured, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One config key the change adds, removes or changes, as a dotted path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigChange {
    pub file: String,
    pub key: String,
    /// The value at base (none: the key is added).
    pub base: Option<serde_json::Value>,
    /// The value at head (none: the key is removed).
    pub head: Option<serde_json::Value>,
    /// A budget key (`cost.budget_monthly`, `cost.max_increase_*`).
    pub budget: bool,
}

/// What a file that decides verdicts is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleFileKind {
    Config,
    IgnoreFile,
    UsageFile,
    PricingCatalog,
    SiteTemplate,
    PolicyData,
}

impl RuleFileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleFileKind::Config => "config",
            RuleFileKind::IgnoreFile => "ignore file",
            RuleFileKind::UsageFile => "usage file",
            RuleFileKind::PricingCatalog => "pricing catalog",
            RuleFileKind::SiteTemplate => "site template",
            RuleFileKind::PolicyData => "policy data",
        }
    }
}

/// One file that decides verdicts the change touches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleFileChange {
    pub file: String,
    pub kind: RuleFileKind,
    pub change: FileChange,
}

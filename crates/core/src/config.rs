//! The repository's own configuration: an optional `aetheredge.yaml` at the repo root.
//!
//! Every key is optional; [`Config::default`] is what applies without the file. When a
//! review has a base, the file is read from the base revision: a pull request cannot
//! switch off the checks that judge it.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::report::{DeityName, Severity};

/// The file name looked for at the repo root.
pub const CONFIG_FILE: &str = "aetheredge.yaml";

/// Where a repo keeps its own site templates (rules too: read from the base of a change).
pub const SITE_TEMPLATES_DIR: &str = "site-templates";

/// Where the config file is in a repo's tree: `requested` (the Action's `config-path`, a path
/// relative to the repo root; a leading `./` and backslashes are accepted) or else [`CONFIG_FILE`].
pub fn config_file(requested: Option<&str>) -> String {
    let Some(requested) = requested.map(str::trim).filter(|r| !r.is_empty()) else {
        return CONFIG_FILE.to_string();
    };
    let mut path = requested.replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    path
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Globs of paths to review (default: everything).
    pub include: Vec<String>,
    /// Globs of paths to skip (default: none).
    pub exclude: Vec<String>,
    /// Deities on or off, and whether their findings block (`brahma: true`,
    /// `kali: { enabled: true, blocking: false }`). Default: every deity on and blocking.
    pub deities: BTreeMap<DeityName, DeitySetting>,
    /// Introduced findings at or above this severity fail the review (exit code 1).
    /// `none` never fails. Default: `high`.
    pub fail_on: FailOn,
    /// Extra var files per root module directory (`.` for the repo root), applied after
    /// `terraform.tfvars` and `*.auto.tfvars`, as `-var-file` would be.
    pub var_files: BTreeMap<String, Vec<String>>,
    /// Files larger than this many bytes are skipped with a note (default 2 MiB).
    pub max_file_size: u64,
    /// Kali's secret allowlist.
    pub secrets: SecretsConfig,
    /// Lakshmi: budgets, discounts and savings hints.
    pub cost: CostConfig,
    /// Vishnu's policies (`policy:`; the earlier spelling `vishnu:` is still read). Each
    /// deity's section is named after its job: `policy` (Vishnu), `cost` (Lakshmi),
    /// `secrets` (Kali's secret scan).
    #[serde(alias = "vishnu")]
    pub policy: PolicyConfig,
    /// What a suppression comment needs to be honoured.
    pub suppressions: SuppressionsConfig,
    /// The pull-request comment.
    pub comment: CommentConfig,
    /// Budgets of one review (see [`crate::limits`]).
    pub limits: crate::limits::Limits,
    /// Shiva: the root modules whose drift `aetheredge drift` checks, and their states.
    pub drift: DriftConfig,
}

/// The `drift:` key.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DriftConfig {
    pub roots: Vec<DriftRootConfig>,
}

/// One root module and where its state is kept.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftRootConfig {
    /// The root module's directory, relative to the repository root (`.` for the root).
    #[serde(default = "dot")]
    pub path: String,
    /// A state file path, `http(s)://`, `s3://`, `gs://` or `azblob://` address.
    pub state: String,
    /// A non-default workspace.
    #[serde(default)]
    pub workspace: Option<String>,
}

fn dot() -> String {
    ".".to_string()
}

/// The `suppressions:` key.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SuppressionsConfig {
    /// A suppression comment without `reason="…"` (or `#checkov:skip=ID` without `:reason`)
    /// does not suppress and is reported as `<deity>/suppression-invalid`. Off by default,
    /// as Checkov honours a skip without a reason.
    pub require_reason: bool,
}

pub use crate::report::{CommentConfig, NoInfrastructureComment};

/// What the secret scan never reports, besides the built-in allowlist.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecretsConfig {
    /// Globs of paths whose secrets are not reported (e.g. `["test/fixtures/**"]`).
    pub allow_paths: Vec<String>,
    /// Regexes: a secret, or the line around it, that matches one is not reported.
    pub allow_patterns: Vec<String>,
}

/// The `cost:` key: what Lakshmi checks estimates against.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CostConfig {
    /// The repo's monthly budget in USD: a head estimate above it is a finding.
    pub budget_monthly: Option<f64>,
    /// The largest monthly increase one change may bring, in USD.
    pub max_increase_monthly: Option<f64>,
    /// The largest monthly increase one change may bring, in percent of the base.
    pub max_increase_percent: Option<f64>,
    /// The severity of budget and increase findings (default `high`, so they block).
    pub severity: Severity,
    /// Percent off every price, by provider (`aws`, `azure`, `gcp`): enterprise agreements.
    pub discounts: BTreeMap<String, f64>,
    /// Another usage file to read, besides `aetheredge-usage.yml` and `infracost-usage.yml`.
    pub usage_file: Option<String>,
    /// Savings hints as findings (default on).
    pub savings: bool,
    /// The day prices are taken at (`YYYY-MM-DD`): what AWS bills by date (RDS and EKS
    /// extended support by the year of support) is priced as on that day. Default: today;
    /// the environment variable `AETHEREDGE_PRICING_DATE` overrides it.
    #[serde(deserialize_with = "pricing_date")]
    pub pricing_date: Option<chrono::NaiveDate>,
}

/// Reads a pricing date written as `YYYY-MM-DD` (`2025-06-01`).
pub fn parse_pricing_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let text = text.trim();
    let well_formed = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    well_formed
        .then(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("`{text}` is not a date written as YYYY-MM-DD (2025-06-01)"))
}

fn pricing_date<'de, D>(deserializer: D) -> Result<Option<chrono::NaiveDate>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text: Option<String> = Option::deserialize(deserializer)?;
    text.map(|t| {
        parse_pricing_date(&t).map_err(|e| serde::de::Error::custom(format!("pricing_date: {e}")))
    })
    .transpose()
}

impl Default for CostConfig {
    fn default() -> CostConfig {
        CostConfig {
            budget_monthly: None,
            max_increase_monthly: None,
            max_increase_percent: None,
            severity: Severity::High,
            discounts: BTreeMap::new(),
            usage_file: None,
            savings: true,
            pricing_date: None,
        }
    }
}

/// A file read from disk for `--data` or `--policy`: where it is, the data path it sits
/// under (the directories between the path given and the file; none for a policy), its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutsideData {
    pub path: String,
    pub under: Vec<String>,
    pub text: String,
}

/// Vishnu's keys (`policy:`): where the repo's policies are, which of them run, and limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyConfig {
    /// The directory of the repo's own policies (`**/*.rego` under it); empty: `policy/`
    /// (conftest's default) and `policies/`.
    pub policy_dir: String,
    /// Packages whose deny/violation/warn rules run, as conftest's `--namespace`; empty:
    /// `main` for conftest policies, any package for plan policies.
    pub namespaces: Vec<String>,
    /// Run every package's rules, as conftest's `--all-namespaces`.
    pub all_namespaces: bool,
    /// Globs of policy files that take the plan input whatever they reference.
    pub plan_policies: Vec<String>,
    /// JSON and YAML files, and directories of them, loaded under `data.` as conftest's
    /// `--data` (repo-relative, read from the trusted side).
    pub data: Vec<String>,
    /// Give every policy that reads configuration files all of them at once, as conftest's
    /// `--combine` (`[{path, contents}]`).
    pub combine: bool,
    /// Read every configuration file (not Terraform's) with this parser, as conftest's
    /// `--parser`: `yaml`, `json`, `toml` or `hcl2`; unset, by the file's extension.
    pub parser: Option<String>,
    /// Data read from outside the repository (`--data` with a path on disk).
    #[serde(skip)]
    pub outside_data: Vec<OutsideData>,
    /// Policies read from outside the repository (`--policy` with a directory on disk).
    #[serde(skip)]
    pub outside_policies: Vec<OutsideData>,
    /// Each rule's evaluation on one input is stopped after this many milliseconds.
    pub timeout_ms: u64,
    /// Run the built-in library.
    pub builtin: bool,
    /// Built-in (or any) rule ids that do not run, e.g. `aws_s3_versioning`.
    pub disable: Vec<String>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
}

impl Default for PolicyConfig {
    fn default() -> PolicyConfig {
        PolicyConfig {
            policy_dir: String::new(),
            namespaces: Vec::new(),
            all_namespaces: false,
            plan_policies: Vec::new(),
            data: Vec::new(),
            combine: false,
            parser: None,
            outside_data: Vec::new(),
            outside_policies: Vec::new(),
            timeout_ms: 2000,
            builtin: true,
            disable: Vec::new(),
            severity: BTreeMap::new(),
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            include: Vec::new(),
            exclude: Vec::new(),
            deities: BTreeMap::new(),
            fail_on: FailOn::Severity(Severity::High),
            var_files: BTreeMap::new(),
            max_file_size: 2 * 1024 * 1024,
            secrets: SecretsConfig::default(),
            cost: CostConfig::default(),
            policy: PolicyConfig::default(),
            suppressions: SuppressionsConfig::default(),
            comment: CommentConfig::default(),
            limits: crate::limits::Limits::default(),
            drift: DriftConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum DeitySetting {
    Enabled(bool),
    Detailed {
        #[serde(default = "yes")]
        enabled: bool,
        #[serde(default = "yes")]
        blocking: bool,
    },
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    None,
    #[serde(untagged)]
    Severity(Severity),
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::None => None,
            FailOn::Severity(s) => Some(s),
        }
    }
}

impl std::str::FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<FailOn, String> {
        if s.eq_ignore_ascii_case("none") {
            Ok(FailOn::None)
        } else {
            s.parse().map(FailOn::Severity)
        }
    }
}

/// A configuration file that could not be used, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Config {
    /// Parses the text of `aetheredge.yaml`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse_file(CONFIG_FILE, text)
    }

    /// Parses the text of a config file kept at `file` (a repo-relative path), which errors
    /// name.
    pub fn parse_file(file: &str, text: &str) -> Result<Config, ConfigError> {
        let error = |line: u32, column: u32, message: String| ConfigError {
            file: file.to_string(),
            line,
            column,
            message,
        };
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        // The file is read before its own limits are known: the default depth applies.
        let max_depth = crate::limits::Limits::default().decode_depth;
        crate::limits::yaml_nesting(text, max_depth).map_err(|deep| {
            error(
                deep.line,
                1,
                format!(
                    "nesting depth {} is over the limit of {max_depth}",
                    deep.depth
                ),
            )
        })?;
        let config: Config = serde_yaml_ng::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((1, 1));
            error(line, column, e.to_string())
        })?;
        for pattern in config
            .include
            .iter()
            .chain(&config.exclude)
            .chain(&config.policy.plan_policies)
        {
            Glob::new(pattern).map_err(|e| {
                let line = text
                    .lines()
                    .position(|l| l.contains(pattern.as_str()))
                    .map(|i| i as u32 + 1)
                    .unwrap_or(1);
                error(line, 1, format!("invalid glob \"{pattern}\": {e}"))
            })?;
        }
        for (provider, percent) in &config.cost.discounts {
            if !(0.0..=100.0).contains(percent)
                || !matches!(provider.as_str(), "aws" | "azure" | "gcp")
            {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with(provider.as_str()))
                    .map(|i| i as u32 + 1)
                    .unwrap_or(1);
                return Err(error(
                    line,
                    1,
                    format!("discount `{provider}: {percent}`: name aws, azure or gcp with a percent from 0 to 100"),
                ));
            }
        }
        Ok(config)
    }

    /// Whether a deity runs, and whether its findings block.
    pub fn deity(&self, name: DeityName) -> (bool, bool) {
        match self.deities.get(&name) {
            None => (true, true),
            Some(DeitySetting::Enabled(on)) => (*on, true),
            Some(DeitySetting::Detailed { enabled, blocking }) => (*enabled, *blocking),
        }
    }

    /// The include and exclude globs as one test.
    pub fn path_filter(&self) -> PathFilter {
        let build = |patterns: &[String]| {
            let mut builder = GlobSetBuilder::new();
            for p in patterns {
                if let Ok(g) = Glob::new(p) {
                    builder.add(g);
                }
            }
            builder.build().unwrap_or_else(|_| GlobSet::empty())
        };
        PathFilter {
            include: (!self.include.is_empty()).then(|| build(&self.include)),
            exclude: build(&self.exclude),
        }
    }

    /// Var files keyed by root module directory as the model names it (`""` for the root).
    pub fn var_files_by_root(&self) -> BTreeMap<String, Vec<String>> {
        self.var_files
            .iter()
            .map(|(dir, files)| {
                let dir = crate::path::normalize_path(dir).unwrap_or_default();
                (
                    dir,
                    files
                        .iter()
                        .filter_map(|f| crate::path::normalize_path(f))
                        .collect(),
                )
            })
            .collect()
    }
}

/// Which repo paths a review looks at.
#[derive(Debug, Clone)]
pub struct PathFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl PathFilter {
    pub fn allows(&self, path: &str) -> bool {
        self.include.as_ref().is_none_or(|i| i.is_match(path)) && !self.exclude.is_match(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_file_is_the_requested_path_from_the_repo_root() {
        assert_eq!(config_file(None), CONFIG_FILE);
        assert_eq!(config_file(Some("  ")), CONFIG_FILE);
        assert_eq!(config_file(Some("./ci/review.yaml")), "ci/review.yaml");
        assert_eq!(config_file(Some("ci\\review.yaml")), "ci/review.yaml");
        let e = Config::parse_file("ci/review.yaml", "fail_on: sometimes\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("ci/review.yaml", 1));
    }

    #[test]
    fn defaults_apply_without_a_file() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.fail_on, FailOn::Severity(Severity::High));
        assert_eq!(c.deity(DeityName::Kali), (true, true));
        assert!(c.path_filter().allows("main.tf"));
    }

    #[test]
    fn keys_are_read() {
        let c = Config::parse(
            "fail_on: medium\nexclude: ['legacy/**']\ndeities:\n  kali: false\n  vishnu: {blocking: false}\nvar_files:\n  envs/prod: [envs/prod/extra.tfvars]\n",
        )
        .unwrap();
        assert_eq!(c.fail_on.threshold(), Some(Severity::Medium));
        assert_eq!(c.deity(DeityName::Kali), (false, true));
        assert_eq!(c.deity(DeityName::Vishnu), (true, false));
        assert!(!c.path_filter().allows("legacy/old.tf"));
        assert_eq!(
            c.var_files_by_root()["envs/prod"],
            vec!["envs/prod/extra.tfvars"]
        );
        assert_eq!(
            Config::parse("fail_on: none").unwrap().fail_on.threshold(),
            None
        );
    }

    #[test]
    fn cost_keys_are_read() {
        let c = Config::parse(
            "cost:\n  budget_monthly: 5000\n  max_increase_monthly: 200\n  max_increase_percent: 10\n  severity: medium\n  discounts:\n    aws: 12.5\n",
        )
        .unwrap();
        assert_eq!(c.cost.budget_monthly, Some(5000.0));
        assert_eq!(c.cost.max_increase_percent, Some(10.0));
        assert_eq!(c.cost.severity, Severity::Medium);
        assert_eq!(c.cost.discounts["aws"], 12.5);
        let err = Config::parse("cost:\n  discounts:\n    aws: 120\n").unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn the_pricing_date_is_a_calendar_day_and_a_bad_one_names_its_line() {
        assert_eq!(Config::default().cost.pricing_date, None);
        let c = Config::parse("cost:\n  pricing_date: 2024-11-30\n").unwrap();
        assert_eq!(
            c.cost.pricing_date,
            chrono::NaiveDate::from_ymd_opt(2024, 11, 30)
        );
        for bad in ["2024-02-30", "2024-6-1", "30/11/2024", "soon"] {
            let err = Config::parse_file(
                "ci/review.yaml",
                &format!("fail_on: high\ncost:\n  pricing_date: {bad}\n"),
            )
            .unwrap_err();
            assert_eq!(
                (err.file.as_str(), err.line),
                ("ci/review.yaml", 3),
                "{bad}"
            );
            assert!(err.message.contains("pricing_date"), "{}", err.message);
            assert!(err.message.contains(bad), "{}", err.message);
        }
        assert_eq!(
            parse_pricing_date(" 2026-03-01 "),
            Ok(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())
        );
    }

    #[test]
    fn comment_keys_are_read() {
        assert_eq!(
            Config::default().comment.no_infrastructure_change,
            NoInfrastructureComment::OneLine
        );
        let c = Config::parse("comment:\n  no_infrastructure_change: none\n").unwrap();
        assert_eq!(
            c.comment.no_infrastructure_change,
            NoInfrastructureComment::None
        );
        let err = Config::parse("comment:\n  no_infrastructure_change: silent\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn errors_name_the_line() {
        let err = Config::parse("fail_on: high\nunknown_key: 1\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unknown_key"), "{}", err.message);
        let err = Config::parse("fail_on: severe\n").unwrap_err();
        assert_eq!(err.line, 1);
    }
}

//! The report: everything a review found, as plain data. Renderers turn it into the
//! pull-request comment ([`markdown`]) or JSON (`shared/report.schema.json`); they never
//! compute, and deities never format.

pub mod drift;
pub mod groups;
pub mod money;
pub mod rules;

pub use rules::RuleChanges;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of `shared/report.schema.json` this report follows.
pub const SCHEMA_VERSION: u32 = 1;

/// The analyzers, each named after a deity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeityName {
    Brahma,
    Vishnu,
    Lakshmi,
    Kali,
    Saraswati,
    /// Drift against a recorded state: runs only when a review is given one, and reports
    /// in its own section ([`Report::drift`]), not as findings.
    Shiva,
}

impl DeityName {
    /// The deities every review runs (Shiva joins when a state is given).
    pub const ALL: [DeityName; 5] = [
        DeityName::Brahma,
        DeityName::Vishnu,
        DeityName::Lakshmi,
        DeityName::Kali,
        DeityName::Saraswati,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeityName::Brahma => "brahma",
            DeityName::Vishnu => "vishnu",
            DeityName::Lakshmi => "lakshmi",
            DeityName::Kali => "kali",
            DeityName::Saraswati => "saraswati",
            DeityName::Shiva => "shiva",
        }
    }

    /// What the deity does, for headings.
    pub fn job(self) -> &'static str {
        match self {
            DeityName::Brahma => "plan",
            DeityName::Vishnu => "policy",
            DeityName::Lakshmi => "cost",
            DeityName::Kali => "security",
            DeityName::Saraswati => "docs",
            DeityName::Shiva => "drift",
        }
    }
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    /// Whether this is at least as serious as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Severity, String> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                format!("unknown severity \"{s}\": expected critical, high, medium, low or info")
            })
    }
}

/// Whether a finding is new in the change, gone, or was there before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Introduced,
    Fixed,
    Unchanged,
}

/// A control of a compliance framework a finding bears on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FrameworkControl {
    /// The framework's display name, from the compliance catalog (`ISO/IEC 27001`).
    pub framework: String,
    /// The framework's catalog id (`iso27001`); a repo's own framework keeps its name.
    pub framework_id: String,
    pub control: String,
}

/// One thing a deity has to say about a tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub deity: DeityName,
    pub rule_id: String,
    pub severity: Severity,
    pub status: Status,
    pub title: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub resource: Option<String>,
    pub frameworks: Vec<FrameworkControl>,
    /// Other ids the same rule is known by (a Checkov id such as `CKV_AWS_20`), so
    /// suppressions written for other tools keep working.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Stable identity across revisions: the same problem in base and head has the same
    /// fingerprint even when lines moved.
    pub fingerprint: String,
}

impl Finding {
    /// A finding with what every finding needs; the runner sets `status` and `fingerprint`.
    pub fn new(
        deity: DeityName,
        rule_id: &str,
        severity: Severity,
        title: &str,
        message: String,
    ) -> Finding {
        Finding {
            deity,
            rule_id: rule_id.to_string(),
            severity,
            status: Status::Introduced,
            title: title.to_string(),
            message,
            file: None,
            line: None,
            column: None,
            resource: None,
            frameworks: Vec::new(),
            aliases: Vec::new(),
            fingerprint: String::new(),
        }
    }

    pub fn at(mut self, file: &str, line: u32, column: Option<u32>) -> Finding {
        self.file = Some(file.to_string());
        self.line = Some(line.max(1));
        self.column = column;
        self
    }
}

/// A revision as the report names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionRef {
    pub rev: String,
    pub sha: String,
}

/// What a plan does to a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Replace,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
        }
    }
}

/// One resource the change would create, update, replace or delete.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanChange {
    pub address: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub action: Action,
    /// The root module directory (`.` for the repo root), as addresses repeat across roots.
    pub root: String,
    pub file: String,
    pub line: u32,
    /// Changed attribute names (update, replace), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
    /// For a replace: the changed attributes that force it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<String>,
    /// For a resource that a `moved` block renamed: its address at base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<String>,
}

/// A resource renamed by a `moved` block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanMove {
    pub root: String,
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub create: usize,
    pub update: usize,
    pub replace: usize,
    pub delete: usize,
}

/// Brahma's plan of the change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub summary: PlanSummary,
    pub changes: Vec<PlanChange>,
    pub moves: Vec<PlanMove>,
    /// `changes` by resource block: the instances of one resource that the change treats
    /// alike, in the order of `changes`.
    pub blocks: Vec<PlanBlock>,
}

/// Instances of one resource (`aws_instance.web[0]`, `aws_instance.web[1]`) with the same
/// action, changed attributes and place; an instance unlike the others is a block alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanBlock {
    pub root: String,
    /// The address without its instance key: `module.web.aws_instance.web`.
    pub address: String,
    pub action: Action,
    /// Positions of its changes in `changes`, ascending.
    pub changes: Vec<usize>,
    /// The instance keys of those changes (`[0]`, `["logs"]`); empty for a resource without.
    pub keys: Vec<String>,
}

/// Lakshmi's monthly cost. Until an estimate is made (`estimated: false`) the amounts are 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    #[serde(deserialize_with = "interned")]
    pub currency: Interned,
    pub estimated: bool,
    pub base_monthly: f64,
    pub head_monthly: f64,
    /// `head_monthly - base_monthly`.
    pub diff_monthly: f64,
    /// The change in percent of the base; `null` when the base costs nothing.
    pub diff_percent: Option<f64>,
    /// One row per resource priced at base or head, sorted by root and address.
    pub resources: Vec<ResourceCost>,
    /// Resources that could not be priced, with the reason.
    pub not_priced: Vec<NotPriced>,
    /// How many resources cost nothing by themselves (VPCs, IAM roles…), at head.
    pub free_resources: usize,
    /// Where the prices come from.
    pub catalog: Vec<CatalogSource>,
    /// The day prices are taken at (`YYYY-MM-DD`): what is billed by date (extended
    /// support) is priced as on that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing_date: Option<String>,
    /// Adjacent rows of `resources` that are instances of one resource priced alike (same
    /// amounts, components and action), as the comment shows them: one row each block.
    pub blocks: Vec<CostBlock>,
}

/// Instances of one resource (`aws_ebs_volume.data[0]`, `[1]`…) whose cost rows are alike;
/// an instance unlike the others is a block alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostBlock {
    pub root: String,
    /// The address without its instance key.
    pub address: String,
    /// Positions of its rows in `resources`, ascending.
    pub resources: Vec<usize>,
    /// The instance keys of those rows; empty for a resource without.
    pub keys: Vec<String>,
}

impl Cost {
    /// Groups the rows into [`CostBlock`]s (after `resources` is complete).
    pub fn set_blocks(&mut self) {
        self.blocks = cost_blocks(&self.resources);
    }
}

/// Adjacent rows (sorted by root and address) of instances of one resource priced alike.
fn cost_blocks(rows: &[ResourceCost]) -> Vec<CostBlock> {
    let mut out: Vec<CostBlock> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let address = without_instance_key(&r.address);
        let alike = |b: &CostBlock| {
            let first = &rows[b.resources[0]];
            b.root == r.root
                && b.address == address
                && address.len() < r.address.len()
                && (first.base_monthly, first.head_monthly, first.diff_monthly)
                    == (r.base_monthly, r.head_monthly, r.diff_monthly)
                && first.diff_percent == r.diff_percent
                && first.action == r.action
                && first.not_priced == r.not_priced
                && first.components == r.components
        };
        match out.last_mut() {
            Some(b) if alike(b) => b.resources.push(i),
            _ => out.push(CostBlock {
                root: r.root.clone(),
                address: address.to_string(),
                resources: vec![i],
                keys: Vec::new(),
            }),
        }
        let key = &r.address[address.len()..];
        if let Some(b) = out.last_mut().filter(|_| !key.is_empty()) {
            b.keys.push(key.to_string());
        }
    }
    out
}

/// `aws_instance.web[0]` → `aws_instance.web`; `x.y["a"]` → `x.y`; `x.y` stays.
pub fn without_instance_key(address: &str) -> &str {
    let start = if address.ends_with("\"]") {
        address.rfind("[\"")
    } else if address.ends_with(']') {
        address.rfind('[')
    } else {
        None
    };
    start.map_or(address, |i| &address[..i])
}

impl Default for Cost {
    fn default() -> Cost {
        Cost {
            currency: "USD",
            estimated: false,
            base_monthly: 0.0,
            head_monthly: 0.0,
            diff_monthly: 0.0,
            diff_percent: None,
            resources: Vec::new(),
            not_priced: Vec::new(),
            free_resources: 0,
            catalog: Vec::new(),
            pricing_date: None,
            blocks: Vec::new(),
        }
    }
}

/// A price component, as the pricing engine computed it: one priced part of a resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostComponent {
    pub name: String,
    /// The unit of `quantity` and of `unit_price` (`hours`, `GB-month`, `1M-requests`…).
    pub unit: String,
    /// The monthly quantity; `null` for a usage-priced component without usage.
    pub quantity: Option<f64>,
    /// The price of one unit in USD, after any discount.
    pub unit_price: f64,
    /// `quantity × unit_price`; `null` when the quantity is not known.
    pub monthly: Option<f64>,
    /// True when the quantity comes from (or needs) a usage file.
    pub usage_based: bool,
}

/// Where a catalog's prices come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogSource {
    pub file: String,
    pub provider: String,
    pub source: String,
    pub as_of: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceCost {
    pub address: String,
    /// `null` where the resource does not exist (or is not priced) at base.
    pub base_monthly: Option<f64>,
    pub head_monthly: Option<f64>,
    /// `head_monthly - base_monthly`, a missing side counting as 0.
    pub diff_monthly: f64,
    /// The change in percent of the base; `null` when there is no base cost.
    pub diff_percent: Option<f64>,
    /// The root module directory (`.` for the repo root).
    pub root: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub region: Option<String>,
    /// The components at head (at base for a deleted resource).
    pub components: Vec<CostComponent>,
    /// Set when one side could not be priced: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_priced: Option<String>,
    /// What the change does to the resource, as the plan says; absent when it leaves it alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

/// A resource Lakshmi could not price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotPriced {
    pub address: String,
    pub root: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    /// `head`, or `base` for a resource deleted by the change.
    #[serde(deserialize_with = "interned")]
    pub side: Interned,
    pub reason: String,
    /// What the change does to the resource, as the plan says; absent when it leaves it alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

/// The compliance view: every framework the rules of every deity map to, control by
/// control, in the compliance catalog's order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Compliance {
    pub frameworks: Vec<FrameworkCompliance>,
}

/// One framework's controls, sorted by control id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrameworkCompliance {
    /// The display name (the same as `name`).
    pub framework: String,
    /// The catalog id (`iso27001`).
    pub id: String,
    pub name: String,
    /// The edition of the framework the catalog's controls come from; empty for a
    /// framework the catalog does not know.
    pub version: String,
    pub controls: Vec<ControlStatus>,
}

/// One control at head: checks that passed and failed (a check is one rule on one
/// resource it applies to), rules with nothing to apply to, and what the change did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlStatus {
    pub control: String,
    /// The control's title from the catalog; empty for a control the catalog does not know.
    pub title: String,
    pub pass: usize,
    pub fail: usize,
    pub not_applicable: usize,
    /// Failures the change introduced.
    pub new_failures: usize,
    /// Failures the change fixed.
    pub fixed_failures: usize,
    /// The rule ids mapped to this control.
    pub rules: Vec<String>,
}

/// The findings of one rule with one status and severity, for views that show a rule once
/// (the pull-request comment). Sorted as `findings` is; each finding is in one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingGroup {
    pub deity: DeityName,
    pub rule_id: String,
    pub severity: Severity,
    pub status: Status,
    /// The title of the group's first finding.
    pub title: String,
    /// How to fix what the rule finds, from the rule's metadata (once per rule, not per finding).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    pub count: usize,
    /// Positions of the group's findings in `findings`, ascending.
    pub findings: Vec<usize>,
}

/// Whether a deity ran, and whether its findings may block a merge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeityRun {
    pub deity: DeityName,
    pub blocking: bool,
}

/// Counts of findings by status and severity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FindingCounts {
    pub introduced: SeverityCounts,
    pub fixed: SeverityCounts,
    pub unchanged: SeverityCounts,
    /// Findings dropped by an `aetheredge:ignore` or `checkov:skip` comment.
    pub suppressed: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl SeverityCounts {
    pub fn add(&mut self, severity: Severity) {
        *self.slot(severity) += 1;
    }

    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    fn slot(&mut self, severity: Severity) -> &mut usize {
        match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        }
    }

    pub fn total(&self) -> usize {
        Severity::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// The outcome of a review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    /// The base branch as named; the analysis compares from `merge_base`, as GitHub does.
    pub base: RevisionRef,
    pub head: RevisionRef,
    pub merge_base: Option<String>,
    /// True when there was no base: everything at head is reviewed as new.
    pub full_scan: bool,
    pub deities: Vec<DeityRun>,
    /// The severity at or above which introduced findings fail the review.
    pub fail_on: Option<Severity>,
    pub counts: FindingCounts,
    pub plan: Plan,
    pub findings: Vec<Finding>,
    /// `findings` grouped by deity, rule, status and severity.
    pub finding_groups: Vec<FindingGroup>,
    /// How many of the changed files are infrastructure files the review reads (Terraform,
    /// tfvars, blueprints, Kubernetes YAML, policies, usage and pricing files, the config);
    /// on a full scan, every such file at head.
    pub infrastructure_files_changed: usize,
    pub cost: Cost,
    /// Saraswati: modules whose interface (inputs, outputs) changed, sorted by module.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<InterfaceChange>,
    /// Pass, fail and not-applicable counts per framework control at head, over the rules
    /// of every deity, and what the change did to them.
    pub compliance: Compliance,
    /// What the change does to the policies, suppressions, config and other files that
    /// decide verdicts (read from the base in this review; they take effect after merge).
    #[serde(default, skip_serializing_if = "RuleChanges::is_empty")]
    pub rule_changes: RuleChanges,
    /// Vishnu: which input each of the repo's policy files was given, and what conftest
    /// `exception` rules removed at head.
    #[serde(default, skip_serializing_if = "PolicyRun::is_empty")]
    pub policy: PolicyRun,
    /// Shiva, when the review is given a root's recorded state: the drift the change fixes,
    /// deepens or leaves.
    #[serde(default, skip_serializing_if = "drift::DriftReview::is_empty")]
    pub drift: drift::DriftReview,
    /// The repo's `comment:` settings, for whoever posts the comment (not part of the JSON).
    #[serde(skip)]
    pub comment: CommentConfig,
}

/// What the repo's own policies were given and what their exceptions removed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyRun {
    /// Each repo policy file with deny, violation or warn rules, by path.
    pub files: Vec<PolicyFileInputs>,
    /// Results removed by conftest `exception` rules, at head.
    pub exceptions: Vec<PolicyException>,
}

impl PolicyRun {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.exceptions.is_empty()
    }
}

/// The inputs one policy file's rules were given: `hcl` (each configuration file as
/// conftest parses it), `plan` (each root's plan, and each `terraform show -json` file),
/// `combined` (every configuration file at once, as `--combine`).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PolicyFileInputs {
    pub file: String,
    pub inputs: Vec<String>,
}

/// A rule whose results an `exception` rule removed on one input, as conftest reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PolicyException {
    /// The excepted rule's finding id (`vishnu/main.deny_run_as_root`).
    pub rule_id: String,
    /// The input it was evaluated on (a file, `the plan of .`).
    pub input: String,
    /// How many results were removed.
    pub results: usize,
    /// Where the `exception` rule is.
    pub exception_file: String,
    pub exception_line: u32,
}

/// What happened to one module's interface between two trees.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InterfaceChange {
    pub module: String,
    pub changes: Vec<Change>,
}

/// One change to a module's interface.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// `input_added`, `input_removed`, `default_changed`, `default_removed`, `type_changed`,
    /// `output_added`, `output_removed`.
    #[serde(deserialize_with = "interned")]
    pub kind: Interned,
    pub name: String,
    /// Whether callers written for the old interface break.
    pub breaking: bool,
    pub detail: String,
    pub file: String,
    pub line: u32,
}

/// The `comment:` key: what the pull-request comment says when there is little to say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommentConfig {
    /// A change that touches no infrastructure file: `one-line` (default) posts a one-line
    /// comment; `none` posts nothing, and turns an earlier comment into that one line.
    pub no_infrastructure_change: NoInfrastructureComment,
}

/// What to post for a change that touches no infrastructure file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoInfrastructureComment {
    #[default]
    OneLine,
    None,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    #[serde(deserialize_with = "interned")]
    pub name: Interned,
    #[serde(deserialize_with = "interned")]
    pub version: Interned,
}

impl Tool {
    pub fn this() -> Tool {
        Tool {
            name: "aetheredge",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// A `&'static str` of the report, under a name serde does not borrow from its input (it
/// would for `&'static str` itself): it is read through [`interned`].
pub(crate) type Interned = &'static str;

/// Reads a string the report holds as `&'static str` (the tool's name, a currency, a side,
/// a kind of interface change) from JSON, as a review run in a worker sends it back. These
/// take a handful of values: each distinct one is kept once for the life of the process.
pub(crate) fn interned<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    static SEEN: std::sync::Mutex<std::collections::BTreeSet<&'static str>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let text = String::deserialize(d)?;
    let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(kept) = seen.get(text.as_str()) {
        return Ok(kept);
    }
    let kept: &'static str = Box::leak(text.into_boxed_str());
    seen.insert(kept);
    Ok(kept)
}

impl Report {
    /// Whether an introduced finding is at or above `fail_on` (exit code 1).
    pub fn fails(&self) -> bool {
        match self.fail_on {
            None => false,
            Some(threshold) => self.findings.iter().any(|f| {
                f.status == Status::Introduced
                    && f.severity.at_least(threshold)
                    && self
                        .deities
                        .iter()
                        .any(|d| d.deity == f.deity && d.blocking)
            }),
        }
    }

    /// The report as `shared/report.schema.json` JSON.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        out.push('\n');
        out
    }
}

/// The stable identity of a finding: what it is about, not where the lines are today.
pub fn fingerprint(f: &Finding) -> String {
    let mut hasher = Sha256::new();
    for part in [
        f.deity.as_str(),
        &f.rule_id,
        f.resource.as_deref().unwrap_or(""),
        f.file.as_deref().unwrap_or(""),
        &f.message,
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(&hasher.finalize()[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(address: &str, base: Option<f64>, head: Option<f64>) -> ResourceCost {
        ResourceCost {
            address: address.into(),
            base_monthly: base,
            head_monthly: head,
            diff_monthly: head.unwrap_or(0.0) - base.unwrap_or(0.0),
            diff_percent: None,
            root: ".".into(),
            resource_type: "aws_instance".into(),
            region: None,
            components: Vec::new(),
            not_priced: None,
            action: None,
        }
    }

    #[test]
    fn instances_priced_alike_share_a_block() {
        let mut cost = Cost {
            resources: vec![
                row("aws_instance.web[0]", Some(10.0), Some(20.0)),
                row("aws_instance.web[1]", Some(10.0), Some(20.0)),
                row("aws_instance.web[2]", None, Some(20.0)),
                row("aws_instance.web[\"x]\"]", None, Some(20.0)),
                row("aws_instance.db", Some(5.0), Some(5.0)),
            ],
            ..Cost::default()
        };
        cost.set_blocks();
        let blocks: Vec<(&str, Vec<usize>, Vec<&str>)> = cost
            .blocks
            .iter()
            .map(|b| {
                (
                    b.address.as_str(),
                    b.resources.clone(),
                    b.keys.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            blocks,
            vec![
                ("aws_instance.web", vec![0, 1], vec!["[0]", "[1]"]),
                ("aws_instance.web", vec![2, 3], vec!["[2]", "[\"x]\"]"]),
                ("aws_instance.db", vec![4], vec![]),
            ]
        );
    }
}

//! Kali's knowledge: the registry of misconfiguration rules (id, title, severity,
//! description, remediation, references, framework controls, the Checkov id), the
//! helpers the checks share (attributes, related resources, verdicts), and running every
//! check over a [`Model`]. The checks themselves live per platform in [`aws`], [`azure`],
//! [`gcp`] and [`kubernetes`], the checks of Terraform's own blocks (module sources) in
//! [`terraform`]; leaked secrets in [`secrets`].
//!
//! A check never guesses: an attribute whose value is only known after apply is neither
//! secure nor insecure, and the check says nothing about it.

pub mod aws;
pub mod azure;
pub mod check;
pub mod gcp;
pub mod kubernetes;
pub mod secrets;
pub mod terraform;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use aetheredge_core::report::{DeityName, Finding, FrameworkControl, Severity};
use aetheredge_model::iac::kubernetes::Manifest;
use aetheredge_model::iac::module::ModuleCallDecl;
use aetheredge_model::iac::{Model, Resource, Value};

pub use check::{
    AttributeCheck, Check, Condition, Expected, Join, JoinedCheck, Link, Requirement, ResourceCheck,
};

/// What a rule is about, which decides the compliance controls it bears on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    EncryptionAtRest,
    EncryptionInTransit,
    PublicAccess,
    Network,
    Logging,
    LeastPrivilege,
    Authentication,
    Backup,
    KeyManagement,
    Workload,
    Secrets,
    SupplyChain,
}

impl Category {
    /// Controls of SOC 2, ISO/IEC 27001:2022 Annex A, PCI DSS v4.0, HIPAA and GDPR, as
    /// (framework id, control) of the compliance catalog.
    pub fn controls(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Category::EncryptionAtRest => &[
                ("soc2", "CC6.1"),
                ("iso27001", "A.8.24"),
                ("pci_dss", "3.5.1"),
                ("hipaa", "164.312(a)(2)(iv)"),
                ("gdpr", "Art. 32(1)(a)"),
            ],
            Category::EncryptionInTransit => &[
                ("soc2", "CC6.7"),
                ("iso27001", "A.8.24"),
                ("pci_dss", "4.2.1"),
                ("hipaa", "164.312(e)(1)"),
                ("gdpr", "Art. 32(1)(a)"),
            ],
            Category::PublicAccess => &[
                ("soc2", "CC6.1"),
                ("iso27001", "A.8.3"),
                ("pci_dss", "1.3.1"),
                ("hipaa", "164.312(a)(1)"),
                ("gdpr", "Art. 25"),
            ],
            Category::Network => &[
                ("soc2", "CC6.6"),
                ("iso27001", "A.8.20"),
                ("pci_dss", "1.3.1"),
                ("hipaa", "164.312(e)(1)"),
            ],
            Category::Logging => &[
                ("soc2", "CC7.2"),
                ("iso27001", "A.8.15"),
                ("pci_dss", "10.2.1"),
                ("hipaa", "164.312(b)"),
                ("gdpr", "Art. 30"),
            ],
            Category::LeastPrivilege => &[
                ("soc2", "CC6.3"),
                ("iso27001", "A.8.2"),
                ("pci_dss", "7.2.1"),
                ("hipaa", "164.308(a)(4)"),
                ("gdpr", "Art. 25"),
            ],
            Category::Authentication => &[
                ("soc2", "CC6.1"),
                ("iso27001", "A.5.17"),
                ("pci_dss", "8.3.6"),
                ("hipaa", "164.312(d)"),
            ],
            Category::Backup => &[
                ("soc2", "A1.2"),
                ("iso27001", "A.8.13"),
                ("hipaa", "164.308(a)(7)(ii)(A)"),
                ("gdpr", "Art. 32(1)(c)"),
            ],
            Category::KeyManagement => &[
                ("soc2", "CC6.1"),
                ("iso27001", "A.8.24"),
                ("pci_dss", "3.7.4"),
                ("hipaa", "164.312(a)(2)(iv)"),
            ],
            Category::Workload => &[
                ("soc2", "CC6.8"),
                ("iso27001", "A.8.9"),
                ("pci_dss", "2.2.1"),
                ("hipaa", "164.308(a)(1)(ii)(B)"),
            ],
            Category::Secrets => &[
                ("soc2", "CC6.1"),
                ("iso27001", "A.5.17"),
                ("pci_dss", "8.6.2"),
                ("hipaa", "164.312(d)"),
                ("gdpr", "Art. 32(1)(b)"),
            ],
            Category::SupplyChain => &[
                ("soc2", "CC8.1"),
                ("iso27001", "A.5.21"),
                ("pci_dss", "6.3.2"),
                ("hipaa", "164.308(a)(1)(ii)(B)"),
            ],
        }
    }
}

impl Category {
    /// The controls as findings name them.
    pub fn frameworks(self) -> Vec<FrameworkControl> {
        let mut out: Vec<FrameworkControl> = self
            .controls()
            .iter()
            .map(|(f, c)| aetheredge_deity::compliance::framework_control(f, c))
            .collect();
        out.sort();
        out
    }
}

/// What a check says about one resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Configured as the rule wants (or the rule does not apply).
    Pass,
    /// Not configured as the rule wants: the attribute (its top-level name, for the line)
    /// and what is wrong.
    Fail {
        attr: String,
        message: String,
        /// The file and line of another resource that writes what is wrong (a bucket's
        /// `aws_s3_bucket_acl`), when the failure is written there.
        at: Option<(String, u32)>,
    },
    /// Cannot be known before apply: no claim either way.
    Unknown,
}

/// A failure of a Kubernetes check: the line it points at and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestFailure {
    pub line: u32,
    pub message: String,
}

/// A check over a Kubernetes object.
pub(crate) type ManifestCheck = fn(&Manifest) -> Vec<ManifestFailure>;

/// A check over a Terraform module call: what is wrong with it, if anything.
pub(crate) type ModuleCallCheck = fn(&ModuleCallDecl) -> Option<String>;

/// What a rule inspects.
#[derive(Clone, Copy)]
pub enum Target {
    /// Terraform resources (or data sources) of these types, and how each is judged.
    Resources(&'static [&'static str], Check),
    /// Kubernetes objects.
    Manifests(ManifestCheck),
    /// Terraform `module` blocks.
    ModuleCalls(ModuleCallCheck),
}

/// One misconfiguration rule: a row of its platform's table (`aws::RULES`, …), written
/// as a struct literal with named fields.
#[derive(Clone)]
pub struct Rule {
    /// `kali/aws-s3-public-read`.
    pub id: &'static str,
    /// Checkov's id(s) for the same rule.
    pub checkov: &'static [&'static str],
    pub title: &'static str,
    pub severity: Severity,
    pub description: &'static str,
    pub remediation: &'static str,
    pub category: Category,
    /// The CIS benchmark control (framework id, control), e.g. (`cis_aws`, `2.1.4`).
    pub cis: Option<(&'static str, &'static str)>,
    pub target: Target,
}

impl Rule {
    /// The framework controls a finding of this rule bears on.
    pub fn frameworks(&self) -> Vec<FrameworkControl> {
        let mut out: Vec<FrameworkControl> = self
            .category
            .controls()
            .iter()
            .chain(self.cis.iter())
            .map(|(f, c)| aetheredge_deity::compliance::framework_control(f, c))
            .collect();
        out.sort();
        out
    }

    /// Documentation pages for the rule: the resource types' provider docs.
    pub fn references(&self) -> Vec<String> {
        match self.target {
            Target::Resources(types, _) => types
                .iter()
                .filter_map(|t| {
                    let (provider, rest) = t.split_once('_')?;
                    let provider = match provider {
                        "aws" | "google" | "azurerm" => provider,
                        _ => return None,
                    };
                    Some(format!(
                        "https://registry.terraform.io/providers/hashicorp/{provider}/latest/docs/resources/{rest}"
                    ))
                })
                .collect(),
            Target::Manifests(_) => vec![
                "https://kubernetes.io/docs/concepts/security/pod-security-standards/".into(),
                "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
                    .into(),
            ],
            Target::ModuleCalls(_) => vec![
                "https://developer.hashicorp.com/terraform/language/modules/sources".into(),
            ],
        }
    }

    /// The resource types the rule inspects (empty for Kubernetes and module rules).
    pub fn resource_types(&self) -> &'static [&'static str] {
        match self.target {
            Target::Resources(types, _) => types,
            Target::Manifests(_) | Target::ModuleCalls(_) => &[],
        }
    }

    /// The platform, from the id: `aws`, `azure`, `gcp`, `kubernetes` or `terraform`.
    pub fn platform(&self) -> &'static str {
        let rest = self.id.trim_start_matches("kali/");
        rest.split('-').next().unwrap_or(rest)
    }
}

/// Every misconfiguration rule, in id order.
pub fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut all: Vec<Rule> = [
            aws::RULES,
            aws::data_stores::RULES,
            aws::compute_and_network::RULES,
            azure::RULES,
            gcp::RULES,
            kubernetes::RULES,
            terraform::RULES,
        ]
        .concat();
        all.sort_by_key(|r| r.id);
        all
    })
}

/// What the checks read: the model, with resources indexed by type.
pub struct Ctx<'a> {
    pub model: &'a Model,
    by_type: HashMap<&'a str, Vec<&'a Resource>>,
    /// Who refers to what, built on first use: (root, address) to the resources with a
    /// reference to that address (or into it: `aws_lb.web.arn`, `aws_lb.web[0]`).
    /// Keyed by `root` NUL `address`; values index `model.resources`.
    referrers: std::sync::OnceLock<HashMap<String, Vec<usize>>>,
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model) -> Ctx<'a> {
        let mut by_type: HashMap<&str, Vec<&Resource>> = HashMap::new();
        // The resources of plan files are judged alongside the configuration's.
        for r in model.resources.iter().chain(&model.planned) {
            by_type.entry(r.resource_type.as_str()).or_default().push(r);
        }
        Ctx {
            model,
            by_type,
            referrers: std::sync::OnceLock::new(),
        }
    }

    /// The resources of `target`'s root whose attributes refer to it, by one index over
    /// the model instead of a walk over every resource per target.
    pub fn referrers(&self, target: &Resource) -> Vec<&'a Resource> {
        let model: &'a Model = self.model;
        let index = self.referrers.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, r) in model.resources.iter().enumerate() {
                let mut refs = Vec::new();
                for v in r.attributes.values() {
                    collect_refs(v, &mut refs);
                }
                for reference in refs {
                    // Every prefix that ends where a name does: `aws_lb.web.arn` names
                    // `aws_lb.web` and `aws_lb.web.arn`.
                    let ends = reference
                        .char_indices()
                        .filter(|(_, c)| *c == '.' || *c == '[')
                        .map(|(at, _)| at)
                        .chain([reference.len()]);
                    for end in ends {
                        let key = format!("{}\0{}", r.root, &reference[..end]);
                        let list = index.entry(key).or_default();
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
            }
            index
        });
        index
            .get(&format!("{}\0{}", target.root, target.address))
            .map(|list| list.iter().map(|&i| &model.resources[i]).collect())
            .unwrap_or_default()
    }

    /// Resources and data sources of one type.
    pub fn of_type(&self, resource_type: &str) -> &[&'a Resource] {
        self.by_type
            .get(resource_type)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Resources of `resource_type`, in the same root, whose attribute `attr` refers to
    /// `target`: by a reference to it (`aws_s3_bucket.x.id`, an unknown naming it) or by
    /// the literal value of one of its `names` attributes (its bucket name).
    pub fn related(
        &self,
        resource_type: &str,
        attr: &str,
        target: &Resource,
        names: &[&str],
    ) -> Vec<&'a Resource> {
        self.of_type(resource_type)
            .iter()
            .filter(|r| r.root == target.root)
            .filter(|r| match r.written_reference(attr) {
                // Written as a reference: it is that resource's, whatever its value.
                Some((t, name)) => {
                    t == target.resource_type && name == target.name && r.module == target.module
                }
                None => r
                    .attributes
                    .get(attr)
                    .is_some_and(|v| refers_to(v, target, names)),
            })
            .copied()
            .collect()
    }

    /// The resource of `resource_type` that `value` (an attribute of `from`) refers to.
    pub fn referenced(
        &self,
        resource_type: &str,
        value: &Value,
        from: &Resource,
        names: &[&str],
    ) -> Option<&'a Resource> {
        self.of_type(resource_type)
            .iter()
            .find(|t| t.root == from.root && refers_to(value, t, names))
            .copied()
    }
}

/// The references of the unknowns inside a value.
fn collect_refs<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Unknown(u) => out.extend(u.refs.iter().map(String::as_str)),
        Value::Partial(map, u) => {
            out.extend(u.refs.iter().map(String::as_str));
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::List(items) => items.iter().for_each(|v| collect_refs(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Whether `value` refers to `target`: an unknown whose references name it, a string
/// equal to one of its known `names` attributes, or an unknown written from the same
/// variable or local as one of them (`bucket = var.name` on both).
pub fn refers_to(value: &Value, target: &Resource, names: &[&str]) -> bool {
    match value {
        Value::Unknown(u) | Value::Partial(_, u) => {
            u.refs.iter().any(|r| {
                r == &target.address
                    || (r.starts_with(target.address.as_str())
                        && r[target.address.len()..].starts_with('.'))
            }) || names.iter().any(|n| match target.attributes.get(*n) {
                Some(Value::Unknown(t)) => {
                    !t.refs.is_empty()
                        && t.refs == u.refs
                        && t.refs
                            .iter()
                            .all(|r| r.starts_with("var.") || r.starts_with("local."))
                }
                _ => false,
            })
        }
        Value::String(s) => names.iter().any(|n| {
            target
                .attributes
                .get(*n)
                .and_then(Value::as_str)
                .is_some_and(|name| name == s)
        }),
        _ => false,
    }
}

/// The value at a dotted path (`metadata_options.http_tokens`); nested blocks are lists of
/// objects and the first is taken.
pub fn attr<'v>(resource: &'v Resource, path: &str) -> Option<&'v Value> {
    let mut parts = path.split('.');
    let mut value = resource.attributes.get(parts.next()?)?;
    for part in parts {
        value = first(value).get(part)?;
    }
    Some(first(value))
}

/// The first element of a list (a nested block), or the value itself.
pub fn first(value: &Value) -> &Value {
    match value {
        Value::List(items) if !items.is_empty() => &items[0],
        other => other,
    }
}

/// The objects of a nested block (empty when absent).
pub fn blocks<'v>(resource: &'v Resource, name: &str) -> Vec<&'v Value> {
    as_blocks(resource.attributes.get(name))
}

/// A nested block's value as its blocks: a list of them, or the one object.
pub fn as_blocks(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::List(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    }
}

/// A value that is only known after apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unknowable;

/// How a value reads as a boolean: `Some(b)`, `None` when absent or null, `Err` when unknown.
pub(crate) fn bool_of(value: Option<&Value>) -> Result<Option<bool>, Unknowable> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) if !v.is_known() => Err(Unknowable),
        Some(v) => Ok(v.as_bool()),
    }
}

/// A failure at `attr` with `message`.
pub fn fail(attr: &str, message: impl Into<String>) -> Verdict {
    Verdict::Fail {
        attr: attr.to_string(),
        message: message.into(),
        at: None,
    }
}

/// Passes when the boolean at `path` is `want`; an absent value counts as `default`.
pub(crate) fn expect_bool(
    r: &Resource,
    path: &str,
    want: bool,
    default: bool,
    message: &str,
) -> Verdict {
    match bool_of(attr(r, path)) {
        Err(Unknowable) => Verdict::Unknown,
        Ok(v) if v.unwrap_or(default) == want => Verdict::Pass,
        Ok(_) => fail(top(path), message),
    }
}

/// Passes when the attribute at `path` is set (non-null, non-empty); unknown counts as set.
pub(crate) fn expect_set(r: &Resource, path: &str, message: &str) -> Verdict {
    match attr(r, path) {
        None | Some(Value::Null) => fail(top(path), message),
        Some(Value::String(s)) if s.is_empty() => fail(top(path), message),
        Some(Value::List(l)) if l.is_empty() => fail(top(path), message),
        _ => Verdict::Pass,
    }
}

/// Fails when the string at `path` is one of `bad`.
pub fn reject_values(r: &Resource, path: &str, bad: &[&str], message: &str) -> Verdict {
    match attr(r, path) {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(s)) if bad.iter().any(|b| b.eq_ignore_ascii_case(s)) => {
            fail(top(path), format!("{message} (`{}` is \"{s}\").", path))
        }
        _ => Verdict::Pass,
    }
}

/// The top-level attribute of a dotted path, for its line.
pub fn top(path: &str) -> &str {
    path.split('.').next().unwrap_or(path)
}

/// Strings of a value that is a string or a list of strings; `None` when unknown.
pub fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(vec![s.clone()]),
        Value::List(items) => {
            let mut out = Vec::new();
            for i in items {
                match i {
                    Value::String(s) => out.push(s.clone()),
                    v if !v.is_known() => return None,
                    _ => {}
                }
            }
            Some(out)
        }
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// Whether a CIDR is the whole internet.
pub(crate) fn is_world(cidr: &str) -> bool {
    matches!(
        cidr.trim(),
        "0.0.0.0/0" | "::/0" | "*" | "Internet" | "internet" | "Any" | "any" | "0.0.0.0"
    )
}

/// Types that exist only as data sources, which rules judge: what they render is used by
/// the resources that refer to them.
const DATA_ONLY_TYPES: &[&str] = &["aws_iam_policy_document"];

/// Runs every rule over a model.
pub fn check_model(model: &Model) -> Vec<Finding> {
    let ctx = Ctx::new(model);
    // The objects the Terraform Kubernetes provider's resources declare are judged by the
    // same rules as the YAML manifests.
    let declared: Vec<Manifest> = model
        .managed()
        .filter(|r| r.resource_type.starts_with("kubernetes_"))
        .filter_map(Manifest::from_resource)
        .collect();
    let mut findings = Vec::new();
    for rule in rules() {
        match rule.target {
            Target::Resources(types, check) => {
                for t in types {
                    for r in ctx.of_type(t) {
                        // A data source reads what is managed elsewhere; only the types that
                        // exist solely as data sources (policy documents) are judged as such.
                        if r.mode == aetheredge_model::iac::Mode::Data
                            && !DATA_ONLY_TYPES.contains(&r.resource_type.as_str())
                        {
                            continue;
                        }
                        if let Verdict::Fail { attr, message, at } = check.verdict(&ctx, r) {
                            let mut finding = resource_finding(rule, r, &attr, message);
                            if let Some((file, line)) = at {
                                finding = finding.at(&file, line, None);
                            }
                            findings.push(finding);
                        }
                    }
                }
            }
            Target::Manifests(check) => {
                for m in model.manifests.iter().chain(&declared) {
                    for f in check(m) {
                        findings.push(manifest_finding(rule, m, f));
                    }
                }
            }
            Target::ModuleCalls(check) => {
                // Each directory's calls once, however often the directory is instantiated.
                for call in model.modules.values().flat_map(|m| m.calls.iter()) {
                    if let Some(message) = check(call) {
                        let mut f = base_finding(rule, message).at(
                            &call.location.file,
                            call.location.line,
                            None,
                        );
                        f.resource = Some(format!("module.{}", call.name));
                        findings.push(f);
                    }
                }
            }
        }
    }
    findings
}

fn base_finding(rule: &Rule, message: String) -> Finding {
    let mut f = Finding::new(DeityName::Kali, rule.id, rule.severity, rule.title, message);
    f.frameworks = rule.frameworks();
    f.aliases = rule.checkov.iter().map(|s| s.to_string()).collect();
    f
}

fn resource_finding(rule: &Rule, r: &Resource, attr: &str, message: String) -> Finding {
    let mut f = base_finding(rule, message).at(&r.location.file, r.line_of(attr), None);
    f.resource = Some(r.address.clone());
    f
}

fn manifest_finding(rule: &Rule, m: &Manifest, failure: ManifestFailure) -> Finding {
    let mut f = base_finding(rule, failure.message).at(&m.file, failure.line, None);
    f.resource = Some(m.address());
    if m.resource.is_some() {
        if let Some((_, ids)) = kubernetes::TERRAFORM_CHECKOV_IDS
            .iter()
            .find(|(id, _)| *id == rule.id)
        {
            f.aliases = ids.iter().map(|s| s.to_string()).collect();
        }
    }
    f
}

/// A rule's entry in `scan --list-rules`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub kind: &'static str,
    pub platform: String,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub remediation: String,
    pub checkov: Vec<String>,
    pub resource_types: Vec<String>,
    pub frameworks: Vec<FrameworkControl>,
    pub references: Vec<String>,
}

/// Every rule Kali has, misconfigurations then secrets, for listings and SARIF.
pub fn catalog() -> Vec<RuleInfo> {
    let mut out: Vec<RuleInfo> = rules()
        .iter()
        .map(|r| RuleInfo {
            id: r.id.to_string(),
            kind: "misconfiguration",
            platform: r.platform().to_string(),
            severity: r.severity,
            title: r.title.to_string(),
            description: r.description.to_string(),
            remediation: r.remediation.to_string(),
            checkov: r.checkov.iter().map(|s| s.to_string()).collect(),
            resource_types: r.resource_types().iter().map(|s| s.to_string()).collect(),
            frameworks: r.frameworks(),
            references: r.references(),
        })
        .collect();
    let secret_controls = Category::Secrets.frameworks();
    out.extend(secrets::RULES.iter().map(|s| RuleInfo {
        id: secrets::rule_id(s),
        kind: "secret",
        platform: "any".into(),
        severity: s.severity,
        title: s.title.to_string(),
        description: format!(
            "A {} committed to the repository: anyone who can read the repository can use it.",
            s.title.to_lowercase()
        ),
        remediation: "Revoke and rotate the secret now (it is in git history), then load it from a secret manager or the environment. If it is not a secret, add its fingerprint to .aetheredgeignore."
            .into(),
        checkov: Vec::new(),
        resource_types: Vec::new(),
        frameworks: secret_controls.clone(),
        references: vec!["https://github.com/gitleaks/gitleaks".into()],
    }));
    out.push(RuleInfo {
        id: YAML_PARSE_ERROR.into(),
        kind: "input",
        platform: "kubernetes".into(),
        severity: Severity::Medium,
        title: "Kubernetes YAML does not parse".into(),
        description: "A YAML file with apiVersion and kind could not be parsed, so its objects were not checked.".into(),
        remediation: "Fix the YAML syntax at the line given.".into(),
        checkov: Vec::new(),
        resource_types: Vec::new(),
        frameworks: Vec::new(),
        references: Vec::new(),
    });
    out
}

/// The id under which every secret rule counts in compliance: one check of the repository
/// for leaked secrets, failed by a finding of any `kali/secret/...` rule.
pub(crate) const SECRETS_COMPLIANCE_ID: &str = "kali/secret/*";

/// Kali's rules as compliance counts them: each misconfiguration rule on the resources of
/// its types (or every Kubernetes object), and the secret rules as one check.
pub fn compliance_rules() -> Vec<aetheredge_deity::compliance::Rule> {
    use aetheredge_deity::compliance::{AppliesTo, Rule as ComplianceRule};
    let mut out: Vec<ComplianceRule> = rules()
        .iter()
        .map(|r| ComplianceRule {
            id: r.id.to_string(),
            controls: r.frameworks(),
            applies_to: match r.target {
                Target::Resources(types, _) => {
                    AppliesTo::ResourceTypes(types.iter().map(|t| t.to_string()).collect())
                }
                Target::Manifests(_) => AppliesTo::Manifests,
                Target::ModuleCalls(_) => AppliesTo::Repository,
            },
            merged: Vec::new(),
        })
        .collect();
    out.push(ComplianceRule {
        id: SECRETS_COMPLIANCE_ID.to_string(),
        controls: Category::Secrets.frameworks(),
        applies_to: AppliesTo::Repository,
        merged: Vec::new(),
    });
    out
}

/// The rule id of a Kubernetes YAML document that does not parse.
pub(crate) const YAML_PARSE_ERROR: &str = "kali/yaml-parse-error";

#[cfg(test)]
mod tests {
    use super::check::{Check, Condition, Expected, Link, Requirement};
    use super::{rules, Target};

    /// The provider prefix of a platform's resource types.
    fn provider_prefix(platform: &str) -> Option<&'static str> {
        match platform {
            "aws" => Some("aws_"),
            "azure" => Some("azurerm_"),
            "gcp" => Some("google_"),
            _ => None,
        }
    }

    fn path_problem(path: &str) -> Option<String> {
        (path.is_empty() || path.split('.').any(|p| p.is_empty() || p.contains(' ')))
            .then(|| format!("malformed path `{path}`"))
    }

    fn requirement_problems(r: &Requirement) -> Vec<String> {
        let mut out: Vec<String> = path_problem(r.path).into_iter().collect();
        match r.expected {
            Expected::OneOf(values) | Expected::NoneOf(values) if values.is_empty() => {
                out.push(format!("`{}`: an empty set of values", r.path))
            }
            Expected::AtLeast { min, absent } if !(min.is_finite() && absent.is_finite()) => {
                out.push(format!("`{}`: a bound that is not a number", r.path))
            }
            _ => {}
        }
        out
    }

    /// What is wrong with one row of a platform table.
    fn row_problems(rule: &super::Rule) -> Vec<String> {
        let mut out = Vec::new();
        let platform = rule.platform();
        if !rule.id.starts_with("kali/")
            || !["aws", "azure", "gcp", "kubernetes", "terraform"].contains(&platform)
            || !rule.id[5..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            out.push("the id is not kali/<platform>-<name> in lowercase".to_string());
        }
        for (what, text) in [
            ("title", rule.title),
            ("description", rule.description),
            ("remediation", rule.remediation),
        ] {
            if text.trim().is_empty() {
                out.push(format!("an empty {what}"));
            }
        }
        if rule.title.ends_with('.') {
            out.push("the title ends with a full stop".to_string());
        }
        for c in rule.checkov {
            if !(c.starts_with("CKV_") || c.starts_with("CKV2_")) {
                out.push(format!("Checkov id `{c}`"));
            }
        }
        if let Some((framework, control)) = rule.cis {
            let want = format!("cis_{platform}");
            if framework != want || control.is_empty() {
                out.push(format!(
                    "CIS control ({framework}, {control}) is not {want}'s"
                ));
            }
        }
        match (rule.target, provider_prefix(platform)) {
            (Target::Manifests(_), None) if platform == "kubernetes" => {}
            (Target::ModuleCalls(_), None) if platform == "terraform" => {}
            (Target::Resources(types, check), Some(prefix)) => {
                if types.is_empty() {
                    out.push("no resource types".to_string());
                }
                for t in types {
                    if !t.starts_with(prefix) {
                        out.push(format!("resource type `{t}` is not {platform}'s"));
                    }
                }
                match check {
                    Check::Attribute(a) => {
                        out.extend(requirement_problems(&a.requirement));
                        if a.message.trim().is_empty() {
                            out.push("an empty message".to_string());
                        }
                        for c in a.unless {
                            let path = match *c {
                                Condition::Equals(p, _)
                                | Condition::OtherThan(p, _)
                                | Condition::IsTrue(p)
                                | Condition::Set(p)
                                | Condition::Absent(p) => p,
                            };
                            out.extend(path_problem(path));
                        }
                    }
                    Check::Joined(j) => {
                        if j.own.is_none() && j.joins.is_empty() {
                            out.push("a joined check with nothing to join".to_string());
                        }
                        out.extend(j.own.iter().flat_map(requirement_problems));
                        out.extend(path_problem(j.attr));
                        if j.message.trim().is_empty() {
                            out.push("an empty message".to_string());
                        }
                        for join in j.joins {
                            if !join.resource_type.starts_with(prefix) {
                                out.push(format!(
                                    "joined type `{}` is not {platform}'s",
                                    join.resource_type
                                ));
                            }
                            if let Link::Refers { attr, .. } = join.link {
                                out.extend(path_problem(attr));
                            }
                            out.extend(join.requirement.iter().flat_map(requirement_problems));
                        }
                    }
                    Check::Function(_) => {}
                }
            }
            _ => out.push("the target does not suit the platform".to_string()),
        }
        out
    }

    #[test]
    fn every_row_of_the_rule_tables_is_well_formed() {
        let mut problems = Vec::new();
        for rule in rules() {
            for p in row_problems(rule) {
                problems.push(format!("{}: {p}", rule.id));
            }
        }
        let mut ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
        ids.sort();
        for pair in ids.windows(2) {
            if pair[0] == pair[1] {
                problems.push(format!("{}: the id is used twice", pair[0]));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Checkov's ids that two rules share because Checkov's one check is two here: its
    /// "listener uses TLS 1.2" check fails HTTP listeners (the HTTP rule) and HTTPS ones
    /// with old policies (the TLS rule), never both on one listener.
    const SPLIT_CHECKOV_IDS: &[&str] = &["CKV_AWS_103"];

    #[test]
    fn a_checkov_id_is_claimed_by_one_rule() {
        let mut owners: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for rule in rules() {
            for c in rule.checkov {
                owners.entry(c).or_default().push(rule.id);
            }
        }
        let twice: Vec<String> = owners
            .iter()
            .filter(|(c, ids)| ids.len() > 1 && !SPLIT_CHECKOV_IDS.contains(c))
            .map(|(c, ids)| format!("{c}: {ids:?}"))
            .collect();
        assert!(twice.is_empty(), "{}", twice.join("\n"));
    }

    #[test]
    fn a_bad_row_is_reported_with_its_id() {
        let mut rule = rules()
            .iter()
            .find(|r| r.id == "kali/aws-iam-password-symbols")
            .unwrap()
            .clone();
        rule.target = Target::Resources(
            &["google_storage_bucket"],
            super::check::present("a..b", ""),
        );
        let problems = row_problems(&rule);
        assert!(problems.iter().any(|p| p.contains("google_storage_bucket")));
        assert!(problems.iter().any(|p| p.contains("malformed path `a..b`")));
        assert!(problems.iter().any(|p| p == "an empty message"));
    }
}

//! Vishnu: Rego policies and compliance controls.
//!
//! Policies are the built-in library (compiled into the binary) and the repo's own
//! `policy/**/*.rego` and `policies/**/*.rego` (or the `vishnu.policy_dir` key). They are compiled once per review:
//! a policy file present at base is taken from base (a change cannot weaken the policies
//! that judge it), a file the change adds is taken from head. Each policy reads one of two
//! inputs ([`crate::policy::InputKind`]): conftest's HCL2 document of each Terraform file,
//! or the plan of each root module as `terraform show -json` gives it. Rules are evaluated
//! in parallel, each worker with its own clone of the prepared engine.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use rayon::prelude::*;

use crate::config::VishnuConfig;
use crate::iac::{Model, Resource};
use crate::policy::compliance::{compliance, RuleChecks};
use crate::policy::{
    self, hcl_input, library, plan_input, CompiledPolicies, EngineOptions, Hit, InputKind,
    PolicyError, PolicySource, RuleKind, RuleRef,
};
use crate::repo::Snapshot;
use crate::report::{DeityName, Finding, Severity};

use super::{Contribution, Deity, Review, Which};

pub struct Vishnu {
    config: VishnuConfig,
    policies: OnceLock<CompiledPolicies>,
    /// Each side's findings, kept for the compliance view.
    outcomes: Mutex<BTreeMap<u8, Vec<Finding>>>,
}

impl Vishnu {
    pub fn new(config: VishnuConfig) -> Vishnu {
        Vishnu {
            config,
            policies: OnceLock::new(),
            outcomes: Mutex::new(BTreeMap::new()),
        }
    }

    fn policies(&self, review: &Review) -> &CompiledPolicies {
        self.policies.get_or_init(|| {
            let mut sources = if self.config.builtin {
                library::sources(false)
            } else {
                Vec::new()
            };
            sources.extend(repo_policies(review, &self.config.policy_dir));
            compile(&sources, &self.config)
        })
    }
}

/// Compiles policy sources with Vishnu's settings.
pub fn compile(sources: &[PolicySource], config: &VishnuConfig) -> CompiledPolicies {
    let plan_globs = {
        let mut b = globset::GlobSetBuilder::new();
        for g in &config.plan_policies {
            if let Ok(g) = globset::Glob::new(g) {
                b.add(g);
            }
        }
        b.build().ok()
    };
    CompiledPolicies::compile(
        sources,
        EngineOptions {
            timeout: Duration::from_millis(config.timeout_ms.max(1)),
            namespaces: if config.namespaces.is_empty() {
                vec!["main".to_string()]
            } else {
                config.namespaces.clone()
            },
            all_namespaces: config.all_namespaces,
            plan_any_namespace: config.namespaces.is_empty(),
            plan_globs,
        },
    )
}

/// The repo's policy files: base's version of each, plus those only head has. Without a
/// `policy_dir`, both `policy/` (conftest's default) and `policies/` are read.
fn repo_policies(review: &Review, dir: &str) -> Vec<PolicySource> {
    let dir = dir.trim_matches('/');
    let dirs: Vec<String> = match dir {
        "" => vec!["policy/".to_string(), "policies/".to_string()],
        "." => vec![String::new()],
        d => vec![format!("{d}/")],
    };
    let of = |snapshot: &Snapshot| -> Vec<PolicySource> {
        snapshot
            .files()
            .filter(|f| {
                f.path.ends_with(".rego")
                    && !f.path.ends_with("_test.rego")
                    && dirs.iter().any(|d| f.path.starts_with(d.as_str()))
            })
            .map(|f| PolicySource {
                path: f.path.clone(),
                text: f.text.to_string(),
                builtin: false,
            })
            .collect()
    };
    let mut by_path: BTreeMap<String, PolicySource> = BTreeMap::new();
    if !review.full_scan {
        for s in of(review.base.snapshot) {
            by_path.insert(s.path.clone(), s);
        }
    }
    for s in of(review.head.snapshot) {
        by_path.entry(s.path.clone()).or_insert(s);
    }
    by_path.into_values().collect()
}

impl Deity for Vishnu {
    fn name(&self) -> DeityName {
        DeityName::Vishnu
    }

    fn inspect(&self, review: &Review, which: Which) -> Vec<Finding> {
        let policies = self.policies(review);
        let side = review.side(which);
        let the_plan = match which {
            Which::Head => Some(review.plan()),
            Which::Base => None,
        };
        let base = (which == Which::Head && !review.full_scan).then_some(review.base.model);
        let mut findings = evaluate_model(
            policies,
            &self.config,
            side.model,
            side.snapshot,
            base,
            the_plan,
        );
        // Policies that could not be compiled: reported on the side that has the file.
        for problem in &policies.problems {
            let (file, _) = problem.location();
            let here = file.starts_with(library::BUILTIN_PREFIX)
                || side.snapshot.get(file).is_some_and(|f| {
                    which == Which::Head
                        || review.head.snapshot.get(file).map(|h| &h.text) == Some(&f.text)
                });
            if here {
                findings.push(error_finding(problem));
            }
        }
        if let Ok(mut outcomes) = self.outcomes.lock() {
            outcomes.insert(which as u8, findings.clone());
        }
        findings
    }

    fn compare(&self, review: &Review) -> Contribution {
        let policies = self.policies(review);
        let outcomes = self.outcomes.lock().map(|o| o.clone()).unwrap_or_default();
        let keep = |which: Which| -> Vec<Finding> {
            outcomes
                .get(&(which as u8))
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|f| super::suppress::suppression_for(review, which, f).is_none())
                .collect()
        };
        let head = keep(Which::Head);
        let base = if review.full_scan {
            Vec::new()
        } else {
            keep(Which::Base)
        };
        let checks: Vec<RuleChecks> = policies
            .checks()
            .filter(|r| !disabled(&self.config, r))
            .map(|r| RuleChecks {
                rule_id: rule_id(r),
                rule: r,
            })
            .collect();
        Contribution::Compliance(compliance(&checks, review.head.model, &head, &base))
    }

    fn remediation(&self, id: &str) -> Option<String> {
        self.policies
            .get()?
            .rules
            .iter()
            .find(|r| rule_id(r) == id)?
            .annotation
            .as_deref()?
            .remediation
            .clone()
    }
}

/// The rule id findings carry: `vishnu/<custom.id>` or `vishnu/<package>.<rule>`.
pub fn rule_id(rule: &RuleRef) -> String {
    format!("vishnu/{}", rule.id())
}

fn disabled(config: &VishnuConfig, rule: &RuleRef) -> bool {
    let id = rule.id();
    config
        .disable
        .iter()
        .any(|d| d == &id || d == &rule_id(rule))
}

/// Every policy finding about one tree: HCL policies on each Terraform file, plan
/// policies (and the built-in library) on each root module's plan.
pub fn evaluate_model(
    policies: &CompiledPolicies,
    config: &VishnuConfig,
    model: &Model,
    snapshot: &Snapshot,
    base: Option<&Model>,
    the_plan: Option<&crate::report::Plan>,
) -> Vec<Finding> {
    let active: Vec<usize> = policies
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            matches!(
                r.kind,
                RuleKind::Deny | RuleKind::Violation | RuleKind::Warn
            ) && policies.options.runs_package(r)
                && !disabled(config, r)
        })
        .map(|(i, _)| i)
        .collect();
    let hcl_rules: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&i| policies.rules[i].input == InputKind::Hcl)
        .collect();
    let plan_rules: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&i| policies.rules[i].input == InputKind::Plan)
        .collect();

    let mut findings: Vec<Finding> = Vec::new();
    if !hcl_rules.is_empty() {
        findings.extend(evaluate_files(
            policies, config, model, snapshot, &hcl_rules,
        ));
    }
    if !plan_rules.is_empty() {
        findings.extend(evaluate_plans(
            policies,
            config,
            model,
            base,
            the_plan,
            &plan_rules,
        ));
    }
    findings.sort_by(|a, b| {
        (&a.rule_id, &a.file, a.line, &a.resource, &a.message).cmp(&(
            &b.rule_id,
            &b.file,
            b.line,
            &b.resource,
            &b.message,
        ))
    });
    findings.dedup();
    findings
}

/// HCL policies on each Terraform file, with the input conftest would give them: its
/// HCL2 document for `.tf` and `.tfvars`, the file's JSON as it is for `.tf.json` and
/// `.tfvars.json` (conftest picks its parser by the last extension, and reads `.json`
/// with its plain JSON parser).
fn evaluate_files(
    policies: &CompiledPolicies,
    config: &VishnuConfig,
    model: &Model,
    snapshot: &Snapshot,
    rules: &[usize],
) -> Vec<Finding> {
    let files: Vec<(&String, &crate::iac::parse::ParsedFile)> = model
        .files
        .iter()
        .filter(|(path, _)| {
            [".tf", ".tfvars", ".tf.json", ".tfvars.json"]
                .iter()
                .any(|suffix| path.ends_with(suffix))
        })
        .filter_map(|(path, parsed)| parsed.as_ref().as_ref().ok().map(|p| (path, p)))
        .collect();
    let per_file: Vec<Vec<Finding>> = files
        .par_iter()
        .map_init(
            || policies.engine.clone(),
            |engine, (path, parsed)| {
                let input = if path.ends_with(".json") {
                    match snapshot
                        .get(path)
                        .map(|f| regorus::Value::from_json_str(&f.text))
                    {
                        Some(Ok(v)) => v,
                        // Parsed for the model, so the text is JSON; a file only on disk
                        // elsewhere has nothing to give.
                        _ => return Vec::new(),
                    }
                } else {
                    regorus::Value::from(hcl_input::file_input(parsed))
                };
                let (hits, errors) = policy::evaluate(policies, engine, input, path, rules);
                let mut out: Vec<Finding> = hits
                    .iter()
                    .map(|h| hcl_finding(policies, config, model, path, parsed, h))
                    .collect();
                out.extend(errors.iter().map(error_finding));
                out
            },
        )
        .collect();
    per_file.into_iter().flatten().collect()
}

/// Plan policies (and the built-in library) on each root module's plan. A built-in rule
/// runs only on a root that has resources of its `resource_types`; the rest of the work is
/// split into (root, slice of rules) items so one big root still uses every core.
fn evaluate_plans(
    policies: &CompiledPolicies,
    config: &VishnuConfig,
    model: &Model,
    base: Option<&Model>,
    the_plan: Option<&crate::report::Plan>,
    plan_rules: &[usize],
) -> Vec<Finding> {
    let started = std::time::Instant::now();
    let inputs = plan_input::plan_inputs(model, base, the_plan);
    tracing::debug!(elapsed = ?started.elapsed(), roots = inputs.len(), "plan inputs built");
    let indexes: Vec<RootIndex> = inputs
        .iter()
        .map(|(root, _)| RootIndex::new(model, root))
        .collect();
    let mut work: Vec<(usize, Vec<usize>)> = Vec::new();
    let workers = rayon::current_num_threads().max(1);
    for (i, index) in indexes.iter().enumerate() {
        let applicable: Vec<usize> = plan_rules
            .iter()
            .copied()
            .filter(|&r| can_apply(&policies.rules[r], index))
            .collect();
        let chunk = applicable.len().div_ceil(workers * 2).max(1);
        work.extend(applicable.chunks(chunk).map(|c| (i, c.to_vec())));
    }
    let per_item: Vec<Vec<Finding>> = work
        .par_iter()
        .map_init(
            || policies.engine.clone(),
            |engine, (i, rules)| {
                let (root, input) = &inputs[*i];
                let index = &indexes[*i];
                let name = format!("the plan of {}", if root.is_empty() { "." } else { root });
                let (hits, errors) =
                    policy::evaluate(policies, engine, input.clone(), &name, rules);
                let mut out: Vec<Finding> = hits
                    .iter()
                    .map(|h| plan_finding(policies, config, model, root, index, h))
                    .collect();
                out.extend(errors.iter().map(error_finding));
                out
            },
        )
        .collect();
    tracing::debug!(elapsed = ?started.elapsed(), rules = plan_rules.len(), items = work.len(), "plan rules evaluated");
    per_item.into_iter().flatten().collect()
}

/// Whether a rule can find anything in a root: a built-in rule needs a resource of one of
/// its `resource_types` (user rules always run).
fn can_apply(rule: &RuleRef, index: &RootIndex) -> bool {
    if !rule.builtin {
        return true;
    }
    match rule.annotation.as_deref() {
        Some(a) if !a.resource_types.is_empty() => a
            .resource_types
            .iter()
            .any(|t| index.types.contains(t.as_str())),
        _ => true,
    }
}

/// A finding for a rule's result, with what its annotation says.
fn base_finding(policies: &CompiledPolicies, config: &VishnuConfig, hit: &Hit) -> Finding {
    let rule = &policies.rules[hit.rule];
    let id = rule_id(rule);
    let annotation = rule.annotation.as_deref();
    let severity = config
        .severity
        .get(&rule.id())
        .or_else(|| config.severity.get(&id))
        .copied()
        .or_else(|| {
            hit.extra
                .get("severity")
                .and_then(|s| s.as_str())
                .and_then(|s| s.parse().ok())
        })
        .or(annotation.and_then(|a| a.severity))
        .unwrap_or(match rule.kind {
            RuleKind::Warn => Severity::Low,
            _ => Severity::High,
        });
    let title = annotation
        .and_then(|a| a.title.clone())
        .unwrap_or_else(|| format!("Policy {}", rule.path().trim_start_matches("data.")));
    let mut message = hit.message.clone();
    if let Some(remediation) = annotation.and_then(|a| a.remediation.as_deref()) {
        if !message.contains(remediation) {
            message = format!("{message} Remediation: {remediation}");
        }
    }
    let mut f = Finding::new(DeityName::Vishnu, &id, severity, &title, message);
    if let Some(a) = annotation {
        f.frameworks = a.frameworks.clone();
        f.frameworks.sort();
        f.aliases = a.aliases.clone();
    }
    f
}

/// The resources of one root module by address, and by address without instance keys.
struct RootIndex<'m> {
    all: Vec<&'m Resource>,
    /// Types of the managed resources.
    types: HashSet<&'m str>,
    exact: HashMap<&'m str, &'m Resource>,
    stripped: HashMap<String, &'m Resource>,
}

impl<'m> RootIndex<'m> {
    fn new(model: &'m Model, root: &str) -> RootIndex<'m> {
        let all: Vec<&Resource> = model.resources.iter().filter(|r| r.root == root).collect();
        let exact = all.iter().map(|r| (r.address.as_str(), *r)).collect();
        let mut stripped = HashMap::new();
        for r in &all {
            stripped
                .entry(plan_input::strip_keys(&r.address))
                .or_insert(*r);
        }
        let types = all
            .iter()
            .filter(|r| r.mode == crate::iac::Mode::Managed)
            .map(|r| r.resource_type.as_str())
            .collect();
        RootIndex {
            all,
            types,
            exact,
            stripped,
        }
    }
}

/// Where a plan result points: the resource it names (or whose address its message
/// mentions), at the attribute it names when it does.
fn plan_finding(
    policies: &CompiledPolicies,
    config: &VishnuConfig,
    model: &Model,
    root: &str,
    index: &RootIndex,
    hit: &Hit,
) -> Finding {
    let mut f = base_finding(policies, config, hit);
    let named = hit.resource.as_deref().and_then(|wanted| {
        index
            .exact
            .get(wanted)
            .or_else(|| index.stripped.get(wanted))
            .copied()
    });
    let mentioned = || {
        index
            .all
            .iter()
            .filter(|r| hit.message.contains(&r.address))
            .max_by_key(|r| r.address.len())
            .copied()
    };
    match named.or_else(mentioned) {
        Some(r) => {
            let line = hit
                .extra
                .get("attribute")
                .and_then(|a| a.as_str())
                .map(|a| r.line_of(a))
                .unwrap_or(r.location.line);
            f = f.at(&r.location.file, line, None);
            f.resource = Some(r.address.clone());
        }
        None => {
            let rule = &policies.rules[hit.rule];
            f.resource = hit.resource.clone();
            if let Some(file) = model
                .modules
                .get(root)
                .and_then(|m| m.files.first())
                .cloned()
            {
                f = f.at(&file, 1, None);
            } else if !rule.builtin {
                f = f.at(&rule.file, rule.line, None);
            }
        }
    }
    f
}

/// Where an HCL result points: the resource block of the file it names or mentions.
fn hcl_finding(
    policies: &CompiledPolicies,
    config: &VishnuConfig,
    model: &Model,
    path: &str,
    parsed: &crate::iac::parse::ParsedFile,
    hit: &Hit,
) -> Finding {
    let mut f = base_finding(policies, config, hit);
    let resources: Vec<_> = parsed
        .blocks
        .iter()
        .filter(|b| b.kind == "resource" && b.labels.len() == 2)
        .collect();
    let key = |b: &crate::iac::parse::TopBlock| format!("{}.{}", b.labels[0], b.labels[1]);
    let by_resource = hit.resource.as_deref().and_then(|r| {
        resources
            .iter()
            .find(|b| key(b) == plan_input::strip_keys(r))
    });
    let by_address = || {
        resources
            .iter()
            .filter(|b| hit.message.contains(&key(b)))
            .max_by_key(|b| key(b).len())
    };
    let by_name = || {
        let words: BTreeSet<&str> = hit
            .message
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .collect();
        let matching: Vec<_> = resources
            .iter()
            .filter(|b| words.contains(b.labels[1].as_str()))
            .collect();
        (matching.len() == 1).then(|| matching[0])
    };
    let only = || (resources.len() == 1).then(|| &resources[0]);
    match by_resource
        .or_else(by_address)
        .or_else(by_name)
        .or_else(only)
    {
        Some(block) => {
            let line = hit
                .extra
                .get("attribute")
                .and_then(|a| a.as_str())
                .and_then(|a| block.member_lines.get(a).copied())
                .unwrap_or(block.line);
            f = f.at(path, line, None);
            f.resource = model
                .resources
                .iter()
                .find(|r| r.location.file == path && r.location.line == block.line)
                .map(|r| r.address.clone())
                .or_else(|| Some(key(block)));
        }
        None => {
            f = f.at(path, 1, None);
            f.resource = hit.resource.clone();
        }
    }
    f
}

/// A finding for a policy that could not be compiled or evaluated.
pub fn error_finding(error: &PolicyError) -> Finding {
    let (rule, severity, title) = match error {
        PolicyError::Compile { .. } => (
            "vishnu/policy-compile-error",
            Severity::High,
            "Policy does not compile",
        ),
        PolicyError::Metadata { .. } => (
            "vishnu/policy-metadata-error",
            Severity::Low,
            "Policy annotation is not valid",
        ),
        PolicyError::Timeout { .. } => (
            "vishnu/policy-timeout",
            Severity::Medium,
            "Policy ran too long and was stopped",
        ),
        PolicyError::Eval { .. } => (
            "vishnu/policy-eval-error",
            Severity::Medium,
            "Policy failed while evaluating",
        ),
    };
    let (file, line) = error.location();
    Finding::new(DeityName::Vishnu, rule, severity, title, error.to_string()).at(file, line, None)
}

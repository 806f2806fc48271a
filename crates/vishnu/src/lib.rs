//! Vishnu: Rego policies and compliance controls.
//!
//! Policies are the built-in library (compiled into the binary) and the repo's own
//! `policy/**/*.rego` and `policies/**/*.rego` (or the `vishnu.policy_dir` key). They are compiled once per review,
//! from the base of a pull request: a change cannot weaken, delete or replace the policies
//! that judge it. The policies a change adds or edits run once more on head as advice
//! ([`Deity::advisory`]): listed with the changes to the rules, never failing the review.
//! Each policy reads one of two
//! inputs ([`crate::policy::InputKind`]): conftest's HCL2 document of each Terraform file,
//! or the plan of each root module as `terraform show -json` gives it. Rules are evaluated
//! in parallel, each worker with its own clone of the prepared engine.

pub mod policy;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;
use std::time::Duration;

use rayon::prelude::*;

use crate::policy::outline::Outline;
use crate::policy::{
    hcl_input, library, plan_input, CompiledPolicies, EngineOptions, Fixed, Hit, InputKind,
    PolicyError, PolicySource, RuleKind, RuleRef,
};
use aetheredge_core::config::PolicyConfig;
use aetheredge_core::report::{DeityName, Finding, Severity};
use aetheredge_model::iac::{Model, Resource};
use aetheredge_model::repo::{ChangeStatus, Snapshot};

use aetheredge_deity::{Contribution, Deity, Review, Which};

pub struct Vishnu {
    config: PolicyConfig,
    policies: OnceLock<CompiledPolicies>,
}

impl Vishnu {
    pub fn new(config: PolicyConfig) -> Vishnu {
        Vishnu {
            config,
            policies: OnceLock::new(),
        }
    }

    /// The policies that judge the change: the built-in library and the repo's own, from
    /// the trusted side (the base of a pull request).
    fn policies(&self, review: &Review) -> &CompiledPolicies {
        self.policies.get_or_init(|| {
            let mut sources = self.builtin_sources();
            sources.extend(repo_policies(
                review.trusted().snapshot,
                &self.config.policy_dir,
            ));
            compile(&sources, &self.config, review)
        })
    }

    fn builtin_sources(&self) -> Vec<PolicySource> {
        if self.config.builtin {
            library::sources(false)
        } else {
            Vec::new()
        }
    }
}

/// What the clock, randomness and runtime builtins answer in a review: the reviewed (head)
/// commit's time and id.
fn fixed(review: &Review) -> Fixed {
    let head = review.head.revision;
    Fixed {
        now_ns: head.time.saturating_mul(1_000_000_000),
        commit: head.sha.clone(),
    }
}

/// Compiles policy sources with Vishnu's settings and the review's limits.
fn compile(sources: &[PolicySource], config: &PolicyConfig, review: &Review) -> CompiledPolicies {
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
            limits: review.config.limits.clone(),
            fixed: fixed(review),
        },
    )
}

/// Whether `path` is one of the repo's policy files under the config's `policy_dir`
/// (without one, `policy/`, conftest's default, and `policies/`). Rego tests are not.
pub fn is_policy_file(policy_dir: &str, path: &str) -> bool {
    path.ends_with(".rego") && !path.ends_with("_test.rego") && in_policy_dir(policy_dir, path)
}

/// Whether `path` is under the config's policy directories.
pub fn in_policy_dir(policy_dir: &str, path: &str) -> bool {
    match policy_dir.trim_matches('/') {
        "" => path.starts_with("policy/") || path.starts_with("policies/"),
        "." => true,
        d => path
            .strip_prefix(d)
            .is_some_and(|rest| rest.starts_with('/')),
    }
}

/// The policy files of one tree.
fn repo_policies(snapshot: &Snapshot, dir: &str) -> Vec<PolicySource> {
    snapshot
        .files()
        .filter(|f| is_policy_file(dir, &f.path))
        .map(|f| PolicySource {
            path: f.path.clone(),
            text: f.text.to_string(),
            builtin: false,
        })
        .collect()
}

/// The policy files a change adds or edits (by head path).
fn changed_policies(review: &Review, dir: &str) -> BTreeSet<String> {
    if review.full_scan {
        return BTreeSet::new();
    }
    review
        .change_set
        .files
        .iter()
        .filter(|c| c.status != ChangeStatus::Deleted && is_policy_file(dir, &c.path))
        .filter(|c| {
            review.base.snapshot.get(&c.path).map(|f| &f.text)
                != review.head.snapshot.get(&c.path).map(|f| &f.text)
        })
        .map(|c| c.path.clone())
        .collect()
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
        // Policies that could not be compiled: the same set judges both sides.
        findings.extend(policies.problems.iter().map(error_finding));
        findings
    }

    /// The policies the change adds or edits, as they are at head, run on head: what they
    /// will report once the change merges. Rules of the same name in unchanged files of the
    /// same package run with them; the runner drops what the enforced policies already
    /// report.
    fn advisory(&self, review: &Review) -> Vec<Finding> {
        let changed = changed_policies(review, &self.config.policy_dir);
        if changed.is_empty() {
            return Vec::new();
        }
        let mut wanted: HashSet<(String, String)> = HashSet::new();
        for path in &changed {
            if let Some(file) = review.head.snapshot.get(path) {
                let outline = Outline::of(path, &file.text);
                if let Some(package) = outline.package {
                    for name in outline.rules.into_keys() {
                        wanted.insert((package.clone(), name));
                    }
                }
            }
        }
        let mut sources = self.builtin_sources();
        sources.extend(repo_policies(review.head.snapshot, &self.config.policy_dir));
        let mut policies = compile(&sources, &self.config, review);
        policies.rules.retain(|r| {
            r.kind == RuleKind::Exception || wanted.contains(&(r.package.clone(), r.name.clone()))
        });
        let mut findings = evaluate_model(
            &policies,
            &self.config,
            review.head.model,
            review.head.snapshot,
            Some(review.base.model),
            Some(review.plan()),
        );
        findings.extend(
            policies
                .problems
                .iter()
                .filter(|p| changed.contains(p.location().0))
                .map(error_finding),
        );
        tracing::debug!(
            policies = changed.len(),
            findings = findings.len(),
            "advisory run of the changed policies"
        );
        findings
    }

    fn compare(&self, review: &Review) -> Contribution {
        Contribution::ComplianceRules(compliance_rules(self.policies(review), &self.config))
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

/// The rules that count in compliance: those the review runs and annotates with framework
/// controls, each on the resources of its `resource_types` (the repository as a whole
/// when it names none).
fn compliance_rules(
    policies: &CompiledPolicies,
    config: &PolicyConfig,
) -> Vec<aetheredge_deity::compliance::Rule> {
    use aetheredge_deity::compliance::{AppliesTo, Rule};
    let mut out: Vec<Rule> = Vec::new();
    for r in policies.checks().filter(|r| !disabled(config, r)) {
        let Some(a) = r.annotation.as_deref() else {
            continue;
        };
        if a.frameworks.is_empty() {
            continue;
        }
        let mut controls = a.frameworks.clone();
        controls.sort();
        controls.dedup();
        let rule = Rule {
            id: rule_id(r),
            controls,
            applies_to: if a.resource_types.is_empty() {
                AppliesTo::Repository
            } else {
                AppliesTo::ResourceTypes(a.resource_types.iter().cloned().collect())
            },
            merged: Vec::new(),
        };
        // A rule defined in several files or by several `deny` bodies counts once.
        match out.iter_mut().find(|o| o.id == rule.id) {
            Some(o) => {
                let id = rule.id.clone();
                o.merge(rule);
                o.merged.retain(|m| m != &id);
            }
            None => out.push(rule),
        }
    }
    out
}

/// The rule id findings carry: `vishnu/<custom.id>` or `vishnu/<package>.<rule>`.
pub fn rule_id(rule: &RuleRef) -> String {
    format!("vishnu/{}", rule.id())
}

fn disabled(config: &PolicyConfig, rule: &RuleRef) -> bool {
    let id = rule.id();
    config
        .disable
        .iter()
        .any(|d| d == &id || d == &rule_id(rule))
}

/// Every policy finding about one tree: HCL policies on each Terraform file, plan
/// policies (and the built-in library) on each root module's plan.
pub(crate) fn evaluate_model(
    policies: &CompiledPolicies,
    config: &PolicyConfig,
    model: &Model,
    snapshot: &Snapshot,
    base: Option<&Model>,
    the_plan: Option<&aetheredge_core::report::Plan>,
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

    let hcl_findings = if hcl_rules.is_empty() {
        Vec::new()
    } else {
        evaluate_files(policies, config, model, snapshot, &hcl_rules)
    };
    let plan_findings = if plan_rules.is_empty() {
        Vec::new()
    } else {
        evaluate_plans(policies, config, model, base, the_plan, &plan_rules)
    };
    let on_both: BTreeSet<String> = {
        let ids = |rules: &[usize]| -> BTreeSet<String> {
            rules.iter().map(|&i| rule_id(&policies.rules[i])).collect()
        };
        ids(&hcl_rules)
            .intersection(&ids(&plan_rules))
            .cloned()
            .collect()
    };
    let mut findings = merge_inputs(hcl_findings, plan_findings, &on_both);
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

/// The findings of both inputs. A rule evaluated on both (its file reads both, or neither
/// recognisably) says the same thing twice when both inputs show it: a plan result is
/// dropped when the same rule has an HCL result with the same message about the same
/// resource (or the plan result names none).
fn merge_inputs(hcl: Vec<Finding>, plan: Vec<Finding>, on_both: &BTreeSet<String>) -> Vec<Finding> {
    let said: HashMap<(&str, &str), Vec<Option<&str>>> = hcl
        .iter()
        .filter(|f| on_both.contains(&f.rule_id))
        .fold(HashMap::new(), |mut said, f| {
            said.entry((f.rule_id.as_str(), f.message.as_str()))
                .or_default()
                .push(f.resource.as_deref());
            said
        });
    let repeated = |f: &Finding| {
        said.get(&(f.rule_id.as_str(), f.message.as_str()))
            .is_some_and(|resources| {
                f.resource.is_none() || resources.contains(&f.resource.as_deref())
            })
    };
    let plan: Vec<Finding> = plan.into_iter().filter(|f| !repeated(f)).collect();
    let mut out = hcl;
    out.extend(plan);
    out
}

/// HCL policies on each Terraform file, with the input conftest would give them: its
/// HCL2 document for `.tf` and `.tfvars`, the file's JSON as it is for `.tf.json` and
/// `.tfvars.json` (conftest picks its parser by the last extension, and reads `.json`
/// with its plain JSON parser).
fn evaluate_files(
    policies: &CompiledPolicies,
    config: &PolicyConfig,
    model: &Model,
    snapshot: &Snapshot,
    rules: &[usize],
) -> Vec<Finding> {
    let files: Vec<(&String, &aetheredge_model::iac::parse::ParsedFile)> = model
        .files
        .iter()
        .filter(|(path, _)| {
            [".tf", ".tfvars", ".tf.json", ".tfvars.json"]
                .iter()
                .any(|suffix| path.ends_with(suffix))
        })
        .filter_map(|(path, parsed)| parsed.as_ref().as_ref().ok().map(|p| (path, p)))
        .collect();
    let Some(prepared) = policies.engine(InputKind::Hcl) else {
        return Vec::new();
    };
    let per_file: Vec<Vec<Finding>> = files
        .par_iter()
        .map_init(
            || prepared.clone(),
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
                let (hits, errors) =
                    policy::evaluate(policies, engine, InputKind::Hcl, input, path, rules);
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
    config: &PolicyConfig,
    model: &Model,
    base: Option<&Model>,
    the_plan: Option<&aetheredge_core::report::Plan>,
    plan_rules: &[usize],
) -> Vec<Finding> {
    let Some(prepared) = policies.engine(InputKind::Plan) else {
        return Vec::new();
    };
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
            || prepared.clone(),
            |engine, (i, rules)| {
                let (root, input) = &inputs[*i];
                let index = &indexes[*i];
                let name = format!("the plan of {}", if root.is_empty() { "." } else { root });
                let (hits, errors) = policy::evaluate(
                    policies,
                    engine,
                    InputKind::Plan,
                    input.clone(),
                    &name,
                    rules,
                );
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
fn base_finding(policies: &CompiledPolicies, config: &PolicyConfig, hit: &Hit) -> Finding {
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
            .filter(|r| r.mode == aetheredge_model::iac::Mode::Managed)
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
    config: &PolicyConfig,
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
            // `"at": {"resource": …, "attribute": …}`: the value is written in another
            // resource (a bucket's aws_s3_bucket_acl), so the finding points there.
            let at = hit.extra.get("at").and_then(|at| {
                let wanted = at.get("resource")?.as_str()?;
                let other = index
                    .exact
                    .get(wanted)
                    .or_else(|| index.stripped.get(wanted))?;
                let line = at
                    .get("attribute")
                    .and_then(|a| a.as_str())
                    .map_or(other.location.line, |a| other.line_of(a));
                Some((other.location.file.clone(), line))
            });
            if let Some((file, line)) = at {
                f = f.at(&file, line, None);
            }
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
    config: &PolicyConfig,
    model: &Model,
    path: &str,
    parsed: &aetheredge_model::iac::parse::ParsedFile,
    hit: &Hit,
) -> Finding {
    let mut f = base_finding(policies, config, hit);
    let resources: Vec<_> = parsed
        .blocks
        .iter()
        .filter(|b| b.kind == "resource" && b.labels.len() == 2)
        .collect();
    let key =
        |b: &aetheredge_model::iac::parse::TopBlock| format!("{}.{}", b.labels[0], b.labels[1]);
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
pub(crate) fn error_finding(error: &PolicyError) -> Finding {
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
        PolicyError::Limit { .. } => (
            "vishnu/limit-exceeded",
            Severity::Medium,
            "Policy exceeds a limit and was stopped",
        ),
    };
    let (file, line) = error.location();
    Finding::new(DeityName::Vishnu, rule, severity, title, error.to_string()).at(file, line, None)
}

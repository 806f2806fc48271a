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
use std::sync::Mutex;

use aetheredge_core::report::{
    DeityName, Finding, PolicyException, PolicyFileInputs, PolicyRun, Severity,
};
use aetheredge_model::iac::{Model, Resource};
use aetheredge_model::repo::{ChangeStatus, Snapshot};

use aetheredge_deity::{Contribution, Deity, Review, Which};

pub struct Vishnu {
    config: PolicyConfig,
    policies: OnceLock<CompiledPolicies>,
    /// What exceptions removed at head, for the report's policy section.
    excepted: Mutex<Vec<PolicyException>>,
}

impl Vishnu {
    pub fn new(config: PolicyConfig) -> Vishnu {
        Vishnu {
            config,
            policies: OnceLock::new(),
            excepted: Mutex::new(Vec::new()),
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
            sources.extend(self.config.outside_policies.iter().map(|p| PolicySource {
                path: p.path.clone(),
                text: p.text.clone(),
                builtin: false,
            }));
            let mut policies = compile(&sources, &self.config, review);
            policies.add_data(&data_files(review.trusted().snapshot, &self.config));
            policies
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

/// The data files of `policy.data` (repo paths, from the trusted side) and those read from
/// outside the repository (`--data` with a path on disk).
fn data_files(snapshot: &Snapshot, config: &PolicyConfig) -> Vec<policy::data::DataFile> {
    use policy::data::DataFile;
    let mut files = Vec::new();
    for root in &config.data {
        let mut found: Vec<_> = snapshot
            .files()
            .filter(|f| within(root, &f.path) && DataFile::is_data_path(&f.path))
            .map(|f| DataFile::new(root, &f.path, f.text.to_string()))
            .collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        files.extend(found);
    }
    files.extend(config.outside_data.iter().map(|d| DataFile {
        path: d.path.clone(),
        under: d.under.clone(),
        text: d.text.clone(),
    }));
    files
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
            combine: config.combine,
            limits: review.config.limits.clone(),
            fixed: fixed(review),
            files: policy::conftest::ConfigFiles::Tree {
                files: std::sync::Arc::new(
                    review
                        .trusted()
                        .snapshot
                        .files()
                        .map(|f| (f.path.clone(), f.text.clone()))
                        .collect(),
                ),
                base: if config.policy_dir.is_empty() {
                    "policy".to_string()
                } else {
                    config.policy_dir.trim_end_matches('/').to_string()
                },
            },
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
        let excepted = Mutex::new(Vec::new());
        let mut findings = evaluate_model(
            policies,
            &self.config,
            side.model,
            side.snapshot,
            base,
            the_plan,
            &excepted,
        );
        if which == Which::Head {
            let mut excepted = excepted.into_inner().unwrap_or_default();
            excepted.sort();
            excepted.dedup();
            if let Ok(mut head) = self.excepted.lock() {
                *head = excepted;
            }
        }
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
            &Mutex::new(Vec::new()),
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
        let policies = self.policies(review);
        let run = PolicyRun {
            files: policy_inputs(policies),
            exceptions: self.excepted.lock().map(|e| e.clone()).unwrap_or_default(),
        };
        Contribution::Policies(compliance_rules(policies, &self.config), run)
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

/// Which inputs each of the repo's policy files with checks was given.
fn policy_inputs(policies: &CompiledPolicies) -> Vec<PolicyFileInputs> {
    let mut by_file: std::collections::BTreeMap<&str, BTreeSet<&str>> = Default::default();
    for rule in policies.checks_on_every_input() {
        if !rule.builtin {
            by_file
                .entry(rule.file.as_str())
                .or_default()
                .insert(rule.input.as_str());
        }
    }
    by_file
        .into_iter()
        .map(|(file, inputs)| PolicyFileInputs {
            file: file.to_string(),
            inputs: inputs.into_iter().map(String::from).collect(),
        })
        .collect()
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
    sink: &Mutex<Vec<PolicyException>>,
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

    let combined_rules: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&i| policies.rules[i].input == InputKind::Combined)
        .collect();

    let mut hcl_findings = Vec::new();
    if !hcl_rules.is_empty() || !combined_rules.is_empty() {
        let (files, unreadable) = config_files(policies, config, model, snapshot);
        hcl_findings.extend(unreadable);
        if !hcl_rules.is_empty() {
            hcl_findings.extend(evaluate_files(
                policies, config, model, &files, &hcl_rules, sink,
            ));
        }
        if !combined_rules.is_empty() {
            hcl_findings.extend(evaluate_combined(
                policies,
                config,
                &files,
                &combined_rules,
                sink,
            ));
        }
    }
    let plan_findings = if plan_rules.is_empty() {
        Vec::new()
    } else {
        let mut findings =
            evaluate_plans(policies, config, model, base, the_plan, &plan_rules, sink);
        findings.extend(evaluate_plan_files(
            policies,
            config,
            model,
            snapshot,
            &plan_rules,
            sink,
        ));
        findings
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

/// One configuration file of the tree as conftest hands it to a policy: a Terraform file
/// as its HCL2 document (`.tf`, `.tfvars`) or its JSON as it is (`.tf.json`,
/// `.tfvars.json`), any other YAML or JSON file as its documents (each `---` section of a
/// YAML stream is one). conftest picks the parser by the last extension, as here.
struct ConfigFile<'m> {
    path: &'m str,
    /// The Terraform file's parse, for locating results at its blocks.
    terraform: Option<&'m aetheredge_model::iac::parse::ParsedFile>,
    /// Each document with the line it starts on.
    documents: Vec<(u32, regorus::Value)>,
}

/// The tree's configuration files, and a finding for each that cannot be read. Policy and
/// data files, and `terraform show -json` plan files (given to plan policies), are not
/// among them.
fn config_files<'m>(
    policies: &CompiledPolicies,
    config: &PolicyConfig,
    model: &'m Model,
    snapshot: &'m Snapshot,
) -> (Vec<ConfigFile<'m>>, Vec<Finding>) {
    use aetheredge_model::iac::documents::{self, Parser};
    let mut files: Vec<ConfigFile> = model
        .files
        .iter()
        .filter(|(path, _)| {
            [".tf", ".tfvars", ".tf.json", ".tfvars.json"]
                .iter()
                .any(|suffix| path.ends_with(suffix))
        })
        .filter_map(|(path, parsed)| {
            let parsed = parsed.as_ref().as_ref().ok()?;
            let input = if path.ends_with(".json") {
                // Parsed for the model, so the text is JSON; a file only on disk elsewhere
                // has nothing to give.
                regorus::Value::from_json_str(&snapshot.get(path)?.text).ok()?
            } else if config.parser.as_deref() == Some("hcl1") {
                regorus::Value::from(hcl_input::file_input_hcl1(parsed))
            } else {
                regorus::Value::from(hcl_input::file_input(parsed))
            };
            Some(ConfigFile {
                path: path.as_str(),
                terraform: Some(parsed),
                documents: vec![(1, input)],
            })
        })
        .collect();
    let mut unreadable = Vec::new();
    let forced = config.parser.as_deref();
    for file in snapshot.files() {
        let hcl = file.path.ends_with(".hcl");
        let by_extension = Parser::of_path(&file.path);
        if !hcl && by_extension.is_none() {
            continue;
        }
        if in_policy_dir(&config.policy_dir, &file.path)
            || config.data.iter().any(|d| within(d, &file.path))
            || aetheredge_model::iac::plan_file::is_plan_file(file)
        {
            continue;
        }
        // `--parser` (or `policy.parser`) reads every file with one parser, as conftest's.
        let parser = match forced {
            Some("hcl2" | "hcl" | "tf" | "hcl1") => None,
            Some(name) => Parser::named(name).or(by_extension),
            None => by_extension,
        };
        let read = match parser {
            Some(parser) => documents::parse(
                &file.path,
                &file.text,
                parser,
                policies.options.limits.decode_depth,
            )
            .map_err(|e| (e.line, e.column, e.message))
            .and_then(|docs| {
                // Each document is evaluated on its own: a stream of more documents than a
                // root may have resource instances is refused, not evaluated for minutes.
                let max = policies.options.limits.instances_per_root;
                if docs.len() > max {
                    return Err((
                        docs[max].line,
                        1,
                        format!(
                            "{} documents, over limits.instances_per_root ({max})",
                            docs.len()
                        ),
                    ));
                }
                Ok(docs
                    .into_iter()
                    .map(|d| (d.line, regorus::Value::from(d.body)))
                    .collect())
            }),
            // HCL that is not Terraform (`terragrunt.hcl`, Packer): its HCL2 document.
            None => aetheredge_model::iac::parse::parse_file_within(
                &file.path,
                &file.text,
                policies.options.limits.nesting_depth,
            )
            .map(|parsed| {
                let document = if forced == Some("hcl1") {
                    hcl_input::file_input_hcl1(&parsed)
                } else {
                    hcl_input::file_input(&parsed)
                };
                vec![(1, regorus::Value::from(document))]
            })
            .map_err(|e| (e.line, e.column, e.message)),
        };
        match read {
            Ok(documents) => files.push(ConfigFile {
                path: file.path.as_str(),
                terraform: None,
                documents,
            }),
            Err((line, column, message)) => unreadable.push(
                Finding::new(
                    DeityName::Vishnu,
                    "vishnu/input-unreadable",
                    Severity::Medium,
                    "Configuration file cannot be read",
                    format!(
                        "{} cannot be read as {}, so no policy judged it: {message}",
                        file.path,
                        match parser {
                            Some(Parser::Yaml) => "YAML",
                            Some(Parser::Json) => "JSON",
                            Some(Parser::Toml) => "TOML",
                            Some(Parser::Ini) => "INI",
                            Some(Parser::Dotenv) => ".env",
                            Some(Parser::Dockerfile) => "a Dockerfile",
                            None => "HCL",
                        },
                    ),
                )
                .at(&file.path, line, Some(column)),
            ),
        }
    }
    files.sort_by(|a, b| a.path.cmp(b.path));
    (files, unreadable)
}

/// Whether `path` is `dir` or under it (both repo-relative).
fn within(dir: &str, path: &str) -> bool {
    let dir = dir.trim_start_matches("./").trim_end_matches('/');
    !dir.is_empty() && (path == dir || path.starts_with(&format!("{dir}/")))
}

/// File policies on each configuration file, one document at a time, as conftest runs
/// them. A policy that reads Terraform's HCL2 document is given Terraform files only.
fn evaluate_files(
    policies: &CompiledPolicies,
    config: &PolicyConfig,
    model: &Model,
    files: &[ConfigFile],
    rules: &[usize],
    sink: &Mutex<Vec<PolicyException>>,
) -> Vec<Finding> {
    let Some(prepared) = policies.engine(InputKind::Hcl) else {
        return Vec::new();
    };
    let for_any_file: Vec<usize> = rules
        .iter()
        .copied()
        .filter(|&r| !policies.rules[r].reads_terraform)
        .collect();
    let per_file: Vec<Vec<Finding>> = files
        .par_iter()
        .map_init(
            || prepared.clone(),
            |engine, file| {
                let rules = if file.terraform.is_some() {
                    rules
                } else {
                    &for_any_file[..]
                };
                let mut out = Vec::new();
                for (line, input) in &file.documents {
                    let (hits, errors) = evaluate_recording(
                        policies,
                        engine,
                        InputKind::Hcl,
                        input.clone(),
                        file.path,
                        rules,
                        sink,
                    );
                    out.extend(hits.iter().map(|h| match file.terraform {
                        Some(parsed) => hcl_finding(policies, config, model, file.path, parsed, h),
                        None => {
                            let mut f = base_finding(policies, config, h);
                            f = f.at(file.path, *line, None);
                            f.resource = h.resource.clone();
                            f
                        }
                    }));
                    out.extend(errors.iter().map(error_finding));
                }
                out
            },
        )
        .collect();
    per_file.into_iter().flatten().collect()
}

/// Combined policies on every configuration file at once, as conftest's `--combine` gives
/// them: `[{"path": …, "contents": …}]`, one item per document, by path. A result points at
/// the file its message names, else at the rule.
fn evaluate_combined(
    policies: &CompiledPolicies,
    config: &PolicyConfig,
    files: &[ConfigFile],
    rules: &[usize],
    sink: &Mutex<Vec<PolicyException>>,
) -> Vec<Finding> {
    let Some(prepared) = policies.engine(InputKind::Combined) else {
        return Vec::new();
    };
    let items: Vec<regorus::Value> = files
        .iter()
        .flat_map(|f| {
            f.documents.iter().map(|(_, contents)| {
                let mut item = std::collections::BTreeMap::new();
                item.insert(regorus::Value::from("path"), regorus::Value::from(f.path));
                item.insert(regorus::Value::from("contents"), contents.clone());
                regorus::Value::from(item)
            })
        })
        .collect();
    let mut engine = prepared.clone();
    let (hits, errors) = evaluate_recording(
        policies,
        &mut engine,
        InputKind::Combined,
        regorus::Value::from(items),
        "the combined configuration files",
        rules,
        sink,
    );
    let mut out: Vec<Finding> = hits
        .iter()
        .map(|h| {
            let rule = &policies.rules[h.rule];
            let named = files
                .iter()
                .filter(|f| h.message.contains(f.path))
                .max_by_key(|f| f.path.len());
            let mut f = base_finding(policies, config, h);
            f = match named {
                Some(file) => f.at(file.path, 1, None),
                None => f.at(&rule.file, rule.line, None),
            };
            f.resource = h.resource.clone();
            f
        })
        .collect();
    out.extend(errors.iter().map(error_finding));
    out
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
    sink: &Mutex<Vec<PolicyException>>,
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
                let (hits, errors) = evaluate_recording(
                    policies,
                    engine,
                    InputKind::Plan,
                    input.clone(),
                    &name,
                    rules,
                    sink,
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

/// The repo's own plan policies on each `terraform show -json` plan file of the tree, given
/// the file as it is (as conftest gives it), beside the plans built from the code. The
/// built-in library reads the plans built here only: a plan file's resources are judged
/// by Kali. A result points at the planned resource it names, else at the file.
fn evaluate_plan_files(
    policies: &CompiledPolicies,
    config: &PolicyConfig,
    model: &Model,
    snapshot: &Snapshot,
    plan_rules: &[usize],
    sink: &Mutex<Vec<PolicyException>>,
) -> Vec<Finding> {
    let rules: Vec<usize> = plan_rules
        .iter()
        .copied()
        .filter(|&r| !policies.rules[r].builtin)
        .collect();
    let Some(prepared) = policies.engine(InputKind::Plan) else {
        return Vec::new();
    };
    if rules.is_empty() {
        return Vec::new();
    }
    let plan_files: Vec<&aetheredge_model::repo::SourceFile> = snapshot
        .files()
        .filter(|f| !in_policy_dir(&config.policy_dir, &f.path))
        .filter(|f| aetheredge_model::iac::plan_file::is_plan_file(f))
        .collect();
    plan_files
        .par_iter()
        .map_init(
            || prepared.clone(),
            |engine, file| {
                // Read for the model already; a file that is not JSON is reported there.
                let Ok(input) = regorus::Value::from_json_str(&file.text) else {
                    return Vec::new();
                };
                let index = RootIndex::of_plan_file(model, &file.path);
                let (hits, errors) = evaluate_recording(
                    policies,
                    engine,
                    InputKind::Plan,
                    input,
                    &file.path,
                    &rules,
                    sink,
                );
                let mut out: Vec<Finding> = hits
                    .iter()
                    .map(|h| plan_finding(policies, config, model, &file.path, &index, h))
                    .collect();
                out.extend(errors.iter().map(error_finding));
                out
            },
        )
        .flatten()
        .collect()
}

/// Evaluates rules on one input (see [`policy::evaluate`]): its results and errors, with
/// what exceptions removed added to the run's list.
fn evaluate_recording(
    policies: &CompiledPolicies,
    engine: &mut regorus::Engine,
    kind: InputKind,
    input: regorus::Value,
    input_name: &str,
    rules: &[usize],
    sink: &Mutex<Vec<PolicyException>>,
) -> (Vec<policy::Hit>, Vec<PolicyError>) {
    let evaluation = policy::evaluate(policies, engine, kind, input, input_name, rules);
    record_exceptions(policies, &evaluation.excepted, sink);
    (evaluation.hits, evaluation.errors)
}

/// Adds what exceptions removed on one input to the run's list.
fn record_exceptions(
    policies: &CompiledPolicies,
    excepted: &[policy::Excepted],
    sink: &Mutex<Vec<PolicyException>>,
) {
    if excepted.is_empty() {
        return;
    }
    let found: Vec<PolicyException> = excepted
        .iter()
        .map(|e| {
            let rule = &policies.rules[e.rule];
            let exception = policies.rules.iter().find(|r| {
                r.kind == RuleKind::Exception && r.package == rule.package && r.input == rule.input
            });
            PolicyException {
                rule_id: rule_id(rule),
                input: e.input.clone(),
                results: e.results,
                exception_file: exception.map(|r| r.file.clone()).unwrap_or_default(),
                exception_line: exception.map_or(0, |r| r.line),
            }
        })
        .collect();
    if let Ok(mut all) = sink.lock() {
        all.extend(found);
    }
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
        RootIndex::of(model.resources.iter().filter(|r| r.root == root).collect())
    }

    /// The resources a `terraform show -json` plan file plans.
    fn of_plan_file(model: &'m Model, path: &str) -> RootIndex<'m> {
        RootIndex::of(
            model
                .planned
                .iter()
                .filter(|r| r.location.file == path)
                .collect(),
        )
    }

    fn of(all: Vec<&'m Resource>) -> RootIndex<'m> {
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
            } else if root.ends_with(".json") {
                // A plan file's result that names none of its resources.
                f = f.at(root, 1, None);
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
        PolicyError::Data { .. } => (
            "vishnu/policy-data-error",
            Severity::High,
            "Policy data cannot be loaded",
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

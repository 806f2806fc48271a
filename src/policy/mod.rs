//! Rego policies, evaluated with regorus: loading and compiling a set of policy files once,
//! finding their rules (conftest's `deny`/`violation`/`warn`, their `_suffix` forms,
//! `exception`, and `test_` rules), and evaluating them against an input with a time limit.
//!
//! The inputs themselves are built in [`hcl_input`] (one Terraform file as conftest sees it)
//! and [`plan_input`] (a root module's plan as `terraform show -json` gives it); the
//! built-in library lives in [`library`]; [`testing`] runs `test_` rules; [`overlap`] says
//! which built-in rules duplicate Kali's checks. Per-control counts are
//! [`crate::compliance`]'s.

pub mod hcl_input;
pub mod library;
pub mod metadata;
pub mod outline;
pub mod overlap;
pub mod plan_input;
pub mod testing;

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use regorus::unstable::{Rule, RuleHead};
use regorus::Engine;

pub use metadata::{Annotation, InputKind};

/// One policy file: its repo-relative path (or `builtin:…` path) and text.
#[derive(Clone, Debug)]
pub struct PolicySource {
    pub path: String,
    pub text: String,
    pub builtin: bool,
}

/// What kind of rule a name is, by conftest's conventions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    Deny,
    Violation,
    Warn,
    Exception,
    Test,
}

impl RuleKind {
    /// The kind of a rule name, and the suffix conftest's exceptions name it by
    /// (`deny_no_root` → `no_root`; plain `deny` → ``).
    pub fn of(name: &str) -> Option<(RuleKind, String)> {
        if name == "exception" {
            return Some((RuleKind::Exception, String::new()));
        }
        if name.starts_with("test_") {
            return Some((RuleKind::Test, String::new()));
        }
        for (prefix, kind) in [
            ("deny", RuleKind::Deny),
            ("violation", RuleKind::Violation),
            ("warn", RuleKind::Warn),
        ] {
            if name == prefix {
                return Some((kind, String::new()));
            }
            if let Some(suffix) = name
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('_'))
            {
                return Some((kind, suffix.to_string()));
            }
        }
        None
    }
}

/// A rule the engine can be asked for.
#[derive(Clone, Debug)]
pub struct RuleRef {
    /// The package, without `data.` (`main`, `aetheredge.rules.aws.s3_public_read`).
    pub package: String,
    pub name: String,
    pub kind: RuleKind,
    /// The suffix exceptions name it by (`deny_foo` → `foo`).
    pub suffix: String,
    /// Where it is first defined.
    pub file: String,
    pub line: u32,
    pub builtin: bool,
    pub input: InputKind,
    /// The rule's annotation, or its package's.
    pub annotation: Option<Arc<Annotation>>,
}

impl RuleRef {
    pub fn path(&self) -> String {
        format!("data.{}.{}", self.package, self.name)
    }

    /// The id findings carry: the annotation's `custom.id`, else `package.rule`.
    pub fn id(&self) -> String {
        self.annotation
            .as_ref()
            .and_then(|a| a.id.clone())
            .unwrap_or_else(|| format!("{}.{}", self.package, self.name))
    }
}

/// What went wrong with a policy, naming the file and line that caused it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PolicyError {
    #[error("{file}:{line}: policy does not compile: {message}")]
    Compile {
        file: String,
        line: u32,
        message: String,
    },
    #[error("{file}:{line}: {source}")]
    Metadata {
        file: String,
        line: u32,
        source: metadata::MetadataError,
    },
    #[error("{file}:{line}: rule {rule} was stopped after {limit_ms} ms on {input}: {message}")]
    Timeout {
        file: String,
        line: u32,
        rule: String,
        input: String,
        limit_ms: u128,
        message: String,
    },
    #[error("{file}:{line}: rule {rule} failed on {input}: {message}")]
    Eval {
        file: String,
        line: u32,
        rule: String,
        input: String,
        message: String,
    },
}

impl PolicyError {
    pub fn location(&self) -> (&str, u32) {
        match self {
            PolicyError::Compile { file, line, .. }
            | PolicyError::Metadata { file, line, .. }
            | PolicyError::Timeout { file, line, .. }
            | PolicyError::Eval { file, line, .. } => (file, *line),
        }
    }
}

/// How policies are evaluated.
#[derive(Clone, Debug)]
pub struct EngineOptions {
    /// Each rule's evaluation on one input is stopped after this long.
    pub timeout: Duration,
    /// Packages whose deny/violation/warn rules run (conftest's `--namespace`).
    pub namespaces: Vec<String>,
    /// Every package runs (conftest's `--all-namespaces`).
    pub all_namespaces: bool,
    /// Policies over the plan input run whatever their package (no namespace was asked
    /// for: conftest's default `main` is for conftest policies; OPA has no default).
    pub plan_any_namespace: bool,
    /// Policies that take the plan input regardless of what they reference.
    pub plan_globs: Option<globset::GlobSet>,
}

impl EngineOptions {
    /// Whether a rule's package is among those that run (built-in rules always do).
    pub fn runs_package(&self, rule: &RuleRef) -> bool {
        rule.builtin
            || self.all_namespaces
            || self.namespaces.contains(&rule.package)
            || (self.plan_any_namespace && rule.input == InputKind::Plan)
    }
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions {
            timeout: Duration::from_secs(2),
            namespaces: vec!["main".to_string()],
            all_namespaces: false,
            plan_any_namespace: false,
            plan_globs: None,
        }
    }
}

/// Policies compiled once: an engine to clone per worker, and the rules it holds.
#[derive(Clone)]
pub struct CompiledPolicies {
    pub engine: Engine,
    pub rules: Vec<RuleRef>,
    /// Files left out because they do not compile, with why.
    pub problems: Vec<PolicyError>,
    pub options: EngineOptions,
}

/// The `--> file:line:col` regorus puts in its messages.
fn error_location(message: &str) -> Option<(String, u32)> {
    let re = regex::Regex::new(r"--> ([^\n]+?):(\d+):(\d+)").ok()?;
    let caps = re.captures(message)?;
    Some((caps[1].to_string(), caps[2].parse().ok()?))
}

/// The last line of a regorus message (`error: …`), without the source excerpt.
fn short_message(message: &str) -> String {
    message
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(message)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

/// Whether a policy's text reads the plan input rather than one file's HCL.
pub fn references_plan(text: &str) -> bool {
    [
        "input.resource_changes",
        "input.planned_values",
        "input.configuration",
        "input.prior_state",
        "input.terraform_version",
        "input.format_version",
        "data.aetheredge.lib.tf",
    ]
    .iter()
    .any(|k| text.contains(k))
}

fn new_engine(options: &EngineOptions) -> Engine {
    let mut engine = Engine::new();
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit: options.timeout,
        check_interval: NonZeroU32::new(64).unwrap_or(NonZeroU32::MIN),
    });
    engine
}

/// Parses one file into the engine: as Rego v1 first, then as v0 (`deny[msg] { … }`).
fn add_source(engine: &mut Engine, source: &PolicySource) -> Result<(), PolicyError> {
    engine.set_rego_v0(false);
    let v1 = engine.add_policy(source.path.clone(), source.text.clone());
    if v1.is_ok() {
        return Ok(());
    }
    engine.set_rego_v0(true);
    let v0 = engine.add_policy(source.path.clone(), source.text.clone());
    engine.set_rego_v0(false);
    match (v1, v0) {
        (_, Ok(_)) => Ok(()),
        (Err(e1), Err(e0)) => {
            // Report the error of the syntax the file is most likely written in.
            let e = if source.text.contains(" if ") || source.text.contains("import rego.v1") {
                e1
            } else {
                e0
            };
            let text = e.to_string();
            let (file, line) = error_location(&text).unwrap_or((source.path.clone(), 1));
            Err(PolicyError::Compile {
                file,
                line,
                message: short_message(&text),
            })
        }
        (Ok(_), _) => Ok(()),
    }
}

impl CompiledPolicies {
    /// Compiles the sources: a file that does not parse, or that breaks compilation of the
    /// whole set (an unknown function, a conflicting rule), is left out and reported; the
    /// others still run.
    pub fn compile(sources: &[PolicySource], options: EngineOptions) -> CompiledPolicies {
        let mut problems = Vec::new();
        let mut kept: Vec<&PolicySource> = Vec::new();
        let mut annotations: BTreeMap<String, BTreeMap<u32, Annotation>> = BTreeMap::new();
        {
            let mut probe = new_engine(&options);
            for source in sources {
                match add_source(&mut probe, source) {
                    Ok(()) => {
                        match metadata::annotations(&source.path, &source.text) {
                            Ok(a) => {
                                annotations.insert(source.path.clone(), a);
                            }
                            Err(e) => problems.push(PolicyError::Metadata {
                                file: e.file.clone(),
                                line: e.line,
                                source: e,
                            }),
                        }
                        kept.push(source);
                    }
                    Err(e) => problems.push(e),
                }
            }
        }
        // Compilation of the set can still fail (regorus checks the whole set on first
        // use): leave out the file each error names until the rest compiles.
        loop {
            let mut engine = new_engine(&options);
            for source in &kept {
                // Already known to parse.
                let _ = add_source(&mut engine, source);
            }
            engine.set_input(regorus::Value::new_object());
            let check = engine.eval_query("true".to_string(), false);
            match check {
                Ok(_) => {
                    let rules = find_rules(&mut engine, &kept, &annotations, &options);
                    return CompiledPolicies {
                        engine,
                        rules,
                        problems,
                        options,
                    };
                }
                Err(e) => {
                    let text = e.to_string();
                    let culprit = error_location(&text);
                    let index = culprit
                        .as_ref()
                        .and_then(|(file, _)| kept.iter().position(|s| &s.path == file))
                        .unwrap_or(kept.len().saturating_sub(1));
                    if kept.is_empty() {
                        return CompiledPolicies {
                            engine: new_engine(&options),
                            rules: Vec::new(),
                            problems,
                            options,
                        };
                    }
                    let removed = kept.remove(index);
                    tracing::warn!(file = %removed.path, "policy left out: {}", short_message(&text));
                    problems.push(PolicyError::Compile {
                        file: removed.path.clone(),
                        line: culprit.map(|(_, l)| l).unwrap_or(1),
                        message: short_message(&text),
                    });
                }
            }
        }
    }

    /// The rules a review runs: deny/violation/warn in the chosen namespaces
    /// (the built-in library's packages always run, unless disabled by id).
    pub fn checks(&self) -> impl Iterator<Item = &RuleRef> {
        self.rules.iter().filter(|r| {
            matches!(
                r.kind,
                RuleKind::Deny | RuleKind::Violation | RuleKind::Warn
            ) && self.options.runs_package(r)
        })
    }

    /// Packages that define an `exception` rule.
    pub fn exception_packages(&self) -> BTreeSet<&str> {
        self.rules
            .iter()
            .filter(|r| r.kind == RuleKind::Exception)
            .map(|r| r.package.as_str())
            .collect()
    }
}

/// Every deny/violation/warn/exception/test rule of the compiled modules.
fn find_rules(
    engine: &mut Engine,
    sources: &[&PolicySource],
    annotations: &BTreeMap<String, BTreeMap<u32, Annotation>>,
    options: &EngineOptions,
) -> Vec<RuleRef> {
    let by_path: BTreeMap<&str, &PolicySource> =
        sources.iter().map(|s| (s.path.as_str(), *s)).collect();
    let mut seen = BTreeSet::new();
    let mut rules = Vec::new();
    for module in engine.get_modules().iter() {
        let package = module
            .package
            .refr
            .span()
            .text()
            .trim_start_matches("data.")
            .to_string();
        let file = module.package.span.source.file().clone();
        let Some(source) = by_path.get(file.as_str()) else {
            continue;
        };
        let notes = annotations.get(&file);
        let package_note = notes
            .and_then(|n| n.get(&module.package.span.line))
            .cloned()
            .map(Arc::new);
        let input = if source.builtin
            || options
                .plan_globs
                .as_ref()
                .is_some_and(|g| g.is_match(&file))
            || references_plan(&source.text)
        {
            InputKind::Plan
        } else {
            InputKind::Hcl
        };
        for rule in &module.policy {
            let (refr, span) = match rule.as_ref() {
                Rule::Spec { head, span, .. } => match head {
                    RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } => {
                        (refr.span().text().to_string(), span)
                    }
                    RuleHead::Func { .. } => continue,
                },
                Rule::Default { .. } => continue,
            };
            let name = refr
                .split(['[', '.', ' '])
                .next()
                .unwrap_or_default()
                .to_string();
            let Some((kind, suffix)) = RuleKind::of(&name) else {
                continue;
            };
            if !seen.insert((package.clone(), name.clone())) {
                continue;
            }
            let annotation = notes
                .and_then(|n| n.get(&span.line))
                .cloned()
                .map(Arc::new)
                .or_else(|| package_note.clone());
            let input = annotation.as_ref().and_then(|a| a.input).unwrap_or(input);
            rules.push(RuleRef {
                package: package.clone(),
                name,
                kind,
                suffix,
                file: file.clone(),
                line: span.line,
                builtin: source.builtin,
                input,
                annotation,
            });
        }
    }
    rules.sort_by(|a, b| (&a.package, &a.name).cmp(&(&b.package, &b.name)));
    rules
}

/// One result of a rule: its message and whatever else the rule returned with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index into [`CompiledPolicies::rules`].
    pub rule: usize,
    pub message: String,
    /// A `resource` the result names (an address or `type.name`), if any.
    pub resource: Option<String>,
    /// Other keys of an object result (`severity`, …).
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Evaluates the given rules (indices into `policies.rules`) on one input, applying
/// conftest's exceptions. A rule that fails or runs out of time is reported and the
/// other rules still run.
pub fn evaluate(
    policies: &CompiledPolicies,
    engine: &mut Engine,
    input: regorus::Value,
    input_name: &str,
    rules: &[usize],
) -> (Vec<Hit>, Vec<PolicyError>) {
    engine.set_input(input);
    let mut hits = Vec::new();
    let mut errors = Vec::new();
    let mut exceptions: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let exception_packages = policies.exception_packages();
    for package in &exception_packages {
        let rule = policies
            .rules
            .iter()
            .find(|r| r.package == *package && r.kind == RuleKind::Exception);
        if let Some(rule) = rule {
            match run_rule(engine, rule, input_name, policies.options.timeout) {
                Ok(value) => {
                    let names = exceptions.entry(package).or_default();
                    for item in items(&value) {
                        match item {
                            serde_json::Value::Array(list) => names
                                .extend(list.iter().filter_map(|v| v.as_str().map(String::from))),
                            serde_json::Value::String(s) => {
                                names.insert(s);
                            }
                            _ => {}
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
    }
    for &index in rules {
        let rule = &policies.rules[index];
        if exceptions
            .get(rule.package.as_str())
            .is_some_and(|names| names.contains(&rule.suffix))
        {
            continue;
        }
        let started = std::time::Instant::now();
        let outcome = run_rule(engine, rule, input_name, policies.options.timeout);
        tracing::trace!(rule = %rule.path(), elapsed = ?started.elapsed(), "rule evaluated");
        match outcome {
            Ok(value) => {
                for item in items(&value) {
                    hits.push(hit(index, rule, item));
                }
            }
            Err(e) => errors.push(e),
        }
    }
    (hits, errors)
}

fn run_rule(
    engine: &mut Engine,
    rule: &RuleRef,
    input_name: &str,
    timeout: Duration,
) -> Result<serde_json::Value, PolicyError> {
    match engine.eval_rule(rule.path()) {
        Ok(regorus::Value::Undefined) => Ok(serde_json::Value::Null),
        Ok(value) => Ok(serde_json::to_value(&value).unwrap_or(serde_json::Value::Null)),
        Err(e) => {
            let text = format!("{e:#}");
            let message = short_message(&text);
            let lower = text.to_ascii_lowercase();
            if lower.contains("time limit")
                || lower.contains("timed out")
                || lower.contains("timeout")
            {
                Err(PolicyError::Timeout {
                    file: rule.file.clone(),
                    line: rule.line,
                    rule: rule.path(),
                    input: input_name.to_string(),
                    limit_ms: timeout.as_millis(),
                    message,
                })
            } else {
                Err(PolicyError::Eval {
                    file: rule.file.clone(),
                    line: rule.line,
                    rule: rule.path(),
                    input: input_name.to_string(),
                    message,
                })
            }
        }
    }
}

/// The results of a rule: the members of a set or array, or one value (a `true` or a
/// string of a complete rule); nothing for `false`, `null` or undefined.
fn items(value: &serde_json::Value) -> Vec<serde_json::Value> {
    match value {
        serde_json::Value::Array(list) => list.clone(),
        serde_json::Value::Null | serde_json::Value::Bool(false) => Vec::new(),
        serde_json::Value::Object(map) if map.is_empty() => Vec::new(),
        serde_json::Value::Object(map) if map.contains_key("msg") => vec![value.clone()],
        // A partial object rule (`deny[key] := value`): each value is a result.
        serde_json::Value::Object(map) => map.values().cloned().collect(),
        other => vec![other.clone()],
    }
}

fn hit(index: usize, rule: &RuleRef, item: serde_json::Value) -> Hit {
    match item {
        serde_json::Value::String(message) => Hit {
            rule: index,
            message,
            resource: None,
            extra: serde_json::Map::new(),
        },
        serde_json::Value::Object(mut map) => {
            let message = match map.remove("msg") {
                Some(serde_json::Value::String(s)) => s,
                Some(other) => other.to_string(),
                None => rule.name.clone(),
            };
            let resource = match map.remove("resource") {
                Some(serde_json::Value::String(s)) => Some(s),
                _ => None,
            };
            Hit {
                rule: index,
                message,
                resource,
                extra: map,
            }
        }
        serde_json::Value::Bool(true) => Hit {
            rule: index,
            message: rule.name.clone(),
            resource: None,
            extra: serde_json::Map::new(),
        },
        other => Hit {
            rule: index,
            message: other.to_string(),
            resource: None,
            extra: serde_json::Map::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str, text: &str) -> PolicySource {
        PolicySource {
            path: path.to_string(),
            text: text.to_string(),
            builtin: false,
        }
    }

    fn run(sources: &[PolicySource], input: serde_json::Value) -> (Vec<String>, Vec<PolicyError>) {
        let policies = CompiledPolicies::compile(sources, EngineOptions::default());
        let rules: Vec<usize> = policies
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| policies.checks().any(|c| c.path() == r.path()))
            .map(|(i, _)| i)
            .collect();
        let mut engine = policies.engine.clone();
        let (hits, mut errors) = evaluate(
            &policies,
            &mut engine,
            regorus::Value::from(input),
            "x.tf",
            &rules,
        );
        let mut problems = policies.problems.clone();
        problems.append(&mut errors);
        (hits.into_iter().map(|h| h.message).collect(), problems)
    }

    #[test]
    fn v0_and_v1_rules_with_prefixes_and_objects() {
        let v0 = source(
            "p/v0.rego",
            "package main\n\ndeny[msg] {\n  input.x == 1\n  msg := \"v0 deny\"\n}\n\nwarn_thing[msg] {\n  msg := {\"msg\": \"v0 warn\"}\n}\n",
        );
        let v1 = source(
            "p/v1.rego",
            "package main\n\nviolation_x contains msg if {\n  input.x == 1\n  msg := \"v1 violation\"\n}\n",
        );
        let (mut messages, problems) = run(&[v0, v1], serde_json::json!({"x": 1}));
        messages.sort();
        assert_eq!(messages, vec!["v0 deny", "v0 warn", "v1 violation"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn exceptions_drop_the_named_rules() {
        let p = source(
            "p/e.rego",
            "package main\nimport rego.v1\ndeny_root contains \"root\" if true\ndeny contains \"plain\" if true\nexception contains [\"root\"] if input.ok\n",
        );
        let (messages, _) = run(std::slice::from_ref(&p), serde_json::json!({"ok": true}));
        assert_eq!(messages, vec!["plain"]);
        let (messages, _) = run(&[p], serde_json::json!({"ok": false}));
        assert_eq!(messages.len(), 2);
    }

    #[test]
    fn a_broken_policy_is_reported_and_the_others_run() {
        let good = source(
            "p/good.rego",
            "package main\nimport rego.v1\ndeny contains \"good\" if true\n",
        );
        let bad = source(
            "p/bad.rego",
            "package main\n\ndeny contains msg if {\n  msg := \n}\n",
        );
        let (messages, problems) = run(&[good, bad], serde_json::json!({}));
        assert_eq!(messages, vec!["good"]);
        assert_eq!(problems.len(), 1);
        match &problems[0] {
            PolicyError::Compile {
                file,
                line,
                message,
            } => {
                assert_eq!(file, "p/bad.rego");
                assert!(*line >= 4, "{line}");
                assert!(!message.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_endless_policy_is_stopped_by_the_timer() {
        let slow = source(
            "p/slow.rego",
            "package main\nimport rego.v1\ndeny contains msg if {\n  n := numbers.range(1, 100000000)\n  count([x | some x in n; x % 7 == 3]) > 0\n  msg := \"never\"\n}\n",
        );
        let fast = source(
            "p/fast.rego",
            "package other\nimport rego.v1\ndeny contains \"fast\" if true\n",
        );
        let mut options = EngineOptions {
            timeout: Duration::from_millis(200),
            all_namespaces: true,
            ..EngineOptions::default()
        };
        options.namespaces.clear();
        let policies = CompiledPolicies::compile(&[slow, fast], options);
        let rules: Vec<usize> = (0..policies.rules.len()).collect();
        let mut engine = policies.engine.clone();
        let started = std::time::Instant::now();
        let (hits, errors) = evaluate(
            &policies,
            &mut engine,
            regorus::Value::new_object(),
            "x.tf",
            &rules,
        );
        assert!(started.elapsed() < Duration::from_secs(20));
        assert_eq!(
            hits.iter().map(|h| h.message.as_str()).collect::<Vec<_>>(),
            vec!["fast"]
        );
        assert!(
            matches!(&errors[0], PolicyError::Timeout { file, .. } if file == "p/slow.rego"),
            "{errors:?}"
        );
    }
}

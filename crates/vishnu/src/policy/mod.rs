//! Rego policies, evaluated with regorus: loading and compiling a set of policy files once,
//! finding their rules (conftest's `deny`/`violation`/`warn`, their `_suffix` forms,
//! `exception`, and `test_` rules), and evaluating them against an input with a time limit.
//!
//! The inputs themselves are built in [`hcl_input`] (one Terraform file as conftest sees it)
//! and [`plan_input`] (a root module's plan as `terraform show -json` gives it); the
//! built-in library lives in [`library`]; [`testing`] runs `test_` rules; [`overlap`] says
//! which built-in rules duplicate Kali's checks. Per-control counts are
//! [`aetheredge_deity::compliance`]'s.

mod bounds;
mod builtins;
pub mod conftest;
pub mod data;
pub(crate) mod hcl_input;
pub mod library;
pub mod metadata;
pub mod outline;
pub mod overlap;
pub(crate) mod plan_input;
mod recursion;
pub mod testing;

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use regorus::unstable::{Module, Ref, Rule, RuleHead};
use regorus::Engine;

pub use builtins::Fixed;
pub use metadata::{Annotation, InputKind};

use aetheredge_core::limits::Limits;

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
    /// Where it is first defined (among the definitions evaluated on `input`).
    pub file: String,
    pub line: u32,
    pub builtin: bool,
    /// The input it is evaluated on. A rule whose definitions read both inputs (or neither
    /// recognisably) has one entry per input.
    pub input: InputKind,
    /// Its file reads Terraform's HCL2 document (`input.resource`, …): it is given Terraform
    /// files only, not the tree's other configuration files.
    pub reads_terraform: bool,
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
    /// A data file (`--data`, `policy.data`) that cannot be read or merged.
    #[error("{file}:{line}: data file cannot be loaded: {message}")]
    Data {
        file: String,
        line: u32,
        message: String,
    },
    /// A file left out before parsing, or a rule stopped by a builtin, over one of the
    /// `limits:` (the message names the limit and its key).
    #[error("{file}:{line}: {message}")]
    Limit {
        file: String,
        line: u32,
        message: String,
    },
}

impl PolicyError {
    pub fn location(&self) -> (&str, u32) {
        match self {
            PolicyError::Compile { file, line, .. }
            | PolicyError::Metadata { file, line, .. }
            | PolicyError::Timeout { file, line, .. }
            | PolicyError::Eval { file, line, .. }
            | PolicyError::Data { file, line, .. }
            | PolicyError::Limit { file, line, .. } => (file, *line),
        }
    }
}

/// How policies are evaluated.
#[derive(Clone, Debug)]
pub struct EngineOptions {
    /// Each rule's evaluation on one input is stopped after this long.
    pub timeout: Duration,
    /// Packages whose deny/violation/warn rules run (conftest's `--namespace`): names, or
    /// glob patterns with `*`, `?` or `[…]` (`*` also matches dots: `k8s.*`).
    pub namespaces: Vec<String>,
    /// Every package runs (conftest's `--all-namespaces`).
    pub all_namespaces: bool,
    /// Policies over the plan input run whatever their package (no namespace was asked
    /// for: conftest's default `main` is for conftest policies; OPA has no default).
    pub plan_any_namespace: bool,
    /// Policies that take the plan input regardless of what they reference.
    pub plan_globs: Option<globset::GlobSet>,
    /// Every policy that reads configuration files is given all of them at once (conftest's
    /// `--combine`), not one file at a time.
    pub combine: bool,
    /// Nesting, number, collection and string budgets (`limits.policy_*`).
    pub limits: Limits,
    /// What the clock, randomness and runtime builtins answer.
    pub fixed: Fixed,
    /// The files conftest's `parse_config_file` may read.
    pub files: conftest::ConfigFiles,
}

impl EngineOptions {
    /// Whether a rule's package is among those that run (built-in rules always do).
    pub(crate) fn runs_package(&self, rule: &RuleRef) -> bool {
        rule.builtin
            || self.all_namespaces
            || self
                .namespaces
                .iter()
                .any(|pattern| namespace_matches(pattern, &rule.package))
            || (self.plan_any_namespace && rule.input == InputKind::Plan)
    }
}

/// Whether a package is named by a `--namespace` value: the name itself, or a glob pattern
/// (conftest matches with Go's `path.Match`, where `*` also matches dots). A pattern that
/// does not compile names nothing (the CLI refuses it before a run).
pub fn namespace_matches(pattern: &str, package: &str) -> bool {
    if !pattern.contains(['*', '?', '[']) {
        return pattern == package;
    }
    globset::Glob::new(pattern).is_ok_and(|glob| glob.compile_matcher().is_match(package))
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions {
            timeout: Duration::from_secs(2),
            namespaces: vec!["main".to_string()],
            all_namespaces: false,
            plan_any_namespace: false,
            plan_globs: None,
            combine: false,
            limits: Limits::default(),
            fixed: Fixed::default(),
            files: conftest::ConfigFiles::None,
        }
    }
}

/// Policies compiled once: one engine per input kind some rule reads (to clone per worker),
/// and the rules they hold.
///
/// Rego evaluates `data.main.deny` as the union of every file's `deny`, so files whose rules
/// read different inputs cannot share an engine: each engine holds the files whose rules
/// read its input, plus the files every engine needs (helpers, data and exceptions without
/// rules of their own, and files that read both inputs or neither recognisably).
#[derive(Clone)]
pub struct CompiledPolicies {
    engines: Vec<(Vec<InputKind>, Engine)>,
    /// One entry per rule and input it is evaluated on, sorted by package, name and input.
    pub rules: Vec<RuleRef>,
    /// Files left out because they do not compile, with why.
    pub problems: Vec<PolicyError>,
    pub options: EngineOptions,
}

/// How the files of a set are spread over engines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// One engine per input kind (reviews).
    ByInput,
    /// One engine holding every file (Rego unit tests, which mock the input themselves).
    Together,
}

/// The `--> file:line:col` regorus puts in its messages.
fn error_location(message: &str) -> Option<(String, u32)> {
    let re = regex::Regex::new(r"--> ([^\n]+?):(\d+):(\d+)").ok()?;
    let caps = re.captures(message)?;
    Some((caps[1].to_string(), caps[2].parse().ok()?))
}

/// The last line of a regorus message (`error: …`), without the source excerpt.
fn one_line(message: &str) -> String {
    // regorus prints each part of a message after its source excerpt:
    // `--> file:line:col`, the excerpt (`7 | …`, `  |   ^`), then `error: what` (or
    // `definition: ` for a second location). Each part is kept with its location.
    let mut parts: Vec<String> = Vec::new();
    let mut location: Option<&str> = None;
    for line in message.lines() {
        let t = line.trim();
        if let Some(at) = t.strip_prefix("--> ") {
            location = Some(at);
            continue;
        }
        let excerpt = t.starts_with('|')
            || t.split_once(" |").is_some_and(|(n, _)| {
                !n.trim().is_empty() && n.trim().chars().all(|c| c.is_ascii_digit())
            });
        if t.is_empty() || excerpt {
            continue;
        }
        let what = t.trim_start_matches("error: ").trim_end_matches(':').trim();
        match location.take() {
            Some(at) if what.is_empty() => parts.push(at.to_string()),
            Some(at) => parts.push(format!("{what} ({at})")),
            None if !what.is_empty() => parts.push(what.to_string()),
            None => {}
        }
    }
    if parts.is_empty() {
        message.trim().to_string()
    } else {
        parts.join("; ")
    }
}

/// Rego source without its comments (a `#` outside a string starts one).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut end = line.len();
        for (i, c) in line.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '#' if !in_string => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        out.push_str(&line[..end]);
        out.push('\n');
    }
    out
}

/// Whether a policy's text reads the plan input (`terraform show -json`).
pub(crate) fn references_plan(text: &str) -> bool {
    static PLAN: OnceLock<Option<regex::Regex>> = OnceLock::new();
    PLAN.get_or_init(|| {
        regex::Regex::new(
            r#"\binput\s*(\.\s*|\[\s*")(resource_changes|planned_values|configuration|prior_state|terraform_version|format_version|variables|output_changes|resource_drift)\b|\bdata\.aetheredge\.lib\.tf\b"#,
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(&without_comments(text)))
}

/// Whether a policy's text reads one Terraform file as conftest's HCL2 parser gives it
/// (`input.resource.aws_instance`, `input.variable`, …).
pub(crate) fn references_hcl(text: &str) -> bool {
    static HCL: OnceLock<Option<regex::Regex>> = OnceLock::new();
    HCL.get_or_init(|| {
        regex::Regex::new(
            r#"\binput\s*(\.\s*|\[\s*")(resource|data|variable|output|module|provider|terraform|locals)\b"#,
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(&without_comments(text)))
}

/// Whether a policy's text reads conftest's combined input: an array of `{path, contents}`
/// (`input[_].contents`, `input[i].path`).
pub(crate) fn references_combined(text: &str) -> bool {
    static INDEXED: OnceLock<Option<regex::Regex>> = OnceLock::new();
    static ITERATED: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let text = without_comments(text);
    let indexed = INDEXED.get_or_init(|| {
        regex::Regex::new(r#"\binput\s*\[\s*[A-Za-z_][A-Za-z0-9_]*\s*\]\s*\.\s*(contents|path)\b"#)
            .ok()
    });
    // `some item in input` and then `item.contents`.
    let iterated = ITERATED.get_or_init(|| {
        regex::Regex::new(
            r#"\bsome\s+[A-Za-z_][A-Za-z0-9_]*(\s*,\s*[A-Za-z_][A-Za-z0-9_]*)?\s+in\s+input\b"#,
        )
        .ok()
    });
    indexed.as_ref().is_some_and(|re| re.is_match(&text))
        || (iterated.as_ref().is_some_and(|re| re.is_match(&text)) && text.contains(".contents"))
}

/// The inputs a file's rules read, by what its text reads: one of them, or both when it
/// reads both or neither recognisably (a rule built on helpers from another file).
pub(crate) fn input_kinds_of(text: &str) -> BTreeSet<InputKind> {
    if references_combined(text) {
        return BTreeSet::from([InputKind::Combined]);
    }
    match (references_hcl(text), references_plan(text)) {
        (true, false) => BTreeSet::from([InputKind::Hcl]),
        (false, true) => BTreeSet::from([InputKind::Plan]),
        _ => BTreeSet::from([InputKind::Hcl, InputKind::Plan]),
    }
}

fn new_engine(options: &EngineOptions) -> Engine {
    let mut engine = Engine::new();
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit: options.timeout,
        check_interval: NonZeroU32::new(64).unwrap_or(NonZeroU32::MIN),
    });
    builtins::install(&mut engine, &options.limits, &options.fixed);
    conftest::install(&mut engine, &options.limits, &options.files);
    engine
}

/// A file that goes no further than the lexical checks of [`bounds`].
fn out_of_bounds(source: &PolicySource, limits: &Limits) -> Option<PolicyError> {
    let problem = bounds::check(&source.text, limits).err()?;
    tracing::warn!(file = %source.path, "policy left out: {problem}");
    let (file, line) = (source.path.clone(), problem.line());
    Some(match problem {
        bounds::OutOfBounds::Limit { .. } => PolicyError::Limit {
            file,
            line,
            message: problem.to_string(),
        },
        _ => PolicyError::Compile {
            file,
            line,
            message: problem.to_string(),
        },
    })
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
                message: one_line(&text),
            })
        }
        (Ok(_), _) => Ok(()),
    }
}

/// What one file's rules read.
struct FileInputs {
    /// The inputs each deny/violation/warn definition is evaluated on, by its line.
    checks: BTreeMap<u32, BTreeSet<InputKind>>,
    /// The engines the file goes into: those its checks need, or every one when it has none
    /// (helpers, data, exceptions, tests).
    engines: BTreeSet<InputKind>,
}

/// Every input kind, in order.
const ALL_INPUTS: [InputKind; 3] = [InputKind::Hcl, InputKind::Plan, InputKind::Combined];

/// The package of a module, without `data.`.
pub(crate) fn package_of(module: &Module) -> String {
    module
        .package
        .refr
        .span()
        .text()
        .trim_start_matches("data.")
        .to_string()
}

/// The rule definitions of a module that can be asked for by name (functions and
/// `default` values are not): each rule's name and line.
fn definitions(module: &Module) -> Vec<(String, u32)> {
    module
        .policy
        .iter()
        .filter_map(|rule| match rule.as_ref() {
            Rule::Spec { head, span, .. } => match head {
                RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } => {
                    let text = refr.span().text().to_string();
                    let name = text.split(['[', '.', ' ']).next().unwrap_or_default();
                    Some((name.to_string(), span.line))
                }
                RuleHead::Func { .. } => None,
            },
            Rule::Default { .. } => None,
        })
        .collect()
}

/// The inputs of each file's rules. A rule's METADATA `custom.input` (or its package's)
/// wins; then built-in files and the `plan_policies` globs (the plan); then what the
/// file's text reads.
fn file_inputs(
    modules: &[Ref<Module>],
    sources: &[&PolicySource],
    annotations: &BTreeMap<String, BTreeMap<u32, Annotation>>,
    options: &EngineOptions,
) -> BTreeMap<String, FileInputs> {
    let by_path: BTreeMap<&str, &PolicySource> =
        sources.iter().map(|s| (s.path.as_str(), *s)).collect();
    let mut out = BTreeMap::new();
    for module in modules {
        let file = module.package.span.source.file().clone();
        let Some(source) = by_path.get(file.as_str()) else {
            continue;
        };
        let notes = annotations.get(&file);
        let package_input = notes
            .and_then(|n| n.get(&module.package.span.line))
            .and_then(|a| a.input);
        let file_kinds = if source.builtin
            || options
                .plan_globs
                .as_ref()
                .is_some_and(|g| g.is_match(&file))
        {
            BTreeSet::from([InputKind::Plan])
        } else if options.combine {
            input_kinds_of(&source.text)
                .into_iter()
                .map(|k| match k {
                    InputKind::Hcl => InputKind::Combined,
                    other => other,
                })
                .collect()
        } else {
            input_kinds_of(&source.text)
        };
        let mut checks = BTreeMap::new();
        for (name, line) in definitions(module) {
            let is_check = matches!(
                RuleKind::of(&name),
                Some((RuleKind::Deny | RuleKind::Violation | RuleKind::Warn, _))
            );
            if !is_check {
                continue;
            }
            let kinds = match notes
                .and_then(|n| n.get(&line))
                .and_then(|a| a.input)
                .or(package_input)
            {
                Some(kind) => BTreeSet::from([kind]),
                None => file_kinds.clone(),
            };
            checks.insert(line, kinds);
        }
        let engines = if checks.is_empty() {
            BTreeSet::from(ALL_INPUTS)
        } else {
            checks.values().flatten().copied().collect()
        };
        out.insert(file, FileInputs { checks, engines });
    }
    out
}

/// An engine holding `sources`, compiled as a whole (regorus checks the set on first use):
/// the error and the file it names when it does not compile.
fn build(
    sources: &[&PolicySource],
    options: &EngineOptions,
) -> Result<Engine, (String, Option<(String, u32)>)> {
    let mut engine = new_engine(options);
    for source in sources {
        // Already known to parse.
        let _ = add_source(&mut engine, source);
    }
    engine.set_input(regorus::Value::new_object());
    match engine.eval_query("true".to_string(), false) {
        Ok(_) => Ok(engine),
        Err(e) => {
            let text = e.to_string();
            let culprit = error_location(&text);
            Err((text, culprit))
        }
    }
}

impl CompiledPolicies {
    /// Compiles the sources, one engine per input kind: a file that does not parse, or
    /// that breaks compilation of the set (an unknown function, a conflicting rule), is
    /// left out and reported; the others still run.
    pub fn compile(sources: &[PolicySource], options: EngineOptions) -> CompiledPolicies {
        CompiledPolicies::compile_as(sources, options, Layout::ByInput)
    }

    /// Compiles the sources into one engine holding every file, as `opa test` sees them:
    /// for Rego unit tests, which give each rule the input they mock.
    pub(crate) fn compile_together(
        sources: &[PolicySource],
        options: EngineOptions,
    ) -> CompiledPolicies {
        CompiledPolicies::compile_as(sources, options, Layout::Together)
    }

    fn compile_as(
        sources: &[PolicySource],
        options: EngineOptions,
        layout: Layout,
    ) -> CompiledPolicies {
        let mut problems = Vec::new();
        let mut kept: Vec<&PolicySource> = Vec::new();
        let mut annotations: BTreeMap<String, BTreeMap<u32, Annotation>> = BTreeMap::new();
        let mut probe = new_engine(&options);
        for source in sources {
            if let Some(problem) = out_of_bounds(source, &options.limits) {
                problems.push(problem);
                continue;
            }
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
        // Functions that call themselves would overflow the stack: their files are left out.
        for cycle in recursion::cycles(probe.get_modules()) {
            for (file, line) in &cycle.files {
                tracing::warn!(file = %file, "policy left out: {}", cycle.message());
                kept.retain(|s| &s.path != file);
                problems.push(PolicyError::Compile {
                    file: file.clone(),
                    line: *line,
                    message: cycle.message(),
                });
            }
        }
        let inputs = file_inputs(probe.get_modules(), &kept, &annotations, &options);
        drop(probe);
        // Compilation of a set can still fail: leave out the file each error names (from
        // every engine) until every engine compiles.
        'compile: loop {
            let groups: Vec<Vec<InputKind>> = match layout {
                Layout::Together => vec![ALL_INPUTS.to_vec()],
                Layout::ByInput => ALL_INPUTS
                    .into_iter()
                    .filter(|kind| {
                        kept.iter().any(|s| {
                            inputs
                                .get(&s.path)
                                .is_some_and(|f| f.checks.values().any(|k| k.contains(kind)))
                        })
                    })
                    .map(|kind| vec![kind])
                    .collect(),
            };
            let mut engines = Vec::new();
            for kinds in groups {
                let members: Vec<&PolicySource> = kept
                    .iter()
                    .copied()
                    .filter(|s| {
                        inputs
                            .get(&s.path)
                            .is_some_and(|f| kinds.iter().any(|k| f.engines.contains(k)))
                    })
                    .collect();
                match build(&members, &options) {
                    Ok(engine) => engines.push((kinds, engine)),
                    Err(_) if members.is_empty() => {}
                    Err((text, culprit)) => {
                        let path = culprit
                            .as_ref()
                            .and_then(|(file, _)| members.iter().find(|s| &s.path == file))
                            .or(members.last())
                            .map(|s| s.path.clone())
                            .unwrap_or_default();
                        kept.retain(|s| s.path != path);
                        tracing::warn!(file = %path, "policy left out: {}", one_line(&text));
                        problems.push(PolicyError::Compile {
                            file: path,
                            line: culprit.map(|(_, l)| l).unwrap_or(1),
                            message: one_line(&text),
                        });
                        continue 'compile;
                    }
                }
            }
            let rules = find_rules(&mut engines, &kept, &annotations, &inputs);
            return CompiledPolicies {
                engines,
                rules,
                problems,
                options,
            };
        }
    }

    /// Loads data documents under `data.` into every engine (conftest's `--data`); a file
    /// that cannot be loaded is reported and the others still are.
    pub fn add_data(&mut self, files: &[data::DataFile]) {
        let loaded = data::document(files, self.options.limits.decode_depth).and_then(|doc| {
            let value = regorus::Value::from(doc);
            for (_, engine) in &mut self.engines {
                engine
                    .add_data(value.clone())
                    .map_err(|e| PolicyError::Data {
                        file: files.first().map(|f| f.path.clone()).unwrap_or_default(),
                        line: 1,
                        message: one_line(&e.to_string()),
                    })?;
            }
            Ok(())
        });
        if let Err(e) = loaded {
            tracing::warn!("{e}");
            self.problems.push(e);
        }
    }

    /// The engine that evaluates rules over `input`, if any rule reads it.
    pub fn engine(&self, input: InputKind) -> Option<&Engine> {
        self.engines
            .iter()
            .find(|(kinds, _)| kinds.contains(&input))
            .map(|(_, engine)| engine)
    }

    /// The rules a review runs: deny/violation/warn in the chosen namespaces (the built-in
    /// library's packages always run, unless disabled by id), each once whatever the
    /// inputs it is evaluated on.
    pub fn checks(&self) -> impl Iterator<Item = &RuleRef> {
        let mut seen = BTreeSet::new();
        self.rules.iter().filter(move |r| {
            matches!(
                r.kind,
                RuleKind::Deny | RuleKind::Violation | RuleKind::Warn
            ) && self.options.runs_package(r)
                && seen.insert(r.id())
        })
    }

    /// The deny/violation/warn rules that run, once per input each is evaluated on.
    pub fn checks_on_every_input(&self) -> impl Iterator<Item = &RuleRef> {
        self.rules.iter().filter(move |r| {
            matches!(
                r.kind,
                RuleKind::Deny | RuleKind::Violation | RuleKind::Warn
            ) && self.options.runs_package(r)
        })
    }

    /// Packages that define an `exception` rule in the engine of `input`.
    pub(crate) fn exception_packages(&self, input: InputKind) -> BTreeSet<&str> {
        self.rules
            .iter()
            .filter(|r| r.kind == RuleKind::Exception && r.input == input)
            .map(|r| r.package.as_str())
            .collect()
    }
}

/// Every deny/violation/warn/exception/test rule of the compiled engines: a check once per
/// input its definitions are evaluated on (located at its first definition for that input),
/// an exception once per engine it is defined in, a test once.
fn find_rules(
    engines: &mut [(Vec<InputKind>, Engine)],
    sources: &[&PolicySource],
    annotations: &BTreeMap<String, BTreeMap<u32, Annotation>>,
    inputs: &BTreeMap<String, FileInputs>,
) -> Vec<RuleRef> {
    let by_path: BTreeMap<&str, &PolicySource> =
        sources.iter().map(|s| (s.path.as_str(), *s)).collect();
    let mut seen: BTreeSet<(String, String, Option<InputKind>)> = BTreeSet::new();
    let mut rules = Vec::new();
    for (kinds, engine) in engines.iter_mut() {
        for module in engine.get_modules().iter() {
            let package = package_of(module);
            let file = module.package.span.source.file().clone();
            let (Some(source), Some(file_inputs)) = (by_path.get(file.as_str()), inputs.get(&file))
            else {
                continue;
            };
            let notes = annotations.get(&file);
            let package_note = notes
                .and_then(|n| n.get(&module.package.span.line))
                .cloned()
                .map(Arc::new);
            for (name, line) in definitions(module) {
                let Some((kind, suffix)) = RuleKind::of(&name) else {
                    continue;
                };
                let runs_on: Vec<Option<InputKind>> = match kind {
                    RuleKind::Deny | RuleKind::Violation | RuleKind::Warn => kinds
                        .iter()
                        .filter(|k| {
                            file_inputs
                                .checks
                                .get(&line)
                                .is_some_and(|c| c.contains(*k))
                        })
                        .map(|k| Some(*k))
                        .collect(),
                    RuleKind::Exception => kinds.iter().map(|k| Some(*k)).collect(),
                    RuleKind::Test => vec![None],
                };
                for input in runs_on {
                    if !seen.insert((package.clone(), name.clone(), input)) {
                        continue;
                    }
                    let annotation = notes
                        .and_then(|n| n.get(&line))
                        .cloned()
                        .map(Arc::new)
                        .or_else(|| package_note.clone());
                    rules.push(RuleRef {
                        package: package.clone(),
                        name: name.clone(),
                        kind,
                        suffix: suffix.clone(),
                        file: file.clone(),
                        line,
                        builtin: source.builtin,
                        input: input.unwrap_or(kinds[0]),
                        reads_terraform: references_hcl(&source.text),
                        annotation,
                    });
                }
            }
        }
    }
    rules.sort_by(|a, b| (&a.package, &a.name, a.input).cmp(&(&b.package, &b.name, b.input)));
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

/// What evaluating rules on one input gave.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub hits: Vec<Hit>,
    pub errors: Vec<PolicyError>,
    /// Rules whose results an `exception` rule removed.
    pub excepted: Vec<Excepted>,
}

/// A rule whose results conftest's `exception` rule of its package removed on one input.
#[derive(Clone, Debug, PartialEq)]
pub struct Excepted {
    /// Index into [`CompiledPolicies::rules`].
    pub rule: usize,
    pub input: String,
    /// How many results it had.
    pub results: usize,
}

/// Evaluates the given rules (indices into `policies.rules`, all over input `kind`, with
/// the engine of that kind) on one input, applying conftest's exceptions. A rule that fails or runs out of time is reported and the
/// other rules still run.
pub fn evaluate(
    policies: &CompiledPolicies,
    engine: &mut Engine,
    kind: InputKind,
    input: regorus::Value,
    input_name: &str,
    rules: &[usize],
) -> Evaluation {
    let mut hits = Vec::new();
    let mut errors = Vec::new();
    let mut excepted = Vec::new();
    if rules.is_empty() {
        return Evaluation::default();
    }
    engine.set_input(input);
    let mut exceptions: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let exception_packages = policies.exception_packages(kind);
    for package in &exception_packages {
        let rule = policies
            .rules
            .iter()
            .find(|r| r.package == *package && r.kind == RuleKind::Exception && r.input == kind);
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
            // conftest counts what the exception removed: the rule still runs, its results
            // are reported as excepted, not as failures.
            if let Ok(value) = run_rule(engine, rule, input_name, policies.options.timeout) {
                let results = items(&value).len();
                if results > 0 {
                    excepted.push(Excepted {
                        rule: index,
                        input: input_name.to_string(),
                        results,
                    });
                }
            }
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
    Evaluation {
        hits,
        errors,
        excepted,
    }
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
            let message = one_line(&text);
            let lower = text.to_ascii_lowercase();
            if let Some(message) = builtins::limit_message(&text) {
                let (file, line) =
                    error_location(&text).unwrap_or_else(|| (rule.file.clone(), rule.line));
                Err(PolicyError::Limit {
                    file,
                    line,
                    message: format!("rule {} on {input_name}: {message}", rule.path()),
                })
            } else if lower.contains("time limit")
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

    /// The checks of `policies` that run on `kind`.
    fn checks_on(policies: &CompiledPolicies, kind: InputKind) -> Vec<usize> {
        policies
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                matches!(
                    r.kind,
                    RuleKind::Deny | RuleKind::Violation | RuleKind::Warn
                ) && policies.options.runs_package(r)
                    && r.input == kind
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The messages of the checks that run on `kind`, with the engine of that kind.
    fn run_on(
        policies: &CompiledPolicies,
        kind: InputKind,
        input: serde_json::Value,
    ) -> (Vec<String>, Vec<PolicyError>) {
        let rules = checks_on(policies, kind);
        let Some(mut engine) = policies.engine(kind).cloned() else {
            return (Vec::new(), Vec::new());
        };
        let Evaluation { hits, errors, .. } = evaluate(
            policies,
            &mut engine,
            kind,
            regorus::Value::from(input),
            "x.tf",
            &rules,
        );
        let mut messages: Vec<String> = hits.into_iter().map(|h| h.message).collect();
        messages.sort();
        (messages, errors)
    }

    fn run(sources: &[PolicySource], input: serde_json::Value) -> (Vec<String>, Vec<PolicyError>) {
        let policies = CompiledPolicies::compile(sources, EngineOptions::default());
        let (messages, mut errors) = run_on(&policies, InputKind::Hcl, input);
        let mut problems = policies.problems.clone();
        problems.append(&mut errors);
        (messages, problems)
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
            "package main\nimport rego.v1\ndeny contains msg if {\n  n := numbers.range(1, 100000)\n  count([x | some x in n; some y in n; x == y + 7]) > 0\n  msg := \"never\"\n}\n",
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
        let rules = checks_on(&policies, InputKind::Hcl);
        let mut engine = policies.engine(InputKind::Hcl).unwrap().clone();
        let started = std::time::Instant::now();
        let Evaluation { hits, errors, .. } = evaluate(
            &policies,
            &mut engine,
            InputKind::Hcl,
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

    const HCL_DENY: &str = "package main\nimport rego.v1\n\ndeny contains msg if {\n  some name\n  input.resource.aws_instance[name].instance_type == \"huge\"\n  msg := sprintf(\"hcl: %s is huge\", [name])\n}\n";
    const PLAN_DENY: &str = "package main\nimport rego.v1\n\ndeny contains msg if {\n  some rc in input.resource_changes\n  rc.change.after.instance_type == \"huge\"\n  msg := sprintf(\"plan: %s is huge\", [rc.address])\n}\n";

    /// An input carrying both shapes, so a rule fires whichever shape it reads.
    fn both_shapes() -> serde_json::Value {
        serde_json::json!({
            "resource": {"aws_instance": {"web": {"instance_type": "huge"}}},
            "resource_changes": [{"address": "aws_instance.web", "change": {"after": {"instance_type": "huge"}}}],
        })
    }

    #[test]
    fn what_a_text_reads_ignores_comments_and_tells_the_shapes_apart() {
        assert!(references_hcl("x := input.resource.aws_instance"));
        assert!(references_hcl("x := input[\"variable\"]"));
        assert!(!references_hcl("x := input.resource_changes"));
        assert!(!references_hcl("x := input.terraform_version"));
        assert!(!references_hcl("# input.resource.aws_instance\nx := 1"));
        assert!(references_plan("some rc in input.resource_changes"));
        assert!(references_plan("import data.aetheredge.lib.tf"));
        assert!(references_plan(
            "msg := \"#1\"\nsome rc in input.resource_changes"
        ));
        assert!(references_plan("x := \"#\"; y := input.resource_changes"));
        assert!(!references_plan(
            "x := input.resource.a # input.resource_changes"
        ));
        assert_eq!(input_kinds_of(HCL_DENY), BTreeSet::from([InputKind::Hcl]));
        assert_eq!(input_kinds_of(PLAN_DENY), BTreeSet::from([InputKind::Plan]));
        assert_eq!(
            input_kinds_of("package main\ndeny contains \"x\" if true\n"),
            BTreeSet::from([InputKind::Hcl, InputKind::Plan])
        );
    }

    #[test]
    fn files_of_one_package_that_read_different_shapes_each_keep_their_rules() {
        let policies = CompiledPolicies::compile(
            &[
                source("p/hcl.rego", HCL_DENY),
                source("p/plan.rego", PLAN_DENY),
            ],
            EngineOptions::default(),
        );
        assert!(policies.problems.is_empty(), "{:?}", policies.problems);
        let denies: Vec<(&str, InputKind)> = policies
            .rules
            .iter()
            .map(|r| (r.file.as_str(), r.input))
            .collect();
        assert_eq!(
            denies,
            vec![
                ("p/hcl.rego", InputKind::Hcl),
                ("p/plan.rego", InputKind::Plan)
            ]
        );
        assert_eq!(policies.checks().count(), 1, "one rule for compliance");
        // Each engine holds only the files of its input: the same input, read by both
        // engines, gives each file's results once.
        let (hcl, _) = run_on(&policies, InputKind::Hcl, both_shapes());
        assert_eq!(hcl, vec!["hcl: web is huge"]);
        let (plan, _) = run_on(&policies, InputKind::Plan, both_shapes());
        assert_eq!(plan, vec!["plan: aws_instance.web is huge"]);
    }

    #[test]
    fn namespaces_are_names_or_glob_patterns_as_conftest_matches_them() {
        assert!(namespace_matches("main", "main"));
        assert!(!namespace_matches("main", "main.gke"));
        assert!(namespace_matches("*", "main.gke"));
        assert!(namespace_matches("main.*", "main.gke"));
        assert!(namespace_matches("k8s.*", "k8s.simple.deployment"));
        assert!(namespace_matches("c*", "commands"));
        assert!(!namespace_matches("c*", "main"));
        assert!(namespace_matches("team-?", "team-a"));
        assert!(!namespace_matches("[unclosed", "unclosed"));
    }

    #[test]
    fn a_file_that_reads_both_shapes_or_neither_runs_on_both_with_shared_helpers() {
        let helper = source(
            "p/lib.rego",
            "package lib\nimport rego.v1\n\nhuge(t) if t == \"huge\"\n",
        );
        let both = source(
            "p/both.rego",
            "package main\nimport rego.v1\n\nwarn contains \"both: hcl\" if {\n  some name\n  data.lib.huge(input.resource.aws_instance[name].instance_type)\n}\n\nwarn contains \"both: plan\" if {\n  some rc in input.resource_changes\n  data.lib.huge(rc.change.after.instance_type)\n}\n",
        );
        let neither = source(
            "p/neither.rego",
            "package other\nimport rego.v1\n\nviolation contains \"neither\" if input\n",
        );
        let mut options = EngineOptions::default();
        options.namespaces.push("other".into());
        let policies = CompiledPolicies::compile(&[helper, both, neither], options);
        assert!(policies.problems.is_empty(), "{:?}", policies.problems);
        let rules: Vec<(String, InputKind)> =
            policies.rules.iter().map(|r| (r.path(), r.input)).collect();
        assert_eq!(
            rules,
            vec![
                ("data.main.warn".to_string(), InputKind::Hcl),
                ("data.main.warn".to_string(), InputKind::Plan),
                ("data.other.violation".to_string(), InputKind::Hcl),
                ("data.other.violation".to_string(), InputKind::Plan),
            ]
        );
        let hcl_only =
            serde_json::json!({"resource": {"aws_instance": {"web": {"instance_type": "huge"}}}});
        let (hcl, errors) = run_on(&policies, InputKind::Hcl, hcl_only);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(hcl, vec!["both: hcl", "neither"]);
        let (plan, _) = run_on(&policies, InputKind::Plan, both_shapes());
        assert_eq!(plan, vec!["both: hcl", "both: plan", "neither"]);
    }

    #[test]
    fn annotations_and_globs_win_over_what_the_text_reads() {
        let annotated = source(
            "p/annotated.rego",
            "package main\nimport rego.v1\n\n# METADATA\n# custom:\n#   input: plan\ndeny_helper contains \"annotated\" if data.other.anything\n\ndeny_hcl contains \"hcl\" if input.resource\n",
        );
        let globbed = source(
            "plan/globbed.rego",
            "package main\nimport rego.v1\n\nwarn contains \"globbed\" if input.resource\n",
        );
        let mut builder = globset::GlobSetBuilder::new();
        builder.add(globset::Glob::new("plan/*.rego").unwrap());
        let options = EngineOptions {
            plan_globs: builder.build().ok(),
            ..EngineOptions::default()
        };
        let policies = CompiledPolicies::compile(&[annotated, globbed], options);
        let rules: Vec<(&str, InputKind)> = policies
            .rules
            .iter()
            .map(|r| (r.name.as_str(), r.input))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("deny_hcl", InputKind::Hcl),
                ("deny_helper", InputKind::Plan),
                ("warn", InputKind::Plan)
            ]
        );
    }

    #[test]
    fn an_exception_file_applies_on_both_inputs() {
        let exceptions = source(
            "p/exceptions.rego",
            "package main\nimport rego.v1\n\nexception contains [\"huge\"] if input.ok\n",
        );
        let hcl = source(
            "p/hcl.rego",
            &HCL_DENY.replace("deny contains", "deny_huge contains"),
        );
        let plan = source(
            "p/plan.rego",
            &PLAN_DENY.replace("deny contains", "deny_huge contains"),
        );
        let policies =
            CompiledPolicies::compile(&[exceptions, hcl, plan], EngineOptions::default());
        let mut excused = both_shapes();
        excused["ok"] = serde_json::json!(true);
        for kind in [InputKind::Hcl, InputKind::Plan] {
            assert_eq!(
                run_on(&policies, kind, both_shapes()).0.len(),
                1,
                "{kind:?}"
            );
            assert!(
                run_on(&policies, kind, excused.clone()).0.is_empty(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn a_file_that_breaks_one_engine_is_left_out_and_both_still_run() {
        let broken = source(
            "p/broken.rego",
            "package main\nimport rego.v1\n\ndeny contains msg if {\n  some rc in input.resource_changes\n  some rc in [1]\n  msg := \"twice\"\n}\n",
        );
        let policies = CompiledPolicies::compile(
            &[
                source("p/hcl.rego", HCL_DENY),
                broken,
                source("p/plan.rego", PLAN_DENY),
            ],
            EngineOptions::default(),
        );
        assert_eq!(policies.problems.len(), 1, "{:?}", policies.problems);
        assert_eq!(policies.problems[0].location().0, "p/broken.rego");
        assert_eq!(run_on(&policies, InputKind::Hcl, both_shapes()).0.len(), 1);
        assert_eq!(
            run_on(&policies, InputKind::Plan, both_shapes()).0,
            vec!["plan: aws_instance.web is huge"]
        );
    }

    #[test]
    fn the_built_in_library_alone_needs_no_hcl_engine() {
        let policies =
            CompiledPolicies::compile(&library::sources(false), EngineOptions::default());
        assert!(policies.engine(InputKind::Plan).is_some());
        assert!(policies.engine(InputKind::Hcl).is_none());
        assert!(policies.rules.iter().all(|r| r.input == InputKind::Plan));
    }
}

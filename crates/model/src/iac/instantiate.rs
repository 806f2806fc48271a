//! Instantiation: evaluating root modules the way `terraform plan` does before apply.
//!
//! Each module instance resolves names lazily and remembers what it computed: a local,
//! a variable, a resource's instances or a module call's instances are evaluated the first
//! time something refers to them. Something that refers back to itself while being
//! evaluated is a cycle: it becomes a diagnostic and an unknown value, never a hang.
//! Module calls are followed into local directories; `count` and `for_each` expand into
//! instance addresses.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use hcl::Expression;

use super::budget::{Budget, LIMIT_EXCEEDED};
use super::eval::{self, EvalError, FunctionContext, Scope};
use super::module::{
    join_path, normalize_path, Location, Mode, ModuleCallDecl, ModuleConfig, ResourceDecl,
};
use super::parse::{ParseFailure, ParsedFile};
use super::value::{Unknown, Value};
use super::{data_sources, planned};
use super::{Diagnostic, Level, LoadOptions, Move, ProviderConfig, Resource};
use crate::repo::Snapshot;
use aetheredge_core::limits::{Limit, LimitExceeded};

/// Lazy evaluations (a local needing a local needing …) nested deeper than this are refused.
const MAX_EVAL_DEPTH: usize = 500;
/// Stack for evaluating one root module: deep but bounded recursion needs room.
const EVAL_STACK_BYTES: usize = 256 * 1024 * 1024;

/// What loading a root module produced.
#[derive(Default)]
pub(crate) struct RootResult {
    pub resources: Vec<Resource>,
    pub providers: Vec<ProviderConfig>,
    pub moves: Vec<Move>,
    /// Addresses (of resources or module calls) whose instances cannot be known.
    pub unexpanded: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The root module's variables as evaluated (tfvars, defaults), by name.
    pub variables: BTreeMap<String, Value>,
    /// Where a tfvars file sets a root variable, by name.
    pub tfvars_values: BTreeMap<String, Location>,
}

/// Everything instantiation reads, shared by all root modules of a tree.
pub(crate) struct Loader<'a> {
    pub modules: &'a BTreeMap<String, Arc<ModuleConfig>>,
    pub snapshot: &'a Snapshot,
    /// Parsed tfvars files by path.
    pub tfvars: &'a BTreeMap<String, Arc<Result<ParsedFile, ParseFailure>>>,
    pub options: &'a LoadOptions,
}

impl Loader<'_> {
    /// Evaluates the root modules in parallel, on threads with a large stack. The threads
    /// are kept for the process, so a review does not pay for starting them and for
    /// releasing their memory when they end.
    pub(crate) fn load_roots(&self, roots: &[String]) -> Vec<RootResult> {
        static EVAL_POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
        let pool = EVAL_POOL.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("aetheredge-eval-{i}"))
                .stack_size(EVAL_STACK_BYTES)
                .build()
                .map_err(|e| tracing::warn!(error = %e, "could not start the evaluation threads"))
                .ok()
        });
        let failed = |root: &String, why: &str| RootResult {
            diagnostics: vec![Diagnostic::error(
                "brahma/internal-error",
                &Location {
                    file: root.clone(),
                    line: 1,
                },
                &format!("Could not evaluate root module {root}: {why}"),
            )],
            ..RootResult::default()
        };
        // Resource instances of every root so far, against `limits.instances_total`.
        let instances = AtomicUsize::new(0);
        let load = |root: &String| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.load_root(root, &instances)
            }))
            .unwrap_or_else(|_| failed(root, "evaluation panicked"))
        };
        match pool {
            Some(pool) => pool.install(|| roots.par_iter().map(load).collect()),
            None => roots
                .iter()
                .map(|root| failed(root, "no evaluation thread could be started"))
                .collect(),
        }
    }

    fn load_root(&self, root: &str, instances_total: &AtomicUsize) -> RootResult {
        let Some(config) = self.modules.get(root) else {
            return RootResult::default();
        };
        // Every declaration gives at least one instance, usually: room for them all at once
        // saves growing (and copying) a large vector step by step.
        let declared: usize = self.modules.values().map(|m| m.resources.len()).sum();
        let shared = Shared {
            loader: self,
            root,
            diagnostics: RefCell::new(Vec::new()),
            resources: RefCell::new(Vec::with_capacity(declared)),
            providers: RefCell::new(Vec::new()),
            moves: RefCell::new(Vec::new()),
            unexpanded: RefCell::new(Vec::new()),
            depth: Cell::new(0),
            budget: Budget::new(self.options.limits.clone()),
            instances: Cell::new(0),
            instances_total,
            module_instances: Cell::new(0),
            exceeded: RefCell::new(HashSet::new()),
        };
        let inputs = self.root_variables(root, config, &shared);
        let tfvars_values = inputs
            .iter()
            .map(|(name, (_, at))| (name.clone(), at.clone()))
            .collect();
        let providers = config
            .providers
            .iter()
            .map(|p| {
                let key = provider_key(&p.name, p.alias.as_deref());
                (key.clone(), key)
            })
            .collect();
        let instance = Rc::new_cyclic(|me| {
            Instance::new(
                &shared,
                config,
                String::new(),
                vec![root.to_string()],
                inputs,
                None,
                providers,
                me.clone(),
            )
        });
        instance.instantiate_all();
        let variables = config
            .variables
            .keys()
            .filter_map(|name| instance.variable(name).ok().map(|v| (name.clone(), v)))
            .collect();
        RootResult {
            variables,
            tfvars_values,
            resources: shared.resources.into_inner(),
            providers: shared.providers.into_inner(),
            moves: shared.moves.into_inner(),
            unexpanded: shared.unexpanded.into_inner(),
            diagnostics: shared.diagnostics.into_inner(),
        }
    }

    /// Values of the root module's variables from tfvars files, in Terraform's order:
    /// `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` by name, then
    /// the configured var files.
    fn root_variables(
        &self,
        root: &str,
        config: &ModuleConfig,
        shared: &Shared,
    ) -> BTreeMap<String, (Value, Location)> {
        let in_root = |name: &str| join_path(root, name);
        let mut files = vec![
            in_root("terraform.tfvars"),
            in_root("terraform.tfvars.json"),
        ];
        let mut auto: Vec<&String> = self
            .tfvars
            .keys()
            .filter(|p| {
                super::parent_dir(p) == root
                    && (p.ends_with(".auto.tfvars") || p.ends_with(".auto.tfvars.json"))
            })
            .collect();
        auto.sort();
        files.extend(auto.into_iter().cloned());
        if let Some(extra) = self.options.var_files.get(root) {
            files.extend(extra.iter().cloned());
        }
        let mut values = BTreeMap::new();
        for path in files {
            let Some(Ok(parsed)) = self.tfvars.get(&path).map(|p| p.as_ref()) else {
                continue;
            };
            for attr in &parsed.attributes {
                let at = Location {
                    file: path.clone(),
                    line: attr.line,
                };
                if !config.variables.contains_key(&attr.name) {
                    shared.diagnose(
                        Level::Warning,
                        "brahma/undeclared-variable",
                        &at,
                        &format!(
                            "Value for undeclared variable \"{}\": the root module {} does not declare it.",
                            attr.name,
                            display_dir(root)
                        ),
                    );
                    continue;
                }
                let scope = LiteralScope {
                    snapshot: self.snapshot,
                    budget: &shared.budget,
                };
                match eval::evaluate(&attr.expr, &scope) {
                    Ok(v) => {
                        values.insert(attr.name.clone(), (v, at));
                    }
                    Err(EvalError::Limit(e)) => {
                        shared.exceeded(&at, &e);
                        values.insert(attr.name.clone(), (Value::Unknown(Unknown::default()), at));
                    }
                    Err(e) => {
                        shared.diagnose(Level::Error, "brahma/eval-error", &at, &e.to_string())
                    }
                }
            }
        }
        values
    }
}

fn display_dir(dir: &str) -> &str {
    if dir.is_empty() {
        "(repo root)"
    } else {
        dir
    }
}

fn provider_key(name: &str, alias: Option<&str>) -> String {
    match alias {
        Some(a) => format!("{name}.{a}"),
        None => name.to_string(),
    }
}

/// State shared by every module instance of one root module.
struct Shared<'a> {
    loader: &'a Loader<'a>,
    root: &'a str,
    diagnostics: RefCell<Vec<Diagnostic>>,
    resources: RefCell<Vec<Resource>>,
    providers: RefCell<Vec<ProviderConfig>>,
    moves: RefCell<Vec<Move>>,
    unexpanded: RefCell<Vec<String>>,
    depth: Cell<usize>,
    budget: Budget,
    /// Resource instances of this root so far.
    instances: Cell<usize>,
    /// Resource instances of every root so far.
    instances_total: &'a AtomicUsize,
    /// Module instances of this root so far.
    module_instances: Cell<usize>,
    /// Budgets reported, by file, line and budget: one finding for each place.
    exceeded: RefCell<HashSet<(String, u32, Limit)>>,
}

impl Shared<'_> {
    fn diagnose(&self, level: Level, rule_id: &str, at: &Location, message: &str) {
        self.diagnostics
            .borrow_mut()
            .push(Diagnostic::new(level, rule_id, at, message));
    }

    /// Evaluates `expr` one level deeper; an error becomes a diagnostic at the location
    /// `site` gives (its message prefixed with what `site` names) and the value unknown, so
    /// evaluation goes on. `site` is only called on an error.
    fn evaluate_or_report(
        &self,
        expr: &Expression,
        scope: &dyn Scope,
        site: impl FnOnce() -> (Location, String),
    ) -> Value {
        self.deeper(|| eval::evaluate(expr, scope))
            .unwrap_or_else(|e| {
                let (at, what) = site();
                match e {
                    EvalError::Limit(e) => self.exceeded(&at, &e),
                    EvalError::Invalid(message) => {
                        let rule = if message.starts_with("Cycle") {
                            "brahma/cycle"
                        } else {
                            "brahma/eval-error"
                        };
                        self.diagnose(Level::Error, rule, &at, &format!("{what}: {message}"));
                    }
                }
                Value::Unknown(Unknown::default())
            })
    }

    /// Reports a budget exceeded at `at`, once for each place and budget.
    fn exceeded(&self, at: &Location, e: &LimitExceeded) {
        let first = self
            .exceeded
            .borrow_mut()
            .insert((at.file.clone(), at.line, e.limit));
        if first {
            self.diagnose(Level::Error, LIMIT_EXCEEDED, at, &e.to_string());
        }
    }

    /// Counts `n` more resource instances against this root's and the tree's budgets.
    fn add_instances(&self, n: usize) -> Result<(), LimitExceeded> {
        let limits = self.budget.limits();
        let here = self.instances.get().saturating_add(n);
        limits.check(Limit::InstancesPerRoot, here)?;
        let total = self
            .instances_total
            .fetch_add(n, Ordering::Relaxed)
            .saturating_add(n);
        if let Err(e) = limits.check(Limit::InstancesTotal, total) {
            self.instances_total.fetch_sub(n, Ordering::Relaxed);
            return Err(e);
        }
        self.instances.set(here);
        Ok(())
    }

    /// Counts `n` more module instances against this root's budget.
    fn add_module_instances(&self, n: usize) -> Result<(), LimitExceeded> {
        let here = self.module_instances.get().saturating_add(n);
        self.budget.check(Limit::ModuleInstances, here)?;
        self.module_instances.set(here);
        Ok(())
    }

    /// Runs `f` one level deeper, refusing to go past [`MAX_EVAL_DEPTH`].
    fn deeper<T>(&self, f: impl FnOnce() -> Result<T, EvalError>) -> Result<T, EvalError> {
        let depth = self.depth.get();
        if depth >= MAX_EVAL_DEPTH {
            return Err(EvalError::new(
                "Evaluation nested too deeply: references chain through more than 500 values",
            ));
        }
        self.depth.set(depth + 1);
        let result = f();
        self.depth.set(depth);
        result
    }
}

/// The value of `name` from `cache`, computing it the first time. Asking for it again while
/// it is being computed is a cycle: an error naming it.
fn memoized(
    cache: &RefCell<HashMap<String, Slot<Value>>>,
    name: &str,
    kind: &str,
    compute: impl FnOnce() -> Value,
) -> Result<Value, EvalError> {
    match cache.borrow().get(name) {
        Some(Slot::Done(v)) => return Ok(v.clone()),
        Some(Slot::InProgress) => {
            return Err(EvalError::new(format!(
                "Cycle: {kind}.{name} refers back to itself"
            )))
        }
        None => {}
    }
    cache
        .borrow_mut()
        .insert(name.to_string(), Slot::InProgress);
    let value = compute();
    if let Some(slot) = cache.borrow_mut().get_mut(name) {
        *slot = Slot::Done(value.clone());
    }
    Ok(value)
}

/// A lazily computed value: being computed (a reference back to it is a cycle) or done.
enum Slot<T> {
    InProgress,
    Done(T),
}

/// One instance of a module: the root, or `module.web[0]` and so on.
struct Instance<'a> {
    shared: &'a Shared<'a>,
    config: &'a ModuleConfig,
    /// `module.web[0]`…, empty for the root.
    path: String,
    /// Directories from the root down to this one, to refuse module cycles.
    ancestors: Vec<String>,
    /// The root module's input values (tfvars, the config's var files).
    inputs: BTreeMap<String, (Value, Location)>,
    /// For a called module, the call that gives its inputs: each input is evaluated the
    /// first time the module reads it, so two calls may feed each other through different
    /// outputs and inputs as Terraform's graph allows.
    caller: Option<Caller<'a>>,
    /// This instance, for the instances it calls to reach back to.
    me: Weak<Instance<'a>>,
    /// Provider names as written in this module → configuration addresses in the root.
    providers: BTreeMap<String, String>,
    variables: RefCell<HashMap<String, Slot<Value>>>,
    locals: RefCell<HashMap<String, Slot<Value>>>,
    /// Resource values by the declaration's index in the module's `resources`.
    resources: RefCell<HashMap<usize, Slot<Value>>>,
    children: RefCell<HashMap<String, Slot<ChildInstances<'a>>>>,
    outputs: RefCell<HashMap<String, Slot<Value>>>,
}

/// Where a called module instance's inputs come from.
struct Caller<'a> {
    instance: Weak<Instance<'a>>,
    call: Arc<ModuleCallDecl>,
    /// `count.index` and `each` of this instance's key, in the caller.
    count_index: Option<usize>,
    each: Option<(Value, Value)>,
}

/// The instances of one module call, by key.
type ChildInstances<'a> = Vec<(InstanceKey, Rc<Instance<'a>>)>;

/// Whether a resource writes argument `name` as blocks (`name { … }`, `dynamic "name"`).
fn written_as_blocks(decl: &ResourceDecl, name: &str) -> bool {
    decl.arguments().any(|s| match s {
        hcl::Structure::Block(b) => {
            b.identifier.as_str() == name
                || (b.identifier.as_str() == "dynamic"
                    && b.labels.first().is_some_and(|l| l.as_str() == name))
        }
        hcl::Structure::Attribute(_) => false,
    })
}

/// One instance to evaluate: its key and what `count.index` or `each` are inside it.
struct InstanceBinding {
    key: InstanceKey,
    count_index: Option<usize>,
    each: Option<(Value, Value)>,
}

/// The key of one instance of a counted or for_each'd resource or module.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum InstanceKey {
    None,
    Index(usize),
    Key(String),
}

impl InstanceKey {
    /// `[0]`, `["a"]` or nothing, as Terraform writes it after a name.
    pub fn suffix(&self) -> String {
        match self {
            InstanceKey::None => String::new(),
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{}]", quote(k)),
        }
    }
}

/// A string key quoted as Terraform prints it in addresses.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// How a block expands: `count`, `for_each`, or one instance.
enum Expansion {
    Single,
    Count(usize),
    ForEach(BTreeMap<String, Value>),
}

impl Expansion {
    /// How many instances.
    fn len(&self) -> usize {
        match self {
            Expansion::Single => 1,
            Expansion::Count(n) => *n,
            Expansion::ForEach(map) => map.len(),
        }
    }

    fn keys(&self) -> Vec<InstanceBinding> {
        match self {
            Expansion::Single => vec![InstanceBinding {
                key: InstanceKey::None,
                count_index: None,
                each: None,
            }],
            Expansion::Count(n) => (0..*n)
                .map(|i| InstanceBinding {
                    key: InstanceKey::Index(i),
                    count_index: Some(i),
                    each: None,
                })
                .collect(),
            Expansion::ForEach(map) => map
                .iter()
                .map(|(k, v)| InstanceBinding {
                    key: InstanceKey::Key(k.clone()),
                    count_index: None,
                    each: Some((Value::String(k.clone()), v.clone())),
                })
                .collect(),
        }
    }

    /// The reference value of all instances: one value, a list, or a map by key.
    fn collect(&self, mut values: Vec<Value>) -> Value {
        match self {
            Expansion::Single => values.pop().unwrap_or(Value::Null),
            Expansion::Count(_) => Value::List(values),
            Expansion::ForEach(map) => Value::Object(map.keys().cloned().zip(values).collect()),
        }
    }
}

impl<'a> Instance<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        shared: &'a Shared<'a>,
        config: &'a ModuleConfig,
        path: String,
        ancestors: Vec<String>,
        inputs: BTreeMap<String, (Value, Location)>,
        caller: Option<Caller<'a>>,
        providers: BTreeMap<String, String>,
        me: Weak<Instance<'a>>,
    ) -> Instance<'a> {
        Instance {
            shared,
            config,
            path,
            ancestors,
            inputs,
            caller,
            me,
            providers,
            variables: RefCell::new(HashMap::new()),
            locals: RefCell::new(HashMap::new()),
            resources: RefCell::new(HashMap::new()),
            children: RefCell::new(HashMap::new()),
            outputs: RefCell::new(HashMap::new()),
        }
    }

    /// An absolute address for something written as `relative` in this module.
    fn absolute(&self, relative: &str) -> String {
        if self.path.is_empty() {
            relative.to_string()
        } else {
            format!("{}.{relative}", self.path)
        }
    }

    /// The path of this module's directory as Terraform's `path.module` gives it: relative
    /// to the root module.
    fn path_module(&self) -> String {
        relative_path(self.shared.root, &self.config.dir)
    }

    /// Evaluates everything this instance declares, and its children, collecting resources.
    fn instantiate_all(self: &Rc<Self>) {
        let scope = InstanceScope::module(self);
        for provider in &self.config.providers {
            let attributes = self.eval_body(provider.body.iter(), &scope, &provider.location, None);
            let local = provider_key(&provider.name, provider.alias.as_deref());
            self.shared.providers.borrow_mut().push(ProviderConfig {
                root: self.shared.root.to_string(),
                address: self.absolute(&local),
                name: provider.name.clone(),
                alias: provider.alias.clone(),
                attributes,
                location: provider.location.clone(),
            });
        }
        for moved in &self.config.moved {
            self.shared.moves.borrow_mut().push(Move {
                root: self.shared.root.to_string(),
                from: self.absolute(&moved.from),
                to: self.absolute(&moved.to),
            });
        }
        for index in 0..self.config.resources.len() {
            self.resource_value(index);
        }
        for name in self.config.variables.keys() {
            let _ = self.variable(name);
        }
        for name in self.config.locals.keys() {
            let _ = self.local(name);
        }
        let _ = self.output_values();
        for call in &self.config.calls {
            if let Ok(children) = self.children(call) {
                for (_, child) in children {
                    child.instantiate_all();
                }
            }
        }
    }

    fn variable(&self, name: &str) -> Result<Value, EvalError> {
        let Some(decl) = self.config.variables.get(name) else {
            return self.undeclared(&format!(
                "Reference to undeclared input variable \"{name}\": declare it with a variable block."
            ));
        };
        memoized(&self.variables, name, "var", || {
            let scope = InstanceScope::module(self);
            let given = match self.inputs.get(name) {
                Some((v, _)) => Some(v.clone()),
                None => self.caller_input(name),
            };
            let value = match given {
                Some(v) if !matches!(v, Value::Null) || decl.nullable => v,
                _ => match &decl.default {
                    Some(default) => self.shared.evaluate_or_report(default, &scope, || {
                        (decl.location.clone(), format!("var.{name} default"))
                    }),
                    None => {
                        if !self.path.is_empty() {
                            self.shared.diagnose(
                            Level::Error,
                            "brahma/missing-variable",
                            &decl.location,
                            &format!(
                                "Missing required argument: {} gives no value for variable \"{name}\", which has no default.",
                                self.path
                            ),
                        );
                        }
                        Value::Unknown(Unknown::of(self.absolute(&format!("var.{name}"))))
                    }
                },
            };
            match &decl.type_expr {
                Some(t) => convert(value, t),
                None => value,
            }
        })
    }

    /// The value the calling module gives input `name`, evaluated in the caller.
    fn caller_input(&self, name: &str) -> Option<Value> {
        let caller = self.caller.as_ref()?;
        let expr = caller.call.inputs.get(name)?;
        let Some(instance) = caller.instance.upgrade() else {
            return Some(Value::Unknown(Unknown::of(
                self.absolute(&format!("var.{name}")),
            )));
        };
        let scope = InstanceScope {
            instance: &instance,
            count_index: caller.count_index,
            each: caller.each.clone(),
        };
        Some(self.shared.evaluate_or_report(expr, &scope, || {
            (
                caller.call.location.clone(),
                format!("{} input {name}", self.path),
            )
        }))
    }

    fn local(&self, name: &str) -> Result<Value, EvalError> {
        let Some(decl) = self.config.locals.get(name) else {
            return self.undeclared(&format!(
                "Reference to undeclared local value \"{name}\": no locals block declares it."
            ));
        };
        memoized(&self.locals, name, "local", || {
            let scope = InstanceScope::module(self);
            self.shared.evaluate_or_report(&decl.expr, &scope, || {
                (decl.location.clone(), format!("local.{name}"))
            })
        })
    }

    /// A reference to something not declared: an error, unless a file of this module did
    /// not parse (then the declaration is probably in it, and the parse error says enough).
    fn undeclared(&self, message: &str) -> Result<Value, EvalError> {
        if self.config.unparsed.is_empty() {
            Err(EvalError::new(message))
        } else {
            Ok(Value::Unknown(Unknown::default()))
        }
    }

    /// How a block expands, its instances counted by `add` against a budget. An invalid
    /// `count`/`for_each` is reported at `at.0`, an exceeded budget at `at.1`.
    fn budgeted_expansion(
        &self,
        count: Option<&Expression>,
        for_each: Option<&Expression>,
        what: &str,
        at: (&Location, &Location),
        add: impl FnOnce(usize) -> Result<(), LimitExceeded>,
    ) -> Result<Expansion, Unknown> {
        let expansion = self.expansion(count, for_each, what, at.0)?;
        match add(expansion.len()) {
            Ok(()) => Ok(expansion),
            Err(e) => {
                self.shared.exceeded(at.1, &e);
                Err(Unknown::of(what.to_string()))
            }
        }
    }

    /// How a block with these meta-arguments expands.
    fn expansion(
        &self,
        count: Option<&Expression>,
        for_each: Option<&Expression>,
        what: &str,
        at: &Location,
    ) -> Result<Expansion, Unknown> {
        let scope = InstanceScope::module(self);
        let fail = |message: String| {
            self.shared
                .diagnose(Level::Error, "brahma/invalid-expansion", at, &message);
            Err(Unknown::of(what.to_string()))
        };
        if let Some(count) = count {
            return match self.shared.deeper(|| eval::evaluate(count, &scope)) {
                Ok(Value::Number(n)) if n >= 0.0 && n.fract() == 0.0 => {
                    Ok(Expansion::Count(n as usize))
                }
                Ok(v @ (Value::Unknown(_) | Value::Partial(..))) => fail(format!(
                    "Invalid count argument for {what}: it depends on values known only after apply ({}).",
                    refs_text(&v.unknown_refs())
                )),
                Ok(v) => match v.as_f64() {
                    Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Expansion::Count(n as usize)),
                    _ => fail(format!(
                        "Invalid count argument for {what}: expected a whole number, got {v}."
                    )),
                },
                Err(EvalError::Limit(e)) => {
                    self.shared.exceeded(at, &e);
                    Err(Unknown::of(what.to_string()))
                }
                Err(e) => fail(format!("Invalid count argument for {what}: {e}")),
            };
        }
        if let Some(for_each) = for_each {
            return match self.shared.deeper(|| eval::evaluate(for_each, &scope)) {
                Ok(Value::Object(map)) => Ok(Expansion::ForEach(map)),
                Ok(Value::List(items)) => {
                    let mut map = BTreeMap::new();
                    for item in items {
                        match item {
                            Value::String(s) => {
                                map.insert(s.clone(), Value::String(s));
                            }
                            Value::Unknown(u) => return fail(format!(
                                "Invalid for_each argument for {what}: the set includes values known only after apply ({}).",
                                refs_text(&u)
                            )),
                            other => return fail(format!(
                                "Invalid for_each argument for {what}: a set must hold strings, found a {}.",
                                other.type_name()
                            )),
                        }
                    }
                    Ok(Expansion::ForEach(map))
                }
                Ok(v @ (Value::Unknown(_) | Value::Partial(..))) => fail(format!(
                    "Invalid for_each argument for {what}: it depends on values known only after apply ({}).",
                    refs_text(&v.unknown_refs())
                )),
                Ok(v) => fail(format!(
                    "Invalid for_each argument for {what}: expected a map or a set of strings, got a {}.",
                    v.type_name()
                )),
                Err(EvalError::Limit(e)) => {
                    self.shared.exceeded(at, &e);
                    Err(Unknown::of(what.to_string()))
                }
                Err(e) => fail(format!("Invalid for_each argument for {what}: {e}")),
            };
        }
        Ok(Expansion::Single)
    }

    /// The value other expressions see for a resource or data block (all its instances),
    /// evaluating its instances the first time.
    fn resource_value(&self, index: usize) -> Value {
        let decl = &self.config.resources[index];
        let base = || {
            let prefix = match decl.mode {
                Mode::Managed => "",
                Mode::Data => "data.",
            };
            self.absolute(&format!("{prefix}{}.{}", decl.resource_type, decl.name))
        };
        match self.resources.borrow().get(&index) {
            Some(Slot::Done(v)) => return v.clone(),
            Some(Slot::InProgress) => {
                let base = base();
                self.shared.diagnose(
                    Level::Error,
                    "brahma/cycle",
                    &decl.location,
                    &format!("Cycle: {base} refers to itself, directly or through other values."),
                );
                return Value::Unknown(Unknown::of(base));
            }
            None => {}
        }
        let base = base();
        self.resources.borrow_mut().insert(index, Slot::InProgress);
        // An instance budget is reported at the `count` or `for_each` line.
        let meta = Location {
            file: decl.location.file.clone(),
            line: decl.line_of(if decl.count.is_some() {
                "count"
            } else {
                "for_each"
            }),
        };
        let expansion = self.budgeted_expansion(
            decl.count.as_ref(),
            decl.for_each.as_ref(),
            &base,
            (&decl.location, &meta),
            |n| self.shared.add_instances(n),
        );
        let value = match expansion {
            Err(unknown) => {
                self.shared.unexpanded.borrow_mut().push(base.clone());
                Value::Unknown(unknown)
            }
            Ok(expansion) => {
                let provider = self
                    .providers
                    .get(&decl.provider)
                    .cloned()
                    .unwrap_or_else(|| decl.provider.clone());
                let schema = match decl.mode {
                    Mode::Managed => aetheredge_schema::resource(&decl.resource_type),
                    Mode::Data => None,
                };
                let mut values = Vec::new();
                for InstanceBinding {
                    key: instance_key,
                    count_index: index,
                    each,
                } in expansion.keys()
                {
                    let address = format!("{base}{}", instance_key.suffix());
                    let scope = InstanceScope {
                        instance: self,
                        count_index: index,
                        each,
                    };
                    let configured =
                        self.eval_body(decl.arguments(), &scope, &decl.location, Some(decl));
                    let attributes = Arc::new(match (decl.mode, &schema) {
                        (Mode::Managed, Some(schema)) => planned::with_schema(
                            schema,
                            &decl.resource_type,
                            &address,
                            configured,
                            &|name| written_as_blocks(decl, name),
                        ),
                        (Mode::Managed, None) => configured,
                        (Mode::Data, _) => {
                            let mut arguments = configured;
                            if let Some(read) = data_sources::read(&decl.resource_type, &arguments)
                            {
                                arguments.extend(read);
                            }
                            arguments
                        }
                    });
                    values.push(Value::Partial(
                        attributes.clone(),
                        Unknown::of(address.clone()),
                    ));
                    self.shared.resources.borrow_mut().push(Resource {
                        root: self.shared.root.to_string(),
                        address,
                        module: self.path.clone(),
                        mode: decl.mode,
                        resource_type: decl.resource_type.clone(),
                        name: decl.name.clone(),
                        provider: provider.clone(),
                        attributes,
                        location: decl.location.clone(),
                        decl: decl.clone(),
                    });
                }
                expansion.collect(values)
            }
        };
        self.resources
            .borrow_mut()
            .insert(index, Slot::Done(value.clone()));
        value
    }

    /// Evaluates a block body into an object: attributes by name, nested blocks as lists of
    /// objects under their type, `dynamic` blocks expanded.
    fn eval_body<'b>(
        &self,
        body: impl Iterator<Item = &'b hcl::Structure>,
        scope: &dyn Scope,
        at: &Location,
        decl: Option<&ResourceDecl>,
    ) -> BTreeMap<String, Value> {
        let mut out: BTreeMap<String, Value> = BTreeMap::new();
        let line_of = |name: &str| Location {
            file: at.file.clone(),
            line: decl.map(|d| d.line_of(name)).unwrap_or(at.line),
        };
        for structure in body {
            match structure {
                hcl::Structure::Attribute(a) => {
                    let value = self.shared.evaluate_or_report(&a.expr, scope, || {
                        (line_of(a.key.as_str()), a.key.to_string())
                    });
                    out.insert(a.key.to_string(), value);
                }
                hcl::Structure::Block(b) if b.identifier.as_str() == "dynamic" => {
                    let Some(name) = b.labels.first().map(|l| l.as_str().to_string()) else {
                        continue;
                    };
                    let items = self.dynamic_block(b, &name, scope, &line_of("dynamic"));
                    let entry = out.entry(name).or_insert_with(|| Value::List(Vec::new()));
                    match (entry, items) {
                        (Value::List(list), Value::List(items)) => list.extend(items),
                        (slot, unknown) => *slot = unknown,
                    }
                }
                hcl::Structure::Block(b) => {
                    let inner =
                        self.eval_body(b.body.iter(), scope, &line_of(b.identifier.as_str()), None);
                    let entry = out
                        .entry(b.identifier.to_string())
                        .or_insert_with(|| Value::List(Vec::new()));
                    if let Value::List(list) = entry {
                        list.push(Value::Object(inner));
                    }
                }
            }
        }
        out
    }

    /// A `dynamic "name" { for_each = … content { … } }` block: the list of block objects.
    fn dynamic_block(
        &self,
        block: &hcl::Block,
        name: &str,
        scope: &dyn Scope,
        at: &Location,
    ) -> Value {
        let attr = |key: &str| block.body.attributes().find(|a| a.key.as_str() == key);
        let Some(for_each) = attr("for_each") else {
            self.shared.diagnose(
                Level::Error,
                "brahma/eval-error",
                at,
                &format!("dynamic \"{name}\": for_each is required"),
            );
            return Value::List(Vec::new());
        };
        let iterator = match attr("iterator").map(|a| &a.expr) {
            Some(Expression::Variable(v)) => v.to_string(),
            _ => name.to_string(),
        };
        let Some(content) = block
            .body
            .blocks()
            .find(|b| b.identifier.as_str() == "content")
        else {
            return Value::List(Vec::new());
        };
        let collection = self.shared.evaluate_or_report(&for_each.expr, scope, || {
            (at.clone(), format!("dynamic \"{name}\""))
        });
        let pairs = match collection {
            Value::Null => Vec::new(),
            other => match eval::iteration_pairs(other, eval::yields_set(&for_each.expr, scope)) {
                Ok(Ok(pairs)) => pairs,
                Ok(Err(unknown)) => return Value::Unknown(unknown),
                Err(e) => {
                    self.shared.diagnose(
                        Level::Error,
                        "brahma/eval-error",
                        at,
                        &format!("dynamic \"{name}\": {e}"),
                    );
                    return Value::List(Vec::new());
                }
            },
        };
        let mut items = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let bound = BoundScope {
                inner: scope,
                name: &iterator,
                value: Value::Object(BTreeMap::from([
                    ("key".to_string(), key),
                    ("value".to_string(), value),
                ])),
            };
            items.push(Value::Object(self.eval_body(
                content.body.iter(),
                &bound,
                at,
                None,
            )));
        }
        Value::List(items)
    }

    /// The instances of a module call, instantiating them the first time.
    fn children(&self, call: &Arc<ModuleCallDecl>) -> Result<ChildInstances<'a>, Unknown> {
        let base = self.absolute(&format!("module.{}", call.name));
        match self.children.borrow().get(&call.name) {
            Some(Slot::Done(c)) => return Ok(c.clone()),
            Some(Slot::InProgress) => {
                self.shared.diagnose(
                    Level::Error,
                    "brahma/cycle",
                    &call.location,
                    &format!("Cycle: the inputs of {base} refer to its own outputs."),
                );
                return Err(Unknown::of(base));
            }
            None => {}
        }
        let Some(dir) = call.local_dir(&self.config.dir) else {
            return Err(Unknown::of(base));
        };
        let Some(config) = self.shared.loader.modules.get(&dir) else {
            self.shared.diagnose(
                Level::Error,
                "brahma/module-not-found",
                &call.location,
                &format!(
                    "Module {base}: its source \"{}\" names {}, which holds no Terraform files.",
                    call.source,
                    display_dir(&dir)
                ),
            );
            self.children
                .borrow_mut()
                .insert(call.name.clone(), Slot::Done(Vec::new()));
            return Err(Unknown::of(base));
        };
        if let Err(e) = self
            .shared
            .budget
            .check(Limit::ModuleDepth, self.ancestors.len())
        {
            self.shared.exceeded(&call.location, &e);
            self.children
                .borrow_mut()
                .insert(call.name.clone(), Slot::Done(Vec::new()));
            return Err(Unknown::of(base));
        }
        if self.ancestors.contains(&dir) {
            self.shared.diagnose(
                Level::Error,
                "brahma/cycle",
                &call.location,
                &format!(
                    "Module cycle: {base} calls {}, which is already being instantiated above it ({}).",
                    display_dir(&dir),
                    self.ancestors.iter().map(|d| display_dir(d)).collect::<Vec<_>>().join(" → ")
                ),
            );
            self.children
                .borrow_mut()
                .insert(call.name.clone(), Slot::Done(Vec::new()));
            return Err(Unknown::of(base));
        }
        self.children
            .borrow_mut()
            .insert(call.name.clone(), Slot::InProgress);
        let expansion = self.budgeted_expansion(
            call.count.as_ref(),
            call.for_each.as_ref(),
            &base,
            (&call.location, &call.location),
            |n| self.shared.add_module_instances(n),
        );
        let result = match expansion {
            Err(u) => {
                self.shared.unexpanded.borrow_mut().push(base.clone());
                Err(u)
            }
            Ok(expansion) => {
                let mut instances = Vec::new();
                for InstanceBinding {
                    key,
                    count_index: index,
                    each,
                } in expansion.keys()
                {
                    for name in call.inputs.keys() {
                        if !config.variables.contains_key(name) {
                            self.shared.diagnose(
                                Level::Error,
                                "brahma/unsupported-argument",
                                &call.location,
                                &format!("Unsupported argument \"{name}\" for {base}: {} declares no such variable.", display_dir(&dir)),
                            );
                        }
                    }
                    let caller = Caller {
                        instance: self.me.clone(),
                        call: call.clone(),
                        count_index: index,
                        each,
                    };
                    let mut providers: BTreeMap<String, String> = if call.providers.is_empty() {
                        self.providers
                            .iter()
                            .filter(|(k, _)| !k.contains('.'))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect()
                    } else {
                        call.providers
                            .iter()
                            .map(|(child, parent)| {
                                (
                                    child.clone(),
                                    self.providers
                                        .get(parent)
                                        .cloned()
                                        .unwrap_or_else(|| parent.clone()),
                                )
                            })
                            .collect()
                    };
                    let path = format!("{base}{}", key.suffix());
                    for p in &config.providers {
                        let local = provider_key(&p.name, p.alias.as_deref());
                        providers.insert(local.clone(), format!("{path}.{local}"));
                    }
                    let mut ancestors = self.ancestors.clone();
                    ancestors.push(dir.clone());
                    let child = Rc::new_cyclic(|me| {
                        Instance::new(
                            self.shared,
                            config,
                            path,
                            ancestors,
                            BTreeMap::new(),
                            Some(caller),
                            providers,
                            me.clone(),
                        )
                    });
                    instances.push((key, child));
                }
                Ok(instances)
            }
        };
        let done = result.clone().unwrap_or_default();
        self.children
            .borrow_mut()
            .insert(call.name.clone(), Slot::Done(done));
        result
    }

    /// The value of `module.<name>` seen from this module.
    fn module_value(&self, name: &str) -> Result<Value, EvalError> {
        let Some(call) = self.config.calls.iter().find(|c| c.name == name) else {
            return self.undeclared(&format!(
                "Reference to undeclared module \"{name}\": no module block declares it."
            ));
        };
        let expansion_kind = (call.count.is_some(), call.for_each.is_some());
        match self.children(call) {
            Err(unknown) => Ok(Value::Unknown(unknown)),
            Ok(children) => {
                let outputs: Vec<(InstanceKey, Value)> = children
                    .iter()
                    .map(|(k, child)| (k.clone(), child.output_values()))
                    .collect();
                Ok(match expansion_kind {
                    (false, false) => outputs
                        .into_iter()
                        .next()
                        .map(|(_, v)| v)
                        .unwrap_or(Value::Null),
                    (true, _) => Value::List(outputs.into_iter().map(|(_, v)| v).collect()),
                    (false, true) => Value::Object(
                        outputs
                            .into_iter()
                            .map(|(k, v)| match k {
                                InstanceKey::Key(k) => (k, v),
                                other => (other.suffix(), v),
                            })
                            .collect(),
                    ),
                })
            }
        }
    }

    /// `module.<name>.<output>` seen from this module, for a call without `count` or
    /// `for_each`: only that output is evaluated, so calls may feed each other through
    /// different outputs. `None` when the call expands (then the whole value is needed).
    fn module_output(&self, name: &str, output: &str) -> Option<Result<Value, EvalError>> {
        let call = self.config.calls.iter().find(|c| c.name == name)?;
        if call.count.is_some() || call.for_each.is_some() {
            return None;
        }
        Some(match self.children(call) {
            Err(unknown) => Ok(Value::Unknown(unknown)),
            Ok(children) => match children.first() {
                Some((_, child)) => child.output_value(output),
                None => Ok(Value::Null),
            },
        })
    }

    /// One output of this instance, evaluated the first time.
    fn output_value(&self, name: &str) -> Result<Value, EvalError> {
        let Some(output) = self.config.outputs.get(name) else {
            return Err(EvalError::new(format!(
                "Unsupported attribute: {} has no output named \"{name}\"",
                if self.path.is_empty() {
                    "the module"
                } else {
                    &self.path
                }
            )));
        };
        memoized(&self.outputs, name, "output", || {
            let scope = InstanceScope::module(self);
            match &output.expr {
                Some(expr) => self.shared.evaluate_or_report(expr, &scope, || {
                    (output.location.clone(), format!("output {name}"))
                }),
                None => Value::Null,
            }
        })
    }

    /// This instance's outputs as one object.
    fn output_values(&self) -> Value {
        let mut map = BTreeMap::new();
        for name in self.config.outputs.keys() {
            let value = self.output_value(name).unwrap_or_else(|_| {
                Value::Unknown(Unknown::of(self.absolute(&format!("output.{name}"))))
            });
            map.insert(name.clone(), value);
        }
        Value::Object(map)
    }
}

/// Names visible inside one module instance, and inside one resource instance of it
/// (`count.index`, `each.key`, `each.value`).
struct InstanceScope<'i, 'a> {
    instance: &'i Instance<'a>,
    count_index: Option<usize>,
    each: Option<(Value, Value)>,
}

impl<'i, 'a> InstanceScope<'i, 'a> {
    fn module(instance: &'i Instance<'a>) -> Self {
        InstanceScope {
            instance,
            count_index: None,
            each: None,
        }
    }
}

impl FunctionContext for InstanceScope<'_, '_> {
    fn budget(&self) -> &Budget {
        &self.instance.shared.budget
    }

    fn read_file(&self, path: &str) -> Result<String, EvalError> {
        read_repo_file(
            self.instance.shared.loader.snapshot,
            self.instance.shared.root,
            path,
        )
    }

    fn render_template(
        &self,
        template: &str,
        vars: &BTreeMap<String, Value>,
    ) -> Result<Value, EvalError> {
        eval::render_template_text(
            template,
            &TemplateScope {
                vars,
                snapshot: self.instance.shared.loader.snapshot,
                root: self.instance.shared.root,
                budget: &self.instance.shared.budget,
            },
        )
    }
}

impl Scope for InstanceScope<'_, '_> {
    fn names_a_set(&self, root: &str, name: &str) -> bool {
        let config = self.instance.config;
        match root {
            "var" => config
                .variables
                .get(name)
                .and_then(|v| v.type_expr.as_ref())
                .is_some_and(
                    |t| matches!(t, Expression::FuncCall(f) if f.name.name.as_str() == "set"),
                ),
            "local" => config
                .locals
                .get(name)
                .is_some_and(|l| eval::calls_a_set_function(&l.expr)),
            _ => false,
        }
    }

    fn reference(&self, root: &str, attrs: &[&str]) -> Result<(Value, usize), EvalError> {
        let inst = self.instance;
        let first = attrs.first().copied();
        let need = |what: &str| {
            EvalError::new(format!(
                "Invalid reference: {root} must be followed by {what}"
            ))
        };
        match root {
            "var" => Ok((
                inst.variable(first.ok_or_else(|| need("a variable name"))?)?,
                1,
            )),
            "local" => Ok((
                inst.local(first.ok_or_else(|| need("a local value name"))?)?,
                1,
            )),
            "module" => {
                let name = first.ok_or_else(|| need("a module name"))?;
                match attrs
                    .get(1)
                    .and_then(|output| inst.module_output(name, output))
                {
                    Some(value) => Ok((value?, 2)),
                    None => Ok((inst.module_value(name)?, 1)),
                }
            }
            "count" => match (first, self.count_index) {
                (Some("index"), Some(i)) => Ok((Value::Number(i as f64), 1)),
                _ => Err(EvalError::new(
                    "Reference to \"count\" in a block without count",
                )),
            },
            "each" => match (first, &self.each) {
                (Some("key"), Some((k, _))) => Ok((k.clone(), 1)),
                (Some("value"), Some((_, v))) => Ok((v.clone(), 1)),
                _ => Err(EvalError::new(
                    "Reference to \"each\" in a block without for_each",
                )),
            },
            "path" => match first {
                Some("module") => Ok((Value::String(inst.path_module()), 1)),
                Some("root") => Ok((Value::string("."), 1)),
                Some("cwd") => Ok((Value::String(display_dir(inst.shared.root).to_string()), 1)),
                _ => Err(need("module, root or cwd")),
            },
            "terraform" => match first {
                Some("workspace") => Ok((Value::string("default"), 1)),
                _ => Ok((Value::Unknown(Unknown::of("terraform")), attrs.len())),
            },
            "self" => Ok((Value::Unknown(Unknown::of("self")), 0)),
            "data" => {
                let (Some(t), Some(n)) = (first, attrs.get(1).copied()) else {
                    return Err(need("a data source type and name"));
                };
                match inst.config.resource(Mode::Data, t, n) {
                    Some(index) => Ok((inst.resource_value(index), 2)),
                    None => inst
                        .undeclared(&format!(
                            "Reference to undeclared data source data.{t}.{n}."
                        ))
                        .map(|v| (v, 2)),
                }
            }
            resource_type => {
                let Some(name) = first else {
                    return Err(EvalError::new(format!(
                        "Reference to unknown name \"{resource_type}\": it is not a variable, local, module or resource."
                    )));
                };
                match inst.config.resource(Mode::Managed, resource_type, name) {
                    Some(index) => Ok((inst.resource_value(index), 1)),
                    None => inst
                        .undeclared(&format!(
                            "Reference to undeclared resource {resource_type}.{name}: no resource block declares it in this module."
                        ))
                        .map(|v| (v, 1)),
                }
            }
        }
    }
}

/// A scope with one more name bound: a `dynamic` block's iterator.
struct BoundScope<'s> {
    inner: &'s dyn Scope,
    name: &'s str,
    value: Value,
}

impl FunctionContext for BoundScope<'_> {
    fn budget(&self) -> &Budget {
        self.inner.budget()
    }

    fn read_file(&self, path: &str) -> Result<String, EvalError> {
        self.inner.read_file(path)
    }
    fn render_template(
        &self,
        template: &str,
        vars: &BTreeMap<String, Value>,
    ) -> Result<Value, EvalError> {
        self.inner.render_template(template, vars)
    }
}

impl Scope for BoundScope<'_> {
    fn reference(&self, root: &str, attrs: &[&str]) -> Result<(Value, usize), EvalError> {
        if root == self.name {
            Ok((self.value.clone(), 0))
        } else {
            self.inner.reference(root, attrs)
        }
    }

    fn names_a_set(&self, root: &str, name: &str) -> bool {
        root != self.name && self.inner.names_a_set(root, name)
    }
}

/// The scope of a `templatefile` template: only the variables passed to it.
struct TemplateScope<'s> {
    vars: &'s BTreeMap<String, Value>,
    snapshot: &'s Snapshot,
    root: &'s str,
    budget: &'s Budget,
}

impl FunctionContext for TemplateScope<'_> {
    fn budget(&self) -> &Budget {
        self.budget
    }

    fn read_file(&self, path: &str) -> Result<String, EvalError> {
        read_repo_file(self.snapshot, self.root, path)
    }
    fn render_template(
        &self,
        template: &str,
        vars: &BTreeMap<String, Value>,
    ) -> Result<Value, EvalError> {
        eval::render_template_text(
            template,
            &TemplateScope {
                vars,
                snapshot: self.snapshot,
                root: self.root,
                budget: self.budget,
            },
        )
    }
}

impl Scope for TemplateScope<'_> {
    fn reference(&self, root: &str, _attrs: &[&str]) -> Result<(Value, usize), EvalError> {
        self.vars.get(root).map(|v| (v.clone(), 0)).ok_or_else(|| {
            EvalError::new(format!(
                "Invalid template variable \"{root}\": templatefile was not given a value for it."
            ))
        })
    }
}

/// The scope of tfvars files: literals only.
struct LiteralScope<'s> {
    snapshot: &'s Snapshot,
    budget: &'s Budget,
}

impl FunctionContext for LiteralScope<'_> {
    fn budget(&self) -> &Budget {
        self.budget
    }

    fn read_file(&self, path: &str) -> Result<String, EvalError> {
        read_repo_file(self.snapshot, "", path)
    }
    fn render_template(
        &self,
        _template: &str,
        _vars: &BTreeMap<String, Value>,
    ) -> Result<Value, EvalError> {
        Err(EvalError::new("Functions may not be called here"))
    }
}

impl Scope for LiteralScope<'_> {
    fn reference(&self, root: &str, _attrs: &[&str]) -> Result<(Value, usize), EvalError> {
        Err(EvalError::new(format!(
            "Variables not allowed: a tfvars file holds literal values, not references such as {root}."
        )))
    }
}

/// Reads a file named in the configuration, relative to the root module, from the tree
/// being reviewed (never from disk outside it).
fn read_repo_file(snapshot: &Snapshot, root: &str, path: &str) -> Result<String, EvalError> {
    let resolved = normalize_path(&join_path(root, path)).ok_or_else(|| {
        EvalError::new(format!(
            "Invalid function argument: {path} is outside the repository"
        ))
    })?;
    snapshot
        .get(&resolved)
        .map(|f| f.text.to_string())
        .ok_or_else(|| {
            EvalError::new(format!(
                "Invalid function argument: no file exists at \"{path}\" (looked for {resolved} in the reviewed tree)"
            ))
        })
}

/// `to` relative to `from`, both repo-relative directories, as `path.module` is written.
fn relative_path(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to_parts[common..]);
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

fn refs_text(unknown: &Unknown) -> String {
    if unknown.refs.is_empty() {
        "values known only after apply".to_string()
    } else {
        unknown.refs.join(", ")
    }
}

/// Converts a value to a variable's declared type, as far as the type says something
/// Terraform would apply before plan: numbers and bools from strings, sets, object
/// attribute defaults of `optional(type, default)`.
fn convert(value: Value, type_expr: &Expression) -> Value {
    match (type_expr, value) {
        (_, v @ (Value::Unknown(_) | Value::Null)) => v,
        (Expression::Variable(t), v) => match (t.as_str(), v) {
            ("number", Value::String(s)) => s
                .trim()
                .parse()
                .map(Value::Number)
                .unwrap_or(Value::String(s)),
            ("bool", Value::String(s)) if s == "true" || s == "false" => Value::Bool(s == "true"),
            ("string", Value::Number(n)) => Value::String(super::value::format_number(n)),
            ("string", Value::Bool(b)) => Value::String(b.to_string()),
            (_, v) => v,
        },
        (Expression::FuncCall(call), v) => {
            let arg = call.args.first();
            match (call.name.name.as_str(), v, arg) {
                ("set", Value::List(items), Some(t)) => {
                    Value::set(items.into_iter().map(|i| convert(i, t)).collect())
                }
                ("list", Value::List(items), Some(t)) => {
                    Value::List(items.into_iter().map(|i| convert(i, t)).collect())
                }
                ("map", Value::Object(map), Some(t)) => {
                    Value::Object(map.into_iter().map(|(k, i)| (k, convert(i, t))).collect())
                }
                ("object", Value::Object(mut map), Some(Expression::Object(fields))) => {
                    for (key, field_type) in fields.iter() {
                        let key = match key {
                            hcl::ObjectKey::Identifier(id) => id.to_string(),
                            hcl::ObjectKey::Expression(e) => super::module::expression_text(e),
                            _ => continue,
                        };
                        let (inner_type, default) = match field_type {
                            Expression::FuncCall(f) if f.name.name.as_str() == "optional" => {
                                (f.args.first(), f.args.get(1))
                            }
                            other => (Some(other), None),
                        };
                        let current = map.remove(&key).filter(|v| !matches!(v, Value::Null));
                        let filled = match (current, default) {
                            (Some(v), _) => Some(v),
                            (None, Some(d)) => {
                                let scope = LiteralScope {
                                    snapshot: &EMPTY,
                                    budget: &Budget::default(),
                                };
                                eval::evaluate(d, &scope).ok()
                            }
                            (None, None) => Some(Value::Null),
                        };
                        if let Some(v) = filled {
                            let v = match inner_type {
                                Some(t) => convert(v, t),
                                None => v,
                            };
                            map.insert(key, v);
                        }
                    }
                    Value::Object(map)
                }
                (_, v, _) => v,
            }
        }
        (_, v) => v,
    }
}

static EMPTY: std::sync::LazyLock<Snapshot> = std::sync::LazyLock::new(Snapshot::empty);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_module_is_relative_to_the_root() {
        assert_eq!(relative_path("", "modules/web"), "modules/web");
        assert_eq!(
            relative_path("envs/prod", "modules/web"),
            "../../modules/web"
        );
        assert_eq!(relative_path("envs/prod", "envs/prod"), ".");
    }

    /// The model of a tree of `(path, text)` files.
    fn model(files: &[(&str, &str)]) -> super::super::Model {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let limits = crate::repo::SnapshotLimits::default();
        let snapshot = Snapshot::from_dir(dir.path(), &limits).unwrap();
        super::super::load(&snapshot, &LoadOptions::default(), &Default::default())
    }

    #[test]
    fn two_calls_may_feed_each_other_through_different_outputs() {
        // `records` reads the certificate's domains; `cert` reads the records' names:
        // Terraform's graph is per output and input, so this is no cycle.
        let model = model(&[
            (
                "main.tf",
                r#"
module "cert" {
  source  = "./cert"
  domains = ["a.example.com", "b.example.com"]
  records = module.records.names
}
module "records" {
  source  = "./records"
  domains = module.cert.domains
}
"#,
            ),
            (
                "cert/main.tf",
                r#"
variable "domains" {}
variable "records" {}
resource "aws_acm_certificate_validation" "this" {
  validation_record_fqdns = var.records
}
output "domains" { value = var.domains }
"#,
            ),
            (
                "records/main.tf",
                r#"
variable "domains" {}
resource "aws_route53_record" "validation" {
  count = length(var.domains)
  name  = var.domains[count.index]
}
output "names" { value = aws_route53_record.validation[*].name }
"#,
            ),
        ]);
        let cycles: Vec<_> = model
            .diagnostics
            .iter()
            .filter(|d| d.rule_id == "brahma/cycle")
            .collect();
        assert!(cycles.is_empty(), "{cycles:?}");
        let addresses: Vec<&str> = model.resources.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(
            addresses,
            [
                "module.cert.aws_acm_certificate_validation.this",
                "module.records.aws_route53_record.validation[0]",
                "module.records.aws_route53_record.validation[1]",
            ]
        );
        let validation = &model.resources[0];
        assert_eq!(
            validation.attributes["validation_record_fqdns"],
            Value::List(vec![
                Value::string("a.example.com"),
                Value::string("b.example.com")
            ])
        );
    }

    #[test]
    fn a_real_cycle_between_calls_is_still_found() {
        let model = model(&[
            (
                "main.tf",
                r#"
module "a" {
  source = "./m"
  x      = module.b.y
}
module "b" {
  source = "./m"
  x      = module.a.y
}
"#,
            ),
            (
                "m/main.tf",
                r#"
variable "x" {}
resource "aws_sqs_queue" "q" { name = var.x }
output "y" { value = var.x }
"#,
            ),
        ]);
        assert!(
            model
                .diagnostics
                .iter()
                .any(|d| d.message.contains("Cycle")),
            "{:?}",
            model.diagnostics
        );
    }

    #[test]
    fn for_each_over_a_for_expression_on_a_set_keys_instances_by_element() {
        let model = model(&[(
            "main.tf",
            r#"
variable "aliases" { default = ["one", "two"] }
resource "aws_kms_alias" "this" {
  for_each = { for k, v in toset(var.aliases) : k => { name = "alias/${v}" } }
  name     = each.value.name
}
"#,
        )]);
        let addresses: Vec<&str> = model.resources.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(
            addresses,
            [
                r#"aws_kms_alias.this["one"]"#,
                r#"aws_kms_alias.this["two"]"#
            ]
        );
    }

    #[test]
    fn unset_computed_attributes_are_unknown_to_what_refers_to_them() {
        let model = model(&[(
            "main.tf",
            r#"
variable "name" { default = null }
resource "aws_cloudwatch_log_group" "this" {
  name        = var.name
  name_prefix = "app-"
}
resource "aws_vpc" "this" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_flow_log" "this" {
  log_destination = try(aws_cloudwatch_log_group.this.name, "")
}
resource "aws_subnet" "v6" {
  vpc_id          = aws_vpc.this.id
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.this.ipv6_cidr_block, 8, 1)
}
"#,
        )]);
        assert!(
            model.diagnostics.iter().all(|d| d.level != Level::Error),
            "{:?}",
            model.diagnostics
        );
        let attribute = |address: &str, name: &str| {
            let r = model
                .resources
                .iter()
                .find(|r| r.address == address)
                .unwrap();
            r.attributes[name].clone()
        };
        assert!(matches!(
            attribute("aws_flow_log.this", "log_destination"),
            Value::Unknown(_)
        ));
        assert!(matches!(
            attribute("aws_subnet.v6", "ipv6_cidr_block"),
            Value::Unknown(_)
        ));
    }

    #[test]
    fn a_variable_declared_a_set_and_a_local_set_iterate_by_element() {
        let model = model(&[(
            "main.tf",
            r#"
variable "names" {
  type    = set(string)
  default = ["b", "a"]
}
locals {
  zones = toset(["z2", "z1"])
}
resource "aws_sqs_queue" "q" {
  for_each = { for k, v in var.names : k => v }
  name     = each.value
}
resource "aws_sns_topic" "t" {
  for_each = { for k, z in local.zones : k => z }
  name     = each.value
}
"#,
        )]);
        let addresses: Vec<&str> = model.resources.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(
            addresses,
            [
                r#"aws_sns_topic.t["z1"]"#,
                r#"aws_sns_topic.t["z2"]"#,
                r#"aws_sqs_queue.q["a"]"#,
                r#"aws_sqs_queue.q["b"]"#,
            ]
        );
    }

    #[test]
    fn instance_keys_print_like_terraform() {
        assert_eq!(InstanceKey::Index(2).suffix(), "[2]");
        assert_eq!(InstanceKey::Key("logs".into()).suffix(), "[\"logs\"]");
    }
}

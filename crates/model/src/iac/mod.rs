//! The model: what a tree of Terraform files describes, evaluated as far as Terraform
//! could before apply. Every deity reads the model; none parses files itself.
//!
//! Loading goes: files → [`parse`] (per file, cached by git blob id) → [`module`] (the
//! declarations of each directory) → [`instantiate`] (root modules found, variables and
//! tfvars applied, locals and module calls evaluated lazily, `count`/`for_each` expanded
//! into instance addresses).

pub mod blueprints;
pub mod budget;
pub(crate) mod data_sources;
mod dockerfile;
pub mod documents;
pub mod eval;
pub mod functions;
pub(crate) mod instantiate;
pub mod kubernetes;
pub mod module;
pub mod parse;
pub mod plan_file;
pub mod planned;
pub mod value;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::repo::Snapshot;
pub use blueprints::BLUEPRINT_INVALID;
pub use budget::LIMIT_EXCEEDED;
pub use module::{Location, Mode, ModuleConfig};
pub use plan_file::PLAN_FILE_INVALID;
pub use value::{Unknown, Value};

/// Suffixes of the files the model reads.
const TERRAFORM_SUFFIXES: &[&str] = &[".tf", ".tf.json"];
const TFVARS_SUFFIXES: &[&str] = &[".tfvars", ".tfvars.json"];

/// Whether the model reads this path as Terraform (a Terraform or tfvars file, or a
/// blueprint, which the model reads as the Terraform it renders to).
pub fn is_iac_path(path: &str) -> bool {
    crate::blueprint::is_blueprint_path(path) || is_terraform_path(path)
}

/// A Terraform or tfvars file.
fn is_terraform_path(path: &str) -> bool {
    TERRAFORM_SUFFIXES
        .iter()
        .chain(TFVARS_SUFFIXES)
        .any(|s| path.ends_with(s))
}

/// One resource instance, as Terraform would address it in a plan.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The root module it belongs to (repo-relative directory, `""` for the repo root).
    pub root: String,
    /// Terraform's address: `module.net.aws_subnet.private[2]`, `aws_s3_bucket.b["logs"]`.
    pub address: String,
    /// The module instance part of the address (`module.web[0]`), empty in the root module.
    pub module: String,
    pub mode: Mode,
    pub resource_type: String,
    pub name: String,
    /// The provider configuration it uses, as addressed in its root module
    /// (`aws`, `aws.west`, `module.net.aws`).
    pub provider: String,
    /// Evaluated arguments; nested blocks are lists of objects under the block's name.
    pub attributes: Arc<BTreeMap<String, Value>>,
    pub location: Location,
    /// The declaration it was expanded from (shared by all instances).
    pub decl: Arc<module::ResourceDecl>,
}

impl Resource {
    /// The line of an attribute or nested block, or the resource's own line.
    pub fn line_of(&self, member: &str) -> u32 {
        self.decl.line_of(member)
    }

    /// The resource (type, name) an argument is written as a reference to, in the module
    /// that declares it (`bucket = aws_s3_bucket.logs.id` gives `("aws_s3_bucket", "logs")`);
    /// `None` when it is written otherwise.
    pub fn written_reference(&self, argument: &str) -> Option<(&str, &str)> {
        let expr = self.decl.arguments().find_map(|s| match s {
            hcl::Structure::Attribute(a) if a.key.as_str() == argument => Some(&a.expr),
            _ => None,
        })?;
        let hcl::Expression::Traversal(traversal) = expr else {
            return None;
        };
        let hcl::Expression::Variable(root) = &traversal.expr else {
            return None;
        };
        let root = root.as_str();
        if matches!(
            root,
            "var" | "local" | "module" | "data" | "each" | "count" | "path" | "self"
        ) {
            return None;
        }
        match traversal.operators.first()? {
            hcl::TraversalOperator::GetAttr(name) => Some((root, name.as_str())),
            _ => None,
        }
    }
}

/// An evaluated `provider` block.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub root: String,
    /// `aws`, `aws.west`, or `module.x.aws` when a child module configures its own.
    pub address: String,
    pub name: String,
    pub alias: Option<String>,
    pub attributes: BTreeMap<String, Value>,
    pub location: Location,
}

/// A `moved` block, with absolute addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub root: String,
    pub from: String,
    pub to: String,
}

/// How serious a problem found while loading is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
}

/// A problem found while loading: a parse error, a cycle, a value that cannot be known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub column: Option<u32>,
    pub rule_id: String,
    pub level: Level,
    pub message: String,
}

impl Diagnostic {
    pub fn error(rule_id: &str, at: &Location, message: &str) -> Diagnostic {
        Diagnostic::new(Level::Error, rule_id, at, message)
    }

    /// The same diagnostic, pointing at a column of its line.
    pub fn at_column(mut self, column: u32) -> Diagnostic {
        self.column = Some(column);
        self
    }

    pub fn new(level: Level, rule_id: &str, at: &Location, message: &str) -> Diagnostic {
        Diagnostic {
            file: at.file.clone(),
            line: at.line,
            column: None,
            rule_id: rule_id.to_string(),
            level,
            message: message.to_string(),
        }
    }
}

/// Everything the deities know about one tree.
#[derive(Debug, Default)]
pub struct Model {
    /// Module configurations by directory.
    pub modules: BTreeMap<String, Arc<ModuleConfig>>,
    /// Directories of root modules (not called by another module).
    pub roots: Vec<String>,
    /// Every resource and data source instance, sorted by root and address.
    pub resources: Vec<Resource>,
    pub providers: Vec<ProviderConfig>,
    pub moves: Vec<Move>,
    /// Every Terraform and tfvars file read, as parsed (or why it did not parse), by path.
    pub files: BTreeMap<String, Arc<ParseResult>>,
    /// Files that failed to parse: the plan says nothing about what they declare.
    pub unparsed_files: BTreeSet<String>,
    /// Resources and module calls whose `count` or `for_each` cannot be known before apply,
    /// by root: the plan says nothing about their instances either.
    pub unexpanded: BTreeSet<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
    /// Each root module's variables as evaluated (tfvars, defaults), by root and name.
    pub variables: BTreeMap<String, BTreeMap<String, Value>>,
    /// Where a tfvars file read for a root module (`terraform.tfvars`, `*.auto.tfvars`, the
    /// config's `var_files`) sets one of its variables, by root and name: the last one read.
    pub tfvars_values: BTreeMap<String, BTreeMap<String, Location>>,
    /// Resources of the tree's Terraform plan files (`terraform show -json`), as planned,
    /// sorted by file and address: judged by the misconfiguration rules, not planned again.
    pub planned: Vec<Resource>,
    /// Kubernetes objects of the tree's YAML files, sorted by file and line.
    pub manifests: Vec<kubernetes::Manifest>,
    /// Kubernetes YAML documents that do not parse.
    pub manifest_errors: Vec<kubernetes::ManifestError>,
}

impl Model {
    /// Managed resources only (what a plan is about).
    pub fn managed(&self) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(|r| r.mode == Mode::Managed)
    }

    /// Whether the model cannot say whether `address` exists: its file did not parse, or
    /// its resource's (or an enclosing module's) instances depend on apply.
    pub fn cannot_plan(&self, root: &str, address: &str, file: &str) -> bool {
        self.unparsed_files.contains(file)
            || self.unexpanded.iter().any(|(r, prefix)| {
                r == root
                    && address
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['[', '.']))
            })
    }
}

/// What loading can be told from the outside (the repo's configuration).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Extra var files per root module directory, applied after `*.auto.tfvars`.
    pub var_files: BTreeMap<String, Vec<String>>,
    /// Which paths to read (the config's include and exclude globs); all when `None`.
    pub path_filter: Option<aetheredge_core::config::PathFilter>,
    /// The evaluator's budgets.
    pub limits: aetheredge_core::limits::Limits,
}

impl LoadOptions {
    /// Whether the configuration's `include`/`exclude` let the file at `path` be read.
    pub fn selects(&self, path: &str) -> bool {
        self.path_filter.as_ref().is_none_or(|p| p.allows(path))
    }

    /// What the repo's config says about loading: var files, paths, budgets.
    pub fn from_config(config: &aetheredge_core::config::Config) -> LoadOptions {
        LoadOptions {
            var_files: config.var_files_by_root(),
            path_filter: Some(config.path_filter()),
            limits: config.limits.clone(),
        }
    }
}

/// Parsed files by git blob id, shared between the base and head loads of one review
/// so a file unchanged by the change is parsed once. A long-running caller (`watch`) keeps
/// one across reviews and calls [`ParseCache::retire_unused`] between them: what was not
/// used since the previous call is dropped, so the cache holds at most two generations.
#[derive(Default)]
pub struct ParseCache {
    files: Mutex<HashMap<String, Arc<ParseResult>>>,
    previous: Mutex<HashMap<String, Arc<ParseResult>>>,
    parsed: std::sync::atomic::AtomicUsize,
}

/// A parsed file, or why it could not be parsed.
pub(crate) type ParseResult = Result<parse::ParsedFile, parse::ParseFailure>;

impl ParseCache {
    /// Parses, in parallel, every Terraform file of the snapshots not parsed yet, so the
    /// loads that follow (base and head, in parallel) find them all here.
    pub fn parse_all(&self, snapshots: &[&Snapshot], options: &LoadOptions) {
        let mut seen = std::collections::HashSet::new();
        let files: Vec<_> = snapshots
            .iter()
            .flat_map(|s| s.files())
            .filter(|f| is_terraform_path(&f.path) && seen.insert(f.id.as_str()))
            .filter(|f| options.selects(&f.path))
            .collect();
        files.par_iter().for_each(|f| {
            self.parse(f, options);
        });
    }

    fn parse(&self, file: &crate::repo::SourceFile, options: &LoadOptions) -> Arc<ParseResult> {
        if let Some(hit) = self
            .files
            .lock()
            .ok()
            .and_then(|m| m.get(&file.id).cloned())
        {
            return hit;
        }
        let kept = self
            .previous
            .lock()
            .ok()
            .and_then(|mut m| m.remove(&file.id));
        if let Some(hit) = kept {
            if let Ok(mut m) = self.files.lock() {
                m.insert(file.id.clone(), hit.clone());
            }
            return hit;
        }
        let parsed = Arc::new(parse::parse_file_within(
            &file.path,
            &file.text,
            options.limits.nesting_depth,
        ));
        self.parsed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut m) = self.files.lock() {
            m.insert(file.id.clone(), parsed.clone());
        }
        parsed
    }
}

impl ParseCache {
    /// Starts a new generation: files parsed or reused since the last call are kept, the
    /// others (blobs no longer in any reviewed tree) are dropped.
    pub fn retire_unused(&self) {
        if let (Ok(mut files), Ok(mut previous)) = (self.files.lock(), self.previous.lock()) {
            *previous = std::mem::take(&mut *files);
        }
    }

    /// How many files this cache has parsed (not found in it) so far.
    pub fn parsed(&self) -> usize {
        self.parsed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many parsed files the cache holds.
    pub fn len(&self) -> usize {
        let count = |m: &Mutex<HashMap<String, Arc<ParseResult>>>| m.lock().map_or(0, |m| m.len());
        count(&self.files) + count(&self.previous)
    }

    /// Whether the cache holds no parsed file.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Loads the model of a snapshot: parses its Terraform files (in parallel), gathers module
/// configurations, and evaluates every root module.
pub fn load(snapshot: &Snapshot, options: &LoadOptions, cache: &ParseCache) -> Model {
    let files: Vec<_> = snapshot
        .files()
        .filter(|f| is_terraform_path(&f.path))
        .filter(|f| options.selects(&f.path))
        .collect();
    let parsed: Vec<_> = files
        .par_iter()
        .map(|f| (f.path.clone(), cache.parse(f, options)))
        .collect();

    let mut model = Model::default();
    let mut by_dir: BTreeMap<String, Vec<(String, Arc<ParseResult>)>> = BTreeMap::new();
    let mut tfvars: BTreeMap<String, Arc<ParseResult>> = BTreeMap::new();
    for (path, result) in parsed {
        model.files.insert(path.clone(), result.clone());
        if let Err(failure) = result.as_ref() {
            model.diagnostics.push(Diagnostic {
                file: path.clone(),
                line: failure.line,
                column: Some(failure.column),
                rule_id: if failure.limit.is_some() {
                    LIMIT_EXCEEDED.into()
                } else {
                    "brahma/parse-error".into()
                },
                level: Level::Error,
                message: match failure.recovered.len() {
                    0 => failure.message.clone(),
                    n => format!(
                        "{} (the file's {n} other top-level blocks that parse are still read)",
                        failure.message
                    ),
                },
            });
            model.unparsed_files.insert(path.clone());
        }
        if TFVARS_SUFFIXES.iter().any(|s| path.ends_with(s)) {
            tfvars.insert(path, result);
        } else {
            by_dir
                .entry(parent_dir(&path).to_string())
                .or_default()
                .push((path, result));
        }
    }
    for (dir, files) in by_dir {
        // A file that does not parse still gives the blocks that parse on their own.
        let partial: Vec<(&str, parse::ParsedFile)> = files
            .iter()
            .filter_map(|(path, r)| match r.as_ref() {
                Err(failure) if !failure.recovered.is_empty() => Some((
                    path.as_str(),
                    parse::ParsedFile {
                        blocks: failure.recovered.clone(),
                        attributes: Vec::new(),
                    },
                )),
                _ => None,
            })
            .collect();
        let mut parsed: Vec<(&str, &parse::ParsedFile)> = files
            .iter()
            .filter_map(|(path, r)| r.as_ref().as_ref().ok().map(|f| (path.as_str(), f)))
            .collect();
        parsed.extend(partial.iter().map(|(path, f)| (*path, f)));
        parsed.sort_by_key(|(path, _)| *path);
        let mut config = ModuleConfig::from_files(&dir, &parsed);
        config.unparsed = files
            .iter()
            .filter(|(_, r)| r.is_err())
            .map(|(path, _)| path.clone())
            .collect();
        model.diagnostics.append(&mut config.diagnostics);
        model.modules.insert(dir, Arc::new(config));
    }

    let blueprint_files: Vec<_> = snapshot
        .files()
        .filter(|f| crate::blueprint::is_blueprint_path(&f.path))
        .filter(|f| options.selects(&f.path))
        .collect();
    let loaded: Vec<_> = blueprint_files
        .par_iter()
        .map(|f| (f.path.clone(), blueprints::load(f, &options.limits)))
        .collect();
    for (path, loaded) in loaded {
        match loaded {
            blueprints::Loaded::Module(mut config, parsed) => {
                model.diagnostics.append(&mut config.diagnostics);
                model.files.insert(path.clone(), parsed);
                model.modules.insert(path, Arc::new(*config));
            }
            blueprints::Loaded::Invalid(diagnostic) => {
                model.diagnostics.push(diagnostic);
                model.unparsed_files.insert(path);
            }
        }
    }

    let called: BTreeSet<String> = model
        .modules
        .values()
        .flat_map(|m| m.calls.iter().filter_map(|c| c.local_dir(&m.dir)))
        .collect();
    model.roots = model
        .modules
        .keys()
        .filter(|dir| !called.contains(*dir))
        .cloned()
        .collect();

    let yaml: Vec<_> = snapshot
        .files()
        .filter(|f| {
            kubernetes::is_manifest_path(&f.path) && !crate::blueprint::is_blueprint_path(&f.path)
        })
        .filter(|f| options.selects(&f.path))
        .collect();
    let loaded: Vec<_> = yaml
        .par_iter()
        .map(|f| kubernetes::load_file(f, options.limits.decode_depth))
        .collect();
    for loaded in loaded {
        match loaded {
            Ok((mut manifests, mut errors)) => {
                model.manifests.append(&mut manifests);
                model.manifest_errors.append(&mut errors);
            }
            Err(too_deep) => {
                model.unparsed_files.insert(too_deep.file.clone());
                model.diagnostics.push(too_deep);
            }
        }
    }

    let plan_files: Vec<_> = snapshot
        .files()
        .filter(|f| plan_file::is_plan_file(f))
        .filter(|f| options.selects(&f.path))
        .collect();
    let loaded: Vec<_> = plan_files
        .par_iter()
        .map(|f| plan_file::load(f, &options.limits))
        .collect();
    for (file, loaded) in plan_files.iter().zip(loaded) {
        match loaded {
            Ok(mut resources) => model.planned.append(&mut resources),
            Err(diagnostic) => {
                model.unparsed_files.insert(file.path.clone());
                model.diagnostics.push(diagnostic);
            }
        }
    }
    model
        .planned
        .sort_unstable_by(|a, b| (&a.root, &a.address).cmp(&(&b.root, &b.address)));

    let loader = instantiate::Loader {
        modules: &model.modules,
        snapshot,
        tfvars: &tfvars,
        options,
    };
    let results = loader.load_roots(&model.roots);
    for (dir, mut root) in model.roots.clone().into_iter().zip(results) {
        model.resources.append(&mut root.resources);
        model.providers.append(&mut root.providers);
        model.moves.append(&mut root.moves);
        model
            .unexpanded
            .extend(root.unexpanded.drain(..).map(|a| (dir.clone(), a)));
        model.diagnostics.append(&mut root.diagnostics);
        model
            .variables
            .insert(dir.clone(), std::mem::take(&mut root.variables));
        model
            .tfvars_values
            .insert(dir.clone(), std::mem::take(&mut root.tfvars_values));
    }
    model
        .resources
        .sort_unstable_by(|a, b| (&a.root, &a.address).cmp(&(&b.root, &b.address)));
    model.diagnostics.sort();
    model.diagnostics.dedup();
    model
}

/// The directory part of a repo-relative path (`""` at the top).
pub fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

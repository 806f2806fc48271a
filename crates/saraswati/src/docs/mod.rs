//! Module docs: for each module of a tree, the facts terraform-docs extracts (inputs with their
//! full type, default, required, description, sensitive and validation rules; outputs;
//! providers and their version constraints; resources and data sources; module calls), as
//! plain data. [`tfdocs`] renders them in terraform-docs' formats (with [`config`], a
//! module's `.terraform-docs.yml`), [`inject`] keeps READMEs up to date, and
//! [`interface_changes`] compares two trees' module interfaces for Saraswati's review section.

pub mod config;
pub mod inject;
mod source;
pub mod tfdocs;

use std::collections::BTreeMap;

use serde::Serialize;

use aetheredge_model::iac::module::{expression_text, ModuleConfig};
use aetheredge_model::iac::Location;
use aetheredge_model::iac::{Mode, Model};
use aetheredge_model::repo::Snapshot;
use hcl::Expression;

use source::IGNORE_MARKER;

/// One module's documentation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModuleDoc {
    /// Repo-relative directory, `.` for the repo root.
    pub dir: String,
    /// The leading `/** … */` comment of the module's `main.tf`, if any.
    pub header: Option<String>,
    /// Required inputs first, then optional ones, each group sorted by name.
    pub inputs: Vec<Input>,
    pub outputs: Vec<Output>,
    /// The provider configurations the module's resources use (one per alias), with the
    /// version constraint `required_providers` gives.
    pub providers: Vec<ProviderRequirement>,
    /// `terraform`'s `required_version`, then each provider's version constraint by name.
    pub requirements: Vec<Requirement>,
    pub resources: Vec<ResourceRef>,
    pub data_sources: Vec<ResourceRef>,
    pub calls: Vec<ModuleCall>,
}

impl ModuleDoc {
    /// The docs of a directory without Terraform files: every section empty (terraform-docs
    /// documents such a directory too).
    pub fn empty(dir: &str) -> ModuleDoc {
        ModuleDoc {
            dir: dir.to_string(),
            header: None,
            inputs: Vec::new(),
            outputs: Vec::new(),
            providers: Vec::new(),
            requirements: Vec::new(),
            resources: Vec::new(),
            data_sources: Vec::new(),
            calls: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Input {
    pub name: String,
    /// The type constraint as written, nested object types included; without one, the
    /// kind of the default (`string`, `number`, `bool`, `list`, `map`), else `any`.
    #[serde(rename = "type")]
    pub type_expr: String,
    /// The default as HCL source; `None` when the input is required.
    pub default: Option<String>,
    /// The default as a JSON value (objects' keys sorted); `None` when the input is required.
    pub default_value: Option<serde_json::Value>,
    pub required: bool,
    pub description: Option<String>,
    pub sensitive: bool,
    pub validations: Vec<Validation>,
    pub file: String,
    pub line: u32,
}

/// A `validation` block of a variable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Validation {
    pub condition: String,
    pub error_message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Output {
    pub name: String,
    pub description: Option<String>,
    pub sensitive: bool,
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProviderRequirement {
    pub name: String,
    /// The configuration's alias (`ident` of `aws.ident`).
    pub alias: Option<String>,
    pub source: Option<String>,
    pub version: Option<String>,
    /// The first resource that uses it.
    pub file: String,
    pub line: u32,
}

/// A version constraint: `terraform`'s own, or a provider's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Requirement {
    pub name: String,
    pub version: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourceRef {
    /// `aws_instance.web`, `data.aws_ami.ubuntu`.
    pub address: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub name: String,
    /// The provider's local name (`aws`), the type's prefix unless the block names another.
    pub provider: String,
    /// The provider's source address (`hashicorp/aws` unless `required_providers` says).
    pub source: String,
    /// The exact provider version pinned by `required_providers`, else `latest`.
    pub version: String,
    pub description: Option<String>,
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModuleCall {
    pub name: String,
    /// The source without a `?ref=` suffix when that gives the version.
    pub source: String,
    /// The `version` argument, else the source's `?ref=`.
    pub version: Option<String>,
    pub description: Option<String>,
    /// The called directory when the source is local.
    pub local_dir: Option<String>,
    pub file: String,
    pub line: u32,
}

/// The docs of every module of a model, sorted by directory. `snapshot` holds the files' text:
/// the comments above blocks, headers and types as written are read from it.
pub fn collect(snapshot: &Snapshot, model: &Model) -> Vec<ModuleDoc> {
    model
        .modules
        .values()
        .map(|config| module_doc(snapshot, model, config))
        .collect()
}

/// A directory as docs name it: `.` for the repo root.
pub fn display_dir(dir: &str) -> String {
    if dir.is_empty() {
        ".".to_string()
    } else {
        dir.to_string()
    }
}

/// The source text of a module's files, and what it says above each block.
struct Sources<'a> {
    snapshot: &'a Snapshot,
}

impl Sources<'_> {
    fn text(&self, file: &str) -> &str {
        self.snapshot
            .get(file)
            .map(|f| &*f.text)
            .unwrap_or_default()
    }

    /// The comment right above the block at `at`.
    fn comment(&self, at: &Location) -> String {
        source::comment_above(self.text(&at.file), at.line)
    }
}

/// A block's description: its own, else the comment above it; `None` when both are empty.
fn description(own: Option<&str>, comment: &str) -> Option<String> {
    let own = own.map(|d| d.replace("\r\n", "\n")).unwrap_or_default();
    let text = if own.is_empty() {
        comment.to_string()
    } else {
        own
    };
    (!text.is_empty()).then_some(text)
}

/// The kind of a default as terraform-docs names it when a variable has no type.
fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::String(_) => "string",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Array(_) => "list",
        serde_json::Value::Object(_) => "map",
        serde_json::Value::Null => "any",
    }
}

/// A default as a JSON value, objects' keys sorted. A default that is not a constant (it
/// should be) is given as its HCL text.
fn default_value(expr: &Expression) -> serde_json::Value {
    use hcl::eval::Evaluate;
    let value = match expr.evaluate(&hcl::eval::Context::new()) {
        Ok(value) => serde_json::to_value(value).unwrap_or(serde_json::Value::Null),
        Err(_) => serde_json::Value::String(expression_text(expr)),
    };
    sorted_keys(value)
}

fn sorted_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let sorted: BTreeMap<String, serde_json::Value> =
                map.into_iter().map(|(k, v)| (k, sorted_keys(v))).collect();
            serde_json::Value::Object(sorted.into_iter().collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted_keys).collect())
        }
        other => other,
    }
}

/// A module source and its version: a `?ref=` suffix gives the version when the call has
/// no `version` argument.
fn split_ref(source: &str, version: Option<&str>) -> (String, Option<String>) {
    if let Some(v) = version.filter(|v| !v.is_empty()) {
        return (source.to_string(), Some(v.to_string()));
    }
    match source.rfind("?ref=") {
        Some(at) if at + "?ref=".len() < source.len() => (
            source[..at].to_string(),
            Some(source[at + "?ref=".len()..].to_string()),
        ),
        _ => (source.to_string(), None),
    }
}

/// The provider version a resource is documented with: an exact pin (`1.2.3`, `=1.2.3`,
/// `= 1.2.3`) of the last constraint, else `latest`.
fn resource_version(constraint: Option<&str>) -> String {
    let Some(last) = constraint
        .and_then(|c| c.split(',').next_back())
        .map(str::trim)
        .filter(|c| !c.is_empty())
    else {
        return "latest".into();
    };
    let parts: Vec<&str> = last.split(' ').collect();
    match parts.as_slice() {
        [one] if one.starts_with(|c: char| c.is_ascii_digit()) => one.to_string(),
        [one] if one.starts_with('=') => one[1..].to_string(),
        ["=", version] => version.to_string(),
        _ => "latest".into(),
    }
}

/// `terraform { required_version = … }` of the module's files, in file order.
fn required_versions(model: &Model, config: &ModuleConfig) -> Vec<String> {
    config
        .files
        .iter()
        .filter_map(|f| match model.files.get(f).map(|r| r.as_ref()) {
            Some(Ok(parsed)) => Some(parsed),
            _ => None,
        })
        .flat_map(|parsed| parsed.blocks.iter().filter(|b| b.kind == "terraform"))
        .filter_map(|b| {
            b.body
                .attributes()
                .find(|a| a.key.as_str() == "required_version")
                .map(|a| expression_text(&a.expr))
        })
        .collect()
}

/// The docs of one module.
pub(crate) fn module_doc(snapshot: &Snapshot, model: &Model, config: &ModuleConfig) -> ModuleDoc {
    let sources = Sources { snapshot };
    let written_types: BTreeMap<&str, BTreeMap<String, String>> = config
        .files
        .iter()
        .map(|f| (f.as_str(), source::variable_types(sources.text(f))))
        .collect();
    let mut inputs: Vec<Input> = config
        .variables
        .values()
        .filter_map(|v| {
            let comment = sources.comment(&v.location);
            if comment.contains(IGNORE_MARKER) {
                return None;
            }
            let default_value = v.default.as_ref().map(default_value);
            let written = written_types
                .get(v.location.file.as_str())
                .and_then(|t| t.get(&v.name));
            let type_expr = match (written, &v.type_expr, &default_value) {
                (Some(written), _, _) => written.clone(),
                (None, Some(expr), _) => expression_text(expr),
                (None, None, Some(value)) => kind_of(value).to_string(),
                (None, None, None) => "any".to_string(),
            };
            Some(Input {
                name: v.name.clone(),
                type_expr,
                default: v.default.as_ref().map(expression_text),
                default_value,
                required: v.default.is_none(),
                description: description(v.description.as_deref(), &comment),
                sensitive: v.sensitive,
                validations: validations(model, &v.location.file, &v.name),
                file: v.location.file.clone(),
                line: v.location.line,
            })
        })
        .collect();
    inputs.sort_by(|a, b| (!a.required, &a.name).cmp(&(!b.required, &b.name)));
    let outputs = config
        .outputs
        .values()
        .filter_map(|o| {
            let comment = sources.comment(&o.location);
            (!comment.contains(IGNORE_MARKER)).then(|| Output {
                name: o.name.clone(),
                description: description(o.description.as_deref(), &comment),
                sensitive: o.sensitive,
                file: o.location.file.clone(),
                line: o.location.line,
            })
        })
        .collect();
    let documented: Vec<(&aetheredge_model::iac::module::ResourceDecl, String)> = config
        .resources
        .iter()
        .map(|r| (r.as_ref(), sources.comment(&r.location)))
        .filter(|(_, comment)| !comment.contains(IGNORE_MARKER))
        .collect();
    let required = |name: &str| config.required_providers.get(name);
    // Providers: one per configuration (name and alias) the documented resources use.
    let mut providers: BTreeMap<(String, Option<String>), ProviderRequirement> = BTreeMap::new();
    for (r, _) in &documented {
        let (name, alias) = match r.provider.split_once('.') {
            Some((name, alias)) => (name.to_string(), Some(alias.to_string())),
            None => (r.provider.clone(), None),
        };
        let entry = providers
            .entry((name.clone(), alias.clone()))
            .or_insert_with(|| ProviderRequirement {
                source: required(&name).and_then(|p| p.source.clone()),
                version: required(&name).and_then(|p| p.version.clone()),
                name,
                alias,
                file: r.location.file.clone(),
                line: r.location.line,
            });
        if (&r.location.file, r.location.line) < (&entry.file, entry.line) {
            entry.file = r.location.file.clone();
            entry.line = r.location.line;
        }
    }
    let mut requirements: Vec<Requirement> = required_versions(model, config)
        .into_iter()
        .map(|version| Requirement {
            name: "terraform".into(),
            version: Some(version),
        })
        .collect();
    requirements.extend(
        config
            .required_providers
            .iter()
            .filter(|(_, p)| p.version.is_some())
            .map(|(name, p)| Requirement {
                name: name.clone(),
                version: p.version.clone(),
            }),
    );
    let reference = |r: &aetheredge_model::iac::module::ResourceDecl, comment: &str| {
        let provider = r.provider.split('.').next().unwrap_or_default().to_string();
        ResourceRef {
            address: match r.mode {
                Mode::Managed => format!("{}.{}", r.resource_type, r.name),
                Mode::Data => format!("data.{}.{}", r.resource_type, r.name),
            },
            resource_type: r.resource_type.clone(),
            name: r.name.clone(),
            source: required(&provider)
                .and_then(|p| p.source.clone())
                .unwrap_or_else(|| format!("hashicorp/{provider}")),
            version: resource_version(required(&provider).and_then(|p| p.version.as_deref())),
            provider,
            description: description(None, comment),
            file: r.location.file.clone(),
            line: r.location.line,
        }
    };
    let mut resources: Vec<ResourceRef> = documented
        .iter()
        .filter(|(r, _)| r.mode == Mode::Managed)
        .map(|(r, comment)| reference(r, comment))
        .collect();
    resources.sort_by(|a, b| a.address.cmp(&b.address));
    let mut data_sources: Vec<ResourceRef> = documented
        .iter()
        .filter(|(r, _)| r.mode == Mode::Data)
        .map(|(r, comment)| reference(r, comment))
        .collect();
    data_sources.sort_by(|a, b| a.address.cmp(&b.address));
    let mut calls: Vec<ModuleCall> = config
        .calls
        .iter()
        .filter_map(|c| {
            let comment = sources.comment(&c.location);
            if comment.contains(IGNORE_MARKER) {
                return None;
            }
            let (source, version) = split_ref(&c.source, c.version.as_deref());
            Some(ModuleCall {
                name: c.name.clone(),
                source,
                version,
                description: description(None, &comment),
                local_dir: c.local_dir(&config.dir),
                file: c.location.file.clone(),
                line: c.location.line,
            })
        })
        .collect();
    calls.sort_by(|a, b| a.name.cmp(&b.name));
    let main_tf = aetheredge_model::iac::module::join_path(&config.dir, "main.tf");
    let header =
        Some(source::leading_block_comment(sources.text(&main_tf))).filter(|h| !h.is_empty());
    ModuleDoc {
        dir: display_dir(&config.dir),
        header,
        inputs,
        outputs,
        providers: providers.into_values().collect(),
        requirements,
        resources,
        data_sources,
        calls,
    }
}

/// The validation blocks of variable `name` declared in `file`, read from the parsed file
/// (the module config keeps only what evaluation needs).
fn validations(model: &Model, file: &str, name: &str) -> Vec<Validation> {
    let Some(Ok(parsed)) = model.files.get(file).map(|r| r.as_ref()) else {
        return Vec::new();
    };
    parsed
        .blocks
        .iter()
        .filter(|b| b.kind == "variable" && b.labels.first().map(String::as_str) == Some(name))
        .flat_map(|b| {
            b.body
                .blocks()
                .filter(|v| v.identifier.as_str() == "validation")
        })
        .map(|v| {
            let get = |key: &str| {
                v.body
                    .attributes()
                    .find(|a| a.key.as_str() == key)
                    .map(|a| expression_text(&a.expr))
                    .unwrap_or_default()
            };
            Validation {
                condition: get("condition"),
                error_message: get("error_message"),
            }
        })
        .collect()
}

pub use aetheredge_core::report::{Change, InterfaceChange};

/// The root modules of a tree (those no module of the repo calls: what `terraform plan`
/// runs in), by directory as docs name it, with the variables the tfvars files read for
/// each set and where.
pub(crate) type RootValues = BTreeMap<String, BTreeMap<String, Location>>;

/// The root modules of a model and what their tfvars files set.
pub(crate) fn root_values(model: &Model) -> RootValues {
    model
        .roots
        .iter()
        .map(|root| {
            (
                display_dir(root),
                model.tfvars_values.get(root).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

/// Modules present in both trees whose interface (inputs, outputs) changed, sorted by module.
/// `roots` are the head tree's root modules: an input a root module now requires breaks no
/// caller, `terraform plan` needs a value for it, which a tfvars file may give.
pub(crate) fn interface_changes(
    base: &[ModuleDoc],
    head: &[ModuleDoc],
    roots: &RootValues,
) -> Vec<InterfaceChange> {
    let base: BTreeMap<&str, &ModuleDoc> = base.iter().map(|d| (d.dir.as_str(), d)).collect();
    let mut out = Vec::new();
    for new in head {
        let Some(old) = base.get(new.dir.as_str()) else {
            continue;
        };
        let changes = module_changes(old, new, roots.get(new.dir.as_str()));
        if !changes.is_empty() {
            out.push(InterfaceChange {
                module: new.dir.clone(),
                changes,
            });
        }
    }
    out
}

/// What a root module's newly required input means: not a broken caller, but a value
/// `terraform plan` needs; breaking unless a tfvars file read for the root sets it.
fn root_requirement(what: &str, name: &str, tfvars: &BTreeMap<String, Location>) -> (bool, String) {
    match tfvars.get(name) {
        Some(at) => (
            false,
            format!(
                "{what} in a root module (no module in the repo calls it): `terraform plan` needs a value for it, and {}:{} sets it",
                at.file, at.line
            ),
        ),
        None => (
            true,
            format!(
                "{what} in a root module (no module in the repo calls it): `terraform plan` needs a value for it, and no tfvars file read for this root (terraform.tfvars, *.auto.tfvars, the config's var_files) sets it"
            ),
        ),
    }
}

/// The changes from `old` to `new`; `root` holds what the tfvars files read for the module
/// set when it is a root module.
fn module_changes(
    old: &ModuleDoc,
    new: &ModuleDoc,
    root: Option<&BTreeMap<String, Location>>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    let old_inputs: BTreeMap<&str, &Input> =
        old.inputs.iter().map(|i| (i.name.as_str(), i)).collect();
    let new_inputs: BTreeMap<&str, &Input> =
        new.inputs.iter().map(|i| (i.name.as_str(), i)).collect();
    for (name, input) in &new_inputs {
        let change = |kind, breaking, detail: String| Change {
            kind,
            name: name.to_string(),
            breaking,
            detail,
            file: input.file.clone(),
            line: input.line,
        };
        match old_inputs.get(name) {
            None if input.required => {
                let (breaking, detail) = match root {
                    Some(tfvars) => root_requirement("a required input was added", name, tfvars),
                    None => (
                        true,
                        "a required input was added: every caller must now set it".into(),
                    ),
                };
                changes.push(change("input_added", breaking, detail));
            }
            None => changes.push(change(
                "input_added",
                false,
                format!(
                    "an optional input was added (default {})",
                    input.default.as_deref().unwrap_or("null")
                ),
            )),
            Some(before) => {
                if before.type_expr != input.type_expr {
                    changes.push(change(
                        "type_changed",
                        true,
                        format!("type {} → {}", before.type_expr, input.type_expr),
                    ));
                }
                match (&before.default, &input.default) {
                    (Some(_), None) => {
                        let (breaking, detail) = match root {
                            Some(tfvars) => root_requirement(
                                "the default was removed, so the input is required,",
                                name,
                                tfvars,
                            ),
                            None => (
                                true,
                                "the default was removed: callers that relied on it must now set it"
                                    .into(),
                            ),
                        };
                        changes.push(change("default_removed", breaking, detail));
                    }
                    (Some(a), Some(b)) if a != b => changes.push(change(
                        "default_changed",
                        false,
                        format!("default {a} → {b}: callers that do not set it get the new value"),
                    )),
                    _ => {}
                }
            }
        }
    }
    for (name, input) in &old_inputs {
        if !new_inputs.contains_key(name) {
            changes.push(Change {
                kind: "input_removed",
                name: name.to_string(),
                breaking: true,
                detail: "an input was removed: callers that set it fail".into(),
                file: input.file.clone(),
                line: 1,
            });
        }
    }
    let old_outputs: BTreeMap<&str, &Output> =
        old.outputs.iter().map(|o| (o.name.as_str(), o)).collect();
    let new_outputs: BTreeMap<&str, &Output> =
        new.outputs.iter().map(|o| (o.name.as_str(), o)).collect();
    for (name, output) in &new_outputs {
        if !old_outputs.contains_key(name) {
            changes.push(Change {
                kind: "output_added",
                name: name.to_string(),
                breaking: false,
                detail: "an output was added".into(),
                file: output.file.clone(),
                line: output.line,
            });
        }
    }
    for (name, output) in &old_outputs {
        if !new_outputs.contains_key(name) {
            changes.push(Change {
                kind: "output_removed",
                name: name.to_string(),
                breaking: true,
                detail: "an output was removed: callers that read it fail".into(),
                file: output.file.clone(),
                line: 1,
            });
        }
    }
    changes.sort_by(|a, b| (!a.breaking, a.kind, &a.name).cmp(&(!b.breaking, b.kind, &b.name)));
    changes
}

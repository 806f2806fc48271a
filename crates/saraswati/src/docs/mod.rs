//! Module docs: for each module of a tree, the facts terraform-docs extracts (inputs with their
//! full type, default, required, description, sensitive and validation rules; outputs;
//! providers and their version constraints; resources and data sources; module calls), as
//! plain data. [`markdown`] renders them, [`inject`] keeps READMEs up to date, and
//! [`interface_changes`] compares two trees' module interfaces for Saraswati's review section.

pub mod inject;
pub mod markdown;

use std::collections::BTreeMap;

use serde::Serialize;

use aetheredge_model::iac::module::{expression_text, ModuleConfig};
use aetheredge_model::iac::Location;
use aetheredge_model::iac::{Mode, Model};

/// One module's documentation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModuleDoc {
    /// Repo-relative directory, `.` for the repo root.
    pub dir: String,
    /// Required inputs first, then optional ones, each group sorted by name.
    pub inputs: Vec<Input>,
    pub outputs: Vec<Output>,
    pub providers: Vec<ProviderRequirement>,
    pub resources: Vec<ResourceRef>,
    pub data_sources: Vec<ResourceRef>,
    pub calls: Vec<ModuleCall>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Input {
    pub name: String,
    /// The type constraint as written, nested object types included (`any` when none).
    #[serde(rename = "type")]
    pub type_expr: String,
    /// The default as HCL source; `None` when the input is required.
    pub default: Option<String>,
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
    pub source: Option<String>,
    pub version: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourceRef {
    /// `aws_instance.web`, `data.aws_ami.ubuntu`.
    pub address: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModuleCall {
    pub name: String,
    pub source: String,
    pub version: Option<String>,
    /// The called directory when the source is local.
    pub local_dir: Option<String>,
    pub file: String,
    pub line: u32,
}

/// The docs of every module of a model, sorted by directory.
pub fn collect(model: &Model) -> Vec<ModuleDoc> {
    model
        .modules
        .values()
        .map(|config| module_doc(model, config))
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

/// The docs of one module.
pub(crate) fn module_doc(model: &Model, config: &ModuleConfig) -> ModuleDoc {
    let mut inputs: Vec<Input> = config
        .variables
        .values()
        .map(|v| Input {
            name: v.name.clone(),
            type_expr: v
                .type_expr
                .as_ref()
                .map(expression_text)
                .unwrap_or_else(|| "any".to_string()),
            default: v.default.as_ref().map(expression_text),
            required: v.default.is_none(),
            description: v.description.clone(),
            sensitive: v.sensitive,
            validations: validations(model, &v.location.file, &v.name),
            file: v.location.file.clone(),
            line: v.location.line,
        })
        .collect();
    inputs.sort_by(|a, b| (!a.required, &a.name).cmp(&(!b.required, &b.name)));
    let outputs = config
        .outputs
        .values()
        .map(|o| Output {
            name: o.name.clone(),
            description: o.description.clone(),
            sensitive: o.sensitive,
            file: o.location.file.clone(),
            line: o.location.line,
        })
        .collect();
    // Providers: those required, and those resources use without requiring them.
    let mut providers: BTreeMap<String, ProviderRequirement> = config
        .required_providers
        .iter()
        .map(|(name, r)| {
            (
                name.clone(),
                ProviderRequirement {
                    name: name.clone(),
                    source: r.source.clone(),
                    version: r.version.clone(),
                },
            )
        })
        .collect();
    for r in &config.resources {
        let name = r.provider.split('.').next().unwrap_or_default().to_string();
        providers
            .entry(name.clone())
            .or_insert(ProviderRequirement {
                name,
                source: None,
                version: None,
            });
    }
    let reference = |r: &aetheredge_model::iac::module::ResourceDecl| ResourceRef {
        address: match r.mode {
            Mode::Managed => format!("{}.{}", r.resource_type, r.name),
            Mode::Data => format!("data.{}.{}", r.resource_type, r.name),
        },
        resource_type: r.resource_type.clone(),
        file: r.location.file.clone(),
        line: r.location.line,
    };
    let mut resources: Vec<ResourceRef> = config
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed)
        .map(|r| reference(r))
        .collect();
    resources.sort_by(|a, b| a.address.cmp(&b.address));
    let mut data_sources: Vec<ResourceRef> = config
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Data)
        .map(|r| reference(r))
        .collect();
    data_sources.sort_by(|a, b| a.address.cmp(&b.address));
    let mut calls: Vec<ModuleCall> = config
        .calls
        .iter()
        .map(|c| ModuleCall {
            name: c.name.clone(),
            source: c.source.clone(),
            version: c.version.clone(),
            local_dir: c.local_dir(&config.dir),
            file: c.location.file.clone(),
            line: c.location.line,
        })
        .collect();
    calls.sort_by(|a, b| a.name.cmp(&b.name));
    ModuleDoc {
        dir: display_dir(&config.dir),
        inputs,
        outputs,
        providers: providers.into_values().collect(),
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

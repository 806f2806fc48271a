//! One module's docs in terraform-docs' formats, text for text: the same sections, order,
//! sorting, sanitizing and settings (`.terraform-docs.yml`), so READMEs and files kept with
//! terraform-docs do not change when the docs are generated here.

use std::fmt::Write;

use serde::Serialize;

use super::config::{Config, Section};
use super::{source, Input, ModuleCall, ModuleDoc, Output, ProviderRequirement, ResourceRef};

mod asciidoc;
mod markdown;
mod pretty;
mod text;
mod toml;
mod xml;
mod yaml;

/// The output formats, by terraform-docs' names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    MarkdownTable,
    MarkdownDocument,
    AsciidocTable,
    AsciidocDocument,
    Json,
    Yaml,
    Toml,
    Xml,
    Pretty,
    TfvarsHcl,
    TfvarsJson,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DocsError {
    #[error("unknown format `{0}`: use markdown table, markdown document, asciidoc table, asciidoc document, json, yaml, toml, xml, pretty, tfvars hcl or tfvars json")]
    UnknownFormat(String),
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

impl Format {
    /// A format named as terraform-docs names it (`markdown table`, `tfvars hcl`, …); a
    /// bare `markdown` or `asciidoc` is its table form, `md`/`adoc` abbreviate them,
    /// `tbl`/`doc` abbreviate `table`/`document`, and `-` may stand for the space.
    pub fn parse(name: &str) -> Result<Format, DocsError> {
        let words: Vec<String> = name
            .split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        Ok(match words.as_slice() {
            ["markdown" | "md"] | ["markdown" | "md", "table" | "tbl"] => Format::MarkdownTable,
            ["markdown" | "md", "document" | "doc"] => Format::MarkdownDocument,
            ["asciidoc" | "adoc"] | ["asciidoc" | "adoc", "table" | "tbl"] => Format::AsciidocTable,
            ["asciidoc" | "adoc", "document" | "doc"] => Format::AsciidocDocument,
            ["json"] => Format::Json,
            ["yaml"] => Format::Yaml,
            ["toml"] => Format::Toml,
            ["xml"] => Format::Xml,
            ["pretty"] => Format::Pretty,
            ["tfvars", "hcl"] => Format::TfvarsHcl,
            ["tfvars", "json"] => Format::TfvarsJson,
            _ => return Err(DocsError::UnknownFormat(name.to_string())),
        })
    }
}

/// An output's value as `terraform output -json` gives it.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct OutputValue {
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub value: serde_json::Value,
}

/// The outputs' values of a `terraform output -json` file, by output name; `file` names it
/// in errors.
pub fn parse_output_values(
    file: &str,
    text: &str,
) -> Result<std::collections::BTreeMap<String, OutputValue>, DocsError> {
    let values: std::collections::BTreeMap<String, OutputValue> = serde_json::from_str(text)
        .map_err(|e| DocsError::File {
            file: file.to_string(),
            message: format!(
                "line {}: not the JSON `terraform output -json` writes: {e}",
                e.line()
            ),
        })?;
    Ok(values
        .into_iter()
        .map(|(name, v)| {
            let value = sorted(v.value);
            (name, OutputValue { value, ..v })
        })
        .collect())
}

/// A JSON value as Go decodes and writes it: objects' keys sorted, whole numbers without
/// a fraction (`1.0` is `1`).
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                serde_json::Value::from(f as i64)
            }
            _ => serde_json::Value::Number(n),
        },
        serde_json::Value::Object(map) => {
            let map: std::collections::BTreeMap<String, serde_json::Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            serde_json::Value::Object(map.into_iter().collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

/// What a module's docs are rendered from: its facts, the settings, the text of its
/// header and footer files, and (when shown) its outputs' values.
pub struct Module<'a> {
    pub doc: &'a ModuleDoc,
    pub config: &'a Config,
    pub header: String,
    pub footer: String,
    pub output_values: Option<std::collections::BTreeMap<String, OutputValue>>,
}

impl<'a> Module<'a> {
    /// Reads the header and footer files the config names through `read` (a path relative to
    /// the module directory, `None` when there is no such file). A missing `main.tf` gives no
    /// header; any other missing file is an error naming it.
    pub fn new(
        doc: &'a ModuleDoc,
        config: &'a Config,
        read: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Module<'a>, DocsError> {
        let section = |from: &str, which: &str| -> Result<String, DocsError> {
            let ext = from.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
            if !["adoc", "md", "tf", "tofu", "txt"].contains(&ext) {
                return Err(DocsError::File {
                    file: from.to_string(),
                    message: format!(
                        "only .adoc, .md, .tf, .tofu and .txt files can give the {which}"
                    ),
                });
            }
            match read(from) {
                None if which == "header" && from == "main.tf" => Ok(String::new()),
                None => Err(DocsError::File {
                    file: from.to_string(),
                    message: format!("the {which} file does not exist"),
                }),
                Some(text) if ext == "tf" || ext == "tofu" => {
                    Ok(source::leading_block_comment(&text))
                }
                Some(text) => Ok(text),
            }
        };
        let header = if config.sections.shows(Section::Header, &config.footer_from) {
            section(&config.header_from, "header")?
        } else {
            String::new()
        };
        let footer = if config.sections.shows(Section::Footer, &config.footer_from) {
            section(&config.footer_from, "footer")?
        } else {
            String::new()
        };
        Ok(Module {
            doc,
            config,
            header,
            footer,
            output_values: None,
        })
    }

    /// The value an output is shown with when output values are shown: its value from
    /// the outputs file (`"null"` when the file lacks it, `<sensitive>` when sensitive),
    /// and whether it is sensitive.
    fn output_value(&self, output: &Output) -> Option<(serde_json::Value, bool)> {
        let values = self.output_values.as_ref()?;
        Some(match values.get(&output.name) {
            Some(v) if v.sensitive => (serde_json::Value::String("<sensitive>".into()), true),
            Some(v) => (v.value.clone(), false),
            None => (serde_json::Value::String("null".into()), false),
        })
    }

    /// An output's value as the text formats show it: indented JSON, empty when null.
    fn output_value_text(&self, output: &Output) -> Option<(String, bool)> {
        let (value, sensitive) = self.output_value(output)?;
        if sensitive {
            return Some(("<sensitive>".into(), true));
        }
        let text = json_text(&value, true);
        Some((if text == "null" { String::new() } else { text }, false))
    }

    /// The same module rendered with other settings.
    fn with_config<'b>(&self, config: &'b Config) -> Module<'b>
    where
        'a: 'b,
    {
        Module {
            doc: self.doc,
            config,
            header: self.header.clone(),
            footer: self.footer.clone(),
            output_values: self.output_values.clone(),
        }
    }

    fn shows(&self, section: Section) -> bool {
        self.config
            .sections
            .shows(section, &self.config.footer_from)
    }

    fn sort_by(&self) -> Option<&str> {
        self.config
            .sort
            .enabled
            .then_some(self.config.sort.by.as_str())
    }

    /// Inputs in the configured order.
    fn inputs(&self) -> Vec<&'a Input> {
        let mut inputs: Vec<&Input> = self.doc.inputs.iter().collect();
        match self.sort_by() {
            Some("required") => {
                inputs.sort_by(|a, b| (!a.required, &a.name).cmp(&(!b.required, &b.name)))
            }
            Some("type") => {
                inputs.sort_by(|a, b| (&a.type_expr, &a.name).cmp(&(&b.type_expr, &b.name)))
            }
            Some(_) => inputs.sort_by(|a, b| a.name.cmp(&b.name)),
            None => inputs.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line))),
        }
        inputs
    }

    fn outputs(&self) -> Vec<&'a Output> {
        let mut outputs: Vec<&Output> = self.doc.outputs.iter().collect();
        match self.sort_by() {
            Some(_) => outputs.sort_by(|a, b| a.name.cmp(&b.name)),
            None => outputs.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line))),
        }
        outputs
    }

    fn providers(&self) -> Vec<&'a ProviderRequirement> {
        let mut providers: Vec<&ProviderRequirement> = self.doc.providers.iter().collect();
        match self.sort_by() {
            Some(_) => providers.sort_by(|a, b| (&a.name, &a.alias).cmp(&(&b.name, &b.alias))),
            None => providers.sort_by(|a, b| {
                (&a.file, a.line, full_name(a)).cmp(&(&b.file, b.line, full_name(b)))
            }),
        }
        providers
    }

    /// Managed resources, then data sources, each by type and name (whatever the sort).
    fn resources(&self) -> Vec<(&'a ResourceRef, bool)> {
        let mut resources: Vec<(&ResourceRef, bool)> = Vec::new();
        if self.shows(Section::Resources) {
            resources.extend(self.doc.resources.iter().map(|r| (r, false)));
        }
        if self.shows(Section::DataSources) {
            resources.extend(self.doc.data_sources.iter().map(|r| (r, true)));
        }
        resources.sort_by(|(a, a_data), (b, b_data)| {
            (a_data, &a.resource_type, &a.name).cmp(&(b_data, &b.resource_type, &b.name))
        });
        resources
    }

    fn modules(&self) -> Vec<&'a ModuleCall> {
        let mut calls: Vec<&ModuleCall> = self.doc.calls.iter().collect();
        match self.sort_by() {
            Some("type") => calls.sort_by(|a, b| (&a.source, &a.name).cmp(&(&b.source, &b.name))),
            Some(_) => calls.sort_by(|a, b| a.name.cmp(&b.name)),
            None => calls.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line))),
        }
        calls
    }

    /// The module document as a JSON value (fields in order).
    fn document_value(&self) -> serde_json::Value {
        serde_json::to_value(self.document()).unwrap_or_default()
    }

    /// The module in terraform-docs' JSON, YAML and XML shape (hidden sections empty).
    fn document(&self) -> Document {
        let shown = |s| self.shows(s);
        Document {
            header: self.header.clone(),
            footer: self.footer.clone(),
            inputs: if shown(Section::Inputs) {
                self.inputs()
                    .into_iter()
                    .map(|i| DocInput {
                        name: i.name.clone(),
                        type_expr: i.type_expr.clone(),
                        description: i.description.clone(),
                        default: i.default_value.clone().unwrap_or(serde_json::Value::Null),
                        required: i.required,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            modules: if shown(Section::Modules) {
                self.modules()
                    .into_iter()
                    .map(|c| DocModule {
                        name: c.name.clone(),
                        source: c.source.clone(),
                        version: c.version.clone().unwrap_or_default(),
                        description: c.description.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            outputs: if shown(Section::Outputs) {
                self.outputs()
                    .into_iter()
                    .map(|o| DocOutput {
                        name: o.name.clone(),
                        description: o.description.clone(),
                        shown: self
                            .output_value(o)
                            .map(|(value, sensitive)| ShownValue { value, sensitive }),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            providers: if shown(Section::Providers) {
                self.providers()
                    .into_iter()
                    .map(|p| DocProvider {
                        name: p.name.clone(),
                        alias: p.alias.clone(),
                        version: p.version.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            requirements: if shown(Section::Requirements) {
                self.doc
                    .requirements
                    .iter()
                    .map(|r| DocRequirement {
                        name: r.name.clone(),
                        version: r.version.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            resources: self
                .resources()
                .into_iter()
                .map(|(r, data)| DocResource {
                    resource_type: short_type(r).to_string(),
                    name: r.name.clone(),
                    provider: r.provider.clone(),
                    source: r.source.clone(),
                    mode: if data { "data" } else { "managed" },
                    version: r.version.clone(),
                    description: r.description.clone(),
                })
                .collect(),
        }
    }
}

/// `aws.ident`, or `aws` without an alias.
fn full_name(p: &ProviderRequirement) -> String {
    match &p.alias {
        Some(alias) => format!("{}.{alias}", p.name),
        None => p.name.clone(),
    }
}

/// A resource's type without its provider's prefix (`private_key` of `tls_private_key`).
fn short_type(r: &ResourceRef) -> &str {
    r.resource_type
        .strip_prefix(&format!("{}_", r.provider))
        .unwrap_or(&r.resource_type)
}

#[derive(Serialize)]
struct Document {
    header: String,
    footer: String,
    inputs: Vec<DocInput>,
    modules: Vec<DocModule>,
    outputs: Vec<DocOutput>,
    providers: Vec<DocProvider>,
    requirements: Vec<DocRequirement>,
    resources: Vec<DocResource>,
}

#[derive(Serialize)]
struct DocInput {
    name: String,
    #[serde(rename = "type")]
    type_expr: String,
    description: Option<String>,
    default: serde_json::Value,
    required: bool,
}

#[derive(Serialize)]
struct DocModule {
    name: String,
    source: String,
    version: String,
    description: Option<String>,
}

#[derive(Serialize)]
struct DocOutput {
    name: String,
    description: Option<String>,
    #[serde(flatten)]
    shown: Option<ShownValue>,
}

/// An output's value and sensitivity, in the document only when output values are shown.
#[derive(Serialize)]
struct ShownValue {
    value: serde_json::Value,
    sensitive: bool,
}

#[derive(Serialize)]
struct DocProvider {
    name: String,
    alias: Option<String>,
    version: Option<String>,
}

#[derive(Serialize)]
struct DocRequirement {
    name: String,
    version: Option<String>,
}

#[derive(Serialize)]
struct DocResource {
    #[serde(rename = "type")]
    resource_type: String,
    name: String,
    provider: String,
    source: String,
    mode: &'static str,
    version: String,
    description: Option<String>,
}

/// JSON as terraform-docs writes it: two-space indent, and with `escape` on, `<`, `>` and
/// `&` in strings as `\u003c`, `\u003e`, `\u0026`.
fn json_text<T: Serialize>(value: &T, escape_html: bool) -> String {
    let mut out = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, text::GoJsonFormatter::new(escape_html));
    // Serializing plain data to memory cannot fail.
    let _ = value.serialize(&mut ser);
    String::from_utf8(out).unwrap_or_default()
}

/// A JSON value as the Default column and tfvars show it: indented, `<>&` unescaped.
fn json_value(value: &serde_json::Value) -> String {
    json_text(value, false)
}

/// The module's docs in `format`, without a trailing newline (as terraform-docs gives them).
pub fn render(module: &Module, format: Format) -> String {
    match format {
        Format::Json => json_text(&module.document(), module.config.settings.escape),
        Format::Yaml => yaml::yaml(&module.document_value()),
        Format::Xml => xml::xml(&module.document_value()),
        Format::Toml => {
            // Go's TOML encoder leaves out an output's `sensitive` when false.
            let mut doc = module.document_value();
            if let Some(outputs) = doc.get_mut("outputs").and_then(|o| o.as_array_mut()) {
                for output in outputs.iter_mut().filter_map(|o| o.as_object_mut()) {
                    if output.get("sensitive") == Some(&serde_json::Value::Bool(false)) {
                        output.remove("sensitive");
                    }
                }
            }
            toml::toml(&doc)
        }
        Format::MarkdownTable => markdown::table_format(module),
        Format::MarkdownDocument => markdown::document_format(module),
        Format::AsciidocTable => asciidoc::table_format(module),
        Format::AsciidocDocument => asciidoc::document_format(module),
        Format::Pretty => pretty::pretty(module),
        Format::TfvarsJson => {
            // tfvars list every input, whatever the sections.
            let map: serde_json::Map<String, serde_json::Value> = module
                .inputs()
                .into_iter()
                .map(|i| {
                    (
                        i.name.clone(),
                        i.default_value.clone().unwrap_or(serde_json::Value::Null),
                    )
                })
                .collect();
            json_text(&map, false)
        }
        Format::TfvarsHcl => tfvars_hcl(module),
    }
}

/// `name = default` per input, aligned as terraform-docs aligns them: a run of one-line
/// values shares the width of its longest name; multi-line values (and described inputs,
/// with `settings.description`) stand alone.
fn tfvars_hcl(module: &Module) -> String {
    let inputs = module.inputs();
    let described = |i: &Input| module.config.settings.description && i.description.is_some();
    let multiline = |i: &Input| match &i.default_value {
        Some(serde_json::Value::Array(a)) => !a.is_empty(),
        Some(serde_json::Value::Object(o)) => !o.is_empty(),
        _ => false,
    };
    let mut padding = vec![0; inputs.len()];
    let (mut longest, mut start) = (0, 0);
    for (i, input) in inputs.iter().enumerate() {
        if multiline(input) || described(input) {
            padding[start..i].fill(longest);
            padding[i] = input.name.len();
            longest = 0;
            start = i + 1;
        } else {
            longest = longest.max(input.name.len());
        }
    }
    padding[start..].fill(longest);
    let mut out = String::new();
    for (input, width) in inputs.iter().zip(padding) {
        let value = match (&input.default_value, input.required) {
            (Some(serde_json::Value::Null), false) => "null".to_string(),
            (Some(v), _) if !v.is_null() => json_value(v),
            _ => "\"\"".to_string(),
        };
        if described(input) {
            let comment = input
                .description
                .as_deref()
                .unwrap_or_default()
                .replace('\n', "\n# ");
            let _ = writeln!(out, "\n# {comment}\n{:<width$} = {value}\n", input.name);
        } else {
            let _ = writeln!(out, "{:<width$} = {value}", input.name);
        }
    }
    text::tidy(&out)
}

/// A module's config: its `.terraform-docs.yml` (or `.config/.terraform-docs.yml`) read
/// through `read` (a repo-relative path), else terraform-docs' defaults.
pub fn module_config(
    dir: &str,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, super::config::ConfigError> {
    for name in super::config::CONFIG_FILES {
        let path = module_path(dir, name);
        if let Some(text) = read(&path) {
            return super::config::parse(&path, &text);
        }
    }
    Ok(Config::default())
}

/// A path inside module `dir` (`.` is the repo root), repo-relative.
pub fn module_path(dir: &str, name: &str) -> String {
    if dir == "." || dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Every module's Markdown table under a heading naming its directory, section headings one
/// level down (the `docs` command without `--module`).
pub fn render_all(modules: &[Module]) -> String {
    let mut out = String::new();
    for (i, module) in modules.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let _ = writeln!(out, "# Module `{}`\n", module.doc.dir);
        let body = render(module, Format::MarkdownTable);
        let demoted: Vec<String> = body
            .split('\n')
            .map(|l| {
                if l.starts_with("## ") {
                    format!("#{l}")
                } else {
                    l.to_string()
                }
            })
            .collect();
        out.push_str(&demoted.join("\n"));
    }
    out.push('\n');
    out
}

/// The settings of the repo overview (`docs` without `--module`): every module in one
/// document, so no anchors (they would repeat across modules) and no header or footer (each
/// module is under a heading naming its directory); every input column, required inputs
/// first; `_` left as is (GitHub's Markdown needs no escape inside words).
pub fn overview_config() -> Config {
    let mut config = Config::default();
    config.sections.hide = vec!["header".into(), "footer".into()];
    config.sort.by = "required".into();
    config.settings.anchor = false;
    config.settings.escape = false;
    config
}

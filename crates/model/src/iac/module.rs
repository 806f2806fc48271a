//! Module configurations: the declarations of one directory of Terraform files, gathered
//! from its parsed files (variables, locals, resources, module calls, outputs, providers,
//! moved blocks), before anything is evaluated.

use std::collections::BTreeMap;
use std::sync::Arc;

use hcl::{Body, Expression};
use serde::Serialize;

use super::parse::{ParsedFile, TopBlock};
use super::Diagnostic;

/// Where a declaration is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
}

/// Everything declared in one directory.
#[derive(Debug, Default)]
pub struct ModuleConfig {
    /// Repo-relative directory, `""` for the repo root.
    pub dir: String,
    pub files: Vec<String>,
    pub variables: BTreeMap<String, VariableDecl>,
    pub locals: BTreeMap<String, LocalDecl>,
    pub outputs: BTreeMap<String, OutputDecl>,
    pub resources: Vec<Arc<ResourceDecl>>,
    pub calls: Vec<Arc<ModuleCallDecl>>,
    pub providers: Vec<ProviderDecl>,
    pub required_providers: BTreeMap<String, RequiredProvider>,
    pub moved: Vec<MovedDecl>,
    /// Files of this directory that did not parse.
    pub unparsed: Vec<String>,
    /// Indexes in `resources` by block name, so a reference (or a duplicate) finds its
    /// block at once.
    by_name: std::collections::HashMap<String, Vec<usize>>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct VariableDecl {
    pub name: String,
    pub type_expr: Option<Expression>,
    pub default: Option<Expression>,
    pub description: Option<String>,
    pub sensitive: bool,
    pub nullable: bool,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct LocalDecl {
    pub expr: Expression,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct OutputDecl {
    pub name: String,
    pub expr: Option<Expression>,
    pub description: Option<String>,
    pub sensitive: bool,
    pub location: Location,
}

/// Whether a resource block describes something Terraform manages or only reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Managed,
    Data,
}

/// A `resource` or `data` block.
#[derive(Debug)]
pub struct ResourceDecl {
    pub mode: Mode,
    pub resource_type: String,
    pub name: String,
    pub count: Option<Expression>,
    pub for_each: Option<Expression>,
    /// The provider configuration it names (`aws.west`), or its type's default.
    pub provider: String,
    /// The block as written, meta-arguments included (see [`ResourceDecl::arguments`]).
    pub block: Arc<TopBlock>,
    pub location: Location,
}

impl ResourceDecl {
    /// The attributes and nested blocks of the body, without meta-arguments.
    pub fn arguments(&self) -> impl Iterator<Item = &hcl::Structure> {
        self.block.body.iter().filter(|s| !is_meta_argument(s))
    }

    pub fn end_line(&self) -> u32 {
        self.block.end_line
    }

    /// The line of an attribute or nested block, or of the block itself.
    pub fn line_of(&self, member: &str) -> u32 {
        self.block
            .member_lines
            .get(member)
            .copied()
            .unwrap_or(self.location.line)
    }
}

fn is_meta_argument(structure: &hcl::Structure) -> bool {
    match structure {
        hcl::Structure::Attribute(a) => RESOURCE_META.contains(&a.key.as_str()),
        hcl::Structure::Block(b) => RESOURCE_META.contains(&b.identifier.as_str()),
    }
}

/// A `module` block.
#[derive(Debug)]
pub struct ModuleCallDecl {
    pub name: String,
    pub source: String,
    pub version: Option<String>,
    pub count: Option<Expression>,
    pub for_each: Option<Expression>,
    /// Input values by variable name.
    pub inputs: BTreeMap<String, Expression>,
    /// `providers = { aws = aws.west }`: child name to parent name.
    pub providers: BTreeMap<String, String>,
    pub location: Location,
}

impl ModuleCallDecl {
    /// The called directory when the source is a local path (`./x`, `../x`), relative to
    /// the repo root; `None` for registry and remote sources, which are recorded, not fetched.
    pub fn local_dir(&self, caller_dir: &str) -> Option<String> {
        if self.source.starts_with("./") || self.source.starts_with("../") {
            normalize_path(&join_path(caller_dir, &self.source))
        } else {
            None
        }
    }
}

/// A `provider` block.
#[derive(Debug, Clone)]
pub struct ProviderDecl {
    pub name: String,
    pub alias: Option<String>,
    pub body: Body,
    pub location: Location,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequiredProvider {
    pub source: Option<String>,
    pub version: Option<String>,
}

/// A `moved` block, with its addresses relative to the module it is written in.
#[derive(Debug, Clone)]
pub struct MovedDecl {
    pub from: String,
    pub to: String,
    pub location: Location,
}

/// Meta-arguments of a resource block, kept out of its attributes.
const RESOURCE_META: &[&str] = &[
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "provisioner",
    "connection",
];

impl ModuleConfig {
    /// The index in `resources` of the resource or data block `mode resource_type.name`.
    pub fn resource(&self, mode: Mode, resource_type: &str, name: &str) -> Option<usize> {
        self.by_name.get(name)?.iter().copied().find(|&i| {
            let decl = &self.resources[i];
            decl.mode == mode && decl.resource_type == resource_type
        })
    }

    /// Gathers the declarations of `dir` from its parsed files (path, parse result).
    pub(crate) fn from_files(dir: &str, files: &[(&str, &ParsedFile)]) -> ModuleConfig {
        let mut config = ModuleConfig {
            dir: dir.to_string(),
            ..ModuleConfig::default()
        };
        for (path, parsed) in files {
            config.files.push(path.to_string());
            for block in &parsed.blocks {
                config.add_block(path, block);
            }
        }
        config
    }

    fn add_block(&mut self, file: &str, block: &Arc<TopBlock>) {
        let location = Location {
            file: file.to_string(),
            line: block.line,
        };
        let label = |i: usize| block.labels.get(i).cloned().unwrap_or_default();
        match (block.kind.as_str(), block.labels.len()) {
            ("variable", 1) => {
                let name = label(0);
                let decl = VariableDecl {
                    name: name.clone(),
                    type_expr: attr(&block.body, "type").cloned(),
                    default: attr(&block.body, "default").cloned(),
                    description: string_attr(&block.body, "description"),
                    sensitive: bool_attr(&block.body, "sensitive").unwrap_or(false),
                    nullable: bool_attr(&block.body, "nullable").unwrap_or(true),
                    location: location.clone(),
                };
                if self.variables.insert(name.clone(), decl).is_some() {
                    self.duplicate(&location, &format!("variable \"{name}\""));
                }
            }
            ("locals", 0) => {
                for a in block.body.attributes() {
                    let name = a.key.to_string();
                    let line = block.member_lines.get(&name).copied().unwrap_or(block.line);
                    let loc = Location {
                        file: file.to_string(),
                        line,
                    };
                    let decl = LocalDecl {
                        expr: a.expr.clone(),
                        location: loc.clone(),
                    };
                    if self.locals.insert(name.clone(), decl).is_some() {
                        self.duplicate(&loc, &format!("local value \"{name}\""));
                    }
                }
            }
            ("output", 1) => {
                let name = label(0);
                let decl = OutputDecl {
                    name: name.clone(),
                    expr: attr(&block.body, "value").cloned(),
                    description: string_attr(&block.body, "description"),
                    sensitive: bool_attr(&block.body, "sensitive").unwrap_or(false),
                    location: location.clone(),
                };
                if self.outputs.insert(name.clone(), decl).is_some() {
                    self.duplicate(&location, &format!("output \"{name}\""));
                }
            }
            (kind @ ("resource" | "data"), 2) => {
                let mode = if kind == "data" {
                    Mode::Data
                } else {
                    Mode::Managed
                };
                let resource_type = label(0);
                let name = label(1);
                if self.resource(mode, &resource_type, &name).is_some() {
                    self.duplicate(&location, &format!("{kind} \"{resource_type}\" \"{name}\""));
                    return;
                }
                self.by_name
                    .entry(name.clone())
                    .or_default()
                    .push(self.resources.len());
                let provider = attr(&block.body, "provider")
                    .map(expression_text)
                    .unwrap_or_else(|| default_provider(&resource_type));
                self.resources.push(Arc::new(ResourceDecl {
                    mode,
                    resource_type,
                    name,
                    count: attr(&block.body, "count").cloned(),
                    for_each: attr(&block.body, "for_each").cloned(),
                    provider,
                    block: block.clone(),
                    location,
                }));
            }
            ("module", 1) => {
                let name = label(0);
                if self.calls.iter().any(|c| c.name == name) {
                    self.duplicate(&location, &format!("module \"{name}\""));
                    return;
                }
                let mut inputs = BTreeMap::new();
                for a in block.body.attributes() {
                    let key = a.key.as_str();
                    if ![
                        "source",
                        "version",
                        "count",
                        "for_each",
                        "providers",
                        "depends_on",
                    ]
                    .contains(&key)
                    {
                        inputs.insert(key.to_string(), a.expr.clone());
                    }
                }
                let providers = match attr(&block.body, "providers") {
                    Some(Expression::Object(map)) => map
                        .iter()
                        .map(|(k, v)| {
                            let key = match k {
                                hcl::ObjectKey::Identifier(id) => id.to_string(),
                                hcl::ObjectKey::Expression(e) => expression_text(e),
                                _ => String::new(),
                            };
                            (key, expression_text(v))
                        })
                        .collect(),
                    _ => BTreeMap::new(),
                };
                self.calls.push(Arc::new(ModuleCallDecl {
                    name,
                    source: string_attr(&block.body, "source").unwrap_or_default(),
                    version: string_attr(&block.body, "version"),
                    count: attr(&block.body, "count").cloned(),
                    for_each: attr(&block.body, "for_each").cloned(),
                    inputs,
                    providers,
                    location,
                }));
            }
            ("provider", 1) => self.providers.push(ProviderDecl {
                name: label(0),
                alias: string_attr(&block.body, "alias"),
                body: block.body.clone(),
                location,
            }),
            ("terraform", 0) => {
                for b in block
                    .body
                    .blocks()
                    .filter(|b| b.identifier.as_str() == "required_providers")
                {
                    for a in b.body.attributes() {
                        let (source, version) = match &a.expr {
                            Expression::Object(map) => {
                                let get = |k: &str| {
                                    map.iter().find_map(|(key, v)| match (key, v) {
                                        (hcl::ObjectKey::Identifier(id), Expression::String(s))
                                            if id.as_str() == k =>
                                        {
                                            Some(s.clone())
                                        }
                                        _ => None,
                                    })
                                };
                                (get("source"), get("version"))
                            }
                            Expression::String(v) => (None, Some(v.clone())),
                            _ => (None, None),
                        };
                        self.required_providers
                            .insert(a.key.to_string(), RequiredProvider { source, version });
                    }
                }
            }
            ("moved", 0) => {
                let from = attr(&block.body, "from").map(reference_text);
                let to = attr(&block.body, "to").map(reference_text);
                match (from, to) {
                    (Some(from), Some(to)) => self.moved.push(MovedDecl { from, to, location }),
                    _ => self.diagnostics.push(Diagnostic::error(
                        "brahma/invalid-moved",
                        &location,
                        "A moved block needs both `from` and `to` addresses.",
                    )),
                }
            }
            _ => {}
        }
    }

    fn duplicate(&mut self, location: &Location, what: &str) {
        self.diagnostics.push(Diagnostic::error(
            "brahma/duplicate-declaration",
            location,
            &format!(
                "Duplicate {what}: it is already declared in this module; names must be unique."
            ),
        ));
    }
}

/// The provider a resource type uses by default: the part of its type before the first `_`.
pub fn default_provider(resource_type: &str) -> String {
    resource_type
        .split('_')
        .next()
        .unwrap_or(resource_type)
        .to_string()
}

fn attr<'a>(body: &'a Body, name: &str) -> Option<&'a Expression> {
    body.attributes()
        .find(|a| a.key.as_str() == name)
        .map(|a| &a.expr)
}

fn string_attr(body: &Body, name: &str) -> Option<String> {
    match attr(body, name)? {
        Expression::String(s) => Some(s.clone()),
        Expression::TemplateExpr(t) => Some(t.to_string()),
        _ => None,
    }
}

fn bool_attr(body: &Body, name: &str) -> Option<bool> {
    match attr(body, name)? {
        Expression::Bool(b) => Some(*b),
        _ => None,
    }
}

/// An expression as HCL source text, e.g. `aws.west`.
pub fn expression_text(expr: &Expression) -> String {
    match expr {
        Expression::String(s) => s.clone(),
        other => hcl::format::to_string(other).unwrap_or_default(),
    }
}

/// An address written as a reference (`aws_instance.a`, `module.x`) or a string.
fn reference_text(expr: &Expression) -> String {
    expression_text(expr).split_whitespace().collect()
}

/// `a/b` joined with `../c` and the like, not yet normalized.
pub fn join_path(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

pub use aetheredge_core::path::normalize_path;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::parse::parse_file;

    #[test]
    fn declarations_are_gathered_with_meta_arguments_apart() {
        let text = r#"
variable "n" {
  type    = number
  default = 2
}
locals {
  name = "web"
}
resource "aws_instance" "web" {
  count    = var.n
  provider = aws.west
  ami      = "ami-1"
  lifecycle {
    create_before_destroy = true
  }
}
module "net" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
}
moved {
  from = aws_instance.old
  to   = aws_instance.web
}
"#;
        let parsed = parse_file("main.tf", text).unwrap();
        let config = ModuleConfig::from_files("", &[("main.tf", &parsed)]);
        assert!(config.variables.contains_key("n"));
        assert_eq!(config.locals["name"].location.line, 7);
        let web = &config.resources[0];
        assert_eq!(web.provider, "aws.west");
        assert!(web.count.is_some());
        let members: Vec<_> = web
            .arguments()
            .map(|s| match s {
                hcl::Structure::Attribute(a) => a.key.to_string(),
                hcl::Structure::Block(b) => b.identifier.to_string(),
            })
            .collect();
        assert_eq!(members, vec!["ami"]);
        assert_eq!(config.calls[0].local_dir(""), Some("modules/net".into()));
        assert_eq!(config.moved[0].from, "aws_instance.old");
    }

    #[test]
    fn a_block_declared_twice_is_refused_and_references_find_the_first() {
        let a = parse_file(
            "a.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"one\"\n}\ndata \"aws_s3_bucket\" \"b\" {\n  bucket = \"one\"\n}\n",
        )
        .unwrap();
        let b = parse_file(
            "b.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"two\"\n}\nresource \"aws_sqs_queue\" \"b\" {}\n",
        )
        .unwrap();
        let config = ModuleConfig::from_files("", &[("a.tf", &a), ("b.tf", &b)]);
        let duplicates: Vec<(&str, u32)> = config
            .diagnostics
            .iter()
            .filter(|d| d.rule_id == "brahma/duplicate-declaration")
            .map(|d| (d.file.as_str(), d.line))
            .collect();
        assert_eq!(duplicates, [("b.tf", 1)]);
        // The same name under another mode or type is another block.
        assert_eq!(config.resources.len(), 3);
        let found = |mode, t: &str| config.resource(mode, t, "b").map(|i| &config.resources[i]);
        assert_eq!(
            found(Mode::Managed, "aws_s3_bucket").unwrap().location.file,
            "a.tf"
        );
        assert_eq!(found(Mode::Data, "aws_s3_bucket").unwrap().mode, Mode::Data);
        assert!(found(Mode::Managed, "aws_sqs_queue").is_some());
        assert!(found(Mode::Data, "aws_sqs_queue").is_none());
    }

    #[test]
    fn paths_normalize_inside_the_repo_only() {
        assert_eq!(
            normalize_path("envs/prod/../../modules/web"),
            Some("modules/web".into())
        );
        assert_eq!(normalize_path("../outside"), None);
    }
}

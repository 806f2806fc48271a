//! Expansion: a blueprint becomes the resources, variables and outputs of one Terraform root
//! module, as plain data that [`super::terraform`] writes and the model loads. Every secure
//! default lives here: encryption on, private networking, nothing public unless the
//! blueprint says `public: true` with a reason. Each cloud is one module implementing
//! [`shapes::Shapes`], one small function per component; [`shapes::components`] calls them
//! in one order, and what the clouds do alike is written once in [`shapes`].

mod aws;
mod azure;
mod gcp;
mod shapes;

use std::collections::BTreeMap;

use super::schema::{Blueprint, Cloud};
use shapes::{a, b, components, s, Builder};

/// A Terraform expression as expansion writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Str(String),
    Num(i64),
    Bool(bool),
    List(Vec<Expr>),
    Map(BTreeMap<String, Expr>),
    /// `var.NAME`: a variable of the root module (its default is the blueprint's value).
    Var(String),
    /// A reference known only after apply, such as `aws_vpc.main.id`, or an expression over
    /// references such as a template (`"${x.y.arn}/*"`).
    Ref(String),
}

/// An argument or a nested block of a resource body.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Attr(String, Expr),
    Block(String, Vec<Item>),
}

/// One `resource` (or `data`) block.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpandedResource {
    pub data: bool,
    pub resource_type: String,
    pub name: String,
    /// `count = var.NAME`, with the variable's value.
    pub count: Option<(String, u32)>,
    pub body: Vec<Item>,
    /// The blueprint component it comes from (`network`, `storage.assets`…).
    pub component: String,
}

impl ExpandedResource {
    /// The Terraform addresses of its instances.
    pub fn addresses(&self) -> Vec<String> {
        let prefix = if self.data { "data." } else { "" };
        let base = format!("{prefix}{}.{}", self.resource_type, self.name);
        match self.count {
            Some((_, n)) => (0..n).map(|i| format!("{base}[{i}]")).collect(),
            None => vec![base],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub description: String,
    pub type_name: &'static str,
    pub default: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub name: String,
    pub description: String,
    pub value: Expr,
}

/// Everything a blueprint expands to.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    pub cloud: Cloud,
    /// `(local name, registry source, version constraint)`.
    pub provider: (&'static str, &'static str, &'static str),
    /// Arguments of the provider block.
    pub provider_config: Vec<Item>,
    pub variables: Vec<Variable>,
    pub resources: Vec<ExpandedResource>,
    pub outputs: Vec<Output>,
}

impl Expansion {
    /// The default value of a variable.
    pub fn variable(&self, name: &str) -> Option<&Expr> {
        self.variables
            .iter()
            .find(|v| v.name == name)
            .map(|v| &v.default)
    }
}

/// The Terraform name of a blueprint-chosen name (`static-site` → `static_site`).
pub(crate) fn tf_name(name: &str) -> String {
    name.replace('-', "_")
}

/// Expands a validated blueprint.
pub fn expand(bp: &Blueprint) -> Expansion {
    let provider = match bp.cloud {
        Cloud::Aws => ("aws", "hashicorp/aws", "~> 5.0"),
        Cloud::Gcp => ("google", "hashicorp/google", "~> 5.0"),
        Cloud::Azure => ("azurerm", "hashicorp/azurerm", "~> 3.0"),
    };
    let mut bld = Builder {
        bp,
        out: Expansion {
            cloud: bp.cloud,
            provider,
            provider_config: Vec::new(),
            variables: Vec::new(),
            resources: Vec::new(),
            outputs: Vec::new(),
        },
    };
    let region = bld.var(
        "region",
        "string",
        "Where everything is created.",
        s(&bp.region),
    );
    let environment = bld.var(
        "environment",
        "string",
        "The environment this stack serves.",
        s(&bp.environment),
    );
    let mut tags: BTreeMap<String, Expr> = bp.tags.iter().map(|(k, t)| (k.clone(), s(t))).collect();
    tags.entry("blueprint".into())
        .or_insert_with(|| s(&bp.name));
    tags.entry("environment".into())
        .or_insert_with(|| s(&bp.environment));
    tags.entry("managed-by".into())
        .or_insert_with(|| s("aetheredge"));
    bld.var(
        "tags",
        "map(string)",
        "Tags (labels on Google Cloud) on every resource that takes them.",
        Expr::Map(tags),
    );
    let _ = environment;
    match bp.cloud {
        Cloud::Aws => {
            bld.out.provider_config = vec![a("region", region)];
            components::<aws::Aws>(&mut bld);
        }
        Cloud::Gcp => {
            let project = bld.var(
                "project",
                "string",
                "The Google Cloud project.",
                s(bp.project.clone().unwrap_or_default()),
            );
            bld.out.provider_config = vec![a("project", project), a("region", region)];
            components::<gcp::Gcp>(&mut bld);
        }
        Cloud::Azure => {
            bld.out.provider_config = vec![b("features", vec![])];
            components::<azure::Azure>(&mut bld);
        }
    }
    bld.out
}

//! Terraform output: one root module per blueprint (`versions.tf`, `variables.tf`, `main.tf`,
//! `outputs.tf`), built as hcl-rs syntax trees, printed by hcl-rs and then aligned the way
//! `terraform fmt` aligns them. The same expansion always renders the same bytes.

use std::collections::BTreeMap;

use hcl::expr::{Expression, Object, ObjectKey, Traversal, TraversalOperator, Variable};
use hcl::{Attribute, Block, Body, Identifier};

use super::expand::{Expansion, Expr, Item};

/// Rendering failed inside hcl-rs (an identifier it refuses, a formatter error).
#[derive(Debug, thiserror::Error)]
#[error("cannot write Terraform: {0}")]
pub struct RenderError(String);

/// The files of the root module, by name.
pub fn render(expansion: &Expansion) -> Result<BTreeMap<String, String>, RenderError> {
    let mut files = BTreeMap::new();

    let (local, source, version) = expansion.provider;
    let mut required = Object::new();
    required.insert(
        ObjectKey::Identifier(ident(local)?),
        Expression::Object(Object::from([
            (
                ObjectKey::Identifier(ident("source")?),
                Expression::from(source),
            ),
            (
                ObjectKey::Identifier(ident("version")?),
                Expression::from(version),
            ),
        ])),
    );
    let versions = Body::builder()
        .add_block(
            Block::builder("terraform")
                .add_attribute(("required_version", ">= 1.5.0"))
                .add_block(
                    Block::builder("required_providers")
                        .add_attributes(object_attrs(required))
                        .build(),
                )
                .build(),
        )
        .add_block(
            Block::builder("provider")
                .add_label(local)
                .add_structures(items(&expansion.provider_config)?)
                .build(),
        )
        .build();
    files.insert("versions.tf".to_string(), format(&versions)?);

    let mut variables = Body::builder();
    for v in &expansion.variables {
        variables = variables.add_block(
            Block::builder("variable")
                .add_label(v.name.as_str())
                .add_attribute(("description", v.description.as_str()))
                .add_attribute(("type", type_expr(v.type_name)?))
                .add_attribute(("default", expr(&v.default)?))
                .build(),
        );
    }
    files.insert("variables.tf".to_string(), format(&variables.build())?);

    let mut main = Body::builder();
    for r in &expansion.resources {
        let mut block = Block::builder(if r.data { "data" } else { "resource" })
            .add_label(r.resource_type.as_str())
            .add_label(r.name.as_str());
        if let Some((var, _)) = &r.count {
            block = block.add_attribute(("count", expr(&Expr::Var(var.clone()))?));
        }
        main = main.add_block(block.add_structures(items(&r.body)?).build());
    }
    files.insert("main.tf".to_string(), format(&main.build())?);

    let mut outputs = Body::builder();
    for o in &expansion.outputs {
        outputs = outputs.add_block(
            Block::builder("output")
                .add_label(o.name.as_str())
                .add_attribute(("description", o.description.as_str()))
                .add_attribute(("value", expr(&o.value)?))
                .build(),
        );
    }
    files.insert("outputs.tf".to_string(), format(&outputs.build())?);
    Ok(files)
}

fn object_attrs(object: Object<ObjectKey, Expression>) -> Vec<Attribute> {
    object
        .into_iter()
        .map(|(k, v)| Attribute::new(k.to_string(), v))
        .collect()
}

fn ident(name: &str) -> Result<Identifier, RenderError> {
    Identifier::new(name).map_err(|e| RenderError(format!("{name:?}: {e}")))
}

/// A reference such as `var.region` or `aws_vpc.main.id` as a traversal.
fn raw(path: &str) -> Result<Expression, RenderError> {
    // A template (or a function call) over references is parsed as written.
    if path.contains(['(', '"']) {
        return path
            .parse::<Expression>()
            .map_err(|e| RenderError(format!("{path:?}: {e}")));
    }
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    let root = Variable::new(first).map_err(|e| RenderError(format!("{path:?}: {e}")))?;
    let ops: Vec<TraversalOperator> = parts
        .map(|p| ident(p).map(TraversalOperator::GetAttr))
        .collect::<Result<_, _>>()?;
    if ops.is_empty() {
        return Ok(Expression::Variable(root));
    }
    Ok(Expression::from(Traversal::new(root, ops)))
}

/// A type constraint such as `string` or `map(string)`.
fn type_expr(text: &str) -> Result<Expression, RenderError> {
    text.parse::<Expression>()
        .map_err(|e| RenderError(format!("type {text:?}: {e}")))
}

fn expr(e: &Expr) -> Result<Expression, RenderError> {
    Ok(match e {
        Expr::Str(s) => Expression::String(s.clone()),
        Expr::Num(n) => Expression::from(*n),
        Expr::Bool(b) => Expression::Bool(*b),
        Expr::List(items) => Expression::Array(items.iter().map(expr).collect::<Result<_, _>>()?),
        Expr::Map(map) => {
            let mut object = Object::new();
            for (k, v) in map {
                let key = match Identifier::new(k.as_str()) {
                    Ok(id) => ObjectKey::Identifier(id),
                    Err(_) => ObjectKey::Expression(Expression::String(k.clone())),
                };
                object.insert(key, expr(v)?);
            }
            Expression::Object(object)
        }
        Expr::Var(name) => raw(&format!("var.{name}"))?,
        Expr::Ref(path) => raw(path)?,
    })
}

fn items(list: &[Item]) -> Result<Vec<hcl::Structure>, RenderError> {
    list.iter()
        .map(|i| {
            Ok(match i {
                Item::Attr(k, e) => hcl::Structure::Attribute(Attribute::new(ident(k)?, expr(e)?)),
                Item::Block(name, body) => hcl::Structure::Block(
                    Block::builder(ident(name)?)
                        .add_structures(items(body)?)
                        .build(),
                ),
            })
        })
        .collect()
}

/// hcl-rs prints two-space indents; `terraform fmt` also separates top-level blocks by a
/// blank line and aligns the `=` of consecutive one-line attributes.
fn format(body: &Body) -> Result<String, RenderError> {
    let text = hcl::format::to_string(body).map_err(|e| RenderError(e.to_string()))?;
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && !line.starts_with([' ', '}']) && !line.is_empty() && !lines[i - 1].is_empty() {
            out.push('\n');
        }
        // hcl-rs prints an empty block as `name {  }`; terraform fmt writes `name {}`.
        match line.strip_suffix(" {  }") {
            Some(head) => out.push_str(&format!("{head} {{}}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    Ok(align(&out))
}

/// `key = value` of a one-line attribute: (indent, key).
fn one_line_attribute(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let (key, rest) = trimmed.split_once(" = ")?;
    let key_ok = !key.is_empty()
        && (key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || (key.starts_with('"') && key.ends_with('"')));
    let rest = rest.trim_end();
    let opens = rest.ends_with('{') || rest.ends_with('[') || rest.ends_with('(');
    (key_ok && !opens).then_some((indent, key))
}

/// Pads the keys of each run of one-line attributes at one indent so their `=` line up.
pub fn align(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 256);
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, _)) = one_line_attribute(lines[i]) else {
            out.push_str(lines[i]);
            i += 1;
            continue;
        };
        let mut j = i;
        let mut width = 0;
        while j < lines.len() {
            match one_line_attribute(lines[j]) {
                Some((ind, key)) if ind == indent => {
                    width = width.max(key.chars().count());
                    j += 1;
                }
                _ => break,
            }
        }
        for line in &lines[i..j] {
            let (_, key) = one_line_attribute(line).expect("checked above");
            let rest = &line[indent + key.len()..];
            out.push_str(&line[..indent]);
            out.push_str(key);
            out.push_str(&" ".repeat(width - key.chars().count()));
            out.push_str(rest);
        }
        i = j;
    }
    out
}

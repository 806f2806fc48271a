//! Healing: edits that make a root module's code declare what its Terraform state records.
//!
//! The code is edited in place, its formatting and comments kept: only the values that
//! differ change. Where a value is written decides where it is healed:
//!
//! - a literal (`instance_type = "t3.micro"`, a key of an object literal, an argument of a
//!   nested block) is rewritten where it is; a map key the state records but the code lacks
//!   is added to the object literal, and one the code has but the state lacks is removed;
//! - a value read straight from a root module variable (`instance_type = var.web_type`) is
//!   rewritten where the variable is set: the tfvars file that sets it, else its `default`,
//!   else a new line of the root's `terraform.tfvars`;
//! - anything else (a template, a local, a function call, a module input, a `for_each`
//!   value, a `dynamic` block) is not edited: the reason names the expression's file and line.
//!
//! An edit changes every instance that reads the same literal or variable (the instances of
//! a `count`, the other resources that read the variable). It is made only when each of them
//! records the same value there, so the edit heals them all; otherwise it is refused and
//! says which instance would then differ from its state. A variable also read outside
//! resources (a local, a module call, a provider) is never edited; outputs may read it.
//!
//! A resource the state records but the code no longer declares is written back as a block,
//! as `terraform plan -generate-config-out` would: its arguments from the provider's schema
//! (computed-only attributes, `id`, sensitive and write-only ones, null and empty values
//! left out), nested blocks as blocks, into `<root>/healed_<type>.tf` (appended to when it
//! exists), so the existing files stay as they are and the generated code reads as such.
//! Sensitive values are never written into code, JSON files (`.tf.json`, `.tfvars.json`) are
//! not edited, and a file that does not parse, or would not print back byte for byte, is
//! left alone: each refusal names the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use aetheredge_core::report::drift::DriftStatus;
use aetheredge_model::iac::module::{join_path, ResourceDecl};
use aetheredge_model::iac::{parent_dir, Mode, Model, Resource};
use hcl_edit::expr::{Expression, Object, ObjectKey, ObjectValueTerminator};
use hcl_edit::structure::{Attribute, Block, Body, Structure};
use hcl_edit::{Decorate, Decorated, Ident, Span};
use serde_json::{Map, Value as Json};

use crate::drift::{path_text, Difference, InstanceDrift, Step};

/// The edits that heal a root module's drift, and what they heal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Healing {
    /// The new full text of each edited or created file, by repository path.
    pub edits: BTreeMap<String, String>,
    pub healed: Vec<Healed>,
    pub not_healed: Vec<NotHealed>,
}

/// One difference (or one resource, for a generated block) the edits heal.
#[derive(Clone, Debug, PartialEq)]
pub struct Healed {
    pub address: String,
    /// The attribute path (`tags.Env`), empty for a generated block.
    pub path: String,
    /// Where the edit is: the file and the line of the value as it was (of the block, for
    /// a generated one).
    pub file: String,
    pub line: u32,
    /// `literal`, `terraform.tfvars sets var.web_type`, `default of var.x`, `block generated`,
    /// with the other instances the same edit changes.
    pub how: String,
}

/// A difference (or a resource) no edit heals, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct NotHealed {
    pub address: String,
    pub path: String,
    pub reason: String,
}

/// The edits that make root module `root` declare what its state records, for the drift
/// [`crate::drift::compare`] found. `read` gives a file's text by repository path.
pub fn heal(
    model: &Model,
    read: &dyn Fn(&str) -> Option<String>,
    root: &str,
    drift: &[InstanceDrift],
) -> Healing {
    let mut files = Files::new(read);
    let mut out = Healing::default();
    let mut planned = Vec::new();
    for instance in drift {
        match instance.status {
            DriftStatus::NotInState => out.not_healed.push(NotHealed {
                address: instance.address.clone(),
                path: String::new(),
                reason: "declared but never applied: the next apply creates it".into(),
            }),
            DriftStatus::NotInCode => generate(model, root, instance, drift, &mut files, &mut out),
            DriftStatus::Drifted => {
                let Some(resource) = instance.declared else {
                    continue;
                };
                for difference in &instance.differences {
                    let path = path_text(&difference.steps);
                    let refused = |reason: String| NotHealed {
                        address: instance.address.clone(),
                        path: path.clone(),
                        reason,
                    };
                    if difference.sensitive {
                        out.not_healed.push(refused(
                            "sensitive: set it through a secret variable".into(),
                        ));
                        continue;
                    }
                    match plan(model, root, resource, difference, &mut files) {
                        Ok(edit) => planned.push(edit),
                        Err(reason) => out.not_healed.push(refused(reason)),
                    }
                }
            }
        }
    }
    apply_planned(model, root, planned, &mut files, &mut out);
    out.edits = files.into_edits();
    out
}

// ---------------------------------------------------------------------------------------
// Files: read once, parsed with hcl-edit, edited in memory.

struct Files<'r> {
    read: &'r dyn Fn(&str) -> Option<String>,
    parsed: BTreeMap<String, Result<Parsed, String>>,
}

struct Parsed {
    text: String,
    /// As read: where the edits are found (spans point into `text`).
    original: Body,
    /// As edited.
    working: Body,
    changed: bool,
    /// Generated blocks appended after the edited body.
    appended: String,
}

impl<'r> Files<'r> {
    fn new(read: &'r dyn Fn(&str) -> Option<String>) -> Files<'r> {
        Files {
            read,
            parsed: BTreeMap::new(),
        }
    }

    /// The file at `path` parsed; a file that does not exist is empty when `create`.
    fn get(&mut self, path: &str, create: bool) -> Result<&mut Parsed, String> {
        if !self.parsed.contains_key(path) {
            let parsed = match (self.read)(path) {
                Some(text) => parse(path, text),
                None if create => parse(path, String::new()),
                None => Err(format!("{path} cannot be read")),
            };
            self.parsed.insert(path.to_string(), parsed);
        }
        match self.parsed.get_mut(path) {
            Some(Ok(parsed)) => Ok(parsed),
            Some(Err(reason)) => Err(reason.clone()),
            None => Err(format!("{path} cannot be read")),
        }
    }

    fn into_edits(self) -> BTreeMap<String, String> {
        self.parsed
            .into_iter()
            .filter_map(|(path, parsed)| {
                let parsed = parsed.ok()?;
                if !parsed.changed && parsed.appended.is_empty() {
                    return None;
                }
                let mut text = if parsed.changed {
                    parsed.working.to_string()
                } else {
                    parsed.text
                };
                if !parsed.appended.is_empty() {
                    if !text.is_empty() {
                        if !text.ends_with('\n') {
                            text.push('\n');
                        }
                        text.push('\n');
                    }
                    text.push_str(&parsed.appended);
                }
                Some((path, text))
            })
            .collect()
    }
}

fn parse(path: &str, text: String) -> Result<Parsed, String> {
    if path.ends_with(".json") {
        return Err(format!("{path} is JSON, which is not edited"));
    }
    let body = hcl_edit::parser::parse_body(&text).map_err(|e| {
        format!(
            "{path} does not parse at line {}, column {}: {}; it was not edited",
            e.location().line(),
            e.location().column(),
            e.message()
        )
    })?;
    if body.to_string() != text {
        return Err(format!(
            "{path} cannot be rewritten without changing its layout; it was not edited"
        ));
    }
    Ok(Parsed {
        working: body.clone(),
        original: body,
        text,
        changed: false,
        appended: String::new(),
    })
}

/// The 1-based line of byte `offset`.
fn line_at(text: &str, offset: usize) -> u32 {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() as u32 + 1)
}

/// The leading whitespace of the line holding byte `offset`.
fn indent_at(text: &str, offset: usize) -> String {
    let start = text
        .get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

// ---------------------------------------------------------------------------------------
// Planning: where each difference is written, and what edit heals it.

/// One step from a file's body to the value an edit changes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Nav {
    /// A top-level block by its type and labels: `resource "aws_instance" "web"`.
    Top(Vec<String>),
    /// An attribute of a body.
    Attr(String),
    /// The n-th unlabeled block of a type in a body.
    Block(String, usize),
    /// All unlabeled blocks of a type in a body (only last).
    Blocks(String),
    /// A key of an object literal.
    Key(String),
    /// An element of a tuple literal.
    Index(usize),
}

#[derive(Clone, Debug, PartialEq)]
enum Op {
    /// Write the value where the path ends.
    Set(Json),
    /// Remove the attribute or object key the path ends with.
    Remove,
    /// Add the object key the path ends with.
    Insert(Json),
    /// Replace the blocks the path ends with by these (a list of objects).
    ReplaceBlocks(Json),
    /// Add a top-level attribute (a tfvars line).
    Append(Json),
}

#[derive(Clone, Debug)]
struct Edit {
    file: String,
    navs: Vec<Nav>,
    op: Op,
    /// The indentation of the edited value's line, for multi-line values.
    indent: String,
}

/// What an edit's site feeds: the literal of one declaration, or a variable.
#[derive(Clone, Debug)]
enum Feed {
    Literal(Arc<ResourceDecl>),
    /// The variable, and where the resource reads it.
    Variable {
        name: String,
        file: String,
        span: Range<usize>,
    },
}

struct Planned {
    address: String,
    path: String,
    edit: Edit,
    line: u32,
    how: String,
    feed: Feed,
}

/// Where a path of a difference ends in the code.
enum Spot<'b> {
    /// The expression that writes the value.
    Value {
        navs: Vec<Nav>,
        expr: &'b Expression,
    },
    /// A variable reference, with the rest of the path inside the variable's value.
    Variable {
        name: String,
        rest: Vec<Step>,
        span: Range<usize>,
    },
    /// An object literal without the key.
    MissingKey { navs: Vec<Nav>, object: &'b Object },
    /// The nested blocks of a type.
    Blocks { navs: Vec<Nav>, first: &'b Block },
}

fn plan(
    model: &Model,
    root: &str,
    resource: &Resource,
    difference: &Difference,
    files: &mut Files,
) -> Result<Planned, String> {
    let decl = &resource.decl;
    let file = decl.location.file.clone();
    let parsed = files.get(&file, false)?;
    let labels = vec![
        "resource".to_string(),
        decl.resource_type.clone(),
        decl.name.clone(),
    ];
    let block = find_top_block(&parsed.original, &labels).ok_or_else(|| {
        format!(
            "{file}:{}: the code no longer declares this resource there",
            decl.location.line
        )
    })?;
    let here = Here {
        file: &file,
        text: &parsed.text,
    };
    let spot = walk_body(
        &block.body,
        &difference.steps,
        vec![Nav::Top(labels)],
        &here,
    )?;
    let planned = |edit: Edit, line: u32, how: String, feed: Feed| Planned {
        address: resource.address.clone(),
        path: path_text(&difference.steps),
        edit,
        line,
        how,
        feed,
    };
    match spot {
        Spot::Variable { name, rest, span } => {
            let feed = Feed::Variable {
                name: name.clone(),
                file: file.clone(),
                span,
            };
            if !resource.module.is_empty() || parent_dir(&file) != root {
                return Err(format!(
                    "a module input: var.{name} of {} is set by its module call; edit the call's argument",
                    resource.module
                ));
            }
            let (edit, line, how) = plan_variable(model, root, &name, &rest, difference, files)?;
            Ok(planned(edit, line, how, feed))
        }
        spot => {
            let (edit, line) = edit_at(spot, difference, &here)?;
            Ok(planned(
                edit,
                line,
                "literal".into(),
                Feed::Literal(decl.clone()),
            ))
        }
    }
}

/// The file being read, to name lines in reasons.
struct Here<'a> {
    file: &'a str,
    text: &'a str,
}

impl Here<'_> {
    fn line(&self, span: Option<Range<usize>>) -> u32 {
        span.map_or(1, |s| line_at(self.text, s.start))
    }

    fn computed(&self, expr: &Expression) -> String {
        format!(
            "computed from an expression at {}:{}",
            self.file,
            self.line(expr.span())
        )
    }

    fn no_longer(&self, at: Option<Range<usize>>, path: &[Step]) -> String {
        format!(
            "the code at {}:{} no longer has {}",
            self.file,
            self.line(at),
            path_text(path)
        )
    }
}

/// The edit that writes `difference.recorded` at `spot`, and the line it changes.
fn edit_at(spot: Spot, difference: &Difference, here: &Here) -> Result<(Edit, u32), String> {
    let recorded = &difference.recorded;
    let edit = |navs: Vec<Nav>, op: Op, indent: String| Edit {
        file: here.file.to_string(),
        navs,
        op,
        indent,
    };
    match spot {
        Spot::Value { navs, expr } => {
            if !is_literal(expr) {
                return Err(here.computed(expr));
            }
            let span = expr.span().unwrap_or(0..0);
            let op = if recorded.is_null() {
                if matches!(navs.last(), Some(Nav::Index(_))) {
                    return Err(format!(
                        "the state records no element where {}:{} writes one",
                        here.file,
                        here.line(Some(span))
                    ));
                }
                Op::Remove
            } else {
                Op::Set(recorded.clone())
            };
            Ok((
                edit(navs, op, indent_at(here.text, span.start)),
                here.line(Some(span)),
            ))
        }
        Spot::MissingKey { mut navs, object } => {
            if recorded.is_null() {
                return Err(here.no_longer(object.span(), &difference.steps));
            }
            let Some(Step::Key(key)) = difference.steps.last() else {
                return Err(here.no_longer(object.span(), &difference.steps));
            };
            if object
                .iter()
                .any(|(k, _)| matches!(k, ObjectKey::Expression(e) if !matches!(e, Expression::String(_))))
            {
                return Err(here.computed(&Expression::Object(object.clone())));
            }
            navs.push(Nav::Key(key.clone()));
            let span = object.span().unwrap_or(0..0);
            let indent = object
                .iter()
                .last()
                .and_then(|(k, _)| k.span())
                .map_or_else(
                    || format!("{}  ", indent_at(here.text, span.start)),
                    |s| indent_at(here.text, s.start),
                );
            Ok((
                edit(navs, Op::Insert(recorded.clone()), indent),
                here.line(Some(span)),
            ))
        }
        Spot::Blocks { navs, first } => {
            if !recorded.is_array() {
                return Err(format!(
                    "the state records {} where {}:{} writes blocks",
                    kind_of(recorded),
                    here.file,
                    here.line(first.span())
                ));
            }
            let span = first.span().unwrap_or(0..0);
            Ok((
                edit(
                    navs,
                    Op::ReplaceBlocks(recorded.clone()),
                    indent_at(here.text, span.start),
                ),
                here.line(Some(span)),
            ))
        }
        Spot::Variable { .. } => Err("a variable reference inside a variable's value".into()),
    }
}

fn kind_of(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a bool",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

/// Where variable `name` of root `root` is set, and the edit that writes the recorded value
/// there (at `rest` inside the variable's value).
fn plan_variable(
    model: &Model,
    root: &str,
    name: &str,
    rest: &[Step],
    difference: &Difference,
    files: &mut Files,
) -> Result<(Edit, u32, String), String> {
    let config = model
        .modules
        .get(root)
        .ok_or_else(|| format!("the root module {root:?} is not in the code"))?;
    let Some(variable) = config.variables.get(name) else {
        return Err(format!("var.{name} is not declared in the root module"));
    };
    if rest.is_empty() && difference.recorded.is_null() {
        return Err(format!(
            "the state records no value where var.{name} sets one; remove the reference by hand"
        ));
    }
    let sub = Difference {
        steps: rest.to_vec(),
        ..difference.clone()
    };
    if let Some(location) = model.tfvars_values.get(root).and_then(|v| v.get(name)) {
        let file = location.file.clone();
        let parsed = files.get(&file, false)?;
        let here = Here {
            file: &file,
            text: &parsed.text,
        };
        let attribute = parsed.original.get_attribute(name).ok_or_else(|| {
            format!(
                "{file}:{}: var.{name} is no longer set there",
                location.line
            )
        })?;
        let spot = walk_expr(
            &attribute.value,
            rest,
            vec![Nav::Attr(name.to_string())],
            &here,
        )?;
        let (edit, line) = edit_at(spot, &sub, &here)?;
        let how = format!("{file} sets var.{name}");
        return Ok((edit, line, how));
    }
    if variable.default.is_some() {
        let file = variable.location.file.clone();
        let parsed = files.get(&file, false)?;
        let here = Here {
            file: &file,
            text: &parsed.text,
        };
        let labels = vec!["variable".to_string(), name.to_string()];
        let default = find_top_block(&parsed.original, &labels)
            .and_then(|b| b.body.get_attribute("default"))
            .ok_or_else(|| {
                format!(
                    "{file}:{}: var.{name} no longer has a default there",
                    variable.location.line
                )
            })?;
        let spot = walk_expr(
            &default.value,
            rest,
            vec![Nav::Top(labels), Nav::Attr("default".into())],
            &here,
        )?;
        let (edit, line) = edit_at(spot, &sub, &here)?;
        return Ok((edit, line, format!("default of var.{name} ({file})")));
    }
    if !rest.is_empty() || difference.recorded.is_null() {
        return Err(format!(
            "var.{name} has no default and no tfvars value to edit; set it in terraform.tfvars"
        ));
    }
    let file = join_path(root, "terraform.tfvars");
    let parsed = files.get(&file, true)?;
    let line = parsed.text.lines().count() as u32 + 1;
    Ok((
        Edit {
            file: file.clone(),
            navs: vec![Nav::Attr(name.to_string())],
            op: Op::Append(difference.recorded.clone()),
            indent: String::new(),
        },
        line,
        format!("{file} now sets var.{name}"),
    ))
}

fn find_top_block<'b>(body: &'b Body, labels: &[String]) -> Option<&'b Block> {
    let (kind, labels) = labels.split_first()?;
    body.blocks()
        .find(|b| b.has_ident(kind) && b.has_exact_labels(labels))
}

/// Follows `steps` through a block body.
fn walk_body<'b>(
    body: &'b Body,
    steps: &[Step],
    mut navs: Vec<Nav>,
    here: &Here,
) -> Result<Spot<'b>, String> {
    let Some((Step::Key(name), rest)) = steps.split_first() else {
        return Err(here.no_longer(body.span(), steps));
    };
    if let Some(attribute) = body.get_attribute(name) {
        navs.push(Nav::Attr(name.clone()));
        return walk_expr(&attribute.value, rest, navs, here);
    }
    if let Some(dynamic) = body
        .blocks()
        .find(|b| b.has_ident("dynamic") && b.has_exact_labels(&[name.as_str()]))
    {
        return Err(format!(
            "generated by a dynamic block at {}:{}",
            here.file,
            here.line(dynamic.span())
        ));
    }
    let blocks: Vec<&Block> = body
        .blocks()
        .filter(|b| b.has_ident(name) && b.labels.is_empty())
        .collect();
    let Some(first) = blocks.first() else {
        return Err(here.no_longer(body.span(), steps));
    };
    match rest.split_first() {
        None => {
            navs.push(Nav::Blocks(name.clone()));
            Ok(Spot::Blocks { navs, first })
        }
        Some((Step::Index(i), rest)) => {
            let block = blocks
                .get(*i)
                .ok_or_else(|| here.no_longer(first.span(), steps))?;
            navs.push(Nav::Block(name.clone(), *i));
            walk_body(&block.body, rest, navs, here)
        }
        Some((Step::Key(_), _)) if blocks.len() == 1 => {
            navs.push(Nav::Block(name.clone(), 0));
            walk_body(&first.body, rest, navs, here)
        }
        Some(_) => Err(here.no_longer(first.span(), steps)),
    }
}

/// Follows `steps` through an expression.
fn walk_expr<'b>(
    expr: &'b Expression,
    steps: &[Step],
    mut navs: Vec<Nav>,
    here: &Here,
) -> Result<Spot<'b>, String> {
    if let Some((name, mut inner)) = variable_reference(expr) {
        inner.extend_from_slice(steps);
        return Ok(Spot::Variable {
            name,
            rest: inner,
            span: expr.span().unwrap_or(0..0),
        });
    }
    let Some((step, rest)) = steps.split_first() else {
        return Ok(Spot::Value { navs, expr });
    };
    match (step, expr) {
        (Step::Key(key), Expression::Object(object)) => {
            let found = object
                .iter()
                .find(|(k, _)| key_text(k) == Some(key.as_str()));
            match found {
                Some((_, value)) => {
                    navs.push(Nav::Key(key.clone()));
                    walk_expr(value.expr(), rest, navs, here)
                }
                None if rest.is_empty() => Ok(Spot::MissingKey { navs, object }),
                None => Err(here.no_longer(expr.span(), steps)),
            }
        }
        (Step::Index(i), Expression::Array(items)) => match items.get(*i) {
            Some(item) => {
                navs.push(Nav::Index(*i));
                walk_expr(item, rest, navs, here)
            }
            None => Err(here.no_longer(expr.span(), steps)),
        },
        (_, Expression::Object(_) | Expression::Array(_)) => {
            Err(here.no_longer(expr.span(), steps))
        }
        _ => Err(here.computed(expr)),
    }
}

/// The text of an object key written as an identifier or a plain string.
fn key_text(key: &ObjectKey) -> Option<&str> {
    match key {
        ObjectKey::Ident(ident) => Some(ident.as_str()),
        ObjectKey::Expression(Expression::String(s)) => Some(s.as_str()),
        ObjectKey::Expression(_) => None,
    }
}

/// `var.name` (with `.key`, `["key"]`, `[0]` after it) as the variable and the path inside it.
fn variable_reference(expr: &Expression) -> Option<(String, Vec<Step>)> {
    use hcl_edit::expr::TraversalOperator as Op;
    let Expression::Traversal(traversal) = expr else {
        return None;
    };
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    if root.as_str() != "var" {
        return None;
    }
    let mut operators = traversal.operators.iter();
    let Op::GetAttr(name) = operators.next()?.value() else {
        return None;
    };
    let mut steps = Vec::new();
    for operator in operators {
        steps.push(match operator.value() {
            Op::GetAttr(key) => Step::Key(key.to_string()),
            Op::Index(Expression::String(key)) => Step::Key(key.to_string()),
            Op::Index(Expression::Number(n)) => Step::Index(n.as_u64()? as usize),
            Op::LegacyIndex(i) => Step::Index(**i as usize),
            _ => return None,
        });
    }
    Some((name.to_string(), steps))
}

/// Whether an expression is a value written out: no reference, call or template
/// interpolation anywhere in it.
fn is_literal(expr: &Expression) -> bool {
    use hcl_edit::template::Element;
    match expr {
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_) => true,
        Expression::Array(items) => items.iter().all(is_literal),
        Expression::Object(object) => object
            .iter()
            .all(|(k, v)| key_text(k).is_some() && is_literal(v.expr())),
        Expression::Parenthesis(inner) => is_literal(inner.inner()),
        Expression::UnaryOp(op) => matches!(op.expr, Expression::Number(_)),
        Expression::StringTemplate(t) => t.iter().all(|e| matches!(e, Element::Literal(_))),
        Expression::HeredocTemplate(h) => {
            h.template.iter().all(|e| matches!(e, Element::Literal(_)))
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// Applying: one edit per site, when every instance it feeds records the same value.

fn apply_planned(
    model: &Model,
    root: &str,
    planned: Vec<Planned>,
    files: &mut Files,
    out: &mut Healing,
) {
    let mut sites: BTreeMap<(String, Vec<Nav>), Vec<Planned>> = BTreeMap::new();
    for p in planned {
        sites
            .entry((p.edit.file.clone(), p.edit.navs.clone()))
            .or_default()
            .push(p);
    }
    let mut uses = VariableUses::default();
    for (_, group) in sites {
        let verdict = check_site(model, root, &group, files, &mut uses).and_then(|others| {
            let edit = &group[0].edit;
            apply(files, edit)?;
            Ok(others)
        });
        match verdict {
            Ok(others) => {
                for p in group {
                    let also: Vec<&str> = others
                        .iter()
                        .filter(|a| **a != p.address)
                        .map(String::as_str)
                        .collect();
                    let how = match also.len() {
                        0 => p.how,
                        1 => format!(
                            "{}; the same edit changes {}, which records the same value",
                            p.how, also[0]
                        ),
                        _ => format!(
                            "{}; the same edit changes {}, which record the same value",
                            p.how,
                            also.join(", ")
                        ),
                    };
                    out.healed.push(Healed {
                        address: p.address,
                        path: p.path,
                        file: p.edit.file,
                        line: p.line,
                        how,
                    });
                }
            }
            Err(reason) => out.not_healed.extend(group.into_iter().map(|p| NotHealed {
                address: p.address,
                path: p.path,
                reason: reason.clone(),
            })),
        }
    }
}

/// Whether an edit at this site heals every instance it changes; the instances it changes.
fn check_site(
    model: &Model,
    root: &str,
    group: &[Planned],
    files: &mut Files,
    uses: &mut VariableUses,
) -> Result<BTreeSet<String>, String> {
    let first = &group[0];
    if let Some(other) = group.iter().find(|p| p.edit.op != first.edit.op) {
        return Err(format!(
            "{} and {} record different values at what the same code writes",
            first.address, other.address
        ));
    }
    let healed: BTreeSet<&str> = group.iter().map(|p| p.address.as_str()).collect();
    let mut changed = BTreeSet::new();
    match &first.feed {
        Feed::Literal(decl) => {
            for instance in model
                .resources
                .iter()
                .filter(|r| Arc::ptr_eq(&r.decl, decl))
            {
                if !healed.contains(instance.address.as_str()) {
                    return Err(format!(
                        "the same code at {}:{} declares {}, whose recorded value would then differ",
                        first.edit.file, first.line, instance.address
                    ));
                }
                changed.insert(instance.address.clone());
            }
        }
        Feed::Variable { name, .. } => {
            let read_at: BTreeSet<(&str, &str, usize)> = group
                .iter()
                .filter_map(|p| match &p.feed {
                    Feed::Variable { file, span, .. } => {
                        Some((p.address.as_str(), file.as_str(), span.start))
                    }
                    Feed::Literal(_) => None,
                })
                .collect();
            for at in uses.of(model, root, name, files) {
                match at.labels.first().map(String::as_str) {
                    Some("output") => continue,
                    Some("variable") if at.labels.get(1) == Some(name) => continue,
                    Some("resource") if at.labels.len() == 3 => {}
                    _ => {
                        return Err(format!(
                        "var.{name} is also read at {}:{} ({}), which the edit would change too",
                        at.file,
                        at.line,
                        at.labels.join(" ")
                    ))
                    }
                }
                for instance in model.resources.iter().filter(|r| {
                    r.root == root
                        && r.module.is_empty()
                        && r.mode == Mode::Managed
                        && r.resource_type == at.labels[1]
                        && r.name == at.labels[2]
                }) {
                    if !read_at.contains(&(instance.address.as_str(), at.file.as_str(), at.start)) {
                        return Err(format!(
                            "var.{name} also feeds {} ({}:{}), whose recorded value would then differ",
                            instance.address, at.file, at.line
                        ));
                    }
                    changed.insert(instance.address.clone());
                }
            }
        }
    }
    Ok(changed)
}

/// Where each variable of a root module is read, found once per root.
#[derive(Default)]
struct VariableUses {
    by_name: Option<BTreeMap<String, Vec<VariableUse>>>,
}

#[derive(Clone)]
struct VariableUse {
    file: String,
    start: usize,
    line: u32,
    /// The enclosing top-level block: `resource aws_instance web`, `locals`, `module app`.
    labels: Vec<String>,
}

impl VariableUses {
    fn of(&mut self, model: &Model, root: &str, name: &str, files: &mut Files) -> Vec<VariableUse> {
        let by_name = self.by_name.get_or_insert_with(|| {
            let mut found: BTreeMap<String, Vec<VariableUse>> = BTreeMap::new();
            let module_files = model
                .modules
                .get(root)
                .map(|m| m.files.clone())
                .unwrap_or_default();
            for file in module_files {
                let Ok(parsed) = files.get(&file, false) else {
                    continue;
                };
                for structure in parsed.original.iter() {
                    let labels = match structure {
                        Structure::Block(b) => std::iter::once(b.ident.to_string())
                            .chain(b.labels.iter().map(|l| l.as_str().to_string()))
                            .collect(),
                        Structure::Attribute(a) => vec![a.key.to_string()],
                    };
                    let mut visitor = Reads::default();
                    match structure {
                        Structure::Block(b) => hcl_edit::visit::Visit::visit_block(&mut visitor, b),
                        Structure::Attribute(a) => {
                            hcl_edit::visit::Visit::visit_attr(&mut visitor, a)
                        }
                    }
                    for (var, start) in visitor.0 {
                        found.entry(var).or_default().push(VariableUse {
                            file: file.clone(),
                            start,
                            line: line_at(&parsed.text, start),
                            labels: labels.clone(),
                        });
                    }
                }
            }
            found
        });
        by_name.get(name).cloned().unwrap_or_default()
    }
}

/// The `var.x` references of a tree, with where each starts.
#[derive(Default)]
struct Reads(Vec<(String, usize)>);

impl hcl_edit::visit::Visit for Reads {
    fn visit_expr(&mut self, expr: &Expression) {
        if let Expression::Traversal(traversal) = expr {
            if let (Expression::Variable(root), Some(first)) =
                (&traversal.expr, traversal.operators.first())
            {
                if root.as_str() == "var" {
                    if let hcl_edit::expr::TraversalOperator::GetAttr(name) = first.value() {
                        self.0
                            .push((name.to_string(), expr.span().map_or(0, |s| s.start)));
                    }
                }
            }
        }
        hcl_edit::visit::visit_expr(self, expr);
    }
}

/// Makes one edit in the working copy of its file.
fn apply(files: &mut Files, edit: &Edit) -> Result<(), String> {
    let parsed = files.get(&edit.file, matches!(edit.op, Op::Append(_)))?;
    let gone = || format!("{}: the code changed while it was edited", edit.file);
    let (last, parents) = edit.navs.split_last().ok_or_else(gone)?;
    let mut cursor = Cursor::Body(&mut parsed.working);
    for nav in parents {
        cursor = cursor.step(nav).ok_or_else(gone)?;
    }
    match (cursor, last, &edit.op) {
        (Cursor::Body(body), Nav::Attr(key), Op::Set(value)) => {
            let attribute = attribute_mut(body, key).ok_or_else(gone)?;
            replace(&mut attribute.value, value, &edit.indent)?;
        }
        (Cursor::Body(body), Nav::Attr(key), Op::Remove) => {
            body.remove_attribute(key).ok_or_else(gone)?;
        }
        (Cursor::Body(body), Nav::Attr(key), Op::Append(value)) => {
            let expr = to_expression(value, "")?;
            body.push(Attribute::new(
                Decorated::new(Ident::new(key.clone())),
                expr,
            ));
        }
        (Cursor::Body(body), Nav::Blocks(ident), Op::ReplaceBlocks(value)) => {
            replace_blocks(body, ident, value, &edit.indent)?;
        }
        (Cursor::Expr(Expression::Object(object)), Nav::Key(key), op) => match op {
            Op::Set(value) => {
                let (_, entry) = object
                    .iter_mut()
                    .find(|(k, _)| key_text(k) == Some(key.as_str()))
                    .ok_or_else(gone)?;
                replace(entry.expr_mut(), value, &edit.indent)?;
            }
            Op::Remove => remove_key(object, key).ok_or_else(gone)?,
            Op::Insert(value) => insert_key(object, key, value, &edit.indent)?,
            _ => return Err(gone()),
        },
        (Cursor::Expr(Expression::Array(items)), Nav::Index(i), Op::Set(value)) => {
            let item = items.get_mut(*i).ok_or_else(gone)?;
            replace(item, value, &edit.indent)?;
        }
        _ => return Err(gone()),
    }
    parsed.changed = true;
    Ok(())
}

enum Cursor<'b> {
    Body(&'b mut Body),
    Expr(&'b mut Expression),
}

impl<'b> Cursor<'b> {
    fn step(self, nav: &Nav) -> Option<Cursor<'b>> {
        match (self, nav) {
            (Cursor::Body(body), Nav::Top(labels)) => {
                let (kind, labels) = labels.split_first()?;
                let block =
                    nth_block_mut(body, 0, |b| b.has_ident(kind) && b.has_exact_labels(labels))?;
                Some(Cursor::Body(&mut block.body))
            }
            (Cursor::Body(body), Nav::Attr(key)) => {
                Some(Cursor::Expr(&mut attribute_mut(body, key)?.value))
            }
            (Cursor::Body(body), Nav::Block(ident, i)) => {
                let block = nth_block_mut(body, *i, |b| b.has_ident(ident) && b.labels.is_empty())?;
                Some(Cursor::Body(&mut block.body))
            }
            (Cursor::Expr(Expression::Object(object)), Nav::Key(key)) => {
                let (_, entry) = object
                    .iter_mut()
                    .find(|(k, _)| key_text(k) == Some(key.as_str()))?;
                Some(Cursor::Expr(entry.expr_mut()))
            }
            (Cursor::Expr(Expression::Array(items)), Nav::Index(i)) => {
                Some(Cursor::Expr(items.get_mut(*i)?))
            }
            _ => None,
        }
    }
}

fn attribute_mut<'b>(body: &'b mut Body, key: &str) -> Option<&'b mut Attribute> {
    let i = body
        .iter()
        .position(|s| matches!(s, Structure::Attribute(a) if a.has_key(key)))?;
    body.get_mut(i)?.as_attribute_mut()
}

fn nth_block_mut(body: &mut Body, n: usize, wanted: impl Fn(&Block) -> bool) -> Option<&mut Block> {
    let i = body
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, Structure::Block(b) if wanted(b)))
        .nth(n)?
        .0;
    body.get_mut(i)?.as_block_mut()
}

/// Writes `value` in place of `expr`, keeping what surrounds it (spaces, comments).
fn replace(expr: &mut Expression, value: &Json, indent: &str) -> Result<(), String> {
    let mut new = to_expression(value, indent)?;
    *new.decor_mut() = expr.decor().clone();
    *expr = new;
    Ok(())
}

fn to_expression(value: &Json, indent: &str) -> Result<Expression, String> {
    let text = render(value, indent);
    hcl_edit::parser::parse_expr(&text)
        .map_err(|e| format!("the recorded value does not make an HCL value: {e}"))
}

/// Removes an object key; a first key's leading line break passes to the next one.
fn remove_key(object: &mut Object, key: &str) -> Option<()> {
    let position = object.iter().position(|(k, _)| key_text(k) == Some(key))?;
    let found = object.iter().nth(position)?.0.clone();
    let (removed, _) = object.remove_entry(&found)?;
    if object.is_empty() {
        object.set_trailing("");
    } else if position == 0 {
        if let Some((mut next, _)) = object.iter_mut().next() {
            if let Some(prefix) = removed.decor().prefix() {
                let prefix = prefix.clone();
                next.decor_mut().set_prefix(prefix);
            }
        }
    }
    Some(())
}

/// Adds a key at the end of an object literal, laid out like the keys before it.
fn insert_key(object: &mut Object, key: &str, value: &Json, indent: &str) -> Result<(), String> {
    let mut new_key = object_key(key);
    let mut new_value = hcl_edit::expr::ObjectValue::new(to_expression(value, indent)?);
    let last = object.iter_mut().last();
    match last {
        Some((_, last_value)) if last_value.terminator() == ObjectValueTerminator::Newline => {
            new_key.decor_mut().set_prefix(indent.to_string());
            new_value.set_terminator(ObjectValueTerminator::Newline);
        }
        Some((_, last_value)) => {
            if last_value.terminator() == ObjectValueTerminator::None {
                last_value.set_terminator(ObjectValueTerminator::Comma);
                // The space before `}` moves behind the new last value.
                let decor = last_value.expr_mut().decor_mut();
                if let Some(suffix) = decor.suffix().cloned() {
                    decor.set_suffix("");
                    new_value.expr_mut().decor_mut().set_suffix(suffix);
                }
            }
            new_key.decor_mut().set_prefix(" ");
            new_value.set_terminator(ObjectValueTerminator::None);
        }
        None => {
            new_key.decor_mut().set_prefix(" ");
            new_value.set_terminator(ObjectValueTerminator::None);
            object.set_trailing(" ");
        }
    }
    object.insert(new_key, new_value);
    Ok(())
}

fn object_key(key: &str) -> ObjectKey {
    match Ident::try_new(key) {
        Ok(ident) => ObjectKey::Ident(Decorated::new(ident)),
        Err(_) => ObjectKey::Expression(Expression::String(Decorated::new(key.to_string()))),
    }
}

/// Replaces the unlabeled blocks `ident` of a body by blocks written from `value` (a list
/// of objects); the first block's leading comments stay.
fn replace_blocks(body: &mut Body, ident: &str, value: &Json, indent: &str) -> Result<(), String> {
    let Json::Array(items) = value else {
        return Err(format!("the state records {} for {ident}", kind_of(value)));
    };
    let positions: Vec<usize> = body
        .iter()
        .enumerate()
        .filter(
            |(_, s)| matches!(s, Structure::Block(b) if b.has_ident(ident) && b.labels.is_empty()),
        )
        .map(|(i, _)| i)
        .collect();
    let Some(&at) = positions.first() else {
        return Err(format!("no {ident} block to replace"));
    };
    let hint = body.get(at).and_then(Structure::as_block).cloned();
    let mut text = String::new();
    for (n, item) in items.iter().enumerate() {
        let Json::Object(map) = item else {
            return Err(format!("the state records {} in {ident}", kind_of(item)));
        };
        if n > 0 {
            text.push('\n');
        }
        text.push_str(&render_block(
            ident,
            map,
            &Shape::Hint(hint.as_ref().map(|b| &b.body)),
            indent,
        ));
    }
    let new: Body = if text.is_empty() {
        Body::new()
    } else {
        hcl_edit::parser::parse_body(&text)
            .map_err(|e| format!("the recorded {ident} blocks do not make HCL: {e}"))?
    };
    let prefix = body.get(at).and_then(|s| s.decor().prefix().cloned());
    for i in positions.iter().rev() {
        body.remove(*i);
    }
    let mut structures: Vec<Structure> = new.into_iter().collect();
    if let (Some(first), Some(prefix)) = (structures.first_mut(), prefix) {
        first.decor_mut().set_prefix(prefix);
    }
    for (offset, structure) in structures.into_iter().enumerate() {
        body.insert(at + offset, structure);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Rendering recorded values as HCL.

/// `value` as HCL text, laid out as `terraform fmt` would; lines after the first are
/// indented from `indent`.
fn render(value: &Json, indent: &str) -> String {
    match value {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => Expression::String(Decorated::new(s.clone())).to_string(),
        Json::Array(items) if items.is_empty() => "[]".into(),
        Json::Array(items) => {
            let scalars = items.iter().all(|v| !v.is_array() && !v.is_object());
            let inline: Vec<String> = items.iter().map(|v| render(v, indent)).collect();
            let one_line = format!("[{}]", inline.join(", "));
            if scalars && one_line.len() + indent.len() <= 100 {
                return one_line;
            }
            let inner = format!("{indent}  ");
            let mut text = "[\n".to_string();
            for item in items {
                text.push_str(&format!("{inner}{},\n", render(item, &inner)));
            }
            text.push_str(indent);
            text.push(']');
            text
        }
        Json::Object(map) if map.is_empty() => "{}".into(),
        Json::Object(map) => {
            let inner = format!("{indent}  ");
            let entries: Vec<(String, String)> = map
                .iter()
                .map(|(k, v)| (key_source(k), render(v, &inner)))
                .collect();
            format!("{{\n{}{indent}}}", aligned(&entries, &inner))
        }
    }
}

/// A key as written: bare when it is an identifier, quoted otherwise.
fn key_source(key: &str) -> String {
    object_key(key).to_string_key()
}

trait KeySource {
    fn to_string_key(&self) -> String;
}

impl KeySource for ObjectKey {
    fn to_string_key(&self) -> String {
        match self {
            ObjectKey::Ident(ident) => ident.to_string(),
            ObjectKey::Expression(expr) => expr.to_string(),
        }
    }
}

/// `key = value` lines, the `=` of consecutive one-line entries aligned as `terraform fmt`
/// aligns them.
fn aligned(entries: &[(String, String)], indent: &str) -> String {
    let mut text = String::new();
    let mut run_start = 0;
    while run_start < entries.len() {
        let mut run_end = run_start;
        while run_end < entries.len() && !entries[run_end].1.contains('\n') {
            run_end += 1;
        }
        let run_end = run_end.max(run_start + 1).min(entries.len());
        let width = entries[run_start..run_end]
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (key, value) in &entries[run_start..run_end] {
            let pad = width.saturating_sub(key.chars().count());
            text.push_str(&format!("{indent}{key}{} = {value}\n", " ".repeat(pad)));
        }
        run_start = run_end;
    }
    text
}

/// How a block's recorded object is written: which keys are nested blocks, which are
/// arguments.
enum Shape<'s> {
    /// From the provider's schema: only arguments, nested blocks as its block types.
    Schema(&'s aetheredge_schema::Block, &'s BTreeSet<String>),
    /// From a block as the code writes it: its nested blocks stay blocks.
    Hint(Option<&'s Body>),
}

/// `ident "label" … { … }` from a recorded object, indented from `indent`.
fn render_block(header: &str, map: &Map<String, Json>, shape: &Shape, indent: &str) -> String {
    let inner = format!("{indent}  ");
    let mut arguments = Vec::new();
    let mut blocks = Vec::new();
    for (key, value) in ordered(map, shape) {
        let nested_schema = match shape {
            Shape::Schema(block, _) => block.blocks.get(key),
            Shape::Hint(_) => None,
        };
        let hint = match shape {
            Shape::Hint(Some(body)) => body.get_blocks(key).find(|b| b.labels.is_empty()),
            _ => None,
        };
        if nested_schema.is_some() || hint.is_some() {
            let elements: Vec<&Map<String, Json>> = match value {
                Json::Array(items) => items.iter().filter_map(Json::as_object).collect(),
                Json::Object(one) => vec![one],
                _ => Vec::new(),
            };
            for element in elements {
                let sub = match (shape, nested_schema) {
                    (Shape::Schema(_, sensitive), Some(nested)) => {
                        Shape::Schema(&nested.block, sensitive)
                    }
                    _ => Shape::Hint(hint.map(|b| &b.body)),
                };
                blocks.push(render_block(key, element, &sub, &inner));
            }
            continue;
        }
        if let Shape::Schema(block, sensitive) = shape {
            let Some(attribute) = block.attributes.get(key) else {
                continue;
            };
            let argument = attribute.required || attribute.optional;
            if !argument
                || attribute.write_only
                || attribute.sensitive
                || key == "id"
                || sensitive.contains(key)
                || is_empty(value)
            {
                continue;
            }
        } else if value.is_null() {
            continue;
        }
        arguments.push((key_source(key), render(value, &inner)));
    }
    let mut text = format!("{indent}{header} {{\n");
    text.push_str(&aligned(&arguments, &inner));
    for block in blocks {
        if text.lines().count() > 1 {
            text.push('\n');
        }
        text.push_str(&block);
    }
    text.push_str(&format!("{indent}}}\n"));
    text
}

/// A block's keys in the order the code writes them (for a block written from the code's
/// own), the others by name as generated configuration orders them.
fn ordered<'m>(map: &'m Map<String, Json>, shape: &Shape) -> Vec<(&'m String, &'m Json)> {
    let written = |key: &str| match shape {
        Shape::Hint(Some(body)) => body.iter().position(|s| match s {
            Structure::Attribute(a) => a.has_key(key),
            Structure::Block(b) => b.has_ident(key),
        }),
        _ => None,
    };
    let mut entries: Vec<(&String, &Json)> = map.iter().collect();
    entries.sort_by_key(|(key, _)| (written(key).unwrap_or(usize::MAX), key.as_str()));
    entries
}

/// Null, `""`, `[]` or `{}`: what generated configuration leaves out.
fn is_empty(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::String(s) => s.is_empty(),
        Json::Array(items) => items.is_empty(),
        Json::Object(map) => map.is_empty(),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// Generating the block of a resource the code no longer declares.

fn generate(
    model: &Model,
    root: &str,
    instance: &InstanceDrift,
    drift: &[InstanceDrift],
    files: &mut Files,
    out: &mut Healing,
) {
    let refuse = |out: &mut Healing, reason: String| {
        out.not_healed.push(NotHealed {
            address: instance.address.clone(),
            path: String::new(),
            reason,
        })
    };
    let Some(recorded) = instance.recorded else {
        return;
    };
    if !recorded.module.is_empty() {
        return refuse(
            out,
            format!(
                "declared in {}: generating it needs that module's code; declare it there",
                recorded.module
            ),
        );
    }
    let resource = format!("{}.{}", recorded.resource_type, recorded.name);
    let index = instance.address.strip_prefix(&resource).unwrap_or_default();
    let meta = if index.is_empty() {
        String::new()
    } else {
        let declared = model.resources.iter().any(|r| {
            r.root == root
                && r.module.is_empty()
                && r.mode == Mode::Managed
                && r.resource_type == recorded.resource_type
                && r.name == recorded.name
        });
        if declared {
            return refuse(
                out,
                format!("the code still declares other instances of {resource}: raise its count or for_each to keep this one"),
            );
        }
        let siblings = drift
            .iter()
            .filter_map(|d| d.recorded)
            .filter(|r| {
                r.module.is_empty()
                    && r.resource_type == recorded.resource_type
                    && r.name == recorded.name
            })
            .count();
        if siblings > 1 {
            return refuse(
                out,
                format!("one of {siblings} recorded instances of {resource}: one block would not declare them faithfully; write its count or for_each by hand"),
            );
        }
        match index_meta(index) {
            Some(meta) => meta,
            None => {
                return refuse(
                    out,
                    format!("its index {index} cannot be declared alone by a count or for_each"),
                )
            }
        }
    };
    let Some(schema) = aetheredge_schema::resource(&recorded.resource_type) else {
        return refuse(
            out,
            format!(
                "no provider schema for {}: its arguments cannot be told from computed attributes",
                recorded.resource_type
            ),
        );
    };
    let sensitive: BTreeSet<String> = recorded
        .sensitive
        .iter()
        .filter(|path| !path.contains(['.', '[']))
        .cloned()
        .collect();
    for (key, attribute) in &schema.block.attributes {
        let value = recorded.attributes.get(key).unwrap_or(&Json::Null);
        if (attribute.required || attribute.optional)
            && (attribute.sensitive || sensitive.contains(key))
            && !value.is_null()
        {
            out.not_healed.push(NotHealed {
                address: instance.address.clone(),
                path: key.clone(),
                reason: "sensitive: set it through a secret variable".into(),
            });
        }
    }
    let header = format!(
        "resource {} {}",
        Expression::from(recorded.resource_type.clone()),
        Expression::from(recorded.name.clone())
    );
    let mut text = render_block(
        &header,
        &recorded.attributes,
        &Shape::Schema(&schema.block, &sensitive),
        "",
    );
    // The provider configuration that manages it, when it is not the default one: the
    // local name Terraform gives a provider by default (its type) and the alias.
    let provider = recorded.provider_alias.as_ref().map(|alias| {
        let local = recorded.provider.rsplit('/').next().unwrap_or_default();
        format!("provider = {local}.{alias}")
    });
    let metas: Vec<&str> = [meta.as_str()]
        .into_iter()
        .chain(provider.as_deref())
        .filter(|m| !m.is_empty())
        .collect();
    if !metas.is_empty() {
        let lines: String = metas.iter().map(|m| format!("  {m}\n")).collect();
        text = text.replacen(" {\n", &format!(" {{\n{lines}\n"), 1);
    }
    let file = join_path(root, &format!("healed_{}.tf", recorded.resource_type));
    let parsed = match files.get(&file, true) {
        Ok(parsed) => parsed,
        Err(reason) => return refuse(out, reason),
    };
    let before = if parsed.changed {
        parsed.working.to_string()
    } else {
        parsed.text.clone()
    };
    let mut line = before.lines().count() as u32 + parsed.appended.lines().count() as u32 + 1;
    if !before.is_empty() || !parsed.appended.is_empty() {
        line += 1;
    }
    if !parsed.appended.is_empty() {
        parsed.appended.push('\n');
    }
    parsed.appended.push_str(&text);
    out.healed.push(Healed {
        address: instance.address.clone(),
        path: String::new(),
        file,
        line,
        how: "block generated".into(),
    });
}

/// `count = 1` for `[0]`, `for_each = toset(["key"])` for `["key"]`.
fn index_meta(index: &str) -> Option<String> {
    let inner = index.strip_prefix('[')?.strip_suffix(']')?;
    if inner == "0" {
        return Some("count = 1".into());
    }
    let key: String = serde_json::from_str(inner).ok()?;
    Some(format!("for_each = toset([{}])", Expression::from(key)))
}

#[cfg(test)]
mod tests;

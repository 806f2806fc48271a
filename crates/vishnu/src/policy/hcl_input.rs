//! The input conftest's HCL2 parser gives a policy for one Terraform file, built from the
//! model's parsed syntax (conftest uses tmccombs/hcl2json; this reproduces its shape):
//!
//! - a block becomes nested objects keyed by its type then each label, ending in a **list**
//!   of bodies (`input.resource.aws_s3_bucket.logs[0].acl`; a repeated block appends to the
//!   list); nested blocks inside a body likewise (`versioning[0].enabled`);
//! - an attribute whose expression is a literal is its value (strings, numbers, bools,
//!   null, lists and objects of literals);
//! - anything else is the expression's text wrapped as `"${...}"` (`"${var.name}"`,
//!   `"${aws_kms_key.k.arn}"`); a string template keeps its `${...}` parts inline; a type
//!   expression (`type = list(string)`) is its bare text, as hcl2json leaves it.
//!
//! Expression text is printed from the syntax tree by hcl-rs's formatter, so unusual
//! spacing inside `${...}` may differ from the file's bytes (`a+b` prints as `a + b`).

use serde_json::{Map, Value as J};

use hcl::expr::{Expression, ObjectKey, Operation, TemplateExpr, UnaryOperator};
use hcl::{Body, Structure};

use aetheredge_model::iac::parse::ParsedFile;

/// The type keywords hcl2json leaves unwrapped.
const TYPE_PREFIXES: &[&str] = &[
    "string", "number", "bool", "list", "set", "map", "object", "tuple",
];

/// One parsed file as conftest's input document.
pub(crate) fn file_input(file: &ParsedFile) -> J {
    let mut out = Map::new();
    for block in &file.blocks {
        let labels: Vec<&str> = block.labels.iter().map(String::as_str).collect();
        insert_block(&mut out, &block.kind, &labels, body(&block.body));
    }
    for attribute in &file.attributes {
        out.insert(attribute.name.clone(), expression(&attribute.expr));
    }
    J::Object(out)
}

/// One parsed file as conftest's HCL1 parser (`--parser hcl1`) gives it: every object, a
/// block's body or a map, is a list of one object at each level
/// (`input.provider[0].google[0].project`, `input.resource[0].aws_s3_bucket[0].logs[0].acl`).
pub(crate) fn file_input_hcl1(file: &ParsedFile) -> J {
    let mut out = Map::new();
    for block in &file.blocks {
        let labels: Vec<&str> = block.labels.iter().map(String::as_str).collect();
        push_block_hcl1(&mut out, &block.kind, &labels, body_hcl1(&block.body));
    }
    for attribute in &file.attributes {
        out.insert(attribute.name.clone(), expression_hcl1(&attribute.expr));
    }
    J::Object(out)
}

fn body_hcl1(body: &Body) -> J {
    let mut out = Map::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(a) => {
                out.insert(a.key.to_string(), expression_hcl1(&a.expr));
            }
            Structure::Block(b) => {
                let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
                push_block_hcl1(&mut out, b.identifier.as_str(), &labels, body_hcl1(&b.body));
            }
        }
    }
    J::Object(out)
}

/// `kind "l1" "l2" { body }` → `out[kind] += [{l1: [{l2: [body]}]}]`.
fn push_block_hcl1(out: &mut Map<String, J>, kind: &str, labels: &[&str], body: J) {
    let mut value = body;
    for label in labels.iter().rev() {
        let mut level = Map::new();
        level.insert(label.to_string(), J::Array(vec![value]));
        value = J::Object(level);
    }
    match out.get_mut(kind) {
        Some(J::Array(list)) => list.push(value),
        Some(_) => {}
        None => {
            out.insert(kind.to_string(), J::Array(vec![value]));
        }
    }
}

/// An expression as HCL1 decodes it: as in HCL2's document, but a map is a list of one map.
fn expression_hcl1(expr: &Expression) -> J {
    match expr {
        Expression::Array(items) => J::Array(items.iter().map(expression_hcl1).collect()),
        Expression::Object(object) => J::Array(vec![J::Object(
            object
                .iter()
                .map(|(k, v)| (object_key(k), expression_hcl1(v)))
                .collect(),
        )]),
        other => expression(other),
    }
}

fn body(body: &Body) -> J {
    let mut out = Map::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(a) => {
                out.insert(a.key.to_string(), expression(&a.expr));
            }
            Structure::Block(b) => {
                let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
                insert_block(
                    &mut out,
                    b.identifier.as_str(),
                    &labels,
                    self::body(&b.body),
                );
            }
        }
    }
    J::Object(out)
}

/// `type "l1" "l2" { … }` → `out[type][l1][l2] = [ …, body ]`.
fn insert_block(out: &mut Map<String, J>, kind: &str, labels: &[&str], value: J) {
    let mut key = kind.to_string();
    let mut current = out;
    for label in labels {
        let slot = current
            .entry(key.clone())
            .or_insert_with(|| J::Object(Map::new()));
        if !slot.is_object() {
            // hcl2json refuses a label under an attribute of the same name; keep the
            // attribute and drop the block, as there is no faithful shape for both.
            return;
        }
        let J::Object(next) = slot else { return };
        current = next;
        key = label.to_string();
    }
    match current.get_mut(&key) {
        Some(J::Array(list)) => list.push(value),
        Some(_) => {}
        None => {
            current.insert(key, J::Array(vec![value]));
        }
    }
}

fn source(expr: &Expression) -> String {
    hcl::format::to_string(expr).unwrap_or_default()
}

fn wrap(expr: &Expression) -> J {
    let text = source(expr);
    if TYPE_PREFIXES.iter().any(|t| text.starts_with(t)) {
        return J::String(text);
    }
    J::String(format!("${{{text}}}"))
}

/// One expression as hcl2json renders it.
pub fn expression(expr: &Expression) -> J {
    match expr {
        Expression::Null => J::Null,
        Expression::Bool(b) => J::Bool(*b),
        Expression::Number(n) => serde_json::to_value(n).unwrap_or(J::Null),
        Expression::String(s) => J::String(s.clone()),
        Expression::Array(items) => J::Array(items.iter().map(expression).collect()),
        Expression::Object(object) => J::Object(
            object
                .iter()
                .map(|(k, v)| (object_key(k), expression(v)))
                .collect(),
        ),
        Expression::TemplateExpr(template) => template_expr(template),
        Expression::Operation(op) => match op.as_ref() {
            Operation::Unary(u)
                if matches!(u.operator, UnaryOperator::Neg)
                    && matches!(u.expr, Expression::Number(_)) =>
            {
                match &u.expr {
                    Expression::Number(n) => n
                        .as_f64()
                        .and_then(|f| serde_json::Number::from_f64(-f))
                        .map(|n| {
                            if n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                                J::from(n.as_f64().unwrap_or(0.0) as i64)
                            } else {
                                J::Number(n)
                            }
                        })
                        .unwrap_or(J::Null),
                    _ => wrap(expr),
                }
            }
            Operation::Unary(u)
                if matches!(u.operator, UnaryOperator::Not)
                    && matches!(u.expr, Expression::Bool(_)) =>
            {
                J::Bool(!matches!(u.expr, Expression::Bool(true)))
            }
            _ => wrap(expr),
        },
        _ => wrap(expr),
    }
}

fn object_key(key: &ObjectKey) -> String {
    match key {
        ObjectKey::Identifier(id) => id.to_string(),
        ObjectKey::Expression(Expression::String(s)) => s.clone(),
        ObjectKey::Expression(Expression::Variable(v)) => v.to_string(),
        ObjectKey::Expression(Expression::Traversal(_)) => match key {
            ObjectKey::Expression(e) => source(e),
            _ => String::new(),
        },
        ObjectKey::Expression(Expression::TemplateExpr(t)) => match template_expr(t) {
            J::String(s) => s,
            other => other.to_string(),
        },
        ObjectKey::Expression(e) => format!("${{{}}}", source(e)),
        _ => String::new(),
    }
}

/// A template: `"${x}"` alone is the expression `x` (a literal inside stays a literal);
/// anything else is the template text with its `${...}` and `%{...}` parts inline.
fn template_expr(template: &TemplateExpr) -> J {
    let raw = match template {
        TemplateExpr::QuotedString(s) => s.clone(),
        TemplateExpr::Heredoc(h) => h.template.clone(),
    };
    if let Some(inner) = raw
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .filter(|inner| !inner.contains("${") && !inner.contains('}'))
    {
        let inner = inner
            .trim()
            .trim_start_matches('~')
            .trim_end_matches('~')
            .trim();
        if let Ok(parsed) = inner.parse::<Expression>() {
            return match parsed {
                Expression::TemplateExpr(_) => J::String(raw),
                ref other => expression(other),
            };
        }
    }
    if matches!(template, TemplateExpr::QuotedString(_)) {
        J::String(unescape(&raw))
    } else {
        J::String(raw)
    }
}

/// The escapes of a quoted template, outside `${...}` (what hcl2json's literal parts hold).
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '$' | '%' if chars.peek() == Some(&'{') => {
                depth += 1;
                out.push(c);
            }
            '}' if depth > 0 => {
                depth -= 1;
                out.push(c);
            }
            '\\' if depth == 0 => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl1_makes_every_object_a_list_of_one() {
        let parsed = aetheredge_model::iac::parse::parse_file(
            "gke.tf",
            "provider \"google\" {\n  project = \"acme\"\n}\nresource \"google_container_cluster\" \"main\" {\n  resource_labels = { team = \"data\" }\n  node_config {\n    preemptible = true\n  }\n}\n",
        )
        .unwrap();
        let doc = file_input_hcl1(&parsed);
        assert_eq!(doc["provider"][0]["google"][0]["project"], "acme");
        let cluster = &doc["resource"][0]["google_container_cluster"][0]["main"][0];
        assert_eq!(cluster["resource_labels"][0]["team"], "data");
        assert_eq!(cluster["node_config"][0]["preemptible"], true);
    }
    use aetheredge_model::iac::parse::parse_file;

    fn input(text: &str) -> J {
        file_input(&parse_file("main.tf", text).unwrap())
    }

    #[test]
    fn blocks_nest_by_labels_and_end_in_lists() {
        let got = input(
            r#"
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.env}"
  acl    = "private"
  count  = 2
  force_destroy = false
  tags = { Owner = "team", Env = var.env }
  versioning {
    enabled = true
  }
}
resource "aws_s3_bucket" "data" {
  bucket = var.name
  kms    = "${aws_kms_key.k.arn}"
  n      = -1
  ports  = [80, 443]
}
variable "name" {
  type    = list(string)
  default = null
}
locals {
  a = 1
}
locals {
  b = upper("x")
}
"#,
        );
        let want = serde_json::json!({
            "resource": {
                "aws_s3_bucket": {
                    "logs": [{
                        "bucket": "logs-${var.env}",
                        "acl": "private",
                        "count": 2,
                        "force_destroy": false,
                        "tags": {"Owner": "team", "Env": "${var.env}"},
                        "versioning": [{"enabled": true}]
                    }],
                    "data": [{
                        "bucket": "${var.name}",
                        "kms": "${aws_kms_key.k.arn}",
                        "n": -1,
                        "ports": [80, 443]
                    }]
                }
            },
            "variable": {"name": [{"type": "list(string)", "default": null}]},
            "locals": [{"a": 1}, {"b": "${upper(\"x\")}"}]
        });
        assert_eq!(got, want);
    }

    #[test]
    fn provider_module_output_and_data_blocks() {
        let got = input(
            "provider \"aws\" {\n  region = \"eu-west-1\"\n}\nmodule \"net\" {\n  source = \"./net\"\n}\noutput \"id\" {\n  value = module.net.id\n}\ndata \"aws_ami\" \"u\" {\n  most_recent = true\n}\n",
        );
        assert_eq!(got["provider"]["aws"][0]["region"], "eu-west-1");
        assert_eq!(got["module"]["net"][0]["source"], "./net");
        assert_eq!(got["output"]["id"][0]["value"], "${module.net.id}");
        assert_eq!(got["data"]["aws_ami"]["u"][0]["most_recent"], true);
    }
}

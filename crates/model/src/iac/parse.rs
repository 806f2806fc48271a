//! Parsing: one Terraform file (`.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`) into its
//! top-level blocks and attributes, each with the lines it spans.
//!
//! The HCL parser (hcl-edit) keeps byte spans; we turn them into line numbers here and hand
//! the evaluator plain hcl-rs syntax trees. A file that does not parse becomes a
//! [`ParseFailure`] with the parser's line, column and message; nothing else is lost.

use std::collections::BTreeMap;

use hcl::{Block, Body, Expression};
use hcl_edit::Span;

use aetheredge_core::limits::{Limit, LimitExceeded, Limits};

/// A parsed file: its top-level blocks and attributes (attributes only matter in tfvars).
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub blocks: Vec<std::sync::Arc<TopBlock>>,
    pub attributes: Vec<TopAttribute>,
}

/// A top-level block such as `resource "aws_instance" "web" { … }`.
#[derive(Debug, Clone)]
pub struct TopBlock {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    pub line: u32,
    pub end_line: u32,
    /// The line of each attribute and nested block written directly in the body.
    pub member_lines: BTreeMap<String, u32>,
    /// For `kubernetes_*` resources only: every attribute and nested block at any depth, as
    /// (line, key, the text after `=` on that line), so a check of the Kubernetes object the
    /// resource declares can point at the line it judges.
    pub nested_keys: Vec<(u32, String, String)>,
}

/// A top-level attribute: a tfvars assignment, or an entry of a `locals` block.
#[derive(Debug, Clone)]
pub struct TopAttribute {
    pub name: String,
    pub expr: Expression,
    pub line: u32,
}

/// Why a file could not be parsed, and where.
#[derive(Debug, Clone)]
pub struct ParseFailure {
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// Set when the file was not parsed because it nests deeper than `limits.nesting_depth`.
    pub limit: Option<LimitExceeded>,
    /// The top-level blocks of the file that parse on their own (native syntax only): the
    /// rest of the file is still read, while the file as a whole stays unparsed.
    pub recovered: Vec<std::sync::Arc<TopBlock>>,
}

impl PartialEq for ParseFailure {
    fn eq(&self, other: &ParseFailure) -> bool {
        (self.line, self.column, &self.message, &self.limit)
            == (other.line, other.column, &other.message, &other.limit)
    }
}

/// Parses a file by its name: `.json` files use Terraform's JSON syntax, others native HCL.
/// Nesting is checked against the default `limits.nesting_depth`.
pub fn parse_file(path: &str, text: &str) -> Result<ParsedFile, ParseFailure> {
    parse_file_within(path, text, Limits::default().nesting_depth)
}

/// Parses a file whose brackets, interpolations and directives nest at most `nesting_depth`
/// deep: the parsers recurse, so deeper files are refused before they see them.
pub fn parse_file_within(
    path: &str,
    text: &str,
    nesting_depth: usize,
) -> Result<ParsedFile, ParseFailure> {
    let json = path.ends_with(".json");
    let nesting = if json {
        aetheredge_core::limits::yaml_nesting(text, nesting_depth)
    } else {
        super::budget::hcl_nesting(text, nesting_depth, false)
    };
    if let Err(deep) = nesting {
        let limit = LimitExceeded {
            limit: Limit::NestingDepth,
            max: nesting_depth,
            reached: deep.depth,
        };
        return Err(ParseFailure {
            line: deep.line,
            column: 1,
            message: limit.to_string(),
            limit: Some(limit),
            recovered: Vec::new(),
        });
    }
    if json {
        parse_json(text)
    } else {
        parse_hcl(text)
    }
}

/// Byte offsets to 1-based line numbers.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    fn line(&self, offset: usize) -> u32 {
        (self.0.partition_point(|&start| start <= offset)) as u32
    }
}

/// How many object keys written twice are dropped from one file before it counts as not
/// parsing (each drop parses the file again).
const DUPLICATE_KEY_REPAIRS: usize = 16;

fn parse_hcl(text: &str) -> Result<ParsedFile, ParseFailure> {
    let mut repaired: Option<String> = None;
    let mut repairs = 0;
    loop {
        let current = repaired.as_deref().unwrap_or(text);
        let failure = match parse_hcl_whole(current) {
            Ok(parsed) => return Ok(parsed),
            Err(failure) => failure,
        };
        // Terraform keeps the last of an object key written twice; the parser refuses it.
        if repairs < DUPLICATE_KEY_REPAIRS && failure.message.contains("redefined object key") {
            if let Some(next) = without_earlier_key(current, failure.line, failure.column) {
                repaired = Some(next);
                repairs += 1;
                continue;
            }
        }
        let mut failure = failure;
        failure.recovered = recover_blocks(text);
        return Err(failure);
    }
}

/// `text` with the earlier item of the object key redefined at (`line`, `column`) blanked
/// out, lines kept. The earlier item is found by the layout `terraform fmt` gives: the
/// nearest line above at the same indentation that starts with the same key, with nothing
/// less indented in between; it runs until the next line indented no deeper. `None` when
/// the layout does not say (keys on one line).
fn without_earlier_key(text: &str, line: u32, column: u32) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = usize::try_from(line).ok()?.checked_sub(1)?;
    let duplicate = lines.get(at)?;
    let indent = duplicate.len() - duplicate.trim_start().len();
    if column as usize != indent + 1 {
        return None;
    }
    let key_of = |l: &str| -> Option<String> {
        let rest = l.trim_start();
        let key: String = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.split('"').next()?.to_string()
        } else {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect()
        };
        let after = rest[rest.find(key.as_str())? + key.len()..].trim_start();
        (!key.is_empty() && (after.starts_with('=') || after.starts_with(':'))).then_some(key)
    };
    let key = key_of(duplicate)?;
    let depth = |l: &str| l.len() - l.trim_start().len();
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    let mut start = None;
    for i in (0..at).rev() {
        let l = lines[i];
        if blank(l) {
            continue;
        }
        if depth(l) < indent {
            return None;
        }
        if depth(l) == indent && key_of(l).as_deref() == Some(key.as_str()) {
            start = Some(i);
            break;
        }
    }
    let start = start?;
    let end = (start + 1..at)
        .find(|&i| !blank(lines[i]) && depth(lines[i]) <= indent)
        .unwrap_or(at);
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.iter().enumerate() {
        if (start..end).contains(&i) {
            out.extend(
                l.chars()
                    .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
            );
        } else {
            out.push_str(l);
        }
    }
    Some(out)
}

/// The top-level blocks of a file that does not parse, each parsed on its own: a block
/// starts on a line that begins, unindented, with an identifier and its labels before `{`,
/// and runs to the next such line. Each line is parsed once, so this stays linear.
fn recover_blocks(text: &str) -> Vec<std::sync::Arc<TopBlock>> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| starts_block(l))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let chunk: String = lines[start..end].concat();
        let Ok(parsed) = parse_hcl_whole(&chunk) else {
            continue;
        };
        let offset = start as u32;
        for block in parsed.blocks {
            let mut block = std::sync::Arc::unwrap_or_clone(block);
            block.line += offset;
            block.end_line += offset;
            for line in block.member_lines.values_mut() {
                *line += offset;
            }
            for (line, _, _) in &mut block.nested_keys {
                *line += offset;
            }
            out.push(std::sync::Arc::new(block));
        }
    }
    out
}

/// Whether a line opens a top-level block: `resource "aws_s3_bucket" "logs" {`.
fn starts_block(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_') {
        return false;
    }
    let Some((head, _)) = line.split_once('{') else {
        return false;
    };
    let mut words = head.split_whitespace();
    let ident_ok = words.next().is_some_and(|w| {
        w.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    ident_ok
        && words.all(|w| {
            (w.len() >= 2 && w.starts_with('"') && w.ends_with('"'))
                || w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

fn parse_hcl_whole(text: &str) -> Result<ParsedFile, ParseFailure> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| ParseFailure {
        line: e.location().line() as u32,
        column: e.location().column() as u32,
        message: e.message().to_string(),
        limit: None,
        recovered: Vec::new(),
    })?;
    let lines = LineIndex::new(text);
    let line_of = |span: Option<std::ops::Range<usize>>| {
        let span = span.unwrap_or(0..0);
        (
            lines.line(span.start),
            lines.line(span.end.saturating_sub(1)),
        )
    };
    let mut parsed = ParsedFile::default();
    for structure in body {
        match structure {
            hcl_edit::structure::Structure::Attribute(attr) => {
                let (line, _) = line_of(attr.span());
                let attr: hcl::Attribute = attr.into();
                parsed.attributes.push(TopAttribute {
                    name: attr.key.to_string(),
                    expr: attr.expr,
                    line,
                });
            }
            hcl_edit::structure::Structure::Block(block) => {
                let (line, end_line) = line_of(block.span());
                let mut member_lines = BTreeMap::new();
                for member in block.body.iter() {
                    let (name, span) = match member {
                        hcl_edit::structure::Structure::Attribute(a) => {
                            (a.key.value().to_string(), a.span())
                        }
                        hcl_edit::structure::Structure::Block(b) => {
                            (b.ident.value().to_string(), b.span())
                        }
                    };
                    member_lines.entry(name).or_insert(line_of(span).0);
                }
                let mut nested_keys = Vec::new();
                let kubernetes = block.ident.value().as_str() == "resource"
                    && block.labels.first().is_some_and(|l| {
                        let label: &str = l;
                        label.starts_with("kubernetes_")
                    });
                if kubernetes {
                    nested_key_lines(&block.body, text, &lines, &mut nested_keys);
                }
                let block: Block = block.into();
                parsed.blocks.push(std::sync::Arc::new(TopBlock {
                    kind: block.identifier.to_string(),
                    labels: block
                        .labels
                        .iter()
                        .map(|l| l.as_str().to_string())
                        .collect(),
                    body: block.body,
                    line,
                    end_line,
                    member_lines,
                    nested_keys,
                }));
            }
        }
    }
    Ok(parsed)
}

/// The keys of the objects an expression writes (`limits = { cpu = "1" }`, a raw manifest), at
/// any depth, arrays included. The depth is bounded by the nesting checked before parsing.
fn object_key_lines(
    expr: &hcl_edit::expr::Expression,
    text: &str,
    lines: &LineIndex,
    out: &mut Vec<(u32, String, String)>,
) {
    use hcl_edit::Span;
    match expr {
        hcl_edit::expr::Expression::Object(object) => {
            for (key, item) in object.iter() {
                if let Some(span) = key.span() {
                    let key_text = text[span.clone()].trim().trim_matches('"');
                    let value = item
                        .expr()
                        .span()
                        .map_or("", |v| text[v.start..].lines().next().unwrap_or("").trim());
                    out.push((
                        lines.line(span.start),
                        key_text.to_string(),
                        value.to_string(),
                    ));
                }
                object_key_lines(item.expr(), text, lines, out);
            }
        }
        hcl_edit::expr::Expression::Array(items) => {
            for item in items.iter() {
                object_key_lines(item, text, lines, out);
            }
        }
        _ => {}
    }
}

/// Every attribute and block of `body` at any depth, with its line and the text after `=`.
fn nested_key_lines(
    body: &hcl_edit::structure::Body,
    text: &str,
    lines: &LineIndex,
    out: &mut Vec<(u32, String, String)>,
) {
    use hcl_edit::Span;
    for member in body.iter() {
        match member {
            hcl_edit::structure::Structure::Attribute(a) => {
                let start = a.span().map_or(0, |s| s.start);
                let line_text = text[start..].lines().next().unwrap_or("");
                let value = line_text.split_once('=').map_or("", |(_, v)| v.trim());
                out.push((
                    lines.line(start),
                    a.key.value().to_string(),
                    value.to_string(),
                ));
                object_key_lines(&a.value, text, lines, out);
            }
            hcl_edit::structure::Structure::Block(b) => {
                let start = b.span().map_or(0, |s| s.start);
                out.push((
                    lines.line(start),
                    b.ident.value().to_string(),
                    String::new(),
                ));
                nested_key_lines(&b.body, text, lines, out);
            }
        }
    }
}

/// Terraform's JSON syntax: `{"resource": {"aws_instance": {"web": {…}}}}`. Strings are
/// templates, so `"${var.x}"` is an expression as in native syntax.
fn parse_json(text: &str) -> Result<ParsedFile, ParseFailure> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| ParseFailure {
        line: e.line() as u32,
        column: e.column() as u32,
        message: e.to_string(),
        limit: None,
        recovered: Vec::new(),
    })?;
    let serde_json::Value::Object(top) = json else {
        return Err(ParseFailure {
            line: 1,
            column: 1,
            message: "the top level of a Terraform JSON file must be an object".into(),
            limit: None,
            recovered: Vec::new(),
        });
    };
    let lines = JsonLines::new(text);
    let mut parsed = ParsedFile::default();
    for (kind, value) in &top {
        // Label depth per block type, as Terraform's JSON syntax defines it.
        let depth = match kind.as_str() {
            "resource" | "data" => 2,
            "variable" | "output" | "module" | "provider" => 1,
            "locals" | "terraform" | "moved" | "import" => 0,
            _ => {
                // A tfvars.json file: top-level attributes.
                parsed.attributes.push(TopAttribute {
                    name: kind.clone(),
                    expr: json_expression(value),
                    line: lines.find(kind),
                });
                continue;
            }
        };
        collect_json_blocks(kind, value, depth, &mut Vec::new(), &lines, &mut parsed);
    }
    Ok(parsed)
}

fn collect_json_blocks(
    kind: &str,
    value: &serde_json::Value,
    depth: usize,
    labels: &mut Vec<String>,
    lines: &JsonLines,
    out: &mut ParsedFile,
) {
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                collect_json_blocks(kind, item, depth, labels, lines, out);
            }
        }
        serde_json::Value::Object(map) if depth > 0 => {
            for (label, inner) in map {
                labels.push(label.clone());
                collect_json_blocks(kind, inner, depth - 1, labels, lines, out);
                labels.pop();
            }
        }
        serde_json::Value::Object(map) => {
            let line = labels
                .last()
                .map(|l| lines.find(l))
                .unwrap_or_else(|| lines.find(kind));
            let mut body = Vec::new();
            let mut member_lines = BTreeMap::new();
            for (key, v) in map {
                member_lines.insert(key.clone(), lines.find_after(key, line));
                body.push(hcl::Structure::Attribute(hcl::Attribute::new(
                    key.as_str(),
                    json_expression(v),
                )));
            }
            out.blocks.push(std::sync::Arc::new(TopBlock {
                kind: kind.to_string(),
                labels: labels.clone(),
                body: Body(body),
                line,
                end_line: line,
                member_lines,
                nested_keys: Vec::new(),
            }));
        }
        _ => {}
    }
}

/// A JSON value as an HCL expression: strings become templates when they interpolate.
fn json_expression(value: &serde_json::Value) -> Expression {
    use serde_json::Value as J;
    match value {
        J::Null => Expression::Null,
        J::Bool(b) => Expression::Bool(*b),
        J::Number(n) => n
            .as_f64()
            .and_then(hcl::Number::from_f64)
            .map(Expression::Number)
            .unwrap_or(Expression::Null),
        J::String(s) if s.contains("${") || s.contains("%{") => {
            Expression::TemplateExpr(Box::new(hcl::TemplateExpr::QuotedString(s.clone())))
        }
        J::String(s) => Expression::String(s.clone()),
        J::Array(items) => Expression::Array(items.iter().map(json_expression).collect()),
        J::Object(map) => Expression::Object(
            map.iter()
                .map(|(k, v)| (hcl::ObjectKey::from(k.as_str()), json_expression(v)))
                .collect(),
        ),
    }
}

/// Finds the line of a key in JSON text, as the JSON parser keeps no positions.
struct JsonLines<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> JsonLines<'a> {
    fn new(text: &'a str) -> JsonLines<'a> {
        JsonLines {
            text,
            index: LineIndex::new(text),
        }
    }

    fn find(&self, key: &str) -> u32 {
        self.find_after(key, 1)
    }

    fn find_after(&self, key: &str, line: u32) -> u32 {
        let start = self
            .index
            .0
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0);
        let needle = format!("\"{key}\"");
        self.text[start..]
            .find(&needle)
            .map(|i| self.index.line(start + i))
            .unwrap_or(line)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_object_key_written_twice_keeps_the_last_as_terraform_does() {
        let text = "locals {\n  groups = {\n    web = {\n      port     = 80\n      protocol = \"HTTP\"\n      health = {\n        path = \"/\"\n      }\n      port = 8080\n    }\n  }\n}\n";
        let parsed = parse_file("main.tf", text).unwrap();
        let locals = &parsed.blocks[0];
        assert_eq!((locals.line, locals.end_line), (1, 12));
        let body = format!("{:?}", locals.body);
        assert!(
            body.contains("8080") && !body.contains("Number(80)"),
            "{body}"
        );
        // Keys on one line are not guessed at: the file does not parse.
        assert!(parse_file("main.tf", "locals {\n  x = { a = 1, a = 2 }\n}\n").is_err());
    }

    #[test]
    fn the_blocks_around_one_that_does_not_parse_are_still_read() {
        let text = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"bad\" {\n  versioning_configuration {\n    status = \"Enabled\"}\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  acl    = \"private\"\n}\n";
        let failure = parse_file("main.tf", text).unwrap_err();
        assert_eq!(failure.line, 7);
        let recovered: Vec<(String, u32, u32)> = failure
            .recovered
            .iter()
            .map(|b| (b.labels.join("."), b.line, b.end_line))
            .collect();
        assert_eq!(
            recovered,
            vec![
                ("aws_s3_bucket.a".to_string(), 1, 3),
                ("aws_s3_bucket.b".to_string(), 10, 13)
            ]
        );
        assert_eq!(failure.recovered[1].member_lines["acl"], 12);
    }

    #[test]
    fn a_line_inside_a_heredoc_or_a_block_does_not_start_a_block() {
        assert!(starts_block("resource \"aws_iam_policy\" \"p\" {\n"));
        assert!(starts_block("locals {\n"));
        assert!(!starts_block("  bucket = \"a\" {\n"));
        assert!(!starts_block("{\n"));
        assert!(!starts_block("\"Statement\": [{\n"));
        assert!(!starts_block("policy = jsonencode({\n"));
    }

    use super::*;

    #[test]
    fn blocks_carry_their_lines() {
        let text = "\nresource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n\n  tags = {}\n}\n";
        let parsed = parse_file("main.tf", text).unwrap();
        let block = &parsed.blocks[0];
        assert_eq!(block.kind, "resource");
        assert_eq!(block.labels, vec!["aws_instance", "web"]);
        assert_eq!((block.line, block.end_line), (2, 6));
        assert_eq!(block.member_lines["ami"], 3);
        assert_eq!(block.member_lines["tags"], 5);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = parse_file("bad.tf", "resource \"a\" \"b\" {\n  x = = 1\n}\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.column > 1);
    }

    #[test]
    fn json_syntax_gives_the_same_blocks() {
        let text = r#"{
  "resource": {
    "aws_s3_bucket": {
      "logs": { "bucket": "${var.prefix}-logs" }
    }
  },
  "variable": { "prefix": { "default": "acme" } }
}"#;
        let parsed = parse_file("main.tf.json", text).unwrap();
        let bucket = parsed.blocks.iter().find(|b| b.kind == "resource").unwrap();
        assert_eq!(bucket.labels, vec!["aws_s3_bucket", "logs"]);
        assert_eq!(bucket.line, 4);
        assert!(matches!(
            bucket.body.attributes().next().unwrap().expr,
            Expression::TemplateExpr(_)
        ));
        let var = parsed.blocks.iter().find(|b| b.kind == "variable").unwrap();
        assert_eq!(var.labels, vec!["prefix"]);
    }

    #[test]
    fn tfvars_are_top_level_attributes() {
        let parsed = parse_file("terraform.tfvars", "count_web = 3\nenv = \"prod\"\n").unwrap();
        let names: Vec<_> = parsed
            .attributes
            .iter()
            .map(|a| (a.name.as_str(), a.line))
            .collect();
        assert_eq!(names, vec![("count_web", 1), ("env", 2)]);
    }
}

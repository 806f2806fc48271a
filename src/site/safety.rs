//! What keeps the site's templates inert. The repo may override any built-in template, so a
//! template is treated as input: before tera compiles them, every template is parsed and
//! checked here, and the build stops with an error naming the template file when one
//!
//! - calls a function that reads the environment, a file or the network, or that gives a
//!   different page on each build (`get_env`, `now`, `get_random`; tera's `builtins` feature,
//!   which brings the last two and the `date` filter, is not enabled, and `get_env`, which tera
//!   registers whatever the features, is replaced by one that always fails);
//! - nests its tags or brackets deeper than `limits.nesting_depth` (tera's parser recurses);
//! - takes part in a cycle of `extends`, `include` and macro calls (a template extending
//!   itself, two including each other, a macro calling itself directly or through others):
//!   tera would recurse until the stack overflows.
//!
//! `range` is replaced by one with the same arguments whose calls, all together in one build,
//! produce at most `limits.collection_length` numbers.
//!
//! Every page written gets a Content-Security-Policy ([`with_csp`]): scripts only from the site's
//! own files, no inline script, no plugin, no external request.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tera::ast::{Expr, ExprVal, Node};

use aetheredge_core::limits::{Limit, Limits};

/// Functions a template may not call: they read the environment, or change on every build.
const FORBIDDEN: &[(&str, &str)] = &[
    (
        "get_env",
        "reads the environment of the process building the site",
    ),
    ("now", "gives a different page on every build"),
    ("get_random", "gives a different page on every build"),
];

/// The policy every page carries: the site's own scripts, styles and images (SVG drawn here
/// or sanitized, raster images), nothing inline, nothing external, no plugin, no `<base>`, and
/// forms (the search box) only to the site's own pages.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// A template the site refuses, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct Refused {
    /// The template's file: `site-templates/NAME` in the repo, or the built-in's name.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// One template to check: its name in tera, the file to name in errors, and its text.
pub(crate) struct Source<'a> {
    pub(crate) name: &'a str,
    pub(crate) file: String,
    pub(crate) text: &'a str,
}

/// What a template (or a macro's body) refers to.
#[derive(Default)]
struct Refs {
    functions: BTreeSet<String>,
    /// (namespace, macro name)
    macro_calls: BTreeSet<(String, String)>,
    includes: BTreeSet<String>,
}

/// A node of the graph of who renders whom.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Vertex {
    Template(String),
    Macro(String, String),
}

/// Parses and checks every template; `Ok` when tera can be given them.
pub(crate) fn check(sources: &[Source<'_>], limits: &Limits) -> Result<(), Refused> {
    let files: HashMap<&str, &str> = sources.iter().map(|s| (s.name, s.file.as_str())).collect();
    let mut edges: BTreeMap<Vertex, BTreeSet<Vertex>> = BTreeMap::new();
    for source in sources {
        let refuse = |line: Option<usize>, message: String| Refused {
            file: source.file.clone(),
            line,
            message,
        };
        if let Err((line, depth)) = nesting(source.text, limits.nesting_depth) {
            return Err(refuse(
                Some(line),
                limits
                    .check(Limit::NestingDepth, depth)
                    .err()
                    .map(|e| format!("template {e}"))
                    .unwrap_or_default(),
            ));
        }
        let template = tera::Template::new(source.name, None, source.text)
            .map_err(|e| refuse(None, chain(&e)))?;
        let namespaces: HashMap<&str, &str> = template
            .imported_macro_files
            .iter()
            .map(|(file, ns)| (ns.as_str(), file.as_str()))
            .collect();
        let resolve = |(ns, name): &(String, String)| {
            let file = if ns == "self" {
                Some(source.name)
            } else {
                namespaces.get(ns.as_str()).copied()
            };
            file.map(|f| Vertex::Macro(f.to_string(), name.clone()))
        };
        let this = Vertex::Template(source.name.to_string());
        let mut out = BTreeSet::new();
        if let Some(parent) = &template.parent {
            out.insert(Vertex::Template(parent.clone()));
        }
        let mut refs = Refs::default();
        nodes(&template.ast, &mut refs);
        forbidden(source, &refs)?;
        out.extend(refs.includes.iter().cloned().map(Vertex::Template));
        out.extend(refs.macro_calls.iter().filter_map(resolve));
        edges.insert(this, out);
        for (name, definition) in &template.macros {
            let mut refs = Refs::default();
            nodes(&definition.body, &mut refs);
            forbidden(source, &refs)?;
            let mut out: BTreeSet<Vertex> = refs
                .includes
                .iter()
                .cloned()
                .map(Vertex::Template)
                .collect();
            out.extend(refs.macro_calls.iter().filter_map(resolve));
            edges.insert(Vertex::Macro(source.name.to_string(), name.clone()), out);
        }
    }
    if let Some(cycle) = find_cycle(&edges) {
        let describe = |v: &Vertex| match v {
            Vertex::Template(t) => format!("`{}`", files.get(t.as_str()).unwrap_or(&t.as_str())),
            Vertex::Macro(t, m) => format!(
                "macro `{m}` of `{}`",
                files.get(t.as_str()).unwrap_or(&t.as_str())
            ),
        };
        let first = match &cycle[0] {
            Vertex::Template(t) | Vertex::Macro(t, _) => t.clone(),
        };
        let path: Vec<String> = cycle.iter().chain(&cycle[..1]).map(describe).collect();
        return Err(Refused {
            file: files
                .get(first.as_str())
                .map_or(first.clone(), |f| f.to_string()),
            line: None,
            message: format!(
                "templates render each other in a cycle ({}), which would never end: the site allows no recursion in `extends`, `include` or macro calls",
                path.join(" → ")
            ),
        });
    }
    Ok(())
}

fn forbidden(source: &Source<'_>, refs: &Refs) -> Result<(), Refused> {
    for (name, why) in FORBIDDEN {
        if refs.functions.contains(*name) {
            return Err(Refused {
                file: source.file.clone(),
                line: line_of(source.text, &format!("{name}(")),
                message: format!(
                    "calls `{name}`, which the site does not provide: it {why}, and a page is built only from the repository's content"
                ),
            });
        }
    }
    Ok(())
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle)
        .map(|at| text[..at].matches('\n').count() + 1)
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

fn nodes(list: &[Node], refs: &mut Refs) {
    for node in list {
        match node {
            Node::VariableBlock(_, e) => expr(e, refs),
            Node::MacroDefinition(..) => {} // checked as its own vertex
            Node::Include(_, names, _) => refs.includes.extend(names.iter().cloned()),
            Node::Set(_, set) => expr(&set.value, refs),
            Node::FilterSection(_, section, _) => {
                refs.functions.insert(section.filter.name.clone());
                section.filter.args.values().for_each(|e| expr(e, refs));
                nodes(&section.body, refs);
            }
            Node::Block(_, block, _) => nodes(&block.body, refs),
            Node::Forloop(_, forloop, _) => {
                expr(&forloop.container, refs);
                nodes(&forloop.body, refs);
                if let Some(body) = &forloop.empty_body {
                    nodes(body, refs);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    expr(condition, refs);
                    nodes(body, refs);
                }
                if let Some((_, body)) = &branches.otherwise {
                    nodes(body, refs);
                }
            }
            Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn expr(e: &Expr, refs: &mut Refs) {
    for filter in &e.filters {
        refs.functions.insert(filter.name.clone());
        filter.args.values().for_each(|a| expr(a, refs));
    }
    match &e.val {
        ExprVal::Math(m) => {
            expr(&m.lhs, refs);
            expr(&m.rhs, refs);
        }
        ExprVal::Logic(l) => {
            expr(&l.lhs, refs);
            expr(&l.rhs, refs);
        }
        ExprVal::In(i) => {
            expr(&i.lhs, refs);
            expr(&i.rhs, refs);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|a| expr(a, refs)),
        ExprVal::MacroCall(call) => {
            refs.macro_calls
                .insert((call.namespace.clone(), call.name.clone()));
            call.args.values().for_each(|a| expr(a, refs));
        }
        ExprVal::FunctionCall(call) => {
            refs.functions.insert(call.name.clone());
            call.args.values().for_each(|a| expr(a, refs));
        }
        ExprVal::Array(items) => items.iter().for_each(|a| expr(a, refs)),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_)
        | ExprVal::StringConcat(_) => {}
    }
}

/// A cycle of the graph, in order, if there is one (iterative depth-first search).
fn find_cycle(edges: &BTreeMap<Vertex, BTreeSet<Vertex>>) -> Option<Vec<Vertex>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: HashMap<&Vertex, Mark> = HashMap::new();
    let empty = BTreeSet::new();
    for start in edges.keys() {
        if marks.contains_key(start) {
            continue;
        }
        // (vertex, its successors not yet visited)
        let mut stack: Vec<(&Vertex, std::collections::btree_set::Iter<'_, Vertex>)> =
            vec![(start, edges.get(start).unwrap_or(&empty).iter())];
        marks.insert(start, Mark::Open);
        while let Some((vertex, next)) = stack.last_mut() {
            let vertex = *vertex;
            match next.next() {
                Some(to) => match marks.get(to) {
                    Some(Mark::Open) => {
                        let at = stack.iter().position(|(v, _)| *v == to).unwrap_or(0);
                        return Some(stack[at..].iter().map(|(v, _)| (*v).clone()).collect());
                    }
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(to, Mark::Open);
                        stack.push((to, edges.get(to).unwrap_or(&empty).iter()));
                    }
                },
                None => {
                    marks.insert(vertex, Mark::Done);
                    stack.pop();
                }
            }
        }
    }
    None
}

/// Checks how deep a template's block tags (`if`, `for`, `block`, `macro`, `filter`) and the
/// brackets inside its tags nest, before tera's recursive parser sees it: the line and depth
/// where `max` is passed.
fn nesting(text: &str, max: usize) -> Result<(), (usize, usize)> {
    const OPENERS: &[&str] = &["if", "for", "block", "macro", "filter"];
    let mut blocks = 0usize;
    let mut rest = text;
    let mut offset = 0usize;
    let line = |at: usize| text[..at].matches('\n').count() + 1;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open..];
        let close = match after.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                offset += open + 1;
                rest = &rest[open + 1..];
                continue;
            }
        };
        let end = after[2..].find(close).map_or(after.len(), |e| e + 2);
        let inner = &after[2..end];
        let at = offset + open;
        if close != "#}" {
            let mut depth = 0usize;
            for c in inner.chars() {
                match c {
                    '(' | '[' => {
                        depth += 1;
                        if blocks + depth > max {
                            return Err((line(at), blocks + depth));
                        }
                    }
                    ')' | ']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        if close == "%}" {
            let word = inner
                .trim_start_matches('-')
                .split_whitespace()
                .next()
                .unwrap_or("");
            if OPENERS.contains(&word) {
                blocks += 1;
                if blocks > max {
                    return Err((line(at), blocks));
                }
            } else if word
                .strip_prefix("end")
                .is_some_and(|w| OPENERS.contains(&w))
            {
                blocks = blocks.saturating_sub(1);
            }
        }
        let consumed = (open + end + close.len()).min(rest.len());
        offset += consumed;
        rest = &rest[consumed..];
    }
    Ok(())
}

/// Replaces tera's functions that the site does not allow or bounds. `range` keeps tera's
/// arguments (`start`, `end`, `step_by`); all its calls in one build together produce at most
/// `limits.collection_length` numbers.
pub(crate) fn register(tera: &mut tera::Tera, limits: &Limits) {
    for (name, why) in FORBIDDEN {
        let message = format!("`{name}` is not available in the site's templates: it {why}");
        tera.register_function(name, move |_: &HashMap<String, tera::Value>| {
            Err(tera::Error::msg(message.clone()))
        });
    }
    let produced = Arc::new(AtomicUsize::new(0));
    let limits = limits.clone();
    tera.register_function("range", move |args: &HashMap<String, tera::Value>| {
        let number = |key: &str, default: Option<usize>| match args.get(key) {
            Some(v) => v.as_u64().map(|n| n as usize).ok_or_else(|| {
                tera::Error::msg(format!(
                    "Function `range` received {key}={v} but `{key}` can only be a number"
                ))
            }),
            None => default.ok_or_else(|| {
                tera::Error::msg(format!(
                    "Function `range` was called without a `{key}` argument"
                ))
            }),
        };
        let start = number("start", Some(0))?;
        let end = number("end", None)?;
        let step = number("step_by", Some(1))?;
        if start > end {
            return Err(tera::Error::msg(
                "Function `range` was called with a `start` argument greater than the `end` one",
            ));
        }
        if step == 0 {
            return Err(tera::Error::msg(
                "Function `range` was called with `step_by=0`, which never reaches `end`",
            ));
        }
        let count = (end - start).div_ceil(step);
        let total = produced
            .fetch_add(count, Ordering::Relaxed)
            .saturating_add(count);
        limits
            .check(Limit::CollectionLength, total)
            .map_err(|e| tera::Error::msg(format!("`range` in the site's templates: {e}")))?;
        Ok(tera::Value::from(
            (start..end).step_by(step).collect::<Vec<usize>>(),
        ))
    });
}

/// The page with the site's Content-Security-Policy as the first element of its head, so it
/// governs everything after it. The template cannot opt out: the meta is inserted whatever the
/// page holds (a second policy of the template's own can only restrict further).
pub(crate) fn with_csp(html: &str) -> String {
    let meta = format!(r#"<meta http-equiv="Content-Security-Policy" content="{CSP}">"#);
    let at = head_start(html);
    let mut out = String::with_capacity(html.len() + meta.len() + 1);
    out.push_str(&html[..at]);
    out.push_str(&meta);
    if !html[at..].starts_with('\n') {
        out.push('\n');
    }
    out.push_str(&html[at..]);
    out
}

/// Where the head's content starts: after a leading doctype, `<html …>` and `<head …>`, each
/// taken only if it comes next (whitespace aside). Stopping earlier is still before any
/// content, where an HTML parser puts the meta into the head.
fn head_start(html: &str) -> usize {
    let bytes = html.as_bytes();
    let skip_ws = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    // The end of a tag starting at `i` (just past its `>`), quotes respected.
    let tag_end = |i: usize| {
        let mut quote = None;
        for (j, &b) in bytes.iter().enumerate().skip(i) {
            match (quote, b) {
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), b) if b == q => quote = None,
                (None, b'>') => return Some(j + 1),
                _ => {}
            }
        }
        None
    };
    let starts = |i: usize, tag: &str| {
        bytes.len() > i + tag.len()
            && bytes[i..i + tag.len()].eq_ignore_ascii_case(tag.as_bytes())
            && (bytes[i + tag.len()] == b'>' || bytes[i + tag.len()].is_ascii_whitespace())
    };
    let mut at = 0;
    for tag in ["<!doctype", "<html", "<head"] {
        let i = skip_ws(at);
        if !starts(i, tag) {
            break;
        }
        match tag_end(i) {
            Some(end) => at = end,
            None => break,
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources<'a>(list: &[(&'a str, &'a str)]) -> Vec<Source<'a>> {
        list.iter()
            .map(|(name, text)| Source {
                name,
                file: format!("site-templates/{name}"),
                text,
            })
            .collect()
    }

    fn refused(list: &[(&str, &str)]) -> Refused {
        check(&sources(list), &Limits::default()).expect_err("refused")
    }

    #[test]
    fn functions_reading_the_environment_are_refused_with_the_file_and_line() {
        let e = refused(&[(
            "a.html",
            "<p>\n{% set h = get_env(name=\"HOME\") %}{{ h }}</p>",
        )]);
        assert_eq!(
            (e.file.as_str(), e.line),
            ("site-templates/a.html", Some(2))
        );
        assert!(e.message.contains("`get_env`"), "{e}");
        let e = refused(&[("b.html", "{% macro m() %}{{ now() }}{% endmacro m %}")]);
        assert!(e.message.contains("`now`"), "{e}");
        let e = refused(&[("c.html", "{{ [1, get_random(end=3)] | first }}")]);
        assert!(e.message.contains("`get_random`"), "{e}");
        assert!(check(
            &sources(&[("ok.html", "{{ range(end=3) | join(sep=\",\") }}")]),
            &Limits::default()
        )
        .is_ok());
    }

    #[test]
    fn cycles_of_extends_include_and_macros_are_refused() {
        let e = refused(&[("a.html", "{% extends \"a.html\" %}")]);
        assert_eq!(e.file, "site-templates/a.html");
        assert!(e.message.contains("cycle"), "{e}");
        let e = refused(&[
            ("a.html", "{% extends \"b.html\" %}"),
            ("b.html", "{% extends \"c.html\" %}"),
            ("c.html", "{% extends \"b.html\" %}"),
        ]);
        assert!(
            e.message.contains("site-templates/b.html")
                && e.message.contains("site-templates/c.html"),
            "{e}"
        );
        let e = refused(&[
            ("a.html", "x{% include \"b.html\" %}"),
            ("b.html", "{% if x %}{% include \"a.html\" %}{% endif %}"),
        ]);
        assert!(e.message.contains("cycle"), "{e}");
        let e = refused(&[(
            "m.html",
            "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}{{ self::f(n=1) }}",
        )]);
        assert!(e.message.contains("macro `f`"), "{e}");
        let e = refused(&[
            ("m.html", "{% import \"n.html\" as n %}{% macro f() %}{{ n::g() }}{% endmacro f %}"),
            ("n.html", "{% import \"m.html\" as m %}{% macro g() %}{% for i in [1] %}{{ m::f() }}{% endfor %}{% endmacro g %}"),
        ]);
        assert!(
            e.message.contains("macro `g`") && e.message.contains("macro `f`"),
            "{e}"
        );
        // Sharing without a cycle is fine.
        let ok = sources(&[
            ("base.html", "{% import \"m.html\" as m %}{{ m::f() }}{% block b %}{% endblock b %}"),
            ("m.html", "{% macro g() %}g{% endmacro g %}{% macro f() %}{{ self::g() }}{{ self::g() }}{% endmacro f %}"),
            ("page.html", "{% extends \"base.html\" %}{% block b %}{% include \"part.html\" %}{% include \"part.html\" %}{% endblock b %}"),
            ("part.html", "p"),
        ]);
        check(&ok, &Limits::default()).unwrap();
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!(
            "a\n{}{}",
            "{% if x %}".repeat(300),
            "{% endif %}".repeat(300)
        );
        let e = refused(&[("d.html", &deep)]);
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("limits.nesting_depth"), "{e}");
        let brackets = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
        let e = refused(&[("e.html", &brackets)]);
        assert!(e.message.contains("limits.nesting_depth"), "{e}");
    }

    #[test]
    fn range_is_bounded_across_calls_and_keeps_its_meaning() {
        let limits = Limits {
            collection_length: 100,
            ..Limits::default()
        };
        let mut tera = tera::Tera::default();
        register(&mut tera, &limits);
        let ctx = tera::Context::new();
        let out = tera
            .render_str(
                "{{ range(start=2, end=9, step_by=3) | join(sep=\",\") }}",
                &ctx,
            )
            .unwrap();
        assert_eq!(out, "2,5,8");
        let e = tera
            .render_str(
                "{% for i in range(end=50) %}{% for j in range(end=50) %}{% endfor %}{% endfor %}",
                &ctx,
            )
            .unwrap_err();
        assert!(
            chain(&e).contains("limits.collection_length"),
            "{}",
            chain(&e)
        );
        let e = tera
            .render_str("{{ get_env(name=\"HOME\") }}", &ctx)
            .unwrap_err();
        assert!(chain(&e).contains("not available"), "{}", chain(&e));
    }

    #[test]
    fn the_policy_is_the_first_thing_in_the_head() {
        let page =
            with_csp("<!DOCTYPE html>\n<html lang=\"a>b\">\n<head>\n<script src=x></script>");
        let meta = page.find("Content-Security-Policy").unwrap();
        assert!(
            page.find("<head>").unwrap() < meta && meta < page.find("<script").unwrap(),
            "{page}"
        );
        // No head: before anything else, after the doctype.
        let page = with_csp("<!doctype html><!-- <head> --><script>alert(1)</script>");
        assert!(
            page.starts_with("<!doctype html><meta http-equiv=\"Content-Security-Policy\""),
            "{page}"
        );
        let page = with_csp("<script>alert(1)</script>");
        assert!(
            page.starts_with("<meta http-equiv=\"Content-Security-Policy\""),
            "{page}"
        );
    }
}

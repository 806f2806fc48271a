//! The evaluator's budgets (see [`aetheredge_core::limits`]): the nesting of a Terraform text checked
//! before a parser recurses into it, and the depths one evaluation has reached so far.
//!
//! Checks are O(1) per operation: depths are counters entered and left, sizes are compared
//! with what a function is about to build before it builds it.

use std::cell::Cell;

use aetheredge_core::limits::{Limit, LimitExceeded, Limits, TooDeep};

/// The rule id of a finding that says a budget stopped part of a review.
pub const LIMIT_EXCEEDED: &str = "brahma/limit-exceeded";

/// The budgets of one root module's evaluation, and the nested function calls and template
/// renders under way. Template renders start evaluations of their own, so the depths live
/// here rather than in one evaluator.
#[derive(Debug, Default)]
pub struct Budget {
    limits: Limits,
    calls: Cell<usize>,
    templates: Cell<usize>,
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            ..Budget::default()
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// `Ok` when `reached` is within `limit`.
    pub fn check(&self, limit: Limit, reached: usize) -> Result<(), LimitExceeded> {
        self.limits.check(limit, reached)
    }

    /// Runs `f` one nested function call deeper.
    pub fn call<T, E: From<LimitExceeded>>(
        &self,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        deeper(&self.calls, &self.limits, Limit::CallDepth, f)
    }

    /// Runs `f` one nested template render deeper.
    pub fn render<T, E: From<LimitExceeded>>(
        &self,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        deeper(&self.templates, &self.limits, Limit::TemplateDepth, f)
    }
}

fn deeper<T, E: From<LimitExceeded>>(
    depth: &Cell<usize>,
    limits: &Limits,
    limit: Limit,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let reached = depth.get() + 1;
    limits.check(limit, reached)?;
    depth.set(reached);
    let result = f();
    depth.set(reached - 1);
    result
}

/// What the text being scanned is at one point: code, or a string template.
#[derive(Debug, PartialEq)]
enum Frame {
    /// `(`, `[` or `{` in code.
    Bracket,
    /// `${` or `%{` in a template, closed by `}`.
    Interpolation,
    /// A quoted string.
    Quoted,
    /// A heredoc, ended by a line holding only its marker.
    Heredoc(String),
    /// The text of a `templatefile` or `templatestring`: a template to its end.
    Template,
}

/// Checks the nesting of a Terraform text (native syntax) before a parser sees it: brackets,
/// parentheses and braces outside strings and comments, interpolations and template
/// directives inside them. `template` says the text is a string template (what
/// `templatestring` renders) rather than a file. Linear, and conservative: it never
/// under-counts the depth a parser will recurse to for brackets and templates.
pub(crate) fn hcl_nesting(text: &str, max: usize, template: bool) -> Result<(), TooDeep> {
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    if template {
        frames.push(Frame::Template);
    }
    // Open brackets and interpolations, and open `%{ if }` and `%{ for }` directives.
    let mut open = 0usize;
    let mut directives = 0usize;
    let mut line = 1u32;
    let mut i = 0;
    let at = |i: usize| bytes.get(i).copied();
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' {
            line += 1;
            i += 1;
            if let Some(Frame::Heredoc(marker)) = frames.last() {
                let end = text[i..].find('\n').map_or(text.len(), |e| i + e);
                if text[i..end].trim() == marker {
                    frames.pop();
                    i = end;
                }
            }
            continue;
        }
        let in_code = matches!(
            frames.last(),
            None | Some(Frame::Bracket) | Some(Frame::Interpolation)
        );
        if in_code {
            match c {
                b'#' => i = skip_line(bytes, i),
                b'/' if at(i + 1) == Some(b'/') => i = skip_line(bytes, i),
                b'/' if at(i + 1) == Some(b'*') => {
                    let end = text[i + 2..]
                        .find("*/")
                        .map_or(text.len(), |e| i + 2 + e + 2);
                    line += text[i..end].matches('\n').count() as u32;
                    i = end;
                }
                b'"' => {
                    frames.push(Frame::Quoted);
                    i += 1;
                }
                b'<' if at(i + 1) == Some(b'<') => match heredoc_marker(&text[i + 2..]) {
                    Some((marker, used)) => {
                        frames.push(Frame::Heredoc(marker.to_string()));
                        // Up to the newline, which starts the heredoc's first line.
                        i += 2 + used;
                    }
                    None => i += 2,
                },
                b'(' | b'[' | b'{' => {
                    frames.push(Frame::Bracket);
                    open += 1;
                    let depth = open + directives;
                    if depth > max {
                        return Err(TooDeep { line, depth });
                    }
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    if matches!(
                        frames.last(),
                        Some(Frame::Bracket) | Some(Frame::Interpolation)
                    ) {
                        frames.pop();
                        open -= 1;
                    }
                    i += 1;
                }
                _ => i += 1,
            }
            continue;
        }
        match c {
            b'\\' if frames.last() == Some(&Frame::Quoted) => i += 2,
            b'"' if frames.last() == Some(&Frame::Quoted) => {
                frames.pop();
                i += 1;
            }
            b'$' | b'%' if at(i + 1) == Some(c) && at(i + 2) == Some(b'{') => i += 3,
            b'$' | b'%' if at(i + 1) == Some(b'{') => {
                frames.push(Frame::Interpolation);
                open += 1;
                if c == b'%' {
                    match directive_word(&text[i + 2..]) {
                        "if" | "for" => directives += 1,
                        "endif" | "endfor" => directives = directives.saturating_sub(1),
                        _ => {}
                    }
                }
                let depth = open + directives;
                if depth > max {
                    return Err(TooDeep { line, depth });
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

fn skip_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The marker of a heredoc opened just before `rest` (`EOT` of `<<EOT` or `<<-EOT`), and
/// how many bytes up to the end of its line.
fn heredoc_marker(rest: &str) -> Option<(&str, usize)> {
    let end = rest.find('\n')?;
    let marker = rest[..end].trim_end().trim_start_matches('-');
    let valid = !marker.is_empty()
        && marker
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    valid.then_some((marker, end))
}

/// The keyword of a template directive (`if`, `endfor`…), after `%{` and an optional `~`.
fn directive_word(rest: &str) -> &str {
    let rest = rest.trim_start_matches('~').trim_start();
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_code_count_and_those_in_strings_and_comments_do_not() {
        assert_eq!(hcl_nesting("x = [[[1]]]\n", 3, false), Ok(()));
        assert_eq!(
            hcl_nesting("x = 1\ny = [[[[1]]]]\n", 3, false),
            Err(TooDeep { line: 2, depth: 4 })
        );
        let quiet = "x = \"[[[[(((\" # [[[[\n// ((((\n/* {{{{\n */ y = 1\n";
        assert_eq!(hcl_nesting(quiet, 1, false), Ok(()));
        assert_eq!(
            hcl_nesting("x = <<EOT\n[[[[\nEOT\ny = 1\n", 0, false),
            Ok(())
        );
    }

    #[test]
    fn interpolations_and_directives_nest_inside_strings() {
        assert_eq!(
            hcl_nesting("x = \"${[\"${[1]}\"]}\"\n", 3, false),
            Err(TooDeep { line: 1, depth: 4 })
        );
        assert_eq!(hcl_nesting("x = \"$${[[[[[\"\n", 1, false), Ok(()));
        assert_eq!(
            hcl_nesting("%{ if a }%{ if b }x%{ endif }%{ endif }", 2, true),
            Err(TooDeep { line: 1, depth: 3 })
        );
        assert_eq!(
            hcl_nesting("%{ if a }x%{ endif }%{ if b }y%{ endif }", 2, true),
            Ok(())
        );
    }

    #[test]
    fn deep_and_unbalanced_texts_are_refused_quickly() {
        let deep = format!("x = {}1{}\n", "(".repeat(20_000), ")".repeat(20_000));
        assert_eq!(
            hcl_nesting(&deep, 200, false),
            Err(TooDeep {
                line: 1,
                depth: 201
            })
        );
        let open = format!("locals {{\n  x = {}\n", "{".repeat(10_000));
        assert!(hcl_nesting(&open, 200, false).is_err());
    }

    #[test]
    fn depths_are_entered_and_left() {
        let budget = Budget::new(Limits {
            call_depth: 2,
            ..Limits::default()
        });
        let nested = budget.call(|| budget.call(|| Ok::<_, LimitExceeded>(1)));
        assert_eq!(nested, Ok(1));
        let too_deep = budget.call(|| budget.call(|| budget.call(|| Ok::<_, LimitExceeded>(1))));
        assert_eq!(too_deep.unwrap_err().limit, Limit::CallDepth);
        assert_eq!(budget.calls.get(), 0);
    }
}

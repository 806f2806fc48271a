//! What module docs read from the Terraform source text itself, beside the parsed model:
//! the comment above a block (its description when it has none, and the
//! `terraform-docs-ignore` marker), a file's leading `/** … */` block (the header), and type
//! constraints as written (multi-line object types keep their layout).

use std::collections::BTreeMap;

use hcl_edit::Span;

/// The marker that keeps a block out of the docs when it appears in the comment above it.
pub(crate) const IGNORE_MARKER: &str = "terraform-docs-ignore";

/// The comment right above 1-based line `line`: the run of lines starting with `#` or `//`
/// that ends on the line before it, each stripped of its marker, joined with spaces. Any
/// other line (a blank one too) ends the run.
pub(crate) fn comment_above(text: &str, line: u32) -> String {
    let mut run: Vec<&str> = Vec::new();
    for raw in text.split('\n').take(line.saturating_sub(1) as usize) {
        if raw.starts_with('#') || raw.starts_with("//") {
            let t = raw.trim();
            let t = t.strip_prefix('#').unwrap_or(t);
            let t = t.strip_prefix("//").unwrap_or(t);
            run.push(t.trim());
        } else {
            run.clear();
        }
    }
    run.join(" ")
}

/// The leading block comment of a Terraform file (`/** … */`, one `*` per line), its lines
/// without the ` * ` prefix: what terraform-docs shows as a module's header.
pub(crate) fn leading_block_comment(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for raw in text.split('\n') {
        let trimmed = raw.trim();
        if !(trimmed.starts_with("/*") || trimmed.starts_with('*')) {
            break;
        }
        if trimmed.starts_with("/*") || trimmed.starts_with("*/") {
            continue;
        }
        if trimmed == "*" {
            lines.push("");
            continue;
        }
        let line = raw.trim_start_matches(' ').trim_end_matches(['\r', '\n']);
        lines.push(line.strip_prefix("* ").unwrap_or(line));
    }
    lines.join("\n")
}

/// The type constraint of each variable of a file as written, by variable name. A legacy
/// quoted type (`type = "string"`) is given without its quotes. Empty when the file does not
/// parse (the model reports why).
pub(crate) fn variable_types(text: &str) -> BTreeMap<String, String> {
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for block in body.blocks() {
        if block.ident.as_str() != "variable" {
            continue;
        }
        let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
            continue;
        };
        let Some(attr) = block.body.get_attribute("type") else {
            continue;
        };
        let written = match &attr.value {
            hcl_edit::expr::Expression::String(s) => s.value().to_string(),
            value => match value.span().and_then(|span| text.get(span)) {
                Some(source) => source.to_string(),
                None => continue,
            },
        };
        out.insert(name, written);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comment_above_is_the_last_unbroken_run_of_comment_lines() {
        let text = "# far away\n\n# one\n// two\nvariable \"a\" {}\n";
        assert_eq!(comment_above(text, 5), "one two");
        assert_eq!(comment_above(text, 2), "far away");
        assert_eq!(comment_above("  # indented\nvariable \"a\" {}\n", 2), "");
        assert_eq!(comment_above("", 1), "");
    }

    #[test]
    fn the_header_is_the_leading_block_comment_without_its_stars() {
        let text = "/**\n * # Title\n *\n * Body line  \n */\nvariable \"a\" {}\n";
        assert_eq!(leading_block_comment(text), "# Title\n\nBody line  ");
        assert_eq!(leading_block_comment("variable \"a\" {}\n"), "");
    }

    #[test]
    fn types_are_kept_as_written_and_legacy_quotes_dropped() {
        let text = "variable \"a\" {\n  type = object({\n    x = string,\n  })\n}\nvariable \"b\" {\n  type = \"list\"\n}\nvariable \"c\" {}\n";
        let types = variable_types(text);
        assert_eq!(types["a"], "object({\n    x = string,\n  })");
        assert_eq!(types["b"], "list");
        assert!(!types.contains_key("c"));
        assert!(variable_types("variable {").is_empty());
    }
}

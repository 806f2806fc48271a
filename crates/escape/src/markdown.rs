//! GitHub Flavored Markdown table cells. No crate escapes a table cell, so this is the one
//! place it is written.
//!
//! In every cell `|` is written `\|` (a bare one ends the cell, also inside a code span),
//! `<`, `>` and `&` are written as entities (no HTML from the repo is rendered), and a line
//! break, which would end the row, is replaced. What replaces it depends on where the text
//! goes:
//!
//! - [`table_cell`]: text a cell shows as Markdown; a line break becomes `<br>`, which GitHub
//!   renders as a break inside the cell, so text written on several lines keeps its lines.
//! - [`table_cell_one_line`]: text that may be put between backticks as a code span, where
//!   `<br>` would show as it is: a line break becomes a space (what CommonMark makes of a
//!   line break inside a code span), and a backtick, which would end the span, becomes `'`.

/// Text for a table cell, its line breaks kept as `<br>` and its Markdown (such as inline
/// code in backticks) kept.
pub fn table_cell(text: &str) -> String {
    escape_cell(text, CellText::Markdown)
}

/// Text for a table cell on one line and without backticks, so that it can also be put
/// between backticks.
pub fn table_cell_one_line(text: &str) -> String {
    escape_cell(text, CellText::OneLine)
}

#[derive(Clone, Copy, PartialEq)]
enum CellText {
    Markdown,
    OneLine,
}

fn escape_cell(text: &str, kind: CellText) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' if kind == CellText::OneLine => out.push('\''),
            '\r' | '\n' => {
                // `\r\n`, `\n` and `\r` are each one line break.
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str(match kind {
                    CellText::Markdown => "<br>",
                    CellText::OneLine => " ",
                });
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_the_table_and_html_inert() {
        assert_eq!(
            table_cell_one_line("a|b<script>\n`x`"),
            "a\\|b&lt;script&gt; 'x'"
        );
        assert_eq!(
            table_cell("a|b<script>&amp;"),
            "a\\|b&lt;script&gt;&amp;amp;"
        );
    }

    #[test]
    fn line_breaks_become_br_in_text_and_a_space_on_one_line() {
        let text = "first\r\nsecond\nthird\rfourth";
        assert_eq!(table_cell(text), "first<br>second<br>third<br>fourth");
        assert_eq!(table_cell_one_line(text), "first second third fourth");
    }

    #[test]
    fn backticks_are_kept_as_markdown_unless_the_text_may_sit_in_a_code_span() {
        assert_eq!(table_cell("set `acl`"), "set `acl`");
        assert_eq!(table_cell_one_line("set `acl`"), "set 'acl'");
    }

    #[test]
    fn plain_text_is_unchanged() {
        let text = "aws_s3_bucket.logs[\"eu-west-1\"] — 100 % ✓";
        assert_eq!(table_cell(text), text);
        assert_eq!(table_cell_one_line(text), text);
    }
}

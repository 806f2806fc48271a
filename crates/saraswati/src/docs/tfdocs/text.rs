//! Text rules terraform-docs applies to what it writes: JSON's layout, Go's float text, the final tidy
//! of generated Markdown, and Markdown's sanitizing of descriptions and table cells.

use std::io;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::ser::{Formatter, PrettyFormatter};

/// serde_json's two-space layout; with `escape_html`, `<`, `>` and `&` in strings as
/// `\u003c`, `\u003e`, `\u0026` (what Go's JSON encoder does by default).
pub(super) struct GoJsonFormatter {
    pretty: PrettyFormatter<'static>,
    escape_html: bool,
}

impl GoJsonFormatter {
    pub(super) fn new(escape_html: bool) -> GoJsonFormatter {
        GoJsonFormatter {
            pretty: PrettyFormatter::with_indent(b"  "),
            escape_html,
        }
    }
}

impl Formatter for GoJsonFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if !self.escape_html {
            return writer.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let code = match rest.as_bytes()[at] {
                b'<' => "\\u003c",
                b'>' => "\\u003e",
                _ => "\\u0026",
            };
            writer.write_all(code.as_bytes())?;
            rest = &rest[at + 1..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(w)
    }
}

/// The shortest digits of `f` and its decimal exponent (`1.575e1` is `("1575", 1)`).
fn shortest_digits(f: f64) -> (String, i32) {
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    (mantissa.replace('.', ""), exp.parse().unwrap_or(0))
}

/// A float64 as Go's `strconv.FormatFloat(f, 'g', -1, 64)` prints it (what Go's YAML and
/// XML encoders write): `42`, `15.75`, `1e+06`, `1.5e-05`.
pub(super) fn go_float(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let (digits, exp) = shortest_digits(f);
    let sign = if f < 0.0 { "-" } else { "" };
    // Go uses the exponent form outside 1e-4 ≤ |f| < 1e6 for the shortest digits.
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}e{esign}{:02}", exp.abs());
    }
    format!("{sign}{}", place_point(&digits, exp))
}

/// Digits with the decimal point after `exp + 1` of them (zeros added as needed).
fn place_point(digits: &str, exp: i32) -> String {
    let point = exp + 1;
    if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    }
}

/// A float64 as Go's TOML encoder prints it: `42.0`, `15.75`.
pub(super) fn toml_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    if f == 0.0 {
        return "0.0".into();
    }
    let (digits, exp) = shortest_digits(f);
    let sign = if f < 0.0 { "-" } else { "" };
    let text = place_point(&digits, exp);
    if text.contains('.') {
        format!("{sign}{text}")
    } else {
        format!("{sign}{text}.0")
    }
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file, checked by its tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("pattern {pattern}: {e}"))
}

/// The final tidy of generated text: trailing spaces dropped (a Markdown line break's two
/// kept), runs of blank lines cut to one, and no blank lines at the end.
pub(super) fn tidy(text: &str) -> String {
    static DOUBLE: LazyLock<Regex> = LazyLock::new(|| re(r" {2}(\r?\n)"));
    static TRAILING: LazyLock<Regex> = LazyLock::new(|| re(r" +(\r?\n)"));
    static TRAILING_END: LazyLock<Regex> = LazyLock::new(|| re(r" +$"));
    static KEPT: LazyLock<Regex> =
        LazyLock::new(|| re(r"\x{2021}{3}DOUBLESPACES\x{2021}{3}(\r?\n)"));
    static SPACES_ONLY: LazyLock<Regex> = LazyLock::new(|| re(r"(\r?\n)  (\r?\n)"));
    static BLANKS: LazyLock<Regex> = LazyLock::new(|| re(r"(\r?\n){3,}"));
    static BLANKS_END: LazyLock<Regex> = LazyLock::new(|| re(r"(\r?\n){2,}$"));
    let text = DOUBLE.replace_all(
        text,
        "\u{2021}\u{2021}\u{2021}DOUBLESPACES\u{2021}\u{2021}\u{2021}$1",
    );
    let text = TRAILING.replace_all(&text, "$1");
    let text = TRAILING_END.replace_all(&text, "");
    let text = KEPT.replace_all(&text, "  $1");
    let text = SPACES_ONLY.replace_all(&text, "$1");
    let text = BLANKS.replace_all(&text, "$1$1");
    let text = BLANKS_END.replace_all(&text, "");
    text.trim_end_matches('\n').to_string()
}

/// Splits `text` on `fence` and maps the parts outside fences with `plain` and the parts
/// inside with `code`; each is told whether it is the first and the last of its line.
pub(super) fn segments(
    text: &str,
    fence: &str,
    plain: impl Fn(&str, bool, bool) -> String,
    code: impl Fn(&str, bool, bool) -> String,
) -> String {
    let mut in_code = text.starts_with(fence);
    let parts: Vec<&str> = text.split(fence).collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        let first = i == 0 || parts[i - 1].trim().is_empty();
        let last = i == parts.len() - 1 || parts[i + 1].trim().is_empty();
        out.push_str(&if in_code {
            code(part, first, last)
        } else {
            plain(part, first, last)
        });
        in_code = !in_code;
    }
    out
}

const KEEP: &str = "\u{2021}\u{2021}\u{2021}DONTESCAPE\u{2021}\u{2021}\u{2021}";

/// `_` escaped for Markdown on one line, except in a run that opens a list item
/// (`_ item`) or that emphasises words (` _word_ `).
fn escape_underscores(line: &str) -> String {
    static OPENING: LazyLock<Regex> =
        LazyLock::new(|| re(r"^([\t\n\x0C\r ]*)(_+)([\t\n\x0C\r ]+)(.*)"));
    static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
        re(r"([\t\n\x0C\r ]+)(_+)([^\t\n\x0C\r _])(.*)([^\t\n\x0C\r _])(_+)([\t\n\x0C\r ]+)")
    });
    let mut line = line.to_string();
    for (pattern, groups) in [(&*OPENING, &[2][..]), (&*EMPHASIS, &[6, 2][..])] {
        let ranges: Vec<Vec<std::ops::Range<usize>>> = pattern
            .captures_iter(&line)
            .map(|c| {
                groups
                    .iter()
                    .filter_map(|g| c.get(*g))
                    .map(|m| m.range())
                    .collect()
            })
            .collect();
        // Later ranges first, so earlier ones keep their offsets.
        let mut all: Vec<std::ops::Range<usize>> = ranges.into_iter().flatten().collect();
        all.sort_by_key(|r| std::cmp::Reverse(r.start));
        for range in all {
            let kept = line[range.clone()].replace('_', KEEP);
            line.replace_range(range, &kept);
        }
    }
    line.replace('_', "\\_").replace(KEEP, "_")
}

/// Markdown's special characters escaped outside inline code: `|` (in tables) and, with
/// `escape`, `_`.
pub(super) fn escape_characters(text: &str, escape: bool, escape_pipe: bool) -> String {
    let mut text = text.to_string();
    if escape_pipe {
        text = segments(
            &text,
            "`",
            |s, _, _| s.replace('|', "\\|"),
            |s, _, _| format!("`{s}`"),
        );
    }
    if escape {
        text = segments(
            &text,
            "`",
            |s, _, _| {
                s.split('\n')
                    .map(escape_underscores)
                    .collect::<Vec<_>>()
                    .join("\n")
            },
            |s, _, _| format!("`{s}`"),
        );
    }
    text
}

/// With `escape`, links keep their `_` unescaped.
pub(super) fn normalize_urls(text: &str, escape: bool) -> String {
    static URL: LazyLock<Regex> =
        LazyLock::new(|| re(r#"(?i)\b(?:https?|ftp|file)://[^\s<>"'`]+"#));
    if !escape {
        return text.to_string();
    }
    URL.replace_all(text, |c: &regex::Captures| c[0].replace('\\', ""))
        .into_owned()
}

/// Line breaks of text as Markdown shows them: two spaces before a line break that
/// continues a paragraph; in a table cell, every break as `<br/>` (or a space without HTML).
pub(super) fn multiline(text: &str, table: bool, header: bool, html: bool) -> String {
    static BREAK: LazyLock<Regex> =
        LazyLock::new(|| re(r"([^\t\n\x0C\r ]*)(\r?\n)([\t\n\x0C\r ]*)([0-9A-Za-z_]+)"));
    let mut text = if table { text.trim() } else { text }.to_string();
    if !header {
        text = BREAK.replace_all(&text, "$1  $2$3$4").into_owned();
        text = text.replace("    \n", "  \n");
        text = text.replace("  \n\n", "\n\n");
        text = text.replace("\n  \n", "\n\n");
    }
    if !table {
        return text;
    }
    let linebreak = if html { "<br/>" } else { " " };
    text.replace("  \n", linebreak).replace('\n', linebreak)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[test]
    fn floats_print_as_go_prints_them() {
        let g: Vec<String> = [42.0, 15.75, 1e6, 123456.0, 0.0001, 0.00001, -2.5, 1234567.0]
            .into_iter()
            .map(go_float)
            .collect();
        assert_eq!(
            g,
            [
                "42",
                "15.75",
                "1e+06",
                "123456",
                "0.0001",
                "1e-05",
                "-2.5",
                "1.234567e+06"
            ]
        );
        assert_eq!(toml_float(42.0), "42.0");
        assert_eq!(toml_float(15.75), "15.75");
        assert_eq!(toml_float(1e6), "1000000.0");
    }

    #[test]
    fn tidy_keeps_line_breaks_and_drops_blank_runs() {
        assert_eq!(tidy("a  \nb \n\n\n\nc\n\n"), "a  \nb\n\nc");
    }

    #[test]
    fn underscores_are_escaped_except_in_code_emphasis_and_links() {
        assert_eq!(escape_characters("a_b `c_d`", true, false), "a\\_b `c_d`");
        assert_eq!(escape_characters("x _em_ y", true, false), "x _em_ y");
        assert_eq!(
            escape_characters("a | b `c | d`", false, true),
            "a \\| b `c | d`"
        );
        assert_eq!(
            normalize_urls("see https://x.io/a\\_b.html", true),
            "see https://x.io/a_b.html"
        );
    }

    #[test]
    fn json_escapes_html_only_when_asked() {
        let v = serde_json::json!({"a": "<&>"});
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, GoJsonFormatter::new(true));
        v.serialize(&mut ser).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n  \"a\": \"\\u003c\\u0026\\u003e\"\n}"
        );
    }
}

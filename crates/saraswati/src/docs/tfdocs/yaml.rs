//! YAML as terraform-docs writes it (Go's yaml.v3 encoder, two-space indent): block
//! mappings and sequences (sequences indented under their key), `[]`/`{}` when empty,
//! strings plain when they read back as strings, else double-quoted; single-quoted when
//! they start with an indicator; literal blocks (`|`, `|-`, `|+`) for multi-line text;
//! numbers as Go prints a float64 (`42`, `15.75`, `1e+06`).

use serde_json::Value;

use super::text::go_float;

/// `value` as yaml.v3 encodes it, without the final newline.
pub(super) fn yaml(value: &Value) -> String {
    let mut out = Out::default();
    match value {
        Value::Object(map) if !map.is_empty() => out.map(map, 0, false),
        Value::Array(items) if !items.is_empty() => out.seq(items, 0, false),
        other => {
            out.scalar(other, 0, false);
        }
    }
    let mut text = out.text;
    if text.ends_with('\n') {
        text.pop();
    }
    text
}

#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    /// Starts a new line unless the text is at one.
    fn line(&mut self, indent: usize) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.text.extend(std::iter::repeat_n(' ', indent));
    }

    fn map(&mut self, map: &serde_json::Map<String, Value>, indent: usize, inline: bool) {
        for (i, (key, value)) in map.iter().enumerate() {
            if !(inline && i == 0) {
                self.line(indent);
            }
            self.text.push_str(&string_scalar(key, indent, true));
            self.text.push(':');
            self.value(value, indent);
        }
    }

    fn seq(&mut self, items: &[Value], indent: usize, inline: bool) {
        for (i, item) in items.iter().enumerate() {
            if !(inline && i == 0) {
                self.line(indent);
            }
            self.text.push('-');
            match item {
                Value::Object(map) if !map.is_empty() => {
                    self.text.push(' ');
                    self.map(map, indent + 2, true);
                }
                Value::Array(items) if !items.is_empty() => {
                    self.text.push(' ');
                    self.seq(items, indent + 2, true);
                }
                other => {
                    self.text.push(' ');
                    self.scalar(other, indent + 2, false);
                }
            }
        }
    }

    /// A mapping value: nested collections on the lines below, scalars after the key.
    fn value(&mut self, value: &Value, indent: usize) {
        match value {
            Value::Object(map) if !map.is_empty() => self.map(map, indent + 2, false),
            Value::Array(items) if !items.is_empty() => self.seq(items, indent + 2, false),
            other => {
                self.text.push(' ');
                self.scalar(other, indent + 2, false);
            }
        }
    }

    fn scalar(&mut self, value: &Value, indent: usize, key: bool) {
        let text = match value {
            Value::Null => "null".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => yaml_float(n.as_f64().unwrap_or_default()),
            Value::String(s) => string_scalar(s, indent, key),
            Value::Array(_) => "[]".to_string(),
            Value::Object(_) => "{}".to_string(),
        };
        self.text.push_str(&text);
    }
}

/// A float64 as yaml.v3 writes it.
fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    go_float(f)
}

#[derive(PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// What the emitter may write a string as (libyaml's scalar analysis).
struct Analysis {
    multiline: bool,
    block_plain: bool,
    single_quoted: bool,
    block: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_printable(c: char) -> bool {
    let c = c as u32;
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (0xA0..=0xD7FF).contains(&c)
        || ((0xE000..=0xFFFD).contains(&c) && c != 0xFEFF)
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain: true,
            single_quoted: true,
            block: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let (mut block_indicators, mut line_breaks, mut special, mut tabs) =
        (false, false, false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    if s.starts_with("---") || s.starts_with("...") {
        block_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = chars.get(i + 1).is_none_or(|n| *n == ' ' || *n == '\t');
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if c == '\t' {
            tabs = true;
        } else if !is_printable(c) {
            special = true;
        }
        let last = i + 1 == chars.len();
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = c == ' ' || c == '\t' || is_break(c) || c == '\0';
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain: true,
        single_quoted: true,
        block: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space || space_break || tabs || special {
        a.block_plain = false;
        a.single_quoted = false;
    }
    if space_break || special {
        a.block = false;
    }
    if line_breaks || block_indicators {
        a.block_plain = false;
    }
    a
}

/// Whether yaml.v3 reads `s` unquoted as something else than a string (null, bool, number,
/// timestamp), or YAML 1.1 would (`yes`, `on`, base 60 numbers): such strings are quoted.
fn reads_as_other(s: &str) -> bool {
    const OTHER: &[&str] = &[
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", ".nan",
        ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
        "-.INF", "<<", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO",
        "off", "Off", "OFF",
    ];
    if OTHER.contains(&s) {
        return true;
    }
    let Some(first) = s.chars().next() else {
        return true;
    };
    if first == '.' {
        return s.parse::<f64>().is_ok() && !s.contains(['i', 'I', 'n', 'N']);
    }
    if !(first.is_ascii_digit() || first == '+' || first == '-') {
        return false;
    }
    static TIMESTAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]| )[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?$",
        )
        .unwrap_or_else(|e| panic!("timestamp pattern: {e}"))
    });
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^[-+]?(?:[0-9]+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$",
        )
        .unwrap_or_else(|e| panic!("number pattern: {e}"))
    });
    static BASE60: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
            .unwrap_or_else(|e| panic!("base 60 pattern: {e}"))
    });
    TIMESTAMP.is_match(s) || NUMBER.is_match(&s.replace('_', "")) || BASE60.is_match(s)
}

/// A string in the style yaml.v3 picks for it; `indent` is where a literal block's lines go.
fn string_scalar(s: &str, indent: usize, key: bool) -> String {
    let a = analyze(s);
    let mut style = if s.contains('\n') {
        Style::Literal
    } else if !reads_as_other(s) {
        Style::Plain
    } else {
        Style::Double
    };
    if key && a.multiline {
        style = Style::Double;
    }
    if style == Style::Plain && (!a.block_plain || (s.is_empty() && key)) {
        style = Style::Single;
    }
    if style == Style::Single && !a.single_quoted {
        style = Style::Double;
    }
    if style == Style::Literal && (!a.block || key) {
        style = Style::Double;
    }
    match style {
        Style::Plain => s.to_string(),
        Style::Single => format!("'{}'", s.replace('\'', "''")),
        Style::Double => double_quoted(s),
        Style::Literal => literal(s, indent),
    }
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if is_printable(c) && !is_break(c) && c != '"' && c != '\\' {
            out.push(c);
            continue;
        }
        out.push('\\');
        match c {
            '\0' => out.push('0'),
            '\u{07}' => out.push('a'),
            '\u{08}' => out.push('b'),
            '\t' => out.push('t'),
            '\n' => out.push('n'),
            '\u{0b}' => out.push('v'),
            '\u{0c}' => out.push('f'),
            '\r' => out.push('r'),
            '\u{1b}' => out.push('e'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '\u{85}' => out.push('N'),
            '\u{a0}' => out.push('_'),
            '\u{2028}' => out.push('L'),
            '\u{2029}' => out.push('P'),
            c if (c as u32) <= 0xFF => out.push_str(&format!("x{:02X}", c as u32)),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("u{:04X}", c as u32)),
            c => out.push_str(&format!("U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A literal block: `|`, an indentation hint when the text starts with a space or a
/// break, the chomping hint (`-` without a final break, `+` with more than one), then the
/// lines at `indent` (blank lines left empty).
fn literal(s: &str, indent: usize) -> String {
    let mut out = String::from("|");
    if s.starts_with(' ') || s.starts_with(is_break) {
        out.push('2');
    }
    let mut rev = s.chars().rev();
    match (rev.next(), rev.next()) {
        (Some(last), _) if !is_break(last) => out.push('-'),
        (Some(_), None) => out.push('+'),
        (Some(_), Some(before)) if is_break(before) => out.push('+'),
        _ => {}
    }
    let mut breaks = true;
    let mut line_open = true;
    for c in s.chars() {
        if is_break(c) {
            out.push(c);
            line_open = false;
            breaks = true;
        } else {
            if breaks {
                if line_open {
                    out.push('\n');
                }
                out.extend(std::iter::repeat_n(' ', indent));
            }
            out.push(c);
            line_open = true;
            breaks = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_are_quoted_only_when_they_would_read_back_as_something_else() {
        let doc = json!({
            "a": "plain text", "b": "null", "c": "19", "d": ">= 1.0", "e": "", "f": "it's",
            "g": "yes", "h": "2024-01-02", "i": "x: y", "j": "tab\there", "k": "1.5e3",
        });
        assert_eq!(
            yaml(&doc),
            "a: plain text\nb: \"null\"\nc: \"19\"\nd: '>= 1.0'\ne: \"\"\nf: it's\ng: \"yes\"\nh: \"2024-01-02\"\ni: 'x: y'\nj: \"tab\\there\"\nk: \"1.5e3\""
        );
    }

    #[test]
    fn collections_nest_with_sequences_indented_under_their_key() {
        let doc = json!({
            "list": [{"name": "x", "tags": ["a"], "m": {"k": 1.5}}],
            "empty": [], "none": {}, "n": null, "nil": null, "big": 1000000, "t": true,
        });
        assert_eq!(
            yaml(&doc),
            "list:\n  - name: x\n    tags:\n      - a\n    m:\n      k: 1.5\nempty: []\nnone: {}\n\"n\": null\nnil: null\nbig: 1e+06\nt: true"
        );
    }

    #[test]
    fn multi_line_text_is_a_literal_block_unless_a_line_ends_in_spaces() {
        let doc = json!({"a": "one\n\ntwo", "b": "kept\n", "c": "x  \ny", "d": [" lead\n"]});
        assert_eq!(
            yaml(&doc),
            "a: |-\n  one\n\n  two\nb: |\n  kept\nc: \"x  \\ny\"\nd:\n  - |2\n     lead"
        );
    }
}

//! YAML as Terraform's `yamlencode` writes it (go-yaml's emitter): block style, every
//! string double-quoted (or a literal block when it spans lines), keys sorted, sequences
//! inside mappings not indented, long quoted strings folded past column 80.

use crate::iac::functions::MAX_DEPTH;
use crate::iac::value::{format_number, Value};

const BEST_WIDTH: usize = 80;

pub(super) fn encode(v: &Value) -> Result<String, String> {
    let mut e = Emitter::default();
    match v {
        Value::List(items) if !items.is_empty() => e.sequence(items, 0, false, 0)?,
        Value::Object(map) if !map.is_empty() => e.mapping(map, 0, false, 0)?,
        other => {
            e.scalar(other, 2, true)?;
            e.end_line();
        }
    }
    if e.open_ended {
        e.out.push_str("...\n");
    }
    Ok(e.out)
}

#[derive(Default)]
struct Emitter {
    out: String,
    column: usize,
    /// The document must be closed with `...` (a root plain scalar, a `|+` block).
    open_ended: bool,
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_str(&mut self, s: &str) {
        for c in s.chars() {
            self.put(c);
        }
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn end_line(&mut self) {
        if self.column > 0 || !self.out.ends_with('\n') {
            self.newline();
        }
    }

    fn indent(&mut self, n: usize) {
        while self.column < n {
            self.put(' ');
        }
    }

    fn mapping(
        &mut self,
        map: &std::collections::BTreeMap<String, Value>,
        ind: usize,
        first_inline: bool,
        depth: usize,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("value is nested too deeply".into());
        }
        for (i, (k, v)) in map.iter().enumerate() {
            if !(i == 0 && first_inline) {
                self.indent(ind);
            }
            self.open_ended = false;
            self.double_quoted(k, ind + 2, false);
            self.put(':');
            match v {
                Value::List(items) if !items.is_empty() => {
                    self.newline();
                    self.sequence(items, ind, false, depth + 1)?;
                }
                Value::Object(m) if !m.is_empty() => {
                    self.newline();
                    self.mapping(m, ind + 2, false, depth + 1)?;
                }
                other => {
                    self.put(' ');
                    self.scalar(other, ind + 2, false)?;
                    self.end_line();
                }
            }
        }
        Ok(())
    }

    fn sequence(
        &mut self,
        items: &[Value],
        ind: usize,
        first_inline: bool,
        depth: usize,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("value is nested too deeply".into());
        }
        for (i, v) in items.iter().enumerate() {
            if !(i == 0 && first_inline) {
                self.indent(ind);
            }
            self.open_ended = false;
            self.put_str("- ");
            match v {
                Value::List(inner) if !inner.is_empty() => {
                    self.sequence(inner, ind + 2, true, depth + 1)?
                }
                Value::Object(m) if !m.is_empty() => self.mapping(m, ind + 2, true, depth + 1)?,
                other => {
                    self.scalar(other, ind + 2, false)?;
                    self.end_line();
                }
            }
        }
        Ok(())
    }

    /// A scalar (or empty collection); `ind` is where continuation lines start.
    fn scalar(&mut self, v: &Value, ind: usize, root: bool) -> Result<(), String> {
        let plain = match v {
            Value::Null => "null".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) if n.is_infinite() => {
                if *n > 0.0 { "+Inf" } else { "-Inf" }.to_string()
            }
            Value::Number(n) => format_number(*n),
            Value::List(_) => "[]".to_string(),
            Value::Object(_) => "{}".to_string(),
            Value::String(s) => {
                if s.contains('\n') && literal_allowed(s) {
                    self.literal(s, ind);
                } else {
                    self.double_quoted(s, ind, true);
                }
                return Ok(());
            }
            Value::Unknown(_) | Value::Partial(..) => {
                return Err("value is not known until apply".into())
            }
        };
        self.put_str(&plain);
        self.open_ended = root && !matches!(v, Value::List(_) | Value::Object(_));
        Ok(())
    }

    fn double_quoted(&mut self, s: &str, ind: usize, allow_breaks: bool) {
        self.put('"');
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.escape(c);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i + 1 != chars.len()
                {
                    self.newline();
                    self.indent(ind);
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(' ');
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.put('"');
    }

    fn escape(&mut self, c: char) {
        self.put('\\');
        let short = match c {
            '\0' => Some('0'),
            '\u{7}' => Some('a'),
            '\u{8}' => Some('b'),
            '\t' => Some('t'),
            '\n' => Some('n'),
            '\u{b}' => Some('v'),
            '\u{c}' => Some('f'),
            '\r' => Some('r'),
            '\u{1b}' => Some('e'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            '\u{85}' => Some('N'),
            '\u{a0}' => Some('_'),
            '\u{2028}' => Some('L'),
            '\u{2029}' => Some('P'),
            _ => None,
        };
        match short {
            Some(e) => self.put(e),
            None => {
                let v = c as u32;
                let text = if v <= 0xFF {
                    format!("x{v:02X}")
                } else if v <= 0xFFFF {
                    format!("u{v:04X}")
                } else {
                    format!("U{v:08X}")
                };
                self.put_str(&text);
            }
        }
    }

    fn literal(&mut self, s: &str, ind: usize) {
        if !self.out.is_empty() && !self.out.ends_with(' ') && !self.out.ends_with('\n') {
            self.put(' ');
        }
        self.put('|');
        if s.starts_with(' ') || s.starts_with(is_break) {
            self.put('2');
        }
        let mut chars = s.chars().rev();
        let last_break = chars.next().is_some_and(is_break);
        let keep = last_break && chars.next().is_none_or(is_break);
        if !last_break {
            self.put('-');
        } else if keep {
            self.put('+');
        }
        self.open_ended = keep;
        self.newline();
        let mut at_line_start = true;
        for c in s.chars() {
            if is_break(c) {
                if c == '\n' {
                    self.newline();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                at_line_start = true;
            } else {
                if at_line_start {
                    self.indent(ind);
                    at_line_start = false;
                }
                self.put(c);
            }
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_printable(c: char) -> bool {
    matches!(c as u32,
        0x0A | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
        && c != '\u{FEFF}'
}

/// Whether libyaml would write `s` as a literal block: no characters that need
/// escaping, no space before a line break, no trailing space.
fn literal_allowed(s: &str) -> bool {
    let mut prev_space = false;
    for c in s.chars() {
        if !is_printable(c) && !is_break(c) {
            return false;
        }
        if is_break(c) && prev_space {
            return false;
        }
        prev_space = c == ' ';
    }
    !prev_space
}

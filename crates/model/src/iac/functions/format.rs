//! String functions `format` and `formatlist`: Go's `fmt.Sprintf` as Terraform uses it.

use std::fmt::Write as _;

use super::encoding::{json_encode, json_quote};
use super::string::graphemes;
use super::{check_string_length, go_quote, parse_number, unknown_of, Fx};
use crate::iac::eval::EvalError;
use crate::iac::value::{format_number, Value};

pub(super) fn f_format(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let fmt = fx.string("format", &a[0])?;
    go_format(&fmt, &a[1..], fx.ctx.budget().limits().string_length)
        .map(Value::String)
        .map_err(|e| fx.wrap(e))
}

pub(super) fn f_formatlist(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    if !a[0].is_known() {
        return Ok(unknown_of(&a[..1]));
    }
    let fmt = fx.string("format", &a[0])?;
    let rest = &a[1..];
    // Lists are iterated together; anything else is repeated. An unknown argument may
    // be a list of unknown length, so the whole result is unknown.
    if rest.iter().any(|v| matches!(v, Value::Unknown(_))) {
        return Ok(unknown_of(
            rest.iter().filter(|v| matches!(v, Value::Unknown(_))),
        ));
    }
    let mut len: Option<(usize, usize)> = None;
    for (i, v) in rest.iter().enumerate() {
        if let Value::List(items) = v {
            match len {
                None => len = Some((items.len(), i)),
                Some((l, j)) if l != items.len() => {
                    return Err(fx.err(format!(
                        "argument {} has length {}, which is inconsistent with argument {} of length {l}",
                        i + 1,
                        items.len(),
                        j + 1
                    )))
                }
                Some(_) => {}
            }
        }
    }
    let count = len.map_or(1, |(l, _)| l);
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let args: Vec<&Value> = rest
            .iter()
            .map(|v| match v {
                Value::List(items) => items.get(k).unwrap_or(&Value::Null),
                other => other,
            })
            .collect();
        if args.iter().any(|v| !v.is_wholly_known()) {
            out.push(unknown_of(args.iter().copied()));
            continue;
        }
        let owned: Vec<Value> = args.into_iter().cloned().collect();
        match go_format(&fmt, &owned, fx.ctx.budget().limits().string_length) {
            Ok(s) => out.push(Value::String(s)),
            Err(e) => return Err(fx.wrap(e.within(format!("error on format iteration {k}")))),
        }
    }
    Ok(Value::List(out))
}

/// One `%…` sequence of a format string.
struct Verb<'f> {
    raw: &'f str,
    offset: usize,
    arg: usize,
    mode: char,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Go's `%q` for a single character.
fn go_quote_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        c if c.is_control() => format!("'{}'", c.escape_default()),
        c => format!("'{c}'"),
    }
}

type Chars<'f> = std::iter::Peekable<std::str::CharIndices<'f>>;

fn read_digits(chars: &mut Chars) -> usize {
    let mut n = 0usize;
    while let Some(&(_, d)) = chars.peek() {
        let Some(v) = d.to_digit(10) else { break };
        n = n.saturating_mul(10).saturating_add(v as usize);
        chars.next();
    }
    n
}

/// Go's `fmt.Sprintf` as Terraform's `format` uses it; the result and every width and
/// precision are kept within `max_len` bytes before anything is padded.
fn go_format(fmt: &str, args: &[Value], max_len: usize) -> Result<String, EvalError> {
    let mut out = String::new();
    let mut chars: Chars = fmt.char_indices().peekable();
    let mut next_arg = 1usize;
    let mut highest = 0usize;
    let unrecognized = |c: char, at: usize| {
        format!(
            "unrecognized format character {} at offset {at}",
            go_quote_rune(c)
        )
    };
    let truncated = || format!("invalid format string starting at offset {}", fmt.len());
    while let Some((start, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if let Some(&(_, '%')) = chars.peek() {
            chars.next();
            out.push('%');
            continue;
        }
        let (mut zero, mut sharp, mut plus, mut minus, mut space) =
            (false, false, false, false, false);
        while let Some(&(_, f)) = chars.peek() {
            match f {
                '0' => zero = true,
                '#' => sharp = true,
                '+' => plus = true,
                '-' => minus = true,
                ' ' => space = true,
                _ => break,
            }
            chars.next();
        }
        let mut arg = next_arg;
        if let Some(&(_, '[')) = chars.peek() {
            chars.next();
            match chars.peek() {
                Some(&(_, '1'..='9')) => arg = read_digits(&mut chars),
                Some(&(at, c)) => return Err(unrecognized(c, at).into()),
                None => return Err(truncated().into()),
            }
            match chars.next() {
                Some((_, ']')) => {}
                Some((at, c)) => return Err(unrecognized(c, at).into()),
                None => return Err(truncated().into()),
            }
        }
        let width = match chars.peek() {
            Some(&(_, '1'..='9')) => Some(read_digits(&mut chars)),
            _ => None,
        };
        let prec = match chars.peek() {
            Some(&(_, '.')) => {
                chars.next();
                Some(read_digits(&mut chars))
            }
            _ => None,
        };
        let (end, mode) = match chars.next() {
            Some((at, m)) if m.is_ascii_alphabetic() => (at + 1, m),
            Some((at, c)) => return Err(unrecognized(c, at).into()),
            None => return Err(truncated().into()),
        };
        let verb = Verb {
            raw: &fmt[start..end],
            offset: start,
            arg,
            mode,
            zero,
            sharp,
            plus,
            minus,
            space,
            width,
            prec,
        };
        let padding = width.unwrap_or(0).max(prec.unwrap_or(0));
        check_string_length(max_len, out.len().saturating_add(padding))?;
        highest = highest.max(arg);
        next_arg = arg.saturating_add(1);
        format_one(&verb, args, &mut out)?;
        check_string_length(max_len, out.len())?;
    }
    if highest < args.len() {
        return Err(EvalError::new(if highest == 0 {
            "too many arguments; no verbs in format string".to_string()
        } else {
            format!("too many arguments; only {highest} used by format string")
        }));
    }
    Ok(out)
}

fn format_one(v: &Verb, args: &[Value], out: &mut String) -> Result<(), String> {
    let Some(arg) = args.get(v.arg.wrapping_sub(1)) else {
        return Err(format!(
            "not enough arguments for {} at {}: need index {} but have {} total",
            go_quote(v.raw),
            v.offset,
            v.arg,
            args.len()
        ));
    };
    let unsupported = |why: &str| {
        format!(
            "unsupported value for {} at {}: {why}",
            go_quote(v.raw),
            v.offset
        )
    };
    if v.mode != 'v' && matches!(arg, Value::Null) {
        return Err(unsupported("null value cannot be formatted"));
    }
    let number = || match arg {
        Value::Number(n) => Ok(*n),
        Value::String(s) => parse_number(s).ok_or_else(|| unsupported("a number is required")),
        _ => Err(unsupported("number required")),
    };
    match v.mode {
        'v' => {
            let text = match arg {
                Value::String(s) if !v.sharp => s.clone(),
                Value::Number(n) if !v.sharp => float_text(*n, 'g', None),
                other => json_encode(other).map_err(|e| unsupported(&e))?,
            };
            out.push_str(&pad_width(v, text));
        }
        't' => match arg {
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::String(s) if s == "true" || s == "false" => out.push_str(s),
            _ => return Err(unsupported("bool required")),
        },
        'b' | 'd' | 'o' | 'x' | 'X' => {
            let n = number()?;
            if n.fract() != 0.0 || !n.is_finite() {
                return Err(unsupported("an integer is required"));
            }
            out.push_str(&go_int(v, n));
        }
        'e' | 'E' | 'f' | 'g' | 'G' => out.push_str(&go_float(v, number()?)),
        's' | 'q' => {
            let mut s = match arg {
                Value::String(s) => s.clone(),
                Value::Number(n) => format_number(*n),
                Value::Bool(b) => b.to_string(),
                _ => return Err(unsupported("string required")),
            };
            if let Some(p) = v.prec.filter(|p| *p > 0) {
                s = graphemes(&s).into_iter().take(p).collect();
            }
            if v.mode == 'q' {
                let mut quoted = String::new();
                json_quote(&s, &mut quoted);
                s = quoted;
            }
            out.push_str(&pad_width(v, s));
        }
        m => {
            return Err(format!(
                "unsupported format verb {} in {} at offset {}",
                go_quote_rune(m),
                go_quote(v.raw),
                v.offset
            ))
        }
    }
    Ok(())
}

/// Pads to the verb's width, counted in characters.
fn pad_width(v: &Verb, text: String) -> String {
    let Some(width) = v.width else { return text };
    let have = graphemes(&text).len();
    if have >= width {
        return text;
    }
    let pad = (if v.zero { "0" } else { " " }).repeat(width - have);
    if v.minus {
        text + &pad
    } else {
        pad + &text
    }
}

/// Go's integer formatting (`%d`, `%5d`, `%-5d`, `%05d`, `%x`, `%#o`, `%.3d`).
fn go_int(v: &Verb, n: f64) -> String {
    let base = match v.mode {
        'b' => 2,
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let mut digits = int_digits(n.abs(), base);
    if v.mode == 'X' {
        digits = digits.to_ascii_uppercase();
    }
    let sign = if n < 0.0 {
        "-"
    } else if v.plus {
        "+"
    } else if v.space {
        " "
    } else {
        ""
    };
    let prefix = match (v.sharp, v.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(p) = v.prec {
        if digits.len() < p {
            zeros = p - digits.len();
        } else if digits == "0" && p == 0 {
            return String::new();
        }
    }
    let length = sign.len() + prefix.len() + zeros + digits.len();
    let (mut left, mut right) = (0, 0);
    if let Some(w) = v.width.filter(|w| *w > length) {
        let d = w - length;
        if v.minus {
            right = d;
        } else if v.zero && v.prec.is_none() {
            zeros = d;
        } else {
            left = d;
        }
    }
    format!(
        "{}{sign}{prefix}{}{digits}{}",
        " ".repeat(left),
        "0".repeat(zeros),
        " ".repeat(right)
    )
}

/// The digits of a whole, non-negative number in `base`, however large.
fn int_digits(n: f64, base: u32) -> String {
    if n < 18_446_744_073_709_551_616.0 {
        let u = n as u64;
        return match base {
            2 => format!("{u:b}"),
            8 => format!("{u:o}"),
            16 => format!("{u:x}"),
            _ => u.to_string(),
        };
    }
    // n = mantissa × 2^exp with exp > 0: build it in 32-bit limbs and divide down.
    let bits = n.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let exp = exp.max(0) as usize;
    let mut limbs = vec![0u32; exp / 32];
    let wide = u128::from(mantissa) << (exp % 32);
    limbs.extend([wide as u32, (wide >> 32) as u32, (wide >> 64) as u32]);
    let mut digits = Vec::new();
    let base = u64::from(base);
    while limbs.iter().any(|l| *l != 0) {
        let mut rem = 0u64;
        for limb in limbs.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / base) as u32;
            rem = cur % base;
        }
        digits.push(char::from_digit(rem as u32, base as u32).unwrap_or('0'));
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    digits.iter().rev().collect()
}

/// Go's `big.Float` formatting with flags and width (`%f`, `%.2f`, `%+e`, `%8.3g`).
fn go_float(v: &Verb, n: f64) -> String {
    let text = float_text(n, v.mode, v.prec);
    let (sign, body) = if let Some(body) = text.strip_prefix('-') {
        ("-", body)
    } else if v.plus {
        ("+", text.as_str())
    } else if v.space {
        (" ", text.as_str())
    } else {
        ("", text.as_str())
    };
    let padding = v
        .width
        .map_or(0, |w| w.saturating_sub(sign.len() + body.len()));
    if v.zero && !v.minus {
        format!("{sign}{}{body}", "0".repeat(padding))
    } else if v.minus {
        format!("{sign}{body}{}", " ".repeat(padding))
    } else {
        format!("{}{sign}{body}", " ".repeat(padding))
    }
}

/// A decimal `0.mant × 10^exp`, the form Go's float formatting rounds and prints.
struct Decimal {
    mant: Vec<u8>,
    exp: i64,
}

impl Decimal {
    /// The shortest decimal that reads back as `x` (non-negative, finite).
    fn of(x: f64) -> Decimal {
        if x == 0.0 {
            return Decimal {
                mant: Vec::new(),
                exp: 0,
            };
        }
        let text = format!("{x:e}");
        let (m, e) = text.split_once('e').unwrap_or((text.as_str(), "0"));
        let mut mant: Vec<u8> = m.bytes().filter(u8::is_ascii_digit).collect();
        while mant.last() == Some(&b'0') {
            mant.pop();
        }
        let exp = e.parse::<i64>().unwrap_or(0) + 1;
        Decimal { mant, exp }
    }

    fn at(&self, i: i64) -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.mant.get(i))
            .map_or('0', |d| *d as char)
    }

    /// Rounds to `n` digits, halves to even.
    fn round(&mut self, n: i64) {
        let Ok(n) = usize::try_from(n) else { return };
        let Some(&digit) = self.mant.get(n) else {
            return;
        };
        let up = if digit == b'5' && n + 1 == self.mant.len() {
            n > 0 && self.mant.get(n - 1).is_some_and(|d| (d - b'0') % 2 == 1)
        } else {
            digit >= b'5'
        };
        if up {
            let mut n = n;
            while n > 0 && self.mant.get(n - 1).is_some_and(|d| *d >= b'9') {
                n -= 1;
            }
            if n == 0 {
                self.mant = vec![b'1'];
                self.exp += 1;
            } else {
                self.mant.truncate(n);
                if let Some(last) = self.mant.last_mut() {
                    *last += 1;
                }
            }
        } else {
            self.mant.truncate(n);
            while self.mant.last() == Some(&b'0') {
                self.mant.pop();
            }
            if self.mant.is_empty() {
                self.exp = 0;
            }
        }
    }

    fn len(&self) -> i64 {
        self.mant.len() as i64
    }

    fn fmt_e(&self, out: &mut String, e: char, prec: i64) {
        out.push(self.at(0));
        if prec > 0 {
            out.push('.');
            for i in 1..=prec {
                out.push(self.at(i));
            }
        }
        out.push(e);
        let exp = if self.mant.is_empty() {
            0
        } else {
            self.exp - 1
        };
        out.push(if exp < 0 { '-' } else { '+' });
        let exp = exp.abs();
        if exp < 10 {
            out.push('0');
        }
        let _ = write!(out, "{exp}");
    }

    fn fmt_f(&self, out: &mut String, prec: i64) {
        if self.exp > 0 {
            for i in 0..self.exp {
                out.push(self.at(i));
            }
        } else {
            out.push('0');
        }
        if prec > 0 {
            out.push('.');
            for i in 1..=prec {
                out.push(self.at(self.exp + i - 1));
            }
        }
    }
}

/// Go's `big.Float.Text(fmt, prec)`; `prec` of `None` is Go's `-1` for `g` (shortest)
/// and 6 for `e` and `f`.
fn float_text(x: f64, fmt: char, prec: Option<usize>) -> String {
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    let mut d = Decimal::of(x.abs());
    let general = matches!(fmt, 'g' | 'G');
    let shortest = general && prec.is_none();
    let mut prec: i64 = match prec {
        None if general => d.len(),
        p => {
            let p = p.unwrap_or(6) as i64;
            match fmt {
                'e' | 'E' => {
                    d.round(1 + p);
                    p
                }
                'f' => {
                    d.round(d.exp + p);
                    p
                }
                _ => {
                    let p = p.max(1);
                    d.round(p);
                    p
                }
            }
        }
    };
    match fmt {
        'e' | 'E' => d.fmt_e(&mut out, fmt, prec),
        'f' => d.fmt_f(&mut out, prec),
        _ => {
            let mut eprec = prec;
            if eprec > d.len() && d.len() >= d.exp {
                eprec = d.len();
            }
            if shortest {
                eprec = 6;
            }
            let exp = d.exp - 1;
            if exp < -4 || exp >= eprec {
                if prec > d.len() {
                    prec = d.len();
                }
                d.fmt_e(&mut out, if fmt == 'g' { 'e' } else { 'E' }, prec - 1);
            } else {
                if prec > d.exp {
                    prec = d.len();
                }
                d.fmt_f(&mut out, (prec - d.exp).max(0));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn format_verbs() {
        let f = |fmt: &str, args: Vec<Value>| {
            let mut all = vec![s(fmt)];
            all.extend(args);
            ok("format", all)
        };
        assert_eq!(f("Hello, %s!", vec![s("Ander")]), s("Hello, Ander!"));
        assert_eq!(
            f("There are %d lights", vec![n(4.0)]),
            s("There are 4 lights")
        );
        assert_eq!(f("%-5d|", vec![n(42.0)]), s("42   |"));
        assert_eq!(f("%5d|", vec![n(42.0)]), s("   42|"));
        assert_eq!(f("%05d", vec![n(-42.0)]), s("-0042"));
        assert_eq!(f("%+d % d", vec![n(10.0), n(10.0)]), s("+10  10"));
        assert_eq!(f("%.2f", vec![n(1.23456)]), s("1.23"));
        assert_eq!(f("%8.3f|", vec![n(-1.23456)]), s("  -1.235|"));
        assert_eq!(f("%f", vec![n(10.0)]), s("10.000000"));
        assert_eq!(f("%.1f", vec![s("1.06")]), s("1.1"));
        assert_eq!(f("%.0f %.0f", vec![n(0.5), n(1.5)]), s("0 2"));
        assert_eq!(f("%e", vec![n(1000.0)]), s("1.000000e+03"));
        assert_eq!(f("%E", vec![n(1000.0)]), s("1.000000E+03"));
        assert_eq!(f("%g", vec![n(1000.0)]), s("1000"));
        assert_eq!(f("%g", vec![n(1e-23)]), s("1e-23"));
        assert_eq!(f("%.3g", vec![n(1234.5678)]), s("1.23e+03"));
        assert_eq!(
            f("%x %X %o %b", vec![n(254.0), n(254.0), n(9.0), n(5.0)]),
            s("fe FE 11 101")
        );
        assert_eq!(f("%#x", vec![n(255.0)]), s("0xff"));
        assert_eq!(f("%d", vec![n(1e20)]), s("100000000000000000000"));
        assert_eq!(f("%x", vec![n(1e20)]), s("56bc75e2d63100000"));
        assert_eq!(f("%t", vec![b(true)]), s("true"));
        assert_eq!(f("%t", vec![s("false")]), s("false"));
        assert_eq!(f("%v %v %v", vec![s("a"), n(2.0), b(true)]), s("a 2 true"));
        assert_eq!(f("%v", vec![n(1e6)]), s("1e+06"));
        assert_eq!(f("%v", vec![n(0.5)]), s("0.5"));
        assert_eq!(f("%v", vec![Value::Null]), s("null"));
        assert_eq!(
            f("%v", vec![obj(vec![("b", n(1.0)), ("a", strs(&["<x>"]))])]),
            s("{\"a\":[\"\\u003cx\\u003e\"],\"b\":1}")
        );
        assert_eq!(f("%#v", vec![s("hello")]), s("\"hello\""));
        assert_eq!(f("%q", vec![s("Hello\nWorld")]), s("\"Hello\\nWorld\""));
        assert_eq!(f("%s", vec![n(1.5)]), s("1.5"));
        assert_eq!(
            f("%10s|%-10s|", vec![s("hello"), s("hello")]),
            s("     hello|hello     |")
        );
        assert_eq!(f("%.2s %4.2s", vec![s("hello"), s("hello")]), s("he   he"));
        assert_eq!(f("%.5s", vec![s("日本語日本語")]), s("日本語日本"));
        assert_eq!(f("%[2]s %[1]s %s", vec![s("a"), s("b")]), s("b a b"));
        assert_eq!(f("100%% sure", vec![]), s("100% sure"));
    }

    #[test]
    fn format_errors_like_terraform() {
        let e = |fmt: &str, args: Vec<Value>| {
            let mut all = vec![s(fmt)];
            all.extend(args);
            err("format", all)
        };
        assert_eq!(
            e("%s is not in the args list", vec![]),
            "Invalid function argument: format: not enough arguments for \"%s\" at 0: need index 1 but have 0 total"
        );
        assert_eq!(
            e("%v %v %v", vec![b(true), b(true)]),
            "Invalid function argument: format: not enough arguments for \"%v\" at 6: need index 3 but have 2 total"
        );
        assert_eq!(
            e("%[0]s", vec![b(true)]),
            "Invalid function argument: format: unrecognized format character '0' at offset 2"
        );
        assert_eq!(
            e("%z is not valid", vec![n(10.0)]),
            "Invalid function argument: format: unsupported format verb 'z' in \"%z\" at offset 0"
        );
        assert_eq!(
            e("%☠", vec![n(10.0)]),
            "Invalid function argument: format: unrecognized format character '☠' at offset 1"
        );
        assert_eq!(
            e("no verbs", vec![n(10.0)]),
            "Invalid function argument: format: too many arguments; no verbs in format string"
        );
        assert_eq!(
            e("one verb %d", vec![n(10.0), n(11.0)]),
            "Invalid function argument: format: too many arguments; only 1 used by format string"
        );
        assert_eq!(
            e("%d bottles", vec![b(true)]),
            "Invalid function argument: format: unsupported value for \"%d\" at 0: number required"
        );
        assert_eq!(
            e("%d", vec![n(1.5)]),
            "Invalid function argument: format: unsupported value for \"%d\" at 0: an integer is required"
        );
        assert_eq!(
            e("%s", vec![Value::Null]),
            "Invalid function argument: format: unsupported value for \"%s\" at 0: null value cannot be formatted"
        );
        assert_eq!(
            e("100%", vec![]),
            "Invalid function argument: format: invalid format string starting at offset 4"
        );
        // A width over the string budget is refused before anything is padded.
        assert_eq!(
            e("%999999999d", vec![n(1.0)]),
            "string length in bytes 999999999 is over the limit of 4194304 (raise `limits.string_length` in aetheredge.yaml)"
        );
    }

    #[test]
    fn format_of_unknowns_is_unknown() {
        assert_eq!(
            ok("format", vec![s("%s-%s"), s("a"), unk("random_id.x.hex")]),
            unk("random_id.x.hex")
        );
        assert_eq!(
            ok("format", vec![s("%v"), list(vec![unk("a.b")])]),
            unk("a.b")
        );
    }

    #[test]
    fn formatlist_zips_lists_and_repeats_scalars() {
        assert_eq!(
            ok(
                "formatlist",
                vec![
                    s("Hello, %s!"),
                    strs(&["Valentina", "Ander", "Olivia", "Sam"])
                ]
            ),
            strs(&[
                "Hello, Valentina!",
                "Hello, Ander!",
                "Hello, Olivia!",
                "Hello, Sam!"
            ])
        );
        assert_eq!(
            ok(
                "formatlist",
                vec![
                    s("%s, %s!"),
                    s("Salutations"),
                    strs(&["Valentina", "Ander"])
                ]
            ),
            strs(&["Salutations, Valentina!", "Salutations, Ander!"])
        );
        assert_eq!(ok("formatlist", vec![s("%s"), list(vec![])]), list(vec![]));
        assert_eq!(
            ok(
                "formatlist",
                vec![s("x-%s"), list(vec![s("a"), unk("r.id")])]
            ),
            list(vec![s("x-a"), unk("r.id")])
        );
        assert_eq!(ok("formatlist", vec![s("%s"), unk("r.ids")]), unk("r.ids"));
        assert_eq!(
            err(
                "formatlist",
                vec![s("%s %s"), strs(&["hello", "goodbye"]), strs(&["world"])]
            ),
            "Invalid function argument: formatlist: argument 2 has length 1, which is inconsistent with argument 1 of length 2"
        );
        assert_eq!(
            err("formatlist", vec![s("%s"), list(vec![obj(vec![])])]),
            "Invalid function argument: formatlist: error on format iteration 0: unsupported value for \"%s\" at 0: string required"
        );
    }
}

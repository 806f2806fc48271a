//! Terraform's built-in functions, evaluated the way `terraform plan` would evaluate them.
//!
//! This module owns [`call`]: given a function name (`merge`, `cidrsubnet`, `jsonencode`,
//! …) and its already-evaluated arguments, it computes the value Terraform would compute,
//! including *where the answer is not known before apply*: a function that has to look
//! at an unknown argument returns [`Value::Unknown`] carrying the references it came from,
//! while functions that only move values around (`concat`, `lookup`, `element`, …) keep
//! unknown elements in place, as Terraform does.
//!
//! Not here: `try` and `can` (the evaluator handles them, because they need their
//! arguments unevaluated) and provider-defined functions (`provider::…::…`), whose
//! results are always unknown to a tool that does not run providers.
//!
//! Every function is total on user data: errors are [`EvalError`]s worded like
//! Terraform's, and anything that could allocate without bound (ranges, format widths,
//! products, nesting) is capped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use sha2::{Digest, Sha256, Sha512};

use super::eval::{EvalError, FunctionContext};
use super::value::{format_number, Unknown, Value};
use aetheredge_core::limits::{Limit, LimitExceeded};

/// Terraform's own cap on `range`: "If the algorithm above would append the 1025th number
/// to the sequence, the function immediately exits with an error."
const RANGE_LIMIT: usize = 1024;
/// The deepest nesting a recursive walk (`flatten`, `jsonencode`, equality) follows.
const MAX_DEPTH: usize = 256;

/// `Ok` when a string of `len` bytes is within `max` (`limits.string_length`).
fn check_string_length(max: usize, len: usize) -> Result<(), EvalError> {
    if len > max {
        return Err(LimitExceeded {
            limit: Limit::StringLength,
            max,
            reached: len,
        }
        .into());
    }
    Ok(())
}

/// Calls the Terraform built-in function `name` with already-evaluated arguments.
pub fn call(name: &str, args: Vec<Value>, ctx: &dyn FunctionContext) -> Result<Value, EvalError> {
    // Terraform 1.8+ accepts built-ins under the `core::` namespace too.
    let name = name.strip_prefix("core::").unwrap_or(name);
    if name.contains("::") {
        return Ok(Value::Unknown(Unknown::default()));
    }
    let Some((arity, needs, imp)) = spec(name) else {
        return Err(EvalError::new(format!(
            "Call to unknown function \"{name}\"."
        )));
    };
    arity.check(name, args.len())?;
    match needs {
        Needs::Known => {
            if args.iter().any(|a| !a.is_known()) {
                return Ok(unknown_of(args.iter().filter(|a| !a.is_known())));
            }
        }
        Needs::WhollyKnown => {
            if args.iter().any(|a| !a.is_wholly_known()) {
                return Ok(unknown_of(args.iter()));
            }
        }
        Needs::Custom => {}
    }
    imp(&Fx { name, ctx }, args)
}

/// How many arguments a function takes.
#[derive(Clone, Copy)]
enum Arity {
    Exact(usize),
    Between(usize, usize),
    AtLeast(usize),
    /// `join(separator, lists...)`: reported as taking two arguments, since the extra
    /// lists are rarely used, but accepting more.
    Join,
}

impl Arity {
    fn check(self, name: &str, got: usize) -> Result<(), EvalError> {
        let (ok, expected) = match self {
            Arity::Exact(n) => (got == n, arguments(n)),
            Arity::Between(a, b) if b == a + 1 => {
                ((a..=b).contains(&got), format!("{a} or {b} arguments"))
            }
            Arity::Between(a, b) => ((a..=b).contains(&got), format!("{a} to {b} arguments")),
            Arity::AtLeast(n) => (got >= n, format!("at least {}", arguments(n))),
            Arity::Join => (got >= 2, arguments(2)),
        };
        if ok {
            Ok(())
        } else {
            Err(EvalError::new(format!(
                "Function \"{name}\" expects {expected}, got {got}."
            )))
        }
    }
}

fn arguments(n: usize) -> String {
    if n == 1 {
        "1 argument".to_string()
    } else {
        format!("{n} arguments")
    }
}

/// What a function needs of its arguments before it can compute anything.
#[derive(Clone, Copy)]
enum Needs {
    /// Every argument must itself be known (elements may still be unknown); otherwise
    /// the result is unknown.
    Known,
    /// Every argument must be wholly known, nested elements included.
    WhollyKnown,
    /// The function handles unknown arguments itself, to be more precise.
    Custom,
}

type Imp = fn(&Fx<'_>, Vec<Value>) -> Result<Value, EvalError>;

fn spec(name: &str) -> Option<(Arity, Needs, Imp)> {
    use Arity::{AtLeast, Between, Exact, Join};
    use Needs::{Custom, Known, WhollyKnown};
    fn entry(arity: Arity, needs: Needs, imp: Imp) -> (Arity, Needs, Imp) {
        (arity, needs, imp)
    }
    let s = match name {
        // Numbers.
        "abs" => entry(Exact(1), Known, f_abs),
        "ceil" => entry(Exact(1), Known, f_ceil),
        "floor" => entry(Exact(1), Known, f_floor),
        "log" => entry(Exact(2), Known, f_log),
        "max" => entry(AtLeast(1), Known, f_max),
        "min" => entry(AtLeast(1), Known, f_min),
        "parseint" => entry(Exact(2), Known, f_parseint),
        "pow" => entry(Exact(2), Known, f_pow),
        "signum" => entry(Exact(1), Known, f_signum),
        "sum" => entry(Exact(1), WhollyKnown, f_sum),
        // Strings.
        "chomp" => entry(Exact(1), Known, f_chomp),
        "endswith" => entry(Exact(2), Known, f_endswith),
        "format" => entry(AtLeast(1), WhollyKnown, f_format),
        "formatlist" => entry(AtLeast(1), Custom, f_formatlist),
        "indent" => entry(Exact(2), Known, f_indent),
        "join" => entry(Join, WhollyKnown, f_join),
        "lower" => entry(Exact(1), Known, f_lower),
        "regex" => entry(Exact(2), Known, f_regex),
        "regexall" => entry(Exact(2), Known, f_regexall),
        "replace" => entry(Exact(3), Known, f_replace),
        "split" => entry(Exact(2), Known, f_split),
        "startswith" => entry(Exact(2), Known, f_startswith),
        "strcontains" => entry(Exact(2), Known, f_strcontains),
        "strrev" => entry(Exact(1), Known, f_strrev),
        "substr" => entry(Exact(3), Known, f_substr),
        "title" => entry(Exact(1), Known, f_title),
        "trim" => entry(Exact(2), Known, f_trim),
        "trimprefix" => entry(Exact(2), Known, f_trimprefix),
        "trimspace" => entry(Exact(1), Known, f_trimspace),
        "trimsuffix" => entry(Exact(2), Known, f_trimsuffix),
        "upper" => entry(Exact(1), Known, f_upper),
        // Collections.
        "alltrue" => entry(Exact(1), Known, f_alltrue),
        "anytrue" => entry(Exact(1), Known, f_anytrue),
        "chunklist" => entry(Exact(2), Known, f_chunklist),
        "coalesce" => entry(AtLeast(0), Custom, f_coalesce),
        "coalescelist" => entry(AtLeast(1), Custom, f_coalescelist),
        "compact" => entry(Exact(1), WhollyKnown, f_compact),
        "concat" => entry(AtLeast(1), Known, f_concat),
        "contains" => entry(Exact(2), Custom, f_contains),
        "distinct" => entry(Exact(1), WhollyKnown, f_distinct),
        "element" => entry(Exact(2), Known, f_element),
        "flatten" => entry(Exact(1), Known, f_flatten),
        "index" => entry(Exact(2), Known, f_index),
        "keys" => entry(Exact(1), Known, f_keys),
        "length" => entry(Exact(1), Known, f_length),
        "lookup" => entry(Between(2, 3), Custom, f_lookup),
        "matchkeys" => entry(Exact(3), WhollyKnown, f_matchkeys),
        "merge" => entry(AtLeast(0), Custom, f_merge),
        "one" => entry(Exact(1), Known, f_one),
        "range" => entry(Between(1, 3), Known, f_range),
        "reverse" => entry(Exact(1), Known, f_reverse),
        "setintersection" => entry(AtLeast(1), WhollyKnown, f_setintersection),
        "setproduct" => entry(AtLeast(2), WhollyKnown, f_setproduct),
        "setsubtract" => entry(Exact(2), WhollyKnown, f_setsubtract),
        "setunion" => entry(AtLeast(1), WhollyKnown, f_setunion),
        "slice" => entry(Exact(3), Known, f_slice),
        "sort" => entry(Exact(1), WhollyKnown, f_sort),
        "transpose" => entry(Exact(1), WhollyKnown, f_transpose),
        "values" => entry(Exact(1), Known, f_values),
        "zipmap" => entry(Exact(2), Custom, f_zipmap),
        // Encoding.
        "base64decode" => entry(Exact(1), Known, f_base64decode),
        "base64encode" => entry(Exact(1), Known, f_base64encode),
        "jsondecode" => entry(Exact(1), Known, f_jsondecode),
        "jsonencode" => entry(Exact(1), WhollyKnown, f_jsonencode),
        "urlencode" => entry(Exact(1), Known, f_urlencode),
        "yamldecode" => entry(Exact(1), Known, f_yamldecode),
        "yamlencode" => entry(Exact(1), WhollyKnown, f_yamlencode),
        // Filesystem.
        "basename" => entry(Exact(1), Known, f_basename),
        "dirname" => entry(Exact(1), Known, f_dirname),
        "file" => entry(Exact(1), Known, f_file),
        "filebase64" => entry(Exact(1), Known, f_filebase64),
        "fileexists" => entry(Exact(1), Known, f_fileexists),
        "filesha256" => entry(Exact(1), Known, f_filesha256),
        "filesha512" => entry(Exact(1), Known, f_filesha512),
        "templatefile" => entry(Exact(2), Custom, f_templatefile),
        "templatestring" => entry(Exact(2), Custom, f_templatestring),
        // Hashes, and what only apply can know.
        "base64sha256" => entry(Exact(1), Known, f_base64sha256),
        "base64sha512" => entry(Exact(1), Known, f_base64sha512),
        "sha256" => entry(Exact(1), Known, f_sha256),
        "sha512" => entry(Exact(1), Known, f_sha512),
        "bcrypt" => entry(Between(1, 2), Custom, f_known_after_apply),
        "plantimestamp" => entry(Exact(0), Custom, f_known_after_apply),
        "timestamp" => entry(Exact(0), Custom, f_known_after_apply),
        "uuid" => entry(Exact(0), Custom, f_known_after_apply),
        // IP networks.
        "cidrhost" => entry(Exact(2), Known, f_cidrhost),
        "cidrnetmask" => entry(Exact(1), Known, f_cidrnetmask),
        "cidrsubnet" => entry(Exact(3), Known, f_cidrsubnet),
        "cidrsubnets" => entry(AtLeast(1), Known, f_cidrsubnets),
        // Types.
        "ephemeralasnull" => entry(Exact(1), Custom, f_identity),
        "nonsensitive" => entry(Exact(1), Custom, f_identity),
        "sensitive" => entry(Exact(1), Custom, f_identity),
        "tobool" => entry(Exact(1), Known, f_tobool),
        "tolist" => entry(Exact(1), Known, f_tolist),
        "tomap" => entry(Exact(1), Known, f_tomap),
        "tonumber" => entry(Exact(1), Known, f_tonumber),
        "toset" => entry(Exact(1), Custom, f_toset),
        "tostring" => entry(Exact(1), Known, f_tostring),
        _ => return None,
    };
    Some(s)
}

/// An unknown that depends on everything unknown inside `values`.
fn unknown_of<'a>(values: impl IntoIterator<Item = &'a Value>) -> Value {
    let unknowns: Vec<Unknown> = values.into_iter().map(Value::unknown_refs).collect();
    Value::Unknown(Unknown::merge(&unknowns))
}

/// The function being called: names it in errors, converts its arguments.
struct Fx<'a> {
    name: &'a str,
    ctx: &'a dyn FunctionContext,
}

impl Fx<'_> {
    fn err(&self, msg: impl std::fmt::Display) -> EvalError {
        EvalError::new(format!("Invalid function argument: {}: {msg}", self.name))
    }

    /// An error from something this function called, said to come from this function.
    fn wrap(&self, e: EvalError) -> EvalError {
        e.within(format!("Invalid function argument: {}", self.name))
    }

    /// `Ok` when a string of `len` bytes is within `limits.string_length`.
    fn check_string(&self, len: usize) -> Result<(), EvalError> {
        check_string_length(self.ctx.budget().limits().string_length, len)
    }

    /// `Ok` when a collection of `len` elements is within `limits.collection_length`.
    fn check_collection(&self, len: usize) -> Result<(), EvalError> {
        Ok(self.ctx.budget().check(Limit::CollectionLength, len)?)
    }

    fn param_err(&self, param: &str, msg: impl std::fmt::Display) -> EvalError {
        self.err(format!("invalid value for \"{param}\" parameter: {msg}"))
    }

    fn null_err(&self, param: &str) -> EvalError {
        self.param_err(param, "argument must not be null")
    }

    /// A string argument; numbers and bools convert as Terraform converts them.
    fn string(&self, param: &str, v: &Value) -> Result<String, EvalError> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(format_number(*n)),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Null => Err(self.null_err(param)),
            _ => Err(self.param_err(param, "string required")),
        }
    }

    /// A number argument; strings holding a decimal number convert.
    fn number(&self, param: &str, v: &Value) -> Result<f64, EvalError> {
        match v {
            Value::Number(n) => Ok(*n),
            Value::String(s) => {
                parse_number(s).ok_or_else(|| self.param_err(param, "a number is required"))
            }
            Value::Null => Err(self.null_err(param)),
            _ => Err(self.param_err(param, "a number is required")),
        }
    }

    /// A whole-number argument.
    fn int(&self, param: &str, v: &Value) -> Result<i64, EvalError> {
        let n = self.number(param, v)?;
        if n.fract() != 0.0 || !n.is_finite() || n.abs() >= 9.2e18 {
            return Err(self.param_err(param, "a whole number is required"));
        }
        Ok(n as i64)
    }

    /// A whole-number argument as wide as an IPv6 address needs.
    fn int128(&self, param: &str, v: &Value) -> Result<i128, EvalError> {
        let n = self.number(param, v)?;
        if n.fract() != 0.0 || !n.is_finite() || n.abs() >= 1.7e38 {
            return Err(self.param_err(param, "a whole number is required"));
        }
        Ok(n as i128)
    }

    fn list<'v>(&self, param: &str, v: &'v Value) -> Result<&'v [Value], EvalError> {
        match v {
            Value::List(items) => Ok(items),
            Value::Null => Err(self.null_err(param)),
            _ => Err(self.param_err(param, "a list, set or tuple is required")),
        }
    }

    fn object<'v>(
        &self,
        param: &str,
        v: &'v Value,
    ) -> Result<&'v BTreeMap<String, Value>, EvalError> {
        match v {
            Value::Object(map) => Ok(map),
            Value::Null => Err(self.null_err(param)),
            _ => Err(self.param_err(param, "a map or object is required")),
        }
    }

    fn read_file(&self, path: &str) -> Result<String, EvalError> {
        self.ctx.read_file(path).map_err(|e| self.wrap(e))
    }
}

/// A decimal number as Terraform reads one from a string (`"12"`, `"-1.5e3"`).
fn parse_number(s: &str) -> Option<f64> {
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn number_result(fx: &Fx, n: f64) -> Result<Value, EvalError> {
    if n.is_nan() {
        Err(fx.err("the result is not a number"))
    } else {
        Ok(Value::Number(n))
    }
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

fn f_abs(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::Number(fx.number("num", &a[0])?.abs()))
}

fn f_ceil(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::Number(fx.number("num", &a[0])?.ceil()))
}

fn f_floor(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::Number(fx.number("num", &a[0])?.floor()))
}

fn f_log(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let num = fx.number("num", &a[0])?;
    let base = fx.number("base", &a[1])?;
    number_result(fx, num.ln() / base.ln())
}

fn f_max(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut best = f64::NEG_INFINITY;
    for v in &a {
        best = best.max(fx.number("numbers", v)?);
    }
    Ok(Value::Number(best))
}

fn f_min(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut best = f64::INFINITY;
    for v in &a {
        best = best.min(fx.number("numbers", v)?);
    }
    Ok(Value::Number(best))
}

fn f_pow(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let x = fx.number("num", &a[0])?;
    let y = fx.number("power", &a[1])?;
    number_result(fx, x.powf(y))
}

fn f_signum(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let n = fx.number("num", &a[0])?;
    Ok(Value::Number(if n > 0.0 {
        1.0
    } else if n < 0.0 {
        -1.0
    } else {
        0.0
    }))
}

fn f_parseint(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("number", &a[0])?;
    let base = fx.int("base", &a[1])?;
    if !(2..=62).contains(&base) {
        return Err(fx.param_err(
            "base",
            format!("invalid base {base}; must be between 2 and 62 inclusive"),
        ));
    }
    parse_int(&s, base as u32)
        .map(Value::Number)
        .ok_or_else(|| {
            fx.param_err(
                "number",
                format!("cannot parse {} as a base {base} integer", go_quote(&s)),
            )
        })
}

/// Go's `big.Int.SetString(s, base)`: an optional sign, then digits `0-9a-zA-Z` (letters
/// case-insensitive up to base 36, lower before upper above it).
fn parse_int(s: &str, base: u32) -> Option<f64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut exact: Option<u128> = Some(0);
    let mut approx = 0.0f64;
    for b in digits.bytes() {
        let d = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'a'..=b'z' => u32::from(b - b'a') + 10,
            b'A'..=b'Z' if base <= 36 => u32::from(b - b'A') + 10,
            b'A'..=b'Z' => u32::from(b - b'A') + 36,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        exact = exact
            .and_then(|e| e.checked_mul(u128::from(base)))
            .and_then(|e| e.checked_add(u128::from(d)));
        approx = approx * f64::from(base) + f64::from(d);
    }
    let magnitude = exact.map_or(approx, |e| e as f64);
    Some(if neg { -magnitude } else { magnitude })
}

fn f_sum(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let Value::List(items) = &a[0] else {
        return Err(fx.param_err("list", "cannot sum noniterable"));
    };
    if items.is_empty() {
        return Err(fx.param_err("list", "cannot sum an empty list"));
    }
    let mut total = 0.0;
    for v in items {
        let n = match v {
            Value::Number(n) => *n,
            Value::String(s) => parse_number(s).ok_or_else(|| {
                fx.param_err(
                    "list",
                    "argument must be list, set, or tuple of number values",
                )
            })?,
            _ => {
                return Err(fx.param_err(
                    "list",
                    "argument must be list, set, or tuple of number values",
                ))
            }
        };
        total += n;
    }
    if total.is_nan() {
        return Err(fx.err("can't compute sum of opposing infinities"));
    }
    Ok(Value::Number(total))
}

// ---------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------

/// True for characters that extend the grapheme cluster before them: combining marks,
/// variation selectors, emoji modifiers, joiners, tags.
fn is_extend(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x05BF
        | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5
        | 0x05C7
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED
        | 0x0900..=0x0903
        | 0x093A..=0x093C
        | 0x093E..=0x094F
        | 0x0951..=0x0957
        | 0x0962..=0x0963
        | 0x0E31
        | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200C..=0x200D
        | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0x1F3FB..=0x1F3FF
        | 0xE0020..=0xE007F
        | 0xE0100..=0xE01EF)
}

fn is_regional_indicator(c: char) -> bool {
    (0x1F1E6..=0x1F1FF).contains(&(c as u32))
}

/// The "characters" Terraform counts in strings: grapheme clusters, approximated by
/// attaching combining marks, variation selectors, emoji modifiers and zero-width-joined
/// sequences to the character before them, pairing regional indicators (flags), and
/// keeping `\r\n` together.
fn graphemes(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut flags_run = 0usize;
    for (i, c) in s.char_indices() {
        let joins = match prev {
            None => false,
            Some('\r') => c == '\n',
            Some(p) if p.is_control() => false,
            Some(p) => {
                is_extend(c)
                    || p == '\u{200D}'
                    || (is_regional_indicator(p) && is_regional_indicator(c) && flags_run % 2 == 1)
            }
        };
        if !joins && i > 0 {
            out.push(&s[start..i]);
            start = i;
        }
        flags_run = if is_regional_indicator(c) {
            flags_run + 1
        } else {
            0
        };
        prev = Some(c);
    }
    if !s.is_empty() {
        out.push(&s[start..]);
    }
    out
}

/// Go's `unicode.ToUpper`: a one-to-one mapping (`ß` stays `ß`).
fn simple_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower`: a one-to-one mapping (`İ` becomes `i`).
fn simple_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn f_lower(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::String(s.chars().map(simple_lower).collect()))
}

fn f_upper(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::String(s.chars().map(simple_upper).collect()))
}

/// Go's `strings.Title`: upper-cases every letter that follows a separator.
fn f_title(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphabetic() || c.is_numeric() {
            return false;
        }
        c.is_whitespace()
    }
    let s = fx.string("str", &a[0])?;
    let mut prev = ' ';
    let out = s
        .chars()
        .map(|c| {
            let mapped = if is_separator(prev) {
                simple_upper(c)
            } else {
                c
            };
            prev = c;
            mapped
        })
        .collect();
    Ok(Value::String(out))
}

fn f_chomp(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::string(s.trim_end_matches(['\r', '\n'])))
}

fn f_trimspace(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::string(s.trim()))
}

fn f_trim(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let cutset: Vec<char> = fx.string("cutset", &a[1])?.chars().collect();
    Ok(Value::string(s.trim_matches(cutset.as_slice())))
}

fn f_trimprefix(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let prefix = fx.string("prefix", &a[1])?;
    Ok(Value::string(s.strip_prefix(&prefix).unwrap_or(&s)))
}

fn f_trimsuffix(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let suffix = fx.string("suffix", &a[1])?;
    Ok(Value::string(s.strip_suffix(&suffix).unwrap_or(&s)))
}

fn f_startswith(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let prefix = fx.string("prefix", &a[1])?;
    Ok(Value::Bool(s.starts_with(&prefix)))
}

fn f_endswith(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let suffix = fx.string("suffix", &a[1])?;
    Ok(Value::Bool(s.ends_with(&suffix)))
}

fn f_strcontains(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let substr = fx.string("substr", &a[1])?;
    Ok(Value::Bool(s.contains(&substr)))
}

fn f_strrev(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::String(graphemes(&s).into_iter().rev().collect()))
}

fn f_substr(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let offset = fx.int("offset", &a[1])?;
    let length = fx.int("length", &a[2])?;
    let chars = graphemes(&s);
    let total = chars.len() as i64;
    let start = if offset < 0 {
        (offset + total).max(0)
    } else {
        offset.min(total)
    } as usize;
    let rest = chars.get(start..).unwrap_or_default();
    let taken = if length < 0 {
        rest
    } else {
        rest.get(..(length as usize).min(rest.len()))
            .unwrap_or_default()
    };
    Ok(Value::String(taken.concat()))
}

fn f_split(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let sep = fx.string("separator", &a[0])?;
    let s = fx.string("str", &a[1])?;
    // Go's strings.Split: an empty separator splits after each character.
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(Value::string).collect()
    };
    Ok(Value::List(parts))
}

fn f_join(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let sep = fx.string("separator", &a[0])?;
    let lists = &a[1..];
    let mut parts = Vec::new();
    // The joined string's length so far (with a separator too many), before it is built.
    let mut length = 0usize;
    for (li, list) in lists.iter().enumerate() {
        for (ei, item) in fx.list("lists", list)?.iter().enumerate() {
            if matches!(item, Value::Null) {
                return Err(fx.param_err(
                    "lists",
                    if lists.len() > 1 {
                        format!(
                            "element {ei} of list {} is null; cannot concatenate null values",
                            li + 1
                        )
                    } else {
                        format!("element {ei} is null; cannot concatenate null values")
                    },
                ));
            }
            let part = fx.string("lists", item)?;
            length = length.saturating_add(part.len() + sep.len());
            fx.check_string(length)?;
            parts.push(part);
        }
    }
    Ok(Value::String(parts.join(&sep)))
}

fn f_indent(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let spaces = fx.int("spaces", &a[0])?;
    let s = fx.string("str", &a[1])?;
    if spaces < 0 {
        return Err(fx.param_err("spaces", "must not be negative"));
    }
    let spaces = spaces as usize;
    let lines = s.matches('\n').count();
    fx.check_string(spaces.saturating_mul(lines.max(1)).saturating_add(s.len()))?;
    let pad = format!("\n{}", " ".repeat(spaces));
    Ok(Value::String(s.replace('\n', &pad)))
}

fn compile_regex(fx: &Fx, pattern: &str) -> Result<regex::Regex, EvalError> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 22)
        .dfa_size_limit(1 << 22)
        .build()
        .map_err(|e| fx.param_err("pattern", format!("error parsing pattern: {e}")))
}

fn f_replace(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let substr = fx.string("substr", &a[1])?;
    let replacement = fx.string("replace", &a[2])?;
    if substr.len() >= 2 && substr.starts_with('/') && substr.ends_with('/') {
        let re = compile_regex(fx, &substr[1..substr.len() - 1])?;
        let mut out = String::new();
        let mut last = 0;
        for caps in re.captures_iter(&s) {
            let Some(m) = caps.get(0) else { continue };
            out.push_str(&s[last..m.start()]);
            caps.expand(&replacement, &mut out);
            last = m.end();
            fx.check_string(out.len())?;
        }
        out.push_str(&s[last..]);
        return Ok(Value::String(out));
    }
    let count = if substr.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(substr.as_str()).count()
    };
    fx.check_string(
        s.len()
            .saturating_add(count.saturating_mul(replacement.len())),
    )?;
    Ok(Value::String(s.replace(substr.as_str(), &replacement)))
}

/// How a match is returned by `regex` and `regexall`, decided by the pattern's groups.
enum Captures {
    Whole,
    Named(Vec<String>),
    Positional(usize),
}

fn capture_shape(fx: &Fx, re: &regex::Regex) -> Result<Captures, EvalError> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.is_empty() {
        Ok(Captures::Whole)
    } else if names.iter().all(Option::is_some) {
        Ok(Captures::Named(
            names.into_iter().flatten().map(str::to_string).collect(),
        ))
    } else if names.iter().all(Option::is_none) {
        Ok(Captures::Positional(names.len()))
    } else {
        Err(fx.param_err(
            "pattern",
            "invalid regular expression: can't mix both named and unnamed capture groups",
        ))
    }
}

fn capture_value(shape: &Captures, caps: &regex::Captures) -> Value {
    let group = |m: Option<regex::Match>| m.map_or(Value::Null, |m| Value::string(m.as_str()));
    match shape {
        Captures::Whole => group(caps.get(0)),
        Captures::Named(names) => Value::Object(
            names
                .iter()
                .map(|n| (n.clone(), group(caps.name(n))))
                .collect(),
        ),
        Captures::Positional(n) => Value::List((1..=*n).map(|i| group(caps.get(i))).collect()),
    }
}

fn f_regex(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let pattern = fx.string("pattern", &a[0])?;
    let s = fx.string("string", &a[1])?;
    let re = compile_regex(fx, &pattern)?;
    let shape = capture_shape(fx, &re)?;
    match re.captures(&s) {
        Some(caps) => Ok(capture_value(&shape, &caps)),
        None => Err(fx.err("pattern did not match any part of the given string")),
    }
}

fn f_regexall(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let pattern = fx.string("pattern", &a[0])?;
    let s = fx.string("string", &a[1])?;
    let re = compile_regex(fx, &pattern)?;
    let shape = capture_shape(fx, &re)?;
    Ok(Value::List(
        re.captures_iter(&s)
            .map(|caps| capture_value(&shape, &caps))
            .collect(),
    ))
}

// ---------------------------------------------------------------------------------------
// format and formatlist
// ---------------------------------------------------------------------------------------

fn f_format(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let fmt = fx.string("format", &a[0])?;
    go_format(&fmt, &a[1..], fx.ctx.budget().limits().string_length)
        .map(Value::String)
        .map_err(|e| fx.wrap(e))
}

fn f_formatlist(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

/// Go's `%q` for a string, as used in Terraform's format error messages.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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

// ---------------------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------------------

/// Terraform equality: `None` when unknowns make it undecidable.
fn equals(a: &Value, b: &Value, depth: usize) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    match (a, b) {
        (Value::Unknown(_) | Value::Partial(..), _)
        | (_, Value::Unknown(_) | Value::Partial(..)) => None,
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all_equal(x.iter().zip(y), depth)
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() || x.keys().zip(y.keys()).any(|(p, q)| p != q) {
                return Some(false);
            }
            all_equal(x.values().zip(y.values()), depth)
        }
        _ => Some(a == b),
    }
}

fn all_equal<'a>(
    pairs: impl Iterator<Item = (&'a Value, &'a Value)>,
    depth: usize,
) -> Option<bool> {
    let mut undecided = false;
    for (p, q) in pairs {
        match equals(p, q, depth + 1) {
            Some(false) => return Some(false),
            None => undecided = true,
            Some(true) => {}
        }
    }
    if undecided {
        None
    } else {
        Some(true)
    }
}

/// Converts elements to one type, as Terraform does for lists, sets and maps: strings win
/// over numbers and bools; anything else must already agree.
fn unify(items: Vec<Value>) -> Option<Vec<Value>> {
    let (mut bools, mut numbers, mut strings, mut lists, mut objects) =
        (false, false, false, false, false);
    for v in &items {
        match v {
            Value::Bool(_) => bools = true,
            Value::Number(_) => numbers = true,
            Value::String(_) => strings = true,
            Value::List(_) => lists = true,
            Value::Object(_) | Value::Partial(..) => objects = true,
            Value::Null | Value::Unknown(_) => {}
        }
    }
    let primitives = bools || numbers || strings;
    if (lists && (primitives || objects)) || (objects && primitives) {
        return None;
    }
    if strings && (bools || numbers) {
        return Some(
            items
                .into_iter()
                .map(|v| match v {
                    Value::Number(n) => Value::String(format_number(n)),
                    Value::Bool(b) => Value::String(b.to_string()),
                    other => other,
                })
                .collect(),
        );
    }
    if bools && numbers {
        return None;
    }
    Some(items)
}

fn f_length(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let n = match &a[0] {
        Value::String(s) => graphemes(s).len(),
        Value::List(items) => items.len(),
        Value::Object(map) => map.len(),
        Value::Null => return Err(fx.null_err("value")),
        _ => {
            return Err(fx.param_err(
                "value",
                "argument must be a string, a collection type, or a structural type",
            ))
        }
    };
    Ok(Value::Number(n as f64))
}

fn f_concat(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut out = Vec::new();
    for v in a {
        match v {
            Value::List(items) => out.extend(items),
            Value::Null => return Err(fx.null_err("seqs")),
            other => {
                return Err(fx.param_err(
                    "seqs",
                    format!(
                        "all arguments must be lists or tuples; got {}",
                        other.type_name()
                    ),
                ))
            }
        }
    }
    Ok(Value::List(out))
}

fn f_merge(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    for v in &a {
        if !matches!(
            v,
            Value::Object(_) | Value::Partial(..) | Value::Unknown(_) | Value::Null
        ) {
            return Err(fx.param_err(
                "maps",
                format!("arguments must be maps or objects, got {:?}", v.type_name()),
            ));
        }
    }
    if a.iter().any(|v| matches!(v, Value::Unknown(_))) {
        return Ok(unknown_of(
            a.iter().filter(|v| matches!(v, Value::Unknown(_))),
        ));
    }
    if !a.is_empty() && a.iter().all(|v| matches!(v, Value::Null)) {
        return Ok(Value::Null);
    }
    // An object with unknown attributes (a resource) may override any key given before
    // it, so only what comes from the last such object onwards stays known.
    let mut out = BTreeMap::new();
    let mut partial: Option<Vec<&Unknown>> = None;
    for v in &a {
        match v {
            Value::Object(map) => out.extend(map.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Partial(map, u) => {
                out = map.as_ref().clone();
                partial.get_or_insert_with(Vec::new).push(u);
            }
            _ => {}
        }
    }
    Ok(match partial {
        Some(unknowns) => Value::Partial(std::sync::Arc::new(out), Unknown::merge(unknowns)),
        None => Value::Object(out),
    })
}

fn f_lookup(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let key_val = &a[1];
    if !key_val.is_known() {
        return Ok(unknown_of(a[..2].iter().filter(|v| !v.is_known())));
    }
    let key = fx.string("key", key_val)?;
    let default = a.get(2);
    match &a[0] {
        Value::Unknown(_) => Ok(unknown_of(&a[..1])),
        Value::Object(map) => match (map.get(&key), default) {
            (Some(v), _) => Ok(v.clone()),
            (None, Some(d)) => Ok(d.clone()),
            (None, None) => Err(fx.err(format!("lookup failed to find key {}", go_quote(&key)))),
        },
        // Known attributes are there; any other key may be one of the unknown ones.
        Value::Partial(map, u) => Ok(map
            .get(&key)
            .cloned()
            .unwrap_or_else(|| Value::Unknown(u.clone()))),
        Value::Null => Err(fx.null_err("inputMap")),
        _ => Err(fx.param_err("inputMap", "lookup() requires a map as the first argument")),
    }
}

fn f_element(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let index = fx.int("index", &a[1])?;
    if index < 0 {
        return Err(fx.err("cannot use element function with a negative index"));
    }
    let items = match &a[0] {
        Value::List(items) => items,
        Value::Null => return Err(fx.null_err("list")),
        other => {
            return Err(fx.param_err(
                "list",
                format!("cannot read elements from {}", other.type_name()),
            ))
        }
    };
    if items.is_empty() {
        return Err(fx.err("cannot use element function with an empty list"));
    }
    Ok(items
        .get(index as usize % items.len())
        .cloned()
        .unwrap_or(Value::Null))
}

fn f_keys(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match &a[0] {
        Value::Object(map) => Ok(Value::List(map.keys().map(Value::string).collect())),
        Value::Null => Err(fx.null_err("inputMap")),
        _ => Err(fx.param_err("inputMap", "must have map or object type")),
    }
}

fn f_values(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match &a[0] {
        Value::Object(map) => Ok(Value::List(map.values().cloned().collect())),
        Value::Null => Err(fx.null_err("mapping")),
        _ => Err(fx.param_err("mapping", "values() requires a map as the first argument")),
    }
}

fn f_contains(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let items = match &a[0] {
        Value::Unknown(_) => return Ok(unknown_of(&a[..1])),
        Value::List(items) => items,
        Value::Null => return Err(fx.param_err("list", "cannot search a nil list or set")),
        _ => return Err(fx.param_err("list", "argument must be list, tuple, or set")),
    };
    if items.is_empty() {
        return Ok(Value::Bool(false));
    }
    let needle = &a[1];
    if !needle.is_known() {
        return Ok(unknown_of(&a[1..]));
    }
    let mut undecided = false;
    for item in items {
        match equals(item, needle, 0) {
            Some(true) => return Ok(Value::Bool(true)),
            None => undecided = true,
            Some(false) => {}
        }
    }
    Ok(if undecided {
        unknown_of(a.iter())
    } else {
        Value::Bool(false)
    })
}

fn f_index(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let Value::List(items) = &a[0] else {
        return Err(fx.param_err("list", "argument must be a list or tuple"));
    };
    if items.is_empty() {
        return Err(fx.param_err("list", "cannot search an empty list"));
    }
    for (i, item) in items.iter().enumerate() {
        match equals(item, &a[1], 0) {
            Some(true) => return Ok(Value::Number(i as f64)),
            None => return Ok(unknown_of(a.iter())),
            Some(false) => {}
        }
    }
    Err(fx.err("item not found"))
}

fn f_coalesce(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let known: Vec<Value> = a
        .iter()
        .filter(|v| !matches!(v, Value::Unknown(_) | Value::Null))
        .cloned()
        .collect();
    let Some(unified) = unify(known) else {
        return Err(fx.param_err("vals", "all arguments must have the same type"));
    };
    let to_string = unified.iter().any(|v| matches!(v, Value::String(_)));
    for (i, v) in a.iter().enumerate() {
        match v {
            Value::Unknown(_) => {
                return Ok(unknown_of(
                    a[i..].iter().filter(|v| matches!(v, Value::Unknown(_))),
                ))
            }
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::Number(n) if to_string => return Ok(Value::String(format_number(*n))),
            Value::Bool(b) if to_string => return Ok(Value::String(b.to_string())),
            other => return Ok(other.clone()),
        }
    }
    Err(fx.err("no non-null, non-empty-string arguments"))
}

fn f_coalescelist(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    for (i, v) in a.iter().enumerate() {
        match v {
            Value::Unknown(_) => return Ok(unknown_of(a[i..].iter().filter(|v| !v.is_known()))),
            Value::Null => {}
            Value::List(items) if items.is_empty() => {}
            Value::List(_) => return Ok(v.clone()),
            _ => return Err(fx.param_err("vals", "coalescelist arguments must be lists or tuples")),
        }
    }
    Err(fx.err("no non-null arguments"))
}

fn f_compact(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut out = Vec::new();
    for v in fx.list("list", &a[0])? {
        match v {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            other => out.push(Value::String(fx.string("list", other)?)),
        }
    }
    Ok(Value::List(out))
}

fn f_distinct(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let items = fx.list("list", &a[0])?;
    let Some(items) = unify(items.to_vec()) else {
        return Err(fx.param_err("list", "all elements must have the same type"));
    };
    let mut seen = BTreeSet::new();
    Ok(Value::List(
        items
            .into_iter()
            .filter(|v| seen.insert(v.canonical()))
            .collect(),
    ))
}

fn f_flatten(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    fn walk<'v>(
        items: &'v [Value],
        out: &mut Vec<Value>,
        unknowns: &mut Vec<&'v Value>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        for item in items {
            match item {
                Value::List(inner) => {
                    if !walk(inner, out, unknowns, depth + 1) {
                        return false;
                    }
                }
                // An unknown element may be a list, so the result's length is unknown.
                Value::Unknown(_) => unknowns.push(item),
                other => out.push(other.clone()),
            }
        }
        true
    }
    let items = match &a[0] {
        Value::List(items) => items,
        Value::Null => return Err(fx.null_err("list")),
        _ => return Err(fx.param_err("list", "can only flatten lists, sets and tuples")),
    };
    let mut out = Vec::new();
    let mut unknowns = Vec::new();
    if !walk(items, &mut out, &mut unknowns, 0) {
        return Err(fx.param_err("list", "the list is nested too deeply"));
    }
    if !unknowns.is_empty() {
        return Ok(unknown_of(unknowns));
    }
    Ok(Value::List(out))
}

fn f_range(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut nums = Vec::with_capacity(a.len());
    for v in &a {
        nums.push(fx.number("params", v)?);
    }
    let (start, end, step) = match nums.as_slice() {
        [end] => (0.0, *end, if *end < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (*start, *end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (*start, *end, *step),
        _ => return Err(fx.err("must have one, two, or three arguments")),
    };
    if step == 0.0 {
        return Err(fx.param_err("step", "step must not be zero"));
    }
    let down = step < 0.0;
    if down && end > start {
        return Err(fx.param_err("limit", "end must be less than start when step is negative"));
    }
    if !down && end < start {
        return Err(fx.param_err(
            "limit",
            "end must be greater than start when step is positive",
        ));
    }
    // The budget is checked on the count before anything is built; Terraform's own cap
    // applies below it.
    let count = ((end - start) / step).ceil();
    fx.check_collection(if count.is_finite() {
        count as usize
    } else {
        usize::MAX
    })?;
    let mut out = Vec::new();
    let mut num = start;
    while (down && num > end) || (!down && num < end) {
        if out.len() >= RANGE_LIMIT {
            return Err(fx.err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step"));
        }
        out.push(Value::Number(num));
        num += step;
    }
    Ok(Value::List(out))
}

fn f_reverse(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match a.into_iter().next() {
        Some(Value::List(mut items)) => {
            items.reverse();
            Ok(Value::List(items))
        }
        Some(other) => Err(fx.param_err(
            "list",
            format!(
                "can only reverse list or tuple values, not {}",
                other.type_name()
            ),
        )),
        None => Err(fx.null_err("list")),
    }
}

fn f_slice(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let items = match &a[0] {
        Value::List(items) => items,
        Value::Null => return Err(fx.null_err("list")),
        _ => return Err(fx.param_err("list", "must be a list or tuple value")),
    };
    let start = fx.int("start_index", &a[1])?;
    let end = fx.int("end_index", &a[2])?;
    let len = items.len() as i64;
    if start < 0 {
        return Err(fx.param_err("start_index", "start index must not be less than zero"));
    }
    if start > len {
        return Err(fx.param_err(
            "start_index",
            "start index must not be greater than the length of the list",
        ));
    }
    if end < 0 {
        return Err(fx.param_err("end_index", "end index must not be less than zero"));
    }
    if end > len {
        return Err(fx.param_err(
            "end_index",
            "end index must not be greater than the length of the list",
        ));
    }
    if start > end {
        return Err(fx.param_err(
            "start_index",
            "start index must not be greater than end index",
        ));
    }
    Ok(Value::List(
        items
            .get(start as usize..end as usize)
            .unwrap_or_default()
            .to_vec(),
    ))
}

fn f_sort(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut strings = Vec::new();
    for (i, v) in fx.list("list", &a[0])?.iter().enumerate() {
        if matches!(v, Value::Null) {
            return Err(fx.err(format!(
                "given list element {i} is null; a null string cannot be sorted"
            )));
        }
        strings.push(fx.string("list", v)?);
    }
    strings.sort();
    Ok(Value::List(
        strings.into_iter().map(Value::String).collect(),
    ))
}

fn f_chunklist(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let items = fx.list("list", &a[0])?;
    let size = fx.int("size", &a[1])?;
    if items.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    if size < 0 {
        return Err(fx.param_err("size", "the size argument must be positive"));
    }
    if size == 0 {
        return Ok(Value::List(vec![Value::List(items.to_vec())]));
    }
    Ok(Value::List(
        items
            .chunks(size.min(items.len() as i64) as usize)
            .map(|c| Value::List(c.to_vec()))
            .collect(),
    ))
}

fn f_alltrue(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut unknowns = Vec::new();
    for v in fx.list("list", &a[0])? {
        match v {
            Value::Bool(false) | Value::Null => return Ok(Value::Bool(false)),
            Value::String(s) if s == "false" => return Ok(Value::Bool(false)),
            Value::Bool(true) => {}
            Value::String(s) if s == "true" => {}
            Value::Unknown(_) => unknowns.push(v),
            _ => return Err(fx.param_err("list", "bool required")),
        }
    }
    Ok(if unknowns.is_empty() {
        Value::Bool(true)
    } else {
        unknown_of(unknowns)
    })
}

fn f_anytrue(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut unknowns = Vec::new();
    for v in fx.list("list", &a[0])? {
        match v {
            Value::Bool(true) => return Ok(Value::Bool(true)),
            Value::String(s) if s == "true" => return Ok(Value::Bool(true)),
            Value::Bool(false) | Value::Null => {}
            Value::String(s) if s == "false" => {}
            Value::Unknown(_) => unknowns.push(v),
            _ => return Err(fx.param_err("list", "bool required")),
        }
    }
    Ok(if unknowns.is_empty() {
        Value::Bool(false)
    } else {
        unknown_of(unknowns)
    })
}

fn f_one(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match &a[0] {
        Value::List(items) if items.is_empty() => Ok(Value::Null),
        Value::List(items) if items.len() == 1 => Ok(items[0].clone()),
        Value::Null => Err(fx.null_err("list")),
        _ => Err(fx.param_err(
            "list",
            "must be a list, set, or tuple value with either zero or one elements",
        )),
    }
}

fn f_zipmap(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let not_ready: Vec<&Value> = a
        .iter()
        .enumerate()
        .filter(|(i, v)| {
            if *i == 0 {
                !v.is_wholly_known()
            } else {
                !v.is_known()
            }
        })
        .map(|(_, v)| v)
        .collect();
    if !not_ready.is_empty() {
        return Ok(unknown_of(not_ready));
    }
    let keys = fx.list("keys", &a[0])?;
    let values = fx.list("values", &a[1])?;
    if keys.len() != values.len() {
        return Err(fx.err(format!(
            "number of keys ({}) does not match number of values ({})",
            keys.len(),
            values.len()
        )));
    }
    let mut out = BTreeMap::new();
    for (i, (k, v)) in keys.iter().zip(values).enumerate() {
        if matches!(k, Value::Null) {
            return Err(fx.err(format!("keys list has null value at index {i}")));
        }
        out.insert(fx.string("keys", k)?, v.clone());
    }
    Ok(Value::Object(out))
}

fn f_matchkeys(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let values = fx.list("values", &a[0])?;
    let keys = fx.list("keys", &a[1])?;
    let search = fx.list("searchset", &a[2])?;
    if values.len() != keys.len() {
        return Err(fx.err("length of keys and values should be equal"));
    }
    let both: Vec<Value> = keys.iter().chain(search).cloned().collect();
    let Some(both) = unify(both) else {
        return Err(fx.err("keys and searchset must be of the same type"));
    };
    let (keys, search) = both.split_at(keys.len());
    let wanted: BTreeSet<String> = search.iter().map(Value::canonical).collect();
    Ok(Value::List(
        keys.iter()
            .zip(values)
            .filter(|(k, _)| wanted.contains(&k.canonical()))
            .map(|(_, v)| v.clone())
            .collect(),
    ))
}

fn f_transpose(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let input = fx.object("values", &a[0])?;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let wrong = || fx.err("input must be a map of lists of strings");
    for (key, list) in input {
        let Value::List(items) = list else {
            return Err(wrong());
        };
        for item in items {
            let name = match item {
                Value::String(s) => s.clone(),
                Value::Number(n) => format_number(*n),
                Value::Bool(b) => b.to_string(),
                _ => return Err(wrong()),
            };
            out.entry(name).or_default().push(key.clone());
        }
    }
    Ok(Value::Object(
        out.into_iter()
            .map(|(k, mut v)| {
                v.sort();
                (k, Value::List(v.into_iter().map(Value::String).collect()))
            })
            .collect(),
    ))
}

/// The arguments of a set function, unified to one element type, one vector per argument.
fn set_args(fx: &Fx, a: &[Value]) -> Result<Vec<Vec<Value>>, EvalError> {
    let mut all = Vec::new();
    let mut lens = Vec::new();
    for v in a {
        let items = match v {
            Value::List(items) => items,
            Value::Null => return Err(fx.null_err("sets")),
            _ => return Err(fx.param_err("sets", "a set or a list is required")),
        };
        lens.push(items.len());
        all.extend(items.iter().cloned());
    }
    let Some(all) = unify(all) else {
        return Err(fx.param_err("sets", "all elements must have the same type"));
    };
    let mut it = all.into_iter();
    Ok(lens
        .into_iter()
        .map(|n| it.by_ref().take(n).collect())
        .collect())
}

fn f_setunion(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::set(
        set_args(fx, &a)?.into_iter().flatten().collect(),
    ))
}

fn f_setintersection(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut sets = set_args(fx, &a)?.into_iter();
    let first = sets.next().unwrap_or_default();
    let others: Vec<BTreeSet<String>> = sets
        .map(|s| s.iter().map(Value::canonical).collect())
        .collect();
    Ok(Value::set(
        first
            .into_iter()
            .filter(|v| {
                let c = v.canonical();
                others.iter().all(|o| o.contains(&c))
            })
            .collect(),
    ))
}

fn f_setsubtract(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut sets = set_args(fx, &a)?.into_iter();
    let first = sets.next().unwrap_or_default();
    let remove: BTreeSet<String> = sets.flatten().map(|v| v.canonical()).collect();
    Ok(Value::set(
        first
            .into_iter()
            .filter(|v| !remove.contains(&v.canonical()))
            .collect(),
    ))
}

fn f_setproduct(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut lists = Vec::new();
    for v in &a {
        let items = match v {
            Value::List(items) => items.clone(),
            Value::Null => return Err(fx.null_err("sets")),
            _ => return Err(fx.param_err("sets", "a set or a list is required")),
        };
        let Some(items) = unify(items) else {
            return Err(fx.param_err("sets", "all elements must be of the same type"));
        };
        lists.push(items);
    }
    let mut total = 1usize;
    for l in &lists {
        total = total.saturating_mul(l.len());
    }
    fx.check_collection(total)?;
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for list in &lists {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                list.iter().map(move |v| {
                    let mut row = prefix.clone();
                    row.push(v.clone());
                    row
                })
            })
            .collect();
    }
    Ok(Value::List(out.into_iter().map(Value::List).collect()))
}

// ---------------------------------------------------------------------------------------
// Type conversions
// ---------------------------------------------------------------------------------------

fn f_identity(_fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(a.into_iter().next().unwrap_or(Value::Null))
}

fn f_tostring(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match &a[0] {
        Value::Null => Ok(Value::Null),
        Value::String(_) | Value::Number(_) | Value::Bool(_) => {
            Ok(Value::String(fx.string("v", &a[0])?))
        }
        other => Err(fx.param_err(
            "v",
            format!("cannot convert {} to string", other.type_name()),
        )),
    }
}

fn f_tonumber(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match &a[0] {
        Value::Null => Ok(Value::Null),
        Value::Number(n) => Ok(Value::Number(*n)),
        Value::String(s) => parse_number(s).map(Value::Number).ok_or_else(|| {
            fx.param_err(
                "v",
                format!(
                    "cannot convert {} to number; given string must be a decimal representation of a number",
                    go_quote(s)
                ),
            )
        }),
        other => Err(fx.param_err(
            "v",
            format!("cannot convert {} to number", other.type_name()),
        )),
    }
}

fn f_tobool(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match &a[0] {
        Value::Null => Ok(Value::Null),
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if s == "false" => Ok(Value::Bool(false)),
        Value::String(s) => Err(fx.param_err(
            "v",
            format!(
                "cannot convert {} to bool; only the strings \"true\" or \"false\" are allowed",
                go_quote(s)
            ),
        )),
        other => Err(fx.param_err("v", format!("cannot convert {} to bool", other.type_name()))),
    }
}

fn f_tolist(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match a.into_iter().next() {
        Some(Value::Null) | None => Ok(Value::Null),
        Some(Value::List(items)) => unify(items)
            .map(Value::List)
            .ok_or_else(|| fx.param_err("v", "cannot convert tuple to list of any single type")),
        Some(other) => {
            Err(fx.param_err("v", format!("cannot convert {} to list", other.type_name())))
        }
    }
}

fn f_toset(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    // Unknown elements may turn out equal to others, so the set's size is unknown.
    if !a[0].is_wholly_known() {
        return Ok(unknown_of(&a[..1]));
    }
    match a.into_iter().next() {
        Some(Value::Null) | None => Ok(Value::Null),
        Some(Value::List(items)) => unify(items)
            .map(Value::set)
            .ok_or_else(|| fx.param_err("v", "cannot convert tuple to set of any single type")),
        Some(other) => {
            Err(fx.param_err("v", format!("cannot convert {} to set", other.type_name())))
        }
    }
}

fn f_tomap(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match a.into_iter().next() {
        Some(Value::Null) | None => Ok(Value::Null),
        Some(Value::Object(map)) => {
            let (keys, values): (Vec<String>, Vec<Value>) = map.into_iter().unzip();
            let values = unify(values).ok_or_else(|| {
                fx.param_err("v", "cannot convert object to map of any single type")
            })?;
            Ok(Value::Object(keys.into_iter().zip(values).collect()))
        }
        Some(other) => {
            Err(fx.param_err("v", format!("cannot convert {} to map", other.type_name())))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------

/// A JSON string as Go's encoder writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped.
fn json_quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Compact JSON, object keys sorted, as `jsonencode` writes it.
fn json_encode(v: &Value) -> Result<String, String> {
    fn walk(v: &Value, out: &mut String, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("value is nested too deeply".to_string());
        }
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
            Value::Number(_) => return Err("cannot encode an infinite number as JSON".into()),
            Value::String(s) => json_quote(s, out),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    walk(item, out, depth + 1)?;
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_quote(k, out);
                    out.push(':');
                    walk(item, out, depth + 1)?;
                }
                out.push('}');
            }
            Value::Unknown(_) | Value::Partial(..) => {
                return Err("value is not known until apply".into())
            }
        }
        Ok(())
    }
    let mut out = String::new();
    walk(v, &mut out, 0)?;
    Ok(out)
}

fn f_jsonencode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    json_encode(&a[0]).map(Value::String).map_err(|e| fx.err(e))
}

/// Checks a document's size and nesting (JSON is YAML) before a parser recurses into it.
fn check_document(fx: &Fx, text: &str) -> Result<(), EvalError> {
    let budget = fx.ctx.budget();
    budget.check(Limit::DecodeSize, text.len())?;
    let max = budget.limits().decode_depth;
    aetheredge_core::limits::yaml_nesting(text, max).map_err(|deep| LimitExceeded {
        limit: Limit::DecodeDepth,
        max,
        reached: deep.depth,
    })?;
    Ok(())
}

fn f_jsondecode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    check_document(fx, &s)?;
    let json: serde_json::Value =
        serde_json::from_str(&s).map_err(|e| fx.param_err("str", format!("invalid JSON: {e}")))?;
    Ok(Value::from_json(&json))
}

fn f_yamldecode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    fn convert(fx: &Fx, y: &serde_yaml_ng::Value, depth: usize) -> Result<Value, EvalError> {
        use serde_yaml_ng::Value as Y;
        if depth > MAX_DEPTH {
            return Err(fx.param_err("src", "the document is nested too deeply"));
        }
        Ok(match y {
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(*b),
            Y::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            Y::String(s) => Value::String(s.clone()),
            Y::Sequence(items) => Value::List(
                items
                    .iter()
                    .map(|i| convert(fx, i, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Y::Mapping(map) => {
                let mut out = BTreeMap::new();
                for (k, v) in map {
                    let key = match convert(fx, k, depth + 1)? {
                        Value::String(s) => s,
                        Value::Number(n) => format_number(n),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_string(),
                        _ => {
                            return Err(fx.param_err(
                                "src",
                                "only scalar values may be used as mapping keys",
                            ))
                        }
                    };
                    out.insert(key, convert(fx, v, depth + 1)?);
                }
                Value::Object(out)
            }
            Y::Tagged(tagged) => convert(fx, &tagged.value, depth + 1)?,
        })
    }
    let s = fx.string("src", &a[0])?;
    check_document(fx, &s)?;
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&s)
        .map_err(|e| fx.param_err("src", format!("invalid YAML: {e}")))?;
    convert(fx, &yaml, 0)
}

fn f_yamlencode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    yaml::encode(&a[0])
        .map(Value::String)
        .map_err(|e| fx.err(e))
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Go's `base64.StdEncoding.DecodeString`: padded, newlines ignored.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let bytes: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.chunks(4).count();
    for (ci, chunk) in bytes.chunks(4).enumerate() {
        let mut n = 0u32;
        let mut pad = 0;
        for (i, b) in chunk.iter().enumerate() {
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' if ci + 1 == chunks && i >= 2 => {
                    pad += 1;
                    0
                }
                _ => return None,
            };
            if pad > 0 && *b != b'=' {
                return None;
            }
            n = (n << 6) | u32::from(v);
        }
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Some(out)
}

fn f_base64encode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(base64_encode(
        fx.string("str", &a[0])?.as_bytes(),
    )))
}

fn f_base64decode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let bytes = base64_decode(&s)
        .ok_or_else(|| fx.err(format!("failed to decode base64 data {}", go_quote(&s))))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| fx.err("the result of decoding the provided string is not valid UTF-8"))
}

/// Go's `url.QueryEscape`.
fn f_urlencode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    Ok(Value::String(out))
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn f_sha256(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(hex(&Sha256::digest(
        fx.string("str", &a[0])?,
    ))))
}

fn f_sha512(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(hex(&Sha512::digest(
        fx.string("str", &a[0])?,
    ))))
}

fn f_base64sha256(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(base64_encode(&Sha256::digest(
        fx.string("str", &a[0])?,
    ))))
}

fn f_base64sha512(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(base64_encode(&Sha512::digest(
        fx.string("str", &a[0])?,
    ))))
}

/// `timestamp`, `uuid`, `bcrypt`, `plantimestamp`: different on every run, so never known
/// before apply.
fn f_known_after_apply(_fx: &Fx, _a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::Unknown(Unknown::default()))
}

// ---------------------------------------------------------------------------------------
// Filesystem
// ---------------------------------------------------------------------------------------

fn f_file(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    fx.read_file(&path).map(Value::String)
}

fn f_fileexists(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    Ok(Value::Bool(fx.ctx.read_file(&path).is_ok()))
}

fn f_filebase64(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    Ok(Value::String(base64_encode(
        fx.read_file(&path)?.as_bytes(),
    )))
}

fn f_filesha256(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    Ok(Value::String(hex(&Sha256::digest(fx.read_file(&path)?))))
}

fn f_filesha512(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    Ok(Value::String(hex(&Sha512::digest(fx.read_file(&path)?))))
}

/// The variables of `templatefile` and `templatestring`, checked as Terraform checks them.
fn template_vars<'v>(fx: &Fx, v: &'v Value) -> Result<&'v BTreeMap<String, Value>, EvalError> {
    let vars = fx.object("vars", v)?;
    for name in vars.keys() {
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(fx.param_err(
                "vars",
                format!(
                    "invalid template variable name {}: must start with a letter, followed by zero or more letters, digits, and underscores",
                    go_quote(name)
                ),
            ));
        }
    }
    Ok(vars)
}

fn f_templatefile(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    if a.iter().any(|v| !v.is_known()) {
        return Ok(unknown_of(a.iter().filter(|v| !v.is_known())));
    }
    let path = fx.string("path", &a[0])?;
    let vars = template_vars(fx, &a[1])?;
    let text = fx.read_file(&path)?;
    fx.ctx.render_template(&text, vars).map_err(|e| fx.wrap(e))
}

fn f_templatestring(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    if a.iter().any(|v| !v.is_known()) {
        return Ok(unknown_of(a.iter().filter(|v| !v.is_known())));
    }
    let template = fx.string("template", &a[0])?;
    let vars = template_vars(fx, &a[1])?;
    fx.ctx
        .render_template(&template, vars)
        .map_err(|e| fx.wrap(e))
}

/// Go's `path.Clean`.
fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

fn f_basename(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    if path.is_empty() {
        return Ok(Value::string("."));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::string("/"));
    }
    Ok(Value::string(trimmed.rsplit('/').next().unwrap_or(trimmed)))
}

fn f_dirname(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    Ok(Value::String(clean_path(dir)))
}

// ---------------------------------------------------------------------------------------
// IP networks
// ---------------------------------------------------------------------------------------

/// An IP network as the cidr functions see it: the network address, masked.
struct Net {
    addr: u128,
    prefix: u32,
    /// 32 for IPv4, 128 for IPv6.
    bits: u32,
}

impl Net {
    fn parse(fx: &Fx, s: &str) -> Result<Net, EvalError> {
        let net: ipnet::IpNet = s.parse().map_err(|_| {
            fx.param_err(
                "prefix",
                format!("invalid CIDR expression: invalid CIDR address: {s}"),
            )
        })?;
        Ok(match net {
            ipnet::IpNet::V4(n) => Net {
                addr: u128::from(u32::from(n.network())),
                prefix: u32::from(n.prefix_len()),
                bits: 32,
            },
            ipnet::IpNet::V6(n) => Net {
                addr: u128::from(n.network()),
                prefix: u32::from(n.prefix_len()),
                bits: 128,
            },
        })
    }
}

/// The addresses of a `bits`-bit space, all ones.
fn all_ones(bits: u32) -> u128 {
    if bits >= 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

/// The network mask of a `/prefix` in a `bits`-bit space.
fn netmask(prefix: u32, bits: u32) -> u128 {
    all_ones(bits) & !all_ones(bits.saturating_sub(prefix))
}

fn show_addr(addr: u128, bits: u32) -> String {
    if bits == 32 {
        Ipv4Addr::from(addr as u32).to_string()
    } else {
        Ipv6Addr::from(addr).to_string()
    }
}

fn f_cidrsubnet(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let net = Net::parse(fx, &fx.string("prefix", &a[0])?)?;
    let newbits = fx.int("newbits", &a[1])?;
    let netnum = fx.int128("netnum", &a[2])?;
    if newbits < 0 {
        return Err(fx.param_err("newbits", "must not be negative"));
    }
    let new_prefix = i64::from(net.prefix) + newbits;
    if new_prefix > i64::from(net.bits) {
        return Err(fx.err(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.prefix
        )));
    }
    let new_prefix = new_prefix as u32;
    let max = all_ones(newbits as u32);
    if netnum < 0 || netnum as u128 > max {
        return Err(fx.err(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        )));
    }
    let offset = (netnum as u128)
        .checked_shl(net.bits - new_prefix)
        .unwrap_or(0);
    Ok(Value::String(format!(
        "{}/{new_prefix}",
        show_addr(net.addr | offset, net.bits)
    )))
}

fn f_cidrhost(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let net = Net::parse(fx, &fx.string("prefix", &a[0])?)?;
    let hostnum = fx.int128("hostnum", &a[1])?;
    let max = all_ones(net.bits - net.prefix);
    let too_big = || {
        fx.err(format!(
            "prefix of {} does not accommodate a host numbered {hostnum}",
            net.prefix
        ))
    };
    // A negative host number counts back from the end of the range.
    let offset = if hostnum >= 0 {
        let h = hostnum as u128;
        if h > max {
            return Err(too_big());
        }
        h
    } else {
        let back = hostnum.unsigned_abs() - 1;
        if back > max {
            return Err(too_big());
        }
        max - back
    };
    Ok(Value::String(show_addr(net.addr | offset, net.bits)))
}

fn f_cidrnetmask(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("prefix", &a[0])?;
    let net = Net::parse(fx, &s)?;
    if net.bits != 32 {
        return Err(fx.err(format!("IPv6 addresses cannot have a netmask: {s}")));
    }
    Ok(Value::String(show_addr(netmask(net.prefix, 32), 32)))
}

fn f_cidrsubnets(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let net = Net::parse(fx, &fx.string("prefix", &a[0])?)?;
    let space = all_ones(net.bits);
    let mut current: Option<(u128, u32)> = None;
    let mut out = Vec::new();
    for v in &a[1..] {
        let newbits = fx.int("newbits", v)?;
        if newbits < 1 {
            return Err(fx.param_err("newbits", "must extend prefix by at least one bit"));
        }
        if newbits > 32 {
            return Err(fx.param_err("newbits", "may not extend prefix by more than 32 bits"));
        }
        let length = net.prefix + newbits as u32;
        if length > net.bits {
            return Err(fx.param_err(
                "newbits",
                format!(
                    "would extend prefix to {length} bits, which is too long for an {} address",
                    if net.bits == 32 { "IPv4" } else { "IPv6" }
                ),
            ));
        }
        // Start from the subnet just before the base address, then step forward.
        let (cur_addr, cur_prefix) = current.unwrap_or_else(|| {
            (
                net.addr.wrapping_sub(1) & space & netmask(length, net.bits),
                length,
            )
        });
        let mask = netmask(length, net.bits);
        let cur_last = cur_addr | (space & !netmask(cur_prefix, net.bits));
        let block_last = (cur_last & mask) | (space & !mask);
        let following = block_last.wrapping_add(1) & space;
        let next = following & mask;
        if following == 0 || next & netmask(net.prefix, net.bits) != net.addr {
            return Err(fx.param_err(
                "newbits",
                format!(
                    "not enough remaining address space for a subnet with a prefix of {length} bits after {}/{cur_prefix}",
                    show_addr(cur_addr, net.bits)
                ),
            ));
        }
        current = Some((next, length));
        out.push(Value::String(format!(
            "{}/{length}",
            show_addr(next, net.bits)
        )));
    }
    Ok(Value::List(out))
}

// ---------------------------------------------------------------------------------------
// yamlencode
// ---------------------------------------------------------------------------------------

/// YAML as Terraform's `yamlencode` writes it (go-yaml's emitter): block style, every
/// string double-quoted (or a literal block when it spans lines), keys sorted, sequences
/// inside mappings not indented, long quoted strings folded past column 80.
mod yaml {
    use super::{format_number, Value, MAX_DEPTH};

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
                    Value::Object(m) if !m.is_empty() => {
                        self.mapping(m, ind + 2, true, depth + 1)?
                    }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files in memory; templates substitute `${name}` with the variable's string form.
    struct Ctx(BTreeMap<String, String>, crate::iac::budget::Budget);

    impl FunctionContext for Ctx {
        fn budget(&self) -> &crate::iac::budget::Budget {
            &self.1
        }

        fn read_file(&self, path: &str) -> Result<String, EvalError> {
            self.0
                .get(path)
                .cloned()
                .ok_or_else(|| EvalError::new(format!("no file exists at {path}")))
        }

        fn render_template(
            &self,
            template: &str,
            vars: &BTreeMap<String, Value>,
        ) -> Result<Value, EvalError> {
            let mut out = String::new();
            let mut rest = template;
            while let Some(i) = rest.find("${") {
                out.push_str(&rest[..i]);
                let after = &rest[i + 2..];
                let end = after
                    .find('}')
                    .ok_or_else(|| EvalError::new("unterminated template sequence"))?;
                let name = &after[..end];
                match vars.get(name) {
                    Some(v) if !v.is_wholly_known() => return Ok(Value::Unknown(v.unknown_refs())),
                    Some(v) => out.push_str(
                        &v.to_template_string()
                            .ok_or_else(|| EvalError::new("cannot interpolate"))?,
                    ),
                    None => return Err(EvalError::new(format!("Unknown variable {name:?}"))),
                }
                rest = &after[end + 1..];
            }
            out.push_str(rest);
            Ok(Value::String(out))
        }
    }

    fn ctx() -> Ctx {
        Ctx(
            BTreeMap::from([
                ("hello.txt".to_string(), "Hello World".to_string()),
                (
                    "backends.tftpl".to_string(),
                    "port=${port} ip=${ip}".to_string(),
                ),
            ]),
            crate::iac::budget::Budget::default(),
        )
    }

    #[track_caller]
    fn ok(name: &str, args: Vec<Value>) -> Value {
        match call(name, args, &ctx()) {
            Ok(v) => v,
            Err(e) => panic!("{name} failed: {e}"),
        }
    }

    #[track_caller]
    fn err(name: &str, args: Vec<Value>) -> String {
        match call(name, args, &ctx()) {
            Ok(v) => panic!("{name} succeeded with {v:?}, expected an error"),
            Err(e) => e.to_string(),
        }
    }

    fn s(x: &str) -> Value {
        Value::string(x)
    }

    fn n(x: f64) -> Value {
        Value::Number(x)
    }

    fn b(x: bool) -> Value {
        Value::Bool(x)
    }

    fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    fn strs(items: &[&str]) -> Value {
        Value::List(items.iter().map(|x| s(x)).collect())
    }

    fn nums(items: &[f64]) -> Value {
        Value::List(items.iter().map(|x| n(*x)).collect())
    }

    fn obj(pairs: Vec<(&str, Value)>) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    fn unk(r: &str) -> Value {
        Value::Unknown(Unknown::of(r))
    }

    fn unk2(a: &str, b: &str) -> Value {
        Value::Unknown(Unknown::merge([&Unknown::of(a), &Unknown::of(b)]))
    }

    // --- dispatch -----------------------------------------------------------------------

    #[test]
    fn unknown_functions_and_arity_are_errors() {
        assert_eq!(err("foo", vec![]), "Call to unknown function \"foo\".");
        assert_eq!(
            err("try", vec![n(1.0)]),
            "Call to unknown function \"try\"."
        );
        assert_eq!(
            err("can", vec![n(1.0)]),
            "Call to unknown function \"can\"."
        );
        assert_eq!(
            err("join", vec![s(",")]),
            "Function \"join\" expects 2 arguments, got 1."
        );
        assert_eq!(
            err("upper", vec![s("a"), s("b")]),
            "Function \"upper\" expects 1 argument, got 2."
        );
        assert_eq!(
            err("lookup", vec![obj(vec![])]),
            "Function \"lookup\" expects 2 or 3 arguments, got 1."
        );
        assert_eq!(
            err("range", vec![]),
            "Function \"range\" expects 1 to 3 arguments, got 0."
        );
        assert_eq!(
            err("setproduct", vec![strs(&["a"])]),
            "Function \"setproduct\" expects at least 2 arguments, got 1."
        );
    }

    #[test]
    fn provider_functions_are_unknown_and_core_namespace_is_builtin() {
        assert_eq!(
            ok("provider::aws::arn_parse", vec![s("arn:aws:iam::1:role/x")]),
            Value::Unknown(Unknown::default())
        );
        assert_eq!(ok("core::upper", vec![s("a")]), s("A"));
    }

    #[test]
    fn type_errors_name_the_function_and_parameter() {
        assert_eq!(
            err("upper", vec![strs(&["a"])]),
            "Invalid function argument: upper: invalid value for \"str\" parameter: string required"
        );
        assert_eq!(
            err("length", vec![Value::Null]),
            "Invalid function argument: length: invalid value for \"value\" parameter: argument must not be null"
        );
        assert_eq!(
            err("abs", vec![s("x")]),
            "Invalid function argument: abs: invalid value for \"num\" parameter: a number is required"
        );
    }

    // --- numbers ------------------------------------------------------------------------

    #[test]
    fn number_functions() {
        assert_eq!(ok("abs", vec![n(23.0)]), n(23.0));
        assert_eq!(ok("abs", vec![n(-12.4)]), n(12.4));
        assert_eq!(ok("ceil", vec![n(5.1)]), n(6.0));
        assert_eq!(ok("floor", vec![n(4.9)]), n(4.0));
        assert_eq!(ok("floor", vec![s("5")]), n(5.0));
        assert_eq!(ok("max", vec![n(12.0), n(54.0), n(3.0)]), n(54.0));
        assert_eq!(ok("min", vec![n(12.0), n(54.0), n(3.0)]), n(3.0));
        assert_eq!(ok("pow", vec![n(3.0), n(2.0)]), n(9.0));
        assert_eq!(ok("pow", vec![n(4.0), n(0.0)]), n(1.0));
        assert_eq!(ok("signum", vec![n(-13.0)]), n(-1.0));
        assert_eq!(ok("signum", vec![n(0.0)]), n(0.0));
        assert_eq!(ok("signum", vec![n(344.0)]), n(1.0));
        assert_eq!(ok("log", vec![n(16.0), n(2.0)]), n(4.0));
        assert_eq!(ok("log", vec![n(50.0), n(10.0)]), n(1.6989700043360185));
        assert_eq!(ok("sum", vec![nums(&[10.0, 13.0, 6.0, 4.5])]), n(33.5));
        assert_eq!(
            err("sum", vec![list(vec![])]),
            "Invalid function argument: sum: invalid value for \"list\" parameter: cannot sum an empty list"
        );
        assert_eq!(
            err("max", vec![]),
            "Function \"max\" expects at least 1 argument, got 0."
        );
        assert_eq!(
            err("pow", vec![n(-8.0), n(0.5)]),
            "Invalid function argument: pow: the result is not a number"
        );
    }

    #[test]
    fn parseint_follows_go_digits() {
        assert_eq!(ok("parseint", vec![s("100"), n(10.0)]), n(100.0));
        assert_eq!(ok("parseint", vec![s("FF"), n(16.0)]), n(255.0));
        assert_eq!(ok("parseint", vec![s("-10"), n(16.0)]), n(-16.0));
        assert_eq!(
            ok("parseint", vec![s("1011111011101111"), n(2.0)]),
            n(48879.0)
        );
        assert_eq!(ok("parseint", vec![s("aA"), n(62.0)]), n(656.0));
        assert_eq!(
            err("parseint", vec![s("12"), n(2.0)]),
            "Invalid function argument: parseint: invalid value for \"number\" parameter: cannot parse \"12\" as a base 2 integer"
        );
        assert_eq!(
            err("parseint", vec![s("1"), n(63.0)]),
            "Invalid function argument: parseint: invalid value for \"base\" parameter: invalid base 63; must be between 2 and 62 inclusive"
        );
    }

    #[test]
    fn range_like_terraform_with_its_limit() {
        assert_eq!(ok("range", vec![n(3.0)]), nums(&[0.0, 1.0, 2.0]));
        assert_eq!(ok("range", vec![n(1.0), n(4.0)]), nums(&[1.0, 2.0, 3.0]));
        assert_eq!(
            ok("range", vec![n(1.0), n(8.0), n(2.0)]),
            nums(&[1.0, 3.0, 5.0, 7.0])
        );
        assert_eq!(
            ok("range", vec![n(1.0), n(4.0), n(0.5)]),
            nums(&[1.0, 1.5, 2.0, 2.5, 3.0, 3.5])
        );
        assert_eq!(ok("range", vec![n(4.0), n(1.0)]), nums(&[4.0, 3.0, 2.0]));
        assert_eq!(
            ok("range", vec![n(10.0), n(5.0), n(-2.0)]),
            nums(&[10.0, 8.0, 6.0])
        );
        assert_eq!(ok("range", vec![n(0.0)]), list(vec![]));
        assert_eq!(
            ok("range", vec![n(1024.0)]),
            nums(&(0..1024).map(f64::from).collect::<Vec<_>>())
        );
        assert_eq!(
            err("range", vec![n(2000.0)]),
            "Invalid function argument: range: more than 1024 values were generated; either decrease the difference between start and end or use a smaller step"
        );
        assert_eq!(
            err("range", vec![n(0.0), n(1.0), n(0.0)]),
            "Invalid function argument: range: invalid value for \"step\" parameter: step must not be zero"
        );
        assert_eq!(
            err("range", vec![n(1.0), n(4.0), n(-1.0)]),
            "Invalid function argument: range: invalid value for \"limit\" parameter: end must be less than start when step is negative"
        );
    }

    // --- strings ------------------------------------------------------------------------

    #[test]
    fn case_functions() {
        assert_eq!(ok("lower", vec![s("HELLO")]), s("hello"));
        assert_eq!(ok("lower", vec![s("АЛЛО!")]), s("алло!"));
        assert_eq!(ok("upper", vec![s("hello")]), s("HELLO"));
        assert_eq!(ok("upper", vec![s("алло!")]), s("АЛЛО!"));
        assert_eq!(ok("upper", vec![s("straße")]), s("STRAßE"));
        assert_eq!(ok("title", vec![s("hello world")]), s("Hello World"));
        assert_eq!(ok("title", vec![s("hello-world_x")]), s("Hello-World_x"));
    }

    #[test]
    fn trimming_functions() {
        assert_eq!(ok("trimspace", vec![s("  hello\n\n")]), s("hello"));
        assert_eq!(ok("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(ok("trim", vec![s("foobar"), s("far")]), s("oob"));
        assert_eq!(
            ok("trim", vec![s("   hello! world.!  "), s("! ")]),
            s("hello! world.")
        );
        assert_eq!(
            ok("trimprefix", vec![s("helloworld"), s("hello")]),
            s("world")
        );
        assert_eq!(
            ok("trimprefix", vec![s("helloworld"), s("cat")]),
            s("helloworld")
        );
        assert_eq!(
            ok("trimsuffix", vec![s("helloworld"), s("world")]),
            s("hello")
        );
        assert_eq!(ok("chomp", vec![s("hello\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hello\r\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hello\n\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hel\nlo")]), s("hel\nlo"));
    }

    #[test]
    fn string_predicates() {
        assert_eq!(
            ok("startswith", vec![s("hello world"), s("hello")]),
            b(true)
        );
        assert_eq!(
            ok("startswith", vec![s("hello world"), s("world")]),
            b(false)
        );
        assert_eq!(ok("endswith", vec![s("hello world"), s("world")]), b(true));
        assert_eq!(ok("endswith", vec![s("hello world"), s("hello")]), b(false));
        assert_eq!(ok("strcontains", vec![s("hello world"), s("wor")]), b(true));
        assert_eq!(
            ok("strcontains", vec![s("hello world"), s("wod")]),
            b(false)
        );
    }

    #[test]
    fn characters_are_grapheme_clusters() {
        assert_eq!(ok("length", vec![s("hello")]), n(5.0));
        assert_eq!(ok("length", vec![s("héllo")]), n(5.0));
        assert_eq!(ok("length", vec![s("👾🕹️")]), n(2.0));
        assert_eq!(ok("length", vec![s("e\u{301}")]), n(1.0));
        assert_eq!(ok("length", vec![s("🇫🇷🇩🇪")]), n(2.0));
        assert_eq!(ok("strrev", vec![s("hello")]), s("olleh"));
        assert_eq!(ok("strrev", vec![s("a ☃")]), s("☃ a"));
        assert_eq!(ok("strrev", vec![s("ae\u{301}")]), s("e\u{301}a"));
    }

    #[test]
    fn substr_counts_from_either_end() {
        assert_eq!(
            ok("substr", vec![s("hello world"), n(1.0), n(4.0)]),
            s("ello")
        );
        assert_eq!(ok("substr", vec![s("🤔🤷"), n(0.0), n(1.0)]), s("🤔"));
        assert_eq!(
            ok("substr", vec![s("hello world"), n(-5.0), n(-1.0)]),
            s("world")
        );
        assert_eq!(
            ok("substr", vec![s("hello world"), n(6.0), n(10.0)]),
            s("world")
        );
        assert_eq!(ok("substr", vec![s("hello"), n(10.0), n(2.0)]), s(""));
        assert_eq!(ok("substr", vec![s("hello"), n(-10.0), n(2.0)]), s("he"));
    }

    #[test]
    fn split_and_join() {
        assert_eq!(
            ok("split", vec![s(","), s("foo,bar,baz")]),
            strs(&["foo", "bar", "baz"])
        );
        assert_eq!(ok("split", vec![s(","), s("foo")]), strs(&["foo"]));
        assert_eq!(ok("split", vec![s(","), s("")]), strs(&[""]));
        assert_eq!(ok("split", vec![s(""), s("abc")]), strs(&["a", "b", "c"]));
        assert_eq!(
            ok("join", vec![s(", "), strs(&["foo", "bar", "baz"])]),
            s("foo, bar, baz")
        );
        assert_eq!(ok("join", vec![s(", "), strs(&["foo"])]), s("foo"));
        assert_eq!(
            ok("join", vec![s("-"), strs(&["a"]), nums(&[1.0, 2.0])]),
            s("a-1-2")
        );
        assert_eq!(
            err("join", vec![s(","), list(vec![s("a"), Value::Null])]),
            "Invalid function argument: join: invalid value for \"lists\" parameter: element 1 is null; cannot concatenate null values"
        );
        // Any unknown element makes the joined string unknown.
        assert_eq!(
            ok(
                "join",
                vec![s(","), list(vec![s("a"), unk("aws_vpc.main.id")])]
            ),
            unk("aws_vpc.main.id")
        );
    }

    #[test]
    fn indent_pads_all_but_the_first_line() {
        assert_eq!(
            ok("indent", vec![n(2.0), s("[\n  foo,\n  bar,\n]\n")]),
            s("[\n    foo,\n    bar,\n  ]\n  ")
        );
        assert_eq!(
            err("indent", vec![n(2e9), s("a\nb")]),
            "string length in bytes 2000000003 is over the limit of 4194304 (raise `limits.string_length` in aetheredge.yaml)"
        );
    }

    #[test]
    fn replace_with_substrings_and_regexes() {
        assert_eq!(
            ok("replace", vec![s("1 + 2 + 3"), s("+"), s("-")]),
            s("1 - 2 - 3")
        );
        assert_eq!(
            ok(
                "replace",
                vec![s("hello world"), s("/w.*d/"), s("everybody")]
            ),
            s("hello everybody")
        );
        assert_eq!(
            ok(
                "replace",
                vec![s("2019-02-01"), s("/(\\d+)-(\\d+)-(\\d+)/"), s("$3.$2.$1")]
            ),
            s("01.02.2019")
        );
        assert_eq!(
            ok("replace", vec![s("a.b"), s("/"), s("-")]),
            s("a.b"),
            "a lone slash is a substring, not a regex"
        );
        assert!(err("replace", vec![s("x"), s("/(/"), s("y")])
            .starts_with("Invalid function argument: replace: invalid value for \"pattern\" parameter: error parsing pattern:"));
    }

    #[test]
    fn regex_and_regexall() {
        assert_eq!(
            ok(
                "regex",
                vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")]
            ),
            s("aaabbbccc")
        );
        assert_eq!(
            ok(
                "regex",
                vec![s("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), s("2019-02-01")]
            ),
            strs(&["2019", "02", "01"])
        );
        assert_eq!(
            ok(
                "regex",
                vec![
                    s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                    s("https://terraform.io/docs/")
                ]
            ),
            obj(vec![
                ("authority", s("terraform.io")),
                ("scheme", s("https"))
            ])
        );
        assert_eq!(
            ok("regex", vec![s("(a)|(b)"), s("b")]),
            list(vec![Value::Null, s("b")])
        );
        assert_eq!(
            err("regex", vec![s("[a-z]+"), s("53453453.34534523454")]),
            "Invalid function argument: regex: pattern did not match any part of the given string"
        );
        assert_eq!(
            ok("regexall", vec![s("[a-z]+"), s("1234abcd5678efgh9")]),
            strs(&["abcd", "efgh"])
        );
        assert_eq!(
            ok("regexall", vec![s("[a-z]+"), s("123456789")]),
            list(vec![])
        );
        assert_eq!(
            err("regexall", vec![s("(?P<x>a)(b)"), s("ab")]),
            "Invalid function argument: regexall: invalid value for \"pattern\" parameter: invalid regular expression: can't mix both named and unnamed capture groups"
        );
    }

    // --- format -------------------------------------------------------------------------

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
    fn budgets_are_checked_before_building() {
        let limit = |name: &str, args: Vec<Value>| match call(name, args, &ctx()) {
            Err(EvalError::Limit(e)) => e.limit,
            other => panic!("{name}: expected a budget error, got {other:?}"),
        };
        assert_eq!(limit("range", vec![n(1e9)]), Limit::CollectionLength);
        assert_eq!(
            limit("setproduct", vec![nums(&[1.0; 2000]), nums(&[1.0; 2000])]),
            Limit::CollectionLength
        );
        assert_eq!(
            limit("indent", vec![n(999_999_999.0), s("x\ny")]),
            Limit::StringLength
        );
        assert_eq!(
            limit("jsondecode", vec![s(&"[".repeat(100_000))]),
            Limit::DecodeDepth
        );
        assert_eq!(
            limit("yamldecode", vec![s(&"x".repeat(9 << 20))]),
            Limit::DecodeSize
        );
        // Terraform's own cap on `range` still applies below the budget.
        assert!(err("range", vec![n(2000.0)]).contains("more than 1024 values"));
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

    // --- collections --------------------------------------------------------------------

    #[test]
    fn length_of_collections_with_unknown_elements() {
        assert_eq!(ok("length", vec![list(vec![])]), n(0.0));
        assert_eq!(ok("length", vec![strs(&["a", "b"])]), n(2.0));
        assert_eq!(ok("length", vec![obj(vec![("a", s("b"))])]), n(1.0));
        assert_eq!(ok("length", vec![list(vec![unk("x.id"), n(1.0)])]), n(2.0));
        assert_eq!(ok("length", vec![unk("x.ids")]), unk("x.ids"));
        assert_eq!(
            ok(
                "length",
                vec![Value::Partial(
                    BTreeMap::new().into(),
                    Unknown::of("aws_vpc.main")
                )]
            ),
            unk("aws_vpc.main")
        );
        assert_eq!(
            err("length", vec![n(1.0)]),
            "Invalid function argument: length: invalid value for \"value\" parameter: argument must be a string, a collection type, or a structural type"
        );
    }

    #[test]
    fn concat_keeps_unknown_elements() {
        assert_eq!(
            ok("concat", vec![strs(&["a", ""]), strs(&["b", "c"])]),
            strs(&["a", "", "b", "c"])
        );
        assert_eq!(
            ok("concat", vec![list(vec![unk("r.id")]), strs(&["b"])]),
            list(vec![unk("r.id"), s("b")])
        );
        assert_eq!(ok("concat", vec![strs(&["a"]), unk("r.ids")]), unk("r.ids"));
        assert_eq!(
            err("concat", vec![strs(&["a"]), s("b")]),
            "Invalid function argument: concat: invalid value for \"seqs\" parameter: all arguments must be lists or tuples; got string"
        );
    }

    #[test]
    fn merge_objects_and_unknowns() {
        assert_eq!(
            ok(
                "merge",
                vec![
                    obj(vec![("a", s("b")), ("c", s("d"))]),
                    obj(vec![("e", s("f")), ("c", s("z"))])
                ]
            ),
            obj(vec![("a", s("b")), ("c", s("z")), ("e", s("f"))])
        );
        assert_eq!(
            ok(
                "merge",
                vec![
                    obj(vec![("a", s("b"))]),
                    Value::Null,
                    obj(vec![("c", n(1.0))])
                ]
            ),
            obj(vec![("a", s("b")), ("c", n(1.0))])
        );
        assert_eq!(ok("merge", vec![]), obj(vec![]));
        assert_eq!(
            ok("merge", vec![obj(vec![("a", s("b"))]), unk("var.tags")]),
            unk("var.tags")
        );
        // A resource object may override earlier keys with attributes not known yet.
        let resource = Value::Partial(
            BTreeMap::from([("cidr_block".to_string(), s("10.0.0.0/16"))]).into(),
            Unknown::of("aws_vpc.main"),
        );
        assert_eq!(
            ok(
                "merge",
                vec![
                    obj(vec![("id", s("x"))]),
                    resource,
                    obj(vec![("z", n(1.0))])
                ]
            ),
            Value::Partial(
                BTreeMap::from([
                    ("cidr_block".to_string(), s("10.0.0.0/16")),
                    ("z".to_string(), n(1.0))
                ])
                .into(),
                Unknown::of("aws_vpc.main")
            )
        );
        assert_eq!(
            err("merge", vec![strs(&["a"])]),
            "Invalid function argument: merge: invalid value for \"maps\" parameter: arguments must be maps or objects, got \"list\""
        );
    }

    #[test]
    fn lookup_with_and_without_default() {
        let m = obj(vec![("a", s("ay")), ("b", s("bee")), ("u", unk("r.id"))]);
        assert_eq!(ok("lookup", vec![m.clone(), s("a"), s("what?")]), s("ay"));
        assert_eq!(
            ok("lookup", vec![m.clone(), s("c"), s("what?")]),
            s("what?")
        );
        assert_eq!(ok("lookup", vec![m.clone(), s("b")]), s("bee"));
        assert_eq!(ok("lookup", vec![m.clone(), s("u")]), unk("r.id"));
        assert_eq!(ok("lookup", vec![m.clone(), unk("var.k")]), unk("var.k"));
        assert_eq!(
            ok("lookup", vec![unk("var.m"), s("a"), s("d")]),
            unk("var.m")
        );
        assert_eq!(
            err("lookup", vec![m, s("c")]),
            "Invalid function argument: lookup: lookup failed to find key \"c\""
        );
        let resource = Value::Partial(
            BTreeMap::from([("cidr_block".to_string(), s("10.0.0.0/16"))]).into(),
            Unknown::of("aws_vpc.main"),
        );
        assert_eq!(
            ok("lookup", vec![resource.clone(), s("cidr_block")]),
            s("10.0.0.0/16")
        );
        assert_eq!(
            ok("lookup", vec![resource, s("id"), s("none")]),
            unk("aws_vpc.main")
        );
    }

    #[test]
    fn element_wraps_around() {
        let l = strs(&["a", "b", "c"]);
        assert_eq!(ok("element", vec![l.clone(), n(1.0)]), s("b"));
        assert_eq!(ok("element", vec![l.clone(), n(3.0)]), s("a"));
        assert_eq!(ok("element", vec![l.clone(), n(5.0)]), s("c"));
        assert_eq!(ok("element", vec![l.clone(), unk("var.i")]), unk("var.i"));
        assert_eq!(
            ok("element", vec![list(vec![unk("r.a"), s("b")]), n(1.0)]),
            s("b")
        );
        assert_eq!(
            err("element", vec![l, n(-1.0)]),
            "Invalid function argument: element: cannot use element function with a negative index"
        );
        assert_eq!(
            err("element", vec![list(vec![]), n(0.0)]),
            "Invalid function argument: element: cannot use element function with an empty list"
        );
    }

    #[test]
    fn keys_and_values_in_key_order() {
        let m = obj(vec![("d", n(1.0)), ("a", n(3.0)), ("c", unk("r.x"))]);
        assert_eq!(ok("keys", vec![m.clone()]), strs(&["a", "c", "d"]));
        assert_eq!(
            ok("values", vec![m]),
            list(vec![n(3.0), unk("r.x"), n(1.0)])
        );
        assert_eq!(ok("keys", vec![unk("var.m")]), unk("var.m"));
        assert_eq!(
            err("keys", vec![strs(&["a"])]),
            "Invalid function argument: keys: invalid value for \"inputMap\" parameter: must have map or object type"
        );
    }

    #[test]
    fn contains_and_index() {
        let l = strs(&["a", "b", "c"]);
        assert_eq!(ok("contains", vec![l.clone(), s("a")]), b(true));
        assert_eq!(ok("contains", vec![l.clone(), s("d")]), b(false));
        assert_eq!(ok("contains", vec![nums(&[1.0]), s("1")]), b(false));
        assert_eq!(
            ok("contains", vec![list(vec![unk("r.a"), s("b")]), s("b")]),
            b(true)
        );
        assert_eq!(
            ok("contains", vec![list(vec![unk("r.a"), s("b")]), s("c")]),
            unk("r.a")
        );
        assert_eq!(ok("contains", vec![l.clone(), unk("var.x")]), unk("var.x"));
        assert_eq!(ok("index", vec![l.clone(), s("b")]), n(1.0));
        assert_eq!(
            err("index", vec![l, s("z")]),
            "Invalid function argument: index: item not found"
        );
        assert_eq!(
            ok("index", vec![list(vec![unk("r.a"), s("b")]), s("b")]),
            unk("r.a")
        );
    }

    #[test]
    fn coalesce_and_coalescelist() {
        assert_eq!(ok("coalesce", vec![s("a"), s("b")]), s("a"));
        assert_eq!(ok("coalesce", vec![s(""), s("b")]), s("b"));
        assert_eq!(ok("coalesce", vec![n(1.0), n(2.0)]), n(1.0));
        assert_eq!(ok("coalesce", vec![Value::Null, s(""), n(2.0)]), s("2"));
        assert_eq!(ok("coalesce", vec![unk("r.x"), s("x")]), unk("r.x"));
        assert_eq!(ok("coalesce", vec![s("a"), unk("r.x")]), s("a"));
        assert_eq!(
            err("coalesce", vec![Value::Null, s("")]),
            "Invalid function argument: coalesce: no non-null, non-empty-string arguments"
        );
        assert_eq!(
            err("coalesce", vec![n(1.0), b(true)]),
            "Invalid function argument: coalesce: invalid value for \"vals\" parameter: all arguments must have the same type"
        );
        assert_eq!(
            ok("coalescelist", vec![strs(&["a", "b"]), strs(&["c", "d"])]),
            strs(&["a", "b"])
        );
        assert_eq!(
            ok("coalescelist", vec![list(vec![]), strs(&["c", "d"])]),
            strs(&["c", "d"])
        );
        assert_eq!(
            ok("coalescelist", vec![list(vec![]), unk("r.ids")]),
            unk("r.ids")
        );
        assert_eq!(
            err("coalescelist", vec![list(vec![])]),
            "Invalid function argument: coalescelist: no non-null arguments"
        );
    }

    #[test]
    fn list_reshaping_functions() {
        assert_eq!(
            ok(
                "compact",
                vec![list(vec![s("a"), s(""), Value::Null, s("b")])]
            ),
            strs(&["a", "b"])
        );
        assert_eq!(
            ok("compact", vec![list(vec![s("a"), unk("r.x")])]),
            unk("r.x")
        );
        assert_eq!(
            ok("chunklist", vec![strs(&["a", "b", "c", "d", "e"]), n(2.0)]),
            list(vec![strs(&["a", "b"]), strs(&["c", "d"]), strs(&["e"])])
        );
        assert_eq!(
            ok("chunklist", vec![strs(&["a", "b"]), n(0.0)]),
            list(vec![strs(&["a", "b"])])
        );
        assert_eq!(
            err("chunklist", vec![strs(&["a"]), n(-1.0)]),
            "Invalid function argument: chunklist: invalid value for \"size\" parameter: the size argument must be positive"
        );
        assert_eq!(
            ok("distinct", vec![strs(&["a", "b", "a", "c", "d", "b"])]),
            strs(&["a", "b", "c", "d"])
        );
        assert_eq!(
            ok("distinct", vec![list(vec![s("a"), unk("r.x")])]),
            unk("r.x")
        );
        assert_eq!(
            ok(
                "flatten",
                vec![list(vec![strs(&["a", "b"]), list(vec![]), strs(&["c"])])]
            ),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok(
                "flatten",
                vec![list(vec![
                    list(vec![strs(&["a", "b"]), list(vec![])]),
                    strs(&["c"])
                ])]
            ),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok("flatten", vec![list(vec![strs(&["a"]), unk("r.ids")])]),
            unk("r.ids")
        );
        assert_eq!(
            ok("reverse", vec![nums(&[1.0, 2.0, 3.0])]),
            nums(&[3.0, 2.0, 1.0])
        );
        assert_eq!(
            ok("slice", vec![strs(&["a", "b", "c", "d"]), n(1.0), n(3.0)]),
            strs(&["b", "c"])
        );
        assert_eq!(
            err("slice", vec![strs(&["a"]), n(0.0), n(2.0)]),
            "Invalid function argument: slice: invalid value for \"end_index\" parameter: end index must not be greater than the length of the list"
        );
        assert_eq!(
            ok("sort", vec![strs(&["e", "d", "a", "x"])]),
            strs(&["a", "d", "e", "x"])
        );
        assert_eq!(
            ok("sort", vec![nums(&[3.0, 1.0, 11.0])]),
            strs(&["1", "11", "3"])
        );
        assert_eq!(ok("sort", vec![list(vec![unk("r.x")])]), unk("r.x"));
    }

    #[test]
    fn boolean_aggregates_and_one() {
        assert_eq!(ok("alltrue", vec![list(vec![s("true"), b(true)])]), b(true));
        assert_eq!(ok("alltrue", vec![list(vec![b(true), b(false)])]), b(false));
        assert_eq!(ok("alltrue", vec![list(vec![])]), b(true));
        assert_eq!(
            ok("alltrue", vec![list(vec![b(true), unk("r.x")])]),
            unk("r.x")
        );
        assert_eq!(
            ok("alltrue", vec![list(vec![unk("r.x"), b(false)])]),
            b(false)
        );
        assert_eq!(ok("anytrue", vec![list(vec![s("true")])]), b(true));
        assert_eq!(ok("anytrue", vec![list(vec![b(true), b(false)])]), b(true));
        assert_eq!(ok("anytrue", vec![list(vec![])]), b(false));
        assert_eq!(
            ok("anytrue", vec![list(vec![b(false), unk("r.x")])]),
            unk("r.x")
        );
        assert_eq!(ok("one", vec![list(vec![])]), Value::Null);
        assert_eq!(ok("one", vec![strs(&["hello"])]), s("hello"));
        assert_eq!(
            err("one", vec![strs(&["hello", "goodbye"])]),
            "Invalid function argument: one: invalid value for \"list\" parameter: must be a list, set, or tuple value with either zero or one elements"
        );
    }

    #[test]
    fn zipmap_matchkeys_transpose() {
        assert_eq!(
            ok("zipmap", vec![strs(&["a", "b"]), nums(&[1.0, 2.0])]),
            obj(vec![("a", n(1.0)), ("b", n(2.0))])
        );
        assert_eq!(
            ok("zipmap", vec![strs(&["a"]), list(vec![unk("r.id")])]),
            obj(vec![("a", unk("r.id"))])
        );
        assert_eq!(
            ok("zipmap", vec![list(vec![unk("r.name")]), nums(&[1.0])]),
            unk("r.name")
        );
        assert_eq!(
            err("zipmap", vec![strs(&["a", "b"]), nums(&[1.0])]),
            "Invalid function argument: zipmap: number of keys (2) does not match number of values (1)"
        );
        assert_eq!(
            ok(
                "matchkeys",
                vec![
                    strs(&["i-123", "i-abc", "i-def"]),
                    strs(&["us-west", "us-east", "us-east"]),
                    strs(&["us-east"])
                ]
            ),
            strs(&["i-abc", "i-def"])
        );
        assert_eq!(
            ok(
                "transpose",
                vec![obj(vec![
                    ("a", strs(&["1", "2"])),
                    ("b", strs(&["2", "3"]))
                ])]
            ),
            obj(vec![
                ("1", strs(&["a"])),
                ("2", strs(&["a", "b"])),
                ("3", strs(&["b"]))
            ])
        );
    }

    #[test]
    fn set_functions() {
        assert_eq!(
            ok(
                "setunion",
                vec![strs(&["a", "b"]), strs(&["b", "c"]), strs(&["d"])]
            ),
            strs(&["a", "b", "c", "d"])
        );
        assert_eq!(
            ok(
                "setintersection",
                vec![strs(&["a", "b"]), strs(&["b", "c"]), strs(&["b", "d"])]
            ),
            strs(&["b"])
        );
        assert_eq!(
            ok(
                "setsubtract",
                vec![strs(&["a", "b", "c"]), strs(&["a", "c"])]
            ),
            strs(&["b"])
        );
        assert_eq!(
            ok("setunion", vec![strs(&["a"]), nums(&[1.0])]),
            strs(&["1", "a"])
        );
        assert_eq!(
            ok(
                "setproduct",
                vec![strs(&["development", "staging"]), strs(&["app1", "app2"])]
            ),
            list(vec![
                strs(&["development", "app1"]),
                strs(&["development", "app2"]),
                strs(&["staging", "app1"]),
                strs(&["staging", "app2"]),
            ])
        );
        assert_eq!(
            ok("setproduct", vec![strs(&["a"]), list(vec![])]),
            list(vec![])
        );
        assert_eq!(
            ok("setunion", vec![strs(&["a"]), list(vec![unk("r.x")])]),
            unk("r.x")
        );
        let big = nums(&(0..2000).map(f64::from).collect::<Vec<_>>());
        assert_eq!(
            err("setproduct", vec![big.clone(), big]),
            "collection length 4000000 is over the limit of 100000 (raise `limits.collection_length` in aetheredge.yaml)"
        );
    }

    // --- type conversions ---------------------------------------------------------------

    #[test]
    fn conversions() {
        assert_eq!(ok("tostring", vec![s("hello")]), s("hello"));
        assert_eq!(ok("tostring", vec![n(1.0)]), s("1"));
        assert_eq!(ok("tostring", vec![b(true)]), s("true"));
        assert_eq!(ok("tostring", vec![Value::Null]), Value::Null);
        assert_eq!(
            err("tostring", vec![list(vec![])]),
            "Invalid function argument: tostring: invalid value for \"v\" parameter: cannot convert list to string"
        );
        assert_eq!(ok("tonumber", vec![n(1.0)]), n(1.0));
        assert_eq!(ok("tonumber", vec![s("1")]), n(1.0));
        assert_eq!(ok("tonumber", vec![Value::Null]), Value::Null);
        assert_eq!(
            err("tonumber", vec![s("no")]),
            "Invalid function argument: tonumber: invalid value for \"v\" parameter: cannot convert \"no\" to number; given string must be a decimal representation of a number"
        );
        assert_eq!(ok("tobool", vec![b(true)]), b(true));
        assert_eq!(ok("tobool", vec![s("true")]), b(true));
        assert_eq!(ok("tobool", vec![Value::Null]), Value::Null);
        assert_eq!(
            err("tobool", vec![s("no")]),
            "Invalid function argument: tobool: invalid value for \"v\" parameter: cannot convert \"no\" to bool; only the strings \"true\" or \"false\" are allowed"
        );
        assert_eq!(
            err("tobool", vec![n(1.0)]),
            "Invalid function argument: tobool: invalid value for \"v\" parameter: cannot convert number to bool"
        );
        assert_eq!(ok("tostring", vec![unk("r.x")]), unk("r.x"));
    }

    #[test]
    fn collection_conversions_unify_element_types() {
        assert_eq!(
            ok("tolist", vec![list(vec![s("a"), s("b"), n(3.0)])]),
            strs(&["a", "b", "3"])
        );
        assert_eq!(
            ok("toset", vec![list(vec![s("a"), s("b"), n(3.0)])]),
            strs(&["3", "a", "b"])
        );
        assert_eq!(ok("toset", vec![strs(&["c", "b", "b"])]), strs(&["b", "c"]));
        assert_eq!(
            ok("toset", vec![list(vec![s("a"), unk("r.x")])]),
            unk("r.x")
        );
        assert_eq!(
            ok("tomap", vec![obj(vec![("a", s("foo")), ("b", b(true))])]),
            obj(vec![("a", s("foo")), ("b", s("true"))])
        );
        assert_eq!(
            ok("tomap", vec![obj(vec![("a", n(1.0)), ("b", n(2.0))])]),
            obj(vec![("a", n(1.0)), ("b", n(2.0))])
        );
        assert_eq!(
            err("tolist", vec![list(vec![n(1.0), b(true)])]),
            "Invalid function argument: tolist: invalid value for \"v\" parameter: cannot convert tuple to list of any single type"
        );
        assert_eq!(
            err("tomap", vec![obj(vec![("a", n(1.0)), ("b", strs(&[]))])]),
            "Invalid function argument: tomap: invalid value for \"v\" parameter: cannot convert object to map of any single type"
        );
        assert_eq!(ok("sensitive", vec![s("x")]), s("x"));
        assert_eq!(ok("nonsensitive", vec![unk("r.x")]), unk("r.x"));
    }

    // --- encoding -----------------------------------------------------------------------

    #[test]
    fn jsonencode_is_compact_sorted_and_escaped() {
        assert_eq!(
            ok("jsonencode", vec![obj(vec![("hello", s("world"))])]),
            s("{\"hello\":\"world\"}")
        );
        assert_eq!(
            ok(
                "jsonencode",
                vec![obj(vec![
                    ("z", nums(&[1.0, 2.5])),
                    ("a", list(vec![Value::Null, b(false)])),
                    ("m", s("<a href=\"x\">&</a>\n"))
                ])]
            ),
            s("{\"a\":[null,false],\"m\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\n\",\"z\":[1,2.5]}")
        );
        assert_eq!(ok("jsonencode", vec![n(1e20)]), s("100000000000000000000"));
        assert_eq!(
            ok(
                "jsonencode",
                vec![obj(vec![("a", list(vec![unk("r.id")]))])]
            ),
            unk("r.id")
        );
    }

    #[test]
    fn jsondecode_parses_documents() {
        assert_eq!(
            ok("jsondecode", vec![s("{\"hello\": \"world\"}")]),
            obj(vec![("hello", s("world"))])
        );
        assert_eq!(ok("jsondecode", vec![s("true")]), b(true));
        assert_eq!(
            ok("jsondecode", vec![s("[1, null, \"x\"]")]),
            list(vec![n(1.0), Value::Null, s("x")])
        );
        assert!(err("jsondecode", vec![s("{")])
            .starts_with("Invalid function argument: jsondecode: invalid value for \"str\" parameter: invalid JSON:"));
    }

    #[test]
    fn yamlencode_matches_terraform_documentation() {
        assert_eq!(
            ok("yamlencode", vec![obj(vec![("a", s("b")), ("c", s("d"))])]),
            s("\"a\": \"b\"\n\"c\": \"d\"\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(vec![
                    ("foo", nums(&[1.0, 2.0, 3.0])),
                    ("bar", s("baz"))
                ])]
            ),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(vec![
                    (
                        "foo",
                        list(vec![
                            n(1.0),
                            obj(vec![("a", s("b")), ("c", s("d"))]),
                            n(3.0)
                        ])
                    ),
                    ("bar", s("baz"))
                ])]
            ),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n")
        );
        assert_eq!(ok("yamlencode", vec![b(true)]), s("true\n...\n"));
        assert_eq!(ok("yamlencode", vec![s("hello")]), s("\"hello\"\n"));
        assert_eq!(ok("yamlencode", vec![obj(vec![])]), s("{}\n"));
        assert_eq!(ok("yamlencode", vec![list(vec![])]), s("[]\n"));
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(vec![(
                    "all",
                    obj(vec![
                        ("n", Value::Null),
                        ("e", obj(vec![])),
                        ("s", s("x\ty"))
                    ])
                )])]
            ),
            s("\"all\":\n  \"e\": {}\n  \"n\": null\n  \"s\": \"x\\ty\"\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(vec![("script", s("echo a\necho b\n"))])]
            ),
            s("\"script\": |\n  echo a\n  echo b\n")
        );
        assert_eq!(
            ok("yamlencode", vec![obj(vec![("x", unk("r.id"))])]),
            unk("r.id")
        );
    }

    #[test]
    fn yamlencode_folds_long_quoted_strings_like_go_yaml() {
        let long = "mkdir -p /app/storage/database /app/storage/framework/cache/data /app/storage/framework/sessions /app/storage/framework/views";
        assert_eq!(
            ok("yamlencode", vec![obj(vec![("command", s(long))])]),
            s("\"command\": \"mkdir -p /app/storage/database /app/storage/framework/cache/data /app/storage/framework/sessions\n  /app/storage/framework/views\"\n")
        );
    }

    #[test]
    fn yamldecode_parses_documents() {
        assert_eq!(
            ok("yamldecode", vec![s("a: 1\nb: [x, true]\nc: null\n")]),
            obj(vec![
                ("a", n(1.0)),
                ("b", list(vec![s("x"), b(true)])),
                ("c", Value::Null)
            ])
        );
        assert_eq!(ok("yamldecode", vec![s("")]), Value::Null);
    }

    #[test]
    fn base64_url_and_hashes() {
        assert_eq!(
            ok("base64encode", vec![s("Hello World")]),
            s("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            ok("base64decode", vec![s("SGVsbG8gV29ybGQ=")]),
            s("Hello World")
        );
        assert_eq!(ok("base64encode", vec![s("ab")]), s("YWI="));
        assert_eq!(ok("base64decode", vec![s("YWI=")]), s("ab"));
        assert_eq!(
            err("base64decode", vec![s("YWI")]),
            "Invalid function argument: base64decode: failed to decode base64 data \"YWI\""
        );
        assert_eq!(
            err("base64decode", vec![s("/w==")]),
            "Invalid function argument: base64decode: the result of decoding the provided string is not valid UTF-8"
        );
        assert_eq!(
            ok("urlencode", vec![s("Hello World!")]),
            s("Hello+World%21")
        );
        assert_eq!(ok("urlencode", vec![s("☃")]), s("%E2%98%83"));
        assert_eq!(
            ok("urlencode", vec![s("foo:bar@localhost?foo=bar&bar=baz")]),
            s("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz")
        );
        assert_eq!(
            ok("sha256", vec![s("hello world")]),
            s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        assert_eq!(
            ok("base64sha256", vec![s("hello world")]),
            s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")
        );
        assert_eq!(
            ok("sha512", vec![s("hello world")]),
            s("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f")
        );
        assert_eq!(ok("sha256", vec![unk("r.x")]), unk("r.x"));
    }

    #[test]
    fn sha512_variants() {
        assert_eq!(
            ok("base64sha512", vec![s("hello world")]),
            s("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==")
        );
        assert_eq!(
            ok("filesha512", vec![s("hello.txt")]),
            s("2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671064615d645ae27acb15bfb1447f459b")
        );
        assert_eq!(ok("ephemeralasnull", vec![s("x")]), s("x"));
    }

    #[test]
    fn values_known_only_after_apply() {
        let unknown = Value::Unknown(Unknown::default());
        assert_eq!(ok("timestamp", vec![]), unknown);
        assert_eq!(ok("uuid", vec![]), unknown);
        assert_eq!(ok("bcrypt", vec![s("secret")]), unknown);
        assert_eq!(ok("plantimestamp", vec![]), unknown);
    }

    // --- filesystem ---------------------------------------------------------------------

    #[test]
    fn file_functions_read_through_the_context() {
        assert_eq!(ok("file", vec![s("hello.txt")]), s("Hello World"));
        assert_eq!(
            err("file", vec![s("missing.txt")]),
            "Invalid function argument: file: no file exists at missing.txt"
        );
        assert_eq!(ok("fileexists", vec![s("hello.txt")]), b(true));
        assert_eq!(ok("fileexists", vec![s("missing.txt")]), b(false));
        assert_eq!(
            ok("filebase64", vec![s("hello.txt")]),
            s("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            ok("filesha256", vec![s("hello.txt")]),
            s("a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e")
        );
        assert_eq!(ok("file", vec![unk("var.path")]), unk("var.path"));
    }

    #[test]
    fn templatefile_passes_text_and_vars_to_the_renderer() {
        let vars = obj(vec![("port", n(8080.0)), ("ip", s("10.0.0.1"))]);
        assert_eq!(
            ok("templatefile", vec![s("backends.tftpl"), vars]),
            s("port=8080 ip=10.0.0.1")
        );
        let vars = obj(vec![
            ("port", n(8080.0)),
            ("ip", unk("aws_instance.web.private_ip")),
        ]);
        assert_eq!(
            ok("templatefile", vec![s("backends.tftpl"), vars]),
            unk("aws_instance.web.private_ip")
        );
        assert_eq!(
            ok("templatefile", vec![s("backends.tftpl"), unk("var.vars")]),
            unk("var.vars")
        );
        assert_eq!(
            err(
                "templatefile",
                vec![s("backends.tftpl"), obj(vec![("port", n(1.0))])]
            ),
            "Invalid function argument: templatefile: Unknown variable \"ip\""
        );
        assert_eq!(
            err("templatefile", vec![s("backends.tftpl"), obj(vec![("1x", n(1.0))])]),
            "Invalid function argument: templatefile: invalid value for \"vars\" parameter: invalid template variable name \"1x\": must start with a letter, followed by zero or more letters, digits, and underscores"
        );
        assert_eq!(
            err("templatefile", vec![s("nope.tftpl"), obj(vec![])]),
            "Invalid function argument: templatefile: no file exists at nope.tftpl"
        );
        assert_eq!(
            ok(
                "templatestring",
                vec![s("hi ${who}"), obj(vec![("who", s("there"))])]
            ),
            s("hi there")
        );
    }

    #[test]
    fn path_functions_follow_go_filepath() {
        assert_eq!(ok("basename", vec![s("foo/bar/baz.txt")]), s("baz.txt"));
        assert_eq!(ok("basename", vec![s("foo/bar/")]), s("bar"));
        assert_eq!(ok("basename", vec![s("/")]), s("/"));
        assert_eq!(ok("basename", vec![s("")]), s("."));
        assert_eq!(ok("dirname", vec![s("foo/bar/baz.txt")]), s("foo/bar"));
        assert_eq!(ok("dirname", vec![s("foo")]), s("."));
        assert_eq!(ok("dirname", vec![s("/foo")]), s("/"));
        assert_eq!(ok("dirname", vec![s("a/../b/./c")]), s("b"));
    }

    // --- IP networks --------------------------------------------------------------------

    #[test]
    fn cidrsubnet_ipv4_and_ipv6() {
        assert_eq!(
            ok("cidrsubnet", vec![s("172.16.0.0/12"), n(4.0), n(2.0)]),
            s("172.18.0.0/16")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.1.2.0/24"), n(4.0), n(15.0)]),
            s("10.1.2.240/28")
        );
        assert_eq!(
            ok(
                "cidrsubnet",
                vec![s("fd00:fd12:3456:7890::/56"), n(16.0), n(162.0)]
            ),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.1.2.5/24"), n(0.0), n(0.0)]),
            s("10.1.2.0/24")
        );
        assert_eq!(
            err("cidrsubnet", vec![s("10.0.0.0/16"), n(9.0), n(600.0)]),
            "Invalid function argument: cidrsubnet: prefix extension of 9 does not accommodate a subnet numbered 600"
        );
        assert_eq!(
            err("cidrsubnet", vec![s("10.0.0.0/30"), n(3.0), n(0.0)]),
            "Invalid function argument: cidrsubnet: insufficient address space to extend prefix of 30 by 3"
        );
        assert_eq!(
            err("cidrsubnet", vec![s("10.0.0.0"), n(1.0), n(0.0)]),
            "Invalid function argument: cidrsubnet: invalid value for \"prefix\" parameter: invalid CIDR expression: invalid CIDR address: 10.0.0.0"
        );
        assert_eq!(
            ok(
                "cidrsubnet",
                vec![unk("aws_vpc.main.cidr_block"), n(4.0), n(1.0)]
            ),
            unk("aws_vpc.main.cidr_block")
        );
    }

    #[test]
    fn cidrhost_and_cidrnetmask() {
        assert_eq!(
            ok("cidrhost", vec![s("10.12.112.0/20"), n(16.0)]),
            s("10.12.112.16")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.12.112.0/20"), n(268.0)]),
            s("10.12.113.12")
        );
        assert_eq!(
            ok(
                "cidrhost",
                vec![s("fd00:fd12:3456:7890:00a2::/72"), n(34.0)]
            ),
            s("fd00:fd12:3456:7890::22")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.0.0.0/24"), n(-1.0)]),
            s("10.0.0.255")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.0.0.0/24"), n(-2.0)]),
            s("10.0.0.254")
        );
        assert_eq!(
            err("cidrhost", vec![s("10.0.0.0/24"), n(256.0)]),
            "Invalid function argument: cidrhost: prefix of 24 does not accommodate a host numbered 256"
        );
        assert_eq!(
            ok("cidrnetmask", vec![s("172.16.0.0/12")]),
            s("255.240.0.0")
        );
        assert_eq!(ok("cidrnetmask", vec![s("10.0.0.0/0")]), s("0.0.0.0"));
        assert_eq!(
            err("cidrnetmask", vec![s("fd00::/8")]),
            "Invalid function argument: cidrnetmask: IPv6 addresses cannot have a netmask: fd00::/8"
        );
    }

    #[test]
    fn cidrsubnets_allocates_consecutively() {
        assert_eq!(
            ok(
                "cidrsubnets",
                vec![s("10.1.0.0/16"), n(4.0), n(4.0), n(8.0), n(4.0)]
            ),
            strs(&[
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ])
        );
        assert_eq!(
            ok(
                "cidrsubnets",
                vec![
                    s("fd00:fd12:3456:7890::/56"),
                    n(16.0),
                    n(16.0),
                    n(16.0),
                    n(32.0)
                ]
            ),
            strs(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ])
        );
        assert_eq!(ok("cidrsubnets", vec![s("10.0.0.0/8")]), list(vec![]));
        // Terraform's own behaviour for a base at address zero (hashicorp/terraform#35486):
        // go-cidr reads the wrap-around from the "previous" subnet as running out of space.
        assert_eq!(
            err("cidrsubnets", vec![s("0.0.0.0/1"), n(1.0), n(1.0)]),
            "Invalid function argument: cidrsubnets: invalid value for \"newbits\" parameter: not enough remaining address space for a subnet with a prefix of 2 bits after 192.0.0.0/2"
        );
        assert_eq!(
            ok("cidrsubnets", vec![s("128.0.0.0/1"), n(1.0), n(1.0)]),
            strs(&["128.0.0.0/2", "192.0.0.0/2"])
        );
        assert_eq!(
            err("cidrsubnets", vec![s("10.0.0.0/30"), n(1.0), n(1.0), n(1.0)]),
            "Invalid function argument: cidrsubnets: invalid value for \"newbits\" parameter: not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31"
        );
        assert_eq!(
            err("cidrsubnets", vec![s("10.0.0.0/30"), n(3.0)]),
            "Invalid function argument: cidrsubnets: invalid value for \"newbits\" parameter: would extend prefix to 33 bits, which is too long for an IPv4 address"
        );
        assert_eq!(
            err("cidrsubnets", vec![s("10.0.0.0/8"), n(0.0)]),
            "Invalid function argument: cidrsubnets: invalid value for \"newbits\" parameter: must extend prefix by at least one bit"
        );
    }

    // --- robustness ---------------------------------------------------------------------

    #[test]
    fn unknown_refs_are_merged_from_every_unknown_argument() {
        assert_eq!(
            ok("cidrhost", vec![unk("a.x"), unk("b.y")]),
            unk2("a.x", "b.y")
        );
        assert_eq!(
            ok(
                "jsonencode",
                vec![obj(vec![("a", unk("a.x")), ("b", list(vec![unk("b.y")]))])]
            ),
            unk2("a.x", "b.y")
        );
    }

    #[test]
    fn hostile_inputs_are_errors_not_panics() {
        let mut deep = s("x");
        for _ in 0..(MAX_DEPTH + 10) {
            deep = list(vec![deep]);
        }
        assert_eq!(
            err("flatten", vec![deep.clone()]),
            "Invalid function argument: flatten: invalid value for \"list\" parameter: the list is nested too deeply"
        );
        assert_eq!(
            err("jsonencode", vec![deep]),
            "Invalid function argument: jsonencode: value is nested too deeply"
        );
        assert!(call("substr", vec![s("abc"), n(1e300), n(1.0)], &ctx()).is_err());
        assert_eq!(ok("substr", vec![s("abc"), n(-9e18), n(1.0)]), s("a"));
        assert!(call("cidrhost", vec![s("::/0"), n(1e38)], &ctx()).is_ok());
        assert!(call("cidrhost", vec![s("::/0"), n(-1e38)], &ctx()).is_ok());
        assert!(call("cidrsubnet", vec![s("::/0"), n(128.0), n(0.0)], &ctx()).is_ok());
        assert_eq!(ok("element", vec![strs(&["a", "b"]), n(9e18)]), s("a"));
        assert!(call("element", vec![strs(&["a"]), n(1e19)], &ctx()).is_err());
        assert!(call(
            "format",
            vec![s("%[99999999999999999999]s"), s("a")],
            &ctx()
        )
        .is_err());
        assert!(call("replace", vec![s("aaaa"), s("/a*/"), s("$1$2${x}")], &ctx()).is_ok());
        assert_eq!(
            ok("chunklist", vec![strs(&["a"]), n(9e18)]),
            list(vec![strs(&["a"])])
        );
    }
}

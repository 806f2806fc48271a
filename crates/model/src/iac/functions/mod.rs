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
//!
//! This file is the dispatch (name → implementation, arity, what a function needs known)
//! and what every family shares: the called function [`Fx`] that converts arguments and
//! words errors, number parsing, Go's quoting. The functions themselves live one file per
//! family, as Terraform's documentation groups them. The date and time functions present
//! (`timestamp`, `plantimestamp`) are known only after apply, like `bcrypt` and `uuid`.

mod collection;
mod conversion;
mod encoding;
mod filesystem;
mod format;
mod hash;
mod network;
mod numeric;
mod string;
mod templates;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::eval::{EvalError, FunctionContext};
use super::value::{format_number, Unknown, Value};
use aetheredge_core::limits::{Limit, LimitExceeded};

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
        // Numeric.
        "abs" => entry(Exact(1), Known, numeric::f_abs),
        "ceil" => entry(Exact(1), Known, numeric::f_ceil),
        "floor" => entry(Exact(1), Known, numeric::f_floor),
        "log" => entry(Exact(2), Known, numeric::f_log),
        "max" => entry(AtLeast(1), Known, numeric::f_max),
        "min" => entry(AtLeast(1), Known, numeric::f_min),
        "parseint" => entry(Exact(2), Known, numeric::f_parseint),
        "pow" => entry(Exact(2), Known, numeric::f_pow),
        "signum" => entry(Exact(1), Known, numeric::f_signum),
        // String.
        "chomp" => entry(Exact(1), Known, string::f_chomp),
        "endswith" => entry(Exact(2), Known, string::f_endswith),
        "format" => entry(AtLeast(1), WhollyKnown, format::f_format),
        "formatlist" => entry(AtLeast(1), Custom, format::f_formatlist),
        "indent" => entry(Exact(2), Known, string::f_indent),
        "join" => entry(Join, WhollyKnown, string::f_join),
        "lower" => entry(Exact(1), Known, string::f_lower),
        "regex" => entry(Exact(2), Known, string::f_regex),
        "regexall" => entry(Exact(2), Known, string::f_regexall),
        "replace" => entry(Exact(3), Known, string::f_replace),
        "split" => entry(Exact(2), Known, string::f_split),
        "startswith" => entry(Exact(2), Known, string::f_startswith),
        "strcontains" => entry(Exact(2), Known, string::f_strcontains),
        "strrev" => entry(Exact(1), Known, string::f_strrev),
        "substr" => entry(Exact(3), Known, string::f_substr),
        "templatestring" => entry(Exact(2), Custom, templates::f_templatestring),
        "title" => entry(Exact(1), Known, string::f_title),
        "trim" => entry(Exact(2), Known, string::f_trim),
        "trimprefix" => entry(Exact(2), Known, string::f_trimprefix),
        "trimspace" => entry(Exact(1), Known, string::f_trimspace),
        "trimsuffix" => entry(Exact(2), Known, string::f_trimsuffix),
        "upper" => entry(Exact(1), Known, string::f_upper),
        // Collection.
        "alltrue" => entry(Exact(1), Known, collection::f_alltrue),
        "anytrue" => entry(Exact(1), Known, collection::f_anytrue),
        "chunklist" => entry(Exact(2), Known, collection::f_chunklist),
        "coalesce" => entry(AtLeast(0), Custom, collection::f_coalesce),
        "coalescelist" => entry(AtLeast(1), Custom, collection::f_coalescelist),
        "compact" => entry(Exact(1), WhollyKnown, collection::f_compact),
        "concat" => entry(AtLeast(1), Known, collection::f_concat),
        "contains" => entry(Exact(2), Custom, collection::f_contains),
        "distinct" => entry(Exact(1), WhollyKnown, collection::f_distinct),
        "element" => entry(Exact(2), Known, collection::f_element),
        "flatten" => entry(Exact(1), Known, collection::f_flatten),
        "index" => entry(Exact(2), Known, collection::f_index),
        "keys" => entry(Exact(1), Known, collection::f_keys),
        "length" => entry(Exact(1), Known, collection::f_length),
        "lookup" => entry(Between(2, 3), Custom, collection::f_lookup),
        "matchkeys" => entry(Exact(3), WhollyKnown, collection::f_matchkeys),
        "merge" => entry(AtLeast(0), Custom, collection::f_merge),
        "one" => entry(Exact(1), Known, collection::f_one),
        "range" => entry(Between(1, 3), Known, collection::f_range),
        "reverse" => entry(Exact(1), Known, collection::f_reverse),
        "setintersection" => entry(AtLeast(1), WhollyKnown, collection::f_setintersection),
        "setproduct" => entry(AtLeast(2), WhollyKnown, collection::f_setproduct),
        "setsubtract" => entry(Exact(2), WhollyKnown, collection::f_setsubtract),
        "setunion" => entry(AtLeast(1), WhollyKnown, collection::f_setunion),
        "slice" => entry(Exact(3), Known, collection::f_slice),
        "sort" => entry(Exact(1), WhollyKnown, collection::f_sort),
        "sum" => entry(Exact(1), WhollyKnown, collection::f_sum),
        "transpose" => entry(Exact(1), WhollyKnown, collection::f_transpose),
        "values" => entry(Exact(1), Known, collection::f_values),
        "zipmap" => entry(Exact(2), Custom, collection::f_zipmap),
        // Encoding.
        "base64decode" => entry(Exact(1), Known, encoding::f_base64decode),
        "base64encode" => entry(Exact(1), Known, encoding::f_base64encode),
        "jsondecode" => entry(Exact(1), Known, encoding::f_jsondecode),
        "jsonencode" => entry(Exact(1), WhollyKnown, encoding::f_jsonencode),
        "urlencode" => entry(Exact(1), Known, encoding::f_urlencode),
        "yamldecode" => entry(Exact(1), Known, encoding::f_yamldecode),
        "yamlencode" => entry(Exact(1), WhollyKnown, encoding::f_yamlencode),
        // Filesystem.
        "basename" => entry(Exact(1), Known, filesystem::f_basename),
        "dirname" => entry(Exact(1), Known, filesystem::f_dirname),
        "file" => entry(Exact(1), Known, filesystem::f_file),
        "filebase64" => entry(Exact(1), Known, filesystem::f_filebase64),
        "fileexists" => entry(Exact(1), Known, filesystem::f_fileexists),
        "templatefile" => entry(Exact(2), Custom, templates::f_templatefile),
        // Date and time: known only after apply.
        "plantimestamp" => entry(Exact(0), Custom, f_known_after_apply),
        "timestamp" => entry(Exact(0), Custom, f_known_after_apply),
        // Hash and crypto.
        "base64sha256" => entry(Exact(1), Known, hash::f_base64sha256),
        "base64sha512" => entry(Exact(1), Known, hash::f_base64sha512),
        "bcrypt" => entry(Between(1, 2), Custom, f_known_after_apply),
        "filesha256" => entry(Exact(1), Known, hash::f_filesha256),
        "filesha512" => entry(Exact(1), Known, hash::f_filesha512),
        "sha256" => entry(Exact(1), Known, hash::f_sha256),
        "sha512" => entry(Exact(1), Known, hash::f_sha512),
        "uuid" => entry(Exact(0), Custom, f_known_after_apply),
        // IP network.
        "cidrhost" => entry(Exact(2), Known, network::f_cidrhost),
        "cidrnetmask" => entry(Exact(1), Known, network::f_cidrnetmask),
        "cidrsubnet" => entry(Exact(3), Known, network::f_cidrsubnet),
        "cidrsubnets" => entry(AtLeast(1), Known, network::f_cidrsubnets),
        // Type conversion.
        "ephemeralasnull" => entry(Exact(1), Custom, conversion::f_identity),
        "nonsensitive" => entry(Exact(1), Custom, conversion::f_identity),
        "sensitive" => entry(Exact(1), Custom, conversion::f_identity),
        "tobool" => entry(Exact(1), Known, conversion::f_tobool),
        "tolist" => entry(Exact(1), Known, conversion::f_tolist),
        "tomap" => entry(Exact(1), Known, conversion::f_tomap),
        "tonumber" => entry(Exact(1), Known, conversion::f_tonumber),
        "toset" => entry(Exact(1), Custom, conversion::f_toset),
        "tostring" => entry(Exact(1), Known, conversion::f_tostring),
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

/// Go's `%q` for a string, as Terraform's error messages quote values.
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

/// `timestamp`, `uuid`, `bcrypt`, `plantimestamp`: different on every run, so never known
/// before apply.
fn f_known_after_apply(_fx: &Fx, _a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::Unknown(Unknown::default()))
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

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
    fn values_known_only_after_apply() {
        let unknown = Value::Unknown(Unknown::default());
        assert_eq!(ok("timestamp", vec![]), unknown);
        assert_eq!(ok("uuid", vec![]), unknown);
        assert_eq!(ok("bcrypt", vec![s("secret")]), unknown);
        assert_eq!(ok("plantimestamp", vec![]), unknown);
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

//! Type conversion functions: `tostring`, `tonumber`, `tobool`, `tolist`, `toset`, `tomap`,
//! and `sensitive`, `nonsensitive`, `ephemeralasnull`, which leave values as they are.

use super::collection::unify;
use super::{go_quote, parse_number, unknown_of, Fx};
use crate::iac::eval::EvalError;
use crate::iac::value::Value;

pub(super) fn f_identity(_fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(a.into_iter().next().unwrap_or(Value::Null))
}

pub(super) fn f_tostring(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_tonumber(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_tobool(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_tolist(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_toset(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_tomap(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

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
        assert_eq!(ok("ephemeralasnull", vec![s("x")]), s("x"));
    }
}

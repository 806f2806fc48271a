//! What the functions' tests share: an evaluation context with files in memory, calls
//! that must succeed or fail, and short constructors for values.

use std::collections::BTreeMap;

use super::call;
use crate::iac::eval::{EvalError, FunctionContext};
pub(super) use crate::iac::value::{Unknown, Value};

/// Files in memory; templates substitute `${name}` with the variable's string form.
pub(super) struct Ctx(BTreeMap<String, String>, crate::iac::budget::Budget);

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

pub(super) fn ctx() -> Ctx {
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
pub(super) fn ok(name: &str, args: Vec<Value>) -> Value {
    match call(name, args, &ctx()) {
        Ok(v) => v,
        Err(e) => panic!("{name} failed: {e}"),
    }
}

#[track_caller]
pub(super) fn err(name: &str, args: Vec<Value>) -> String {
    match call(name, args, &ctx()) {
        Ok(v) => panic!("{name} succeeded with {v:?}, expected an error"),
        Err(e) => e.to_string(),
    }
}

pub(super) fn s(x: &str) -> Value {
    Value::string(x)
}

pub(super) fn n(x: f64) -> Value {
    Value::Number(x)
}

pub(super) fn b(x: bool) -> Value {
    Value::Bool(x)
}

pub(super) fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

pub(super) fn strs(items: &[&str]) -> Value {
    Value::List(items.iter().map(|x| s(x)).collect())
}

pub(super) fn nums(items: &[f64]) -> Value {
    Value::List(items.iter().map(|x| n(*x)).collect())
}

pub(super) fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

pub(super) fn unk(r: &str) -> Value {
    Value::Unknown(Unknown::of(r))
}

pub(super) fn unk2(a: &str, b: &str) -> Value {
    Value::Unknown(Unknown::merge([&Unknown::of(a), &Unknown::of(b)]))
}

//! Collection functions: lists, maps and sets, with Terraform's equality and element
//! type unification, keeping unknown elements in place where Terraform does.

use std::collections::{BTreeMap, BTreeSet};

use super::string::graphemes;
use super::{go_quote, parse_number, unknown_of, Fx, MAX_DEPTH};
use crate::iac::eval::EvalError;
use crate::iac::value::{format_number, Unknown, Value};

/// Terraform's own cap on `range`: "If the algorithm above would append the 1025th number
/// to the sequence, the function immediately exits with an error."
const RANGE_LIMIT: usize = 1024;

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
pub(super) fn unify(items: Vec<Value>) -> Option<Vec<Value>> {
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

pub(super) fn f_length(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_concat(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_merge(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_lookup(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_element(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_keys(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match &a[0] {
        Value::Object(map) => Ok(Value::List(map.keys().map(Value::string).collect())),
        Value::Null => Err(fx.null_err("inputMap")),
        _ => Err(fx.param_err("inputMap", "must have map or object type")),
    }
}

pub(super) fn f_values(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    match &a[0] {
        Value::Object(map) => Ok(Value::List(map.values().cloned().collect())),
        Value::Null => Err(fx.null_err("mapping")),
        _ => Err(fx.param_err("mapping", "values() requires a map as the first argument")),
    }
}

pub(super) fn f_contains(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_index(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_coalesce(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_coalescelist(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_compact(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_distinct(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_flatten(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_range(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_reverse(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_slice(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_sort(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_chunklist(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_alltrue(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_anytrue(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_one(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_zipmap(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_matchkeys(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_transpose(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_setunion(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::set(
        set_args(fx, &a)?.into_iter().flatten().collect(),
    ))
}

pub(super) fn f_setintersection(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_setsubtract(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_setproduct(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

pub(super) fn f_sum(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use std::collections::BTreeMap;

    #[test]
    fn sum_adds_numbers() {
        assert_eq!(ok("sum", vec![nums(&[10.0, 13.0, 6.0, 4.5])]), n(33.5));
        assert_eq!(
            err("sum", vec![list(vec![])]),
            "Invalid function argument: sum: invalid value for \"list\" parameter: cannot sum an empty list"
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
}

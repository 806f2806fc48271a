//! Values of the Terraform language as AetherEdge evaluates them before apply.
//!
//! A value is either fully known (a literal, a variable's value, a computed local) or
//! depends on something only `terraform apply` can know: a resource id, a data source's
//! result. Those are [`Value::Unknown`], which remember the references they came from, so
//! the plan can tell "unchanged expression over an unchanged resource" from a real change.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A Terraform value. Lists, tuples and sets are all `List` (sets sorted and without
/// duplicates); maps and objects are both `Object`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
    /// An object whose listed attributes are known and whose other attributes are not:
    /// a resource or data source seen before apply (`aws_vpc.main.cidr_block` is known
    /// from the configuration, `aws_vpc.main.id` is not).
    Partial(Arc<BTreeMap<String, Value>>, Unknown),
    /// Known only after apply.
    Unknown(Unknown),
}

/// What an unknown value depends on: absolute references such as
/// `module.net.aws_vpc.main.id` or `data.aws_ami.ubuntu.id`, sorted and without
/// duplicates. Most unknowns have one reference, so they are kept in a vector: every
/// resource instance carries at least one.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unknown {
    pub refs: Vec<String>,
}

impl Unknown {
    /// An unknown that depends on one reference.
    pub fn of(reference: impl Into<String>) -> Unknown {
        Unknown {
            refs: vec![reference.into()],
        }
    }

    /// An unknown that depends on these references (in any order, repeats allowed).
    pub(crate) fn from_refs(refs: impl IntoIterator<Item = String>) -> Unknown {
        let mut refs: Vec<String> = refs.into_iter().collect();
        refs.sort_unstable();
        refs.dedup();
        Unknown { refs }
    }

    /// The union of the references of several unknowns.
    pub fn merge<'a>(unknowns: impl IntoIterator<Item = &'a Unknown>) -> Unknown {
        Unknown::from_refs(unknowns.into_iter().flat_map(|u| u.refs.iter().cloned()))
    }
}

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// True when this value itself is known (its elements may still hold unknowns).
    pub fn is_known(&self) -> bool {
        !matches!(self, Value::Unknown(_) | Value::Partial(..))
    }

    /// True when neither this value nor anything inside it is unknown.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown(_) | Value::Partial(..) => false,
            Value::List(items) => items.iter().all(Value::is_wholly_known),
            Value::Object(map) => map.values().all(Value::is_wholly_known),
            _ => true,
        }
    }

    /// Every unknown inside this value, merged (empty when wholly known).
    pub fn unknown_refs(&self) -> Unknown {
        let mut out = Vec::new();
        self.collect_unknowns(&mut out);
        Unknown::from_refs(out)
    }

    /// Whether any reference an unknown inside this value depends on satisfies `test`.
    pub fn any_unknown_ref(&self, test: &mut impl FnMut(&str) -> bool) -> bool {
        match self {
            Value::Unknown(u) => u.refs.iter().any(|r| test(r)),
            Value::Partial(map, u) => {
                u.refs.iter().any(|r| test(r)) || map.values().any(|v| v.any_unknown_ref(test))
            }
            Value::List(items) => items.iter().any(|v| v.any_unknown_ref(test)),
            Value::Object(map) => map.values().any(|v| v.any_unknown_ref(test)),
            _ => false,
        }
    }

    fn collect_unknowns(&self, out: &mut Vec<String>) {
        match self {
            Value::Unknown(u) => out.extend(u.refs.iter().cloned()),
            Value::Partial(map, u) => {
                out.extend(u.refs.iter().cloned());
                map.values().for_each(|v| v.collect_unknowns(out));
            }
            Value::List(items) => items.iter().for_each(|v| v.collect_unknowns(out)),
            Value::Object(map) => map.values().for_each(|v| v.collect_unknowns(out)),
            _ => {}
        }
    }

    /// The Terraform type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) | Value::Partial(..) => "object",
            Value::Unknown(_) => "unknown",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    /// The attribute `key` of an object, if this is one and has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(key),
            Value::Partial(map, _) => map.get(key),
            _ => None,
        }
    }

    /// The string form Terraform uses in interpolation (`"${x}"`), or `None` where
    /// Terraform refuses to convert (lists, objects, null).
    pub fn to_template_string(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(format_number(*n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A set: sorted by canonical form, duplicates dropped.
    pub fn set(mut items: Vec<Value>) -> Value {
        items.sort_by(|a, b| match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
            (Value::String(x), Value::String(y)) => x.cmp(y),
            _ => a.canonical().cmp(&b.canonical()),
        });
        items.dedup();
        Value::List(items)
    }

    /// A stable text form used for sorting and fingerprints.
    pub(crate) fn canonical(&self) -> String {
        self.to_json().to_string()
    }

    /// The value as JSON, the way `terraform show -json` shows planned values: unknowns
    /// are `null` there (their place is recorded in `after_unknown`, see [`Value::unknown_mask`]).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null | Value::Unknown(_) => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => J::String(s.clone()),
            Value::List(items) => J::Array(items.iter().map(Value::to_json).collect()),
            Value::Object(map) => {
                J::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
            Value::Partial(map, _) => {
                J::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    /// Where this value is unknown, shaped like `after_unknown` in `terraform show -json`:
    /// `true` for an unknown value, nested objects and arrays where some element is unknown,
    /// `false` elsewhere.
    pub fn unknown_mask(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Unknown(_) => J::Bool(true),
            Value::List(items) => J::Array(items.iter().map(Value::unknown_mask).collect()),
            Value::Object(map) => unknown_mask_of(map),
            Value::Partial(map, _) => unknown_mask_of(map),
            _ => J::Bool(false),
        }
    }

    /// A value from JSON (tfvars.json, jsondecode).
    pub(crate) fn from_json(json: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match json {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Value::String(s.clone()),
            J::Array(items) => Value::List(items.iter().map(Value::from_json).collect()),
            J::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

fn unknown_mask_of(map: &BTreeMap<String, Value>) -> serde_json::Value {
    serde_json::Value::Object(
        map.iter()
            .filter(|(_, v)| !v.is_wholly_known())
            .map(|(k, v)| (k.clone(), v.unknown_mask()))
            .collect(),
    )
}

fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// Numbers print as Terraform prints them: `3`, not `3.0`.
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Unknown(_) => f.write_str("(known after apply)"),
            Value::String(s) => write!(f, "{s:?}"),
            other => write!(f, "{}", other.to_json()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_terraform() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(Value::Number(2.0).to_json(), serde_json::json!(2));
    }

    #[test]
    fn sets_are_sorted_and_deduplicated() {
        let s = Value::set(vec![
            Value::string("b"),
            Value::string("a"),
            Value::string("b"),
        ]);
        assert_eq!(s, Value::List(vec![Value::string("a"), Value::string("b")]));
        let n = Value::set(vec![Value::Number(10.0), Value::Number(2.0)]);
        assert_eq!(
            n,
            Value::List(vec![Value::Number(2.0), Value::Number(10.0)])
        );
    }

    #[test]
    fn unknown_mask_marks_only_unknown_leaves() {
        let v = Value::Object(BTreeMap::from([
            ("a".to_string(), Value::Number(1.0)),
            (
                "b".to_string(),
                Value::Unknown(Unknown::of("aws_vpc.main.id")),
            ),
        ]));
        assert_eq!(v.unknown_mask(), serde_json::json!({"b": true}));
        assert_eq!(v.unknown_refs().refs.len(), 1);
    }
}

//! A resource's configured arguments as Terraform plans them, by its provider's schema
//! ([`aetheredge_schema`]): each value converted to the attribute's type (`"0"` → `0` for a
//! number, `64512` → `"64512"` for a string), the nested blocks' bodies likewise, an empty
//! collection where the provider plans none as null, and a computed attribute the
//! configuration leaves null as unknown (the provider fills it at apply). Resource types
//! without a schema are left as configured.

use std::collections::BTreeMap;

use aetheredge_schema::{Attribute, Block, NestedBlock, Type};

use super::value::{format_number, Unknown, Value};

/// How a resource's arguments were written, which the schema alone cannot tell.
pub(crate) struct Written<'a> {
    /// Names written as blocks (`ingress { … }` or `dynamic "ingress"`), not as `name = …`.
    pub as_blocks: &'a dyn Fn(&str) -> bool,
}

/// The planned form of `attributes`, a resource of `resource_type` at `address`.
pub(crate) fn planned(
    resource_type: &str,
    address: &str,
    attributes: BTreeMap<String, Value>,
    written: &Written,
) -> BTreeMap<String, Value> {
    let Some(schema) = aetheredge_schema::resource(resource_type) else {
        return attributes;
    };
    let mut planned = body(&schema.block, address, attributes, Some(written));
    for (t, attribute, addition) in PROVIDER_ADDITIONS {
        if *t == resource_type {
            if let Some(value) = planned.get(*attribute) {
                let added = addition.apply(value, &planned);
                planned.insert(attribute.to_string(), added);
            }
        }
    }
    planned
}

/// What a provider does to a configured value while planning.
enum Addition {
    /// The set also holds the value of another attribute (ACM certificates list the
    /// domain name among their alternative names).
    IncludesAttribute(&'static str),
    /// JSON text is planned as the provider normalises it: compact, keys sorted, `<`, `>`
    /// and `&` escaped, as Go's encoder writes it.
    NormalizedJson,
}

/// The values providers add or normalise while planning, by resource type and attribute.
const PROVIDER_ADDITIONS: &[(&str, &str, Addition)] = &[
    (
        "aws_acm_certificate",
        "subject_alternative_names",
        Addition::IncludesAttribute("domain_name"),
    ),
    ("aws_iam_policy", "policy", Addition::NormalizedJson),
];

impl Addition {
    fn apply(&self, value: &Value, attributes: &BTreeMap<String, Value>) -> Value {
        match (self, value) {
            (Addition::IncludesAttribute(other), Value::List(items)) if !items.is_empty() => {
                match attributes.get(*other) {
                    Some(v @ Value::String(_)) => {
                        Value::set(items.iter().cloned().chain([v.clone()]).collect())
                    }
                    _ => value.clone(),
                }
            }
            (Addition::NormalizedJson, Value::String(text)) => {
                match serde_json::from_str::<serde_json::Value>(text) {
                    Ok(json) => Value::String(go_json(&json)),
                    Err(_) => value.clone(),
                }
            }
            _ => value.clone(),
        }
    }
}

/// JSON as Go's `encoding/json` writes a decoded document: compact, object keys sorted,
/// `<`, `>` and `&` escaped.
fn go_json(json: &serde_json::Value) -> String {
    fn sorted(json: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value as J;
        match json {
            J::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                J::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            J::Array(items) => J::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    super::data_sources::go_escape(&sorted(json).to_string())
}

/// A block body (the resource's, or a nested block's) by `block`'s schema. `written` says
/// how the resource's own top-level arguments were written; nested bodies have `None`.
fn body(
    block: &Block,
    path: &str,
    mut attributes: BTreeMap<String, Value>,
    written: Option<&Written>,
) -> BTreeMap<String, Value> {
    for (name, value) in attributes.iter_mut() {
        if let Some(attribute) = block.attributes.get(name) {
            let as_blocks = written.is_some_and(|w| (w.as_blocks)(name));
            let planned =
                attribute_value(attribute, std::mem::replace(value, Value::Null), as_blocks);
            *value = match planned {
                Value::Null if attribute.computed => {
                    Value::Unknown(Unknown::of(format!("{path}.{name}")))
                }
                other => other,
            };
        } else if let Some(nested) = block.blocks.get(name) {
            let blocks = std::mem::replace(value, Value::Null);
            *value = nested_blocks(nested, &format!("{path}.{name}"), blocks);
        }
    }
    // Zero blocks from a `dynamic` block: as if none were written, which the provider plans
    // as empty or fills itself, depending on the block.
    attributes.retain(|name, value| {
        !(block.blocks.contains_key(name)
            && matches!(value, Value::List(items) if items.is_empty()))
    });
    attributes
}

/// One attribute's configured value as planned.
fn attribute_value(attribute: &Attribute, value: Value, as_blocks: bool) -> Value {
    let value = convert(value, &attribute.ty);
    match value {
        // Zero blocks of an attribute written as blocks: the argument is unset.
        Value::List(ref items) if as_blocks && items.is_empty() => Value::Null,
        // An empty collection is how the provider reads an unset optional argument.
        ref v if is_empty_collection(v) && attribute.ty.is_collection() && !attribute.computed => {
            Value::Null
        }
        other => other,
    }
}

fn is_empty_collection(value: &Value) -> bool {
    match value {
        Value::List(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// The blocks of one nested block type, each body planned by the nested schema.
fn nested_blocks(nested: &NestedBlock, path: &str, value: Value) -> Value {
    match value {
        Value::List(items) => Value::List(
            items
                .into_iter()
                .map(|item| match item {
                    Value::Object(map) => Value::Object(body(&nested.block, path, map, None)),
                    other => other,
                })
                .collect(),
        ),
        other => other,
    }
}

/// `value` converted to `ty` as Terraform converts a configuration value to an argument's
/// type; a value that does not convert is left as it is (Terraform would refuse it).
pub(crate) fn convert(value: Value, ty: &Type) -> Value {
    match (ty, value) {
        (_, v @ (Value::Null | Value::Unknown(_) | Value::Partial(..))) => v,
        (Type::Dynamic, v) => v,
        (Type::String, Value::Number(n)) => Value::String(format_number(n)),
        (Type::String, Value::Bool(b)) => Value::String(b.to_string()),
        (Type::Number, Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Value::Number(n),
            _ => Value::String(s),
        },
        (Type::Bool, Value::String(s)) if s == "true" || s == "false" => Value::Bool(s == "true"),
        (Type::List(element), Value::List(items)) => {
            Value::List(items.into_iter().map(|i| convert(i, element)).collect())
        }
        (Type::Set(element), Value::List(items)) => {
            Value::set(items.into_iter().map(|i| convert(i, element)).collect())
        }
        (Type::Map(element), Value::Object(map)) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, convert(v, element)))
                .collect(),
        ),
        (Type::Object(fields), Value::Object(mut map)) => {
            for (name, field) in fields {
                let v = map.remove(name).unwrap_or(Value::Null);
                map.insert(name.clone(), convert(v, field));
            }
            Value::Object(map)
        }
        (Type::Tuple(types), Value::List(items)) => Value::List(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| match types.get(i) {
                    Some(t) => convert(v, t),
                    None => v,
                })
                .collect(),
        ),
        (_, v) => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::string(text)
    }

    fn planned_of(resource_type: &str, attrs: Vec<(&str, Value)>) -> BTreeMap<String, Value> {
        let blocks = |_: &str| false;
        planned(
            resource_type,
            "aws_x.y",
            attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            &Written { as_blocks: &blocks },
        )
    }

    #[test]
    fn values_take_the_attribute_type() {
        let out = planned_of(
            "aws_security_group_rule",
            vec![("from_port", s("0")), ("to_port", Value::Number(443.0))],
        );
        assert_eq!(out["from_port"], Value::Number(0.0));
        assert_eq!(out["to_port"], Value::Number(443.0));
        let gateway = planned_of(
            "aws_customer_gateway",
            vec![("bgp_asn", Value::Number(65000.0))],
        );
        assert_eq!(gateway["bgp_asn"], s("65000"));
        let bucket = planned_of("aws_s3_bucket", vec![("force_destroy", s("true"))]);
        assert_eq!(bucket["force_destroy"], Value::Bool(true));
    }

    #[test]
    fn nested_blocks_and_objects_in_sets_are_converted() {
        let ingress = Value::List(vec![Value::Object(BTreeMap::from([
            ("from_port".to_string(), s("22")),
            ("to_port".to_string(), s("22")),
            ("protocol".to_string(), s("tcp")),
        ]))]);
        let out = planned_of("aws_security_group", vec![("ingress", ingress)]);
        let Value::List(rules) = &out["ingress"] else {
            panic!("a set of rules: {:?}", out["ingress"])
        };
        assert_eq!(rules[0].get("from_port"), Some(&Value::Number(22.0)));
        // Fields the configuration leaves out are null, as in Terraform's object type.
        assert_eq!(rules[0].get("self"), Some(&Value::Null));
    }

    #[test]
    fn empty_optional_collections_are_null_and_unset_computed_values_unknown() {
        let out = planned_of(
            "aws_vpc",
            vec![
                ("tags", Value::Object(BTreeMap::new())),
                ("ipv6_cidr_block", Value::Null),
            ],
        );
        assert_eq!(out["tags"], Value::Null);
        assert!(matches!(out["ipv6_cidr_block"], Value::Unknown(_)));
    }

    #[test]
    fn zero_blocks_of_a_computed_attribute_are_unknown() {
        let blocks = |name: &str| name == "ingress";
        let out = planned(
            "aws_security_group",
            "aws_security_group.web",
            BTreeMap::from([("ingress".to_string(), Value::List(Vec::new()))]),
            &Written { as_blocks: &blocks },
        );
        assert!(matches!(out["ingress"], Value::Unknown(_)));
        // Written as an attribute, an empty set is what the configuration asks for.
        let explicit = planned_of(
            "aws_security_group",
            vec![("ingress", Value::List(Vec::new()))],
        );
        assert_eq!(explicit["ingress"], Value::List(Vec::new()));
    }

    #[test]
    fn providers_add_values_while_planning() {
        let cert = planned_of(
            "aws_acm_certificate",
            vec![
                ("domain_name", s("example.com")),
                (
                    "subject_alternative_names",
                    Value::List(vec![s("*.example.com")]),
                ),
            ],
        );
        assert_eq!(
            cert["subject_alternative_names"],
            Value::List(vec![s("*.example.com"), s("example.com")])
        );
        let policy = planned_of(
            "aws_iam_policy",
            vec![(
                "policy",
                s(
                    r#"{ "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:<x>&"}] }"#,
                ),
            )],
        );
        assert_eq!(
            policy["policy"],
            s(
                r#"{"Statement":[{"Action":"s3:\u003cx\u003e\u0026","Effect":"Allow"}],"Version":"2012-10-17"}"#
            )
        );
    }

    #[test]
    fn types_without_a_schema_are_left_alone() {
        let out = planned_of("azurerm_thing", vec![("port", s("80"))]);
        assert_eq!(out["port"], s("80"));
    }
}

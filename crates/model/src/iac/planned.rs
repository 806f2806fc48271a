//! A resource's configured arguments as Terraform plans them, by its provider's schema
//! ([`aetheredge_schema`]): each value converted to the attribute's type (`"0"` → `0` for a
//! number, `64512` → `"64512"` for a string), the nested blocks' bodies likewise, an empty
//! collection where the provider plans none as null, and a computed attribute the
//! configuration leaves null as unknown (the provider fills it at apply). Resource types
//! without a schema are left as configured.

use std::collections::BTreeMap;

use aetheredge_schema::{Attribute, Block, NestedBlock, ResourceSchema, Type};

use super::value::{format_number, Unknown, Value};

/// The planned form of `attributes`, a resource of `resource_type` at `address`.
/// `written_as_blocks` tells which arguments the configuration writes as blocks
/// (`ingress { … }`, `dynamic "ingress"`), not as `name = …`: the schema cannot tell.
pub fn planned(
    resource_type: &str,
    address: &str,
    attributes: BTreeMap<String, Value>,
    written_as_blocks: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, Value> {
    match aetheredge_schema::resource(resource_type) {
        Some(schema) => with_schema(
            &schema,
            resource_type,
            address,
            attributes,
            written_as_blocks,
        ),
        None => attributes,
    }
}

/// [`planned`] with the resource type's schema looked up already (once for all the
/// instances of a declaration).
pub(crate) fn with_schema(
    schema: &ResourceSchema,
    resource_type: &str,
    address: &str,
    attributes: BTreeMap<String, Value>,
    written_as_blocks: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, Value> {
    let mut planned = body(&schema.block, address, attributes, Some(written_as_blocks));
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
    /// A JSON policy document planned compact with every object's keys sorted, `<`, `>`
    /// and `&` escaped, as Go's encoder writes a decoded document.
    SortedJson,
    /// An IAM inline policy: compact, `Version`, `Id` and `Statement` in that order, each
    /// statement's keys sorted.
    InlinePolicyJson,
}

/// The values providers add or normalise while planning, by resource type and attribute
/// (checked against Terraform by `fixtures/provider-values`).
const PROVIDER_ADDITIONS: &[(&str, &str, Addition)] = &[
    (
        "aws_acm_certificate",
        "subject_alternative_names",
        Addition::IncludesAttribute("domain_name"),
    ),
    ("aws_api_gateway_rest_api", "policy", Addition::SortedJson),
    ("aws_backup_vault_policy", "policy", Addition::SortedJson),
    (
        "aws_cloudwatch_event_bus_policy",
        "policy",
        Addition::SortedJson,
    ),
    (
        "aws_cloudwatch_log_resource_policy",
        "policy_document",
        Addition::SortedJson,
    ),
    (
        "aws_codeartifact_domain_permissions_policy",
        "policy_document",
        Addition::SortedJson,
    ),
    ("aws_ecr_registry_policy", "policy", Addition::SortedJson),
    ("aws_ecr_repository_policy", "policy", Addition::SortedJson),
    ("aws_efs_file_system_policy", "policy", Addition::SortedJson),
    (
        "aws_elasticsearch_domain_policy",
        "access_policies",
        Addition::SortedJson,
    ),
    ("aws_glacier_vault", "access_policy", Addition::SortedJson),
    ("aws_iam_group_policy", "policy", Addition::InlinePolicyJson),
    ("aws_iam_policy", "policy", Addition::SortedJson),
    ("aws_iam_role", "assume_role_policy", Addition::SortedJson),
    ("aws_iam_role_policy", "policy", Addition::InlinePolicyJson),
    ("aws_iam_user_policy", "policy", Addition::InlinePolicyJson),
    ("aws_kms_external_key", "policy", Addition::SortedJson),
    ("aws_kms_key", "policy", Addition::SortedJson),
    (
        "aws_opensearch_domain_policy",
        "access_policies",
        Addition::SortedJson,
    ),
    ("aws_s3_access_point", "policy", Addition::SortedJson),
    ("aws_s3_bucket_policy", "policy", Addition::SortedJson),
    ("aws_secretsmanager_secret", "policy", Addition::SortedJson),
    (
        "aws_secretsmanager_secret_policy",
        "policy",
        Addition::SortedJson,
    ),
    ("aws_ses_identity_policy", "policy", Addition::SortedJson),
    ("aws_sns_topic", "policy", Addition::SortedJson),
    ("aws_sns_topic_policy", "policy", Addition::SortedJson),
    ("aws_sqs_queue", "policy", Addition::SortedJson),
    ("aws_sqs_queue_policy", "policy", Addition::SortedJson),
    (
        "aws_ssoadmin_permission_set_inline_policy",
        "inline_policy",
        Addition::SortedJson,
    ),
    ("aws_vpc_endpoint", "policy", Addition::SortedJson),
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
            (Addition::SortedJson | Addition::InlinePolicyJson, Value::String(text)) => {
                match serde_json::from_str::<serde_json::Value>(text) {
                    Ok(json) => {
                        Value::String(go_json(&json, matches!(self, Addition::InlinePolicyJson)))
                    }
                    Err(_) => value.clone(),
                }
            }
            _ => value.clone(),
        }
    }
}

/// JSON as Go's `encoding/json` writes a decoded document: compact, object keys sorted,
/// `<`, `>` and `&` escaped. With `policy_order`, the top level is a policy document's
/// fields in their order (`Version`, `Id`, `Statement`).
fn go_json(json: &serde_json::Value, policy_order: bool) -> String {
    use serde_json::Value as J;
    fn sorted(json: &J) -> J {
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
    let json = match (policy_order, json) {
        (true, J::Object(doc)) => J::Object(
            ["Version", "Id", "Statement"]
                .iter()
                .filter_map(|k| doc.get(*k).map(|v| (k.to_string(), sorted(v))))
                .collect(),
        ),
        _ => sorted(json),
    };
    super::data_sources::go_escape(&json.to_string())
}

/// A block body (the resource's, or a nested block's) by `block`'s schema.
/// `written_as_blocks` is for the resource's own top-level arguments; nested bodies have
/// `None`.
fn body(
    block: &Block,
    path: &str,
    mut attributes: BTreeMap<String, Value>,
    written_as_blocks: Option<&dyn Fn(&str) -> bool>,
) -> BTreeMap<String, Value> {
    for (name, value) in attributes.iter_mut() {
        if let Some(attribute) = block.attributes.get(name) {
            let as_blocks = || written_as_blocks.is_some_and(|w| w(name));
            let planned =
                attribute_value(attribute, std::mem::replace(value, Value::Null), &as_blocks);
            *value = match planned {
                Value::Null if attribute.computed => {
                    Value::Unknown(Unknown::of(format!("{path}.{name}")))
                }
                other => other,
            };
        } else if let Some(nested) = block.blocks.get(name) {
            if matches!(value, Value::List(items) if !items.is_empty()) {
                let blocks = std::mem::replace(value, Value::Null);
                *value = nested_blocks(nested, &format!("{path}.{name}"), blocks);
            }
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
/// `as_blocks` says whether the configuration writes it as blocks (asked only when it
/// matters: it reads the declaration).
fn attribute_value(attribute: &Attribute, value: Value, as_blocks: &dyn Fn() -> bool) -> Value {
    let value = convert(value, &attribute.ty);
    match value {
        // Zero blocks of an attribute written as blocks: the argument is unset.
        Value::List(ref items) if items.is_empty() && as_blocks() => Value::Null,
        // An empty collection of plain values is how the provider reads an unset argument
        // (a computed one is then filled by the provider). Rules written as a list of
        // objects (`ingress = []`) are kept: that empty list removes them all.
        ref v if is_empty_collection(v) && holds_plain_values(&attribute.ty) => Value::Null,
        other => other,
    }
}

/// A list, set or map of strings, numbers or bools.
fn holds_plain_values(ty: &Type) -> bool {
    match ty {
        Type::List(element) | Type::Set(element) | Type::Map(element) => matches!(
            element.as_ref(),
            Type::String | Type::Number | Type::Bool | Type::Dynamic
        ),
        _ => false,
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
    // Most values have their type already: checking costs no allocation, rebuilding does.
    if conforms(&value, ty) {
        return value;
    }
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
        // Fields the configuration leaves out stay out: Terraform plans them null, or the
        // provider its zero value (`[]`, `false`), and policies read a missing field as
        // either.
        (Type::Object(fields), Value::Object(mut map)) => {
            for (name, field) in fields {
                if let Some(v) = map.remove(name) {
                    map.insert(name.clone(), convert(v, field));
                }
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

/// Whether `value` is already of type `ty` (a set's elements sorted and distinct, as
/// [`Value::set`] leaves them), so converting it would give it back unchanged.
fn conforms(value: &Value, ty: &Type) -> bool {
    match (ty, value) {
        (_, Value::Null | Value::Unknown(_) | Value::Partial(..)) | (Type::Dynamic, _) => true,
        (Type::String, Value::String(_))
        | (Type::Number, Value::Number(_))
        | (Type::Bool, Value::Bool(_)) => true,
        (Type::List(element), Value::List(items)) => items.iter().all(|i| conforms(i, element)),
        (Type::Set(element), Value::List(items)) => {
            items.iter().all(|i| conforms(i, element))
                && items.windows(2).all(|pair| match pair {
                    [Value::String(a), Value::String(b)] => a < b,
                    [Value::Number(a), Value::Number(b)] => a < b,
                    _ => false,
                })
        }
        (Type::Map(element), Value::Object(map)) => map.values().all(|v| conforms(v, element)),
        (Type::Object(fields), Value::Object(map)) => map
            .iter()
            .all(|(k, v)| fields.get(k).is_none_or(|t| conforms(v, t))),
        _ => false,
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
            &blocks,
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
        assert_eq!(rules[0].get("self"), None);
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
        // An empty set the provider computes when unset is unknown.
        let endpoint = planned_of(
            "aws_vpc_endpoint",
            vec![("subnet_ids", Value::List(Vec::new()))],
        );
        assert!(matches!(endpoint["subnet_ids"], Value::Unknown(_)));
    }

    #[test]
    fn zero_blocks_of_a_computed_attribute_are_unknown() {
        let blocks = |name: &str| name == "ingress";
        let out = planned(
            "aws_security_group",
            "aws_security_group.web",
            BTreeMap::from([("ingress".to_string(), Value::List(Vec::new()))]),
            &blocks,
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

    /// Every value `fixtures/provider-values/main.tf` plans that Terraform also knows is
    /// the value Terraform and the AWS provider plan (`expected.json`, from
    /// `fixtures/render_planned.py`).
    #[test]
    fn planned_values_agree_with_the_provider() {
        use crate::iac::{load, LoadOptions, Mode, ParseCache};
        use crate::repo::{Snapshot, SnapshotLimits};
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/provider-values");
        let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
        let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
        let snapshot = Snapshot::from_dir(&dir, &SnapshotLimits::default()).unwrap();
        let model = load(&snapshot, &LoadOptions::default(), &ParseCache::default());
        let resources = expected["resources"].as_object().unwrap();
        let mut compared = 0;
        for r in model.resources.iter().filter(|r| r.mode == Mode::Managed) {
            let theirs = resources[&r.address].as_object().unwrap();
            for (name, ours) in r.attributes.iter() {
                if matches!(ours, Value::Null) || !ours.is_wholly_known() {
                    continue;
                }
                let Some(theirs) = theirs.get(name).filter(|v| !v.is_null()) else {
                    continue;
                };
                assert_eq!(&ours.to_json(), theirs, "{}.{name}", r.address);
                compared += 1;
            }
            // What Terraform plans null, the plan does not give a value either.
            for (name, theirs) in theirs.iter().filter(|(_, v)| v.is_null()) {
                if let Some(ours) = r.attributes.get(name) {
                    assert!(
                        !ours.is_known() || matches!(ours, Value::Null),
                        "{}.{name}: {ours:?} where Terraform plans {theirs}",
                        r.address
                    );
                }
            }
        }
        assert!(compared >= 60, "only {compared} values compared");
    }

    #[test]
    fn types_without_a_schema_are_left_alone() {
        let out = planned_of("azurerm_thing", vec![("port", s("80"))]);
        assert_eq!(out["port"], s("80"));
    }
}

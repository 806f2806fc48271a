//! Data sources whose results are pure functions of their arguments, read while planning
//! as their provider reads them, so what refers to them is known before apply:
//!
//! - `aws_iam_policy_document`: `json`, `minified_json` and `id`, rendered as the AWS
//!   provider renders them (statement fields in its order, lists of actions, resources and
//!   principals sorted in reverse, one element written as a string, `source_policy_documents`
//!   merged first and `override_policy_documents` last, statements with the same `sid`
//!   replaced, the highest `Version` kept, `<`, `>` and `&` escaped as Go escapes them);
//! - `aws_arn`: the parts of an ARN.
//!
//! Every other data source is read at apply (its attributes are unknown). A data source
//! whose arguments are not all known is too.

use std::collections::BTreeMap;

use serde_json::{Map, Value as J};

use super::value::Value;

/// The attributes a data source of `data_type` with these evaluated `arguments` reads, when
/// it is one of the pure data sources and its arguments are known.
pub(crate) fn read(
    data_type: &str,
    arguments: &BTreeMap<String, Value>,
) -> Option<BTreeMap<String, Value>> {
    if !arguments.values().all(Value::is_wholly_known) {
        return None;
    }
    match data_type {
        "aws_iam_policy_document" => policy_document(arguments),
        "aws_arn" => arn(arguments),
        _ => None,
    }
}

/// `aws_arn`: `arn:partition:service:region:account:resource`.
fn arn(arguments: &BTreeMap<String, Value>) -> Option<BTreeMap<String, Value>> {
    let text = arguments.get("arn")?.as_str()?;
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return None;
    };
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(BTreeMap::from(
        [
            ("arn", text),
            ("id", text),
            ("partition", partition),
            ("service", service),
            ("region", region),
            ("account", account),
            ("resource", resource),
        ]
        .map(|(k, v)| (k.to_string(), Value::string(v))),
    ))
}

/// A policy document being merged: its version, id and statements.
#[derive(Default)]
struct PolicyDocument {
    version: String,
    id: String,
    statements: Vec<Map<String, J>>,
}

impl PolicyDocument {
    /// Merges `other` into this document as the provider does: its id is adopted, a higher
    /// version kept, its statements appended, or put in place of one with the same `Sid`.
    fn merge(&mut self, other: PolicyDocument) {
        if !other.id.is_empty() {
            self.id = other.id;
        }
        if other.version > self.version {
            self.version = other.version;
        }
        for statement in other.statements {
            let sid = statement.get("Sid").and_then(J::as_str).unwrap_or("");
            let existing = (!sid.is_empty())
                .then(|| {
                    self.statements
                        .iter()
                        .position(|s| s.get("Sid").and_then(J::as_str) == Some(sid))
                })
                .flatten();
            match existing {
                Some(i) => self.statements[i] = statement,
                None => self.statements.push(statement),
            }
        }
    }

    /// A document given as JSON text (`source_policy_documents`, `override_policy_documents`),
    /// its statements normalised as the provider re-encodes them.
    fn from_json(text: &str) -> Option<PolicyDocument> {
        let json: J = serde_json::from_str(text).ok()?;
        let text_of = |key: &str| json.get(key).and_then(J::as_str).unwrap_or("").to_string();
        let statements = match json.get("Statement") {
            Some(J::Array(items)) => items.iter().map(json_statement).collect::<Option<_>>()?,
            Some(J::Object(_)) => vec![json_statement(json.get("Statement")?)?],
            _ => Vec::new(),
        };
        Some(PolicyDocument {
            version: text_of("Version"),
            id: text_of("Id"),
            statements,
        })
    }

    fn to_json(&self) -> J {
        let mut doc = Map::new();
        if !self.version.is_empty() {
            doc.insert("Version".into(), J::from(self.version.as_str()));
        }
        if !self.id.is_empty() {
            doc.insert("Id".into(), J::from(self.id.as_str()));
        }
        if !self.statements.is_empty() {
            let statements = self.statements.iter().cloned().map(J::Object).collect();
            doc.insert("Statement".into(), J::Array(statements));
        }
        J::Object(doc)
    }
}

/// The fields of a statement, in the order the provider writes them.
const STATEMENT_FIELDS: &[&str] = &[
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];

/// A statement of a JSON document as the provider re-encodes it: its fields in order,
/// principals grouped by type with identifiers sorted in reverse.
fn json_statement(json: &J) -> Option<Map<String, J>> {
    let object = json.as_object()?;
    let mut out = Map::new();
    for field in STATEMENT_FIELDS {
        let Some(value) = object.get(*field) else {
            continue;
        };
        let value = match *field {
            "Principal" | "NotPrincipal" => match value {
                J::String(s) if s == "*" => value.clone(),
                J::Object(by_type) => principal_map(
                    by_type
                        .iter()
                        .map(|(t, ids)| (t.clone(), ids.clone()))
                        .collect(),
                ),
                _ => return None,
            },
            _ => value.clone(),
        };
        if !is_empty(&value) {
            out.insert(field.to_string(), value);
        }
    }
    Some(out)
}

fn is_empty(value: &J) -> bool {
    match value {
        J::Null => true,
        J::String(s) => s.is_empty(),
        J::Array(items) => items.is_empty(),
        J::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// A list of strings as the provider writes it from a set: one element as a string,
/// several sorted in reverse.
fn string_set(values: &[String]) -> J {
    let mut sorted: Vec<&String> = values.iter().collect();
    sorted.sort();
    sorted.dedup();
    sorted.reverse();
    match sorted[..] {
        [one] => J::from(one.as_str()),
        _ => J::Array(sorted.into_iter().map(|s| J::from(s.as_str())).collect()),
    }
}

/// Principals by type (types sorted, as Go writes a map); the identifiers of one type from
/// several blocks are put together, lists sorted in reverse.
fn principal_map(principals: Vec<(String, J)>) -> J {
    let mut by_type: BTreeMap<String, J> = BTreeMap::new();
    for (kind, identifiers) in principals {
        let identifiers = match identifiers {
            J::Array(items) => {
                let mut ids: Vec<J> = items;
                ids.sort_by(|a, b| b.as_str().cmp(&a.as_str()));
                J::Array(ids)
            }
            other => other,
        };
        let merged = match (by_type.remove(&kind), identifiers) {
            (None, ids) => ids,
            (Some(J::Array(mut have)), J::Array(more)) => {
                have.extend(more);
                J::Array(have)
            }
            (Some(J::Array(mut have)), one) => {
                have.push(one);
                J::Array(have)
            }
            (Some(one), J::Array(more)) => J::Array(std::iter::once(one).chain(more).collect()),
            (Some(one), other) => J::Array(vec![one, other]),
        };
        by_type.insert(kind, merged);
    }
    J::Object(by_type.into_iter().collect())
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| v.to_template_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn blocks(value: Option<&Value>) -> &[Value] {
    match value {
        Some(Value::List(items)) => items,
        _ => &[],
    }
}

/// `principals` or `not_principals` blocks of a statement.
fn principals(value: Option<&Value>) -> Option<J> {
    let blocks = blocks(value);
    if blocks.is_empty() {
        return None;
    }
    let pairs: Vec<(String, J)> = blocks
        .iter()
        .map(|b| {
            let kind = b
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            (kind, string_set(&strings(b.get("identifiers"))))
        })
        .collect();
    if let [(kind, J::String(_))] = &pairs[..] {
        if kind == "*" {
            return Some(J::from("*"));
        }
    }
    Some(principal_map(pairs))
}

/// `condition` blocks: by test, then variable; values in the order written, one value as
/// a string, the values of repeated blocks put together.
fn conditions(value: Option<&Value>) -> Option<J> {
    let blocks = blocks(value);
    if blocks.is_empty() {
        return None;
    }
    let mut by_test: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for b in blocks {
        let test = b
            .get("test")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let variable = b
            .get("variable")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        by_test
            .entry(test)
            .or_default()
            .entry(variable)
            .or_default()
            .extend(strings(b.get("values")));
    }
    let one_or_list = |values: Vec<String>| match &values[..] {
        [one] => J::from(one.as_str()),
        _ => J::Array(values.into_iter().map(J::from).collect()),
    };
    Some(J::Object(
        by_test
            .into_iter()
            .map(|(test, vars)| {
                let vars = vars
                    .into_iter()
                    .map(|(v, values)| (v, one_or_list(values)))
                    .collect();
                (test, J::Object(vars))
            })
            .collect(),
    ))
}

/// One `statement` block.
fn config_statement(block: &Value) -> Map<String, J> {
    let text = |key: &str| {
        block
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let effect = match text("effect") {
        e if e.is_empty() => "Allow".to_string(),
        e => e,
    };
    let mut out = Map::new();
    let sid = text("sid");
    if !sid.is_empty() {
        out.insert("Sid".into(), J::from(sid));
    }
    out.insert("Effect".into(), J::from(effect));
    for (field, key) in [
        ("Action", "actions"),
        ("NotAction", "not_actions"),
        ("Resource", "resources"),
        ("NotResource", "not_resources"),
    ] {
        let values = strings(block.get(key));
        if !values.is_empty() {
            out.insert(field.into(), string_set(&values));
        }
    }
    if let Some(p) = principals(block.get("principals")) {
        out.insert("Principal".into(), p);
    }
    if let Some(p) = principals(block.get("not_principals")) {
        out.insert("NotPrincipal".into(), p);
    }
    if let Some(c) = conditions(block.get("condition")) {
        out.insert("Condition".into(), c);
    }
    out
}

/// `aws_iam_policy_document`.
fn policy_document(arguments: &BTreeMap<String, Value>) -> Option<BTreeMap<String, Value>> {
    let mut merged = PolicyDocument::default();
    for source in strings(arguments.get("source_policy_documents")) {
        merged.merge(PolicyDocument::from_json(&source)?);
    }
    let version = match arguments.get("version").and_then(Value::as_str) {
        Some(v) => v.to_string(),
        None => "2012-10-17".to_string(),
    };
    let own = PolicyDocument {
        version,
        id: arguments
            .get("policy_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        statements: blocks(arguments.get("statement"))
            .iter()
            .map(config_statement)
            .collect(),
    };
    merged.merge(own);
    for overriding in strings(arguments.get("override_policy_documents")) {
        merged.merge(PolicyDocument::from_json(&overriding)?);
    }
    let doc = merged.to_json();
    let json = go_escape(&serde_json::to_string_pretty(&doc).ok()?);
    let minified = go_escape(&serde_json::to_string(&doc).ok()?);
    let id = crc32fast::hash(json.as_bytes()).to_string();
    Some(BTreeMap::from([
        ("json".to_string(), Value::String(json)),
        ("minified_json".to_string(), Value::String(minified)),
        ("id".to_string(), Value::String(id)),
    ]))
}

/// `<`, `>` and `&` as Go's JSON encoder writes them (they occur only inside strings).
pub(crate) fn go_escape(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iac::{load, LoadOptions, Mode, ParseCache};
    use crate::repo::{Snapshot, SnapshotLimits};

    /// The data sources of `fixtures/data-sources/main.tf` agree with what Terraform and the
    /// AWS provider planned for them (`expected.json`, from `render_expected.py`).
    #[test]
    fn pure_data_sources_read_as_the_provider_reads_them() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/data-sources");
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let snapshot = Snapshot::from_dir(&dir, &SnapshotLimits::default()).unwrap();
        let model = load(&snapshot, &LoadOptions::default(), &ParseCache::default());
        let data = |address: &str| {
            model
                .resources
                .iter()
                .find(|r| r.mode == Mode::Data && r.address == address)
                .unwrap_or_else(|| panic!("{address} is in the model"))
        };
        // Each output of main.tf and the data source attribute it shows.
        let outputs = [
            ("bucket_read", "bucket_read", "json"),
            ("bucket_read_minified", "bucket_read", "minified_json"),
            ("bucket_read_id", "bucket_read", "id"),
            ("assume", "assume", "json"),
            ("per_bucket", "per_bucket", "json"),
            ("merged", "merged", "json"),
            ("empty", "empty", "json"),
        ];
        for (output, name, attribute) in outputs {
            let ours = data(&format!("data.aws_iam_policy_document.{name}")).attributes[attribute]
                .to_json();
            assert_eq!(ours, expected["outputs"][output], "output {output}");
        }
        for name in ["role", "bucket"] {
            let arn = data(&format!("data.aws_arn.{name}"));
            for (key, value) in expected["outputs"][name].as_object().unwrap() {
                assert_eq!(
                    &arn.attributes[key].to_json(),
                    value,
                    "aws_arn.{name}.{key}"
                );
            }
        }
    }

    #[test]
    fn unknown_arguments_leave_the_document_to_apply() {
        let args = BTreeMap::from([(
            "statement".to_string(),
            Value::List(vec![Value::Object(BTreeMap::from([(
                "resources".to_string(),
                Value::Unknown(crate::iac::Unknown::of("aws_s3_bucket.b.arn")),
            )]))]),
        )]);
        assert_eq!(read("aws_iam_policy_document", &args), None);
        assert_eq!(read("aws_ami", &BTreeMap::new()), None);
    }

    #[test]
    fn a_malformed_arn_or_source_document_is_not_read() {
        let arn = BTreeMap::from([("arn".to_string(), Value::string("not-an-arn"))]);
        assert_eq!(read("aws_arn", &arn), None);
        let doc = BTreeMap::from([(
            "source_policy_documents".to_string(),
            Value::List(vec![Value::string("{not json")]),
        )]);
        assert_eq!(read("aws_iam_policy_document", &doc), None);
    }
}

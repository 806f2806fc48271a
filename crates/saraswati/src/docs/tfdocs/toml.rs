//! TOML as terraform-docs writes it (Go's BurntSushi/toml encoder): each level of tables
//! indented two spaces, plain keys before tables, a blank line before each top-level table,
//! numbers as floats (`42.0`), and an unset default or output value as an empty table.

use serde_json::{Map, Value};
use toml_writer::{TomlKeyBuilder, TomlStringBuilder, WriteTomlKey, WriteTomlValue};

use super::text::toml_float;

/// The module document (terraform-docs' JSON shape) as TOML, without a final newline.
pub(super) fn toml(doc: &Value) -> String {
    let mut out = String::new();
    if let Value::Object(fields) = doc {
        table_body(&mut out, &[], fields);
    }
    out.trim_end_matches('\n').to_string()
}

/// Whether a field is written as a table: a map, an unset default or output value (Go's
/// empty `Nil` struct); a list of maps is a list of tables.
fn is_table(key: &str, value: &Value) -> bool {
    match value {
        Value::Object(_) => true,
        Value::Null => key == "default" || key == "value",
        _ => false,
    }
}

fn is_table_list(value: &Value) -> bool {
    matches!(value, Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object))
}

/// The plain keys of a table, then its tables and lists of tables.
fn table_body(out: &mut String, path: &[String], fields: &Map<String, Value>) {
    let indent = "  ".repeat(path.len());
    for (key, value) in fields {
        if is_table(key, value) || is_table_list(value) {
            continue;
        }
        // Go's encoder leaves out null map entries; an unset text field is empty text.
        if value.is_null() && path.iter().any(|p| p == "default" || p == "value") {
            continue;
        }
        out.push_str(&format!("{indent}{} = {}\n", key_text(key), inline(value)));
    }
    for (key, value) in fields {
        let mut sub = path.to_vec();
        sub.push(key.clone());
        let header = sub
            .iter()
            .map(|k| key_text(k))
            .collect::<Vec<_>>()
            .join(".");
        if is_table(key, value) {
            if path.is_empty() {
                blank_line(out);
            }
            out.push_str(&format!("{indent}[{header}]\n"));
            if let Value::Object(map) = value {
                table_body(out, &sub, map);
            }
        } else if let (true, Value::Array(items)) = (is_table_list(value), value) {
            for item in items {
                blank_line(out);
                out.push_str(&format!("{indent}[[{header}]]\n"));
                if let Value::Object(map) = item {
                    table_body(out, &sub, map);
                }
            }
        }
    }
}

fn blank_line(out: &mut String) {
    if !out.is_empty() {
        out.push('\n');
    }
}

fn key_text(key: &str) -> String {
    let builder = TomlKeyBuilder::new(key);
    let mut out = String::new();
    let _ = match builder.as_unquoted() {
        Some(bare) => bare.write_toml_key(&mut out),
        None => builder.as_basic().write_toml_key(&mut out),
    };
    out
}

/// A value on its key's line: strings as basic strings, numbers as floats, lists inline.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "\"\"".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => toml_float(n.as_f64().unwrap_or_default()),
        Value::String(s) => {
            let mut out = String::new();
            let _ = TomlStringBuilder::new(s)
                .as_basic()
                .write_toml_value(&mut out);
            out
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{} = {}", key_text(k), inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_keys_come_first_and_tables_are_indented_per_level() {
        let doc = json!({
            "header": "a \"b\"\nc",
            "inputs": [
                {"name": "x", "description": null, "default": {"m": {"k": 1}, "n": 2, "l": ["a"]}, "required": true},
                {"name": "y", "description": "d", "default": null, "required": false},
            ],
            "outputs": [],
        });
        assert_eq!(
            toml(&doc),
            "header = \"a \\\"b\\\"\\nc\"\noutputs = []\n\n[[inputs]]\n  name = \"x\"\n  description = \"\"\n  required = true\n  [inputs.default]\n    n = 2.0\n    l = [\"a\"]\n    [inputs.default.m]\n      k = 1.0\n\n[[inputs]]\n  name = \"y\"\n  description = \"d\"\n  required = false\n  [inputs.default]"
        );
    }
}

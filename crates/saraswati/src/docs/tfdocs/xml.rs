//! XML as terraform-docs writes it (Go's `xml.MarshalIndent`, two-space indent): a
//! `<module>` element, each list in a wrapper (`<inputs>` of `<input>`), text escaped as Go
//! escapes it, an unset value as `xsi:nil="true"`, a list default's entries as `<item>` and
//! a map default's as elements named by their keys.

use serde_json::Value;

use super::text::go_float;

/// The element name of one entry of a top-level list.
fn entry_name(list: &str) -> &str {
    list.strip_suffix('s').unwrap_or(list)
}

/// The module document (terraform-docs' JSON shape) as XML, without a final newline.
pub(super) fn xml(doc: &Value) -> String {
    let mut out = String::from("<module>");
    if let Value::Object(fields) = doc {
        for (name, value) in fields {
            match value {
                Value::Array(items) if !items.is_empty() => {
                    open(&mut out, 1, name, "");
                    for item in items {
                        element(&mut out, 2, entry_name(name), item, false);
                    }
                    close_on_line(&mut out, 1, name);
                }
                other => element(&mut out, 1, name, other, false),
            }
        }
    }
    out.push_str("\n</module>");
    out
}

fn open(out: &mut String, depth: usize, name: &str, attrs: &str) {
    out.push('\n');
    out.push_str(&"  ".repeat(depth));
    out.push_str(&format!("<{name}{attrs}>"));
}

fn close_on_line(out: &mut String, depth: usize, name: &str) {
    out.push('\n');
    out.push_str(&"  ".repeat(depth));
    out.push_str(&format!("</{name}>"));
}

/// One element. `in_value` is true inside a default or output value, where a null is
/// empty text rather than an unset value.
fn element(out: &mut String, depth: usize, name: &str, value: &Value, in_value: bool) {
    let unset = !in_value;
    let in_value = in_value || name == "default" || name == "value";
    match value {
        Value::Null if unset => {
            open(out, depth, name, " xsi:nil=\"true\"");
            out.push_str(&format!("</{name}>"));
        }
        Value::Null => {
            open(out, depth, name, "");
            out.push_str(&format!("</{name}>"));
        }
        Value::Array(items) if !items.is_empty() => {
            open(out, depth, name, "");
            for item in items {
                open(out, depth + 1, "item", "");
                out.push_str(&scalar_text(item));
                out.push_str("</item>");
            }
            close_on_line(out, depth, name);
        }
        Value::Object(map) if !map.is_empty() => {
            open(out, depth, name, "");
            for (key, value) in map {
                element(out, depth + 1, key, value, in_value);
            }
            close_on_line(out, depth, name);
        }
        scalar => {
            open(out, depth, name, "");
            out.push_str(&scalar_text(scalar));
            out.push_str(&format!("</{name}>"));
        }
    }
}

/// A scalar as element text; a collection inside a list has none.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => escape_text(s),
        Value::Number(n) => go_float(n.as_f64().unwrap_or_default()),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Text escaped as Go's `xml.EscapeText` does: the five markup characters (quotes as
/// numeric references) and tab, line feed and carriage return as numeric references.
fn escape_text(s: &str) -> String {
    quick_xml::escape::escape(s)
        .replace("&quot;", "&#34;")
        .replace("&apos;", "&#39;")
        .replace('\t', "&#x9;")
        .replace('\n', "&#xA;")
        .replace('\r', "&#xD;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_are_wrapped_unset_values_are_nil_and_text_is_escaped_as_go_does() {
        let doc = json!({
            "header": "",
            "inputs": [{
                "name": "zone",
                "description": null,
                "default": {"a": 1, "b": ["x", "it's"], "c": {}},
                "required": false,
            }, {"name": "n", "description": "<b> & \"q\"\nnext", "default": null}],
            "outputs": [],
        });
        assert_eq!(
            xml(&doc),
            "<module>\n  <header></header>\n  <inputs>\n    <input>\n      <name>zone</name>\n      <description xsi:nil=\"true\"></description>\n      <default>\n        <a>1</a>\n        <b>\n          <item>x</item>\n          <item>it&#39;s</item>\n        </b>\n        <c></c>\n      </default>\n      <required>false</required>\n    </input>\n    <input>\n      <name>n</name>\n      <description>&lt;b&gt; &amp; &#34;q&#34;&#xA;next</description>\n      <default xsi:nil=\"true\"></default>\n    </input>\n  </inputs>\n  <outputs></outputs>\n</module>"
        );
    }
}

//! Encoding functions: JSON and YAML in both directions, base64 and `urlencode`, each
//! writing exactly what Terraform (Go's encoders) writes.

mod yaml;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use super::{go_quote, Fx, MAX_DEPTH};
use crate::iac::eval::EvalError;
use crate::iac::value::{format_number, Value};
use aetheredge_core::limits::{Limit, LimitExceeded};

/// A JSON string as Go's encoder writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped.
pub(super) fn json_quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Compact JSON, object keys sorted, as `jsonencode` writes it.
pub(super) fn json_encode(v: &Value) -> Result<String, String> {
    fn walk(v: &Value, out: &mut String, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("value is nested too deeply".to_string());
        }
        match v {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
            Value::Number(_) => return Err("cannot encode an infinite number as JSON".into()),
            Value::String(s) => json_quote(s, out),
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    walk(item, out, depth + 1)?;
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_quote(k, out);
                    out.push(':');
                    walk(item, out, depth + 1)?;
                }
                out.push('}');
            }
            Value::Unknown(_) | Value::Partial(..) => {
                return Err("value is not known until apply".into())
            }
        }
        Ok(())
    }
    let mut out = String::new();
    walk(v, &mut out, 0)?;
    Ok(out)
}

pub(super) fn f_jsonencode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    json_encode(&a[0]).map(Value::String).map_err(|e| fx.err(e))
}

/// Checks a document's size and nesting (JSON is YAML) before a parser recurses into it.
fn check_document(fx: &Fx, text: &str) -> Result<(), EvalError> {
    let budget = fx.ctx.budget();
    budget.check(Limit::DecodeSize, text.len())?;
    let max = budget.limits().decode_depth;
    aetheredge_core::limits::yaml_nesting(text, max).map_err(|deep| LimitExceeded {
        limit: Limit::DecodeDepth,
        max,
        reached: deep.depth,
    })?;
    Ok(())
}

pub(super) fn f_jsondecode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    check_document(fx, &s)?;
    let json: serde_json::Value =
        serde_json::from_str(&s).map_err(|e| fx.param_err("str", format!("invalid JSON: {e}")))?;
    Ok(Value::from_json(&json))
}

pub(super) fn f_yamldecode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    fn convert(fx: &Fx, y: &serde_yaml_ng::Value, depth: usize) -> Result<Value, EvalError> {
        use serde_yaml_ng::Value as Y;
        if depth > MAX_DEPTH {
            return Err(fx.param_err("src", "the document is nested too deeply"));
        }
        Ok(match y {
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(*b),
            Y::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            Y::String(s) => Value::String(s.clone()),
            Y::Sequence(items) => Value::List(
                items
                    .iter()
                    .map(|i| convert(fx, i, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Y::Mapping(map) => {
                let mut out = BTreeMap::new();
                for (k, v) in map {
                    let key = match convert(fx, k, depth + 1)? {
                        Value::String(s) => s,
                        Value::Number(n) => format_number(n),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_string(),
                        _ => {
                            return Err(fx.param_err(
                                "src",
                                "only scalar values may be used as mapping keys",
                            ))
                        }
                    };
                    out.insert(key, convert(fx, v, depth + 1)?);
                }
                Value::Object(out)
            }
            Y::Tagged(tagged) => convert(fx, &tagged.value, depth + 1)?,
        })
    }
    let s = fx.string("src", &a[0])?;
    check_document(fx, &s)?;
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&s)
        .map_err(|e| fx.param_err("src", format!("invalid YAML: {e}")))?;
    convert(fx, &yaml, 0)
}

pub(super) fn f_yamlencode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    yaml::encode(&a[0])
        .map(Value::String)
        .map_err(|e| fx.err(e))
}

/// Go's `base64.StdEncoding`, the encoding of Terraform's base64 functions: padded on
/// both sides, and (not being `Strict`) lenient about the unused bits of the last character.
pub(super) const GO_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);

/// Go's `base64.StdEncoding.DecodeString`: padded, newlines ignored.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let bytes: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    GO_BASE64.decode(bytes).ok()
}

pub(super) fn f_base64encode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::String(GO_BASE64.encode(fx.string("str", &a[0])?)))
}

pub(super) fn f_base64decode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let bytes = base64_decode(&s)
        .ok_or_else(|| fx.err(format!("failed to decode base64 data {}", go_quote(&s))))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| fx.err("the result of decoding the provided string is not valid UTF-8"))
}

/// Go's `url.QueryEscape`.
pub(super) fn f_urlencode(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    Ok(Value::String(out))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn jsonencode_is_compact_sorted_and_escaped() {
        assert_eq!(
            ok("jsonencode", vec![obj(vec![("hello", s("world"))])]),
            s("{\"hello\":\"world\"}")
        );
        assert_eq!(
            ok(
                "jsonencode",
                vec![obj(vec![
                    ("z", nums(&[1.0, 2.5])),
                    ("a", list(vec![Value::Null, b(false)])),
                    ("m", s("<a href=\"x\">&</a>\n"))
                ])]
            ),
            s("{\"a\":[null,false],\"m\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\n\",\"z\":[1,2.5]}")
        );
        assert_eq!(ok("jsonencode", vec![n(1e20)]), s("100000000000000000000"));
        assert_eq!(
            ok(
                "jsonencode",
                vec![obj(vec![("a", list(vec![unk("r.id")]))])]
            ),
            unk("r.id")
        );
    }

    #[test]
    fn jsondecode_parses_documents() {
        assert_eq!(
            ok("jsondecode", vec![s("{\"hello\": \"world\"}")]),
            obj(vec![("hello", s("world"))])
        );
        assert_eq!(ok("jsondecode", vec![s("true")]), b(true));
        assert_eq!(
            ok("jsondecode", vec![s("[1, null, \"x\"]")]),
            list(vec![n(1.0), Value::Null, s("x")])
        );
        assert!(err("jsondecode", vec![s("{")])
            .starts_with("Invalid function argument: jsondecode: invalid value for \"str\" parameter: invalid JSON:"));
    }

    #[test]
    fn yamlencode_matches_terraform_documentation() {
        assert_eq!(
            ok("yamlencode", vec![obj(vec![("a", s("b")), ("c", s("d"))])]),
            s("\"a\": \"b\"\n\"c\": \"d\"\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(vec![
                    ("foo", nums(&[1.0, 2.0, 3.0])),
                    ("bar", s("baz"))
                ])]
            ),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(vec![
                    (
                        "foo",
                        list(vec![
                            n(1.0),
                            obj(vec![("a", s("b")), ("c", s("d"))]),
                            n(3.0)
                        ])
                    ),
                    ("bar", s("baz"))
                ])]
            ),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n")
        );
        assert_eq!(ok("yamlencode", vec![b(true)]), s("true\n...\n"));
        assert_eq!(ok("yamlencode", vec![s("hello")]), s("\"hello\"\n"));
        assert_eq!(ok("yamlencode", vec![obj(vec![])]), s("{}\n"));
        assert_eq!(ok("yamlencode", vec![list(vec![])]), s("[]\n"));
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(vec![(
                    "all",
                    obj(vec![
                        ("n", Value::Null),
                        ("e", obj(vec![])),
                        ("s", s("x\ty"))
                    ])
                )])]
            ),
            s("\"all\":\n  \"e\": {}\n  \"n\": null\n  \"s\": \"x\\ty\"\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![obj(vec![("script", s("echo a\necho b\n"))])]
            ),
            s("\"script\": |\n  echo a\n  echo b\n")
        );
        assert_eq!(
            ok("yamlencode", vec![obj(vec![("x", unk("r.id"))])]),
            unk("r.id")
        );
    }

    #[test]
    fn yamlencode_folds_long_quoted_strings_like_go_yaml() {
        let long = "mkdir -p /app/storage/database /app/storage/framework/cache/data /app/storage/framework/sessions /app/storage/framework/views";
        assert_eq!(
            ok("yamlencode", vec![obj(vec![("command", s(long))])]),
            s("\"command\": \"mkdir -p /app/storage/database /app/storage/framework/cache/data /app/storage/framework/sessions\n  /app/storage/framework/views\"\n")
        );
    }

    #[test]
    fn yamldecode_parses_documents() {
        assert_eq!(
            ok("yamldecode", vec![s("a: 1\nb: [x, true]\nc: null\n")]),
            obj(vec![
                ("a", n(1.0)),
                ("b", list(vec![s("x"), b(true)])),
                ("c", Value::Null)
            ])
        );
        assert_eq!(ok("yamldecode", vec![s("")]), Value::Null);
    }

    #[test]
    fn base64decode_follows_go_standard_encoding() {
        // Line breaks are skipped, as Go's decoder skips them.
        assert_eq!(ok("base64decode", vec![s("SGVs\nbG8=\r\n")]), s("Hello"));
        // Go's standard encoding is not strict: the unused bits of the last character may
        // be set.
        assert_eq!(ok("base64decode", vec![s("YWJ=")]), s("ab"));
        assert_eq!(ok("base64decode", vec![s("")]), s(""));
        // Padding is required, only at the end, and only as much as is missing; the URL
        // alphabet and spaces are not base64.
        for bad in [
            "YQ", "YQ=", "YQ===", "Y===", "====", "YQ==YQ==", "YW=I", "YWJj=", "-_8=", "YWI =",
        ] {
            assert_eq!(
                err("base64decode", vec![s(bad)]),
                format!(
                    "Invalid function argument: base64decode: failed to decode base64 data \"{bad}\""
                )
            );
        }
        assert_eq!(ok("base64encode", vec![s("")]), s(""));
        assert_eq!(ok("base64encode", vec![s("\u{ff}")]), s("w78="));
    }

    #[test]
    fn base64_and_url_encoding() {
        assert_eq!(
            ok("base64encode", vec![s("Hello World")]),
            s("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            ok("base64decode", vec![s("SGVsbG8gV29ybGQ=")]),
            s("Hello World")
        );
        assert_eq!(ok("base64encode", vec![s("ab")]), s("YWI="));
        assert_eq!(ok("base64decode", vec![s("YWI=")]), s("ab"));
        assert_eq!(
            err("base64decode", vec![s("YWI")]),
            "Invalid function argument: base64decode: failed to decode base64 data \"YWI\""
        );
        assert_eq!(
            err("base64decode", vec![s("/w==")]),
            "Invalid function argument: base64decode: the result of decoding the provided string is not valid UTF-8"
        );
        assert_eq!(
            ok("urlencode", vec![s("Hello World!")]),
            s("Hello+World%21")
        );
        assert_eq!(ok("urlencode", vec![s("☃")]), s("%E2%98%83"));
        assert_eq!(
            ok("urlencode", vec![s("foo:bar@localhost?foo=bar&bar=baz")]),
            s("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz")
        );
    }
}

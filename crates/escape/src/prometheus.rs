//! The Prometheus text exposition format: label values are written between double quotes,
//! with `\`, `"` and the line feed escaped as `\\`, `\"` and `\n` (the format's own rule;
//! the exposition crates bring a whole metrics registry with them, so this is the one place
//! it is written).

/// A label value, to be written between double quotes.
pub fn label_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslashes_quotes_and_line_feeds_are_escaped() {
        assert_eq!(label_value(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(label_value("a\nb"), "a\\nb");
        // A backslash is escaped before what follows it is: `\n` in the text stays text.
        assert_eq!(label_value("\\n"), "\\\\n");
    }
}

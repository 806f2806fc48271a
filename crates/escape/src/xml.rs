//! XML character data and attribute values: the site's SVG charts and graphs. The five
//! characters XML gives meaning to (`<`, `>`, `&`, `'`, `"`) are written as entities by
//! quick-xml, so the same text is safe between tags and inside a quoted attribute. The SVG
//! is inlined into HTML pages, and HTML reads these entities the same way.

use std::borrow::Cow;

/// `text` as XML character data or a quoted attribute value.
pub fn escape(text: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_are_entities() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "aws_s3_bucket.logs — 3 ✓\nnext line";
        assert!(matches!(escape(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn escaped_text_reads_back_as_the_original() {
        let text = r#"<script>alert("x") & 'y'</script>"#;
        let escaped = escape(text);
        assert_eq!(quick_xml::escape::unescape(&escaped).unwrap(), text);
    }
}

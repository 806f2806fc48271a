//! The search index: one entry per doc, module, resource, finding and compliance control, with
//! the page (relative to the site's root) that shows it. It is written twice: as
//! `search-index.json` for any other use, and as `search-index.js`, a script that assigns it to
//! a global, because a page opened from `file://` may not fetch a local file but may load a
//! script. `static/search.js` searches it in the browser.

use serde::Serialize;

use crate::site::data::SiteData;

/// The global `search-index.js` assigns.
pub(crate) const GLOBAL: &str = "AETHEREDGE_SEARCH_INDEX";

#[derive(Debug, Serialize)]
pub struct Entry {
    /// `doc`, `module`, `resource`, `finding` or `control`.
    pub kind: &'static str,
    pub title: String,
    /// Relative to the site's root.
    pub url: String,
    /// What else matches: a doc's text, a resource's type and file, a finding's message.
    pub text: String,
}

/// A rendered doc, for the index.
pub struct DocText<'a> {
    pub title: &'a str,
    pub page: &'a str,
    pub html: &'a str,
}

/// How much of a doc's text is indexed.
const DOC_TEXT: usize = 4000;

pub fn index(data: &SiteData, docs: &[DocText]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for d in docs {
        entries.push(Entry {
            kind: "doc",
            title: d.title.to_string(),
            url: format!("docs/{}", d.page),
            text: plain_text(d.html, DOC_TEXT),
        });
    }
    for m in &data.modules {
        entries.push(Entry {
            kind: "module",
            title: format!("Module {}", m.doc.dir),
            url: format!("modules/{}.html", m.slug),
            text: m
                .doc
                .inputs
                .iter()
                .map(|i| i.name.as_str())
                .chain(m.doc.outputs.iter().map(|o| o.name.as_str()))
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    for r in &data.inventory {
        entries.push(Entry {
            kind: "resource",
            title: r.address.clone(),
            url: format!("inventory.html#{}", r.anchor),
            text: format!(
                "{} {} {}:{} {}",
                r.resource_type, r.module, r.file, r.line, r.root
            ),
        });
    }
    for (i, f) in data.findings.iter().enumerate() {
        entries.push(Entry {
            kind: "finding",
            title: f.title.clone(),
            url: format!("findings.html#finding-{}", i + 1),
            text: format!(
                "{} {} {} {} {} {}",
                f.severity, f.deity, f.rule_id, f.message, f.resource, f.location
            ),
        });
    }
    for fw in &data.frameworks {
        for c in &fw.controls {
            entries.push(Entry {
                kind: "control",
                title: format!("{} {}", fw.name, c.id),
                url: format!("compliance/{}.html#{}", fw.slug, c.anchor),
                text: std::iter::once(c.status.to_string())
                    .chain(c.rules.iter().map(|r| format!("{} {}", r.id, r.title)))
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
    }
    entries
}

/// The index as JSON.
pub fn to_json(entries: &[Entry]) -> String {
    serde_json::to_string(entries).unwrap_or_else(|_| "[]".to_string())
}

/// The index as a script assigning [`GLOBAL`].
pub(crate) fn to_script(json: &str) -> String {
    format!("window.{GLOBAL} = {json};\n")
}

/// The text of sanitized HTML, entities decoded, whitespace collapsed, at most `limit` chars.
pub(crate) fn plain_text(html: &str, limit: usize) -> String {
    let mut text = String::with_capacity(html.len().min(limit * 2));
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<h1 id=\"a\">A &amp; B</h1>\n<p>x &lt;y&gt;</p>", 100),
            "A & B x <y>"
        );
        assert_eq!(plain_text("<p>abcdef</p>", 3), "abc");
    }
}

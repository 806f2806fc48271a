//! The repo's Markdown as site pages: rendered with pulldown-cmark (tables, footnotes, task
//! lists, strikethrough, heading anchors) and sanitized with ammonia, so no script, event
//! handler or `javascript:` URL from the repo survives. Relative links are rewritten while
//! sanitizing: a link to another rendered doc points at its page (`.md` → `.html`), a relative
//! image is recorded to be copied, and a relative link to anything the site does not hold is
//! dropped, so the site has no broken internal links.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::sync::{Arc, Mutex};

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A rendered doc.
pub struct RenderedDoc {
    /// Sanitized HTML, safe to insert into a page as is.
    pub html: String,
    /// The first heading's text, for titles.
    pub title: Option<String>,
    /// Repo-relative paths of the images it shows, to be copied beside the page.
    pub images: BTreeSet<String>,
}

/// Renders the Markdown of `path` (repo-relative). `docs` holds the repo paths of every doc
/// the site renders; `exists` says whether a repo path is a file (for images).
pub fn render(
    path: &str,
    text: &str,
    docs: &Arc<HashSet<String>>,
    files: &Arc<HashSet<String>>,
) -> RenderedDoc {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events = within_nesting(Parser::new_ext(text, options), MAX_NESTING);
    let (events, title) = with_heading_anchors(events);
    let mut raw = String::with_capacity(text.len() * 2);
    html::push_html(&mut raw, events.into_iter());

    let dir = aetheredge_model::iac::parent_dir(path).to_string();
    let images = Arc::new(Mutex::new(BTreeSet::new()));
    let (found, docs, files) = (images.clone(), docs.clone(), files.clone());
    let html = ammonia::Builder::default()
        .add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(move |element, attribute, value| {
            match (element, attribute) {
                ("a", "href") => rewrite_link(&dir, value, &docs).map(Cow::Owned),
                ("img", "src") => {
                    if is_external(value) {
                        // No external request of any kind: a remote image is not shown.
                        return None;
                    }
                    let target = resolve(&dir, value)?;
                    if !files.contains(&target) {
                        return None;
                    }
                    if let Ok(mut set) = found.lock() {
                        set.insert(target);
                    }
                    Some(Cow::Owned(value.to_string()))
                }
                ("input", "type") => (value == "checkbox").then(|| Cow::Owned(value.to_string())),
                _ => Some(Cow::Owned(value.to_string())),
            }
        })
        .clean(&raw)
        .to_string();
    RenderedDoc {
        html,
        title,
        images: images.lock().map(|s| s.clone()).unwrap_or_default(),
    }
}

/// Blocks and spans nested deeper than this are rendered flat (their text kept, their tags
/// dropped): the HTML sanitizer's tree builder takes time in the square of the depth, so a
/// few hundred kilobytes of `>` would otherwise hold a site build for minutes.
const MAX_NESTING: usize = 64;

/// The events with every container deeper than `max` unwrapped: its start and end tags are
/// left out, what it holds is kept.
fn within_nesting<'a>(events: impl Iterator<Item = Event<'a>>, max: usize) -> Vec<Event<'a>> {
    // For each open container: whether its tags were kept.
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0;
    let mut flattened = false;
    let mut out = Vec::new();
    for event in events {
        match event {
            Event::Start(tag) => {
                let keep = depth < max;
                open.push(keep);
                if keep {
                    depth += 1;
                    out.push(Event::Start(tag));
                } else {
                    flattened = true;
                }
            }
            Event::End(tag) => {
                if open.pop().unwrap_or(false) {
                    depth -= 1;
                    out.push(Event::End(tag));
                }
            }
            other => out.push(other),
        }
    }
    if flattened {
        tracing::warn!(
            "Markdown nested deeper than {max} levels is rendered flat below that depth"
        );
    }
    if html_depth(&out) > max * 4 {
        // Raw HTML nested this deep is shown as text: escaped, it cannot nest.
        tracing::warn!(
            "raw HTML nested deeper than {} levels is shown as text",
            max * 4
        );
        for event in &mut out {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                *event = Event::Text(html.clone());
            }
        }
    }
    out
}

/// The deepest nesting of the raw HTML in `events`, read lexically: a start tag opens a level
/// unless it is void or self-closing, an end tag closes one. Never under-counts what a browser
/// (or the sanitizer) would build.
fn html_depth(events: &[Event]) -> usize {
    const VOID: [&str; 13] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    for event in events {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        for tag in html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            if let Some(closing) = tag.strip_prefix('/') {
                if closing.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    depth = depth.saturating_sub(1);
                }
                continue;
            }
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if name.is_empty() || tag.ends_with('/') || VOID.contains(&name.as_str()) {
                continue;
            }
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Whether a URL has a scheme or is protocol-relative (anything not inside the site).
fn is_external(value: &str) -> bool {
    value.starts_with("//")
        || value
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.contains('#'))
}

/// Where a link goes in the site: fragments stay, external URLs stay (ammonia still checks
/// their scheme), links to rendered docs point at their page, anything else relative is dropped.
fn rewrite_link(dir: &str, value: &str, docs: &HashSet<String>) -> Option<String> {
    if value.starts_with('#') || is_external(value) {
        return Some(value.to_string());
    }
    let (target, fragment) = match value.split_once('#') {
        Some((t, f)) => (t, Some(f)),
        None => (value, None),
    };
    let resolved = resolve(dir, target)?;
    if !docs.contains(&resolved) {
        return None;
    }
    let page = target.strip_suffix(".md").map(|t| format!("{t}.html"))?;
    Some(match fragment {
        Some(f) => format!("{page}#{f}"),
        None => page,
    })
}

/// A link relative to `dir`, as a repo path; `None` when it leaves the repo or is absolute.
fn resolve(dir: &str, link: &str) -> Option<String> {
    if link.starts_with('/') || link.is_empty() {
        return None;
    }
    let link = link.split(['?', '#']).next().unwrap_or(link);
    aetheredge_model::iac::module::normalize_path(&aetheredge_model::iac::module::join_path(
        dir, link,
    ))
}

/// Gives every heading an id (GitHub's style: lowercase, spaces to dashes, punctuation
/// dropped, repeats numbered) unless it has one, and returns the first heading's text.
fn with_heading_anchors(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Option<String>) {
    let mut out = Vec::with_capacity(events.len());
    let mut used: std::collections::HashMap<String, usize> = Default::default();
    let mut title = None;
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            if title.is_none() && *level <= HeadingLevel::H2 {
                title = Some(text.clone());
            }
            let id = id.clone().unwrap_or_else(|| {
                let base = slug(&text);
                let n = used.entry(base.clone()).or_default();
                *n += 1;
                CowStr::from(if *n == 1 {
                    base
                } else {
                    format!("{base}-{}", *n - 1)
                })
            });
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(id),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
            i += 1;
            continue;
        }
        out.push(events[i].clone());
        i += 1;
    }
    (out, title)
}

/// A heading's anchor: lowercase letters, digits, `-` and `_`; spaces become `-`.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Arc<HashSet<String>> {
        Arc::new(
            ["README.md", "docs/guide.md"]
                .into_iter()
                .map(String::from)
                .collect(),
        )
    }

    fn files(paths: &[&str]) -> Arc<HashSet<String>> {
        Arc::new(paths.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn hostile_markup_is_made_inert() {
        let text = "# Hi\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[x](javascript:alert(3)) <a href=\"JaVaScRiPt:alert(4)\">y</a>\n\n<iframe src=\"https://evil\"></iframe><div onclick=\"alert(5)\" style=\"x\">z</div>\n\n<svg><script>alert(6)</script></svg><form action=\"javascript:alert(7)\"><button>b</button></form>\n";
        let out = render("README.md", text, &docs(), &files(&["x"]));
        let lower = out.html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "<form",
            "style=",
        ] {
            assert!(!lower.contains(bad), "{bad} survived in {}", out.html);
        }
        assert!(out.html.contains("<h1 id=\"hi\">Hi</h1>"), "{}", out.html);
    }

    #[test]
    fn markdown_nested_a_hundred_thousand_deep_renders_flat_and_quickly() {
        let text = ">".repeat(100_000) + " quoted\n\n" + &"- ".repeat(50_000) + "listed\n";
        let started = std::time::Instant::now();
        let out = render("README.md", &text, &docs(), &files(&[]));
        assert!(started.elapsed() < std::time::Duration::from_secs(15));
        assert!(
            out.html.contains("quoted") && out.html.contains("listed"),
            "{}",
            out.html
        );
        assert_eq!(out.html.matches("<blockquote>").count(), MAX_NESTING);
        // Raw HTML nested as deep is shown as text.
        let text = "<div>".repeat(100_000) + "inside\n";
        let started = std::time::Instant::now();
        let out = render("README.md", &text, &docs(), &files(&[]));
        assert!(started.elapsed() < std::time::Duration::from_secs(15));
        assert!(!out.html.contains("<div>") && out.html.contains("&lt;div&gt;inside"));
        // Shallow nesting is untouched.
        let out = render("README.md", "<div><p>two</p></div>\n", &docs(), &files(&[]));
        assert!(out.html.contains("<div><p>two</p></div>"), "{}", out.html);
        let out = render("README.md", "> > two\n", &docs(), &files(&[]));
        assert_eq!(out.html.matches("<blockquote>").count(), 2);
    }

    #[test]
    fn links_between_docs_point_at_pages_and_others_are_dropped() {
        let text = "See [guide](docs/guide.md#setup), [code](main.tf), [out](../../etc/passwd), [web](https://example.com) and ![d](docs/d.png) ![r](https://example.com/x.png)\n\n- [x] done\n- [ ] todo\n\nNote[^1].\n\n[^1]: A footnote.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n";
        let out = render("README.md", text, &docs(), &files(&["docs/d.png"]));
        let html = &out.html;
        assert!(html.contains("href=\"docs/guide.html#setup\""), "{html}");
        assert!(!html.contains("main.tf\""), "{html}");
        assert!(!html.contains("passwd"), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
        assert!(html.contains("src=\"docs/d.png\""), "{html}");
        assert!(!html.contains("example.com/x.png"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert_eq!(
            out.images.into_iter().collect::<Vec<_>>(),
            vec!["docs/d.png"]
        );
    }
}

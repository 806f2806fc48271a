//! The repo's files the site copies (images its docs show), made inert. Only images are
//! copied: a raster image (PNG, JPEG, GIF, WebP) whose bytes are what its name says, and an
//! SVG rewritten by [`sanitize_svg`] through an XML parser. Anything else a doc points at
//! (HTML, scripts, XML, a "PNG" holding markup) is not copied, so the site serves no document
//! of the repo's that a browser would run.

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// Why a file is not copied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("{path}: only images are copied into the site (PNG, JPEG, GIF, WebP, SVG)")]
    NotAnImage { path: String },
    #[error("{path}: the content is not a {kind} image")]
    NotWhatItSays { path: String, kind: &'static str },
    #[error("{path}: not a well-formed SVG (at byte {position}): {message}")]
    BadSvg {
        path: String,
        position: u64,
        message: String,
    },
}

/// Whether the site copies a file with this name (docs may show it as an image).
pub(crate) fn is_image(path: &str) -> bool {
    kind(path).is_some()
}

fn kind(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "PNG",
        "jpg" | "jpeg" => "JPEG",
        "gif" => "GIF",
        "webp" => "WebP",
        "svg" => "SVG",
        _ => return None,
    })
}

/// The bytes to write for the repo's file `path`: raster images as they are once their
/// signature matches, SVG sanitized.
pub(crate) fn inert(path: &str, bytes: &[u8]) -> Result<Vec<u8>, Refused> {
    let kind = kind(path).ok_or_else(|| Refused::NotAnImage {
        path: path.to_string(),
    })?;
    let matches = match kind {
        "PNG" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "JPEG" => bytes.starts_with(&[0xff, 0xd8, 0xff]),
        "GIF" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "WebP" => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        _ => return sanitize_svg(path, bytes),
    };
    if matches {
        Ok(bytes.to_vec())
    } else {
        Err(Refused::NotWhatItSays {
            path: path.to_string(),
            kind,
        })
    }
}

/// Elements dropped with everything inside them: script, embedded documents and event
/// handlers, and animations (which can set an `href` to a script URL).
const DROPPED: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
    "discard",
];

/// Rewrites an SVG without anything active or external: no DOCTYPE (so no entity of the
/// file's own), no processing instruction (`<?xml-stylesheet?>`), no comment, none of the
/// [`DROPPED`] elements, no `on*` attribute, no `xml:base`, links (`href`, `xlink:href`,
/// `src`) only to a fragment of the same file or a `data:` raster image, and styles (the
/// `style` element and attribute, and any attribute using `url()`) only when they refer to
/// nothing outside the file. Shapes, text, gradients and the rest are kept as they are.
pub(crate) fn sanitize_svg(path: &str, bytes: &[u8]) -> Result<Vec<u8>, Refused> {
    let bad = |reader: &Reader<&[u8]>, message: String| Refused::BadSvg {
        path: path.to_string(),
        position: reader.buffer_position(),
        message,
    };
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut writer = Writer::new(Vec::with_capacity(bytes.len()));
    // Depth inside a dropped element (0: not in one).
    let mut skipping = 0usize;
    // The text of the `<style>` being read, written out once it is whole.
    let mut style: Option<(BytesStart<'static>, String)> = None;
    let mut open = 0usize;
    let mut seen_root = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(&reader, e.to_string()))?;
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                Event::Eof => return Err(bad(&reader, "the file ends inside an element".into())),
                _ => {}
            }
            continue;
        }
        if let Some((_, text)) = style.as_mut() {
            match event {
                Event::Text(t) => {
                    text.push_str(&t.xml_content().map_err(|e| bad(&reader, e.to_string()))?)
                }
                Event::CData(t) => {
                    text.push_str(&t.xml_content().map_err(|e| bad(&reader, e.to_string()))?)
                }
                Event::GeneralRef(r) => match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => {
                        if let Some(c) = predefined(&r.decode().unwrap_or_default()) {
                            text.push(c);
                        }
                    }
                },
                Event::End(_) => {
                    let (start, text) = style.take().unwrap_or_else(|| unreachable!());
                    open -= 1;
                    if css_is_inert(&text) {
                        write(&mut writer, Event::Start(start.borrow()))?;
                        write(&mut writer, Event::Text(BytesText::new(&text)))?;
                        write(&mut writer, Event::End(start.to_end()))?;
                    }
                }
                Event::Start(_) | Event::Empty(_) => {
                    // Markup inside a style: the whole style goes.
                    style = None;
                    open -= 1;
                    skipping = if matches!(event, Event::Start(_)) {
                        2
                    } else {
                        1
                    };
                }
                Event::Eof => return Err(bad(&reader, "the file ends inside <style>".into())),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(e) if dropped(&e) => skipping = 1,
            Event::Empty(e) if dropped(&e) => {}
            Event::Start(e) => {
                if open == 0 {
                    if seen_root || !e.local_name().as_ref().eq_ignore_ascii_case(b"svg") {
                        return Err(bad(&reader, "the root element is not <svg>".into()));
                    }
                    seen_root = true;
                }
                open += 1;
                let clean = clean_element(&e);
                if e.local_name().as_ref().eq_ignore_ascii_case(b"style") {
                    style = Some((clean.into_owned(), String::new()));
                } else {
                    write(&mut writer, Event::Start(clean))?;
                }
            }
            Event::Empty(e) => {
                if open == 0 {
                    return Err(bad(&reader, "the root element is not <svg>".into()));
                }
                write(&mut writer, Event::Empty(clean_element(&e)))?;
            }
            Event::End(e) => {
                open = open.saturating_sub(1);
                write(&mut writer, Event::End(e))?;
            }
            Event::Text(t) => {
                if open > 0 {
                    write(&mut writer, Event::Text(t))?;
                }
            }
            Event::CData(t) => {
                if open > 0 {
                    write(&mut writer, Event::CData(t))?;
                }
            }
            Event::GeneralRef(r) => {
                // Character references and the five predefined entities; an entity of the
                // file's own has no definition once the DOCTYPE is gone, and is dropped.
                let known =
                    r.is_char_ref() || predefined(&r.decode().unwrap_or_default()).is_some();
                if open > 0 && known {
                    write(&mut writer, Event::GeneralRef(r))?;
                }
            }
            Event::Decl(d) => write(&mut writer, Event::Decl(d))?,
            Event::DocType(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !seen_root {
        return Err(bad(&reader, "no <svg> element".into()));
    }
    Ok(writer.into_inner())
}

fn write(writer: &mut Writer<Vec<u8>>, event: Event<'_>) -> Result<(), Refused> {
    // Writing into a Vec cannot fail.
    let _ = writer.write_event(event);
    Ok(())
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

fn dropped(e: &BytesStart<'_>) -> bool {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
    DROPPED.contains(&name.as_str())
}

/// The element with only its inert attributes.
fn clean_element<'a>(e: &BytesStart<'a>) -> BytesStart<'a> {
    let mut clean = BytesStart::new(String::from_utf8_lossy(e.name().as_ref()).into_owned());
    for attribute in e.attributes().with_checks(false).flatten() {
        let Ok(value) = attribute.unescape_value() else {
            continue; // an entity of the file's own
        };
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        if attribute_is_inert(&key, &value) {
            clean.push_attribute((key.as_str(), value.as_ref()));
        }
    }
    clean
}

/// Whether an attribute can neither run anything nor fetch anything outside the file.
pub(crate) fn attribute_is_inert(key: &str, value: &str) -> bool {
    let key = key.to_ascii_lowercase();
    let local = key.rsplit(':').next().unwrap_or(&key);
    if local.starts_with("on") || key == "xml:base" {
        return false;
    }
    // What a browser reads once it has dropped whitespace and control characters.
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
        return false;
    }
    if matches!(local, "href" | "src") {
        return link_is_inert(&squeezed);
    }
    if local == "style" || squeezed.contains("url(") {
        return css_is_inert(value);
    }
    true
}

/// A link to a fragment of the same file, or a raster image in a `data:` URL.
fn link_is_inert(squeezed: &str) -> bool {
    if squeezed.starts_with('#') {
        return true;
    }
    ["png", "jpeg", "jpg", "gif", "webp"].iter().any(|t| {
        squeezed.starts_with(&format!("data:image/{t};"))
            || squeezed.starts_with(&format!("data:image/{t},"))
    })
}

/// CSS with no import, no escape (which could spell either) and no `url()` but to a
/// fragment of the same file.
fn css_is_inert(css: &str) -> bool {
    let lower: String = css
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.contains('\\') || lower.contains("@import") || lower.contains("expression(") {
        return false;
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start_matches(['"', '\'']);
        if !(target.starts_with('#') || link_is_inert(target)) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn text(bytes: &[u8]) -> Cow<'_, str> {
        String::from_utf8_lossy(bytes)
    }

    /// Every element and attribute of an SVG, as (element, [(attribute, value)]), with the
    /// text of each `style` element.
    /// Elements with their attributes.
    type Elements = Vec<(String, Vec<(String, String)>)>;

    fn parsed(svg: &[u8]) -> (Elements, Vec<String>, bool) {
        let mut reader = Reader::from_reader(svg);
        let mut elements = Vec::new();
        let mut texts = Vec::new();
        let mut doctype = false;
        loop {
            match reader.read_event().expect("the output is well-formed XML") {
                Event::Start(e) | Event::Empty(e) => elements.push((
                    String::from_utf8_lossy(e.name().as_ref()).to_string(),
                    e.attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            (
                                String::from_utf8_lossy(a.key.as_ref()).to_string(),
                                a.unescape_value().unwrap().to_string(),
                            )
                        })
                        .collect(),
                )),
                Event::Text(t) => texts.push(t.xml_content().unwrap().to_string()),
                Event::DocType(_) | Event::PI(_) => doctype = true,
                Event::Eof => break,
                _ => {}
            }
        }
        (elements, texts, doctype)
    }

    fn assert_inert(svg: &[u8]) {
        let (elements, texts, doctype) = parsed(svg);
        assert!(!doctype, "{}", text(svg));
        for (name, attributes) in &elements {
            let name = name.to_ascii_lowercase();
            assert!(
                !DROPPED.contains(&name.rsplit(':').next().unwrap()),
                "{name} in {}",
                text(svg)
            );
            for (k, v) in attributes {
                let k = k.to_ascii_lowercase();
                assert!(
                    !k.rsplit(':').next().unwrap().starts_with("on"),
                    "{k} in {}",
                    text(svg)
                );
                if k == "xmlns" || k.starts_with("xmlns:") {
                    continue; // a namespace's name, never fetched
                }
                let v = v.to_ascii_lowercase();
                for bad in [
                    "javascript:",
                    "http:",
                    "https:",
                    "//",
                    "data:text",
                    "data:image/svg",
                    "@import",
                ] {
                    assert!(!v.contains(bad), "{k}={v} in {}", text(svg));
                }
            }
        }
        for t in texts {
            let t = t.to_ascii_lowercase();
            assert!(!t.contains("@import") && !t.contains("http"), "{t}");
        }
    }

    #[test]
    fn hostile_svgs_lose_everything_active_and_keep_their_shapes() {
        let hostile = br##"<?xml version="1.0"?>
<?xml-stylesheet href="https://evil.example/x.css"?>
<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" width="10" height="10">
<script>alert(2)</script>
<script xlink:href="https://evil.example/x.js"/>
<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(3)"></iframe></foreignObject>
<a xlink:href="javascript:alert(4)"><text>&xxe;&lol2;click</text></a>
<a href=" JaVa&#x09;ScRiPt:alert(5)"><rect width="1" height="1"/></a>
<a href="https://evil.example/"><circle r="1"/></a>
<image href="data:text/html,&lt;script&gt;alert(6)&lt;/script&gt;"/>
<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>
<image xlink:href="http://evil.example/track.png"/>
<use href="//evil.example/sprite.svg#a"/>
<style>@import url(https://evil.example/a.css); rect { fill: red }</style>
<rect style="fill: url(https://evil.example/p)" OnClick="alert(7)" width="2" height="2"/>
<set attributeName="href" to="javascript:alert(8)"/>
<animate attributeName="href" values="javascript:alert(9)"></animate>
<g xml:base="https://evil.example/"><path d="M0 0"/></g>
<!-- <script>alert(10)</script> -->
</svg>"##;
        let out = sanitize_svg("docs/x.svg", hostile).unwrap();
        assert_inert(&out);
        let (elements, texts, _) = parsed(&out);
        let names: Vec<&str> = elements.iter().map(|(n, _)| n.as_str()).collect();
        for kept in [
            "svg", "a", "text", "rect", "circle", "image", "use", "g", "path",
        ] {
            assert!(names.contains(&kept), "{kept} lost: {}", text(&out));
        }
        assert!(!names.contains(&"style"), "{}", text(&out));
        assert!(texts.iter().any(|t| t == "click"), "{texts:?}");
        assert!(!text(&out).contains("lol"), "{}", text(&out));
    }

    #[test]
    fn an_ordinary_svg_survives_whole() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50"><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient><symbol id="s"><circle r="3"/></symbol></defs><style>.a { fill: url(#g) }</style><title>A &amp; B</title><rect class="a" x="1" y="2" width="30" height="20" fill="url(#g)" style="stroke: #000"/><use xlink:href="#s" x="50"/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/><text x="5" y="45">Hello</text></svg>"##;
        let out = sanitize_svg("a.svg", svg).unwrap();
        assert_inert(&out);
        let (elements, texts, _) = parsed(&out);
        let rect = elements.iter().find(|(n, _)| n == "rect").unwrap();
        let attr = |k: &str| rect.1.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());
        assert_eq!(attr("fill"), Some("url(#g)"));
        assert_eq!(attr("style"), Some("stroke: #000"));
        assert_eq!(attr("width"), Some("30"));
        let names: Vec<&str> = elements.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "svg",
                "defs",
                "linearGradient",
                "stop",
                "symbol",
                "circle",
                "style",
                "title",
                "rect",
                "use",
                "image",
                "text"
            ]
        );
        assert!(
            texts.iter().any(|t| t.contains(".a { fill: url(#g) }")),
            "{texts:?}"
        );
        assert!(text(&out).contains("A &amp; B"), "{}", text(&out));
    }

    #[test]
    fn what_is_not_an_image_is_not_copied() {
        assert!(matches!(
            inert("docs/a.html", b"<script>"),
            Err(Refused::NotAnImage { .. })
        ));
        assert!(matches!(
            inert("docs/a.js", b"alert(1)"),
            Err(Refused::NotAnImage { .. })
        ));
        assert!(matches!(
            inert("docs/a.png", b"<html><script>alert(1)</script>"),
            Err(Refused::NotWhatItSays { .. })
        ));
        assert_eq!(
            inert("a.PNG", b"\x89PNG\r\n\x1a\nrest").unwrap(),
            b"\x89PNG\r\n\x1a\nrest"
        );
        let e = inert("docs/b.svg", b"<svg><g></svg>").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("docs/b.svg: not a well-formed SVG"),
            "{e}"
        );
        let e = inert("docs/c.svg", b"<html><script>alert(1)</script></html>").unwrap_err();
        assert!(e.to_string().contains("root element is not <svg>"), "{e}");
    }
}

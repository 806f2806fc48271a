//! The site is inert whatever the repo holds: templates that read the environment, recurse or
//! loop without end fail the build with an error naming the template's file (and the previous
//! site stays whole); the images docs show are copied only when they are images, SVG rewritten
//! without anything active; every page carries the Content-Security-Policy first in its head.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::site_support::*;
use quick_xml::events::Event;

const BASE: &str = include_str!("../../site-templates/base.html");
const SECRET: &str = "s3cr3t-7f1c9a-never-in-the-site";

fn site_args<'a>(repo: &'a Path, out: &'a Path) -> [&'a str; 7] {
    [
        "site",
        "--repo",
        repo.to_str().unwrap(),
        "--rev",
        "main",
        "--out",
        out.to_str().unwrap(),
    ]
}

/// Builds the site of a repo holding the standard files, replaced or joined by `extra`, with the secret in the
/// environment; the output and the site directory.
fn build_with(tmp: &Path, extra: &[(&str, &[u8])]) -> (Output, PathBuf) {
    let mut files = standard_files();
    files.retain(|(path, _)| !extra.iter().any(|(p, _)| p == path));
    files.extend_from_slice(extra);
    let repo = repo(tmp, &[("main", &files)]);
    let out = tmp.join("site");
    let output = support::aetheredge_with(
        &site_args(&repo, &out),
        &[("AETHEREDGE_SITE_SECRET", SECRET), ("HOME", SECRET)],
    );
    (output, out)
}

/// The build failed (exit status 2, an error, not a crash) and its error is the one line returned.
fn failed(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains(SECRET), "{stderr}");
    stderr
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn a_template_reading_the_environment_fails_the_build_and_the_secret_is_written_nowhere() {
    let tmp = tempfile::tempdir().unwrap();
    let line = BASE.lines().position(|l| l.contains("<body>")).unwrap() + 2;
    let base = BASE.replacen(
        "<body>\n",
        "<body>\n<p>{{ get_env(name=\"AETHEREDGE_SITE_SECRET\") }}{{ get_env(name=\"HOME\", default=\"\") }}</p>\n",
        1,
    );
    let (output, out) = build_with(tmp.path(), &[("site-templates/base.html", base.as_bytes())]);
    let stderr = failed(&output);
    assert!(
        stderr.contains(&format!("site-templates/base.html:{line}: calls `get_env`")),
        "{stderr}"
    );
    assert!(!out.exists(), "no site was written");
    for file in files_under(tmp.path()) {
        if file.components().any(|c| c.as_os_str() == ".git") {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // The template itself names the variable, never its value.
        assert!(!text.contains(SECRET), "{}", file.display());
    }

    // `now` and `get_random` change every build: refused the same way, in any template.
    let tmp = tempfile::tempdir().unwrap();
    let (output, _) = build_with(
        tmp.path(),
        &[(
            "site-templates/home.html",
            b"{% extends \"base.html\" %}\n{% block content %}{{ now() }}{% endblock content %}",
        )],
    );
    let stderr = failed(&output);
    assert!(
        stderr.contains("site-templates/home.html:2: calls `now`"),
        "{stderr}"
    );
}

#[test]
fn templates_rendering_each_other_in_a_cycle_fail_the_build_naming_them() {
    // The repo's templates, and what the error must name.
    type Case<'a> = (Files<'a>, &'a [&'a str]);
    let cases: &[Case<'_>] = &[
        (
            &[("site-templates/doc.html", b"{% extends \"doc.html\" %}")],
            &["site-templates/doc.html"],
        ),
        (
            &[
                ("site-templates/doc.html", b"{% extends \"docs.html\" %}"),
                ("site-templates/docs.html", b"{% extends \"doc.html\" %}"),
            ],
            &["site-templates/doc.html", "site-templates/docs.html"],
        ),
        (
            &[
                ("site-templates/home.html", b"{% include \"inventory.html\" %}"),
                (
                    "site-templates/inventory.html",
                    b"{% if site %}{% include \"home.html\" %}{% endif %}",
                ),
            ],
            &["site-templates/home.html", "site-templates/inventory.html"],
        ),
        (
            &[(
                "site-templates/home.html",
                b"{% macro deep(n) %}{{ self::deep(n=n + 1) }}{% endmacro deep %}{{ self::deep(n=0) }}",
            )],
            &["macro `deep` of `site-templates/home.html`"],
        ),
    ];
    for (files, named) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let (output, out) = build_with(tmp.path(), files);
        let stderr = failed(&output);
        assert!(stderr.contains("in a cycle"), "{stderr}");
        for name in *named {
            assert!(stderr.contains(name), "{name} in {stderr}");
        }
        assert!(!out.exists());
    }
}

#[test]
fn a_huge_range_fails_the_build_with_the_limit_and_the_previous_site_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let standard = standard_files();
    let repo_dir = repo(tmp.path(), &[("main", &standard)]);
    let out = tmp.path().join("site");
    build_site(&repo_dir, "main", &out);
    let before = std::fs::read(out.join("index.html")).unwrap();

    // The same repo, one commit later, with a template that asks for 10^8 numbers.
    let tmp2 = tempfile::tempdir().unwrap();
    let (output, _) = build_with(
        tmp2.path(),
        &[(
            "site-templates/history.html",
            b"{% extends \"base.html\" %}{% block content %}{% for i in range(end=100000000) %}{{ i }}{% endfor %}{% endblock content %}",
        )],
    );
    let stderr = failed(&output);
    assert!(
        stderr.contains("template site-templates/history.html")
            && stderr.contains("raise `limits.collection_length` in aetheredge.yaml"),
        "{stderr}"
    );
    // A failed build leaves the previous site as it was.
    let again = support::aetheredge(&site_args(&tmp2.path().join("repo"), &out));
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), before);
}

/// Elements with their attributes.
type Elements = Vec<(String, Vec<(String, String)>)>;

/// Every element of an SVG with its attributes, and whether it has a DOCTYPE or a
/// processing instruction; panics when it is not well-formed.
fn svg_elements(bytes: &[u8]) -> (Elements, bool) {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut elements = Vec::new();
    let mut prolog = false;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) | Event::Empty(e) => elements.push((
                String::from_utf8_lossy(e.local_name().as_ref()).to_lowercase(),
                e.attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8_lossy(a.key.as_ref()).to_lowercase(),
                            a.unescape_value().unwrap().to_lowercase(),
                        )
                    })
                    .collect(),
            )),
            Event::DocType(_) | Event::PI(_) => prolog = true,
            Event::Eof => break,
            _ => {}
        }
    }
    (elements, prolog)
}

#[test]
fn images_docs_show_are_copied_inert_and_nothing_else_is() {
    let tmp = tempfile::tempdir().unwrap();
    let hostile_svg: &[u8] = br#"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" viewBox="0 0 10 10">
<script>alert(2)</script>
<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script></body></foreignObject>
<a xlink:href="javascript:alert(4)"><circle cx="5" cy="5" r="4" onclick="alert(5)"/></a>
<image href="https://evil.example/track.png"/>
<style>@import url("https://evil.example/x.css");</style>
<text>&b;</text>
<rect width="3" height="3" fill="blue"/>
</svg>"#;
    let readme = b"# Pictures\n\n![svg](docs/pic.svg) ![page](docs/page.html) ![fake](docs/fake.png) ![script](docs/app.js) ![png](docs/diagram.png)\n";
    let (output, out) = build_with(
        tmp.path(),
        &[
            ("README.md", readme),
            ("docs/pic.svg", hostile_svg),
            ("docs/page.html", b"<script>alert(6)</script>"),
            ("docs/fake.png", b"<html><script>alert(7)</script></html>"),
            ("docs/app.js", b"alert(8)"),
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let (elements, prolog) = svg_elements(&std::fs::read(out.join("docs/docs/pic.svg")).unwrap());
    assert!(!prolog, "the DOCTYPE and its entities are gone");
    let names: Vec<&str> = elements.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["svg", "a", "circle", "image", "text", "rect"]);
    for (name, attributes) in &elements {
        for (key, value) in attributes {
            assert!(!key.starts_with("on"), "{key} on {name}");
            if key.starts_with("xmlns") {
                continue;
            }
            for bad in ["javascript:", "http", "//"] {
                assert!(!value.contains(bad), "{key}={value} on {name}");
            }
        }
    }
    let rect = &elements.iter().find(|(n, _)| n == "rect").unwrap().1;
    assert!(rect.contains(&("fill".to_string(), "blue".to_string())));

    // Only images are copied, and only when their bytes are what their names say.
    assert!(out.join("docs/docs/diagram.png").exists());
    for not_copied in [
        "docs/docs/page.html",
        "docs/docs/fake.png",
        "docs/docs/app.js",
    ] {
        assert!(!out.join(not_copied).exists(), "{not_copied}");
    }
    let readme_page = std::fs::read_to_string(out.join("docs/README.html")).unwrap();
    assert!(!readme_page.contains("page.html") && !readme_page.contains("app.js"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("docs/fake.png: the content is not a PNG image"),
        "{stderr}"
    );
}

#[test]
fn every_page_has_the_policy_before_anything_a_template_adds() {
    let tmp = tempfile::tempdir().unwrap();
    // A template that opens its head with an inline script and a weaker policy of its own.
    let base = BASE.replacen(
        "<head>\n",
        "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"script-src * 'unsafe-inline'\"><script>alert(1)</script>\n",
        1,
    );
    let (output, out) = build_with(tmp.path(), &[("site-templates/base.html", base.as_bytes())]);
    assert_eq!(output.status.code(), Some(0));
    let ours = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self';";
    let all = pages(&out);
    assert!(all.len() >= 15);
    for page in all {
        let html = std::fs::read_to_string(&page).unwrap();
        let at = html
            .find(ours)
            .unwrap_or_else(|| panic!("{}", page.display()));
        let head = html.find("<head>").unwrap();
        assert_eq!(at, head + "<head>".len(), "{}", page.display());
        assert!(at < html.find("<script>alert(1)").unwrap());
        assert!(html_problems(&html).is_empty(), "{}", page.display());
    }
}

//! The site's pages as a reader gets them: snapshots of the key pages, valid HTML everywhere,
//! no broken internal link, hostile Markdown inert, a page per framework, the Cost and History
//! pages, search's index, the history carried from build to build, and a docs-only rebuild
//! that reuses the review.

use crate::support::assert_one_final_newline;

use std::path::Path;

use crate::site_support::*;
use serde_json::Value;

fn read(site: &Path, page: &str) -> String {
    std::fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// Compares a page with its reviewed snapshot in tests/integration/snapshots/
/// (`INSTA_UPDATE=always cargo test` or `cargo insta review` accepts a deliberate change).
fn assert_snapshot(name: &str, text: &str) {
    assert_one_final_newline(text);
    insta::assert_snapshot!(name, text);
}

fn module_page(site: &Path, dir_part: &str) -> String {
    let path = std::fs::read_dir(site.join("modules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(dir_part))
        .unwrap_or_else(|| panic!("no module page for {dir_part}"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn key_pages_match_their_snapshots_and_every_page_is_valid_html() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(tmp.path(), &[("main", &standard_files())]);
    let site = tmp.path().join("site");
    build_site(&repo, "main", &site);

    assert_snapshot("index.html", &read(&site, "index.html"));
    assert_snapshot("findings.html", &read(&site, "findings.html"));
    assert_snapshot("soc2.html", &read(&site, "compliance/soc2.html"));
    assert_snapshot("module-net.html", &module_page(&site, "modules-net"));
    assert_snapshot("cost.html", &read(&site, "cost.html"));
    assert_snapshot("drift.html", &read(&site, "drift.html"));

    let all = pages(&site);
    assert!(all.len() >= 15, "{all:?}");
    for page in &all {
        let html = std::fs::read_to_string(page).unwrap();
        let problems = html_problems(&html);
        assert!(problems.is_empty(), "{}: {problems:?}", page.display());
        // Readable on a phone, light and dark.
        assert!(
            html.contains(
                r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
            ),
            "{}",
            page.display()
        );
        // No external request: no absolute URL in a src, a stylesheet or a script.
        for bad in ["src=\"http", "src=\"//", "href=\"//"] {
            assert!(!html.contains(bad), "{bad} in {}", page.display());
        }
    }
    let css = read(&site, "static/style.css");
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    assert!(css.contains("@media (max-width:"));
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
}

#[test]
fn the_strict_check_finds_what_is_wrong() {
    let page = |body: &str| {
        format!("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body>{body}</body></html>")
    };
    assert!(html_problems(&page("<p>a</p><svg><rect/></svg>")).is_empty());
    for (bad, what) in [
        ("<div><p>a</div>", "misnested"),
        ("<p a=1 a=2>x</p>", "repeated attribute"),
        ("<span id=x></span><span id=x></span>", "duplicate id"),
        ("<div/>", "self-closing"),
        ("<p class=\"a\"class=\"b\">x</p>", "missing whitespace"),
        ("<em>never closed", "unclosed"),
    ] {
        assert!(!html_problems(&page(bad)).is_empty(), "{what}: {bad}");
    }
}

#[test]
fn hostile_markdown_is_inert_and_every_framework_has_a_page() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(tmp.path(), &[("main", &standard_files())]);
    let site = tmp.path().join("site");
    build_site(&repo, "main", &site);

    let readme = read(&site, "docs/README.html");
    let lower = readme.to_lowercase();
    let article = &lower[lower.find("<article").unwrap()..lower.find("</article>").unwrap()];
    let handler = regex::Regex::new(r"\son[a-z]+\s*=").unwrap();
    assert!(
        !handler.is_match(article),
        "an event handler survived: {article}"
    );
    let url = regex::Regex::new(
        r#"(?:href|src|action|data)\s*=\s*["']?\s*(?:javascript|data|vbscript):"#,
    )
    .unwrap();
    assert!(
        !url.is_match(article),
        "a script or data URL survived: {article}"
    );
    for bad in [
        "<script",
        "javascript:",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "<form",
        "<meta http-equiv",
        "<base",
        "style=",
        "xlink:href",
        "svg onload",
    ] {
        assert!(!article.contains(bad), "{bad:?} survived: {article}");
    }
    // What is not hostile survives: the heading, the text, the link to the guide.
    assert!(readme.contains("id=\"storage\""));
    assert!(readme.contains("href=\"docs/guide.html#setup\""));
    let guide = read(&site, "docs/docs/guide.html");
    for needle in [
        "type=\"checkbox\"",
        "<table>",
        "footnote-definition",
        "src=\"diagram.png\"",
    ] {
        assert!(guide.contains(needle), "{needle} in {guide}");
    }
    assert_eq!(
        std::fs::read(site.join("docs/docs/diagram.png")).unwrap(),
        PNG
    );

    let home = read(&site, "index.html");
    assert!(
        home.contains(&sha_of(&repo, "main")),
        "the home page names the full sha"
    );
    // A page per framework of the compliance catalog, under its one name.
    let catalog = aetheredge::compliance::catalog();
    assert!(catalog.frameworks.len() >= 6);
    for framework in &catalog.frameworks {
        let slug = framework.id.replace('_', "-");
        let name = framework.name.replace('/', "&#x2F;");
        let page = read(&site, &format!("compliance/{slug}.html"));
        assert!(page.contains(&format!("<h1>{name}</h1>")), "{slug}");
        assert!(
            page.contains("<section id=\"control-"),
            "{slug} has controls"
        );
        assert!(home.contains(&format!("compliance/{slug}.html")));
    }
}

#[test]
fn cost_graph_and_search_index_come_from_the_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo(tmp.path(), &[("main", &standard_files())]);
    let site = tmp.path().join("site");
    build_site(&repo, "main", &site);

    let cost = read(&site, "cost.html");
    assert!(cost.contains("<svg class=\"chart\""), "inline SVG charts");
    for needle in ["Amazon EC2", "Amazon RDS", "(root module)", "aws"] {
        assert!(cost.contains(needle), "{needle} on the cost page");
    }
    assert!(
        cost.contains("Only one build so far"),
        "one point is said so"
    );
    assert!(!cost.contains("<script"), "the cost page needs no script");

    let net = module_page(&site, "modules-net");
    assert!(net.contains("<svg class=\"graph\""));
    // aws_subnet.a references aws_vpc.this and the zones data source.
    assert_eq!(net.matches("class=\"graph-edge\"").count(), 2, "{net}");
    let root = std::fs::read_to_string(site.join("modules/root.html")).unwrap();
    // module.net links to its page from the root module's graph.
    assert!(root.contains("<a href=\"modules-net-"), "{root}");

    let index: Value = serde_json::from_str(&read(&site, "search-index.json")).unwrap();
    let script = read(&site, "search-index.js");
    let json = script
        .strip_prefix("window.AETHEREDGE_SEARCH_INDEX = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap();
    assert_eq!(serde_json::from_str::<Value>(json).unwrap(), index);
    let kinds: std::collections::BTreeSet<&str> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["control", "doc", "finding", "module", "resource"]
    );
    // Every entry's page (and fragment) exists.
    let ids = regex::Regex::new(r#"\sid="([^"]*)""#).unwrap();
    for entry in index.as_array().unwrap() {
        let url = entry["url"].as_str().unwrap();
        let (page, fragment) = url.split_once('#').unwrap_or((url, ""));
        let html = read(&site, page);
        if !fragment.is_empty() {
            assert!(
                ids.captures_iter(&html).any(|c| &c[1] == fragment),
                "{url} has no such id"
            );
        }
    }
    let bucket = index
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "aws_s3_bucket.logs")
        .unwrap();
    assert_eq!(bucket["kind"], "resource");
    assert!(index
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "doc" && e["text"].as_str().unwrap().contains("access logs")));
}

#[test]
fn the_history_grows_with_each_commit_and_is_never_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let mut second = standard_files();
    second[0] = (
        "main.tf",
        b"resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n",
    );
    let repo = repo(
        tmp.path(),
        &[("main", &standard_files()), ("next", &second)],
    );
    let site = tmp.path().join("site");
    build_site(&repo, "main", &site);
    build_site(&repo, "next", &site);
    // The same commit again replaces its record.
    build_site(&repo, "next", &site);
    let history: Value = serde_json::from_str(&read(&site, "history.json")).unwrap();
    let records = history["records"].as_array().unwrap();
    let shas: Vec<&str> = records.iter().map(|r| r["sha"].as_str().unwrap()).collect();
    assert_eq!(shas, [sha_of(&repo, "main"), sha_of(&repo, "next")]);
    assert_eq!(records[0]["date"], "2024-01-01T00:00:00Z");
    assert!(
        records[0]["monthly_cost"].as_f64().unwrap() > records[1]["monthly_cost"].as_f64().unwrap()
    );
    assert!(
        records[0]["compliance"]["SOC 2"].is_u64() || records[0]["compliance"]["SOC 2"].is_null()
    );
    assert!(records[0]["findings"]["high"].is_u64());
    let page = read(&site, "history.html");
    assert!(page.contains(&sha_of(&repo, "main")));
    assert!(!page.contains("Only one build so far"));
    assert!(page.contains("<polyline"), "a trend line");

    // A history that cannot be read is kept, not dropped.
    std::fs::write(site.join("history.json"), "{ not json").unwrap();
    let out = build_site(&repo, "main", &site);
    assert!(String::from_utf8_lossy(&out.stderr).contains("history.json"));
    assert_eq!(read(&site, "history.unreadable.json"), "{ not json");
    let history: Value = serde_json::from_str(&read(&site, "history.json")).unwrap();
    assert_eq!(history["records"].as_array().unwrap().len(), 1);

    // A gh-pages checkout given as the previous output keeps its .git.
    std::fs::create_dir(site.join(".git")).unwrap();
    std::fs::write(site.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    build_site(&repo, "next", &site);
    assert_eq!(read(&site, ".git/HEAD"), "ref: refs/heads/gh-pages\n");
}

#[test]
fn a_docs_only_rebuild_reuses_the_review_and_gives_the_same_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let mut docs_only = standard_files();
    docs_only[4] = ("docs/guide.md", b"# Guide\n\n## Setup\n\nRewritten.\n");
    // A secret written into the docs: Kali, which reads Markdown too, still runs.
    docs_only.push((
        "docs/secret.md",
        b"# Keys\n\naws_access_key_id = AKIAUJZDEGXDNCF32EPF\n",
    ));
    let mut code = docs_only.clone();
    code[0] = (
        "main.tf",
        b"resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n",
    );
    let repo = repo(
        tmp.path(),
        &[
            ("main", &standard_files()),
            ("docs", &docs_only),
            ("code", &code),
        ],
    );
    let site = tmp.path().join("site");
    let first = build_site(&repo, "main", &site);
    assert!(!String::from_utf8_lossy(&first.stderr).contains("reused"));

    let out = build_site(&repo, "docs", &site);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("review reused"), "{said}");
    let reused = read(&site, "findings.html");
    assert!(read(&site, "docs/docs/guide.html").contains("Rewritten."));

    // The same commit built from scratch gives the same findings page.
    let fresh = tmp.path().join("fresh");
    let out = build_site(&repo, "docs", &fresh);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("reused"));
    assert_eq!(reused, read(&fresh, "findings.html"));
    assert!(
        reused.replace("&#x2F;", "/").contains("docs/secret.md:3"),
        "Kali's secret finding in a doc"
    );

    let out = build_site(&repo, "code", &site);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("reused"),
        "a change to Terraform runs the review"
    );
}

#[test]
fn the_drift_page_compares_the_configured_roots_and_keeps_each_builds_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let state = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drift/states/shop.tfstate");
    let repo = crate::support::fixture_repo("drift/repo", tmp.path());
    let config = format!(
        "drift:\n  roots:\n    - path: .\n      state: {}\n",
        state.display()
    );
    std::fs::write(repo.join("aetheredge.yaml"), config).unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["add", "aetheredge.yaml"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "drift roots",
    ]);
    let site = tmp.path().join("site");
    build_site(&repo, "HEAD", &site);
    build_site(&repo, "HEAD", &site);
    let html = read(&site, "drift.html");
    assert!(html.contains("<td><code>aws_instance.web</code></td><td>drifted</td><td><code>tags.Team</code></td><td><code>&quot;shop&quot;</code></td><td><code>&quot;payments&quot;</code></td>"), "{html}");
    assert!(html.contains("<td><code>(sensitive)</code></td>"));
    assert!(!html.contains("hunter2") && !html.contains("correct-horse"));
    assert!(
        html_problems(&html).is_empty(),
        "{:?}",
        html_problems(&html)
    );
    let history: Value = serde_json::from_str(&read(&site, "drift-history.json")).unwrap();
    let runs = history["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2, "each build is a drift run: {history}");
    assert_eq!(runs[1]["roots"][0]["drifted"], 3);
    assert_eq!(runs[1]["roots"][0]["not_in_code"], 1);
}

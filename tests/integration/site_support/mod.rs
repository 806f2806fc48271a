//! What the site's test files share: a test repo with modules, resources that Kali flags,
//! docs with hostile markup, a site build through the binary, and two checks over a built
//! site (internal links, and HTML that parses without errors).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aetheredge::fixture::Scenario;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

pub type Files<'a> = &'a [(&'a str, &'a [u8])];

pub fn repo(dir: &Path, commits: &[(&str, Files)]) -> PathBuf {
    let commits = commits
        .iter()
        .map(|(branch, files)| (*branch, files.iter().copied()));
    Scenario::from_commits("site", commits)
        .build(&dir.join("repo"))
        .unwrap()
        .path
}

pub fn aetheredge(args: &[&str]) -> Output {
    crate::support::aetheredge(args)
}

/// Builds the site of `rev` into `out` and returns the binary's output; panics on failure.
pub fn build_site(repo: &Path, rev: &str, out: &Path) -> Output {
    let output = aetheredge(&[
        "site",
        "--repo",
        repo.to_str().unwrap(),
        "--rev",
        rev,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

pub fn sha_of(repo: &Path, rev: &str) -> String {
    let out = Command::new("git")
        .args(["-C", repo.to_str().unwrap(), "rev-parse", rev])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub const NET_VARS: &[u8] = br#"
variable "cidr" {
  type        = string
  description = "The VPC's CIDR block."
  validation {
    condition     = can(cidrnetmask(var.cidr))
    error_message = "cidr must be a CIDR block."
  }
}

variable "password" {
  type      = string
  sensitive = true
}
"#;

pub const NET_MAIN: &[u8] = br#"
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

data "aws_availability_zones" "all" {}

resource "aws_vpc" "this" {
  cidr_block = var.cidr
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr, 8, 1)
  availability_zone = data.aws_availability_zones.all.names[0]
}

output "vpc_id" {
  value       = aws_vpc.this.id
  description = "The VPC's id."
}
"#;

pub const ROOT_MAIN: &[u8] = br#"
module "net" {
  source   = "./modules/net"
  cidr     = "10.0.0.0/16"
  password = "x"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.large"
  subnet_id     = module.net.vpc_id
}

resource "aws_db_instance" "db" {
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  allocated_storage   = 20
  publicly_accessible = true
}
"#;

/// Hostile markup of every kind the site must make inert.
pub const HOSTILE_README: &[u8] = b"# Infra\n\nSee the [guide](docs/guide.md#setup) and [code](main.tf).\n\n<script>alert(1)</script>\n<img src=\"docs/diagram.png\" onerror=\"alert(2)\">\n<a href=\"javascript:alert(3)\">x</a> <a href=\"  JaVaScRiPt:alert(3)\">x2</a> <div onclick=\"alert(4)\" onmouseover=\"alert(4)\">y</div>\n<iframe src=\"https://evil.example\"></iframe>\n<svg onload=\"alert(5)\"><script>alert(6)</script></svg>\n\n[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==) <a href=\"data:text/html,<script>alert(8)</script>\">d</a>\n<object data=\"x.swf\"></object><embed src=\"x.swf\"><style>body{display:none}</style>\n<form action=\"https://evil.example\"><input name=\"q\"></form>\n<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n<base href=\"https://evil.example/\">\n<p style=\"background:url(javascript:alert(9))\">styled</p>\n<math><mi xlink:href=\"javascript:alert(10)\">m</mi></math>\n\n## Storage\n\nThe logs bucket keeps access logs.\n";
pub const GUIDE: &[u8] =
    b"# Guide\n\n## Setup\n\nBack to the [readme](../README.md). ![d](diagram.png)\n\n- [x] done\n- [ ] todo\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nA note[^1].\n\n[^1]: The footnote.\n";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// The standard test repo: one commit on `main`.
pub fn standard_files() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("main.tf", ROOT_MAIN),
        ("modules/net/variables.tf", NET_VARS),
        ("modules/net/main.tf", NET_MAIN),
        ("README.md", HOSTILE_README),
        ("docs/guide.md", GUIDE),
        ("docs/diagram.png", PNG),
    ]
}

/// Every `.html` file under `dir`, sorted.
pub fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every relative href and src of every page that does not resolve to a file of the site, or
/// whose fragment names no id of its target page; panics on an absolute link.
pub fn broken_links(site: &Path) -> Vec<String> {
    let attr = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let ids = regex::Regex::new(r#"\sid="([^"]*)""#).unwrap();
    let mut broken = Vec::new();
    for path in pages(site) {
        let html = std::fs::read_to_string(&path).unwrap();
        for cap in attr.captures_iter(&html) {
            // Attribute values are HTML: decode what tera escapes, as a browser does.
            let link = &cap[1].replace("&#x2F;", "/").replace("&amp;", "&");
            assert!(
                !link.starts_with('/') && !link.starts_with("//"),
                "absolute link {link} in {}",
                path.display()
            );
            if link.contains(':') || link.starts_with('#') {
                continue;
            }
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (link.as_str(), None),
            };
            let target_path = path.parent().unwrap().join(target);
            if !target_path.is_file() {
                broken.push(format!("{} -> {link}", path.display()));
                continue;
            }
            if let (Some(fragment), true) = (fragment, target.ends_with(".html")) {
                let text = std::fs::read_to_string(&target_path).unwrap();
                if !ids
                    .captures_iter(&text)
                    .any(|c| c[1].replace("&#x2F;", "/") == fragment)
                {
                    broken.push(format!("{} -> {link} (no such id)", path.display()));
                }
            }
        }
    }
    broken
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// A tag as the tokenizer gave it: line, start or end, name, self-closing, attributes.
type TagSeen = (u64, TagKind, String, bool, Vec<(String, String)>);

/// Collects the tokens the HTML5 tokenizer gives, and its parse errors.
#[derive(Default)]
struct Collect {
    tags: RefCell<Vec<TagSeen>>,
    errors: RefCell<Vec<String>>,
    doctype: RefCell<bool>,
}

impl TokenSink for Collect {
    type Handle = ();
    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => self.tags.borrow_mut().push((
                line,
                tag.kind,
                tag.name.to_string(),
                tag.self_closing,
                tag.attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect(),
            )),
            Token::ParseError(e) => self.errors.borrow_mut().push(format!("line {line}: {e}")),
            Token::DoctypeToken(_) => *self.doctype.borrow_mut() = true,
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// What is wrong with a page as HTML: the tokenizer's parse errors (with exact errors on),
/// a missing doctype, duplicate attributes or ids, end tags that close nothing open, elements
/// never closed, and a self-closing non-void HTML element. Every page of the site closes every
/// element it opens (no implied end tags), so nesting is checked strictly.
pub fn html_problems(html: &str) -> Vec<String> {
    let tokenizer = Tokenizer::new(
        Collect::default(),
        TokenizerOpts {
            exact_errors: true,
            ..Default::default()
        },
    );
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let sink = &tokenizer.sink;
    let mut problems = sink.errors.borrow().clone();
    if !*sink.doctype.borrow() {
        problems.push("no doctype".to_string());
    }
    let mut open: Vec<(String, u64)> = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (line, kind, name, self_closing, attrs) in sink.tags.borrow().iter() {
        let mut seen = std::collections::HashSet::new();
        for (a, value) in attrs {
            if !seen.insert(a) {
                problems.push(format!("line {line}: <{name}> repeats attribute {a}"));
            }
            if a == "id" && !ids.insert(value.clone()) {
                problems.push(format!("line {line}: duplicate id {value}"));
            }
        }
        let in_svg = open.iter().any(|(n, _)| n == "svg" || n == "math");
        match kind {
            TagKind::StartTag if VOID.contains(&name.as_str()) => {}
            TagKind::StartTag if *self_closing => {
                if !in_svg {
                    problems.push(format!("line {line}: self-closing <{name}/>"));
                }
            }
            TagKind::StartTag => open.push((name.clone(), *line)),
            TagKind::EndTag => match open.last() {
                Some((n, _)) if n == name => {
                    open.pop();
                }
                Some((n, l)) => {
                    problems.push(format!(
                        "line {line}: </{name}> while <{n}> (line {l}) is open"
                    ));
                    if let Some(p) = open.iter().rposition(|(n, _)| n == name) {
                        open.truncate(p);
                    }
                }
                None => problems.push(format!("line {line}: </{name}> closes nothing")),
            },
        }
    }
    for (n, l) in open {
        problems.push(format!("<{n}> (line {l}) is never closed"));
    }
    problems
}

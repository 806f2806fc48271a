//! Dockerfiles as conftest gives them to policies: one document, the list of the file's
//! instructions in order, each `{Cmd, SubCmd, JSON, Flags, Value, Stage}` with the comments
//! above an instruction as `comment` entries before it. The instructions, their extent
//! (line continuations, here-documents, the `escape` directive) and syntax errors come from
//! `parse-dockerfile`; `Value` splits each instruction's arguments the way BuildKit's parser
//! does, which is the shape conftest's policies read (`ENV a=1` is `["a", "1", "="]`,
//! `RUN apk add x` is one string, an exec form is its JSON array with `JSON: true`).

use parse_dockerfile::Instruction;
use serde_json::{json, Value as Json};

/// Why a Dockerfile cannot be read, at a 1-based line and column.
#[derive(Debug)]
pub(crate) struct DockerfileError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The instructions of a Dockerfile in conftest's shape.
pub(crate) fn commands(text: &str) -> Result<Json, DockerfileError> {
    let parsed = parse_dockerfile::parse(text).map_err(|e| DockerfileError {
        line: e.line() as u32,
        column: e.column() as u32,
        message: e.to_string(),
    })?;
    let escape = parsed
        .parser_directives
        .escape
        .as_ref()
        .map_or('\\', |d| d.value.value);
    let directives_end = [
        parsed
            .parser_directives
            .syntax
            .as_ref()
            .map(|d| d.span().end),
        parsed
            .parser_directives
            .escape
            .as_ref()
            .map(|d| d.span().end),
        parsed
            .parser_directives
            .check
            .as_ref()
            .map(|d| d.span().end),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let mut out = Vec::new();
    let mut stage: i64 = -1;
    let mut previous_end = directives_end;
    for instruction in &parsed.instructions {
        let start = keyword_start(instruction);
        for comment in comments_between(&text[previous_end.min(start)..start]) {
            out.push(json!({
                "Cmd": "comment", "SubCmd": "", "JSON": false, "Flags": [],
                "Value": [comment], "Stage": stage.max(0),
            }));
        }
        if matches!(instruction, Instruction::From(_)) {
            stage += 1;
        }
        let line = logical_line(&text[start..], escape);
        previous_end = start + line.consumed.max(1);
        previous_end = previous_end.max(here_docs_end(instruction));
        let (cmd, rest) = split_keyword(&line.text);
        let (mut cmd, mut rest) = (cmd.to_ascii_lowercase(), rest.to_string());
        let mut sub_cmd = String::new();
        if cmd == "onbuild" {
            let (sub, sub_rest) = split_keyword(&rest);
            sub_cmd = sub.to_ascii_lowercase();
            rest = sub_rest.to_string();
            cmd = "onbuild".into();
        }
        let (flags, rest) = builder_flags(&rest);
        let kind = if sub_cmd.is_empty() { &cmd } else { &sub_cmd };
        let (value, is_json) = arguments(kind, rest, escape);
        out.push(json!({
            "Cmd": cmd, "SubCmd": sub_cmd, "JSON": is_json, "Flags": flags,
            "Value": value, "Stage": stage.max(0),
        }));
    }
    Ok(Json::Array(out))
}

/// Where an instruction's keyword starts.
fn keyword_start(instruction: &Instruction<'_>) -> usize {
    match instruction {
        Instruction::Add(i) => i.add.span.start,
        Instruction::Arg(i) => i.arg.span.start,
        Instruction::Cmd(i) => i.cmd.span.start,
        Instruction::Copy(i) => i.copy.span.start,
        Instruction::Entrypoint(i) => i.entrypoint.span.start,
        Instruction::Env(i) => i.env.span.start,
        Instruction::Expose(i) => i.expose.span.start,
        Instruction::From(i) => i.from.span.start,
        Instruction::Healthcheck(i) => i.healthcheck.span.start,
        Instruction::Label(i) => i.label.span.start,
        Instruction::Maintainer(i) => i.maintainer.span.start,
        Instruction::Onbuild(i) => i.onbuild.span.start,
        Instruction::Run(i) => i.run.span.start,
        Instruction::Shell(i) => i.shell.span.start,
        Instruction::Stopsignal(i) => i.stopsignal.span.start,
        Instruction::User(i) => i.user.span.start,
        Instruction::Volume(i) => i.volume.span.start,
        Instruction::Workdir(i) => i.workdir.span.start,
        _ => 0,
    }
}

/// The end of an instruction's here-documents (their bodies follow its line).
fn here_docs_end(instruction: &Instruction<'_>) -> usize {
    let sources = |src: &[parse_dockerfile::Source<'_>]| {
        src.iter()
            .filter_map(|s| match s {
                parse_dockerfile::Source::HereDoc(h) => Some(h.span.end),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    };
    match instruction {
        Instruction::Run(i) => i.here_docs.iter().map(|h| h.span.end).max().unwrap_or(0),
        Instruction::Copy(i) => sources(&i.src),
        Instruction::Add(i) => sources(&i.src),
        Instruction::Onbuild(i) => here_docs_end(&i.instruction),
        _ => 0,
    }
}

/// BuildKit's comments above an instruction: `#` lines, text trimmed; an empty `#` line
/// starts the list anew.
fn comments_between(gap: &str) -> Vec<String> {
    let mut comments = Vec::new();
    for line in gap.lines() {
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let comment = comment.trim();
        if comment.is_empty() {
            comments.clear();
        } else {
            comments.push(comment.to_string());
        }
    }
    comments
}

/// An instruction's text with its line continuations joined, as BuildKit reads it: an
/// escape character ending a line joins the next one; comment and blank lines inside the
/// continuation are skipped.
struct LogicalLine {
    text: String,
    /// Bytes of the source the instruction spans.
    consumed: usize,
}

fn logical_line(from: &str, escape: char) -> LogicalLine {
    let mut text = String::new();
    let mut consumed = 0;
    let mut first = true;
    for raw in from.split_inclusive('\n') {
        consumed += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if !first {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
        }
        first = false;
        let body = line.trim_end();
        match body.strip_suffix(escape) {
            Some(joined) => text.push_str(joined),
            None => {
                text.push_str(line);
                break;
            }
        }
    }
    LogicalLine {
        text: text.trim().to_string(),
        consumed,
    }
}

/// The keyword and the rest of a line.
fn split_keyword(line: &str) -> (&str, &str) {
    let line = line.trim_start();
    match line.find(char::is_whitespace) {
        Some(at) => (&line[..at], line[at..].trim_start()),
        None => (line, ""),
    }
}

/// The `--name[=value]` words that open the arguments, as written, and what follows.
fn builder_flags(rest: &str) -> (Vec<String>, &str) {
    let mut flags = Vec::new();
    let mut rest = rest.trim_start();
    while rest.starts_with("--") {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        flags.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
    }
    (flags, rest)
}

/// An instruction's `Value` and whether it was written as a JSON array, per instruction as
/// BuildKit's line parsers split them.
fn arguments(cmd: &str, rest: &str, escape: char) -> (Vec<String>, bool) {
    match cmd {
        "run" | "cmd" | "entrypoint" | "shell" => maybe_json(rest),
        "add" | "copy" | "volume" => match json_array(rest) {
            Some(items) => (items, true),
            None => (whitespace_words(rest), false),
        },
        "from" | "expose" => (whitespace_words(rest), false),
        "arg" => (quoted_words(rest, escape), false),
        "env" | "label" => (name_values(rest, escape), false),
        "healthcheck" => {
            let (kind, command) = split_keyword(rest);
            if kind.eq_ignore_ascii_case("cmd") {
                let (mut value, is_json) = maybe_json(command);
                value.insert(0, kind.to_string());
                (value, is_json)
            } else {
                (vec![kind.to_string()], false)
            }
        }
        _ if rest.is_empty() => (Vec::new(), false),
        _ => (vec![rest.to_string()], false),
    }
}

/// A JSON array of strings, or the whole text as one value.
fn maybe_json(rest: &str) -> (Vec<String>, bool) {
    if rest.is_empty() {
        return (Vec::new(), false);
    }
    match json_array(rest) {
        Some(items) => (items, true),
        None => (vec![rest.to_string()], false),
    }
}

fn json_array(rest: &str) -> Option<Vec<String>> {
    if !rest.trim_start().starts_with('[') {
        return None;
    }
    serde_json::from_str::<Vec<String>>(rest.trim()).ok()
}

fn whitespace_words(rest: &str) -> Vec<String> {
    rest.split_whitespace().map(str::to_string).collect()
}

/// Words separated by blanks, quotes kept (BuildKit's `parseWords`): a quoted part may hold
/// blanks; the escape character keeps the next character in the word.
fn quoted_words(rest: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut blank_ok = false;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            None if c.is_whitespace() => {
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                blank_ok = false;
            }
            None => {
                if c == '\'' || c == '"' {
                    quote = Some(c);
                    blank_ok = true;
                }
                word.push(c);
                if c == escape {
                    if let Some(next) = chars.next() {
                        word.push(next);
                    }
                }
            }
            Some(q) => {
                if c == q {
                    quote = None;
                }
                word.push(c);
                if c == escape && q != '\'' {
                    if let Some(next) = chars.next() {
                        word.push(next);
                    }
                }
            }
        }
    }
    if blank_ok || !word.is_empty() {
        words.push(word);
    }
    words
}

/// `ENV` and `LABEL`: `name=value` words as `[name, value, "="]` triples; the old form
/// `ENV name value with blanks` as `[name, rest, ""]`.
fn name_values(rest: &str, escape: char) -> Vec<String> {
    let words = quoted_words(rest, escape);
    match words.first() {
        None => Vec::new(),
        Some(first) if !first.contains('=') => {
            let (name, value) = split_keyword(rest);
            vec![name.to_string(), value.to_string(), String::new()]
        }
        Some(_) => words
            .iter()
            .flat_map(|w| {
                let (name, value) = w.split_once('=').unwrap_or((w, ""));
                [name.to_string(), value.to_string(), "=".to_string()]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_have_conftests_shape() {
        let text = "# syntax=docker/dockerfile:1\n# the build image\nFROM golang:1.22 AS build\nARG VERSION=dev\nENV CGO_ENABLED=0 LABEL_TEXT=\"two words\"\nENV LEGACY some value\nCOPY --chown=app:app . /src\nRUN go build \\\n    -o /out/app \\\n    ./cmd/app\n\nFROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\nHEALTHCHECK --interval=30s CMD [\"app\", \"health\"]\nONBUILD RUN echo hi\nENTRYPOINT [\"app\"]\n";
        let got = commands(text).unwrap();
        let cmds = got.as_array().unwrap();
        let summary: Vec<(String, Json, i64)> = cmds
            .iter()
            .map(|c| {
                (
                    c["Cmd"].as_str().unwrap().to_string(),
                    c["Value"].clone(),
                    c["Stage"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("comment".into(), json!(["the build image"]), 0),
                ("from".into(), json!(["golang:1.22", "AS", "build"]), 0),
                ("arg".into(), json!(["VERSION=dev"]), 0),
                (
                    "env".into(),
                    json!(["CGO_ENABLED", "0", "=", "LABEL_TEXT", "\"two words\"", "="]),
                    0
                ),
                ("env".into(), json!(["LEGACY", "some value", ""]), 0),
                ("copy".into(), json!([".", "/src"]), 0),
                (
                    "run".into(),
                    json!(["go build     -o /out/app     ./cmd/app"]),
                    0
                ),
                ("from".into(), json!(["alpine:3.20"]), 1),
                ("copy".into(), json!(["/out/app", "/usr/local/bin/app"]), 1),
                ("healthcheck".into(), json!(["CMD", "app", "health"]), 1),
                ("onbuild".into(), json!(["echo hi"]), 1),
                ("entrypoint".into(), json!(["app"]), 1),
            ]
        );
        assert_eq!(cmds[5]["Flags"], json!(["--chown=app:app"]));
        assert_eq!(cmds[8]["Flags"], json!(["--from=build"]));
        assert_eq!(cmds[9]["Flags"], json!(["--interval=30s"]));
        assert_eq!(cmds[9]["JSON"], json!(true));
        assert_eq!(cmds[10]["SubCmd"], json!("run"));
        assert_eq!(cmds[11]["JSON"], json!(true));
        assert_eq!(cmds[7]["JSON"], json!(false));
    }

    #[test]
    fn a_broken_dockerfile_names_its_line() {
        let e = commands("FROM alpine\nRUN echo ok\nNOTANINSTRUCTION x\n").unwrap_err();
        assert_eq!(e.line, 3, "{}", e.message);
    }
}

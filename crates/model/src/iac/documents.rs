//! Configuration files as data documents, the way conftest's parsers hand them to a policy:
//! a YAML stream is one document per `---` section, a JSON file one document. Terraform
//! files are not read here (they have their own parser); what a review reads as a plan
//! file, a blueprint or a Kubernetes manifest is still a document too, as conftest sees it.

use serde_json::Value as Json;

/// The parsers conftest picks by a file's last extension that are read here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parser {
    Yaml,
    Json,
    Toml,
    /// `.ini`: an object of sections, each an object of keys; values that read as numbers
    /// or booleans become them (as conftest's `ini` parser converts them); keys outside a
    /// section are dropped, as conftest drops its `DEFAULT` section.
    Ini,
    /// `.env`: an object of variables, each a string (conftest's `dotenv` parser).
    Dotenv,
    /// A Dockerfile: the list of its instructions (conftest's `dockerfile` parser).
    Dockerfile,
}

impl Parser {
    /// The parser of a path by its last extension (`.yaml`, `.yml`, `.json`, `.toml`), as conftest
    /// chooses it; Terraform's own `.tf.json` and `.tfvars.json` are Terraform files.
    pub fn of_path(path: &str) -> Option<Parser> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".tf.json") || lower.ends_with(".tfvars.json") {
            return None;
        }
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Parser::Yaml)
        } else if lower.ends_with(".json") {
            Some(Parser::Json)
        } else if lower.ends_with(".toml") {
            Some(Parser::Toml)
        } else if lower.ends_with(".ini") {
            Some(Parser::Ini)
        } else if lower.ends_with(".env") {
            Some(Parser::Dotenv)
        } else if is_dockerfile(&lower) {
            Some(Parser::Dockerfile)
        } else {
            None
        }
    }

    /// The parser conftest's `--parser` (and `parse_config`) names: `yaml`, `json`, `toml`,
    /// `ini`, `dotenv`.
    pub fn named(name: &str) -> Option<Parser> {
        match name.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Parser::Yaml),
            "json" => Some(Parser::Json),
            "toml" => Some(Parser::Toml),
            "ini" => Some(Parser::Ini),
            "dotenv" => Some(Parser::Dotenv),
            "dockerfile" => Some(Parser::Dockerfile),
            _ => None,
        }
    }
}

/// A Dockerfile by its name, as conftest tells: `Dockerfile`, `Dockerfile.<anything>` or
/// `<anything>.dockerfile` (any case).
fn is_dockerfile(lower_path: &str) -> bool {
    let name = lower_path.rsplit('/').next().unwrap_or(lower_path);
    name == "dockerfile" || name.starts_with("dockerfile.") || name.ends_with(".dockerfile")
}

/// One document of a file, with the line it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub line: u32,
    pub body: Json,
}

/// A file that is not what its parser reads, or nests deeper than the limit.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct DocumentError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The documents of one file. Empty YAML documents (a stream that starts with `---`) are
/// skipped; a file nesting deeper than `decode_depth` is refused before it is parsed.
pub fn parse(
    path: &str,
    text: &str,
    parser: Parser,
    decode_depth: usize,
) -> Result<Vec<Document>, DocumentError> {
    // A parser that stops at the end of the text names the line after the last one.
    let last_line = text.lines().count().max(1) as u32;
    let error = |line: u32, column: u32, message: String| DocumentError {
        file: path.to_string(),
        line: line.clamp(1, last_line),
        column,
        message,
    };
    // Every parser recurses: text nested deeper than the limit is refused before it is read.
    if let Err(deep) = aetheredge_core::limits::yaml_nesting(text, decode_depth) {
        return Err(error(
            deep.line,
            1,
            format!(
                "nested {} deep, over the limit of {decode_depth}",
                deep.depth
            ),
        ));
    }
    match parser {
        Parser::Json => serde_json::from_str::<Json>(text)
            .map(|body| vec![Document { line: 1, body }])
            .map_err(|e| error(e.line() as u32, e.column() as u32, e.to_string())),
        Parser::Toml => {
            let table: toml::Table = toml::from_str(text).map_err(|e| {
                let (line, column) = e
                    .span()
                    .map(|span| line_and_column(text, span.start))
                    .unwrap_or((1, 1));
                error(line, column, e.message().to_string())
            })?;
            let body = serde_json::to_value(&table)
                .map_err(|e| error(1, 1, format!("not a JSON-shaped document: {e}")))?;
            Ok(vec![Document { line: 1, body }])
        }
        Parser::Ini => {
            let ini = ini::Ini::load_from_str(text)
                .map_err(|e| error(e.line as u32, e.col as u32, e.msg.to_string()))?;
            let mut sections = serde_json::Map::new();
            for (name, properties) in ini.iter() {
                let Some(name) = name else { continue };
                let section = sections
                    .entry(name.to_string())
                    .or_insert_with(|| Json::Object(serde_json::Map::new()));
                if let Json::Object(section) = section {
                    for (key, value) in properties.iter() {
                        section.insert(key.to_string(), ini_value(value));
                    }
                }
            }
            Ok(vec![Document {
                line: 1,
                body: Json::Object(sections),
            }])
        }
        Parser::Dockerfile => super::dockerfile::commands(text)
            .map(|body| vec![Document { line: 1, body }])
            .map_err(|e| error(e.line, e.column, e.message)),
        Parser::Dotenv => {
            let mut variables = serde_json::Map::new();
            for (index, item) in dotenvy::from_read_iter(text.as_bytes()).enumerate() {
                let (key, value) = item.map_err(|e| match e {
                    dotenvy::Error::LineParse(line, column) => error(
                        line_of(text, &line).unwrap_or(index as u32 + 1),
                        column as u32 + 1,
                        format!("cannot read the line `{line}`"),
                    ),
                    other => error(index as u32 + 1, 1, other.to_string()),
                })?;
                variables.insert(key, Json::String(value));
            }
            Ok(vec![Document {
                line: 1,
                body: Json::Object(variables),
            }])
        }
        Parser::Yaml => {
            let mut out = Vec::new();
            for (first_line, doc) in yaml_documents(text) {
                if doc.trim().is_empty() {
                    continue;
                }
                let value = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&doc).map_err(|e| {
                    let (line, column) = e
                        .location()
                        .map(|l| (l.line() as u32, l.column() as u32))
                        .unwrap_or((1, 1));
                    error(first_line + line.saturating_sub(1), column, e.to_string())
                })?;
                let body = serde_json::to_value(&value).map_err(|e| {
                    error(first_line, 1, format!("not a JSON-shaped document: {e}"))
                })?;
                if !body.is_null() {
                    out.push(Document {
                        line: first_line,
                        body,
                    });
                }
            }
            Ok(out)
        }
    }
}

/// An INI value as conftest converts it: a number when Go's `ParseFloat` reads one, else a
/// boolean when `ParseBool` does, else the string.
fn ini_value(value: &str) -> Json {
    let number = value
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && !value.trim().is_empty());
    if let Some(n) = number.and_then(serde_json::Number::from_f64) {
        return Json::Number(n);
    }
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Json::Bool(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Json::Bool(false),
        _ => Json::String(value.to_string()),
    }
}

/// The 1-based line of the first line of `text` that is `line`.
fn line_of(text: &str, line: &str) -> Option<u32> {
    text.lines()
        .position(|l| l.trim_end() == line.trim_end())
        .map(|i| i as u32 + 1)
}

/// The 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, column)
}

/// The documents of a YAML stream with the line each starts on (the line after `---`).
pub fn yaml_documents(text: &str) -> Vec<(u32, String)> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start = 1u32;
    for (i, line) in text.lines().enumerate() {
        let number = i as u32 + 1;
        if line == "---" || line.starts_with("--- ") || line == "..." {
            docs.push((start, std::mem::take(&mut current)));
            start = number + 1;
            continue;
        }
        current.push_str(line);
        current.push('\n');
    }
    docs.push((start, current));
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yaml_stream_gives_each_document_with_its_line() {
        let text = "---\nkind: A\n---\n\n---\nkind: B\nspec:\n  n: 1\n";
        let docs = parse("m.yaml", text, Parser::Yaml, 64).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].line, 2);
        assert_eq!(docs[1].line, 6);
        assert_eq!(docs[1].body["spec"]["n"], 1);
    }

    #[test]
    fn a_broken_document_names_its_file_and_line() {
        let text = "kind: A\n---\nkind: [B\n";
        let e = parse("m.yaml", text, Parser::Yaml, 64).unwrap_err();
        assert_eq!(e.file, "m.yaml");
        assert!(e.line >= 3, "{e}");
        let unclosed = parse("c.yaml", "kind: A\nnames: [a\n", Parser::Yaml, 64).unwrap_err();
        assert_eq!(unclosed.line, 2, "{unclosed}");
        let e = parse("d.json", "{\n \"a\": }", Parser::Json, 64).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("d.json", 2));
    }

    #[test]
    fn documents_nested_over_the_limit_are_refused() {
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        assert!(parse("d.json", &deep, Parser::Json, 16).is_err());
        let yaml: String = (0..40)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        assert!(parse("d.yaml", &yaml, Parser::Yaml, 16).is_err());
    }

    #[test]
    fn toml_is_one_document_and_its_errors_have_a_line() {
        let docs = parse("c.toml", "[server]\nport = 8080\n", Parser::Toml, 64).unwrap();
        assert_eq!(docs[0].body["server"]["port"], 8080);
        let e = parse("c.toml", "[server]\nport = \n", Parser::Toml, 64).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("c.toml", 2), "{e}");
    }

    #[test]
    fn ini_sections_hold_numbers_booleans_and_strings_as_conftest_converts_them() {
        let text = "; a comment\norphan = dropped\n[server]\nhttp_port = 3000\nenforce_domain = false\nprotocol = http\nratio = 0.5\n\n[security]\nadmin_user = admin\ncookie_secure = true\n";
        let docs = parse("grafana.ini", text, Parser::Ini, 64).unwrap();
        assert_eq!(
            docs[0].body,
            serde_json::json!({
                "server": {"http_port": 3000.0, "enforce_domain": false, "protocol": "http", "ratio": 0.5},
                "security": {"admin_user": "admin", "cookie_secure": true}
            })
        );
        // An unclosed section header runs to the end of the file, where it is reported.
        let e = parse("bad.ini", "[server\nport = 1\n", Parser::Ini, 64).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("bad.ini", 2), "{e}");
        assert!(e.message.contains(']'), "{e}");
    }

    #[test]
    fn dotenv_files_are_an_object_of_strings() {
        let text = "# the app\nexport APP_ENV=production\nDB_PORT=5432\nGREETING=\"hello world\"\n";
        let docs = parse("app/.env", text, Parser::Dotenv, 64).unwrap();
        assert_eq!(
            docs[0].body,
            serde_json::json!({"APP_ENV": "production", "DB_PORT": "5432", "GREETING": "hello world"})
        );
        let e = parse(
            "app/.env",
            "OK=1\nthis is not a variable\n",
            Parser::Dotenv,
            64,
        )
        .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn parsers_are_chosen_by_the_last_extension() {
        assert_eq!(Parser::of_path("k8s/app.YML"), Some(Parser::Yaml));
        assert_eq!(Parser::of_path("plan.json"), Some(Parser::Json));
        assert_eq!(Parser::of_path("main.tf.json"), None);
        assert_eq!(Parser::of_path("main.tf"), None);
        assert_eq!(Parser::named("YAML"), Some(Parser::Yaml));
        assert_eq!(Parser::of_path("pyproject.toml"), Some(Parser::Toml));
        assert_eq!(Parser::of_path("conf/grafana.ini"), Some(Parser::Ini));
        assert_eq!(Parser::of_path("app/.env"), Some(Parser::Dotenv));
        assert_eq!(Parser::named("dotenv"), Some(Parser::Dotenv));
        assert_eq!(Parser::of_path("Dockerfile"), Some(Parser::Dockerfile));
        assert_eq!(
            Parser::of_path("svc/Dockerfile.debug"),
            Some(Parser::Dockerfile)
        );
        assert_eq!(
            Parser::of_path("svc/dev.Dockerfile"),
            Some(Parser::Dockerfile)
        );
        assert_eq!(Parser::of_path("svc/Dockerfiles/notes.md"), None);
        assert_eq!(Parser::named("Dockerfile"), Some(Parser::Dockerfile));
    }
}

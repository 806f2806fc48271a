//! conftest's own built-ins, so its policies and their unit tests run unchanged:
//! `parse_config(parser, text)`, `parse_config_file(path)` and
//! `parse_combined_config_files(paths)`. They parse as the review does: `hcl2` (`tf`,
//! `hcl`) gives the document of [`super::hcl_input`], `yaml` and `json` their documents
//! (a YAML stream of several documents is an array of them).
//!
//! A file is read only through [`ConfigFiles`]: the policy directory of `policy test`, or
//! the reviewed tree, by a path relative to it. `..` cannot leave it and nothing else on
//! the machine is reachable.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use regorus::{Engine, Value};

use super::builtins::add;

use aetheredge_core::limits::{Limit, Limits};
use aetheredge_model::iac::documents::{self, Parser};

/// Where `parse_config_file` reads from.
#[derive(Clone, Default)]
pub enum ConfigFiles {
    /// Nothing: every path is an error.
    #[default]
    None,
    /// A directory on disk (`policy test DIR`): files inside it.
    Dir(PathBuf),
    /// Files of a tree by repo-relative path, looked up under `base` first, then the root.
    Tree {
        files: Arc<BTreeMap<String, Arc<str>>>,
        base: String,
    },
}

impl std::fmt::Debug for ConfigFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigFiles::None => write!(f, "ConfigFiles::None"),
            ConfigFiles::Dir(d) => write!(f, "ConfigFiles::Dir({})", d.display()),
            ConfigFiles::Tree { files, base } => {
                write!(f, "ConfigFiles::Tree({} files under {base:?})", files.len())
            }
        }
    }
}

/// `path` with `.` and `..` resolved inside its root; `None` when it leaves the root or is
/// absolute.
fn inside(path: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

impl ConfigFiles {
    fn read(&self, path: &str, max_bytes: usize) -> anyhow::Result<String> {
        let outside = || {
            anyhow::anyhow!(
                "{path}: only paths inside the policy directory or the repository are read"
            )
        };
        let text = match self {
            ConfigFiles::None => anyhow::bail!("{path}: no files can be read here"),
            ConfigFiles::Dir(dir) => {
                let relative = inside(path).ok_or_else(outside)?;
                let root = dir.canonicalize()?;
                let file = root
                    .join(&relative)
                    .canonicalize()
                    .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
                // A symlink that points out of the directory is not followed out.
                if !file.starts_with(&root) {
                    return Err(outside());
                }
                let size = std::fs::metadata(&file)?.len() as usize;
                if size > max_bytes {
                    anyhow::bail!("{path}: {size} bytes, over the limit of {max_bytes}");
                }
                std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("{path}: {e}"))?
            }
            ConfigFiles::Tree { files, base } => {
                // Relative to the policy directory, as conftest resolves it from the policy
                // file, else to the repository root.
                let candidates = [inside(&format!("{base}/{path}")), inside(path)];
                if candidates.iter().all(Option::is_none) {
                    return Err(outside());
                }
                candidates
                    .iter()
                    .flatten()
                    .find_map(|p| files.get(p))
                    .map(|text| text.to_string())
                    .ok_or_else(|| anyhow::anyhow!("{path}: no such file in the repository"))?
            }
        };
        if text.len() > max_bytes {
            anyhow::bail!(
                "{path}: {} bytes, over the limit of {max_bytes}",
                text.len()
            );
        }
        Ok(text)
    }
}

/// The document(s) of a text as the named parser gives them.
fn parse(parser: &str, name: &str, text: &str, limits: &Limits) -> anyhow::Result<Value> {
    match parser.to_ascii_lowercase().as_str() {
        "hcl2" | "hcl" | "tf" | "hcl1" => {
            let parsed =
                aetheredge_model::iac::parse::parse_file_within(name, text, limits.nesting_depth)
                    .map_err(|e| anyhow::anyhow!("{name}:{}:{}: {}", e.line, e.column, e.message))?;
            Ok(Value::from(if parser.eq_ignore_ascii_case("hcl1") {
                super::hcl_input::file_input_hcl1(&parsed)
            } else {
                super::hcl_input::file_input(&parsed)
            }))
        }
        other => {
            let Some(parser) = Parser::named(other) else {
                anyhow::bail!(
                    "parser {other:?} is not supported here (hcl2, hcl1, json, toml, yaml, ini, dotenv, dockerfile)"
                );
            };
            let mut docs = documents::parse(name, text, parser, limits.decode_depth)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(if docs.len() == 1 {
                Value::from(docs.remove(0).body)
            } else {
                Value::from(
                    docs.into_iter()
                        .map(|d| Value::from(d.body))
                        .collect::<Vec<_>>(),
                )
            })
        }
    }
}

/// The parser conftest picks for a file by its last extension.
fn parser_of(path: &str) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".tf") || lower.ends_with(".hcl") || lower.ends_with(".tfvars") {
        "hcl2"
    } else if lower.ends_with(".json") {
        "json"
    } else if lower.ends_with(".toml") {
        "toml"
    } else if lower.ends_with(".ini") {
        "ini"
    } else if lower.ends_with(".env") {
        "dotenv"
    } else if Parser::of_path(&lower) == Some(Parser::Dockerfile) {
        "dockerfile"
    } else {
        "yaml"
    }
}

fn string_arg<'a>(name: &str, args: &'a [Value], i: usize) -> anyhow::Result<&'a str> {
    args.get(i)
        .and_then(|v| v.as_string().ok())
        .map(|s| s.as_ref())
        .ok_or_else(|| anyhow::anyhow!("{name}: argument {} is not a string", i + 1))
}

/// Installs the three built-ins.
pub(crate) fn install(engine: &mut Engine, limits: &Limits, files: &ConfigFiles) {
    let max_bytes = limits.policy_string_length;
    let l = limits.clone();
    add(engine, "parse_config", 2, move |args: Vec<Value>| {
        let parser = string_arg("parse_config", &args, 0)?;
        let text = string_arg("parse_config", &args, 1)?;
        parse(parser, "parse_config", text, &l)
    });
    let (l, f) = (limits.clone(), files.clone());
    add(engine, "parse_config_file", 1, move |args: Vec<Value>| {
        let path = string_arg("parse_config_file", &args, 0)?;
        let text = f.read(path, max_bytes)?;
        parse(parser_of(path), path, &text, &l)
    });
    let (l, f) = (limits.clone(), files.clone());
    add(
        engine,
        "parse_combined_config_files",
        1,
        move |args: Vec<Value>| {
            let paths = args
                .first()
                .and_then(|v| v.as_array().ok())
                .ok_or_else(|| {
                    anyhow::anyhow!("parse_combined_config_files: the argument is not an array")
                })?;
            l.check(Limit::PolicyCollectionLength, paths.len())
                .map_err(|e| anyhow::anyhow!("parse_combined_config_files: {e}"))?;
            let mut items = Vec::new();
            for p in paths.iter() {
                let path = p.as_string().map_err(|_| {
                    anyhow::anyhow!("parse_combined_config_files: a path is not a string")
                })?;
                let text = f.read(path, max_bytes)?;
                let mut item = BTreeMap::new();
                item.insert(Value::from("path"), Value::from(path.as_ref()));
                item.insert(
                    Value::from("contents"),
                    parse(parser_of(path), path, &text, &l)?,
                );
                items.push(Value::from(item));
            }
            Ok(Value::from(items))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_their_root() {
        assert_eq!(inside("a/./b/../c.tf").as_deref(), Some("a/c.tf"));
        assert_eq!(inside("../outside.tf"), None);
        assert_eq!(inside("/etc/passwd"), None);
        let files = ConfigFiles::Tree {
            files: Arc::new(BTreeMap::from([
                ("policy/disk.tf".to_string(), Arc::from("x = 1\n")),
                ("main.tf".to_string(), Arc::from("y = 2\n")),
            ])),
            base: "policy".into(),
        };
        assert_eq!(files.read("disk.tf", 100).unwrap(), "x = 1\n");
        assert_eq!(files.read("../main.tf", 100).unwrap(), "y = 2\n");
        assert!(files.read("../../etc/passwd", 100).is_err());
        assert!(ConfigFiles::None.read("main.tf", 100).is_err());
    }
}

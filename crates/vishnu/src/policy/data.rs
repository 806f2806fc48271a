//! Data documents under `data.`, as conftest's `--data` loads them (OPA's loader): every
//! JSON and YAML file of the paths given is merged into one document; a file inside a
//! directory that was given sits under the directories between them
//! (`--data exclusions` with `exclusions/team/owners.yaml` → `data.team`), a file given
//! by itself at the root.

use serde_json::{Map, Value as Json};

use aetheredge_model::iac::documents::{self, Parser};

use super::PolicyError;

/// One data file: where it came from (for errors), the data path it sits under, its text.
#[derive(Clone, Debug, PartialEq)]
pub struct DataFile {
    pub path: String,
    pub under: Vec<String>,
    pub text: String,
}

impl DataFile {
    /// A file found under `root` (a directory given as data), or `root` itself.
    pub fn new(root: &str, path: &str, text: String) -> DataFile {
        let root = root.trim_start_matches("./").trim_end_matches('/');
        let relative = path
            .strip_prefix(root)
            .map(|r| r.trim_start_matches('/'))
            .unwrap_or(path);
        let mut under: Vec<String> = relative.split('/').map(String::from).collect();
        under.pop();
        DataFile {
            path: path.to_string(),
            under: under.into_iter().filter(|s| !s.is_empty()).collect(),
            text,
        }
    }

    /// Whether a file is data by its extension (JSON, YAML).
    pub fn is_data_path(path: &str) -> bool {
        Parser::of_path(path).is_some()
    }
}

/// The data files of a path on disk: the file itself, or every JSON and YAML file under a
/// directory (by path, each under the directories between it and the one given).
pub fn files_on_disk(path: &std::path::Path) -> std::io::Result<Vec<DataFile>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        let text = std::fs::read_to_string(path)?;
        return Ok(vec![DataFile {
            path: path.display().to_string(),
            under: Vec::new(),
            text,
        }]);
    }
    let mut found = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let p = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(p);
            } else if DataFile::is_data_path(&p.to_string_lossy()) {
                found.push(p);
            }
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", file.display())))?;
            let under = file
                .strip_prefix(path)
                .ok()
                .and_then(|r| r.parent())
                .map(|dirs| {
                    dirs.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            Ok(DataFile {
                path: file.display().to_string(),
                under,
                text,
            })
        })
        .collect()
}

/// The data document of the files, merged in the order given. A file that does not parse,
/// is not an object where objects meet, or sets a value another file already set, is an
/// error naming it.
pub fn document(files: &[DataFile], decode_depth: usize) -> Result<Json, PolicyError> {
    let mut root = Json::Object(Map::new());
    for file in files {
        let Some(parser) = Parser::of_path(&file.path) else {
            continue;
        };
        let docs = documents::parse(&file.path, &file.text, parser, decode_depth).map_err(|e| {
            PolicyError::Data {
                file: e.file.clone(),
                line: e.line,
                message: e.message,
            }
        })?;
        for doc in docs {
            let mut value = doc.body;
            for key in file.under.iter().rev() {
                let mut map = Map::new();
                map.insert(key.clone(), value);
                value = Json::Object(map);
            }
            if !value.is_object() {
                return Err(PolicyError::Data {
                    file: file.path.clone(),
                    line: doc.line,
                    message: "a data file given by itself must hold an object: its keys become data.<key>".into(),
                });
            }
            merge(&mut root, value, "data").map_err(|at| PolicyError::Data {
                file: file.path.clone(),
                line: doc.line,
                message: format!("{at} is already set by another data file"),
            })?;
        }
    }
    Ok(root)
}

/// Merges `value` into `into`: objects key by key, anything else only where nothing is.
fn merge(into: &mut Json, value: Json, at: &str) -> Result<(), String> {
    match (into, value) {
        (Json::Object(a), Json::Object(b)) => {
            for (k, v) in b {
                let here = format!("{at}.{k}");
                match a.get_mut(&k) {
                    Some(existing) => merge(existing, v, &here)?,
                    None => {
                        a.insert(k, v);
                    }
                }
            }
            Ok(())
        }
        _ => Err(at.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_a_directory_sit_under_their_subdirectories() {
        let files = vec![
            DataFile::new("limits", "limits/ports.yaml", "ports: [22, 3389]\n".into()),
            DataFile::new(
                "limits",
                "limits/team/owners.json",
                r#"{"owners": ["ops"]}"#.into(),
            ),
            DataFile::new("extra.yaml", "extra.yaml", "regions: [eu-west-1]\n".into()),
        ];
        let data = document(&files, 64).unwrap();
        assert_eq!(data["ports"][1], 3389);
        assert_eq!(data["team"]["owners"][0], "ops");
        assert_eq!(data["regions"][0], "eu-west-1");
    }

    #[test]
    fn a_value_set_twice_or_a_broken_file_is_an_error_naming_the_file() {
        let twice = vec![
            DataFile::new("a.yaml", "a.yaml", "ports: [1]\n".into()),
            DataFile::new("b.yaml", "b.yaml", "ports: [2]\n".into()),
        ];
        let e = document(&twice, 64).unwrap_err();
        assert!(e.to_string().starts_with("b.yaml:1:"), "{e}");
        assert!(e.to_string().contains("data.ports"), "{e}");
        let broken = vec![DataFile::new("d", "d/x.json", "{\n\"a\": ]".into())];
        let e = document(&broken, 64).unwrap_err();
        assert!(e.to_string().starts_with("d/x.json:2:"), "{e}");
        let scalar = vec![DataFile::new("s.yaml", "s.yaml", "42\n".into())];
        assert!(document(&scalar, 64).is_err());
    }
}

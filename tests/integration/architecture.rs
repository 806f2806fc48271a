//! The shape of the code, as the README's "How it is built" draws it: the crates form layers
//! (a crate names only crates below it, and no deity names another), and inside every crate
//! the top-level modules import each other without a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crates from the bottom up; a crate may depend only on crates listed before it.
const LAYERS: &[&str] = &[
    "aetheredge-escape",
    "aetheredge-statestore",
    "aetheredge-core",
    "aetheredge-schema",
    "aetheredge-model",
    "aetheredge-render",
    "aetheredge-deity",
    "aetheredge-brahma",
    "aetheredge-vishnu",
    "aetheredge-lakshmi",
    "aetheredge-kali",
    "aetheredge-saraswati",
    "aetheredge-shiva",
    "aetheredge-review",
    "aetheredge",
];

/// The crates that are deities: none of them names another.
const DEITIES: &[&str] = &[
    "aetheredge-brahma",
    "aetheredge-vishnu",
    "aetheredge-lakshmi",
    "aetheredge-kali",
    "aetheredge-saraswati",
    "aetheredge-shiva",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every package of the workspace: its name, its directory, and the workspace crates it
/// depends on (normal, dev and build dependencies alike).
fn packages() -> Vec<(String, PathBuf, BTreeSet<String>)> {
    let mut dirs = vec![root()];
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        dirs.push(entry.unwrap().path());
    }
    dirs.into_iter()
        .map(|dir| {
            let text = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            let name = text
                .lines()
                .find_map(|l| l.strip_prefix("name = \""))
                .and_then(|l| l.strip_suffix('"'))
                .unwrap_or_else(|| panic!("{}: no package name", dir.display()))
                .to_string();
            let mut in_dependencies = false;
            let mut deps = BTreeSet::new();
            for line in text.lines() {
                if line.starts_with('[') {
                    in_dependencies = line.ends_with("dependencies]");
                } else if in_dependencies && line.starts_with("aetheredge") {
                    let dep = line.split(['.', ' ', '=']).next().unwrap();
                    deps.insert(dep.to_string());
                }
            }
            (name, dir, deps)
        })
        .collect()
}

#[test]
fn every_crate_names_only_crates_below_it_and_no_deity_names_another() {
    let packages = packages();
    let rank = |name: &str| LAYERS.iter().position(|l| *l == name);
    let listed: BTreeSet<&str> = packages.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        listed,
        LAYERS.iter().copied().collect(),
        "the layers name every crate of the workspace, and only those"
    );
    for (name, _, deps) in &packages {
        for dep in deps {
            assert!(
                rank(dep) < rank(name),
                "{name} depends on {dep}, which is not below it"
            );
            assert!(
                !(DEITIES.contains(&name.as_str()) && DEITIES.contains(&dep.as_str())),
                "the deity {name} names the deity {dep}: what they share belongs below both"
            );
        }
    }
}

/// The top-level modules of the crate whose sources are in `src`, and which of them each
/// one names through `crate::`.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    let mut pending = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let top = |path: &Path| -> String {
        let rel = path.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        first.trim_end_matches(".rs").to_string()
    };
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| top(f))
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let path = regex::Regex::new(r"(?:^|[^$\w])crate::(\w+)").unwrap();
    let group = regex::Regex::new(r"(?:^|[^$\w])crate::\{([^}]*)\}").unwrap();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = top(file);
        let text = std::fs::read_to_string(file).unwrap();
        let named = path.captures_iter(&text).map(|c| c[1].to_string()).chain(
            group.captures_iter(&text).flat_map(|c| {
                c[1].split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            }),
        );
        for to in named {
            if to != from && modules.contains(&to) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    graph
}

/// A circle in `graph`, if there is one, as the modules along it.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == node) {
            let mut found = path[start..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_crate_has_modules_that_import_each_other_in_a_circle() {
    for (name, dir, _) in packages() {
        let graph = module_graph(&dir.join("src"));
        if let Some(found) = circle(&graph) {
            panic!(
                "{name}: modules import each other in a circle: {}",
                found.join(" → ")
            );
        }
    }
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(str::to_string).collect()))
    .collect();
    assert_eq!(
        circle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let mut acyclic = graph.clone();
    acyclic.get_mut("c").unwrap().clear();
    assert_eq!(circle(&acyclic), None);
}

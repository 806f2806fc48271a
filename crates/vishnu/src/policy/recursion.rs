//! Functions that call themselves, directly or through others. OPA refuses them at compile
//! time (`rego_recursion_error`); regorus evaluates them until the stack overflows. The
//! calls are read from each function's text, before anything is evaluated.

use std::collections::{BTreeMap, BTreeSet};

use regorus::unstable::{Module, Ref, Rule, RuleHead};

/// Functions that call each other in a cycle (one function: it calls itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cycle {
    /// The functions, by path (`data.main.f`), sorted.
    pub(crate) functions: Vec<String>,
    /// Each file defining one of them, with the line of its first such definition.
    pub(crate) files: BTreeMap<String, u32>,
}

impl Cycle {
    pub(crate) fn message(&self) -> String {
        match self.functions.as_slice() {
            [one] => format!("function {one} calls itself (recursion is not allowed in Rego)"),
            many => format!(
                "functions {} call each other in a cycle (recursion is not allowed in Rego)",
                many.join(", ")
            ),
        }
    }
}

/// One definition of a function: where it is, and what it calls.
struct Definition {
    file: String,
    line: u32,
    calls: BTreeSet<String>,
}

/// Every cycle of function calls among `modules`.
pub(crate) fn cycles(modules: &[Ref<Module>]) -> Vec<Cycle> {
    let mut definitions: BTreeMap<String, Vec<Definition>> = BTreeMap::new();
    for module in modules {
        let package = format!("data.{}", super::package_of(module));
        let aliases = aliases(module);
        let file = module.package.span.source.file().clone();
        for rule in &module.policy {
            let Rule::Spec {
                span,
                head: RuleHead::Func { refr, args, .. },
                ..
            } = rule.as_ref()
            else {
                continue;
            };
            // The calls are in what follows the function's name and parameters.
            let head_end = args
                .iter()
                .map(|a| a.span().end)
                .chain([refr.span().end])
                .max()
                .unwrap_or(span.start);
            let body = span
                .text()
                .get(head_end.saturating_sub(span.start) as usize..)
                .unwrap_or_default();
            let calls = called_names(body)
                .into_iter()
                .map(|name| resolve(&name, &package, &aliases))
                .collect();
            definitions
                .entry(format!("{package}.{}", refr.span().text()))
                .or_default()
                .push(Definition {
                    file: file.clone(),
                    line: span.line,
                    calls,
                });
        }
    }
    let names: Vec<&String> = definitions.keys().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|name| {
            let calls: BTreeSet<usize> = definitions[*name]
                .iter()
                .flat_map(|d| d.calls.iter())
                .filter_map(|c| index.get(c.as_str()).copied())
                .collect();
            calls.into_iter().collect()
        })
        .collect();
    strongly_connected(&edges)
        .into_iter()
        .filter(|c| c.len() > 1 || edges[c[0]].contains(&c[0]))
        .map(|component| {
            let mut functions: Vec<String> = component.iter().map(|&i| names[i].clone()).collect();
            functions.sort();
            let mut files = BTreeMap::new();
            for f in &functions {
                for d in &definitions[f] {
                    let line = files.entry(d.file.clone()).or_insert(d.line);
                    *line = (*line).min(d.line);
                }
            }
            Cycle { functions, files }
        })
        .collect()
}

/// The imports of a module by the name they are used with: `import data.lib.tf` → `tf`.
fn aliases(module: &Module) -> BTreeMap<String, String> {
    module
        .imports
        .iter()
        .filter_map(|import| {
            let path = import.refr.span().text().to_string();
            let name = match &import.r#as {
                Some(alias) => alias.text().to_string(),
                None => path.rsplit('.').next()?.to_string(),
            };
            path.starts_with("data.").then_some((name, path))
        })
        .collect()
}

/// The full path a called name stands for in a package.
fn resolve(name: &str, package: &str, aliases: &BTreeMap<String, String>) -> String {
    if name.starts_with("data.") {
        return name.to_string();
    }
    let (first, rest) = name.split_once('.').unwrap_or((name, ""));
    match aliases.get(first) {
        Some(path) if rest.is_empty() => path.clone(),
        Some(path) => format!("{path}.{rest}"),
        None => format!("{package}.{name}"),
    }
}

/// The dotted names followed by `(` in a text, outside strings and comments.
fn called_names(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.'))
                {
                    i += 1;
                }
                let mut next = i;
                while next < bytes.len() && matches!(bytes[next], b' ' | b'\t') {
                    next += 1;
                }
                if bytes.get(next) == Some(&b'(') {
                    names.push(text[start..i].trim_end_matches('.').to_string());
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    names
}

/// Tarjan's strongly connected components, without recursion.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, the next of its edges to follow)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycles_of(files: &[(&str, &str)]) -> Vec<Cycle> {
        let mut engine = regorus::Engine::new();
        for (path, text) in files {
            engine
                .add_policy(path.to_string(), text.to_string())
                .unwrap();
        }
        cycles(engine.get_modules())
    }

    #[test]
    fn direct_mutual_and_imported_recursion_is_found() {
        let direct = cycles_of(&[(
            "f.rego",
            "package main\n\nf(x) := y if {\n  y := f(x + 1)\n}\n",
        )]);
        assert_eq!(direct.len(), 1);
        assert_eq!(direct[0].functions, vec!["data.main.f"]);
        assert_eq!(direct[0].files, BTreeMap::from([("f.rego".to_string(), 3)]));

        let mutual = cycles_of(&[
            ("a.rego", "package main\n\na(x) := b(x)\n"),
            (
                "b.rego",
                "package other\nimport data.main\n\nb(x) := main.a(x)\n",
            ),
        ]);
        assert_eq!(mutual.len(), 0, "b in main is not other.b");
        let mutual = cycles_of(&[
            (
                "a.rego",
                "package main\nimport data.other\n\na(x) := other.b(x)\n",
            ),
            (
                "b.rego",
                "package other\nimport data.main as m\n\nb(x) := m.a(x)\n",
            ),
        ]);
        assert_eq!(mutual.len(), 1);
        assert_eq!(mutual[0].functions, vec!["data.main.a", "data.other.b"]);
        assert_eq!(mutual[0].files.len(), 2);
    }

    #[test]
    fn calls_in_strings_comments_and_to_other_functions_are_not_recursion() {
        let fine = cycles_of(&[(
            "f.rego",
            "package main\n\nf(x) := y if {\n  # f(x)\n  y := sprintf(\"f(%v)\", [g(x)])\n}\n\ng(x) := x + 1\n\nh(x) := f(x)\n",
        )]);
        assert!(fine.is_empty(), "{fine:?}");
    }

    #[test]
    fn a_long_chain_is_checked_without_recursion() {
        let mut text = String::from("package main\n\n");
        for i in 0..5_000 {
            text += &format!("f{i}(x) := f{}(x)\n", i + 1);
        }
        text += "f5000(x) := f0(x)\n";
        let found = cycles_of(&[("chain.rego", &text)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].functions.len(), 5_001);
    }
}

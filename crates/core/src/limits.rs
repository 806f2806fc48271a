//! Budgets: how much of the machine one review may use, whatever its input.
//!
//! Anyone who can open a pull request controls the input a review evaluates. Every budget
//! here has a documented default and can be raised in `aetheredge.yaml` under `limits:`
//! (read from the base of a pull request, like the rest of the config). Exceeding one is
//! never a crash: the evaluator stops that piece of work, reports a `<deity>/limit-exceeded`
//! finding on the file and line that asked for too much (what, the limit, the key that
//! raises it) and the rest of the review still runs.

use serde::Deserialize;

/// The `limits:` key of `aetheredge.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    // --- Brahma's evaluator (Terraform, tfvars, blueprints) ---
    /// Nesting depth of one expression or value (brackets, calls, `for`, conditionals).
    pub nesting_depth: usize,
    /// Bytes in one string value.
    pub string_length: usize,
    /// Elements in one list, set, tuple, map or object value.
    pub collection_length: usize,
    /// Resource instances in one root module (after `count` and `for_each`).
    pub instances_per_root: usize,
    /// Resource instances in the whole tree.
    pub instances_total: usize,
    /// Depth of module calls (a root calling a module calling a module: 2).
    pub module_depth: usize,
    /// Module instances in one root (after `count` and `for_each`, all depths).
    pub module_instances: usize,
    /// Nested `templatestring` / `templatefile` renders.
    pub template_depth: usize,
    /// Nested function calls in one evaluation.
    pub call_depth: usize,
    /// Nesting depth of a document given to `yamldecode` or `jsondecode`, and of any YAML
    /// file the review reads (`aetheredge.yaml`, blueprints, usage files, manifests).
    pub decode_depth: usize,
    /// Bytes of a document given to `yamldecode` or `jsondecode`.
    pub decode_size: usize,

    // --- Vishnu's policy evaluation (Rego) ---
    /// Nesting depth of brackets, braces and `every`/comprehension bodies in one policy file.
    pub policy_nesting_depth: usize,
    /// Elements one builtin call may produce (`numbers.range`, `net.cidr_expand`, …).
    pub policy_collection_length: usize,
    /// Bytes one builtin call may produce (`concat`, `sprintf`, `strings.*`, …).
    pub policy_string_length: usize,
    /// Digits one number literal of a policy stands for, exponent included (`1e9`: 10).
    pub policy_number_length: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            nesting_depth: 200,
            string_length: 4 << 20,
            collection_length: 100_000,
            instances_per_root: 10_000,
            instances_total: 100_000,
            module_depth: 32,
            module_instances: 10_000,
            template_depth: 16,
            call_depth: 64,
            decode_depth: 128,
            decode_size: 8 << 20,

            policy_nesting_depth: 64,
            policy_collection_length: 1 << 20,
            policy_string_length: 16 << 20,
            policy_number_length: 1_000,
        }
    }
}

/// One budget of [`Limits`], by its config key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    NestingDepth,
    StringLength,
    CollectionLength,
    InstancesPerRoot,
    InstancesTotal,
    ModuleDepth,
    ModuleInstances,
    TemplateDepth,
    CallDepth,
    DecodeDepth,
    DecodeSize,
    PolicyNestingDepth,
    PolicyCollectionLength,
    PolicyStringLength,
    PolicyNumberLength,
}

impl Limit {
    /// The key under `limits:` that raises it.
    pub fn key(self) -> &'static str {
        match self {
            Limit::NestingDepth => "nesting_depth",
            Limit::StringLength => "string_length",
            Limit::CollectionLength => "collection_length",
            Limit::InstancesPerRoot => "instances_per_root",
            Limit::InstancesTotal => "instances_total",
            Limit::ModuleDepth => "module_depth",
            Limit::ModuleInstances => "module_instances",
            Limit::TemplateDepth => "template_depth",
            Limit::CallDepth => "call_depth",
            Limit::DecodeDepth => "decode_depth",
            Limit::DecodeSize => "decode_size",
            Limit::PolicyNestingDepth => "policy_nesting_depth",
            Limit::PolicyCollectionLength => "policy_collection_length",
            Limit::PolicyStringLength => "policy_string_length",
            Limit::PolicyNumberLength => "policy_number_length",
        }
    }

    /// What is measured, for messages ("nesting depth", "string length in bytes").
    pub fn what(self) -> &'static str {
        match self {
            Limit::NestingDepth => "nesting depth",
            Limit::StringLength => "string length in bytes",
            Limit::CollectionLength => "collection length",
            Limit::InstancesPerRoot => "resource instances in one root module",
            Limit::InstancesTotal => "resource instances in the tree",
            Limit::ModuleDepth => "module call depth",
            Limit::ModuleInstances => "module instances in one root module",
            Limit::TemplateDepth => "nested template renders",
            Limit::CallDepth => "nested function calls",
            Limit::DecodeDepth => "document nesting depth",
            Limit::DecodeSize => "document size in bytes",
            Limit::PolicyNestingDepth => "policy nesting depth",
            Limit::PolicyCollectionLength => "elements one policy builtin produces",
            Limit::PolicyStringLength => "bytes one policy builtin produces",
            Limit::PolicyNumberLength => "digits of one policy number",
        }
    }

    /// The configured maximum.
    pub fn max(self, limits: &Limits) -> usize {
        match self {
            Limit::NestingDepth => limits.nesting_depth,
            Limit::StringLength => limits.string_length,
            Limit::CollectionLength => limits.collection_length,
            Limit::InstancesPerRoot => limits.instances_per_root,
            Limit::InstancesTotal => limits.instances_total,
            Limit::ModuleDepth => limits.module_depth,
            Limit::ModuleInstances => limits.module_instances,
            Limit::TemplateDepth => limits.template_depth,
            Limit::CallDepth => limits.call_depth,
            Limit::DecodeDepth => limits.decode_depth,
            Limit::DecodeSize => limits.decode_size,
            Limit::PolicyNestingDepth => limits.policy_nesting_depth,
            Limit::PolicyCollectionLength => limits.policy_collection_length,
            Limit::PolicyStringLength => limits.policy_string_length,
            Limit::PolicyNumberLength => limits.policy_number_length,
        }
    }
}

/// A budget was exceeded: what, by how much, and how to raise it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} {reached} is over the limit of {max} (raise `limits.{key}` in aetheredge.yaml)",
    what = .limit.what(),
    key = .limit.key()
)]
pub struct LimitExceeded {
    pub limit: Limit,
    pub max: usize,
    /// What the input asked for, or the first value over the limit seen when counting stops.
    pub reached: usize,
}

impl Limits {
    /// `Ok` when `reached` is within `limit`, else the error saying so.
    pub fn check(&self, limit: Limit, reached: usize) -> Result<(), LimitExceeded> {
        let max = limit.max(self);
        if reached > max {
            Err(LimitExceeded {
                limit,
                max,
                reached,
            })
        } else {
            Ok(())
        }
    }
}

/// Where a text nests deeper than allowed: the 1-based line, and the depth reached there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    pub line: u32,
    pub depth: usize,
}

/// Checks a YAML (or JSON, which is YAML) text's nesting before a parser sees it: parsers
/// recurse, and some are slow, on documents nested thousands deep. Counts flow brackets
/// (`[`, `{`) outside quotes and comments, plus block nesting by indentation and by
/// compact sequence entries (`- - - x`). Conservative: never under-counts a real depth.
pub fn yaml_nesting(text: &str, max_depth: usize) -> Result<(), TooDeep> {
    let mut flow = 0usize;
    // Indentation columns of the open block levels.
    let mut indents: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        let too_deep = |depth: usize| TooDeep {
            line: line_no,
            depth,
        };
        let mut chars = line.char_indices().peekable();
        if quote.is_none() && flow == 0 {
            let content = line.trim_start_matches([' ', '\t']);
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let indent = line.len() - content.len();
            while indents.last().is_some_and(|&i| i > indent) {
                indents.pop();
            }
            if indents.last() != Some(&indent) {
                indents.push(indent);
            }
            // Compact nested sequences on one line: `- - - x`.
            let dashes = content.split(' ').take_while(|token| *token == "-").count();
            let depth = indents.len() + dashes;
            if depth > max_depth {
                return Err(too_deep(depth));
            }
        }
        let mut previous = ' ';
        while let Some((_, c)) = chars.next() {
            match quote {
                Some('\'') if c == '\'' => {
                    // `''` is an escaped quote inside a single-quoted scalar.
                    if chars.peek().map(|&(_, c)| c) == Some('\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some('"') if c == '"' => quote = None,
                Some(_) => {}
                None => match c {
                    '#' if previous == ' ' || previous == '\t' => break,
                    '"' | '\''
                        if flow > 0 || matches!(previous, ' ' | ':' | ',' | '[' | '{' | '-') =>
                    {
                        quote = Some(c)
                    }
                    '[' | '{' => {
                        flow += 1;
                        let depth = flow + indents.len();
                        if depth > max_depth {
                            return Err(too_deep(depth));
                        }
                    }
                    ']' | '}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            previous = c;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_key_that_raises_the_limit() {
        let limits = Limits::default();
        let e = limits
            .check(Limit::StringLength, limits.string_length + 1)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "string length in bytes {} is over the limit of {} (raise `limits.string_length` in aetheredge.yaml)",
                limits.string_length + 1,
                limits.string_length
            )
        );
        assert!(limits
            .check(Limit::StringLength, limits.string_length)
            .is_ok());
    }

    #[test]
    fn yaml_nesting_counts_flow_block_and_compact_sequences() {
        assert_eq!(yaml_nesting("a: [[[1]]]\n", 4), Ok(()));
        assert_eq!(
            yaml_nesting("a: [[[[1]]]]\n", 4),
            Err(TooDeep { line: 1, depth: 5 })
        );
        assert_eq!(
            yaml_nesting("a:\n  b:\n    c:\n      d: 1\n", 3),
            Err(TooDeep { line: 4, depth: 4 })
        );
        assert_eq!(
            yaml_nesting("- - - - x\n", 3),
            Err(TooDeep { line: 1, depth: 5 })
        );
        // Brackets inside quotes and comments are text.
        assert_eq!(yaml_nesting("a: \"[[[[[\" # [[[[[\nb: '[[['\n", 2), Ok(()));
        // A flow collection spread over lines keeps its depth.
        assert_eq!(
            yaml_nesting("a: [\n [\n  [\n   1]]]\n", 3),
            Err(TooDeep { line: 3, depth: 4 })
        );
    }

    #[test]
    fn a_hundred_thousand_brackets_are_refused_quickly() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let started = std::time::Instant::now();
        assert_eq!(
            yaml_nesting(&deep, 128),
            Err(TooDeep {
                line: 1,
                depth: 129
            })
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn limits_are_read_from_the_config_key() {
        let limits: Limits = serde_yaml_ng::from_str("string_length: 10\n").unwrap();
        assert_eq!(limits.string_length, 10);
        assert_eq!(limits.nesting_depth, Limits::default().nesting_depth);
        assert!(serde_yaml_ng::from_str::<Limits>("no_such_limit: 1\n").is_err());
    }
}

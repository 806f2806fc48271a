//! Usage files: how much a usage-priced resource is used in a month (GB stored, requests,
//! GB processed). Two names are read at the repo root, `aetheredge-usage.yml` first, then
//! Infracost's `infracost-usage.yml` as it is written for Infracost:
//!
//! ```yaml
//! version: 0.1
//! resource_type_default_usage:       # applies to every resource of the type
//!   aws_lambda_function:
//!     monthly_requests: 1000000
//! resource_usage:                    # by address; `[*]` and `*` are wildcards
//!   aws_s3_bucket.logs:
//!     standard:
//!       storage_gb: 500
//!   module.web[*].aws_instance.this:
//!     monthly_cpu_credit_hrs: 20
//! ```
//!
//! Nested keys are flattened with dots (`standard.storage_gb`). An exact address wins over a
//! wildcard, a wildcard over the type default, and `aetheredge-usage.yml` over
//! `infracost-usage.yml`.

use std::collections::BTreeMap;

use regex::Regex;
use serde_yaml_ng::Value as Yaml;

/// The file names looked for at the repo root, strongest first.
pub const USAGE_FILES: [&str; 2] = ["aetheredge-usage.yml", "infracost-usage.yml"];

/// A usage file that could not be used, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct UsageError {
    pub file: String,
    pub line: u32,
    pub message: String,
    /// Set when the file was not read because it nests deeper than `limits.decode_depth`.
    pub limit: Option<aetheredge_core::limits::LimitExceeded>,
}

/// One usage value.
#[derive(Debug, Clone, PartialEq)]
pub enum UsageValue {
    Number(f64),
    Text(String),
}

/// Flattened usage of one resource: `standard.storage_gb` → 500.
pub type Usage = BTreeMap<String, UsageValue>;

#[derive(Debug, Clone)]
struct Entry {
    pattern: String,
    wildcard: Option<Regex>,
    usage: Usage,
}

/// Usage from one or more files.
#[derive(Debug, Clone, Default)]
pub struct UsageSet {
    /// Weakest first: later files override earlier ones.
    files: Vec<(Vec<Entry>, BTreeMap<String, Usage>)>,
}

impl UsageSet {
    /// Adds a parsed file that overrides what is already there.
    pub(crate) fn push_stronger(&mut self, file: ParsedUsage) {
        self.files.push((file.entries, file.defaults));
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The usage of a resource: type defaults, then a wildcard match, then the exact address.
    pub fn lookup(&self, address: &str, resource_type: &str) -> Usage {
        let mut out = Usage::new();
        for (entries, defaults) in &self.files {
            if let Some(d) = defaults.get(resource_type) {
                out.extend(d.clone());
            }
            if let Some(e) = entries
                .iter()
                .find(|e| e.wildcard.as_ref().is_some_and(|r| r.is_match(address)))
            {
                out.extend(e.usage.clone());
            }
            if let Some(e) = entries
                .iter()
                .find(|e| e.wildcard.is_none() && e.pattern == address)
            {
                out.extend(e.usage.clone());
            }
        }
        out
    }

    /// Adds the exact-address entries of `other` for addresses this set does not name
    /// (not even by a wildcard). A pull request's usage file can so price the resources
    /// it adds, but cannot change or remove what the base's usage says: a new entry only
    /// adds usage where there was none, so an estimate cannot go down.
    pub(crate) fn add_new_addresses(&mut self, other: &UsageSet) {
        let named = |address: &str| {
            self.files.iter().any(|(entries, _)| {
                entries.iter().any(|e| match &e.wildcard {
                    Some(r) => r.is_match(address),
                    None => e.pattern == address,
                })
            })
        };
        let mut added: Vec<Entry> = Vec::new();
        for (entries, _) in &other.files {
            for e in entries {
                if e.wildcard.is_some() || named(&e.pattern) {
                    continue;
                }
                // A stronger file of `other` overrides a weaker one, as in `lookup`.
                match added.iter_mut().find(|a| a.pattern == e.pattern) {
                    Some(a) => a.usage.extend(e.usage.clone()),
                    None => added.push(e.clone()),
                }
            }
        }
        if !added.is_empty() {
            self.files.push((added, BTreeMap::new()));
        }
    }

    /// Addresses named in the files that match a pattern prefix (`aws_data_transfer.`): for
    /// pseudo-resources that exist only in usage files.
    pub(crate) fn addresses_of_type(&self, resource_type: &str) -> Vec<(String, Usage)> {
        let mut out: BTreeMap<String, Usage> = BTreeMap::new();
        for (entries, _) in &self.files {
            for e in entries {
                if e.wildcard.is_none()
                    && e.pattern
                        .strip_prefix(resource_type)
                        .is_some_and(|r| r.starts_with('.'))
                {
                    out.entry(e.pattern.clone())
                        .or_default()
                        .extend(e.usage.clone());
                }
            }
        }
        out.into_iter().collect()
    }
}

/// One parsed usage file.
#[derive(Debug, Clone)]
pub struct ParsedUsage {
    entries: Vec<Entry>,
    defaults: BTreeMap<String, Usage>,
}

/// Parses a usage file (either name; the format is the same).
pub fn parse(file: &str, text: &str) -> Result<ParsedUsage, UsageError> {
    parse_within(
        file,
        text,
        aetheredge_core::limits::Limits::default().decode_depth,
    )
}

/// Reads a usage file nesting at most `decode_depth` deep: deeper YAML is refused before
/// the YAML parser sees it.
pub(crate) fn parse_within(
    file: &str,
    text: &str,
    decode_depth: usize,
) -> Result<ParsedUsage, UsageError> {
    let err = |line: u32, message: String| UsageError {
        file: file.to_string(),
        line,
        message,
        limit: None,
    };
    if let Err(deep) = aetheredge_core::limits::yaml_nesting(text, decode_depth) {
        let limit = aetheredge_core::limits::LimitExceeded {
            limit: aetheredge_core::limits::Limit::DecodeDepth,
            max: decode_depth,
            reached: deep.depth,
        };
        return Err(UsageError {
            limit: Some(limit.clone()),
            ..err(deep.line, limit.to_string())
        });
    }
    let line_of = |key: &str| -> u32 {
        text.lines()
            .position(|l| {
                let t = l.trim_start().trim_start_matches(['"', '\'']);
                t.starts_with(key)
                    && t[key.len()..]
                        .trim_start_matches(['"', '\''])
                        .starts_with(':')
            })
            .map(|i| i as u32 + 1)
            .unwrap_or(1)
    };
    let doc: Yaml = serde_yaml_ng::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line() as u32).unwrap_or(1);
        err(line, e.to_string())
    })?;
    let Yaml::Mapping(top) = doc else {
        return Err(err(
            1,
            "a usage file is a mapping with `version` and `resource_usage`".into(),
        ));
    };
    match top.get("version") {
        Some(Yaml::Number(n)) if n.as_f64() == Some(0.1) => {}
        Some(Yaml::String(s)) if s == "0.1" => {}
        Some(other) => {
            return Err(err(
                line_of("version"),
                format!("unsupported version {}: only 0.1 is read", yaml_text(other)),
            ))
        }
        None => return Err(err(1, "missing `version: 0.1`".into())),
    }
    for key in top.keys() {
        let k = key.as_str().unwrap_or("");
        if !matches!(
            k,
            "version" | "resource_usage" | "resource_type_default_usage"
        ) {
            return Err(err(line_of(k), format!("unknown key `{k}`")));
        }
    }
    let mut parsed = ParsedUsage {
        entries: Vec::new(),
        defaults: BTreeMap::new(),
    };
    let section = |name: &str| -> Result<Vec<(String, Usage)>, UsageError> {
        let mut out = Vec::new();
        match top.get(name) {
            None | Some(Yaml::Null) => {}
            Some(Yaml::Mapping(m)) => {
                for (k, v) in m {
                    let key = k.as_str().map(str::to_string).ok_or_else(|| {
                        err(line_of(name), format!("a key of `{name}` is not a string"))
                    })?;
                    let mut usage = Usage::new();
                    flatten("", v, &mut usage).map_err(|bad| {
                        err(
                            line_of(bad.rsplit('.').next().unwrap_or(&key)),
                            format!("`{key}`: `{bad}` must be a number, a string or a mapping"),
                        )
                    })?;
                    out.push((key, usage));
                }
            }
            Some(_) => return Err(err(line_of(name), format!("`{name}` must be a mapping"))),
        }
        Ok(out)
    };
    for (pattern, usage) in section("resource_usage")? {
        let wildcard = if pattern.contains('*') {
            let mut re = String::from("^");
            let mut rest = pattern.as_str();
            while !rest.is_empty() {
                if let Some(r) = rest.strip_prefix("[*]") {
                    re.push_str(r"\[[^\]]+\]");
                    rest = r;
                } else if let Some(r) = rest.strip_prefix('*') {
                    re.push_str(".*");
                    rest = r;
                } else {
                    let c = rest.chars().next().unwrap_or_default();
                    re.push_str(&regex::escape(&c.to_string()));
                    rest = &rest[c.len_utf8()..];
                }
            }
            re.push('$');
            Some(Regex::new(&re).map_err(|e| err(line_of(&pattern), e.to_string()))?)
        } else {
            None
        };
        parsed.entries.push(Entry {
            pattern,
            wildcard,
            usage,
        });
    }
    for (ty, usage) in section("resource_type_default_usage")? {
        parsed.defaults.insert(ty, usage);
    }
    Ok(parsed)
}

fn flatten(prefix: &str, v: &Yaml, out: &mut Usage) -> Result<(), String> {
    match v {
        Yaml::Null => {}
        Yaml::Number(n) => {
            out.insert(
                prefix.to_string(),
                UsageValue::Number(n.as_f64().unwrap_or(0.0)),
            );
        }
        Yaml::String(s) => {
            out.insert(prefix.to_string(), UsageValue::Text(s.clone()));
        }
        Yaml::Bool(b) => {
            out.insert(prefix.to_string(), UsageValue::Text(b.to_string()));
        }
        Yaml::Mapping(m) => {
            for (k, v) in m {
                let k = k
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| yaml_text(k));
                let key = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out)?;
            }
        }
        _ => return Err(prefix.to_string()),
    }
    Ok(())
}

fn yaml_text(v: &Yaml) -> String {
    serde_yaml_ng::to_string(v)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// A text from a usage map (a number as written).
pub fn text<'u>(usage: &'u Usage, key: &str) -> Option<&'u str> {
    match usage.get(key) {
        Some(UsageValue::Text(s)) => Some(s.trim()),
        _ => None,
    }
}

/// A number from a usage map.
pub fn number(usage: &Usage, key: &str) -> Option<f64> {
    match usage.get(key) {
        Some(UsageValue::Number(n)) => Some(*n),
        // YAML 1.1's digit separators (`3_540_123`), which Infracost's usage files use.
        Some(UsageValue::Text(s)) => s.trim().replace('_', "").parse().ok(),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INFRACOST: &str = "version: 0.1\nresource_type_default_usage:\n  aws_lambda_function:\n    monthly_requests: 100\n    request_duration_ms: 250\nresource_usage:\n  aws_s3_bucket.logs:\n    standard:\n      storage_gb: 1000\n  aws_lambda_function.api[*]:\n    monthly_requests: 5000000\n  module.*.aws_nat_gateway.this:\n    monthly_data_processed_gb: 10\n";

    #[test]
    fn infracost_usage_files_are_read_as_they_are() {
        let mut set = UsageSet::default();
        set.push_stronger(parse("infracost-usage.yml", INFRACOST).unwrap());
        let s3 = set.lookup("aws_s3_bucket.logs", "aws_s3_bucket");
        assert_eq!(number(&s3, "standard.storage_gb"), Some(1000.0));
        let api = set.lookup("aws_lambda_function.api[2]", "aws_lambda_function");
        assert_eq!(number(&api, "monthly_requests"), Some(5_000_000.0));
        assert_eq!(number(&api, "request_duration_ms"), Some(250.0));
        let other = set.lookup("aws_lambda_function.worker", "aws_lambda_function");
        assert_eq!(number(&other, "monthly_requests"), Some(100.0));
        let nat = set.lookup("module.vpc.aws_nat_gateway.this", "aws_nat_gateway");
        assert_eq!(number(&nat, "monthly_data_processed_gb"), Some(10.0));
    }

    #[test]
    fn only_addresses_the_set_does_not_name_are_taken_from_another() {
        let mut base = UsageSet::default();
        base.push_stronger(parse("infracost-usage.yml", INFRACOST).unwrap());
        let mut head = UsageSet::default();
        head.push_stronger(
            parse(
                "infracost-usage.yml",
                "version: 0.1\nresource_usage:\n  aws_s3_bucket.logs:\n    standard:\n      storage_gb: 0\n  aws_lambda_function.api[0]:\n    monthly_requests: 1\n  aws_s3_bucket.assets:\n    standard:\n      storage_gb: 50\n  aws_s3_bucket.*:\n    standard:\n      storage_gb: 1\n",
            )
            .unwrap(),
        );
        base.add_new_addresses(&head);
        let logs = base.lookup("aws_s3_bucket.logs", "aws_s3_bucket");
        assert_eq!(number(&logs, "standard.storage_gb"), Some(1000.0));
        let api = base.lookup("aws_lambda_function.api[0]", "aws_lambda_function");
        assert_eq!(number(&api, "monthly_requests"), Some(5_000_000.0));
        let assets = base.lookup("aws_s3_bucket.assets", "aws_s3_bucket");
        assert_eq!(number(&assets, "standard.storage_gb"), Some(50.0));
        let other = base.lookup("aws_s3_bucket.other", "aws_s3_bucket");
        assert_eq!(number(&other, "standard.storage_gb"), None, "no wildcards");
    }

    #[test]
    fn the_stronger_file_wins() {
        let mut set = UsageSet::default();
        set.push_stronger(parse("infracost-usage.yml", INFRACOST).unwrap());
        set.push_stronger(
            parse(
                "aetheredge-usage.yml",
                "version: 0.1\nresource_usage:\n  aws_s3_bucket.logs:\n    standard:\n      storage_gb: 7\n",
            )
            .unwrap(),
        );
        let s3 = set.lookup("aws_s3_bucket.logs", "aws_s3_bucket");
        assert_eq!(number(&s3, "standard.storage_gb"), Some(7.0));
    }

    #[test]
    fn malformed_files_name_file_and_line() {
        let e = parse(
            "infracost-usage.yml",
            "version: 0.1\nresource_usage:\n  a.b: [1\n",
        )
        .unwrap_err();
        assert_eq!(e.file, "infracost-usage.yml");
        assert!(e.line >= 3, "{e}");
        let e = parse(
            "aetheredge-usage.yml",
            "version: 0.1\nresource_usage:\n  aws_s3_bucket.b:\n    storage_gb: [1, 2]\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        let e = parse("u.yml", "version: 2\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("version"));
    }
}

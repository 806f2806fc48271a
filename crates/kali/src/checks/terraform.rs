//! Rules on Terraform's own blocks: where a `module` block takes its code from.
//!
//! A module's source decides what code runs with the caller's credentials. A local path
//! (`./x`, `../x`) is reviewed with the change and is never judged. A git source pinned to a
//! commit (`git::https://…?ref=<sha>`) cannot change under the caller; a tag or a registry
//! version can be moved by whoever publishes the module; a source with neither follows its
//! default branch or the newest release.

use regex::Regex;
use std::sync::OnceLock;

use super::{Category, Rule, Target};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::module::ModuleCallDecl;

/// Whether a source is a path in this repository.
fn is_local(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../")
}

/// Whether a source is fetched with git (`git::`, `git@`, GitHub and Bitbucket shorthands).
fn is_git(source: &str) -> bool {
    ["git@", "git::", "github.com", "bitbucket.org"]
        .iter()
        .any(|p| source.starts_with(p))
}

/// The `ref` query parameter of a source, if any.
fn git_ref(source: &str) -> Option<&str> {
    let (_, query) = source.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("ref="))
        .map(|r| r.split(['/', '#']).next().unwrap_or(r))
}

/// Whether a `ref` names a commit: 5 to 40 hexadecimal digits, as git abbreviates them.
fn is_commit(r: &str) -> bool {
    (5..=40).contains(&r.len()) && r.chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether a `ref` looks like a version tag (`v1.2.0`, `1.4`, `release-2.0`).
fn is_version_tag(r: &str) -> bool {
    static VERSION: OnceLock<Regex> = OnceLock::new();
    VERSION
        .get_or_init(|| Regex::new(r"\d\.\d").expect("valid regex"))
        .is_match(r)
}

fn pinned_to_commit(source: &str) -> bool {
    git_ref(source).is_some_and(is_commit)
}

fn module_not_pinned_to_commit(call: &ModuleCallDecl) -> Option<String> {
    let source = call.source.as_str();
    if is_local(source) || pinned_to_commit(source) {
        return None;
    }
    Some(match (git_ref(source), &call.version) {
        (Some(r), _) => format!(
            "The module's source is pinned to \"{r}\", a name its publisher can move, not to a commit."
        ),
        (None, Some(v)) => format!(
            "The module comes from a registry at version \"{v}\", which its publisher can re-release; only a commit cannot change."
        ),
        (None, None) => "The module's source is not pinned at all: it follows whatever is newest.".into(),
    })
}

fn module_unversioned(call: &ModuleCallDecl) -> Option<String> {
    let source = call.source.as_str();
    if is_local(source) || pinned_to_commit(source) {
        return None;
    }
    if is_git(source) {
        return match git_ref(source) {
            Some(r) if is_version_tag(r) => None,
            Some(r) => Some(format!(
                "The module's git source follows \"{r}\", not a version tag or a commit."
            )),
            None => Some(
                "The module's git source has no `?ref=`: it follows the default branch.".into(),
            ),
        };
    }
    match &call.version {
        Some(_) => None,
        None => Some(
            "The module has no `version`: every `terraform init -upgrade` may take a new release."
                .into(),
        ),
    }
}

pub(crate) static RULES: &[Rule] = &[
    Rule {
        id: "kali/terraform-module-not-pinned-to-commit",
        title: "Module source is not pinned to a commit",
        severity: Severity::Low,
        category: Category::SupplyChain,
        cis: None,
        checkov: &["CKV_TF_1"],
        description: "A remote module source (git, registry, archive) without `?ref=` naming a commit hash. Tags and registry versions can be moved to other code by whoever publishes the module; a commit cannot. Local paths are not judged.",
        remediation: "Reference the module by git with the commit you reviewed: `source = \"git::https://github.com/org/module.git?ref=<commit sha>\"`.",
        target: Target::ModuleCalls(module_not_pinned_to_commit),
    },
    Rule {
        id: "kali/terraform-module-unversioned",
        title: "Module source has no version",
        severity: Severity::Medium,
        category: Category::SupplyChain,
        cis: None,
        checkov: &["CKV_TF_2"],
        description: "A registry module without `version`, or a git source without `?ref=` naming a version tag or a commit: the code called changes with the next release or push.",
        remediation: "Set `version = \"x.y.z\"` for a registry module, or `?ref=vX.Y.Z` (better: a commit) for a git source.",
        target: Target::ModuleCalls(module_unversioned),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_read_from_the_query() {
        assert_eq!(git_ref("git::https://h/x.git?ref=v1.2.0"), Some("v1.2.0"));
        assert_eq!(
            git_ref("git::https://h/x.git?depth=1&ref=0a1b2c3"),
            Some("0a1b2c3")
        );
        assert_eq!(git_ref("github.com/org/x"), None);
        assert!(is_commit("0a1b2c3d4e"));
        assert!(!is_commit("v1.2.0"));
        assert!(!is_commit("main"));
        assert!(is_version_tag("v1.2.0"));
        assert!(!is_version_tag("main"));
    }
}

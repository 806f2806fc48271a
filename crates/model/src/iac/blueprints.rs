//! Blueprints in the model: each `*.blueprint.yaml` of a tree is expanded and rendered to
//! Terraform exactly as `aetheredge blueprint render --target terraform` writes it, and that
//! Terraform is loaded as a root module of its own whose directory is the blueprint's path
//! (`blueprints/shop.blueprint.yaml`). Its resources are [`super::Resource`]s like any other,
//! addressed as in the rendered module (`aws_db_instance.db`, `aws_subnet.private_a`), and
//! located at the line of the blueprint component they come from. A blueprint that does not
//! validate becomes a diagnostic at its file, line and column, and the plan says nothing
//! about its resources.

use std::sync::Arc;

use super::budget::LIMIT_EXCEEDED;
use super::module::ModuleConfig;
use super::parse::{self, ParsedFile, TopBlock};
use super::{Diagnostic, Location, ParseResult};
use crate::blueprint::{self, schema, terraform};
use crate::repo::SourceFile;
use aetheredge_core::limits::Limits;

/// The rule of a blueprint that does not parse or validate.
pub const BLUEPRINT_INVALID: &str = "brahma/blueprint-invalid";

/// A blueprint loaded as a root module, or why it could not be.
pub enum Loaded {
    Module(Box<ModuleConfig>, Arc<ParseResult>),
    Invalid(Diagnostic),
}

/// Expands, renders and parses one blueprint file, within the budgets of `limits`.
pub fn load(file: &SourceFile, limits: &Limits) -> Loaded {
    let diagnostic = |rule_id: &str, line: u32, column: u32, message: String| {
        let at = Location {
            file: file.path.clone(),
            line,
        };
        Loaded::Invalid(Diagnostic::error(rule_id, &at, &message).at_column(column))
    };
    let invalid = |line, column, message| diagnostic(BLUEPRINT_INVALID, line, column, message);
    let bp = match schema::parse_within(&file.path, &file.text, limits.decode_depth) {
        Ok(bp) => bp,
        Err(e) if e.limit.is_some() => {
            return diagnostic(LIMIT_EXCEEDED, e.line, e.column, e.message)
        }
        Err(e) => return invalid(e.line, e.column, e.message),
    };
    let expansion = blueprint::expand(&bp);
    let rendered = match terraform::render(&expansion) {
        Ok(files) => files,
        Err(e) => return invalid(1, 1, e.to_string()),
    };
    let text: String = rendered.values().map(String::as_str).collect();
    let parsed =
        match parse::parse_file_within(&format!("{}.tf", file.path), &text, limits.nesting_depth) {
            Ok(p) => p,
            Err(f) => {
                return invalid(
                    1,
                    1,
                    format!(
                        "the rendered Terraform does not parse (line {}, column {}): {}",
                        f.line, f.column, f.message
                    ),
                );
            }
        };
    let parsed = relocate(parsed, &expansion, &file.text);
    let config = ModuleConfig::from_files(&file.path, &[(file.path.as_str(), &parsed)]);
    tracing::debug!(blueprint = %file.path, resources = expansion.resources.len(), "blueprint expanded");
    Loaded::Module(Box::new(config), Arc::new(Ok(parsed)))
}

/// Points every block at the blueprint line it comes from: a resource at its component,
/// variables and outputs at the top of the file.
fn relocate(parsed: ParsedFile, expansion: &blueprint::Expansion, text: &str) -> ParsedFile {
    let blocks = parsed
        .blocks
        .iter()
        .map(|block| {
            let component = match block.kind.as_str() {
                "resource" | "data" => expansion
                    .resources
                    .iter()
                    .find(|r| {
                        r.data == (block.kind == "data")
                            && block.labels.first() == Some(&r.resource_type)
                            && block.labels.get(1) == Some(&r.name)
                    })
                    .map(|r| r.component.clone()),
                _ => None,
            };
            let line = match component {
                Some(c) => {
                    let mut path = vec!["components"];
                    path.extend(c.split('.'));
                    schema::locate(text, &path).0
                }
                None => 1,
            };
            let mut b: TopBlock = (**block).clone();
            b.line = line;
            b.end_line = line;
            for l in b.member_lines.values_mut() {
                *l = line;
            }
            Arc::new(b)
        })
        .collect();
    ParsedFile {
        blocks,
        attributes: parsed.attributes,
    }
}
/// Why two blueprints could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(transparent)]
    Invalid(#[from] blueprint::BlueprintError),
    /// The scratch directory each blueprint is loaded from.
    #[error(transparent)]
    Scratch(#[from] std::io::Error),
    #[error(transparent)]
    Snapshot(#[from] crate::repo::RepoError),
}

/// The models of two versions of a blueprint, `a` and `b`, loaded as a review loads them:
/// what Brahma plans to show what changing one into the other does, resource by resource.
pub fn diff_models(
    a: (&str, &str),
    b: (&str, &str),
) -> Result<(super::Model, super::Model), DiffError> {
    // Validate both first, so an error names the file the user gave.
    blueprint::parse(a.0, a.1)?;
    blueprint::parse(b.0, b.1)?;
    let load = |text: &str| -> Result<super::Model, DiffError> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("diff.blueprint.yaml"), text)?;
        let snapshot =
            crate::repo::Snapshot::from_dir(dir.path(), &crate::repo::SnapshotLimits::default())?;
        Ok(super::load(
            &snapshot,
            &super::LoadOptions::default(),
            &super::ParseCache::default(),
        ))
    };
    Ok((load(a.1)?, load(b.1)?))
}

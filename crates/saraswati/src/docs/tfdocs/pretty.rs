//! terraform-docs' `pretty`: the module for a terminal, one line per requirement, provider,
//! module call and resource, each input and output with its description below, names in
//! cyan and text in grey (ANSI colours, with `settings.color`).

use std::fmt::Write;

use super::super::config::Section;
use super::markdown::{default_cell, resource_url};
use super::{full_name, Module};

const GREY: &str = "\x1b[90m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// The module as terraform-docs' `pretty`, without trailing line breaks.
pub(super) fn pretty(module: &Module) -> String {
    let color = |code: &str, text: &str| {
        if module.config.settings.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let version = |v: Option<&String>| v.map(|v| format!(" ({v})")).unwrap_or_default();
    let description = |d: Option<&String>| {
        let d = d
            .map(|d| d.strip_suffix('\n').unwrap_or(d))
            .unwrap_or_default();
        color(GREY, if d.is_empty() { "n/a" } else { d })
    };
    let mut out = String::new();
    if module.shows(Section::Header) {
        if !module.header.is_empty() {
            let _ = writeln!(out, "{}", color(GREY, &module.header));
        }
        out.push_str("\n\n");
    }
    if module.shows(Section::Requirements) {
        for r in &module.doc.requirements {
            let name = color(CYAN, &format!("requirement.{}", r.name));
            let _ = writeln!(out, "{name}{}", version(r.version.as_ref()));
        }
        out.push_str("\n\n");
    }
    if module.shows(Section::Providers) {
        for p in module.providers() {
            let name = color(CYAN, &format!("provider.{}", full_name(p)));
            let _ = writeln!(out, "{name}{}", version(p.version.as_ref()));
        }
        out.push_str("\n\n");
    }
    if module.shows(Section::Modules) {
        for c in module.modules() {
            let full = match c.version.as_deref().filter(|v| !v.is_empty()) {
                Some(v) => format!("{},{v}", c.source),
                None => c.source.clone(),
            };
            let _ = writeln!(
                out,
                "{} ({full})",
                color(CYAN, &format!("module.{}", c.name))
            );
        }
        out.push_str("\n\n");
    }
    if module.shows(Section::Resources) || module.shows(Section::DataSources) {
        // The lines follow the module's resources of either kind, whichever are shown.
        if !(module.doc.resources.is_empty() && module.doc.data_sources.is_empty()) {
            for (r, data) in module.resources() {
                let (prefix, mode) = if data {
                    ("data", "data source")
                } else {
                    ("resource", "resource")
                };
                let spec = format!("{prefix}.{}.{} ({mode})", r.resource_type, r.name);
                let url = resource_url(r, data)
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                let _ = writeln!(out, "{}{url}", color(CYAN, &spec));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if module.shows(Section::Inputs) {
        for i in module.inputs() {
            // A required input has no default; an explicit null one shows `null`.
            let value = default_cell(i);
            let value = if value.is_empty() {
                "required".to_string()
            } else {
                value
            };
            let _ = write!(
                out,
                "{} ({value})\n{}\n\n",
                color(CYAN, &format!("input.{}", i.name)),
                description(i.description.as_ref())
            );
        }
        out.push('\n');
    }
    if module.shows(Section::Outputs) {
        for o in module.outputs() {
            let _ = write!(out, "{}", color(CYAN, &format!("output.{}", o.name)));
            if let Some((value, _)) = module.output_value_text(o) {
                let _ = write!(out, " ({value})");
            }
            let _ = write!(out, "\n{}\n\n", description(o.description.as_ref()));
        }
    }
    if module.shows(Section::Footer) {
        if !module.footer.is_empty() {
            let _ = writeln!(out, "{}", color(GREY, &module.footer));
        }
        out.push_str("\n\n");
    }
    out.trim_end_matches(['\n', '\r']).to_string()
}

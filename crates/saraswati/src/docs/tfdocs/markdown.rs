//! terraform-docs' Markdown: the header, then Requirements, Providers, Modules, Resources,
//! Inputs and Outputs (as tables, or as a document of headings and paragraphs), then the
//! footer.

use std::fmt::Write;

use super::super::config::Section;
use super::text::{escape_characters, multiline, normalize_urls, segments, tidy};
use super::{full_name, json_value, Module};
use crate::docs::Input;

/// A section's heading: `##` at the default indent.
fn heading(module: &Module, title: &str) -> String {
    MARKDOWN.heading(module, 0, title)
}

/// The heading level of sections (`settings.indent`, 2 unless 1 to 5).
pub(super) fn level(module: &Module) -> usize {
    match module.config.settings.indent {
        level @ 1..=5 => level as usize,
        _ => 2,
    }
}

/// A name, with an anchor (`<a name="input_x"></a> [x](#input_x)`) when `settings.anchor`.
pub(super) fn anchored(module: &Module, prefix: &str, name: &str) -> String {
    let escape = module.config.settings.escape;
    let sanitize = |s: &str| {
        if escape {
            s.replace('_', "\\_")
        } else {
            s.to_string()
        }
    };
    if module.config.settings.anchor {
        let anchor = format!("{prefix}_{name}");
        format!(
            "<a name=\"{anchor}\"></a> [{}](#{})",
            sanitize(name),
            sanitize(&anchor)
        )
    } else {
        sanitize(name)
    }
}

/// Code in a cell: inline when one line, else fenced (the cell sanitizer makes it `<pre>`).
pub(super) fn code(text: &str) -> String {
    if text.contains('\n') {
        format!("\n\n```\n{text}\n```\n")
    } else {
        format!("`{text}`")
    }
}

/// A header or footer: escaped outside code blocks, code blocks kept.
pub(super) fn section_text(module: &Module, text: &str) -> String {
    let (escape, html) = (module.config.settings.escape, module.config.settings.html);
    segments(
        text,
        "```",
        |s, _, _| {
            let s = escape_characters(s, escape, false);
            let s = multiline(&s, false, true, html);
            normalize_urls(&s, escape)
        },
        |s, _, _| {
            let last_blank = s.rsplit('\n').next().is_some_and(|l| l.trim().is_empty());
            let lastbreak = if s.ends_with('\n') || last_blank {
                ""
            } else {
                "\n"
            };
            format!("```{s}{lastbreak}```")
        },
    )
}

/// A table cell: `|` escaped, line breaks as `<br/>`, code blocks as `<pre>` (or inline
/// code without HTML); empty text is `n/a`.
fn cell(module: &Module, text: &str) -> String {
    if text.is_empty() {
        return "n/a".into();
    }
    let (escape, html) = (module.config.settings.escape, module.config.settings.html);
    segments(
        text,
        "```",
        |s, _, _| {
            let s = escape_characters(s, escape, true);
            let s = multiline(&s, true, false, html);
            normalize_urls(&s, escape)
        },
        |s, first, last| {
            let s = s.trim();
            if html {
                return format!("<pre>{}</pre>", s.replace('\n', "<br/>").replace('\r', ""));
            }
            let start = if first { "```" } else { " ```" };
            let end = if last { "```" } else { "``` " };
            format!("{start}{}{end}", one_line_code(s).replace('\r', ""))
        },
    )
}

/// A code block on one line: blank lines dropped, `=` spaced, lines joined by spaces.
fn one_line_code(code: &str) -> String {
    code.split('\n')
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut spaced = String::new();
            for (i, part) in l.split('=').enumerate() {
                if i > 0 {
                    spaced.truncate(spaced.trim_end().len());
                    spaced.push_str(" = ");
                    spaced.push_str(part.trim_start());
                } else {
                    spaced.push_str(part);
                }
            }
            spaced.trim_start().to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Default column: the default as indented JSON, `null` when explicitly null, `n/a`
/// when the input is required.
pub(super) fn default_cell(input: &Input) -> String {
    match &input.default_value {
        None => String::new(),
        Some(value) => json_value(value),
    }
}

/// One table section, or `No …` / nothing (with `hide-empty`) when it has no rows.
fn table(
    out: &mut String,
    module: &Module,
    title: &str,
    empty: &str,
    columns: &[(&str, &str)],
    rows: Vec<Vec<String>>,
) {
    if rows.is_empty() {
        if !module.config.settings.hide_empty {
            let _ = write!(out, "{}\n\n{empty}\n\n", heading(module, title));
        }
        return;
    }
    let _ = writeln!(out, "{}\n", heading(module, title));
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let rules: Vec<&str> = columns.iter().map(|(_, r)| *r).collect();
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let _ = writeln!(out, "| {} |", rules.join(" | "));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

/// The module as terraform-docs' `markdown table`.
pub(super) fn table_format(module: &Module) -> String {
    let settings = &module.config.settings;
    let mut out = String::new();
    if module.shows(Section::Header) && !module.header.is_empty() {
        let _ = write!(out, "{}\n\n", section_text(module, &module.header));
    }
    if module.shows(Section::Requirements) {
        let rows = module
            .doc
            .requirements
            .iter()
            .map(|r| {
                vec![
                    anchored(module, "requirement", &r.name),
                    r.version.clone().unwrap_or_else(|| "n/a".into()),
                ]
            })
            .collect();
        table(
            &mut out,
            module,
            "Requirements",
            "No requirements.",
            &[("Name", "----"), ("Version", "-------")],
            rows,
        );
    }
    if module.shows(Section::Providers) {
        let rows = module
            .providers()
            .into_iter()
            .map(|p| {
                vec![
                    anchored(module, "provider", &full_name(p)),
                    p.version.clone().unwrap_or_else(|| "n/a".into()),
                ]
            })
            .collect();
        table(
            &mut out,
            module,
            "Providers",
            "No providers.",
            &[("Name", "----"), ("Version", "-------")],
            rows,
        );
    }
    if module.shows(Section::Modules) {
        let rows = module
            .modules()
            .into_iter()
            .map(|c| {
                vec![
                    anchored(module, "module", &c.name),
                    c.source.clone(),
                    c.version
                        .clone()
                        .filter(|v| !v.is_empty())
                        .unwrap_or_else(|| "n/a".into()),
                ]
            })
            .collect();
        table(
            &mut out,
            module,
            "Modules",
            "No modules.",
            &[
                ("Name", "----"),
                ("Source", "------"),
                ("Version", "-------"),
            ],
            rows,
        );
    }
    if module.shows(Section::Resources) || module.shows(Section::DataSources) {
        let rows = module
            .resources()
            .into_iter()
            .map(|(r, data)| {
                let spec = format!("{}.{}", r.resource_type, r.name);
                let name = match resource_url(r, data) {
                    Some(url) => format!("[{spec}]({url})"),
                    None => spec,
                };
                vec![name, if data { "data source" } else { "resource" }.into()]
            })
            .collect();
        table(
            &mut out,
            module,
            "Resources",
            "No resources.",
            &[("Name", "----"), ("Type", "----")],
            rows,
        );
    }
    if module.shows(Section::Inputs) {
        let mut columns = vec![("Name", "----"), ("Description", "-----------")];
        if settings.type_column {
            columns.push(("Type", "----"));
        }
        if settings.default {
            columns.push(("Default", "-------"));
        }
        if settings.required {
            columns.push(("Required", ":------:"));
        }
        let rows = module
            .inputs()
            .into_iter()
            .map(|i| {
                let mut row = vec![
                    anchored(module, "input", &i.name),
                    cell(module, i.description.as_deref().unwrap_or_default()),
                ];
                if settings.type_column {
                    row.push(cell(module, &code(&i.type_expr)));
                }
                if settings.default {
                    let default = default_cell(i);
                    row.push(if default.is_empty() {
                        "n/a".into()
                    } else {
                        cell(module, &code(&default))
                    });
                }
                if settings.required {
                    row.push(if i.required { "yes" } else { "no" }.into());
                }
                row
            })
            .collect();
        table(&mut out, module, "Inputs", "No inputs.", &columns, rows);
    }
    if module.shows(Section::Outputs) {
        let values = module.output_values.is_some();
        let rows = module
            .outputs()
            .into_iter()
            .map(|o| {
                let mut row = vec![
                    anchored(module, "output", &o.name),
                    cell(module, o.description.as_deref().unwrap_or_default()),
                ];
                if let Some((value, sensitive)) = module.output_value_text(o) {
                    row.push(if value.is_empty() {
                        "n/a".into()
                    } else {
                        cell(module, &code(&value))
                    });
                    if settings.sensitive {
                        row.push(if sensitive { "yes" } else { "no" }.into());
                    }
                }
                row
            })
            .collect();
        let mut columns = vec![("Name", "----"), ("Description", "-----------")];
        if values {
            columns.push(("Value", "-----"));
            if settings.sensitive {
                columns.push(("Sensitive", ":-------:"));
            }
        }
        table(&mut out, module, "Outputs", "No outputs.", &columns, rows);
    }
    if module.shows(Section::Footer) && !module.footer.is_empty() {
        let _ = write!(out, "{}\n\n", section_text(module, &module.footer));
    }
    tidy(&out)
}

/// Text in a document paragraph (terraform-docs' `sanitizeDoc`): escaped outside code
/// blocks, line breaks kept as Markdown line breaks; `n/a` when empty.
pub(super) fn doc_text(module: &Module, text: &str) -> String {
    if text.is_empty() {
        return "n/a".into();
    }
    let (escape, html) = (module.config.settings.escape, module.config.settings.html);
    segments(
        text,
        "```",
        |s, _, _| {
            let s = escape_characters(s, escape, false);
            let s = multiline(&s, false, false, html);
            normalize_urls(&s, escape)
        },
        |s, _, _| {
            let lastbreak = if s.ends_with('\n') { "" } else { "\n" };
            format!("```{s}{lastbreak}```")
        },
    )
}

/// An output's value after `Value:`: `n/a` as is, other text as JSON code.
fn doc_value(dialect: &Dialect, value: &str) -> String {
    if value == "n/a" {
        value.to_string()
    } else {
        (dialect.code)(value, "json")
    }
}

/// Code after a label in a document: inline when one line, else a fenced block in
/// `language` below the label.
pub(super) fn doc_code(text: &str, language: &str) -> String {
    if text.contains('\n') {
        format!("\n\n```{language}\n{text}\n```\n")
    } else {
        format!("`{text}`\n")
    }
}

/// What tells terraform-docs' Markdown and AsciiDoc documents apart.
pub(super) struct Dialect {
    /// `#` or `=`, repeated for the heading level.
    pub heading: char,
    /// A name, with its anchor when `settings.anchor`.
    pub anchor: fn(&Module, &str, &str) -> String,
    /// A labelled piece of code (`Type:`, `Default:`) in a language.
    pub code: fn(&str, &str) -> String,
    /// A link from a text to a URL.
    pub link: fn(&str, &str) -> String,
}

const MARKDOWN: Dialect = Dialect {
    heading: '#',
    anchor: anchored,
    code: doc_code,
    link: |text, url| format!("[{text}]({url})"),
};

impl Dialect {
    /// A heading `extra` levels below the sections'; Markdown's closed with
    /// `settings.atx-closed`.
    fn heading(&self, module: &Module, extra: usize, title: &str) -> String {
        let marks: String = std::iter::repeat_n(self.heading, level(module) + extra).collect();
        if self.heading == '#' && module.config.settings.atx_closed {
            format!("{marks} {title} {marks}")
        } else {
            format!("{marks} {title}")
        }
    }
}

/// A section of a document: its heading and `intro`, then `items` (or `empty` without
/// any, nothing with `hide-empty`).
#[allow(clippy::too_many_arguments)]
fn doc_section(
    out: &mut String,
    module: &Module,
    dialect: &Dialect,
    title: &str,
    empty: &str,
    intro: &str,
    items: Vec<String>,
    separator: &str,
) {
    if items.is_empty() {
        if !module.config.settings.hide_empty {
            let _ = write!(out, "{}\n\n{empty}\n\n", dialect.heading(module, 0, title));
        }
        return;
    }
    let _ = write!(
        out,
        "{}\n\n{intro}\n\n{}\n\n",
        dialect.heading(module, 0, title),
        items.join(separator)
    );
}

/// An input in a document: its heading, description, type and default.
fn doc_input(module: &Module, dialect: &Dialect, input: &Input, group_by_required: bool) -> String {
    let settings = &module.config.settings;
    let mut out = format!(
        "{}\n\nDescription: {}\n\n",
        dialect.heading(module, 1, &(dialect.anchor)(module, "input", &input.name)),
        doc_text(module, input.description.as_deref().unwrap_or_default())
    );
    if settings.type_column {
        let _ = write!(out, "Type: {}\n\n", (dialect.code)(&input.type_expr, "hcl"));
    }
    if settings.default && (!input.required || !group_by_required) {
        let default = default_cell(input);
        let value = if default.is_empty() {
            "n/a".to_string()
        } else {
            (dialect.code)(&default, "json")
        };
        let _ = write!(out, "Default: {value}\n\n");
    }
    out
}

/// The module as terraform-docs' `markdown document`.
pub(super) fn document_format(module: &Module) -> String {
    document(module, &MARKDOWN)
}

/// The module as a document of headings and paragraphs in `dialect`.
pub(super) fn document(module: &Module, dialect: &Dialect) -> String {
    let settings = &module.config.settings;
    let anchor = dialect.anchor;
    let mut out = String::new();
    if module.shows(Section::Header) && !module.header.is_empty() {
        let _ = write!(out, "{}\n\n", section_text(module, &module.header));
    }
    let versioned = |prefix: &str, name: &str, version: Option<&String>| {
        let version = version.map(|v| format!(" ({v})")).unwrap_or_default();
        format!("- {}{version}", anchor(module, prefix, name))
    };
    if module.shows(Section::Requirements) {
        let items = module
            .doc
            .requirements
            .iter()
            .map(|r| versioned("requirement", &r.name, r.version.as_ref()))
            .collect();
        doc_section(
            &mut out,
            module,
            dialect,
            "Requirements",
            "No requirements.",
            "The following requirements are needed by this module:",
            items,
            "\n\n",
        );
    }
    if module.shows(Section::Providers) {
        let items = module
            .providers()
            .into_iter()
            .map(|p| versioned("provider", &full_name(p), p.version.as_ref()))
            .collect();
        doc_section(
            &mut out,
            module,
            dialect,
            "Providers",
            "No providers.",
            "The following providers are used by this module:",
            items,
            "\n\n",
        );
    }
    if module.shows(Section::Modules) {
        let items = module
            .modules()
            .into_iter()
            .map(|c| {
                format!(
                    "{}\n\nSource: {}\n\nVersion: {}",
                    dialect.heading(module, 1, &anchor(module, "module", &c.name)),
                    c.source,
                    c.version.as_deref().unwrap_or_default()
                )
            })
            .collect();
        doc_section(
            &mut out,
            module,
            dialect,
            "Modules",
            "No modules.",
            "The following Modules are called:",
            items,
            "\n\n",
        );
    }
    if module.shows(Section::Resources) || module.shows(Section::DataSources) {
        let items = module
            .resources()
            .into_iter()
            .map(|(r, data)| {
                let spec = format!("{}.{}", r.resource_type, r.name);
                let name = match resource_url(r, data) {
                    Some(url) => (dialect.link)(&spec, &url),
                    None => spec,
                };
                format!(
                    "- {name} ({})",
                    if data { "data source" } else { "resource" }
                )
            })
            .collect();
        doc_section(
            &mut out,
            module,
            dialect,
            "Resources",
            "No resources.",
            "The following resources are used by this module:",
            items,
            "\n",
        );
    }
    if module.shows(Section::Inputs) {
        let inputs = module.inputs();
        if settings.required {
            let (required, optional): (Vec<&Input>, Vec<&Input>) =
                inputs.into_iter().partition(|i| i.required);
            for (group, title, intro) in [
                (
                    required,
                    "Required Inputs",
                    "The following input variables are required:",
                ),
                (
                    optional,
                    "Optional Inputs",
                    "The following input variables are optional (have default values):",
                ),
            ] {
                let empty = format!("No {}.", title.to_lowercase());
                let items = group
                    .iter()
                    .map(|i| doc_input(module, dialect, i, true))
                    .collect();
                doc_section(
                    &mut out, module, dialect, title, &empty, intro, items, "\n\n",
                );
            }
        } else {
            let items = inputs
                .iter()
                .map(|i| doc_input(module, dialect, i, false))
                .collect();
            doc_section(
                &mut out,
                module,
                dialect,
                "Inputs",
                "No inputs.",
                "The following input variables are supported:",
                items,
                "\n\n",
            );
        }
    }
    if module.shows(Section::Outputs) {
        let items = module
            .outputs()
            .into_iter()
            .map(|o| {
                let mut item = format!(
                    "{}\n\nDescription: {}\n\n",
                    dialect.heading(module, 1, &anchor(module, "output", &o.name)),
                    doc_text(module, o.description.as_deref().unwrap_or_default())
                );
                if let Some((value, sensitive)) = module.output_value_text(o) {
                    let _ = write!(
                        item,
                        "Value: {}\n\n",
                        doc_text(module, &doc_value(dialect, &value))
                    );
                    if settings.sensitive {
                        let _ = write!(item, "Sensitive: {}", if sensitive { "yes" } else { "no" });
                    }
                }
                item
            })
            .collect();
        doc_section(
            &mut out,
            module,
            dialect,
            "Outputs",
            "No outputs.",
            "The following outputs are exported:",
            items,
            "\n\n",
        );
    }
    if module.shows(Section::Footer) && !module.footer.is_empty() {
        let _ = write!(out, "{}\n\n", section_text(module, &module.footer));
    }
    tidy(&out)
}

/// The registry page of a resource whose provider is on the public registry
/// (`namespace/name` sources).
pub(super) fn resource_url(r: &crate::docs::ResourceRef, data: bool) -> Option<String> {
    if r.source.matches('/').count() > 1 {
        return None;
    }
    let kind = if data { "data-sources" } else { "resources" };
    Some(format!(
        "https://registry.terraform.io/providers/{}/{}/docs/{kind}/{}",
        r.source,
        r.version,
        super::short_type(r)
    ))
}

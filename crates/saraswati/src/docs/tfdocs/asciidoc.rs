//! terraform-docs' AsciiDoc: the same sections as its Markdown, as `[cols=…]` tables or as
//! a document of `==` headings, code as `[source]` blocks, and `_` never escaped.

use std::fmt::Write;

use super::super::config::{Config, Section};
use super::markdown::{self, default_cell, level, resource_url, section_text, Dialect};
use super::text::{escape_characters, segments, tidy};
use super::{full_name, Module};

/// terraform-docs renders AsciiDoc with `escape` off, whatever the settings say.
fn unescaped(config: &Config) -> Config {
    let mut config = config.clone();
    config.settings.escape = false;
    config
}

/// A name, with an anchor (`[[input_x]] <<input_x,x>>`) when `settings.anchor`.
fn anchored(module: &Module, prefix: &str, name: &str) -> String {
    if module.config.settings.anchor {
        let anchor = format!("{prefix}_{name}");
        format!("[[{anchor}]] <<{anchor},{name}>>")
    } else {
        name.to_string()
    }
}

/// Code after a label in a document: inline when one line, else a `[source]` block.
fn doc_code(text: &str, language: &str) -> String {
    if text.contains('\n') {
        format!("\n[source,{language}]\n----\n{text}\n----\n")
    } else {
        format!("`{text}`\n")
    }
}

const ASCIIDOC: Dialect = Dialect {
    heading: '=',
    anchor: anchored,
    code: doc_code,
    link: |text, url| format!("{url}[{text}]"),
};

/// The module as terraform-docs' `asciidoc document`.
pub(super) fn document_format(module: &Module) -> String {
    let config = unescaped(module.config);
    markdown::document(&module.with_config(&config), &ASCIIDOC)
}

fn heading(module: &Module, title: &str) -> String {
    format!("{} {title}", "=".repeat(level(module)))
}

/// A table cell (terraform-docs' `sanitizeAsciidocTbl`): `|` escaped outside code, code
/// blocks as `[source]` blocks; empty text is `n/a`.
fn cell(text: &str) -> String {
    if text.is_empty() {
        return "n/a".into();
    }
    segments(
        text,
        "```",
        |s, _, _| escape_characters(s, false, true),
        |s, _, _| format!("[source]\n----\n{}\n----", s.trim()),
    )
}

/// One table section, or `No …` / nothing (with `hide-empty`) when it has no rows. Each
/// row is its cells' text, each cell starting with `|`.
fn table(
    out: &mut String,
    module: &Module,
    title: &str,
    empty: &str,
    header: &[&str],
    rows: Vec<String>,
) {
    if rows.is_empty() {
        if !module.config.settings.hide_empty {
            let _ = write!(out, "{}\n\n{empty}\n\n", heading(module, title));
        }
        return;
    }
    let cols = vec!["a"; header.len()].join(",");
    let _ = write!(
        out,
        "{}\n\n[cols=\"{cols}\",options=\"header,autowidth\"]\n|===\n|{}\n{}\n|===\n\n",
        heading(module, title),
        header.join(" |"),
        rows.join("\n")
    );
}

/// The module as terraform-docs' `asciidoc table`.
pub(super) fn table_format(module: &Module) -> String {
    let config = unescaped(module.config);
    let module = &module.with_config(&config);
    let settings = &module.config.settings;
    let mut out = String::new();
    if module.shows(Section::Header) && !module.header.is_empty() {
        let _ = write!(out, "{}\n\n", section_text(module, &module.header));
    }
    let version = |v: Option<&String>| v.cloned().unwrap_or_else(|| "n/a".into());
    if module.shows(Section::Requirements) {
        let rows = module
            .doc
            .requirements
            .iter()
            .map(|r| {
                format!(
                    "|{} |{}",
                    anchored(module, "requirement", &r.name),
                    version(r.version.as_ref())
                )
            })
            .collect();
        table(
            &mut out,
            module,
            "Requirements",
            "No requirements.",
            &["Name", "Version"],
            rows,
        );
    }
    if module.shows(Section::Providers) {
        let rows = module
            .providers()
            .into_iter()
            .map(|p| {
                format!(
                    "|{} |{}",
                    anchored(module, "provider", &full_name(p)),
                    version(p.version.as_ref())
                )
            })
            .collect();
        table(
            &mut out,
            module,
            "Providers",
            "No providers.",
            &["Name", "Version"],
            rows,
        );
    }
    if module.shows(Section::Modules) {
        let rows = module
            .modules()
            .into_iter()
            .map(|c| {
                format!(
                    "|{} |{} |{}",
                    anchored(module, "module", &c.name),
                    c.source,
                    c.version.as_deref().unwrap_or_default()
                )
            })
            .collect();
        table(
            &mut out,
            module,
            "Modules",
            "No modules.",
            &["Name", "Source", "Version"],
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
                    Some(url) => format!("{url}[{spec}]"),
                    None => spec,
                };
                format!("|{name} |{}", if data { "data source" } else { "resource" })
            })
            .collect();
        table(
            &mut out,
            module,
            "Resources",
            "No resources.",
            &["Name", "Type"],
            rows,
        );
    }
    if module.shows(Section::Inputs) {
        let mut header = vec!["Name", "Description"];
        if settings.type_column {
            header.push("Type");
        }
        if settings.default {
            header.push("Default");
        }
        if settings.required {
            header.push("Required");
        }
        let rows = module
            .inputs()
            .into_iter()
            .map(|i| {
                let mut row = format!(
                    "|{}\n|{}",
                    anchored(module, "input", &i.name),
                    cell(i.description.as_deref().unwrap_or_default())
                );
                if settings.type_column {
                    let _ = write!(row, "\n|{}", cell(&markdown::code(&i.type_expr)));
                }
                if settings.default {
                    let default = default_cell(i);
                    let value = if default.is_empty() {
                        "n/a".to_string()
                    } else {
                        cell(&markdown::code(&default))
                    };
                    let _ = write!(row, "\n|{value}");
                }
                if settings.required {
                    let _ = write!(row, "\n|{}", if i.required { "yes" } else { "no" });
                }
                row.push('\n');
                row
            })
            .collect();
        table(&mut out, module, "Inputs", "No inputs.", &header, rows);
    }
    if module.shows(Section::Outputs) {
        let mut header = vec!["Name", "Description"];
        if module.output_values.is_some() {
            header.push("Value");
            if settings.sensitive {
                header.push("Sensitive");
            }
        }
        let rows = module
            .outputs()
            .into_iter()
            .map(|o| {
                let mut row = format!(
                    "|{} |{}",
                    anchored(module, "output", &o.name),
                    cell(o.description.as_deref().unwrap_or_default())
                );
                if let Some((value, sensitive)) = module.output_value_text(o) {
                    let value = if value.is_empty() {
                        "n/a".to_string()
                    } else {
                        markdown::code(&value)
                    };
                    let _ = write!(row, " |{value}");
                    if settings.sensitive {
                        let _ = write!(row, " |{}", if sensitive { "yes" } else { "no" });
                    }
                }
                row
            })
            .collect();
        table(&mut out, module, "Outputs", "No outputs.", &header, rows);
    }
    if module.shows(Section::Footer) && !module.footer.is_empty() {
        let _ = write!(out, "{}\n\n", section_text(module, &module.footer));
    }
    tidy(&out)
}

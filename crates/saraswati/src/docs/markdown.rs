//! Module docs as Markdown, in terraform-docs' shape: Requirements (providers), Resources,
//! Modules, Inputs (required first), Outputs. Renders [`super::ModuleDoc`] as given; computes
//! nothing.

use std::fmt::Write;

use super::ModuleDoc;
use aetheredge_escape::markdown::table_cell;

/// Inline code in a table cell; HCL type expressions span lines, so they are folded.
fn code(text: &str) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("<code>{}</code>", table_cell(&folded))
}

/// One module's docs as Markdown (no heading naming the module: READMEs have their own).
pub fn render(doc: &ModuleDoc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Providers\n");
    if doc.providers.is_empty() {
        let _ = writeln!(out, "No providers.\n");
    } else {
        let _ = writeln!(out, "| Name | Source | Version |\n| --- | --- | --- |");
        for p in &doc.providers {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                table_cell(&p.name),
                p.source
                    .as_deref()
                    .map(table_cell)
                    .unwrap_or_else(|| "n/a".into()),
                p.version
                    .as_deref()
                    .map(code)
                    .unwrap_or_else(|| "n/a".into())
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Modules\n");
    if doc.calls.is_empty() {
        let _ = writeln!(out, "No modules.\n");
    } else {
        let _ = writeln!(out, "| Name | Source | Version |\n| --- | --- | --- |");
        for c in &doc.calls {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                table_cell(&c.name),
                code(&c.source),
                c.version
                    .as_deref()
                    .map(code)
                    .unwrap_or_else(|| "n/a".into())
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Resources\n");
    if doc.resources.is_empty() && doc.data_sources.is_empty() {
        let _ = writeln!(out, "No resources.\n");
    } else {
        let _ = writeln!(out, "| Name | Type | Where |\n| --- | --- | --- |");
        for (r, kind) in doc
            .resources
            .iter()
            .map(|r| (r, "resource"))
            .chain(doc.data_sources.iter().map(|r| (r, "data source")))
        {
            let _ = writeln!(
                out,
                "| {} | {kind} | {}:{} |",
                code(&r.address),
                table_cell(&r.file),
                r.line
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Inputs\n");
    if doc.inputs.is_empty() {
        let _ = writeln!(out, "No inputs.\n");
    } else {
        let _ = writeln!(
            out,
            "| Name | Description | Type | Default | Required | Sensitive |\n| --- | --- | --- | --- | :---: | :---: |"
        );
        for i in &doc.inputs {
            let mut description = i.description.as_deref().map(table_cell).unwrap_or_default();
            for v in &i.validations {
                let _ = write!(
                    description,
                    "<br>Validation: {} ({})",
                    code(&v.condition),
                    table_cell(&v.error_message)
                );
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                table_cell(&i.name),
                description,
                code(&i.type_expr),
                i.default
                    .as_deref()
                    .map(code)
                    .unwrap_or_else(|| "n/a".into()),
                if i.required { "yes" } else { "no" },
                if i.sensitive { "yes" } else { "no" }
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Outputs\n");
    if doc.outputs.is_empty() {
        let _ = writeln!(out, "No outputs.");
    } else {
        let _ = writeln!(
            out,
            "| Name | Description | Sensitive |\n| --- | --- | :---: |"
        );
        for o in &doc.outputs {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                table_cell(&o.name),
                o.description.as_deref().map(table_cell).unwrap_or_default(),
                if o.sensitive { "yes" } else { "no" }
            );
        }
    }
    out
}

/// Every module's docs, each under a heading naming its directory (the `docs` command).
pub fn render_all(docs: &[ModuleDoc]) -> String {
    let mut out = String::new();
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "# Module `{}`\n", doc.dir);
        out.push_str(
            &render(doc)
                .replace("\n## ", "\n### ")
                .replacen("## ", "### ", 1),
        );
    }
    out
}

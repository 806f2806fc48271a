//! The drift report as Markdown: one section per root, one table row per differing
//! attribute. Sensitive values are never in the report, so never here.

use aetheredge_core::report::drift::{DriftReport, DriftStatus, ResourceDrift};
use aetheredge_escape::markdown::table_cell_one_line;

/// The longest value shown in a cell; longer ones are cut with `…`.
const MAX_VALUE: usize = 120;

pub fn markdown(report: &DriftReport) -> String {
    let mut out = String::from("## Drift\n\n");
    let short = &report.rev[..report.rev.len().min(12)];
    out.push_str(&format!(
        "The code at `{short}` compared with the recorded state.\n"
    ));
    for root in &report.roots {
        out.push_str(&format!(
            "\n### Root `{}` · state `{}`{}\n\n",
            table_cell_one_line(&root.root),
            table_cell_one_line(&root.state),
            root.serial
                .map(|s| format!(" · serial {s}"))
                .unwrap_or_default()
        ));
        if let Some(error) = &root.error {
            out.push_str(&format!(
                "**Not compared**: {}\n",
                table_cell_one_line(error)
            ));
            continue;
        }
        if root.resources.is_empty() {
            out.push_str("No drift: every resource the code declares is as recorded.\n");
        } else {
            out.push_str(&summary(&root.resources));
            out.push_str("\n| resource | status | attribute | code declares | state records |\n");
            out.push_str("| --- | --- | --- | --- | --- |\n");
            for resource in &root.resources {
                rows(resource, &mut out);
            }
        }
        for note in &root.notes {
            out.push_str(&format!("\n> {}\n", table_cell_one_line(note)));
        }
    }
    out
}

fn summary(resources: &[ResourceDrift]) -> String {
    let count = |status| resources.iter().filter(|r| r.status == status).count();
    let parts: Vec<String> = [
        (DriftStatus::Drifted, "drifted"),
        (
            DriftStatus::NotInState,
            "declared but not in the state (the next apply creates)",
        ),
        (
            DriftStatus::NotInCode,
            "in the state but not in the code (the next apply destroys)",
        ),
    ]
    .into_iter()
    .filter_map(|(status, words)| {
        let n = count(status);
        (n > 0).then(|| format!("{n} {words}"))
    })
    .collect();
    format!("{}.\n", parts.join(", "))
}

fn rows(resource: &ResourceDrift, out: &mut String) {
    let address = format!("`{}`", table_cell_one_line(&resource.address));
    let status = resource.status.as_str().replace('_', " ");
    if resource.attributes.is_empty() {
        out.push_str(&format!("| {address} | {status} | | | |\n"));
        return;
    }
    for attribute in &resource.attributes {
        let (declared, recorded) = if attribute.sensitive {
            ("(sensitive)".to_string(), "(sensitive)".to_string())
        } else {
            (
                value(attribute.declared.as_ref()),
                value(attribute.recorded.as_ref()),
            )
        };
        out.push_str(&format!(
            "| {address} | {status} | `{}` | {declared} | {recorded} |\n",
            table_cell_one_line(&attribute.path)
        ));
    }
}

fn value(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => "(not set)".to_string(),
        Some(v) => {
            let text = v.to_string();
            let text = if text.chars().count() > MAX_VALUE {
                let cut: String = text.chars().take(MAX_VALUE).collect();
                format!("{cut}…")
            } else {
                text
            };
            format!("`{}`", table_cell_one_line(&text))
        }
    }
}

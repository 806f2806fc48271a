//! GitHub workflow annotations: one `::error file=…,line=…,title=…::message` line per
//! finding the change introduces (`::warning` for medium, `::notice` for low and info), so
//! a workflow step shows them on the pull request's diff.

use std::fmt::Write;

use aetheredge_core::report::{Report, Severity, Status};
use aetheredge_escape::workflow_command;

/// The annotation lines of the introduced findings.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.status == Status::Introduced)
    {
        let command = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(file) = &f.file {
            props.push(format!("file={}", workflow_command::property(file)));
        }
        if let Some(line) = f.line {
            props.push(format!("line={line}"));
        }
        if let Some(col) = f.column {
            props.push(format!("col={col}"));
        }
        props.push(format!(
            "title={}",
            workflow_command::property(&format!("{} ({})", f.title, f.rule_id))
        ));
        let mut message = f.message.clone();
        if let Some(resource) = &f.resource {
            message = format!("{resource}: {message}");
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            workflow_command::data(&message)
        );
    }
    out
}

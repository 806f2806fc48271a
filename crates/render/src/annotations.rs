//! GitHub workflow annotations: one `::error file=…,line=…,title=…::message` line per
//! finding the change introduces (`::warning` for medium, `::notice` for low and info), so
//! a workflow step shows them on the pull request's diff.

use std::fmt::Write;

use aetheredge_core::report::{Report, Severity, Status};

/// Escapes a message as the workflow command parser expects.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`, which separate properties).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

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
            props.push(format!("file={}", escape_property(file)));
        }
        if let Some(line) = f.line {
            props.push(format!("line={line}"));
        }
        if let Some(col) = f.column {
            props.push(format!("col={col}"));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} ({})", f.title, f.rule_id))
        ));
        let mut message = f.message.clone();
        if let Some(resource) = &f.resource {
            message = format!("{resource}: {message}");
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_messages_are_escaped() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("50%\nx:y"), "50%25%0Ax:y");
    }
}

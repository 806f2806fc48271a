//! Findings as test results, the forms conftest's `--output tap` and `--output junit` give
//! CI systems: one failing test per finding (a `warn` rule's as a warning), named by its file
//! and rule.

use std::fmt::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use aetheredge_core::report::{Finding, Severity};

fn place(f: &Finding) -> String {
    match (&f.file, f.line) {
        (Some(file), Some(line)) => format!("{file}:{line}"),
        (Some(file), None) => file.clone(),
        _ => "-".to_string(),
    }
}

fn is_warning(f: &Finding) -> bool {
    matches!(f.severity, Severity::Low | Severity::Info)
}

/// TAP version 13: `not ok N - file:line - rule - message`, a warning marked `# TODO`.
pub fn tap(findings: &[Finding]) -> String {
    let mut out = String::from("TAP version 13\n");
    if findings.is_empty() {
        out.push_str("1..0\n");
        return out;
    }
    let _ = writeln!(out, "1..{}", findings.len());
    for (i, f) in findings.iter().enumerate() {
        // A line break would end the test line: TAP has one line per result.
        let message = f.message.replace(['\r', '\n'], " ");
        let todo = if is_warning(f) { " # TODO warning" } else { "" };
        let _ = writeln!(
            out,
            "not ok {} - {} - {} - {message}{todo}",
            i + 1,
            place(f),
            f.rule_id
        );
    }
    out
}

/// JUnit XML: one `testsuite` per file, one `testcase` per finding with its `failure`.
pub fn junit(findings: &[Finding]) -> String {
    let mut by_file: Vec<(String, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let file = f.file.clone().unwrap_or_else(|| "-".to_string());
        match by_file.iter_mut().find(|(name, _)| *name == file) {
            Some((_, list)) => list.push(f),
            None => by_file.push((file, vec![f])),
        }
    }
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let total = findings.len().to_string();
    let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", "aetheredge policy"));
    suites.push_attribute(("tests", total.as_str()));
    suites.push_attribute(("failures", total.as_str()));
    let _ = writer.write_event(Event::Start(suites));
    for (file, list) in &by_file {
        let count = list.len().to_string();
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", file.as_str()));
        suite.push_attribute(("tests", count.as_str()));
        suite.push_attribute(("failures", count.as_str()));
        let _ = writer.write_event(Event::Start(suite));
        for f in list {
            let name = format!("{} - {}", place(f), f.rule_id);
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("classname", file.as_str()));
            case.push_attribute(("name", name.as_str()));
            let _ = writer.write_event(Event::Start(case));
            let mut failure = BytesStart::new("failure");
            failure.push_attribute(("message", f.message.as_str()));
            failure.push_attribute(("type", if is_warning(f) { "warning" } else { "failure" }));
            let _ = writer.write_event(Event::Start(failure));
            let _ = writer.write_event(Event::Text(BytesText::new(&f.message)));
            let _ = writer.write_event(Event::End(BytesEnd::new("failure")));
            let _ = writer.write_event(Event::End(BytesEnd::new("testcase")));
        }
        let _ = writer.write_event(Event::End(BytesEnd::new("testsuite")));
    }
    let _ = writer.write_event(Event::End(BytesEnd::new("testsuites")));
    let mut text = String::from_utf8(writer.into_inner()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use aetheredge_core::report::DeityName;

    fn findings() -> Vec<Finding> {
        vec![
            Finding::new(
                DeityName::Vishnu,
                "vishnu/main.deny",
                Severity::High,
                "Policy",
                "uses <script> & \"quotes\"\nover two lines".to_string(),
            )
            .at("k8s/app.yaml", 3, None),
            Finding::new(
                DeityName::Vishnu,
                "vishnu/main.warn",
                Severity::Low,
                "Policy",
                "a warning".to_string(),
            ),
        ]
    }

    #[test]
    fn tap_has_a_plan_and_one_line_per_finding() {
        let text = tap(&findings());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "TAP version 13");
        assert_eq!(lines[1], "1..2");
        assert!(
            lines[2].starts_with("not ok 1 - k8s/app.yaml:3 - vishnu/main.deny - uses <script>")
        );
        assert!(lines[2].ends_with("over two lines"), "{}", lines[2]);
        assert!(
            lines[3].ends_with("a warning # TODO warning"),
            "{}",
            lines[3]
        );
        assert_eq!(lines.len(), 4);
        assert_eq!(tap(&[]), "TAP version 13\n1..0\n");
    }

    #[test]
    fn junit_escapes_and_reads_back() {
        let text = junit(&findings());
        let mut reader = quick_xml::Reader::from_str(&text);
        let mut messages = Vec::new();
        let mut suites = 0;
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Eof => break,
                Event::Start(e) if e.name().as_ref() == b"testsuite" => suites += 1,
                Event::Start(e) if e.name().as_ref() == b"failure" => {
                    let message = e
                        .try_get_attribute("message")
                        .unwrap()
                        .unwrap()
                        .unescape_value()
                        .unwrap()
                        .to_string();
                    messages.push(message);
                }
                _ => {}
            }
        }
        assert_eq!(suites, 2);
        assert_eq!(messages[0], "uses <script> & \"quotes\"\nover two lines");
        assert_eq!(messages[1], "a warning");
    }
}

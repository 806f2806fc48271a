//! Plain-text tables for a terminal.

use aetheredge_core::report::Finding;

/// Findings as a plain-text table for a terminal (`aetheredge policy --format table`).
pub fn findings(findings: &[Finding]) -> String {
    let rows: Vec<[String; 4]> = findings
        .iter()
        .map(|f| {
            let place = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("{file}:{line}"),
                (Some(file), None) => file.clone(),
                _ => String::new(),
            };
            [
                f.severity.as_str().to_string(),
                f.rule_id.clone(),
                f.resource.clone().unwrap_or_default(),
                place,
            ]
        })
        .collect();
    let headers = ["SEVERITY", "RULE", "RESOURCE", "WHERE"];
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: [&str; 4], message: &str| {
        let mut l = String::new();
        for (cell, w) in cells.iter().zip(widths) {
            l.push_str(&format!("{cell:<w$}  "));
        }
        l.push_str(message);
        l.trim_end().to_string() + "\n"
    };
    out.push_str(&line(headers, "MESSAGE"));
    for (row, f) in rows.iter().zip(findings) {
        out.push_str(&line(
            [&row[0], &row[1], &row[2], &row[3]],
            &f.message.replace('\n', " "),
        ));
    }
    out.push_str(&format!("\n{} finding(s)\n", findings.len()));
    out
}

//! The pull-request comment: GitHub-flavoured Markdown, a one-line summary first, then one
//! collapsible section per deity that ran. Same report, same bytes: no timestamps, and
//! everything in the report is already sorted. Over GitHub's 65,536-character limit the
//! longest tables are cut first and the cut is said where it happens.

use std::fmt::Write;

use super::{Action, DeityName, Finding, Report, Severity, Status};

/// GitHub refuses comments longer than this.
pub const MAX_COMMENT_CHARS: usize = 65_536;

/// The hidden marker that identifies this tool's comment and the commit it describes.
pub fn marker(report: &Report) -> String {
    format!("<!-- aetheredge:review head={} -->", report.head.sha)
}

/// Renders the comment, cutting table rows until it fits GitHub's limit.
pub fn render(report: &Report) -> String {
    let mut limit = None;
    loop {
        let text = render_with(report, limit);
        if text.chars().count() <= MAX_COMMENT_CHARS {
            return text;
        }
        limit = Some(match limit {
            None => 1000,
            Some(0) => {
                let note = "\n\n> ✂️ The comment was cut here: it exceeded GitHub's 65,536-character limit. Run `aetheredge review --format json` for everything.\n";
                let keep = MAX_COMMENT_CHARS - note.chars().count();
                let mut cut: String = text.chars().take(keep).collect();
                cut.push_str(note);
                return cut;
            }
            Some(n) if n <= 10 => 0,
            Some(n) => n / 4,
        });
    }
}

fn render_with(report: &Report, row_limit: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", summary_line(report));
    let _ = writeln!(out, "{}", marker(report));
    let _ = writeln!(out);
    let short = |sha: &str| sha.chars().take(7).collect::<String>();
    if report.full_scan {
        let _ = writeln!(
            out,
            "Full scan of `{}` ({}): everything is reviewed as new.",
            escape(&report.head.rev),
            short(&report.head.sha)
        );
    } else {
        let _ = writeln!(
            out,
            "`{}` ({}) compared with `{}` from their merge base ({}).",
            escape(&report.head.rev),
            short(&report.head.sha),
            escape(&report.base.rev),
            short(report.merge_base.as_deref().unwrap_or(&report.base.sha))
        );
    }
    for run in &report.deities {
        let _ = writeln!(out);
        match run.deity {
            DeityName::Brahma => brahma_section(&mut out, report, row_limit),
            DeityName::Vishnu => vishnu_section(&mut out, report, row_limit),
            other => findings_section(&mut out, report, other, row_limit),
        }
    }
    out
}

/// The first line: what the change does and whether it passes.
fn summary_line(report: &Report) -> String {
    let p = &report.plan.summary;
    let introduced = &report.counts.introduced;
    let mut parts = vec![format!(
        "**Plan:** {} to create, {} to update, {} to replace, {} to delete",
        p.create, p.update, p.replace, p.delete
    )];
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .filter(|s| introduced.get(**s) > 0)
        .map(|s| format!("{} {}", introduced.get(*s), s.as_str()))
        .collect();
    parts.push(if by_severity.is_empty() {
        "**Findings:** none new".to_string()
    } else {
        format!(
            "**Findings:** {} new ({})",
            introduced.total(),
            by_severity.join(", ")
        )
    });
    if report.counts.fixed.total() > 0 {
        parts.push(format!("{} fixed", report.counts.fixed.total()));
    }
    let verdict = match report.fail_on {
        None => "ℹ️ advisory".to_string(),
        Some(t) if report.fails() => format!("❌ fails on {}", t.as_str()),
        Some(t) => format!("✅ passes fail-on {}", t.as_str()),
    };
    parts.push(verdict);
    format!("**AetherEdge** · {}", parts.join(" · "))
}

fn brahma_section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let p = &report.plan.summary;
    let _ = writeln!(
        out,
        "<details><summary><b>Brahma · plan</b>: +{} create, ~{} update, ±{} replace, −{} delete</summary>\n",
        p.create, p.update, p.replace, p.delete
    );
    if report.plan.changes.is_empty() {
        let _ = writeln!(out, "No resource changes.");
    } else {
        let show_root = report.plan.changes.iter().any(|c| c.root != ".");
        let _ = writeln!(out, "| Action | Address | Changed | Where |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        let shown = row_limit
            .unwrap_or(usize::MAX)
            .min(report.plan.changes.len());
        for change in &report.plan.changes[..shown] {
            let action = match change.action {
                Action::Create => "➕ create",
                Action::Update => "✏️ update",
                Action::Replace => "♻️ replace",
                Action::Delete => "➖ delete",
            };
            let attributes: Vec<String> = change
                .attributes
                .iter()
                .map(|a| {
                    if change.replaced_by.contains(a) {
                        format!("`{}` (forces replacement)", escape(a))
                    } else {
                        format!("`{}`", escape(a))
                    }
                })
                .collect();
            let mut address = format!("`{}`", escape(&change.address));
            if show_root {
                address = format!("{address} in `{}`", escape(&change.root));
            }
            if let Some(from) = &change.moved_from {
                address.push_str(&format!(" (moved from `{}`)", escape(from)));
            }
            let _ = writeln!(
                out,
                "| {action} | {address} | {} | `{}:{}` |",
                attributes.join(", "),
                escape(&change.file),
                change.line
            );
        }
        cut_note(out, report.plan.changes.len() - shown, "plan rows");
    }
    if !report.plan.moves.is_empty() {
        let _ = writeln!(out, "\n**Moved** (no delete, no create):");
        for m in &report.plan.moves {
            let _ = writeln!(out, "- `{}` → `{}`", escape(&m.from), escape(&m.to));
        }
    }
    findings_table(out, report, DeityName::Brahma, row_limit);
    let _ = writeln!(out, "\n</details>");
}

fn findings_section(out: &mut String, report: &Report, deity: DeityName, row_limit: Option<usize>) {
    let count = report
        .findings
        .iter()
        .filter(|f| f.deity == deity && f.status == Status::Introduced)
        .count();
    let name = deity.as_str();
    let mut title = name.to_string();
    title[..1].make_ascii_uppercase();
    let _ = writeln!(
        out,
        "<details><summary><b>{title} · {}</b>: {count} new</summary>\n",
        deity.job()
    );
    findings_table(out, report, deity, row_limit);
    let _ = writeln!(out, "\n</details>");
}

fn vishnu_section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let count = report
        .findings
        .iter()
        .filter(|f| f.deity == DeityName::Vishnu && f.status == Status::Introduced)
        .count();
    let _ = writeln!(
        out,
        "<details><summary><b>Vishnu · policy</b>: {count} new</summary>\n"
    );
    findings_table(out, report, DeityName::Vishnu, row_limit);
    let frameworks = &report.compliance.frameworks;
    if !frameworks.is_empty() {
        let changed: Vec<String> = frameworks
            .iter()
            .flat_map(|fw| {
                fw.controls
                    .iter()
                    .filter(|c| c.new_failures > 0 || c.fixed_failures > 0)
                    .map(move |c| {
                        let mut what = Vec::new();
                        if c.new_failures > 0 {
                            what.push(plural(c.new_failures, "new failure", "new failures"));
                        }
                        if c.fixed_failures > 0 {
                            what.push(plural(c.fixed_failures, "failure fixed", "failures fixed"));
                        }
                        format!(
                            "- **{} {}**: {}",
                            escape(&fw.framework),
                            escape(&c.control),
                            what.join(", ")
                        )
                    })
            })
            .collect();
        let _ = writeln!(out, "\n**Compliance**");
        if changed.is_empty() {
            let _ = writeln!(out, "\nThe change does not alter any control's status.");
        } else {
            let _ = writeln!(out, "\nWhat the change does to controls:\n");
            for line in &changed {
                let _ = writeln!(out, "{line}");
            }
        }
        let _ = writeln!(
            out,
            "\n| Framework | Control | Pass | Fail | N/A | Change |"
        );
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
        let rows: Vec<_> = frameworks
            .iter()
            .flat_map(|fw| fw.controls.iter().map(move |c| (fw, c)))
            .collect();
        let shown = row_limit.unwrap_or(usize::MAX).min(rows.len());
        for (fw, c) in &rows[..shown] {
            let change = match (c.new_failures, c.fixed_failures) {
                (0, 0) => String::new(),
                (n, 0) => format!("+{n} failing"),
                (0, f) => format!("−{f} failing"),
                (n, f) => format!("+{n} / −{f} failing"),
            };
            let mark = if c.fail > 0 {
                "❌ "
            } else if c.pass > 0 {
                "✅ "
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "| {} | {mark}{} | {} | {} | {} | {change} |",
                escape(&fw.framework),
                escape(&c.control),
                c.pass,
                c.fail,
                c.not_applicable
            );
        }
        cut_note(out, rows.len() - shown, "compliance rows");
    }
    if report.counts.suppressed > 0 {
        let _ = writeln!(
            out,
            "\n{} finding(s) suppressed by `aetheredge:ignore` or `checkov:skip` comments.",
            report.counts.suppressed
        );
    }
    let _ = writeln!(out, "\n</details>");
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Introduced and fixed findings of one deity; unchanged ones are counted, not listed.
fn findings_table(out: &mut String, report: &Report, deity: DeityName, row_limit: Option<usize>) {
    let listed: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.deity == deity && f.status != Status::Unchanged)
        .collect();
    let unchanged = report
        .findings
        .iter()
        .filter(|f| f.deity == deity && f.status == Status::Unchanged)
        .count();
    if !listed.is_empty() {
        let _ = writeln!(out, "\n| Severity | Status | Finding | Where |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        let shown = row_limit.unwrap_or(usize::MAX).min(listed.len());
        for f in &listed[..shown] {
            let status = match f.status {
                Status::Introduced => "new",
                Status::Fixed => "fixed",
                Status::Unchanged => "unchanged",
            };
            let place = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("`{}:{line}`", escape(file)),
                (Some(file), None) => format!("`{}`", escape(file)),
                _ => String::new(),
            };
            let resource = f
                .resource
                .as_ref()
                .map(|r| format!(" `{}`", escape(r)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {status} | **{}**{resource}: {} (`{}`) | {place} |",
                f.severity.as_str(),
                escape(&f.title),
                escape(&f.message),
                escape(&f.rule_id)
            );
        }
        cut_note(out, listed.len() - shown, "findings");
    }
    if unchanged > 0 {
        let _ = writeln!(
            out,
            "\n{unchanged} finding(s) already present at base are not listed."
        );
    }
}

fn cut_note(out: &mut String, hidden: usize, what: &str) {
    if hidden > 0 {
        let _ = writeln!(
            out,
            "\n> ✂️ {hidden} more {what} not shown: the comment would exceed GitHub's 65,536-character limit. `--format json` has them all."
        );
    }
}

/// Text from the repo made safe inside a Markdown table cell: no HTML, no cell breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' => out.push('\''),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_table_cells_and_html_inert() {
        assert_eq!(escape("a|b<script>\n`x`"), "a\\|b&lt;script&gt; 'x'");
    }
}

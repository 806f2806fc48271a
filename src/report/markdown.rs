//! The pull-request comment: GitHub-flavoured Markdown, a one-line summary first, then one
//! collapsible section per deity that ran. Same report, same bytes: no timestamps, and
//! everything in the report is already sorted. Over GitHub's 65,536-character limit the
//! longest tables are cut first and the cut is said where it happens.

mod rules;

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
    rules::section(&mut out, report, row_limit);
    for run in &report.deities {
        let _ = writeln!(out);
        match run.deity {
            DeityName::Brahma => brahma_section(&mut out, report, row_limit),
            DeityName::Lakshmi => lakshmi_section(&mut out, report, row_limit),
            DeityName::Saraswati => saraswati_section(&mut out, report, row_limit),
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

fn lakshmi_section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let c = &report.cost;
    let _ = writeln!(
        out,
        "<details><summary><b>Lakshmi · cost</b>: {} → {} a month ({}{})</summary>\n",
        money(c.base_monthly),
        money(c.head_monthly),
        signed_money(c.diff_monthly),
        c.diff_percent
            .map(|p| format!(", {}", signed_percent(p)))
            .unwrap_or_default()
    );
    let changed: Vec<_> = c
        .resources
        .iter()
        .filter(|r| r.diff_monthly != 0.0)
        .collect();
    let show_root = c.resources.iter().any(|r| r.root != ".");
    if changed.is_empty() {
        let _ = writeln!(out, "No resource's monthly cost changes.\n");
    }
    let _ = writeln!(out, "| Resource | Before | After | Difference | % |");
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: |");
    let shown = row_limit.unwrap_or(usize::MAX).min(changed.len());
    for r in &changed[..shown] {
        let side = |v: Option<f64>, other: Option<f64>| match v {
            Some(v) => money(v),
            None if r.not_priced.is_some() && other.is_some() => "not priced".to_string(),
            None => "–".to_string(),
        };
        let mut address = format!("`{}`", escape(&r.address));
        if show_root {
            address = format!("{address} in `{}`", escape(&r.root));
        }
        let _ = writeln!(
            out,
            "| {address} | {} | {} | {} | {} |",
            side(r.base_monthly, r.head_monthly),
            side(r.head_monthly, r.base_monthly),
            signed_money(r.diff_monthly),
            r.diff_percent
                .map(signed_percent)
                .unwrap_or_else(|| if r.base_monthly.is_none() {
                    "new".into()
                } else {
                    "–".into()
                })
        );
    }
    let _ = writeln!(
        out,
        "| **Total** | **{}** | **{}** | **{}** | **{}** |",
        money(c.base_monthly),
        money(c.head_monthly),
        signed_money(c.diff_monthly),
        c.diff_percent
            .map(signed_percent)
            .unwrap_or_else(|| "–".into())
    );
    cut_note(out, changed.len() - shown, "cost rows");
    let usage_based: Vec<String> = c
        .resources
        .iter()
        .filter(|r| r.head_monthly.is_some())
        .flat_map(|r| {
            r.components
                .iter()
                .filter(|p| p.usage_based && p.quantity.is_none())
                .map(move |p| {
                    format!(
                        "`{}`: {} {} per {}",
                        escape(&r.address),
                        escape(&p.name),
                        unit_price(p.unit_price),
                        escape(&p.unit)
                    )
                })
        })
        .collect();
    if !usage_based.is_empty() {
        let _ = writeln!(
            out,
            "\n**Priced by usage, not in the totals** (no usage given: add it to `aetheredge-usage.yml` or `infracost-usage.yml`):"
        );
        let shown = row_limit.unwrap_or(usize::MAX).min(usage_based.len());
        for line in &usage_based[..shown] {
            let _ = writeln!(out, "- {line}");
        }
        cut_note(out, usage_based.len() - shown, "usage-priced components");
    }
    if !c.not_priced.is_empty() {
        let _ = writeln!(out, "\n**Not priced** ({}):", c.not_priced.len());
        let shown = row_limit.unwrap_or(usize::MAX).min(c.not_priced.len());
        for n in &c.not_priced[..shown] {
            let side = if n.side == "base" { " (at base)" } else { "" };
            let _ = writeln!(
                out,
                "- `{}`{side}: {}",
                escape(&n.address),
                escape(&n.reason)
            );
        }
        cut_note(out, c.not_priced.len() - shown, "unpriced resources");
    }
    if !c.catalog.is_empty() {
        let sources: Vec<String> = c
            .catalog
            .iter()
            .map(|s| format!("{} as of {}", s.provider, s.as_of))
            .collect();
        let _ = writeln!(
            out,
            "\nOn-demand list prices, 730 hours a month ({}); {} free resource(s) not listed.",
            escape(&sources.join(", ")),
            c.free_resources
        );
    }
    findings_table(out, report, DeityName::Lakshmi, row_limit);
    let _ = writeln!(out, "\n</details>");
}

/// `$1,234.56`.
pub fn money(v: f64) -> String {
    let cents = (v.abs() * 100.0).round() as u64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && cents > 0 { "-" } else { "" };
    format!("{sign}${grouped}.{:02}", cents % 100)
}

fn signed_money(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", money(v))
    } else {
        money(v)
    }
}

fn signed_percent(p: f64) -> String {
    if p > 0.0 {
        format!("+{p:.1}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A unit price with the digits it needs (`$0.023`, `$0.0000166667`).
pub fn unit_price(p: f64) -> String {
    let mut s = format!("{p:.10}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.push_str("00");
    }
    if s.split_once('.').is_some_and(|(_, d)| d.len() == 1) {
        s.push('0');
    }
    format!("${s}")
}

fn saraswati_section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let breaking: usize = report
        .interfaces
        .iter()
        .map(|m| m.changes.iter().filter(|c| c.breaking).count())
        .sum();
    let _ = writeln!(
        out,
        "<details><summary><b>Saraswati · docs</b>: {} module interface{} changed, {breaking} breaking</summary>\n",
        report.interfaces.len(),
        if report.interfaces.len() == 1 { "" } else { "s" }
    );
    if report.interfaces.is_empty() {
        let _ = writeln!(out, "No module's inputs or outputs changed.");
    } else {
        let _ = writeln!(out, "| Module | Change | Name | Detail |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        let rows: Vec<_> = report
            .interfaces
            .iter()
            .flat_map(|m| m.changes.iter().map(move |c| (m, c)))
            .collect();
        let shown = row_limit.unwrap_or(usize::MAX).min(rows.len());
        for (m, c) in &rows[..shown] {
            let _ = writeln!(
                out,
                "| `{}` | {}{} | `{}` | {} |",
                escape(&m.module),
                if c.breaking { "⚠️ " } else { "" },
                c.kind.replace('_', " "),
                escape(&c.name),
                escape(&c.detail)
            );
        }
        cut_note(out, rows.len() - shown, "interface changes");
    }
    findings_table(out, report, DeityName::Saraswati, row_limit);
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

    #[test]
    fn money_and_unit_prices_read_as_people_write_them() {
        assert_eq!(money(1234.5), "$1,234.50");
        assert_eq!(money(-30.368), "-$30.37");
        assert_eq!(signed_money(30.37), "+$30.37");
        assert_eq!(unit_price(0.023), "$0.023");
        assert_eq!(unit_price(0.0000166667), "$0.0000166667");
        assert_eq!(unit_price(3.0), "$3.00");
        assert_eq!(unit_price(0.1), "$0.10");
    }
}

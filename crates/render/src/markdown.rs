//! The pull-request comment: GitHub-flavoured Markdown, a one-line summary first, then one
//! section per deity that ran: one line when the change brings it nothing new, else a
//! collapsible block with only what the change moves (findings grouped by rule, the
//! resources whose cost changes, the controls whose status changes). Everything else is in
//! the JSON, SARIF and the site. Same report, same bytes: no timestamps, and everything in
//! the report is already sorted. Over GitHub's 65,536-character limit the longest tables are
//! cut first and the cut is said where it happens.

mod rules;

use std::fmt::Write;

use aetheredge_core::report::money::{money, unit_price};
use aetheredge_escape::markdown::table_cell_one_line;

use aetheredge_core::report::{
    Action, CostBlock, DeityName, Finding, FindingGroup, Report, ResourceCost, Severity, Status,
};

/// GitHub refuses comments longer than this.
pub const MAX_COMMENT_CHARS: usize = 65_536;

/// How many resources a rule's row names before "and N more".
pub(crate) const RESOURCES_PER_RULE: usize = 5;

/// The hidden marker that identifies this tool's comment and the commit it describes.
pub fn marker(report: &Report) -> String {
    format!("<!-- aetheredge:review head={} -->", report.head.sha)
}

/// What the comment links to besides the report: the generated site, when there is one.
#[derive(Clone, Copy, Debug, Default)]
pub struct Links<'a> {
    /// The site's root URL (its compliance table is at `compliance/`).
    pub site_url: Option<&'a str>,
}

/// Whether the change touches no infrastructure file and brings no finding: then the
/// comment is one line (or, as the repo's `comment:` key may say, none).
pub fn is_quiet(report: &Report) -> bool {
    !report.full_scan
        && report.infrastructure_files_changed == 0
        && report.counts.introduced.total() == 0
        && report.counts.fixed.total() == 0
}

/// Renders the comment without links.
pub fn render(report: &Report) -> String {
    render_linked(report, Links::default())
}

/// Renders the comment, cutting table rows until it fits GitHub's limit.
pub fn render_linked(report: &Report, links: Links) -> String {
    if is_quiet(report) {
        return format!(
            "**AetherEdge** · no infrastructure file changed: nothing to review. {}\n",
            marker(report)
        );
    }
    let mut limit = None;
    loop {
        let text = render_with(report, links, limit);
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

fn render_with(report: &Report, links: Links, row_limit: Option<usize>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", summary_line(report));
    let _ = writeln!(out, "{}", marker(report));
    let _ = writeln!(out);
    let short = |sha: &str| sha.chars().take(7).collect::<String>();
    if report.full_scan {
        let _ = writeln!(
            out,
            "Full scan of `{}` ({}): everything is reviewed as new.",
            table_cell_one_line(&report.head.rev),
            short(&report.head.sha)
        );
    } else {
        let _ = writeln!(
            out,
            "`{}` ({}) compared with `{}` from their merge base ({}).",
            table_cell_one_line(&report.head.rev),
            short(&report.head.sha),
            table_cell_one_line(&report.base.rev),
            short(report.merge_base.as_deref().unwrap_or(&report.base.sha))
        );
    }
    rules::section(&mut out, report, row_limit);
    for run in &report.deities {
        let mut section = String::new();
        match run.deity {
            DeityName::Brahma => brahma_section(&mut section, report, row_limit),
            DeityName::Lakshmi => lakshmi_section(&mut section, report, row_limit),
            DeityName::Saraswati => saraswati_section(&mut section, report, row_limit),
            DeityName::Vishnu => vishnu_section(&mut section, report, links, row_limit),
            DeityName::Shiva => shiva_section(&mut section, report, row_limit),
            other => findings_section(&mut section, report, other, row_limit),
        }
        // A collapsible block follows whatever came before directly (an HTML block may
        // interrupt a paragraph, and `</details>` runs into it); a one-line section is a
        // paragraph of its own.
        if !section.starts_with("<details>") {
            let _ = writeln!(out);
        }
        out.push_str(&section);
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
    if report.deities.iter().any(|d| d.deity == DeityName::Lakshmi) {
        let c = &report.cost;
        parts.push(if moves_cost(report) {
            format!("**Cost:** {} a month", signed_money(c.diff_monthly))
        } else {
            "**Cost:** no change".to_string()
        });
    }
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
    if !report.rule_changes.is_empty() {
        parts.push("⚠️ **changes the rules** (after merge)".to_string());
    }
    let verdict = match report.fail_on {
        None => "ℹ️ advisory".to_string(),
        Some(t) if report.fails() => format!("❌ fails on {}", t.as_str()),
        Some(t) => format!("✅ passes fail-on {}", t.as_str()),
    };
    parts.push(verdict);
    format!("**AetherEdge** · {}", parts.join(" · "))
}

/// A block of instances as a table cell: `` `aws_instance.web`, 3 instances: `[0]`, … ``,
/// or the one address of a block of one.
fn instances(block_address: &str, first_address: &str, count: usize, keys: &[String]) -> String {
    if count <= 1 {
        return format!("`{}`", table_cell_one_line(first_address));
    }
    let mut shown: Vec<String> = keys
        .iter()
        .take(RESOURCES_PER_RULE)
        .map(|k| format!("`{}`", table_cell_one_line(k)))
        .collect();
    if keys.len() > RESOURCES_PER_RULE {
        shown.push(format!("and {} more", keys.len() - RESOURCES_PER_RULE));
    }
    format!(
        "`{}`, {count} instances: {}",
        table_cell_one_line(block_address),
        shown.join(", ")
    )
}

/// Whether any resource's monthly cost, or the total, changes.
fn moves_cost(report: &Report) -> bool {
    report.cost.diff_monthly != 0.0 || report.cost.resources.iter().any(|r| r.diff_monthly != 0.0)
}

/// A deity's name and job, bold, as section headings say it.
fn heading(deity: DeityName) -> String {
    let mut name = deity.as_str().to_string();
    name[..1].make_ascii_uppercase();
    format!("{name} · {}", deity.job())
}

/// The start of a collapsible section.
fn open_section(out: &mut String, deity: DeityName, summary: &str) {
    let _ = writeln!(
        out,
        "<details><summary><b>{}</b>: {summary}</summary>\n",
        heading(deity)
    );
}

/// A section with nothing new: one line.
fn one_line_section(out: &mut String, deity: DeityName, text: &str) {
    let _ = writeln!(out, "**{}**: {text}", heading(deity));
}

/// Whether the change created, updated or replaced the resource.
fn created_or_edited(action: Option<Action>) -> bool {
    matches!(
        action,
        Some(Action::Create | Action::Update | Action::Replace)
    )
}

fn brahma_section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let p = &report.plan.summary;
    let groups = listed_groups(report, DeityName::Brahma);
    if report.plan.changes.is_empty() && report.plan.moves.is_empty() && groups.is_empty() {
        one_line_section(
            out,
            DeityName::Brahma,
            &format!("no resource changes{}", at_base(report, DeityName::Brahma)),
        );
        return;
    }
    open_section(
        out,
        DeityName::Brahma,
        &format!(
            "+{} create, ~{} update, ±{} replace, −{} delete",
            p.create, p.update, p.replace, p.delete
        ),
    );
    if report.plan.changes.is_empty() {
        let _ = writeln!(out, "No resource changes.");
    } else {
        let show_root = report.plan.changes.iter().any(|c| c.root != ".");
        let _ = writeln!(out, "| Action | Address | Changed | Where |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        let blocks = &report.plan.blocks;
        let shown = row_limit.unwrap_or(usize::MAX).min(blocks.len());
        for block in &blocks[..shown] {
            let Some(change) = block
                .changes
                .first()
                .and_then(|i| report.plan.changes.get(*i))
            else {
                continue;
            };
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
                        format!("`{}` (forces replacement)", table_cell_one_line(a))
                    } else {
                        format!("`{}`", table_cell_one_line(a))
                    }
                })
                .collect();
            let mut address = instances(
                &block.address,
                &change.address,
                block.changes.len(),
                &block.keys,
            );
            if show_root {
                address = format!("{address} in `{}`", table_cell_one_line(&change.root));
            }
            if let Some(from) = &change.moved_from {
                address.push_str(&format!(" (moved from `{}`)", table_cell_one_line(from)));
            }
            let _ = writeln!(
                out,
                "| {action} | {address} | {} | `{}:{}` |",
                attributes.join(", "),
                table_cell_one_line(&change.file),
                change.line
            );
        }
        cut_note(out, blocks.len() - shown, "plan rows");
    }
    if !report.plan.moves.is_empty() {
        let _ = writeln!(out, "\n**Moved** (no delete, no create):");
        for m in &report.plan.moves {
            let _ = writeln!(
                out,
                "- `{}` → `{}`",
                table_cell_one_line(&m.from),
                table_cell_one_line(&m.to)
            );
        }
    }
    findings_table(out, report, &groups, row_limit);
    let _ = writeln!(out, "\n</details>");
}

fn lakshmi_section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let c = &report.cost;
    let usage_priced = |r: &ResourceCost| -> Vec<String> {
        if !created_or_edited(r.action) || r.head_monthly.is_none() {
            return Vec::new();
        }
        r.components
            .iter()
            .filter(|p| p.usage_based && p.quantity.is_none())
            .map(|p| {
                format!(
                    "{} {} per {}",
                    table_cell_one_line(&p.name),
                    unit_price(p.unit_price),
                    table_cell_one_line(&p.unit)
                )
            })
            .collect()
    };
    let groups = listed_groups(report, DeityName::Lakshmi);
    let not_priced: Vec<_> = c.not_priced.iter().filter(|n| n.action.is_some()).collect();
    if !moves_cost(report) && groups.is_empty() && not_priced.is_empty() {
        let usage: usize = c.resources.iter().map(|r| usage_priced(r).len()).sum();
        let mut line = format!("{} a month, no change", money(c.head_monthly));
        if usage > 0 {
            line.push_str(&format!(
                "; not in the totals: {} of resources the change creates or edits",
                plural(usage, "usage-priced component", "usage-priced components")
            ));
        }
        line.push_str(&at_base(report, DeityName::Lakshmi));
        one_line_section(out, DeityName::Lakshmi, &line);
        return;
    }
    open_section(
        out,
        DeityName::Lakshmi,
        &format!(
            "{} → {} a month ({}{})",
            money(c.base_monthly),
            money(c.head_monthly),
            signed_money(c.diff_monthly),
            c.diff_percent
                .map(|p| format!(", {}", signed_percent(p)))
                .unwrap_or_default()
        ),
    );
    // One row per block of instances priced alike; its amounts are each instance's.
    let rows: Vec<(&ResourceCost, &CostBlock, Vec<String>)> = c
        .blocks
        .iter()
        .filter_map(|b| {
            let r = c.resources.get(*b.resources.first()?)?;
            Some((r, b, usage_priced(r)))
        })
        .filter(|(r, _, usage)| r.diff_monthly != 0.0 || !usage.is_empty())
        .collect();
    let show_root = rows.iter().any(|(r, _, _)| r.root != ".");
    let any_usage = rows.iter().any(|(_, _, usage)| !usage.is_empty());
    if rows.is_empty() {
        let _ = writeln!(out, "No resource's monthly cost changes.\n");
    }
    let _ = writeln!(
        out,
        "| Resource | Before | After | Difference | % | Priced by usage |"
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: | --- |");
    let shown = row_limit.unwrap_or(usize::MAX).min(rows.len());
    for (r, block, usage) in &rows[..shown] {
        let side = |v: Option<f64>, other: Option<f64>| match v {
            Some(v) => money(v),
            None if r.not_priced.is_some() && other.is_some() => "not priced".to_string(),
            None => "–".to_string(),
        };
        let mut address = instances(
            &block.address,
            &r.address,
            block.resources.len(),
            &block.keys,
        );
        if block.resources.len() > 1 {
            address.push_str(" (each)");
        }
        if show_root {
            address = format!("{address} in `{}`", table_cell_one_line(&r.root));
        }
        let _ = writeln!(
            out,
            "| {address} | {} | {} | {} | {} | {} |",
            side(r.base_monthly, r.head_monthly),
            side(r.head_monthly, r.base_monthly),
            signed_money(r.diff_monthly),
            r.diff_percent
                .map(signed_percent)
                .unwrap_or_else(|| if r.base_monthly.is_none() {
                    "new".into()
                } else {
                    "–".into()
                }),
            usage.join("; ")
        );
    }
    let _ = writeln!(
        out,
        "| **Total** | **{}** | **{}** | **{}** | **{}** |  |",
        money(c.base_monthly),
        money(c.head_monthly),
        signed_money(c.diff_monthly),
        c.diff_percent
            .map(signed_percent)
            .unwrap_or_else(|| "–".into())
    );
    cut_note(out, rows.len() - shown, "cost rows");
    let mut notes = Vec::new();
    if !c.catalog.is_empty() {
        let sources: Vec<String> = c
            .catalog
            .iter()
            .map(|s| format!("{} as of {}", s.provider, s.as_of))
            .collect();
        notes.push(format!(
            "On-demand list prices, 730 hours a month ({}).",
            table_cell_one_line(&sources.join(", "))
        ));
    }
    if any_usage {
        notes.push(
            "Usage-priced components are not in the totals: give usage in `aetheredge-usage.yml` or `infracost-usage.yml`.".to_string(),
        );
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\n{}", notes.join(" "));
    }
    if !not_priced.is_empty() {
        let _ = writeln!(out, "\n**Not priced** ({}):", not_priced.len());
        let shown = row_limit.unwrap_or(usize::MAX).min(not_priced.len());
        for n in &not_priced[..shown] {
            let side = if n.side == "base" { " (at base)" } else { "" };
            let _ = writeln!(
                out,
                "- `{}`{side}: {}",
                table_cell_one_line(&n.address),
                table_cell_one_line(&n.reason)
            );
        }
        cut_note(out, not_priced.len() - shown, "unpriced resources");
    }
    findings_table(out, report, &groups, row_limit);
    let _ = writeln!(out, "\n</details>");
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

fn saraswati_section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let groups = listed_groups(report, DeityName::Saraswati);
    if report.interfaces.is_empty() && groups.is_empty() {
        one_line_section(
            out,
            DeityName::Saraswati,
            &format!(
                "no module's inputs or outputs changed{}",
                at_base(report, DeityName::Saraswati)
            ),
        );
        return;
    }
    let breaking: usize = report
        .interfaces
        .iter()
        .map(|m| m.changes.iter().filter(|c| c.breaking).count())
        .sum();
    open_section(
        out,
        DeityName::Saraswati,
        &format!(
            "{} module interface{} changed, {breaking} breaking",
            report.interfaces.len(),
            if report.interfaces.len() == 1 {
                ""
            } else {
                "s"
            }
        ),
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
                table_cell_one_line(&m.module),
                if c.breaking { "⚠️ " } else { "" },
                c.kind.replace('_', " "),
                table_cell_one_line(&c.name),
                table_cell_one_line(&c.detail)
            );
        }
        cut_note(out, rows.len() - shown, "interface changes");
    }
    findings_table(out, report, &groups, row_limit);
    let _ = writeln!(out, "\n</details>");
}

/// Shiva: what the change does to the drift between the code and the recorded state.
fn shiva_section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let roots = &report.drift.roots;
    let fixes: usize = roots.iter().map(|r| r.fixes.len()).sum();
    let deepens: usize = roots.iter().map(|r| r.deepens.len()).sum();
    let unchanged: usize = roots.iter().map(|r| r.unchanged).sum();
    let errors: Vec<String> = roots
        .iter()
        .filter_map(|r| {
            r.error.as_ref().map(|e| {
                format!(
                    "root `{}` not compared: {}",
                    table_cell_one_line(&r.root),
                    table_cell_one_line(e)
                )
            })
        })
        .collect();
    let left = if unchanged == 0 {
        "no other drift".to_string()
    } else {
        format!(
            "{} left as {} (`aetheredge drift` lists {})",
            plural(unchanged, "drifted resource", "drifted resources"),
            if unchanged == 1 { "it is" } else { "they are" },
            if unchanged == 1 { "it" } else { "them" }
        )
    };
    if fixes + deepens == 0 {
        let mut line = format!("this change fixes or deepens no drift; {left}");
        for e in &errors {
            line.push_str(&format!("; {e}"));
        }
        one_line_section(out, DeityName::Shiva, &line);
        return;
    }
    open_section(
        out,
        DeityName::Shiva,
        &format!("this change fixes {fixes} and deepens {deepens} drifted attributes; {left}"),
    );
    let _ = writeln!(
        out,
        "| Resource | Attribute | Change | Base declares | Head declares | State records |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
    let rows: Vec<(&str, &aetheredge_core::report::drift::DriftChange)> = roots
        .iter()
        .flat_map(|r| {
            r.fixes
                .iter()
                .map(|c| ("fixes", c))
                .chain(r.deepens.iter().map(|c| ("deepens", c)))
        })
        .collect();
    let shown = row_limit.unwrap_or(usize::MAX).min(rows.len());
    let value = |sensitive: bool, v: &Option<serde_json::Value>| match (sensitive, v) {
        (true, _) => "(sensitive)".to_string(),
        (false, None) => String::new(),
        (false, Some(serde_json::Value::Null)) => "(not set)".to_string(),
        (false, Some(v)) => format!("`{}`", table_cell_one_line(&v.to_string())),
    };
    for (kind, c) in &rows[..shown] {
        let what = if c.path.is_empty() {
            "declared again (only the state had it)".to_string()
        } else {
            kind.to_string()
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {what} | {} | {} | {} |",
            table_cell_one_line(&c.address),
            if c.path.is_empty() {
                String::new()
            } else {
                format!("`{}`", table_cell_one_line(&c.path))
            },
            value(c.sensitive, &c.base),
            if *kind == "fixes" && !c.path.is_empty() {
                "as recorded".to_string()
            } else {
                value(c.sensitive, &c.head)
            },
            value(c.sensitive, &c.recorded),
        );
    }
    cut_note(out, rows.len() - shown, "drift changes");
    for e in &errors {
        let _ = writeln!(out, "\n{e}");
    }
    let _ = writeln!(out, "\n</details>");
}

/// The section of a deity that only has findings (Kali).
fn findings_section(out: &mut String, report: &Report, deity: DeityName, row_limit: Option<usize>) {
    let groups = listed_groups(report, deity);
    if groups.is_empty() {
        one_line_section(
            out,
            deity,
            &format!("nothing new{}", at_base(report, deity)),
        );
        return;
    }
    open_section(out, deity, &new_and_at_base(report, deity));
    findings_table(out, report, &groups, row_limit);
    let _ = writeln!(out, "\n</details>");
}

fn vishnu_section(out: &mut String, report: &Report, links: Links, row_limit: Option<usize>) {
    let groups = listed_groups(report, DeityName::Vishnu);
    let altered: Vec<(&str, &aetheredge_core::report::ControlStatus)> = report
        .compliance
        .frameworks
        .iter()
        .flat_map(|fw| {
            fw.controls
                .iter()
                .filter(|c| c.new_failures > 0 || c.fixed_failures > 0)
                .map(move |c| (fw.framework.as_str(), c))
        })
        .collect();
    let suppressed = (report.counts.suppressed > 0).then(|| {
        format!(
            "{} finding(s) suppressed by `aetheredge:ignore` or `checkov:skip` comments.",
            report.counts.suppressed
        )
    });
    let excepted: usize = report.policy.exceptions.iter().map(|e| e.results).sum();
    if groups.is_empty() && altered.is_empty() {
        let mut line = format!(
            "nothing new{}; no control's status changes",
            at_base(report, DeityName::Vishnu)
        );
        if let Some(s) = &suppressed {
            line.push_str(&format!(". {s}"));
        }
        if excepted > 0 {
            line.push_str(&format!(
                ". {} removed by `exception` rules",
                plural(excepted, "result", "results")
            ));
        }
        one_line_section(out, DeityName::Vishnu, &line);
        return;
    }
    open_section(
        out,
        DeityName::Vishnu,
        &new_and_at_base(report, DeityName::Vishnu),
    );
    findings_table(out, report, &groups, row_limit);
    let site = links
        .site_url
        .map(str::trim)
        .filter(|u| is_http_url(u))
        .map(|u| format!("; [all controls]({}/compliance/)", u.trim_end_matches('/')))
        .unwrap_or_default();
    if altered.is_empty() {
        let _ = writeln!(
            out,
            "\n**Compliance**: the change alters no control's status{site}."
        );
    } else {
        let shown = row_limit.unwrap_or(usize::MAX).min(altered.len());
        let mut by_framework: Vec<(&str, Vec<String>)> = Vec::new();
        for (framework, c) in &altered[..shown] {
            let change = match (c.new_failures, c.fixed_failures) {
                (n, 0) => format!("+{n} failing"),
                (0, f) => format!("−{f} failing"),
                (n, f) => format!("+{n} / −{f} failing"),
            };
            let mark = if c.fail > 0 { "❌" } else { "✅" };
            let entry = format!("{mark} {} ({change})", table_cell_one_line(&c.control));
            match by_framework.last_mut() {
                Some((f, entries)) if f == framework => entries.push(entry),
                _ => by_framework.push((framework, vec![entry])),
            }
        }
        let listed: Vec<String> = by_framework
            .iter()
            .map(|(f, entries)| format!("{} {}", table_cell_one_line(f), entries.join(", ")))
            .collect();
        let more = if altered.len() > shown {
            format!(" · and {} more", altered.len() - shown)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\n**Compliance**, controls whose status the change alters{site}: {}{more}",
            listed.join(" · ")
        );
    }
    if let Some(s) = suppressed {
        let _ = writeln!(out, "\n{s}");
    }
    policy_run(out, report, row_limit);
    let _ = writeln!(out, "\n</details>");
}

/// What conftest users compare: which input each of the repo's policy files was given, and
/// what `exception` rules removed.
fn policy_run(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let run = &report.policy;
    let limit = row_limit.unwrap_or(usize::MAX);
    if !run.exceptions.is_empty() {
        let listed: Vec<String> = run
            .exceptions
            .iter()
            .take(limit)
            .map(|e| {
                format!(
                    "`{}` on `{}` ({}) by `{}:{}`",
                    table_cell_one_line(&e.rule_id),
                    table_cell_one_line(&e.input),
                    plural(e.results, "result", "results"),
                    table_cell_one_line(&e.exception_file),
                    e.exception_line
                )
            })
            .collect();
        let more = run.exceptions.len().saturating_sub(limit);
        let more = if more > 0 {
            format!(" · and {more} more")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\n**Exceptions** (results removed by `exception` rules): {}{more}",
            listed.join(" · ")
        );
    }
    if !run.files.is_empty() {
        let listed: Vec<String> = run
            .files
            .iter()
            .take(limit)
            .map(|f| {
                let given: Vec<&str> = f
                    .inputs
                    .iter()
                    .map(|i| match i.as_str() {
                        "hcl" => "each file",
                        "plan" => "each plan",
                        "combined" => "all files at once",
                        other => other,
                    })
                    .collect();
                format!("`{}` {}", table_cell_one_line(&f.file), given.join(" and "))
            })
            .collect();
        let more = run.files.len().saturating_sub(limit);
        let more = if more > 0 {
            format!(" · and {more} more")
        } else {
            String::new()
        };
        let _ = writeln!(out, "\n**Inputs**: {}{more}", listed.join(" · "));
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A deity's groups the comment lists: what the change introduced or fixed.
fn listed_groups(report: &Report, deity: DeityName) -> Vec<&FindingGroup> {
    report
        .finding_groups
        .iter()
        .filter(|g| g.deity == deity && g.status != Status::Unchanged)
        .collect()
}

/// `, 6 already at base` when findings of the deity were there before the change.
fn at_base(report: &Report, deity: DeityName) -> String {
    let unchanged: usize = report
        .finding_groups
        .iter()
        .filter(|g| g.deity == deity && g.status == Status::Unchanged)
        .map(|g| g.count)
        .sum();
    if unchanged == 0 {
        String::new()
    } else {
        format!(" ({unchanged} already at base)")
    }
}

/// `3 new (6 already at base)`, `1 fixed`…
fn new_and_at_base(report: &Report, deity: DeityName) -> String {
    let count = |status: Status| -> usize {
        report
            .finding_groups
            .iter()
            .filter(|g| g.deity == deity && g.status == status)
            .map(|g| g.count)
            .sum()
    };
    let mut text = format!("{} new", count(Status::Introduced));
    let fixed = count(Status::Fixed);
    if fixed > 0 {
        text.push_str(&format!(", {fixed} fixed"));
    }
    text.push_str(&at_base(report, deity));
    text
}

/// One row per rule: severity, status, title and rule id, the remediation once (or, for a
/// rule without one, the message of its only finding), the count, and the first resources.
fn findings_table(
    out: &mut String,
    report: &Report,
    groups: &[&FindingGroup],
    row_limit: Option<usize>,
) {
    if groups.is_empty() {
        return;
    }
    // Right after the section's summary, the blank line is already there.
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let _ = writeln!(out, "| Severity | Status | Finding | Count | Resources |");
    let _ = writeln!(out, "| --- | --- | --- | ---: | --- |");
    let shown = row_limit.unwrap_or(usize::MAX).min(groups.len());
    for g in &groups[..shown] {
        let findings: Vec<&Finding> = g
            .findings
            .iter()
            .filter_map(|i| report.findings.get(*i))
            .collect();
        let status = match g.status {
            Status::Introduced => "new",
            Status::Fixed => "fixed",
            Status::Unchanged => "unchanged",
        };
        let mut what = format!(
            "**{}** (`{}`)",
            table_cell_one_line(&g.title),
            table_cell_one_line(&g.rule_id)
        );
        match (&g.remediation, findings.as_slice()) {
            (Some(fix), _) if g.status == Status::Introduced => {
                what.push_str(&format!("<br>Fix: {}", table_cell_one_line(fix)));
            }
            (None, [only]) => what.push_str(&format!("<br>{}", table_cell_one_line(&only.message))),
            _ => {}
        }
        let mut resources: Vec<String> = findings
            .iter()
            .take(RESOURCES_PER_RULE)
            .map(|f| match (&f.resource, &f.file, f.line) {
                (Some(r), _, _) => format!("`{}`", table_cell_one_line(r)),
                (None, Some(file), Some(line)) => format!("`{}:{line}`", table_cell_one_line(file)),
                (None, Some(file), None) => format!("`{}`", table_cell_one_line(file)),
                _ => "–".to_string(),
            })
            .collect();
        if g.count > RESOURCES_PER_RULE {
            resources.push(format!("and {} more", g.count - RESOURCES_PER_RULE));
        }
        let _ = writeln!(
            out,
            "| {} | {status} | {what} | {} | {} |",
            g.severity.as_str(),
            g.count,
            resources.join(", ")
        );
    }
    cut_note(out, groups.len() - shown, "rules");
}

/// Only plain links are written.
fn is_http_url(u: &str) -> bool {
    (u.starts_with("https://") || u.starts_with("http://"))
        && !u.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"'))
}

fn cut_note(out: &mut String, hidden: usize, what: &str) {
    if hidden > 0 {
        let _ = writeln!(
            out,
            "\n> ✂️ {hidden} more {what} not shown: the comment would exceed GitHub's 65,536-character limit. `--format json` has them all."
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    use aetheredge_core::report::{
        Compliance, ControlStatus, Cost, DeityRun, FindingCounts, FrameworkCompliance, Plan,
        PlanChange, RevisionRef, Tool,
    };

    /// A report of a change to `main.tf` by the deities named, with `findings`.
    fn report(deities: &[DeityName], findings: Vec<Finding>) -> Report {
        let mut counts = FindingCounts::default();
        for f in &findings {
            match f.status {
                Status::Introduced => counts.introduced.add(f.severity),
                Status::Fixed => counts.fixed.add(f.severity),
                Status::Unchanged => counts.unchanged.add(f.severity),
            }
        }
        let finding_groups = aetheredge_core::report::groups::group(&findings, &|_, rule| {
            (rule == "kali/open").then(|| "Close it.".to_string())
        });
        let revision = |rev: &str, digit: char| RevisionRef {
            rev: rev.into(),
            sha: std::iter::repeat_n(digit, 40).collect(),
        };
        Report {
            schema_version: 1,
            tool: Tool::this(),
            base: revision("main", 'a'),
            head: revision("pr", 'b'),
            merge_base: Some("a".repeat(40)),
            full_scan: false,
            deities: deities
                .iter()
                .map(|d| DeityRun {
                    deity: *d,
                    blocking: true,
                })
                .collect(),
            fail_on: Some(Severity::High),
            counts,
            plan: Plan::default(),
            findings,
            finding_groups,
            infrastructure_files_changed: 1,
            cost: Cost {
                estimated: true,
                ..Cost::default()
            },
            interfaces: Vec::new(),
            compliance: Compliance::default(),
            rule_changes: Default::default(),
            policy: Default::default(),
            drift: Default::default(),
            comment: Default::default(),
        }
    }

    fn finding(rule: &str, resource: &str, status: Status) -> Finding {
        let mut f = Finding::new(
            DeityName::Kali,
            rule,
            Severity::High,
            "Open to the world",
            format!("{resource} is open."),
        )
        .at("main.tf", 1, None);
        f.resource = Some(resource.to_string());
        f.status = status;
        f
    }

    /// The lines of the comment that start with `prefix`.
    fn lines_starting<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
        text.lines().filter(|l| l.starts_with(prefix)).collect()
    }

    #[test]
    fn a_rule_is_one_row_naming_five_resources_and_how_many_more() {
        let mut findings: Vec<Finding> = (1..=7)
            .map(|i| {
                finding(
                    "kali/open",
                    &format!("aws_security_group.sg{i}"),
                    Status::Introduced,
                )
            })
            .collect();
        findings.push(finding("kali/other", "aws_instance.x", Status::Introduced));
        let text = render(&report(&[DeityName::Kali], findings));
        let rows = lines_starting(&text, "| high |");
        assert_eq!(rows.len(), 2, "{text}");
        assert_eq!(
            rows[0],
            "| high | new | **Open to the world** (`kali/open`)<br>Fix: Close it. | 7 | \
             `aws_security_group.sg1`, `aws_security_group.sg2`, `aws_security_group.sg3`, \
             `aws_security_group.sg4`, `aws_security_group.sg5`, and 2 more |"
        );
        // No remediation and one finding: its message instead.
        assert_eq!(
            rows[1],
            "| high | new | **Open to the world** (`kali/other`)<br>aws_instance.x is open. | 1 | `aws_instance.x` |"
        );
        assert_eq!(
            text.matches("Close it.").count(),
            1,
            "remediation once per rule"
        );
        assert!(
            text.contains("<b>Kali · security</b>: 8 new</summary>"),
            "{text}"
        );
    }

    #[test]
    fn sections_with_nothing_new_are_one_line() {
        let findings = vec![finding(
            "kali/open",
            "aws_security_group.a",
            Status::Unchanged,
        )];
        let text = render(&report(&DeityName::ALL, findings));
        for line in [
            "**Brahma · plan**: no resource changes",
            "**Vishnu · policy**: nothing new; no control's status changes",
            "**Lakshmi · cost**: $0.00 a month, no change",
            "**Kali · security**: nothing new (1 already at base)",
            "**Saraswati · docs**: no module's inputs or outputs changed",
        ] {
            assert_eq!(lines_starting(&text, line), vec![line], "{text}");
        }
        assert!(!text.contains("<details>"), "{text}");
    }

    #[test]
    fn a_change_that_moves_no_cost_says_so_in_the_summary_and_one_line() {
        let mut r = report(&[DeityName::Brahma, DeityName::Lakshmi], Vec::new());
        r.cost.base_monthly = 120.0;
        r.cost.head_monthly = 120.0;
        let component = |usage_based: bool| aetheredge_core::report::CostComponent {
            name: "Requests".into(),
            unit: "1M-requests".into(),
            quantity: None,
            unit_price: 0.4,
            monthly: None,
            usage_based,
        };
        let resource = |address: &str, action: Option<Action>| ResourceCost {
            address: address.into(),
            base_monthly: Some(60.0),
            head_monthly: Some(60.0),
            diff_monthly: 0.0,
            diff_percent: Some(0.0),
            root: ".".into(),
            resource_type: "aws_sqs_queue".into(),
            region: None,
            components: vec![component(true)],
            not_priced: None,
            action,
        };
        r.cost.resources = vec![
            resource("aws_sqs_queue.edited", Some(Action::Update)),
            resource("aws_sqs_queue.untouched", None),
        ];
        r.cost.set_blocks();
        r.plan.summary.update = 1;
        r.plan.changes.push(PlanChange {
            address: "aws_sqs_queue.edited".into(),
            resource_type: "aws_sqs_queue".into(),
            action: Action::Update,
            root: ".".into(),
            file: "main.tf".into(),
            line: 1,
            attributes: vec!["tags".into()],
            replaced_by: Vec::new(),
            moved_from: None,
        });
        let text = render(&r);
        let first = text.lines().next().unwrap();
        assert!(first.contains(" · **Cost:** no change · "), "{first}");
        assert_eq!(
            lines_starting(&text, "**Lakshmi · cost**"),
            vec!["**Lakshmi · cost**: $120.00 a month, no change; not in the totals: 1 usage-priced component of resources the change creates or edits"]
        );
        assert!(!text.contains("untouched"), "{text}");

        // A change that moves cost: a table of what moved, and usage-priced components of
        // resources the change creates or edits, not of the rest of the repo.
        r.cost.resources[0].head_monthly = Some(90.0);
        r.cost.resources[0].diff_monthly = 30.0;
        r.cost.resources[0].diff_percent = Some(50.0);
        r.cost.set_blocks();
        r.cost.head_monthly = 150.0;
        r.cost.diff_monthly = 30.0;
        let text = render(&r);
        assert!(text
            .lines()
            .next()
            .unwrap()
            .contains(" · **Cost:** +$30.00 a month · "));
        assert_eq!(
            lines_starting(&text, "| `aws_sqs_queue"),
            vec!["| `aws_sqs_queue.edited` | $60.00 | $90.00 | +$30.00 | +50.0% | Requests $0.40 per 1M-requests |"]
        );
    }

    #[test]
    fn compliance_names_only_the_controls_the_change_alters() {
        let control =
            |id: &str, fail: usize, new_failures: usize, fixed_failures: usize| ControlStatus {
                control: id.into(),
                title: String::new(),
                pass: 3,
                fail,
                not_applicable: 0,
                new_failures,
                fixed_failures,
                rules: vec!["vishnu/x".into()],
            };
        let mut r = report(&[DeityName::Vishnu], Vec::new());
        r.compliance.frameworks = vec![
            FrameworkCompliance {
                framework: "SOC 2".into(),
                id: "soc2".into(),
                name: "SOC 2".into(),
                version: "2017".into(),
                controls: vec![
                    control("CC6.1", 0, 0, 0),
                    control("CC6.8", 2, 2, 0),
                    control("CC7.2", 0, 0, 1),
                ],
            },
            FrameworkCompliance {
                framework: "GDPR".into(),
                id: "gdpr".into(),
                name: "GDPR".into(),
                version: "2016/679".into(),
                controls: vec![control("Art. 32", 1, 0, 0)],
            },
        ];
        let text = render_linked(
            &r,
            Links {
                site_url: Some("https://org.github.io/infra/"),
            },
        );
        assert_eq!(
            lines_starting(&text, "**Compliance**"),
            vec!["**Compliance**, controls whose status the change alters; [all controls](https://org.github.io/infra/compliance/): SOC 2 ❌ CC6.8 (+2 failing), ✅ CC7.2 (−1 failing)"]
        );
        assert!(
            !text.contains("CC6.1") && !text.contains("Art. 32"),
            "{text}"
        );
    }

    #[test]
    fn a_change_that_touches_no_infrastructure_is_one_line() {
        let mut r = report(&DeityName::ALL, Vec::new());
        r.infrastructure_files_changed = 0;
        assert_eq!(
            render(&r),
            format!(
                "**AetherEdge** · no infrastructure file changed: nothing to review. {}\n",
                marker(&r)
            )
        );
        // A secret found in a file that is not infrastructure is still reported in full.
        let r = report(
            &DeityName::ALL,
            vec![finding(
                "kali/open",
                "aws_security_group.a",
                Status::Introduced,
            )],
        );
        let mut r = r;
        r.infrastructure_files_changed = 0;
        assert!(render(&r).contains("<b>Kali · security</b>: 1 new"));
    }
}

//! The comment's "Changes to the rules" section: what a pull request does to the
//! policies, suppressions, config and other files that decide verdicts. The review read
//! all of them from the base; the section says what changes after merge.

use std::fmt::Write;

use super::{cut_note, plural};
use aetheredge_core::report::rules::{FileChange, PolicyChange, RuleChanges, SuppressionKind};
use aetheredge_core::report::Report;
use aetheredge_escape::markdown::table_cell_one_line;

/// The section, or nothing when the change leaves the rules alone.
pub(super) fn section(out: &mut String, report: &Report, row_limit: Option<usize>) {
    let changes = &report.rule_changes;
    if changes.is_empty() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "<details open><summary><b>Changes to the rules</b>: {} — they take effect after merge</summary>\n",
        headline(changes)
    );
    let base = report.merge_base.as_deref().unwrap_or(&report.base.sha);
    let _ = writeln!(
        out,
        "This change was judged by the rules of its base ({}); what it does to them below applies once it merges.",
        base.chars().take(7).collect::<String>()
    );
    let limit = row_limit.unwrap_or(usize::MAX);
    if !changes.policies.is_empty() {
        let _ = writeln!(out, "\n**Policies**\n");
        let _ = writeln!(out, "| Change | File | Package | Rules | In this review |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for p in changes.policies.iter().take(limit) {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} |",
                p.change.as_str(),
                table_cell_one_line(&p.file),
                p.package
                    .as_deref()
                    .map(|n| format!("`{}`", table_cell_one_line(n)))
                    .unwrap_or_else(|| "(does not parse)".into()),
                policy_rules(p),
                match p.change {
                    FileChange::Removed => "still enforced, from the base",
                    FileChange::Added => "advisory: its findings are listed below",
                    FileChange::Edited => "base version enforced; head version advisory",
                }
            );
        }
        cut_note(
            out,
            changes.policies.len().saturating_sub(limit),
            "policies",
        );
    }
    if !changes.suppressions.is_empty() {
        let _ = writeln!(out, "\n**Suppressions added**\n");
        let _ = writeln!(out, "| Where | Suppresses | Reason | In this review |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        for s in changes.suppressions.iter().take(limit) {
            let kind = match s.kind {
                SuppressionKind::Inline => "aetheredge:ignore",
                SuppressionKind::CheckovSkip => "checkov:skip",
                SuppressionKind::IgnoreFile => "ignore-file entry",
            };
            let mut reason = s
                .reason
                .as_deref()
                .map(table_cell_one_line)
                .unwrap_or_else(|| "*none given*".into());
            if let Some(until) = &s.until {
                let _ = write!(reason, " (until {})", table_cell_one_line(until));
            }
            let effect = match (&s.note, s.honoured) {
                _ if s.kind == SuppressionKind::IgnoreFile => "after merge".to_string(),
                (_, true) => "honoured".to_string(),
                (Some(note), false) => format!("not honoured: {}", table_cell_one_line(note)),
                (None, false) => "not honoured".to_string(),
            };
            let _ = writeln!(
                out,
                "| `{}:{}` | `{}` ({kind}) | {reason} | {effect} |",
                table_cell_one_line(&s.file),
                s.line,
                table_cell_one_line(&s.rule)
            );
        }
        cut_note(
            out,
            changes.suppressions.len().saturating_sub(limit),
            "suppressions",
        );
    }
    if !changes.config.is_empty() {
        let _ = writeln!(out, "\n**Config**\n");
        let _ = writeln!(out, "| Key | Base | Head |");
        let _ = writeln!(out, "| --- | --- | --- |");
        for c in changes.config.iter().take(limit) {
            let value = |v: &Option<serde_json::Value>| match v {
                None => "*unset*".to_string(),
                Some(serde_json::Value::String(s)) => {
                    format!("`{}`", table_cell_one_line(&short(s)))
                }
                Some(v) => format!("`{}`", table_cell_one_line(&short(&v.to_string()))),
            };
            let _ = writeln!(
                out,
                "| `{}`{} | {} | {} |",
                table_cell_one_line(&c.key),
                if c.budget { " (budget)" } else { "" },
                value(&c.base),
                value(&c.head)
            );
        }
        cut_note(
            out,
            changes.config.len().saturating_sub(limit),
            "config keys",
        );
    }
    if !changes.files.is_empty() {
        let _ = writeln!(
            out,
            "\n**Other files that decide verdicts** (this review read the base's):\n"
        );
        for f in changes.files.iter().take(limit) {
            let _ = writeln!(
                out,
                "- {} `{}`: {}",
                f.kind.as_str(),
                table_cell_one_line(&f.file),
                f.change.as_str()
            );
        }
        cut_note(out, changes.files.len().saturating_sub(limit), "files");
    }
    let advisory = &changes.advisory_findings;
    if !advisory.is_empty() {
        let _ = writeln!(
            out,
            "\n**Advisory**: what the added and edited policies report at head ({}; they never fail this review)\n",
            plural(advisory.len(), "finding", "findings")
        );
        let _ = writeln!(out, "| Severity | Finding | Where |");
        let _ = writeln!(out, "| --- | --- | --- |");
        for f in advisory.iter().take(limit) {
            let place = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("`{}:{line}`", table_cell_one_line(file)),
                (Some(file), None) => format!("`{}`", table_cell_one_line(file)),
                _ => String::new(),
            };
            let resource = f
                .resource
                .as_ref()
                .map(|r| format!(" `{}`", table_cell_one_line(r)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | **{}**{resource}: {} (`{}`) | {place} |",
                f.severity.as_str(),
                table_cell_one_line(&f.title),
                table_cell_one_line(&f.message),
                table_cell_one_line(&f.rule_id)
            );
        }
        cut_note(
            out,
            advisory.len().saturating_sub(limit),
            "advisory findings",
        );
    }
    let _ = writeln!(out, "\n</details>");
}

/// `1 policy removed, 2 suppressions added, …` for the section's summary.
pub(super) fn headline(changes: &RuleChanges) -> String {
    let mut parts = Vec::new();
    for (how, word) in [
        (FileChange::Removed, "removed"),
        (FileChange::Added, "added"),
        (FileChange::Edited, "edited"),
    ] {
        let n = changes.policies.iter().filter(|p| p.change == how).count();
        if n > 0 {
            parts.push(format!("{} {word}", plural(n, "policy", "policies")));
        }
    }
    if !changes.suppressions.is_empty() {
        parts.push(format!(
            "{} added",
            plural(changes.suppressions.len(), "suppression", "suppressions")
        ));
    }
    let budgets = changes.config.iter().filter(|c| c.budget).count();
    if changes.config.len() > budgets {
        parts.push(format!(
            "{} changed",
            plural(changes.config.len() - budgets, "config key", "config keys")
        ));
    }
    if budgets > 0 {
        parts.push(format!("{} changed", plural(budgets, "budget", "budgets")));
    }
    if !changes.files.is_empty() {
        parts.push(format!(
            "{} touched",
            plural(changes.files.len(), "other rule file", "other rule files")
        ));
    }
    if parts.is_empty() {
        parts.push(format!(
            "{} from the changed policies",
            plural(
                changes.advisory_findings.len(),
                "advisory finding",
                "advisory findings"
            )
        ));
    }
    parts.join(", ")
}

fn policy_rules(p: &PolicyChange) -> String {
    let names: Vec<String> = p
        .rules
        .iter()
        .map(|r| {
            let what = if p.rules_added.contains(r) {
                " (added)"
            } else if p.rules_edited.contains(r) {
                " (edited)"
            } else {
                ""
            };
            format!("`{}`{what}", table_cell_one_line(r))
        })
        .chain(
            p.rules_removed
                .iter()
                .map(|r| format!("`{}` (removed)", table_cell_one_line(r))),
        )
        .collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// A config value cut to a table cell's width.
fn short(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

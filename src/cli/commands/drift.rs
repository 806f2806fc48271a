//! Shiva's drift command: the code at a revision against each root's recorded state.

use std::io::Write;
use std::process::ExitCode;

use aetheredge::drift::{drift_report, fetch_state, targets, DriftTarget};
use aetheredge::heal::{commit_message, heal_to_branch};
use aetheredge::report::drift_markdown;
use aetheredge::tree;

use crate::cli::args::*;

/// The code at --rev and the roots to compare it with.
fn code_and_targets(args: &DriftArgs) -> anyhow::Result<(tree::Tree, Vec<DriftTarget>)> {
    let tree = tree::load_judged(
        &args.repo,
        Some(&args.rev),
        None,
        args.config_path.as_deref(),
    )?;
    let config_file = aetheredge::config::config_file(args.config_path.as_deref());
    if args.state.is_none() {
        if let (_, Some(e)) = tree::read_config(&tree.snapshot, &config_file) {
            anyhow::bail!("{}:{}:{}: {}", e.file, e.line, e.column, e.message);
        }
    }
    let mut targets = targets(&tree.config, args.state.as_deref(), args.root.as_deref());
    if let Some(workspace) = &args.workspace {
        targets
            .iter_mut()
            .for_each(|t| t.workspace = Some(workspace.clone()));
    }
    if targets.is_empty() {
        anyhow::bail!(
            "no state to compare with: pass --state, or list roots under `drift.roots` in {config_file}{}",
            args.root.as_deref().map(|r| format!(" (none has path {r})")).unwrap_or_default()
        );
    }
    Ok((tree, targets))
}

pub(super) fn drift_command(args: DriftArgs) -> anyhow::Result<ExitCode> {
    let (tree, targets) = code_and_targets(&args)?;
    let report = drift_report(&tree.model, &tree.revision.sha, &targets, &fetch_state);
    for root in &report.roots {
        if let Some(error) = &root.error {
            eprintln!("error: root {}: {error}", root.root);
        }
    }
    let text = match args.format {
        DriftFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        DriftFormat::Markdown => drift_markdown::markdown(&report),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(if report.has_errors() {
        ExitCode::from(2)
    } else if report.has_drift() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(super) fn heal_command(args: HealArgs) -> anyhow::Result<ExitCode> {
    let (tree, targets) = code_and_targets(&args.drift)?;
    let outcome = heal_to_branch(
        &args.drift.repo,
        &tree,
        &targets,
        &fetch_state,
        &args.branch,
    )?;
    for e in &outcome.errors {
        eprintln!("error: {e}");
    }
    let text = match args.drift.format {
        DriftFormat::Json => serde_json::to_string_pretty(&outcome)? + "\n",
        DriftFormat::Markdown => {
            let head = match &outcome.commit {
                Some(sha) => format!("Wrote {} on branch `{}`.\n\n", &sha[..12], outcome.branch),
                None => format!(
                    "Nothing to edit: no commit written on `{}`.\n\n",
                    outcome.branch
                ),
            };
            head + &commit_message(&outcome)
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(if !outcome.errors.is_empty() {
        ExitCode::from(2)
    } else if !outcome.not_healed.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

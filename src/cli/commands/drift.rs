//! Shiva's drift command: the code at a revision against each root's recorded state.

use std::io::Write;
use std::process::ExitCode;

use aetheredge::drift::{drift_report, fetch_state, targets};
use aetheredge::report::drift_markdown;
use aetheredge::tree;

use crate::cli::args::*;

pub(super) fn drift_command(args: DriftArgs) -> anyhow::Result<ExitCode> {
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

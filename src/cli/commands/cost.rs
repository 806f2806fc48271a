//! Lakshmi's commands: a revision's cost, and importing price lists into a catalog.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use aetheredge::config::FailOn;
use aetheredge::pricing::catalog::Catalog;
use aetheredge::pricing::import::{self, OVERRIDE_DIR};
use aetheredge::report::{breakdown, DeityName};
use aetheredge::review::{review, ReviewRequest};

use crate::cli::args::*;

pub(super) fn cost_command(args: CostArgs) -> anyhow::Result<ExitCode> {
    let report = review(&ReviewRequest {
        repo: args.repo.clone(),
        base: None,
        head: Some(args.rev.clone()),
        only: Some(vec![DeityName::Lakshmi]),
        fail_on: Some(FailOn::None),
        namespaces: None,
        config_path: None,
        report_unparsed: false,
        states: Vec::new(),
        config_states: false,
    })?;
    let text = match args.format {
        CostFormat::Json => {
            let mut t = serde_json::to_string_pretty(&report.cost)?;
            t.push('\n');
            t
        }
        CostFormat::Table => {
            let mut t = breakdown::render(
                &report.cost,
                &format!(
                    "{} at {} ({})",
                    args.repo.display(),
                    report.head.rev,
                    &report.head.sha[..7.min(report.head.sha.len())]
                ),
            );
            for f in &report.findings {
                t.push_str(&format!(
                    "{}: {} {}\n",
                    f.severity.as_str(),
                    f.title,
                    f.message
                ));
            }
            t
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn import_command(
    provider: ImportProvider,
    files: &[PathBuf],
    repo: &std::path::Path,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let name = match provider {
        ImportProvider::Aws => "aws",
        ImportProvider::Azure => "azure",
    };
    let out = out.unwrap_or_else(|| repo.join(OVERRIDE_DIR).join(format!("{name}.catalog")));
    // Earlier imports into the same file are kept: an EC2 offer then an RDS offer accumulate.
    let mut catalog = match std::fs::read_to_string(&out) {
        Ok(text) => Catalog::parse(&out.display().to_string(), &text)?,
        Err(_) => Catalog::default(),
    };
    for file in files {
        let label = file.display().to_string();
        let text = std::fs::read_to_string(file)
            .map_err(|e| anyhow::anyhow!("cannot read {label}: {e}"))?;
        let imported = match provider {
            ImportProvider::Aws => import::aws_offer(&label, &text)?,
            ImportProvider::Azure => import::azure_retail(&label, &text)?,
        };
        eprintln!(
            "{label}: {} prices read, {} entries skipped (other products, terms or operating systems)",
            imported.prices, imported.skipped
        );
        catalog.overlay(imported.catalog);
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(
        &out,
        catalog.to_text(
            name,
            "Written by `aetheredge pricing import`. Reviews of this repo lay these prices over the\nbuilt-in catalog (read from the base revision). Commit it to use it.",
        ),
    )?;
    eprintln!("wrote {} ({} prices)", out.display(), catalog.len());
    Ok(ExitCode::SUCCESS)
}

//! Saraswati's docs command: print, inject into READMEs, or check them.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::args::*;

pub(super) fn docs_command(args: DocsArgs) -> anyhow::Result<ExitCode> {
    use aetheredge::docs::{self, inject, markdown as docs_markdown};
    use aetheredge::tree;
    let tree = tree::load(&args.repo, args.rev.as_deref())?;
    let all = docs::collect(&tree.model);
    if !(args.inject || args.check) {
        let text = match args.format {
            DocsFormat::Markdown => docs_markdown::render_all(&all),
            DocsFormat::Json => {
                let mut t = serde_json::to_string_pretty(&all)?;
                t.push('\n');
                t
            }
        };
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut stale = Vec::new();
    for doc in &all {
        let path = if doc.dir == "." {
            "README.md".to_string()
        } else {
            format!("{}/README.md", doc.dir)
        };
        let Some(readme) = tree.snapshot.get(&path) else {
            continue;
        };
        let Some(updated) = inject::inject(&path, &readme.text, &docs_markdown::render(doc))?
        else {
            continue;
        };
        if *updated == *readme.text {
            continue;
        }
        if args.check {
            stale.push(path);
        } else {
            let target = args.repo.join(&path);
            std::fs::write(&target, updated)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", target.display()))?;
            eprintln!("updated {path}");
        }
    }
    if stale.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for path in &stale {
        eprintln!("{path}: the docs between the markers are stale; run `aetheredge docs --inject`");
    }
    Ok(ExitCode::from(1))
}

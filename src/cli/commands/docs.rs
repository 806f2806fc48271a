//! Saraswati's docs command: print, inject into READMEs and output files, or check them.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::args::*;

use aetheredge::docs::config::{Config, DEFAULT_TEMPLATE};
use aetheredge::docs::tfdocs::{self, Format, Module};
use aetheredge::docs::{self, inject, ModuleDoc};

/// The terraform-docs format of a `--format` value.
fn format_of(format: DocsFormat) -> Format {
    match format {
        DocsFormat::Markdown | DocsFormat::MarkdownTable => Format::MarkdownTable,
        DocsFormat::Json => Format::Json,
        DocsFormat::Yaml => Format::Yaml,
        DocsFormat::TfvarsHcl => Format::TfvarsHcl,
        DocsFormat::TfvarsJson => Format::TfvarsJson,
    }
}

/// The format a module's docs are rendered in: `--format`, else its config's `formatter`.
fn module_format(args: &DocsArgs, doc: &ModuleDoc, config: &Config) -> anyhow::Result<Format> {
    if let Some(format) = args.format {
        return Ok(format_of(format));
    }
    match &config.formatter {
        Some(name) => Format::parse(name).map_err(|e| {
            anyhow::anyhow!(
                "{}: formatter: {e}",
                tfdocs::module_path(&doc.dir, aetheredge::docs::config::CONFIG_FILES[0])
            )
        }),
        None => Ok(Format::MarkdownTable),
    }
}

pub(super) fn docs_command(args: DocsArgs) -> anyhow::Result<ExitCode> {
    use aetheredge::tree;
    let tree = tree::load(&args.repo, args.rev.as_deref())?;
    let all = docs::collect(&tree.snapshot, &tree.model);
    let read = |path: &str| tree.snapshot.get(path).map(|f| f.text.to_string());
    // Files that do not parse: named with the parser's line, and the docs of the rest given.
    let mut unparsed = 0;
    for (path, parsed) in &tree.model.files {
        if let Err(failure) = parsed.as_ref() {
            if path.ends_with(".tf") || path.ends_with(".tofu") {
                unparsed += 1;
                eprintln!(
                    "error: {path}:{}:{}: invalid HCL, its declarations are not documented: {}",
                    failure.line, failure.column, failure.message
                );
            }
        }
    }
    let done = |code: ExitCode| {
        if unparsed > 0 {
            ExitCode::from(2)
        } else {
            code
        }
    };
    let selected: Vec<&ModuleDoc> = match &args.module {
        Some(dir) => {
            let wanted = docs::display_dir(dir.trim_matches('/').trim_start_matches("./"));
            let wanted = if wanted == "." || wanted.is_empty() {
                ".".to_string()
            } else {
                wanted
            };
            match all.iter().find(|d| d.dir == wanted) {
                Some(doc) => vec![doc],
                None => anyhow::bail!("--module {dir}: no Terraform module in that directory"),
            }
        }
        None => all.iter().collect(),
    };
    let configs: Vec<Config> = selected
        .iter()
        .map(|doc| tfdocs::module_config(&doc.dir, &read))
        .collect::<Result<_, _>>()?;
    let modules: Vec<Module> = selected
        .iter()
        .zip(&configs)
        .map(|(doc, config)| {
            Module::new(doc, config, &|name| {
                read(&tfdocs::module_path(&doc.dir, name))
            })
        })
        .collect::<Result<_, _>>()?;
    if !(args.inject || args.check) {
        let text = if args.module.is_some() {
            let module = &modules[0];
            let mut t = tfdocs::render(module, module_format(&args, module.doc, module.config)?);
            t.push('\n');
            t
        } else {
            match args.format {
                None | Some(DocsFormat::Markdown | DocsFormat::MarkdownTable) => {
                    let overview = tfdocs::overview_config();
                    let modules: Vec<Module> = selected
                        .iter()
                        .map(|doc| Module::new(doc, &overview, &|_| None))
                        .collect::<Result<_, _>>()?;
                    tfdocs::render_all(&modules)
                }
                Some(DocsFormat::Json) => {
                    let mut t = serde_json::to_string_pretty(&all)?;
                    t.push('\n');
                    t
                }
                Some(other) => anyhow::bail!(
                    "--format {}: documents one module; add --module DIR",
                    clap::ValueEnum::to_possible_value(&other)
                        .map(|v| v.get_name().to_string())
                        .unwrap_or_default()
                ),
            }
        };
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        return Ok(done(ExitCode::SUCCESS));
    }
    let mut stale = Vec::new();
    for module in &modules {
        let doc = module.doc;
        let generated = tfdocs::render(module, module_format(&args, doc, module.config)?);
        let output = &module.config.output;
        let (path, updated) = if output.file.is_empty() {
            let path = tfdocs::module_path(&doc.dir, "README.md");
            let Some(readme) = tree.snapshot.get(&path) else {
                continue;
            };
            let tf_begin = DEFAULT_TEMPLATE.lines().next().unwrap_or_default();
            let updated = if readme.text.contains(tf_begin) {
                Some(inject::write_output(
                    &path,
                    Some(&readme.text),
                    &generated,
                    DEFAULT_TEMPLATE,
                    false,
                )?)
            } else {
                inject::inject(&path, &readme.text, &generated)?
            };
            let Some(updated) = updated else {
                continue;
            };
            (path, updated)
        } else {
            let path = tfdocs::module_path(&doc.dir, &output.file);
            let existing = read(&path);
            let updated = inject::write_output(
                &path,
                existing.as_deref(),
                &generated,
                &output.template,
                output.mode == "replace",
            )?;
            (path, updated)
        };
        if read(&path).as_deref() == Some(updated.as_str()) {
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
        return Ok(done(ExitCode::SUCCESS));
    }
    for path in &stale {
        eprintln!("{path}: the docs between the markers are stale; run `aetheredge docs --inject`");
    }
    Ok(done(ExitCode::from(1)))
}

//! Saraswati's docs command: print, inject into READMEs and output files, or check them.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::args::*;

use aetheredge::docs::config::{Config, CONFIG_FILES, DEFAULT_TEMPLATE};
use aetheredge::docs::tfdocs::{self, Format, Module, OutputValue};
use aetheredge::docs::{self, inject, ModuleDoc};

/// The format a module's docs are rendered in: `--format`, else its config's `formatter`.
fn module_format(args: &DocsArgs, doc: &ModuleDoc, config: &Config) -> anyhow::Result<Format> {
    if let Some(format) = &args.format {
        return Format::parse(format).map_err(|e| anyhow::anyhow!("--format: {e}"));
    }
    match &config.formatter {
        Some(name) => Format::parse(name).map_err(|e| {
            anyhow::anyhow!(
                "{}: formatter: {e}",
                tfdocs::module_path(&doc.dir, CONFIG_FILES[0])
            )
        }),
        None => Ok(Format::MarkdownTable),
    }
}

/// A module directory as docs name it (`.` for the repo root), from a command-line value.
fn wanted_dir(dir: &str) -> String {
    let wanted = docs::display_dir(dir.trim_matches('/').trim_start_matches("./"));
    if wanted.is_empty() {
        ".".to_string()
    } else {
        wanted
    }
}

/// Whether `dir` is a module under `root`'s `path` that recursive docs cover: not in a
/// directory whose name starts with `.` or is excluded.
fn under(root: &str, path: &str, exclude: &[String], dir: &str) -> bool {
    let base = tfdocs::module_path(root, path.trim_matches('/'));
    let Some(rest) = dir.strip_prefix(&format!("{base}/")) else {
        return false;
    };
    rest.split('/')
        .all(|name| !name.starts_with('.') && !exclude.iter().any(|e| e == name))
}

/// The outputs' values a module's docs show, when shown: from --output-values-from, else
/// the config's `output-values.from` (relative to the module).
fn output_values(
    args: &DocsArgs,
    doc: &ModuleDoc,
    config: &Config,
) -> anyhow::Result<Option<BTreeMap<String, OutputValue>>> {
    if !(args.output_values || config.output_values.enabled) {
        return Ok(None);
    }
    let path = match (&args.output_values_from, config.output_values.from.as_str()) {
        (Some(path), _) => path.clone(),
        (None, "") => anyhow::bail!(
            "module {}: output values are shown but no file gives them: add --output-values-from FILE (a `terraform output -json` file) or output-values.from",
            doc.dir
        ),
        (None, from) => args.repo.join(tfdocs::module_path(&doc.dir, from)),
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| anyhow::anyhow!("cannot read the outputs file {}: {e}", path.display()))?;
    Ok(Some(tfdocs::parse_output_values(
        &path.display().to_string(),
        &text,
    )?))
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
    let find = |dir: &str| all.iter().find(|d| d.dir == dir);
    // A directory of the tree without Terraform files is documented as an empty module.
    let is_dir = |dir: &str| {
        let prefix = format!("{dir}/");
        tree.snapshot.files().any(|f| f.path.starts_with(&prefix))
            || (args.rev.is_none() && args.repo.join(dir).is_dir())
    };
    let empty_doc: ModuleDoc;
    // The module asked for (the repo root with --recursive alone) and its config.
    let main = match (&args.module, args.recursive) {
        (Some(dir), _) => match find(&wanted_dir(dir)) {
            Some(doc) => Some(doc),
            None if is_dir(&wanted_dir(dir)) => {
                empty_doc = ModuleDoc::empty(&wanted_dir(dir));
                Some(&empty_doc)
            }
            None => anyhow::bail!("--module {dir}: no such directory"),
        },
        (None, true) => Some(find(".").ok_or_else(|| {
            anyhow::anyhow!("--recursive: no Terraform module at the repo root; add --module DIR")
        })?),
        // A root config with `recursive.enabled` documents recursively from the root.
        (None, false) => match find(".") {
            Some(root) if tfdocs::module_config(".", &read)?.recursive.enabled => Some(root),
            _ => None,
        },
    };
    let main_config = match main {
        Some(doc) => Some(tfdocs::module_config(&doc.dir, &read)?),
        None => None,
    };
    let recursive = main_config
        .as_ref()
        .is_some_and(|c| args.recursive || c.recursive.enabled);
    // Each module documented, with its config: with --recursive, the main module (unless
    // `include-main` is off) and those under the recursive path, each with its own config
    // file, else the main module's.
    let mut selected: Vec<(&ModuleDoc, Config)> = Vec::new();
    match (main, main_config) {
        (Some(doc), Some(config)) if recursive => {
            let path = args
                .recursive_path
                .clone()
                .unwrap_or_else(|| config.recursive.path.clone());
            for sub in all
                .iter()
                .filter(|d| under(&doc.dir, &path, &config.recursive.exclude, &d.dir))
            {
                let own = CONFIG_FILES
                    .iter()
                    .any(|name| read(&tfdocs::module_path(&sub.dir, name)).is_some());
                let sub_config = if own {
                    tfdocs::module_config(&sub.dir, &read)?
                } else {
                    config.clone()
                };
                selected.push((sub, sub_config));
            }
            if config.recursive.include_main {
                selected.insert(0, (doc, config));
            }
            if let Some((doc, _)) = selected.iter().find(|(_, c)| c.output.file.is_empty()) {
                anyhow::bail!(
                    "--recursive writes each module's docs into its output.file, and module {} sets none: add output.file to its .terraform-docs.yml",
                    doc.dir
                );
            }
        }
        (Some(doc), Some(config)) => selected.push((doc, config)),
        _ => {
            for doc in &all {
                selected.push((doc, tfdocs::module_config(&doc.dir, &read)?));
            }
        }
    }
    let mut modules: Vec<Module> = Vec::new();
    for (doc, config) in &selected {
        let mut module = Module::new(doc, config, &|name| {
            read(&tfdocs::module_path(&doc.dir, name))
        })?;
        module.output_values = output_values(&args, doc, config)?;
        modules.push(module);
    }
    let writing = args.inject || args.check || recursive;
    if !writing {
        let text = if args.module.is_some() {
            let module = &modules[0];
            let mut t = tfdocs::render(module, module_format(&args, module.doc, module.config)?);
            t.push('\n');
            t
        } else {
            let format = args.format.as_deref().map(Format::parse).transpose()?;
            match format {
                None | Some(Format::MarkdownTable) => {
                    let overview = tfdocs::overview_config();
                    let modules: Vec<Module> = selected
                        .iter()
                        .map(|(doc, _)| Module::new(doc, &overview, &|_| None))
                        .collect::<Result<_, _>>()?;
                    tfdocs::render_all(&modules)
                }
                Some(Format::Json) => {
                    let mut t = serde_json::to_string_pretty(&all)?;
                    t.push('\n');
                    t
                }
                Some(_) => anyhow::bail!(
                    "--format {}: documents one module; add --module DIR",
                    args.format.as_deref().unwrap_or_default()
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

//! Brahma's blueprint commands: validate, render, diff.

use std::process::ExitCode;

use crate::cli::args::*;

pub(super) fn blueprint_command(command: BlueprintCommand) -> anyhow::Result<ExitCode> {
    use aetheredge::blueprint;
    match command {
        BlueprintCommand::Validate { file, rev, repo } => {
            let text = blueprint::read(&repo, rev.as_deref(), &file)?;
            let bp = blueprint::parse(&file, &text)?;
            let expansion = blueprint::expand(&bp);
            println!(
                "{file}: valid ({} {} on {}, {} resources)",
                bp.name,
                bp.version,
                bp.cloud.as_str(),
                expansion
                    .resources
                    .iter()
                    .map(|r| r.addresses().len())
                    .sum::<usize>()
            );
        }
        BlueprintCommand::Render {
            file,
            target,
            out,
            rev,
            repo,
        } => {
            let text = blueprint::read(&repo, rev.as_deref(), &file)?;
            let target = match target {
                RenderTarget::Terraform => blueprint::Target::Terraform,
                RenderTarget::Ansible => blueprint::Target::Ansible,
            };
            let files = blueprint::render(&file, &text, target)?;
            std::fs::create_dir_all(&out)?;
            for (name, contents) in &files {
                std::fs::write(out.join(name), contents)?;
                eprintln!("wrote {}", out.join(name).display());
            }
        }
        BlueprintCommand::Diff { a, b, repo, format } => {
            let read = |spec: &str| match spec.split_once(':') {
                Some((rev, path)) if !std::path::Path::new(spec).exists() => {
                    blueprint::read(&repo, Some(rev), path).map(|t| (path.to_string(), t))
                }
                _ => blueprint::read(&repo, None, spec).map(|t| (spec.to_string(), t)),
            };
            let (a_path, a_text) = read(&a)?;
            let (b_path, b_text) = read(&b)?;
            let (a_model, b_model) =
                aetheredge::iac::blueprints::diff_models((&a_path, &a_text), (&b_path, &b_text))?;
            let plan = aetheredge::plan::plan(&a_model, &b_model);
            match format {
                DiffFormat::Json => println!("{}", serde_json::to_string_pretty(&plan)?),
                DiffFormat::Text => {
                    let s = &plan.summary;
                    println!(
                        "{a} -> {b}: {} to create, {} to update, {} to replace, {} to delete",
                        s.create, s.update, s.replace, s.delete
                    );
                    for c in &plan.changes {
                        let attrs = if c.attributes.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", c.attributes.join(", "))
                        };
                        println!("  {} {}{attrs}", c.action.as_str(), c.address);
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

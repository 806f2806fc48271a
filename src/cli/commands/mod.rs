//! What each subcommand does: call the library, print its result, choose the exit code.
//! [`run`] dispatches; each deity's own commands, and those that face GitHub, have a module.

use std::io::Write;
use std::process::ExitCode;

use aetheredge::report::{annotations, markdown, sarif, DeityName, Report};

use super::args::*;

mod blueprint;
mod cost;
mod docs;
mod drift;
mod policy;
mod review;

use blueprint::blueprint_command;
use cost::{cost_command, import_command};
use docs::docs_command;
use drift::{drift_command, heal_command};
use policy::{list_rules, policy_command, policy_test, rule_metadata};
use review::{action_command, review_command, watch_command};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Review(args) => review_command(args, None),
        Command::Plan(args) => review_command(args, Some(vec![DeityName::Brahma])),
        Command::Scan(args) => {
            if args.list_rules {
                list_rules(args.format)?;
                return Ok(ExitCode::SUCCESS);
            }
            review_command(
                ReviewArgs {
                    repo: args.repo,
                    base: args.base,
                    head: args.rev.unwrap_or(args.head),
                    format: args.format,
                    fail_on: args.fail_on,
                    config_path: args.config_path,
                    state: None,
                    state_root: None,
                    drift: false,
                    github: GitHubArgs::default(),
                },
                Some(vec![DeityName::Kali]),
            )
        }
        Command::Cost(args) => cost_command(args),
        Command::Docs(args) => docs_command(args),
        Command::Drift(args) => drift_command(args),
        Command::Heal(args) => heal_command(args),
        Command::Site {
            repo,
            rev,
            out,
            config_path,
        } => {
            let built =
                aetheredge::site::build_with_config(&repo, &rev, &out, config_path.as_deref())?;
            eprintln!(
                "built {} pages of {} into {} ({}; history of {} commits)",
                built.pages,
                built.sha,
                out.display(),
                if built.review_reused {
                    "review reused: only Markdown changed"
                } else {
                    "reviewed"
                },
                built.history
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Action(args) => action_command(args),
        Command::Watch(args) => watch_command(args),
        Command::Pricing {
            command:
                PricingCommand::Import {
                    provider,
                    files,
                    repo,
                    out,
                },
        } => import_command(provider, &files, &repo, out),
        Command::Blueprint { command } => blueprint_command(command),
        Command::Policy(PolicyCommand {
            action: Some(PolicyAction::Test { dir, data }),
            ..
        }) => policy_test(dir, data),
        Command::Policy(PolicyCommand { args, .. }) => policy_command(args),
        Command::Worker { command } => {
            let reply = match command {
                WorkerCommand::Review { request } => aetheredge::worker::serve(&request)?,
                WorkerCommand::Drift { request } => aetheredge::worker::serve_drift(&request)?,
                WorkerCommand::Heal { request } => aetheredge::worker::serve_heal(&request)?,
            };
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(reply.as_bytes())?;
            stdout.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { format } => {
            let demo = aetheredge::demo::run()?;
            print_report(&demo.report, format, None)?;
            eprintln!(
                "\nThe sample repo is at {repo}\n  branches: {base} (the default branch) and {head} (the pull request)\n  try: aetheredge review --repo {repo} --base {base} --head {head} --format json",
                repo = demo.repo.display(),
                base = demo.base,
                head = demo.head
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints the report; the Markdown comment links the site at `site_url` when given.
fn print_report(report: &Report, format: Format, site_url: Option<&str>) -> anyhow::Result<()> {
    let text = match format {
        Format::Markdown => markdown::render_linked(report, markdown::Links { site_url }),
        Format::Json => report.to_json(),
        Format::Sarif => sarif::render(report, &rule_metadata()),
        Format::Annotations => annotations::render(report),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

//! The `aetheredge` command line: parses arguments, calls the library, prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use aetheredge::config::FailOn;
use aetheredge::report::{markdown, DeityName, Report};
use aetheredge::review::{review, ReviewRequest};
use clap::{Parser, Subcommand, ValueEnum};

/// A review makes and frees many small values; mimalloc does that faster than the system
/// allocator, across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "aetheredge",
    version,
    about = "Reviews infrastructure-as-code changes in a Git repository: plan, policy, cost, security and docs."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Review a change (base...head) or, without --base, the whole tree at head.
    Review(ReviewArgs),
    /// Brahma alone: what a change creates, updates, replaces and deletes.
    Plan(ReviewArgs),
    /// Build a sample repo in a temporary directory and review its pull-request branch.
    Demo {
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
}

#[derive(clap::Args)]
struct ReviewArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// The base revision (branch, tag, sha, HEAD~2…). Without it, a full scan of --head.
    #[arg(long)]
    base: Option<String>,
    /// The head revision.
    #[arg(long, default_value = "HEAD")]
    head: String,
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Exit 1 when a new finding is at or above this severity (critical, high, medium, low, info, none).
    #[arg(long)]
    fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Markdown,
    Json,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AETHEREDGE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Review(args) => review_command(args, None),
        Command::Plan(args) => review_command(args, Some(vec![DeityName::Brahma])),
        Command::Demo { format } => {
            let demo = aetheredge::demo::run()?;
            print_report(&demo.report, format)?;
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

fn review_command(args: ReviewArgs, only: Option<Vec<DeityName>>) -> anyhow::Result<ExitCode> {
    let report = review(&ReviewRequest {
        repo: args.repo,
        base: args.base,
        head: Some(args.head),
        only,
        fail_on: args.fail_on,
    })?;
    print_report(&report, args.format)?;
    Ok(if report.fails() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(report: &Report, format: Format) -> anyhow::Result<()> {
    let text = match format {
        Format::Markdown => markdown::render(report),
        Format::Json => report.to_json(),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

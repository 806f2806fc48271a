//! The `aetheredge` command line: parses arguments, calls the library, prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use aetheredge::config::FailOn;
use aetheredge::policy::{library, testing};
use aetheredge::report::{findings_table, markdown, DeityName, Report};
use aetheredge::review::{review, Namespaces, ReviewRequest};
use clap::{Parser, Subcommand, ValueEnum};

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
    /// Vishnu alone: evaluate the policies (built-in and the repo's) over one tree.
    Policy(PolicyCommand),
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

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct PolicyCommand {
    #[command(subcommand)]
    action: Option<PolicyAction>,
    #[command(flatten)]
    args: PolicyArgs,
}

#[derive(Subcommand)]
enum PolicyAction {
    /// Run the Rego tests (`test_` rules) of a policy directory, or of the built-in library.
    Test {
        /// A directory of .rego files; the built-in library when omitted.
        dir: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct PolicyArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// The revision to evaluate.
    #[arg(long, default_value = "HEAD")]
    rev: String,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
    /// Run the rules of this package (repeatable; default `main`), as conftest's --namespace.
    #[arg(long, conflicts_with = "all_namespaces")]
    namespace: Vec<String>,
    /// Run the rules of every package, as conftest's --all-namespaces.
    #[arg(long)]
    all_namespaces: bool,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long)]
    fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Table,
    Json,
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
        Command::Policy(PolicyCommand {
            action: Some(PolicyAction::Test { dir }),
            ..
        }) => policy_test(dir),
        Command::Policy(PolicyCommand { args, .. }) => policy_command(args),
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
        namespaces: None,
    })?;
    print_report(&report, args.format)?;
    Ok(if report.fails() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn policy_command(args: PolicyArgs) -> anyhow::Result<ExitCode> {
    let report = review(&ReviewRequest {
        repo: args.repo,
        base: None,
        head: Some(args.rev),
        only: Some(vec![DeityName::Vishnu]),
        fail_on: args.fail_on,
        namespaces: Some(Namespaces {
            names: args.namespace,
            all: args.all_namespaces,
        }),
    })?;
    let text = match args.format {
        TableFormat::Table => findings_table(&report.findings),
        TableFormat::Json => report.to_json(),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(if report.fails() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn policy_test(dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let sources = match &dir {
        None => library::sources(true),
        Some(dir) => {
            let mut sources = testing::sources_in_dir(dir).map_err(|e| {
                anyhow::anyhow!("cannot read policies under {}: {e}", dir.display())
            })?;
            // The library's helpers (data.aetheredge.lib) are there to import.
            sources.extend(library::sources(false));
            sources
        }
    };
    let run = testing::run_tests(&sources);
    let mut out = String::new();
    for problem in &run.problems {
        out.push_str(&format!("ERROR {problem}\n"));
    }
    for r in &run.results {
        let status = match &r.outcome {
            testing::Outcome::Pass => "PASS".to_string(),
            testing::Outcome::Fail => "FAIL".to_string(),
            testing::Outcome::Error(e) => format!("ERROR ({e})"),
        };
        out.push_str(&format!("{status} {} ({}:{})\n", r.name, r.file, r.line));
    }
    out.push_str(&format!(
        "{} passed, {} failed\n",
        run.passed(),
        run.failed()
    ));
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(if run.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
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

//! The `aetheredge` command line: parses arguments, calls the library, prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use aetheredge::config::FailOn;
use aetheredge::github::{self, CommentBehavior, Publish, RepoName};
use aetheredge::policy::{library, testing};
use aetheredge::pricing::catalog::Catalog;
use aetheredge::pricing::import::{self, OVERRIDE_DIR};
use aetheredge::report::sarif::RuleMeta;
use aetheredge::report::{
    annotations, breakdown, findings_table, markdown, sarif, DeityName, Report,
};
use aetheredge::review::{review, Namespaces, ReviewRequest};
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
    /// Kali alone: misconfigurations and leaked secrets, of a change (--base) or a whole tree.
    Scan(ScanArgs),
    /// Lakshmi alone: the monthly cost of one revision, by resource and price component.
    Cost(CostArgs),
    /// Manage the pricing catalog.
    Pricing {
        #[command(subcommand)]
        command: PricingCommand,
    },
    /// Brahma's blueprints: validate, render to Terraform or Ansible, diff two versions.
    Blueprint {
        #[command(subcommand)]
        command: BlueprintCommand,
    },
    /// Saraswati alone: each module's docs (inputs, outputs, providers, resources, calls);
    /// --inject writes them into READMEs between the markers, --check exits 1 when one is stale.
    Docs(DocsArgs),
    /// Saraswati's static site of one revision: home, modules, inventory, findings,
    /// compliance and docs pages, built beside --out and renamed into place.
    Site {
        /// A directory inside a git repository, a bare repository, or a plain directory.
        #[arg(long, default_value = ".")]
        repo: PathBuf,
        /// The revision the site describes.
        #[arg(long, default_value = "HEAD")]
        rev: String,
        /// The site's directory (replaced whole).
        #[arg(long)]
        out: PathBuf,
        /// The config file, relative to the repository root (default: aetheredge.yaml).
        #[arg(long)]
        config_path: Option<String>,
    },
    /// Run as a GitHub Action step: review what GITHUB_EVENT_PATH names, write the step
    /// summary, outputs and annotations, and post the comment and the check.
    Action(ActionArgs),
    /// Vishnu alone: evaluate the policies (built-in and the repo's) over one tree.
    Policy(PolicyCommand),
    /// The long-running reconciler: keeps each repo's pull-request comments and published
    /// site in step with the repo, on a schedule and on webhooks.
    Watch(WatchArgs),
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
    /// The config file, relative to the repository root (default: aetheredge.yaml), read
    /// from the base as that file is.
    #[arg(long)]
    config_path: Option<String>,
    #[command(flatten)]
    github: GitHubArgs,
}

/// Publishing to GitHub (token from GITHUB_TOKEN or a GitHub App, API from GITHUB_API_URL).
#[derive(clap::Args, Default)]
struct GitHubArgs {
    /// Post the report to this repository on GitHub (OWNER/NAME).
    #[arg(long, value_name = "OWNER/NAME")]
    github: Option<RepoName>,
    /// The pull request to comment on.
    #[arg(long, requires = "github")]
    pr: Option<u64>,
    /// What to do with the tool's earlier comments.
    #[arg(long, value_enum, default_value_t = CommentBehavior::Update)]
    comment_behavior: CommentBehavior,
    /// Also report a check run (or a commit status) on the head commit.
    #[arg(long, requires = "github")]
    check: bool,
    /// The generated site's URL, linked from the comment and the check.
    #[arg(long)]
    site_url: Option<String>,
}

#[derive(clap::Args)]
struct WatchArgs {
    /// The bot's configuration (repos, schedules, sites, GitHub or outbox).
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Serve GET /healthz, /readyz, /metrics and POST /webhook here (ADDR:PORT).
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<std::net::SocketAddr>,
    /// Reconcile only the repos whose name hashes to K of N (0 <= K < N).
    #[arg(long, value_name = "K/N")]
    shard: Option<aetheredge::watch::shard::Shard>,
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// One tick per repo, then exit (2 when a repo failed).
    #[arg(long)]
    once: bool,
    /// Seconds that in-flight reconciles get to finish after SIGTERM or SIGINT.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    shutdown_timeout: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
struct ActionArgs {
    /// The checked-out repository (needs both commits: check out with fetch-depth 0).
    #[arg(long, env = "GITHUB_WORKSPACE", default_value = ".")]
    repo: PathBuf,
    /// Exit 1 when a new finding is at or above this severity.
    #[arg(long, env = "INPUT_FAIL_ON")]
    fail_on: Option<FailOn>,
    /// What to do with the tool's earlier comments.
    #[arg(long, env = "INPUT_COMMENT_BEHAVIOR", value_enum, default_value_t = CommentBehavior::Update)]
    comment_behavior: CommentBehavior,
    /// Run only these deities (comma-separated: brahma,lakshmi,kali…); default: the config's.
    #[arg(long, env = "INPUT_DEITIES", value_delimiter = ',')]
    deities: Vec<String>,
    /// Post the pull-request comment (needs a token).
    #[arg(long, env = "INPUT_COMMENT", default_value_t = true, action = clap::ArgAction::Set)]
    comment: bool,
    /// Report a check run or commit status on the head commit (needs a token).
    #[arg(long, env = "INPUT_CHECK", default_value_t = true, action = clap::ArgAction::Set)]
    check: bool,
    /// The generated site's URL, linked from the comment.
    #[arg(long, env = "INPUT_SITE_URL")]
    site_url: Option<String>,
    /// The config file, relative to the repository root (default: aetheredge.yaml).
    #[arg(long, env = "INPUT_CONFIG_PATH")]
    config_path: Option<String>,
    /// Also build the site of the head commit into this directory (replaced whole).
    #[arg(long, env = "INPUT_SITE_OUTPUT_DIR")]
    site_output_dir: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// The revision to scan (alias of --head).
    #[arg(long)]
    rev: Option<String>,
    /// Scan only what the change from this base adds.
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
    /// Print Kali's rules (id, severity, Checkov id, title, frameworks) and exit; with
    /// --format json, every field.
    #[arg(long)]
    list_rules: bool,
}

#[derive(clap::Args)]
struct DocsArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// The revision to document; without it, the files on disk (what a pre-commit hook sees).
    #[arg(long)]
    rev: Option<String>,
    #[arg(long, value_enum, default_value_t = DocsFormat::Markdown)]
    format: DocsFormat,
    /// Write the docs into each module's README.md between
    /// `<!-- BEGIN_AETHEREDGE_DOCS -->` and `<!-- END_AETHEREDGE_DOCS -->`.
    #[arg(long, conflicts_with = "check")]
    inject: bool,
    /// Exit 1, naming them, when a README's docs between the markers are stale.
    #[arg(long)]
    check: bool,
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
enum DocsFormat {
    Markdown,
    Json,
}

#[derive(clap::Args)]
struct CostArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// The revision to price.
    #[arg(long, default_value = "HEAD")]
    rev: String,
    #[arg(long, value_enum, default_value_t = CostFormat::Table)]
    format: CostFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum CostFormat {
    Table,
    Json,
}

#[derive(Subcommand)]
enum PricingCommand {
    /// Read a downloaded price list into a catalog that overrides the built-in prices it covers.
    Import {
        /// `aws` (a Price List bulk offer file, JSON or CSV) or `azure` (Retail Prices API JSON pages).
        #[arg(value_enum)]
        provider: ImportProvider,
        /// The downloaded files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The repo whose `.aetheredge/pricing/` receives the catalog.
        #[arg(long, default_value = ".")]
        repo: PathBuf,
        /// Write here instead of `<repo>/.aetheredge/pricing/<provider>.catalog`.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum BlueprintCommand {
    /// Check a blueprint; errors name file:line:col and what was expected.
    Validate {
        file: String,
        /// Read FILE (a path inside --repo) as committed at this revision.
        #[arg(long)]
        rev: Option<String>,
        #[arg(long, default_value = ".")]
        repo: PathBuf,
    },
    /// Write the Terraform root module or the Ansible inventory and playbook of a blueprint.
    Render {
        file: String,
        #[arg(long, value_enum, default_value_t = RenderTarget::Terraform)]
        target: RenderTarget,
        /// The directory to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Render FILE (a path inside --repo) as committed at this revision: a rollback.
        #[arg(long)]
        rev: Option<String>,
        #[arg(long, default_value = ".")]
        repo: PathBuf,
    },
    /// What changing blueprint A into B creates, updates, replaces and deletes. A and B are
    /// files, or REV:PATH for a blueprint as committed at a revision of --repo.
    Diff {
        a: String,
        b: String,
        #[arg(long, default_value = ".")]
        repo: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RenderTarget {
    Terraform,
    Ansible,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportProvider {
    Aws,
    Azure,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Markdown,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub workflow annotation lines (`::error file=…,line=…::…`).
    Annotations,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Only the Action step and the reconciler speak to the network.
    if !matches!(cli.command, Command::Action(_) | Command::Watch(_)) {
        aetheredge::repo::skip_certificate_store();
    }
    // The reconciler logs what it does by default; the one-shot commands only warnings.
    let (default_level, json) = match &cli.command {
        Command::Watch(args) => ("info", args.log_format == LogFormat::Json),
        _ => ("warn", false),
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("AETHEREDGE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        logs.json().init();
    } else {
        logs.init();
    }
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
                    config_path: None,
                    github: GitHubArgs::default(),
                },
                Some(vec![DeityName::Kali]),
            )
        }
        Command::Cost(args) => cost_command(args),
        Command::Docs(args) => docs_command(args),
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

fn blueprint_command(command: BlueprintCommand) -> anyhow::Result<ExitCode> {
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
            let plan = blueprint::diff((&a_path, &a_text), (&b_path, &b_text))?;
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

fn review_command(args: ReviewArgs, only: Option<Vec<DeityName>>) -> anyhow::Result<ExitCode> {
    let report = review(&ReviewRequest {
        repo: args.repo.clone(),
        base: args.base,
        head: Some(args.head),
        only,
        fail_on: args.fail_on,
        namespaces: None,
        config_path: args.config_path.clone(),
    })?;
    print_report(&report, args.format)?;
    if let Some(repository) = args.github.github {
        let published = github::publish_blocking(
            &report,
            &Publish {
                repository,
                pr: args.github.pr,
                behavior: args.github.comment_behavior,
                check: args.github.check,
                site_url: args.github.site_url,
                local_repo: Some(args.repo),
            },
        )?;
        describe_published(&published);
    }
    Ok(if report.fails() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn watch_command(args: WatchArgs) -> anyhow::Result<ExitCode> {
    let summary = aetheredge::watch::run(aetheredge::watch::Options {
        config: args.config,
        listen: args.listen,
        shard: args.shard,
        once: args.once,
        shutdown_timeout: std::time::Duration::from_secs(args.shutdown_timeout),
    })?;
    if summary.failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "error: these repos could not be reconciled (see the log): {}",
            summary.failed.join(", ")
        );
        Ok(ExitCode::from(2))
    }
}

fn describe_published(published: &github::Published) {
    use github::comment::Outcome;
    match &published.comment {
        Some(Outcome::Created { url, .. }) => eprintln!("posted the comment: {url}"),
        Some(Outcome::Updated { url, .. }) => eprintln!("updated the comment: {url}"),
        Some(Outcome::Unchanged { url, .. }) => eprintln!("the comment is up to date: {url}"),
        Some(Outcome::Newer { head, .. }) => eprintln!(
            "left the comment alone: it describes {head}, a newer commit than this review's"
        ),
        None => {}
    }
    match &published.check {
        Some(github::check::Outcome::CheckRun { conclusion, .. }) => {
            eprintln!("reported the check run: {conclusion}")
        }
        Some(github::check::Outcome::CommitStatus { state }) => {
            eprintln!("set the commit status: {state}")
        }
        None => {}
    }
}

/// `aetheredge action`: everything a workflow step needs, from the environment.
fn action_command(args: ActionArgs) -> anyhow::Result<ExitCode> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let event_path = env("GITHUB_EVENT_PATH").ok_or_else(|| {
        anyhow::anyhow!("GITHUB_EVENT_PATH is not set: run this inside GitHub Actions")
    })?;
    let event_name = env("GITHUB_EVENT_NAME").unwrap_or_else(|| "pull_request".into());
    let event = github::action::read_event(&event_name, std::path::Path::new(&event_path))?;
    let only = if args.deities.iter().all(|d| d.trim().is_empty()) {
        None
    } else {
        let mut names = Vec::new();
        for d in args
            .deities
            .iter()
            .map(|d| d.trim())
            .filter(|d| !d.is_empty())
        {
            let name = DeityName::ALL
                .into_iter()
                .find(|n| n.as_str().eq_ignore_ascii_case(d))
                .ok_or_else(|| {
                    anyhow::anyhow!("unknown deity \"{d}\" in deities: expected brahma, vishnu, lakshmi, kali or saraswati")
                })?;
            names.push(name);
        }
        Some(names)
    };
    let report = review(&ReviewRequest {
        repo: args.repo.clone(),
        base: event.base.clone(),
        head: Some(event.head.clone()),
        only,
        fail_on: args.fail_on,
        namespaces: None,
        config_path: args.config_path.clone(),
    })?;
    // Annotations go to stdout, where the runner reads workflow commands.
    print_report(&report, Format::Annotations)?;
    if let Some(summary) = env("GITHUB_STEP_SUMMARY") {
        github::action::append(
            std::path::Path::new(&summary),
            &github::comment::compose(&report, args.site_url.as_deref()),
        )?;
    }
    let has_credentials = env("GITHUB_TOKEN").is_some() || env("GITHUB_APP_ID").is_some();
    let repository: Option<RepoName> = env("GITHUB_REPOSITORY").map(|r| r.parse()).transpose()?;
    let mut comment_url = None;
    match (&repository, has_credentials) {
        (Some(repository), true) if args.comment || args.check => {
            let published = github::publish_blocking(
                &report,
                &Publish {
                    repository: repository.clone(),
                    pr: event.pr.filter(|_| args.comment),
                    behavior: args.comment_behavior,
                    check: args.check,
                    site_url: args.site_url.clone(),
                    local_repo: Some(args.repo.clone()),
                },
            )?;
            describe_published(&published);
            comment_url = published
                .comment
                .as_ref()
                .and_then(|c| c.url().map(str::to_string));
        }
        (_, false) if args.comment || args.check => {
            eprintln!("no GITHUB_TOKEN: the comment and the check are skipped (pass github-token)");
        }
        _ => {}
    }
    // The site of the head, when asked for. A site that cannot be built still lets the
    // outputs be written; the step fails after them.
    let site = args.site_output_dir.as_ref().map(|dir| {
        aetheredge::site::build_with_config(
            &args.repo,
            &event.head,
            dir,
            args.config_path.as_deref(),
        )
        .map(|built| {
            eprintln!(
                "built the site of {} in {} ({} pages)",
                built.sha,
                dir.display(),
                built.pages
            );
            dir
        })
    });
    if let Some(output) = env("GITHUB_OUTPUT") {
        let mut outputs = github::action::outputs(&report, comment_url.as_deref());
        if let Some(Ok(dir)) = &site {
            outputs.push(("site-output-dir".into(), dir.display().to_string()));
        }
        github::action::write_outputs(std::path::Path::new(&output), &outputs)?;
    }
    if let (Some(Err(e)), Some(dir)) = (site, &args.site_output_dir) {
        return Err(anyhow::Error::from(e).context(format!(
            "site-output-dir {}: the site of {} was not built",
            dir.display(),
            event.head
        )));
    }
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
        config_path: None,
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

fn cost_command(args: CostArgs) -> anyhow::Result<ExitCode> {
    let report = review(&ReviewRequest {
        repo: args.repo.clone(),
        base: None,
        head: Some(args.rev.clone()),
        only: Some(vec![DeityName::Lakshmi]),
        fail_on: Some(FailOn::None),
        namespaces: None,
        config_path: None,
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

fn docs_command(args: DocsArgs) -> anyhow::Result<ExitCode> {
    use aetheredge::docs::{self, inject, markdown as docs_markdown, tree};
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

fn import_command(
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
        Format::Sarif => sarif::render(report, &rule_metadata()),
        Format::Annotations => annotations::render(report),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Kali's rules as SARIF shows them.
fn rule_metadata() -> Vec<RuleMeta> {
    aetheredge::kali::catalog()
        .into_iter()
        .map(|r| {
            let mut tags = vec![
                "security".to_string(),
                r.kind.to_string(),
                r.platform.clone(),
            ];
            tags.extend(r.checkov.iter().cloned());
            tags.extend(
                r.frameworks
                    .iter()
                    .map(|f| format!("{} {}", f.framework, f.control)),
            );
            RuleMeta {
                help_uri: r.references.first().cloned(),
                id: r.id,
                title: r.title,
                description: r.description,
                remediation: r.remediation,
                severity: r.severity,
                tags,
            }
        })
        .collect()
}

/// `aetheredge scan --list-rules`: a table, or every field as JSON.
fn list_rules(format: Format) -> anyhow::Result<()> {
    let catalog = aetheredge::kali::catalog();
    let text = if format == Format::Json {
        let mut t = serde_json::to_string_pretty(&catalog)?;
        t.push('\n');
        t
    } else {
        let mut t = String::from(
            "| Rule | Severity | Checkov | Title | Frameworks |\n| --- | --- | --- | --- | --- |\n",
        );
        for r in &catalog {
            let frameworks: Vec<String> = r
                .frameworks
                .iter()
                .map(|f| format!("{} {}", f.framework, f.control))
                .collect();
            t.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                r.id,
                r.severity.as_str(),
                r.checkov.join(", "),
                r.title,
                frameworks.join("; ")
            ));
        }
        t
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

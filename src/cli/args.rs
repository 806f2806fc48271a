//! The command line's arguments and subcommands, as clap reads them.

use std::path::PathBuf;

use aetheredge::config::FailOn;
use aetheredge::github::{CommentBehavior, RepoName};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "aetheredge",
    version,
    about = "Reviews infrastructure-as-code changes in a Git repository: plan, policy, cost, security and docs."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// Shiva: compare root modules at a revision with their recorded Terraform state; exit 0
    /// no drift, 1 drift, 2 a root could not be compared.
    Drift(DriftArgs),
    /// Shiva: one commit on --branch (from --rev) that makes the code declare what the
    /// state records; what no edit can heal is listed. Exit 0 all healed, 1 some not, 2 error.
    Heal(HealArgs),
    /// Build a sample repo in a temporary directory and review its pull-request branch.
    Demo {
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// A review worker, started by `watch` and `action` under resource limits.
    #[command(hide = true)]
    Worker {
        #[command(subcommand)]
        command: WorkerCommand,
    },
}

#[derive(Subcommand)]
pub enum WorkerCommand {
    /// Review what the request (JSON) names; print the report as JSON.
    Review {
        #[arg(long)]
        request: String,
    },
    /// Compare the code and the states the request (JSON) names; print the drift as JSON.
    Drift {
        #[arg(long)]
        request: String,
    },
    /// Write the healing commit the request (JSON) names; print what was healed as JSON.
    Heal {
        #[arg(long)]
        request: String,
    },
}

/// The limits of a review run in a worker process; each replaces the `worker:` key of
/// `bot.yaml` (defaults: 2048 MB, 60 s of CPU, 120 s of wall-clock time).
#[derive(clap::Args, Default)]
pub struct WorkerArgs {
    /// The worker's address space in MB.
    #[arg(long, env = "AETHEREDGE_MAX_MEMORY_MB", value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_memory_mb: Option<u64>,
    /// The worker's CPU time in seconds.
    #[arg(long, env = "AETHEREDGE_MAX_CPU_SECONDS", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_cpu_seconds: Option<u64>,
    /// The worker's wall-clock time in seconds; its process group is killed after it.
    #[arg(long, env = "AETHEREDGE_TIMEOUT_SECONDS", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_seconds: Option<u64>,
}

impl WorkerArgs {
    pub fn overrides(&self) -> aetheredge::worker::LimitOverrides {
        aetheredge::worker::LimitOverrides {
            max_memory_mb: self.max_memory_mb,
            max_cpu_seconds: self.max_cpu_seconds,
            timeout_seconds: self.timeout_seconds,
        }
    }
}

impl Command {
    /// Whether the command may speak to a server over TLS: GitHub's API (the Action step,
    /// a review posted with --github) or https remotes (the reconciler).
    pub fn uses_network(&self) -> bool {
        match self {
            Command::Action(_) | Command::Watch(_) => true,
            // A state may be kept behind https (an http backend, a cloud bucket).
            Command::Drift(_) | Command::Heal(_) => true,
            Command::Review(args) | Command::Plan(args) => args.github.github.is_some(),
            _ => false,
        }
    }
}

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The base revision (branch, tag, sha, HEAD~2…). Without it, a full scan of --head.
    #[arg(long)]
    pub base: Option<String>,
    /// The head revision.
    #[arg(long, default_value = "HEAD")]
    pub head: String,
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Exit 1 when a new finding is at or above this severity (critical, high, medium, low, info, none).
    #[arg(long)]
    pub fail_on: Option<FailOn>,
    /// The config file, relative to the repository root (default: aetheredge.yaml), read
    /// from the base as that file is.
    #[arg(long)]
    pub config_path: Option<String>,
    /// A root module's recorded Terraform state (as `drift --state`): the review says
    /// which drift the change fixes or deepens.
    #[arg(long)]
    pub state: Option<String>,
    /// The root module of --state (default `.`).
    #[arg(long, requires = "state")]
    pub state_root: Option<String>,
    /// Compare with the states of the config's `drift.roots` too.
    #[arg(long)]
    pub drift: bool,
    #[command(flatten)]
    pub github: GitHubArgs,
}

/// Publishing to GitHub (token from GITHUB_TOKEN or a GitHub App, API from GITHUB_API_URL).
#[derive(clap::Args, Default)]
pub struct GitHubArgs {
    /// Post the report to this repository on GitHub (OWNER/NAME).
    #[arg(long, value_name = "OWNER/NAME")]
    pub github: Option<RepoName>,
    /// The pull request to comment on.
    #[arg(long, requires = "github")]
    pub pr: Option<u64>,
    /// What to do with the tool's earlier comments.
    #[arg(long, value_enum, default_value_t = CommentBehavior::Update)]
    pub comment_behavior: CommentBehavior,
    /// Also report a check run (or a commit status) on the head commit.
    #[arg(long, requires = "github")]
    pub check: bool,
    /// The generated site's URL, linked from the comment and the check.
    #[arg(long)]
    pub site_url: Option<String>,
}

#[derive(clap::Args)]
pub struct WatchArgs {
    /// The bot's configuration (repos, schedules, sites, GitHub or outbox).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Serve GET /healthz, /readyz, /metrics and POST /webhook here (ADDR:PORT).
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<std::net::SocketAddr>,
    /// Reconcile only the repos whose name hashes to K of N (0 <= K < N).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<aetheredge::watch::shard::Shard>,
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// One tick per repo, then exit (2 when a repo failed).
    #[arg(long)]
    pub once: bool,
    /// Seconds that in-flight reconciles get to finish after SIGTERM or SIGINT.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub shutdown_timeout: u64,
    #[command(flatten)]
    pub worker: WorkerArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct ActionArgs {
    /// The checked-out repository (needs both commits: check out with fetch-depth 0).
    #[arg(long, env = "GITHUB_WORKSPACE", default_value = ".")]
    pub repo: PathBuf,
    /// Exit 1 when a new finding is at or above this severity.
    #[arg(long, env = "INPUT_FAIL_ON")]
    pub fail_on: Option<FailOn>,
    /// What to do with the tool's earlier comments.
    #[arg(long, env = "INPUT_COMMENT_BEHAVIOR", value_enum, default_value_t = CommentBehavior::Update)]
    pub comment_behavior: CommentBehavior,
    /// Run only these deities (comma-separated: brahma,lakshmi,kali…); default: the config's.
    #[arg(long, env = "INPUT_DEITIES", value_delimiter = ',')]
    pub deities: Vec<String>,
    /// Post the pull-request comment (needs a token).
    #[arg(long, env = "INPUT_COMMENT", default_value_t = true, action = clap::ArgAction::Set)]
    pub comment: bool,
    /// Report a check run or commit status on the head commit (needs a token).
    #[arg(long, env = "INPUT_CHECK", default_value_t = true, action = clap::ArgAction::Set)]
    pub check: bool,
    /// The generated site's URL, linked from the comment.
    #[arg(long, env = "INPUT_SITE_URL")]
    pub site_url: Option<String>,
    /// The config file, relative to the repository root (default: aetheredge.yaml).
    #[arg(long, env = "INPUT_CONFIG_PATH")]
    pub config_path: Option<String>,
    /// Also build the site of the head commit into this directory (replaced whole).
    #[arg(long, env = "INPUT_SITE_OUTPUT_DIR")]
    pub site_output_dir: Option<PathBuf>,
    /// A root module's recorded Terraform state (as `drift --state`): the comment says which
    /// drift the change fixes or deepens.
    #[arg(long, env = "INPUT_STATE")]
    pub state: Option<String>,
    /// The root module of --state (default `.`).
    #[arg(long, env = "INPUT_STATE_ROOT")]
    pub state_root: Option<String>,
    /// Compare with the states of the config's `drift.roots` too.
    #[arg(long, env = "INPUT_DRIFT", default_value_t = false, action = clap::ArgAction::Set)]
    pub drift: bool,
    /// Review in a worker process under the limits below, so that a change that exhausts
    /// memory or CPU gets a comment and a check saying so instead of a crashed step.
    /// On by default on Linux, where the limits are set with setrlimit.
    #[arg(long, env = "INPUT_ISOLATED", default_value_t = cfg!(target_os = "linux"), action = clap::ArgAction::Set)]
    pub isolated: bool,
    #[command(flatten)]
    pub worker: WorkerArgs,
}

#[derive(clap::Args)]
pub struct ScanArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The revision to scan (alias of --head).
    #[arg(long)]
    pub rev: Option<String>,
    /// Scan only what the change from this base adds.
    #[arg(long)]
    pub base: Option<String>,
    /// The head revision.
    #[arg(long, default_value = "HEAD")]
    pub head: String,
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Exit 1 when a new finding is at or above this severity (critical, high, medium, low, info, none).
    #[arg(long)]
    pub fail_on: Option<FailOn>,
    /// Print Kali's rules (id, severity, Checkov id, title, frameworks) and exit; with
    /// --format json, every field.
    #[arg(long)]
    pub list_rules: bool,
    /// The config file, relative to the repository root (default: aetheredge.yaml), read
    /// from the base as that file is.
    #[arg(long)]
    pub config_path: Option<String>,
}

#[derive(clap::Args)]
pub struct DocsArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The revision to document; without it, the files on disk (what a pre-commit hook sees).
    #[arg(long)]
    pub rev: Option<String>,
    /// The output format (terraform-docs' names); default: the module's
    /// `.terraform-docs.yml` `formatter`, else markdown (tables). Without --module, markdown
    /// is an overview of every module (all columns, required inputs first, no anchors), json
    /// the repo's document, and the other formats need --module.
    #[arg(long)]
    pub format: Option<String>,
    /// Document this module directory only (`.` for the repo root), exactly as
    /// terraform-docs would.
    #[arg(long)]
    pub module: Option<String>,
    /// Write the docs into each module's file: its `.terraform-docs.yml` `output.file`
    /// (inject or replace, between `<!-- BEGIN_TF_DOCS -->` and `<!-- END_TF_DOCS -->`),
    /// else the README.md's markers: those, or `<!-- BEGIN_AETHEREDGE_DOCS -->` and
    /// `<!-- END_AETHEREDGE_DOCS -->`.
    #[arg(long, conflicts_with = "check")]
    pub inject: bool,
    /// Exit 1, naming them, when a README's docs between the markers are stale.
    #[arg(long)]
    pub check: bool,
    /// Document the modules under the module's `recursive.path` (default `modules`) too,
    /// each into its own `output.file` (as terraform-docs' --recursive): written, or
    /// checked with --check.
    #[arg(long)]
    pub recursive: bool,
    /// The directory --recursive finds modules in, relative to the module.
    #[arg(long)]
    pub recursive_path: Option<String>,
    /// Show each output's value (terraform-docs' --output-values), read from
    /// --output-values-from or the config's `output-values.from`.
    #[arg(long)]
    pub output_values: bool,
    /// A `terraform output -json` file giving the outputs' values.
    #[arg(long)]
    pub output_values_from: Option<PathBuf>,
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PolicyCommand {
    #[command(subcommand)]
    pub action: Option<PolicyAction>,
    #[command(flatten)]
    pub args: PolicyArgs,
}

#[derive(Subcommand)]
pub enum PolicyAction {
    /// Run the Rego tests (`test_` rules) of a policy directory, or of the built-in library.
    Test {
        /// A directory of .rego files; the built-in library when omitted.
        dir: Option<PathBuf>,
        /// A JSON or YAML file, or a directory of them, loaded under `data.` (repeatable),
        /// as conftest verify's --data.
        #[arg(long, short = 'd')]
        data: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
pub struct PolicyArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The revision to evaluate.
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    /// Output format (`--output`/`-o`, as conftest names it, works too).
    #[arg(long, visible_alias = "output", short = 'o', value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Where the policies are, as conftest's --policy/-p (repeatable): a directory of the
    /// reviewed tree (instead of `policy/` and `policies/`), else a directory on disk whose
    /// `.rego` files run beside the tree's.
    #[arg(long, short = 'p')]
    pub policy: Vec<PathBuf>,
    /// Run the rules of this package (repeatable; default `main`), as conftest's --namespace.
    #[arg(long, conflicts_with = "all_namespaces")]
    pub namespace: Vec<String>,
    /// Run the rules of every package, as conftest's --all-namespaces.
    #[arg(long)]
    pub all_namespaces: bool,
    /// A JSON or YAML file, or a directory of them, loaded under `data.` (repeatable), as
    /// conftest's --data: a path of the reviewed tree, else a path on disk.
    #[arg(long, short = 'd')]
    pub data: Vec<PathBuf>,
    /// Give policies every configuration file at once, as conftest's --combine:
    /// `input` is `[{"path": …, "contents": …}]`.
    #[arg(long)]
    pub combine: bool,
    /// Read every configuration file with this parser (yaml, json, toml, hcl2, hcl1), as
    /// conftest's --parser; by default each file's extension picks it.
    #[arg(long)]
    pub parser: Option<String>,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long)]
    pub fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub workflow annotations (`::error file=…,line=…::…`).
    Github,
    /// TAP version 13, one `not ok` line per finding.
    Tap,
    /// JUnit XML, one failing test case per finding.
    Junit,
}

#[derive(clap::Args)]
pub struct CostArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The revision to price.
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    #[arg(long, value_enum, default_value_t = CostFormat::Table)]
    pub format: CostFormat,
}

#[derive(clap::Args)]
pub struct DriftArgs {
    /// A directory inside a git repository, a bare repository, or a plain directory.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The revision whose code is compared.
    #[arg(long, default_value = "HEAD")]
    pub rev: String,
    /// The state: a file (`terraform state pull` or `terraform show -json` output), an
    /// http(s):// address (Terraform's http backend), s3://BUCKET/KEY, gs://BUCKET/OBJECT or
    /// azblob://ACCOUNT/CONTAINER/BLOB. Without it, the roots of the config's `drift.roots`.
    #[arg(long)]
    pub state: Option<String>,
    /// The root module's directory (default `.`); with the config's roots, only that one.
    #[arg(long)]
    pub root: Option<String>,
    /// A non-default workspace of the state's backend.
    #[arg(long, requires = "state")]
    pub workspace: Option<String>,
    #[arg(long, value_enum, default_value_t = DriftFormat::Markdown)]
    pub format: DriftFormat,
    /// The config file, relative to the repository root (default: aetheredge.yaml).
    #[arg(long)]
    pub config_path: Option<String>,
}

#[derive(clap::Args)]
pub struct HealArgs {
    #[command(flatten)]
    pub drift: DriftArgs,
    /// The branch the healing commit is written on (created, or moved to it).
    #[arg(long)]
    pub branch: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DriftFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CostFormat {
    Table,
    Json,
}

#[derive(Subcommand)]
pub enum PricingCommand {
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
pub enum BlueprintCommand {
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
pub enum RenderTarget {
    Terraform,
    Ansible,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ImportProvider {
    Aws,
    Azure,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub workflow annotation lines (`::error file=…,line=…::…`).
    Annotations,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(args: &[&str]) -> Command {
        Cli::try_parse_from(std::iter::once("aetheredge").chain(args.iter().copied()))
            .expect("arguments parse")
            .command
    }

    /// Commands that may reach GitHub keep the system's certificates; the others skip them.
    #[test]
    fn only_commands_that_reach_a_server_use_the_network() {
        assert!(!command(&["review", "--base", "main"]).uses_network());
        assert!(!command(&["plan"]).uses_network());
        assert!(!command(&["site", "--out", "site"]).uses_network());
        assert!(command(&["review", "--github", "acme/infra", "--pr", "7"]).uses_network());
        assert!(command(&["plan", "--github", "acme/infra"]).uses_network());
        assert!(command(&["action"]).uses_network());
        assert!(command(&["watch", "--config", "bot.yaml"]).uses_network());
        assert!(!command(&["worker", "review", "--request", "{}"]).uses_network());
    }
}

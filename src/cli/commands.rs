//! What each subcommand does: call the library, print its result, choose the exit code.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use aetheredge::config::FailOn;
use aetheredge::github::{self, Publish, RepoName};
use aetheredge::policy::{library, testing};
use aetheredge::pricing::catalog::Catalog;
use aetheredge::pricing::import::{self, OVERRIDE_DIR};
use aetheredge::report::sarif::RuleMeta;
use aetheredge::report::{
    annotations, breakdown, findings_table, markdown, sarif, DeityName, Report,
};
use aetheredge::review::{review, Namespaces, ReviewRequest};

use super::args::*;

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

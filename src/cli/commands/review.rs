//! Reviews from the command line, as a GitHub Action step, and the reconciler: the commands that may post to GitHub.

use std::process::ExitCode;

use aetheredge::github::{self, Publish, RepoName};
use aetheredge::report::DeityName;
use aetheredge::review::{review, ReviewRequest, StateRequest};
use aetheredge::worker::{Isolation, Outcome, WorkerLimits, WorkerStopped};

use super::print_report;
use crate::cli::args::*;

pub(super) fn review_command(
    args: ReviewArgs,
    only: Option<Vec<DeityName>>,
) -> anyhow::Result<ExitCode> {
    let report = review(&ReviewRequest {
        repo: args.repo.clone(),
        base: args.base,
        head: Some(args.head),
        // A one-deity verb (`scan`) still says which files it could not read.
        report_unparsed: only.is_some(),
        states: state_requests(args.state.as_deref(), args.state_root.as_deref()),
        config_states: args.drift,
        only,
        fail_on: args.fail_on,
        namespaces: None,
        config_path: args.config_path.clone(),
    })?;
    print_report(&report, args.format, args.github.site_url.as_deref())?;
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

pub(super) fn watch_command(args: WatchArgs) -> anyhow::Result<ExitCode> {
    let summary = aetheredge::watch::run(aetheredge::watch::Options {
        config: args.config,
        listen: args.listen,
        shard: args.shard,
        once: args.once,
        shutdown_timeout: std::time::Duration::from_secs(args.shutdown_timeout),
        limits: args.worker.overrides(),
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
        Some(Outcome::NotPosted) => {
            eprintln!("no comment posted: the change touches no infrastructure file")
        }
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

/// Publishes from the Action with `publish` when the step has a repository and a token and
/// asks for the comment or the check; returns the comment's URL.
fn action_publish(
    args: &ActionArgs,
    event: &github::action::Event,
    publish: impl FnOnce(&Publish) -> Result<github::Published, github::GitHubError>,
) -> anyhow::Result<Option<String>> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let has_credentials = env("GITHUB_TOKEN").is_some() || env("GITHUB_APP_ID").is_some();
    let repository: Option<RepoName> = env("GITHUB_REPOSITORY").map(|r| r.parse()).transpose()?;
    match (repository, has_credentials) {
        (Some(repository), true) if args.comment || args.check => {
            let published = publish(&Publish {
                repository,
                pr: event.pr.filter(|_| args.comment),
                behavior: args.comment_behavior,
                check: args.check,
                site_url: args.site_url.clone(),
                local_repo: Some(args.repo.clone()),
            })?;
            describe_published(&published);
            Ok(published
                .comment
                .as_ref()
                .and_then(|c| c.url().map(str::to_string)))
        }
        (_, false) if args.comment || args.check => {
            eprintln!("no GITHUB_TOKEN: the comment and the check are skipped (pass github-token)");
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// The Action's step when the review's worker was stopped at a limit: an error annotation,
/// the step summary, the comment and the check say so and how to raise the limit; the
/// site is not built (it would evaluate the same input); the step fails.
fn action_stopped(
    args: &ActionArgs,
    event: &github::action::Event,
    stopped: &WorkerStopped,
) -> anyhow::Result<ExitCode> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let limit = stopped.limit;
    println!(
        "::error title=AetherEdge::{}. Raise it with the input {} (env {}).",
        stopped.title(),
        limit.flag().trim_start_matches("--"),
        limit.env()
    );
    if let Some(summary) = env("GITHUB_STEP_SUMMARY") {
        github::action::append(
            std::path::Path::new(&summary),
            &github::comment::compose_stopped(stopped, &event.head),
        )?;
    }
    let comment_url = action_publish(args, event, |target| {
        github::publish_stopped_blocking(stopped, &event.head, target)
    })?;
    if let Some(dir) = &args.site_output_dir {
        eprintln!(
            "the site is not built into {}: the review was stopped",
            dir.display()
        );
    }
    if let Some(output) = env("GITHUB_OUTPUT") {
        let outputs = [
            ("failed", "true"),
            ("stopped", limit.as_str()),
            ("head-sha", &event.head),
            ("comment-url", comment_url.as_deref().unwrap_or_default()),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        github::action::write_outputs(std::path::Path::new(&output), &outputs)?;
    }
    eprintln!("{}", stopped.title());
    Ok(ExitCode::from(1))
}

/// `aetheredge action`: everything a workflow step needs, from the environment.
pub(super) fn action_command(args: ActionArgs) -> anyhow::Result<ExitCode> {
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
    let request = ReviewRequest {
        repo: args.repo.clone(),
        base: event.base.clone(),
        head: Some(event.head.clone()),
        only,
        fail_on: args.fail_on,
        namespaces: None,
        config_path: args.config_path.clone(),
        report_unparsed: false,
        states: state_requests(args.state.as_deref(), args.state_root.as_deref()),
        config_states: args.drift,
    };
    let outcome = if args.isolated {
        let limits = WorkerLimits::default().with(args.worker.overrides());
        Isolation::this_program(limits)?.review(&request)?
    } else {
        Outcome::Reviewed(Box::new(review(&request)?))
    };
    let report = match outcome {
        Outcome::Reviewed(report) => report,
        Outcome::Stopped(stopped) => return action_stopped(&args, &event, &stopped),
    };
    // Annotations go to stdout, where the runner reads workflow commands.
    print_report(&report, Format::Annotations, None)?;
    if let Some(summary) = env("GITHUB_STEP_SUMMARY") {
        github::action::append(
            std::path::Path::new(&summary),
            &github::comment::compose(&report, args.site_url.as_deref()),
        )?;
    }
    let comment_url = action_publish(&args, &event, |target| {
        github::publish_blocking(&report, target)
    })?;
    // The site of the head, when asked for. A site that cannot be built still lets the
    // outputs be written; the step fails after them.
    let site = args.site_output_dir.as_ref().map(|dir| {
        aetheredge::site::build_judged(
            &args.repo,
            &event.head,
            event.base.as_deref(),
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

/// The state a review compares with (`--state`, the Action's `state` input), for its root
/// (`--state-root`, default the repository root).
fn state_requests(source: Option<&str>, root: Option<&str>) -> Vec<StateRequest> {
    source
        .map(|source| StateRequest {
            root: root.unwrap_or(".").to_string(),
            source: source.to_string(),
            workspace: None,
        })
        .into_iter()
        .collect()
}

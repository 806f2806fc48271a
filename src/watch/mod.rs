//! `aetheredge watch`: the long-running reconciler. For each repo of `bot.yaml` ([`config`])
//! this process owns ([`shard`]), a loop wakes on the repo's cron schedule or a webhook
//! ([`server`]) and reconciles: fetch the source ([`source`]); when the default branch has
//! moved, rebuild and publish the site ([`publish`]); list what to review ([`targets`]) and,
//! for each pull request or branch whose head differs from the sha its comment (or outbox
//! file, [`outbox`]) records, review it and bring the comment up to date. A repo with
//! `drift:` also has, on a schedule of its own, its code compared with its Terraform state
//! ([`drift`]).
//!
//! The comment (or outbox file) is the state, and the published site records its sha: a
//! restart, even after `kill -9`, picks up where the last run stopped without posting twice.
//! One reconcile per repo at a time (one loop per repo); at most `max_concurrent` at once
//! overall; a repo that fails is logged and counted ([`metrics`]) and the others go on.
//!
//! Each review runs in a worker process under the `worker:` limits ([`crate::worker`]) unless
//! its repo says `isolated: false`: a review stopped at a limit becomes the comment (or outbox
//! file) and the check saying so, is counted, and the other repos go on.
//!
//! What is cached: each repo reviewed in this process keeps an in-memory parse cache keyed
//! by git blob id across ticks (a file unchanged since the last review is not parsed again;
//! after a tick that reviewed, the files it did not use are dropped). Across restarts, what
//! persists is the state itself (markers and site records, keyed by commit ids), so nothing
//! already reviewed or published is redone.

pub mod config;
pub mod drift;
pub mod metrics;
pub mod outbox;
pub mod publish;
pub mod server;
pub mod shard;
pub mod source;
pub mod targets;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{watch, Notify, Semaphore};

use crate::github::comment::{self, Outcome};
use crate::github::{self, Client, Publish, RepoName};
use crate::worker::{Isolation, LimitOverrides, Outcome as Reviewed, WorkerError};
use aetheredge_core::config::FailOn;
use aetheredge_model::iac::ParseCache;
use aetheredge_review::{review_cached, ReviewError, ReviewRequest};
use config::{ConfigError, Loaded, Repo, SiteTarget};
use metrics::Metrics;
use server::{Readiness, Route, ServerState};
use shard::Shard;
use source::Source;
use targets::Target;

/// How `watch` runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub config: PathBuf,
    /// Serve /healthz, /readyz, /metrics and /webhook here; no server when absent.
    pub listen: Option<SocketAddr>,
    pub shard: Option<Shard>,
    /// One tick per repo, then return.
    pub once: bool,
    /// After SIGTERM or SIGINT, how long in-flight reconciles may take.
    pub shutdown_timeout: Duration,
    /// Limits of the review workers given on the command line, over `bot.yaml`'s.
    pub limits: LimitOverrides,
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot listen on {addr}: {source}; pick another --listen address")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start the runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot watch for SIGTERM: {0}")]
    Signal(std::io::Error),
    #[error(transparent)]
    Worker(#[from] WorkerError),
}

/// Why one step of a repo's tick failed. It is logged and counted; the repo's other targets
/// and the other repos go on.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReconcileError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: git2::Error,
    },
    #[error("the default branch {branch} is not in {path}: set `default_branch`")]
    NoDefaultBranch { branch: String, path: PathBuf },
    #[error(transparent)]
    Publish(#[from] publish::PublishError),
    #[error(transparent)]
    Worker(#[from] WorkerError),
    #[error(transparent)]
    Review(#[from] ReviewError),
    #[error(transparent)]
    GitHub(#[from] github::GitHubError),
    #[error(transparent)]
    Outbox(#[from] outbox::OutboxError),
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// The repos this process reconciled.
    pub repos: Vec<String>,
    /// Those whose last tick failed (with `--once`).
    pub failed: Vec<String>,
}

/// Runs the reconciler until a signal (or, with `once`, after one tick per repo).
pub fn run(options: Options) -> Result<Summary, WatchError> {
    let config = config::load(&options.config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(WatchError::Runtime)?;
    let summary = runtime.block_on(serve(config, options));
    // A reconcile still running past the shutdown deadline is abandoned here: sites and
    // outbox files are written atomically and comments are the state, so nothing is torn.
    runtime.shutdown_timeout(Duration::from_millis(100));
    summary
}

async fn serve(config: Loaded, options: Options) -> Result<Summary, WatchError> {
    let repos: Vec<Repo> = config
        .repos
        .iter()
        .filter(|r| options.shard.is_none_or(|s| s.owns(&r.name)))
        .cloned()
        .collect();
    tracing::info!(
        config = %config.path.display(),
        repos = repos.len(),
        of = config.repos.len(),
        shard = ?options.shard.map(|s| format!("{}/{}", s.index, s.count)),
        "watching"
    );
    let metrics = Arc::new(Metrics::default());
    let readiness = Arc::new(Readiness::default());
    readiness.total.store(repos.len(), Ordering::SeqCst);
    let permits = Arc::new(Semaphore::new(config.max_concurrent));
    let limits = config.worker.with(options.limits);
    let isolation = if repos.iter().any(|r| r.isolated) {
        Some(Isolation::this_program(limits)?)
    } else {
        None
    };
    if isolation.is_some() {
        tracing::info!(
            max_memory_mb = limits.max_memory_mb,
            max_cpu_seconds = limits.max_cpu_seconds,
            timeout_seconds = limits.timeout_seconds,
            "reviews run in worker processes"
        );
    }
    let workers: Vec<Arc<Worker>> = repos
        .iter()
        .map(|r| {
            Arc::new(Worker {
                source: Source::of(r, &config.state_dir),
                repo: r.clone(),
                state_dir: config.state_dir.clone(),
                cache: ParseCache::default(),
                isolation: isolation.clone().filter(|_| r.isolated),
                client: Mutex::new(None),
                metrics: metrics.clone(),
                wake: Arc::new(Notify::new()),
            })
        })
        .collect();
    let summary_names = workers.iter().map(|w| w.repo.name.clone()).collect();
    let (stop_tx, stop_rx) = watch::channel(false);

    if options.once {
        let mut set = tokio::task::JoinSet::new();
        for w in &workers {
            let (w, permits, readiness, stop) = (
                w.clone(),
                permits.clone(),
                readiness.clone(),
                stop_rx.clone(),
            );
            set.spawn(async move {
                let due = Due {
                    reconcile: true,
                    drift: w.repo.drift.is_some(),
                };
                let ok = run_tick(&w, &permits, &readiness, true, due, &stop).await;
                (w.repo.name.clone(), ok)
            });
        }
        let mut failed = Vec::new();
        while let Some(done) = set.join_next().await {
            if let Ok((name, false)) = done {
                failed.push(name);
            }
        }
        failed.sort();
        return Ok(Summary {
            repos: summary_names,
            failed,
        });
    }

    // Listen for signals before anything else runs, so none is missed.
    let signals = Signals::install()?;
    let (server_stop_tx, mut server_stop_rx) = watch::channel(false);
    let server = match options.listen {
        None => None,
        Some(addr) => {
            let secret = std::env::var(&config.webhook_secret_env)
                .ok()
                .filter(|s| !s.is_empty())
                .map(String::into_bytes);
            if secret.is_none() {
                tracing::warn!(
                    env = %config.webhook_secret_env,
                    "no webhook secret: POST /webhook is refused; schedules still run"
                );
            }
            let state = Arc::new(ServerState {
                metrics: metrics.clone(),
                readiness: readiness.clone(),
                secret,
                routes: workers
                    .iter()
                    .map(|w| Route {
                        name: w.repo.name.clone(),
                        github: w
                            .repo
                            .github
                            .as_ref()
                            .map(|(r, _)| r.to_string().to_ascii_lowercase()),
                        wake: w.wake.clone(),
                    })
                    .collect(),
            });
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|source| WatchError::Listen { addr, source })?;
            tracing::info!(%addr, "serving /healthz, /readyz, /metrics and /webhook");
            Some(tokio::spawn(async move {
                let stopped = async move {
                    let _ = server_stop_rx.wait_for(|s| *s).await;
                };
                if let Err(e) = axum::serve(listener, server::router(state))
                    .with_graceful_shutdown(stopped)
                    .await
                {
                    tracing::error!(error = %e, "the HTTP server stopped");
                }
            }))
        }
    };

    let loops: Vec<_> = workers
        .iter()
        .map(|w| {
            let (w, permits, readiness, stop) = (
                w.clone(),
                permits.clone(),
                readiness.clone(),
                stop_rx.clone(),
            );
            tokio::spawn(repo_loop(w, permits, readiness, stop))
        })
        .collect();

    signals.wait().await;
    tracing::info!(deadline = ?options.shutdown_timeout, "stopping: no new work; finishing what is in flight");
    readiness.shutting_down.store(true, Ordering::SeqCst);
    let _ = stop_tx.send(true);
    let all = async {
        for l in loops {
            let _ = l.await;
        }
    };
    if tokio::time::timeout(options.shutdown_timeout, all)
        .await
        .is_err()
    {
        tracing::warn!(deadline = ?options.shutdown_timeout, "reconciles still running at the deadline are abandoned");
    }
    let _ = server_stop_tx.send(true);
    if let Some(server) = server {
        let _ = tokio::time::timeout(Duration::from_secs(2), server).await;
    }
    tracing::info!("stopped");
    Ok(Summary {
        repos: summary_names,
        failed: Vec::new(),
    })
}

/// SIGTERM and SIGINT.
struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> Result<Signals, WatchError> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Signals {
                term: signal(SignalKind::terminate()).map_err(WatchError::Signal)?,
                int: signal(SignalKind::interrupt()).map_err(WatchError::Signal)?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => tracing::info!("SIGTERM"),
            _ = self.int.recv() => tracing::info!("SIGINT"),
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("SIGINT");
        }
    }
}

/// What one wake-up of a repo's loop runs: the reconcile (site and reviews), the drift
/// run, or both.
#[derive(Clone, Copy, Debug)]
struct Due {
    reconcile: bool,
    drift: bool,
}

/// One repo's loop: a tick (and a drift run, when the repo has `drift:`) at once, then each
/// on the times of its own schedule, and a reconcile on a webhook, until told to stop.
async fn repo_loop(
    worker: Arc<Worker>,
    permits: Arc<Semaphore>,
    readiness: Arc<Readiness>,
    mut stop: watch::Receiver<bool>,
) {
    let mut first = true;
    loop {
        let mut due = Due {
            reconcile: true,
            drift: worker.repo.drift.is_some(),
        };
        if !first {
            let tick_at = worker.repo.schedule.upcoming(chrono::Utc).next();
            let drift_at = worker
                .repo
                .drift
                .as_ref()
                .and_then(|d| d.schedule.upcoming(chrono::Utc).next());
            let wait = [tick_at, drift_at]
                .into_iter()
                .flatten()
                .min()
                .and_then(|t| (t - chrono::Utc::now()).to_std().ok())
                .unwrap_or(Duration::from_secs(24 * 3600));
            let woken = tokio::select! {
                _ = tokio::time::sleep(wait) => false,
                _ = worker.wake.notified() => true,
                _ = stop.changed() => false,
            };
            let now = chrono::Utc::now();
            due = Due {
                reconcile: woken || tick_at.is_some_and(|t| t <= now),
                drift: drift_at.is_some_and(|t| t <= now),
            };
        }
        if *stop.borrow() {
            break;
        }
        if due.reconcile || due.drift {
            run_tick(&worker, &permits, &readiness, first, due, &stop).await;
        }
        first = false;
    }
}

/// Runs one tick of `worker` when a permit is free; returns whether it succeeded.
async fn run_tick(
    worker: &Arc<Worker>,
    permits: &Semaphore,
    readiness: &Readiness,
    first: bool,
    due: Due,
    stop: &watch::Receiver<bool>,
) -> bool {
    let Ok(_permit) = permits.acquire().await else {
        return false;
    };
    if *stop.borrow() {
        return false;
    }
    if first {
        readiness.started.fetch_add(1, Ordering::SeqCst);
    }
    let handle = tokio::runtime::Handle::current();
    let w = worker.clone();
    let ok = tokio::task::spawn_blocking(move || w.tick(&handle, due))
        .await
        .unwrap_or(false);
    worker.metrics.tick(&worker.repo.name, ok);
    ok
}

/// A repo and what its ticks keep between them.
struct Worker {
    repo: Repo,
    source: Source,
    state_dir: PathBuf,
    cache: ParseCache,
    /// Where reviews run when the repo is `isolated`; in this process when none.
    isolation: Option<Isolation>,
    client: Mutex<Option<Client>>,
    metrics: Arc<Metrics>,
    wake: Arc<Notify>,
}

impl Worker {
    /// One reconcile; errors are logged and counted here. Returns whether all went well.
    fn tick(&self, handle: &tokio::runtime::Handle, due: Due) -> bool {
        let span = tracing::info_span!("reconcile", repo = %self.repo.name);
        let _entered = span.enter();
        let started = Instant::now();
        if let Err(e) = self.source.sync(&self.repo) {
            tracing::error!(error = %e, "cannot read the source: this repo is skipped until the next tick");
            self.metrics.error(&self.repo.name, "source");
            return false;
        }
        let mut ok = true;
        // The drift run first: it publishes the site with its drift, which the reconcile then
        // finds up to date.
        if let (true, Some(watch)) = (due.drift, &self.repo.drift) {
            ok &= self.drift(handle, watch);
        }
        let mut parsed_files = 0;
        if due.reconcile {
            if let Some(target) = &self.repo.site {
                if let Err(e) = self.reconcile_site(target) {
                    tracing::error!(error = %e, "the site was not published");
                    self.metrics.error(&self.repo.name, "site");
                    ok = false;
                }
            }
            let parsed_before = self.cache.parsed();
            let (reviews_ok, reviewed) = self.reconcile_reviews(handle);
            ok &= reviews_ok;
            parsed_files = self.cache.parsed() - parsed_before;
            self.metrics.parsed(&self.repo.name, parsed_files);
            if reviewed > 0 {
                // Keep what these reviews used; drop what earlier ones used and these did not.
                self.cache.retire_unused();
            }
        }
        tracing::info!(elapsed = ?started.elapsed(), ok, parsed_files, cached_files = self.cache.len(), "reconciled");
        ok
    }

    fn default_branch_sha(&self) -> Result<String, ReconcileError> {
        let git =
            git2::Repository::open(&self.source.path).map_err(|source| ReconcileError::Open {
                path: self.source.path.clone(),
                source,
            })?;
        let rev = format!("refs/heads/{}", self.repo.default_branch);
        git.revparse_single(&rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id().to_string())
            .map_err(|_| ReconcileError::NoDefaultBranch {
                branch: self.repo.default_branch.clone(),
                path: self.source.path.clone(),
            })
    }

    fn reconcile_site(&self, target: &SiteTarget) -> Result<(), ReconcileError> {
        let sha = self.default_branch_sha()?;
        let published =
            publish::published_sha(target, &self.source, &self.state_dir, &self.repo.name);
        if published.as_deref() == Some(sha.as_str()) {
            tracing::debug!(%sha, "the site is up to date");
            return Ok(());
        }
        let span = tracing::info_span!("site", %sha);
        let _entered = span.enter();
        let started = Instant::now();
        let pages = publish::publish(
            target,
            &self.source,
            &sha,
            &self.state_dir,
            &self.repo.name,
            self.site_drift(),
        )?;
        self.metrics.published(&self.repo.name);
        tracing::info!(pages, elapsed = ?started.elapsed(), "published the site");
        Ok(())
    }

    /// What the site's Drift page shows: this watcher's last drift run when the repo has
    /// `drift:`, else a comparison made when the site is built (as `aetheredge site` does).
    fn site_drift(&self) -> crate::site::drift::DriftInput {
        match &self.repo.drift {
            Some(_) => drift::Records::of(&self.state_dir, &self.repo.name).site_input(),
            None => crate::site::drift::DriftInput::FromConfig,
        }
    }

    /// The GitHub client, made on first use.
    fn client(
        &self,
        handle: &tokio::runtime::Handle,
        repository: &RepoName,
    ) -> Result<Client, github::GitHubError> {
        let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = slot.as_ref() {
            return Ok(c.clone());
        }
        let auth = github::auth_from_env()?;
        let client = handle.block_on(Client::new(
            &github::api_url_from_env(),
            auth,
            github::Policy::from_env(),
            Some(&repository.to_string()),
        ))?;
        self.metrics.track_github(client.stats().clone());
        *slot = Some(client.clone());
        Ok(client)
    }

    /// Reviews what needs it; returns whether all went well, and how many were reviewed.
    fn reconcile_reviews(&self, handle: &tokio::runtime::Handle) -> (bool, usize) {
        let name = &self.repo.name;
        let (list, github) = match &self.repo.github {
            Some((repository, check)) => {
                let client = match self.client(handle, repository) {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::error!(error = %e, "cannot talk to GitHub");
                        self.metrics.error(name, "github");
                        return (false, 0);
                    }
                };
                (
                    handle.block_on(targets::pull_requests(&client, repository)),
                    Some((client, repository, *check)),
                )
            }
            None => (targets::branches(&self.source.path, &self.repo), None),
        };
        let list = match list {
            Ok(l) => l,
            Err(e) => {
                tracing::error!(error = %e, "cannot list what to review");
                self.metrics.error(name, "targets");
                return (false, 0);
            }
        };
        let mut ok = true;
        let mut reviewed = 0;
        for target in &list {
            let span = tracing::info_span!("review", pr = target.pr, branch = %target.branch, sha = %target.head_sha);
            let _entered = span.enter();
            let result = match &github {
                Some((client, repository, check)) => {
                    self.review_pull_request(handle, client, repository, *check, target)
                }
                None => self.review_branch(target),
            };
            match result {
                Ok(true) => reviewed += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::error!(error = %e, "the review failed");
                    self.metrics.error(name, "review");
                    ok = false;
                }
            }
        }
        if github.is_none() && self.repo.branches.is_some() {
            let keep: Vec<String> = list.iter().map(Target::outbox_file).collect();
            for removed in outbox::prune(&self.repo.outbox, &keep) {
                tracing::info!(file = %removed, "removed the outbox file of a branch that is gone");
            }
        }
        (ok, reviewed)
    }

    /// Reviews `target` in a worker (an isolated repo) or in this process. A stopped worker
    /// is counted here.
    fn run_review(&self, target: &Target) -> Result<Reviewed, ReconcileError> {
        let request = ReviewRequest {
            repo: self.source.path.clone(),
            base: Some(target.base.clone()),
            head: Some(target.head_sha.clone()),
            fail_on: Some(FailOn::None),
            ..ReviewRequest::default()
        };
        let outcome = match &self.isolation {
            Some(isolation) => isolation.review(&request)?,
            None => Reviewed::Reviewed(Box::new(review_cached(&request, &self.cache)?)),
        };
        if let Reviewed::Stopped(stopped) = &outcome {
            self.metrics
                .stopped(&self.repo.name, stopped.limit.as_str());
        }
        Ok(outcome)
    }

    fn review_pull_request(
        &self,
        handle: &tokio::runtime::Handle,
        client: &Client,
        repository: &RepoName,
        check: bool,
        target: &Target,
    ) -> Result<bool, ReconcileError> {
        let pr = target.pr.unwrap_or_default();
        let own = handle.block_on(comment::find_own(client, repository, pr))?;
        if own.last().is_some_and(|c| c.head == target.head_sha) {
            tracing::debug!("the comment describes this head: nothing to do");
            return Ok(false);
        }
        let started = Instant::now();
        let destination = Publish {
            repository: repository.clone(),
            pr: Some(pr),
            behavior: github::CommentBehavior::Update,
            check,
            site_url: self.repo.site_url.clone(),
            local_repo: Some(self.source.path.clone()),
        };
        let published = match self.run_review(target)? {
            Reviewed::Reviewed(report) => {
                handle.block_on(github::publish(client, &report, &destination))
            }
            Reviewed::Stopped(stopped) => handle.block_on(github::publish_stopped(
                client,
                &stopped,
                &target.head_sha,
                &destination,
            )),
        }?;
        let outcome = match published.comment {
            Some(Outcome::Created { .. } | Outcome::Updated { .. }) => "written",
            Some(Outcome::Unchanged { .. } | Outcome::NotPosted) | None => "unchanged",
            Some(Outcome::Newer { .. }) => "newer",
        };
        self.metrics
            .review(&self.repo.name, outcome, started.elapsed().as_secs_f64());
        tracing::info!(outcome, elapsed = ?started.elapsed(), "reviewed the pull request");
        Ok(true)
    }

    fn review_branch(&self, target: &Target) -> Result<bool, ReconcileError> {
        let file = target.outbox_file();
        if outbox::recorded_head(&self.repo.outbox, &file).as_deref()
            == Some(target.head_sha.as_str())
        {
            tracing::debug!("the outbox file describes this head: nothing to do");
            return Ok(false);
        }
        let started = Instant::now();
        let (body, post_new) = match self.run_review(target)? {
            Reviewed::Reviewed(report) => (
                comment::compose(&report, self.repo.site_url.as_deref()),
                comment::posts_new(&report),
            ),
            Reviewed::Stopped(stopped) => {
                (comment::compose_stopped(&stopped, &target.head_sha), true)
            }
        };
        // As with a comment: no new file when the repo wants none, but an earlier one is updated.
        let wanted = post_new || self.repo.outbox.join(&file).exists();
        let changed = wanted && outbox::write(&self.repo.outbox, &file, &body)?;
        let outcome = if changed { "written" } else { "unchanged" };
        self.metrics
            .review(&self.repo.name, outcome, started.elapsed().as_secs_f64());
        tracing::info!(outcome, file = %self.repo.outbox.join(&file).display(), elapsed = ?started.elapsed(), "reviewed the branch");
        Ok(true)
    }
}

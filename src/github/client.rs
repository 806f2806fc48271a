//! The one place that talks to GitHub: an octocrab client, a request method that retries on
//! 5xx and network errors with exponential backoff and jitter, waits out the primary
//! (`x-ratelimit-remaining: 0` until `x-ratelimit-reset`) and the secondary (403/429 with
//! `retry-after`) rate limits, and never retries a `POST` whose outcome is unknown: that is
//! reported as [`GitHubError::Uncertain`] so the caller can look for what it may have created.
//!
//! Nothing here logs or returns a header value, a token or a request body.

use std::time::Duration;

use http::{Method, StatusCode};
use octocrab::Octocrab;
use serde_json::Value;

use super::GitHubError;

/// `https://api.github.com`, used when `GITHUB_API_URL` is not set.
pub(crate) const DEFAULT_API_URL: &str = "https://api.github.com";

/// How a client authenticates.
#[derive(Clone)]
pub enum Auth {
    /// A token: `GITHUB_TOKEN` in a workflow, or a personal access token.
    Token(String),
    /// A GitHub App: a JWT signed with its private key buys an installation token, which
    /// is renewed before it expires (see [`super::app`]).
    App(super::app::AppCredentials),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Token(_) => f.write_str("Auth::Token(<redacted>)"),
            Auth::App(app) => write!(f, "Auth::App(app id {})", app.app_id),
        }
    }
}

/// Retries and timeouts.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Retries after the first attempt, for 5xx and network errors.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, plus up to 50% jitter.
    pub base_delay: Duration,
    /// No backoff waits longer than this.
    pub max_delay: Duration,
    /// A rate limit that resets later than this is an error rather than a wait.
    pub max_rate_limit_wait: Duration,
    /// One request, response body included, may take this long.
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            max_retries: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_rate_limit_wait: Duration::from_secs(15 * 60),
            timeout: Duration::from_secs(30),
        }
    }
}

impl Policy {
    /// The defaults, with `AETHEREDGE_GITHUB_TIMEOUT_MS`, `AETHEREDGE_GITHUB_RETRY_BASE_MS`
    /// and `AETHEREDGE_GITHUB_RETRIES` applied when set.
    pub(crate) fn from_env() -> Policy {
        let mut policy = Policy::default();
        let ms = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        if let Some(v) = ms("AETHEREDGE_GITHUB_TIMEOUT_MS") {
            policy.timeout = Duration::from_millis(v.max(1));
        }
        if let Some(v) = ms("AETHEREDGE_GITHUB_RETRY_BASE_MS") {
            policy.base_delay = Duration::from_millis(v);
        }
        if let Some(v) = ms("AETHEREDGE_GITHUB_RETRIES") {
            policy.max_retries = v.min(20) as u32;
        }
        policy
    }

    /// The wait before retry number `attempt` (1-based): exponential, with jitter.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(self.max_delay);
        let jitter = capped.mul_f64(jitter_fraction() * 0.5);
        (capped + jitter).min(self.max_delay)
    }
}

/// A number in [0, 1) that differs between calls, from the standard library's random hasher
/// keys (no extra dependency for a little jitter).
fn jitter_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// An answer from GitHub.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    /// The `rel="next"` link of a paginated list, as a path and query relative to the API base.
    pub next: Option<String>,
}

/// A GitHub REST and GraphQL client.
#[derive(Clone)]
pub struct Client {
    rest: Octocrab,
    graphql: Octocrab,
    api_url: String,
    policy: Policy,
    app: bool,
    stats: std::sync::Arc<CallStats>,
}

/// What a client has sent and been told, for a long-running process's metrics.
#[derive(Debug)]
pub(crate) struct CallStats {
    /// Requests sent (each attempt counts).
    pub requests: std::sync::atomic::AtomicU64,
    /// Attempts that failed: no answer, a 5xx, or a rate limit.
    pub failures: std::sync::atomic::AtomicU64,
    /// The last `x-ratelimit-remaining` GitHub sent; -1 before any.
    pub rate_limit_remaining: std::sync::atomic::AtomicI64,
}

impl Default for CallStats {
    fn default() -> CallStats {
        CallStats {
            requests: Default::default(),
            failures: Default::default(),
            rate_limit_remaining: std::sync::atomic::AtomicI64::new(-1),
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api_url", &self.api_url)
            .field("app", &self.app)
            .finish_non_exhaustive()
    }
}

/// What went wrong with one attempt, and whether trying again is safe.
enum Attempt {
    Done(Reply),
    /// Not processed (rate limit): wait this long and send again, whatever the method.
    WaitAndResend(Duration),
    /// 5xx or a network error or timeout: GitHub may or may not have acted.
    Transient(String),
}

impl Client {
    /// A client for `api_url` (`GITHUB_API_URL`; a GitHub Enterprise Server's ends in `/api/v3`).
    /// With App auth, `repository` (`OWNER/NAME`) finds the installation when no id was given.
    pub async fn new(
        api_url: &str,
        auth: Auth,
        policy: Policy,
        repository: Option<&str>,
    ) -> Result<Client, GitHubError> {
        let api_url = api_url.trim_end_matches('/').to_string();
        let graphql_url = graphql_base(&api_url);
        let builder = |base: &str| -> Result<_, GitHubError> {
            Octocrab::builder()
                .base_uri(base)
                .map_err(|_| GitHubError::BadApiUrl { url: base.into() })
                .map(|b| {
                    b.set_connect_timeout(Some(policy.timeout))
                        .set_read_timeout(Some(policy.timeout))
                })
        };
        let build_error = |e: octocrab::Error| GitHubError::Client {
            reason: e.to_string(),
        };
        let (rest, graphql, app) = match auth {
            Auth::Token(token) => (
                builder(&api_url)?
                    .personal_token(token.clone())
                    .build()
                    .map_err(build_error)?,
                builder(&graphql_url)?
                    .personal_token(token)
                    .build()
                    .map_err(build_error)?,
                false,
            ),
            Auth::App(creds) => {
                let key = creds.encoding_key()?;
                let as_app = builder(&api_url)?
                    .app(octocrab::models::AppId(creds.app_id), key.clone())
                    .build()
                    .map_err(build_error)?;
                let installation = match creds.installation_id {
                    Some(id) => id,
                    None => {
                        let repository = repository.ok_or(GitHubError::NoInstallation {
                            repository: "(none given)".into(),
                        })?;
                        super::app::find_installation(&as_app, repository, &policy).await?
                    }
                };
                let id = octocrab::models::InstallationId(installation);
                let graphql_app = builder(&graphql_url)?
                    .app(octocrab::models::AppId(creds.app_id), key)
                    .build()
                    .map_err(build_error)?;
                (
                    as_app.installation(id).map_err(build_error)?,
                    graphql_app.installation(id).map_err(build_error)?,
                    true,
                )
            }
        };
        Ok(Client {
            rest,
            graphql,
            api_url,
            policy,
            app,
            stats: Default::default(),
        })
    }

    /// What this client (and its clones) has sent so far.
    pub(crate) fn stats(&self) -> &std::sync::Arc<CallStats> {
        &self.stats
    }

    /// The API base URL this client talks to.
    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Sends a REST request to `path` (relative to the API base), retrying what is safe to
    /// retry. A status of 400 and above, after retries, is an error naming the request.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Reply, GitHubError> {
        let reply = self
            .request_any(&self.rest, method.clone(), path, body)
            .await?;
        if reply.status.is_success() {
            Ok(reply)
        } else {
            Err(GitHubError::Status {
                method: method.to_string(),
                path: path.to_string(),
                status: reply.status.as_u16(),
                message: reply.body["message"]
                    .as_str()
                    .unwrap_or("(no message)")
                    .to_string(),
            })
        }
    }

    /// A GraphQL query or mutation; errors in the answer's `errors` are returned as one.
    pub async fn graphql(&self, query: &str, variables: Value) -> Result<Value, GitHubError> {
        let body = serde_json::json!({ "query": query, "variables": variables });
        let reply = self
            .request_any(&self.graphql, Method::POST, "/graphql", Some(&body))
            .await?;
        if !reply.status.is_success() {
            return Err(GitHubError::Status {
                method: "POST".into(),
                path: "/graphql".into(),
                status: reply.status.as_u16(),
                message: reply.body["message"].as_str().unwrap_or("").to_string(),
            });
        }
        if let Some(errors) = reply.body["errors"].as_array().filter(|e| !e.is_empty()) {
            let messages: Vec<&str> = errors
                .iter()
                .filter_map(|e| e["message"].as_str())
                .collect();
            return Err(GitHubError::GraphQl {
                message: messages.join("; "),
            });
        }
        Ok(reply.body["data"].clone())
    }

    /// Every item of a paginated list, following `Link: rel="next"` to the last page.
    pub(crate) async fn list_all(&self, path: &str) -> Result<Vec<Value>, GitHubError> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{path}{sep}per_page=100"));
        let mut items = Vec::new();
        let mut pages = 0;
        while let Some(page) = next.take() {
            pages += 1;
            let reply = self.request(Method::GET, &page, None).await?;
            match reply.body {
                Value::Array(list) => items.extend(list),
                _ => {
                    return Err(GitHubError::Unexpected {
                        path: page,
                        expected: "a JSON array",
                    })
                }
            }
            // A server that links a page to itself would loop forever: GitHub caps lists anyway.
            if pages < 1000 {
                next = reply.next;
            }
        }
        tracing::debug!(path, pages, items = items.len(), "listed");
        Ok(items)
    }

    async fn request_any(
        &self,
        crab: &Octocrab,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Reply, GitHubError> {
        let retries_unknown_outcome = method != Method::POST;
        let mut transient_failures = 0;
        let mut rate_limit_waits = 0;
        loop {
            if self.app {
                // Renew the installation token well before it expires, not at the last second.
                crab.installation_token_with_buffer(chrono::Duration::minutes(5))
                    .await
                    .map_err(|e| GitHubError::AppToken {
                        reason: e.to_string(),
                    })?;
            }
            match self.attempt(crab, &method, path, body).await {
                Attempt::Done(reply) => return Ok(reply),
                Attempt::WaitAndResend(wait) => {
                    rate_limit_waits += 1;
                    if wait > self.policy.max_rate_limit_wait || rate_limit_waits > 10 {
                        return Err(GitHubError::RateLimited {
                            method: method.to_string(),
                            path: path.to_string(),
                            wait_secs: wait.as_secs(),
                        });
                    }
                    tracing::warn!(%method, path, wait = ?wait, "rate limited by GitHub: waiting");
                    tokio::time::sleep(wait).await;
                }
                Attempt::Transient(reason) => {
                    if !retries_unknown_outcome {
                        return Err(GitHubError::Uncertain {
                            method: method.to_string(),
                            path: path.to_string(),
                            reason,
                        });
                    }
                    transient_failures += 1;
                    if transient_failures > self.policy.max_retries {
                        return Err(GitHubError::Unavailable {
                            method: method.to_string(),
                            path: path.to_string(),
                            attempts: transient_failures,
                            reason,
                        });
                    }
                    let wait = self.policy.backoff(transient_failures);
                    tracing::warn!(%method, path, %reason, wait = ?wait, "GitHub request failed: retrying");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    async fn attempt(
        &self,
        crab: &Octocrab,
        method: &Method,
        path: &str,
        body: Option<&Value>,
    ) -> Attempt {
        let send = async {
            let builder = http::Request::builder()
                .method(method.clone())
                .uri(path)
                .header(http::header::ACCEPT, "application/vnd.github+json");
            let request = crab.build_request(builder, body)?;
            let response = crab.execute(request).await?;
            let status = response.status();
            let headers = response.headers().clone();
            let text = crab.body_to_string(response).await?;
            Ok::<_, octocrab::Error>((status, headers, text))
        };
        let started = std::time::Instant::now();
        use std::sync::atomic::Ordering;
        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        let failed = || self.stats.failures.fetch_add(1, Ordering::Relaxed);
        let (status, headers, text) = match tokio::time::timeout(self.policy.timeout, send).await {
            Err(_) => {
                failed();
                return Attempt::Transient(format!("no answer within {:?}", self.policy.timeout));
            }
            Ok(Err(e)) => {
                failed();
                return Attempt::Transient(describe_transport_error(&e));
            }
            Ok(Ok(answer)) => answer,
        };
        tracing::debug!(%method, path, status = status.as_u16(), elapsed = ?started.elapsed(), "GitHub answered");
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        if let Some(remaining) = header("x-ratelimit-remaining").and_then(|v| v.parse().ok()) {
            self.stats
                .rate_limit_remaining
                .store(remaining, Ordering::Relaxed);
        }
        if let Some(wait) = rate_limit_wait(status, &header) {
            failed();
            return Attempt::WaitAndResend(wait);
        }
        if status.is_server_error() {
            failed();
            return Attempt::Transient(format!("HTTP {}", status.as_u16()));
        }
        let body = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        let next = header("link").and_then(|l| next_link(l, &self.api_url));
        Attempt::Done(Reply { status, body, next })
    }
}

/// How long a rate-limited answer asks to wait, or `None` when it is not a rate limit.
fn rate_limit_wait<'a>(
    status: StatusCode,
    header: &impl Fn(&str) -> Option<&'a str>,
) -> Option<Duration> {
    if status != StatusCode::FORBIDDEN && status != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    // Secondary rate limit: retry-after, in seconds.
    if let Some(secs) = header("retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    // Primary rate limit: nothing left until x-ratelimit-reset (epoch seconds).
    if header("x-ratelimit-remaining") == Some("0") {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let reset = header("x-ratelimit-reset")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(now + 60);
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    // A secondary limit without retry-after: GitHub asks for at least a minute.
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Some(Duration::from_secs(60));
    }
    None
}

/// The `rel="next"` target of a `Link` header, made relative to the API base.
fn next_link(link: &str, api_url: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        if !params.split(';').any(|p| p.trim() == "rel=\"next\"") {
            return None;
        }
        let target = target.trim().trim_start_matches('<').trim_end_matches('>');
        let relative = target
            .strip_prefix(api_url)
            .map(str::to_string)
            .or_else(|| {
                // Another spelling of the same host: keep the path and query after the authority,
                // minus the base path the client adds again.
                let after_scheme = target.split_once("://").map_or(target, |(_, r)| r);
                let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
                let base_path = api_url
                    .split_once("://")
                    .map_or("", |(_, r)| r.find('/').map_or("", |i| &r[i..]));
                Some(path.strip_prefix(base_path).unwrap_or(path).to_string())
            })?;
        Some(if relative.starts_with('/') {
            relative
        } else {
            format!("/{relative}")
        })
    })
}

/// GraphQL's base: `https://api.github.com` for github.com, `https://HOST/api` for a
/// GitHub Enterprise Server whose REST base is `https://HOST/api/v3`.
fn graphql_base(api_url: &str) -> String {
    api_url.strip_suffix("/v3").unwrap_or(api_url).to_string()
}

/// A transport error without anything from the request (no headers, no token).
fn describe_transport_error(e: &octocrab::Error) -> String {
    match e {
        octocrab::Error::Hyper { .. } => "connection error".to_string(),
        octocrab::Error::Service { .. } => "network error".to_string(),
        octocrab::Error::Http { .. } => "invalid HTTP request".to_string(),
        _ => "request failed".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_become_relative_to_the_api_base() {
        let link = r#"<https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=5>; rel="last""#;
        assert_eq!(
            next_link(link, "https://api.github.com").as_deref(),
            Some("/repositories/1/issues/2/comments?per_page=100&page=2")
        );
        let ghes = r#"<https://ghe.example/api/v3/repos/o/r/issues/2/comments?page=3>; rel="next""#;
        assert_eq!(
            next_link(ghes, "https://ghe.example/api/v3").as_deref(),
            Some("/repos/o/r/issues/2/comments?page=3")
        );
        assert_eq!(
            next_link(r#"<https://x/y?page=1>; rel="prev""#, "https://x"),
            None
        );
    }

    #[test]
    fn graphql_lives_beside_the_rest_api_on_enterprise_server() {
        assert_eq!(
            graphql_base("https://api.github.com"),
            "https://api.github.com"
        );
        assert_eq!(
            graphql_base("https://ghe.example/api/v3"),
            "https://ghe.example/api"
        );
    }

    #[test]
    fn rate_limits_are_read_from_their_headers() {
        let none = |_: &str| None;
        assert_eq!(rate_limit_wait(StatusCode::NOT_FOUND, &none), None);
        assert_eq!(rate_limit_wait(StatusCode::FORBIDDEN, &none), None);
        let secondary = |h: &str| (h == "retry-after").then_some("7");
        assert_eq!(
            rate_limit_wait(StatusCode::FORBIDDEN, &secondary),
            Some(Duration::from_secs(7))
        );
        let primary = |h: &str| match h {
            "x-ratelimit-remaining" => Some("0"),
            "x-ratelimit-reset" => Some("1"),
            _ => None,
        };
        // A reset in the past means: go now (plus a second's margin).
        assert_eq!(
            rate_limit_wait(StatusCode::FORBIDDEN, &primary),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn backoff_grows_and_stays_capped() {
        let p = Policy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            ..Policy::default()
        };
        let first = p.backoff(1);
        assert!(first >= Duration::from_millis(100) && first <= Duration::from_millis(150));
        let third = p.backoff(3);
        assert!(third >= Duration::from_millis(400) && third <= Duration::from_millis(600));
        assert_eq!(p.backoff(10), Duration::from_secs(1));
    }
}

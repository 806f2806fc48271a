//! The reconciler's HTTP server (with `--listen`): `GET /healthz` (the process runs),
//! `GET /readyz` (the config is loaded and every repo's first tick has started; 503 while
//! shutting down), `GET /metrics` (Prometheus text) and `POST /webhook`.
//!
//! A webhook is believed only when its `X-Hub-Signature-256` is the HMAC-SHA256 of the raw
//! body under the shared secret, compared in constant time; without a secret configured,
//! webhooks are refused. A `push`, or a `pull_request` opened, synchronized or reopened,
//! wakes the repo it names (by `repository.full_name` against `github.repo`, else by
//! `repository.name` against the repo's name) for a reconcile at once.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::Notify;

use super::metrics::Metrics;

/// What readiness depends on.
#[derive(Default)]
pub(crate) struct Readiness {
    /// Repos whose first tick has started.
    pub started: AtomicUsize,
    /// Repos this process reconciles.
    pub total: AtomicUsize,
    pub shutting_down: AtomicBool,
}

impl Readiness {
    pub(crate) fn is_ready(&self) -> bool {
        !self.shutting_down.load(Ordering::SeqCst)
            && self.started.load(Ordering::SeqCst) >= self.total.load(Ordering::SeqCst)
    }
}

/// A repo a webhook can wake.
pub struct Route {
    pub name: String,
    /// `owner/name` on GitHub, lowercased.
    pub github: Option<String>,
    pub wake: Arc<Notify>,
}

/// Everything the handlers share.
pub(crate) struct ServerState {
    pub metrics: Arc<Metrics>,
    pub readiness: Arc<Readiness>,
    pub secret: Option<Vec<u8>>,
    pub routes: Vec<Route>,
}

/// The routes.
pub(crate) fn router(state: Arc<ServerState>) -> axum::Router {
    axum::Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/webhook", post(webhook))
        .with_state(state)
}

async fn readyz(State(state): State<Arc<ServerState>>) -> impl IntoResponse {
    let r = &state.readiness;
    if r.shutting_down.load(Ordering::SeqCst) {
        (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n")
    } else if r.is_ready() {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "starting\n")
    }
}

async fn metrics(State(state): State<Arc<ServerState>>) -> impl IntoResponse {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}

/// Whether `signature` (`sha256=HEX`) is the HMAC-SHA256 of `body` under `secret`.
/// The comparison takes the same time wherever the first difference is.
pub(crate) fn signature_is_valid(secret: &[u8], body: &[u8], signature: &str) -> bool {
    let Some(hex) = signature.trim().strip_prefix("sha256=") else {
        return false;
    };
    let mut expected = [0u8; 32];
    if hex::decode_to_slice(hex, &mut expected).is_err() {
        return false;
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

async fn webhook(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let Some(secret) = &state.secret else {
        state.metrics.webhook("unknown", "refused");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "webhooks are off: set the webhook secret (AETHEREDGE_WEBHOOK_SECRET)\n".into(),
        );
    };
    if !signature_is_valid(secret, &body, &header("x-hub-signature-256")) {
        state.metrics.webhook("unknown", "bad_signature");
        tracing::warn!(delivery = %header("x-github-delivery"), "a webhook with a missing or wrong signature: refused");
        return (
            StatusCode::UNAUTHORIZED,
            "the X-Hub-Signature-256 does not match the body under the webhook secret\n".into(),
        );
    }
    let event = match header("x-github-event").as_str() {
        "push" => "push",
        "pull_request" => "pull_request",
        "ping" => "ping",
        _ => "other",
    };
    if event == "ping" {
        state.metrics.webhook(event, "ok");
        return (StatusCode::OK, "pong\n".into());
    }
    let Ok(payload) = serde_json::from_slice::<serde_json::Value>(&body) else {
        state.metrics.webhook(event, "bad_payload");
        return (StatusCode::BAD_REQUEST, "the body is not JSON\n".into());
    };
    let wanted = match event {
        "push" => true,
        "pull_request" => matches!(
            payload["action"].as_str(),
            Some("opened" | "synchronize" | "reopened")
        ),
        _ => false,
    };
    if !wanted {
        state.metrics.webhook(event, "ignored");
        return (
            StatusCode::ACCEPTED,
            "ignored: nothing to reconcile\n".into(),
        );
    }
    let full_name = payload["repository"]["full_name"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let short_name = payload["repository"]["name"].as_str().unwrap_or_default();
    let route = state
        .routes
        .iter()
        .find(|r| r.github.as_deref() == Some(full_name.as_str()))
        .or_else(|| state.routes.iter().find(|r| r.name == short_name));
    match route {
        Some(r) => {
            state.metrics.webhook(event, "reconcile");
            tracing::info!(repo = %r.name, event, "webhook: reconciling now");
            r.wake.notify_one();
            (StatusCode::ACCEPTED, format!("reconciling {}\n", r.name))
        }
        None => {
            state.metrics.webhook(event, "unknown_repo");
            (
                StatusCode::NOT_FOUND,
                format!("no watched repo is {full_name}\n"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_checked_against_the_body() {
        // The example from GitHub's docs on validating webhook deliveries.
        let secret = b"It's a Secret to Everybody";
        let body = b"Hello, World!";
        let good = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert!(signature_is_valid(secret, body, good));
        assert!(!signature_is_valid(secret, b"Hello, World?", good));
        assert!(!signature_is_valid(b"another secret", body, good));
        assert!(!signature_is_valid(secret, body, "sha1=757107ea"));
        assert!(!signature_is_valid(secret, body, "sha256=zz"));
        // Hex digits in either case; exactly 32 bytes of them.
        assert!(signature_is_valid(
            secret,
            body,
            &good.to_uppercase().replace("SHA256=", "sha256=")
        ));
        assert!(!signature_is_valid(secret, body, &format!("{good}00")));
        assert!(!signature_is_valid(secret, body, &good[..good.len() - 2]));
    }
}

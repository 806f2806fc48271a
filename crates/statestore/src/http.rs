//! Terraform's `http` backend: the state is the body of a GET of the address.
//!
//! Credentials, first found first used:
//! 1. user info in the address (`https://USER:PASSWORD@host/…`), sent as basic auth;
//! 2. `TF_HTTP_USERNAME` / `TF_HTTP_PASSWORD`, the variables Terraform's http backend reads,
//!    sent as basic auth;
//! 3. `AETHEREDGE_STATE_TOKEN`, sent as `Authorization: Bearer TOKEN`.
//!
//! As in Terraform's backend, 404 and 204 mean there is no state; 401 and 403 refuse the
//! credentials.

use std::time::Duration;

use percent_encoding::percent_decode_str;
use reqwest::StatusCode;
use url::Url;

use crate::{root_cause, SourceError};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);

enum Credentials {
    Basic {
        user: String,
        password: Option<String>,
        from: &'static str,
    },
    Bearer(String),
    None,
}

impl Credentials {
    fn for_address(url: &Url) -> Credentials {
        if !url.username().is_empty() {
            let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            return Credentials::Basic {
                user: decode(url.username()),
                password: url.password().map(decode),
                from: "the address's user info",
            };
        }
        let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(user) = var("TF_HTTP_USERNAME") {
            return Credentials::Basic {
                user,
                password: var("TF_HTTP_PASSWORD"),
                from: "TF_HTTP_USERNAME/TF_HTTP_PASSWORD",
            };
        }
        match var("AETHEREDGE_STATE_TOKEN") {
            Some(token) => Credentials::Bearer(token),
            None => Credentials::None,
        }
    }

    fn described(&self) -> String {
        match self {
            Credentials::Basic { from, .. } => format!("basic auth from {from}"),
            Credentials::Bearer(_) => "the bearer token from AETHEREDGE_STATE_TOKEN".to_string(),
            Credentials::None => "no credentials (set TF_HTTP_USERNAME/TF_HTTP_PASSWORD or \
                                  AETHEREDGE_STATE_TOKEN)"
                .to_string(),
        }
    }
}

pub(crate) async fn get(address: &Url, limit: u64, name: &str) -> Result<Vec<u8>, SourceError> {
    let credentials = Credentials::for_address(address);
    let mut url = address.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);

    let client = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .user_agent(concat!("aetheredge/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| SourceError::Failed {
            name: name.to_string(),
            reason: format!("cannot set up the HTTP client: {}", root_cause(&e)),
        })?;
    let request = client.get(url);
    let request = match &credentials {
        Credentials::Basic { user, password, .. } => request.basic_auth(user, password.as_ref()),
        Credentials::Bearer(token) => request.bearer_auth(token),
        Credentials::None => request,
    };
    let mut response = request.send().await.map_err(|e| request_error(e, name))?;

    let status = response.status();
    match status {
        StatusCode::NOT_FOUND | StatusCode::GONE | StatusCode::NO_CONTENT => {
            return Err(SourceError::NotFound {
                name: name.to_string(),
                reason: format!("the http backend holds no state (HTTP {status})"),
            })
        }
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            return Err(SourceError::Denied {
                name: name.to_string(),
                reason: format!("HTTP {status} with {}", credentials.described()),
            })
        }
        status if !status.is_success() => {
            return Err(SourceError::Failed {
                name: name.to_string(),
                reason: format!("HTTP {status}"),
            })
        }
        _ => {}
    }

    let too_large = |size| SourceError::TooLarge {
        name: name.to_string(),
        limit,
        size,
    };
    if let Some(length) = response.content_length().filter(|&l| l > limit) {
        return Err(too_large(Some(length)));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| request_error(e, name))? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large(None));
        }
        body.extend_from_slice(&chunk);
    }
    tracing::debug!(
        source = name,
        bytes = body.len(),
        "read the state over HTTP"
    );
    Ok(body)
}

/// A failed request as an error that names the source, never the URL reqwest would print.
fn request_error(error: reqwest::Error, name: &str) -> SourceError {
    let error = error.without_url();
    let cause = root_cause(&error);
    if error.is_timeout() {
        SourceError::Unreachable {
            name: name.to_string(),
            reason: format!(
                "timed out (connecting {} s, whole request {} s): {cause}",
                CONNECT_TIMEOUT.as_secs(),
                TOTAL_TIMEOUT.as_secs()
            ),
        }
    } else if error.is_connect() {
        SourceError::Unreachable {
            name: name.to_string(),
            reason: cause,
        }
    } else {
        SourceError::Failed {
            name: name.to_string(),
            reason: cause,
        }
    }
}

//! `http://` sources against a loopback server playing Terraform's http backend.

mod servers;

use aetheredge_statestore::{SourceError, StateSource};
use base64::Engine;
use servers::HttpBackend;

const STATE: &[u8] = br#"{"version": 4, "serial": 12}"#;

fn basic(user: &str, password: &str) -> String {
    let pair = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// A backend that accepts `deployer`/`p@ss word` and the token `tok-123`.
fn backend() -> String {
    servers::http_backend(HttpBackend {
        accepted: vec![basic("deployer", "p@ss word"), "Bearer tok-123".to_string()],
        state: STATE.to_vec(),
    })
}

/// Sets the credentials variables (`None` unsets one).
fn credentials(user: Option<&str>, password: Option<&str>, token: Option<&str>) {
    for (name, value) in [
        ("TF_HTTP_USERNAME", user),
        ("TF_HTTP_PASSWORD", password),
        ("AETHEREDGE_STATE_TOKEN", token),
    ] {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn basic_auth_from_terraforms_variables() {
    let _env = servers::environment();
    credentials(Some("deployer"), Some("p@ss word"), None);
    let source = StateSource::parse(&format!("{}/state", backend())).unwrap();
    assert_eq!(source.fetch().unwrap(), STATE);
}

#[test]
fn basic_auth_from_the_address_which_its_name_leaves_out() {
    let _env = servers::environment();
    credentials(None, None, None);
    let base = backend();
    let address = base.replace("http://", "http://deployer:p%40ss%20word@") + "/state";
    let source = StateSource::parse(&address).unwrap();
    assert_eq!(source.fetch().unwrap(), STATE);
    assert_eq!(source.display(), format!("{base}/state"));
}

#[test]
fn a_bearer_token() {
    let _env = servers::environment();
    credentials(None, None, Some("tok-123"));
    let source = StateSource::parse(&format!("{}/state", backend())).unwrap();
    assert_eq!(source.fetch().unwrap(), STATE);
}

#[test]
fn missing_or_wrong_credentials_are_denied_naming_the_source() {
    let _env = servers::environment();
    let base = backend();
    credentials(None, None, None);
    let source = StateSource::parse(&format!("{base}/state?lock=secret-id")).unwrap();
    let error = source.fetch().unwrap_err();
    assert!(matches!(error, SourceError::Denied { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&format!("`{base}/state?lock=***`")),
        "{message}"
    );
    assert!(
        message.contains("401") && message.contains("no credentials"),
        "{message}"
    );
    assert!(!message.contains("secret-id"), "{message}");

    credentials(Some("deployer"), Some("guess"), None);
    let error = source.fetch().unwrap_err();
    assert!(matches!(error, SourceError::Denied { .. }), "{error:?}");
    assert!(error.to_string().contains("TF_HTTP_USERNAME"), "{error}");

    let address = base.replace("http://", "http://deployer:hunter2@") + "/state";
    let message = StateSource::parse(&address)
        .unwrap()
        .fetch()
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("user info") && !message.contains("hunter2"),
        "{message}"
    );
}

#[test]
fn an_address_without_a_state_is_not_found() {
    let _env = servers::environment();
    credentials(None, None, Some("tok-123"));
    let source = StateSource::parse(&format!("{}/states/other", backend())).unwrap();
    let error = source.fetch().unwrap_err();
    assert!(matches!(error, SourceError::NotFound { .. }), "{error:?}");
    assert!(error.to_string().contains("404"), "{error}");
}

#[test]
fn a_closed_port_is_unreachable() {
    let address = format!("http://127.0.0.1:{}/state", servers::free_port());
    let error = StateSource::parse(&address).unwrap().fetch().unwrap_err();
    assert!(
        matches!(error, SourceError::Unreachable { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("refused"), "{error}");
}

#[test]
fn states_over_the_limit_are_refused_by_length_or_while_read() {
    let base = backend();
    let error = StateSource::parse(&format!("{base}/huge"))
        .unwrap()
        .fetch()
        .unwrap_err();
    assert!(
        matches!(
            error,
            SourceError::TooLarge {
                size: Some(629_145_600),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("limit of 512 MiB (it has 600 MiB)"),
        "{error}"
    );

    let chunked = StateSource::parse(&format!("{base}/chunked")).unwrap();
    let error = chunked.clone().with_size_limit(10_000).fetch().unwrap_err();
    assert!(
        matches!(error, SourceError::TooLarge { size: None, .. }),
        "{error:?}"
    );
    assert_eq!(
        chunked.with_size_limit(65_536).fetch().unwrap().len(),
        65_536
    );
}

#[test]
fn fetch_works_inside_an_async_runtime() {
    let _env = servers::environment();
    credentials(None, None, Some("tok-123"));
    let source = StateSource::parse(&format!("{}/state", backend())).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let bytes = runtime.block_on(async { source.fetch() }).unwrap();
    assert_eq!(bytes, STATE);
}

//! `gs://` sources against fake-gcs-server.

mod servers;

use aetheredge_statestore::{SourceError, StateSource};
use servers::Server;

const BUCKET: &str = "drift-gcs-states";

/// Points the GCS client at the server with a key that turns OAuth off, as a user's
/// `GOOGLE_SERVICE_ACCOUNT_KEY` would; no request goes to a metadata server.
fn use_server(server: &Server) {
    std::env::set_var(
        "GOOGLE_SERVICE_ACCOUNT_KEY",
        servers::gcs_service_account_key(server),
    );
    std::env::set_var("GOOGLE_BASE_URL", server.url());
    for unset in ["GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_SERVICE_ACCOUNT"] {
        std::env::remove_var(unset);
    }
}

fn put(server: &Server, object: &str, body: &[u8]) {
    servers::gcs_put(server, BUCKET, object, body);
}

#[test]
fn reads_the_default_workspace_and_a_named_one() {
    let _env = servers::environment();
    let server = servers::gcs_server(BUCKET);
    put(&server, "network/default.tfstate", br#"{"serial": 9}"#);
    put(&server, "network/qa.tfstate", br#"{"serial": 2}"#);
    use_server(&server);

    let source = StateSource::parse("gs://drift-gcs-states/network/default.tfstate").unwrap();
    assert_eq!(source.fetch().unwrap(), br#"{"serial": 9}"#);
    let qa =
        StateSource::parse("gs://drift-gcs-states/network/default.tfstate?workspace=qa").unwrap();
    assert_eq!(qa.fetch().unwrap(), br#"{"serial": 2}"#);
}

#[test]
fn a_missing_workspace_is_not_found() {
    let _env = servers::environment();
    let server = servers::gcs_server(BUCKET);
    use_server(&server);

    let source =
        StateSource::parse("gs://drift-gcs-states/network/default.tfstate?workspace=prod").unwrap();
    let error = source.fetch().unwrap_err();
    assert!(matches!(error, SourceError::NotFound { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("no object `network/prod.tfstate`"),
        "{error}"
    );
}

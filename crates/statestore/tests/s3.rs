//! `s3://` sources against moto's S3, which checks request signatures.

mod servers;

use aetheredge_statestore::{SourceError, StateSource};
use object_store::aws::AmazonS3Builder;
use object_store::{ObjectStoreExt, PutPayload};
use servers::{AwsKeys, Server};

const BUCKET: &str = "drift-states";

/// Points the S3 client at `endpoint` with `keys`, as a user's shell would.
fn use_endpoint(endpoint: &str, keys: &AwsKeys) {
    std::env::set_var("AWS_ENDPOINT_URL", endpoint);
    std::env::set_var("AWS_ACCESS_KEY_ID", &keys.access_key_id);
    std::env::set_var("AWS_SECRET_ACCESS_KEY", &keys.secret_access_key);
    std::env::set_var("AWS_REGION", "us-east-1");
    for unset in [
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL_S3",
    ] {
        std::env::remove_var(unset);
    }
}

fn put(server: &Server, keys: &AwsKeys, key: &str, body: &[u8]) {
    let store = AmazonS3Builder::new()
        .with_endpoint(server.url())
        .with_allow_http(true)
        .with_region("us-east-1")
        .with_access_key_id(&keys.access_key_id)
        .with_secret_access_key(&keys.secret_access_key)
        .with_bucket_name(BUCKET)
        .build()
        .expect("S3 client for the upload");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(store.put(&key.into(), PutPayload::from(body.to_vec())))
        .unwrap_or_else(|e| panic!("uploading {key}: {e}"));
}

/// A bucket with a default workspace's state and the `staging` workspace's.
fn moto_with_states() -> (Server, AwsKeys) {
    let (server, keys) = servers::moto();
    servers::moto_bucket(&server, &keys, BUCKET);
    put(
        &server,
        &keys,
        "network/terraform.tfstate",
        br#"{"serial": 7}"#,
    );
    put(
        &server,
        &keys,
        "env:/staging/network/terraform.tfstate",
        br#"{"serial": 3}"#,
    );
    (server, keys)
}

/// A moto checking signatures, with a state, and the environment pointing at it.
fn moto_checking_with_a_state() -> (Server, AwsKeys) {
    let (server, keys) = servers::moto_checking_signatures();
    servers::moto_bucket(&server, &keys, BUCKET);
    put(
        &server,
        &keys,
        "network/terraform.tfstate",
        br#"{"serial": 7}"#,
    );
    use_endpoint(&server.url(), &keys);
    (server, keys)
}

#[test]
fn reads_the_default_workspace_and_a_named_one() {
    let _env = servers::environment();
    let (server, keys) = moto_with_states();
    use_endpoint(&server.url(), &keys);

    let default = StateSource::parse("s3://drift-states/network/terraform.tfstate").unwrap();
    assert_eq!(default.fetch().unwrap(), br#"{"serial": 7}"#);

    let staging =
        StateSource::parse("s3://drift-states/network/terraform.tfstate?workspace=staging")
            .unwrap();
    assert_eq!(staging.fetch().unwrap(), br#"{"serial": 3}"#);
    let configured = default.with_workspace("staging").unwrap();
    assert_eq!(configured.fetch().unwrap(), br#"{"serial": 3}"#);
}

#[test]
fn a_missing_object_or_workspace_is_not_found() {
    let _env = servers::environment();
    let (server, keys) = moto_with_states();
    use_endpoint(&server.url(), &keys);

    let source = StateSource::parse("s3://drift-states/compute/terraform.tfstate").unwrap();
    let error = source.fetch().unwrap_err();
    assert!(matches!(error, SourceError::NotFound { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("s3://drift-states/compute/terraform.tfstate"),
        "{message}"
    );

    let source =
        StateSource::parse("s3://drift-states/network/terraform.tfstate?workspace=prod").unwrap();
    let message = source.fetch().unwrap_err().to_string();
    assert!(
        message.contains("no object `env:/prod/network/terraform.tfstate`"),
        "{message}"
    );
}

#[test]
fn a_wrong_secret_is_denied_and_the_message_names_the_source() {
    let _env = servers::environment();
    let (server, keys) = moto_checking_with_a_state();
    let source = StateSource::parse("s3://drift-states/network/terraform.tfstate").unwrap();
    assert_eq!(
        source.fetch().unwrap(),
        br#"{"serial": 7}"#,
        "the right keys read it"
    );

    let wrong = AwsKeys {
        access_key_id: keys.access_key_id.clone(),
        secret_access_key: "not-the-secret".to_string(),
    };
    use_endpoint(&server.url(), &wrong);
    let error = source.fetch().unwrap_err();
    assert!(matches!(error, SourceError::Denied { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("`s3://drift-states/network/terraform.tfstate`"),
        "{message}"
    );
    assert!(message.contains("SignatureDoesNotMatch"), "{message}");
    assert!(!message.contains("not-the-secret"), "{message}");
}

#[test]
fn a_state_over_the_size_limit_is_refused() {
    let _env = servers::environment();
    let (server, keys) = moto_with_states();
    use_endpoint(&server.url(), &keys);

    let source = StateSource::parse("s3://drift-states/network/terraform.tfstate")
        .unwrap()
        .with_size_limit(8);
    let error = source.fetch().unwrap_err();
    assert!(
        matches!(
            error,
            SourceError::TooLarge {
                size: Some(13),
                limit: 8,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn an_endpoint_nobody_listens_on_is_unreachable() {
    let _env = servers::environment();
    let keys = AwsKeys {
        access_key_id: "AKIDEXAMPLE".to_string(),
        secret_access_key: "unused".to_string(),
    };
    use_endpoint(&format!("http://127.0.0.1:{}", servers::free_port()), &keys);

    let source = StateSource::parse("s3://drift-states/network/terraform.tfstate").unwrap();
    let error = source.fetch().unwrap_err();
    assert!(
        matches!(error, SourceError::Unreachable { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("refused"), "{error}");
}

/// Without keys in the environment, a named profile of the shared credentials and config
/// files gives them (and the region), as the AWS CLI reads them; a profile no file has is an
/// error naming it.
#[test]
fn a_named_profile_gives_the_keys_when_the_environment_has_none() {
    let _env = servers::environment();
    let (_server, keys) = moto_checking_with_a_state();
    let dir = tempfile::tempdir().unwrap();
    let credentials = dir.path().join("credentials");
    let config = dir.path().join("config");
    std::fs::write(
        &credentials,
        format!(
            "[default]\naws_access_key_id = AKIANOTTHISONE\naws_secret_access_key = no\n\n[ops]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            keys.access_key_id, keys.secret_access_key
        ),
    )
    .unwrap();
    std::fs::write(&config, "[profile ops]\nregion = us-east-1\n").unwrap();
    for unset in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"] {
        std::env::remove_var(unset);
    }
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &credentials);
    std::env::set_var("AWS_CONFIG_FILE", &config);
    std::env::set_var("AWS_PROFILE", "ops");
    let source = StateSource::parse("s3://drift-states/network/terraform.tfstate").unwrap();
    let read = source.fetch();
    std::env::set_var("AWS_PROFILE", "nobody");
    let missing = source.fetch();
    for unset in [
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
        "AWS_PROFILE",
    ] {
        std::env::remove_var(unset);
    }
    assert_eq!(read.unwrap(), br#"{"serial": 7}"#);
    let message = missing.unwrap_err().to_string();
    assert!(
        message.contains("AWS_PROFILE names profile `nobody`"),
        "{message}"
    );
}

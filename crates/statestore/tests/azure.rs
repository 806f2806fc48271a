//! `azblob://` sources against Azurite, uploaded with object_store itself.

mod servers;

use aetheredge_statestore::{SourceError, StateSource};
use object_store::azure::MicrosoftAzureBuilder;
use object_store::{ObjectStoreExt, PutPayload};
use servers::Server;

const CONTAINER: &str = "tfstate";

/// Points the Azure client at Azurite, as `AZURE_STORAGE_USE_EMULATOR=true` does for a user.
fn use_azurite(server: &Server) {
    std::env::set_var("AZURE_STORAGE_USE_EMULATOR", "true");
    std::env::set_var("AZURITE_BLOB_STORAGE_URL", server.url());
    for unset in [
        "AZURE_STORAGE_ACCOUNT_KEY",
        "AZURE_STORAGE_KEY",
        "ARM_ACCESS_KEY",
        "AZURE_STORAGE_SAS_TOKEN",
        "ARM_SAS_TOKEN",
    ] {
        std::env::remove_var(unset);
    }
}

fn put(blob: &str, body: &[u8]) {
    let store = MicrosoftAzureBuilder::from_env()
        .with_container_name(CONTAINER)
        .build()
        .expect("Azure client for the upload");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(store.put(&blob.into(), PutPayload::from(body.to_vec())))
        .unwrap_or_else(|e| panic!("uploading {blob}: {e}"));
}

#[test]
fn reads_a_blob_and_a_workspace_blob() {
    let _env = servers::environment();
    let server = servers::azurite();
    servers::azurite_container(&server, CONTAINER);
    use_azurite(&server);
    put("platform/prod.terraform.tfstate", br#"{"serial": 21}"#);
    put(
        "platform/prod.terraform.tfstateenv:blue",
        br#"{"serial": 4}"#,
    );

    let source =
        StateSource::parse("azblob://devstoreaccount1/tfstate/platform/prod.terraform.tfstate")
            .unwrap();
    assert_eq!(source.fetch().unwrap(), br#"{"serial": 21}"#);
    let blue = source.with_workspace("blue").unwrap();
    assert_eq!(blue.fetch().unwrap(), br#"{"serial": 4}"#);
}

#[test]
fn a_missing_blob_is_not_found() {
    let _env = servers::environment();
    let server = servers::azurite();
    servers::azurite_container(&server, CONTAINER);
    use_azurite(&server);

    let source = StateSource::parse("azblob://devstoreaccount1/tfstate/gone.tfstate").unwrap();
    let error = source.fetch().unwrap_err();
    assert!(matches!(error, SourceError::NotFound { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("azblob://devstoreaccount1/tfstate/gone.tfstate"),
        "{error}"
    );
}

#[test]
fn a_wrong_account_key_is_denied() {
    let _env = servers::environment();
    let server = servers::azurite();
    servers::azurite_container(&server, CONTAINER);
    use_azurite(&server);
    put("app.tfstate", b"{}");
    // A well-formed key that is not the emulator's.
    std::env::set_var(
        "AZURE_STORAGE_KEY",
        "d3JvbmctYWNjb3VudC1rZXktZm9yLXRoZS10ZXN0cw==",
    );

    let source = StateSource::parse("azblob://devstoreaccount1/tfstate/app.tfstate").unwrap();
    let error = source.fetch().unwrap_err();
    std::env::remove_var("AZURE_STORAGE_KEY");
    assert!(matches!(error, SourceError::Denied { .. }), "{error:?}");
    assert!(
        error.to_string().contains("AZURE_STORAGE_ACCOUNT_KEY"),
        "{error}"
    );
}

//! States in the clouds' object stores (Terraform's `s3`, `gcs` and `azurerm` backends),
//! through `object_store`, configured from the standard environment:
//!
//! - S3: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` /
//!   `AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL` (an `http://` endpoint is allowed, as S3-compatible
//!   servers on a private network use), web identity and container credentials, then the
//!   instance metadata service; without keys in the environment, a named profile
//!   (`AWS_PROFILE`, else `default`) from `~/.aws/credentials` and `~/.aws/config`
//!   (`AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE`), read by [`crate::aws_profile`]:
//!   static keys and the region (profiles that assume a role or use SSO are not followed).
//! - GCS: `GOOGLE_APPLICATION_CREDENTIALS`, `GOOGLE_SERVICE_ACCOUNT` (a service-account JSON
//!   file), `GOOGLE_SERVICE_ACCOUNT_KEY` (its JSON inline), the gcloud application-default
//!   credentials, then the metadata server; `GOOGLE_BASE_URL` points at another endpoint.
//! - Azure: `AZURE_STORAGE_ACCOUNT_KEY` (also `AZURE_STORAGE_KEY`, as the az CLI reads, and
//!   `ARM_ACCESS_KEY`, as Terraform's azurerm backend reads), a SAS token in
//!   `AZURE_STORAGE_SAS_TOKEN` (or `ARM_SAS_TOKEN`), a service principal or managed identity,
//!   and `AZURE_STORAGE_USE_EMULATOR=true` for Azurite (`AZURITE_BLOB_STORAGE_URL` for its
//!   address, `http://127.0.0.1:10000` by default).

use std::sync::Arc;
use std::time::Duration;

use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use object_store::client::{HttpError, HttpErrorKind};
use object_store::gcp::{GoogleCloudStorageBuilder, GoogleConfigKey};
use object_store::path::Path;
use object_store::{ClientConfigKey, ObjectStore, ObjectStoreExt, RetryConfig};

use crate::{root_cause, SourceError};

/// An object store and the container the state is in.
pub(crate) enum Store<'a> {
    S3 {
        bucket: &'a str,
    },
    Gcs {
        bucket: &'a str,
    },
    Azure {
        account: &'a str,
        container: &'a str,
    },
}

const CONNECT_TIMEOUT: &str = "10 seconds";
const REQUEST_TIMEOUT: &str = "60 seconds";

impl Store<'_> {
    fn service(&self) -> &'static str {
        match self {
            Store::S3 { .. } => "S3",
            Store::Gcs { .. } => "GCS",
            Store::Azure { .. } => "Azure Blob Storage",
        }
    }

    fn container(&self) -> String {
        match self {
            Store::S3 { bucket } | Store::Gcs { bucket } => format!("bucket `{bucket}`"),
            Store::Azure { account, container } => {
                format!("container `{container}` of account `{account}`")
            }
        }
    }

    fn credentials_hint(&self) -> &'static str {
        match self {
            Store::S3 { .. } => {
                "check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, \
                 or the keys of the AWS_PROFILE profile"
            }
            Store::Gcs { .. } => "check GOOGLE_APPLICATION_CREDENTIALS or GOOGLE_SERVICE_ACCOUNT",
            Store::Azure { .. } => {
                "check AZURE_STORAGE_ACCOUNT_KEY (or AZURE_STORAGE_KEY, ARM_ACCESS_KEY) or \
                 AZURE_STORAGE_SAS_TOKEN"
            }
        }
    }

    /// The client, configured from the environment, with the crate's time-outs and a short
    /// retry budget (a refused connection fails in about a second, not minutes).
    fn client(&self) -> object_store::Result<Arc<dyn ObjectStore>> {
        let retry = RetryConfig {
            max_retries: 2,
            retry_timeout: Duration::from_secs(60),
            ..RetryConfig::default()
        };
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Ok(match self {
            Store::S3 { bucket } => {
                let mut builder = AmazonS3Builder::from_env().with_bucket_name(*bucket);
                let profile = crate::aws_profile::from_environment().map_err(|message| {
                    object_store::Error::Generic {
                        store: "S3",
                        source: message.into(),
                    }
                })?;
                if let Some(profile) = profile {
                    if let Some(key) = profile.access_key_id {
                        builder = builder.with_access_key_id(key);
                    }
                    if let Some(secret) = profile.secret_access_key {
                        builder = builder.with_secret_access_key(secret);
                    }
                    if let Some(token) = profile.session_token {
                        builder = builder.with_token(token);
                    }
                    if env("AWS_REGION")
                        .or_else(|| env("AWS_DEFAULT_REGION"))
                        .is_none()
                    {
                        if let Some(region) = profile.region {
                            builder = builder.with_region(region);
                        }
                    }
                }
                let plain_http = [AmazonS3ConfigKey::Endpoint, AmazonS3ConfigKey::S3Endpoint]
                    .iter()
                    .filter_map(|key| builder.get_config_value(key))
                    .any(|endpoint| endpoint.starts_with("http://"));
                if plain_http {
                    builder = builder.with_allow_http(true);
                }
                let client = |key| AmazonS3ConfigKey::Client(key);
                Arc::new(
                    builder
                        .with_config(client(ClientConfigKey::ConnectTimeout), CONNECT_TIMEOUT)
                        .with_config(client(ClientConfigKey::Timeout), REQUEST_TIMEOUT)
                        .with_retry(retry)
                        .build()?,
                )
            }
            Store::Gcs { bucket } => {
                let builder = GoogleCloudStorageBuilder::from_env().with_bucket_name(*bucket);
                let plain_http = builder
                    .get_config_value(&GoogleConfigKey::BaseUrl)
                    .is_some_and(|url| url.starts_with("http://"));
                let client = |key| GoogleConfigKey::Client(key);
                let builder = builder
                    .with_config(client(ClientConfigKey::AllowHttp), plain_http.to_string())
                    .with_config(client(ClientConfigKey::ConnectTimeout), CONNECT_TIMEOUT)
                    .with_config(client(ClientConfigKey::Timeout), REQUEST_TIMEOUT);
                Arc::new(builder.with_retry(retry).build()?)
            }
            Store::Azure { account, container } => {
                let mut builder = MicrosoftAzureBuilder::from_env()
                    .with_account(*account)
                    .with_container_name(*container);
                if builder
                    .get_config_value(&AzureConfigKey::AccessKey)
                    .is_none()
                {
                    if let Some(key) = env("AZURE_STORAGE_KEY").or_else(|| env("ARM_ACCESS_KEY")) {
                        builder = builder.with_access_key(key);
                    }
                }
                if builder.get_config_value(&AzureConfigKey::SasKey).is_none() {
                    if let Some(sas) = env("ARM_SAS_TOKEN") {
                        builder = builder.with_config(AzureConfigKey::SasKey, sas);
                    }
                }
                let client = |key| AzureConfigKey::Client(key);
                Arc::new(
                    builder
                        .with_config(client(ClientConfigKey::ConnectTimeout), CONNECT_TIMEOUT)
                        .with_config(client(ClientConfigKey::Timeout), REQUEST_TIMEOUT)
                        .with_retry(retry)
                        .build()?,
                )
            }
        })
    }
}

/// The object `key`'s bytes, at most `limit` of them.
pub(crate) async fn get(
    store: Store<'_>,
    key: &str,
    limit: u64,
    name: &str,
) -> Result<Vec<u8>, SourceError> {
    let client = store.client().map_err(|e| SourceError::Failed {
        name: name.to_string(),
        reason: format!("cannot set up the {} client: {e}", store.service()),
    })?;
    let path = Path::parse(key).map_err(|e| SourceError::Invalid {
        name: name.to_string(),
        reason: format!("the key `{key}` cannot be addressed: {e}"),
    })?;
    let result = client
        .get(&path)
        .await
        .map_err(|e| store_error(e, &store, key, name))?;
    let too_large = |size| SourceError::TooLarge {
        name: name.to_string(),
        limit,
        size,
    };
    if result.meta.size > limit {
        return Err(too_large(Some(result.meta.size)));
    }
    // The body is read up to the length the server announced (checked above).
    let bytes = result
        .bytes()
        .await
        .map_err(|e| store_error(e, &store, key, name))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(None));
    }
    tracing::debug!(
        source = name,
        key,
        bytes = bytes.len(),
        "read the state object"
    );
    Ok(bytes.to_vec())
}

fn store_error(
    error: object_store::Error,
    store: &Store<'_>,
    key: &str,
    name: &str,
) -> SourceError {
    let name = name.to_string();
    match &error {
        object_store::Error::NotFound { .. } => SourceError::NotFound {
            name,
            reason: format!(
                "no object `{key}` in {}{}",
                store.container(),
                service_code(&error.to_string())
                    .map(|code| format!(" ({code})"))
                    .unwrap_or_default()
            ),
        },
        object_store::Error::PermissionDenied { .. }
        | object_store::Error::Unauthenticated { .. } => SourceError::Denied {
            name,
            reason: format!(
                "{} refused the request{}; {}",
                store.service(),
                service_code(&error.to_string())
                    .map(|code| format!(" ({code})"))
                    .unwrap_or_default(),
                store.credentials_hint()
            ),
        },
        _ => {
            let mut chain: Option<&(dyn std::error::Error + 'static)> = Some(&error);
            let mut http_kind = None;
            while let Some(cause) = chain {
                if let Some(http) = cause.downcast_ref::<HttpError>() {
                    http_kind = Some(http.kind());
                }
                chain = cause.source();
            }
            let cause = without_body(&root_cause(&error));
            match http_kind {
                Some(HttpErrorKind::Connect) => SourceError::Unreachable {
                    name,
                    reason: cause,
                },
                Some(HttpErrorKind::Timeout) => SourceError::Unreachable {
                    name,
                    reason: format!("timed out: {cause}"),
                },
                _ => SourceError::Failed {
                    name,
                    reason: format!("{}: {cause}", store.service()),
                },
            }
        }
    }
}

/// The error code of an S3 or Azure XML error body (`<Code>AccessDenied</Code>`): the part
/// of the body that says what happened. The rest is not repeated: an S3 signature error
/// echoes the signed request, session token included.
fn service_code(text: &str) -> Option<&str> {
    let start = text.find("<Code>")? + "<Code>".len();
    let end = start + text[start..].find("</Code>")?;
    Some(&text[start..end])
}

/// A message with any response body after the first `<` cut off, keeping its error code.
fn without_body(text: &str) -> String {
    match text.find('<') {
        Some(at) => {
            let head = text[..at].trim_end().trim_end_matches(':');
            match service_code(text) {
                Some(code) => format!("{head} ({code})"),
                None => head.to_string(),
            }
        }
        None => text.to_string(),
    }
}

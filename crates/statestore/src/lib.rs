//! The bytes of a Terraform state, from where Terraform keeps it.
//!
//! A [`StateSource`] is parsed from the `SOURCE` a user gives (`aetheredge drift --state
//! SOURCE`):
//!
//! | SOURCE | where the state is read |
//! | --- | --- |
//! | `path/to/terraform.tfstate`, `/abs/path`, `file:///abs/path` | a local file |
//! | `http://…`, `https://…` | Terraform's `http` backend: a GET of the address |
//! | `s3://BUCKET/KEY` | the `s3` backend's object (credentials from the AWS environment) |
//! | `gs://BUCKET/PREFIX/default.tfstate` | the `gcs` backend's object |
//! | `azblob://ACCOUNT/CONTAINER/KEY` | the `azurerm` backend's blob |
//!
//! The object stores take `?workspace=NAME` (or [`StateSource::with_workspace`]) to read a
//! non-default workspace's state under the key that backend gives it.
//!
//! [`StateSource::fetch`] returns the bytes (at most 512 MiB unless
//! [`StateSource::with_size_limit`] says otherwise); [`StateSource::display`] is the source
//! with every credential left out, the only form that appears in errors and logs.

mod aws_profile;
mod cloud;
mod file;
mod http;

use std::fmt;
use std::path::PathBuf;

use url::Url;

/// The largest state read unless [`StateSource::with_size_limit`] changes it: Terraform
/// states of tens of thousands of resources stay well under it.
const DEFAULT_SIZE_LIMIT: u64 = 512 * 1024 * 1024;

/// Where a Terraform state is kept, parsed from a user's `SOURCE`.
#[derive(Clone, PartialEq, Eq)]
pub struct StateSource {
    location: Location,
    /// A non-default workspace of an object-store backend.
    workspace: Option<String>,
    size_limit: u64,
}

#[derive(Clone, PartialEq, Eq)]
enum Location {
    /// A local file; `shown` is the path as the user wrote it.
    File {
        path: PathBuf,
        shown: String,
    },
    /// Terraform's http backend address (may carry user info, never shown).
    Http(Url),
    S3 {
        bucket: String,
        key: String,
    },
    Gcs {
        bucket: String,
        object: String,
    },
    Azure {
        account: String,
        container: String,
        blob: String,
    },
}

/// Why a state could not be had. Every message names the source as
/// [`StateSource::display`] shows it (no credentials).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The SOURCE itself is not a source this crate reads.
    #[error("state source `{name}`: {reason}")]
    Invalid { name: String, reason: String },
    /// The file, object or address holds no state.
    #[error("state `{name}` not found: {reason}")]
    NotFound { name: String, reason: String },
    /// The server could not be reached (connection refused, DNS, time-out).
    #[error("state `{name}` is unreachable: {reason}")]
    Unreachable { name: String, reason: String },
    /// The server refused the credentials (HTTP 401/403).
    #[error("access to state `{name}` was denied: {reason}")]
    Denied { name: String, reason: String },
    /// The state is larger than the size limit.
    #[error("state `{name}` is larger than the limit of {}{}", size_text(*.limit), .size.map(|s| format!(" (it has {})", size_text(s))).unwrap_or_default())]
    TooLarge {
        name: String,
        limit: u64,
        size: Option<u64>,
    },
    /// A local path names a directory.
    #[error("state `{name}` is a directory, not a state file")]
    NotAFile { name: String },
    /// Anything else: an unexpected HTTP status, an I/O error, a client that could not be set up.
    #[error("state `{name}` could not be read: {reason}")]
    Failed { name: String, reason: String },
}

impl StateSource {
    /// Parses a user's SOURCE: a local path, `file://`, `http(s)://`, `s3://`, `gs://` or
    /// `azblob://` (see the crate's documentation). The error names the source without its
    /// credentials.
    pub fn parse(source: &str) -> Result<StateSource, SourceError> {
        let invalid = |reason: String| SourceError::Invalid {
            name: redact_unparsed(source),
            reason,
        };
        if source.trim().is_empty() {
            return Err(invalid("the source is empty".to_string()));
        }
        let (location, workspace) = match scheme_of(source) {
            None => (
                Location::File {
                    path: PathBuf::from(source),
                    shown: source.to_string(),
                },
                None,
            ),
            Some(scheme) => match scheme.to_ascii_lowercase().as_str() {
                "file" => (parse_file_url(source).map_err(invalid)?, None),
                "http" | "https" => (parse_http(source).map_err(invalid)?, None),
                "s3" | "gs" | "azblob" => {
                    parse_object_store(&scheme.to_ascii_lowercase(), &source[scheme.len() + 3..])
                        .map_err(invalid)?
                }
                other => {
                    return Err(invalid(format!(
                        "`{other}://` is not a state source; use a file path, file://, http://, \
                         https://, s3://, gs:// or azblob://"
                    )))
                }
            },
        };
        let parsed = StateSource {
            location,
            workspace: None,
            size_limit: DEFAULT_SIZE_LIMIT,
        };
        match workspace {
            Some(name) => parsed.with_workspace(&name),
            None => Ok(parsed),
        }
    }

    /// The same source, reading workspace `name` of an object-store backend (s3, gcs,
    /// azurerm) as `terraform workspace select NAME` would; `default` is the plain key.
    ///
    /// The keys are those Terraform's backends write:
    /// - `s3`: `env:/NAME/KEY` — "When using a non-default workspace, the state path will be
    ///   `/workspace_key_prefix/workspace_name/key`", `workspace_key_prefix` defaulting to
    ///   `env:` (Terraform's s3 backend documentation, `key`).
    /// - `gcs`: `PREFIX/NAME.tfstate` — "Named states for workspaces are stored in an object
    ///   named `<prefix>/<name>.tfstate`" (the gcs backend's `prefix`); the source names the
    ///   default workspace's object, `PREFIX/default.tfstate`.
    /// - `azurerm`: `KEYenv:NAME` — the backend's blob for a workspace is the key followed by
    ///   `env:` and the name (`path()` in Terraform's azure backend, `backend_state.go`).
    ///
    /// A name is refused where Terraform refuses it: it must be its own URL path escape.
    pub fn with_workspace(mut self, name: &str) -> Result<StateSource, SourceError> {
        let invalid = |reason: String| SourceError::Invalid {
            name: self.display(),
            reason,
        };
        if !is_workspace_name(name) {
            return Err(invalid(format!(
                "`{name}` is not a Terraform workspace name (letters, digits and -_.~$&+,;=:@ only)"
            )));
        }
        match &self.location {
            Location::File { .. } | Location::Http(_) => {
                return Err(invalid(
                    "workspaces apply to s3://, gs:// and azblob:// sources; a file or an http \
                     address holds one state"
                        .to_string(),
                ))
            }
            Location::Gcs { object, .. } if gcs_prefix(object).is_none() && name != "default" => {
                return Err(invalid(
                    "a gcs workspace needs the default workspace's object, PREFIX/default.tfstate"
                        .to_string(),
                ))
            }
            _ => {}
        }
        self.workspace = (name != "default").then(|| name.to_string());
        Ok(self)
    }

    /// The same source with another bound on the state's size (512 MiB by default).
    pub fn with_size_limit(mut self, bytes: u64) -> StateSource {
        self.size_limit = bytes;
        self
    }

    /// The source without credentials: no user info, and every query value of an http
    /// address replaced by `***`.
    pub fn display(&self) -> String {
        let workspace = self
            .workspace
            .as_ref()
            .map(|w| format!("?workspace={w}"))
            .unwrap_or_default();
        match &self.location {
            Location::File { shown, .. } => shown.clone(),
            Location::Http(url) => display_url(url),
            Location::S3 { bucket, key } => format!("s3://{bucket}/{key}{workspace}"),
            Location::Gcs { bucket, object } => format!("gs://{bucket}/{object}{workspace}"),
            Location::Azure {
                account,
                container,
                blob,
            } => format!("azblob://{account}/{container}/{blob}{workspace}"),
        }
    }

    /// Reads the state at `source` (in `workspace` when one is named): how the source is
    /// shown (without credentials) and its bytes, or the error with that name.
    pub fn read(source: &str, workspace: Option<&str>) -> (String, Result<Vec<u8>, SourceError>) {
        let parsed = StateSource::parse(source).and_then(|s| match workspace {
            Some(w) => s.with_workspace(w),
            None => Ok(s),
        });
        match parsed {
            Ok(s) => (s.display(), s.fetch()),
            Err(e) => (source.to_string(), Err(e)),
        }
    }

    /// Reads the state's bytes. Blocking: the network sources run on a small current-thread
    /// runtime of their own (on a separate thread when called from inside a tokio runtime).
    pub fn fetch(&self) -> Result<Vec<u8>, SourceError> {
        let name = self.display();
        tracing::debug!(source = %name, "reading the Terraform state");
        if let Location::File { path, .. } = &self.location {
            return file::read(path, self.size_limit, &name);
        }
        let run = || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| SourceError::Failed {
                    name: name.clone(),
                    reason: format!("cannot start the network runtime: {e}"),
                })?;
            runtime.block_on(self.fetch_remote(&name))
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            std::thread::scope(|scope| scope.spawn(run).join()).unwrap_or_else(|_| {
                Err(SourceError::Failed {
                    name: name.clone(),
                    reason: "the reading thread panicked".to_string(),
                })
            })
        } else {
            run()
        }
    }

    async fn fetch_remote(&self, name: &str) -> Result<Vec<u8>, SourceError> {
        let limit = self.size_limit;
        let key = self.object_key();
        match &self.location {
            Location::File { .. } => unreachable!("files are read without a runtime"),
            Location::Http(url) => http::get(url, limit, name).await,
            Location::S3 { bucket, .. } => {
                cloud::get(cloud::Store::S3 { bucket }, &key, limit, name).await
            }
            Location::Gcs { bucket, .. } => {
                cloud::get(cloud::Store::Gcs { bucket }, &key, limit, name).await
            }
            Location::Azure {
                account, container, ..
            } => {
                let store = cloud::Store::Azure { account, container };
                cloud::get(store, &key, limit, name).await
            }
        }
    }

    /// The object an object-store source reads: its key, or the workspace's key (see
    /// [`StateSource::with_workspace`]). Empty for files and http addresses.
    fn object_key(&self) -> String {
        let workspace = self.workspace.as_deref();
        match (&self.location, workspace) {
            (Location::File { .. } | Location::Http(_), _) => String::new(),
            (Location::S3 { key, .. }, Some(w)) => format!("env:/{w}/{key}"),
            (Location::S3 { key, .. }, None) => key.clone(),
            (Location::Gcs { object, .. }, Some(w)) => match gcs_prefix(object) {
                Some(prefix) => format!("{prefix}{w}.tfstate"),
                None => object.clone(),
            },
            (Location::Gcs { object, .. }, None) => object.clone(),
            (Location::Azure { blob, .. }, Some(w)) => format!("{blob}env:{w}"),
            (Location::Azure { blob, .. }, None) => blob.clone(),
        }
    }
}

/// Never prints credentials: a source's debug form is its display form.
impl fmt::Debug for StateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StateSource").field(&self.display()).finish()
    }
}

/// `SCHEME` of `SCHEME://…`, when the source has that shape (a Windows path `C:\…` does not).
fn scheme_of(source: &str) -> Option<&str> {
    let (scheme, _) = source.split_once("://")?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

fn parse_file_url(source: &str) -> Result<Location, String> {
    let url = Url::parse(source).map_err(|e| format!("not a valid file URL: {e}"))?;
    match url.host_str() {
        None | Some("") | Some("localhost") => {}
        Some(host) => return Err(format!("a file URL names this machine, not `{host}`")),
    }
    let path = url
        .to_file_path()
        .map_err(|()| "not a local file path".to_string())?;
    Ok(Location::File {
        path,
        shown: source.to_string(),
    })
}

fn parse_http(source: &str) -> Result<Location, String> {
    let url = Url::parse(source).map_err(|e| format!("not a valid URL: {e}"))?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the address has no host".to_string());
    }
    Ok(Location::Http(url))
}

/// `BUCKET/KEY[?workspace=NAME]` of an `s3://`, `gs://` or `azblob://` source (the scheme
/// already taken off). Keys are taken literally, not percent-decoded.
fn parse_object_store(scheme: &str, rest: &str) -> Result<(Location, Option<String>), String> {
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let mut workspace = None;
    for (key, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "workspace" => workspace = Some(value.into_owned()),
            other => return Err(format!("unknown parameter `{other}` (only `workspace`)")),
        }
    }
    let (first, object) = path
        .split_once('/')
        .ok_or_else(|| format!("expected {scheme}://{}", object_shape(scheme)))?;
    let missing = |what: &str| format!("no {what}: expected {scheme}://{}", object_shape(scheme));
    if first.is_empty() {
        return Err(missing(if scheme == "azblob" {
            "storage account"
        } else {
            "bucket"
        }));
    }
    let location = match scheme {
        "s3" => Location::S3 {
            bucket: first.to_string(),
            key: object_key(object).map_err(|e| missing_or(e, &missing("key")))?,
        },
        "gs" => Location::Gcs {
            bucket: first.to_string(),
            object: object_key(object).map_err(|e| missing_or(e, &missing("object")))?,
        },
        _ => {
            let (container, blob) = object.split_once('/').unwrap_or((object, ""));
            if container.is_empty() {
                return Err(missing("container"));
            }
            Location::Azure {
                account: first.to_string(),
                container: container.to_string(),
                blob: object_key(blob).map_err(|e| missing_or(e, &missing("blob")))?,
            }
        }
    };
    Ok((location, workspace))
}

fn object_shape(scheme: &str) -> &'static str {
    match scheme {
        "s3" => "BUCKET/KEY",
        "gs" => "BUCKET/PREFIX/default.tfstate",
        _ => "ACCOUNT/CONTAINER/BLOB",
    }
}

/// An object key the object-store client can address as written; `Err(None)` when empty.
fn object_key(key: &str) -> Result<String, Option<String>> {
    if key.is_empty() {
        return Err(None);
    }
    if key.starts_with('/') || key.ends_with('/') || key.contains("//") {
        return Err(Some(format!(
            "the key `{key}` has an empty path segment (a leading, trailing or doubled `/`)"
        )));
    }
    object_store::path::Path::parse(key)
        .map_err(|e| Some(format!("the key `{key}` cannot be addressed: {e}")))?;
    Ok(key.to_string())
}

fn missing_or(error: Option<String>, missing: &str) -> String {
    error.unwrap_or_else(|| missing.to_string())
}

/// `PREFIX/` (or ``) when a gcs object is a default workspace's `PREFIX/default.tfstate`.
fn gcs_prefix(object: &str) -> Option<&str> {
    let prefix = object.strip_suffix("default.tfstate")?;
    (prefix.is_empty() || prefix.ends_with('/')).then_some(prefix)
}

/// Terraform accepts a workspace name that is its own URL path escape (Go's
/// `url.PathEscape(name) == name`).
fn is_workspace_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '-' | '_' | '.' | '~' | '$' | '&' | '+' | ',' | ';' | '=' | ':' | '@'
                )
        })
}

/// An http address without user info or fragment, each query value replaced by `***`.
fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    // A URL with a host always accepts these.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_fragment(None);
    if url.query().is_some() {
        let keys: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        shown.set_query(None);
        if !keys.is_empty() {
            let mut pairs = shown.query_pairs_mut();
            for key in &keys {
                pairs.append_pair(key, "***");
            }
        }
    }
    shown.to_string()
}

/// A source that did not parse, with anything that may be user info (`…://USER:PASS@`) and
/// any query left out.
fn redact_unparsed(source: &str) -> String {
    let without_query = source.split(['?', '#']).next().unwrap_or_default();
    match without_query.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(authority_end);
            let host = authority
                .rsplit_once('@')
                .map_or(authority, |(_, host)| host);
            format!("{scheme}://{host}{path}")
        }
        None => without_query.to_string(),
    }
}

/// `512 MiB`, `1.5 KiB`, `12 bytes`.
fn size_text(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let whole = bytes / size;
            let tenths = (bytes % size) * 10 / size;
            return if tenths == 0 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenths} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// The innermost cause of an error, the part that says what happened ("Connection refused
/// (os error 111)"); outer layers of HTTP clients print the request URL, which may carry
/// credentials.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests;

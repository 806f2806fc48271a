//! GitHub App authentication for the long-running bot: the app id and its private key sign
//! a JWT, which buys an installation token; the client renews that token five minutes
//! before it expires (octocrab mints and caches it, [`super::client`] asks for the margin).
//! Read from `GITHUB_APP_ID`, `GITHUB_APP_PRIVATE_KEY` (the PEM itself) or
//! `GITHUB_APP_PRIVATE_KEY_PATH`, and optionally `GITHUB_APP_INSTALLATION_ID`; without an
//! installation id, the installation is the one on the repository under review.

use http::Method;
use octocrab::Octocrab;

use super::client::Policy;
use super::GitHubError;

/// What a GitHub App authenticates with. The key never appears in `Debug` output.
#[derive(Clone)]
pub struct AppCredentials {
    pub app_id: u64,
    /// The RSA private key, PEM.
    pub private_key_pem: String,
    pub installation_id: Option<u64>,
}

impl std::fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_id", &self.app_id)
            .field("installation_id", &self.installation_id)
            .finish_non_exhaustive()
    }
}

impl AppCredentials {
    /// The App's credentials from the environment, or `None` when `GITHUB_APP_ID` is unset.
    pub(crate) fn from_env() -> Result<Option<AppCredentials>, GitHubError> {
        let Some(app_id) = std::env::var("GITHUB_APP_ID")
            .ok()
            .filter(|v| !v.is_empty())
        else {
            return Ok(None);
        };
        let app_id = app_id
            .trim()
            .parse::<u64>()
            .map_err(|_| GitHubError::BadEnv {
                name: "GITHUB_APP_ID",
                expected: "a number",
            })?;
        let private_key_pem = match std::env::var("GITHUB_APP_PRIVATE_KEY") {
            Ok(pem) if !pem.trim().is_empty() => pem,
            _ => {
                let path = std::env::var("GITHUB_APP_PRIVATE_KEY_PATH").map_err(|_| {
                    GitHubError::BadEnv {
                        name: "GITHUB_APP_PRIVATE_KEY",
                        expected: "the App's private key (PEM), or GITHUB_APP_PRIVATE_KEY_PATH naming its file",
                    }
                })?;
                std::fs::read_to_string(&path).map_err(|e| GitHubError::KeyFile {
                    path: path.clone(),
                    reason: e.kind().to_string(),
                })?
            }
        };
        let installation_id = match std::env::var("GITHUB_APP_INSTALLATION_ID") {
            Ok(v) if !v.trim().is_empty() => {
                Some(v.trim().parse::<u64>().map_err(|_| GitHubError::BadEnv {
                    name: "GITHUB_APP_INSTALLATION_ID",
                    expected: "a number",
                })?)
            }
            _ => None,
        };
        Ok(Some(AppCredentials {
            app_id,
            private_key_pem,
            installation_id,
        }))
    }

    /// The key for signing JWTs; the error says which App's key is bad, never the key.
    pub(crate) fn encoding_key(&self) -> Result<octocrab::EncodingKey, GitHubError> {
        octocrab::EncodingKey::from_rsa_pem(self.private_key_pem.as_bytes()).map_err(|_| {
            GitHubError::BadPrivateKey {
                app_id: self.app_id,
            }
        })
    }
}

/// The installation of the App on `repository` (`OWNER/NAME`), asked as the App (JWT).
pub(crate) async fn find_installation(
    as_app: &Octocrab,
    repository: &str,
    policy: &Policy,
) -> Result<u64, GitHubError> {
    let path = format!("/repos/{repository}/installation");
    let request = as_app
        .build_request(
            http::Request::builder()
                .method(Method::GET)
                .uri(path.as_str())
                .header(http::header::ACCEPT, "application/vnd.github+json"),
            None::<&()>,
        )
        .map_err(|e| GitHubError::Client {
            reason: e.to_string(),
        })?;
    let answer = tokio::time::timeout(policy.timeout, async {
        let response = as_app.execute(request).await?;
        let status = response.status();
        let text = as_app.body_to_string(response).await?;
        Ok::<_, octocrab::Error>((status, text))
    })
    .await;
    let (status, text) = match answer {
        Ok(Ok(a)) => a,
        _ => {
            return Err(GitHubError::NoInstallation {
                repository: repository.into(),
            })
        }
    };
    let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    match body["id"].as_u64() {
        Some(id) if status.is_success() => {
            tracing::info!(
                repository,
                installation = id,
                "found the App's installation"
            );
            Ok(id)
        }
        _ => Err(GitHubError::NoInstallation {
            repository: repository.into(),
        }),
    }
}

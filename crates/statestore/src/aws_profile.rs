//! Named AWS profiles, read as the AWS CLI and SDKs read them: keys from the shared
//! credentials file (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`, section
//! `[NAME]`) or the config file (`AWS_CONFIG_FILE`, default `~/.aws/config`, section
//! `[profile NAME]`, `[default]` for the default profile), the region from the config file.
//! A profile is used when no keys are in the environment (the SDKs' order): `AWS_PROFILE`,
//! else `default`.

use std::path::{Path, PathBuf};

/// What a profile gives the S3 client.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Profile {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub region: Option<String>,
}

/// The profile `name` from these two files (either may be missing); `None` when neither has
/// it. An unreadable or invalid file is an error naming it.
pub(crate) fn read(
    name: &str,
    credentials: &Path,
    config: &Path,
) -> Result<Option<Profile>, String> {
    let load = |path: &Path| -> Result<Option<ini::Ini>, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => ini::Ini::load_from_str(&text)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    };
    let config_section = if name == "default" {
        "default".to_string()
    } else {
        format!("profile {name}")
    };
    let from_credentials = load(credentials)?;
    let from_config = load(config)?;
    let credentials = from_credentials
        .as_ref()
        .and_then(|i| i.section(Some(name)));
    let config = from_config
        .as_ref()
        .and_then(|i| i.section(Some(config_section.as_str())));
    if credentials.is_none() && config.is_none() {
        return Ok(None);
    }
    // The credentials file wins over the config file for keys, as in the SDKs.
    let get = |key: &str| {
        credentials
            .and_then(|s| s.get(key))
            .or_else(|| config.and_then(|s| s.get(key)))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    Ok(Some(Profile {
        access_key_id: get("aws_access_key_id"),
        secret_access_key: get("aws_secret_access_key"),
        session_token: get("aws_session_token"),
        region: config
            .and_then(|s| s.get("region"))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
    }))
}

/// The profile the environment names, from the files it names: `None` when keys are in the
/// environment (they win) or no file has the profile.
pub(crate) fn from_environment() -> Result<Option<Profile>, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if env("AWS_ACCESS_KEY_ID").is_some() {
        return Ok(None);
    }
    let home = || {
        env("HOME")
            .map(PathBuf::from)
            .unwrap_or_default()
            .join(".aws")
    };
    let credentials = env("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join("credentials"));
    let config = env("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join("config"));
    let name = env("AWS_PROFILE").unwrap_or_else(|| "default".to_string());
    let profile = read(&name, &credentials, &config)?;
    if profile.is_none() && env("AWS_PROFILE").is_some() {
        return Err(format!(
            "AWS_PROFILE names profile `{name}`, which neither {} nor {} has",
            credentials.display(),
            config.display()
        ));
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_credentials_file_and_the_region_from_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let credentials = dir.path().join("credentials");
        let config = dir.path().join("config");
        std::fs::write(
            &credentials,
            "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n\n[ops]\naws_access_key_id = AKIAOPS\naws_secret_access_key = s3cr3t\naws_session_token = tok\n",
        )
        .unwrap();
        std::fs::write(
            &config,
            "[default]\nregion = eu-west-1\n\n[profile ops]\nregion = us-east-2\naws_access_key_id = AKIAIGNORED\n\n[profile only-config]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n",
        )
        .unwrap();
        let ops = read("ops", &credentials, &config).unwrap().unwrap();
        assert_eq!(
            ops,
            Profile {
                access_key_id: Some("AKIAOPS".into()),
                secret_access_key: Some("s3cr3t".into()),
                session_token: Some("tok".into()),
                region: Some("us-east-2".into()),
            }
        );
        let default = read("default", &credentials, &config).unwrap().unwrap();
        assert_eq!(default.region.as_deref(), Some("eu-west-1"));
        let only = read("only-config", &credentials, &config).unwrap().unwrap();
        assert_eq!(only.access_key_id.as_deref(), Some("AKIACONFIG"));
        assert_eq!(read("nobody", &credentials, &config).unwrap(), None);
        assert_eq!(
            read("ops", &dir.path().join("none"), &dir.path().join("none2")).unwrap(),
            None
        );
    }

    #[test]
    fn an_invalid_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let credentials = dir.path().join("credentials");
        std::fs::write(&credentials, "[ops\naws_access_key_id = x\n").unwrap();
        let error = read("ops", &credentials, &dir.path().join("config")).unwrap_err();
        assert!(
            error.starts_with(&credentials.display().to_string()),
            "{error}"
        );
    }
}

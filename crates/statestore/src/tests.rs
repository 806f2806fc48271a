use super::*;

fn parsed(source: &str) -> StateSource {
    StateSource::parse(source).unwrap_or_else(|e| panic!("{source}: {e}"))
}

fn invalid_reason(source: &str) -> String {
    match StateSource::parse(source) {
        Err(SourceError::Invalid { reason, .. }) => reason,
        other => panic!("{source}: expected an invalid source, got {other:?}"),
    }
}

#[test]
fn local_paths_and_file_urls_are_files() {
    for source in [
        "terraform.tfstate",
        "./envs/prod.tfstate",
        "/var/lib/tf/x.tfstate",
    ] {
        let source_parsed = parsed(source);
        assert!(matches!(source_parsed.location, Location::File { .. }));
        assert_eq!(source_parsed.display(), source);
    }
    match parsed("file:///srv/states/app%20one.tfstate").location {
        Location::File { path, .. } => {
            assert_eq!(path, PathBuf::from("/srv/states/app one.tfstate"))
        }
        _ => panic!("file:// is a file"),
    }
    assert!(invalid_reason("file://builder.example/x.tfstate").contains("builder.example"));
}

#[test]
fn http_display_leaves_out_user_info_fragment_and_query_values() {
    let source = parsed("https://ci:s3cr%40t@state.example.test/tf/app?lock=1&token=abc#frag");
    let shown = source.display();
    assert_eq!(
        shown,
        "https://state.example.test/tf/app?lock=***&token=***"
    );
    assert!(!format!("{source:?}").contains("s3cr"));
    // A source that does not parse is named without its user info or query either.
    let error = StateSource::parse("https://ci:hunter2@[bad/tf?token=abc").unwrap_err();
    let message = error.to_string();
    assert!(
        !message.contains("hunter2") && !message.contains("abc"),
        "{message}"
    );
    assert!(message.contains("https://[bad/tf"), "{message}");
}

#[test]
fn object_store_sources_take_bucket_key_and_workspace() {
    let s3 = parsed("s3://acme-states/network/terraform.tfstate");
    assert_eq!(s3.object_key(), "network/terraform.tfstate");
    assert_eq!(s3.display(), "s3://acme-states/network/terraform.tfstate");

    let staging = parsed("s3://acme-states/network/terraform.tfstate?workspace=staging");
    assert_eq!(
        staging.object_key(),
        "env:/staging/network/terraform.tfstate"
    );
    assert_eq!(
        staging.display(),
        "s3://acme-states/network/terraform.tfstate?workspace=staging"
    );

    let gcs = parsed("gs://acme-tf/platform/default.tfstate?workspace=qa");
    assert_eq!(gcs.object_key(), "platform/qa.tfstate");
    let gcs_root = parsed("gs://acme-tf/default.tfstate")
        .with_workspace("qa")
        .unwrap();
    assert_eq!(gcs_root.object_key(), "qa.tfstate");

    let azure = parsed("azblob://acmestore/tfstate/prod.terraform.tfstate?workspace=blue");
    assert_eq!(azure.object_key(), "prod.terraform.tfstateenv:blue");
    assert!(matches!(
        azure.location,
        Location::Azure { ref account, ref container, .. } if account == "acmestore" && container == "tfstate"
    ));
}

#[test]
fn the_default_workspace_is_the_plain_key() {
    let source = parsed("s3://acme-states/app.tfstate?workspace=default");
    assert_eq!(source.object_key(), "app.tfstate");
    assert_eq!(source.display(), "s3://acme-states/app.tfstate");
    let source = parsed("gs://acme-tf/app/default.tfstate")
        .with_workspace("default")
        .unwrap();
    assert_eq!(source.object_key(), "app/default.tfstate");
}

#[test]
fn workspaces_are_refused_where_terraform_has_none_or_the_name_is_not_terraforms() {
    let file = parsed("terraform.tfstate")
        .with_workspace("dev")
        .unwrap_err();
    assert!(file.to_string().contains("workspaces apply to"), "{file}");
    let http = parsed("https://state.example.test/app").with_workspace("dev");
    assert!(http.is_err());
    let bad_name = parsed("s3://acme-states/app.tfstate").with_workspace("dev/blue");
    assert!(bad_name.unwrap_err().to_string().contains("`dev/blue`"));
    assert!(invalid_reason("s3://acme-states/app.tfstate?workspace=").contains("workspace name"));
    let gcs = parsed("gs://acme-tf/app/state.json").with_workspace("dev");
    assert!(gcs.unwrap_err().to_string().contains("default.tfstate"));
}

#[test]
fn malformed_object_store_sources_say_what_is_missing() {
    assert!(invalid_reason("s3://acme-states").contains("expected s3://BUCKET/KEY"));
    assert!(invalid_reason("s3:///app.tfstate").contains("no bucket"));
    assert!(invalid_reason("s3://acme-states/").contains("no key"));
    assert!(invalid_reason("gs://acme-tf/").contains("no object"));
    assert!(invalid_reason("azblob://acmestore/tfstate").contains("no blob"));
    assert!(invalid_reason("azblob://acmestore//x").contains("no container"));
    assert!(invalid_reason("s3://acme-states/a//b.tfstate").contains("empty path segment"));
    assert!(invalid_reason("s3://acme-states/a.tfstate?versionId=3").contains("`versionId`"));
    assert!(invalid_reason("ftp://host/x.tfstate").contains("`ftp://` is not a state source"));
    assert!(invalid_reason("  ").contains("empty"));
}

#[test]
fn sizes_read_as_people_write_them() {
    assert_eq!(size_text(DEFAULT_SIZE_LIMIT), "512 MiB");
    assert_eq!(size_text(1536), "1.5 KiB");
    assert_eq!(size_text(12), "12 bytes");
    let error = SourceError::TooLarge {
        name: "s3://b/k".into(),
        limit: DEFAULT_SIZE_LIMIT,
        size: Some(DEFAULT_SIZE_LIMIT + (1 << 20)),
    };
    assert_eq!(
        error.to_string(),
        "state `s3://b/k` is larger than the limit of 512 MiB (it has 513 MiB)"
    );
}

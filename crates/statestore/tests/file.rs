//! Local paths and `file://` sources.

use aetheredge_statestore::{SourceError, StateSource};

#[test]
fn reads_a_path_and_a_file_url() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app state.tfstate");
    std::fs::write(&path, b"{\"version\": 4}").unwrap();
    let by_path = StateSource::parse(path.to_str().unwrap()).unwrap();
    assert_eq!(by_path.fetch().unwrap(), b"{\"version\": 4}");
    let url = url::Url::from_file_path(&path).unwrap();
    let by_url = StateSource::parse(url.as_str()).unwrap();
    assert_eq!(by_url.fetch().unwrap(), b"{\"version\": 4}");
}

#[test]
fn a_missing_file_is_not_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.tfstate");
    let error = StateSource::parse(path.to_str().unwrap())
        .unwrap()
        .fetch()
        .unwrap_err();
    assert!(matches!(error, SourceError::NotFound { .. }), "{error:?}");
    assert!(
        error.to_string().contains(path.to_str().unwrap()),
        "{error}"
    );
}

#[test]
fn a_directory_is_not_a_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let error = StateSource::parse(dir.path().to_str().unwrap())
        .unwrap()
        .fetch()
        .unwrap_err();
    assert!(matches!(error, SourceError::NotAFile { .. }), "{error:?}");
}

#[test]
fn a_file_over_512_mib_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.tfstate");
    // Sparse: no disk is used and nothing is read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(512 * 1024 * 1024 + 1)
        .unwrap();
    let error = StateSource::parse(path.to_str().unwrap())
        .unwrap()
        .fetch()
        .unwrap_err();
    assert!(
        matches!(
            error,
            SourceError::TooLarge {
                limit: 536_870_912,
                size: Some(536_870_913),
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn a_pipe_is_bounded_while_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("state.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut pipe = std::fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .unwrap();
        // The reader stops at the limit and closes: the rest of the write may fail.
        let _ = pipe.write_all(&[b'x'; 4096]);
    });
    let source = StateSource::parse(fifo.to_str().unwrap())
        .unwrap()
        .with_size_limit(1000);
    let error = source.fetch().unwrap_err();
    assert!(
        matches!(error, SourceError::TooLarge { size: None, .. }),
        "{error:?}"
    );
    writer.join().unwrap();
}

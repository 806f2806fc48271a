//! A state in a local file, read through a bounded reader.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use crate::SourceError;

pub(crate) fn read(path: &Path, limit: u64, name: &str) -> Result<Vec<u8>, SourceError> {
    let failed = |reason: String| SourceError::Failed {
        name: name.to_string(),
        reason,
    };
    let opened = File::open(path).and_then(|file| Ok((file.metadata()?, file)));
    let (metadata, file) = match opened {
        Ok(opened) => opened,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(SourceError::NotFound {
                name: name.to_string(),
                reason: "no such file".to_string(),
            })
        }
        Err(e) if e.kind() == ErrorKind::IsADirectory => {
            return Err(SourceError::NotAFile {
                name: name.to_string(),
            })
        }
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            return Err(SourceError::Denied {
                name: name.to_string(),
                reason: e.to_string(),
            })
        }
        Err(e) => return Err(failed(e.to_string())),
    };
    if metadata.is_dir() {
        return Err(SourceError::NotAFile {
            name: name.to_string(),
        });
    }
    let too_large = |size| SourceError::TooLarge {
        name: name.to_string(),
        limit,
        size,
    };
    // A regular file's length is known up front; a pipe or a device is bounded as it is read.
    if metadata.is_file() && metadata.len() > limit {
        return Err(too_large(Some(metadata.len())));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len().min(limit)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| failed(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(None));
    }
    tracing::debug!(source = name, bytes = bytes.len(), "read the state file");
    Ok(bytes)
}

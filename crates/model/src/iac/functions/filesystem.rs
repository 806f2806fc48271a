//! Filesystem functions: files read through the evaluation context, and Go's path
//! functions. `templatefile` is in [`super::templates`], the file hashes in [`super::hash`].

use base64::Engine as _;

use super::encoding::GO_BASE64;
use super::Fx;
use crate::iac::eval::EvalError;
use crate::iac::value::Value;

pub(super) fn f_file(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    fx.read_file(&path).map(Value::String)
}

pub(super) fn f_fileexists(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    Ok(Value::Bool(fx.ctx.read_file(&path).is_ok()))
}

pub(super) fn f_filebase64(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    Ok(Value::String(GO_BASE64.encode(fx.read_file(&path)?)))
}

/// Go's `path.Clean`.
fn clean_path(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

pub(super) fn f_basename(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    if path.is_empty() {
        return Ok(Value::string("."));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::string("/"));
    }
    Ok(Value::string(trimmed.rsplit('/').next().unwrap_or(trimmed)))
}

pub(super) fn f_dirname(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let path = fx.string("path", &a[0])?;
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    Ok(Value::String(clean_path(dir)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn file_functions_read_through_the_context() {
        assert_eq!(ok("file", vec![s("hello.txt")]), s("Hello World"));
        assert_eq!(
            err("file", vec![s("missing.txt")]),
            "Invalid function argument: file: no file exists at missing.txt"
        );
        assert_eq!(ok("fileexists", vec![s("hello.txt")]), b(true));
        assert_eq!(ok("fileexists", vec![s("missing.txt")]), b(false));
        assert_eq!(
            ok("filebase64", vec![s("hello.txt")]),
            s("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            ok("filesha256", vec![s("hello.txt")]),
            s("a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e")
        );
        assert_eq!(ok("file", vec![unk("var.path")]), unk("var.path"));
    }

    #[test]
    fn path_functions_follow_go_filepath() {
        assert_eq!(ok("basename", vec![s("foo/bar/baz.txt")]), s("baz.txt"));
        assert_eq!(ok("basename", vec![s("foo/bar/")]), s("bar"));
        assert_eq!(ok("basename", vec![s("/")]), s("/"));
        assert_eq!(ok("basename", vec![s("")]), s("."));
        assert_eq!(ok("dirname", vec![s("foo/bar/baz.txt")]), s("foo/bar"));
        assert_eq!(ok("dirname", vec![s("foo")]), s("."));
        assert_eq!(ok("dirname", vec![s("/foo")]), s("/"));
        assert_eq!(ok("dirname", vec![s("a/../b/./c")]), s("b"));
    }
}

//! The built-in policy library: every `.rego` file under `policies/` at the repo root,
//! compiled into the binary. Rules live in packages under `aetheredge.rules`, helpers in
//! `aetheredge.lib`, and their Rego tests (`*_test.rego`) in packages under
//! `aetheredge.tests`.

use include_dir::{include_dir, Dir};

use super::PolicySource;

static LIBRARY: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// The prefix built-in policy paths carry, so findings and errors say where they come from.
pub const BUILTIN_PREFIX: &str = "builtin:policies/";

/// The library's policies (`with_tests` adds its `_test.rego` files), sorted by path.
pub fn sources(with_tests: bool) -> Vec<PolicySource> {
    let mut out = Vec::new();
    collect(&LIBRARY, with_tests, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(dir: &Dir<'static>, with_tests: bool, out: &mut Vec<PolicySource>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().to_string();
        if !path.ends_with(".rego") || (!with_tests && path.ends_with("_test.rego")) {
            continue;
        }
        if let Some(text) = file.contents_utf8() {
            out.push(PolicySource {
                path: format!("{BUILTIN_PREFIX}{path}"),
                text: text.to_string(),
                builtin: true,
            });
        }
    }
    for sub in dir.dirs() {
        collect(sub, with_tests, out);
    }
}

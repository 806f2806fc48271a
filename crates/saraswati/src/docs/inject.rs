//! README injection: the generated docs go between `<!-- BEGIN_AETHEREDGE_DOCS -->` and
//! `<!-- END_AETHEREDGE_DOCS -->`; everything else of the README is kept byte for byte.

pub const BEGIN: &str = "<!-- BEGIN_AETHEREDGE_DOCS -->";
pub const END: &str = "<!-- END_AETHEREDGE_DOCS -->";

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InjectError {
    #[error("{path} has {BEGIN} but no {END} after it: add the end marker")]
    Unterminated { path: String },
}

/// The README with `generated` between the markers; `Ok(None)` when it has no markers (it is
/// not managed).
pub fn inject(path: &str, readme: &str, generated: &str) -> Result<Option<String>, InjectError> {
    let Some(start) = readme.find(BEGIN) else {
        return Ok(None);
    };
    let after_begin = start + BEGIN.len();
    let Some(end) = readme[after_begin..].find(END).map(|i| i + after_begin) else {
        return Err(InjectError::Unterminated {
            path: path.to_string(),
        });
    };
    let mut out = String::with_capacity(readme.len() + generated.len());
    out.push_str(&readme[..after_begin]);
    out.push('\n');
    out.push_str(generated.trim_end());
    out.push('\n');
    out.push_str(&readme[end..]);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_outside_the_markers_is_kept_and_injection_is_idempotent() {
        let readme = format!("# Net\n\nIntro.\n\n{BEGIN}\nold\n{END}\n\nFooter.\n");
        let once = inject("README.md", &readme, "## Inputs\n\nnew\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            once,
            format!("# Net\n\nIntro.\n\n{BEGIN}\n## Inputs\n\nnew\n{END}\n\nFooter.\n")
        );
        let twice = inject("README.md", &once, "## Inputs\n\nnew\n")
            .unwrap()
            .unwrap();
        assert_eq!(once, twice);
    }

    #[test]
    fn a_readme_without_markers_is_not_managed_and_a_missing_end_is_an_error() {
        assert_eq!(inject("R.md", "# x\n", "y").unwrap(), None);
        assert_eq!(
            inject("m/README.md", &format!("{BEGIN}\nx"), "y"),
            Err(InjectError::Unterminated {
                path: "m/README.md".into()
            })
        );
    }
}

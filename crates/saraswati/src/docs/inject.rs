//! README injection: the generated docs go between `<!-- BEGIN_AETHEREDGE_DOCS -->` and
//! `<!-- END_AETHEREDGE_DOCS -->`; everything else of the README is kept byte for byte.

pub const BEGIN: &str = "<!-- BEGIN_AETHEREDGE_DOCS -->";
pub const END: &str = "<!-- END_AETHEREDGE_DOCS -->";

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InjectError {
    #[error("{path} has {BEGIN} but no {END} after it: add the end marker")]
    Unterminated { path: String },
    #[error("{path}: {problem}")]
    Markers { path: String, problem: String },
}

/// The file terraform-docs' `output` settings give for `generated` (a module's docs):
/// `template` with `{{ .Content }}` replaced by them; with `replace`, that is the whole file;
/// with `inject`, it replaces the text from the template's first line (the begin marker) to
/// its last (the end marker) in `existing`, is appended when `existing` has neither marker,
/// and is the whole file when `existing` is absent or empty.
pub fn write_output(
    path: &str,
    existing: Option<&str>,
    generated: &str,
    template: &str,
    replace: bool,
) -> Result<String, InjectError> {
    let block = template.replace("{{ .Content }}", generated);
    let existing = match existing {
        Some(text) if !replace && !text.is_empty() => text,
        _ => return Ok(block),
    };
    let begin = template.lines().next().unwrap_or_default();
    let end = template.lines().last().unwrap_or_default();
    let problem = |problem: &str| InjectError::Markers {
        path: path.to_string(),
        problem: problem.to_string(),
    };
    match (existing.find(begin), existing.find(end)) {
        (None, None) => Ok(format!("{existing}\n{block}")),
        (None, Some(_)) => Err(problem(&format!("{end} without {begin} before it"))),
        (Some(_), None) => Err(problem(&format!("{begin} without {end} after it"))),
        (Some(b), Some(e)) if e < b => Err(problem(&format!("{end} comes before {begin}"))),
        (Some(b), Some(e)) => Ok(format!(
            "{}{block}{}",
            &existing[..b],
            &existing[e + end.len()..]
        )),
    }
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

    const TEMPLATE: &str = "<!-- BEGIN_TF_DOCS -->\n{{ .Content }}\n<!-- END_TF_DOCS -->";

    #[test]
    fn terraform_docs_markers_keep_every_byte_outside_them() {
        let readme = "# Net\r\n\n<!-- BEGIN_TF_DOCS -->\nold\n<!-- END_TF_DOCS -->\n\nTail  \n";
        let out = write_output("README.md", Some(readme), "new", TEMPLATE, false).unwrap();
        assert_eq!(
            out,
            "# Net\r\n\n<!-- BEGIN_TF_DOCS -->\nnew\n<!-- END_TF_DOCS -->\n\nTail  \n"
        );
        assert_eq!(
            write_output("README.md", Some(&out), "new", TEMPLATE, false).unwrap(),
            out
        );
        assert_eq!(
            write_output("R.md", Some("# x\n"), "d", TEMPLATE, false).unwrap(),
            "# x\n\n<!-- BEGIN_TF_DOCS -->\nd\n<!-- END_TF_DOCS -->"
        );
        assert_eq!(
            write_output("R.md", Some("# x\n"), "d", TEMPLATE, true).unwrap(),
            "<!-- BEGIN_TF_DOCS -->\nd\n<!-- END_TF_DOCS -->"
        );
        assert!(matches!(
            write_output(
                "R.md",
                Some("<!-- BEGIN_TF_DOCS -->\n"),
                "d",
                TEMPLATE,
                false
            ),
            Err(InjectError::Markers { .. })
        ));
    }

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

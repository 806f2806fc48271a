//! METADATA annotations of Rego rules: the YAML comment blocks OPA defines
//! (`# METADATA` followed by `# key: value` lines) that sit right above a `package` or a
//! rule. AetherEdge reads `title`, `description` and, under `custom`, `id`, `severity`,
//! `remediation`, `frameworks`, `resource_types` and `input`. `severity` and `remediation`
//! are also accepted at the top level.

use std::collections::BTreeMap;

use serde::Deserialize;

use aetheredge_core::report::{FrameworkControl, Severity};

/// Which input a policy is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// One Terraform file as conftest's HCL2 parser gives it.
    Hcl,
    /// The plan of a root module as `terraform show -json` gives it.
    Plan,
    /// Every configuration file of the tree at once, as conftest's `--combine` gives them:
    /// an array of `{"path": …, "contents": …}`, one item per document.
    Combined,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Hcl => "hcl",
            InputKind::Plan => "plan",
            InputKind::Combined => "combined",
        }
    }
}

/// What an annotation says about a rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotation {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub severity: Option<Severity>,
    pub remediation: Option<String>,
    pub frameworks: Vec<FrameworkControl>,
    /// The resource types the rule judges (for compliance: no such resource, not applicable).
    pub resource_types: Vec<String>,
    pub input: Option<InputKind>,
    /// Other tools' ids for the same rule (`CKV_AWS_20`), honoured by `checkov:skip`.
    pub aliases: Vec<String>,
}

/// A METADATA block that could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: METADATA annotation is not valid: {message}")]
pub struct MetadataError {
    pub file: String,
    pub line: u32,
    pub message: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Raw {
    title: Option<String>,
    description: Option<String>,
    severity: Option<String>,
    remediation: Option<String>,
    custom: RawCustom,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawCustom {
    id: Option<String>,
    severity: Option<String>,
    remediation: Option<String>,
    /// Framework (a compliance catalog id, name or alias) → control ids.
    frameworks: BTreeMap<String, Vec<String>>,
    resource_types: Vec<String>,
    input: Option<InputKind>,
    aliases: Vec<String>,
}

/// One METADATA comment block: the 1-based line of its `# METADATA`, its YAML (the
/// comment lines without their `#`), and the 1-based line of the statement it annotates.
pub(crate) struct Block {
    pub(crate) line: u32,
    pub(crate) yaml: String,
    pub(crate) annotated: u32,
}

/// The METADATA blocks of a policy text, in order.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "# METADATA" {
            i += 1;
            continue;
        }
        let line = i as u32 + 1;
        let mut yaml = String::new();
        i += 1;
        while i < lines.len() && lines[i].trim_start().starts_with('#') {
            let body = lines[i].trim_start().trim_start_matches('#');
            yaml.push_str(body.strip_prefix(' ').unwrap_or(body));
            yaml.push('\n');
            i += 1;
        }
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        out.push(Block {
            line,
            yaml,
            annotated: i as u32 + 1,
        });
    }
    out
}

/// Every METADATA block of a file, by the 1-based line of the first statement after it
/// (the `package` or rule it annotates).
pub fn annotations(file: &str, text: &str) -> Result<BTreeMap<u32, Annotation>, MetadataError> {
    let mut out = BTreeMap::new();
    for Block {
        line: start,
        yaml,
        annotated,
    } in blocks(text)
    {
        let raw: Raw = serde_yaml_ng::from_str(&yaml).map_err(|e| MetadataError {
            file: file.to_string(),
            line: start + e.location().map(|l| l.line() as u32).unwrap_or(1),
            message: e.to_string(),
        })?;
        let severity = raw
            .custom
            .severity
            .or(raw.severity)
            .map(|s| s.parse::<Severity>())
            .transpose()
            .map_err(|message| MetadataError {
                file: file.to_string(),
                line: start,
                message,
            })?;
        let frameworks = raw
            .custom
            .frameworks
            .iter()
            .flat_map(|(key, controls)| {
                controls
                    .iter()
                    .map(move |c| aetheredge_deity::compliance::framework_control(key, c))
            })
            .collect();
        out.insert(
            annotated,
            Annotation {
                id: raw.custom.id,
                title: raw.title,
                description: raw.description,
                severity,
                remediation: raw.custom.remediation.or(raw.remediation),
                frameworks,
                resource_types: raw.custom.resource_types,
                input: raw.custom.input,
                aliases: raw.custom.aliases,
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_annotates_the_next_statement() {
        let text = "# METADATA\n# title: Public bucket\n# custom:\n#   severity: high\n#   frameworks:\n#     soc2: [CC6.1]\n#     gdpr: [\"Art. 32\"]\n\npackage x\n";
        let a = annotations("p.rego", text).unwrap();
        let got = &a[&9];
        assert_eq!(got.title.as_deref(), Some("Public bucket"));
        assert_eq!(got.severity, Some(Severity::High));
        assert_eq!(got.frameworks.len(), 2);
        assert_eq!(got.frameworks[0].framework, "GDPR");
        assert_eq!(got.frameworks[1].framework_id, "soc2");
    }

    #[test]
    fn frameworks_are_named_by_catalog_id_or_by_an_old_display_name() {
        let text = "# METADATA\n# custom:\n#   frameworks:\n#     \"ISO/IEC 27001:2022\": [A.8.24]\n#     PCI DSS v4.0: [\"3.5.1\"]\n#     cis_aws: [\"2.2.1\"]\n#     acme_internal: [SEC-1]\npackage x\n";
        let a = annotations("p.rego", text).unwrap();
        let mut got: Vec<(&str, &str, &str)> = a[&8]
            .frameworks
            .iter()
            .map(|f| {
                (
                    f.framework_id.as_str(),
                    f.framework.as_str(),
                    f.control.as_str(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("acme_internal", "acme_internal", "SEC-1"),
                ("cis_aws", "CIS AWS Foundations Benchmark", "2.2.1"),
                ("iso27001", "ISO/IEC 27001", "A.8.24"),
                ("pci_dss", "PCI DSS", "3.5.1"),
            ]
        );
    }

    #[test]
    fn bad_yaml_names_the_file_and_line() {
        let err = annotations("p.rego", "# METADATA\n# title: [unclosed\npackage x\n").unwrap_err();
        assert_eq!(err.file, "p.rego");
        assert!(err.line >= 2);
        let err = annotations(
            "p.rego",
            "# METADATA\n# custom:\n#   severity: severe\npackage x\n",
        )
        .unwrap_err();
        assert!(err.message.contains("severe"));
    }
}

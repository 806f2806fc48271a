//! SARIF 2.1.0, the format GitHub code scanning reads: one run, the rules that produced
//! findings in `tool.driver.rules` (with help text and properties), and one result per
//! finding present at head (introduced or unchanged; fixed findings are not alerts).
//! Like every renderer it only arranges what the report and the rule metadata already say.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use aetheredge_core::report::{Finding, Report, Severity, Status};

/// What SARIF shows about a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    pub remediation: String,
    pub help_uri: Option<String>,
    pub severity: Severity,
    /// Tags (platform, kind, framework controls, other tools' ids).
    pub tags: Vec<String>,
}

/// SARIF's level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (0.0–10.0) for a severity.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn rule_json(meta: &RuleMeta) -> Value {
    let mut help = format!("{}\n\nRemediation: {}", meta.description, meta.remediation);
    let mut markdown = format!(
        "{}\n\n**Remediation:** {}",
        meta.description, meta.remediation
    );
    if let Some(uri) = &meta.help_uri {
        help.push_str(&format!("\n\nSee {uri}"));
        markdown.push_str(&format!("\n\n[Documentation]({uri})"));
    }
    let mut rule = json!({
        "id": meta.id,
        "name": meta.id.rsplit('/').next().unwrap_or(&meta.id),
        "shortDescription": { "text": meta.title },
        "fullDescription": { "text": meta.description },
        "help": { "text": help, "markdown": markdown },
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "tags": meta.tags,
            "precision": "high",
            "problem.severity": level(meta.severity),
            "security-severity": security_severity(meta.severity),
        },
    });
    if let Some(uri) = &meta.help_uri {
        rule["helpUri"] = json!(uri);
    }
    rule
}

/// A rule for a finding whose rule has no metadata (e.g. Brahma's input problems).
fn fallback_meta(f: &Finding) -> RuleMeta {
    RuleMeta {
        id: f.rule_id.clone(),
        title: f.title.clone(),
        description: f.title.clone(),
        remediation: "See the finding's message.".into(),
        help_uri: None,
        severity: f.severity,
        tags: vec![f.deity.as_str().to_string()],
    }
}

fn result_json(f: &Finding, rule_index: usize) -> Value {
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": f.file.clone().unwrap_or_else(|| ".".into()) },
            "region": { "startLine": f.line.unwrap_or(1) },
        }
    });
    if let Some(col) = f.column {
        location["physicalLocation"]["region"]["startColumn"] = json!(col.max(1));
    }
    if let Some(resource) = &f.resource {
        location["logicalLocations"] =
            json!([{ "fullyQualifiedName": resource, "kind": "resource" }]);
    }
    json!({
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [location],
        "partialFingerprints": { "aetheredgeFingerprint/v1": f.fingerprint },
        "baselineState": if f.status == Status::Unchanged { "unchanged" } else { "new" },
        "properties": {
            "deity": f.deity.as_str(),
            "severity": f.severity.as_str(),
            "status": match f.status { Status::Introduced => "introduced", Status::Fixed => "fixed", Status::Unchanged => "unchanged" },
            "resource": f.resource,
            "aliases": f.aliases,
            "frameworks": f.frameworks.iter().map(|c| format!("{} {}", c.framework, c.control)).collect::<Vec<_>>(),
        },
    })
}

/// The report as SARIF 2.1.0 JSON, with metadata for the rules in `rules`.
pub fn render(report: &Report, rules: &[RuleMeta]) -> String {
    let known: BTreeMap<&str, &RuleMeta> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.status != Status::Fixed)
        .collect();
    let mut used: BTreeMap<String, RuleMeta> = BTreeMap::new();
    for f in &findings {
        used.entry(f.rule_id.clone()).or_insert_with(|| {
            known
                .get(f.rule_id.as_str())
                .map(|m| (*m).clone())
                .unwrap_or_else(|| fallback_meta(f))
        });
    }
    let index: BTreeMap<&str, usize> = used
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "AetherEdge",
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "informationUri": "https://github.com/aetheredge/aetheredge",
                    "rules": used.values().map(rule_json).collect::<Vec<_>>(),
                }
            },
            "automationDetails": { "id": format!("aetheredge/{}", report.head.sha) },
            "results": findings.iter().map(|f| result_json(f, index[f.rule_id.as_str()])).collect::<Vec<_>>(),
            "columnKind": "unicodeCodePoints",
        }]
    });
    let mut out = serde_json::to_string_pretty(&sarif).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

//! What the site shows, computed once from the tree and the report: every page's template
//! reads these structs and formats nothing but strings already made here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::docs::tree::Tree;
use crate::docs::{self, display_dir, ModuleDoc};
use crate::iac::Mode;
use crate::report::{Finding, Report, Severity};

/// The frameworks the compliance pages cover, in order, with their page slugs.
pub const FRAMEWORKS: &[(&str, &str)] = &[
    ("SOC 2", "soc2"),
    ("ISO 27001", "iso27001"),
    ("PCI DSS", "pci-dss"),
    ("HIPAA", "hipaa"),
    ("GDPR", "gdpr"),
    ("CIS", "cis"),
];

#[derive(Serialize)]
pub struct SiteData {
    pub rev: String,
    pub sha: String,
    pub monthly_cost: String,
    pub resource_count: usize,
    pub by_provider: Vec<Count>,
    pub by_type: Vec<Count>,
    pub findings_by_severity: Vec<Count>,
    pub modules: Vec<ModulePage>,
    pub inventory: Vec<InventoryRow>,
    pub findings: Vec<FindingRow>,
    pub frameworks: Vec<FrameworkPage>,
}

#[derive(Serialize)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ModulePage {
    pub slug: String,
    pub doc: ModuleDoc,
    /// Instances of its resources in the evaluated roots.
    pub instances: Vec<String>,
}

#[derive(Serialize)]
pub struct InventoryRow {
    pub address: String,
    pub root: String,
    pub resource_type: String,
    pub module: String,
    pub file: String,
    pub line: u32,
    pub monthly_cost: String,
    pub findings: Vec<FindingRow>,
}

#[derive(Clone, Serialize)]
pub struct FindingRow {
    pub deity: &'static str,
    pub severity: &'static str,
    pub rule_id: String,
    pub title: String,
    pub message: String,
    pub location: String,
    pub resource: String,
}

#[derive(Serialize)]
pub struct FrameworkPage {
    pub name: &'static str,
    pub slug: &'static str,
    /// Passing controls in percent of those with applicable resources, or `n/a`.
    pub score: String,
    pub controls: Vec<ControlSection>,
}

#[derive(Serialize)]
pub struct ControlSection {
    pub id: String,
    pub anchor: String,
    /// `pass`, `fail` or `not applicable`.
    pub status: &'static str,
    pub rules: Vec<RuleRef>,
    pub failing: Vec<String>,
    pub passing: Vec<String>,
    /// Resources of the tree none of the control's rules apply to.
    pub not_applicable: usize,
}

#[derive(Serialize)]
pub struct RuleRef {
    pub id: String,
    pub title: String,
    pub remediation: String,
}

fn money(v: f64) -> String {
    format!("${v:.2}")
}

fn row(f: &Finding) -> FindingRow {
    FindingRow {
        deity: f.deity.as_str(),
        severity: f.severity.as_str(),
        rule_id: f.rule_id.clone(),
        title: f.title.clone(),
        message: f.message.clone(),
        location: match (&f.file, f.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            _ => String::new(),
        },
        resource: f.resource.clone().unwrap_or_default(),
    }
}

/// A page name for a module directory.
pub fn module_slug(dir: &str) -> String {
    if dir == "." {
        return "root".to_string();
    }
    dir.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        + "-"
        + &format!("{:08x}", crc(dir))
}

/// A short stable hash, so `a/b` and `a-b` get different pages.
fn crc(text: &str) -> u32 {
    text.bytes().fold(0x811c9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x01000193)
    })
}

pub fn assemble(tree: &Tree, report: &Report) -> SiteData {
    let model = &tree.model;
    let managed: Vec<_> = model.managed().collect();
    let mut by_provider: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for r in &managed {
        *by_provider
            .entry(crate::iac::module::default_provider(&r.resource_type))
            .or_default() += 1;
        *by_type.entry(r.resource_type.clone()).or_default() += 1;
    }
    let counts = |m: BTreeMap<String, usize>| {
        m.into_iter()
            .map(|(name, count)| Count { name, count })
            .collect::<Vec<_>>()
    };
    let findings: Vec<FindingRow> = report.findings.iter().map(row).collect();
    let findings_by_severity = Severity::ALL
        .iter()
        .map(|s| Count {
            name: s.as_str().to_string(),
            count: report.findings.iter().filter(|f| f.severity == *s).count(),
        })
        .collect();
    let cost: BTreeMap<(&str, &str), f64> = report
        .cost
        .resources
        .iter()
        .filter_map(|c| Some(((c.root.as_str(), c.address.as_str()), c.head_monthly?)))
        .collect();
    let mut by_resource: BTreeMap<&str, Vec<FindingRow>> = BTreeMap::new();
    for f in &report.findings {
        if let Some(r) = &f.resource {
            by_resource.entry(r.as_str()).or_default().push(row(f));
        }
    }
    let inventory = managed
        .iter()
        .map(|r| {
            let root = display_dir(&r.root);
            InventoryRow {
                monthly_cost: cost
                    .get(&(root.as_str(), r.address.as_str()))
                    .map(|v| money(*v))
                    .unwrap_or_default(),
                findings: by_resource
                    .get(r.address.as_str())
                    .cloned()
                    .unwrap_or_default(),
                address: r.address.clone(),
                root,
                resource_type: r.resource_type.clone(),
                module: if r.module.is_empty() {
                    "(root)".to_string()
                } else {
                    r.module.clone()
                },
                file: r.location.file.clone(),
                line: r.location.line,
            }
        })
        .collect();
    let modules = docs::collect(model)
        .into_iter()
        .map(|doc| {
            let files: BTreeSet<&str> = model
                .modules
                .get(if doc.dir == "." { "" } else { doc.dir.as_str() })
                .map(|m| m.files.iter().map(String::as_str).collect())
                .unwrap_or_default();
            let instances = model
                .resources
                .iter()
                .filter(|r| files.contains(r.location.file.as_str()))
                .map(|r| {
                    let prefix = if r.mode == Mode::Data {
                        "data source "
                    } else {
                        ""
                    };
                    format!("{prefix}{} (root {})", r.address, display_dir(&r.root))
                })
                .collect();
            ModulePage {
                slug: module_slug(&doc.dir),
                doc,
                instances,
            }
        })
        .collect();
    SiteData {
        rev: tree.revision.rev.clone(),
        sha: tree.revision.sha.clone(),
        monthly_cost: money(report.cost.head_monthly),
        resource_count: managed.len(),
        by_provider: counts(by_provider),
        by_type: counts(by_type),
        findings_by_severity,
        modules,
        inventory,
        findings,
        frameworks: frameworks(tree, report),
    }
}

/// A control's rules, failing resources and the resource types its rules apply to.
type ControlParts = (Vec<RuleRef>, BTreeSet<String>, BTreeSet<String>);

/// The compliance pages: each framework's controls, from Kali's catalog (which rules bear on
/// which control, and which resource types each rule applies to) and the findings' `frameworks`.
fn frameworks(tree: &Tree, report: &Report) -> Vec<FrameworkPage> {
    let catalog = crate::kali::catalog();
    let resources: Vec<(&str, &str)> = tree
        .model
        .managed()
        .map(|r| (r.address.as_str(), r.resource_type.as_str()))
        .collect();
    FRAMEWORKS
        .iter()
        .map(|(name, slug)| {
            let belongs = |framework: &str| {
                framework == *name || (*name == "CIS" && framework.starts_with("CIS "))
            };
            let control_id = |framework: &str, control: &str| {
                if *name == "CIS" {
                    format!("{} {control}", framework.trim_start_matches("CIS "))
                } else {
                    control.to_string()
                }
            };
            let mut controls: BTreeMap<String, ControlParts> = BTreeMap::new();
            for rule in &catalog {
                for fc in rule.frameworks.iter().filter(|fc| belongs(&fc.framework)) {
                    let entry = controls
                        .entry(control_id(&fc.framework, &fc.control))
                        .or_default();
                    entry.0.push(RuleRef {
                        id: rule.id.clone(),
                        title: rule.title.clone(),
                        remediation: rule.remediation.clone(),
                    });
                    entry.2.extend(rule.resource_types.iter().cloned());
                }
            }
            for f in &report.findings {
                for fc in f.frameworks.iter().filter(|fc| belongs(&fc.framework)) {
                    let entry = controls
                        .entry(control_id(&fc.framework, &fc.control))
                        .or_default();
                    let what = f
                        .resource
                        .clone()
                        .or_else(|| row(f).location.into())
                        .unwrap_or_default();
                    entry.1.insert(what);
                }
            }
            let controls: Vec<ControlSection> = controls
                .into_iter()
                .map(|(id, (mut rules, failing, types))| {
                    rules.sort_by(|a, b| a.id.cmp(&b.id));
                    rules.dedup_by(|a, b| a.id == b.id);
                    let applicable: Vec<&str> = resources
                        .iter()
                        .filter(|(_, t)| types.contains(*t))
                        .map(|(a, _)| *a)
                        .collect();
                    let passing: Vec<String> = applicable
                        .iter()
                        .filter(|a| !failing.contains(**a))
                        .map(|a| a.to_string())
                        .collect();
                    let status = if !failing.is_empty() {
                        "fail"
                    } else if applicable.is_empty() {
                        "not applicable"
                    } else {
                        "pass"
                    };
                    ControlSection {
                        anchor: format!(
                            "control-{}",
                            crate::site::markdown::slug(&id).replace('.', "-")
                        ),
                        not_applicable: resources.len() - applicable.len(),
                        id,
                        status,
                        rules,
                        failing: failing.into_iter().collect(),
                        passing,
                    }
                })
                .collect();
            let judged = controls
                .iter()
                .filter(|c| c.status != "not applicable")
                .count();
            let passed = controls.iter().filter(|c| c.status == "pass").count();
            FrameworkPage {
                name,
                slug,
                score: (passed * 100)
                    .checked_div(judged)
                    .map_or_else(|| "n/a".to_string(), |p| format!("{p}%")),
                controls,
            }
        })
        .collect()
}

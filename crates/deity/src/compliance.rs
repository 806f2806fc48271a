//! Compliance: one catalog of frameworks and controls for every deity, and the per-control
//! view of a review.
//!
//! The catalog (`compliance/catalog.yaml`, compiled into the binary) names each framework
//! by an id (`iso27001`), a display name, a version and the spellings policies may use for
//! it, and lists the controls rules map to, with their titles. Kali's registry, the
//! built-in Rego library and a repo's own policies all name frameworks through it, so a
//! finding, the compliance table and the site show one name per framework.
//!
//! [`compliance`] counts, per control, every rule of every deity mapped to it: a check is
//! one rule on one resource it applies to; it fails when the rule has a finding there at
//! head, passes otherwise, and a rule with nothing to apply to is not applicable.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use aetheredge_core::report::{
    Compliance, ControlStatus, Finding, FrameworkCompliance, FrameworkControl, Status,
};
use aetheredge_model::iac::{Mode, Model};

/// The catalog's text.
const CATALOG_YAML: &str = include_str!("../../../compliance/catalog.yaml");

/// A compliance framework.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Framework {
    /// What rules and reports name it by: `iso27001`.
    pub id: String,
    /// What reports show: `ISO/IEC 27001`.
    pub name: String,
    /// The edition the controls are taken from: `2022 (Annex A)`.
    pub version: String,
    /// Other spellings accepted in policy annotations (`ISO 27001`, `ISO/IEC 27001:2022`).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub controls: Vec<Control>,
}

/// A control of a framework.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Control {
    pub id: String,
    pub title: String,
}

/// Every framework AetherEdge knows, in the order reports list them.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Catalog {
    pub frameworks: Vec<Framework>,
}

/// The catalog could not be read.
#[derive(Debug, thiserror::Error)]
#[error("compliance catalog: {0}")]
pub struct CatalogError(#[from] serde_yaml_ng::Error);

impl Catalog {
    /// Reads a catalog from YAML.
    pub fn parse(text: &str) -> Result<Catalog, CatalogError> {
        Ok(serde_yaml_ng::from_str(text)?)
    }

    /// The framework with this id.
    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    /// The framework a policy names by its id, its name or one of its aliases (case,
    /// spaces and punctuation aside: `PCI-DSS`, `pci_dss` and `PCI DSS` are one).
    pub fn resolve(&self, name: &str) -> Option<&Framework> {
        let wanted = normalize(name);
        self.framework(name).or_else(|| {
            self.frameworks.iter().find(|f| {
                std::iter::once(&f.id)
                    .chain(std::iter::once(&f.name))
                    .chain(f.aliases.iter())
                    .any(|n| normalize(n) == wanted)
            })
        })
    }

    /// A control of a framework, by their ids.
    pub fn control(&self, framework: &str, control: &str) -> Option<&Control> {
        self.framework(framework)?
            .controls
            .iter()
            .find(|c| c.id == control)
    }

    /// Where a framework sorts: catalog order, then frameworks the catalog does not know.
    fn position(&self, id: &str) -> usize {
        self.frameworks
            .iter()
            .position(|f| f.id == id)
            .unwrap_or(self.frameworks.len())
    }
}

/// Lower case, letters and digits only.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The built-in catalog.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(CATALOG_YAML).unwrap_or_else(|e| {
            tracing::error!(error = %e, "the built-in compliance catalog does not parse");
            Catalog::default()
        })
    })
}

/// A control as a finding names it. `framework` is a catalog id, name or alias; a framework
/// the catalog does not know (a repo's own) keeps what was written as both id and name.
pub fn framework_control(framework: &str, control: &str) -> FrameworkControl {
    match catalog().resolve(framework) {
        Some(f) => FrameworkControl {
            framework: f.name.clone(),
            framework_id: f.id.clone(),
            control: control.to_string(),
        },
        None => FrameworkControl {
            framework: framework.to_string(),
            framework_id: framework.to_string(),
            control: control.to_string(),
        },
    }
}

/// What a rule judges, for its applicable checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppliesTo {
    /// One check per managed resource of these types at head.
    ResourceTypes(BTreeSet<String>),
    /// One check per Kubernetes object at head.
    Manifests,
    /// One check of the repository as a whole (a rule that names no resource type).
    Repository,
}

/// A rule that counts in compliance: its id, the controls it maps to and what it judges.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The rule id findings carry; an id ending in `/*` (`kali/secret/*`) stands for every
    /// rule under that prefix, as one check.
    pub id: String,
    pub controls: Vec<FrameworkControl>,
    pub applies_to: AppliesTo,
    /// Other rules (of another deity) checking the same problem, folded into this one: their
    /// findings count as this rule's, and the controls list them too.
    pub merged: Vec<String>,
}

impl Rule {
    /// Folds `other` (the same problem, checked by another deity) into this rule.
    pub fn merge(&mut self, other: Rule) {
        for c in other.controls {
            if !self.controls.contains(&c) {
                self.controls.push(c);
            }
        }
        self.controls.sort();
        self.applies_to = match (
            std::mem::replace(&mut self.applies_to, AppliesTo::Repository),
            other.applies_to,
        ) {
            (AppliesTo::ResourceTypes(mut a), AppliesTo::ResourceTypes(b)) => {
                a.extend(b);
                AppliesTo::ResourceTypes(a)
            }
            (AppliesTo::ResourceTypes(a), _) | (_, AppliesTo::ResourceTypes(a)) => {
                AppliesTo::ResourceTypes(a)
            }
            (AppliesTo::Manifests, _) | (_, AppliesTo::Manifests) => AppliesTo::Manifests,
            _ => AppliesTo::Repository,
        };
        self.merged.push(other.id);
        self.merged.extend(other.merged);
        self.merged.sort();
        self.merged.dedup();
    }
}

/// Per-control counts at head and what the change did, over every rule of every deity.
/// `findings` are the review's, after folding duplicates and suppressions, with their status.
pub fn compliance(rules: &[Rule], head: &Model, findings: &[Finding]) -> Compliance {
    let catalog = catalog();
    let mut types: HashMap<&str, usize> = HashMap::new();
    let planned = head.planned.iter().filter(|r| r.mode == Mode::Managed);
    for r in head.managed().chain(planned) {
        *types.entry(r.resource_type.as_str()).or_default() += 1;
    }
    let manifests = head.manifests.len();
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, rule) in rules.iter().enumerate() {
        for id in std::iter::once(&rule.id).chain(rule.merged.iter()) {
            owner.entry(id.as_str()).or_insert(i);
        }
    }
    // Per rule, by resource (or place, for a finding about no resource): what fails at
    // head, and the failures the change introduced and fixed.
    #[derive(Default)]
    struct Outcome {
        failing: BTreeSet<String>,
        introduced: BTreeSet<String>,
        fixed: BTreeSet<String>,
    }
    let mut outcomes: Vec<Outcome> = rules.iter().map(|_| Outcome::default()).collect();
    for f in findings {
        let Some(i) = owner_of(&owner, &f.rule_id) else {
            continue;
        };
        let what = f.resource.clone().unwrap_or_else(|| {
            format!(
                "{}:{}",
                f.file.as_deref().unwrap_or(""),
                f.line.unwrap_or(0)
            )
        });
        let outcome = &mut outcomes[i];
        match f.status {
            Status::Fixed => {
                outcome.fixed.insert(what);
            }
            Status::Introduced => {
                outcome.introduced.insert(what.clone());
                outcome.failing.insert(what);
            }
            Status::Unchanged => {
                outcome.failing.insert(what);
            }
        }
    }
    let mut controls: BTreeMap<(String, String), ControlStatus> = BTreeMap::new();
    for (rule, outcome) in rules.iter().zip(&outcomes) {
        let applicable = match &rule.applies_to {
            AppliesTo::ResourceTypes(t) => t
                .iter()
                .map(|t| types.get(t.as_str()).copied().unwrap_or(0))
                .sum(),
            AppliesTo::Manifests => manifests,
            AppliesTo::Repository => 1,
        };
        let fail = outcome.failing.len();
        let pass = applicable.saturating_sub(fail);
        let not_applicable = usize::from(applicable == 0 && fail == 0);
        for fc in &rule.controls {
            let status = controls
                .entry((fc.framework_id.clone(), fc.control.clone()))
                .or_insert_with(|| ControlStatus {
                    control: fc.control.clone(),
                    title: catalog
                        .control(&fc.framework_id, &fc.control)
                        .map(|c| c.title.clone())
                        .unwrap_or_default(),
                    pass: 0,
                    fail: 0,
                    not_applicable: 0,
                    new_failures: 0,
                    fixed_failures: 0,
                    rules: Vec::new(),
                });
            status.pass += pass;
            status.fail += fail;
            status.not_applicable += not_applicable;
            status.new_failures += outcome.introduced.len();
            // Fixed: no longer failing under any of the rule's ids.
            status.fixed_failures += outcome.fixed.difference(&outcome.failing).count();
            for id in std::iter::once(&rule.id).chain(rule.merged.iter()) {
                if !status.rules.contains(id) {
                    status.rules.push(id.clone());
                }
            }
        }
    }
    // The display name of each framework id met, from the rules (a repo's own framework has
    // no catalog entry).
    let names: BTreeMap<&str, &str> = rules
        .iter()
        .flat_map(|r| r.controls.iter())
        .map(|fc| (fc.framework_id.as_str(), fc.framework.as_str()))
        .collect();
    let mut frameworks: BTreeMap<String, Vec<ControlStatus>> = BTreeMap::new();
    for ((framework, _), mut status) in controls {
        status.rules.sort();
        frameworks.entry(framework).or_default().push(status);
    }
    let mut frameworks: Vec<FrameworkCompliance> = frameworks
        .into_iter()
        .map(|(id, mut controls)| {
            controls.sort_by_key(|c| natural_key(&c.control));
            let known = catalog.framework(&id);
            let name = known
                .map(|f| f.name.clone())
                .or_else(|| names.get(id.as_str()).map(|n| n.to_string()))
                .unwrap_or_else(|| id.clone());
            FrameworkCompliance {
                framework: name.clone(),
                id,
                name,
                version: known.map(|f| f.version.clone()).unwrap_or_default(),
                controls,
            }
        })
        .collect();
    frameworks
        .sort_by(|a, b| (catalog.position(&a.id), &a.id).cmp(&(catalog.position(&b.id), &b.id)));
    Compliance { frameworks }
}

/// The rule a finding counts for: its own id, or the nearest `prefix/*` rule.
fn owner_of(owner: &HashMap<&str, usize>, rule_id: &str) -> Option<usize> {
    if let Some(&i) = owner.get(rule_id) {
        return Some(i);
    }
    let mut rest = rule_id;
    while let Some((prefix, _)) = rest.rsplit_once('/') {
        if let Some(&i) = owner.get(format!("{prefix}/*").as_str()) {
            return Some(i);
        }
        rest = prefix;
    }
    None
}

/// Control ids sort by their numbers: `A.8.9` before `A.8.24`, `3.5.1` before `10.2.1`.
pub fn natural_key(control: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    for c in control.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                out.push((0, std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((digits.parse().unwrap_or(0), String::new()));
                digits.clear();
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        out.push((digits.parse().unwrap_or(0), String::new()));
    }
    if !text.is_empty() {
        out.push((0, text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aetheredge_core::report::{DeityName, Severity};
    use aetheredge_model::iac::{self, LoadOptions, ParseCache};
    use aetheredge_model::repo::{Snapshot, SnapshotLimits};

    #[test]
    fn the_catalog_parses_with_unique_ids_and_titled_controls() {
        let catalog = Catalog::parse(CATALOG_YAML).unwrap();
        assert_eq!(&catalog, crate::compliance::catalog());
        let ids: Vec<&str> = catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
        for family in ["soc2", "iso27001", "pci_dss", "hipaa", "gdpr", "cis_aws"] {
            assert!(ids.contains(&family), "{family} missing in {ids:?}");
        }
        let mut seen = BTreeSet::new();
        for f in &catalog.frameworks {
            assert!(seen.insert(f.id.as_str()), "{} twice", f.id);
            assert!(!f.name.is_empty() && !f.version.is_empty(), "{}", f.id);
            let mut controls = BTreeSet::new();
            for c in &f.controls {
                assert!(controls.insert(c.id.as_str()), "{} {} twice", f.id, c.id);
                assert!(!c.title.is_empty(), "{} {} has no title", f.id, c.id);
            }
        }
        // No spelling resolves to two frameworks.
        let mut spellings: BTreeMap<String, &str> = BTreeMap::new();
        for f in &catalog.frameworks {
            for n in std::iter::once(&f.id)
                .chain(std::iter::once(&f.name))
                .chain(&f.aliases)
            {
                let previous = spellings.insert(normalize(n), &f.id);
                assert!(
                    previous.is_none() || previous == Some(f.id.as_str()),
                    "{n} names {previous:?} and {}",
                    f.id
                );
            }
        }
    }

    #[test]
    fn old_display_names_and_ids_resolve_to_one_framework() {
        let c = catalog();
        for (written, id) in [
            ("iso27001", "iso27001"),
            ("ISO 27001", "iso27001"),
            ("ISO/IEC 27001:2022", "iso27001"),
            ("PCI DSS v4.0", "pci_dss"),
            ("pci-dss", "pci_dss"),
            ("HIPAA", "hipaa"),
            ("HIPAA Security Rule", "hipaa"),
            ("CIS AWS Foundations", "cis_aws"),
            ("CIS AWS", "cis_aws"),
            ("soc2", "soc2"),
        ] {
            assert_eq!(
                c.resolve(written).map(|f| f.id.as_str()),
                Some(id),
                "{written}"
            );
        }
        assert!(c.resolve("nist_800_53").is_none());
        let own = framework_control("acme", "SEC-1");
        assert_eq!(
            (own.framework.as_str(), own.framework_id.as_str()),
            ("acme", "acme")
        );
        let iso = framework_control("ISO 27001", "A.8.24");
        assert_eq!(
            (iso.framework.as_str(), iso.framework_id.as_str()),
            ("ISO/IEC 27001", "iso27001")
        );
    }

    fn model(tf: &str) -> Model {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), tf).unwrap();
        let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
        iac::load(&snapshot, &LoadOptions::default(), &ParseCache::default())
    }

    fn failing(rule: &str, resource: &str, status: Status) -> Finding {
        let mut f = Finding::new(DeityName::Kali, rule, Severity::High, "t", "m".into())
            .at("main.tf", 1, None);
        f.resource = Some(resource.to_string());
        f.status = status;
        f
    }

    #[test]
    fn a_control_counts_every_rule_mapped_to_it_once_per_resource() {
        let m = model(
            "resource \"aws_ebs_volume\" \"a\" {\n  size = 1\n}\nresource \"aws_ebs_volume\" \"b\" {\n  size = 1\n}\n",
        );
        let rule = |id: &str, types: &[&str], controls: &[(&str, &str)]| Rule {
            id: id.to_string(),
            controls: controls
                .iter()
                .map(|(f, c)| framework_control(f, c))
                .collect(),
            applies_to: AppliesTo::ResourceTypes(types.iter().map(|t| t.to_string()).collect()),
            merged: Vec::new(),
        };
        let mut owner = rule("vishnu/ebs", &["aws_ebs_volume"], &[("soc2", "CC6.1")]);
        owner.merge(rule(
            "kali/ebs",
            &["aws_ebs_volume"],
            &[("iso27001", "A.8.24")],
        ));
        let rules = vec![
            owner,
            rule("kali/rds", &["aws_db_instance"], &[("soc2", "CC6.1")]),
            Rule {
                id: "kali/secret/*".into(),
                controls: vec![framework_control("pci_dss", "8.6.2")],
                applies_to: AppliesTo::Repository,
                merged: Vec::new(),
            },
        ];
        let findings = vec![
            failing("vishnu/ebs", "aws_ebs_volume.a", Status::Introduced),
            // The same problem, reported by the other deity: counted once.
            failing("kali/ebs", "aws_ebs_volume.a", Status::Unchanged),
            failing("kali/ebs", "aws_ebs_volume.c", Status::Fixed),
            failing("kali/secret/github-pat", "deploy.sh", Status::Introduced),
        ];
        let report = compliance(&rules, &m, &findings);
        let ids: Vec<&str> = report.frameworks.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["soc2", "iso27001", "pci_dss"]);
        let soc2 = &report.frameworks[0];
        assert_eq!(soc2.name, "SOC 2");
        assert_eq!(soc2.framework, "SOC 2");
        assert!(!soc2.version.is_empty());
        let cc61 = &soc2.controls[0];
        assert_eq!(cc61.control, "CC6.1");
        assert!(!cc61.title.is_empty());
        assert_eq!(
            (cc61.pass, cc61.fail, cc61.not_applicable),
            (1, 1, 1),
            "{cc61:?}"
        );
        assert_eq!((cc61.new_failures, cc61.fixed_failures), (1, 1));
        assert_eq!(cc61.rules, vec!["kali/ebs", "kali/rds", "vishnu/ebs"]);
        let iso = &report.frameworks[1].controls[0];
        assert_eq!((iso.control.as_str(), iso.pass, iso.fail), ("A.8.24", 1, 1));
        let secrets = &report.frameworks[2].controls[0];
        assert_eq!((secrets.pass, secrets.fail), (0, 1));
        assert_eq!(secrets.rules, vec!["kali/secret/*"]);
    }

    #[test]
    fn controls_sort_by_number() {
        let mut c = vec!["A.8.24", "A.8.9", "A.5.15"];
        c.sort_by_key(|s| natural_key(s));
        assert_eq!(c, vec!["A.5.15", "A.8.9", "A.8.24"]);
    }
}

//! What the site shows, computed once from the tree and the review data: every page's
//! template reads these structs and formats nothing but strings already made here (charts and
//! graphs included, as SVG).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use crate::site::cache::FindingRow;
use crate::site::cache::ReviewData;
use crate::site::history::{History, Record};
use crate::site::{graph, svg};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::Mode;
use aetheredge_model::tree::Tree;
use aetheredge_saraswati::docs::{self, display_dir, ModuleDoc};

#[derive(Serialize)]
pub struct SiteData {
    pub rev: String,
    /// The full sha of the commit the site describes.
    pub sha: String,
    /// The commit's date (RFC 3339), empty for a plain directory.
    pub date: String,
    pub monthly_cost: String,
    pub monthly_cost_value: f64,
    pub resource_count: usize,
    pub by_provider: Vec<Count>,
    pub by_type: Vec<Count>,
    pub findings_by_severity: Vec<Count>,
    pub modules: Vec<ModulePage>,
    pub inventory: Vec<InventoryRow>,
    pub findings: Vec<FindingRow>,
    pub frameworks: Vec<FrameworkPage>,
    pub cost: CostPage,
    pub history: HistoryPage,
    pub drift: crate::site::drift::DriftPage,
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
    /// Its dependency graph as an SVG element.
    pub graph_svg: String,
}

#[derive(Serialize)]
pub struct InventoryRow {
    /// The row's id in the inventory page.
    pub anchor: String,
    pub address: String,
    pub root: String,
    pub resource_type: String,
    pub module: String,
    pub file: String,
    pub line: u32,
    pub monthly_cost: String,
    pub findings: Vec<FindingRow>,
}

/// The Cost page: totals by provider, service and module, as tables and bar charts.
#[derive(Serialize)]
pub struct CostPage {
    pub total: String,
    /// How many resources have a price.
    pub priced: usize,
    pub by_provider: Vec<CostLine>,
    pub by_service: Vec<CostLine>,
    pub by_module: Vec<CostLine>,
    pub provider_svg: String,
    pub service_svg: String,
    pub module_svg: String,
}

#[derive(Serialize)]
pub struct CostLine {
    pub name: String,
    pub monthly: String,
    pub resources: usize,
}

/// The History page, and the cost trend of the Cost page.
#[derive(Default, Serialize)]
pub struct HistoryPage {
    pub severities: Vec<&'static str>,
    /// The compliance catalog's framework names.
    pub frameworks: Vec<String>,
    /// Newest first.
    pub rows: Vec<HistoryRow>,
    pub cost_svg: String,
    pub findings_svg: String,
    /// Set when there is a single record, to say a trend needs more builds.
    pub single: bool,
}

#[derive(Serialize)]
pub struct HistoryRow {
    pub sha: String,
    pub short: String,
    pub date: String,
    pub findings: Vec<usize>,
    pub total_findings: usize,
    pub monthly_cost: String,
    pub compliance: Vec<String>,
}

#[derive(Serialize)]
pub struct FrameworkPage {
    /// The compliance catalog's id, name and version.
    pub id: String,
    pub name: String,
    pub version: String,
    /// The page name: the id with `-` for `_` (`pci-dss`).
    pub slug: String,
    /// Passing controls in percent of those with applicable resources, or `n/a`.
    pub score: String,
    pub percent: Option<u32>,
    pub controls: Vec<ControlSection>,
}

#[derive(Serialize)]
pub struct ControlSection {
    pub id: String,
    /// The control's title in the catalog.
    pub title: String,
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

/// A page name for a module directory.
pub(crate) fn module_slug(dir: &str) -> String {
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

/// A resource's id in the inventory page.
pub(crate) fn resource_anchor(root: &str, address: &str) -> String {
    let readable: String = address
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("r-{readable}-{:08x}", crc(&format!("{root}\0{address}")))
}

/// The service a resource type belongs to, as the cost page groups it.
pub fn service(resource_type: &str) -> String {
    const SERVICES: &[(&str, &str)] = &[
        ("aws_instance", "Amazon EC2"),
        ("aws_ebs_", "Amazon EC2"),
        ("aws_eip", "Amazon EC2"),
        ("aws_nat_gateway", "Amazon VPC"),
        ("aws_vpc_endpoint", "Amazon VPC"),
        ("aws_db_", "Amazon RDS"),
        ("aws_rds_", "Amazon RDS"),
        ("aws_s3_", "Amazon S3"),
        ("aws_lambda_", "AWS Lambda"),
        ("aws_lb", "Elastic Load Balancing"),
        ("aws_alb", "Elastic Load Balancing"),
        ("aws_elb", "Elastic Load Balancing"),
        ("aws_eks_", "Amazon EKS"),
        ("aws_ecs_", "Amazon ECS"),
        ("aws_elasticache_", "Amazon ElastiCache"),
        ("aws_dynamodb_", "Amazon DynamoDB"),
        ("aws_cloudwatch_", "Amazon CloudWatch"),
        ("aws_kms_", "AWS KMS"),
        ("aws_sqs_", "Amazon SQS"),
        ("aws_sns_", "Amazon SNS"),
        ("aws_efs_", "Amazon EFS"),
        ("aws_secretsmanager_", "AWS Secrets Manager"),
        ("aws_route53_", "Amazon Route 53"),
        ("google_compute_", "Compute Engine"),
        ("google_sql_", "Cloud SQL"),
        ("google_storage_", "Cloud Storage"),
        ("google_container_", "Google Kubernetes Engine"),
        ("google_redis_", "Memorystore"),
        ("azurerm_linux_virtual_machine", "Virtual Machines"),
        ("azurerm_windows_virtual_machine", "Virtual Machines"),
        ("azurerm_virtual_machine", "Virtual Machines"),
        ("azurerm_managed_disk", "Storage"),
        ("azurerm_storage_", "Storage"),
        ("azurerm_kubernetes_", "Azure Kubernetes Service"),
        ("azurerm_service_plan", "App Service"),
        ("azurerm_app_service", "App Service"),
        ("azurerm_postgresql_", "Azure Database for PostgreSQL"),
        ("azurerm_mysql_", "Azure Database for MySQL"),
        ("azurerm_mssql_", "Azure SQL"),
        ("azurerm_redis_", "Azure Cache for Redis"),
    ];
    if let Some((_, s)) = SERVICES.iter().find(|(p, _)| resource_type.starts_with(p)) {
        return s.to_string();
    }
    // Otherwise the type's first word after the provider: `aws_mq_broker` → `aws mq`.
    let mut words = resource_type.splitn(3, '_');
    match (words.next(), words.next()) {
        (Some(p), Some(w)) => format!("{p} {w}"),
        _ => resource_type.to_string(),
    }
}

pub fn assemble(tree: &Tree, review: &ReviewData) -> SiteData {
    let model = &tree.model;
    let managed: Vec<_> = model.managed().collect();
    let mut by_provider: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for r in &managed {
        *by_provider
            .entry(aetheredge_model::iac::module::default_provider(
                &r.resource_type,
            ))
            .or_default() += 1;
        *by_type.entry(r.resource_type.clone()).or_default() += 1;
    }
    let counts = |m: BTreeMap<String, usize>| {
        m.into_iter()
            .map(|(name, count)| Count { name, count })
            .collect::<Vec<_>>()
    };
    let findings: Vec<FindingRow> = review.findings.clone();
    let findings_by_severity = Severity::ALL
        .iter()
        .map(|s| Count {
            name: s.as_str().to_string(),
            count: findings.iter().filter(|f| f.severity == s.as_str()).count(),
        })
        .collect();
    let cost: BTreeMap<(&str, &str), f64> = review
        .costs
        .iter()
        .map(|c| ((c.root.as_str(), c.address.as_str()), c.monthly))
        .collect();
    let mut by_resource: BTreeMap<&str, Vec<FindingRow>> = BTreeMap::new();
    for f in &findings {
        if !f.resource.is_empty() {
            by_resource
                .entry(f.resource.as_str())
                .or_default()
                .push(f.clone());
        }
    }
    let inventory = managed
        .iter()
        .map(|r| {
            let root = display_dir(&r.root);
            InventoryRow {
                anchor: resource_anchor(&root, &r.address),
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
    let module_docs = docs::collect(&tree.snapshot, model);
    let documented: BTreeSet<String> = module_docs.iter().map(|d| d.dir.clone()).collect();
    let modules = module_docs
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
            let key = if doc.dir == "." { "" } else { doc.dir.as_str() };
            let graph_svg = model
                .modules
                .get(key)
                .map(|m| {
                    let graph = graph::of_module(m, |d| {
                        let dir = if d.is_empty() { "." } else { d };
                        documented
                            .contains(dir)
                            .then(|| format!("{}.html", module_slug(dir)))
                    });
                    graph::to_svg(&format!("Dependency graph of {}", doc.dir), &graph)
                })
                .unwrap_or_default();
            ModulePage {
                slug: module_slug(&doc.dir),
                doc,
                instances,
                graph_svg,
            }
        })
        .collect();
    let cost_page = cost_page(tree, review);
    SiteData {
        rev: tree.revision.rev.clone(),
        sha: tree.revision.sha.clone(),
        date: String::new(),
        monthly_cost: money(review.monthly_cost),
        monthly_cost_value: review.monthly_cost,
        resource_count: managed.len(),
        by_provider: counts(by_provider),
        by_type: counts(by_type),
        findings_by_severity,
        modules,
        inventory,
        frameworks: frameworks(tree, &findings),
        findings,
        cost: cost_page,
        history: HistoryPage::default(),
        drift: Default::default(),
    }
}

impl SiteData {
    /// This build's record for the history.
    pub fn record(&self) -> Record {
        Record {
            sha: self.sha.clone(),
            date: self.date.clone(),
            findings: self
                .findings_by_severity
                .iter()
                .map(|c| (c.name.clone(), c.count))
                .collect(),
            monthly_cost: self.monthly_cost_value,
            compliance: self
                .frameworks
                .iter()
                .map(|f| (f.name.clone(), f.percent))
                .collect(),
        }
    }

    /// Fills the History page (and the cost trend) from the history, this build included.
    pub(crate) fn set_history(&mut self, history: &History) {
        let severities: Vec<&'static str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
        let frameworks: Vec<String> = aetheredge_deity::compliance::catalog()
            .frameworks
            .iter()
            .map(|f| f.name.clone())
            .collect();
        let label = |r: &Record| match r.date.get(..10) {
            Some(day) => day.to_string(),
            None => r.sha.chars().take(7).collect(),
        };
        let cost_points: Vec<(String, f64)> = history
            .records
            .iter()
            .map(|r| (label(r), r.monthly_cost))
            .collect();
        let finding_points: Vec<(String, f64)> = history
            .records
            .iter()
            .map(|r| (label(r), r.findings.values().sum::<usize>() as f64))
            .collect();
        let rows = history
            .records
            .iter()
            .rev()
            .map(|r| HistoryRow {
                sha: r.sha.clone(),
                short: r.sha.chars().take(12).collect(),
                date: r.date.clone(),
                findings: severities
                    .iter()
                    .map(|s| r.findings.get(*s).copied().unwrap_or(0))
                    .collect(),
                total_findings: r.findings.values().sum(),
                monthly_cost: money(r.monthly_cost),
                compliance: frameworks
                    .iter()
                    .map(|f| match r.compliance.get(f) {
                        Some(Some(p)) => format!("{p}%"),
                        _ => "n/a".to_string(),
                    })
                    .collect(),
            })
            .collect();
        self.history = HistoryPage {
            severities,
            frameworks,
            rows,
            cost_svg: svg::line_chart("Monthly cost by commit", &cost_points, money),
            findings_svg: svg::line_chart("Open findings by commit", &finding_points, |v| {
                format!("{v:.0}")
            }),
            single: history.records.len() <= 1,
        };
    }
}

/// Totals by provider, service and module, largest first.
fn cost_page(tree: &Tree, review: &ReviewData) -> CostPage {
    let module_of: BTreeMap<(String, &str), &str> = tree
        .model
        .managed()
        .map(|r| {
            (
                (display_dir(&r.root), r.address.as_str()),
                r.module.as_str(),
            )
        })
        .collect();
    let mut provider: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    let mut service_totals: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    let mut module: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for c in &review.costs {
        let add = |m: &mut BTreeMap<String, (f64, usize)>, k: String| {
            let e = m.entry(k).or_default();
            e.0 += c.monthly;
            e.1 += 1;
        };
        add(
            &mut provider,
            aetheredge_model::iac::module::default_provider(&c.resource_type),
        );
        add(&mut service_totals, service(&c.resource_type));
        let m = module_of
            .get(&(c.root.clone(), c.address.as_str()))
            .copied()
            .unwrap_or("");
        let m = if m.is_empty() { "(root module)" } else { m };
        let name = if c.root == "." {
            m.to_string()
        } else {
            format!("{}: {m}", c.root)
        };
        add(&mut module, name);
    }
    let lines = |m: BTreeMap<String, (f64, usize)>| {
        let mut v: Vec<(String, f64, usize)> = m.into_iter().map(|(k, (c, n))| (k, c, n)).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let (provider, service_totals, module) =
        (lines(provider), lines(service_totals), lines(module));
    let chart = |title: &str, v: &[(String, f64, usize)]| {
        // The 20 largest; the tables list them all.
        let bars: Vec<(String, f64)> = v.iter().take(20).map(|(n, c, _)| (n.clone(), *c)).collect();
        svg::bar_chart(title, &bars, money)
    };
    let table = |v: &[(String, f64, usize)]| {
        v.iter()
            .map(|(n, c, r)| CostLine {
                name: n.clone(),
                monthly: money(*c),
                resources: *r,
            })
            .collect()
    };
    CostPage {
        total: money(review.monthly_cost),
        priced: review.costs.len(),
        provider_svg: chart("Monthly cost by provider", &provider),
        service_svg: chart("Monthly cost by service", &service_totals),
        module_svg: chart("Monthly cost by module", &module),
        by_provider: table(&provider),
        by_service: table(&service_totals),
        by_module: table(&module),
    }
}

/// A control's rules, failing resources and the resource types its rules apply to.
type ControlParts = (Vec<RuleRef>, BTreeSet<String>, BTreeSet<String>);

/// The compliance pages: a page per framework of the compliance catalog, a section per
/// control with the rules that map to it (Kali's registry and the built-in policy library:
/// which rules bear on which control, and which resource types each applies to) and the
/// resources the findings' `frameworks` say fail it.
fn frameworks(tree: &Tree, findings: &[FindingRow]) -> Vec<FrameworkPage> {
    let rules = mapped_rules();
    let resources: Vec<(&str, &str)> = tree
        .model
        .managed()
        .map(|r| (r.address.as_str(), r.resource_type.as_str()))
        .collect();
    let catalog = aetheredge_deity::compliance::catalog();
    catalog
        .frameworks
        .iter()
        .map(|framework| {
            let mut controls: BTreeMap<String, ControlParts> = BTreeMap::new();
            for rule in &rules {
                for fc in rule
                    .frameworks
                    .iter()
                    .filter(|fc| fc.framework_id == framework.id)
                {
                    let entry = controls.entry(fc.control.clone()).or_default();
                    entry.0.push(RuleRef {
                        id: rule.id.clone(),
                        title: rule.title.clone(),
                        remediation: rule.remediation.clone(),
                    });
                    entry.2.extend(rule.resource_types.iter().cloned());
                }
            }
            for f in findings {
                for (_, control) in f.frameworks.iter().filter(|(fw, _)| *fw == framework.id) {
                    let entry = controls.entry(control.clone()).or_default();
                    let what = if f.resource.is_empty() {
                        f.location.clone()
                    } else {
                        f.resource.clone()
                    };
                    entry.1.insert(what);
                }
            }
            let mut controls: Vec<(String, ControlParts)> = controls.into_iter().collect();
            controls.sort_by_key(|(id, _)| aetheredge_deity::compliance::natural_key(id));
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
                        title: catalog
                            .control(&framework.id, &id)
                            .map(|c| c.title.clone())
                            .unwrap_or_default(),
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
            let percent = (passed * 100).checked_div(judged).map(|p| p as u32);
            FrameworkPage {
                id: framework.id.clone(),
                name: framework.name.clone(),
                version: framework.version.clone(),
                slug: framework.id.replace('_', "-"),
                score: percent.map_or_else(|| "n/a".to_string(), |p| format!("{p}%")),
                percent,
                controls,
            }
        })
        .collect()
}

/// A rule the compliance pages list: its id, title, remediation, resource types and controls.
struct MappedRule {
    id: String,
    title: String,
    remediation: String,
    resource_types: Vec<String>,
    frameworks: Vec<aetheredge_core::report::FrameworkControl>,
}

/// Every built-in rule mapped to a control: Kali's registry, then the built-in policy library.
fn mapped_rules() -> Vec<MappedRule> {
    let mut out: Vec<MappedRule> = aetheredge_kali::checks::catalog()
        .into_iter()
        .map(|r| MappedRule {
            id: r.id,
            title: r.title,
            remediation: r.remediation,
            resource_types: r.resource_types,
            frameworks: r.frameworks,
        })
        .collect();
    let library = aetheredge_vishnu::policy::CompiledPolicies::compile(
        &aetheredge_vishnu::policy::library::sources(false),
        aetheredge_vishnu::policy::EngineOptions::default(),
    );
    for rule in library.checks().filter(|r| r.builtin) {
        let Some(a) = rule.annotation.as_deref() else {
            continue;
        };
        out.push(MappedRule {
            id: aetheredge_vishnu::rule_id(rule),
            title: a.title.clone().unwrap_or_default(),
            remediation: a.remediation.clone().unwrap_or_default(),
            resource_types: a.resource_types.clone(),
            frameworks: a.frameworks.clone(),
        });
    }
    out
}

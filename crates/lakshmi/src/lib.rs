//! Lakshmi prices: the monthly cost of every resource at base and head, offline, from the
//! catalog compiled into the binary (laid over by `.aetheredge/pricing/*.catalog` of the
//! repo) and the usage files. She reports the cost (`compare`) and, per tree, what a
//! reviewer should act on (`inspect`): a budget crossed, an increase over the limit, a
//! usage or catalog file that could not be read, and savings hints.

pub mod pricing;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::pricing::catalog::Catalog;
use crate::pricing::import::OVERRIDE_DIR;
use crate::pricing::usage::{self, UsageSet};
use crate::pricing::{savings, Estimate, Outcome, Pricing};
use aetheredge_core::config::CostConfig;
use aetheredge_core::report::money::money;
use aetheredge_core::report::{
    Action, Cost, DeityName, Finding, NotPriced, ResourceCost, Severity,
};

use aetheredge_deity::{Contribution, Deity, Review, Side, Which};
use chrono::NaiveDate;

/// The environment variable that sets the day prices are taken at (`YYYY-MM-DD`), over the
/// config's `cost.pricing_date`.
pub const PRICING_DATE_VARIABLE: &str = "AETHEREDGE_PRICING_DATE";

/// The day prices are taken at: the environment's (`from_env`, unless empty), else the
/// config's, else today; with why the environment's could not be used, if it could not.
fn pricing_date(
    from_env: Option<&str>,
    configured: Option<NaiveDate>,
    today: NaiveDate,
) -> (NaiveDate, Option<String>) {
    let fallback = configured.unwrap_or(today);
    match from_env.map(str::trim).filter(|v| !v.is_empty()) {
        None => (fallback, None),
        Some(text) => match aetheredge_core::config::parse_pricing_date(text) {
            Ok(date) => (date, None),
            Err(e) => (
                fallback,
                Some(format!(
                    "{PRICING_DATE_VARIABLE}: {e}; prices are as of {fallback} instead"
                )),
            ),
        },
    }
}

/// What Lakshmi computed for one side, once.
struct SideCost {
    estimates: Vec<Estimate>,
    /// Usage files that could not be read.
    problems: Vec<Finding>,
    total: f64,
}

pub struct Lakshmi {
    settings: CostConfig,
    /// The day prices are taken at.
    date: NaiveDate,
    /// Why the environment's pricing date was not used, if it was not.
    date_problem: Option<Finding>,
    catalog: OnceLock<(Cow<'static, Catalog>, Vec<Finding>)>,
    base: OnceLock<SideCost>,
    head: OnceLock<SideCost>,
}

impl Lakshmi {
    pub fn new(settings: CostConfig) -> Lakshmi {
        let from_env = std::env::var(PRICING_DATE_VARIABLE).ok();
        let today = chrono::Utc::now().date_naive();
        let (date, problem) = pricing_date(from_env.as_deref(), settings.pricing_date, today);
        tracing::debug!("prices as of {date}");
        Lakshmi {
            settings,
            date,
            date_problem: problem.map(|message| {
                Finding::new(
                    DeityName::Lakshmi,
                    "lakshmi/pricing-date-error",
                    Severity::Medium,
                    "Pricing date not read",
                    message,
                )
            }),
            catalog: OnceLock::new(),
            base: OnceLock::new(),
            head: OnceLock::new(),
        }
    }

    /// The built-in catalog, laid over by the repo's imported catalogs. Those come from the
    /// side the config comes from (the base), so a change cannot reprice itself.
    fn catalog(&self, review: &Review) -> &(Cow<'static, Catalog>, Vec<Finding>) {
        self.catalog.get_or_init(|| {
            let side = review.trusted();
            let prefix = format!("{OVERRIDE_DIR}/");
            let files: Vec<_> = side
                .snapshot
                .files()
                .filter(|f| f.path.starts_with(&prefix) && f.path.ends_with(".catalog"))
                .collect();
            if files.is_empty() {
                return (Cow::Borrowed(Catalog::builtin()), Vec::new());
            }
            let mut catalog = Catalog::builtin().clone();
            let mut problems = Vec::new();
            for f in files {
                match Catalog::parse(&f.path, &f.text) {
                    Ok(c) => {
                        tracing::debug!("pricing overrides from {}: {} prices", f.path, c.len());
                        catalog.overlay(c)
                    }
                    Err(e) => problems.push(
                        Finding::new(
                            DeityName::Lakshmi,
                            "lakshmi/catalog-error",
                            Severity::Medium,
                            "Pricing catalog not read",
                            format!("{e}; the built-in prices apply instead"),
                        )
                        .at(&e.file, e.line, None),
                    ),
                }
            }
            (Cow::Owned(catalog), problems)
        })
    }

    fn side(&self, review: &Review, which: Which) -> &SideCost {
        let lock = match which {
            Which::Base => &self.base,
            Which::Head => &self.head,
        };
        lock.get_or_init(|| {
            let side = review.side(which);
            if which == Which::Base && review.full_scan {
                return SideCost {
                    estimates: Vec::new(),
                    problems: Vec::new(),
                    total: 0.0,
                };
            }
            // Usage, like the catalog, comes from the trusted side: a change cannot lower
            // its own estimate by editing the usage file. It may give usage for addresses
            // the trusted file does not name (the resources it adds), which only adds cost.
            let decode_depth = review.config.limits.decode_depth;
            let (mut usage, problems) = self.usage(review.trusted(), decode_depth);
            if which == Which::Head && !review.full_scan {
                usage.add_new_addresses(&self.usage(&review.head, decode_depth).0);
            }
            let catalog = &self.catalog(review).0;
            let estimates = pricing::estimate(
                side.model,
                Pricing {
                    catalog,
                    usage: &usage,
                    discounts: &self.settings.discounts,
                    date: self.date,
                },
            );
            let total = pricing::round2(estimates.iter().filter_map(Estimate::monthly).sum());
            SideCost {
                estimates,
                problems,
                total,
            }
        })
    }

    /// The usage files of one side; one that does not parse is a finding and is left out.
    fn usage(&self, side: &Side, decode_depth: usize) -> (UsageSet, Vec<Finding>) {
        let mut set = UsageSet::default();
        let mut problems = Vec::new();
        let mut names: Vec<&str> = usage::USAGE_FILES.iter().rev().copied().collect();
        if let Some(extra) = &self.settings.usage_file {
            names.push(extra.as_str());
        }
        for name in names {
            let Some(file) = side.snapshot.get(name) else {
                continue;
            };
            match usage::parse_within(name, &file.text, decode_depth) {
                Ok(parsed) => set.push_stronger(parsed),
                Err(e) if e.limit.is_some() => problems.push(
                    Finding::new(
                        DeityName::Lakshmi,
                        aetheredge_model::iac::LIMIT_EXCEEDED,
                        Severity::High,
                        "Evaluation budget exceeded",
                        format!(
                            "{}; usage-priced components of this tree are shown without usage",
                            e.message
                        ),
                    )
                    .at(&e.file, e.line, None),
                ),
                Err(e) => problems.push(
                    Finding::new(
                        DeityName::Lakshmi,
                        "lakshmi/usage-file-error",
                        Severity::Medium,
                        "Usage file not read",
                        format!(
                            "{e}; usage-priced components of this tree are shown without usage"
                        ),
                    )
                    .at(&e.file, e.line, None),
                ),
            }
        }
        (set, problems)
    }

    fn budget_findings(&self, review: &Review, which: Which) -> Vec<Finding> {
        let mut out = Vec::new();
        let this = self.side(review, which);
        let severity = self.settings.severity;
        if let Some(budget) = self.settings.budget_monthly {
            if this.total > budget {
                let mut f = Finding::new(
                    DeityName::Lakshmi,
                    "lakshmi/over-budget",
                    severity,
                    "Over the monthly budget",
                    format!(
                        "The monthly estimate is over the repo's budget of {} (cost.budget_monthly in aetheredge.yaml).",
                        money(budget)
                    ),
                );
                f.title = format!("Over the monthly budget: {} a month", money(this.total));
                out.push(f);
            }
        }
        if which == Which::Head && !review.full_scan {
            let base = self.side(review, Which::Base).total;
            let diff = pricing::round2(this.total - base);
            if let Some(limit) = self.settings.max_increase_monthly.filter(|l| diff > *l) {
                out.push(Finding::new(
                    DeityName::Lakshmi,
                    "lakshmi/increase-over-limit",
                    severity,
                    "Cost increase over the limit",
                    format!(
                        "This change adds {} a month ({} → {}), over the limit of {} per change (cost.max_increase_monthly).",
                        money(diff),
                        money(base),
                        money(this.total),
                        money(limit)
                    ),
                ));
            }
            if let Some(limit) = self.settings.max_increase_percent {
                let percent = if base > 0.0 {
                    Some(diff / base * 100.0)
                } else if diff > 0.0 {
                    None // from nothing: any increase is infinite in percent
                } else {
                    Some(0.0)
                };
                if percent.is_none_or(|p| p > limit) {
                    let shown = percent.map_or("from $0".to_string(), |p| format!("+{p:.1}%"));
                    out.push(Finding::new(
                        DeityName::Lakshmi,
                        "lakshmi/increase-over-limit",
                        severity,
                        "Cost increase over the limit",
                        format!(
                            "This change raises the monthly estimate {shown} ({} → {}), over the limit of {limit}% per change (cost.max_increase_percent).",
                            money(base),
                            money(this.total)
                        ),
                    ));
                }
            }
        }
        out
    }
}

impl Deity for Lakshmi {
    fn name(&self) -> DeityName {
        DeityName::Lakshmi
    }

    fn inspect(&self, review: &Review, which: Which) -> Vec<Finding> {
        let this = self.side(review, which);
        let mut out = this.problems.clone();
        if which == Which::Head {
            out.extend(self.catalog(review).1.iter().cloned());
            out.extend(self.date_problem.iter().cloned());
        }
        out.extend(self.budget_findings(review, which));
        if self.settings.savings {
            let regions: HashMap<(&str, &str), &str> = this
                .estimates
                .iter()
                .filter(|e| matches!(e.outcome, Outcome::Priced(_)))
                .filter_map(|e| Some(((e.root.as_str(), e.address.as_str()), e.region.as_deref()?)))
                .collect();
            let usage = UsageSet::default();
            let pricing = Pricing {
                catalog: &self.catalog(review).0,
                usage: &usage,
                discounts: &self.settings.discounts,
                date: self.date,
            };
            let region_of = |r: &aetheredge_model::iac::Resource| {
                regions
                    .get(&(r.root.as_str(), r.address.as_str()))
                    .map(|s| s.to_string())
            };
            for h in savings::hints(review.side(which).model, pricing, &region_of) {
                let mut f = Finding::new(
                    DeityName::Lakshmi,
                    h.rule_id,
                    Severity::Low,
                    h.title,
                    h.message,
                )
                .at(&h.file, h.line, None);
                f.resource = Some(h.address);
                out.push(f);
            }
        }
        out
    }

    fn compare(&self, review: &Review) -> Contribution {
        let base = self.side(review, Which::Base);
        let head = self.side(review, Which::Head);
        let actions: HashMap<(&str, &str), Action> = review
            .plan()
            .changes
            .iter()
            .map(|c| ((c.root.as_str(), c.address.as_str()), c.action))
            .collect();
        Contribution::Cost(assemble(
            &base.estimates,
            &head.estimates,
            &self.catalog(review).0,
            &actions,
            self.date,
        ))
    }
}

/// The report's cost from the estimates of both sides, and what the plan does to each
/// resource, by root (`.` for the repo root) and address.
fn assemble(
    base: &[Estimate],
    head: &[Estimate],
    catalog: &Catalog,
    actions: &HashMap<(&str, &str), Action>,
    date: NaiveDate,
) -> Cost {
    let key = |e: &Estimate| (e.root.clone(), e.address.clone());
    let base_by: HashMap<_, &Estimate> = base.iter().map(|e| (key(e), e)).collect();
    let head_by: HashMap<_, &Estimate> = head.iter().map(|e| (key(e), e)).collect();
    let mut keys: Vec<(String, String)> = base_by.keys().chain(head_by.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let mut cost = Cost {
        estimated: true,
        catalog: catalog.sources.clone(),
        pricing_date: Some(date.to_string()),
        ..Cost::default()
    };
    let root_name = |r: &str| {
        if r.is_empty() {
            ".".to_string()
        } else {
            r.to_string()
        }
    };
    for k in keys {
        let b = base_by.get(&k).copied();
        let h = head_by.get(&k).copied();
        let shown = h.or(b).expect("a key comes from one side");
        if h.is_some_and(|e| e.outcome == Outcome::Free) {
            cost.free_resources += 1;
        }
        let not_priced_reason = |e: Option<&Estimate>| match e.map(|e| &e.outcome) {
            Some(Outcome::NotPriced(r)) => Some(r.clone()),
            _ => None,
        };
        let (side, reason) = match (not_priced_reason(h), not_priced_reason(b)) {
            (Some(r), _) => ("head", Some(r)),
            (None, Some(r)) if h.is_none() => ("base", Some(r)),
            (None, Some(r)) => ("base", Some(r)),
            _ => ("head", None),
        };
        if let Some(reason) = &reason {
            cost.not_priced.push(NotPriced {
                address: shown.address.clone(),
                root: root_name(&shown.root),
                resource_type: shown.resource_type.clone(),
                side,
                reason: reason.clone(),
                action: actions
                    .get(&(root_name(&shown.root).as_str(), shown.address.as_str()))
                    .copied(),
            });
        }
        let bm = b.and_then(Estimate::monthly);
        let hm = h.and_then(Estimate::monthly);
        if bm.is_none() && hm.is_none() {
            continue;
        }
        let diff = pricing::round2(hm.unwrap_or(0.0) - bm.unwrap_or(0.0));
        let components = match (&h, &b) {
            (
                Some(Estimate {
                    outcome: Outcome::Priced(c),
                    ..
                }),
                _,
            ) => c.clone(),
            (
                _,
                Some(Estimate {
                    outcome: Outcome::Priced(c),
                    ..
                }),
            ) => c.clone(),
            _ => Vec::new(),
        };
        cost.resources.push(ResourceCost {
            address: shown.address.clone(),
            base_monthly: bm,
            head_monthly: hm,
            diff_monthly: diff,
            diff_percent: percent(bm, diff),
            root: root_name(&shown.root),
            resource_type: shown.resource_type.clone(),
            region: h.or(b).and_then(|e| e.region.clone()),
            components,
            not_priced: reason,
            action: actions
                .get(&(root_name(&shown.root).as_str(), shown.address.as_str()))
                .copied(),
        });
    }
    cost.base_monthly = pricing::round2(cost.resources.iter().filter_map(|r| r.base_monthly).sum());
    cost.head_monthly = pricing::round2(cost.resources.iter().filter_map(|r| r.head_monthly).sum());
    cost.diff_monthly = pricing::round2(cost.head_monthly - cost.base_monthly);
    cost.diff_percent = percent(Some(cost.base_monthly), cost.diff_monthly);
    cost.set_blocks();
    cost
}

fn percent(base: Option<f64>, diff: f64) -> Option<f64> {
    base.filter(|b| *b > 0.0)
        .map(|b| (diff / b * 1000.0).round() / 10.0)
}

#[cfg(test)]
mod pricing_date_tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_environment_sets_the_pricing_date_over_the_config_which_sets_it_over_today() {
        let today = day(2026, 12, 7);
        let configured = Some(day(2025, 1, 31));
        assert_eq!(pricing_date(None, None, today), (today, None));
        assert_eq!(
            pricing_date(None, configured, today),
            (day(2025, 1, 31), None)
        );
        assert_eq!(
            pricing_date(Some("2024-07-04"), configured, today),
            (day(2024, 7, 4), None)
        );
        // Set but empty counts as not set.
        assert_eq!(pricing_date(Some(" "), None, today), (today, None));
    }

    #[test]
    fn a_bad_pricing_date_in_the_environment_is_named_and_the_fallback_said() {
        let today = day(2026, 12, 7);
        let (date, problem) = pricing_date(Some("2024-13-01"), Some(day(2025, 1, 31)), today);
        assert_eq!(date, day(2025, 1, 31));
        let problem = problem.unwrap();
        assert!(
            problem.starts_with("AETHEREDGE_PRICING_DATE: `2024-13-01`"),
            "{problem}"
        );
        assert!(
            problem.ends_with("prices are as of 2025-01-31 instead"),
            "{problem}"
        );
        let (date, problem) = pricing_date(Some("yesterday"), None, today);
        assert_eq!(date, today);
        assert!(problem.unwrap().contains("`yesterday`"));
    }
}

//! The pricing engine: turns the resources of a [`Model`] into monthly cost estimates,
//! component by component (instance hours, GB-months, IOPS, LCU, requests…), from the
//! [`catalog::Catalog`] and, for usage-priced components, a [`usage::UsageSet`].
//!
//! A month is 730 hours. The region of a resource is its provider configuration's
//! (`provider "aws" { alias = "west" region = "us-west-2" }`), or the resource's own
//! `location`/`region`/`zone` for Azure and Google. A resource is either priced (its
//! components), free (the catalog says so), or not priced, with the reason: never a silent $0.
//! The per-provider rules live in [`aws`], [`azure`] and [`gcp`].

pub mod aws;
pub mod azure;
pub mod catalog;
pub mod gcp;
pub mod import;
pub mod savings;
pub mod usage;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use aetheredge_model::iac::{Mode, Model, Resource, Value};
pub use catalog::Catalog;
use chrono::NaiveDate;
pub use usage::{Usage, UsageSet};

/// Hours in a month, as every estimate counts them.
pub(crate) const HOURS_PER_MONTH: f64 = 730.0;

pub use aetheredge_core::report::CostComponent as Component;

/// What the engine concluded about one resource.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Priced(Vec<Component>),
    /// The catalog lists the type as costing nothing by itself (a VPC, an IAM role).
    Free,
    /// Why no price could be given.
    NotPriced(String),
}

/// The estimate of one resource instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub root: String,
    pub address: String,
    pub resource_type: String,
    pub region: Option<String>,
    pub outcome: Outcome,
}

impl Estimate {
    /// The monthly cost of the components with a known quantity, to the cent; `None`
    /// when not priced or free.
    pub fn monthly(&self) -> Option<f64> {
        match &self.outcome {
            Outcome::Priced(c) => Some(round2(c.iter().filter_map(|c| c.monthly).sum())),
            _ => None,
        }
    }
}

/// Rounds to the cent.
pub(crate) fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The catalog, usage, discounts and day one estimate uses.
#[derive(Clone, Copy)]
pub struct Pricing<'a> {
    pub catalog: &'a Catalog,
    pub usage: &'a UsageSet,
    /// Percent off every price, by provider (`aws`, `azure`, `gcp`).
    pub discounts: &'a BTreeMap<String, f64>,
    /// The day prices are taken at: what is billed by date (extended support) is priced as
    /// on that day.
    pub date: NaiveDate,
}

/// Lookups across the model that pricing rules need (what a resource refers to).
pub struct Index<'a> {
    pub model: &'a Model,
    by_address: HashMap<(&'a str, &'a str), &'a Resource>,
    by_type: HashMap<&'a str, Vec<&'a Resource>>,
    referenced: OnceLock<HashSet<(String, String)>>,
}

impl<'a> Index<'a> {
    pub fn new(model: &'a Model) -> Index<'a> {
        let mut by_address = HashMap::with_capacity(model.resources.len());
        let mut by_type: HashMap<&str, Vec<&Resource>> = HashMap::new();
        for r in model.resources.iter().filter(|r| r.mode == Mode::Managed) {
            by_address.insert((r.root.as_str(), r.address.as_str()), r);
            by_type.entry(r.resource_type.as_str()).or_default().push(r);
        }
        Index {
            model,
            by_address,
            by_type,
            referenced: OnceLock::new(),
        }
    }

    /// The managed resources of a type.
    pub fn of_type(&self, resource_type: &str) -> &[&'a Resource] {
        self.by_type
            .get(resource_type)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The resource of type `resource_type` a value refers to (`aws_launch_template.lt.id`).
    pub fn referenced(
        &self,
        from: &Resource,
        value: Option<&Value>,
        resource_type: &str,
    ) -> Option<&'a Resource> {
        let refs = value?.unknown_refs().refs;
        refs.iter().find_map(|r| {
            let mut candidate = r.as_str();
            for _ in 0..3 {
                if let Some(found) = self.by_address.get(&(from.root.as_str(), candidate)) {
                    if found.resource_type == resource_type {
                        return Some(*found);
                    }
                }
                candidate = candidate.rsplit_once('.')?.0;
            }
            None
        })
    }

    /// The resources a value refers to, in the order it names them.
    pub(crate) fn referenced_all(&self, from: &Resource, value: &Value) -> Vec<&'a Resource> {
        let mut out: Vec<&'a Resource> = Vec::new();
        for r in value.unknown_refs().refs {
            let mut candidate = r.as_str();
            for _ in 0..3 {
                if let Some(found) = self.by_address.get(&(from.root.as_str(), candidate)) {
                    if !out.iter().any(|o| std::ptr::eq(*o, *found)) {
                        out.push(found);
                    }
                    break;
                }
                match candidate.rsplit_once('.') {
                    Some((head, _)) => candidate = head,
                    None => break,
                }
            }
        }
        out
    }

    /// Whether any resource's attributes refer to this resource.
    pub(crate) fn is_referenced(&self, target: &Resource) -> bool {
        let set = self.referenced.get_or_init(|| {
            let mut set = HashSet::new();
            for r in self.model.resources.iter() {
                for v in r.attributes.values() {
                    for reference in v.unknown_refs().refs {
                        let mut candidate = reference.as_str();
                        for _ in 0..3 {
                            set.insert((r.root.clone(), candidate.to_string()));
                            match candidate.rsplit_once('.') {
                                Some((head, _)) => candidate = head,
                                None => break,
                            }
                        }
                    }
                }
            }
            set
        });
        set.contains(&(target.root.clone(), target.address.clone()))
    }
}

/// What a pricing rule reads and builds.
pub struct Ctx<'a> {
    pub res: &'a Resource,
    pub provider: &'static str,
    pub region: String,
    pub usage: Usage,
    pub index: &'a Index<'a>,
    /// The day prices are taken at.
    pub date: NaiveDate,
    usage_set: &'a UsageSet,
    catalog: &'a Catalog,
    discount: f64,
    components: Vec<Component>,
}

/// Why a rule could not price a resource.
pub type Reason = String;

/// One resource's attributes, read by path through blocks (the first block of each list)
/// and objects, typed; a value only apply knows is an error where a price needs it.
#[derive(Clone, Copy)]
pub(crate) struct Attrs<'a>(pub(crate) &'a Resource);

impl<'a> Attrs<'a> {
    /// An attribute.
    pub fn attr(self, name: &str) -> Option<&'a Value> {
        let attrs: &'a BTreeMap<String, Value> = &self.0.attributes;
        attrs.get(name).filter(|v| !matches!(v, Value::Null))
    }

    /// A nested value by path through blocks (first block of each list) and objects.
    pub fn path(self, path: &[&str]) -> Option<&'a Value> {
        let mut v = self.attr(path[0])?;
        for key in &path[1..] {
            v = first_object(v)?.get(*key)?;
        }
        (!matches!(v, Value::Null)).then_some(v)
    }

    /// A string attribute (or nested path); an error when only apply knows it.
    pub fn str(self, path: &[&str]) -> Result<Option<&'a str>, Reason> {
        match self.path(path) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) if !v.is_known() => Err(unknown_reason(path)),
            Some(v) => Err(format!(
                "`{}` is a {}, not a string",
                path.join("."),
                v.type_name()
            )),
        }
    }

    /// A number attribute (or nested path); an error when only apply knows it.
    pub fn num(self, path: &[&str]) -> Result<Option<f64>, Reason> {
        match self.path(path) {
            None => Ok(None),
            Some(v) if !v.is_known() => Err(unknown_reason(path)),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| format!("`{}` is not a number", path.join("."))),
        }
    }

    /// A bool attribute; unknown counts as absent.
    pub fn flag(self, path: &[&str]) -> Option<bool> {
        match self.path(path)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
}

impl<'a> Ctx<'a> {
    /// The priced resource's attributes.
    pub(crate) fn attrs(&self) -> Attrs<'a> {
        Attrs(self.res)
    }

    /// An attribute.
    pub fn attr(&self, name: &str) -> Option<&'a Value> {
        self.attrs().attr(name)
    }

    /// A nested value by path through blocks (first block of each list) and objects.
    pub fn path(&self, path: &[&str]) -> Option<&'a Value> {
        self.attrs().path(path)
    }

    /// A string attribute (or nested path); an error when only apply knows it.
    pub fn str(&self, path: &[&str]) -> Result<Option<&'a str>, Reason> {
        self.attrs().str(path)
    }

    /// A number attribute (or nested path); an error when only apply knows it.
    pub fn num(&self, path: &[&str]) -> Result<Option<f64>, Reason> {
        self.attrs().num(path)
    }

    /// A bool attribute; unknown counts as absent.
    pub fn flag(&self, path: &[&str]) -> Option<bool> {
        self.attrs().flag(path)
    }

    /// The list length of an attribute (a list of subnet ids, of blocks).
    pub fn count(&self, path: &[&str]) -> Option<usize> {
        match self.path(path)? {
            Value::List(items) => Some(items.len()),
            _ => None,
        }
    }

    /// A price from the catalog, with the discount applied.
    pub fn price(&self, key: &str) -> Result<(f64, String), Reason> {
        self.catalog
            .price(self.provider, &self.region, key)
            .map(|p| (p.usd * (1.0 - self.discount), p.unit))
            .ok_or_else(|| {
                format!(
                    "no price for `{key}` in {} {} in the catalog",
                    self.provider, self.region
                )
            })
    }

    /// A price from the catalog in another region than the resource's (a table's replica),
    /// with the discount applied.
    pub(crate) fn price_in(&self, region: &str, key: &str) -> Result<(f64, String), Reason> {
        self.catalog
            .price(self.provider, region, key)
            .map(|p| (p.usd * (1.0 - self.discount), p.unit))
            .ok_or_else(|| {
                format!(
                    "no price for `{key}` in {} {region} in the catalog",
                    self.provider
                )
            })
    }

    /// A component billed by the hour, running all month, `count` times over.
    pub(crate) fn hourly(&mut self, name: &str, key: &str, count: f64) -> Result<(), Reason> {
        let (usd, _) = self.price(key)?;
        self.push(name, "hours", Some(HOURS_PER_MONTH * count), usd, false);
        Ok(())
    }

    /// A component billed by the hour for `hours` hours a month (the usage file's
    /// `monthly_hrs`, or all month).
    pub(crate) fn hours(&mut self, name: &str, key: &str, hours: f64) -> Result<(), Reason> {
        let (usd, _) = self.price(key)?;
        self.push(name, "hours", Some(hours), usd, false);
        Ok(())
    }

    /// Whether the catalog prices `key` here.
    pub(crate) fn priced(&self, key: &str) -> bool {
        self.catalog
            .price(self.provider, &self.region, key)
            .is_some()
    }

    /// A component with a fixed monthly quantity in the catalog's unit (GB-months, months).
    pub fn monthly(&mut self, name: &str, key: &str, quantity: f64) -> Result<(), Reason> {
        let (usd, unit) = self.price(key)?;
        self.push(name, &unit, Some(quantity), usd, false);
        Ok(())
    }

    /// A usage-priced component: its quantity comes from the usage file (`None` when not given).
    pub(crate) fn by_usage(
        &mut self,
        name: &str,
        key: &str,
        quantity: Option<f64>,
    ) -> Result<(), Reason> {
        let (usd, unit) = self.price(key)?;
        self.push(name, &unit, quantity, usd, true);
        Ok(())
    }

    /// How many components the rule has built so far.
    pub(crate) fn components_len(&self) -> usize {
        self.components.len()
    }

    /// A number from this resource's usage.
    pub fn usage(&self, key: &str) -> Option<f64> {
        usage::number(&self.usage, key)
    }

    /// A text from this resource's usage (`endpoint_type: non_aws`).
    pub fn usage_text(&self, key: &str) -> Option<&str> {
        usage::text(&self.usage, key)
    }

    /// The usage of another resource (an autoscaling target of this one).
    pub(crate) fn usage_of(&self, other: &Resource) -> Usage {
        self.usage_set.lookup(&other.address, &other.resource_type)
    }

    /// A usage-priced component at a price a rule looked up (in another region).
    pub(crate) fn push_usage(
        &mut self,
        name: &str,
        unit: &str,
        quantity: Option<f64>,
        unit_price: f64,
    ) {
        self.push(name, unit, quantity, unit_price, true);
    }

    /// A component whose quantity a rule computed (vCPU-hours, GB-seconds).
    pub(crate) fn push_raw(&mut self, name: &str, unit: &str, quantity: f64, unit_price: f64) {
        self.push(name, unit, Some(quantity), unit_price, false);
    }

    fn push(
        &mut self,
        name: &str,
        unit: &str,
        quantity: Option<f64>,
        unit_price: f64,
        usage_based: bool,
    ) {
        self.components.push(Component {
            name: name.to_string(),
            unit: unit.to_string(),
            quantity,
            unit_price,
            monthly: quantity.map(|q| q * unit_price),
            usage_based,
        });
    }
}

fn unknown_reason(path: &[&str]) -> Reason {
    format!("`{}` is known only after apply", path.join("."))
}

/// The first object of a block list, or the object itself.
pub(crate) fn first_object(v: &Value) -> Option<&BTreeMap<String, Value>> {
    match v {
        Value::Object(o) => Some(o),
        Value::Partial(o, _) => Some(o),
        Value::List(items) => items.first().and_then(first_object),
        _ => None,
    }
}

/// Providers whose resources cost nothing by themselves (they live in Terraform's state only).
const FREE_PROVIDERS: &[&str] = &[
    "random",
    "null",
    "tls",
    "local",
    "time",
    "template",
    "archive",
    "external",
    "http",
    "terraform",
];

/// The cloud a resource type belongs to.
pub(crate) fn cloud_of(resource_type: &str) -> Option<&'static str> {
    match resource_type.split('_').next()? {
        "aws" => Some("aws"),
        "azurerm" => Some("azure"),
        "google" => Some("gcp"),
        _ => None,
    }
}

/// Estimates every managed resource of a model, sorted by root and address.
pub fn estimate(model: &Model, pricing: Pricing) -> Vec<Estimate> {
    let index = Index::new(model);
    let mut out: Vec<Estimate> = model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed)
        .map(|r| estimate_one(r, &index, pricing))
        .collect();
    out.extend(aws::data_transfer(pricing));
    out
}

fn estimate_one(res: &Resource, index: &Index, pricing: Pricing) -> Estimate {
    let mut estimate = Estimate {
        root: res.root.clone(),
        address: res.address.clone(),
        resource_type: res.resource_type.clone(),
        region: None,
        outcome: Outcome::Free,
    };
    let prefix = res.resource_type.split('_').next().unwrap_or("");
    if FREE_PROVIDERS.contains(&prefix) {
        return estimate;
    }
    // A type the catalog lists as free may still cost something by how it is configured
    // (a certificate from a private CA, a stage with a cache): its rule says so, and it is
    // free when the rule finds nothing to bill.
    let listed_free = pricing.catalog.is_free(&res.resource_type);
    let Some(provider) = cloud_of(&res.resource_type) else {
        estimate.outcome = Outcome::NotPriced(format!(
            "the `{prefix}` provider is not in the catalog (AWS, Azure and Google Cloud are)"
        ));
        return estimate;
    };
    let region = match region_of(res, provider, index) {
        Ok(r) => r,
        Err(_) if listed_free => return estimate,
        Err(reason) => {
            estimate.outcome = Outcome::NotPriced(reason);
            return estimate;
        }
    };
    estimate.region = Some(region.clone());
    if listed_free && !pricing.catalog.has_region(provider, &region) {
        return estimate;
    }
    if !pricing.catalog.has_region(provider, &region) {
        let known = pricing
            .catalog
            .regions()
            .remove(provider)
            .unwrap_or_default();
        estimate.outcome = Outcome::NotPriced(format!(
            "region `{region}` is not in the catalog ({provider} regions: {})",
            known.join(", ")
        ));
        return estimate;
    }
    let mut ctx = Ctx {
        res,
        provider,
        region,
        usage: pricing.usage.lookup(&res.address, &res.resource_type),
        index,
        date: pricing.date,
        usage_set: pricing.usage,
        catalog: pricing.catalog,
        discount: pricing
            .discounts
            .get(provider)
            .map(|p| (p / 100.0).clamp(0.0, 1.0))
            .unwrap_or(0.0),
        components: Vec::new(),
    };
    let result = match provider {
        "aws" => aws::price(&mut ctx),
        "azure" => azure::price(&mut ctx),
        _ => gcp::price(&mut ctx),
    };
    estimate.outcome = match result {
        None | Some(Ok(())) if listed_free && ctx.components.is_empty() => Outcome::Free,
        None => Outcome::NotPriced(format!("`{}` is not in the catalog", res.resource_type)),
        Some(Err(reason)) => Outcome::NotPriced(reason),
        Some(Ok(())) => Outcome::Priced(ctx.components),
    };
    estimate
}

/// The region a resource is priced in.
fn region_of(res: &Resource, provider: &str, index: &Index) -> Result<String, Reason> {
    let model = index.model;
    let own = |name: &str| -> Result<Option<String>, Reason> {
        match res.attributes.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!(
                "`{name}` is known only after apply, so the region is not known"
            )),
        }
    };
    let config = model
        .providers
        .iter()
        .find(|p| p.root == res.root && p.address == res.provider);
    let from_config = |name: &str| -> Result<Option<String>, Reason> {
        match config.and_then(|c| c.attributes.get(name)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!(
                "the `{name}` of provider `{}` is known only after apply",
                res.provider
            )),
        }
    };
    match provider {
        "aws" => Ok(own("region")?
            .or(from_config("region")?)
            .unwrap_or_else(|| "us-east-1".to_string())),
        "azure" => azure::region(res, index),
        _ => {
            if let Some(r) = own("region")? {
                return Ok(r);
            }
            for zone_or_location in ["zone", "location"] {
                if let Some(z) = own(zone_or_location)? {
                    return Ok(zone_to_region(&z));
                }
            }
            if let Some(r) = from_config("region")? {
                return Ok(r);
            }
            if let Some(z) = from_config("zone")? {
                return Ok(zone_to_region(&z));
            }
            Ok("us-central1".to_string())
        }
    }
}

/// `us-central1-a` → `us-central1`; a region stays as it is.
fn zone_to_region(zone: &str) -> String {
    match zone.rsplit_once('-') {
        Some((region, suffix)) if suffix.len() == 1 => region.to_string(),
        _ => zone.to_string(),
    }
}

#[cfg(test)]
mod tests;

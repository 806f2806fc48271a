//! The price catalog: on-demand list prices by provider, region and price key, parsed from
//! the `pricing/*.catalog` data files compiled into the binary, and overlaid by catalogs
//! written by `aetheredge pricing import` (see [`super::import`]).
//!
//! # Format
//!
//! ```text
//! @provider aws                       headers: provider, source, as-of date, free types
//! @source AWS Price List bulk offer files
//! @as_of 2025-01-15
//! @free aws_vpc aws_subnet            resource types that cost nothing by themselves
//! [aws us-east-1]                     a region section
//! ec2.t3.medium  0.0416  hour         key, price in USD, unit
//! [aws us-west-2 < us-east-1]         inherits every price of us-east-1; lines below override
//! [aws *]                             prices that are the same in every region
//! [aws eu-west-1 < us-east-1]
//! ~ ec2.m5.  1.11458                  keys under a prefix not listed here: the parent's price
//!                                     times a factor (the longest matching prefix wins)
//! [azure eastus2 < eastus]
//! ! openai.                           keys under a prefix not listed here are not offered in
//!                                     this region (not inherited): a service or model that
//!                                     only some regions have
//! ```
//!
//! A factor line stands for a published price only where the provider's list scales the
//! same way (every size of an EC2 family is the same multiple of the family's smallest size,
//! so one listed price per family and region fixes the factor); the catalog files say which
//! factors are anchored on a listed price and which are a region-wide estimate.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

const BUILTIN: [(&str, &str); 3] = [
    (
        "pricing/aws.catalog",
        include_str!("../../../../pricing/aws.catalog"),
    ),
    (
        "pricing/azure.catalog",
        include_str!("../../../../pricing/azure.catalog"),
    ),
    (
        "pricing/gcp.catalog",
        include_str!("../../../../pricing/gcp.catalog"),
    ),
];

/// A catalog file that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CatalogError {
    pub file: String,
    pub line: u32,
    pub message: String,
}

/// One list price.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    pub usd: f64,
    pub unit: String,
}

pub use aetheredge_core::report::CatalogSource;

#[derive(Debug, Clone, Default)]
struct Section {
    parent: Option<String>,
    prices: HashMap<String, Price>,
    /// `(key prefix, factor)`: a key under the prefix that the section does not list is
    /// priced at the parent's price times the factor.
    factors: Vec<(String, f64)>,
    /// Key prefixes the section does not inherit: only the keys it lists are offered.
    withheld: Vec<String>,
}

impl Section {
    fn withholds(&self, key: &str) -> bool {
        self.withheld
            .iter()
            .any(|prefix| key.starts_with(prefix.as_str()))
    }

    fn factor(&self, key: &str) -> Option<f64> {
        self.factors
            .iter()
            .filter(|(prefix, _)| key.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, f)| *f)
    }
}

/// Prices by (provider, region) and key.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Sections by provider, then region (`*` for every region).
    sections: HashMap<String, HashMap<String, Section>>,
    free: HashSet<String>,
    pub sources: Vec<CatalogSource>,
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn builtin() -> &'static Catalog {
        static BUILT: OnceLock<Catalog> = OnceLock::new();
        BUILT.get_or_init(|| {
            let mut catalog = Catalog::default();
            for (file, text) in BUILTIN {
                match Catalog::parse(file, text) {
                    Ok(c) => catalog.overlay(c),
                    // The data files are checked by the tests; a broken one must not stop a review.
                    Err(e) => tracing::error!("built-in catalog: {e}"),
                }
            }
            catalog
        })
    }

    /// Parses one catalog file.
    pub fn parse(file: &str, text: &str) -> Result<Catalog, CatalogError> {
        let err = |line: usize, message: String| CatalogError {
            file: file.to_string(),
            line: line as u32 + 1,
            message,
        };
        let mut catalog = Catalog::default();
        let mut source = CatalogSource {
            file: file.to_string(),
            provider: String::new(),
            source: String::new(),
            as_of: String::new(),
        };
        let mut current: Option<(String, String)> = None;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(header) = line.strip_prefix('@') {
                let (key, value) = header
                    .split_once(char::is_whitespace)
                    .unwrap_or((header, ""));
                let value = value.trim();
                match key {
                    "provider" => source.provider = value.to_string(),
                    "source" => source.source = value.to_string(),
                    "as_of" => source.as_of = value.to_string(),
                    "free" => catalog
                        .free
                        .extend(value.split_whitespace().map(str::to_string)),
                    other => return Err(err(n, format!("unknown header @{other}"))),
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let inner = rest
                    .strip_suffix(']')
                    .ok_or_else(|| err(n, "a section header must end with ]".into()))?;
                let (name, parent) = match inner.split_once('<') {
                    Some((a, b)) => (a.trim(), Some(b.trim().to_string())),
                    None => (inner.trim(), None),
                };
                let (provider, region) = name
                    .split_once(char::is_whitespace)
                    .map(|(p, r)| (p.trim(), r.trim()))
                    .ok_or_else(|| {
                        err(n, format!("section [{name}] must name a provider and a region, as [aws us-east-1]"))
                    })?;
                let key = (provider.to_string(), region.to_string());
                let section = catalog.section_mut(provider, region);
                if parent.is_some() {
                    section.parent = parent;
                }
                current = Some(key);
                continue;
            }
            let Some(section_key) = &current else {
                return Err(err(
                    n,
                    "a price line before any [provider region] section".into(),
                ));
            };
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.first() == Some(&"!") {
                let [_, prefix] = fields[..] else {
                    return Err(err(n, "expected `! key-prefix`, as `! openai.`".into()));
                };
                let (provider, region) = section_key.clone();
                let section = catalog.section_mut(&provider, &region);
                if section.parent.is_none() {
                    return Err(err(
                        n,
                        format!("a `!` line needs a parent region: write [{provider} {region} < other-region]"),
                    ));
                }
                section.withheld.push(prefix.to_string());
                continue;
            }
            if fields.first() == Some(&"~") {
                let [_, prefix, factor] = fields[..] else {
                    return Err(err(
                        n,
                        "expected `~ key-prefix factor`, as `~ ec2.m5. 1.115`".into(),
                    ));
                };
                let factor: f64 = factor
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite() && *v > 0.0)
                    .ok_or_else(|| err(n, format!("`{factor}` is not a positive factor")))?;
                let (provider, region) = section_key.clone();
                let section = catalog.section_mut(&provider, &region);
                if section.parent.is_none() {
                    return Err(err(
                        n,
                        format!("a factor line needs a parent region: write [{provider} {region} < other-region]"),
                    ));
                }
                section.factors.push((prefix.to_string(), factor));
                continue;
            }
            let [key, usd, unit] = fields[..] else {
                return Err(err(
                    n,
                    format!("expected `key price unit`, found {} fields", fields.len()),
                ));
            };
            let usd: f64 = usd
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| err(n, format!("`{usd}` is not a price in USD")))?;
            let (provider, region) = section_key.clone();
            catalog.set(&provider, &region, key, usd, unit);
        }
        catalog.sources.push(source);
        Ok(catalog)
    }

    /// Adds `other`'s prices, replacing this catalog's price wherever both have one.
    pub fn overlay(&mut self, other: Catalog) {
        for (provider, regions) in other.sections {
            for (region, section) in regions {
                let mine = self.section_mut(&provider, &region);
                if section.parent.is_some() {
                    mine.parent = section.parent;
                }
                mine.prices.extend(section.prices);
                mine.factors.extend(section.factors);
                mine.withheld.extend(section.withheld);
            }
        }
        self.free.extend(other.free);
        self.sources.extend(other.sources);
    }

    /// The price of `key` in a region: the region's own, a factor of its parent's, its
    /// parent's, then the `*` section's.
    pub fn price(&self, provider: &str, region: &str, key: &str) -> Option<Price> {
        let regions = self.sections.get(provider)?;
        self.price_in(regions, region, key, 0)
            .or_else(|| regions.get("*").and_then(|s| s.prices.get(key)).cloned())
    }

    fn price_in(
        &self,
        regions: &HashMap<String, Section>,
        region: &str,
        key: &str,
        depth: u8,
    ) -> Option<Price> {
        let section = regions.get(region)?;
        if let Some(p) = section.prices.get(key) {
            return Some(p.clone());
        }
        if section.withholds(key) {
            return None;
        }
        let parent = section.parent.as_deref().filter(|_| depth < 8)?;
        let inherited = self.price_in(regions, parent, key, depth + 1)?;
        Some(match section.factor(key) {
            Some(f) => Price {
                usd: round_price(inherited.usd * f),
                unit: inherited.unit,
            },
            None => inherited,
        })
    }

    /// Whether a region lists `key` itself or prices it by a factor of its parent's
    /// (rather than plainly inheriting the parent's price).
    pub fn is_regional(&self, provider: &str, region: &str, key: &str) -> bool {
        self.sections
            .get(provider)
            .and_then(|r| r.get(region))
            .is_some_and(|s| s.prices.contains_key(key) || s.factor(key).is_some())
    }

    /// Whether a region says it does not offer `key` (a `!` line, and no price of its own).
    #[cfg(test)]
    pub(crate) fn is_withheld(&self, provider: &str, region: &str, key: &str) -> bool {
        self.sections
            .get(provider)
            .and_then(|r| r.get(region))
            .is_some_and(|s| !s.prices.contains_key(key) && s.withholds(key))
    }

    fn section_mut(&mut self, provider: &str, region: &str) -> &mut Section {
        self.sections
            .entry(provider.to_string())
            .or_default()
            .entry(region.to_string())
            .or_default()
    }

    /// Whether the catalog has a section for this region.
    pub(crate) fn has_region(&self, provider: &str, region: &str) -> bool {
        self.sections
            .get(provider)
            .is_some_and(|r| r.contains_key(region))
    }

    /// The regions with a section, by provider.
    pub fn regions(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (p, regions) in &self.sections {
            for r in regions.keys().filter(|r| *r != "*") {
                out.entry(p.clone()).or_default().push(r.clone());
            }
        }
        out.values_mut().for_each(|v| v.sort());
        out
    }

    /// Whether a resource type costs nothing by itself.
    pub(crate) fn is_free(&self, resource_type: &str) -> bool {
        self.free.contains(resource_type)
    }

    /// Whether a section lists `key` itself.
    pub fn has_price(&self, provider: &str, region: &str, key: &str) -> bool {
        self.sections
            .get(provider)
            .and_then(|r| r.get(region))
            .is_some_and(|s| s.prices.contains_key(key))
    }

    /// Every price key of a section (its own lines only), sorted: for tests and `import`.
    pub fn keys(&self, provider: &str, region: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .sections
            .get(provider)
            .and_then(|r| r.get(region))
            .map(|s| s.prices.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }

    /// The catalog as text in the format [`Catalog::parse`] reads.
    pub fn to_text(&self, provider: &str, header_comment: &str) -> String {
        let mut out = String::new();
        for line in header_comment.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("@provider {provider}\n"));
        for s in self.sources.iter().filter(|s| s.provider == provider) {
            out.push_str(&format!("@source {}\n@as_of {}\n", s.source, s.as_of));
        }
        let mut sections: Vec<_> = self
            .sections
            .get(provider)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        sections.sort_by(|a, b| a.0.cmp(b.0));
        for (r, section) in sections {
            match &section.parent {
                Some(parent) => out.push_str(&format!("\n[{provider} {r} < {parent}]\n")),
                None => out.push_str(&format!("\n[{provider} {r}]\n")),
            }
            let mut prices: Vec<_> = section.prices.iter().collect();
            prices.sort_by(|a, b| a.0.cmp(b.0));
            for (prefix, factor) in &section.factors {
                out.push_str(&format!("~ {prefix}  {factor}\n"));
            }
            for prefix in &section.withheld {
                out.push_str(&format!("! {prefix}\n"));
            }
            for (k, price) in prices {
                out.push_str(&format!("{k}  {}  {}\n", price.usd, price.unit));
            }
        }
        out
    }

    /// Sets one price (used by importers).
    pub fn set(&mut self, provider: &str, region: &str, key: &str, usd: f64, unit: &str) {
        self.section_mut(provider, region).prices.insert(
            key.to_string(),
            Price {
                usd,
                unit: unit.to_string(),
            },
        );
    }

    /// The number of prices across all sections.
    pub fn len(&self) -> usize {
        self.sections
            .values()
            .flat_map(|r| r.values())
            .map(|s| s.prices.len())
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A derived price, to six significant digits as price lists print them.
fn round_price(usd: f64) -> f64 {
    if usd == 0.0 {
        return 0.0;
    }
    let digits = 5 - usd.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    (usd * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_parses_and_names_its_source_and_date() {
        for (file, text) in BUILTIN {
            let c = Catalog::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
            let s = &c.sources[0];
            assert!(!s.source.is_empty() && s.as_of.len() == 10, "{file}");
        }
        let c = Catalog::builtin();
        for region in [
            "us-east-1",
            "us-east-2",
            "us-west-2",
            "eu-west-1",
            "eu-central-1",
            "ap-southeast-1",
        ] {
            assert!(c.has_region("aws", region), "{region}");
            assert!(
                c.price("aws", region, "ec2.t3.medium").is_some(),
                "{region}"
            );
            assert!(c.price("aws", region, "nat.hour").is_some(), "{region}");
        }
        for (p, r) in [
            ("azure", "eastus"),
            ("azure", "westeurope"),
            ("gcp", "us-central1"),
            ("gcp", "europe-west1"),
        ] {
            assert!(c.has_region(p, r));
        }
    }

    #[test]
    fn every_type_priced_in_the_first_region_is_priced_in_every_required_region() {
        let c = Catalog::builtin();
        let required: [(&str, &str, &[&str]); 3] = [
            (
                "aws",
                "us-east-1",
                &[
                    "us-east-2",
                    "us-west-2",
                    "eu-west-1",
                    "eu-central-1",
                    "ap-southeast-1",
                ],
            ),
            ("azure", "eastus", &["westeurope"]),
            ("gcp", "us-central1", &["europe-west1"]),
        ];
        let mut missing = Vec::new();
        for (provider, first, others) in required {
            let keys = c.keys(provider, first);
            assert!(keys.len() > 30, "{provider} {first}");
            for region in others {
                // The US regions list the same prices as us-east-1; elsewhere a key must be
                // listed for the region or priced by a factor it states.
                // A key the region says it does not offer is accounted for.
                let same_list = provider == "aws" && region.starts_with("us-");
                for key in keys.iter().filter(|k| !c.is_withheld(provider, region, k)) {
                    let priced = c.price(provider, region, key).is_some();
                    if !priced || !(same_list || c.is_regional(provider, region, key)) {
                        missing.push(format!("{provider} {region} {key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "not priced: {missing:#?}");
    }

    #[test]
    fn a_factor_line_prices_a_key_from_the_parent_region() {
        let c = Catalog::parse(
            "f.catalog",
            "[aws us-east-1]\nec2.m5.large 0.096 hour\nec2.m5.xlarge 0.192 hour\nkms.key 1 month\n\
             [aws eu-west-1 < us-east-1]\n~ ec2.m5. 1.114583\n~ ec2. 2\nec2.m5.large 0.107 hour\n",
        )
        .unwrap();
        // listed, then the longest prefix's factor, then plain inheritance
        assert_eq!(
            c.price("aws", "eu-west-1", "ec2.m5.large").unwrap().usd,
            0.107
        );
        assert_eq!(
            c.price("aws", "eu-west-1", "ec2.m5.xlarge").unwrap().usd,
            0.214
        );
        assert_eq!(c.price("aws", "eu-west-1", "kms.key").unwrap().usd, 1.0);
        assert!(c.is_regional("aws", "eu-west-1", "ec2.m5.xlarge"));
        assert!(!c.is_regional("aws", "eu-west-1", "kms.key"));
        // the built-in catalog: m5.4xlarge in Frankfurt is 8 × m5.large's $0.115
        let b = Catalog::builtin();
        assert_eq!(
            b.price("aws", "eu-central-1", "ec2.m5.4xlarge")
                .unwrap()
                .usd,
            0.92
        );
        assert_eq!(
            b.price("aws", "eu-west-1", "ec2.m5.24xlarge").unwrap().usd,
            5.136
        );
        let e = Catalog::parse("g.catalog", "[aws us-east-1]\n~ ec2. 1.1\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = Catalog::parse("g.catalog", "[aws a < b]\n~ ec2. -1\n").unwrap_err();
        assert!(e.message.contains("positive factor"), "{e}");
    }

    #[test]
    fn a_withheld_prefix_offers_only_the_listed_keys() {
        let c = Catalog::parse(
            "w.catalog",
            "[azure eastus]\nopenai.tts.speech 15 1M-characters\nopenai.whisper.speech 0.36 hour\n\
             vm.Standard_B1s 0.0104 hour\n\
             [azure northland < eastus]\n! openai.\nopenai.whisper.speech 0.4 hour\n",
        )
        .unwrap();
        assert!(c.price("azure", "northland", "openai.tts.speech").is_none());
        assert!(c.is_withheld("azure", "northland", "openai.tts.speech"));
        assert_eq!(
            c.price("azure", "northland", "openai.whisper.speech")
                .unwrap()
                .usd,
            0.4
        );
        assert!(!c.is_withheld("azure", "northland", "openai.whisper.speech"));
        assert_eq!(
            c.price("azure", "northland", "vm.Standard_B1s")
                .unwrap()
                .usd,
            0.0104
        );
        let e = Catalog::parse("w.catalog", "[azure eastus]\n! openai.\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn regions_inherit_and_star_applies_everywhere() {
        let c = Catalog::builtin();
        assert_eq!(
            c.price("aws", "us-west-2", "ec2.t3.medium").unwrap().usd,
            0.0416
        );
        assert_eq!(
            c.price("aws", "eu-west-1", "eks.cluster.hour").unwrap().usd,
            0.10
        );
        assert!(c.price("aws", "us-east-1", "ec2.no.such").is_none());
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Catalog::parse(
            "x.catalog",
            "@provider aws\n[aws us-east-1]\nec2.t3.micro abc hour\n",
        )
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("x.catalog", 3));
        let e = Catalog::parse("x.catalog", "ec2.t3.micro 1 hour\n").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn an_overlay_replaces_only_what_it_prices() {
        let mut c = Catalog::builtin().clone();
        let o = Catalog::parse("o", "[aws us-east-1]\nec2.t3.medium 0.05 hour\n").unwrap();
        c.overlay(o);
        assert_eq!(
            c.price("aws", "us-east-1", "ec2.t3.medium").unwrap().usd,
            0.05
        );
        assert_eq!(
            c.price("aws", "us-east-1", "ec2.t3.large").unwrap().usd,
            0.0832
        );
        // us-west-2 inherits us-east-1, so the override shows there too, as in the real price list
        assert_eq!(
            c.price("aws", "us-west-2", "ec2.t3.medium").unwrap().usd,
            0.05
        );
    }
}

//! Provider schemas as data: for each resource type, its attributes with their types,
//! whether they are required, optional or computed, its nested blocks and how they nest,
//! and which arguments force the resource to be replaced when they change.
//!
//! The data is generated (`schemas/generate.py`) from `terraform providers schema -json`,
//! with the arguments that force replacement asked of the provider itself
//! (`schemas/probe/`), or from the provider's documentation (`schemas/from_docs.py`) combined,
//! for azurerm and google, with the schemas in the provider's Go source
//! (`schemas/from_source.py`), and compiled in. A provider's file is indexed (one line per resource type) the first time one
//! of its resource types is looked up; each resource type's schema is decoded the first time
//! it is asked for, so a plan pays only for the types it uses.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Deserialize;

/// The providers whose schemas are compiled in: the resource type prefix and the
/// generated data (which names the provider's source address and version).
const PROVIDERS: &[(&str, &str)] = &[
    ("aws", include_str!("../../../schemas/aws.json")),
    ("azurerm", include_str!("../../../schemas/azurerm.json")),
    ("google", include_str!("../../../schemas/google.json")),
    (
        "kubernetes",
        include_str!("../../../schemas/kubernetes.json"),
    ),
];

/// A Terraform type, as the provider's schema declares it.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String,
    Number,
    Bool,
    /// `any`: whatever the configuration gives.
    Dynamic,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(BTreeMap<String, Type>),
    Tuple(Vec<Type>),
}

impl Type {
    /// A type from Terraform's JSON form: `"string"`, `["list", "string"]`,
    /// `["object", {"a": "number"}]`. Anything else is `Dynamic`.
    fn from_json(json: &serde_json::Value) -> Type {
        use serde_json::Value as J;
        match json {
            J::String(s) => match s.as_str() {
                "string" => Type::String,
                "number" => Type::Number,
                "bool" => Type::Bool,
                _ => Type::Dynamic,
            },
            J::Array(parts) => match (parts.first().and_then(J::as_str), parts.get(1)) {
                (Some("list"), Some(t)) => Type::List(Box::new(Type::from_json(t))),
                (Some("set"), Some(t)) => Type::Set(Box::new(Type::from_json(t))),
                (Some("map"), Some(t)) => Type::Map(Box::new(Type::from_json(t))),
                (Some("object"), Some(J::Object(attrs))) => Type::Object(
                    attrs
                        .iter()
                        .map(|(k, t)| (k.clone(), Type::from_json(t)))
                        .collect(),
                ),
                (Some("tuple"), Some(J::Array(items))) => {
                    Type::Tuple(items.iter().map(Type::from_json).collect())
                }
                _ => Type::Dynamic,
            },
            _ => Type::Dynamic,
        }
    }

    /// Whether values of this type are collections (lists, sets, maps).
    pub fn is_collection(&self) -> bool {
        matches!(self, Type::List(_) | Type::Set(_) | Type::Map(_))
    }
}

/// One attribute of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub ty: Type,
    pub required: bool,
    pub optional: bool,
    /// The provider fills it when the configuration leaves it unset.
    pub computed: bool,
    pub sensitive: bool,
    /// Given to the provider but kept in neither the plan nor the state (`value_wo`).
    pub write_only: bool,
    /// Changing it makes the provider destroy and re-create the resource.
    pub forces_replacement: bool,
}

/// How a nested block type nests: Terraform's nesting modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    Single,
    Group,
    List,
    Set,
    Map,
}

/// A nested block type of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedBlock {
    pub nesting: Nesting,
    pub min_items: u64,
    /// 0 when unbounded.
    pub max_items: u64,
    pub block: Block,
    /// Adding, removing or changing one of these blocks replaces the resource.
    pub forces_replacement: bool,
}

/// A block: a resource's body, or a nested block's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    pub attributes: BTreeMap<String, Attribute>,
    pub blocks: BTreeMap<String, NestedBlock>,
}

impl Block {
    /// Decodes the generated form (see `schemas/generate.py`).
    fn from_json(json: &serde_json::Value) -> Block {
        let mut block = Block::default();
        if let Some(attrs) = json.get("a").and_then(|a| a.as_object()) {
            for (name, spec) in attrs {
                let ty = spec.get(0).map(Type::from_json).unwrap_or(Type::Dynamic);
                let flags = spec.get(1).and_then(|f| f.as_str()).unwrap_or("");
                block.attributes.insert(
                    name.clone(),
                    Attribute {
                        ty,
                        required: flags.contains('r'),
                        optional: flags.contains('o'),
                        computed: flags.contains('c'),
                        sensitive: flags.contains('s'),
                        write_only: flags.contains('w'),
                        forces_replacement: flags.contains('R'),
                    },
                );
            }
        }
        if let Some(blocks) = json.get("b").and_then(|b| b.as_object()) {
            for (name, spec) in blocks {
                let nesting = match spec.get(0).and_then(|n| n.as_str()) {
                    Some("single") => Nesting::Single,
                    Some("group") => Nesting::Group,
                    Some("set") => Nesting::Set,
                    Some("map") => Nesting::Map,
                    _ => Nesting::List,
                };
                let count = |i: usize| spec.get(i).and_then(|n| n.as_u64()).unwrap_or(0);
                block.blocks.insert(
                    name.clone(),
                    NestedBlock {
                        nesting,
                        min_items: count(1),
                        max_items: count(2),
                        block: spec.get(3).map(Block::from_json).unwrap_or_default(),
                        forces_replacement: spec.get(4).and_then(|f| f.as_str()) == Some("R"),
                    },
                );
            }
        }
        block
    }

    /// Whether changing the top-level argument (attribute or block type) `name` forces
    /// replacement: the argument itself does, or something inside a block of that type.
    pub fn forces_replacement(&self, name: &str) -> bool {
        if let Some(a) = self.attributes.get(name) {
            return a.forces_replacement;
        }
        self.blocks
            .get(name)
            .is_some_and(NestedBlock::any_forces_replacement)
    }
}

impl NestedBlock {
    /// Whether the block type, or anything inside it, forces replacement.
    pub fn any_forces_replacement(&self) -> bool {
        self.forces_replacement
            || self.block.attributes.values().any(|a| a.forces_replacement)
            || self
                .block
                .blocks
                .values()
                .any(NestedBlock::any_forces_replacement)
    }
}

/// A resource type's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceSchema {
    /// The provider's source address (`registry.terraform.io/hashicorp/aws`).
    pub provider: String,
    /// The provider version the schema was generated from.
    pub provider_version: String,
    pub block: Block,
}

/// The header of a provider's file: `{"provider": …, "version": …, "resources": {`.
#[derive(Deserialize)]
struct Header {
    provider: String,
    version: String,
}

/// One provider's data, indexed by resource type; schemas decoded on first use.
struct Provider {
    header: Header,
    /// Each resource type's line of JSON, undecoded.
    lines: HashMap<&'static str, &'static str>,
    decoded: Mutex<HashMap<&'static str, Arc<ResourceSchema>>>,
}

impl Provider {
    /// Indexes a generated file, one line per resource type (`"aws_vpc": {…},`), without
    /// decoding the lines: a plan decodes only the types it meets.
    fn index(text: &'static str) -> Option<Provider> {
        let mut lines = text.lines();
        let header: Header = serde_json::from_str(&format!("{}}}}}", lines.next()?)).ok()?;
        let lines = lines
            .filter_map(|line| {
                let rest = line.strip_prefix('"')?;
                let (name, body) = rest.split_once("\": ")?;
                Some((name, body.strip_suffix(',').unwrap_or(body)))
            })
            .collect();
        Some(Provider {
            header,
            lines,
            decoded: Mutex::new(HashMap::new()),
        })
    }
}

/// The provider whose resource types start with `prefix`, indexed the first time.
fn provider(prefix: &str) -> Option<&'static Provider> {
    static LOADED: [OnceLock<Option<Provider>>; PROVIDERS.len()] =
        [const { OnceLock::new() }; PROVIDERS.len()];
    let i = PROVIDERS.iter().position(|(p, _)| *p == prefix)?;
    LOADED[i]
        .get_or_init(|| {
            let (prefix, text) = PROVIDERS[i];
            let provider = Provider::index(text);
            if provider.is_none() {
                tracing::error!(provider = prefix, "provider schema data does not decode");
            }
            provider
        })
        .as_ref()
}

/// The schema of resource type `resource_type` (`aws_instance`), when its provider's
/// schema is compiled in and declares it.
pub fn resource(resource_type: &str) -> Option<Arc<ResourceSchema>> {
    let prefix = resource_type.split('_').next()?;
    let provider = provider(prefix)?;
    let (name, text) = provider.lines.get_key_value(resource_type)?;
    let mut decoded = provider.decoded.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(schema) = decoded.get(name) {
        return Some(schema.clone());
    }
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let schema = Arc::new(ResourceSchema {
        provider: provider.header.provider.clone(),
        provider_version: provider.header.version.clone(),
        block: Block::from_json(&json),
    });
    decoded.insert(name, schema.clone());
    Some(schema)
}

/// The providers whose schemas are compiled in, with their versions, for the README and
/// `--version`-style reports.
pub fn providers() -> Vec<(String, String)> {
    PROVIDERS
        .iter()
        .filter_map(|(prefix, _)| provider(prefix))
        .map(|p| (p.header.provider.clone(), p.header.version.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aws_schema_gives_types_and_modes() {
        let sg = resource("aws_security_group").expect("aws_security_group is in the schema");
        assert_eq!(sg.provider, "registry.terraform.io/hashicorp/aws");
        let arn = &sg.block.attributes["arn"];
        assert!(arn.computed && !arn.optional);
        let ingress = &sg.block.attributes["ingress"];
        assert!(ingress.optional && ingress.computed);
        let Type::Set(element) = &ingress.ty else {
            panic!("ingress is a set: {:?}", ingress.ty)
        };
        let Type::Object(fields) = element.as_ref() else {
            panic!("of objects")
        };
        assert_eq!(fields["from_port"], Type::Number);
        assert_eq!(fields["security_groups"], Type::Set(Box::new(Type::String)));
        let instance = resource("aws_instance").unwrap();
        assert_eq!(
            instance.block.blocks["ebs_block_device"].nesting,
            Nesting::Set
        );
        assert_eq!(instance.block.blocks["root_block_device"].max_items, 1);
    }

    #[test]
    fn schemas_from_the_published_docs_say_what_forces_replacement() {
        let group = resource("azurerm_resource_group").unwrap();
        assert!(group.block.forces_replacement("location"));
        assert!(!group.block.forces_replacement("tags"));
        let namespace = resource("kubernetes_namespace_v1").unwrap();
        assert!(namespace.block.forces_replacement("metadata"));
        assert!(providers()
            .iter()
            .any(|(p, _)| p == "registry.terraform.io/hashicorp/google"));
    }

    #[test]
    fn every_resource_type_of_every_provider_decodes() {
        for (prefix, _) in PROVIDERS {
            let provider = provider(prefix).expect("the provider's data indexes");
            assert!(
                provider.lines.len() > 80,
                "{prefix}: {}",
                provider.lines.len()
            );
            for (name, text) in &provider.lines {
                let json: serde_json::Value =
                    serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(json.is_object(), "{name}");
            }
        }
        assert_eq!(provider("aws").unwrap().lines.len(), 1526);
    }

    #[test]
    fn unknown_types_and_providers_have_no_schema() {
        assert!(resource("aws_no_such_thing").is_none());
        assert!(resource("nosuchprovider_thing").is_none());
        assert!(resource("").is_none());
    }

    #[test]
    fn the_same_schema_is_decoded_once() {
        let a = resource("aws_vpc").unwrap();
        let b = resource("aws_vpc").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
    }
}

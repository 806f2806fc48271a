//! The input OPA's Terraform policies read: a root module's plan shaped like
//! `terraform show -json` of Brahma's plan, built from the models straight into
//! [`regorus::Value`]s (no JSON text in between). A resource's evaluated attributes are
//! converted once and the same reference-counted value is shared by `resource_changes`,
//! `planned_values` and the index below, so building the input of 5,000 resources is a
//! few tens of milliseconds.
//!
//! Filled:
//! - `format_version`, `terraform_version`;
//! - `variables`: each root variable's evaluated value (tfvars, then default) as
//!   `{"name": {"value": …}}` (`null` where only apply knows it);
//! - `resource_changes[]`: `address`, `module_address`, `mode`, `type`, `name`, `index`,
//!   `provider_name`, `previous_address` (moved), `change.actions`, `change.before`,
//!   `change.after`, `change.after_unknown`, `before_sensitive`/`after_sensitive` (`false`).
//!   Managed resources: `["create"]`, `["update"]`, `["delete", "create"]`, `["delete"]`,
//!   and `["no-op"]` where the change leaves them alone. Data sources (`mode: "data"`):
//!   `["read"]` with their configured arguments as `after` — AetherEdge never calls a
//!   provider, so every data source is a read that happens at apply, as Terraform shows a
//!   data source it cannot read while planning;
//! - `planned_values.root_module`: `resources` (managed and data) with `values`, and
//!   `child_modules` by module address, nested as the modules are;
//! - `prior_state` (when there is a base): `values.root_module` of the base tree's
//!   resources, shaped like `planned_values`;
//! - `configuration.root_module`: `resources` with `expressions` (`constant_value` or
//!   `references`), `module_calls` with `source`, `version_constraint` and their `module`;
//!   `configuration.provider_config`.
//!
//! Not filled: `output_changes`, `planned_values.outputs`, `relevant_attributes`,
//! `checks`, sensitivity (all `false`).
//!
//! Two additions terraform's JSON does not have, under `aetheredge`: `references`, by
//! resource address and then attribute, the addresses of the resources that attribute
//! refers to (`aws_s3_bucket_public_access_block.b` → `bucket` → `["aws_s3_bucket.b"]`),
//! which the built-in library uses to join resources AWS configures separately; and
//! `resources_by_type`, the managed resource changes that are not deletions, by type, so a
//! rule finds its resources without scanning every change.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use regorus::Value as R;

use aetheredge_core::report::{Action, Plan};
use aetheredge_model::iac::{Mode, Model, Resource, Value};

/// The `terraform_version` the input claims: the language it is evaluated as.
pub(crate) const TERRAFORM_VERSION: &str = "1.9.0";

/// The repo-relative root directory as the plan names it (`.` for the repo root).
fn display_root(root: &str) -> String {
    if root.is_empty() {
        ".".to_string()
    } else {
        root.to_string()
    }
}

fn s(text: &str) -> R {
    R::from(text)
}

/// An object from string keys.
fn obj<'k>(pairs: impl IntoIterator<Item = (&'k str, R)>) -> R {
    R::from(
        pairs
            .into_iter()
            .map(|(k, v)| (s(k), v))
            .collect::<BTreeMap<R, R>>(),
    )
}

fn arr(items: Vec<R>) -> R {
    R::from(items)
}

fn number(n: f64) -> R {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        R::from(n as i64)
    } else {
        R::from(n)
    }
}

/// A value as `terraform show -json` shows it: unknowns are `null`.
pub fn value(v: &Value) -> R {
    match v {
        Value::Null | Value::Unknown(_) => R::Null,
        Value::Bool(b) => R::from(*b),
        Value::Number(n) => number(*n),
        Value::String(text) => s(text),
        Value::List(items) => arr(items.iter().map(value).collect()),
        Value::Object(map) => attributes(map),
        Value::Partial(map, _) => attributes(map),
    }
}

fn attributes(map: &BTreeMap<String, Value>) -> R {
    R::from(
        map.iter()
            .map(|(k, v)| (s(k), value(v)))
            .collect::<BTreeMap<R, R>>(),
    )
}

/// Where a value is unknown, shaped like `after_unknown`.
fn mask(v: &Value) -> R {
    match v {
        Value::Unknown(_) => R::from(true),
        Value::List(items) => arr(items.iter().map(mask).collect()),
        Value::Object(map) => mask_of(map),
        Value::Partial(map, _) => mask_of(map),
        _ => R::from(false),
    }
}

fn mask_of(map: &BTreeMap<String, Value>) -> R {
    R::from(
        map.iter()
            .filter(|(_, v)| !v.is_wholly_known())
            .map(|(k, v)| (s(k), mask(v)))
            .collect::<BTreeMap<R, R>>(),
    )
}

/// `registry.terraform.io/hashicorp/aws` for an `aws_*` resource.
pub(crate) fn provider_name(resource_type: &str) -> String {
    let provider = resource_type.split('_').next().unwrap_or(resource_type);
    format!("registry.terraform.io/hashicorp/{provider}")
}

/// The instance key of an address: `[0]` → 0, `["a"]` → "a".
fn index_of(address: &str) -> Option<R> {
    let key = address.strip_suffix(']')?;
    let open = key.rfind('[')?;
    let inner = &key[open + 1..];
    if let Some(text) = inner.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(s(text))
    } else {
        inner.parse::<i64>().ok().map(R::from)
    }
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Managed => "managed",
        Mode::Data => "data",
    }
}

/// The keys every resource entry starts with.
fn resource_head(r: &Resource) -> BTreeMap<R, R> {
    let mut m = BTreeMap::new();
    m.insert(s("address"), s(&r.address));
    if !r.module.is_empty() {
        m.insert(s("module_address"), s(&r.module));
    }
    m.insert(s("mode"), s(mode_name(r.mode)));
    m.insert(s("type"), s(&r.resource_type));
    m.insert(s("name"), s(&r.name));
    if let Some(index) = index_of(&r.address) {
        m.insert(s("index"), index);
    }
    m.insert(s("provider_name"), s(&provider_name(&r.resource_type)));
    m
}

/// One resource's values, converted once and shared wherever the input shows them.
struct Converted<'m> {
    resource: &'m Resource,
    values: R,
}

impl<'m> Converted<'m> {
    fn new(resource: &'m Resource) -> Converted<'m> {
        Converted {
            resource,
            values: attributes(&resource.attributes),
        }
    }
}

/// The plan input of every root module of `side`, by root directory (`""` for the repo
/// root). `plan` is the change from `base` to `side`; without it, nothing changes.
pub(crate) fn plan_inputs(
    side: &Model,
    base: Option<&Model>,
    plan: Option<&Plan>,
) -> Vec<(String, R)> {
    let mut actions: HashMap<(&str, &str), (Action, Option<&str>)> = HashMap::new();
    let mut roots: BTreeSet<&str> = side.roots.iter().map(String::as_str).collect();
    if let Some(plan) = plan {
        for c in &plan.changes {
            let root = if c.root == "." { "" } else { c.root.as_str() };
            roots.insert(root);
            actions.insert(
                (root, c.address.as_str()),
                (c.action, c.moved_from.as_deref()),
            );
        }
    }
    let mut side_by_root: HashMap<&str, Vec<&Resource>> = HashMap::new();
    for r in &side.resources {
        side_by_root.entry(r.root.as_str()).or_default().push(r);
    }
    let mut base_by_root: HashMap<&str, Vec<&Resource>> = HashMap::new();
    if let Some(base) = base {
        for r in &base.resources {
            base_by_root.entry(r.root.as_str()).or_default().push(r);
        }
    }
    let empty = Vec::new();
    roots
        .into_iter()
        .map(|root| {
            let resources = side_by_root.get(root).unwrap_or(&empty);
            let base_resources = base.map(|_| base_by_root.get(root).unwrap_or(&empty));
            let input = root_input(
                side,
                root,
                resources,
                base_resources.map(Vec::as_slice),
                &actions,
            );
            (root.to_string(), input)
        })
        .collect()
}

/// The input of one root module.
fn root_input(
    side: &Model,
    root: &str,
    resources: &[&Resource],
    base_resources: Option<&[&Resource]>,
    actions: &HashMap<(&str, &str), (Action, Option<&str>)>,
) -> R {
    let converted: Vec<Converted> = resources.iter().map(|r| Converted::new(r)).collect();
    let base_converted: Vec<Converted> = base_resources
        .unwrap_or(&[])
        .iter()
        .map(|r| Converted::new(r))
        .collect();
    let base_index: HashMap<&str, &Converted> = base_converted
        .iter()
        .filter(|c| c.resource.mode == Mode::Managed)
        .map(|c| (c.resource.address.as_str(), c))
        .collect();

    let mut changes: Vec<(&str, R)> = Vec::with_capacity(converted.len());
    let mut by_type: BTreeMap<&str, Vec<R>> = BTreeMap::new();
    for c in &converted {
        let r = c.resource;
        let mut entry = resource_head(r);
        let change = match r.mode {
            Mode::Data => {
                let change = vec![
                    ("actions", arr(vec![s("read")])),
                    ("before", R::Null),
                    ("after", c.values.clone()),
                    ("after_unknown", mask_of(&r.attributes)),
                    ("before_sensitive", R::from(false)),
                    ("after_sensitive", R::from(false)),
                ];
                if r.attributes.values().any(|v| !v.is_wholly_known()) {
                    entry.insert(s("action_reason"), s("read_because_config_unknown"));
                }
                obj(change)
            }
            Mode::Managed => {
                let (action, moved_from) = actions
                    .get(&(root, r.address.as_str()))
                    .map(|(a, m)| (Some(*a), *m))
                    .unwrap_or((None, None));
                if let Some(from) = moved_from {
                    entry.insert(s("previous_address"), s(from));
                }
                let before_address = moved_from.unwrap_or(&r.address);
                let before = match action {
                    Some(Action::Create) => R::Null,
                    _ => base_index
                        .get(before_address)
                        .map(|b| b.values.clone())
                        .unwrap_or_else(|| c.values.clone()),
                };
                let names: &[&str] = match action {
                    None => &["no-op"],
                    Some(Action::Create) => &["create"],
                    Some(Action::Update) => &["update"],
                    Some(Action::Replace) => &["delete", "create"],
                    Some(Action::Delete) => &["delete"],
                };
                obj([
                    ("actions", arr(names.iter().map(|n| s(n)).collect())),
                    ("before", before),
                    ("after", c.values.clone()),
                    ("after_unknown", mask_of(&r.attributes)),
                    ("before_sensitive", R::from(false)),
                    ("after_sensitive", R::from(false)),
                ])
            }
        };
        entry.insert(s("change"), change);
        let entry = R::from(entry);
        if r.mode == Mode::Managed {
            by_type
                .entry(r.resource_type.as_str())
                .or_default()
                .push(entry.clone());
        }
        changes.push((r.address.as_str(), entry));
    }
    // Deleted: in base, not at this side.
    for ((change_root, address), (action, _)) in actions {
        if *change_root != root || *action != Action::Delete {
            continue;
        }
        if let Some(b) = base_index.get(address) {
            let mut entry = resource_head(b.resource);
            entry.insert(
                s("change"),
                obj([
                    ("actions", arr(vec![s("delete")])),
                    ("before", b.values.clone()),
                    ("after", R::Null),
                    ("after_unknown", obj([])),
                    ("before_sensitive", R::from(false)),
                    ("after_sensitive", R::from(false)),
                ]),
            );
            changes.push((b.resource.address.as_str(), R::from(entry)));
        }
    }
    // Managed resources first, then data sources, each by address (as terraform lists them).
    let is_data = |address: &str| address.starts_with("data.") || address.contains(".data.");
    changes.sort_by(|a, b| is_data(a.0).cmp(&is_data(b.0)).then_with(|| a.0.cmp(b.0)));

    let variables = obj(side
        .variables
        .get(root)
        .into_iter()
        .flatten()
        .map(|(name, v)| (name.as_str(), obj([("value", value(v))]))));

    let mut top = vec![
        ("format_version", s("1.2")),
        ("terraform_version", s(TERRAFORM_VERSION)),
        (
            "aetheredge",
            obj([
                ("root", s(&display_root(root))),
                ("references", references(resources)),
                (
                    "resources_by_type",
                    R::from(
                        by_type
                            .into_iter()
                            .map(|(t, list)| (s(t), arr(list)))
                            .collect::<BTreeMap<R, R>>(),
                    ),
                ),
            ]),
        ),
        ("variables", variables),
        (
            "planned_values",
            obj([(
                "root_module",
                values_module("", &converted.iter().collect::<Vec<_>>()),
            )]),
        ),
        (
            "resource_changes",
            arr(changes.into_iter().map(|(_, v)| v).collect()),
        ),
        ("configuration", configuration(side, root, resources)),
    ];
    if base_resources.is_some() {
        top.push((
            "prior_state",
            obj([
                ("format_version", s("1.0")),
                ("terraform_version", s(TERRAFORM_VERSION)),
                (
                    "values",
                    obj([(
                        "root_module",
                        values_module("", &base_converted.iter().collect::<Vec<_>>()),
                    )]),
                ),
            ]),
        ));
    }
    obj(top)
}

/// A module of a values representation (`planned_values`, `prior_state.values`): its
/// resources, and child modules by module address.
fn values_module(address: &str, resources: &[&Converted]) -> R {
    let mut own = Vec::new();
    let mut children: BTreeMap<String, Vec<&Converted>> = BTreeMap::new();
    for c in resources {
        let r = c.resource;
        if r.module == address {
            let mut m = resource_head(r);
            m.insert(s("schema_version"), R::from(0i64));
            m.insert(s("values"), c.values.clone());
            m.insert(s("sensitive_values"), obj([]));
            own.push(R::from(m));
        } else {
            // The next module step below `address`.
            let rest = if address.is_empty() {
                r.module.as_str()
            } else {
                r.module
                    .strip_prefix(address)
                    .and_then(|x| x.strip_prefix('.'))
                    .unwrap_or("")
            };
            let step = next_module_step(rest);
            let child = if address.is_empty() {
                step
            } else {
                format!("{address}.{step}")
            };
            children.entry(child).or_default().push(*c);
        }
    }
    let mut out = BTreeMap::new();
    if !address.is_empty() {
        out.insert(s("address"), s(address));
    }
    out.insert(s("resources"), arr(own));
    if !children.is_empty() {
        out.insert(
            s("child_modules"),
            arr(children
                .iter()
                .map(|(a, rs)| values_module(a, rs))
                .collect()),
        );
    }
    R::from(out)
}

/// `module.a[0].module.b` → `module.a[0]`.
fn next_module_step(module: &str) -> String {
    let rest = module.strip_prefix("module.").unwrap_or(module);
    match rest.find(".module.") {
        Some(i) => format!("module.{}", &rest[..i]),
        None => format!("module.{rest}"),
    }
}

/// Addresses without instance keys: `module.a[0].aws_x.y["k"]` → `module.a.aws_x.y`.
pub(crate) fn strip_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_string = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => in_string = !in_string,
            '[' if !in_string => depth += 1,
            ']' if !in_string && depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// For each managed resource and top-level attribute, the resources it refers to.
fn references(resources: &[&Resource]) -> R {
    let managed: Vec<&Resource> = resources
        .iter()
        .copied()
        .filter(|r| r.mode == Mode::Managed)
        .collect();
    let exact: BTreeSet<&str> = managed.iter().map(|r| r.address.as_str()).collect();
    let mut by_base: HashMap<String, Vec<&str>> = HashMap::new();
    for r in &managed {
        by_base
            .entry(strip_keys(&r.address))
            .or_default()
            .push(&r.address);
    }
    let resolve = |reference: &str| -> Vec<String> {
        let mut candidate = reference.to_string();
        loop {
            if exact.contains(candidate.as_str()) {
                return vec![candidate];
            }
            if let Some(all) = by_base.get(&candidate) {
                return all.iter().map(|a| a.to_string()).collect();
            }
            match candidate.rfind('.') {
                Some(i) => candidate.truncate(i),
                None => return Vec::new(),
            }
        }
    };
    // Literal links: `bucket = "logs"` names the resources of other types whose `bucket`,
    // `id`, `name` or `arn` is "logs" (resources of one type sharing a name are namesakes,
    // not links). Every attribute naming a literal from resources of one type shares one
    // list, so a thousand buckets named alike cost a thousand entries, not a million.
    let mut by_literal: HashMap<&str, Vec<&Resource>> = HashMap::new();
    for r in &managed {
        for key in ["bucket", "id", "name", "arn"] {
            if let Some(Value::String(v)) = r.attributes.get(key) {
                by_literal.entry(v.as_str()).or_default().push(r);
            }
        }
    }
    // The same for names written from one variable or local (`bucket = var.name` on a
    // bucket and on its versioning): the expression stands for the literal.
    let mut by_expression: HashMap<Vec<String>, Vec<&Resource>> = HashMap::new();
    for r in &managed {
        for key in ["bucket", "id", "name", "arn"] {
            if let Some(Value::Unknown(u)) = r.attributes.get(key) {
                if !u.refs.is_empty()
                    && u.refs
                        .iter()
                        .all(|x| x.starts_with("var.") || x.starts_with("local."))
                {
                    by_expression.entry(u.refs.clone()).or_default().push(r);
                }
            }
        }
    }
    let links_by_literal = |name: &str| {
        name == "bucket"
            || name.ends_with("_id")
            || name.ends_with("_name")
            || name.ends_with("_arn")
    };
    // Written references (`bucket = aws_s3_bucket.logs.bucket`) name their resource, whatever
    // the value: buckets that share a literal name are not each other's.
    let mut by_declaration: HashMap<(&str, &str, &str, &str), Vec<&str>> = HashMap::new();
    for r in &managed {
        by_declaration
            .entry((&r.root, &r.module, &r.resource_type, &r.name))
            .or_default()
            .push(&r.address);
    }
    let mut shared: HashMap<(&str, &str), Option<R>> = HashMap::new();
    let mut by_reference: HashMap<String, (BTreeSet<String>, R)> = HashMap::new();
    let mut out = BTreeMap::new();
    for r in &managed {
        let mut attrs = BTreeMap::new();
        for (name, v) in r.attributes.iter() {
            if matches!(v, Value::String(_)) && links_by_literal(name) || !v.is_wholly_known() {
                if let Some((t, n)) = r.written_reference(name) {
                    if let Some(named) = by_declaration.get(&(&r.root, &r.module, t, n)) {
                        if !named.contains(&r.address.as_str()) {
                            attrs.insert(s(name), arr(named.iter().map(|a| s(a)).collect()));
                            continue;
                        }
                    }
                }
            }
            match v {
                Value::String(text) if links_by_literal(name) => {
                    let list = shared
                        .entry((text.as_str(), r.resource_type.as_str()))
                        .or_insert_with(|| {
                            let mut named: Vec<&str> = by_literal
                                .get(text.as_str())
                                .into_iter()
                                .flatten()
                                .filter(|t| t.resource_type != r.resource_type)
                                .map(|t| t.address.as_str())
                                .collect();
                            named.sort_unstable();
                            named.dedup();
                            (!named.is_empty()).then(|| arr(named.into_iter().map(s).collect()))
                        });
                    if let Some(list) = list {
                        attrs.insert(s(name), list.clone());
                    }
                }
                _ if !v.is_wholly_known() => {
                    let refs = v.unknown_refs().refs;
                    // One reference (`aws_s3_bucket.b[count.index].id` in a thousand
                    // instances): its resolved list is shared too.
                    if let [one] = refs.as_slice() {
                        let (named, list) = by_reference.entry(one.clone()).or_insert_with(|| {
                            let named: BTreeSet<String> = resolve(one).into_iter().collect();
                            let list = arr(named.iter().map(|t| s(t)).collect());
                            (named, list)
                        });
                        if !named.is_empty() && !named.contains(&r.address) {
                            attrs.insert(s(name), list.clone());
                            continue;
                        }
                    }
                    let mut targets: BTreeSet<String> = BTreeSet::new();
                    for reference in &refs {
                        targets.extend(resolve(reference));
                    }
                    targets.remove(&r.address);
                    if targets.is_empty() && links_by_literal(name) {
                        if let Value::Unknown(u) = v {
                            targets.extend(
                                by_expression
                                    .get(&u.refs)
                                    .into_iter()
                                    .flatten()
                                    .filter(|t| t.resource_type != r.resource_type)
                                    .map(|t| t.address.clone()),
                            );
                        }
                    }
                    if !targets.is_empty() {
                        attrs.insert(s(name), arr(targets.iter().map(|t| s(t)).collect()));
                    }
                }
                _ => {}
            }
        }
        if !attrs.is_empty() {
            out.insert(s(&r.address), R::from(attrs));
        }
    }
    R::from(out)
}

/// One module of `configuration`, while it is being built.
#[derive(Default)]
struct ConfigModule {
    resources: Vec<R>,
    calls: BTreeMap<String, ConfigCall>,
}

#[derive(Default)]
struct ConfigCall {
    source: Option<String>,
    version: Option<String>,
    module: ConfigModule,
}

impl ConfigModule {
    fn into_value(self) -> R {
        obj([
            ("resources", arr(self.resources)),
            (
                "module_calls",
                R::from(
                    self.calls
                        .into_iter()
                        .map(|(name, call)| {
                            let mut m = BTreeMap::new();
                            if let Some(source) = call.source {
                                m.insert(s("source"), s(&source));
                            }
                            if let Some(v) = call.version {
                                m.insert(s("version_constraint"), s(&v));
                            }
                            m.insert(s("module"), call.module.into_value());
                            (s(&name), R::from(m))
                        })
                        .collect::<BTreeMap<R, R>>(),
                ),
            ),
        ])
    }
}

/// An expression as the configuration shows it: a constant, or what it refers to
/// (`aws_s3_bucket.b.id` and `aws_s3_bucket.b`), relative to its module.
fn expression(v: &Value, prefix: &str) -> R {
    if v.is_wholly_known() {
        return obj([("constant_value", value(v))]);
    }
    let mut refs: BTreeSet<String> = BTreeSet::new();
    for reference in v.unknown_refs().refs {
        let relative = reference
            .strip_prefix(prefix)
            .unwrap_or(&reference)
            .to_string();
        let mut parts: Vec<&str> = relative.split('.').collect();
        let keep = if parts.first() == Some(&"data") { 3 } else { 2 };
        refs.insert(relative.clone());
        while parts.len() > keep {
            parts.pop();
            refs.insert(parts.join("."));
        }
    }
    obj([("references", arr(refs.iter().map(|r| s(r)).collect()))])
}

/// `configuration`: declarations by module, with expressions as terraform shows them.
fn configuration(side: &Model, root: &str, resources: &[&Resource]) -> R {
    let mut root_module = ConfigModule::default();
    let mut seen: BTreeSet<(String, Mode, &str, &str)> = BTreeSet::new();
    for r in resources {
        let module = strip_keys(&r.module);
        if !seen.insert((
            module.clone(),
            r.mode,
            r.resource_type.as_str(),
            r.name.as_str(),
        )) {
            continue;
        }
        let mut target = &mut root_module;
        for name in module
            .split('.')
            .filter(|part| !part.is_empty() && *part != "module")
        {
            target = &mut target.calls.entry(name.to_string()).or_default().module;
        }
        let prefix = if r.module.is_empty() {
            String::new()
        } else {
            format!("{}.", r.module)
        };
        let expressions = R::from(
            r.attributes
                .iter()
                .map(|(k, v)| (s(k), expression(v, &prefix)))
                .collect::<BTreeMap<R, R>>(),
        );
        let address = match r.mode {
            Mode::Managed => format!("{}.{}", r.resource_type, r.name),
            Mode::Data => format!("data.{}.{}", r.resource_type, r.name),
        };
        target.resources.push(obj([
            ("address", s(&address)),
            ("mode", s(mode_name(r.mode))),
            ("type", s(&r.resource_type)),
            ("name", s(&r.name)),
            ("provider_config_key", s(&r.provider)),
            ("expressions", expressions),
            ("schema_version", R::from(0i64)),
        ]));
    }
    // Module call sources, from the module configurations.
    if let Some(config) = side.modules.get(root) {
        for call in &config.calls {
            let entry = root_module.calls.entry(call.name.clone()).or_default();
            entry.source = Some(call.source.clone());
            entry.version = call.version.clone();
        }
    }
    let provider_config = R::from(
        side.providers
            .iter()
            .filter(|p| p.root == root)
            .map(|p| {
                let mut m = BTreeMap::new();
                m.insert(s("name"), s(&p.name));
                m.insert(s("full_name"), s(&provider_name(&format!("{}_", p.name))));
                m.insert(
                    s("expressions"),
                    R::from(
                        p.attributes
                            .iter()
                            .map(|(k, v)| (s(k), obj([("constant_value", value(v))])))
                            .collect::<BTreeMap<R, R>>(),
                    ),
                );
                if let Some(alias) = &p.alias {
                    m.insert(s("alias"), s(alias));
                }
                (s(&p.address), R::from(m))
            })
            .collect::<BTreeMap<R, R>>(),
    );
    obj([
        ("provider_config", provider_config),
        ("root_module", root_module.into_value()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stripped_and_indices_read() {
        assert_eq!(
            strip_keys("module.a[0].aws_s3_bucket.b[\"x.y]\"]"),
            "module.a.aws_s3_bucket.b"
        );
        assert_eq!(index_of("aws_x.y[2]"), Some(R::from(2i64)));
        assert_eq!(index_of("aws_x.y[\"k\"]"), Some(s("k")));
        assert_eq!(index_of("aws_x.y"), None);
        assert_eq!(next_module_step("a[0].module.b"), "module.a[0]");
    }
}

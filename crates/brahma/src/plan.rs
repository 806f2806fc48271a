//! The plan of a change: which resources it creates, updates, replaces or deletes, found
//! by comparing the base and head models address by address.
//!
//! An attribute is changed when its known value changed; when its value is only known after
//! apply, it is changed when its expression changed or when something it refers to gets a
//! new identity (created, replaced or deleted). Replace versus update in place comes from the
//! provider's schema ([`aetheredge_schema`]: the arguments that force replacement) and from
//! [`CONDITIONAL_REPLACEMENTS`] where the provider decides by another argument's value.
//! Brahma reports the plan; other deities (policies over plan JSON) read it too.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use std::sync::Arc;

use itertools::{EitherOrBoth, Itertools};
use rayon::prelude::*;

use aetheredge_core::report::{Action, Plan, PlanBlock, PlanChange, PlanMove};
use aetheredge_model::iac::{Mode, Model, Resource, Value};

/// Whether the change of argument `name` from `base` to `head` replaces the resource: by
/// its provider's schema (an attribute that forces replacement, or a nested block whose
/// forcing arguments changed).
fn change_replaces(base: &Resource, head: &Resource, name: &str) -> bool {
    if let Some((_, _, condition)) = CONDITIONAL_REPLACEMENTS
        .iter()
        .find(|(t, a, _)| *t == head.resource_type && *a == name)
    {
        return condition.replaces(base, head, name);
    }
    let Some(schema) = aetheredge_schema::resource(&head.resource_type) else {
        return false;
    };
    if let Some(attribute) = schema.block.attributes.get(name) {
        return attribute.forces_replacement;
    }
    schema.block.blocks.get(name).is_some_and(|nested| {
        blocks_change_replaces(nested, base.attributes.get(name), head.attributes.get(name))
    })
}

/// When a provider decides replace versus update by the value of another argument.
enum Condition {
    /// Replaces only when this bool argument is `true` (`user_data_replace_on_change`).
    When(&'static str),
    /// Replaces unless this bool argument is `true` and the blocks are neither all added
    /// nor all removed (`force_new_deployment` and `capacity_provider_strategy`).
    UnlessKeptAndWhen(&'static str),
}

/// Arguments whose change replaces the resource depending on another argument's value.
const CONDITIONAL_REPLACEMENTS: &[(&str, &str, Condition)] = &[
    (
        "aws_instance",
        "user_data",
        Condition::When("user_data_replace_on_change"),
    ),
    (
        "aws_instance",
        "user_data_base64",
        Condition::When("user_data_replace_on_change"),
    ),
    (
        "aws_ecs_service",
        "capacity_provider_strategy",
        Condition::UnlessKeptAndWhen("force_new_deployment"),
    ),
];

impl Condition {
    fn replaces(&self, base: &Resource, head: &Resource, name: &str) -> bool {
        let on = |flag: &str| head.attributes.get(flag) == Some(&Value::Bool(true));
        let count = |r: &Resource| match r.attributes.get(name) {
            Some(Value::List(items)) => items.len(),
            _ => 0,
        };
        match self {
            Condition::When(flag) => on(flag),
            Condition::UnlessKeptAndWhen(flag) => !(on(flag) && count(base) > 0 && count(head) > 0),
        }
    }
}

/// Whether blocks of one nested type, changed from `base` to `head`, force replacement:
/// the block type itself does, a block holding forcing arguments was added or removed, or
/// one of those arguments changed (by position in a list, as a whole in a set).
fn blocks_change_replaces(
    nested: &aetheredge_schema::NestedBlock,
    base: Option<&Value>,
    head: Option<&Value>,
) -> bool {
    if nested.forces_replacement {
        return true;
    }
    let forcing: Vec<&str> = nested
        .block
        .attributes
        .iter()
        .filter(|(_, a)| a.forces_replacement)
        .map(|(name, _)| name.as_str())
        .collect();
    let forcing_blocks: Vec<(&str, &aetheredge_schema::NestedBlock)> = nested
        .block
        .blocks
        .iter()
        .filter(|(_, inner)| inner.any_forces_replacement())
        .map(|(name, inner)| (name.as_str(), inner))
        .collect();
    if forcing.is_empty() && forcing_blocks.is_empty() {
        return false;
    }
    let items = |v: Option<&Value>| match v {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::List(items)) => Some(items.clone()),
        _ => None,
    };
    let (Some(base), Some(head)) = (items(base), items(head)) else {
        // Blocks known only after apply: they may change a forcing argument.
        return true;
    };
    if base.len() != head.len() {
        return true;
    }
    let null = Value::Null;
    let pair_replaces = |b: &Value, h: &Value| {
        forcing
            .iter()
            .any(|name| !values_equal(b.get(name).unwrap_or(&null), h.get(name).unwrap_or(&null)))
            || forcing_blocks
                .iter()
                .any(|(name, inner)| blocks_change_replaces(inner, b.get(name), h.get(name)))
    };
    // A set's blocks have no positions: compare what of each forces replacement, sorted.
    let forcing_part = |item: &Value| -> String {
        let part: Vec<Option<&Value>> = forcing
            .iter()
            .chain(forcing_blocks.iter().map(|(name, _)| name))
            .map(|name| item.get(name))
            .collect();
        format!("{part:?}")
    };
    match nested.nesting {
        aetheredge_schema::Nesting::Set => {
            let mut b: Vec<String> = base.iter().map(forcing_part).collect();
            let mut h: Vec<String> = head.iter().map(forcing_part).collect();
            b.sort();
            h.sort();
            b != h
        }
        _ => base.iter().zip(&head).any(|(b, h)| pair_replaces(b, h)),
    }
}

/// A resource's (root, address), borrowed from the model; an address a `moved` block
/// gives is the only one owned.
type Key<'m> = (&'m str, Cow<'m, str>);

fn sorted_by_key(model: &Model) -> Vec<(Key<'_>, &Resource)> {
    let mut keyed: Vec<(Key, &Resource)> = model
        .resources
        .iter()
        .map(|r| ((r.root.as_str(), Cow::Borrowed(r.address.as_str())), r))
        .collect();
    // A loaded model is sorted already; one built some other way is sorted here.
    if !keyed.is_sorted_by(|a, b| a.0 <= b.0) {
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
    keyed
}

/// The structures of a declaration that write attribute (or block type) `name`.
fn written<'r>(resource: &'r Resource, name: &str) -> Vec<&'r hcl::Structure> {
    resource
        .decl
        .arguments()
        .filter(|s| match s {
            hcl::Structure::Attribute(a) => a.key.as_str() == name,
            hcl::Structure::Block(b) => {
                b.identifier.as_str() == name
                    || (b.identifier.as_str() == "dynamic"
                        && b.labels.first().is_some_and(|l| l.as_str() == name))
            }
        })
        .collect()
}

/// Diffs base and head models into a plan.
pub fn plan(base: &Model, head: &Model) -> Plan {
    let started = std::time::Instant::now();
    let head_sorted = sorted_by_key(head);
    let mut base_sorted = sorted_by_key(base);

    // moved blocks: base resources take their new address, so they are not deleted + created.
    let mut moves = Vec::new();
    let mut moved_from: HashMap<Key, String> = HashMap::new();
    if !head.moves.is_empty() {
        let head_keys: HashSet<&Key> = head_sorted.iter().map(|(key, _)| key).collect();
        let mut base_by_key: HashMap<Key, &Resource> = base_sorted.into_iter().collect();
        for m in &head.moves {
            let keys: Vec<Key> = base_by_key
                .keys()
                .filter(|(root, address)| {
                    *root == m.root && moved_address(address, &m.from, &m.to).is_some()
                })
                .cloned()
                .collect();
            for key in keys {
                let Some(to) = moved_address(&key.1, &m.from, &m.to) else {
                    continue;
                };
                let new_key: Key = (key.0, Cow::Owned(to.clone()));
                if head_keys.contains(&new_key) && !base_by_key.contains_key(&new_key) {
                    if let Some(r) = base_by_key.remove(&key) {
                        base_by_key.insert(new_key.clone(), r);
                        moved_from.insert(new_key, key.1.to_string());
                        moves.push(PlanMove {
                            root: display_root(key.0),
                            from: key.1.to_string(),
                            to,
                        });
                    }
                }
            }
        }
        base_sorted = base_by_key.into_iter().collect();
        base_sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }

    // Both sides are sorted by key: one walk over the two pairs them up.
    let mut actions: HashMap<Key, Action> = HashMap::new();
    // The resource each action is about: head's, or base's for a delete.
    let mut subject: HashMap<Key, &Resource> = HashMap::new();
    let mut both = Vec::new();
    for pair in base_sorted
        .into_iter()
        .merge_join_by(head_sorted, |(b, _), (h, _)| b.cmp(h))
    {
        match pair {
            EitherOrBoth::Left((key, b)) => {
                if !head.cannot_plan(key.0, &key.1, &b.location.file) {
                    actions.insert(key.clone(), Action::Delete);
                    subject.insert(key, b);
                }
            }
            EitherOrBoth::Right((key, h)) => {
                if !base.cannot_plan(key.0, &key.1, &h.location.file) {
                    actions.insert(key.clone(), Action::Create);
                    subject.insert(key, h);
                }
            }
            EitherOrBoth::Both((key, b), (_, h)) => both.push((key, b, h)),
        }
    }

    tracing::debug!(elapsed = ?started.elapsed(), "matched addresses");
    // Changes propagate: a replaced resource gives a new id to whatever refers to it, which
    // may replace those in turn. Iterate until nothing more changes.
    // The changed attributes of each updated or replaced resource, and those that replace it.
    let mut changed: HashMap<Key, (Vec<String>, Vec<String>)> = HashMap::new();
    let mut groups = identity_changes(&actions);
    loop {
        // Each pair is compared on its own: in parallel, then recorded in order.
        type Found<'k, 'r> = (
            &'k Key<'r>,
            Action,
            (Vec<String>, Vec<String>),
            &'r Resource,
        );
        let found: Vec<Found> = both
            .par_iter()
            .filter(|(key, _, _)| actions.get(key) != Some(&Action::Replace))
            .filter_map(|(key, b, h)| {
                let attrs = changed_attributes(b, h, key.0, &groups);
                if attrs.is_empty() {
                    return None;
                }
                let replacing: Vec<String> = attrs
                    .iter()
                    .filter(|a| change_replaces(b, h, a))
                    .cloned()
                    .collect();
                let action = if replacing.is_empty() {
                    Action::Update
                } else {
                    Action::Replace
                };
                Some((key, action, (attrs, replacing), *h))
            })
            .collect();
        for (key, action, attrs, h) in found {
            actions.insert(key.clone(), action);
            changed.insert(key.clone(), attrs);
            subject.insert(key.clone(), h);
        }
        // Only a new identity (a replace) can change what another pass would find.
        let next = identity_changes(&actions);
        if next == groups {
            break;
        }
        groups = next;
    }

    tracing::debug!(elapsed = ?started.elapsed(), "compared attributes");
    moves.sort_by(|a, b| (&a.root, &a.from, &a.to).cmp(&(&b.root, &b.from, &b.to)));
    let mut plan = Plan {
        moves,
        ..Plan::default()
    };
    let mut sorted: Vec<(&Key, &Action)> = actions.iter().collect();
    sorted.sort();
    for (key, action) in sorted {
        let resource = subject.get(key).copied();
        let Some(resource) = resource.filter(|r| r.mode == Mode::Managed) else {
            continue;
        };
        let (attributes, replaced_by) = changed.get(key).cloned().unwrap_or_default();
        match action {
            Action::Create => plan.summary.create += 1,
            Action::Update => plan.summary.update += 1,
            Action::Replace => plan.summary.replace += 1,
            Action::Delete => plan.summary.delete += 1,
        }
        plan.changes.push(PlanChange {
            address: key.1.to_string(),
            resource_type: resource.resource_type.clone(),
            action: *action,
            root: display_root(key.0),
            file: resource.location.file.clone(),
            line: resource.location.line,
            attributes,
            replaced_by,
            moved_from: moved_from.get(key).cloned(),
        });
    }
    plan.blocks = blocks(&plan.changes);
    plan
}

/// Adjacent changes (they are sorted by root and address) of instances of one resource with
/// the same action, attributes and place, as blocks.
fn blocks(changes: &[PlanChange]) -> Vec<PlanBlock> {
    let mut out: Vec<PlanBlock> = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        let address = aetheredge_core::report::without_instance_key(&c.address);
        let alike = |b: &PlanBlock| {
            let first = &changes[b.changes[0]];
            b.root == c.root
                && b.address == address
                && b.action == c.action
                && first.attributes == c.attributes
                && first.replaced_by == c.replaced_by
                && (&first.file, first.line) == (&c.file, c.line)
                && first.moved_from.is_none()
                && c.moved_from.is_none()
        };
        match out.last_mut() {
            Some(b) if alike(b) => b.changes.push(i),
            _ => out.push(PlanBlock {
                root: c.root.clone(),
                address: address.to_string(),
                action: c.action,
                changes: vec![i],
                keys: Vec::new(),
            }),
        }
        let key = &c.address[address.len()..];
        if let Some(b) = out.last_mut().filter(|_| !key.is_empty()) {
            b.keys.push(key.to_string());
        }
    }
    out
}

fn display_root(root: &str) -> String {
    if root.is_empty() {
        ".".to_string()
    } else {
        root.to_string()
    }
}

/// Where `address` goes under `moved { from to }`: the address itself, one of its
/// instances (`from[0]`), or something inside a moved module (`from.aws_x.y`).
fn moved_address(address: &str, from: &str, to: &str) -> Option<String> {
    if address == from {
        return Some(to.to_string());
    }
    let rest = address.strip_prefix(from)?;
    (rest.starts_with('[') || rest.starts_with('.')).then(|| format!("{to}{rest}"))
}

/// Addresses (and their instance-less forms) whose identity the plan changes (created,
/// replaced or deleted), by root module.
type IdentityChanges = HashMap<String, HashSet<String>>;

fn identity_changes(actions: &HashMap<Key, Action>) -> IdentityChanges {
    let mut out: IdentityChanges = HashMap::new();
    for ((root, address), action) in actions {
        if *action == Action::Update {
            continue;
        }
        let addresses = out.entry(root.to_string()).or_default();
        addresses.insert(address.to_string());
        if let Some(base) = address
            .strip_suffix(']')
            .and_then(|a| a.rfind('[').map(|i| &a[..i]))
        {
            addresses.insert(base.to_string());
        }
    }
    out
}

/// Whether an unknown reference (`aws_vpc.main.id`, `module.net.aws_subnet.a[0].id`,
/// `aws_subnet.a`) points at something whose identity changes.
fn refers_to_new_identity(root: &str, reference: &str, groups: &IdentityChanges) -> bool {
    let Some(addresses) = groups.get(root) else {
        return false;
    };
    let mut candidate = reference;
    loop {
        if addresses.contains(candidate) {
            return true;
        }
        match candidate.rfind('.') {
            Some(i) if !candidate[i..].contains(['"', ']']) => candidate = &candidate[..i],
            _ => return false,
        }
    }
}

/// The attributes (and nested block types) that differ between base and head, sorted.
fn changed_attributes(
    base: &Resource,
    head: &Resource,
    root: &str,
    groups: &IdentityChanges,
) -> Vec<String> {
    // An unchanged file gives both sides the very same block: its expressions are equal.
    let same_block = Arc::ptr_eq(&base.decl.block, &head.decl.block);
    let null = Value::Null;
    let changed = |name: &str| {
        let b = base.attributes.get(name).unwrap_or(&null);
        let h = head.attributes.get(name).unwrap_or(&null);
        if b == h {
            if h.is_wholly_known() {
                return false;
            }
        } else {
            let (b_known, h_known) = (b.is_wholly_known(), h.is_wholly_known());
            if b_known && h_known {
                return !values_equal(b, h);
            }
            if b_known != h_known || !known_parts_equal(b, h) {
                return true;
            }
        }
        if !same_block && !same_expression(base, head, name) {
            return true;
        }
        h.any_unknown_ref(&mut |r| refers_to_new_identity(root, r, groups))
    };
    // Both maps are sorted: walk them together, so each name is seen once, in order.
    let mut names = Vec::new();
    let pairs = base
        .attributes
        .keys()
        .merge_join_by(head.attributes.keys(), |b, h| b.cmp(h));
    for name in pairs.map(|pair| pair.reduce(|base_name, _| base_name)) {
        if changed(name) {
            names.push(name.clone());
        }
    }
    names
}

/// Values compared as Terraform compares planned values (numbers by value).
fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| values_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && values_equal(a, b))
        }
        _ => a == b,
    }
}

/// Whether two values agree wherever both are known (unknowns match anything unknown).
fn known_parts_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Unknown(_), Value::Unknown(_)) => true,
        (Value::Partial(x, _), Value::Partial(y, _)) => maps_agree(x, y),
        (Value::Object(x), Value::Object(y)) => maps_agree(x, y),
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| known_parts_equal(a, b))
        }
        _ => values_equal(a, b),
    }
}

fn maps_agree(a: &BTreeMap<String, Value>, b: &BTreeMap<String, Value>) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && known_parts_equal(va, vb))
}

/// Whether the attribute (or blocks) `name` is written the same way in both declarations.
fn same_expression(base: &Resource, head: &Resource, name: &str) -> bool {
    written(base, name) == written(head, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_replaces(resource_type: &str, name: &str) -> bool {
        aetheredge_schema::resource(resource_type)
            .is_some_and(|schema| schema.block.forces_replacement(name))
    }

    /// The azurerm and google schemas (docs and Go source) say which arguments force
    /// replacement, including those the docs do not state.
    #[test]
    fn schemas_decide_replace_versus_update() {
        let replacing: &[(&str, &[&str])] = &[
            ("azurerm_resource_group", &["location", "name"]),
            (
                "azurerm_virtual_network",
                &["location", "name", "resource_group_name"],
            ),
            (
                "azurerm_subnet",
                &["name", "resource_group_name", "virtual_network_name"],
            ),
            (
                "azurerm_storage_account",
                &["account_tier", "location", "name", "resource_group_name"],
            ),
            (
                "azurerm_linux_virtual_machine",
                &[
                    "admin_username",
                    "location",
                    "name",
                    "resource_group_name",
                    "source_image_reference",
                ],
            ),
            (
                "azurerm_windows_virtual_machine",
                &[
                    "admin_username",
                    "location",
                    "name",
                    "resource_group_name",
                    "source_image_reference",
                ],
            ),
            (
                "azurerm_kubernetes_cluster",
                &["dns_prefix", "location", "name", "resource_group_name"],
            ),
            (
                "azurerm_postgresql_flexible_server",
                &["location", "name", "resource_group_name"],
            ),
            (
                "azurerm_key_vault",
                &["location", "name", "resource_group_name"],
            ),
            ("google_compute_instance", &["boot_disk", "name", "zone"]),
            (
                "google_compute_network",
                &["auto_create_subnetworks", "name"],
            ),
            ("google_compute_subnetwork", &["name", "network", "region"]),
            ("google_storage_bucket", &["location", "name", "project"]),
            ("google_sql_database_instance", &["name", "region"]),
            ("google_container_cluster", &["location", "name"]),
        ];
        for (resource_type, names) in replacing {
            for name in *names {
                assert!(
                    schema_replaces(resource_type, name),
                    "{resource_type}.{name}"
                );
            }
        }
        assert!(!schema_replaces("google_compute_instance", "machine_type"));
        assert!(!schema_replaces("azurerm_storage_account", "account_kind"));
        assert!(!schema_replaces("aws_unknown_thing", "name"));
    }

    #[test]
    fn moved_addresses_cover_instances_and_modules() {
        assert_eq!(
            moved_address("aws_instance.a[1]", "aws_instance.a", "aws_instance.b"),
            Some("aws_instance.b[1]".into())
        );
        assert_eq!(
            moved_address("module.old.aws_vpc.main", "module.old", "module.new"),
            Some("module.new.aws_vpc.main".into())
        );
        assert_eq!(
            moved_address("aws_instance.ab", "aws_instance.a", "aws_instance.b"),
            None
        );
    }

    #[test]
    fn references_match_resources_with_new_identity() {
        let groups = HashMap::from([(
            String::new(),
            HashSet::from([
                "aws_vpc.main".to_string(),
                "module.net.aws_subnet.a".to_string(),
            ]),
        )]);
        assert!(refers_to_new_identity("", "aws_vpc.main.id", &groups));
        assert!(refers_to_new_identity(
            "",
            "module.net.aws_subnet.a.id",
            &groups
        ));
        assert!(!refers_to_new_identity("", "aws_vpc.other.id", &groups));
        assert!(!refers_to_new_identity(
            "envs/prod",
            "aws_vpc.main.id",
            &groups
        ));
    }
}

#[cfg(test)]
mod block_tests {
    use super::*;

    fn change(address: &str, action: Action, line: u32) -> PlanChange {
        PlanChange {
            address: address.into(),
            resource_type: "aws_instance".into(),
            action,
            root: ".".into(),
            file: "main.tf".into(),
            line,
            attributes: vec!["tags".into()],
            replaced_by: Vec::new(),
            moved_from: None,
        }
    }

    #[test]
    fn instances_treated_alike_are_one_block() {
        assert_eq!(
            aetheredge_core::report::without_instance_key("aws_instance.web[0]"),
            "aws_instance.web"
        );
        assert_eq!(
            aetheredge_core::report::without_instance_key(
                "module.m[\"a\"].aws_s3_bucket.b[\"x.y]\"]"
            ),
            "module.m[\"a\"].aws_s3_bucket.b"
        );
        assert_eq!(
            aetheredge_core::report::without_instance_key("aws_vpc.main"),
            "aws_vpc.main"
        );
        let changes = vec![
            change("aws_instance.web[0]", Action::Update, 3),
            change("aws_instance.web[1]", Action::Update, 3),
            change("aws_instance.web[2]", Action::Create, 3),
            change("aws_instance.web_2", Action::Update, 9),
        ];
        let blocks: Vec<(String, Vec<usize>, Vec<String>)> = blocks(&changes)
            .into_iter()
            .map(|b| (b.address, b.changes, b.keys))
            .collect();
        let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            blocks,
            vec![
                (
                    "aws_instance.web".to_string(),
                    vec![0, 1],
                    keys(&["[0]", "[1]"])
                ),
                ("aws_instance.web".to_string(), vec![2], keys(&["[2]"])),
                ("aws_instance.web_2".to_string(), vec![3], keys(&[])),
            ]
        );
    }
}

/// Brahma's action for a change of one argument, against Terraform's: the cases of
/// `fixtures/replace-agreement/aws.json` (`schemas/probe/`), each a resource of one of the
/// most used AWS types with one argument changed, and the action the AWS provider planned
/// for it (`update`, `replace`, or `noop` when it plans no change).
#[cfg(test)]
mod replace_agreement {
    use super::*;
    use aetheredge_model::iac::{load, LoadOptions, ParseCache};
    use aetheredge_model::repo::{Snapshot, SnapshotLimits};
    use serde_json::Value as J;

    /// A JSON value as an HCL expression.
    fn hcl(value: &J) -> String {
        match value {
            J::Array(items) => {
                format!("[{}]", items.iter().map(hcl).collect::<Vec<_>>().join(", "))
            }
            J::Object(map) => format!(
                "{{ {} }}",
                map.iter()
                    .map(|(k, v)| format!("{} = {}", serde_json::to_string(k).unwrap(), hcl(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            // A string is written as JSON writes it, with `$` and `%` not starting a template.
            J::String(s) => serde_json::to_string(s)
                .unwrap()
                .replace("${", "$${")
                .replace("%{", "%%{"),
            other => other.to_string(),
        }
    }

    /// An argument of a resource: an attribute, or blocks (a list of bodies).
    fn argument(name: &str, kind: &str, value: &J) -> String {
        match (kind, value) {
            ("block", J::Array(bodies)) => bodies
                .iter()
                .map(|body| match body {
                    J::Object(map) => format!(
                        "  {name} {{\n{}  }}\n",
                        map.iter()
                            .map(|(k, v)| match v {
                                J::Array(inner)
                                    if inner.iter().all(J::is_object) && !inner.is_empty() =>
                                {
                                    argument(k, "block", v)
                                }
                                _ => format!("    {k} = {}\n", hcl(v)),
                            })
                            .collect::<String>()
                    ),
                    _ => String::new(),
                })
                .collect(),
            _ => format!("  {name} = {}\n", hcl(value)),
        }
    }

    fn model(text: &str) -> Model {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), text).unwrap();
        let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
        load(&snapshot, &LoadOptions::default(), &ParseCache::default())
    }

    #[test]
    fn replace_or_update_as_the_provider_decides() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/replace-agreement/aws.json"
        );
        let fixture: J = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let cases = fixture["cases"].as_array().unwrap();
        let (mut base, mut head) = (String::new(), String::new());
        for (i, case) in cases.iter().enumerate() {
            let text = |key: &str| case[key].as_str().unwrap();
            let (t, name, kind) = (text("type"), text("argument"), text("kind"));
            // The arguments the provider was given beside the changed one, where it needed
            // them: the same on both sides.
            let others: String = case["others"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| {
                    let text = |key: &str| o[key].as_str().unwrap();
                    argument(text("argument"), text("kind"), &o["value"])
                })
                .collect();
            let before = argument(name, kind, &case["before"]);
            let after = argument(name, kind, &case["after"]);
            base.push_str(&format!(
                "resource \"{t}\" \"c{i}\" {{\n{others}{before}}}\n"
            ));
            head.push_str(&format!(
                "resource \"{t}\" \"c{i}\" {{\n{others}{after}}}\n"
            ));
        }
        let (base, head) = (model(&base), model(&head));
        assert!(
            base.diagnostics
                .iter()
                .chain(&head.diagnostics)
                .all(|d| d.level != aetheredge_model::iac::Level::Error),
            "{:?}",
            head.diagnostics
        );
        let plan = plan(&base, &head);
        let actions: HashMap<&str, Action> = plan
            .changes
            .iter()
            .map(|c| (c.address.as_str(), c.action))
            .collect();
        let mut disagree = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let t = case["type"].as_str().unwrap();
            let address = format!("{t}.c{i}");
            let ours = match actions.get(address.as_str()) {
                Some(Action::Replace) => "replace",
                Some(Action::Update) => "update",
                None => "noop",
                Some(other) => panic!("{address}: {other:?}"),
            };
            let theirs = case["action"].as_str().unwrap();
            // The question is replace or not. Whether a change the provider plans in place
            // shows at all (`timeouts`, `tags_all`, write-only values) hangs on the dummy
            // values of the state it was given: no change and an update count alike.
            let replaces = |action: &str| action == "replace";
            if replaces(ours) != replaces(theirs) {
                disagree.push(format!(
                    "{t}.{} ours {ours}, terraform {theirs}",
                    case["argument"].as_str().unwrap()
                ));
            }
        }
        let agreeing = cases.len() - disagree.len();
        assert!(
            disagree.is_empty(),
            "{agreeing} of {} agree; differ:\n{}",
            cases.len(),
            disagree.join("\n")
        );
    }
}

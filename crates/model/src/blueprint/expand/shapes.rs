//! What every cloud's expansion shares: the [`Builder`] that collects resources, variables
//! and outputs, the [`Shapes`] each cloud implements and [`components`] calls in one order,
//! the blueprint's naming, tags and network layout, and the variables every cloud declares
//! alike.

use super::{tf_name, ExpandedResource, Expansion, Expr, Item, Output, Variable};
use crate::blueprint::schema::{
    Autoscaling, Blueprint, Cache, Cdn, Compute, Database, Dns, Engine, Kubernetes, LoadBalancer,
    Network, Storage,
};

// What a resource body is written with: a string, a reference, a variable, an argument,
// a nested block, a list of strings.

pub(super) fn s(v: impl Into<String>) -> Expr {
    Expr::Str(v.into())
}
pub(super) fn r(v: impl Into<String>) -> Expr {
    Expr::Ref(v.into())
}
pub(super) fn v(name: &str) -> Expr {
    Expr::Var(name.into())
}
pub(super) fn a(key: &str, e: Expr) -> Item {
    Item::Attr(key.into(), e)
}
pub(super) fn b(name: &str, items: Vec<Item>) -> Item {
    Item::Block(name.into(), items)
}
pub(super) fn strs(items: &[&str]) -> Expr {
    Expr::List(items.iter().map(|i| s(*i)).collect())
}

/// Builds an expansion.
pub(super) struct Builder<'a> {
    pub(super) bp: &'a Blueprint,
    pub(super) out: Expansion,
}

impl Builder<'_> {
    pub(super) fn var(
        &mut self,
        name: &str,
        type_name: &'static str,
        description: &str,
        default: Expr,
    ) -> Expr {
        if self.out.variable(name).is_none() {
            self.out.variables.push(Variable {
                name: name.into(),
                description: description.into(),
                type_name,
                default,
            });
        }
        v(name)
    }

    pub(super) fn res(
        &mut self,
        component: &str,
        resource_type: &str,
        name: &str,
        body: Vec<Item>,
    ) {
        self.out.resources.push(ExpandedResource {
            data: false,
            resource_type: resource_type.into(),
            name: name.into(),
            count: None,
            body,
            component: component.into(),
        });
    }

    pub(super) fn output(&mut self, name: &str, description: &str, value: Expr) {
        self.out.outputs.push(Output {
            name: name.into(),
            description: description.into(),
            value,
        });
    }

    /// `name-environment-suffix`, the names cloud resources get.
    pub(super) fn id(&self, suffix: &str) -> String {
        format!("{}-{}-{suffix}", self.bp.name, self.bp.environment)
    }

    pub(super) fn tags(&self) -> Expr {
        v("tags")
    }

    /// `network_cidr`: the address range of the cloud's network (its `network`: the VPC,
    /// the subnetwork…).
    pub(super) fn network_cidr(&mut self, network: &str, cidr: impl Into<String>) -> Expr {
        self.var(
            "network_cidr",
            "string",
            &format!("The address range of the {network}."),
            s(cidr),
        )
    }

    /// `compute_count`: how many instances the compute tier runs.
    pub(super) fn compute_count(&mut self, compute: &Compute) -> Expr {
        self.var(
            "compute_count",
            "number",
            "How many instances the compute tier runs.",
            Expr::Num(compute.count as i64),
        )
    }

    /// `compute_min` and `compute_max`: the bounds autoscaling keeps to.
    pub(super) fn autoscaling_bounds(&mut self, scaling: &Autoscaling) -> (Expr, Expr) {
        let min = self.var(
            "compute_min",
            "number",
            "The fewest instances autoscaling keeps.",
            Expr::Num(scaling.min as i64),
        );
        let max = self.var(
            "compute_max",
            "number",
            "The most instances autoscaling starts.",
            Expr::Num(scaling.max as i64),
        );
        (min, max)
    }

    /// `db_storage_gb`, where the cloud sizes database storage in GB.
    pub(super) fn db_storage_gb(&mut self, db: &Database) -> Expr {
        self.var(
            "db_storage_gb",
            "number",
            "Database storage, in GB.",
            Expr::Num(db.storage_gb as i64),
        )
    }

    /// `kubernetes_version`: the Kubernetes version of the cluster.
    pub(super) fn kubernetes_version(&mut self, k: &Kubernetes) -> Expr {
        self.var(
            "kubernetes_version",
            "string",
            "The Kubernetes version of the cluster.",
            s(&k.version),
        )
    }

    /// `bucket_NAME`: the name of a storage bucket, where the cloud has buckets.
    pub(super) fn bucket_output(&mut self, st: &Storage, bucket_name: Expr) {
        self.output(
            &format!("bucket_{}", tf_name(&st.name)),
            &format!("The name of the {} bucket.", st.name),
            bucket_name,
        );
    }

    /// `kubernetes_endpoint`: the Kubernetes API endpoint.
    pub(super) fn kubernetes_endpoint_output(&mut self, endpoint: Expr) {
        self.output(
            "kubernetes_endpoint",
            "The Kubernetes API endpoint.",
            endpoint,
        );
    }

    /// `cdn_domain_name`: the CDN's domain name.
    pub(super) fn cdn_domain_name_output(&mut self, domain_name: Expr) {
        self.output("cdn_domain_name", "The CDN's domain name.", domain_name);
    }

    /// `dns_name_servers`: the name servers of the blueprint's DNS zone.
    pub(super) fn dns_name_servers_output(&mut self, name_servers: Expr) {
        self.output(
            "dns_name_servers",
            "The name servers of the zone.",
            name_servers,
        );
    }
}

/// What one cloud writes for each component of a blueprint. [`components`] calls them in
/// the same order on every cloud, so each cloud's module is one small function per
/// component and the clouds read alike.
pub(super) trait Shapes {
    /// What everything else sits in (Azure's resource group).
    fn foundation(_: &mut Builder) {}
    fn network(bld: &mut Builder, net: &Network);
    fn compute(bld: &mut Builder, compute: &Compute);
    /// How databases and caches are reached privately, when there are any.
    fn private_services(_: &mut Builder) {}
    fn database(bld: &mut Builder, db: &Database);
    fn storage(bld: &mut Builder, st: &Storage);
    fn load_balancer(bld: &mut Builder, lb: &LoadBalancer);
    fn cache(bld: &mut Builder, cache: &Cache);
    fn kubernetes(bld: &mut Builder, k: &Kubernetes);
    fn cdn(bld: &mut Builder, cdn: &Cdn);
    fn dns(bld: &mut Builder, dns: &Dns);
}

/// The blueprint's components, each as cloud `S` writes it.
pub(super) fn components<S: Shapes>(bld: &mut Builder) {
    let c = &bld.bp.components;
    S::foundation(bld);
    if let Some(net) = &c.network {
        S::network(bld, net);
    }
    if let Some(compute) = &c.compute {
        S::compute(bld, compute);
    }
    if c.database.is_some() || c.cache.is_some() {
        S::private_services(bld);
    }
    if let Some(db) = &c.database {
        S::database(bld, db);
    }
    for st in &c.storage {
        S::storage(bld, st);
    }
    if let Some(lb) = &c.load_balancer {
        S::load_balancer(bld, lb);
    }
    if let Some(cache) = &c.cache {
        S::cache(bld, cache);
    }
    if let Some(k) = &c.kubernetes {
        S::kubernetes(bld, k);
    }
    if let Some(cdn) = &c.cdn {
        S::cdn(bld, cdn);
    }
    if let Some(dns) = &c.dns {
        S::dns(bld, dns);
    }
}

/// Subnet `index` of the network: the network's prefix plus 8 bits (at most /28).
pub(super) fn subnet(cidr: &str, index: u32) -> String {
    let net: ipnet::Ipv4Net = cidr
        .parse()
        .unwrap_or_else(|_| "10.0.0.0/16".parse().expect("valid"));
    let prefix = (net.prefix_len() + 8).min(28);
    net.subnets(prefix)
        .ok()
        .and_then(|mut it| it.nth(index as usize))
        .map(|n| n.to_string())
        .unwrap_or_else(|| net.to_string())
}

pub(super) fn zone_letter(i: u32) -> char {
    (b'a' + i as u8) as char
}

pub(super) fn db_port(engine: Engine) -> i64 {
    match engine {
        Engine::Postgres => 5432,
        Engine::Mysql => 3306,
    }
}

pub(super) fn app_port(bp: &Blueprint) -> i64 {
    bp.components
        .compute
        .as_ref()
        .and_then(|c| c.ports.first())
        .map(|p| *p as i64)
        .unwrap_or(8080)
}

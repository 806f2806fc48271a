//! Expansion: a blueprint becomes the resources, variables and outputs of one Terraform root
//! module, as plain data that [`super::terraform`] writes and the model loads. Every secure
//! default lives here: encryption on, private networking, nothing public unless the
//! blueprint says `public: true` with a reason. Each cloud is one module implementing
//! `Shapes`, one small function per component; `components` calls them in one order.

use std::collections::BTreeMap;

use super::schema::{
    Blueprint, Cache, Cdn, Cloud, Compute, Database, Dns, Engine, Kubernetes, LoadBalancer,
    Network, Size, Storage,
};

/// A Terraform expression as expansion writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Str(String),
    Num(i64),
    Bool(bool),
    List(Vec<Expr>),
    Map(BTreeMap<String, Expr>),
    /// `var.NAME`: a variable of the root module (its default is the blueprint's value).
    Var(String),
    /// A reference known only after apply, such as `aws_vpc.main.id`, or an expression over
    /// references such as a template (`"${x.y.arn}/*"`).
    Ref(String),
}

/// An argument or a nested block of a resource body.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Attr(String, Expr),
    Block(String, Vec<Item>),
}

/// One `resource` (or `data`) block.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpandedResource {
    pub data: bool,
    pub resource_type: String,
    pub name: String,
    /// `count = var.NAME`, with the variable's value.
    pub count: Option<(String, u32)>,
    pub body: Vec<Item>,
    /// The blueprint component it comes from (`network`, `storage.assets`…).
    pub component: String,
}

impl ExpandedResource {
    /// The Terraform addresses of its instances.
    pub fn addresses(&self) -> Vec<String> {
        let prefix = if self.data { "data." } else { "" };
        let base = format!("{prefix}{}.{}", self.resource_type, self.name);
        match self.count {
            Some((_, n)) => (0..n).map(|i| format!("{base}[{i}]")).collect(),
            None => vec![base],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub description: String,
    pub type_name: &'static str,
    pub default: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub name: String,
    pub description: String,
    pub value: Expr,
}

/// Everything a blueprint expands to.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    pub cloud: Cloud,
    /// `(local name, registry source, version constraint)`.
    pub provider: (&'static str, &'static str, &'static str),
    /// Arguments of the provider block.
    pub provider_config: Vec<Item>,
    pub variables: Vec<Variable>,
    pub resources: Vec<ExpandedResource>,
    pub outputs: Vec<Output>,
}

impl Expansion {
    /// The default value of a variable.
    pub fn variable(&self, name: &str) -> Option<&Expr> {
        self.variables
            .iter()
            .find(|v| v.name == name)
            .map(|v| &v.default)
    }
}

fn s(v: impl Into<String>) -> Expr {
    Expr::Str(v.into())
}
fn r(v: impl Into<String>) -> Expr {
    Expr::Ref(v.into())
}
fn v(name: &str) -> Expr {
    Expr::Var(name.into())
}
fn a(key: &str, e: Expr) -> Item {
    Item::Attr(key.into(), e)
}
fn b(name: &str, items: Vec<Item>) -> Item {
    Item::Block(name.into(), items)
}
fn strs(items: &[&str]) -> Expr {
    Expr::List(items.iter().map(|i| s(*i)).collect())
}

/// Builds an expansion.
struct Builder<'a> {
    bp: &'a Blueprint,
    out: Expansion,
}

impl Builder<'_> {
    fn var(
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

    fn res(&mut self, component: &str, resource_type: &str, name: &str, body: Vec<Item>) {
        self.out.resources.push(ExpandedResource {
            data: false,
            resource_type: resource_type.into(),
            name: name.into(),
            count: None,
            body,
            component: component.into(),
        });
    }

    fn output(&mut self, name: &str, description: &str, value: Expr) {
        self.out.outputs.push(Output {
            name: name.into(),
            description: description.into(),
            value,
        });
    }

    /// `name-environment-suffix`, the names cloud resources get.
    fn id(&self, suffix: &str) -> String {
        format!("{}-{}-{suffix}", self.bp.name, self.bp.environment)
    }

    fn tags(&self) -> Expr {
        v("tags")
    }
}

/// The Terraform name of a blueprint-chosen name (`static-site` → `static_site`).
pub fn tf_name(name: &str) -> String {
    name.replace('-', "_")
}

/// Expands a validated blueprint.
pub fn expand(bp: &Blueprint) -> Expansion {
    let provider = match bp.cloud {
        Cloud::Aws => ("aws", "hashicorp/aws", "~> 5.0"),
        Cloud::Gcp => ("google", "hashicorp/google", "~> 5.0"),
        Cloud::Azure => ("azurerm", "hashicorp/azurerm", "~> 3.0"),
    };
    let mut bld = Builder {
        bp,
        out: Expansion {
            cloud: bp.cloud,
            provider,
            provider_config: Vec::new(),
            variables: Vec::new(),
            resources: Vec::new(),
            outputs: Vec::new(),
        },
    };
    let region = bld.var(
        "region",
        "string",
        "Where everything is created.",
        s(&bp.region),
    );
    let environment = bld.var(
        "environment",
        "string",
        "The environment this stack serves.",
        s(&bp.environment),
    );
    let mut tags: BTreeMap<String, Expr> = bp.tags.iter().map(|(k, t)| (k.clone(), s(t))).collect();
    tags.entry("blueprint".into())
        .or_insert_with(|| s(&bp.name));
    tags.entry("environment".into())
        .or_insert_with(|| s(&bp.environment));
    tags.entry("managed-by".into())
        .or_insert_with(|| s("aetheredge"));
    bld.var(
        "tags",
        "map(string)",
        "Tags (labels on Google Cloud) on every resource that takes them.",
        Expr::Map(tags),
    );
    let _ = environment;
    match bp.cloud {
        Cloud::Aws => {
            bld.out.provider_config = vec![a("region", region)];
            components::<aws::Aws>(&mut bld);
        }
        Cloud::Gcp => {
            let project = bld.var(
                "project",
                "string",
                "The Google Cloud project.",
                s(bp.project.clone().unwrap_or_default()),
            );
            bld.out.provider_config = vec![a("project", project), a("region", region)];
            components::<gcp::Gcp>(&mut bld);
        }
        Cloud::Azure => {
            bld.out.provider_config = vec![b("features", vec![])];
            components::<azure::Azure>(&mut bld);
        }
    }
    bld.out
}

/// What one cloud writes for each component of a blueprint. [`components`] calls them in
/// the same order on every cloud, so each cloud's module is one small function per
/// component and the clouds read alike.
trait Shapes {
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
fn components<S: Shapes>(bld: &mut Builder) {
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
fn subnet(cidr: &str, index: u32) -> String {
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

fn zone_letter(i: u32) -> char {
    (b'a' + i as u8) as char
}

fn db_port(engine: Engine) -> i64 {
    match engine {
        Engine::Postgres => 5432,
        Engine::Mysql => 3306,
    }
}

fn app_port(bp: &Blueprint) -> i64 {
    bp.components
        .compute
        .as_ref()
        .and_then(|c| c.ports.first())
        .map(|p| *p as i64)
        .unwrap_or(8080)
}

mod aws {
    use super::*;

    pub(super) struct Aws;

    fn size(kind: &str, size: Size) -> &'static str {
        match (kind, size) {
            ("compute", Size::Small) => "t3.small",
            ("compute", Size::Medium) => "m6i.large",
            ("compute", Size::Large) => "m6i.xlarge",
            ("db", Size::Small) => "db.t3.small",
            ("db", Size::Medium) => "db.m6g.large",
            ("db", Size::Large) => "db.m6g.xlarge",
            ("cache", Size::Small) => "cache.t4g.small",
            ("cache", Size::Medium) => "cache.m6g.large",
            (_, Size::Small) => "t3.medium",
            (_, Size::Medium) => "m6i.large",
            (_, Size::Large) => "m6i.xlarge",
        }
    }

    /// The private subnets (one per zone) and, when the load balancer is public, the public
    /// ones, as references.
    fn subnets(bp: &Blueprint) -> (Vec<Expr>, Vec<Expr>) {
        let c = &bp.components;
        let zones = c.network.as_ref().map(|n| n.zones).unwrap_or(0);
        let public = c.load_balancer.as_ref().is_some_and(|lb| lb.public);
        let refs = |kind: &str| -> Vec<Expr> {
            (0..zones)
                .map(|i| r(format!("aws_subnet.{kind}_{}.id", zone_letter(i))))
                .collect()
        };
        (
            refs("private"),
            if public { refs("public") } else { Vec::new() },
        )
    }

    impl Shapes for Aws {
        fn network(bld: &mut Builder, net: &Network) {
            let bp = bld.bp;
            let c = &bp.components;
            let tags = bld.tags();
            let cidr = bld.var(
                "network_cidr",
                "string",
                "The address range of the VPC.",
                s(&net.cidr),
            );
            bld.res(
                "network",
                "aws_vpc",
                "main",
                vec![
                    a("cidr_block", cidr.clone()),
                    a("enable_dns_hostnames", Expr::Bool(true)),
                    a("enable_dns_support", Expr::Bool(true)),
                    a("tags", tags.clone()),
                ],
            );
            // The default security group of a VPC allows nothing.
            bld.res(
                "network",
                "aws_default_security_group",
                "default",
                vec![a("vpc_id", r("aws_vpc.main.id"))],
            );
            let public = c.load_balancer.as_ref().is_some_and(|lb| lb.public);
            for i in 0..net.zones {
                let z = zone_letter(i);
                let name = format!("private_{z}");
                bld.res(
                    "network",
                    "aws_subnet",
                    &name,
                    vec![
                        a("vpc_id", r("aws_vpc.main.id")),
                        a("cidr_block", s(subnet(&net.cidr, i))),
                        a("availability_zone", s(format!("{}{z}", bp.region))),
                        a("map_public_ip_on_launch", Expr::Bool(false)),
                        a("tags", tags.clone()),
                    ],
                );
                if public {
                    let name = format!("public_{z}");
                    bld.res(
                        "network",
                        "aws_subnet",
                        &name,
                        vec![
                            a("vpc_id", r("aws_vpc.main.id")),
                            a("cidr_block", s(subnet(&net.cidr, 128 + i))),
                            a("availability_zone", s(format!("{}{z}", bp.region))),
                            a("map_public_ip_on_launch", Expr::Bool(false)),
                            a("tags", tags.clone()),
                        ],
                    );
                }
            }
            if public {
                bld.res(
                    "network",
                    "aws_internet_gateway",
                    "main",
                    vec![a("vpc_id", r("aws_vpc.main.id")), a("tags", tags.clone())],
                );
            }
            bld.output(
                "vpc_id",
                "The VPC everything runs in.",
                r("aws_vpc.main.id"),
            );
        }

        fn compute(bld: &mut Builder, compute: &Compute) {
            let bp = bld.bp;
            let c = &bp.components;
            let tags = bld.tags();
            let cidr = v("network_cidr");
            let port = app_port(bp);
            let (private_subnets, _) = subnets(bp);
            let instance_type = compute
                .instance_type
                .clone()
                .unwrap_or_else(|| size("compute", compute.size.unwrap_or(Size::Medium)).into());
            let itype = bld.var(
                "compute_instance_type",
                "string",
                "The instance type of the compute tier.",
                s(instance_type),
            );
            let source = if c.load_balancer.is_some() {
                r("aws_security_group.lb.id")
            } else {
                cidr.clone()
            };
            let mut ingress = vec![
                a("description", s("Application traffic")),
                a("from_port", Expr::Num(port)),
                a("to_port", Expr::Num(port)),
                a("protocol", s("tcp")),
            ];
            match source {
                Expr::Ref(_) => ingress.push(a("security_groups", Expr::List(vec![source]))),
                other => ingress.push(a("cidr_blocks", Expr::List(vec![other]))),
            }
            bld.res(
                "compute",
                "aws_security_group",
                "compute",
                vec![
                    a("name", s(bld.id("compute"))),
                    a(
                        "description",
                        s("The compute tier: application traffic in, HTTPS out."),
                    ),
                    a("vpc_id", r("aws_vpc.main.id")),
                    b("ingress", ingress),
                    b(
                        "egress",
                        vec![
                            a("description", s("HTTPS to package mirrors and cloud APIs")),
                            a("from_port", Expr::Num(443)),
                            a("to_port", Expr::Num(443)),
                            a("protocol", s("tcp")),
                            a("cidr_blocks", strs(&["0.0.0.0/0"])),
                        ],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.out.resources.push(ExpandedResource {
                data: true,
                resource_type: "aws_ami".into(),
                name: "base".into(),
                count: None,
                body: vec![
                    a("most_recent", Expr::Bool(true)),
                    a("owners", strs(&["099720109477"])),
                    b(
                        "filter",
                        vec![
                            a("name", s("name")),
                            a(
                                "values",
                                strs(&[
                                    "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*",
                                ]),
                            ),
                        ],
                    ),
                ],
                component: "compute".into(),
            });
            let count_value = compute.count;
            let count = bld.var(
                "compute_count",
                "number",
                "How many instances the compute tier runs.",
                Expr::Num(count_value as i64),
            );
            let metadata = b(
                "metadata_options",
                vec![
                    a("http_endpoint", s("enabled")),
                    a("http_tokens", s("required")),
                ],
            );
            match &compute.autoscaling {
                None => {
                    bld.out.resources.push(ExpandedResource {
                        data: false,
                        resource_type: "aws_instance".into(),
                        name: "compute".into(),
                        count: Some(("compute_count".into(), count_value)),
                        body: vec![
                            a("ami", r("data.aws_ami.base.id")),
                            a("instance_type", itype),
                            a("subnet_id", private_subnets[0].clone()),
                            a(
                                "vpc_security_group_ids",
                                Expr::List(vec![r("aws_security_group.compute.id")]),
                            ),
                            a("associate_public_ip_address", Expr::Bool(false)),
                            a("monitoring", Expr::Bool(true)),
                            a("ebs_optimized", Expr::Bool(true)),
                            metadata,
                            b(
                                "root_block_device",
                                vec![
                                    a("encrypted", Expr::Bool(true)),
                                    a("volume_size", Expr::Num(20)),
                                    a("volume_type", s("gp3")),
                                ],
                            ),
                            a("tags", tags.clone()),
                        ],
                        component: "compute".into(),
                    });
                    let _ = count;
                }
                Some(scaling) => {
                    let min = bld.var(
                        "compute_min",
                        "number",
                        "The fewest instances autoscaling keeps.",
                        Expr::Num(scaling.min as i64),
                    );
                    let max = bld.var(
                        "compute_max",
                        "number",
                        "The most instances autoscaling starts.",
                        Expr::Num(scaling.max as i64),
                    );
                    bld.res(
                        "compute",
                        "aws_launch_template",
                        "compute",
                        vec![
                            a("name_prefix", s(format!("{}-", bld.id("compute")))),
                            a("image_id", r("data.aws_ami.base.id")),
                            a("instance_type", itype),
                            a(
                                "vpc_security_group_ids",
                                Expr::List(vec![r("aws_security_group.compute.id")]),
                            ),
                            metadata,
                            b("monitoring", vec![a("enabled", Expr::Bool(true))]),
                            b(
                                "block_device_mappings",
                                vec![
                                    a("device_name", s("/dev/sda1")),
                                    b(
                                        "ebs",
                                        vec![
                                            a("encrypted", Expr::Bool(true)),
                                            a("volume_size", Expr::Num(20)),
                                            a("volume_type", s("gp3")),
                                        ],
                                    ),
                                ],
                            ),
                            a("tags", tags.clone()),
                        ],
                    );
                    let mut body = vec![
                        a("name", s(bld.id("compute"))),
                        a("min_size", min),
                        a("max_size", max),
                        a("desired_capacity", count),
                        a("vpc_zone_identifier", Expr::List(private_subnets.clone())),
                        b(
                            "launch_template",
                            vec![
                                a("id", r("aws_launch_template.compute.id")),
                                a("version", s("$Latest")),
                            ],
                        ),
                    ];
                    if c.load_balancer.is_some() {
                        body.push(a(
                            "target_group_arns",
                            Expr::List(vec![r("aws_lb_target_group.app.arn")]),
                        ));
                    }
                    bld.res("compute", "aws_autoscaling_group", "compute", body);
                }
            }
        }

        fn database(bld: &mut Builder, db: &Database) {
            let bp = bld.bp;
            let c = &bp.components;
            let tags = bld.tags();
            let cidr = v("network_cidr");
            let (private_subnets, _) = subnets(bp);
            let (engine, version) = match db.engine {
                Engine::Postgres => (
                    "postgres",
                    db.version.clone().unwrap_or_else(|| "16".into()),
                ),
                Engine::Mysql => ("mysql", db.version.clone().unwrap_or_else(|| "8.0".into())),
            };
            let class = bld.var(
                "db_instance_class",
                "string",
                "The database instance class.",
                s(size("db", db.size)),
            );
            let ver = bld.var(
                "db_engine_version",
                "string",
                "The database engine version.",
                s(version),
            );
            let storage = bld.var(
                "db_storage_gb",
                "number",
                "Database storage, in GB.",
                Expr::Num(db.storage_gb as i64),
            );
            let ha = bld.var(
                "db_high_availability",
                "bool",
                "Whether the database has a standby in another zone.",
                Expr::Bool(db.high_availability),
            );
            let retention = bld.var(
                "db_backup_retention_days",
                "number",
                "How many days of automated backups are kept.",
                Expr::Num(db.backups.retention_days as i64),
            );
            let source = if c.compute.is_some() {
                r("aws_security_group.compute.id")
            } else {
                r("aws_vpc.main.cidr_block")
            };
            bld.res(
                "database",
                "aws_security_group",
                "db",
                vec![
                    a("name", s(bld.id("db"))),
                    a(
                        "description",
                        s("The database: its port, from the compute tier only."),
                    ),
                    a("vpc_id", r("aws_vpc.main.id")),
                    b(
                        "ingress",
                        vec![
                            a("description", s("Database clients")),
                            a("from_port", Expr::Num(db_port(db.engine))),
                            a("to_port", Expr::Num(db_port(db.engine))),
                            a("protocol", s("tcp")),
                            if c.compute.is_some() {
                                a("security_groups", Expr::List(vec![source]))
                            } else {
                                a("cidr_blocks", Expr::List(vec![cidr.clone()]))
                            },
                        ],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "database",
                "aws_db_subnet_group",
                "db",
                vec![
                    a("name", s(bld.id("db"))),
                    a("subnet_ids", Expr::List(private_subnets.clone())),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "database",
                "aws_db_instance",
                "db",
                vec![
                    a("identifier", s(bld.id("db"))),
                    a("engine", s(engine)),
                    a("engine_version", ver),
                    a("instance_class", class),
                    a("allocated_storage", storage),
                    a("storage_type", s("gp3")),
                    a("storage_encrypted", Expr::Bool(true)),
                    a("multi_az", ha),
                    a("backup_retention_period", retention),
                    a("db_subnet_group_name", r("aws_db_subnet_group.db.name")),
                    a(
                        "vpc_security_group_ids",
                        Expr::List(vec![r("aws_security_group.db.id")]),
                    ),
                    a("publicly_accessible", Expr::Bool(false)),
                    a("username", s("app_admin")),
                    a("manage_master_user_password", Expr::Bool(true)),
                    a("iam_database_authentication_enabled", Expr::Bool(true)),
                    a("auto_minor_version_upgrade", Expr::Bool(true)),
                    a("deletion_protection", Expr::Bool(true)),
                    a("copy_tags_to_snapshot", Expr::Bool(true)),
                    a("skip_final_snapshot", Expr::Bool(false)),
                    a("final_snapshot_identifier", s(bld.id("db-final"))),
                    a("performance_insights_enabled", Expr::Bool(true)),
                    a(
                        "enabled_cloudwatch_logs_exports",
                        strs(if engine == "postgres" {
                            &["postgresql"]
                        } else {
                            &["error", "slowquery"]
                        }),
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.output(
                "database_endpoint",
                "Where clients reach the database.",
                r("aws_db_instance.db.endpoint"),
            );
        }

        fn storage(bld: &mut Builder, st: &Storage) {
            let tags = bld.tags();
            let n = tf_name(&st.name);
            let component = format!("storage.{}", st.name);
            let bucket = r(format!("aws_s3_bucket.{n}.id"));
            bld.res(
                &component,
                "aws_s3_bucket",
                &n,
                vec![a("bucket", s(bld.id(&st.name))), a("tags", tags.clone())],
            );
            bld.res(
                &component,
                "aws_s3_bucket_versioning",
                &n,
                vec![
                    a("bucket", bucket.clone()),
                    b(
                        "versioning_configuration",
                        vec![a(
                            "status",
                            s(if st.versioning {
                                "Enabled"
                            } else {
                                "Suspended"
                            }),
                        )],
                    ),
                ],
            );
            bld.res(
                &component,
                "aws_s3_bucket_server_side_encryption_configuration",
                &n,
                vec![
                    a("bucket", bucket.clone()),
                    b(
                        "rule",
                        vec![
                            b(
                                "apply_server_side_encryption_by_default",
                                vec![a("sse_algorithm", s("aws:kms"))],
                            ),
                            a("bucket_key_enabled", Expr::Bool(true)),
                        ],
                    ),
                ],
            );
            let block = !st.public;
            bld.res(
                &component,
                "aws_s3_bucket_public_access_block",
                &n,
                vec![
                    a("bucket", bucket.clone()),
                    a("block_public_acls", Expr::Bool(block)),
                    a("block_public_policy", Expr::Bool(block)),
                    a("ignore_public_acls", Expr::Bool(block)),
                    a("restrict_public_buckets", Expr::Bool(block)),
                ],
            );
            bld.output(
                &format!("bucket_{n}"),
                &format!("The name of the {} bucket.", st.name),
                r(format!("aws_s3_bucket.{n}.bucket")),
            );
        }

        fn load_balancer(bld: &mut Builder, lb: &LoadBalancer) {
            let bp = bld.bp;
            let c = &bp.components;
            let tags = bld.tags();
            let cidr = v("network_cidr");
            let port = app_port(bp);
            let (private_subnets, public_subnets) = subnets(bp);
            let zone = c.dns.as_ref().map(|d| d.zone.clone()).unwrap_or_default();
            let from = if lb.public {
                strs(&["0.0.0.0/0"])
            } else {
                Expr::List(vec![cidr.clone()])
            };
            bld.res(
                "load_balancer",
                "aws_security_group",
                "lb",
                vec![
                    a("name", s(bld.id("lb"))),
                    a(
                        "description",
                        s("The load balancer: HTTPS in, the application port out."),
                    ),
                    a("vpc_id", r("aws_vpc.main.id")),
                    b(
                        "ingress",
                        vec![
                            a("description", s("HTTPS clients")),
                            a("from_port", Expr::Num(lb.port as i64)),
                            a("to_port", Expr::Num(lb.port as i64)),
                            a("protocol", s("tcp")),
                            a("cidr_blocks", from),
                        ],
                    ),
                    b(
                        "egress",
                        vec![
                            a("description", s("To the compute tier")),
                            a("from_port", Expr::Num(port)),
                            a("to_port", Expr::Num(port)),
                            a("protocol", s("tcp")),
                            a("cidr_blocks", Expr::List(vec![cidr.clone()])),
                        ],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "load_balancer",
                "aws_lb",
                "app",
                vec![
                    a("name", s(bld.id("lb"))),
                    a("internal", Expr::Bool(!lb.public)),
                    a("load_balancer_type", s("application")),
                    a(
                        "security_groups",
                        Expr::List(vec![r("aws_security_group.lb.id")]),
                    ),
                    a(
                        "subnets",
                        Expr::List(if lb.public {
                            public_subnets.clone()
                        } else {
                            private_subnets.clone()
                        }),
                    ),
                    a("drop_invalid_header_fields", Expr::Bool(true)),
                    a("enable_deletion_protection", Expr::Bool(true)),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "load_balancer",
                "aws_lb_target_group",
                "app",
                vec![
                    a("name", s(bld.id("app"))),
                    a("port", Expr::Num(port)),
                    a("protocol", s("HTTP")),
                    a("vpc_id", r("aws_vpc.main.id")),
                    b("health_check", vec![a("path", s("/health"))]),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "load_balancer",
                "aws_acm_certificate",
                "app",
                vec![
                    a("domain_name", s(format!("{}.{zone}", bp.name))),
                    a("validation_method", s("DNS")),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "load_balancer",
                "aws_lb_listener",
                "https",
                vec![
                    a("load_balancer_arn", r("aws_lb.app.arn")),
                    a("port", Expr::Num(lb.port as i64)),
                    a("protocol", s("HTTPS")),
                    a("ssl_policy", s("ELBSecurityPolicy-TLS13-1-2-2021-06")),
                    a("certificate_arn", r("aws_acm_certificate.app.arn")),
                    b(
                        "default_action",
                        vec![
                            a("type", s("forward")),
                            a("target_group_arn", r("aws_lb_target_group.app.arn")),
                        ],
                    ),
                ],
            );
            bld.output(
                "load_balancer_dns_name",
                "The load balancer's DNS name.",
                r("aws_lb.app.dns_name"),
            );
        }

        fn cache(bld: &mut Builder, cache: &Cache) {
            let bp = bld.bp;
            let tags = bld.tags();
            let cidr = v("network_cidr");
            let (private_subnets, _) = subnets(bp);
            let node = bld.var(
                "cache_node_type",
                "string",
                "The cache node type.",
                s(size("cache", cache.size)),
            );
            bld.res(
                "cache",
                "aws_security_group",
                "cache",
                vec![
                    a("name", s(bld.id("cache"))),
                    a(
                        "description",
                        s("The cache: Redis, from inside the network only."),
                    ),
                    a("vpc_id", r("aws_vpc.main.id")),
                    b(
                        "ingress",
                        vec![
                            a("description", s("Redis clients")),
                            a("from_port", Expr::Num(6379)),
                            a("to_port", Expr::Num(6379)),
                            a("protocol", s("tcp")),
                            a("cidr_blocks", Expr::List(vec![cidr.clone()])),
                        ],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "cache",
                "aws_elasticache_subnet_group",
                "cache",
                vec![
                    a("name", s(bld.id("cache"))),
                    a("subnet_ids", Expr::List(private_subnets.clone())),
                ],
            );
            bld.res(
                "cache",
                "aws_elasticache_replication_group",
                "cache",
                vec![
                    a("replication_group_id", s(bld.id("cache"))),
                    a("description", s(format!("The cache of {}", bp.name))),
                    a("engine", s("redis")),
                    a("node_type", node),
                    a(
                        "num_cache_clusters",
                        Expr::Num(if cache.size == Size::Small { 1 } else { 2 }),
                    ),
                    a(
                        "automatic_failover_enabled",
                        Expr::Bool(cache.size != Size::Small),
                    ),
                    a("at_rest_encryption_enabled", Expr::Bool(true)),
                    a("transit_encryption_enabled", Expr::Bool(true)),
                    a(
                        "subnet_group_name",
                        r("aws_elasticache_subnet_group.cache.name"),
                    ),
                    a(
                        "security_group_ids",
                        Expr::List(vec![r("aws_security_group.cache.id")]),
                    ),
                    a("tags", tags.clone()),
                ],
            );
        }

        fn kubernetes(bld: &mut Builder, k: &Kubernetes) {
            let bp = bld.bp;
            let tags = bld.tags();
            let (private_subnets, _) = subnets(bp);
            let version = bld.var(
                "kubernetes_version",
                "string",
                "The Kubernetes version of the cluster.",
                s(&k.version),
            );
            let node_type = bld.var(
                "kubernetes_node_type",
                "string",
                "The instance type of the nodes.",
                s(size("nodes", k.node_size)),
            );
            let assume = |service: &str| {
                s(format!(
                    "{{\"Statement\":[{{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":{{\"Service\":\"{service}\"}}}}],\"Version\":\"2012-10-17\"}}"
                ))
            };
            bld.res(
                "kubernetes",
                "aws_iam_role",
                "cluster",
                vec![
                    a("name", s(bld.id("eks-cluster"))),
                    a("assume_role_policy", assume("eks.amazonaws.com")),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "kubernetes",
                "aws_iam_role",
                "nodes",
                vec![
                    a("name", s(bld.id("eks-nodes"))),
                    a("assume_role_policy", assume("ec2.amazonaws.com")),
                    a("tags", tags.clone()),
                ],
            );
            for (name, role, policy) in [
                ("cluster", "cluster", "AmazonEKSClusterPolicy"),
                ("worker_nodes", "nodes", "AmazonEKSWorkerNodePolicy"),
                ("cni", "nodes", "AmazonEKS_CNI_Policy"),
                ("ecr_read", "nodes", "AmazonEC2ContainerRegistryReadOnly"),
            ] {
                bld.res(
                    "kubernetes",
                    "aws_iam_role_policy_attachment",
                    name,
                    vec![
                        a("role", r(format!("aws_iam_role.{role}.name"))),
                        a("policy_arn", s(format!("arn:aws:iam::aws:policy/{policy}"))),
                    ],
                );
            }
            bld.res(
                "kubernetes",
                "aws_kms_key",
                "kubernetes",
                vec![
                    a(
                        "description",
                        s(format!("Encrypts the Kubernetes secrets of {}", bp.name)),
                    ),
                    a("enable_key_rotation", Expr::Bool(true)),
                    a("deletion_window_in_days", Expr::Num(30)),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "kubernetes",
                "aws_eks_cluster",
                "main",
                vec![
                    a("name", s(bld.id("k8s"))),
                    a("role_arn", r("aws_iam_role.cluster.arn")),
                    a("version", version),
                    b(
                        "vpc_config",
                        vec![
                            a("subnet_ids", Expr::List(private_subnets.clone())),
                            a("endpoint_private_access", Expr::Bool(true)),
                            a("endpoint_public_access", Expr::Bool(k.public)),
                        ],
                    ),
                    b(
                        "encryption_config",
                        vec![
                            a("resources", strs(&["secrets"])),
                            b(
                                "provider",
                                vec![a("key_arn", r("aws_kms_key.kubernetes.arn"))],
                            ),
                        ],
                    ),
                    a(
                        "enabled_cluster_log_types",
                        strs(&["api", "audit", "authenticator"]),
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "kubernetes",
                "aws_eks_node_group",
                "main",
                vec![
                    a("cluster_name", r("aws_eks_cluster.main.name")),
                    a("node_group_name", s(bld.id("nodes"))),
                    a("node_role_arn", r("aws_iam_role.nodes.arn")),
                    a("subnet_ids", Expr::List(private_subnets.clone())),
                    a("instance_types", Expr::List(vec![node_type])),
                    b(
                        "scaling_config",
                        vec![
                            a("min_size", Expr::Num(k.nodes.min as i64)),
                            a("max_size", Expr::Num(k.nodes.max as i64)),
                            a("desired_size", Expr::Num(k.nodes.min as i64)),
                        ],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.output(
                "kubernetes_endpoint",
                "The Kubernetes API endpoint.",
                r("aws_eks_cluster.main.endpoint"),
            );
        }

        fn cdn(bld: &mut Builder, cdn: &Cdn) {
            let tags = bld.tags();
            let origin = tf_name(&cdn.origin);
            bld.res(
                "cdn",
                "aws_cloudfront_origin_access_control",
                "site",
                vec![
                    a("name", s(bld.id("site"))),
                    a("origin_access_control_origin_type", s("s3")),
                    a("signing_behavior", s("always")),
                    a("signing_protocol", s("sigv4")),
                ],
            );
            bld.res(
                "cdn",
                "aws_cloudfront_distribution",
                "site",
                vec![
                    a("enabled", Expr::Bool(true)),
                    a("is_ipv6_enabled", Expr::Bool(true)),
                    a("default_root_object", s("index.html")),
                    b(
                        "origin",
                        vec![
                            a(
                                "domain_name",
                                r(format!(
                                    "aws_s3_bucket.{origin}.bucket_regional_domain_name"
                                )),
                            ),
                            a("origin_id", s(format!("s3-{}", cdn.origin))),
                            a(
                                "origin_access_control_id",
                                r("aws_cloudfront_origin_access_control.site.id"),
                            ),
                        ],
                    ),
                    b(
                        "default_cache_behavior",
                        vec![
                            a("allowed_methods", strs(&["GET", "HEAD"])),
                            a("cached_methods", strs(&["GET", "HEAD"])),
                            a("target_origin_id", s(format!("s3-{}", cdn.origin))),
                            a("viewer_protocol_policy", s("redirect-to-https")),
                            a("cache_policy_id", s("658327ea-f89d-4fab-a63d-7e88639e58f6")),
                        ],
                    ),
                    b(
                        "restrictions",
                        vec![b("geo_restriction", vec![a("restriction_type", s("none"))])],
                    ),
                    b(
                        "viewer_certificate",
                        vec![a("cloudfront_default_certificate", Expr::Bool(true))],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            // The bucket stays private: only this distribution, signing with its origin
            // access control, may read objects.
            bld.out.resources.push(ExpandedResource {
                data: true,
                resource_type: "aws_iam_policy_document".into(),
                name: "cdn_read".into(),
                count: None,
                body: vec![b(
                    "statement",
                    vec![
                        a("sid", s("CloudFrontReadsObjects")),
                        a("effect", s("Allow")),
                        a("actions", strs(&["s3:GetObject"])),
                        a(
                            "resources",
                            Expr::List(vec![Expr::Ref(format!(
                                "\"${{aws_s3_bucket.{origin}.arn}}/*\""
                            ))]),
                        ),
                        b(
                            "principals",
                            vec![
                                a("type", s("Service")),
                                a("identifiers", strs(&["cloudfront.amazonaws.com"])),
                            ],
                        ),
                        b(
                            "condition",
                            vec![
                                a("test", s("StringEquals")),
                                a("variable", s("AWS:SourceArn")),
                                a(
                                    "values",
                                    Expr::List(vec![r("aws_cloudfront_distribution.site.arn")]),
                                ),
                            ],
                        ),
                    ],
                )],
                component: "cdn".into(),
            });
            bld.res(
                "cdn",
                "aws_s3_bucket_policy",
                &origin,
                vec![
                    a("bucket", r(format!("aws_s3_bucket.{origin}.id"))),
                    a("policy", r("data.aws_iam_policy_document.cdn_read.json")),
                ],
            );
            bld.output(
                "cdn_domain_name",
                "The CDN's domain name.",
                r("aws_cloudfront_distribution.site.domain_name"),
            );
        }

        fn dns(bld: &mut Builder, dns: &Dns) {
            let bp = bld.bp;
            let c = &bp.components;
            let tags = bld.tags();
            bld.res(
                "dns",
                "aws_route53_zone",
                "main",
                vec![a("name", s(&dns.zone)), a("tags", tags.clone())],
            );
            if c.load_balancer.is_some() {
                bld.res(
                    "dns",
                    "aws_route53_record",
                    "app",
                    vec![
                        a("zone_id", r("aws_route53_zone.main.zone_id")),
                        a("name", s(format!("{}.{}", bp.name, dns.zone))),
                        a("type", s("A")),
                        b(
                            "alias",
                            vec![
                                a("name", r("aws_lb.app.dns_name")),
                                a("zone_id", r("aws_lb.app.zone_id")),
                                a("evaluate_target_health", Expr::Bool(true)),
                            ],
                        ),
                    ],
                );
            }
            if c.cdn.is_some() {
                bld.res(
                    "dns",
                    "aws_route53_record",
                    "site",
                    vec![
                        a("zone_id", r("aws_route53_zone.main.zone_id")),
                        a("name", s(format!("{}.{}", bp.name, dns.zone))),
                        a("type", s("A")),
                        b(
                            "alias",
                            vec![
                                a("name", r("aws_cloudfront_distribution.site.domain_name")),
                                a(
                                    "zone_id",
                                    r("aws_cloudfront_distribution.site.hosted_zone_id"),
                                ),
                                a("evaluate_target_health", Expr::Bool(false)),
                            ],
                        ),
                    ],
                );
            }
            bld.output(
                "dns_name_servers",
                "The name servers of the zone.",
                r("aws_route53_zone.main.name_servers"),
            );
        }
    }
}

mod gcp {
    use super::*;

    pub(super) struct Gcp;

    /// The regional form of a load balancing resource type, for internal load balancers.
    fn regional(resource_type: &str, internal: bool) -> String {
        if internal {
            resource_type.replacen("google_compute_", "google_compute_region_", 1)
        } else {
            resource_type.to_string()
        }
    }

    /// The front of an internal load balancer: a regional HTTPS proxy with a Certificate
    /// Manager certificate (Google-managed certificates of the global kind do not serve
    /// regional proxies) and a forwarding rule on the private subnet.
    fn internal_frontend(bld: &mut Builder) {
        let bp = bld.bp;
        let region = v("region");
        let certificate = bld.var(
            "tls_certificate_id",
            "string",
            "The regional Certificate Manager certificate of the internal load balancer (replace the placeholder).",
            s(format!(
                "projects/{}/locations/{}/certificates/{}",
                bp.project.clone().unwrap_or_default(),
                bp.region,
                bld.id("app")
            )),
        );
        bld.res(
            "load_balancer",
            "google_compute_region_ssl_policy",
            "app",
            vec![
                a("name", s(bld.id("app"))),
                a("region", region.clone()),
                a("profile", s("MODERN")),
                a("min_tls_version", s("TLS_1_2")),
            ],
        );
        bld.res(
            "load_balancer",
            "google_compute_region_target_https_proxy",
            "app",
            vec![
                a("name", s(bld.id("app"))),
                a("region", region.clone()),
                a("url_map", r("google_compute_region_url_map.app.id")),
                a(
                    "certificate_manager_certificates",
                    Expr::List(vec![certificate]),
                ),
                a("ssl_policy", r("google_compute_region_ssl_policy.app.id")),
            ],
        );
        bld.res(
            "load_balancer",
            "google_compute_forwarding_rule",
            "app",
            vec![
                a("name", s(bld.id("app"))),
                a("region", region.clone()),
                a(
                    "target",
                    r("google_compute_region_target_https_proxy.app.id"),
                ),
                a("port_range", s("443")),
                a("load_balancing_scheme", s("INTERNAL_MANAGED")),
                a("network", r("google_compute_network.main.id")),
                a("subnetwork", r("google_compute_subnetwork.private.id")),
                a("labels", bld.tags()),
                // The proxies must exist before the rule that sends them traffic.
                a(
                    "depends_on",
                    Expr::List(vec![r("google_compute_subnetwork.proxy_only")]),
                ),
            ],
        );
        bld.output(
            "app_ip_address",
            "The private address clients connect to.",
            r("google_compute_forwarding_rule.app.ip_address"),
        );
    }

    fn size(kind: &str, size: Size) -> &'static str {
        match (kind, size) {
            ("db", Size::Small) => "db-custom-1-3840",
            ("db", Size::Medium) => "db-custom-2-7680",
            ("db", Size::Large) => "db-custom-4-15360",
            (_, Size::Small) => "e2-small",
            (_, Size::Medium) => "e2-standard-2",
            (_, Size::Large) => "e2-standard-4",
        }
    }

    /// The HTTPS front of the load balancer (`app`) or the CDN (`site`): certificate, TLS
    /// policy, proxy and forwarding rule.
    fn frontend(bld: &mut Builder, name: &str, public: bool) {
        let bp = bld.bp;
        let c = &bp.components;
        let labels = bld.tags();
        let zone = c.dns.as_ref().map(|d| d.zone.clone()).unwrap_or_default();
        let component = if name == "app" {
            "load_balancer"
        } else {
            "cdn"
        };
        if name == "app" && !public {
            internal_frontend(bld);
            return;
        }
        bld.res(
            component,
            "google_compute_managed_ssl_certificate",
            name,
            vec![
                a("name", s(bld.id(name))),
                b(
                    "managed",
                    vec![a("domains", strs(&[&format!("{}.{zone}.", bp.name)]))],
                ),
            ],
        );
        bld.res(
            component,
            "google_compute_ssl_policy",
            name,
            vec![
                a("name", s(bld.id(name))),
                a("profile", s("MODERN")),
                a("min_tls_version", s("TLS_1_2")),
            ],
        );
        bld.res(
            component,
            "google_compute_target_https_proxy",
            name,
            vec![
                a("name", s(bld.id(name))),
                a("url_map", r(format!("google_compute_url_map.{name}.id"))),
                a(
                    "ssl_certificates",
                    Expr::List(vec![r(format!(
                        "google_compute_managed_ssl_certificate.{name}.id"
                    ))]),
                ),
                a(
                    "ssl_policy",
                    r(format!("google_compute_ssl_policy.{name}.id")),
                ),
            ],
        );
        bld.res(
            component,
            "google_compute_global_forwarding_rule",
            name,
            vec![
                a("name", s(bld.id(name))),
                a(
                    "target",
                    r(format!("google_compute_target_https_proxy.{name}.id")),
                ),
                a("port_range", s("443")),
                a("load_balancing_scheme", s("EXTERNAL_MANAGED")),
                a("labels", labels.clone()),
            ],
        );
        bld.output(
            &format!("{name}_ip_address"),
            "The address clients connect to.",
            r(format!(
                "google_compute_global_forwarding_rule.{name}.ip_address"
            )),
        );
    }

    impl Shapes for Gcp {
        /// Private services access: the peering Cloud SQL and Memorystore are reached
        /// through.
        fn private_services(bld: &mut Builder) {
            bld.res(
                "network",
                "google_compute_global_address",
                "private_services",
                vec![
                    a("name", s(bld.id("private-services"))),
                    a("purpose", s("VPC_PEERING")),
                    a("address_type", s("INTERNAL")),
                    a("prefix_length", Expr::Num(16)),
                    a("network", r("google_compute_network.main.id")),
                ],
            );
            bld.res(
                "network",
                "google_service_networking_connection",
                "private_services",
                vec![
                    a("network", r("google_compute_network.main.id")),
                    a("service", s("servicenetworking.googleapis.com")),
                    a(
                        "reserved_peering_ranges",
                        Expr::List(vec![r(
                            "google_compute_global_address.private_services.name",
                        )]),
                    ),
                ],
            );
        }

        fn network(bld: &mut Builder, net: &Network) {
            let region = v("region");
            let cidr = bld.var(
                "network_cidr",
                "string",
                "The address range of the subnetwork.",
                s(subnet(&net.cidr, 0)),
            );
            bld.res(
                "network",
                "google_compute_network",
                "main",
                vec![
                    a("name", s(bld.id("net"))),
                    a("auto_create_subnetworks", Expr::Bool(false)),
                    a("routing_mode", s("REGIONAL")),
                ],
            );
            bld.res(
                "network",
                "google_compute_subnetwork",
                "private",
                vec![
                    a("name", s(bld.id("private"))),
                    a("ip_cidr_range", cidr),
                    a("region", region.clone()),
                    a("network", r("google_compute_network.main.id")),
                    a("private_ip_google_access", Expr::Bool(true)),
                    b(
                        "log_config",
                        vec![
                            a("aggregation_interval", s("INTERVAL_10_MIN")),
                            a("flow_sampling", s("0.5")),
                            a("metadata", s("INCLUDE_ALL_METADATA")),
                        ],
                    ),
                ],
            );
            bld.output(
                "network_id",
                "The VPC network everything runs in.",
                r("google_compute_network.main.id"),
            );
        }

        fn compute(bld: &mut Builder, compute: &Compute) {
            let bp = bld.bp;
            let c = &bp.components;
            let labels = bld.tags();
            let region = v("region");
            let port = app_port(bp);
            let cidr = v("network_cidr");
            let machine = compute
                .instance_type
                .clone()
                .unwrap_or_else(|| size("compute", compute.size.unwrap_or(Size::Medium)).into());
            let machine = bld.var(
                "compute_machine_type",
                "string",
                "The machine type of the compute tier.",
                s(machine),
            );
            let count = bld.var(
                "compute_count",
                "number",
                "How many instances the compute tier runs.",
                Expr::Num(compute.count as i64),
            );
            let from = if c.load_balancer.is_some() {
                // Google's load balancers and health checks reach backends from these ranges.
                strs(&["130.211.0.0/22", "35.191.0.0/16"])
            } else {
                Expr::List(vec![cidr.clone()])
            };
            bld.res(
                "compute",
                "google_compute_firewall",
                "compute",
                vec![
                    a("name", s(bld.id("compute"))),
                    a("network", r("google_compute_network.main.id")),
                    a("direction", s("INGRESS")),
                    a("source_ranges", from),
                    a("target_tags", strs(&[&bld.id("compute")])),
                    b(
                        "allow",
                        vec![
                            a("protocol", s("tcp")),
                            a("ports", strs(&[&port.to_string()])),
                        ],
                    ),
                    b("log_config", vec![a("metadata", s("INCLUDE_ALL_METADATA"))]),
                ],
            );
            bld.res(
                "compute",
                "google_compute_instance_template",
                "compute",
                vec![
                    a("name_prefix", s(format!("{}-", bld.id("compute")))),
                    a("machine_type", machine),
                    a("region", region.clone()),
                    a("tags", strs(&[&bld.id("compute")])),
                    a("labels", labels.clone()),
                    a(
                        "metadata",
                        Expr::Map(BTreeMap::from([
                            ("block-project-ssh-keys".to_string(), s("true")),
                            ("enable-oslogin".to_string(), s("TRUE")),
                        ])),
                    ),
                    b(
                        "disk",
                        vec![
                            a("source_image", s("debian-cloud/debian-12")),
                            a("auto_delete", Expr::Bool(true)),
                            a("boot", Expr::Bool(true)),
                            a("disk_size_gb", Expr::Num(20)),
                        ],
                    ),
                    b(
                        "network_interface",
                        vec![a("subnetwork", r("google_compute_subnetwork.private.id"))],
                    ),
                    b(
                        "shielded_instance_config",
                        vec![
                            a("enable_secure_boot", Expr::Bool(true)),
                            a("enable_vtpm", Expr::Bool(true)),
                            a("enable_integrity_monitoring", Expr::Bool(true)),
                        ],
                    ),
                ],
            );
            let mut mig = vec![
                a("name", s(bld.id("compute"))),
                a("base_instance_name", s(bld.id("compute"))),
                a("region", region.clone()),
                b(
                    "version",
                    vec![a(
                        "instance_template",
                        r("google_compute_instance_template.compute.self_link"),
                    )],
                ),
            ];
            if compute.autoscaling.is_none() {
                mig.push(a("target_size", count));
            }
            if c.load_balancer.is_some() {
                mig.push(b(
                    "named_port",
                    vec![a("name", s("http")), a("port", Expr::Num(port))],
                ));
            }
            bld.res(
                "compute",
                "google_compute_region_instance_group_manager",
                "compute",
                mig,
            );
            if let Some(scaling) = &compute.autoscaling {
                let min = bld.var(
                    "compute_min",
                    "number",
                    "The fewest instances autoscaling keeps.",
                    Expr::Num(scaling.min as i64),
                );
                let max = bld.var(
                    "compute_max",
                    "number",
                    "The most instances autoscaling starts.",
                    Expr::Num(scaling.max as i64),
                );
                bld.res(
                    "compute",
                    "google_compute_region_autoscaler",
                    "compute",
                    vec![
                        a("name", s(bld.id("compute"))),
                        a("region", region.clone()),
                        a(
                            "target",
                            r("google_compute_region_instance_group_manager.compute.id"),
                        ),
                        b(
                            "autoscaling_policy",
                            vec![
                                a("min_replicas", min),
                                a("max_replicas", max),
                                a("cooldown_period", Expr::Num(60)),
                                b("cpu_utilization", vec![a("target", s("0.6"))]),
                            ],
                        ),
                    ],
                );
            }
        }

        fn database(bld: &mut Builder, db: &Database) {
            let labels = bld.tags();
            let region = v("region");
            let version = match db.engine {
                Engine::Postgres => format!(
                    "POSTGRES_{}",
                    db.version.clone().unwrap_or_else(|| "16".into())
                ),
                Engine::Mysql => format!(
                    "MYSQL_{}",
                    db.version
                        .clone()
                        .unwrap_or_else(|| "8_0".into())
                        .replace('.', "_")
                ),
            };
            let tier = bld.var(
                "db_tier",
                "string",
                "The Cloud SQL machine tier.",
                s(size("db", db.size)),
            );
            let availability = bld.var(
                "db_availability_type",
                "string",
                "REGIONAL keeps a standby in another zone; ZONAL does not.",
                s(if db.high_availability {
                    "REGIONAL"
                } else {
                    "ZONAL"
                }),
            );
            let storage = bld.var(
                "db_storage_gb",
                "number",
                "Database storage, in GB.",
                Expr::Num(db.storage_gb as i64),
            );
            let retention = bld.var(
                "db_backup_retention_days",
                "number",
                "How many daily backups are kept.",
                Expr::Num(db.backups.retention_days as i64),
            );
            let mut backup = vec![a("enabled", Expr::Bool(true))];
            match db.engine {
                Engine::Postgres => {
                    backup.push(a("point_in_time_recovery_enabled", Expr::Bool(true)))
                }
                Engine::Mysql => backup.push(a("binary_log_enabled", Expr::Bool(true))),
            }
            backup.push(b(
                "backup_retention_settings",
                vec![a("retained_backups", retention)],
            ));
            bld.res(
                "database",
                "google_sql_database_instance",
                "db",
                vec![
                    a("name", s(bld.id("db"))),
                    a("database_version", s(version)),
                    a("region", region.clone()),
                    a("deletion_protection", Expr::Bool(true)),
                    b(
                        "settings",
                        vec![
                            a("tier", tier),
                            a("availability_type", availability),
                            a("disk_size", storage),
                            a("disk_type", s("PD_SSD")),
                            a("disk_autoresize", Expr::Bool(true)),
                            a("user_labels", labels.clone()),
                            b("backup_configuration", backup),
                            b(
                                "ip_configuration",
                                vec![
                                    a("ipv4_enabled", Expr::Bool(false)),
                                    a("private_network", r("google_compute_network.main.id")),
                                    a("ssl_mode", s("ENCRYPTED_ONLY")),
                                ],
                            ),
                        ],
                    ),
                ],
            );
            bld.output(
                "database_private_ip",
                "Where clients reach the database.",
                r("google_sql_database_instance.db.private_ip_address"),
            );
        }

        fn storage(bld: &mut Builder, st: &Storage) {
            let labels = bld.tags();
            let region = v("region");
            let n = tf_name(&st.name);
            let component = format!("storage.{}", st.name);
            bld.res(
                &component,
                "google_storage_bucket",
                &n,
                vec![
                    a("name", s(bld.id(&st.name))),
                    a("location", region.clone()),
                    a("force_destroy", Expr::Bool(false)),
                    a("uniform_bucket_level_access", Expr::Bool(true)),
                    a(
                        "public_access_prevention",
                        s(if st.public { "inherited" } else { "enforced" }),
                    ),
                    a("labels", labels.clone()),
                    b("versioning", vec![a("enabled", Expr::Bool(st.versioning))]),
                ],
            );
            if st.public {
                bld.res(
                    &component,
                    "google_storage_bucket_iam_member",
                    &format!("{n}_public_read"),
                    vec![
                        a("bucket", r(format!("google_storage_bucket.{n}.name"))),
                        a("role", s("roles/storage.objectViewer")),
                        a("member", s("allUsers")),
                    ],
                );
            }
            bld.output(
                &format!("bucket_{n}"),
                &format!("The name of the {} bucket.", st.name),
                r(format!("google_storage_bucket.{n}.name")),
            );
        }

        fn load_balancer(bld: &mut Builder, lb: &LoadBalancer) {
            let bp = bld.bp;
            let c = &bp.components;
            let region = v("region");
            let port = app_port(bp);
            // An internal load balancer is regional: Google's internal application load
            // balancer runs on Envoy proxies in a proxy-only subnet of the region.
            let internal = !lb.public;
            if internal {
                let range = c
                    .network
                    .as_ref()
                    .map(|n| subnet(&n.cidr, 255))
                    .unwrap_or_default();
                bld.res(
                    "load_balancer",
                    "google_compute_subnetwork",
                    "proxy_only",
                    vec![
                        a("name", s(bld.id("proxy-only"))),
                        a("ip_cidr_range", s(range)),
                        a("region", region.clone()),
                        a("network", r("google_compute_network.main.id")),
                        a("purpose", s("REGIONAL_MANAGED_PROXY")),
                        a("role", s("ACTIVE")),
                    ],
                );
            }
            let health_check = regional("google_compute_health_check", internal);
            let mut check = vec![a("name", s(bld.id("app")))];
            if internal {
                check.push(a("region", region.clone()));
            }
            check.push(b(
                "http_health_check",
                vec![a("port", Expr::Num(port)), a("request_path", s("/health"))],
            ));
            bld.res("load_balancer", &health_check, "app", check);
            let mut backend = vec![
                a("name", s(bld.id("app"))),
                a("protocol", s("HTTP")),
                a("port_name", s("http")),
                a(
                    "load_balancing_scheme",
                    s(if lb.public {
                        "EXTERNAL_MANAGED"
                    } else {
                        "INTERNAL_MANAGED"
                    }),
                ),
                a(
                    "health_checks",
                    Expr::List(vec![r(format!("{health_check}.app.id"))]),
                ),
                b("log_config", vec![a("enable", Expr::Bool(true))]),
            ];
            if c.compute.is_some() {
                let mut group = vec![a(
                    "group",
                    r("google_compute_region_instance_group_manager.compute.instance_group"),
                )];
                if internal {
                    group.push(a("balancing_mode", s("UTILIZATION")));
                    group.push(a("capacity_scaler", Expr::Num(1)));
                }
                backend.insert(4, b("backend", group));
            }
            if internal {
                backend.insert(1, a("region", region.clone()));
            }
            let backend_service = regional("google_compute_backend_service", internal);
            bld.res("load_balancer", &backend_service, "app", backend);
            let mut url_map = vec![
                a("name", s(bld.id("app"))),
                a("default_service", r(format!("{backend_service}.app.id"))),
            ];
            if internal {
                url_map.insert(1, a("region", region.clone()));
            }
            bld.res(
                "load_balancer",
                &regional("google_compute_url_map", internal),
                "app",
                url_map,
            );
            frontend(bld, "app", lb.public);
        }

        fn cache(bld: &mut Builder, cache: &Cache) {
            let labels = bld.tags();
            let region = v("region");
            let memory = bld.var(
                "cache_memory_gb",
                "number",
                "Cache memory, in GB.",
                Expr::Num(match cache.size {
                    Size::Small => 1,
                    Size::Medium => 5,
                    Size::Large => 13,
                }),
            );
            bld.res(
                "cache",
                "google_redis_instance",
                "cache",
                vec![
                    a("name", s(bld.id("cache"))),
                    a(
                        "tier",
                        s(if cache.size == Size::Small {
                            "BASIC"
                        } else {
                            "STANDARD_HA"
                        }),
                    ),
                    a("memory_size_gb", memory),
                    a("region", region.clone()),
                    a("authorized_network", r("google_compute_network.main.id")),
                    a("connect_mode", s("PRIVATE_SERVICE_ACCESS")),
                    a("auth_enabled", Expr::Bool(true)),
                    a("transit_encryption_mode", s("SERVER_AUTHENTICATION")),
                    a("labels", labels.clone()),
                ],
            );
        }

        fn kubernetes(bld: &mut Builder, k: &Kubernetes) {
            let labels = bld.tags();
            let region = v("region");
            let version = bld.var(
                "kubernetes_version",
                "string",
                "The Kubernetes version of the cluster.",
                s(&k.version),
            );
            let machine = bld.var(
                "kubernetes_machine_type",
                "string",
                "The machine type of the nodes.",
                s(size("nodes", k.node_size)),
            );
            bld.res(
                "kubernetes",
                "google_container_cluster",
                "main",
                vec![
                    a("name", s(bld.id("k8s"))),
                    a("location", region.clone()),
                    a("network", r("google_compute_network.main.id")),
                    a("subnetwork", r("google_compute_subnetwork.private.id")),
                    a("min_master_version", version),
                    a("remove_default_node_pool", Expr::Bool(true)),
                    a("initial_node_count", Expr::Num(1)),
                    a("enable_shielded_nodes", Expr::Bool(true)),
                    a("deletion_protection", Expr::Bool(true)),
                    a("resource_labels", labels.clone()),
                    b(
                        "private_cluster_config",
                        vec![
                            a("enable_private_nodes", Expr::Bool(true)),
                            a("enable_private_endpoint", Expr::Bool(!k.public)),
                            a("master_ipv4_cidr_block", s("172.16.0.0/28")),
                        ],
                    ),
                    b("ip_allocation_policy", vec![]),
                    b("network_policy", vec![a("enabled", Expr::Bool(true))]),
                    b("release_channel", vec![a("channel", s("REGULAR"))]),
                ],
            );
            bld.res(
                "kubernetes",
                "google_container_node_pool",
                "main",
                vec![
                    a("name", s(bld.id("nodes"))),
                    a("cluster", r("google_container_cluster.main.id")),
                    a("location", region.clone()),
                    b(
                        "autoscaling",
                        vec![
                            a("min_node_count", Expr::Num(k.nodes.min as i64)),
                            a("max_node_count", Expr::Num(k.nodes.max as i64)),
                        ],
                    ),
                    b(
                        "management",
                        vec![
                            a("auto_repair", Expr::Bool(true)),
                            a("auto_upgrade", Expr::Bool(true)),
                        ],
                    ),
                    b(
                        "node_config",
                        vec![
                            a("machine_type", machine),
                            a(
                                "oauth_scopes",
                                strs(&["https://www.googleapis.com/auth/cloud-platform"]),
                            ),
                            a("labels", labels.clone()),
                            b(
                                "shielded_instance_config",
                                vec![
                                    a("enable_secure_boot", Expr::Bool(true)),
                                    a("enable_integrity_monitoring", Expr::Bool(true)),
                                ],
                            ),
                            b(
                                "workload_metadata_config",
                                vec![a("mode", s("GKE_METADATA"))],
                            ),
                        ],
                    ),
                ],
            );
            bld.output(
                "kubernetes_endpoint",
                "The Kubernetes API endpoint.",
                r("google_container_cluster.main.endpoint"),
            );
        }

        fn cdn(bld: &mut Builder, cdn: &Cdn) {
            let origin = tf_name(&cdn.origin);
            bld.res(
                "cdn",
                "google_compute_backend_bucket",
                "site",
                vec![
                    a("name", s(bld.id("site"))),
                    a(
                        "bucket_name",
                        r(format!("google_storage_bucket.{origin}.name")),
                    ),
                    a("enable_cdn", Expr::Bool(true)),
                ],
            );
            bld.res(
                "cdn",
                "google_compute_url_map",
                "site",
                vec![
                    a("name", s(bld.id("site"))),
                    a(
                        "default_service",
                        r("google_compute_backend_bucket.site.id"),
                    ),
                ],
            );
            frontend(bld, "site", cdn.public);
        }

        fn dns(bld: &mut Builder, dns: &Dns) {
            let bp = bld.bp;
            let c = &bp.components;
            let labels = bld.tags();
            bld.res(
                "dns",
                "google_dns_managed_zone",
                "main",
                vec![
                    a("name", s(bld.id("zone"))),
                    a("dns_name", s(format!("{}.", dns.zone))),
                    a("visibility", s("public")),
                    a("labels", labels.clone()),
                    b("dnssec_config", vec![a("state", s("on"))]),
                ],
            );
            for name in ["app", "site"] {
                let present = if name == "app" {
                    c.load_balancer.is_some()
                } else {
                    c.cdn.is_some()
                };
                let internal =
                    name == "app" && c.load_balancer.as_ref().is_some_and(|lb| !lb.public);
                let rule = if internal {
                    "google_compute_forwarding_rule"
                } else {
                    "google_compute_global_forwarding_rule"
                };
                if present {
                    bld.res(
                        "dns",
                        "google_dns_record_set",
                        name,
                        vec![
                            a("managed_zone", r("google_dns_managed_zone.main.name")),
                            a("name", s(format!("{}.{}.", bp.name, dns.zone))),
                            a("type", s("A")),
                            a("ttl", Expr::Num(300)),
                            a(
                                "rrdatas",
                                Expr::List(vec![r(format!("{rule}.{name}.ip_address"))]),
                            ),
                        ],
                    );
                }
            }
            bld.output(
                "dns_name_servers",
                "The name servers of the zone.",
                r("google_dns_managed_zone.main.name_servers"),
            );
        }
    }
}

mod azure {
    use super::*;

    pub(super) struct Azure;

    fn size(kind: &str, size: Size) -> &'static str {
        match (kind, size) {
            ("db", Size::Small) => "B_Standard_B1ms",
            ("db", Size::Medium) => "GP_Standard_D2ds_v4",
            ("db", Size::Large) => "GP_Standard_D4ds_v4",
            (_, Size::Small) => "Standard_B2s",
            (_, Size::Medium) => "Standard_D2s_v5",
            (_, Size::Large) => "Standard_D4s_v5",
        }
    }

    impl Shapes for Azure {
        /// The resource group everything is in.
        fn foundation(bld: &mut Builder) {
            let tags = bld.tags();
            let region = v("region");
            bld.res(
                "network",
                "azurerm_resource_group",
                "main",
                vec![
                    a("name", s(bld.id("rg"))),
                    a("location", region.clone()),
                    a("tags", tags.clone()),
                ],
            );
        }

        fn network(bld: &mut Builder, net: &Network) {
            let bp = bld.bp;
            let tags = bld.tags();
            let region = v("region");
            let rg = r("azurerm_resource_group.main.name");
            let cidr = bld.var(
                "network_cidr",
                "string",
                "The address range of the virtual network.",
                s(&net.cidr),
            );
            bld.res(
                "network",
                "azurerm_virtual_network",
                "main",
                vec![
                    a("name", s(bld.id("vnet"))),
                    a("location", region.clone()),
                    a("resource_group_name", rg.clone()),
                    a("address_space", Expr::List(vec![cidr])),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "network",
                "azurerm_subnet",
                "private",
                vec![
                    a("name", s(bld.id("private"))),
                    a("resource_group_name", rg.clone()),
                    a(
                        "virtual_network_name",
                        r("azurerm_virtual_network.main.name"),
                    ),
                    a("address_prefixes", strs(&[&subnet(&net.cidr, 0)])),
                ],
            );
            bld.res(
                "network",
                "azurerm_network_security_group",
                "private",
                vec![
                    a("name", s(bld.id("private"))),
                    a("location", region.clone()),
                    a("resource_group_name", rg.clone()),
                    b(
                        "security_rule",
                        vec![
                            a("name", s("app-from-vnet")),
                            a("priority", Expr::Num(100)),
                            a("direction", s("Inbound")),
                            a("access", s("Allow")),
                            a("protocol", s("Tcp")),
                            a("source_port_range", s("*")),
                            a("destination_port_range", s(app_port(bp).to_string())),
                            a("source_address_prefix", s("VirtualNetwork")),
                            a("destination_address_prefix", s("VirtualNetwork")),
                        ],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                "network",
                "azurerm_subnet_network_security_group_association",
                "private",
                vec![
                    a("subnet_id", r("azurerm_subnet.private.id")),
                    a(
                        "network_security_group_id",
                        r("azurerm_network_security_group.private.id"),
                    ),
                ],
            );
            bld.output(
                "virtual_network_id",
                "The virtual network everything runs in.",
                r("azurerm_virtual_network.main.id"),
            );
        }

        fn compute(bld: &mut Builder, compute: &Compute) {
            let bp = bld.bp;
            let c = &bp.components;
            let tags = bld.tags();
            let region = v("region");
            let rg = r("azurerm_resource_group.main.name");
            let vm = compute
                .instance_type
                .clone()
                .unwrap_or_else(|| size("compute", compute.size.unwrap_or(Size::Medium)).into());
            let sku = bld.var(
                "compute_vm_size",
                "string",
                "The VM size of the compute tier.",
                s(vm),
            );
            let count = bld.var(
                "compute_count",
                "number",
                "How many instances the compute tier runs.",
                Expr::Num(compute.count as i64),
            );
            let admin = compute
                .users
                .first()
                .map(|u| u.name.clone())
                .unwrap_or_else(|| "azureadmin".into());
            let mut ip_configuration = vec![
                a("name", s("internal")),
                a("primary", Expr::Bool(true)),
                a("subnet_id", r("azurerm_subnet.private.id")),
            ];
            if c.load_balancer.is_some() {
                ip_configuration.push(a(
                    "application_gateway_backend_address_pool_ids",
                    // A sub-resource's ID is its parent's ID, its kind and its name.
                    Expr::List(vec![r(
                        "\"${azurerm_application_gateway.app.id}/backendAddressPools/compute\"",
                    )]),
                ));
            }
            bld.res(
                "compute",
                "azurerm_linux_virtual_machine_scale_set",
                "compute",
                vec![
                    a("name", s(bld.id("compute"))),
                    a("location", region.clone()),
                    a("resource_group_name", rg.clone()),
                    a("sku", sku),
                    a("instances", count),
                    a("admin_username", s(admin.clone())),
                    a("disable_password_authentication", Expr::Bool(true)),
                    a("encryption_at_host_enabled", Expr::Bool(true)),
                    a("upgrade_mode", s("Rolling")),
                    b(
                        "admin_ssh_key",
                        vec![
                            a("username", s(admin)),
                            a("public_key", v("admin_ssh_public_key")),
                        ],
                    ),
                    b(
                        "source_image_reference",
                        vec![
                            a("publisher", s("Canonical")),
                            a("offer", s("ubuntu-24_04-lts")),
                            a("sku", s("server")),
                            a("version", s("latest")),
                        ],
                    ),
                    b(
                        "os_disk",
                        vec![
                            a("caching", s("ReadWrite")),
                            a("storage_account_type", s("Premium_LRS")),
                        ],
                    ),
                    b(
                        "network_interface",
                        vec![
                            a("name", s("primary")),
                            a("primary", Expr::Bool(true)),
                            b("ip_configuration", ip_configuration),
                        ],
                    ),
                    b(
                        "rolling_upgrade_policy",
                        vec![
                            a("max_batch_instance_percent", Expr::Num(20)),
                            a("max_unhealthy_instance_percent", Expr::Num(20)),
                            a("max_unhealthy_upgraded_instance_percent", Expr::Num(20)),
                            a("pause_time_between_batches", s("PT0S")),
                        ],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.var(
                "admin_ssh_public_key",
                "string",
                "The SSH public key of the first compute user (replace the placeholder).",
                s("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIReplaceWithYourOwnKeyReplaceWithYourOwnKey replace-me"),
            );
        }

        fn database(bld: &mut Builder, db: &Database) {
            let tags = bld.tags();
            let region = v("region");
            let rg = r("azurerm_resource_group.main.name");
            let sku = bld.var(
                "db_sku_name",
                "string",
                "The database SKU.",
                s(size("db", db.size)),
            );
            let storage = bld.var(
                "db_storage_mb",
                "number",
                "Database storage, in MB.",
                Expr::Num(db.storage_gb as i64 * 1024),
            );
            let retention = bld.var(
                "db_backup_retention_days",
                "number",
                "How many days of backups are kept.",
                Expr::Num(db.backups.retention_days as i64),
            );
            let (rtype, version) = match db.engine {
                Engine::Postgres => (
                    "azurerm_postgresql_flexible_server",
                    db.version.clone().unwrap_or_else(|| "16".into()),
                ),
                Engine::Mysql => (
                    "azurerm_mysql_flexible_server",
                    db.version.clone().unwrap_or_else(|| "8.0.21".into()),
                ),
            };
            let mut body = vec![
                a("name", s(bld.id("db"))),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                a("version", s(version)),
                a("sku_name", sku),
                a("backup_retention_days", retention),
                a("geo_redundant_backup_enabled", Expr::Bool(true)),
                a("public_network_access_enabled", Expr::Bool(false)),
            ];
            if db.engine == Engine::Postgres {
                body.push(a("storage_mb", storage));
                body.push(b(
                    "authentication",
                    vec![
                        a("active_directory_auth_enabled", Expr::Bool(true)),
                        a("password_auth_enabled", Expr::Bool(false)),
                    ],
                ));
            } else {
                body.push(b(
                    "storage",
                    vec![a("size_gb", Expr::Num(db.storage_gb as i64))],
                ));
            }
            if db.high_availability {
                body.push(b("high_availability", vec![a("mode", s("ZoneRedundant"))]));
            }
            body.push(a("tags", tags.clone()));
            bld.res("database", rtype, "db", body);
            bld.output(
                "database_fqdn",
                "Where clients reach the database.",
                r(format!("{rtype}.db.fqdn")),
            );
        }

        fn storage(bld: &mut Builder, st: &Storage) {
            let bp = bld.bp;
            let tags = bld.tags();
            let region = v("region");
            let rg = r("azurerm_resource_group.main.name");
            let n = tf_name(&st.name);
            let component = format!("storage.{}", st.name);
            let account: String = format!("{}{}{}", bp.name, bp.environment, st.name)
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(24)
                .collect();
            bld.res(
                &component,
                "azurerm_storage_account",
                &n,
                vec![
                    a("name", s(account)),
                    a("location", region.clone()),
                    a("resource_group_name", rg.clone()),
                    a("account_tier", s("Standard")),
                    a("account_replication_type", s("GRS")),
                    a("min_tls_version", s("TLS1_2")),
                    a("https_traffic_only_enabled", Expr::Bool(true)),
                    a("allow_nested_items_to_be_public", Expr::Bool(st.public)),
                    a("public_network_access_enabled", Expr::Bool(st.public)),
                    a("shared_access_key_enabled", Expr::Bool(false)),
                    b(
                        "blob_properties",
                        vec![a("versioning_enabled", Expr::Bool(st.versioning))],
                    ),
                    a("tags", tags.clone()),
                ],
            );
            bld.res(
                &component,
                "azurerm_storage_container",
                &n,
                vec![
                    a("name", s(&st.name)),
                    a(
                        "storage_account_name",
                        r(format!("azurerm_storage_account.{n}.name")),
                    ),
                    a(
                        "container_access_type",
                        s(if st.public { "blob" } else { "private" }),
                    ),
                ],
            );
            bld.output(
                &format!("storage_account_{n}"),
                &format!("The storage account of {}.", st.name),
                r(format!("azurerm_storage_account.{n}.name")),
            );
        }

        fn load_balancer(bld: &mut Builder, lb: &LoadBalancer) {
            self::load_balancer(bld, lb);
        }

        fn cache(bld: &mut Builder, cache: &Cache) {
            self::cache(bld, cache);
        }

        fn kubernetes(bld: &mut Builder, k: &Kubernetes) {
            self::kubernetes(bld, k);
        }

        fn cdn(bld: &mut Builder, cdn: &Cdn) {
            self::cdn(bld, cdn);
        }

        fn dns(bld: &mut Builder, dns: &Dns) {
            let bp = bld.bp;
            let c = &bp.components;
            let tags = bld.tags();
            let rg = r("azurerm_resource_group.main.name");
            bld.res(
                "dns",
                "azurerm_dns_zone",
                "main",
                vec![
                    a("name", s(&dns.zone)),
                    a("resource_group_name", rg.clone()),
                    a("tags", tags.clone()),
                ],
            );
            if let Some(lb) = &c.load_balancer {
                let address = if lb.public {
                    r("azurerm_public_ip.lb.ip_address")
                } else {
                    s(gateway_private_ip(bp))
                };
                bld.res(
                    "dns",
                    "azurerm_dns_a_record",
                    "app",
                    vec![
                        a("name", s(&bp.name)),
                        a("zone_name", r("azurerm_dns_zone.main.name")),
                        a("resource_group_name", rg.clone()),
                        a("ttl", Expr::Num(300)),
                        a("records", Expr::List(vec![address])),
                        a("tags", tags.clone()),
                    ],
                );
            }
            if c.cdn.is_some() {
                bld.res(
                    "dns",
                    "azurerm_dns_cname_record",
                    "site",
                    vec![
                        a("name", s(&bp.name)),
                        a("zone_name", r("azurerm_dns_zone.main.name")),
                        a("resource_group_name", rg.clone()),
                        a("ttl", Expr::Num(300)),
                        a("record", r("azurerm_cdn_frontdoor_endpoint.site.host_name")),
                        a("tags", tags.clone()),
                    ],
                );
                // Front Door issues the managed certificate once this token is in the zone.
                bld.res(
                    "dns",
                    "azurerm_dns_txt_record",
                    "site_validation",
                    vec![
                        a("name", s(format!("_dnsauth.{}", bp.name))),
                        a("zone_name", r("azurerm_dns_zone.main.name")),
                        a("resource_group_name", rg.clone()),
                        a("ttl", Expr::Num(3600)),
                        b(
                            "record",
                            vec![a(
                                "value",
                                r("azurerm_cdn_frontdoor_custom_domain.site.validation_token"),
                            )],
                        ),
                        a("tags", tags.clone()),
                    ],
                );
            }
            bld.output(
                "dns_name_servers",
                "The name servers of the zone.",
                r("azurerm_dns_zone.main.name_servers"),
            );
        }
    }

    /// The subnet the application gateway alone lives in.
    fn gateway_subnet(bp: &Blueprint) -> String {
        let cidr = bp
            .components
            .network
            .as_ref()
            .map(|n| n.cidr.as_str())
            .unwrap_or("10.0.0.0/16");
        subnet(cidr, 200)
    }

    /// The static private address of the application gateway: the tenth of its subnet.
    fn gateway_private_ip(bp: &Blueprint) -> String {
        let net: ipnet::Ipv4Net = gateway_subnet(bp)
            .parse()
            .unwrap_or_else(|_| "10.0.200.0/24".parse().expect("valid"));
        std::net::Ipv4Addr::from(u32::from(net.network()) + 10).to_string()
    }

    /// An application gateway (WAF_v2) terminating TLS 1.2+ with a certificate from Key Vault
    /// and forwarding to the compute tier's application port. Application Gateway v2 always
    /// takes a public address; without `public: true` no listener uses it, and clients reach
    /// the gateway at a static private address.
    fn load_balancer(bld: &mut Builder, lb: &LoadBalancer) {
        let bp = bld.bp;
        let tags = bld.tags();
        let region = v("region");
        let rg = r("azurerm_resource_group.main.name");
        let port = app_port(bp);
        bld.res(
            "load_balancer",
            "azurerm_subnet",
            "gateway",
            vec![
                a("name", s(bld.id("gateway"))),
                a("resource_group_name", rg.clone()),
                a(
                    "virtual_network_name",
                    r("azurerm_virtual_network.main.name"),
                ),
                a("address_prefixes", strs(&[&gateway_subnet(bp)])),
            ],
        );
        bld.res(
            "load_balancer",
            "azurerm_public_ip",
            "lb",
            vec![
                a("name", s(bld.id("lb"))),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                a("allocation_method", s("Static")),
                a("sku", s("Standard")),
                a("zones", strs(&["1", "2", "3"])),
                a("tags", tags.clone()),
            ],
        );
        bld.res(
            "load_balancer",
            "azurerm_user_assigned_identity",
            "lb",
            vec![
                a("name", s(bld.id("lb"))),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                a("tags", tags.clone()),
            ],
        );
        let certificate = bld.var(
            "tls_certificate_secret_id",
            "string",
            "The Key Vault secret holding the load balancer's TLS certificate (replace the placeholder; the gateway's identity needs read access to it).",
            s(format!(
                "https://replace-me.vault.azure.net/secrets/{}",
                bld.id("tls")
            )),
        );
        let mut frontends = vec![b(
            "frontend_ip_configuration",
            vec![
                a("name", s("public")),
                a("public_ip_address_id", r("azurerm_public_ip.lb.id")),
            ],
        )];
        if !lb.public {
            frontends.push(b(
                "frontend_ip_configuration",
                vec![
                    a("name", s("private")),
                    a("subnet_id", r("azurerm_subnet.gateway.id")),
                    a("private_ip_address_allocation", s("Static")),
                    a("private_ip_address", s(gateway_private_ip(bp))),
                ],
            ));
        }
        let mut body = vec![
            a("name", s(bld.id("lb"))),
            a("location", region.clone()),
            a("resource_group_name", rg.clone()),
            a("zones", strs(&["1", "2", "3"])),
            a("enable_http2", Expr::Bool(true)),
            b("sku", vec![a("name", s("WAF_v2")), a("tier", s("WAF_v2"))]),
            b(
                "autoscale_configuration",
                vec![
                    a("min_capacity", Expr::Num(1)),
                    a("max_capacity", Expr::Num(10)),
                ],
            ),
            b(
                "identity",
                vec![
                    a("type", s("UserAssigned")),
                    a(
                        "identity_ids",
                        Expr::List(vec![r("azurerm_user_assigned_identity.lb.id")]),
                    ),
                ],
            ),
            b(
                "gateway_ip_configuration",
                vec![
                    a("name", s("gateway")),
                    a("subnet_id", r("azurerm_subnet.gateway.id")),
                ],
            ),
        ];
        body.extend(frontends);
        body.extend([
            b(
                "frontend_port",
                vec![a("name", s("https")), a("port", Expr::Num(lb.port as i64))],
            ),
            b(
                "ssl_certificate",
                vec![a("name", s("app")), a("key_vault_secret_id", certificate)],
            ),
            b(
                "ssl_policy",
                vec![
                    a("policy_type", s("Predefined")),
                    a("policy_name", s("AppGwSslPolicy20220101S")),
                ],
            ),
            b(
                "http_listener",
                vec![
                    a("name", s("https")),
                    a(
                        "frontend_ip_configuration_name",
                        s(if lb.public { "public" } else { "private" }),
                    ),
                    a("frontend_port_name", s("https")),
                    a("protocol", s("Https")),
                    a("ssl_certificate_name", s("app")),
                ],
            ),
            b("backend_address_pool", vec![a("name", s("compute"))]),
            b(
                "probe",
                vec![
                    a("name", s("health")),
                    a("protocol", s("Http")),
                    a("path", s("/health")),
                    a(
                        "pick_host_name_from_backend_http_settings",
                        Expr::Bool(false),
                    ),
                    a("host", s("127.0.0.1")),
                    a("interval", Expr::Num(30)),
                    a("timeout", Expr::Num(30)),
                    a("unhealthy_threshold", Expr::Num(3)),
                ],
            ),
            b(
                "backend_http_settings",
                vec![
                    a("name", s("app")),
                    a("cookie_based_affinity", s("Disabled")),
                    a("port", Expr::Num(port)),
                    a("protocol", s("Http")),
                    a("request_timeout", Expr::Num(30)),
                    a("probe_name", s("health")),
                ],
            ),
            b(
                "request_routing_rule",
                vec![
                    a("name", s("app")),
                    a("rule_type", s("Basic")),
                    a("priority", Expr::Num(100)),
                    a("http_listener_name", s("https")),
                    a("backend_address_pool_name", s("compute")),
                    a("backend_http_settings_name", s("app")),
                ],
            ),
            b(
                "waf_configuration",
                vec![
                    a("enabled", Expr::Bool(true)),
                    a("firewall_mode", s("Prevention")),
                    a("rule_set_type", s("OWASP")),
                    a("rule_set_version", s("3.2")),
                ],
            ),
            a("tags", tags.clone()),
        ]);
        bld.res("load_balancer", "azurerm_application_gateway", "app", body);
        bld.output(
            "load_balancer_ip_address",
            "The address clients connect to.",
            if lb.public {
                r("azurerm_public_ip.lb.ip_address")
            } else {
                s(gateway_private_ip(bp))
            },
        );
    }

    /// Azure Cache for Redis: TLS 1.2 only, no plain port, no public network access; clients
    /// reach it through a private endpoint in the private subnet.
    fn cache(bld: &mut Builder, cache: &Cache) {
        let tags = bld.tags();
        let region = v("region");
        let rg = r("azurerm_resource_group.main.name");
        let (sku, family, capacity) = match cache.size {
            Size::Small => ("Standard", "C", 1),
            Size::Medium => ("Standard", "C", 2),
            Size::Large => ("Premium", "P", 1),
        };
        let capacity = bld.var(
            "cache_capacity",
            "number",
            "The cache size within its family (C1 is 1 GB, C2 is 2.5 GB, P1 is 6 GB).",
            Expr::Num(capacity),
        );
        bld.res(
            "cache",
            "azurerm_redis_cache",
            "cache",
            vec![
                a("name", s(bld.id("cache"))),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                a("sku_name", s(sku)),
                a("family", s(family)),
                a("capacity", capacity),
                a("redis_version", s("6")),
                a("minimum_tls_version", s("1.2")),
                a("non_ssl_port_enabled", Expr::Bool(false)),
                a("public_network_access_enabled", Expr::Bool(false)),
                b(
                    "redis_configuration",
                    vec![a("authentication_enabled", Expr::Bool(true))],
                ),
                a("tags", tags.clone()),
            ],
        );
        bld.res(
            "cache",
            "azurerm_private_endpoint",
            "cache",
            vec![
                a("name", s(bld.id("cache"))),
                a("location", region.clone()),
                a("resource_group_name", rg.clone()),
                a("subnet_id", r("azurerm_subnet.private.id")),
                b(
                    "private_service_connection",
                    vec![
                        a("name", s(bld.id("cache"))),
                        a(
                            "private_connection_resource_id",
                            r("azurerm_redis_cache.cache.id"),
                        ),
                        a("subresource_names", strs(&["redisCache"])),
                        a("is_manual_connection", Expr::Bool(false)),
                    ],
                ),
                a("tags", tags.clone()),
            ],
        );
        bld.output(
            "cache_hostname",
            "Where clients reach the cache (port 6380, TLS).",
            r("azurerm_redis_cache.cache.hostname"),
        );
    }

    /// AKS: a private API server unless `public: true`, Entra ID with Azure RBAC and no local
    /// accounts, Azure CNI with network policy, an autoscaling node pool in the private subnet.
    fn kubernetes(bld: &mut Builder, k: &Kubernetes) {
        let bp = bld.bp;
        let tags = bld.tags();
        let region = v("region");
        let rg = r("azurerm_resource_group.main.name");
        let version = bld.var(
            "kubernetes_version",
            "string",
            "The Kubernetes version of the cluster.",
            s(&k.version),
        );
        let node_size = bld.var(
            "kubernetes_node_size",
            "string",
            "The VM size of the nodes.",
            s(size("nodes", k.node_size)),
        );
        let zones = bp.components.network.as_ref().map(|n| n.zones).unwrap_or(1);
        let zones: Vec<String> = (1..=zones).map(|z| z.to_string()).collect();
        let zones: Vec<&str> = zones.iter().map(String::as_str).collect();
        let mut body = vec![
            a("name", s(bld.id("k8s"))),
            a("location", region.clone()),
            a("resource_group_name", rg.clone()),
            a("dns_prefix", s(bld.id("k8s"))),
            a("kubernetes_version", version),
            a("sku_tier", s("Standard")),
            a("private_cluster_enabled", Expr::Bool(!k.public)),
            a("role_based_access_control_enabled", Expr::Bool(true)),
            a("local_account_disabled", Expr::Bool(true)),
            a("azure_policy_enabled", Expr::Bool(true)),
            a("oidc_issuer_enabled", Expr::Bool(true)),
            a("workload_identity_enabled", Expr::Bool(true)),
            b(
                "default_node_pool",
                vec![
                    a("name", s("system")),
                    a("vm_size", node_size),
                    a("vnet_subnet_id", r("azurerm_subnet.private.id")),
                    a("enable_auto_scaling", Expr::Bool(true)),
                    a("min_count", Expr::Num(k.nodes.min as i64)),
                    a("max_count", Expr::Num(k.nodes.max as i64)),
                    a("zones", strs(&zones)),
                    a("enable_host_encryption", Expr::Bool(true)),
                ],
            ),
            b("identity", vec![a("type", s("SystemAssigned"))]),
            b(
                "azure_active_directory_role_based_access_control",
                vec![
                    a("managed", Expr::Bool(true)),
                    a("azure_rbac_enabled", Expr::Bool(true)),
                ],
            ),
            b(
                "network_profile",
                vec![
                    a("network_plugin", s("azure")),
                    a("network_policy", s("azure")),
                    a("load_balancer_sku", s("standard")),
                    a("service_cidr", s("172.16.0.0/16")),
                    a("dns_service_ip", s("172.16.0.10")),
                ],
            ),
        ];
        if k.public {
            // A public API server still admits only the virtual network's own range until
            // the team adds the addresses it administers the cluster from.
            body.push(b(
                "api_server_access_profile",
                vec![a(
                    "authorized_ip_ranges",
                    Expr::List(vec![v("network_cidr")]),
                )],
            ));
        }
        body.push(a("tags", tags.clone()));
        bld.res("kubernetes", "azurerm_kubernetes_cluster", "main", body);
        bld.output(
            "kubernetes_fqdn",
            "The Kubernetes API server's name.",
            r(if k.public {
                "azurerm_kubernetes_cluster.main.fqdn"
            } else {
                "azurerm_kubernetes_cluster.main.private_fqdn"
            }),
        );
    }

    /// Front Door (Premium) serving the origin container over HTTPS only, reaching the
    /// storage account through Private Link so the account stays closed to the internet.
    fn cdn(bld: &mut Builder, cdn: &Cdn) {
        let bp = bld.bp;
        let tags = bld.tags();
        let rg = r("azurerm_resource_group.main.name");
        let origin = tf_name(&cdn.origin);
        let zone = bp
            .components
            .dns
            .as_ref()
            .map(|d| d.zone.clone())
            .unwrap_or_default();
        bld.res(
            "cdn",
            "azurerm_cdn_frontdoor_profile",
            "site",
            vec![
                a("name", s(bld.id("site"))),
                a("resource_group_name", rg.clone()),
                a("sku_name", s("Premium_AzureFrontDoor")),
                a("tags", tags.clone()),
            ],
        );
        bld.res(
            "cdn",
            "azurerm_cdn_frontdoor_endpoint",
            "site",
            vec![
                a("name", s(bld.id("site"))),
                a(
                    "cdn_frontdoor_profile_id",
                    r("azurerm_cdn_frontdoor_profile.site.id"),
                ),
                a("tags", tags.clone()),
            ],
        );
        bld.res(
            "cdn",
            "azurerm_cdn_frontdoor_origin_group",
            "site",
            vec![
                a("name", s(bld.id("site"))),
                a(
                    "cdn_frontdoor_profile_id",
                    r("azurerm_cdn_frontdoor_profile.site.id"),
                ),
                a("session_affinity_enabled", Expr::Bool(false)),
                b(
                    "load_balancing",
                    vec![
                        a("sample_size", Expr::Num(4)),
                        a("successful_samples_required", Expr::Num(3)),
                    ],
                ),
            ],
        );
        let host = r(format!(
            "azurerm_storage_account.{origin}.primary_blob_host"
        ));
        bld.res(
            "cdn",
            "azurerm_cdn_frontdoor_origin",
            "site",
            vec![
                a("name", s(bld.id("site"))),
                a(
                    "cdn_frontdoor_origin_group_id",
                    r("azurerm_cdn_frontdoor_origin_group.site.id"),
                ),
                a("enabled", Expr::Bool(true)),
                a("host_name", host.clone()),
                a("origin_host_header", host),
                a("certificate_name_check_enabled", Expr::Bool(true)),
                a("https_port", Expr::Num(443)),
                a("priority", Expr::Num(1)),
                a("weight", Expr::Num(1000)),
                b(
                    "private_link",
                    vec![
                        a(
                            "request_message",
                            s(format!("Front Door of {} reads {}", bp.name, cdn.origin)),
                        ),
                        a("target_type", s("blob")),
                        a("location", v("region")),
                        a(
                            "private_link_target_id",
                            r(format!("azurerm_storage_account.{origin}.id")),
                        ),
                    ],
                ),
            ],
        );
        bld.res(
            "cdn",
            "azurerm_cdn_frontdoor_custom_domain",
            "site",
            vec![
                a("name", s(bld.id("site"))),
                a(
                    "cdn_frontdoor_profile_id",
                    r("azurerm_cdn_frontdoor_profile.site.id"),
                ),
                a("dns_zone_id", r("azurerm_dns_zone.main.id")),
                a("host_name", s(format!("{}.{zone}", bp.name))),
                b(
                    "tls",
                    vec![
                        a("certificate_type", s("ManagedCertificate")),
                        a("minimum_tls_version", s("TLS12")),
                    ],
                ),
            ],
        );
        bld.res(
            "cdn",
            "azurerm_cdn_frontdoor_route",
            "site",
            vec![
                a("name", s(bld.id("site"))),
                a(
                    "cdn_frontdoor_endpoint_id",
                    r("azurerm_cdn_frontdoor_endpoint.site.id"),
                ),
                a(
                    "cdn_frontdoor_origin_group_id",
                    r("azurerm_cdn_frontdoor_origin_group.site.id"),
                ),
                a(
                    "cdn_frontdoor_origin_ids",
                    Expr::List(vec![r("azurerm_cdn_frontdoor_origin.site.id")]),
                ),
                a(
                    "cdn_frontdoor_custom_domain_ids",
                    Expr::List(vec![r("azurerm_cdn_frontdoor_custom_domain.site.id")]),
                ),
                a("cdn_frontdoor_origin_path", s(format!("/{}", cdn.origin))),
                a("patterns_to_match", strs(&["/*"])),
                a("supported_protocols", strs(&["Https"])),
                a("https_redirect_enabled", Expr::Bool(false)),
                a("forwarding_protocol", s("HttpsOnly")),
                a("link_to_default_domain", Expr::Bool(true)),
                b(
                    "cache",
                    vec![
                        a("query_string_caching_behavior", s("IgnoreQueryString")),
                        a("compression_enabled", Expr::Bool(true)),
                        a(
                            "content_types_to_compress",
                            strs(&["text/html", "text/css", "application/javascript"]),
                        ),
                    ],
                ),
            ],
        );
        bld.output(
            "cdn_domain_name",
            "The CDN's domain name.",
            r("azurerm_cdn_frontdoor_endpoint.site.host_name"),
        );
    }
}

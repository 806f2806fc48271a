//! Amazon Web Services: a VPC with a private subnet per zone, instances or an autoscaling
//! group, RDS, S3, an ALB, ElastiCache, EKS, CloudFront and Route 53.

use super::shapes::{a, app_port, b, db_port, r, s, strs, subnet, v, zone_letter, Builder, Shapes};
use super::{tf_name, ExpandedResource, Expr};
use crate::blueprint::schema::{
    Blueprint, Cache, Cdn, Compute, Database, Dns, Engine, Kubernetes, LoadBalancer, Network, Size,
    Storage,
};

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
        let cidr = bld.network_cidr("VPC", &net.cidr);
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
                            strs(&["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"]),
                        ),
                    ],
                ),
            ],
            component: "compute".into(),
        });
        let count_value = compute.count;
        let count = bld.compute_count(compute);
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
                let (min, max) = bld.autoscaling_bounds(scaling);
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
        let storage = bld.db_storage_gb(db);
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
        bld.bucket_output(st, r(format!("aws_s3_bucket.{n}.bucket")));
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
        let version = bld.kubernetes_version(k);
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
        bld.kubernetes_endpoint_output(r("aws_eks_cluster.main.endpoint"));
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
        bld.cdn_domain_name_output(r("aws_cloudfront_distribution.site.domain_name"));
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
        bld.dns_name_servers_output(r("aws_route53_zone.main.name_servers"));
    }
}

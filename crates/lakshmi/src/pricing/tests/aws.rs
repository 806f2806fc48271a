//! Prices of AWS resources checked against the public list prices named in each test.

use super::*;

#[test]
fn a_t3_medium_in_us_east_1_is_30_37_a_month_plus_its_8_gb_gp2_root_volume() {
    let tf = r#"
provider "aws" { region = "us-east-1" }
resource "aws_instance" "web" {
  ami           = "ami-1"
  instance_type = "t3.medium"
}"#;
    let all = estimates(tf);
    let web = &all["aws_instance.web"];
    let hours = component(web, "Instance usage");
    assert_eq!(hours.quantity, Some(730.0));
    assert_eq!(hours.unit_price, 0.0416);
    assert_eq!(round2(hours.monthly.unwrap()), 30.37);
    let root = component(web, "Root volume");
    assert_eq!((root.quantity, root.unit_price), (Some(8.0), 0.10));
    // t3 launches as unlimited: surplus CPU credits are usage-priced, not guessed.
    let credits = component(web, "CPU credits");
    assert!(credits.usage_based && credits.quantity.is_none());
    assert_eq!(web.monthly(), Some(31.17));
}

#[test]
fn t2_instances_are_standard_credit_mode_and_pay_no_credits() {
    let all = estimates(
        r#"resource "aws_instance" "a" {
  ami = "x"
  instance_type = "t2.micro"
}"#,
    );
    assert!(lacks(&all["aws_instance.a"], "CPU credits"));
}

#[test]
fn a_nat_gateway_is_32_85_a_month_and_its_data_is_priced_by_usage() {
    let tf = r#"resource "aws_nat_gateway" "n" {
  subnet_id = "subnet-1"
}"#;
    assert_eq!(monthly(tf, "aws_nat_gateway.n"), 32.85);
    let mut usage = UsageSet::default();
    usage.push_stronger(
        usage::parse(
            "infracost-usage.yml",
            "version: 0.1\nresource_usage:\n  aws_nat_gateway.n:\n    monthly_data_processed_gb: 100\n",
        )
        .unwrap(),
    );
    let with = estimates_with(tf, &usage, &BTreeMap::new());
    assert_eq!(with["aws_nat_gateway.n"].monthly(), Some(32.85 + 4.5));
}

#[test]
fn ebs_volumes_are_priced_by_type_size_iops_and_throughput() {
    let tf = r#"
resource "aws_ebs_volume" "gp3" {
  availability_zone = "us-east-1a"
  type = "gp3"
  size = 100
}
resource "aws_ebs_volume" "fast" {
  availability_zone = "us-east-1a"
  type       = "gp3"
  size       = 100
  iops       = 4000
  throughput = 250
}
resource "aws_ebs_volume" "io1" {
  availability_zone = "us-east-1a"
  type = "io1"
  size = 100
  iops = 1000
}
resource "aws_ebs_volume" "default" {
  availability_zone = "us-east-1a"
  size = 10
}"#;
    let all = estimates(tf);
    assert_eq!(all["aws_ebs_volume.gp3"].monthly(), Some(8.0)); // 100 × $0.08
                                                                // + 1,000 IOPS × $0.005 + 125 MB/s × $0.04
    assert_eq!(all["aws_ebs_volume.fast"].monthly(), Some(8.0 + 5.0 + 5.0));
    // 100 × $0.125 + 1,000 × $0.065
    assert_eq!(all["aws_ebs_volume.io1"].monthly(), Some(12.5 + 65.0));
    assert_eq!(all["aws_ebs_volume.default"].monthly(), Some(1.0)); // gp2 $0.10
}

#[test]
fn rds_is_class_times_engine_times_az_plus_storage() {
    let tf = r#"
resource "aws_db_instance" "pg" {
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  allocated_storage = 100
}
resource "aws_db_instance" "pg_ha" {
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  allocated_storage = 100
  multi_az          = true
}
resource "aws_db_instance" "my" {
  engine            = "mysql"
  instance_class    = "db.m5.large"
  allocated_storage = 200
  storage_type      = "io1"
  iops              = 3000
}
resource "aws_rds_cluster_instance" "aurora" {
  cluster_identifier = "c"
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
}"#;
    let all = estimates(tf);
    // $0.072 × 730 = 52.56, + 100 GB × $0.115
    assert_eq!(all["aws_db_instance.pg"].monthly(), Some(52.56 + 11.5));
    assert_eq!(
        all["aws_db_instance.pg_ha"].monthly(),
        Some(2.0 * (52.56 + 11.5))
    );
    // $0.171 × 730 = 124.83, + 200 × $0.125 + 3,000 × $0.10
    assert_eq!(
        all["aws_db_instance.my"].monthly(),
        Some(124.83 + 25.0 + 300.0)
    );
    assert_eq!(
        all["aws_rds_cluster_instance.aurora"].monthly(),
        Some(189.8)
    ); // $0.26 × 730
}

#[test]
fn breadth_of_fixed_price_aws_types() {
    let tf = r#"
resource "aws_lb" "alb" { name = "a" }
resource "aws_lb" "nlb" { load_balancer_type = "network" }
resource "aws_elb" "classic" { name = "c" }
resource "aws_eks_cluster" "k" {
  name = "k"
  role_arn = "arn"
  vpc_config { subnet_ids = ["a"] }
}
resource "aws_eks_node_group" "ng" {
  cluster_name = "k"
  node_role_arn = "arn"
  subnet_ids = ["a"]
  instance_types = ["m5.large"]
  scaling_config {
    desired_size = 3
    max_size = 5
    min_size = 1
  }
}
resource "aws_elasticache_cluster" "c" {
  cluster_id = "c"
  engine = "redis"
  node_type = "cache.t3.micro"
  num_cache_nodes = 2
}
resource "aws_dynamodb_table" "t" {
  name = "t"
  hash_key = "id"
  read_capacity = 10
  write_capacity = 5
}
resource "aws_vpn_connection" "vpn" {
  customer_gateway_id = "cgw"
  type = "ipsec.1"
}
resource "aws_vpc_endpoint" "e" {
  vpc_id = "v"
  service_name = "com.amazonaws.us-east-1.ssm"
  vpc_endpoint_type = "Interface"
  subnet_ids = ["a", "b"]
}
resource "aws_kms_key" "k" {}
resource "aws_secretsmanager_secret" "s" { name = "s" }
resource "aws_route53_zone" "z" { name = "example.com" }
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_name = "a"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods = 1
}
resource "aws_ecs_task_definition" "t" {
  family = "t"
  cpu = 512
  memory = 1024
  container_definitions = "[]"
}
resource "aws_ecs_service" "s" {
  name = "s"
  launch_type = "FARGATE"
  desired_count = 2
  task_definition = aws_ecs_task_definition.t.arn
}
resource "aws_msk_cluster" "m" {
  cluster_name = "m"
  kafka_version = "3.5.1"
  number_of_broker_nodes = 3
  broker_node_group_info {
    instance_type = "kafka.m5.large"
    client_subnets = ["a"]
    storage_info {
      ebs_storage_info { volume_size = 100 }
    }
  }
}
resource "aws_redshift_cluster" "r" {
  cluster_identifier = "r"
  node_type = "ra3.xlplus"
  number_of_nodes = 2
}
resource "aws_opensearch_domain" "o" {
  domain_name = "o"
  cluster_config {
    instance_type = "m5.large.search"
    instance_count = 2
  }
  ebs_options {
    ebs_enabled = true
    volume_size = 10
  }
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  memory_size = 1024
  role = "r"
}
resource "aws_lambda_provisioned_concurrency_config" "pc" {
  function_name = aws_lambda_function.f.function_name
  provisioned_concurrent_executions = 2
  qualifier = "1"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "a" {
  subnet_ids = ["a"]
  transit_gateway_id = "tgw"
  vpc_id = "v"
}
"#;
    let all = estimates(tf);
    let m = |a: &str| {
        all[a]
            .monthly()
            .unwrap_or_else(|| panic!("{a}: {:?}", all[a].outcome))
    };
    assert_eq!(m("aws_lb.alb"), 16.43); // $0.0225 × 730
    assert_eq!(m("aws_lb.nlb"), 16.43);
    assert_eq!(m("aws_elb.classic"), 18.25);
    assert_eq!(m("aws_eks_cluster.k"), 73.0);
    assert_eq!(
        m("aws_eks_node_group.ng"),
        round2(3.0 * 0.096 * 730.0 + 3.0 * 20.0 * 0.10)
    );
    assert_eq!(m("aws_elasticache_cluster.c"), round2(2.0 * 0.017 * 730.0));
    assert_eq!(
        m("aws_dynamodb_table.t"),
        round2(5.0 * 0.00065 * 730.0 + 10.0 * 0.00013 * 730.0)
    );
    assert_eq!(m("aws_vpn_connection.vpn"), 36.5);
    assert_eq!(m("aws_vpc_endpoint.e"), 14.6);
    assert_eq!(m("aws_kms_key.k"), 1.0);
    assert_eq!(m("aws_secretsmanager_secret.s"), 0.4);
    assert_eq!(m("aws_route53_zone.z"), 0.5);
    assert_eq!(m("aws_cloudwatch_metric_alarm.a"), 0.1);
    // 2 tasks × (0.5 vCPU × $0.04048 + 1 GB × $0.004445) × 730
    assert_eq!(
        m("aws_ecs_service.s"),
        round2(2.0 * 730.0 * (0.5 * 0.04048 + 0.004445))
    );
    assert_eq!(
        m("aws_msk_cluster.m"),
        round2(3.0 * 0.21 * 730.0 + 300.0 * 0.10)
    );
    assert_eq!(m("aws_redshift_cluster.r"), round2(2.0 * 1.086 * 730.0));
    assert_eq!(
        m("aws_opensearch_domain.o"),
        round2(2.0 * 0.142 * 730.0 + 20.0 * 0.135)
    );
    assert_eq!(
        m("aws_lambda_provisioned_concurrency_config.pc"),
        round2(2.0 * 1.0 * 2_628_000.0 * 0.0000041667)
    );
    assert_eq!(m("aws_ec2_transit_gateway_vpc_attachment.a"), 36.5);
    assert_eq!(m("aws_lambda_function.f"), 0.0);
}

/// An r3.xlarge ($0.333/h) pays $0.02/h for EBS optimization; detailed monitoring is 7
/// CloudWatch metrics at $0.30; `monthly_hrs` sets the hours of everything billed by the
/// hour, not of storage.
#[test]
fn an_instance_pays_for_ebs_optimization_monitoring_and_its_monthly_hours() {
    let tf = r#"
resource "aws_instance" "old" {
  ami           = "ami-1"
  instance_type = "r3.xlarge"
  ebs_optimized = true
  monitoring    = true
}
resource "aws_instance" "current" {
  ami           = "ami-1"
  instance_type = "m5.large"
  ebs_optimized = true
}"#;
    let all = estimates(tf);
    let old = &all["aws_instance.old"];
    assert_eq!(
        component(old, "EBS-optimized usage").monthly,
        Some(0.02 * 730.0)
    );
    let monitoring = component(old, "EC2 detailed monitoring");
    assert_eq!(
        (monitoring.quantity, monitoring.unit_price),
        (Some(7.0), 0.3)
    );
    assert!(lacks(&all["aws_instance.current"], "EBS-optimized"));
    let usage =
        usage_of("version: 0.1\nresource_usage:\n  aws_instance.old:\n    monthly_hrs: 100\n");
    let part = &estimates_with(tf, &usage, &BTreeMap::new())["aws_instance.old"];
    assert_eq!(component(part, "Instance usage").quantity, Some(100.0));
    assert_eq!(component(part, "EBS-optimized usage").quantity, Some(100.0));
    assert_eq!(component(part, "Root volume").quantity, Some(8.0));
}

/// An autoscaling group costs its instances as its launch configuration or template
/// declares them: a configuration's root volume (8 GB unless sized) and block devices, and
/// its detailed monitoring, on unless turned off; a template's block device mappings only.
/// The usage file's `instances` replaces the desired capacity; a mixed-instances policy
/// launches its first override's type, each counting for its weight.
#[test]
fn an_autoscaling_group_costs_the_instances_its_launch_configuration_or_template_declares() {
    let tf = r#"
resource "aws_launch_configuration" "lc" {
  image_id      = "ami-1"
  instance_type = "t2.medium"
  root_block_device {
    volume_size = 10
  }
  ebs_block_device {
    device_name = "xvdf"
    volume_size = 20
  }
}
resource "aws_autoscaling_group" "from_configuration" {
  launch_configuration = aws_launch_configuration.lc.id
  desired_capacity     = 2
  max_size             = 3
  min_size             = 1
}
resource "aws_launch_template" "lt" {
  image_id      = "ami-1"
  instance_type = "t2.medium"
  block_device_mappings {
    device_name = "/dev/sda1"
    ebs {
      volume_size = 30
      volume_type = "gp3"
    }
  }
}
resource "aws_autoscaling_group" "mixed" {
  desired_capacity = 6
  max_size         = 10
  min_size         = 1
  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.lt.id
      }
      override {
        instance_type     = "t2.large"
        weighted_capacity = "2"
      }
    }
  }
}"#;
    let all = estimates(tf);
    let lc = &all["aws_autoscaling_group.from_configuration"];
    assert_eq!(component(lc, "Instance usage").quantity, Some(2.0 * 730.0));
    assert_eq!(
        component(lc, "EC2 detailed monitoring").quantity,
        Some(14.0)
    );
    assert_eq!(component(lc, "Root volume").quantity, Some(20.0));
    assert_eq!(component(lc, "EBS block device 0").quantity, Some(40.0));
    let mixed = &all["aws_autoscaling_group.mixed"];
    let instances = component(mixed, "Instance usage");
    assert!(instances.name.contains("t2.large"), "{}", instances.name);
    assert_eq!(instances.quantity, Some(3.0 * 730.0));
    assert_eq!(component(mixed, "Block device 0").quantity, Some(90.0));
    assert!(lacks(mixed, "EC2 detailed"));
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_autoscaling_group.from_configuration:\n    instances: 6\n",
    );
    let six =
        &estimates_with(tf, &usage, &BTreeMap::new())["aws_autoscaling_group.from_configuration"];
    assert_eq!(component(six, "Instance usage").quantity, Some(6.0 * 730.0));
    assert_eq!(component(six, "Root volume").quantity, Some(60.0));
}

/// Lambda duration is tiered by GB-seconds a month (x86: 6 billion at $0.0000166667, 9
/// billion at $0.000015, the rest at $0.0000133334); a health check of an endpoint outside
/// AWS is $0.75 and its optional features $2 each.
#[test]
fn lambda_duration_is_tiered_and_health_checks_outside_aws_cost_more() {
    let tf = r#"
resource "aws_lambda_function" "busy" {
  function_name = "busy"
  role          = "arn"
  memory_size   = 1024
}
resource "aws_route53_health_check" "site" {
  fqdn          = "example.com"
  type          = "HTTPS_STR_MATCH"
  resource_path = "/"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_lambda_function.busy:\n    monthly_requests: 10000000000\n    request_duration_ms: 2000\n  aws_route53_health_check.site:\n    endpoint_type: non_aws\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let busy = &all["aws_lambda_function.busy"];
    assert_eq!(component(busy, "Duration (first 6B)").quantity, Some(6e9));
    assert_eq!(component(busy, "Duration (next 9B)").quantity, Some(9e9));
    assert_eq!(component(busy, "Duration (over 15B)").quantity, Some(5e9));
    assert_eq!(
        component(busy, "Duration (over 15B)").unit_price,
        1.33334e-5
    );
    let site = &all["aws_route53_health_check.site"];
    assert_eq!(component(site, "Health check").unit_price, 0.75);
    let features = component(site, "Optional features");
    assert_eq!((features.quantity, features.unit_price), (Some(2.0), 2.0));
}

/// An EKS node group with a launch template runs what the template declares (its volumes,
/// CPU credits of an unlimited T3), as many as desired or as the usage file's `instances`.
#[test]
fn an_eks_node_group_with_a_launch_template_costs_what_the_template_declares() {
    let tf = r#"
resource "aws_launch_template" "nodes" {
  image_id      = "ami-1"
  instance_type = "t3.medium"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 20
    }
  }
}
resource "aws_eks_node_group" "ng" {
  cluster_name    = "c"
  node_group_name = "ng"
  node_role_arn   = "arn"
  subnet_ids      = ["subnet-1"]
  scaling_config {
    desired_size = 3
    max_size     = 3
    min_size     = 1
  }
  launch_template {
    id      = aws_launch_template.nodes.id
    version = "$Latest"
  }
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_eks_node_group.ng:\n    monthly_cpu_credit_hrs: 350\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let ng = &all["aws_eks_node_group.ng"];
    assert_eq!(component(ng, "Instance usage").quantity, Some(3.0 * 730.0));
    assert_eq!(component(ng, "Block device 0").quantity, Some(60.0));
    assert_eq!(
        component(ng, "CPU credits").quantity,
        Some(350.0 * 2.0 * 3.0)
    );
}

/// A database without `allocated_storage` is priced with 20 GB, and says so; an Aurora
/// db.t3.large is $0.164 an hour.
#[test]
fn a_database_without_allocated_storage_is_priced_with_20_gb_and_says_so() {
    let tf = r#"
resource "aws_db_instance" "db" {
  engine         = "mysql"
  instance_class = "db.t3.large"
}
resource "aws_rds_cluster_instance" "aurora" {
  cluster_identifier = "c"
  engine             = "aurora-postgresql"
  instance_class     = "db.t3.large"
}"#;
    let all = estimates(tf);
    let storage = component(&all["aws_db_instance.db"], "Storage");
    assert_eq!(storage.quantity, Some(20.0));
    assert!(storage.name.contains("20 GB assumed"), "{}", storage.name);
    let aurora = component(&all["aws_rds_cluster_instance.aurora"], "Database instance");
    assert_eq!(aurora.unit_price, 0.164);
}

/// The catalog holds on-demand Linux prices: a usage file that buys reserved capacity or
/// another operating system leaves the resource unpriced, with the reason, not priced wrong.
#[test]
fn reserved_or_windows_usage_is_not_priced_at_on_demand_linux_prices() {
    let tf = r#"
resource "aws_instance" "reserved" {
  ami           = "ami-1"
  instance_type = "t3.medium"
}
resource "aws_instance" "windows" {
  ami           = "ami-1"
  instance_type = "t3.medium"
}
resource "aws_instance" "plain" {
  ami           = "ami-1"
  instance_type = "t3.medium"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_instance.reserved:\n    reserved_instance_type: standard\n    reserved_instance_term: 1_year\n  aws_instance.windows:\n    operating_system: windows\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    for (address, words) in [
        ("aws_instance.reserved", "reserved prices"),
        ("aws_instance.windows", "windows prices"),
    ] {
        match &all[address].outcome {
            Outcome::NotPriced(reason) => assert!(reason.contains(words), "{reason}"),
            other => panic!("{address} was priced: {other:?}"),
        }
    }
    assert!(all["aws_instance.plain"].monthly().is_some());
}

/// A private CA is $400 a month and its certificates are tiered (1K at $0.75, 9K at $0.35,
/// the rest at $0.001); in short-lived mode the CA is $50 and each certificate $0.058. A
/// snapshot without usage is as large as its volume; provisioned EFS throughput is billed
/// above what the stored GBs burst to (0.05 MiB/s each).
#[test]
fn private_ca_certificates_snapshots_and_efs_throughput_follow_aws_billing() {
    let tf = r#"
resource "aws_acmpca_certificate_authority" "ca" {
  certificate_authority_configuration {
    key_algorithm     = "RSA_4096"
    signing_algorithm = "SHA512WITHRSA"
    subject {
      common_name = "example.com"
    }
  }
}
resource "aws_acmpca_certificate_authority" "short" {
  usage_mode = "SHORT_LIVED_CERTIFICATE"
  certificate_authority_configuration {
    key_algorithm     = "RSA_4096"
    signing_algorithm = "SHA512WITHRSA"
    subject {
      common_name = "short.example.com"
    }
  }
}
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 10
}
resource "aws_ebs_snapshot" "data" {
  volume_id = aws_ebs_volume.data.id
}
resource "aws_efs_file_system" "fs" {
  throughput_mode                 = "provisioned"
  provisioned_throughput_in_mibps = 100
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_acmpca_certificate_authority.ca:\n    monthly_requests: 20001\n  aws_acmpca_certificate_authority.short:\n    monthly_requests: 100\n  aws_efs_file_system.fs:\n    storage_gb: 230\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let ca = &all["aws_acmpca_certificate_authority.ca"];
    assert_eq!(
        component(ca, "Certificates (next 9K)").quantity,
        Some(9000.0)
    );
    assert_eq!(
        component(ca, "Certificates (over 10K)").quantity,
        Some(10001.0)
    );
    let total = ca.monthly().unwrap();
    assert!((total - 4310.0).abs() < 0.01, "{total}");
    let short = &all["aws_acmpca_certificate_authority.short"];
    assert!((short.monthly().unwrap() - (50.0 + 5.8)).abs() < 0.01);
    let snapshot = component(&all["aws_ebs_snapshot.data"], "Snapshot storage");
    assert_eq!(snapshot.quantity, Some(10.0));
    let throughput = component(&all["aws_efs_file_system.fs"], "Provisioned throughput");
    assert!((throughput.quantity.unwrap() - 88.5).abs() < 1e-9);
}

/// Asserts a monthly figure to the cent.
fn near(got: Option<f64>, want: f64) {
    let got = got.expect("priced");
    assert!((got - want).abs() < 0.011, "{got} != {want}");
}

#[test]
fn data_transfer_is_billed_by_region_in_internet_tiers_and_both_directions_inside_a_region() {
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_data_transfer.dublin:\n    region: eu-west-1\n    monthly_outbound_internet_gb: 60000\n    monthly_intra_region_gb: 500\n    monthly_outbound_other_regions_gb: 100\n  aws_data_transfer.saopaulo:\n    region: sa-east-1\n    monthly_outbound_internet_gb: 100\n",
    );
    let all = estimates_with("", &usage, &BTreeMap::new());
    // 10 TB at $0.09, 40 TB at $0.085, the remaining 8,800 GB at $0.07; 1,000 GB at $0.01
    // inside the region; 100 GB at $0.02 to other regions.
    let dublin = &all["aws_data_transfer.dublin"];
    near(
        dublin.monthly(),
        10240.0 * 0.09 + 40960.0 * 0.085 + 8800.0 * 0.07 + 10.0 + 2.0,
    );
    assert_eq!(component(dublin, "Intra-region").quantity, Some(1000.0));
    // A region the catalog holds only data transfer for: $0.15 per GB out of São Paulo.
    near(all["aws_data_transfer.saopaulo"].monthly(), 15.0);
}

#[test]
fn rds_prices_oracle_and_sql_server_licences_io1_minimums_gp3_iops_and_replicas() {
    let tf = r#"
resource "aws_db_instance" "ledger" {
  engine            = "oracle-se2"
  instance_class    = "db.t3.large"
  allocated_storage = 40
}
resource "aws_db_instance" "ledger_byol" {
  engine            = "oracle-se2"
  license_model     = "bring-your-own-license"
  instance_class    = "db.t3.large"
  allocated_storage = 40
}
resource "aws_db_instance" "shop" {
  engine            = "sqlserver-web"
  instance_class    = "db.t3.large"
  storage_type      = "io1"
  allocated_storage = 30
  iops              = 200
}
resource "aws_db_instance" "events" {
  engine            = "postgres"
  instance_class    = "db.t3.large"
  storage_type      = "gp3"
  allocated_storage = 100
  iops              = 5000
}
resource "aws_db_instance" "events_reader" {
  replicate_source_db = aws_db_instance.events.identifier
  instance_class      = "db.t3.large"
}"#;
    let all = estimates(tf);
    // Oracle SE2 with its licence: $0.30/h; with your own: $0.136/h; 40 GB gp2 at $0.115.
    near(all["aws_db_instance.ledger"].monthly(), 0.30 * 730.0 + 4.6);
    near(
        all["aws_db_instance.ledger_byol"].monthly(),
        0.136 * 730.0 + 4.6,
    );
    // io1 is at least 100 GB and 1,000 IOPS.
    let shop = &all["aws_db_instance.shop"];
    assert_eq!(component(shop, "Storage (io1").quantity, Some(100.0));
    assert_eq!(component(shop, "Provisioned IOPS").quantity, Some(1000.0));
    near(shop.monthly(), 0.232 * 730.0 + 12.5 + 100.0);
    // gp3 below 400 GB includes 3,000 IOPS.
    let events = &all["aws_db_instance.events"];
    assert_eq!(
        component(events, "Provisioned IOPS above").quantity,
        Some(2000.0)
    );
    // A read replica runs its source's engine.
    assert!(
        component(&all["aws_db_instance.events_reader"], "Database instance")
            .name
            .contains("postgres")
    );
}

#[test]
fn aurora_clusters_bill_io_backups_backtrack_and_serverless_capacity_from_usage() {
    let tf = r#"
resource "aws_rds_cluster" "orders" {
  engine                  = "aurora-mysql"
  backup_retention_period = 4
}
resource "aws_rds_cluster" "burst" {
  engine      = "aurora-postgresql"
  engine_mode = "serverless"
}
resource "aws_rds_cluster_instance" "flex" {
  cluster_identifier = aws_rds_cluster.orders.id
  instance_class     = "db.serverless"
  engine             = "aurora-mysql"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_rds_cluster.orders:\n    storage_gb: 50\n    write_requests_per_sec: 4\n    read_requests_per_sec: 6\n    backup_snapshot_size_gb: 20\n    average_statements_per_hr: 1000\n    change_records_per_statement: 0.5\n    backtrack_window_hrs: 10\n  aws_rds_cluster.burst:\n    capacity_units_per_hr: 2\n  aws_rds_cluster_instance.flex:\n    capacity_units_per_hr: 3\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let orders = &all["aws_rds_cluster.orders"];
    // 10 I/Os a second for 730 hours = 26.28M at $0.20; three further days of 20 GB
    // snapshots at $0.021; 3.65M change records at $0.012 per million.
    let io = component(orders, "I/O requests");
    assert!((io.quantity.unwrap() - 26.28).abs() < 1e-9);
    assert_eq!(component(orders, "Backup storage").quantity, Some(60.0));
    near(
        orders.monthly(),
        5.0 + 26.28 * 0.2 + 60.0 * 0.021 + 3.65 * 0.012,
    );
    // Serverless v1: $0.06 per ACU-hour; v2 on its instance: $0.12.
    near(all["aws_rds_cluster.burst"].monthly(), 2.0 * 730.0 * 0.06);
    near(
        all["aws_rds_cluster_instance.flex"].monthly(),
        3.0 * 730.0 * 0.12,
    );
}

#[test]
fn dynamodb_bills_on_demand_requests_backups_replicas_and_autoscaled_capacity() {
    let tf = r#"
resource "aws_dynamodb_table" "carts" {
  name         = "carts"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  point_in_time_recovery {
    enabled = true
  }
  replica {
    region_name = "us-west-1"
  }
}
resource "aws_dynamodb_table" "stock" {
  name           = "stock"
  read_capacity  = 40
  write_capacity = 10
  hash_key       = "sku"
}
resource "aws_appautoscaling_target" "stock_writes" {
  min_capacity       = 4
  max_capacity       = 50
  resource_id        = "table/${aws_dynamodb_table.stock.name}"
  scalable_dimension = "dynamodb:table:WriteCapacityUnits"
  service_namespace  = "dynamodb"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_dynamodb_table.carts:\n    monthly_write_request_units: 2000000\n    monthly_read_request_units: 4000000\n    pitr_backup_storage_gb: 10\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    // $0.625 per million writes, $0.125 per million reads, PITR $0.20 per GB, and the
    // N. California replica's writes at $0.6975 per million.
    near(
        all["aws_dynamodb_table.carts"].monthly(),
        1.25 + 0.5 + 2.0 + 2.0 * 0.6975,
    );
    // The autoscaling target holds 4 WCU; the reads stay at 40 RCU.
    let stock = &all["aws_dynamodb_table.stock"];
    assert_eq!(
        component(stock, "Write capacity").quantity,
        Some(4.0 * 730.0)
    );
    near(
        stock.monthly(),
        4.0 * 730.0 * 0.00065 + 40.0 * 730.0 * 0.00013,
    );
}

#[test]
fn opensearch_bills_each_data_nodes_volume_and_gp3_throughput_above_the_included() {
    let tf = r#"
resource "aws_opensearch_domain" "logs" {
  domain_name = "logs"
  cluster_config {
    instance_type  = "c4.2xlarge.search"
    instance_count = 2
    warm_enabled   = true
    warm_type      = "ultrawarm1.medium.search"
    warm_count     = 2
  }
  ebs_options {
    ebs_enabled = true
    volume_type = "gp3"
    volume_size = 100
    throughput  = 200
  }
}"#;
    let all = estimates(tf);
    let logs = &all["aws_opensearch_domain.logs"];
    // 100 GB includes 125 MiB/s: 75 MiB/s more on each of the 2 nodes at $0.064.
    assert_eq!(component(logs, "Throughput above").quantity, Some(150.0));
    near(
        logs.monthly(),
        2.0 * 730.0 * 0.587 + 200.0 * 0.122 + 150.0 * 0.064 + 2.0 * 730.0 * 0.238,
    );
}

#[test]
fn an_ecs_service_in_a_fargate_cluster_runs_its_task_definition_found_by_family() {
    let tf = r#"
resource "aws_ecs_cluster" "apps" {
  name = "apps"
}
resource "aws_ecs_cluster_capacity_providers" "apps" {
  cluster_name       = aws_ecs_cluster.apps.name
  capacity_providers = ["FARGATE"]
}
resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "2 vCPU"
  memory                   = "4 GB"
  container_definitions    = "[]"
}
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.apps.id
  task_definition = aws_ecs_task_definition.api.family
  desired_count   = 3
}
resource "aws_ecs_service" "worker" {
  name            = "worker"
  task_definition = aws_ecs_task_definition.api.family
  desired_count   = 1
}"#;
    let all = estimates(tf);
    near(
        all["aws_ecs_service.api"].monthly(),
        3.0 * 730.0 * (2.0 * 0.04048 + 4.0 * 0.004445),
    );
    assert!(reason(tf, "aws_ecs_service.worker").contains("on EC2"));
}

#[test]
fn managed_services_are_priced_from_their_list_prices_and_usage() {
    let tf = r#"
resource "aws_directory_service_directory" "corp" {
  name     = "corp.example.org"
  password = "x"
  type     = "MicrosoftAD"
  edition  = "Standard"
}
resource "aws_directory_service_directory" "simple" {
  name     = "simple.example.org"
  password = "x"
  size     = "Small"
}
resource "aws_codebuild_project" "ci" {
  name         = "ci"
  service_role = "r"
  artifacts {
    type = "NO_ARTIFACTS"
  }
  environment {
    compute_type = "BUILD_GENERAL1_MEDIUM"
    image        = "img"
    type         = "LINUX_CONTAINER"
  }
  source {
    type = "NO_SOURCE"
  }
}
resource "aws_glue_job" "etl" {
  name              = "etl"
  role_arn          = "r"
  number_of_workers = 4
  worker_type       = "G.2X"
  command {
    script_location = "s3://b/s.py"
  }
}
resource "aws_sfn_state_machine" "flow" {
  name       = "flow"
  role_arn   = "r"
  type       = "EXPRESS"
  definition = "{}"
}
resource "aws_transfer_server" "ftp" {
  protocols = ["SFTP", "FTPS"]
}
resource "aws_mwaa_environment" "air" {
  name               = "air"
  dag_s3_path        = "dags/"
  execution_role_arn = "r"
  source_bucket_arn  = "b"
  environment_class  = "mw1.medium"
  network_configuration {
    security_group_ids = ["sg"]
    subnet_ids         = ["a", "b"]
  }
}
resource "aws_route53_resolver_endpoint" "in" {
  direction          = "INBOUND"
  security_group_ids = ["sg"]
  ip_address {
    subnet_id = "a"
  }
  ip_address {
    subnet_id = "b"
  }
  ip_address {
    subnet_id = "c"
  }
}
resource "aws_ec2_host" "macs" {
  instance_type     = "mac1.metal"
  availability_zone = "us-east-1a"
}
resource "aws_config_config_rule" "versioning" {
  name = "versioning"
  source {
    owner             = "AWS"
    source_identifier = "S3_BUCKET_VERSIONING_ENABLED"
  }
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_directory_service_directory.corp:\n    additional_domain_controllers: 1\n  aws_codebuild_project.ci:\n    monthly_build_mins: 3000\n  aws_glue_job.etl:\n    monthly_hours: 10\n  aws_sfn_state_machine.flow:\n    monthly_requests: 2000000\n    workflow_duration_ms: 250\n    memory_mb: 100\n  aws_transfer_server.ftp:\n    monthly_data_uploaded_gb: 50\n  aws_config_config_rule.versioning:\n    monthly_rule_evaluations: 150000\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    // Three domain controllers at $0.06/h.
    near(
        all["aws_directory_service_directory.corp"].monthly(),
        3.0 * 730.0 * 0.06,
    );
    assert!(reason(tf, "aws_directory_service_directory.simple").contains("SimpleAD"));
    near(all["aws_codebuild_project.ci"].monthly(), 3000.0 * 0.01);
    // 4 G.2X workers are 8 DPUs, for 10 hours at $0.44.
    near(all["aws_glue_job.etl"].monthly(), 80.0 * 0.44);
    // 2M requests of 300 ms (rounded up) at 128 MB (rounded up): 2M × 0.3 s × 0.125 GB
    // = 75,000 GB-seconds = 20.83 GB-hours at $0.060012.
    near(
        all["aws_sfn_state_machine.flow"].monthly(),
        2.0 + 75_000.0 / 3600.0 * 0.060012,
    );
    near(
        all["aws_transfer_server.ftp"].monthly(),
        2.0 * 730.0 * 0.3 + 2.0,
    );
    near(all["aws_mwaa_environment.air"].monthly(), 730.0 * 0.74);
    near(
        all["aws_route53_resolver_endpoint.in"].monthly(),
        3.0 * 730.0 * 0.125,
    );
    near(all["aws_ec2_host.macs"].monthly(), 730.0 * 1.083);
    // 100K evaluations at $0.001, the next 50K at $0.0008.
    near(
        all["aws_config_config_rule.versioning"].monthly(),
        100.0 + 40.0,
    );
}

#[test]
fn london_prices_neptune_flink_applications_and_firehose_streams_as_listed_there() {
    let tf = r#"
provider "aws" { region = "eu-west-2" }
resource "aws_neptune_cluster" "graph" {
  backup_retention_period = 7
}
resource "aws_neptune_cluster_instance" "graph" {
  cluster_identifier = aws_neptune_cluster.graph.id
  instance_class     = "db.r4.large"
}
resource "aws_kinesisanalyticsv2_application" "clicks" {
  name                   = "clicks"
  runtime_environment    = "FLINK-1_15"
  service_execution_role = "r"
}
resource "aws_kinesis_firehose_delivery_stream" "audit" {
  name        = "audit"
  destination = "extended_s3"
  extended_s3_configuration {
    role_arn   = "r"
    bucket_arn = "b"
    data_format_conversion_configuration {
      enabled = true
    }
  }
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_neptune_cluster.graph:\n    storage_gb: 200\n    monthly_io_requests: 5000000\n    backup_storage_gb: 50\n  aws_kinesisanalyticsv2_application.clicks:\n    kinesis_processing_units: 2\n  aws_kinesis_firehose_delivery_stream.audit:\n    monthly_data_ingested_gb: 600000\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    near(
        all["aws_neptune_cluster.graph"].monthly(),
        200.0 * 0.116 + 5.0 * 0.232 + 50.0 * 0.022,
    );
    near(
        all["aws_neptune_cluster_instance.graph"].monthly(),
        730.0 * 0.408,
    );
    // 2 KPUs and the Flink orchestration KPU at $0.127/h, 100 GB of running storage.
    near(
        all["aws_kinesisanalyticsv2_application.clicks"].monthly(),
        3.0 * 730.0 * 0.127 + 100.0 * 0.116,
    );
    // The first 500 TB at $0.035, the rest at $0.03, all converted at $0.021.
    near(
        all["aws_kinesis_firehose_delivery_stream.audit"].monthly(),
        512_000.0 * 0.035 + 88_000.0 * 0.03 + 600_000.0 * 0.021,
    );
}

#[test]
fn a_free_type_costs_what_its_configuration_adds_and_is_free_otherwise() {
    let tf = r#"
resource "aws_acm_certificate" "public" {
  domain_name       = "shop.example.org"
  validation_method = "DNS"
}
resource "aws_acm_certificate" "internal" {
  domain_name               = "internal.example.org"
  certificate_authority_arn = "arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/abc"
}
resource "aws_api_gateway_stage" "plain" {
  rest_api_id   = "a"
  stage_name    = "plain"
  deployment_id = "d"
}
resource "aws_api_gateway_stage" "cached" {
  rest_api_id           = "a"
  stage_name            = "cached"
  deployment_id         = "d"
  cache_cluster_enabled = true
  cache_cluster_size    = 6.1
}
resource "aws_dms_replication_instance" "copy" {
  replication_instance_id    = "copy"
  replication_instance_class = "dms.t3.medium"
  allocated_storage          = 80
  multi_az                   = true
}
resource "aws_waf_web_acl" "edge" {
  name        = "edge"
  metric_name = "edge"
  default_action {
    type = "ALLOW"
  }
  rules {
    priority = 1
    rule_id  = "r1"
    type     = "REGULAR"
    action {
      type = "BLOCK"
    }
  }
  rules {
    priority = 2
    rule_id  = "g1"
    type     = "GROUP"
    override_action {
      type = "NONE"
    }
  }
}"#;
    let all = estimates(tf);
    assert_eq!(all["aws_acm_certificate.public"].outcome, Outcome::Free);
    near(all["aws_acm_certificate.internal"].monthly(), 0.75);
    assert_eq!(all["aws_api_gateway_stage.plain"].outcome, Outcome::Free);
    near(all["aws_api_gateway_stage.cached"].monthly(), 730.0 * 0.2);
    // Multi-AZ doubles the instance and the 30 GB above the 50 GB included.
    near(
        all["aws_dms_replication_instance.copy"].monthly(),
        2.0 * 730.0 * 0.073 + 60.0 * 0.115,
    );
    // The ACL, one rule and one rule group at WAF's prices.
    near(all["aws_waf_web_acl.edge"].monthly(), 5.0 + 1.0 + 1.0);
}

#[test]
fn fsx_bills_throughput_storage_by_deployment_iops_above_the_included_and_compression() {
    let tf = r#"
resource "aws_fsx_windows_file_system" "share" {
  storage_capacity    = 200
  throughput_capacity = 64
  deployment_type     = "MULTI_AZ_1"
  storage_type        = "SSD"
  subnet_ids          = ["a", "b"]
}
resource "aws_fsx_openzfs_file_system" "build" {
  storage_capacity    = 100
  throughput_capacity = 128
  deployment_type     = "SINGLE_AZ_1"
  subnet_ids          = ["a"]
  disk_iops_configuration {
    mode = "USER_PROVISIONED"
    iops = 500
  }
  root_volume_configuration {
    data_compression_type = "LZ4"
  }
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_fsx_windows_file_system.share:\n    backup_storage_gb: 40\n  aws_fsx_openzfs_file_system.build:\n    compression_savings_percent: 30\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    near(
        all["aws_fsx_windows_file_system.share"].monthly(),
        64.0 * 4.5 + 200.0 * 0.23 + 40.0 * 0.05,
    );
    // 300 IOPS are included with 100 GB; 70 GB are stored after 30% compression.
    near(
        all["aws_fsx_openzfs_file_system.build"].monthly(),
        128.0 * 0.26 + 200.0 * 0.006 + 70.0 * 0.09,
    );
}

#[test]
fn one_zone_efs_anomaly_alarms_and_kinesis_retention_are_billed_as_aws_lists_them() {
    let tf = r#"
resource "aws_efs_file_system" "cache" {
  availability_zone_name = "us-east-1a"
}
resource "aws_cloudwatch_metric_alarm" "cpu_band" {
  alarm_name          = "cpu-band"
  comparison_operator = "GreaterThanUpperThreshold"
  evaluation_periods  = 2
  threshold_metric_id = "band"
  metric_query {
    id         = "band"
    expression = "ANOMALY_DETECTION_BAND(cpu)"
  }
  metric_query {
    id = "cpu"
    metric {
      metric_name = "CPUUtilization"
      namespace   = "AWS/EC2"
      period      = 60
      stat        = "Average"
    }
  }
}
resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 2
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_efs_file_system.cache:\n    storage_gb: 50\n    infrequent_access_storage_gb: 300\n    monthly_infrequent_access_read_gb: 20\n  aws_kinesis_stream.events:\n    monthly_provisioned_put_units: 2000000\n    monthly_provisioned_extended_retention_gb: 40\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    near(
        all["aws_efs_file_system.cache"].monthly(),
        50.0 * 0.16 + 300.0 * 0.0133 + 20.0 * 0.01,
    );
    // The band watches the metric and its two bounds: three standard alarm metrics.
    near(all["aws_cloudwatch_metric_alarm.cpu_band"].monthly(), 0.3);
    near(
        all["aws_kinesis_stream.events"].monthly(),
        2.0 * 730.0 * 0.015 + 2.0 * 0.014 + 40.0 * 0.02,
    );
}

#[test]
fn autoscaling_targets_set_the_shards_of_a_cache_and_the_volumes_of_kafka_brokers() {
    let tf = r#"
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id    = "sessions"
  description             = "sessions"
  node_type               = "cache.m5.large"
  num_node_groups         = 2
  replicas_per_node_group = 1
}
resource "aws_appautoscaling_target" "shards" {
  min_capacity       = 3
  max_capacity       = 6
  resource_id        = "replication-group/${aws_elasticache_replication_group.sessions.replication_group_id}"
  scalable_dimension = "elasticache:replication-group:NodeGroups"
  service_namespace  = "elasticache"
}
resource "aws_msk_cluster" "bus" {
  cluster_name           = "bus"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["a", "b", "c"]
    security_groups = ["sg"]
    storage_info {
      ebs_storage_info {
        volume_size = 100
      }
    }
  }
}
resource "aws_appautoscaling_target" "bus_storage" {
  min_capacity       = 150
  max_capacity       = 1000
  resource_id        = aws_msk_cluster.bus.arn
  scalable_dimension = "kafka:broker-storage:VolumeSize"
  service_namespace  = "kafka"
}"#;
    let all = estimates(tf);
    // Three shards of a primary and a replica.
    let sessions = &all["aws_elasticache_replication_group.sessions"];
    assert_eq!(
        component(sessions, "Cache node").quantity,
        Some(6.0 * 730.0)
    );
    // Each of the 3 brokers holds the target's 150 GB.
    let bus = &all["aws_msk_cluster.bus"];
    assert_eq!(component(bus, "Broker storage").quantity, Some(450.0));
}

#[test]
fn dns_queries_are_tiered_by_routing_policy_and_advanced_parameters_by_their_hours() {
    let tf = r#"
resource "aws_route53_record" "www" {
  zone_id = "Z1"
  name    = "www.example.org"
  type    = "A"
  ttl     = 300
  records = ["192.0.2.10"]
}
resource "aws_ssm_parameter" "flags" {
  name  = "/app/flags"
  type  = "String"
  tier  = "Advanced"
  value = "on"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_route53_record.www:\n    monthly_standard_queries: 1500000000\n    monthly_geo_queries: 20000000\n  aws_ssm_parameter.flags:\n    parameter_storage_hrs: 365\n    api_throughput_limit: advanced\n    monthly_api_interactions: 30000\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    // 1B standard queries at $0.40 per million, 500M at $0.20; 20M geo queries at $0.70.
    near(
        all["aws_route53_record.www"].monthly(),
        400.0 + 100.0 + 14.0,
    );
    // Half a month of storage and 3 × 10k interactions at $0.05.
    near(all["aws_ssm_parameter.flags"].monthly(), 0.025 + 0.15);
}

#[test]
fn a_snapshot_bills_fast_restore_and_direct_api_requests_from_usage() {
    let tf = r#"
resource "aws_ebs_volume" "db" {
  availability_zone = "us-east-1a"
  size              = 40
}
resource "aws_ebs_snapshot" "db" {
  volume_id = aws_ebs_volume.db.id
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_ebs_snapshot.db:\n    fast_snapshot_restore_hours: 10\n    monthly_get_block_requests: 20000\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    // 40 GB at $0.05, 10 DSU-hours at $0.75, 20k GetSnapshotBlock at $0.003 per 1k.
    near(all["aws_ebs_snapshot.db"].monthly(), 2.0 + 7.5 + 0.06);
}

#[test]
fn provisioned_concurrency_bills_its_configured_hours_and_the_requests_it_serves() {
    let tf = r#"
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "r"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  memory_size   = 1024
  architectures = ["arm64"]
}
resource "aws_lambda_provisioned_concurrency_config" "api" {
  function_name                     = aws_lambda_function.api.function_name
  provisioned_concurrent_executions = 4
  qualifier                         = "live"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_lambda_provisioned_concurrency_config.api:\n    monthly_duration_hrs: 200\n    monthly_requests: 3000000\n    request_duration_ms: 100\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    // 4 × 1 GB for 200 hours at Arm's $0.0000033334 per GB-second; 3M requests at $0.20 per
    // million; 300,000 GB-seconds of duration at $0.0000077778.
    near(
        all["aws_lambda_provisioned_concurrency_config.api"].monthly(),
        4.0 * 200.0 * 3600.0 * 3.3334e-6 + 0.6 + 300_000.0 * 7.7778e-6,
    );
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn on_day(tf: &str, date: chrono::NaiveDate) -> BTreeMap<String, Estimate> {
    estimates_on(tf, &UsageSet::default(), &BTreeMap::new(), date)
}

#[test]
fn rds_extended_support_is_billed_per_vcpu_by_the_year_of_support_on_the_pricing_date() {
    let tf = r#"
resource "aws_db_instance" "legacy" {
  engine         = "postgres"
  engine_version = "12.19"
  instance_class = "db.m5.xlarge"
  allocated_storage = 50
}
resource "aws_db_instance" "ha" {
  engine         = "mysql"
  engine_version = "5.7.44"
  instance_class = "db.t3.medium"
  multi_az       = true
}
resource "aws_db_instance" "lts" {
  engine         = "mysql"
  engine_version = "8.4.3"
  instance_class = "db.t3.medium"
}"#;
    // Before PostgreSQL 12's end of standard support nothing is billed.
    let before = on_day(tf, day(2025, 2, 28));
    assert!(lacks(&before["aws_db_instance.legacy"], "Extended support"));
    // Years 1-2: $0.10 per vCPU-hour, 4 vCPUs all month.
    let year1 = on_day(tf, day(2025, 3, 1));
    let c = component(&year1["aws_db_instance.legacy"], "Extended support");
    assert_eq!(c.name, "Extended support (year 1)");
    assert_eq!((c.unit.as_str(), c.quantity), ("vCPU-hours", Some(2920.0)));
    assert_eq!(round2(c.monthly.unwrap()), 292.0);
    // Year 3 doubles the rate.
    let year3 = on_day(tf, day(2027, 3, 1));
    let c = component(&year3["aws_db_instance.legacy"], "Extended support");
    assert_eq!(
        (c.name.as_str(), c.unit_price),
        ("Extended support (year 3)", 0.2)
    );
    // A Multi-AZ standby pays too: 2 copies of 2 vCPUs.
    let c = component(&year1["aws_db_instance.ha"], "Extended support");
    assert_eq!(c.quantity, Some(2920.0));
    // MySQL 8.4 is not 8.0: no extended support.
    assert!(lacks(&year3["aws_db_instance.lts"], "Extended support"));
}

#[test]
fn aurora_instances_take_the_clusters_engine_version_and_aurora_mysql_has_no_third_year() {
    let tf = r#"
resource "aws_rds_cluster" "orders" {
  engine         = "aurora-mysql"
  engine_version = "5.7.mysql_aurora.2.11.2"
}
resource "aws_rds_cluster_instance" "writer" {
  cluster_identifier = aws_rds_cluster.orders.id
  instance_class     = "db.r5.large"
}
resource "aws_rds_cluster" "newest" {
  engine = "aurora-postgresql"
}
resource "aws_rds_cluster_instance" "follows" {
  cluster_identifier = aws_rds_cluster.newest.id
  instance_class     = "db.r5.large"
}
resource "aws_rds_cluster_instance" "own" {
  cluster_identifier = aws_rds_cluster.orders.id
  engine             = "aurora-postgresql"
  engine_version     = "13.12"
  instance_class     = "db.r5.large"
}"#;
    let late = on_day(tf, day(2027, 1, 10));
    let c = component(&late["aws_rds_cluster_instance.writer"], "Extended support");
    assert_eq!(
        (c.name.as_str(), c.quantity, c.unit_price),
        ("Extended support (year 1)", Some(1460.0), 0.1)
    );
    let c = component(&late["aws_rds_cluster_instance.own"], "Extended support");
    assert_eq!(c.name, "Extended support (year 1)");
    // Without a version, the provider's default is not past its support.
    assert!(late["aws_rds_cluster_instance.follows"].monthly().is_some());
    assert!(lacks(
        &late["aws_rds_cluster_instance.follows"],
        "Extended support"
    ));
    let early = on_day(tf, day(2024, 11, 30));
    assert!(lacks(
        &early["aws_rds_cluster_instance.writer"],
        "Extended support"
    ));
    assert!(lacks(
        &early["aws_rds_cluster_instance.own"],
        "Extended support"
    ));
}

#[test]
fn an_eks_cluster_past_its_versions_standard_support_pays_the_extended_rate() {
    let tf = r#"
resource "aws_eks_cluster" "old" {
  name     = "old"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  version  = "1.30"
  vpc_config { subnet_ids = ["subnet-a"] }
}
resource "aws_eks_cluster" "latest" {
  name     = "latest"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config { subnet_ids = ["subnet-a"] }
}"#;
    let standard = on_day(tf, day(2025, 7, 23));
    assert_eq!(standard["aws_eks_cluster.old"].monthly(), Some(73.0));
    let extended = on_day(tf, day(2025, 7, 24));
    assert_eq!(extended["aws_eks_cluster.old"].monthly(), Some(438.0));
    assert_eq!(extended["aws_eks_cluster.latest"].monthly(), Some(73.0));
}

#[test]
fn a_wafv2_acl_pays_per_rule_and_per_referenced_group_and_for_the_group_rules_usage_counts() {
    let tf = r#"
resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "rate"
    priority = 1
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = 500
        aggregate_key_type = "IP"
      }
    }
  }
  rule {
    name     = "ours"
    priority = 2
    override_action {
      none {}
    }
    statement {
      rule_group_reference_statement {
        arn = "arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/ours/abc"
      }
    }
  }
  rule {
    name     = "common"
    priority = 3
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }
  }
}"#;
    // $5 for the ACL and $1 for each of its three rules.
    let all = estimates(tf);
    let acl = &all["aws_wafv2_web_acl.edge"];
    assert_eq!(component(acl, "Rule groups").quantity, Some(1.0));
    assert_eq!(component(acl, "Managed rule groups").quantity, Some(1.0));
    assert_eq!(acl.monthly(), Some(8.0));
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_wafv2_web_acl.edge:\n    rule_group_rules: 3\n    managed_rule_group_rules: 7\n    monthly_requests: 2000000\n",
    );
    let with = estimates_with(tf, &usage, &BTreeMap::new());
    let acl = &with["aws_wafv2_web_acl.edge"];
    assert_eq!(component(acl, "Rules").quantity, Some(11.0));
    assert_eq!(acl.monthly(), Some(5.0 + 11.0 + 2.0 + 1.2));
}

#[test]
fn a_standard_topic_pays_publishes_and_deliveries_beyond_their_free_tiers() {
    let tf = r#"
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
resource "aws_sns_topic" "texts" {
  name = "texts"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_sns_topic.alerts:\n    monthly_requests: 3000000\n    request_size_kb: 100\n    http_subscriptions: 2\n    email_subscriptions: 1\n  aws_sns_topic.texts:\n    monthly_requests: 50\n    sms_subscriptions: 10\n    sms_notification_price: 0.02\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let alerts = &all["aws_sns_topic.alerts"];
    // 100 KB is two 64 KB requests: 6M publishes, the first million free.
    assert_eq!(component(alerts, "API requests").quantity, Some(5.0));
    // 6M HTTP deliveries less 100K free at $0.60 per million; 3M emails less 1K at $20.
    let http = component(alerts, "HTTP");
    assert_eq!(round2(http.monthly.unwrap()), round2(5.9 * 0.6));
    let email = component(alerts, "Email");
    assert_eq!(round2(email.monthly.unwrap()), round2(2.999 * 20.0));
    // 500 text messages less 100 free at the price the usage gives.
    let texts = &all["aws_sns_topic.texts"];
    assert_eq!(component(texts, "SMS").quantity, Some(400.0));
    assert_eq!(texts.monthly(), Some(8.0));
    // Without a price per message, SMS is not guessed.
    assert!(lacks(&estimates(tf)["aws_sns_topic.texts"], "SMS"));
}

#[test]
fn a_fifo_topic_pays_publishes_payload_and_delivery_to_each_subscription() {
    let tf = r#"
resource "aws_sns_topic" "orders" {
  name       = "orders.fifo"
  fifo_topic = true
}
resource "aws_sqs_queue" "billing" {
  name       = "billing.fifo"
  fifo_queue = true
}
resource "aws_sns_topic_subscription" "billing" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.billing.arn
}
resource "aws_sns_topic_subscription" "audit" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = "arn:aws:sqs:us-east-1:111122223333:audit.fifo"
}"#;
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_sns_topic.orders:\n    monthly_requests: 4000000\n    request_size_kb: 10\n",
    );
    let all = estimates_with(tf, &usage, &BTreeMap::new());
    let orders = &all["aws_sns_topic.orders"];
    // 4M publishes at $0.30 per million, 40 GB at $0.017; 8M deliveries at $0.01 per
    // million, 80 GB at $0.001.
    assert_eq!(
        component(orders, "FIFO publish requests").quantity,
        Some(4.0)
    );
    assert_eq!(component(orders, "FIFO notifications").quantity, Some(8.0));
    assert_eq!(
        orders.monthly(),
        Some(round2(4.0 * 0.3 + 40.0 * 0.017 + 8.0 * 0.01 + 80.0 * 0.001))
    );
}

#[test]
fn a_bucket_is_priced_by_the_usage_of_each_storage_class_it_names() {
    let tf = r#"
resource "aws_s3_bucket" "archive" {
  bucket = "archive"
}"#;
    // Without usage: Standard only, every part by usage.
    let all = estimates(tf);
    assert!(lacks(&all["aws_s3_bucket.archive"], "Glacier"));
    let usage = usage_of(
        "version: 0.1\nresource_usage:\n  aws_s3_bucket.archive:\n    standard:\n      storage_gb: 100\n    standard_infrequent_access:\n      storage_gb: 1000\n      monthly_data_retrieval_gb: 50\n    glacier_deep_archive:\n      storage_gb: 10000\n      monthly_lifecycle_transition_requests: 2000\n",
    );
    let with = estimates_with(tf, &usage, &BTreeMap::new());
    let bucket = &with["aws_s3_bucket.archive"];
    assert_eq!(component(bucket, "Standard-IA storage").unit_price, 0.0125);
    assert_eq!(
        component(bucket, "Glacier Deep Archive lifecycle").quantity,
        Some(2.0)
    );
    assert!(component(bucket, "Glacier Deep Archive retrievals (bulk)")
        .quantity
        .is_none());
    // $2.30 Standard, $12.50 + $0.50 Standard-IA, $9.90 + $0.10 Deep Archive.
    assert_eq!(bucket.monthly(), Some(25.3));
}

//! How AWS resources are priced: which attributes make up each price component, and the
//! provider's defaults where an attribute is not set (an instance's root volume is 8 GB of
//! gp2, an RDS instance is single-AZ, an ALB is `application`). Usage-priced components
//! (requests, GB stored or processed) take their quantity from the usage file, with
//! Infracost's usage keys.

use chrono::NaiveDate;

use super::{usage, Attrs, Ctx, Estimate, Outcome, Pricing, Reason};

type Rule = Option<Result<(), Reason>>;

/// Prices an AWS resource; `None` when the type is not in the catalog.
pub fn price(ctx: &mut Ctx) -> Rule {
    let rule = rule(ctx)?;
    // The catalog holds on-demand prices of Linux: a usage file that buys otherwise is not
    // priced rather than priced wrong.
    Some(purchase_outside_the_catalog(ctx).map_or(rule, Err))
}

/// Why the usage file's purchase terms are not the catalog's, if they are not.
fn purchase_outside_the_catalog(ctx: &Ctx) -> Option<Reason> {
    if let Some(term) = ctx
        .usage_text("reserved_instance_type")
        .or(ctx.usage_text("reserved_instance_term"))
    {
        return Some(format!(
            "reserved prices (usage `reserved_instance_*`: {term}) are not in the catalog, which holds on-demand prices"
        ));
    }
    match ctx.usage_text("operating_system") {
        Some(os) if !os.eq_ignore_ascii_case("linux") => Some(format!(
            "{os} prices (usage `operating_system`) are not in the catalog, which holds Linux prices"
        )),
        _ => None,
    }
}

fn rule(ctx: &mut Ctx) -> Rule {
    let ty = ctx.res.resource_type.clone();
    Some(match ty.as_str() {
        "aws_instance" => instance(ctx),
        "aws_ebs_volume" => ebs_volume(ctx),
        "aws_ebs_snapshot" => {
            // Without usage, a snapshot is as large as the volume it is taken of.
            let volume = ctx
                .index
                .referenced(ctx.res, ctx.attr("volume_id"), "aws_ebs_volume")
                .and_then(|v| Attrs(v).num(&["size"]).ok().flatten());
            let size = ctx
                .usage("monthly_storage_gb")
                .or(ctx.usage("storage_gb"))
                .or(volume);
            ctx.by_usage("Snapshot storage", "ebs.snapshot.storage", size)
                .and_then(|_| ebs_snapshot_extras(ctx))
        }
        "aws_db_instance" => db_instance(ctx),
        "aws_rds_cluster" => rds_cluster(ctx),
        "aws_rds_cluster_instance" => rds_cluster_instance(ctx),
        "aws_docdb_cluster_instance" => docdb_instance(ctx),
        "aws_neptune_cluster_instance" => {
            class_hours(ctx, "neptune", "instance_class", Some("db.r5.large"), 1.0)
        }
        "aws_dms_replication_instance" => dms_instance(ctx),
        "aws_mq_broker" => mq_broker(ctx),
        "aws_nat_gateway" => nat_gateway(ctx),
        "aws_lb" | "aws_alb" => load_balancer(ctx),
        "aws_elb" => {
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.hourly("Classic load balancer", "elb.classic.hour", 1.0)
                .and_then(|_| ctx.by_usage("Data processed", "elb.classic.data", gb))
        }
        "aws_eip" => ctx.hourly("Public IPv4 address", "eip.hour", 1.0),
        "aws_eks_cluster" => eks_cluster(ctx),
        "aws_eks_node_group" => eks_node_group(ctx),
        "aws_eks_fargate_profile" => fargate_usage(ctx),
        "aws_elasticache_cluster" => elasticache_cluster(ctx),
        "aws_elasticache_replication_group" => elasticache_replication_group(ctx),
        "aws_opensearch_domain" | "aws_elasticsearch_domain" => opensearch(ctx),
        "aws_redshift_cluster" => redshift(ctx),
        "aws_dynamodb_table" => dynamodb(ctx),
        "aws_msk_cluster" => msk(ctx),
        "aws_vpn_connection" => {
            // A connection to a transit gateway is also one of its attachments.
            let transit = ctx.attr("transit_gateway_id").is_some();
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.hourly("VPN connection", "vpn.connection.hour", 1.0)
                .and_then(|_| {
                    if transit {
                        ctx.hourly("Transit gateway attachment", "tgw.attachment.hour", 1.0)?;
                        ctx.by_usage("Transit gateway data processed", "tgw.data", gb)
                    } else {
                        Ok(())
                    }
                })
        }
        "aws_vpc_endpoint" => vpc_endpoint(ctx),
        "aws_ec2_transit_gateway_vpc_attachment" | "aws_ec2_transit_gateway_peering_attachment" => {
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.hourly("Transit gateway attachment", "tgw.attachment.hour", 1.0)
                .and_then(|_| ctx.by_usage("Data processed", "tgw.data", gb))
        }
        "aws_kms_key" => {
            let req = ctx.usage("monthly_requests").map(|r| r / 10_000.0);
            ctx.monthly("Customer master key", "kms.key", 1.0)
                .and_then(|_| ctx.by_usage("Requests", "kms.requests", req))
        }
        "aws_secretsmanager_secret" => {
            let req = ctx.usage("monthly_requests").map(|r| r / 10_000.0);
            ctx.monthly("Secret", "secretsmanager.secret", 1.0)
                .and_then(|_| ctx.by_usage("API requests", "secretsmanager.requests", req))
        }
        "aws_route53_zone" => ctx.monthly("Hosted zone", "route53.zone", 1.0),
        "aws_route53_record" => route53_record(ctx),
        "aws_route53_health_check" => route53_health_check(ctx),
        "aws_cloudwatch_metric_alarm" => cloudwatch_alarm(ctx),
        "aws_cloudwatch_dashboard" => ctx.monthly("Dashboard", "cloudwatch.dashboard", 1.0),
        "aws_cloudwatch_log_group" => {
            let ingest = ctx.usage("monthly_data_ingested_gb");
            let stored = ctx.usage("storage_gb");
            let scanned = ctx.usage("monthly_data_scanned_gb");
            ctx.by_usage("Data ingested", "logs.ingestion", ingest)
                .and_then(|_| ctx.by_usage("Archival storage", "logs.storage", stored))
                .and_then(|_| {
                    ctx.by_usage("Insights queries data scanned", "logs.insights", scanned)
                })
        }
        "aws_ecs_service" => ecs_service(ctx),
        "aws_lambda_function" => lambda_function(ctx),
        "aws_lambda_provisioned_concurrency_config" => lambda_provisioned(ctx),
        "aws_s3_bucket" => s3_bucket(ctx),
        "aws_sqs_queue" => {
            let fifo = ctx.flag(&["fifo_queue"]).unwrap_or(false);
            // Requests are billed per 64 KB chunk.
            let chunks = (ctx.usage("request_size_kb").unwrap_or(64.0) / 64.0)
                .ceil()
                .max(1.0);
            let req = ctx.usage("monthly_requests").map(|r| r * chunks / 1e6);
            let key = if fifo { "sqs.fifo" } else { "sqs.standard" };
            ctx.by_usage("Requests", key, req)
        }
        "aws_sns_topic" => {
            if ctx.flag(&["fifo_topic"]) == Some(true) {
                sns_fifo_topic(ctx)
            } else {
                sns_topic(ctx)
            }
        }
        "aws_api_gateway_rest_api" => {
            let req = ctx.usage("monthly_requests").map(|r| r / 1e6);
            tiered(
                ctx,
                req,
                &[
                    ("Requests (first 333M)", "apigw.rest", 333.0),
                    ("Requests (next 667M)", "apigw.rest.next_667m", 667.0),
                    ("Requests (next 19B)", "apigw.rest.next_19b", 19_000.0),
                    ("Requests (over 20B)", "apigw.rest.over_20b", f64::INFINITY),
                ],
            )
        }
        "aws_apigatewayv2_api" => apigatewayv2_api(ctx),
        "aws_efs_file_system" => efs(ctx),
        "aws_ecr_repository" => {
            let gb = ctx.usage("storage_gb");
            ctx.by_usage("Storage", "ecr.storage", gb)
        }
        "aws_autoscaling_group" => autoscaling_group(ctx),
        "aws_kinesis_stream" => kinesis(ctx),
        "aws_networkfirewall_firewall" => {
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.hourly("Firewall endpoint", "networkfirewall.endpoint", 1.0)
                .and_then(|_| ctx.by_usage("Data processed", "networkfirewall.data", gb))
        }
        "aws_globalaccelerator_accelerator" => {
            ctx.hourly("Accelerator", "globalaccelerator.hour", 1.0)
        }
        "aws_wafv2_web_acl" => wafv2_web_acl(ctx),
        "aws_acmpca_certificate_authority" => private_ca(ctx),
        "aws_cloudhsm_v2_hsm" => {
            let hours = ctx.usage("monthly_hrs").unwrap_or(super::HOURS_PER_MONTH);
            ctx.hours("HSM", "cloudhsm.hour", hours)
        }
        "aws_ec2_client_vpn_network_association" => {
            ctx.hourly("Subnet association", "clientvpn.association", 1.0)
        }
        "aws_ec2_client_vpn_endpoint" => {
            let hours = ctx.usage("monthly_connection_hours");
            ctx.by_usage("Connections", "clientvpn.connection", hours)
        }
        "aws_dx_connection" => {
            let bw = ctx.str(&["bandwidth"]).ok().flatten().unwrap_or("1Gbps");
            let key = format!("dx.port.{bw}");
            ctx.hourly(&format!("Port ({bw})"), &key, 1.0)
        }
        "aws_ssm_parameter" => ssm_parameter(ctx),
        "aws_neptune_cluster" => {
            let gb = ctx.usage("storage_gb");
            let io = ctx.usage("monthly_io_requests").map(|r| r / 1e6);
            let retention = ctx
                .num(&["backup_retention_period"])
                .ok()
                .flatten()
                .unwrap_or(1.0);
            let backup = ctx.usage("backup_storage_gb");
            ctx.by_usage("Storage", "neptune.storage", gb)
                .and_then(|_| ctx.by_usage("I/O requests", "neptune.io", io))
                .and_then(|_| {
                    // The first day of backups is free.
                    if retention > 1.0 {
                        ctx.by_usage("Backup storage", "neptune.backup", backup)
                    } else {
                        Ok(())
                    }
                })
        }
        "aws_neptune_cluster_snapshot" => {
            let gb = ctx.usage("backup_storage_gb");
            ctx.by_usage("Backup storage", "neptune.backup", gb)
        }
        "aws_kinesis_analytics_application" => {
            let kpu = ctx
                .usage("kinesis_processing_units")
                .map(|k| k * super::HOURS_PER_MONTH);
            ctx.by_usage("Processing (KPU-hours)", "kinesisanalytics.kpu", kpu)
        }
        "aws_kinesisanalyticsv2_application" => kinesis_analytics_v2(ctx),
        "aws_kinesisanalyticsv2_application_snapshot" => {
            let gb = ctx.usage("durable_application_backup_gb");
            ctx.by_usage("Durable application backup", "kinesisanalytics.backup", gb)
        }
        "aws_kinesis_firehose_delivery_stream" => firehose(ctx),
        "aws_fsx_windows_file_system" | "aws_fsx_openzfs_file_system" => fsx(ctx),
        "aws_s3_bucket_inventory" => {
            let objects = ctx.usage("monthly_listed_objects").map(|o| o / 1e6);
            ctx.by_usage("Objects listed", "s3.inventory", objects)
        }
        "aws_directory_service_directory" => directory_service(ctx),
        "aws_codebuild_project" => codebuild_project(ctx),
        "aws_config_config_rule"
        | "aws_config_organization_custom_rule"
        | "aws_config_organization_managed_rule" => {
            let evaluations = ctx.usage("monthly_rule_evaluations");
            tiered(
                ctx,
                evaluations,
                &[
                    (
                        "Rule evaluations (first 100K)",
                        "config.rule_evaluation",
                        1e5,
                    ),
                    (
                        "Rule evaluations (next 400K)",
                        "config.rule_evaluation.next",
                        4e5,
                    ),
                    (
                        "Rule evaluations (over 500K)",
                        "config.rule_evaluation.over",
                        f64::INFINITY,
                    ),
                ],
            )
        }
        "aws_config_configuration_recorder" => {
            let items = ctx.usage("monthly_config_items");
            let custom = ctx.usage("monthly_custom_config_items");
            ctx.by_usage("Configuration items", "config.item", items)
                .and_then(|_| {
                    ctx.by_usage("Custom configuration items", "config.custom_item", custom)
                })
        }
        "aws_glue_job" => glue_job(ctx),
        "aws_glue_crawler" => {
            let hours = ctx.usage("monthly_hours");
            ctx.by_usage("Crawler duration (DPU-hours)", "glue.dpu", hours)
        }
        "aws_glue_catalog_database" => {
            let objects = ctx.usage("monthly_objects").map(|o| o / 1e5);
            let requests = ctx.usage("monthly_requests").map(|r| r / 1e6);
            ctx.by_usage("Catalog storage", "glue.catalog.objects", objects)
                .and_then(|_| ctx.by_usage("Catalog requests", "glue.catalog.requests", requests))
        }
        "aws_grafana_workspace" => {
            // A workspace has at least its administrator.
            let editors = ctx.usage("editors_administrator_licenses").unwrap_or(1.0);
            let viewers = ctx.usage("viewer_licenses");
            ctx.monthly(
                "Editor and administrator licences",
                "grafana.editor",
                editors,
            )
            .and_then(|_| ctx.by_usage("Viewer licences", "grafana.viewer", viewers))
        }
        "aws_mwaa_environment" => mwaa_environment(ctx),
        "aws_route53_resolver_endpoint" => {
            let interfaces = ctx.count(&["ip_address"]).unwrap_or(1).max(1) as f64;
            let queries = ctx.usage("monthly_queries").map(|q| q / 1e6);
            if let Err(e) = ctx.hourly(
                &format!("Resolver endpoint ({interfaces} IP addresses)"),
                "route53resolver.endpoint",
                interfaces,
            ) {
                return Some(Err(e));
            }
            tiered(
                ctx,
                queries,
                &[
                    ("DNS queries (first 1B)", "route53resolver.queries", 1000.0),
                    (
                        "DNS queries (over 1B)",
                        "route53resolver.queries.over",
                        f64::INFINITY,
                    ),
                ],
            )
        }
        "aws_sfn_state_machine" => step_functions(ctx),
        "aws_transfer_server" => transfer_server(ctx),
        "aws_waf_web_acl" => waf_classic_web_acl(ctx),
        "aws_ec2_host" => ec2_host(ctx),
        "aws_ec2_traffic_mirror_session" => {
            ctx.hourly("Traffic mirror session", "trafficmirror.session", 1.0)
        }
        "aws_sns_topic_subscription" => {
            // HTTP(S) deliveries are billed per 64 KB chunk of each notification.
            let protocol = ctx.str(&["protocol"]).ok().flatten().unwrap_or("");
            if !protocol.starts_with("http") {
                return Some(Ok(()));
            }
            let chunks = (ctx.usage("request_size_kb").unwrap_or(64.0) / 64.0)
                .ceil()
                .max(1.0);
            let notifications = ctx.usage("monthly_requests").map(|r| r * chunks / 1e6);
            ctx.by_usage("HTTP notifications", "sns.http", notifications)
        }
        "aws_s3_bucket_analytics_configuration" => {
            let objects = ctx.usage("monthly_monitored_objects").map(|o| o / 1e6);
            ctx.by_usage(
                "Storage class analysis (objects monitored)",
                "s3.analytics",
                objects,
            )
        }
        "aws_kms_external_key" => ctx.monthly("Customer master key (imported)", "kms.key", 1.0),
        "aws_acm_certificate" => {
            // Public certificates are free; one issued by a private CA costs its issuance.
            if ctx.attr("certificate_authority_arn").is_none() {
                return Some(Ok(()));
            }
            ctx.monthly("Private certificate", "acmpca.certificate", 1.0)
        }
        "aws_cloudformation_stack" | "aws_cloudformation_stack_set" => {
            let ops = ctx.usage("monthly_handler_operations");
            let secs = ctx.usage("monthly_duration_secs");
            ctx.by_usage(
                "Third-party handler operations",
                "cloudformation.handler",
                ops,
            )
            .and_then(|_| {
                ctx.by_usage(
                    "Handler duration above 30 seconds",
                    "cloudformation.duration",
                    secs,
                )
            })
        }
        "aws_cloudtrail" => {
            let management = ctx
                .usage("monthly_additional_management_events")
                .map(|e| e / 1e5);
            let data = ctx.usage("monthly_data_events").map(|e| e / 1e5);
            let insight = ctx.usage("monthly_insight_events").map(|e| e / 1e5);
            ctx.by_usage(
                "Management events (additional copies)",
                "cloudtrail.management",
                management,
            )
            .and_then(|_| ctx.by_usage("Data events", "cloudtrail.data", data))
            .and_then(|_| ctx.by_usage("Insights events", "cloudtrail.insight", insight))
        }
        "aws_cloudwatch_event_bus" => event_bus(ctx),
        "aws_cloudfront_function" => {
            let invocations = ctx.usage("monthly_requests").map(|r| r / 1e6);
            ctx.by_usage("Invocations", "cloudfront.function", invocations)
        }
        "aws_docdb_cluster" | "aws_docdb_cluster_snapshot" => {
            let gb = ctx.usage("backup_storage_gb");
            ctx.by_usage("Backup storage", "docdb.backup", gb)
        }
        "aws_dx_gateway_association" => {
            let gb = ctx.usage("monthly_data_processed_gb");
            ctx.hourly("Transit gateway attachment", "tgw.attachment.hour", 1.0)
                .and_then(|_| ctx.by_usage("Data processed", "tgw.data", gb))
        }
        "aws_ebs_snapshot_copy" => {
            // As large as the volume of the snapshot it copies.
            let size = ctx
                .index
                .referenced(ctx.res, ctx.attr("source_snapshot_id"), "aws_ebs_snapshot")
                .and_then(|snap| {
                    ctx.index
                        .referenced(snap, snap.attributes.get("volume_id"), "aws_ebs_volume")
                })
                .and_then(|v| Attrs(v).num(&["size"]).ok().flatten());
            let size = ctx.usage("monthly_storage_gb").or(size);
            ctx.by_usage("Snapshot storage", "ebs.snapshot.storage", size)
        }
        "aws_api_gateway_stage" => {
            if ctx.flag(&["cache_cluster_enabled"]) != Some(true) {
                return Some(Ok(()));
            }
            let size = match ctx.num(&["cache_cluster_size"]) {
                Ok(s) => s.unwrap_or(0.5),
                Err(e) => return Some(Err(e)),
            };
            ctx.hourly(
                &format!("Cache memory ({size} GB)"),
                &format!("apigw.cache.{size}"),
                1.0,
            )
            .map_err(|_| format!("cache size `{size}` GB is not in the catalog"))
        }
        "aws_ssm_activation" => {
            let advanced = ctx
                .usage_text("instance_tier")
                .is_some_and(|t| t.eq_ignore_ascii_case("advanced"));
            if !advanced {
                return Some(Ok(()));
            }
            let hours = ctx.usage("instances").map(|n| n * super::HOURS_PER_MONTH);
            ctx.by_usage(
                "Advanced on-premises instances",
                "ssm.advanced_instance",
                hours,
            )
        }
        _ => return None,
    })
}

/// A usage quantity billed in tiers: each tier's part at its own catalog key, named by its
/// label; `None` (no usage given) shows the first tier's unit price alone. The last tier
/// takes whatever is left (`f64::INFINITY`).
fn tiered(ctx: &mut Ctx, quantity: Option<f64>, tiers: &[(&str, &str, f64)]) -> Result<(), Reason> {
    let Some(mut left) = quantity else {
        let (name, key, _) = tiers[0];
        return ctx.by_usage(name, key, None);
    };
    for (i, (name, key, size)) in tiers.iter().enumerate() {
        let part = left.min(*size);
        if i == 0 || part > 0.0 {
            ctx.by_usage(name, key, Some(part))?;
        }
        left -= part;
    }
    Ok(())
}

/// The vCPUs of an instance size (`large`, `4xlarge`), for CPU credits and per-vCPU prices:
/// every size up to `large` has 2, `xlarge` 4, and `Nxlarge` 4 × N.
fn vcpus(size: &str) -> f64 {
    match size {
        "nano" | "micro" | "small" | "medium" | "large" => 2.0,
        "xlarge" => 4.0,
        _ => size
            .strip_suffix("xlarge")
            .and_then(|n| n.parse::<f64>().ok())
            .map_or(2.0, |n| 4.0 * n),
    }
}

fn required<'a>(ctx: &Ctx<'a>, path: &[&str]) -> Result<&'a str, Reason> {
    ctx.str(path)?
        .ok_or_else(|| format!("`{}` is not set", path.join(".")))
}

/// The metrics EC2 detailed monitoring publishes per instance.
const EC2_DETAILED_METRICS: f64 = 7.0;

/// Where an instance's shape is declared: the instance itself, or the launch template or
/// launch configuration an autoscaling group starts its instances from.
#[derive(Clone, Copy, PartialEq)]
enum Launch {
    Instance,
    Template,
    Configuration,
}

/// What one EC2 instance is made of.
struct InstanceSpec<'a> {
    ty: &'a str,
    tenancy: &'a str,
    ebs_optimized: bool,
    monitoring: bool,
    cpu_credits: Option<&'a str>,
    volumes: Vec<VolumeSpec>,
}

struct VolumeSpec {
    name: String,
    ty: String,
    size: f64,
    iops: Option<f64>,
    throughput: Option<f64>,
}

impl<'a> InstanceSpec<'a> {
    /// Reads the spec from an instance, a launch template or a launch configuration;
    /// `ty` overrides its instance type (a mixed-instances override).
    fn read(a: Attrs<'a>, launch: Launch, ty: Option<&'a str>) -> Result<Self, Reason> {
        let ty = match ty {
            Some(t) => t,
            None => a
                .str(&["instance_type"])?
                .ok_or_else(|| "`instance_type` is not set".to_string())?,
        };
        let tenancy = match launch {
            Launch::Instance => a.str(&["tenancy"])?,
            Launch::Template => a.str(&["placement", "tenancy"])?,
            Launch::Configuration => a.str(&["placement_tenancy"])?,
        }
        .unwrap_or("default");
        // Launch configurations turn detailed monitoring on unless told otherwise.
        let monitoring = match launch {
            Launch::Instance => a.flag(&["monitoring"]) == Some(true),
            Launch::Template => a.flag(&["monitoring", "enabled"]) == Some(true),
            Launch::Configuration => a.flag(&["enable_monitoring"]) != Some(false),
        };
        let cpu_credits = match launch {
            Launch::Configuration => None,
            _ => a.str(&["credit_specification", "cpu_credits"])?,
        };
        let mut volumes = Vec::new();
        let volume = |o: &std::collections::BTreeMap<String, aetheredge_model::iac::Value>,
                      name: String,
                      default_size: Option<f64>|
         -> Result<VolumeSpec, Reason> {
            let num = |k: &str| o.get(k).and_then(|v| v.as_f64());
            Ok(VolumeSpec {
                ty: o
                    .get("volume_type")
                    .and_then(|v| v.as_str())
                    .unwrap_or("gp2")
                    .to_string(),
                size: num("volume_size")
                    .or(default_size)
                    .ok_or_else(|| format!("`{name}` has no known volume_size"))?,
                iops: num("iops"),
                throughput: num("throughput"),
                name,
            })
        };
        let blocks = |name: &str| -> Vec<aetheredge_model::iac::Value> {
            match a.attr(name) {
                Some(aetheredge_model::iac::Value::List(items)) => items.clone(),
                Some(v) => vec![v.clone()],
                None => Vec::new(),
            }
        };
        if launch == Launch::Template {
            for (i, mapping) in blocks("block_device_mappings").iter().enumerate() {
                let ebs = super::first_object(mapping)
                    .and_then(|m| m.get("ebs"))
                    .and_then(super::first_object);
                if let Some(ebs) = ebs {
                    volumes.push(volume(ebs, format!("Block device {i}"), Some(8.0))?);
                }
            }
        } else {
            let empty = std::collections::BTreeMap::new();
            let root = a
                .attr("root_block_device")
                .and_then(super::first_object)
                .unwrap_or(&empty);
            volumes.push(volume(root, "Root volume".into(), Some(8.0))?);
            for (i, block) in blocks("ebs_block_device").iter().enumerate() {
                if let Some(o) = super::first_object(block) {
                    let name = format!("EBS block device {i}");
                    volumes.push(volume(o, name, None).map_err(|_| {
                        format!("`ebs_block_device[{i}].volume_size` is not set or known only after apply")
                    })?);
                }
            }
        }
        Ok(InstanceSpec {
            ty,
            tenancy,
            ebs_optimized: a.flag(&["ebs_optimized"]) == Some(true),
            monitoring,
            cpu_credits,
            volumes,
        })
    }

    /// Prices `count` such instances, each running `hours` a month.
    fn price(&self, ctx: &mut Ctx, count: f64, hours: f64) -> Result<(), Reason> {
        let ty = self.ty;
        if self.tenancy != "default" {
            return Err(format!(
                "tenancy `{}` is not in the catalog (shared tenancy is)",
                self.tenancy
            ));
        }
        let times = if count == 1.0 {
            String::new()
        } else {
            format!(" × {count}")
        };
        ctx.hours(
            &format!("Instance usage (Linux, on-demand, {ty}){times}"),
            &format!("ec2.{ty}"),
            hours * count,
        )?;
        // Previous-generation types charge for EBS optimization by the hour; current ones
        // include it, and the catalog lists only the types with a fee.
        let ebs_optimized_fee = format!("ec2.ebs_optimized.{ty}");
        if self.ebs_optimized && ctx.priced(&ebs_optimized_fee) {
            ctx.hours("EBS-optimized usage", &ebs_optimized_fee, hours * count)?;
        }
        // Detailed monitoring publishes the instance's 7 metrics every minute, billed as
        // custom CloudWatch metrics.
        if self.monitoring {
            ctx.monthly(
                "EC2 detailed monitoring",
                "cloudwatch.metric",
                EC2_DETAILED_METRICS * count,
            )?;
        }
        let family = ty.split('.').next().unwrap_or("");
        if family.starts_with('t') {
            // T3/T3a/T4g launch as `unlimited`, T2 as `standard`: only unlimited instances
            // pay for surplus CPU credits, which depend on load.
            let default = if family == "t2" {
                "standard"
            } else {
                "unlimited"
            };
            if self.cpu_credits.unwrap_or(default) == "unlimited" {
                let size = ty.split('.').nth(1).unwrap_or("");
                let hrs = ctx
                    .usage("monthly_cpu_credit_hrs")
                    .map(|h| h * vcpus(size) * count);
                ctx.by_usage("CPU credits (unlimited)", "ec2.cpu_credits", hrs)?;
            }
        }
        for v in &self.volumes {
            volume(
                ctx,
                &format!("{}{times}", v.name),
                &v.ty,
                v.size,
                v.iops,
                v.throughput,
                count,
            )?;
        }
        Ok(())
    }
}

fn instance(ctx: &mut Ctx) -> Result<(), Reason> {
    let spec = InstanceSpec::read(ctx.attrs(), Launch::Instance, None)?;
    let hours = ctx.usage("monthly_hrs").unwrap_or(super::HOURS_PER_MONTH);
    spec.price(ctx, 1.0, hours)
}

fn ebs_volume(ctx: &mut Ctx) -> Result<(), Reason> {
    let ty = ctx.str(&["type"])?.unwrap_or("gp2");
    let size = match ctx.num(&["size"])? {
        Some(s) => s,
        None if ctx.attr("snapshot_id").is_some() => {
            return Err("`size` is not set and comes from the snapshot".to_string())
        }
        None => return Err("`size` is not set".to_string()),
    };
    let iops = ctx.num(&["iops"])?;
    let tput = ctx.num(&["throughput"])?;
    volume(ctx, "Storage", ty, size, iops, tput, 1.0)?;
    if ty == "standard" {
        let io = ctx.usage("monthly_standard_io_requests").map(|r| r / 1e6);
        ctx.by_usage("I/O requests", "ebs.standard.io", io)?;
    }
    Ok(())
}

/// An EBS volume's components: storage, and provisioned IOPS and throughput beyond what the
/// type includes (gp3: 3,000 IOPS and 125 MB/s).
/// `count` volumes of one type and size.
fn volume(
    ctx: &mut Ctx,
    name: &str,
    ty: &str,
    size: f64,
    iops: Option<f64>,
    tput: Option<f64>,
    count: f64,
) -> Result<(), Reason> {
    let label = format!("{name} ({ty}, {size} GB)");
    ctx.monthly(&label, &format!("ebs.{ty}.storage"), size * count)
        .map_err(|_| format!("volume type `{ty}` is not in the catalog"))?;
    match ty {
        "gp3" => {
            if let Some(extra) = iops.map(|i| i - 3000.0).filter(|e| *e > 0.0) {
                ctx.monthly(
                    &format!("{name} provisioned IOPS above 3000"),
                    "ebs.gp3.iops",
                    extra * count,
                )?;
            }
            if let Some(extra) = tput.map(|t| t - 125.0).filter(|e| *e > 0.0) {
                ctx.monthly(
                    &format!("{name} throughput above 125 MBps"),
                    "ebs.gp3.throughput",
                    extra * count,
                )?;
            }
        }
        "io1" | "io2" => {
            let iops = iops.ok_or_else(|| format!("an {ty} volume needs `iops`"))?;
            ctx.monthly(
                &format!("{name} provisioned IOPS"),
                &format!("ebs.{ty}.iops"),
                iops * count,
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// The catalog's engine name of an RDS engine, and its licence: Oracle Enterprise Edition
/// and the old Standard Edition come only with your own licence, Standard Edition One and
/// Two and SQL Server include theirs unless `license_model` says otherwise.
fn rds_engine(engine: &str, license_model: Option<&str>) -> Result<&'static str, Reason> {
    let own_licence = license_model == Some("bring-your-own-license");
    Ok(match engine {
        "mysql" => "mysql",
        "postgres" => "postgres",
        "mariadb" => "mariadb",
        "aurora" | "aurora-mysql" => "aurora-mysql",
        "aurora-postgresql" => "aurora-postgresql",
        "oracle-ee" | "oracle-ee-cdb" | "oracle-se" => "oracle-byol",
        "oracle-se1" | "oracle-se2" | "oracle-se2-cdb" if own_licence => "oracle-byol",
        "oracle-se1" => "oracle-se1",
        "oracle-se2" | "oracle-se2-cdb" => "oracle-se2",
        "sqlserver-ex" => "sqlserver-ex",
        "sqlserver-web" => "sqlserver-web",
        "sqlserver-se" => "sqlserver-se",
        "sqlserver-ee" => "sqlserver-ee",
        other => {
            return Err(format!(
                "engine `{other}` is not in the catalog (MySQL, PostgreSQL, MariaDB, Aurora, Oracle and SQL Server are)"
            ))
        }
    })
}

/// The engine of an RDS instance: its own, or for a read replica its source's.
fn db_instance_engine<'a>(ctx: &Ctx<'a>) -> Result<&'a str, Reason> {
    if let Some(engine) = ctx.str(&["engine"])? {
        return Ok(engine);
    }
    ctx.index
        .referenced(ctx.res, ctx.attr("replicate_source_db"), "aws_db_instance")
        .and_then(|source| source.attributes.get("engine"))
        .and_then(|v| v.as_str())
        .ok_or_else(|| "`engine` is not set".to_string())
}

/// The storage an RDS instance is priced with when `allocated_storage` is not set.
const RDS_DEFAULT_STORAGE_GB: f64 = 20.0;

/// Provisioned IOPS (io1) storage is at least 100 GB with at least 1,000 IOPS.
const RDS_IO1_MIN_GB: f64 = 100.0;
const RDS_IO1_MIN_IOPS: f64 = 1000.0;

fn db_instance(ctx: &mut Ctx) -> Result<(), Reason> {
    let class = required(ctx, &["instance_class"])?;
    let written = db_instance_engine(ctx)?;
    let engine = rds_engine(written, ctx.str(&["license_model"])?)?;
    let multi_az = ctx.flag(&["multi_az"]).unwrap_or(false);
    let az = if multi_az { "Multi-AZ" } else { "Single-AZ" };
    let key = format!("rds.{engine}.{class}");
    let name = format!("Database instance ({engine}, {class}, {az})");
    match ctx.price(&format!("{key}.multi_az")) {
        Ok(_) if multi_az => ctx.hourly(&name, &format!("{key}.multi_az"), 1.0)?,
        _ => ctx
            .hourly(&name, &key, if multi_az { 2.0 } else { 1.0 })
            .map_err(|_| {
                format!(
                    "instance class `{class}` for {written} is not in the catalog for {}",
                    ctx.region
                )
            })?,
    }
    let aurora = engine.starts_with("aurora");
    let iops = ctx.num(&["iops"])?;
    let storage_type = ctx.str(&["storage_type"])?.unwrap_or("gp2");
    // Unset, the storage is priced at the 20 GB the console and Infracost start from.
    let (mut size, assumed) = match ctx.num(&["allocated_storage"])? {
        Some(size) => (size, ""),
        None => (
            RDS_DEFAULT_STORAGE_GB,
            ", 20 GB assumed: allocated_storage is unset",
        ),
    };
    if storage_type == "io1" {
        size = size.max(RDS_IO1_MIN_GB);
    }
    let copies = if multi_az { 2.0 } else { 1.0 };
    ctx.monthly(
        &format!("Storage ({storage_type}{assumed})"),
        &format!("rds.storage.{storage_type}"),
        size * copies,
    )
    .map_err(|_| format!("storage type `{storage_type}` is not in the catalog"))?;
    match storage_type {
        "io1" | "io2" => {
            let iops = iops.unwrap_or(0.0).max(RDS_IO1_MIN_IOPS);
            ctx.monthly(
                "Provisioned IOPS",
                &format!("rds.iops.{storage_type}"),
                iops * copies,
            )?
        }
        // gp3 includes 3,000 IOPS below 400 GB and 12,000 from 400 GB (MySQL, PostgreSQL,
        // MariaDB): only IOPS above that are billed.
        "gp3" => {
            let included = if size >= 400.0 { 12_000.0 } else { 3_000.0 };
            if let Some(extra) = iops.map(|i| i - included).filter(|e| *e > 0.0) {
                ctx.monthly(
                    &format!("Provisioned IOPS above {included}"),
                    "rds.iops.gp3",
                    extra * copies,
                )?
            }
        }
        "standard" => {
            let io = ctx.usage("monthly_standard_io_requests").map(|r| r / 1e6);
            ctx.by_usage("I/O requests", "rds.io.standard", io)?
        }
        _ => {}
    }
    let backup = ctx.usage("additional_backup_storage_gb");
    let backup_key = if aurora {
        "rds.backup.aurora"
    } else {
        "rds.backup"
    };
    ctx.by_usage("Additional backup storage", backup_key, backup)?;
    performance_insights(ctx, class)?;
    rds_cpu_credits(
        ctx,
        class,
        if aurora {
            "rds.cpu_credits.aurora"
        } else {
            "rds.cpu_credits"
        },
    )?;
    // A version only apply knows (the provider's default) is not one past its support.
    let version = match ctx.str(&["engine_version"]).ok().flatten() {
        Some(v) => Some(v),
        None => ctx
            .index
            .referenced(ctx.res, ctx.attr("replicate_source_db"), "aws_db_instance")
            .and_then(|source| Attrs(source).str(&["engine_version"]).ok().flatten()),
    };
    rds_extended_support(ctx, engine, version, class, copies)
}

/// Performance Insights: retention beyond the free 7 days is billed per vCPU of the class
/// (per ACU on Aurora Serverless), and API calls beyond the free tier by usage
/// (`monthly_additional_performance_insights_requests`).
fn performance_insights(ctx: &mut Ctx, class: &str) -> Result<(), Reason> {
    if ctx.flag(&["performance_insights_enabled"]) != Some(true) {
        return Ok(());
    }
    let retention = ctx
        .num(&["performance_insights_retention_period"])?
        .unwrap_or(7.0);
    if retention > 7.0 {
        if class == "db.serverless" {
            let acus = ctx.usage("capacity_units_per_hr");
            ctx.by_usage(
                "Performance Insights long-term retention (serverless)",
                "rds.performance_insights.serverless",
                acus,
            )?;
        } else {
            let bare = class.trim_start_matches("db.");
            let (family, size) = bare.split_once('.').unwrap_or((bare, ""));
            let key = format!("rds.performance_insights.{family}");
            ctx.monthly(
                &format!("Performance Insights long-term retention ({class})"),
                &key,
                vcpus(size),
            )
            .map_err(|_| {
                format!("Performance Insights retention for `{class}` is not in the catalog")
            })?;
        }
    }
    let requests = ctx
        .usage("monthly_additional_performance_insights_requests")
        .map(|r| r / 1000.0);
    ctx.by_usage(
        "Performance Insights API",
        "rds.performance_insights.api",
        requests,
    )
}

/// Burstable database classes (db.t3, db.t4g) run unlimited: surplus CPU credits are billed
/// per vCPU-hour (usage `monthly_cpu_credit_hrs`, `vcpu_count`).
fn rds_cpu_credits(ctx: &mut Ctx, class: &str, key: &str) -> Result<(), Reason> {
    let bare = class.trim_start_matches("db.");
    if !(bare.starts_with("t3.") || bare.starts_with("t4g.")) {
        return Ok(());
    }
    let size = bare.split('.').nth(1).unwrap_or("");
    let vcpu = ctx.usage("vcpu_count").unwrap_or_else(|| vcpus(size));
    let hours = ctx.usage("monthly_cpu_credit_hrs").map(|h| h * vcpu);
    ctx.by_usage("CPU credits", key, hours)
}

/// An Aurora cluster: storage and I/O by usage (`storage_gb`, `write_requests_per_sec`,
/// `read_requests_per_sec`; I/O-Optimized storage costs more and includes the I/O), Serverless
/// v1 capacity (`capacity_units_per_hr`; v2 capacity is billed on its `db.serverless`
/// instances), backups beyond the free day, Backtrack (Aurora MySQL) and snapshot exports.
fn rds_cluster(ctx: &mut Ctx) -> Result<(), Reason> {
    let engine = rds_engine(ctx.str(&["engine"])?.unwrap_or("aurora"), None)?;
    if !engine.starts_with("aurora") {
        return Err(format!(
            "Multi-AZ DB clusters of `{engine}` are not in the catalog"
        ));
    }
    let serverless = ctx.str(&["engine_mode"])? == Some("serverless");
    if serverless {
        let acu = ctx
            .usage("capacity_units_per_hr")
            .map(|a| a * super::HOURS_PER_MONTH);
        ctx.by_usage("Aurora Serverless capacity", "rds.acu.aurora.v1", acu)?;
    }
    let gb = ctx.usage("storage_gb");
    if ctx.str(&["storage_type"])? == Some("aurora-iopt1") {
        ctx.by_usage(
            "Storage (I/O-Optimized)",
            "rds.storage.aurora.io_optimized",
            gb,
        )?;
    } else {
        ctx.by_usage("Storage", "rds.storage.aurora", gb)?;
        let io = match (
            ctx.usage("write_requests_per_sec"),
            ctx.usage("read_requests_per_sec"),
        ) {
            (Some(w), Some(r)) => Some((w + r) * super::HOURS_PER_MONTH * 3600.0 / 1e6),
            _ => None,
        };
        ctx.by_usage("I/O requests", "rds.io.aurora", io)?;
    }
    // One day of backups is free; each further day keeps another snapshot.
    let retention = ctx.num(&["backup_retention_period"])?.unwrap_or(1.0);
    if retention > 1.0 {
        let backup = ctx
            .usage("backup_snapshot_size_gb")
            .map(|gb| gb * (retention - 1.0));
        ctx.by_usage("Backup storage", "rds.backup.aurora", backup)?;
    }
    if !serverless && engine == "aurora-mysql" {
        let records = match (
            ctx.usage("average_statements_per_hr"),
            ctx.usage("change_records_per_statement"),
            ctx.usage("backtrack_window_hrs"),
        ) {
            (Some(s), Some(c), Some(w)) => Some(s * super::HOURS_PER_MONTH * c * w / 1e6),
            _ => None,
        };
        ctx.by_usage("Backtrack change records", "rds.backtrack.aurora", records)?;
    }
    let export = ctx.usage("snapshot_export_size_gb");
    ctx.by_usage("Snapshot export", "rds.snapshot_export.aurora", export)
}

fn rds_cluster_instance(ctx: &mut Ctx) -> Result<(), Reason> {
    let class = required(ctx, &["instance_class"])?;
    if class == "db.serverless" {
        // Serverless v2 capacity is billed per ACU-hour (usage `capacity_units_per_hr`).
        let acu = ctx
            .usage("capacity_units_per_hr")
            .map(|a| a * super::HOURS_PER_MONTH);
        ctx.by_usage("Aurora Serverless v2 capacity", "rds.acu.aurora", acu)?;
        performance_insights(ctx, class)?;
        let engine = cluster_instance_engine(ctx)?;
        let version = cluster_instance_version(ctx);
        return rds_extended_support(ctx, engine, version, class, 1.0);
    }
    let engine = cluster_instance_engine(ctx)?;
    ctx.hourly(
        &format!("Database instance ({engine}, {class})"),
        &format!("rds.{engine}.{class}"),
        1.0,
    )
    .map_err(|_| {
        format!(
            "instance class `{class}` for {engine} is not in the catalog for {}",
            ctx.region
        )
    })?;
    performance_insights(ctx, class)?;
    rds_cpu_credits(ctx, class, "rds.cpu_credits.aurora")?;
    let version = cluster_instance_version(ctx);
    rds_extended_support(ctx, engine, version, class, 1.0)
}

/// The catalog's engine of an Aurora instance: its own, else its cluster's, else Aurora MySQL.
fn cluster_instance_engine(ctx: &Ctx) -> Result<&'static str, Reason> {
    match ctx.str(&["engine"])? {
        Some(e) => rds_engine(e, None),
        None => {
            let cluster =
                ctx.index
                    .referenced(ctx.res, ctx.attr("cluster_identifier"), "aws_rds_cluster");
            match cluster
                .and_then(|c| c.attributes.get("engine"))
                .and_then(|v| v.as_str())
            {
                Some(e) => rds_engine(e, None),
                None => Ok("aurora-mysql"),
            }
        }
    }
}

/// The engine version of an Aurora instance: its own, else its cluster's; none when only
/// apply knows it (the provider's default, not one past its support).
fn cluster_instance_version<'a>(ctx: &Ctx<'a>) -> Option<&'a str> {
    ctx.str(&["engine_version"]).ok().flatten().or_else(|| {
        ctx.index
            .referenced(ctx.res, ctx.attr("cluster_identifier"), "aws_rds_cluster")
            .and_then(|cluster| Attrs(cluster).str(&["engine_version"]).ok().flatten())
    })
}

/// When AWS bills a major version past its end of standard support (RDS Extended
/// Support), from AWS's release calendars of RDS for MySQL and PostgreSQL and of Aurora:
/// the catalog's engine, the major version (matched against the leading parts of
/// `engine_version`), the first day at the year 1–2 rate and the first day at the year 3
/// rate (Aurora MySQL has none).
const RDS_EXTENDED_SUPPORT: &[(&str, &str, &str, Option<&str>)] = &[
    ("mysql", "5.7", "2024-03-01", Some("2026-03-01")),
    ("mysql", "8.0", "2026-08-01", Some("2028-08-01")),
    ("aurora-mysql", "5.7", "2024-12-01", None),
    ("aurora-mysql", "8.0", "2027-05-01", None),
    ("postgres", "11", "2024-04-01", Some("2026-04-01")),
    ("postgres", "12", "2025-03-01", Some("2027-03-01")),
    ("postgres", "13", "2026-03-01", Some("2028-03-01")),
    ("postgres", "14", "2027-03-01", Some("2029-03-01")),
    ("postgres", "15", "2028-03-01", Some("2030-03-01")),
    ("postgres", "16", "2029-03-01", Some("2031-03-01")),
    ("aurora-postgresql", "11", "2024-04-01", Some("2026-04-01")),
    ("aurora-postgresql", "12", "2025-03-01", Some("2027-03-01")),
    ("aurora-postgresql", "13", "2026-03-01", Some("2028-03-01")),
    ("aurora-postgresql", "14", "2027-03-01", Some("2029-03-01")),
    ("aurora-postgresql", "15", "2028-03-01", Some("2030-03-01")),
];

/// A calendar day of the tables above.
fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The year of extended support (`1` for years 1–2, `3`) a version is billed at on `date`,
/// if it is billed: the table's entry for the longest leading part of the version
/// (`5.7.mysql_aurora.2.11.2` is 5.7, `11.22` is 11).
fn rds_support_year(engine: &str, version: &str, date: NaiveDate) -> Option<u8> {
    let mut candidate = version.trim().to_ascii_lowercase();
    let (year1, year3) = loop {
        if let Some((_, _, year1, year3)) = RDS_EXTENDED_SUPPORT
            .iter()
            .find(|(e, major, _, _)| *e == engine && *major == candidate)
        {
            break (*year1, *year3);
        }
        candidate.truncate(candidate.rfind('.')?);
    };
    if year3.and_then(day).is_some_and(|y3| date >= y3) {
        Some(3)
    } else {
        day(year1).is_some_and(|y1| date >= y1).then_some(1)
    }
}

/// RDS Extended Support on the pricing date: per vCPU of the class per hour, for every
/// copy (a Multi-AZ standby pays too), or per ACU-hour on Aurora Serverless v2 (usage
/// `capacity_units_per_hr`).
fn rds_extended_support(
    ctx: &mut Ctx,
    engine: &str,
    version: Option<&str>,
    class: &str,
    copies: f64,
) -> Result<(), Reason> {
    let Some(year) = version.and_then(|v| rds_support_year(engine, v, ctx.date)) else {
        return Ok(());
    };
    let name = format!("Extended support (year {year})");
    if class == "db.serverless" {
        let acu = ctx
            .usage("capacity_units_per_hr")
            .map(|a| a * super::HOURS_PER_MONTH);
        return ctx.by_usage(
            &name,
            &format!("rds.extended_support.serverless.year{year}"),
            acu,
        );
    }
    let size = class.rsplit('.').next().unwrap_or("");
    let (usd, _) = ctx.price(&format!("rds.extended_support.year{year}"))?;
    let vcpu_hours = vcpus(size) * super::HOURS_PER_MONTH * copies;
    ctx.push_raw(&name, "vCPU-hours", vcpu_hours, usd);
    Ok(())
}

fn class_hours(
    ctx: &mut Ctx,
    service: &str,
    attr: &str,
    default: Option<&str>,
    count: f64,
) -> Result<(), Reason> {
    let class = match ctx.str(&[attr])? {
        Some(c) => c,
        None => default.ok_or_else(|| format!("`{attr}` is not set"))?,
    };
    ctx.hourly(
        &format!("Instance ({class})"),
        &format!("{service}.{class}"),
        count,
    )
    .map_err(|_| format!("`{class}` is not in the catalog for {}", ctx.region))
}

/// An Amazon MQ broker: its instances (one, an active/standby pair, or a three-node RabbitMQ
/// cluster) and their storage (usage `storage_size_gb`; ActiveMQ on EFS unless
/// `storage_type` is `ebs`, RabbitMQ on EBS, per node).
fn mq_broker(ctx: &mut Ctx) -> Result<(), Reason> {
    let ty = required(ctx, &["host_instance_type"])?;
    let mode = ctx
        .str(&["deployment_mode"])?
        .unwrap_or("SINGLE_INSTANCE")
        .to_ascii_uppercase();
    let count = match mode.as_str() {
        "ACTIVE_STANDBY_MULTI_AZ" => 2.0,
        "CLUSTER_MULTI_AZ" => 3.0,
        _ => 1.0,
    };
    ctx.hourly(
        &format!("Broker instance ({ty}, {mode})"),
        &format!("mq.{ty}"),
        count,
    )
    .map_err(|_| format!("`{ty}` is not in the catalog for {}", ctx.region))?;
    let rabbit = ctx
        .str(&["engine_type"])?
        .is_some_and(|e| e.eq_ignore_ascii_case("rabbitmq"));
    let ebs = rabbit || ctx.str(&["storage_type"])? == Some("ebs");
    let (name, key) = if ebs {
        ("Storage (EBS)", "mq.storage.ebs")
    } else {
        ("Storage (EFS)", "mq.storage.efs")
    };
    let nodes = if rabbit { count } else { 1.0 };
    let gb = ctx.usage("storage_size_gb").map(|g| g * nodes);
    ctx.by_usage(name, key, gb)
}

/// A DocumentDB instance by class, with the cluster's storage, I/O and a burstable class's
/// CPU credits by usage (`data_storage_gb`, `monthly_io_requests`, `monthly_cpu_credit_hrs`).
fn docdb_instance(ctx: &mut Ctx) -> Result<(), Reason> {
    let class = required(ctx, &["instance_class"])?;
    class_hours(ctx, "docdb", "instance_class", None, 1.0)?;
    let gb = ctx.usage("data_storage_gb");
    let io = ctx.usage("monthly_io_requests").map(|r| r / 1e6);
    ctx.by_usage("Storage", "docdb.storage", gb)?;
    ctx.by_usage("I/O requests", "docdb.io", io)?;
    if class.starts_with("db.t") {
        let size = class.rsplit('.').next().unwrap_or("");
        let hours = ctx.usage("monthly_cpu_credit_hrs").map(|h| h * vcpus(size));
        ctx.by_usage("CPU credits", "docdb.cpu_credits", hours)?;
    }
    Ok(())
}

/// An HTTP or WebSocket API: requests (HTTP, in 512 KB steps) or messages (WebSocket, in
/// 32 KB steps) in tiers, and WebSocket connection minutes.
fn apigatewayv2_api(ctx: &mut Ctx) -> Result<(), Reason> {
    if ctx.str(&["protocol_type"])? == Some("WEBSOCKET") {
        let steps = (ctx.usage("message_size_kb").unwrap_or(32.0) / 32.0)
            .ceil()
            .max(1.0);
        let messages = ctx.usage("monthly_messages").map(|m| m * steps / 1e6);
        tiered(
            ctx,
            messages,
            &[
                ("Messages (first 1B)", "apigw.websocket", 1000.0),
                (
                    "Messages (over 1B)",
                    "apigw.websocket.over_1b",
                    f64::INFINITY,
                ),
            ],
        )?;
        let minutes = ctx.usage("monthly_connection_mins").map(|m| m / 1e6);
        return ctx.by_usage("Connection minutes", "apigw.websocket.connection", minutes);
    }
    let steps = (ctx.usage("request_size_kb").unwrap_or(512.0) / 512.0)
        .ceil()
        .max(1.0);
    let requests = ctx.usage("monthly_requests").map(|r| r * steps / 1e6);
    tiered(
        ctx,
        requests,
        &[
            ("Requests (first 300M)", "apigw.http", 300.0),
            (
                "Requests (over 300M)",
                "apigw.http.over_300m",
                f64::INFINITY,
            ),
        ],
    )
}

fn nat_gateway(ctx: &mut Ctx) -> Result<(), Reason> {
    if ctx.str(&["connectivity_type"])? == Some("private") {
        // Private NAT gateways bill the same hourly and per-GB rates.
    }
    let gb = ctx.usage("monthly_data_processed_gb");
    ctx.hourly("NAT gateway", "nat.hour", 1.0)?;
    ctx.by_usage("Data processed", "nat.data", gb)
}

fn load_balancer(ctx: &mut Ctx) -> Result<(), Reason> {
    let ty = ctx.str(&["load_balancer_type"])?.unwrap_or("application");
    let (name, units) = match ty {
        "application" => ("Application load balancer", "Load balancer capacity units"),
        "network" => (
            "Network load balancer",
            "Network load balancer capacity units",
        ),
        "gateway" => (
            "Gateway load balancer",
            "Gateway load balancer capacity units",
        ),
        other => {
            return Err(format!(
                "load balancer type `{other}` is not in the catalog"
            ))
        }
    };
    ctx.hourly(name, &format!("elb.{ty}.hour"), 1.0)?;
    // An LCU-hour is the largest of: 25 new connections/s, 3,000 active connections/min,
    // 1 GB processed, 1,000 rule evaluations/s, for an hour. Infracost's usage keys give the
    // rates as averages and the bytes as the month's total, so a month of bytes is that many
    // LCU-hours and a rate is that many LCUs for each of the month's hours.
    let hours = super::HOURS_PER_MONTH;
    let dims = [
        ctx.usage("new_connections").map(|v| v / 25.0 * hours),
        ctx.usage("active_connections").map(|v| v / 3000.0 * hours),
        ctx.usage("processed_bytes_gb"),
        ctx.usage("rule_evaluations").map(|v| v / 1000.0 * hours),
    ];
    let lcu = ctx
        .usage("monthly_lcu_hours")
        .or_else(|| dims.iter().flatten().cloned().reduce(f64::max));
    ctx.by_usage(units, &format!("elb.{ty}.lcu"), lcu)
}

/// When each Kubernetes minor version's standard support on EKS ends, from AWS's EKS
/// release calendar: from the day after, a cluster on it pays the extended support rate.
const EKS_END_OF_STANDARD_SUPPORT: &[(&str, &str)] = &[
    ("1.23", "2023-10-11"),
    ("1.24", "2024-01-31"),
    ("1.25", "2024-05-01"),
    ("1.26", "2024-06-11"),
    ("1.27", "2024-07-24"),
    ("1.28", "2024-11-26"),
    ("1.29", "2025-03-23"),
    ("1.30", "2025-07-23"),
    ("1.31", "2025-11-26"),
    ("1.32", "2026-03-23"),
    ("1.33", "2026-07-29"),
    ("1.34", "2026-12-02"),
    ("1.35", "2027-03-27"),
];

/// An EKS cluster: its hours at the standard rate, or at the extended support rate when its
/// `version` is past its end of standard support on the pricing date (unset: the newest
/// version, in standard support).
fn eks_cluster(ctx: &mut Ctx) -> Result<(), Reason> {
    let version = ctx.str(&["version"])?.unwrap_or("");
    let extended = EKS_END_OF_STANDARD_SUPPORT
        .iter()
        .find(|(minor, _)| {
            version == *minor
                || version
                    .strip_prefix(minor)
                    .is_some_and(|r| r.starts_with('.'))
        })
        .and_then(|(_, end)| day(end))
        .is_some_and(|end| ctx.date > end);
    if extended {
        ctx.hourly(
            &format!("EKS cluster (extended support, {version})"),
            "eks.cluster.extended.hour",
            1.0,
        )
    } else {
        ctx.hourly("EKS cluster", "eks.cluster.hour", 1.0)
    }
}

fn eks_node_group(ctx: &mut Ctx) -> Result<(), Reason> {
    let desired = ctx
        .num(&["scaling_config", "desired_size"])?
        .ok_or_else(|| "`scaling_config.desired_size` is not set".to_string())?;
    let count = ctx.usage("instances").unwrap_or(desired);
    let listed = match ctx.path(&["instance_types"]) {
        Some(aetheredge_model::iac::Value::List(items)) => match items.first() {
            Some(aetheredge_model::iac::Value::String(s)) => Some(s.as_str()),
            Some(_) => return Err("`instance_types` is known only after apply".to_string()),
            None => None,
        },
        Some(v) if !v.is_known() => {
            return Err("`instance_types` is known only after apply".to_string())
        }
        _ => None,
    };
    let capacity = ctx.str(&["capacity_type"])?.unwrap_or("ON_DEMAND");
    if capacity != "ON_DEMAND" {
        return Err(format!(
            "capacity type `{capacity}` is priced by the market, not the catalog"
        ));
    }
    let template = ["id", "name"].iter().find_map(|key| {
        ctx.index.referenced(
            ctx.res,
            ctx.path(&["launch_template", key]),
            "aws_launch_template",
        )
    });
    // With a launch template, the nodes are what it declares (its volumes, not
    // `disk_size`); the node group's `instance_types` wins over the template's type.
    if let Some(template) = template {
        let declared = Attrs(template).str(&["instance_type"])?;
        let ty = listed.or(declared).unwrap_or("t3.medium");
        let spec = InstanceSpec::read(Attrs(template), Launch::Template, Some(ty))?;
        return spec.price(ctx, count, super::HOURS_PER_MONTH);
    }
    let ty = listed.unwrap_or("t3.medium");
    ctx.hourly(
        &format!("Instance usage (Linux, on-demand, {ty}) × {count}"),
        &format!("ec2.{ty}"),
        count,
    )?;
    let disk = ctx.num(&["disk_size"])?.unwrap_or(20.0);
    ctx.monthly(
        &format!("Storage (gp2, {disk} GB) × {count}"),
        "ebs.gp2.storage",
        disk * count,
    )
}

fn fargate_usage(ctx: &mut Ctx) -> Result<(), Reason> {
    let vcpu_hours = ctx.usage("monthly_vcpu_hours");
    let gb_hours = ctx.usage("monthly_gb_hours");
    ctx.by_usage("Fargate vCPU", "fargate.vcpu", vcpu_hours)?;
    ctx.by_usage("Fargate memory", "fargate.memory", gb_hours)
}

fn elasticache_cluster(ctx: &mut Ctx) -> Result<(), Reason> {
    if let Some(group) = ctx.index.referenced(
        ctx.res,
        ctx.attr("replication_group_id"),
        "aws_elasticache_replication_group",
    ) {
        return Err(format!(
            "a member of `{}`, which is priced as a whole",
            group.address
        ));
    }
    let node = required(ctx, &["node_type"])?;
    let n = ctx.num(&["num_cache_nodes"])?.unwrap_or(1.0);
    ctx.hourly(
        &format!("Cache node ({node}) × {n}"),
        &format!("elasticache.{node}"),
        n,
    )
    .map_err(|_| {
        format!(
            "node type `{node}` is not in the catalog for {}",
            ctx.region
        )
    })?;
    // Snapshots beyond the free one of each node's size, by usage.
    if ctx.str(&["engine"])? != Some("memcached") {
        let gb = ctx.usage("snapshot_storage_size_gb");
        ctx.by_usage("Backup storage", "elasticache.backup", gb)?;
    }
    Ok(())
}

fn elasticache_replication_group(ctx: &mut Ctx) -> Result<(), Reason> {
    let node = required(ctx, &["node_type"])?;
    let n = match ctx
        .num(&["num_cache_clusters"])?
        .or(ctx.num(&["number_cache_clusters"])?)
    {
        Some(n) => n,
        None => {
            // Autoscaling targets hold the shards and replicas they set.
            let mut groups = ctx.num(&["num_node_groups"])?.unwrap_or(1.0);
            let mut replicas = ctx.num(&["replicas_per_node_group"])?.unwrap_or(0.0);
            let literal = ctx
                .str(&["replication_group_id"])
                .ok()
                .flatten()
                .map(|id| format!("replication-group/{id}"));
            for (dimension, capacity) in autoscaling_targets(ctx, literal) {
                match dimension.as_str() {
                    "elasticache:replication-group:NodeGroups" => groups = capacity,
                    "elasticache:replication-group:Replicas" => replicas = capacity,
                    _ => {}
                }
            }
            groups * (replicas + 1.0)
        }
    };
    ctx.hourly(
        &format!("Cache node ({node}) × {n}"),
        &format!("elasticache.{node}"),
        n,
    )
    .map_err(|_| {
        format!(
            "node type `{node}` is not in the catalog for {}",
            ctx.region
        )
    })
}

/// An OpenSearch (Elasticsearch) domain: data nodes, dedicated masters, UltraWarm nodes, and
/// each data node's EBS volume (`volume_size` is per node) with gp3 throughput above what the
/// volume includes and io1 IOPS.
fn opensearch(ctx: &mut Ctx) -> Result<(), Reason> {
    let bare = |t: &str| {
        t.trim_end_matches(".search")
            .trim_end_matches(".elasticsearch")
            .to_string()
    };
    let raw = ctx
        .str(&["cluster_config", "instance_type"])?
        .unwrap_or("m4.large.elasticsearch");
    let n = ctx
        .num(&["cluster_config", "instance_count"])?
        .unwrap_or(1.0);
    let ty = bare(raw);
    ctx.hourly(
        &format!("Instance ({raw}) × {n}"),
        &format!("opensearch.{ty}"),
        n,
    )
    .map_err(|_| {
        format!(
            "instance type `{raw}` is not in the catalog for {}",
            ctx.region
        )
    })?;
    if ctx.flag(&["ebs_options", "ebs_enabled"]) == Some(true) {
        let size = ctx.num(&["ebs_options", "volume_size"])?.unwrap_or(10.0);
        let vt = ctx.str(&["ebs_options", "volume_type"])?.unwrap_or("gp2");
        ctx.monthly(
            &format!("Storage ({vt}, {size} GB) × {n}"),
            &format!("opensearch.storage.{vt}"),
            size * n,
        )
        .map_err(|_| format!("volume type `{vt}` is not in the catalog"))?;
        match vt {
            "gp3" => {
                let throughput = ctx.num(&["ebs_options", "throughput"])?.unwrap_or(0.0);
                // 125 MiB/s are included up to 170 GB, then 250 MiB/s for every 3 TB
                // begun, up to 1,000.
                let included = if size <= 170.0 {
                    125.0
                } else {
                    ((size / 3000.0).ceil() * 250.0).min(1000.0)
                };
                let extra = (throughput - included).max(0.0);
                if extra > 0.0 {
                    ctx.monthly(
                        &format!("Throughput above {included} MiB/s × {n}"),
                        "opensearch.gp3.throughput",
                        extra * n,
                    )?;
                }
            }
            "io1" => {
                let iops = ctx.num(&["ebs_options", "iops"])?.unwrap_or(1.0).max(1.0);
                ctx.monthly(
                    &format!("Provisioned IOPS × {n}"),
                    "opensearch.io1.iops",
                    iops * n,
                )?;
            }
            _ => {}
        }
    }
    if ctx.flag(&["cluster_config", "dedicated_master_enabled"]) == Some(true) {
        let mraw = ctx
            .str(&["cluster_config", "dedicated_master_type"])?
            .unwrap_or("m4.large.elasticsearch");
        let mn = ctx
            .num(&["cluster_config", "dedicated_master_count"])?
            .unwrap_or(3.0);
        ctx.hourly(
            &format!("Dedicated master ({mraw}) × {mn}"),
            &format!("opensearch.{}", bare(mraw)),
            mn,
        )
        .map_err(|_| {
            format!(
                "instance type `{mraw}` is not in the catalog for {}",
                ctx.region
            )
        })?;
    }
    if ctx.flag(&["cluster_config", "warm_enabled"]) == Some(true) {
        if let (Some(wraw), Some(wn)) = (
            ctx.str(&["cluster_config", "warm_type"])?,
            ctx.num(&["cluster_config", "warm_count"])?,
        ) {
            ctx.hourly(
                &format!("UltraWarm ({wraw}) × {wn}"),
                &format!("opensearch.{}", bare(wraw)),
                wn,
            )
            .map_err(|_| {
                format!(
                    "instance type `{wraw}` is not in the catalog for {}",
                    ctx.region
                )
            })?;
        }
    }
    Ok(())
}

fn redshift(ctx: &mut Ctx) -> Result<(), Reason> {
    let node = required(ctx, &["node_type"])?;
    let n = ctx.num(&["number_of_nodes"])?.unwrap_or(1.0);
    ctx.hourly(
        &format!("Node ({node}) × {n}"),
        &format!("redshift.{node}"),
        n,
    )
    .map_err(|_| {
        format!(
            "node type `{node}` is not in the catalog for {}",
            ctx.region
        )
    })
}

/// A DynamoDB table: provisioned capacity (or, with an autoscaling target, the target's
/// usage `capacity` or its `min_capacity`) or on-demand request units, storage, backups,
/// restores and stream reads by usage, and each `replica`'s replicated writes at its
/// region's price.
fn dynamodb(ctx: &mut Ctx) -> Result<(), Reason> {
    let provisioned = ctx.str(&["billing_mode"])?.unwrap_or("PROVISIONED") == "PROVISIONED";
    let writes = ctx.usage("monthly_write_request_units");
    let mut wcu = 0.0;
    if provisioned {
        wcu = ctx.num(&["write_capacity"])?.unwrap_or(0.0);
        let mut rcu = ctx.num(&["read_capacity"])?.unwrap_or(0.0);
        let (mut w_auto, mut r_auto) = ("", "");
        let literal = ctx
            .str(&["name"])
            .ok()
            .flatten()
            .map(|n| format!("table/{n}"));
        for (dimension, capacity) in autoscaling_targets(ctx, literal) {
            match dimension.as_str() {
                "dynamodb:table:WriteCapacityUnits" => (wcu, w_auto) = (capacity, ", autoscaling"),
                "dynamodb:table:ReadCapacityUnits" => (rcu, r_auto) = (capacity, ", autoscaling"),
                _ => {}
            }
        }
        ctx.hourly(
            &format!("Write capacity ({wcu} WCU{w_auto})"),
            "dynamodb.wcu",
            wcu,
        )?;
        ctx.hourly(
            &format!("Read capacity ({rcu} RCU{r_auto})"),
            "dynamodb.rcu",
            rcu,
        )?;
    } else {
        let r = ctx.usage("monthly_read_request_units").map(|v| v / 1e6);
        ctx.by_usage(
            "Write request units",
            "dynamodb.write_requests",
            writes.map(|v| v / 1e6),
        )?;
        ctx.by_usage("Read request units", "dynamodb.read_requests", r)?;
    }
    let gb = ctx.usage("storage_gb");
    ctx.by_usage("Data storage", "dynamodb.storage", gb)?;
    if ctx.flag(&["point_in_time_recovery", "enabled"]) == Some(true) {
        let pitr = ctx.usage("pitr_backup_storage_gb");
        ctx.by_usage(
            "Point-in-time recovery backup storage",
            "dynamodb.pitr",
            pitr,
        )?;
    }
    let backup = ctx.usage("on_demand_backup_storage_gb");
    ctx.by_usage("On-demand backup storage", "dynamodb.backup", backup)?;
    let restored = ctx.usage("monthly_data_restored_gb");
    ctx.by_usage("Table data restored", "dynamodb.restore", restored)?;
    let streams = ctx
        .usage("monthly_streams_read_request_units")
        .map(|v| v / 1e6);
    ctx.by_usage(
        "Streams read request units",
        "dynamodb.streams_read",
        streams,
    )?;
    let replicas: Vec<String> = match ctx.attr("replica") {
        Some(aetheredge_model::iac::Value::List(items)) => items
            .iter()
            .filter_map(|r| {
                super::first_object(r)?
                    .get("region_name")?
                    .as_str()
                    .map(str::to_string)
            })
            .collect(),
        _ => Vec::new(),
    };
    for region in replicas {
        if provisioned {
            let (usd, _) = ctx.price_in(&region, "dynamodb.replicated_wcu")?;
            ctx.push_raw(
                &format!("Global table ({region}): replicated write capacity ({wcu} rWCU)"),
                "hours",
                wcu * super::HOURS_PER_MONTH,
                usd,
            );
        } else {
            let (usd, unit) = ctx.price_in(&region, "dynamodb.replicated_write_requests")?;
            let name = format!("Global table ({region}): replicated write request units");
            ctx.push_usage(&name, &unit, writes.map(|w| w / 1e6), usd);
        }
    }
    Ok(())
}

/// The application autoscaling targets of the priced resource, by scalable dimension, with
/// the capacity they hold: the target's usage `capacity`, or its `min_capacity`. A target
/// names its resource by reference (`"table/${aws_dynamodb_table.t.name}"`) or literally as
/// `literal` (`"table/Orders"`).
fn autoscaling_targets(ctx: &Ctx, literal: Option<String>) -> Vec<(String, f64)> {
    let table = ctx.res;
    let mut out = Vec::new();
    for target in ctx.index.of_type("aws_appautoscaling_target") {
        if target.root != table.root || target.module != table.module {
            continue;
        }
        let names_this = match written_references(target, "resource_id", &table.resource_type) {
            refs if refs.is_empty() => {
                literal.is_some()
                    && target
                        .attributes
                        .get("resource_id")
                        .and_then(|v| v.as_str())
                        == literal.as_deref()
            }
            refs => refs.contains(&table.name),
        };
        let dimension = target
            .attributes
            .get("scalable_dimension")
            .and_then(|v| v.as_str());
        let (true, Some(dimension)) = (names_this, dimension) else {
            continue;
        };
        let usage = ctx.usage_of(target);
        let capacity = usage::number(&usage, "capacity")
            .or_else(|| {
                target
                    .attributes
                    .get("min_capacity")
                    .and_then(|v| v.as_f64())
            })
            .unwrap_or(0.0);
        out.push((dimension.to_string(), capacity));
    }
    out
}

/// The names of the resources of `resource_type` an argument's expression, as written,
/// refers to (`"table/${aws_dynamodb_table.orders.name}"` gives `orders`).
fn written_references(
    res: &aetheredge_model::iac::Resource,
    argument: &str,
    resource_type: &str,
) -> Vec<String> {
    let prefix = format!("{resource_type}.");
    res.decl
        .arguments()
        .filter_map(|s| match s {
            hcl::Structure::Attribute(a) if a.key.as_str() == argument => Some(a.expr.to_string()),
            _ => None,
        })
        .flat_map(|text| {
            text.match_indices(&prefix)
                .filter_map(|(i, _)| {
                    let rest = &text[i + prefix.len()..];
                    let end = rest
                        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                        .unwrap_or(rest.len());
                    (end > 0).then(|| rest[..end].to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn msk(ctx: &mut Ctx) -> Result<(), Reason> {
    let ty = required(ctx, &["broker_node_group_info", "instance_type"])?;
    let n = ctx
        .num(&["number_of_broker_nodes"])?
        .ok_or_else(|| "`number_of_broker_nodes` is not set".to_string())?;
    ctx.hourly(&format!("Broker ({ty}) × {n}"), &format!("msk.{ty}"), n)
        .map_err(|_| {
            format!(
                "broker type `{ty}` is not in the catalog for {}",
                ctx.region
            )
        })?;
    let size = ctx
        .num(&[
            "broker_node_group_info",
            "storage_info",
            "ebs_storage_info",
            "volume_size",
        ])?
        .or(ctx.num(&["broker_node_group_info", "ebs_volume_size"])?)
        .unwrap_or(1000.0);
    // A storage autoscaling target holds each broker's volume at its capacity.
    let size = autoscaling_targets(ctx, None)
        .into_iter()
        .find(|(dimension, _)| dimension == "kafka:broker-storage:VolumeSize")
        .map_or(size, |(_, capacity)| capacity);
    ctx.monthly("Broker storage", "msk.storage", size * n)
}

fn vpc_endpoint(ctx: &mut Ctx) -> Result<(), Reason> {
    let ty = ctx.str(&["vpc_endpoint_type"])?.unwrap_or("Gateway");
    if ty == "Gateway" {
        return Ok(());
    }
    let azs = ctx.count(&["subnet_ids"]).unwrap_or(1).max(1) as f64;
    ctx.hourly(&format!("Endpoint ({azs} AZ)"), "vpce.interface.hour", azs)?;
    let gb = ctx.usage("monthly_data_processed_gb");
    tiered(
        ctx,
        gb,
        &[
            ("Data processed (first 1PB)", "vpce.data", 1e6),
            ("Data processed (next 4PB)", "vpce.data.next_4pb", 4e6),
            (
                "Data processed (over 5PB)",
                "vpce.data.over_5pb",
                f64::INFINITY,
            ),
        ],
    )
}

fn route53_health_check(ctx: &mut Ctx) -> Result<(), Reason> {
    // Checks of endpoints outside AWS cost more (usage `endpoint_type: non_aws`).
    let outside = ctx
        .usage_text("endpoint_type")
        .is_some_and(|t| t.replace('-', "_").eq_ignore_ascii_case("non_aws"));
    let suffix = if outside { ".non_aws" } else { "" };
    ctx.monthly(
        "Health check",
        &format!("route53.health_check{suffix}"),
        1.0,
    )?;
    let ty = ctx.str(&["type"])?.unwrap_or("HTTP");
    let mut features = 0.0;
    if ty.starts_with("HTTPS") {
        features += 1.0;
    }
    if ty.ends_with("STR_MATCH") {
        features += 1.0;
    }
    if ctx.num(&["request_interval"])? == Some(10.0) {
        features += 1.0;
    }
    if ctx.flag(&["measure_latency"]) == Some(true) {
        features += 1.0;
    }
    if features > 0.0 {
        ctx.monthly(
            "Optional features",
            &format!("route53.health_check.feature{suffix}"),
            features,
        )?;
    }
    Ok(())
}

/// A CloudWatch alarm: one alarm metric per metric it watches (an anomaly detection band
/// counts three: the metric and its two bounds), at the high-resolution price when its
/// period (or its first metric's) is under a minute.
fn cloudwatch_alarm(ctx: &mut Ctx) -> Result<(), Reason> {
    let queries: Vec<&std::collections::BTreeMap<String, aetheredge_model::iac::Value>> =
        match ctx.path(&["metric_query"]) {
            Some(aetheredge_model::iac::Value::List(q)) => {
                q.iter().filter_map(super::first_object).collect()
            }
            _ => Vec::new(),
        };
    let watched = queries
        .iter()
        .filter(|o| o.contains_key("metric"))
        .count()
        .max(1) as f64;
    let anomaly = queries.iter().any(|o| {
        o.get("expression")
            .and_then(|v| v.as_str())
            .is_some_and(|e| e.contains("ANOMALY_DETECTION_BAND"))
    });
    let metrics = if anomaly { watched * 3.0 } else { watched };
    let first_metric_period = queries
        .iter()
        .filter_map(|o| o.get("metric").and_then(super::first_object))
        .find_map(|m| {
            m.get("period")
                .and_then(|v| v.as_f64().or_else(|| v.as_str()?.parse().ok()))
        });
    let period = ctx
        .num(&["period"])?
        .or(first_metric_period)
        .unwrap_or(60.0);
    let (label, key) = if period < 60.0 {
        (
            "High-resolution alarm metrics",
            "cloudwatch.alarm.high_resolution",
        )
    } else {
        (
            "Standard-resolution alarm metrics",
            "cloudwatch.alarm.standard",
        )
    };
    ctx.monthly(label, key, metrics)
}

/// An ECS service on Fargate: its tasks' vCPUs and memory, `desired_count` times over. It
/// runs on Fargate by `launch_type`, by its capacity provider strategy, or, with neither, by
/// its cluster's capacity providers. The task definition is the one `task_definition` names
/// (by reference or by family), or a task set's of the service.
fn ecs_service(ctx: &mut Ctx) -> Result<(), Reason> {
    let launch = ctx.str(&["launch_type"])?;
    let strategy = ctx
        .str(&["capacity_provider_strategy", "capacity_provider"])
        .ok()
        .flatten();
    let fargate = match (launch, strategy) {
        (Some(l), _) => l == "FARGATE",
        (None, Some(provider)) => provider.starts_with("FARGATE"),
        (None, None) => ecs_cluster_offers_fargate(ctx),
    };
    if !fargate {
        return Err("an ECS service on EC2 is priced by its instances".to_string());
    }
    let desired = ctx.num(&["desired_count"])?.unwrap_or(0.0);
    let task = ecs_task_definition(ctx)
        .ok_or_else(|| "the task definition is not a resource of this configuration".to_string())?;
    let a = Attrs(task);
    let cpu = a
        .attr("cpu")
        .and_then(|v| ecs_size(v, "vcpu", 1024.0))
        .ok_or_else(|| format!("`{}.cpu` is not set or not a size", task.address))?;
    let mem = a
        .attr("memory")
        .and_then(|v| ecs_size(v, "gb", 1024.0))
        .ok_or_else(|| format!("`{}.memory` is not set or not a size", task.address))?;
    let arm = a
        .str(&["runtime_platform", "cpu_architecture"])
        .ok()
        .flatten()
        == Some("ARM64");
    let (kv, km) = if arm {
        ("fargate.arm.vcpu", "fargate.arm.memory")
    } else {
        ("fargate.vcpu", "fargate.memory")
    };
    let (pv, _) = ctx.price(kv)?;
    let (pm, _) = ctx.price(km)?;
    let hours = super::HOURS_PER_MONTH * desired;
    ctx.push_raw(
        &format!("Per vCPU ({cpu} vCPU × {desired} tasks)"),
        "vCPU-hours",
        cpu * hours,
        pv,
    );
    ctx.push_raw(
        &format!("Per GB ({mem} GB × {desired} tasks)"),
        "GB-hours",
        mem * hours,
        pm,
    );
    Ok(())
}

/// A task size as ECS reads it: a number of units (1024 to a vCPU, MiB of memory) or a text
/// with its unit (`"1 vCPU"`, `"2 GB"`), in vCPUs or GB.
fn ecs_size(v: &aetheredge_model::iac::Value, unit: &str, per_unit: f64) -> Option<f64> {
    if let Some(n) = v.as_f64() {
        return Some(n / per_unit);
    }
    let text = v.as_str()?.trim().to_ascii_lowercase();
    match text.strip_suffix(unit) {
        Some(n) => n.trim().parse().ok(),
        None => text.parse::<f64>().ok().map(|n| n / per_unit),
    }
}

/// The task definition an ECS service runs.
fn ecs_task_definition<'a>(ctx: &Ctx<'a>) -> Option<&'a aetheredge_model::iac::Resource> {
    let in_root = |r: &&&aetheredge_model::iac::Resource| r.root == ctx.res.root;
    if let Some(found) = ctx.index.referenced(
        ctx.res,
        ctx.attr("task_definition"),
        "aws_ecs_task_definition",
    ) {
        return Some(found);
    }
    if let Some(family) = ctx.attr("task_definition").and_then(|v| v.as_str()) {
        let family = family.split(':').next().unwrap_or(family);
        return ctx
            .index
            .of_type("aws_ecs_task_definition")
            .iter()
            .filter(in_root)
            .find(|t| t.attributes.get("family").and_then(|v| v.as_str()) == Some(family))
            .copied();
    }
    // A service deployed by task sets runs the task definition of its task set.
    ctx.index
        .of_type("aws_ecs_task_set")
        .iter()
        .filter(in_root)
        .filter(|set| {
            ctx.index
                .referenced(set, set.attributes.get("service"), "aws_ecs_service")
                .is_some_and(|s| s.address == ctx.res.address)
        })
        .find_map(|set| {
            ctx.index.referenced(
                set,
                set.attributes.get("task_definition"),
                "aws_ecs_task_definition",
            )
        })
}

/// Whether the cluster of a service without a launch type or strategy offers Fargate (its
/// `aws_ecs_cluster_capacity_providers` list it).
fn ecs_cluster_offers_fargate(ctx: &Ctx) -> bool {
    let cluster_name = match ctx
        .index
        .referenced(ctx.res, ctx.attr("cluster"), "aws_ecs_cluster")
    {
        Some(cluster) => cluster.attributes.get("name").and_then(|v| v.as_str()),
        None => ctx.attr("cluster").and_then(|v| v.as_str()),
    };
    let Some(cluster_name) = cluster_name else {
        return false;
    };
    ctx.index
        .of_type("aws_ecs_cluster_capacity_providers")
        .iter()
        .filter(|c| c.root == ctx.res.root)
        .filter(|c| c.attributes.get("cluster_name").and_then(|v| v.as_str()) == Some(cluster_name))
        .any(|c| match c.attributes.get("capacity_providers") {
            Some(aetheredge_model::iac::Value::List(items)) => items
                .iter()
                .any(|p| p.as_str().is_some_and(|p| p.starts_with("FARGATE"))),
            _ => false,
        })
}

fn lambda_function(ctx: &mut Ctx) -> Result<(), Reason> {
    let mem_gb = ctx.num(&["memory_size"])?.unwrap_or(128.0) / 1024.0;
    let arm = matches!(ctx.path(&["architectures"]), Some(aetheredge_model::iac::Value::List(a)) if a.first().and_then(|v| v.as_str()) == Some("arm64"));
    let req = ctx.usage("monthly_requests");
    let dur = ctx.usage("request_duration_ms");
    ctx.by_usage("Requests", "lambda.requests", req.map(|r| r / 1e6))?;
    let gbs = match (req, dur) {
        (Some(r), Some(d)) => Some(r * (d / 1000.0) * mem_gb),
        _ => None,
    };
    // Duration is billed in tiers of GB-seconds a month, per architecture: the first
    // 6 billion (7.5 on Arm), the next 9 billion (11.25), and the rest at lower prices.
    if arm {
        tiered(
            ctx,
            gbs,
            &[
                ("Duration (first 7.5B)", "lambda.duration.arm", 7.5e9),
                (
                    "Duration (next 11.25B)",
                    "lambda.duration.arm.next",
                    11.25e9,
                ),
                (
                    "Duration (over 18.75B)",
                    "lambda.duration.arm.over",
                    f64::INFINITY,
                ),
            ],
        )
    } else {
        tiered(
            ctx,
            gbs,
            &[
                ("Duration (first 6B)", "lambda.duration", 6e9),
                ("Duration (next 9B)", "lambda.duration.next", 9e9),
                ("Duration (over 15B)", "lambda.duration.over", f64::INFINITY),
            ],
        )
    }
}

fn lambda_provisioned(ctx: &mut Ctx) -> Result<(), Reason> {
    let n = ctx
        .num(&["provisioned_concurrent_executions"])?
        .ok_or_else(|| "`provisioned_concurrent_executions` is not set".to_string())?;
    let name = ctx.str(&["function_name"]).ok().flatten();
    let function = ctx
        .index
        .referenced(ctx.res, ctx.attr("function_name"), "aws_lambda_function")
        .or_else(|| {
            ctx.index
                .of_type("aws_lambda_function")
                .iter()
                .copied()
                .find(|f| {
                    f.root == ctx.res.root
                        && name.is_some()
                        && f.attributes.get("function_name").and_then(|v| v.as_str()) == name
                })
        });
    // The usage file may give the memory and architecture of a function defined elsewhere.
    let mem_mb = ctx
        .usage("memory_mb")
        .or_else(|| {
            function
                .and_then(|f| f.attributes.get("memory_size"))
                .and_then(|v| v.as_f64())
        })
        .unwrap_or(128.0);
    let arm = ctx.usage_text("architecture") == Some("arm64")
        || function.is_some_and(|f| {
            matches!(f.attributes.get("architectures"),
                Some(aetheredge_model::iac::Value::List(a)) if a.first().and_then(|v| v.as_str()) == Some("arm64"))
        });
    let suffix = if arm { ".arm" } else { "" };
    // Configured for `monthly_duration_hrs` a month, or all month.
    let hours = ctx
        .usage("monthly_duration_hrs")
        .unwrap_or(super::HOURS_PER_MONTH);
    let gb = mem_mb / 1024.0;
    let (p, _) = ctx.price(&format!("lambda.provisioned{suffix}"))?;
    ctx.push_raw(
        &format!("Provisioned concurrency ({n} × {mem_mb} MB, {hours} hours)"),
        "GB-seconds",
        n * gb * hours * 3600.0,
        p,
    );
    // Invocations served by the provisioned environments pay requests and a lower duration.
    let requests = ctx.usage("monthly_requests");
    ctx.by_usage("Requests", "lambda.requests", requests.map(|r| r / 1e6))?;
    let gb_seconds = match (requests, ctx.usage("request_duration_ms")) {
        (Some(r), Some(ms)) => Some(r * ms / 1000.0 * gb),
        _ => None,
    };
    ctx.by_usage(
        "Duration (provisioned)",
        &format!("lambda.provisioned.duration{suffix}"),
        gb_seconds,
    )
}

fn private_ca(ctx: &mut Ctx) -> Result<(), Reason> {
    let issued = ctx.usage("monthly_requests");
    if ctx.str(&["usage_mode"])? == Some("SHORT_LIVED_CERTIFICATE") {
        ctx.monthly(
            "Private CA (short-lived certificate mode)",
            "acmpca.ca.short_lived",
            1.0,
        )?;
        return ctx.by_usage(
            "Certificates (short-lived)",
            "acmpca.certificate.short_lived",
            issued,
        );
    }
    ctx.monthly("Private CA", "acmpca.ca", 1.0)?;
    tiered(
        ctx,
        issued,
        &[
            ("Certificates (first 1K)", "acmpca.certificate", 1e3),
            ("Certificates (next 9K)", "acmpca.certificate.next", 9e3),
            (
                "Certificates (over 10K)",
                "acmpca.certificate.over",
                f64::INFINITY,
            ),
        ],
    )
}

/// The throughput a GB of EFS Standard storage bursts to without provisioning.
const EFS_BASELINE_MIBPS_PER_GB: f64 = 0.05;

/// An EFS file system: storage in its class (One Zone when it lives in one zone) and
/// Infrequent Access storage and requests by usage, and provisioned throughput above what the
/// storage includes.
fn efs(ctx: &mut Ctx) -> Result<(), Reason> {
    let gb = ctx.usage("storage_gb");
    let class = if ctx.attr("availability_zone_name").is_some() {
        "one_zone"
    } else {
        "standard"
    };
    let label = class.replace('_', " ");
    ctx.by_usage(
        &format!("Storage ({label})"),
        &format!("efs.{class}.storage"),
        gb,
    )?;
    let ia = ctx.usage("infrequent_access_storage_gb");
    let reads = ctx.usage("monthly_infrequent_access_read_gb");
    let writes = ctx.usage("monthly_infrequent_access_write_gb");
    if ia.is_some() || reads.is_some() || writes.is_some() {
        ctx.by_usage(
            &format!("Storage ({label}, infrequent access)"),
            &format!("efs.{class}.ia_storage"),
            ia,
        )?;
        ctx.by_usage("Infrequent access reads", "efs.ia_read", reads)?;
        ctx.by_usage("Infrequent access writes", "efs.ia_write", writes)?;
    }
    if ctx.str(&["throughput_mode"])? == Some("provisioned") {
        let mbps = ctx
            .num(&["provisioned_throughput_in_mibps"])?
            .ok_or_else(|| "`provisioned_throughput_in_mibps` is not set".to_string())?;
        // Only throughput above what the storage would burst to is billed: 50 KiB/s
        // (0.05 MiB/s) per GB of Standard storage.
        let baseline = gb.unwrap_or(0.0) * EFS_BASELINE_MIBPS_PER_GB;
        ctx.monthly(
            "Provisioned throughput",
            "efs.provisioned_throughput",
            (mbps - baseline).max(0.0),
        )?;
    }
    Ok(())
}

fn autoscaling_group(ctx: &mut Ctx) -> Result<(), Reason> {
    let desired = match ctx.num(&["desired_capacity"])? {
        Some(n) => n,
        None => ctx.num(&["min_size"])?.unwrap_or(0.0),
    };
    let mixed = ["mixed_instances_policy", "launch_template"];
    let template = [
        &["launch_template", "id"][..],
        &["launch_template", "name"],
        &[
            mixed[0],
            mixed[1],
            "launch_template_specification",
            "launch_template_id",
        ],
        &[
            mixed[0],
            mixed[1],
            "launch_template_specification",
            "launch_template_name",
        ],
    ]
    .iter()
    .find_map(|path| {
        ctx.index
            .referenced(ctx.res, ctx.path(path), "aws_launch_template")
    });
    let config = ctx.index.referenced(
        ctx.res,
        ctx.attr("launch_configuration"),
        "aws_launch_configuration",
    );
    let (source, launch) = match (template, config) {
        (Some(t), _) => (t, Launch::Template),
        (None, Some(c)) => (c, Launch::Configuration),
        (None, None) => {
            return Err(
                "its launch template or configuration is not in the configuration".to_string(),
            )
        }
    };
    // A mixed-instances policy launches its first override's type, each instance counting
    // for its weight of the desired capacity.
    let first_override = ctx.path(&[mixed[0], mixed[1], "override"]);
    let override_type = first_override
        .and_then(super::first_object)
        .and_then(|o| o.get("instance_type"))
        .and_then(|v| v.as_str());
    let weight = first_override
        .and_then(super::first_object)
        .and_then(|o| o.get("weighted_capacity"))
        .and_then(|v| v.as_f64().or_else(|| v.as_str()?.parse().ok()))
        .filter(|w| *w > 0.0)
        .unwrap_or(1.0);
    let count = ctx
        .usage("instances")
        .unwrap_or_else(|| (desired / weight).ceil());
    let spec = InstanceSpec::read(Attrs(source), launch, override_type)?;
    spec.price(ctx, count, super::HOURS_PER_MONTH)
}

fn kinesis(ctx: &mut Ctx) -> Result<(), Reason> {
    let mode = ctx
        .str(&["stream_mode_details", "stream_mode"])?
        .unwrap_or("PROVISIONED");
    if mode == "ON_DEMAND" {
        ctx.hourly("On-demand stream", "kinesis.on_demand_stream", 1.0)
    } else {
        let shards = ctx.num(&["shard_count"])?.unwrap_or(1.0);
        ctx.hourly(
            &format!("Shard hours ({shards} shards)"),
            "kinesis.shard",
            shards,
        )?;
        let units = ctx.usage("monthly_provisioned_put_units").map(|u| u / 1e6);
        ctx.by_usage("PUT payload units", "kinesis.put_units", units)?;
        kinesis_retention_and_fan_out(ctx)
    }
}

/// AWS Managed Microsoft AD: two domain controllers by edition, further controllers and
/// accounts the directory is shared with by usage. Simple AD and AD Connector are priced per
/// directory, which the catalog does not hold.
fn directory_service(ctx: &mut Ctx) -> Result<(), Reason> {
    let ty = ctx.str(&["type"])?.unwrap_or("SimpleAD");
    if ty != "MicrosoftAD" {
        return Err(format!(
            "directory type `{ty}` is not in the catalog (MicrosoftAD is)"
        ));
    }
    let edition = ctx
        .str(&["edition"])?
        .unwrap_or("Enterprise")
        .to_ascii_lowercase();
    let key = format!("directory.microsoft_ad.{edition}");
    ctx.hourly(
        &format!("Domain controllers (Microsoft AD, {edition}) × 2"),
        &key,
        2.0,
    )?;
    let extra = ctx
        .usage("additional_domain_controllers")
        .map(|n| n * super::HOURS_PER_MONTH);
    ctx.by_usage("Additional domain controllers", &key, extra)?;
    let shared = ctx
        .usage("shared_accounts")
        .map(|n| n * super::HOURS_PER_MONTH);
    let sharing = format!("directory.sharing.{edition}");
    if shared.is_some() || ctx.priced(&sharing) {
        ctx.by_usage("Directory sharing (accounts)", &sharing, shared)?;
    }
    Ok(())
}

/// A CodeBuild project: build minutes (usage `monthly_build_mins`) at its compute type's
/// per-minute price, Linux or Windows.
fn codebuild_project(ctx: &mut Ctx) -> Result<(), Reason> {
    let compute = required(ctx, &["environment", "compute_type"])?;
    let os = match ctx
        .str(&["environment", "type"])?
        .unwrap_or("LINUX_CONTAINER")
    {
        t if t.starts_with("WINDOWS") => "windows",
        t if t.starts_with("ARM") => "arm",
        _ => "linux",
    };
    let size = compute
        .strip_prefix("BUILD_GENERAL1_")
        .unwrap_or(compute)
        .to_ascii_lowercase();
    let minutes = ctx.usage("monthly_build_mins");
    ctx.by_usage(
        &format!("Build minutes ({os}, {compute})"),
        &format!("codebuild.{os}.{size}"),
        minutes,
    )
    .map_err(|_| format!("compute type `{compute}` on {os} is not in the catalog"))
}

/// A Glue job: DPU-hours (usage `monthly_hours`) of its `max_capacity` or its workers (a
/// G.2X worker is 2 DPUs, a G.1X or Standard one 1).
fn glue_job(ctx: &mut Ctx) -> Result<(), Reason> {
    let dpus = match ctx.num(&["number_of_workers"])? {
        Some(workers) => {
            let per_worker = match ctx.str(&["worker_type"])?.unwrap_or("Standard") {
                "G.2X" => 2.0,
                "G.4X" => 4.0,
                "G.8X" => 8.0,
                "G.025X" => 0.25,
                _ => 1.0,
            };
            workers * per_worker
        }
        None => ctx.num(&["max_capacity"])?.unwrap_or(10.0),
    };
    let hours = ctx.usage("monthly_hours").map(|h| h * dpus);
    ctx.by_usage(&format!("Job duration ({dpus} DPUs)"), "glue.dpu", hours)
}

/// A Managed Workflows for Apache Airflow environment: the environment by class, further
/// workers and schedulers (usage `additional_workers`, `additional_schedulers`, average
/// counts) and the metadata database (`meta_database_gb`).
fn mwaa_environment(ctx: &mut Ctx) -> Result<(), Reason> {
    let class = ctx
        .str(&["environment_class"])?
        .unwrap_or("mw1.small")
        .to_ascii_lowercase();
    let size = class.strip_prefix("mw1.").unwrap_or(&class).to_string();
    ctx.hourly(
        &format!("Environment ({class})"),
        &format!("mwaa.environment.{size}"),
        1.0,
    )
    .map_err(|_| format!("environment class `{class}` is not in the catalog"))?;
    let hours = super::HOURS_PER_MONTH;
    let workers = ctx.usage("additional_workers").map(|n| n * hours);
    let schedulers = ctx.usage("additional_schedulers").map(|n| n * hours);
    let key = format!("mwaa.worker.{size}");
    ctx.by_usage("Additional workers", &key, workers)?;
    ctx.by_usage("Additional schedulers", &key, schedulers)?;
    let gb = ctx.usage("meta_database_gb");
    ctx.by_usage("Metadata database", "mwaa.database", gb)
}

/// A Step Functions state machine: Standard workflows by state transitions, Express ones
/// by requests and GB-hours of duration (in tiers), with duration rounded up to 100 ms and
/// memory to 64 MB steps.
fn step_functions(ctx: &mut Ctx) -> Result<(), Reason> {
    if ctx.str(&["type"])?.unwrap_or("STANDARD") == "STANDARD" {
        let transitions = ctx.usage("monthly_transitions").map(|t| t / 1000.0);
        return ctx.by_usage("State transitions", "sfn.transitions", transitions);
    }
    let requests = ctx.usage("monthly_requests");
    ctx.by_usage(
        "Requests",
        "sfn.express.requests",
        requests.map(|r| r / 1e6),
    )?;
    let gb_hours = match (requests, ctx.usage("workflow_duration_ms")) {
        (Some(r), Some(ms)) => {
            let ms = (ms / 100.0).ceil() * 100.0;
            let mb = (ctx.usage("memory_mb").unwrap_or(64.0) / 64.0)
                .ceil()
                .max(1.0)
                * 64.0;
            Some(r * ms / 1000.0 * mb / 1024.0 / 3600.0)
        }
        _ => None,
    };
    tiered(
        ctx,
        gb_hours,
        &[
            (
                "Duration (first 1K GB-hours)",
                "sfn.express.duration",
                1000.0,
            ),
            (
                "Duration (next 4K GB-hours)",
                "sfn.express.duration.next",
                4000.0,
            ),
            (
                "Duration (over 5K GB-hours)",
                "sfn.express.duration.over",
                f64::INFINITY,
            ),
        ],
    )
}

/// A Transfer Family server: each enabled protocol by the hour (SFTP when none is listed),
/// and data up- and downloaded by usage.
fn transfer_server(ctx: &mut Ctx) -> Result<(), Reason> {
    let protocols: Vec<String> = match ctx.attr("protocols") {
        Some(aetheredge_model::iac::Value::List(items)) if !items.is_empty() => items
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect(),
        _ => vec!["SFTP".to_string()],
    };
    for protocol in &protocols {
        ctx.hourly(
            &format!("{protocol} protocol"),
            "transferfamily.protocol",
            1.0,
        )?;
    }
    let down = ctx.usage("monthly_data_downloaded_gb");
    let up = ctx.usage("monthly_data_uploaded_gb");
    ctx.by_usage("Data downloaded", "transferfamily.download", down)?;
    ctx.by_usage("Data uploaded", "transferfamily.upload", up)
}

/// A WAF Classic web ACL, at WAF's prices: the ACL, its rules, its rule groups and the rules
/// inside them (usage `rule_group_rules`), and requests.
/// A usage-priced part of an S3 storage class: the usage key under the class's section,
/// the component's name, the catalog key under the class's prefix, and how many of the
/// usage's units make one of the catalog's (1,000 requests, 1 GB).
type S3Part = (&'static str, &'static str, &'static str, f64);

const S3_REQUESTS: [S3Part; 3] = [
    (
        "monthly_tier_1_requests",
        "PUT, COPY, POST, LIST requests",
        "tier1",
        1000.0,
    ),
    (
        "monthly_tier_2_requests",
        "GET, SELECT and other requests",
        "tier2",
        1000.0,
    ),
    (
        "monthly_lifecycle_transition_requests",
        "lifecycle transitions",
        "lifecycle",
        1000.0,
    ),
];

/// The storage classes of a bucket: the usage section, the label, the catalog prefix and
/// the parts priced besides requests (Standard has no lifecycle transitions into it).
const S3_CLASSES: &[(&str, &str, &str, &[S3Part])] = &[
    (
        "standard",
        "Standard",
        "s3.standard",
        &[
            (
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "select_scanned",
                1.0,
            ),
            (
                "monthly_select_data_returned_gb",
                "Select data returned",
                "select_returned",
                1.0,
            ),
        ],
    ),
    (
        "intelligent_tiering",
        "Intelligent-Tiering",
        "s3.intelligent_tiering",
        &[
            (
                "frequent_access_storage_gb",
                "storage (frequent access)",
                "storage.frequent",
                1.0,
            ),
            (
                "infrequent_access_storage_gb",
                "storage (infrequent access)",
                "storage.infrequent",
                1.0,
            ),
            (
                "archive_access_storage_gb",
                "storage (archive access)",
                "storage.archive",
                1.0,
            ),
            (
                "deep_archive_access_storage_gb",
                "storage (deep archive access)",
                "storage.deep_archive",
                1.0,
            ),
            (
                "monitored_objects",
                "monitoring and automation",
                "monitoring",
                1000.0,
            ),
            (
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "select_scanned",
                1.0,
            ),
            (
                "monthly_select_data_returned_gb",
                "Select data returned",
                "select_returned",
                1.0,
            ),
            (
                "early_delete_gb",
                "early delete (within 30 days)",
                "early_delete",
                1.0,
            ),
        ],
    ),
    (
        "standard_infrequent_access",
        "Standard-IA",
        "s3.standard_ia",
        &[
            ("storage_gb", "storage", "storage", 1.0),
            ("monthly_data_retrieval_gb", "retrievals", "retrieval", 1.0),
            (
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "select_scanned",
                1.0,
            ),
            (
                "monthly_select_data_returned_gb",
                "Select data returned",
                "select_returned",
                1.0,
            ),
        ],
    ),
    (
        "one_zone_infrequent_access",
        "One Zone-IA",
        "s3.onezone_ia",
        &[
            ("storage_gb", "storage", "storage", 1.0),
            ("monthly_data_retrieval_gb", "retrievals", "retrieval", 1.0),
            (
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "select_scanned",
                1.0,
            ),
            (
                "monthly_select_data_returned_gb",
                "Select data returned",
                "select_returned",
                1.0,
            ),
        ],
    ),
    (
        "glacier_flexible_retrieval",
        "Glacier Flexible Retrieval",
        "s3.glacier",
        &[
            ("storage_gb", "storage", "storage", 1.0),
            (
                "monthly_standard_data_retrieval_requests",
                "retrieval requests (standard)",
                "retrieval_requests.standard",
                1000.0,
            ),
            (
                "monthly_standard_data_retrieval_gb",
                "retrievals (standard)",
                "retrieval.standard",
                1.0,
            ),
            (
                "monthly_standard_select_data_scanned_gb",
                "Select data scanned (standard)",
                "select_scanned.standard",
                1.0,
            ),
            (
                "monthly_standard_select_data_returned_gb",
                "Select data returned (standard)",
                "select_returned.standard",
                1.0,
            ),
            (
                "monthly_expedited_data_retrieval_requests",
                "retrieval requests (expedited)",
                "retrieval_requests.expedited",
                1000.0,
            ),
            (
                "monthly_expedited_data_retrieval_gb",
                "retrievals (expedited)",
                "retrieval.expedited",
                1.0,
            ),
            (
                "monthly_expedited_select_data_scanned_gb",
                "Select data scanned (expedited)",
                "select_scanned.expedited",
                1.0,
            ),
            (
                "monthly_expedited_select_data_returned_gb",
                "Select data returned (expedited)",
                "select_returned.expedited",
                1.0,
            ),
            (
                "monthly_bulk_select_data_scanned_gb",
                "Select data scanned (bulk)",
                "select_scanned.bulk",
                1.0,
            ),
            (
                "monthly_bulk_select_data_returned_gb",
                "Select data returned (bulk)",
                "select_returned.bulk",
                1.0,
            ),
            (
                "early_delete_gb",
                "early delete (within 90 days)",
                "early_delete",
                1.0,
            ),
        ],
    ),
    (
        "glacier_deep_archive",
        "Glacier Deep Archive",
        "s3.deep_archive",
        &[
            ("storage_gb", "storage", "storage", 1.0),
            (
                "monthly_standard_data_retrieval_requests",
                "retrieval requests (standard)",
                "retrieval_requests.standard",
                1000.0,
            ),
            (
                "monthly_standard_data_retrieval_gb",
                "retrievals (standard)",
                "retrieval.standard",
                1.0,
            ),
            (
                "monthly_bulk_data_retrieval_requests",
                "retrieval requests (bulk)",
                "retrieval_requests.bulk",
                1000.0,
            ),
            (
                "monthly_bulk_data_retrieval_gb",
                "retrievals (bulk)",
                "retrieval.bulk",
                1.0,
            ),
            (
                "early_delete_gb",
                "early delete (within 180 days)",
                "early_delete",
                1.0,
            ),
        ],
    ),
];

/// An S3 bucket, by the usage of each storage class (`standard.storage_gb`,
/// `glacier_deep_archive.monthly_bulk_data_retrieval_gb`…): Standard always, another class
/// when the usage names any of its keys.
fn s3_bucket(ctx: &mut Ctx) -> Result<(), Reason> {
    for (section, label, prefix, parts) in S3_CLASSES {
        let standard = *section == "standard";
        let requests: &[S3Part] = if standard {
            &S3_REQUESTS[..2]
        } else {
            &S3_REQUESTS
        };
        let all = || parts.iter().chain(requests);
        let used = |ctx: &Ctx, key: &str| ctx.usage(&format!("{section}.{key}"));
        if !standard && all().all(|(key, ..)| used(ctx, key).is_none()) {
            continue;
        }
        if standard {
            let gb = used(ctx, "storage_gb");
            ctx.by_usage("Standard storage", "s3.standard.storage", gb)?;
        }
        for (key, name, suffix, per) in requests.iter().chain(parts.iter()) {
            let quantity = used(ctx, key).map(|q| q / per);
            let name = if standard {
                name.to_string()
            } else {
                format!("{label} {name}")
            };
            ctx.by_usage(&name, &format!("{prefix}.{suffix}"), quantity)?;
        }
    }
    Ok(())
}

/// The notifications a standard topic delivers by protocol: the usage key counting its
/// subscriptions, the component, the catalog key (per million) and the notifications a month
/// AWS delivers free.
const SNS_DELIVERIES: &[(&str, &str, &str, f64)] = &[
    (
        "http_subscriptions",
        "HTTP/HTTPS notifications (over 100K)",
        "sns.http",
        100_000.0,
    ),
    (
        "email_subscriptions",
        "Email notifications (over 1K)",
        "sns.email",
        1_000.0,
    ),
    (
        "kinesis_subscriptions",
        "Kinesis Data Firehose notifications",
        "sns.firehose",
        0.0,
    ),
    (
        "mobile_push_subscriptions",
        "Mobile push notifications",
        "sns.mobile_push",
        0.0,
    ),
    (
        "macos_subscriptions",
        "macOS notifications",
        "sns.macos",
        0.0,
    ),
];

/// SMS messages a month AWS sends free.
const SNS_FREE_SMS: f64 = 100.0;

/// A standard SNS topic: publishes beyond the free million (each 64 KB of a message is one;
/// usage `monthly_requests`, `request_size_kb`), and the notifications it delivers to the
/// subscriptions the usage counts by protocol, beyond each protocol's free tier. SMS
/// messages are priced by destination country, so only at the usage's
/// `sms_notification_price` (USD per message).
fn sns_topic(ctx: &mut Ctx) -> Result<(), Reason> {
    let chunks = (ctx.usage("request_size_kb").unwrap_or(64.0) / 64.0)
        .ceil()
        .max(1.0);
    let requests = ctx.usage("monthly_requests");
    let over = |total: f64, free: f64| (total - free).max(0.0);
    let publishes = requests.map(|r| over(r * chunks, 1e6) / 1e6);
    ctx.by_usage("API requests (over 1M)", "sns.requests", publishes)?;
    for (usage_key, name, key, free) in SNS_DELIVERIES {
        let Some(subscriptions) = ctx.usage(usage_key) else {
            continue;
        };
        let notifications = requests.map(|r| over(r * subscriptions, *free) / 1e6);
        ctx.by_usage(name, key, notifications)?;
    }
    if let (Some(subscriptions), Some(price)) = (
        ctx.usage("sms_subscriptions"),
        ctx.usage("sms_notification_price"),
    ) {
        let messages = requests.map(|r| over(r * subscriptions, SNS_FREE_SMS));
        ctx.push_usage("SMS notifications (over 100)", "messages", messages, price);
    }
    Ok(())
}

/// A FIFO SNS topic: publishes and their payload (usage `monthly_requests`,
/// `request_size_kb`), and their delivery with its payload to each subscription of the
/// topic (FIFO topics deliver to SQS queues).
fn sns_fifo_topic(ctx: &mut Ctx) -> Result<(), Reason> {
    let subscriptions = ctx
        .index
        .of_type("aws_sns_topic_subscription")
        .iter()
        .filter(|sub| {
            ctx.index
                .referenced(sub, sub.attributes.get("topic_arn"), "aws_sns_topic")
                .is_some_and(|topic| std::ptr::eq(topic, ctx.res))
        })
        .count() as f64;
    let requests = ctx.usage("monthly_requests");
    let size_gb = ctx.usage("request_size_kb").unwrap_or(1.0) / 1e6;
    ctx.by_usage(
        "FIFO publish requests",
        "sns.fifo.publish",
        requests.map(|r| r / 1e6),
    )?;
    ctx.by_usage(
        "FIFO publish payload",
        "sns.fifo.payload",
        requests.map(|r| r * size_gb),
    )?;
    if subscriptions > 0.0 {
        ctx.by_usage(
            "FIFO notifications",
            "sns.fifo.sqs",
            requests.map(|r| r * subscriptions / 1e6),
        )?;
        ctx.by_usage(
            "FIFO notification payload",
            "sns.fifo.sqs_payload",
            requests.map(|r| r * subscriptions * size_gb),
        )?;
    }
    Ok(())
}

/// A WAFv2 web ACL: the ACL, each of its rules, each rule group and managed rule group it
/// references (a rule each), the rules inside those groups that the usage counts
/// (`rule_group_rules`, `managed_rule_group_rules`), and requests.
fn wafv2_web_acl(ctx: &mut Ctx) -> Result<(), Reason> {
    let (mut rules, mut groups, mut managed) = (0.0, 0.0, 0.0);
    if let Some(aetheredge_model::iac::Value::List(blocks)) = ctx.attr("rule") {
        for rule in blocks {
            let statement = |kind: &str| {
                super::first_object(rule)
                    .and_then(|r| r.get("statement"))
                    .and_then(super::first_object)
                    .is_some_and(|s| {
                        s.get(kind)
                            .is_some_and(|v| !matches!(v, aetheredge_model::iac::Value::Null))
                    })
            };
            if statement("rule_group_reference_statement") {
                groups += 1.0;
            } else if statement("managed_rule_group_statement") {
                managed += 1.0;
            } else {
                rules += 1.0;
            }
        }
    }
    rules += ctx.usage("rule_group_rules").unwrap_or(0.0)
        + ctx.usage("managed_rule_group_rules").unwrap_or(0.0);
    let req = ctx.usage("monthly_requests").map(|r| r / 1e6);
    ctx.monthly("Web ACL", "waf.web_acl", 1.0)?;
    for (name, count) in [
        ("Rules", rules),
        ("Rule groups", groups),
        ("Managed rule groups", managed),
    ] {
        if count > 0.0 {
            ctx.monthly(name, "waf.rule", count)?;
        }
    }
    ctx.by_usage("Requests", "waf.requests", req)
}

fn waf_classic_web_acl(ctx: &mut Ctx) -> Result<(), Reason> {
    let (mut rules, mut groups) = (0.0, 0.0);
    if let Some(aetheredge_model::iac::Value::List(items)) = ctx.attr("rules") {
        for rule in items {
            let ty = super::first_object(rule)
                .and_then(|o| o.get("type"))
                .and_then(|v| v.as_str())
                .unwrap_or("REGULAR");
            if ty == "GROUP" {
                groups += 1.0;
            } else {
                rules += 1.0;
            }
        }
    }
    rules += ctx.usage("rule_group_rules").unwrap_or(0.0);
    let requests = ctx.usage("monthly_requests").map(|r| r / 1e6);
    ctx.monthly("Web ACL", "waf.web_acl", 1.0)?;
    ctx.monthly(&format!("Rules ({rules})"), "waf.rule", rules)?;
    ctx.monthly(&format!("Rule groups ({groups})"), "waf.rule", groups)?;
    ctx.by_usage("Requests", "waf.requests", requests)
}

/// A Dedicated Host, by the instance family it hosts.
fn ec2_host(ctx: &mut Ctx) -> Result<(), Reason> {
    let family = match ctx.str(&["instance_family"])? {
        Some(f) => f,
        None => required(ctx, &["instance_type"])?
            .split('.')
            .next()
            .unwrap_or(""),
    };
    ctx.hourly(
        &format!("Dedicated host ({family})"),
        &format!("ec2host.{family}"),
        1.0,
    )
    .map_err(|_| {
        format!(
            "dedicated hosts of `{family}` are not in the catalog for {}",
            ctx.region
        )
    })
}

/// An EventBridge bus: events published, archive processing and storage, and schema
/// discovery, all by usage.
fn event_bus(ctx: &mut Ctx) -> Result<(), Reason> {
    let custom = ctx.usage("monthly_custom_events").map(|e| e / 1e6);
    let partner = ctx.usage("monthly_third_party_events").map(|e| e / 1e6);
    let processed = ctx.usage("monthly_archive_processing_gb");
    let stored = ctx.usage("archive_storage_gb");
    let discovery = ctx
        .usage("monthly_schema_discovery_events")
        .map(|e| e / 1e6);
    ctx.by_usage("Custom events published", "events.custom", custom)?;
    ctx.by_usage(
        "Third-party events published",
        "events.third_party",
        partner,
    )?;
    ctx.by_usage("Archive processing", "events.archive_processing", processed)?;
    ctx.by_usage("Archive storage", "events.archive_storage", stored)?;
    ctx.by_usage("Schema discovery", "events.schema_discovery", discovery)
}

/// A Managed Service for Apache Flink (or SQL) application: its KPUs by usage
/// (`kinesis_processing_units`); a Flink application also runs one KPU of orchestration and
/// 50 GB of running storage per KPU, and keeps durable backups
/// (`durable_application_backup_gb`).
fn kinesis_analytics_v2(ctx: &mut Ctx) -> Result<(), Reason> {
    let kpus = ctx.usage("kinesis_processing_units");
    let hours = super::HOURS_PER_MONTH;
    ctx.by_usage(
        "Processing (KPU-hours)",
        "kinesisanalytics.kpu",
        kpus.map(|k| k * hours),
    )?;
    let flink = ctx
        .str(&["runtime_environment"])?
        .is_some_and(|r| r.starts_with("FLINK"));
    if !flink {
        return Ok(());
    }
    ctx.hourly("Orchestration (1 KPU)", "kinesisanalytics.kpu", 1.0)?;
    ctx.by_usage(
        "Running storage (50 GB per KPU)",
        "kinesisanalytics.storage",
        kpus.map(|k| k * 50.0),
    )?;
    let backup = ctx.usage("durable_application_backup_gb");
    ctx.by_usage(
        "Durable application backup",
        "kinesisanalytics.backup",
        backup,
    )
}

/// A Firehose delivery stream: data ingested in tiers (usage `monthly_data_ingested_gb`),
/// format conversion when the S3 destination converts records, and delivery into a VPC
/// (per GB and per hour in each subnet's zone).
fn firehose(ctx: &mut Ctx) -> Result<(), Reason> {
    let gb = ctx.usage("monthly_data_ingested_gb");
    tiered(
        ctx,
        gb,
        &[
            ("Data ingested (first 500TB)", "firehose.ingest", 512_000.0),
            (
                "Data ingested (next 1.5PB)",
                "firehose.ingest.next_1_5pb",
                1_536_000.0,
            ),
            (
                "Data ingested (next 3PB)",
                "firehose.ingest.next_3pb",
                f64::INFINITY,
            ),
        ],
    )?;
    let conversion = [
        "extended_s3_configuration",
        "data_format_conversion_configuration",
    ];
    if ctx.path(&conversion).is_some()
        && ctx.flag(&[conversion[0], conversion[1], "enabled"]) != Some(false)
    {
        ctx.by_usage("Format conversion", "firehose.format_conversion", gb)?;
    }
    let destinations = [
        "elasticsearch_configuration",
        "opensearch_configuration",
        "opensearchserverless_configuration",
        "http_endpoint_configuration",
        "redshift_configuration",
        "splunk_configuration",
    ];
    let zones = destinations
        .iter()
        .find_map(|d| ctx.count(&[d, "vpc_config", "subnet_ids"]));
    if let Some(zones) = zones {
        ctx.by_usage("VPC delivery data", "firehose.vpc.data", gb)?;
        ctx.hourly(
            &format!("VPC delivery ({zones} zones)"),
            "firehose.vpc.zone",
            zones as f64,
        )?;
    }
    Ok(())
}

/// A DMS replication instance: its class (twice in Multi-AZ) and the gp2 storage beyond
/// what the class includes (100 GB on R classes, 50 GB on the others).
fn dms_instance(ctx: &mut Ctx) -> Result<(), Reason> {
    let copies = if ctx.flag(&["multi_az"]) == Some(true) {
        2.0
    } else {
        1.0
    };
    class_hours(ctx, "dms", "replication_instance_class", None, copies)?;
    let class = required(ctx, &["replication_instance_class"])?;
    let included = if class.starts_with("dms.r") {
        100.0
    } else {
        50.0
    };
    let size = ctx.num(&["allocated_storage"])?.unwrap_or(50.0);
    let extra = (size - included).max(0.0);
    if extra > 0.0 {
        ctx.monthly(
            &format!("Storage above the included {included} GB (gp2)"),
            "dms.storage",
            extra * copies,
        )?;
    }
    Ok(())
}

/// An FSx for Windows File Server or OpenZFS file system: throughput capacity and storage by
/// deployment and storage type, OpenZFS SSD IOPS above the 3 per GB included and storage
/// net of LZ4 compression (usage `compression_savings_percent`, half when not given), and
/// backups by usage (`backup_storage_gb`).
fn fsx(ctx: &mut Ctx) -> Result<(), Reason> {
    let (service, default_deployment) = if ctx.res.resource_type.contains("openzfs") {
        ("openzfs", "SINGLE_AZ_1")
    } else {
        ("windows", "SINGLE_AZ_1")
    };
    let deployment = ctx.str(&["deployment_type"])?.unwrap_or(default_deployment);
    let az = if deployment.starts_with("MULTI_AZ") {
        "multi_az"
    } else {
        "single_az"
    };
    let storage_type = ctx
        .str(&["storage_type"])?
        .unwrap_or("SSD")
        .to_ascii_lowercase();
    let throughput = ctx
        .num(&["throughput_capacity"])?
        .ok_or_else(|| "`throughput_capacity` is not set".to_string())?;
    let size = ctx
        .num(&["storage_capacity"])?
        .ok_or_else(|| "`storage_capacity` is not set".to_string())?;
    let prefix = format!("fsx.{service}.{az}");
    ctx.monthly(
        &format!("Throughput capacity ({throughput} MBps)"),
        &format!("{prefix}.throughput"),
        throughput,
    )
    .map_err(|_| format!("FSx for {service} {deployment} is not in the catalog"))?;
    let mut stored = size;
    let mut label = format!("{} storage", storage_type.to_ascii_uppercase());
    if service == "openzfs" {
        let iops = ctx.num(&["disk_iops_configuration", "iops"])?;
        if let Some(extra) = iops.map(|i| i - 3.0 * size).filter(|e| *e > 0.0) {
            ctx.monthly(
                "Provisioned IOPS above 3 per GB",
                &format!("{prefix}.iops"),
                extra,
            )?;
        }
        if ctx.str(&["root_volume_configuration", "data_compression_type"])? == Some("LZ4") {
            let savings = ctx.usage("compression_savings_percent").unwrap_or(50.0);
            stored = size * (1.0 - savings / 100.0);
            label = format!("{label} (LZ4, {savings}% saved)");
        }
    }
    ctx.monthly(&label, &format!("{prefix}.storage.{storage_type}"), stored)?;
    let backup = ctx.usage("backup_storage_gb");
    ctx.by_usage("Backup storage", "fsx.backup", backup)
}

/// A provisioned stream's retention beyond a day, its long-term retrieval and enhanced
/// fan-out, by usage.
fn kinesis_retention_and_fan_out(ctx: &mut Ctx) -> Result<(), Reason> {
    let parts = [
        (
            "Extended retention (24 hours to 7 days)",
            "monthly_provisioned_extended_retention_gb",
            "kinesis.extended_retention",
        ),
        (
            "Long-term retention (over 7 days)",
            "monthly_provisioned_long_term_retention_gb",
            "kinesis.long_term_retention",
        ),
        (
            "Long-term retention retrieval",
            "monthly_provisioned_long_term_retrieval_gb",
            "kinesis.long_term_retrieval",
        ),
        (
            "Enhanced fan-out data",
            "monthly_provisioned_efo_data_out_gb",
            "kinesis.efo_data",
        ),
        (
            "Enhanced fan-out consumer-shard hours",
            "monthly_provisioned_efo_consumer_hours",
            "kinesis.efo_consumer",
        ),
    ];
    for (name, usage_key, key) in parts {
        if let Some(q) = ctx.usage(usage_key) {
            ctx.by_usage(name, key, Some(q))?;
        }
    }
    Ok(())
}

/// A Route 53 record's queries by routing policy, each in tiers of the first billion and the
/// rest (usage `monthly_standard_queries`, `monthly_latency_based_queries`,
/// `monthly_geo_queries`).
fn route53_record(ctx: &mut Ctx) -> Result<(), Reason> {
    let kinds = [
        (
            "Standard queries",
            "monthly_standard_queries",
            "route53.queries",
        ),
        (
            "Latency-based routing queries",
            "monthly_latency_based_queries",
            "route53.queries.latency",
        ),
        (
            "Geo DNS queries",
            "monthly_geo_queries",
            "route53.queries.geo",
        ),
    ];
    for (i, (name, usage_key, key)) in kinds.iter().enumerate() {
        let millions = ctx.usage(usage_key).map(|q| q / 1e6);
        if i > 0 && millions.is_none() {
            continue;
        }
        let first = format!("{name} (first 1B)");
        let over = format!("{name} (over 1B)");
        let over_key = format!("{key}.over_1b");
        tiered(
            ctx,
            millions,
            &[(&first, key, 1000.0), (&over, &over_key, f64::INFINITY)],
        )?;
    }
    Ok(())
}

/// A Systems Manager parameter: the advanced tier's storage (for usage
/// `parameter_storage_hrs`, or all month) and, with the higher throughput limit, its API
/// interactions (`monthly_api_interactions`).
fn ssm_parameter(ctx: &mut Ctx) -> Result<(), Reason> {
    if ctx.str(&["tier"])? == Some("Advanced") {
        let months = ctx
            .usage("parameter_storage_hrs")
            .map_or(1.0, |h| h / super::HOURS_PER_MONTH);
        ctx.monthly(
            "Advanced parameter storage",
            "ssm.advanced_parameter",
            months,
        )?;
    }
    if ctx
        .usage_text("api_throughput_limit")
        .is_some_and(|t| t.eq_ignore_ascii_case("advanced") || t.eq_ignore_ascii_case("higher"))
    {
        let interactions = ctx.usage("monthly_api_interactions").map(|n| n / 10_000.0);
        ctx.by_usage(
            "API interactions (higher throughput)",
            "ssm.api_interactions",
            interactions,
        )?;
    }
    Ok(())
}

/// A snapshot's fast snapshot restore (DSU-hours) and EBS direct API requests, by usage.
fn ebs_snapshot_extras(ctx: &mut Ctx) -> Result<(), Reason> {
    let parts = [
        (
            "Fast snapshot restore",
            "fast_snapshot_restore_hours",
            "ebs.snapshot.fast_restore",
            1.0,
        ),
        (
            "ListChangedBlocks and ListSnapshotBlocks requests",
            "monthly_list_block_requests",
            "ebs.snapshot.list_requests",
            1000.0,
        ),
        (
            "GetSnapshotBlock requests",
            "monthly_get_block_requests",
            "ebs.snapshot.get_requests",
            1000.0,
        ),
        (
            "PutSnapshotBlock requests",
            "monthly_put_block_requests",
            "ebs.snapshot.put_requests",
            1000.0,
        ),
    ];
    for (name, usage_key, key, per) in parts {
        if let Some(q) = ctx.usage(usage_key) {
            ctx.by_usage(name, key, Some(q / per))?;
        }
    }
    Ok(())
}

/// Data transfer is not a Terraform resource: Infracost's usage files describe it as
/// `aws_data_transfer.NAME` with a `region`; each becomes a row of its own. Intra-region
/// traffic is billed in both directions (out of one zone, into the other); traffic to the
/// internet in monthly tiers (first 10 TB, next 40 TB, next 100 TB, the rest).
pub(crate) fn data_transfer(pricing: Pricing) -> Vec<Estimate> {
    const TB: f64 = 1024.0;
    let internet: [(&str, &str, f64); 4] = [
        (
            "Outbound to the internet (first 10TB)",
            "transfer.internet_out",
            10.0 * TB,
        ),
        (
            "Outbound to the internet (next 40TB)",
            "transfer.internet_out.next_40tb",
            40.0 * TB,
        ),
        (
            "Outbound to the internet (next 100TB)",
            "transfer.internet_out.next_100tb",
            100.0 * TB,
        ),
        (
            "Outbound to the internet (over 150TB)",
            "transfer.internet_out.over_150tb",
            f64::INFINITY,
        ),
    ];
    let discount = pricing
        .discounts
        .get("aws")
        .map(|d| (d / 100.0).clamp(0.0, 1.0))
        .unwrap_or(0.0);
    pricing
        .usage
        .addresses_of_type("aws_data_transfer")
        .into_iter()
        .map(|(address, u)| {
            let region = match u.get("region") {
                Some(usage::UsageValue::Text(r)) => r.clone(),
                _ => "us-east-1".to_string(),
            };
            // (name, catalog key, GB)
            let mut parts: Vec<(&str, &str, f64)> = Vec::new();
            if let Some(gb) = usage::number(&u, "monthly_intra_region_gb") {
                parts.push((
                    "Intra-region (both directions)",
                    "transfer.intra_region",
                    gb * 2.0,
                ));
            }
            if let Some(mut left) = usage::number(&u, "monthly_outbound_internet_gb") {
                for (i, (name, key, size)) in internet.iter().enumerate() {
                    let part = left.min(*size);
                    if i == 0 || part > 0.0 {
                        parts.push((name, key, part));
                    }
                    left -= part;
                }
            }
            if let Some(gb) = usage::number(&u, "monthly_outbound_us_east_to_us_east_gb") {
                parts.push(("Outbound to US East regions", "transfer.us_east", gb));
            }
            if let Some(gb) = usage::number(&u, "monthly_outbound_other_regions_gb") {
                parts.push(("Outbound to other regions", "transfer.other_regions", gb));
            }
            let mut components = Vec::new();
            let mut missing = None;
            for (name, key, q) in parts {
                match pricing.catalog.price("aws", &region, key) {
                    Some(p) => {
                        let up = p.usd * (1.0 - discount);
                        components.push(super::Component {
                            name: name.to_string(),
                            unit: p.unit.clone(),
                            quantity: Some(q),
                            unit_price: up,
                            monthly: Some(q * up),
                            usage_based: true,
                        });
                    }
                    None => {
                        missing = Some(format!(
                            "no price for `{key}` in aws {region} in the catalog"
                        ))
                    }
                }
            }
            Estimate {
                root: String::new(),
                address,
                resource_type: "aws_data_transfer".to_string(),
                region: Some(region),
                outcome: match missing {
                    Some(reason) => Outcome::NotPriced(reason),
                    None => Outcome::Priced(components),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod support_calendar_tests {
    use super::*;

    #[test]
    fn every_date_of_the_support_calendars_is_a_calendar_day() {
        for (engine, major, year1, year3) in RDS_EXTENDED_SUPPORT {
            assert!(day(year1).is_some(), "{engine} {major}: {year1}");
            assert!(year3.is_none_or(|y| day(y).is_some_and(|y3| y3 > day(year1).unwrap())));
        }
        for (minor, end) in EKS_END_OF_STANDARD_SUPPORT {
            assert!(day(end).is_some(), "{minor}: {end}");
        }
    }

    #[test]
    fn a_version_is_matched_by_its_leading_parts() {
        let on = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(rds_support_year("mysql", "5.7.44", on), Some(1));
        assert_eq!(rds_support_year("mysql", "5.7", on), Some(1));
        assert_eq!(
            rds_support_year("aurora-mysql", "5.7.mysql_aurora.2.11.2", on),
            Some(1)
        );
        assert_eq!(
            rds_support_year("postgres", "11.22-rds.20240418", on),
            Some(1)
        );
        assert_eq!(rds_support_year("postgres", "110", on), None);
        assert_eq!(rds_support_year("mysql", "8.0.36", on), None);
        assert_eq!(rds_support_year("mariadb", "10.4", on), None);
    }
}

//! `aetheredge pricing import`: turns downloaded price lists into a catalog that overrides
//! the built-in one for the prices it covers.
//!
//! - AWS: a Price List bulk offer file (`https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json`
//!   or `index.csv`, of any service), on-demand terms (`JRTCKXETXF`) only. Every service family
//!   the built-in catalog prices is mapped to its catalog keys (EC2 Linux shared-tenancy
//!   instances, EBS, RDS and Aurora, ElastiCache, DynamoDB, Lambda, S3, …; see
//!   `aws_product_key`); a tiered price takes its first priced tier and per-request prices
//!   are converted to the catalog's unit. Other products are skipped and counted.
//! - Azure: pages of the Retail Prices API (`https://prices.azure.com/api/retail/prices?...`),
//!   as saved JSON: Linux VM sizes and managed disk tiers.
//!
//! The catalog is written to `.aetheredge/pricing/<provider>.catalog` in the repo (or
//! `--out`); reviews read every `.aetheredge/pricing/*.catalog` of the base revision (the head
//! on a full scan) and lay it over the built-in catalog.

use std::collections::HashMap;

use serde_json::Value as Json;

use super::catalog::{Catalog, CatalogSource};

/// Where imported catalogs live in a repo.
pub const OVERRIDE_DIR: &str = ".aetheredge/pricing";

/// An offer file that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ImportError {
    pub file: String,
    pub line: u32,
    pub message: String,
}

/// What an import produced.
#[derive(Debug)]
pub struct Imported {
    pub catalog: Catalog,
    /// Prices read into the catalog.
    pub prices: usize,
    /// Price entries skipped: other products, terms or operating systems.
    pub skipped: usize,
}

/// `US East (N. Virginia)` → `us-east-1`, for offer files without `regionCode`.
fn region_of_location(location: &str) -> Option<&'static str> {
    Some(match location {
        "US East (N. Virginia)" => "us-east-1",
        "US East (Ohio)" => "us-east-2",
        "US West (N. California)" => "us-west-1",
        "US West (Oregon)" => "us-west-2",
        "EU (Ireland)" | "Europe (Ireland)" => "eu-west-1",
        "EU (Frankfurt)" | "Europe (Frankfurt)" => "eu-central-1",
        "EU (London)" | "Europe (London)" => "eu-west-2",
        "Asia Pacific (Singapore)" => "ap-southeast-1",
        "Asia Pacific (Sydney)" => "ap-southeast-2",
        "Asia Pacific (Tokyo)" => "ap-northeast-1",
        _ => return None,
    })
}

/// Attribute names as both the JSON and CSV offer files spell them, compared without case,
/// spaces or punctuation (`Instance Type` = `instanceType`).
fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn unit_of(aws_unit: &str) -> &str {
    match aws_unit {
        "Hrs" | "hrs" | "Hours" => "hour",
        "GB-Mo" | "GB-month" => "GB-month",
        "IOPS-Mo" => "IOPS-month",
        "MiBps-Mo" | "GiBps-mo" | "MBps-Mo" => "MBps-month",
        "GB" => "GB",
        "LCU-Hrs" => "LCU-hour",
        "NLCU-Hrs" => "NLCU-hour",
        other => other,
    }
}

/// The usage type without its region prefix (`USE1-BoxUsage:t3.medium` → `BoxUsage:t3.medium`).
fn bare_usage(usage: &str) -> &str {
    match usage.split_once('-') {
        Some((prefix, rest))
            if prefix.len() <= 5
                && prefix
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
        {
            rest
        }
        _ => usage,
    }
}

/// The catalog key of an AWS product, from its normalised attributes, and the number its
/// listed price is multiplied by to be in the catalog's unit (a price per request becomes a
/// price per million requests).
fn aws_key(a: &HashMap<String, String>) -> Option<(String, String, f64)> {
    let get = |k: &str| a.get(k).map(String::as_str).unwrap_or("");
    let region = match get("regioncode") {
        "" => region_of_location(get("location"))?.to_string(),
        r => r.to_string(),
    };
    let (key, scale) = aws_product_key(a)?;
    Some((region, key, scale))
}

/// Services whose every priced product is told apart by its usage type alone:
/// (service code, usage type without its region prefix, catalog key, the listed price's
/// multiplier into the catalog's unit).
const BY_USAGE_TYPE: &[(&str, &str, &str, f64)] = &[
    (
        "AWSDirectoryService",
        "MicrosoftAD-DC-Usage",
        "directory.microsoft_ad.standard",
        1.0,
    ),
    (
        "AWSDirectoryService",
        "MicrosoftAD-Enterprise-DC-Usage",
        "directory.microsoft_ad.enterprise",
        1.0,
    ),
    (
        "AWSDirectoryService",
        "MicrosoftAD-Shared-Usage",
        "directory.sharing.standard",
        1.0,
    ),
    (
        "CodeBuild",
        "Build-Min:g1.small",
        "codebuild.linux.small",
        1.0,
    ),
    (
        "CodeBuild",
        "Build-Min:g1.medium",
        "codebuild.linux.medium",
        1.0,
    ),
    (
        "CodeBuild",
        "Build-Min:g1.large",
        "codebuild.linux.large",
        1.0,
    ),
    (
        "CodeBuild",
        "Build-Min:Win:g1.large",
        "codebuild.windows.large",
        1.0,
    ),
    (
        "AWSConfig",
        "ConfigRuleEvaluations",
        "config.rule_evaluation",
        1.0,
    ),
    ("AWSConfig", "ConfigurationItemRecorded", "config.item", 1.0),
    (
        "AWSConfig",
        "CustomConfigItemRecorded",
        "config.custom_item",
        1.0,
    ),
    ("AWSGlue", "ETL-DPU-Hour", "glue.dpu", 1.0),
    (
        "AWSGlue",
        "Catalog-Storage",
        "glue.catalog.objects",
        100_000.0,
    ),
    ("AWSGlue", "Catalog-Request", "glue.catalog.requests", 1e6),
    ("AmazonGrafana", "Editor-User", "grafana.editor", 1.0),
    ("AmazonGrafana", "Viewer-User", "grafana.viewer", 1.0),
    (
        "AmazonMWAA",
        "Environment-Small",
        "mwaa.environment.small",
        1.0,
    ),
    (
        "AmazonMWAA",
        "Environment-Medium",
        "mwaa.environment.medium",
        1.0,
    ),
    (
        "AmazonMWAA",
        "Environment-Large",
        "mwaa.environment.large",
        1.0,
    ),
    ("AmazonMWAA", "Worker-Small", "mwaa.worker.small", 1.0),
    ("AmazonMWAA", "Worker-Medium", "mwaa.worker.medium", 1.0),
    ("AmazonMWAA", "Worker-Large", "mwaa.worker.large", 1.0),
    ("AmazonMWAA", "MetaDB-Storage", "mwaa.database", 1.0),
    ("AmazonStates", "StateTransition", "sfn.transitions", 1000.0),
    (
        "AmazonStates",
        "ExpressWorkflows-Requests",
        "sfn.express.requests",
        1e6,
    ),
    (
        "AmazonStates",
        "ExpressWorkflows-Duration-GB-Second",
        "sfn.express.duration",
        3600.0,
    ),
    (
        "AWSTransfer",
        "ProtocolHours",
        "transferfamily.protocol",
        1.0,
    ),
    (
        "AWSTransfer",
        "DataDownloaded",
        "transferfamily.download",
        1.0,
    ),
    ("AWSTransfer", "DataUploaded", "transferfamily.upload", 1.0),
    ("AmazonEC2", "HostUsage:c5", "ec2host.c5", 1.0),
    ("AmazonEC2", "HostUsage:mac1", "ec2host.mac1", 1.0),
    (
        "AmazonVPC",
        "TrafficMirror-Session",
        "trafficmirror.session",
        1.0,
    ),
    (
        "AWSCloudFormation",
        "HandlerOperations",
        "cloudformation.handler",
        1.0,
    ),
    (
        "AWSCloudFormation",
        "HandlerDuration",
        "cloudformation.duration",
        1.0,
    ),
    (
        "AWSCloudTrail",
        "PaidEventsRecorded",
        "cloudtrail.management",
        100_000.0,
    ),
    (
        "AWSCloudTrail",
        "DataEventsRecorded",
        "cloudtrail.data",
        100_000.0,
    ),
    (
        "AWSCloudTrail",
        "InsightsEvents",
        "cloudtrail.insight",
        100_000.0,
    ),
    ("AWSEvents", "Event-64K-Chunks", "events.custom", 1e6),
    (
        "AWSEvents",
        "ArchiveProcessing-Bytes",
        "events.archive_processing",
        1.0,
    ),
    (
        "AWSEvents",
        "ArchiveStorage-ByteHrs",
        "events.archive_storage",
        1.0,
    ),
    (
        "AWSEvents",
        "SchemaDiscovery-Events",
        "events.schema_discovery",
        1e6,
    ),
    (
        "AmazonCloudFront",
        "Executions-CloudFrontFunctions",
        "cloudfront.function",
        1e6,
    ),
    (
        "AmazonKinesisAnalytics",
        "KPU-Hour-Java",
        "kinesisanalytics.kpu",
        1.0,
    ),
    (
        "AmazonKinesisAnalytics",
        "RunningApplicationStorage",
        "kinesisanalytics.storage",
        1.0,
    ),
    (
        "AmazonKinesisAnalytics",
        "DurableApplicationBackups",
        "kinesisanalytics.backup",
        1.0,
    ),
    (
        "AmazonKinesisFirehose",
        "BilledBytes",
        "firehose.ingest",
        1.0,
    ),
    (
        "AmazonKinesisFirehose",
        "DataFormatConversion-ByteHrs",
        "firehose.format_conversion",
        1.0,
    ),
    (
        "AmazonKinesisFirehose",
        "VpcBilledBytes",
        "firehose.vpc.data",
        1.0,
    ),
    (
        "AmazonKinesisFirehose",
        "VpcEniHours",
        "firehose.vpc.zone",
        1.0,
    ),
    (
        "AmazonFSx",
        "ThroughputCapacity-MultiAZ",
        "fsx.windows.multi_az.throughput",
        1.0,
    ),
    (
        "AmazonFSx",
        "ThroughputCapacity",
        "fsx.windows.single_az.throughput",
        1.0,
    ),
    ("AmazonFSx", "BackupUsage", "fsx.backup", 1.0),
];

fn aws_product_key(a: &HashMap<String, String>) -> Option<(String, f64)> {
    let get = |k: &str| a.get(k).map(String::as_str).unwrap_or("");
    let family = get("productfamily");
    let usage = bare_usage(get("usagetype"));
    let group = get("group");
    let service = get("servicecode");
    let one = |k: &str| Some((k.to_string(), 1.0));
    let per_million = |k: &str| Some((k.to_string(), 1e6));
    match service {
        "AmazonRedshift" if family == "Compute Instance" && !get("instancetype").is_empty() => {
            return one(&format!("redshift.{}", get("instancetype")));
        }
        "AmazonDocDB" if family == "Database Instance" => {
            return one(&format!("docdb.{}", get("instancetype")));
        }
        "AmazonDocDB" if family == "Database Storage" => return one("docdb.storage"),
        "AmazonNeptune" if family == "Database Instance" => {
            return one(&format!("neptune.{}", get("instancetype")));
        }
        "AmazonES" if family.ends_with("Instance") => {
            let ty = get("instancetype");
            let ty = ty
                .strip_suffix(".search")
                .or_else(|| ty.strip_suffix(".elasticsearch"))?;
            return one(&format!("opensearch.{ty}"));
        }
        "AmazonES" if family.ends_with("Volume") => {
            return match get("volumetype").to_ascii_lowercase().as_str() {
                "gp2" | "general purpose" => one("opensearch.storage.gp2"),
                "gp3" => one("opensearch.storage.gp3"),
                _ => None,
            };
        }
        "AmazonDynamoDB" => {
            return match (family, group) {
                ("Provisioned IOPS", "DDB-WriteUnits") => one("dynamodb.wcu"),
                ("Provisioned IOPS", "DDB-ReadUnits") => one("dynamodb.rcu"),
                ("Database Storage", _) if usage.starts_with("TimedStorage") => {
                    one("dynamodb.storage")
                }
                (f, "DDB-WriteUnits") if f.contains("PayPerRequest") => {
                    per_million("dynamodb.write_requests")
                }
                (f, "DDB-ReadUnits") if f.contains("PayPerRequest") => {
                    per_million("dynamodb.read_requests")
                }
                _ => None,
            };
        }
        "AmazonMSK" => {
            if let Some(ty) = usage.strip_prefix("Kafka.") {
                if ty.starts_with("Storage") {
                    return one("msk.storage");
                }
                return one(&format!("msk.kafka.{ty}"));
            }
            return None;
        }
        "AmazonMQ" if family.contains("Broker Instance") || family == "Broker Instances" => {
            return one(&format!("mq.{}", get("instancetype")));
        }
        "AmazonMQ" if usage.contains("TimedStorage-EFS") => return one("mq.storage.efs"),
        "AmazonMQ" if usage.contains("TimedStorage-EBS") => return one("mq.storage.ebs"),
        "AWSDatabaseMigrationSvc" if get("instancetype").starts_with("dms.") => {
            return (get("availabilityzone") != "Multiple")
                .then(|| (format!("dms.{}", get("instancetype")), 1.0));
        }
        "AmazonEKS" if usage.starts_with("AmazonEKS-Hours:perCluster") => {
            return one("eks.cluster.hour");
        }
        "AmazonECS" => {
            return match usage {
                u if u.starts_with("Fargate-ARM-vCPU-Hours") => one("fargate.arm.vcpu"),
                u if u.starts_with("Fargate-ARM-GB-Hours") => one("fargate.arm.memory"),
                u if u.starts_with("Fargate-vCPU-Hours") => one("fargate.vcpu"),
                u if u.starts_with("Fargate-GB-Hours") => one("fargate.memory"),
                _ => None,
            };
        }
        "AWSLambda" => {
            return match group {
                "AWS-Lambda-Requests" => per_million("lambda.requests"),
                "AWS-Lambda-Duration" => one("lambda.duration"),
                "AWS-Lambda-Duration-ARM" => one("lambda.duration.arm"),
                "AWS-Lambda-Provisioned-Concurrency" => one("lambda.provisioned"),
                _ => None,
            };
        }
        "AmazonS3" => {
            return match (family, group) {
                ("Storage", _) if get("volumetype") == "Standard" => one("s3.standard.storage"),
                ("API Request", "S3-API-Tier1") => Some(("s3.standard.tier1".into(), 1000.0)),
                ("API Request", "S3-API-Tier2") => Some(("s3.standard.tier2".into(), 1000.0)),
                _ => None,
            };
        }
        "AmazonCloudWatch" => {
            return match usage {
                "CW:AlarmMonitorUsage" => one("cloudwatch.alarm.standard"),
                "CW:HighResAlarmMonitorUsage" => one("cloudwatch.alarm.high_resolution"),
                "DashboardsUsageHour-Basic" | "DashboardsUsageHour" => one("cloudwatch.dashboard"),
                "DataProcessing-Bytes" => one("logs.ingestion"),
                "TimedStorage-ByteHrs" => one("logs.storage"),
                "DataScanned-Bytes" => one("logs.insights"),
                _ => None,
            };
        }
        "awskms" => {
            return match usage {
                "KMS-Keys" => one("kms.key"),
                "KMS-Requests" => Some(("kms.requests".into(), 10_000.0)),
                _ => None,
            };
        }
        "AWSSecretsManager" => {
            return match usage {
                "AWSSecretsManager-Secrets" => one("secretsmanager.secret"),
                "AWSSecretsManager-APIRequest" => {
                    Some(("secretsmanager.requests".into(), 10_000.0))
                }
                _ => None,
            };
        }
        "AmazonRoute53" => {
            return match usage {
                "HostedZone" => one("route53.zone"),
                "DNS-Queries" => per_million("route53.queries"),
                "Health-Check-AWS" => one("route53.health_check"),
                "ResolverNetworkInterface" => one("route53resolver.endpoint"),
                "ResolverDNSQueries" => per_million("route53resolver.queries"),
                _ => None,
            };
        }
        "AmazonEFS" => {
            return match family {
                "Storage" if get("storageclass") == "General Purpose" => {
                    one("efs.standard.storage")
                }
                "Provisioned Throughput" => one("efs.provisioned_throughput"),
                _ => None,
            };
        }
        "AmazonKinesis" => {
            return match group {
                "Provisioned shard hour" => one("kinesis.shard"),
                "Payload Units" => per_million("kinesis.put_units"),
                _ => None,
            };
        }
        "AmazonECR" if family == "Storage" => return one("ecr.storage"),
        "AWSQueueService" if group == "SQS-APIRequest-Tier1" => {
            return match get("queuetype") {
                "Standard" => per_million("sqs.standard"),
                "FIFO (first-in, first-out)" | "FIFO" => per_million("sqs.fifo"),
                _ => None,
            };
        }
        "AmazonSNS" if group == "SNS-Requests-Tier1" => return per_million("sns.requests"),
        "AmazonApiGateway" => {
            return match usage {
                "ApiGatewayRequest" => per_million("apigw.rest"),
                "ApiGatewayHttpRequest" => per_million("apigw.http"),
                "ApiGatewayMessage" => per_million("apigw.websocket"),
                _ => None,
            };
        }
        "AWSNetworkFirewall" => {
            return match usage {
                u if u.starts_with("Endpoint-Hour") => one("networkfirewall.endpoint"),
                u if u.starts_with("Traffic-GB-Processed") => one("networkfirewall.data"),
                _ => None,
            };
        }
        "CloudHSM" if usage.starts_with("CloudHSMv2Usage") => return one("cloudhsm.hour"),
        "AWSDirectConnect" if usage.contains("PortUsage") => {
            return match get("portspeed") {
                "1G" | "1Gbps" => one("dx.port.1Gbps"),
                "10G" | "10Gbps" => one("dx.port.10Gbps"),
                _ => None,
            };
        }
        "AWSGlobalAccelerator" if usage.starts_with("GlobalAccelerator-Hours") => {
            return one("globalaccelerator.hour");
        }
        "AWSCertificateManager" if usage.starts_with("PaidPrivateCA") => {
            return one("acmpca.ca");
        }
        "AWSSystemsManager" if usage.starts_with("PS-Advanced-Param-Tier1") => {
            return one("ssm.advanced_parameter");
        }
        "awswaf" => {
            return match usage {
                "WebACL" => one("waf.web_acl"),
                "Rule" => one("waf.rule"),
                "Request" => per_million("waf.requests"),
                _ => None,
            };
        }
        "AWSDataTransfer" => {
            return match usage {
                "DataTransfer-Out-Bytes" => one("transfer.internet_out"),
                "DataTransfer-Regional-Bytes" => one("transfer.intra_region"),
                _ => None,
            };
        }
        _ => {}
    }
    if let Some((_, _, key, scale)) = BY_USAGE_TYPE
        .iter()
        .find(|(s, u, _, _)| *s == service && usage == *u)
    {
        return Some((key.to_string(), *scale));
    }
    let key = match family {
        "Compute Instance" => {
            let ok = get("operatingsystem") == "Linux"
                && get("tenancy") == "Shared"
                && matches!(get("preinstalledsw"), "NA" | "")
                && matches!(get("capacitystatus"), "Used" | "")
                && !get("instancetype").is_empty();
            ok.then(|| format!("ec2.{}", get("instancetype")))?
        }
        "CPU Credits" if get("operatingsystem") == "Linux" => "ec2.cpu_credits".to_string(),
        "Storage" if !get("volumeapiname").is_empty() => {
            format!("ebs.{}.storage", get("volumeapiname"))
        }
        "System Operation" if group == "EBS I/O Requests" => {
            return per_million("ebs.standard.io");
        }
        "System Operation" | "Provisioned Throughput" if !get("volumeapiname").is_empty() => {
            let vol = get("volumeapiname");
            if group.contains("IOPS") || usage.contains("IOPS") {
                format!("ebs.{vol}.iops")
            } else if group.contains("Throughput") || usage.contains("Throughput") {
                format!("ebs.{vol}.throughput")
            } else {
                return None;
            }
        }
        "Storage Snapshot" if usage == "EBS:SnapshotUsage" => "ebs.snapshot.storage".into(),
        "Storage Snapshot" if usage == "RDS:ChargedBackupUsage" => "rds.backup".into(),
        "IP Address" if usage.starts_with("PublicIPv4:") => "eip.hour".into(),
        "NAT Gateway" if usage.ends_with("NatGateway-Hours") => "nat.hour".to_string(),
        "NAT Gateway" if usage.ends_with("NatGateway-Bytes") => "nat.data".to_string(),
        "VpcEndpoint" if usage.starts_with("VpcEndpoint-Hours") => "vpce.interface.hour".into(),
        "VpcEndpoint" if usage.starts_with("VpcEndpoint-Bytes") => "vpce.data".into(),
        _ if usage.starts_with("TransitGateway-Hours") => "tgw.attachment.hour".into(),
        _ if usage.starts_with("TransitGateway-Bytes") => "tgw.data".into(),
        _ if usage.starts_with("VPN-Usage-Hours") => "vpn.connection.hour".into(),
        _ if usage.starts_with("ClientVPN-EndpointAssociation") => "clientvpn.association".into(),
        _ if usage.starts_with("ClientVPN-ConnectionHours") => "clientvpn.connection".into(),
        "Database Instance" => {
            let engine = match get("databaseengine") {
                "MySQL" => "mysql",
                "PostgreSQL" => "postgres",
                "MariaDB" => "mariadb",
                "Aurora MySQL" => "aurora-mysql",
                "Aurora PostgreSQL" => "aurora-postgresql",
                _ => return None,
            };
            let class = get("instancetype");
            match get("deploymentoption") {
                "Single-AZ" => format!("rds.{engine}.{class}"),
                "Multi-AZ" => format!("rds.{engine}.{class}.multi_az"),
                _ => return None,
            }
        }
        "Database Storage" if get("deploymentoption") == "Single-AZ" => {
            let vt = match get("volumetype") {
                "General Purpose" => "gp2",
                "General Purpose-GP3" => "gp3",
                "Provisioned IOPS" => "io1",
                "Provisioned IOPS-IO2" => "io2",
                "Magnetic" => "standard",
                _ => return None,
            };
            format!("rds.storage.{vt}")
        }
        "Database Storage" if get("volumetype") == "General Purpose-Aurora" => {
            "rds.storage.aurora".into()
        }
        "Provisioned IOPS" if get("deploymentoption") == "Single-AZ" => match usage {
            "RDS:PIOPS" => "rds.iops.io1".into(),
            "RDS:PIOPS-IO2" => "rds.iops.io2".into(),
            "RDS:GP3-PIOPS" => "rds.iops.gp3".into(),
            _ => return None,
        },
        "System Operation" if group == "Aurora I/O Operation" => {
            return per_million("rds.io.aurora");
        }
        "ServerlessV2" => "rds.acu.aurora".into(),
        "Cache Instance" if !get("instancetype").is_empty() => {
            format!("elasticache.{}", get("instancetype"))
        }
        "Load Balancer" if usage.contains("LoadBalancerUsage") => "elb.classic.hour".into(),
        "Load Balancer" if usage.contains("DataProcessing-Bytes") => "elb.classic.data".into(),
        "Load Balancer-Application" if usage.contains("LoadBalancerUsage") => {
            "elb.application.hour".to_string()
        }
        "Load Balancer-Application" if usage.contains("LCUUsage") => {
            "elb.application.lcu".to_string()
        }
        "Load Balancer-Network" if usage.contains("LoadBalancerUsage") => {
            "elb.network.hour".to_string()
        }
        "Load Balancer-Network" if usage.contains("LCUUsage") => "elb.network.lcu".to_string(),
        "Load Balancer-Gateway" if usage.contains("LoadBalancerUsage") => {
            "elb.gateway.hour".to_string()
        }
        "Load Balancer-Gateway" if usage.contains("LCUUsage") => "elb.gateway.lcu".to_string(),
        _ => return None,
    };
    Some((key, 1.0))
}

/// The unit a catalog key is priced in: the built-in catalog's, else the offer's own.
fn catalog_unit(region: &str, key: &str, aws_unit: &str) -> String {
    Catalog::builtin()
        .price("aws", region, key)
        .or_else(|| Catalog::builtin().price("aws", "us-east-1", key))
        .map(|p| p.unit)
        .unwrap_or_else(|| unit_of(aws_unit).to_string())
}

fn json_error(file: &str, e: &serde_json::Error) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: e.line() as u32,
        message: e.to_string(),
    }
}

/// Reads an AWS bulk offer file, JSON or CSV (told apart by the first character).
pub fn aws_offer(file: &str, text: &str) -> Result<Imported, ImportError> {
    if text.trim_start().starts_with('{') {
        aws_offer_json(file, text)
    } else {
        aws_offer_csv(file, text)
    }
}

fn aws_offer_json(file: &str, text: &str) -> Result<Imported, ImportError> {
    let doc: Json = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let err = |message: String| ImportError {
        file: file.to_string(),
        line: 1,
        message,
    };
    let products = doc
        .get("products")
        .and_then(Json::as_object)
        .ok_or_else(|| err("no `products` object: is this an AWS Price List offer file?".into()))?;
    let on_demand = doc
        .pointer("/terms/OnDemand")
        .and_then(Json::as_object)
        .ok_or_else(|| {
            err("no `terms.OnDemand` object: is this an AWS Price List offer file?".into())
        })?;
    let mut catalog = Catalog::default();
    let (mut prices, mut skipped) = (0, 0);
    for (sku, product) in products {
        let mut attrs: HashMap<String, String> = product
            .get("attributes")
            .and_then(Json::as_object)
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (norm(k), s.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(f) = product.get("productFamily").and_then(Json::as_str) {
            attrs.insert("productfamily".into(), f.to_string());
        }
        let Some((region, key, scale)) = aws_key(&attrs) else {
            skipped += 1;
            continue;
        };
        let Some(terms) = on_demand.get(sku).and_then(Json::as_object) else {
            skipped += 1;
            continue;
        };
        for (code, term) in terms {
            if !code.ends_with(".JRTCKXETXF") && !code.ends_with("JRTCKXETXF") {
                continue;
            }
            // The first priced tier: free tiers (a first 25 WCU, 100 GB out) are not list prices.
            let mut dims: Vec<(f64, f64, &Json)> = term
                .get("priceDimensions")
                .and_then(Json::as_object)
                .into_iter()
                .flat_map(|d| d.values())
                .map(|dim| {
                    let begin = dim
                        .get("beginRange")
                        .and_then(Json::as_str)
                        .and_then(|s| s.parse::<f64>().ok())
                        .unwrap_or(0.0);
                    let usd = dim
                        .pointer("/pricePerUnit/USD")
                        .and_then(Json::as_str)
                        .and_then(|s| s.parse::<f64>().ok())
                        .ok_or_else(|| err(format!("sku {sku}: pricePerUnit.USD is not a number")));
                    usd.map(|usd| (begin, usd, dim))
                })
                .collect::<Result<_, _>>()?;
            dims.sort_by(|a, b| a.0.total_cmp(&b.0));
            let Some(&(_, usd, dim)) = dims.iter().find(|(_, usd, _)| *usd > 0.0) else {
                skipped += 1;
                continue;
            };
            let unit = catalog_unit(
                &region,
                &key,
                dim.get("unit").and_then(Json::as_str).unwrap_or(""),
            );
            let usd = usd * scale;
            catalog.set("aws", &region, &key, usd, &unit);
            prices += 1;
        }
    }
    catalog.sources.push(CatalogSource {
        file: file.to_string(),
        provider: "aws".into(),
        source: format!(
            "AWS Price List bulk offer file {} ({}), on-demand terms",
            file,
            doc.get("offerCode")
                .and_then(Json::as_str)
                .unwrap_or("unknown offer")
        ),
        as_of: doc
            .get("publicationDate")
            .and_then(Json::as_str)
            .map(|d| d.chars().take(10).collect())
            .unwrap_or_else(|| "unknown".into()),
    });
    Ok(Imported {
        catalog,
        prices,
        skipped,
    })
}

fn csv_error(file: &str, e: &csv::Error) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: e.position().map_or(1, |p| p.line() as u32),
        message: e.to_string(),
    }
}

fn aws_offer_csv(file: &str, text: &str) -> Result<Imported, ImportError> {
    let err = |line: u64, message: String| ImportError {
        file: file.to_string(),
        line: line as u32,
        message,
    };
    // The metadata rows above the header have two fields, the price rows as many as the
    // header: the reader takes records of any length and the rows are checked here.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut meta: HashMap<String, String> = HashMap::new();
    let mut catalog = Catalog::default();
    let (mut prices, mut skipped) = (0, 0);
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(file, &e))?
    {
        let line = record.position().map_or(1, csv::Position::line);
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        let Some(cols) = &header else {
            if record.get(0) == Some("SKU") {
                header = Some(record.iter().map(norm).collect());
            } else if record.len() >= 2 {
                meta.insert(norm(&record[0]), record[1].to_string());
            }
            continue;
        };
        if record.len() != cols.len() {
            return Err(err(
                line,
                format!(
                    "{} fields where the header has {}",
                    record.len(),
                    cols.len()
                ),
            ));
        }
        let row: HashMap<String, String> = cols
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_string))
            .collect();
        let get = |k: &str| row.get(k).map(String::as_str).unwrap_or("");
        if get("termtype") != "OnDemand" || !matches!(get("offertermcode"), "JRTCKXETXF" | "") {
            skipped += 1;
            continue;
        }
        let Some((region, key, scale)) = aws_key(&row) else {
            skipped += 1;
            continue;
        };
        let usd: f64 = get("priceperunit").parse().map_err(|_| {
            err(
                line,
                format!("PricePerUnit `{}` is not a number", get("priceperunit")),
            )
        })?;
        // The first priced tier wins: free tiers are not list prices, later tiers are volume
        // discounts (the file lists tiers in order).
        if usd <= 0.0 || catalog.has_price("aws", &region, &key) {
            skipped += 1;
            continue;
        }
        let unit = catalog_unit(&region, &key, get("unit"));
        catalog.set("aws", &region, &key, usd * scale, &unit);
        prices += 1;
    }
    if header.is_none() {
        return Err(err(
            1,
            "no header row starting with \"SKU\": is this an AWS Price List CSV offer file?".into(),
        ));
    }
    catalog.sources.push(CatalogSource {
        file: file.to_string(),
        provider: "aws".into(),
        source: format!(
            "AWS Price List bulk offer file {file} ({}), on-demand terms",
            meta.get("offercode")
                .map(String::as_str)
                .unwrap_or("unknown offer")
        ),
        as_of: meta
            .get("publicationdate")
            .map(|d| d.chars().take(10).collect())
            .unwrap_or_else(|| "unknown".into()),
    });
    Ok(Imported {
        catalog,
        prices,
        skipped,
    })
}

/// Reads one page of the Azure Retail Prices API (`{"Items": [...]}`).
pub fn azure_retail(file: &str, text: &str) -> Result<Imported, ImportError> {
    let doc: Json = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let items = doc
        .get("Items")
        .and_then(Json::as_array)
        .ok_or_else(|| ImportError {
            file: file.to_string(),
            line: 1,
            message: "no `Items` array: is this a page of the Azure Retail Prices API?".into(),
        })?;
    let mut catalog = Catalog::default();
    let (mut prices, mut skipped) = (0, 0);
    for item in items {
        let s = |k: &str| item.get(k).and_then(Json::as_str).unwrap_or("");
        let usd = item
            .get("retailPrice")
            .and_then(Json::as_f64)
            .unwrap_or(0.0);
        let region = s("armRegionName");
        let key = if s("type") != "Consumption" || usd <= 0.0 || region.is_empty() {
            None
        } else if s("serviceName") == "Virtual Machines"
            && !s("productName").contains("Windows")
            && !s("skuName").contains("Spot")
            && !s("skuName").contains("Low Priority")
            && s("unitOfMeasure") == "1 Hour"
        {
            Some((format!("vm.{}", s("armSkuName")), "hour"))
        } else if s("serviceName") == "Storage"
            && s("productName").contains("Managed Disks")
            && s("meterName").ends_with("LRS Disk")
        {
            let tier = s("meterName").split_whitespace().next().unwrap_or("");
            let kind = match tier.chars().next() {
                Some('P') => Some("premium"),
                Some('E') => Some("standardssd"),
                Some('S') => Some("standard"),
                _ => None,
            };
            kind.map(|k| (format!("disk.{k}.{tier}"), "month"))
        } else {
            None
        };
        match key {
            Some((key, unit)) => {
                catalog.set("azure", region, &key, usd, unit);
                prices += 1;
            }
            None => skipped += 1,
        }
    }
    catalog.sources.push(CatalogSource {
        file: file.to_string(),
        provider: "azure".into(),
        source: format!("Azure Retail Prices API page {file}"),
        as_of: items
            .iter()
            .filter_map(|i| i.get("effectiveStartDate").and_then(Json::as_str))
            .max()
            .map(|d| d.chars().take(10).collect())
            .unwrap_or_else(|| "unknown".into()),
    });
    Ok(Imported {
        catalog,
        prices,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    pub(crate) const EC2_JSON: &str = r#"{
  "formatVersion": "v1.0", "offerCode": "AmazonEC2", "publicationDate": "2025-02-01T00:00:00Z",
  "products": {
    "SKU1": {"sku": "SKU1", "productFamily": "Compute Instance", "attributes": {"instanceType": "t3.medium", "regionCode": "us-east-1", "operatingSystem": "Linux", "tenancy": "Shared", "preInstalledSw": "NA", "capacitystatus": "Used"}},
    "SKU2": {"sku": "SKU2", "productFamily": "Compute Instance", "attributes": {"instanceType": "t3.medium", "regionCode": "us-east-1", "operatingSystem": "Windows", "tenancy": "Shared", "preInstalledSw": "NA", "capacitystatus": "Used"}},
    "SKU3": {"sku": "SKU3", "productFamily": "Storage", "attributes": {"volumeApiName": "gp3", "location": "EU (Ireland)"}}
  },
  "terms": {"OnDemand": {
    "SKU1": {"SKU1.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "priceDimensions": {"SKU1.JRTCKXETXF.6YS6EN2CT7": {"unit": "Hrs", "beginRange": "0", "pricePerUnit": {"USD": "0.0500000000"}}}}},
    "SKU2": {"SKU2.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "priceDimensions": {"SKU2.JRTCKXETXF.6YS6EN2CT7": {"unit": "Hrs", "beginRange": "0", "pricePerUnit": {"USD": "0.0600000000"}}}}},
    "SKU3": {"SKU3.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "priceDimensions": {"SKU3.JRTCKXETXF.X": {"unit": "GB-Mo", "beginRange": "0", "pricePerUnit": {"USD": "0.0880000000"}}}}}
  }}
}"#;

    #[test]
    fn a_json_offer_file_gives_linux_on_demand_prices() {
        let imported = aws_offer("index.json", EC2_JSON).unwrap();
        assert_eq!(imported.prices, 2);
        let c = &imported.catalog;
        assert_eq!(
            c.price("aws", "us-east-1", "ec2.t3.medium").unwrap().usd,
            0.05
        );
        assert_eq!(
            c.price("aws", "eu-west-1", "ebs.gp3.storage").unwrap().unit,
            "GB-month"
        );
        assert_eq!(c.sources[0].as_of, "2025-02-01");
        // The written text reads back as the same catalog.
        let text = c.to_text("aws", "imported");
        let back = Catalog::parse("aws.catalog", &text).unwrap();
        assert_eq!(
            back.price("aws", "us-east-1", "ec2.t3.medium").unwrap().usd,
            0.05
        );
    }

    #[test]
    fn an_offer_excerpt_maps_every_family_the_catalog_prices() {
        let text = include_str!("../../../../fixtures/cost/offer-excerpt/aws-offer.json");
        let expected: BTreeMap<String, f64> = serde_json::from_str(include_str!(
            "../../../../fixtures/cost/offer-excerpt/expected-prices.json"
        ))
        .unwrap();
        let imported = aws_offer("aws-offer.json", text).unwrap();
        let c = &imported.catalog;
        for (key, want) in &expected {
            let got = c.price("aws", "us-east-1", key);
            assert!(
                got.as_ref()
                    .is_some_and(|p| (p.usd - want).abs() <= want * 1e-9),
                "{key}: {got:?}, expected {want}"
            );
        }
        // Units are the catalog's: per million requests, per 1k, per 10k, not per request.
        let unit = |k: &str| c.price("aws", "us-east-1", k).unwrap().unit;
        assert_eq!(unit("lambda.requests"), "1M-requests");
        assert_eq!(unit("kms.requests"), "10k-requests");
        assert_eq!(unit("s3.standard.tier1"), "1k-requests");
        assert_eq!(unit("ebs.gp3.throughput"), "MBps-month");
        // The Windows instance is skipped, not read as the Linux price.
        assert_eq!(imported.prices, expected.len());
        assert_eq!(imported.skipped, 1);
        // Every service family the built-in catalog prices in us-east-1 (or everywhere) is
        // one the importer maps.
        let family = |k: &str| k.split('.').next().unwrap_or_default().to_string();
        let imported_families: BTreeSet<String> = c
            .keys("aws", "us-east-1")
            .iter()
            .map(|k| family(k))
            .collect();
        let builtin = Catalog::builtin();
        let missing: BTreeSet<String> = builtin
            .keys("aws", "us-east-1")
            .iter()
            .chain(builtin.keys("aws", "*").iter())
            .map(|k| family(k))
            .filter(|f| !imported_families.contains(f))
            .collect();
        assert!(missing.is_empty(), "not imported: {missing:?}");
    }

    #[test]
    fn a_csv_offer_file_is_read_too() {
        let csv = "\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"x\"\n\"Publication Date\",\"2025-03-01T00:00:00Z\"\n\"Version\",\"1\"\n\"OfferCode\",\"AmazonEC2\"\n\"SKU\",\"OfferTermCode\",\"RateCode\",\"TermType\",\"PriceDescription\",\"EffectiveDate\",\"StartingRange\",\"EndingRange\",\"Unit\",\"PricePerUnit\",\"Currency\",\"Product Family\",\"Instance Type\",\"Region Code\",\"Operating System\",\"Tenancy\",\"Pre Installed S/W\",\"CapacityStatus\"\n\"A\",\"JRTCKXETXF\",\"A.JRTCKXETXF.6YS6EN2CT7\",\"OnDemand\",\"$0.0832 per On Demand Linux t3.large Instance Hour\",\"2025-01-01\",\"0\",\"Inf\",\"Hrs\",\"0.0900000000\",\"USD\",\"Compute Instance\",\"t3.large\",\"us-east-1\",\"Linux\",\"Shared\",\"NA\",\"Used\"\n\"A\",\"4NA7Y494T4\",\"A.4NA7Y494T4.6YS6EN2CT7\",\"Reserved\",\"x\",\"2025-01-01\",\"0\",\"Inf\",\"Hrs\",\"0.05\",\"USD\",\"Compute Instance\",\"t3.large\",\"us-east-1\",\"Linux\",\"Shared\",\"NA\",\"Used\"\n";
        let imported = aws_offer("index.csv", csv).unwrap();
        assert_eq!(imported.prices, 1);
        assert_eq!(
            imported
                .catalog
                .price("aws", "us-east-1", "ec2.t3.large")
                .unwrap()
                .usd,
            0.09
        );
        assert_eq!(imported.catalog.sources[0].as_of, "2025-03-01");
    }

    #[test]
    fn csv_fields_may_hold_commas_quotes_and_line_breaks() {
        let header = "\"OfferCode\",\"AmazonEC2\"\n\"SKU\",\"TermType\",\"PriceDescription\",\"PricePerUnit\",\"Unit\",\"Product Family\",\"Instance Type\",\"Region Code\",\"Operating System\",\"Tenancy\",\"Pre Installed S/W\",\"CapacityStatus\"\n";
        // The description holds a comma, a doubled quote and a line break.
        let row = "\"A\",\"OnDemand\",\"$0.09 per \"\"Linux\"\",\nt3.large hour\",\"0.09\",\"Hrs\",\"Compute Instance\",\"t3.large\",\"us-east-1\",\"Linux\",\"Shared\",\"NA\",\"Used\"\n";
        let imported = aws_offer("index.csv", &format!("{header}{row}")).unwrap();
        assert_eq!(imported.prices, 1);
        let price = imported.catalog.price("aws", "us-east-1", "ec2.t3.large");
        assert_eq!(price.unwrap().usd, 0.09);
        assert!(imported.catalog.sources[0].source.contains("AmazonEC2"));
        // A short row after it is named by the line it starts on, past the record's two lines.
        let e = aws_offer("index.csv", &format!("{header}{row}\"B\",\"OnDemand\"\n")).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("index.csv", 5), "{e}");
    }

    #[test]
    fn malformed_offer_files_name_file_and_line() {
        let e = aws_offer(
            "index.json",
            "{\n  \"products\": {\n    \"A\": oops\n  }\n}",
        )
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("index.json", 3));
        let bad_csv = "\"SKU\",\"TermType\",\"PricePerUnit\"\n\"A\",\"OnDemand\"\n";
        let e = aws_offer("index.csv", bad_csv).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = aws_offer("index.csv", "\"SKU\",\"TermType\"\n\"A,\"OnDemand\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn an_azure_retail_page_gives_linux_vm_and_disk_prices() {
        let page = r#"{"BillingCurrency": "USD", "Items": [
 {"currencyCode": "USD", "retailPrice": 0.1, "unitPrice": 0.1, "armRegionName": "eastus", "meterName": "D2s v3", "productName": "Virtual Machines DSv3 Series", "skuName": "D2s v3", "serviceName": "Virtual Machines", "armSkuName": "Standard_D2s_v3", "type": "Consumption", "unitOfMeasure": "1 Hour", "effectiveStartDate": "2024-06-01T00:00:00Z"},
 {"currencyCode": "USD", "retailPrice": 0.2, "armRegionName": "eastus", "meterName": "D2s v3", "productName": "Virtual Machines DSv3 Series Windows", "skuName": "D2s v3", "serviceName": "Virtual Machines", "armSkuName": "Standard_D2s_v3", "type": "Consumption", "unitOfMeasure": "1 Hour"},
 {"currencyCode": "USD", "retailPrice": 20.0, "armRegionName": "eastus", "meterName": "P10 LRS Disk", "productName": "Premium SSD Managed Disks", "skuName": "P10 LRS", "serviceName": "Storage", "armSkuName": "", "type": "Consumption", "unitOfMeasure": "1/Month"}
], "NextPageLink": null, "Count": 3}"#;
        let imported = azure_retail("page1.json", page).unwrap();
        assert_eq!((imported.prices, imported.skipped), (2, 1));
        let c = &imported.catalog;
        assert_eq!(
            c.price("azure", "eastus", "vm.Standard_D2s_v3")
                .unwrap()
                .usd,
            0.1
        );
        assert_eq!(
            c.price("azure", "eastus", "disk.premium.P10").unwrap().usd,
            20.0
        );
        let e = azure_retail("page2.json", "{\"Items\": [\n{]}").unwrap_err();
        assert_eq!(e.line, 2);
    }
}

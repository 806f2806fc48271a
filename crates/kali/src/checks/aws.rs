//! AWS misconfiguration rules: S3, EC2, security groups, RDS, IAM, KMS, CloudTrail,
//! ELB/ALB, EKS, Lambda, EBS, ElastiCache, DynamoDB, SNS/SQS, CloudFront, API Gateway, ECR.
//!
//! Real configurations are split across resources: a bucket's ACL, encryption, versioning
//! and public access block are often separate resources naming the bucket by reference
//! (`aws_s3_bucket.x.id`) or by its literal name, and security-group rules are often
//! `aws_security_group_rule` or `aws_vpc_security_group_ingress_rule`. The checks follow
//! those links both ways.

use serde_json::Value as Json;

use super::Unknowable;
use super::{
    attr, blocks, bool_of, expect_bool, expect_set, fail, first, is_world, reject_values, strings,
    Ctx, Rule, Target, Verdict,
};
use aetheredge_model::iac::{Resource, Value};

const BUCKET_NAME: &[&str] = &["bucket"];

/// The bucket a bucket-related resource configures (or the bucket itself).
fn bucket_of<'a>(ctx: &Ctx<'a>, r: &'a Resource) -> Option<&'a Resource> {
    if r.resource_type == "aws_s3_bucket" {
        return Some(r);
    }
    let value = r.attributes.get("bucket")?;
    ctx.referenced("aws_s3_bucket", value, r, BUCKET_NAME)
}

/// Whether two `bucket` values name the same bucket when no bucket resource is known.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Unknown(x), Value::Unknown(y)) => x.refs.iter().any(|r| y.refs.contains(r)),
        _ => false,
    }
}

/// Resources of `resource_type` that configure the bucket `r` is about.
fn for_bucket<'a>(ctx: &Ctx<'a>, r: &'a Resource, resource_type: &str) -> Vec<&'a Resource> {
    match bucket_of(ctx, r) {
        Some(bucket) => ctx.related(resource_type, "bucket", bucket, BUCKET_NAME),
        None => match r.attributes.get("bucket") {
            Some(value) => ctx
                .of_type(resource_type)
                .iter()
                .filter(|o| o.root == r.root)
                .filter(|o| {
                    o.attributes
                        .get("bucket")
                        .is_some_and(|v| same_value(v, value))
                })
                .copied()
                .collect(),
            None => Vec::new(),
        },
    }
}

/// Whether a public access block (the bucket's or the account's) sets one of `flags`:
/// `Ok(true)` blocked, `Ok(false)` not, `Err` when a flag is unknown.
fn blocked(ctx: &Ctx, r: &Resource, flags: &[&str]) -> Result<bool, Unknowable> {
    let mut blocks_found: Vec<&Resource> = for_bucket(ctx, r, "aws_s3_bucket_public_access_block");
    blocks_found.extend(
        ctx.of_type("aws_s3_account_public_access_block")
            .iter()
            .filter(|a| a.root == r.root),
    );
    let mut unknown = false;
    for b in blocks_found {
        for flag in flags {
            match bool_of(b.attributes.get(*flag)) {
                Ok(Some(true)) => return Ok(true),
                Err(Unknowable) => unknown = true,
                _ => {}
            }
        }
    }
    if unknown {
        Err(Unknowable)
    } else {
        Ok(false)
    }
}

const PUBLIC_READ_ACLS: &[&str] = &["public-read", "public-read-write", "authenticated-read"];
const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/// The public grant of a bucket ACL (canned or explicit) with one of `permissions`, as
/// (attribute, description).
fn public_acl(
    r: &Resource,
    canned: &[&str],
    permissions: &[&str],
) -> Result<Option<(String, String)>, Unknowable> {
    match r.attributes.get("acl") {
        Some(v) if !v.is_known() => return Err(Unknowable),
        Some(Value::String(acl)) if canned.contains(&acl.as_str()) => {
            return Ok(Some(("acl".into(), format!("the ACL is \"{acl}\""))))
        }
        _ => {}
    }
    // Grants: `grant` blocks on the bucket, `access_control_policy.grant` on aws_s3_bucket_acl.
    let mut grants: Vec<&Value> = blocks(r, "grant");
    let mut at = "grant";
    if let Some(policy) = r.attributes.get("access_control_policy") {
        at = "access_control_policy";
        if let Value::List(items) = first(policy).get("grant").unwrap_or(&Value::Null) {
            grants.extend(items.iter());
        }
    }
    for g in grants {
        let grantee = first(g.get("grantee").unwrap_or(g));
        let uri = grantee.get("uri").and_then(Value::as_str).unwrap_or("");
        if uri != ALL_USERS && uri != AUTHENTICATED_USERS {
            continue;
        }
        let perms: Vec<String> = g
            .get("permission")
            .or_else(|| g.get("permissions"))
            .and_then(strings)
            .unwrap_or_default();
        if perms.iter().any(|p| permissions.contains(&p.as_str())) {
            return Ok(Some((
                at.into(),
                format!(
                    "a grant gives {} {}",
                    uri.rsplit('/').next().unwrap_or(uri),
                    perms.join(", ")
                ),
            )));
        }
    }
    Ok(None)
}

fn s3_public_acl(ctx: &Ctx, r: &Resource, canned: &[&str], perms: &[&str], what: &str) -> Verdict {
    let found = match public_acl(r, canned, perms) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(None) => return Verdict::Pass,
        Ok(Some(f)) => f,
    };
    match blocked(ctx, r, &["block_public_acls", "ignore_public_acls"]) {
        Err(Unknowable) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail(
            &found.0,
            format!("The bucket is publicly {what}: {}, and no public access block ignores public ACLs.", found.1),
        ),
    }
}

fn s3_public_read(ctx: &Ctx, r: &Resource) -> Verdict {
    s3_public_acl(
        ctx,
        r,
        PUBLIC_READ_ACLS,
        &["READ", "FULL_CONTROL", "READ_ACP"],
        "readable",
    )
}

fn s3_public_write(ctx: &Ctx, r: &Resource) -> Verdict {
    s3_public_acl(
        ctx,
        r,
        &["public-read-write"],
        &["WRITE", "FULL_CONTROL", "WRITE_ACP"],
        "writable",
    )
}

/// The statements of an IAM policy document given as a JSON string; `None` when unknown
/// or not JSON.
fn statements(value: Option<&Value>) -> Option<Vec<Json>> {
    let text = value?.as_str()?;
    let doc: Json = serde_json::from_str(text).ok()?;
    match doc.get("Statement")? {
        Json::Array(items) => Some(items.clone()),
        s @ Json::Object(_) => Some(vec![s.clone()]),
        _ => None,
    }
}

fn json_strings(v: Option<&Json>) -> Vec<String> {
    match v {
        Some(Json::String(s)) => vec![s.clone()],
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a statement's principal is everyone (`"*"`, `{"AWS": "*"}`).
fn principal_is_everyone(s: &Json) -> bool {
    match s.get("Principal") {
        Some(Json::String(p)) => p == "*",
        Some(Json::Object(map)) => map
            .get("AWS")
            .map(|v| json_strings(Some(v)).iter().any(|p| p == "*"))
            .unwrap_or(false),
        _ => false,
    }
}

fn allows(s: &Json) -> bool {
    s.get("Effect").and_then(Json::as_str) == Some("Allow")
}

fn s3_public_policy(ctx: &Ctx, r: &Resource) -> Verdict {
    let Some(stmts) = statements(r.attributes.get("policy")) else {
        return Verdict::Unknown;
    };
    let public = stmts
        .iter()
        .any(|s| allows(s) && principal_is_everyone(s) && s.get("Condition").is_none());
    if !public {
        return Verdict::Pass;
    }
    match blocked(ctx, r, &["block_public_policy", "restrict_public_buckets"]) {
        Err(Unknowable) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail(
            "policy",
            "The bucket policy allows any principal (\"*\") without a condition, and no public access block restricts public policies.",
        ),
    }
}

fn s3_kms_encryption(ctx: &Ctx, r: &Resource) -> Verdict {
    let algorithm_of = |rules: &Value| -> Option<Value> {
        let rule = first(rules.get("rule")?);
        let default = first(rule.get("apply_server_side_encryption_by_default")?);
        default.get("sse_algorithm").cloned()
    };
    let mut algorithms: Vec<Value> = Vec::new();
    if let Some(inline) = r.attributes.get("server_side_encryption_configuration") {
        algorithms.extend(algorithm_of(first(inline)));
    }
    for sse in for_bucket(ctx, r, "aws_s3_bucket_server_side_encryption_configuration") {
        let rule_holder = Value::Object(sse.attributes.as_ref().clone());
        algorithms.extend(algorithm_of(&rule_holder));
    }
    if algorithms.iter().any(|a| !a.is_known()) {
        return Verdict::Unknown;
    }
    if algorithms
        .iter()
        .any(|a| a.as_str().is_some_and(|s| s.starts_with("aws:kms")))
    {
        Verdict::Pass
    } else {
        fail(
            "server_side_encryption_configuration",
            "The bucket is not encrypted with a KMS key by default (only S3-managed keys): no aws:kms server-side encryption configuration names it.",
        )
    }
}

fn s3_versioning(ctx: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "versioning.enabled")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(true)) => return Verdict::Pass,
        _ => {}
    }
    for v in for_bucket(ctx, r, "aws_s3_bucket_versioning") {
        match attr(v, "versioning_configuration.status") {
            Some(Value::String(s)) if s == "Enabled" => return Verdict::Pass,
            Some(x) if !x.is_known() => return Verdict::Unknown,
            _ => {}
        }
    }
    fail(
        "versioning",
        "Versioning is not enabled, so overwritten or deleted objects cannot be recovered.",
    )
}

fn s3_logging(ctx: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "logging").is_some_and(|v| !matches!(v, Value::Null | Value::List(_)))
        || !for_bucket(ctx, r, "aws_s3_bucket_logging").is_empty()
    {
        return Verdict::Pass;
    }
    fail(
        "logging",
        "Server access logging is not enabled for the bucket.",
    )
}

fn s3_has_public_access_block(ctx: &Ctx, r: &Resource) -> Verdict {
    if !for_bucket(ctx, r, "aws_s3_bucket_public_access_block").is_empty()
        || ctx
            .of_type("aws_s3_account_public_access_block")
            .iter()
            .any(|a| a.root == r.root)
    {
        Verdict::Pass
    } else {
        fail(
            "bucket",
            "No public access block (for the bucket or the account) protects the bucket.",
        )
    }
}

fn pab_flag(r: &Resource, flag: &str) -> Verdict {
    expect_bool(r, flag, true, false, &format!("`{flag}` is not true."))
}

fn pab_block_public_acls(_: &Ctx, r: &Resource) -> Verdict {
    pab_flag(r, "block_public_acls")
}
fn pab_block_public_policy(_: &Ctx, r: &Resource) -> Verdict {
    pab_flag(r, "block_public_policy")
}
fn pab_ignore_public_acls(_: &Ctx, r: &Resource) -> Verdict {
    pab_flag(r, "ignore_public_acls")
}
fn pab_restrict_public_buckets(_: &Ctx, r: &Resource) -> Verdict {
    pab_flag(r, "restrict_public_buckets")
}

// ---- security groups -------------------------------------------------------------------

/// One ingress permission, wherever it is written.
struct Ingress {
    attr: &'static str,
    from: Option<f64>,
    to: Option<f64>,
    protocol: String,
    cidrs: Vec<String>,
}

/// The ingress permissions of a security group, a security group rule, or a VPC ingress
/// rule; `None` when something that matters is unknown.
fn ingress_of(r: &Resource) -> Option<Vec<Ingress>> {
    let num = |v: Option<&Value>| v.and_then(Value::as_f64);
    let proto = |v: Option<&Value>| {
        v.and_then(Value::to_template_string)
            .unwrap_or_else(|| "-1".into())
            .to_ascii_lowercase()
    };
    let cidrs_of = |v: &Value, keys: &[&str]| -> Option<Vec<String>> {
        let mut out = Vec::new();
        for k in keys {
            if let Some(x) = v.get(k) {
                out.extend(strings(x)?);
            }
        }
        Some(out)
    };
    match r.resource_type.as_str() {
        "aws_security_group" | "aws_default_security_group" => {
            let mut out = Vec::new();
            for b in blocks(r, "ingress") {
                out.push(Ingress {
                    attr: "ingress",
                    from: num(b.get("from_port")),
                    to: num(b.get("to_port")),
                    protocol: proto(b.get("protocol")),
                    cidrs: cidrs_of(b, &["cidr_blocks", "ipv6_cidr_blocks"])?,
                });
            }
            Some(out)
        }
        "aws_security_group_rule" => {
            match r.attributes.get("type") {
                Some(Value::String(t)) if t == "ingress" => {}
                Some(v) if !v.is_known() => return None,
                _ => return Some(Vec::new()),
            }
            let obj = Value::Object(r.attributes.as_ref().clone());
            Some(vec![Ingress {
                attr: "cidr_blocks",
                from: num(r.attributes.get("from_port")),
                to: num(r.attributes.get("to_port")),
                protocol: proto(r.attributes.get("protocol")),
                cidrs: cidrs_of(&obj, &["cidr_blocks", "ipv6_cidr_blocks"])?,
            }])
        }
        "aws_vpc_security_group_ingress_rule" => {
            let obj = Value::Object(r.attributes.as_ref().clone());
            Some(vec![Ingress {
                attr: "cidr_ipv4",
                from: num(r.attributes.get("from_port")),
                to: num(r.attributes.get("to_port")),
                protocol: proto(r.attributes.get("ip_protocol")),
                cidrs: cidrs_of(&obj, &["cidr_ipv4", "cidr_ipv6"])?,
            }])
        }
        _ => Some(Vec::new()),
    }
}

fn all_protocols(p: &str) -> bool {
    matches!(p, "-1" | "all")
}

fn covers_port(i: &Ingress, port: f64) -> bool {
    if all_protocols(&i.protocol) {
        return true;
    }
    if !matches!(i.protocol.as_str(), "tcp" | "6" | "udp" | "17") {
        return false;
    }
    match (i.from, i.to) {
        (Some(f), Some(t)) => f <= port && port <= t,
        (Some(f), None) => f == port,
        _ => false,
    }
}

fn world_open(r: &Resource, ports: &[f64], what: &str) -> Verdict {
    let Some(ingress) = ingress_of(r) else {
        return Verdict::Unknown;
    };
    for i in &ingress {
        let Some(world) = i.cidrs.iter().find(|c| is_world(c)) else {
            continue;
        };
        if let Some(port) = ports.iter().find(|p| covers_port(i, **p)) {
            return fail(
                i.attr,
                format!("Ingress from {world} reaches port {port} ({what})."),
            );
        }
    }
    Verdict::Pass
}

fn sg_ssh(_: &Ctx, r: &Resource) -> Verdict {
    world_open(r, &[22.0], "SSH")
}
fn sg_rdp(_: &Ctx, r: &Resource) -> Verdict {
    world_open(r, &[3389.0], "RDP")
}
fn sg_databases(_: &Ctx, r: &Resource) -> Verdict {
    world_open(
        r,
        &[
            3306.0, 5432.0, 1433.0, 1521.0, 27017.0, 6379.0, 9200.0, 5439.0,
        ],
        "a database port",
    )
}
fn sg_all_ports(_: &Ctx, r: &Resource) -> Verdict {
    let Some(ingress) = ingress_of(r) else {
        return Verdict::Unknown;
    };
    for i in &ingress {
        if let Some(world) = i.cidrs.iter().find(|c| is_world(c)) {
            let every_port =
                all_protocols(&i.protocol) || (i.from == Some(0.0) && i.to == Some(65535.0));
            if every_port {
                return fail(
                    i.attr,
                    format!("Ingress from {world} is open on every port."),
                );
            }
        }
    }
    Verdict::Pass
}

fn sg_descriptions(_: &Ctx, r: &Resource) -> Verdict {
    let missing = |v: Option<&Value>| {
        matches!(v, None | Some(Value::Null)) || v.and_then(Value::as_str) == Some("")
    };
    match r.resource_type.as_str() {
        "aws_security_group" => {
            for kind in ["ingress", "egress"] {
                if blocks(r, kind)
                    .iter()
                    .any(|b| missing(b.get("description")))
                {
                    return fail(kind, format!("An {kind} rule has no description."));
                }
            }
            Verdict::Pass
        }
        _ => {
            if missing(r.attributes.get("description")) {
                fail("description", "The rule has no description.")
            } else {
                Verdict::Pass
            }
        }
    }
}

fn default_sg_closed(_: &Ctx, r: &Resource) -> Verdict {
    if !blocks(r, "ingress").is_empty() {
        fail(
            "ingress",
            "The default security group allows ingress; it should allow nothing.",
        )
    } else if !blocks(r, "egress").is_empty() {
        fail(
            "egress",
            "The default security group allows egress; it should allow nothing.",
        )
    } else {
        Verdict::Pass
    }
}

// ---- RDS ---------------------------------------------------------------------------------

fn rds_encrypted(_: &Ctx, r: &Resource) -> Verdict {
    // A read replica inherits its source's encryption; Aurora Serverless v1 is always encrypted.
    if r.attributes
        .get("replicate_source_db")
        .is_some_and(|v| !matches!(v, Value::Null))
    {
        return Verdict::Pass;
    }
    if attr(r, "engine_mode").and_then(Value::as_str) == Some("serverless") {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "storage_encrypted",
        true,
        false,
        "Storage is not encrypted at rest (`storage_encrypted` is not true).",
    )
}

fn rds_public(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "publicly_accessible",
        false,
        false,
        "The database is publicly accessible (`publicly_accessible = true`).",
    )
}

fn rds_backup(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "backup_retention_period") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if v.as_f64() == Some(0.0) => fail(
            "backup_retention_period",
            "Automated backups are disabled (`backup_retention_period = 0`).",
        ),
        _ => Verdict::Pass,
    }
}

fn rds_iam_auth(_: &Ctx, r: &Resource) -> Verdict {
    let engine = attr(r, "engine").and_then(Value::as_str).unwrap_or("");
    if !(engine.contains("mysql") || engine.contains("postgres") || engine.contains("mariadb")) {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "iam_database_authentication_enabled",
        true,
        false,
        "IAM database authentication is not enabled.",
    )
}

fn rds_deletion_protection(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "deletion_protection",
        true,
        false,
        "Deletion protection is not enabled.",
    )
}

fn rds_multi_az(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(r, "multi_az", true, false, "The instance is not Multi-AZ.")
}

fn rds_logs(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(
        r,
        "enabled_cloudwatch_logs_exports",
        "No database logs are exported to CloudWatch (`enabled_cloudwatch_logs_exports`).",
    )
}

fn rds_minor_upgrades(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "auto_minor_version_upgrade",
        true,
        true,
        "Automatic minor version upgrades are disabled.",
    )
}

// ---- EC2 and EBS -------------------------------------------------------------------------

fn imdsv2(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "metadata_options.http_endpoint").and_then(Value::as_str) == Some("disabled") {
        return Verdict::Pass;
    }
    match attr(r, "metadata_options.http_tokens") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(s)) if s == "required" => Verdict::Pass,
        _ => fail(
            "metadata_options",
            "The instance metadata service accepts IMDSv1: set `metadata_options { http_tokens = \"required\" }`.",
        ),
    }
}

/// Whether the account turns on EBS encryption by default in this root.
fn ebs_default_encryption(ctx: &Ctx, r: &Resource) -> bool {
    ctx.of_type("aws_ebs_encryption_by_default")
        .iter()
        .any(|d| {
            d.root == r.root
                && bool_of(d.attributes.get("enabled"))
                    .ok()
                    .flatten()
                    .unwrap_or(true)
        })
}

fn instance_disks_encrypted(ctx: &Ctx, r: &Resource) -> Verdict {
    if ebs_default_encryption(ctx, r) {
        return Verdict::Pass;
    }
    for kind in ["root_block_device", "ebs_block_device"] {
        for b in blocks(r, kind) {
            if b.get("snapshot_id")
                .is_some_and(|v| !matches!(v, Value::Null))
            {
                continue;
            }
            match bool_of(b.get("encrypted")) {
                Err(Unknowable) => return Verdict::Unknown,
                Ok(Some(true)) => {}
                _ => return fail(kind, format!("A `{kind}` is not encrypted.")),
            }
        }
    }
    if r.resource_type == "aws_launch_configuration" || blocks(r, "root_block_device").is_empty() {
        // Without a root_block_device block the root volume follows the AMI's snapshot.
        return Verdict::Pass;
    }
    Verdict::Pass
}

fn ec2_public_ip(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "associate_public_ip_address",
        false,
        false,
        "The instance gets a public IP address (`associate_public_ip_address = true`).",
    )
}

fn ec2_monitoring(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "monitoring",
        true,
        false,
        "Detailed monitoring is not enabled.",
    )
}

fn ebs_encrypted(ctx: &Ctx, r: &Resource) -> Verdict {
    if ebs_default_encryption(ctx, r)
        || attr(r, "snapshot_id").is_some_and(|v| !matches!(v, Value::Null))
    {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "encrypted",
        true,
        false,
        "The volume is not encrypted (`encrypted` is not true).",
    )
}

fn ebs_default_on(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "enabled",
        true,
        true,
        "EBS encryption by default is turned off.",
    )
}

// ---- IAM ---------------------------------------------------------------------------------

/// Statements of a policy resource or a policy document data source, as JSON.
fn policy_statements(r: &Resource) -> Option<Vec<Json>> {
    if r.resource_type == "aws_iam_policy_document" {
        let mut out = Vec::new();
        for s in blocks(r, "statement") {
            let get = |k: &str| s.get(k).and_then(strings);
            let effect = s.get("effect").and_then(Value::as_str).unwrap_or("Allow");
            let (Some(actions), Some(resources)) = (get("actions"), get("resources")) else {
                if s.get("actions").is_some_and(|v| !v.is_wholly_known()) {
                    return None;
                }
                continue;
            };
            out.push(serde_json::json!({
                "Effect": effect, "Action": actions, "Resource": resources,
                "Condition": if blocks_in(s, "condition") { Json::Bool(true) } else { Json::Null },
            }));
        }
        return Some(out);
    }
    let key = if r.resource_type == "aws_iam_role" {
        "assume_role_policy"
    } else {
        "policy"
    };
    statements(r.attributes.get(key))
}

fn blocks_in(v: &Value, name: &str) -> bool {
    matches!(v.get(name), Some(Value::List(l)) if !l.is_empty())
}

fn policy_attr(r: &Resource) -> &'static str {
    if r.resource_type == "aws_iam_policy_document" {
        "statement"
    } else {
        "policy"
    }
}

fn iam_admin(_: &Ctx, r: &Resource) -> Verdict {
    let Some(stmts) = policy_statements(r) else {
        return Verdict::Unknown;
    };
    for s in &stmts {
        let actions = json_strings(s.get("Action"));
        let resources = json_strings(s.get("Resource"));
        if allows(s)
            && actions.iter().any(|a| a == "*" || a == "*:*")
            && resources.iter().any(|x| x == "*")
        {
            return fail(policy_attr(r), "The policy allows every action on every resource (\"*\" on \"*\"): full administrator access.");
        }
    }
    Verdict::Pass
}

fn iam_wildcard_action(_: &Ctx, r: &Resource) -> Verdict {
    let Some(stmts) = policy_statements(r) else {
        return Verdict::Unknown;
    };
    for s in &stmts {
        if let Some(a) = json_strings(s.get("Action"))
            .iter()
            .find(|a| a.as_str() == "*" || a.ends_with(":*"))
        {
            if allows(s) {
                return fail(
                    policy_attr(r),
                    format!("The policy allows the wildcard action \"{a}\"."),
                );
            }
        }
    }
    Verdict::Pass
}

fn iam_user_policy(_: &Ctx, r: &Resource) -> Verdict {
    if r.resource_type == "aws_iam_policy_attachment" {
        return match r.attributes.get("users") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            Some(Value::List(u)) if !u.is_empty() => fail(
                "users",
                "The policy is attached to users directly; attach it to groups or roles.",
            ),
            _ => Verdict::Pass,
        };
    }
    fail(
        "user",
        "A policy is attached to a user directly; attach policies to groups or roles.",
    )
}

fn iam_assume_role_everyone(_: &Ctx, r: &Resource) -> Verdict {
    let Some(stmts) = statements(r.attributes.get("assume_role_policy")) else {
        return Verdict::Unknown;
    };
    if stmts
        .iter()
        .any(|s| allows(s) && principal_is_everyone(s) && s.get("Condition").is_none())
    {
        fail(
            "assume_role_policy",
            "Any AWS principal (\"*\") may assume the role.",
        )
    } else {
        Verdict::Pass
    }
}

fn password_min_length(_: &Ctx, r: &Resource) -> Verdict {
    at_least(
        r,
        "minimum_password_length",
        14.0,
        6.0,
        "The minimum password length is under 14.",
    )
}
fn password_reuse(_: &Ctx, r: &Resource) -> Verdict {
    at_least(
        r,
        "password_reuse_prevention",
        24.0,
        0.0,
        "Password reuse prevention remembers fewer than 24 passwords.",
    )
}
fn password_max_age(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "max_password_age") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if v.as_f64().is_some_and(|n| n > 0.0 && n <= 90.0) => Verdict::Pass,
        _ => fail(
            "max_password_age",
            "Passwords do not expire within 90 days.",
        ),
    }
}
fn password_lowercase(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "require_lowercase_characters",
        true,
        false,
        "The password policy does not require a lowercase letter.",
    )
}
fn password_uppercase(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "require_uppercase_characters",
        true,
        false,
        "The password policy does not require an uppercase letter.",
    )
}
fn password_numbers(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "require_numbers",
        true,
        false,
        "The password policy does not require a number.",
    )
}
fn password_symbols(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "require_symbols",
        true,
        false,
        "The password policy does not require a symbol.",
    )
}

fn at_least(r: &Resource, path: &str, min: f64, default: f64, message: &str) -> Verdict {
    match attr(r, path) {
        Some(v) if !v.is_known() => Verdict::Unknown,
        v => {
            let n = v.and_then(Value::as_f64).unwrap_or(default);
            if n >= min {
                Verdict::Pass
            } else {
                fail(path, message)
            }
        }
    }
}

// ---- KMS and CloudTrail ------------------------------------------------------------------

fn kms_rotation(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "customer_master_key_spec").and_then(Value::as_str) {
        Some(spec) if spec != "SYMMETRIC_DEFAULT" => return Verdict::Pass,
        _ => {}
    }
    expect_bool(
        r,
        "enable_key_rotation",
        true,
        false,
        "Automatic key rotation is not enabled.",
    )
}

fn kms_policy_public(_: &Ctx, r: &Resource) -> Verdict {
    match statements(r.attributes.get("policy")) {
        None if r.attributes.get("policy").is_none() => Verdict::Pass,
        None => Verdict::Unknown,
        Some(stmts) => {
            if stmts
                .iter()
                .any(|s| allows(s) && principal_is_everyone(s) && s.get("Condition").is_none())
            {
                fail(
                    "policy",
                    "The key policy allows any principal (\"*\") without a condition.",
                )
            } else {
                Verdict::Pass
            }
        }
    }
}

fn trail_kms(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(
        r,
        "kms_key_id",
        "Trail logs are not encrypted with a KMS key (`kms_key_id`).",
    )
}
fn trail_validation(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "enable_log_file_validation",
        true,
        false,
        "Log file integrity validation is not enabled.",
    )
}
fn trail_multi_region(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "is_multi_region_trail",
        true,
        false,
        "The trail records one region only.",
    )
}

// ---- load balancers ----------------------------------------------------------------------

fn listener_https(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "protocol") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(p)) if p.eq_ignore_ascii_case("HTTP") => {}
        _ => return Verdict::Pass,
    }
    let redirects = blocks(r, "default_action").iter().any(|a| {
        a.get("type").and_then(Value::as_str) == Some("redirect")
            && a.get("redirect")
                .map(first)
                .and_then(|x| x.get("protocol"))
                .and_then(Value::as_str)
                .is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"))
    });
    if redirects {
        Verdict::Pass
    } else {
        fail(
            "protocol",
            "The listener serves plain HTTP instead of redirecting to HTTPS.",
        )
    }
}

fn listener_tls(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "protocol").and_then(Value::as_str) {
        Some(p) if p.eq_ignore_ascii_case("HTTPS") || p.eq_ignore_ascii_case("TLS") => {}
        _ => return Verdict::Pass,
    }
    match attr(r, "ssl_policy") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(p))
            if p.contains("TLS-1-2") || p.contains("TLS13") || p.contains("FS-1-2") =>
        {
            Verdict::Pass
        }
        Some(Value::String(p)) => fail(
            "ssl_policy",
            format!("The listener's SSL policy \"{p}\" accepts TLS versions before 1.2."),
        ),
        _ => fail(
            "ssl_policy",
            "The listener uses the default SSL policy, which accepts TLS 1.0 and 1.1.",
        ),
    }
}

fn lb_access_logs(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "access_logs.enabled",
        true,
        false,
        "Access logs are not enabled.",
    )
}

fn elb_access_logs(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "access_logs").is_none() {
        return fail("access_logs", "Access logs are not enabled.");
    }
    expect_bool(
        r,
        "access_logs.enabled",
        true,
        true,
        "Access logs are not enabled.",
    )
}

fn alb_drop_headers(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "load_balancer_type").and_then(Value::as_str) {
        Some(t) if t != "application" => return Verdict::Pass,
        _ => {}
    }
    expect_bool(
        r,
        "drop_invalid_header_fields",
        true,
        false,
        "Invalid HTTP headers are passed to targets (`drop_invalid_header_fields` is not true).",
    )
}

fn lb_deletion_protection(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "enable_deletion_protection",
        true,
        false,
        "Deletion protection is not enabled.",
    )
}

// ---- EKS ---------------------------------------------------------------------------------

fn eks_public_endpoint(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "vpc_config.endpoint_public_access",
        false,
        true,
        "The cluster's API endpoint is public.",
    )
}

fn eks_public_cidrs(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "vpc_config.endpoint_public_access")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(false)) => return Verdict::Pass,
        _ => {}
    }
    match attr(r, "vpc_config.public_access_cidrs") {
        None | Some(Value::Null) => fail(
            "vpc_config",
            "The public API endpoint is open to 0.0.0.0/0 (no `public_access_cidrs`).",
        ),
        Some(v) => match strings(v) {
            None => Verdict::Unknown,
            Some(c) if c.iter().any(|x| is_world(x)) => fail(
                "vpc_config",
                "The public API endpoint is open to 0.0.0.0/0.",
            ),
            Some(_) => Verdict::Pass,
        },
    }
}

fn eks_secrets_encryption(_: &Ctx, r: &Resource) -> Verdict {
    let encrypted = blocks(r, "encryption_config").iter().any(|c| {
        c.get("resources")
            .and_then(strings)
            .is_some_and(|x| x.iter().any(|s| s == "secrets"))
    });
    if encrypted {
        Verdict::Pass
    } else {
        fail(
            "encryption_config",
            "Kubernetes secrets are not encrypted with a KMS key (`encryption_config`).",
        )
    }
}

fn eks_logging(_: &Ctx, r: &Resource) -> Verdict {
    let wanted = [
        "api",
        "audit",
        "authenticator",
        "controllerManager",
        "scheduler",
    ];
    match r.attributes.get("enabled_cluster_log_types") {
        Some(v) if !v.is_wholly_known() => Verdict::Unknown,
        v => {
            let have = v.and_then(strings).unwrap_or_default();
            let missing: Vec<&str> = wanted
                .iter()
                .copied()
                .filter(|w| !have.iter().any(|h| h == w))
                .collect();
            if missing.is_empty() {
                Verdict::Pass
            } else {
                fail(
                    "enabled_cluster_log_types",
                    format!("Control plane logs not enabled: {}.", missing.join(", ")),
                )
            }
        }
    }
}

// ---- Lambda ------------------------------------------------------------------------------

fn lambda_tracing(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "tracing_config.mode") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(m)) if m == "Active" => Verdict::Pass,
        _ => fail("tracing_config", "X-Ray active tracing is not enabled."),
    }
}

fn lambda_env_secrets(_: &Ctx, r: &Resource) -> Verdict {
    let Some(Value::Object(vars)) = attr(r, "environment.variables") else {
        return Verdict::Pass;
    };
    let scanner = env_scanner();
    for (k, v) in vars {
        let Some(text) = v.as_str() else { continue };
        let line = format!("{k}=\"{text}\"\n");
        if let Some(m) = scanner.scan("lambda.env", &line, None).first() {
            return fail(
                "environment",
                format!(
                    "The environment variable {k} holds a {} (\"{}\").",
                    m.rule().title.to_lowercase(),
                    m.redacted
                ),
            );
        }
    }
    Verdict::Pass
}

fn env_scanner() -> &'static super::secrets::Scanner {
    static SCANNER: std::sync::OnceLock<super::secrets::Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| super::secrets::Scanner::new(super::secrets::Allowlist::builtin()))
}

fn lambda_dlq(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(
        r,
        "dead_letter_config.target_arn",
        "No dead-letter queue receives failed asynchronous invocations.",
    )
}

fn lambda_env_kms(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "environment.variables").is_none() {
        return Verdict::Pass;
    }
    expect_set(
        r,
        "kms_key_arn",
        "Environment variables are encrypted with the AWS-managed key only (`kms_key_arn`).",
    )
}

fn lambda_url_auth(_: &Ctx, r: &Resource) -> Verdict {
    reject_values(
        r,
        "authorization_type",
        &["NONE"],
        "The function URL needs no authentication",
    )
}

// ---- data stores and messaging -----------------------------------------------------------

fn elasticache_at_rest(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "at_rest_encryption_enabled",
        true,
        false,
        "Data at rest is not encrypted.",
    )
}
fn elasticache_in_transit(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "transit_encryption_enabled",
        true,
        false,
        "Traffic is not encrypted in transit.",
    )
}
fn elasticache_auth(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "user_group_ids").is_some_and(|v| !matches!(v, Value::Null)) {
        return Verdict::Pass;
    }
    match expect_bool(r, "transit_encryption_enabled", true, false, "") {
        Verdict::Fail { .. } => fail(
            "transit_encryption_enabled",
            "No AUTH token: transit encryption is off, so clients connect without a password.",
        ),
        Verdict::Unknown => Verdict::Unknown,
        Verdict::Pass => expect_set(r, "auth_token", "Clients connect without an AUTH token."),
    }
}

fn dynamodb_pitr(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "point_in_time_recovery.enabled",
        true,
        false,
        "Point-in-time recovery is not enabled.",
    )
}
fn dynamodb_cmk(_: &Ctx, r: &Resource) -> Verdict {
    match expect_bool(r, "server_side_encryption.enabled", true, false, "") {
        Verdict::Pass => expect_set(
            r,
            "server_side_encryption.kms_key_arn",
            "The table is encrypted with the AWS-managed key, not a customer-managed KMS key.",
        ),
        Verdict::Unknown => Verdict::Unknown,
        Verdict::Fail { .. } => fail(
            "server_side_encryption",
            "The table is encrypted with an AWS-owned key, not a customer-managed KMS key.",
        ),
    }
}

fn sns_encrypted(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(
        r,
        "kms_master_key_id",
        "The topic is not encrypted (`kms_master_key_id`).",
    )
}
fn sqs_encrypted(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "kms_master_key_id").is_some_and(|v| !matches!(v, Value::Null)) {
        return Verdict::Pass;
    }
    expect_bool(
        r,
        "sqs_managed_sse_enabled",
        true,
        true,
        "The queue is not encrypted (`sqs_managed_sse_enabled = false` and no KMS key).",
    )
}

// ---- CloudFront and API Gateway ----------------------------------------------------------

fn cloudfront_https(_: &Ctx, r: &Resource) -> Verdict {
    for kind in ["default_cache_behavior", "ordered_cache_behavior"] {
        for b in blocks(r, kind) {
            match b.get("viewer_protocol_policy") {
                Some(v) if !v.is_known() => return Verdict::Unknown,
                Some(Value::String(p)) if p == "allow-all" => {
                    return fail(
                        kind,
                        "Viewers may use plain HTTP (`viewer_protocol_policy = \"allow-all\"`).",
                    )
                }
                _ => {}
            }
        }
    }
    Verdict::Pass
}

fn cloudfront_tls(_: &Ctx, r: &Resource) -> Verdict {
    if bool_of(attr(r, "viewer_certificate.cloudfront_default_certificate")) == Ok(Some(true)) {
        return fail("viewer_certificate", "The default CloudFront certificate allows TLS 1.0; use your own certificate with TLSv1.2_2021.");
    }
    match attr(r, "viewer_certificate.minimum_protocol_version") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(p)) if p.starts_with("TLSv1.2") || p.starts_with("TLSv1.3") => {
            Verdict::Pass
        }
        Some(Value::String(p)) => fail(
            "viewer_certificate",
            format!("The minimum TLS version \"{p}\" is older than 1.2."),
        ),
        _ => fail(
            "viewer_certificate",
            "No minimum TLS version is set (the default accepts TLS 1.0).",
        ),
    }
}

fn cloudfront_waf(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(r, "web_acl_id", "No WAF web ACL protects the distribution.")
}
fn cloudfront_logging(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(r, "logging_config", "Access logging is not configured.")
}

fn apigw_method_auth(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "http_method").and_then(Value::as_str) == Some("OPTIONS")
        || bool_of(attr(r, "api_key_required")) == Ok(Some(true))
    {
        return Verdict::Pass;
    }
    reject_values(
        r,
        "authorization",
        &["NONE"],
        "The method needs no authorization and no API key",
    )
}

fn apigw_stage_logging(_: &Ctx, r: &Resource) -> Verdict {
    expect_set(
        r,
        "access_log_settings",
        "Access logging is not configured for the stage.",
    )
}
fn apigw_stage_xray(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "xray_tracing_enabled",
        true,
        false,
        "X-Ray tracing is not enabled for the stage.",
    )
}

fn ecr_immutable(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "image_tag_mutability") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(m)) if m.starts_with("IMMUTABLE") => Verdict::Pass,
        _ => fail(
            "image_tag_mutability",
            "Image tags are mutable: a pushed tag can be replaced.",
        ),
    }
}
fn ecr_scan(_: &Ctx, r: &Resource) -> Verdict {
    expect_bool(
        r,
        "image_scanning_configuration.scan_on_push",
        true,
        false,
        "Images are not scanned on push.",
    )
}

const BUCKETS: &[&str] = &["aws_s3_bucket"];
const BUCKET_ACLS: &[&str] = &["aws_s3_bucket", "aws_s3_bucket_acl"];
const PABS: &[&str] = &[
    "aws_s3_bucket_public_access_block",
    "aws_s3_account_public_access_block",
];
const SGS: &[&str] = &[
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
];
const DBS: &[&str] = &["aws_db_instance"];
const POLICIES: &[&str] = &[
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_policy_document",
];
const PASSWORD_POLICY: &[&str] = &["aws_iam_account_password_policy"];
const LISTENERS: &[&str] = &["aws_lb_listener", "aws_alb_listener"];
const LBS: &[&str] = &["aws_lb", "aws_alb"];
const EKS: &[&str] = &["aws_eks_cluster"];
const LAMBDAS: &[&str] = &["aws_lambda_function"];
const CACHES: &[&str] = &["aws_elasticache_replication_group"];
const CLOUDFRONT: &[&str] = &["aws_cloudfront_distribution"];
const STAGES: &[&str] = &["aws_api_gateway_stage", "aws_apigatewayv2_stage"];
const TRAILS: &[&str] = &["aws_cloudtrail"];

const CIS_S3_PUBLIC: Option<(&str, &str)> = Some(("cis_aws", "2.1.4"));

pub fn rules() -> Vec<Rule> {
    use Target::Resources as R;
    vec![
        rule!("aws-s3-public-read", ["CKV_AWS_20"], High, PublicAccess, CIS_S3_PUBLIC,
            "S3 bucket is publicly readable",
            "The bucket's ACL (canned or by grant, on the bucket or in aws_s3_bucket_acl) lets anyone read it, and no public access block ignores public ACLs.",
            "Use a private ACL, and add an aws_s3_bucket_public_access_block with block_public_acls and ignore_public_acls.",
            R(BUCKET_ACLS, s3_public_read)),
        rule!("aws-s3-public-write", ["CKV_AWS_57"], Critical, PublicAccess, CIS_S3_PUBLIC,
            "S3 bucket is publicly writable",
            "The bucket's ACL lets anyone write to it, and no public access block ignores public ACLs.",
            "Use a private ACL and block public ACLs with aws_s3_bucket_public_access_block.",
            R(BUCKET_ACLS, s3_public_write)),
        rule!("aws-s3-public-policy", ["CKV_AWS_70"], High, PublicAccess, CIS_S3_PUBLIC,
            "S3 bucket policy allows any principal",
            "A statement of the bucket policy allows \"*\" without a condition, and no public access block restricts public policies.",
            "Name the principals that need access, or add a condition; block public policies with aws_s3_bucket_public_access_block.",
            R(&["aws_s3_bucket_policy"], s3_public_policy)),
        rule!("aws-s3-kms-encryption", ["CKV_AWS_145"], Low, EncryptionAtRest, None,
            "S3 bucket is not encrypted with a KMS key by default",
            "Buckets are encrypted with S3-managed keys unless configured otherwise; a KMS key adds access control and audit of key use.",
            "Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = \"aws:kms\".",
            R(BUCKETS, s3_kms_encryption)),
        rule!("aws-s3-versioning", ["CKV_AWS_21"], Low, Backup, None,
            "S3 bucket versioning is not enabled",
            "Without versioning, an overwrite or delete cannot be undone.",
            "Add aws_s3_bucket_versioning with status = \"Enabled\".",
            R(BUCKETS, s3_versioning)),
        rule!("aws-s3-access-logging", ["CKV_AWS_18"], Low, Logging, None,
            "S3 bucket access logging is not enabled",
            "Requests to the bucket are not logged.",
            "Add aws_s3_bucket_logging with a target bucket.",
            R(BUCKETS, s3_logging)),
        rule!("aws-s3-no-public-access-block", ["CKV2_AWS_6"], Medium, PublicAccess, CIS_S3_PUBLIC,
            "S3 bucket has no public access block",
            "Neither the bucket nor the account has a public access block, so one ACL or policy change can make it public.",
            "Add aws_s3_bucket_public_access_block for the bucket (or aws_s3_account_public_access_block).",
            R(BUCKETS, s3_has_public_access_block)),
        rule!("aws-s3-block-public-acls", ["CKV_AWS_53"], Medium, PublicAccess, CIS_S3_PUBLIC,
            "S3 public access block does not block public ACLs",
            "block_public_acls is not true, so new public ACLs are accepted.",
            "Set block_public_acls = true.",
            R(PABS, pab_block_public_acls)),
        rule!("aws-s3-block-public-policy", ["CKV_AWS_54"], Medium, PublicAccess, CIS_S3_PUBLIC,
            "S3 public access block does not block public policies",
            "block_public_policy is not true, so public bucket policies are accepted.",
            "Set block_public_policy = true.",
            R(PABS, pab_block_public_policy)),
        rule!("aws-s3-ignore-public-acls", ["CKV_AWS_55"], Medium, PublicAccess, CIS_S3_PUBLIC,
            "S3 public access block does not ignore public ACLs",
            "ignore_public_acls is not true, so existing public ACLs still grant access.",
            "Set ignore_public_acls = true.",
            R(PABS, pab_ignore_public_acls)),
        rule!("aws-s3-restrict-public-buckets", ["CKV_AWS_56"], Medium, PublicAccess, CIS_S3_PUBLIC,
            "S3 public access block does not restrict public buckets",
            "restrict_public_buckets is not true, so a public policy still grants access.",
            "Set restrict_public_buckets = true.",
            R(PABS, pab_restrict_public_buckets)),
        rule!("aws-sg-ssh-open", ["CKV_AWS_24"], High, Network, Some(("cis_aws", "5.2")),
            "Security group allows SSH from the internet",
            "An ingress rule lets 0.0.0.0/0 (or ::/0) reach port 22.",
            "Restrict SSH to known CIDRs, or use SSM Session Manager instead of open SSH.",
            R(SGS, sg_ssh)),
        rule!("aws-sg-rdp-open", ["CKV_AWS_25"], High, Network, Some(("cis_aws", "5.2")),
            "Security group allows RDP from the internet",
            "An ingress rule lets 0.0.0.0/0 (or ::/0) reach port 3389.",
            "Restrict RDP to known CIDRs or a bastion.",
            R(SGS, sg_rdp)),
        rule!("aws-sg-all-ports-open", ["CKV_AWS_277"], Critical, Network, Some(("cis_aws", "5.2")),
            "Security group allows every port from the internet",
            "An ingress rule with protocol -1 (or ports 0-65535) is open to 0.0.0.0/0.",
            "Open only the ports the service needs, to the CIDRs that need them.",
            R(SGS, sg_all_ports)),
        rule!("aws-sg-database-open", [], High, Network, Some(("cis_aws", "5.2")),
            "Security group exposes a database port to the internet",
            "An ingress rule lets 0.0.0.0/0 reach a database port (MySQL, PostgreSQL, SQL Server, Oracle, MongoDB, Redis, Elasticsearch, Redshift).",
            "Reach databases from application security groups or private CIDRs only.",
            R(SGS, sg_databases)),
        rule!("aws-sg-rule-description", ["CKV_AWS_23"], Low, Network, None,
            "Security group rule has no description",
            "Rules without descriptions are hard to review and to clean up.",
            "Add a description to every ingress and egress rule.",
            R(&["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"], sg_descriptions)),
        rule!("aws-default-sg-open", ["CKV2_AWS_12"], Medium, Network, Some(("cis_aws", "5.4")),
            "Default security group allows traffic",
            "The VPC's default security group has rules; anything launched without a group gets them.",
            "Declare aws_default_security_group with no ingress and no egress blocks.",
            R(&["aws_default_security_group"], default_sg_closed)),
        rule!("aws-rds-unencrypted", ["CKV_AWS_16"], High, EncryptionAtRest, Some(("cis_aws", "2.3.1")),
            "RDS instance is not encrypted at rest",
            "storage_encrypted is not true: the database's storage, backups and snapshots are unencrypted.",
            "Set storage_encrypted = true (and kms_key_id for a customer-managed key). Existing instances must be restored from an encrypted snapshot.",
            R(DBS, rds_encrypted)),
        rule!("aws-rds-cluster-unencrypted", ["CKV_AWS_96"], High, EncryptionAtRest, Some(("cis_aws", "2.3.1")),
            "RDS cluster is not encrypted at rest",
            "storage_encrypted is not true on the Aurora or Multi-AZ cluster.",
            "Set storage_encrypted = true.",
            R(&["aws_rds_cluster"], rds_encrypted)),
        rule!("aws-rds-public", ["CKV_AWS_17"], Critical, PublicAccess, Some(("cis_aws", "2.3.3")),
            "RDS instance is publicly accessible",
            "publicly_accessible = true gives the database a public address.",
            "Set publicly_accessible = false and reach it from inside the VPC.",
            R(&["aws_db_instance", "aws_rds_cluster_instance"], rds_public)),
        rule!("aws-rds-backups-disabled", ["CKV_AWS_133"], Medium, Backup, None,
            "RDS automated backups are disabled",
            "backup_retention_period = 0 turns off automated backups and point-in-time restore.",
            "Set backup_retention_period to 7 or more.",
            R(&["aws_db_instance", "aws_rds_cluster"], rds_backup)),
        rule!("aws-rds-iam-auth", ["CKV_AWS_161"], Low, Authentication, None,
            "RDS IAM authentication is not enabled",
            "Database users authenticate with passwords only.",
            "Set iam_database_authentication_enabled = true.",
            R(DBS, rds_iam_auth)),
        rule!("aws-rds-deletion-protection", ["CKV_AWS_293"], Low, Backup, None,
            "RDS deletion protection is not enabled",
            "The database can be deleted by one API call or an apply.",
            "Set deletion_protection = true.",
            R(DBS, rds_deletion_protection)),
        rule!("aws-rds-multi-az", ["CKV_AWS_157"], Low, Backup, None,
            "RDS instance is not Multi-AZ",
            "A single-AZ instance is down while its zone is.",
            "Set multi_az = true for production databases.",
            R(DBS, rds_multi_az)),
        rule!("aws-rds-logs", ["CKV_AWS_129"], Low, Logging, None,
            "RDS logs are not exported",
            "No database logs go to CloudWatch.",
            "Set enabled_cloudwatch_logs_exports (e.g. [\"postgresql\"] or [\"error\", \"general\", \"slowquery\"]).",
            R(DBS, rds_logs)),
        rule!("aws-rds-minor-upgrades", ["CKV_AWS_226"], Low, Workload, None,
            "RDS minor version upgrades are disabled",
            "auto_minor_version_upgrade = false leaves security patches unapplied.",
            "Remove auto_minor_version_upgrade = false.",
            R(DBS, rds_minor_upgrades)),
        rule!("aws-ec2-imdsv1", ["CKV_AWS_79"], High, Workload, Some(("cis_aws", "5.6")),
            "Instance metadata service v1 is enabled",
            "Without http_tokens = \"required\", SSRF bugs can read the instance's credentials.",
            "Add metadata_options { http_tokens = \"required\" }.",
            R(&["aws_instance", "aws_launch_template"], imdsv2)),
        rule!("aws-ec2-unencrypted-disk", ["CKV_AWS_8"], Medium, EncryptionAtRest, Some(("cis_aws", "2.2.1")),
            "Instance block device is not encrypted",
            "A root or EBS block device of the instance is not encrypted, and EBS encryption by default is not on.",
            "Set encrypted = true on every block device, or turn on aws_ebs_encryption_by_default.",
            R(&["aws_instance", "aws_launch_configuration"], instance_disks_encrypted)),
        rule!("aws-ec2-public-ip", ["CKV_AWS_88"], Medium, PublicAccess, None,
            "Instance has a public IP address",
            "associate_public_ip_address = true puts the instance on the internet.",
            "Place instances in private subnets behind a load balancer or NAT.",
            R(&["aws_instance"], ec2_public_ip)),
        rule!("aws-ec2-detailed-monitoring", ["CKV_AWS_126"], Low, Logging, None,
            "Instance detailed monitoring is not enabled",
            "Metrics are collected every 5 minutes instead of every minute.",
            "Set monitoring = true.",
            R(&["aws_instance"], ec2_monitoring)),
        rule!("aws-ebs-unencrypted", ["CKV_AWS_3"], Medium, EncryptionAtRest, Some(("cis_aws", "2.2.1")),
            "EBS volume is not encrypted",
            "encrypted is not true and EBS encryption by default is not on.",
            "Set encrypted = true, or turn on aws_ebs_encryption_by_default.",
            R(&["aws_ebs_volume"], ebs_encrypted)),
        rule!("aws-ebs-default-encryption-off", ["CKV_AWS_106"], Medium, EncryptionAtRest, Some(("cis_aws", "2.2.1")),
            "EBS encryption by default is turned off",
            "aws_ebs_encryption_by_default sets enabled = false.",
            "Set enabled = true.",
            R(&["aws_ebs_encryption_by_default"], ebs_default_on)),
        rule!("aws-iam-admin-policy", ["CKV_AWS_62", "CKV_AWS_1"], High, LeastPrivilege, Some(("cis_aws", "1.16")),
            "IAM policy grants full administrator access",
            "A statement allows Action \"*\" on Resource \"*\".",
            "Grant the actions and resources the principal needs.",
            R(POLICIES, iam_admin)),
        rule!("aws-iam-wildcard-action", ["CKV_AWS_63"], Medium, LeastPrivilege, None,
            "IAM policy allows a wildcard action",
            "A statement allows \"*\" or \"service:*\" actions.",
            "List the actions the principal needs.",
            R(POLICIES, iam_wildcard_action)),
        rule!("aws-iam-user-policy", ["CKV_AWS_40"], Low, LeastPrivilege, Some(("cis_aws", "1.15")),
            "IAM policy is attached to a user",
            "Permissions granted to users one by one are hard to review.",
            "Attach policies to groups or roles, and put users in groups.",
            R(&["aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment"], iam_user_policy)),
        rule!("aws-iam-role-assumable-by-anyone", ["CKV_AWS_60"], Critical, LeastPrivilege, None,
            "IAM role can be assumed by any AWS principal",
            "The trust policy allows Principal \"*\" without a condition.",
            "Name the accounts, roles or services that may assume the role.",
            R(&["aws_iam_role"], iam_assume_role_everyone)),
        rule!("aws-iam-password-length", ["CKV_AWS_10"], Medium, Authentication, Some(("cis_aws", "1.8")),
            "IAM password policy allows passwords under 14 characters",
            "minimum_password_length is under 14.",
            "Set minimum_password_length = 14 or more.",
            R(PASSWORD_POLICY, password_min_length)),
        rule!("aws-iam-password-reuse", ["CKV_AWS_13"], Medium, Authentication, Some(("cis_aws", "1.9")),
            "IAM password policy allows password reuse",
            "password_reuse_prevention is under 24.",
            "Set password_reuse_prevention = 24.",
            R(PASSWORD_POLICY, password_reuse)),
        rule!("aws-iam-password-max-age", ["CKV_AWS_9"], Low, Authentication, None,
            "IAM passwords do not expire within 90 days",
            "max_password_age is unset or over 90.",
            "Set max_password_age = 90 or less.",
            R(PASSWORD_POLICY, password_max_age)),
        rule!("aws-iam-password-lowercase", ["CKV_AWS_11"], Low, Authentication, None,
            "IAM password policy does not require lowercase letters",
            "require_lowercase_characters is not true.",
            "Set require_lowercase_characters = true.",
            R(PASSWORD_POLICY, password_lowercase)),
        rule!("aws-iam-password-uppercase", ["CKV_AWS_15"], Low, Authentication, None,
            "IAM password policy does not require uppercase letters",
            "require_uppercase_characters is not true.",
            "Set require_uppercase_characters = true.",
            R(PASSWORD_POLICY, password_uppercase)),
        rule!("aws-iam-password-numbers", ["CKV_AWS_12"], Low, Authentication, None,
            "IAM password policy does not require numbers",
            "require_numbers is not true.",
            "Set require_numbers = true.",
            R(PASSWORD_POLICY, password_numbers)),
        rule!("aws-iam-password-symbols", ["CKV_AWS_14"], Low, Authentication, None,
            "IAM password policy does not require symbols",
            "require_symbols is not true.",
            "Set require_symbols = true.",
            R(PASSWORD_POLICY, password_symbols)),
        rule!("aws-kms-rotation", ["CKV_AWS_7"], Medium, KeyManagement, Some(("cis_aws", "3.6")),
            "KMS key rotation is not enabled",
            "enable_key_rotation is not true on a symmetric key.",
            "Set enable_key_rotation = true.",
            R(&["aws_kms_key"], kms_rotation)),
        rule!("aws-kms-public-policy", ["CKV_AWS_33"], Critical, KeyManagement, None,
            "KMS key policy allows any principal",
            "A statement of the key policy allows \"*\" without a condition.",
            "Name the principals that may use the key.",
            R(&["aws_kms_key"], kms_policy_public)),
        rule!("aws-cloudtrail-kms", ["CKV_AWS_35"], Medium, Logging, Some(("cis_aws", "3.5")),
            "CloudTrail logs are not encrypted with KMS",
            "kms_key_id is not set.",
            "Set kms_key_id to a customer-managed key.",
            R(TRAILS, trail_kms)),
        rule!("aws-cloudtrail-log-validation", ["CKV_AWS_36"], Medium, Logging, Some(("cis_aws", "3.2")),
            "CloudTrail log file validation is not enabled",
            "Tampering with delivered log files would go unnoticed.",
            "Set enable_log_file_validation = true.",
            R(TRAILS, trail_validation)),
        rule!("aws-cloudtrail-multi-region", ["CKV_AWS_67"], Medium, Logging, Some(("cis_aws", "3.1")),
            "CloudTrail trail is not multi-region",
            "Activity in other regions is not recorded.",
            "Set is_multi_region_trail = true.",
            R(TRAILS, trail_multi_region)),
        rule!("aws-lb-http-listener", ["CKV_AWS_2"], High, EncryptionInTransit, None,
            "Load balancer listener serves plain HTTP",
            "An HTTP listener does not redirect to HTTPS.",
            "Use protocol = \"HTTPS\" with a certificate, or make the default action a redirect to HTTPS.",
            R(LISTENERS, listener_https)),
        rule!("aws-lb-outdated-tls", ["CKV_AWS_103"], Medium, EncryptionInTransit, None,
            "Load balancer listener accepts TLS before 1.2",
            "The HTTPS/TLS listener's ssl_policy (or the default) allows TLS 1.0 or 1.1.",
            "Set ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\".",
            R(LISTENERS, listener_tls)),
        rule!("aws-lb-access-logs", ["CKV_AWS_91"], Low, Logging, None,
            "Load balancer access logs are not enabled",
            "Requests through the load balancer are not logged.",
            "Add access_logs { bucket = …, enabled = true }.",
            R(LBS, lb_access_logs)),
        rule!("aws-elb-access-logs", ["CKV_AWS_92"], Low, Logging, None,
            "Classic load balancer access logs are not enabled",
            "Requests through the load balancer are not logged.",
            "Add access_logs { bucket = …, enabled = true }.",
            R(&["aws_elb"], elb_access_logs)),
        rule!("aws-alb-drop-invalid-headers", ["CKV_AWS_131"], Medium, Network, None,
            "Application load balancer passes invalid HTTP headers",
            "drop_invalid_header_fields is not true (HTTP desync and smuggling).",
            "Set drop_invalid_header_fields = true.",
            R(LBS, alb_drop_headers)),
        rule!("aws-lb-deletion-protection", ["CKV_AWS_150"], Low, Backup, None,
            "Load balancer deletion protection is not enabled",
            "The load balancer can be deleted by one API call.",
            "Set enable_deletion_protection = true.",
            R(LBS, lb_deletion_protection)),
        rule!("aws-eks-public-endpoint", ["CKV_AWS_39"], Medium, PublicAccess, None,
            "EKS API endpoint is public",
            "endpoint_public_access is true (the default).",
            "Set vpc_config { endpoint_public_access = false, endpoint_private_access = true }.",
            R(EKS, eks_public_endpoint)),
        rule!("aws-eks-public-cidrs", ["CKV_AWS_38"], High, Network, None,
            "EKS public API endpoint is open to the internet",
            "The public endpoint accepts 0.0.0.0/0 (the default public_access_cidrs).",
            "Set public_access_cidrs to your networks, or turn the public endpoint off.",
            R(EKS, eks_public_cidrs)),
        rule!("aws-eks-secrets-encryption", ["CKV_AWS_58"], Medium, EncryptionAtRest, None,
            "EKS secrets are not encrypted with KMS",
            "No encryption_config covers the \"secrets\" resource.",
            "Add encryption_config { resources = [\"secrets\"], provider { key_arn = … } }.",
            R(EKS, eks_secrets_encryption)),
        rule!("aws-eks-control-plane-logging", ["CKV_AWS_37"], Low, Logging, None,
            "EKS control plane logging is incomplete",
            "enabled_cluster_log_types lacks some of api, audit, authenticator, controllerManager, scheduler.",
            "Enable all five control plane log types.",
            R(EKS, eks_logging)),
        rule!("aws-lambda-tracing", ["CKV_AWS_50"], Low, Logging, None,
            "Lambda X-Ray tracing is not enabled",
            "tracing_config.mode is not \"Active\".",
            "Add tracing_config { mode = \"Active\" }.",
            R(LAMBDAS, lambda_tracing)),
        rule!("aws-lambda-env-secrets", ["CKV_AWS_45"], High, Secrets, None,
            "Lambda environment variable holds a secret",
            "A variable of environment.variables matches a secret rule; anyone who can read the function's configuration can read it.",
            "Read the secret from Secrets Manager or SSM Parameter Store at run time.",
            R(LAMBDAS, lambda_env_secrets)),
        rule!("aws-lambda-dlq", ["CKV_AWS_116"], Low, Backup, None,
            "Lambda function has no dead-letter queue",
            "Failed asynchronous invocations are dropped.",
            "Add dead_letter_config { target_arn = … }.",
            R(LAMBDAS, lambda_dlq)),
        rule!("aws-lambda-env-kms", ["CKV_AWS_173"], Low, EncryptionAtRest, None,
            "Lambda environment variables use the AWS-managed key",
            "The function has environment variables and no kms_key_arn.",
            "Set kms_key_arn to a customer-managed key.",
            R(LAMBDAS, lambda_env_kms)),
        rule!("aws-lambda-url-unauthenticated", ["CKV_AWS_258"], High, Authentication, None,
            "Lambda function URL needs no authentication",
            "authorization_type = \"NONE\": anyone with the URL can invoke the function.",
            "Set authorization_type = \"AWS_IAM\".",
            R(&["aws_lambda_function_url"], lambda_url_auth)),
        rule!("aws-elasticache-at-rest", ["CKV_AWS_29"], Medium, EncryptionAtRest, None,
            "ElastiCache data is not encrypted at rest",
            "at_rest_encryption_enabled is not true.",
            "Set at_rest_encryption_enabled = true.",
            R(CACHES, elasticache_at_rest)),
        rule!("aws-elasticache-in-transit", ["CKV_AWS_30"], Medium, EncryptionInTransit, None,
            "ElastiCache traffic is not encrypted in transit",
            "transit_encryption_enabled is not true.",
            "Set transit_encryption_enabled = true.",
            R(CACHES, elasticache_in_transit)),
        rule!("aws-elasticache-auth", ["CKV_AWS_31"], Medium, Authentication, None,
            "ElastiCache replication group has no AUTH token",
            "Clients connect without a password (no auth_token with transit encryption, no user groups).",
            "Set transit_encryption_enabled = true and auth_token, or user_group_ids.",
            R(CACHES, elasticache_auth)),
        rule!("aws-dynamodb-pitr", ["CKV_AWS_28"], Medium, Backup, None,
            "DynamoDB point-in-time recovery is not enabled",
            "Without it, a bad write or delete cannot be rolled back.",
            "Add point_in_time_recovery { enabled = true }.",
            R(&["aws_dynamodb_table"], dynamodb_pitr)),
        rule!("aws-dynamodb-cmk", ["CKV_AWS_119"], Low, KeyManagement, None,
            "DynamoDB table is not encrypted with a customer-managed key",
            "server_side_encryption is off or uses the AWS-managed key.",
            "Add server_side_encryption { enabled = true, kms_key_arn = … }.",
            R(&["aws_dynamodb_table"], dynamodb_cmk)),
        rule!("aws-sns-unencrypted", ["CKV_AWS_26"], Medium, EncryptionAtRest, None,
            "SNS topic is not encrypted",
            "kms_master_key_id is not set.",
            "Set kms_master_key_id (e.g. \"alias/aws/sns\" or a customer-managed key).",
            R(&["aws_sns_topic"], sns_encrypted)),
        rule!("aws-sqs-unencrypted", ["CKV_AWS_27"], Medium, EncryptionAtRest, None,
            "SQS queue is not encrypted",
            "sqs_managed_sse_enabled = false and no kms_master_key_id.",
            "Remove sqs_managed_sse_enabled = false, or set kms_master_key_id.",
            R(&["aws_sqs_queue"], sqs_encrypted)),
        rule!("aws-cloudfront-http", ["CKV_AWS_34"], Medium, EncryptionInTransit, None,
            "CloudFront allows plain HTTP",
            "A cache behaviour has viewer_protocol_policy = \"allow-all\".",
            "Use \"redirect-to-https\" or \"https-only\".",
            R(CLOUDFRONT, cloudfront_https)),
        rule!("aws-cloudfront-outdated-tls", ["CKV_AWS_174"], Medium, EncryptionInTransit, None,
            "CloudFront accepts TLS before 1.2",
            "The viewer certificate allows TLS 1.0 or 1.1.",
            "Use an ACM certificate with minimum_protocol_version = \"TLSv1.2_2021\".",
            R(CLOUDFRONT, cloudfront_tls)),
        rule!("aws-cloudfront-waf", ["CKV_AWS_68"], Low, Network, None,
            "CloudFront distribution has no WAF",
            "web_acl_id is not set.",
            "Associate a WAFv2 web ACL.",
            R(CLOUDFRONT, cloudfront_waf)),
        rule!("aws-cloudfront-logging", ["CKV_AWS_86"], Low, Logging, None,
            "CloudFront access logging is not enabled",
            "No logging_config block.",
            "Add logging_config { bucket = … }.",
            R(CLOUDFRONT, cloudfront_logging)),
        rule!("aws-apigw-method-unauthenticated", ["CKV_AWS_59"], High, Authentication, None,
            "API Gateway method needs no authorization",
            "authorization = \"NONE\" and no API key: anyone can call it.",
            "Use an authorizer (IAM, Cognito, Lambda) or require an API key.",
            R(&["aws_api_gateway_method"], apigw_method_auth)),
        rule!("aws-apigw-stage-logging", ["CKV_AWS_76"], Low, Logging, None,
            "API Gateway stage access logging is not enabled",
            "No access_log_settings.",
            "Add access_log_settings with a CloudWatch log group.",
            R(STAGES, apigw_stage_logging)),
        rule!("aws-apigw-stage-xray", ["CKV_AWS_73"], Low, Logging, None,
            "API Gateway stage X-Ray tracing is not enabled",
            "xray_tracing_enabled is not true.",
            "Set xray_tracing_enabled = true.",
            R(&["aws_api_gateway_stage"], apigw_stage_xray)),
        rule!("aws-ecr-mutable-tags", ["CKV_AWS_51"], Low, Workload, None,
            "ECR image tags are mutable",
            "A pushed tag can be overwritten by a different image.",
            "Set image_tag_mutability = \"IMMUTABLE\".",
            R(&["aws_ecr_repository"], ecr_immutable)),
        rule!("aws-ecr-scan-on-push", ["CKV_AWS_163"], Low, Workload, None,
            "ECR images are not scanned on push",
            "image_scanning_configuration.scan_on_push is not true.",
            "Add image_scanning_configuration { scan_on_push = true }.",
            R(&["aws_ecr_repository"], ecr_scan)),
    ]
}

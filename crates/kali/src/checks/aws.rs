//! AWS misconfiguration rules: S3, EC2, security groups, RDS, IAM, KMS, CloudTrail,
//! ELB/ALB, EKS, Lambda, EBS, ElastiCache, DynamoDB, SNS/SQS, CloudFront, API Gateway, ECR.
//!
//! Real configurations are split across resources: a bucket's ACL, encryption, versioning
//! and public access block are often separate resources naming the bucket by reference
//! (`aws_s3_bucket.x.id`) or by its literal name, and security-group rules are often
//! `aws_security_group_rule` or `aws_vpc_security_group_ingress_rule`. The checks follow
//! those links both ways.

pub(crate) mod compute_and_network;
pub(crate) mod data_stores;

use serde_json::Value as Json;

use super::check::{
    at_least, is_false, is_true, joined, none_of, not_false, not_true, one_of, present, requirement,
};
use super::{
    attr, blocks, bool_of, expect_bool, expect_set, fail, first, is_world, strings, Category,
    Check, Condition, Ctx, Expected, Join, Link, Rule, Target, Unknowable, Verdict,
};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::{Resource, Value};

const BUCKET_NAME: &[&str] = &["bucket"];

/// How bucket-related resources (versioning, logging, public access blocks) name their
/// bucket: `bucket = aws_s3_bucket.x.id`, or its literal name.
pub(crate) const BUCKET_LINK: Link = Link::Refers {
    attr: "bucket",
    names: BUCKET_NAME,
};

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

/// A bucket is protected by a public access block, its own or the account's, that blocks
/// both new public ACLs and public policies.
fn s3_public_access_block(ctx: &Ctx, r: &Resource) -> Verdict {
    let mut found: Vec<&Resource> = for_bucket(ctx, r, "aws_s3_bucket_public_access_block");
    found.extend(
        ctx.of_type("aws_s3_account_public_access_block")
            .iter()
            .filter(|a| a.root == r.root),
    );
    if found.is_empty() {
        return fail(
            "bucket",
            "No public access block (for the bucket or the account) protects the bucket.",
        );
    }
    let mut unknown = false;
    let mut off = Vec::new();
    for block in &found {
        let mut holds = true;
        for flag in ["block_public_acls", "block_public_policy"] {
            match bool_of(block.attributes.get(flag)) {
                Ok(Some(true)) => {}
                Err(Unknowable) => {
                    unknown = true;
                    holds = false;
                }
                _ => {
                    holds = false;
                    off.push(format!("{}.{flag}", block.address));
                }
            }
        }
        if holds {
            return Verdict::Pass;
        }
    }
    if unknown {
        return Verdict::Unknown;
    }
    fail(
        "bucket",
        format!(
            "The bucket's public access block does not block both public ACLs and public policies ({} not true).",
            off.join(", ")
        ),
    )
}

/// Canned ACLs that let others read the bucket ("website" is the provider's old name for
/// public-read on a website bucket).
const PUBLIC_READ_ACLS: &[&str] = &[
    "public-read",
    "public-read-write",
    "authenticated-read",
    "website",
];
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

/// A bucket's public ACL is reported on the bucket, whether the bucket sets it or an
/// `aws_s3_bucket_acl` of it does; an `aws_s3_bucket_acl` of a bucket declared elsewhere is
/// reported on itself.
fn s3_public_acl(ctx: &Ctx, r: &Resource, canned: &[&str], perms: &[&str], what: &str) -> Verdict {
    if r.resource_type == "aws_s3_bucket_acl" && bucket_of(ctx, r).is_some() {
        return Verdict::Pass;
    }
    let own = public_acl(r, canned, perms);
    let found = match own {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(f)) => f,
        Ok(None) if r.resource_type == "aws_s3_bucket" => {
            for acl in ctx.related("aws_s3_bucket_acl", "bucket", r, BUCKET_NAME) {
                match public_acl(acl, canned, perms) {
                    Err(Unknowable) => return Verdict::Unknown,
                    Ok(Some((attr, why))) => {
                        return match blocked(ctx, r, &["block_public_acls", "ignore_public_acls"]) {
                            Err(Unknowable) => Verdict::Unknown,
                            Ok(true) => Verdict::Pass,
                            Ok(false) => Verdict::Fail {
                                attr: "bucket".into(),
                                message: format!("The bucket is publicly {what}: {why} in {}, and no public access block ignores public ACLs.", acl.address),
                                at: Some((acl.location.file.clone(), acl.line_of(&attr))),
                            },
                        };
                    }
                    Ok(None) => {}
                }
            }
            return Verdict::Pass;
        }
        Ok(None) => return Verdict::Pass,
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
pub(crate) fn statements(value: Option<&Value>) -> Option<Vec<Json>> {
    let text = value?.as_str()?;
    let doc: Json = serde_json::from_str(text).ok()?;
    match doc.get("Statement")? {
        Json::Array(items) => Some(items.clone()),
        s @ Json::Object(_) => Some(vec![s.clone()]),
        _ => None,
    }
}

pub(crate) fn json_strings(v: Option<&Json>) -> Vec<String> {
    match v {
        Some(Json::String(s)) => vec![s.clone()],
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a statement allows everyone (`"*"`) with no condition to narrow it.
/// Whether a statement allows everyone: principal `"*"` and no condition at all.
fn allows_everyone_unconditionally(s: &Json) -> bool {
    allows(s) && principal_is_everyone(s) && s.get("Condition").is_none()
}

/// Whether a bucket policy statement allows everyone: principal `"*"` and no condition that
/// narrows who that is (a bucket is reached from anywhere, so a condition on the request
/// alone does not make it private).
fn allows_everyone_to_the_bucket(s: &Json) -> bool {
    allows(s) && principal_is_everyone(s) && !condition_narrows_principal(s)
}

/// Condition keys that pin who the caller is: an organization, an account, a VPC or VPC
/// endpoint, a source instance or function, a user id or principal ARN.
const NARROWING_KEYS: &[&str] = &[
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:VpceAccount",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:userid",
    "aws:Ec2InstanceSourceVpc",
    "ec2:SourceInstanceArn",
    "lambda:SourceFunctionArn",
    "ssm:SourceInstanceArn",
];

/// Whether a statement's condition narrows who `"*"` is. ARN conditions do unless they
/// match every ARN of a service (`arn:aws:iam::*`); string conditions do on the keys of
/// [`NARROWING_KEYS`]. Conditions on the request alone (TLS, source IP, time, user agent,
/// referer) leave anyone able to call.
pub(crate) fn condition_narrows_principal(s: &Json) -> bool {
    let Some(condition) = s.get("Condition").and_then(Json::as_object) else {
        return false;
    };
    if condition.contains_key("ArnNotEquals") || condition.contains_key("ArnNotLike") {
        return true;
    }
    for operator in ["ArnEquals", "ArnLike"] {
        let Some(keys) = condition.get(operator).and_then(Json::as_object) else {
            continue;
        };
        let every_arn = keys
            .iter()
            .filter(|(k, _)| {
                k.eq_ignore_ascii_case("aws:PrincipalArn")
                    || k.eq_ignore_ascii_case("aws:SourceArn")
            })
            .flat_map(|(_, v)| json_strings(Some(v)))
            .any(|arn| is_every_arn_of_a_service(&arn));
        return !every_arn;
    }
    ["StringEquals", "StringEqualsIgnoreCase", "StringLike"]
        .iter()
        .filter_map(|op| condition.get(*op).and_then(Json::as_object))
        .any(|keys| {
            keys.keys()
                .any(|k| NARROWING_KEYS.iter().any(|n| n.eq_ignore_ascii_case(k)))
        })
}

/// `arn:aws:<service>::*…`: every ARN of a service, any account.
fn is_every_arn_of_a_service(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:aws:") else {
        return false;
    };
    let Some((service, after)) = rest.split_once("::") else {
        return false;
    };
    !service.is_empty()
        && service
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && after.starts_with('*')
}

/// Whether a statement's principal is everyone (`"*"`, `{"AWS": "*"}`).
pub(crate) fn principal_is_everyone(s: &Json) -> bool {
    match s.get("Principal") {
        Some(Json::String(p)) => p == "*",
        // Not IAM's grammar, but read as it is meant: a list naming "*".
        Some(list @ Json::Array(_)) => json_strings(Some(list)).iter().any(|p| p == "*"),
        Some(Json::Object(map)) => map
            .get("AWS")
            .map(|v| json_strings(Some(v)).iter().any(|p| p == "*"))
            .unwrap_or(false),
        _ => false,
    }
}

pub(crate) fn allows(s: &Json) -> bool {
    s.get("Effect").and_then(Json::as_str) == Some("Allow")
}

fn s3_public_policy(ctx: &Ctx, r: &Resource) -> Verdict {
    let policy = r.attributes.get("policy");
    // A bucket's own (legacy) policy argument, when it has one.
    if r.resource_type == "aws_s3_bucket" && matches!(policy, None | Some(Value::Null)) {
        return Verdict::Pass;
    }
    let Some(stmts) = statements(policy) else {
        return Verdict::Unknown;
    };
    let public = stmts.iter().any(allows_everyone_to_the_bucket);
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

/// An instance's own `associate_public_ip_address`, or a launch template's first network
/// interface's (the one instances launched from it get).
fn ec2_public_ip(_: &Ctx, r: &Resource) -> Verdict {
    let (path, at) = if r.resource_type == "aws_launch_template" {
        (
            "network_interfaces.associate_public_ip_address",
            "network_interfaces",
        )
    } else {
        ("associate_public_ip_address", "associate_public_ip_address")
    };
    match bool_of(attr(r, path)) {
        Err(Unknowable) => Verdict::Unknown,
        Ok(Some(true)) => fail(
            at,
            "Instances get a public IP address (`associate_public_ip_address = true`).",
        ),
        Ok(_) => Verdict::Pass,
    }
}

// ---- security groups -------------------------------------------------------------------

/// One ingress permission, wherever it is written.
pub(crate) struct Ingress {
    attr: &'static str,
    from: Option<f64>,
    to: Option<f64>,
    protocol: String,
    pub(crate) cidrs: Vec<String>,
}

/// The ingress permissions of a security group, a security group rule, or a VPC ingress
/// rule; `None` when something that matters is unknown.
pub(crate) fn ingress_of(r: &Resource) -> Option<Vec<Ingress>> {
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
        // -1 to -1: every port (see sg_all_ports).
        (Some(f), Some(t)) if f == -1.0 && t == -1.0 => true,
        (Some(f), Some(t)) => f <= port && port <= t,
        (Some(f), None) => f == port,
        _ => false,
    }
}

pub(crate) fn world_open(r: &Resource, ports: &[f64], what: &str) -> Verdict {
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
            // -1 to -1 is how "all ports" is written for ICMP; on TCP or UDP it is read the
            // same way, as the provider passes it through.
            let every_port = all_protocols(&i.protocol)
                || (i.from == Some(0.0) && i.to == Some(65535.0))
                || (i.from == Some(-1.0) && i.to == Some(-1.0));
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

/// A VPC's default security group must allow nothing. A VPC whose default group no
/// `aws_default_security_group` manages keeps AWS's rules (ingress from the group itself,
/// all egress); one that manages it is reported on the VPC, at the group's rule. A managed
/// default group of a VPC declared elsewhere is reported on itself.
fn default_sg_closed(ctx: &Ctx, r: &Resource) -> Verdict {
    if r.resource_type == "aws_vpc" {
        let groups = ctx.related("aws_default_security_group", "vpc_id", r, &["id"]);
        if groups.is_empty() {
            return fail(
                "cidr_block",
                "No aws_default_security_group manages the VPC's default security group, so it keeps AWS's rules: ingress from itself and all egress.",
            );
        }
        for group in groups {
            if let Verdict::Fail { attr, message, at } = default_sg_rules(ctx, group) {
                return Verdict::Fail {
                    attr: "cidr_block".into(),
                    message: format!("{message} ({})", group.address),
                    at: at.or_else(|| Some((group.location.file.clone(), group.line_of(&attr)))),
                };
            }
        }
        return Verdict::Pass;
    }
    let vpc = r
        .attributes
        .get("vpc_id")
        .and_then(|v| ctx.referenced("aws_vpc", v, r, &["id"]));
    match vpc {
        Some(_) => Verdict::Pass,
        None => default_sg_rules(ctx, r),
    }
}

/// Resources that add a rule to a security group of their `security_group_id`.
pub(crate) const SG_RULE_RESOURCES: &[&str] = &[
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
];

fn default_sg_rules(ctx: &Ctx, r: &Resource) -> Verdict {
    for t in SG_RULE_RESOURCES {
        if let Some(rule) = ctx.related(t, "security_group_id", r, &["id"]).first() {
            return Verdict::Fail {
                attr: "vpc_id".into(),
                message: format!(
                    "The default security group gets a rule from {}; it should allow nothing.",
                    rule.address
                ),
                at: Some((rule.location.file.clone(), rule.location.line)),
            };
        }
    }
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

// ---- EC2 and EBS -------------------------------------------------------------------------

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

pub(crate) fn ebs_encrypted(ctx: &Ctx, r: &Resource) -> Verdict {
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

// ---- IAM ---------------------------------------------------------------------------------

/// Statements of a policy resource or a policy document data source, as JSON.
pub(crate) fn policy_statements(r: &Resource) -> Option<Vec<Json>> {
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
    statements(r.attributes.get(policy_attr(r)))
}

fn blocks_in(v: &Value, name: &str) -> bool {
    matches!(v.get(name), Some(Value::List(l)) if !l.is_empty())
}

/// The argument that holds a resource's policy.
pub(crate) fn policy_attr(r: &Resource) -> &'static str {
    match r.resource_type.as_str() {
        "aws_iam_policy_document" => "statement",
        "aws_iam_role" => "assume_role_policy",
        "aws_ssoadmin_permission_set_inline_policy" => "inline_policy",
        _ => "policy",
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
    if stmts.iter().any(allows_everyone_unconditionally) {
        fail(
            "assume_role_policy",
            "Any AWS principal (\"*\") may assume the role.",
        )
    } else {
        Verdict::Pass
    }
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

// ---- KMS and CloudTrail ------------------------------------------------------------------

fn kms_policy_public(_: &Ctx, r: &Resource) -> Verdict {
    match statements(r.attributes.get("policy")) {
        None if r.attributes.get("policy").is_none() => Verdict::Pass,
        None => Verdict::Unknown,
        Some(stmts) => {
            if stmts.iter().any(allows_everyone_unconditionally) {
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

// ---- load balancers ----------------------------------------------------------------------

/// Automated backups: 0 turns them off, and AWS accepts at most 35 days.
fn rds_backup_retention(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "backup_retention_period") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::Number(n)) if *n == 0.0 => fail(
            "backup_retention_period",
            "Automated backups are disabled (`backup_retention_period = 0`).",
        ),
        Some(Value::Number(n)) if *n > 35.0 => fail(
            "backup_retention_period",
            format!("`backup_retention_period = {n}` is above AWS's maximum of 35 days: the API refuses it and no backups are configured."),
        ),
        _ => Verdict::Pass,
    }
}

fn listener_https(ctx: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "protocol") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(p)) if p.eq_ignore_ascii_case("HTTP") => {}
        // Unset, the protocol is the load balancer's default: HTTP for an application load
        // balancer (the default type), none for a gateway, TCP for a network one.
        None | Some(Value::Null) => {
            let lb = r.attributes.get("load_balancer_arn").and_then(|v| {
                ["aws_lb", "aws_alb"]
                    .iter()
                    .find_map(|t| ctx.referenced(t, v, r, &["arn", "id"]))
            });
            let Some(lb) = lb else {
                return Verdict::Unknown;
            };
            match attr(lb, "load_balancer_type") {
                Some(v) if !v.is_known() => return Verdict::Unknown,
                Some(Value::String(t)) if t == "gateway" || t == "network" => return Verdict::Pass,
                _ => {}
            }
        }
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

// ---- EKS ---------------------------------------------------------------------------------

fn eks_public_cidrs(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "vpc_config.endpoint_public_access")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(false)) => return Verdict::Pass,
        _ => {}
    }
    match attr(r, "vpc_config.public_access_cidrs") {
        // Written empty (or null), the provider plans the list as its own to fill, and EKS
        // fills it with its default, 0.0.0.0/0.
        Some(Value::Unknown(u))
            if !u.refs.is_empty()
                && u.refs.iter().all(|r| r.ends_with(".public_access_cidrs")) =>
        {
            fail(
                "vpc_config",
                "The public API endpoint is open to 0.0.0.0/0 (`public_access_cidrs` is empty, so EKS's default applies).",
            )
        }
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

pub(crate) fn env_scanner() -> &'static super::secrets::Scanner {
    static SCANNER: std::sync::OnceLock<super::secrets::Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| super::secrets::Scanner::new(super::secrets::Allowlist::builtin()))
}

// ---- data stores and messaging -----------------------------------------------------------

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

const BUCKETS: &[&str] = &["aws_s3_bucket"];
const BUCKET_ACLS: &[&str] = &["aws_s3_bucket", "aws_s3_bucket_acl"];
const PABS: &[&str] = &[
    "aws_s3_bucket_public_access_block",
    "aws_s3_account_public_access_block",
];
pub(crate) const SGS: &[&str] = &[
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
];
const DBS: &[&str] = &["aws_db_instance"];
pub(crate) const POLICIES: &[&str] = &[
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_policy_document",
    "aws_ssoadmin_permission_set_inline_policy",
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

/// The rules of this platform, one row each.
pub(crate) static RULES: &[Rule] = &[
    Rule {
        id: "kali/aws-s3-public-read",
        title: "S3 bucket is publicly readable",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: CIS_S3_PUBLIC,
        checkov: &["CKV_AWS_20"],
        description: "The bucket's ACL (canned or by grant, on the bucket or in aws_s3_bucket_acl) lets anyone read it, and no public access block ignores public ACLs.",
        remediation: "Use a private ACL, and add an aws_s3_bucket_public_access_block with block_public_acls and ignore_public_acls.",
        target: Target::Resources(BUCKET_ACLS, Check::Function(s3_public_read)),
    },
    Rule {
        id: "kali/aws-s3-public-write",
        title: "S3 bucket is publicly writable",
        severity: Severity::Critical,
        category: Category::PublicAccess,
        cis: CIS_S3_PUBLIC,
        checkov: &["CKV_AWS_57"],
        description: "The bucket's ACL lets anyone write to it, and no public access block ignores public ACLs.",
        remediation: "Use a private ACL and block public ACLs with aws_s3_bucket_public_access_block.",
        target: Target::Resources(BUCKET_ACLS, Check::Function(s3_public_write)),
    },
    Rule {
        id: "kali/aws-s3-public-policy",
        title: "S3 bucket policy allows any principal",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: CIS_S3_PUBLIC,
        checkov: &["CKV_AWS_70"],
        description: "A statement of the bucket policy (aws_s3_bucket_policy, or the bucket's own policy argument) allows \"*\" with no condition that narrows who that is (an organization, account, VPC, VPC endpoint or principal ARN other than every ARN of a service), and no public access block restricts public policies. A condition on the request alone (TLS, source IP) does not narrow it.",
        remediation: "Name the principals that need access, or add a condition; block public policies with aws_s3_bucket_public_access_block.",
        target: Target::Resources(
            &["aws_s3_bucket_policy", "aws_s3_bucket"],
            Check::Function(s3_public_policy),
        ),
    },
    Rule {
        id: "kali/aws-s3-kms-encryption",
        title: "S3 bucket is not encrypted with a KMS key by default",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_145"],
        description: "Buckets are encrypted with S3-managed keys unless configured otherwise; a KMS key adds access control and audit of key use.",
        remediation: "Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = \"aws:kms\".",
        target: Target::Resources(BUCKETS, Check::Function(s3_kms_encryption)),
    },
    Rule {
        id: "kali/aws-s3-versioning",
        title: "S3 bucket versioning is not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_21"],
        description: "Without versioning, an overwrite or delete cannot be undone.",
        remediation: "Add aws_s3_bucket_versioning with status = \"Enabled\".",
        target: Target::Resources(
            BUCKETS,
            joined(
                Some(
                    requirement("versioning.enabled", Expected::Bool { want: true, absent: false }),
                ),
                &[
                    Join {
                        resource_type: "aws_s3_bucket_versioning",
                        link: BUCKET_LINK,
                        requirement: Some(
                            requirement(
                                "versioning_configuration.status",
                                Expected::OneOf(&["Enabled"]),
                            ),
                        ),
                    },
                ],
                "versioning",
                "Versioning is not enabled, so overwritten or deleted objects cannot be recovered.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-s3-access-logging",
        title: "S3 bucket access logging is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_18"],
        description: "Requests to the bucket are not logged.",
        remediation: "Add aws_s3_bucket_logging with a target bucket.",
        target: Target::Resources(
            BUCKETS,
            joined(
                Some(requirement("logging", Expected::Block)),
                &[
                    Join {
                        resource_type: "aws_s3_bucket_logging",
                        link: BUCKET_LINK,
                        requirement: None,
                    },
                ],
                "logging",
                "Server access logging is not enabled for the bucket.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-s3-no-public-access-block",
        title: "S3 bucket has no public access block",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: CIS_S3_PUBLIC,
        checkov: &["CKV2_AWS_6"],
        description: "Neither the bucket nor the account has a public access block that blocks both public ACLs and public policies (block_public_acls and block_public_policy), so one ACL or policy change can make it public.",
        remediation: "Add aws_s3_bucket_public_access_block for the bucket (or aws_s3_account_public_access_block).",
        target: Target::Resources(BUCKETS, Check::Function(s3_public_access_block)),
    },
    Rule {
        id: "kali/aws-s3-block-public-acls",
        title: "S3 public access block does not block public ACLs",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: CIS_S3_PUBLIC,
        checkov: &["CKV_AWS_53"],
        description: "block_public_acls is not true, so new public ACLs are accepted.",
        remediation: "Set block_public_acls = true.",
        target: Target::Resources(
            PABS,
            is_true("block_public_acls", "`block_public_acls` is not true."),
        ),
    },
    Rule {
        id: "kali/aws-s3-block-public-policy",
        title: "S3 public access block does not block public policies",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: CIS_S3_PUBLIC,
        checkov: &["CKV_AWS_54"],
        description: "block_public_policy is not true, so public bucket policies are accepted.",
        remediation: "Set block_public_policy = true.",
        target: Target::Resources(
            PABS,
            is_true("block_public_policy", "`block_public_policy` is not true."),
        ),
    },
    Rule {
        id: "kali/aws-s3-ignore-public-acls",
        title: "S3 public access block does not ignore public ACLs",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: CIS_S3_PUBLIC,
        checkov: &["CKV_AWS_55"],
        description: "ignore_public_acls is not true, so existing public ACLs still grant access.",
        remediation: "Set ignore_public_acls = true.",
        target: Target::Resources(
            PABS,
            is_true("ignore_public_acls", "`ignore_public_acls` is not true."),
        ),
    },
    Rule {
        id: "kali/aws-s3-restrict-public-buckets",
        title: "S3 public access block does not restrict public buckets",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: CIS_S3_PUBLIC,
        checkov: &["CKV_AWS_56"],
        description: "restrict_public_buckets is not true, so a public policy still grants access.",
        remediation: "Set restrict_public_buckets = true.",
        target: Target::Resources(
            PABS,
            is_true("restrict_public_buckets", "`restrict_public_buckets` is not true."),
        ),
    },
    Rule {
        id: "kali/aws-sg-ssh-open",
        title: "Security group allows SSH from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: Some(("cis_aws", "5.2")),
        checkov: &["CKV_AWS_24"],
        description: "An ingress rule lets 0.0.0.0/0 (or ::/0) reach port 22.",
        remediation: "Restrict SSH to known CIDRs, or use SSM Session Manager instead of open SSH.",
        target: Target::Resources(SGS, Check::Function(sg_ssh)),
    },
    Rule {
        id: "kali/aws-sg-rdp-open",
        title: "Security group allows RDP from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: Some(("cis_aws", "5.2")),
        checkov: &["CKV_AWS_25"],
        description: "An ingress rule lets 0.0.0.0/0 (or ::/0) reach port 3389.",
        remediation: "Restrict RDP to known CIDRs or a bastion.",
        target: Target::Resources(SGS, Check::Function(sg_rdp)),
    },
    Rule {
        id: "kali/aws-sg-all-ports-open",
        title: "Security group allows every port from the internet",
        severity: Severity::Critical,
        category: Category::Network,
        cis: Some(("cis_aws", "5.2")),
        checkov: &["CKV_AWS_277"],
        description: "An ingress rule with protocol -1 (or ports 0-65535) is open to 0.0.0.0/0.",
        remediation: "Open only the ports the service needs, to the CIDRs that need them.",
        target: Target::Resources(SGS, Check::Function(sg_all_ports)),
    },
    Rule {
        id: "kali/aws-sg-database-open",
        title: "Security group exposes a database port to the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: Some(("cis_aws", "5.2")),
        checkov: &[],
        description: "An ingress rule lets 0.0.0.0/0 reach a database port (MySQL, PostgreSQL, SQL Server, Oracle, MongoDB, Redis, Elasticsearch, Redshift).",
        remediation: "Reach databases from application security groups or private CIDRs only.",
        target: Target::Resources(SGS, Check::Function(sg_databases)),
    },
    Rule {
        id: "kali/aws-sg-rule-description",
        title: "Security group rule has no description",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_23"],
        description: "Rules without descriptions are hard to review and to clean up.",
        remediation: "Add a description to every ingress and egress rule.",
        target: Target::Resources(
            &[
                "aws_security_group",
                "aws_security_group_rule",
                "aws_vpc_security_group_ingress_rule",
                "aws_vpc_security_group_egress_rule",
            ],
            Check::Function(sg_descriptions),
        ),
    },
    Rule {
        id: "kali/aws-default-sg-open",
        title: "Default security group allows traffic",
        severity: Severity::Medium,
        category: Category::Network,
        cis: Some(("cis_aws", "5.4")),
        checkov: &["CKV2_AWS_12"],
        description: "The VPC's default security group has rules (AWS's own when no aws_default_security_group manages it); anything launched without a group gets them. Reported on the VPC, at the group's rule when it is declared.",
        remediation: "Declare aws_default_security_group for the VPC with no ingress and no egress blocks.",
        target: Target::Resources(
            &["aws_vpc", "aws_default_security_group"],
            Check::Function(default_sg_closed),
        ),
    },
    Rule {
        id: "kali/aws-rds-unencrypted",
        title: "RDS instance is not encrypted at rest",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        cis: Some(("cis_aws", "2.3.1")),
        checkov: &["CKV_AWS_16"],
        description: "storage_encrypted is not true: the database's storage, backups and snapshots are unencrypted.",
        remediation: "Set storage_encrypted = true (and kms_key_id for a customer-managed key). Existing instances must be restored from an encrypted snapshot.",
        target: Target::Resources(
            DBS,
            is_true(
                "storage_encrypted",
                "Storage is not encrypted at rest (`storage_encrypted` is not true).",
            )
            .unless(&[
                Condition::Set("replicate_source_db"),
                Condition::Equals("engine_mode", "serverless"),
            ]),
        ),
    },
    Rule {
        id: "kali/aws-rds-cluster-unencrypted",
        title: "RDS cluster is not encrypted at rest",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        cis: Some(("cis_aws", "2.3.1")),
        checkov: &["CKV_AWS_96"],
        description: "storage_encrypted is not true on the Aurora or Multi-AZ cluster.",
        remediation: "Set storage_encrypted = true.",
        target: Target::Resources(
            &["aws_rds_cluster"],
            is_true(
                "storage_encrypted",
                "Storage is not encrypted at rest (`storage_encrypted` is not true).",
            )
            .unless(&[
                Condition::Set("replicate_source_db"),
                Condition::Equals("engine_mode", "serverless"),
            ]),
        ),
    },
    Rule {
        id: "kali/aws-rds-public",
        title: "RDS instance is publicly accessible",
        severity: Severity::Critical,
        category: Category::PublicAccess,
        cis: Some(("cis_aws", "2.3.3")),
        checkov: &["CKV_AWS_17"],
        description: "publicly_accessible = true gives the database a public address.",
        remediation: "Set publicly_accessible = false and reach it from inside the VPC.",
        target: Target::Resources(
            &["aws_db_instance", "aws_rds_cluster_instance"],
            not_true(
                "publicly_accessible",
                "The database is publicly accessible (`publicly_accessible = true`).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-backups-disabled",
        title: "RDS automated backups are disabled",
        severity: Severity::Medium,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_133"],
        description: "backup_retention_period = 0 turns off automated backups and point-in-time restore; a period above AWS's maximum of 35 days is refused by the API, so no backup policy is applied.",
        remediation: "Set backup_retention_period to 7 or more.",
        target: Target::Resources(
            &["aws_db_instance", "aws_rds_cluster"],
            Check::Function(rds_backup_retention),
        ),
    },
    Rule {
        id: "kali/aws-rds-iam-auth",
        title: "RDS IAM authentication is not enabled",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_161"],
        description: "Database users authenticate with passwords only.",
        remediation: "Set iam_database_authentication_enabled = true.",
        target: Target::Resources(DBS, Check::Function(rds_iam_auth)),
    },
    Rule {
        id: "kali/aws-rds-deletion-protection",
        title: "RDS deletion protection is not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_293"],
        description: "The database can be deleted by one API call or an apply.",
        remediation: "Set deletion_protection = true.",
        target: Target::Resources(
            DBS,
            is_true("deletion_protection", "Deletion protection is not enabled."),
        ),
    },
    Rule {
        id: "kali/aws-rds-multi-az",
        title: "RDS instance is not Multi-AZ",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_157"],
        description: "A single-AZ instance is down while its zone is.",
        remediation: "Set multi_az = true for production databases.",
        target: Target::Resources(DBS, is_true("multi_az", "The instance is not Multi-AZ.")),
    },
    Rule {
        id: "kali/aws-rds-logs",
        title: "RDS logs are not exported",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_129"],
        description: "No database logs go to CloudWatch.",
        remediation: "Set enabled_cloudwatch_logs_exports (e.g. [\"postgresql\"] or [\"error\", \"general\", \"slowquery\"]).",
        target: Target::Resources(
            DBS,
            present(
                "enabled_cloudwatch_logs_exports",
                "No database logs are exported to CloudWatch (`enabled_cloudwatch_logs_exports`).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-minor-upgrades",
        title: "RDS minor version upgrades are disabled",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_226"],
        description: "auto_minor_version_upgrade = false on a DB instance or an Aurora cluster instance leaves security patches unapplied. Unset, the provider's default (true) applies, so it passes (Checkov fails it).",
        remediation: "Remove auto_minor_version_upgrade = false.",
        target: Target::Resources(
            &["aws_db_instance", "aws_rds_cluster_instance"],
            not_false(
                "auto_minor_version_upgrade",
                "Automatic minor version upgrades are disabled.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-ec2-imdsv1",
        title: "Instance metadata service v1 is enabled",
        severity: Severity::High,
        category: Category::Workload,
        cis: Some(("cis_aws", "5.6")),
        checkov: &["CKV_AWS_79"],
        description: "Without http_tokens = \"required\", SSRF bugs can read the instance's credentials.",
        remediation: "Add metadata_options { http_tokens = \"required\" }.",
        target: Target::Resources(
            &["aws_instance", "aws_launch_template", "aws_launch_configuration"],
            one_of(
                "metadata_options.http_tokens",
                &["required"],
                "The instance metadata service accepts IMDSv1: set `metadata_options { http_tokens = \"required\" }`.",
            )
            .unless(&[Condition::Equals("metadata_options.http_endpoint", "disabled")]),
        ),
    },
    Rule {
        id: "kali/aws-ec2-unencrypted-disk",
        title: "Instance block device is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: Some(("cis_aws", "2.2.1")),
        checkov: &["CKV_AWS_8"],
        description: "A root or EBS block device of the instance is not encrypted, and EBS encryption by default is not on.",
        remediation: "Set encrypted = true on every block device, or turn on aws_ebs_encryption_by_default.",
        target: Target::Resources(
            &["aws_instance", "aws_launch_configuration"],
            Check::Function(instance_disks_encrypted),
        ),
    },
    Rule {
        id: "kali/aws-ec2-public-ip",
        title: "Instance has a public IP address",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_88"],
        description: "associate_public_ip_address = true puts the instance on the internet.",
        remediation: "Place instances in private subnets behind a load balancer or NAT.",
        target: Target::Resources(
            &["aws_instance", "aws_launch_template"],
            Check::Function(ec2_public_ip),
        ),
    },
    Rule {
        id: "kali/aws-ec2-detailed-monitoring",
        title: "Instance detailed monitoring is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_126"],
        description: "Metrics are collected every 5 minutes instead of every minute.",
        remediation: "Set monitoring = true.",
        target: Target::Resources(
            &["aws_instance"],
            is_true("monitoring", "Detailed monitoring is not enabled."),
        ),
    },
    Rule {
        id: "kali/aws-ebs-unencrypted",
        title: "EBS volume is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: Some(("cis_aws", "2.2.1")),
        checkov: &["CKV_AWS_3"],
        description: "encrypted is not true and EBS encryption by default is not on.",
        remediation: "Set encrypted = true, or turn on aws_ebs_encryption_by_default.",
        target: Target::Resources(&["aws_ebs_volume"], Check::Function(ebs_encrypted)),
    },
    Rule {
        id: "kali/aws-ebs-default-encryption-off",
        title: "EBS encryption by default is turned off",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: Some(("cis_aws", "2.2.1")),
        checkov: &["CKV_AWS_106"],
        description: "aws_ebs_encryption_by_default sets enabled = false.",
        remediation: "Set enabled = true.",
        target: Target::Resources(
            &["aws_ebs_encryption_by_default"],
            not_false("enabled", "EBS encryption by default is turned off."),
        ),
    },
    Rule {
        id: "kali/aws-iam-admin-policy",
        title: "IAM policy grants full administrator access",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: Some(("cis_aws", "1.16")),
        checkov: &["CKV_AWS_62", "CKV_AWS_1"],
        description: "A statement allows Action \"*\" on Resource \"*\".",
        remediation: "Grant the actions and resources the principal needs.",
        target: Target::Resources(POLICIES, Check::Function(iam_admin)),
    },
    Rule {
        id: "kali/aws-iam-wildcard-action",
        title: "IAM policy allows a wildcard action",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_63"],
        description: "A statement allows \"*\" or \"service:*\" actions.",
        remediation: "List the actions the principal needs.",
        target: Target::Resources(POLICIES, Check::Function(iam_wildcard_action)),
    },
    Rule {
        id: "kali/aws-iam-user-policy",
        title: "IAM policy is attached to a user",
        severity: Severity::Low,
        category: Category::LeastPrivilege,
        cis: Some(("cis_aws", "1.15")),
        checkov: &["CKV_AWS_40"],
        description: "Permissions granted to users one by one are hard to review.",
        remediation: "Attach policies to groups or roles, and put users in groups.",
        target: Target::Resources(
            &["aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment"],
            Check::Function(iam_user_policy),
        ),
    },
    Rule {
        id: "kali/aws-iam-role-assumable-by-anyone",
        title: "IAM role can be assumed by any AWS principal",
        severity: Severity::Critical,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_60"],
        description: "The trust policy allows Principal \"*\" without a condition.",
        remediation: "Name the accounts, roles or services that may assume the role.",
        target: Target::Resources(&["aws_iam_role"], Check::Function(iam_assume_role_everyone)),
    },
    Rule {
        id: "kali/aws-iam-password-length",
        title: "IAM password policy allows passwords under 14 characters",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: Some(("cis_aws", "1.8")),
        checkov: &["CKV_AWS_10"],
        description: "minimum_password_length is under 14.",
        remediation: "Set minimum_password_length = 14 or more.",
        target: Target::Resources(
            PASSWORD_POLICY,
            at_least(
                "minimum_password_length",
                14.0,
                6.0,
                "The minimum password length is under 14.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-iam-password-reuse",
        title: "IAM password policy allows password reuse",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: Some(("cis_aws", "1.9")),
        checkov: &["CKV_AWS_13"],
        description: "password_reuse_prevention is under 24.",
        remediation: "Set password_reuse_prevention = 24.",
        target: Target::Resources(
            PASSWORD_POLICY,
            at_least(
                "password_reuse_prevention",
                24.0,
                0.0,
                "Password reuse prevention remembers fewer than 24 passwords.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-iam-password-max-age",
        title: "IAM passwords do not expire within 90 days",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_9"],
        description: "max_password_age is unset or over 90.",
        remediation: "Set max_password_age = 90 or less.",
        target: Target::Resources(PASSWORD_POLICY, Check::Function(password_max_age)),
    },
    Rule {
        id: "kali/aws-iam-password-lowercase",
        title: "IAM password policy does not require lowercase letters",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_11"],
        description: "require_lowercase_characters is not true.",
        remediation: "Set require_lowercase_characters = true.",
        target: Target::Resources(
            PASSWORD_POLICY,
            is_true(
                "require_lowercase_characters",
                "The password policy does not require a lowercase letter.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-iam-password-uppercase",
        title: "IAM password policy does not require uppercase letters",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_15"],
        description: "require_uppercase_characters is not true.",
        remediation: "Set require_uppercase_characters = true.",
        target: Target::Resources(
            PASSWORD_POLICY,
            is_true(
                "require_uppercase_characters",
                "The password policy does not require an uppercase letter.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-iam-password-numbers",
        title: "IAM password policy does not require numbers",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_12"],
        description: "require_numbers is not true.",
        remediation: "Set require_numbers = true.",
        target: Target::Resources(
            PASSWORD_POLICY,
            is_true("require_numbers", "The password policy does not require a number."),
        ),
    },
    Rule {
        id: "kali/aws-iam-password-symbols",
        title: "IAM password policy does not require symbols",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_14"],
        description: "require_symbols is not true.",
        remediation: "Set require_symbols = true.",
        target: Target::Resources(
            PASSWORD_POLICY,
            is_true("require_symbols", "The password policy does not require a symbol."),
        ),
    },
    Rule {
        id: "kali/aws-kms-rotation",
        title: "KMS key rotation is not enabled",
        severity: Severity::Medium,
        category: Category::KeyManagement,
        cis: Some(("cis_aws", "3.6")),
        checkov: &["CKV_AWS_7"],
        description: "enable_key_rotation is not true on a symmetric key.",
        remediation: "Set enable_key_rotation = true.",
        target: Target::Resources(
            &["aws_kms_key"],
            is_true(
                "enable_key_rotation",
                "Automatic key rotation is not enabled.",
            )
            .unless(&[Condition::OtherThan("customer_master_key_spec", "SYMMETRIC_DEFAULT")]),
        ),
    },
    Rule {
        id: "kali/aws-kms-public-policy",
        title: "KMS key policy allows any principal",
        severity: Severity::Critical,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_33"],
        description: "A statement of the key policy allows \"*\" without a condition.",
        remediation: "Name the principals that may use the key.",
        target: Target::Resources(&["aws_kms_key"], Check::Function(kms_policy_public)),
    },
    Rule {
        id: "kali/aws-cloudtrail-kms",
        title: "CloudTrail logs are not encrypted with KMS",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: Some(("cis_aws", "3.5")),
        checkov: &["CKV_AWS_35"],
        description: "kms_key_id is not set.",
        remediation: "Set kms_key_id to a customer-managed key.",
        target: Target::Resources(
            TRAILS,
            present("kms_key_id", "Trail logs are not encrypted with a KMS key (`kms_key_id`)."),
        ),
    },
    Rule {
        id: "kali/aws-cloudtrail-log-validation",
        title: "CloudTrail log file validation is not enabled",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: Some(("cis_aws", "3.2")),
        checkov: &["CKV_AWS_36"],
        description: "Tampering with delivered log files would go unnoticed.",
        remediation: "Set enable_log_file_validation = true.",
        target: Target::Resources(
            TRAILS,
            is_true("enable_log_file_validation", "Log file integrity validation is not enabled."),
        ),
    },
    Rule {
        id: "kali/aws-cloudtrail-multi-region",
        title: "CloudTrail trail is not multi-region",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: Some(("cis_aws", "3.1")),
        checkov: &["CKV_AWS_67"],
        description: "Activity in other regions is not recorded.",
        remediation: "Set is_multi_region_trail = true.",
        target: Target::Resources(
            TRAILS,
            is_true("is_multi_region_trail", "The trail records one region only."),
        ),
    },
    Rule {
        id: "kali/aws-lb-http-listener",
        title: "Load balancer listener serves plain HTTP",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_2", "CKV_AWS_103"],
        description: "An HTTP listener (or one without a protocol on an application load balancer) does not redirect to HTTPS. Checkov's CKV_AWS_103 (TLS 1.2) fails such a listener too; here kali/aws-lb-outdated-tls judges the TLS versions of HTTPS and TLS listeners and this rule the plain ones.",
        remediation: "Use protocol = \"HTTPS\" with a certificate, or make the default action a redirect to HTTPS.",
        target: Target::Resources(LISTENERS, Check::Function(listener_https)),
    },
    Rule {
        id: "kali/aws-lb-outdated-tls",
        title: "Load balancer listener accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_103"],
        description: "The HTTPS/TLS listener's ssl_policy (or the default) allows TLS 1.0 or 1.1.",
        remediation: "Set ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\".",
        target: Target::Resources(LISTENERS, Check::Function(listener_tls)),
    },
    Rule {
        id: "kali/aws-lb-access-logs",
        title: "Load balancer access logs are not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_91"],
        description: "Requests through the load balancer are not logged.",
        remediation: "Add access_logs { bucket = …, enabled = true }.",
        target: Target::Resources(
            LBS,
            is_true("access_logs.enabled", "Access logs are not enabled."),
        ),
    },
    Rule {
        id: "kali/aws-elb-access-logs",
        title: "Classic load balancer access logs are not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_92"],
        description: "Requests through the load balancer are not logged.",
        remediation: "Add access_logs { bucket = …, enabled = true }.",
        target: Target::Resources(&["aws_elb"], Check::Function(elb_access_logs)),
    },
    Rule {
        id: "kali/aws-alb-drop-invalid-headers",
        title: "Application load balancer passes invalid HTTP headers",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_131"],
        description: "drop_invalid_header_fields is not true (HTTP desync and smuggling).",
        remediation: "Set drop_invalid_header_fields = true.",
        target: Target::Resources(
            LBS,
            is_true(
                "drop_invalid_header_fields",
                "Invalid HTTP headers are passed to targets (`drop_invalid_header_fields` is not true).",
            )
            .unless(&[Condition::OtherThan("load_balancer_type", "application")]),
        ),
    },
    Rule {
        id: "kali/aws-lb-deletion-protection",
        title: "Load balancer deletion protection is not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_150"],
        description: "The load balancer can be deleted by one API call.",
        remediation: "Set enable_deletion_protection = true.",
        target: Target::Resources(
            LBS,
            is_true("enable_deletion_protection", "Deletion protection is not enabled."),
        ),
    },
    Rule {
        id: "kali/aws-eks-public-endpoint",
        title: "EKS API endpoint is public",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_39"],
        description: "endpoint_public_access is true (the default).",
        remediation: "Set vpc_config { endpoint_public_access = false, endpoint_private_access = true }.",
        target: Target::Resources(
            EKS,
            is_false("vpc_config.endpoint_public_access", "The cluster's API endpoint is public."),
        ),
    },
    Rule {
        id: "kali/aws-eks-public-cidrs",
        title: "EKS public API endpoint is open to the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_38"],
        description: "The public endpoint accepts 0.0.0.0/0 (the default public_access_cidrs).",
        remediation: "Set public_access_cidrs to your networks, or turn the public endpoint off.",
        target: Target::Resources(EKS, Check::Function(eks_public_cidrs)),
    },
    Rule {
        id: "kali/aws-eks-secrets-encryption",
        title: "EKS secrets are not encrypted with KMS",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_58"],
        description: "No encryption_config covers the \"secrets\" resource.",
        remediation: "Add encryption_config { resources = [\"secrets\"], provider { key_arn = … } }.",
        target: Target::Resources(EKS, Check::Function(eks_secrets_encryption)),
    },
    Rule {
        id: "kali/aws-eks-control-plane-logging",
        title: "EKS control plane logging is incomplete",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_37"],
        description: "enabled_cluster_log_types lacks some of api, audit, authenticator, controllerManager, scheduler.",
        remediation: "Enable all five control plane log types.",
        target: Target::Resources(EKS, Check::Function(eks_logging)),
    },
    Rule {
        id: "kali/aws-lambda-tracing",
        title: "Lambda X-Ray tracing is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_50"],
        description: "tracing_config.mode is neither \"Active\" nor \"PassThrough\" (which traces the requests an upstream service sampled).",
        remediation: "Add tracing_config { mode = \"Active\" }.",
        target: Target::Resources(
            LAMBDAS,
            one_of(
                "tracing_config.mode",
                &["Active", "PassThrough"],
                "X-Ray tracing is not enabled.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-lambda-env-secrets",
        title: "Lambda environment variable holds a secret",
        severity: Severity::High,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV_AWS_45"],
        description: "A variable of environment.variables matches a secret rule; anyone who can read the function's configuration can read it.",
        remediation: "Read the secret from Secrets Manager or SSM Parameter Store at run time.",
        target: Target::Resources(LAMBDAS, Check::Function(lambda_env_secrets)),
    },
    Rule {
        id: "kali/aws-lambda-dlq",
        title: "Lambda function has no dead-letter queue",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_116"],
        description: "Failed asynchronous invocations are dropped.",
        remediation: "Add dead_letter_config { target_arn = … }.",
        target: Target::Resources(
            LAMBDAS,
            present(
                "dead_letter_config.target_arn",
                "No dead-letter queue receives failed asynchronous invocations.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-lambda-env-kms",
        title: "Lambda environment variables use the AWS-managed key",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_173"],
        description: "The function has environment variables and no kms_key_arn.",
        remediation: "Set kms_key_arn to a customer-managed key.",
        target: Target::Resources(
            LAMBDAS,
            present(
                "kms_key_arn",
                "Environment variables are encrypted with the AWS-managed key only (`kms_key_arn`).",
            )
            .unless(&[Condition::Absent("environment.variables")]),
        ),
    },
    Rule {
        id: "kali/aws-lambda-url-unauthenticated",
        title: "Lambda function URL needs no authentication",
        severity: Severity::High,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_258"],
        description: "authorization_type = \"NONE\": anyone with the URL can invoke the function.",
        remediation: "Set authorization_type = \"AWS_IAM\".",
        target: Target::Resources(
            &["aws_lambda_function_url"],
            none_of("authorization_type", &["NONE"], "The function URL needs no authentication"),
        ),
    },
    Rule {
        id: "kali/aws-elasticache-at-rest",
        title: "ElastiCache data is not encrypted at rest",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_29"],
        description: "at_rest_encryption_enabled is not true.",
        remediation: "Set at_rest_encryption_enabled = true.",
        target: Target::Resources(
            CACHES,
            is_true("at_rest_encryption_enabled", "Data at rest is not encrypted."),
        ),
    },
    Rule {
        id: "kali/aws-elasticache-in-transit",
        title: "ElastiCache traffic is not encrypted in transit",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_30"],
        description: "transit_encryption_enabled is not true.",
        remediation: "Set transit_encryption_enabled = true.",
        target: Target::Resources(
            CACHES,
            is_true("transit_encryption_enabled", "Traffic is not encrypted in transit."),
        ),
    },
    Rule {
        id: "kali/aws-elasticache-auth",
        title: "ElastiCache replication group has no AUTH token",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_31"],
        description: "Clients connect without a password (no auth_token with transit encryption, no user groups).",
        remediation: "Set transit_encryption_enabled = true and auth_token, or user_group_ids.",
        target: Target::Resources(CACHES, Check::Function(elasticache_auth)),
    },
    Rule {
        id: "kali/aws-dynamodb-pitr",
        title: "DynamoDB point-in-time recovery is not enabled",
        severity: Severity::Medium,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_28"],
        description: "Without it, a bad write or delete cannot be rolled back.",
        remediation: "Add point_in_time_recovery { enabled = true }.",
        target: Target::Resources(
            &["aws_dynamodb_table"],
            is_true("point_in_time_recovery.enabled", "Point-in-time recovery is not enabled."),
        ),
    },
    Rule {
        id: "kali/aws-dynamodb-cmk",
        title: "DynamoDB table is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_119"],
        description: "server_side_encryption is off or uses the AWS-managed key.",
        remediation: "Add server_side_encryption { enabled = true, kms_key_arn = … }.",
        target: Target::Resources(&["aws_dynamodb_table"], Check::Function(dynamodb_cmk)),
    },
    Rule {
        id: "kali/aws-sns-unencrypted",
        title: "SNS topic is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_26"],
        description: "kms_master_key_id is not set.",
        remediation: "Set kms_master_key_id (e.g. \"alias/aws/sns\" or a customer-managed key).",
        target: Target::Resources(
            &["aws_sns_topic"],
            present("kms_master_key_id", "The topic is not encrypted (`kms_master_key_id`)."),
        ),
    },
    Rule {
        id: "kali/aws-sqs-unencrypted",
        title: "SQS queue is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_27"],
        description: "sqs_managed_sse_enabled = false and no kms_master_key_id.",
        remediation: "Remove sqs_managed_sse_enabled = false, or set kms_master_key_id.",
        target: Target::Resources(
            &["aws_sqs_queue"],
            not_false(
                "sqs_managed_sse_enabled",
                "The queue is not encrypted (`sqs_managed_sse_enabled = false` and no KMS key).",
            )
            .unless(&[Condition::Set("kms_master_key_id")]),
        ),
    },
    Rule {
        id: "kali/aws-cloudfront-http",
        title: "CloudFront allows plain HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_34"],
        description: "A cache behaviour has viewer_protocol_policy = \"allow-all\".",
        remediation: "Use \"redirect-to-https\" or \"https-only\".",
        target: Target::Resources(CLOUDFRONT, Check::Function(cloudfront_https)),
    },
    Rule {
        id: "kali/aws-cloudfront-outdated-tls",
        title: "CloudFront accepts TLS before 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_174"],
        description: "The viewer certificate allows TLS 1.0 or 1.1.",
        remediation: "Use an ACM certificate with minimum_protocol_version = \"TLSv1.2_2021\".",
        target: Target::Resources(CLOUDFRONT, Check::Function(cloudfront_tls)),
    },
    Rule {
        id: "kali/aws-cloudfront-waf",
        title: "CloudFront distribution has no WAF",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_68"],
        description: "web_acl_id is not set.",
        remediation: "Associate a WAFv2 web ACL.",
        target: Target::Resources(
            CLOUDFRONT,
            present("web_acl_id", "No WAF web ACL protects the distribution."),
        ),
    },
    Rule {
        id: "kali/aws-cloudfront-logging",
        title: "CloudFront access logging is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_86"],
        description: "No logging_config block.",
        remediation: "Add logging_config { bucket = … }.",
        target: Target::Resources(
            CLOUDFRONT,
            present("logging_config", "Access logging is not configured."),
        ),
    },
    Rule {
        id: "kali/aws-apigw-method-unauthenticated",
        title: "API Gateway method needs no authorization",
        severity: Severity::High,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_59"],
        description: "authorization = \"NONE\" and no API key: anyone can call it.",
        remediation: "Use an authorizer (IAM, Cognito, Lambda) or require an API key.",
        target: Target::Resources(
            &["aws_api_gateway_method"],
            none_of(
                "authorization",
                &["NONE"],
                "The method needs no authorization and no API key",
            )
            .unless(&[
                Condition::Equals("http_method", "OPTIONS"),
                Condition::IsTrue("api_key_required"),
            ]),
        ),
    },
    Rule {
        id: "kali/aws-apigw-stage-logging",
        title: "API Gateway stage access logging is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_76"],
        description: "No access_log_settings.",
        remediation: "Add access_log_settings with a CloudWatch log group.",
        target: Target::Resources(
            STAGES,
            present("access_log_settings", "Access logging is not configured for the stage."),
        ),
    },
    Rule {
        id: "kali/aws-apigw-stage-xray",
        title: "API Gateway stage X-Ray tracing is not enabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_73"],
        description: "xray_tracing_enabled is not true.",
        remediation: "Set xray_tracing_enabled = true.",
        target: Target::Resources(
            &["aws_api_gateway_stage"],
            is_true("xray_tracing_enabled", "X-Ray tracing is not enabled for the stage."),
        ),
    },
    Rule {
        id: "kali/aws-ecr-mutable-tags",
        title: "ECR image tags are mutable",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_51"],
        description: "A pushed tag can be overwritten by a different image.",
        remediation: "Set image_tag_mutability = \"IMMUTABLE\".",
        target: Target::Resources(&["aws_ecr_repository"], Check::Function(ecr_immutable)),
    },
    Rule {
        id: "kali/aws-ecr-scan-on-push",
        title: "ECR images are not scanned on push",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_163"],
        description: "image_scanning_configuration.scan_on_push is not true.",
        remediation: "Add image_scanning_configuration { scan_on_push = true }.",
        target: Target::Resources(
            &["aws_ecr_repository"],
            is_true("image_scanning_configuration.scan_on_push", "Images are not scanned on push."),
        ),
    },
];

//! AWS rules for where data lives: databases (RDS, Aurora, DynamoDB, Redshift, DocumentDB,
//! Neptune, ElastiCache, MemoryDB, OpenSearch), storage (S3, EBS, EFS, FSx, Backup),
//! streams and queues (Kinesis, MSK, SNS, SQS, MQ), keys and secrets (KMS, Secrets
//! Manager, SSM parameters) and data movement (DMS, Glue, Athena).

use serde_json::Value as Json;

use super::super::check::{at_least, is_true, joined, none_of, one_of, present, requirement};
use super::super::{
    as_blocks, attr, blocks, fail, first, is_world, Category, Check, Condition, Ctx, Expected,
    Join, Link, Rule, Target, Verdict,
};
use super::{
    allows, condition_narrows_principal, ebs_encrypted, ingress_of, json_strings,
    principal_is_everyone, BUCKET_LINK, SG_RULE_RESOURCES,
};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::{Resource, Value};

// ---- shared helpers ------------------------------------------------------------------------

/// The string at `path`: `Ok(None)` when absent or null, `Err(())` when unknown before apply.
fn string_at<'v>(r: &'v Resource, path: &str) -> Result<Option<&'v str>, ()> {
    match attr(r, path) {
        None | Some(Value::Null) => Ok(None),
        Some(v) if !v.is_known() => Err(()),
        Some(v) => Ok(v.as_str()),
    }
}

/// Whether `value` (a list or a single value) refers to `target`, by reference or by one
/// of its `names` attributes.
fn mentions(value: &Value, target: &Resource, names: &[&str]) -> bool {
    match value {
        Value::List(items) => items.iter().any(|i| mentions(i, target, names)),
        v => super::super::refers_to(v, target, names),
    }
}

/// The parameter group a database names in `attr_name`, when it is declared here:
/// `Ok(Some)` found, `Ok(None)` not written, `Err(name)` written but not declared here (the
/// literal name, or "" when unknown).
fn parameter_group<'a>(
    ctx: &Ctx<'a>,
    r: &Resource,
    attr_name: &str,
    group_type: &str,
) -> Result<Option<&'a Resource>, String> {
    let Some(value) = r
        .attributes
        .get(attr_name)
        .filter(|v| !matches!(v, Value::Null))
    else {
        return Ok(None);
    };
    if let Some(group) = written_target(ctx, r, attr_name, group_type) {
        return Ok(Some(group));
    }
    match ctx.referenced(group_type, value, r, &["name"]) {
        Some(group) => Ok(Some(group)),
        None => Err(value.as_str().unwrap_or("").to_string()),
    }
}

/// The value of a parameter of a DB parameter group, as text; `Some(None)` when unknown,
/// `None` when the group does not set it.
fn parameter(group: &Resource, name: &str) -> Option<Option<String>> {
    blocks(group, "parameter")
        .into_iter()
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        .map(|p| p.get("value").and_then(Value::to_template_string))
}

/// Whether a statement's principal is anyone: `"*"`, or an ARN of any account
/// (`arn:aws:iam::*:role/x`).
fn principal_is_anyone(s: &Json) -> bool {
    if principal_is_everyone(s) {
        return true;
    }
    let aws = match s.get("Principal") {
        Some(Json::Object(map)) => json_strings(map.get("AWS")),
        _ => Vec::new(),
    };
    aws.iter()
        .any(|p| p.starts_with("arn:aws:iam::*:") || p.starts_with("arn:aws:sts::*:"))
}

/// Condition keys that pin the caller to a source (an account, an ARN, an owner).
const SOURCE_KEYS: &[&str] = &["aws:SourceAccount", "aws:SourceOwner", "aws:SourceArn"];

/// Whether a statement's condition narrows who its principal is, as for buckets, or pins the
/// calling source (`aws:SourceArn`, `aws:SourceAccount`).
fn narrowed(s: &Json) -> bool {
    if condition_narrows_principal(s) {
        return true;
    }
    let Some(condition) = s.get("Condition").and_then(Json::as_object) else {
        return false;
    };
    condition.values().filter_map(Json::as_object).any(|keys| {
        keys.keys()
            .any(|k| SOURCE_KEYS.iter().any(|n| n.eq_ignore_ascii_case(k)))
    })
}

/// A resource policy (`policy`) that allows anyone, with no condition narrowing who.
fn policy_public(r: &Resource, what: &str) -> Verdict {
    let stmts = match lenient_statements(r, "policy") {
        Ok(None) => return Verdict::Pass,
        Ok(Some(stmts)) => stmts,
        Err(()) => return Verdict::Unknown,
    };
    if stmts
        .iter()
        .any(|s| allows(s) && principal_is_anyone(s) && !narrowed(s))
    {
        fail(
            "policy",
            format!("The {what} policy allows any principal (\"*\") without a condition that narrows who."),
        )
    } else {
        Verdict::Pass
    }
}

// ---- the configuration as written ----------------------------------------------------------------

/// The text of an argument as written in the resource's declaration.
fn written_text(r: &Resource, argument: &str) -> Option<String> {
    r.decl.arguments().find_map(|s| {
        let a = s.as_attribute()?;
        (a.key.as_str() == argument)
            .then(|| aetheredge_model::iac::module::expression_text(&a.expr))
    })
}

/// Whether `r`'s argument, as written, refers to `target` (`aws_efs_file_system.x.arn`,
/// alone or in a list), in the same module instance.
fn written_refers(r: &Resource, argument: &str, target: &Resource) -> bool {
    if r.root != target.root || r.module != target.module {
        return false;
    }
    let Some(text) = written_text(r, argument) else {
        return false;
    };
    let needle = format!("{}.{}", target.resource_type, target.name);
    text.match_indices(&needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && matches!(after, Some('.') | Some('['))
    })
}

/// The resource of `resource_type` that `r`'s argument is written as a reference to, in
/// the same module instance.
fn written_target<'a>(
    ctx: &Ctx<'a>,
    r: &Resource,
    argument: &str,
    resource_type: &str,
) -> Option<&'a Resource> {
    let (t, name) = r.written_reference(argument)?;
    if t != resource_type {
        return None;
    }
    ctx.of_type(resource_type)
        .iter()
        .find(|o| o.root == r.root && o.module == r.module && o.name == name)
        .copied()
}

/// A policy's statements, also when the policy is a heredoc or string template that
/// interpolates values known only after apply (an ARN): each interpolation reads as an
/// opaque string, which can neither be `"*"` nor drop a condition. `Err` when the policy
/// cannot be read; `Ok(None)` when there is none.
fn lenient_statements(r: &Resource, argument: &str) -> Result<Option<Vec<Json>>, ()> {
    let value = r.attributes.get(argument);
    match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(text)) => return statements_of(text),
        Some(v) if v.is_known() => return Err(()),
        Some(_) => {}
    }
    let text = written_text(r, argument).ok_or(())?;
    let body = if let Some(rest) = text.strip_prefix("<<") {
        // <<DELIM or <<-DELIM, the template, then DELIM.
        let (_, template) = rest.split_once('\n').ok_or(())?;
        let end = template.trim_end().rfind('\n').ok_or(())?;
        template[..end].to_string()
    } else {
        return Err(());
    };
    if body.contains("%{") {
        return Err(());
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body.as_str();
    while let Some(i) = rest.find("${") {
        if rest[..i].ends_with('$') {
            // `$${` is a literal `${`.
            out.push_str(&rest[..i + 2]);
            rest = &rest[i + 2..];
            continue;
        }
        out.push_str(&rest[..i]);
        let mut depth = 0usize;
        let mut end = None;
        for (j, c) in rest[i..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + j);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = end.ok_or(())?;
        out.push_str("(known after apply)");
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    statements_of(&out)
}

/// The statements of a policy document's JSON, read as leniently as IAM's examples are
/// written (a trailing comma before `]` or `}` is ignored).
fn statements_of(text: &str) -> Result<Option<Vec<Json>>, ()> {
    let doc: Json = serde_json::from_str(text)
        .or_else(|_| serde_json::from_str(&without_trailing_commas(text)))
        .map_err(|_| ())?;
    match doc.get("Statement") {
        Some(Json::Array(items)) => Ok(Some(items.clone())),
        Some(s @ Json::Object(_)) => Ok(Some(vec![s.clone()])),
        _ => Err(()),
    }
}

/// JSON text without the commas that directly precede a closing bracket or brace.
fn without_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        } else if c == ',' {
            let next = chars[i + 1..].iter().find(|n| !n.is_whitespace());
            if matches!(next, Some(']') | Some('}')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

// ---- EMR -------------------------------------------------------------------------------------

/// Attributes of `ec2_attributes` that name the cluster's security groups.
const EMR_SG_ATTRS: &[&str] = &[
    "emr_managed_master_security_group",
    "emr_managed_slave_security_group",
    "service_access_security_group",
    "additional_master_security_groups",
    "additional_slave_security_groups",
];

fn emr_sg_open(ctx: &Ctx, r: &Resource) -> Verdict {
    let Some(ec2) = r.attributes.get("ec2_attributes").map(first) else {
        return Verdict::Pass;
    };
    for key in EMR_SG_ATTRS {
        let Some(value) = ec2.get(key) else { continue };
        let Some(group) = ctx.referenced("aws_security_group", value, r, &["id", "name"]) else {
            continue;
        };
        let mut sources = vec![group];
        for t in SG_RULE_RESOURCES {
            sources.extend(ctx.related(t, "security_group_id", group, &["id"]));
        }
        for source in sources {
            let Some(ingress) = ingress_of(source) else {
                return Verdict::Unknown;
            };
            if let Some(world) = ingress
                .iter()
                .flat_map(|i| i.cidrs.iter())
                .find(|c| is_world(c))
            {
                return fail(
                    "ec2_attributes",
                    format!(
                        "The cluster's security group {} allows ingress from {world}.",
                        group.address
                    ),
                );
            }
        }
    }
    Verdict::Pass
}

// ---- SQS and SNS -----------------------------------------------------------------------------

fn sqs_policy_public(_: &Ctx, r: &Resource) -> Verdict {
    policy_public(r, "queue")
}

fn sns_policy_public(_: &Ctx, r: &Resource) -> Verdict {
    policy_public(r, "topic")
}

// ---- RDS -------------------------------------------------------------------------------------

/// A DB instance's parameter group must force TLS where its engine family has a switch
/// for it: `rds.force_ssl = 1` (PostgreSQL, SQL Server), `require_secure_transport = 1`
/// (MySQL, MariaDB), `db2comm = SSL` (Db2).
fn rds_force_tls(ctx: &Ctx, r: &Resource) -> Verdict {
    let group = match parameter_group(ctx, r, "parameter_group_name", "aws_db_parameter_group") {
        Ok(Some(group)) => group,
        // The default groups and groups declared elsewhere are not judged.
        _ => return Verdict::Pass,
    };
    let family = match string_at(group, "family") {
        Err(()) => return Verdict::Unknown,
        Ok(f) => f.unwrap_or("").to_ascii_lowercase(),
    };
    let (name, want) = if family.starts_with("postgres") || family.contains("sqlserver") {
        ("rds.force_ssl", "1")
    } else if family.starts_with("mysql") || family.starts_with("mariadb") {
        ("require_secure_transport", "1")
    } else if family.contains("db2-ae") {
        ("db2comm", "SSL")
    } else {
        return Verdict::Pass;
    };
    match parameter(group, name) {
        Some(None) => Verdict::Unknown,
        Some(Some(v)) if v.eq_ignore_ascii_case(want) || (want == "1" && v == "ON") => {
            Verdict::Pass
        }
        Some(Some(v)) => fail(
            "parameter_group_name",
            format!(
                "The parameter group {} does not force TLS (`{name}` is \"{v}\", not \"{want}\").",
                group.address
            ),
        ),
        None => fail(
            "parameter_group_name",
            format!(
                "The parameter group {} does not force TLS (`{name}` is not set to \"{want}\").",
                group.address
            ),
        ),
    }
}

/// PostgreSQL versions affected by the log_fdw extension's file-read flaw (AWS-2022-004):
/// RDS before 13.3, 12.7, 11.12, 10.17, 9.6.22; Aurora before 12, 11.9, 10.14.
fn rds_log_fdw(_: &Ctx, r: &Resource) -> Verdict {
    let engine = match string_at(r, "engine") {
        Err(()) => return Verdict::Unknown,
        Ok(e) => e.unwrap_or(""),
    };
    let aurora = match engine {
        "postgres" => false,
        "aurora-postgresql" => true,
        _ => return Verdict::Pass,
    };
    let version = match string_at(r, "engine_version") {
        Err(()) => return Verdict::Unknown,
        Ok(None) => return Verdict::Pass,
        Ok(Some(v)) => v,
    };
    let parts: Vec<Option<u32>> = version.split('.').map(|p| p.parse().ok()).collect();
    let (Some(Some(major)), Some(Some(minor))) = (parts.first(), parts.get(1)) else {
        return Verdict::Pass;
    };
    let (major, minor) = (*major, *minor);
    let fixed = if aurora {
        major >= 12 || (major == 11 && minor > 8) || (major == 10 && minor > 13)
    } else {
        match major {
            m if m >= 14 => true,
            13 => minor > 2,
            12 => minor > 6,
            11 => minor > 11,
            10 => minor > 16,
            9 if minor == 6 => match parts.get(2) {
                Some(Some(patch)) => *patch > 21,
                // "9.6": the latest 9.6 patch.
                _ => return Verdict::Pass,
            },
            _ => false,
        }
    };
    if fixed {
        Verdict::Pass
    } else {
        fail(
            "engine_version",
            format!("PostgreSQL {version} has the log_fdw extension's local file read flaw (AWS-2022-004)."),
        )
    }
}

/// PostgreSQL query logging: the parameter group sets `log_statement` and
/// `log_min_duration_statement`.
fn postgres_query_logging(
    ctx: &Ctx,
    r: &Resource,
    engine: &str,
    group_attr: &str,
    group_type: &str,
) -> Verdict {
    match string_at(r, "engine") {
        Err(()) => return Verdict::Unknown,
        Ok(Some(e)) if e == engine => {}
        Ok(_) => return Verdict::Pass,
    }
    let group = match parameter_group(ctx, r, group_attr, group_type) {
        Ok(Some(group)) => group,
        Ok(None) => {
            return fail(
                "engine",
                format!("No parameter group turns on query logging (`{group_attr}` is not set, so the default group logs no statements)."),
            )
        }
        Err(name) if name.starts_with("default.") => {
            return fail(
                group_attr,
                format!("The default parameter group \"{name}\" logs no statements."),
            )
        }
        Err(_) => return Verdict::Unknown,
    };
    let missing: Vec<&str> = ["log_statement", "log_min_duration_statement"]
        .into_iter()
        .filter(|n| parameter(group, n).is_none())
        .collect();
    if missing.is_empty() {
        Verdict::Pass
    } else {
        fail(
            group_attr,
            format!(
                "The parameter group {} does not set {} for query logging.",
                group.address,
                missing.join(" or ")
            ),
        )
    }
}

fn rds_instance_query_logging(ctx: &Ctx, r: &Resource) -> Verdict {
    postgres_query_logging(
        ctx,
        r,
        "postgres",
        "parameter_group_name",
        "aws_db_parameter_group",
    )
}

fn rds_cluster_query_logging(ctx: &Ctx, r: &Resource) -> Verdict {
    postgres_query_logging(
        ctx,
        r,
        "aurora-postgresql",
        "db_cluster_parameter_group_name",
        "aws_rds_cluster_parameter_group",
    )
}

// ---- EBS -------------------------------------------------------------------------------------

fn ebs_attached_unencrypted(ctx: &Ctx, r: &Resource) -> Verdict {
    if ctx
        .related("aws_volume_attachment", "volume_id", r, &["id"])
        .is_empty()
    {
        return Verdict::Pass;
    }
    match ebs_encrypted(ctx, r) {
        Verdict::Fail { attr, .. } => fail(
            &attr,
            "The volume is attached to an instance but not encrypted (`encrypted` is not true).",
        ),
        v => v,
    }
}

// ---- Kinesis Firehose ------------------------------------------------------------------------

/// Firehose encryption: a stream fed by a Kinesis stream takes that stream's encryption, so
/// it is not judged.
fn firehose_sse(r: &Resource, cmk: bool) -> Verdict {
    if r.attributes
        .get("kinesis_source_configuration")
        .is_some_and(|v| !matches!(v, Value::Null))
    {
        return Verdict::Pass;
    }
    match super::super::bool_of(attr(r, "server_side_encryption.enabled")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        Ok(_) => return fail(
            "server_side_encryption",
            "Server-side encryption is not enabled (`server_side_encryption { enabled = true }`).",
        ),
    }
    if !cmk {
        return Verdict::Pass;
    }
    match string_at(r, "server_side_encryption.key_type") {
        Err(()) => return Verdict::Unknown,
        Ok(Some("CUSTOMER_MANAGED_CMK")) => {}
        Ok(_) => {
            return fail(
                "server_side_encryption",
                "The stream is encrypted with an AWS-owned key (`key_type` is not \"CUSTOMER_MANAGED_CMK\").",
            )
        }
    }
    match attr(r, "server_side_encryption.key_arn") {
        None | Some(Value::Null) => fail(
            "server_side_encryption",
            "`key_type` is \"CUSTOMER_MANAGED_CMK\" but no `key_arn` names the key.",
        ),
        Some(Value::String(s)) if s.is_empty() => fail(
            "server_side_encryption",
            "`key_type` is \"CUSTOMER_MANAGED_CMK\" but no `key_arn` names the key.",
        ),
        _ => Verdict::Pass,
    }
}

fn firehose_encrypted(_: &Ctx, r: &Resource) -> Verdict {
    firehose_sse(r, false)
}

fn firehose_cmk(_: &Ctx, r: &Resource) -> Verdict {
    firehose_sse(r, true)
}

// ---- AWS Backup ------------------------------------------------------------------------------

/// Whether an aws_backup_selection in the resource's root selects it: by listing it in
/// `resources` (or `"*"`), or by a `selection_tag` its tags match. `Err` when a selection's
/// resources are unknown before apply.
fn backed_up(ctx: &Ctx, r: &Resource) -> Result<bool, ()> {
    let tags = r.attributes.get("tags");
    let mut unknown = false;
    for selection in ctx
        .of_type("aws_backup_selection")
        .iter()
        .filter(|s| s.root == r.root)
    {
        if written_refers(selection, "resources", r) {
            return Ok(true);
        }
        if let Some(resources) = selection.attributes.get("resources") {
            if mentions(resources, r, &["arn"]) {
                return Ok(true);
            }
            let items = match resources {
                Value::List(items) => items.iter().collect(),
                v => vec![v],
            };
            for item in items {
                if item.as_str() == Some("*") {
                    return Ok(true);
                }
                // An ARN from a variable, a local or a module could be this resource's; one
                // from another resource is not.
                if item.any_unknown_ref(&mut |r: &str| {
                    ["var.", "local.", "module.", "data.", "each.", "count."]
                        .iter()
                        .any(|p| r.starts_with(p))
                }) {
                    unknown = true;
                }
            }
        }
        for tag in blocks(selection, "selection_tag") {
            let key = tag.get("key").and_then(Value::as_str);
            let value = tag.get("value").and_then(Value::as_str);
            if let (Some(key), Some(value), Some(tags)) = (key, value, tags) {
                if tags.get(key).and_then(Value::as_str) == Some(value) {
                    return Ok(true);
                }
            }
        }
    }
    if unknown {
        Err(())
    } else {
        Ok(false)
    }
}

fn backup_plan_covers(ctx: &Ctx, r: &Resource, what: &str) -> Verdict {
    match backed_up(ctx, r) {
        Ok(true) => Verdict::Pass,
        Err(()) => Verdict::Unknown,
        Ok(false) => fail(
            "tags",
            format!("No aws_backup_selection puts the {what} in an AWS Backup plan (by its ARN or its tags)."),
        ),
    }
}

fn ebs_backup(ctx: &Ctx, r: &Resource) -> Verdict {
    backup_plan_covers(ctx, r, "volume")
}

fn efs_backup(ctx: &Ctx, r: &Resource) -> Verdict {
    backup_plan_covers(ctx, r, "file system")
}

fn rds_cluster_backup(ctx: &Ctx, r: &Resource) -> Verdict {
    backup_plan_covers(ctx, r, "cluster")
}

// ---- Secrets Manager -------------------------------------------------------------------------

/// A KMS key argument that names a customer-managed key: set, not empty, and not an
/// AWS-managed alias (`alias/aws/...`).
fn customer_key(r: &Resource, path: &str, what: &str) -> Verdict {
    match attr(r, path) {
        None | Some(Value::Null) => fail(
            super::super::top(path),
            format!("{what} is encrypted with the AWS-managed key (`{path}` is not set)."),
        ),
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(s)) if s.is_empty() => fail(
            super::super::top(path),
            format!("{what} is encrypted with the AWS-managed key (`{path}` is empty)."),
        ),
        Some(Value::String(s)) if s.contains("alias/aws/") => fail(
            super::super::top(path),
            format!(
                "{what} is encrypted with the AWS-managed key \"{s}\", not a customer-managed one."
            ),
        ),
        _ => Verdict::Pass,
    }
}

fn secret_cmk(_: &Ctx, r: &Resource) -> Verdict {
    customer_key(r, "kms_key_id", "The secret")
}

/// `rate(N days|hours|minutes)` at most 90 days.
fn rate_within_90_days(expression: &str) -> Option<bool> {
    let inner = expression.strip_prefix("rate(")?.strip_suffix(')')?;
    let mut words = inner.split_whitespace();
    let n: f64 = words.next()?.parse().ok()?;
    let unit = words.next()?;
    let days = if unit.starts_with("day") {
        n
    } else if unit.starts_with("hour") {
        n / 24.0
    } else if unit.starts_with("minute") {
        n / 1440.0
    } else {
        return None;
    };
    Some(days <= 90.0)
}

fn secret_rotation_90_days(_: &Ctx, r: &Resource) -> Verdict {
    let too_long = |why: String| {
        fail(
            "rotation_rules",
            format!("The secret is not rotated at least every 90 days ({why})."),
        )
    };
    match attr(r, "rotation_rules.automatically_after_days") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(v) => {
            if let Some(days) = v.as_f64() {
                return if days <= 90.0 {
                    Verdict::Pass
                } else {
                    too_long(format!("`automatically_after_days` is {days}"))
                };
            }
        }
        None => {}
    }
    match string_at(r, "rotation_rules.schedule_expression") {
        Err(()) => Verdict::Unknown,
        Ok(Some(e)) if e.starts_with("cron(") => Verdict::Pass,
        Ok(Some(e)) => match rate_within_90_days(e) {
            Some(true) => Verdict::Pass,
            _ => too_long(format!("`schedule_expression` is \"{e}\"")),
        },
        Ok(None) => too_long("no rotation schedule".into()),
    }
}

// ---- DMS -------------------------------------------------------------------------------------

/// Engines that DMS reaches over their own TLS (S3, Azure) as a source, or over the AWS API as
/// a target, where `ssl_mode` does not apply.
const DMS_SOURCES_WITHOUT_SSL_MODE: &[&str] = &["s3", "azuredb"];
const DMS_TARGETS_WITHOUT_SSL_MODE: &[&str] = &[
    "dynamodb",
    "kinesis",
    "neptune",
    "redshift",
    "s3",
    "elasticsearch",
    "kafka",
];

fn dms_endpoint_ssl(_: &Ctx, r: &Resource) -> Verdict {
    let (Ok(kind), Ok(engine)) = (string_at(r, "endpoint_type"), string_at(r, "engine_name"))
    else {
        return Verdict::Unknown;
    };
    let exempt = match kind {
        Some("source") => DMS_SOURCES_WITHOUT_SSL_MODE,
        Some("target") => DMS_TARGETS_WITHOUT_SSL_MODE,
        _ => return Verdict::Pass,
    };
    if engine.is_some_and(|e| exempt.contains(&e)) {
        return Verdict::Pass;
    }
    match string_at(r, "ssl_mode") {
        Err(()) => Verdict::Unknown,
        Ok(Some(mode)) if !mode.eq_ignore_ascii_case("none") => Verdict::Pass,
        Ok(Some(_)) => fail(
            "ssl_mode",
            "The endpoint connects without TLS (`ssl_mode` is \"none\").",
        ),
        Ok(None) => fail(
            "endpoint_type",
            "The endpoint connects without TLS (`ssl_mode` is unset, and the provider's default is \"none\").",
        ),
    }
}

fn dms_endpoint_cmk(_: &Ctx, r: &Resource) -> Verdict {
    match string_at(r, "engine_name") {
        Err(()) => Verdict::Unknown,
        Ok(Some("s3")) => match attr(r, "s3_settings.server_side_encryption_kms_key_id") {
            None | Some(Value::Null) => fail(
                "engine_name",
                "Data written to S3 is not encrypted with a customer-managed key (`s3_settings.server_side_encryption_kms_key_id` is not set).",
            ),
            Some(Value::String(s)) if s.is_empty() => fail(
                "s3_settings",
                "Data written to S3 is not encrypted with a customer-managed key (`server_side_encryption_kms_key_id` is empty).",
            ),
            Some(v) if !v.is_known() => Verdict::Unknown,
            _ => Verdict::Pass,
        },
        Ok(_) => customer_key(r, "kms_key_arn", "The endpoint's connection data"),
    }
}

// ---- Kinesis ---------------------------------------------------------------------------------

fn kinesis_cmk(_: &Ctx, r: &Resource) -> Verdict {
    customer_key(r, "kms_key_id", "The stream")
}

// ---- Aurora ----------------------------------------------------------------------------------

/// The engine of an RDS cluster ("aurora", the MySQL 5.6 engine, when unset).
fn cluster_engine(r: &Resource) -> Result<&str, ()> {
    string_at(r, "engine").map(|e| e.unwrap_or("aurora"))
}

fn rds_cluster_audit_log(_: &Ctx, r: &Resource) -> Verdict {
    match cluster_engine(r) {
        Err(()) => return Verdict::Unknown,
        Ok("aurora" | "aurora-mysql" | "mysql") => {}
        Ok(_) => return Verdict::Pass,
    }
    match r.attributes.get("enabled_cloudwatch_logs_exports") {
        Some(v) => match super::super::strings(v) {
            None => Verdict::Unknown,
            Some(logs) if logs.iter().any(|l| l == "audit") => Verdict::Pass,
            Some(_) => fail(
                "enabled_cloudwatch_logs_exports",
                "The audit log is not exported to CloudWatch (`enabled_cloudwatch_logs_exports` lacks \"audit\").",
            ),
        },
        None => fail(
            "engine",
            "The audit log is not exported to CloudWatch (no `enabled_cloudwatch_logs_exports`).",
        ),
    }
}

fn aurora_backtrack(_: &Ctx, r: &Resource) -> Verdict {
    match cluster_engine(r) {
        Err(()) => return Verdict::Unknown,
        Ok("aurora" | "aurora-mysql") => {}
        Ok(_) => return Verdict::Pass,
    }
    match attr(r, "backtrack_window") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if v.as_f64().is_some_and(|n| n > 0.0) => Verdict::Pass,
        Some(_) => fail(
            "backtrack_window",
            "Backtracking is off (`backtrack_window` is 0).",
        ),
        None => fail(
            "engine",
            "Backtracking is off (`backtrack_window` is not set).",
        ),
    }
}

// ---- OpenSearch / Elasticsearch --------------------------------------------------------------

fn search_ha(_: &Ctx, r: &Resource) -> Verdict {
    let masters = attr(r, "cluster_config.dedicated_master_count");
    let zones = attr(r, "cluster_config.zone_awareness_enabled");
    if masters.is_some_and(|v| !v.is_known()) || zones.is_some_and(|v| !v.is_known()) {
        return Verdict::Unknown;
    }
    let count = masters.and_then(Value::as_f64).unwrap_or(0.0);
    if count < 3.0 {
        return fail(
            "cluster_config",
            format!("The domain has {count} dedicated master nodes; at least three keep it available when one fails."),
        );
    }
    match zones.and_then(Value::as_bool) {
        Some(true) => Verdict::Pass,
        _ => fail(
            "cluster_config",
            "Zone awareness is off (`cluster_config.zone_awareness_enabled`), so one zone's outage takes the domain down.",
        ),
    }
}

fn search_audit_logs(_: &Ctx, r: &Resource) -> Verdict {
    if r.attributes
        .get("log_publishing_options")
        .is_some_and(|v| !v.is_known())
    {
        return Verdict::Unknown;
    }
    for option in blocks(r, "log_publishing_options") {
        match option.get("log_type") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(t)) if t == "AUDIT_LOGS" => {
                match super::super::bool_of(option.get("enabled")) {
                    Err(_) => return Verdict::Unknown,
                    Ok(Some(false)) => {}
                    // `enabled` defaults to true.
                    Ok(_) => return Verdict::Pass,
                }
            }
            _ => {}
        }
    }
    fail(
        "log_publishing_options",
        "Audit logs are not published (no enabled `log_publishing_options` with log_type \"AUDIT_LOGS\").",
    )
}

// ---- SNS -------------------------------------------------------------------------------------

/// A topic policy statement that allows an IAM principal named by ARN (`arn:aws:iam::…`)
/// with no condition.
fn sns_cross_account(_: &Ctx, r: &Resource) -> Verdict {
    let stmts = match lenient_statements(r, "policy") {
        Ok(None) => return Verdict::Pass,
        Ok(Some(stmts)) => stmts,
        Err(()) => return Verdict::Unknown,
    };
    for s in &stmts {
        if !allows(s) || s.get("Condition").is_some() {
            continue;
        }
        let aws = match s.get("Principal") {
            Some(Json::Object(map)) => json_strings(map.get("AWS")),
            _ => Vec::new(),
        };
        if let Some(arn) = aws.iter().find(|p| p.starts_with("arn:aws:iam::")) {
            return fail(
                "policy",
                format!("The topic policy allows the account principal {arn} with no condition."),
            );
        }
    }
    Verdict::Pass
}

// ---- S3 --------------------------------------------------------------------------------------

/// Whether a lifecycle rule's filter narrows it (a prefix, a size or a tag), so it does not
/// apply to every object.
fn filter_narrows(rule: &Value) -> bool {
    let Some(filter) = rule.get("filter") else {
        return false;
    };
    let filter = first(filter);
    let filter = filter.get("and").map(first).unwrap_or(filter);
    [
        "prefix",
        "object_size_greater_than",
        "object_size_less_than",
        "tag",
        "tags",
    ]
    .iter()
    .any(|k| match filter.get(k) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => *n != 0.0,
        Some(Value::List(l)) => !l.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
    })
}

fn s3_abort_uploads(_: &Ctx, r: &Resource) -> Verdict {
    // A dynamic block over values known after apply: its rules are not known.
    let unknown_rule = |v: &Value| match v {
        Value::List(items) => items.iter().any(|i| !i.is_known()),
        v => !v.is_known(),
    };
    if r.attributes.get("rule").is_some_and(unknown_rule) {
        return Verdict::Unknown;
    }
    for rule in blocks(r, "rule") {
        let aborts = rule
            .get("abort_incomplete_multipart_upload")
            .is_some_and(|v| {
                !matches!(v, Value::Null) && !matches!(v, Value::List(l) if l.is_empty())
            });
        let status = rule.get("status");
        if status.is_some_and(|v| !v.is_known()) {
            return Verdict::Unknown;
        }
        if aborts && status.and_then(Value::as_str) == Some("Enabled") && !filter_narrows(rule) {
            return Verdict::Pass;
        }
    }
    fail(
        "rule",
        "No enabled rule for every object sets `abort_incomplete_multipart_upload`, so parts of failed uploads are kept (and billed) for ever.",
    )
}

fn s3_global_view_acl(_: &Ctx, r: &Resource) -> Verdict {
    let Some(policy) = r.attributes.get("access_control_policy").map(first) else {
        return Verdict::Pass;
    };
    let grants: Vec<&Value> = as_blocks(policy.get("grant"));
    for g in grants {
        let permission = g.get("permission").and_then(Value::as_str).unwrap_or("");
        if permission != "FULL_CONTROL" && permission != "READ_ACP" {
            continue;
        }
        let grantee = first(g.get("grantee").unwrap_or(&Value::Null));
        if grantee.get("uri").and_then(Value::as_str)
            == Some("http://acs.amazonaws.com/groups/global/AllUsers")
        {
            return fail(
                "access_control_policy",
                format!("A grant gives everyone (AllUsers) {permission}, so anyone can read the bucket's ACL."),
            );
        }
    }
    Verdict::Pass
}

// ---- MQ --------------------------------------------------------------------------------------

fn mq_version(_: &Ctx, r: &Resource) -> Verdict {
    let (Ok(engine), Ok(version)) = (string_at(r, "engine_type"), string_at(r, "engine_version"))
    else {
        return Verdict::Unknown;
    };
    let Some(version) = version else {
        return Verdict::Pass;
    };
    let parts: Vec<u32> = version
        .split('.')
        .take(2)
        .map_while(|p| p.parse().ok())
        .collect();
    let [major, minor] = parts[..] else {
        return Verdict::Pass;
    };
    let minimum = match engine.map(str::to_ascii_lowercase).as_deref() {
        Some("activemq") => (5, 17),
        Some("rabbitmq") => (3, 11),
        _ => return Verdict::Pass,
    };
    if (major, minor) >= minimum {
        Verdict::Pass
    } else {
        fail(
            "engine_version",
            format!(
                "Engine version {version} is older than {}.{}, the oldest with current security fixes.",
                minimum.0, minimum.1
            ),
        )
    }
}

// ---- EMR security configurations -----------------------------------------------------------------

/// The `EncryptionConfiguration` of an EMR security configuration's JSON; `Err` when unknown.
fn emr_encryption(r: &Resource) -> Result<Option<Json>, ()> {
    let text = match r.attributes.get("configuration") {
        None | Some(Value::Null) => return Ok(None),
        Some(v) if !v.is_known() => return Err(()),
        Some(v) => v.as_str().ok_or(())?,
    };
    let doc: Json = serde_json::from_str(text).map_err(|_| ())?;
    Ok(doc.get("EncryptionConfiguration").cloned())
}

fn emr_flag(r: &Resource, path: &[&str], message: &str) -> Verdict {
    let config = match emr_encryption(r) {
        Err(()) => return Verdict::Unknown,
        Ok(c) => c,
    };
    let mut node = config.as_ref();
    for key in path {
        node = node.and_then(|n| n.get(*key));
    }
    if node.and_then(Json::as_bool) == Some(true) {
        Verdict::Pass
    } else {
        fail("configuration", message)
    }
}

fn emr_in_transit(_: &Ctx, r: &Resource) -> Verdict {
    emr_flag(
        r,
        &["EnableInTransitEncryption"],
        "The security configuration does not encrypt data in transit (`EnableInTransitEncryption` is not true).",
    )
}

fn emr_local_disk(_: &Ctx, r: &Resource) -> Verdict {
    match emr_flag(r, &["EnableAtRestEncryption"], "") {
        Verdict::Pass => {}
        Verdict::Unknown => return Verdict::Unknown,
        Verdict::Fail { .. } => {
            return fail(
                "configuration",
                "The security configuration does not encrypt data at rest (`EnableAtRestEncryption` is not true).",
            )
        }
    }
    match emr_encryption(r) {
        Ok(Some(c))
            if c.get("AtRestEncryptionConfiguration")
                .and_then(|a| a.get("LocalDiskEncryptionConfiguration"))
                .is_some_and(|l| l.is_object()) =>
        {
            Verdict::Pass
        }
        _ => fail(
            "configuration",
            "The security configuration does not encrypt the nodes' local disks (no `LocalDiskEncryptionConfiguration`).",
        ),
    }
}

fn emr_ebs(_: &Ctx, r: &Resource) -> Verdict {
    match emr_flag(r, &["EnableAtRestEncryption"], "") {
        Verdict::Pass => {}
        Verdict::Unknown => return Verdict::Unknown,
        Verdict::Fail { .. } => {
            return fail(
                "configuration",
                "The security configuration does not encrypt data at rest (`EnableAtRestEncryption` is not true).",
            )
        }
    }
    emr_flag(
        r,
        &[
            "AtRestEncryptionConfiguration",
            "LocalDiskEncryptionConfiguration",
            "EnableEbsEncryption",
        ],
        "The security configuration does not encrypt the nodes' EBS volumes (`EnableEbsEncryption` is not true).",
    )
}

// ---- S3 ACLs, object lock --------------------------------------------------------------------

fn s3_acl_authenticated_users(_: &Ctx, r: &Resource) -> Verdict {
    let Some(policy) = r.attributes.get("access_control_policy").map(first) else {
        return Verdict::Pass;
    };
    let grants: Vec<&Value> = as_blocks(policy.get("grant"));
    for g in grants {
        let grantee = first(g.get("grantee").unwrap_or(&Value::Null));
        if grantee.get("uri").and_then(Value::as_str)
            == Some("http://acs.amazonaws.com/groups/global/AuthenticatedUsers")
        {
            let permission = g
                .get("permission")
                .and_then(Value::as_str)
                .unwrap_or("access");
            return fail(
                "access_control_policy",
                format!("A grant gives every AWS account (AuthenticatedUsers) {permission}."),
            );
        }
    }
    Verdict::Pass
}

fn s3_object_lock(_: &Ctx, r: &Resource) -> Verdict {
    let lock = match r.attributes.get("object_lock_configuration") {
        None | Some(Value::Null) => return Verdict::Pass,
        Some(Value::List(l)) if l.is_empty() => return Verdict::Pass,
        Some(v) => first(v),
    };
    match super::super::bool_of(r.attributes.get("object_lock_enabled")) {
        Err(_) => return Verdict::Unknown,
        Ok(Some(true)) => return Verdict::Pass,
        _ => {}
    }
    match lock.get("object_lock_enabled") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(s)) if s == "Enabled" => Verdict::Pass,
        _ => fail(
            "object_lock_configuration",
            "Object lock is configured but not enabled (`object_lock_enabled` is not \"Enabled\" / true).",
        ),
    }
}

// ---- CloudFront origins in S3 ----------------------------------------------------------------

/// Whether a CloudFront origin's domain is an S3 bucket's REST endpoint: a reference to a
/// bucket declared here, or a literal `….s3….amazonaws.com` name (website endpoints are
/// custom origins).
fn s3_origin(ctx: &Ctx, r: &Resource, origin: &Value) -> bool {
    let Some(domain) = origin.get("domain_name") else {
        return false;
    };
    if ctx.referenced("aws_s3_bucket", domain, r, &[]).is_some() {
        return true;
    }
    domain.as_str().is_some_and(|d| {
        d.ends_with(".amazonaws.com") && d.contains(".s3") && !d.contains("s3-website")
    })
}

fn cloudfront_s3_origin_access(ctx: &Ctx, r: &Resource) -> Verdict {
    for origin in blocks(r, "origin") {
        if !s3_origin(ctx, r, origin) {
            continue;
        }
        let oac = origin
            .get("origin_access_control_id")
            .is_some_and(|v| !matches!(v, Value::Null) && v.as_str() != Some(""));
        let oai = origin.get("s3_origin_config").is_some_and(|v| {
            !matches!(v, Value::Null) && !matches!(v, Value::List(l) if l.is_empty())
        });
        if !oac && !oai {
            let id = origin
                .get("origin_id")
                .and_then(Value::as_str)
                .unwrap_or("?");
            return fail(
                "origin",
                format!("The S3 origin \"{id}\" has no origin access control (or identity), so the bucket must be readable by anyone to serve it."),
            );
        }
    }
    Verdict::Pass
}

// ---- DataSync, DocumentDB --------------------------------------------------------------------

fn datasync_secret_key(_: &Ctx, r: &Resource) -> Verdict {
    match r.attributes.get("secret_key") {
        None | Some(Value::Null) => Verdict::Pass,
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(s)) if s.is_empty() => Verdict::Pass,
        Some(_) => fail(
            "secret_key",
            "The object storage's secret key is written in the configuration (`secret_key`).",
        ),
    }
}

fn docdb_audit_parameter(_: &Ctx, r: &Resource) -> Verdict {
    match parameter(r, "audit_logs") {
        Some(None) => Verdict::Unknown,
        Some(Some(v)) if ["enabled", "ddl", "all"].iter().any(|a| v.contains(a)) => Verdict::Pass,
        Some(Some(v)) => fail(
            "parameter",
            format!("Audit logging is off (`audit_logs` is \"{v}\")."),
        ),
        None => fail(
            "parameter",
            "Audit logging is off (the group does not set `audit_logs`).",
        ),
    }
}

fn docdb_logs(_: &Ctx, r: &Resource) -> Verdict {
    match r.attributes.get("enabled_cloudwatch_logs_exports") {
        Some(v) => match super::super::strings(v) {
            None => Verdict::Unknown,
            Some(logs) if logs.iter().any(|l| l == "audit" || l == "profiler") => Verdict::Pass,
            Some(_) => fail(
                "enabled_cloudwatch_logs_exports",
                "Neither the audit nor the profiler log is exported to CloudWatch.",
            ),
        },
        None => fail(
            "engine",
            "No logs are exported to CloudWatch (`enabled_cloudwatch_logs_exports` is not set).",
        ),
    }
}

// ---- more database helpers ---------------------------------------------------------------------

fn neptune_audit_log(_: &Ctx, r: &Resource) -> Verdict {
    match r.attributes.get("enable_cloudwatch_logs_exports") {
        Some(v) => match super::super::strings(v) {
            None => Verdict::Unknown,
            Some(logs) if logs.iter().any(|l| l == "audit") => Verdict::Pass,
            Some(_) => fail(
                "enable_cloudwatch_logs_exports",
                "The audit log is not exported to CloudWatch (`enable_cloudwatch_logs_exports` lacks \"audit\").",
            ),
        },
        None => fail(
            "cluster_identifier",
            "The audit log is not exported to CloudWatch (`enable_cloudwatch_logs_exports` is not set).",
        ),
    }
}

fn performance_insights_cmk(_: &Ctx, r: &Resource) -> Verdict {
    match super::super::bool_of(attr(r, "performance_insights_enabled")) {
        Err(_) => Verdict::Unknown,
        Ok(Some(true)) => match attr(r, "performance_insights_kms_key_id") {
            None | Some(Value::Null) => fail(
                "performance_insights_enabled",
                "Performance Insights data is encrypted with the AWS-managed key (`performance_insights_kms_key_id` is not set).",
            ),
            Some(Value::String(s)) if s.is_empty() => fail(
                "performance_insights_kms_key_id",
                "Performance Insights data is encrypted with the AWS-managed key (`performance_insights_kms_key_id` is empty).",
            ),
            _ => Verdict::Pass,
        },
        Ok(_) => Verdict::Pass,
    }
}

fn docdb_tls(_: &Ctx, r: &Resource) -> Verdict {
    match parameter(r, "tls") {
        Some(None) => Verdict::Unknown,
        Some(Some(v)) if v == "disabled" => fail(
            "parameter",
            "TLS is turned off for the clusters that use this group (`tls` is \"disabled\").",
        ),
        _ => Verdict::Pass,
    }
}

fn redshift_require_ssl(_: &Ctx, r: &Resource) -> Verdict {
    match parameter(r, "require_ssl") {
        Some(None) => Verdict::Unknown,
        Some(Some(v)) if v.eq_ignore_ascii_case("true") => Verdict::Pass,
        Some(Some(v)) => fail(
            "parameter",
            format!("Clusters using this group accept connections without TLS (`require_ssl` is \"{v}\")."),
        ),
        None => fail(
            "parameter",
            "Clusters using this group accept connections without TLS (`require_ssl` is not set to true).",
        ),
    }
}

fn redshift_database_name(_: &Ctx, r: &Resource) -> Verdict {
    match string_at(r, "database_name") {
        Err(()) => Verdict::Unknown,
        Ok(None) => fail(
            "cluster_identifier",
            "The cluster uses the default database name \"dev\" (`database_name` is not set).",
        ),
        Ok(Some(name)) if name.is_empty() || name == "dev" => fail(
            "database_name",
            "The cluster uses the default database name \"dev\".",
        ),
        Ok(Some(_)) => Verdict::Pass,
    }
}

fn db_snapshot_public(_: &Ctx, r: &Resource) -> Verdict {
    match r.attributes.get("shared_accounts") {
        None | Some(Value::Null) => Verdict::Pass,
        Some(v) => match super::super::strings(v) {
            None => Verdict::Unknown,
            Some(accounts) if accounts.iter().any(|a| a == "all") => fail(
                "shared_accounts",
                "The snapshot is shared with every AWS account (`shared_accounts` includes \"all\").",
            ),
            Some(_) => Verdict::Pass,
        },
    }
}

/// A cluster snapshot's encryption is the cluster's: the snapshot of a cluster declared here
/// is judged by that cluster's `storage_encrypted`.
fn cluster_snapshot_encrypted(ctx: &Ctx, r: &Resource) -> Verdict {
    let Some(id) = r.attributes.get("db_cluster_identifier") else {
        return Verdict::Unknown;
    };
    let Some(cluster) = ctx.referenced("aws_rds_cluster", id, r, &["cluster_identifier"]) else {
        return Verdict::Unknown;
    };
    encrypted_as_its_cluster(cluster)
}

// ---- Glue ------------------------------------------------------------------------------------

fn glue_catalog_encryption(_: &Ctx, r: &Resource) -> Verdict {
    let settings = "data_catalog_encryption_settings";
    let mode = attr(
        r,
        &format!("{settings}.encryption_at_rest.catalog_encryption_mode"),
    );
    let key = attr(
        r,
        &format!("{settings}.encryption_at_rest.sse_aws_kms_key_id"),
    );
    let returned = attr(
        r,
        &format!("{settings}.connection_password_encryption.return_connection_password_encrypted"),
    );
    let password_key = attr(
        r,
        &format!("{settings}.connection_password_encryption.aws_kms_key_id"),
    );
    if [mode, returned]
        .iter()
        .any(|v| v.is_some_and(|v| !v.is_known()))
    {
        return Verdict::Unknown;
    }
    let set = |v: Option<&Value>| !matches!(v, None | Some(Value::Null));
    if mode.and_then(Value::as_str) != Some("SSE-KMS") || !set(key) {
        return fail(
            settings,
            "The Data Catalog is not encrypted at rest with KMS (`encryption_at_rest { catalog_encryption_mode = \"SSE-KMS\", sse_aws_kms_key_id = … }`).",
        );
    }
    if returned.and_then(Value::as_bool) != Some(true) || !set(password_key) {
        return fail(
            settings,
            "Connection passwords are not encrypted with KMS (`connection_password_encryption { return_connection_password_encrypted = true, aws_kms_key_id = … }`).",
        );
    }
    Verdict::Pass
}

fn glue_security_configuration(_: &Ctx, r: &Resource) -> Verdict {
    let base = "encryption_configuration";
    let get = |p: &str| attr(r, &format!("{base}.{p}"));
    let modes = [
        get("cloudwatch_encryption.cloudwatch_encryption_mode"),
        get("job_bookmarks_encryption.job_bookmarks_encryption_mode"),
        get("s3_encryption.s3_encryption_mode"),
    ];
    if modes.iter().any(|v| v.is_some_and(|v| !v.is_known())) {
        return Verdict::Unknown;
    }
    let set = |v: Option<&Value>| !matches!(v, None | Some(Value::Null));
    let mut off = Vec::new();
    if modes[0].and_then(Value::as_str) != Some("SSE-KMS")
        || !set(get("cloudwatch_encryption.kms_key_arn"))
    {
        off.push("CloudWatch logs");
    }
    if modes[1].and_then(Value::as_str) != Some("CSE-KMS")
        || !set(get("job_bookmarks_encryption.kms_key_arn"))
    {
        off.push("job bookmarks");
    }
    if matches!(modes[2].and_then(Value::as_str), None | Some("DISABLED")) {
        off.push("S3 data");
    }
    if off.is_empty() {
        Verdict::Pass
    } else {
        fail(
            base,
            format!(
                "The security configuration does not encrypt {} with KMS.",
                off.join(", ")
            ),
        )
    }
}

// ---- SQS policies, S3 access points, Aurora versions, Redshift admins ------------------------

fn sqs_policy_all_actions(_: &Ctx, r: &Resource) -> Verdict {
    let stmts = match lenient_statements(r, "policy") {
        Ok(None) => return Verdict::Pass,
        Ok(Some(stmts)) => stmts,
        Err(()) => return Verdict::Unknown,
    };
    for s in stmts.iter().filter(|s| allows(s)) {
        if let Some(a) = json_strings(s.get("Action"))
            .iter()
            .find(|a| *a == "*" || a.eq_ignore_ascii_case("sqs:*"))
        {
            return fail(
                "policy",
                format!("The queue policy allows every action (\"{a}\"), including purging and deleting the queue and changing its policy."),
            );
        }
    }
    Verdict::Pass
}

fn s3_access_point_public(_: &Ctx, r: &Resource) -> Verdict {
    let flags = [
        "public_access_block_configuration.block_public_acls",
        "public_access_block_configuration.block_public_policy",
        "public_access_block_configuration.restrict_public_buckets",
    ];
    let mut all_off = true;
    for f in flags {
        match super::super::bool_of(attr(r, f)) {
            Err(_) => return Verdict::Unknown,
            Ok(Some(false)) => {}
            // Unset, each flag defaults to true.
            _ => all_off = false,
        }
    }
    if all_off {
        fail(
            "public_access_block_configuration",
            "The access point blocks neither public ACLs nor public policies (`block_public_acls`, `block_public_policy` and `restrict_public_buckets` are false).",
        )
    } else {
        Verdict::Pass
    }
}

/// Aurora PostgreSQL versions with the local file read flaw (AWS-2022-004 for Aurora).
const AURORA_PG_FILE_READ: &[&str] = &["10.11", "10.12", "10.13", "11.6", "11.7", "11.8"];

fn aurora_postgres_file_read(_: &Ctx, r: &Resource) -> Verdict {
    let (Ok(engine), Ok(version)) = (string_at(r, "engine"), string_at(r, "engine_version")) else {
        return Verdict::Unknown;
    };
    match (engine, version) {
        (Some("aurora-postgresql"), Some(v)) if AURORA_PG_FILE_READ.contains(&v) => fail(
            "engine_version",
            format!("Aurora PostgreSQL {v} lets database users read local files on the host; upgrade to a patched version."),
        ),
        _ => Verdict::Pass,
    }
}

fn redshift_common_admin(_: &Ctx, r: &Resource) -> Verdict {
    let user = match string_at(r, "master_username") {
        Err(()) => return Verdict::Unknown,
        Ok(Some(u)) if ["awsuser", "administrator", "admin"].contains(&u) => u,
        Ok(_) => return Verdict::Pass,
    };
    match super::super::bool_of(attr(r, "publicly_accessible")) {
        Err(_) => Verdict::Unknown,
        Ok(Some(false)) => Verdict::Pass,
        // Unset, the AWS provider (v5) makes the cluster public.
        Ok(_) => fail(
            "master_username",
            format!(
                "The publicly accessible cluster's admin user has the guessable name \"{user}\"."
            ),
        ),
    }
}

/// A snapshot is encrypted as the cluster it is of (`storage_encrypted`).
fn encrypted_as_its_cluster(cluster: &Resource) -> Verdict {
    match super::super::bool_of(cluster.attributes.get("storage_encrypted")) {
        Err(_) => Verdict::Unknown,
        Ok(Some(true)) => Verdict::Pass,
        Ok(_) => fail(
            "db_cluster_identifier",
            format!(
                "The snapshot is of {}, which is not encrypted, so the snapshot is not either.",
                cluster.address
            ),
        ),
    }
}

/// A Neptune cluster snapshot's encryption is its cluster's: judged when the cluster is
/// declared here.
fn neptune_snapshot(ctx: &Ctx, r: &Resource, cmk: bool) -> Verdict {
    let Some(id) = r.attributes.get("db_cluster_identifier") else {
        return Verdict::Unknown;
    };
    let Some(cluster) = ctx.referenced("aws_neptune_cluster", id, r, &["cluster_identifier"])
    else {
        return Verdict::Unknown;
    };
    if cmk {
        return match cluster.attributes.get("kms_key_arn") {
            None | Some(Value::Null) => fail(
                "db_cluster_identifier",
                format!("The snapshot is of {}, which has no customer-managed key (`kms_key_arn`), so neither has the snapshot.", cluster.address),
            ),
            _ => Verdict::Pass,
        };
    }
    encrypted_as_its_cluster(cluster)
}

fn neptune_snapshot_encrypted(ctx: &Ctx, r: &Resource) -> Verdict {
    neptune_snapshot(ctx, r, false)
}

fn neptune_snapshot_cmk(ctx: &Ctx, r: &Resource) -> Verdict {
    neptune_snapshot(ctx, r, true)
}

// ---- S3 default encryption -------------------------------------------------------------------

const SSE_ALGORITHMS: &[&str] = &["AES256", "aws:kms", "aws:kms:dsse"];

/// The default-encryption algorithm of a `rule` holder (the bucket's inline block or an
/// aws_s3_bucket_server_side_encryption_configuration): `Err` when unknown.
fn sse_algorithm(holder: &Value) -> Result<Option<String>, ()> {
    let Some(rule) = holder.get("rule") else {
        return Ok(None);
    };
    if !rule.is_known() {
        return Err(());
    }
    let default = first(rule)
        .get("apply_server_side_encryption_by_default")
        .map(first);
    match default.and_then(|d| d.get("sse_algorithm")) {
        None | Some(Value::Null) => Ok(None),
        Some(v) if !v.is_known() => Err(()),
        Some(v) => Ok(v.as_str().map(str::to_string)),
    }
}

fn s3_default_encryption(ctx: &Ctx, r: &Resource) -> Verdict {
    let mut holders: Vec<(String, Value)> = Vec::new();
    match r.attributes.get("server_side_encryption_configuration") {
        None | Some(Value::Null) => {}
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::List(l)) if l.is_empty() => {}
        Some(v) => holders.push((
            "server_side_encryption_configuration".into(),
            first(v).clone(),
        )),
    }
    for config in ctx.related(
        "aws_s3_bucket_server_side_encryption_configuration",
        "bucket",
        r,
        &["bucket"],
    ) {
        holders.push((
            config.address.clone(),
            Value::Object(config.attributes.as_ref().clone()),
        ));
    }
    for (at, holder) in &holders {
        match sse_algorithm(holder) {
            Err(()) => return Verdict::Unknown,
            Ok(Some(a)) if SSE_ALGORITHMS.contains(&a.as_str()) => {}
            Ok(found) => {
                return fail(
                    "bucket",
                    format!(
                        "The default encryption in {at} names no valid algorithm ({}), so objects are not encrypted as intended.",
                        found.map(|a| format!("\"{a}\"")).unwrap_or_else(|| "none".into())
                    ),
                )
            }
        }
    }
    Verdict::Pass
}

// ---- the rules ---------------------------------------------------------------------------------

const DB_INSTANCES: &[&str] = &["aws_db_instance"];
const CURRENT_RDS_CAS: &[&str] = &["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];
const FIREHOSE: &[&str] = &["aws_kinesis_firehose_delivery_stream"];
const BUCKETS: &[&str] = &["aws_s3_bucket"];
const CACHES: &[&str] = &["aws_elasticache_replication_group"];
const SEARCH_DOMAINS: &[&str] = &["aws_elasticsearch_domain", "aws_opensearch_domain"];
const MQ_BROKERS: &[&str] = &["aws_mq_broker"];
const EMR_SECURITY_CONFIGS: &[&str] = &["aws_emr_security_configuration"];
const NEPTUNE: &[&str] = &["aws_neptune_cluster"];
const CLOUDSEARCH: &[&str] = &["aws_cloudsearch_domain"];
const MWAA: &[&str] = &["aws_mwaa_environment"];
const DAX: &[&str] = &["aws_dax_cluster"];
const REDSHIFT: &[&str] = &["aws_redshift_cluster"];
const DOCDB: &[&str] = &["aws_docdb_cluster"];

pub(crate) static RULES: &[Rule] = &[
    Rule {
        id: "kali/aws-emr-sg-open-to-world",
        title: "EMR cluster's security group allows ingress from the internet",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_7"],
        description: "A security group the cluster names in ec2_attributes (declared here, with its rules) allows ingress from 0.0.0.0/0 or ::/0. A cluster that names no declared group uses the groups EMR manages, which are not open, so it passes (Checkov fails it).",
        remediation: "Allow ingress only from the networks that need the cluster (a VPN, a bastion's security group), and turn on EMR's block public access.",
        target: Target::Resources(&["aws_emr_cluster"], Check::Function(emr_sg_open)),
    },
    Rule {
        id: "kali/aws-sqs-policy-public",
        title: "SQS queue policy allows anyone",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_168"],
        description: "A statement of the queue's policy allows the principal \"*\" (or any account's role) with no condition that narrows it to an account, organization, VPC or source ARN.",
        remediation: "Name the principals (accounts, roles, services) that may use the queue, or add a condition such as aws:SourceArn or aws:PrincipalOrgID.",
        target: Target::Resources(
            &["aws_sqs_queue_policy", "aws_sqs_queue"],
            Check::Function(sqs_policy_public),
        ),
    },
    Rule {
        id: "kali/aws-sns-policy-public",
        title: "SNS topic policy allows anyone",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_169"],
        description: "A statement of the topic's policy allows the principal \"*\" (or any account's role) with no condition that narrows it to an account, organization, VPC or source ARN.",
        remediation: "Name the principals (accounts, roles, services) that may publish or subscribe, or add a condition such as aws:SourceOwner or aws:PrincipalOrgID.",
        target: Target::Resources(&["aws_sns_topic_policy"], Check::Function(sns_policy_public)),
    },
    Rule {
        id: "kali/aws-kms-key-no-policy",
        title: "KMS key has no key policy",
        severity: Severity::Low,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_AWS_64"],
        description: "Neither the key's policy argument nor an aws_kms_key_policy sets its policy, so it gets the default policy that lets every IAM principal of the account with kms permissions use it.",
        remediation: "Write the key's policy (policy = data.aws_iam_policy_document… or an aws_kms_key_policy) naming who may administer and use the key.",
        target: Target::Resources(
            &["aws_kms_key"],
            joined(
                Some(requirement("policy", Expected::Present)),
                &[Join {
                    resource_type: "aws_kms_key_policy",
                    link: Link::Refers {
                        attr: "key_id",
                        names: &[],
                    },
                    requirement: None,
                }],
                "policy",
                "The key has no policy of its own (no `policy`, no aws_kms_key_policy): the account's default key policy applies.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-sqs-aws-managed-key",
        title: "SQS queue is encrypted with the AWS-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV2_AWS_73"],
        description: "kms_master_key_id is \"alias/aws/sqs\": the key's policy cannot be changed, so access to it cannot be limited or audited separately.",
        remediation: "Set kms_master_key_id to a customer-managed KMS key.",
        target: Target::Resources(
            &["aws_sqs_queue"],
            none_of(
                "kms_master_key_id",
                &["alias/aws/sqs"],
                "The queue uses the AWS-managed key, not a customer-managed one",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-tls-not-enforced",
        title: "RDS instance does not enforce TLS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_AWS_69"],
        description: "The instance's parameter group (declared here) does not force TLS: rds.force_ssl = 1 for PostgreSQL and SQL Server, require_secure_transport = 1 for MySQL and MariaDB, db2comm = SSL for Db2. Instances on a default group or a group declared elsewhere are not judged.",
        remediation: "Add parameter { name = \"rds.force_ssl\" value = \"1\" } (PostgreSQL, SQL Server) or parameter { name = \"require_secure_transport\" value = \"1\" } (MySQL, MariaDB) to the parameter group.",
        target: Target::Resources(DB_INSTANCES, Check::Function(rds_force_tls)),
    },
    Rule {
        id: "kali/aws-rds-postgres-log-fdw",
        title: "RDS PostgreSQL version has the log_fdw file-read flaw",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_250"],
        description: "engine_version is a PostgreSQL (or Aurora PostgreSQL) version whose log_fdw extension lets a database user read local files (AWS security bulletin AWS-2022-004).",
        remediation: "Upgrade to a fixed version: RDS PostgreSQL 13.3, 12.7, 11.12, 10.17 or later; Aurora PostgreSQL 11.9, 10.14 or later.",
        target: Target::Resources(
            &["aws_db_instance", "aws_rds_cluster"],
            Check::Function(rds_log_fdw),
        ),
    },
    Rule {
        id: "kali/aws-rds-enhanced-monitoring",
        title: "RDS enhanced monitoring is off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_118"],
        description: "monitoring_interval is 0 or unset, so the operating-system metrics of the database host are not collected.",
        remediation: "Set monitoring_interval (e.g. 60) and monitoring_role_arn.",
        target: Target::Resources(
            &["aws_db_instance", "aws_rds_cluster_instance"],
            at_least(
                "monitoring_interval",
                1.0,
                0.0,
                "Enhanced monitoring is off (`monitoring_interval` is 0 or unset).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-postgres-query-logging",
        title: "RDS PostgreSQL instance does not log queries",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_30"],
        description: "A PostgreSQL DB instance has no parameter group that sets log_statement and log_min_duration_statement, so statements are not logged. A group named but declared elsewhere is not judged.",
        remediation: "Use a parameter group with parameter { name = \"log_statement\" value = \"ddl\" } and parameter { name = \"log_min_duration_statement\" value = \"1000\" }.",
        target: Target::Resources(DB_INSTANCES, Check::Function(rds_instance_query_logging)),
    },
    Rule {
        id: "kali/aws-rds-cluster-postgres-query-logging",
        title: "Aurora PostgreSQL cluster does not log queries",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_27"],
        description: "An aurora-postgresql cluster has no cluster parameter group that sets log_statement and log_min_duration_statement, so statements are not logged. A group named but declared elsewhere is not judged.",
        remediation: "Use an aws_rds_cluster_parameter_group with parameter { name = \"log_statement\" … } and parameter { name = \"log_min_duration_statement\" … }.",
        target: Target::Resources(&["aws_rds_cluster"], Check::Function(rds_cluster_query_logging)),
    },
    Rule {
        id: "kali/aws-rds-copy-tags-to-snapshot",
        title: "RDS instance does not copy tags to snapshots",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_60"],
        description: "copy_tags_to_snapshot is not true, so snapshots lose the tags that classify and protect the data (tag-based access, backup and retention policies). Checkov also fails neptune, docdb and aurora engines whatever the setting; Kali judges the setting alone.",
        remediation: "Set copy_tags_to_snapshot = true.",
        target: Target::Resources(
            DB_INSTANCES,
            is_true(
                "copy_tags_to_snapshot",
                "Snapshots do not get the instance's tags (`copy_tags_to_snapshot` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-cluster-copy-tags-to-snapshot",
        title: "RDS cluster does not copy tags to snapshots",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_313"],
        description: "copy_tags_to_snapshot is not true, so cluster snapshots lose the tags that classify and protect the data.",
        remediation: "Set copy_tags_to_snapshot = true.",
        target: Target::Resources(
            &["aws_rds_cluster"],
            is_true(
                "copy_tags_to_snapshot",
                "Snapshots do not get the cluster's tags (`copy_tags_to_snapshot` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-outdated-ca",
        title: "RDS instance uses an outdated CA certificate",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_211"],
        description: "ca_cert_identifier names a CA other than rds-ca-rsa2048-g1, rds-ca-rsa4096-g1 or rds-ca-ecc384-g1 (rds-ca-2019 expired in 2024). Unset, the provider's current default applies and it passes.",
        remediation: "Set ca_cert_identifier = \"rds-ca-rsa2048-g1\" (or rds-ca-rsa4096-g1, rds-ca-ecc384-g1) and update clients' trust stores.",
        target: Target::Resources(
            DB_INSTANCES,
            one_of(
                "ca_cert_identifier",
                CURRENT_RDS_CAS,
                "The instance's server certificate is signed by an outdated CA (`ca_cert_identifier`).",
            )
            .unless(&[Condition::Absent("ca_cert_identifier")]),
        ),
    },
    Rule {
        id: "kali/aws-ebs-attached-unencrypted",
        title: "Unencrypted EBS volume is attached to an instance",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_AWS_2"],
        description: "An aws_volume_attachment attaches the volume, and the volume is not encrypted (neither `encrypted = true` nor EBS encryption by default in this configuration).",
        remediation: "Set encrypted = true (and kms_key_id) on the volume, or turn on aws_ebs_encryption_by_default.",
        target: Target::Resources(&["aws_ebs_volume"], Check::Function(ebs_attached_unencrypted)),
    },
    Rule {
        id: "kali/aws-firehose-unencrypted",
        title: "Kinesis Firehose delivery stream is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_240"],
        description: "server_side_encryption is not enabled on a delivery stream that takes direct puts. Streams fed by a Kinesis stream take that stream's encryption and are not judged.",
        remediation: "Add server_side_encryption { enabled = true, key_type = \"CUSTOMER_MANAGED_CMK\", key_arn = … }.",
        target: Target::Resources(FIREHOSE, Check::Function(firehose_encrypted)),
    },
    Rule {
        id: "kali/aws-firehose-cmk",
        title: "Kinesis Firehose delivery stream is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_241"],
        description: "server_side_encryption is off, or uses an AWS-owned key (key_type is not CUSTOMER_MANAGED_CMK with a key_arn). Streams fed by a Kinesis stream are not judged.",
        remediation: "Add server_side_encryption { enabled = true, key_type = \"CUSTOMER_MANAGED_CMK\", key_arn = aws_kms_key.x.arn }.",
        target: Target::Resources(FIREHOSE, Check::Function(firehose_cmk)),
    },
    Rule {
        id: "kali/aws-ebs-no-backup-plan",
        title: "EBS volume is not in an AWS Backup plan",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_9"],
        description: "No aws_backup_selection in the configuration selects the volume, by its ARN in resources or by a selection_tag its tags match.",
        remediation: "Add the volume's ARN to an aws_backup_selection's resources (or tag it for a tag-based selection) of a backup plan.",
        target: Target::Resources(&["aws_ebs_volume"], Check::Function(ebs_backup)),
    },
    Rule {
        id: "kali/aws-efs-no-backup-plan",
        title: "EFS file system is not in an AWS Backup plan",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_18"],
        description: "No aws_backup_selection in the configuration selects the file system, by its ARN in resources or by a selection_tag its tags match.",
        remediation: "Add the file system's ARN to an aws_backup_selection's resources (or tag it for a tag-based selection), or turn on aws_efs_backup_policy.",
        target: Target::Resources(&["aws_efs_file_system"], Check::Function(efs_backup)),
    },
    Rule {
        id: "kali/aws-rds-cluster-no-backup-plan",
        title: "RDS cluster is not in an AWS Backup plan",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_8"],
        description: "No aws_backup_selection in the configuration selects the cluster, by its ARN in resources or by a selection_tag its tags match, so its backups end with its retention period.",
        remediation: "Add the cluster's ARN to an aws_backup_selection's resources (or tag it for a tag-based selection).",
        target: Target::Resources(&["aws_rds_cluster"], Check::Function(rds_cluster_backup)),
    },
    Rule {
        id: "kali/aws-secret-no-rotation",
        title: "Secrets Manager secret is not rotated automatically",
        severity: Severity::Medium,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV2_AWS_57"],
        description: "No aws_secretsmanager_secret_rotation (nor the older inline rotation_lambda_arn) rotates the secret, so a leaked value stays valid.",
        remediation: "Add an aws_secretsmanager_secret_rotation with rotation_lambda_arn (or a managed rotation) and rotation_rules.",
        target: Target::Resources(
            &["aws_secretsmanager_secret"],
            joined(
                Some(requirement("rotation_lambda_arn", Expected::Present)),
                &[Join {
                    resource_type: "aws_secretsmanager_secret_rotation",
                    link: Link::Refers {
                        attr: "secret_id",
                        names: &["name"],
                    },
                    requirement: None,
                }],
                "name",
                "Nothing rotates the secret (no aws_secretsmanager_secret_rotation names it).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-secret-rotation-over-90-days",
        title: "Secrets Manager secret is rotated less often than every 90 days",
        severity: Severity::Low,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV_AWS_304"],
        description: "rotation_rules sets automatically_after_days above 90, a rate() schedule longer than 90 days, or no schedule at all. cron() schedules pass.",
        remediation: "Set rotation_rules { automatically_after_days = 30 } (at most 90).",
        target: Target::Resources(
            &["aws_secretsmanager_secret_rotation"],
            Check::Function(secret_rotation_90_days),
        ),
    },
    Rule {
        id: "kali/aws-secret-cmk",
        title: "Secrets Manager secret is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_149"],
        description: "kms_key_id is unset or names the AWS-managed key (alias/aws/secretsmanager), whose policy cannot limit who decrypts the secret.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_secretsmanager_secret"], Check::Function(secret_cmk)),
    },
    Rule {
        id: "kali/aws-dms-endpoint-no-ssl",
        title: "DMS endpoint connects without TLS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_AWS_49"],
        description: "A source or target database endpoint has ssl_mode \"none\", so migrated data crosses the network in clear. Endpoints whose engine does not use ssl_mode (S3, DynamoDB, Kinesis, …) are not judged. Unset, the provider's default \"none\" applies and it fails (Checkov passes it).",
        remediation: "Set ssl_mode = \"require\" (or \"verify-full\" with certificate_arn).",
        target: Target::Resources(&["aws_dms_endpoint"], Check::Function(dms_endpoint_ssl)),
    },
    Rule {
        id: "kali/aws-dms-endpoint-cmk",
        title: "DMS endpoint is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_296"],
        description: "kms_key_arn is unset (or AWS-managed), so the endpoint's connection data is encrypted with the account's default DMS key; for an S3 endpoint, s3_settings.server_side_encryption_kms_key_id is unset.",
        remediation: "Set kms_key_arn (or s3_settings { server_side_encryption_kms_key_id = … } for S3) to a customer-managed KMS key.",
        target: Target::Resources(&["aws_dms_endpoint"], Check::Function(dms_endpoint_cmk)),
    },
    Rule {
        id: "kali/aws-dms-s3-endpoint-cmk",
        title: "DMS S3 endpoint is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_298"],
        description: "kms_key_arn is not set on the aws_dms_s3_endpoint.",
        remediation: "Set kms_key_arn to a customer-managed KMS key (with server_side_encryption_kms_key_id for the objects written).",
        target: Target::Resources(
            &["aws_dms_s3_endpoint"],
            present("kms_key_arn", "The endpoint is not encrypted with a customer-managed key (`kms_key_arn` is not set)."),
        ),
    },
    Rule {
        id: "kali/aws-kinesis-stream-unencrypted",
        title: "Kinesis stream is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_43"],
        description: "encryption_type is not \"KMS\", so records are stored unencrypted.",
        remediation: "Set encryption_type = \"KMS\" and kms_key_id.",
        target: Target::Resources(
            &["aws_kinesis_stream"],
            one_of(
                "encryption_type",
                &["KMS"],
                "Records are not encrypted at rest (`encryption_type` is not \"KMS\").",
            ),
        ),
    },
    Rule {
        id: "kali/aws-kinesis-stream-cmk",
        title: "Kinesis stream is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_185"],
        description: "kms_key_id is unset or the AWS-managed alias/aws/kinesis. Checkov accepts the AWS-managed alias; Kali does not.",
        remediation: "Set encryption_type = \"KMS\" and kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_kinesis_stream"], Check::Function(kinesis_cmk)),
    },
    Rule {
        id: "kali/aws-s3-no-replication",
        title: "S3 bucket is not replicated to another region",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_144"],
        description: "Neither the bucket's replication_configuration nor an aws_s3_bucket_replication_configuration has an enabled rule, so a regional outage or deletion loses the data.",
        remediation: "Add an aws_s3_bucket_replication_configuration with a rule { status = \"Enabled\" } to a bucket in another region.",
        target: Target::Resources(
            BUCKETS,
            joined(
                Some(requirement(
                    "replication_configuration.rules.status",
                    Expected::OneOf(&["Enabled"]),
                )),
                &[Join {
                    resource_type: "aws_s3_bucket_replication_configuration",
                    link: BUCKET_LINK,
                    requirement: Some(requirement("rule.status", Expected::OneOf(&["Enabled"]))),
                }],
                "bucket",
                "The bucket is not replicated (no enabled replication rule).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-s3-no-event-notifications",
        title: "S3 bucket has no event notifications",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_62"],
        description: "No aws_s3_bucket_notification sends the bucket's object events anywhere, so writes and deletes go unnoticed.",
        remediation: "Add an aws_s3_bucket_notification (to SNS, SQS, Lambda or EventBridge).",
        target: Target::Resources(
            BUCKETS,
            joined(
                None,
                &[Join {
                    resource_type: "aws_s3_bucket_notification",
                    link: BUCKET_LINK,
                    requirement: None,
                }],
                "bucket",
                "No aws_s3_bucket_notification is configured for the bucket.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-s3-no-lifecycle",
        title: "S3 bucket has no lifecycle configuration",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_61"],
        description: "Neither lifecycle_rule blocks nor an aws_s3_bucket_lifecycle_configuration expire or move the bucket's objects, so data is kept for ever.",
        remediation: "Add an aws_s3_bucket_lifecycle_configuration with the bucket's retention rules.",
        target: Target::Resources(
            BUCKETS,
            joined(
                Some(requirement("lifecycle_rule", Expected::Block)),
                &[Join {
                    resource_type: "aws_s3_bucket_lifecycle_configuration",
                    link: BUCKET_LINK,
                    requirement: None,
                }],
                "bucket",
                "The bucket has no lifecycle configuration.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-cluster-iam-auth",
        title: "RDS cluster IAM authentication is not enabled",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_162"],
        description: "iam_database_authentication_enabled is not true, so database users authenticate with passwords only.",
        remediation: "Set iam_database_authentication_enabled = true.",
        target: Target::Resources(
            &["aws_rds_cluster"],
            is_true(
                "iam_database_authentication_enabled",
                "IAM database authentication is not enabled.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-cluster-logs",
        title: "RDS cluster logs are not exported",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_324"],
        description: "enabled_cloudwatch_logs_exports is unset or empty, so no database logs go to CloudWatch.",
        remediation: "Set enabled_cloudwatch_logs_exports (e.g. [\"postgresql\"] or [\"audit\", \"error\", \"slowquery\"]).",
        target: Target::Resources(
            &["aws_rds_cluster"],
            present(
                "enabled_cloudwatch_logs_exports",
                "No database logs are exported to CloudWatch (`enabled_cloudwatch_logs_exports`).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-rds-cluster-audit-log",
        title: "Aurora MySQL cluster does not export its audit log",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_325"],
        description: "On a MySQL-compatible cluster, enabled_cloudwatch_logs_exports does not include \"audit\". Other engines are not judged.",
        remediation: "Add \"audit\" to enabled_cloudwatch_logs_exports (and turn on server_audit_logging in the cluster parameter group).",
        target: Target::Resources(&["aws_rds_cluster"], Check::Function(rds_cluster_audit_log)),
    },
    Rule {
        id: "kali/aws-aurora-backtrack",
        title: "Aurora MySQL cluster has backtracking off",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_326"],
        description: "On an aurora or aurora-mysql cluster, backtrack_window is 0 or unset, so a bad write cannot be rewound in place. Other engines are not judged.",
        remediation: "Set backtrack_window (seconds, e.g. 86400).",
        target: Target::Resources(&["aws_rds_cluster"], Check::Function(aurora_backtrack)),
    },
    Rule {
        id: "kali/aws-elasticache-no-automatic-failover",
        title: "ElastiCache replication group has no automatic failover",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_50"],
        description: "automatic_failover_enabled is not true, so the loss of the primary node is an outage until someone promotes a replica.",
        remediation: "Set automatic_failover_enabled = true (with at least one replica, ideally multi_az_enabled = true).",
        target: Target::Resources(
            CACHES,
            is_true(
                "automatic_failover_enabled",
                "Automatic failover is off (`automatic_failover_enabled` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-elasticache-cluster-no-backups",
        title: "ElastiCache Redis cluster has automatic backups off",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_134"],
        description: "snapshot_retention_limit is 0 or unset on a Redis aws_elasticache_cluster, so no daily snapshot is kept. Memcached clusters (which cannot be backed up) and members of a replication group (backed up by the group) are not judged; Checkov fails the members.",
        remediation: "Set snapshot_retention_limit (days, e.g. 7).",
        target: Target::Resources(
            &["aws_elasticache_cluster"],
            at_least(
                "snapshot_retention_limit",
                1.0,
                0.0,
                "Automatic backups are off (`snapshot_retention_limit` is 0 or unset).",
            )
            .unless(&[
                Condition::Equals("engine", "memcached"),
                Condition::Set("replication_group_id"),
            ]),
        ),
    },
    Rule {
        id: "kali/aws-elasticache-cluster-minor-upgrades",
        title: "ElastiCache Redis cluster minor version upgrades are disabled",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_322"],
        description: "auto_minor_version_upgrade = false on a Redis aws_elasticache_cluster leaves security fixes unapplied. Unset, the provider's default (true) applies.",
        remediation: "Remove auto_minor_version_upgrade = false.",
        target: Target::Resources(
            &["aws_elasticache_cluster"],
            super::super::check::not_false(
                "auto_minor_version_upgrade",
                "Automatic minor version upgrades are disabled.",
            )
            .unless(&[Condition::Equals("engine", "memcached")]),
        ),
    },
    Rule {
        id: "kali/aws-elasticache-default-subnet-group",
        title: "ElastiCache cluster uses the default subnet group",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_323"],
        description: "subnet_group_name is not set, so the cluster goes into the default subnet group (the default VPC's subnets) rather than chosen private subnets. Members of a replication group take the group's and are not judged.",
        remediation: "Set subnet_group_name to an aws_elasticache_subnet_group of private subnets.",
        target: Target::Resources(
            &["aws_elasticache_cluster"],
            super::super::check::present(
                "subnet_group_name",
                "The cluster uses the default subnet group (`subnet_group_name` is not set).",
            )
            .unless(&[Condition::Set("replication_group_id")]),
        ),
    },
    Rule {
        id: "kali/aws-opensearch-not-ha",
        title: "OpenSearch domain has fewer than three dedicated master nodes or no zone awareness",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_318"],
        description: "cluster_config has fewer than three dedicated_master_count or zone_awareness_enabled is not true, so losing a node or a zone can make the domain unavailable.",
        remediation: "Set cluster_config { dedicated_master_enabled = true, dedicated_master_count = 3, zone_awareness_enabled = true }.",
        target: Target::Resources(SEARCH_DOMAINS, Check::Function(search_ha)),
    },
    Rule {
        id: "kali/aws-opensearch-outdated-tls",
        title: "OpenSearch domain allows TLS older than 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_228"],
        description: "domain_endpoint_options.tls_security_policy is not a TLS 1.2 policy (Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10).",
        remediation: "Set domain_endpoint_options { enforce_https = true, tls_security_policy = \"Policy-Min-TLS-1-2-PFS-2023-10\" }.",
        target: Target::Resources(
            SEARCH_DOMAINS,
            one_of(
                "domain_endpoint_options.tls_security_policy",
                &["Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"],
                "The endpoint accepts TLS older than 1.2 (`domain_endpoint_options.tls_security_policy`).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-opensearch-no-fine-grained-access",
        title: "OpenSearch fine-grained access control is off",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV2_AWS_52"],
        description: "advanced_security_options.enabled is not true, so anyone the domain's access policy lets in has full access to every index. Checkov also passes internal_user_database_enabled = true with enabled = false; Kali does not, as the internal user database does nothing then.",
        remediation: "Add advanced_security_options { enabled = true, … } with a master user or IAM master ARN.",
        target: Target::Resources(
            SEARCH_DOMAINS,
            is_true(
                "advanced_security_options.enabled",
                "Fine-grained access control is off (`advanced_security_options.enabled` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-opensearch-audit-logs",
        title: "OpenSearch domain does not publish audit logs",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_317"],
        description: "No enabled log_publishing_options block has log_type \"AUDIT_LOGS\", so who read or changed which index is not recorded.",
        remediation: "Add log_publishing_options { log_type = \"AUDIT_LOGS\", cloudwatch_log_group_arn = … } (audit logs need fine-grained access control).",
        target: Target::Resources(SEARCH_DOMAINS, Check::Function(search_audit_logs)),
    },
    Rule {
        id: "kali/aws-ssm-parameter-cmk",
        title: "SSM SecureString parameter is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_337"],
        description: "A SecureString parameter without key_id is encrypted with the AWS-managed key alias/aws/ssm, whose policy cannot limit who decrypts it.",
        remediation: "Set key_id to a customer-managed KMS key.",
        target: Target::Resources(
            &["aws_ssm_parameter"],
            super::super::check::present(
                "key_id",
                "The parameter is encrypted with the AWS-managed key (`key_id` is not set).",
            )
            .unless(&[Condition::OtherThan("type", "SecureString")]),
        ),
    },
    Rule {
        id: "kali/aws-ssm-parameter-not-secure-string",
        title: "SSM parameter is not a SecureString",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_AWS_34"],
        description: "type is not \"SecureString\", so the value is stored unencrypted and shown to anyone who can read the parameter.",
        remediation: "Set type = \"SecureString\" for any value that is not public.",
        target: Target::Resources(
            &["aws_ssm_parameter"],
            one_of(
                "type",
                &["SecureString"],
                "The parameter is stored unencrypted (`type` is not \"SecureString\").",
            ),
        ),
    },
    Rule {
        id: "kali/aws-sns-policy-cross-account",
        title: "SNS topic policy allows another account without a condition",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_385"],
        description: "An Allow statement of the topic's policy names an IAM principal by ARN (arn:aws:iam::…) and has no condition, so that account's principals can use the topic unrestricted.",
        remediation: "Add a condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID) to statements that grant other accounts, or remove them.",
        target: Target::Resources(&["aws_sns_topic_policy"], Check::Function(sns_cross_account)),
    },
    Rule {
        id: "kali/aws-s3-no-abort-incomplete-uploads",
        title: "S3 lifecycle configuration does not abort incomplete multipart uploads",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_300"],
        description: "No enabled rule that applies to every object sets abort_incomplete_multipart_upload, so parts of failed uploads are stored indefinitely.",
        remediation: "Add a rule { status = \"Enabled\", filter {}, abort_incomplete_multipart_upload { days_after_initiation = 7 } }.",
        target: Target::Resources(
            &["aws_s3_bucket_lifecycle_configuration"],
            Check::Function(s3_abort_uploads),
        ),
    },
    Rule {
        id: "kali/aws-s3-acl-global-view",
        title: "S3 bucket ACL lets everyone read its permissions",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_375"],
        description: "A grant of the aws_s3_bucket_acl gives the AllUsers group FULL_CONTROL or READ_ACP.",
        remediation: "Remove the grant to http://acs.amazonaws.com/groups/global/AllUsers; prefer object_ownership = \"BucketOwnerEnforced\" (ACLs disabled).",
        target: Target::Resources(&["aws_s3_bucket_acl"], Check::Function(s3_global_view_acl)),
    },
    Rule {
        id: "kali/aws-mq-outdated-engine",
        title: "Amazon MQ broker runs an outdated engine version",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_208"],
        description: "engine_version is older than ActiveMQ 5.17 or RabbitMQ 3.11, versions that no longer get security fixes.",
        remediation: "Set engine_version to a supported version (ActiveMQ 5.18, RabbitMQ 3.13) and auto_minor_version_upgrade = true.",
        target: Target::Resources(
            &["aws_mq_broker", "aws_mq_configuration"],
            Check::Function(mq_version),
        ),
    },
    Rule {
        id: "kali/aws-mq-audit-log",
        title: "Amazon MQ broker audit logging is off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_197"],
        description: "logs.audit is not true on an ActiveMQ broker, so management actions are not recorded. RabbitMQ brokers have no audit log and are not judged.",
        remediation: "Add logs { audit = true, general = true }.",
        target: Target::Resources(
            MQ_BROKERS,
            is_true("logs.audit", "Audit logging is off (`logs { audit = true }` is not set).")
                .unless(&[Condition::Equals("engine_type", "RabbitMQ")]),
        ),
    },
    Rule {
        id: "kali/aws-mq-general-log",
        title: "Amazon MQ broker general logging is off",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_48"],
        description: "logs.general is not true, so the broker's activity is not sent to CloudWatch Logs.",
        remediation: "Add logs { general = true }.",
        target: Target::Resources(
            MQ_BROKERS,
            is_true("logs.general", "General logging is off (`logs { general = true }` is not set)."),
        ),
    },
    Rule {
        id: "kali/aws-mq-public",
        title: "Amazon MQ broker is publicly accessible",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_69"],
        description: "publicly_accessible = true gives the broker a public endpoint.",
        remediation: "Set publicly_accessible = false and reach the broker from inside the VPC.",
        target: Target::Resources(
            MQ_BROKERS,
            super::super::check::not_true(
                "publicly_accessible",
                "The broker is publicly accessible (`publicly_accessible = true`).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-mq-minor-upgrades",
        title: "Amazon MQ broker minor version upgrades are off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_207"],
        description: "auto_minor_version_upgrade is not true (the provider's default is false), so security fixes wait for a manual upgrade.",
        remediation: "Set auto_minor_version_upgrade = true.",
        target: Target::Resources(
            MQ_BROKERS,
            is_true(
                "auto_minor_version_upgrade",
                "Automatic minor version upgrades are off (`auto_minor_version_upgrade` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-mq-cmk",
        title: "Amazon MQ broker is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_209"],
        description: "encryption_options.kms_key_id is not set, so messages at rest are encrypted with an AWS-owned key.",
        remediation: "Add encryption_options { use_aws_owned_key = false, kms_key_id = aws_kms_key.x.arn }.",
        target: Target::Resources(
            MQ_BROKERS,
            super::super::check::present(
                "encryption_options.kms_key_id",
                "The broker is not encrypted with a customer-managed key (`encryption_options.kms_key_id` is not set).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-glue-no-security-configuration",
        title: "Glue job, crawler or dev endpoint has no security configuration",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_195"],
        description: "security_configuration is not set, so the data, logs and bookmarks it writes are not encrypted with KMS.",
        remediation: "Set security_configuration to an aws_glue_security_configuration that encrypts S3, CloudWatch and job bookmarks.",
        target: Target::Resources(
            &["aws_glue_crawler", "aws_glue_dev_endpoint", "aws_glue_job"],
            super::super::check::present(
                "security_configuration",
                "No security configuration encrypts what it writes (`security_configuration` is not set).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-redshift-snapshot-copy-grant-cmk",
        title: "Redshift snapshot copy grant has no customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_281"],
        description: "kms_key_id is not set, so copied snapshots are encrypted with the AWS-managed Redshift key in the destination region.",
        remediation: "Set kms_key_id to a customer-managed KMS key of the destination region.",
        target: Target::Resources(
            &["aws_redshift_snapshot_copy_grant"],
            super::super::check::present(
                "kms_key_id",
                "Copied snapshots are not encrypted with a customer-managed key (`kms_key_id` is not set).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-dms-instance-minor-upgrades",
        title: "DMS replication instance minor version upgrades are off",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_222"],
        description: "auto_minor_version_upgrade is not true, so engine security fixes wait for a manual upgrade.",
        remediation: "Set auto_minor_version_upgrade = true.",
        target: Target::Resources(
            &["aws_dms_replication_instance"],
            is_true(
                "auto_minor_version_upgrade",
                "Automatic minor version upgrades are off (`auto_minor_version_upgrade` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-memorydb-no-tls",
        title: "MemoryDB cluster does not encrypt traffic in transit",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_202"],
        description: "tls_enabled = false lets clients connect in clear. Unset, the provider's default (true) applies.",
        remediation: "Remove tls_enabled = false.",
        target: Target::Resources(
            &["aws_memorydb_cluster"],
            super::super::check::not_false("tls_enabled", "Traffic is not encrypted in transit (`tls_enabled = false`)."),
        ),
    },
    Rule {
        id: "kali/aws-emr-security-config-in-transit",
        title: "EMR security configuration does not encrypt data in transit",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_351"],
        description: "The configuration JSON's EncryptionConfiguration.EnableInTransitEncryption is not true.",
        remediation: "Set EnableInTransitEncryption = true with an InTransitEncryptionConfiguration (TLS certificate provider).",
        target: Target::Resources(EMR_SECURITY_CONFIGS, Check::Function(emr_in_transit)),
    },
    Rule {
        id: "kali/aws-emr-security-config-ebs",
        title: "EMR security configuration does not encrypt EBS volumes",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_350"],
        description: "The configuration JSON does not set EnableAtRestEncryption and LocalDiskEncryptionConfiguration.EnableEbsEncryption to true.",
        remediation: "Set EnableAtRestEncryption = true and AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration { EncryptionKeyProviderType = \"AwsKms\", AwsKmsKey = …, EnableEbsEncryption = true }.",
        target: Target::Resources(EMR_SECURITY_CONFIGS, Check::Function(emr_ebs)),
    },
    Rule {
        id: "kali/aws-emr-security-config-local-disk",
        title: "EMR security configuration does not encrypt local disks",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_349"],
        description: "The configuration JSON does not set EnableAtRestEncryption with a LocalDiskEncryptionConfiguration.",
        remediation: "Set EnableAtRestEncryption = true and AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration { EncryptionKeyProviderType = \"AwsKms\", AwsKmsKey = … }.",
        target: Target::Resources(EMR_SECURITY_CONFIGS, Check::Function(emr_local_disk)),
    },
    Rule {
        id: "kali/aws-s3-acls-enabled",
        title: "S3 bucket ownership controls leave ACLs enabled",
        severity: Severity::Low,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_AWS_65"],
        description: "rule.object_ownership is not \"BucketOwnerEnforced\", so ACLs still grant access beside the bucket policy and objects can belong to other accounts.",
        remediation: "Set rule { object_ownership = \"BucketOwnerEnforced\" } and grant access with the bucket policy.",
        target: Target::Resources(
            &["aws_s3_bucket_ownership_controls"],
            one_of(
                "rule.object_ownership",
                &["BucketOwnerEnforced"],
                "ACLs are still in force (`object_ownership` is not \"BucketOwnerEnforced\").",
            ),
        ),
    },
    Rule {
        id: "kali/aws-s3-acl-authenticated-users",
        title: "S3 bucket ACL grants every AWS account",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_AWS_43"],
        description: "A grant of the aws_s3_bucket_acl names the AuthenticatedUsers group: any AWS account, not just this one's users.",
        remediation: "Remove the grant to http://acs.amazonaws.com/groups/global/AuthenticatedUsers; grant named principals in the bucket policy.",
        target: Target::Resources(&["aws_s3_bucket_acl"], Check::Function(s3_acl_authenticated_users)),
    },
    Rule {
        id: "kali/aws-s3-object-lock-disabled",
        title: "S3 bucket object lock is configured but not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_143"],
        description: "The bucket has an object_lock_configuration block whose object_lock_enabled is not \"Enabled\" (and the bucket's object_lock_enabled is not true), so the retention it describes does not protect objects. Buckets without the block are not judged.",
        remediation: "Set object_lock_enabled = true on the bucket and configure retention in aws_s3_bucket_object_lock_configuration.",
        target: Target::Resources(BUCKETS, Check::Function(s3_object_lock)),
    },
    Rule {
        id: "kali/aws-cloudfront-s3-origin-public",
        title: "CloudFront serves an S3 origin without origin access control",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_AWS_46"],
        description: "An origin whose domain is an S3 bucket (declared here, or a literal S3 REST endpoint) has neither origin_access_control_id nor s3_origin_config, so the bucket must be public for CloudFront to read it.",
        remediation: "Add an aws_cloudfront_origin_access_control and set origin_access_control_id on the origin; allow only the distribution in the bucket policy.",
        target: Target::Resources(
            &["aws_cloudfront_distribution"],
            Check::Function(cloudfront_s3_origin_access),
        ),
    },
    Rule {
        id: "kali/aws-opensearch-no-dedicated-master",
        title: "OpenSearch domain has no dedicated master nodes",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_59"],
        description: "cluster_config.dedicated_master_enabled is not true, so data nodes also manage the cluster and a busy node can destabilise it.",
        remediation: "Set cluster_config { dedicated_master_enabled = true, dedicated_master_count = 3 }.",
        target: Target::Resources(
            SEARCH_DOMAINS,
            is_true(
                "cluster_config.dedicated_master_enabled",
                "No dedicated master nodes (`cluster_config.dedicated_master_enabled` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-emr-no-security-configuration",
        title: "EMR cluster has no security configuration",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV2_AWS_55"],
        description: "security_configuration is not set, so the cluster's disks, S3 data and traffic are not encrypted by EMR and Kerberos is off.",
        remediation: "Set security_configuration to an aws_emr_security_configuration that encrypts at rest and in transit.",
        target: Target::Resources(
            &["aws_emr_cluster"],
            super::super::check::present(
                "security_configuration",
                "The cluster has no security configuration (`security_configuration` is not set).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-emr-kerberos-no-realm",
        title: "EMR cluster's Kerberos attributes have no realm",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_114"],
        description: "A kerberos_attributes block is written without realm. Clusters without Kerberos are not judged.",
        remediation: "Set kerberos_attributes { realm = \"EC2.INTERNAL\", kdc_admin_password = … }.",
        target: Target::Resources(
            &["aws_emr_cluster"],
            super::super::check::present(
                "kerberos_attributes.realm",
                "Kerberos is configured without a realm (`kerberos_attributes.realm`).",
            )
            .unless(&[Condition::Absent("kerberos_attributes")]),
        ),
    },
    Rule {
        id: "kali/aws-neptune-deletion-protection",
        title: "Neptune cluster deletion protection is not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_58"],
        description: "deletion_protection is not true, so the graph database can be deleted by one API call or an apply.",
        remediation: "Set deletion_protection = true.",
        target: Target::Resources(
            NEPTUNE,
            is_true("deletion_protection", "Deletion protection is not enabled."),
        ),
    },
    Rule {
        id: "kali/aws-neptune-cmk",
        title: "Neptune cluster is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_347"],
        description: "kms_key_arn is not set, so storage is encrypted (if at all) with the AWS-managed RDS key.",
        remediation: "Set storage_encrypted = true and kms_key_arn to a customer-managed KMS key.",
        target: Target::Resources(
            NEPTUNE,
            super::super::check::present(
                "kms_key_arn",
                "The cluster is not encrypted with a customer-managed key (`kms_key_arn` is not set).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-memorydb-snapshot-cmk",
        title: "MemoryDB snapshot is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_278"],
        description: "kms_key_arn is not set on the aws_memorydb_snapshot.",
        remediation: "Set kms_key_arn to a customer-managed KMS key.",
        target: Target::Resources(
            &["aws_memorydb_snapshot"],
            super::super::check::present(
                "kms_key_arn",
                "The snapshot is not encrypted with a customer-managed key (`kms_key_arn` is not set).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-qldb-deletion-protection",
        title: "QLDB ledger deletion protection is off",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_172"],
        description: "deletion_protection = false lets the ledger be deleted. Unset, the provider's default (true) applies.",
        remediation: "Remove deletion_protection = false.",
        target: Target::Resources(
            &["aws_qldb_ledger"],
            super::super::check::not_false("deletion_protection", "Deletion protection is off (`deletion_protection = false`)."),
        ),
    },
    Rule {
        id: "kali/aws-datasync-secret-in-config",
        title: "DataSync object storage location has its secret key in the configuration",
        severity: Severity::High,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV_AWS_295"],
        description: "secret_key is written as a literal, so the storage credential is in the repository and the state. A value from a variable is not judged.",
        remediation: "Pass secret_key from a secret store (a sensitive variable fed by Secrets Manager or the environment), and rotate the key that was committed.",
        target: Target::Resources(
            &["aws_datasync_location_object_storage"],
            Check::Function(datasync_secret_key),
        ),
    },
    Rule {
        id: "kali/aws-cloudsearch-http",
        title: "CloudSearch domain does not enforce HTTPS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_220"],
        description: "endpoint_options.enforce_https is not true, so search requests may travel in clear.",
        remediation: "Set endpoint_options { enforce_https = true, tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\" }.",
        target: Target::Resources(
            CLOUDSEARCH,
            is_true(
                "endpoint_options.enforce_https",
                "HTTPS is not enforced (`endpoint_options.enforce_https` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-cloudsearch-outdated-tls",
        title: "CloudSearch domain allows TLS older than 1.2",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_218"],
        description: "endpoint_options.tls_security_policy is not Policy-Min-TLS-1-2-2019-07.",
        remediation: "Set endpoint_options { tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\" }.",
        target: Target::Resources(
            CLOUDSEARCH,
            one_of(
                "endpoint_options.tls_security_policy",
                &["Policy-Min-TLS-1-2-2019-07"],
                "The endpoint accepts TLS older than 1.2 (`endpoint_options.tls_security_policy`).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-mwaa-scheduler-logs",
        title: "MWAA environment does not log its scheduler",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_242"],
        description: "logging_configuration.scheduler_logs.enabled is not true.",
        remediation: "Add logging_configuration { scheduler_logs { enabled = true, log_level = \"INFO\" } }.",
        target: Target::Resources(
            MWAA,
            is_true(
                "logging_configuration.scheduler_logs.enabled",
                "Scheduler logs are off (`logging_configuration.scheduler_logs.enabled` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-mwaa-worker-logs",
        title: "MWAA environment does not log its workers",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_243"],
        description: "logging_configuration.worker_logs.enabled is not true.",
        remediation: "Add logging_configuration { worker_logs { enabled = true, log_level = \"INFO\" } }.",
        target: Target::Resources(
            MWAA,
            is_true(
                "logging_configuration.worker_logs.enabled",
                "Worker logs are off (`logging_configuration.worker_logs.enabled` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-mwaa-webserver-logs",
        title: "MWAA environment does not log its web server",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_244"],
        description: "logging_configuration.webserver_logs.enabled is not true, so who did what in the Airflow UI is not recorded.",
        remediation: "Add logging_configuration { webserver_logs { enabled = true, log_level = \"INFO\" } }.",
        target: Target::Resources(
            MWAA,
            is_true(
                "logging_configuration.webserver_logs.enabled",
                "Web server logs are off (`logging_configuration.webserver_logs.enabled` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-dax-unencrypted",
        title: "DAX cluster is not encrypted at rest",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_47"],
        description: "server_side_encryption.enabled is not true (DAX's default is unencrypted).",
        remediation: "Add server_side_encryption { enabled = true }.",
        target: Target::Resources(
            DAX,
            is_true(
                "server_side_encryption.enabled",
                "The cluster is not encrypted at rest (`server_side_encryption.enabled` is not true).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-dax-no-tls",
        title: "DAX cluster endpoint does not use TLS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_239"],
        description: "cluster_endpoint_encryption_type is not \"TLS\", so clients talk to the cache in clear.",
        remediation: "Set cluster_endpoint_encryption_type = \"TLS\" (the cluster must be recreated).",
        target: Target::Resources(
            DAX,
            one_of(
                "cluster_endpoint_encryption_type",
                &["TLS"],
                "The endpoint does not use TLS (`cluster_endpoint_encryption_type` is not \"TLS\").",
            ),
        ),
    },
    Rule {
        id: "kali/aws-docdb-audit-parameter",
        title: "DocumentDB parameter group does not turn on audit logs",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_104"],
        description: "The cluster parameter group does not set audit_logs to enabled, ddl or all.",
        remediation: "Add parameter { name = \"audit_logs\" value = \"enabled\" } and export the audit log.",
        target: Target::Resources(
            &["aws_docdb_cluster_parameter_group"],
            Check::Function(docdb_audit_parameter),
        ),
    },
    Rule {
        id: "kali/aws-docdb-logs",
        title: "DocumentDB cluster does not export audit or profiler logs",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_85"],
        description: "enabled_cloudwatch_logs_exports has neither \"audit\" nor \"profiler\".",
        remediation: "Set enabled_cloudwatch_logs_exports = [\"audit\", \"profiler\"].",
        target: Target::Resources(&["aws_docdb_cluster"], Check::Function(docdb_logs)),
    },
    Rule {
        id: "kali/aws-rds-cluster-deletion-protection",
        title: "RDS cluster deletion protection is not enabled",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_139"],
        description: "deletion_protection is not true, so the cluster can be deleted by one API call or an apply.",
        remediation: "Set deletion_protection = true.",
        target: Target::Resources(&["aws_rds_cluster"], is_true("deletion_protection", "Deletion protection is not enabled.")),
    },
    Rule {
        id: "kali/aws-redshift-public",
        title: "Redshift cluster is publicly accessible",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_87"],
        description: "publicly_accessible is not false: the cluster gets a public address (unset, the AWS provider v5 default is true).",
        remediation: "Set publicly_accessible = false and reach the cluster from inside the VPC.",
        target: Target::Resources(REDSHIFT, super::super::check::is_false("publicly_accessible", "The cluster is publicly accessible (`publicly_accessible` is not false).")),
    },
    Rule {
        id: "kali/aws-redshift-unencrypted",
        title: "Redshift cluster is not encrypted at rest",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_64"],
        description: "encrypted is not true, so the warehouse's blocks and snapshots are stored unencrypted.",
        remediation: "Set encrypted = true and kms_key_id.",
        target: Target::Resources(REDSHIFT, is_true("encrypted", "The cluster is not encrypted at rest (`encrypted` is not true).")),
    },
    Rule {
        id: "kali/aws-redshift-cmk",
        title: "Redshift cluster is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_142"],
        description: "kms_key_id is not set, so the cluster (if encrypted) uses the AWS-managed Redshift key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(REDSHIFT, super::super::check::present("kms_key_id", "The cluster is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-redshift-version-upgrade-off",
        title: "Redshift cluster version upgrades are disabled",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_141"],
        description: "allow_version_upgrade = false keeps the cluster on an engine version that stops getting fixes. Unset, the provider's default (true) applies.",
        remediation: "Remove allow_version_upgrade = false.",
        target: Target::Resources(REDSHIFT, super::super::check::not_false("allow_version_upgrade", "Major version upgrades are disabled (`allow_version_upgrade = false`).")),
    },
    Rule {
        id: "kali/aws-redshift-no-automatic-snapshots",
        title: "Redshift cluster automatic snapshots are off",
        severity: Severity::Medium,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_343"],
        description: "automated_snapshot_retention_period = 0 turns off automated snapshots.",
        remediation: "Set automated_snapshot_retention_period to 7 or more.",
        target: Target::Resources(REDSHIFT, super::super::check::not_equal("automated_snapshot_retention_period", 0.0, "Automatic snapshots are off (`automated_snapshot_retention_period = 0`).")),
    },
    Rule {
        id: "kali/aws-redshift-default-database-name",
        title: "Redshift cluster uses the default database name",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_320"],
        description: "database_name is unset or \"dev\", the name every attack tool tries first. Checkov accepts an explicit \"dev\"; Kali does not.",
        remediation: "Set database_name to a name of your own.",
        target: Target::Resources(REDSHIFT, Check::Function(redshift_database_name)),
    },
    Rule {
        id: "kali/aws-redshift-no-enhanced-vpc-routing",
        title: "Redshift cluster does not use enhanced VPC routing",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_321"],
        description: "enhanced_vpc_routing is not true, so COPY and UNLOAD traffic goes over the internet instead of through the VPC, its endpoints and flow logs.",
        remediation: "Set enhanced_vpc_routing = true.",
        target: Target::Resources(REDSHIFT, is_true("enhanced_vpc_routing", "COPY and UNLOAD traffic leaves the VPC (`enhanced_vpc_routing` is not true).")),
    },
    Rule {
        id: "kali/aws-redshift-ssl-not-required",
        title: "Redshift parameter group does not require TLS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_105"],
        description: "The parameter group does not set require_ssl to true, so clusters using it accept unencrypted connections.",
        remediation: "Add parameter { name = \"require_ssl\" value = \"true\" }.",
        target: Target::Resources(&["aws_redshift_parameter_group"], Check::Function(redshift_require_ssl)),
    },
    Rule {
        id: "kali/aws-redshift-serverless-cmk",
        title: "Redshift Serverless namespace is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_282"],
        description: "kms_key_id is not set, so the namespace's data is encrypted with an AWS-owned key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_redshiftserverless_namespace"], super::super::check::present("kms_key_id", "The namespace is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-docdb-unencrypted",
        title: "DocumentDB cluster is not encrypted at rest",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_74"],
        description: "storage_encrypted is not true (DocumentDB's default is unencrypted).",
        remediation: "Set storage_encrypted = true (the cluster must be recreated).",
        target: Target::Resources(DOCDB, is_true("storage_encrypted", "Storage is not encrypted at rest (`storage_encrypted` is not true).")),
    },
    Rule {
        id: "kali/aws-docdb-cmk",
        title: "DocumentDB cluster is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_182"],
        description: "kms_key_id is not set, so storage (if encrypted) uses the AWS-managed RDS key.",
        remediation: "Set storage_encrypted = true and kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(DOCDB, super::super::check::present("kms_key_id", "The cluster is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-docdb-backup-retention",
        title: "DocumentDB cluster keeps backups for less than 7 days",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_360"],
        description: "backup_retention_period is below 7 (unset, the default is 1 day).",
        remediation: "Set backup_retention_period = 7 or more.",
        target: Target::Resources(DOCDB, at_least("backup_retention_period", 7.0, 1.0, "Backups are kept for less than 7 days (`backup_retention_period`).")),
    },
    Rule {
        id: "kali/aws-docdb-tls-disabled",
        title: "DocumentDB parameter group turns TLS off",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_90"],
        description: "The cluster parameter group sets tls to \"disabled\", so clients connect in clear.",
        remediation: "Remove the tls parameter or set it to \"enabled\" (or \"tls1.2+\").",
        target: Target::Resources(&["aws_docdb_cluster_parameter_group"], Check::Function(docdb_tls)),
    },
    Rule {
        id: "kali/aws-docdb-global-cluster-unencrypted",
        title: "DocumentDB global cluster is not encrypted at rest",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_292"],
        description: "storage_encrypted is not true on a global cluster created from scratch. One built from an existing cluster takes that cluster's encryption and is not judged.",
        remediation: "Set storage_encrypted = true.",
        target: Target::Resources(&["aws_docdb_global_cluster"], is_true("storage_encrypted", "Storage is not encrypted at rest (`storage_encrypted` is not true).").unless(&[Condition::Set("source_db_cluster_identifier")])),
    },
    Rule {
        id: "kali/aws-neptune-unencrypted",
        title: "Neptune cluster is not encrypted at rest",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_44"],
        description: "storage_encrypted is not true (Neptune's default is unencrypted).",
        remediation: "Set storage_encrypted = true (the cluster must be recreated).",
        target: Target::Resources(NEPTUNE, is_true("storage_encrypted", "Storage is not encrypted at rest (`storage_encrypted` is not true).")),
    },
    Rule {
        id: "kali/aws-neptune-audit-log",
        title: "Neptune cluster does not export its audit log",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_101"],
        description: "enable_cloudwatch_logs_exports does not include \"audit\".",
        remediation: "Set enable_cloudwatch_logs_exports = [\"audit\"] (and neptune_enable_audit_log = 1 in the cluster parameter group).",
        target: Target::Resources(NEPTUNE, Check::Function(neptune_audit_log)),
    },
    Rule {
        id: "kali/aws-neptune-instance-public",
        title: "Neptune instance is publicly accessible",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_102"],
        description: "publicly_accessible = true gives the graph database instance a public address.",
        remediation: "Set publicly_accessible = false.",
        target: Target::Resources(&["aws_neptune_cluster_instance"], super::super::check::not_true("publicly_accessible", "The instance is publicly accessible (`publicly_accessible = true`).")),
    },
    Rule {
        id: "kali/aws-neptune-iam-auth",
        title: "Neptune cluster IAM authentication is not enabled",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_359"],
        description: "iam_database_authentication_enabled is not true, so any client that reaches the endpoint can query it.",
        remediation: "Set iam_database_authentication_enabled = true.",
        target: Target::Resources(NEPTUNE, is_true("iam_database_authentication_enabled", "IAM database authentication is not enabled.")),
    },
    Rule {
        id: "kali/aws-neptune-backup-retention",
        title: "Neptune cluster keeps backups for less than 7 days",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_361"],
        description: "backup_retention_period is below 7 (unset, the default is 1 day).",
        remediation: "Set backup_retention_period = 7 or more.",
        target: Target::Resources(NEPTUNE, at_least("backup_retention_period", 7.0, 1.0, "Backups are kept for less than 7 days (`backup_retention_period`).")),
    },
    Rule {
        id: "kali/aws-neptune-copy-tags-to-snapshot",
        title: "Neptune cluster does not copy tags to snapshots",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_362"],
        description: "copy_tags_to_snapshot is not true, so snapshots lose the tags that classify and protect the data.",
        remediation: "Set copy_tags_to_snapshot = true.",
        target: Target::Resources(NEPTUNE, is_true("copy_tags_to_snapshot", "Snapshots do not get the cluster's tags (`copy_tags_to_snapshot` is not true).")),
    },
    Rule {
        id: "kali/aws-dms-instance-public",
        title: "DMS replication instance is publicly accessible",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_89"],
        description: "publicly_accessible = true gives the replication instance, which holds credentials to both databases, a public address.",
        remediation: "Set publicly_accessible = false.",
        target: Target::Resources(&["aws_dms_replication_instance"], super::super::check::not_true("publicly_accessible", "The replication instance is publicly accessible (`publicly_accessible = true`).")),
    },
    Rule {
        id: "kali/aws-opensearch-http",
        title: "OpenSearch domain does not enforce HTTPS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_83"],
        description: "domain_endpoint_options.enforce_https = false lets clients send queries and credentials in clear. Unset, the provider's default (true) applies.",
        remediation: "Set domain_endpoint_options { enforce_https = true }.",
        target: Target::Resources(SEARCH_DOMAINS, super::super::check::not_false("domain_endpoint_options.enforce_https", "HTTPS is not enforced (`domain_endpoint_options.enforce_https = false`).")),
    },
    Rule {
        id: "kali/aws-opensearch-not-in-vpc",
        title: "OpenSearch domain is not in a VPC",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_137"],
        description: "No vpc_options block: the domain's endpoint is on the internet, guarded only by its access policy.",
        remediation: "Add vpc_options { subnet_ids = […], security_group_ids = […] }.",
        target: Target::Resources(SEARCH_DOMAINS, super::super::check::present("vpc_options", "The domain has a public endpoint (no `vpc_options`).")),
    },
    Rule {
        id: "kali/aws-opensearch-default-security-group",
        title: "OpenSearch domain in a VPC names no security group",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_248"],
        description: "vpc_options has no security_group_ids, so the domain gets the VPC's default security group. Domains outside a VPC are judged by kali/aws-opensearch-not-in-vpc; Checkov fails them here too.",
        remediation: "Set vpc_options { security_group_ids = [aws_security_group.search.id] }.",
        target: Target::Resources(SEARCH_DOMAINS, super::super::check::present("vpc_options.security_group_ids", "The domain uses the VPC's default security group (`vpc_options.security_group_ids` is not set).").unless(&[Condition::Absent("vpc_options")])),
    },
    Rule {
        id: "kali/aws-msk-public",
        title: "MSK brokers are publicly accessible",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_291"],
        description: "broker_node_group_info.connectivity_info.public_access.type is SERVICE_PROVIDED_EIPS, giving every broker a public IP.",
        remediation: "Set public_access { type = \"DISABLED\" } and reach the brokers from inside the VPC.",
        target: Target::Resources(&["aws_msk_cluster"], none_of("broker_node_group_info.connectivity_info.public_access.type", &["SERVICE_PROVIDED_EIPS"], "The brokers have public addresses")),
    },
    Rule {
        id: "kali/aws-backup-vault-cmk",
        title: "Backup vault is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_166"],
        description: "kms_key_arn is not set, so recovery points are encrypted with the AWS-managed Backup key.",
        remediation: "Set kms_key_arn to a customer-managed KMS key.",
        target: Target::Resources(&["aws_backup_vault"], super::super::check::present("kms_key_arn", "The vault is not encrypted with a customer-managed key (`kms_key_arn` is not set).")),
    },
    Rule {
        id: "kali/aws-athena-workgroup-unencrypted",
        title: "Athena workgroup does not encrypt query results",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_159"],
        description: "configuration.result_configuration.encryption_configuration.encryption_option is not set, so query results written to S3 are not encrypted by the workgroup.",
        remediation: "Add configuration { result_configuration { encryption_configuration { encryption_option = \"SSE_KMS\", kms_key_arn = … } } }.",
        target: Target::Resources(&["aws_athena_workgroup"], super::super::check::present("configuration.result_configuration.encryption_configuration.encryption_option", "Query results are not encrypted (`result_configuration.encryption_configuration` is not set).")),
    },
    Rule {
        id: "kali/aws-athena-workgroup-not-enforced",
        title: "Athena workgroup lets clients override its configuration",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_82"],
        description: "configuration.enforce_workgroup_configuration = false lets each query choose its own result location and encryption. Unset, the provider's default (true) applies.",
        remediation: "Remove enforce_workgroup_configuration = false.",
        target: Target::Resources(&["aws_athena_workgroup"], super::super::check::not_false("configuration.enforce_workgroup_configuration", "Clients can override the workgroup's settings (`enforce_workgroup_configuration = false`).")),
    },
    Rule {
        id: "kali/aws-athena-database-unencrypted",
        title: "Athena database does not encrypt query results",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_77"],
        description: "encryption_configuration is not set on the aws_athena_database.",
        remediation: "Add encryption_configuration { encryption_option = \"SSE_KMS\", kms_key = … }.",
        target: Target::Resources(&["aws_athena_database"], super::super::check::present("encryption_configuration.encryption_option", "Query results are not encrypted (`encryption_configuration` is not set).")),
    },
    Rule {
        id: "kali/aws-glue-catalog-unencrypted",
        title: "Glue Data Catalog is not encrypted with KMS",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_94"],
        description: "The catalog's encryption settings do not both encrypt metadata at rest with SSE-KMS and a key, and return connection passwords encrypted with a key.",
        remediation: "Set encryption_at_rest { catalog_encryption_mode = \"SSE-KMS\", sse_aws_kms_key_id = … } and connection_password_encryption { return_connection_password_encrypted = true, aws_kms_key_id = … }.",
        target: Target::Resources(&["aws_glue_data_catalog_encryption_settings"], Check::Function(glue_catalog_encryption)),
    },
    Rule {
        id: "kali/aws-glue-security-configuration-incomplete",
        title: "Glue security configuration does not encrypt everything",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_99"],
        description: "The security configuration does not encrypt CloudWatch logs (SSE-KMS), job bookmarks (CSE-KMS) and S3 data, each with a key where one is needed.",
        remediation: "Set cloudwatch_encryption { SSE-KMS + kms_key_arn }, job_bookmarks_encryption { CSE-KMS + kms_key_arn } and s3_encryption { SSE-KMS + kms_key_arn }.",
        target: Target::Resources(&["aws_glue_security_configuration"], Check::Function(glue_security_configuration)),
    },
    Rule {
        id: "kali/aws-memorydb-cmk",
        title: "MemoryDB cluster is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_201"],
        description: "kms_key_arn is not set, so data at rest is encrypted with an AWS-owned key.",
        remediation: "Set kms_key_arn to a customer-managed KMS key.",
        target: Target::Resources(&["aws_memorydb_cluster"], super::super::check::present("kms_key_arn", "The cluster is not encrypted with a customer-managed key (`kms_key_arn` is not set).")),
    },
    Rule {
        id: "kali/aws-elasticache-cmk",
        title: "ElastiCache replication group is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_191"],
        description: "kms_key_id is not set, so data at rest (if encrypted) uses the AWS-managed key.",
        remediation: "Set at_rest_encryption_enabled = true and kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(CACHES, super::super::check::present("kms_key_id", "The replication group is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-rds-cluster-cmk",
        title: "RDS cluster is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_327"],
        description: "kms_key_id is not set, so storage (if encrypted) uses the AWS-managed RDS key.",
        remediation: "Set storage_encrypted = true and kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_rds_cluster"], super::super::check::present("kms_key_id", "The cluster is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-rds-performance-insights-cmk",
        title: "RDS Performance Insights is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_354"],
        description: "Performance Insights is on but performance_insights_kms_key_id is not set, so the collected queries are encrypted with the AWS-managed key.",
        remediation: "Set performance_insights_kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_db_instance", "aws_rds_cluster_instance"], Check::Function(performance_insights_cmk)),
    },
    Rule {
        id: "kali/aws-rds-global-cluster-unencrypted",
        title: "RDS global cluster is not encrypted at rest",
        severity: Severity::High,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_140"],
        description: "storage_encrypted is not true on a global cluster created from scratch. One built from an existing cluster takes that cluster's encryption and is not judged.",
        remediation: "Set storage_encrypted = true.",
        target: Target::Resources(&["aws_rds_global_cluster"], is_true("storage_encrypted", "Storage is not encrypted at rest (`storage_encrypted` is not true).").unless(&[Condition::Set("source_db_cluster_identifier")])),
    },
    Rule {
        id: "kali/aws-rds-cluster-snapshot-unencrypted",
        title: "RDS cluster snapshot is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_146"],
        description: "The snapshot's cluster (declared here) is not encrypted, so neither is the snapshot. A snapshot's encryption cannot be written on it; Checkov fails every snapshot, Kali judges the cluster's and says nothing of clusters declared elsewhere.",
        remediation: "Encrypt the cluster (storage_encrypted = true), or copy the snapshot with aws_db_cluster_snapshot_copy and a kms_key_id.",
        target: Target::Resources(&["aws_db_cluster_snapshot"], Check::Function(cluster_snapshot_encrypted)),
    },
    Rule {
        id: "kali/aws-rds-snapshot-public",
        title: "RDS snapshot is shared publicly",
        severity: Severity::Critical,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_302"],
        description: "shared_accounts includes \"all\": every AWS account can restore the database from the snapshot.",
        remediation: "Remove \"all\" from shared_accounts; list the account ids that need it.",
        target: Target::Resources(&["aws_db_snapshot"], Check::Function(db_snapshot_public)),
    },
    Rule {
        id: "kali/aws-rds-backup-replication-cmk",
        title: "Replicated RDS backups are not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_245"],
        description: "kms_key_id is not set on the cross-region automated backup replication.",
        remediation: "Set kms_key_id to a customer-managed KMS key of the destination region.",
        target: Target::Resources(&["aws_db_instance_automated_backups_replication"], super::super::check::present("kms_key_id", "Replicated backups are not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-rds-activity-stream-cmk",
        title: "RDS activity stream has no customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_246"],
        description: "kms_key_id is not set on the database activity stream.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_rds_cluster_activity_stream"], super::super::check::present("kms_key_id", "The activity stream is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-rds-snapshot-copy-cmk",
        title: "RDS snapshot copy is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_266"],
        description: "kms_key_id is not set on the aws_db_snapshot_copy.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_db_snapshot_copy"], super::super::check::present("kms_key_id", "The snapshot copy is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-dynamodb-replica-cmk",
        title: "DynamoDB table replica is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_271"],
        description: "kms_key_arn is not set on the aws_dynamodb_table_replica.",
        remediation: "Set kms_key_arn to a customer-managed KMS key of the replica's region.",
        target: Target::Resources(&["aws_dynamodb_table_replica"], super::super::check::present("kms_key_arn", "The replica is not encrypted with a customer-managed key (`kms_key_arn` is not set).")),
    },
    Rule {
        id: "kali/aws-efs-cmk",
        title: "EFS file system is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_184"],
        description: "kms_key_id is not set, so the file system (if encrypted) uses the AWS-managed EFS key.",
        remediation: "Set encrypted = true and kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_efs_file_system"], super::super::check::present("kms_key_id", "The file system is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-ebs-cmk",
        title: "EBS volume is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_189"],
        description: "kms_key_id is not set, so the volume (if encrypted) uses the AWS-managed EBS key.",
        remediation: "Set encrypted = true and kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_ebs_volume"], super::super::check::present("kms_key_id", "The volume is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-fsx-ontap-cmk",
        title: "FSx for ONTAP file system is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_178"],
        description: "kms_key_id is not set, so the file system uses the AWS-managed FSx key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_fsx_ontap_file_system"], super::super::check::present("kms_key_id", "The file system is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-fsx-windows-cmk",
        title: "FSx for Windows file system is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_179"],
        description: "kms_key_id is not set, so the file system uses the AWS-managed FSx key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_fsx_windows_file_system"], super::super::check::present("kms_key_id", "The file system is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-fsx-lustre-cmk",
        title: "FSx for Lustre file system is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_190"],
        description: "kms_key_id is not set, so the file system uses the AWS-managed FSx key (scratch file systems cannot take one).",
        remediation: "Use a PERSISTENT deployment type and set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_fsx_lustre_file_system"], super::super::check::present("kms_key_id", "The file system is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-fsx-openzfs-cmk",
        title: "FSx for OpenZFS file system is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_203"],
        description: "kms_key_id is not set, so the file system uses the AWS-managed FSx key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_fsx_openzfs_file_system"], super::super::check::present("kms_key_id", "The file system is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-qldb-permissions-mode",
        title: "QLDB ledger uses the ALLOW_ALL permissions mode",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_170"],
        description: "permissions_mode is not \"STANDARD\", so anyone allowed to send commands to the ledger can read and write every table.",
        remediation: "Set permissions_mode = \"STANDARD\" and grant table-level PartiQL permissions.",
        target: Target::Resources(&["aws_qldb_ledger"], one_of("permissions_mode", &["STANDARD"], "The ledger does not check table-level permissions (`permissions_mode` is not \"STANDARD\").")),
    },
    Rule {
        id: "kali/aws-sqs-policy-all-actions",
        title: "SQS queue policy allows every action",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_72"],
        description: "An Allow statement of the queue policy has Action \"*\" or \"sqs:*\", so its principals can also purge and delete the queue and change its policy. Checkov looks only at the first statement and at \"*\".",
        remediation: "List the actions the principals need (sqs:SendMessage, sqs:ReceiveMessage, …).",
        target: Target::Resources(&["aws_sqs_queue_policy"], Check::Function(sqs_policy_all_actions)),
    },
    Rule {
        id: "kali/aws-s3-access-point-public",
        title: "S3 access point does not block public access",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_392"],
        description: "public_access_block_configuration sets block_public_acls, block_public_policy and restrict_public_buckets all to false, so a policy or ACL can make the access point public.",
        remediation: "Remove the false settings (they default to true).",
        target: Target::Resources(&["aws_s3_access_point"], Check::Function(s3_access_point_public)),
    },
    Rule {
        id: "kali/aws-aurora-postgres-file-read",
        title: "Aurora PostgreSQL version lets users read local files",
        severity: Severity::High,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_388"],
        description: "engine is aurora-postgresql and engine_version is 10.11–10.13 or 11.6–11.8, versions whose extensions let a database user read files on the host. Checkov judges aws_db_instance only; Kali also judges the cluster, where Aurora's version is written.",
        remediation: "Upgrade engine_version to a patched release (10.14, 11.9 or later).",
        target: Target::Resources(&["aws_db_instance", "aws_rds_cluster"], Check::Function(aurora_postgres_file_read)),
    },
    Rule {
        id: "kali/aws-redshift-common-admin-public",
        title: "Public Redshift cluster has a guessable admin user name",
        severity: Severity::High,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_391"],
        description: "master_username is awsuser, administrator or admin on a cluster that is publicly accessible (or not marked private), inviting password guessing.",
        remediation: "Use an unguessable master_username (or manage_master_password) and set publicly_accessible = false.",
        target: Target::Resources(REDSHIFT, Check::Function(redshift_common_admin)),
    },
    Rule {
        id: "kali/aws-ebs-snapshot-copy-cmk",
        title: "EBS snapshot copy is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_183"],
        description: "kms_key_id is not set on the aws_ebs_snapshot_copy.",
        remediation: "Set encrypted = true and kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_ebs_snapshot_copy"], super::super::check::present("kms_key_id", "The snapshot copy is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-s3-object-copy-cmk",
        title: "S3 object copy is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_181"],
        description: "kms_key_id is not set on the aws_s3_object_copy.",
        remediation: "Set server_side_encryption = \"aws:kms\" and kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_s3_object_copy"], super::super::check::present("kms_key_id", "The copied object is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-s3-bucket-object-cmk",
        title: "S3 bucket object is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_186"],
        description: "kms_key_id is not set on the aws_s3_bucket_object.",
        remediation: "Set kms_key_id to a customer-managed KMS key (and move to aws_s3_object).",
        target: Target::Resources(&["aws_s3_bucket_object"], super::super::check::present("kms_key_id", "The object is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-kinesis-video-cmk",
        title: "Kinesis video stream is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_177"],
        description: "kms_key_id is not set, so the stream uses the AWS-managed Kinesis Video key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_kinesis_video_stream"], super::super::check::present("kms_key_id", "The video stream is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-timestream-cmk",
        title: "Timestream database is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_160"],
        description: "kms_key_id is not set, so the database uses the AWS-managed Timestream key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_timestreamwrite_database"], super::super::check::present("kms_key_id", "The database is not encrypted with a customer-managed key (`kms_key_id` is not set).")),
    },
    Rule {
        id: "kali/aws-neptune-snapshot-unencrypted",
        title: "Neptune cluster snapshot is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_279"],
        description: "The snapshot's cluster (declared here) is not encrypted, so neither is the snapshot. A snapshot's encryption cannot be written on it; Checkov fails every snapshot, Kali judges the cluster's and says nothing of clusters declared elsewhere.",
        remediation: "Encrypt the cluster (storage_encrypted = true).",
        target: Target::Resources(&["aws_neptune_cluster_snapshot"], Check::Function(neptune_snapshot_encrypted)),
    },
    Rule {
        id: "kali/aws-neptune-snapshot-cmk",
        title: "Neptune cluster snapshot is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_280"],
        description: "The snapshot's cluster (declared here) has no kms_key_arn, so the snapshot is not under a customer-managed key either. Checkov fails every snapshot; Kali judges the cluster's key.",
        remediation: "Set kms_key_arn on the cluster.",
        target: Target::Resources(&["aws_neptune_cluster_snapshot"], Check::Function(neptune_snapshot_cmk)),
    },
    Rule {
        id: "kali/aws-s3-invalid-default-encryption",
        title: "S3 bucket default encryption names no valid algorithm",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_19"],
        description: "The bucket's server_side_encryption_configuration, or an aws_s3_bucket_server_side_encryption_configuration for it, sets no sse_algorithm or one other than AES256, aws:kms or aws:kms:dsse. Without any configuration S3 encrypts with SSE-S3, which passes. Checkov does not accept aws:kms:dsse; Kali does.",
        remediation: "Set apply_server_side_encryption_by_default { sse_algorithm = \"aws:kms\" } (or \"AES256\").",
        target: Target::Resources(BUCKETS, Check::Function(s3_default_encryption)),
    },
];

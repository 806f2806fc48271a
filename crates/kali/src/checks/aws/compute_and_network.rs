//! AWS rules for what runs and how it is reached: EC2, launch templates and autoscaling,
//! VPCs, subnets, NACLs and routes, load balancers, API Gateway, CloudFront, WAF and
//! Route 53, IAM, Lambda, ECS, EKS and ECR, CodeBuild, SageMaker, and the logs and
//! monitoring of all of them (CloudWatch, CloudTrail, Config, GuardDuty).

use serde_json::Value as Json;

use super::super::check::{
    is_false, is_true, joined, none_of, not_false, not_true, one_of, present, requirement,
};
use super::super::{
    attr, blocks, bool_of, fail, first, is_world, strings, Category, Check, Condition, Ctx,
    Expected, Join, Link, Rule, Target, Unknowable, Verdict,
};
use super::{
    allows, condition_narrows_principal, env_scanner, json_strings, policy_attr, policy_statements,
    principal_is_everyone, statements, world_open, SGS,
};
use aetheredge_core::report::Severity;
use aetheredge_model::iac::{Resource, Value};

// ---- references between resources ---------------------------------------------------------

/// Whether a reference (`aws_lb.web.arn`, `module.x.aws_lb.web`) names `target`.
fn names(reference: &str, target: &Resource) -> bool {
    reference == target.address
        || reference
            .strip_prefix(target.address.as_str())
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Whether anything inside `value` refers to `target`.
fn mentions(value: &Value, target: &Resource) -> bool {
    match value {
        Value::Unknown(u) => u.refs.iter().any(|r| names(r, target)),
        Value::Partial(map, u) => {
            u.refs.iter().any(|r| names(r, target)) || map.values().any(|v| mentions(v, target))
        }
        Value::List(items) => items.iter().any(|v| mentions(v, target)),
        Value::Object(map) => map.values().any(|v| mentions(v, target)),
        _ => false,
    }
}

/// Resources of `types`, in the same root, that refer to `target` in any attribute.
fn referrers<'a>(ctx: &Ctx<'a>, target: &Resource, types: &[&str]) -> Vec<&'a Resource> {
    types
        .iter()
        .flat_map(|t| ctx.of_type(t).iter().copied())
        .filter(|o| o.root == target.root && o.address != target.address)
        .filter(|o| o.attributes.values().any(|v| mentions(v, target)))
        .collect()
}

// ---- IAM -----------------------------------------------------------------------------------

/// Resources that attach a managed policy by ARN, and the attribute that names it.
const POLICY_ATTACHMENTS: &[&str] = &[
    "aws_iam_role",
    "aws_iam_policy_attachment",
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_ssoadmin_managed_policy_attachment",
];

/// The managed policy ARNs a resource attaches, with the attribute that names them; `Err`
/// when one of them is unknown before apply.
fn attached_policy_arns(r: &Resource) -> Result<(&'static str, Vec<String>), Unknowable> {
    let key = match r.resource_type.as_str() {
        "aws_iam_role" => "managed_policy_arns",
        "aws_ssoadmin_managed_policy_attachment" => "managed_policy_arn",
        _ => "policy_arn",
    };
    let mut known = Vec::new();
    let mut unknown = false;
    match r.attributes.get(key) {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => known.push(s.clone()),
        Some(Value::List(items)) => {
            for i in items {
                match i {
                    Value::String(s) => known.push(s.clone()),
                    v if !v.is_known() => unknown = true,
                    _ => {}
                }
            }
        }
        Some(_) => unknown = true,
    }
    if unknown && known.is_empty() {
        return Err(Unknowable);
    }
    Ok((key, known))
}

/// Fails when the resource attaches the AWS managed policy `name`
/// (`arn:aws:iam::aws:policy/<name>`, any partition).
fn attaches_managed_policy(r: &Resource, name: &str, why: &str) -> Verdict {
    match attached_policy_arns(r) {
        Err(Unknowable) => Verdict::Unknown,
        Ok((key, arns)) => {
            let hit = arns.iter().find(|a| {
                a.starts_with("arn:aws")
                    && a.contains(":iam::aws:policy/")
                    && a.rsplit('/').next() == Some(name)
            });
            match hit {
                Some(a) => fail(
                    key,
                    format!("The AWS managed policy {name} is attached (\"{a}\"): {why}"),
                ),
                None => Verdict::Pass,
            }
        }
    }
}

fn iam_full_access_attached(_: &Ctx, r: &Resource) -> Verdict {
    attaches_managed_policy(
        r,
        "IAMFullAccess",
        "it can create users and roles and grant itself any permission.",
    )
}

fn administrator_access_attached(_: &Ctx, r: &Resource) -> Verdict {
    attaches_managed_policy(
        r,
        "AdministratorAccess",
        "it allows every action on every resource.",
    )
}

/// The statements of a policy resource, a policy document, or an SSO permission set's
/// inline policy.
fn any_policy_statements(r: &Resource) -> Option<Vec<Json>> {
    if r.resource_type == "aws_ssoadmin_permission_set_inline_policy" {
        return statements(r.attributes.get("inline_policy"));
    }
    policy_statements(r)
}

fn any_policy_attr(r: &Resource) -> &'static str {
    if r.resource_type == "aws_ssoadmin_permission_set_inline_policy" {
        "inline_policy"
    } else {
        policy_attr(r)
    }
}

fn iam_full_iam_access(_: &Ctx, r: &Resource) -> Verdict {
    let Some(stmts) = any_policy_statements(r) else {
        return Verdict::Unknown;
    };
    for s in stmts.iter().filter(|s| allows(s)) {
        if let Some(a) = json_strings(s.get("Action"))
            .into_iter()
            .find(|a| a == "*" || a.eq_ignore_ascii_case("iam:*"))
        {
            return fail(
                any_policy_attr(r),
                format!("The policy allows \"{a}\": every IAM action, enough to grant itself any permission."),
            );
        }
    }
    Verdict::Pass
}

/// An account id or an account's root user, as a trust policy's AWS principal.
fn is_whole_account(principal: &str) -> bool {
    let digits = |s: &str| s.len() >= 12 && s[..12].chars().all(|c| c.is_ascii_digit());
    digits(principal)
        || principal
            .strip_prefix("arn:aws:iam::")
            .is_some_and(|rest| digits(rest) && rest[12..].starts_with(":root"))
}

fn iam_trusts_whole_account(_: &Ctx, r: &Resource) -> Verdict {
    let Some(stmts) = statements(r.attributes.get("assume_role_policy")) else {
        return match r.attributes.get("assume_role_policy") {
            None | Some(Value::Null) => Verdict::Pass,
            _ => Verdict::Unknown,
        };
    };
    for s in &stmts {
        if s.get("Effect").and_then(Json::as_str) == Some("Deny") {
            continue;
        }
        let aws = s.get("Principal").and_then(|p| p.get("AWS"));
        if let Some(p) = json_strings(aws).into_iter().find(|p| is_whole_account(p)) {
            return fail(
                "assume_role_policy",
                format!("The trust policy lets every principal of account \"{p}\" assume the role, not named roles or users."),
            );
        }
    }
    Verdict::Pass
}

/// GitHub's OIDC provider, as a trust policy's federated principal.
const GITHUB_OIDC: &str = "oidc-provider/token.actions.githubusercontent.com";

/// Claims of GitHub's `sub` that anyone who can run a workflow can choose.
const GITHUB_ABUSABLE_CLAIMS: &[&str] = &[
    "workflow",
    "environment",
    "ref",
    "context",
    "head_ref",
    "base_ref",
    "job_workflow_ref",
];

/// Whether a condition key is GitHub's `sub` claim (`token.actions.githubusercontent.com:sub`,
/// or with an enterprise or organization slug before `:sub`).
fn is_github_sub(key: &str) -> bool {
    key.starts_with("token.actions.githubusercontent.com") && key.ends_with(":sub")
}

/// What is wrong with a value of the `sub` claim, when something is.
fn github_sub_problem(value: &str) -> Option<&'static str> {
    if value == "*" {
        return Some("any repository");
    }
    let parts: Vec<&str> = value.split(':').collect();
    if parts.len() == 1 {
        return Some("no claim value");
    }
    if parts[1] == "*" {
        return Some("a wildcard for the first claim");
    }
    if GITHUB_ABUSABLE_CLAIMS
        .iter()
        .any(|c| parts[0].starts_with(c))
    {
        return Some("a first claim any workflow can choose");
    }
    if parts[0] == "repo" {
        let repo = parts[1];
        let ok = repo.split_once('/').is_some_and(|(org, name)| {
            !org.is_empty()
                && !name.is_empty()
                && org
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
        if !ok {
            return Some("no organization/repository");
        }
    }
    None
}

fn github_oidc_trust(_: &Ctx, r: &Resource) -> Verdict {
    let Some(stmts) = statements(r.attributes.get("assume_role_policy")) else {
        return match r.attributes.get("assume_role_policy") {
            None | Some(Value::Null) => Verdict::Pass,
            _ => Verdict::Unknown,
        };
    };
    for s in stmts.iter().filter(|s| allows(s)) {
        let federated = s.get("Principal").and_then(|p| p.get("Federated"));
        if !json_strings(federated)
            .iter()
            .any(|f| f.contains(GITHUB_OIDC))
        {
            continue;
        }
        let subs: Vec<String> = s
            .get("Condition")
            .and_then(Json::as_object)
            .into_iter()
            .flat_map(|c| c.values())
            .filter_map(Json::as_object)
            .flat_map(|keys| keys.iter())
            .filter(|(k, _)| is_github_sub(k))
            .flat_map(|(_, v)| json_strings(Some(v)))
            .collect();
        if subs.is_empty() {
            return fail(
                "assume_role_policy",
                "GitHub Actions may assume the role from any repository: the trust policy has no condition on `token.actions.githubusercontent.com:sub`.",
            );
        }
        if let Some((v, why)) = subs
            .iter()
            .find_map(|v| github_sub_problem(v).map(|why| (v, why)))
        {
            return fail(
                "assume_role_policy",
                format!("The trust policy's GitHub `sub` condition \"{v}\" has {why}, so workflows of other repositories or branches may assume the role."),
            );
        }
    }
    Verdict::Pass
}

/// The inline policies of a role: its `inline_policy` blocks, its `aws_iam_role_policy`
/// resources, and a `policy` argument where one is written.
fn role_policy_statements(ctx: &Ctx, role: &Resource) -> Option<Vec<Json>> {
    let mut out = Vec::new();
    for b in blocks(role, "inline_policy") {
        if let Some(p) = b.get("policy") {
            out.extend(statements(Some(p))?);
        }
    }
    if let Some(p) = role.attributes.get("policy") {
        out.extend(statements(Some(p))?);
    }
    for rp in ctx.related("aws_iam_role_policy", "role", role, &["name", "id"]) {
        out.extend(statements(rp.attributes.get("policy"))?);
    }
    Some(out)
}

fn sagemaker_role_admin(ctx: &Ctx, r: &Resource) -> Verdict {
    let Some(role) = r
        .attributes
        .get("role_arn")
        .and_then(|v| ctx.referenced("aws_iam_role", v, r, &["arn"]))
    else {
        return Verdict::Pass;
    };
    if let Verdict::Fail { .. } = administrator_access_attached(ctx, role) {
        return fail(
            "role_arn",
            format!(
                "The notebook's role {} has AdministratorAccess attached.",
                role.address
            ),
        );
    }
    let Some(stmts) = role_policy_statements(ctx, role) else {
        return Verdict::Unknown;
    };
    let admin = stmts.iter().filter(|s| allows(s)).any(|s| {
        json_strings(s.get("Action"))
            .iter()
            .any(|a| a == "*" || a == "*:*")
    });
    if admin {
        fail(
            "role_arn",
            format!(
                "The notebook's role {} allows every action (\"*\").",
                role.address
            ),
        )
    } else {
        Verdict::Pass
    }
}

// ---- Route 53 ------------------------------------------------------------------------------

fn route53_a_record_attached(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "type") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(t)) if t == "A" => {}
        _ => return Verdict::Pass,
    }
    let mut values: Vec<&Value> = Vec::new();
    if let Some(v) = r.attributes.get("records") {
        values.push(v);
    }
    if let Some(v) = attr(r, "alias.name") {
        values.push(v);
    }
    if values.is_empty() || values.iter().any(|v| !v.is_wholly_known()) {
        // A record with no target is incomplete; one that names a value computed from a
        // resource, module, data source or variable points at something managed.
        return Verdict::Pass;
    }
    let at = if r.attributes.contains_key("records") {
        "records"
    } else {
        "alias"
    };
    fail(
        at,
        "The A record points at fixed addresses no resource of the configuration owns; when they are released the name dangles and can be taken over.",
    )
}

// ---- CloudWatch ----------------------------------------------------------------------------

fn log_retention_year(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "retention_in_days") {
        None | Some(Value::Null) => Verdict::Pass,
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) => match v.as_f64() {
            Some(n) if n == 0.0 || n >= 365.0 => Verdict::Pass,
            Some(n) => fail(
                "retention_in_days",
                format!("Logs are kept {n} days, less than a year."),
            ),
            None => Verdict::Unknown,
        },
    }
}

// ---- Elastic IPs, routes and NACLs ---------------------------------------------------------

/// Resources that put an Elastic IP to use by naming it.
const EIP_USERS: &[&str] = &[
    "aws_eip_association",
    "aws_nat_gateway",
    "aws_transfer_server",
    "aws_lb",
    "aws_alb",
    "aws_globalaccelerator_custom_routing_endpoint_group",
];

fn eip_attached(ctx: &Ctx, r: &Resource) -> Verdict {
    let in_vpc = attr(r, "domain").and_then(Value::as_str) == Some("vpc")
        || bool_of(attr(r, "vpc")) == Ok(Some(true));
    if !in_vpc {
        return Verdict::Pass;
    }
    for key in ["instance", "network_interface", "associate_with_private_ip"] {
        if attr(r, key).is_some_and(|v| !matches!(v, Value::Null)) {
            return Verdict::Pass;
        }
    }
    if !referrers(ctx, r, EIP_USERS).is_empty() {
        return Verdict::Pass;
    }
    fail(
        "domain",
        "The Elastic IP is allocated but nothing uses it: no instance, network interface, association, NAT gateway or load balancer names it.",
    )
}

/// The routes of a route table (its `route` blocks) or a route, as (attribute, route).
fn routes(r: &Resource) -> Vec<(&'static str, Value)> {
    if r.resource_type == "aws_route_table" {
        return blocks(r, "route")
            .into_iter()
            .map(|b| ("route", b.clone()))
            .collect();
    }
    vec![(
        "destination_cidr_block",
        Value::Object(r.attributes.as_ref().clone()),
    )]
}

/// The destination of a route to everywhere ("0.0.0.0/0" or "::/0"), if it is one.
fn default_destination(route: &Value) -> Option<String> {
    [
        "cidr_block",
        "ipv6_cidr_block",
        "destination_cidr_block",
        "destination_ipv6_cidr_block",
    ]
    .iter()
    .filter_map(|k| route.get(k).and_then(Value::as_str))
    .find(|c| matches!(c.trim(), "0.0.0.0/0" | "::/0"))
    .map(str::to_string)
}

/// Whether a route's `key` names a target (set, not empty).
fn targets(route: &Value, key: &str) -> bool {
    match route.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

fn peering_route_to_everywhere(_: &Ctx, r: &Resource) -> Verdict {
    for (at, route) in routes(r) {
        if !targets(&route, "vpc_peering_connection_id") {
            continue;
        }
        if let Some(d) = default_destination(&route) {
            return fail(
                at,
                format!("A route sends all traffic ({d}) through a VPC peering connection, so the peer network is reachable for everything, not only its CIDR."),
            );
        }
    }
    Verdict::Pass
}

fn default_route_via_instance(_: &Ctx, r: &Resource) -> Verdict {
    for (at, route) in routes(r) {
        if !targets(&route, "instance_id") {
            continue;
        }
        if let Some(d) = default_destination(&route) {
            return fail(
                at,
                format!("The default route ({d}) goes through an EC2 instance (a NAT instance) instead of a NAT gateway."),
            );
        }
    }
    Verdict::Pass
}

fn nacl_attached(ctx: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "subnet_ids") {
        Some(Value::List(l)) if !l.is_empty() => return Verdict::Pass,
        Some(v) if !v.is_known() => return Verdict::Pass,
        _ => {}
    }
    if !ctx
        .related("aws_network_acl_association", "network_acl_id", r, &["id"])
        .is_empty()
    {
        return Verdict::Pass;
    }
    fail(
        "vpc_id",
        "The network ACL is attached to no subnet (no `subnet_ids`, no aws_network_acl_association), so its rules protect nothing.",
    )
}

fn acm_wildcard(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "domain_name") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(d)) if d.contains('*') => {
            return fail(
                "domain_name",
                format!("The certificate is for a wildcard name (\"{d}\"): one leaked key serves every subdomain."),
            )
        }
        _ => {}
    }
    if let Some(v) = r.attributes.get("subject_alternative_names") {
        let Some(names) = strings(v) else {
            return Verdict::Unknown;
        };
        if let Some(n) = names.iter().find(|n| n.contains('*')) {
            return fail(
                "subject_alternative_names",
                format!("The certificate covers a wildcard name (\"{n}\"): one leaked key serves every subdomain."),
            );
        }
    }
    Verdict::Pass
}

// ---- DynamoDB autoscaling ------------------------------------------------------------------

fn dynamodb_autoscaling(ctx: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "billing_mode") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(m)) if m == "PAY_PER_REQUEST" => return Verdict::Pass,
        _ => {}
    }
    let table_id = attr(r, "name")
        .and_then(Value::as_str)
        .map(|n| format!("table/{n}"));
    let targets: Vec<&Resource> = ctx
        .of_type("aws_appautoscaling_target")
        .iter()
        .copied()
        .filter(|t| t.root == r.root)
        .filter(|t| match t.attributes.get("resource_id") {
            Some(Value::String(s)) => Some(s) == table_id.as_ref(),
            Some(v) => mentions(v, r),
            None => false,
        })
        .collect();
    let scaled = targets.iter().any(|t| {
        let id = t.attributes.get("resource_id");
        ctx.of_type("aws_appautoscaling_policy").iter().any(|p| {
            p.root == r.root
                && p.attributes.values().any(|v| mentions(v, t))
                || matches!((p.attributes.get("resource_id"), id), (Some(Value::String(a)), Some(Value::String(b))) if a == b)
        })
    });
    if scaled {
        Verdict::Pass
    } else {
        fail(
            "billing_mode",
            "The table has provisioned capacity and no autoscaling (no aws_appautoscaling_target with a policy for it), so load above the provisioned throughput is throttled.",
        )
    }
}

// ---- load balancers ------------------------------------------------------------------------

/// Whether a load balancer is an application load balancer reachable from the internet:
/// `Err` when its type or scheme is unknown.
fn public_alb(r: &Resource) -> Result<bool, Unknowable> {
    match attr(r, "load_balancer_type") {
        Some(v) if !v.is_known() => return Err(Unknowable),
        Some(Value::String(t)) if t != "application" => return Ok(false),
        _ => {}
    }
    match bool_of(attr(r, "internal"))? {
        Some(true) => Ok(false),
        _ => Ok(true),
    }
}

const WAF_ASSOCIATIONS: &[&str] = &[
    "aws_wafv2_web_acl_association",
    "aws_wafregional_web_acl_association",
];

fn alb_waf(ctx: &Ctx, r: &Resource) -> Verdict {
    match public_alb(r) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(false) => return Verdict::Pass,
        Ok(true) => {}
    }
    let protected = WAF_ASSOCIATIONS
        .iter()
        .any(|t| !ctx.related(t, "resource_arn", r, &["arn", "id"]).is_empty());
    if protected {
        Verdict::Pass
    } else {
        fail(
            "internal",
            "The internet-facing application load balancer has no WAF web ACL (no aws_wafv2_web_acl_association names it).",
        )
    }
}

/// The listeners of a load balancer.
fn listeners_of<'a>(ctx: &Ctx<'a>, lb: &Resource) -> Vec<&'a Resource> {
    ["aws_lb_listener", "aws_alb_listener"]
        .iter()
        .flat_map(|t| ctx.related(t, "load_balancer_arn", lb, &["arn", "id"]))
        .collect()
}

fn alb_redirects_http(ctx: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "load_balancer_type") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(t)) if t != "application" => return Verdict::Pass,
        _ => {}
    }
    for l in listeners_of(ctx, r) {
        let protocol = attr(l, "protocol");
        let port = attr(l, "port");
        if protocol.is_some_and(|v| !v.is_known()) || port.is_some_and(|v| !v.is_known()) {
            return Verdict::Unknown;
        }
        let http = protocol
            .and_then(Value::as_str)
            .is_some_and(|p| p.eq_ignore_ascii_case("HTTP"));
        if !http {
            continue;
        }
        let redirects = blocks(l, "default_action").iter().any(|a| {
            a.get("type").and_then(Value::as_str) == Some("redirect")
                && a.get("redirect")
                    .map(first)
                    .and_then(|x| x.get("protocol"))
                    .and_then(Value::as_str)
                    .is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"))
        });
        if !redirects {
            return Verdict::Fail {
                attr: "load_balancer_type".into(),
                message: format!(
                    "The load balancer serves plain HTTP on {} without redirecting to HTTPS.",
                    l.address
                ),
                at: Some((l.location.file.clone(), l.line_of("protocol"))),
            };
        }
    }
    Verdict::Pass
}

fn metadata_hop_limit(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "metadata_options.http_put_response_hop_limit") {
        None | Some(Value::Null) => Verdict::Pass,
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) => match v.as_f64() {
            Some(n) if n > 1.0 => fail(
                "metadata_options",
                format!("The metadata response hop limit is {n}: containers and forwarded traffic on the instance can reach its credentials."),
            ),
            _ => Verdict::Pass,
        },
    }
}

/// The autoscaling group an attachment names (by reference or by name).
fn asg_of<'a>(ctx: &Ctx<'a>, r: &'a Resource) -> Option<&'a Resource> {
    if r.resource_type == "aws_autoscaling_group" {
        return Some(r);
    }
    let v = r.attributes.get("autoscaling_group_name")?;
    ctx.referenced("aws_autoscaling_group", v, r, &["name", "id"])
}

fn asg_elb_health_checks(ctx: &Ctx, r: &Resource) -> Verdict {
    if r.resource_type == "aws_autoscaling_group" {
        let attached = ["load_balancers", "target_group_arns"].iter().any(|k| {
            matches!(attr(r, k), Some(Value::List(l)) if !l.is_empty())
                || attr(r, k).is_some_and(|v| !v.is_known())
        });
        if !attached {
            return Verdict::Pass;
        }
    }
    let Some(asg) = asg_of(ctx, r) else {
        return Verdict::Unknown;
    };
    match attr(asg, "health_check_type") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(t)) if t == "ELB" => {}
        _ => {
            return fail(
                if r.resource_type == "aws_autoscaling_group" { "health_check_type" } else { "autoscaling_group_name" },
                format!("{} is behind a load balancer but replaces instances on EC2 status checks only (`health_check_type` is not \"ELB\").", asg.address),
            )
        }
    }
    if let Some(elb) = r
        .attributes
        .get("elb")
        .and_then(|v| ctx.referenced("aws_elb", v, r, &["name", "id"]))
    {
        if attr(elb, "health_check").is_none() {
            return fail(
                "elb",
                format!(
                    "The classic load balancer {} defines no health check.",
                    elb.address
                ),
            );
        }
    }
    if let Some(tg) = r
        .attributes
        .get("lb_target_group_arn")
        .and_then(|v| ctx.referenced("aws_lb_target_group", v, r, &["arn"]))
    {
        if bool_of(attr(tg, "health_check.enabled")) == Ok(Some(false)) {
            return fail(
                "lb_target_group_arn",
                format!(
                    "The target group {} has health checks disabled.",
                    tg.address
                ),
            );
        }
    }
    Verdict::Pass
}

fn sg_http_open(_: &Ctx, r: &Resource) -> Verdict {
    world_open(r, &[80.0], "HTTP")
}

// ---- Lambda --------------------------------------------------------------------------------

fn lambda_url_open_cors(ctx: &Ctx, r: &Resource) -> Verdict {
    for url in ctx.related(
        "aws_lambda_function_url",
        "function_name",
        r,
        &["function_name", "arn"],
    ) {
        let any = |k: &str| {
            attr(url, &format!("cors.{k}"))
                .and_then(strings)
                .is_some_and(|v| v.iter().any(|s| s == "*"))
        };
        if any("allow_origins") && any("allow_methods") {
            return Verdict::Fail {
                attr: "function_name".into(),
                message: format!(
                    "The function URL {} allows any origin to call any method (CORS \"*\" for both).",
                    url.address
                ),
                at: Some((url.location.file.clone(), url.line_of("cors"))),
            };
        }
    }
    Verdict::Pass
}

fn lambda_concurrency(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "reserved_concurrent_executions") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if v.as_f64().is_some_and(|n| n >= 0.0) => Verdict::Pass,
        Some(_) => fail(
            "reserved_concurrent_executions",
            "The function has no concurrency limit (`reserved_concurrent_executions` is -1): a burst can use the account's whole concurrency.",
        ),
        None => fail(
            "reserved_concurrent_executions",
            "The function has no concurrency limit (`reserved_concurrent_executions` is not set): a burst can use the account's whole concurrency.",
        ),
    }
}

// ---- WAF -----------------------------------------------------------------------------------

/// AWS's managed rule group that blocks Log4Shell (CVE-2021-44228) request patterns.
const KNOWN_BAD_INPUTS: &str = "AWSManagedRulesKnownBadInputsRuleSet";

/// What keeps a WAFv2 web ACL from blocking Log4Shell, when something does.
fn log4j_gap(acl: &Resource) -> Result<Option<String>, Unknowable> {
    let rules = match acl.attributes.get("rule") {
        Some(v) if !v.is_known() => return Err(Unknowable),
        _ => blocks(acl, "rule"),
    };
    for rule in rules {
        let Some(group) = rule
            .get("statement")
            .map(first)
            .and_then(|s| s.get("managed_rule_group_statement"))
            .map(first)
        else {
            continue;
        };
        match group.get("name") {
            Some(v) if !v.is_known() => return Err(Unknowable),
            Some(Value::String(n)) if n == KNOWN_BAD_INPUTS => {}
            _ => continue,
        }
        let excluded = group
            .get("excluded_rule")
            .into_iter()
            .flat_map(|v| match v {
                Value::List(items) => items.iter().collect(),
                other => vec![other],
            })
            .any(|e| {
                e.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.starts_with("Log4JRCE"))
            });
        let counted = match group.get("rule_action_override") {
            Some(Value::List(items)) => items.iter().any(|o| {
                o.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.starts_with("Log4JRCE"))
                    && o.get("action_to_use")
                        .map(first)
                        .is_some_and(|a| a.get("count").is_some() || a.get("allow").is_some())
            }),
            _ => false,
        };
        if excluded || counted {
            return Ok(Some(format!(
                "its {KNOWN_BAD_INPUTS} rule group excludes the Log4JRCE rules"
            )));
        }
        let override_action = rule.get("override_action").map(first);
        if override_action.is_some_and(|o| o.get("count").is_some()) {
            return Ok(Some(format!(
                "its {KNOWN_BAD_INPUTS} rule group only counts matches (`override_action` is count)"
            )));
        }
        return Ok(None);
    }
    Ok(Some(format!("it has no {KNOWN_BAD_INPUTS} rule group")))
}

fn wafv2_log4j(_: &Ctx, r: &Resource) -> Verdict {
    match log4j_gap(r) {
        Err(Unknowable) => Verdict::Unknown,
        Ok(None) => Verdict::Pass,
        Ok(Some(why)) => fail(
            "rule",
            format!("The web ACL does not block Log4Shell (CVE-2021-44228) requests: {why}."),
        ),
    }
}

/// The web ACLs associated with a resource by aws_wafv2_web_acl_association; `Err` when
/// an association names an ACL that is not in the configuration.
fn associated_acls<'a>(ctx: &Ctx<'a>, r: &Resource) -> Result<Vec<&'a Resource>, Unknowable> {
    let mut out = Vec::new();
    for assoc in ctx.related("aws_wafv2_web_acl_association", "resource_arn", r, &["arn"]) {
        let acl = assoc
            .attributes
            .get("web_acl_arn")
            .and_then(|v| ctx.referenced("aws_wafv2_web_acl", v, assoc, &["arn"]));
        match acl {
            Some(a) => out.push(a),
            None => return Err(Unknowable),
        }
    }
    Ok(out)
}

/// A resource whose associated web ACLs must block Log4Shell; unassociated passes.
fn attached_acl_log4j(acls: Result<Vec<&Resource>, Unknowable>, at: &str) -> Verdict {
    let Ok(acls) = acls else {
        return Verdict::Unknown;
    };
    for acl in acls {
        match log4j_gap(acl) {
            Err(Unknowable) => return Verdict::Unknown,
            Ok(None) => {}
            Ok(Some(why)) => {
                return Verdict::Fail {
                    attr: at.into(),
                    message: format!(
                        "The attached web ACL {} does not block Log4Shell (CVE-2021-44228): {why}.",
                        acl.address
                    ),
                    at: Some((acl.location.file.clone(), acl.line_of("rule"))),
                };
            }
        }
    }
    Verdict::Pass
}

fn alb_waf_log4j(ctx: &Ctx, r: &Resource) -> Verdict {
    if bool_of(attr(r, "internal")) == Ok(Some(true)) {
        return Verdict::Pass;
    }
    attached_acl_log4j(associated_acls(ctx, r), "name")
}

fn associated_log4j(ctx: &Ctx, r: &Resource) -> Verdict {
    attached_acl_log4j(associated_acls(ctx, r), "name")
}

fn cloudfront_waf_log4j(ctx: &Ctx, r: &Resource) -> Verdict {
    let acl = match r.attributes.get("web_acl_id") {
        None | Some(Value::Null) => return Verdict::Pass,
        Some(v) => ctx.referenced("aws_wafv2_web_acl", v, r, &["arn"]),
    };
    match acl {
        Some(a) => attached_acl_log4j(Ok(vec![a]), "web_acl_id"),
        None if r.attributes.get("web_acl_id").is_some_and(|v| v.is_known()) => Verdict::Pass,
        None => Verdict::Unknown,
    }
}

fn appsync_waf(ctx: &Ctx, r: &Resource) -> Verdict {
    if ctx
        .related("aws_wafv2_web_acl_association", "resource_arn", r, &["arn"])
        .is_empty()
    {
        fail(
            "name",
            "The GraphQL API has no WAF web ACL (no aws_wafv2_web_acl_association names it).",
        )
    } else {
        Verdict::Pass
    }
}

fn apigw_stage_waf(ctx: &Ctx, r: &Resource) -> Verdict {
    let api = r
        .attributes
        .get("rest_api_id")
        .and_then(|v| ctx.referenced("aws_api_gateway_rest_api", v, r, &["id"]));
    // Whether the API is private is only known when it is declared here.
    let Some(api) = api else {
        return Verdict::Unknown;
    };
    match attr(api, "endpoint_configuration.types") {
        Some(v) if !v.is_wholly_known() => return Verdict::Unknown,
        Some(v) if strings(v).is_some_and(|t| t.iter().any(|x| x == "PRIVATE")) => {
            return Verdict::Pass
        }
        _ => {}
    }
    let protected = WAF_ASSOCIATIONS
        .iter()
        .any(|t| !ctx.related(t, "resource_arn", r, &["arn"]).is_empty())
        || attr(r, "web_acl_arn").is_some_and(|v| !matches!(v, Value::Null));
    if protected {
        Verdict::Pass
    } else {
        fail(
            "stage_name",
            "The public API stage has no WAF web ACL (no aws_wafv2_web_acl_association names it).",
        )
    }
}

// ---- classic load balancers and target groups ----------------------------------------------

/// Outdated protocols and security policies of a classic load balancer's SSL negotiation.
const OUTDATED_ELB_PROTOCOLS: &[&str] = &["Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1"];
const OUTDATED_ELB_POLICIES: &[&str] = &[
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS-1-1-2017-01",
    "ELBSecurityPolicy-2015-05",
    "ELBSecurityPolicy-2015-03",
    "ELBSecurityPolicy-2015-02",
    "ELBSecurityPolicy-TLS-1-0-2015-04",
    "ELBSecurityPolicy-2014-10",
    "ELBSecurityPolicy-Default",
    "ELBSecurityPolicy-2014-01",
];

fn elb_policy_protocols(_: &Ctx, r: &Resource) -> Verdict {
    for a in blocks(r, "policy_attribute") {
        let name = a.get("name").and_then(Value::as_str).unwrap_or("");
        let value = a.get("value");
        if value.is_some_and(|v| !v.is_known()) {
            return Verdict::Unknown;
        }
        let text = value
            .and_then(Value::to_template_string)
            .unwrap_or_default();
        if OUTDATED_ELB_PROTOCOLS.contains(&name) && text.eq_ignore_ascii_case("true") {
            return fail(
                "policy_attribute",
                format!("The policy enables the outdated protocol {name}."),
            );
        }
        if name == "Reference-Security-Policy" && OUTDATED_ELB_POLICIES.contains(&text.as_str()) {
            return fail(
                "policy_attribute",
                format!(
                    "The policy uses the security policy {text}, which accepts TLS before 1.2."
                ),
            );
        }
    }
    Verdict::Pass
}

fn elb_backend_tls(_: &Ctx, r: &Resource) -> Verdict {
    for l in blocks(r, "listener") {
        match l.get("instance_protocol") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(p)) if p.eq_ignore_ascii_case("http") || p.eq_ignore_ascii_case("tcp") => {
                return fail(
                    "listener",
                    format!("A listener forwards to the instances over {} (`instance_protocol`), unencrypted.", p.to_uppercase()),
                )
            }
            Some(Value::String(_)) => {
                let cert = l.get("ssl_certificate_id");
                if matches!(cert, None | Some(Value::Null)) || cert.and_then(Value::as_str) == Some("") {
                    return fail(
                        "listener",
                        "A listener uses HTTPS or SSL with no `ssl_certificate_id`.",
                    );
                }
            }
            _ => {}
        }
    }
    Verdict::Pass
}

fn target_group_http(ctx: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "protocol") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(p)) if p == "HTTP" => {}
        _ => return Verdict::Pass,
    }
    let listeners = referrers(ctx, r, &["aws_lb_listener", "aws_alb_listener"]);
    for l in &listeners {
        match attr(l, "protocol") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(p)) if p != "HTTP" => return Verdict::Pass,
            _ => {}
        }
    }
    fail(
        "protocol",
        "Traffic reaches the target group over HTTP and no HTTPS listener of this configuration forwards to it, so requests travel unencrypted end to end.",
    )
}

// ---- API Gateway ---------------------------------------------------------------------------

fn apigw_client_certificate(ctx: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "client_certificate_id").is_some_and(|v| !matches!(v, Value::Null)) {
        return Verdict::Pass;
    }
    if r.resource_type == "aws_apigatewayv2_stage" {
        let api = r
            .attributes
            .get("api_id")
            .and_then(|v| ctx.referenced("aws_apigatewayv2_api", v, r, &["id"]));
        let Some(api) = api else {
            return Verdict::Pass;
        };
        match attr(api, "protocol_type") {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::String(p)) if p == "WEBSOCKET" => {}
            _ => return Verdict::Pass,
        }
    }
    fail(
        "stage_name",
        "The stage calls its backend without a client certificate (`client_certificate_id`), so the backend cannot tell API Gateway's requests from anyone else's.",
    )
}

// ---- CloudFront ----------------------------------------------------------------------------

fn cloudfront_response_headers(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "default_cache_behavior.response_headers_policy_id") {
        None | Some(Value::Null) => fail(
            "default_cache_behavior",
            "The default cache behavior attaches no response headers policy (`response_headers_policy_id`), so no security headers (HSTS, X-Content-Type-Options, …) are added.",
        ),
        Some(Value::String(s)) if s.is_empty() => fail(
            "default_cache_behavior",
            "The default cache behavior attaches no response headers policy (`response_headers_policy_id`).",
        ),
        _ => Verdict::Pass,
    }
}

fn cloudfront_hsts(_: &Ctx, r: &Resource) -> Verdict {
    let Some(sts) = attr(r, "security_headers_config.strict_transport_security") else {
        return fail(
            "security_headers_config",
            "The policy does not add Strict-Transport-Security.",
        );
    };
    if !sts.is_known() {
        return Verdict::Unknown;
    }
    match sts.get("access_control_max_age_sec") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(v) if v.as_f64().is_some_and(|n| n >= 31_536_000.0) => {}
        _ => {
            return fail(
                "security_headers_config",
                "Strict-Transport-Security lasts less than a year (`access_control_max_age_sec` under 31536000).",
            )
        }
    }
    for (key, what) in [
        ("include_subdomains", "does not include subdomains"),
        ("preload", "is not preloadable"),
        ("override", "does not override the origin's header"),
    ] {
        match bool_of(sts.get(key)) {
            Err(Unknowable) => return Verdict::Unknown,
            Ok(Some(true)) => {}
            _ => {
                return fail(
                    "security_headers_config",
                    format!("Strict-Transport-Security {what} (`{key}` is not true)."),
                )
            }
        }
    }
    Verdict::Pass
}

/// Whether an origin's domain is an AWS endpoint that serves HTTPS (a load balancer,
/// MediaStore, MediaPackage), written or referenced.
fn https_capable_origin(domain: &Value) -> bool {
    match domain {
        Value::String(d) => [".elb.", ".mediastore.", ".mediapackage."]
            .iter()
            .any(|m| d.contains(m)),
        Value::Unknown(u) | Value::Partial(_, u) => u
            .refs
            .iter()
            .any(|r| r.contains("aws_lb.") || r.contains("aws_alb.") || r.contains("aws_elb.")),
        _ => false,
    }
}

fn cloudfront_origin_https(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "enabled")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(false)) => return Verdict::Pass,
        _ => {}
    }
    for origin in blocks(r, "origin") {
        let Some(config) = origin.get("custom_origin_config").map(first) else {
            continue;
        };
        let policy = config.get("origin_protocol_policy");
        if policy.is_some_and(|v| !v.is_known()) {
            return Verdict::Unknown;
        }
        let policy = policy.and_then(Value::as_str).unwrap_or("");
        if policy == "https-only" {
            continue;
        }
        if origin.get("domain_name").is_some_and(https_capable_origin) {
            return fail(
                "origin",
                format!("CloudFront may reach a load balancer or media origin over HTTP (`origin_protocol_policy` is \"{policy}\")."),
            );
        }
    }
    Verdict::Pass
}

fn cloudfront_custom_certificate(_: &Ctx, r: &Resource) -> Verdict {
    for key in ["acm_certificate_arn", "iam_certificate_id"] {
        if attr(r, &format!("viewer_certificate.{key}")).is_some_and(|v| !matches!(v, Value::Null))
        {
            return Verdict::Pass;
        }
    }
    fail(
        "viewer_certificate",
        "The distribution serves the default *.cloudfront.net certificate, not one for its own domain (`acm_certificate_arn`).",
    )
}

// ---- ECS, EKS, ECR -------------------------------------------------------------------------

fn ecs_exec_logging(_: &Ctx, r: &Resource) -> Verdict {
    let Some(exec) = attr(r, "configuration.execute_command_configuration") else {
        return Verdict::Pass;
    };
    if !exec.is_known() {
        return Verdict::Unknown;
    }
    if exec.get("logging").and_then(Value::as_str) == Some("NONE") {
        return Verdict::Pass;
    }
    if matches!(exec.get("kms_key_id"), None | Some(Value::Null)) {
        return fail(
            "configuration",
            "ECS Exec sessions are not encrypted with a customer-managed KMS key (`execute_command_configuration.kms_key_id`).",
        );
    }
    let log = exec.get("log_configuration").map(first);
    let encrypted = log.is_some_and(|l| {
        [
            "cloud_watch_encryption_enabled",
            "s3_bucket_encryption_enabled",
        ]
        .iter()
        .any(|k| bool_of(l.get(k)) == Ok(Some(true)))
    });
    if encrypted {
        Verdict::Pass
    } else {
        fail(
            "configuration",
            "ECS Exec session logs are not written encrypted (no `log_configuration` with cloud_watch_encryption_enabled or s3_bucket_encryption_enabled).",
        )
    }
}

fn fargate_platform(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "launch_type").and_then(Value::as_str) != Some("FARGATE") {
        return Verdict::Pass;
    }
    match attr(r, "platform_version") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(p)) if p != "LATEST" => fail(
            "platform_version",
            format!("The service is pinned to Fargate platform {p} instead of LATEST, so it misses security fixes."),
        ),
        _ => Verdict::Pass,
    }
}

/// The oldest EKS Kubernetes minor version taken as supported.
const EKS_OLDEST_MINOR: u32 = 29;

fn eks_version(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "version") {
        None | Some(Value::Null) => Verdict::Pass,
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) => {
            let text = v.to_template_string().unwrap_or_default();
            let minor = text
                .strip_prefix("1.")
                .and_then(|m| m.split('.').next())
                .and_then(|m| m.parse::<u32>().ok());
            match minor {
                Some(m) if m < EKS_OLDEST_MINOR => fail(
                    "version",
                    format!("Kubernetes {text} is past EKS standard support (1.{EKS_OLDEST_MINOR} or later is supported)."),
                ),
                _ => Verdict::Pass,
            }
        }
    }
}

/// The container definitions of a task definition, as JSON.
fn container_definitions(r: &Resource) -> Option<Vec<Json>> {
    let text = attr(r, "container_definitions")?.as_str()?;
    match serde_json::from_str::<Json>(text).ok()? {
        Json::Array(items) => Some(items),
        o @ Json::Object(_) => Some(vec![o]),
        _ => None,
    }
}

fn ecs_readonly_root(_: &Ctx, r: &Resource) -> Verdict {
    let Some(containers) = container_definitions(r) else {
        return Verdict::Unknown;
    };
    for c in &containers {
        if c.get("readonlyRootFilesystem").and_then(Json::as_bool) != Some(true) {
            let name = c
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or("a container");
            return fail(
                "container_definitions",
                format!("The container {name} can write to its root filesystem (`readonlyRootFilesystem` is not true)."),
            );
        }
    }
    Verdict::Pass
}

/// A statement whose condition operators lose their set qualifier
/// (`ForAllValues:StringEquals` reads as `StringEquals`), for judging who it narrows to.
fn without_set_operators(s: &Json) -> Json {
    let mut out = s.clone();
    if let Some(Json::Object(condition)) = out.get_mut("Condition") {
        let renamed: serde_json::Map<String, Json> = condition
            .iter()
            .map(|(op, v)| {
                let bare = op
                    .strip_prefix("ForAllValues:")
                    .or_else(|| op.strip_prefix("ForAnyValue:"))
                    .unwrap_or(op);
                (bare.to_string(), v.clone())
            })
            .collect();
        *condition = renamed;
    }
    out
}

fn ecr_policy_public(_: &Ctx, r: &Resource) -> Verdict {
    let Some(stmts) = statements(r.attributes.get("policy")) else {
        return Verdict::Unknown;
    };
    if stmts.iter().any(|s| {
        allows(s)
            && principal_is_everyone(s)
            && !condition_narrows_principal(&without_set_operators(s))
    }) {
        fail(
            "policy",
            "The repository policy allows any principal (\"*\") without a condition that narrows who: anyone can pull (or push) images.",
        )
    } else {
        Verdict::Pass
    }
}

// ---- VPC and IAM users ---------------------------------------------------------------------

fn iam_user_console(ctx: &Ctx, r: &Resource) -> Verdict {
    match ctx
        .related("aws_iam_user_login_profile", "user", r, &["name"])
        .first()
    {
        Some(profile) => Verdict::Fail {
            attr: "name".into(),
            message: format!(
                "The user has a console password ({}); give people console access through SSO or roles.",
                profile.address
            ),
            at: Some((profile.location.file.clone(), profile.location.line)),
        },
        None => Verdict::Pass,
    }
}

fn iam_group_empty(ctx: &Ctx, r: &Resource) -> Verdict {
    let members = ctx
        .related("aws_iam_group_membership", "group", r, &["name"])
        .iter()
        .any(|m| !matches!(attr(m, "users"), Some(Value::List(l)) if l.is_empty()));
    let by_user = ctx
        .of_type("aws_iam_user_group_membership")
        .iter()
        .filter(|m| m.root == r.root)
        .any(|m| {
            m.attributes.get("groups").is_some_and(|g| {
                mentions(g, r)
                    || strings(g).is_some_and(|names| {
                        attr(r, "name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| names.iter().any(|x| x == n))
                    })
            })
        });
    if members || by_user {
        Verdict::Pass
    } else {
        fail(
            "name",
            "The group has no members (no aws_iam_group_membership or aws_iam_user_group_membership names it).",
        )
    }
}

fn asg_launch_template(_: &Ctx, r: &Resource) -> Verdict {
    let direct = attr(r, "launch_template").is_some_and(|v| !matches!(v, Value::Null));
    let mixed = attr(r, "mixed_instances_policy.launch_template")
        .is_some_and(|v| !matches!(v, Value::Null));
    if direct || mixed {
        Verdict::Pass
    } else {
        fail(
            "launch_configuration",
            "The group launches from a launch configuration, not a launch template.",
        )
    }
}

// ---- platform services: Beanstalk, Image Builder, SSM, Config, ECS, EKS, SageMaker ----------

/// Whether an Elastic Beanstalk environment sets `namespace`/`name` to true.
fn beanstalk_setting_true(r: &Resource, namespace: &str, name: &str) -> Result<bool, Unknowable> {
    for s in blocks(r, "setting") {
        if s.get("namespace").and_then(Value::as_str) != Some(namespace)
            || s.get("name").and_then(Value::as_str) != Some(name)
        {
            continue;
        }
        return match s.get("value") {
            Some(v) if !v.is_known() => Err(Unknowable),
            Some(v) => Ok(v
                .to_template_string()
                .is_some_and(|t| t.eq_ignore_ascii_case("true"))),
            None => Ok(false),
        };
    }
    Ok(false)
}

fn beanstalk_enhanced_health(_: &Ctx, r: &Resource) -> Verdict {
    match beanstalk_setting_true(r, "aws:elasticbeanstalk:healthreporting:system", "HealthStreamingEnabled") {
        Err(Unknowable) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail(
            "setting",
            "Health reporting is not streamed to CloudWatch Logs (aws:elasticbeanstalk:healthreporting:system HealthStreamingEnabled is not true).",
        ),
    }
}

fn beanstalk_managed_updates(_: &Ctx, r: &Resource) -> Verdict {
    match beanstalk_setting_true(r, "aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled") {
        Err(Unknowable) => Verdict::Unknown,
        Ok(true) => Verdict::Pass,
        Ok(false) => fail(
            "setting",
            "Managed platform updates are not enabled (aws:elasticbeanstalk:managedactions ManagedActionsEnabled is not true), so the platform is not patched.",
        ),
    }
}

fn image_recipe_disks_cmk(_: &Ctx, r: &Resource) -> Verdict {
    for m in blocks(r, "block_device_mapping") {
        let Some(ebs) = m.get("ebs").map(first) else {
            continue;
        };
        match bool_of(ebs.get("encrypted")) {
            Err(Unknowable) => return Verdict::Unknown,
            Ok(Some(true)) => {}
            _ => {
                return fail(
                    "block_device_mapping",
                    "A block device of the recipe is not encrypted (`ebs.encrypted` is not true).",
                )
            }
        }
        if matches!(ebs.get("kms_key_id"), None | Some(Value::Null)) {
            return fail(
                "block_device_mapping",
                "A block device of the recipe is not encrypted with a customer-managed KMS key (`ebs.kms_key_id`).",
            );
        }
    }
    Verdict::Pass
}

fn cloudfront_origin_failover(_: &Ctx, r: &Resource) -> Verdict {
    let groups = blocks(r, "origin_group");
    if groups.is_empty() {
        return fail(
            "origin",
            "The distribution has no origin group, so it cannot fail over when its origin is down.",
        );
    }
    for g in groups {
        let members = match g.get("member") {
            Some(Value::List(l)) => l.len(),
            Some(_) => 1,
            None => 0,
        };
        if g.get("failover_criteria").is_none() || members < 2 {
            return fail(
                "origin_group",
                "An origin group lacks failover_criteria or a second member, so it cannot fail over.",
            );
        }
    }
    Verdict::Pass
}

fn user_data_secrets(_: &Ctx, r: &Resource) -> Verdict {
    let Some(Value::String(text)) = attr(r, "user_data") else {
        return Verdict::Pass;
    };
    let scanner = env_scanner();
    match scanner.scan("user_data", text, None).first() {
        Some(m) => fail(
            "user_data",
            format!(
                "The user data holds a {} (\"{}\"); anyone who can describe the instance can read it.",
                m.rule().title.to_lowercase(),
                m.redacted
            ),
        ),
        None => Verdict::Pass,
    }
}

/// The `inputs` of a Session Manager preferences document written as JSON; `Err` when it
/// cannot be read before apply (YAML, or unknown content), `Ok(None)` for other documents.
fn session_inputs(r: &Resource) -> Result<Option<serde_json::Map<String, Json>>, Unknowable> {
    if attr(r, "document_type").and_then(Value::as_str) != Some("Session") {
        return Ok(None);
    }
    let Some(text) = attr(r, "content").and_then(Value::as_str) else {
        return Err(Unknowable);
    };
    let doc: Json = match attr(r, "document_format").map(Value::as_str) {
        None | Some(Some("JSON")) => serde_json::from_str(text).map_err(|_| Unknowable)?,
        Some(Some("YAML")) => {
            // The content is the repository's: bounded before the parser sees it.
            let depth = aetheredge_core::limits::Limits::default().decode_depth;
            aetheredge_core::limits::yaml_nesting(text, depth).map_err(|_| Unknowable)?;
            serde_yaml_ng::from_str(text).map_err(|_| Unknowable)?
        }
        _ => return Err(Unknowable),
    };
    Ok(doc.get("inputs").and_then(Json::as_object).cloned())
}

fn json_truthy(v: Option<&Json>) -> bool {
    match v {
        Some(Json::Bool(b)) => *b,
        Some(Json::String(s)) => !s.is_empty() && !s.eq_ignore_ascii_case("false"),
        Some(Json::Number(_)) => true,
        _ => false,
    }
}

fn ssm_session_logging(_: &Ctx, r: &Resource) -> Verdict {
    match session_inputs(r) {
        Err(Unknowable) => Verdict::Unknown,
        Ok(None) => Verdict::Pass,
        Ok(Some(inputs)) => {
            let s3 = json_truthy(inputs.get("s3BucketName"))
                && json_truthy(inputs.get("s3EncryptionEnabled"));
            let cw = json_truthy(inputs.get("cloudWatchLogGroupName"))
                && json_truthy(inputs.get("cloudWatchEncryptionEnabled"));
            if s3 || cw {
                Verdict::Pass
            } else {
                fail(
                    "content",
                    "Session Manager sessions are not logged to an encrypted S3 bucket or CloudWatch log group.",
                )
            }
        }
    }
}

fn ssm_session_encryption(_: &Ctx, r: &Resource) -> Verdict {
    match session_inputs(r) {
        Err(Unknowable) => Verdict::Unknown,
        Ok(Some(inputs)) if !json_truthy(inputs.get("kmsKeyId")) => fail(
            "content",
            "Session Manager session data is not encrypted with a KMS key (`inputs.kmsKeyId`).",
        ),
        Ok(_) => Verdict::Pass,
    }
}

fn config_aggregator_all_regions(_: &Ctx, r: &Resource) -> Verdict {
    for source in [
        "account_aggregation_source",
        "organization_aggregation_source",
    ] {
        match bool_of(attr(r, &format!("{source}.all_regions"))) {
            Err(Unknowable) => return Verdict::Unknown,
            Ok(Some(true)) => return Verdict::Pass,
            _ => {}
        }
    }
    fail(
        "account_aggregation_source",
        "The aggregator does not collect from all regions (`all_regions` is not true).",
    )
}

fn waf_has_rules(_: &Ctx, r: &Resource) -> Verdict {
    // An empty block (`rule {}`) defines no rule; Terraform refuses it for want of the
    // rule's required arguments.
    let defines_a_rule = |v: &Value| !matches!(v, Value::Object(m) if m.is_empty());
    for key in ["rule", "rules"] {
        match r.attributes.get(key) {
            Some(v) if !v.is_known() => return Verdict::Unknown,
            Some(Value::List(l)) if l.iter().any(defines_a_rule) => return Verdict::Pass,
            Some(o @ Value::Object(_)) if defines_a_rule(o) => return Verdict::Pass,
            _ => {}
        }
    }
    fail(
        "default_action",
        "The web ACL has no rules: every request gets the default action.",
    )
}

fn nacl_rule_all_ports(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "egress")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(true)) => return Verdict::Pass,
        _ => {}
    }
    if attr(r, "rule_action")
        .and_then(Value::as_str)
        .is_some_and(|a| a.eq_ignore_ascii_case("deny"))
    {
        return Verdict::Pass;
    }
    let protocol = attr(r, "protocol")
        .and_then(Value::to_template_string)
        .unwrap_or_default();
    let from = attr(r, "from_port").and_then(Value::as_f64);
    let to = attr(r, "to_port").and_then(Value::as_f64);
    let every_port = matches!(protocol.as_str(), "-1" | "all")
        || (from.unwrap_or(0.0) == 0.0 && to.is_none_or(|t| t == 0.0 || t >= 65535.0));
    let cidr = ["cidr_block", "ipv6_cidr_block"]
        .iter()
        .find_map(|k| attr(r, k));
    if cidr.is_some_and(|v| !v.is_known()) {
        return Verdict::Unknown;
    }
    let world = cidr.and_then(Value::as_str).is_some_and(is_world);
    if every_port && world {
        fail(
            "from_port",
            "The network ACL allows ingress from the internet on every port.",
        )
    } else {
        Verdict::Pass
    }
}

fn ecs_efs_transit(_: &Ctx, r: &Resource) -> Verdict {
    for v in blocks(r, "volume") {
        let Some(efs) = v.get("efs_volume_configuration").map(first) else {
            continue;
        };
        match efs.get("transit_encryption") {
            Some(x) if !x.is_known() => return Verdict::Unknown,
            Some(Value::String(t)) if t == "ENABLED" => {}
            _ => {
                return fail(
                    "volume",
                    "An EFS volume of the task is mounted without encryption in transit (`transit_encryption` is not \"ENABLED\").",
                )
            }
        }
    }
    Verdict::Pass
}

fn elb_listener_certificates(_: &Ctx, r: &Resource) -> Verdict {
    for l in blocks(r, "listener") {
        if matches!(l.get("ssl_certificate_id"), None | Some(Value::Null)) {
            let proto = l.get("lb_protocol").and_then(Value::as_str).unwrap_or("?");
            return fail(
                "listener",
                format!("A listener ({proto}) has no SSL certificate (`ssl_certificate_id`), so clients connect unencrypted."),
            );
        }
    }
    Verdict::Pass
}

fn ecs_container_insights(_: &Ctx, r: &Resource) -> Verdict {
    for s in blocks(r, "setting") {
        if s.get("name").and_then(Value::as_str) != Some("containerInsights") {
            continue;
        }
        return match s.get("value") {
            Some(v) if !v.is_known() => Verdict::Unknown,
            Some(Value::String(v)) if v == "enabled" || v == "enhanced" => Verdict::Pass,
            _ => fail("setting", "Container Insights is disabled for the cluster."),
        };
    }
    fail(
        "name",
        "Container Insights is not enabled (no `setting` containerInsights = \"enabled\").",
    )
}

fn ecs_host_pid(_: &Ctx, r: &Resource) -> Verdict {
    let Some(containers) = container_definitions(r) else {
        return Verdict::Unknown;
    };
    match containers
        .iter()
        .find(|c| c.get("pidMode").and_then(Json::as_str) == Some("host"))
    {
        Some(c) => fail(
            "container_definitions",
            format!(
                "The container {} shares the host's process namespace (`pidMode` is \"host\").",
                c.get("name").and_then(Json::as_str).unwrap_or("?")
            ),
        ),
        None => Verdict::Pass,
    }
}

fn sagemaker_imdsv2(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "instance_metadata_service_configuration.minimum_instance_metadata_service_version") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if v.to_template_string().as_deref() == Some("2") => Verdict::Pass,
        _ => fail(
            "instance_metadata_service_configuration",
            "The notebook instance accepts IMDSv1 (`minimum_instance_metadata_service_version` is not \"2\").",
        ),
    }
}

fn method_cache_encrypted(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "settings.caching_enabled")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        _ => return Verdict::Pass,
    }
    match bool_of(attr(r, "settings.cache_data_encrypted")) {
        Err(Unknowable) => Verdict::Unknown,
        Ok(Some(true)) => Verdict::Pass,
        _ => fail(
            "settings",
            "Responses are cached unencrypted (`cache_data_encrypted` is not true).",
        ),
    }
}

fn eks_node_group_ssh(_: &Ctx, r: &Resource) -> Verdict {
    let Some(remote) = attr(r, "remote_access") else {
        return Verdict::Pass;
    };
    let has_key = remote
        .get("ec2_ssh_key")
        .is_some_and(|v| !matches!(v, Value::Null));
    let limited = remote
        .get("source_security_group_ids")
        .is_some_and(|v| !matches!(v, Value::Null));
    if has_key && !limited {
        fail(
            "remote_access",
            "Nodes accept SSH from anywhere: `remote_access` sets an ec2_ssh_key without source_security_group_ids, which opens port 22 to 0.0.0.0/0.",
        )
    } else {
        Verdict::Pass
    }
}

// ---- security groups in use ----------------------------------------------------------------

/// Whether an output in the directory that declares `r` exports it
/// (`aws_security_group.x.id`): whoever calls the module attaches it.
fn exported(ctx: &Ctx, r: &Resource) -> bool {
    // As the parsed expression prints: `Variable(Identifier(aws_security_group))`,
    // `GetAttr(Identifier(web))`.
    let kind = format!("Identifier({})", r.resource_type);
    let name = format!("Identifier({})", r.name);
    let dir = std::path::Path::new(&r.location.file).parent();
    ctx.model
        .files
        .iter()
        .filter(|(path, _)| std::path::Path::new(path.as_str()).parent() == dir)
        .filter_map(|(_, parsed)| parsed.as_ref().as_ref().ok())
        .flat_map(|f| f.blocks.iter())
        .filter(|b| b.kind == "output")
        .any(|b| {
            let text = format!("{:?}", b.body);
            text.contains(&kind) && text.contains(&name)
        })
}

fn sg_attached(ctx: &Ctx, r: &Resource) -> Verdict {
    let used = ctx.referrers(r).iter().any(|o| {
        o.address != r.address
            && !o.resource_type.starts_with("aws_security_group")
            && !o.resource_type.starts_with("aws_vpc_security_group")
            && !o.resource_type.starts_with("aws_default_security_group")
    });
    if used || exported(ctx, r) {
        Verdict::Pass
    } else {
        fail(
            "name",
            "The security group is attached to nothing: no instance, load balancer, function, endpoint or other resource of this configuration uses it, and no output exports it.",
        )
    }
}

/// Listener SSL policies that accept weak ciphers (and TLS before 1.2).
const WEAK_LB_POLICIES: &[&str] = &[
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-2015-05",
    "ELBSecurityPolicy-TLS-1-0-2015-04",
    "ELBSecurityPolicy-TLS-1-1-2017-01",
    "ELBSecurityPolicy-2015-03",
    "ELBSecurityPolicy-2015-02",
    "ELBSecurityPolicy-2014-10",
    "ELBSecurityPolicy-Default",
    "ELBSecurityPolicy-2014-01",
];

fn listener_weak_ciphers(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "protocol") {
        Some(v) if !v.is_known() => return Verdict::Unknown,
        Some(Value::String(p)) if p == "HTTPS" || p == "TLS" => {}
        _ => return Verdict::Pass,
    }
    match attr(r, "ssl_policy") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(p)) if !WEAK_LB_POLICIES.contains(&p.as_str()) => Verdict::Pass,
        Some(Value::String(p)) => fail(
            "ssl_policy",
            format!("The listener's SSL policy \"{p}\" offers weak ciphers (CBC and SHA-1 suites, TLS 1.0/1.1)."),
        ),
        _ => fail(
            "ssl_policy",
            "The listener uses the default SSL policy (ELBSecurityPolicy-2016-08), which offers weak ciphers.",
        ),
    }
}

fn iam_user_in_group(ctx: &Ctx, r: &Resource) -> Verdict {
    let name = attr(r, "name").and_then(Value::as_str);
    let named = |v: &Value| {
        mentions(v, r)
            || strings(v).is_some_and(|users| name.is_some_and(|n| users.iter().any(|u| u == n)))
    };
    let in_group = ctx
        .of_type("aws_iam_group_membership")
        .iter()
        .filter(|m| m.root == r.root)
        .any(|m| m.attributes.get("users").is_some_and(named))
        || !ctx
            .related("aws_iam_user_group_membership", "user", r, &["name"])
            .is_empty();
    if in_group {
        Verdict::Pass
    } else {
        fail(
            "name",
            "The user is in no IAM group (no aws_iam_group_membership or aws_iam_user_group_membership names it), so its permissions are granted one by one.",
        )
    }
}

fn ecs_privileged(_: &Ctx, r: &Resource) -> Verdict {
    let Some(containers) = container_definitions(r) else {
        return Verdict::Unknown;
    };
    let privileged = containers.iter().find(|c| {
        ["privileged", "privilege"]
            .iter()
            .any(|k| c.get(*k).and_then(Json::as_bool) == Some(true))
    });
    match privileged {
        Some(c) => fail(
            "container_definitions",
            format!(
                "The container {} runs privileged, with root access to the host.",
                c.get("name").and_then(Json::as_str).unwrap_or("?")
            ),
        ),
        None => Verdict::Pass,
    }
}

fn batch_privileged(_: &Ctx, r: &Resource) -> Verdict {
    let Some(text) = attr(r, "container_properties").and_then(Value::as_str) else {
        return match attr(r, "container_properties") {
            None | Some(Value::Null) => Verdict::Pass,
            _ => Verdict::Unknown,
        };
    };
    let Ok(props) = serde_json::from_str::<Json>(text) else {
        return Verdict::Unknown;
    };
    if props.get("privileged").and_then(Json::as_bool) == Some(true) {
        fail(
            "container_properties",
            "The job's container runs privileged, with root access to the host.",
        )
    } else {
        Verdict::Pass
    }
}

fn codebuild_logs(_: &Ctx, r: &Resource) -> Verdict {
    let Some(logs) = attr(r, "logs_config") else {
        return fail(
            "name",
            "The project has no logs_config, so build logs go only to CodeBuild's default CloudWatch group with its defaults.",
        );
    };
    let on = |k: &str| {
        logs.get(k)
            .map(first)
            .is_some_and(|b| b.get("status").and_then(Value::as_str) != Some("DISABLED"))
    };
    if on("cloudwatch_logs") || on("s3_logs") {
        Verdict::Pass
    } else {
        fail(
            "logs_config",
            "Build logs are not sent to CloudWatch Logs or S3 (`logs_config`).",
        )
    }
}

fn codebuild_cmk(_: &Ctx, r: &Resource) -> Verdict {
    if attr(r, "artifacts.type").and_then(Value::as_str) == Some("NO_ARTIFACTS") {
        return Verdict::Pass;
    }
    match attr(r, "encryption_key") {
        None | Some(Value::Null) => fail(
            "artifacts",
            "Build artifacts are encrypted with the AWS-managed S3 key, not a customer-managed KMS key (`encryption_key`).",
        ),
        _ => Verdict::Pass,
    }
}

fn ecs_roles_differ(_: &Ctx, r: &Resource) -> Verdict {
    let (Some(exec), Some(task)) = (attr(r, "execution_role_arn"), attr(r, "task_role_arn")) else {
        return Verdict::Pass;
    };
    if matches!(exec, Value::Null) {
        return Verdict::Pass;
    }
    let same = match (exec, task) {
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Unknown(a), Value::Unknown(b)) => !a.refs.is_empty() && a.refs == b.refs,
        _ => false,
    };
    if same {
        fail(
            "task_role_arn",
            "The task runs with its execution role: the application gets the permissions ECS needs to pull images and read secrets.",
        )
    } else {
        Verdict::Pass
    }
}

fn target_group_health_path(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "protocol").and_then(Value::as_str) {
        Some("HTTP") | Some("HTTPS") => {}
        _ => return Verdict::Pass,
    }
    match attr(r, "health_check.path") {
        Some(Value::String(p)) if !p.is_empty() => Verdict::Pass,
        Some(v) if !v.is_known() => Verdict::Pass,
        _ => fail(
            "health_check",
            "The HTTP target group defines no health check path, so targets are checked at \"/\" whatever the application serves there.",
        ),
    }
}

fn ssm_document_public(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "permissions.account_ids") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(v) if strings(v).is_some_and(|ids| ids.iter().any(|i| i.eq_ignore_ascii_case("all"))) => fail(
            "permissions",
            "The document is shared with every AWS account (`permissions.account_ids` is \"All\").",
        ),
        _ => Verdict::Pass,
    }
}

fn root_access_key(_: &Ctx, r: &Resource) -> Verdict {
    match attr(r, "user") {
        Some(Value::String(u)) if u == "root" => fail(
            "user",
            "An access key is created for the root user, which no policy can limit.",
        ),
        _ => Verdict::Pass,
    }
}

// ---- Config, GuardDuty and API Gateway execution logging -----------------------------------

fn config_recorder_on(ctx: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "is_enabled")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(true)) => {}
        _ => {
            return fail(
                "is_enabled",
                "The configuration recorder is stopped (`is_enabled` is not true).",
            )
        }
    }
    // The recorder the status names: by a written reference, else by its name.
    let written = r.written_reference("name").and_then(|(t, n)| {
        ctx.of_type(t)
            .iter()
            .copied()
            .find(|o| o.name == n && o.root == r.root && o.module == r.module)
    });
    let recorder = written.or_else(|| {
        r.attributes.get("name").and_then(|v| {
            ctx.referenced("aws_config_configuration_recorder", v, r, &["name", "id"])
        })
    });
    match recorder.map(|rec| bool_of(attr(rec, "recording_group.all_supported"))) {
        Some(Err(Unknowable)) => Verdict::Unknown,
        Some(Ok(Some(false))) => Verdict::Fail {
            attr: "name".into(),
            message: "The recorder records only some resource types (`recording_group.all_supported` is false).".into(),
            at: recorder.map(|rec| (rec.location.file.clone(), rec.line_of("recording_group"))),
        },
        _ => Verdict::Pass,
    }
}

fn guardduty_organization(ctx: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "enable")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(false)) => return fail("enable", "The detector is disabled (`enable` is false)."),
        _ => {}
    }
    let configs = ctx.related(
        "aws_guardduty_organization_configuration",
        "detector_id",
        r,
        &["id"],
    );
    for c in &configs {
        let auto = bool_of(attr(c, "auto_enable")) == Ok(Some(true));
        let members = attr(c, "auto_enable_organization_members")
            .and_then(Value::as_str)
            .is_some_and(|m| m == "ALL" || m == "NEW");
        if auto || members {
            return Verdict::Pass;
        }
    }
    fail(
        "enable",
        "GuardDuty is not turned on for the organization's accounts (no aws_guardduty_organization_configuration with auto_enable_organization_members ALL or NEW for this detector).",
    )
}

fn cloudfront_origin_sslv3(_: &Ctx, r: &Resource) -> Verdict {
    for origin in blocks(r, "origin") {
        let Some(config) = origin.get("custom_origin_config").map(first) else {
            continue;
        };
        match config.get("origin_ssl_protocols") {
            Some(v) if !v.is_wholly_known() => return Verdict::Unknown,
            Some(v) if strings(v).is_some_and(|p| p.iter().any(|x| x == "SSLv3")) => {
                return fail(
                    "origin",
                    "CloudFront may talk to a custom origin over SSLv3 (`origin_ssl_protocols` lists it).",
                )
            }
            _ => {}
        }
    }
    Verdict::Pass
}

fn apigw_execution_logging(ctx: &Ctx, r: &Resource) -> Verdict {
    let settings = ctx.related(
        "aws_api_gateway_method_settings",
        "stage_name",
        r,
        &["stage_name"],
    );
    for m in &settings {
        let level = attr(m, "settings.logging_level");
        let metrics = bool_of(attr(m, "settings.metrics_enabled"));
        if level.is_some_and(|v| !v.is_known()) || metrics.is_err() {
            return Verdict::Unknown;
        }
        if level
            .and_then(Value::as_str)
            .is_some_and(|l| l == "ERROR" || l == "INFO")
            || metrics == Ok(Some(true))
        {
            return Verdict::Pass;
        }
    }
    fail(
        "stage_name",
        "The stage has no execution logging or metrics (no aws_api_gateway_method_settings with logging_level ERROR or INFO, or metrics_enabled).",
    )
}

fn ami_disks_encrypted(_: &Ctx, r: &Resource) -> Verdict {
    for b in blocks(r, "ebs_block_device") {
        if b.get("snapshot_id")
            .is_some_and(|v| !matches!(v, Value::Null))
        {
            continue;
        }
        match bool_of(b.get("encrypted")) {
            Err(Unknowable) => return Verdict::Unknown,
            Ok(Some(true)) => {}
            _ => {
                return fail(
                    "ebs_block_device",
                    "A block device of the AMI (not from a snapshot) is not encrypted (`encrypted` is not true).",
                )
            }
        }
    }
    Verdict::Pass
}

fn lambda_service_permission_scoped(_: &Ctx, r: &Resource) -> Verdict {
    let Some(principal) = attr(r, "principal").and_then(Value::as_str) else {
        return Verdict::Pass;
    };
    if !principal.ends_with(".amazonaws.com") {
        return Verdict::Pass;
    }
    let set = |k: &str| attr(r, k).is_some_and(|v| !matches!(v, Value::Null));
    if set("source_arn") || set("source_account") {
        Verdict::Pass
    } else {
        fail(
            "principal",
            format!("Any {principal} resource, in any account, may invoke the function: neither `source_arn` nor `source_account` is set (confused deputy)."),
        )
    }
}

const INSTANCES: &[&str] = &["aws_instance"];
const LBS: &[&str] = &["aws_lb", "aws_alb"];
const LAMBDAS: &[&str] = &["aws_lambda_function"];
const ZONES: &[&str] = &["aws_route53_zone"];
const LOG_GROUPS: &[&str] = &["aws_cloudwatch_log_group"];

/// How zone-related resources name their zone.
const ZONE_ID: &[&str] = &["zone_id", "id"];

/// The rules of AWS compute and network, one row each.
/// Families where EBS optimization is an option, off unless asked for; every other family
/// is EBS-optimized by default (and cannot be turned off) or does not support it (t1, t2).
const OPTIONAL_EBS_OPTIMIZATION: &[&str] = &["c1", "c3", "g2", "i2", "m1", "m2", "m3", "r3"];

fn ec2_ebs_optimized(_: &Ctx, r: &Resource) -> Verdict {
    match bool_of(attr(r, "ebs_optimized")) {
        Err(Unknowable) => return Verdict::Unknown,
        Ok(Some(true)) => return Verdict::Pass,
        Ok(_) => {}
    }
    match attr(r, "instance_type") {
        Some(v) if !v.is_known() => Verdict::Unknown,
        Some(Value::String(t))
            if OPTIONAL_EBS_OPTIMIZATION.contains(&t.split('.').next().unwrap_or("")) =>
        {
            fail(
                "ebs_optimized",
                format!("The {t} instance is not EBS-optimized (`ebs_optimized` is not true)."),
            )
        }
        _ => Verdict::Pass,
    }
}

pub(crate) static RULES: &[Rule] = &[
    Rule {
        id: "kali/aws-iam-full-access-policy-attached",
        title: "AWS managed IAMFullAccess policy is attached",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_AWS_56"],
        description: "A role, user, group, policy attachment or SSO permission set attaches the AWS managed IAMFullAccess policy, which lets the holder create identities and grant itself any permission. A data source that only reads the policy grants nothing and is not reported.",
        remediation: "Attach a customer-managed policy that allows only the IAM actions needed, on the resources needed.",
        target: Target::Resources(POLICY_ATTACHMENTS, Check::Function(iam_full_access_attached)),
    },
    Rule {
        id: "kali/aws-iam-administrator-access-attached",
        title: "AWS managed AdministratorAccess policy is attached",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: Some(("cis_aws", "1.16")),
        checkov: &["CKV_AWS_274"],
        description: "A role (managed_policy_arns), a policy attachment or an SSO permission set attaches arn:aws:iam::aws:policy/AdministratorAccess, which allows every action on every resource.",
        remediation: "Attach policies that allow only the actions and resources the principal needs.",
        target: Target::Resources(
            POLICY_ATTACHMENTS,
            Check::Function(administrator_access_attached),
        ),
    },
    Rule {
        id: "kali/aws-iam-full-iam-privileges",
        title: "IAM policy allows every IAM action",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_AWS_40"],
        description: "An Allow statement of the policy (inline, managed, policy document or SSO permission set inline policy) has the action \"iam:*\" or \"*\", so the holder can change its own permissions.",
        remediation: "List the IAM actions needed (iam:PassRole, iam:GetRole, …) instead of \"iam:*\" or \"*\".",
        target: Target::Resources(
            &[
                "aws_iam_policy",
                "aws_iam_role_policy",
                "aws_iam_user_policy",
                "aws_iam_group_policy",
                "aws_iam_policy_document",
                "aws_ssoadmin_permission_set_inline_policy",
            ],
            Check::Function(iam_full_iam_access),
        ),
    },
    Rule {
        id: "kali/aws-iam-role-trusts-whole-account",
        title: "IAM role can be assumed by every principal of an account",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_61"],
        description: "An Allow statement of the role's trust policy names an account (its id, or arn:aws:iam::<id>:root) as the AWS principal, so any user or role of that account with sts:AssumeRole may assume it.",
        remediation: "Name the roles or users that may assume the role (arn:aws:iam::<id>:role/<name>), or add conditions that narrow the principal.",
        target: Target::Resources(&["aws_iam_role"], Check::Function(iam_trusts_whole_account)),
    },
    Rule {
        id: "kali/aws-iam-github-oidc-unrestricted",
        title: "IAM role trusts GitHub Actions without pinning the repository",
        severity: Severity::Critical,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_393"],
        description: "The role's trust policy lets GitHub's OIDC provider assume it with no condition on the `sub` claim, or with one that does not pin an organization and repository (\"*\", \"repo:*\", \"repo:org*\", or a first claim such as workflow or environment that any repository can present).",
        remediation: "Add a StringEquals or StringLike condition on token.actions.githubusercontent.com:sub such as \"repo:my-org/my-repo:ref:refs/heads/main\".",
        target: Target::Resources(&["aws_iam_role"], Check::Function(github_oidc_trust)),
    },
    Rule {
        id: "kali/aws-sagemaker-notebook-role-admin",
        title: "SageMaker notebook instance runs with an administrator role",
        severity: Severity::High,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_AWS_68"],
        description: "The IAM role of the notebook instance (role_arn, a role of this configuration) allows every action: an inline policy (inline_policy, aws_iam_role_policy) with Action \"*\", or AdministratorAccess in managed_policy_arns. Anyone with notebook access holds it.",
        remediation: "Give the notebook a role that allows only the S3 buckets, SageMaker and other actions it uses.",
        target: Target::Resources(
            &["aws_sagemaker_notebook_instance"],
            Check::Function(sagemaker_role_admin),
        ),
    },
    Rule {
        id: "kali/aws-route53-a-record-dangling",
        title: "Route 53 A record points at addresses no resource owns",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_23"],
        description: "An A record's records (or alias name) are fixed values rather than attributes of an instance, EIP, load balancer, distribution or other resource, module output, variable or data source; an address released later leaves the name pointing at whoever gets it next.",
        remediation: "Point the record at the resource itself (`records = [aws_eip.web.public_ip]`, or an alias to `aws_lb.web.dns_name`).",
        target: Target::Resources(
            &["aws_route53_record"],
            Check::Function(route53_a_record_attached),
        ),
    },
    Rule {
        id: "kali/aws-ec2-no-iam-role",
        title: "EC2 instance has no IAM role",
        severity: Severity::Low,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_AWS_41"],
        description: "The instance has no iam_instance_profile, so software on it that calls AWS needs long-lived access keys stored on the instance.",
        remediation: "Set iam_instance_profile to an aws_iam_instance_profile whose role allows what the instance needs.",
        target: Target::Resources(
            INSTANCES,
            present(
                "iam_instance_profile",
                "No IAM instance profile is attached (`iam_instance_profile`), so AWS credentials would have to be stored on the instance.",
            ),
        ),
    },
    Rule {
        id: "kali/aws-route53-dnssec",
        title: "Route 53 public hosted zone is not DNSSEC-signed",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_38"],
        description: "A public zone (one without a vpc block) has no aws_route53_hosted_zone_dnssec or aws_route53_key_signing_key, so its answers can be spoofed. Private zones cannot be signed and pass.",
        remediation: "Add an aws_route53_key_signing_key and an aws_route53_hosted_zone_dnssec for the zone.",
        target: Target::Resources(
            ZONES,
            joined(
                Some(requirement("vpc", Expected::Block)),
                &[
                    Join {
                        resource_type: "aws_route53_hosted_zone_dnssec",
                        link: Link::Refers { attr: "hosted_zone_id", names: ZONE_ID },
                        requirement: None,
                    },
                    Join {
                        resource_type: "aws_route53_key_signing_key",
                        link: Link::Refers { attr: "hosted_zone_id", names: ZONE_ID },
                        requirement: None,
                    },
                    Join {
                        resource_type: "aws_route53_zone_association",
                        link: Link::Refers { attr: "zone_id", names: ZONE_ID },
                        requirement: None,
                    },
                ],
                "name",
                "DNSSEC signing is not enabled for the public zone (no aws_route53_hosted_zone_dnssec).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-route53-query-logging",
        title: "Route 53 public hosted zone has no query logging",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_39"],
        description: "A public zone (one without a vpc block) has no aws_route53_query_log, so the DNS queries it answers are not recorded.",
        remediation: "Add an aws_route53_query_log for the zone, writing to a CloudWatch log group in us-east-1.",
        target: Target::Resources(
            ZONES,
            joined(
                Some(requirement("vpc", Expected::Block)),
                &[Join {
                    resource_type: "aws_route53_query_log",
                    link: Link::Refers { attr: "zone_id", names: ZONE_ID },
                    requirement: None,
                }],
                "name",
                "DNS query logging is not enabled for the zone (no aws_route53_query_log).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-cloudtrail-cloudwatch",
        title: "CloudTrail trail does not deliver to CloudWatch Logs",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_10"],
        description: "cloud_watch_logs_group_arn is not set, so API activity cannot raise metric filters or alarms in real time. Checkov also requires the log group to be declared in the same configuration; a literal ARN of a group managed elsewhere passes here.",
        remediation: "Set cloud_watch_logs_group_arn (\"${aws_cloudwatch_log_group.trail.arn}:*\") and cloud_watch_logs_role_arn.",
        target: Target::Resources(
            &["aws_cloudtrail"],
            present(
                "cloud_watch_logs_group_arn",
                "The trail does not deliver events to CloudWatch Logs (`cloud_watch_logs_group_arn`).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-ec2-not-ebs-optimized",
        title: "EC2 instance is not EBS-optimized",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_135"],
        description: "An instance of a family where EBS optimization is an option (c1, c3, g2, i2, m1, m2, m3, r3) without ebs_optimized = true: EBS traffic shares bandwidth with the network. Current families are EBS-optimized whatever is written and t2 cannot be, so they pass, where Checkov reports every instance without the argument.",
        remediation: "Set ebs_optimized = true, or move to a current instance family.",
        target: Target::Resources(INSTANCES, Check::Function(ec2_ebs_optimized)),
    },
    Rule {
        id: "kali/aws-cloudwatch-log-retention-under-year",
        title: "CloudWatch log group keeps logs less than a year",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_338"],
        description: "retention_in_days is set below 365 (and not 0, which keeps logs forever). Unset, a log group keeps its logs forever, so it passes here where Checkov reports it.",
        remediation: "Set retention_in_days = 365 or more (or leave it unset to keep logs forever).",
        target: Target::Resources(LOG_GROUPS, Check::Function(log_retention_year)),
    },
    Rule {
        id: "kali/aws-eip-unattached",
        title: "Elastic IP is allocated but not attached",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_19"],
        description: "A VPC Elastic IP (domain = \"vpc\" or vpc = true) names no instance or network interface, and no association, NAT gateway, Transfer server or load balancer of this configuration uses it: it is billed, and DNS records pointing at it dangle. An address on a network interface (`network_interface`) is in use and passes here; Checkov requires an instance.",
        remediation: "Attach the address (`instance`, aws_eip_association, a NAT gateway's allocation_id) or remove it.",
        target: Target::Resources(&["aws_eip"], Check::Function(eip_attached)),
    },
    Rule {
        id: "kali/aws-route-peering-everywhere",
        title: "Route sends all traffic through a VPC peering connection",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_44"],
        description: "A route (aws_route, or a route block of aws_route_table) to 0.0.0.0/0 or ::/0 targets a VPC peering connection, instead of the peer's CIDR only.",
        remediation: "Route only the peer VPC's CIDR (or the subnets that need it) through the peering connection.",
        target: Target::Resources(
            &["aws_route", "aws_route_table"],
            Check::Function(peering_route_to_everywhere),
        ),
    },
    Rule {
        id: "kali/aws-route-default-via-nat-instance",
        title: "Default route goes through a NAT instance, not a NAT gateway",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_35"],
        description: "A route to 0.0.0.0/0 (or ::/0) targets an EC2 instance (`instance_id`): a NAT instance is a single point of failure that must be patched and scaled by hand.",
        remediation: "Route the default route to an aws_nat_gateway (`nat_gateway_id`).",
        target: Target::Resources(
            &["aws_route", "aws_route_table"],
            Check::Function(default_route_via_instance),
        ),
    },
    Rule {
        id: "kali/aws-dynamodb-no-autoscaling",
        title: "DynamoDB table with provisioned capacity has no autoscaling",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV2_AWS_16"],
        description: "The table's billing_mode is PROVISIONED (the default) and no aws_appautoscaling_target for \"table/<name>\" has an aws_appautoscaling_policy, so traffic above the provisioned capacity is throttled. Targets are matched to tables by their resource_id, which names the table.",
        remediation: "Use billing_mode = \"PAY_PER_REQUEST\", or add an aws_appautoscaling_target and aws_appautoscaling_policy for the table's read and write capacity.",
        target: Target::Resources(&["aws_dynamodb_table"], Check::Function(dynamodb_autoscaling)),
    },
    Rule {
        id: "kali/aws-lb-cross-zone-disabled",
        title: "Network or gateway load balancer does not balance across zones",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_152"],
        description: "enable_cross_zone_load_balancing is not true on a network or gateway load balancer (it is off by default for them), so a zone with fewer targets is overloaded. Application load balancers always balance across zones.",
        remediation: "Set enable_cross_zone_load_balancing = true.",
        target: Target::Resources(
            LBS,
            is_true(
                "enable_cross_zone_load_balancing",
                "Cross-zone load balancing is not enabled (`enable_cross_zone_load_balancing` is not true).",
            )
            .unless(&[
                Condition::Absent("load_balancer_type"),
                Condition::Equals("load_balancer_type", "application"),
            ]),
        ),
    },
    Rule {
        id: "kali/aws-nacl-unattached",
        title: "Network ACL is attached to no subnet",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_1"],
        description: "The aws_network_acl has no subnet_ids and no aws_network_acl_association, so the subnets it was meant for use the VPC's default ACL, which allows all traffic.",
        remediation: "Set subnet_ids (or add aws_network_acl_association) for the subnets the ACL protects.",
        target: Target::Resources(&["aws_network_acl"], Check::Function(nacl_attached)),
    },
    Rule {
        id: "kali/aws-acm-wildcard-certificate",
        title: "ACM certificate is for a wildcard domain",
        severity: Severity::Low,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_AWS_71"],
        description: "domain_name or a subject alternative name contains \"*\": the certificate's key authenticates every subdomain, including ones an attacker may point elsewhere.",
        remediation: "Request certificates for the names served (list them in subject_alternative_names).",
        target: Target::Resources(&["aws_acm_certificate"], Check::Function(acm_wildcard)),
    },
    Rule {
        id: "kali/aws-lambda-permission-public",
        title: "Lambda permission lets anyone invoke the function",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_301"],
        description: "The aws_lambda_permission's principal is \"*\", so any AWS account (or anyone, through a function URL) may invoke the function.",
        remediation: "Set principal to the service or account that invokes it (\"s3.amazonaws.com\", an account id) and narrow it with source_arn or source_account.",
        target: Target::Resources(
            &["aws_lambda_permission"],
            none_of("principal", &["*"], "Anyone may invoke the function"),
        ),
    },
    Rule {
        id: "kali/aws-alb-no-waf",
        title: "Internet-facing application load balancer has no WAF",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_28"],
        description: "An application load balancer that is not internal has no aws_wafv2_web_acl_association (or WAF Classic regional association), so requests reach the application unfiltered.",
        remediation: "Add an aws_wafv2_web_acl_association with resource_arn = the load balancer's arn and a web ACL with AWS managed rule groups.",
        target: Target::Resources(LBS, Check::Function(alb_waf)),
    },
    Rule {
        id: "kali/aws-lb-desync-monitor",
        title: "Load balancer does not mitigate HTTP desync",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_328"],
        description: "desync_mitigation_mode is \"monitor\", so requests that could smuggle a second request past the load balancer are forwarded. The default, \"defensive\", passes.",
        remediation: "Set desync_mitigation_mode = \"defensive\" or \"strictest\".",
        target: Target::Resources(
            &["aws_lb", "aws_alb", "aws_elb"],
            none_of(
                "desync_mitigation_mode",
                &["monitor"],
                "HTTP desync mitigation only monitors",
            ),
        ),
    },
    Rule {
        id: "kali/aws-alb-http-not-redirected",
        title: "Application load balancer serves HTTP without redirecting to HTTPS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_AWS_20"],
        description: "A listener of the application load balancer uses protocol HTTP and its default action does not redirect to HTTPS. Reported on the load balancer, at the listener.",
        remediation: "Give the HTTP listener a default_action of type \"redirect\" with protocol = \"HTTPS\", port = \"443\", status_code = \"HTTP_301\".",
        target: Target::Resources(LBS, Check::Function(alb_redirects_http)),
    },
    Rule {
        id: "kali/aws-launch-template-hop-limit",
        title: "Instance metadata is reachable more than one hop away",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_341"],
        description: "metadata_options.http_put_response_hop_limit is over 1, so containers on the instance (or traffic it forwards) can fetch IMDSv2 tokens and the instance role's credentials. Unset, the limit is 1.",
        remediation: "Set http_put_response_hop_limit = 1 (2 only where containers must reach instance metadata on purpose).",
        target: Target::Resources(
            &["aws_launch_template", "aws_launch_configuration"],
            Check::Function(metadata_hop_limit),
        ),
    },
    Rule {
        id: "kali/aws-asg-no-elb-health-checks",
        title: "Autoscaling group behind a load balancer ignores its health checks",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV2_AWS_15"],
        description: "An autoscaling group attached to a load balancer (aws_autoscaling_attachment, load_balancers or target_group_arns) does not use health_check_type = \"ELB\", or the attached classic load balancer defines no health check, or the target group's health checks are disabled: unhealthy instances keep running. A target group without a health_check block has AWS's default checks and passes (Checkov reports it).",
        remediation: "Set health_check_type = \"ELB\" on the group and give the load balancer or target group a health check.",
        target: Target::Resources(
            &["aws_autoscaling_attachment", "aws_autoscaling_group"],
            Check::Function(asg_elb_health_checks),
        ),
    },
    Rule {
        id: "kali/aws-sg-http-open",
        title: "Security group allows HTTP from the internet",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_260"],
        description: "An ingress rule lets 0.0.0.0/0 (or ::/0) reach port 80, where traffic is unencrypted.",
        remediation: "Serve HTTPS (443), behind a load balancer or CloudFront; open port 80 only on the load balancer, to redirect.",
        target: Target::Resources(SGS, Check::Function(sg_http_open)),
    },
    Rule {
        id: "kali/aws-lambda-url-open-cors",
        title: "Lambda function URL allows any origin and method",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_AWS_75"],
        description: "An aws_lambda_function_url of the function has cors allow_origins and allow_methods both containing \"*\", so any web page can make browsers call it with any method. Reported on the function, at the URL.",
        remediation: "List the origins and methods the front end uses in the function URL's cors block.",
        target: Target::Resources(LAMBDAS, Check::Function(lambda_url_open_cors)),
    },
    Rule {
        id: "kali/aws-lambda-no-concurrency-limit",
        title: "Lambda function has no concurrency limit",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_115"],
        description: "reserved_concurrent_executions is unset or -1, so one function's burst (or a flood of requests) can use the account's whole concurrency and throttle every other function.",
        remediation: "Set reserved_concurrent_executions to the concurrency the function needs.",
        target: Target::Resources(LAMBDAS, Check::Function(lambda_concurrency)),
    },
    Rule {
        id: "kali/aws-lambda-not-in-vpc",
        title: "Lambda function does not run in a VPC",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_117"],
        description: "The function has no vpc_config, so its network traffic cannot be limited by security groups, NACLs or VPC endpoints.",
        remediation: "Add a vpc_config with private subnet_ids and security_group_ids.",
        target: Target::Resources(
            LAMBDAS,
            present("vpc_config", "The function does not run in a VPC (no `vpc_config`)."),
        ),
    },
    Rule {
        id: "kali/aws-wafv2-no-log4j-protection",
        title: "WAF web ACL does not block Log4Shell",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_192"],
        description: "The WAFv2 web ACL has no AWSManagedRulesKnownBadInputsRuleSet rule group, or excludes its Log4JRCE rules, or only counts its matches (override_action count), so requests exploiting CVE-2021-44228 pass.",
        remediation: "Add a rule with managed_rule_group_statement AWSManagedRulesKnownBadInputsRuleSet (vendor AWS), override_action { none {} }, and no Log4JRCE exclusion.",
        target: Target::Resources(&["aws_wafv2_web_acl"], Check::Function(wafv2_log4j)),
    },
    Rule {
        id: "kali/aws-alb-waf-no-log4j-protection",
        title: "Load balancer's WAF web ACL does not block Log4Shell",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_76"],
        description: "An internet-facing load balancer is associated with a WAFv2 web ACL that lacks the AWSManagedRulesKnownBadInputsRuleSet protections against CVE-2021-44228. Checkov also requires AWSManagedRulesAnonymousIpList, which does not bear on Log4Shell; it is not required here. A load balancer with no web ACL passes (kali/aws-alb-no-waf reports it).",
        remediation: "Add the AWSManagedRulesKnownBadInputsRuleSet managed rule group to the associated web ACL.",
        target: Target::Resources(LBS, Check::Function(alb_waf_log4j)),
    },
    Rule {
        id: "kali/aws-apigw-waf-no-log4j-protection",
        title: "API Gateway's WAF web ACL does not block Log4Shell",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_77"],
        description: "The API stage (or HTTP API) is associated with a WAFv2 web ACL that lacks the AWSManagedRulesKnownBadInputsRuleSet protections against CVE-2021-44228 (AWSManagedRulesAnonymousIpList, which Checkov also requires, is not required here). An API with no web ACL passes.",
        remediation: "Add the AWSManagedRulesKnownBadInputsRuleSet managed rule group to the associated web ACL.",
        target: Target::Resources(
            &["aws_api_gateway_stage", "aws_apigatewayv2_api"],
            Check::Function(associated_log4j),
        ),
    },
    Rule {
        id: "kali/aws-appsync-waf-no-log4j-protection",
        title: "AppSync API's WAF web ACL does not block Log4Shell",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_78"],
        description: "The GraphQL API is associated with a WAFv2 web ACL that lacks the AWSManagedRulesKnownBadInputsRuleSet protections against CVE-2021-44228 (AWSManagedRulesAnonymousIpList, which Checkov also requires, is not required here). An API with no web ACL passes.",
        remediation: "Add the AWSManagedRulesKnownBadInputsRuleSet managed rule group to the associated web ACL.",
        target: Target::Resources(
            &["aws_appsync_graphql_api"],
            Check::Function(associated_log4j),
        ),
    },
    Rule {
        id: "kali/aws-cloudfront-waf-no-log4j-protection",
        title: "CloudFront distribution's WAF web ACL does not block Log4Shell",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_47"],
        description: "The distribution's web_acl_id names a WAFv2 web ACL of this configuration that lacks the AWSManagedRulesKnownBadInputsRuleSet protections against CVE-2021-44228 (a rule group in count mode blocks nothing and does not count as protection). A distribution with no web ACL passes here (kali/aws-cloudfront-waf reports it; Checkov reports it under this id too).",
        remediation: "Add the AWSManagedRulesKnownBadInputsRuleSet managed rule group to the distribution's web ACL.",
        target: Target::Resources(&["aws_cloudfront_distribution"], Check::Function(cloudfront_waf_log4j)),
    },
    Rule {
        id: "kali/aws-ecs-exec-logging-unencrypted",
        title: "ECS Exec sessions are not encrypted with a customer-managed key",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_224"],
        description: "The cluster's execute_command_configuration (unless logging is NONE) has no kms_key_id, or its log_configuration does not encrypt the session logs in CloudWatch or S3.",
        remediation: "Set execute_command_configuration.kms_key_id, logging = \"OVERRIDE\" and a log_configuration with cloud_watch_encryption_enabled (or s3_bucket_encryption_enabled) = true.",
        target: Target::Resources(&["aws_ecs_cluster"], Check::Function(ecs_exec_logging)),
    },
    Rule {
        id: "kali/aws-elb-policy-outdated-protocols",
        title: "Classic load balancer policy accepts outdated TLS",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_213"],
        description: "The aws_load_balancer_policy enables SSLv3, TLS 1.0 or TLS 1.1, or references a predefined security policy that accepts them.",
        remediation: "Reference ELBSecurityPolicy-TLS-1-2-2017-01 (or newer) and do not enable Protocol-SSLv3, Protocol-TLSv1 or Protocol-TLSv1.1.",
        target: Target::Resources(&["aws_load_balancer_policy"], Check::Function(elb_policy_protocols)),
    },
    Rule {
        id: "kali/aws-appsync-no-waf",
        title: "AppSync GraphQL API has no WAF",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_33"],
        description: "No aws_wafv2_web_acl_association names the GraphQL API, so its requests are not filtered.",
        remediation: "Add an aws_wafv2_web_acl_association with resource_arn = the API's arn.",
        target: Target::Resources(&["aws_appsync_graphql_api"], Check::Function(appsync_waf)),
    },
    Rule {
        id: "kali/aws-elb-backend-unencrypted",
        title: "Classic load balancer forwards to instances unencrypted",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_376"],
        description: "A listener's instance_protocol is HTTP or TCP, so traffic between the load balancer and the instances is unencrypted; or it is HTTPS or SSL without an ssl_certificate_id.",
        remediation: "Use instance_protocol = \"https\" (or \"ssl\") with an ssl_certificate_id.",
        target: Target::Resources(&["aws_elb"], Check::Function(elb_backend_tls)),
    },
    Rule {
        id: "kali/aws-cloudfront-no-response-headers-policy",
        title: "CloudFront distribution adds no security headers",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV2_AWS_32"],
        description: "The default cache behavior has no response_headers_policy_id, so responses carry no Strict-Transport-Security, X-Content-Type-Options or frame options unless the origin adds them.",
        remediation: "Attach an aws_cloudfront_response_headers_policy (or a managed one such as SecurityHeadersPolicy) with response_headers_policy_id.",
        target: Target::Resources(&["aws_cloudfront_distribution"], Check::Function(cloudfront_response_headers)),
    },
    Rule {
        id: "kali/aws-asg-no-launch-template",
        title: "Autoscaling group does not use a launch template",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_315"],
        description: "The group has no launch_template (directly or in mixed_instances_policy): launch configurations cannot require IMDSv2 for every option and are deprecated.",
        remediation: "Replace launch_configuration with an aws_launch_template referenced by launch_template.",
        target: Target::Resources(
            &["aws_autoscaling_group"],
            Check::Function(asg_launch_template),
        ),
    },
    Rule {
        id: "kali/aws-wafv2-no-logging",
        title: "WAF web ACL has no logging",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_31"],
        description: "No aws_wafv2_web_acl_logging_configuration names the web ACL, so blocked and allowed requests are not recorded.",
        remediation: "Add an aws_wafv2_web_acl_logging_configuration with resource_arn = the web ACL's arn.",
        target: Target::Resources(
            &["aws_wafv2_web_acl"],
            joined(
                None,
                &[Join {
                    resource_type: "aws_wafv2_web_acl_logging_configuration",
                    link: Link::Refers { attr: "resource_arn", names: &["arn"] },
                    requirement: None,
                }],
                "name",
                "The web ACL's requests are not logged (no aws_wafv2_web_acl_logging_configuration).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-apigw-no-waf",
        title: "Public API Gateway stage has no WAF",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_29"],
        description: "A stage of a REST API that is not PRIVATE has no WAF web ACL association (aws_wafv2_web_acl_association or aws_wafregional_web_acl_association), so requests reach the integration unfiltered. A stage whose API is not declared in this configuration cannot be told private or public and is not judged.",
        remediation: "Add an aws_wafv2_web_acl_association with resource_arn = the stage's arn.",
        target: Target::Resources(&["aws_api_gateway_stage"], Check::Function(apigw_stage_waf)),
    },
    Rule {
        id: "kali/aws-vpc-no-flow-logs",
        title: "VPC has no flow logs",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: Some(("cis_aws", "3.7")),
        checkov: &["CKV2_AWS_11"],
        description: "No aws_flow_log names the VPC (vpc_id), so its accepted and rejected traffic is not recorded.",
        remediation: "Add an aws_flow_log with vpc_id = the VPC's id and traffic_type = \"ALL\" (or \"REJECT\").",
        target: Target::Resources(
            &["aws_vpc"],
            joined(
                None,
                &[Join {
                    resource_type: "aws_flow_log",
                    link: Link::Refers { attr: "vpc_id", names: &["id"] },
                    requirement: None,
                }],
                "cidr_block",
                "The VPC's traffic is not logged (no aws_flow_log names it).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-iam-user-console-access",
        title: "IAM user has console access",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV2_AWS_22"],
        description: "An aws_iam_user_login_profile gives the user a console password: a long-lived credential outside single sign-on. Reported on the user, at the login profile.",
        remediation: "Give people console access through IAM Identity Center or federated roles, and remove the login profile.",
        target: Target::Resources(&["aws_iam_user"], Check::Function(iam_user_console)),
    },
    Rule {
        id: "kali/aws-iam-group-empty",
        title: "IAM group has no members",
        severity: Severity::Low,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_AWS_14"],
        description: "No aws_iam_group_membership or aws_iam_user_group_membership of this configuration puts a user in the group: its permissions are unused, or granted to users some other way.",
        remediation: "Add users to the group (aws_iam_group_membership) or remove it.",
        target: Target::Resources(&["aws_iam_group"], Check::Function(iam_group_empty)),
    },
    Rule {
        id: "kali/aws-lb-target-group-http",
        title: "Load balancer traffic travels over HTTP end to end",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_378"],
        description: "The target group's protocol is HTTP and no listener of this configuration that forwards to it uses HTTPS or TLS, so requests are unencrypted from client to target.",
        remediation: "Forward to the target group from an HTTPS listener, or use protocol = \"HTTPS\" on the target group.",
        target: Target::Resources(
            &["aws_lb_target_group", "aws_alb_target_group"],
            Check::Function(target_group_http),
        ),
    },
    Rule {
        id: "kali/aws-apigw-no-client-certificate",
        title: "API Gateway stage does not authenticate to its backend",
        severity: Severity::Low,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV2_AWS_51"],
        description: "A REST API stage (or a WebSocket API stage) has no client_certificate_id, so the backend cannot verify that requests come from API Gateway. HTTP API stages cannot use one and pass.",
        remediation: "Create an aws_api_gateway_client_certificate, set client_certificate_id on the stage, and verify it at the backend.",
        target: Target::Resources(
            &["aws_api_gateway_stage", "aws_apigatewayv2_stage"],
            Check::Function(apigw_client_certificate),
        ),
    },
    Rule {
        id: "kali/aws-cloudfront-hsts-weak",
        title: "CloudFront response headers policy does not enforce HSTS",
        severity: Severity::Low,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_259"],
        description: "The policy's strict_transport_security is missing, lasts less than a year, or does not include subdomains, preload and override.",
        remediation: "Set security_headers_config.strict_transport_security with access_control_max_age_sec = 31536000, include_subdomains, preload and override = true.",
        target: Target::Resources(
            &["aws_cloudfront_response_headers_policy"],
            Check::Function(cloudfront_hsts),
        ),
    },
    Rule {
        id: "kali/aws-cloudfront-origin-http",
        title: "CloudFront reaches a load balancer or media origin over HTTP",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_AWS_72"],
        description: "An enabled distribution has a custom origin on an AWS endpoint that serves HTTPS (an Elastic Load Balancer, MediaStore or MediaPackage, by domain or by reference) whose origin_protocol_policy is not https-only.",
        remediation: "Set custom_origin_config.origin_protocol_policy = \"https-only\" with origin_ssl_protocols = [\"TLSv1.2\"].",
        target: Target::Resources(&["aws_cloudfront_distribution"], Check::Function(cloudfront_origin_https)),
    },
    Rule {
        id: "kali/aws-cloudfront-default-certificate",
        title: "CloudFront distribution uses the default certificate",
        severity: Severity::Low,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_AWS_42"],
        description: "viewer_certificate names no ACM or IAM certificate, so the distribution serves the shared *.cloudfront.net certificate, which permits TLS 1.0.",
        remediation: "Set viewer_certificate.acm_certificate_arn (a us-east-1 certificate), ssl_support_method = \"sni-only\" and minimum_protocol_version = \"TLSv1.2_2021\".",
        target: Target::Resources(&["aws_cloudfront_distribution"], Check::Function(cloudfront_custom_certificate)),
    },
    Rule {
        id: "kali/aws-ecs-service-public-ip",
        title: "ECS service assigns public IP addresses",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_333"],
        description: "network_configuration.assign_public_ip is true, so every task gets an address reachable from the internet (subject to its security groups).",
        remediation: "Set assign_public_ip = false, run tasks in private subnets, and reach the internet through a NAT gateway.",
        target: Target::Resources(
            &["aws_ecs_service"],
            is_false(
                "network_configuration.assign_public_ip",
                "Tasks get public IP addresses (`assign_public_ip` is true).",
            )
            .unless(&[Condition::Absent("network_configuration.assign_public_ip")]),
        ),
    },
    Rule {
        id: "kali/aws-ecs-fargate-platform-pinned",
        title: "ECS Fargate service is pinned to an old platform version",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_332"],
        description: "A FARGATE service's platform_version is set to something other than LATEST, so its tasks keep running an older platform and miss its security fixes.",
        remediation: "Remove platform_version or set it to \"LATEST\".",
        target: Target::Resources(&["aws_ecs_service"], Check::Function(fargate_platform)),
    },
    Rule {
        id: "kali/aws-network-firewall-no-logging",
        title: "Network Firewall has no logging",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_63"],
        description: "No aws_networkfirewall_logging_configuration names the firewall (firewall_arn), so its alerts and flows are not recorded.",
        remediation: "Add an aws_networkfirewall_logging_configuration with ALERT and FLOW log destinations.",
        target: Target::Resources(
            &["aws_networkfirewall_firewall"],
            joined(
                None,
                &[Join {
                    resource_type: "aws_networkfirewall_logging_configuration",
                    link: Link::Refers { attr: "firewall_arn", names: &["arn"] },
                    requirement: None,
                }],
                "name",
                "The firewall's alerts and flows are not logged (no aws_networkfirewall_logging_configuration).",
            ),
        ),
    },
    Rule {
        id: "kali/aws-eks-unsupported-version",
        title: "EKS cluster runs an unsupported Kubernetes version",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_339"],
        description: "version is a Kubernetes minor release older than 1.29, past EKS standard support, so it gets no security patches (or costs extended support). Unset, EKS uses its current default.",
        remediation: "Upgrade the cluster (one minor version at a time) and set version to a supported release.",
        target: Target::Resources(&["aws_eks_cluster"], Check::Function(eks_version)),
    },
    Rule {
        id: "kali/aws-ecs-writable-root-filesystem",
        title: "ECS container can write to its root filesystem",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_336"],
        description: "A container definition of the task does not set readonlyRootFilesystem = true, so an attacker in the container can change its binaries and configuration.",
        remediation: "Set \"readonlyRootFilesystem\": true in each container definition and mount volumes for the paths it writes.",
        target: Target::Resources(&["aws_ecs_task_definition"], Check::Function(ecs_readonly_root)),
    },
    Rule {
        id: "kali/aws-ecr-policy-public",
        title: "ECR repository policy allows any principal",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_32"],
        description: "A statement of the aws_ecr_repository_policy allows \"*\" with no condition that narrows who that is (an organization, account or principal ARN), so anyone with an AWS account can pull the images.",
        remediation: "Name the accounts or roles that may pull, or add an aws:PrincipalOrgID condition.",
        target: Target::Resources(&["aws_ecr_repository_policy"], Check::Function(ecr_policy_public)),
    },
    Rule {
        id: "kali/aws-network-firewall-no-cmk",
        title: "Network Firewall is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_345"],
        description: "The firewall or rule group has no encryption_configuration.key_id, so its data is encrypted with an AWS-owned key whose use you cannot control or audit.",
        remediation: "Add encryption_configuration { type = \"CUSTOMER_KMS\", key_id = <KMS key ARN> }.",
        target: Target::Resources(&["aws_networkfirewall_firewall", "aws_networkfirewall_rule_group"], present("encryption_configuration.key_id", "Not encrypted with a customer-managed KMS key (`encryption_configuration.key_id`).")),
    },
    Rule {
        id: "kali/aws-network-firewall-policy-no-cmk",
        title: "Network Firewall policy is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_346"],
        description: "The firewall policy has no encryption_configuration.key_id, so it is encrypted with an AWS-owned key.",
        remediation: "Add encryption_configuration { type = \"CUSTOMER_KMS\", key_id = <KMS key ARN> }.",
        target: Target::Resources(&["aws_networkfirewall_firewall_policy"], present("encryption_configuration.key_id", "The policy is not encrypted with a customer-managed KMS key (`encryption_configuration.key_id`).")),
    },
    Rule {
        id: "kali/aws-scheduler-schedule-no-cmk",
        title: "EventBridge Scheduler schedule is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_297"],
        description: "kms_key_arn is not set, so the schedule's target input (which may hold secrets) is encrypted with an AWS-owned key.",
        remediation: "Set kms_key_arn to a customer-managed KMS key.",
        target: Target::Resources(&["aws_scheduler_schedule"], present("kms_key_arn", "The schedule is not encrypted with a customer-managed KMS key (`kms_key_arn`).")),
    },
    Rule {
        id: "kali/aws-beanstalk-no-enhanced-health",
        title: "Elastic Beanstalk environment does not stream health reports",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_312"],
        description: "No setting aws:elasticbeanstalk:healthreporting:system HealthStreamingEnabled = true, so enhanced health events are not kept in CloudWatch Logs.",
        remediation: "Add a setting with namespace aws:elasticbeanstalk:healthreporting:system, name HealthStreamingEnabled, value true (and SystemType enhanced).",
        target: Target::Resources(&["aws_elastic_beanstalk_environment"], Check::Function(beanstalk_enhanced_health)),
    },
    Rule {
        id: "kali/aws-beanstalk-no-managed-updates",
        title: "Elastic Beanstalk environment does not apply platform updates",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_340"],
        description: "No setting aws:elasticbeanstalk:managedactions ManagedActionsEnabled = true, so the environment's platform is not patched automatically.",
        remediation: "Add a setting with namespace aws:elasticbeanstalk:managedactions, name ManagedActionsEnabled, value true, and a PreferredStartTime.",
        target: Target::Resources(&["aws_elastic_beanstalk_environment"], Check::Function(beanstalk_managed_updates)),
    },
    Rule {
        id: "kali/aws-imagebuilder-recipe-disk-no-cmk",
        title: "Image Builder recipe disk is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_200"],
        description: "An ebs block of the recipe's block_device_mapping is not encrypted, or has no kms_key_id.",
        remediation: "Set ebs { encrypted = true, kms_key_id = <KMS key ARN> } on each block device mapping.",
        target: Target::Resources(&["aws_imagebuilder_image_recipe"], Check::Function(image_recipe_disks_cmk)),
    },
    Rule {
        id: "kali/aws-cloudfront-no-origin-failover",
        title: "CloudFront distribution has no origin failover",
        severity: Severity::Low,
        category: Category::Backup,
        cis: None,
        checkov: &["CKV_AWS_310"],
        description: "The distribution has no origin_group with failover_criteria and two members, so an outage of its origin is an outage of the site.",
        remediation: "Add an origin_group with failover_criteria (status codes 500, 502, 503, 504) and a primary and secondary member, and point the cache behavior at it.",
        target: Target::Resources(&["aws_cloudfront_distribution"], Check::Function(cloudfront_origin_failover)),
    },
    Rule {
        id: "kali/aws-ec2-user-data-secrets",
        title: "EC2 user data contains a secret",
        severity: Severity::High,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV_AWS_46"],
        description: "The instance's, launch template's or launch configuration's user_data (as written, not base64) contains something that looks like a credential (an AWS access key, a private key, a token); user data is readable by anyone who can describe the instance. Keys published in AWS documentation (AKIAIOSFODNN7EXAMPLE) are known not to be secrets and pass.",
        remediation: "Fetch secrets at boot from Secrets Manager or SSM Parameter Store with the instance role, and rotate the exposed one.",
        target: Target::Resources(&["aws_instance", "aws_launch_template", "aws_launch_configuration"], Check::Function(user_data_secrets)),
    },
    Rule {
        id: "kali/aws-ssm-session-logging",
        title: "Session Manager sessions are not logged encrypted",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_113"],
        description: "The Session Manager preferences document (document_type Session, JSON or YAML content, as document_format says) sends session logs neither to an S3 bucket with s3EncryptionEnabled nor to a CloudWatch log group with cloudWatchEncryptionEnabled.",
        remediation: "Set inputs.s3BucketName with s3EncryptionEnabled = true, or inputs.cloudWatchLogGroupName with cloudWatchEncryptionEnabled = true.",
        target: Target::Resources(&["aws_ssm_document"], Check::Function(ssm_session_logging)),
    },
    Rule {
        id: "kali/aws-ssm-session-no-kms",
        title: "Session Manager session data is not encrypted with KMS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_112"],
        description: "The Session Manager preferences document (document_type Session, JSON or YAML content) has no inputs.kmsKeyId, so session traffic is protected only by TLS.",
        remediation: "Set inputs.kmsKeyId to a KMS key the session users and instances may use.",
        target: Target::Resources(&["aws_ssm_document"], Check::Function(ssm_session_encryption)),
    },
    Rule {
        id: "kali/aws-config-aggregator-not-all-regions",
        title: "AWS Config aggregator does not cover all regions",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_121"],
        description: "Neither account_aggregation_source nor organization_aggregation_source sets all_regions = true, so resources in other regions are not aggregated.",
        remediation: "Set all_regions = true on the aggregation source.",
        target: Target::Resources(&["aws_config_configuration_aggregator"], Check::Function(config_aggregator_all_regions)),
    },
    Rule {
        id: "kali/aws-sagemaker-model-no-network-isolation",
        title: "SageMaker model containers can reach the network",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_370"],
        description: "enable_network_isolation is not true, so the model's inference containers can make outbound calls.",
        remediation: "Set enable_network_isolation = true.",
        target: Target::Resources(&["aws_sagemaker_model"], is_true("enable_network_isolation", "The model containers are not network-isolated (`enable_network_isolation` is not true).")),
    },
    Rule {
        id: "kali/aws-sfn-execution-data-not-logged",
        title: "Step Functions state machine does not log execution data",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_285"],
        description: "logging_configuration.include_execution_data is not true, so execution history logs lack inputs and outputs needed to investigate.",
        remediation: "Set logging_configuration { include_execution_data = true, level = \"ALL\" (or ERROR), log_destination = … }.",
        target: Target::Resources(&["aws_sfn_state_machine"], is_true("logging_configuration.include_execution_data", "Execution data is not logged (`logging_configuration.include_execution_data` is not true).")),
    },
    Rule {
        id: "kali/aws-sfn-no-xray",
        title: "Step Functions state machine has no X-Ray tracing",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_284"],
        description: "tracing_configuration.enabled is not true, so executions are not traced.",
        remediation: "Set tracing_configuration { enabled = true }.",
        target: Target::Resources(&["aws_sfn_state_machine"], is_true("tracing_configuration.enabled", "X-Ray tracing is not enabled (`tracing_configuration.enabled` is not true).")),
    },
    Rule {
        id: "kali/aws-waf-acl-no-rules",
        title: "WAF web ACL has no rules",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_175"],
        description: "The web ACL (WAF Classic, regional or WAFv2) has no rule or rules blocks, so every request gets its default action.",
        remediation: "Add rules, for example the AWS managed rule groups AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet.",
        target: Target::Resources(&["aws_waf_web_acl", "aws_wafregional_web_acl", "aws_wafv2_web_acl"], Check::Function(waf_has_rules)),
    },
    Rule {
        id: "kali/aws-network-firewall-no-deletion-protection",
        title: "Network Firewall has no deletion protection",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_344"],
        description: "delete_protection is not true, so one mistaken apply can remove the firewall and the inspection it does.",
        remediation: "Set delete_protection = true.",
        target: Target::Resources(&["aws_networkfirewall_firewall"], is_true("delete_protection", "The firewall can be deleted (`delete_protection` is not true).")),
    },
    Rule {
        id: "kali/aws-nacl-rule-all-ports",
        title: "Network ACL rule allows every port from the internet",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_352"],
        description: "An ingress aws_network_acl_rule with rule_action allow covers every port (protocol -1, or no port range) from 0.0.0.0/0 or ::/0. Checkov reports every ingress rule without from_port, whatever its action and CIDR; a deny rule or one from a private range passes here.",
        remediation: "Allow only the ports the subnet serves (from_port and to_port), from the CIDRs that need them.",
        target: Target::Resources(&["aws_network_acl_rule"], Check::Function(nacl_rule_all_ports)),
    },
    Rule {
        id: "kali/aws-cloudtrail-event-data-store-no-cmk",
        title: "CloudTrail Lake event data store is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_294"],
        description: "kms_key_id is not set, so the event data store is encrypted with an AWS-owned key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_cloudtrail_event_data_store"], present("kms_key_id", "The event data store is not encrypted with a customer-managed KMS key (`kms_key_id`).")),
    },
    Rule {
        id: "kali/aws-sagemaker-notebook-root-access",
        title: "SageMaker notebook users have root access",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_307"],
        description: "root_access is not \"Disabled\" (the default is Enabled), so notebook users can change the instance's software and configuration.",
        remediation: "Set root_access = \"Disabled\".",
        target: Target::Resources(&["aws_sagemaker_notebook_instance"], one_of("root_access", &["Disabled"], "Notebook users have root access (`root_access` is not \"Disabled\").")),
    },
    Rule {
        id: "kali/aws-ecs-efs-no-transit-encryption",
        title: "ECS task mounts EFS without encryption in transit",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_97"],
        description: "An efs_volume_configuration of the task definition does not set transit_encryption = \"ENABLED\".",
        remediation: "Set transit_encryption = \"ENABLED\" on each efs_volume_configuration.",
        target: Target::Resources(&["aws_ecs_task_definition"], Check::Function(ecs_efs_transit)),
    },
    Rule {
        id: "kali/aws-elb-listener-no-certificate",
        title: "Classic load balancer listener has no SSL certificate",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_127"],
        description: "A listener of the classic load balancer has no ssl_certificate_id, so clients reach it without TLS.",
        remediation: "Use lb_protocol = \"https\" (or \"ssl\") with an ACM certificate in ssl_certificate_id.",
        target: Target::Resources(&["aws_elb"], Check::Function(elb_listener_certificates)),
    },
    Rule {
        id: "kali/aws-ecs-no-container-insights",
        title: "ECS cluster has Container Insights disabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_65"],
        description: "The cluster has no setting containerInsights = \"enabled\" (or \"enhanced\"), so task and service metrics are not collected.",
        remediation: "Add setting { name = \"containerInsights\", value = \"enabled\" }.",
        target: Target::Resources(&["aws_ecs_cluster"], Check::Function(ecs_container_insights)),
    },
    Rule {
        id: "kali/aws-lambda-deprecated-runtime",
        title: "Lambda function uses a deprecated runtime",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_363"],
        description: "runtime is one AWS no longer patches (python2.7 to 3.9, nodejs up to 16.x, java8, go1.x, ruby2.x, .NET Core and .NET 5-7, provided).",
        remediation: "Move to a supported runtime (python3.12, nodejs20.x, java21, provided.al2023, …).",
        target: Target::Resources(&["aws_lambda_function"], none_of("runtime", &["dotnetcore3.1", "nodejs12.x", "python3.6", "python2.7", "dotnet5.0", "dotnetcore2.1", "ruby2.5", "nodejs10.x", "nodejs8.10", "nodejs4.3", "nodejs6.10", "dotnetcore1.0", "dotnetcore2.0", "nodejs4.3-edge", "nodejs", "java8", "python3.7", "go1.x", "provided", "ruby2.7", "nodejs14.x", "nodejs16.x", "python3.9", "dotnet7", "dotnet6"], "The runtime is deprecated and no longer patched")),
    },
    Rule {
        id: "kali/aws-apigwv2-route-no-authorization",
        title: "API Gateway v2 route has no authorization",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_309"],
        description: "authorization_type is not AWS_IAM, CUSTOM or JWT (it is NONE or unset), so anyone can call the route.",
        remediation: "Set authorization_type = \"JWT\" (with an authorizer_id), \"CUSTOM\" or \"AWS_IAM\".",
        target: Target::Resources(&["aws_apigatewayv2_route"], one_of("authorization_type", &["AWS_IAM", "CUSTOM", "JWT"], "The route does not require authorization (`authorization_type` is not AWS_IAM, CUSTOM or JWT).")),
    },
    Rule {
        id: "kali/aws-sagemaker-notebook-imdsv1",
        title: "SageMaker notebook instance accepts IMDSv1",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_371"],
        description: "instance_metadata_service_configuration.minimum_instance_metadata_service_version is not \"2\", so code on the notebook can read the role's credentials through IMDSv1 (SSRF).",
        remediation: "Set instance_metadata_service_configuration { minimum_instance_metadata_service_version = \"2\" }.",
        target: Target::Resources(&["aws_sagemaker_notebook_instance"], Check::Function(sagemaker_imdsv2)),
    },
    Rule {
        id: "kali/aws-sagemaker-no-cmk",
        title: "SageMaker domain or notebook is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_187"],
        description: "kms_key_id is not set, so the storage is encrypted with an AWS-managed key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_sagemaker_domain", "aws_sagemaker_notebook_instance"], present("kms_key_id", "The storage is not encrypted with a customer-managed KMS key (`kms_key_id`).")),
    },
    Rule {
        id: "kali/aws-cognito-unauthenticated-identities",
        title: "Cognito identity pool allows unauthenticated guests",
        severity: Severity::Medium,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_366"],
        description: "allow_unauthenticated_identities is true, so anyone can get AWS credentials for the pool's unauthenticated role.",
        remediation: "Set allow_unauthenticated_identities = false, or give the unauthenticated role no permissions.",
        target: Target::Resources(&["aws_cognito_identity_pool"], not_true("allow_unauthenticated_identities", "Unauthenticated guests get AWS credentials (`allow_unauthenticated_identities` is true).")),
    },
    Rule {
        id: "kali/aws-transfer-server-public",
        title: "Transfer Family server has a public endpoint",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_164"],
        description: "endpoint_type is not VPC or VPC_ENDPOINT (the default is PUBLIC), so the SFTP/FTPS endpoint is reachable from the internet without security groups.",
        remediation: "Set endpoint_type = \"VPC\" with endpoint_details (subnets, security groups, and Elastic IPs only if it must be public).",
        target: Target::Resources(&["aws_transfer_server"], one_of("endpoint_type", &["VPC", "VPC_ENDPOINT"], "The server has a public endpoint (`endpoint_type` is not VPC).")),
    },
    Rule {
        id: "kali/aws-global-accelerator-no-flow-logs",
        title: "Global Accelerator has no flow logs",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_75"],
        description: "attributes.flow_logs_enabled is not true, so traffic through the accelerator is not recorded.",
        remediation: "Set attributes { flow_logs_enabled = true, flow_logs_s3_bucket = …, flow_logs_s3_prefix = … }.",
        target: Target::Resources(&["aws_globalaccelerator_accelerator"], is_true("attributes.flow_logs_enabled", "Flow logs are not enabled (`attributes.flow_logs_enabled` is not true).")),
    },
    Rule {
        id: "kali/aws-cloudwatch-alarm-actions-disabled",
        title: "CloudWatch alarm actions are disabled",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_319"],
        description: "actions_enabled is false, so the alarm notifies no one when it fires.",
        remediation: "Set actions_enabled = true (the default).",
        target: Target::Resources(&["aws_cloudwatch_metric_alarm"], not_false("actions_enabled", "The alarm's actions are disabled (`actions_enabled` is false).")),
    },
    Rule {
        id: "kali/aws-subnet-public-ip-on-launch",
        title: "Subnet gives instances public IP addresses by default",
        severity: Severity::Low,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_130"],
        description: "map_public_ip_on_launch is true, so every instance launched in the subnet gets a public address unless told otherwise.",
        remediation: "Set map_public_ip_on_launch = false; give public addresses only to what must have one (load balancers, NAT gateways).",
        target: Target::Resources(&["aws_subnet"], not_true("map_public_ip_on_launch", "Instances get public IP addresses by default (`map_public_ip_on_launch` is true).")),
    },
    Rule {
        id: "kali/aws-codebuild-privileged-mode",
        title: "CodeBuild project runs builds in privileged mode",
        severity: Severity::High,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_316"],
        description: "environment.privileged_mode is true, so build commands run with root access to the build host's Docker daemon.",
        remediation: "Set privileged_mode = false unless the project builds Docker images, and then keep its source trusted.",
        target: Target::Resources(&["aws_codebuild_project"], not_true("environment.privileged_mode", "Builds run privileged (`environment.privileged_mode` is true).")),
    },
    Rule {
        id: "kali/aws-ecs-host-pid",
        title: "ECS container shares the host's process namespace",
        severity: Severity::High,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_335"],
        description: "A container definition sets pidMode = \"host\", so it sees and can signal every process on the host.",
        remediation: "Remove pidMode (or use \"task\").",
        target: Target::Resources(&["aws_ecs_task_definition"], Check::Function(ecs_host_pid)),
    },
    Rule {
        id: "kali/aws-cloudfront-no-geo-restriction",
        title: "CloudFront distribution has no geo restriction",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_374"],
        description: "restrictions.geo_restriction.restriction_type is \"none\", so the distribution serves every country.",
        remediation: "Use restriction_type = \"whitelist\" (or \"blacklist\") with the countries served, where the audience allows it.",
        target: Target::Resources(&["aws_cloudfront_distribution"], none_of("restrictions.geo_restriction.restriction_type", &["none"], "The distribution serves every country")),
    },
    Rule {
        id: "kali/aws-lambda-no-code-signing",
        title: "Lambda function does not verify code signatures",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_272"],
        description: "code_signing_config_arn is not set, so any package uploaded to the function is run.",
        remediation: "Create an aws_lambda_code_signing_config with your signing profile and set code_signing_config_arn.",
        target: Target::Resources(&["aws_lambda_function"], present("code_signing_config_arn", "Code signing is not enforced (`code_signing_config_arn`).")),
    },
    Rule {
        id: "kali/aws-apigw-cache-unencrypted",
        title: "API Gateway caches responses unencrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_308"],
        description: "aws_api_gateway_method_settings enables caching_enabled without cache_data_encrypted.",
        remediation: "Set settings.cache_data_encrypted = true.",
        target: Target::Resources(&["aws_api_gateway_method_settings"], Check::Function(method_cache_encrypted)),
    },
    Rule {
        id: "kali/aws-elb-cross-zone-disabled",
        title: "Classic load balancer does not balance across zones",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_138"],
        description: "cross_zone_load_balancing is false, so a zone with fewer instances is overloaded.",
        remediation: "Set cross_zone_load_balancing = true (the default).",
        target: Target::Resources(&["aws_elb"], not_false("cross_zone_load_balancing", "Cross-zone load balancing is disabled (`cross_zone_load_balancing` is false).")),
    },
    Rule {
        id: "kali/aws-ecs-exec-logging-off",
        title: "ECS Exec sessions are not logged",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_223"],
        description: "configuration.execute_command_configuration.logging is \"NONE\", so commands run in containers through ECS Exec leave no record.",
        remediation: "Set logging = \"DEFAULT\" or \"OVERRIDE\" with a log_configuration.",
        target: Target::Resources(&["aws_ecs_cluster"], none_of("configuration.execute_command_configuration.logging", &["NONE"], "ECS Exec sessions are not logged")),
    },
    Rule {
        id: "kali/aws-guardduty-detector-disabled",
        title: "GuardDuty detector is disabled",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_238"],
        description: "enable is false, so threat detection is off in the region.",
        remediation: "Set enable = true (the default).",
        target: Target::Resources(&["aws_guardduty_detector"], not_false("enable", "The detector is disabled (`enable` is false).")),
    },
    Rule {
        id: "kali/aws-eks-node-group-ssh-open",
        title: "EKS node group allows SSH from anywhere",
        severity: Severity::High,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_100"],
        description: "remote_access sets ec2_ssh_key without source_security_group_ids, which makes EKS open port 22 on the nodes to 0.0.0.0/0.",
        remediation: "Set remote_access.source_security_group_ids to a bastion's security group, or drop remote_access and use SSM.",
        target: Target::Resources(&["aws_eks_node_group"], Check::Function(eks_node_group_ssh)),
    },
    Rule {
        id: "kali/aws-codebuild-artifacts-unencrypted",
        title: "CodeBuild project writes artifacts unencrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_78"],
        description: "artifacts.encryption_disabled is true, so build outputs are stored without encryption.",
        remediation: "Remove encryption_disabled (or set it to false).",
        target: Target::Resources(&["aws_codebuild_project"], not_true("artifacts.encryption_disabled", "Artifact encryption is disabled (`artifacts.encryption_disabled` is true).")),
    },
    Rule {
        id: "kali/aws-sg-unattached",
        title: "Security group is not attached to anything",
        severity: Severity::Low,
        category: Category::Network,
        cis: None,
        checkov: &["CKV2_AWS_5"],
        description: "No resource of this configuration other than security groups and their rules refers to the group (instances, launch templates, load balancers, functions, endpoints, databases, network interfaces, …), and no output of its module exports it: it protects nothing, and unused groups hide which rules matter.",
        remediation: "Attach the group (vpc_security_group_ids, security_groups) or remove it.",
        target: Target::Resources(&["aws_security_group"], Check::Function(sg_attached)),
    },
    Rule {
        id: "kali/aws-lb-listener-weak-ciphers",
        title: "Load balancer listener offers weak ciphers",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_AWS_74"],
        description: "An HTTPS or TLS listener has no ssl_policy (the default ELBSecurityPolicy-2016-08) or one of the older predefined policies that offer CBC and SHA-1 cipher suites and TLS 1.0/1.1.",
        remediation: "Set ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\" (or another TLS 1.2+ policy).",
        target: Target::Resources(&["aws_lb_listener", "aws_alb_listener"], Check::Function(listener_weak_ciphers)),
    },
    Rule {
        id: "kali/aws-iam-user-no-group",
        title: "IAM user is in no group",
        severity: Severity::Low,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV2_AWS_21"],
        description: "No aws_iam_group_membership or aws_iam_user_group_membership of this configuration names the user, so its permissions are attached to it one by one. Checkov reports this on group memberships; it is reported here on the user.",
        remediation: "Add the user to groups that carry the policies it needs.",
        target: Target::Resources(&["aws_iam_user"], Check::Function(iam_user_in_group)),
    },
    Rule {
        id: "kali/aws-appsync-field-logging-off",
        title: "AppSync API does not log resolver errors",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_194"],
        description: "log_config.field_log_level is not ALL or ERROR (NONE or no log_config), so resolver failures are not logged.",
        remediation: "Set log_config { field_log_level = \"ERROR\" (or \"ALL\"), cloudwatch_logs_role_arn = … }.",
        target: Target::Resources(&["aws_appsync_graphql_api"], one_of("log_config.field_log_level", &["ALL", "ERROR"], "Field-level logging is off (`log_config.field_log_level` is not ALL or ERROR).")),
    },
    Rule {
        id: "kali/aws-appsync-no-logging",
        title: "AppSync API does not log to CloudWatch",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_193"],
        description: "log_config.cloudwatch_logs_role_arn is not set, so the API's requests are not logged.",
        remediation: "Add log_config with cloudwatch_logs_role_arn.",
        target: Target::Resources(&["aws_appsync_graphql_api"], present("log_config.cloudwatch_logs_role_arn", "The API does not log to CloudWatch (`log_config.cloudwatch_logs_role_arn`).")),
    },
    Rule {
        id: "kali/aws-apigw-data-trace",
        title: "API Gateway logs full request and response bodies",
        severity: Severity::Medium,
        category: Category::Secrets,
        cis: None,
        checkov: &["CKV_AWS_276"],
        description: "settings.data_trace_enabled is true, so request and response bodies (tokens, personal data) are written to CloudWatch Logs.",
        remediation: "Set data_trace_enabled = false; use INFO or ERROR logging_level.",
        target: Target::Resources(&["aws_api_gateway_method_settings"], not_true("settings.data_trace_enabled", "Full request and response data is logged (`settings.data_trace_enabled` is true).")),
    },
    Rule {
        id: "kali/aws-ecr-no-kms",
        title: "ECR repository is not encrypted with KMS",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_136"],
        description: "encryption_configuration.encryption_type is not KMS, so images are encrypted with the AES-256 default whose use you cannot control or audit.",
        remediation: "Set encryption_configuration { encryption_type = \"KMS\", kms_key = <KMS key ARN> }.",
        target: Target::Resources(&["aws_ecr_repository"], one_of("encryption_configuration.encryption_type", &["KMS"], "Images are not encrypted with KMS (`encryption_configuration.encryption_type` is not KMS).")),
    },
    Rule {
        id: "kali/aws-cloudfront-no-default-root-object",
        title: "CloudFront distribution has no default root object",
        severity: Severity::Low,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_305"],
        description: "default_root_object is not set, so a request for the root URL is passed to the origin, which may list its contents (an S3 origin's bucket listing).",
        remediation: "Set default_root_object = \"index.html\".",
        target: Target::Resources(&["aws_cloudfront_distribution"], present("default_root_object", "No default root object is set (`default_root_object`).")),
    },
    Rule {
        id: "kali/aws-cloudtrail-no-sns",
        title: "CloudTrail trail does not notify on log delivery",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_252"],
        description: "sns_topic_name is not set, so nothing is told when log files are delivered (or stop arriving).",
        remediation: "Set sns_topic_name to an SNS topic that monitoring subscribes to.",
        target: Target::Resources(&["aws_cloudtrail"], present("sns_topic_name", "Log delivery is not notified (`sns_topic_name`).")),
    },
    Rule {
        id: "kali/aws-cloudtrail-logging-disabled",
        title: "CloudTrail trail is not logging",
        severity: Severity::High,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_251"],
        description: "enable_logging is false, so the trail records nothing.",
        remediation: "Set enable_logging = true (the default).",
        target: Target::Resources(&["aws_cloudtrail"], not_false("enable_logging", "The trail is stopped (`enable_logging` is false).")),
    },
    Rule {
        id: "kali/aws-cloudwatch-log-group-no-kms",
        title: "CloudWatch log group is not encrypted with KMS",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_158"],
        description: "kms_key_id is not set, so the logs are encrypted only with CloudWatch's service key.",
        remediation: "Set kms_key_id to a customer-managed KMS key whose policy allows CloudWatch Logs.",
        target: Target::Resources(LOG_GROUPS, present("kms_key_id", "The log group is not encrypted with a customer-managed KMS key (`kms_key_id`).")),
    },
    Rule {
        id: "kali/aws-cloudwatch-log-group-no-retention",
        title: "CloudWatch log group has no retention period",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_66"],
        description: "retention_in_days is not set, so logs are kept (and billed) forever and no retention decision is recorded.",
        remediation: "Set retention_in_days to the period your policy requires (365 or more for audit logs).",
        target: Target::Resources(LOG_GROUPS, present("retention_in_days", "No retention period is set (`retention_in_days`).")),
    },
    Rule {
        id: "kali/aws-apigw-domain-outdated-tls",
        title: "API Gateway custom domain accepts TLS 1.0",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_206"],
        description: "security_policy is not a TLS 1.2 (or newer) policy; unset, the domain accepts TLS 1.0.",
        remediation: "Set security_policy = \"TLS_1_2\" (or a SecurityPolicy_TLS13 policy).",
        target: Target::Resources(&["aws_api_gateway_domain_name"], one_of("security_policy", &["TLS_1_2", "SecurityPolicy_TLS12_2018_EDGE", "SecurityPolicy_TLS12_PFS_2025_EDGE", "SecurityPolicy_TLS13_1_2_2021_06", "SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09", "SecurityPolicy_TLS13_1_2_PQ_2025_09", "SecurityPolicy_TLS13_1_3_2025_09", "SecurityPolicy_TLS13_1_3_FIPS_2025_09", "SecurityPolicy_TLS13_2025_EDGE"], "The domain accepts TLS versions before 1.2 (`security_policy` is not a TLS 1.2 policy).")),
    },
    Rule {
        id: "kali/aws-vpc-endpoint-service-auto-accept",
        title: "VPC endpoint service accepts connections without approval",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_123"],
        description: "acceptance_required is not true, so any principal allowed to connect gets an endpoint into the service without review.",
        remediation: "Set acceptance_required = true.",
        target: Target::Resources(&["aws_vpc_endpoint_service"], is_true("acceptance_required", "Endpoint connections are accepted without approval (`acceptance_required` is not true).")),
    },
    Rule {
        id: "kali/aws-sagemaker-notebook-no-vpc",
        title: "SageMaker notebook instance is not in a VPC",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_306"],
        description: "subnet_id is not set, so the notebook runs in a SageMaker-managed network with internet access you cannot control.",
        remediation: "Set subnet_id and security_groups to a private subnet of your VPC.",
        target: Target::Resources(&["aws_sagemaker_notebook_instance"], present("subnet_id", "The notebook does not run in your VPC (`subnet_id`).")),
    },
    Rule {
        id: "kali/aws-sagemaker-notebook-internet",
        title: "SageMaker notebook instance has direct internet access",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_122"],
        description: "direct_internet_access is \"Enabled\", so the notebook reaches (and is reachable from) the internet outside your VPC's controls.",
        remediation: "Set direct_internet_access = \"Disabled\" and give the notebook a subnet with a NAT gateway or VPC endpoints.",
        target: Target::Resources(&["aws_sagemaker_notebook_instance"], none_of("direct_internet_access", &["Enabled"], "The notebook has direct internet access")),
    },
    Rule {
        id: "kali/aws-ecs-privileged-container",
        title: "ECS container runs privileged",
        severity: Severity::High,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_334"],
        description: "A container definition sets privileged = true, giving it root access to the host. Checkov reads a `privilege` key; both spellings are read here.",
        remediation: "Remove privileged; grant only the Linux capabilities the container needs (linuxParameters.capabilities).",
        target: Target::Resources(&["aws_ecs_task_definition"], Check::Function(ecs_privileged)),
    },
    Rule {
        id: "kali/aws-batch-privileged-container",
        title: "Batch job definition runs a privileged container",
        severity: Severity::High,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_210"],
        description: "container_properties sets privileged = true, giving the job root access to the host.",
        remediation: "Remove privileged from container_properties.",
        target: Target::Resources(&["aws_batch_job_definition"], Check::Function(batch_privileged)),
    },
    Rule {
        id: "kali/aws-codebuild-no-logs",
        title: "CodeBuild project has no logging configuration",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_314"],
        description: "logs_config does not send build logs to CloudWatch Logs or S3.",
        remediation: "Add logs_config with cloudwatch_logs (group_name) or s3_logs.",
        target: Target::Resources(&["aws_codebuild_project"], Check::Function(codebuild_logs)),
    },
    Rule {
        id: "kali/aws-codebuild-s3-logs-unencrypted",
        title: "CodeBuild writes S3 logs unencrypted",
        severity: Severity::Low,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_311"],
        description: "logs_config.s3_logs.encryption_disabled is true, so build logs (which may show secrets) are stored unencrypted.",
        remediation: "Remove encryption_disabled from s3_logs.",
        target: Target::Resources(&["aws_codebuild_project"], not_true("logs_config.s3_logs.encryption_disabled", "S3 build logs are not encrypted (`s3_logs.encryption_disabled` is true).")),
    },
    Rule {
        id: "kali/aws-codebuild-no-cmk",
        title: "CodeBuild project is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_147"],
        description: "A project that produces artifacts has no encryption_key, so they are encrypted with the AWS-managed S3 key.",
        remediation: "Set encryption_key to a customer-managed KMS key.",
        target: Target::Resources(&["aws_codebuild_project"], Check::Function(codebuild_cmk)),
    },
    Rule {
        id: "kali/aws-launch-configuration-public-ip",
        title: "Launch configuration gives instances public IP addresses",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_389"],
        description: "associate_public_ip_address is true, so every instance the autoscaling group launches is reachable from the internet (subject to its security groups).",
        remediation: "Set associate_public_ip_address = false and launch into private subnets.",
        target: Target::Resources(&["aws_launch_configuration"], not_true("associate_public_ip_address", "Instances get public IP addresses (`associate_public_ip_address` is true).")),
    },
    Rule {
        id: "kali/aws-transit-gateway-auto-accept",
        title: "Transit gateway accepts shared attachments automatically",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_331"],
        description: "auto_accept_shared_attachments is \"enable\", so any account the gateway is shared with can attach its VPC without approval.",
        remediation: "Set auto_accept_shared_attachments = \"disable\" (the default).",
        target: Target::Resources(&["aws_ec2_transit_gateway"], none_of("auto_accept_shared_attachments", &["enable"], "Shared attachments are accepted automatically")),
    },
    Rule {
        id: "kali/aws-ecs-task-role-is-execution-role",
        title: "ECS task runs with its execution role",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_249"],
        description: "task_role_arn and execution_role_arn are the same role, so the application holds the permissions ECS uses to pull images and read secrets.",
        remediation: "Give the task its own task_role_arn with only what the application calls.",
        target: Target::Resources(&["aws_ecs_task_definition"], Check::Function(ecs_roles_differ)),
    },
    Rule {
        id: "kali/aws-apigw-method-cache-disabled",
        title: "API Gateway method settings do not enable caching",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_225"],
        description: "settings.caching_enabled is not true, so every request reaches the integration.",
        remediation: "Set settings.caching_enabled = true (with cache_data_encrypted) where responses can be cached.",
        target: Target::Resources(&["aws_api_gateway_method_settings"], is_true("settings.caching_enabled", "Caching is not enabled (`settings.caching_enabled` is not true).")),
    },
    Rule {
        id: "kali/aws-apigw-stage-cache-disabled",
        title: "API Gateway stage has no cache cluster",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_120"],
        description: "cache_cluster_enabled is not true, so the stage cannot cache responses and every request reaches the integration.",
        remediation: "Set cache_cluster_enabled = true and a cache_cluster_size.",
        target: Target::Resources(&["aws_api_gateway_stage"], is_true("cache_cluster_enabled", "No cache cluster is enabled (`cache_cluster_enabled` is not true).")),
    },
    Rule {
        id: "kali/aws-lb-target-group-no-health-path",
        title: "HTTP target group defines no health check path",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_261"],
        description: "An HTTP or HTTPS target group has no health_check.path, so targets are checked at \"/\" whether or not that reflects the application's health.",
        remediation: "Add health_check { path = \"/healthz\", matcher = \"200\" }.",
        target: Target::Resources(&["aws_lb_target_group", "aws_alb_target_group"], Check::Function(target_group_health_path)),
    },
    Rule {
        id: "kali/aws-ssm-document-public",
        title: "SSM document is shared with every AWS account",
        severity: Severity::High,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV_AWS_303"],
        description: "permissions.account_ids is \"All\", so the document (its commands and any values in it) is public.",
        remediation: "Share the document with named account ids only.",
        target: Target::Resources(&["aws_ssm_document"], Check::Function(ssm_document_public)),
    },
    Rule {
        id: "kali/aws-iam-root-access-key",
        title: "Access key is created for the root user",
        severity: Severity::Critical,
        category: Category::Authentication,
        cis: None,
        checkov: &["CKV_AWS_348"],
        description: "An aws_iam_access_key names the user \"root\"; root credentials cannot be limited by any policy.",
        remediation: "Delete root access keys; use IAM roles or users with limited policies.",
        target: Target::Resources(&["aws_iam_access_key"], Check::Function(root_access_key)),
    },
    Rule {
        id: "kali/aws-config-recorder-off",
        title: "AWS Config recorder is stopped or records only some resources",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_45"],
        description: "The aws_config_configuration_recorder_status has is_enabled not true, or its recorder sets recording_group.all_supported = false, so configuration changes go unrecorded.",
        remediation: "Set is_enabled = true, and leave recording_group.all_supported true (the default).",
        target: Target::Resources(&["aws_config_configuration_recorder_status"], Check::Function(config_recorder_on)),
    },
    Rule {
        id: "kali/aws-config-recorder-no-global-resources",
        title: "AWS Config recorder does not record global resources",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_48"],
        description: "recording_group.include_global_resource_types is not true, so changes to IAM users, roles and policies are not recorded.",
        remediation: "Set recording_group { all_supported = true, include_global_resource_types = true } (in one region).",
        target: Target::Resources(&["aws_config_configuration_recorder"], is_true("recording_group.include_global_resource_types", "Global resources such as IAM are not recorded (`recording_group.include_global_resource_types` is not true).")),
    },
    Rule {
        id: "kali/aws-guardduty-not-organization-wide",
        title: "GuardDuty is not enabled for the organization's accounts",
        severity: Severity::Medium,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_3"],
        description: "The detector is disabled, or no aws_guardduty_organization_configuration for it enables GuardDuty in member accounts (auto_enable_organization_members ALL or NEW), so new accounts are not watched.",
        remediation: "Add an aws_guardduty_organization_configuration with detector_id = the detector's id and auto_enable_organization_members = \"ALL\".",
        target: Target::Resources(&["aws_guardduty_detector"], Check::Function(guardduty_organization)),
    },
    Rule {
        id: "kali/aws-cloudfront-origin-sslv3",
        title: "CloudFront accepts SSLv3 to a custom origin",
        severity: Severity::High,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV2_AWS_54"],
        description: "A custom origin's origin_ssl_protocols includes SSLv3, so the connection to the origin can be downgraded to a broken protocol.",
        remediation: "Set origin_ssl_protocols = [\"TLSv1.2\"].",
        target: Target::Resources(&["aws_cloudfront_distribution"], Check::Function(cloudfront_origin_sslv3)),
    },
    Rule {
        id: "kali/aws-apigw-stage-no-execution-logging",
        title: "API Gateway stage has no execution logging",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV2_AWS_4"],
        description: "No aws_api_gateway_method_settings of the stage (by stage_name) sets logging_level to ERROR or INFO or enables metrics, so failed executions leave no trace.",
        remediation: "Add aws_api_gateway_method_settings for the stage with method_path = \"*/*\" and settings { logging_level = \"ERROR\", metrics_enabled = true }.",
        target: Target::Resources(&["aws_api_gateway_stage"], Check::Function(apigw_execution_logging)),
    },
    Rule {
        id: "kali/aws-apigw-method-no-request-validation",
        title: "API Gateway method does not validate requests",
        severity: Severity::Low,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV2_AWS_53"],
        description: "request_validator_id is not set, so malformed bodies and parameters reach the integration.",
        remediation: "Create an aws_api_gateway_request_validator (validate_request_body, validate_request_parameters) and set request_validator_id.",
        target: Target::Resources(&["aws_api_gateway_method"], present("request_validator_id", "Requests are not validated (`request_validator_id`).")),
    },
    Rule {
        id: "kali/aws-ami-unencrypted-disk",
        title: "AMI block device is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_204"],
        description: "An ebs_block_device of the aws_ami that is not created from a snapshot does not set encrypted = true, so instances launched from it start with unencrypted volumes.",
        remediation: "Set encrypted = true (and kms_key_id) on each ebs_block_device.",
        target: Target::Resources(&["aws_ami"], Check::Function(ami_disks_encrypted)),
    },
    Rule {
        id: "kali/aws-ami-copy-unencrypted",
        title: "Copied AMI is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_235"],
        description: "The aws_ami_copy does not set encrypted = true, so the copy's snapshots keep the source's (possibly missing) encryption.",
        remediation: "Set encrypted = true and kms_key_id on the copy.",
        target: Target::Resources(&["aws_ami_copy"], is_true("encrypted", "The copied AMI is not encrypted (`encrypted` is not true).")),
    },
    Rule {
        id: "kali/aws-ami-copy-no-cmk",
        title: "Copied AMI is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_236"],
        description: "The aws_ami_copy has no kms_key_id, so it is encrypted (if at all) with the AWS-managed EBS key, which cannot be shared across accounts.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_ami_copy"], present("kms_key_id", "The copy is not encrypted with a customer-managed KMS key (`kms_key_id`).")),
    },
    Rule {
        id: "kali/aws-codepipeline-artifacts-no-cmk",
        title: "CodePipeline artifacts are not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_219"],
        description: "artifact_store.encryption_key.id is not set, so pipeline artifacts (which carry build outputs and sometimes secrets) are encrypted with the AWS-managed S3 key.",
        remediation: "Add artifact_store.encryption_key { id = <KMS key ARN>, type = \"KMS\" }.",
        target: Target::Resources(&["aws_codepipeline"], present("artifact_store.encryption_key.id", "Artifacts are not encrypted with a customer-managed KMS key (`artifact_store.encryption_key`).")),
    },
    Rule {
        id: "kali/aws-workspaces-root-volume-unencrypted",
        title: "WorkSpace root volume is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_156"],
        description: "root_volume_encryption_enabled is not true, so the WorkSpace's system disk is stored unencrypted.",
        remediation: "Set root_volume_encryption_enabled = true and volume_encryption_key.",
        target: Target::Resources(&["aws_workspaces_workspace"], is_true("root_volume_encryption_enabled", "The root volume is not encrypted (`root_volume_encryption_enabled` is not true).")),
    },
    Rule {
        id: "kali/aws-workspaces-user-volume-unencrypted",
        title: "WorkSpace user volume is not encrypted",
        severity: Severity::Medium,
        category: Category::EncryptionAtRest,
        cis: None,
        checkov: &["CKV_AWS_155"],
        description: "user_volume_encryption_enabled is not true, so the user's files are stored unencrypted.",
        remediation: "Set user_volume_encryption_enabled = true and volume_encryption_key.",
        target: Target::Resources(&["aws_workspaces_workspace"], is_true("user_volume_encryption_enabled", "The user volume is not encrypted (`user_volume_encryption_enabled` is not true).")),
    },
    Rule {
        id: "kali/aws-imagebuilder-component-no-cmk",
        title: "Image Builder component is not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_180"],
        description: "kms_key_id is not set on the aws_imagebuilder_component, so its build document is encrypted with an AWS-owned key.",
        remediation: "Set kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_imagebuilder_component"], present("kms_key_id", "The component is not encrypted with a customer-managed KMS key (`kms_key_id`).")),
    },
    Rule {
        id: "kali/aws-imagebuilder-distribution-no-cmk",
        title: "Image Builder distributes AMIs not encrypted with a customer-managed key",
        severity: Severity::Low,
        category: Category::KeyManagement,
        cis: None,
        checkov: &["CKV_AWS_199"],
        description: "distribution.ami_distribution_configuration.kms_key_id is not set, so distributed AMIs use the default EBS key, which other accounts cannot use.",
        remediation: "Set ami_distribution_configuration.kms_key_id to a customer-managed KMS key.",
        target: Target::Resources(&["aws_imagebuilder_distribution_configuration"], present("distribution.ami_distribution_configuration.kms_key_id", "Distributed AMIs are not encrypted with a customer-managed KMS key (`ami_distribution_configuration.kms_key_id`).")),
    },
    Rule {
        id: "kali/aws-lambda-service-permission-unscoped",
        title: "Lambda permission for a service names no source",
        severity: Severity::Medium,
        category: Category::LeastPrivilege,
        cis: None,
        checkov: &["CKV_AWS_364"],
        description: "The aws_lambda_permission grants an AWS service principal (s3.amazonaws.com, sns.amazonaws.com, …) without source_arn or source_account, so that service acting for any account's resource can invoke the function.",
        remediation: "Set source_arn to the bucket, topic or rule that invokes the function (and source_account).",
        target: Target::Resources(&["aws_lambda_permission"], Check::Function(lambda_service_permission_scoped)),
    },
    Rule {
        id: "kali/aws-route53-domain-transfer-unlocked",
        title: "Route 53 domain is not locked against transfer",
        severity: Severity::Medium,
        category: Category::Network,
        cis: None,
        checkov: &["CKV_AWS_377"],
        description: "transfer_lock is false, so the registered domain can be transferred to another registrar (and hijacked) without first unlocking it.",
        remediation: "Set transfer_lock = true (the default).",
        target: Target::Resources(&["aws_route53domains_registered_domain"], not_false("transfer_lock", "The domain can be transferred away (`transfer_lock` is false).")),
    },
    Rule {
        id: "kali/aws-ses-configuration-set-tls-optional",
        title: "SES configuration set does not require TLS",
        severity: Severity::Medium,
        category: Category::EncryptionInTransit,
        cis: None,
        checkov: &["CKV_AWS_365"],
        description: "delivery_options.tls_policy is not \"Require\", so mail is sent unencrypted when the receiving server does not offer TLS.",
        remediation: "Set delivery_options { tls_policy = \"Require\" }.",
        target: Target::Resources(&["aws_ses_configuration_set"], one_of("delivery_options.tls_policy", &["Require"], "Mail may be delivered without TLS (`delivery_options.tls_policy` is not \"Require\").")),
    },
    Rule {
        id: "kali/aws-waf-classic-no-logging",
        title: "WAF Classic web ACL has no logging",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_176"],
        description: "logging_configuration.log_destination is not set on the WAF Classic (global or regional) web ACL, so its decisions are not recorded.",
        remediation: "Add logging_configuration { log_destination = <Kinesis Firehose ARN> }, or move to WAFv2.",
        target: Target::Resources(&["aws_waf_web_acl", "aws_wafregional_web_acl"], present("logging_configuration.log_destination", "The web ACL does not log (`logging_configuration.log_destination`).")),
    },
    Rule {
        id: "kali/aws-cloudformation-stack-no-notifications",
        title: "CloudFormation stack sends no event notifications",
        severity: Severity::Low,
        category: Category::Logging,
        cis: None,
        checkov: &["CKV_AWS_124"],
        description: "notification_arns is not set, so stack events (updates, rollbacks, deletions) notify no one.",
        remediation: "Set notification_arns to an SNS topic that operations subscribe to.",
        target: Target::Resources(&["aws_cloudformation_stack"], present("notification_arns", "Stack events are not sent to SNS (`notification_arns`).")),
    },
    Rule {
        id: "kali/aws-bedrock-agent-no-guardrail",
        title: "Bedrock agent has no guardrail",
        severity: Severity::Medium,
        category: Category::Workload,
        cis: None,
        checkov: &["CKV_AWS_383"],
        description: "guardrail_configuration.guardrail_identifier is not set, so the agent's prompts and responses are not filtered for harmful content, prompt attacks or sensitive data.",
        remediation: "Create an aws_bedrock_guardrail and set guardrail_configuration { guardrail_identifier, guardrail_version }.",
        target: Target::Resources(&["aws_bedrockagent_agent"], present("guardrail_configuration.guardrail_identifier", "No guardrail filters the agent (`guardrail_configuration.guardrail_identifier`).")),
    },
    Rule {
        id: "kali/aws-mwaa-public-webserver",
        title: "MWAA environment's web server is public",
        severity: Severity::Medium,
        category: Category::PublicAccess,
        cis: None,
        checkov: &["CKV2_AWS_66"],
        description: "webserver_access_mode is PUBLIC_ONLY, so the Airflow UI is reachable from the internet (behind IAM sign-in).",
        remediation: "Set webserver_access_mode = \"PRIVATE_ONLY\" (the default) and reach it through the VPC.",
        target: Target::Resources(&["aws_mwaa_environment"], none_of("webserver_access_mode", &["PUBLIC_ONLY"], "The Airflow web server is public")),
    },
];

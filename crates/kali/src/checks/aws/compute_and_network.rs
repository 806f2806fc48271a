//! AWS rules for what runs and how it is reached: EC2, launch templates and autoscaling,
//! VPCs, subnets, NACLs and routes, load balancers, API Gateway, CloudFront, WAF and
//! Route 53, IAM, Lambda, ECS, EKS and ECR, CodeBuild, SageMaker, and the logs and
//! monitoring of all of them (CloudWatch, CloudTrail, Config, GuardDuty).

use serde_json::Value as Json;

use super::super::check::{is_true, joined, none_of, present, requirement};
use super::super::{
    attr, blocks, bool_of, fail, first, is_world, strings, Category, Check, Condition, Ctx,
    Expected, Join, Link, Rule, Target, Unknowable, Verdict,
};
use super::{allows, json_strings, policy_attr, policy_statements, statements, POLICIES};
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

/// Resources of `types`, in the same root, that `r` refers to in any attribute.
fn referenced_by<'a>(ctx: &Ctx<'a>, r: &Resource, types: &[&str]) -> Vec<&'a Resource> {
    types
        .iter()
        .flat_map(|t| ctx.of_type(t).iter().copied())
        .filter(|o| o.root == r.root && o.address != r.address)
        .filter(|o| r.attributes.values().any(|v| mentions(v, o)))
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
                Some(a) => fail(key, format!("The AWS managed policy {name} is attached (\"{a}\"): {why}")),
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
    if GITHUB_ABUSABLE_CLAIMS.iter().any(|c| parts[0].starts_with(c)) {
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
            format!("The notebook's role {} has AdministratorAccess attached.", role.address),
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
            format!("The notebook's role {} allows every action (\"*\").", role.address),
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

const INSTANCES: &[&str] = &["aws_instance"];
const ZONES: &[&str] = &["aws_route53_zone"];
const LOG_GROUPS: &[&str] = &["aws_cloudwatch_log_group"];

/// How zone-related resources name their zone.
const ZONE_ID: &[&str] = &["zone_id", "id"];

/// The rules of AWS compute and network, one row each.
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
        cis: None,
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
        cis: Some(("cis_aws", "3.4")),
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
        description: "ebs_optimized is not true, so EBS traffic may share bandwidth with the instance's network traffic (instance types that are EBS-optimized by default are still reported unless it is written).",
        remediation: "Set ebs_optimized = true.",
        target: Target::Resources(
            INSTANCES,
            is_true("ebs_optimized", "The instance is not EBS-optimized (`ebs_optimized` is not true)."),
        ),
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
];

//! Checks that both Vishnu's built-in library and Kali's rule registry make: one owner
//! per problem, so a review reports it once.
//!
//! [`DUPLICATES`] is the single registry: each built-in Rego rule that judges the same
//! thing as one or more Kali rules, by id. Vishnu owns the problem (its rule carries the
//! compliance mapping and counts per control): when both deities run and both flag the same
//! resource in the same file, [`fold`] drops Kali's finding and keeps Vishnu's, which gains
//! Kali's rule id and Checkov ids as aliases, Kali's framework controls, and the higher of
//! the two severities. Where only one of them fires (Kali alone, `aetheredge scan`, a rule
//! disabled in one deity, checks that differ at the edges) that finding stands as it is.
//! In compliance, [`fold_rules`] makes the two rules one check, so a control counts the
//! problem once.

use std::collections::HashMap;

use aetheredge_core::report::{DeityName, Finding};

/// Built-in Vishnu rule id → the Kali rule ids that report the same problem.
pub const DUPLICATES: &[(&str, &[&str])] = &[
    ("aws_cloudfront_https", &["kali/aws-cloudfront-http"]),
    ("aws_cloudtrail_encryption", &["kali/aws-cloudtrail-kms"]),
    (
        "aws_cloudtrail_log_validation",
        &["kali/aws-cloudtrail-log-validation"],
    ),
    (
        "aws_cloudtrail_multi_region",
        &["kali/aws-cloudtrail-multi-region"],
    ),
    ("aws_dynamodb_pitr", &["kali/aws-dynamodb-pitr"]),
    ("aws_ebs_encryption", &["kali/aws-ebs-unencrypted"]),
    ("aws_eks_public_endpoint", &["kali/aws-eks-public-endpoint"]),
    (
        "aws_elasticache_rest_encryption",
        &["kali/aws-elasticache-at-rest"],
    ),
    (
        "aws_elasticache_transit_encryption",
        &["kali/aws-elasticache-in-transit"],
    ),
    ("aws_iam_wildcard", &["kali/aws-iam-admin-policy"]),
    ("aws_instance_imdsv2", &["kali/aws-ec2-imdsv1"]),
    ("aws_kms_rotation", &["kali/aws-kms-rotation"]),
    ("aws_lb_http_listener", &["kali/aws-lb-http-listener"]),
    ("aws_lb_tls_policy", &["kali/aws-lb-outdated-tls"]),
    (
        "aws_rds_backup_retention",
        &["kali/aws-rds-backups-disabled"],
    ),
    (
        "aws_rds_deletion_protection",
        &["kali/aws-rds-deletion-protection"],
    ),
    (
        "aws_rds_encryption",
        &[
            "kali/aws-rds-unencrypted",
            "kali/aws-rds-cluster-unencrypted",
        ],
    ),
    ("aws_rds_public", &["kali/aws-rds-public"]),
    ("aws_s3_encryption", &["kali/aws-s3-kms-encryption"]),
    ("aws_s3_logging", &["kali/aws-s3-access-logging"]),
    (
        "aws_s3_public_access",
        &["kali/aws-s3-public-read", "kali/aws-s3-public-write"],
    ),
    (
        "aws_s3_public_access_block",
        &["kali/aws-s3-no-public-access-block"],
    ),
    ("aws_s3_public_policy", &["kali/aws-s3-public-policy"]),
    ("aws_s3_versioning", &["kali/aws-s3-versioning"]),
    (
        "aws_sg_admin_ports_open",
        &["kali/aws-sg-ssh-open", "kali/aws-sg-rdp-open"],
    ),
    ("aws_sg_all_traffic_open", &["kali/aws-sg-all-ports-open"]),
    ("aws_sns_encryption", &["kali/aws-sns-unencrypted"]),
    (
        "azure_keyvault_purge_protection",
        &["kali/azure-keyvault-purge-protection"],
    ),
    (
        "azure_nsg_admin_ports_open",
        &["kali/azure-nsg-ssh-open", "kali/azure-nsg-rdp-open"],
    ),
    ("azure_postgres_ssl", &["kali/azure-postgres-ssl"]),
    ("azure_sql_public_access", &["kali/azure-sql-public"]),
    ("azure_sql_tls", &["kali/azure-sql-outdated-tls"]),
    ("azure_storage_https_only", &["kali/azure-storage-http"]),
    (
        "azure_storage_public_blobs",
        &[
            "kali/azure-storage-public-blobs",
            "kali/azure-storage-container-public",
        ],
    ),
    ("azure_storage_tls", &["kali/azure-storage-outdated-tls"]),
    (
        "gcp_firewall_admin_ports_open",
        &["kali/gcp-firewall-ssh-open", "kali/gcp-firewall-rdp-open"],
    ),
    ("gcp_instance_public_ip", &["kali/gcp-compute-public-ip"]),
    ("gcp_primitive_roles", &["kali/gcp-iam-primitive-role-sa"]),
    ("gcp_sql_backup", &["kali/gcp-sql-backups"]),
    ("gcp_sql_open_network", &["kali/gcp-sql-open-network"]),
    ("gcp_sql_ssl", &["kali/gcp-sql-no-ssl"]),
    ("gcp_storage_public", &["kali/gcp-storage-public"]),
    (
        "gcp_storage_uniform_access",
        &["kali/gcp-storage-uniform-access"],
    ),
    ("gcp_storage_versioning", &["kali/gcp-storage-versioning"]),
];

/// The Kali rules a Vishnu finding's rule (`vishnu/<id>`) duplicates.
pub(crate) fn kali_duplicates(vishnu_rule_id: &str) -> &'static [&'static str] {
    let id = vishnu_rule_id
        .strip_prefix("vishnu/")
        .unwrap_or(vishnu_rule_id);
    DUPLICATES
        .iter()
        .find(|(v, _)| *v == id)
        .map(|(_, k)| *k)
        .unwrap_or(&[])
}

/// The Vishnu rule id (`vishnu/<id>`) that owns a Kali rule's problem, if one does.
pub fn vishnu_owner(kali_rule_id: &str) -> Option<String> {
    DUPLICATES
        .iter()
        .find(|(_, k)| k.contains(&kali_rule_id))
        .map(|(v, _)| format!("vishnu/{v}"))
}

/// Folds Kali's findings that duplicate a Vishnu finding of the same tree into it: same
/// resource, same file, a Kali rule the registry maps to the Vishnu rule. What is folded
/// is removed from `kali`.
pub fn fold(vishnu: &mut [Finding], kali: &mut Vec<Finding>) {
    let mut by_rule_and_resource: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, k) in kali.iter().enumerate() {
        if let (Some(resource), Some(file)) = (k.resource.as_deref(), k.file.as_deref()) {
            by_rule_and_resource
                .entry((k.rule_id.as_str(), resource, file))
                .or_default()
                .push(i);
        }
    }
    let mut folded = vec![false; kali.len()];
    for v in vishnu.iter_mut() {
        if v.deity != DeityName::Vishnu {
            continue;
        }
        let (Some(resource), Some(file)) = (v.resource.clone(), v.file.clone()) else {
            continue;
        };
        for kali_rule in kali_duplicates(&v.rule_id) {
            let Some(found) =
                by_rule_and_resource.get(&(*kali_rule, resource.as_str(), file.as_str()))
            else {
                continue;
            };
            for &i in found {
                if folded[i] {
                    continue;
                }
                folded[i] = true;
                absorb(v, &kali[i]);
            }
        }
    }
    let mut i = 0;
    kali.retain(|_| {
        let keep = !folded[i];
        i += 1;
        keep
    });
}

/// Folds each Kali compliance rule whose problem a Vishnu rule of the list owns into that
/// rule (its controls, resource types and id), so the problem is one check per resource.
/// Rules without an owner in the list stay as they are.
pub fn fold_rules(
    rules: Vec<aetheredge_deity::compliance::Rule>,
) -> Vec<aetheredge_deity::compliance::Rule> {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, r) in rules.iter().enumerate() {
        index.entry(r.id.clone()).or_insert(i);
    }
    let mut out: Vec<Option<aetheredge_deity::compliance::Rule>> =
        rules.into_iter().map(Some).collect();
    for i in 0..out.len() {
        let owner = out[i]
            .as_ref()
            .and_then(|r| vishnu_owner(&r.id))
            .and_then(|o| index.get(&o).copied());
        if let Some(o) = owner {
            if let Some(rule) = out[i].take() {
                if let Some(target) = out[o].as_mut() {
                    target.merge(rule);
                }
            }
        }
    }
    out.into_iter().flatten().collect()
}

/// Gives the Vishnu finding what Kali's said: ids, controls, the higher severity.
fn absorb(v: &mut Finding, k: &Finding) {
    for alias in std::iter::once(&k.rule_id).chain(k.aliases.iter()) {
        if !v.aliases.contains(alias) {
            v.aliases.push(alias.clone());
        }
    }
    v.aliases.sort();
    for control in &k.frameworks {
        if !v.frameworks.contains(control) {
            v.frameworks.push(control.clone());
        }
    }
    v.frameworks.sort();
    // Critical sorts first.
    v.severity = v.severity.min(k.severity);
}

#[cfg(test)]
mod tests {
    use super::*;
    use aetheredge_core::report::Severity;

    fn finding(deity: DeityName, rule: &str, resource: &str, severity: Severity) -> Finding {
        let mut f = Finding::new(deity, rule, severity, "t", "m".into()).at("main.tf", 3, None);
        f.resource = Some(resource.into());
        f.frameworks = vec![aetheredge_deity::compliance::framework_control(
            if deity == DeityName::Kali {
                "iso27001"
            } else {
                "soc2"
            },
            "X",
        )];
        f
    }

    #[test]
    fn a_duplicate_on_the_same_resource_is_folded_and_others_stay() {
        let mut vishnu = vec![finding(
            DeityName::Vishnu,
            "vishnu/aws_instance_imdsv2",
            "aws_instance.a",
            Severity::Medium,
        )];
        let mut kali = vec![
            finding(
                DeityName::Kali,
                "kali/aws-ec2-imdsv1",
                "aws_instance.a",
                Severity::High,
            ),
            finding(
                DeityName::Kali,
                "kali/aws-ec2-imdsv1",
                "aws_instance.b",
                Severity::High,
            ),
            finding(
                DeityName::Kali,
                "kali/aws-ec2-public-ip",
                "aws_instance.a",
                Severity::Medium,
            ),
        ];
        fold(&mut vishnu, &mut kali);
        assert_eq!(kali.len(), 2);
        assert!(kali
            .iter()
            .all(|k| k.resource.as_deref() == Some("aws_instance.b")
                || k.rule_id == "kali/aws-ec2-public-ip"));
        let v = &vishnu[0];
        assert_eq!(v.severity, Severity::High);
        assert!(v.aliases.contains(&"kali/aws-ec2-imdsv1".to_string()));
        let names: Vec<&str> = v.frameworks.iter().map(|f| f.framework.as_str()).collect();
        assert_eq!(names, vec!["ISO/IEC 27001", "SOC 2"]);
    }
}

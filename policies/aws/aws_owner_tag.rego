# METADATA
# title: "AWS resource has no owner tag"
# description: "Neither the resource's tags nor the provider's default_tags name an Owner or Team."
# custom:
#   id: aws_owner_tag
#   severity: low
#   remediation: "Add an Owner (or Team) tag, or set it once in the provider's default_tags."
#   resource_types: ["aws_instance", "aws_s3_bucket", "aws_db_instance", "aws_rds_cluster", "aws_vpc", "aws_lb", "aws_eks_cluster", "aws_dynamodb_table", "aws_lambda_function", "aws_ebs_volume"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.5.9"]
#     pci_dss: ["12.5.1"]
#     hipaa: ["164.310(d)(1)"]
#     gdpr: ["Art. 30"]
package aetheredge.rules.aws.aws_owner_tag

import rego.v1

import data.aetheredge.lib.tf

taggable := {
	"aws_instance", "aws_s3_bucket", "aws_db_instance", "aws_rds_cluster", "aws_vpc",
	"aws_lb", "aws_eks_cluster", "aws_dynamodb_table", "aws_lambda_function", "aws_ebs_volume",
}

default_owner if {
	some key, p in input.configuration.provider_config
	startswith(key, "aws")
	some dt in p.expressions.default_tags.constant_value
	some k, _ in dt.tags
	lower(k) in {"owner", "team"}
}

deny contains tf.result(r, "tags", sprintf("%s has no Owner or Team tag.", [r.address])) if {
	some type in taggable
	some r in tf.resources(type)
	not default_owner
	not tf.has_owner(r)
}

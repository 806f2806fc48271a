# METADATA
# title: "CloudTrail logs are not encrypted with KMS"
# description: "Trail logs are stored with S3-managed keys only."
# custom:
#   id: aws_cloudtrail_encryption
#   severity: medium
#   remediation: "Set kms_key_id to a customer managed KMS key."
#   resource_types: ["aws_cloudtrail"]
#   aliases: ["CKV_AWS_35"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.5.1"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
#     cis_aws: ["3.5"]
package aetheredge.rules.aws.aws_cloudtrail_encryption

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(t, "kms_key_id", sprintf("%s does not encrypt its logs with a KMS key.", [t.address])) if {
	some t in tf.resources("aws_cloudtrail")
	tf.unset(t, "kms_key_id")
}

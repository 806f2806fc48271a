# METADATA
# title: "S3 bucket has no default encryption configured"
# description: "Neither the bucket nor an aws_s3_bucket_server_side_encryption_configuration for it sets default encryption with a KMS key or AES256."
# custom:
#   id: aws_s3_encryption
#   severity: medium
#   remediation: "Add an aws_s3_bucket_server_side_encryption_configuration for the bucket (aws:kms with a customer key where the data is sensitive)."
#   resource_types: ["aws_s3_bucket"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.5.1"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_s3_encryption

import rego.v1

import data.aetheredge.lib.tf

encrypted contains addr if {
	some c in tf.resources("aws_s3_bucket_server_side_encryption_configuration")
	some addr in tf.targets(c, "bucket")
}

deny contains tf.result(b, "bucket", sprintf("%s has no default server-side encryption.", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	not b.address in encrypted
	tf.unset(b, "server_side_encryption_configuration")
}

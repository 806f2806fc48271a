# METADATA
# title: "S3 bucket has no public access block"
# description: "No aws_s3_bucket_public_access_block for the bucket blocks all four kinds of public access, so a later ACL or policy change can expose it."
# custom:
#   id: aws_s3_public_access_block
#   severity: medium
#   remediation: "Add an aws_s3_bucket_public_access_block for the bucket with all four settings true."
#   resource_types: ["aws_s3_bucket"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_aws: ["2.1.4"]
package aetheredge.rules.aws.aws_s3_public_access_block

import rego.v1

import data.aetheredge.lib.tf

blocked contains addr if {
	some pab in tf.resources("aws_s3_bucket_public_access_block")
	every k in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] {
		not tf.unset(pab, k)
	}
	some addr in tf.targets(pab, "bucket")
}

deny contains tf.result(b, "bucket", sprintf("%s has no public access block blocking all public access.", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	not b.address in blocked
}

# METADATA
# title: "S3 bucket access logging is not enabled"
# description: "Requests to the bucket are not logged to another bucket."
# custom:
#   id: aws_s3_logging
#   severity: low
#   remediation: "Add an aws_s3_bucket_logging for the bucket with a target bucket."
#   resource_types: ["aws_s3_bucket"]
#   aliases: ["CKV_AWS_18"]
#   frameworks:
#     soc2: ["CC7.2"]
#     iso27001: ["A.8.15", "A.8.16"]
#     pci_dss: ["10.2.1"]
#     hipaa: ["164.312(b)"]
#     gdpr: ["Art. 30", "Art. 33"]
package aetheredge.rules.aws.aws_s3_logging

import rego.v1

import data.aetheredge.lib.tf

logged contains addr if {
	some l in tf.resources("aws_s3_bucket_logging")
	some addr in tf.targets(l, "bucket")
}

deny contains tf.result(b, "bucket", sprintf("%s does not log access requests.", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	not b.address in logged
	tf.unset(b, "logging")
}

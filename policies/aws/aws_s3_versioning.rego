# METADATA
# title: "S3 bucket versioning is not enabled"
# description: "Without versioning, an overwritten or deleted object cannot be recovered."
# custom:
#   id: aws_s3_versioning
#   severity: low
#   remediation: "Add an aws_s3_bucket_versioning for the bucket with status = \"Enabled\"."
#   resource_types: ["aws_s3_bucket"]
#   aliases: ["CKV_AWS_21"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13"]
#     pci_dss: ["10.3.2"]
#     hipaa: ["164.312(c)(1)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_s3_versioning

import rego.v1

import data.aetheredge.lib.tf

versioned contains addr if {
	some v in tf.resources("aws_s3_bucket_versioning")
	cfg := tf.block(tf.after(v), "versioning_configuration")
	cfg.status != "Suspended"
	cfg.status != "Disabled"
	some addr in tf.targets(v, "bucket")
}

versioned contains b.address if {
	some b in tf.resources("aws_s3_bucket")
	tf.block(tf.after(b), "versioning").enabled == true
}

versioned contains b.address if {
	some b in tf.resources("aws_s3_bucket")
	tf.unknown(b, "versioning")
}

deny contains tf.result(b, "bucket", sprintf("%s does not keep object versions.", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	not b.address in versioned
}

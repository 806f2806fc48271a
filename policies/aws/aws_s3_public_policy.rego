# METADATA
# title: "S3 bucket policy allows anyone"
# description: "A bucket policy has an Allow statement for Principal \"*\" without a condition, and no public access block for the bucket restricts public buckets."
# custom:
#   id: aws_s3_public_policy
#   severity: high
#   remediation: "Scope the bucket policy to named principals, or add an aws_s3_bucket_public_access_block with block_public_policy and restrict_public_buckets."
#   resource_types: ["aws_s3_bucket"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_aws: ["2.1.4"]
package aetheredge.rules.aws.aws_s3_public_policy

import rego.v1

import data.aetheredge.lib.tf

protected contains addr if {
	some pab in tf.resources("aws_s3_bucket_public_access_block")
	tf.is(pab, "restrict_public_buckets", true)
	some addr in tf.targets(pab, "bucket")
}

public_statement(doc) if {
	some st in tf.statements(doc)
	st.Effect == "Allow"
	tf.everyone(st.Principal)
	not st.Condition
}

deny contains tf.result(b, "policy", sprintf("%s has a bucket policy that allows anyone.", [b.address])) if {
	some p in tf.resources("aws_s3_bucket_policy")
	public_statement(tf.after(p).policy)
	some addr in tf.targets(p, "bucket")
	some b in tf.resources("aws_s3_bucket")
	b.address == addr
	not addr in protected
}

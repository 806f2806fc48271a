# METADATA
# title: "CloudFront allows plain HTTP to viewers"
# description: "The default cache behaviour's viewer_protocol_policy is allow-all."
# custom:
#   id: aws_cloudfront_https
#   severity: medium
#   remediation: "Set viewer_protocol_policy to redirect-to-https or https-only."
#   resource_types: ["aws_cloudfront_distribution"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24", "A.8.20"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_cloudfront_https

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(d, "default_cache_behavior", sprintf("%s serves viewers over plain HTTP.", [d.address])) if {
	some d in tf.resources("aws_cloudfront_distribution")
	tf.block(tf.after(d), "default_cache_behavior").viewer_protocol_policy == "allow-all"
}

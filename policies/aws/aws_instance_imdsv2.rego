# METADATA
# title: "EC2 instance allows IMDSv1"
# description: "metadata_options.http_tokens is not \"required\", so SSRF can read instance credentials."
# custom:
#   id: aws_instance_imdsv2
#   severity: medium
#   remediation: "Add metadata_options { http_tokens = \"required\" }."
#   resource_types: ["aws_instance", "aws_launch_template", "aws_launch_configuration"]
#   aliases: ["CKV_AWS_79"]
#   frameworks:
#     soc2: ["CC6.8"]
#     iso27001: ["A.8.9"]
#     pci_dss: ["2.2.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 32"]
#     cis_aws: ["5.6"]
package aetheredge.rules.aws.aws_instance_imdsv2

import rego.v1

import data.aetheredge.lib.tf

# The metadata endpoint turned off serves neither version.
deny contains tf.result(i, "metadata_options", sprintf("%s accepts IMDSv1 requests.", [i.address])) if {
	some type in ["aws_instance", "aws_launch_template", "aws_launch_configuration"]
	some i in tf.resources(type)
	not tf.unknown(i, "metadata_options")
	options := tf.block(tf.after(i), "metadata_options")
	not options.http_tokens == "required"
	not options.http_endpoint == "disabled"
}

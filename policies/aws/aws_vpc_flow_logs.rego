# METADATA
# title: "VPC flow logs are not enabled"
# description: "No aws_flow_log records the traffic of the VPC."
# custom:
#   id: aws_vpc_flow_logs
#   severity: medium
#   remediation: "Add an aws_flow_log with vpc_id set to the VPC."
#   resource_types: ["aws_vpc"]
#   frameworks:
#     soc2: ["CC7.2"]
#     iso27001: ["A.8.15", "A.8.16"]
#     pci_dss: ["10.2.1"]
#     hipaa: ["164.312(b)"]
#     gdpr: ["Art. 30", "Art. 33"]
#     cis_aws: ["3.7"]
package aetheredge.rules.aws.aws_vpc_flow_logs

import rego.v1

import data.aetheredge.lib.tf

logged contains addr if {
	some l in tf.resources("aws_flow_log")
	some addr in tf.targets(l, "vpc_id")
}

deny contains tf.result(v, "cidr_block", sprintf("%s has no flow log.", [v.address])) if {
	some v in tf.resources("aws_vpc")
	not v.address in logged
}

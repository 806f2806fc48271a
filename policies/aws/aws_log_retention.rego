# METADATA
# title: "CloudWatch log group keeps logs less than a year"
# description: "retention_in_days is set below 365 days."
# custom:
#   id: aws_log_retention
#   severity: low
#   remediation: "Set retention_in_days to 365 or more (0 keeps logs forever)."
#   resource_types: ["aws_cloudwatch_log_group"]
#   frameworks:
#     soc2: ["CC7.2"]
#     iso27001: ["A.8.15"]
#     pci_dss: ["10.5.1"]
#     hipaa: ["164.316(b)(2)(i)"]
#     gdpr: ["Art. 5(1)(e)"]
package aetheredge.rules.aws.aws_log_retention

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(g, "retention_in_days", sprintf("%s keeps logs %v days; a year is required.", [g.address, tf.after(g).retention_in_days])) if {
	some g in tf.resources("aws_cloudwatch_log_group")
	not tf.unknown(g, "retention_in_days")
	days := tf.after(g).retention_in_days
	days > 0
	days < 365
}

# METADATA
# title: "DynamoDB point-in-time recovery is off"
# description: "The table cannot be restored to a point in time."
# custom:
#   id: aws_dynamodb_pitr
#   severity: medium
#   remediation: "Add point_in_time_recovery { enabled = true }."
#   resource_types: ["aws_dynamodb_table"]
#   aliases: ["CKV_AWS_28"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13"]
#     pci_dss: ["12.10.1"]
#     hipaa: ["164.308(a)(7)(ii)(A)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_dynamodb_pitr

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(t, "point_in_time_recovery", sprintf("%s has no point-in-time recovery.", [t.address])) if {
	some t in tf.resources("aws_dynamodb_table")
	not tf.unknown(t, "point_in_time_recovery")
	not tf.block(tf.after(t), "point_in_time_recovery").enabled == true
}

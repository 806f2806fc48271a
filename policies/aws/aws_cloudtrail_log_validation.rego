# METADATA
# title: "CloudTrail log file validation is off"
# description: "Without validation, altered or deleted log files go unnoticed."
# custom:
#   id: aws_cloudtrail_log_validation
#   severity: medium
#   remediation: "Set enable_log_file_validation = true."
#   resource_types: ["aws_cloudtrail"]
#   aliases: ["CKV_AWS_36"]
#   frameworks:
#     soc2: ["CC7.2"]
#     iso27001: ["A.8.15", "A.8.16"]
#     pci_dss: ["10.2.1"]
#     hipaa: ["164.312(b)"]
#     gdpr: ["Art. 30", "Art. 33"]
#     cis_aws: ["3.2"]
package aetheredge.rules.aws.aws_cloudtrail_log_validation

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(t, "enable_log_file_validation", sprintf("%s does not validate its log files.", [t.address])) if {
	some t in tf.resources("aws_cloudtrail")
	tf.unset(t, "enable_log_file_validation")
}

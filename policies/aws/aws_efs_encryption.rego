# METADATA
# title: "EFS file system is not encrypted"
# description: "encrypted is not true."
# custom:
#   id: aws_efs_encryption
#   severity: high
#   remediation: "Set encrypted = true."
#   resource_types: ["aws_efs_file_system"]
#   aliases: ["CKV_AWS_42"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.5.1"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
#     cis_aws: ["2.4.1"]
package aetheredge.rules.aws.aws_efs_encryption

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(f, "encrypted", sprintf("%s is not encrypted.", [f.address])) if {
	some f in tf.resources("aws_efs_file_system")
	tf.unset(f, "encrypted")
}

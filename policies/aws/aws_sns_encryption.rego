# METADATA
# title: "SNS topic is not encrypted with KMS"
# description: "Messages are stored without a KMS key."
# custom:
#   id: aws_sns_encryption
#   severity: low
#   remediation: "Set kms_master_key_id (alias/aws/sns or a customer key)."
#   resource_types: ["aws_sns_topic"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.5.1"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_sns_encryption

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(t, "kms_master_key_id", sprintf("%s does not encrypt messages with KMS.", [t.address])) if {
	some t in tf.resources("aws_sns_topic")
	tf.unset(t, "kms_master_key_id")
}

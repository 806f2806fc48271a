# METADATA
# title: "EBS volume is not encrypted"
# description: "The volume is created unencrypted (volumes restored from a snapshot inherit its encryption and are not judged)."
# custom:
#   id: aws_ebs_encryption
#   severity: high
#   remediation: "Set encrypted = true, or turn on EBS encryption by default for the account."
#   resource_types: ["aws_ebs_volume"]
#   aliases: ["CKV_AWS_3"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.5.1"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
#     cis_aws: ["2.2.1"]
package aetheredge.rules.aws.aws_ebs_encryption

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(v, "encrypted", sprintf("%s is not encrypted.", [v.address])) if {
	some v in tf.resources("aws_ebs_volume")
	tf.unset(v, "encrypted")
	tf.unset(v, "snapshot_id")
	tf.unset(v, "kms_key_id")
}

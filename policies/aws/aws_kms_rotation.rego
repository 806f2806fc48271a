# METADATA
# title: "KMS key rotation is off"
# description: "A symmetric customer managed key does not rotate its key material yearly."
# custom:
#   id: aws_kms_rotation
#   severity: medium
#   remediation: "Set enable_key_rotation = true."
#   resource_types: ["aws_kms_key"]
#   aliases: ["CKV_AWS_7"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.7.4"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
#     cis_aws: ["3.6"]
package aetheredge.rules.aws.aws_kms_rotation

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(k, "enable_key_rotation", sprintf("%s does not rotate its key material.", [k.address])) if {
	some k in tf.resources("aws_kms_key")
	tf.unset(k, "enable_key_rotation")
	object.get(tf.after(k), "customer_master_key_spec", "SYMMETRIC_DEFAULT") in {null, "SYMMETRIC_DEFAULT"}
}

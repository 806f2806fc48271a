# METADATA
# title: "Redshift cluster is not encrypted"
# description: "encrypted is not true."
# custom:
#   id: aws_redshift_encryption
#   severity: high
#   remediation: "Set encrypted = true with a KMS key."
#   resource_types: ["aws_redshift_cluster"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.5.1"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_redshift_encryption

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(c, "encrypted", sprintf("%s is not encrypted.", [c.address])) if {
	some c in tf.resources("aws_redshift_cluster")
	tf.unset(c, "encrypted")
}

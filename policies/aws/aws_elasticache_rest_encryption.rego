# METADATA
# title: "ElastiCache data is not encrypted at rest"
# description: "at_rest_encryption_enabled is not true on the replication group."
# custom:
#   id: aws_elasticache_rest_encryption
#   severity: medium
#   remediation: "Set at_rest_encryption_enabled = true."
#   resource_types: ["aws_elasticache_replication_group"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.5.1"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_elasticache_rest_encryption

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(g, "at_rest_encryption_enabled", sprintf("%s does not encrypt data at rest.", [g.address])) if {
	some g in tf.resources("aws_elasticache_replication_group")
	tf.unset(g, "at_rest_encryption_enabled")
}

# METADATA
# title: "ElastiCache traffic is not encrypted"
# description: "transit_encryption_enabled is not true on the replication group."
# custom:
#   id: aws_elasticache_transit_encryption
#   severity: medium
#   remediation: "Set transit_encryption_enabled = true."
#   resource_types: ["aws_elasticache_replication_group"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24", "A.8.20"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_elasticache_transit_encryption

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(g, "transit_encryption_enabled", sprintf("%s does not encrypt traffic.", [g.address])) if {
	some g in tf.resources("aws_elasticache_replication_group")
	tf.unset(g, "transit_encryption_enabled")
}

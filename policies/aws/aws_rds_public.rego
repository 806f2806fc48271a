# METADATA
# title: "RDS instance is publicly accessible"
# description: "publicly_accessible gives the database a public address."
# custom:
#   id: aws_rds_public
#   severity: high
#   remediation: "Set publicly_accessible = false and reach the database from inside the VPC."
#   resource_types: ["aws_db_instance", "aws_rds_cluster_instance"]
#   aliases: ["CKV_AWS_17"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_aws: ["2.3.3"]
package aetheredge.rules.aws.aws_rds_public

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(db, "publicly_accessible", sprintf("%s is reachable from the internet (publicly_accessible = true).", [db.address])) if {
	some type in ["aws_db_instance", "aws_rds_cluster_instance"]
	some db in tf.resources(type)
	tf.is(db, "publicly_accessible", true)
}

# METADATA
# title: "RDS storage is not encrypted"
# description: "The database instance or cluster stores data unencrypted. Read replicas and cluster members inherit encryption from their source and are not judged."
# custom:
#   id: aws_rds_encryption
#   severity: high
#   remediation: "Set storage_encrypted = true (with kms_key_id for a customer key); an existing database must be restored from an encrypted snapshot."
#   resource_types: ["aws_db_instance", "aws_rds_cluster"]
#   aliases: ["CKV_AWS_16"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.5.1"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
#     cis_aws: ["2.3.1"]
package aetheredge.rules.aws.aws_rds_encryption

import rego.v1

import data.aetheredge.lib.tf

inherits(db) if not tf.unset(db, "replicate_source_db")

inherits(db) if not tf.unset(db, "snapshot_identifier")

deny contains tf.result(db, "storage_encrypted", sprintf("%s stores data unencrypted (storage_encrypted is not true).", [db.address])) if {
	some type in ["aws_db_instance", "aws_rds_cluster"]
	some db in tf.resources(type)
	tf.unset(db, "storage_encrypted")
	not inherits(db)
	not tf.after(db).engine_mode == "serverless"
}

# METADATA
# title: "RDS backups are kept less than 7 days"
# description: "backup_retention_period is set below 7 days (0 turns automated backups off)."
# custom:
#   id: aws_rds_backup_retention
#   severity: medium
#   remediation: "Set backup_retention_period to at least 7 (35 for production data)."
#   resource_types: ["aws_db_instance", "aws_rds_cluster"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13"]
#     pci_dss: ["12.10.1"]
#     hipaa: ["164.308(a)(7)(ii)(A)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_rds_backup_retention

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(db, "backup_retention_period", sprintf("%s keeps backups %v days; at least 7 are required.", [db.address, tf.after(db).backup_retention_period])) if {
	some type in ["aws_db_instance", "aws_rds_cluster"]
	some db in tf.resources(type)
	not tf.unknown(db, "backup_retention_period")
	tf.after(db).backup_retention_period < 7
}

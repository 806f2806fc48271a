# METADATA
# title: "RDS deletion protection is off"
# description: "Without deletion_protection a single apply or API call can delete the database."
# custom:
#   id: aws_rds_deletion_protection
#   severity: low
#   remediation: "Set deletion_protection = true."
#   resource_types: ["aws_db_instance", "aws_rds_cluster"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13", "A.5.30"]
#     pci_dss: ["12.10.1"]
#     hipaa: ["164.308(a)(7)(ii)(A)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_rds_deletion_protection

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(db, "deletion_protection", sprintf("%s can be deleted without first turning off deletion protection.", [db.address])) if {
	some type in ["aws_db_instance", "aws_rds_cluster"]
	some db in tf.resources(type)
	tf.unset(db, "deletion_protection")
	tf.unset(db, "replicate_source_db")
}

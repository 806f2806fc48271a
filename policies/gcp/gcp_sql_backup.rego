# METADATA
# title: "Cloud SQL automated backups are off"
# description: "backup_configuration.enabled is not true."
# custom:
#   id: gcp_sql_backup
#   severity: medium
#   remediation: "Add backup_configuration { enabled = true } to settings."
#   resource_types: ["google_sql_database_instance"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13"]
#     pci_dss: ["12.10.1"]
#     hipaa: ["164.308(a)(7)(ii)(A)"]
#     gdpr: ["Art. 32"]
#     cis_gcp: ["6.7"]
package aetheredge.rules.gcp.gcp_sql_backup

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(db, "settings", sprintf("%s has no automated backups.", [db.address])) if {
	some db in tf.resources("google_sql_database_instance")
	not tf.unknown(db, "settings")
	not tf.block(tf.block(tf.after(db), "settings"), "backup_configuration").enabled == true
}

# METADATA
# title: "Cloud SQL deletion protection is off"
# description: "deletion_protection is set to false."
# custom:
#   id: gcp_sql_deletion_protection
#   severity: low
#   remediation: "Leave deletion_protection at its default (true)."
#   resource_types: ["google_sql_database_instance"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13", "A.5.30"]
#     pci_dss: ["12.10.1"]
#     hipaa: ["164.308(a)(7)(ii)(A)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.gcp.gcp_sql_deletion_protection

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(db, "deletion_protection", sprintf("%s can be deleted by an apply.", [db.address])) if {
	some db in tf.resources("google_sql_database_instance")
	tf.is(db, "deletion_protection", false)
}

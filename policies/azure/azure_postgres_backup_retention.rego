# METADATA
# title: "PostgreSQL backups are kept less than 7 days"
# description: "backup_retention_days is below 7."
# custom:
#   id: azure_postgres_backup_retention
#   severity: medium
#   remediation: "Set backup_retention_days to 7 or more."
#   resource_types: ["azurerm_postgresql_server", "azurerm_postgresql_flexible_server"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13"]
#     pci_dss: ["12.10.1"]
#     hipaa: ["164.308(a)(7)(ii)(A)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.azure.azure_postgres_backup_retention

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(s, "backup_retention_days", sprintf("%s keeps backups %v days.", [s.address, tf.after(s).backup_retention_days])) if {
	some type in ["azurerm_postgresql_server", "azurerm_postgresql_flexible_server"]
	some s in tf.resources(type)
	not tf.unknown(s, "backup_retention_days")
	tf.after(s).backup_retention_days < 7
}

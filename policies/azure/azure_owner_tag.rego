# METADATA
# title: "Azure resource has no owner tag"
# description: "The resource's tags name no Owner or Team."
# custom:
#   id: azure_owner_tag
#   severity: low
#   remediation: "Add an Owner (or Team) tag."
#   resource_types: ["azurerm_resource_group", "azurerm_storage_account", "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_kubernetes_cluster", "azurerm_key_vault", "azurerm_mssql_server", "azurerm_postgresql_flexible_server"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.5.9"]
#     pci_dss: ["12.5.1"]
#     hipaa: ["164.310(d)(1)"]
#     gdpr: ["Art. 30"]
package aetheredge.rules.azure.azure_owner_tag

import rego.v1

import data.aetheredge.lib.tf

taggable := {
	"azurerm_resource_group", "azurerm_storage_account", "azurerm_linux_virtual_machine",
	"azurerm_windows_virtual_machine", "azurerm_kubernetes_cluster", "azurerm_key_vault",
	"azurerm_mssql_server", "azurerm_postgresql_flexible_server",
}

deny contains tf.result(r, "tags", sprintf("%s has no Owner or Team tag.", [r.address])) if {
	some type in taggable
	some r in tf.resources(type)
	not tf.has_owner(r)
}

# METADATA
# title: "Key Vault purge protection is off"
# description: "A deleted vault or key can be purged before its retention ends."
# custom:
#   id: azure_keyvault_purge_protection
#   severity: medium
#   remediation: "Set purge_protection_enabled = true."
#   resource_types: ["azurerm_key_vault"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13", "A.5.30"]
#     pci_dss: ["12.10.1"]
#     hipaa: ["164.308(a)(7)(ii)(A)"]
#     gdpr: ["Art. 32"]
#     cis_azure: ["8.5"]
package aetheredge.rules.azure.azure_keyvault_purge_protection

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(v, "purge_protection_enabled", sprintf("%s can be purged.", [v.address])) if {
	some v in tf.resources("azurerm_key_vault")
	tf.unset(v, "purge_protection_enabled")
}

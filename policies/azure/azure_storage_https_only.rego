# METADATA
# title: "Storage account accepts plain HTTP"
# description: "Secure transfer (HTTPS only) is turned off."
# custom:
#   id: azure_storage_https_only
#   severity: high
#   remediation: "Set https_traffic_only_enabled = true (enable_https_traffic_only in provider 3.x)."
#   resource_types: ["azurerm_storage_account"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24", "A.8.20"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
#     cis_azure: ["3.1"]
package aetheredge.rules.azure.azure_storage_https_only

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(s, k, sprintf("%s accepts plain HTTP.", [s.address])) if {
	some s in tf.resources("azurerm_storage_account")
	some k in ["https_traffic_only_enabled", "enable_https_traffic_only"]
	tf.is(s, k, false)
}

# METADATA
# title: "Storage account accepts TLS older than 1.2"
# description: "min_tls_version is TLS1_0 or TLS1_1."
# custom:
#   id: azure_storage_tls
#   severity: high
#   remediation: "Set min_tls_version = \"TLS1_2\"."
#   resource_types: ["azurerm_storage_account"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
#     cis_azure: ["3.15"]
package aetheredge.rules.azure.azure_storage_tls

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(s, "min_tls_version", sprintf("%s accepts %s.", [s.address, tf.after(s).min_tls_version])) if {
	some s in tf.resources("azurerm_storage_account")
	tf.after(s).min_tls_version in {"TLS1_0", "TLS1_1"}
}

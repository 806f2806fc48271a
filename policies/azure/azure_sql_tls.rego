# METADATA
# title: "SQL server accepts TLS older than 1.2"
# description: "minimum_tls_version is below 1.2."
# custom:
#   id: azure_sql_tls
#   severity: high
#   remediation: "Set minimum_tls_version = \"1.2\"."
#   resource_types: ["azurerm_mssql_server"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
#     cis_azure: ["4.1.5"]
package aetheredge.rules.azure.azure_sql_tls

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(s, "minimum_tls_version", sprintf("%s accepts TLS %s.", [s.address, tf.after(s).minimum_tls_version])) if {
	some s in tf.resources("azurerm_mssql_server")
	tf.after(s).minimum_tls_version in {"1.0", "1.1", "Disabled"}
}

# METADATA
# title: "PostgreSQL server does not enforce SSL"
# description: "ssl_enforcement_enabled is false."
# custom:
#   id: azure_postgres_ssl
#   severity: high
#   remediation: "Set ssl_enforcement_enabled = true and ssl_minimal_tls_version_enforced = \"TLS1_2\"."
#   resource_types: ["azurerm_postgresql_server"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24", "A.8.20"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
#     cis_azure: ["4.3.1"]
package aetheredge.rules.azure.azure_postgres_ssl

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(s, "ssl_enforcement_enabled", sprintf("%s accepts unencrypted connections.", [s.address])) if {
	some s in tf.resources("azurerm_postgresql_server")
	tf.is(s, "ssl_enforcement_enabled", false)
}

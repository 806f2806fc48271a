# METADATA
# title: "SQL server is reachable from the internet"
# description: "public_network_access_enabled is not false, or a firewall rule allows every address."
# custom:
#   id: azure_sql_public_access
#   severity: high
#   remediation: "Set public_network_access_enabled = false and use private endpoints."
#   resource_types: ["azurerm_mssql_server"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_azure: ["4.1.2"]
package aetheredge.rules.azure.azure_sql_public_access

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(s, "public_network_access_enabled", sprintf("%s accepts connections from public networks.", [s.address])) if {
	some s in tf.resources("azurerm_mssql_server")
	not tf.unknown(s, "public_network_access_enabled")
	not tf.after(s).public_network_access_enabled == false
}

deny contains tf.result(f, "end_ip_address", sprintf("%s allows every IPv4 address.", [f.address])) if {
	some f in tf.resources("azurerm_mssql_firewall_rule")
	tf.after(f).start_ip_address == "0.0.0.0"
	tf.after(f).end_ip_address == "255.255.255.255"
}

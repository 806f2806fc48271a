# METADATA
# title: "Cloud SQL allows connections from anywhere"
# description: "An authorized network of the instance is 0.0.0.0/0."
# custom:
#   id: gcp_sql_open_network
#   severity: high
#   remediation: "Remove 0.0.0.0/0 from authorized_networks; connect through private IP or the Cloud SQL proxy."
#   resource_types: ["google_sql_database_instance"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_gcp: ["6.5"]
package aetheredge.rules.gcp.gcp_sql_open_network

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(db, "settings", sprintf("%s accepts connections from any address.", [db.address])) if {
	some db in tf.resources("google_sql_database_instance")
	settings := tf.block(tf.after(db), "settings")
	ip := tf.block(settings, "ip_configuration")
	some n in tf.items(ip, "authorized_networks")
	tf.open_cidr(n.value)
}

# METADATA
# title: "Cloud SQL accepts unencrypted connections"
# description: "Neither require_ssl nor an encrypted-only ssl_mode is set."
# custom:
#   id: gcp_sql_ssl
#   severity: high
#   remediation: "Set ssl_mode = \"ENCRYPTED_ONLY\" (or require_ssl = true) in ip_configuration."
#   resource_types: ["google_sql_database_instance"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24", "A.8.20"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
#     cis_gcp: ["6.4"]
package aetheredge.rules.gcp.gcp_sql_ssl

import rego.v1

import data.aetheredge.lib.tf

encrypted(ip) if ip.require_ssl == true

encrypted(ip) if ip.ssl_mode in {"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}

deny contains tf.result(db, "settings", sprintf("%s accepts unencrypted connections.", [db.address])) if {
	some db in tf.resources("google_sql_database_instance")
	not tf.unknown(db, "settings")
	ip := tf.block(tf.block(tf.after(db), "settings"), "ip_configuration")
	not encrypted(ip)
}

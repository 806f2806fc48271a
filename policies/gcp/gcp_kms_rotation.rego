# METADATA
# title: "Cloud KMS key rotates less often than every 90 days"
# description: "rotation_period is unset or longer than 7776000s."
# custom:
#   id: gcp_kms_rotation
#   severity: medium
#   remediation: "Set rotation_period = \"7776000s\" or shorter."
#   resource_types: ["google_kms_crypto_key"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["3.7.4"]
#     hipaa: ["164.312(a)(2)(iv)"]
#     gdpr: ["Art. 32"]
#     cis_gcp: ["1.10"]
package aetheredge.rules.gcp.gcp_kms_rotation

import rego.v1

import data.aetheredge.lib.tf

seconds(p) := to_number(trim_suffix(p, "s"))

deny contains tf.result(k, "rotation_period", sprintf("%s does not rotate at least every 90 days.", [k.address])) if {
	some k in tf.resources("google_kms_crypto_key")
	tf.unset(k, "rotation_period")
}

deny contains tf.result(k, "rotation_period", sprintf("%s rotates every %s, more than 90 days.", [k.address, tf.after(k).rotation_period])) if {
	some k in tf.resources("google_kms_crypto_key")
	seconds(tf.after(k).rotation_period) > 7776000
}

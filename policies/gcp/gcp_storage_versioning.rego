# METADATA
# title: "Cloud Storage bucket versioning is off"
# description: "Overwritten or deleted objects cannot be recovered."
# custom:
#   id: gcp_storage_versioning
#   severity: low
#   remediation: "Add versioning { enabled = true }."
#   resource_types: ["google_storage_bucket"]
#   frameworks:
#     soc2: ["A1.2"]
#     iso27001: ["A.8.13"]
#     pci_dss: ["10.3.2"]
#     hipaa: ["164.312(c)(1)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.gcp.gcp_storage_versioning

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(b, "versioning", sprintf("%s does not keep object versions.", [b.address])) if {
	some b in tf.resources("google_storage_bucket")
	not tf.unknown(b, "versioning")
	not tf.block(tf.after(b), "versioning").enabled == true
}

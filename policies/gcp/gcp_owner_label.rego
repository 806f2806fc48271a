# METADATA
# title: "GCP resource has no owner label"
# description: "The resource's labels name no owner or team."
# custom:
#   id: gcp_owner_label
#   severity: low
#   remediation: "Add an owner (or team) label."
#   resource_types: ["google_compute_instance", "google_storage_bucket", "google_sql_database_instance", "google_container_cluster"]
#   frameworks:
#     soc2: ["CC6.1"]
#     iso27001: ["A.5.9"]
#     pci_dss: ["12.5.1"]
#     hipaa: ["164.310(d)(1)"]
#     gdpr: ["Art. 30"]
package aetheredge.rules.gcp.gcp_owner_label

import rego.v1

import data.aetheredge.lib.tf

labelled := {"google_compute_instance", "google_storage_bucket", "google_sql_database_instance", "google_container_cluster"}

deny contains tf.result(r, "labels", sprintf("%s has no owner or team label.", [r.address])) if {
	some type in labelled
	some r in tf.resources(type)
	not tf.has_owner(r)
	not owner_in_settings(r)
}

owner_in_settings(r) if {
	some k, _ in tf.block(tf.after(r), "settings").user_labels
	lower(k) in {"owner", "team"}
}

# METADATA
# title: "Cloud Storage bucket is readable by anyone"
# description: "An IAM binding or member grants a role on the bucket to allUsers or allAuthenticatedUsers."
# custom:
#   id: gcp_storage_public
#   severity: high
#   remediation: "Remove allUsers and allAuthenticatedUsers from the bucket's IAM."
#   resource_types: ["google_storage_bucket"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_gcp: ["5.1"]
package aetheredge.rules.gcp.gcp_storage_public

import rego.v1

import data.aetheredge.lib.tf

public_members := {"allUsers", "allAuthenticatedUsers"}

deny contains tf.result(m, "member", sprintf("%s grants %s to %s.", [m.address, tf.after(m).role, tf.after(m).member])) if {
	some m in tf.resources("google_storage_bucket_iam_member")
	tf.after(m).member in public_members
}

deny contains tf.result(b, "members", sprintf("%s grants %s to everyone.", [b.address, tf.after(b).role])) if {
	some b in tf.resources("google_storage_bucket_iam_binding")
	some member in tf.after(b).members
	member in public_members
}

# METADATA
# title: "Project IAM grants a primitive role"
# description: "roles/owner or roles/editor is granted: every permission on every resource of the project."
# custom:
#   id: gcp_primitive_roles
#   severity: high
#   remediation: "Grant predefined or custom roles with the permissions needed."
#   resource_types: ["google_project_iam_member", "google_project_iam_binding"]
#   frameworks:
#     soc2: ["CC6.3"]
#     iso27001: ["A.5.15", "A.8.2"]
#     pci_dss: ["7.2.1", "7.2.2"]
#     hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_gcp: ["1.5"]
package aetheredge.rules.gcp.gcp_primitive_roles

import rego.v1

import data.aetheredge.lib.tf

primitive := {"roles/owner", "roles/editor"}

deny contains tf.result(m, "role", sprintf("%s grants %s.", [m.address, tf.after(m).role])) if {
	some type in ["google_project_iam_member", "google_project_iam_binding"]
	some m in tf.resources(type)
	tf.after(m).role in primitive
}

# METADATA
# title: "Cloud Storage bucket uses per-object ACLs"
# description: "uniform_bucket_level_access is not true, so object ACLs can grant access IAM does not show."
# custom:
#   id: gcp_storage_uniform_access
#   severity: medium
#   remediation: "Set uniform_bucket_level_access = true."
#   resource_types: ["google_storage_bucket"]
#   frameworks:
#     soc2: ["CC6.3"]
#     iso27001: ["A.5.15", "A.8.2"]
#     pci_dss: ["7.2.1", "7.2.2"]
#     hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_gcp: ["5.2"]
package aetheredge.rules.gcp.gcp_storage_uniform_access

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(b, "uniform_bucket_level_access", sprintf("%s allows per-object ACLs.", [b.address])) if {
	some b in tf.resources("google_storage_bucket")
	tf.unset(b, "uniform_bucket_level_access")
}

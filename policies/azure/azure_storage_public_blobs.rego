# METADATA
# title: "Storage allows anonymous blob access"
# description: "The account allows public containers, or a container is public."
# custom:
#   id: azure_storage_public_blobs
#   severity: high
#   remediation: "Set allow_nested_items_to_be_public = false and container_access_type = \"private\"."
#   resource_types: ["azurerm_storage_account", "azurerm_storage_container"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_azure: ["3.7"]
package aetheredge.rules.azure.azure_storage_public_blobs

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(s, k, sprintf("%s allows anonymous access to blobs.", [s.address])) if {
	some s in tf.resources("azurerm_storage_account")
	some k in ["allow_nested_items_to_be_public", "allow_blob_public_access"]
	tf.is(s, k, true)
}

deny contains tf.result(c, "container_access_type", sprintf("%s is readable by anyone (%s).", [c.address, tf.after(c).container_access_type])) if {
	some c in tf.resources("azurerm_storage_container")
	tf.after(c).container_access_type in {"blob", "container"}
}

# METADATA
# title: "Compute instance has a public IP address"
# description: "A network interface has an access_config, which gives it an external address."
# custom:
#   id: gcp_instance_public_ip
#   severity: medium
#   remediation: "Remove access_config and reach the instance through IAP or a load balancer."
#   resource_types: ["google_compute_instance"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_gcp: ["4.9"]
package aetheredge.rules.gcp.gcp_instance_public_ip

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(i, "network_interface", sprintf("%s has an external IP address.", [i.address])) if {
	some i in tf.resources("google_compute_instance")
	some ni in object.get(tf.after(i), "network_interface", [])
	count(tf.items(ni, "access_config")) > 0
}

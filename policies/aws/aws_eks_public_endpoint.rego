# METADATA
# title: "EKS API endpoint is open to the internet"
# description: "The cluster endpoint is public (the default) and public_access_cidrs allows everyone."
# custom:
#   id: aws_eks_public_endpoint
#   severity: medium
#   remediation: "Set endpoint_public_access = false, or restrict public_access_cidrs."
#   resource_types: ["aws_eks_cluster"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
package aetheredge.rules.aws.aws_eks_public_endpoint

import rego.v1

import data.aetheredge.lib.tf

open(vpc) if not vpc.public_access_cidrs

open(vpc) if tf.open_cidr(vpc.public_access_cidrs[_])

deny contains tf.result(c, "vpc_config", sprintf("%s exposes its Kubernetes API to the internet.", [c.address])) if {
	some c in tf.resources("aws_eks_cluster")
	not tf.unknown(c, "vpc_config")
	vpc := tf.block(tf.after(c), "vpc_config")
	object.get(vpc, "endpoint_public_access", true) != false
	open(vpc)
}

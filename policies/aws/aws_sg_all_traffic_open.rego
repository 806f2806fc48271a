# METADATA
# title: "Security group allows all traffic from the internet"
# description: "An ingress rule allows every protocol and port from 0.0.0.0/0 or ::/0."
# custom:
#   id: aws_sg_all_traffic_open
#   severity: high
#   remediation: "Allow only the ports the service needs, from the networks that need them."
#   resource_types: ["aws_security_group", "aws_security_group_rule"]
#   frameworks:
#     soc2: ["CC6.6"]
#     iso27001: ["A.8.20", "A.8.22"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["Art. 32"]
#     cis_aws: ["5.2"]
package aetheredge.rules.aws.aws_sg_all_traffic_open

import rego.v1

import data.aetheredge.lib.tf

all_protocols(p) if p in {"-1", "all", -1}

open(rule) if {
	some c in array.concat(tf.items(rule, "cidr_blocks"), tf.items(rule, "ipv6_cidr_blocks"))
	tf.open_cidr(c)
}

deny contains tf.result(sg, "ingress", sprintf("%s allows all traffic from the internet.", [sg.address])) if {
	some sg in tf.resources("aws_security_group")
	some r in tf.items(tf.after(sg), "ingress")
	all_protocols(r.protocol)
	open(r)
}

deny contains tf.result(sg, "protocol", sprintf("%s allows all traffic from the internet.", [sg.address])) if {
	some sg in tf.resources("aws_security_group_rule")
	a := tf.after(sg)
	a.type == "ingress"
	all_protocols(a.protocol)
	open(a)
}

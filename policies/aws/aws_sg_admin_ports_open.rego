# METADATA
# title: "Security group opens SSH or RDP to the internet"
# description: "An ingress rule allows 0.0.0.0/0 or ::/0 to port 22 or 3389."
# custom:
#   id: aws_sg_admin_ports_open
#   severity: critical
#   remediation: "Restrict the source to known networks, or use SSM Session Manager instead of open admin ports."
#   resource_types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"]
#   aliases: ["CKV_AWS_24", "CKV_AWS_25"]
#   frameworks:
#     soc2: ["CC6.6"]
#     iso27001: ["A.8.20", "A.8.22"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["Art. 32"]
#     cis_aws: ["5.2", "5.3"]
package aetheredge.rules.aws.aws_sg_admin_ports_open

import rego.v1

import data.aetheredge.lib.tf

admin_ports := [22, 3389]

all_protocols(p) if lower(sprintf("%v", [p])) in {"-1", "all"}

ported(p) if lower(sprintf("%v", [p])) in {"tcp", "6", "udp", "17"}

# Whether a permission reaches an admin port: every protocol reaches every port; on TCP or
# UDP, -1 to -1 is every port (as for ICMP), else the range from from_port to to_port.
covers(protocol, _, _) if all_protocols(protocol)

covers(protocol, from, to) if {
	ported(protocol)
	from == -1
	to == -1
}

covers(protocol, from, to) if {
	ported(protocol)
	some p in admin_ports
	from <= p
	p <= to
}

open(rule) if {
	some c in array.concat(tf.items(rule, "cidr_blocks"), tf.items(rule, "ipv6_cidr_blocks"))
	tf.open_cidr(c)
}

deny contains tf.result(sg, "ingress", sprintf("%s allows the internet to reach port %v-%v.", [sg.address, r.from_port, r.to_port])) if {
	some sg in tf.resources("aws_security_group")
	some r in tf.items(tf.after(sg), "ingress")
	open(r)
	covers(object.get(r, "protocol", "-1"), r.from_port, r.to_port)
}

deny contains tf.result(sg, "cidr_blocks", sprintf("%s allows the internet to reach port %v-%v.", [sg.address, a.from_port, a.to_port])) if {
	some sg in tf.resources("aws_security_group_rule")
	a := tf.after(sg)
	a.type == "ingress"
	open(a)
	covers(object.get(a, "protocol", "-1"), a.from_port, a.to_port)
}

deny contains tf.result(sg, "cidr_ipv4", sprintf("%s allows the internet to reach port %v-%v.", [sg.address, a.from_port, a.to_port])) if {
	some sg in tf.resources("aws_vpc_security_group_ingress_rule")
	a := tf.after(sg)
	some c in [object.get(a, "cidr_ipv4", ""), object.get(a, "cidr_ipv6", "")]
	tf.open_cidr(c)
	covers(object.get(a, "ip_protocol", "-1"), object.get(a, "from_port", -1), object.get(a, "to_port", -1))
}

package aetheredge.tests.aws.aws_sg_admin_ports_open

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_sg_admin_ports_open as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_security_group", "sg", {"ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_security_group", "sg", {"ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

test_passes_1 if {
	inp := t.plan([t.rc("aws_security_group", "sg", {"ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

# A group without ingress (null in the plan) beside an open one: the open one is still found.
test_flags_beside_a_group_without_ingress if {
	inp := t.plan([
		t.rc("aws_security_group", "empty", {"ingress": null}, {}),
		t.rc("aws_security_group", "sg", {"ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": null, "ipv6_cidr_blocks": ["::/0"]}]}, {}),
	], {})
	count(rule.deny) == 1 with input as inp
}

test_flags_every_protocol if {
	inp := t.plan([t.rc("aws_security_group_rule", "r", {"type": "ingress", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}, {})], {})
	count(rule.deny) == 1 with input as inp
}

test_flags_minus_one_ports_on_tcp if {
	inp := t.plan([t.rc("aws_vpc_security_group_ingress_rule", "r", {"from_port": -1, "to_port": -1, "ip_protocol": "tcp", "cidr_ipv4": null, "cidr_ipv6": "::/0"}, {})], {})
	count(rule.deny) == 1 with input as inp
}

test_passes_icmp if {
	inp := t.plan([t.rc("aws_security_group_rule", "r", {"type": "ingress", "from_port": -1, "to_port": -1, "protocol": "icmp", "cidr_blocks": ["0.0.0.0/0"]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

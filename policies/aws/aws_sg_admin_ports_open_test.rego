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

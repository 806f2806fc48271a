package aetheredge.tests.aws.aws_sg_all_traffic_open

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_sg_all_traffic_open as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_security_group_rule", "r", {"type": "ingress", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_security_group_rule", "r", {"type": "egress", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

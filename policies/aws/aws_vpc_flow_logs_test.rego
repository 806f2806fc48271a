package aetheredge.tests.aws.aws_vpc_flow_logs

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_vpc_flow_logs as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_vpc", "v", {"cidr_block": "10.0.0.0/16"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_vpc", "v", {"cidr_block": "10.0.0.0/16"}, {}), t.rc("aws_flow_log", "l", {}, {})], {"aws_flow_log.l": {"vpc_id": ["aws_vpc.v"]}})
	count(rule.deny) == 0 with input as inp
}

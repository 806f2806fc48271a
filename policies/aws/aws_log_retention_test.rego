package aetheredge.tests.aws.aws_log_retention

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_log_retention as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_cloudwatch_log_group", "g", {"retention_in_days": 30}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_cloudwatch_log_group", "g", {"retention_in_days": 400}, {})], {})
	count(rule.deny) == 0 with input as inp
}

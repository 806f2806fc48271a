package aetheredge.tests.aws.aws_dynamodb_pitr

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_dynamodb_pitr as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_dynamodb_table", "t", {"name": "x"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_dynamodb_table", "t", {"name": "x", "point_in_time_recovery": [{"enabled": true}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

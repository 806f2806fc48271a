package aetheredge.tests.aws.aws_cloudtrail_multi_region

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_cloudtrail_multi_region as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_cloudtrail", "t", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_cloudtrail", "t", {"is_multi_region_trail": true}, {})], {})
	count(rule.deny) == 0 with input as inp
}

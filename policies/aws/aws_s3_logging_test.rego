package aetheredge.tests.aws.aws_s3_logging

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_s3_logging as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x", "logging": [{"target_bucket": "logs"}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

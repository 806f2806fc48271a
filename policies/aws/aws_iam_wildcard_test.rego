package aetheredge.tests.aws.aws_iam_wildcard

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_iam_wildcard as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_iam_policy", "p", {"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_iam_policy", "p", {"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.aws.aws_sns_encryption

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_sns_encryption as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_sns_topic", "t", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_sns_topic", "t", {"kms_master_key_id": "alias/aws/sns"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.aws.aws_s3_public_policy

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_s3_public_policy as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x"}, {}), t.rc("aws_s3_bucket_policy", "p", {"policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}, {})], {"aws_s3_bucket_policy.p": {"bucket": ["aws_s3_bucket.b"]}})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x"}, {}), t.rc("aws_s3_bucket_policy", "p", {"policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::1:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}, {})], {"aws_s3_bucket_policy.p": {"bucket": ["aws_s3_bucket.b"]}})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.aws.aws_s3_encryption

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_s3_encryption as rule

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
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x"}, {}), t.rc("aws_s3_bucket_server_side_encryption_configuration", "b", {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}, {})], {"aws_s3_bucket_server_side_encryption_configuration.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(rule.deny) == 0 with input as inp
}

test_passes_1 if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x", "server_side_encryption_configuration": [{"rule": [{}]}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

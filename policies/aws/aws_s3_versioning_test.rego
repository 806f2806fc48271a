package aetheredge.tests.aws.aws_s3_versioning

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_s3_versioning as rule

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
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x"}, {}), t.rc("aws_s3_bucket_versioning", "v", {"versioning_configuration": [{"status": "Enabled"}]}, {})], {"aws_s3_bucket_versioning.v": {"bucket": ["aws_s3_bucket.b"]}})
	count(rule.deny) == 0 with input as inp
}

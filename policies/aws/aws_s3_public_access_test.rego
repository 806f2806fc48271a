package aetheredge.tests.aws.aws_s3_public_access

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_s3_public_access as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x", "acl": "public-read"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x", "acl": "public-read"}, {}), t.rc("aws_s3_bucket_public_access_block", "b", {"ignore_public_acls": true, "block_public_acls": true}, {})], {"aws_s3_bucket_public_access_block.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(rule.deny) == 0 with input as inp
}

test_passes_1 if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x", "acl": "private"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

test_flags_the_bucket_at_its_separate_acl if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x"}, {}), t.rc("aws_s3_bucket_acl", "b", {"acl": "public-read"}, {})], {"aws_s3_bucket_acl.b": {"bucket": ["aws_s3_bucket.b"]}})
	results := rule.deny with input as inp
	count(results) == 1
	every f in results {
		f.resource == "aws_s3_bucket.b"
		f.at == {"resource": "aws_s3_bucket_acl.b", "attribute": "acl"}
	}
}

test_flags_a_separate_acl_of_a_bucket_declared_elsewhere if {
	inp := t.plan([t.rc("aws_s3_bucket_acl", "b", {"bucket": "made-elsewhere", "acl": "website"}, {})], {})
	results := rule.deny with input as inp
	count(results) == 1
	every f in results {
		f.resource == "aws_s3_bucket_acl.b"
		f.attribute == "acl"
	}
}

test_passes_a_separate_acl_behind_a_public_access_block if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "x"}, {}), t.rc("aws_s3_bucket_acl", "b", {"acl": "public-read"}, {}), t.rc("aws_s3_bucket_public_access_block", "b", {"ignore_public_acls": true}, {})], {"aws_s3_bucket_acl.b": {"bucket": ["aws_s3_bucket.b"]}, "aws_s3_bucket_public_access_block.b": {"bucket": ["aws_s3_bucket.b"]}})
	count(rule.deny) == 0 with input as inp
}

test_flags_a_grant_to_all_users if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "b", "grant": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers", "permissions": ["READ"]}]}, {})], {})
	count(rule.deny) == 1 with input as inp
}

test_passes_a_grant_to_one_account if {
	inp := t.plan([t.rc("aws_s3_bucket", "b", {"bucket": "b", "grant": [{"type": "CanonicalUser", "id": "abc", "permissions": ["FULL_CONTROL"]}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

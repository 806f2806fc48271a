package aetheredge.tests.aws.aws_kms_rotation

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_kms_rotation as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_kms_key", "k", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_kms_key", "k", {"enable_key_rotation": true}, {})], {})
	count(rule.deny) == 0 with input as inp
}

test_passes_1 if {
	inp := t.plan([t.rc("aws_kms_key", "k", {"customer_master_key_spec": "RSA_2048"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

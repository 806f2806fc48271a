package aetheredge.tests.aws.aws_efs_encryption

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_efs_encryption as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_efs_file_system", "f", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_efs_file_system", "f", {"encrypted": true}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.aws.aws_rds_deletion_protection

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_rds_deletion_protection as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_rds_cluster", "c", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_rds_cluster", "c", {"deletion_protection": true}, {})], {})
	count(rule.deny) == 0 with input as inp
}

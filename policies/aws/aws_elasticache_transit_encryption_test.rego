package aetheredge.tests.aws.aws_elasticache_transit_encryption

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_elasticache_transit_encryption as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_elasticache_replication_group", "g", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_elasticache_replication_group", "g", {"transit_encryption_enabled": true}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.aws.aws_rds_encryption

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_rds_encryption as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_db_instance", "db", {"engine": "postgres"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_db_instance", "db", {"engine": "postgres", "storage_encrypted": true}, {})], {})
	count(rule.deny) == 0 with input as inp
}

test_passes_1 if {
	inp := t.plan([t.rc("aws_db_instance", "db", {"engine": "postgres"}, {"storage_encrypted": true})], {})
	count(rule.deny) == 0 with input as inp
}

test_passes_2 if {
	inp := t.plan([t.rc("aws_db_instance", "replica", {"replicate_source_db": "db"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

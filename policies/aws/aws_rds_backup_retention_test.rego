package aetheredge.tests.aws.aws_rds_backup_retention

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_rds_backup_retention as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_db_instance", "db", {"backup_retention_period": 0}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_db_instance", "db", {"backup_retention_period": 14}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.gcp.gcp_sql_backup

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.gcp.gcp_sql_backup as rule

test_flags_0 if {
	inp := t.plan([t.rc("google_sql_database_instance", "db", {"settings": [{}]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("google_sql_database_instance", "db", {"settings": [{"backup_configuration": [{"enabled": true}]}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

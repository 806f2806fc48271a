package aetheredge.tests.gcp.gcp_sql_deletion_protection

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.gcp.gcp_sql_deletion_protection as rule

test_flags_0 if {
	inp := t.plan([t.rc("google_sql_database_instance", "db", {"deletion_protection": false}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("google_sql_database_instance", "db", {}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.gcp.gcp_sql_open_network

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.gcp.gcp_sql_open_network as rule

test_flags_0 if {
	inp := t.plan([t.rc("google_sql_database_instance", "db", {"settings": [{"ip_configuration": [{"authorized_networks": [{"value": "0.0.0.0/0"}]}]}]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("google_sql_database_instance", "db", {"settings": [{"ip_configuration": [{"authorized_networks": [{"value": "10.0.0.0/8"}]}]}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.azure.azure_sql_tls

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.azure.azure_sql_tls as rule

test_flags_0 if {
	inp := t.plan([t.rc("azurerm_mssql_server", "s", {"minimum_tls_version": "1.0"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("azurerm_mssql_server", "s", {"minimum_tls_version": "1.2"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

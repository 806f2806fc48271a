package aetheredge.tests.azure.azure_sql_public_access

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.azure.azure_sql_public_access as rule

test_flags_0 if {
	inp := t.plan([t.rc("azurerm_mssql_server", "s", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("azurerm_mssql_server", "s", {"public_network_access_enabled": false}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.azure.azure_postgres_ssl

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.azure.azure_postgres_ssl as rule

test_flags_0 if {
	inp := t.plan([t.rc("azurerm_postgresql_server", "s", {"ssl_enforcement_enabled": false}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("azurerm_postgresql_server", "s", {"ssl_enforcement_enabled": true}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.azure.azure_postgres_backup_retention

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.azure.azure_postgres_backup_retention as rule

test_flags_0 if {
	inp := t.plan([t.rc("azurerm_postgresql_flexible_server", "s", {"backup_retention_days": 3}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("azurerm_postgresql_flexible_server", "s", {"backup_retention_days": 14}, {})], {})
	count(rule.deny) == 0 with input as inp
}

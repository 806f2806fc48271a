package aetheredge.tests.azure.azure_keyvault_purge_protection

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.azure.azure_keyvault_purge_protection as rule

test_flags_0 if {
	inp := t.plan([t.rc("azurerm_key_vault", "v", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("azurerm_key_vault", "v", {"purge_protection_enabled": true}, {})], {})
	count(rule.deny) == 0 with input as inp
}

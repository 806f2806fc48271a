package aetheredge.tests.azure.azure_owner_tag

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.azure.azure_owner_tag as rule

test_flags_0 if {
	inp := t.plan([t.rc("azurerm_resource_group", "g", {"tags": {}}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("azurerm_resource_group", "g", {"tags": {"owner": "x"}}, {})], {})
	count(rule.deny) == 0 with input as inp
}

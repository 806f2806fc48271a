package aetheredge.tests.azure.azure_storage_public_blobs

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.azure.azure_storage_public_blobs as rule

test_flags_0 if {
	inp := t.plan([t.rc("azurerm_storage_container", "c", {"container_access_type": "blob"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("azurerm_storage_container", "c", {"container_access_type": "private"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

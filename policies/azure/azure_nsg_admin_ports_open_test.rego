package aetheredge.tests.azure.azure_nsg_admin_ports_open

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.azure.azure_nsg_admin_ports_open as rule

test_flags_0 if {
	inp := t.plan([t.rc("azurerm_network_security_rule", "r", {"direction": "Inbound", "access": "Allow", "source_address_prefix": "*", "destination_port_range": "22"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("azurerm_network_security_rule", "r", {"direction": "Inbound", "access": "Allow", "source_address_prefix": "10.0.0.0/8", "destination_port_range": "22"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

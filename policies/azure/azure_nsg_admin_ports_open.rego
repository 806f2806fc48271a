# METADATA
# title: "Network security rule opens SSH or RDP to the internet"
# description: "An inbound Allow rule from any source covers port 22 or 3389."
# custom:
#   id: azure_nsg_admin_ports_open
#   severity: critical
#   remediation: "Restrict source_address_prefix to known networks, or use Azure Bastion."
#   resource_types: ["azurerm_network_security_rule", "azurerm_network_security_group"]
#   frameworks:
#     soc2: ["CC6.6"]
#     iso27001: ["A.8.20", "A.8.22"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["Art. 32"]
#     cis_azure: ["6.1", "6.2"]
package aetheredge.rules.azure.azure_nsg_admin_ports_open

import rego.v1

import data.aetheredge.lib.tf

covers(range) if range == "*"

covers(range) if {
	some p in [22, 3389]
	parts := split(range, "-")
	to_number(parts[0]) <= p
	p <= to_number(parts[count(parts) - 1])
}

ports(r) := array.concat([object.get(r, "destination_port_range", "")], tf.items(r, "destination_port_ranges"))

open(r) if {
	lower(r.direction) == "inbound"
	lower(r.access) == "allow"
	some src in array.concat([object.get(r, "source_address_prefix", "")], tf.items(r, "source_address_prefixes"))
	tf.open_cidr(src)
	some range in ports(r)
	is_string(range)
	range != ""
	covers(range)
}

deny contains tf.result(r, "source_address_prefix", sprintf("%s lets the internet reach SSH or RDP.", [r.address])) if {
	some r in tf.resources("azurerm_network_security_rule")
	open(tf.after(r))
}

deny contains tf.result(g, "security_rule", sprintf("%s lets the internet reach SSH or RDP (rule %s).", [g.address, r.name])) if {
	some g in tf.resources("azurerm_network_security_group")
	some r in object.get(tf.after(g), "security_rule", [])
	open(r)
}

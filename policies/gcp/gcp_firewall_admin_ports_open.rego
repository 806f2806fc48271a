# METADATA
# title: "Firewall opens SSH or RDP to the internet"
# description: "An ingress rule allows 0.0.0.0/0 to port 22 or 3389 (or to all ports)."
# custom:
#   id: gcp_firewall_admin_ports_open
#   severity: critical
#   remediation: "Restrict source_ranges, or use Identity-Aware Proxy for SSH and RDP."
#   resource_types: ["google_compute_firewall"]
#   frameworks:
#     soc2: ["CC6.6"]
#     iso27001: ["A.8.20", "A.8.22"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(e)(1)"]
#     gdpr: ["Art. 32"]
#     cis_gcp: ["3.6", "3.7"]
package aetheredge.rules.gcp.gcp_firewall_admin_ports_open

import rego.v1

import data.aetheredge.lib.tf

covers(allow) if allow.protocol == "all"

covers(allow) if {
	allow.protocol in {"tcp", "all"}
	not allow.ports
}

covers(allow) if {
	some range in allow.ports
	some p in [22, 3389]
	parts := split(range, "-")
	to_number(parts[0]) <= p
	p <= to_number(parts[count(parts) - 1])
}

deny contains tf.result(f, "source_ranges", sprintf("%s lets the internet reach SSH or RDP.", [f.address])) if {
	some f in tf.resources("google_compute_firewall")
	a := tf.after(f)
	object.get(a, "direction", "INGRESS") in {"INGRESS", null}
	some src in a.source_ranges
	tf.open_cidr(src)
	some allow in a.allow
	covers(allow)
}

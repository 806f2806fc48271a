package aetheredge.tests.gcp.gcp_firewall_admin_ports_open

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.gcp.gcp_firewall_admin_ports_open as rule

test_flags_0 if {
	inp := t.plan([t.rc("google_compute_firewall", "f", {"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["22"]}]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("google_compute_firewall", "f", {"source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["443"]}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

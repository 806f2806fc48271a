package aetheredge.tests.gcp.gcp_instance_public_ip

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.gcp.gcp_instance_public_ip as rule

test_flags_0 if {
	inp := t.plan([t.rc("google_compute_instance", "i", {"network_interface": [{"access_config": [{}]}]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("google_compute_instance", "i", {"network_interface": [{}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

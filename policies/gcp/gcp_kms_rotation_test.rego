package aetheredge.tests.gcp.gcp_kms_rotation

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.gcp.gcp_kms_rotation as rule

test_flags_0 if {
	inp := t.plan([t.rc("google_kms_crypto_key", "k", {}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("google_kms_crypto_key", "k", {"rotation_period": "7776000s"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.gcp.gcp_storage_public

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.gcp.gcp_storage_public as rule

test_flags_0 if {
	inp := t.plan([t.rc("google_storage_bucket_iam_member", "m", {"role": "roles/storage.objectViewer", "member": "allUsers"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("google_storage_bucket_iam_member", "m", {"role": "roles/storage.objectViewer", "member": "user:a@b.c"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

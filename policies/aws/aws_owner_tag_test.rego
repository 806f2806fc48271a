package aetheredge.tests.aws.aws_owner_tag

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_owner_tag as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_instance", "i", {"tags": {"Name": "x"}}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_instance", "i", {"tags": {"Owner": "team-a"}}, {})], {})
	count(rule.deny) == 0 with input as inp
}

package aetheredge.tests.aws.aws_instance_imdsv2

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_instance_imdsv2 as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_instance", "i", {"ami": "x"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_instance", "i", {"ami": "x", "metadata_options": [{"http_tokens": "required"}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

test_passes_with_the_endpoint_disabled if {
	inp := t.plan([t.rc("aws_instance", "i", {"metadata_options": [{"http_endpoint": "disabled"}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

test_flags_a_launch_configuration if {
	inp := t.plan([t.rc("aws_launch_configuration", "lc", {"metadata_options": [{"http_tokens": "optional"}]}, {})], {})
	count(rule.deny) == 1 with input as inp
}

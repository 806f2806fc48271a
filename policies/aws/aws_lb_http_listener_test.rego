package aetheredge.tests.aws.aws_lb_http_listener

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_lb_http_listener as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_lb_listener", "l", {"protocol": "HTTP", "default_action": [{"type": "forward"}]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_lb_listener", "l", {"protocol": "HTTP", "default_action": [{"type": "redirect"}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

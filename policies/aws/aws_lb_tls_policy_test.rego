package aetheredge.tests.aws.aws_lb_tls_policy

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_lb_tls_policy as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_lb_listener", "l", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_lb_listener", "l", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}, {})], {})
	count(rule.deny) == 0 with input as inp
}

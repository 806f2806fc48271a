package aetheredge.tests.aws.aws_cloudfront_https

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_cloudfront_https as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_cloudfront_distribution", "d", {"default_cache_behavior": [{"viewer_protocol_policy": "allow-all"}]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_cloudfront_distribution", "d", {"default_cache_behavior": [{"viewer_protocol_policy": "redirect-to-https"}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

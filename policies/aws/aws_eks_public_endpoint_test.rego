package aetheredge.tests.aws.aws_eks_public_endpoint

import rego.v1

import data.aetheredge.lib.testing as t
import data.aetheredge.rules.aws.aws_eks_public_endpoint as rule

test_flags_0 if {
	inp := t.plan([t.rc("aws_eks_cluster", "c", {"vpc_config": [{"subnet_ids": ["a"]}]}, {})], {})
	results := rule.deny with input as inp
	count(results) > 0
	every f in results {
		f.msg != ""
		f.resource != ""
	}
}

test_passes_0 if {
	inp := t.plan([t.rc("aws_eks_cluster", "c", {"vpc_config": [{"endpoint_public_access": false}]}, {})], {})
	count(rule.deny) == 0 with input as inp
}

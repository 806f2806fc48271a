# METADATA
# title: "CloudTrail trail covers one region only"
# description: "Activity in other regions is not recorded."
# custom:
#   id: aws_cloudtrail_multi_region
#   severity: medium
#   remediation: "Set is_multi_region_trail = true."
#   resource_types: ["aws_cloudtrail"]
#   frameworks:
#     soc2: ["CC7.2"]
#     iso27001: ["A.8.15", "A.8.16"]
#     pci_dss: ["10.2.1"]
#     hipaa: ["164.312(b)"]
#     gdpr: ["Art. 30", "Art. 33"]
#     cis_aws: ["3.1"]
package aetheredge.rules.aws.aws_cloudtrail_multi_region

import rego.v1

import data.aetheredge.lib.tf

deny contains tf.result(t, "is_multi_region_trail", sprintf("%s records one region only.", [t.address])) if {
	some t in tf.resources("aws_cloudtrail")
	tf.unset(t, "is_multi_region_trail")
}

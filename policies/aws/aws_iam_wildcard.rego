# METADATA
# title: "IAM policy allows every action on every resource"
# description: "A policy statement allows Action \"*\" on Resource \"*\": full administrator rights."
# custom:
#   id: aws_iam_wildcard
#   severity: high
#   remediation: "Grant only the actions and resources the principal needs."
#   resource_types: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]
#   frameworks:
#     soc2: ["CC6.3"]
#     iso27001: ["A.5.15", "A.8.2"]
#     pci_dss: ["7.2.1", "7.2.2"]
#     hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_aws: ["1.16"]
package aetheredge.rules.aws.aws_iam_wildcard

import rego.v1

import data.aetheredge.lib.tf

star(v) if v == "*"

star(v) if "*" in v

deny contains tf.result(p, "policy", sprintf("%s allows Action \"*\" on Resource \"*\".", [p.address])) if {
	some type in ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]
	some p in tf.resources(type)
	some st in tf.statements(tf.after(p).policy)
	st.Effect == "Allow"
	star(st.Action)
	star(st.Resource)
}

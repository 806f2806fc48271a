# METADATA
# title: "Load balancer listener serves plain HTTP"
# description: "An HTTP listener forwards traffic instead of redirecting it to HTTPS."
# custom:
#   id: aws_lb_http_listener
#   severity: medium
#   remediation: "Make the HTTP listener redirect to HTTPS, and serve on an HTTPS listener."
#   resource_types: ["aws_lb_listener", "aws_alb_listener"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24", "A.8.20"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_lb_http_listener

import rego.v1

import data.aetheredge.lib.tf

redirects(l) if {
	some a in object.get(tf.after(l), "default_action", [])
	a.type == "redirect"
}

deny contains tf.result(l, "protocol", sprintf("%s serves plain HTTP without redirecting to HTTPS.", [l.address])) if {
	some type in ["aws_lb_listener", "aws_alb_listener"]
	some l in tf.resources(type)
	tf.is(l, "protocol", "HTTP")
	not redirects(l)
}

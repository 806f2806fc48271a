# METADATA
# title: "Load balancer listener allows TLS older than 1.2"
# description: "The listener's ssl_policy accepts TLS 1.0 or 1.1."
# custom:
#   id: aws_lb_tls_policy
#   severity: high
#   remediation: "Use ELBSecurityPolicy-TLS13-1-2-2021-06 or another policy that accepts TLS 1.2 and newer only."
#   resource_types: ["aws_lb_listener", "aws_alb_listener"]
#   frameworks:
#     soc2: ["CC6.7"]
#     iso27001: ["A.8.24"]
#     pci_dss: ["4.2.1"]
#     hipaa: ["164.312(e)(2)(ii)"]
#     gdpr: ["Art. 32"]
package aetheredge.rules.aws.aws_lb_tls_policy

import rego.v1

import data.aetheredge.lib.tf

weak_policies := {
	"ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-TLS-1-0-2015-04",
	"ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-FS-1-1-2019-08",
	"ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06",
}

deny contains tf.result(l, "ssl_policy", sprintf("%s accepts TLS older than 1.2 (ssl_policy %s).", [l.address, tf.after(l).ssl_policy])) if {
	some type in ["aws_lb_listener", "aws_alb_listener"]
	some l in tf.resources(type)
	tf.after(l).protocol in {"HTTPS", "TLS"}
	tf.after(l).ssl_policy in weak_policies
}

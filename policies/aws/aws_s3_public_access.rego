# METADATA
# title: "S3 bucket is publicly readable or writable"
# description: "A bucket ACL grants access to everyone (public-read, public-read-write, authenticated-read) and no public access block for the bucket ignores public ACLs. An ACL set by a separate aws_s3_bucket_acl is reported on its bucket, at the line of the aws_s3_bucket_acl where the value is set; on the aws_s3_bucket_acl itself when its bucket is declared elsewhere."
# custom:
#   id: aws_s3_public_access
#   severity: high
#   remediation: "Remove the public ACL, or add an aws_s3_bucket_public_access_block for the bucket with block_public_acls and ignore_public_acls set to true."
#   resource_types: ["aws_s3_bucket", "aws_s3_bucket_acl"]
#   aliases: ["CKV_AWS_20"]
#   frameworks:
#     soc2: ["CC6.1", "CC6.6"]
#     iso27001: ["A.8.3", "A.8.20"]
#     pci_dss: ["1.3.1", "1.4.1"]
#     hipaa: ["164.312(a)(1)"]
#     gdpr: ["Art. 25", "Art. 32"]
#     cis_aws: ["2.1.4"]
package aetheredge.rules.aws.aws_s3_public_access

import rego.v1

import data.aetheredge.lib.tf

# "website" is the provider's old name for a public-read website bucket.
public_acls := {"public-read", "public-read-write", "authenticated-read", "website"}

public_groups := {"http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}

# An ACL (a bucket's `grant` blocks or an aws_s3_bucket_acl's access_control_policy)
# that grants everyone, or every AWS account, read.
public_grant(obj) if {
	some g in array.concat(tf.items(obj, "grant"), tf.items(tf.block(obj, "access_control_policy"), "grant"))
	tf.block(g, "grantee").uri in public_groups
	g.permission in {"READ", "FULL_CONTROL", "READ_ACP"}
}

public_grant(obj) if {
	some g in tf.items(obj, "grant")
	g.uri in public_groups
	some p in tf.items(g, "permissions")
	p in {"READ", "FULL_CONTROL", "READ_ACP"}
}

# Buckets whose public ACLs are ignored by a public access block.
protected contains addr if {
	some pab in tf.resources("aws_s3_bucket_public_access_block")
	tf.is(pab, "ignore_public_acls", true)
	some addr in tf.targets(pab, "bucket")
}

# A separate aws_s3_bucket_acl whose bucket a public access block protects.
acl_protected(acl) if {
	some addr in tf.targets(acl, "bucket")
	addr in protected
}

deny contains tf.result(b, "acl", sprintf("%s has ACL %q: everyone can read its objects.", [b.address, tf.after(b).acl])) if {
	some b in tf.resources("aws_s3_bucket")
	tf.after(b).acl in public_acls
	not b.address in protected
}

# The buckets of the plan a separate ACL belongs to.
buckets_of(acl) := {b |
	some addr in tf.targets(acl, "bucket")
	some b in tf.resources("aws_s3_bucket")
	b.address == addr
}

deny contains tf.result(b, "grant", sprintf("%s grants everyone read access.", [b.address])) if {
	some b in tf.resources("aws_s3_bucket")
	public_grant(tf.after(b))
	not b.address in protected
}

deny contains tf.result_at(b, acl, "access_control_policy", sprintf("%s is granted to everyone to read by %s.", [b.address, acl.address])) if {
	some acl in tf.resources("aws_s3_bucket_acl")
	public_grant(tf.after(acl))
	not acl_protected(acl)
	some b in buckets_of(acl)
}

deny contains tf.result_at(b, acl, "acl", sprintf("%s gets the ACL %q from %s: everyone can read its objects.", [b.address, tf.after(acl).acl, acl.address])) if {
	some acl in tf.resources("aws_s3_bucket_acl")
	tf.after(acl).acl in public_acls
	not acl_protected(acl)
	some b in buckets_of(acl)
}

deny contains tf.result(acl, "acl", sprintf("%s gives its bucket the ACL %q: everyone can read its objects.", [acl.address, tf.after(acl).acl])) if {
	some acl in tf.resources("aws_s3_bucket_acl")
	tf.after(acl).acl in public_acls
	not acl_protected(acl)
	count(buckets_of(acl)) == 0
}

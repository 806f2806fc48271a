# Helpers the built-in rules share, over the plan input (`terraform show -json` shape).
package aetheredge.lib.tf

import rego.v1

# Managed resources of a type that exist after the change (not deleted). AetherEdge's input
# indexes them by type; on plain `terraform show -json` output they are filtered here.
resources(type) := object.get(input.aetheredge.resources_by_type, type, []) if input.aetheredge.resources_by_type

else := [rc |
	some rc in input.resource_changes
	rc.type == type
	rc.mode == "managed"
	not deleted(rc)
]

deleted(rc) if rc.change.actions == ["delete"]

# The planned value of an attribute ({} when the resource has no planned values).
after(rc) := rc.change.after if rc.change.after != null

else := {}

# Whether an attribute is only known after apply, wholly or in part (never judged: it may
# be compliant).
unknown(rc, attr) if {
	u := rc.change.after_unknown[attr]
	u != false
}

# An attribute is known and equals the value.
is(rc, attr, value) if {
	not unknown(rc, attr)
	after(rc)[attr] == value
}

# An attribute is known and absent, null, false or empty.
unset(rc, attr) if {
	not unknown(rc, attr)
	object.get(after(rc), attr, null) in {null, false, "", []}
}

# The first nested block of a type ({} when absent).
block(obj, name) := obj[name][0] if {
	is_array(obj[name])
	count(obj[name]) > 0
}

else := {}

# The list an attribute holds: [] when it is absent, null or not a list (a plan writes an
# unset block list as null).
items(obj, name) := obj[name] if is_array(obj[name])

else := []

# Addresses an attribute of rc refers to: resolved references, or resources whose
# bucket/id/name/arn equals its literal value (input.aetheredge.references).
targets(rc, attr) := {t | some t in input.aetheredge.references[rc.address][attr]}

# Whether an attribute of rc refers to the target resource (by reference or literal name).
refers(rc, attr, target) if target.address in targets(rc, attr)

# A finding for a resource, at an attribute.
result(rc, attr, msg) := {
	"msg": msg,
	"resource": rc.address,
	"attribute": attr,
}

# A finding for a resource, at an attribute of another resource that writes the value
# (a bucket's ACL set by its aws_s3_bucket_acl).
result_at(rc, other, attr, msg) := {
	"msg": msg,
	"resource": rc.address,
	"at": {"resource": other.address, "attribute": attr},
}

# Tags include an owner.
has_owner(rc) if {
	some key, _ in after(rc).tags
	lower(key) in {"owner", "team", "owner_email", "contact"}
}

has_owner(rc) if unknown(rc, "tags")

has_owner(rc) if {
	some key, _ in after(rc).labels
	lower(key) in {"owner", "team"}
}

has_owner(rc) if unknown(rc, "labels")

# A CIDR open to the whole internet.
open_cidr(c) if c in {"0.0.0.0/0", "::/0", "*", "Internet", "any", "0.0.0.0"}

# The statements of an IAM policy document (a JSON string or an object).
statements(doc) := as_list(json.unmarshal(doc).Statement) if {
	is_string(doc)
	json.is_valid(doc)
}

statements(doc) := as_list(doc.Statement) if is_object(doc)

as_list(x) := x if is_array(x)

as_list(x) := [x] if not is_array(x)

# A principal that is everyone.
everyone(p) if p == "*"

everyone(p) if p.AWS == "*"

everyone(p) if "*" in p.AWS

# Helpers the built-in rules share, over the plan input (`terraform show -json` shape).
package aetheredge.lib.tf

import rego.v1

# Managed resources of a type that exist after the change (not deleted).
resources(type) := [rc |
	some rc in input.resource_changes
	rc.type == type
	rc.mode == "managed"
	not deleted(rc)
]

deleted(rc) if rc.change.actions == ["delete"]

# The planned value of an attribute ({} when the resource has no planned values).
after(rc) := rc.change.after if rc.change.after != null

else := {}

# Whether an attribute is only known after apply (never judged: it may be compliant).
unknown(rc, attr) if rc.change.after_unknown[attr] == true

unknown(rc, attr) if is_object(rc.change.after_unknown[attr])

unknown(rc, attr) if is_array(rc.change.after_unknown[attr])

# An attribute is known and equals the value.
is(rc, attr, value) if {
	not unknown(rc, attr)
	after(rc)[attr] == value
}

# An attribute is known and absent, null, false or empty.
unset(rc, attr) if {
	not unknown(rc, attr)
	not after(rc)[attr]
}

unset(rc, attr) if {
	not unknown(rc, attr)
	after(rc)[attr] == null
}

unset(rc, attr) if {
	not unknown(rc, attr)
	after(rc)[attr] == false
}

unset(rc, attr) if {
	not unknown(rc, attr)
	count(after(rc)[attr]) == 0
}

# The first nested block of a type ({} when absent).
block(obj, name) := obj[name][0] if count(obj[name]) > 0

else := {}

# Addresses an attribute of rc refers to (resolved references, or a literal name/id match).
targets(rc, attr) := {t | some t in input.aetheredge.references[rc.address][attr]}

# The addresses of resources of `type` that resources of `link_type` point at through
# `attr`, when the linking resource satisfies `ok` — see the callers.
refers(rc, attr, target) if target.address in targets(rc, attr)

refers(rc, attr, target) if {
	v := after(rc)[attr]
	is_string(v)
	v != ""
	some key in ["bucket", "id", "name", "arn"]
	after(target)[key] == v
}

# A finding for a resource, at an attribute.
result(rc, attr, msg) := {
	"msg": msg,
	"resource": rc.address,
	"attribute": attr,
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

# Builders of plan inputs for the library's Rego tests.
package aetheredge.lib.testing

import rego.v1

# A resource change creating `type.name` with planned values `after`.
rc(type, name, after, unknown) := {
	"address": sprintf("%s.%s", [type, name]),
	"mode": "managed",
	"type": type,
	"name": name,
	"change": {"actions": ["create"], "before": null, "after": after, "after_unknown": unknown},
}

# A plan of resource changes, with resolved references by address and attribute.
plan(changes, references) := {
	"resource_changes": changes,
	"configuration": {"provider_config": {}, "root_module": {"resources": []}},
	"aetheredge": {"references": references},
}

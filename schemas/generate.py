#!/usr/bin/env python3
"""Writes a provider's schema as the compact data AetherEdge compiles in.

Usage:
  terraform providers schema -json > schema.json     # in a directory that requires the provider
  python3 schemas/generate.py schema.json registry.terraform.io/hashicorp/aws 5.100.0 \
      [--replace schemas/probe/aws-requires-replace.json] > schemas/aws.json

Output, one line per resource type after a header (small diffs when the provider moves on):
  {"provider": ..., "version": ..., "resources": {
  "aws_instance": {"a": {"ami": ["string", "oR"], ...}, "b": {"ebs_block_device": ["set", 0, 0, {...}]}},
  ...}}
  - "a": attributes: [type, flags]; type is Terraform's type JSON (`"string"`, `["list", "string"]`);
    flags: r required, o optional, c computed, s sensitive, w write-only (never in the plan or
    the state), R changing it forces replacement.
    Attributes with a nested type (`nested_type`) are given the equivalent object type.
  - "b": nested blocks: [nesting mode, min_items, max_items, block].
Descriptions and deprecation notes are left out.
"""
import argparse, json, sys


def nested_type(nt):
    attrs = {k: attribute_type(v) for k, v in nt["attributes"].items()}
    obj = ["object", attrs]
    mode = nt.get("nesting_mode", "single")
    return obj if mode == "single" else [mode, obj]


def attribute_type(a):
    return a["type"] if "type" in a else nested_type(a["nested_type"])


def flags(a, replaces):
    f = ""
    f += "r" if a.get("required") else ""
    f += "o" if a.get("optional") else ""
    f += "c" if a.get("computed") else ""
    f += "s" if a.get("sensitive") else ""
    f += "w" if a.get("write_only") else ""
    f += "R" if replaces else ""
    return f


def block(b, replace, prefix=""):
    out = {}
    attrs = {
        name: [attribute_type(a), flags(a, prefix + name in replace)]
        for name, a in sorted(b.get("attributes", {}).items())
    }
    if attrs:
        out["a"] = attrs
    blocks = {}
    for name, nb in sorted(b.get("block_types", {}).items()):
        blocks[name] = [
            nb["nesting_mode"],
            nb.get("min_items", 0),
            nb.get("max_items", 0),
            block(nb["block"], replace, prefix + name + "."),
        ]
        if prefix + name in replace:
            blocks[name].append("R")
    if blocks:
        out["b"] = blocks
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("schema")
    p.add_argument("provider")
    p.add_argument("version")
    p.add_argument("--replace", help="paths that force replacement, by resource type (JSON)")
    args = p.parse_args()
    schema = json.load(open(args.schema))["provider_schemas"][args.provider]
    replace = {}
    if args.replace:
        replace = json.load(open(args.replace))["resources"]
    out = sys.stdout
    out.write('{"provider": %s, "version": %s, "resources": {\n' % (json.dumps(args.provider), json.dumps(args.version)))
    items = sorted(schema["resource_schemas"].items())
    for i, (name, rs) in enumerate(items):
        body = block(rs["block"], set(replace.get(name, [])))
        sep = "," if i + 1 < len(items) else ""
        out.write("%s: %s%s\n" % (json.dumps(name), json.dumps(body, separators=(",", ":")), sep))
    out.write("}}\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Ask the hashicorp/aws provider itself which arguments force replacement.

The provider binary is started as a go-plugin gRPC server (protocol 5) and
driven directly: GetSchema, Configure with mock credentials, then
PlanResourceChange with a prior state and a proposed new state that differ.
The paths it answers in `requires_replace`, kept when their value really
changes (the filter Terraform core applies), are the arguments that force
replacement.

    python3 probe_replace.py requires-replace   # -> aws-requires-replace.json
    python3 probe_replace.py agreement RANKING  # -> fixtures/replace-agreement/aws.json

Needs: Python 3.11, `pip install grpcio grpcio-tools msgpack`, the provider
binary (PROVIDER_BINARY, default below). No network, no AWS account.
"""

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import grpc
import msgpack

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"
PROVIDER_VERSION = "5.100.0"
PROVIDER_BINARY = os.environ.get(
    "PROVIDER_BINARY",
    f"/opt/tf-plugins/{PROVIDER_ADDRESS}/{PROVIDER_VERSION}/linux_amd64/"
    f"terraform-provider-aws_v{PROVIDER_VERSION}_x5",
)
MAGIC_COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
MOCK_PROVIDER_CONFIG = {
    "access_key": "mock",
    "secret_key": "mock",
    "region": "us-east-1",
    "skip_credentials_validation": True,
    "skip_requesting_account_id": True,
    "skip_metadata_api_check": "true",
    "skip_region_validation": True,
}
TERRAFORM_VERSION = "1.11.4"
RPC_TIMEOUT = 120
TYPE_BUDGET = 150  # seconds of bisection per resource type
LEARN_ROUNDS = 20
# Arguments changed together in one call at most; a type with more starts
# from the null base, where unchanged blocks are empty and calls stay small.
MAX_GROUP = 500

# Typed framework attributes refuse the plain dummies "a"/"b"; the error names
# the attribute, and these pairs (or the enum's listed values) replace them.
STRINGS_FOR_ERROR = {
    "Invalid ARN Value": ("arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"),
    "Invalid IAM Policy Value": (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}'),
    "Invalid JSON String Value": ('{"k":"a"}', '{"k":"b"}'),
    "Invalid RFC3339 String Value": ("2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"),
    "Invalid Duration Value": ("10m", "20m"),
    "Invalid Time Duration String Value": ("10m", "20m"),
    "Invalid CIDR Block Value": ("10.0.0.0/16", "10.1.0.0/16"),
}
# Arguments whose CustomizeDiff rejects any string but a few.
STRINGS_FOR_ARGUMENT = {
    ("aws_kinesis_firehose_delivery_stream", ("destination",)): ("extended_s3", "http_endpoint"),
    ("aws_lightsail_instance", ("availability_zone",)): ("us-east-1a", "us-east-1b"),
}
DEFAULT_STRINGS = ("a", "b")
TIMEOUT_STRINGS = ("10m", "20m")


def load_stubs():
    """Compile tfplugin5.proto into a temporary directory and import it."""
    out = tempfile.mkdtemp(prefix="tfplugin5-")
    from grpc_tools import protoc

    rc = protoc.main(["protoc", f"-I{HERE}", f"--python_out={out}",
                      f"--grpc_python_out={out}", str(HERE / "tfplugin5.proto")])
    if rc != 0:
        sys.exit("protoc failed on tfplugin5.proto")
    sys.path.insert(0, out)
    return importlib.import_module("tfplugin5_pb2"), importlib.import_module("tfplugin5_pb2_grpc")


pb, pb_grpc = load_stubs()


# --- cty values --------------------------------------------------------------

class Unknown:
    """A value the provider left unknown (msgpack extension 0)."""

    def __eq__(self, other):
        return False

    __hash__ = object.__hash__


def decode(dynamic_value):
    if not dynamic_value.msgpack:
        return None
    return msgpack.unpackb(dynamic_value.msgpack, raw=False, strict_map_key=False,
                           ext_hook=lambda code, data: Unknown())


def encode(value):
    return pb.DynamicValue(msgpack=msgpack.packb(value, use_bin_type=True))


def dummy(ty, variant, strings=DEFAULT_STRINGS):
    """Value `variant` (0 = before, 1 = after) of cty type `ty` (JSON form)."""
    if ty == "string":
        return strings[variant]
    if ty == "number":
        return 1 + variant
    if ty == "bool":
        return variant == 0
    if ty == "dynamic":
        return None
    kind, inner = ty
    if kind in ("list", "set"):
        return [dummy(inner, variant, strings)]
    if kind == "map":
        return {"k": dummy(inner, variant, strings)}
    if kind == "object":
        return {name: dummy(t, variant, strings) for name, t in inner.items()}
    if kind == "tuple":
        return [dummy(t, variant, strings) for t in inner]
    raise ValueError(f"unknown cty type {ty!r}")


def strings_for(path, learned):
    if path in learned:
        return learned[path]
    # An error inside a set element names only the set: its strings take the value.
    if path[:-1] in learned:
        return learned[path[:-1]]
    return TIMEOUT_STRINGS if len(path) > 1 and path[-2] == "timeouts" else DEFAULT_STRINGS


def empty_block(nesting):
    return {"list": [], "set": [], "map": {}}.get(nesting)


# --- schema ------------------------------------------------------------------

NESTING = {1: "single", 2: "list", 3: "set", 4: "map", 5: "group"}


def block_json(block):
    """A protobuf Schema.Block as the dict shape of `providers schema -json`."""
    attributes = {}
    for a in block.attributes:
        attributes[a.name] = {"type": json.loads(a.type), "required": a.required,
                              "optional": a.optional, "computed": a.computed,
                              "write_only": a.write_only}
    blocks = {}
    for b in block.block_types:
        blocks[b.type_name] = {"nesting_mode": NESTING[b.nesting], "block": block_json(b.block),
                               "min_items": b.min_items, "max_items": b.max_items}
    return {"attributes": attributes, "block_types": blocks}


def settable(attr):
    return attr["optional"] or attr["required"]


def leaves(block, prefix=()):
    """Every argument a configuration can set: settable attributes, at any depth."""
    out = []
    for name, attr in sorted(block["attributes"].items()):
        if settable(attr) and not (prefix == () and name == "id") and attr["type"] != "dynamic":
            out.append(prefix + (name,))
    for name, nested in sorted(block["block_types"].items()):
        out.extend(leaves(nested["block"], prefix + (name,)))
    return out


def dynamic_leaves(block, prefix=()):
    out = [prefix + (n,) for n, a in sorted(block["attributes"].items())
           if settable(a) and a["type"] == "dynamic"]
    for name, nested in sorted(block["block_types"].items()):
        out.extend(dynamic_leaves(nested["block"], prefix + (name,)))
    return out


def build(block, changed, base, learned, prefix=()):
    """(prior_state, config, proposed_new_state) objects for one block.

    Arguments whose path is in `changed` go from the "before" dummy value to
    the "after" one; the others keep the "before" dummy value (base "dummy")
    or are null (base "null"). Computed-only attributes hold the "before"
    dummy value in the prior state and, as Terraform proposes, keep it.
    `learned` maps argument paths to the string pair they accept.
    """
    prior, config, proposed = {}, {}, {}
    for name, attr in block["attributes"].items():
        path = prefix + (name,)
        strings = strings_for(path, learned)
        before = dummy(attr["type"], 0, strings)
        if not settable(attr) or path == ("id",):
            prior[name], config[name], proposed[name] = before, None, before
            continue
        if path in changed:
            now = dummy(attr["type"], 1, strings)
        elif base == "dummy":
            now = before
        else:
            before = now = None
        prior[name] = None if attr["write_only"] else before
        config[name] = proposed[name] = now
    for name, nested in block["block_types"].items():
        path = prefix + (name,)
        mode = nested["nesting_mode"]
        inside = any(c[:len(path)] == path for c in changed)
        if base == "null" and not inside and mode != "group":
            prior[name] = config[name] = proposed[name] = empty_block(mode)
            continue
        p, c, n = build(nested["block"], changed, base, learned, path)
        if mode in ("list", "set"):
            p, c, n = [p], [c], [n]
        elif mode == "map":
            p, c, n = {"k": p}, {"k": c}, {"k": n}
        prior[name], config[name], proposed[name] = p, c, n
    return prior, config, proposed


# --- the provider ------------------------------------------------------------

class Provider:
    """One provider process, spoken to over its go-plugin unix socket."""

    def __init__(self):
        self.start()

    def start(self):
        env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS="5",
                   TF_LOG="off")
        # Without PLUGIN_CLIENT_CERT go-plugin serves plain gRPC on the socket.
        env.pop("PLUGIN_CLIENT_CERT", None)
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen([PROVIDER_BINARY], env=env, stdout=subprocess.PIPE,
                                        stderr=self.stderr, text=True)
        handshake = self.process.stdout.readline().strip()
        core, proto, network, address, kind = handshake.split("|")[:5]
        if (core, proto, network, kind) != ("1", "5", "unix", "grpc"):
            sys.exit(f"unexpected go-plugin handshake: {handshake}")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()
        self.channel = grpc.insecure_channel(
            f"unix:{address}", options=[("grpc.max_receive_message_length", 1 << 30),
                                        ("grpc.max_send_message_length", 1 << 30)])
        self.stub = pb_grpc.ProviderStub(self.channel)
        response = self.stub.GetSchema(pb.GetProviderSchema.Request(), timeout=RPC_TIMEOUT)
        self.resources = {name: block_json(s.block) for name, s in response.resource_schemas.items()}
        provider = block_json(response.provider.block)
        config = {name: MOCK_PROVIDER_CONFIG.get(name) for name in provider["attributes"]}
        config.update({name: empty_block(b["nesting_mode"]) for name, b in provider["block_types"].items()})
        configured = self.stub.Configure(pb.Configure.Request(
            terraform_version=TERRAFORM_VERSION, config=encode(config),
            client_capabilities=pb.ClientCapabilities(write_only_attributes_allowed=True)),
            timeout=RPC_TIMEOUT)
        errors = [d.summary for d in configured.diagnostics if d.severity == pb.Diagnostic.ERROR]
        if errors:
            sys.exit(f"Configure failed: {errors}")

    def stop(self):
        self.channel.close()
        self.process.kill()
        self.process.wait()
        self.stderr.seek(0)
        log = self.stderr.read()
        self.stderr.close()
        return log

    def restart(self, error):
        """After a failed call: the provider's panic message, if it died of one."""
        log = self.stop()
        self.start()
        panic = re.search(r"^panic: .*", log, re.MULTILINE)
        return panic.group(0)[:200] if panic else f"provider RPC failed ({error.code().name})"

    def plan(self, type_name, changed, base, learned):
        """Plan one change; returns (replace_paths, planned, prior) or raises PlanError.

        When typed attributes refuse their dummy value, a fitting value is
        recorded in `learned` and the plan asked again."""
        for _ in range(LEARN_ROUNDS):
            prior, config, proposed = build(self.resources[type_name], set(changed), base, learned)
            request = pb.PlanResourceChange.Request(
                type_name=type_name, prior_state=encode(prior),
                proposed_new_state=encode(proposed), config=encode(config),
                client_capabilities=pb.ClientCapabilities(write_only_attributes_allowed=True))
            try:
                response = self.stub.PlanResourceChange(request, timeout=RPC_TIMEOUT)
            except grpc.RpcError as error:
                raise PlanError(self.restart(error)) from None
            errors = [d for d in response.diagnostics if d.severity == pb.Diagnostic.ERROR]
            if not errors:
                break
            if not learn(errors, learned):
                raise PlanError(f"{errors[0].summary}: {errors[0].detail}".strip(": ")[:300])
        else:
            raise PlanError("typed attributes still refuse the values tried")
        planned = decode(response.planned_state)
        paths = set()
        for path in response.requires_replace:
            steps = [(s.WhichOneof("selector"), getattr(s, s.WhichOneof("selector"))) for s in path.steps]
            keys = [key for _, key in steps]
            if value_at(prior, keys) != value_at(planned, keys):
                paths.add(tuple(key for kind, key in steps if kind == "attribute_name"))
        return paths, planned, prior


class PlanError(Exception):
    pass


def names_in(text_path):
    """Attribute names of a framework path text: `a[0].b[Value({...})].c` -> (a, b, c)."""
    names, depth, current = [], 0, ""
    for char in text_path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0 and char == ".":
            names.append(current)
            current = ""
        elif depth == 0:
            current += char
    return tuple(names + [current])


def learn(errors, learned):
    """Record values for the attributes whose type refused a dummy; whether any is new."""
    new = False
    for error in errors:
        # The text names set elements too, which an AttributePath cannot.
        text = re.search(r"^Path: (.+)$", error.detail, re.MULTILINE)
        path = names_in(text.group(1)) if text else tuple(
            s.attribute_name for s in error.attribute.steps
            if s.WhichOneof("selector") == "attribute_name")
        pair = STRINGS_FOR_ERROR.get(error.summary)
        if error.summary == "Invalid String Enum Value" and "Valid Values: [" in error.detail:
            values = error.detail.split("Valid Values: [", 1)[1].rsplit("]", 1)[0].split()
            pair = (values[0], values[min(1, len(values) - 1)]) if values else None
        if path and pair and learned.get(path) != pair:
            learned[path] = pair
            new = True
    return new


def value_at(value, steps):
    for step in steps:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return Unknown()
    return value


# --- requires-replace for every resource type --------------------------------

def is_set_path(block, path):
    """Whether `path` ends at a set (block or attribute), where the provider's
    answer stops because set elements have no address."""
    for i, name in enumerate(path):
        if name in block["block_types"]:
            nested = block["block_types"][name]
            if i == len(path) - 1:
                return nested["nesting_mode"] == "set"
            block = nested["block"]
        else:
            ty = block["attributes"][name]["type"]
            return isinstance(ty, list) and ty[0] == "set"
    return False


class TypeProbe:
    """Probing of one resource type: the values learned, the arguments that
    could not be probed (and why), and a time budget for bisecting."""

    def __init__(self, provider, type_name):
        self.provider, self.type_name = provider, type_name
        self.block = provider.resources[type_name]
        self.learned = {path: pair for (name, path), pair in STRINGS_FOR_ARGUMENT.items()
                        if name == type_name}
        self.failures = {}
        self.deadline = time.monotonic() + TYPE_BUDGET
        large = len(leaves(self.block)) > MAX_GROUP
        self.bases = ("null", "dummy") if large else ("dummy", "null")

    def plan(self, changed, bases=None):
        """Plan `changed` over one base, then over the other."""
        return self.plan_with_base(changed, bases)[0]

    def plan_with_base(self, changed, bases=None):
        """Like `plan`, and which base ("null" or "dummy") gave the answer."""
        for base in bases or self.bases:
            try:
                return self.provider.plan(self.type_name, changed, base, self.learned), base
            except PlanError as error:
                reason = str(error)
        raise PlanError(reason)

    def group(self, group):
        """Replace paths from changing `group` at once, bisecting around errors."""
        if time.monotonic() > self.deadline:
            for leaf in group:
                self.failures[".".join(leaf)] = f"not reached within the {TYPE_BUDGET} s budget"
            return set()
        if len(group) <= MAX_GROUP:
            try:
                return self.plan(group)[0]
            except PlanError as error:
                if len(group) == 1:
                    self.failures[".".join(group[0])] = str(error)
                    return set()
        half = len(group) // 2
        return self.group(group[:half]) | self.group(group[half:])

    def run(self):
        for path in dynamic_leaves(self.block):
            self.failures[".".join(path)] = "dynamic type: no dummy value"
        args = leaves(self.block)
        found = self.group(args) if args else set()
        result = set()
        # SDKv2 adds "id" whenever anything else requires replacement; it is no argument.
        for path in found - {("id",)}:
            inner = [a for a in args if a[:len(path)] == path and len(a) > len(path)]
            if not is_set_path(self.block, path) or not inner:
                result.add(path)
                continue
            # The answer stopped at a set: ask argument by argument inside it.
            refined = {leaf for leaf in inner if self.group([leaf])}
            result |= refined or {path}
        # A provider may force replacement only when other arguments are unset (aws_vpc's
        # cidr_block, unless ipv4_netmask_length is set): each top-level argument is also
        # changed alone, the others null.
        for leaf in args:
            if len(leaf) == 1 and leaf not in result and time.monotonic() < self.deadline:
                try:
                    result |= self.provider.plan(self.type_name, [leaf], "null", self.learned)[0] - {("id",)}
                except PlanError:
                    pass
        for path, (before, after) in self.learned.items():
            if before == after and path in args:
                self.failures[".".join(path)] = f"its type accepts one value only ({before})"
        return sorted(".".join(p) for p in result), self.failures


def requires_replace(_args):
    provider = Provider()
    resources, unprobed = {}, {}
    try:
        for i, type_name in enumerate(sorted(provider.resources)):
            paths, failures = TypeProbe(provider, type_name).run()
            resources[type_name] = paths
            if failures:
                unprobed[type_name] = dict(sorted(failures.items()))
            print(f"[{i + 1}/{len(provider.resources)}] {type_name}: {len(paths)} replace, "
                  f"{len(failures)} unprobed", file=sys.stderr, flush=True)
    finally:
        provider.stop()
    out = {"provider": PROVIDER_ADDRESS, "provider_version": PROVIDER_VERSION,
           "resources": resources, "unprobed": unprobed}
    (HERE / "aws-requires-replace.json").write_text(json.dumps(out, indent=1) + "\n")


# --- replace agreement set ---------------------------------------------------

def hcl_value(block, name, variant, learned):
    """The before/after value of one top-level argument, as HCL can write it."""
    if name in block["attributes"]:
        return dummy(block["attributes"][name]["type"], variant, strings_for((name,), learned))
    nested = block["block_types"][name]
    states = build(nested["block"], set(leaves(nested["block"], (name,))), "dummy", learned, (name,))
    return [strip_to_config(nested["block"], states[0 if variant == 0 else 2])]


def strip_to_config(block, value):
    """Keep only what a configuration can write (settable attributes, blocks)."""
    out = {}
    for name, attr in block["attributes"].items():
        if settable(attr) and value.get(name) is not None:
            out[name] = value[name]
    for name, nested in block["block_types"].items():
        inner = value.get(name)
        if nested["nesting_mode"] in ("list", "set"):
            out[name] = [strip_to_config(nested["block"], v) for v in inner]
        elif nested["nesting_mode"] == "map":
            out[name] = {k: strip_to_config(nested["block"], v) for k, v in inner.items()}
        elif inner is not None:
            out[name] = [strip_to_config(nested["block"], inner)]
    return out


def agreement(args):
    ranking = json.loads(Path(args.ranking).read_text())
    provider = Provider()
    cases, skipped = [], []
    try:
        for type_name in ranking["types"]:
            probe = TypeProbe(provider, type_name)
            block = probe.block
            arguments = [("attribute", (n,)) for n, a in sorted(block["attributes"].items())
                         if settable(a) and n != "id"]
            arguments += [("block", (n,)) for n in sorted(block["block_types"])]
            unchanged = {}
            for kind, top in arguments:
                changed = [leaf for leaf in leaves(block) if leaf[:1] == top]
                if kind == "attribute" and block["attributes"][top[0]]["type"] == "dynamic":
                    skipped.append({"type": type_name, "argument": top[0], "reason": "dynamic type"})
                    continue
                if not changed:
                    skipped.append({"type": type_name, "argument": top[0],
                                    "reason": "block has no settable argument"})
                    continue
                # The argument changed alone, the others at their dummy values (recorded
                # with the case: the provider may decide by them); where the provider refuses
                # that, the others unset.
                try:
                    (paths, planned, prior), base = probe.plan_with_base(changed, ("dummy", "null"))
                except PlanError as error:
                    skipped.append({"type": type_name, "argument": top[0], "reason": str(error)})
                    continue
                # No change: what the provider plans is what it plans for the same
                # configuration unchanged (some types plan differences of their own).
                if base not in unchanged:
                    try:
                        unchanged[base] = probe.plan_with_base([], (base,))[0][1]
                    except PlanError:
                        unchanged[base] = prior
                action = "replace" if paths else (
                    "noop" if planned in (prior, unchanged[base]) else "update")
                case = {"type": type_name, "argument": top[0], "kind": kind,
                        "before": hcl_value(block, top[0], 0, probe.learned),
                        "after": hcl_value(block, top[0], 1, probe.learned),
                        "action": action}
                if base == "dummy":
                    case["others"] = [
                        {"argument": name, "kind": other_kind,
                         "value": hcl_value(block, name, 0, probe.learned)}
                        for other_kind, (name,) in arguments
                        if name != top[0] and not (other_kind == "attribute"
                                                   and block["attributes"][name]["type"] == "dynamic")]
                cases.append(case)
            print(f"{type_name}: {sum(c['type'] == type_name for c in cases)} cases",
                  file=sys.stderr, flush=True)
    finally:
        provider.stop()
    out = {"provider_version": PROVIDER_VERSION, "ranking_source": ranking["source"],
           "cases": cases, "skipped": skipped}
    target = ROOT / "fixtures" / "replace-agreement" / "aws.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=1) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True)
    commands.add_parser("requires-replace").set_defaults(run=requires_replace)
    agree = commands.add_parser("agreement")
    agree.add_argument("ranking", help="JSON from rank_types.py")
    agree.set_defaults(run=agreement)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()

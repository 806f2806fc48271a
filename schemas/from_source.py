#!/usr/bin/env python3
"""Writes the azurerm or google schema as the compact data AetherEdge compiles in, from the
provider's documentation (from_docs.py) combined with the provider's Go source.

Usage (GIT_DIR is a clone of the provider's repository; its HEAD is read, no work tree needed):
  python3 schemas/from_source.py azurerm GIT_DIR > schemas/azurerm.json
  python3 schemas/from_source.py google  GIT_DIR > schemas/google.json
  python3 schemas/from_source.py google  GIT_DIR --source-only   # what the source alone gives
  python3 schemas/from_source.py google  GIT_DIR --stats          # counts, on stderr

The output has the format of generate.py (see its docstring); the header's "source" names the
commits the docs and the Go source were read at.

What is read (a tolerant reading of Go text, not a Go compiler):
  - The resource types: google registers each one with `registry.Schema{Name: "google_x",
    Type: registry.SchemaTypeResource, Schema: ResourceX()}` in an init() function; azurerm
    lists them in each service's registration.go, untyped ones in the map of
    `SupportedResources()` (`"azurerm_x": resourceX()`), typed ones in the list of
    `Resources()` (`XResource{}`), whose methods `ResourceType()`, `Arguments()` and
    `Attributes()` give the name and the schema.
  - A resource's `Schema: map[string]*schema.Schema{...}` (pluginsdk.Schema for azurerm): per
    argument `Type`, `Required`, `Optional`, `Computed`, `ForceNew`, `Sensitive`, `WriteOnly`,
    `Elem` (an element type, or a nested `&schema.Resource{Schema: ...}` block with `MinItems`
    and `MaxItems`).
  - Calls, where an argument, a schema map, an Elem or a whole resource is a function's
    result (`commonschema.Location()`, `tags.Schema()`, `resourceXSchema()`,
    `identity.SystemAssignedUserAssigned()`): the function is looked up in the package the
    call names (the repository's own packages and its vendored go-azure-helpers) and what it
    returns is read the same way; arguments of the call are not evaluated.
What cannot be read this way is left as the docs say: values that are not literals (a
`ForceNew: !features.X()`), schemas changed after their literal (`s["x"].ForceNew = true`),
resources of the plugin framework, and replacement decided in CustomizeDiff.

As terraform providers schema -json shows an SDK schema, a nested resource that is computed
and not optional is an attribute of type list/set of object, and a required block has
min_items 1.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import from_docs  # noqa: E402

MODULES = {
    "google": "github.com/hashicorp/terraform-provider-google/",
    "azurerm": "github.com/hashicorp/terraform-provider-azurerm/",
}
# What is read of each repository: its own Go packages and the vendored helpers azurerm
# builds its common arguments with.
READ = {
    "google": ("google/",),
    "azurerm": ("internal/", "helpers/", "vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/"),
}

# ---- Go text ----

OPEN, CLOSE = "([{", ")]}"


STRING = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`'
COMMENT_OR_STRING = re.compile(STRING + r"|//[^\n]*|/\*.*?\*/", re.S)
# strings and brackets (and commas): what the scans below step through
TOKEN = re.compile(STRING + r"|[()\[\]{},]")


def strip_comments(text):
    """The text with // and /* */ comments blanked, strings kept."""
    return COMMENT_OR_STRING.sub(lambda m: m.group(0) if m.group(0)[0] in "\"'`" else
                                 ("" if m.group(0)[1] == "/" else " "), text)


def matching(text, i):
    """The index of the bracket closing the one at i (len(text) when unbalanced)."""
    depth = 0
    for m in TOKEN.finditer(text, i):
        c = m.group(0)
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            depth -= 1
            if depth == 0:
                return m.start()
    return len(text)


def split_top(text, sep=","):
    """Splits at commas outside brackets and strings."""
    parts, depth, start = [], 0, 0
    for m in TOKEN.finditer(text):
        c = m.group(0)
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:m.start()])
            start = m.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def key_values(body):
    """The `Key: value` items of a composite literal's body, in order (a key is an identifier
    or a string, unquoted here)."""
    items = []
    for part in split_top(body):
        m = re.match(r'\s*("(?:[^"\\]|\\.)*"|\w+)\s*:(?!=)\s*', part)
        if m:
            items.append((m.group(1).strip('"'), part[m.end():].strip()))
    return items


def braced(expr):
    """The body inside the first { of expr and the end of the literal, or None."""
    i = expr.find("{")
    if i < 0:
        return None
    j = matching(expr, i)
    return expr[i + 1:j]


def depth_at(text, pos):
    """How deep in brackets position pos of text is."""
    depth = 0
    for m in TOKEN.finditer(text, 0, pos):
        c = m.group(0)
        depth += (c in OPEN) - (c in CLOSE)
    return depth


def with_assignments(reader, v, path, body, var):
    """A map or resource a function returns, with what the function sets in it after the
    literal: `var["x"] = ...`, `var.Schema["x"] = ...`, `delete(var, "x")`, and the arguments
    of another map copied in: `for k, v := range other() { var.Schema[k] = v }`."""
    if not v or v[0] not in ("map", "resource") or not var:
        return v
    changes = []
    for m in re.finditer(r"\bfor\s+(\w+)\s*,\s*(\w+)\s*:=\s*range\s+([^{]+?)\s*{\s*%s(?:\.Schema)?\[\1\]\s*=\s*\2\s*}"
                         % re.escape(var), body):
        other = reader.value(m.group(3), path)
        if other and other[0] == "map":
            changes += other[1]
    for m in re.finditer(r"\b%s(?:\.Schema)?\[\"(\w+)\"\]\s*=(?!=)\s*|\bdelete\(\s*%s(?:\.Schema)?\s*,\s*\"(\w+)\"\s*\)"
                         % (re.escape(var), re.escape(var)), body):
        if m.group(1):
            changes.append((m.group(1), Reader.expression(body[m.end():]), path))
        else:
            changes.append((m.group(2), None, path))
    if not changes:
        return v
    if v[0] == "map":
        return "map", v[1] + changes
    return v[0], v[1], v[2], changes


# ---- packages and functions ----

class Repo:
    """The Go files of a repository: functions and methods by package directory, and each
    file's imports."""

    def __init__(self, files, module):
        self.module = module
        self.files = {}      # path -> text without comments
        self.funcs = {}      # (dir, name) -> (path, body)
        self.methods = {}    # (dir, receiver type, name) -> (path, body)
        self.vars = {}       # (dir, name) -> (path, expression), of variables and constants
        self.params = {}     # (path, function name) -> parameter names
        for path, text in files.items():
            if not path.endswith(".go") or path.endswith("_test.go"):
                continue
            text = strip_comments(text)
            self.files[path] = text
            d = os.path.dirname(path)
            for m in re.finditer(r"^func\s+(?:\(\s*(?:\w+\s+)?\*?\s*(\w+)(?:\[[^\]]*\])?\s*\)\s*)?(\w+)\s*(?:\[[^\]]*\])?\(", text, re.M):
                recv, name = m.groups()
                brace = self.body_start(text, m.end() - 1)
                if brace is None:
                    continue
                body = text[brace + 1:matching(text, brace)]
                params = [re.match(r"\s*(\w*)", p).group(1) for p in split_top(text[m.end():matching(text, m.end() - 1)])]
                self.params[(path, name)] = params
                if recv:
                    self.methods[(d, recv, name)] = (path, body)
                else:
                    self.funcs.setdefault((d, name), (path, body))
            for m in re.finditer(r"^(?:var|const)\s+(\w+)\s*(?:[^=\n]*)=\s*", text, re.M):
                self.vars.setdefault((d, m.group(1)), (path, Reader.expression(text[m.end():])))
            for block in re.finditer(r"^(?:var|const)\s*\(", text, re.M):
                inner = text[block.end():matching(text, block.end() - 1)]
                for m in re.finditer(r"^\s*(\w+)\s*(?:[^=\n]*)=\s*", inner, re.M):
                    if depth_at(inner, m.start()) == 0:
                        self.vars.setdefault((d, m.group(1)), (path, Reader.expression(inner[m.end():])))
        self.imports_cache = {}

    @staticmethod
    def body_start(text, paren):
        """The { opening a function's body, after its parameters and results."""
        j = matching(text, paren) + 1
        while j < len(text):
            c = text[j]
            if c == "{":
                # a result type `map[string]*schema.Schema {` has no { before the body; a
                # struct/interface result would, and is not a schema
                return j
            if c in "([":
                j = matching(text, j) + 1
                continue
            if c == "\n" and text[j - 1] not in ",(":
                return None
            j += 1
        return None

    def imports(self, path):
        if path not in self.imports_cache:
            text = self.files.get(path, "")
            out = {}
            for block in re.findall(r"^import\s*\((.*?)^\)", text, re.M | re.S) + re.findall(r"^import\s+(.*)$", text, re.M):
                for m in re.finditer(r'(?:(\w+)\s+)?"([^"]+)"', block):
                    alias, imp = m.groups()
                    alias = alias or re.sub(r"^v\d+$", "", imp.rsplit("/", 1)[-1]) or imp.rsplit("/", 2)[-2]
                    if imp.startswith(self.module):
                        out[alias] = imp[len(self.module):]
                    else:
                        out[alias] = "vendor/" + imp
            self.imports_cache[path] = out
        return self.imports_cache[path]

    def variable(self, ref, path):
        """The (path, expression) of a package-level variable `v`/`pkg.V`."""
        pkg, _, name = ref.rpartition(".")
        d = os.path.dirname(path)
        if pkg:
            d = self.imports(path).get(pkg)
        return self.vars.get((d, name))

    def function(self, call, path):
        """The (path, body) of the function a call `f(...)`/`pkg.F(...)` in file path names."""
        m = re.match(r"(?:(\w+)\.)?(\w+)\s*(?:\[[^\]]*\])?\(", call)
        if not m:
            return None
        pkg, name = m.groups()
        d = os.path.dirname(path)
        if pkg:
            d = self.imports(path).get(pkg)
            if d is None:
                return None
        return self.funcs.get((d, name))


# ---- schemas ----

SCALARS = {"TypeString": "string", "TypeInt": "number", "TypeFloat": "number", "TypeBool": "bool"}
COLLECTIONS = {"TypeList": "list", "TypeSet": "set", "TypeMap": "map"}


class Reader:
    def __init__(self, repo):
        self.repo = repo
        self.unread = 0   # arguments whose value could not be read

    def returned(self, path, body):
        """The expression a function body returns: the literal of its last return outside
        nested blocks (else its first return), or the literal assigned to the variable it
        returns."""
        returns = [m for m in re.finditer(r"\breturn\s+", body)]
        top = [m for m in returns if depth_at(body, m.start()) == 0]
        for m in (top[-1:] or returns[:1]):
            expr = body[m.end():]
            ident = re.match(r"&?(\w+)\s*(?:\n|}|$)", expr)
            if ident and ident.group(1) not in ("nil", "true", "false"):
                a = re.search(r"\b%s\s*:?=\s*" % re.escape(ident.group(1)), body)
                if a:
                    return self.expression(body[a.end():])
                return ident.group(1)
            if not expr.startswith("nil"):
                return self.expression(expr)
        return None

    @staticmethod
    def expression(text):
        """The Go expression at the start of text (up to a literal's or a call's end)."""
        if re.match(r"func\s*\(", text):  # a function literal, maybe called
            brace = Repo.body_start(text, text.index("("))
            if brace is not None:
                end = matching(text, brace) + 1
                call = re.match(r"\s*\(\s*\)", text[end:])
                return text[:end + (call.end() if call else 0)].strip()
        m = re.match(r"[&\w.\[\]*\s]*?[({]", text)
        if not m:
            return text.split("\n", 1)[0].strip()
        j = matching(text, m.end() - 1)
        return text[:j + 1].strip()

    def value(self, expr, path, depth=0):
        """What an expression is: ("schema", items, path), ("resource", items, path) or
        ("map", [(name, expr, path)]) — or None."""
        expr = expr.strip()
        if depth > 10 or not expr:
            return None
        if re.match(r"&?\s*\w+\.Schema\s*{", expr) or expr.startswith("{"):
            return "schema", key_values(braced(expr)), path
        if re.match(r"&?\s*\w+\.Resource\s*{", expr):
            return "resource", key_values(braced(expr)), path
        if re.match(r"map\[string\]\s*\*?\s*\w+\.Schema\s*{", expr):
            return "map", [(k, v, path) for k, v in key_values(braced(expr))]
        if re.match(r"func\s*\(\s*\)", expr):  # a function literal, called: func() map[...]... { ... }()
            brace = Repo.body_start(expr, expr.index("("))
            if brace is not None:
                return self.function_value((path, expr[brace + 1:matching(expr, brace)]), depth)
        call = re.match(r"(?:(\w+)\.)?(\w+)\s*(?:\[[^\]]*\])?\(", expr)
        if call and call.group(2) == "MergeSchemas":  # google's tpgresource.MergeSchemas(a, b)
            items = []
            for arg in split_top(expr[call.end():matching(expr, call.end() - 1)]):
                v = self.value(arg, path, depth + 1)
                items += v[1] if v and v[0] == "map" else []
            return "map", items
        if call:
            found = self.repo.function(expr, path)
            if not found:
                return None
            # a function that adds to the map it is given: `func f(s map[...]...) ... { s["x"] = ...; return s }`
            name = self.returned_name(found[1])
            params = self.repo.params.get((found[0], call.group(2)), [])
            if name in params:
                args = split_top(expr[call.end():matching(expr, call.end() - 1)])
                if len(args) == len(params):
                    v = self.value(args[params.index(name)], path, depth + 1)
                    return with_assignments(self, v, found[0], found[1], name)
                return None
            return self.function_value(found, depth)
        if re.fullmatch(r"(?:\w+\.)?\w+", expr):  # a package-level variable, else a local one
            found = self.repo.variable(expr, path)
            if found:
                return self.value(found[1], found[0], depth + 1)
            text = self.repo.files.get(path, "")
            local = re.search(r"\b%s\s*:?=\s*(?=map\[|&?\s*\w+\.(?:Schema|Resource)\s*{)" % re.escape(expr), text)
            if local:
                return self.value(self.expression(text[local.end():]), path, depth + 1)
        return None

    def function_value(self, found, depth=0):
        """What a function (path, body) returns, with what it sets in it after the literal."""
        fpath, body = found
        inner = self.returned(fpath, body)
        v = self.value(inner, fpath, depth + 1) if inner else None
        return with_assignments(self, v, fpath, body, self.returned_name(body))

    @staticmethod
    def returned_name(body):
        names = [m.group(1) for m in re.finditer(r"\breturn\s+&?(\w+)\s*(?:\n|}|$)", body)
                 if depth_at(body, m.start()) == 0]
        return names[-1] if names else None

    def schema_map(self, expr, path):
        """A schema map's arguments: {name: parsed argument}; None when it cannot be read."""
        v = self.function_value(expr) if isinstance(expr, tuple) else self.value(expr, path)
        if v and v[0] == "resource":
            items = dict(v[1])
            v = self.value(items["Schema"], v[2]) if "Schema" in items else None
        if not v or v[0] != "map":
            return None
        out = {}
        for name, item, ipath in v[1]:
            if item is None:  # delete(m, "name")
                out.pop(name, None)
                continue
            arg = self.value(item, ipath)
            if arg and arg[0] == "schema":
                out[name] = self.argument(dict(arg[1]), arg[2])
            else:
                out[name] = None
                self.unread += 1
        return out

    def resource_schema(self, expr, path):
        v = self.value(expr, path)
        if not v or v[0] != "resource":
            return None
        items = dict(v[1])
        if "Schema" not in items:
            return None
        read = self.schema_map(items["Schema"], v[2])
        if read is not None and len(v) > 3:  # r.Schema["x"] = ... after the literal
            for name, item, ipath in v[3]:
                read.pop(name, None)
                if item is not None:
                    arg = self.value(item, ipath)
                    read[name] = self.argument(dict(arg[1]), arg[2]) if arg and arg[0] == "schema" else None
        return read

    def argument(self, items, path):
        """An argument: {"kind": "attribute", "type", "flags"} or {"kind": "block", "mode",
        "min", "max", "block", "R"}; "type" is None when not read."""
        true = lambda k: items.get(k, "").strip() == "true"
        t = re.sub(r"^.*\.", "", items.get("Type", "").strip())
        flags = ("r" if true("Required") else "") + ("o" if true("Optional") else "") + \
                ("c" if true("Computed") else "") + ("s" if true("Sensitive") else "") + \
                ("w" if true("WriteOnly") else "")
        forces = true("ForceNew")
        count = lambda k: int(items[k]) if re.fullmatch(r"\d+", items.get(k, "").strip()) else 0
        elem = self.value(items["Elem"], path) if "Elem" in items else None
        if t in COLLECTIONS and elem and elem[0] == "resource" and t != "TypeMap":
            inner = dict(elem[1])
            block = self.schema_map(inner["Schema"], elem[2]) if "Schema" in inner else None
            block = block or {}
            if "c" in flags and "o" not in flags:  # computed: an attribute of objects
                obj = {n: a["type"] if a["kind"] == "attribute" else a["object"]
                       for n, a in block.items() if a and (a["kind"] != "attribute" or a["type"])}
                obj = {n: t_ or "dynamic" for n, t_ in obj.items()}
                typ = [COLLECTIONS[t], ["object", dict(sorted(obj.items()))]]
                return {"kind": "attribute", "type": typ, "flags": flags + ("R" if forces else ""), "object": typ}
            lo, hi = count("MinItems"), count("MaxItems")
            if "r" in flags and lo == 0:
                lo = 1
            if "o" in flags:
                lo = 0
            return {"kind": "block", "mode": COLLECTIONS[t], "min": lo, "max": hi, "block": block,
                    "R": forces, "object": [COLLECTIONS[t], ["object", {}]]}
        if t in SCALARS:
            typ = SCALARS[t]
        elif t in COLLECTIONS:
            if elem and elem[0] == "schema":
                inner = self.argument(dict(elem[1]), elem[2])
                et = inner["type"] if inner["kind"] == "attribute" and inner["type"] else "dynamic"
            elif t == "TypeMap" and "Elem" not in items:
                et = "string"
            else:
                et = "dynamic"
            typ = [COLLECTIONS[t], et]
        else:
            typ = None
        return {"kind": "attribute", "type": typ, "flags": flags + ("R" if forces else ""), "object": typ}


# ---- the resource types of each provider ----

def google_resources(repo, reader):
    out = {}
    for path, text in repo.files.items():
        if not path.startswith("google/services/"):
            continue
        for m in re.finditer(r"\bregistry\.Schema\s*{", text):
            items = dict(key_values(text[m.end():matching(text, m.end() - 1)]))
            if not items.get("Type", "").endswith(".SchemaTypeResource"):
                continue
            name = items.get("Name", "").strip().strip('"')
            if "Schema" in items:
                out[name] = reader.resource_schema(items["Schema"], path)
    return out


def azurerm_resources(repo, reader):
    out = {}
    for path, text in repo.files.items():
        if not re.match(r"internal/services/[^/]+/registration\.go$", path):
            continue
        d = os.path.dirname(path)
        for (_, recv, method), (p, body) in [(k, v) for k, v in repo.methods.items() if k[0] == d]:
            if method == "SupportedResources":
                for name, expr in re.findall(r'"(azurerm_\w+)"\s*[:\]]\s*=?\s*([\w.]+\([^)]*\))', body):
                    out[name] = reader.resource_schema(expr, p)
            elif method == "Resources":
                for typ in re.findall(r"&?\b(\w+)\s*{\s*}", body):
                    typed = typed_resource(repo, reader, d, typ)
                    if typed:
                        out[typed[0]] = typed[1]
    return out


def typed_resource(repo, reader, d, typ):
    """(name, arguments) of a typed resource: its methods ResourceType, Arguments, Attributes
    (in any file of the service's package)."""
    rt = repo.methods.get((d, typ, "ResourceType"))
    if not rt:
        return None
    m = re.search(r'return\s+"(azurerm_\w+)"', rt[1])
    if not m:  # a constant or variable of the package
        ref = re.search(r"return\s+(\w+)\s*$", rt[1].strip())
        found = repo.variable(ref.group(1), rt[0]) if ref else None
        m = re.match(r'"(azurerm_\w+)"', found[1]) if found else None
    if not m:
        return None
    args = {}
    for method in ("Attributes", "Arguments"):  # an argument wins over an attribute of one name
        found = repo.methods.get((d, typ, method))
        if found:
            args.update(reader.schema_map(found, found[0]) or {})
    return m.group(1), args


# ---- reading a repository ----

def read_files(git_dir, prefixes):
    listing = from_docs.git(git_dir, "ls-tree", "-r", "HEAD", "--", *prefixes)
    wanted = []
    for line in listing.split("\n"):
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and path.endswith(".go") and not path.endswith("_test.go"):
            wanted.append((parts[2], path))
    p = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                       input="".join(sha + "\n" for sha, _ in wanted).encode(), capture_output=True, check=True)
    out, data, i = {}, p.stdout, 0
    for sha, path in wanted:
        nl = data.index(b"\n", i)
        header = data[i:nl].split()
        i = nl + 1
        if len(header) < 3 or header[1] != b"blob":  # missing from a partial clone
            continue
        size = int(header[2])
        out[path] = data[i:i + size].decode("utf-8", "replace")
        i += size + 1
    return out


def source_resources(provider, git_dir):
    repo = Repo(read_files(git_dir, READ[provider]), MODULES[provider])
    reader = Reader(repo)
    found = (google_resources if provider == "google" else azurerm_resources)(repo, reader)
    return {name: args for name, args in found.items() if args is not None}, reader


# ---- combining with the docs ----

def to_block(args):
    """Source arguments in generate.py's form ({"a":..., "b":...}); unread ones left out."""
    out = {"a": {}, "b": {}}
    for name, a in sorted(args.items()):
        if a is None:
            continue
        if a["kind"] == "block":
            entry = [a["mode"], a["min"], a["max"], to_block(a["block"])]
            out["b"][name] = entry + (["R"] if a["R"] else [])
        elif a["type"] is not None or a["flags"].strip("R"):
            out["a"][name] = [a["type"], a["flags"]]
    return out


def merge(docs, src):
    """docs and source of one block: the source's kind, type, flags and block sizes where it
    read them; the docs' where it says nothing (an argument it did not read or does not have,
    a type it could not read, required/optional/computed it did not find)."""
    out = {"a": {}, "b": {}}
    names = set(docs.get("a", {})) | set(docs.get("b", {})) | set(src["a"]) | set(src["b"])
    for name in sorted(names):
        d_attr, d_block = docs.get("a", {}).get(name), docs.get("b", {}).get(name)
        s_attr, s_block = src["a"].get(name), src["b"].get(name)
        if s_block:
            inner = merge(d_block[3] if d_block else {}, s_block[3])
            out["b"][name] = s_block[:3] + [inner] + s_block[4:]
        elif s_attr:
            typ, flags = s_attr
            if typ is None:
                typ = d_attr[0] if d_attr else "dynamic"
            if not any(f in flags for f in "roc"):
                old = d_attr[1] if d_attr else (("oc" if d_block else ""))
                flags = "".join(f for f in "roc" if f in old) + flags
            out["a"][name] = [typ, "".join(f for f in "rocswR" if f in flags)]
        elif d_block:
            out["b"][name] = [*d_block[:3], merge(d_block[3], {"a": {}, "b": {}}), *d_block[4:]]
        elif d_attr:
            out["a"][name] = d_attr
    return out


def counts(resources):
    """(types, top-level arguments, of them typed (not dynamic), of them R, nested R)."""
    n_args = typed = r = nested = 0
    for body in resources.values():
        for name, (t, f) in body.get("a", {}).items():
            if name == "id" or f == "c":
                continue
            n_args += 1
            typed += t != "dynamic"
            r += "R" in f
        for entry in body.get("b", {}).values():
            n_args += 1
            typed += 1
            r += len(entry) > 4
            nested += count_nested_r(entry[3])
    return len(resources), n_args, typed, r, nested


def count_nested_r(block):
    n = sum("R" in f for _, f in block.get("a", {}).values())
    for entry in block.get("b", {}).values():
        n += (len(entry) > 4) + count_nested_r(entry[3])
    return n


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    opts = {a for a in argv if a.startswith("--")}
    if len(args) != 2 or args[0] not in MODULES:
        raise SystemExit(__doc__)
    provider, git_dir = args
    sha = from_docs.git(git_dir, "rev-parse", "HEAD").strip()
    version, docs = from_docs.read(provider, git_dir)
    found, reader = source_resources(provider, git_dir)
    src = {name: to_block(a) for name, a in found.items()}
    if "--source-only" in opts:
        resources = {n: from_docs.compact(b) for n, b in src.items()}
    else:
        resources = {}
        for name in sorted(set(docs) | set(src)):
            body = merge(docs.get(name, {}), src[name]) if name in src else docs[name]
            body["a"].setdefault("id", ["string", "c"])
            resources[name] = from_docs.compact(body)
    if "--stats" in opts:
        def show(label, res):
            print("%-12s types %d, top-level arguments %d, typed %d, R %d, nested R %d" % ((label,) + counts(res)), file=sys.stderr)
        show("docs", {n: from_docs.compact(b) for n, b in docs.items()})
        show("source", {n: from_docs.compact(b) for n, b in src.items()})
        show("combined", resources)
        print("source types not in docs %d, docs types not in source %d, arguments not read %d" % (
            len(set(src) - set(docs)), len(set(docs) - set(src)), reader.unread), file=sys.stderr)
    from_docs.write(sys.stdout, provider, version, "docs and Go source at " + sha, resources)


if __name__ == "__main__":
    main(sys.argv[1:])

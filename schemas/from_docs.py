#!/usr/bin/env python3
"""Writes a provider's schema as the compact data AetherEdge compiles in, read from the
provider's published resource documentation rather than from the provider binary.

Usage (GIT_DIR is a clone of the provider's repository; its HEAD is read, no work tree needed):
  python3 schemas/from_docs.py azurerm    GIT_DIR > schemas/azurerm.json
  python3 schemas/from_docs.py google     GIT_DIR > schemas/google.json
  python3 schemas/from_docs.py kubernetes GIT_DIR > schemas/kubernetes.json

The output has the format of generate.py (see its docstring), with a "source" field in the
header naming the commit the docs were read at; "version" is the newest released version at
the top of the repository's CHANGELOG.md.

Two layouts of documentation are read:
  - prose (azurerm, google: website/docs/r/*.html.markdown): the "Argument(s) Reference"
    section lists "* `name` - (Required|Optional) text" bullets; a bullet that is a block
    ("A `foo` block as defined below", "Structure is [documented below](#nested_foo)") is
    described later under "A/The `foo` block supports:". The "Attributes Reference" section
    lists computed attributes ("`a.0.b`" paths and "The `foo` block exports:" reach into
    blocks). A "Timeouts" section gives the `timeouts` block.
  - tfplugindocs (kubernetes: docs/resources/*.md): "## Schema" with "### Required",
    "### Optional", "### Read-Only" lists of "- `name` (Type) text" and one
    "### Nested Schema for `a.b`" section per block; types and block sizes are given.

What the text cannot say is left open: attribute types are "dynamic" unless the text makes
them certain, and an argument is flagged R only when its text says that changing it replaces
the resource.
"""
import json
import re
import subprocess
import sys

PROVIDERS = {
    "azurerm": ("website/docs/r/", ".html.markdown"),
    "google": ("website/docs/r/", ".html.markdown"),
    "kubernetes": ("docs/resources/", ".md"),
}

# Phrasings of the prose docs that say changing an argument replaces the resource.
FORCES_NEW = [re.compile(p, re.I) for p in (
    r"\bchanging (this|it|this value|this field|this property)\b[^.]*?\bforces? (a )?new\b",  # azurerm, google
    r"\bcauses resource replacement\b",                      # google: "The field is immutable and causes ..."
    r"\bmodifying this field after creation will trigger recreation\b",  # google
    r"\bmodifying this list will cause the instance to recreate\b",      # google
    r"\bchanging it will recreate the resource\b",           # google
    r"\bchanging this field will result in deleting/ ?recreating the resource\b",  # google
)]
# The flags in parentheses after a prose bullet's name: "(Optional, ForceNew)".
FORCE_NEW_FLAG = re.compile(r"\bForceNew\b")

# kubernetes: the Kubernetes API's "Cannot be updated." in a field's text; the provider forces
# a new resource for such fields, except inside pod templates (deployments, jobs, ...), which
# are updated in place.
K8S_CANNOT_UPDATE = re.compile(r"(^|[.:] )(This )?[Cc]annot be updated\b|\b[Tt]his field is immutable\b")
# kubernetes: a resource's own name and namespace, in its top-level `metadata` block.
K8S_METADATA_FORCES_NEW = {"name", "namespace"}


def git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True,
                          capture_output=True, text=True).stdout


def released_version(changelog):
    """The first "## X.Y.Z (date)" heading that is not "(Unreleased)"."""
    for m in re.finditer(r"^## v?(\d+\.\d+\.\d+) \(([^)]*)\)", changelog, re.M):
        if m.group(2).lower() != "unreleased":
            return m.group(1)
    raise SystemExit("no released version in CHANGELOG.md")


def resource_name(text, provider, stem):
    """The type a page documents: its "# azurerm_x" title, else its file name. None for pages
    that document several types under "## google_x_iam_policy"-style headings (google's IAM
    pages, whose arguments apply to some of the types only)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    m = re.search(r"^# +([A-Za-z0-9_\\]+)", body, re.M)
    title = m.group(1).replace("\\", "") if m else ""
    if title.startswith(provider + "_"):
        return title
    if re.search(r"^## +%s_[a-z0-9_]+\s*$" % provider, body, re.M):
        return None
    return stem if stem.startswith(provider + "_") else provider + "_" + stem


def new_block():
    return {"a": {}, "b": {}}


def add_attribute(block, name, type_, flags):
    if name not in block["a"] and name not in block["b"]:
        block["a"][name] = [type_, flags]


# ---- prose docs (azurerm, google) ----

BULLET = re.compile(r"^ {0,3}[*-] +`([A-Za-z0-9_.]+)`\s*(.*)")
SECTION = re.compile(r"^##\s+(.*?)\s*$")
# "A `foo` block supports the following:", "<a name="nested_foo"></a>The `foo` block supports:",
# "An `identity` block exports the following:", "A `foo`, `bar` or `baz` block supports ...:"
BLOCK_HEADER = re.compile(r"^(?:<a [^>]*></a>\s*)?(?:An?|The|Each)\s+((?:`[A-Za-z0-9_]+`(?:,\s*|\s+(?:and|or)\s+)?)+)"
                          r"\s*(?:block|object)s?\b.*\b(?:supports?|exports?|contains?|consists? of)\b")
# Lines that start something other than a bullet's continuation: bullets, headings, notes,
# separators, anchors, tables, block headers.
STRUCTURE = re.compile(r"^\s*([*-] |#|<a |[-~]>|---|- - -|\||(An?|The|Each) `)")
FLAGS = re.compile(r"^\s*-*\s*\(([^)]*)\)\s*-*\s*")
# A block of at most one: its text starts "One `foo` block", "A single ...", or says "max 1",
# "A single block of this type is supported" (google).
MAX_ONE = re.compile(r"^(A single|Exactly one|One)\b(?! or more)[^.]*\bblock\b|\bmax(imum)?( of)? 1\b"
                     r"|\bA single block of this type is supported\b", re.I)


def logical_lines(lines):
    """Yields ("bullet", (name, text)), ("header", [block names]) and ("section", title). A bullet's
    text takes in the lines that continue it: indented ones, even after a blank line, and
    plain ones that directly follow it."""
    bullet, blank = None, False
    for line in lines:
        stripped = line.strip()
        if bullet and stripped and (line[0] in " \t" or not (blank or STRUCTURE.match(line))):
            bullet[1] += " " + stripped
            blank = False
            continue
        if not stripped:
            blank = True
            continue
        blank = False
        if bullet:
            yield "bullet", tuple(bullet)
            bullet = None
        if m := BULLET.match(line):
            bullet = [m.group(1), m.group(2)]
        elif m := SECTION.match(line):
            yield "section", m.group(1)
        elif m := BLOCK_HEADER.match(stripped):
            yield "header", re.findall(r"`([A-Za-z0-9_]+)`", m.group(1))
    if bullet:
        yield "bullet", tuple(bullet)


def split_flags(text):
    """"(Optional, ForceNew) The ..." -> ("Optional, ForceNew", "The ...")."""
    m = FLAGS.match(text)
    if m:
        return m.group(1), text[m.end():].strip()
    return "", text.lstrip("-: ").strip()


def prose_type(desc):
    if re.match(r"(An? )?(list|array) of\b", desc, re.I):
        return ["list", "dynamic"]
    if re.match(r"(A|The) (mapping|map) of\b", desc, re.I):
        return ["map", "string"]
    if re.match(r"(Should|Is|Are)\b[^?]*\benabled\?", desc) or re.search(r"\bDefaults? to `?(true|false)`?[ .,]", desc + " "):
        return "bool"
    # an integer default, "`72`" or "1024." (not "10 minutes"), of a count, a time span or a port
    if re.search(r"\bnumber of\b|\bin (seconds|minutes|hours|days)\b|\bport\b", desc, re.I) \
            and re.search(r"\bDefaults? to (`\d+`|\d+(?=[.,;)]|\s*$))", desc) \
            and not re.search(r"\bterminated by\b", desc):
        return "number"
    return "dynamic"


def is_block(name, desc, defined):
    own = re.search(r"`%s` blocks?\b" % re.escape(name), desc)
    nested = re.search(r"\(#nested_[A-Za-z0-9_]+", desc)
    return bool(own or nested or (name in defined and re.search(r"\bblocks?\b|\bbelow\b", desc)))


def forces_new(flag_text, desc):
    """The flags say ForceNew, or a sentence of the text says changing the argument replaces
    the resource, without a condition ("... to be created when ... are changed to ...")."""
    if FORCE_NEW_FLAG.search(flag_text):
        return True
    for sentence in re.split(r"(?<=\.)\s+", desc):
        if any(p.search(sentence) for p in FORCES_NEW) and not re.search(r"\b(when|if|unless)\b", sentence, re.I):
            return True
    return False


def argument_flags(flag_text):
    words = {w.strip().lower() for w in flag_text.split(",")}
    if "required" in words:
        return "r"
    if any(w.startswith("optional") or w.startswith("required if") for w in words):
        return "oc" if "computed" in words else "o"
    if words & {"computed", "output", "read only"}:
        return "c"
    return "oc"  # the text does not say; the argument may be set and may be computed


class Arguments:
    """The bullets of an Arguments Reference section: those of the resource, and those under
    each "The `foo` block supports:" header, by block name (a header may come before or after
    the bullet that declares the block, and may be shared by blocks of several names)."""

    def __init__(self):
        self.top, self.definitions, self.used = [], {}, {}

    def definition(self, name):
        """The next definition of a block `name`: the n-th declared block takes the n-th
        header for its name, or the last one when there are fewer headers."""
        found = self.definitions.get(name, [[]])
        n = self.used.get(name, 0)
        self.used[name] = n + 1
        return found[min(n, len(found) - 1)]

    def build(self, bullets, enclosing=()):
        block = new_block()
        for name, text in bullets:
            if "." in name:
                continue
            flag_text, desc = split_flags(text)
            replaces = forces_new(flag_text, desc)
            if is_block(name, desc, self.definitions):
                inner = self.build(self.definition(name), enclosing + (name,)) if name not in enclosing else new_block()
                entry = ["list", 0, 1 if MAX_ONE.search(desc) else 0, inner]
                block["b"][name] = entry + (["R"] if replaces else [])
            else:
                block["a"][name] = [prose_type(desc), argument_flags(flag_text) + ("R" if replaces else "")]
        return block


def blocks_named(block, name):
    for inner_name, entry in block["b"].items():
        if inner_name == name:
            yield entry[3]
        yield from blocks_named(entry[3], name)


def add_computed(root, targets, path, desc):
    """An Attributes Reference bullet: `name` in the current blocks, or a path `a.0.b` from the
    resource."""
    parts = [p for p in path.split(".") if not p.isdigit()]
    if len(parts) > 1:
        targets = [root]
        for part in parts[:-1]:
            targets = [t["b"][part][3] for t in targets if part in t["b"]]
    name = parts[-1]
    for t in targets:
        if name == "id" and t is root:
            flags = t["a"].get("id", ["", ""])[1] + "c"
            t["a"]["id"] = ["string", "".join(f for f in "rocsR" if f in flags)]
        else:
            add_attribute(t, name, prose_type(desc), "c")


def prose_resource(text):
    arguments, timeouts = Arguments(), []
    computed = [(None, [])]  # (block names of an "exports" header or None, bullets)
    section, current = "", None
    for kind, value in logical_lines(text.split("\n")):
        if kind == "section":
            section = value.lower()
            current = {"argu": arguments.top, "attr": computed[0][1], "time": timeouts}.get(section[:4])
        elif kind == "header" and section.startswith("argument"):
            current = []
            for name in value:
                arguments.definitions.setdefault(name, []).append(current)
        elif kind == "header" and section.startswith("attribute"):
            current = []
            computed.append((value, current))
        elif kind == "bullet" and current is not None:
            current.append(value)
    root = arguments.build(arguments.top)
    for names, bullets in computed:
        targets = [root] if names is None else [b for name in names for b in blocks_named(root, name)]
        for path, text in bullets:
            add_computed(root, targets, path, split_flags(text)[1])
    if timeouts:
        root["b"]["timeouts"] = ["single", 0, 0, {"a": {name: ["string", "o"] for name, _ in timeouts}, "b": {}}]
    return root


# ---- tfplugindocs docs (kubernetes) ----

K8S_BULLET = re.compile(r"^- `([A-Za-z0-9_]+)`\s*-?\s*\(([^)]*)\)\s*(.*)")
K8S_SCALARS = {"String": "string", "Number": "number", "Integer": "number", "Boolean": "bool",
               "Dynamic": "dynamic", "Object": "dynamic"}


def k8s_type(words):
    """"Map of String" -> ["map", "string"]; "List of Object" -> ["list", "dynamic"]."""
    m = re.match(r"(List|Set|Map) of (\w+)$", words)
    if m:
        return [m.group(1).lower(), K8S_SCALARS.get(m.group(2), "dynamic")]
    return K8S_SCALARS.get(words, "dynamic")


def k8s_resource(text):
    root = new_block()
    block, path, flags = root, [], ""
    in_schema = False
    for line in text.split("\n"):
        if line.startswith("## "):
            in_schema = line.strip() == "## Schema"
            continue
        if not in_schema:
            continue
        if m := re.match(r"^### Nested Schema for `([A-Za-z0-9_.]+)`", line):
            path = m.group(1).split(".")
            block = root
            for part in path:  # None when the path leads to an attribute's object type
                block = block["b"][part][3] if block and part in block["b"] else None
            continue
        heading = line.strip("#: ").strip()
        if heading in ("Required", "Optional", "Read-Only"):
            flags = {"Required": "r", "Optional": "o", "Read-Only": "c"}[heading]
            continue
        m = K8S_BULLET.match(line)
        if not m or block is None:
            continue
        name, kind, desc = m.groups()
        words = [w.strip() for w in kind.split(",")]
        in_template = any(p.endswith("template") for p in path)
        replaces = flags != "c" and (
            (path == ["metadata"] and name in K8S_METADATA_FORCES_NEW)
            or (not in_template and bool(K8S_CANNOT_UPDATE.search(desc))))
        if words[0].startswith("Block"):
            sizes = dict(s.groups() for w in words[1:] if (s := re.match(r"(Min|Max): (\d+)$", w)))
            nesting = {"Block List": "list", "Block Set": "set", "Block Map": "map"}.get(words[0], "single")
            entry = [nesting, int(sizes.get("Min", 0)), int(sizes.get("Max", 0)), new_block()]
            if replaces:
                entry.append("R")
            block["b"][name] = entry
        else:
            f = flags + ("s" if "Sensitive" in words else "") + ("R" if replaces else "")
            block["a"][name] = [k8s_type(words[0]), f]
    return root


# ---- output ----

def compact(block):
    """Drops empty "a"/"b" and sorts names, as generate.py writes them."""
    out = {}
    if block["a"]:
        out["a"] = dict(sorted(block["a"].items()))
    if block["b"]:
        out["b"] = {name: [*entry[:3], compact(entry[3]), *entry[4:]] for name, entry in sorted(block["b"].items())}
    return out


def read(provider, git_dir):
    """(released version, {type: body}) of a provider's docs at HEAD."""
    directory, suffix = PROVIDERS[provider]
    version = released_version(git(git_dir, "show", "HEAD:CHANGELOG.md"))
    parse = k8s_resource if provider == "kubernetes" else prose_resource
    resources = {}
    for path in git(git_dir, "ls-tree", "-r", "--name-only", "HEAD", "--", directory).split("\n"):
        if not path.endswith(suffix):
            continue
        text = git(git_dir, "show", "HEAD:" + path)
        name = resource_name(text, provider, path[len(directory):-len(suffix)])
        if name:
            body = parse(text)
            body["a"].setdefault("id", ["string", "c"])  # every resource type has one
            resources[name] = body
    return version, resources


def write(out, provider, version, source, resources):
    """The schema file: a header naming the provider, version and source, then one line per
    resource type (bodies in compact form)."""
    out.write('{"provider": %s, "version": %s, "source": %s, "resources": {\n' % (
        json.dumps("registry.terraform.io/hashicorp/" + provider), json.dumps(version), json.dumps(source)))
    items = sorted(resources.items())
    for i, (name, body) in enumerate(items):
        sep = "," if i + 1 < len(items) else ""
        out.write("%s: %s%s\n" % (json.dumps(name), json.dumps(body, separators=(",", ":")), sep))
    out.write("}}\n")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in PROVIDERS:
        raise SystemExit(__doc__)
    provider, git_dir = sys.argv[1], sys.argv[2]
    sha = git(git_dir, "rev-parse", "HEAD").strip()
    version, resources = read(provider, git_dir)
    write(sys.stdout, provider, version, "docs at " + sha, {n: compact(b) for n, b in resources.items()})


if __name__ == "__main__":
    main()

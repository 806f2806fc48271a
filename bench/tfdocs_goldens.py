#!/usr/bin/env python3
"""Byte and line agreement of `aetheredge docs --module . --format F` with terraform-docs' goldens.

Usage:
  # once: D=a git dir of the public terraform-docs/terraform-docs repository
  #       mkdir -p $WORK/src
  #       git --git-dir=$D archive HEAD examples format/testdata | tar -x -C $WORK/src
  python3 bench/tfdocs_goldens.py --src $WORK/src --bin target/release/aetheredge [--work DIR] [--json OUT]

For every golden of a format `docs` supports (SRC/format/testdata/<dir>/<name>.golden), the
example module (SRC/examples) is copied to WORK/<case>, given a `.terraform-docs.yml` holding the
settings terraform-docs' own test used for that golden (sections shown, header/footer files,
sort, anchor, escape, html, indent, colour, type/default/required/sensitive columns, output
values from the examples' `terraform output -json` file), and documented with
`docs --repo WORK/<case> --module . --format F`. The output (less its final newline, which the
goldens lack) is compared with the golden: byte-identical or not, and the share of the golden's
lines that a line diff (difflib) matches. The Empty, HideEmpty and EmptyWithAtxClosed
goldens document a directory without Terraform files (only the config is written); NoInputs
(terraform-docs' own module without inputs) is listed as not run.
Exit status: 0 when it ran, 2 when a command or file failed.
"""
import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

ALL_SECTIONS = ["header", "requirements", "providers", "modules", "resources", "data-sources",
                "inputs", "outputs"]

# terraform-docs' test base (testutil.baseConfig): every section and setting off but
# read-comments, no sorting (position order), header from main.tf.
BASE = {
    "sections": [],
    "footer-from": "",
    "sort": {"enabled": False, "by": "name"},
    "output-values": {"enabled": False, "from": ""},
    "settings": {"anchor": False, "atx-closed": False, "color": False, "default": False,
                 "description": False, "escape": False, "hide-empty": False, "html": False,
                 "indent": 0, "read-comments": True, "required": False, "sensitive": False,
                 "type": False},
}


def with_sections(cfg):
    """testutil.WithSections: all sections, footer from footer.md, Default and Type on."""
    cfg["sections"] = ALL_SECTIONS + ["footer"]
    cfg["footer-from"] = "footer.md"
    cfg["settings"].update({"default": True, "type": True})


def default_sections(cfg):
    """testutil.WithDefaultSections: every section but the footer, Default and Type on."""
    cfg["sections"] = list(ALL_SECTIONS)
    cfg["settings"].update({"default": True, "type": True})


# Cases documenting a directory without Terraform files (terraform-docs' "empty" module).
EMPTY_MODULE = {"Empty", "HideEmpty", "EmptyWithAtxClosed"}


def html(cfg):
    cfg["settings"]["html"] = True


def output_values(cfg):
    """Outputs shown with their values from the examples' output_values.json."""
    cfg["sections"] = ["outputs"]
    cfg["output-values"] = {"enabled": True, "from": "output_values.json"}


def case(*steps, **settings):
    cfg = json.loads(json.dumps(BASE))
    for step in steps:
        step(cfg)
    for key, value in settings.items():
        if key == "sections":
            cfg["sections"] = value
        elif key == "footer_from":
            cfg["footer-from"] = value
        elif key == "sort_by":
            cfg["sort"] = {"enabled": True, "by": value}
        else:
            cfg["settings"][key.replace("_", "-")] = value
    return cfg


def only(section, *steps, **settings):
    extra = {"footer_from": "footer.md"} if section == "footer" else {}
    extra.update(settings)
    return case(*steps, sections=[section], **extra)


ONLY = {"OnlyDataSources": "data-sources", "OnlyHeader": "header", "OnlyFooter": "footer",
        "OnlyInputs": "inputs", "OnlyOutputs": "outputs", "OnlyModulecalls": "modules",
        "OnlyProviders": "providers", "OnlyRequirements": "requirements",
        "OnlyResources": "resources"}

MARKDOWN_TABLE = {
    "Base": case(with_sections, html),
    "HideAll": case(),
    "WithRequired": case(with_sections, html, required=True),
    "WithAnchor": case(with_sections, html, anchor=True),
    "WithoutHTML": case(with_sections),
    "WithoutHTMLWithAnchor": case(with_sections, anchor=True),
    "WithoutDefault": case(html, sections=["inputs"], type=True),
    "WithoutType": case(html, sections=["inputs"], default=True),
    "EscapeCharacters": case(with_sections, html, escape=True),
    "IndentationOfFour": case(with_sections, html, indent=4),
}
MARKDOWN_TABLE["WithAtxClosed"] = case(with_sections, html, atx_closed=True)
MARKDOWN_TABLE["Empty"] = case(default_sections, html)
MARKDOWN_TABLE["HideEmpty"] = case(default_sections, hide_empty=True)
MARKDOWN_TABLE["EmptyWithAtxClosed"] = case(default_sections, html, atx_closed=True)
MARKDOWN_TABLE["OutputValues"] = case(html, output_values, sensitive=True)
MARKDOWN_TABLE["OutputValuesNoSensitivity"] = case(html, output_values, sensitive=False)
for name, section in ONLY.items():
    MARKDOWN_TABLE[name] = (only(section, default=True, type=True) if section == "inputs"
                            else only(section))

# markdown document: the same cases as the table.
MARKDOWN_DOCUMENT = dict(MARKDOWN_TABLE)

ASCIIDOC = {
    "Base": case(with_sections),
    "HideAll": case(),
    "WithRequired": case(with_sections, required=True),
    "WithAnchor": case(with_sections, anchor=True),
    "WithoutDefault": case(sections=["inputs"], type=True),
    "WithoutType": case(sections=["inputs"], default=True),
    "IndentationOfFour": case(with_sections, indent=4),
    "OutputValues": case(output_values, sensitive=True),
    "OutputValuesNoSensitivity": case(output_values, sensitive=False),
    "Empty": case(default_sections),
    "HideEmpty": case(default_sections, hide_empty=True),
}
for name, section in ONLY.items():
    ASCIIDOC[name] = (only(section, default=True, type=True) if section == "inputs"
                      else only(section))

PRETTY = {
    "Base": case(with_sections),
    "HideAll": case(),
    "WithColor": case(with_sections, color=True),
    "OutputValues": case(output_values, sensitive=True),
    "Empty": case(default_sections),
}
for name, section in ONLY.items():
    PRETTY[name] = only(section)

STRUCTURED = {
    "Base": case(with_sections),
    "HideAll": case(),
    "EscapeCharacters": case(with_sections, escape=True),
}
STRUCTURED["OutputValues"] = case(output_values, sensitive=True)
STRUCTURED["Empty"] = case(default_sections)
for name, section in ONLY.items():
    STRUCTURED[name] = only(section)

TFVARS = {
    "Base": case(with_sections),
    "EscapeCharacters": case(escape=True),
    "PrintDescription": case(with_sections, description=True),
    "SortByName": case(with_sections, sort_by="name"),
    "SortByRequired": case(with_sections, sort_by="required"),
    "SortByType": case(with_sections, sort_by="type"),
    "Empty": case(default_sections),
}

# (golden directory, golden prefix, --format value, cases)
SUITES = [
    ("markdown", "table-", "markdown-table", MARKDOWN_TABLE),
    ("markdown", "document-", "markdown-document", MARKDOWN_DOCUMENT),
    ("asciidoc", "table-", "asciidoc-table", ASCIIDOC),
    ("asciidoc", "document-", "asciidoc-document", ASCIIDOC),
    ("pretty", "pretty-", "pretty", PRETTY),
    ("json", "json-", "json", STRUCTURED),
    ("yaml", "yaml-", "yaml", STRUCTURED),
    ("toml", "toml-", "toml", STRUCTURED),
    ("xml", "xml-", "xml", STRUCTURED),
    ("tfvars", "hcl-", "tfvars-hcl", TFVARS),
    ("tfvars", "json-", "tfvars-json", TFVARS),
]


def config_text(cfg):
    """The case's settings as a `.terraform-docs.yml` (JSON is YAML)."""
    sections = cfg["sections"]
    doc = {
        "footer-from": cfg["footer-from"],
        "sections": {"show": sections} if sections else {"hide": ["all"]},
        "sort": cfg["sort"],
        "output-values": cfg["output-values"],
        "settings": cfg["settings"],
    }
    return json.dumps(doc, indent=2) + "\n"


def line_agreement(expected, got):
    exp, out = expected.split("\n"), got.split("\n")
    matcher = difflib.SequenceMatcher(a=exp, b=out, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same, len(exp)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "aeh-tfdocs-goldens"))
    ap.add_argument("--json", help="write the per-golden results here")
    ap.add_argument("--show-diff", metavar="SUITE/NAME", help="print the diff of one golden")
    a = ap.parse_args()

    examples = os.path.join(a.src, "examples")
    testdata = os.path.join(a.src, "format", "testdata")
    for p in (a.bin, examples, testdata):
        if not os.path.exists(p):
            print("missing: %s" % p, file=sys.stderr)
            return 2
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)

    results = []
    for directory, prefix, fmt, cases in SUITES:
        goldens = sorted(f[len(prefix):-len(".golden")] for f in os.listdir(os.path.join(testdata, directory))
                         if f.startswith(prefix) and f.endswith(".golden"))
        for name in goldens:
            label = "%s/%s%s" % (directory, prefix, name)
            if name not in cases:
                results.append({"golden": label, "run": False})
                continue
            module = os.path.join(a.work, "%s-%s%s" % (directory, prefix, name))
            if name in EMPTY_MODULE:
                os.makedirs(module)
            else:
                shutil.copytree(examples, module)
            with open(os.path.join(module, ".terraform-docs.yml"), "w") as f:
                f.write(config_text(cases[name]))
            p = subprocess.run([a.bin, "docs", "--repo", module, "--module", ".", "--format", fmt],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                print("%s: docs failed (%d): %s" % (label, p.returncode, p.stderr.strip()), file=sys.stderr)
                return 2
            got = p.stdout[:-1] if p.stdout.endswith("\n") else p.stdout
            with open(os.path.join(testdata, directory, prefix + name + ".golden")) as f:
                expected = f.read()
            same, total = line_agreement(expected, got)
            results.append({"golden": label, "run": True, "identical": got == expected,
                            "lines_matched": same, "lines": total})
            if a.show_diff == label:
                sys.stdout.writelines(difflib.unified_diff(
                    expected.splitlines(True), got.splitlines(True), "golden", "aetheredge"))

    run = [r for r in results if r["run"]]
    for r in results:
        if r["run"]:
            print("%-42s %-9s lines %3d/%3d" % (r["golden"], "identical" if r["identical"] else "differs",
                                              r["lines_matched"], r["lines"]))
        else:
            print("%-42s not run" % r["golden"])
    identical = sum(r["identical"] for r in run)
    lines = sum(r["lines"] for r in run)
    matched = sum(r["lines_matched"] for r in run)
    print("byte-identical: %d/%d goldens run (%d not run); lines: %d/%d (%.1f%%)" % (
        identical, len(run), len(results) - len(run), matched, lines, 100.0 * matched / lines if lines else 0))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())

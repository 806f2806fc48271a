#!/usr/bin/env python3
"""Rank AWS resource types by how often public modules declare them.

    python3 rank_types.py GIT_DIR... > aws-type-ranking.json

Each GIT_DIR is a clone (bare or not) of a terraform-aws-modules repository;
every `resource "aws_…"` block in the *.tf files of its HEAD counts once.
The 100 most declared types (ties: declared in more repositories, then by
name) are the agreement set's types.
"""

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

TOP = 100
RESOURCE = re.compile(r'^\s*resource\s+"(aws_[a-z0-9_]+)"', re.MULTILINE)
SCHEMA_TYPES = Path(__file__).resolve().parent / "aws-requires-replace.json"


def git(git_dir, *args):
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True,
                          capture_output=True, text=True).stdout


def origin(git_dir):
    """owner/name of the repository, from its remote or its directory name."""
    try:
        url = git(git_dir, "config", "--get", "remote.origin.url").strip()
        return re.sub(r"^.*github\.com[:/]|\.git$", "", url)
    except subprocess.CalledProcessError:
        parent = Path(git_dir).resolve()
        parent = parent.parent if parent.name in ("repo", ".git") else parent
        return parent.name.replace("+", "/")


def main():
    known = set(json.loads(SCHEMA_TYPES.read_text())["resources"])
    counts, spread, repos = Counter(), Counter(), []
    for git_dir in sys.argv[1:]:
        head = git(git_dir, "rev-parse", "HEAD").strip()
        repos.append(f"{origin(git_dir)}@{head[:12]}")
        here = Counter()
        for path in git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").splitlines():
            if path.endswith(".tf"):
                text = git(git_dir, "show", f"HEAD:{path}")
                here.update(t for t in RESOURCE.findall(text) if t in known)
        counts.update(here)
        spread.update(here.keys())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -spread[kv[0]], kv[0]))
    source = (f"count of `resource \"aws_*\"` blocks in every *.tf file at HEAD of "
              f"{len(repos)} repositories: {', '.join(sorted(repos))}; top {TOP}; ties broken by "
              f"the number of repositories declaring the type, then by name")
    json.dump({"source": source, "types": [t for t, _ in ranked[:TOP]],
               "counts": {t: [n, spread[t]] for t, n in ranked}}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()

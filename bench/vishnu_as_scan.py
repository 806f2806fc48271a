#!/usr/bin/env python3
"""Vishnu's built-in policies seen through `scan`'s interface, so the Checkov agreement harness
(../shared/tools/peer/checkov_agreement.py) measures them on their own:

    AETHEREDGE_BIN=target/release/aetheredge python3 checkov_agreement.py --src SRC \
        --bin bench/vishnu_as_scan.py --out vishnu.json

`scan --list-rules --format json` lists the policies of policies/ with the Checkov ids in their
METADATA `aliases`; `scan --repo DIR …` runs `policy --repo DIR --format json`; anything else is
passed to the real binary.
"""
import json, os, re, subprocess, sys
from pathlib import Path

BIN = os.environ.get('AETHEREDGE_BIN', 'target/release/aetheredge')
POLICIES = Path(__file__).resolve().parent.parent / 'policies'


def list_rules():
    rules = []
    for path in sorted(POLICIES.rglob('*.rego')):
        text = path.read_text()
        rule_id = re.search(r'^#\s+id:\s*(\S+)', text, re.M)
        aliases = re.search(r'^#\s+aliases:\s*\[([^\]]*)\]', text, re.M)
        if rule_id and aliases:
            ids = [a.strip().strip('"') for a in aliases.group(1).split(',') if a.strip()]
            rules.append({'id': 'vishnu/' + rule_id.group(1), 'checkov': ids})
    print(json.dumps(rules))


args = sys.argv[1:]
if args[:1] == ['scan'] and '--list-rules' in args:
    list_rules()
elif args[:1] == ['scan']:
    rest = [a for a in args[1:]]
    sys.exit(subprocess.run([BIN, 'policy'] + rest).returncode)
else:
    sys.exit(subprocess.run([BIN] + args).returncode)

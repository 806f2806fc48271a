#!/usr/bin/env python3
"""Counts, per Checkov id, the distinct (file, resource block) each tool flags on full scans of
public modules; prints the ids both count, and aetheredge's 10 most frequent Kali rules."""
import json, re, sys, collections, glob, os
OUT = sys.argv[1] if len(sys.argv) > 1 else "out"
def block(address):
    # module.x["a"].aws_s3_bucket.this[0] -> aws_s3_bucket.this
    parts = re.sub(r'\[[^\]]*\]', '', address or '').split('.')
    call = ''
    while parts and parts[0] == 'module':
        call, parts = parts[1] if len(parts) > 1 else '', parts[2:]
    # A module call itself (`module.vpc`) is named as Checkov names it: `vpc`.
    return '.'.join(parts[:2]) or call
ae = collections.defaultdict(set); ck = collections.defaultdict(set); rules = collections.defaultdict(set)
claimed = set()
for f in sorted(glob.glob(os.path.join(OUT, '*.ae.json'))):
    repo = os.path.basename(f).split('.')[0]
    cf = f.replace('.ae.json', '.ck.json')
    if not os.path.getsize(cf):
        continue
    for x in json.load(open(f)).get('findings', []):
        if x.get('deity') != 'kali' or x['rule_id'].startswith('kali/secret'):
            continue
        key = (repo, x.get('file'), block(x.get('resource')))
        rules[x['rule_id']].add(key)
        for a in x.get('aliases', []):
            ae[a].add(key)
    data = json.load(open(cf))
    for part in (data if isinstance(data, list) else [data]):
        for c in part.get('results', {}).get('failed_checks', []):
            ck[c['check_id']].add((repo, c['file_path'].lstrip('/'), block(c['resource'])))
rows = [(i, len(ae.get(i, ())), len(ck.get(i, ()))) for i in sorted(set(ae) | set(ck)) if i in ae]
print('checkov id | aetheredge | checkov')
for i, a, c in sorted(rows, key=lambda r: -max(r[1], r[2])):
    print(f'{i} | {a} | {c}')
print('\nmost frequent Kali rules:')
for r, keys in sorted(rules.items(), key=lambda kv: -len(kv[1]))[:10]:
    print(f'{r} | {len(keys)}')
print('\nCheckov ids that fire most:')
for i, keys in sorted(ck.items(), key=lambda kv: -len(kv[1]))[:15]:
    print(f'{i} | {len(keys)} | {"also flagged by aetheredge" if i in ae else ""}')

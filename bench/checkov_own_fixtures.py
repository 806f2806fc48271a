#!/usr/bin/env python3
"""Checkov's verdicts on Kali's own fixtures (fixtures/kali/rules/*.fixtures): every section is
written to its own directory, Checkov runs once over all of them with the Checkov ids the rules
claim, and each resource named fail…/pass… is compared with what Checkov says of it under the
rule's ids. Usage: bench/checkov_own_fixtures.py CHECKOV [--ids-without-lists FILE]
(CHECKOV: a checkov executable, e.g. from `pip install checkov`)."""
import json, os, re, subprocess, sys, tempfile, collections

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
checkov = sys.argv[1]
only = None
if '--ids-without-lists' in sys.argv:
    only = set(json.load(open(sys.argv[sys.argv.index('--ids-without-lists') + 1])))
rules = json.loads(subprocess.run([os.path.join(ROOT, 'target/release/aetheredge'), 'scan', '--list-rules',
                                   '--format', 'json'], capture_output=True, text=True, check=True).stdout)
ids_of = {r['id']: r['checkov'] for r in rules if r.get('checkov')}
work = tempfile.mkdtemp()
sections = {}
for name in sorted(os.listdir(os.path.join(ROOT, 'fixtures/kali/rules'))):
    if 'kubernetes' in name:
        continue
    text = open(os.path.join(ROOT, 'fixtures/kali/rules', name)).read()
    for part in text.split('\n=== ')[1:]:
        rule, body = part.split('\n', 1)
        rule = rule.strip()
        if rule not in ids_of:
            continue
        d = os.path.join(work, rule.replace('/', '_'))
        os.makedirs(d)
        open(os.path.join(d, 'main.tf'), 'w').write(body)
        sections[d] = (rule, body)
ids = sorted({i for r, _ in sections.values() for i in ids_of[r]})
out = subprocess.run([checkov, '-d', work, '--framework', 'terraform', '-o', 'json', '--quiet', '--compact',
                      '--skip-download', '--check', ','.join(ids)], capture_output=True, text=True,
                     env=dict(os.environ, BC_SKIP_MAPPING='TRUE')).stdout
data = json.loads(out)
verdict = {}
for part in (data if isinstance(data, list) else [data]):
    for kind, v in (('failed_checks', 'fail'), ('passed_checks', 'pass')):
        for c in part.get('results', {}).get(kind, []):
            d = os.path.join(work, c['file_path'].lstrip('/').split('/')[0])
            verdict.setdefault((d, c['check_id'], c['resource']), set()).add(v)
agree = disagree = unjudged = 0
rows = collections.defaultdict(lambda: [0, 0, 0])
for d, (rule, body) in sections.items():
    for rtype, name in re.findall(r'^(?:resource|data) "([^"]+)" "([^"]+)"', body, re.M):
        want = 'fail' if name.startswith('fail') else 'pass' if name.startswith('pass') else None
        if want is None:
            continue
        for cid in ids_of[rule]:
            if only is not None and cid not in only:
                continue
            got = verdict.get((d, cid, f'{rtype}.{name}'))
            if not got:
                unjudged += 1; rows[cid][2] += 1
            elif want in got and len(got) == 1:
                agree += 1; rows[cid][0] += 1
            else:
                disagree += 1; rows[cid][1] += 1
                print(f'differs: {cid} {rule} {rtype}.{name}: ours {want}, Checkov {sorted(got)}')
print(f'ids: {len(rows)}  resources judged by Checkov: {agree + disagree}  agree: {agree}  differ: {disagree}  '
      f'not judged by Checkov (type it does not check): {unjudged}')

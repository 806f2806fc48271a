#!/usr/bin/env python3
"""Times `aetheredge policy` over conftest's own examples, all cases together, as
`../shared/tools/peer/conftest_agreement.py` builds them (its --work directory must hold
the scratch repos of a previous run, `--keep`-style: WORK/<case>/dir).

Usage: bench/conftest_examples.py WORK BIN [RUNS]
Prints the median, over RUNS (default 5), of the wall time of every case's command run one
after the other (each a whole process, as CI runs them).
"""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "tools", "peer"))
import conftest_agreement  # noqa: E402  (the cases and their arguments)

work, binary = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
commands = []
for case in conftest_agreement.CASES:
    d = os.path.join(work, case["name"], "dir")
    if os.path.isdir(d):
        commands.append([binary, "policy", "--repo", d, "--format", "json", *case.get("args", [])])
totals = []
for _ in range(runs):
    started = time.perf_counter()
    for cmd in commands:
        subprocess.run(cmd, capture_output=True, check=False)
    totals.append(time.perf_counter() - started)
print(f"{len(commands)} cases, median of {runs}: {statistics.median(totals) * 1000:.0f} ms "
      f"(min {min(totals) * 1000:.0f} ms)")

#!/usr/bin/env bash
# Times `aetheredge plan` of the generated 5,000-resource repository (bench/make-repo.sh) with
# this build and with another binary, interleaved by hyperfine so both see the same machine:
# the full plan of main, and the plan of the 10-file pull request.
#
# usage: bench/plan-against.sh OTHER-BINARY      (e.g. a release build of an earlier commit)
# knobs: RUNS=30 KEEP=1 (keep the generated repo)
set -euo pipefail

other=$(realpath "${1:?usage: bench/plan-against.sh OTHER-BINARY}")
RUNS=${RUNS:-30}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

cargo build --release --quiet --bin aetheredge --example gen_bench_repo
bin=$root/target/release/aetheredge
gen=$root/target/release/examples/gen_bench_repo

work=$(mktemp -d "${TMPDIR:-/tmp}/aetheredge-plan.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "== keeping $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
repo=$work/repo
"$root/bench/make-repo.sh" "$gen" "$repo"

# The same plan from both binaries first: the comparison is of equal work.
for b in "$bin" "$other"; do
  "$b" plan --repo "$repo" --base main --head pr --format json >"$work/$(basename "$b").json" || true
done

hyperfine -N -i --warmup 2 --runs "$RUNS" --style basic --export-markdown "$work/times.md" \
  -n "full, this build" "$bin plan --repo $repo --head main --format json" \
  -n "full, other" "$other plan --repo $repo --head main --format json" \
  -n "pr, this build" "$bin plan --repo $repo --base main --head pr --format json" \
  -n "pr, other" "$other plan --repo $repo --base main --head pr --format json" >&2
cat "$work/times.md"

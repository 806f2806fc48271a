#!/usr/bin/env bash
# Measures what reviewing in a worker process costs: the demo's pull request reviewed by
# `aetheredge action` RUNS times in process (`--isolated false`) and RUNS times in a worker
# (`--isolated true`, the default limits), alternating; prints the mean wall-clock time of
# each and the difference. No token: nothing is posted.
#
# usage: bench/worker.sh            (from anywhere in the repository; builds the debug binary)
# knobs: RUNS=10 BIN=path/to/aetheredge (skip the build)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${RUNS:-10}
if [ -z "${BIN:-}" ]; then
  cargo build --quiet --bin aetheredge
  BIN=${CARGO_TARGET_DIR:-$PWD/target}/debug/aetheredge
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/aetheredge-worker.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The demo builds its sample repo and says where it is and what its branches are.
"$BIN" demo --format json >/dev/null 2>"$work/demo"
repo=$(sed -n 's/^The sample repo is at //p' "$work/demo")
branches=$(sed -n 's/^ *branches: \([^ ]*\) (the default branch) and \([^ ]*\) (the pull request)$/\1 \2/p' "$work/demo")
read -r base head <<<"$branches"
sha() { git -C "$repo" rev-parse "$1"; }
cat >"$work/event.json" <<EOF
{"number": 1, "pull_request": {"number": 1, "base": {"sha": "$(sha "$base")"}, "head": {"sha": "$(sha "$head")"}}}
EOF

# One review; exit 0 (clean) or 1 (findings) is a review, anything else is not.
review() { # review ISOLATED -> seconds on stdout
  local start end rc=0
  start=$(date +%s.%N)
  env -u GITHUB_TOKEN -u GITHUB_APP_ID GITHUB_EVENT_PATH="$work/event.json" \
    GITHUB_EVENT_NAME=pull_request "$BIN" action --repo "$repo" --isolated "$1" \
    >/dev/null 2>"$work/err" || rc=$?
  end=$(date +%s.%N)
  if [ "$rc" -gt 1 ]; then
    echo "the review failed with exit code $rc:" >&2
    tail -n 20 "$work/err" >&2
    exit 2
  fi
  echo "$end - $start" | bc
}

: >"$work/false"
: >"$work/true"
for _ in $(seq "$runs"); do
  review false >>"$work/false"
  review true >>"$work/true"
done
mean() { awk '{ s += $1 } END { printf "%.3f", s / NR }' "$1"; }
in_process=$(mean "$work/false")
in_worker=$(mean "$work/true")
echo "demo review, $runs runs each ($BIN)"
echo "in process: ${in_process} s"
echo "in a worker: ${in_worker} s"
echo "overhead: $(awk -v w="$in_worker" -v p="$in_process" 'BEGIN { printf "%.3f", w - p }') s"

#!/usr/bin/env bash
# Benchmarks `aetheredge review` on a large generated Terraform repository:
#   full   - a full review of main (every resource instance is a create)
#   pr     - a pull request that edits 10 files (changed tags, one added resource)
# Prints wall time (hyperfine) and peak memory (/usr/bin/time) for both.
#
# usage: bench/review.sh            (from anywhere in the repository)
# knobs: RESOURCES=5000 FILES=500 MODULES=20 RUNS=10 KEEP=1 (keep the generated repo)
set -euo pipefail

RESOURCES=${RESOURCES:-5000}
FILES=${FILES:-500}
MODULES=${MODULES:-20}
RUNS=${RUNS:-10}
PR_FILES=10

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

say() { printf '%s\n' "$*" >&2; }

install_tool() { # install_tool COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  say "== installing $2"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y "$2" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$2" >/dev/null; }
}
install_tool hyperfine hyperfine
[ -x /usr/bin/time ] || install_tool /usr/bin/time time

say "== building (release)"
cargo build --release --quiet --bin aetheredge --example gen_bench_repo
bin=$root/target/release/aetheredge
gen=$root/target/release/examples/gen_bench_repo

work=$(mktemp -d "${TMPDIR:-/tmp}/aetheredge-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  say "== keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
repo=$work/repo

"$root/bench/make-repo.sh" "$gen" "$repo"
git_() { git -C "$repo" "$@"; }

full=("$bin" review --repo "$repo" --head main --format json)
pr=("$bin" review --repo "$repo" --base main --head pr --format json)

# One run of each first: exit 0 (clean) or 1 (findings) is a review; anything else is not.
check_runs() { # check_runs NAME COMMAND...
  local name=$1 rc=0
  shift
  "$@" >"$work/$name.json" 2>"$work/$name.err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    say "'$*' failed with exit code $rc:"
    tail -n 20 "$work/$name.err" >&2
    exit 1
  fi
}
check_runs full "${full[@]}"
check_runs pr "${pr[@]}"

say "== timing ($RUNS runs each)"
# -i: exit code 1 means findings, which a review of this repository may well report.
hyperfine -N -i --warmup 1 --runs "$RUNS" --style basic \
  --export-csv "$work/times.csv" \
  -n full "${full[*]}" \
  -n pr "${pr[*]}" >&2

peak_kib() { # peak_kib COMMAND... : maximum resident set size in KiB
  local out=$work/time.out
  /usr/bin/time -f %M -o "$out" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out"
}
mem_full=$(peak_kib "${full[@]}")
mem_pr=$(peak_kib "${pr[@]}")

printf '\n%s resources, %s files, %s modules; pull request of %s files\n\n' \
  "$RESOURCES" "$FILES" "$MODULES" "$PR_FILES"
awk -F, -v mem_full="$mem_full" -v mem_pr="$mem_pr" '
  NR == 1 { next }
  {
    mem = ($1 == "full") ? mem_full : mem_pr
    rows[NR] = sprintf("| %-6s | %9.1f | %9.1f | %9.1f | %9.1f | %14.1f |",
                       $1, $2 * 1000, $3 * 1000, $7 * 1000, $8 * 1000, mem / 1024)
  }
  END {
    print "| review | mean (ms) |   ± (ms) |  min (ms) |  max (ms) | peak RSS (MiB) |"
    print "| ------ | --------: | -------: | --------: | --------: | -------------: |"
    for (i = 2; i <= NR; i++) print rows[i]
  }
' "$work/times.csv"

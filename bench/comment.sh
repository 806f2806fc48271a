#!/usr/bin/env bash
# Measures the pull-request comment on a large generated Terraform repository: builds the
# 5,000-resource repo with bench/make-repo.sh (as bench/review.sh does), reviews its 10-file
# pull request with every deity, and prints the comment's size in characters and lines,
# and which deities' sections it holds.
#
# usage: bench/comment.sh           (from anywhere in the repository)
# knobs: RESOURCES=5000 FILES=500 MODULES=20 KEEP=1 (keep the generated repo and comment)
set -euo pipefail

export RESOURCES=${RESOURCES:-5000}
export FILES=${FILES:-500}
export MODULES=${MODULES:-20}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

say() { printf '%s\n' "$*" >&2; }

say "== building (release)"
cargo build --release --quiet --bin aetheredge --example gen_bench_repo
bin=$root/target/release/aetheredge
gen=$root/target/release/examples/gen_bench_repo

work=$(mktemp -d "${TMPDIR:-/tmp}/aetheredge-comment.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  say "== keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
repo=$work/repo
"$root/bench/make-repo.sh" "$gen" "$repo"

# Exit 0 (clean) or 1 (findings) is a review; anything else is not.
review() { # review FORMAT OUT
  local rc=0
  "$bin" review --repo "$repo" --base main --head pr --format "$1" >"$2" 2>"$work/err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    say "the review failed with exit code $rc:"
    tail -n 20 "$work/err" >&2
    exit 1
  fi
}
review markdown "$work/comment.md"
review json "$work/report.json"

chars=$(python3 -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read()))' "$work/comment.md")
lines=$(wc -l <"$work/comment.md")
findings=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(1 for f in r["findings"] if f["status"] != "unchanged"), len(r["findings"]))' "$work/report.json")
deities=$(grep -oE '(Brahma|Vishnu|Lakshmi|Kali|Saraswati) · [a-z]+' "$work/comment.md" | sort -u | paste -sd, -)

printf '\n%s resources, %s files, %s modules; pull request of 10 files\n\n' \
  "$RESOURCES" "$FILES" "$MODULES"
printf '| comment | characters | lines |\n| --- | ---: | ---: |\n'
printf '| `review --format markdown` | %s | %s |\n\n' "$chars" "$lines"
printf 'sections: %s\n' "$deities"
printf 'findings new or fixed / all (JSON): %s\n' "${findings/ / \/ }"

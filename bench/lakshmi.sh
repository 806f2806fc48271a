#!/usr/bin/env bash
# What Lakshmi adds to a review of a 5,000-resource repo at base and head: `aetheredge plan`
# (Brahma alone: load both trees, plan) against `aetheredge review` with Brahma and Lakshmi
# (the same, plus pricing every resource at base and head, budgets and savings hints).
# Needs hyperfine (apt-get install -y hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-5000}"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 2; }
cargo build --release --quiet --bin aetheredge --example gen_bench_repo
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
RESOURCES="$N" bench/make-repo.sh target/release/examples/gen_bench_repo "$work/repo"
# Brahma and Lakshmi only: the review's other deities are measured by their own benchmarks.
# The config goes into main (where a review reads it from) and the pull request is replayed on it.
git -C "$work/repo" checkout -q main
printf 'deities:\n  kali: false\n  vishnu: false\n  saraswati: false\n' >"$work/repo/aetheredge.yaml"
git -C "$work/repo" add aetheredge.yaml
git -C "$work/repo" -c user.name=bench -c user.email=bench@example.com commit -q -m "Brahma and Lakshmi only"
git -C "$work/repo" -c user.name=bench -c user.email=bench@example.com rebase -q main pr
bin="$PWD/target/release/aetheredge"
hyperfine --warmup 2 --runs 15 --export-markdown "$work/result.md" \
  -n plan "$bin plan --repo $work/repo --base main --head pr --format json" \
  -n plan+cost "$bin review --repo $work/repo --base main --head pr --format json --fail-on none"
cat "$work/result.md"

#!/usr/bin/env bash
# Vishnu's benchmark: the built-in library over a 5,000-resource repo (one root module).
# Measures `aetheredge policy` (load the model, plan input, evaluate every built-in rule)
# against `aetheredge plan` on the same tree (load and plan alone), with hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || apt-get install -y hyperfine
cargo build --release --quiet
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
python3 bench/gen_policy_repo.py "$repo" "${1:-5000}"
bin=target/release/aetheredge
echo "findings: $($bin policy --repo "$repo" --format json --fail-on none | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')"
hyperfine --warmup 1 --runs 5 \
  "$bin plan --repo $repo --format json --fail-on none" \
  "$bin policy --repo $repo --format json --fail-on none"

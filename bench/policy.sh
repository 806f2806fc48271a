#!/usr/bin/env bash
# Vishnu's benchmark: the built-in library over a 5,000-resource repo (one root module).
# Measures `aetheredge policy` (load the model, plan input, evaluate every built-in rule)
# against `aetheredge plan` on the same tree (load and plan alone), with hyperfine, and
# prints the two phases Vishnu logs itself (building the plan input, evaluating the rules).
# USER_POLICIES=200 adds that many of the repo's own policies (conftest and plan shaped).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || apt-get install -y hyperfine
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/aetheredge"
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
python3 bench/gen_policy_repo.py "$repo" "${1:-5000}" "${USER_POLICIES:-0}"
echo "findings: $($bin policy --repo "$repo" --format json --fail-on none | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')"
echo "phases (one run):"
AETHEREDGE_LOG=aetheredge::deity::vishnu=debug "$bin" policy --repo "$repo" --format json --fail-on none 2>&1 >/dev/null \
  | grep -E "plan inputs built|plan rules evaluated" | sed 's/\x1b\[[0-9;]*m//g' || true
hyperfine --warmup 1 --runs "${RUNS:-10}" \
  "$bin plan --repo $repo --format json --fail-on none" \
  "$bin policy --repo $repo --format json --fail-on none"

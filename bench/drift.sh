#!/usr/bin/env bash
# Shiva: `aetheredge drift` of the generated repository's root module (5,000 resources by
# default) against a state recording all of them, with drift planted in every 50th
# resource and a resource only the state has every 500th (examples/gen_bench_state.rs).
# Needs hyperfine (apt-get install -y hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-5000}"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 2; }
cargo build --release --quiet --bin aetheredge --example gen_bench_repo --example gen_bench_state
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
RESOURCES="$N" bench/make-repo.sh target/release/examples/gen_bench_repo "$work/repo"
git -C "$work/repo" checkout -q main
target/release/examples/gen_bench_state "$work/repo" main . "$work/state.tfstate"
bin="$PWD/target/release/aetheredge"
# Exit 1 is "drift found" (and, for heal, "some drift no edit heals"), which is what is measured.
hyperfine --warmup 2 --runs 15 -i --export-markdown "$work/result.md" \
  -n drift "$bin drift --repo $work/repo --rev main --state $work/state.tfstate --format json" \
  -n heal "$bin heal --repo $work/repo --rev main --state $work/state.tfstate --branch heal-bench --format json"
"$bin" drift --repo "$work/repo" --rev main --state "$work/state.tfstate" --format json >"$work/drift.json" || true
python3 -c 'import json,sys,collections; r=json.load(open(sys.argv[1]))["roots"][0]; print("drift:", dict(collections.Counter(x["status"] for x in r["resources"])), "state", r["state"].split("/")[-1])' "$work/drift.json"
"$bin" heal --repo "$work/repo" --rev main --state "$work/state.tfstate" --branch heal-bench --format json >"$work/heal.json" || true
python3 -c 'import json,sys; h=json.load(open(sys.argv[1])); print("heal:", len(h["healed"]), "healed,", len(h["not_healed"]), "not healed, commit", (h["commit"] or "none")[:12])' "$work/heal.json"
"$bin" drift --repo "$work/repo" --rev heal-bench --state "$work/state.tfstate" --format json >"$work/after.json" || true
python3 -c 'import json,sys,collections; r=json.load(open(sys.argv[1]))["roots"][0]; print("drift after healing:", dict(collections.Counter(x["status"] for x in r["resources"])))' "$work/after.json"
/usr/bin/time -f "peak memory: %M KiB" "$bin" drift --repo "$work/repo" --rev main --state "$work/state.tfstate" --format json >/dev/null || true
cat "$work/result.md"

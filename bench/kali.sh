#!/usr/bin/env bash
# Kali's benchmark: the secret scan over 100 MB of text and the misconfiguration checks over a
# 5,000-resource repo, in process (examples/kali_bench.rs) and as whole runs of the binary
# (hyperfine). Release build; run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || apt-get install -y hyperfine
cargo build --release --quiet --bin aetheredge --example kali_bench
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
./target/release/examples/kali_bench --write "$data"
hyperfine --warmup 1 --runs 5 \
  -n "scan 100 MB of text (full scan, plain directory)" "./target/release/aetheredge scan --repo $data/secrets --format json --fail-on none" \
  -n "scan a 5,000-resource repo (load + checks)" "./target/release/aetheredge scan --repo $data/tf --format json --fail-on none"

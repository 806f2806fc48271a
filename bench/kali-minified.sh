#!/usr/bin/env bash
# What a minified 50 MB file full of keywords costs a review, with Kali's scan against reading
# alone (examples/kali_minified_bench.rs): prints the fastest of three reviews of each and
# whether the scan stays within twice the reading time plus 0.5 s. A benchmark, not a test:
# the comparison means something only on a machine that is otherwise quiet.
#
# usage: bench/kali-minified.sh       (from anywhere in the repository)
# knobs: BIN=path/to/aetheredge (default: the release binary, built here)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin aetheredge --example kali_minified_bench
"$target/release/examples/kali_minified_bench" "${BIN:-$target/release/aetheredge}"

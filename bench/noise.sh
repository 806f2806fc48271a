#!/usr/bin/env bash
# Full scans of public modules by aetheredge and by Checkov (from PyPI), counted per Checkov id
# by bench/noise_count.py. Usage: bench/noise.sh OUT DIR...   (each DIR a module checkout)
# Checkov: python3 -m venv /tmp/ckv && /tmp/ckv/bin/pip install checkov; CHECKOV=/tmp/ckv/bin/checkov
set -u
cd "$(dirname "$0")/.."
out=$1; shift
mkdir -p "$out"
cargo build --release --quiet --bin aetheredge
for dir in "$@"; do
  name=$(basename "$dir")
  ./target/release/aetheredge scan --repo "$dir" --format json --fail-on none > "$out/$name.ae.json" 2>/dev/null
  BC_SKIP_MAPPING=TRUE timeout 900 "${CHECKOV:-checkov}" -d "$dir" --framework terraform -o json \
    --quiet --skip-download --compact > "$out/$name.ck.json" 2>/dev/null
done
python3 bench/noise_count.py "$out"

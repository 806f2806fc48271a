#!/usr/bin/env bash
# Measures what hostile input costs: every known hostile repository of
# tests/integration/hostile/cases.rs and a number of generated ones, each command run by the
# release binary with a 4 GiB address-space cap and a 20 s clock, as
# tests/integration/hostile.rs runs them. Prints the heaviest runs and the maxima of peak
# resident memory and CPU time, to compare with the documented ceiling (2 GiB, 60 s of CPU
# per review), and the slowest parse of the in-process parser test (documented: under 5 s).
#
# usage: bench/hostile.sh           (from anywhere in the repository)
# knobs: CASES=48 (generated repositories), SEED=1, TOP=15 (rows shown)
set -euo pipefail

CASES=${CASES:-48}
SEED=${SEED:-1}
TOP=${TOP:-15}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
report=$(mktemp)
trap 'rm -f "$report"' EXIT

AETHEREDGE_HOSTILE_REPORT="$report" AETHEREDGE_FUZZ_CASES="$CASES" AETHEREDGE_FUZZ_SEED="$SEED" \
  cargo test --release --quiet --test integration hostile:: -- --test-threads 1 >&2

runs=$(grep -vc $'\tin process\t' "$report" || true)
printf 'runs: %s (known cases and %s generated repositories, seed %s)\n\n' "$runs" "$CASES" "$SEED"
printf '| case | command | exit | peak MiB | CPU s | wall s |\n| --- | --- | ---: | ---: | ---: | ---: |\n'
sort -t$'\t' -k4,4 -g -r "$report" | head -n "$TOP" |
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }'
awk -F'\t' '
  $4 > mem { mem = $4; memcase = $1 " (" $2 ")" }
  $5 > cpu { cpu = $5; cpucase = $1 " (" $2 ")" }
  $6 > wall { wall = $6; wallcase = $1 " (" $2 ")" }
  END {
    printf "\nmost memory: %s MiB, %s\nmost CPU: %s s, %s\nlongest: %s s, %s\n", mem, memcase, cpu, cpucase, wall, wallcase
  }' "$report"
# The slowest of the in-process parser runs (tests/integration/hostile.rs records it).
awk -F'\t' '$2 == "in process" { printf "slowest parse: %s s, %s\n", $6, substr($1, 10) }' "$report"

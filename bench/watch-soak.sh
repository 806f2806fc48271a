#!/usr/bin/env bash
# Soak benchmark of `aetheredge watch`: several repos ticking every second for a while,
# with commits landing on main and on a feature branch all along (so ticks review, write
# outbox files and rebuild sites, not only find nothing to do). Samples the watcher's
# resident memory (VmRSS) every few seconds and counts ticks from GET /metrics.
# Memory is flat when the last samples are no higher than the first ones after warm-up.
#
# usage: bench/watch-soak.sh          (from anywhere in the repository)
# knobs: REPOS=4 SECONDS_TO_RUN=90 COMMIT_EVERY=3 SAMPLE_EVERY=5
#        BIN=path/to/aetheredge (default: build the release binary)
set -euo pipefail

REPOS=${REPOS:-4}
SECONDS_TO_RUN=${SECONDS_TO_RUN:-90}
COMMIT_EVERY=${COMMIT_EVERY:-3}
SAMPLE_EVERY=${SAMPLE_EVERY:-5}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
say() { printf '%s\n' "$*" >&2; }

if [ -z "${BIN:-}" ]; then
  say "== building (release)"
  cargo build --release --quiet --bin aetheredge
  BIN=${CARGO_TARGET_DIR:-$root/target}/release/aetheredge
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/aetheredge-soak.XXXXXX")
watcher=""
cleanup() {
  [ -n "$watcher" ] && kill "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

say "== a repo with main and feature/soak"
repo=$work/repo
git init -q -b main "$repo"
git -C "$repo" config user.email soak@example.com
git -C "$repo" config user.name soak
for i in $(seq 1 40); do
  cat >"$repo/bucket_$i.tf" <<EOF
resource "aws_s3_bucket" "b$i" {
  bucket = "soak-$i"
  tags = { team = "t$((i % 5))" }
}
resource "aws_instance" "web$i" {
  ami           = "ami-123456"
  instance_type = "t3.micro"
}
EOF
done
git -C "$repo" add -A && git -C "$repo" commit -qm "initial"
git -C "$repo" branch feature/soak

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
{
  echo "state_dir: $work/state"
  echo "repos:"
  for r in $(seq 1 "$REPOS"); do
    cat <<EOF
  - name: soak-$r
    source: $repo
    schedule: "* * * * * *"
    branches: "feature/*"
    outbox: $work/outbox-$r
    site:
      dir: $work/www-$r
EOF
  done
} >"$work/bot.yaml"

say "== watching $REPOS repos for ${SECONDS_TO_RUN}s (commits every ${COMMIT_EVERY}s)"
AETHEREDGE_LOG=warn "$BIN" watch --config "$work/bot.yaml" --listen "127.0.0.1:$port" &
watcher=$!

rss() { awk '/VmRSS/ {print $2}' "/proc/$watcher/status" 2>/dev/null || echo 0; }
ticks() {
  { curl -s "http://127.0.0.1:$port/metrics" 2>/dev/null || true; } |
    awk '/^aetheredge_ticks_total/ {s += $2} END {print s + 0}'
}
samples=()
start=$(date +%s)
next_commit=$start
next_sample=$start
n=0
while [ $(($(date +%s) - start)) -lt "$SECONDS_TO_RUN" ]; do
  now=$(date +%s)
  if [ "$now" -ge "$next_commit" ]; then
    n=$((n + 1))
    branch=main
    [ $((n % 2)) -eq 0 ] && branch=feature/soak
    git -C "$repo" checkout -q "$branch"
    sed -i "s/soak-1\"/soak-1\"\n  # change $n/" "$repo/bucket_1.tf"
    git -C "$repo" commit -qam "change $n"
    git -C "$repo" checkout -q main
    next_commit=$((now + COMMIT_EVERY))
  fi
  if [ "$now" -ge "$next_sample" ]; then
    samples+=("$(($(date +%s) - start))s:$(rss)kB:$(ticks)ticks")
    next_sample=$((now + SAMPLE_EVERY))
  fi
  sleep 0.5
done
final_ticks=$(ticks)
final_rss=$(rss)

say "== samples (elapsed:VmRSS:ticks so far)"
printf '%s\n' "${samples[@]}"
count=${#samples[@]}
third=$((count / 3))
first_rss=$(printf '%s\n' "${samples[@]:$third:1}" | cut -d: -f2 | tr -d kB)
max_rss=$(printf '%s\n' "${samples[@]}" | cut -d: -f2 | tr -d kB | sort -n | tail -1)
echo "ticks: $final_ticks in ${SECONDS_TO_RUN}s over $REPOS repos, $n commits"
echo "VmRSS after warm-up (a third in): ${first_rss} kB; at the end: ${final_rss} kB; highest: ${max_rss} kB"

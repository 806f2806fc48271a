#!/usr/bin/env bash
# Benchmarks `aetheredge site` on the 5,000-resource benchmark repository (bench/make-repo.sh):
#   full       - a site built from nothing (an empty --out)
#   docs-only  - a rebuild into the previous site after a commit that changes only Markdown
#                (the review data is reused from the previous site; Kali still runs)
# Prints wall time (hyperfine) and the peak memory of a full build (/usr/bin/time).
#
# usage: bench/site.sh            (from anywhere in the repository)
# knobs: RESOURCES=5000 FILES=500 MODULES=20 RUNS=10 KEEP=1 (keep the generated repo)
set -euo pipefail

RESOURCES=${RESOURCES:-5000}
FILES=${FILES:-500}
MODULES=${MODULES:-20}
RUNS=${RUNS:-10}
export RESOURCES FILES MODULES

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}

say() { printf '%s\n' "$*" >&2; }

install_tool() { # install_tool COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  say "== installing $2"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y "$2" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$2" >/dev/null; }
}
install_tool hyperfine hyperfine
[ -x /usr/bin/time ] || install_tool /usr/bin/time time

say "== building (release)"
cargo build --release --quiet --bin aetheredge --example gen_bench_repo
bin=$target/release/aetheredge
gen=$target/release/examples/gen_bench_repo

work=$(mktemp -d "${TMPDIR:-/tmp}/aetheredge-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  say "== keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
repo=$work/repo
"$root/bench/make-repo.sh" "$gen" "$repo"
git_() { git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false "$@"; }

# Docs: a README and a docs tree, then a commit on main that changes only them.
git_ checkout -q main
mkdir -p "$repo/docs"
printf '# Benchmark infrastructure\n\nSee [the guide](docs/guide.md).\n' >"$repo/README.md"
for i in $(seq 1 20); do
  printf '# Runbook %s\n\n## Steps\n\n- [x] check the dashboards\n- [ ] page the owner\n\n| env | region |\n| - | - |\n| prod | eu-west-1 |\n' "$i" >"$repo/docs/runbook-$i.md"
done
printf '# Guide\n\nBack to the [readme](../README.md).\n' >"$repo/docs/guide.md"
git_ add -A && git_ commit -q -m "Docs"
base=$(git_ rev-parse HEAD)
printf '\nA paragraph added later.\n' >>"$repo/docs/guide.md"
git_ commit -q -am "Docs only"
docs=$(git_ rev-parse HEAD)

out=$work/site
# A docs-only rebuild starts from the site of the commit before.
prepare_docs="rm -rf $out && $bin site --repo $repo --rev $base --out $out 2>/dev/null"
check=$("$bin" site --repo "$repo" --rev "$base" --out "$out" 2>&1 && "$bin" site --repo "$repo" --rev "$docs" --out "$out" 2>&1)
case $check in
  *"review reused"*) ;;
  *) say "the docs-only rebuild did not reuse the review:"; say "$check"; exit 1 ;;
esac

say "== timing ($RUNS runs each)"
hyperfine -N --warmup 1 --runs "$RUNS" --style basic \
  --export-csv "$work/times.csv" \
  --prepare "rm -rf $out" -n full "$bin site --repo $repo --rev $base --out $out" \
  --prepare "sh -c '$prepare_docs'" -n docs-only "$bin site --repo $repo --rev $docs --out $out" >&2

rm -rf "$out"
/usr/bin/time -f %M -o "$work/time.out" "$bin" site --repo "$repo" --rev "$base" --out "$out" 2>/dev/null
mem=$(tail -n 1 "$work/time.out")
pages=$(find "$out" -name '*.html' | wc -l)

printf '\n%s resources, %s files, %s modules, 22 Markdown docs; %s pages\n\n' \
  "$RESOURCES" "$FILES" "$MODULES" "$pages"
awk -F, -v mem="$mem" '
  NR == 1 { next }
  {
    rows[NR] = sprintf("| %-9s | %9.1f | %9.1f | %9.1f | %9.1f |", $1, $2 * 1000, $3 * 1000, $7 * 1000, $8 * 1000)
  }
  END {
    print "| site      | mean (ms) |   ± (ms) |  min (ms) |  max (ms) |"
    print "| --------- | --------: | -------: | --------: | --------: |"
    for (i = 2; i <= NR; i++) print rows[i]
    printf "\npeak RSS of a full build: %.1f MiB\n", mem / 1024
  }
' "$work/times.csv"

#!/usr/bin/env bash
# Makes the benchmark repository: REPO gets a generated Terraform tree committed as `main`,
# and a branch `pr` that edits 10 files (a tier change in each, one added resource).
#
# usage: bench/make-repo.sh GENERATOR REPO    (knobs: RESOURCES FILES MODULES)
set -euo pipefail
gen=$1
repo=$2
RESOURCES=${RESOURCES:-5000}
FILES=${FILES:-500}
MODULES=${MODULES:-20}
PR_FILES=10
say() { printf '%s\n' "$*" >&2; }

say "== generating $RESOURCES resources in $FILES files and $MODULES modules"
"$gen" "$repo" --resources "$RESOURCES" --files "$FILES" --modules "$MODULES" >&2

git_() { git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false "$@"; }
git_ init -q -b main
git_ add -A
git_ commit -q -m "Generated benchmark repository"

# The pull request: 10 resource files spread over the modules move to the premium tier
# (the tags of every resource in them change), and the first also gains a queue.
git_ checkout -q -b pr
mapfile -t all < <(git_ ls-files 'modules/*.tf' | grep -Ev '/(main|variables|outputs)\.tf$' | sort)
[ "${#all[@]}" -ge "$PR_FILES" ] || { say "only ${#all[@]} resource files; need $PR_FILES"; exit 1; }
step=$(( ${#all[@]} / PR_FILES ))
changed=()
for ((i = 0; i < PR_FILES; i++)); do
  f=${all[$((i * step))]}
  sed -i -E 's/^(  f[0-9]+_tier +)= "standard"$/\1= "premium"/' "$repo/$f"
  grep -q '= "premium"$' "$repo/$f" || { say "no tier local in $f"; exit 1; }
  changed+=("$f")
done
cat >>"$repo/${changed[0]}" <<'EOF'

resource "aws_sqs_queue" "bench_added" {
  name                       = "${var.name_prefix}-bench-added"
  visibility_timeout_seconds = 60
  kms_master_key_id          = aws_kms_key.main.id

  tags = merge(var.tags, { Name = "${var.name_prefix}-bench-added" })
}
EOF
git_ commit -q -a -m "Move ten services' resources to the premium tier and add a queue"
git_ checkout -q main
say "== pull request: $(git_ diff --name-only main pr | wc -l) files changed"

#!/usr/bin/env bash
# Writes scripts/startup-order.txt: the functions that short runs execute, which build.rs
# asks the linker to place side by side at the start of the code.
#
# Why: a short run touches a few hundred functions spread over the whole 3.4 MiB of code.
# Every 64 KiB window of code it touches costs a page fault (about 5 µs here), so packing
# them together takes a recommend run from about 30 code faults to about 7; see
# docs/performance.md. The list names symbols; a symbol that no longer exists is skipped,
# and a new function simply lands elsewhere, so a stale list costs speed, never
# correctness. Run this again after large changes:
#
#   scripts/startup-order.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "startup-order: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
cargo build --release --quiet --bin eb-advisor
bin="${CARGO_TARGET_DIR:-target}/release/eb-advisor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

answers=(--goal capture-db-changes --database postgresql --network vpc --region cn-hangzhou
  --automation yes --can-code yes --monthly-volume 5000)
# The runs whose start-up matters most come first: their functions lead the list.
runs=(
  "recommend ${answers[*]} --format json"
  "recommend ${answers[*]}"
  "recommend ${answers[*]} --format markdown --explain"
  "recommend --goal capture-db-changes"
  "check examples/plans"
  "check examples/plans --format json"
  "check examples/plans/typo.eb-plan.yaml --frames"
  "paths"
  "--version"
  "--help"
  "recommend --help"
)
i=0
for run in "${runs[@]}"; do
  i=$((i + 1))
  # shellcheck disable=SC2086 # each run is a list of words
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$i.out" \
    "$bin" $run >/dev/null 2>&1 || true
done

nm --defined-only "$bin" | awk '$2 ~ /^[tTwW]$/ { print $3 }' | sort -u >"$work/defined"
{
  echo "# Functions that short runs execute, for the linker's --symbol-ordering-file."
  echo "# Written by scripts/startup-order.sh; read by build.rs."
  for i in $(seq "${#runs[@]}"); do
    # callgrind names each function once, as fn=(id) name or cfn=(id) name; sorted
    # within a run so that the list only changes when the code does.
    sed -nE 's/^c?fn=\([0-9]+\) (.+)$/\1/p' "$work/$i.out" | LC_ALL=C sort -u
  done | awk 'NR == FNR { defined[$0] = 1; next } defined[$0] && !seen[$0]++' "$work/defined" -
} >scripts/startup-order.txt
echo "startup-order: $(grep -vc '^#' scripts/startup-order.txt) functions in scripts/startup-order.txt"

#!/usr/bin/env bash
# Reproduces every figure of docs/performance.md in one run, as ratios measured side by
# side on this machine (absolute times drift with load; ratios measured together do not).
#
#   scripts/bench.sh            # the full run: 10,000 and 100,000 plans, the peer tool
#   scripts/bench.sh --quick    # a small run on the debug build that only proves the kit works (CI)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true

if $quick; then small=500; large=5000; runs=3; warmup=1; else small=10000; large=100000; runs=15; warmup=3; fi

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
  echo "installing hyperfine and time (Debian packages)" >&2
  if ! (apt-get update -qq && apt-get install -y -qq hyperfine time) >/dev/null 2>&1; then
    echo "bench: cannot install hyperfine; install it (apt-get install hyperfine time) and run again" >&2
    exit 1
  fi
fi

if $quick; then
  # The quick run proves the kit works and measures nothing worth keeping, so it takes the
  # debug build that `cargo test` has just made (.ci/run runs it after the tests), rather
  # than minutes of a release build with link-time optimisation.
  cargo build --quiet --bin eb-advisor --example noop --example gen_plans
  release="${CARGO_TARGET_DIR:-target}/debug"
  echo "quick run: debug build, 500 and 5,000 plans; the figures only show that the kit runs" >&2
else
  # Two builds: examples bring in the dev-dependencies, whose features would change the
  # program's own build. The program measured is the one `cargo build --release` makes.
  cargo build --release --quiet --example noop --example gen_plans
  cargo build --release --quiet --bin eb-advisor
  release="${CARGO_TARGET_DIR:-target}/release"
fi
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
bin=$release/eb-advisor
noop=$release/examples/noop
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$release/examples/gen_plans" "$work/small" "$small"
"$release/examples/gen_plans" "$work/large" "$large"
# Warm the page cache so that both check and cat read from memory.
find "$work" -type f -exec cat {} + >/dev/null

# 1,000 Terraform files: 100 configurations of 10 files, each file a bus and a rule with
# a pattern from a local and a target whose address comes from a variable.
python3 - "$work/tf" <<'PY'
import os, sys
root = sys.argv[1]
for c in range(100):
    folder = os.path.join(root, f"config{c:03}")
    os.makedirs(folder)
    for f in range(10):
        n = c * 10 + f
        with open(os.path.join(folder, f"events{f}.tf"), "w") as out:
            out.write(f"""variable "robot{f}" {{
  description = "robot {n}"
}}

locals {{
  pattern{f} = jsonencode({{ source = ["service{n}"], type = ["Created", "Deleted"] }})
}}

resource "alicloud_event_bridge_event_bus" "bus{f}" {{
  event_bus_name = "bus-{n}"
}}

resource "alicloud_event_bridge_rule" "rule{f}" {{
  event_bus_name = alicloud_event_bridge_event_bus.bus{f}.event_bus_name
  rule_name      = "rule-{n}"
  filter_pattern = local.pattern{f}
  targets {{
    target_id = "t{n}"
    type      = "acs.dingtalk"
    endpoint  = var.robot{f}
    param_list {{
      resource_key = "URL"
      form         = "CONSTANT"
      value        = var.robot{f}
    }}
  }}
}}
""")
PY
find "$work/tf" -type f -exec cat {} + >/dev/null

recommend="$bin recommend --goal capture-db-changes --database postgresql --network vpc --region cn-hangzhou --automation yes --can-code yes --monthly-volume 5000 --format json"
cat_small="find $work/small -name '*.eb-plan.yaml' -exec cat {} + >/dev/null"

# The commands compared in a ratio are timed in alternation, so that a background load
# that comes and goes (the machine is shared) weighs on both sides alike, where hyperfine
# alone would time one command entirely before the next.
#
# Short commands: hyperfine in 10 alternating blocks, the median over every block's runs.
hf() { # name, runs, then hyperfine arguments
  local name=$1 n=$2 block; shift 2
  for block in $(seq 10); do
    hyperfine --style none --warmup "$warmup" --runs $(((n + 9) / 10)) \
      --export-json "$work/$name.$block.json" "$@" >/dev/null 2>&1
  done
}
# Commands of 0.1 s and more: rounds that run each command once. Each runs under bash, so
# each carries the same shell start-up (about 1 ms).
rounds() { # name, rounds, then shell commands
  local name=$1 n=$2; shift 2
  python3 - "$work/$name.json" "$n" "$warmup" "$@" <<'PY'
import json, statistics, subprocess, sys, time
out, rounds, warmup, commands = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
def run(command):
    start = time.perf_counter()
    subprocess.run(["bash", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
for _ in range(warmup):
    for command in commands:
        run(command)
times = [[] for _ in commands]
for _ in range(rounds):
    for i, command in enumerate(commands):
        times[i].append(run(command))
results = [{"command": c, "median": statistics.median(t), "times": t} for c, t in zip(commands, times)]
json.dump({"results": results}, open(out, "w"))
PY
}
hf startup $((runs * 20)) -N "$noop" "$recommend"
rounds plans "$runs" "$bin check $work/small --format json >/dev/null" "$cat_small" \
  "$bin check $work/large --format json >/dev/null"
hf lint $((runs * 10)) -N "$bin rules lint"
rounds terraform "$runs" "$bin check $work/tf --format json >/dev/null" \
  "find $work/tf -name '*.tf' -exec cat {} + >/dev/null"

/usr/bin/time -v "$bin" check "$work/large" --format json >/dev/null 2>"$work/time.txt" || true
peak_kib=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")

peer=""
if ! $quick; then
  venv="$work/venv"
  if python3 -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/pip" install -q check-jsonschema >/dev/null 2>&1; then
    "$bin" rules schema plan >"$work/plan.schema.json"
    rounds peer 3 \
      "find $work/small -name '*.eb-plan.yaml' -print0 | xargs -0 $venv/bin/check-jsonschema --schemafile $work/plan.schema.json >/dev/null" \
      "$bin check $work/small --format json >/dev/null"
    peer=$("$venv/bin/pip" show check-jsonschema 2>/dev/null | awk '/^Version:/ {print $2}')
    peer=${peer:-unknown}
  fi
fi

python3 - "$work" "$small" "$large" "$peak_kib" "$peer" "$(stat -c %s "$bin")" \
  "$(nproc)" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import glob, json, statistics, sys
work, small, large, peak_kib, peer, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4] or 0), sys.argv[5], int(sys.argv[6])
cores, load_start, load_end = sys.argv[7:10]
def medians(name):
    """Per command, the median of its times over every block or round."""
    files = glob.glob(f"{work}/{name}.json") or glob.glob(f"{work}/{name}.*.json")
    times = {}
    for f in files:
        for i, r in enumerate(json.load(open(f))["results"]):
            times.setdefault(i, []).extend(r["times"])
    return [statistics.median(times[i]) for i in sorted(times)]
noop, recommend = medians("startup")
check_small, cat_small, check_large = medians("plans")
(lint,) = medians("lint")
check_tf, cat_tf = medians("terraform")
rows = [
    ("do-nothing binary", f"{noop*1e3:.2f} ms", ""),
    ("recommend (whole process)", f"{recommend*1e3:.2f} ms", f"{recommend/noop:.2f}× do-nothing (target ≤ 2×)"),
    (f"cat {small:,} plans", f"{cat_small*1e3:.1f} ms", ""),
    (f"check {small:,} plans", f"{check_small*1e3:.1f} ms", f"{check_small/cat_small:.2f}× cat (target ≤ 3×); {small/check_small:,.0f} plans/s (target ≥ 20,000)"),
    (f"check {large:,} plans", f"{check_large*1e3:.1f} ms", f"{check_large/check_small:.2f}× the {small:,}-plan time (target ≤ 11×)"),
    (f"check {large:,} plans, peak memory", f"{peak_kib/1024:.1f} MiB", "target ≤ 64 MiB"),
    ("rules lint (embedded rulebook)", f"{lint*1e3:.2f} ms", "target < 50 ms"),
    ("cat 1,000 .tf files", f"{cat_tf*1e3:.1f} ms", ""),
    ("check 1,000 .tf files (100 configurations)", f"{check_tf*1e3:.1f} ms", f"{check_tf/cat_tf:.2f}× cat (target ≤ 3×)"),
    ("release binary size", f"{size/1024/1024:.2f} MiB", ""),
]
if peer:
    jsonschema, ours = medians("peer")
    rows.append((f"check-jsonschema {peer}, {small:,} plans", f"{jsonschema*1e3:.0f} ms", f"eb-advisor check {ours*1e3:.0f} ms in the same rounds: {jsonschema/ours:.1f}× faster"))
width = max(len(r[0]) for r in rows)
print(f"{'measure':<{width}}  {'median':>10}  ratio")
for name, median, ratio in rows:
    print(f"{name:<{width}}  {median:>10}  {ratio}")
print(f"{cores} cores; load average (1, 5, 15 min) {load_start} at the start, {load_end} at the end")
PY

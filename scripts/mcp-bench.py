#!/usr/bin/env python3
"""A long `eb-advisor mcp` session: 10,000 `recommend` and 1,000 `check_plan` calls in
one server process, then the worst inputs the limits allow.

Prints the server's resident memory after the first ten calls and after all of them,
and the median (and 99th percentile) time of a call, measured by the client from writing
the request to reading the whole answer. Timings are printed, never asserted: see
docs/mcp.md for a recorded run.

    cargo build --release      # both programs: eb-advisor runs eb-advisor-mcp for `mcp`
    scripts/mcp-bench.py [target/release/eb-advisor] [--quick]
"""

import glob
import json
import os
import statistics
import subprocess
import sys
import time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
quick = "--quick" in sys.argv
binary = args[0] if args else os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "eb-advisor")
RECOMMENDS, CHECKS = (1000, 100) if quick else (10_000, 1_000)

ANSWER_SETS = [
    {"goal": "capture-db-changes", "database": "postgresql", "network": "vpc", "region": "cn-hangzhou", "automation": "yes", "can-code": "yes"},
    {"goal": "capture-db-changes", "database": "mysql", "network": "public", "region": "cn-beijing", "automation": "no", "can-code": "yes"},
    {"goal": "capture-db-changes", "database": "other", "network": "vpc", "region": "other", "automation": "yes", "can-code": "no"},
    {"goal": "send-events", "target": "lark", "automation": "no", "can-code": "no"},
    {"goal": "receive-app-events", "source": "dingtalk", "automation": "yes", "can-code": "yes"},
    {"goal": "receive-app-events", "source": "custom-app", "automation": "no", "can-code": "yes"},
    {"goal": "unsure", "automation": "no", "can-code": "no"},
]
PLANS = [open(p, encoding="utf-8").read() for p in sorted(glob.glob("examples/plans/*.eb-plan.yaml"))]


class Session:
    def __init__(self, binary, *extra):
        self.proc = subprocess.Popen(
            [binary, "--lang", "en", *extra, "mcp"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self.next_id = 0
        self.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, message):
        self.proc.stdin.write(json.dumps(message).encode() + b"\n")
        self.proc.stdin.flush()

    def request(self, method, params):
        """Sends a request; returns (seconds, the answer's line)."""
        self.next_id += 1
        line = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}).encode() + b"\n"
        started = time.perf_counter()
        self.proc.stdin.write(line)
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        took = time.perf_counter() - started
        if not answer:
            sys.exit("bench: the server closed its output; run `eb-advisor mcp` by hand to see why "
                     "(`cargo build --release` builds eb-advisor-mcp, which it runs)")
        return took, answer

    def call(self, tool, arguments):
        took, answer = self.request("tools/call", {"name": tool, "arguments": arguments})
        if b'"error":{"code"' in answer[:200]:
            sys.exit(f"bench: a protocol error: {answer[:300]!r}")
        return took, answer

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def ms(seconds):
    return f"{seconds * 1000:.3f} ms"


def summary(name, times):
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"  {name:<11} {len(times):>6} calls: median {ms(statistics.median(times))}, p99 {ms(p99)}, max {ms(times[-1])}")


session = Session(binary)
recommend_times, check_times = [], []
calls = 0
rss_after_ten = None
started = time.perf_counter()
for i in range(RECOMMENDS):
    answers = dict(ANSWER_SETS[i % len(ANSWER_SETS)])
    answers["monthly-volume"] = i * 37
    took, _ = session.call("recommend", {"answers": answers})
    recommend_times.append(took)
    calls += 1
    if i % (RECOMMENDS // CHECKS) == 0:
        plan = PLANS[(i // 10) % len(PLANS)]
        took, _ = session.call("check_plan", {"text": plan, "file": f"plan-{i}.eb-plan.yaml"})
        check_times.append(took)
        calls += 1
    if rss_after_ten is None and calls >= 10:
        rss_after_ten = session.rss_kib()
wall = time.perf_counter() - started
rss_after_all = session.rss_kib()
session.close()

print(f"eb-advisor mcp, one process, {calls:,} calls in {wall:.1f} s ({binary})")
print(f"  resident memory after the first 10 calls: {rss_after_ten:,} KiB; after all {calls:,}: {rss_after_all:,} KiB ({rss_after_all / rss_after_ten:.2f}×)")
summary("recommend", recommend_times)
summary("check_plan", check_times)

# The largest inputs the limits let through, each the worst of its kind found by hand:
# every entry of a 1 MiB input a problem, or a finding.
keys = [f"k{i}" for i in range(60_000)]
worst = {
    "check_plan, 60,000 unknown answer ids (1 MiB)": ("check_plan", {"text": "path: api-cdc\nanswers:\n" + "".join(f"  {k}: 1\n" for k in keys)[:1_000_000]}),
    "check_plan, 1 MiB flow mapping": ("check_plan", {"text": "path: api-cdc\nanswers: {" + ", ".join(f"{k}: 1" for k in keys)[:1_000_000] + "}\n"}),
    "recommend, 60,000 unknown questions": ("recommend", {"answers": {k: "x" for k in keys[:50_000]}}),
    "recommend, a 900 KB value": ("recommend", {"answers": {"goal": "x" * 900_000}}),
    "draft_plan, 50,000 settings": ("draft_plan", {"answers": ANSWER_SETS[0], "settings": {k: "v" for k in keys[:50_000]}}),
}
session = Session(binary)
print("  the largest inputs within the limits (one call each):")
for name, (tool, arguments) in worst.items():
    took, answer = session.call(tool, arguments)
    print(f"    {name:<48} {ms(took):>12}, answer {len(answer):,} bytes")
session.close()

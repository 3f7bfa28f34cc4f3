#!/usr/bin/env python3
"""bench/adversarial.py - the server on worst-case input (make bench).

Memory: one JSON-RPC line holds a batch of N tools/call requests for
PREFIX_examples {"example": EXAMPLE} (4,360 authkit calls: a 522 KB line, a
56 MB reply on the WorkOS corpus).  Two clients:
  reading   reads the replies as they come
  stalled   reads nothing for 3 s after sending (the server must buffer up
            to its limit, then wait), then reads everything
For each: peak RSS (VmHWM) and RSS once idle (VmRSS after the reply, stdin
still open), both from /proc, and the reply's size.

Time: worst-case single calls (10 kB search queries, long unknown paths),
each sent --reps times to one server; the server's CPU time (getrusage of
the child) less that of as many pings, per call, against a budget
(--budget-ms, 100).

--check fails (exit 1) when a figure is over its target (--peak-mb,
--idle-mb, --budget-ms).
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time


def status(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def run(binary, prefix, example, n, stall):
    init = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                       "clientInfo": {"name": "bench", "version": "1"}}}
    batch = [{"jsonrpc": "2.0", "id": i + 1, "method": "tools/call",
              "params": {"name": prefix + "_examples",
                         "arguments": {"example": example}}}
             for i in range(n)]
    line = json.dumps(batch, separators=(",", ":")).encode() + b"\n"
    p = subprocess.Popen([binary], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    p.stdin.write(json.dumps(init).encode() + b"\n")
    p.stdin.flush()
    p.stdout.readline()
    t0 = time.monotonic()
    p.stdin.write(line)
    p.stdin.flush()
    if stall:
        time.sleep(stall)
    reply = p.stdout.readline()
    elapsed = time.monotonic() - t0
    time.sleep(0.3)             # idle: the reply is out, stdin still open
    peak, idle = status(p.pid, "VmHWM"), status(p.pid, "VmRSS")
    p.stdin.close()
    p.wait()
    good = reply.startswith(b'[{"jsonrpc":"2.0","id":1,') and \
        reply.endswith(b"]\n") and reply.count(b'"jsonrpc"') == n
    return len(line), len(reply), peak, idle, elapsed, good


def cpu_of(binary, lines):
    """CPU seconds the server spends on lines (sent at once, read back)."""
    p = subprocess.Popen([binary], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    out = []
    t = threading.Thread(target=lambda: out.append(p.stdout.read()))
    t.start()
    for line in lines:
        p.stdin.write(line)
    p.stdin.close()
    t.join()
    _, st, ru = os.wait4(p.pid, 0)
    return ru.ru_utime + ru.ru_stime, out[0].count(b"\n")


def call(i, tool, args):
    return json.dumps({"jsonrpc": "2.0", "id": i, "method": "tools/call",
                       "params": {"name": tool, "arguments": args}},
                      separators=(",", ":")).encode() + b"\n"


def times(a):
    words = " ".join(["user", "session", "token", "login", "flow"])
    cases = [
        ("search: 10 kB of known words", "_search",
         {"query": (words + " ") * (10240 // (len(words) + 1)),
          "maxResults": 50}),
        ("search: 10 kB of unknown words", "_search",
         {"query": "qzx vbnm " * (10240 // 9), "maxResults": 50}),
        ("docs: a 10 kB unknown path", "_docs",
         {"path": "abcdefghij" * 1024}),
        ("docs: a 200 kB unknown path", "_docs", {"path": "a/" * 102400}),
    ]
    bad = 0
    ping = b'{"jsonrpc":"2.0","id":0,"method":"ping"}\n'
    base, _ = cpu_of(a.binary, [ping] * a.reps)
    print("\ntime: CPU per call, %d calls each, less as many pings "
          "(%.1f ms)" % (a.reps, base * 1e3))
    print("%-34s %10s  %s" % ("call", "CPU/call", "budget"))
    for name, tool, args in cases:
        cpu, n = cpu_of(a.binary, [call(i, a.prefix + tool, args)
                                   for i in range(a.reps)])
        ms = max(cpu - base, 0) / a.reps * 1e3
        met = ms <= a.budget_ms and n == a.reps
        bad += not met
        print("%-34s %7.2f ms  %s (<= %g ms: %.2fx)%s" %
              (name, ms, "met" if met else "MISSED", a.budget_ms,
               ms / a.budget_ms, "" if n == a.reps else
               "; %d replies of %d" % (n, a.reps)))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--prefix", default="workos")
    ap.add_argument("--example", default="authkit")
    ap.add_argument("-n", type=int, default=4360)
    ap.add_argument("--peak-mb", type=float, default=160)
    ap.add_argument("--idle-mb", type=float, default=24)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--budget-ms", type=float, default=100)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    bad = 0
    print("memory: a batch of %d %s_examples {\"example\":\"%s\"} calls on "
          "one line" % (a.n, a.prefix, a.example))
    print("%-9s %9s %10s %10s %10s %8s  %s" % ("client", "request", "reply",
          "peak RSS", "idle RSS", "time", "targets"))
    for name, stall in (("reading", 0), ("stalled", 3.0)):
        req, rep, peak, idle, el, good = run(a.binary, a.prefix, a.example,
                                             a.n, stall)
        met = good and peak <= a.peak_mb * 1024 and idle <= a.idle_mb * 1024
        bad += not met
        print("%-9s %7.0f KB %7.1f MB %7.1f MB %7.1f MB %6.2f s  %s "
              "(peak <= %g MB: %.2fx, idle <= %g MB: %.2fx)%s" %
              (name, req / 1024, rep / 1e6, peak / 1024, idle / 1024, el,
               "met" if met else "MISSED", a.peak_mb,
               peak / 1024 / a.peak_mb, a.idle_mb, idle / 1024 / a.idle_mb,
               "" if good else "; the reply is incomplete"))
    bad += times(a)
    return 1 if a.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())

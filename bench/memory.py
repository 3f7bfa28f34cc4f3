#!/usr/bin/env python3
"""bench/memory.py - the server's memory on one large batch (make bench).

One JSON-RPC line holds a batch of N tools/call requests for PREFIX_examples
{"example": EXAMPLE} (4,360 authkit calls: a 522 KB line, a 56 MB reply on
the WorkOS corpus).  Two clients:
  reading   reads the replies as they come
  stalled   reads nothing for 3 s after sending (the server must buffer up
            to its limit, then wait), then reads everything
For each: peak RSS (VmHWM) and RSS once idle (VmRSS after the reply, stdin
still open), both from /proc, and the reply's size.  --check fails (exit 1)
when a figure is over its target (--peak-mb, --idle-mb).
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--prefix", default="workos")
    ap.add_argument("--example", default="authkit")
    ap.add_argument("-n", type=int, default=4360)
    ap.add_argument("--peak-mb", type=float, default=160)
    ap.add_argument("--idle-mb", type=float, default=24)
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
    return 1 if a.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())

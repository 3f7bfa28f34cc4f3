#!/usr/bin/env python3
"""Malformed-input battery runner (tests/battery/*.txt).

Each fixture file is one server process.  Every request line starts a
case; the reply lines after it are that case's expected replies (none: the
server must stay silent).  After every case the runner sends a ping with
id "battery-N" and requires exactly {"jsonrpc":"2.0","id":"battery-N",
"result":{}}: the next valid request is served normally, and nothing
stray was written.  One TAP test per case, plus the exit status and that
stdout held nothing but JSON lines.

Fixture lines (the request and reply syntax of tests/protocol.py):
  # ...            comment
  ! ARGS...        extra command-line arguments for the server (first lines)
  > JSON           a request line, sent as written
  >x TEXT          a request line with Python bytes escapes (\\xff, \\x00, \\r)
  >big N JSON      JSON with "@PAD@" replaced by N bytes of "a"
  >rep N A B C     A + B * N + C (B repeated N times; A and C may be "-"
                   for nothing; no spaces inside A, B, C)
  < JSON           the next reply must equal JSON exactly
  <~ JSON          the next reply must contain JSON (matching rules of
                   tests/protocol.py: "@any@", "@re:...@", "@len:N@", ...)
  ? REASON         the case is a known disagreement with the spec: TAP TODO
  = EXIT           the exit status once stdin is closed (default 0)

Usage: battery.py BINARY SRCDIR FIXTURE...
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__))))
from protocol import expand, match  # noqa: E402


def parse_fixture(name, srcdir):
    """Return (args, cases, exit_want); a case is a dict."""
    args, cases, exit_want = [], [], 0
    with open(name, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = "%s:%d" % (os.path.basename(name), n)
            if not line or line.startswith("#"):
                continue
            send = None
            if line.startswith("! "):
                args += line[2:].split()
            elif line.startswith(">x "):
                send = line[3:].encode("utf-8").decode(
                    "unicode_escape").encode("latin-1")
            elif line.startswith(">big "):
                size, rest = line[5:].split(" ", 1)
                send = rest.replace("@PAD@", "a" * int(size)).encode()
            elif line.startswith(">rep "):
                count, a, b, c = line[5:].split(" ")
                a, c = ("" if a == "-" else a), ("" if c == "-" else c)
                send = (a + b * int(count) + c).encode()
            elif line.startswith("> "):
                send = line[2:].encode("utf-8")
            elif line.startswith("<~ ") or line.startswith("< "):
                if not cases:
                    raise SystemExit("%s: reply before any request" % where)
                exact = line.startswith("< ")
                text = line[2:] if exact else line[3:]
                cases[-1]["want"].append(
                    (exact, expand(json.loads(text), srcdir), text))
            elif line.startswith("? "):
                cases[-1]["todo"] = line[2:]
            elif line.startswith("= "):
                exit_want = int(line[2:])
            else:
                raise SystemExit("%s: bad fixture line" % where)
            if send is not None:
                if b"\n" in send:
                    raise SystemExit("%s: newline inside a request" % where)
                shown = line[:70] if len(line) <= 70 else line[:67] + "..."
                cases.append({"where": where, "send": send, "want": [],
                              "todo": None, "desc": shown})
    return args, cases, exit_want


def run_file(binary, srcdir, name):
    """Yield (ok, description, diagnostics, todo) per check."""
    args, cases, exit_want = parse_fixture(name, srcdir)
    data = []
    for i, c in enumerate(cases):
        data.append(c["send"])
        data.append(b'{"jsonrpc":"2.0","id":"battery-%d","method":"ping"}' % i)
    p = subprocess.run([binary] + args, input=b"\n".join(data) + b"\n",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    # Split the replies on the pongs.
    groups, cur, pongs, bad = [], [], [], []
    lines = p.stdout.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for raw in lines:
        try:
            v = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            bad.append("not JSON (%s): %r" % (e, raw[:200]))
            cur.append(None)
            continue
        if isinstance(v, dict) and isinstance(v.get("id"), str) and \
                v["id"].startswith("battery-"):
            groups.append(cur)
            pongs.append(v)
            cur = []
        else:
            cur.append(v)
    for i, c in enumerate(cases):
        diag = []
        if i >= len(groups):
            diag.append("no pong after this case (server died or hung)")
            got = []
        else:
            got = groups[i]
            pong = {"jsonrpc": "2.0", "id": "battery-%d" % i, "result": {}}
            if pongs[i] != pong:
                diag.append("pong: got %s" % json.dumps(pongs[i])[:200])
        if len(got) != len(c["want"]):
            diag.append("wanted %d replies, got %d" % (len(c["want"]),
                                                       len(got)))
        for (exact, want, text), g in zip(c["want"], got):
            m = match(want, g, exact)
            if m:
                diag += [m, "got: " + json.dumps(g, ensure_ascii=False)[:400]]
        for g in got[len(c["want"]):]:
            diag.append("extra: " + json.dumps(g)[:300])
        yield (not diag, c["where"] + " " + c["desc"], diag, c["todo"])
    base = os.path.basename(name)
    yield (not bad, "%s: stdout holds only JSON lines" % base, bad[:3], None)
    yield (p.returncode == exit_want, "%s: exit status %d" % (base, exit_want),
           ["got %d" % p.returncode,
            p.stderr.decode("utf-8", "replace")[-300:]], None)


def main():
    binary, srcdir = sys.argv[1], sys.argv[2]
    results = []
    for name in sys.argv[3:]:
        results += list(run_file(binary, srcdir, name))
    print("1..%d" % len(results))
    failed = 0
    for i, (ok, desc, diag, todo) in enumerate(results, 1):
        desc = "".join(c if c >= " " else "?" for c in desc)
        desc = desc.replace("#", "\\#")
        line = "%s %d - %s" % ("ok" if ok else "not ok", i, desc)
        if todo:
            line += " # TODO " + todo
        print(line)
        if not ok:
            if not todo:
                failed += 1
            for d in diag:
                print("#   " + "".join(
                    c if c >= " " else "\\x%02x" % ord(c) for c in d))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

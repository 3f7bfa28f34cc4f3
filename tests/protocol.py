#!/usr/bin/env python3
"""Fixture runner for the protocol tests (tests/protocol/*.txt) and the
malformed-input battery (tests/battery/*.txt, with --battery).  Each file
is one server session.

Fixture lines:
  # ...            comment
  ! ARGS...        extra command-line arguments for the server (first lines)
  > JSON           a request line, sent as written
  >                an empty line
  >x TEXT          a request line with Python bytes escapes (\\xff, \\x00)
  >big N JSON      JSON with "@PAD@" replaced by N bytes of "a"
  >rep N A B C     A + B * N + C (B repeated N times; A and C may be "-"
                   for nothing; no spaces inside A, B, C)
  < JSON           the next reply must equal JSON exactly
  <~ JSON          the next reply must contain JSON (see match())
  ? REASON         (battery) the case is a known disagreement with the
                   spec: TAP TODO
  = EXIT           the server's exit status once stdin is closed

In expected JSON, a string "@any@" matches any value, "@absent@" requires
the member to be missing, "@re:PATTERN@" is a regular expression searched
in a string, "@len:N@" matches an array of N elements, and
"@file:PATH@" inside a string is replaced by the file's text (PATH is
relative to the source tree), so a page's expected text is built from the
corpus input, never from the program's output.

Protocol mode: the requests are sent in one go and the replies compared in
order.  Battery mode: every request starts a case whose expected replies
are the lines after it (none: the server must stay silent); after each
case a ping with id "battery-N" must get exactly its empty result, so the
next valid request is served normally and nothing stray was written.

Prints TAP.  Usage: protocol.py [--battery] BINARY SRCDIR FIXTURE...
"""
import json
import os
import re
import subprocess
import sys

FILE_RE = re.compile(r"@file:([^@]+)@")


def expand(v, srcdir):
    if isinstance(v, str):
        return FILE_RE.sub(
            lambda m: open(os.path.join(srcdir, m.group(1)),
                           encoding="utf-8").read(), v)
    if isinstance(v, list):
        return [expand(x, srcdir) for x in v]
    if isinstance(v, dict):
        return {k: expand(x, srcdir) for k, x in v.items()}
    return v


def match(want, got, exact, path="$"):
    """Return None when got matches want, else a message."""
    if isinstance(want, str) and want.startswith("@") and want.endswith("@"):
        if want == "@any@":
            return None
        if want.startswith("@re:"):
            if isinstance(got, str) and re.search(want[4:-1], got, re.S):
                return None
            return "%s: %r does not match /%s/" % (path, got, want[4:-1])
        if want.startswith("@len:"):
            if isinstance(got, list) and len(got) == int(want[5:-1]):
                return None
            return "%s: wanted an array of %s" % (path, want[5:-1])
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return "%s: wanted an object, got %r" % (path, got)
        for k, w in want.items():
            if w == "@absent@":
                if k in got:
                    return "%s.%s: should be absent" % (path, k)
                continue
            if k not in got:
                return "%s.%s: missing" % (path, k)
            m = match(w, got[k], exact, path + "." + k)
            if m:
                return m
        if exact:
            extra = set(got) - set(want)
            if extra:
                return "%s: unexpected members %s" % (path, sorted(extra))
        return None
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return "%s: wanted %d elements, got %r" % (path, len(want), got)
        for i, (w, g) in enumerate(zip(want, got)):
            m = match(w, g, exact, "%s[%d]" % (path, i))
            if m:
                return m
        return None
    # numbers: compare by value but keep int/float apart from bool
    if type(want) is not type(got) and not (
            isinstance(want, (int, float)) and isinstance(got, (int, float))
            and not isinstance(want, bool) and not isinstance(got, bool)):
        return "%s: wanted %r, got %r" % (path, want, got)
    if want != got:
        return "%s: wanted %r, got %r" % (path, want, got)
    return None


def parse_fixture(name, srcdir):
    """(args, cases, exit status wanted or None).  A case is a request
    (send: bytes, or None for replies before any request) with the replies
    expected after it."""
    args, cases, exit_want = [], [], None
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
            elif line == ">":
                send = b""
            elif line.startswith("> "):
                send = line[2:].encode("utf-8")
            elif line.startswith("<~ ") or line.startswith("< "):
                exact = line.startswith("< ")
                text = line[2:] if exact else line[3:]
                if not cases:
                    cases.append({"where": where, "send": None, "want": [],
                                  "todo": None, "desc": ""})
                cases[-1]["want"].append(
                    (where, exact, expand(json.loads(text), srcdir), text))
            elif line.startswith("? ") and cases:
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


def run_fixture(binary, srcdir, name):
    """Protocol mode: yield (ok, description, diagnostics, todo)."""
    args, cases, exit_want = parse_fixture(name, srcdir)
    send = [c["send"] for c in cases if c["send"] is not None]
    expect = [w for c in cases for w in c["want"]]
    p = subprocess.run([binary] + args, input=b"\n".join(send) + b"\n",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    replies = p.stdout.decode("utf-8", "replace").split("\n")
    if replies and replies[-1] == "":
        replies.pop()
    for i, (where, exact, want, text) in enumerate(expect):
        if i >= len(replies):
            yield (False, where, ["no reply (server sent %d)" %
                                  len(replies)], None)
            continue
        try:
            got = json.loads(replies[i])
        except ValueError as e:
            yield (False, where, ["reply is not JSON: %s" % e,
                                  replies[i][:300]], None)
            continue
        m = match(want, got, exact)
        yield (m is None, where + " " + text[:60],
               [] if m is None else [m, "got: " + replies[i][:400]], None)
    base = os.path.basename(name)
    yield (len(replies) == len(expect),
           "%s: %d replies" % (base, len(expect)),
           ["got %d replies" % len(replies)] + replies[len(expect):][:3],
           None)
    if exit_want is not None:
        yield (p.returncode == exit_want, "%s: exit status %d" %
               (base, exit_want), ["got %d" % p.returncode], None)


def run_battery(binary, srcdir, name):
    """Battery mode: yield (ok, description, diagnostics, todo) per case,
    then that stdout held only JSON and the exit status."""
    args, cases, exit_want = parse_fixture(name, srcdir)
    if cases and cases[0]["send"] is None:
        raise SystemExit("%s: reply before any request" % cases[0]["where"])
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
        for (_, exact, want, _), g in zip(c["want"], got):
            m = match(want, g, exact)
            if m:
                diag += [m, "got: " + json.dumps(g, ensure_ascii=False)[:400]]
        for g in got[len(c["want"]):]:
            diag.append("extra: " + json.dumps(g)[:300])
        yield (not diag, c["where"] + " " + c["desc"], diag, c["todo"])
    base = os.path.basename(name)
    want = exit_want if exit_want is not None else 0
    yield (not bad, "%s: stdout holds only JSON lines" % base, bad[:3], None)
    yield (p.returncode == want, "%s: exit status %d" % (base, want),
           ["got %d" % p.returncode,
            p.stderr.decode("utf-8", "replace")[-300:]], None)


def transport_checks(binary):
    """stdio behaviour a fixture cannot express: signals, EOF, EPIPE."""
    import signal
    import time

    ping = b'{"jsonrpc":"2.0","id":1,"method":"ping"}\n'
    sigs = (signal.SIGTERM, signal.SIGHUP)
    if os.environ.get("MDX_HOST_OS") == "windows":
        # Windows has no SIGTERM or SIGHUP; wine delivers SIGINT as the
        # console's CTRL_C_EVENT
        sigs = (signal.SIGINT,)
    for sig in sigs:
        p = subprocess.Popen([binary], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdin.write(ping)
        p.stdin.flush()
        first = p.stdout.readline()
        p.send_signal(sig)
        try:
            rc = p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = "hung"
        yield (rc == 0 and first.startswith(b'{"jsonrpc"'),
               "signal %d while idle: clean exit 0" % sig, ["exit %s" % rc],
               None)

    # EOF: a last line without a newline is still answered, then exit 0
    p = subprocess.run([binary], input=ping.rstrip(b"\n"),
                       capture_output=True, timeout=10)
    yield (p.returncode == 0 and p.stdout.count(b"\n") == 1,
           "EOF after an unterminated line: answered, exit 0",
           ["exit %d, stdout %r" % (p.returncode, p.stdout[:200])], None)

    # stdout closed by the client: the server exits instead of spinning
    p = subprocess.Popen([binary], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    t0 = time.time()
    try:
        for _ in range(2000):
            p.stdin.write(ping)
        p.stdin.flush()
    except (BrokenPipeError, OSError):
        pass
    try:
        rc = p.wait(timeout=5)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = "hung"
    yield (rc != "hung" and time.time() - t0 < 5,
           "stdout closed: the server exits (EPIPE)", ["exit %s" % rc], None)

    # stdout carries JSON-RPC only, even with debug logging on stderr
    p = subprocess.run([binary, "--log-level", "debug"],
                       input=ping + b"garbage\n" + ping, capture_output=True,
                       timeout=10)
    lines = p.stdout.split(b"\n")
    ok = lines[-1] == b"" and len(lines) == 4
    for line in lines[:-1]:
        try:
            ok = ok and json.loads(line).get("jsonrpc") == "2.0"
        except ValueError:
            ok = False
    yield (ok, "stdout holds only JSON-RPC lines (debug logs go to stderr)",
           [repr(p.stdout[:300])], None)


def main():
    argv = sys.argv[1:]
    battery = argv[:1] == ["--battery"]
    if battery:
        argv = argv[1:]
    binary, srcdir = argv[0], argv[1]
    results = []
    for name in argv[2:]:
        results += list((run_battery if battery else run_fixture)(
            binary, srcdir, name))
    if not battery:
        results += list(transport_checks(binary))
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

#!/usr/bin/env python3
"""Streamable HTTP battery: `serve` over raw sockets.

Every malformed or refused request must get its exact status and a
JSON-RPC error body (id null), and the server must keep serving; valid
requests of both protocol eras get the right status, headers and body.
Also: keep-alive, pipelining, chunked bodies fed a byte at a time,
Expect, limits (431, 413, 414, 503), read and idle time-outs, 500
half-open connections, a client that does not read, bearer tokens,
Origin and Host checks, and SIGTERM.

Prints TAP.  Usage: http.py BINARY
HTTP_TEST_SLOWDOWN=N multiplies the time limits (for valgrind).
"""
import base64
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1]
SLOW = float(os.environ.get("HTTP_TEST_SLOWDOWN", "1"))
MODERN = "2026-07-28"
META = "io.modelcontextprotocol/protocolVersion"

n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, name))
    if not cond and diag is not None:
        for line in str(diag).splitlines()[:30]:
            print("#   " + line)
    sys.stdout.flush()
    return cond


class Server:
    """serve on a free loopback port; stderr collected in a file."""

    def __init__(self, *args):
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [BIN, "serve", "--listen", "127.0.0.1:0"] + list(args),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self.err)
        self.port = None
        deadline = time.time() + 10
        while time.time() < deadline and self.port is None:
            m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)/mcp",
                          self.stderr())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.02)
        if self.port is None:
            raise RuntimeError("serve did not start: %r" % self.stderr())

    def stderr(self):
        self.err.seek(0)
        return self.err.read()

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def __repr__(self):
        return "%s %r %r" % (self.status, self.headers, self.body[:300])


class Conn:
    """A connection with a read buffer: send bytes, read replies."""

    def __init__(self, server):
        self.s = server.connect()
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def _fill(self, timeout=5):
        self.s.settimeout(timeout)
        try:
            d = self.s.recv(65536)
        except socket.timeout:
            raise
        except (ConnectionResetError, BrokenPipeError):
            d = b""
        if not d:
            raise EOFError("connection closed")
        self.buf += d

    def reply(self, timeout=5, head=False):
        """The next answer; head: to a HEAD request (no body follows)."""
        while b"\r\n\r\n" not in self.buf:
            self._fill(timeout)
        fields, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = fields.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
        length = 0 if head else int(headers.get("content-length", "0"))
        while len(self.buf) < length:
            self._fill(timeout)
        body, self.buf = self.buf[:length], self.buf[length:]
        return Reply(status, headers, body)

    def closed(self, timeout=3):
        """True when the server closes the connection (EOF) in time."""
        try:
            while True:
                self._fill(timeout)
        except EOFError:
            return True
        except socket.timeout:
            return False

    def close(self):
        self.s.close()


def request(method="POST", target="/mcp", body=b"", headers=None,
            version="HTTP/1.1", length=True):
    """Raw request bytes.  headers: list of (name, value); the defaults
    (Host, Content-Type, Accept, Content-Length) can be replaced or removed
    by giving the name with the value None."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    h = [("Host", "127.0.0.1"), ("Content-Type", "application/json"),
         ("Accept", "application/json, text/event-stream")]
    if length and method == "POST":
        h.append(("Content-Length", str(len(body))))
    for k, v in headers or []:
        h = [x for x in h if x[0].lower() != k.lower()]
    for k, v in headers or []:
        if v is not None:
            h.append((k, v))
    out = "%s %s %s\r\n" % (method, target, version)
    out += "".join("%s: %s\r\n" % kv for kv in h)
    return out.encode("latin-1") + b"\r\n" + body


def rpc(method, params=None, id=1, modern=False):
    m = {"jsonrpc": "2.0", "method": method}
    if id is not None:
        m["id"] = id
    if params is not None or modern:
        m["params"] = dict(params or {})
    if modern:
        m["params"]["_meta"] = {META: MODERN,
                                "io.modelcontextprotocol/clientCapabilities":
                                {}}
    return m


def modern_headers(method, name=None):
    h = [("MCP-Protocol-Version", MODERN), ("Mcp-Method", method)]
    if name is not None:
        h.append(("Mcp-Name", name))
    return h


def exchange(server, raw):
    c = Conn(server)
    c.send(raw)
    r = c.reply()
    return c, r


AUTH = []   # headers every "is it alive" ping carries (tokens())


def alive(server):
    c, r = exchange(server, request(body=rpc("ping"), headers=AUTH))
    c.close()
    return r.status == 200 and r.json() == {"jsonrpc": "2.0", "id": 1,
                                            "result": {}}


def error_body(r, code):
    j = r.json()
    return (r.header("content-type") == "application/json" and
            isinstance(j, dict) and j.get("jsonrpc") == "2.0" and
            "id" in j and isinstance(j.get("error"), dict) and
            j["error"].get("code") == code and
            isinstance(j["error"].get("message"), str))


def refused(server, name, raw, status, code=-32000, keep=False,
            check=None):
    """One refusal: status, JSON-RPC error body, connection kept or
    closed as expected, and the server still serving afterwards."""
    try:
        c, r = exchange(server, raw)
    except (EOFError, socket.timeout, OSError) as e:
        ok(False, "%s: %d" % (name, status), "no reply: %s" % e)
        return None
    good = r.status == status and error_body(r, code)
    if check is not None:
        good = good and check(r)
    if keep:
        c.send(request(body=rpc("ping")))
        try:
            c.reply()
            kept = True
        except (EOFError, socket.timeout, OSError):
            kept = False
    else:
        kept = not c.closed()
    c.close()
    ok(good and (kept if keep else not kept) and alive(server),
       "%s: %d%s%s" % (name, status, ", JSON-RPC %d" % code,
                        ", keeps the connection" if keep else
                        ", closes the connection"), r)
    return r


def answered(server, name, raw, status, check):
    try:
        c, r = exchange(server, raw)
    except (EOFError, socket.timeout, OSError) as e:
        ok(False, name, "no reply: %s" % e)
        return None
    c.close()
    ok(r.status == status and check(r), "%s: %d" % (name, status), r)
    return r


def result_of(r):
    j = r.json()
    return j.get("result") if isinstance(j, dict) else None


def err_of(r):
    j = r.json()
    return j.get("error") if isinstance(j, dict) else None


# ---- the battery ----------------------------------------------------------

def malformed(s):
    big = "x" * 20000
    refused(s, "garbage request line", b"HELLO\r\n\r\n", 400)
    refused(s, "HTTP/2.0", b"GET /mcp HTTP/2.0\r\nHost: a\r\n\r\n", 505)
    refused(s, "bare LF", b"POST /mcp HTTP/1.1\nHost: a\n\n", 400)
    refused(s, "space before a colon",
            request(headers=[("X-A ", "1")], body=rpc("ping")), 400)
    refused(s, "obsolete line folding",
            b"POST /mcp HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400)
    refused(s, "NUL in a header",
            request(headers=[("X-A", "a\x00b")], body=rpc("ping")), 400)
    refused(s, "a 20 kB header", request(headers=[("X-Big", big)],
                                         body=rpc("ping")), 431)
    refused(s, "101 header fields",
            request(headers=[("X-%d" % i, "1") for i in range(101)],
                    body=rpc("ping")), 431)
    refused(s, "a 5,000-byte target", request(target="/mcp?" + "a" * 5000,
                                              body=rpc("ping")), 414)
    refused(s, "HTTP/1.1 without Host",
            request(headers=[("Host", None)], body=rpc("ping")), 400)
    refused(s, "two Host fields",
            b"POST /mcp HTTP/1.1\r\nHost: a\r\nHost: b\r\n"
            b"Content-Length: 0\r\n\r\n", 400)
    refused(s, "Content-Length not a number",
            request(headers=[("Content-Length", "12a")], body=b"{}"), 400)
    refused(s, "two different Content-Lengths",
            b"POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
            b"Content-Length: 3\r\n\r\n{}", 400)
    refused(s, "Content-Length and Transfer-Encoding",
            request(headers=[("Transfer-Encoding", "chunked")],
                    body=b"2\r\n{}\r\n0\r\n\r\n"), 400)
    refused(s, "Transfer-Encoding gzip",
            request(headers=[("Transfer-Encoding", "gzip")], length=False,
                    body=b"xx"), 501)
    chunked = [("Transfer-Encoding", "chunked")]
    refused(s, "chunk size not hex",
            request(headers=chunked, length=False, body=b"zz\r\n"), 400)
    refused(s, "chunk data without CRLF",
            request(headers=chunked, length=False,
                    body=b"2\r\n{}XX0\r\n\r\n"), 400)
    refused(s, "chunk size line over 1 kB",
            request(headers=chunked, length=False,
                    body=b"2;" + b"e" * 2000 + b"\r\n"), 400)
    refused(s, "chunk size over the body limit",
            request(headers=chunked, length=False,
                    body=b"fffffff\r\n"), 413, -32600)
    refused(s, "chunk size over 2^62",
            request(headers=chunked, length=False,
                    body=b"fffffffffffffffff\r\n"), 400)
    refused(s, "trailer over 8 kB",
            request(headers=chunked, length=False,
                    body=b"2\r\n{}\r\n0\r\n" +
                    b"".join(b"T%d: %s\r\n" % (i, b"v" * 90)
                             for i in range(100))), 400)


def methods(s):
    allow = lambda r: r.header("allow") == "POST, OPTIONS"
    refused(s, "GET (no SSE stream)", request("GET"), 405, keep=True,
            check=allow)
    refused(s, "DELETE (no sessions)",
            request("DELETE", headers=[("Mcp-Session-Id", "abc")]), 405,
            keep=True, check=allow)
    c = Conn(s)
    c.send(request("HEAD"))
    r = c.reply(head=True)
    c.send(request(body=rpc("ping", id=3)))
    r2 = c.reply()
    c.close()
    ok(r.status == 405 and r.body == b"" and r2.json() == {
        "jsonrpc": "2.0", "id": 3, "result": {}},
       "HEAD: 405 with no body, and the connection goes on", (r, r2))
    refused(s, "PUT", request("PUT", headers=[("Content-Length", "0")]),
            405, keep=True, check=allow)
    refused(s, "an unknown method", request("BREW"), 501, keep=True)
    refused(s, "another path", request(target="/other", body=rpc("ping")),
            404, keep=True)
    refused(s, "/mcp/ is not /mcp",
            request(target="/mcp/", body=rpc("ping")), 404, keep=True)
    answered(s, "query string on /mcp", request(target="/mcp?a=b",
                                                 body=rpc("ping")), 200,
             lambda r: result_of(r) == {})
    answered(s, "absolute-form target",
             request(target="http://127.0.0.1/mcp", body=rpc("ping")), 200,
             lambda r: result_of(r) == {})
    answered(s, "CORS preflight from a loopback origin",
             request("OPTIONS", headers=[
                 ("Origin", "http://localhost:6274"),
                 ("Access-Control-Request-Method", "POST"),
                 ("Access-Control-Request-Headers",
                  "content-type,mcp-protocol-version")]), 204,
             lambda r: r.header("access-control-allow-origin") ==
             "http://localhost:6274" and
             r.header("access-control-allow-headers") ==
             "content-type,mcp-protocol-version" and
             "POST" in r.header("access-control-allow-methods") and
             r.body == b"" and r.header("content-length") is None)
    refused(s, "CORS preflight from another origin",
            request("OPTIONS", headers=[("Origin", "https://evil.example")]),
            403, keep=True)


def media_types(s):
    ping = rpc("ping")
    refused(s, "no Content-Type",
            request(headers=[("Content-Type", None)], body=ping), 415,
            keep=True)
    refused(s, "Content-Type text/plain",
            request(headers=[("Content-Type", "text/plain")], body=ping),
            415, keep=True)
    refused(s, "charset latin1",
            request(headers=[("Content-Type",
                              "application/json; charset=latin1")],
                    body=ping), 415, keep=True)
    answered(s, "charset utf-8",
             request(headers=[("Content-Type",
                               "application/json; charset=UTF-8")],
                     body=ping), 200, lambda r: result_of(r) == {})
    refused(s, "no Accept", request(headers=[("Accept", None)], body=ping),
            406, keep=True)
    refused(s, "Accept text/html",
            request(headers=[("Accept", "text/html")], body=ping), 406,
            keep=True)
    refused(s, "Accept application/json;q=0",
            request(headers=[("Accept", "application/json;q=0")],
                    body=ping), 406, keep=True)
    answered(s, "Accept */*", request(headers=[("Accept", "*/*")],
                                      body=ping), 200,
             lambda r: r.header("content-type") == "application/json")

    def sse(r):
        return (r.header("content-type") == "text/event-stream" and
                r.header("cache-control") == "no-cache" and
                r.body.startswith(b"event: message\ndata: ") and
                r.body.endswith(b"\n\n") and
                json.loads(r.body[len(b"event: message\ndata: "):]) ==
                {"jsonrpc": "2.0", "id": 1, "result": {}})
    answered(s, "Accept text/event-stream only: one SSE event",
             request(headers=[("Accept", "text/event-stream")], body=ping),
             200, sse)
    refused(s, "neither Content-Length nor chunked (no body: kept)",
            request(body=b"", length=False), 411, keep=True)
    refused(s, "Expect: something else (body already sent: kept)",
            request(headers=[("Expect", "200-ok")], body=ping), 417,
            keep=True)
    refused(s, "Expect: something else (body not sent yet)",
            request(headers=[("Expect", "200-ok"),
                             ("Content-Length", "20")]), 417)
    refused(s, "a body over --max-message (refused before it is sent)",
            request(headers=[("Content-Length", "5000000")]), 413, -32600,
            check=lambda r: err_of(r).get("data") == {"maxBytes": 4194304})

    # Expect: 100-continue: the interim answer, then the body
    c = Conn(s)
    body = json.dumps(ping).encode()
    c.send(request(headers=[("Expect", "100-continue"),
                            ("Content-Length", str(len(body)))]))
    first = c.reply()
    c.send(body)
    second = c.reply()
    c.close()
    ok(first.status == 100 and second.status == 200 and
       result_of(second) == {}, "Expect: 100-continue: 100, then 200",
       (first, second))


def security(s):
    ping = rpc("ping")
    refused(s, "Origin http://evil.example",
            request(headers=[("Origin", "http://evil.example")],
                    body=ping), 403, keep=True)
    refused(s, "Origin null", request(headers=[("Origin", "null")],
                                      body=ping), 403, keep=True)
    refused(s, "Origin localhost.evil.example",
            request(headers=[("Origin", "http://localhost.evil.example")],
                    body=ping), 403, keep=True)
    refused(s, "DNS rebinding: Host evil.example on a loopback bind",
            request(headers=[("Host", "evil.example:8080")], body=ping),
            403, keep=True)
    answered(s, "Origin http://localhost:3000 with Host localhost",
             request(headers=[("Origin", "http://localhost:3000"),
                              ("Host", "localhost:8080")], body=ping), 200,
             lambda r: result_of(r) == {} and
             r.header("access-control-allow-origin") ==
             "http://localhost:3000" and r.header("vary") == "Origin")
    answered(s, "Host [::1] and 127.0.0.1 origin",
             request(headers=[("Origin", "https://127.0.0.1"),
                              ("Host", "[::1]:1")], body=ping), 200,
             lambda r: result_of(r) == {})
    answered(s, "no Origin: no CORS fields",
             request(body=ping), 200,
             lambda r: r.header("access-control-allow-origin") is None)


def eras(s):
    def code(c, status):
        return lambda r: (r.status == status and err_of(r) is not None and
                          err_of(r).get("code") == c)

    # 2026-07-28
    answered(s, "server/discover (2026-07-28)",
             request(body=rpc("server/discover", modern=True),
                     headers=modern_headers("server/discover")), 200,
             lambda r: MODERN in result_of(r)["supportedVersions"] and
             "2025-03-26" in result_of(r)["supportedVersions"] and
             result_of(r)["resultType"] == "complete")
    answered(s, "tools/call (2026-07-28) with Mcp-Name",
             request(body=rpc("tools/call", {"name": "acme_docs",
                                             "arguments": {"path":
                                                           "guides"}},
                              modern=True),
                     headers=modern_headers("tools/call", "acme_docs")), 200,
             lambda r: result_of(r)["content"][0]["type"] == "text" and
             result_of(r)["resultType"] == "complete")
    b64 = "=?base64?" + base64.b64encode(b"acme_docs").decode() + "?="
    answered(s, "Mcp-Name in base64",
             request(body=rpc("tools/call", {"name": "acme_docs",
                                             "arguments": {"path":
                                                           "guides"}},
                              modern=True),
                     headers=modern_headers("tools/call", b64)), 200,
             lambda r: "content" in result_of(r))
    uri = "acme://docs/guides"
    answered(s, "resources/read (2026-07-28), Mcp-Name is the URI",
             request(body=rpc("resources/read", {"uri": uri}, modern=True),
                     headers=modern_headers("resources/read", uri)), 200,
             lambda r: result_of(r)["contents"][0]["uri"] == uri)
    for name, body, hdrs, c in [
        ("MCP-Protocol-Version differs from _meta",
         rpc("tools/list", modern=True),
         [("MCP-Protocol-Version", "2025-11-25"),
          ("Mcp-Method", "tools/list")], -32020),
        ("MCP-Protocol-Version 2026-07-28 without _meta",
         rpc("tools/list"), modern_headers("tools/list"), -32020),
        ("_meta 2026-07-28 without MCP-Protocol-Version",
         rpc("tools/list", modern=True), [("Mcp-Method", "tools/list")],
         -32020),
        ("Mcp-Method missing (2026-07-28)",
         rpc("tools/list", modern=True),
         [("MCP-Protocol-Version", MODERN)], -32020),
        ("Mcp-Method differs from the method",
         rpc("tools/list", modern=True), modern_headers("tools/call"),
         -32020),
        ("Mcp-Method differs in case (values are case-sensitive)",
         rpc("tools/list", modern=True), modern_headers("Tools/List"),
         -32020),
        ("Mcp-Name missing for tools/call",
         rpc("tools/call", {"name": "acme_docs", "arguments": {}},
             modern=True), modern_headers("tools/call"), -32020),
        ("Mcp-Name differs from params.name",
         rpc("tools/call", {"name": "acme_docs", "arguments": {}},
             modern=True), modern_headers("tools/call", "acme_search"),
         -32020),
        ("Mcp-Name not valid base64",
         rpc("tools/call", {"name": "acme_docs", "arguments": {}},
             modern=True), modern_headers("tools/call", "=?base64?%%%?="),
         -32020),
        ("Mcp-Name differs from params.uri",
         rpc("resources/read", {"uri": "acme://docs/a"}, modern=True),
         modern_headers("resources/read", "acme://docs/b"), -32020),
        ("Mcp-Name in raw UTF-8, not base64",
         rpc("tools/call", {"name": "acme_d\u00f6cs", "arguments": {}},
             modern=True), modern_headers("tools/call",
                                          "acme_d\u00f6cs"), -32020),
        ("Mcp-Method mismatch in a legacy request",
         rpc("tools/list"), [("Mcp-Method", "ping")], -32020),
        ("unsupported version in header and _meta",
         dict(rpc("tools/list"), params={"_meta": {META: "2099-01-01"}}),
         [("MCP-Protocol-Version", "2099-01-01"),
          ("Mcp-Method", "tools/list")], -32022),
        ("unsupported MCP-Protocol-Version on a legacy request",
         rpc("tools/list"), [("MCP-Protocol-Version", "1999-01-01")],
         -32022),
    ]:
        r = answered(s, name, request(body=body, headers=hdrs), 400,
                     code(c, 400))
        if r is not None and c == -32022:
            ok(MODERN in err_of(r).get("data", {}).get("supported", []),
               "  the error lists the supported versions", r)
    answered(s, "unknown method (2026-07-28): 404",
             request(body=rpc("nope/nope", modern=True),
                     headers=modern_headers("nope/nope")), 404,
             code(-32601, 404))
    answered(s, "unknown method (legacy): 200 with -32601",
             request(body=rpc("nope/nope")), 200, code(-32601, 200))
    answered(s, "notification (2026-07-28): 202",
             request(body=rpc("notifications/cancelled",
                              {"requestId": 1}, id=None, modern=True),
                     headers=modern_headers("notifications/cancelled")),
             202, lambda r: r.body == b"")

    # 2025-03-26 .. 2025-11-25
    answered(s, "initialize: no Mcp-Session-Id",
             request(body=rpc("initialize", {
                 "protocolVersion": "2025-06-18", "capabilities": {},
                 "clientInfo": {"name": "t", "version": "1"}})), 200,
             lambda r: result_of(r)["protocolVersion"] == "2025-06-18" and
             r.header("mcp-session-id") is None)
    answered(s, "tools/list without initialize, no version header", request(
        body=rpc("tools/list")), 200,
        lambda r: len(result_of(r)["tools"]) == 4 and
        "resultType" not in result_of(r))
    answered(s, "tools/list with MCP-Protocol-Version 2025-11-25",
             request(body=rpc("tools/list"),
                     headers=[("MCP-Protocol-Version", "2025-11-25")]), 200,
             lambda r: len(result_of(r)["tools"]) == 4)
    answered(s, "a session id is ignored",
             request(body=rpc("ping"),
                     headers=[("Mcp-Session-Id", "made-up"),
                              ("Last-Event-ID", "3")]), 200,
             lambda r: result_of(r) == {} and
             r.header("mcp-session-id") is None)
    answered(s, "notifications/initialized: 202",
             request(body=rpc("notifications/initialized", id=None)), 202,
             lambda r: r.body == b"")
    answered(s, "a JSON-RPC response from the client: 202",
             request(body={"jsonrpc": "2.0", "id": 5, "result": {}}), 202,
             lambda r: r.body == b"")
    answered(s, "invalid JSON: 400 with -32700",
             request(body=b"{\"jsonrpc\": "), 400, code(-32700, 400))
    answered(s, "an empty body: 400 with -32700", request(body=b""), 400,
             code(-32700, 400))
    answered(s, "not a request object: 400 with -32600",
             request(body=b"42"), 400, code(-32600, 400))
    answered(s, "NUL in the body: 400 with -32700",
             request(body=b"{\"a\":\x00}"), 400, code(-32700, 400))
    batch = [rpc("ping", id=1), rpc("notifications/x", id=None),
             rpc("tools/list", id=2)]
    answered(s, "batch without a version header (2025-03-26)",
             request(body=batch), 200,
             lambda r: [m["id"] for m in r.json()] == [1, 2])
    answered(s, "batch with MCP-Protocol-Version 2025-03-26",
             request(body=batch,
                     headers=[("MCP-Protocol-Version", "2025-03-26")]), 200,
             lambda r: len(r.json()) == 2)
    answered(s, "batch of notifications: 202",
             request(body=[rpc("notifications/x", id=None)]), 202,
             lambda r: r.body == b"")
    for v in ["2025-06-18", "2025-11-25", MODERN]:
        answered(s, "batch refused for %s" % v,
                 request(body=batch,
                         headers=[("MCP-Protocol-Version", v)]), 400,
                 lambda r: code(-32600, 400)(r) and
                 err_of(r)["data"] == {"protocolVersion": v})
    answered(s, "empty batch: 400 with -32600", request(body=b"[]"), 400,
             code(-32600, 400))
    big = [rpc("resources/list", id=i) for i in range(9000)]
    answered(s, "a batch whose answer would pass 16 MiB: 400, "
             "Batch too large", request(body=big), 400,
             lambda r: code(-32600, 400)(r) and
             err_of(r)["data"] == {"maxReplyBytes": 16 << 20})


def connections(s):
    # keep-alive and pipelining
    c = Conn(s)
    c.send(b"".join(request(body=rpc("ping", id=i)) for i in range(1, 4)) +
           b"\r\n" + request(body=rpc("tools/list", id=4)))
    ids = []
    for _ in range(4):
        ids.append(c.reply().json()["id"])
    c.send(request(body=rpc("ping", id=5)))
    ids.append(c.reply().json()["id"])
    c.close()
    ok(ids == [1, 2, 3, 4, 5], "pipelined requests answered in order, then "
       "the connection serves more", ids)

    # chunked, a byte at a time
    c = Conn(s)
    body = json.dumps(rpc("ping", id=9)).encode()
    raw = request(headers=[("Transfer-Encoding", "chunked")], length=False)
    enc = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7])
                   for i in range(0, len(body), 7)) + b"0\r\n\r\n"
    for i in range(len(raw + enc)):
        c.send((raw + enc)[i:i + 1])
    r = c.reply()
    c.close()
    ok(r.status == 200 and r.json()["id"] == 9,
       "chunked body sent a byte at a time", r)

    # Connection: close, HTTP/1.0
    c, r = exchange(s, request(body=rpc("ping"),
                               headers=[("Connection", "close")]))
    ok(r.status == 200 and r.header("connection") == "close" and
       c.closed(), "Connection: close: answered, then closed", r)
    c.close()
    c, r = exchange(s, request(body=rpc("ping"), version="HTTP/1.0"))
    ok(r.status == 200 and c.closed(), "HTTP/1.0: closed after the answer",
       r)
    c.close()
    c, r = exchange(s, request(body=rpc("ping"), version="HTTP/1.0",
                               headers=[("Connection", "keep-alive")]))
    c.send(request(body=rpc("ping", id=2), version="HTTP/1.0",
                   headers=[("Connection", "keep-alive")]))
    r2 = c.reply()
    c.close()
    ok(r.header("connection") == "keep-alive" and r2.json()["id"] == 2,
       "HTTP/1.0 keep-alive", (r, r2))

    # a client that sends but never reads does not hold up another
    hog = Conn(s)
    big = request(body=rpc("resources/list", id=1))
    hog.s.setblocking(False)
    sent = 0
    t0 = time.time()
    while time.time() - t0 < 2:
        try:
            sent += hog.s.send(big)
        except BlockingIOError:
            break
    t0 = time.time()
    good = all(alive(s) for _ in range(20))
    ok(good and time.time() - t0 < 2 * SLOW,
       "a client that never reads (%d kB queued) does not slow others"
       % (sent // 1024))
    hog.close()


def timeouts_and_limits():
    # --read-timeout 1, --idle-timeout 2, --max-connections 520
    s = Server("--read-timeout", "1", "--idle-timeout", "2",
               "--max-connections", "520", "--log-level", "warn")
    try:
        half = []
        for i in range(500):
            c = Conn(s)
            c.send(b"POST /mcp HTTP/1.1\r\nHost: a\r\n")
            half.append(c)
        t0 = time.time()
        good = all(alive(s) for _ in range(50))
        ok(good and time.time() - t0 < 1.0 * SLOW,
           "500 half-open connections: 50 requests still served at once "
           "(%.0f ms)" % ((time.time() - t0) * 1000))
        statuses = set()
        for c in half[:20]:
            try:
                statuses.add(c.reply(timeout=5).status)
            except (EOFError, socket.timeout, OSError) as e:
                statuses.add(str(e))
        ok(statuses == {408}, "a head not finished in --read-timeout: 408",
           statuses)
        closed = sum(1 for c in half if c.closed(timeout=5))
        ok(closed == 500, "and all 500 are closed (%d)" % closed)
        for c in half:
            c.close()

        c = Conn(s)
        c.send(request(headers=[("Content-Length", "100")]) + b"{")
        r = c.reply(timeout=5)
        ok(r.status == 408 and error_body(r, -32000) and c.closed(),
           "a body not finished in --read-timeout: 408, closed", r)
        c.close()

        c = Conn(s)
        c.send(request(body=rpc("ping")))
        c.reply()
        t0 = time.time()
        gone = c.closed(timeout=5)
        ok(gone and 1.5 < time.time() - t0 < 3.5 * SLOW,
           "an idle keep-alive connection is closed after --idle-timeout "
           "(%.1f s)" % (time.time() - t0))
        c.close()

        # --max-connections: beyond it, 503
        held = [Conn(s) for _ in range(520)]
        time.sleep(0.2)
        over = Conn(s)
        over.send(request(body=rpc("ping")))
        r = over.reply()
        ok(r.status == 503 and error_body(r, -32000) and
           r.header("retry-after") == "1" and over.closed(),
           "beyond --max-connections: 503 with Retry-After, closed", r)
        over.close()
        held[0].send(request(body=rpc("ping")))
        ok(held[0].reply().status == 200,
           "connections within the limit are served")
        for c in held:
            c.close()
        time.sleep(0.3)
        ok(alive(s), "once they close, new connections are served")
    finally:
        ok(s.stop() == 0, "serve exits 0 on SIGTERM")


def tokens():
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write("s3cret-token_42\n")
        path = f.name
    os.chmod(path, 0o600)
    s = Server("--token-file", path, "--allow-origin",
               "https://tools.example.com/", "--log-level", "warn")
    AUTH.append(("Authorization", "Bearer s3cret-token_42"))
    try:
        ping = rpc("ping")

        def www(invalid):
            def check(r):
                h = r.header("www-authenticate") or ""
                return (h.startswith('Bearer realm="acme"') and
                        ('error="invalid_token"' in h) == invalid)
            return check
        refused(s, "no token: 401", request(body=ping), 401, keep=True,
                check=www(False))
        for name, auth, invalid in [
                ("wrong token", "Bearer nope", True),
                ("the token minus its last character",
                 "Bearer s3cret-token_4", True),
                ("the token plus a character", "Bearer s3cret-token_42x",
                 True),
                ("Basic credentials", "Basic czNjcmV0", False)]:
            refused(s, "%s: 401" % name,
                    request(body=ping, headers=[("Authorization", auth)]),
                    401, keep=True, check=www(invalid))
        answered(s, "the right token",
                 request(body=ping, headers=[("Authorization",
                                              "bearer s3cret-token_42")]),
                 200, lambda r: result_of(r) == {})
        refused(s, "GET with no token: 401 before 405", request("GET"), 401,
                keep=True)
        answered(s, "--allow-origin: that origin is answered",
                 request(body=ping, headers=[
                     ("Authorization", "Bearer s3cret-token_42"),
                     ("Origin", "https://tools.example.com")]), 200,
                 lambda r: r.header("access-control-allow-origin") ==
                 "https://tools.example.com")
        refused(s, "--allow-origin: others still are not",
                request(body=ping, headers=[
                    ("Authorization", "Bearer s3cret-token_42"),
                    ("Origin", "https://tools.example.org")]), 403,
                keep=True)
    finally:
        AUTH.clear()
        s.stop()
        os.unlink(path)


def sigterm():
    s = Server("--log-level", "warn")
    c = Conn(s)
    body = json.dumps(rpc("tools/list", id=7)).encode()
    c.send(request(headers=[("Content-Length", str(len(body)))]) +
           body[:10])
    idle = Conn(s)
    time.sleep(0.1)
    t0 = time.time()
    s.proc.send_signal(signal.SIGTERM)
    time.sleep(0.1)
    c.send(body[10:])
    r = c.reply()
    refused_new = False
    try:
        x = Conn(s)
        x.send(request(body=rpc("ping")))
        x.reply(timeout=1)
    except (EOFError, socket.timeout, OSError):
        refused_new = True
    rc = s.proc.wait(5)
    took = time.time() - t0
    ok(r.status == 200 and r.json()["id"] == 7 and
       r.header("connection") == "close",
       "SIGTERM: the request in flight is answered (Connection: close)", r)
    ok(idle.closed(timeout=1), "SIGTERM: idle connections are closed")
    ok(refused_new, "SIGTERM: no new connection is served")
    ok(rc == 0 and took < 1.0 * SLOW,
       "SIGTERM: exit 0 within 1 s (%.2f s)" % took)


def access_log():
    s = Server()
    c, r = exchange(s, request(target='/mcp?a"b', body=rpc("tools/list")))
    c.close()
    s.stop()
    log = s.stderr().decode("latin-1")
    ok(re.search(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1:\d+ '
                 r'"POST /mcp\?a\\x22b HTTP/1\.1" 200 \d+ [\d.]+ms '
                 r'tools/list$', log, re.M) is not None,
       "access log at info: time, peer, escaped request line, status, "
       "bytes, duration, JSON-RPC method", log)


def cli():
    for args, want in [(["--listen", "8080"], b"expected HOST:PORT"),
                       (["--listen", "example.com:80"],
                        b"must be an IP address"),
                       (["--max-connections", "0"], b"expected a count"),
                       (["--allow-origin", "example.com"],
                        b"SCHEME://HOST"),
                       (["--token-file", "/nonexistent/x"],
                        b"No such file"),
                       (["--bogus", "1"], b"unknown option")]:
        p = subprocess.run([BIN, "serve"] + args, capture_output=True,
                           timeout=10)
        ok(p.returncode == 2 and want in p.stderr,
           "serve %s: usage error naming the problem" % " ".join(args),
           p.stderr)
    busy = Server("--log-level", "warn")
    p = subprocess.run([BIN, "serve", "--listen",
                        "127.0.0.1:%d" % busy.port], capture_output=True,
                       timeout=10)
    busy.stop()
    ok(p.returncode == 1 and b"Address in use" in p.stderr or
       b"in use" in p.stderr, "a port in use: exit 1 with the reason",
       p.stderr)
    wide = subprocess.Popen([BIN, "serve", "--listen", "0.0.0.0:0"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    time.sleep(0.5)
    wide.send_signal(signal.SIGTERM)
    err = wide.communicate(timeout=10)[1]
    ok(b"warning" in err and b"no --token-file" in err and
       b"listening on http://0.0.0.0:" in err,
       "a non-loopback bind without a token warns", err)
    six = None
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.bind(("::1", 0))
        probe.close()
        six = subprocess.Popen([BIN, "serve", "--listen", "[::1]:0",
                                "--log-level", "warn"],
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError:
        pass
    if six is not None:
        port = None
        for _ in range(100):
            line = six.stderr.readline()
            m = re.search(rb"listening on http://\[::1\]:(\d+)/mcp", line)
            if m:
                port = int(m.group(1))
                break
        got = None
        if port:
            c6 = socket.create_connection(("::1", port), timeout=5)
            c6.sendall(request(body=rpc("ping"),
                               headers=[("Host", "[::1]:%d" % port)]))
            got = c6.recv(4096)
            c6.close()
        six.send_signal(signal.SIGTERM)
        six.wait(10)
        ok(got is not None and got.startswith(b"HTTP/1.1 200 "),
           "IPv6: --listen [::1]:0 serves on ::1", got)
    else:
        ok(True, "IPv6: skipped (no ::1 here)")
    p = subprocess.run([BIN, "serve", "--help"], capture_output=True,
                       timeout=10)
    ok(p.returncode == 0 and b"--token-file" in p.stdout and
       b"--allow-origin" in p.stdout, "serve --help")
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write("two words\n")
    p = subprocess.run([BIN, "serve", "--token-file", f.name],
                       capture_output=True, timeout=10)
    os.unlink(f.name)
    ok(p.returncode == 2 and b"no spaces" in p.stderr,
       "a token with a space is refused", p.stderr)


def main():
    s = Server("--log-level", "warn")
    try:
        malformed(s)
        methods(s)
        media_types(s)
        security(s)
        eras(s)
        connections(s)
    finally:
        ok(s.stop() == 0, "serve exits 0 on SIGTERM")
    ok(b"Traceback" not in s.stderr() and
       b"listening on" in s.stderr(), "nothing unexpected on stderr")
    timeouts_and_limits()
    tokens()
    sigterm()
    access_log()
    cli()
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

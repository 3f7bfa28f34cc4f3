#!/usr/bin/env python3
"""http-idle.py PORT N: open N keep-alive connections to the MCP endpoint
on 127.0.0.1:PORT, send one ping on each and read its answer (so each
holds the buffers a served connection keeps), print "ready N", then hold
them open until stdin closes.  Exit 1 if a ping fails."""
import resource
import socket
import sys

port, count = int(sys.argv[1]), int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < count + 64:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 64), hard))
body = b'{"jsonrpc":"2.0","id":1,"method":"ping"}'
req = (b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
       b"application/json\r\nAccept: application/json, text/event-stream\r\n"
       b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
conns = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(req)
    got = b""
    while b'"result":{}}' not in got:
        d = s.recv(4096)
        if not d:
            sys.exit(1)
        got += d
    conns.append(s)
print("ready %d" % len(conns), flush=True)
sys.stdin.read()

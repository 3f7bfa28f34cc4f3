#!/usr/bin/env python3
"""tests/setup-random.py - `setup --write` on random JSON and JSONC configs
(comments, trailing commas, any indentation or none, an existing entry of
any shape): the result must parse, equal the input with only our entry's
members set, and keep every comment.  Deterministic (a fixed seed).

Usage: setup-random.py BINARY FOLDER COUNT [SEED].  Prints each failure and
"fails N of COUNT"; exits 1 when N > 0.
"""
import json
import os
import random
import re
import subprocess
import sys

BIN, DIR, COUNT = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
CONF = os.path.join(DIR, "random.json")
# keys and strings that look like comments or need escapes
WORDS = ["a", "b", "x y", "\u00e9", "//no", "/*no*/", '\\"q']


def scan(s):
    """(s without comments and trailing commas, the comments in order)."""
    out, found, i, instr = [], [], 0, False
    while i < len(s):
        c = s[i]
        if instr:
            out.append(s[i:i + 2] if c == "\\" else c)
            i += 2 if c == "\\" else 1
            instr = c != '"'
            continue
        if c == '"':
            instr = True
        elif s.startswith("//", i):
            j = i
            while i < len(s) and s[i] not in "\r\n":
                i += 1
            found.append(s[j:i])
            continue
        elif s.startswith("/*", i):
            j = s.index("*/", i + 2) + 2
            found.append(s[i:j])
            out.append(" ")
            i = j
            continue
        out.append(c)
        i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out)), sorted(found)


def value(depth):
    r = random.random()
    if depth > 2 or r < 0.3:
        return random.choice([1, 2.5, True, None, random.choice(WORDS)])
    if r < 0.6:
        return [value(depth + 1) for _ in range(random.randint(0, 3))]
    return {random.choice(WORDS) + str(i): value(depth + 1)
            for i in range(random.randint(0, 3))}


def comment(jsonc, oneline):
    if not jsonc or random.random() >= 0.3:
        return ""
    if oneline or random.random() < 0.5:
        return " /* k%d */" % random.randint(0, 99)
    return " // c%d" % random.randint(0, 99)


def dump(v, ind, level, jsonc):
    """v as text: objects indented by ind (None: one line), with random
    comments and trailing commas when jsonc."""
    if not isinstance(v, dict):
        return json.dumps(v)
    if not v:
        return "{ /* e */}" if jsonc and random.random() < 0.3 else "{}"
    pad = (ind or "") * (level + 1)
    trailing = "," if jsonc and random.random() < 0.4 else ""
    parts = []
    for i, (k, x) in enumerate(v.items()):
        sep = "," if i < len(v) - 1 else trailing
        parts.append(pad + json.dumps(k) + ": " +
                     dump(x, ind, level + 1, jsonc) + sep +
                     comment(jsonc, ind is None))
    if ind is None:
        return "{" + " ".join(parts) + "}"
    return "{\n" + "\n".join(parts) + "\n" + ind * level + "}"


def one():
    """One random config through setup --write: a failure message, or None."""
    key = random.choice(["servers", "mcpServers"])
    root = {random.choice(WORDS) + "r": value(1)
            for _ in range(random.randint(0, 2))}
    if random.random() < 0.8:
        servers = {random.choice(WORDS) + str(i): value(2)
                   for i in range(random.randint(0, 3))}
        if random.random() < 0.5:
            keys = ["command", "args", "env", "disabled", "type", "zz"]
            entry = {k: value(3)
                     for k in random.sample(keys, random.randint(0, 5))}
            if random.random() < 0.2:
                entry = random.choice([None, 1, "s"])
            servers["n"] = entry
        root[key] = servers
    jsonc = random.random() < 0.6
    text = dump(root, random.choice([None, "  ", "\t", "    "]), 0,
                jsonc) + "\n"
    if jsonc and random.random() < 0.3:
        text = "// head\n" + text
    with open(CONF, "w", encoding="utf-8") as f:
        f.write(text)
    client = "vscode" if key == "servers" else \
        random.choice(["cursor", "claude-code"])
    p = subprocess.run([BIN, "setup", client, "--name", "n", "--command",
                        "/x", "--write", "--config", CONF],
                       capture_output=True, text=True)
    for f in os.listdir(DIR):
        if f.startswith("random.json.bak"):
            os.unlink(os.path.join(DIR, f))
    with open(CONF, encoding="utf-8") as f:
        out = f.read()
    show = "\n--- in:\n%s--- out:\n%s" % (text, out)
    if p.returncode != 0:
        return "exit %d: %s%s" % (p.returncode, p.stderr, show)
    (clean_in, comments_in), (clean_out, comments_out) = scan(text), scan(out)
    try:
        got = json.loads(clean_out)
    except ValueError as e:
        return "the result does not parse: %s%s" % (e, show)
    want = json.loads(clean_in)
    entry = want.setdefault(key, {}).get("n")
    if not isinstance(entry, dict):
        entry = {"command": "/x", "args": []}
    entry["command"] = "/x"
    if "args" in entry and entry["args"] != []:
        entry["args"] = []      # random args are never this server's
    if client != "cursor":
        entry["type"] = "stdio"
    want[key]["n"] = entry
    if got != want:
        return "data differs: %s%s" % (json.dumps(got), show)
    if comments_out != comments_in:
        return "comments differ%s" % show
    return None


fails = 0
for _ in range(COUNT):
    why = one()
    if why:
        fails += 1
        print("# " + why.replace("\n", "\n# "))
print("fails %d of %d" % (fails, COUNT))
sys.exit(1 if fails else 0)

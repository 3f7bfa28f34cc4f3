#!/usr/bin/env python3
"""Content fidelity: walk every page of a compiled corpus and check that the
clean Markdown the model reads is whole and navigable.

  fidelity.py BINARY... [--report] [--show N] [--checks NAME,...]

The binary is driven the way users drive it: MCP on stdin/stdout
(resources/list, resources/read, <prefix>_docs) and the command line
(`get`).  Nothing is taken from the generator's tables; every expectation
is computed here from the clean text (or, for the API reference, from the
page's own YAML frontmatter read back with `get --raw`).

Checks, one TAP line each (--report prints the counts instead):
  headings     every heading line outside code, indented ones included, is
               listed by an unknown-anchor answer ("- path#anchor (Heading)")
  sections     each section read (workos_docs path#anchor, resources/read
               URI#anchor, `get path#anchor`) equals the heading's subtree:
               its line up to the next heading of the same or a higher level
  links        every link target outside code opens with <prefix>_docs or
               is an absolute URL (scheme:)
  mdx          no MDX syntax outside code: ESM import/export lines,
               <Capitalised tags (not "\\<" escaped), "{{", "{' '}"
  yaml         every parameter, property and return name in the reference:
               frontmatter of a page appears in code in its clean text
               (unwrap: true and "anonymous" items stand for their fields)
  placeholders no "anonymous" and no "(x.y)" reference left
  blanks       no line outside code ends with a blank
"""
import json
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:     # the yaml check is then reported as skipped
    yaml = None


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True,
                                  encoding="utf-8", bufsize=1)
        self.id = 0
        r = self.call("initialize", {"protocolVersion": "2025-06-18",
                                     "capabilities": {},
                                     "clientInfo": {"name": "fidelity",
                                                    "version": "1"}})
        self.name = r["serverInfo"]["name"]
        self.p.stdin.write('{"jsonrpc":"2.0","method":'
                           '"notifications/initialized"}\n')
        tools = self.call("tools/list", {})["tools"]
        self.docs = [t["name"] for t in tools if t["name"].endswith("_docs")][0]

    def call(self, method, params):
        self.id += 1
        self.p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": self.id,
                                       "method": method,
                                       "params": params}) + "\n")
        self.p.stdin.flush()
        r = json.loads(self.p.stdout.readline())
        if "error" in r:
            raise LookupError(r["error"].get("message", "error"))
        return r["result"]

    def docs_call(self, path):
        """(is_error, text) of <prefix>_docs {path}."""
        r = self.call("tools/call", {"name": self.docs,
                                     "arguments": {"path": path}})
        return bool(r.get("isError")), r["content"][0]["text"]

    def close(self):
        self.p.stdin.close()
        self.p.wait()


FENCE = re.compile(r"^ *(`{3,}|~{3,})")
HEADING = re.compile(r"^( *)(#{1,6})(?: |$)")
CODESPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
LINK = re.compile(r"!?\[")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
PLACEHOLDER = re.compile(r"\((?:[a-z_][a-z0-9_]*\.)+[a-z_][a-z0-9_]*\)")


def lines_outside_fences(text):
    """(line number, line, start offset) of every line outside fences."""
    out, fence, off = [], None, 0
    for i, line in enumerate(text.split("\n")):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None:
            if m and m.group(1)[0] == fence[0] and \
               len(m.group(1)) >= len(fence) and \
               line.strip() == m.group(1):
                fence = None
        else:
            out.append((i, line, off))
        off += len(line) + 1
    return out


def code_text(text):
    """Everything inside code spans and fences, one string."""
    parts, fence = [], None
    for line in text.split("\n"):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            continue
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and line.strip() == m.group(1):
                fence = None
            else:
                parts.append(line)
            continue
        parts.extend(s[len(c):-len(c)] for s, c in
                     ((x.group(0), x.group(1)) for x in CODESPAN.finditer(line)))
    return "\n".join(parts)


def headings(text):
    """[(level, start offset)] of heading lines outside code."""
    return [(len(m.group(2)), off)
            for _, line, off in lines_outside_fences(text)
            for m in [HEADING.match(line)] if m]


def subtree(text, hs, i):
    level, start = hs[i]
    end = len(text)
    for lv, off in hs[i + 1:]:
        if lv <= level:
            end = off
            break
    return text[start:end].rstrip()


def link_targets(line):
    """Targets of the Markdown links [t](u) / ![a](u) of one line."""
    line = CODESPAN.sub(lambda m: " " * len(m.group(0)), line)
    out = []
    for m in LINK.finditer(line):
        i, depth = m.end(), 1
        while i < len(line) and depth:     # the text, nested brackets
            depth += {"[": 1, "]": -1}.get(line[i], 0)
            i += 1
        if depth or i >= len(line) or line[i] != "(":
            continue
        j, depth = i + 1, 1
        while j < len(line) and depth:     # the target, nested parens
            if line[j] == "\\":
                j += 1
            else:
                depth += {"(": 1, ")": -1}.get(line[j], 0)
            j += 1
        if depth:
            continue                       # never closes: not a link

        target = line[i + 1:j - 1].strip()
        if " " in target:                  # [t](url "title")
            target = target.split(" ", 1)[0]
        out.append(target.strip("<>"))
    return out


def yaml_names(raw):
    """Parameter, property and return names of a page's reference: YAML."""
    if not raw.startswith("---\n"):
        return set()
    end = raw.find("\n---\n", 3)
    if end < 0:
        return set()
    try:
        front = yaml.safe_load(raw[4:end + 1])
    except yaml.YAMLError:
        return set()
    ref = front.get("reference") if isinstance(front, dict) else None
    names = set()

    def item(x):
        if isinstance(x, str):
            s = x.strip()
            if s.startswith("(") and s.endswith(")"):
                s = s[1:-1]
            names.add(s.split(".")[-1])
        elif isinstance(x, dict):
            # unwrap: true and "anonymous" pseudo-fields stand for their
            # properties (a bare "anonymous" return is its type)
            lifted = x.get("unwrap") is True or x.get("key") == "anonymous"
            if isinstance(x.get("key"), str) and not lifted:
                names.add(x["key"])
            for k in ("properties", "parameters", "returns"):
                for y in x.get(k) or []:
                    item(y)

    if isinstance(ref, dict):
        for entries in ref.values():
            for e in entries if isinstance(entries, list) else []:
                if isinstance(e, dict):
                    for k in ("parameters", "properties", "returns"):
                        for y in e.get(k) or []:
                            item(y)
    return names


def cli_get(binary, path, raw=False):
    r = subprocess.run([binary, "get", path] + (["--raw"] if raw else []),
                       capture_output=True, text=True, encoding="utf-8")
    return r.returncode, r.stdout


class Check:
    def __init__(self, name, what):
        self.name, self.what = name, what
        self.total, self.bad, self.examples = 0, 0, []
        self.skipped = None

    def add(self, ok, example=None):
        self.total += 1
        if not ok:
            self.bad += 1
            if example is not None:
                self.examples.append(example)


def walk(binary, report):
    """The checks of one compiled corpus: (server name, pages, checks)."""
    srv = Server(binary)
    prefix = srv.docs[:-len("_docs")]

    uris, cursor = [], None
    while True:
        r = srv.call("resources/list", {"cursor": cursor} if cursor else {})
        uris += [x["uri"] for x in r["resources"]]
        cursor = r.get("nextCursor")
        if not cursor:
            break
    base = "%s://docs/" % prefix
    paths = [u[len(base):] for u in uris if u.startswith(base)]

    c = {k: Check(k, w) for k, w in [
        ("headings", "headings listed by an unknown-anchor answer"),
        ("sections-docs", "section reads (%s) equal to the subtree" % srv.docs),
        ("sections-resource", "section reads (resources/read) equal to the subtree"),
        ("sections-cli", "section reads (get) equal to the subtree"),
        ("links", "distinct link targets that open or are absolute"),
        ("link-uses", "link uses that open or are absolute"),
        ("raw-links", "relative link targets of the raw MDX that open"),
        ("mdx", "lines without MDX syntax"),
        ("yaml", "YAML names shown in code"),
        ("yaml-anywhere", "YAML names found anywhere in the text"),
        ("placeholders", "placeholders left (`anonymous`, (x.y))"),
        ("blanks", "lines outside code without trailing blanks"),
    ]}
    targets = {}        # target -> first (page, line)
    raw_targets = {}    # relative targets of the raw MDX (--report only)
    uses = []
    for path in paths:
        text = srv.call("resources/read", {"uri": base + path})["contents"][0]["text"]
        hs = headings(text)
        err, listing = srv.docs_call(path + "#fidelity-no-such-anchor")
        listed = re.findall(r"^- (\S+)#(\S*) \(.*\)$", listing, re.M)
        anchors = [a for p, a in listed]
        for i in range(len(hs)):
            line = text[hs[i][1]:].split("\n", 1)[0]
            c["headings"].add(i < len(anchors),
                              "%s: %r not listed" % (path, line))
        for i, a in enumerate(anchors[:len(hs)]):
            want = subtree(text, hs, i)
            e, got = srv.docs_call("%s#%s" % (path, a))
            got = re.sub(r"\n\n---\n_Section .*\Z", "", got, flags=re.S)
            c["sections-docs"].add(not e and got.rstrip() == want,
                                   "%s#%s: %d of %d bytes" %
                                   (path, a, len(got.rstrip()), len(want)))
            try:
                r = srv.call("resources/read", {"uri": "%s%s#%s" % (base, path, a)})
                got = r["contents"][0]["text"]
            except LookupError:
                got = ""
            c["sections-resource"].add(got.rstrip() == want,
                                       "%s#%s: %d of %d bytes" %
                                       (path, a, len(got.rstrip()), len(want)))
            rc, got = cli_get(binary, "%s#%s" % (path, a))
            c["sections-cli"].add(rc == 0 and got.rstrip() == want,
                                  "%s#%s: %d of %d bytes" %
                                  (path, a, len(got.rstrip()), len(want)))
        for n, line, _ in lines_outside_fences(text):
            for t in link_targets(line):
                targets.setdefault(t, "%s:%d" % (path, n + 1))
                uses.append(t)
            bare = CODESPAN.sub("", line)
            bad = re.match(r"\s*(import|export)\s", bare) or \
                re.search(r"(?<!\\)<[A-Z]", bare) or "{{" in bare or "{' '}" in bare
            c["mdx"].add(not bad, "%s:%d: %s" % (path, n + 1, line.strip()[:100]))
        for n, line, _ in lines_outside_fences(text):
            c["blanks"].add(line == line.rstrip(" \t"),
                            "%s:%d: %r" % (path, n + 1, line[-40:]))
        bare = "\n".join(CODESPAN.sub("", l) for _, l, _ in lines_outside_fences(text))
        for ph in re.findall(r"`anonymous`", text) + PLACEHOLDER.findall(bare):
            c["placeholders"].add(False, "%s: %s" % (path, ph))
        rc, raw = cli_get(binary, path, raw=True)
        if report:
            for _, line, _ in lines_outside_fences(raw):
                for t in link_targets(line) + re.findall(r'href="([^"]+)"', line):
                    if t and not t.startswith("#") and not SCHEME.match(t):
                        raw_targets.setdefault(t, path)
        if yaml is not None:
            names = yaml_names(raw) if "\nreference:" in raw[:raw.find("\n---\n", 3) + 1] else set()
            if names:
                code = code_text(text)
                for nm in sorted(names):
                    c["yaml"].add(nm in code, "%s: %s" % (path, nm))
                    c["yaml-anywhere"].add(nm in text)
    if yaml is None:
        c["yaml"].skipped = "python3 yaml module missing"

    opened = {}
    for t in targets:
        if SCHEME.match(t):
            ok = True
        elif t == "" or t.startswith("#"):
            ok = False
        else:
            e, _ = srv.docs_call(t)
            ok = not e
        opened[t] = ok
        c["links"].add(ok, "%s (%s)" % (t, targets[t]))
    for t in uses:
        c["link-uses"].add(opened[t])
    c["link-uses"].examples = []
    for t in raw_targets:
        e, _ = srv.docs_call(t)
        c["raw-links"].add(not e, "%s (%s)" % (t, raw_targets[t]))
    if not report:
        del c["yaml-anywhere"], c["raw-links"]
    srv.close()

    return srv.name, len(paths), c


def main():
    args, binaries, only, show = sys.argv[1:], [], None, 5
    report = "--report" in args
    i = 0
    while i < len(args):
        if args[i] == "--show":
            show, i = int(args[i + 1]), i + 1
        elif args[i] == "--checks":
            only, i = args[i + 1].split(","), i + 1
        elif not args[i].startswith("--"):
            binaries.append(os.path.abspath(args[i]))
        i += 1
    runs = [walk(b, report) for b in binaries]
    if report:
        for name, npages, c in runs:
            print("%s: %d pages" % (name, npages))
            for k in c.values():
                if k.skipped:
                    print("  %-18s skipped: %s" % (k.name, k.skipped))
                    continue
                print("  %-18s %6d of %6d fail  (%s)" % (k.name, k.bad, k.total, k.what))
                for ex in k.examples[:show]:
                    print("      " + ex)
        return 0
    checks = [(name, k) for name, _, c in runs for k in c.values()
              if only is None or k.name in only]
    print("1..%d" % len(checks))
    failed = 0
    for n, (name, k) in enumerate(checks, 1):
        if k.skipped:
            print("ok %d - %s: %s # SKIP %s" % (n, name, k.what, k.skipped))
            continue
        ok = k.bad == 0
        print("%s %d - %s: %s: %d of %d" % ("ok" if ok else "not ok", n, name,
                                            k.what, k.total - k.bad, k.total))
        for ex in k.examples[:show]:
            print("#   " + ex)
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

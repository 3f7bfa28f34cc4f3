// parity.mjs - ours against the reference, @workos/mcp-docs-server@0.2.0
// (installed next to this file), on workos_docs for every page of the corpus.
//
// Ours is asked {path, format: "raw"} (the MDX, as the reference serves it),
// the reference {path}.  Each answer is split at the navigation hints
// ("\n\n---\n### Navigation Hints\n"); then
//   - the page content (before the hints) must be byte-identical;
//   - the hints must list the same entries in the same order in each of
//     their three lists: subfolders, other pages in the folder, parent
//     folder pages.
// Normalisation before comparing hints (each one an intended difference,
// counted in the summary, never a failure):
//   1. list headings are compared by kind, not wording: the reference writes
//      "**Other pages in :**" (an empty folder name) for top-level pages;
//   2. the closing tip line (which names the tool) is dropped.
// PARITY_STRICT=1 makes any difference in wording a failure too.
// Every "x/index" page is also asked as "x" (both servers resolve it).
//
// Env: DOCS_BIN (our server), CORPUS_DIR (the corpus folder, holding docs/),
// PARITY_LIMIT (only the first N pages).  Prints TAP.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ok, comment, done, corpus, textOf, withTimeout } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const refDir = path.join(here, 'node_modules', '@workos', 'mcp-docs-server');
const MARK = '\n\n---\n### Navigation Hints\n';
const strict = process.env.PARITY_STRICT === '1';

async function connect(name, command, args) {
	const transport = new StdioClientTransport({ command, args, stderr: 'ignore' });
	const client = new Client({ name: `mdxmcp-parity-${name}`, version: '1.0.0' });
	await withTimeout(client.connect(transport), 15000, `connect ${name}`);
	return client;
}

// Split an answer into {content, hints} at the last navigation marker.
function split(text) {
	const i = text.lastIndexOf(MARK);
	if (i < 0)
		return { content: text, hints: null };
	return { content: text.slice(0, i), hints: text.slice(i + MARK.length) };
}

// Parse navigation hints into {subdirs, siblings, parents, headings, tip}.
function parseHints(hints) {
	const out = { subdirs: [], siblings: [], parents: [], headings: [], tip: '' };
	let cur = null;
	for (const line of hints.split('\n')) {
		let m;
		if ((m = /^\*\*(.*):\*\*$/.exec(line))) {
			out.headings.push(m[1]);
			if (/^Subdirectories/i.test(m[1]))
				cur = out.subdirs;
			else if (/^Other pages/i.test(m[1]))
				cur = out.siblings;
			else if (/^Parent/i.test(m[1]))
				cur = out.parents;
			else
				cur = null;
		} else if ((m = /^- (.*)$/.exec(line)) && cur) {
			cur.push(m[1]);
		} else if (line.trim() !== '') {
			out.tip += line + '\n';
			cur = null;
		}
	}
	return out;
}

// First difference of two strings, for the diagnostic.
function firstDiff(a, b) {
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i])
		i++;
	return { at: i, ours: JSON.stringify(a.slice(Math.max(0, i - 40), i + 60)),
	    reference: JSON.stringify(b.slice(Math.max(0, i - 40), i + 60)),
	    oursLength: a.length, referenceLength: b.length };
}

function listDiff(kind, a, b) {
	if (JSON.stringify(a) === JSON.stringify(b))
		return null;
	const sa = new Set(a), sb = new Set(b);
	return { list: kind, onlyOurs: a.filter(x => !sb.has(x)).slice(0, 10),
	    onlyReference: b.filter(x => !sa.has(x)).slice(0, 10),
	    sameItemsOtherOrder: a.length === b.length && a.every(x => sb.has(x)) };
}

const corpusDir = process.env.CORPUS_DIR;
const ours = process.env.DOCS_BIN;
if (!ours || !corpusDir || !fs.existsSync(path.join(corpusDir, 'docs'))) {
	console.log('1..0 # SKIP no DOCS_BIN or no corpus (CORPUS_DIR/docs)');
	process.exit(0);
}
if (!fs.existsSync(path.join(refDir, 'dist', 'index.js'))) {
	console.log('1..0 # SKIP the reference package is not installed');
	process.exit(0);
}

const c = corpus(corpusDir);
const refPages = corpus(path.join(refDir, '.docs', 'organized')).pages.map(p => p.path);
const pages = c.pages.map(p => p.path);
ok(JSON.stringify(pages) === JSON.stringify(refPages),
    `the corpus is the reference's (${refPages.length} pages)`,
    { ours: pages.length, reference: refPages.length });

let mine, ref;
try {
	mine = await connect('ours', ours, []);
	ref = await connect('reference', process.execPath, [path.join(refDir, 'dist', 'index.js')]);
} catch (e) {
	ok(false, 'connect to both servers', e.message);
	done();
	process.exit();
}

const asks = [];
for (const p of pages) {
	asks.push(p);
	if (p.endsWith('/index'))
		asks.push(p.slice(0, -'/index'.length));
}
const limit = Number(process.env.PARITY_LIMIT) || asks.length;
const stats = { asked: 0, content: 0, hints: 0, wording: 0, noHints: 0,
    errors: 0, ms: { ours: 0, reference: 0 } };
const differing = [];

for (const p of asks.slice(0, limit)) {
	stats.asked++;
	let a, b;
	try {
		let t0 = performance.now();
		a = await withTimeout(mine.callTool({ name: 'workos_docs',
		    arguments: { path: p, format: 'raw' } }), 10000, 'ours');
		stats.ms.ours += performance.now() - t0;
		t0 = performance.now();
		b = await withTimeout(ref.callTool({ name: 'workos_docs',
		    arguments: { path: p } }), 10000, 'reference');
		stats.ms.reference += performance.now() - t0;
	} catch (e) {
		stats.errors++;
		ok(false, `parity ${p}`, e.message);
		continue;
	}
	if (a.isError || b.isError) {
		stats.errors++;
		ok(false, `parity ${p}`, { oursIsError: !!a.isError, referenceIsError: !!b.isError,
		    ours: textOf(a).slice(0, 200), reference: textOf(b).slice(0, 200) });
		continue;
	}
	const x = split(textOf(a)), y = split(textOf(b));
	const problems = [];
	if (x.content !== y.content) {
		stats.content++;
		problems.push({ content: firstDiff(x.content, y.content) });
	}
	if (x.hints === null || y.hints === null) {
		stats.noHints++;
		problems.push({ hints: `missing in ${x.hints === null ? 'ours' : 'reference'}` });
	} else {
		const h = parseHints(x.hints), k = parseHints(y.hints);
		const d = ['subdirs', 'siblings', 'parents']
		    .map(kind => listDiff(kind, h[kind], k[kind])).filter(Boolean);
		if (d.length) {
			stats.hints++;
			problems.push(...d);
		}
		if (x.hints !== y.hints && !d.length) {
			stats.wording++;
			if (strict)
				problems.push({ wording: firstDiff(x.hints, y.hints) });
		}
	}
	if (problems.length)
		differing.push(p);
	ok(problems.length === 0, `parity ${p}`, problems);
}

comment(`parity summary: ${stats.asked} paths asked (${pages.length} pages + "x" for each "x/index")`);
comment(`  content differs: ${stats.content}; hint lists differ: ${stats.hints}; ` +
    `hints missing: ${stats.noHints}; errors: ${stats.errors}`);
comment(`  hints differing only in wording (normalised, allowed${strict ? ' unless strict' : ''}): ${stats.wording}`);
comment(`  time: ours ${stats.ms.ours.toFixed(0)} ms, reference ${stats.ms.reference.toFixed(0)} ms`);
if (differing.length)
	comment(`  differing: ${differing.slice(0, 20).join(' ')}${differing.length > 20 ? ' ...' : ''}`);
await mine.close().catch(() => {});
await ref.close().catch(() => {});
done();
process.exit();

// lib.mjs - shared helpers of the interop tests: TAP output, the server
// under test, what its corpus holds (read from the MDX files on disk), and
// the client-independent checks every official client runs.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---- TAP ------------------------------------------------------------------

let count = 0;
let failed = 0;

// Print one test point; diag (string or object) goes below it as comments.
export function ok(cond, name, diag) {
	count++;
	if (!cond)
		failed++;
	console.log(`${cond ? 'ok' : 'not ok'} ${count} - ${name}`);
	if (!cond && diag !== undefined) {
		const text = typeof diag === 'string' ? diag :
		    JSON.stringify(diag, null, 1);
		for (const line of String(text).split('\n').slice(0, 40))
			console.log(`#   ${line}`);
	}
	return cond;
}

export function comment(text) {
	for (const line of String(text).split('\n'))
		console.log(`# ${line}`);
}

// Print the plan (at the end: the number of points depends on the corpus).
export function done() {
	console.log(`1..${count}`);
	process.exitCode = failed ? 1 : 0;
}

// Run fn as one test point that fails when it throws.
export async function step(name, fn) {
	try {
		const r = await fn();
		if (r === undefined || r === true)
			return ok(true, name);
		if (r === false)
			return ok(false, name);
		return ok(r.ok, name, r.diag);
	} catch (e) {
		return ok(false, name, e && e.stack ?
		    e.stack.split('\n').slice(0, 3).join('\n') : String(e));
	}
}

// ---- the server under test ----------------------------------------------

// srcdir of the package: INTEROP_SRCDIR (set by tests/interop.test),
// automake's srcdir, else two folders up from this file.
function srcdir() {
	for (const d of [process.env.INTEROP_SRCDIR, process.env.srcdir]) {
		if (d && fs.existsSync(path.join(d, 'corpus')))
			return path.resolve(d);
	}
	return path.resolve(here, '..', '..');
}

// Read "key = value" lines of a corpus config file into an object.
function readConf(file) {
	const out = {};
	let text;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return out;
	}
	for (const line of text.split('\n')) {
		const m = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
		if (m)
			out[m[1]] = m[2];
	}
	return out;
}

// The server to test: SAMPLE_BIN (the sample corpus) when set, else
// DOCS_BIN (the configured corpus), else the reference package when
// INTEROP_REFERENCE=1.  INTEROP_TARGET=docs picks DOCS_BIN even when
// SAMPLE_BIN is set.  With INTEROP_URL set, that binary is already
// serving Streamable HTTP there (`serve`): t.url says to connect to it.
export function target() {
	const t = pickTarget();
	if (process.env.INTEROP_URL && !t.reference) {
		t.url = process.env.INTEROP_URL;
		t.label += ` over HTTP at ${t.url}`;
	}
	return t;
}

function pickTarget() {
	const top = srcdir();
	const env = process.env;
	const useDocs = env.INTEROP_TARGET === 'docs' || !env.SAMPLE_BIN;
	if (env.INTEROP_REFERENCE === '1') {
		const ref = path.join(here, 'node_modules', '@workos',
		    'mcp-docs-server');
		return {
			label: 'reference @workos/mcp-docs-server',
			command: process.execPath,
			args: [path.join(ref, 'dist', 'index.js')],
			prefix: 'workos',
			corpus: path.join(ref, '.docs', 'organized'),
			reference: true,
		};
	}
	if (!useDocs) {
		const conf = readConf(path.join(top, 'corpus', 'sample.conf'));
		return {
			label: 'sample corpus',
			command: env.SAMPLE_BIN,
			args: [],
			prefix: env.INTEROP_PREFIX || conf.prefix || 'acme',
			corpus: env.SAMPLE_DIR || path.join(top, 'corpus', 'sample'),
			baseUrl: conf.base_url,
			aliases: conf.aliases && path.join(top, 'corpus', conf.aliases),
		};
	}
	const name = env.CORPUS_NAME || 'workos';
	const conf = readConf(path.join(top, 'corpus', `${name}.conf`));
	const bin = env.DOCS_BIN || path.join(top, conf.binary || 'workos-docs-mcp');
	return {
		label: `${name} corpus`,
		command: bin,
		args: [],
		prefix: env.INTEROP_PREFIX || conf.prefix || 'workos',
		corpus: env.CORPUS_DIR ? path.resolve(env.CORPUS_DIR) :
		    path.join(top, 'corpus', name),
		baseUrl: conf.base_url,
		aliases: conf.aliases && path.join(top, 'corpus', conf.aliases),
	};
}

// ---- what the corpus holds ----------------------------------------------

function walk(dir, rel, out) {
	let ents;
	try {
		ents = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
	} catch {
		return out;
	}
	for (const e of ents) {
		const r = rel ? `${rel}/${e.name}` : e.name;
		if (e.isDirectory())
			walk(dir, r, out);
		else if (/\.mdx?$/.test(e.name))
			out.push(r);
	}
	return out;
}

// Frontmatter title of an MDX text, quotes removed, or null.
function fmTitle(text) {
	const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
	if (!m)
		return null;
	const t = /^title:[ \t]*(.*?)[ \t]*$/m.exec(m[1]);
	if (!t)
		return null;
	let v = t[1];
	if (/^(['"]).*\1$/.test(v))
		v = v.slice(1, -1);
	return v || null;
}

// The pages of a corpus folder (holding docs/, else the pages themselves):
// every .mdx and .md file, as the reference serves them.
// sorted [{path, title, code: [lines of fenced code]}], and changelogs.
export function corpus(dir) {
	const docs = fs.existsSync(path.join(dir, 'docs')) ?
	    path.join(dir, 'docs') : dir;
	const files = walk(docs, '', []).sort();
	const pages = files.map(f => {
		const text = fs.readFileSync(path.join(docs, f), 'utf8');
		const code = [];
		let inFence = false;
		for (const line of text.split('\n')) {
			if (/^\s*```/.test(line)) {
				inFence = !inFence;
				continue;
			}
			if (inFence && line.trim().length >= 8)
				code.push(line.trim());
		}
		return { path: f.replace(/\.mdx?$/, ''), title: fmTitle(text), code };
	});
	let changelogs = [];
	try {
		changelogs = fs.readdirSync(path.join(dir, 'changelogs'))
		    .filter(f => f.endsWith('.json'))
		    .map(f => f.slice(0, -5)).sort();
	} catch {
		/* no changelogs folder */
	}
	return { docs, pages, changelogs };
}

// ---- helpers over any client ---------------------------------------------

export function textOf(result) {
	if (!result || !Array.isArray(result.content))
		return '';
	return result.content.filter(c => c.type === 'text')
	    .map(c => c.text).join('\n');
}

export function withTimeout(p, ms, what) {
	let t;
	const timer = new Promise((_, reject) => {
		t = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
	});
	return Promise.race([p, timer]).finally(() => clearTimeout(t));
}

// A page good for content checks: a plain title, preferring one with code.
export function pickPage(pages) {
	const plain = pages.filter(p => p.title && /^[\w .,()-]{3,80}$/.test(p.title) &&
	    !p.path.split('/').pop().startsWith('_'));
	return plain.find(p => p.code.length > 0) || plain[0] || pages[0];
}

// ---- the checks, the same for every client --------------------------------

// The first "old new" line of an aliases file whose new page has a plain
// title: {from, to: page}, or null.
function firstAlias(file, pages) {
	let text;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return null;
	}
	for (const line of text.split('\n')) {
		const m = /^([^#\s]\S*)\s+(\S+)\s*$/.exec(line);
		const to = m && pages.find(p => p.path === m[2]);
		if (to && to.title && /^[\w .,()-]{3,80}$/.test(to.title))
			return { from: m[1], to };
	}
	return null;
}

// "x" for "x/index", else the path itself.
function short(p) {
	return p.endsWith('/index') ? p.slice(0, -'/index'.length) : p;
}

// Run every check through api, an adapter over one connected client:
//   listTools(), callTool(name, args), listResourcesPage(cursor),
//   listResourcesAll() (optional), readResource(uri),
//   listResourceTemplates(), complete(ref, argument), ping() (optional),
//   era ('legacy' or 'modern').
export async function checks(api, t) {
	const c = corpus(t.corpus);
	const P = t.prefix;
	const page = pickPage(c.pages);
	const names = ['docs', 'search', 'examples', 'changelogs'].map(n => `${P}_${n}`);
	const required = { docs: 'path', search: 'query', examples: 'example',
	    changelogs: 'package' };
	comment(`${t.label}: ${c.pages.length} pages, ${c.changelogs.length} changelogs on disk; probe page ${page ? page.path : '(none)'}`);
	ok(c.pages.length > 0, 'corpus on disk has pages', t.corpus);

	let tools = [];
	await step('tools/list answers', async () => {
		tools = await api.listTools();
		return Array.isArray(tools);
	});
	const got = tools.map(x => x.name).sort();
	ok(JSON.stringify(got) === JSON.stringify([...names].sort()),
	    `exactly the 4 tools ${names.join(', ')}`, got);
	for (const n of names) {
		const tool = tools.find(x => x.name === n);
		const key = required[n.slice(P.length + 1)];
		ok(tool && tool.inputSchema && tool.inputSchema.type === 'object' &&
		    tool.inputSchema.properties && tool.inputSchema.properties[key] &&
		    Array.isArray(tool.inputSchema.required) &&
		    tool.inputSchema.required.includes(key),
		    `${n} inputSchema requires "${key}"`, tool && tool.inputSchema);
		ok(t.reference || (tool && tool.annotations &&
		    tool.annotations.readOnlyHint === true &&
		    tool.annotations.openWorldHint === false),
		    `${n} annotations: readOnlyHint true, openWorldHint false`,
		    tool && tool.annotations);
		ok(t.reference || (tool && typeof tool.title === 'string' && tool.title.length > 0),
		    `${n} has a title`, tool && tool.title);
		ok(tool && typeof tool.description === 'string' && tool.description.length > 20,
		    `${n} has a description`);
	}

	// <prefix>_docs on a known page: its title is in the text.
	await step(`${P}_docs {path: "${page.path}"} gives the page`, async () => {
		const r = await api.callTool(`${P}_docs`, { path: page.path });
		const text = textOf(r);
		// Text only: some clients show the model only structuredContent.
		return { ok: !r.isError && page.title !== null && text.includes(page.title) &&
		    r.structuredContent === undefined,
		    diag: { isError: r.isError, title: page.title, head: text.slice(0, 300),
		    structuredContent: r.structuredContent !== undefined } };
	});
	// Same page by an equivalent spelling: trailing slash, .mdx, upper case.
	await step(`${P}_docs accepts "/${page.path.toUpperCase()}.mdx"`, async () => {
		const r = await api.callTool(`${P}_docs`,
		    { path: `/${page.path.toUpperCase()}.mdx` });
		const text = textOf(r);
		return { ok: !r.isError && text.includes(page.title),
		    diag: text.slice(0, 300) };
	});
	if (t.baseUrl) {
		const url = `${t.baseUrl}/${short(page.path)}`;
		await step(`${P}_docs accepts the full URL ${url}`, async () => {
			const r = await api.callTool(`${P}_docs`, { path: url });
			const text = textOf(r);
			return { ok: !r.isError && text.includes(page.title),
			    diag: text.slice(0, 300) };
		});
	}
	const alias = firstAlias(t.aliases, c.pages);
	if (alias) {
		await step(`${P}_docs follows the alias ${alias.from} -> ${alias.to.path}`, async () => {
			const r = await api.callTool(`${P}_docs`, { path: alias.from });
			const text = textOf(r);
			return { ok: !r.isError && text.includes(alias.to.title),
			    diag: text.slice(0, 300) };
		});
	}
	await step(`${P}_docs on an unknown path is an isError result`, async () => {
		const r = await api.callTool(`${P}_docs`,
		    { path: 'no-such-area/no-such-page-zq' });
		const text = textOf(r);
		return { ok: r.isError === true && text.includes('no-such-area/no-such-page-zq'),
		    diag: { isError: r.isError, head: text.slice(0, 300) } };
	});
	await step(`${P}_docs with a missing argument is an isError result naming "path"`, async () => {
		const r = await api.callTool(`${P}_docs`, {});
		return { ok: r.isError === true && /\bpath\b/i.test(textOf(r)),
		    diag: textOf(r).slice(0, 300) };
	});

	// <prefix>_search on a title word: the page is among the hits.
	const word = page.title.split(/\s+/).sort((a, b) => b.length - a.length)[0];
	await step(`${P}_search {query: "${word}"} finds ${page.path}`, async () => {
		const r = await api.callTool(`${P}_search`, { query: word, maxResults: 50 });
		const text = textOf(r);
		return { ok: !r.isError && text.includes(page.path),
		    diag: { isError: r.isError, head: text.slice(0, 400) } };
	});

	// <prefix>_examples on the page's top-level area: its code is shown.
	const withCode = c.pages.find(p => p.code.length > 0);
	if (withCode) {
		const area = withCode.path.split('/')[0];
		await step(`${P}_examples {example: "${area}"} shows code from ${withCode.path}`, async () => {
			const r = await api.callTool(`${P}_examples`, { example: area });
			const text = textOf(r);
			return { ok: !r.isError && text.includes(withCode.code[0]) &&
			    text.includes('```'),
			    diag: { isError: r.isError, want: withCode.code[0], head: text.slice(0, 400) } };
		});
	} else {
		ok(true, `${P}_examples # SKIP no fenced code in the corpus`);
	}
	await step(`${P}_examples on an unknown group answers the list of groups`, async () => {
		const r = await api.callTool(`${P}_examples`, { example: 'no-such-group-zq' });
		const text = textOf(r);
		return { ok: text.length > 0 && (!withCode ||
		    text.includes(withCode.path.split('/')[0])), diag: text.slice(0, 400) };
	});

	// <prefix>_changelogs on the first changelog of the corpus.
	if (c.changelogs.length) {
		const pkg = c.changelogs[0];
		await step(`${P}_changelogs {package: "${pkg}"} gives a changelog`, async () => {
			const r = await api.callTool(`${P}_changelogs`, { package: pkg });
			const text = textOf(r);
			return { ok: !r.isError && text.includes(pkg) && text.length > 40,
			    diag: { isError: r.isError, head: text.slice(0, 300) } };
		});
		await step(`${P}_changelogs on an unknown package is an isError result listing "${pkg}"`, async () => {
			const r = await api.callTool(`${P}_changelogs`, { package: 'no-such-pkg-zq' });
			return { ok: r.isError === true && textOf(r).includes(pkg),
			    diag: textOf(r).slice(0, 300) };
		});
	} else {
		ok(true, `${P}_changelogs # SKIP the corpus has no changelogs`);
	}

	await step('an unknown tool is JSON-RPC error -32602', async () => {
		try {
			const r = await api.callTool(`${P}_no_such_tool`, {});
			return { ok: false, diag: { result: r } };
		} catch (e) {
			return { ok: e.code === -32602, diag: { code: e.code, message: e.message } };
		}
	});

	if (t.reference) {
		comment('the reference has no resources: resource checks skipped');
		return;
	}

	// resources/list through every cursor.
	const uris = [];
	let pages = 0;
	await step('resources/list pages through every cursor', async () => {
		let cursor;
		const seen = new Set();
		do {
			const r = await api.listResourcesPage(cursor);
			pages++;
			for (const res of r.resources)
				uris.push(res);
			cursor = r.nextCursor;
			if (cursor !== undefined && seen.has(cursor))
				return { ok: false, diag: `cursor repeats: ${cursor}` };
			seen.add(cursor);
		} while (cursor !== undefined && pages < 1000);
		return cursor === undefined;
	});
	comment(`resources/list: ${uris.length} resources in ${pages} page(s)`);
	ok(uris.length === c.pages.length,
	    `resources/list count equals the page count (${c.pages.length})`,
	    { listed: uris.length });
	const base = `${P}://docs/`;
	const bad = uris.filter(r => !r.uri.startsWith(base) || r.mimeType !== 'text/markdown' ||
	    typeof r.name !== 'string');
	ok(bad.length === 0, `every resource is ${base}<path>, text/markdown, named`,
	    bad.slice(0, 5));
	const uniq = new Set(uris.map(r => r.uri));
	ok(uniq.size === uris.length, 'resource URIs are unique');
	// "x/index" may be listed as "x".
	const missing = c.pages.map(p => p.path).filter(p => !uniq.has(base + p) &&
	    !(p.endsWith('/index') && uniq.has(base + short(p))));
	ok(missing.length === 0, 'every page on disk is listed by its path',
	    missing.slice(0, 10));
	if (api.listResourcesAll) {
		await step('aggregated listResources() gives the same count', async () => {
			const all = await api.listResourcesAll();
			return { ok: all.length === c.pages.length, diag: { got: all.length } };
		});
	}

	const uri = base + (uniq.has(base + page.path) ? page.path : short(page.path));
	await step(`resources/read ${uri}`, async () => {
		const r = await api.readResource(uri);
		const x = r.contents && r.contents[0];
		return { ok: x && x.uri === uri && x.mimeType === 'text/markdown' &&
		    typeof x.text === 'string' && x.text.includes(page.title),
		    diag: x ? { uri: x.uri, mimeType: x.mimeType, head: String(x.text).slice(0, 200) } : r };
	});
	// -32002 (resource not found) in the legacy era, -32602 in 2026-07-28.
	const notFound = api.era === 'modern' ? -32602 : -32002;
	await step(`resources/read of a missing page is JSON-RPC error ${notFound}`, async () => {
		try {
			const r = await api.readResource(`${base}no-such-page-zq`);
			return { ok: false, diag: r };
		} catch (e) {
			return { ok: e.code === notFound,
			    diag: { code: e.code, message: e.message } };
		}
	});

	const tmpl = `${P}://docs/{+path}`;
	await step(`resources/templates/list offers ${tmpl}`, async () => {
		const list = await api.listResourceTemplates();
		return { ok: list.some(x => x.uriTemplate === tmpl), diag: list };
	});

	// completion/complete on the template's path with a 2-letter prefix.
	const pre = page.path.slice(0, 2);
	const expect = c.pages.map(p => p.path).filter(p => p.startsWith(pre));
	await step(`completion/complete path "${pre}" gives only matching paths`, async () => {
		const r = await api.complete({ type: 'ref/resource', uri: tmpl },
		    { name: 'path', value: pre });
		const v = r.completion.values;
		const okv = Array.isArray(v) && v.length > 0 && v.length <= 100 &&
		    v.every(x => x.startsWith(pre)) &&
		    (expect.length > 100 || v.includes(page.path) ||
		    v.includes(short(page.path))) &&
		    (r.completion.total === undefined || r.completion.total >= v.length);
		return { ok: okv, diag: { values: v.slice(0, 10), total: r.completion.total,
		    hasMore: r.completion.hasMore, expected: expect.length } };
	});
	await step('completion/complete with no match gives no values', async () => {
		const r = await api.complete({ type: 'ref/resource', uri: tmpl },
		    { name: 'path', value: 'zzq-no-such' });
		return { ok: Array.isArray(r.completion.values) && r.completion.values.length === 0,
		    diag: r };
	});

	if (api.ping) {
		await step('ping', async () => {
			await api.ping();
			return true;
		});
	}
}

// sdk2.mjs MODE - the @modelcontextprotocol/client 2.x Client over stdio,
// or over Streamable HTTP when INTEROP_URL is set, against the server
// under test.  MODE "auto": versionNegotiation auto (server/discover
// probe, falls back to initialize); MODE "pin": pinned to the 2026-07-28
// revision.  Prints TAP.

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { ok, step, done, comment, checks, target, withTimeout } from './lib.mjs';

const MODERN = '2026-07-28';
const mode = process.argv[2] === 'pin' ? 'pin' : 'auto';
const t = target();

const transport = t.url ? new StreamableHTTPClientTransport(new URL(t.url)) :
    new StdioClientTransport({ command: t.command, args: t.args,
	stderr: 'ignore' });
const client = new Client({ name: `mdxmcp-interop-sdk2-${mode}`, version: '1.0.0' }, {
	versionNegotiation: { mode: mode === 'pin' ? { pin: MODERN } : 'auto',
	    probe: { timeoutMs: 5000 } },
});
comment(`sdk 2.x client (${mode === 'pin' ? `pinned to ${MODERN}` : 'auto'}) against ${t.label}: ${t.command}`);

const connected = await step(`connect (${mode})`, async () => {
	await withTimeout(client.connect(transport), 15000, 'connect');
	return true;
});
if (connected) {
	const era = client.getProtocolEra();
	const version = client.getNegotiatedProtocolVersion();
	comment(`negotiated ${version} (${era} era)`);
	if (t.reference)
		ok(era === 'legacy', 'the reference is a legacy server', { era, version });
	else
		ok(era === 'modern' && version === MODERN,
		    `modern era at ${MODERN}`, { era, version });
	const info = client.getServerVersion() || {};
	ok(typeof info.name === 'string' && info.name.length > 0,
	    'server identity has a name', info);
	const instr = client.getInstructions();
	ok(t.reference || (typeof instr === 'string' && instr.length > 0 &&
	    instr.length <= 2048), 'instructions present, at most 2,048 characters',
	    { length: instr && instr.length });
	if (!t.reference) {
		const d = client.getDiscoverResult();
		ok(d && Array.isArray(d.supportedVersions) &&
		    d.supportedVersions.includes(MODERN),
		    `server/discover lists ${MODERN}`, d);
	}

	// Every call bypasses the client's response cache: test the server.
	const nocache = { cacheMode: 'bypass' };
	const api = {
		era,
		listTools: async () => (await client.listTools(undefined, nocache)).tools,
		callTool: (name, args) => client.callTool({ name, arguments: args }),
		// One page at a time: the raw request, not the aggregating walk.
		listResourcesPage: cursor => client.request({ method: 'resources/list',
		    params: cursor ? { cursor } : {} }),
		listResourcesAll: async () =>
		    (await client.listResources(undefined, nocache)).resources,
		readResource: uri => client.readResource({ uri }, nocache),
		listResourceTemplates: async () =>
		    (await client.listResourceTemplates(undefined, nocache)).resourceTemplates,
		complete: (ref, argument) => client.complete({ ref, argument }),
		// ping is gone from the 2026-07-28 revision.
		ping: era === 'modern' ? undefined : () => client.ping(),
	};
	try {
		await withTimeout(checks(api, t), 60000, 'checks');
	} catch (e) {
		ok(false, 'checks finished', e.message);
	}
}
await client.close().catch(() => {});
done();
process.exit();

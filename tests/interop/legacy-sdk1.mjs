// legacy-sdk1.mjs - the legacy @modelcontextprotocol/sdk 1.x Client over
// stdio, or over Streamable HTTP when INTEROP_URL is set (initialize
// handshake) against the server under test.  Prints TAP.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { ok, step, done, comment, checks, target, withTimeout } from './lib.mjs';

const t = target();
const LEGACY = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

// A transport recording the initialize answer on its way in.
const recording = Base => class extends Base {
	start() {
		const inner = this.onmessage;
		const self = this;
		this.onmessage = function (msg) {
			if (msg && msg.result && msg.result.protocolVersion)
				self.initResult = msg.result;
			return inner && inner.call(this, msg);
		};
		return super.start();
	}
};

const transport = t.url ?
    new (recording(StreamableHTTPClientTransport))(new URL(t.url)) :
    new (recording(StdioClientTransport))({ command: t.command, args: t.args,
	stderr: 'ignore' });
const client = new Client({ name: 'mdxmcp-interop-sdk1', version: '1.0.0' });
comment(`sdk 1.x client (latest ${LATEST_PROTOCOL_VERSION}) against ${t.label}: ${t.command}`);

const connected = await step('connect (initialize handshake)', async () => {
	await withTimeout(client.connect(transport), 10000, 'connect');
	return true;
});
if (connected) {
	const init = transport.initResult || {};
	ok(init.protocolVersion === LATEST_PROTOCOL_VERSION ||
	    (t.reference && LEGACY.concat('2024-10-07').includes(init.protocolVersion)),
	    `server answers the client's version ${LATEST_PROTOCOL_VERSION}`,
	    { protocolVersion: init.protocolVersion });
	const info = client.getServerVersion() || {};
	ok(typeof info.name === 'string' && info.name.length > 0 &&
	    typeof info.version === 'string', 'serverInfo has a name and version', info);
	const instr = client.getInstructions();
	ok(t.reference || (typeof instr === 'string' && instr.length > 0 &&
	    instr.length <= 2048), 'instructions present, at most 2,048 characters',
	    { length: instr && instr.length });
	if (t.url)
		ok(transport.sessionId === undefined,
		    'stateless: no Mcp-Session-Id assigned', transport.sessionId);
	const caps = client.getServerCapabilities() || {};
	ok(caps.tools && (t.reference || (caps.resources && caps.completions)),
	    'capabilities: tools, resources, completions', caps);

	const api = {
		era: 'legacy',
		listTools: async () => (await client.listTools()).tools,
		callTool: (name, args) => client.callTool({ name, arguments: args }),
		listResourcesPage: cursor => client.listResources(cursor ? { cursor } : {}),
		readResource: uri => client.readResource({ uri }),
		listResourceTemplates: async () =>
		    (await client.listResourceTemplates()).resourceTemplates,
		complete: (ref, argument) => client.complete({ ref, argument }),
		ping: () => client.ping(),
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

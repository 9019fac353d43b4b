// @ts-check
'use strict';

/**
 * The sandbox as a process for scripts/bench/diy.js, with one more loopback route beside it:
 * GET {membersUrl}/{audienceId} → { members, unmatched, membersDigest, unmatchedDigest, unmatchedSample },
 * the live membership of a Meta audience (matched person ids; fingerprints of rows that matched
 * nobody), each SHA-256 over the sorted list, which the sandbox's own routes only show rounded.
 * Prints one JSON line {"url":…,"membersUrl":…}.
 *
 * Usage: node scripts/bench/diy-sandbox.js --population N
 */
const http = require('node:http');
const { createHash } = require('node:crypto');
const { startSandbox } = require('../../sandbox');

async function main() {
	const index = process.argv.indexOf('--population');
	const sandbox = await startSandbox({ populationSize: Number(process.argv[index + 1] ?? 20_000) });
	const server = http.createServer((req, res) => {
		const id = /^\/(\d+)$/.exec(req.url ?? '')?.[1];
		try {
			if (!id) throw new Error(`no route ${req.url}`);
			const { members, unmatched } = sandbox.meta.liveAudience(id).membership;
			const sorted = [...members].sort((a, b) => a - b).join(',');
			const fingerprints = [...unmatched].sort();
			const answer = {
				members: members.size,
				unmatched: unmatched.size,
				membersDigest: createHash('sha256').update(sorted).digest('hex'),
				unmatchedDigest: createHash('sha256').update(fingerprints.join(',')).digest('hex'),
				unmatchedSample: fingerprints.slice(0, 5),
			};
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
		} catch (error) {
			res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
		}
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	process.stdout.write(`${JSON.stringify({ url: sandbox.url, membersUrl: `http://127.0.0.1:${address.port}` })}\n`);
	const stop = () => server.close(() => sandbox.close().then(() => process.exit(0)));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`diy-sandbox: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});

// @ts-check
'use strict';

/**
 * Measures Sync on this machine with the built package (dist/): the state of an audience of N
 * members (pack + JSON, and back, as the workflow store saves and loads it; size; memory), then a
 * first full Sync of N contacts and a second one with 1 % churn, through n8n's engine against the
 * local sandbox (Meta). Prints a Markdown table. Nothing leaves 127.0.0.1.
 *
 * Usage: node scripts/bench-sync.js [--members 1000000] [--contacts 1000000]
 */

const path = require('node:path');
const { createEngine } = require('./lib/engine');
const { startSandbox } = require('../sandbox');

const dist = path.join(__dirname, '..', 'dist');
const PACKAGE = 'n8n-nodes-audience-sync';

function argument(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const time = (fn) => {
	const t0 = process.hrtime.bigint();
	const value = fn();
	return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
};

function stateRows(members) {
	const { newSyncState, contactKeyHash, packIdentity, packState, unpackState } = require(path.join(dist, 'nodes/shared/sync/state.js'));
	const { sha256Hex } = require(path.join(dist, 'nodes/shared/identifiers/hash.js'));
	const state = newSyncState();
	for (let i = 0; i < members; i++) {
		// Meta's identity of a contact with an e-mail and a phone (schema order, trailing empties dropped).
		const identity = packIdentity(`${sha256Hex(`person${i}@example.com`)}\u0001${sha256Hex(String(15550000000 + i))}`);
		state.members.set(contactKeyHash(state.secret, `key:crm-${i}`), { identity, sentAt: 1796000000 });
	}
	global.gc?.();
	const before = process.memoryUsage();
	const saved = time(() => JSON.stringify(packState(state)));
	const loaded = time(() => unpackState(JSON.parse(saved.value)));
	global.gc?.();
	const after = process.memoryUsage();
	if (loaded.value.members.size !== members) throw new Error('the state did not round-trip');
	const extra = after.heapUsed + after.external - (before.heapUsed + before.external);
	return [
		['State save (pack + JSON), e-mail + phone per member', members, `${saved.ms.toFixed(0)} ms`, `${mb(saved.value.length)} of JSON (${(saved.value.length / members).toFixed(0)} bytes per member)`],
		['State load (JSON + unpack)', members, `${loaded.ms.toFixed(0)} ms`, `${mb(extra)} extra heap with both copies held`],
	];
}

async function syncRows(count) {
	const { AdAudience } = require(path.join(dist, 'nodes/AdAudience/AdAudience.node.js'));
	const { AudienceMember } = require(path.join(dist, 'nodes/AudienceMember/AudienceMember.node.js'));
	const { MetaAdsApi } = require(path.join(dist, 'credentials/MetaAdsApi.credentials.js'));
	const engine = createEngine({
		nodes: { [`${PACKAGE}.adAudience`]: new AdAudience(), [`${PACKAGE}.audienceMember`]: new AudienceMember() },
		credentials: { metaAdsApi: new MetaAdsApi() },
	});
	const churn = Math.max(1, Math.floor(count / 100));
	const sandbox = await startSandbox({ populationSize: count + churn });
	const rows = [];
	try {
		const credentials = { metaAdsApi: { accessToken: 'sandbox-meta-token', appSecret: '', graphVersion: 'v26.0', baseUrl: sandbox.url } };
		const adAccount = { __rl: true, mode: 'id', value: 'act_1234567890' };
		const created = await engine.runNode({
			type: `${PACKAGE}.adAudience`,
			parameters: { platform: 'meta', operation: 'create', adAccount, name: 'Bench sync', customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'useExisting' },
			credentials,
		});
		const audience = { __rl: true, mode: 'id', value: String(created.items[0].json.id) };
		const contacts = sandbox.population.rawContacts(count + churn).map((c, i) => ({ ...c, crm_id: `crm-${i}`, consent: true }));
		const staticData = {};
		const parameters = { platform: 'meta', operation: 'sync', adAccount, audience, contactKeyField: 'crm_id', options: { summaryOnly: true, defaultCountry: 'US' } };
		for (const [label, input] of [
			['Sync, first run (everyone added)', contacts.slice(0, count)],
			['Sync, 1 % churn (joins and leaves)', contacts.slice(churn, count + churn)],
		]) {
			const before = sandbox.requests.length;
			const t0 = Date.now();
			const run = await engine.runNode({ type: `${PACKAGE}.audienceMember`, parameters, credentials, input, staticData, mode: 'trigger', workflowId: 'bench' });
			const ms = Date.now() - t0;
			if (run.error) throw run.error;
			const sent = sandbox.requests.slice(before).filter((r) => /\/users$/.test(r.path));
			const sentRows = sent.reduce((sum, r) => sum + (r.rows ?? 0), 0);
			rows.push([`${label}, Meta (engine + sandbox)`, input.length, `${ms} ms`, `${sent.length} requests, ${sentRows.toLocaleString('en-US')} rows`]);
		}
	} finally {
		await sandbox.close();
	}
	return rows;
}

async function main() {
	const rows = [...stateRows(argument('members', 1_000_000)), ...(await syncRows(argument('contacts', 1_000_000)))];
	process.stdout.write('| measurement | members / contacts | time | notes |\n|---|---|---|---|\n');
	for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exitCode = 1;
});

// @ts-check
'use strict';

/**
 * Measures the data-table state store (dist/) against a real n8n 2.41.1 on 127.0.0.1: an audience
 * of N members saved for the first time, loaded, a save of 1 % churn (a delta), a load with the
 * delta, and a compaction (the deltas grown past a quarter of the base); the table's size as n8n
 * reports it after each step, against n8n's 200 MB default cap for all data tables. Then both
 * stores as users run them: an active workflow (Webhook → Code making the contacts → Audience
 * Member Sync) executed by n8n, a first Sync and one of 1 % churn per store, against the sandbox.
 *
 * Usage: node scripts/bench-state.js [--members 1000000] [--contacts 100000]
 */

const path = require('node:path');
const { startN8n } = require('./e2e/n8n');
const { startSandbox } = require('../sandbox');

const dist = path.join(__dirname, '..', 'dist');
const argument = (name, fallback) => {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const MiB = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** Just enough of n8n's execute context for the store: its credential, its HTTP helper, its node. */
function contextFor(baseUrl, apiKey) {
	return {
		getNode: () => ({ name: 'Audience Member', type: 'n8n-nodes-audience-sync.audienceMember', typeVersion: 2, parameters: {} }),
		getCredentials: async () => ({ apiKey, baseUrl }),
		helpers: {
			async httpRequestWithAuthentication(_name, options) {
				const response = await fetch(options.url, {
					method: options.method,
					headers: { 'X-N8N-API-KEY': apiKey, 'content-type': 'application/json' },
					body: options.body === undefined ? undefined : JSON.stringify(options.body),
				});
				const text = await response.text();
				return { body: text ? JSON.parse(text) : undefined, headers: Object.fromEntries(response.headers), statusCode: response.status };
			},
		},
	};
}

async function main() {
	const members = argument('members', 1_000_000);
	const { DataTableStore } = require(path.join(dist, 'nodes/shared/sync/dataTableStore.js'));
	const { newSyncState, contactKeyHash, packIdentity } = require(path.join(dist, 'nodes/shared/sync/state.js'));
	const { sha256Hex } = require(path.join(dist, 'nodes/shared/identifiers/hash.js'));

	const n8n = await startN8n();
	try {
		const scopes = ['dataTable:list', 'dataTable:create', 'dataTable:read', 'dataTableRow:create', 'dataTableRow:read', 'dataTableRow:update', 'dataTableRow:delete'];
		const apiKey = (await n8n.rest('POST', '/rest/api-keys', { label: 'bench', scopes, expiresAt: null })).data.rawApiKey;
		const baseUrl = `${n8n.url}/api/v1`;
		if (members > 0) await tableStore(members, baseUrl, apiKey, DataTableStore, newSyncState, contactKeyHash, packIdentity, sha256Hex);
		await workflows(n8n, apiKey, argument('contacts', 100_000));
	} finally {
		await n8n.stop();
	}
}

/** The data-table store alone, driven with a state of `members` members. */
async function tableStore(members, baseUrl, apiKey, DataTableStore, newSyncState, contactKeyHash, packIdentity, sha256Hex) {
	const tableSize = async () => {
		const response = await fetch(`${baseUrl}/data-tables?limit=10`, { headers: { 'X-N8N-API-KEY': apiKey } });
		const tables = /** @type {{ data: Array<{ sizeBytes: number }> }} */ (await response.json());
		return tables.data.reduce((sum, t) => sum + (t.sizeBytes ?? 0), 0);
	};
	const audience = { platform: 'meta', accountId: '1234567890', audienceId: 'bench', key: 'bench' };
	const rows = [];
	const step = async (label, fn) => {
		const t0 = Date.now();
		const value = await fn();
		// n8n caches table sizes for a few seconds.
		await new Promise((resolve) => setTimeout(resolve, 6000));
		rows.push([label, `${((Date.now() - t0 - 6000) / 1000).toFixed(1)} s`, MiB(await tableSize())]);
		return value;
	};
	const run = async (fn) => {
		const store = new DataTableStore(contextFor(baseUrl, apiKey));
		const release = await store.lock(audience);
		try {
			return await fn(store);
		} finally {
			await release();
		}
	};

	const state = newSyncState();
	const identity = (i) => packIdentity(`${sha256Hex(`person${i}@example.com`)}\u0001${sha256Hex(String(15550000000 + i))}`);
	for (let i = 0; i < members; i++) state.members.set(contactKeyHash(state.secret, `key:crm-${i}`), { identity: identity(i), sentAt: 1796000000 });
	const all = new Set(state.members.keys());
	state.generation = 1;
	await step(`First save of ${members.toLocaleString('en')} members (e-mail + phone each)`, () => run((store) => store.save(audience, state, all)));
	const loaded = await step('Load', () => run((store) => store.load(audience)));
	if (loaded.members.size !== members) throw new Error(`loaded ${loaded.members.size} members`);

	// 1 % churn: half leave, half join.
	const churn = (round) => {
		const changed = new Set();
		const keys = [...state.members.keys()].slice(round * members / 200, (round + 1) * members / 200);
		for (const key of keys) {
			state.members.delete(key);
			changed.add(key);
		}
		for (let i = 0; i < members / 200; i++) {
			const n = members + round * members + i;
			const key = contactKeyHash(state.secret, `key:crm-${n}`);
			state.members.set(key, { identity: identity(n), sentAt: 1796003600 });
			changed.add(key);
		}
		state.generation += 1;
		return changed;
	};
	const changed = churn(0);
	await step('Save of 1 % churn (a delta row)', () => run((store) => store.save(audience, state, changed)));
	const again = await step('Load with the delta', () => run((store) => store.load(audience)));
	if (again.members.size !== state.members.size) throw new Error('the delta did not load');
	let compactions = 0;
	for (let round = 1; round < 60 && compactions === 0; round++) {
		const next = churn(round);
		const t0 = Date.now();
		await run((store) => store.save(audience, state, next));
		const ms = Date.now() - t0;
		if (ms > 2 * 1000 || round % 10 === 0) rows.push([`Save of 1 % churn, run ${round + 1}`, `${(ms / 1000).toFixed(1)} s`, MiB(await tableSize())]);
		if (ms > 5 * 1000 || round % 10 === 0) {
			const t1 = Date.now();
			const probe = await run((store) => store.load(audience));
			if (probe.members.size !== state.members.size) throw new Error(`run ${round + 1} did not load back`);
			rows.push([`Load after run ${round + 1}`, `${((Date.now() - t1) / 1000).toFixed(1)} s`, '']);
		}
		if (ms > 5 * 1000) compactions++;
	}
	console.log(`| Data-table state store, real n8n 2.41.1 (SQLite) | Time | All data tables (n8n's figure) |\n|---|---|---|`);
	for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

/** Both stores in workflows that n8n runs: node time (the Sync's own figure) and execution time. */
async function workflows(n8n, apiKey, contacts) {
	const sandbox = await startSandbox({ populationSize: 1000 });
	try {
		const credentials = [
			{ id: 'benchMetaSandbox', name: 'Meta (sandbox)', type: 'metaAdsApi', data: { accessToken: 'sandbox-meta-token', appSecret: '', graphVersion: 'v26.0', baseUrl: sandbox.url } },
			{ id: 'benchStateApiKey', name: 'Sync state', type: 'audienceSyncN8nApi', data: { apiKey, baseUrl: `${n8n.url}/api/v1` } },
		];
		await n8n.importCredentials(credentials);
		const rows = [];
		for (const store of ['workflowStaticData', 'dataTable']) {
			const created = await fetch(`${sandbox.url}/v26.0/act_1234567890/customaudiences`, {
				method: 'POST',
				headers: { authorization: 'Bearer sandbox-meta-token', 'content-type': 'application/json' },
				body: JSON.stringify({ name: `Bench ${store}`, subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' }),
			});
			const audienceId = /** @type {{ id: string }} */ (await created.json()).id;
			const path = `bench-${store}`;
			const workflow = await n8n.rest('POST', '/rest/workflows', {
				name: `Bench ${store}`,
				nodes: [
					{ id: 'hook', name: 'Segment', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path, parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} } },
					{
						id: 'code',
						name: 'Contacts',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						position: [220, 0],
						parameters: {
							jsCode:
								"const { from, count } = $json.body; const out = new Array(count);\nfor (let i = 0; i < count; i++) { const n = from + i; out[i] = { json: { crm_id: 'crm-' + n, email: 'person' + n + '@example.com', phone: '+1555' + (1000000 + n), consent: 'granted' } }; }\nreturn out;",
						},
					},
					{
						id: 'sync',
						name: 'Sync',
						type: 'n8n-nodes-audience-sync.audienceMember',
						typeVersion: 2,
						position: [440, 0],
						parameters: { platform: 'meta', operation: 'sync', audience: { __rl: true, mode: 'id', value: audienceId }, contactKeyField: 'crm_id', stateStore: store, options: { summaryOnly: true } },
						credentials: { metaAdsApi: { id: 'benchMetaSandbox', name: 'Meta (sandbox)' }, audienceSyncN8nApi: { id: 'benchStateApiKey', name: 'Sync state' } },
					},
				],
				connections: { Segment: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] }, Contacts: { main: [[{ node: 'Sync', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			});
			const { id, versionId } = workflow.data;
			await n8n.rest('POST', `/rest/workflows/${id}/activate`, { versionId });
			for (const [label, from] of [['first Sync', 0], ['1 % churn', contacts / 200]]) {
				const t0 = Date.now();
				let response;
				for (let attempt = 0; attempt < 20; attempt++) {
					response = await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, count: contacts }) });
					if (response.status !== 404) break;
					await new Promise((resolve) => setTimeout(resolve, 500));
				}
				const summary = /** @type {any} */ (await response?.json());
				if (!summary?.counts) throw new Error(`${store} ${label}: ${JSON.stringify(summary).slice(0, 500)}`);
				const wall = Date.now() - t0;
				// The execution ends (and the workflow store is saved) after the webhook answered.
				let execution;
				for (let wait = 0; wait < 600; wait++) {
					const list = await n8n.rest('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: id }))}&limit=1`);
					execution = list.data.results[0];
					if (execution?.stoppedAt && execution.finished !== false) break;
					await new Promise((resolve) => setTimeout(resolve, 250));
				}
				const executionMs = new Date(execution.stoppedAt).getTime() - new Date(execution.startedAt).getTime();
				rows.push([store, label, contacts.toLocaleString('en'), `${(summary.durationMs / 1000).toFixed(1)} s`, `${(executionMs / 1000).toFixed(1)} s`, `${(wall / 1000).toFixed(1)} s`, JSON.stringify(summary.counts)]);
			}
		}
		console.log(`\n| Store, in a workflow n8n runs | Run | Contacts | Sync node | Execution | Until the webhook answered | Counts |\n|---|---|---|---|---|---|---|`);
		for (const row of rows) console.log(`| ${row.join(' | ')} |`);
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

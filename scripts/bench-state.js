// @ts-check
'use strict';

/**
 * Measures the data-table state store (dist/) against a real n8n 2.41.1 on 127.0.0.1: an audience
 * of N members saved for the first time, loaded, a save of 1 % churn (a delta), a load with the
 * delta, and a compaction (the deltas grown past a quarter of the base); the table's size as n8n
 * reports it after each step, against n8n's 200 MB default cap for all data tables.
 *
 * Usage: node scripts/bench-state.js [--members 1000000]
 */

const path = require('node:path');
const { startN8n } = require('./e2e/n8n');

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
	} finally {
		await n8n.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

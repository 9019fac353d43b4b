/**
 * Sync with its state in an n8n data table, against a real n8n 2.41.1's public API: the node runs
 * in n8n's engine in this process (as the engine suites do), its data-table store talks to the real
 * n8n, the platform calls go to the sandbox. The last tests run Sync workflows inside n8n itself,
 * activated and called through their webhook, with each of the two stores.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { startN8n } from '../../scripts/e2e/n8n';
import { findPersonalData, findPersonalText, personalValuesOf } from '../../scripts/lib/leaks';
import type { Sandbox } from '../helpers/sandbox';
import { credentialStore, runNode } from '../helpers/engine';
import { packageOutputs, storedExecutions } from '../helpers/n8nExecutions';
import { activate, importSyncCredentials, postWebhook, syncWorkflow } from '../helpers/n8nWorkflows';
import { GOOGLE_ACCOUNT, googleAdAudience, listById, serviceAccountCredentials } from '../helpers/google';
import { metaCredentials, metaSyncParameters } from '../helpers/meta';
import { range, statuses, syncKit } from '../helpers/sync';

type N8n = Awaited<ReturnType<typeof startN8n>>;
type Row = IDataObject & { id: number; slot: string; kind: string; part: number; generation: number; data: string };

const TABLE = 'audience_sync_state';
const SCOPES = ['dataTable:list', 'dataTable:create', 'dataTable:read', 'dataTableRow:create', 'dataTableRow:read', 'dataTableRow:update', 'dataTableRow:delete'];

let sandbox: Sandbox;
let n8n: N8n;
let apiKey: string;

beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 3000 });
	n8n = await startN8n();
	const created = await n8n.rest('POST', '/rest/api-keys', { label: 'audience sync state', scopes: SCOPES, expiresAt: null });
	apiKey = created.data.rawApiKey;
}, 300000);
afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
});
// The sandbox is not reset between tests: its audience ids would start again, while the states
// in n8n's table stay. Each test makes its own audience and clears the faults it injects.
afterEach(() => {
	sandbox.faults.splice(0);
});

async function api<T>(method: string, path: string): Promise<T> {
	const response = await fetch(`${n8n.url}/api/v1${path}`, { method, headers: { 'X-N8N-API-KEY': apiKey } });
	if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
	return (await response.json()) as T;
}

/** The rows of one audience's state, read straight from n8n. */
async function stateRows(slot: string): Promise<Row[]> {
	const tables = await api<{ data: Array<{ id: string; name: string }> }>('GET', '/data-tables?limit=250');
	const table = tables.data.find((t) => t.name === TABLE);
	if (!table) return [];
	const filter = encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'slot', condition: 'eq', value: slot }] }));
	return (await api<{ data: Row[] }>('GET', `/data-tables/${table.id}/rows?filter=${filter}&limit=250`)).data;
}

const credentials = () => ({
	...metaCredentials(sandbox.url),
	audienceSyncN8nApi: { apiKey, baseUrl: `${n8n.url}/api/v1` },
});

const { segment, newMetaAudience, metaMembers } = syncKit(() => sandbox, 'key');
const userCalls = () => sandbox.requests.filter((r: { path: string }) => /\/users$/.test(r.path)).length;
const slotOf = (id: string) => `meta:${id}`;

/** Sync of one Meta audience with the data-table store; manual runs unless told otherwise. */
function sync(audienceId: string, input: IDataObject[], parameters: IDataObject = {}, mode: 'manual' | 'trigger' = 'manual') {
	return runNode({
		type: 'audienceMember',
		parameters: {
			...metaSyncParameters(audienceId),
			stateStore: 'dataTable',
			...parameters,
		},
		credentials: credentials(),
		input,
		mode,
		workflowId: 'state-store',
	});
}

describe('Sync with the data-table store, in a real n8n', () => {
	it('keeps the state of manual runs in the table, with no raw personal data', async () => {
		const id = await newMetaAudience();
		const contacts = segment(0, 40);
		const first = await sync(id, contacts);
		expect(first.error).toBeUndefined();
		expect(statuses(first.items)).toEqual({ added: 40 });
		expect(first.items.every((item) => item.json.stateSaved === true)).toBe(true);
		expect(metaMembers(id)).toEqual(range(0, 40));

		const rows = await stateRows(slotOf(id));
		expect(rows.filter((row) => row.kind === 'head')).toHaveLength(1);
		expect(rows.filter((row) => row.kind === 'base').length).toBeGreaterThan(1);
		const stored = JSON.stringify(rows);
		expect(findPersonalText(stored, personalValuesOf(contacts))).toEqual([]);
		for (const contact of contacts) expect(stored).not.toContain(contact.crm_id);

		const calls = userCalls();
		const second = await sync(id, contacts);
		expect(statuses(second.items)).toEqual({ unchanged: 40 });
		expect(userCalls()).toBe(calls);
	});

	it('saves a small change as a delta row, and compacts the deltas once they grow', async () => {
		const id = await newMetaAudience();
		await sync(id, segment(0, 40));
		const joined = await sync(id, segment(0, 42));
		expect(statuses(joined.items)).toEqual({ unchanged: 40, added: 2 });
		let rows = await stateRows(slotOf(id));
		const deltas = rows.filter((row) => row.kind === 'delta');
		expect(deltas).toHaveLength(1);
		expect(deltas[0].data.split('\n')).toHaveLength(2);

		// 15 of 42 change their e-mail: more than a quarter of the base in deltas, so the base is rewritten.
		const changed = segment(0, 42, (contact, person) => (person < 15 ? { ...contact, email: `moved-${person}@example.org` } : contact));
		const moved = await sync(id, changed);
		expect(statuses(moved.items)).toEqual({ unchanged: 27, added: 15 });
		rows = await stateRows(slotOf(id));
		expect(rows.filter((row) => row.kind === 'delta')).toHaveLength(0);
		const head = rows.find((row) => row.kind === 'head');
		expect(new Set(rows.filter((row) => row.kind === 'base').map((row) => row.generation))).toEqual(new Set([head?.generation]));
		const again = await sync(id, changed);
		expect(statuses(again.items)).toEqual({ unchanged: 42 });
	});

	it('a run cut short after k batches is repaired by the next one', async () => {
		const id = await newMetaAudience();
		const options = { batchSize: 10, parallelRequests: 1, maxRemovalPercent: 100 };
		await sync(id, segment(0, 40), { options });
		sandbox.injectFault({ method: 'POST', pathIncludes: '/users', after: 2, times: 20, status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, is_transient: true } } });
		const cut = await sync(id, [...segment(10, 30), ...segment(40, 40)], { options: { ...options, maxRetries: 0 } });
		expect(cut.error).toBeDefined();
		sandbox.faults.splice(0);
		const repaired = await sync(id, [...segment(10, 30), ...segment(40, 40)], { options });
		expect(repaired.error).toBeUndefined();
		expect(statuses(repaired.items)).toEqual({ unchanged: 50, added: 20 });
		expect(metaMembers(id)).toEqual(range(10, 70));
	});

	it('two runs of one audience at once: the second fails clearly and sends nothing', async () => {
		const id = await newMetaAudience();
		await sync(id, segment(0, 5));
		sandbox.injectFault({ pathIncludes: '/users', delayMs: 1500 });
		const [a, b] = await Promise.all([sync(id, segment(0, 10)), sync(id, segment(0, 10))]);
		const errors = [a.error, b.error].filter(Boolean);
		expect(errors).toHaveLength(1);
		expect(errors[0]?.message).toContain('Another execution is syncing audience');
		expect(metaMembers(id)).toEqual(range(0, 10));
		// The lock is released: the next run goes ahead.
		const next = await sync(id, segment(0, 10));
		expect(statuses(next.items)).toEqual({ unchanged: 10 });
	});

	it('two first runs at once create one state', async () => {
		const id = await newMetaAudience();
		sandbox.injectFault({ pathIncludes: '/users', delayMs: 1000 });
		const results = await Promise.all([sync(id, segment(0, 5)), sync(id, segment(0, 5))]);
		expect(results.filter((r) => r.error)).toHaveLength(1);
		const heads = (await stateRows(slotOf(id))).filter((row) => row.kind === 'head');
		expect(heads).toHaveLength(1);
	});

	it('Get Sync State reads the table; Reset Sync State empties it', async () => {
		const id = await newMetaAudience();
		await sync(id, segment(0, 10));
		const got = await sync(id, segment(5, 10), { operation: 'getSyncState' });
		expect(got.error).toBeUndefined();
		expect(got.items.map((item) => item.json.status)).toEqual([...Array(5).fill('member'), ...Array(5).fill('not_member')]);
		expect(got.items[0].json.state).toMatchObject({ store: 'dataTable', members: 10 });
		const reset = await sync(id, [{}], { operation: 'resetSyncState' });
		expect(reset.error).toBeUndefined();
		expect(reset.items[0].json).toMatchObject({ hadState: true, membersForgotten: 10, state: { saved: true } });
		expect(await stateRows(slotOf(id))).toEqual([]);
		const afterReset = await sync(id, segment(0, 10));
		expect(statuses(afterReset.items)).toEqual({ added: 10 });
	});

	it('mirrors a Google list too', async () => {
		const store = credentialStore({
			googleDataManagerServiceAccountApi: serviceAccountCredentials(sandbox),
			audienceSyncN8nApi: { apiKey, baseUrl: `${n8n.url}/api/v1` },
		});
		const created = await googleAdAudience(store, { operation: 'create', name: 'Mirror', ifExists: 'createNew', options: {} });
		const listId = String(created.items[0].json.id);
		const run = (input: IDataObject[]) =>
			runNode({
				type: 'audienceMember',
				parameters: {
					platform: 'google',
					authentication: 'serviceAccount',
					googleAccountId: GOOGLE_ACCOUNT,
					userList: listById(listId),
					operation: 'sync',
					contactKeyField: 'crm_id',
					stateStore: 'dataTable',
				},
				credentials: store,
				input,
				mode: 'manual',
			});
		expect(statuses((await run(segment(0, 30))).items)).toEqual({ added: 30 });
		const second = await run(segment(10, 30));
		expect(statuses(second.items)).toEqual({ unchanged: 20, added: 10, removed: 10 });
		expect((await stateRows(`google:${GOOGLE_ACCOUNT}/${listId}`)).filter((row) => row.kind === 'head')).toHaveLength(1);
	});
});

describe('Sync workflows inside n8n itself', () => {
	beforeAll(async () => {
		await importSyncCredentials(n8n, sandbox.url, apiKey);
	});

	async function post(path: string, contacts: IDataObject[]): Promise<IDataObject> {
		const response = await postWebhook(n8n.url, path, { contacts });
		expect(response.status).toBe(200);
		return response.body;
	}

	it.each([
		['workflowStaticData', 'sync-static'],
		['dataTable', 'sync-table'],
	])('an active workflow syncs twice through its webhook: the second run sends nothing (%s store)', async (stateStore, path) => {
		const id = await newMetaAudience();
		const workflow = await syncWorkflow(n8n, { name: `Hourly mirror (${stateStore})`, audienceId: id, stateStore, path });
		expect(await activate(n8n, workflow)).toBe(true);
		const first = await post(path, segment(0, 25));
		expect(first).toMatchObject({ operation: 'sync', counts: { added: 25 }, state: { store: stateStore, saved: true } });
		const calls = userCalls();
		const second = await post(path, segment(0, 25));
		expect(second).toMatchObject({ counts: { unchanged: 25 }, state: { store: stateStore, members: 25 } });
		expect(userCalls()).toBe(calls);
		const third = await post(path, segment(5, 25));
		expect(third).toMatchObject({ counts: { unchanged: 20, added: 5, removed: 5 } });
		expect(metaMembers(id)).toEqual(range(5, 25));
		if (stateStore === 'dataTable') expect((await stateRows(slotOf(id))).filter((row) => row.kind === 'head')).toHaveLength(1);

		// What n8n now stores of these runs holds no raw e-mail or phone of the segment: the
		// workflow's static data, the table's rows, and what the Sync node output in the saved executions.
		const personal = personalValuesOf(segment(0, 30));
		const saved = await n8n.rest('GET', `/rest/workflows/${workflow.id}`);
		const staticData = JSON.stringify(saved.data.staticData ?? null);
		if (stateStore === 'workflowStaticData') expect(staticData.length).toBeGreaterThan(100);
		expect(findPersonalText(staticData, personal)).toEqual([]);
		expect(findPersonalText(JSON.stringify(await stateRows(slotOf(id))), personal)).toEqual([]);
		const outputs = packageOutputs(await storedExecutions(n8n, workflow.id));
		expect(outputs.length).toBeGreaterThanOrEqual(3);
		for (const { node, items } of outputs) expect({ node, found: findPersonalData(items, personal) }).toEqual({ node, found: [] });
	});
});

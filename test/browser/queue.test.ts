/**
 * The package in n8n's queue mode (scripts/e2e/queue.js): Redis and PostgreSQL, an n8n main and two
 * workers (`n8n worker --concurrency=1`), Sync workflows activated and called through their
 * production webhook, the platform calls going to the sandbox. No browser is needed.
 *
 * Which process ran an execution: n8n keeps no worker id with an execution, but a worker logs
 * "Worker started execution <id> (job <job>)" for each job it takes, and the main logs only
 * "Enqueued execution <id>". An execution's id comes from the public API (newest execution of the
 * workflow).
 *
 * Where a run goes: a worker takes one job at a time (concurrency 1), so a job enqueued while one
 * worker is busy goes to the other. To keep a worker busy the tests run a "holder" workflow, whose
 * HTTP Request node calls a server of this test that answers only when told to.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { startHoldServer, startQueueN8n } from '../../scripts/e2e/queue';
import { activate, importSyncCredentials, postWebhook, syncWorkflow } from '../helpers/n8nWorkflows';
import type { SyncWorkflow } from '../helpers/n8nWorkflows';
import { adAudience } from '../helpers/meta';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Queue = Awaited<ReturnType<typeof startQueueN8n>>;
type Worker = Queue['workers'][number];

const STATE_SCOPES = ['dataTable:list', 'dataTable:create', 'dataTable:read', 'dataTableRow:create', 'dataTableRow:read', 'dataTableRow:update', 'dataTableRow:delete'];
const TABLE = 'audience_sync_state';

let sandbox: Sandbox;
let queue: Queue;
let stateKey: string;
let testKey: string;
/** Holds the HTTP request of each holder execution (by execution id) until released. */
let holds: Awaited<ReturnType<typeof startHoldServer>>;
let holder: SyncWorkflow;

beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 2000 });
	holds = await startHoldServer();
	queue = await startQueueN8n({ workers: 2, concurrency: 1 });
	const { main } = queue;
	stateKey = (await main.rest('POST', '/rest/api-keys', { label: 'audience sync state', scopes: STATE_SCOPES, expiresAt: null })).data.rawApiKey;
	testKey = (await main.rest('POST', '/rest/api-keys', { label: 'queue test', scopes: ['execution:list', 'execution:read'], expiresAt: null })).data.rawApiKey;
	await importSyncCredentials(main, sandbox.url, stateKey);
	const created = await main.rest('POST', '/rest/workflows', {
		name: 'Holder',
		nodes: [
			{ id: 'hook', name: 'Hold', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'hold', parameters: { httpMethod: 'POST', path: 'hold', responseMode: 'onReceived', options: {} } },
			{ id: 'wait', name: 'Wait For Test', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [220, 0], parameters: { url: `=${holds.url}/hold/{{ $execution.id }}`, options: {} } },
		],
		connections: { Hold: { main: [[{ node: 'Wait For Test', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	holder = { id: created.data.id, versionId: created.data.versionId, path: 'hold' };
	expect(await activate(main, holder)).toBe(true);
}, 300000);

afterAll(async () => {
	await holds?.close();
	await queue?.stop();
	await sandbox?.close();
}, 120000);

afterEach(() => {
	sandbox.faults.splice(0);
});

async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, seconds = 60): Promise<void> {
	for (let i = 0; i < seconds * 10; i++) {
		if (await condition()) return;
		await sleep(100);
	}
	throw new Error(`timed out waiting for ${what}`);
}

async function api<T>(key: string, method: string, path: string, body?: unknown): Promise<T> {
	const response = await fetch(`${queue.main.url}/api/v1${path}`, {
		method,
		headers: { 'X-N8N-API-KEY': key, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
	return (await response.json()) as T;
}

type Execution = { id: string; status: string; data?: { resultData?: { error?: { message?: string; description?: string } } } };

async function executions(workflowId: string): Promise<Execution[]> {
	const list = await api<{ data: Execution[] }>(testKey, 'GET', `/executions?workflowId=${workflowId}&limit=250`);
	return list.data.sort((a, b) => Number(a.id) - Number(b.id));
}

/** The processes whose log says they ran the execution. */
function ranOn(executionId: string): string[] {
	const line = `started execution ${executionId} (job`;
	return [...queue.workers.map((w) => ({ name: w.name, log: w.log() })), { name: 'main', log: queue.main.log() }]
		.filter((p) => p.log.includes(line))
		.map((p) => p.name);
}

/**
 * Makes `busy` busy with a holder execution, so that the next job goes to the other worker.
 * Resolves with a function that lets the holders end.
 */
async function keepBusy(busy: Worker): Promise<() => Promise<void>> {
	const holders: Array<{ id: string; on: string }> = [];
	const release = async (which: Array<{ id: string }>) => {
		for (const { id } of which) {
			await waitUntil(`holder ${id} to call`, () => holds.holding().includes(id));
			holds.release(id);
			await waitUntil(`holder ${id} to finish`, () => queue.workers.some((w) => w.log().includes(`finished execution ${id} (job`)));
		}
	};
	// Each holder takes a free worker: at most two are needed for `busy` to have one.
	while (!holders.some((h) => h.on === busy.name)) {
		const before = new Set(holds.holding());
		const response = await postWebhook(queue.main.url, holder.path, {});
		expect(response.status).toBe(200);
		await waitUntil('a holder to call', () => holds.holding().some((id) => !before.has(id)));
		const id = holds.holding().find((key) => !before.has(key)) ?? '';
		await waitUntil(`the log of holder ${id}`, () => ranOn(id).length > 0);
		holders.push({ id, on: ranOn(id)[0] });
	}
	await release(holders.filter((h) => h.on !== busy.name));
	return () => release(holders.filter((h) => h.on === busy.name));
}

/** Runs `post` with the other worker busy, so that it runs on `worker`. */
async function on<T>(worker: Worker, post: () => Promise<T>): Promise<T> {
	const other = queue.workers.find((w) => w !== worker);
	if (!other) throw new Error('two workers are needed');
	const release = await keepBusy(other);
	try {
		return await post();
	} finally {
		await release();
	}
}

function segment(from: number, count: number): IDataObject[] {
	return sandbox.population.rawContacts(count, { offset: from }).map((contact, i) => ({ ...contact, crm_id: `key-${from + i}`, consent: 'granted' }));
}
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const metaMembers = (id: string) => [...sandbox.meta.liveAudience(id).membership.members].sort((a, b) => a - b);
const userCalls = (audienceId: string) => sandbox.requests.filter((r: { path: string }) => r.path.endsWith(`/${audienceId}/users`)).length;

async function newMetaAudience(): Promise<string> {
	const { items, error } = await adAudience(sandbox.url, { operation: 'create', name: 'Mirror', customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'createNew' });
	if (error) throw new Error(`audience not created: ${error.message}`);
	return String(items[0].json.id);
}

/** An active Sync workflow of a new Meta audience. */
async function mirror(stateStore: string, path: string, options: IDataObject = {}) {
	const audienceId = await newMetaAudience();
	const workflow = await syncWorkflow(queue.main, { name: `Mirror ${path}`, audienceId, stateStore, path, options });
	expect(await activate(queue.main, workflow)).toBe(true);
	return { audienceId, workflow };
}

/** Calls a Sync workflow with each segment at once; resolves with the responses and the executions n8n made of them, by id. */
async function runTogether(workflow: SyncWorkflow, segments: IDataObject[][]) {
	const known = new Set((await executions(workflow.id)).map((e) => e.id));
	const responses = await Promise.all(segments.map((contacts) => postWebhook(queue.main.url, workflow.path, { contacts })));
	let made: Execution[] = [];
	await waitUntil('the executions to be listed', async () => {
		made = (await executions(workflow.id)).filter((e) => !known.has(e.id) && e.status !== 'running' && e.status !== 'new');
		return made.length === segments.length;
	});
	const withData = await Promise.all(made.map((e) => api<Execution>(testKey, 'GET', `/executions/${e.id}?includeData=true`)));
	return { responses, executions: withData.map((execution) => ({ ...execution, ranOn: ranOn(execution.id) })) };
}

/** Calls a Sync workflow; resolves with its response and the execution n8n made of it. */
async function run(workflow: SyncWorkflow, contacts: IDataObject[]) {
	const { responses, executions: [execution] } = await runTogether(workflow, [contacts]);
	return { ...responses[0], execution, ranOn: execution.ranOn };
}

describe('Sync in queue mode (a main, two workers, Redis, PostgreSQL)', () => {
	it('runs of two audiences execute on the workers, one on each; state written by one worker is read by the other (data table)', async () => {
		const [worker1, worker2] = queue.workers;
		const a = await mirror('dataTable', 'queue-a');
		const b = await mirror('dataTable', 'queue-b');
		const a1 = await on(worker1, () => run(a.workflow, segment(0, 20)));
		const b1 = await on(worker2, () => run(b.workflow, segment(100, 30)));
		expect(a1.body).toMatchObject({ counts: { added: 20 }, state: { store: 'dataTable', saved: true } });
		expect(b1.body).toMatchObject({ counts: { added: 30 }, state: { store: 'dataTable', saved: true } });
		expect(a1.ranOn).toEqual([worker1.name]);
		expect(b1.ranOn).toEqual([worker2.name]);
		expect(queue.main.log()).toContain(`Enqueued execution ${a1.execution.id} (job`);

		// Each audience again, on the worker that did not write its state.
		const calls = userCalls(a.audienceId) + userCalls(b.audienceId);
		const a2 = await on(worker2, () => run(a.workflow, segment(0, 20)));
		const b2 = await on(worker1, () => run(b.workflow, segment(100, 30)));
		expect(a2.ranOn).toEqual([worker2.name]);
		expect(b2.ranOn).toEqual([worker1.name]);
		expect(a2.body).toMatchObject({ counts: { unchanged: 20 }, state: { members: 20 } });
		expect(b2.body).toMatchObject({ counts: { unchanged: 30 }, state: { members: 30 } });
		expect(userCalls(a.audienceId) + userCalls(b.audienceId)).toBe(calls);

		// A change, on the first worker again.
		const a3 = await on(worker1, () => run(a.workflow, segment(5, 20)));
		expect(a3.ranOn).toEqual([worker1.name]);
		expect(a3.body).toMatchObject({ counts: { unchanged: 15, added: 5, removed: 5 } });
		expect(metaMembers(a.audienceId)).toEqual(range(5, 20));
		expect(metaMembers(b.audienceId)).toEqual(range(100, 30));
	});

	// n8n 2.41.1 in queue mode: a worker saves the static data into the workflow at the end of a
	// production execution, but a new execution does not get it: the execution's stored copy of
	// the workflow leaves static data out, and the worker reloads it from the workflow only for an
	// execution that resumes (after a Wait). So each run starts with no state.
	it('state in workflow static data is saved by a worker but the next run, on either worker, starts without it', async () => {
		const [worker1, worker2] = queue.workers;
		const s = await mirror('workflowStaticData', 'queue-static');
		const slot = `audienceSync:meta:${s.audienceId}`;
		const first = await on(worker2, () => run(s.workflow, segment(200, 25)));
		expect(first.ranOn).toEqual([worker2.name]);
		expect(first.body).toMatchObject({ counts: { added: 25 }, state: { store: 'workflowStaticData', saved: true } });
		const saved = await queue.main.rest('GET', `/rest/workflows/${s.workflow.id}`);
		expect(Object.keys(saved.data.staticData?.global ?? {})).toContain(slot);

		// On the other worker: no state, so all 25 are sent again (harmless, as adds are idempotent).
		const calls = userCalls(s.audienceId);
		const second = await on(worker1, () => run(s.workflow, segment(200, 25)));
		expect(second.ranOn).toEqual([worker1.name]);
		expect(second.body).toMatchObject({ counts: { added: 25 }, state: { saved: true } });
		expect(userCalls(s.audienceId)).toBeGreaterThan(calls);

		// On a worker that saved it: the package sees that what it loaded is older than what this
		// process saved, and refuses once (each worker has saved once by now).
		for (const worker of [worker2, worker1]) {
			const refused = await on(worker, () => run(s.workflow, segment(210, 25)));
			expect(refused.ranOn).toEqual([worker.name]);
			expect(refused.execution.status).toBe('error');
			expect(refused.execution.data?.resultData?.error?.message).toContain('Another execution saved a newer sync state');
			// And says what to do about it in queue mode.
			expect(refused.execution.data?.resultData?.error?.description).toContain('queue mode');
		}

		// Then it goes on from no state, so no one is ever removed: those who left the segment stay.
		const moved = await on(worker1, () => run(s.workflow, segment(210, 25)));
		expect(moved.body).toMatchObject({ counts: { added: 25 } });
		expect(metaMembers(s.audienceId)).toEqual(range(200, 35));
	});

	it('two runs of one audience at once, on the two workers: one is refused and sends nothing (data table)', async () => {
		const m = await mirror('dataTable', 'queue-twice');
		await run(m.workflow, segment(300, 5));
		const calls = userCalls(m.audienceId);
		// Each /users request waits, so the first run still holds the lock when the second starts.
		sandbox.injectFault({ pathIncludes: `/${m.audienceId}/users`, delayMs: 1500, times: -1 });
		const both = await runTogether(m.workflow, [segment(300, 10), segment(300, 10)]);
		sandbox.faults.splice(0);
		// One on each worker (each takes one job at a time, and the first is still running).
		expect(both.executions.flatMap((e) => e.ranOn).sort()).toEqual(queue.workers.map((w) => w.name).sort());
		const refused = both.executions.filter((e) => e.status === 'error');
		expect(refused).toHaveLength(1);
		expect(refused[0].data?.resultData?.error?.message).toContain('Another execution is syncing audience');
		expect(both.executions.filter((e) => e.status === 'success')).toHaveLength(1);
		const counted = both.responses.filter((r) => r.body.counts !== undefined);
		expect(counted).toHaveLength(1);
		expect(counted[0].body).toMatchObject({ counts: { unchanged: 5, added: 5 } });
		// The one run that went ahead sent one request (5 adds in one batch); the refused one none.
		expect(userCalls(m.audienceId)).toBe(calls + 1);
		expect(metaMembers(m.audienceId)).toEqual(range(300, 10));
	});

	it('a worker killed mid-run: the rerun is refused while the lock lasts, and once it is expired converges', async () => {
		const [victim, survivor] = queue.workers;
		const options = { batchSize: 5, parallelRequests: 1, maxRemovalPercent: 100 };
		const k = await mirror('dataTable', 'queue-kill', options);
		const first = await run(k.workflow, segment(400, 40));
		expect(first.body).toMatchObject({ counts: { added: 40 } });

		// 20 stay, 20 go, 20 come: 8 requests of 5 contacts, each answered after a second.
		sandbox.injectFault({ pathIncludes: `/${k.audienceId}/users`, delayMs: 1000, times: -1 });
		const calls = userCalls(k.audienceId);
		const abort = new AbortController();
		const release = await keepBusy(survivor);
		const seen = victim.log().length;
		const killed = postWebhook(queue.main.url, k.workflow.path, { contacts: segment(420, 40) }, abort.signal).catch((error: unknown) => error);
		try {
			await waitUntil('the run to start on the other worker', () => victim.log().slice(seen).includes('Worker started execution'));
			await waitUntil('two of its requests', () => userCalls(k.audienceId) >= calls + 2);
		} finally {
			await release();
		}
		await victim.kill();
		abort.abort();
		await killed;
		sandbox.faults.splice(0);
		expect(userCalls(k.audienceId)).toBeLessThan(calls + 8);

		// The killed run's lock is in the table until it lapses (15 minutes).
		const refused = await run(k.workflow, segment(420, 40));
		expect(refused.ranOn).toEqual([survivor.name]);
		expect(refused.execution.status).toBe('error');
		expect(refused.execution.data?.resultData?.error?.message).toContain('Another execution is syncing audience');

		// Rather than wait 15 minutes, the test lets the lock lapse: it sets lockUntil of the
		// audience's head row to 0 through n8n's public API, as an operator could after a crash.
		const tables = await api<{ data: Array<{ id: string; name: string }> }>(stateKey, 'GET', '/data-tables?limit=250');
		const table = tables.data.find((t) => t.name === TABLE);
		const filter = { type: 'and', filters: [{ columnName: 'slot', condition: 'eq', value: `meta:${k.audienceId}` }, { columnName: 'kind', condition: 'eq', value: 'head' }] };
		const expired = await api<unknown[]>(stateKey, 'PATCH', `/data-tables/${table?.id}/rows/update`, { filter, data: { lockUntil: 0 }, returnData: true });
		expect(expired).toHaveLength(1);

		const rerun = await run(k.workflow, segment(420, 40));
		expect(rerun.ranOn).toEqual([survivor.name]);
		expect(rerun.execution.status).toBe('success');
		expect(metaMembers(k.audienceId)).toEqual(range(420, 40));
		const after = await run(k.workflow, segment(420, 40));
		expect(after.body).toMatchObject({ counts: { unchanged: 40 }, state: { members: 40 } });
	});
});

/**
 * Every example workflow in a real n8n 2.41.1, as shipped: imported with the CLI
 * (`n8n import:workflow`) and the way the editor's "Import from File" does (POST /rest/workflows),
 * then run as its users run it (the webhook one activated and called, the others executed) against
 * the sandbox, whose audiences are checked afterwards.
 */
import { parse } from 'flatted';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import {
	exampleCredentials,
	exampleFiles,
	executionOf,
	MAIN_EXAMPLE,
	mainExampleFor,
	outputOf,
	readExample,
	temporaryFilesDir,
	type Execution,
} from '../../scripts/e2e/examples';
import { startN8n } from '../../scripts/e2e/n8n';
import { findPersonalData, findSecrets, personalValuesOf, secretsOf } from '../../scripts/lib/leaks';
import { contactRows } from '../../scripts/make-contacts-csv';
import { googleAdAudience, serviceAccountStore } from '../helpers/google';
import { adAudience, newCustomerList } from '../helpers/meta';
import { packageOutputs, storedExecutions } from '../helpers/n8nExecutions';
import { expectNothingLeaked } from '../helpers/sandbox';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type N8n = Awaited<ReturnType<typeof startN8n>>;
interface Workflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; credentials?: Record<string, { id: string }> }>;
}

const files = exampleFiles();
const read = (file: string) => readExample(file) as Workflow;

let sandbox: Sandbox;
let n8n: N8n;
/** Where n8n may read files (N8N_RESTRICT_FILE_ACCESS_TO): the main example's CSV goes there. */
const readable = temporaryFilesDir();
const filesDir = readable.dir;
/** The people the sandbox knows: the CSV's first rows, as in the demo; the rest match no one. */
const KNOWN_PEOPLE = 2600;

beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: KNOWN_PEOPLE });
	n8n = await startN8n({ env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } });
	await n8n.importCredentials(exampleCredentials(sandbox));
}, 600000);

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
	readable.remove();
});

/** The latest execution of a workflow, if any: its id and whether it finished. */
async function latestExecution(workflowId: string): Promise<{ id: string; stoppedAt?: string } | undefined> {
	const list = await n8n.rest('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=1`);
	return list.data.results[0];
}

/**
 * The first finished execution of a workflow newer than execution `afterId`, read back with its
 * data (n8n stores it flatted).
 */
async function nextExecution(workflowId: string, timeoutMs: number, afterId = 0): Promise<{ status: string; mode: string; data: Execution['data'] }> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await latestExecution(workflowId);
		if (found?.stoppedAt && Number(found.id) > afterId) {
			const full = await n8n.rest('GET', `/rest/executions/${found.id}`);
			return { status: full.data.status, mode: full.data.mode, data: parse(full.data.data) };
		}
		if (Date.now() > deadline) throw new Error(`no execution of workflow ${workflowId} within ${timeoutMs} ms`);
		await sleep(1000);
	}
}

function outputOfStored(execution: { data: Execution['data'] }, node: string): Array<Record<string, unknown>> {
	return outputOf({ data: execution.data }, node);
}

describe.each(files)('example %s', (file) => {
	it('imports with the CLI, keeping its id', async () => {
		const workflow = read(file);
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
		await n8n.importExample(file);
		const stored = await n8n.rest('GET', `/rest/workflows/${workflow.id}`);
		expect(stored.data.name).toBe(workflow.name);
	});

	it('imports the way the editor does (Import from File)', async () => {
		const workflow: Partial<Workflow> = { ...read(file) };
		delete workflow.id;
		const created = await n8n.rest('POST', '/rest/workflows', { ...workflow, name: `${workflow.name} (editor import)` });
		expect(created.data.nodes).toHaveLength(read(file).nodes.length);
	});
});

describe('the examples run against the sandbox as shipped', () => {
	beforeAll(async () => {
		// The audience and the list the examples name by ID are the first ones a fresh sandbox makes.
		const meta = await adAudience(sandbox.url, { operation: 'create', name: 'Sign-ups', customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'createNew' });
		expect(meta.items[0].json.id).toBe('23850000000000001');
		const google = await googleAdAudience(serviceAccountStore(sandbox), { operation: 'create', name: 'Sign-ups', ifExists: 'createNew', options: {} });
		expect(google.items[0].json.id).toBe('9100000001');
	});

	it('form sign-up: activated, a POST to its webhook adds the person to both audiences', async () => {
		const id = read('form-signup-to-audiences.json').id;
		const { data } = await n8n.rest('GET', `/rest/workflows/${id}`);
		const activated = await n8n.rest('POST', `/rest/workflows/${id}/activate`, { versionId: data.versionId });
		expect(activated.data.active).toBe(true);
		const [person] = sandbox.population.rawContacts(1, { offset: 10, messy: true });
		const post = () =>
			fetch(`${n8n.url}/webhook/newsletter-signup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ ...person, marketing_consent: 'yes', do_not_contact: false }),
			});
		let response = await post();
		// Activation registers the webhook; give it a moment rather than failing on the first 404.
		for (let i = 0; i < 20 && response.status === 404; i++) {
			await sleep(500);
			response = await post();
		}
		expect(response.status).toBe(200);
		const deadline = Date.now() + 30000;
		const metaMembers = () => sandbox.meta.liveAudience('23850000000000001').membership.members.size;
		const googleCalls = () => sandbox.requests.filter((r: { path: string; status: number }) => r.path.includes(':ingest') && r.status === 200).length;
		while ((metaMembers() < 1 || googleCalls() < 1) && Date.now() < deadline) await sleep(250);
		expect(metaMembers()).toBe(1);
		expect(googleCalls()).toBe(1);
	});

	it('nightly replace: executed, the audience holds exactly the consenting sample contacts', async () => {
		const execution = executionOf(await n8n.cli(['execute', `--id=${read('nightly-segment-replace.json').id}`]));
		expect(execution.status ?? 'success').toBe('success');
		const [summary] = outputOf(execution, 'Replace Audience Members');
		expect(summary).toMatchObject({ operation: 'replace', counts: { added: 2, skipped: 1 } });
		const status = outputOf(execution, 'Audience Status');
		expect(status[0]).toMatchObject({ platform: 'meta', name: 'Newsletter subscribers' });
	});

	it('hourly mirror: executed twice, the second run sends nothing; the audience holds the consenting contacts', async () => {
		const id = read('hourly-mirror-sync.json').id;
		const statusesOf = (execution: Execution) =>
			outputOf(execution, 'Mirror the Segment').map((item) => `${String(item.status)}${item.reason ? ` ${String(item.reason)}` : ''}`);
		const first = executionOf(await n8n.cli(['execute', `--id=${id}`]));
		expect(first.status ?? 'success').toBe('success');
		expect(statusesOf(first)).toEqual(['added', 'added', 'added', 'added', 'skipped no_consent']);
		const [audience] = outputOf(first, 'Find or Create Audience');
		// The sample contacts are no one the sandbox knows: they are held as rows that matched nobody.
		const held = () => sandbox.meta.liveAudience(String(audience.id)).membership;
		expect(held().members.size + held().unmatched.size).toBe(4);
		const second = executionOf(await n8n.cli(['execute', `--id=${id}`]));
		expect(statusesOf(second)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'skipped no_consent']);
		expect(outputOf(second, 'Find or Create Audience')[0].id).toBe(audience.id);
		expect(held().members.size + held().unmatched.size).toBe(4);
	});

	it('hourly mirror: activated, its Schedule Trigger runs it unattended and it reads the state the manual runs left', async () => {
		const id = read('hourly-mirror-sync.json').id;
		const { data } = await n8n.rest('GET', `/rest/workflows/${id}`);
		// Shipped every hour; every minute here so that the test sees a scheduled run.
		const nodes = data.nodes.map((node: { type: string; parameters: IDataObject }) =>
			node.type === 'n8n-nodes-base.scheduleTrigger' ? { ...node, parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] } } } : node,
		);
		const updated = await n8n.rest('PATCH', `/rest/workflows/${id}`, { ...data, nodes });
		const before = Number((await latestExecution(id))?.id ?? 0);
		const activated = await n8n.rest('POST', `/rest/workflows/${id}/activate`, { versionId: updated.data.versionId });
		expect(activated.data.active).toBe(true);
		const execution = await nextExecution(id, 150000, before);
		await n8n.rest('POST', `/rest/workflows/${id}/deactivate`, {});
		expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
		const statuses = outputOfStored(execution, 'Mirror the Segment').map((item) => `${String(item.status)}${item.reason ? ` ${String(item.reason)}` : ''}`);
		expect(statuses).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'skipped no_consent']);
	}, 200000);

	it('CSV contacts (the main example): executed twice, each platform gets only the consenting contacts, once, in one audience', async () => {
		await n8n.importExample(mainExampleFor(filesDir));
		const id = read(MAIN_EXAMPLE).id;
		// What the CSV holds, from its generator rather than from the node: who may be sent, who the sandbox knows.
		const rows = contactRows(3000);
		const sendable = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.marketing_consent === 'yes' && row.unsubscribed !== 'true' && row.email !== 'unknown');
		const known = sendable.filter(({ index }) => index < KNOWN_PEOPLE).length;
		const skipped = rows.filter((row) => row.marketing_consent !== 'yes' || row.unsubscribed === 'true').length;
		// Row i is person i of the sandbox: those without consent or unsubscribed must never arrive.
		rows.slice(0, KNOWN_PEOPLE).forEach((row, index) => {
			if (row.unsubscribed === 'true') sandbox.audit.forbid([index], 'excluded');
			else if (row.marketing_consent !== 'yes') sandbox.audit.forbid([index], 'consent');
		});
		const run = async () => {
			const execution = executionOf(await n8n.cli(['execute', `--id=${id}`]));
			expect(execution.data.resultData.error).toBeUndefined();
			return execution;
		};
		const first = await run();
		const [metaAudience] = outputOf(first, 'Find or Create Meta Audience');
		const [googleList] = outputOf(first, 'Find or Create Google List');
		expect(metaAudience.created).toBe(true);
		expect(googleList.created).toBe(true);
		for (const node of ['Add to Meta Audience', 'Add to Google List']) {
			const [summary] = outputOf(first, node);
			expect(summary.counts).toMatchObject({ added: sendable.length, skipped, invalid: rows.length - sendable.length - skipped });
		}
		// Everyone the sandbox knows is matched; the other rows are held unmatched, or matched to someone
		// by name and postal code, as on the platforms (so a few collapse into one member).
		const metaHeld = () => sandbox.meta.liveAudience(String(metaAudience.id)).membership;
		const metaCounts = () => ({ matched: metaHeld().members.size, held: metaHeld().members.size + metaHeld().unmatched.size });
		const afterFirst = metaCounts();
		expect(afterFirst.held).toBeLessThanOrEqual(sendable.length);
		expect(afterFirst.held).toBeGreaterThan(sendable.length * 0.95);
		expect(afterFirst.matched).toBeGreaterThanOrEqual(known);
		expect(afterFirst.matched).toBeLessThan(known + (sendable.length - known) / 10);
		const googleHeld = () => sandbox.google.userLists.get(String(googleList.id))?.members.size ?? 0;
		const googleFirst = googleHeld();
		expect(googleFirst).toBeGreaterThanOrEqual(known);
		expect(googleFirst).toBeLessThan(known + (sendable.length - known) / 10);
		const [metaStatus] = outputOf(first, 'Meta Audience Status');
		expect(metaStatus).toMatchObject({ platform: 'meta', meetsMinimumSize: true });
		const [googleStatus] = outputOf(first, 'Google List Status');
		expect(googleStatus).toMatchObject({ platform: 'google' });

		const second = await run();
		expect(outputOf(second, 'Find or Create Meta Audience')[0]).toMatchObject({ id: metaAudience.id, created: false });
		expect(outputOf(second, 'Find or Create Google List')[0]).toMatchObject({ id: googleList.id, created: false });
		expect(metaCounts()).toEqual(afterFirst);
		expect(googleHeld()).toBe(googleFirst);
		const named = [...sandbox.meta.audiences.values()].filter((a: { name: string; deleted: boolean }) => a.name === metaAudience.name && !a.deleted);
		expect(named).toHaveLength(1);
		expectNothingLeaked(sandbox);
	});

	it('campaign push: executed twice, it reuses the audience it created by name instead of making another', async () => {
		const id = read('campaign-push-reuse-audience.json').id;
		const first = executionOf(await n8n.cli(['execute', `--id=${id}`]));
		expect(first.status ?? 'success').toBe('success');
		const [created] = outputOf(first, 'Find or Create Audience');
		expect(outputOf(first, 'Add to the Audience')[0]).toMatchObject({ operation: 'add', counts: { added: 3 } });
		const second = executionOf(await n8n.cli(['execute', `--id=${id}`]));
		expect(outputOf(second, 'Find or Create Audience')[0].id).toBe(created.id);
		const named = [...sandbox.meta.audiences.values()].filter((a: { name: string; deleted: boolean }) => a.name === 'Spring sale 2027: past buyers' && !a.deleted);
		expect(named).toHaveLength(1);
	});

	it('audience alerts: activated, the trigger takes its baseline, then one poll alerts on a flagged audience', async () => {
		const id = read('audience-alerts.json').id;
		const flaggedId = await newCustomerList(sandbox.url, 'Alert me');
		const { data } = await n8n.rest('GET', `/rest/workflows/${id}`);
		// Shipped polling every hour; polled every minute here so that the test sees a second poll.
		const nodes = data.nodes.map((node: { type: string; parameters: IDataObject }) =>
			node.type.endsWith('audienceSyncTrigger') ? { ...node, parameters: { ...node.parameters, pollTimes: { item: [{ mode: 'everyMinute' }] } } } : node,
		);
		const updated = await n8n.rest('PATCH', `/rest/workflows/${id}`, { ...data, nodes });
		const listed = () => sandbox.requests.filter((r: { method: string; path: string }) => r.method === 'GET' && r.path.endsWith('/customaudiences')).length;
		const before = listed();
		const activated = await n8n.rest('POST', `/rest/workflows/${id}/activate`, { versionId: updated.data.versionId });
		expect(activated.data.active).toBe(true);
		// n8n polls once on activation: the baseline, and no execution.
		const deadline = Date.now() + 30000;
		while (listed() === before && Date.now() < deadline) await sleep(250);
		expect(listed()).toBeGreaterThan(before);
		const admin = await fetch(`${sandbox.url}/__sandbox/meta/audiences/${flaggedId}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ operationStatus: 471 }),
		});
		expect(admin.status).toBe(200);
		const execution = await nextExecution(id, 90000);
		await n8n.rest('POST', `/rest/workflows/${id}/deactivate`, {});
		expect(execution.status).toBe('success');
		const alerts = outputOfStored(execution, 'Alert Text');
		expect(alerts).toContainEqual(expect.objectContaining({ audienceId: flaggedId, event: 'flagged' }));
		expect(String(alerts.find((a) => a.audienceId === flaggedId)?.alert)).toContain('Alert me (meta ' + flaggedId + '): flagged by the platform');
	});

	it('Google upload diagnostics: executed, it reads the status of the request it sent', async () => {
		const execution = executionOf(await n8n.cli(['execute', `--id=${read('google-upload-diagnostics.json').id}`]));
		const added = outputOf(execution, 'Add to Customer Match');
		expect(added.length).toBeGreaterThan(0);
		const statuses = outputOf(execution, 'Upload Status');
		expect(statuses.length).toBeGreaterThan(0);
		expect(JSON.stringify(statuses[0])).toMatch(/SUCCESS|PROCESSING/);
	});
});

describe('what n8n kept of the example runs', () => {
	const secrets = () => secretsOf(exampleCredentials(sandbox).map((credential) => credential.data));

	it('holds no secret of the credentials in any saved execution, nor in n8n’s log', async () => {
		const stored = await storedExecutions(n8n);
		expect(stored.length).toBeGreaterThan(5);
		expect(findSecrets(JSON.stringify(stored.map((execution) => execution.data)), secrets())).toEqual([]);
		expect(findSecrets(n8n.log(), secrets())).toEqual([]);
	});

	it('holds no raw e-mail, phone or name the package’s nodes wrote (without Include Input Data)', async () => {
		const personal = personalValuesOf(contactRows(3000) as unknown as Array<Record<string, unknown>>);
		let scanned = 0;
		for (const { node, items } of packageOutputs(await storedExecutions(n8n))) {
			scanned += items.length;
			expect({ node, found: findPersonalData(items, personal) }).toEqual({ node, found: [] });
		}
		// The examples output per-contact items or a summary (Summary Only): some items, from several nodes.
		expect(scanned).toBeGreaterThan(10);
	});
});

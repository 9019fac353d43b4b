/**
 * Every example workflow in a real n8n 2.41.1, as shipped: imported with the CLI
 * (`n8n import:workflow`) and the way the editor's "Import from File" does (POST /rest/workflows),
 * then run as its users run it (the webhook one activated and called, the others executed) against
 * the sandbox, whose audiences are checked afterwards.
 */
import { parse } from 'flatted';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import audienceAlerts from '../../examples/audience-alerts.json';
import campaignPush from '../../examples/campaign-push-reuse-audience.json';
import formSignup from '../../examples/form-signup-to-audiences.json';
import googleDiagnostics from '../../examples/google-upload-diagnostics.json';
import hourlyMirror from '../../examples/hourly-mirror-sync.json';
import nightlyReplace from '../../examples/nightly-segment-replace.json';
import { startSandbox } from '../../sandbox';
import { startN8n } from '../../scripts/e2e/n8n';
import { googleAdAudience, serviceAccountStore } from '../helpers/google';
import { adAudience, newCustomerList } from '../helpers/meta';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type N8n = Awaited<ReturnType<typeof startN8n>>;
interface Workflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; credentials?: Record<string, { id: string }> }>;
}

const EXAMPLES: Record<string, Workflow> = {
	'audience-alerts.json': audienceAlerts as unknown as Workflow,
	'campaign-push-reuse-audience.json': campaignPush as unknown as Workflow,
	'form-signup-to-audiences.json': formSignup as unknown as Workflow,
	'google-upload-diagnostics.json': googleDiagnostics as unknown as Workflow,
	'hourly-mirror-sync.json': hourlyMirror as unknown as Workflow,
	'nightly-segment-replace.json': nightlyReplace as unknown as Workflow,
};
const files = Object.keys(EXAMPLES);
const read = (file: string) => EXAMPLES[file];

let sandbox: Sandbox;
let n8n: N8n;

beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 500 });
	n8n = await startN8n();
	// The credentials the examples name, pointed at the sandbox, imported like a user's export.
	const credentials = [
		{ id: 'metaAdsSandbox01', name: 'Meta Ads API', type: 'metaAdsApi', data: { accessToken: 'sandbox-meta-token', appSecret: '', graphVersion: 'v26.0', baseUrl: sandbox.url } },
		{
			id: 'googleSaSandbox1',
			name: 'Google Data Manager Service Account',
			type: 'googleDataManagerServiceAccountApi',
			data: {
				clientEmail: sandbox.google.serviceAccount.clientEmail,
				privateKey: sandbox.google.serviceAccount.privateKeyPem,
				grantUrl: `${sandbox.url}/token`,
				baseUrl: sandbox.url,
				loginAccountId: '',
			},
		},
	];
	await n8n.importCredentials(credentials);
}, 600000);

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
});

/** The first finished execution of a workflow, read back with its data (n8n stores it flatted). */
async function nextExecution(workflowId: string, timeoutMs: number): Promise<{ status: string; data: ReturnType<typeof executionOf>['data'] }> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await n8n.rest('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=1`);
		const found = list.data.results[0];
		if (found?.stoppedAt) {
			const full = await n8n.rest('GET', `/rest/executions/${found.id}`);
			return { status: full.data.status, data: parse(full.data.data) };
		}
		if (Date.now() > deadline) throw new Error(`no execution of workflow ${workflowId} within ${timeoutMs} ms`);
		await sleep(1000);
	}
}

function outputOfStored(execution: { data: ReturnType<typeof executionOf>['data'] }, node: string): Array<Record<string, unknown>> {
	return outputOf({ data: execution.data } as ReturnType<typeof executionOf>, node);
}

/** The JSON document `n8n execute` prints after its log lines. */
function executionOf(stdout: string): { status?: string; data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } } {
	return JSON.parse(stdout.slice(stdout.indexOf('{\n')));
}

function outputOf(execution: ReturnType<typeof executionOf>, node: string): Array<Record<string, unknown>> {
	return (execution.data.resultData.runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);
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
		const statusesOf = (execution: ReturnType<typeof executionOf>) =>
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

/**
 * The Audience Sync Trigger in a real n8n 2.41.1, driven in Debian's Chromium as a person drives
 * it: added from the nodes panel, its credential made in the dialog (Meta) or chosen (Google),
 * account and audience picked from the lists, Fetch Test Event read in the output panel, then the
 * workflow published from the header. n8n polls it: the first poll records the baseline, a later
 * one starts the workflow with the event. The audiences are made in the sandbox beforehand.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { openEditor, signIn } from '../../scripts/e2e/browser';
import { OWNER, startN8n } from '../../scripts/e2e/n8n';
import { googleAdAudience, googleAudienceMember, serviceAccountCredentials, serviceAccountStore } from '../helpers/google';
import { adAudience, audienceMember } from '../helpers/meta';
import { contactsOf } from '../helpers/trigger';
import { Editor, packageErrors, screenshotsAndTeardown } from './editor';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type N8n = Awaited<ReturnType<typeof startN8n>>;
type Ui = Awaited<ReturnType<typeof openEditor>>;
type Status = IDataObject & { size: { lowerBound: number; upperBound: number } };
type Execution = { id: string; mode: string; status: string; data?: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: IDataObject }>> } }>> } } };

const META_ACCOUNT = 'Sandbox Ads (act_1234567890)';
/** n8n lists the node in the nodes panel without "Trigger", and names the node with it. */
const PANEL_NAME = 'Audience Sync';
const NODE = 'Audience Sync Trigger';
const TRIGGERS = [
	'On about to expire',
	'On became ready',
	'On became too small or not deliverable',
	'On flagged or restricted',
	'On replace failed or did not finish',
	'On size or match rate moved',
	'On status changed',
	'On upload processed',
];
const EVENTS = [
	'About to Expire',
	'Became Ready',
	'Became Too Small or Not Deliverable',
	'Flagged or Restricted',
	'Replace Failed or Did Not Finish',
	'Size or Match Rate Moved',
	'Status Changed',
	'Upload Processed',
];

let sandbox: Sandbox;
let n8n: N8n;
let ui: Ui;
let editor: Editor;
let apiKey: string;
let metaAudienceId: string;
let googleListId: string;
let metaWorkflowId = '';
let googleWorkflowId = '';

beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 1000 });
	// What the trigger watches: a Meta audience and a Google list of 150 people each.
	const created = await adAudience(sandbox.url, { operation: 'create', name: 'Watched buyers', customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'createNew' });
	metaAudienceId = String(created.items[0].json.id);
	await audienceMember(sandbox.url, metaAudienceId, { operation: 'add' }, contactsOf(sandbox, 0, 150));
	const store = serviceAccountStore(sandbox);
	const list = await googleAdAudience(store, { operation: 'create', name: 'Watched list', ifExists: 'createNew', options: {} });
	googleListId = String(list.items[0].json.id);
	await googleAudienceMember(store, googleListId, { operation: 'add' }, contactsOf(sandbox, 0, 150));

	n8n = await startN8n();
	apiKey = await n8n.createApiKey('trigger tests', ['execution:read', 'execution:list']);
	ui = await openEditor(n8n);
	await signIn(ui.page, n8n, OWNER);
	editor = new Editor(ui.page, n8n.url);
}, 600000);

screenshotsAndTeardown(() => ({ ui, n8n, sandbox }));


/**
 * Fetch Test Event's item, as the output panel shows it: the head of the JSON view (the rest is
 * rendered on scroll), and the table view, which shows every field as `name:value`.
 */
async function fetchTestEvent(): Promise<{ json: string; table: string }> {
	const output = await editor.executeStep();
	expect(output).toContain('1 item');
	return { table: await editor.outputAsTable(), json: await editor.outputAsJson() };
}

/** What the first poll of the published workflow kept: the baseline in the node's static data. */
async function baselineOf(workflowId: string): Promise<Record<string, Status>> {
	const workflow = await n8n.rest('GET', `/rest/workflows/${workflowId}`);
	expect(workflow.data.active).toBe(true);
	const node = (workflow.data.staticData ?? {})[`node:${NODE}`] as { baseline?: { statuses: Record<string, Status> } } | undefined;
	return node?.baseline?.statuses ?? {};
}

async function executions(workflowId: string, status: 'success' | 'error'): Promise<Execution[]> {
	const page = await n8n.publicApi(apiKey, 'GET', `/executions?workflowId=${workflowId}&status=${status}&includeData=true`);
	return page.data as Execution[];
}

describe('Audience Sync Trigger on Meta, in the editor', () => {
	it('is added from the nodes panel; shows Watch, Events, Threshold and Options as the platform needs', async () => {
		await editor.newWorkflow();
		expect(await editor.addTrigger(PANEL_NAME, 'On size or match rate moved')).toEqual(TRIGGERS);
		// The trigger chosen in the panel is the node's one event; all are offered.
		expect(await editor.chosenOptions('events')).toEqual(['Size or Match Rate Moved']);
		expect(await editor.optionNames('events')).toEqual(EVENTS);
		expect(await editor.parameterLabels()).toEqual(
			expect.arrayContaining(['Poll Times', 'Platform', 'Watch', 'Ad Account', 'Audience', 'Events', 'Threshold (%)', 'Options']),
		);
		expect(await editor.inputValue('thresholdPercent')).toBe('10');

		expect(await editor.optionNames('watch')).toEqual(['One Audience', 'Several Audiences', 'All Customer-List Audiences of the Account']);
		await editor.selectOption('watch', 'Several Audiences');
		let labels = await editor.parameterLabels();
		expect(labels).toContain('Audience IDs');
		expect(labels).not.toContain('Audience');
		await editor.selectOption('watch', 'All Customer-List Audiences of the Account');
		labels = await editor.parameterLabels();
		expect(labels).toContain('Ad Account');
		expect(labels).not.toContain('Audience');
		expect(labels).not.toContain('Audience IDs');
		await editor.selectOption('watch', 'One Audience');

		// Threshold belongs to Size or Match Rate Moved alone.
		await editor.toggleOption('events', 'Became Ready');
		await editor.toggleOption('events', 'Size or Match Rate Moved');
		expect(await editor.chosenOptions('events')).toEqual(['Became Ready']);
		expect(await editor.parameterLabels()).not.toContain('Threshold (%)');
		await editor.toggleOption('events', 'Size or Match Rate Moved');
		expect(await editor.parameterLabels()).toContain('Threshold (%)');
		// Upload Processed follows request IDs on Google only.
		await editor.toggleOption('events', 'Upload Processed');
		expect(await editor.chosenOptions('events')).toEqual(['Became Ready', 'Size or Match Rate Moved', 'Upload Processed']);
		expect(await editor.parameterLabels()).not.toContain('Upload Request IDs');
		await editor.toggleOption('events', 'Upload Processed');
	});

	it('gets its credential from the dialog and the audience from the lists; Fetch Test Event shows a real sample', async () => {
		await editor.openNewCredential();
		await editor.fillCredential('accessToken', 'sandbox-meta-token');
		await editor.fillCredential('baseUrl', sandbox.url);
		expect((await editor.saveCredential()).ok).toBe(true);
		await editor.closeCredential();
		await editor.pickFromList('adAccount', META_ACCOUNT);
		await editor.pickFromList('audience', 'Watched buyers');
		// The one option of Options is added as soon as it is asked for, with Meta's default.
		await editor.addCollectionField('Add Option', 'Minimum Audience Size');
		expect(await editor.parameterLabels()).toContain('Minimum Audience Size');
		expect(await editor.inputValue('minimumSize')).toBe('1000');
		await editor.fill('minimumSize', '100');

		const { json, table } = await fetchTestEvent();
		expect(json).toContain('"event": "test"');
		expect(json).toContain('"platform": "meta"');
		expect(json).toContain(`"audienceId": "${metaAudienceId}"`);
		expect(json).toContain('"name": "Watched buyers"');
		// No production poll yet: nothing in the baseline.
		expect(json).toContain('"previous": null');
		expect(json).toMatch(/"current": \{ "platform": "meta", "audienceId": "\d+", "name": "Watched buyers", "lifecycleStatus": "ready"/);
		expect(table).toContain('size lowerBound:150 upperBound:165 deliverable:true');
		// Seen with the minimum set above: 100, not Meta's 1,000.
		expect(table).toContain('minimumSize:100 meetsMinimumSize:true');
		await editor.dismissToasts();
		await editor.screenshot('audience-sync-trigger-test-event-meta');
	});

	it('is published; n8n polls it at once: the baseline is recorded, no error', async () => {
		await editor.closeNode();
		metaWorkflowId = editor.workflowId();
		expect(await editor.publish()).toEqual({ ok: true, text: 'published' });
		const baseline = await baselineOf(metaWorkflowId);
		expect(Object.keys(baseline)).toEqual([`meta:${metaAudienceId}`]);
		expect(baseline[`meta:${metaAudienceId}`]).toMatchObject({ lifecycleStatus: 'ready', minimumSize: 100, size: { lowerBound: 150 } });
		expect(await executions(metaWorkflowId, 'error')).toEqual([]);
		// The audience grows by a third: the next poll (within the minute) has an event to report.
		await audienceMember(sandbox.url, metaAudienceId, { operation: 'add' }, contactsOf(sandbox, 150, 50));
	});
});

describe('Audience Sync Trigger on Google, in the editor', () => {
	it('shows the Google Ads account, the user list and Upload Request IDs; Fetch Test Event shows a real sample', async () => {
		await n8n.rest('POST', '/rest/credentials', {
			name: 'Google service account (sandbox)',
			type: 'googleDataManagerServiceAccountApi',
			data: serviceAccountCredentials(sandbox),
		});
		await editor.newWorkflow();
		await editor.addTrigger(PANEL_NAME, 'On upload processed');
		await editor.selectOption('platform', 'Google');
		await editor.selectCredential('Google service account (sandbox)');
		const labels = await editor.parameterLabels();
		expect(labels).toEqual(expect.arrayContaining(['Platform', 'Watch', 'Google Ads Account ID', 'User List', 'Events', 'Upload Request IDs', 'Options']));
		for (const hidden of ['Ad Account', 'Audience', 'Threshold (%)', 'Authentication']) expect(labels).not.toContain(hidden);

		await editor.fill('googleAccountId', '123-456-7890');
		await editor.pickFromList('userList', 'Watched list');
		await editor.addCollectionField('Add Option', 'Minimum Audience Size');
		expect(await editor.inputValue('minimumSize')).toBe('100');

		const { json, table } = await fetchTestEvent();
		expect(json).toContain('"event": "test"');
		expect(json).toContain('"platform": "google"');
		expect(json).toContain(`"audienceId": "${googleListId}"`);
		expect(json).toContain('"name": "Watched list"');
		expect(json).toContain('"previous": null');
		expect(json).toMatch(/"current": \{ "platform": "google", "audienceId": "\d+", "name": "Watched list", "lifecycleStatus": "ready"/);
		expect(table).toContain('minimumSize:100 meetsMinimumSize:true');
		await editor.dismissToasts();
		await editor.screenshot('audience-sync-trigger-test-event-google');
	});

	it('is published with the service account; the first poll records the baseline, no error', async () => {
		await editor.closeNode();
		googleWorkflowId = editor.workflowId();
		expect(await editor.publish()).toEqual({ ok: true, text: 'published' });
		const baseline = await baselineOf(googleWorkflowId);
		expect(Object.keys(baseline)).toEqual([`google:${googleListId}`]);
		expect(baseline[`google:${googleListId}`]).toMatchObject({ lifecycleStatus: 'ready', minimumSize: 100 });
		expect(await executions(googleWorkflowId, 'error')).toEqual([]);
	});
});

describe('the published Meta trigger', () => {
	it('started its workflow at a later poll with the size move, and no poll failed', async () => {
		expect(metaWorkflowId).not.toBe('');
		// n8n polls every minute: wait for the execution (the Google tests above took part of it).
		// Fetch Test Event left a manual execution; the poll's is a trigger one.
		let polled: Execution[] = [];
		for (let waited = 0; polled.length === 0 && waited < 150; waited++) {
			await ui.page.waitForTimeout(1000);
			polled = (await executions(metaWorkflowId, 'success')).filter((execution) => execution.mode === 'trigger');
		}
		expect(polled).toHaveLength(1);
		const items = polled[0].data?.resultData.runData[NODE][0].data.main[0].map((item) => item.json) ?? [];
		expect(items).toHaveLength(1);
		const [item] = items as Array<IDataObject & { previous: Status; current: Status }>;
		expect(item).toMatchObject({ event: 'sizeOrMatchRateMoved', platform: 'meta', audienceId: metaAudienceId, name: 'Watched buyers' });
		expect(item.previous.size.lowerBound).toBe(150);
		expect(item.current.size.lowerBound).toBe(200);
		expect(await executions(metaWorkflowId, 'error')).toEqual([]);
		expect(await executions(googleWorkflowId, 'error')).toEqual([]);
	}, 240000);
});

describe('the browser session', () => {
	it('logged no console error from this package, and reached nothing but 127.0.0.1', () => {
		expect(packageErrors(ui.consoleErrors)).toEqual([]);
		expect(ui.blocked.every((url) => !url.startsWith('http://127.0.0.1'))).toBe(true);
	});
});

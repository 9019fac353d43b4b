/**
 * The package in a real n8n 2.41.1, driven in Debian's Chromium as a person drives it: nodes come
 * from the nodes panel, credentials are created in the credential dialog and tested against the
 * sandbox, accounts and audiences are picked from the resource-locator lists, each operation of
 * each platform is executed and its output panel read.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { openEditor, signIn } from '../../scripts/e2e/browser';
import { OWNER, startN8n } from '../../scripts/e2e/n8n';
import { Editor, packageErrors, screenshotsAndTeardown } from './editor';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type N8n = Awaited<ReturnType<typeof startN8n>>;
type Ui = Awaited<ReturnType<typeof openEditor>>;

const META_ACCOUNT = 'Sandbox Ads (act_1234567890)';
const GOOGLE_ACCOUNT = '123-456-7890';
const META_CREDENTIAL = 'Credential for Meta Ads API';
const N8N_API_CREDENTIAL = 'Credential for Audience Sync State N8n API';
/** What the data-table state store needs of n8n's public API. */
const STATE_SCOPES = ['dataTable:list', 'dataTable:create', 'dataTable:read', 'dataTableRow:create', 'dataTableRow:read', 'dataTableRow:update', 'dataTableRow:delete'];
/** The name n8n gives a new credential of that type. */
const GOOGLE_SERVICE_ACCOUNT = 'Google Data Manager Service Account account';

let sandbox: Sandbox;
let n8n: N8n;
let ui: Ui;
let editor: Editor;
let googleRequestId = '';

beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 2000 });
	n8n = await startN8n();
	ui = await openEditor(n8n);
	await ui.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: n8n.url });
	await signIn(ui.page, n8n, OWNER);
	editor = new Editor(ui.page, n8n.url);
}, 600000);

screenshotsAndTeardown(() => ({ ui, n8n, sandbox }));


/** A workflow with a Manual Trigger whose output is pinned to `items`, opened in the editor. */
async function workflowWith(items: IDataObject[], name = 'Browser test'): Promise<void> {
	const created = await n8n.rest('POST', '/rest/workflows', {
		name,
		nodes: [
			{ id: 'trigger', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		],
		connections: {},
		pinData: { Manual: items.map((json) => ({ json })) },
		settings: {},
		active: false,
	});
	await editor.openWorkflow(created.data.id);
}

const consenting = (count: number, offset = 0) =>
	sandbox.population.rawContacts(count, { offset }).map((contact: IDataObject) => ({ ...contact, consent: 'granted' }));

/** A customer-list audience made straight in the sandbox's Graph API. */
async function newMetaAudience(name: string): Promise<string> {
	const response = await fetch(`${sandbox.url}/v26.0/act_1234567890/customaudiences`, {
		method: 'POST',
		body: new URLSearchParams({ access_token: 'sandbox-meta-token', name, subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' }),
	});
	return String(((await response.json()) as { id: string }).id);
}

function metaAudienceNamed(name: string): string {
	const audience = [...sandbox.meta.audiences.values()].find((a: { name: string; deleted?: boolean }) => a.name === name);
	return String(audience?.id ?? '');
}

describe('Meta in the editor', () => {
	it('lists each Ad Audience action once in the nodes panel, the upload action included', async () => {
		await workflowWith([{}]);
		const actions = await editor.panelActions('Ad Audience');
		const expected = [
			'Create an audience',
			'Delete an audience',
			'Get an audience',
			'Get many audiences',
			'Get the status of an audience',
			'Update an audience',
			'Get the status of an upload',
		];
		for (const action of expected) expect(actions.filter((a) => a === action)).toHaveLength(1);
	});

	it('creates and tests the credential in the dialog, then creates an audience picked from the lists', async () => {
		await workflowWith([{}]);
		await editor.addNodeAction('Ad Audience', 'Create an audience');
		expect(await editor.parameterLabels()).toEqual(
			expect.arrayContaining(['Platform', 'Resource', 'Operation', 'Ad Account', 'Name']),
		);
		await editor.openNewCredential();
		await editor.fillCredential('accessToken', 'revoked-token');
		await editor.fillCredential('baseUrl', sandbox.url);
		const rejected = await editor.saveCredential();
		expect(rejected.ok).toBe(false);
		expect(rejected.text).toContain('OAuthException 190');
		await editor.screenshot('credential-meta-rejected');
		await editor.fillCredential('accessToken', 'sandbox-meta-token');
		const accepted = await editor.saveCredential();
		expect(accepted.ok).toBe(true);
		await editor.closeCredential();
		// The saved credential is the one the node uses: its ad accounts list comes from the sandbox.
		expect(await editor.listEntries('adAccount')).toEqual(expect.arrayContaining([META_ACCOUNT]));

		await editor.pickFromList('adAccount', META_ACCOUNT);
		await editor.fill('name', 'Browser audience');
		const output = await editor.executeStep();
		expect(output).toContain('1 item');
		expect(await editor.outputAsJson()).toContain('"created": true');
		await editor.screenshot('ad-audience-create-meta');
		expect(metaAudienceNamed('Browser audience')).not.toBe('');
	});

	it('adds contacts from the nodes panel; the table has no undefined cell', async () => {
		await workflowWith(consenting(25));
		await editor.addNodeAction('Audience Member', 'Add contacts to an audience');
		const labels = await editor.parameterLabels();
		expect(labels).toEqual(expect.arrayContaining(['Platform', 'Operation', 'Audience', 'Email Field', 'Phone Field', 'More Identifier Fields']));
		expect(labels).not.toContain('Authentication');
		// Only Sync and the sync-state operations keep a state.
		expect(labels).not.toContain('State Store');
		await editor.pickFromList('adAccount', META_ACCOUNT);
		await editor.pickFromList('audience', 'Browser audience');
		const output = await editor.executeStep();
		expect(output).toContain('25 items');
		const table = await editor.outputAsTable();
		expect(table).toContain('added');
		expect(table).not.toContain('undefined');
		await editor.screenshot('audience-member-add-meta');
		const id = metaAudienceNamed('Browser audience');
		expect(sandbox.meta.liveAudience(id).membership.members.size).toBe(25);
	});

	it('reads the contacts from a CSV file made upstream once Contacts From is CSV File', async () => {
		const contacts = consenting(30, 100);
		const created = await n8n.rest('POST', '/rest/workflows', {
			name: 'CSV in the editor',
			nodes: [
				{ id: 'trigger', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'file', name: 'To CSV', type: 'n8n-nodes-base.convertToFile', typeVersion: 1.1, position: [220, 0], parameters: { operation: 'csv', options: {} } },
			],
			connections: { Manual: { main: [[{ node: 'To CSV', type: 'main', index: 0 }]] } },
			pinData: { Manual: contacts.map((json) => ({ json })) },
			settings: {},
			active: false,
		});
		await editor.openWorkflow(created.data.id);
		const audienceId = await newMetaAudience('Browser CSV audience');
		await editor.addNodeAction('Audience Member', 'Add contacts to an audience');
		expect(await editor.optionNames('contactSource')).toEqual(['Input Items', 'CSV File']);
		expect(await editor.parameterLabels()).not.toContain('Input Binary Field');
		await editor.selectOption('contactSource', 'CSV File');
		expect(await editor.parameterLabels()).toEqual(expect.arrayContaining(['Contacts From', 'Input Binary Field', 'CSV Delimiter', 'Email Field']));
		expect(await editor.inputValue('binaryPropertyName')).toBe('data');
		// The notice speaks of the summary, not of one output item per contact.
		const parameters = ui.page.getByTestId('node-parameters');
		await parameters.getByText('The output is one summary').waitFor();
		expect(await parameters.getByText('Each output item says').count()).toBe(0);
		await editor.pickFromList('adAccount', META_ACCOUNT);
		await editor.pickFromList('audience', 'Browser CSV audience');
		expect(await editor.executeStep()).toContain('1 item');
		const summary = await editor.outputAsJson();
		expect(summary).toContain('"csvRows": 30');
		expect(summary).toContain('"added": 30');
		await editor.screenshot('audience-member-csv-meta');
		expect(sandbox.meta.liveAudience(audienceId).membership.members.size).toBe(30);
	});

	it.each([
		['Get an audience', '"name": "Browser audience"'],
		['Get many audiences', 'Browser audience'],
		['Get the status of an audience', '"lifecycleStatus"'],
		['Get the status of an upload', '"received": 25'],
	])('%s: picked from the lists, executed, read in the output panel', async (action, expected) => {
		await workflowWith([{}]);
		await editor.addNodeAction('Ad Audience', action);
		await editor.pickFromList('adAccount', META_ACCOUNT);
		if (action !== 'Get many audiences') await editor.pickFromList('audience', 'Browser audience');
		await editor.executeStep();
		expect(await editor.outputAsJson()).toContain(expected);
		if (action === 'Get the status of an audience') await editor.screenshot('ad-audience-status-meta');
	});

	it('updates the audience through the Update Fields collection', async () => {
		await workflowWith([{}]);
		await editor.addNodeAction('Ad Audience', 'Update an audience');
		await editor.pickFromList('adAccount', META_ACCOUNT);
		await editor.pickFromList('audience', 'Browser audience');
		await editor.addCollectionField('Add Field', 'Description');
		await editor.fill('description', 'Edited in the browser');
		await editor.executeStep();
		expect(await editor.outputAsJson()).toContain('Edited in the browser');
	});

	it.each([
		['Remove contacts from an audience', 'removed', 5],
		['Replace all contacts of an audience', 'added', 10],
		// A first sync: the state is empty, so every contact of the segment is added.
		['Sync an audience with a segment', 'added', 10],
	])('%s', async (action, status, count) => {
		await workflowWith(consenting(count, 100));
		await editor.addNodeAction('Audience Member', action);
		expect((await editor.parameterLabels()).includes('State Store')).toBe(action.startsWith('Sync'));
		await editor.pickFromList('adAccount', META_ACCOUNT);
		await editor.pickFromList('audience', 'Browser audience');
		const output = await editor.executeStep();
		expect(output).toContain(`${count} items`);
		expect(await editor.outputAsTable()).toContain(status);
	});

	it('deletes the audience, and shows readable subtitles on the canvas', async () => {
		await workflowWith([{}]);
		await editor.addNodeAction('Ad Audience', 'Delete an audience');
		await editor.pickFromList('adAccount', META_ACCOUNT);
		await editor.pickFromList('audience', 'Browser audience');
		await editor.executeStep();
		expect(await editor.outputAsJson()).toContain('"deleted": true');
		await editor.closeNode();
		expect((await editor.nodeSubtitles()).join('\n')).toContain('Delete · Meta');
	});
});

describe('Sync with its state in a data table, in the editor', () => {
	const TABLE = 'audience_sync_state';
	let apiKey = '';
	let audienceId = '';

	beforeAll(async () => {
		apiKey = await n8n.createApiKey('audience sync state', STATE_SCOPES);
		audienceId = await newMetaAudience('Data table mirror');
	});

	it('shows State Store under Operation; Data Table asks for the n8n API credential, made and tested in the dialog', async () => {
		// A segment of people with a CRM id, as a CRM gives it.
		const segment = consenting(12, 600).map((contact: IDataObject, i: number) => ({ ...contact, crm_id: `crm-${i}` }));
		await workflowWith(segment, 'Sync with a data table');
		await editor.addNodeAction('Audience Member', 'Sync an audience with a segment');
		let labels = await editor.panelLabels();
		expect(labels).toEqual(expect.arrayContaining(['Platform', 'Operation', 'Contact Key Field', 'State Store', 'Ad Account', 'Audience']));
		expect(labels).not.toContain('Data Table Name');
		expect(labels).not.toContain(N8N_API_CREDENTIAL);
		expect(await editor.optionNames('stateStore')).toEqual(['Workflow Static Data', 'Data Table']);

		await editor.selectOption('stateStore', 'Data Table');
		labels = await editor.panelLabels();
		expect(labels).toEqual(expect.arrayContaining(['Operation', 'State Store', 'Data Table Name', N8N_API_CREDENTIAL]));
		// The credentials come before the lists that need them.
		expect(labels.indexOf(META_CREDENTIAL)).toBeGreaterThan(-1);
		expect(labels.indexOf(META_CREDENTIAL)).toBeLessThan(labels.indexOf('Ad Account'));
		expect(labels.indexOf(N8N_API_CREDENTIAL)).toBeLessThan(labels.indexOf('State Store'));
		expect(await editor.inputValue('stateTable')).toBe(TABLE);

		await editor.openNewCredential('Audience Sync State N8n API');
		await editor.fillCredential('apiKey', 'not-an-n8n-api-key');
		await editor.fillCredential('baseUrl', `${n8n.url}/api/v1`);
		const rejected = await editor.saveCredential();
		expect(rejected.ok).toBe(false);
		expect(rejected.text).toContain('Couldn’t connect with these settings');
		await editor.fillCredential('apiKey', apiKey);
		const accepted = await editor.saveCredential();
		expect(accepted.ok).toBe(true);
		await editor.closeCredential();
		expect(await editor.panelLabels()).toContain('Operation');

		await editor.fill('contactKeyField', 'crm_id');
		await editor.pickFromList('adAccount', META_ACCOUNT);
		await editor.pickFromList('audience', 'Data table mirror');
		await editor.dismissToasts();
		await editor.scrollTo('contactKeyField');
		await editor.screenshot('audience-member-sync-state-store');
	});

	it('a manual run saves the state in the table: added, then unchanged', async () => {
		const first = await editor.executeStep();
		expect(first).toContain('12 items');
		const added = await editor.outputAsTable();
		expect(added.match(/ added /g)).toHaveLength(12);
		expect(added).not.toContain('unchanged');
		// stateSaved is the table's one true-or-false column: true in every row.
		expect(added.match(/ true( |$)/g)).toHaveLength(12);
		expect(added).not.toContain(' false');
		expect(await editor.outputAsJson()).toContain('"stateSaved": true');
		expect(sandbox.meta.liveAudience(audienceId).membership.members.size).toBe(12);

		await editor.executeStep();
		const unchanged = await editor.outputAsTable();
		expect(unchanged.match(/ unchanged /g)).toHaveLength(12);
		expect(unchanged).not.toContain(' added ');
	});

	it('keeps the state where n8n shows it: a head row for the audience in the data table', async () => {
		const tables = await n8n.publicApi(apiKey, 'GET', '/data-tables?limit=250');
		const table = (tables.data as Array<{ id: string; name: string }>).find((t) => t.name === TABLE);
		expect(table).toBeDefined();
		const filter = encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'slot', condition: 'eq', value: `meta:${audienceId}` }] }));
		const rows = (await n8n.publicApi(apiKey, 'GET', `/data-tables/${table?.id}/rows?filter=${filter}&limit=250`)).data as Array<{ kind: string }>;
		expect(rows.filter((row) => row.kind === 'head')).toHaveLength(1);
		expect(rows.filter((row) => row.kind === 'base').length).toBeGreaterThan(0);
	});
});

describe('Google in the editor', () => {
	it('chooses Google, sees both ways to authenticate, and creates a service-account credential pasted with real newlines', async () => {
		await workflowWith([{}]);
		await editor.addNodeAction('Ad Audience', 'Create an audience');
		await editor.selectOption('platform', 'Google');
		const labels = await editor.parameterLabels();
		expect(labels).toEqual(expect.arrayContaining(['Platform', 'Google Ads Account ID', 'Name']));
		expect(labels).not.toContain('Ad Account');
		await editor.openNewCredential();
		expect(await editor.credentialModes()).toEqual(expect.arrayContaining(['Service Account', 'OAuth2']));
		await editor.fillCredential('clientEmail', sandbox.google.serviceAccount.clientEmail);
		await editor.pasteIntoCredential('privateKey', sandbox.google.serviceAccount.privateKeyPem);
		await editor.fillCredential('baseUrl', sandbox.url);
		await editor.fillCredential('grantUrl', `${sandbox.url}/token`);
		const saved = await editor.saveCredential();
		expect(saved.text).not.toContain('ERR_OSSL');
		expect(saved.ok).toBe(true);
		await editor.closeCredential();

		await editor.fill('googleAccountId', GOOGLE_ACCOUNT);
		await editor.fill('name', 'Browser list');
		await editor.executeStep();
		expect(await editor.outputAsJson()).toContain('"created": true');
		await editor.screenshot('ad-audience-create-google');
	});

	it('adds contacts to the list picked from the list search, without Meta-only identifiers', async () => {
		await workflowWith(consenting(20, 300));
		await editor.addNodeAction('Audience Member', 'Add contacts to an audience');
		await editor.selectOption('platform', 'Google');
		await editor.selectCredential(GOOGLE_SERVICE_ACCOUNT);
		await editor.fill('googleAccountId', GOOGLE_ACCOUNT);
		await editor.pickFromList('userList', 'Browser list');
		const options = await editor.collectionChoices('Add Identifier Field');
		expect(options.sort()).toEqual([
			'Country Field',
			'First Name Field',
			'Last Name Field',
			'Postal Code Field',
		]);
		const output = await editor.executeStep();
		expect(output).toContain('20 items');
		const table = await editor.outputAsTable();
		expect(table).toContain('added');
		expect(table).not.toContain('undefined');
		await editor.screenshot('audience-member-add-google');
		googleRequestId = /"requestId": "([^"]+)"/.exec(await editor.outputAsJson())?.[1] ?? '';
	});

	it.each([
		['Get an audience', '"displayName": "Browser list"'],
		['Get many audiences', 'Browser list'],
		['Get the status of an audience', '"lifecycleStatus"'],
	])('%s', async (action, expected) => {
		await workflowWith([{}]);
		await editor.addNodeAction('Ad Audience', action);
		await editor.selectOption('platform', 'Google');
		await editor.selectCredential(GOOGLE_SERVICE_ACCOUNT);
		await editor.fill('googleAccountId', GOOGLE_ACCOUNT);
		if (action !== 'Get many audiences') await editor.pickFromList('userList', 'Browser list');
		await editor.executeStep();
		expect(await editor.outputAsJson()).toContain(expected);
	});

	it('looks up the upload of the Add above by its request ID', async () => {
		expect(googleRequestId).toMatch(/\S/);
		await workflowWith([{ requestId: googleRequestId }]);
		await editor.addNodeAction('Ad Audience', 'Get the status of an upload');
		await editor.selectOption('platform', 'Google');
		await editor.selectCredential(GOOGLE_SERVICE_ACCOUNT);
		expect(await editor.parameterLabels()).toContain('Request IDs');
		await editor.executeStep();
		expect(await editor.outputAsJson()).toContain(googleRequestId);
	});

	it.each([
		['Remove contacts from an audience', 'removed', 5, 300],
		['Replace all contacts of an audience', 'added', 8, 400],
	])('%s', async (action, status, count, offset) => {
		await workflowWith(consenting(count, offset));
		await editor.addNodeAction('Audience Member', action);
		await editor.selectOption('platform', 'Google');
		await editor.selectCredential(GOOGLE_SERVICE_ACCOUNT);
		await editor.fill('googleAccountId', GOOGLE_ACCOUNT);
		await editor.pickFromList('userList', 'Browser list');
		await editor.executeStep();
		expect(await editor.outputAsTable()).toContain(status);
	});

	it('offers an OAuth2 credential in the same list and runs with it', async () => {
		await n8n.rest('POST', '/rest/credentials', {
			name: 'Google OAuth2 (sandbox)',
			type: 'googleDataManagerOAuth2Api',
			data: {
				clientId: 'sandbox-client',
				clientSecret: 'sandbox-client-secret',
				baseUrl: sandbox.url,
				oauthTokenData: { access_token: 'sandbox-google-token', refresh_token: 'sandbox-refresh-token', token_type: 'Bearer' },
			},
		});
		await workflowWith([{}]);
		await editor.addNodeAction('Ad Audience', 'Get many audiences');
		await editor.selectOption('platform', 'Google');
		await editor.selectCredential(GOOGLE_SERVICE_ACCOUNT);
		await ui.page.getByTestId('node-credentials-select').click();
		const entries = await ui.page.locator('[data-test-id^="node-credentials-select-item-"]:visible').allInnerTexts();
		expect(entries.join('\n')).toContain('Google OAuth2 (sandbox)');
		expect(entries.join('\n')).toContain('Google Data Manager Service Account');
		await ui.page.locator('[data-test-id^="node-credentials-select-item-"]:visible').filter({ hasText: 'Google OAuth2 (sandbox)' }).click();
		await editor.fill('googleAccountId', GOOGLE_ACCOUNT);
		await editor.executeStep();
		expect(await editor.outputAsJson()).toContain('Browser list');
		await editor.screenshot('ad-audience-google-oauth2');
	});

	it('deletes the list', async () => {
		await workflowWith([{}]);
		await editor.addNodeAction('Ad Audience', 'Delete an audience');
		await editor.selectOption('platform', 'Google');
		await editor.selectCredential(GOOGLE_SERVICE_ACCOUNT);
		await editor.fill('googleAccountId', GOOGLE_ACCOUNT);
		await editor.pickFromList('userList', 'Browser list');
		await editor.executeStep();
		expect(await editor.outputAsJson()).toContain('"deleted": true');
		await editor.closeNode();
		expect((await editor.nodeSubtitles()).join('\n')).toContain('Delete · Google');
	});
});

describe('the browser session', () => {
	it('logged no console error from this package, and reached nothing but 127.0.0.1', () => {
		expect(packageErrors(ui.consoleErrors)).toEqual([]);
		expect(ui.blocked.every((url) => !url.startsWith('http://127.0.0.1'))).toBe(true);
	});
});

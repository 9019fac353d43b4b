/**
 * Sync workflows for a real n8n (scripts/e2e): the credentials they use, imported with n8n's CLI,
 * and the workflow Webhook (a segment in its body) → Code (one item per contact) → Audience Member
 * Sync, called through its production webhook.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { startN8n } from '../../scripts/e2e/n8n';

type N8n = Awaited<ReturnType<typeof startN8n>>;

export const META_CREDENTIAL = { id: 'metaSyncSandbox1', name: 'Meta Ads API (sandbox)' };
export const STATE_CREDENTIAL = { id: 'syncStateApiKey1', name: 'Audience Sync State' };

/** The sandbox's Meta credential and the data-table store's n8n API credential. */
export async function importSyncCredentials(n8n: N8n, sandboxUrl: string, apiKey: string): Promise<void> {
	await n8n.importCredentials([
		{ ...META_CREDENTIAL, type: 'metaAdsApi', data: { accessToken: 'sandbox-meta-token', appSecret: '', graphVersion: 'v26.0', baseUrl: sandboxUrl } },
		{ ...STATE_CREDENTIAL, type: 'audienceSyncN8nApi', data: { apiKey, baseUrl: `${n8n.url}/api/v1` } },
	]);
}

export interface SyncWorkflow {
	id: string;
	versionId: string;
	path: string;
}

/** Creates the workflow (not active); `options` are the Sync node's options besides summaryOnly. */
export async function syncWorkflow(
	n8n: N8n,
	spec: { name: string; audienceId: string; stateStore: string; path: string; options?: IDataObject },
): Promise<SyncWorkflow> {
	const { name, audienceId, stateStore, path } = spec;
	const sync = {
		id: 'sync',
		name: 'Sync Audience',
		type: 'n8n-nodes-audience-sync.audienceMember',
		typeVersion: 2,
		position: [440, 0],
		parameters: {
			platform: 'meta',
			operation: 'sync',
			audience: { __rl: true, mode: 'id', value: audienceId },
			contactKeyField: 'crm_id',
			stateStore,
			options: { summaryOnly: true, ...spec.options },
		},
		credentials: {
			metaAdsApi: META_CREDENTIAL,
			...(stateStore === 'dataTable' ? { audienceSyncN8nApi: STATE_CREDENTIAL } : {}),
		},
	};
	const created = await n8n.rest('POST', '/rest/workflows', {
		name,
		nodes: [
			{ id: 'hook', name: 'Segment In', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path, parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} } },
			{ id: 'code', name: 'Contacts', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: 'return $json.body.contacts.map((c) => ({ json: c }));' } },
			sync,
		],
		connections: {
			'Segment In': { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
			Contacts: { main: [[{ node: 'Sync Audience', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	});
	return { id: created.data.id, versionId: created.data.versionId, path };
}

/** Activates a workflow; resolves with whether n8n reports it active. */
export async function activate(n8n: N8n, workflow: { id: string; versionId: string }): Promise<boolean> {
	const activated = await n8n.rest('POST', `/rest/workflows/${workflow.id}/activate`, { versionId: workflow.versionId });
	return activated.data.active === true;
}

/**
 * POSTs a body to a production webhook; a 404 (activation still registering the webhook) is
 * retried for a while. Resolves with the status and the parsed body (or its text).
 */
export async function postWebhook(baseUrl: string, path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; body: IDataObject }> {
	const send = () => fetch(`${baseUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
	let response = await send();
	for (let i = 0; i < 20 && response.status === 404; i++) {
		await sleep(500);
		response = await send();
	}
	const text = await response.text();
	let parsed: IDataObject;
	try {
		parsed = JSON.parse(text) as IDataObject;
	} catch {
		parsed = { text };
	}
	return { status: response.status, body: parsed };
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { metaAudienceParameter, platformParameter, withGoogleClient, withMetaClient } from '../../shared/context';
import { retrieveRequestStatus } from '../../shared/platforms/google/requestStatus';
import { listMetaUploadSessions } from '../../shared/platforms/meta/audiences';
import { metaUploadSessionReport } from '../../shared/platforms/meta/status';

const show = { resource: ['upload'], operation: ['getUploadStatus'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Request IDs',
		name: 'requestIds',
		type: 'string',
		required: true,
		default: '={{ $json.requestId }}',
		description:
			'Data Manager request IDs to look up: the requestId of Audience Member results, or several separated by commas. Each distinct ID is looked up once, whatever the number of items that carry it.',
		displayOptions: { show: { ...show, platform: ['google'] } },
	},
	{
		displayName:
			'Google processes an upload after accepting it: wait about 30 minutes before the first look, then repeat until the status is SUCCESS, PARTIAL_SUCCESS or FAILED.',
		name: 'uploadStatusNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, platform: ['google'] } },
	},
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '',
		placeholder: '4929303021',
		description:
			'One upload session to report (the session_id in the meta figures of an Audience Member summary). Leave empty for the latest sessions.',
		displayOptions: { show: { ...show, platform: ['meta'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, platform: ['meta'] } },
	},
	{
		displayName:
			'Meta counts received and matched people per upload session; the counts can lag the upload by up to 24 hours.',
		name: 'metaSessionNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, platform: ['meta'] } },
	},
];

/** Meta: the upload sessions of each item's audience, one output item per session. */
async function metaUploadSessions(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let i = 0; i < items.length; i++) {
		const audienceId = metaAudienceParameter(ctx, i);
		const sessionId = String(ctx.getNodeParameter('sessionId', i, '') ?? '').trim();
		const limit = ctx.getNodeParameter('limit', i, 50) as number;
		const sessions = await withMetaClient(ctx, i, async (client) =>
			listMetaUploadSessions(client, audienceId, { sessionId: sessionId || undefined, limit }),
		);
		for (const session of sessions) {
			output.push({ json: metaUploadSessionReport(audienceId, session), pairedItem: { item: i } });
		}
	}
	return output;
}

/** Google: one output item per distinct request ID, paired with every input item that named it. */
export async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	if (platformParameter(this, 0) === 'meta') return await metaUploadSessions(this);
	const items = this.getInputData();
	const itemsById = new Map<string, number[]>();
	for (let i = 0; i < items.length; i++) {
		const raw = this.getNodeParameter('requestIds', i, '') as string | string[];
		const ids = (Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,]+/))
			.map((id) => String(id).trim())
			.filter(Boolean);
		for (const id of ids) itemsById.set(id, [...(itemsById.get(id) ?? []), i]);
	}
	if (itemsById.size === 0) {
		throw new NodeOperationError(this.getNode(), 'No request ID to look up', {
			description: 'Map the requestId field of Audience Member results, or type one.',
		});
	}
	const output: INodeExecutionData[] = [];
	for (const [requestId, itemIndexes] of itemsById) {
		const status: IDataObject = await withGoogleClient(this, itemIndexes[0], async (client) =>
			retrieveRequestStatus(client, requestId, itemIndexes[0]),
		);
		output.push({ json: status, pairedItem: itemIndexes.map((item) => ({ item })) });
	}
	return output;
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withGoogleClient } from '../../shared/context';
import { retrieveRequestStatus } from '../../shared/platforms/google/requestStatus';

export const description: INodeProperties[] = [
	{
		displayName: 'Request IDs',
		name: 'requestIds',
		type: 'string',
		required: true,
		default: '={{ $json.requestId }}',
		description:
			'Data Manager request IDs to look up: the requestId of Audience Member results, or several separated by commas. Each distinct ID is looked up once, whatever the number of items that carry it.',
		displayOptions: { show: { resource: ['upload'], operation: ['getUploadStatus'] } },
	},
	{
		displayName:
			'Google processes an upload after accepting it: wait about 30 minutes before the first look, then repeat until the status is SUCCESS, PARTIAL_SUCCESS or FAILED.',
		name: 'uploadStatusNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['upload'], operation: ['getUploadStatus'] } },
	},
];

/** One output item per distinct request ID, paired with every input item that named it. */
export async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
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

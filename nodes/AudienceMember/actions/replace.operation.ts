import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executeUpload } from './upload';

export const description: INodeProperties[] = [
	{
		displayName:
			'Replaces everyone in the audience with the input contacts, in one Meta replace session (it keeps ad sets out of a new learning phase). Meta allows no other change to the audience until the replace finishes. The node refuses to run when no contact can be sent, so an empty segment never empties the audience.',
		name: 'replaceNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['replace'] } },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeUpload.call(this, 'replace');
}

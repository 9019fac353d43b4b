import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executeUpload } from './upload';

export const description: INodeProperties[] = [
	{
		displayName:
			'Removal matches people by the same identifiers that added them. Consent is not required to remove someone; excluded contacts are still never sent.',
		name: 'removeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['remove'] } },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeUpload.call(this, 'remove');
}

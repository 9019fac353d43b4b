import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executeUpload } from './upload';

export const description: INodeProperties[] = [
	{
		displayName:
			'All input items are sent together in batches of up to 10,000 contacts. Each output item says what happened to its contact: added, skipped, invalid or failed, and why.',
		name: 'addNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['add'] }, hide: { contactSource: ['csv'] } },
	},
	{
		displayName:
			'The rows of the CSV files are sent in batches of up to 10,000 contacts as they are read. The output is one summary: counts by status and reason, and the first invalid rows with their line numbers.',
		name: 'addCsvNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['add'], contactSource: ['csv'] } },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeUpload.call(this, 'add');
}

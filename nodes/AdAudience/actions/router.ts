import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { AudienceOperation, UploadOperation } from '../../shared/platforms/types';
import * as create from './audience/create.operation';
import * as del from './audience/delete.operation';
import * as get from './audience/get.operation';
import * as getMany from './audience/getMany.operation';
import * as getStatus from './audience/getStatus.operation';
import * as update from './audience/update.operation';
import * as getUploadStatus from './upload/getUploadStatus.operation';

type PerItem = (this: IExecuteFunctions, i: number) => Promise<IDataObject | IDataObject[]>;
type WholeInput = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

/** Operations that run once per input item. */
const audience: Record<AudienceOperation, PerItem> = {
	create: create.execute,
	delete: del.execute,
	get: get.execute,
	getMany: getMany.execute,
	getStatus: getStatus.execute,
	update: update.execute,
};

/** Operations that read the whole input at once (one lookup per distinct request). */
const upload: Record<UploadOperation, WholeInput> = {
	getUploadStatus: getUploadStatus.executeAll,
};

export const descriptions = [
	...create.description,
	...getMany.description,
	...getStatus.description,
	...update.description,
	...getUploadStatus.description,
];

/** Runs the node's operation: the per-item loop, Continue On Fail, and paired items. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const first = this.getNodeParameter('operation', 0) as string;
	if (first in upload) return [await upload[first as UploadOperation].call(this)];
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const operation = this.getNodeParameter('operation', i) as AudienceOperation;
			const run = audience[operation];
			if (!run) {
				throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, { itemIndex: i });
			}
			const result = await run.call(this, i);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: i },
				}),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({
					json: { error: (error as Error).message, description: (error as { description?: string }).description },
					pairedItem: { item: i },
				});
				continue;
			}
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [returnData];
}

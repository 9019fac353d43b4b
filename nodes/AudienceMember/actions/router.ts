import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as add from './add.operation';
import * as remove from './remove.operation';
import * as replace from './replace.operation';
import * as getSyncState from './getSyncState.operation';
import * as resetSyncState from './resetSyncState.operation';
import * as sync from './sync.operation';

/** Each operation takes the whole input: contacts are batched across items. */
const operations: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	add: add.execute,
	remove: remove.execute,
	replace: replace.execute,
	sync: sync.execute,
	getSyncState: getSyncState.execute,
	resetSyncState: resetSyncState.execute,
};

/**
 * Runs the node's operation. Continue On Fail is applied per contact by the pipeline: a failed
 * batch gives its contacts `status: failed` instead of stopping the node.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[operation];
	if (!run) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`);
	return await run.call(this);
}

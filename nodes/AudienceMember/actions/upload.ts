import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { platformParameter } from '../../shared/context';
import { googleUploadAdapter } from './googleAdapter';
import { metaUploadAdapter } from './metaAdapter';
import type { MemberOperation, UploadOptions } from './pipeline';
import { runUpload } from './pipeline';

/** Add, Remove and Replace All, for the platform chosen on the node. */
export async function executeUpload(
	this: IExecuteFunctions,
	operation: MemberOperation,
): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as UploadOptions;
	if (platformParameter(this, 0) === 'google') {
		return await runUpload(this, operation, googleUploadAdapter(this, options, operation), options);
	}
	return await runUpload(this, operation, metaUploadAdapter(this, options, operation), options);
}

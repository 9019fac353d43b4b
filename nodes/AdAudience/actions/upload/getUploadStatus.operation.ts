import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { platformOf, platformParameters } from '../../../shared/platforms';

export const description: INodeProperties[] = platformParameters(
	(platform) => platform.properties.audienceFields.getUploadStatus,
	{ resource: ['upload'], operation: ['getUploadStatus'] },
);

/**
 * What the platform made of uploads, for the whole input at once (Meta: the upload sessions of
 * each item's audience; Google: one item per distinct request ID).
 */
export async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await platformOf(this, 0).audiences.getUploadStatus(this);
}

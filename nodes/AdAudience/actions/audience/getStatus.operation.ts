import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { platformOf, platformParameters } from '../../../shared/platforms';

/** Each platform's Options (Minimum Audience Size, Meta's Audience Limit per Account, with the platform's defaults). */
export const description: INodeProperties[] = platformParameters(
	(platform) => platform.properties.audienceFields.getStatus,
	{ resource: ['audience'], operation: ['getStatus'] },
);

/**
 * The audience's status in the shape both platforms share (see platforms/types.ts), with its
 * account against the platform's limit on audiences (null where none is documented).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { raw, accountLimit, ...status } = await platformOf(this, i).audiences.getStatus(this, i);
	return { ...status, accountLimit: accountLimit ?? null, raw } as unknown as IDataObject;
}

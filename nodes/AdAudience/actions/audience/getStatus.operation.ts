import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { platformOf, platformParameters } from '../../../shared/platforms';

/** Each platform's Options (Minimum Audience Size, with the platform's own default). */
export const description: INodeProperties[] = platformParameters(
	(platform) => platform.properties.audienceFields.getStatus,
	{ resource: ['audience'], operation: ['getStatus'] },
);

/** The audience's status in the shape both platforms share (see platforms/types.ts). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return (await platformOf(this, i).audiences.getStatus(this, i)) as unknown as IDataObject;
}

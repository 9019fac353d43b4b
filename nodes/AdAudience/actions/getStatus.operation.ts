import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { metaAudienceParameter, withMetaClient } from '../../shared/context';
import { getMetaAudienceForStatus } from '../../shared/platforms/meta/audiences';
import { metaAudienceStatus } from '../../shared/platforms/meta/status';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const audienceId = metaAudienceParameter(this, i);
	return await withMetaClient(this, i, async (client) => {
		const { audience, latestSession } = await getMetaAudienceForStatus(client, audienceId);
		return metaAudienceStatus(audience, latestSession) as unknown as IDataObject;
	});
}

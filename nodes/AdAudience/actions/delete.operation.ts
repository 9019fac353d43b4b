import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { metaAudienceParameter, withMetaClient } from '../../shared/context';
import { deleteMetaAudience } from '../../shared/platforms/meta/audiences';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const audienceId = metaAudienceParameter(this, i);
	await withMetaClient(this, i, async (client) => await deleteMetaAudience(client, audienceId));
	return { id: audienceId, deleted: true };
}

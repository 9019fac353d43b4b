import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	googleAccountParameter,
	googleUserListParameter,
	metaAudienceParameter,
	platformParameter,
	withGoogleClient,
	withMetaClient,
} from '../../shared/context';
import { googleAudienceStatus } from '../../shared/platforms/google/status';
import { getGoogleUserList } from '../../shared/platforms/google/userLists';
import { getMetaAudienceForStatus } from '../../shared/platforms/meta/audiences';
import { metaAudienceStatus } from '../../shared/platforms/meta/status';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	if (platformParameter(this, i) === 'google') {
		const accountId = googleAccountParameter(this, i);
		const listId = googleUserListParameter(this, i);
		return await withGoogleClient(this, i, async (client) => {
			const list = await getGoogleUserList(client, accountId, listId);
			return googleAudienceStatus(list) as unknown as IDataObject;
		});
	}
	const audienceId = metaAudienceParameter(this, i);
	return await withMetaClient(this, i, async (client) => {
		const { audience, latestSession } = await getMetaAudienceForStatus(client, audienceId);
		return metaAudienceStatus(audience, latestSession) as unknown as IDataObject;
	});
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	googleAccountParameter,
	googleUserListParameter,
	metaAudienceParameter,
	platformParameter,
	withGoogleClient,
	withMetaClient,
} from '../../shared/context';
import { getGoogleUserList } from '../../shared/platforms/google/userLists';
import { getMetaAudience } from '../../shared/platforms/meta/audiences';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	if (platformParameter(this, i) === 'google') {
		const accountId = googleAccountParameter(this, i);
		const listId = googleUserListParameter(this, i);
		return await withGoogleClient(this, i, async (client) => await getGoogleUserList(client, accountId, listId));
	}
	const audienceId = metaAudienceParameter(this, i);
	return await withMetaClient(this, i, async (client) => await getMetaAudience(client, audienceId));
}

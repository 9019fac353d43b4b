import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	googleAccountParameter,
	googleUserListParameter,
	metaAudienceParameter,
	platformParameter,
	withGoogleClient,
	withMetaClient,
} from '../../shared/context';
import { deleteGoogleUserList } from '../../shared/platforms/google/userLists';
import { deleteMetaAudience } from '../../shared/platforms/meta/audiences';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	if (platformParameter(this, i) === 'google') {
		const accountId = googleAccountParameter(this, i);
		const listId = googleUserListParameter(this, i);
		await withGoogleClient(this, i, async (client) => await deleteGoogleUserList(client, accountId, listId));
		return { id: listId, deleted: true };
	}
	const audienceId = metaAudienceParameter(this, i);
	await withMetaClient(this, i, async (client) => await deleteMetaAudience(client, audienceId));
	return { id: audienceId, deleted: true };
}

import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { googleCredentialFor, GoogleClient, googleAccountDigits } from './transport';
import { userListsPath } from './userLists';

const PAGE_SIZE = 50;

export async function searchGoogleUserLists(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const accountId = googleAccountDigits(this.getNodeParameter('googleAccountId', '') as string);
	if (!accountId) {
		throw new NodeOperationError(this.getNode(), 'Give the Google Ads account ID first', {
			description: 'The list shows the user lists of that account.',
		});
	}
	const authentication = this.getNodeParameter('authentication', 'serviceAccount') as string;
	const client = await GoogleClient.create(
		this,
		googleCredentialFor(authentication),
	);
	const escaped = (filter ?? '').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
	const page = await client.request<{ userLists?: IDataObject[]; nextPageToken?: string }>({
		method: 'GET',
		path: userListsPath(accountId),
		qs: {
			pageSize: PAGE_SIZE,
			...(filter ? { filter: `display_name : "${escaped}"` } : {}),
			...(paginationToken ? { pageToken: paginationToken } : {}),
		},
		withLoginAccountHeader: true,
	});
	return {
		results: (page.userLists ?? []).map((list) => ({
			name: String(list.displayName ?? list.id),
			value: String(list.id),
		})),
		paginationToken: page.nextPageToken || undefined,
	};
}

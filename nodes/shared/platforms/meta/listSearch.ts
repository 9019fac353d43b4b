import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { metaAdAccountDigits, metaAdAccountUrl, metaAudienceUrl } from './ids';
import { MetaClient } from './transport';

const PAGE_SIZE = 50;

interface GraphPage {
	data?: IDataObject[];
	paging?: { cursors?: { after?: string }; next?: string };
}

function nextToken(page: GraphPage): string | undefined {
	return page.paging?.next ? page.paging.cursors?.after : undefined;
}

async function graphPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
	paginationToken?: string,
): Promise<GraphPage> {
	const client = await MetaClient.create(ctx);
	return await client.request<GraphPage>({
		method: 'GET',
		path,
		qs: { ...qs, limit: PAGE_SIZE, ...(paginationToken ? { after: paginationToken } : {}) },
	});
}

export async function searchMetaAdAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await graphPage(this, '/me/adaccounts', { fields: 'name,account_id' }, paginationToken);
	const needle = (filter ?? '').toLowerCase();
	const results = (page.data ?? [])
		.map((account) => {
			const digits = String(account.account_id ?? String(account.id ?? '').replace(/^act_/, ''));
			return {
				name: `${String(account.name ?? digits)} (act_${digits})`,
				value: `act_${digits}`,
				url: metaAdAccountUrl(digits),
			};
		})
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle));
	return { results, paginationToken: nextToken(page) };
}

export async function searchMetaAudiences(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const adAccountValue = this.getNodeParameter('adAccount', '', { extractValue: true }) as string;
	const adAccount = metaAdAccountDigits(adAccountValue);
	if (!adAccount) {
		throw new NodeOperationError(this.getNode(), 'Choose an ad account first', {
			description: 'The list shows the customer-list audiences of the selected ad account.',
		});
	}
	const filtering: IDataObject[] = [{ field: 'subtype', operator: 'EQUAL', value: 'CUSTOM' }];
	if (filter) filtering.push({ field: 'name', operator: 'CONTAIN', value: filter });
	const page = await graphPage(
		this,
		`/act_${adAccount}/customaudiences`,
		{ fields: 'id,name,approximate_count_lower_bound', filtering: JSON.stringify(filtering) },
		paginationToken,
	);
	const results = (page.data ?? []).map((audience) => ({
		name: String(audience.name ?? audience.id),
		value: String(audience.id),
		url: metaAudienceUrl(adAccount, String(audience.id)),
	}));
	return { results, paginationToken: nextToken(page) };
}

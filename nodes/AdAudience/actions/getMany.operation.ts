import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	googleAccountParameter,
	metaAdAccountParameter,
	platformParameter,
	withGoogleClient,
	withMetaClient,
} from '../../shared/context';
import { listGoogleUserLists } from '../../shared/platforms/google/userLists';
import { listMetaAudiences } from '../../shared/platforms/meta/audiences';

const show = { operation: ['getMany'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				description: 'Only audiences whose name contains this text',
			},
			{
				displayName: 'Customer Lists Only',
				name: 'customerListsOnly',
				type: 'boolean',
				default: true,
				displayOptions: { show: { '/platform': ['meta'] } },
				description: 'Whether to leave out website, app, engagement and lookalike audiences',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	if (platformParameter(this, i) === 'google') {
		const accountId = googleAccountParameter(this, i);
		return await withGoogleClient(this, i, async (client) =>
			listGoogleUserLists(client, accountId, {
				nameContains: (filters.nameContains as string) || undefined,
				limit,
			}),
		);
	}
	const adAccount = metaAdAccountParameter(this, i);
	return await withMetaClient(this, i, async (client) =>
		listMetaAudiences(client, adAccount, {
			nameContains: (filters.nameContains as string) || undefined,
			customerListsOnly: filters.customerListsOnly !== false,
			limit,
		}),
	);
}

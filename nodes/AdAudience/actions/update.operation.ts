import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	googleAccountParameter,
	googleUserListParameter,
	metaAudienceParameter,
	platformParameter,
	withGoogleClient,
	withMetaClient,
} from '../../shared/context';
import { googleMembershipDaysOption } from '../../shared/descriptions';
import { updateGoogleUserList } from '../../shared/platforms/google/userLists';
import { updateMetaAudience } from '../../shared/platforms/meta/audiences';

const show = { operation: ['update'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Customer File Source',
				name: 'customerFileSource',
				type: 'options',
				default: 'USER_PROVIDED_ONLY',
				displayOptions: { show: { '/platform': ['meta'] } },
				options: [
					{ name: 'Both User and Partner Provided', value: 'BOTH_USER_AND_PARTNER_PROVIDED' },
					{ name: 'Partner Provided Only', value: 'PARTNER_PROVIDED_ONLY' },
					{ name: 'User Provided Only', value: 'USER_PROVIDED_ONLY' },
				],
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			googleMembershipDaysOption,
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Retention Days',
				name: 'retentionDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 180 },
				default: 180,
				description: 'How long Meta keeps a person in the audience after they were added, 1–180 days',
				displayOptions: { show: { '/platform': ['meta'] } },
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const updates = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	if (platformParameter(this, i) === 'google') {
		const accountId = googleAccountParameter(this, i);
		const listId = googleUserListParameter(this, i);
		const fields: { displayName?: string; description?: string; membershipDays?: number } = {};
		if (typeof updates.name === 'string' && updates.name.trim()) fields.displayName = updates.name.trim();
		if (typeof updates.description === 'string') fields.description = updates.description;
		if (updates.membershipDays) fields.membershipDays = updates.membershipDays as number;
		if (Object.keys(fields).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Add at least one field to update', { itemIndex: i });
		}
		return await withGoogleClient(this, i, async (client) =>
			updateGoogleUserList(client, accountId, listId, fields),
		);
	}
	const audienceId = metaAudienceParameter(this, i);
	const body: IDataObject = {};
	if (typeof updates.name === 'string' && updates.name.trim()) body.name = updates.name.trim();
	if (typeof updates.description === 'string') body.description = updates.description;
	if (updates.customerFileSource) body.customer_file_source = updates.customerFileSource;
	if (updates.retentionDays) body.retention_days = updates.retentionDays;
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add at least one field to update', { itemIndex: i });
	}
	return await withMetaClient(this, i, async (client) => await updateMetaAudience(client, audienceId, body));
}

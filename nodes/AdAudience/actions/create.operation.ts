import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	googleAccountParameter,
	metaAdAccountParameter,
	platformParameter,
	withGoogleClient,
	withMetaClient,
} from '../../shared/context';
import { googleMembershipDaysOption } from '../../shared/descriptions';
import {
	createGoogleUserList,
	findGoogleUserListsByName,
	GOOGLE_MAX_MEMBERSHIP_DAYS,
} from '../../shared/platforms/google/userLists';
import type { CustomerFileSource } from '../../shared/platforms/meta/audiences';
import {
	createMetaAudience,
	findMetaAudiencesByName,
	metaTermsAccepted,
} from '../../shared/platforms/meta/audiences';
import { termsAcceptUrl } from '../../shared/platforms/meta/errors';

const show = { operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Newsletter subscribers',
		description: 'Audience name. With the default "If It Exists" setting, a re-run reuses the audience of that name instead of creating a duplicate.',
		displayOptions: { show },
	},
	{
		displayName: 'Customer File Source',
		name: 'customerFileSource',
		type: 'options',
		default: 'USER_PROVIDED_ONLY',
		description: 'Where the contacts came from, as Meta requires for customer-list audiences',
		displayOptions: { show: { ...show, platform: ['meta'] } },
		options: [
			{
				name: 'Both User and Partner Provided',
				value: 'BOTH_USER_AND_PARTNER_PROVIDED',
				description: 'Collected from customers and from partners',
			},
			{
				name: 'Partner Provided Only',
				value: 'PARTNER_PROVIDED_ONLY',
				description: 'Sourced from partners, agencies or data providers',
			},
			{
				name: 'User Provided Only',
				value: 'USER_PROVIDED_ONLY',
				description: 'Collected directly from your customers',
			},
		],
	},
	{
		displayName: 'If It Exists',
		name: 'ifExists',
		type: 'options',
		default: 'useExisting',
		description: 'What to do when the ad account already has an audience with this name',
		displayOptions: { show },
		options: [
			{
				name: 'Use Existing',
				value: 'useExisting',
				description: 'Return the existing audience; nothing is created (safe to re-run)',
			},
			{
				name: 'Fail',
				value: 'fail',
				description: 'Stop with an error',
			},
			{
				name: 'Create Another',
				value: 'createNew',
				description: 'Create a second audience with the same name',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			googleMembershipDaysOption,
			{
				displayName: 'Retention Days',
				name: 'retentionDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 180 },
				default: 0,
				description: 'How long Meta keeps a person in the audience after they were added, 1–180 days. 0 keeps them until removed.',
				displayOptions: { show: { '/platform': ['meta'] } },
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const name = (this.getNodeParameter('name', i) as string).trim();
	if (!name) throw new NodeOperationError(this.getNode(), 'Give the audience a name', { itemIndex: i });
	const ifExists = this.getNodeParameter('ifExists', i) as 'useExisting' | 'fail' | 'createNew';
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	if (platformParameter(this, i) === 'google') {
		return await createGoogle.call(this, i, name, ifExists, options);
	}
	const adAccount = metaAdAccountParameter(this, i);
	const customerFileSource = this.getNodeParameter('customerFileSource', i) as CustomerFileSource;

	return await withMetaClient(this, i, async (client) => {
		if (ifExists !== 'createNew') {
			const existing = await findMetaAudiencesByName(client, adAccount, name);
			if (existing.length > 0) {
				if (ifExists === 'fail') {
					throw new NodeOperationError(
						this.getNode(),
						`An audience named "${name}" already exists in ad account act_${adAccount}`,
						{
							itemIndex: i,
							description: `Its ID is ${String(existing[0].id)}. Set "If It Exists" to "Use Existing" to reuse it.`,
						},
					);
				}
				return { ...existing[0], created: false };
			}
		}
		if (!(await metaTermsAccepted(client, adAccount))) {
			throw new NodeOperationError(
				this.getNode(),
				`The Custom Audience terms are not accepted for ad account act_${adAccount}`,
				{
					itemIndex: i,
					description: `Meta refuses to create customer-list audiences until someone with access to the ad account accepts them at ${termsAcceptUrl(adAccount)}. Accept them and run again.`,
				},
			);
		}
		const audience = await createMetaAudience(client, adAccount, {
			name,
			description: (options.description as string) || undefined,
			customerFileSource,
			retentionDays: (options.retentionDays as number) || undefined,
		});
		return { ...audience, created: true };
	});
}

async function createGoogle(
	this: IExecuteFunctions,
	i: number,
	name: string,
	ifExists: 'useExisting' | 'fail' | 'createNew',
	options: IDataObject,
): Promise<IDataObject> {
	const accountId = googleAccountParameter(this, i);
	return await withGoogleClient(this, i, async (client) => {
		if (ifExists !== 'createNew') {
			const existing = await findGoogleUserListsByName(client, accountId, name);
			if (existing.length > 0) {
				if (ifExists === 'fail') {
					throw new NodeOperationError(
						this.getNode(),
						`A user list named "${name}" already exists in Google Ads account ${accountId}`,
						{
							itemIndex: i,
							description: `Its ID is ${String(existing[0].id)}. Set "If It Exists" to "Use Existing" to reuse it.`,
						},
					);
				}
				return { ...existing[0], created: false };
			}
		}
		const list = await createGoogleUserList(client, accountId, {
			displayName: name,
			description: (options.description as string) || undefined,
			membershipDays: (options.membershipDays as number) || GOOGLE_MAX_MEMBERSHIP_DAYS,
		});
		return { ...list, created: true };
	});
}

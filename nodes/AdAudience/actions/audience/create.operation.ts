import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { collectionOptions, platformOf, platformParameters } from '../../../shared/platforms';
import { accountAudienceLimit, atLimitError, hintNearLimit } from '../../../shared/platforms/limits';

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
	...platformParameters((platform) => platform.properties.audienceFields.create, show),
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
		options: collectionOptions('createOptions', [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
		]),
	},
];

/**
 * Creates the audience, or with "Use Existing" (the default) returns the one of that name. An
 * account at the platform's limit on audiences gets no new one: that fails here, before the
 * platform is asked. The output says how many the account holds (`accountLimit`).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const name = (this.getNodeParameter('name', i) as string).trim();
	if (!name) throw new NodeOperationError(this.getNode(), 'Give the audience a name', { itemIndex: i });
	const ifExists = this.getNodeParameter('ifExists', i) as 'useExisting' | 'fail' | 'createNew';
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const { audiences } = platformOf(this, i);

	if (ifExists !== 'createNew') {
		const existing = await audiences.findByName(this, i, name);
		if (existing.length > 0) {
			if (ifExists === 'fail') {
				throw new NodeOperationError(
					this.getNode(),
					`${audiences.audienceNoun} named "${name}" already exists in ${audiences.accountLabel(this, i)}`,
					{
						itemIndex: i,
						description: `Its ID is ${String(existing[0].id)}. Set "If It Exists" to "Use Existing" to reuse it.`,
					},
				);
			}
			const accountLimit = await audiences.accountLimit(this, i, options);
			hintNearLimit(this, audiences.accountLabel(this, i), accountLimit);
			return { ...existing[0], created: false, accountLimit: accountLimit as IDataObject | null };
		}
	}
	const before = await audiences.accountLimit(this, i, options);
	if (before?.atLimit) throw atLimitError(this, i, audiences.accountLabel(this, i), before);
	const created = await audiences.create(this, i, { name, options });
	const accountLimit = before && accountAudienceLimit(before.accountId, before.counted, before.count + 1, before.limit);
	hintNearLimit(this, audiences.accountLabel(this, i), accountLimit);
	return { ...created, created: true, accountLimit: accountLimit as IDataObject | null };
}

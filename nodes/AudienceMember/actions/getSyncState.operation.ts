import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ContactIdentifiers } from '../../shared/identifiers';
import { fieldText } from '../../shared/members/fields';
import { startRun } from '../../shared/members/pipeline';
import type { UploadOptions } from '../../shared/members/types';
import { platformOf } from '../../shared/platforms';
import { contactKeyOf } from '../../shared/sync/segment';
import { contactKeyHash, packIdentity } from '../../shared/sync/state';
import { identifierMapping } from './fields.description';
import { syncAudience } from '../../shared/sync/store';
import { syncStore } from './sync.operation';

export const description: INodeProperties[] = [
	{
		displayName:
			'For each input contact: whether Sync has it in the audience according to its state, when it was last sent, and whether its identifiers are still the ones sent. Nothing is sent to the platform.',
		name: 'getSyncStateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['getSyncState'] } },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const platform = platformOf(this, 0);
	const options = this.getNodeParameter('options', 0, {}) as UploadOptions;
	const uploader = platform.members(this, options);
	const mappedFields = identifierMapping(this, platform);
	const keyField = (this.getNodeParameter('contactKeyField', 0, '') as string).trim();
	const { items, targets } = startRun(this, uploader, { options, mappedFields });
	const store = syncStore(this);
	const output: INodeExecutionData[] = new Array(items.length);
	for (const target of targets) {
		const audience = syncAudience(platform.name, target);
		const state = await store.load(audience);
		const stateReport = store.describe(state);
		for (const i of target.items) {
			const json = items[i].json as Record<string, unknown>;
			const contact: ContactIdentifiers = {};
			for (const [key, path] of mappedFields) contact[key] = fieldText(json, path);
			const prepared = uploader.prepare(contact, undefined);
			const rawKey = contactKeyOf(json, contact, keyField) ?? (prepared.ok ? `identity:${prepared.contact.identity}` : undefined);
			const keyHash = state && rawKey !== undefined ? contactKeyHash(state.secret, rawKey) : null;
			const member = keyHash ? state?.members.get(keyHash) : undefined;
			output[i] = {
				json: {
					status: rawKey === undefined ? 'invalid' : member ? 'member' : 'not_member',
					reason: rawKey === undefined ? 'no_contact_key' : null,
					contactKeyHash: keyHash,
					lastSentAt: member ? new Date(member.sentAt * 1000).toISOString() : null,
					identifiersMatch: member && prepared.ok ? member.identity === packIdentity(prepared.contact.identity) : null,
					operation: 'getSyncState',
					platform: platform.name,
					audienceId: target.audienceId,
					state: stateReport,
				},
				pairedItem: { item: i },
			};
		}
	}
	return [output];
}

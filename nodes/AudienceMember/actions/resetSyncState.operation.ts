import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { groupTargets, isPerItemParameter } from '../../shared/members/options';
import { platformOf } from '../../shared/platforms';
import { syncAudience } from '../../shared/sync/store';
import { syncStore } from './sync.operation';

export const description: INodeProperties[] = [
	{
		displayName:
			'Forgets what Sync sent to this audience, for example after the audience was deleted on the platform: the next Sync adds the whole segment again. The audience itself does not change.',
		name: 'resetSyncStateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['resetSyncState'] } },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const platform = platformOf(this, 0);
	const uploader = platform.members(this, {});
	const items = this.getInputData();
	const perItem = uploader.targetParameters.some((name) => isPerItemParameter(this, name));
	const store = syncStore(this);
	const output: INodeExecutionData[] = [];
	for (const target of groupTargets(items.length, perItem, (i) => uploader.target(i))) {
		const audience = syncAudience(platform.name, target);
		const release = await store.lock(audience);
		try {
			const saved = await store.reset(audience);
			if (!saved.saved && saved.note) this.addExecutionHints({ message: saved.note, location: 'outputPane' });
			output.push({
				json: {
					operation: 'resetSyncState',
					platform: platform.name,
					audienceId: target.audienceId,
					accountId: target.accountId ?? null,
					hadState: saved.existed,
					membersForgotten: saved.members,
					state: { ...store.describe(null), saved: saved.saved, note: saved.note ?? null },
				},
				pairedItem: target.items.map((item) => ({ item })),
			});
		} finally {
			await release();
		}
	}
	return [output];
}

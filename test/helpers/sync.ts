import type { IDataObject } from 'n8n-workflow';

import { newCustomerList } from './meta';
import type { Sandbox } from './sandbox';

/** Segments and tallies of the Sync suites, over one sandbox. */
export function syncKit(sandbox: () => Sandbox, keyPrefix = 'crm') {
	return {
		/** Contacts of people `from`…`from + count - 1` of the sandbox population, with a contact key and consent. */
		segment(from: number, count: number, patch: (contact: IDataObject, person: number) => IDataObject = (c) => c): IDataObject[] {
			return sandbox()
				.population.rawContacts(count, { offset: from })
				.map((contact, i) => patch({ ...contact, crm_id: `${keyPrefix}-${from + i}`, consent: 'granted' }, from + i));
		},
		newMetaAudience: async () => await newCustomerList(sandbox().url, 'Mirror'),
		/** The people a Meta audience holds in the sandbox, in order. */
		metaMembers: (id: string) => [...sandbox().meta.liveAudience(id).membership.members].sort((a, b) => a - b),
	};
}

export const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/** How many items have each status. */
export const statuses = (items: Array<{ json: IDataObject }>) =>
	items.reduce<Record<string, number>>((tally, item) => {
		const status = String(item.json.status);
		tally[status] = (tally[status] ?? 0) + 1;
		return tally;
	}, {});

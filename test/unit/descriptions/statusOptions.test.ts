import type { INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AdAudience } from '../../../nodes/AdAudience/AdAudience.node';
import { AudienceSyncTrigger } from '../../../nodes/AudienceSyncTrigger/AudienceSyncTrigger.node';

/** The parameters n8n keeps for a node (what the editor saves), as it resolves them. */
function resolved(description: INodeTypeDescription, parameters: INode['parameters']) {
	const node = { id: 'n', name: 'n', type: description.name, typeVersion: 1, position: [0, 0], parameters } as INode;
	return NodeHelpers.getNodeParameters(description.properties, parameters, false, false, node, description);
}

/** The Options collection n8n shows for these parameters, and the defaults of its options. */
function shownOptions(description: INodeTypeDescription, parameters: INode['parameters']) {
	const node = { id: 'n', name: 'n', type: description.name, typeVersion: 1, position: [0, 0], parameters } as INode;
	const all = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description)!;
	const shown = description.properties.filter(
		(p) => p.name === 'statusOptions' && NodeHelpers.displayParameter(all, p, node, description),
	);
	return shown.map((p) => Object.fromEntries((p.options as INodeProperties[]).map((o) => [o.name, o.default])));
}

describe('the Options of statuses (Minimum Audience Size, Audience Limit per Account)', () => {
	const adAudience = new AdAudience().description;
	const trigger = new AudienceSyncTrigger().description;

	it.each([
		['meta', { minimumSize: 1000, audienceLimit: 500 }],
		['google', { minimumSize: 100 }],
	])('Get Status on %s shows one Options collection with the platform’s defaults', (platform, defaults) => {
		expect(shownOptions(adAudience, { platform, resource: 'audience', operation: 'getStatus' })).toEqual([defaults]);
		expect(shownOptions(adAudience, { platform, resource: 'audience', operation: 'get' })).toEqual([]);
	});

	it.each([
		['meta', { minimumSize: 1000 }],
		['google', { minimumSize: 100 }],
	])('the trigger on %s shows its Minimum Audience Size', (platform, defaults) => {
		expect(shownOptions(trigger, { platform, watch: 'one' })).toEqual([defaults]);
	});

	it('keeps the option a user set, on either platform', () => {
		for (const platform of ['meta', 'google']) {
			const parameters = { platform, resource: 'audience', operation: 'getStatus', statusOptions: { minimumSize: 250 } };
			expect(resolved(adAudience, parameters)?.statusOptions).toEqual({ minimumSize: 250 });
		}
	});

	it('offers Meta’s Audience Limit per Account in Create’s Options too, not Google’s', () => {
		const create = adAudience.properties.find((p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('create'));
		const limit = (create?.options as INodeProperties[]).find((o) => o.name === 'audienceLimit');
		expect(limit).toMatchObject({ default: 500, displayOptions: { show: { '/platform': ['meta'] } } });
	});
});

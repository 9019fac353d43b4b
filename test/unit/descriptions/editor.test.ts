import type { INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AdAudience } from '../../../nodes/AdAudience/AdAudience.node';
import { AudienceMember } from '../../../nodes/AudienceMember/AudienceMember.node';
import { AudienceSyncTrigger } from '../../../nodes/AudienceSyncTrigger/AudienceSyncTrigger.node';

/**
 * The rules n8n's editor (2.41, nodeTypesUtils and useNodeSettingsParameters) applies to a node's
 * parameters and credentials, written out again here so that a description change that would hide
 * a parameter in the editor fails fast. The browser suite proves the same in a real editor.
 */
function authFields(description: INodeTypeDescription): INodeProperties[] {
	const names = new Set((description.credentials ?? []).flatMap((c) => Object.keys(c.displayOptions?.show ?? {})));
	return description.properties.filter((p) => names.has(p.name));
}

function mainAuthField(description: INodeTypeDescription): INodeProperties | undefined {
	const fields = authFields(description);
	const named = fields.find(
		(p) => p.name === 'authentication' && !(p.options ?? []).some((o) => 'value' in o && o.value === 'none'),
	);
	if (named) return named;
	const used: Record<string, string[]> = {};
	for (const credential of description.credentials ?? []) {
		for (const [name, values] of Object.entries(credential.displayOptions?.show ?? {})) {
			used[name] = [...(used[name] ?? []), ...(values ?? []).map(String)];
		}
	}
	return fields.find((p) => (p.options ?? []).every((o) => 'value' in o && used[p.name].includes(String(o.value))));
}

/** Parameters the editor hides from the node panel because of credentials. */
function hiddenByCredentials(description: INodeTypeDescription): Set<string> {
	const main = mainAuthField(description);
	if (!main) return new Set();
	const hidden = new Set([main.name]);
	for (const field of authFields(description)) {
		for (const name of Object.keys(field.displayOptions?.show ?? {})) hidden.add(name);
	}
	return hidden;
}

/** The parameters the panel shows for these values, in order (those moved to the credential section left out). */
function shownParameters(description: INodeTypeDescription, values: INodeParameters): INodeProperties[] {
	const typeVersion = Math.max(...[description.version].flat());
	const node = { id: 'n', name: 'n', type: description.name, typeVersion, position: [0, 0], parameters: values } as INode;
	const all = NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ?? {};
	const hidden = hiddenByCredentials(description);
	return description.properties.filter((p) => !hidden.has(p.name) && NodeHelpers.displayParameter(all, p, node, description));
}

/**
 * Where the editor puts the credential section: right above the last shown parameter that a
 * credential's `displayOptions.show` names (n8n 2.41, ParameterInputList's indexToShowSlotAt).
 */
function credentialSlot(description: INodeTypeDescription, shown: INodeProperties[]): number {
	const names = new Set((description.credentials ?? []).flatMap((c) => Object.keys(c.displayOptions?.show ?? {})));
	let index = 0;
	shown.forEach((p, i) => {
		if (names.has(p.name)) index = i;
	});
	return Math.min(index, shown.length - 1);
}

const nodes: Array<[string, INodeTypeDescription]> = [
	['Ad Audience', new AdAudience().description],
	['Audience Member', new AudienceMember().description],
	['Audience Sync Trigger', new AudienceSyncTrigger().description],
];

describe.each(nodes)('%s in the editor', (_name, description) => {
	it('shows Platform in the panel; only Authentication moves to the credential section', () => {
		expect([...hiddenByCredentials(description)]).toEqual(['authentication']);
		const platform = description.properties.find((p) => p.name === 'platform');
		expect(platform?.displayOptions).toBeUndefined();
	});

	it('offers the Meta credential for Meta and both Google credentials for Google', () => {
		const credentials = (description.credentials ?? []).filter((c) => c.name !== 'audienceSyncN8nApi');
		expect(credentials.map((c) => c.name)).toEqual([
			'metaAdsApi',
			'googleDataManagerServiceAccountApi',
			'googleDataManagerOAuth2Api',
		]);
		// n8n lists every credential of the main auth field in one selector.
		expect(credentials.filter((c) => c.displayOptions?.show?.authentication).map((c) => c.name)).toEqual([
			'googleDataManagerServiceAccountApi',
			'googleDataManagerOAuth2Api',
		]);
		const authentication = description.properties.find((p) => p.name === 'authentication');
		expect(authentication?.displayOptions).toEqual({ hide: { platform: ['meta'] } });
	});

	it.each(['meta', 'google'])('%s: puts the credential section before the account and audience parameters', (platform) => {
		const shown = shownParameters(description, { platform });
		const target = shown.findIndex((p) => ['adAccount', 'audience', 'googleAccountId', 'userList'].includes(p.name));
		expect(target).toBeGreaterThan(0);
		expect(credentialSlot(description, shown)).toBeLessThan(target);
	});

	it('lists each action of the nodes panel once', () => {
		const actions = description.properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) => (p.options ?? []).map((o) => ('action' in o ? o.action : undefined)));
		expect(actions.every(Boolean)).toBe(true);
		expect(new Set(actions).size).toBe(actions.length);
		const resources = description.properties.filter((p) => p.name === 'resource');
		expect(resources.length).toBeLessThanOrEqual(1);
		for (const resource of resources) expect(resource.displayOptions).toBeUndefined();
	});

	it('has a subtitle that names every operation', () => {
		const subtitle = String(description.subtitle);
		for (const option of description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options ?? [])) {
			if (!('value' in option)) continue;
			expect(subtitle).toContain(`$parameter.operation === "${String(option.value)}" ? "${option.name}"`);
		}
		expect(subtitle).toContain('"Google" : "Meta"');
	});
});

describe('Audience Member identifier mapping', () => {
	const { properties, version, defaultVersion } = new AudienceMember().description;
	it('keeps version 1 (saved nodes) and makes version 2 the default', () => {
		expect(version).toEqual([1, 2]);
		expect(defaultVersion).toBe(2);
	});

	it('maps e-mail and phone up front and the rest on demand, without a repeated hint', () => {
		const v2 = properties.filter((p) => JSON.stringify(p.displayOptions?.show?.['@version']) === '[{"_cnd":{"gte":2}}]');
		expect(v2.map((p) => [p.name, p.default])).toEqual([
			['email', 'email'],
			['phone', 'phone'],
			['moreIdentifierFields', {}],
		]);
		const more = v2[2].options as INodeProperties[];
		expect(more.every((option) => option.hint === undefined)).toBe(true);
		const googleOnes = more.filter((option) => !option.displayOptions).map((option) => option.name);
		expect(googleOnes.sort()).toEqual(['country', 'firstName', 'lastName', 'zip']);
	});
});

describe('Audience Member state store in the editor', () => {
	const member = new AudienceMember().description;
	const { credentials, properties } = member;
	it('asks for the n8n API credential only for the data-table store, and keeps Operation in the panel', () => {
		const n8nApi = credentials?.find((c) => c.name === 'audienceSyncN8nApi');
		expect(n8nApi?.displayOptions).toEqual({ show: { stateStore: ['dataTable'] } });
		const store = properties.find((p) => p.name === 'stateStore');
		// Shown for the Sync operations by `hide`, so the editor does not count Operation among the credential's fields.
		expect(store?.displayOptions).toEqual({ hide: { operation: ['add', 'remove', 'replace'] } });
		expect((store?.options ?? []).map((o) => ('value' in o ? o.value : undefined))).toEqual(['workflowStaticData', 'dataTable']);
		expect(store?.default).toBe('workflowStaticData');
	});

	const operations = (properties.find((p) => p.name === 'operation')?.options ?? []).map((o) => String('value' in o ? o.value : ''));
	const cases = ['meta', 'google'].flatMap((platform) =>
		operations.flatMap((operation) =>
			['workflowStaticData', 'dataTable'].map((stateStore) => [platform, operation, stateStore] as const),
		),
	);
	it.each(cases)('%s, %s, %s: the credentials come before the audience lists that need them', (platform, operation, stateStore) => {
		const shown = shownParameters(member, { platform, operation, stateStore });
		const names = shown.map((p) => p.name);
		const target = names.findIndex((name) => ['adAccount', 'audience', 'googleAccountId', 'userList'].includes(name));
		expect(target).toBeGreaterThan(0);
		expect(credentialSlot(member, shown)).toBeLessThan(target);
		expect(names.includes('stateStore')).toBe(!['add', 'remove', 'replace'].includes(operation));
		expect(names.includes('operation')).toBe(true);
	});
});

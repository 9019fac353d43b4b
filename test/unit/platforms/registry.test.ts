import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { AdAudience } from '../../../nodes/AdAudience/AdAudience.node';
import { AudienceMember } from '../../../nodes/AudienceMember/AudienceMember.node';
import { AudienceSyncTrigger } from '../../../nodes/AudienceSyncTrigger/AudienceSyncTrigger.node';
import { PLATFORMS } from '../../../nodes/shared/platforms';
import type { AudienceOperations, AudiencePlatform } from '../../../nodes/shared/platforms/types';
import manifest from '../../../package.json';

const AUDIENCE_OPERATIONS: Array<keyof AudienceOperations> = [
	'accountLabel',
	'findByName',
	'create',
	'get',
	'getMany',
	'updateBody',
	'update',
	'delete',
	'getStatus',
	'getUploadStatus',
	'accountOf',
	'audienceOf',
	'statusOf',
	'accountStatuses',
];

const adAudience = new AdAudience();
const audienceMember = new AudienceMember();
const audienceSyncTrigger = new AudienceSyncTrigger();
const nodes: Array<[string, INodeTypeDescription, Record<string, unknown>]> = [
	['Ad Audience', adAudience.description, adAudience.methods.listSearch],
	['Audience Member', audienceMember.description, audienceMember.methods.listSearch],
	['Audience Sync Trigger', audienceSyncTrigger.description, audienceSyncTrigger.methods.listSearch],
];

/** Every property of a node, collection options included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...(property.type === 'collection' ? allProperties((property.options ?? []) as INodeProperties[]) : []),
	]);
}

function listMethodsOf(properties: INodeProperties[]): string[] {
	return allProperties(properties).flatMap((property) =>
		(property.modes ?? []).flatMap((mode) => (mode.typeOptions?.searchListMethod ? [mode.typeOptions.searchListMethod] : [])),
	);
}

function ownProperties(platform: AudiencePlatform): INodeProperties[] {
	const { properties } = platform;
	return [
		...properties.connection,
		...properties.audienceTarget,
		...Object.values(properties.audienceFields).flat(),
		...properties.memberTarget,
		...properties.memberConsent,
		...Object.values(properties.collectionOptions).flat(),
		...properties.triggerTarget,
	].filter((property): property is INodeProperties => property !== undefined);
}

describe.each(PLATFORMS.map((platform) => [platform.displayName, platform] as const))('platform %s', (_name, platform) => {
	it('provides every audience operation and the member upload', () => {
		for (const operation of AUDIENCE_OPERATIONS) expect(typeof platform.audiences[operation]).toBe('function');
		expect(platform.audiences.audienceNoun).toMatch(/^An? /);
		expect(typeof platform.members).toBe('function');
		expect(platform.identifierKeys.length).toBeGreaterThan(0);
	});

	it('brings the list methods its locators name', () => {
		const named = listMethodsOf(ownProperties(platform));
		expect(named.length).toBeGreaterThan(0);
		for (const method of named) expect(typeof platform.listSearch[method]).toBe('function');
	});

	it('follows its uploads in the trigger when it can report on them', () => {
		const upload = audienceSyncTrigger.description.properties.find((p) => p.name === 'requestIds');
		const shown = (upload?.displayOptions?.show?.platform ?? []) as string[];
		expect(shown.includes(platform.name)).toBe(typeof platform.audiences.uploadOutcome === 'function');
	});

	it('registers its credentials in package.json', () => {
		expect(platform.credentials.length).toBeGreaterThan(0);
		for (const credential of platform.credentials) {
			const file = `dist/credentials/${credential.name[0].toUpperCase()}${credential.name.slice(1)}.credentials.js`;
			expect(manifest.n8n.credentials).toContain(file);
		}
	});
});

describe.each(nodes)('%s description comes from the registry', (_name, description, listSearch) => {
	it('offers exactly the registered platforms', () => {
		const platform = description.properties.find((property) => property.name === 'platform');
		expect((platform?.options ?? []).map((option) => ('value' in option ? option.value : undefined)).sort()).toEqual(
			PLATFORMS.map((p) => p.name).sort(),
		);
	});

	it('has a subtitle that names every platform (n8n lint wants it literal)', () => {
		const subtitle = String(description.subtitle);
		for (const platform of PLATFORMS.filter((p) => p.name !== 'meta')) {
			expect(subtitle).toContain(`$parameter.platform === "${platform.name}" ? "${platform.displayName}"`);
		}
		expect(subtitle).toContain(': "Meta")');
	});

	it('uses the credentials of every platform, and their list methods', () => {
		// Audience Member adds the n8n API credential of its data-table state store.
		expect((description.credentials ?? []).filter((c) => c.name !== 'audienceSyncN8nApi')).toEqual(
			PLATFORMS.flatMap((platform) => platform.credentials),
		);
		for (const method of listMethodsOf(description.properties)) expect(typeof listSearch[method]).toBe('function');
	});

	it('shows each platform-specific parameter for its own platform only', () => {
		const node = allProperties(description.properties);
		const shownFor = (property: INodeProperties) => {
			const show = property.displayOptions?.show ?? {};
			return (show.platform ?? show['/platform']) as string[] | undefined;
		};
		for (const platform of PLATFORMS) {
			const others = PLATFORMS.filter((other) => other !== platform).map((other) => other.name);
			for (const own of ownProperties(platform)) {
				const same = node.filter((p) => p.name === own.name && p.displayName === own.displayName);
				if (same.length === 0) continue;
				const forPlatform = same.filter(
					(p) =>
						JSON.stringify(shownFor(p)) === JSON.stringify([platform.name]) ||
						JSON.stringify(p.displayOptions?.hide?.platform) === JSON.stringify(others),
				);
				expect(forPlatform.length).toBeGreaterThan(0);
			}
		}
		// A parameter shown per platform is shown for a registered one.
		const names = PLATFORMS.map((p) => p.name);
		for (const property of node) for (const name of shownFor(property) ?? []) expect(names).toContain(name);
	});
});

it('registers the trigger in package.json, polling, with every event on by default', () => {
	expect(manifest.n8n.nodes).toContain('dist/nodes/AudienceSyncTrigger/AudienceSyncTrigger.node.js');
	const { description } = audienceSyncTrigger;
	expect(description.polling).toBe(true);
	expect(description.inputs).toEqual([]);
	const events = description.properties.find((p) => p.name === 'events');
	const values = (events?.options ?? []).map((option) => ('value' in option ? option.value : undefined));
	expect([...(events?.default as string[])].sort()).toEqual([...values].sort());
});

it('puts every platform-specific parameter in a node', () => {
	const names = new Set(nodes.flatMap(([, description]) => allProperties(description.properties).map((p) => p.name)));
	for (const platform of PLATFORMS) for (const own of ownProperties(platform)) expect(names).toContain(own.name);
});

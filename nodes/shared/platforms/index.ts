/**
 * The platform registry: every platform the nodes offer, and the node description parts built
 * from it. Adding a platform is one line in PLATFORMS (see the README, "Adding a platform").
 */
import type {
	IDisplayOptions,
	INodeCredentialDescription,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { google } from './google';
import { meta } from './meta';
import { nodeParameter } from './nodeParameter';
import type { AudiencePlatform, AudiencePlatformName, ListSearchMethod, NodeContext, SharedCollection } from './types';

export const PLATFORMS: readonly AudiencePlatform[] = [meta, google];

/** Saved nodes without a Platform parameter predate Google: they are Meta nodes. */
const DEFAULT_PLATFORM: AudiencePlatformName = 'meta';

export function platformNamed(name: string): AudiencePlatform | undefined {
	return PLATFORMS.find((platform) => platform.name === name);
}

/** The platform chosen on the node for item `i` (a polling trigger: on the node). */
export function platformOf(ctx: NodeContext, i: number): AudiencePlatform {
	const name = nodeParameter(ctx, 'platform', i, DEFAULT_PLATFORM) as string;
	const platform = platformNamed(name);
	if (!platform) {
		throw new NodeOperationError(ctx.getNode(), `Unknown platform "${name}"`, {
			itemIndex: i,
			description: `Choose one of: ${PLATFORMS.map((p) => p.displayName).join(', ')}.`,
		});
	}
	return platform;
}

export const platformProperty: INodeProperties = {
	displayName: 'Platform',
	name: 'platform',
	type: 'options',
	noDataExpression: true,
	options: PLATFORMS.map((p) => ({ name: p.displayName, value: p.name, description: p.description })).sort((a, b) =>
		a.name.localeCompare(b.name),
	),
	default: DEFAULT_PLATFORM,
};

export const platformCredentials: INodeCredentialDescription[] = PLATFORMS.flatMap((p) => p.credentials);

export const platformListSearch: Record<string, ListSearchMethod> = Object.assign(
	{},
	...PLATFORMS.map((p) => p.listSearch),
);

function withShow(property: INodeProperties, show: IDisplayOptions['show']): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...displayOptions, show: { ...displayOptions.show, ...show } } };
}

/**
 * Each platform's connection parameters (Google's Authentication), hidden for the other
 * platforms. n8n's editor moves the parameter that credentials depend on into the credential
 * section and hides every parameter named in its `displayOptions.show`: with `show: { platform }`
 * the Platform parameter itself would vanish from the panel, so `hide` it is.
 */
export function connectionProperties(): INodeProperties[] {
	return PLATFORMS.flatMap((p) =>
		p.properties.connection.map((property) => ({
			...property,
			displayOptions: {
				hide: { platform: PLATFORMS.filter((other) => other !== p).map((other) => other.name) },
			},
		})),
	);
}

/** Parameters of every platform, each shown only for its platform (and the given conditions). */
export function platformParameters(
	pick: (platform: AudiencePlatform) => INodeProperties[] | undefined,
	show: IDisplayOptions['show'] = {},
): INodeProperties[] {
	return PLATFORMS.flatMap((p) => (pick(p) ?? []).map((property) => withShow(property, { ...show, platform: [p.name] })));
}

/** Options of a shared collection that belong to one platform, shown only for it, sorted by label. */
export function collectionOptions(collection: SharedCollection, shared: INodeProperties[] = []): INodeProperties[] {
	const own = PLATFORMS.flatMap((p) =>
		(p.properties.collectionOptions[collection] ?? []).map((option) => withShow(option, { '/platform': [p.name] })),
	);
	return [...shared, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName));
}


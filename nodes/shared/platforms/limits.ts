/**
 * The two figures a status is measured against: the minimum size an audience needs before it
 * serves, and how many audiences an account may hold. Both are node settings with the platform's
 * figure as default, because the platforms publish them loosely and move them (Meta publishes no
 * minimum at all; Google lowered Search and YouTube from 1,000 to 100 members around Dec 2024).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { nodeParameter } from './nodeParameter';
import type { NodeContext } from './types';

/** The Options collection of Get Status and of the Audience Sync Trigger. */
export const STATUS_OPTIONS = 'statusOptions';

/** One platform's Options collection of statuses (the registry shows it for that platform only). */
export function statusOptionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: STATUS_OPTIONS,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** "Minimum Audience Size", with the platform's default and its reasons in the description. */
export function minimumSizeOption(platformDefault: number, description: string): INodeProperties {
	return {
		displayName: 'Minimum Audience Size',
		name: 'minimumSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: platformDefault,
		description,
	};
}

/** The Minimum Audience Size of item `i` (a trigger: of the node), else the platform's default. */
export function minimumSizeSetting(ctx: NodeContext, i: number, platformDefault: number): number {
	const options = (nodeParameter(ctx, STATUS_OPTIONS, i, {}) ?? {}) as IDataObject;
	return positiveNumber(options.minimumSize) ?? platformDefault;
}

function positiveNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

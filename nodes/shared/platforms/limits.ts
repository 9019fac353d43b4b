/**
 * The two figures a status is measured against: the minimum size an audience needs before it
 * serves, and how many audiences an account may hold. Both are node settings with the platform's
 * figure as default, because the platforms publish them loosely and move them (Meta publishes no
 * minimum at all; Google lowered Search and YouTube from 1,000 to 100 members around Dec 2024).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { capitalize } from '../sentences';
import { nodeParameter } from './nodeParameter';
import type { AccountAudienceLimit, NodeContext } from './types';

/** From this share of the limit on, Create and Get Status warn that the account is near it. */
export const NEAR_LIMIT_SHARE = 0.9;

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

/** The Options collection of statuses of item `i` (a trigger: of the node). */
export function statusOptionsOf(ctx: NodeContext, i: number): IDataObject {
	return (nodeParameter(ctx, STATUS_OPTIONS, i, {}) ?? {}) as IDataObject;
}

/** The Minimum Audience Size of item `i` (a trigger: of the node), else the platform's default. */
export function minimumSizeSetting(ctx: NodeContext, i: number, platformDefault: number, options = statusOptionsOf(ctx, i)): number {
	return positiveNumber(options.minimumSize) ?? platformDefault;
}

function positiveNumber(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** "Audience Limit per Account", with the platform's limit as default. */
export function audienceLimitOption(platformLimit: number, description: string): INodeProperties {
	return {
		displayName: 'Audience Limit per Account',
		name: 'audienceLimit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: platformLimit,
		description,
	};
}

/** The Audience Limit per Account of an operation's Options collection, else the platform's. */
export function audienceLimitSetting(options: IDataObject, platformLimit: number): number {
	return positiveNumber(options.audienceLimit) ?? platformLimit;
}

export function accountAudienceLimit(
	accountId: string,
	counted: string,
	count: number,
	limit: number,
): AccountAudienceLimit {
	return {
		accountId,
		counted,
		count,
		limit,
		remaining: Math.max(0, limit - count),
		nearLimit: count >= limit * NEAR_LIMIT_SHARE,
		atLimit: count >= limit,
	};
}

/** Hints already given, per execution and account: one is enough, the items carry the counts. */
const hinted = new WeakMap<object, Set<string>>();

/** An execution hint when the account is near its limit (once per execution and account). */
export function hintNearLimit(ctx: IExecuteFunctions, accountLabel: string, limit: AccountAudienceLimit | null): void {
	if (!limit?.nearLimit) return;
	const given = hinted.get(ctx) ?? new Set<string>();
	hinted.set(ctx, given);
	if (given.has(limit.accountId)) return;
	given.add(limit.accountId);
	const then = limit.atLimit
		? 'a Create of a new one fails until you delete the ones you no longer use'
		: `${limit.remaining} more can be created; delete the ones you no longer use before Create fails`;
	ctx.addExecutionHints({
		message: `${capitalize(accountLabel)} holds ${limit.count} of its ${limit.limit} ${limit.counted}: ${then}.`,
		location: 'outputPane',
	});
}

/** Create's refusal when the account holds as many audiences as the platform allows. */
export function atLimitError(ctx: IExecuteFunctions, i: number, accountLabel: string, limit: AccountAudienceLimit) {
	return new NodeOperationError(
		ctx.getNode(),
		`${capitalize(accountLabel)} is at its limit of ${limit.limit} ${limit.counted}`,
		{
			itemIndex: i,
			description: `It holds ${limit.count}, so the platform would refuse a new one; nothing was created. Delete audiences you no longer use (Get Many, then Delete), or reuse one: give the name of an existing audience with "If It Exists" set to "Use Existing". If the platform has raised its limit, set the option "Audience Limit per Account".`,
		},
	);
}

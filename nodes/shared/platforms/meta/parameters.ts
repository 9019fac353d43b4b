import { NodeOperationError } from 'n8n-workflow';

import { nodeParameter } from '../nodeParameter';
import type { NodeContext } from '../types';
import { metaAdAccountDigits, metaAudienceDigits } from './ids';

/** Reads the Ad Account locator of item `i` as Graph digits, or says what is wrong. */
export function metaAdAccountParameter(ctx: NodeContext, i: number): string {
	const value = nodeParameter(ctx, 'adAccount', i, '', { extractValue: true }) as string;
	const digits = metaAdAccountDigits(value);
	if (!digits) {
		throw new NodeOperationError(ctx.getNode(), 'Choose an ad account', {
			itemIndex: i,
			description: 'Pick one from the list, or give its ID (act_1234567890) or an Ads Manager URL.',
		});
	}
	return digits;
}

/** The Ad Account locator when it is optional: undefined when empty, an error when malformed. */
export function optionalMetaAdAccountParameter(ctx: NodeContext, i: number): string | undefined {
	const value = nodeParameter(ctx, 'adAccount', i, '', { extractValue: true }) as string;
	if (!String(value ?? '').trim()) return undefined;
	return metaAdAccountParameter(ctx, i);
}

export function metaAudienceParameter(ctx: NodeContext, i: number): string {
	const value = nodeParameter(ctx, 'audience', i, '', { extractValue: true }) as string;
	const digits = metaAudienceDigits(value);
	if (!digits) {
		throw new NodeOperationError(ctx.getNode(), 'Choose an audience', {
			itemIndex: i,
			description: 'Pick one from the list, or give its ID (digits) or an Audience Manager URL.',
		});
	}
	return digits;
}

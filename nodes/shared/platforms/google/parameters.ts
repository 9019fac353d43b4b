import { NodeOperationError } from 'n8n-workflow';

import { nodeParameter } from '../nodeParameter';
import type { NodeContext } from '../types';
import type { GoogleCredentialName } from './transport';
import { googleAccountDigits, googleCredentialFor } from './transport';

/** The credential type behind the item's Authentication choice. */
export function googleCredentialName(ctx: NodeContext, i: number): GoogleCredentialName {
	return googleCredentialFor(nodeParameter(ctx, 'authentication', i, 'serviceAccount') as string);
}

export function googleAccountParameter(ctx: NodeContext, i: number): string {
	const digits = googleAccountDigits(nodeParameter(ctx, 'googleAccountId', i, ''));
	if (!digits) {
		throw new NodeOperationError(ctx.getNode(), 'Give the Google Ads account ID', {
			itemIndex: i,
			description: 'The customer ID shown at the top of Google Ads, e.g. 123-456-7890.',
		});
	}
	return digits;
}

export function googleUserListParameter(ctx: NodeContext, i: number): string {
	const value = String(nodeParameter(ctx, 'userList', i, '', { extractValue: true }) ?? '').trim();
	if (!/^\d{1,25}$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), 'Choose a user list', {
			itemIndex: i,
			description: 'Pick one from the list, or give its numeric ID.',
		});
	}
	return value;
}

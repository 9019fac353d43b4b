import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GoogleCredentialName } from './transport';
import { googleAccountDigits, googleCredentialFor } from './transport';

/** The credential type behind the item's Authentication choice. */
export function googleCredentialName(ctx: IExecuteFunctions, i: number): GoogleCredentialName {
	return googleCredentialFor(ctx.getNodeParameter('authentication', i, 'serviceAccount') as string);
}

export function googleAccountParameter(ctx: IExecuteFunctions, i: number): string {
	const digits = googleAccountDigits(ctx.getNodeParameter('googleAccountId', i, ''));
	if (!digits) {
		throw new NodeOperationError(ctx.getNode(), 'Give the Google Ads account ID', {
			itemIndex: i,
			description: 'The customer ID shown at the top of Google Ads, e.g. 123-456-7890.',
		});
	}
	return digits;
}

export function googleUserListParameter(ctx: IExecuteFunctions, i: number): string {
	const value = String(ctx.getNodeParameter('userList', i, '', { extractValue: true }) ?? '').trim();
	if (!/^\d{1,25}$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), 'Choose a user list', {
			itemIndex: i,
			description: 'Pick one from the list, or give its numeric ID.',
		});
	}
	return value;
}

import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GoogleCredentialName } from './platforms/google/transport';
import {
	googleCredentialFor,
	GoogleClient,
	googleAccountDigits,
} from './platforms/google/transport';
import { metaAdAccountDigits, metaAudienceDigits } from './platforms/meta/ids';
import { MetaClient } from './platforms/meta/transport';
import type { RetryPolicy } from './transport/retry';

export type PlatformName = 'meta' | 'google';

export function platformParameter(ctx: IExecuteFunctions, i: number): PlatformName {
	return ctx.getNodeParameter('platform', i, 'meta') as PlatformName;
}

/** Reads the Ad Account locator of item `i` as Graph digits, or says what is wrong. */
export function metaAdAccountParameter(ctx: IExecuteFunctions, i: number): string {
	const value = ctx.getNodeParameter('adAccount', i, '', { extractValue: true }) as string;
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
export function optionalMetaAdAccountParameter(ctx: IExecuteFunctions, i: number): string | undefined {
	const value = ctx.getNodeParameter('adAccount', i, '', { extractValue: true }) as string;
	if (!String(value ?? '').trim()) return undefined;
	return metaAdAccountParameter(ctx, i);
}

export function metaAudienceParameter(ctx: IExecuteFunctions, i: number): string {
	const value = ctx.getNodeParameter('audience', i, '', { extractValue: true }) as string;
	const digits = metaAudienceDigits(value);
	if (!digits) {
		throw new NodeOperationError(ctx.getNode(), 'Choose an audience', {
			itemIndex: i,
			description: 'Pick one from the list, or give its ID (digits) or an Audience Manager URL.',
		});
	}
	return digits;
}

/** Runs `run` with a Meta client; the client's own failures are NodeApiErrors already. */
export async function withMetaClient<T>(
	ctx: IExecuteFunctions,
	i: number,
	run: (client: MetaClient) => Promise<T>,
): Promise<T> {
	return await run(await MetaClient.create(ctx, undefined, i));
}

export function googleCredentialName(ctx: IExecuteFunctions, i: number): GoogleCredentialName {
	const authentication = ctx.getNodeParameter('authentication', i, 'serviceAccount') as string;
	return googleCredentialFor(authentication);
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

export async function withGoogleClient<T>(
	ctx: IExecuteFunctions,
	i: number,
	run: (client: GoogleClient) => Promise<T>,
	retryPolicy?: RetryPolicy,
): Promise<T> {
	return await run(await GoogleClient.create(ctx, googleCredentialName(ctx, i), retryPolicy, i));
}

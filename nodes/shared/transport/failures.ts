import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { AttemptResult, RetryPolicy } from './retry';
import { withRetries } from './retry';
import type { PlatformFailure } from '../platforms/types';

export type PlatformResult<T> = { ok: true; value: T } | { ok: false; failure: PlatformFailure };

/**
 * Runs a platform request with retries; a failure is returned, not thrown, so batch callers can
 * record it. The failure says why no further attempt was made.
 */
export async function sendWithRetries<T>(
	attempt: () => Promise<AttemptResult<T, PlatformFailure>>,
	policy: RetryPolicy,
	platformName: string,
): Promise<PlatformResult<T>> {
	const outcome = await withRetries(attempt, policy);
	if (outcome.ok) return { ok: true, value: outcome.value };
	const failure = { ...outcome.failure, attempts: outcome.attempts };
	let why = '';
	if (outcome.stoppedBecause === 'wait_too_long') {
		const seconds = Math.ceil((outcome.requestedWaitMs ?? 0) / 1000);
		const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minute(s)` : `${seconds} s`;
		why = ` ${platformName} asked to wait ${wait}, longer than the node option "Max Wait (Seconds)" allows.`;
	} else if (outcome.stoppedBecause === 'retries_exhausted') {
		why = ` Gave up after ${outcome.attempts} attempts.`;
	}
	if (why) failure.described = { ...failure.described, description: failure.described.description + why };
	return { ok: false, failure };
}

export function platformFailureToNodeError(
	node: INode,
	failure: PlatformFailure,
	itemIndex?: number,
	extraDescription?: string,
): NodeApiError {
	const description = [failure.described.description, extraDescription].filter(Boolean).join(' ');
	return new NodeApiError(node, { ...failure.details } as JsonObject, {
		message: failure.described.message,
		description,
		httpCode: failure.httpStatus !== undefined ? String(failure.httpStatus) : undefined,
		itemIndex,
	});
}

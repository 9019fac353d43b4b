import { sleep } from 'n8n-workflow';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step; doubles on each retry, with jitter. */
	baseDelayMs: number;
	/** Ceiling of one backoff step computed locally. */
	maxDelayMs: number;
	/** The longest wait a platform may ask for (Retry-After, regain-access estimate) that we honour. */
	maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxWaitMs: 5 * 60_000,
};

/** What one attempt produced: a value, or a failure that may be worth another attempt. */
export type AttemptResult<T, F> =
	| { ok: true; value: T }
	| { ok: false; failure: F; retryable: boolean; retryAfterMs?: number };

export type RetryOutcome<T, F> =
	| { ok: true; value: T; attempts: number }
	| {
			ok: false;
			failure: F;
			attempts: number;
			/** Why no further attempt was made. */
			stoppedBecause: 'not_retryable' | 'retries_exhausted' | 'wait_too_long';
			/** The wait the platform asked for, when it was longer than the policy allows. */
			requestedWaitMs?: number;
	  };

/** Exponential backoff with "equal jitter": half fixed, half random, so parallel runs spread out. */
export function backoffDelay(
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the policy runs out. Failures are values,
 * not exceptions, so callers decide per batch whether a failure stops the run.
 */
export async function withRetries<T, F>(
	attempt: (attemptNumber: number) => Promise<AttemptResult<T, F>>,
	policy: RetryPolicy,
	wait: (ms: number) => Promise<void> = sleep,
): Promise<RetryOutcome<T, F>> {
	for (let attemptNumber = 0; ; attemptNumber++) {
		const result = await attempt(attemptNumber);
		const attempts = attemptNumber + 1;
		if (result.ok) return { ok: true, value: result.value, attempts };
		if (!result.retryable) {
			return { ok: false, failure: result.failure, attempts, stoppedBecause: 'not_retryable' };
		}
		if (attemptNumber >= policy.maxRetries) {
			return { ok: false, failure: result.failure, attempts, stoppedBecause: 'retries_exhausted' };
		}
		if (result.retryAfterMs !== undefined && result.retryAfterMs > policy.maxWaitMs) {
			return {
				ok: false,
				failure: result.failure,
				attempts,
				stoppedBecause: 'wait_too_long',
				requestedWaitMs: result.retryAfterMs,
			};
		}
		await wait(Math.max(result.retryAfterMs ?? 0, backoffDelay(attemptNumber, policy)));
	}
}

import type { AttemptResult, RetryPolicy } from '../../../nodes/shared/transport/retry';
import { backoffDelay, withRetries } from '../../../nodes/shared/transport/retry';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxWaitMs: 5000 };

function script(results: Array<AttemptResult<string, string>>) {
	let call = 0;
	return async () => results[Math.min(call++, results.length - 1)];
}

describe('backoffDelay', () => {
	it.each([
		[0, 0, 50],
		[0, 1, 100],
		[1, 0, 100],
		[2, 1, 400],
		[10, 1, 1000],
		[10, 0, 500],
	])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
		expect(backoffDelay(attempt, policy, () => random)).toBe(expected);
	});
});

describe('withRetries', () => {
	it('returns the first success and counts attempts', async () => {
		const waits: number[] = [];
		const outcome = await withRetries(
			script([
				{ ok: false, failure: 'busy', retryable: true },
				{ ok: true, value: 'done' },
			]),
			policy,
			async (ms) => {
				waits.push(ms);
			},
		);
		expect(outcome).toEqual({ ok: true, value: 'done', attempts: 2 });
		expect(waits).toHaveLength(1);
	});

	it('stops at once on a failure that is not retryable', async () => {
		const outcome = await withRetries(
			script([{ ok: false, failure: 'bad token', retryable: false }]),
			policy,
			async () => {},
		);
		expect(outcome).toMatchObject({ ok: false, failure: 'bad token', attempts: 1, stoppedBecause: 'not_retryable' });
	});

	it('gives up after maxRetries retries', async () => {
		const outcome = await withRetries(
			script([{ ok: false, failure: 'busy', retryable: true }]),
			policy,
			async () => {},
		);
		expect(outcome).toMatchObject({ ok: false, attempts: 4, stoppedBecause: 'retries_exhausted' });
	});

	it('honours the wait the platform asks for when it is longer than the backoff', async () => {
		const waits: number[] = [];
		await withRetries(
			script([
				{ ok: false, failure: 'throttled', retryable: true, retryAfterMs: 3000 },
				{ ok: true, value: 'x' },
			]),
			policy,
			async (ms) => {
				waits.push(ms);
			},
		);
		expect(waits).toEqual([3000]);
	});

	it('does not wait longer than maxWaitMs: it reports the requested wait instead', async () => {
		const waits: number[] = [];
		const outcome = await withRetries(
			script([{ ok: false, failure: 'throttled', retryable: true, retryAfterMs: 60_000 }]),
			policy,
			async (ms) => {
				waits.push(ms);
			},
		);
		expect(waits).toEqual([]);
		expect(outcome).toMatchObject({ ok: false, stoppedBecause: 'wait_too_long', requestedWaitMs: 60_000 });
	});
});

import type { PlatformResult } from '../transport/failures';
import { mapWithConcurrency } from './batching';
import type { BatchOutcome } from './types';

export interface SendBatchesOptions<R, V> {
	batches: R[][];
	/** Requests in flight at once. */
	concurrency: number;
	/**
	 * `parallel`: every batch with the same concurrency. `session`: batch 1 first, the middle ones
	 * in parallel, the last one at the end (Meta's upload sessions: "batch_seq must start at 1",
	 * "you must mark the last request").
	 */
	order: 'parallel' | 'session';
	send(rows: R[], batchNumber: number): Promise<PlatformResult<V>>;
	/** What an accepted batch tells about its rows. */
	accepted?(value: V, rows: R[]): { requestId?: string; rejectedIdentities?: ReadonlySet<string> };
}

/**
 * Sends batches and records an outcome for each. After a failed batch no further batch is sent:
 * the rest are reported as not sent, with the failure as the reason.
 */
export async function sendBatches<R, V>(options: SendBatchesOptions<R, V>): Promise<Array<BatchOutcome<R>>> {
	const { batches } = options;
	const outcomes: Array<BatchOutcome<R>> = new Array(batches.length);
	let stopReason: string | undefined;

	const sendOne = async (index: number): Promise<void> => {
		const rows = batches[index];
		const batchNumber = index + 1;
		if (stopReason) {
			outcomes[index] = { batchNumber, rows, sent: false, ok: false, skippedBecause: stopReason };
			return;
		}
		const result = await options.send(rows, batchNumber);
		if (result.ok) {
			outcomes[index] = { batchNumber, rows, sent: true, ok: true, ...options.accepted?.(result.value, rows) };
		} else {
			outcomes[index] = { batchNumber, rows, sent: true, ok: false, failure: result.failure };
			stopReason = `batch ${batchNumber} failed: ${result.failure.described.message}`;
		}
	};

	const indexes = batches.map((_, index) => index);
	if (options.order === 'parallel' || batches.length <= 2) {
		const concurrency = options.order === 'parallel' ? options.concurrency : 1;
		await mapWithConcurrency(indexes, Math.max(1, concurrency), sendOne);
		return outcomes;
	}
	await sendOne(0);
	await mapWithConcurrency(indexes.slice(1, -1), Math.max(1, options.concurrency), sendOne);
	await sendOne(batches.length - 1);
	return outcomes;
}

import type { PlatformResult } from '../transport/failures';
import type { BatchOutcome } from './types';

export interface SendBatchesOptions<R, V> {
	/** The batches, or a stream of them (read as they are sent, never all at once). */
	batches: R[][] | AsyncIterable<R[]>;
	/** Requests in flight at once. */
	concurrency: number;
	/**
	 * `parallel`: every batch with the same concurrency. `session`: batch 1 first, the middle ones
	 * in parallel, the last one at the end (Meta's upload sessions: "batch_seq must start at 1",
	 * "you must mark the last request").
	 */
	order: 'parallel' | 'session';
	send(rows: R[], batchNumber: number, last: boolean): Promise<PlatformResult<V>>;
	/** What an accepted batch tells about its rows. */
	accepted?(value: V, rows: R[]): { requestId?: string; rejectedIdentities?: ReadonlySet<string> };
	/**
	 * Each batch's outcome as soon as it is known. When given, the outcomes returned keep no rows
	 * (their `rowCount` says how many there were), so a streamed run holds only the batches in flight.
	 */
	settled?(outcome: BatchOutcome<R>): void;
}

/** Batches one at a time, each knowing whether it is the last one (one batch read ahead). */
function lookahead<R>(batches: R[][] | AsyncIterable<R[]>): () => Promise<{ rows: R[]; last: boolean } | undefined> {
	const iterator = Array.isArray(batches)
		? (batches as R[][])[Symbol.iterator]()
		: (batches as AsyncIterable<R[]>)[Symbol.asyncIterator]();
	let ahead: Promise<IteratorResult<R[]>> | undefined;
	return async () => {
		const current = await (ahead ?? iterator.next());
		if (current.done) return undefined;
		ahead = Promise.resolve(iterator.next());
		return { rows: current.value, last: (await ahead).done === true };
	};
}

/**
 * Sends batches and records an outcome for each. After a failed batch no further batch is sent:
 * the rest are reported as not sent, with the failure as the reason.
 */
export async function sendBatches<R, V>(options: SendBatchesOptions<R, V>): Promise<Array<BatchOutcome<R>>> {
	const outcomes: Array<BatchOutcome<R>> = [];
	const next = lookahead(options.batches);
	const session = options.order === 'session';
	const concurrency = Math.max(1, options.concurrency);
	let stopReason: string | undefined;

	const record = (outcome: BatchOutcome<R>) => {
		if (!options.settled) {
			outcomes[outcome.batchNumber - 1] = outcome;
			return;
		}
		options.settled(outcome);
		outcomes[outcome.batchNumber - 1] = { ...outcome, rows: [] };
	};
	const sendOne = async (rows: R[], batchNumber: number, last: boolean): Promise<void> => {
		const rowCount = rows.length;
		if (stopReason) {
			record({ batchNumber, rows, rowCount, sent: false, ok: false, skippedBecause: stopReason });
			return;
		}
		const result = await options.send(rows, batchNumber, last);
		if (result.ok) {
			record({ batchNumber, rows, rowCount, sent: true, ok: true, ...options.accepted?.(result.value, rows) });
		} else {
			record({ batchNumber, rows, rowCount, sent: true, ok: false, failure: result.failure });
			stopReason = `batch ${batchNumber} failed: ${result.failure.described.message}`;
		}
	};

	const inFlight = new Set<Promise<void>>();
	let batchNumber = 0;
	for (let batch = await next(); batch; batch = await next()) {
		batchNumber++;
		if (session && (batchNumber === 1 || batch.last)) {
			// The first batch opens the session and the last one closes it: each on its own.
			await Promise.all(inFlight);
			await sendOne(batch.rows, batchNumber, batch.last);
			continue;
		}
		const sending: Promise<void> = sendOne(batch.rows, batchNumber, batch.last).finally(() => inFlight.delete(sending));
		inFlight.add(sending);
		if (inFlight.size >= concurrency) await Promise.race(inFlight);
	}
	await Promise.all(inFlight);
	return outcomes;
}

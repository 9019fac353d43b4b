export interface BatchLimits {
	maxRows: number;
	maxBytes: number;
}

/**
 * Consecutive batches of at most `maxRows` rows and at most `maxBytes` (as estimated by
 * `rowBytes`, plus `overheadBytes` per request), filled as rows come. A row larger than a whole
 * request still gets a batch of its own, so nothing is silently dropped.
 */
export class Batcher<T> {
	private current: T[] = [];
	private bytes: number;

	constructor(
		private readonly limits: BatchLimits,
		private readonly rowBytes: (row: T) => number,
		private readonly overheadBytes = 0,
	) {
		this.bytes = overheadBytes;
	}

	/** Adds `row`; returns the batch it closed, if it did not fit in the open one. */
	push(row: T): T[] | undefined {
		const size = this.rowBytes(row);
		let full: T[] | undefined;
		if (this.current.length > 0 && (this.current.length >= this.limits.maxRows || this.bytes + size > this.limits.maxBytes)) {
			full = this.current;
			this.current = [];
			this.bytes = this.overheadBytes;
		}
		this.current.push(row);
		this.bytes += size;
		return full;
	}

	/** The open batch, if it has rows. */
	flush(): T[] | undefined {
		const last = this.current;
		this.current = [];
		this.bytes = this.overheadBytes;
		return last.length > 0 ? last : undefined;
	}
}

/** All the batches of `rows` at once (see Batcher). */
export function planBatches<T>(
	rows: readonly T[],
	limits: BatchLimits,
	rowBytes: (row: T) => number,
	overheadBytes = 0,
): T[][] {
	const batcher = new Batcher(limits, rowBytes, overheadBytes);
	const batches: T[][] = [];
	for (const row of rows) {
		const full = batcher.push(row);
		if (full) batches.push(full);
	}
	const last = batcher.flush();
	if (last) batches.push(last);
	return batches;
}

/**
 * The batches of `rows` as rows come (see Batcher). Rows at hand (a sync iterable) are read
 * without a promise each: only a batch waits for its turn.
 */
export async function* batchStream<R>(
	rows: Iterable<R> | AsyncIterable<R>,
	limits: BatchLimits,
	rowBytes: (row: R) => number,
	overheadBytes = 0,
): AsyncGenerator<R[]> {
	const batcher = new Batcher(limits, rowBytes, overheadBytes);
	if (Symbol.asyncIterator in rows) {
		for await (const row of rows) {
			const full = batcher.push(row);
			if (full) yield full;
		}
	} else {
		for (const row of rows) {
			const full = batcher.push(row);
			if (full) yield full;
		}
	}
	const last = batcher.flush();
	if (last) yield last;
}

/** Runs `task` over `inputs` with at most `concurrency` in flight; results keep input order. */
export async function mapWithConcurrency<I, O>(
	inputs: readonly I[],
	concurrency: number,
	task: (input: I, index: number) => Promise<O>,
): Promise<O[]> {
	const results = new Array<O>(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, worker));
	return results;
}

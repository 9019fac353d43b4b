export interface BatchLimits {
	maxRows: number;
	maxBytes: number;
}

/**
 * Splits rows into consecutive batches of at most `maxRows` rows and at most `maxBytes`
 * (as estimated by `rowBytes`, plus `overheadBytes` per request). A row larger than a whole
 * request still gets a batch of its own, so nothing is silently dropped.
 */
export function planBatches<T>(
	rows: readonly T[],
	limits: BatchLimits,
	rowBytes: (row: T) => number,
	overheadBytes = 0,
): T[][] {
	const batches: T[][] = [];
	let current: T[] = [];
	let currentBytes = overheadBytes;
	for (const row of rows) {
		const size = rowBytes(row);
		if (current.length > 0 && (current.length >= limits.maxRows || currentBytes + size > limits.maxBytes)) {
			batches.push(current);
			current = [];
			currentBytes = overheadBytes;
		}
		current.push(row);
		currentBytes += size;
	}
	if (current.length > 0) batches.push(current);
	return batches;
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

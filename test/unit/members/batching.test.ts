import fc from 'fast-check';

import { mapWithConcurrency, planBatches } from '../../../nodes/shared/members/batching';

describe('planBatches', () => {
	const sizeOf = (n: number) => n;

	it.each([
		[[], 3, 100, []],
		[[1, 1, 1, 1, 1], 2, 100, [[1, 1], [1, 1], [1]]],
		[[40, 40, 40], 10, 100, [[40, 40], [40]]],
		[[150, 10], 10, 100, [[150], [10]]],
		[[10, 150, 10], 10, 100, [[10], [150], [10]]],
	])('%j with maxRows %i and maxBytes %i → %j', (rows, maxRows, maxBytes, expected) => {
		expect(planBatches(rows, { maxRows, maxBytes }, sizeOf)).toEqual(expected);
	});

	it('counts the per-request overhead', () => {
		expect(planBatches([30, 30, 30], { maxRows: 10, maxBytes: 100 }, sizeOf, 20)).toEqual([[30, 30], [30]]);
	});

	it('splits 25,000 rows into 10,000 + 10,000 + 5,000', () => {
		const rows = Array.from({ length: 25_000 }, () => 1);
		expect(planBatches(rows, { maxRows: 10_000, maxBytes: Infinity }, sizeOf).map((b) => b.length)).toEqual([
			10_000, 10_000, 5_000,
		]);
	});

	it('keeps every row, in order, within the limits (property)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 300 }),
				fc.integer({ min: 1, max: 20 }),
				fc.integer({ min: 50, max: 400 }),
				(rows, maxRows, maxBytes) => {
					const batches = planBatches(rows, { maxRows, maxBytes }, sizeOf);
					expect(batches.flat()).toEqual(rows);
					for (const batch of batches) {
						expect(batch.length).toBeGreaterThan(0);
						expect(batch.length).toBeLessThanOrEqual(maxRows);
						expect(batch.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(maxBytes);
					}
				},
			),
		);
	});
});

describe('mapWithConcurrency', () => {
	it('keeps input order and never exceeds the concurrency', async () => {
		let running = 0;
		let peak = 0;
		const out = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (value) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise<void>((resolve) => queueMicrotask(resolve));
			await Promise.resolve();
			running--;
			return value * 10;
		});
		expect(out).toEqual([50, 10, 40, 20, 30]);
		expect(peak).toBe(2);
	});
});

import fc from 'fast-check';

import { batchStream } from '../../../nodes/shared/members/batching';
import { FingerprintSet } from '../../../nodes/shared/members/stream';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const value of source) out.push(value);
	return out;
}
async function* from<T>(values: T[]) {
	yield* values;
}

describe('FingerprintSet', () => {
	it('tells a new text from one seen before, across growth', () => {
		const set = new FingerprintSet();
		const texts = Array.from({ length: 50_000 }, (_, i) => `${'ab'.repeat(i % 7)}identity-${i}`);
		expect(texts.every((text) => set.add(text))).toBe(true);
		expect(set.size).toBe(50_000);
		expect(texts.filter((text) => set.add(text))).toEqual([]);
		expect(set.add('identity-50000')).toBe(true);
		expect(set.add('')).toBe(true);
		expect(set.add('')).toBe(false);
	});

	it('agrees with a Set on any texts', () => {
		fc.assert(
			fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 300 }), fc.integer({ min: 0, max: 5000 }), (texts, expected) => {
				const set = new FingerprintSet(expected);
				const reference = new Set<string>();
				for (const text of texts) {
					expect(set.add(text)).toBe(!reference.has(text));
					reference.add(text);
				}
				expect(set.size).toBe(reference.size);
			}),
			{ seed: 20261203, numRuns: 200 },
		);
	});
});

describe('batchStream', () => {
	it('cuts at the row limit and at the byte limit, as rows come', async () => {
		const rows = Array.from({ length: 25 }, (_, i) => i);
		expect((await collect(batchStream(from(rows), { maxRows: 10, maxBytes: 1e9 }, () => 1))).map((b) => b.length)).toEqual([10, 10, 5]);
		// 100 bytes of overhead and 30 a row: three rows fit in 200 bytes.
		expect((await collect(batchStream(from(rows.slice(0, 7)), { maxRows: 10, maxBytes: 200 }, () => 30, 100))).map((b) => b.length)).toEqual([3, 3, 1]);
	});

	it('gives a row bigger than a request a batch of its own, and nothing for no rows', async () => {
		expect(await collect(batchStream(from([1, 2]), { maxRows: 10, maxBytes: 50 }, () => 80))).toEqual([[1], [2]]);
		expect(await collect(batchStream(from([]), { maxRows: 10, maxBytes: 50 }, () => 1))).toEqual([]);
	});
});

import fc from 'fast-check';

import type { StoredMember } from '../../../nodes/shared/sync/diff';
import type { LaidOutRow } from '../../../nodes/shared/sync/dataTableLayout';
import { applyText, bucketOf, BUCKETS, bucketTexts, DELTA_ROW_CHARS, deltaTexts, membersFromRows } from '../../../nodes/shared/sync/dataTableLayout';
import { contactKeyHash } from '../../../nodes/shared/sync/state';

const SECRET = Buffer.alloc(32, 7).toString('base64url');
const key = (n: number) => contactKeyHash(SECRET, `contact-${n}`);
const member = (identity: string, sentAt = 1_800_000_000): StoredMember => ({ identity, sentAt });

describe('data-table layout of a sync state', () => {
	it.each([
		['A', 0],
		['_', 63],
		['-', 62],
		['z', 51],
		['0', 52],
	])('key starting with %s goes to bucket %d', (first, bucket) => {
		expect(bucketOf(`${first}rest`)).toBe(bucket);
	});

	it('spreads keyed hashes over every bucket, and the buckets hold each member once', () => {
		const members = new Map(Array.from({ length: 5000 }, (_, i) => [key(i), member(`~id${i}|x y`, 1_800_000_000 + i)]));
		const texts = bucketTexts(members);
		expect(texts).toHaveLength(BUCKETS);
		expect(texts.every((text) => text.length > 0)).toBe(true);
		const back = new Map<string, StoredMember>();
		for (const text of texts) applyText(back, text);
		expect(back).toEqual(members);
	});

	it('writes a set member as a line and a gone one as its bare key', () => {
		const members = new Map([[key(1), member('~a|~b', 36)]]);
		expect(deltaTexts(members, [key(1), key(2)])).toEqual([`${key(1)} ~a|~b 10\n${key(2)}`]);
	});

	it('splits a large delta into rows of at most about a megabyte', () => {
		const identity = '~' + 'x'.repeat(500);
		const members = new Map(Array.from({ length: 5000 }, (_, i) => [key(i), member(identity)]));
		const texts = deltaTexts(members, members.keys());
		expect(texts.length).toBeGreaterThan(2);
		expect(texts.every((text) => text.length <= DELTA_ROW_CHARS)).toBe(true);
		expect(texts.join('\n').split('\n')).toHaveLength(5000);
	});

	it('reads the newest base of each bucket, then the deltas in generation order', () => {
		const k = key(1);
		const rows: LaidOutRow[] = [
			{ kind: 'base', part: bucketOf(k), generation: 1, data: `${k} old 1` },
			{ kind: 'base', part: bucketOf(k), generation: 3, data: `${k} mid 1` },
			{ kind: 'delta', part: 0, generation: 5, data: `${k} new 1` },
			{ kind: 'delta', part: 0, generation: 4, data: k },
			{ kind: 'head', part: 0, generation: 9, data: '{}' },
		];
		expect(membersFromRows(rows).get(k)?.identity).toBe('new');
	});

	// The protocol's central claim: a base rewritten after any number of deltas, with all of those
	// deltas applied again on top, equals the state; so a compaction may stop after any bucket.
	it('reading any mix of old and rewritten bases with all deltas gives the current state', () => {
		const op = fc.record({ n: fc.integer({ min: 0, max: 40 }), set: fc.boolean(), identity: fc.constantFrom('a', 'b', 'c|d', '~e f') });
		fc.assert(
			fc.property(fc.array(fc.array(op, { maxLength: 12 }), { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: BUCKETS, maxLength: BUCKETS }), (saves, rewritten) => {
				let state = new Map<string, StoredMember>();
				const deltas: LaidOutRow[] = [];
				const initial = new Map(Array.from({ length: 20 }, (_, i) => [key(i), member('base')]));
				state = new Map(initial);
				saves.forEach((ops, g) => {
					const changed = new Set<string>();
					for (const { n, set, identity } of ops) {
						if (set) state.set(key(n), member(identity));
						else state.delete(key(n));
						changed.add(key(n));
					}
					deltaTexts(state, changed).forEach((data, part) => deltas.push({ kind: 'delta', part, generation: g + 2, data }));
				});
				const oldBases = bucketTexts(initial);
				const newBases = bucketTexts(state);
				const rows: LaidOutRow[] = [...deltas];
				for (let part = 0; part < BUCKETS; part++) {
					// A rewritten bucket has its new base only (empty: no row); the others their old one.
					const text = rewritten[part] ? newBases[part] : oldBases[part];
					if (text) rows.push({ kind: 'base', part, generation: rewritten[part] ? saves.length + 1 : 1, data: text });
				}
				expect(membersFromRows(rows)).toEqual(state);
			}),
		);
	});
});

import fc from 'fast-check';

import type { DesiredContact, StoredMember } from '../../../nodes/shared/sync/diff';
import { planSync, removalShare } from '../../../nodes/shared/sync/diff';

const stored = (entries: Array<[string, string]>) =>
	new Map<string, StoredMember>(entries.map(([key, identity]) => [key, { identity, sentAt: 1 }]));
const send = (identity: string): DesiredContact => ({ kind: 'send', identity });
const withhold: DesiredContact = { kind: 'withhold' };
const keep: DesiredContact = { kind: 'keep' };

describe('planSync', () => {
	it.each<[string, Array<[string, string]>, Array<[string, DesiredContact]>, ReturnType<typeof planSync>]>([
		['empty state, new contacts are added', [], [['a', send('A')]], { add: [{ key: 'a', identity: 'A', changed: false }], remove: [], unchanged: [] }],
		['same identity is unchanged', [['a', 'A']], [['a', send('A')]], { add: [], remove: [], unchanged: ['a'] }],
		[
			'changed identity is removed and added again',
			[['a', 'A']],
			[['a', send('A2')]],
			{ add: [{ key: 'a', identity: 'A2', changed: true }], remove: [{ key: 'a', identity: 'A', why: 'identifiers_changed', send: true }], unchanged: [] },
		],
		['a key that left is removed with its stored identity', [['a', 'A']], [], { add: [], remove: [{ key: 'a', identity: 'A', why: 'left_segment', send: true }], unchanged: [] }],
		['a withheld member is removed', [['a', 'A']], [['a', withhold]], { add: [], remove: [{ key: 'a', identity: 'A', why: 'withheld', send: true }], unchanged: [] }],
		['a withheld contact never added is left alone', [], [['a', withhold]], { add: [], remove: [], unchanged: [] }],
		['an invalid contact keeps what the audience has', [['a', 'A']], [['a', keep]], { add: [], remove: [], unchanged: [] }],
		[
			'an identity another member keeps is forgotten, not sent',
			[['a', 'X'], ['b', 'X']],
			[['b', send('X')]],
			{ add: [], remove: [{ key: 'a', identity: 'X', why: 'left_segment', send: false }], unchanged: ['b'] },
		],
		[
			'an identity a new key takes over is not removed',
			[['a', 'X']],
			[['b', send('X')]],
			{ add: [{ key: 'b', identity: 'X', changed: false }], remove: [{ key: 'a', identity: 'X', why: 'left_segment', send: false }], unchanged: [] },
		],
		[
			'two leaving keys with one identity remove it once',
			[['a', 'X'], ['b', 'X']],
			[],
			{ add: [], remove: [{ key: 'a', identity: 'X', why: 'left_segment', send: true }, { key: 'b', identity: 'X', why: 'left_segment', send: false }], unchanged: [] },
		],
	])('%s', (_, state, desired, expected) => {
		expect(planSync(stored(state), new Map(desired))).toEqual(expected);
	});

	it('removal share counts leavers and withheld, not changed identifiers', () => {
		const plan = planSync(stored([['a', 'A'], ['b', 'B'], ['c', 'C'], ['d', 'D']]), new Map([['a', send('A2')], ['b', withhold], ['c', send('C')]]));
		expect(removalShare(plan, 4)).toBe(0.5);
		expect(removalShare(plan, 0)).toBe(0);
	});

	it('applying the plan gives exactly the segment’s sendable contacts, and only stored keys are removed', () => {
		const identity = fc.constantFrom('A', 'B', 'C', 'D', 'E');
		const key = fc.constantFrom<string>('k1', 'k2', 'k3', 'k4', 'k5', 'k6');
		const desiredContact = fc.oneof(identity.map(send), fc.constant(withhold), fc.constant(keep));
		fc.assert(
			fc.property(fc.array(fc.tuple(key, identity)), fc.array(fc.tuple(key, desiredContact)), (stateEntries, desiredEntries) => {
				const state = stored(stateEntries);
				const desired = new Map(desiredEntries);
				const plan = planSync(state, desired);
				for (const removal of plan.remove) expect(state.has(removal.key)).toBe(true);
				const next = new Map(state);
				for (const removal of plan.remove) next.delete(removal.key);
				for (const addition of plan.add) next.set(addition.key, { identity: addition.identity, sentAt: 2 });
				for (const [k, contact] of desired) {
					if (contact.kind === 'send') expect(next.get(k)?.identity).toBe(contact.identity);
					if (contact.kind === 'withhold') expect(next.has(k)).toBe(false);
					if (contact.kind === 'keep') expect(next.get(k)).toEqual(state.get(k));
				}
				for (const k of next.keys()) expect(desired.has(k)).toBe(true);
				// On the platform: sent removals never take out an identity that stays.
				const staying = new Set([...next.values()].map((member) => member.identity));
				for (const removal of plan.remove) if (removal.send) expect(staying.has(removal.identity)).toBe(false);
				// And every identity that goes is removed once.
				const gone = new Set(plan.remove.map((removal) => removal.identity).filter((id) => !staying.has(id)));
				for (const id of gone) expect(plan.remove.filter((removal) => removal.send && removal.identity === id)).toHaveLength(1);
				// Segment entries read through an accessor plan the same.
				const wrapped = new Map([...desired].map(([k, contact]) => [k, { index: 0, desired: contact }]));
				expect(planSync(state, wrapped, (entry) => entry.desired)).toEqual(plan);
			}),
		);
	});
});

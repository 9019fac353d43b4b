/**
 * The data-table store's protocol against an in-memory table with n8n's filter semantics: whatever
 * request a run is killed at (saving, compacting, rewriting), the next run loads either the state
 * before that run or the one it committed, never a mix, and nothing left over grows the table.
 */
import fc from 'fast-check';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Condition, Filter, Row } from '../../../nodes/shared/sync/dataTableApi';
import type { StoredMember } from '../../../nodes/shared/sync/diff';
import type { RowsApi } from '../../../nodes/shared/sync/dataTableStore';
import { DataTableStore } from '../../../nodes/shared/sync/dataTableStore';
import type { SyncState } from '../../../nodes/shared/sync/state';
import { contactKeyHash, newSyncState } from '../../../nodes/shared/sync/state';
import type { SyncAudience } from '../../../nodes/shared/sync/store';

const TESTS: Record<Condition, (a: unknown, b: string | number) => boolean> = {
	eq: (a, b) => a === b,
	neq: (a, b) => a !== b,
	lt: (a, b) => (a as number) < (b as number),
	lte: (a, b) => (a as number) <= (b as number),
	gt: (a, b) => (a as number) > (b as number),
	gte: (a, b) => (a as number) >= (b as number),
};

class Killed extends Error {}

/** One data table in memory; every request after the `killAt`-th throws, as if the run died. */
class MemoryTable implements RowsApi {
	table: Row[] = [];
	private nextId = 1;
	requests = 0;
	killAt = Infinity;

	private request(): void {
		if (++this.requests >= this.killAt) throw new Killed('killed');
	}

	private matching(filter: Filter): Row[] {
		return this.table.filter((row) =>
			filter.every(([column, condition, value]) => TESTS[condition](row[column], value)),
		);
	}

	async tableId(): Promise<string> {
		this.request();
		return 'memory';
	}

	async rows(_table: string, filter: Filter, limit = 250): Promise<Row[]> {
		this.request();
		// Pages are asked for by id; one call stands for all of them here.
		void limit;
		return this.matching(filter).map((row) => ({ ...row }));
	}

	async insert(_table: string, rows: IDataObject[]): Promise<void> {
		this.request();
		for (const row of rows) this.table.push({ ...row, id: this.nextId++ });
	}

	async update(_table: string, filter: Filter, data: IDataObject): Promise<Row[]> {
		this.request();
		const matched = this.matching(filter);
		for (const row of matched) Object.assign(row, data);
		return matched.map((row) => ({ ...row }));
	}

	async delete(_table: string, filter: Filter): Promise<void> {
		this.request();
		const gone = new Set(this.matching(filter));
		this.table = this.table.filter((row) => !gone.has(row));
	}

	/** What 15 minutes do to the lock of a run that died. */
	lapseLocks(): void {
		for (const row of this.table) if (row.kind === 'head') row.lockUntil = 0;
	}
}

const ctx = {
	getNode: () => ({ name: 'Sync', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
} as unknown as IExecuteFunctions;
const audience: SyncAudience = { platform: 'meta', audienceId: '1', key: '1' };

/** One Sync run's use of the store: lock, load, change, save, release. */
async function run(table: MemoryTable, change: (state: SyncState) => Set<string>): Promise<void> {
	const store = new DataTableStore(ctx, 'state', async () => table);
	const release = await store.lock(audience);
	const state = (await store.load(audience)) ?? newSyncState();
	const changed = change(state);
	state.generation += 1;
	await store.save(audience, state, changed);
	await release();
}

async function load(table: MemoryTable): Promise<Map<string, StoredMember>> {
	const store = new DataTableStore(ctx, 'state', async () => table);
	return (await store.load(audience))?.members ?? new Map();
}

const op = fc.record({
	n: fc.integer({ min: 0, max: 300 }),
	set: fc.boolean(),
	identity: fc.constantFrom('~a', '~b|~c', '~d e', '!x'),
});
const save = fc.record({
	ops: fc.array(op, { maxLength: 120 }),
	killAt: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined, freq: 3 }),
});

describe('data-table store protocol', () => {
	it('a run killed at any request leaves the state before it or the one it committed', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(save, { minLength: 1, maxLength: 8 }), async (saves) => {
				const table = new MemoryTable();
				let committed = new Map<string, StoredMember>();
				for (const { ops, killAt } of saves) {
					let intended = new Map<string, StoredMember>();
					table.requests = 0;
					table.killAt = killAt ?? Infinity;
					const outcome = await run(table, (state) => {
						const changed = new Set<string>();
						for (const { n, set, identity } of ops) {
							const key = contactKeyHash(state.secret, `contact-${n}`);
							if (set) state.members.set(key, { identity, sentAt: n });
							else state.members.delete(key);
							changed.add(key);
						}
						intended = new Map(state.members);
						return changed;
					}).then(
						() => undefined,
						(error: unknown) => error,
					);
					// Only the kill may stop a run.
					if (!(outcome instanceof Killed)) expect(outcome).toBeUndefined();
					table.killAt = Infinity;
					table.lapseLocks();
					const loaded = await load(table);
					expect([committed, intended]).toContainEqual(loaded);
					committed = loaded;
				}
				// A clean run afterwards leaves no rows beyond the head's generation.
				await run(table, () => new Set());
				const head = table.table.find((row) => row.kind === 'head');
				expect(table.table.every((row) => Number(row.generation) <= Number(head?.generation))).toBe(
					true,
				);
				expect(await load(table)).toEqual(committed);
			}),
			{ numRuns: 300 },
		);
	});

	it('a rewrite killed after its commit, before the old rows are gone, reads as the rewritten state', async () => {
		const table = new MemoryTable();
		const key = (state: SyncState, n: number) => contactKeyHash(state.secret, `c${n}`);
		await run(table, (state) => {
			for (let n = 0; n < 10; n++)
				state.members.set(key(state, n), { identity: '~first', sentAt: 1 });
			return new Set(state.members.keys());
		});
		await run(table, (state) => {
			state.members.set(key(state, 0), { identity: '~second', sentAt: 2 });
			return new Set([key(state, 0)]);
		});
		expect(table.table.filter((row) => row.kind === 'delta')).toHaveLength(1);
		// Everyone leaves and 40 others join: a rewrite. Killed at the request after its commit.
		let requestsBeforeDelete = 0;
		const probe = new MemoryTable();
		probe.table = table.table.map((row) => ({ ...row }));
		const bigChange = (state: SyncState) => {
			const changed = new Set(state.members.keys());
			state.members.clear();
			for (let n = 100; n < 140; n++) {
				state.members.set(key(state, n), { identity: '~third', sentAt: 3 });
				changed.add(key(state, n));
			}
			return changed;
		};
		const deleteOf = probe.delete.bind(probe);
		probe.delete = async (t, filter) => {
			if (filter.some(([column, condition]) => column === 'generation' && condition === 'lt'))
				requestsBeforeDelete = probe.requests;
			return await deleteOf(t, filter);
		};
		await run(probe, bigChange);
		expect(requestsBeforeDelete).toBeGreaterThan(0);
		table.requests = 0;
		table.killAt = requestsBeforeDelete + 1;
		await expect(run(table, bigChange)).rejects.toThrow(Killed);
		table.killAt = Infinity;
		table.lapseLocks();
		const members = await load(table);
		expect(members.size).toBe(40);
		expect([...members.values()].every((m) => m.identity === '~third')).toBe(true);
	});

	it('a second run is refused while the first holds the lock, and may go once it lapsed', async () => {
		const table = new MemoryTable();
		const first = new DataTableStore(ctx, 'state', async () => table);
		await first.lock(audience);
		const second = new DataTableStore(ctx, 'state', async () => table);
		await expect(second.lock(audience)).rejects.toThrow('Another execution is syncing audience 1');
		table.lapseLocks();
		await expect(second.lock(audience)).resolves.toEqual(expect.any(Function));
	});

	it('compacts once the deltas pass a quarter of the base: one base row per bucket, no deltas', async () => {
		const table = new MemoryTable();
		await run(table, (state) => {
			for (let n = 0; n < 400; n++)
				state.members.set(contactKeyHash(state.secret, `c${n}`), { identity: '~base', sentAt: 1 });
			return new Set(state.members.keys());
		});
		const baseRows = table.table.filter((row) => row.kind === 'base').length;
		await run(table, (state) => {
			const changed = new Set<string>();
			for (let n = 0; n < 50; n++) {
				const key = contactKeyHash(state.secret, `c${n}`);
				state.members.set(key, { identity: '~moved', sentAt: 2 });
				changed.add(key);
			}
			return changed;
		});
		expect(table.table.filter((row) => row.kind === 'delta')).toHaveLength(1);
		await run(table, (state) => {
			const changed = new Set<string>();
			for (let n = 50; n < 120; n++) {
				const key = contactKeyHash(state.secret, `c${n}`);
				state.members.set(key, { identity: '~moved', sentAt: 3 });
				changed.add(key);
			}
			return changed;
		});
		expect(table.table.filter((row) => row.kind === 'delta')).toHaveLength(0);
		expect(table.table.filter((row) => row.kind === 'base')).toHaveLength(baseRows);
		const members = await load(table);
		expect([...members.values()].filter((m) => m.identity === '~moved')).toHaveLength(120);
	});
});

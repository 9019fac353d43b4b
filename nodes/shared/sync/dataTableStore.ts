/**
 * The durable store: the state in an n8n data table, reached through n8n's public API. It keeps
 * the state of manual runs too, lives in n8n's own database (shared by every queue-mode worker)
 * and can be looked at in n8n's Data tables page.
 *
 * One table holds the states of many audiences, each under its `slot`. Per audience: one head row
 * (the committed generation, the state's secret and figures, the lock) and data rows (see
 * dataTableLayout.ts). A save writes only what changed as delta rows, then moves the head to the
 * new generation: that update is the commit, and rows of a generation the head does not reach are
 * ignored, so a run killed half-way leaves the last committed state. When the deltas outgrow a
 * quarter of the base, the base is rewritten one bucket at a time, so that a million members never
 * need two full copies in the table (n8n caps all data tables at 200 MB by default).
 */
import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Column, Filter, Row } from './dataTableApi';
import { DataTableApi } from './dataTableApi';

/** The part of n8n's data-table API the store uses (a fake one in the store's protocol tests). */
export type RowsApi = Pick<DataTableApi, 'tableId' | 'rows' | 'insert' | 'update' | 'delete'>;
import { BUCKETS, bucketTexts, deltaTexts, membersFromRows } from './dataTableLayout';
import type { SyncState } from './state';
import { SYNC_STATE_VERSION } from './state';
import type { ResetReport, SaveReport, SyncAudience, SyncStateStore } from './store';
import { audienceStateKey } from './store';

export const DEFAULT_STATE_TABLE = 'audience_sync_state';
const COLUMNS: Column[] = [
	{ name: 'slot', type: 'string' },
	{ name: 'kind', type: 'string' },
	{ name: 'part', type: 'number' },
	{ name: 'generation', type: 'number' },
	{ name: 'data', type: 'string' },
	{ name: 'lockOwner', type: 'string' },
	{ name: 'lockUntil', type: 'number' },
];
/** A lock not released (a worker that died) lapses after this long. */
export const LOCK_TTL_MS = 15 * 60_000;
/** Rows a listing asks for at once, by their size: pages of a few megabytes. */
const PAGE_CHARS = 8 << 20;
/** Rows an insert carries at once, by their size. */
const INSERT_CHARS = 4 << 20;

/** What the head row's data holds. */
interface HeadData {
	version: number;
	secret: string;
	updatedAt: string | null;
	size: number;
	/** Rows of generation below it are left-overs of a rewrite, ignored. */
	floor: number;
	baseChars: number;
	deltaChars: number;
	rows: number;
}

interface Head {
	id: number;
	generation: number;
	data: HeadData | null;
	lockOwner: string;
	lockUntil: number;
}

function headOf(row: Row): Head {
	return {
		id: row.id,
		generation: Number(row.generation ?? 0),
		data: typeof row.data === 'string' && row.data ? (JSON.parse(row.data) as HeadData) : null,
		lockOwner: String(row.lockOwner ?? ''),
		lockUntil: Number(row.lockUntil ?? 0),
	};
}

export class DataTableStore implements SyncStateStore {
	readonly kind = 'dataTable';
	readonly location: string;
	private readonly owner = randomUUID();
	private api?: RowsApi;
	private table?: string;
	/** The heads this run holds the lock of, by slot. */
	private readonly held = new Map<string, Head>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly tableName: string = DEFAULT_STATE_TABLE,
		private readonly connect: () => Promise<RowsApi> = async () => await DataTableApi.create(ctx),
	) {
		this.location = `n8n data table “${tableName}”`;
	}

	private async open(): Promise<{ api: RowsApi; table: string }> {
		this.api ??= await this.connect();
		this.table ??= await this.api.tableId(this.tableName, COLUMNS);
		return { api: this.api, table: this.table };
	}

	private async head(slot: string): Promise<Head | undefined> {
		const { api, table } = await this.open();
		const heads = await api.rows(table, [['slot', 'eq', slot], ['kind', 'eq', 'head']]);
		return heads.length > 0 ? headOf(heads[0]) : undefined;
	}

	async load(audience: SyncAudience): Promise<SyncState | null> {
		const slot = audienceStateKey(audience);
		// A reader without the lock (Get Sync State, a dry run) reads again if a save moved the head meanwhile.
		for (let attempt = 0; ; attempt++) {
			const head = this.held.get(slot) ?? (await this.head(slot));
			if (!head?.data) return null;
			const { api, table } = await this.open();
			const perRow = (head.data.baseChars + head.data.deltaChars) / Math.max(1, head.data.rows);
			const rows = await api.rows(
				table,
				[['slot', 'eq', slot], ['kind', 'neq', 'head'], ['generation', 'gte', head.data.floor], ['generation', 'lte', head.generation]],
				PAGE_CHARS / Math.max(1, perRow),
			);
			if (!this.held.has(slot) && attempt < 3 && (await this.head(slot))?.generation !== head.generation) continue;
			if (head.data.version !== SYNC_STATE_VERSION) {
				throw new Error(`The sync state has version ${head.data.version}; this node reads version ${SYNC_STATE_VERSION}`);
			}
			const members = membersFromRows(
				rows.map((row) => ({ kind: String(row.kind), part: Number(row.part), generation: Number(row.generation), data: String(row.data ?? '') })),
			);
			return { version: head.data.version, secret: head.data.secret, updatedAt: head.data.updatedAt, generation: head.generation, members };
		}
	}

	async save(audience: SyncAudience, state: SyncState, changed: ReadonlySet<string>): Promise<SaveReport> {
		const slot = audienceStateKey(audience);
		const head = this.held.get(slot);
		if (!head) throw new Error('The sync state was saved without its lock');
		const { api, table } = await this.open();
		const previous = head.data;
		// Nothing to add deltas to: the state is written whole, without building them first.
		const deltas = previous && previous.baseChars > 0 ? deltaTexts(state.members, changed) : [];
		const deltaChars = sum(deltas);
		const rewrite = !previous || previous.baseChars === 0 || deltaChars >= previous.baseChars;
		const generation = state.generation;
		let data: HeadData;
		if (rewrite) {
			const bases = bucketTexts(state.members);
			await this.insertRows(slot, 'base', generation, bases);
			data = this.headData(state, generation, sum(bases), 0, bases.filter(Boolean).length);
		} else {
			await this.insertRows(slot, 'delta', generation, deltas);
			data = this.headData(state, previous.floor, previous.baseChars, previous.deltaChars + deltaChars, previous.rows + deltas.length);
		}
		await this.commit(slot, head, { generation, data: JSON.stringify(data) }, generation - 1);
		head.generation = generation;
		head.data = data;
		if (rewrite) await api.delete(table, [['slot', 'eq', slot], ['kind', 'neq', 'head'], ['generation', 'lt', generation]]);
		else if (data.deltaChars > data.baseChars / 4) await this.compact(slot, head, state);
		return { saved: true, note: `Saved in the ${this.location}.` };
	}

	/** Rewrites the base one bucket at a time, then drops the deltas it took in. */
	private async compact(slot: string, head: Head, state: SyncState): Promise<void> {
		const { api, table } = await this.open();
		const generation = head.generation;
		const bases = bucketTexts(state.members);
		for (let part = 0; part < BUCKETS; part++) {
			if (bases[part]) await this.insertRows(slot, 'base', generation, [bases[part]], part);
			await api.delete(table, [['slot', 'eq', slot], ['kind', 'eq', 'base'], ['part', 'eq', part], ['generation', 'lt', generation]]);
		}
		const data = this.headData(state, generation, sum(bases), 0, bases.filter(Boolean).length);
		await this.commit(slot, head, { data: JSON.stringify(data) }, generation);
		head.data = data;
		await api.delete(table, [['slot', 'eq', slot], ['kind', 'eq', 'delta'], ['generation', 'lte', generation]]);
	}

	private headData(state: SyncState, floor: number, baseChars: number, deltaChars: number, rows: number): HeadData {
		return { version: state.version, secret: state.secret, updatedAt: state.updatedAt, size: state.members.size, floor, baseChars, deltaChars, rows };
	}

	/** Inserts texts as rows (empty ones skipped), a few megabytes a request. */
	private async insertRows(slot: string, kind: string, generation: number, texts: string[], firstPart = 0): Promise<void> {
		const { api, table } = await this.open();
		let batch: IDataObject[] = [];
		let chars = 0;
		for (let i = 0; i < texts.length; i++) {
			if (!texts[i]) continue;
			if (batch.length > 0 && chars + texts[i].length > INSERT_CHARS) {
				await api.insert(table, batch);
				batch = [];
				chars = 0;
			}
			batch.push({ slot, kind, part: firstPart + i, generation, data: texts[i], lockOwner: '', lockUntil: 0 });
			chars += texts[i].length;
		}
		if (batch.length > 0) await api.insert(table, batch);
	}

	/** Updates the head if this run still holds it at the generation it expects; fails clearly if not. */
	private async commit(slot: string, head: Head, data: IDataObject, expected: number): Promise<void> {
		const { api, table } = await this.open();
		const filter: Filter = [['id', 'eq', head.id], ['lockOwner', 'eq', this.owner], ['generation', 'eq', expected]];
		const updated = await api.update(table, filter, { ...data, lockUntil: Date.now() + LOCK_TTL_MS });
		if (updated.length !== 1) {
			throw new NodeOperationError(this.ctx.getNode(), `The sync state of audience ${slot} changed while this execution ran`, {
				description: `This execution's lock lapsed (it ran for more than ${LOCK_TTL_MS / 60_000} minutes) and another one saved. The audience got this run's changes; the next run sends again what the state misses, which is harmless.`,
			});
		}
	}

	async reset(audience: SyncAudience): Promise<ResetReport> {
		const slot = audienceStateKey(audience);
		// Held to the end (the caller's lock, or one taken here): the head goes last, with the lock in it.
		let head = this.held.get(slot);
		if (!head) {
			if (!(await this.head(slot))) return { existed: false, members: 0, saved: true, note: `No state in the ${this.location}.` };
			await this.lock(audience);
			head = this.held.get(slot);
		}
		if (!head) throw new Error('The sync state was reset without its lock');
		const { api, table } = await this.open();
		try {
			await api.delete(table, [['slot', 'eq', slot], ['kind', 'neq', 'head']]);
			await api.delete(table, [['slot', 'eq', slot], ['kind', 'eq', 'head'], ['lockOwner', 'eq', this.owner]]);
		} finally {
			this.held.delete(slot);
		}
		return { existed: head.data !== null, members: head.data?.size ?? 0, saved: true, note: `Forgotten in the ${this.location}.` };
	}

	async lock(audience: SyncAudience): Promise<() => Promise<void>> {
		const slot = audienceStateKey(audience);
		const { api, table } = await this.open();
		const now = Date.now();
		let head = await this.head(slot);
		if (!head) {
			await api.insert(table, [{ slot, kind: 'head', part: 0, generation: 0, data: '', lockOwner: this.owner, lockUntil: now + LOCK_TTL_MS }]);
			head = await this.head(slot);
		} else if (head.lockUntil < now) {
			await api.update(table, [['id', 'eq', head.id], ['lockUntil', 'lt', now]], { lockOwner: this.owner, lockUntil: now + LOCK_TTL_MS });
			head = await this.head(slot);
		}
		if (!head || head.lockOwner !== this.owner) {
			// Of two runs that created a head at once, the first head wins; the other takes its own out.
			await api.delete(table, [['slot', 'eq', slot], ['kind', 'eq', 'head'], ['lockOwner', 'eq', this.owner]]);
			throw this.busy(audience, head);
		}
		// Rows of a save that never committed (a run killed while saving) would mix with this run's.
		await api.delete(table, [['slot', 'eq', slot], ['kind', 'neq', 'head'], ['generation', 'gt', head.generation]]);
		this.held.set(slot, head);
		return async () => {
			this.held.delete(slot);
			await api.update(table, [['id', 'eq', head.id], ['lockOwner', 'eq', this.owner]], { lockOwner: '', lockUntil: 0 });
		};
	}

	private busy(audience: SyncAudience, head: Head | undefined): NodeOperationError {
		const until = head ? new Date(head.lockUntil).toISOString() : 'soon';
		return new NodeOperationError(this.ctx.getNode(), `Another execution is syncing audience ${audience.audienceId}`, {
			description: `Nothing was sent. Two syncs of one audience at once would each send what the other sends. Let the running one finish, then run again, or space the schedule. A lock left by an execution that died lapses at ${until}.`,
		});
	}

	describe(state: SyncState | null): IDataObject {
		return { store: this.kind, location: this.location, members: state?.members.size ?? 0, updatedAt: state?.updatedAt ?? null };
	}
}

function sum(texts: string[]): number {
	return texts.reduce((total, text) => total + text.length, 0);
}

import type { IExecuteFunctions } from 'n8n-workflow';

import type { ResultBook } from '../members/report';
import type { BatchOutcome, MemberUploader, SendResult, UploadRow, UploadTarget } from '../members/types';
import type { SyncPlan } from './diff';
import type { SegmentMember } from './segment';
import type { SyncState } from './state';
import { unpackIdentity } from './state';

type Batches<W> = (rows: Array<UploadRow<W>>) => Array<Array<UploadRow<W>>>;

/** The upload rows of a plan, each registered with the result book under its item. */
export class SyncRows<W> {
	constructor(
		private readonly uploader: MemberUploader<W, unknown>,
		private readonly segment: ReadonlyMap<string, SegmentMember<W>>,
		/** Keys of departed members → the index of their output item. */
		readonly departed: ReadonlyMap<string, number>,
		private readonly book: ResultBook,
	) {}

	member(key: string): SegmentMember<W> | undefined {
		return this.segment.get(key);
	}

	/** One row per identity to take out; a changed contact's old identity has no item of its own. */
	removals(plan: SyncPlan): Array<UploadRow<W>> {
		const rows: Array<UploadRow<W>> = [];
		for (const removal of plan.remove) {
			const item = removal.why === 'left_segment' ? this.departed.get(removal.key) : this.segment.get(removal.key)?.index;
			if (!removal.send) {
				if (item !== undefined && removal.why !== 'identifiers_changed') {
					this.book.settled(item, {
						status: 'removed',
						reason: removal.why === 'left_segment' ? 'left_segment' : (this.segment.get(removal.key)?.withheld?.reason ?? 'withheld'),
						message: 'Forgotten by the sync; nothing was sent, since another contact of the segment has the same identifiers',
					});
				}
				continue;
			}
			const prepared = { ...this.uploader.fromIdentity(unpackIdentity(removal.identity)), identity: removal.identity };
			const items = removal.why === 'identifiers_changed' || item === undefined ? [] : [item];
			for (const index of items) this.book.pending(index, prepared);
			rows.push({ prepared, items });
		}
		return rows;
	}

	/** One row per identity to add, carrying every item with it; `blocked` keys stay out. */
	additions(plan: SyncPlan, blocked: ReadonlySet<string> = new Set()): Array<UploadRow<W>> {
		const rows = new Map<string, UploadRow<W>>();
		for (const { key, identity } of plan.add) {
			if (blocked.has(key)) continue;
			const member = this.segment.get(key);
			if (!member?.prepared) continue;
			const row = rows.get(identity);
			if (row) {
				row.items.push(member.index);
				row.keys?.push(key);
				this.book.pending(member.index, member.prepared, row.items[0]);
			} else {
				rows.set(identity, { prepared: member.prepared, items: [member.index], keys: [key] });
				this.book.pending(member.index, member.prepared);
			}
		}
		return [...rows.values()];
	}
}

/** Results of contacts that nothing is sent for: unchanged, and withheld but never added. */
export function settleUnsent<W>(book: ResultBook, plan: SyncPlan, segment: ReadonlyMap<string, SegmentMember<W>>): void {
	for (const key of plan.unchanged) {
		const member = segment.get(key);
		if (member) book.settled(member.index, { status: 'unchanged', identifiersSent: member.identifiersSent ?? member.prepared?.identifiersSent ?? [] });
	}
	const removing = new Set(plan.remove.map((removal) => removal.key));
	for (const [key, member] of segment) {
		if (member.withheld && !removing.has(key)) {
			book.settled(member.index, { status: 'skipped', reason: member.withheld.reason, message: member.withheld.skipped });
		}
	}
}

export interface SyncSent<W> {
	removed: SendResult<W>;
	added: SendResult<W>;
	/** Both, for the failure message. */
	combined: SendResult<W>;
	batchCount: number;
	/** Changed contacts not re-added, since their old identity could not be removed first. */
	blocked: Set<string>;
}

const NOTHING = { outcomes: [], platformSummary: {} };

/** Removals first, then additions; a changed contact is re-added only once its old identity is out. */
export async function sendSync<W>(
	ctx: IExecuteFunctions,
	uploader: MemberUploader<W, unknown>,
	target: UploadTarget,
	plan: SyncPlan,
	rows: SyncRows<W>,
	batchesOf: Batches<W>,
	book: ResultBook,
	started: Date,
): Promise<SyncSent<W>> {
	const removalBatches = batchesOf(rows.removals(plan));
	const removed: SendResult<W> = removalBatches.length ? await uploader.send(target, removalBatches, 'remove', started) : NOTHING;
	book.sent('remove', removed.outcomes);
	const removedIdentities = acceptedIdentities(removed.outcomes);
	const blocked = new Set(
		plan.remove
			.filter((removal) => removal.why === 'identifiers_changed' && removal.send && !removedIdentities.has(removal.identity))
			.map((removal) => removal.key),
	);
	for (const key of blocked) {
		const member = rows.member(key);
		if (member) {
			book.settled(member.index, {
				status: 'failed',
				reason: 'not_sent',
				message: 'Not sent: the contact’s previous identifiers could not be removed first; the next run tries again',
			});
		}
	}
	const removalFailed = removed.outcomes.some((outcome) => !outcome.ok);
	const additionBatches = removalFailed && !ctx.continueOnFail() ? [] : batchesOf(rows.additions(plan, blocked));
	const added: SendResult<W> = additionBatches.length ? await uploader.send(target, additionBatches, 'add', started) : NOTHING;
	book.sent('add', added.outcomes);
	return {
		removed,
		added,
		combined: {
			outcomes: [...removed.outcomes, ...added.outcomes],
			platformSummary: {},
			finalFailure: removed.finalFailure ?? added.finalFailure,
		},
		batchCount: removalBatches.length + additionBatches.length,
		blocked,
	};
}

function acceptedIdentities<W>(outcomes: Array<BatchOutcome<UploadRow<W>>>): Set<string> {
	const identities = new Set<string>();
	for (const outcome of outcomes) {
		if (outcome.ok) for (const row of outcome.rows) identities.add(row.prepared.identity);
	}
	return identities;
}

/**
 * Advances the state by what the platform accepted, and nothing else: a run cut short leaves the
 * rest to the next one (adding or removing twice is harmless). Returns the keys it set or deleted.
 */
export function applyOutcomes<W>(state: SyncState, plan: SyncPlan, sent: SyncSent<W>, now: number): Set<string> {
	const changed = new Set<string>();
	const removedIdentities = acceptedIdentities(sent.removed.outcomes);
	for (const removal of plan.remove) {
		if ((!removal.send || removedIdentities.has(removal.identity)) && state.members.delete(removal.key)) changed.add(removal.key);
	}
	// Each addition row carries the keys it adds (blocked keys never got a row).
	for (const outcome of sent.added.outcomes) {
		if (!outcome.ok) continue;
		for (const row of outcome.rows) {
			if (outcome.rejectedIdentities?.has(row.prepared.identity)) continue;
			for (const key of row.keys ?? []) {
				state.members.set(key, { identity: row.prepared.identity, sentAt: now });
				changed.add(key);
			}
		}
	}
	return changed;
}

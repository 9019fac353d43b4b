import type { IDataObject } from 'n8n-workflow';

import { sentences } from '../sentences';
import type {
	BatchOutcome,
	ContactRecord,
	ContactResult,
	ContactStatus,
	MemberOperation,
	PreparedContact,
	UploadRow,
} from './types';

const SUCCESS_STATUS: Record<MemberOperation, ContactStatus> = { add: 'added', remove: 'removed', replace: 'added' };
const DRY_RUN_STATUS: Record<MemberOperation, ContactStatus> = {
	add: 'would_add',
	remove: 'would_remove',
	replace: 'would_add',
};

type Tally = Record<string, number>;
/** Hears the result a row of the platform's was given. */
export type RowSettled<W> = (row: UploadRow<W>, patch: ContactResult) => void;
/** How many invalid CSV rows a summary lists. */
const INVALID_ROW_SAMPLES = 20;
const bump = (tally: Tally, key: string | undefined, by = 1) => {
	if (key !== undefined) tally[key] = (tally[key] ?? 0) + by;
};

/**
 * Report stage: what happened to each contact. With `keepItems` it holds one result per input
 * item (for the per-contact output); without (Summary Only) it keeps only the counts.
 */
export class ResultBook {
	readonly counts: Tally = {};
	readonly skippedByReason: Tally = {};
	readonly invalidByReason: Tally = {};
	readonly fieldRejections: Tally = {};
	/** Rows of a CSV file: the first invalid ones, with where they are. */
	readonly invalidRows: IDataObject[] = [];
	private readonly results = new Map<number, ContactResult>();

	constructor(readonly keepItems: boolean) {}

	/** A contact whose result is final before anything is sent (skipped, invalid). */
	settled(index: number, result: ContactResult, record?: ContactRecord): void {
		this.count(result.status, result.reason, 1);
		for (const rejection of result.rejectedFields ?? []) bump(this.fieldRejections, rejection.reason);
		if (this.keepItems) this.results.set(index, result);
		if (record?.line !== undefined && result.status === 'invalid' && this.invalidRows.length < INVALID_ROW_SAMPLES) {
			this.invalidRows.push({
				item: record.item ?? null,
				line: record.line,
				reason: result.reason ?? null,
				message: result.message ?? null,
				fields: (result.rejectedFields ?? []).map((rejection) => rejection.field),
			});
		}
	}

	/** A contact that goes to the platform; `sameAsItem` when an earlier item carries the same one. */
	pending(index: number, contact: PreparedContact<unknown>, sameAsItem?: number): void {
		for (const rejection of contact.rejections) bump(this.fieldRejections, rejection.reason);
		if (!this.keepItems) return;
		this.results.set(index, {
			status: 'skipped',
			identifiersSent: contact.identifiersSent,
			...(contact.rejections.length ? { rejectedFields: contact.rejections } : {}),
			...(sameAsItem !== undefined ? { sameAsItem } : {}),
		});
	}

	/**
	 * Dry run: every row as it would be sent, in the batch it was planned in (numbered from
	 * `firstBatch`). `settledRow` hears each row's result.
	 */
	planned<W>(operation: MemberOperation, batches: Array<Array<UploadRow<W>>>, firstBatch = 1, settledRow?: RowSettled<W>): void {
		batches.forEach((rows, index) => {
			for (const row of rows) {
				this.settleRow(row, { status: DRY_RUN_STATUS[operation], batch: firstBatch + index, wireValues: row.prepared.wire as IDataObject }, settledRow);
			}
		});
	}

	/** Results of the rows of each batch, from what the platform said. `settledRow` hears each row's result. */
	sent<W>(operation: MemberOperation, outcomes: Array<BatchOutcome<UploadRow<W>>>, settledRow?: RowSettled<W>): void {
		for (const outcome of outcomes) {
			const batch = outcome.batchNumber;
			if (outcome.ok) {
				const requestId = outcome.requestId;
				const accepted: ContactResult = { status: SUCCESS_STATUS[operation], batch, requestId };
				for (const row of outcome.rows) {
					const rejected = outcome.rejectedIdentities?.has(row.prepared.identity) ?? false;
					this.settleRow(
						row,
						rejected
							? {
									status: 'invalid',
									reason: 'rejected_by_platform',
									message: 'The platform listed this contact among the invalid entries of its batch',
									batch,
									requestId,
								}
							: accepted,
						settledRow,
					);
				}
				continue;
			}
			const reason = outcome.sent ? outcome.failure.described.reason : 'not_sent';
			const message = outcome.sent
				? sentences(outcome.failure.described.message, outcome.failure.described.description)
				: `Not sent: ${outcome.skippedBecause}`;
			const failed: ContactResult = { status: 'failed', reason, message, batch };
			for (const row of outcome.rows) this.settleRow(row, failed, settledRow);
		}
	}

	/**
	 * An item carrying the same contact as earlier item `first`, whose result `patch` is known
	 * already: the same result, with its own identifiers.
	 */
	sameAs(index: number, contact: PreparedContact<unknown>, first: number, patch: ContactResult): void {
		this.pending(index, contact, first);
		this.count(patch.status, patch.reason, 1);
		if (!this.keepItems) return;
		const result = this.results.get(index);
		if (result) Object.assign(result, withoutUndefined(patch));
	}

	/** Adds the reason and message to a result whose status is known, without counting it again. */
	annotate(index: number, patch: Pick<ContactResult, 'reason' | 'message'>): void {
		const result = this.results.get(index);
		if (result && result.status !== 'failed') Object.assign(result, patch);
	}

	result(index: number): ContactResult {
		return this.results.get(index) ?? { status: 'skipped' };
	}

	private settleRow<W>(row: UploadRow<W>, patch: ContactResult, settledRow?: RowSettled<W>): void {
		settledRow?.(row, patch);
		this.count(patch.status, patch.reason, row.items.length);
		if (!this.keepItems) return;
		for (const index of row.items) {
			const result = this.results.get(index);
			if (result) Object.assign(result, withoutUndefined(patch));
		}
	}

	private count(status: ContactStatus, reason: string | undefined, by: number): void {
		bump(this.counts, status, by);
		if (status === 'skipped') bump(this.skippedByReason, reason, by);
		if (status === 'invalid') bump(this.invalidByReason, reason, by);
	}
}

function withoutUndefined(patch: ContactResult): ContactResult {
	return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as unknown as ContactResult;
}

/**
 * One per-contact output item. Every item has the same keys in the same order, so that n8n's
 * table view shows an empty (null) cell where a contact has nothing to report.
 */
export function resultColumns(
	result: ContactResult,
	columns: { requestId: boolean; wireValues: boolean },
): IDataObject {
	return {
		status: result.status,
		reason: result.reason ?? null,
		message: result.message ?? null,
		identifiersSent: result.identifiersSent ?? [],
		rejectedFields: (result.rejectedFields ?? []) as unknown as IDataObject[],
		batch: result.batch ?? null,
		sameAsItem: result.sameAsItem ?? null,
		...(columns.requestId ? { requestId: result.requestId ?? null } : {}),
		...(columns.wireValues ? { wireValues: result.wireValues ?? null } : {}),
	};
}

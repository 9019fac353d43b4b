import type { IDataObject } from 'n8n-workflow';

import { digest } from '../identifiers/hash';
import type { BatchLimits } from './batching';
import { batchStream } from './batching';
import type { PrepareSettings } from './prepare';
import { prepareRecord } from './prepare';
import type { ResultBook, RowSettled } from './report';
import type { ContactRecord, MemberOperation, MemberUploader, SendResult, UploadRow, UploadTarget } from './types';

/**
 * Who was seen already, in 8 bytes a contact: a set of 64-bit fingerprints of identities (open
 * addressing, linear probing, at most three quarters full). Two different contacts share a
 * fingerprint with odds of about 3 in a million for ten million contacts.
 */
export class FingerprintSet {
	private table: Uint32Array;
	private mask: number;
	private count = 0;

	/**
	 * `expected`: how many contacts are likely, so that the table is made at its size once instead
	 * of doubling (each doubling holds the old table and the new one at once).
	 */
	constructor(expected = 0) {
		let slots = 1024;
		while (slots * 3 < expected * 4) slots *= 2;
		this.table = new Uint32Array(2 * slots);
		this.mask = slots - 1;
	}

	get size(): number {
		return this.count;
	}

	/** Adds `text`'s fingerprint; false when it was there already. */
	add(text: string): boolean {
		// 64 bits of a native digest: about 1 µs for a 400-character identity (a JS loop is slower).
		// MD5 tells rows apart here; it is not a platform hash.
		const bytes = digest('md5', text, 'latin1');
		const a = (bytes.charCodeAt(0) | (bytes.charCodeAt(1) << 8) | (bytes.charCodeAt(2) << 16) | (bytes.charCodeAt(3) << 24)) >>> 0;
		const b = (bytes.charCodeAt(4) | (bytes.charCodeAt(5) << 8) | (bytes.charCodeAt(6) << 16) | (bytes.charCodeAt(7) << 24)) >>> 0;
		return this.insert(a, b || 1);
	}

	private insert(a: number, b: number): boolean {
		const table = this.table;
		let slot = a & this.mask;
		for (;;) {
			const at = slot * 2;
			const x = table[at];
			const y = table[at + 1];
			if (y === 0) {
				table[at] = a;
				table[at + 1] = b;
				if (++this.count * 4 > (this.mask + 1) * 3) this.grow();
				return true;
			}
			if (x === a && y === b) return false;
			slot = (slot + 1) & this.mask;
		}
	}

	private grow(): void {
		const old = this.table;
		this.table = new Uint32Array(old.length * 2);
		this.mask = this.mask * 2 + 1;
		this.count = 0;
		for (let at = 0; at < old.length; at += 2) if (old[at + 1] !== 0) this.insert(old[at], old[at + 1]);
	}
}

export interface StreamedUpload<W> {
	sent: SendResult<W>;
	distinct: number;
	duplicates: number;
	batchCount: number;
	preview: IDataObject[];
}

/**
 * Add, Remove and Replace All of records read as a stream (the rows of CSV files): each contact
 * is prepared, batched and sent as it is read, and its batch released once the platform answered,
 * so memory holds the batches in flight and 8 bytes per distinct contact, whatever the input's
 * size. A contact whose identifiers an earlier record had is not sent again: skipped, `duplicate`.
 */
export async function streamUpload<W, C>(
	uploader: MemberUploader<W, C>,
	settings: PrepareSettings & { dryRun: boolean; started: Date; limits: BatchLimits; estimatedRows: number },
	target: UploadTarget,
	records: AsyncIterable<ContactRecord>,
	book: ResultBook,
): Promise<StreamedUpload<W>> {
	const seen = new FingerprintSet(settings.estimatedRows);
	let duplicates = 0;
	const preview: IDataObject[] = [];

	async function* rows(): AsyncGenerator<UploadRow<W>> {
		for await (const record of records) {
			const contact = prepareRecord(record, uploader, settings, book);
			if (contact === undefined) continue;
			if (!seen.add(contact.identity)) {
				duplicates++;
				book.settled(record.index, { status: 'skipped', reason: 'duplicate', message: 'The same identifiers as an earlier row; sent once' }, record);
				continue;
			}
			book.pending(record.index, contact);
			if (preview.length < 3) preview.push(contact.wire as IDataObject);
			yield { prepared: contact, items: [record.index] };
		}
	}
	const { sent, batchCount } = await planOrSend(uploader, { ...settings, rows: rows() }, target, book);
	return { sent, distinct: seen.size, duplicates, batchCount, preview };
}

/**
 * The rows in batches as they come: a Dry Run plans them; otherwise each batch is sent and its
 * results settled as soon as the platform answered (`settledRow` hears each row's). Returns what
 * was sent and how many batches there were.
 */
export async function planOrSend<W, C>(
	uploader: MemberUploader<W, C>,
	run: { operation: MemberOperation; dryRun: boolean; started: Date; limits: BatchLimits; estimatedRows: number; rows: Iterable<UploadRow<W>> | AsyncIterable<UploadRow<W>> },
	target: UploadTarget,
	book: ResultBook,
	settledRow?: RowSettled<W>,
): Promise<{ sent: SendResult<W>; batchCount: number }> {
	const { operation } = run;
	let batchCount = 0;
	async function* batches(): AsyncGenerator<Array<UploadRow<W>>> {
		for await (const batch of batchStream(run.rows, run.limits, (row) => uploader.rowBytes(row), 1024)) {
			batchCount++;
			yield batch;
		}
	}
	let sent: SendResult<W> = { outcomes: [], platformSummary: {} };
	if (run.dryRun) {
		for await (const batch of batches()) book.planned(operation, [batch], batchCount, settledRow);
	} else {
		sent = await uploader.send(target, batches(), operation, run.started, {
			estimatedRows: run.estimatedRows,
			settled: (outcome) => book.sent(operation, [outcome], settledRow),
		});
	}
	return { sent, batchCount };
}

import type { ContactIdentifiers, FieldRejection } from '../identifiers';
import { isExcluded } from './consent';
import { fieldText, readPath } from './fields';
import type { ResultBook } from './report';
import type { ContactRecord, ContactResult, MemberOperation, MemberUploader, PreparedContact, UploadRow } from './types';

export interface PrepareSettings {
	operation: MemberOperation;
	/** Identifier key → input field, as mapped on the node. */
	mappedFields: ReadonlyArray<readonly [keyof ContactIdentifiers, string]>;
	exclusionField: string;
}

/** The result of a contact with nothing the platform can match, naming the first reason. */
export function invalidContact(rejections: FieldRejection[], whatToMap: string): ContactResult {
	const first = rejections[0];
	return {
		status: 'invalid',
		reason: first?.reason ?? 'no_identifiers',
		message: first ? `No usable identifier: ${first.detail}` : `No usable identifier: map ${whatToMap}`,
		rejectedFields: rejections,
	};
}

/**
 * Prepare stage: reads the mapped fields of each record, drops excluded contacts, checks consent
 * (Add and Replace All; Remove needs none) and builds the wire form. Results of contacts that will
 * not be sent go to `book` at once; the others come out, one by one, as they are read.
 */
export async function* preparedRecords<W, C>(
	records: AsyncIterable<ContactRecord>,
	uploader: MemberUploader<W, C>,
	settings: PrepareSettings,
	book: ResultBook,
): AsyncGenerator<{ record: ContactRecord; contact: PreparedContact<W> }> {
	const checksConsent = settings.operation !== 'remove';
	const { exclusionField } = settings;
	for await (const record of records) {
		const { index, json } = record;
		if (exclusionField && isExcluded(readPath(json, exclusionField))) {
			book.settled(index, { status: 'skipped', reason: 'excluded', message: `Excluded by the "${exclusionField}" field; nothing was sent` }, record);
			continue;
		}
		let consent: C | undefined;
		if (checksConsent) {
			const decision = uploader.consent(json);
			if (!decision.send) {
				book.settled(index, decision.result, record);
				continue;
			}
			consent = decision.consent;
		}
		const contact: ContactIdentifiers = {};
		for (const [key, path] of settings.mappedFields) contact[key] = fieldText(json, path);
		const prepared = uploader.prepare(contact, consent);
		if (!prepared.ok) {
			book.settled(index, prepared.result, record);
			continue;
		}
		yield { record, contact: prepared.contact };
	}
}

/** The prepared contacts of all records, merged into one row per contact (same identity). */
export async function prepareContacts<W, C>(
	records: AsyncIterable<ContactRecord>,
	uploader: MemberUploader<W, C>,
	settings: PrepareSettings,
	book: ResultBook,
): Promise<Array<UploadRow<W>>> {
	const rows = new Map<string, UploadRow<W>>();
	for await (const { record, contact } of preparedRecords(records, uploader, settings, book)) {
		const existing = rows.get(contact.identity);
		if (existing) {
			existing.items.push(record.index);
			book.pending(record.index, contact, existing.items[0]);
		} else {
			rows.set(contact.identity, { prepared: contact, items: [record.index] });
			book.pending(record.index, contact);
		}
	}
	return [...rows.values()];
}

/** Input items as contact records, in order. */
export async function* recordsOf(
	items: ReadonlyArray<{ json: unknown }>,
	indexes: readonly number[],
): AsyncGenerator<ContactRecord> {
	for (const index of indexes) yield { index, json: items[index].json as Record<string, unknown> };
}

import type { ContactIdentifiers, FieldRejection } from '../identifiers';
import { isExcluded } from './consent';
import { fieldText, readPath } from './fields';
import type { ResultBook } from './report';
import type { ContactRecord, ContactResult, MemberOperation, MemberUploader, PreparedContact } from './types';

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

/** Contact records: input items (at hand) or the rows of CSV files (read as they come). */
export type ContactRecords = Iterable<ContactRecord> | AsyncIterable<ContactRecord>;

/** Calls `each` for every record, without a promise per record when they are at hand. */
export async function forEachRecord(records: ContactRecords, each: (record: ContactRecord) => void): Promise<void> {
	if (Symbol.asyncIterator in records) for await (const record of records) each(record);
	else for (const record of records) each(record);
}

/**
 * Prepare stage, for one record: reads its mapped fields, drops an excluded contact, checks
 * consent (Add and Replace All; Remove needs none) and builds the wire form. The result of a
 * contact that will not be sent goes to `book` at once (undefined is returned); else the prepared
 * contact.
 */
export function prepareRecord<W, C>(
	record: ContactRecord,
	uploader: MemberUploader<W, C>,
	settings: PrepareSettings,
	book: ResultBook,
): PreparedContact<W> | undefined {
	const { index, json } = record;
	const { exclusionField } = settings;
	if (exclusionField && isExcluded(readPath(json, exclusionField))) {
		book.settled(index, { status: 'skipped', reason: 'excluded', message: `Excluded by the "${exclusionField}" field; nothing was sent` }, record);
		return undefined;
	}
	let consent: C | undefined;
	if (settings.operation !== 'remove') {
		const decision = uploader.consent(json);
		if (!decision.send) {
			book.settled(index, decision.result, record);
			return undefined;
		}
		consent = decision.consent;
	}
	const contact: ContactIdentifiers = {};
	for (const [key, path] of settings.mappedFields) contact[key] = fieldText(json, path);
	const prepared = uploader.prepare(contact, consent);
	if (!prepared.ok) {
		book.settled(index, prepared.result, record);
		return undefined;
	}
	return prepared.contact;
}

/** Input items as contact records, in order. */
export function* recordsOf(items: ReadonlyArray<{ json: unknown }>, indexes: readonly number[]): Generator<ContactRecord> {
	for (const index of indexes) yield { index, json: items[index].json as Record<string, unknown> };
}

import type { ContactIdentifiers, FieldRejection } from '../identifiers';
import { isExcluded } from './consent';
import { fieldText, readPath } from './fields';
import type { ResultBook } from './report';
import type { ContactRecord, ContactResult, MemberOperation, MemberUploader, UploadRow } from './types';

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
 * (Add and Replace All; Remove needs none), builds the wire form and merges records of the same
 * contact into one row. Results of contacts that will not be sent go to `book` at once.
 */
export async function prepareContacts<W, C>(
	records: AsyncIterable<ContactRecord>,
	uploader: MemberUploader<W, C>,
	settings: PrepareSettings,
	book: ResultBook,
): Promise<Array<UploadRow<W>>> {
	const rows = new Map<string, UploadRow<W>>();
	const checksConsent = settings.operation !== 'remove';
	const { exclusionField } = settings;
	for await (const { index, json } of records) {
		if (exclusionField && isExcluded(readPath(json, exclusionField))) {
			book.settled(index, {
				status: 'skipped',
				reason: 'excluded',
				message: `Excluded by the "${exclusionField}" field; nothing was sent`,
			});
			continue;
		}
		let consent: C | undefined;
		if (checksConsent) {
			const decision = uploader.consent(json);
			if (!decision.send) {
				book.settled(index, decision.result);
				continue;
			}
			consent = decision.consent;
		}
		const contact: ContactIdentifiers = {};
		for (const [key, path] of settings.mappedFields) contact[key] = fieldText(json, path);
		const prepared = uploader.prepare(contact, consent);
		if (!prepared.ok) {
			book.settled(index, prepared.result);
			continue;
		}
		const existing = rows.get(prepared.contact.identity);
		if (existing) {
			existing.items.push(index);
			book.pending(index, prepared.contact, existing.items[0]);
		} else {
			rows.set(prepared.contact.identity, { prepared: prepared.contact, items: [index] });
			book.pending(index, prepared.contact);
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

import type { ContactIdentifiers } from '../identifiers';
import { normalizeEmail } from '../identifiers';
import { isExcluded } from '../members/consent';
import { fieldText, readPath } from '../members/fields';
import type { ContactRecords, PrepareSettings } from '../members/prepare';
import { forEachRecord } from '../members/prepare';
import type { ResultBook } from '../members/report';
import type { MemberUploader, PreparedContact } from '../members/types';
import type { DesiredContact, StoredMember } from './diff';
import { contactKeyHash, packIdentity } from './state';

export interface SegmentSettings extends Omit<PrepareSettings, 'operation'> {
	/** Input field of the contact key (a CRM id); empty: the normalized e-mail. */
	keyField: string;
}

export interface Withheld {
	reason: string;
	skipped: string;
	removed: string;
}

/** A contact of the segment, by its keyed hash. */
export interface SegmentMember<W> {
	index: number;
	desired: DesiredContact;
	/** Eligible contacts whose stored identity differs (or who have none): their wire form. */
	prepared?: PreparedContact<W>;
	/** Eligible contacts the audience has as they are, with per-contact results: what they carry. */
	identifiersSent?: string[];
	/** Why a withheld contact may not be targeted: the message when it was never added, and when it is removed. */
	withheld?: Withheld;
}

/**
 * Reads the current segment: each record's contact key (as a keyed hash), whether it may be
 * targeted (consent, exclusion) and its wire form. Records without a key, and later records with a
 * key already seen, are settled in `book` at once; duplicates are reported, not merged. The wire
 * form of a contact that `stored` has with the same identity is let go at once: nothing is sent
 * for it, and most of a segment is such contacts on most runs.
 */
export async function readSegment<W, C>(
	records: ContactRecords,
	uploader: MemberUploader<W, C>,
	settings: SegmentSettings,
	state: { secret: string; members: ReadonlyMap<string, StoredMember> },
	book: ResultBook,
): Promise<Map<string, SegmentMember<W>>> {
	const { secret, members: stored } = state;
	const segment = new Map<string, SegmentMember<W>>();
	await forEachRecord(records, (record) => {
		const { index, json } = record;
		const contact: ContactIdentifiers = {};
		for (const [key, path] of settings.mappedFields) contact[key] = fieldText(json, path);
		const verdict = eligibility(json, uploader, settings);
		const prepared = uploader.prepare(contact, 'withheld' in verdict ? undefined : verdict.consent);
		const rawKey = contactKeyOf(json, contact, settings.keyField);
		const key = rawKey ?? (prepared.ok ? `identity:${prepared.contact.identity}` : undefined);
		if (key === undefined) {
			book.settled(index, {
				status: 'invalid',
				reason: 'no_contact_key',
				message: settings.keyField
					? `No contact key in "${settings.keyField}"; the contact was left as it is`
					: 'No e-mail or other usable identifier to know the contact by; map a Contact Key Field',
			}, record);
			return;
		}
		const hash = contactKeyHash(secret, key);
		const first = segment.get(hash);
		if (first) {
			book.settled(index, {
				status: 'skipped',
				reason: 'duplicate_key',
				message: `The same contact key as item ${first.index}; only that item counts`,
				sameAsItem: first.index,
			}, record);
			return;
		}
		if ('withheld' in verdict) {
			segment.set(hash, { index, desired: { kind: 'withhold' }, withheld: verdict.withheld });
		} else if (!prepared.ok) {
			book.settled(index, { ...prepared.result, message: `${prepared.result.message ?? 'Invalid'}; the audience keeps what it had` }, record);
			segment.set(hash, { index, desired: { kind: 'keep' } });
		} else {
			// Sync speaks of identities in the state's packed form, from here to the state.
			const identity = packIdentity(prepared.contact.identity);
			const desired: DesiredContact = { kind: 'send', identity };
			if (stored.get(hash)?.identity === identity) {
				segment.set(hash, book.keepItems ? { index, desired, identifiersSent: prepared.contact.identifiersSent } : { index, desired });
			} else {
				segment.set(hash, { index, desired, prepared: { ...prepared.contact, identity } });
			}
		}
	});
	return segment;
}

/** Whether the contact may be targeted: not excluded and, with its consent, allowed. */
function eligibility<W, C>(
	json: Record<string, unknown>,
	uploader: MemberUploader<W, C>,
	settings: SegmentSettings,
): { consent: C } | { withheld: Withheld } {
	if (settings.exclusionField && isExcluded(readPath(json, settings.exclusionField))) {
		const because = `Excluded by the "${settings.exclusionField}" field`;
		return { withheld: { reason: 'excluded', skipped: `${because}; nothing was sent`, removed: `${because}; removed from the audience` } };
	}
	const decision = uploader.consent(json);
	if (decision.send) return { consent: decision.consent };
	return {
		withheld: {
			reason: decision.result.reason ?? 'no_consent',
			skipped: decision.result.message ?? 'No granted consent; nothing was sent',
			removed: 'Consent no longer granted; removed from the audience',
		},
	};
}

/** The contact's key before hashing: the Contact Key Field's value, else the normalized e-mail. */
export function contactKeyOf(json: Record<string, unknown>, contact: ContactIdentifiers, keyField: string): string | undefined {
	if (keyField) {
		const value = fieldText(json, keyField);
		return value === undefined ? undefined : `key:${value.trim()}`;
	}
	if (contact.email === undefined) return undefined;
	const email = normalizeEmail(contact.email);
	return email.ok ? `email:${email.value}` : undefined;
}

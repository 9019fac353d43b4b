import {
	normalizeBirthDay,
	normalizeBirthMonth,
	normalizeBirthYear,
	parseDateOfBirth,
	type ParsedDateOfBirth,
} from '../../identifiers/birth';
import { resolveDefaultCountry } from '../../identifiers/countryIndex';
import { normalizeEmail } from '../../identifiers/email';
import { normalizeGender } from '../../identifiers/gender';
import { rememberedSha256, sha256Hex } from '../../identifiers/hash';
import { normalizeCountry } from '../../identifiers/location';
import {
	normalizeExternalId,
	normalizeMobileAdvertiserId,
} from '../../identifiers/mobileAdvertiserId';
import { firstLetter } from '../../identifiers/names';
import { present } from '../../identifiers/text';
import type { ContactIdentifiers, FieldRejection, Normalized } from '../../identifiers/types';
import {
	normalizeMetaCity,
	normalizeMetaFirstInitial,
	normalizeMetaName,
	normalizeMetaPhone,
	normalizeMetaState,
	normalizeMetaZip,
} from './normalize';

/** Meta multi-key schema keys. */
export type MetaSchemaKey =
	| 'EMAIL'
	| 'PHONE'
	| 'FN'
	| 'LN'
	| 'FI'
	| 'CT'
	| 'ST'
	| 'ZIP'
	| 'COUNTRY'
	| 'DOBY'
	| 'DOBM'
	| 'DOBD'
	| 'GEN'
	| 'MADID'
	| 'EXTERN_ID';

export interface MetaRowResult {
	/** Final wire values: SHA-256 lowercase hex for hashed keys; MADID and EXTERN_ID unhashed. */
	values: Partial<Record<MetaSchemaKey, string>>;
	/** Fields that were present but invalid (the row may still be usable). */
	rejections: FieldRejection[];
	/** True when the row carries enough to match someone. */
	matchable: boolean;
}


/** Column order used for Meta multi-key payloads. */
export const META_SCHEMA_ORDER: readonly MetaSchemaKey[] = [
	'EMAIL',
	'PHONE',
	'FN',
	'LN',
	'FI',
	'CT',
	'ST',
	'ZIP',
	'COUNTRY',
	'DOBY',
	'DOBM',
	'DOBD',
	'GEN',
	'MADID',
	'EXTERN_ID',
];

/** Keys Meta wants SHA-256 hashed (all but MADID and EXTERN_ID, which are sent as is). */
export const META_HASHED_KEYS: readonly MetaSchemaKey[] = META_SCHEMA_ORDER.filter(
	(key) => key !== 'MADID' && key !== 'EXTERN_ID',
);

/** Keys whose values repeat across a list: each value is hashed once (e-mail, phone and ZIP rarely repeat). */
const REPEATED_VALUE_HASH: Partial<Record<MetaSchemaKey, (value: string) => string>> = {
	FN: rememberedSha256(),
	LN: rememberedSha256(),
	FI: rememberedSha256(256),
	CT: rememberedSha256(),
	ST: rememberedSha256(512),
	COUNTRY: rememberedSha256(512),
	DOBY: rememberedSha256(256),
	DOBM: rememberedSha256(64),
	DOBD: rememberedSha256(64),
	GEN: rememberedSha256(16),
};

function hashOf(key: MetaSchemaKey, value: string): string {
	const repeated = REPEATED_VALUE_HASH[key];
	return repeated ? repeated(value) : sha256Hex(value);
}

/**
 * Builds one Meta multi-key row from a contact's raw identifiers.
 *
 * - Each present field is normalized per Meta's rules; invalid ones are listed in `rejections`
 *   and left out of `values` (the row may still be usable).
 * - Hashed keys are SHA-256 lowercase hex; a value that is already a 64-hex SHA-256 is lowercased
 *   and passed through. MADID and EXTERN_ID are sent unhashed.
 * - FI comes from the explicit initial, else from the normalized first name.
 * - DOBY / DOBM / DOBD come from the separate parts; a part that is absent is taken from
 *   `dateOfBirth`.
 * - The contact's country (when valid) decides the phone, state and ZIP rules; `defaultCountry`
 *   is used when the contact has no (valid) country, but COUNTRY is never emitted from it. Without
 *   a country of its own, a ZIP+4 or a full US state name follows the US rules whatever the
 *   default: only American addresses are written so.
 * - `matchable`: EMAIL, PHONE, MADID or EXTERN_ID, or (FN or FI) + LN + one of ZIP, CT, DOBY.
 */
export function buildMetaRow(
	contact: ContactIdentifiers,
	opts: { defaultCountry?: string },
): MetaRowResult {
	const values: Partial<Record<MetaSchemaKey, string>> = {};
	const rejections: FieldRejection[] = [];

	const take = (
		field: keyof ContactIdentifiers,
		key: MetaSchemaKey,
		result: Normalized,
		hashed: boolean,
	): boolean => {
		if (!result.ok) {
			rejections.push({ field, reason: result.reason, detail: result.detail });
			return false;
		}
		values[key] = hashed && !result.prehashed ? hashOf(key, result.value) : result.value;
		return true;
	};

	// Country first: it drives the phone, state and ZIP rules.
	let country: string | undefined;
	const rawCountry = present(contact.country);
	if (rawCountry !== undefined) {
		const result = normalizeCountry(rawCountry);
		take('country', 'COUNTRY', result, true);
		if (result.ok && !result.prehashed) country = result.value;
	}
	const defaultCountry = resolveDefaultCountry(opts.defaultCountry);

	const email = present(contact.email);
	if (email !== undefined) take('email', 'EMAIL', normalizeEmail(email), true);

	const phone = present(contact.phone);
	if (phone !== undefined)
		take('phone', 'PHONE', normalizeMetaPhone(phone, { country, defaultCountry }), true);

	const firstName = present(contact.firstName);
	let firstNameResult: Normalized | undefined;
	if (firstName !== undefined) {
		firstNameResult = normalizeMetaName(firstName, 'first_name');
		take('firstName', 'FN', firstNameResult, true);
	}
	const lastName = present(contact.lastName);
	if (lastName !== undefined)
		take('lastName', 'LN', normalizeMetaName(lastName, 'last_name'), true);

	const firstInitial = present(contact.firstInitial);
	if (firstInitial !== undefined) {
		take('firstInitial', 'FI', normalizeMetaFirstInitial(firstInitial), true);
	} else if (firstNameResult?.ok && !firstNameResult.prehashed) {
		const initial = firstLetter(firstNameResult.value);
		if (initial !== '') values.FI = hashOf('FI', initial);
	}

	const city = present(contact.city);
	if (city !== undefined) take('city', 'CT', normalizeMetaCity(city), true);
	const state = present(contact.state);
	if (state !== undefined) take('state', 'ST', normalizeMetaState(state, country, defaultCountry), true);
	const zip = present(contact.zip);
	if (zip !== undefined) take('zip', 'ZIP', normalizeMetaZip(zip, country, defaultCountry), true);

	const birthYear = present(contact.birthYear);
	const birthMonth = present(contact.birthMonth);
	const birthDay = present(contact.birthDay);
	let parsedDate: ParsedDateOfBirth | undefined;
	if (birthYear === undefined || birthMonth === undefined || birthDay === undefined) {
		const dateOfBirth = present(contact.dateOfBirth);
		if (dateOfBirth !== undefined) {
			parsedDate = parseDateOfBirth(dateOfBirth);
			if (!parsedDate.ok) {
				rejections.push({
					field: 'dateOfBirth',
					reason: parsedDate.reason,
					detail: parsedDate.detail,
				});
			}
		}
	}
	const dob = parsedDate?.ok ? parsedDate : undefined;
	if (birthYear !== undefined) take('birthYear', 'DOBY', normalizeBirthYear(birthYear), true);
	else if (dob) values.DOBY = hashOf('DOBY', dob.year);
	if (birthMonth !== undefined) take('birthMonth', 'DOBM', normalizeBirthMonth(birthMonth), true);
	else if (dob) values.DOBM = hashOf('DOBM', dob.month);
	if (birthDay !== undefined) take('birthDay', 'DOBD', normalizeBirthDay(birthDay), true);
	else if (dob) values.DOBD = hashOf('DOBD', dob.day);

	const gender = present(contact.gender);
	if (gender !== undefined) take('gender', 'GEN', normalizeGender(gender), true);

	const madid = present(contact.mobileAdvertiserId);
	if (madid !== undefined)
		take('mobileAdvertiserId', 'MADID', normalizeMobileAdvertiserId(madid), false);
	const externalId = present(contact.externalId);
	if (externalId !== undefined)
		take('externalId', 'EXTERN_ID', normalizeExternalId(externalId), false);

	const matchable =
		values.EMAIL !== undefined ||
		values.PHONE !== undefined ||
		values.MADID !== undefined ||
		values.EXTERN_ID !== undefined ||
		((values.FN !== undefined || values.FI !== undefined) &&
			values.LN !== undefined &&
			(values.ZIP !== undefined || values.CT !== undefined || values.DOBY !== undefined));

	return { values, rejections, matchable };
}

import { lookupCountry } from './countryIndex';
import { normalizeGoogleEmail } from './email';
import { sha256Hex } from './hash';
import { normalizeGooglePostalCode, normalizeGoogleRegionCode } from './location';
import { normalizeGoogleName } from './names';
import { normalizeGooglePhone } from './phone';
import { present } from './text';
import type {
	ContactIdentifiers,
	FieldRejection,
	GoogleAddressPart,
	GoogleMemberResult,
	GoogleUserIdentifier,
	Normalized,
} from './types';

/** Data Manager limit: at most 10 userIdentifiers per AudienceMember. */
export const GOOGLE_MAX_IDENTIFIERS_PER_MEMBER = 10;

let defaultCountryCache: { raw: string; alpha2: string | undefined } | undefined;

/** The node's default country as uppercase alpha-2; an unknown value counts as no default. */
function resolveDefaultCountry(raw: string | undefined): string | undefined {
	const value = present(raw);
	if (value === undefined) return undefined;
	if (defaultCountryCache?.raw !== value) {
		defaultCountryCache = { raw: value, alpha2: lookupCountry(value)?.alpha2 };
	}
	return defaultCountryCache.alpha2;
}

/**
 * Builds one Data Manager member (`compositeData.userData.userIdentifiers`) from a contact's raw
 * identifiers, per Google's rules.
 *
 * - emailAddress and phoneNumber: normalized, then SHA-256 lowercase hex (a value that is already a
 *   64-hex SHA-256 passes through lowercased). The phone is hashed as E.164 with its '+'.
 * - address: only when first name, last name, country and postal code are all present and valid;
 *   names hashed, regionCode (ISO-2 uppercase) and postalCode plain. When some but not all of the
 *   four are given, `incompleteAddress` lists the missing or invalid ones (invalid ones are also in
 *   `rejections`) and no address is sent.
 * - The contact's country (when valid) is the address region and drives the phone and postal-code
 *   rules. `defaultCountry` only helps place nationally written phone numbers; it never becomes an
 *   address region (as Meta's COUNTRY is never emitted from it), and the postal code of a contact
 *   without a valid country is checked with the generic (non-US) rule.
 * - Other contact fields (city, state, birth date, gender, mobile advertiser id, external id) are not
 *   Customer Match contact identifiers and are ignored.
 * - `matchable`: at least one identifier.
 */
export function buildGoogleMember(
	contact: ContactIdentifiers,
	opts: { defaultCountry?: string },
): GoogleMemberResult {
	const identifiers: GoogleUserIdentifier[] = [];
	const rejections: FieldRejection[] = [];

	/** Hashed or plain wire value of a result, or undefined (with a rejection) when invalid. */
	const take = (
		field: keyof ContactIdentifiers,
		result: Normalized,
		hashed: boolean,
	): string | undefined => {
		if (!result.ok) {
			rejections.push({ field, reason: result.reason, detail: result.detail });
			return undefined;
		}
		return hashed && !result.prehashed ? sha256Hex(result.value) : result.value;
	};

	// Country first: it is the address region and drives the phone and postal-code rules.
	const rawCountry = present(contact.country);
	const regionCode =
		rawCountry === undefined
			? undefined
			: take('country', normalizeGoogleRegionCode(rawCountry), false);

	const email = present(contact.email);
	if (email !== undefined) {
		const emailAddress = take('email', normalizeGoogleEmail(email), true);
		if (emailAddress !== undefined) identifiers.push({ emailAddress });
	}

	const phone = present(contact.phone);
	if (phone !== undefined) {
		const defaultCountry = resolveDefaultCountry(opts.defaultCountry);
		const phoneNumber = take(
			'phone',
			normalizeGooglePhone(phone, { country: regionCode, defaultCountry }),
			true,
		);
		if (phoneNumber !== undefined) identifiers.push({ phoneNumber });
	}

	const rawFirstName = present(contact.firstName);
	const givenName =
		rawFirstName === undefined
			? undefined
			: take('firstName', normalizeGoogleName(rawFirstName, 'first_name'), true);
	const rawLastName = present(contact.lastName);
	const familyName =
		rawLastName === undefined
			? undefined
			: take('lastName', normalizeGoogleName(rawLastName, 'last_name'), true);
	const rawZip = present(contact.zip);
	const postalCode =
		rawZip === undefined
			? undefined
			: take('zip', normalizeGooglePostalCode(rawZip, regionCode), false);

	let incompleteAddress: GoogleAddressPart[] | undefined;
	if (
		givenName !== undefined &&
		familyName !== undefined &&
		regionCode !== undefined &&
		postalCode !== undefined
	) {
		identifiers.push({ address: { givenName, familyName, regionCode, postalCode } });
	} else if (
		rawFirstName !== undefined ||
		rawLastName !== undefined ||
		rawCountry !== undefined ||
		rawZip !== undefined
	) {
		incompleteAddress = [];
		if (givenName === undefined) incompleteAddress.push('firstName');
		if (familyName === undefined) incompleteAddress.push('lastName');
		if (regionCode === undefined) incompleteAddress.push('country');
		if (postalCode === undefined) incompleteAddress.push('zip');
	}

	const result: GoogleMemberResult = {
		identifiers: identifiers.slice(0, GOOGLE_MAX_IDENTIFIERS_PER_MEMBER),
		rejections,
		matchable: identifiers.length > 0,
	};
	if (incompleteAddress !== undefined) result.incompleteAddress = incompleteAddress;
	return result;
}

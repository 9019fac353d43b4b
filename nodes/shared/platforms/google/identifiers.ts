import { resolveDefaultCountry } from '../../identifiers/countryIndex';
import { rememberedSha256, sha256Hex } from '../../identifiers/hash';
import { present } from '../../identifiers/text';
import type { ContactIdentifiers, FieldRejection, Normalized } from '../../identifiers/types';
import { normalizeGoogleName } from './names';
import {
	normalizeGoogleEmail,
	normalizeGooglePhone,
	normalizeGooglePostalCode,
	normalizeGoogleRegionCode,
} from './normalize';

/** Google Data Manager AddressInfo as sent: names SHA-256 lowercase hex, region and postal code plain. */
export interface GoogleAddress {
	givenName: string;
	familyName: string;
	regionCode: string;
	postalCode: string;
}

/** One Data Manager UserIdentifier (a oneof: exactly one key). */
export type GoogleUserIdentifier =
	/** SHA-256 lowercase hex of the normalized address. */
	| { emailAddress: string }
	/** SHA-256 lowercase hex of the E.164 string, '+' included. */
	| { phoneNumber: string }
	| { address: GoogleAddress };

/** The four parts of a Google address identifier, as named in ContactIdentifiers terms. */
export type GoogleAddressPart = 'firstName' | 'lastName' | 'country' | 'zip';

export interface GoogleMemberResult {
	/** At most 10 (Google's per-member limit), in the order emailAddress, phoneNumber, address. */
	identifiers: GoogleUserIdentifier[];
	/** Fields that were present but invalid (the member may still be usable). */
	rejections: FieldRejection[];
	/** True when there is at least one identifier. */
	matchable: boolean;
	/**
	 * Address parts given but not all four usable: which of the four were missing or invalid (for
	 * a per-contact warning); undefined when no part was given or the address was sent.
	 */
	incompleteAddress?: GoogleAddressPart[];
}

/** Data Manager limit: at most 10 userIdentifiers per AudienceMember. */
export const GOOGLE_MAX_IDENTIFIERS_PER_MEMBER = 10;

/** Names repeat across a list: each is hashed once. */
const givenNameHash = rememberedSha256();
const familyNameHash = rememberedSha256();

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
		hash: ((value: string) => string) | undefined,
	): string | undefined => {
		if (!result.ok) {
			rejections.push({ field, reason: result.reason, detail: result.detail });
			return undefined;
		}
		return hash && !result.prehashed ? hash(result.value) : result.value;
	};

	// Country first: it is the address region and drives the phone and postal-code rules.
	const rawCountry = present(contact.country);
	const regionCode =
		rawCountry === undefined
			? undefined
			: take('country', normalizeGoogleRegionCode(rawCountry), undefined);

	const email = present(contact.email);
	if (email !== undefined) {
		const emailAddress = take('email', normalizeGoogleEmail(email), sha256Hex);
		if (emailAddress !== undefined) identifiers.push({ emailAddress });
	}

	const phone = present(contact.phone);
	if (phone !== undefined) {
		const defaultCountry = resolveDefaultCountry(opts.defaultCountry);
		const phoneNumber = take(
			'phone',
			normalizeGooglePhone(phone, { country: regionCode, defaultCountry }),
			sha256Hex,
		);
		if (phoneNumber !== undefined) identifiers.push({ phoneNumber });
	}

	const rawFirstName = present(contact.firstName);
	const givenName =
		rawFirstName === undefined
			? undefined
			: take('firstName', normalizeGoogleName(rawFirstName, 'first_name'), givenNameHash);
	const rawLastName = present(contact.lastName);
	const familyName =
		rawLastName === undefined
			? undefined
			: take('lastName', normalizeGoogleName(rawLastName, 'last_name'), familyNameHash);
	const rawZip = present(contact.zip);
	const postalCode =
		rawZip === undefined
			? undefined
			: take('zip', normalizeGooglePostalCode(rawZip, regionCode), undefined);

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

/** Why a present identifier value could not be used. */
export type RejectionReason =
	| 'invalid_email'
	| 'invalid_phone'
	| 'invalid_first_name'
	| 'invalid_last_name'
	| 'invalid_first_initial'
	| 'invalid_city'
	| 'invalid_state'
	| 'invalid_zip'
	| 'invalid_country'
	| 'invalid_birth_year'
	| 'invalid_birth_month'
	| 'invalid_birth_day'
	| 'invalid_date_of_birth'
	| 'invalid_gender'
	| 'invalid_mobile_advertiser_id'
	| 'invalid_external_id'
	/** Google: name and address parts were given, but not all four that an address needs. */
	| 'incomplete_address';

/**
 * Result of normalizing one identifier value.
 * - ok: `value` is the normalized plain text, or a lowercase 64-hex SHA-256 when `prehashed`.
 * - not ok: `detail` is a short English explanation that never contains the raw value.
 */
export type Normalized =
	| { ok: true; value: string; prehashed: boolean }
	| { ok: false; reason: RejectionReason; detail: string };

export type NormalizedFailure = Extract<Normalized, { ok: false }>;

export function accept(value: string): Normalized {
	return { ok: true, value, prehashed: false };
}

export function reject(reason: RejectionReason, detail: string): NormalizedFailure {
	return { ok: false, reason, detail };
}

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

/** Raw strings as mapped from the user's items; any may be undefined or ''. */
export interface ContactIdentifiers {
	email?: string;
	phone?: string;
	firstName?: string;
	lastName?: string;
	firstInitial?: string;
	city?: string;
	state?: string;
	zip?: string;
	country?: string;
	birthYear?: string;
	birthMonth?: string;
	birthDay?: string;
	dateOfBirth?: string;
	gender?: string;
	mobileAdvertiserId?: string;
	externalId?: string;
}

export interface FieldRejection {
	field: keyof ContactIdentifiers;
	reason: RejectionReason;
	detail: string;
}

export interface MetaRowResult {
	/** Final wire values: SHA-256 lowercase hex for hashed keys; MADID and EXTERN_ID unhashed. */
	values: Partial<Record<MetaSchemaKey, string>>;
	/** Fields that were present but invalid (the row may still be usable). */
	rejections: FieldRejection[];
	/** True when the row carries enough to match someone. */
	matchable: boolean;
}

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

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

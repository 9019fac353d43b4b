/**
 * Platform-neutral identifier rules: hashing, e-mail and phone parsing, countries, US states and
 * name cleaning. Each platform's own rules and its row or member builder live in its folder under
 * shared/platforms (meta/identifiers.ts, google/identifiers.ts).
 */
export type {
	ContactIdentifiers,
	FieldRejection,
	Normalized,
	RejectionReason,
} from './types';
export { isSha256Hex, sha256Hex } from './hash';
export { normalizeEmail } from './email';
export {
	callingCodeOf,
	phoneToInternationalDigits,
	STRICT_PHONE_RULES,
	type PhoneRules,
} from './phone';
export { cleanName } from './names';
export { normalizeCountry } from './location';
export {
	normalizeBirthDay,
	normalizeBirthMonth,
	normalizeBirthYear,
	parseDateOfBirth,
	type ParsedDateOfBirth,
} from './birth';
export { normalizeGender } from './gender';
export { normalizeExternalId, normalizeMobileAdvertiserId } from './mobileAdvertiserId';
export {
	COUNTRIES,
	COUNTRY_BY_ALPHA2,
	lookupCountry,
	resolveDefaultCountry,
	type CountryInfo,
} from './countryIndex';

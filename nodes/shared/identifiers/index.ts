export type {
	ContactIdentifiers,
	FieldRejection,
	GoogleAddress,
	GoogleAddressPart,
	GoogleMemberResult,
	GoogleUserIdentifier,
	MetaRowResult,
	MetaSchemaKey,
	Normalized,
	RejectionReason,
} from './types';
export { isSha256Hex, sha256Hex } from './hash';
export { normalizeEmail, normalizeGoogleEmail } from './email';
export {
	callingCodeOf,
	normalizeGooglePhone,
	normalizePhone,
	phoneToInternationalDigits,
} from './phone';
export {
	cleanName,
	normalizeGoogleName,
	normalizeMetaFirstInitial,
	normalizeMetaName,
} from './names';
export {
	normalizeCountry,
	normalizeGooglePostalCode,
	normalizeGoogleRegionCode,
	normalizeMetaCity,
	normalizeMetaState,
	normalizeMetaZip,
} from './location';
export {
	normalizeBirthDay,
	normalizeBirthMonth,
	normalizeBirthYear,
	parseDateOfBirth,
	type ParsedDateOfBirth,
} from './birth';
export { normalizeGender } from './gender';
export { normalizeExternalId, normalizeMobileAdvertiserId } from './mobileAdvertiserId';
export { COUNTRIES, COUNTRY_BY_ALPHA2, lookupCountry, type CountryInfo } from './countryIndex';
export { buildMetaRow, META_HASHED_KEYS, META_SCHEMA_ORDER } from './meta';
export { buildGoogleMember, GOOGLE_MAX_IDENTIFIERS_PER_MEMBER } from './google';

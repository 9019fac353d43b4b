export type {
	ContactIdentifiers,
	FieldRejection,
	MetaRowResult,
	MetaSchemaKey,
	Normalized,
	RejectionReason,
} from './types';
export { isSha256Hex, sha256Hex } from './hash';
export { normalizeEmail } from './email';
export { callingCodeOf, normalizePhone, phoneToInternationalDigits } from './phone';
export { cleanName, normalizeMetaFirstInitial, normalizeMetaName } from './names';
export {
	normalizeCountry,
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

/**
 * Google-specific normalizers (Data Manager e-mail, phone, region code, postal code); names are in
 * ./names.ts, the shared parsing in shared/identifiers.
 */
import { MAILTO_RE, validateEmailAddress } from '../../identifiers/email';
import { lookupCountry, lookupCountryName } from '../../identifiers/countryIndex';
import { checkDigest } from '../../identifiers/hash';
import { countryCode } from '../../identifiers/location';
import { remembered } from '../../identifiers/text';
import { normalizePhone, STRICT_PHONE_RULES } from '../../identifiers/phone';
import { accept, reject, type Normalized } from '../../identifiers/types';

const WHITESPACE_G = /\s+/gu;
const DOT_G = /\./g;
/** Domains whose local part Google normalizes further (dots and '+suffix' removed). */
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);
const ALNUM_RE = /[\p{L}\p{N}]/u;
const HEX_32_PLUS_RE = /^[0-9a-fA-F]{32,}$/;
const ALPHA2_RE = /^[A-Za-z]{2}$/;
const ALPHA3_RE = /^[A-Za-z]{3}$/;

/**
 * Google (Data Manager) e-mail: white space removed everywhere (leading, trailing and
 * intermediate), lowercase, then the same validity checks as Meta's. For gmail.com and
 * googlemail.com (the domain is kept as written: googlemail.com is not rewritten) the local part
 * loses every '.' and its '+suffix'; other domains keep dots and plus signs.
 * 'cloudy.sanfrancisco+shopping@gmail.com' → 'cloudysanfrancisco@gmail.com',
 * 'user.name+NYC@Example.com' → 'user.name+nyc@example.com'.
 * A 64-hex SHA-256 passes through lowercased; a leading 'mailto:' is dropped.
 */
export function normalizeGoogleEmail(raw: string): Normalized {
	let email = raw.trim();
	const digest = checkDigest(email, 'invalid_email');
	if (digest) return digest;
	if (MAILTO_RE.test(email)) email = email.slice(7);
	email = email.replace(WHITESPACE_G, '');
	if (email === '') return reject('invalid_email', 'empty e-mail address');
	const result = validateEmailAddress(email);
	if (!result.ok) return result;
	const address = result.value;
	const at = address.indexOf('@');
	if (!GMAIL_DOMAINS.has(address.slice(at + 1))) return result;
	const local = address.slice(0, at);
	const plus = local.indexOf('+');
	const stripped = (plus === -1 ? local : local.slice(0, plus)).replace(DOT_G, '');
	if (stripped === '') {
		return reject('invalid_email', 'Gmail local part is empty after removing its dots and +suffix');
	}
	return accept(stripped + address.slice(at));
}

/**
 * Google (Data Manager) phone number: E.164 with the leading '+' ('(800) 555-0100' in US →
 * '+18005550100'; '0044 20 7946 0958' → '+442079460958'), with the same country-code rules as
 * Meta's (see `phoneToInternationalDigits`). The '+' is part of the hashed string. E.164 as
 * written: no country code begins with 0, so '+0…' is invalid (not stripped into another
 * country's code), and a letter makes the number invalid.
 * A 64-hex SHA-256 passes through lowercased.
 */
export function normalizeGooglePhone(
	raw: string,
	opts: { country?: string; defaultCountry?: string },
): Normalized {
	return normalizePhone(raw, opts, STRICT_PHONE_RULES, (digits) => `+${digits}`);
}

const US_POSTAL_RE = /^\d{5}(?:-\d{4})?$/;
const US_POSTAL_NINE_RE = /^(\d{5})(\d{4})$/;
/**
 * Postal codes are written in Latin letters and digits, with spaces or hyphens inside, and none is
 * longer than 11 characters (Iran's '12345-67890'); anything else is refused by Google for the
 * whole request (INVALID_POSTAL_CODE), so it is kept out of the request here.
 */
const POSTAL_RE = /^[A-Z0-9](?:[A-Z0-9 -]*[A-Z0-9])?$/;
const MAX_GOOGLE_POSTAL_LENGTH = 12;
const NOT_HASHED_DETAIL = 'looks hashed; Google takes this field in plain text, never hashed';

/**
 * Google region code (AddressInfo.regionCode): ISO 3166-1 alpha-2, UPPERCASE, never hashed. From
 * an alpha-2 code (any case, 'UK' → 'GB'), an alpha-3 code written as such, or a recognised
 * country name or alias, word for word ('United States', 'U.S.', 'Deutschland'). Anything else
 * (or a hash) → invalid_country: a code is never pieced together from letters scattered through
 * the value ('D.E.', 'U5S', 'F R A N C E').
 */
export const normalizeGoogleRegionCode = remembered(regionCodeOf);

function regionCodeOf(raw: string): Normalized {
	const value = raw.trim();
	if (HEX_32_PLUS_RE.test(value)) return reject('invalid_country', NOT_HASHED_DETAIL);
	if (ALPHA2_RE.test(value)) {
		const country = lookupCountry(value);
		if (country === undefined) return reject('invalid_country', 'not an ISO 3166-1 alpha-2 code');
		return accept(country.alpha2);
	}
	const country =
		(ALPHA3_RE.test(value) ? lookupCountry(value) : undefined) ?? lookupCountryName(value);
	if (country === undefined) {
		return reject(
			'invalid_country',
			'not an ISO 3166-1 alpha-2 code or a recognised country name',
		);
	}
	return accept(country.alpha2);
}

/**
 * Google postal code (AddressInfo.postalCode), never hashed. Trimmed, inner white space collapsed
 * to one space, letters uppercased ('sw1a  1aa' → 'SW1A 1AA').
 * US (`regionCode` 'US', or anything `lookupCountry` accepts): 5 digits, or ZIP+4 written
 * '12345-6789' (kept: Google says the +4 may improve the match rate); 9 digits without the hyphen
 * become '12345-6789'; any other form → invalid_zip.
 * Elsewhere: Latin letters and digits, spaces or hyphens inside, at most 12 characters.
 */
export function normalizeGooglePostalCode(raw: string, regionCode?: string): Normalized {
	const value = raw.trim().replace(WHITESPACE_G, ' ');
	if (value.length >= 32 && HEX_32_PLUS_RE.test(value))
		return reject('invalid_zip', NOT_HASHED_DETAIL);
	if (countryCode(regionCode) === 'us') {
		if (US_POSTAL_RE.test(value)) return accept(value);
		const nine = US_POSTAL_NINE_RE.exec(value);
		if (nine !== null) return accept(`${nine[1]}-${nine[2]}`);
		return reject('invalid_zip', 'US ZIP code must be 5 digits, or 5+4 written 12345-6789');
	}
	const postalCode = value.toUpperCase();
	if (!ALNUM_RE.test(postalCode))
		return reject('invalid_zip', 'postal code has no letters or digits');
	if (postalCode.length > MAX_GOOGLE_POSTAL_LENGTH)
		return reject('invalid_zip', `postal code longer than ${MAX_GOOGLE_POSTAL_LENGTH} characters`);
	if (!POSTAL_RE.test(postalCode))
		return reject('invalid_zip', 'postal code holds characters other than Latin letters, digits, spaces and hyphens');
	return accept(postalCode);
}

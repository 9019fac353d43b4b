import { lookupCountry } from './countryIndex';
import { checkDigest } from './hash';
import { foldToAsciiLetters, placeNameKey } from './text';
import { accept, reject, type Normalized } from './types';
import { US_STATE_ROWS } from './usStates';

const US_STATE_CODES: ReadonlySet<string> = new Set(
	US_STATE_ROWS.map((row) => row[0].toLowerCase()),
);
const US_STATE_BY_NAME_KEY: ReadonlyMap<string, string> = (() => {
	const map = new Map<string, string>();
	for (const [code, ...names] of US_STATE_ROWS) {
		for (const name of names) map.set(placeNameKey(name), code.toLowerCase());
	}
	return map;
})();

const WHITESPACE_G = /\s+/gu;
const ALNUM_RE = /[\p{L}\p{N}]/u;
const US_ZIP_RE = /^(\d{5})(?:-?\d{4})?$/;
const TWO_LETTERS_RE = /^[A-Za-z]{2}$/;
const HEX_32_PLUS_RE = /^[0-9a-fA-F]{32,}$/;

/** Resolves a country hint (alpha-2 in any case, or anything `lookupCountry` accepts) to lowercase alpha-2. */
function countryCode(country: string | undefined): string | undefined {
	if (country === undefined) return undefined;
	if (TWO_LETTERS_RE.test(country)) return country.toLowerCase();
	return lookupCountry(country)?.alpha2.toLowerCase();
}

/** Meta CT: lowercase a–z only, accents stripped: 'São Paulo' → 'saopaulo', 'New York' → 'newyork'. */
export function normalizeMetaCity(raw: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_city');
	if (digest) return digest;
	const city = foldToAsciiLetters(value);
	if (city === '') return reject('invalid_city', 'no Latin letters left after normalization');
	return accept(city);
}

/**
 * Meta ST. US (country 'us'): the two-letter code, lowercase, from a code or a full state /
 * territory name ('New York', 'newyork', 'N.Y.', 'NY' → 'ny'); unknown → invalid_state.
 * Elsewhere: lowercase a–z only, accents stripped.
 * `country` is the effective country (contact's, else the default), ISO alpha-2 in any case.
 */
export function normalizeMetaState(raw: string, country?: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_state');
	if (digest) return digest;
	if (countryCode(country) === 'us') {
		const key = placeNameKey(value);
		if (key.length === 2 && US_STATE_CODES.has(key)) return accept(key);
		const code = US_STATE_BY_NAME_KEY.get(key);
		if (code === undefined)
			return reject('invalid_state', 'not a US state, territory or its two-letter code');
		return accept(code);
	}
	const state = foldToAsciiLetters(value);
	if (state === '') return reject('invalid_state', 'no Latin letters left after normalization');
	return accept(state);
}

/**
 * Meta ZIP: lowercase, no white space. US: the first 5 digits ('94107-1234' → '94107'); a US ZIP that
 * is not 5 digits (optionally followed by 4 more, with or without '-') is rejected. Elsewhere the
 * whole postcode is kept ('SW1A 1AA' → 'sw1a1aa').
 */
export function normalizeMetaZip(raw: string, country?: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_zip');
	if (digest) return digest;
	const zip = value.replace(WHITESPACE_G, '').toLowerCase();
	if (countryCode(country) === 'us') {
		const match = US_ZIP_RE.exec(zip);
		if (match === null)
			return reject('invalid_zip', 'US ZIP code must be 5 digits, optionally followed by 4 more');
		return accept(match[1]);
	}
	if (!ALNUM_RE.test(zip)) return reject('invalid_zip', 'postal code has no letters or digits');
	return accept(zip);
}

/**
 * COUNTRY: ISO 3166-1 alpha-2, lowercase (Meta; Google callers uppercase it), from an alpha-2 code
 * (any case, 'UK' → gb), an alpha-3 code or an English name / common alias. A name is never
 * hashed as is: unknown → invalid_country.
 */
export function normalizeCountry(raw: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_country');
	if (digest) return digest;
	const country = lookupCountry(value);
	if (country === undefined) {
		return reject('invalid_country', 'not an ISO 3166-1 country code or a known country name');
	}
	return accept(country.alpha2.toLowerCase());
}

const US_POSTAL_RE = /^\d{5}(?:-\d{4})?$/;
const US_POSTAL_NINE_RE = /^(\d{5})(\d{4})$/;
const MAX_GOOGLE_POSTAL_LENGTH = 20;
const NOT_HASHED_DETAIL = 'looks hashed; Google takes this field in plain text, never hashed';

/**
 * Google region code (AddressInfo.regionCode): ISO 3166-1 alpha-2, UPPERCASE, never hashed, from
 * an alpha-2 code (any case, 'UK' → 'GB'), an alpha-3 code or an English name / common alias.
 * Unknown (or a hash) → invalid_country.
 */
export function normalizeGoogleRegionCode(raw: string): Normalized {
	const value = raw.trim();
	const country = lookupCountry(value);
	if (country === undefined) {
		if (HEX_32_PLUS_RE.test(value)) return reject('invalid_country', NOT_HASHED_DETAIL);
		return reject('invalid_country', 'not an ISO 3166-1 country code or a known country name');
	}
	return accept(country.alpha2);
}

/**
 * Google postal code (AddressInfo.postalCode), never hashed. Trimmed, inner white space collapsed
 * to one space, letters uppercased ('sw1a  1aa' → 'SW1A 1AA').
 * US (`regionCode` 'US', or anything `lookupCountry` accepts): 5 digits, or ZIP+4 written
 * '12345-6789' (kept: Google says the +4 may improve the match rate); 9 digits without the hyphen
 * become '12345-6789'; any other form → invalid_zip.
 * Elsewhere: invalid when longer than 20 characters or without any letter or digit.
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
		return reject('invalid_zip', 'postal code longer than 20 characters');
	return accept(postalCode);
}

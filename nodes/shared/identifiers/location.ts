import { lookupCountry } from './countryIndex';
import { checkDigest } from './hash';
import { placeNameKey, remembered } from './text';
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

const TWO_LETTERS_RE = /^[A-Za-z]{2}$/;

/** Resolves a country hint (alpha-2 in any case, or anything `lookupCountry` accepts) to lowercase alpha-2. */
export function countryCode(country: string | undefined): string | undefined {
	if (country === undefined) return undefined;
	if (TWO_LETTERS_RE.test(country)) return country.toLowerCase();
	return lookupCountry(country)?.alpha2.toLowerCase();
}

/**
 * The lowercase two-letter code of a US state or territory, from its code or its full name
 * ('New York', 'newyork', 'N.Y.', 'NY' → 'ny'); undefined when it is neither.
 */
export function usStateCode(value: string): string | undefined {
	const key = placeNameKey(value);
	if (key.length === 2 && US_STATE_CODES.has(key)) return key;
	return US_STATE_BY_NAME_KEY.get(key);
}

/**
 * Territories and freely associated states: each has its own ISO 3166-1 code, so its name does
 * not make an address American.
 */
const OWN_COUNTRY_CODES: ReadonlySet<string> = new Set([
	'as',
	'gu',
	'mp',
	'pr',
	'vi',
	'um',
	'fm',
	'mh',
	'pw',
]);

/**
 * The code of a value written as the full name of a US state, DC or an Armed Forces "state"
 * ('California' → 'ca'): names that can only be American. Two-letter codes ('CA' may be Canada)
 * and territories' names are not.
 */
export function americanStateName(value: string): string | undefined {
	const code = US_STATE_BY_NAME_KEY.get(placeNameKey(value));
	return code === undefined || OWN_COUNTRY_CODES.has(code) ? undefined : code;
}

/** A US ZIP+4 ('12345-6789'; white space ignored): a form only American postal codes take. */
export const US_ZIP_PLUS_FOUR_RE = /^\d{5}-\d{4}$/;

/**
 * COUNTRY: ISO 3166-1 alpha-2, lowercase, from an alpha-2 code (any case, 'UK' → gb), an alpha-3
 * code or an English name / common alias. A name is never hashed as is: unknown →
 * invalid_country. (Google's region code has its own rule, in platforms/google/normalize.ts.)
 */
export const normalizeCountry = remembered(countryOf);

function countryOf(raw: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_country');
	if (digest) return digest;
	const country = lookupCountry(value);
	if (country === undefined) {
		return reject('invalid_country', 'not an ISO 3166-1 country code or a known country name');
	}
	return accept(country.alpha2.toLowerCase());
}

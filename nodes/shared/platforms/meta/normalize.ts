/** Meta-specific normalizers (names, city, state, ZIP); the shared ones live in shared/identifiers. */
import { checkDigest } from '../../identifiers/hash';
import {
	americanStateName,
	countryCode,
	US_ZIP_PLUS_FOUR_RE,
	usStateCode,
} from '../../identifiers/location';
import { cleanName, firstLetter } from '../../identifiers/names';
import { normalizePhone, type PhoneRules } from '../../identifiers/phone';
import { foldToAsciiLetters, remembered } from '../../identifiers/text';
import { accept, reject, type Normalized } from '../../identifiers/types';

const WHITESPACE_G = /\s+/gu;
const ALNUM_RE = /[\p{L}\p{N}]/u;
const US_ZIP_RE = /^(\d{5})(?:-?\d{4})?$/;

/** Meta's guide: "remove symbols, letters, and any leading zeroes". */
const META_PHONE_RULES: PhoneRules = { letters: 'remove', zeroBeforeCountryCode: 'remove' };

/**
 * Meta PHONE: digits only, country code first ('+1 (555) 987-6543' → '15559876543').
 * `country` is the contact's country, `defaultCountry` the one to assume when it has none
 * (ISO alpha-2 in any case; names and alpha-3 also work).
 */
export function normalizeMetaPhone(
	raw: string,
	opts: { country?: string; defaultCountry?: string },
): Normalized {
	return normalizePhone(raw, opts, META_PHONE_RULES, (digits) => digits);
}

/** Meta FN / LN. */
export function normalizeMetaName(raw: string, field: 'first_name' | 'last_name'): Normalized {
	return field === 'first_name' ? firstNames(raw) : lastNames(raw);
}

/** Names repeat across a list (a few thousand first names cover most people): each is worked out once. */
const firstNames = remembered((raw) => metaName(raw, 'first_name'), 8192);
const lastNames = remembered((raw) => metaName(raw, 'last_name'), 8192);

function metaName(raw: string, field: 'first_name' | 'last_name'): Normalized {
	const reason = field === 'first_name' ? 'invalid_first_name' : 'invalid_last_name';
	const value = raw.trim();
	const digest = checkDigest(value, reason);
	if (digest) return digest;
	const cleaned = cleanName(value);
	if (cleaned === '')
		return reject(reason, 'no letters left after removing punctuation, digits and symbols');
	return accept(cleaned);
}

/** Meta FI: the first letter of the given initial (or name), cleaned like a name: 'J.' → 'j'. */
export function normalizeMetaFirstInitial(raw: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_first_initial');
	if (digest) return digest;
	const letter = firstLetter(cleanName(value));
	if (letter === '') return reject('invalid_first_initial', 'no letter in the first initial');
	return accept(letter);
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
 * Whether the US rules apply to a state or ZIP: the contact's country is the US; or it has no
 * (valid) country and the value can only be American or the default country is the US.
 */
function followsUsRules(
	country: string | undefined,
	defaultCountry: string | undefined,
	onlyAmerican: boolean,
): boolean {
	const code = countryCode(country);
	if (code !== undefined) return code === 'us';
	return onlyAmerican || countryCode(defaultCountry) === 'us';
}

/**
 * Meta ST. US: the two-letter code, lowercase, from a code or a full state / territory name
 * ('New York', 'newyork', 'N.Y.', 'NY' → 'ny'); unknown → invalid_state. Elsewhere: lowercase
 * a–z only, accents stripped. `country` is the contact's country, `defaultCountry` the one to
 * assume without it (ISO alpha-2 in any case, or a name). A full US state name ('California')
 * can only be American: without a country of the contact's own it follows the US rule.
 */
export function normalizeMetaState(
	raw: string,
	country?: string,
	defaultCountry?: string,
): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_state');
	if (digest) return digest;
	if (followsUsRules(country, defaultCountry, americanStateName(value) !== undefined)) {
		const code = usStateCode(value);
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
 * whole postcode is kept ('SW1A 1AA' → 'sw1a1aa'). `country` and `defaultCountry` as for ST; a
 * ZIP+4 ('12345-6789') can only be American: without a country of the contact's own it follows
 * the US rule.
 */
export function normalizeMetaZip(raw: string, country?: string, defaultCountry?: string): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_zip');
	if (digest) return digest;
	const zip = value.replace(WHITESPACE_G, '').toLowerCase();
	if (followsUsRules(country, defaultCountry, US_ZIP_PLUS_FOUR_RE.test(zip))) {
		const match = US_ZIP_RE.exec(zip);
		if (match === null)
			return reject('invalid_zip', 'US ZIP code must be 5 digits, optionally followed by 4 more');
		return accept(match[1]);
	}
	if (!ALNUM_RE.test(zip)) return reject('invalid_zip', 'postal code has no letters or digits');
	return accept(zip);
}

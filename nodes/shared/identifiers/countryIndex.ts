import { EXTRA_CALLING_CODES, NON_ZERO_NATIONAL_LENGTHS } from './callingCodes';
import { COUNTRY_ROWS } from './countries';
import { placeNameKey, placeNameWords, present } from './text';

export interface CountryInfo {
	/** ISO 3166-1 alpha-2, uppercase. */
	readonly alpha2: string;
	/** ISO 3166-1 alpha-3, uppercase. */
	readonly alpha3: string;
	/** Country calling code without '+', '' when unknown. */
	readonly callingCode: string;
	/** National significant number lengths (fixed-line and mobile). */
	readonly nsnLengths: readonly number[];
	/** National numbers not starting with 0 (see NON_ZERO_NATIONAL_LENGTHS); same as nsnLengths elsewhere. */
	readonly nonZeroNationalLengths: readonly number[];
	/** National (trunk) prefix, '' when none. */
	readonly trunkPrefix: string;
	/** True when the trunk prefix is '0'. */
	readonly usesTrunkZero: boolean;
	/** International call prefix, as a regular-expression source ('' when unknown). */
	readonly internationalPrefix: string;
	/** National numbers keep their leading 0 after the country code (+39 06...). */
	readonly keepsLeadingZero: boolean;
	readonly name: string;
	readonly aliases: readonly string[];
}

export const COUNTRIES: readonly CountryInfo[] = COUNTRY_ROWS.map(
	([
		alpha2,
		alpha3,
		callingCode,
		nsnLengths,
		trunkPrefix,
		internationalPrefix,
		keepsLeadingZero,
		name,
		aliases,
	]) => ({
		alpha2,
		alpha3,
		callingCode,
		nsnLengths,
		nonZeroNationalLengths: NON_ZERO_NATIONAL_LENGTHS[alpha2] ?? nsnLengths,
		trunkPrefix,
		usesTrunkZero: trunkPrefix === '0',
		internationalPrefix,
		keepsLeadingZero,
		name,
		aliases,
	}),
);

export const COUNTRY_BY_ALPHA2: ReadonlyMap<string, CountryInfo> = new Map(
	COUNTRIES.map((country) => [country.alpha2, country]),
);
const BY_ALPHA3: ReadonlyMap<string, CountryInfo> = new Map(
	COUNTRIES.map((country) => [country.alpha3, country]),
);

/** 'UK' is ISO's exceptionally reserved code for the United Kingdom and in wide use. */
const ALPHA2_ALIASES: ReadonlyMap<string, string> = new Map([['UK', 'GB']]);

const BY_NAME_KEY: ReadonlyMap<string, CountryInfo> = (() => {
	const map = new Map<string, CountryInfo>();
	for (const country of COUNTRIES) {
		for (const name of [country.name, ...country.aliases]) {
			const key = placeNameKey(name);
			if (key !== '' && !map.has(key)) map.set(key, country);
		}
	}
	return map;
})();

const BY_NAME_WORDS: ReadonlyMap<string, CountryInfo> = (() => {
	const map = new Map<string, CountryInfo>();
	for (const country of COUNTRIES) {
		for (const name of [country.name, ...country.aliases]) {
			const key = placeNameWords(name);
			if (key !== '' && !map.has(key)) map.set(key, country);
		}
	}
	return map;
})();

const TWO_LETTERS_RE = /^[A-Za-z]{2}$/;
/** What a written country name is made of: letters, accents, spaces and . ' ’ , & ( ) and dashes. */
const COUNTRY_NAME_TEXT_RE = /^[\p{L}\p{M}\s.'\u2019,&()\-\u2010-\u2015]+$/u;
const THREE_LETTERS_RE = /^[A-Za-z]{3}$/;

function byAlpha2(code: string): CountryInfo | undefined {
	const upper = code.toUpperCase();
	return COUNTRY_BY_ALPHA2.get(ALPHA2_ALIASES.get(upper) ?? upper);
}

/**
 * Country from an alpha-2 code (any case, 'UK' accepted), an alpha-3 code, or an English name /
 * common alias (accents, case, spaces and punctuation ignored: 'U.S.', 'united states', 'Deutschland').
 */
export function lookupCountry(raw: string): CountryInfo | undefined {
	const value = raw.trim();
	if (TWO_LETTERS_RE.test(value)) return byAlpha2(value);
	if (THREE_LETTERS_RE.test(value)) {
		const found = BY_ALPHA3.get(value.toUpperCase());
		if (found) return found;
	}
	const key = placeNameKey(value);
	if (key === '') return undefined;
	const named = BY_NAME_KEY.get(key);
	if (named) return named;
	if (key.length === 2) return byAlpha2(key);
	if (key.length === 3) return BY_ALPHA3.get(key.toUpperCase());
	return undefined;
}

/**
 * Country from its English name or a common alias, word for word (accents, case and punctuation
 * ignored: 'united states', 'U.S.', "Cote d'Ivoire"); never from codes or letters pieced together
 * ('D.E.', 'F R A N C E' → undefined).
 */
export function lookupCountryName(raw: string): CountryInfo | undefined {
	if (!COUNTRY_NAME_TEXT_RE.test(raw)) return undefined;
	const key = placeNameWords(raw);
	return key === '' ? undefined : BY_NAME_WORDS.get(key);
}

/** Every known calling code: those of the countries plus non-geographic ones. */
export const KNOWN_CALLING_CODES: ReadonlySet<string> = new Set([
	...COUNTRIES.map((country) => country.callingCode).filter((code) => code !== ''),
	...EXTRA_CALLING_CODES,
]);

/**
 * The node's Default Country setting as uppercase alpha-2 (anything `lookupCountry` accepts);
 * blank or unknown counts as no default.
 */
export function resolveDefaultCountry(raw: string | undefined): string | undefined {
	const value = present(raw);
	return value === undefined ? undefined : lookupCountry(value)?.alpha2;
}

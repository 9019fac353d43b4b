import { COUNTRIES, KNOWN_CALLING_CODES, lookupCountry } from './countryIndex';
import { checkDigest } from './hash';
import { ASCII_RE } from './text';
import { accept, reject, type Normalized } from './types';

/** Compiled per-country phone plan (built once at module load). */
interface PhonePlan {
	readonly callingCode: string;
	readonly nsnLengths: ReadonlySet<number>;
	readonly nonZeroNationalLengths: ReadonlySet<number>;
	readonly trunkPrefix: string;
	readonly internationalPrefix: RegExp | undefined;
	readonly keepsLeadingZero: boolean;
}

/** What is known about all countries sharing one calling code. */
interface CallingCodeInfo {
	/** Union of the national number lengths of the countries using this code. */
	readonly nsnLengths: ReadonlySet<number>;
	/** Every country with this code uses trunk prefix 0 (so a 0 right after the code is a stray trunk prefix). */
	readonly allTrunkZero: boolean;
}

const PLANS: ReadonlyMap<string, PhonePlan> = new Map(
	COUNTRIES.filter((country) => country.callingCode !== '').map((country) => [
		country.alpha2,
		{
			callingCode: country.callingCode,
			nsnLengths: new Set(country.nsnLengths),
			nonZeroNationalLengths: new Set(country.nonZeroNationalLengths),
			trunkPrefix: country.trunkPrefix,
			internationalPrefix:
				country.internationalPrefix === ''
					? undefined
					: new RegExp(`^(?:${country.internationalPrefix})`),
			keepsLeadingZero: country.keepsLeadingZero,
		},
	]),
);

const CALLING_CODES: ReadonlyMap<string, CallingCodeInfo> = (() => {
	const lengths = new Map<string, Set<number>>();
	const trunkZero = new Map<string, boolean>();
	for (const country of COUNTRIES) {
		const code = country.callingCode;
		if (code === '') continue;
		const set = lengths.get(code) ?? new Set<number>();
		for (const length of country.nsnLengths) set.add(length);
		lengths.set(code, set);
		trunkZero.set(code, (trunkZero.get(code) ?? true) && country.usesTrunkZero);
	}
	const map = new Map<string, CallingCodeInfo>();
	for (const [code, set] of lengths)
		map.set(code, { nsnLengths: set, allTrunkZero: trunkZero.get(code) ?? false });
	return map;
})();

/** Longer input is not a phone number; the cap also bounds the extension regex's work. */
const MAX_INPUT_LENGTH = 100;
const MIN_DIGITS = 8;
const MAX_DIGITS = 15;

const TEL_URI_RE = /^tel:/i;
/** Extension at the end: ' ext 12', 'ext. 12', 'extension 12', 'x12', '#12', ';ext=12', ', ext 12'. */
const EXTENSION_RE = /(?:\s*[,;]?\s*(?:ext(?:ension|n)?|x|#)\s*[.:=]?\s*\d{1,8}|;ext=\d{1,8})\s*$/i;
const LETTER_RE = /\p{L}/u;
const LETTER_G = /\p{L}+\p{M}*/gu;
/** A decimal digit of another script (Arabic-Indic, Devanagari, ...): not silently dropped. */
const NON_ASCII_DIGIT_RE = /(?=\p{Nd})[^0-9]/u;
const NON_DIGIT_G = /\D+/g;
const FIRST_PLUS_OR_DIGIT_RE = /[+\d]/;
const LEADING_ZEROS_RE = /^0+/;
/**
 * Digits, '+' and the usual punctuation only ('+1 (415) 555-0100'): no 'tel:', no extension and no
 * letter can be in it, so those checks are skipped.
 */
const DIGITS_AND_PUNCTUATION_RE = /^[\d +()./-]*$/;

/** Calling code at the start of international digits (ITU codes are prefix-free), or undefined. */
export function callingCodeOf(digits: string): string | undefined {
	for (let length = 1; length <= 3 && length <= digits.length; length++) {
		const prefix = digits.slice(0, length);
		if (KNOWN_CALLING_CODES.has(prefix)) return prefix;
	}
	return undefined;
}

/** International digits whose code is known and whose remainder has a national length of that code. */
function isPlausibleInternational(digits: string): boolean {
	const code = callingCodeOf(digits);
	if (code === undefined) return false;
	const info = CALLING_CODES.get(code);
	return info === undefined || info.nsnLengths.has(digits.length - code.length);
}

function planFor(country: string | undefined): PhonePlan | undefined {
	if (country === undefined || country === '') return undefined;
	const info = lookupCountry(country);
	return info === undefined ? undefined : PLANS.get(info.alpha2);
}

type InternationalDigits = { ok: true; digits: string } | { ok: false; detail: string };

/** Where the platforms' phone rules differ; the rest of the parsing is the same for both. */
export interface PhoneRules {
	/**
	 * Letters left once an extension is dropped: 'remove' (Meta: "remove symbols, letters, and any
	 * leading zeroes"; what remains must still be a plausible international number) or 'invalid'.
	 */
	readonly letters: 'remove' | 'invalid';
	/**
	 * Zeros where the country code of an international number ('+' or an international prefix)
	 * should start: 'remove' (Meta's "any leading zeroes") or 'invalid' (E.164: no country code
	 * begins with 0, so '+0…' is not a number).
	 */
	readonly zeroBeforeCountryCode: 'remove' | 'invalid';
}

/** E.164 as written: letters and a 0 before the country code make the number invalid. */
export const STRICT_PHONE_RULES: PhoneRules = { letters: 'invalid', zeroBeforeCountryCode: 'invalid' };

function fail(detail: string): InternationalDigits {
	return { ok: false, detail };
}

/**
 * Decides whether digits written without '+' are national (then prefixed with the country's code)
 * or already international. Returns undefined when a national number cannot be resolved.
 */
function internationalize(digits: string, plan: PhonePlan | undefined): string | undefined {
	// International call prefix: the country's own (011 in NANP, 0011 in AU, 810 in RU...) or 00.
	// When both readings are possible the plausible one wins, the country's own prefix on a tie.
	const viaOwnPrefix = plan?.internationalPrefix?.exec(digits);
	const viaOwn = viaOwnPrefix ? digits.slice(viaOwnPrefix[0].length) : undefined;
	const viaZeroZero = digits.startsWith('00') ? digits.slice(2) : undefined;
	if (viaOwn !== undefined && viaZeroZero !== undefined && viaOwn !== viaZeroZero) {
		return !isPlausibleInternational(viaOwn) && isPlausibleInternational(viaZeroZero)
			? viaZeroZero
			: viaOwn;
	}
	if (viaOwn !== undefined) return viaOwn;
	if (viaZeroZero !== undefined) return viaZeroZero;

	if (plan === undefined) {
		// No country: a number written nationally with a trunk 0 cannot be placed.
		return digits.startsWith('0') ? undefined : digits;
	}
	const { callingCode, trunkPrefix } = plan;
	if (digits.startsWith('0')) {
		if (plan.keepsLeadingZero) return callingCode + digits; // +39 06 ...
		if (trunkPrefix === '0') return callingCode + digits.slice(1);
	}
	if (trunkPrefix !== '' && trunkPrefix !== '0' && digits.startsWith(trunkPrefix)) {
		// Non-zero trunk prefixes (1 in NANP, 8 in RU, 06 in HU): only with a national length after it.
		const rest = digits.slice(trunkPrefix.length);
		if (plan.nsnLengths.has(rest.length)) return callingCode + rest;
	}
	if (trunkPrefix !== '' && digits.startsWith(callingCode)) {
		// In a country that writes national numbers with a trunk prefix, digits that start with the
		// country's own code followed by a national length are the international form without '+'.
		if (plan.nsnLengths.has(digits.length - callingCode.length)) return digits;
	}
	const nationalLengths = digits.startsWith('0') ? plan.nsnLengths : plan.nonZeroNationalLengths;
	if (nationalLengths.has(digits.length)) return callingCode + digits;
	return digits;
}

/**
 * Phone number → international digits, country code first, no '+', no leading zeros (E.164 without
 * the '+'). Shared by the Meta and Google normalizers, which differ only in `rules`.
 *
 * - Extensions (' ext 12', 'x12', '#12', ';ext=12') are dropped; letters left are removed or make
 *   the number invalid, per `rules.letters`.
 * - Written with '+' or an international prefix ('00', or the country's own, e.g. '011' in NANP):
 *   already international; zeros before the country code are removed or invalid, per
 *   `rules.zeroBeforeCountryCode`. A stray trunk 0 right after the code ('+44 (0)20...') is dropped
 *   for codes whose countries all use trunk prefix 0.
 * - Written nationally, for `country` (else `defaultCountry`): with the trunk prefix ('07700 900123'
 *   in GB), with a kept leading 0 (Italy, San Marino, Vatican: '06 1234 5678' → '39061234...'), or
 *   with exactly a national number length ('555 987 6543' in US): the country's calling code is added.
 * - Otherwise the digits are taken as already international.
 * The result must have 8–15 digits and start with a known calling code.
 */
export function phoneToInternationalDigits(
	raw: string,
	opts: { country?: string; defaultCountry?: string; rules?: PhoneRules } = {},
): InternationalDigits {
	const rules = opts.rules ?? STRICT_PHONE_RULES;
	let text = raw.trim();
	if (text.length > MAX_INPUT_LENGTH) return fail('longer than 100 characters');
	if (!ASCII_RE.test(text)) {
		text = text.normalize('NFKC');
		if (NON_ASCII_DIGIT_RE.test(text)) return fail('contains digits of another script');
	}
	const plain = DIGITS_AND_PUNCTUATION_RE.test(text);
	if (!plain) text = text.replace(TEL_URI_RE, '').replace(EXTENSION_RE, '');
	const hasLetters = !plain && LETTER_RE.test(text);
	if (hasLetters) {
		if (rules.letters === 'invalid') return fail('contains letters');
		text = text.replace(LETTER_G, '');
	}
	const first = FIRST_PLUS_OR_DIGIT_RE.exec(text);
	if (first === null) return fail('no digits');
	const hasPlus = first[0] === '+';
	if (text.indexOf('+', first.index + 1) !== -1) return fail('more than one + sign');
	const digits = text.replace(NON_DIGIT_G, '');
	if (digits === '') return fail('no digits');

	let international: string;
	if (hasPlus) {
		international = digits;
	} else {
		const plan = planFor(opts.country) ?? planFor(opts.defaultCountry);
		const resolved = internationalize(digits, plan);
		if (resolved === undefined)
			return fail('written nationally (leading 0) but no country is known');
		international = resolved;
	}
	if (international.startsWith('0')) {
		if (rules.zeroBeforeCountryCode === 'invalid')
			return fail('a country calling code never begins with 0');
		international = international.replace(LEADING_ZEROS_RE, '');
	}
	const code = callingCodeOf(international);
	if (code === undefined) return fail('does not start with a known country calling code');
	if (CALLING_CODES.get(code)?.allTrunkZero && international.charCodeAt(code.length) === 48) {
		// National numbers of these countries never start with 0: it is a stray trunk prefix.
		international = code + international.slice(code.length).replace(LEADING_ZEROS_RE, '');
	}
	if (international.length < MIN_DIGITS || international.length > MAX_DIGITS) {
		return fail('must have 8 to 15 digits including the country code');
	}
	if (hasLetters && !isPlausibleInternational(international)) {
		// Digits on both sides of removed letters may not belong together.
		return fail('not a plausible international number once its letters are removed');
	}
	return { ok: true, digits: international };
}

/**
 * A phone identifier by a platform's rules: a 64-hex SHA-256 passes through lowercased; otherwise
 * the international digits (see `phoneToInternationalDigits`), written as the platform wants them.
 */
export function normalizePhone(
	raw: string,
	opts: { country?: string; defaultCountry?: string },
	rules: PhoneRules,
	write: (digits: string) => string,
): Normalized {
	const value = raw.trim();
	const digest = checkDigest(value, 'invalid_phone');
	if (digest) return digest;
	const result = phoneToInternationalDigits(value, { ...opts, rules });
	if (!result.ok) return reject('invalid_phone', result.detail);
	return accept(write(result.digits));
}

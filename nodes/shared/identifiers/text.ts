/** Shared text helpers. All regexes and tables are built once, at module load. */

/** Only printable ASCII (space to '~'): such text needs no Unicode normalization. */
export const ASCII_RE = /^[ -~]*$/;
/** Contains a non-whitespace character. */
export const NON_BLANK_RE = /\S/;
const MARKS_G = /\p{M}+/gu;
const NON_AZ_G = /[^a-z]+/g;
const SPECIAL_LATIN_G = /[ßæøœłđðþıħŧŋĸſ]/g;
const SPECIAL_LATIN: Readonly<Record<string, string>> = {
	ß: 'ss',
	æ: 'ae',
	ø: 'o',
	œ: 'oe',
	ł: 'l',
	đ: 'd',
	ð: 'd',
	þ: 'th',
	ı: 'i',
	ħ: 'h',
	ŧ: 't',
	ŋ: 'n',
	ĸ: 'k',
	ſ: 's',
};

function replaceSpecialLatin(char: string): string {
	return SPECIAL_LATIN[char] ?? '';
}

/**
 * Lowercase a–z only: accents stripped (NFD, marks removed), the few Latin letters that do not
 * decompose transliterated (ß→ss, æ→ae, ø→o, ł→l, ...), everything else (spaces, punctuation,
 * digits, other scripts) removed.
 */
export function foldToAsciiLetters(value: string): string {
	if (ASCII_RE.test(value)) return value.toLowerCase().replace(NON_AZ_G, '');
	return value
		.normalize('NFD')
		.replace(MARKS_G, '')
		.toLowerCase()
		.replace(SPECIAL_LATIN_G, replaceSpecialLatin)
		.replace(NON_AZ_G, '');
}

const AMPERSAND_G = /&/g;
const LEADING_THE_RE = /^\s*the\s+/i;

/** Lookup key for place names: '&' read as 'and', a leading 'the' dropped, then folded to a–z. */
export function placeNameKey(value: string): string {
	return foldToAsciiLetters(value.replace(AMPERSAND_G, ' and ').replace(LEADING_THE_RE, ''));
}

const NAME_WORD_BREAK_G = /[\s\-\u2010-\u2015]+/u;

/**
 * Place name as its words, each folded like `placeNameKey` and joined by one space: 'Etats-Unis'
 * → 'etats unis', 'U.S.' → 'us'. Unlike `placeNameKey`, letters written apart stay apart
 * ('F R A N C E' → 'f r a n c e', not 'france').
 */
export function placeNameWords(value: string): string {
	return value
		.replace(AMPERSAND_G, ' and ')
		.replace(LEADING_THE_RE, '')
		.split(NAME_WORD_BREAK_G)
		.map(foldToAsciiLetters)
		.filter((word) => word !== '')
		.join(' ');
}

/** Converts a value that should be a string but may arrive as a number etc. */
export function asText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	return typeof value === 'string' ? value : String(value);
}

/**
 * True when `text` has nothing but white space (as `trim` sees it). Most values start with a
 * printable ASCII character, which answers at once.
 */
export function isBlank(text: string): boolean {
	if (text.length === 0) return true;
	const first = text.charCodeAt(0);
	if (first > 32 && first < 127) return false;
	return !NON_BLANK_RE.test(text);
}

/** The present (non-blank) value of a field, or undefined. */
export function present(value: unknown): string | undefined {
	if (typeof value === 'string') return isBlank(value) ? undefined : value;
	const text = asText(value);
	return text !== undefined && !isBlank(text) ? text : undefined;
}

/**
 * `normalize` with its result remembered per raw value, for fields a list writes in a few ways
 * only (countries: 'US', ' us ', 'United States'): each way is worked out once. At most `max`
 * values are kept, then all are forgotten. The results are shared: no caller modifies them.
 */
export function remembered<R>(normalize: (raw: string) => R, max = 4096): (raw: string) => R {
	const known = new Map<string, R>();
	return (raw) => {
		let result = known.get(raw);
		if (result === undefined) {
			result = normalize(raw);
			if (known.size >= max) known.clear();
			known.set(raw, result);
		}
		return result;
	};
}

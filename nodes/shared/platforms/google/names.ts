/** Google (Data Manager) given and family names: honorific prefixes and suffixes removed. */
import { checkDigest } from '../../identifiers/hash';
import { ASCII_RE, remembered } from '../../identifiers/text';
import { accept, reject, type Normalized } from '../../identifiers/types';

/** Honorific prefixes Google wants removed (compared without dots or hyphens, lowercase). */
const GOOGLE_NAME_PREFIXES: ReadonlySet<string> = new Set([
	'mr',
	'mrs',
	'ms',
	'miss',
	'mx',
	'mstr',
	'dr',
	'prof',
	'sir',
	'dame',
	'rev',
	'mme',
	'mlle',
	'sr', // Spanish 'Señor' before a name
	'sra',
	'srta',
]);
/** Generational and professional suffixes Google wants removed. */
const GOOGLE_NAME_SUFFIXES: ReadonlySet<string> = new Set([
	'jr',
	'jnr',
	'sr',
	'snr',
	'2nd',
	'3rd',
	'4th',
	'ii',
	'iii',
	'iv',
	'v',
	'vi',
	'vii',
	'viii',
	'cpa',
	'dc',
	'dds',
	'dmd',
	'dvm',
	'vm',
	'jd',
	'md',
	'phd',
	'esq',
]);
/** Word separators in a name: white space (any Unicode space), commas and semicolons. */
const NAME_WORD_SEPARATOR_RE = /[\s,;]+/u;
/** Dash variants read as a plain hyphen: ‐ ‑ ‒ – — − ﹣ －. */
const DASHES_G = /[\u2010-\u2014\u2212\ufe63\uff0d]/g;
/**
 * Anything but letters, combining marks, digits and '-', with the marks left dangling after it,
 * and marks at the start of the word. Digits stay until suffixes such as '2nd' are recognized.
 */
const NAME_WORD_JUNK_G = /[^\p{L}\p{M}\p{N}-]+\p{M}*|^\p{M}+/gu;
const DIGITS_G = /\p{N}+\p{M}*/gu;
const HYPHEN_RUN_G = /-{2,}/g;
const EDGE_HYPHENS_G = /^-+|-+$/g;
const LEADING_MARKS_RE = /^\p{M}+/u;
const HYPHEN_G = /-/g;
/** The common case: plain Latin letters in words one space apart ('Mary Ann'). */
const PLAIN_WORDS_RE = /^[A-Za-z]+(?: [A-Za-z]+)*$/;

interface NameWord {
	/** Final form: letters, combining marks and inner hyphens. */
	readonly text: string;
	/** Forms compared with the honorific lists (with and without digits, no hyphens). */
	readonly keys: readonly [string, string];
}

function nameWord(raw: string): NameWord | undefined {
	const kept = raw.replace(NAME_WORD_JUNK_G, '');
	const text = kept
		.replace(DIGITS_G, '')
		.replace(HYPHEN_RUN_G, '-')
		.replace(EDGE_HYPHENS_G, '')
		.replace(LEADING_MARKS_RE, '');
	if (text === '') return undefined;
	return { text, keys: [kept.replace(HYPHEN_G, ''), text.replace(HYPHEN_G, '')] };
}

function isIn(set: ReadonlySet<string>, word: NameWord): boolean {
	return set.has(word.keys[0]) || set.has(word.keys[1]);
}

/**
 * Google (Data Manager) given / family name, before hashing:
 * - NFC, lowercase, trimmed; letters of any script and accents (combining marks) kept;
 * - words are separated by white space, commas and semicolons, and re-joined by one space
 *   ('Mary  Ann' → 'mary ann');
 * - honorific prefixes at the start (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Sir, ... with or without a
 *   dot) are removed from both names; generational and professional suffixes at the end (Jr, Sr,
 *   2nd, 3rd, II, III, IV, V, VI, CPA, DDS, MD, PhD, Esq, ...) from the family name only, as
 *   Google's "Format user data" page (suffixes under the last name) and its reference formatter
 *   do; on a given name they would cut real names such as the Vietnamese 'Thi Vi'. Removal is
 *   repeated ('Quinn, Jr., DDS' → 'quinn') and by whole words only ('Mrozek' stays). A name that
 *   is nothing but honorifics ('Mr.', and as a family name 'Jr.', 'DDS') is invalid, as Google's
 *   formatter treats it ("consists solely of a prefix"), not hashed as a name;
 * - hyphens inside a word are kept ('Quinn-Alex' → 'quinn-alex'), dash variants read as '-',
 *   runs of hyphens collapsed, hyphens at a word's edge dropped;
 * - every other character (punctuation, digits, symbols, emoji, invisible format characters) is
 *   removed in place: "O'Brien" → 'obrien'. Google's AddressInfo says "no punctuation"; its
 *   reference formatter keeps punctuation but the precisions only protect inner hyphens.
 * Empty after cleaning → invalid_first_name / invalid_last_name. A 64-hex SHA-256 passes through
 * lowercased.
 */
export function normalizeGoogleName(raw: string, field: 'first_name' | 'last_name'): Normalized {
	return field === 'first_name' ? firstNames(raw) : lastNames(raw);
}

/** Names repeat across a list (a few thousand first names cover most people): each is worked out once. */
const firstNames = remembered((raw) => googleName(raw, 'first_name'), 8192);
const lastNames = remembered((raw) => googleName(raw, 'last_name'), 8192);

function googleName(raw: string, field: 'first_name' | 'last_name'): Normalized {
	const reason = field === 'first_name' ? 'invalid_first_name' : 'invalid_last_name';
	const value = raw.trim();
	const digest = checkDigest(value, reason);
	if (digest) return digest;
	const plain = PLAIN_WORDS_RE.test(value);
	const ascii = plain || ASCII_RE.test(value);
	let text = value.toLowerCase();
	if (!ascii) text = text.normalize('NFC').replace(DASHES_G, '-');
	// Plain words have nothing to clean: each is its own text and key.
	const words: NameWord[] = [];
	for (const part of text.split(plain ? ' ' : NAME_WORD_SEPARATOR_RE)) {
		const word = plain ? { text: part, keys: [part, part] as const } : nameWord(part);
		if (word !== undefined) words.push(word);
	}
	if (words.length === 0)
		return reject(reason, 'no letters left after removing punctuation, digits and symbols');
	let start = 0;
	let end = words.length;
	while (start < end && isIn(GOOGLE_NAME_PREFIXES, words[start])) start++;
	if (field === 'last_name') {
		while (end > start && isIn(GOOGLE_NAME_SUFFIXES, words[end - 1])) end--;
	}
	if (start === end) {
		return reject(
			reason,
			field === 'first_name'
				? 'nothing but an honorific prefix (such as Mr. or Dr.), no name'
				: 'nothing but an honorific prefix or suffix (such as Mr., Jr. or DDS), no name',
		);
	}
	let name = words
		.slice(start, end)
		.map((word) => word.text)
		.join(' ');
	if (!ascii) name = name.normalize('NFC');
	return accept(name);
}

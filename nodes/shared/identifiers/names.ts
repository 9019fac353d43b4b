import { checkDigest } from './hash';
import { ASCII_RE } from './text';
import { accept, reject, type Normalized } from './types';

const NON_AZ_G = /[^a-z]+/g;
/**
 * Anything that is not a letter (any script) or a combining mark (punctuation, digits, spaces,
 * symbols, emoji), together with marks left dangling after it (e.g. an emoji's variation selector),
 * and marks at the very start.
 */
const NON_LETTER_G = /[^\p{L}\p{M}]+\p{M}*|^\p{M}+/gu;
/** First letter with the combining marks that belong to it. */
const FIRST_LETTER_RE = /^\p{L}\p{M}*/u;

/**
 * Name cleaning shared by FN, LN and FI: NFC, lowercase, keep letters of any script and combining
 * marks (UTF-8), drop punctuation, digits, white space and symbols.
 * 'Valéry' → 'valéry', "O'Brien" → 'obrien', 'Mary-Jane' → 'maryjane', '정' → '정'.
 */
export function cleanName(value: string): string {
	if (ASCII_RE.test(value)) return value.toLowerCase().replace(NON_AZ_G, '');
	return value.normalize('NFC').toLowerCase().replace(NON_LETTER_G, '').normalize('NFC');
}

/** First letter (with its combining marks) of an already cleaned name; '' when none. */
export function firstLetter(cleaned: string): string {
	const match = FIRST_LETTER_RE.exec(cleaned);
	return match === null ? '' : match[0];
}

/** Meta FN / LN. */
export function normalizeMetaName(raw: string, field: 'first_name' | 'last_name'): Normalized {
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

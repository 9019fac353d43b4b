import { ASCII_RE } from './text';

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
 * Name cleaning shared by Meta's FN, LN and FI: NFC, lowercase, keep letters of any script and combining
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

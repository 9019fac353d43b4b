import { checkDigest } from './hash';
import { accept, reject, type Normalized } from './types';

/** A leading 'mailto:' (any case), dropped by both platforms' normalizers. */
export const MAILTO_RE = /^mailto:/i;
const WHITESPACE_RE = /\s/u;
/** Characters that never appear unquoted in a real address and signal "Name <a@b>" or lists. */
const LOCAL_FORBIDDEN_RE = /[<>()[\]\\,;:"\p{Cc}]/u;
/**
 * Domain: dot-separated labels of letters (any script, for IDN), digits and inner hyphens,
 * each 1–63 long; a TLD of 2+ letters or an A-label (xn--...).
 */
const DOMAIN_RE =
	/^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;
/** The common cases, in ASCII: what they accept the full checks above accept too. */
const PLAIN_LOCAL_RE = /^[a-z0-9._%+-]+$/;
const PLAIN_DOMAIN_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_LOCAL = 64;
const MAX_TOTAL = 254;

/**
 * Meta EMAIL: trim, lowercase, validate a plausible address. Meta keeps dots and '+tags' for every
 * domain (Gmail dot/plus stripping is a Google rule, in platforms/google/normalize.ts).
 * A leading 'mailto:' is dropped.
 */
export function normalizeEmail(raw: string): Normalized {
	let email = raw.trim();
	const digest = checkDigest(email, 'invalid_email');
	if (digest) return digest;
	if (MAILTO_RE.test(email)) email = email.slice(7).trim();
	if (email === '') return reject('invalid_email', 'empty e-mail address');
	if (WHITESPACE_RE.test(email))
		return reject('invalid_email', 'contains white space inside the address');
	return validateEmailAddress(email);
}

/**
 * Checks a trimmed, non-empty address without white space; returns it lowercased. Shared by the
 * Meta and Google e-mail normalizers.
 */
export function validateEmailAddress(raw: string): Normalized {
	const email = raw.toLowerCase();
	const at = email.indexOf('@');
	if (at === -1) return reject('invalid_email', 'no @ sign');
	if (email.indexOf('@', at + 1) !== -1) return reject('invalid_email', 'more than one @ sign');
	if (at === 0) return reject('invalid_email', 'empty local part before the @');
	if (at > MAX_LOCAL) return reject('invalid_email', 'local part longer than 64 characters');
	if (email.length > MAX_TOTAL)
		return reject('invalid_email', 'address longer than 254 characters');
	const local = email.slice(0, at);
	if (!PLAIN_LOCAL_RE.test(local) && LOCAL_FORBIDDEN_RE.test(local)) {
		return reject('invalid_email', 'local part contains characters not allowed in an address');
	}
	const domain = email.slice(at + 1);
	if (!PLAIN_DOMAIN_RE.test(domain) && !DOMAIN_RE.test(domain)) {
		return reject('invalid_email', 'domain is not a valid host name with a dot');
	}
	return accept(email);
}

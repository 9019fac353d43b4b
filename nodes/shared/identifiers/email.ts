import { checkDigest } from './hash';
import { accept, reject, type Normalized } from './types';

const MAILTO_RE = /^mailto:/i;
const WHITESPACE_RE = /\s/u;
const WHITESPACE_G = /\s+/gu;
const DOT_G = /\./g;
/** Domains whose local part Google normalizes further (dots and '+suffix' removed). */
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);
/** Characters that never appear unquoted in a real address and signal "Name <a@b>" or lists. */
const LOCAL_FORBIDDEN_RE = /[<>()[\]\\,;:"\p{Cc}]/u;
/**
 * Domain: dot-separated labels of letters (any script, for IDN), digits and inner hyphens,
 * each 1–63 long; a TLD of 2+ letters or an A-label (xn--...).
 */
const DOMAIN_RE =
	/^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;
const MAX_LOCAL = 64;
const MAX_TOTAL = 254;

/**
 * Meta EMAIL: trim, lowercase, validate a plausible address. Meta keeps dots and '+tags' for every
 * domain (Gmail dot/plus stripping is a Google rule, see `normalizeGoogleEmail`).
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
	return validateAddress(email);
}

/**
 * Google (Data Manager) e-mail: white space removed everywhere (leading, trailing and
 * intermediate), lowercase, then the same validity checks as Meta's. For gmail.com and
 * googlemail.com (the domain is kept as written: googlemail.com is not rewritten) the local part
 * loses every '.' and its '+suffix'; other domains keep dots and plus signs.
 * 'cloudy.sanfrancisco+shopping@gmail.com' → 'cloudysanfrancisco@gmail.com',
 * 'user.name+NYC@Example.com' → 'user.name+nyc@example.com'.
 * A 64-hex SHA-256 passes through lowercased; a leading 'mailto:' is dropped.
 */
export function normalizeGoogleEmail(raw: string): Normalized {
	let email = raw.trim();
	const digest = checkDigest(email, 'invalid_email');
	if (digest) return digest;
	if (MAILTO_RE.test(email)) email = email.slice(7);
	email = email.replace(WHITESPACE_G, '');
	if (email === '') return reject('invalid_email', 'empty e-mail address');
	const result = validateAddress(email);
	if (!result.ok) return result;
	const address = result.value;
	const at = address.indexOf('@');
	if (!GMAIL_DOMAINS.has(address.slice(at + 1))) return result;
	const local = address.slice(0, at);
	const plus = local.indexOf('+');
	const stripped = (plus === -1 ? local : local.slice(0, plus)).replace(DOT_G, '');
	if (stripped === '') {
		return reject('invalid_email', 'Gmail local part is empty after removing its dots and +suffix');
	}
	return accept(stripped + address.slice(at));
}

/** Checks a trimmed, non-empty address without white space; returns it lowercased. */
function validateAddress(raw: string): Normalized {
	const email = raw.toLowerCase();
	const at = email.indexOf('@');
	if (at === -1) return reject('invalid_email', 'no @ sign');
	if (email.indexOf('@', at + 1) !== -1) return reject('invalid_email', 'more than one @ sign');
	if (at === 0) return reject('invalid_email', 'empty local part before the @');
	if (at > MAX_LOCAL) return reject('invalid_email', 'local part longer than 64 characters');
	if (email.length > MAX_TOTAL)
		return reject('invalid_email', 'address longer than 254 characters');
	if (LOCAL_FORBIDDEN_RE.test(email.slice(0, at))) {
		return reject('invalid_email', 'local part contains characters not allowed in an address');
	}
	if (!DOMAIN_RE.test(email.slice(at + 1))) {
		return reject('invalid_email', 'domain is not a valid host name with a dot');
	}
	return accept(email);
}

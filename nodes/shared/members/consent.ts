/**
 * Consent and exclusion, decided per contact before anything is sent.
 *
 * Values that mean "granted": true, 1, and (any case) "true", "yes", "y", "1", "granted",
 * "opt_in", "opt-in", "opted_in", "opted in", "subscribed", "consented", "accepted".
 * Everything else, a missing field included, is not consent.
 */
const GRANTED = new Set([
	'true',
	'yes',
	'y',
	'1',
	'granted',
	'opt_in',
	'opt-in',
	'optin',
	'opted_in',
	'opted in',
	'opted-in',
	'subscribed',
	'consented',
	'accepted',
]);

const DENIED = new Set([
	'false',
	'no',
	'n',
	'0',
	'denied',
	'opt_out',
	'opt-out',
	'optout',
	'opted_out',
	'opted out',
	'opted-out',
	'unsubscribed',
	'withdrawn',
	'revoked',
	'rejected',
]);

export type ConsentState = 'granted' | 'denied' | 'unspecified';

export function consentState(value: unknown): ConsentState {
	if (value === true || value === 1) return 'granted';
	if (value === false || value === 0) return 'denied';
	if (typeof value === 'string') {
		const normalized = value.trim().toLowerCase();
		if (GRANTED.has(normalized)) return 'granted';
		if (DENIED.has(normalized)) return 'denied';
	}
	return 'unspecified';
}

/** Excluded when the field holds a true-like value; absent or false-like means not excluded. */
export function isExcluded(value: unknown): boolean {
	if (value === true || value === 1) return true;
	if (typeof value === 'string') {
		const normalized = value.trim().toLowerCase();
		return ['true', 'yes', 'y', '1', 'excluded', 'suppressed', 'blocked'].includes(normalized);
	}
	return false;
}

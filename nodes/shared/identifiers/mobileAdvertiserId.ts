import { accept, reject, type Normalized } from './types';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_EXTERNAL_ID = 256;
/** An e-mail address, or a phone number written in international form, anywhere in the ID. */
const EMAIL_LIKE_RE = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const PHONE_LIKE_RE = /^\+\d[\d\s().-]{6,}$/;

/**
 * Meta MADID (IDFA / GAID), sent unhashed: trimmed, lowercased, hyphens kept; must be a UUID.
 * The all-zero UUID (what devices report when ad tracking is off) is rejected: it identifies nobody.
 */
export function normalizeMobileAdvertiserId(raw: string): Normalized {
	const value = raw.trim().toLowerCase();
	if (!UUID_RE.test(value)) {
		return reject(
			'invalid_mobile_advertiser_id',
			'must be a UUID (8-4-4-4-12 hexadecimal digits with hyphens)',
		);
	}
	if (value === ZERO_UUID) {
		return reject(
			'invalid_mobile_advertiser_id',
			'all-zero advertising ID (ad tracking disabled on the device)',
		);
	}
	return accept(value);
}

/**
 * Meta EXTERN_ID, sent unhashed and exactly as given (only trimmed): the advertiser's own ID must
 * be sent the same way every time. Non-empty, at most 256 characters. Because it goes unhashed, an
 * ID that is an e-mail address or an international phone number is refused: that would be
 * personal data in clear.
 */
export function normalizeExternalId(raw: string): Normalized {
	const value = raw.trim();
	if (value === '') return reject('invalid_external_id', 'empty external ID');
	if (value.length > MAX_EXTERNAL_ID && codePointLength(value) > MAX_EXTERNAL_ID) {
		return reject('invalid_external_id', 'external ID longer than 256 characters');
	}
	if (EMAIL_LIKE_RE.test(value) || PHONE_LIKE_RE.test(value)) {
		return reject(
			'invalid_external_id',
			'looks like an e-mail address or a phone number; Meta takes the external ID unhashed, so use your own contact ID',
		);
	}
	return accept(value);
}

function codePointLength(value: string): number {
	let count = 0;
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
			const next = value.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) i++;
		}
		count++;
	}
	return count;
}

import * as crypto from 'crypto';

import type { Normalized, NormalizedFailure, RejectionReason } from './types';

const SHA256_HEX_RE = /^[0-9a-fA-F]{64}$/;
const HEX_RE = /^[0-9a-fA-F]+$/;
/** Hex lengths of other common digests: MD5, SHA-1, SHA-224, SHA-384, SHA-512. */
const OTHER_DIGEST_HEX_LENGTHS = new Set([32, 40, 56, 96, 128]);

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex') => string;
/** Node's one-shot crypto.hash (Node >= 21.7) is about 2.4x faster than createHash per value. */
const oneShotHash = (crypto as unknown as { hash?: OneShotHash }).hash;

/** SHA-256 of the UTF-8 bytes of `value`, as lowercase hex. */
export function sha256Hex(value: string): string {
	if (oneShotHash) return oneShotHash('sha256', value, 'hex');
	return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}

/** True when `value` is exactly 64 hex characters (any case). */
export function isSha256Hex(value: string): boolean {
	return SHA256_HEX_RE.test(value);
}

/**
 * For a hashed key: a trimmed value that is already a SHA-256 hex digest is accepted as prehashed
 * (lowercased); a value that looks like another digest (MD5, SHA-1, ...) is rejected, since Meta
 * only takes SHA-256 and normalizing a digest as text would produce garbage. Returns undefined when
 * the value is not a digest at all.
 */
export function checkDigest(trimmed: string, reason: RejectionReason): Normalized | undefined {
	const length = trimmed.length;
	if (length < 32 || !HEX_RE.test(trimmed)) return undefined;
	if (length === 64) return { ok: true, value: trimmed.toLowerCase(), prehashed: true };
	if (OTHER_DIGEST_HEX_LENGTHS.has(length)) return hashRejection(reason);
	return undefined;
}

function hashRejection(reason: RejectionReason): NormalizedFailure {
	return {
		ok: false,
		reason,
		detail:
			'looks like a hash other than SHA-256 (e.g. MD5); only SHA-256 is accepted as already hashed',
	};
}

import * as crypto from 'crypto';

import { remembered } from './text';
import type { Normalized, NormalizedFailure, RejectionReason } from './types';

const SHA256_HEX_RE = /^[0-9a-fA-F]{64}$/;
const HEX_RE = /^[0-9a-fA-F]+$/;
/** Hex lengths of other common digests: MD5, SHA-1, SHA-224, SHA-384, SHA-512. */
const OTHER_DIGEST_HEX_LENGTHS = new Set([32, 40, 56, 96, 128]);

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex' | 'latin1') => string;
/** Node's one-shot crypto.hash (Node >= 21.7) is about 2.4x faster than createHash per value. */
const oneShotHash = (crypto as unknown as { hash?: OneShotHash }).hash;

/** The digest of the UTF-8 bytes of `value`, in one call where Node has it. */
export function digest(algorithm: 'sha256' | 'md5', value: string, encoding: 'hex' | 'latin1'): string {
	if (oneShotHash) return oneShotHash(algorithm, value, encoding);
	return crypto.createHash(algorithm).update(value, 'utf8').digest(encoding === 'latin1' ? 'binary' : encoding);
}

/** SHA-256 of the UTF-8 bytes of `value`, as lowercase hex. */
export function sha256Hex(value: string): string {
	return digest('sha256', value, 'hex');
}

/**
 * SHA-256 hex remembered per value, for fields whose values repeat across a list (countries,
 * initials, names, birth years): each distinct value is hashed once, at most `max` are kept.
 */
export function rememberedSha256(max = 8192): (value: string) => string {
	return remembered(sha256Hex, max);
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

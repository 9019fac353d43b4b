/**
 * Sync state of one audience and its compact text form. It holds no raw personal data: contact
 * keys are keyed hashes (HMAC-SHA256 with the state's own random secret), identities are the
 * hashed wire identifiers the platform got, kept packed (see packIdentity) in memory and in store.
 */
import type { KeyObject } from 'crypto';
import { createHmac, createSecretKey, randomBytes } from 'crypto';

import type { StoredMember } from './diff';

export const SYNC_STATE_VERSION = 1;

export interface SyncState {
	version: number;
	/** The secret of the keyed hashes, base64url. */
	secret: string;
	members: Map<string, StoredMember>;
	/** ISO time of the last run that saved the state. */
	updatedAt: string | null;
	/** Counts the saves: a run that loaded an older generation than the last saved one is stale. */
	generation: number;
}

/** What a store keeps: the state with its members as one string. */
export interface PackedSyncState {
	version: number;
	secret: string;
	updatedAt: string | null;
	generation: number;
	size: number;
	members: string;
}

export function newSyncState(): SyncState {
	return { version: SYNC_STATE_VERSION, secret: randomBytes(32).toString('base64url'), members: new Map(), updatedAt: null, generation: 0 };
}

/** The last state secret as a key object: HMAC with a key object costs a fifth of one with raw bytes. */
let lastKey: { secret: string; key: KeyObject } | undefined;

/** The keyed hash a contact key is stored under: 16 bytes of HMAC-SHA256, base64url. */
export function contactKeyHash(secret: string, key: string): string {
	if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret, 'base64url')) };
	return createHmac('sha256', lastKey.key).update(key, 'utf8').digest().subarray(0, 16).toString('base64url');
}

const DIGEST_HEX = /[0-9a-f]{64}/g;
const PACKED_DIGEST = /~([A-Za-z0-9_-]{43})/g;
const FIELD_SEPARATOR = '\u0001';
/** Marks an identity kept as it is (escaped), when it holds a character the packed form uses. */
const VERBATIM = '!';
const NEEDS_VERBATIM = /[\t\n~|'\\]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n' };
const UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n' };

/**
 * An identity in the state's compact form: each SHA-256 digest as `~` + 43 base64url characters,
 * the platforms' field separator (U+0001) as `|`, double quotes as single ones. The result has no
 * tab or newline and, unless kept verbatim, nothing JSON must escape: a member costs its bytes.
 */
export function packIdentity(identity: string): string {
	return packAscii(identity) ?? packAny(identity);
}

function packAny(identity: string): string {
	if (NEEDS_VERBATIM.test(identity) || identity.startsWith(VERBATIM)) {
		return VERBATIM + identity.replace(/[\\\t\n]/g, (c) => ESCAPES[c]);
	}
	return identity
		.replace(DIGEST_HEX, (hex) => '~' + Buffer.from(hex, 'hex').toString('base64url'))
		.split(FIELD_SEPARATOR)
		.join('|')
		.split('"')
		.join("'");
}

const BASE64URL = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'latin1');
/** Lowercase hex digits' values by character code. */
const HEX_VALUE = new Uint8Array(128);
/** By character code (ASCII): what `packAscii` does with it. */
const KIND = new Uint8Array(128);
const COPY = 0;
const HEX = 1;
/** Characters after which `packAny` decides (verbatim forms). */
const SLOW = 2;
for (let i = 0; i < 16; i++) {
	HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
	KIND['0123456789abcdef'.charCodeAt(i)] = HEX;
}
for (const c of '\t\n~|\'\\') KIND[c.charCodeAt(0)] = SLOW;
KIND[127] = SLOW;
const scratch = Buffer.allocUnsafe(4096);

/**
 * `packAny` for the usual identity, ASCII without the characters the packed form uses, written
 * in one pass into a scratch buffer (a third of the regular expression's time); undefined for any
 * other identity. Each run of 64 hex digits, counted as the expression `[0-9a-f]{64}` finds them
 * (leftmost, one after another), becomes `~` and its 32 bytes' 43 base64url characters: three hex
 * digits (12 bits) make two characters, and the last digit a character of its own.
 */
function packAscii(identity: string): string | undefined {
	const length = identity.length;
	if (length > scratch.length || identity.charCodeAt(0) === 33) return undefined;
	let out = 0;
	let run = 0;
	for (let i = 0; i < length; i++) {
		const code = identity.charCodeAt(i);
		if (code > 127) return undefined;
		const kind = KIND[code];
		if (kind === SLOW) return undefined;
		if (kind === COPY) {
			scratch[out++] = code === 1 ? 124 : code === 34 ? 39 : code; // the field separator as '|', '"' as "'"
			run = 0;
			continue;
		}
		scratch[out++] = code;
		if (++run < 64) continue;
		// The 64 digits just copied are read three at a time and written over from their start.
		let read = out - 64;
		let write = read + 1;
		for (let group = 0; group < 21; group++) {
			const bits = (HEX_VALUE[scratch[read]] << 8) | (HEX_VALUE[scratch[read + 1]] << 4) | HEX_VALUE[scratch[read + 2]];
			if (group === 0) scratch[read] = 126; // '~'
			read += 3;
			scratch[write++] = BASE64URL[bits >> 6];
			scratch[write++] = BASE64URL[bits & 63];
		}
		scratch[write++] = BASE64URL[HEX_VALUE[scratch[read]] << 2];
		out = write;
		run = 0;
	}
	return scratch.toString('latin1', 0, out);
}

export function unpackIdentity(packed: string): string {
	if (packed.startsWith(VERBATIM)) return packed.slice(1).replace(/\\([\\tn])/g, (_, c: string) => UNESCAPES[c]);
	return packed
		.split("'")
		.join('"')
		.split('|')
		.join(FIELD_SEPARATOR)
		.replace(PACKED_DIGEST, (_, b64: string) => Buffer.from(b64, 'base64url').toString('hex'));
}

/**
 * Members as lines of `key SPACE packed identity SPACE sentAt (base 36)`; the key has no space and
 * the time none either, so an identity may hold spaces.
 */
export function packMembers(members: ReadonlyMap<string, StoredMember>): string {
	const lines: string[] = new Array(members.size);
	let i = 0;
	for (const [key, member] of members) lines[i++] = `${key} ${member.identity} ${member.sentAt.toString(36)}`;
	return lines.join('\n');
}

export function unpackMembers(text: string): Map<string, StoredMember> {
	const members = new Map<string, StoredMember>();
	let start = 0;
	while (start < text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		const first = text.indexOf(' ', start);
		const last = text.lastIndexOf(' ', end - 1);
		if (first === -1 || last <= first || last >= end) throw new Error('The sync state is damaged: a member line has no identity');
		members.set(text.slice(start, first), { identity: text.slice(first + 1, last), sentAt: parseInt(text.slice(last + 1, end), 36) });
		start = end + 1;
	}
	return members;
}

export function packState(state: SyncState): PackedSyncState {
	return {
		version: state.version,
		secret: state.secret,
		updatedAt: state.updatedAt,
		generation: state.generation,
		size: state.members.size,
		members: packMembers(state.members),
	};
}

export function unpackState(packed: PackedSyncState): SyncState {
	if (packed.version !== SYNC_STATE_VERSION) {
		throw new Error(`The sync state has version ${packed.version}; this node reads version ${SYNC_STATE_VERSION}`);
	}
	return {
		version: packed.version,
		secret: packed.secret,
		updatedAt: packed.updatedAt,
		generation: packed.generation ?? 0,
		members: unpackMembers(packed.members),
	};
}

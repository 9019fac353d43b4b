/**
 * Sync state of one audience and its compact text form. It holds no raw personal data: contact
 * keys are keyed hashes (HMAC-SHA256 with the state's own random secret), identities are the
 * hashed wire identifiers the platform got, with each SHA-256 digest packed as 43 base64url
 * characters instead of 64 hex ones.
 */
import { createHmac, randomBytes } from 'crypto';

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

/** The keyed hash a contact key is stored under: 16 bytes of HMAC-SHA256, base64url. */
export function contactKeyHash(secret: string, key: string): string {
	return createHmac('sha256', Buffer.from(secret, 'base64url')).update(key, 'utf8').digest().subarray(0, 16).toString('base64url');
}

const DIGEST_HEX = /[0-9a-f]{64}/g;
const PACKED_DIGEST = /~([A-Za-z0-9_-]{43})/g;
/** Marks an identity kept as it is (escaped), when it holds a character the packed form uses. */
const VERBATIM = '!';

/** An identity with its digests packed as `~` + base64url; tabs and newlines never appear in the result. */
export function packIdentity(identity: string): string {
	if (/[\t\n~\\]/.test(identity) || identity.startsWith(VERBATIM)) {
		return VERBATIM + identity.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
	}
	return identity.replace(DIGEST_HEX, (hex) => '~' + Buffer.from(hex, 'hex').toString('base64url'));
}

export function unpackIdentity(packed: string): string {
	if (packed.startsWith(VERBATIM)) {
		return packed.slice(1).replace(/\\(\\|t|n)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : '\\'));
	}
	return packed.replace(PACKED_DIGEST, (_, b64: string) => Buffer.from(b64, 'base64url').toString('hex'));
}

/** Members as lines of `key TAB packed identity TAB sentAt`. */
export function packMembers(members: ReadonlyMap<string, StoredMember>): string {
	const lines: string[] = new Array(members.size);
	let i = 0;
	for (const [key, member] of members) lines[i++] = `${key}\t${packIdentity(member.identity)}\t${member.sentAt}`;
	return lines.join('\n');
}

export function unpackMembers(text: string): Map<string, StoredMember> {
	const members = new Map<string, StoredMember>();
	if (!text) return members;
	let start = 0;
	while (start < text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		const firstTab = text.indexOf('\t', start);
		const secondTab = text.indexOf('\t', firstTab + 1);
		if (firstTab === -1 || secondTab === -1 || secondTab > end) throw new Error('The sync state is damaged: a member line has no identity');
		members.set(text.slice(start, firstTab), {
			identity: unpackIdentity(text.slice(firstTab + 1, secondTab)),
			sentAt: Number(text.slice(secondTab + 1, end)),
		});
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

/**
 * How a sync state is laid out in data-table rows (pure; see dataTableStore.ts for the protocol).
 *
 * The members are split into BUCKETS by the first character of their key (a keyed hash, so the
 * buckets are even). A "base" row holds one bucket in the state's packed line form; a "delta" row
 * holds what one save changed: `key identity sentAt` lines for members set, bare `key` lines for
 * members gone. Reading applies the newest base of each bucket, then the deltas in order; applying a
 * delta twice changes nothing, which is what lets a compaction replace one bucket at a time.
 */
import type { StoredMember } from './diff';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const BUCKETS = BASE64URL.length;
/** Upper bound of a delta row's text: rows stay far below n8n's 16 MB request limit. */
export const DELTA_ROW_CHARS = 1 << 20;

export function bucketOf(key: string): number {
	const index = BASE64URL.indexOf(key.charAt(0));
	return index === -1 ? 0 : index;
}

function memberLine(key: string, member: StoredMember): string {
	return `${key} ${member.identity} ${member.sentAt.toString(36)}`;
}

/** The base text of every bucket (empty string for an empty bucket). */
export function bucketTexts(members: ReadonlyMap<string, StoredMember>): string[] {
	const lines: string[][] = Array.from({ length: BUCKETS }, () => []);
	for (const [key, member] of members) lines[bucketOf(key)].push(memberLine(key, member));
	return lines.map((bucket) => bucket.join('\n'));
}

/** The delta of the keys a save changed, in texts of at most about DELTA_ROW_CHARS each. */
export function deltaTexts(members: ReadonlyMap<string, StoredMember>, changed: Iterable<string>): string[] {
	const texts: string[] = [];
	let lines: string[] = [];
	let chars = 0;
	for (const key of changed) {
		const member = members.get(key);
		const line = member ? memberLine(key, member) : key;
		if (chars + line.length > DELTA_ROW_CHARS && lines.length > 0) {
			texts.push(lines.join('\n'));
			lines = [];
			chars = 0;
		}
		lines.push(line);
		chars += line.length + 1;
	}
	if (lines.length > 0) texts.push(lines.join('\n'));
	return texts;
}

/** Applies a base or delta text to the members: set lines set, bare keys delete. */
export function applyText(members: Map<string, StoredMember>, text: string): void {
	let start = 0;
	while (start < text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		const first = text.indexOf(' ', start);
		if (first === -1 || first >= end) {
			members.delete(text.slice(start, end));
		} else {
			const last = text.lastIndexOf(' ', end - 1);
			if (last <= first) throw new Error('The sync state is damaged: a member line has no time');
			members.set(text.slice(start, first), {
				identity: text.slice(first + 1, last),
				sentAt: parseInt(text.slice(last + 1, end), 36),
			});
		}
		start = end + 1;
	}
}

export interface LaidOutRow {
	kind: string;
	part: number;
	generation: number;
	data: string;
}

/**
 * The members the rows of one state hold: per bucket the base of the highest generation, then
 * every delta by generation (a delta older than a base is harmless to re-apply).
 */
export function membersFromRows(rows: readonly LaidOutRow[]): Map<string, StoredMember> {
	const bases = new Map<number, LaidOutRow>();
	const deltas: LaidOutRow[] = [];
	for (const row of rows) {
		if (row.kind === 'base') {
			const current = bases.get(row.part);
			if (!current || current.generation < row.generation) bases.set(row.part, row);
		} else if (row.kind === 'delta') {
			deltas.push(row);
		}
	}
	const members = new Map<string, StoredMember>();
	for (const base of bases.values()) applyText(members, base.data);
	deltas.sort((a, b) => a.generation - b.generation || a.part - b.part);
	for (const delta of deltas) applyText(members, delta.data);
	return members;
}

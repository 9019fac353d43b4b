import type { IDataObject } from 'n8n-workflow';

import type { SyncState } from './state';

/** The audience a state belongs to. */
export interface SyncAudience {
	platform: string;
	accountId?: string;
	audienceId: string;
	/** What identifies the audience on its platform (the upload target's key): the state's slot. */
	key: string;
}

/** The audience of an upload target. */
export function syncAudience(platform: string, target: { key: string; accountId?: string; audienceId: string }): SyncAudience {
	return { platform, accountId: target.accountId, audienceId: target.audienceId, key: target.key };
}

/** Whether a run's state reached the store, and if not why (said in the node's output). */
export interface SaveReport {
	saved: boolean;
	note?: string;
}

/** What a reset forgot. */
export interface ResetReport extends SaveReport {
	existed: boolean;
	members: number;
}

/**
 * Where Sync remembers what it sent. A store loads whole states and saves them (whole, or by the
 * keys that changed), and guards an audience against two runs at once: `lock` fails clearly when
 * another run holds the audience.
 */
export interface SyncStateStore {
	readonly kind: string;
	/** Where the state lives, for the output ("workflow static data", "data table …"). */
	readonly location: string;
	load(audience: SyncAudience): Promise<SyncState | null>;
	/** Saves the state; `changed` names the keys set or deleted since it was loaded. */
	save(audience: SyncAudience, state: SyncState, changed: ReadonlySet<string>): Promise<SaveReport>;
	/** Forgets the audience's state; `existed` when there was one, `members` it held. */
	reset(audience: SyncAudience): Promise<ResetReport>;
	/** Holds the audience for this run; returns the release. */
	lock(audience: SyncAudience): Promise<() => Promise<void>>;
	/** Figures for the output (size, when saved). */
	describe(state: SyncState | null): IDataObject;
}

/**
 * The slot of an audience's state: its platform and what identifies it there (a Meta audience id
 * alone, whether or not the node names its ad account; a Google list with its account).
 */
export function audienceStateKey(audience: SyncAudience): string {
	return `${audience.platform}:${audience.key}`;
}

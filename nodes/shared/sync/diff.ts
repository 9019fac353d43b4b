/**
 * Sync's diff, pure: what the stored state of an audience and the current segment say must be
 * added, removed, or left alone. Keys are the contacts' keyed hashes; identities are the hashed
 * wire identifiers the platform got (see state.ts).
 */

/** What the state remembers of one member this package added. */
export interface StoredMember {
	identity: string;
	/** Unix seconds of the accepted batch that carried the contact. */
	sentAt: number;
}

/** One contact of the current segment, as the prepare stage left it. */
export type DesiredContact =
	/** Eligible: consented, not excluded, with a usable identifier. */
	| { kind: 'send'; identity: string }
	/** In the segment but no longer to be targeted: consent withdrawn or excluded. */
	| { kind: 'withhold' }
	/** In the segment but without a usable identifier now: what the audience has stays. */
	| { kind: 'keep' };

/** A member to take out of the audience, with the identity that was sent for it. */
export interface Removal {
	key: string;
	identity: string;
	why: 'left_segment' | 'withheld' | 'identifiers_changed';
	/**
	 * False when another member that stays holds the same identity: the state forgets this key,
	 * but nothing goes to the platform, or it would take the other member out too.
	 */
	send: boolean;
}

export interface SyncPlan {
	/** Keys to add, new to the audience or with changed identifiers. */
	add: Array<{ key: string; identity: string; changed: boolean }>;
	remove: Removal[];
	unchanged: string[];
}

/**
 * Compares the segment with the state. New keys are added; keys the state has and the segment
 * lacks (or withholds) are removed with their stored identity; a key whose identity changed is
 * removed and added again. Only keys in the state, members this package added, are ever removed.
 */
export function planSync(
	state: ReadonlyMap<string, StoredMember>,
	desired: ReadonlyMap<string, DesiredContact>,
): SyncPlan {
	const plan: SyncPlan = { add: [], remove: [], unchanged: [] };
	for (const [key, contact] of desired) {
		const stored = state.get(key);
		if (contact.kind === 'send') {
			if (!stored) plan.add.push({ key, identity: contact.identity, changed: false });
			else if (stored.identity === contact.identity) plan.unchanged.push(key);
			else {
				plan.remove.push({ key, identity: stored.identity, why: 'identifiers_changed', send: true });
				plan.add.push({ key, identity: contact.identity, changed: true });
			}
		} else if (contact.kind === 'withhold' && stored) {
			plan.remove.push({ key, identity: stored.identity, why: 'withheld', send: true });
		}
	}
	for (const [key, stored] of state) {
		if (!desired.has(key)) plan.remove.push({ key, identity: stored.identity, why: 'left_segment', send: true });
	}

	// An identity that some member still holds after the run must not be removed from the platform.
	const removedKeys = new Set(plan.remove.map((removal) => removal.key));
	const held = new Set<string>();
	for (const [key, stored] of state) if (!removedKeys.has(key)) held.add(stored.identity);
	for (const addition of plan.add) held.add(addition.identity);
	const removing = new Set<string>();
	for (const removal of plan.remove) {
		if (held.has(removal.identity) || removing.has(removal.identity)) removal.send = false;
		else removing.add(removal.identity);
	}
	return plan;
}

/** Share of the audience's stored members the plan takes out (not counting changed identifiers). */
export function removalShare(plan: SyncPlan, stateSize: number): number {
	if (stateSize === 0) return 0;
	return plan.remove.filter((removal) => removal.why !== 'identifiers_changed').length / stateSize;
}

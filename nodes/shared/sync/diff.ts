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
 * `desiredOf` reads a segment entry's desired contact (the entries themselves by default).
 */
export function planSync<T = DesiredContact>(
	state: ReadonlyMap<string, StoredMember>,
	desired: ReadonlyMap<string, T>,
	desiredOf: (entry: T) => DesiredContact = (entry) => entry as unknown as DesiredContact,
): SyncPlan {
	const plan: SyncPlan = { add: [], remove: [], unchanged: [] };
	for (const [key, entry] of desired) {
		const contact = desiredOf(entry);
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
	if (plan.remove.length > 0) keepHeldIdentities(plan, state);
	return plan;
}

/**
 * An identity that some member still holds after the run must not be removed from the platform:
 * such removals (and all but one removal of one identity) only forget their key.
 */
function keepHeldIdentities(plan: SyncPlan, state: ReadonlyMap<string, StoredMember>): void {
	const removedKeys = new Set(plan.remove.map((removal) => removal.key));
	// Only identities being removed can be held: the state is scanned against those alone.
	const held = new Set<string>();
	const leaving = new Set(plan.remove.map((removal) => removal.identity));
	for (const [key, stored] of state) if (leaving.has(stored.identity) && !removedKeys.has(key)) held.add(stored.identity);
	for (const addition of plan.add) if (leaving.has(addition.identity)) held.add(addition.identity);
	const removing = new Set<string>();
	for (const removal of plan.remove) {
		if (held.has(removal.identity) || removing.has(removal.identity)) removal.send = false;
		else removing.add(removal.identity);
	}
}

/** Share of the audience's stored members the plan takes out (not counting changed identifiers). */
export function removalShare(plan: SyncPlan, stateSize: number): number {
	if (stateSize === 0) return 0;
	return plan.remove.filter((removal) => removal.why !== 'identifiers_changed').length / stateSize;
}

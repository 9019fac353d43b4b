/**
 * The trigger's transition rules: what changed between two statuses of one audience (or two looks
 * at one upload request), as events. Pure; the node only reads statuses and keeps the baseline.
 */
import type { AudienceStatus, UploadOutcome } from '../shared/platforms/types';

export type AudienceEvent =
	| 'statusChanged'
	| 'becameReady'
	| 'becameUndeliverable'
	| 'flagged'
	| 'sizeOrMatchRateMoved'
	| 'replaceFailed'
	| 'aboutToExpire';

export type TriggerEvent = AudienceEvent | 'uploadProcessed';

export interface EventSettings {
	/** The events the user chose; others are never returned. */
	events: readonly TriggerEvent[];
	/** Size: relative change of the approximate size. Match rate: change in percentage points. */
	thresholdPercent: number;
}

/**
 * The minimum reached and the platform says it can serve. Not the lifecycle status: an audience
 * being replaced still serves, and the end of the replace is not a new readiness.
 */
function serving(status: AudienceStatus): boolean {
	return status.deliverable && status.meetsMinimumSize !== false;
}

function tooSmall(status: AudienceStatus): boolean {
	return status.lifecycleStatus === 'too_small' || status.meetsMinimumSize === false;
}

/** The size a change is measured on: the upper bound (Meta rounds the lower one down), else the lower. */
function sizeOf(status: AudienceStatus): number | null {
	return status.size.upperBound ?? status.size.lowerBound;
}

function matchRateOf(status: AudienceStatus): number | null {
	const rate = status.matchRate;
	return rate ? (rate.lowerPercent + rate.upperPercent) / 2 : null;
}

/**
 * Whether the size moved by more than the threshold, relative to the previous size (from 0, any
 * size counts), or the match rate by more than that many percentage points. Unknown values
 * (before the platform counts) never count as a move.
 */
export function movedPastThreshold(previous: AudienceStatus, current: AudienceStatus, thresholdPercent: number): boolean {
	const before = sizeOf(previous);
	const after = sizeOf(current);
	if (before !== null && after !== null && before !== after) {
		if (before === 0 || (Math.abs(after - before) / before) * 100 > thresholdPercent) return true;
	}
	const rateBefore = matchRateOf(previous);
	const rateAfter = matchRateOf(current);
	return rateBefore !== null && rateAfter !== null && Math.abs(rateAfter - rateBefore) > thresholdPercent;
}

/**
 * The status the next size or match-rate move is measured from, after seeing `current`: `current`
 * once the move from `reference` passed the threshold, or when neither value moved (or
 * `reference` did not know it yet); else `reference` stays, so that small moves add up.
 */
export function moveReference(reference: AudienceStatus, current: AudienceStatus, thresholdPercent: number): AudienceStatus {
	if (movedPastThreshold(reference, current, thresholdPercent)) return current;
	const nothingToKeep = (before: number | null, after: number | null) => before === null || before === after;
	return nothingToKeep(sizeOf(reference), sizeOf(current)) && nothingToKeep(matchRateOf(reference), matchRateOf(current))
		? current
		: reference;
}

type Rule = (previous: AudienceStatus, current: AudienceStatus, settings: EventSettings, movedFrom: AudienceStatus) => boolean;

const RULES: Record<AudienceEvent, Rule> = {
	statusChanged: (p, c) => p.lifecycleStatus !== c.lifecycleStatus || p.platformStatus.code !== c.platformStatus.code,
	becameReady: (p, c) => serving(c) && !serving(p),
	becameUndeliverable: (p, c) => (p.deliverable && !c.deliverable) || (!tooSmall(p) && tooSmall(c)),
	flagged: (p, c) => c.lifecycleStatus === 'flagged' && p.lifecycleStatus !== 'flagged',
	sizeOrMatchRateMoved: (_p, c, settings, movedFrom) => movedPastThreshold(movedFrom, c, settings.thresholdPercent),
	replaceFailed: (p, c) => {
		const now = c.replace;
		if (!now || (now.state !== 'failed' && now.state !== 'timed_out')) return false;
		return p.replace?.state !== now.state || p.replace?.sessionId !== now.sessionId;
	},
	aboutToExpire: (p, c) => c.lifecycleStatus === 'expiring' && p.lifecycleStatus !== 'expiring',
};

/**
 * The chosen events that the change from `previous` to `current` makes happen, in a fixed order.
 * A size or match-rate move is measured from `movedFrom` (see moveReference), by default `previous`.
 */
export function audienceEvents(
	previous: AudienceStatus,
	current: AudienceStatus,
	settings: EventSettings,
	movedFrom: AudienceStatus = previous,
): AudienceEvent[] {
	return (Object.keys(RULES) as AudienceEvent[]).filter(
		(event) => settings.events.includes(event) && RULES[event](previous, current, settings, movedFrom),
	);
}

/**
 * An upload request is an event once: the first time it is seen final after the baseline (a
 * request ID given later counts from then on). `previouslyFinished` is undefined for a request
 * not seen before.
 */
export function uploadProcessed(previouslyFinished: boolean | undefined, outcome: UploadOutcome): boolean {
	return previouslyFinished !== true && outcome.finished;
}

import type { AudienceEvent, TriggerEvent } from '../../../nodes/AudienceSyncTrigger/events';
import { audienceEvents, moveReference, movedPastThreshold, uploadProcessed } from '../../../nodes/AudienceSyncTrigger/events';
import type { AudienceStatus, UploadOutcome } from '../../../nodes/shared/platforms/types';

const ALL: TriggerEvent[] = [
	'statusChanged',
	'becameReady',
	'becameUndeliverable',
	'flagged',
	'sizeOrMatchRateMoved',
	'replaceFailed',
	'aboutToExpire',
	'uploadProcessed',
];

function status(overrides: Partial<AudienceStatus> = {}): AudienceStatus {
	return {
		platform: 'meta',
		audienceId: '1',
		name: 'Buyers',
		lifecycleStatus: 'ready',
		platformStatus: { code: 'delivery_status:200', text: 'ready' },
		platformStatusDetails: [],
		size: { lowerBound: 1000, upperBound: 1100 },
		deliverable: true,
		minimumSize: 100,
		meetsMinimumSize: true,
		matchRate: { lowerPercent: 60, upperPercent: 60, source: 'test' },
		lastUpdatedAt: null,
		replace: null,
		raw: {},
		...overrides,
	};
}

const tooSmall = status({
	lifecycleStatus: 'too_small',
	platformStatus: { code: 'delivery_status:300', text: 'too small' },
	size: { lowerBound: 50, upperBound: 55 },
	deliverable: false,
	meetsMinimumSize: false,
});
const empty = status({
	lifecycleStatus: 'empty',
	platformStatus: { code: 'operation_status:410', text: 'no upload' },
	size: { lowerBound: 0, upperBound: 0 },
	deliverable: false,
	meetsMinimumSize: false,
	matchRate: null,
});
const ready = status();
const flagged = status({
	lifecycleStatus: 'flagged',
	platformStatus: { code: 'operation_status:471', text: 'flagged' },
	deliverable: false,
});
const expiring = status({ lifecycleStatus: 'expiring', platformStatus: { code: 'operation_status:100', text: 'expiring' } });
const replacing = status({
	lifecycleStatus: 'updating',
	platformStatus: { code: 'operation_status:414', text: 'replace in progress' },
	replace: { state: 'in_progress', sessionId: '7' },
});
const timedOut = status({ replace: { state: 'timed_out', sessionId: '7' } });
const replaceFailed = status({
	lifecycleStatus: 'error',
	platformStatus: { code: 'operation_status:415', text: 'replace failed' },
	replace: { state: 'failed', sessionId: '7' },
});
const googleClosed = status({
	platform: 'google',
	lifecycleStatus: 'expiring',
	platformStatus: { code: 'membershipStatus:CLOSED', text: 'closed: UNUSED' },
	replace: undefined,
});
const googleOpen = status({ platform: 'google', platformStatus: { code: 'membershipStatus:OPEN', text: 'open' }, replace: undefined });

const settings = { events: ALL, thresholdPercent: 10 };

describe('audienceEvents: previous → current', () => {
	it.each<[string, AudienceStatus, AudienceStatus, AudienceEvent[]]>([
		['no change', ready, ready, []],
		['empty → too small (first members, under the minimum)', empty, tooSmall, ['statusChanged', 'sizeOrMatchRateMoved']],
		['too small → ready', tooSmall, ready, ['statusChanged', 'becameReady', 'sizeOrMatchRateMoved']],
		['empty → ready', empty, ready, ['statusChanged', 'becameReady', 'sizeOrMatchRateMoved']],
		['ready → too small', ready, tooSmall, ['statusChanged', 'becameUndeliverable', 'sizeOrMatchRateMoved']],
		['ready → flagged', ready, flagged, ['statusChanged', 'becameUndeliverable', 'flagged']],
		['flagged → flagged', flagged, flagged, []],
		['ready → expiring (Meta)', ready, expiring, ['statusChanged', 'aboutToExpire']],
		['open → closed as unused (Google)', googleOpen, googleClosed, ['statusChanged', 'aboutToExpire']],
		['ready → replace in progress', ready, replacing, ['statusChanged']],
		['replace in progress → timed out', replacing, timedOut, ['statusChanged', 'replaceFailed']],
		['replace in progress → failed', replacing, replaceFailed, ['statusChanged', 'replaceFailed']],
		['timed out, seen again', timedOut, timedOut, []],
		['timed out → another session timed out', timedOut, status({ replace: { state: 'timed_out', sessionId: '8' } }), ['replaceFailed']],
		['size +10 % exactly (not more)', ready, status({ size: { lowerBound: 1100, upperBound: 1210 } }), []],
		['size +11 %', ready, status({ size: { lowerBound: 1100, upperBound: 1221 } }), ['sizeOrMatchRateMoved']],
		['size −20 %, still ready', ready, status({ size: { lowerBound: 800, upperBound: 880 } }), ['sizeOrMatchRateMoved']],
		['match rate −11 points', ready, status({ matchRate: { lowerPercent: 49, upperPercent: 49, source: 'test' } }), ['sizeOrMatchRateMoved']],
		['match rate −10 points', ready, status({ matchRate: { lowerPercent: 50, upperPercent: 50, source: 'test' } }), []],
		['match rate appears', status({ matchRate: null }), ready, []],
		['size unknown → known', status({ size: { lowerBound: null, upperBound: null } }), ready, []],
	])('%s', (_name, previous, current, expected) => {
		expect(audienceEvents(previous, current, settings)).toEqual(expected);
	});

	it('returns only the chosen events', () => {
		expect(audienceEvents(tooSmall, ready, { events: ['becameReady'], thresholdPercent: 10 })).toEqual(['becameReady']);
		expect(audienceEvents(tooSmall, ready, { events: ['flagged'], thresholdPercent: 10 })).toEqual([]);
	});

	it('measures the size move against the threshold given', () => {
		const bigger = status({ size: { lowerBound: 1200, upperBound: 1320 } });
		expect(movedPastThreshold(ready, bigger, 10)).toBe(true);
		expect(movedPastThreshold(ready, bigger, 25)).toBe(false);
		expect(movedPastThreshold(ready, bigger, 0)).toBe(true);
	});
});

describe('moveReference: where the next size or match-rate move is measured from', () => {
	const sized = (upperBound: number | null, rate: number | null = 60) =>
		status({ size: { lowerBound: upperBound, upperBound }, matchRate: rate === null ? null : { lowerPercent: rate, upperPercent: rate, source: 'test' } });
	const from = sized(1000);
	it.each<[string, AudienceStatus, AudienceStatus, 'reference' | 'current']>([
		['no move at all: the current status', from, sized(1000), 'current'],
		['a move under the threshold: the reference stays', from, sized(1060), 'reference'],
		['a match-rate move under the threshold: the reference stays', from, sized(1000, 65), 'reference'],
		['a move past the threshold: the current status', from, sized(1200), 'current'],
		['size unknown before: measured from the first known one', sized(null, null), sized(1060), 'current'],
		['size unknown now: the reference stays', from, sized(null, 61), 'reference'],
	])('%s', (_name, reference, current, expected) => {
		expect(moveReference(reference, current, 10)).toBe(expected === 'current' ? current : reference);
	});

	it('makes small moves add up, and only the size move is measured from the reference', () => {
		const settings = { events: ALL, thresholdPercent: 10 };
		const last = sized(1060);
		expect(audienceEvents(last, sized(1120), settings, from)).toEqual(['sizeOrMatchRateMoved']);
		expect(audienceEvents(last, sized(1120), settings)).toEqual([]);
		const flaggedNow = { ...flagged, size: last.size };
		expect(audienceEvents(last, flaggedNow, settings, from)).toEqual(['statusChanged', 'becameUndeliverable', 'flagged']);
	});
});

describe('uploadProcessed', () => {
	const outcome = (finished: boolean): UploadOutcome => ({
		requestId: 'r1',
		status: finished ? 'SUCCESS' : 'PROCESSING',
		finished,
		destinations: [],
	});
	it.each<[boolean | undefined, boolean, boolean]>([
		[false, true, true],
		[undefined, true, true],
		[true, true, false],
		[false, false, false],
		[undefined, false, false],
	])('seen finished before: %s, finished now: %s → %s', (before, now, expected) => {
		expect(uploadProcessed(before, outcome(now))).toBe(expected);
	});
});

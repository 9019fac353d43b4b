import { describeGoogleError } from '../../../nodes/shared/platforms/google/errors';
import { removeAsOfTime } from '../../../nodes/shared/platforms/google/ingest';
import { presentRequestStatus } from '../../../nodes/shared/platforms/google/requestStatus';
import { GOOGLE_MIN_AUDIENCE_SIZE, googleAudienceStatus } from '../../../nodes/shared/platforms/google/status';
import { googleAccountDigits } from '../../../nodes/shared/platforms/google/transport';
import { membershipDays, membershipDuration } from '../../../nodes/shared/platforms/google/userLists';

const list = (extra: Record<string, unknown>) => ({
	id: '42',
	displayName: 'CRM',
	membershipStatus: 'OPEN',
	...extra,
});

describe('googleAudienceStatus', () => {
	it.each([
		[{ sizeInfo: { displayNetworkMembersCount: '5000', searchNetworkMembersCount: '4200' }, targetNetworkInfo: { eligibleForDisplay: true, eligibleForSearch: true } }, 'ready', true, true],
		[{ sizeInfo: { displayNetworkMembersCount: '40', searchNetworkMembersCount: '30' }, targetNetworkInfo: { eligibleForDisplay: false, eligibleForSearch: false }, ingestedUserListInfo: { contactIdInfo: { matchRatePercentage: 55 } } }, 'too_small', false, false],
		[{ sizeInfo: { displayNetworkMembersCount: '0' } }, 'empty', false, false],
		[{ membershipStatus: 'CLOSED', closingReason: 'UNUSED' }, 'expiring', false, null],
		[{ membershipStatus: 'CLOSED' }, 'unusable', false, null],
		[{ sizeInfo: { displayNetworkMembersCount: '500' }, targetNetworkInfo: { eligibleForDisplay: false } }, 'processing', false, true],
	])('%j → %s', (extra, lifecycle, deliverable, meets) => {
		const status = googleAudienceStatus(list(extra));
		expect(status.lifecycleStatus).toBe(lifecycle);
		expect(status.deliverable).toBe(deliverable);
		expect(status.meetsMinimumSize).toBe(meets);
	});

	it.each([
		// [largest network count, eligible, minimum setting, lifecycle, meetsMinimumSize]
		['150', false, undefined, 'processing', true],
		['99', false, undefined, 'too_small', false],
		['100', false, undefined, 'processing', true],
		['150', false, 1000, 'too_small', false],
		['150', true, 1000, 'ready', false],
		['1500', true, 1000, 'ready', true],
		['40', false, 10, 'processing', true],
	])('%s members, eligible %p, minimum %p → %s, meets %p', (members, eligible, minimum, lifecycle, meets) => {
		const status = googleAudienceStatus(
			list({
				sizeInfo: { displayNetworkMembersCount: members, searchNetworkMembersCount: '1' },
				targetNetworkInfo: { eligibleForDisplay: eligible, eligibleForSearch: false },
				ingestedUserListInfo: { contactIdInfo: { matchRatePercentage: 50 } },
			}),
			minimum,
		);
		expect(status.lifecycleStatus).toBe(lifecycle);
		expect(status.meetsMinimumSize).toBe(meets);
		expect(status.minimumSize).toBe(minimum ?? GOOGLE_MIN_AUDIENCE_SIZE);
	});

	it('reports members per network, eligibility and the match rate', () => {
		const status = googleAudienceStatus(
			list({
				sizeInfo: { displayNetworkMembersCount: '5000', searchNetworkMembersCount: '4200', youtubeMembersCount: '3900', gmailMembersCount: '3000' },
				targetNetworkInfo: { eligibleForDisplay: true, eligibleForSearch: false },
				ingestedUserListInfo: { contactIdInfo: { matchRatePercentage: 63 } },
			}),
		);
		expect(status.membersByNetwork).toEqual({ display: 5000, search: 4200, youtube: 3900, gmail: 3000 });
		expect(status.eligibility).toEqual({ display: true, search: false });
		expect(status.size).toEqual({ lowerBound: 3000, upperBound: 5000 });
		expect(status.matchRate).toMatchObject({ lowerPercent: 63, upperPercent: 63 });
		expect(status.platformStatus.code).toBe('membershipStatus:OPEN');
		expect(status.platform).toBe('google');
	});
});

describe('presentRequestStatus', () => {
	it('summarizes destinations, errors by reason and the match-rate range', () => {
		const out = presentRequestStatus('req-1', {
			requestStatusPerDestination: [
				{
					destination: { operatingAccount: { accountType: 'GOOGLE_ADS', accountId: '123' }, productDestinationId: '42' },
					requestStatus: 'PARTIAL_SUCCESS',
					errorInfo: {
						errorCounts: [
							{ recordCount: '7', reason: 'PROCESSING_ERROR_REASON_DENIED_CONSENT' },
							{ recordCount: '3', reason: 'PROCESSING_ERROR_REASON_INVALID_FORMAT' },
						],
					},
					audienceMembersIngestionStatus: {
						compositeDataIngestionStatus: { recordCount: '100', uploadMatchRateRange: 'MATCH_RATE_RANGE_61_TO_70' },
					},
				},
			],
		});
		expect(out).toEqual({
			requestId: 'req-1',
			status: 'PARTIAL_SUCCESS',
			finished: true,
			destinations: [
				{
					accountId: '123',
					audienceId: '42',
					operation: 'ingest',
					status: 'PARTIAL_SUCCESS',
					recordCount: 100,
					matchRate: { lowerPercent: 61, upperPercent: 70, range: 'MATCH_RATE_RANGE_61_TO_70' },
					errorCount: 10,
					errorsByReason: { denied_consent: 7, invalid_format: 3 },
					warningsByReason: {},
				},
			],
		});
	});

	it.each([
		[['PROCESSING', 'SUCCESS'], 'PROCESSING', false],
		[['SUCCESS', 'SUCCESS'], 'SUCCESS', true],
		[['FAILED'], 'FAILED', true],
		[['SUCCESS', 'FAILED'], 'PARTIAL_SUCCESS', true],
	])('destinations %j → %s', (states, overall, finished) => {
		const out = presentRequestStatus('r', {
			requestStatusPerDestination: states.map((requestStatus) => ({ requestStatus })),
		});
		expect(out.status).toBe(overall);
		expect(out.finished).toBe(finished);
	});
});

describe('describeGoogleError', () => {
	const withReason = (code: number, status: string, reason: string) => ({
		code,
		status,
		message: 'x',
		details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'datamanager.googleapis.com' }],
	});
	it.each([
		[withReason(429, 'RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED'), 'rate_limited', true],
		[withReason(503, 'UNAVAILABLE', 'INTERNAL_ERROR'), 'platform_unavailable', true],
		[withReason(401, 'UNAUTHENTICATED', 'UNAUTHENTICATED'), 'invalid_credentials', false],
		[withReason(400, 'FAILED_PRECONDITION', 'TERMS_AND_CONDITIONS_NOT_SIGNED'), 'terms_not_accepted', false],
		[withReason(403, 'PERMISSION_DENIED', 'OPERATING_ACCOUNT_LOGIN_ACCOUNT_MISMATCH'), 'login_account_mismatch', false],
		[withReason(403, 'PERMISSION_DENIED', 'NOT_ALLOWLISTED'), 'not_allowlisted', false],
		[withReason(403, 'PERMISSION_DENIED', 'PERMISSION_DENIED'), 'permission_denied', false],
		[withReason(404, 'NOT_FOUND', 'INVALID_USER_LIST_ID'), 'audience_not_found', false],
		[withReason(404, 'NOT_FOUND', 'INVALID_REQUEST_ID'), 'request_not_found', false],
		[withReason(400, 'INVALID_ARGUMENT', 'DISPLAY_NAME_ALREADY_USED'), 'name_in_use', false],
		[withReason(400, 'INVALID_ARGUMENT', 'INVALID_HEX_ENCODING'), 'invalid_parameter', false],
	])('%j → %s', (error, reason, retryable) => {
		const described = describeGoogleError(error, { accountId: '123' });
		expect(described.reason).toBe(reason);
		expect(described.retryable).toBe(retryable);
	});

	it('names the upload request Google does not know, not a user list', () => {
		const described = describeGoogleError({ code: 404, status: 'NOT_FOUND', message: 'Request r-1 was not found' }, { requestId: 'r-1' });
		expect(described).toMatchObject({ message: 'Google has no upload request r-1', reason: 'request_not_found', retryable: false });
		expect(described.description).toContain('requestId of an Audience Member result');
	});

	it('names the offending fields', () => {
		const described = describeGoogleError({
			code: 400,
			status: 'INVALID_ARGUMENT',
			message: 'bad',
			details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'audience_members[3]', description: 'Invalid hex', reason: 'INVALID_HEX_ENCODING' }] }],
		});
		expect(described.description).toContain('audience_members[3]: Invalid hex');
	});
});

describe('small Google helpers', () => {
	it.each([
		['123-456-7890', '1234567890'],
		[' 1234567890 ', '1234567890'],
		['12', undefined],
		['abc', undefined],
	])('account %j → %j', (input, expected) => {
		expect(googleAccountDigits(input)).toBe(expected);
	});

	it.each([
		[540, '46656000s'],
		[1, '86400s'],
		[30, '2592000s'],
	])('%i days ↔ %s', (days, duration) => {
		expect(membershipDuration(days)).toBe(duration);
		expect(membershipDays(duration)).toBe(days);
	});

	it('takes removeAsOfTime from the earlier of the local start and Google’s clock', () => {
		const start = new Date('2026-11-22T10:00:00.000Z');
		// Google's clock 30 s behind: its date at the first response (2 s into the run) is 09:59:32.
		expect(removeAsOfTime(start, 'Sun, 22 Nov 2026 09:59:32 GMT', 2000).toISOString()).toBe('2026-11-22T09:59:29.000Z');
		// Google's clock ahead: the local start is earlier and is kept.
		expect(removeAsOfTime(start, 'Sun, 22 Nov 2026 10:05:00 GMT', 2000).toISOString()).toBe('2026-11-22T10:00:00.000Z');
		expect(removeAsOfTime(start, undefined, 0).toISOString()).toBe('2026-11-22T10:00:00.000Z');
	});
});

import { describeMetaError, regainAccessDelayMs } from '../../../nodes/shared/platforms/meta/errors';

describe('describeMetaError', () => {
	it.each([
		[{ code: 80003, error_subcode: 2446079 }, 'rate_limited', true],
		[{ code: 17 }, 'rate_limited', true],
		[{ code: 613 }, 'rate_limited', true],
		[{ code: 4 }, 'rate_limited', true],
		[{ code: 2 }, 'platform_unavailable', true],
		[{ code: 190, error_subcode: 463 }, 'invalid_token', false],
		[{ code: 200, error_subcode: 1870090 }, 'terms_not_accepted', false],
		[{ code: 200, error_subcode: 1870050 }, 'account_not_in_business', false],
		[{ code: 200 }, 'permission_denied', false],
		[{ code: 294 }, 'permission_denied', false],
		[{ code: 100, error_subcode: 33 }, 'audience_not_found', false],
		[{ code: 100, error_subcode: 1487366 }, 'audience_deleted', false],
		[{ code: 100, error_subcode: 1713230 }, 'audience_flagged', false],
		[{ code: 2650, error_subcode: 1870145 }, 'replace_in_progress', false],
		[{ code: 2650, error_subcode: 1870158 }, 'replace_timed_out', false],
		[{ code: 2650, error_subcode: 1870147 }, 'replace_session_rejected', false],
		[{ code: 2650, error_subcode: 1870148 }, 'platform_unavailable', true],
		[{ code: 2650, error_subcode: 1870144 }, 'audience_too_large', false],
		[{ code: 2650 }, 'update_failed', false],
		[{ code: 2656 }, 'has_lookalikes', false],
		[{ code: 2635 }, 'deprecated_version', false],
		[{ code: 100 }, 'invalid_parameter', false],
		[{ code: 12345 }, 'platform_error', false],
	])('%j → %s (retryable %s)', (error, reason, retryable) => {
		const described = describeMetaError(error, { adAccountId: '123', audienceId: '456' });
		expect(described.reason).toBe(reason);
		expect(described.retryable).toBe(retryable);
		expect(described.message.length).toBeGreaterThan(10);
	});

	it('treats HTTP 5xx without a Graph code as temporary', () => {
		expect(describeMetaError({ message: 'x' }, { httpStatus: 503 }).retryable).toBe(true);
	});

	it('tells where to accept the Custom Audience terms', () => {
		const described = describeMetaError({ code: 200, error_subcode: 1870090 }, { adAccountId: 'act_987' });
		expect(described.message).toContain('act_987');
		expect(described.description).toContain(
			'https://business.facebook.com/ads/manage/customaudiences/tos/?act=987',
		);
	});

	it("quotes Meta's own words and trace id", () => {
		const described = describeMetaError({
			code: 100,
			message: 'Invalid parameter',
			error_user_msg: 'Schema key FOO is unknown',
			fbtrace_id: 'AbC',
		});
		expect(described.description).toContain('Schema key FOO is unknown');
		expect(described.description).toContain('AbC');
	});
});

describe('regainAccessDelayMs', () => {
	it.each([
		[undefined, undefined],
		['', undefined],
		['not json', undefined],
		[JSON.stringify({ '123': [{ type: 'custom_audience', estimated_time_to_regain_access: 0 }] }), undefined],
		[JSON.stringify({ '123': [{ type: 'custom_audience', estimated_time_to_regain_access: 3 }] }), 180_000],
		[
			JSON.stringify({
				'1': [{ estimated_time_to_regain_access: 2 }],
				'2': [{ estimated_time_to_regain_access: 5 }, { estimated_time_to_regain_access: 1 }],
			}),
			300_000,
		],
	])('%s → %s', (header, expected) => {
		expect(regainAccessDelayMs(header)).toBe(expected);
	});
});

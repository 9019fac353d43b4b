import { accountAudienceLimit, audienceLimitSetting, NEAR_LIMIT_SHARE } from '../../../nodes/shared/platforms/limits';

describe('accountAudienceLimit', () => {
	it.each([
		// [count, limit, remaining, nearLimit, atLimit]
		[0, 500, 500, false, false],
		[449, 500, 51, false, false],
		[450, 500, 50, true, false],
		[499, 500, 1, true, false],
		[500, 500, 0, true, true],
		[512, 500, 0, true, true],
		[8, 10, 2, false, false],
		[9, 10, 1, true, false],
		[10, 10, 0, true, true],
		[1, 1, 0, true, true],
	])('%i of %i → %i remaining, near %p, at %p', (count, limit, remaining, nearLimit, atLimit) => {
		expect(accountAudienceLimit('123', 'customer-list custom audiences', count, limit)).toEqual({
			accountId: '123',
			counted: 'customer-list custom audiences',
			count,
			limit,
			remaining,
			nearLimit,
			atLimit,
		});
	});

	it('warns from 90% of the limit', () => {
		expect(NEAR_LIMIT_SHARE).toBe(0.9);
	});
});

describe('audienceLimitSetting', () => {
	it.each([
		[{}, 500],
		[{ audienceLimit: 1000 }, 1000],
		[{ audienceLimit: 0 }, 500],
		[{ audienceLimit: -3 }, 500],
		[{ audienceLimit: '750' }, 500],
		[{ audienceLimit: Number.NaN }, 500],
	])('%j → %i', (options, expected) => {
		expect(audienceLimitSetting(options, 500)).toBe(expected);
	});
});

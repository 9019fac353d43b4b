import { META_MIN_AUDIENCE_SIZE, metaAudienceStatus } from '../../../nodes/shared/platforms/meta/status';

const base = { id: '1', name: 'List', approximate_count_lower_bound: 1200, approximate_count_upper_bound: 1400 };

describe('metaAudienceStatus', () => {
	it.each([
		[{ code: 200 }, { code: 200 }, 'ready', true],
		[{ code: 300 }, { code: 200 }, 'too_small', false],
		[{ code: 400 }, { code: 200 }, 'unusable', false],
		[{ code: 200 }, { code: 414 }, 'updating', true],
		[{ code: 200 }, { code: 471 }, 'flagged', false],
		[{ code: 200 }, { code: 415 }, 'error', true],
		[{ code: 200 }, { code: 100 }, 'expiring', true],
		[{ code: 300 }, { code: 410 }, 'empty', false],
		[{ code: 200 }, { code: 441 }, 'processing', true],
	])('delivery %j + operation %j → %s', (delivery, operation, lifecycle, deliverable) => {
		const status = metaAudienceStatus({ ...base, delivery_status: delivery, operation_status: operation });
		expect(status.lifecycleStatus).toBe(lifecycle);
		expect(status.deliverable).toBe(deliverable);
	});

	it('reports the size range and whether the minimum is reached', () => {
		const status = metaAudienceStatus({ ...base, delivery_status: { code: 200 }, operation_status: { code: 200 } });
		expect(status.size).toEqual({ lowerBound: 1200, upperBound: 1400 });
		expect(status.meetsMinimumSize).toBe(true);
	});

	it('says the minimum is not reached when Meta says too small', () => {
		const status = metaAudienceStatus({
			...base,
			approximate_count_lower_bound: 20,
			approximate_count_upper_bound: 30,
			delivery_status: { code: 300, description: 'too small' },
			operation_status: { code: 200 },
		});
		expect(status.meetsMinimumSize).toBe(false);
		expect(status.platformStatus).toEqual({ code: 'delivery_status:300', text: 'too small' });
	});

	it.each([
		// [delivery, lower, upper, minimum setting, meetsMinimumSize]
		[200, 1200, 1400, undefined, true],
		[200, 1000, 1100, undefined, true],
		[200, 990, 1089, undefined, false],
		[200, 150, 165, undefined, false],
		[200, 150, 165, 100, true],
		[200, 150, 165, 150, true],
		[200, 150, 165, 151, false],
		[200, 12000, 13200, 20000, false],
		[200, null, null, undefined, null],
		[200, null, 900, undefined, false],
		[200, null, 1100, undefined, null],
		[300, 1200, 1400, undefined, false],
		[300, 5000, 5500, 100, false],
		[300, null, null, 1, false],
		[400, 1200, 1400, undefined, true],
	])(
		'delivery %i, size %p–%p, minimum %p → meetsMinimumSize %p',
		(delivery, lower, upper, minimum, meets) => {
			const status = metaAudienceStatus(
				{
					id: '1',
					name: 'List',
					...(lower === null ? {} : { approximate_count_lower_bound: lower }),
					...(upper === null ? {} : { approximate_count_upper_bound: upper }),
					delivery_status: { code: delivery },
					operation_status: { code: 200 },
				},
				undefined,
				minimum,
			);
			expect(status.meetsMinimumSize).toBe(meets);
			expect(status.minimumSize).toBe(minimum ?? 1000);
		},
	);

	it('measures against 1,000 matched people by default and keeps Meta’s own verdict in the lifecycle', () => {
		expect(META_MIN_AUDIENCE_SIZE).toBe(1000);
		const small = metaAudienceStatus({
			...base,
			approximate_count_lower_bound: 150,
			approximate_count_upper_bound: 165,
			delivery_status: { code: 200 },
			operation_status: { code: 200 },
		});
		expect(small).toMatchObject({ minimumSize: 1000, meetsMinimumSize: false, lifecycleStatus: 'ready', deliverable: true });
		const tooSmall = metaAudienceStatus(
			{ ...base, delivery_status: { code: 300 }, operation_status: { code: 200 } },
			undefined,
			100,
		);
		expect(tooSmall).toMatchObject({ minimumSize: 100, meetsMinimumSize: false, lifecycleStatus: 'too_small', deliverable: false });
	});

	it('computes the match rate from the latest session', () => {
		const status = metaAudienceStatus(
			{ ...base, delivery_status: { code: 200 }, operation_status: { code: 200 } },
			{ num_received: 1000, num_matched: 623 },
		);
		expect(status.matchRate).toMatchObject({ lowerPercent: 62.3, upperPercent: 62.3 });
	});

	it('has no match rate without a session', () => {
		expect(metaAudienceStatus({ ...base }).matchRate).toBeNull();
	});

	it('turns time_content_updated into ISO time', () => {
		const status = metaAudienceStatus({ ...base, time_content_updated: 1700000000 });
		expect(status.lastUpdatedAt).toBe('2023-11-14T22:13:20.000Z');
	});
});

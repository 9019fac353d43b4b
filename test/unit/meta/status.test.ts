import { metaAudienceStatus } from '../../../nodes/shared/platforms/meta/status';

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

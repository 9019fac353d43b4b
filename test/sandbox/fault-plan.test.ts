import { FaultPlan } from '../../sandbox/faults';

const PLATFORM_KINDS = {
	meta: { throttle: { status: 400 }, unavailable: { status: 503 } },
	google: { throttle: { status: 429 }, tokenExpired: { status: 401 } },
};

/** The kinds a plan draws for `n` requests of `platform` (undefined where it lets one through). */
function draws(spec: ConstructorParameters<typeof FaultPlan>[0], platform: string, n = 400): Array<string | undefined> {
	const plan = new FaultPlan(spec, PLATFORM_KINDS);
	return Array.from({ length: n }, () => plan.draw('POST', '/v1/audienceMembers:ingest', platform)?.kind);
}

describe('sandbox fault plan', () => {
	it('draws the same faults from the same seed, and other faults from another', () => {
		expect(draws({ rate: 0.2, seed: 7 }, 'meta')).toEqual(draws({ rate: 0.2, seed: 7 }, 'meta'));
		expect(draws({ rate: 0.2, seed: 7 }, 'meta')).not.toEqual(draws({ rate: 0.2, seed: 8 }, 'meta'));
	});

	it('hits about `rate` of the requests, with generic kinds and only the platform’s own', () => {
		const kinds = draws({ rate: 0.25, seed: 3 }, 'google', 4_000);
		const hits = kinds.filter((kind) => kind !== undefined);
		expect(hits.length / kinds.length).toBeGreaterThan(0.22);
		expect(hits.length / kinds.length).toBeLessThan(0.28);
		expect(new Set(hits)).toEqual(new Set(['server', 'drop', 'slow', 'truncated', 'throttle', 'tokenExpired']));
	});

	it('counts what it looked at and what it injected by kind', () => {
		const plan = new FaultPlan({ rate: 0.5, seed: 2, kinds: ['server', 'throttle'] }, PLATFORM_KINDS);
		for (let i = 0; i < 100; i++) plan.draw('POST', '/x', 'meta');
		plan.draw('POST', '/x', null);
		expect(plan.stats.requests).toBe(100);
		const injected = Object.values(plan.stats.injected).reduce((a, b) => a + b, 0);
		expect(injected).toBeGreaterThan(30);
		expect(Object.keys(plan.stats.injected).sort()).toEqual(['server', 'throttle']);
	});

	it('looks only at the requests it targets', () => {
		expect(draws({ rate: 1, platform: 'google' }, 'meta', 10)).toEqual(Array(10).fill(undefined));
		const plan = new FaultPlan({ rate: 1, method: 'DELETE', pathIncludes: '/users' }, PLATFORM_KINDS);
		expect(plan.draw('POST', '/1/users', 'meta')).toBeUndefined();
		expect(plan.draw('DELETE', '/1/usersreplace', 'meta')).toBeDefined();
	});

	it('refuses a rate outside 0..1 and a kind nobody has', () => {
		expect(() => new FaultPlan({ rate: 1.5 }, PLATFORM_KINDS)).toThrow(/rate/);
		expect(() => new FaultPlan({ rate: 0.1, kinds: ['meteor'] }, PLATFORM_KINDS)).toThrow(/unknown kind "meteor"/);
	});
});

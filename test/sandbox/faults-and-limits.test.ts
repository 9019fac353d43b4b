import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { appsecretProof, hashedRow, startSandboxProcess } from '../../sandbox/testing';
import { ACCOUNT, createAudience, graph, PENDING_ACCOUNT, readJson, TOKEN } from './graph';

describe('sandbox fault injection', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ populationSize: 300 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	it('answers matching requests with the injected status, body and headers, `times` times', async () => {
		const id = await createAudience(sandbox);
		const body = {
			error: {
				message: 'Service temporarily unavailable',
				type: 'OAuthException',
				code: 2,
				is_transient: true,
			},
		};
		sandbox.injectFault({
			method: 'POST',
			pathIncludes: '/users',
			times: 2,
			status: 503,
			body,
			headers: { 'retry-after': '1' },
		});
		const send = () =>
			graph(sandbox, 'POST', `/${id}/users`, {
				json: {
					payload: {
						schema: ['EMAIL'],
						data: [hashedRow(sandbox.population.people[0], ['EMAIL'])],
					},
				},
			});

		expect((await graph(sandbox, 'GET', `/${id}`)).status).toBe(200);
		const first = await send();
		expect(first.status).toBe(503);
		expect(first.body).toEqual(body);
		expect(first.headers.get('retry-after')).toBe('1');
		expect((await send()).status).toBe(503);
		expect((await send()).status).toBe(200);
		expect(sandbox.requests.filter((r) => r.fault).map((r) => r.status)).toEqual([503, 503]);
		expect(sandbox.faults).toHaveLength(0);
	});

	it('defaults to a Graph error envelope, and can drop the connection or delay', async () => {
		sandbox.injectFault({ pathIncludes: '/me', status: 500 });
		const failed = await graph(sandbox, 'GET', '/me');
		expect(failed.status).toBe(500);
		expect(failed.body.error).toMatchObject({
			code: 2,
			is_transient: true,
			fbtrace_id: expect.any(String),
		});

		sandbox.injectFault({ pathIncludes: '/me', dropConnection: true });
		await expect(graph(sandbox, 'GET', '/me')).rejects.toThrow();
		expect((await graph(sandbox, 'GET', '/me')).status).toBe(200);

		sandbox.injectFault({ pathIncludes: '/me', delayMs: 150 });
		const started = Date.now();
		expect((await graph(sandbox, 'GET', '/me')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('is driven over HTTP through the admin routes', async () => {
		const admin = (method: string, path: string, body?: unknown) =>
			fetch(`${sandbox.url}/__sandbox/${path}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			}).then(async (r) => ({ status: r.status, body: await readJson(r) }));

		const id = await createAudience(sandbox, 'Admin view');
		await graph(sandbox, 'POST', `/${id}/users`, {
			json: {
				payload: {
					schema: ['EMAIL'],
					data: sandbox.population.people.slice(0, 3).map((p) => hashedRow(p, ['EMAIL'])),
				},
			},
		});
		const state = await admin('GET', 'state');
		expect(state.body.population).toEqual({ seed: 1, size: 300 });
		expect(state.body.meta.audiences).toEqual([
			expect.objectContaining({
				id,
				name: 'Admin view',
				matched: 3,
				operationStatus: 200,
				deliveryStatus: 300,
			}),
		]);
		expect(state.body.meta.adAccounts.map((a: { id: string }) => a.id)).toEqual([
			ACCOUNT,
			PENDING_ACCOUNT,
		]);

		const requests = await admin('GET', 'requests?since=1');
		expect(requests.body.data.map((r: { seq: number }) => r.seq)).toEqual([2]);

		expect(
			(await admin('POST', 'faults', { pathIncludes: '/me', status: 429, times: 1 })).body,
		).toEqual({ ok: true, pending: 1 });
		expect((await graph(sandbox, 'GET', '/me')).status).toBe(429);

		expect(
			(await admin('POST', `meta/ad-accounts/act_${PENDING_ACCOUNT}`, { tosAccepted: true }))
				.status,
		).toBe(200);
		expect(await createAudience(sandbox, 'accepted now', PENDING_ACCOUNT)).toMatch(/^\d+$/);

		const before = (await admin('GET', 'clock')).body.now;
		expect(
			(await admin('POST', 'clock', { advanceMs: 3_600_000 })).body.now,
		).toBeGreaterThanOrEqual(before + 3_600_000);

		const contacts = await admin('GET', 'population/contacts?count=2&offset=5&messy=true');
		expect(contacts.body.data).toEqual(
			sandbox.population.rawContacts(2, { offset: 5, messy: true }),
		);
		const people = await admin('GET', 'population/people?count=1&offset=4');
		expect(people.body.data).toEqual([sandbox.population.people[4]]);

		expect((await admin('POST', 'reset')).body).toEqual({ ok: true });
		expect((await admin('GET', 'state')).body.meta.audiences).toEqual([]);
		expect(sandbox.requests).toHaveLength(0);
		expect((await admin('GET', 'nothing-here')).status).toBe(404);
		expect((await admin('POST', 'faults', { pathIncludes: '/me' })).status).toBe(400);
	});
});

describe('sandbox call budget (custom_audience BUC)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ populationSize: 100, meta: { callsPerHour: 5 } });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	it('reports usage per ad account and throttles with 80003 / 2446079 beyond the hourly budget', async () => {
		const usage = (headers: Headers) =>
			JSON.parse(headers.get('x-business-use-case-usage') ?? '{}')[ACCOUNT]?.[0];
		for (let i = 1; i <= 5; i++) {
			const res = await graph(sandbox, 'GET', `/act_${ACCOUNT}`);
			expect(res.status).toBe(200);
			// The 5th call spends the budget: 100 %, and the header already says when access returns.
			expect(usage(res.headers)).toMatchObject({ type: 'custom_audience', call_count: i * 20 });
			expect(usage(res.headers).estimated_time_to_regain_access > 0).toBe(i === 5);
		}
		const throttled = await graph(sandbox, 'GET', `/act_${ACCOUNT}/customaudiences`);
		expect(throttled.status).toBe(400);
		expect(throttled.body.error).toMatchObject({
			code: 80003,
			error_subcode: 2446079,
			message: expect.stringContaining(
				'There have been too many calls to this ad-account. Wait a bit and try again.',
			),
		});
		expect(usage(throttled.headers)).toMatchObject({
			call_count: 100,
			estimated_time_to_regain_access: expect.any(Number),
		});
		expect(usage(throttled.headers).estimated_time_to_regain_access).toBeGreaterThan(0);

		// Other accounts and non-account calls are not affected.
		expect((await graph(sandbox, 'GET', `/act_${PENDING_ACCOUNT}`)).status).toBe(200);
		expect((await graph(sandbox, 'GET', '/me')).headers.get('x-business-use-case-usage')).toBe(
			'{}',
		);

		sandbox.clock.advance(61 * 60_000);
		expect((await graph(sandbox, 'GET', `/act_${ACCOUNT}`)).status).toBe(200);
	});
});

describe('sandbox lifecycle and CLI', () => {
	it('adds the configured latency and closes promptly, even with requests in flight', async () => {
		const sandbox = await startSandbox({ populationSize: 50, latencyMs: 120 });
		const started = Date.now();
		expect((await graph(sandbox, 'GET', '/me')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);

		sandbox.injectFault({ pathIncludes: '/me', delayMs: 30_000, status: 200 });
		const pending = graph(sandbox, 'GET', '/me').then(
			() => 'answered',
			() => 'failed',
		);
		await graph(sandbox, 'GET', `/act_${ACCOUNT}`);
		const closing = Date.now();
		await sandbox.close();
		expect(Date.now() - closing).toBeLessThan(2000);
		expect(await pending).toBe('failed');
		await expect(fetch(`${sandbox.url}/v26.0/me`)).rejects.toThrow();
	});

	it('runs as a process that prints its URL and token, and stops on SIGTERM', async () => {
		const { info, stop } = await startSandboxProcess([
			'--seed',
			'3',
			'--population',
			'100',
			'--app-secret',
			'cli-secret',
		]);
		try {
			expect(info).toMatchObject({
				url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
				meta: { token: TOKEN },
			});
			const state = await readJson(await fetch(`${info.url}/__sandbox/state`));
			expect(state.population).toEqual({ seed: 3, size: 100 });
			expect((await graph(info, 'GET', '/me')).body.error.code).toBe(100);
			expect(
				(await graph(info, 'GET', '/me', { query: appsecretProof(TOKEN, 'cli-secret') })).status,
			).toBe(200);
		} finally {
			expect(await stop()).toBe(0);
		}
	});
});

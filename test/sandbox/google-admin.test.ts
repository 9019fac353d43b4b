import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { serviceAccountJwt, startSandboxProcess } from '../../sandbox/testing';
import { graph, readJson } from './graph';
import {
	createUserList,
	dm,
	errorReason,
	GOOGLE_ACCOUNT,
	GOOGLE_BEARER,
	ingestBody,
	JWT_GRANT,
	tokenRequest,
	userListsPath,
} from './google';

describe('sandbox Google quotas', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ populationSize: 50, google: { requestsPerMinute: 3 } });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	it('answers 429 RESOURCE_EXHAUSTED past the per-minute budget, per quota, until the minute turns', async () => {
		// Budgets are per minute of the sandbox clock: start at the top of a minute.
		sandbox.clock.advance(60_000 - (sandbox.clock.now() % 60_000));
		const listId = await createUserList(sandbox);
		const body = ingestBody(listId, sandbox.population.people.slice(0, 2));
		const ingest = () => dm(sandbox, 'POST', '/v1/audienceMembers:ingest', { json: body });
		for (let i = 0; i < 3; i++) expect((await ingest()).status).toBe(200);
		const throttled = await ingest();
		expect(throttled.status).toBe(429);
		expect(throttled.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
		expect(throttled.body.error.details[0]).toMatchObject({
			reason: 'RESOURCE_EXHAUSTED',
			domain: 'datamanager.googleapis.com',
			metadata: {
				quota_limit: 'IngestionMutateRequestsPerMinutePerProject',
				quota_limit_value: '3',
			},
		});
		// Throttled calls are not counted, and other quotas are separate.
		expect((await dm(sandbox, 'GET', userListsPath())).status).toBe(200);
		sandbox.clock.advance(60_000);
		expect((await ingest()).status).toBe(200);
	});
});

describe('sandbox Google body limit', () => {
	it('answers an oversize body with Google’s HTML 413 page', async () => {
		const small = await startSandbox({ populationSize: 50, google: { maxBodyBytes: 2_000 } });
		try {
			const listId = await createUserList(small);
			const res = await dm(small, 'POST', '/v1/audienceMembers:ingest', {
				json: ingestBody(listId, small.population.people.slice(0, 20)),
			});
			expect(res.status).toBe(413);
			expect(res.headers.get('content-type')).toContain('text/html');
			expect(res.text).toContain('Your client issued a request that was too large.');
			expect(small.google.requests.at(-1)).toMatchObject({ status: 413, platform: 'google' });
		} finally {
			await small.close();
		}
	});
});

describe('sandbox Google fault injection, admin routes and CLI', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ populationSize: 300 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	const admin = (method: string, path: string, body?: unknown) =>
		fetch(`${sandbox.url}/__sandbox/${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		}).then(async (r) => ({ status: r.status, body: await readJson(r) }));

	it('injects faults per platform, with Google’s envelope by default', async () => {
		sandbox.injectFault({ platform: 'google', pathIncludes: ':ingest', status: 503 });
		sandbox.injectFault({ platform: 'meta', pathIncludes: '/', status: 500, times: 5 });
		const listId = await createUserList(sandbox);
		const body = ingestBody(listId, sandbox.population.people.slice(0, 3));
		const failed = await dm(sandbox, 'POST', '/v1/audienceMembers:ingest', { json: body });
		expect(failed.status).toBe(503);
		expect(failed.body.error).toMatchObject({
			code: 503,
			status: 'UNAVAILABLE',
			message: 'The service is currently unavailable.',
		});
		expect(failed.headers.get('x-fb-trace-id')).toBeNull();
		expect((await dm(sandbox, 'POST', '/v1/audienceMembers:ingest', { json: body })).status).toBe(
			200,
		);
		expect((await graph(sandbox, 'GET', '/me')).status).toBe(500);

		sandbox.injectFault({ platform: 'google', pathIncludes: '/token', dropConnection: true });
		await expect(tokenRequest(sandbox, { grant_type: 'refresh_token' })).rejects.toThrow();
		sandbox.injectFault({
			platform: 'google',
			method: 'GET',
			pathIncludes: '/userLists',
			status: 429,
			body: { error: { code: 429 } },
			headers: { 'retry-after': '2' },
		});
		const limited = await dm(sandbox, 'GET', userListsPath());
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		expect(limited.body).toEqual({ error: { code: 429 } });

		const logged = sandbox.requests.filter((r) => r.fault).map((r) => [r.platform, r.status]);
		expect(logged).toEqual([
			['google', 503],
			['meta', 500],
			['google', 0],
			['google', 429],
		]);
		expect(sandbox.google.requests.every((r) => r.platform === 'google')).toBe(true);
		expect(sandbox.meta.requests.map((r) => r.path)).toEqual(['/v26.0/me']);
	});

	it('dates every response on the sandbox clock', async () => {
		sandbox.clock.advance(3 * 86_400_000);
		for (const res of [
			await dm(sandbox, 'GET', userListsPath()),
			await graph(sandbox, 'GET', '/me'),
		]) {
			const date = Date.parse(res.headers.get('date') ?? '');
			expect(Math.abs(date - sandbox.clock.now())).toBeLessThan(5_000);
		}
	});

	it('shows Google state, serves the service account and toggles accounts over HTTP', async () => {
		const listId = await createUserList(sandbox, 'Admin view');
		await dm(sandbox, 'POST', '/v1/audienceMembers:ingest', {
			json: ingestBody(listId, sandbox.population.people.slice(0, 4)),
		});
		const state = await admin('GET', 'state');
		expect(state.body.google).toMatchObject({
			tokenUrl: `${sandbox.url}/token`,
			apiBaseUrl: sandbox.url,
			clientEmail: 'audience-sync@sandbox-project.iam.gserviceaccount.com',
			userLists: [
				{
					id: listId,
					accountId: GOOGLE_ACCOUNT,
					displayName: 'Admin view',
					deleted: false,
					matched: 4,
					matchRatePercentage: 100,
				},
			],
			processingRequests: 0,
			requests: 1,
		});
		expect(state.body.google.accounts.map((a: { id: string }) => a.id)).toEqual([
			'1234567890',
			'3333333333',
			'9999999999',
		]);

		const sa = await admin('GET', 'google/service-account');
		expect(sa.body).toMatchObject({
			clientEmail: 'audience-sync@sandbox-project.iam.gserviceaccount.com',
			privateKeyPem: sandbox.google.serviceAccount.privateKeyPem,
			publicKeyPem: expect.stringContaining('PUBLIC KEY'),
			tokenUri: `${sandbox.url}/token`,
			keyFile: {
				type: 'service_account',
				client_email: 'audience-sync@sandbox-project.iam.gserviceaccount.com',
				private_key: sandbox.google.serviceAccount.privateKeyPem,
				token_uri: `${sandbox.url}/token`,
			},
		});

		const toggled = await admin('POST', `google/accounts/${GOOGLE_ACCOUNT}`, {
			customerMatchAllowed: false,
		});
		expect(toggled.body).toMatchObject({
			ok: true,
			account: { id: GOOGLE_ACCOUNT, customerMatchAllowed: false },
		});
		const refused = await dm(sandbox, 'POST', '/v1/audienceMembers:ingest', {
			json: ingestBody(listId, sandbox.population.people.slice(0, 1)),
		});
		expect(refused.status).toBe(403);
		expect(errorReason(refused.body)).toBe('NOT_ALLOWLISTED');
		expect((await admin('POST', 'google/accounts/42', {})).status).toBe(400);

		expect((await admin('POST', 'reset')).body).toEqual({ ok: true });
		const after = await admin('GET', 'state');
		expect(after.body.google.userLists).toEqual([]);
		expect(after.body.google.accounts[0].customerMatchAllowed).toBe(true);
	});

	it('runs as a process that prints the Google endpoints; the key comes from the admin route', async () => {
		const { info, stop } = await startSandboxProcess([
			'--population',
			'50',
			'--google-token-lifetime-s',
			'120',
		]);
		try {
			expect(info.google).toMatchObject({
				apiBaseUrl: info.url,
				tokenUrl: `${info.url}/token`,
				clientEmail: 'audience-sync@sandbox-project.iam.gserviceaccount.com',
				serviceAccount: `${info.url}/__sandbox/google/service-account`,
				token: GOOGLE_BEARER,
				accounts: expect.arrayContaining([expect.objectContaining({ id: GOOGLE_ACCOUNT })]),
			});
			expect(JSON.stringify(info)).not.toContain('PRIVATE KEY');
			const sa = await readJson(await fetch(info.google.serviceAccount));
			const jwt = serviceAccountJwt(sa, info.google.tokenUrl, Math.floor(Date.now() / 1000));
			const granted = await tokenRequest(info, { grant_type: JWT_GRANT, assertion: jwt });
			expect(granted.body).toMatchObject({ token_type: 'Bearer', expires_in: 120 });
			const lists = await dm(info, 'GET', userListsPath(), { bearer: granted.body.access_token });
			expect(lists.status).toBe(200);
		} finally {
			expect(await stop()).toBe(0);
		}
	});
});

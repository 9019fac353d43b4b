import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { appsecretProof, legacyAppsecretProof } from '../../sandbox/testing';
import { ACCOUNT, graph, readJson, TOKEN } from './graph';

describe('sandbox auth', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ populationSize: 200 });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	it('accepts the token as a Bearer header or as access_token', async () => {
		const viaHeader = await graph(sandbox, 'GET', '/me', { query: { fields: 'id,name' } });
		expect(viaHeader.status).toBe(200);
		expect(viaHeader.body).toEqual({
			id: expect.stringMatching(/^\d+$/),
			name: 'Sandbox System User',
		});
		const viaQuery = await graph(sandbox, 'GET', '/me', { tokenIn: 'query' });
		expect(viaQuery.status).toBe(200);
		expect(viaQuery.headers.get('x-fb-trace-id')).toBeTruthy();
		expect(viaQuery.headers.get('facebook-api-version')).toBe('v26.0');
	});

	it.each([
		['missing', null],
		['unknown', 'not-a-token'],
	])('rejects a %s token with code 190', async (_label, token) => {
		const res = await graph(sandbox, 'GET', '/me', { token, tokenIn: 'query' });
		expect(res.status).toBe(400);
		expect(res.body.error).toEqual({
			message: 'Invalid OAuth access token - Cannot parse access token',
			type: 'OAuthException',
			code: 190,
			fbtrace_id: expect.any(String),
		});
		expect(res.text).not.toContain('not-a-token');
	});

	it('accepts any vNN.N version and rejects paths without one', async () => {
		expect((await graph(sandbox, 'GET', '/me', { version: 'v24.0' })).status).toBe(200);
		const res = await fetch(`${sandbox.url}/me`, { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(res.status).toBe(400);
		expect((await readJson(res)).error.code).toBe(2500);
	});

	it('lists ad accounts with paging, and reports Custom Audience terms per account', async () => {
		const first = await graph(sandbox, 'GET', '/me/adaccounts', {
			query: { fields: 'id,account_id,name', limit: '1' },
		});
		expect(first.body.data).toEqual([
			{ id: `act_${ACCOUNT}`, account_id: ACCOUNT, name: 'Sandbox Ads' },
		]);
		expect(first.body.paging.next).toMatch(new RegExp(`^${sandbox.url}/v26.0/me/adaccounts\\?`));
		const second = await fetch(first.body.paging.next, {
			headers: { authorization: `Bearer ${TOKEN}` },
		});
		const page2 = await readJson(second);
		expect(page2.data).toEqual([
			{ id: 'act_2222222222', account_id: '2222222222', name: 'Terms Pending' },
		]);
		expect(page2.paging.next).toBeUndefined();

		const accepted = await graph(sandbox, 'GET', `/act_${ACCOUNT}`, {
			query: { fields: 'id,account_id,name,currency,tos_accepted' },
		});
		expect(accepted.body).toEqual({
			id: `act_${ACCOUNT}`,
			account_id: ACCOUNT,
			name: 'Sandbox Ads',
			currency: 'USD',
			tos_accepted: { custom_audience_tos: 1 },
		});
		const pending = await graph(sandbox, 'GET', '/act_2222222222', {
			query: { fields: 'tos_accepted' },
		});
		expect(pending.body).toEqual({ tos_accepted: {} });
		const unknown = await graph(sandbox, 'GET', '/act_999', { query: { fields: 'name' } });
		expect(unknown.body.error).toMatchObject({
			code: 100,
			error_subcode: 33,
			type: 'GraphMethodException',
		});
	});

	it('never logs the token', async () => {
		await graph(sandbox, 'GET', '/me', { tokenIn: 'query' });
		const last = sandbox.requests[sandbox.requests.length - 1];
		expect(last.query.access_token).toBe('[redacted]');
		expect(JSON.stringify(sandbox.requests)).not.toContain(TOKEN);
	});
});

describe('sandbox appsecret_proof', () => {
	const appSecret = 'sandbox-secret';
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ populationSize: 200, meta: { appSecret } });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	const nowSeconds = () => Math.floor(Date.now() / 1000);

	it('accepts a fresh proof, and the legacy proof without appsecret_time', async () => {
		expect(
			(await graph(sandbox, 'GET', '/me', { query: appsecretProof(TOKEN, appSecret) })).status,
		).toBe(200);
		expect(
			(await graph(sandbox, 'GET', '/me', { query: legacyAppsecretProof(TOKEN, appSecret) }))
				.status,
		).toBe(200);
		// Proofs may also travel in a form body, like any Graph parameter.
		const created = await graph(sandbox, 'POST', `/act_${ACCOUNT}/customaudiences`, {
			form: {
				name: 'Proof',
				subtype: 'CUSTOM',
				customer_file_source: 'USER_PROVIDED_ONLY',
				...appsecretProof(TOKEN, appSecret),
			},
		});
		expect(created.status).toBe(200);
		expect(JSON.stringify(sandbox.requests)).not.toContain(
			appsecretProof(TOKEN, appSecret).appsecret_proof,
		);
	});

	it('matches the documented test vector', () => {
		expect(appsecretProof('ABC', 'dummySecret', 1697328000).appsecret_proof).toBe(
			'd103874f3b5f01f57c4f84edfb96ac94055da8f83c2b45e6f26dafca9188ff4d',
		);
	});

	it.each([
		['missing', {}, 'API calls from the server require an appsecret_proof argument'],
		[
			'wrong',
			appsecretProof(TOKEN, 'other-secret'),
			'Invalid appsecret_proof provided in the API argument',
		],
		[
			'expired',
			appsecretProof(TOKEN, appSecret, nowSeconds() - 600),
			'Invalid appsecret_proof provided in the API argument',
		],
		[
			'for another time',
			{ ...appsecretProof(TOKEN, appSecret, 1_700_000_000), appsecret_time: '1700000001' },
			'Invalid appsecret_proof',
		],
	])('rejects a %s proof with code 100', async (_label, query: Record<string, string>, message) => {
		const res = await graph(sandbox, 'GET', '/me', { query });
		expect(res.status).toBe(400);
		expect(res.body.error).toMatchObject({ code: 100, type: 'GraphMethodException' });
		expect(res.body.error.message).toContain(message);
	});
});

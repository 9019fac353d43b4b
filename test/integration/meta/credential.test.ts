import { metaAppSecretProof, MetaAdsApi } from '../../../credentials/MetaAdsApi.credentials';
import { startSandbox } from '../../../sandbox';
import { listSearch, testCredential } from '../../helpers/engine';
import { ACCEPTED_ACCOUNT, adAudience, META_TOKEN, metaCredentials } from '../../helpers/meta';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('appsecret_proof', () => {
	it("matches the published vector (HMAC-SHA256 of token|time with the app secret)", () => {
		const publishedHmac = 'd103874f3b5f01f57c4f84edfb96ac94055da8f83c2b45e6f26dafca9188ff4d';
		const result = metaAppSecretProof('ABC', 'dummySecret', 1697328000);
		expect(result.appsecret_proof).toBe(publishedHmac);
		expect(result.appsecret_time).toBe('1697328000');
	});

	it('puts the token in a header and the proof in the query, never the token in the URL', async () => {
		const options = await new MetaAdsApi().authenticate(
			{ accessToken: 'ABC', appSecret: 'dummySecret' },
			{ url: 'https://graph.facebook.com/v26.0/me', qs: { fields: 'id' } },
		);
		expect(options.headers).toEqual({ Authorization: 'Bearer ABC' });
		expect(options.qs).toMatchObject({ fields: 'id', appsecret_time: expect.stringMatching(/^\d+$/) });
		expect(String((options.qs as Record<string, string>).appsecret_proof)).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(options.qs)).not.toContain('ABC');
	});

	it('sends no proof without an app secret', async () => {
		const options = await new MetaAdsApi().authenticate({ accessToken: 'ABC', appSecret: '' }, { url: 'x' });
		expect(options.qs).toBeUndefined();
	});
});

describe('Meta Ads API credential test', () => {
	let sandbox: Sandbox;
	let guarded: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ populationSize: 100 });
		guarded = await startSandbox({ populationSize: 100, meta: { appSecret: 'app-secret-for-proof' } });
	});
	afterAll(async () => {
		await sandbox.close();
		await guarded.close();
	});

	it('succeeds with a valid token', async () => {
		const result = await testCredential('metaAdsApi', metaCredentials(sandbox.url).metaAdsApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const call = (sandbox.requests as Array<{ path: string; query: Record<string, string> }>).at(-1);
		expect(call?.path).toBe('/v26.0/me');
		expect(call?.query.fields).toBe('id,name');
	});

	it('fails with an invalid token', async () => {
		const result = await testCredential(
			'metaAdsApi',
			metaCredentials(sandbox.url, { accessToken: 'revoked-token' }).metaAdsApi,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Meta rejected the access token \(OAuthException 190\)/);
	});

	it('says what to check when the answer is not an account, whatever its status', async () => {
		const result = await testCredential('metaAdsApi', metaCredentials(`${sandbox.url}/not-graph`).metaAdsApi);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Meta /);
	});

	it('succeeds against an app that requires appsecret_proof only with the right secret', async () => {
		const good = await testCredential('metaAdsApi', metaCredentials(guarded.url, { appSecret: 'app-secret-for-proof' }).metaAdsApi);
		expect(good.status).toBe('OK');
		const bad = await testCredential('metaAdsApi', metaCredentials(guarded.url, { appSecret: 'another-secret' }).metaAdsApi);
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/App Secret/);
		const missing = await testCredential('metaAdsApi', metaCredentials(guarded.url).metaAdsApi);
		expect(missing.status).toBe('Error');
	});

	it('accepts a base URL with a trailing slash', async () => {
		const { status } = await testCredential('metaAdsApi', metaCredentials(`${sandbox.url}/`).metaAdsApi);
		expect(status).toBe('OK');
	});

	it('lists ad accounts and audiences for the resource locators, with search', async () => {
		const accounts = await listSearch({
			type: 'adAudience',
			method: 'searchMetaAdAccounts',
			parameters: { platform: 'meta', operation: 'getStatus' },
			credentials: metaCredentials(sandbox.url),
		});
		expect(accounts.results).toEqual(
			expect.arrayContaining([expect.objectContaining({ value: `act_${ACCEPTED_ACCOUNT}` })]),
		);
		const searched = await listSearch({
			type: 'adAudience',
			method: 'searchMetaAdAccounts',
			parameters: { platform: 'meta', operation: 'getStatus' },
			credentials: metaCredentials(sandbox.url),
			filter: 'pending',
		});
		expect(searched.results.map((r) => r.value)).toEqual(['act_2222222222']);

		for (const name of ['Alpha buyers', 'Beta buyers', 'Gamma']) {
			await adAudience(sandbox.url, { operation: 'create', name, customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'useExisting' });
		}
		const audiences = await listSearch({
			type: 'audienceMember',
			method: 'searchMetaAudiences',
			parameters: { platform: 'meta', operation: 'add', adAccount: { __rl: true, mode: 'id', value: `act_${ACCEPTED_ACCOUNT}` } },
			credentials: metaCredentials(sandbox.url),
			filter: 'buyers',
		});
		expect(audiences.results.map((r) => r.name).sort()).toEqual(['Alpha buyers', 'Beta buyers']);
		expect(audiences.results[0].url).toContain(`act=${ACCEPTED_ACCOUNT}`);
	});

	it('asks for an ad account before listing audiences', async () => {
		await expect(
			listSearch({
				type: 'audienceMember',
				method: 'searchMetaAudiences',
				parameters: { platform: 'meta', operation: 'add' },
				credentials: metaCredentials(sandbox.url),
			}),
		).rejects.toThrow('Choose an ad account first');
	});

	it('never puts the token in a request URL', () => {
		expect(JSON.stringify(sandbox.requests)).not.toContain(META_TOKEN);
	});
});

import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions } from 'n8n-workflow';

import { GoogleDataManagerOAuth2Api } from '../../../credentials/GoogleDataManagerOAuth2Api.credentials';
import { GoogleDataManagerServiceAccountApi } from '../../../credentials/GoogleDataManagerServiceAccountApi.credentials';
import { MetaAdsApi } from '../../../credentials/MetaAdsApi.credentials';
import { GoogleClient } from '../../../nodes/shared/platforms/google/transport';
import { MetaClient } from '../../../nodes/shared/platforms/meta/transport';
import { isTransientNetworkError } from '../../../nodes/shared/transport/network';
import {
	answerOfRaisedError,
	credentialSecrets,
	credentialUrl,
	type RequestContext,
	retryAfterMs,
} from '../../../nodes/shared/transport/client';
import type { RetryPolicy } from '../../../nodes/shared/transport/retry';

const NO_RETRY: RetryPolicy = { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxWaitMs: 1000 };
const ONE_RETRY: RetryPolicy = { ...NO_RETRY, maxRetries: 1 };

/** An n8n context whose request helper answers with `respond`, recording the options it got. */
function fakeContext(credentials: ICredentialDataDecryptedObject, respond: (options: IHttpRequestOptions) => unknown) {
	const calls: Array<{ credentialName: string; options: IHttpRequestOptions }> = [];
	const ctx = {
		getCredentials: async () => credentials,
		getNode: () => ({ id: 'n', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async (credentialName: string, options: IHttpRequestOptions) => {
				calls.push({ credentialName, options });
				return await respond(options);
			},
		},
	};
	return { ctx: ctx as unknown as RequestContext, calls };
}

function defaultOf(credential: ICredentialType, field: string): unknown {
	return credential.properties.find((property) => property.name === field)?.default;
}

describe('retryAfterMs', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	it.each([
		['delay-seconds', '120', 120_000],
		['decimal seconds', '1.5', 1500],
		['zero', '0', 0],
		['a number', 2, 2000],
		['spaces around', ' 3 ', 3000],
		['an HTTP-date ahead', 'Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
		['an HTTP-date past', 'Wed, 31 Dec 2025 23:59:00 GMT', 0],
		['a negative number', -1, undefined],
		['words', 'soon', undefined],
		['an empty header', '', undefined],
		['no header', undefined, undefined],
	])('reads %s', (_label, value, expected) => {
		expect(retryAfterMs(value, now)).toBe(expected);
	});
});

describe('credential helpers', () => {
	it('collects the non-empty string secrets, nested ones by dotted path', () => {
		const credentials = { accessToken: 'tok-123456', appSecret: '', privateKey: 42, oauthTokenData: { refresh_token: 'ref-123456' } };
		expect(
			credentialSecrets(credentials, ['accessToken', 'appSecret', 'privateKey', 'oauthTokenData.refresh_token', 'missing.field']),
		).toEqual(['tok-123456', 'ref-123456']);
	});

	it('takes a URL field without trailing slashes, or its default when empty', () => {
		expect(credentialUrl('http://127.0.0.1:1234//', 'https://example.invalid')).toBe('http://127.0.0.1:1234');
		expect(credentialUrl('', 'https://example.invalid/')).toBe('https://example.invalid');
		expect(credentialUrl(undefined, 'https://example.invalid')).toBe('https://example.invalid');
	});

	it('reads the answer carried by a raised HTTP error, and none from a network error', () => {
		const axiosError = { response: { status: 429, data: { error: {} }, headers: { 'retry-after': '1' } } };
		expect(answerOfRaisedError(axiosError)).toEqual({ statusCode: 429, body: { error: {} }, headers: { 'retry-after': '1' } });
		expect(answerOfRaisedError({ cause: axiosError })).toMatchObject({ statusCode: 429 });
		expect(answerOfRaisedError({ httpCode: '503', context: { data: 'down' } })).toEqual({ statusCode: 503, body: 'down', headers: {} });
		expect(answerOfRaisedError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBeUndefined();
	});
});

describe('default API base URL, from the credential definition', () => {
	it('Meta: Base URL and Graph API Version defaults of MetaAdsApi', async () => {
		const { ctx } = fakeContext({ accessToken: 'tok-123456', baseUrl: '', graphVersion: '' }, () => ({}));
		const client = await MetaClient.create(ctx, NO_RETRY);
		const definition = new MetaAdsApi();
		expect(client.apiBaseUrl).toBe(`${String(defaultOf(definition, 'baseUrl'))}/${String(defaultOf(definition, 'graphVersion'))}`);
		expect(client.apiBaseUrl).toMatch(/^https:\/\/[^/]+\/v\d+\.\d+$/);
	});

	it('Meta: the credential’s own fields win, slashes trimmed', async () => {
		const { ctx } = fakeContext({ accessToken: 'tok', baseUrl: 'http://127.0.0.1:9/', graphVersion: '/v99.0/' }, () => ({}));
		expect((await MetaClient.create(ctx)).apiBaseUrl).toBe('http://127.0.0.1:9/v99.0');
	});

	it.each([
		['googleDataManagerServiceAccountApi' as const, new GoogleDataManagerServiceAccountApi()],
		['googleDataManagerOAuth2Api' as const, new GoogleDataManagerOAuth2Api()],
	])('Google (%s): API Base URL default of the credential', async (credentialName, definition) => {
		const { ctx } = fakeContext({ baseUrl: '' }, () => ({}));
		const client = await GoogleClient.create(ctx, credentialName, NO_RETRY);
		expect(client.apiBaseUrl).toBe(defaultOf(definition, 'baseUrl'));
		expect(client.credentialName).toBe(credentialName);
	});
});

describe('redaction of the credential’s secrets', () => {
	const metaSecrets = { accessToken: 'meta-token-SECRET', appSecret: 'meta-app-SECRET', baseUrl: 'http://127.0.0.1:9' };
	const googleSecrets = {
		baseUrl: 'http://127.0.0.1:9',
		privateKey: 'google-key-SECRET',
		clientSecret: 'google-client-SECRET',
		oauthTokenData: { access_token: 'google-access-SECRET', refresh_token: 'google-refresh-SECRET' },
	};

	it.each([
		['Meta', metaSecrets, async (ctx: RequestContext) => await MetaClient.create(ctx, NO_RETRY)],
		[
			'Google',
			googleSecrets,
			async (ctx: RequestContext) => await GoogleClient.create(ctx, 'googleDataManagerOAuth2Api', NO_RETRY),
		],
	])('%s: redact() removes every secret field', async (_platform, credentials, create) => {
		const { ctx } = fakeContext(credentials, () => ({}));
		const client = await create(ctx);
		const secrets = JSON.stringify(credentials).match(/[a-z-]+-SECRET/g) ?? [];
		expect(secrets.length).toBeGreaterThan(1);
		const text = client.redact(`leaked: ${secrets.join(' ')}`);
		expect(text).not.toContain('SECRET');
		expect(text).toBe(`leaked: ${secrets.map(() => '[redacted]').join(' ')}`);
	});

	it('Meta: a Graph error and a network error carry no secret', async () => {
		const graph = fakeContext(metaSecrets, () => ({
			statusCode: 400,
			headers: {},
			body: { error: { message: 'bad token meta-token-SECRET', code: 190, error_user_msg: 'meta-app-SECRET' } },
		}));
		const answered = await (await MetaClient.create(graph.ctx, NO_RETRY)).send({ method: 'GET', path: '/me' });
		expect(graph.calls[0].options).toMatchObject({ ignoreHttpStatusErrors: true, url: 'http://127.0.0.1:9/v26.0/me' });
		expect(answered.ok).toBe(false);
		expect(JSON.stringify(answered)).not.toContain('SECRET');

		const network = fakeContext(metaSecrets, () => {
			throw Object.assign(new Error('connect ECONNREFUSED for meta-token-SECRET'), { code: 'ECONNREFUSED' });
		});
		const unreached = await (await MetaClient.create(network.ctx, NO_RETRY)).send({ method: 'GET', path: '/me' });
		expect(unreached).toMatchObject({ ok: false, failure: { described: { message: 'Could not reach Meta', retryable: true } } });
		expect(JSON.stringify(unreached)).not.toContain('SECRET');
	});

	it('Google: a raised Google error and a token endpoint error carry no secret', async () => {
		const raised = fakeContext(googleSecrets, () => {
			throw Object.assign(new Error('Request failed with status code 403'), {
				response: { status: 403, headers: {}, data: { error: { code: 403, status: 'PERMISSION_DENIED', message: 'no: google-access-SECRET' } } },
			});
		});
		const denied = await (await GoogleClient.create(raised.ctx, 'googleDataManagerOAuth2Api', NO_RETRY)).send({ method: 'POST', path: '/v1/x' });
		expect(raised.calls[0].options.ignoreHttpStatusErrors).toBeUndefined();
		expect(denied).toMatchObject({ ok: false, failure: { httpStatus: 403 } });
		expect(JSON.stringify(denied)).not.toContain('SECRET');

		const token = fakeContext(googleSecrets, () => {
			throw Object.assign(new Error('invalid_grant google-refresh-SECRET'), {
				response: { status: 400, headers: {}, data: { error: 'invalid_grant', error_description: 'bad google-key-SECRET' } },
			});
		});
		const refused = await (await GoogleClient.create(token.ctx, 'googleDataManagerOAuth2Api', NO_RETRY)).send({ method: 'POST', path: '/v1/x' });
		expect(refused).toMatchObject({
			ok: false,
			failure: { described: { message: 'Google refused to issue an access token', reason: 'invalid_credentials' } },
		});
		expect(JSON.stringify(refused)).not.toContain('SECRET');
	});
});

describe('waits the platform asks for', () => {
	const rateLimited = { error: { message: 'Too many calls', code: 80003 } };

	it('Meta: the regain-access estimate of X-Business-Use-Case-Usage comes before Retry-After', async () => {
		const usage = JSON.stringify({ 1: [{ type: 'CUSTOM_AUDIENCE', estimated_time_to_regain_access: 5 }] });
		const { ctx } = fakeContext({ accessToken: 'tok-123456' }, () => ({
			statusCode: 400,
			headers: { 'x-business-use-case-usage': usage, 'retry-after': '1' },
			body: rateLimited,
		}));
		const result = await (await MetaClient.create(ctx, ONE_RETRY)).send({ method: 'GET', path: '/me' });
		expect(result.ok ? '' : result.failure.described.description).toContain('Meta asked to wait 5 minute(s)');
	});

	it('Google: Retry-After of a raised 429', async () => {
		const { ctx, calls } = fakeContext({ baseUrl: 'http://127.0.0.1:9' }, () => {
			throw Object.assign(new Error('Request failed with status code 429'), {
				response: { status: 429, headers: { 'retry-after': '90' }, data: { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } } },
			});
		});
		const result = await (await GoogleClient.create(ctx, 'googleDataManagerServiceAccountApi', ONE_RETRY)).send({
			method: 'POST',
			path: '/v1/audienceMembers:ingest',
		});
		expect(calls).toHaveLength(1);
		expect(calls[0].credentialName).toBe('googleDataManagerServiceAccountApi');
		expect(result.ok ? '' : result.failure.described.description).toContain('Google asked to wait 90 s');
	});
});

describe('isTransientNetworkError', () => {
	it.each<[string, unknown, boolean]>([
		['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
		['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), true],
		['an answer cut half-way (axios)', Object.assign(new Error('stream has been aborted'), { code: 'ERR_BAD_RESPONSE' }), true],
		['an answer cut half-way (stream)', Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), true],
		['the same, wrapped by n8n', { message: 'Request failed', cause: Object.assign(new Error('stream has been aborted'), { code: 'ERR_BAD_RESPONSE' }) }, true],
		['an answer over the size limit', Object.assign(new Error('maxContentLength size of 10 exceeded'), { code: 'ERR_BAD_RESPONSE' }), false],
		['a key that cannot sign', new Error('error:1E08010C:DECODER routines::unsupported'), false],
		['nothing', undefined, false],
	])('%s → %s', (_case, error, transient) => {
		expect(isTransientNetworkError(error)).toBe(transient);
	});
});

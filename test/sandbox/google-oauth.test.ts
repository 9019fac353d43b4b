import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { serviceAccountJwt, signJwt } from '../../sandbox/testing';
import { readJson } from './graph';
import {
	DATA_MANAGER_SCOPE,
	dm,
	errorReason,
	GOOGLE_BEARER,
	JWT_GRANT,
	tokenRequest,
	userListsPath,
} from './google';
import { useSandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 100 }, (started) => (sandbox = started));

const nowSeconds = () => Math.floor(sandbox.clock.now() / 1000);
const assertion = (claims: Record<string, unknown> = {}) =>
	serviceAccountJwt(sandbox.google.serviceAccount, `${sandbox.url}/token`, nowSeconds(), claims);
const jwtGrant = (jwt: string) => tokenRequest(sandbox, { grant_type: JWT_GRANT, assertion: jwt });
const listLists = (bearer: string | null) => dm(sandbox, 'GET', userListsPath(), { bearer });

describe('sandbox Google token endpoint: service-account JWT grant', () => {
	it('exchanges a JWT signed with the service account key for a Bearer token the API accepts', async () => {
		const { clientEmail, privateKeyPem, publicKeyPem } = sandbox.google.serviceAccount;
		expect(clientEmail).toBe('audience-sync@sandbox-project.iam.gserviceaccount.com');
		expect(privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
		expect(publicKeyPem).toContain('-----BEGIN PUBLIC KEY-----');
		expect(sandbox.google.tokenUrl).toBe(`${sandbox.url}/token`);

		const res = await jwtGrant(assertion());
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			access_token: expect.stringMatching(/^ya29\./),
			expires_in: 3600,
			token_type: 'Bearer',
		});
		expect((await listLists(res.body.access_token)).status).toBe(200);

		// The JWT's times may follow the client's own clock: an advanced sandbox clock does not void it.
		sandbox.clock.advance(2 * 3600_000);
		const signedNow = serviceAccountJwt(
			sandbox.google.serviceAccount,
			`${sandbox.url}/token`,
			Math.floor(Date.now() / 1000),
		);
		expect((await jwtGrant(signedNow)).status).toBe(200);
	});

	it.each([
		[
			'a signature by another key',
			async () => {
				const other = await startSandbox({ populationSize: 1 });
				try {
					return serviceAccountJwt(
						{
							clientEmail: sandbox.google.serviceAccount.clientEmail,
							privateKeyPem: other.google.serviceAccount.privateKeyPem,
						},
						`${sandbox.url}/token`,
						nowSeconds(),
					);
				} finally {
					await other.close();
				}
			},
			400,
			{ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
		],
		[
			'alg none',
			async () => {
				const signed = assertion().split('.');
				const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
				return `${none}.${signed[1]}.${signed[2]}`;
			},
			400,
			{ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
		],
		[
			'a wrong audience',
			async () => assertion({ aud: 'https://oauth2.googleapis.com/token' }),
			400,
			{
				error: 'invalid_grant',
				error_description: expect.stringContaining('Failed audience check'),
			},
		],
		[
			'an expired JWT',
			async () => assertion({ iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }),
			400,
			{
				error: 'invalid_grant',
				error_description:
					'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
			},
		],
		[
			'a JWT valid for more than an hour',
			async () => assertion({ exp: nowSeconds() + 3601 }),
			400,
			{ error: 'invalid_grant', error_description: expect.stringContaining('short-lived token') },
		],
		[
			'a JWT issued in the future',
			async () => assertion({ iat: nowSeconds() + 600, exp: nowSeconds() + 1200 }),
			400,
			{ error: 'invalid_grant', error_description: expect.stringContaining('short-lived token') },
		],
		[
			'no scope',
			async () => assertion({ scope: undefined }),
			400,
			{
				error: 'invalid_scope',
				error_description: 'Invalid OAuth scope or ID token audience provided.',
			},
		],
		[
			'an unknown scope',
			async () => assertion({ scope: 'https://www.googleapis.com/auth/nothing' }),
			400,
			{ error: 'invalid_scope', error_description: expect.any(String) },
		],
		[
			'an unknown service account',
			async () => assertion({ iss: 'someone@else.iam.gserviceaccount.com' }),
			400,
			{ error: 'invalid_grant', error_description: 'Invalid grant: account not found' },
		],
		[
			'domain-wide delegation (sub)',
			async () => assertion({ sub: 'user@example.com' }),
			401,
			{ error: 'unauthorized_client', error_description: expect.any(String) },
		],
		[
			'garbage',
			async () => 'not-a-jwt',
			400,
			{ error: 'invalid_grant', error_description: expect.stringContaining('Invalid JWT') },
		],
	])('rejects %s', async (_label, make, status, body) => {
		const jwt = await make();
		const res = await jwtGrant(jwt);
		expect(res.status).toBe(status);
		expect(res.body).toEqual(body);
		expect(res.text).not.toContain(jwt);
	});

	it('rejects a kid that is not the key id, and accepts the right one', async () => {
		const { clientEmail, privateKeyPem, privateKeyId } = sandbox.google.serviceAccount;
		const claims = {
			iss: clientEmail,
			scope: DATA_MANAGER_SCOPE,
			aud: `${sandbox.url}/token`,
			iat: nowSeconds(),
			exp: nowSeconds() + 600,
		};
		const wrong = signJwt(claims, privateKeyPem, { alg: 'RS256', typ: 'JWT', kid: 'abc' });
		expect((await jwtGrant(wrong)).body.error_description).toBe('Invalid JWT Signature.');
		const right = signJwt(claims, privateKeyPem, { alg: 'RS256', typ: 'JWT', kid: privateKeyId });
		expect((await jwtGrant(right)).status).toBe(200);
	});

	it('issues tokens for another known scope, which the Data Manager API refuses with 403', async () => {
		const res = await jwtGrant(assertion({ scope: 'https://www.googleapis.com/auth/adwords' }));
		expect(res.status).toBe(200);
		const call = await listLists(res.body.access_token);
		expect(call.status).toBe(403);
		expect(call.body.error).toMatchObject({
			code: 403,
			status: 'PERMISSION_DENIED',
			message: 'Request had insufficient authentication scopes.',
		});
		expect(errorReason(call.body)).toBe('ACCESS_TOKEN_SCOPE_INSUFFICIENT');
	});

	it('refuses other grant types and GET', async () => {
		const res = await tokenRequest(sandbox, {
			grant_type: 'password',
			username: 'a',
			password: 'b',
		});
		expect(res.status).toBe(400);
		expect(res.body).toEqual({
			error: 'unsupported_grant_type',
			error_description: 'Invalid grant_type: password',
		});
		expect((await fetch(`${sandbox.url}/token`)).status).toBe(405);
	});
});

describe('sandbox Google token endpoint: refresh_token grant', () => {
	const form = (extra: Record<string, string> = {}) => ({
		grant_type: 'refresh_token',
		client_id: 'sandbox-client',
		client_secret: 'sandbox-client-secret',
		refresh_token: 'sandbox-refresh-token',
		...extra,
	});

	it('issues an access token with client credentials in the body or as HTTP Basic', async () => {
		const res = await tokenRequest(sandbox, form());
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			access_token: expect.stringMatching(/^ya29\./),
			expires_in: 3600,
			scope: DATA_MANAGER_SCOPE,
			token_type: 'Bearer',
		});
		expect((await listLists(res.body.access_token)).status).toBe(200);

		const basic = Buffer.from('sandbox-client:sandbox-client-secret').toString('base64');
		const viaHeader = await tokenRequest(
			sandbox,
			{ grant_type: 'refresh_token', refresh_token: 'sandbox-refresh-token' },
			{ authorization: `Basic ${basic}` },
		);
		expect(viaHeader.status).toBe(200);
	});

	it.each([
		['an unknown client', { client_id: 'nobody' }, 401, 'invalid_client'],
		['a wrong client secret', { client_secret: 'wrong' }, 401, 'invalid_client'],
		['an unknown refresh token', { refresh_token: 'revoked' }, 400, 'invalid_grant'],
		['no refresh token', { refresh_token: '' }, 400, 'invalid_request'],
	])('refuses %s', async (_label, extra, status, error) => {
		const res = await tokenRequest(sandbox, form(extra));
		expect(res.status).toBe(status);
		expect(res.body.error).toBe(error);
		expect(res.text).not.toContain('sandbox-client-secret');
	});
});

describe('sandbox Google access tokens', () => {
	it('expires issued tokens on the sandbox clock: 401 UNAUTHENTICATED, tokeninfo invalid_token', async () => {
		const { body } = await tokenRequest(sandbox, {
			grant_type: 'refresh_token',
			client_id: 'sandbox-client',
			client_secret: 'sandbox-client-secret',
			refresh_token: 'sandbox-refresh-token',
		});
		const bearer = body.access_token as string;
		const info = await fetch(`${sandbox.url}/tokeninfo?access_token=${encodeURIComponent(bearer)}`);
		expect(info.status).toBe(200);
		expect(await readJson(info)).toMatchObject({
			scope: DATA_MANAGER_SCOPE,
			expires_in: expect.stringMatching(/^(35\d\d|3600)$/),
			email: 'sandbox-user@example.com',
			aud: 'sandbox-client',
			access_type: 'offline',
		});

		sandbox.clock.advance(3599_000);
		expect((await listLists(bearer)).status).toBe(200);
		sandbox.clock.advance(1_000);
		const expired = await listLists(bearer);
		expect(expired.status).toBe(401);
		expect(expired.body.error).toMatchObject({
			code: 401,
			status: 'UNAUTHENTICATED',
			message: expect.stringContaining('Request had invalid authentication credentials.'),
		});
		expect(errorReason(expired.body)).toBe('ACCESS_TOKEN_EXPIRED');
		expect(expired.headers.get('www-authenticate')).toContain('invalid_token');

		const posted = await fetch(`${sandbox.url}/tokeninfo`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ access_token: bearer }).toString(),
		});
		expect(posted.status).toBe(400);
		expect(await readJson(posted)).toEqual({
			error: 'invalid_token',
			error_description: 'Invalid Value',
		});
	});

	it('honours tokenLifetimeSeconds, and the static token never expires', async () => {
		const short = await startSandbox({ populationSize: 10, google: { tokenLifetimeSeconds: 60 } });
		try {
			const bearer = short.google.issueAccessToken();
			short.clock.advance(61_000);
			expect((await dm(short, 'GET', userListsPath(), { bearer })).status).toBe(401);
			short.clock.advance(365 * 86_400_000);
			expect((await dm(short, 'GET', userListsPath(), { bearer: GOOGLE_BEARER })).status).toBe(200);
		} finally {
			await short.close();
		}
	});

	it('answers 401 without credentials, with an unknown token and with a non-Bearer scheme', async () => {
		const missing = await listLists(null);
		expect(missing.status).toBe(401);
		expect(missing.body.error.message).toContain(
			'Request is missing required authentication credential',
		);
		expect(errorReason(missing.body)).toBe('CREDENTIALS_MISSING');
		const unknown = await listLists('ya29.unknown');
		expect(unknown.status).toBe(401);
		expect(errorReason(unknown.body)).toBe('ACCESS_TOKEN_TYPE_UNSUPPORTED');
		const basic = await dm(sandbox, 'GET', userListsPath(), {
			bearer: null,
			headers: { authorization: 'Basic abc' },
		});
		expect(basic.status).toBe(401);
		// access_token in the query works too, like on Google's front end.
		const viaQuery = await dm(sandbox, 'GET', userListsPath(), {
			bearer: null,
			query: { access_token: GOOGLE_BEARER },
		});
		expect(viaQuery.status).toBe(200);
	});

	it('never logs a token, an assertion or a client secret', async () => {
		const jwt = assertion();
		const { body } = await jwtGrant(jwt);
		await dm(sandbox, 'GET', userListsPath(), {
			bearer: null,
			query: { access_token: body.access_token },
		});
		await fetch(`${sandbox.url}/tokeninfo?access_token=${encodeURIComponent(body.access_token)}`);
		await tokenRequest(sandbox, {
			grant_type: 'refresh_token',
			client_id: 'sandbox-client',
			client_secret: 'sandbox-client-secret',
			refresh_token: 'sandbox-refresh-token',
		});
		const log = JSON.stringify(sandbox.requests);
		expect(sandbox.google.requests.map((r) => r.path)).toEqual([
			'/token',
			'/v1/accountTypes/GOOGLE_ADS/accounts/1234567890/userLists',
			'/tokeninfo',
			'/token',
		]);
		expect(sandbox.requests.every((r) => r.platform === 'google')).toBe(true);
		for (const secret of [jwt, body.access_token, 'sandbox-client-secret', 'sandbox-refresh-token'])
			expect(log).not.toContain(secret);
		expect(sandbox.google.requests[1].query.access_token).toBe('[redacted]');
	});
});

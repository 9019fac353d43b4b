import { serviceAccountAssertion } from '../../../credentials/GoogleDataManagerServiceAccountApi.credentials';
import { startSandbox } from '../../../sandbox';
import { credentialStore, testCredential } from '../../helpers/engine';
import {
	googleAdAudience,
	oauthCredentials,
	serviceAccountCredentials,
	serviceAccountStore,
} from '../../helpers/google';
import type { Sandbox } from '../../helpers/sandbox';
import { useSandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 200 }, (started) => (sandbox = started));

function decodeSegment(segment: string): Record<string, unknown> {
	return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(segment.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
}

describe('Google Data Manager Service Account API', () => {
	it('builds an RS256 JWT grant with the documented claims', () => {
		const assertion = serviceAccountAssertion(
			'sa@project.iam.gserviceaccount.com',
			sandbox.google.serviceAccount.privateKeyPem,
			'https://oauth2.googleapis.com/token',
			1_700_000_000,
		);
		const [header, claims, signature] = assertion.split('.');
		expect(decodeSegment(header)).toEqual({ alg: 'RS256', typ: 'JWT' });
		expect(decodeSegment(claims)).toEqual({
			iss: 'sa@project.iam.gserviceaccount.com',
			scope: 'https://www.googleapis.com/auth/datamanager',
			aud: 'https://oauth2.googleapis.com/token',
			iat: 1_700_000_000,
			exp: 1_700_003_600,
		});
		expect(signature.length).toBeGreaterThan(300);
	});

	it('passes the credential test: the sandbox verifies the JWT signature with the public key', async () => {
		const result = await testCredential('googleDataManagerServiceAccountApi', serviceAccountCredentials(sandbox));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('accepts a private key pasted with escaped newlines', async () => {
		const escaped = sandbox.google.serviceAccount.privateKeyPem.replace(/\n/g, '\\n');
		const result = await testCredential(
			'googleDataManagerServiceAccountApi',
			serviceAccountCredentials(sandbox, { privateKey: escaped }),
		);
		expect(result.status).toBe('OK');
	});

	it('fails the credential test with a key that does not belong to the service account', async () => {
		const other = await startSandbox({ populationSize: 10 });
		try {
			const result = await testCredential(
				'googleDataManagerServiceAccountApi',
				serviceAccountCredentials(sandbox, { privateKey: other.google.serviceAccount.privateKeyPem }),
			);
			expect(result.status).toBe('Error');
			expect(result.message).not.toContain('PRIVATE KEY');
		} finally {
			await other.close();
		}
	});

	it('keeps the access token across runs and gets a new one once it expired', async () => {
		const store = serviceAccountStore(sandbox);
		const first = await googleAdAudience(store, { operation: 'getMany', returnAll: true, filters: {} });
		expect(first.error).toBeUndefined();
		await googleAdAudience(store, { operation: 'getMany', returnAll: true, filters: {} });
		expect(store.preAuthenticationCalls).toBe(1);

		sandbox.clock.advance(3601 * 1000);
		const afterExpiry = await googleAdAudience(store, { operation: 'getMany', returnAll: true, filters: {} });
		expect(afterExpiry.error).toBeUndefined();
		expect(store.preAuthenticationCalls).toBe(2);
	});

	it('never shows the private key or the token in an error', async () => {
		const store = serviceAccountStore(sandbox, { privateKey: 'not a key at all, but secret-material-1234' });
		const { error } = await googleAdAudience(store, { operation: 'getMany', returnAll: true, filters: {} });
		expect(error).toBeDefined();
		const everything = JSON.stringify({ message: error?.message, description: error?.description, context: error?.context });
		expect(everything).not.toContain('secret-material-1234');
	});
});

describe('Google Data Manager OAuth2 API', () => {
	it('passes the credential test with a connected token', async () => {
		const result = await testCredential('googleDataManagerOAuth2Api', oauthCredentials(sandbox));
		expect(result.status).toBe('OK');
	});

	it('refreshes an expired access token through n8n’s OAuth2 flow and keeps the new one', async () => {
		const store = credentialStore({
			googleDataManagerOAuth2Api: oauthCredentials(sandbox, {
				oauthTokenData: { access_token: 'expired-or-unknown', refresh_token: 'sandbox-refresh-token', token_type: 'Bearer' },
			}),
		});
		const { error } = await googleAdAudience(store, { operation: 'getMany', returnAll: true, filters: {} }, undefined, 'oAuth2');
		expect(error).toBeUndefined();
		const token = (store.credentials.googleDataManagerOAuth2Api.oauthTokenData as { access_token: string }).access_token;
		expect(token).not.toBe('expired-or-unknown');
	});
});

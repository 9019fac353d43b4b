import { createSign } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export const DATA_MANAGER_SCOPE = 'https://www.googleapis.com/auth/datamanager';
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const DATA_MANAGER_BASE_URL = 'https://datamanager.googleapis.com';

function base64Url(value: string): string {
	return Buffer.from(value, 'utf8').toString('base64url');
}

/**
 * The PEM key as OpenSSL reads it, however it was pasted: with "\n" escapes (copied from the JSON
 * key file), with its real newlines (which a single-line field drops, or a browser turns into
 * spaces), with Windows line ends, or still wrapped in the JSON string's quotes. The base64 body
 * is re-wrapped at 64 characters between its BEGIN and END lines.
 */
export function normalizePrivateKey(privateKey: string): string {
	const text = privateKey
		.trim()
		.replace(/^"|"$/g, '')
		.replace(/\\r/g, '')
		.replace(/\\n/g, '\n')
		.replace(/\r/g, '');
	const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
	if (!pem) return text.trim();
	const body = pem[2].replace(/\s+/g, '');
	const lines = body.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${pem[1]}-----\n${lines.join('\n')}\n-----END ${pem[1]}-----\n`;
}

/**
 * The signed JWT of Google's service-account flow (RFC 7523 "jwt-bearer" grant): RS256 over
 * header.claims, claims iss = the service account, scope, aud = the token URI, one hour validity.
 * Source: developers.google.com/identity/protocols/oauth2/service-account ("Preparing to make an
 * authorized API call").
 */
export function serviceAccountAssertion(
	clientEmail: string,
	privateKey: string,
	tokenUri: string,
	nowSeconds: number,
	scope: string = DATA_MANAGER_SCOPE,
): string {
	const header = base64Url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
	const claims = base64Url(
		JSON.stringify({ iss: clientEmail, scope, aud: tokenUri, iat: nowSeconds, exp: nowSeconds + 3600 }),
	);
	const signer = createSign('RSA-SHA256');
	signer.update(`${header}.${claims}`);
	const signature = signer.sign(normalizePrivateKey(privateKey)).toString('base64url');
	return `${header}.${claims}.${signature}`;
}

export const googleAccountProperties: INodeProperties[] = [
	{
		displayName: 'Login (Manager) Account ID',
		name: 'loginAccountId',
		type: 'string',
		default: '',
		placeholder: '123-456-7890',
		description:
			'Only when the access to the Google Ads accounts goes through a manager account (MCC): its customer ID. Sent as the login account of every request.',
	},
	{
		displayName: 'API Base URL',
		name: 'baseUrl',
		type: 'string',
		default: DATA_MANAGER_BASE_URL,
		description: 'Change only to reach a test server (for example the local sandbox of this package)',
	},
];

export class GoogleDataManagerServiceAccountApi implements ICredentialType {
	name = 'googleDataManagerServiceAccountApi';

	displayName = 'Google Data Manager Service Account API';

	icon: Icon = { light: 'file:../icons/google.svg', dark: 'file:../icons/google.dark.svg' };

	documentationUrl =
		'https://github.com/audience-sync/n8n-nodes-audience-sync?tab=readme-ov-file#google-data-manager';

	properties: INodeProperties[] = [
		{
			displayName: 'Service Account Email',
			name: 'clientEmail',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'name@project.iam.gserviceaccount.com',
			description:
				'The client_email of the service account key. Add this e-mail as a user of the Google Ads account (Admin → Access and security).',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The private_key of the service account JSON key file, including the BEGIN and END lines. Paste it as it is: with \\n escapes or with its line breaks.',
		},
		...googleAccountProperties,
		{
			displayName: 'Token URI',
			name: 'grantUrl',
			type: 'string',
			default: GOOGLE_TOKEN_URI,
			description: 'The token_uri of the key file: where the signed JWT is exchanged for an access token. Change only to reach a test server.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * n8n calls this when the stored access token is empty or the API answered 401 (expired), and
	 * keeps the returned token with the credential until then.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const tokenUri = String(credentials.grantUrl || GOOGLE_TOKEN_URI);
		const assertion = serviceAccountAssertion(
			String(credentials.clientEmail ?? '').trim(),
			String(credentials.privateKey ?? ''),
			tokenUri,
			Math.floor(Date.now() / 1000),
		);
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: tokenUri,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
				assertion,
			}).toString(),
			json: true,
		})) as IDataObject;
		return { accessToken: String(response.access_token ?? '') };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const accessToken = String(credentials.accessToken ?? '');
		requestOptions.headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${accessToken}` };
		// The credential test asks Google's token-info endpoint about the token just obtained. n8n
		// resolves the test request before it runs preAuthentication, so an expression cannot carry
		// that token: it is added here, in the form body (never in the URL).
		if (/\/tokeninfo$/.test(String(requestOptions.url ?? ''))) {
			requestOptions.body = new URLSearchParams({ access_token: accessToken }).toString();
		}
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '={{$credentials.grantUrl.replace(/\\/token$/, "")}}/tokeninfo',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		},
	};
}

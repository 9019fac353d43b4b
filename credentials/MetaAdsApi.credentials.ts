import { createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export const META_DEFAULT_GRAPH_VERSION = 'v26.0';
export const META_DEFAULT_BASE_URL = 'https://graph.facebook.com';

/**
 * appsecret_proof = HMAC-SHA256(key = app secret, message = token + '|' + unix time), hex, sent
 * with appsecret_time. Meta accepts a proof for 5 minutes, so it is computed for every request.
 * Source: developers.facebook.com/docs/facebook-login/security ("appsecret_proof").
 */
export function metaAppSecretProof(
	accessToken: string,
	appSecret: string,
	unixTime: number,
): { appsecret_proof: string; appsecret_time: string } {
	const time = String(unixTime);
	const proof = createHmac('sha256', appSecret).update(`${accessToken}|${time}`).digest('hex');
	return { appsecret_proof: proof, appsecret_time: time };
}

export class MetaAdsApi implements ICredentialType {
	name = 'metaAdsApi';

	displayName = 'Meta Ads API';

	icon: Icon = { light: 'file:../icons/meta.svg', dark: 'file:../icons/meta.dark.svg' };

	documentationUrl =
		'https://github.com/audience-sync/n8n-nodes-audience-sync?tab=readme-ov-file#meta-ads-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A system-user access token of your Business Manager with the ads_management permission. System-user tokens do not expire every 60 days like user tokens do.',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. Your Meta app's secret. When set, every request carries an appsecret_proof, which Meta requires when the app has 'Require App Secret' turned on.",
		},
		{
			displayName: 'Graph API Version',
			name: 'graphVersion',
			type: 'string',
			default: META_DEFAULT_GRAPH_VERSION,
			placeholder: META_DEFAULT_GRAPH_VERSION,
			description: 'Marketing API version used in every request path',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: META_DEFAULT_BASE_URL,
			description:
				'Change only to reach a test server (for example the local sandbox of this package)',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const accessToken = String(credentials.accessToken ?? '');
		const appSecret = String(credentials.appSecret ?? '');
		// The token travels in a header, never in the URL, so it cannot end up in logged URLs.
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			Authorization: `Bearer ${accessToken}`,
		};
		if (appSecret) {
			requestOptions.qs = {
				...(requestOptions.qs ?? {}),
				...metaAppSecretProof(accessToken, appSecret, Math.floor(Date.now() / 1000)),
			};
		}
		return requestOptions;
	}

	/**
	 * n8n's credential tester reports a failed HTTP status by its status text only ("Bad Request"),
	 * which hides Meta's reason. So the test takes Meta's answer whatever its status, and the rules
	 * below (checked in order) turn Graph's error codes into what to do; an answer without an `id`
	 * that no rule names still fails.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/{{$credentials.graphVersion}}',
			url: '/me',
			method: 'GET',
			qs: { fields: 'id,name' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 190,
					message:
						'Meta rejected the access token (OAuthException 190): it is invalid, expired or revoked. Generate a new system-user token (Business Settings → Users → System users) and paste it again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 100,
					message:
						'Meta rejected the request (error 100). When App Secret is set, it must be the secret of the app that issued the token; also check the Graph API Version.',
				},
			},
			...[10, 200].map((code) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'error.code',
					value: code,
					message: `Meta refused the permission (error ${code}): the token needs ads_management, and its system user must be assigned to the ad account.`,
				},
			})),
			...[4, 17, 32, 613].map((code) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'error.code',
					value: code,
					message: `Meta is rate-limiting this token (error ${code}). The token is valid; test again in a few minutes.`,
				},
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'id',
					value: undefined,
					message:
						'Meta did not confirm the token (no account in its answer). Check the Access Token, App Secret, Graph API Version and Base URL.',
				},
			},
		],
	};
}

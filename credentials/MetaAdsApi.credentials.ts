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
			placeholder: 'v26.0',
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

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/{{$credentials.graphVersion}}',
			url: '/me',
			method: 'GET',
			qs: { fields: 'id,name' },
		},
	};
}

import type { IDataObject } from 'n8n-workflow';

import { DATA_MANAGER_BASE_URL } from '../../../../credentials/GoogleDataManagerServiceAccountApi.credentials';
import { connect, credentialUrl, PlatformClient } from '../../transport/client';
import type { HttpAnswer, PlatformError, PlatformRequest, PlatformResponse, PlatformSpec, RequestContext, SendResult } from '../../transport/client';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../transport/retry';
import type { GoogleErrorBody, GoogleErrorContext } from './errors';
import { describeGoogleError } from './errors';

export type GoogleCredentialName = 'googleDataManagerOAuth2Api' | 'googleDataManagerServiceAccountApi';

/** The credential type behind the node's Authentication choice. */
export function googleCredentialFor(authentication: string): GoogleCredentialName {
	return authentication === 'oAuth2' ? 'googleDataManagerOAuth2Api' : 'googleDataManagerServiceAccountApi';
}

export type GoogleResponse<T> = PlatformResponse<T>;

export type GoogleResult<T> = SendResult<T>;

export interface GoogleRequest extends PlatformRequest<GoogleErrorContext> {
	/** Path after the base URL, e.g. `/v1/audienceMembers:ingest`. */
	path: string;
	/** Send the login-account header (user list management through a manager account). */
	withLoginAccountHeader?: boolean;
}

/** Digits of a Google Ads customer ID written `123-456-7890` or `1234567890`. */
export function googleAccountDigits(value: unknown): string | undefined {
	const digits = String(value ?? '').replace(/[\s-]/g, '');
	return /^\d{6,12}$/.test(digits) ? digits : undefined;
}

function parsedJson(data: unknown): unknown {
	if (typeof data !== 'string') return data;
	try {
		return JSON.parse(data);
	} catch {
		return undefined;
	}
}

function googleErrorBody(data: unknown): GoogleErrorBody | undefined {
	const parsed = parsedJson(data);
	if (parsed && typeof parsed === 'object' && 'error' in parsed) {
		const error = (parsed as { error: unknown }).error;
		if (error && typeof error === 'object') return error as GoogleErrorBody;
	}
	return undefined;
}

/** An OAuth token endpoint error: `{"error": "invalid_grant", "error_description": "..."}`. */
function oauthErrorOf(data: unknown): { error: string; error_description?: string } | undefined {
	const parsed = parsedJson(data) as { error?: unknown; error_description?: unknown } | undefined;
	if (!parsed || typeof parsed !== 'object' || typeof parsed.error !== 'string') return undefined;
	const description = parsed.error_description;
	return { error: parsed.error, error_description: typeof description === 'string' ? description : undefined };
}

const GOOGLE: PlatformSpec = {
	name: 'Google',
	secretFields: [
		'accessToken',
		'privateKey',
		'clientSecret',
		'oauthTokenData.access_token',
		'oauthTokenData.refresh_token',
	],
	apiBaseUrl: (credentials) => credentialUrl(credentials.baseUrl, DATA_MANAGER_BASE_URL),
	baseUrlLabel: 'API Base URL',
	// Raised, so that n8n refreshes an expired token (OAuth2 refresh, or the service account's JWT
	// grant again) and resends; the Google error is then read from what was raised.
	httpErrors: 'raise',
	localFailure: {
		message: 'Could not prepare the request to Google',
		advice: 'Check the credential (service account e-mail and private key).',
		reason: 'invalid_credentials',
	},
};

/** Data Manager API client. HTTP errors are left to n8n's request helper to raise (see `httpErrors`). */
export class GoogleClient extends PlatformClient<GoogleRequest> {
	declare readonly credentialName: GoogleCredentialName;

	/** The manager account of the credential, when access goes through one. */
	readonly loginAccountId = googleAccountDigits(this.credentials.loginAccountId);

	static async create(
		ctx: RequestContext,
		credentialName: GoogleCredentialName,
		retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
		itemIndex?: number,
	): Promise<GoogleClient> {
		return new GoogleClient(ctx, await connect(ctx, credentialName, GOOGLE), retryPolicy, itemIndex);
	}

	get baseUrl(): string {
		return this.apiBaseUrl;
	}

	/** The login account of a destination, when the credential goes through a manager account. */
	loginAccount(): IDataObject | undefined {
		return this.loginAccountId ? { accountType: 'GOOGLE_ADS', accountId: this.loginAccountId } : undefined;
	}

	protected headersFor(request: GoogleRequest): IDataObject | undefined {
		if (!request.withLoginAccountHeader || !this.loginAccountId) return undefined;
		return { 'login-account': `accountTypes/GOOGLE_ADS/accounts/${this.loginAccountId}` };
	}

	protected describe(answer: HttpAnswer, request: GoogleRequest): PlatformError | undefined {
		const body = answer.statusCode === undefined ? undefined : googleErrorBody(answer.body);
		if (body) {
			return {
				described: describeGoogleError(body, { ...request.context, httpStatus: answer.statusCode }),
				details: { error: body } as IDataObject,
			};
		}
		const oauth = oauthErrorOf(answer.body);
		if (!oauth) return undefined;
		const said = oauth.error_description ? ` (${oauth.error_description})` : '';
		return {
			described: {
				message: 'Google refused to issue an access token',
				description: `The token endpoint said: ${oauth.error}${said}. For a service account, check its e-mail and private key and that the key is not deleted; for OAuth2, reconnect the credential.`,
				retryable: false,
				reason: 'invalid_credentials',
			},
			details: { error: oauth.error },
		};
	}
}

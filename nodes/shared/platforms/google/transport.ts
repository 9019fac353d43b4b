import { sentences, withoutFinalPeriod } from '../../sentences';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { isTransientNetworkError } from '../../transport/network';
import { redactDeep, redactSecrets } from '../../transport/redact';
import { type AttemptResult, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../transport/retry';
import { platformFailureToNodeError, sendWithRetries } from '../../transport/failures';
import type { RequestContext } from '../meta/transport';
import type { PlatformFailure } from '../types';
import type { GoogleErrorBody, GoogleErrorContext } from './errors';
import { describeGoogleError } from './errors';

export type GoogleCredentialName = 'googleDataManagerOAuth2Api' | 'googleDataManagerServiceAccountApi';

/** The credential type behind the node's Authentication choice. */
export function googleCredentialFor(authentication: string): GoogleCredentialName {
	return authentication === 'oAuth2' ? 'googleDataManagerOAuth2Api' : 'googleDataManagerServiceAccountApi';
}

export interface GoogleResponse<T> {
	body: T;
	headers: Record<string, unknown>;
	statusCode: number;
}

export type GoogleResult<T> = { ok: true; value: GoogleResponse<T> } | { ok: false; failure: PlatformFailure };

export interface GoogleRequest {
	method: IHttpRequestMethods;
	/** Path after the base URL, e.g. `/v1/audienceMembers:ingest`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Send the login-account header (user list management through a manager account). */
	withLoginAccountHeader?: boolean;
	context?: GoogleErrorContext;
	itemIndex?: number;
}

/** Digits of a Google Ads customer ID written `123-456-7890` or `1234567890`. */
export function googleAccountDigits(value: unknown): string | undefined {
	const digits = String(value ?? '').replace(/[\s-]/g, '');
	return /^\d{6,12}$/.test(digits) ? digits : undefined;
}

interface HttpErrorShape {
	response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
	cause?: { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } };
	httpCode?: string;
	context?: { data?: unknown };
	message?: string;
}

/** Status, body and headers of an HTTP error as n8n raises it (axios error, or NodeApiError around one). */
function responseOf(error: unknown): { status?: number; data?: unknown; headers: Record<string, unknown> } {
	const e = (error ?? {}) as HttpErrorShape;
	const response = e.response ?? e.cause?.response;
	const status = response?.status ?? (e.httpCode ? Number(e.httpCode) : undefined);
	return {
		status: Number.isFinite(status) ? status : undefined,
		data: response?.data ?? e.context?.data,
		headers: response?.headers ?? {},
	};
}

function googleErrorBody(data: unknown): GoogleErrorBody | undefined {
	let parsed = data;
	if (typeof parsed === 'string') {
		try {
			parsed = JSON.parse(parsed);
		} catch {
			return undefined;
		}
	}
	if (parsed && typeof parsed === 'object' && 'error' in parsed) {
		const error = (parsed as { error: unknown }).error;
		if (error && typeof error === 'object') return error as GoogleErrorBody;
	}
	return undefined;
}

/** An OAuth token endpoint error: `{"error": "invalid_grant", "error_description": "..."}`. */
function oauthErrorOf(data: unknown): { error: string; error_description?: string } | undefined {
	let parsed = data;
	if (typeof parsed === 'string') {
		try {
			parsed = JSON.parse(parsed);
		} catch {
			return undefined;
		}
	}
	if (parsed && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string') {
		const value = parsed as { error: string; error_description?: unknown };
		return {
			error: value.error,
			error_description: typeof value.error_description === 'string' ? value.error_description : undefined,
		};
	}
	return undefined;
}

function retryAfterMs(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Data Manager API client. HTTP errors are left to n8n's request helper to raise, because that is
 * where n8n refreshes an expired token (OAuth2 refresh, or the service account's JWT grant again)
 * and resends; the client then reads the Google error from what was raised.
 */
export class GoogleClient {
	private constructor(
		private readonly ctx: RequestContext,
		readonly credentialName: GoogleCredentialName,
		readonly baseUrl: string,
		readonly loginAccountId: string | undefined,
		private readonly secrets: string[],
		readonly retryPolicy: RetryPolicy,
		private readonly defaultItemIndex?: number,
	) {}

	static async create(
		ctx: RequestContext,
		credentialName: GoogleCredentialName,
		retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
		itemIndex?: number,
	): Promise<GoogleClient> {
		const credentials = await ctx.getCredentials(credentialName);
		const baseUrl = String(credentials.baseUrl || 'https://datamanager.googleapis.com').replace(/\/+$/, '');
		const oauth = (credentials.oauthTokenData ?? {}) as IDataObject;
		const secrets = [
			credentials.accessToken,
			credentials.privateKey,
			credentials.clientSecret,
			oauth.access_token,
			oauth.refresh_token,
		].filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
		return new GoogleClient(
			ctx,
			credentialName,
			baseUrl,
			googleAccountDigits(credentials.loginAccountId),
			secrets,
			retryPolicy,
			itemIndex,
		);
	}

	redact(text: string): string {
		return redactSecrets(text, this.secrets);
	}

	/** The login account of a destination, when the credential goes through a manager account. */
	loginAccount(): IDataObject | undefined {
		return this.loginAccountId ? { accountType: 'GOOGLE_ADS', accountId: this.loginAccountId } : undefined;
	}

	async request<T = IDataObject>(request: GoogleRequest): Promise<T> {
		const result = await this.send<T>(request);
		if (!result.ok) {
			throw platformFailureToNodeError(
				this.ctx.getNode(),
				result.failure,
				request.itemIndex ?? this.defaultItemIndex,
			);
		}
		return result.value.body;
	}

	async send<T = IDataObject>(request: GoogleRequest): Promise<GoogleResult<T>> {
		return await sendWithRetries(async () => await this.attempt<T>(request), this.retryPolicy, 'Google');
	}

	private async attempt<T>(request: GoogleRequest): Promise<AttemptResult<GoogleResponse<T>, PlatformFailure>> {
		const headers: IDataObject = {};
		if (request.withLoginAccountHeader && this.loginAccountId) {
			headers['login-account'] = `accountTypes/GOOGLE_ADS/accounts/${this.loginAccountId}`;
		}
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.baseUrl}${request.path}`,
			qs: request.qs,
			headers,
			json: true,
			returnFullResponse: true,
		};
		if (request.body !== undefined) options.body = request.body;
		try {
			const ctx = this.ctx as IExecuteFunctions;
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				this.credentialName,
				options,
			)) as GoogleResponse<T>;
			return { ok: true, value: { body: response.body, headers: response.headers ?? {}, statusCode: response.statusCode } };
		} catch (error) {
			const { status, data, headers: responseHeaders } = responseOf(error);
			const body = googleErrorBody(data);
			if (status === undefined || !body) {
				const message = this.redact((error as Error)?.message ?? String(error));
				const oauth = oauthErrorOf(data);
				if (oauth) {
					return {
						ok: false,
						retryable: false,
						failure: {
							described: {
								message: 'Google refused to issue an access token',
								description: `The token endpoint said: ${oauth.error}${oauth.error_description ? ` (${this.redact(oauth.error_description)})` : ''}. For a service account, check its e-mail and private key and that the key is not deleted; for OAuth2, reconnect the credential.`,
								retryable: false,
								reason: 'invalid_credentials',
							},
							details: { error: oauth.error },
							httpStatus: status,
							attempts: 1,
						},
					};
				}
				const retryable =
					status === undefined ? isTransientNetworkError(error) : status >= 500 || status === 429;
				return {
					ok: false,
					retryable,
					failure: {
						described: {
							message:
								status !== undefined
									? `Google answered HTTP ${status}`
									: retryable
										? 'Could not reach Google'
										: 'Could not prepare the request to Google',
							description:
								status === undefined && !retryable
									? sentences(message, 'Check the credential (service account e-mail and private key).')
									: `The request did not complete (${withoutFinalPeriod(message)}). Check the network and the credential's API Base URL.`,
							retryable,
							reason: retryable ? 'network_error' : status === undefined ? 'invalid_credentials' : 'platform_error',
						},
						details: { message },
						httpStatus: status,
						attempts: 1,
					},
				};
			}
			const safe = redactDeep(body, this.secrets);
			const described = describeGoogleError(safe, { ...request.context, httpStatus: status });
			return {
				ok: false,
				retryable: described.retryable,
				retryAfterMs: described.retryable ? retryAfterMs(responseHeaders['retry-after']) : undefined,
				failure: { described, details: { error: safe } as IDataObject, httpStatus: status, attempts: 1 },
			};
		}
	}
}

import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { isTransientNetworkError } from '../../transport/network';
import { redactDeep, redactSecrets } from '../../transport/redact';
import { type AttemptResult, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../transport/retry';
import type { GraphErrorBody, MetaErrorContext } from './errors';
import { platformFailureToNodeError, sendWithRetries } from '../../transport/failures';
import type { PlatformFailure } from '../types';
import { describeMetaError, regainAccessDelayMs } from './errors';

export const META_CREDENTIAL = 'metaAdsApi';

/** The n8n function contexts the Meta client runs in. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface MetaResponse<T> {
	body: T;
	headers: Record<string, unknown>;
	statusCode: number;
}

/** A Graph request that failed for good (after retries, when they applied). */
export type MetaFailure = PlatformFailure;

export type MetaResult<T> = { ok: true; value: MetaResponse<T> } | { ok: false; failure: MetaFailure };

interface RawResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

export interface MetaRequest {
	method: IHttpRequestMethods;
	/** Path after the version, e.g. `/act_123/customaudiences` or `/123/users`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	context?: MetaErrorContext;
	/** Item the request is made for, so a failure points at it in the editor. */
	itemIndex?: number;
}

export class MetaClient {
	private constructor(
		private readonly ctx: RequestContext,
		readonly apiBaseUrl: string,
		private readonly secrets: string[],
		readonly retryPolicy: RetryPolicy,
		private readonly defaultItemIndex?: number,
	) {}

	static async create(
		ctx: RequestContext,
		retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
		itemIndex?: number,
	): Promise<MetaClient> {
		const credentials = await ctx.getCredentials(META_CREDENTIAL);
		const baseUrl = String(credentials.baseUrl || 'https://graph.facebook.com').replace(/\/+$/, '');
		const version = String(credentials.graphVersion || 'v26.0').replace(/^\/+|\/+$/g, '');
		const secrets = [credentials.accessToken, credentials.appSecret].filter(
			(secret): secret is string => typeof secret === 'string' && secret.length > 0,
		);
		return new MetaClient(ctx, `${baseUrl}/${version}`, secrets, retryPolicy, itemIndex);
	}

	redact(text: string): string {
		return redactSecrets(text, this.secrets);
	}

	/** Sends with retries; throws NodeApiError when the request fails for good. */
	async request<T = IDataObject>(request: MetaRequest): Promise<T> {
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

	/** Sends with retries; a failure is returned, not thrown, so batch callers can record it. */
	async send<T = IDataObject>(request: MetaRequest): Promise<MetaResult<T>> {
		return await sendWithRetries(async () => await this.attempt<T>(request), this.retryPolicy, 'Meta');
	}

	/** Follows Graph cursor paging until `limit` entries were read (or all of them when undefined). */
	async list<T extends IDataObject>(
		request: MetaRequest,
		limit?: number,
		pageSize = 100,
	): Promise<T[]> {
		const results: T[] = [];
		let after: string | undefined;
		do {
			const want = limit === undefined ? pageSize : Math.min(pageSize, limit - results.length);
			const page = await this.request<{
				data?: T[];
				paging?: { cursors?: { after?: string }; next?: string };
			}>({
				...request,
				qs: { ...(request.qs ?? {}), limit: want, ...(after ? { after } : {}) },
			});
			results.push(...(page.data ?? []));
			after = page.paging?.next ? page.paging.cursors?.after : undefined;
		} while (after && (limit === undefined || results.length < limit));
		return limit === undefined ? results : results.slice(0, limit);
	}

	private async attempt<T>(request: MetaRequest): Promise<AttemptResult<MetaResponse<T>, MetaFailure>> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.apiBaseUrl}${request.path}`,
			qs: request.qs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		// Graph takes the payload in a JSON body for every verb, DELETE included; in the query
		// string a large payload breaks Meta's URL limit (facebook-java-business-sdk #179).
		if (request.body !== undefined) options.body = request.body;

		let response: RawResponse;
		try {
			const ctx = this.ctx as IExecuteFunctions;
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				META_CREDENTIAL,
				options,
			)) as RawResponse;
		} catch (error) {
			const message = this.redact((error as Error)?.message ?? String(error));
			const retryable = isTransientNetworkError(error);
			return {
				ok: false,
				retryable,
				failure: {
					described: {
						message: retryable ? 'Could not reach Meta' : 'Could not send the request to Meta',
						description: `The request did not complete (${message}). Check the network and the credential's Base URL.`,
						retryable,
						reason: 'network_error',
					},
					details: { message },
					attempts: 1,
				},
			};
		}

		const status = response.statusCode;
		if (status >= 200 && status < 300 && !isGraphError(response.body)) {
			return { ok: true, value: { body: response.body as T, headers: response.headers ?? {}, statusCode: status } };
		}

		const graph = redactDeep(extractGraphError(response.body, status), this.secrets);
		const described = describeMetaError(graph, { ...request.context, httpStatus: status });
		const headers = response.headers ?? {};
		return {
			ok: false,
			retryable: described.retryable,
			retryAfterMs: described.retryable
				? (regainAccessDelayMs(headers['x-business-use-case-usage']) ??
					retryAfterHeaderMs(headers['retry-after']))
				: undefined,
			failure: { described, details: { ...graph }, httpStatus: status, attempts: 1 },
		};
	}
}

function isGraphError(body: unknown): boolean {
	return body !== null && typeof body === 'object' && 'error' in (body as object);
}

function extractGraphError(body: unknown, status: number): GraphErrorBody {
	if (isGraphError(body)) {
		const error = (body as { error: unknown }).error;
		if (error && typeof error === 'object') {
			const e = error as Record<string, unknown>;
			return {
				message: typeof e.message === 'string' ? e.message : undefined,
				type: typeof e.type === 'string' ? e.type : undefined,
				code: typeof e.code === 'number' ? e.code : undefined,
				error_subcode: typeof e.error_subcode === 'number' ? e.error_subcode : undefined,
				error_user_title: typeof e.error_user_title === 'string' ? e.error_user_title : undefined,
				error_user_msg: typeof e.error_user_msg === 'string' ? e.error_user_msg : undefined,
				fbtrace_id: typeof e.fbtrace_id === 'string' ? e.fbtrace_id : undefined,
			};
		}
	}
	if (typeof body === 'string' && /<html/i.test(body)) {
		return {
			message:
				status === 413 || status === 414
					? 'the request was too large for Meta’s front end (HTML error page)'
					: `Meta answered with an HTML error page (HTTP ${status})`,
		};
	}
	return { message: `unexpected response (HTTP ${status})` };
}

function retryAfterHeaderMs(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

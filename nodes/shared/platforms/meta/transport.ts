import type { IDataObject } from 'n8n-workflow';

import { META_DEFAULT_BASE_URL, META_DEFAULT_GRAPH_VERSION } from '../../../../credentials/MetaAdsApi.credentials';
import { connect, credentialUrl, PlatformClient } from '../../transport/client';
import type { HttpAnswer, PlatformError, PlatformRequest, PlatformResponse, PlatformSpec, RequestContext, SendResult } from '../../transport/client';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../transport/retry';
import type { PlatformFailure } from '../types';
import type { GraphErrorBody, MetaErrorContext } from './errors';
import { describeMetaError, regainAccessDelayMs } from './errors';

export type { RequestContext } from '../../transport/client';

export const META_CREDENTIAL = 'metaAdsApi';

export type MetaResponse<T> = PlatformResponse<T>;

/** A Graph request that failed for good (after retries, when they applied). */
export type MetaFailure = PlatformFailure;

export type MetaResult<T> = SendResult<T>;

export interface MetaRequest extends PlatformRequest<MetaErrorContext> {
	/** Path after the version, e.g. `/act_123/customaudiences` or `/123/users`. */
	path: string;
}

const META: PlatformSpec = {
	name: 'Meta',
	secretFields: ['accessToken', 'appSecret'],
	apiBaseUrl: (credentials) =>
		`${credentialUrl(credentials.baseUrl, META_DEFAULT_BASE_URL)}/${String(
			credentials.graphVersion || META_DEFAULT_GRAPH_VERSION,
		).replace(/^\/+|\/+$/g, '')}`,
	baseUrlLabel: 'Base URL',
	// The credential holds no token n8n could refresh, so Graph errors are taken as answers.
	httpErrors: 'answer',
	localFailure: {
		message: 'Could not send the request to Meta',
		advice: "Check the credential's Base URL and Graph API Version.",
		reason: 'network_error',
	},
};

/** Graph API client. Graph errors come back as answers (ignoreHttpStatusErrors), read from the body. */
export class MetaClient extends PlatformClient<MetaRequest> {
	static async create(
		ctx: RequestContext,
		retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
		itemIndex?: number,
	): Promise<MetaClient> {
		return new MetaClient(ctx, await connect(ctx, META_CREDENTIAL, META), retryPolicy, itemIndex);
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

	/** Graph can answer 200 with an error body. */
	protected isSuccess(answer: MetaResponse<unknown>): boolean {
		return super.isSuccess(answer) && !isGraphError(answer.body);
	}

	protected describe(answer: HttpAnswer, request: MetaRequest): PlatformError {
		const graph = graphErrorOf(answer.body, answer.statusCode);
		return {
			described: describeMetaError(graph, { ...request.context, httpStatus: answer.statusCode }),
			details: { ...graph },
		};
	}

	/** X-Business-Use-Case-Usage says when the ad account regains access after a rate limit. */
	protected announcedWaitMs(headers: Record<string, unknown>): number | undefined {
		return regainAccessDelayMs(headers['x-business-use-case-usage']);
	}
}

function isGraphError(body: unknown): boolean {
	return body !== null && typeof body === 'object' && 'error' in (body as object);
}

function graphErrorOf(body: unknown, status: number | undefined): GraphErrorBody {
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

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { PlatformErrorDescription, PlatformFailure } from '../platforms/types';
import { sentences, withoutFinalPeriod } from '../sentences';
import { platformFailureToNodeError, type PlatformResult, sendWithRetries } from './failures';
import { isTransientNetworkError } from './network';
import { redactDeep, redactSecrets } from './redact';
import type { AttemptResult, RetryPolicy } from './retry';

/** The n8n function contexts a platform client runs in. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** One request to a platform API. */
export interface PlatformRequest<Context = unknown> {
	method: IHttpRequestMethods;
	/** Path after the API base URL. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** What the request is about, for the words of its error. */
	context?: Context;
	/** Item the request is made for, so a failure points at it in the editor. */
	itemIndex?: number;
}

export interface PlatformResponse<T> {
	body: T;
	headers: Record<string, unknown>;
	statusCode: number;
}

export type SendResult<T> = PlatformResult<PlatformResponse<T>>;

/** An HTTP answer: returned by n8n's helper, or carried by the error it raised (status unknown at times). */
export interface HttpAnswer {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode?: number;
}

/** A platform's error read from an answer: in words for the user, with the (redacted) body to attach. */
export interface PlatformError {
	described: PlatformErrorDescription;
	details: IDataObject;
}

/** What a platform says once about its credential and its API. */
export interface PlatformSpec {
	/** The platform's name in messages ("Could not reach Meta"). */
	name: string;
	/**
	 * The credential fields that hold secrets; a dotted path reaches a nested one
	 * (`oauthTokenData.refresh_token`). They are removed from every text a failure carries.
	 */
	secretFields: readonly string[];
	/** The API base URL from the credential's fields; their defaults come from the credential definition. */
	apiBaseUrl: (credentials: ICredentialDataDecryptedObject) => string;
	/** The label of the credential's base URL field, for advice. */
	baseUrlLabel: string;
	/**
	 * How HTTP errors come back. `answer`: n8n's helper returns them (ignoreHttpStatusErrors).
	 * `raise`: the helper raises them, because that is where n8n refreshes an expired token (OAuth2
	 * refresh, or a preAuthentication token again) and resends; the answer is read from the error.
	 */
	httpErrors: 'answer' | 'raise';
	/** A request that failed with no answer, not for a network reason (a credential that cannot sign its token request). */
	localFailure: { message: string; advice: string; reason: string };
}

/** A platform client's credential, read once. */
export interface Connection {
	spec: PlatformSpec;
	credentialName: string;
	credentials: ICredentialDataDecryptedObject;
	apiBaseUrl: string;
	secrets: string[];
}

export async function connect(ctx: RequestContext, credentialName: string, spec: PlatformSpec): Promise<Connection> {
	const credentials = await ctx.getCredentials(credentialName);
	return {
		spec,
		credentialName,
		credentials,
		apiBaseUrl: spec.apiBaseUrl(credentials),
		secrets: credentialSecrets(credentials, spec.secretFields),
	};
}

/** The non-empty string values of the credential's secret fields. */
export function credentialSecrets(credentials: IDataObject, fields: readonly string[]): string[] {
	return fields
		.map((field) =>
			field
				.split('.')
				.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined), credentials),
		)
		.filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
}

/** A URL field of the credential without its trailing slashes; `fallback` (the field's default) when empty. */
export function credentialUrl(value: unknown, fallback: string): string {
	return String(value || fallback).replace(/\/+$/, '');
}

/**
 * Retry-After (RFC 9110 §10.2.3) in milliseconds: delay-seconds, or an HTTP-date counted from
 * `now`; undefined when absent or unreadable.
 */
export function retryAfterMs(value: unknown, now: number = Date.now()): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const date = /GMT$/.test(text) ? Date.parse(text) : NaN;
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

interface RaisedHttpError {
	response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
	cause?: { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } };
	httpCode?: string;
	context?: { data?: unknown };
}

/** The answer an error raised by n8n's helper carries (an axios error, or a NodeApiError around one). */
export function answerOfRaisedError(error: unknown): HttpAnswer | undefined {
	const e = (error ?? {}) as RaisedHttpError;
	const response = e.response ?? e.cause?.response;
	const status = response?.status ?? (e.httpCode ? Number(e.httpCode) : undefined);
	const body = response?.data ?? e.context?.data;
	const statusCode = status !== undefined && Number.isFinite(status) ? status : undefined;
	if (statusCode === undefined && body === undefined) return undefined;
	return { body, headers: response?.headers ?? {}, statusCode };
}

type AttemptFailure = Extract<AttemptResult<never, PlatformFailure>, { ok: false }>;

/**
 * A platform API client: requests with the n8n credential, retries, waits the platform asks for,
 * secret redaction, and failures either thrown as NodeApiError (`request`) or returned (`send`).
 * A platform supplies its spec and how one answer reads: its headers, success, and error words.
 */
export abstract class PlatformClient<Request extends PlatformRequest> {
	readonly credentialName: string;
	readonly apiBaseUrl: string;
	protected readonly credentials: ICredentialDataDecryptedObject;
	private readonly spec: PlatformSpec;
	private readonly secrets: readonly string[];

	protected constructor(
		protected readonly ctx: RequestContext,
		connection: Connection,
		readonly retryPolicy: RetryPolicy,
		private readonly defaultItemIndex?: number,
	) {
		this.spec = connection.spec;
		this.credentialName = connection.credentialName;
		this.credentials = connection.credentials;
		this.apiBaseUrl = connection.apiBaseUrl;
		this.secrets = connection.secrets;
	}

	/** The platform's error in an answer whose body is redacted already; undefined when it holds none. */
	protected abstract describe(answer: HttpAnswer, request: Request): PlatformError | undefined;

	/** Headers the platform adds to a request. */
	protected headersFor?(request: Request): IDataObject | undefined;

	/** A wait the platform announces in its own headers (usage headers); Retry-After is read otherwise. */
	protected announcedWaitMs?(headers: Record<string, unknown>): number | undefined;

	/** Whether an answer n8n's helper returned is a success. */
	protected isSuccess(answer: PlatformResponse<unknown>): boolean {
		return answer.statusCode >= 200 && answer.statusCode < 300;
	}

	redact(text: string): string {
		return redactSecrets(text, this.secrets);
	}

	/** Sends with retries; throws NodeApiError when the request fails for good. */
	async request<T = IDataObject>(request: Request): Promise<T> {
		const result = await this.send<T>(request);
		if (!result.ok) {
			throw platformFailureToNodeError(this.ctx.getNode(), result.failure, request.itemIndex ?? this.defaultItemIndex);
		}
		return result.value.body;
	}

	/** Sends with retries; a failure is returned, not thrown, so batch callers can record it. */
	async send<T = IDataObject>(request: Request): Promise<SendResult<T>> {
		return await sendWithRetries(async () => await this.attempt<T>(request), this.retryPolicy, this.spec.name);
	}

	private async attempt<T>(request: Request): Promise<AttemptResult<PlatformResponse<T>, PlatformFailure>> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.apiBaseUrl}${request.path}`,
			qs: request.qs,
			json: true,
			returnFullResponse: true,
		};
		if (this.spec.httpErrors === 'answer') options.ignoreHttpStatusErrors = true;
		const headers = this.headersFor?.(request);
		if (headers) options.headers = headers;
		// The payload goes in a JSON body for every verb, DELETE included: Graph takes it there, and in
		// the query string a large payload breaks Meta's URL limit (facebook-java-business-sdk #179).
		if (request.body !== undefined) options.body = request.body;

		let answer: PlatformResponse<T>;
		try {
			const ctx = this.ctx as IExecuteFunctions;
			answer = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				this.credentialName,
				options,
			)) as PlatformResponse<T>;
		} catch (error) {
			const carried = this.spec.httpErrors === 'raise' ? answerOfRaisedError(error) : undefined;
			return this.failed(request, carried, error);
		}
		const response = { body: answer.body, headers: answer.headers ?? {}, statusCode: answer.statusCode };
		return this.isSuccess(response) ? { ok: true, value: response } : this.failed(request, response);
	}

	/** The platform's error in the answer, or else what its HTTP status or the raised error says. */
	private failed(request: Request, answer: HttpAnswer | undefined, error?: unknown): AttemptFailure {
		const headers = answer?.headers ?? {};
		const platform = answer && this.describe({ ...answer, body: redactDeep(answer.body, this.secrets) }, request);
		const { described, details } = platform ?? this.unexplained(answer?.statusCode, error);
		return {
			ok: false,
			retryable: described.retryable,
			retryAfterMs: described.retryable
				? (this.announcedWaitMs?.(headers) ?? retryAfterMs(headers['retry-after']))
				: undefined,
			failure: { described, details, httpStatus: answer?.statusCode, attempts: 1 },
		};
	}

	/** A failure no platform error explains: a network or local error, or an HTTP status alone. */
	private unexplained(status: number | undefined, error: unknown): PlatformError {
		const { name, baseUrlLabel, localFailure } = this.spec;
		const message = this.redact(
			error === undefined ? `unexpected response (HTTP ${status})` : ((error as Error)?.message ?? String(error)),
		);
		// A connection that broke, even after the status line came (an answer cut half-way), is
		// worth another attempt like a 5xx: the request may or may not have been applied.
		const broken = error !== undefined && isTransientNetworkError(error);
		const retryable = broken || (status !== undefined && (status >= 500 || status === 429));
		if (status === undefined && !retryable) {
			const { message: summary, advice, reason } = localFailure;
			return { described: { message: summary, description: sentences(message, advice), retryable, reason }, details: { message } };
		}
		return {
			described: {
				message:
					status === undefined
						? `Could not reach ${name}`
						: broken
							? `The connection to ${name} broke during its answer (HTTP ${status})`
							: `${name} answered HTTP ${status}`,
				description: `The request did not complete (${withoutFinalPeriod(message)}). Check the network and the credential's ${baseUrlLabel}.`,
				retryable,
				reason: retryable ? 'network_error' : 'platform_error',
			},
			details: { message },
		};
	}
}

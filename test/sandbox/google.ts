import type { Sandbox } from '../../sandbox';
import type { Person } from '../../sandbox/population';
import { googleHashedMember } from '../../sandbox/testing';
import type { Loose } from './graph';

export const GOOGLE_ACCOUNT = '1234567890';
export const NOT_ALLOWLISTED_ACCOUNT = '3333333333';
export const MANAGER_ACCOUNT = '9999999999';
/** The static access token every sandbox accepts (never expires). */
export const GOOGLE_BEARER = 'sandbox-google-token';
export const DATA_MANAGER_SCOPE = 'https://www.googleapis.com/auth/datamanager';
export const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface DmResponse {
	status: number;
	body: Loose;
	text: string;
	headers: Headers;
}

export interface DmOptions {
	json?: unknown;
	query?: Record<string, string>;
	/** default GOOGLE_BEARER; null: no Authorization header */
	bearer?: string | null;
	headers?: Record<string, string>;
}

/** One Data Manager call (path from /v1/…). */
export async function dm(
	sandbox: Pick<Sandbox, 'url'>,
	method: string,
	path: string,
	options: DmOptions = {},
): Promise<DmResponse> {
	const url = new URL(`${sandbox.url}${path}`);
	for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
	const headers: Record<string, string> = { ...options.headers };
	const bearer = options.bearer === undefined ? GOOGLE_BEARER : options.bearer;
	if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
	let body: string | undefined;
	if (options.json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(options.json);
	}
	const res = await fetch(url, { method, headers, body });
	const text = await res.text();
	let parsed: unknown = undefined;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = { unparsed: text };
	}
	return { status: res.status, body: parsed, text, headers: res.headers };
}

/** POST to the token endpoint, form-encoded. */
export async function tokenRequest(
	sandbox: Pick<Sandbox, 'url'>,
	form: Record<string, string>,
	headers: Record<string, string> = {},
): Promise<DmResponse> {
	const res = await fetch(`${sandbox.url}/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(form).toString(),
	});
	const text = await res.text();
	return { status: res.status, body: JSON.parse(text), text, headers: res.headers };
}

export const userListsPath = (account = GOOGLE_ACCOUNT) =>
	`/v1/accountTypes/GOOGLE_ADS/accounts/${account}/userLists`;

export async function createUserList(
	sandbox: Pick<Sandbox, 'url'>,
	displayName = 'Customers',
	extra: Record<string, unknown> = {},
	account = GOOGLE_ACCOUNT,
): Promise<string> {
	const res = await dm(sandbox, 'POST', userListsPath(account), {
		json: {
			displayName,
			ingestedUserListInfo: {
				uploadKeyTypes: ['CONTACT_ID'],
				contactIdInfo: { dataSourceType: 'DATA_SOURCE_TYPE_FIRST_PARTY' },
			},
			...extra,
		},
	});
	if (res.status !== 200) throw new Error(`create failed: ${res.text}`);
	return res.body.id as string;
}

export const destination = (listId: string, account = GOOGLE_ACCOUNT) => ({
	operatingAccount: { accountType: 'GOOGLE_ADS', accountId: account },
	productDestinationId: listId,
});

export const GRANTED = { adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' };

/** A valid IngestAudienceMembersRequest body for `people` (fields of `extra` override). */
export function ingestBody(
	listId: string,
	people: Person[],
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		destinations: [destination(listId)],
		audienceMembers: people.map((p) => googleHashedMember(p)),
		consent: GRANTED,
		encoding: 'HEX',
		termsOfService: { customerMatchTermsOfServiceStatus: 'ACCEPTED' },
		...extra,
	};
}

export async function requestStatus(
	sandbox: Pick<Sandbox, 'url'>,
	requestId: string,
): Promise<Loose> {
	const res = await dm(sandbox, 'GET', '/v1/requestStatus:retrieve', { query: { requestId } });
	if (res.status !== 200) throw new Error(`status failed: ${res.text}`);
	return res.body.requestStatusPerDestination;
}

/** The field violations of a Google error body, as [field, reason] pairs. */
export function violations(body: Loose): Array<[string, string]> {
	const details = (body?.error?.details ?? []) as Loose[];
	const bad = details.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.BadRequest');
	return ((bad?.fieldViolations ?? []) as Loose[]).map((v) => [v.field, v.reason]);
}

/** ErrorInfo.reason of a Google error body. */
export function errorReason(body: Loose): string | undefined {
	const details = (body?.error?.details ?? []) as Loose[];
	return details.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo')?.reason;
}

import type { Sandbox } from '../../sandbox';

export const TOKEN = 'sandbox-meta-token';
export const ACCOUNT = '1234567890';
export const PENDING_ACCOUNT = '2222222222';

// Response bodies are asserted field by field; a loose type keeps those assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export async function readJson(res: Response): Promise<Loose> {
	return await res.json();
}

export interface GraphResponse {
	status: number;
	body: Loose;
	text: string;
	headers: Headers;
}

export interface CallOptions {
	query?: Record<string, string>;
	json?: unknown;
	form?: Record<string, string>;
	/** default: Bearer header with TOKEN; null: no credentials at all */
	token?: string | null;
	tokenIn?: 'header' | 'query';
	version?: string;
}

/** One Graph call against the sandbox (path after the version, e.g. "/me"). */
export async function graph(
	sandbox: Pick<Sandbox, 'url'>,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<GraphResponse> {
	const url = new URL(`${sandbox.url}/${options.version ?? 'v26.0'}${path}`);
	for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
	const headers: Record<string, string> = {};
	const token = options.token === undefined ? TOKEN : options.token;
	if (token !== null) {
		if (options.tokenIn === 'query') url.searchParams.set('access_token', token);
		else headers.authorization = `Bearer ${token}`;
	}
	let body: string | undefined;
	if (options.json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(options.json);
	} else if (options.form) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		body = new URLSearchParams(options.form).toString();
	}
	const res = await fetch(url, { method, headers, body });
	const text = await res.text();
	let parsed: unknown = undefined;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: res.status, body: parsed, text, headers: res.headers };
}

export async function createAudience(
	sandbox: Pick<Sandbox, 'url'>,
	name = 'Audience',
	account = ACCOUNT,
): Promise<string> {
	const res = await graph(sandbox, 'POST', `/act_${account}/customaudiences`, {
		json: { name, subtype: 'CUSTOM', customer_file_source: 'USER_PROVIDED_ONLY' },
	});
	if (res.status !== 200) throw new Error(`create failed: ${res.text}`);
	return res.body.id as string;
}

// @ts-check
'use strict';

/**
 * Maps Graph API requests (/vNN.N/...) onto MetaState: auth (access_token or Bearer, optional
 * appsecret_proof), the ad-account call budget, field selection, cursor paging and filtering,
 * and Graph's error envelope. Never echoes the access token (not in errors, not in paging links).
 */

const { createHmac, randomBytes, timingSafeEqual } = require('node:crypto');
const { bodyText } = require('../http');
const errors = require('./errors');
const { GraphError, invalidParam } = errors;
const { parsePayload } = require('./payload');
const { bool } = require('./state');

/**
 * @typedef {Object} GraphRequest
 * @property {string} method
 * @property {URL} url
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body
 */

/**
 * @typedef {Object} GraphReply
 * @property {number} status
 * @property {unknown} body JSON-serialisable
 * @property {Record<string, string>} headers
 * @property {'body' | 'query' | null} payloadIn where the /users payload came from
 * @property {number | null} rows rows in a /users or /usersreplace payload
 * @property {string} [internalError] an unexpected exception (sandbox bug), for the request log
 */

/** @typedef {{ name: string, sub: string[] | null }} FieldSpec */
/** @typedef {{ accountId: string | null, payloadIn: 'body' | 'query' | null, rows: number | null }} RouteContext */

const SYSTEM_USER = { id: '100000000000001', name: 'Sandbox System User' };
const VERSION_PATH = /^\/(v\d+\.\d+)(\/.*)?$/;
/** Query parameters never copied into paging links. */
const SECRET_PARAMS = ['access_token', 'appsecret_proof', 'appsecret_time'];
const MAX_LIMIT = 5000;
const PROOF_MAX_AGE_SECONDS = 300;

const FILTER_FIELDS = /** @type {Record<string, (view: Record<string, any>) => unknown>} */ ({
	id: (v) => v.id,
	name: (v) => v.name,
	subtype: (v) => v.subtype,
	customer_file_source: (v) => v.customer_file_source,
	'operation_status.code': (v) => v.operation_status.code,
	'delivery_status.code': (v) => v.delivery_status.code,
	approximate_count_lower_bound: (v) => v.approximate_count_lower_bound,
});

class MetaGraph {
	/**
	 * @param {import('./state').MetaState} state
	 * @param {() => string} baseUrl the sandbox's own URL (for paging links)
	 */
	constructor(state, baseUrl) {
		this.state = state;
		this.baseUrl = baseUrl;
	}

	/**
	 * @param {GraphRequest} req
	 * @returns {GraphReply}
	 */
	handle(req) {
		const traceId = randomBytes(9).toString('base64url');
		/** @type {RouteContext} */
		const ctx = { accountId: null, payloadIn: null, rows: null };
		/** @type {GraphReply} */
		let reply;
		try {
			reply = {
				status: 200,
				body: this.route(req, ctx),
				headers: {},
				payloadIn: ctx.payloadIn,
				rows: ctx.rows,
			};
		} catch (err) {
			if (err instanceof GraphError) {
				reply = {
					status: err.status,
					body: err.toBody(traceId),
					headers: {},
					payloadIn: ctx.payloadIn,
					rows: ctx.rows,
				};
			} else {
				const internal = new GraphError({
					message: 'An unknown error has occurred.',
					code: 1,
					status: 500,
					isTransient: true,
				});
				reply = {
					status: 500,
					body: internal.toBody(traceId),
					headers: {},
					payloadIn: ctx.payloadIn,
					rows: ctx.rows,
					internalError: err instanceof Error ? (err.stack ?? err.message) : String(err),
				};
			}
		}
		reply.headers = {
			'x-fb-trace-id': traceId,
			'x-fb-rev': '1000000',
			'x-app-usage': JSON.stringify({ call_count: 0, total_cputime: 0, total_time: 0 }),
			'x-business-use-case-usage': JSON.stringify(
				ctx.accountId ? this.usageHeader(ctx.accountId) : {},
			),
			...(VERSION_PATH.test(req.url.pathname)
				? {
						'facebook-api-version': /** @type {RegExpExecArray} */ (
							VERSION_PATH.exec(req.url.pathname)
						)[1],
					}
				: {}),
		};
		return reply;
	}

	/**
	 * @private
	 * @param {string} accountId
	 */
	usageHeader(accountId) {
		const { callCount, regainMinutes } = this.state.usageOf(accountId);
		return {
			[accountId]: [
				{
					type: 'custom_audience',
					call_count: callCount,
					total_cputime: 0,
					total_time: 0,
					estimated_time_to_regain_access: regainMinutes,
					ads_api_access_tier: 'standard_access',
				},
			],
		};
	}

	/**
	 * @private
	 * @param {GraphRequest} req
	 * @param {RouteContext} ctx
	 * @returns {unknown}
	 */
	route(req, ctx) {
		const m = VERSION_PATH.exec(req.url.pathname);
		if (!m) {
			throw errors.unknownPath(
				`${req.url.pathname} (the sandbox needs a version prefix such as /v26.0/)`,
			);
		}
		const query = Object.fromEntries(req.url.searchParams);
		const body = parseBody(req.body, req.headers['content-type']);
		/** @type {Record<string, unknown>} */
		const params = { ...query, ...body };
		if ('payload' in body) ctx.payloadIn = 'body';
		else if ('payload' in query) ctx.payloadIn = 'query';

		let method = req.method.toUpperCase();
		if (
			method === 'POST' &&
			typeof params.method === 'string' &&
			['DELETE', 'GET'].includes(params.method.toUpperCase())
		) {
			method = params.method.toUpperCase();
		}
		const verb = method.toLowerCase();

		this.authenticate(req, params);

		const segments = (m[2] ?? '/').split('/').filter(Boolean);
		if (segments.length === 0 || segments.length > 2) throw errors.unknownPath(m[2] ?? '/');
		const [node, edge] = segments;
		const state = this.state;

		if (node === 'me') {
			if (edge === undefined) {
				if (method !== 'GET') throw errors.unsupportedMethod(verb);
				return select(SYSTEM_USER, parseFields(params.fields, ['name', 'id']), 'User');
			}
			if (edge !== 'adaccounts') throw errors.unknownPath(`/${edge}`);
			if (method !== 'GET') throw errors.unsupportedMethod(verb);
			const fields = parseFields(params.fields, ['account_id', 'id']);
			const accounts = [...state.adAccounts.values()].sort((a, b) => compareIds(a.id, b.id));
			return this.paginate(
				accounts,
				(a) => a.id,
				1,
				params,
				req.url,
				(a) => select(accountView(a), fields, 'AdAccount'),
			);
		}

		if (node.startsWith('act_')) {
			const account = state.adAccounts.get(node.slice(4));
			if (!account) throw errors.unknownObject(verb, node);
			ctx.accountId = account.id;
			state.chargeCall(account.id);
			if (edge === undefined) {
				if (method !== 'GET') throw errors.unsupportedMethod(verb);
				return select(accountView(account), parseFields(params.fields, ['id']), 'AdAccount');
			}
			if (edge !== 'customaudiences') throw errors.unknownPath(`/${edge}`);
			if (method === 'POST') return { id: state.createAudience(account.id, params).id };
			if (method !== 'GET') throw errors.unsupportedMethod(verb);
			const fields = parseFields(params.fields, ['id']);
			const filters = parseFiltering(params.filtering);
			const audiences = [...state.audiences.values()]
				.filter((a) => a.accountId === account.id && !a.deleted)
				.map((a) => {
					state.expireReplace(a);
					return { audience: a, view: this.audienceView(a) };
				})
				.filter(({ view }) => filters.every((f) => f(view)))
				.sort((a, b) => compareIds(b.audience.id, a.audience.id));
			return this.paginate(
				audiences,
				(x) => x.audience.id,
				-1,
				params,
				req.url,
				(x) => select(x.view, fields, 'CustomAudience'),
			);
		}

		const found = state.audiences.get(node);
		if (!found) throw errors.unknownObject(verb, node);
		ctx.accountId = found.accountId;
		state.chargeCall(found.accountId);
		const audience = state.liveAudience(node);

		if (edge === undefined) {
			if (method === 'GET')
				return select(
					this.audienceView(audience),
					parseFields(params.fields, ['id']),
					'CustomAudience',
				);
			if (method === 'POST') {
				state.updateAudience(audience, params);
				return { success: true };
			}
			if (method === 'DELETE') {
				state.deleteAudience(audience);
				return { success: true };
			}
			throw errors.unsupportedMethod(verb);
		}
		if (edge === 'users') {
			if (method !== 'POST' && method !== 'DELETE') throw errors.unsupportedMethod(verb);
			// Terms first: Graph refuses any edit of an audience on an account without them.
			state.requireTos(audience.accountId);
			const payload = parsePayload(params.payload, this.payloadLimits(audience));
			ctx.rows = payload.received;
			return state.users(
				audience,
				payload,
				method === 'POST' ? 'add' : 'remove',
				parseSession(params.session, false),
			);
		}
		if (edge === 'usersreplace') {
			if (method !== 'POST') throw errors.unsupportedMethod(verb);
			state.requireTos(audience.accountId);
			const session = parseSession(params.session, true);
			const payload = parsePayload(params.payload, this.payloadLimits(audience));
			ctx.rows = payload.received;
			return state.usersReplace(
				audience,
				payload,
				/** @type {import('./state').SessionSpec} */ (session),
			);
		}
		if (edge === 'sessions') {
			if (method !== 'GET') throw errors.unsupportedMethod(verb);
			const wanted = params.session_id === undefined ? undefined : String(params.session_id);
			return {
				data: state
					.sessionsOf(audience)
					.filter((s) => wanted === undefined || s.id === wanted)
					.map((s) => ({
						session_id: s.id,
						start_time: Math.floor(s.startTime / 1000),
						end_time: s.endTime === null ? 0 : Math.floor(s.endTime / 1000),
						num_received: s.received,
						num_matched: s.matched,
						num_invalid_entries: s.invalid,
						progress: s.finished ? 100 : 0,
						stage: s.finished ? (s.timedOut ? 'timeout' : 'processed') : 'uploading',
					})),
			};
		}
		throw errors.unknownPath(`/${edge}`);
	}

	/**
	 * @private
	 * @param {import('./state').Audience} audience
	 * @returns {{ maxRows: number, requireLookalikeValue: boolean }}
	 */
	payloadLimits(audience) {
		return {
			maxRows: this.state.options.maxRowsPerRequest,
			requireLookalikeValue: audience.isValueBased,
		};
	}

	/**
	 * @private
	 * @param {GraphRequest} req
	 * @param {Record<string, unknown>} params
	 */
	authenticate(req, params) {
		const header = req.headers.authorization;
		const fromHeader =
			typeof header === 'string' ? /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
		const token =
			fromHeader ?? (typeof params.access_token === 'string' ? params.access_token : undefined);
		if (!token || !this.state.options.tokens.includes(token)) throw errors.invalidToken();

		const secret = this.state.options.appSecret;
		if (secret === undefined) return;
		const proof = params.appsecret_proof;
		if (typeof proof !== 'string' || proof === '') {
			throw new GraphError({
				message: 'API calls from the server require an appsecret_proof argument',
				code: 100,
				type: 'GraphMethodException',
			});
		}
		const invalid = (/** @type {string} */ why) =>
			new GraphError({
				message: `Invalid appsecret_proof provided in the API argument${why}`,
				code: 100,
				type: 'GraphMethodException',
			});
		const time = params.appsecret_time;
		let expected;
		if (time === undefined || time === '') {
			expected = createHmac('sha256', secret).update(token).digest('hex');
		} else {
			if (!/^\d+$/.test(String(time))) throw invalid('');
			expected = createHmac('sha256', secret).update(`${token}|${time}`).digest('hex');
		}
		const given = Buffer.from(proof.toLowerCase());
		if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
			throw invalid('');
		if (
			time !== undefined &&
			time !== '' &&
			Math.abs(this.state.nowSeconds() - Number(time)) > PROOF_MAX_AGE_SECONDS
		) {
			throw invalid(
				': appsecret_time is more than 5 minutes away from the server time; compute a fresh proof for each call',
			);
		}
	}

	/**
	 * @param {import('./state').Audience} audience
	 * @returns {Record<string, unknown>}
	 */
	audienceView(audience) {
		const status = this.state.status(audience);
		return {
			id: audience.id,
			account_id: audience.accountId,
			name: audience.name,
			description: audience.description,
			subtype: audience.subtype,
			customer_file_source: audience.customerFileSource,
			approximate_count_lower_bound: status.lower,
			approximate_count_upper_bound: status.upper,
			delivery_status: status.delivery,
			operation_status: status.operation,
			data_source: audience.dataSubType
				? { type: 'FILE_IMPORTED', sub_type: audience.dataSubType }
				: { type: 'UNKNOWN', sub_type: 'ANYTHING' },
			retention_days: audience.retentionDays,
			time_created: audience.timeCreated,
			time_updated: audience.timeUpdated,
			time_content_updated: audience.timeContentUpdated,
			permission_for_actions: {
				can_edit: true,
				can_see_insight: 'true',
				can_share: 'true',
				subtype_supports_lookalike: true,
				supports_recipient_lookalike: false,
			},
			is_value_based: audience.isValueBased,
			sharing_status: { sharing_relationship_id: 0, status: 'NOT_SHARED' },
		};
	}

	/**
	 * Cursor paging like Graph's: opaque cursors, `next`/`previous` as absolute links to the
	 * sandbox, without access_token / appsecret_proof (clients add their auth again).
	 * @private
	 * @template T
	 * @param {T[]} items in list order
	 * @param {(item: T) => string} idOf
	 * @param {1 | -1} direction 1 when ids ascend along the list, -1 when they descend
	 * @param {Record<string, unknown>} params
	 * @param {URL} url
	 * @param {(item: T) => unknown} render
	 */
	paginate(items, idOf, direction, params, url, render) {
		const limit = parseLimit(params.limit, this.state.options.pageSizeDefault);
		/** @type {T[]} */
		let page;
		if (params.after !== undefined) {
			const cursor = decodeCursor(params.after);
			page = items.filter((it) => direction * compareIds(idOf(it), cursor) > 0).slice(0, limit);
		} else if (params.before !== undefined) {
			const cursor = decodeCursor(params.before);
			page = items.filter((it) => direction * compareIds(idOf(it), cursor) < 0).slice(-limit);
		} else {
			page = items.slice(0, limit);
		}
		if (page.length === 0) return { data: [] };

		const first = idOf(page[0]);
		const last = idOf(page[page.length - 1]);
		/** @type {Record<string, unknown>} */
		const paging = { cursors: { before: encodeCursor(first), after: encodeCursor(last) } };
		const link = (/** @type {'after' | 'before'} */ kind, /** @type {string} */ id) => {
			const q = new URLSearchParams(url.searchParams);
			for (const k of [...SECRET_PARAMS, 'after', 'before']) q.delete(k);
			q.set('limit', String(limit));
			q.set(kind, encodeCursor(id));
			return `${this.baseUrl()}${url.pathname}?${q}`;
		};
		if (items.indexOf(page[page.length - 1]) < items.length - 1) paging.next = link('after', last);
		if (items.indexOf(page[0]) > 0) paging.previous = link('before', first);
		return { data: page.map(render), paging };
	}
}

/**
 * @param {import('./state').AdAccountConfig} account
 * @returns {Record<string, unknown>}
 */
function accountView(account) {
	return {
		id: `act_${account.id}`,
		account_id: account.id,
		name: account.name,
		currency: account.currency ?? 'USD',
		account_status: 1,
		disable_reason: 0,
		timezone_name: 'America/Los_Angeles',
		tos_accepted: account.tosAccepted ? { custom_audience_tos: 1 } : {},
	};
}

/**
 * Ids are digit strings: shorter is smaller, then lexicographic.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function compareIds(a, b) {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * @param {string} id
 * @returns {string}
 */
function encodeCursor(id) {
	return Buffer.from(`sbx:${id}`).toString('base64url');
}

/**
 * @param {unknown} cursor
 * @returns {string}
 */
function decodeCursor(cursor) {
	const text = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
	if (!/^sbx:\d+$/.test(text))
		throw invalidParam('Invalid cursor: use the cursors and links returned in paging');
	return text.slice(4);
}

/**
 * @param {unknown} value
 * @param {number} fallback
 * @returns {number}
 */
function parseLimit(value, fallback) {
	if (value === undefined || value === '') return fallback;
	const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
	if (!Number.isInteger(n) || n < 1) throw invalidParam('param limit must be a positive integer');
	return Math.min(n, MAX_LIMIT);
}

/**
 * Graph's `fields` syntax: "a,b,c{x,y}" (sub-selections one level deep are honoured).
 * @param {unknown} raw
 * @param {string[]} defaults
 * @returns {FieldSpec[]}
 */
function parseFields(raw, defaults) {
	if (raw === undefined || raw === '') return defaults.map((name) => ({ name, sub: null }));
	if (typeof raw !== 'string') throw invalidParam('param fields must be a comma-separated string');
	/** @type {FieldSpec[]} */
	const out = [];
	let depth = 0;
	let token = '';
	const flush = () => {
		const t = token.trim();
		token = '';
		if (!t) return;
		const brace = t.indexOf('{');
		if (brace < 0) out.push({ name: t, sub: null });
		else {
			const inner = t.slice(brace + 1, t.lastIndexOf('}'));
			out.push({
				name: t.slice(0, brace).trim(),
				sub: inner
					.split(',')
					.map((s) => s.replace(/\{.*$/, '').trim())
					.filter(Boolean),
			});
		}
	};
	for (const ch of raw) {
		if (ch === '{') depth++;
		if (ch === '}') depth--;
		if (ch === ',' && depth === 0) flush();
		else token += ch;
	}
	flush();
	if (depth !== 0) throw invalidParam('Syntax error in param fields: unbalanced braces');
	return out;
}

/**
 * @param {Record<string, unknown>} view
 * @param {FieldSpec[]} fields
 * @param {string} nodeType
 * @returns {Record<string, unknown>}
 */
function select(view, fields, nodeType) {
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const { name, sub } of fields) {
		if (!(name in view)) throw errors.nonexistingField(name, nodeType);
		const value = view[name];
		if (value === undefined) continue;
		if (sub && typeof value === 'object' && value !== null) {
			const obj = /** @type {Record<string, unknown>} */ (value);
			out[name] = Object.fromEntries(sub.filter((k) => k in obj).map((k) => [k, obj[k]]));
		} else out[name] = value;
	}
	return out;
}

/**
 * @param {unknown} raw
 * @returns {Array<(view: Record<string, unknown>) => boolean>}
 */
function parseFiltering(raw) {
	if (raw === undefined || raw === '') return [];
	let list = raw;
	if (typeof list === 'string') {
		try {
			list = JSON.parse(list);
		} catch {
			throw invalidParam('param filtering must be a JSON-encoded array');
		}
	}
	if (!Array.isArray(list)) throw invalidParam('param filtering must be an array');
	return list.map((f) => {
		const { field, operator, value } =
			/** @type {{ field?: unknown, operator?: unknown, value?: unknown }} */ (f ?? {});
		const get = typeof field === 'string' ? FILTER_FIELDS[field] : undefined;
		if (!get) {
			throw invalidParam(
				`Filtering field ${String(field)} is not supported; use one of ${Object.keys(FILTER_FIELDS).join(', ')}`,
			);
		}
		const text = (/** @type {unknown} */ v) => String(v).toLowerCase();
		const values = Array.isArray(value) ? value.map(String) : [String(value)];
		/** @type {Record<string, (actual: unknown) => boolean>} */
		const ops = {
			EQUAL: (a) => String(a) === String(value),
			NOT_EQUAL: (a) => String(a) !== String(value),
			CONTAIN: (a) => text(a).includes(text(value)),
			NOT_CONTAIN: (a) => !text(a).includes(text(value)),
			IN: (a) => values.includes(String(a)),
			NOT_IN: (a) => !values.includes(String(a)),
			GREATER_THAN: (a) => Number(a) > Number(value),
			LESS_THAN: (a) => Number(a) < Number(value),
		};
		const op = typeof operator === 'string' ? ops[operator] : undefined;
		if (!op)
			throw invalidParam(
				`Filtering operator ${String(operator)} is not supported; use one of ${Object.keys(ops).join(', ')}`,
			);
		return (view) => op(get(view));
	});
}

/**
 * The `session` param of /users and /usersreplace, validated like Graph does.
 * @param {unknown} raw
 * @param {boolean} required
 * @returns {import('./state').SessionSpec | null}
 */
function parseSession(raw, required) {
	if (raw === undefined || raw === null || raw === '') {
		if (required) throw invalidParam('The parameter session is required');
		return null;
	}
	let s = raw;
	if (typeof s === 'string') {
		try {
			s = JSON.parse(s);
		} catch {
			throw invalidParam('param session must be a JSON object');
		}
	}
	if (typeof s !== 'object' || s === null || Array.isArray(s))
		throw invalidParam('param session must be an object');
	const session = /** @type {Record<string, unknown>} */ (s);
	const allowed = ['session_id', 'batch_seq', 'last_batch_flag', 'estimated_num_total'];
	for (const key of Object.keys(session)) {
		if (!allowed.includes(key))
			throw invalidParam(
				`param session[${key}] is not a valid key; valid keys are ${allowed.join(', ')}`,
			);
	}
	const sessionId = integerString(session.session_id, 1);
	if (sessionId === null)
		throw invalidParam(
			'param session[session_id] is required and must be a positive 64-bit integer',
		);
	const batchSeq = integerString(session.batch_seq, 1);
	if (batchSeq === null || batchSeq.length > 15)
		throw invalidParam('param session[batch_seq] is required and must be a positive integer');
	let estimatedTotal;
	if (session.estimated_num_total !== undefined) {
		const total = integerString(session.estimated_num_total, 0);
		if (total === null || total.length > 15)
			throw invalidParam('param session[estimated_num_total] must be an integer ≥ 0');
		estimatedTotal = Number(total);
	}
	return {
		sessionId,
		batchSeq: Number(batchSeq),
		lastBatch: bool(session.last_batch_flag, 'session[last_batch_flag]') ?? false,
		estimatedTotal,
	};
}

/**
 * @param {unknown} value a number or a digit string
 * @param {number} min
 * @returns {string | null} canonical digits, or null when not an int64 ≥ min
 */
function integerString(value, min) {
	let digits;
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value)) return null;
		digits = String(value);
	} else if (typeof value === 'string' && /^\d{1,19}$/.test(value)) {
		digits = value.replace(/^0+(?=\d)/, '');
	} else return null;
	if (digits.length === 19 && digits > '9223372036854775807') return null;
	if (BigInt(digits) < BigInt(min)) return null;
	return digits;
}

/**
 * JSON or form bodies (multipart is not emulated).
 * @param {Buffer} body
 * @param {string | undefined} contentType
 * @returns {Record<string, unknown>}
 */
function parseBody(body, contentType) {
	if (body.length === 0) return {};
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/json' || type.endsWith('+json')) {
		let parsed;
		try {
			parsed = JSON.parse(bodyText(body));
		} catch {
			throw invalidParam('The request body is not valid JSON');
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			throw invalidParam('The JSON request body must be an object of parameters');
		}
		return parsed;
	}
	if (type === 'application/x-www-form-urlencoded' || type === '') {
		return Object.fromEntries(new URLSearchParams(bodyText(body)));
	}
	throw invalidParam(
		`Unsupported request body type ${type}: send application/json or application/x-www-form-urlencoded`,
	);
}

module.exports = { MetaGraph };

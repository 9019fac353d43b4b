// @ts-check
'use strict';

/**
 * Maps HTTP requests onto the Google side of the sandbox: the OAuth endpoints (`POST /token`,
 * `GET|POST /tokeninfo`) and the Data Manager API v1 (`/v1/…`): routing, authentication, the
 * per-minute quotas, query-parameter binding, spec validation, and Google's error envelope.
 */

const { randomBytes } = require('node:crypto');
const { bodyText } = require('../http');
const { GoogleError, invalidArgument, payloadError, badField, notFound } = require('./errors');
const { validateMessage, queryParams } = require('./validate');
const { prepareIngestion } = require('./ingestion');

/**
 * @typedef {Object} GoogleRequest
 * @property {string} method
 * @property {URL} url
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body
 */

/**
 * @typedef {Object} GoogleReply
 * @property {number} status
 * @property {unknown} body JSON-serialisable
 * @property {Record<string, string>} headers
 * @property {number | null} rows audience members in an ingest / remove request
 * @property {string} [internalError] an unexpected exception (sandbox bug), for the request log
 */

/**
 * @typedef {Object} Route
 * @property {RegExp} path
 * @property {string} method HTTP method
 * @property {string} id discovery method id
 * @property {string} rpc full RPC name (error metadata)
 * @property {string} quota per-minute quota it counts against
 */

const INGEST_MUTATE = 'IngestionMutateRequestsPerMinutePerProject';
const INGEST_READ = 'IngestionReadRequestsPerMinutePerProject';
const LIST_MUTATE = 'UserListMutateRequestsPerMinutePerProject';
const LIST_READ = 'UserListReadRequestsPerMinutePerProject';
const PKG = 'google.ads.datamanager.v1';
const LISTS = /^\/v1\/accountTypes\/([^/]+)\/accounts\/([^/]+)\/userLists$/;
const LIST = /^\/v1\/accountTypes\/([^/]+)\/accounts\/([^/]+)\/userLists\/([^/]+)$/;

/** @type {Route[]} */
const ROUTES = [
	{
		path: /^\/v1\/audienceMembers:ingest$/,
		method: 'POST',
		id: 'IngestAudienceMembers',
		rpc: `${PKG}.IngestionService.IngestAudienceMembers`,
		quota: INGEST_MUTATE,
	},
	{
		path: /^\/v1\/audienceMembers:remove$/,
		method: 'POST',
		id: 'RemoveAudienceMembers',
		rpc: `${PKG}.IngestionService.RemoveAudienceMembers`,
		quota: INGEST_MUTATE,
	},
	{
		path: /^\/v1\/audienceMembers:removeAll$/,
		method: 'POST',
		id: 'RemoveAllAudienceMembers',
		rpc: `${PKG}.IngestionService.RemoveAllAudienceMembers`,
		quota: INGEST_MUTATE,
	},
	{
		path: /^\/v1\/requestStatus:retrieve$/,
		method: 'GET',
		id: 'RetrieveRequestStatus',
		rpc: `${PKG}.IngestionService.RetrieveRequestStatus`,
		quota: INGEST_READ,
	},
	{
		path: LISTS,
		method: 'GET',
		id: 'ListUserLists',
		rpc: `${PKG}.UserListService.ListUserLists`,
		quota: LIST_READ,
	},
	{
		path: LISTS,
		method: 'POST',
		id: 'CreateUserList',
		rpc: `${PKG}.UserListService.CreateUserList`,
		quota: LIST_MUTATE,
	},
	{
		path: LIST,
		method: 'GET',
		id: 'GetUserList',
		rpc: `${PKG}.UserListService.GetUserList`,
		quota: LIST_READ,
	},
	{
		path: LIST,
		method: 'PATCH',
		id: 'UpdateUserList',
		rpc: `${PKG}.UserListService.UpdateUserList`,
		quota: LIST_MUTATE,
	},
	{
		path: LIST,
		method: 'DELETE',
		id: 'DeleteUserList',
		rpc: `${PKG}.UserListService.DeleteUserList`,
		quota: LIST_MUTATE,
	},
];

/** Data Manager methods the sandbox does not emulate (501). */
const NOT_EMULATED =
	/^\/v1\/(?:events:ingest|adEvents:ingest|accountTypes\/[^/]+\/accounts\/[^/]+\/(?:partnerLinks|userListDirectLicenses|userListGlobalLicenses|insights:retrieve|partnerLinks:search)(?:[/:].*)?)$/;

const INGESTION_KINDS = /** @type {Record<string, 'ingest' | 'remove' | 'removeAll'>} */ ({
	IngestAudienceMembers: 'ingest',
	RemoveAudienceMembers: 'remove',
	RemoveAllAudienceMembers: 'removeAll',
});

class GoogleApi {
	/**
	 * @param {import('./state').GoogleState} state
	 * @param {import('./oauth').GoogleOAuth} oauth
	 */
	constructor(state, oauth) {
		this.state = state;
		this.oauth = oauth;
	}

	/**
	 * @param {string} pathname
	 * @returns {boolean} whether the path belongs to the Google side
	 */
	static owns(pathname) {
		return (
			pathname === '/token' ||
			pathname === '/tokeninfo' ||
			pathname === '/v1' ||
			pathname.startsWith('/v1/')
		);
	}

	/**
	 * @param {GoogleRequest} req
	 * @returns {GoogleReply}
	 */
	handle(req) {
		const requestId = randomBytes(12).toString('hex');
		/** @type {GoogleReply} */
		const reply = { status: 200, body: {}, headers: {}, rows: null };
		try {
			const path = req.url.pathname;
			if (path === '/token') {
				const out = this.oauth.token(
					req.method,
					parseForm(req.body, req.headers['content-type']),
					headerOf(req.headers.authorization),
				);
				return { ...reply, ...out };
			}
			if (path === '/tokeninfo') {
				const form = req.method === 'POST' ? parseForm(req.body, req.headers['content-type']) : {};
				const token = form.access_token ?? req.url.searchParams.get('access_token') ?? undefined;
				return { ...reply, ...this.oauth.tokenInfo(token) };
			}
			reply.body = this.v1(req, reply);
			return reply;
		} catch (err) {
			if (err instanceof GoogleError) {
				return {
					...reply,
					status: err.httpStatus,
					body: err.toBody(requestId),
					headers: err.headers,
				};
			}
			const internal = new GoogleError({
				httpStatus: 500,
				message: 'Internal error encountered.',
				reason: 'INTERNAL_ERROR',
			});
			return {
				...reply,
				status: 500,
				body: internal.toBody(requestId),
				internalError: err instanceof Error ? (err.stack ?? err.message) : String(err),
			};
		}
	}

	/**
	 * @private
	 * @param {GoogleRequest} req
	 * @param {GoogleReply} reply
	 * @returns {unknown}
	 */
	v1(req, reply) {
		let path;
		try {
			path = decodeURIComponent(req.url.pathname);
		} catch {
			throw notFound('Method not found.');
		}
		const method = req.method.toUpperCase();
		const route = ROUTES.find((r) => r.method === method && r.path.test(path));
		if (!route) {
			if (NOT_EMULATED.test(path)) {
				throw new GoogleError({
					httpStatus: 501,
					message: `${path} is not emulated by the sandbox.`,
					reason: 'INTERNAL_ERROR',
				});
			}
			throw notFound(`Method not found: ${method} ${path}.`);
		}
		this.oauth.authenticate(headerOf(req.headers.authorization), req.url.searchParams, route.rpc);
		this.state.chargeQuota(route.quota);
		this.state.settle();
		const params = queryParams(req.url.searchParams, route.id);

		const kind = INGESTION_KINDS[route.id];
		if (kind) {
			const raw = parseJson(req.body);
			if (Array.isArray(raw?.audienceMembers ?? raw?.audience_members))
				reply.rows = (raw.audienceMembers ?? raw.audience_members).length;
			const schema = `${route.id}Request`;
			const { value, violations } = validateMessage(raw, schema);
			const prepared = prepareIngestion(
				kind,
				value,
				this.state,
				this.state.clock.now(),
				violations,
			);
			if (value.validateOnly) return {};
			return { requestId: this.state.submit(kind, prepared) };
		}
		if (route.id === 'RetrieveRequestStatus') {
			const id = params.requestId;
			if (typeof id !== 'string' || id === '')
				throw badField('request_id', 'REQUIRED_FIELD_MISSING', 'Required field is missing.');
			return this.state.requestStatus(id);
		}

		// userLists
		const m = /** @type {RegExpExecArray} */ (route.path.exec(path));
		const [, accountType, accountId, listId] = m;
		if (accountType !== 'GOOGLE_ADS') {
			throw badField(
				'parent',
				'INVALID_ARGUMENT',
				`The sandbox emulates GOOGLE_ADS accounts only; got accountTypes/${accountType}.`,
			);
		}
		if (!/^\d+$/.test(accountId)) {
			throw badField(
				'parent',
				'INVALID_ARGUMENT',
				`The account id must be digits without dashes; got "${accountId}".`,
			);
		}
		this.state.requireAccess(accountId, loginAccountOf(req.headers));
		switch (route.id) {
			case 'ListUserLists':
				return this.state.listUserLists(accountId, {
					pageSize: /** @type {number | undefined} */ (params.pageSize),
					pageToken: /** @type {string | undefined} */ (params.pageToken),
					filter: /** @type {string | undefined} */ (params.filter),
				});
			case 'CreateUserList': {
				const { value, violations } = validateMessage(parseJson(req.body), 'UserList', {
					root: 'user_list',
				});
				if (violations.length) throw invalidArgument(violations);
				return this.state.createUserList(accountId, value, params.validateOnly === true);
			}
			case 'GetUserList':
				return this.state.view(this.state.requireList(accountId, listId));
			case 'UpdateUserList': {
				const list = this.state.requireList(accountId, listId);
				const { value, violations } = validateMessage(parseJson(req.body), 'UserList', {
					root: 'user_list',
					partial: true,
				});
				if (violations.length) throw invalidArgument(violations);
				return this.state.updateUserList(
					list,
					value,
					/** @type {string | undefined} */ (params.updateMask),
					params.validateOnly === true,
				);
			}
			default: {
				const list = this.state.requireList(accountId, listId);
				this.state.deleteUserList(list, params.validateOnly === true);
				return {};
			}
		}
	}
}

/**
 * @param {string | string[] | undefined} value
 * @returns {string | undefined}
 */
function headerOf(value) {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The optional `login-account: accountTypes/GOOGLE_ADS/accounts/{id}` header.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {string | undefined}
 */
function loginAccountOf(headers) {
	const value = headerOf(headers['login-account']);
	if (value === undefined || value.trim() === '') return undefined;
	const m = /^accountTypes\/GOOGLE_ADS\/accounts\/(\d+)$/.exec(value.trim());
	if (!m) {
		throw badField(
			'login-account',
			'INVALID_ARGUMENT',
			`The login-account header must read accountTypes/GOOGLE_ADS/accounts/{digits}; got "${value.slice(0, 100)}".`,
		);
	}
	return m[1];
}

/**
 * @param {Buffer} body
 * @returns {any}
 */
function parseJson(body) {
	if (body.length === 0) return {};
	try {
		return JSON.parse(bodyText(body));
	} catch (err) {
		throw payloadError(
			'',
			`Invalid JSON payload received. ${err instanceof Error ? err.message : 'Unexpected token.'}`,
		);
	}
}

/**
 * A token-endpoint body: form-urlencoded (or JSON, which Google's endpoint also takes).
 * @param {Buffer} body
 * @param {string | undefined} contentType
 * @returns {Record<string, string>}
 */
function parseForm(body, contentType) {
	const text = bodyText(body);
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/json' || type.endsWith('+json')) {
		try {
			const parsed = JSON.parse(text);
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
				return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
			}
		} catch {
			// fall through: treated as an empty request
		}
		return {};
	}
	return Object.fromEntries(new URLSearchParams(text));
}

module.exports = { GoogleApi, ROUTES };

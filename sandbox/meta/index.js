// @ts-check
'use strict';

/**
 * Meta's emulator: Graph API custom-audience endpoints under /vNN.N/ (./graph.js over the state
 * of ./state.js), its options and defaults, its front end's error pages and fault envelope, and
 * its admin routes (POST /__sandbox/meta/ad-accounts/{id} { tosAccepted }, …/ad-accounts/{id}/audiences
 * { count, subtype?, namePrefix? }, …/audiences/{id} { operationStatus }).
 */

const { MetaState } = require('./state');
const { MetaGraph } = require('./graph');

const DEFAULT_TOKEN = 'sandbox-meta-token';
const VERSIONED_PATH = /^\/v\d+\.\d+(\/|$)/;

/**
 * @typedef {Object} MetaSandboxOptions
 * @property {string[]} [tokens] accepted access tokens (default ['sandbox-meta-token'])
 * @property {string} [appSecret] when set, every request must carry a valid appsecret_proof
 * @property {import('./state').AdAccountConfig[]} [adAccounts]
 * @property {number} [minDeliverySize] matched people for delivery_status 200 (default 100)
 * @property {number} [maxRowsPerRequest] default 10000
 * @property {number} [maxBodyBytes] default 15 MB; larger bodies get an HTML 413 page
 * @property {number} [maxUrlBytes] default 65536; longer URLs get an HTML 414 page
 * @property {number} [pageSizeDefault] default 25
 * @property {number} [callsPerHour] custom_audience calls per ad account per rolling hour (default 190000)
 * @property {number} [maxAudiencesPerAccount] default 500
 * @property {number} [replaceSessionMinutes] default 90
 */

/**
 * @typedef {import('./state').MetaState & { requests: import('../requestLog').RequestLogEntry[] }} MetaSandboxState
 */

/** @type {Required<Omit<MetaSandboxOptions, 'appSecret'>>} */
const META_DEFAULTS = {
	tokens: [DEFAULT_TOKEN],
	adAccounts: [
		{ id: '1234567890', name: 'Sandbox Ads', tosAccepted: true, currency: 'USD' },
		{ id: '2222222222', name: 'Terms Pending', tosAccepted: false, currency: 'EUR' },
	],
	minDeliverySize: 100,
	maxRowsPerRequest: 10_000,
	maxBodyBytes: 15 * 1024 * 1024,
	maxUrlBytes: 65_536,
	pageSizeDefault: 25,
	callsPerHour: 190_000,
	maxAudiencesPerAccount: 500,
	replaceSessionMinutes: 90,
};

/**
 * @param {MetaSandboxOptions} [meta]
 * @returns {import('./state').MetaOptions}
 */
function resolveMetaOptions(meta = {}) {
	const defined = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
	const options = { ...META_DEFAULTS, appSecret: undefined, ...defined };
	for (const a of options.adAccounts) {
		if (!/^\d+$/.test(a.id))
			throw new Error(`sandbox: ad account id "${a.id}" must be digits without act_`);
	}
	return options;
}

/** Graph's front end answers oversize requests with an HTML page, not JSON. */
const htmlError = (/** @type {string} */ title) =>
	`<!DOCTYPE html><html lang="en" id="facebook"><head><title>Facebook | Error</title><meta charset="utf-8"></head><body><div><h1>Sorry, something went wrong.</h1><p>${title}</p><p>We're working on it and we'll get it fixed as soon as we can.</p></div></body></html>`;

/**
 * The Graph error envelope of an injected fault without its own body.
 * @param {number} status
 * @param {string} traceId
 */
function faultBody(status, traceId) {
	return status >= 500
		? {
				error: {
					message: 'An unexpected error has occurred. Please retry your request later.',
					type: 'OAuthException',
					is_transient: true,
					code: 2,
					fbtrace_id: traceId,
				},
			}
		: {
				error: {
					message: 'An unknown error has occurred.',
					type: 'OAuthException',
					code: 1,
					fbtrace_id: traceId,
				},
			};
}

/** @param {MetaSandboxState} meta */
const summary = (meta) => ({
	adAccounts: [...meta.adAccounts.values()].map((a) => ({
		id: a.id,
		name: a.name,
		tosAccepted: a.tosAccepted,
		callCountPct: meta.usageOf(a.id).callCount,
	})),
	audiences: [...meta.audiences.values()].map((a) => {
		if (!a.deleted) meta.expireReplace(a);
		const status = meta.status(a);
		return {
			id: a.id,
			accountId: a.accountId,
			name: a.name,
			subtype: a.subtype,
			deleted: a.deleted,
			matched: a.membership.members.size,
			unmatched: a.membership.unmatched.size,
			externIds: a.membership.externIds.size,
			operationStatus: status.operation.code,
			deliveryStatus: status.delivery.code,
			replaceSession: a.replace ? a.replace.id : null,
		};
	}),
});

/** @type {import('../platforms').EmulatorFactory<'meta', MetaSandboxOptions, MetaSandboxState>} */
const emulator = {
	name: 'meta',
	create(options, { population, clock, baseUrl }) {
		const resolved = resolveMetaOptions(options);
		/** @type {MetaSandboxState} */
		const meta = Object.assign(new MetaState(resolved, population, clock), { requests: [] });
		const graph = new MetaGraph(meta, baseUrl);
		return {
			state: meta,
			requests: meta.requests,
			owns: (pathname) => VERSIONED_PATH.test(pathname),
			maxBodyBytes: resolved.maxBodyBytes,
			maxUrlBytes: resolved.maxUrlBytes,
			frontEndHeaders: (traceId) => ({
				'x-fb-trace-id': traceId,
				'x-business-use-case-usage': '{}',
			}),
			htmlError: (status) =>
				htmlError(status === 414 ? 'Request-URI Too Long' : 'Request Entity Too Large'),
			faultBody,
			chaosFaults: {
				// Meta's Custom Audience throttling: code 80003 with the usage header that says when to retry.
				throttle: {
					status: 400,
					body: { error: { message: '(#80003) There have been too many calls to this ad-account. Wait a bit and try again.', type: 'OAuthException', code: 80003, error_subcode: 2446079, is_transient: true } },
					headers: { 'x-business-use-case-usage': JSON.stringify({ 1234567890: [{ type: 'custom_audience', call_count: 100, total_cputime: 12, total_time: 15, estimated_time_to_regain_access: 0 }] }) },
				},
				unavailable: { status: 503 },
			},
			handle: (req) => graph.handle(req),
			admin: ({ method, path, input }) => {
				const audience = method === 'POST' && /^\/audiences\/(\d+)$/.exec(path);
				if (audience) {
					meta.setOperationStatus(audience[1], input.operationStatus === null ? null : Number(input.operationStatus));
					return { ok: true, operation_status: meta.status(meta.liveAudience(audience[1])).operation };
				}
				const seed = method === 'POST' && /^\/ad-accounts\/(?:act_)?(\d+)\/audiences$/.exec(path);
				if (seed) {
					const ids = meta.seedAudiences(seed[1], Number(input.count ?? 1), {
						subtype: input.subtype,
						namePrefix: input.namePrefix,
					});
					return { ok: true, ids, customerLists: meta.customerListCount(seed[1]) };
				}
				const tos = method === 'POST' && /^\/ad-accounts\/(?:act_)?(\d+)$/.exec(path);
				if (!tos) return undefined;
				meta.setTosAccepted(tos[1], Boolean(input.tosAccepted));
				return { ok: true };
			},
			summary: () => summary(meta),
			reset: () => meta.reset(),
		};
	},
};

module.exports = { emulator, DEFAULT_TOKEN, resolveMetaOptions };

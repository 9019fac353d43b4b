// @ts-check
'use strict';

/**
 * The loopback sandbox: an HTTP emulator of Meta's Graph API custom-audience endpoints and of
 * Google's Data Manager API (Customer Match user lists and audience members, plus an OAuth token
 * endpoint), with a population of "platform users" so that match rates reflect how well contacts
 * were normalized, fault injection, a request log and admin routes under /__sandbox/. Dev tool only
 * (not published).
 *
 *   const { startSandbox } = require('./sandbox');
 *   const sandbox = await startSandbox({ seed: 1 });
 *   // Graph base URL: sandbox.url + '/v26.0', token: 'sandbox-meta-token'
 *   // Data Manager base URL: sandbox.url (paths /v1/…), token URL: sandbox.url + '/token',
 *   // token 'sandbox-google-token' or a JWT signed with sandbox.google.serviceAccount.privateKeyPem
 *   await sandbox.close();
 *
 * See sandbox/README.md for the emulated behaviour and the choices made where the platforms' docs
 * are silent.
 */

const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { getPopulation } = require('./population');
const { MetaState } = require('./meta/state');
const { MetaGraph } = require('./meta/graph');
const { GoogleApi } = require('./google/api');
const { GoogleSandboxState, resolveGoogleOptions, DEFAULT_GOOGLE_TOKEN } = require('./google');
const googleErrors = require('./google/errors');

/**
 * @typedef {Object} MetaSandboxOptions
 * @property {string[]} [tokens] accepted access tokens (default ['sandbox-meta-token'])
 * @property {string} [appSecret] when set, every request must carry a valid appsecret_proof
 * @property {import('./meta/state').AdAccountConfig[]} [adAccounts]
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
 * @typedef {Object} SandboxOptions
 * @property {number} [port] default 0 (ephemeral)
 * @property {'127.0.0.1'} [host] loopback only
 * @property {number} [seed] population seed (default 1)
 * @property {number} [populationSize] default 20000
 * @property {MetaSandboxOptions} [meta]
 * @property {import('./google').GoogleSandboxOptions} [google]
 * @property {number} [latencyMs] added before every Graph and Google response (default 0)
 */

/**
 * @typedef {Object} Fault
 * @property {'meta' | 'google'} [platform]
 * @property {string} [method] matches the HTTP method (case-insensitive)
 * @property {string} [pathIncludes] substring of the URL path
 * @property {number} [times] how many requests it hits (default 1; Infinity or -1 = until reset)
 * @property {number} [status] respond with this status (omit it to only delay)
 * @property {unknown} [body] object → JSON, string → as is; default: the platform's error envelope
 * @property {Record<string, string>} [headers]
 * @property {number} [delayMs] wait before responding (or before going on normally)
 * @property {boolean} [dropConnection] destroy the socket without a response
 */

/**
 * @typedef {Object} RequestLogEntry
 * @property {number} seq
 * @property {string} at ISO time (sandbox clock)
 * @property {'meta' | 'google' | null} platform
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query access_token, appsecret_proof, assertion, client_secret,
 *   refresh_token, oauth_token redacted; long values cut
 * @property {number} bodyBytes
 * @property {'json' | 'form' | 'other' | null} bodyType
 * @property {'body' | 'query' | null} payloadIn where a /users payload came from
 * @property {number | null} rows rows in a /users or /usersreplace payload that parsed; audience
 *   members of a Google ingest / remove
 * @property {number} status 0 when the connection was dropped
 * @property {boolean} [fault] an injected fault answered
 * @property {string} [error] an unexpected exception inside the sandbox
 */

/**
 * @typedef {import('./meta/state').MetaState & { requests: RequestLogEntry[] }} MetaSandboxState
 */

/**
 * @typedef {Object} Sandbox
 * @property {string} url http://127.0.0.1:PORT
 * @property {number} port
 * @property {() => Promise<void>} close
 * @property {() => void} reset audiences, sessions, call budgets, user lists, ingestion requests,
 *   quotas, account switches, faults, request log, clock (issued Google access tokens stay)
 * @property {import('./population').Population} population
 * @property {MetaSandboxState} meta
 * @property {import('./google').GoogleSandboxState} google
 * @property {RequestLogEntry[]} requests
 * @property {(fault: Fault) => void} injectFault
 * @property {Fault[]} faults pending faults
 * @property {{ now(): number, advance(ms: number): void }} clock the clock all sandbox rules use
 */

const DEFAULT_TOKEN = 'sandbox-meta-token';
const MAX_LOGGED_REQUESTS = 50_000;
const MAX_LOGGED_VALUE = 1024;
const REDACTED_PARAMS = [
	'access_token',
	'appsecret_proof',
	'assertion',
	'client_secret',
	'refresh_token',
	'oauth_token',
	'id_token',
	'code',
];

/** Graph's front end answers oversize requests with an HTML page, not JSON. */
const htmlError = (/** @type {string} */ title) =>
	`<!DOCTYPE html><html lang="en" id="facebook"><head><title>Facebook | Error</title><meta charset="utf-8"></head><body><div><h1>Sorry, something went wrong.</h1><p>${title}</p><p>We're working on it and we'll get it fixed as soon as we can.</p></div></body></html>`;

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
 * @returns {import('./meta/state').MetaOptions}
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

class SandboxClock {
	constructor() {
		this.offsetMs = 0;
	}

	/** @returns {number} ms since the epoch, shifted by advance() */
	now() {
		return Date.now() + this.offsetMs;
	}

	/** @param {number} ms */
	advance(ms) {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite ms ≥ 0');
		this.offsetMs += ms;
	}
}

/**
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
async function startSandbox(options = {}) {
	const host = options.host ?? '127.0.0.1';
	if (host !== '127.0.0.1') throw new Error('sandbox: it listens on 127.0.0.1 only');
	const latencyMs = options.latencyMs ?? 0;
	const population = getPopulation(options.seed ?? 1, options.populationSize ?? 20_000);
	const clock = new SandboxClock();
	const metaOptions = resolveMetaOptions(options.meta);
	const googleOptions = resolveGoogleOptions(options.google);
	/** @type {RequestLogEntry[]} */
	const requests = [];
	const meta = /** @type {MetaSandboxState} */ (
		Object.assign(new MetaState(metaOptions, population, clock), { requests: [] })
	);
	let url = '';
	const graph = new MetaGraph(meta, () => url);
	const google = new GoogleSandboxState(googleOptions, population, clock, () => url);
	const googleApi = new GoogleApi(google, google.oauth);
	/** @type {Array<Fault & { left: number }>} */
	const faults = [];
	let seq = 0;
	let closed = false;
	/** @type {Map<NodeJS.Timeout, () => void>} */
	const sleepers = new Map();

	/**
	 * @param {number} ms
	 * @returns {Promise<boolean>} false when the sandbox closed meanwhile
	 */
	const sleep = (ms) =>
		new Promise((resolve) => {
			if (closed) return resolve(false);
			const timer = setTimeout(() => {
				sleepers.delete(timer);
				resolve(!closed);
			}, ms);
			sleepers.set(timer, () => resolve(false));
		});

	/** @param {RequestLogEntry} entry */
	const log = (entry) => {
		const own =
			entry.platform === 'meta'
				? meta.requests
				: entry.platform === 'google'
					? google.requests
					: null;
		for (const list of own ? [requests, own] : [requests]) {
			list.push(entry);
			if (list.length > MAX_LOGGED_REQUESTS * 1.1)
				list.splice(0, list.length - MAX_LOGGED_REQUESTS);
		}
	};

	/** @param {Fault} fault */
	const injectFault = (fault) => {
		if (fault.status === undefined && !fault.dropConnection && fault.delayMs === undefined) {
			throw new Error('injectFault: give a status, dropConnection or delayMs');
		}
		if (
			fault.status !== undefined &&
			!(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)
		) {
			throw new Error('injectFault: status must be an HTTP status code');
		}
		const times = fault.times ?? 1;
		faults.push({ ...fault, left: times < 0 ? Infinity : times });
	};

	/**
	 * @param {string} method
	 * @param {string} path
	 * @param {'meta' | 'google' | null} platform
	 */
	const takeFault = (method, path, platform) => {
		const i = faults.findIndex(
			(f) =>
				(f.platform === undefined || f.platform === platform) &&
				(f.method === undefined || f.method.toUpperCase() === method) &&
				(f.pathIncludes === undefined || path.includes(f.pathIncludes)),
		);
		if (i < 0) return undefined;
		const fault = faults[i];
		if (--fault.left <= 0) faults.splice(i, 1);
		return fault;
	};

	const reset = () => {
		meta.reset();
		meta.requests.length = 0;
		google.reset();
		google.requests.length = 0;
		requests.length = 0;
		faults.length = 0;
		clock.offsetMs = 0;
		seq = 0;
	};

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	const onRequest = async (req, res) => {
		const method = (req.method ?? 'GET').toUpperCase();
		const rawUrl = req.url ?? '/';
		const parsed = new URL(rawUrl, 'http://127.0.0.1');
		if (parsed.pathname === '/__sandbox' || parsed.pathname.startsWith('/__sandbox/')) {
			const body = await readBody(req, metaOptions.maxBodyBytes);
			return admin(method, parsed, body.tooLarge ? null : body.buffer, res);
		}

		/** @type {'meta' | 'google' | null} */
		const platform = GoogleApi.owns(parsed.pathname)
			? 'google'
			: /^\/v\d+\.\d+(\/|$)/.test(parsed.pathname)
				? 'meta'
				: null;
		const isGoogle = platform === 'google';
		/** @type {RequestLogEntry} */
		const entry = {
			seq: ++seq,
			at: new Date(clock.now()).toISOString(),
			platform,
			method,
			path: parsed.pathname,
			query: redactQuery(parsed.searchParams),
			bodyBytes: 0,
			bodyType: null,
			payloadIn: null,
			rows: null,
			status: 0,
		};
		log(entry);

		const body = await readBody(
			req,
			isGoogle ? googleOptions.maxBodyBytes : metaOptions.maxBodyBytes,
		);
		entry.bodyBytes = body.bytes;
		entry.bodyType = body.bytes === 0 ? null : bodyTypeOf(req.headers['content-type']);
		if (closed) return;
		const traceId = randomBytes(9).toString('base64url');
		/** @type {Record<string, string>} */
		const traceHeader = isGoogle
			? {}
			: { 'x-fb-trace-id': traceId, 'x-business-use-case-usage': '{}' };
		if (Buffer.byteLength(rawUrl) > metaOptions.maxUrlBytes) {
			entry.status = 414;
			const page = isGoogle
				? googleErrors.htmlError(
						414,
						'Request-URI Too Large',
						'The requested URL is too large to process.',
					)
				: htmlError('Request-URI Too Long');
			return send(res, 414, page, { ...traceHeader, connection: 'close' });
		}
		if (body.tooLarge) {
			entry.status = 413;
			const page = isGoogle
				? googleErrors.htmlError(
						413,
						'Request Entity Too Large',
						'Your client issued a request that was too large.',
					)
				: htmlError('Request Entity Too Large');
			return send(res, 413, page, { ...traceHeader, connection: 'close' });
		}

		const fault = takeFault(method, parsed.pathname, platform);
		if (fault) {
			if (fault.delayMs && !(await sleep(fault.delayMs))) return;
			if (fault.dropConnection) {
				entry.fault = true;
				req.socket.destroy();
				return;
			}
			if (fault.status !== undefined) {
				entry.fault = true;
				entry.status = fault.status;
				const faultBody =
					fault.body !== undefined
						? fault.body
						: isGoogle
							? googleErrors.faultBody(fault.status, traceId)
							: defaultFaultBody(fault.status, traceId);
				return send(res, fault.status, faultBody, { ...traceHeader, ...fault.headers });
			}
		}
		if (latencyMs > 0 && !(await sleep(latencyMs))) return;

		if (isGoogle) {
			const reply = googleApi.handle({
				method,
				url: parsed,
				headers: req.headers,
				body: body.buffer,
			});
			entry.status = reply.status;
			entry.rows = reply.rows;
			if (reply.internalError) entry.error = reply.internalError;
			return send(res, reply.status, reply.body, reply.headers);
		}
		const reply = graph.handle({ method, url: parsed, headers: req.headers, body: body.buffer });
		entry.status = reply.status;
		entry.payloadIn = reply.payloadIn;
		entry.rows = reply.rows;
		if (reply.internalError) entry.error = reply.internalError;
		send(res, reply.status, reply.body, reply.headers);
	};

	/**
	 * @param {string} method
	 * @param {URL} parsed
	 * @param {Buffer | null} body
	 * @param {http.ServerResponse} res
	 */
	const admin = (method, parsed, body, res) => {
		const route = `${method} ${parsed.pathname.replace(/\/+$/, '')}`;
		const q = parsed.searchParams;
		try {
			/** @type {any} */
			const input = body && body.length ? JSON.parse(body.toString('utf8')) : {};
			if (route === 'GET /__sandbox/state') return send(res, 200, stateSummary());
			if (route === 'POST /__sandbox/reset') {
				reset();
				return send(res, 200, { ok: true });
			}
			if (route === 'GET /__sandbox/faults') return send(res, 200, { data: faults });
			if (route === 'POST /__sandbox/faults') {
				for (const f of Array.isArray(input) ? input : [input]) injectFault(f);
				return send(res, 200, { ok: true, pending: faults.length });
			}
			if (route === 'DELETE /__sandbox/faults') {
				faults.length = 0;
				return send(res, 200, { ok: true });
			}
			if (route === 'GET /__sandbox/requests') {
				const since = Number(q.get('since') ?? 0);
				return send(res, 200, { data: requests.filter((r) => r.seq > since) });
			}
			if (route === 'GET /__sandbox/clock') return send(res, 200, { now: clock.now() });
			if (route === 'POST /__sandbox/clock') {
				clock.advance(Number(input.advanceMs));
				return send(res, 200, { now: clock.now() });
			}
			const tos = /^POST \/__sandbox\/meta\/ad-accounts\/(?:act_)?(\d+)$/.exec(route);
			if (tos) {
				meta.setTosAccepted(tos[1], Boolean(input.tosAccepted));
				return send(res, 200, { ok: true });
			}
			if (route === 'GET /__sandbox/google/service-account') {
				return send(res, 200, {
					...google.serviceAccount,
					tokenUri: google.tokenUrl,
					keyFile: google.keyFile(),
				});
			}
			const googleAccount = /^POST \/__sandbox\/google\/accounts\/(\d+)$/.exec(route);
			if (googleAccount) {
				const account = google.setAccount(googleAccount[1], {
					customerMatchAllowed: input.customerMatchAllowed,
					accessible: input.accessible,
					name: input.name,
					managerIds: input.managerIds,
				});
				return send(res, 200, { ok: true, account });
			}
			if (route === 'GET /__sandbox/population/contacts') {
				const count = Number(q.get('count') ?? 10);
				const opts = { offset: Number(q.get('offset') ?? 0), messy: q.get('messy') === 'true' };
				const data =
					q.get('outsiders') === 'true'
						? population.outsiderContacts(count, opts)
						: population.rawContacts(count, opts);
				return send(res, 200, { data });
			}
			if (route === 'GET /__sandbox/population/people') {
				const offset = Number(q.get('offset') ?? 0);
				return send(res, 200, {
					data: population.people.slice(offset, offset + Number(q.get('count') ?? 10)),
				});
			}
			return send(res, 404, { error: `no admin route ${route}` });
		} catch (err) {
			return send(res, 400, { error: err instanceof Error ? err.message : String(err) });
		}
	};

	const stateSummary = () => ({
		url,
		population: { seed: population.seed, size: population.size },
		clock: { now: clock.now(), offsetMs: clock.offsetMs },
		requests: requests.length,
		faults: faults.length,
		meta: {
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
					deleted: a.deleted,
					matched: a.membership.members.size,
					unmatched: a.membership.unmatched.size,
					externIds: a.membership.externIds.size,
					operationStatus: status.operation.code,
					deliveryStatus: status.delivery.code,
					replaceSession: a.replace ? a.replace.id : null,
				};
			}),
		},
		google: googleSummary(),
	});

	const googleSummary = () => {
		google.settle();
		return {
			tokenUrl: google.tokenUrl,
			apiBaseUrl: google.apiBaseUrl,
			clientEmail: google.clientEmail,
			accounts: [...google.accounts.values()],
			userLists: [...google.userLists.values()].map((l) => ({
				id: l.id,
				accountId: l.accountId,
				displayName: l.displayName,
				deleted: l.deleted,
				matched: l.members.size,
				matchRatePercentage: l.matchRatePercentage,
			})),
			processingRequests: google.pendingCount(),
			requests: google.ingestions.size,
		};
	};

	const server = http.createServer({ maxHeaderSize: 4 * 1024 * 1024 }, (req, res) => {
		// The server's clock is the sandbox clock: clients that read Date (e.g. to bound
		// removeAsOfTime by the platform's time) see advance() too.
		res.setHeader('date', new Date(clock.now()).toUTCString());
		onRequest(req, res).catch((err) => {
			if (!res.headersSent)
				send(res, 500, { error: { message: String(err), type: 'SandboxError', code: 1 } });
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	url = `http://127.0.0.1:${port}`;

	return {
		url,
		port,
		population,
		meta,
		google,
		requests,
		faults,
		clock,
		injectFault,
		reset,
		close: () => {
			if (closed) return Promise.resolve();
			closed = true;
			for (const [timer, wake] of sleepers) {
				clearTimeout(timer);
				wake();
			}
			sleepers.clear();
			return new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

/**
 * Reads the whole body, counting bytes; past `max` it keeps draining (so the client gets the 413
 * rather than a reset connection) but stops storing.
 * @param {http.IncomingMessage} req
 * @param {number} max
 * @returns {Promise<{ buffer: Buffer, bytes: number, tooLarge: boolean }>}
 */
function readBody(req, max) {
	return new Promise((resolve) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let bytes = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			bytes += chunk.length;
			if (bytes <= max) chunks.push(chunk);
		});
		const done = () =>
			resolve({
				buffer: bytes <= max ? Buffer.concat(chunks) : Buffer.alloc(0),
				bytes,
				tooLarge: bytes > max,
			});
		req.on('end', done);
		req.on('error', done);
		req.on('close', done);
	});
}

/**
 * @param {string | undefined} contentType
 * @returns {'json' | 'form' | 'other'}
 */
function bodyTypeOf(contentType) {
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/json' || type.endsWith('+json')) return 'json';
	if (type === 'application/x-www-form-urlencoded') return 'form';
	return 'other';
}

/**
 * @param {URLSearchParams} params
 * @returns {Record<string, string>}
 */
function redactQuery(params) {
	/** @type {Record<string, string>} */
	const out = {};
	for (const [k, v] of params) {
		if (REDACTED_PARAMS.includes(k)) out[k] = '[redacted]';
		else
			out[k] =
				v.length > MAX_LOGGED_VALUE
					? `${v.slice(0, MAX_LOGGED_VALUE)}…(${Buffer.byteLength(v)} bytes)`
					: v;
	}
	return out;
}

/**
 * @param {number} status
 * @param {string} traceId
 */
function defaultFaultBody(status, traceId) {
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

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body object → JSON; string → HTML when it starts with "<", else text
 * @param {Record<string, string>} [headers]
 */
function send(res, status, body, headers = {}) {
	if (res.headersSent || res.destroyed) return;
	const isText = typeof body === 'string';
	const payload = Buffer.from(isText ? body : JSON.stringify(body));
	const type = !isText
		? 'application/json; charset=UTF-8'
		: body.trimStart().startsWith('<')
			? 'text/html; charset=utf-8'
			: 'text/plain; charset=utf-8';
	res.writeHead(status, {
		'content-type': type,
		'content-length': String(payload.length),
		...headers,
	});
	res.end(payload);
}

module.exports = { startSandbox, DEFAULT_TOKEN, DEFAULT_GOOGLE_TOKEN };

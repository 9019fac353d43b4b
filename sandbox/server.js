// @ts-check
'use strict';

/**
 * The shared HTTP server of the sandbox: on 127.0.0.1 only, it routes each request by path to the
 * emulator that owns it (the first registered one takes the rest) and does what every platform's
 * front end does the same way: the request log, body reading with the platform's size limits and
 * its HTML 413 / 414 pages, injected faults, added latency, and a `Date` header on the sandbox
 * clock. /__sandbox/… goes to the admin routes.
 */

const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { readBody, bodyTypeOf, redactQuery, send } = require('./http');

/** @typedef {import('./platforms').Emulator<unknown> & { name: string }} NamedEmulator */

/**
 * @typedef {Object} ServerOptions
 * @property {NamedEmulator[]} emulators in registry order; the first answers unowned paths
 * @property {import('./clock').SandboxClock} clock
 * @property {import('./requestLog').RequestLog} log
 * @property {import('./faults').FaultQueue} faults
 * @property {import('./audit').PrivacyAudit} audit reads every platform request body
 * @property {number} latencyMs added before every platform response
 * @property {ReturnType<typeof import('./admin').adminRoutes>} admin
 * @property {number} port
 * @property {string} host
 */

/**
 * @param {ServerOptions} options
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
async function startServer({ emulators, clock, log, faults, audit, latencyMs, admin, port, host }) {
	const fallback = emulators[0];
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

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	const onRequest = async (req, res) => {
		const method = (req.method ?? 'GET').toUpperCase();
		const rawUrl = req.url ?? '/';
		const parsed = new URL(rawUrl, 'http://127.0.0.1');
		if (parsed.pathname === '/__sandbox' || parsed.pathname.startsWith('/__sandbox/')) {
			const body = await readBody(req, fallback.maxBodyBytes);
			return admin(method, parsed, body.tooLarge ? null : body.buffer, res);
		}

		const owner = emulators.find((e) => e.owns(parsed.pathname));
		const emulator = owner ?? fallback;
		/** @type {import('./requestLog').RequestLogEntry} */
		const entry = {
			seq: log.nextSeq(),
			at: new Date(clock.now()).toISOString(),
			platform: /** @type {import('./requestLog').RequestLogEntry['platform']} */ (
				owner ? owner.name : null
			),
			method,
			path: parsed.pathname,
			query: redactQuery(parsed.searchParams),
			bodyBytes: 0,
			bodyType: null,
			payloadIn: null,
			rows: null,
			status: 0,
		};
		log.add(entry);

		const body = await readBody(req, emulator.maxBodyBytes);
		entry.bodyBytes = body.bytes;
		entry.bodyType = body.bytes === 0 ? null : bodyTypeOf(req.headers['content-type']);
		if (closed) return;
		const traceId = randomBytes(9).toString('base64url');
		const frontEndHeaders = emulator.frontEndHeaders(traceId);
		const maxUrlBytes = emulator.maxUrlBytes ?? fallback.maxUrlBytes ?? Infinity;
		if (Buffer.byteLength(rawUrl) > maxUrlBytes) {
			entry.status = 414;
			return send(res, 414, emulator.htmlError(414), { ...frontEndHeaders, connection: 'close' });
		}
		if (body.tooLarge) {
			entry.status = 413;
			return send(res, 413, emulator.htmlError(413), { ...frontEndHeaders, connection: 'close' });
		}

		// Whatever came over the wire, answered or not.
		if (owner) audit.inspect(owner.name, method, parsed.pathname, body.buffer, req.headers['content-type']);

		const fault = faults.take(method, parsed.pathname, entry.platform);
		if (fault) {
			if (fault.kind) entry.faultKind = fault.kind;
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
					fault.body !== undefined ? fault.body : emulator.faultBody(fault.status, traceId);
				return send(res, fault.status, faultBody, { ...frontEndHeaders, ...fault.headers });
			}
		}
		if (latencyMs > 0 && !(await sleep(latencyMs))) return;

		const reply = emulator.handle({ method, url: parsed, headers: req.headers, body: body.buffer });
		entry.status = reply.status;
		entry.payloadIn = reply.payloadIn ?? null;
		entry.rows = reply.rows;
		if (reply.internalError) entry.error = reply.internalError;
		if (fault?.truncate) {
			// Applied, then the answer is lost half-way: the client cannot tell whether it was.
			entry.fault = true;
			const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
			res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers, 'content-length': String(Buffer.byteLength(text)) });
			res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
			return;
		}
		send(res, reply.status, reply.body, reply.headers);
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
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});

	return {
		port: /** @type {import('node:net').AddressInfo} */ (server.address()).port,
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

module.exports = { startServer };

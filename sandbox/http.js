// @ts-check
'use strict';

/** HTTP helpers of the shared server: reading bodies, writing answers, redacting logged queries. */

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

/**
 * Reads the whole body, counting bytes; past `max` it keeps draining (so the client gets the 413
 * rather than a reset connection) but stops storing.
 * @param {import('node:http').IncomingMessage} req
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
				buffer: bytes > max ? Buffer.alloc(0) : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes),
				bytes,
				tooLarge: bytes > max,
			});
		req.on('end', done);
		req.on('error', done);
		req.on('close', done);
	});
}

/** @type {WeakMap<Buffer, string>} */
const TEXTS = new WeakMap();

/**
 * A request body as UTF-8 text, decoded once however many readers (the audit, the emulator) ask.
 * @param {Buffer} body
 * @returns {string}
 */
function bodyText(body) {
	let text = TEXTS.get(body);
	if (text === undefined) {
		text = body.toString('utf8');
		TEXTS.set(body, text);
	}
	return text;
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
 * @param {import('node:http').ServerResponse} res
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

module.exports = { readBody, bodyText, bodyTypeOf, redactQuery, send };

// @ts-check
'use strict';

/**
 * @typedef {Object} RequestLogEntry
 * @property {number} seq
 * @property {string} at ISO time (sandbox clock)
 * @property {import('./platforms').Platform['name'] | null} platform the emulator that owns the path
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query access_token, appsecret_proof, assertion, client_secret,
 *   refresh_token, oauth_token, id_token, code redacted; long values cut
 * @property {number} bodyBytes
 * @property {'json' | 'form' | 'other' | null} bodyType
 * @property {'body' | 'query' | null} payloadIn where a /users payload came from
 * @property {number | null} rows rows in a /users or /usersreplace payload that parsed; audience
 *   members of a Google ingest / remove
 * @property {number} status 0 when the connection was dropped
 * @property {boolean} [fault] an injected fault answered
 * @property {string} [faultKind] the fault plan's kind that hit this request
 * @property {string} [error] an unexpected exception inside the sandbox
 */

const MAX_LOGGED_REQUESTS = 50_000;

/** Every platform request, in `entries` and in the `requests` of the platform that owns it. */
class RequestLog {
	/** @param {Array<{ name: string, requests: RequestLogEntry[] }>} emulators */
	constructor(emulators) {
		/** @type {RequestLogEntry[]} */
		this.entries = [];
		/** @private */
		this.own = new Map(emulators.map((e) => [e.name, e.requests]));
		/** @private */
		this.seq = 0;
	}

	/** @returns {number} the next entry's seq */
	nextSeq() {
		return ++this.seq;
	}

	/** @param {RequestLogEntry} entry */
	add(entry) {
		const own = entry.platform === null ? undefined : this.own.get(entry.platform);
		for (const list of own ? [this.entries, own] : [this.entries]) {
			list.push(entry);
			if (list.length > MAX_LOGGED_REQUESTS * 1.1)
				list.splice(0, list.length - MAX_LOGGED_REQUESTS);
		}
	}

	/** Empties every list and restarts seq. */
	clear() {
		this.entries.length = 0;
		for (const list of this.own.values()) list.length = 0;
		this.seq = 0;
	}
}

module.exports = { RequestLog };

// @ts-check
'use strict';

/**
 * @typedef {Object} Fault
 * @property {import('./platforms').Platform['name']} [platform]
 * @property {string} [method] matches the HTTP method (case-insensitive)
 * @property {string} [pathIncludes] substring of the URL path
 * @property {number} [after] matching requests it lets through before it hits (default 0)
 * @property {number} [times] how many requests it hits (default 1; Infinity or -1 = until reset)
 * @property {number} [status] respond with this status (omit it to only delay)
 * @property {unknown} [body] object → JSON, string → as is; default: the platform's error envelope
 * @property {Record<string, string>} [headers]
 * @property {number} [delayMs] wait before responding (or before going on normally)
 * @property {boolean} [dropConnection] destroy the socket without a response
 */

/** The pending injected faults; the first one that matches a request answers it. */
class FaultQueue {
	constructor() {
		/** @type {Array<Fault & { left: number, through: number }>} */
		this.pending = [];
	}

	/** @param {Fault} fault */
	inject(fault) {
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
		this.pending.push({ ...fault, left: times < 0 ? Infinity : times, through: fault.after ?? 0 });
	}

	/**
	 * Takes one hit of the first matching fault.
	 * @param {string} method
	 * @param {string} path
	 * @param {string | null} platform
	 * @returns {(Fault & { left: number }) | undefined}
	 */
	take(method, path, platform) {
		const i = this.pending.findIndex(
			(f) =>
				(f.platform === undefined || f.platform === platform) &&
				(f.method === undefined || f.method.toUpperCase() === method) &&
				(f.pathIncludes === undefined || path.includes(f.pathIncludes)),
		);
		if (i < 0) return undefined;
		const fault = this.pending[i];
		if (fault.through > 0) {
			fault.through -= 1;
			return undefined;
		}
		if (--fault.left <= 0) this.pending.splice(i, 1);
		return fault;
	}

	clear() {
		this.pending.length = 0;
	}
}

module.exports = { FaultQueue };

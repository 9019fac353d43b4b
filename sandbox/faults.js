// @ts-check
'use strict';

const { Rng } = require('./prng');

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
 * @property {boolean} [truncate] let the platform handle the request, then send half of its
 *   response (headers with the full length) and cut the connection
 * @property {string} [kind] the fault plan's kind that made it
 */

/**
 * Faults drawn at random, reproducibly from a seed: each request that matches is hit with
 * probability `rate`, by one of `kinds` picked at random among those its platform has.
 * @typedef {Object} FaultPlanSpec
 * @property {number} rate 0..1
 * @property {number} [seed] default 1
 * @property {string[]} [kinds] default: every generic kind and every kind of the platform
 * @property {import('./platforms').Platform['name']} [platform]
 * @property {string} [method]
 * @property {string} [pathIncludes]
 * @property {number} [slowMs] the delay of the `slow` kind (default 200)
 */

/**
 * Kinds every platform has: a 500 with the platform's error envelope, a dropped connection, a slow
 * answer, and a response cut half-way after the platform applied the request.
 * @type {Record<string, (spec: FaultPlanSpec) => Fault>}
 */
const GENERIC_KINDS = {
	server: () => ({ status: 500 }),
	drop: () => ({ dropConnection: true }),
	slow: (spec) => ({ delayMs: spec.slowMs ?? 200 }),
	truncated: () => ({ truncate: true }),
};

class FaultPlan {
	/**
	 * @param {FaultPlanSpec} spec
	 * @param {Record<string, Record<string, Fault>>} platformKinds each platform's own kinds
	 *   (throttling, unavailable, token expiry…), as its emulator describes them
	 */
	constructor(spec, platformKinds) {
		if (!(typeof spec.rate === 'number' && spec.rate >= 0 && spec.rate <= 1)) throw new Error('fault plan: rate must be between 0 and 1');
		const known = new Set([...Object.keys(GENERIC_KINDS), ...Object.values(platformKinds).flatMap((kinds) => Object.keys(kinds))]);
		for (const kind of spec.kinds ?? []) if (!known.has(kind)) throw new Error(`fault plan: unknown kind "${kind}" (known: ${[...known].join(', ')})`);
		this.spec = spec;
		this.platformKinds = platformKinds;
		this.rng = new Rng(spec.seed ?? 1);
		/** Requests the plan looked at, and the faults it injected by kind. */
		this.stats = { requests: 0, injected: /** @type {Record<string, number>} */ ({}) };
	}

	/**
	 * @param {string} method
	 * @param {string} path
	 * @param {string | null} platform
	 * @returns {Fault | undefined}
	 */
	draw(method, path, platform) {
		const { spec } = this;
		if (spec.platform !== undefined && spec.platform !== platform) return undefined;
		if (spec.method !== undefined && spec.method.toUpperCase() !== method) return undefined;
		if (spec.pathIncludes !== undefined && !path.includes(spec.pathIncludes)) return undefined;
		if (platform === null) return undefined;
		this.stats.requests += 1;
		if (this.rng.next() >= spec.rate) return undefined;
		const own = this.platformKinds[platform] ?? {};
		const available = [...Object.keys(GENERIC_KINDS), ...Object.keys(own)];
		const kinds = spec.kinds ? spec.kinds.filter((kind) => available.includes(kind)) : available;
		if (kinds.length === 0) return undefined;
		const kind = kinds[Math.floor(this.rng.next() * kinds.length)];
		this.stats.injected[kind] = (this.stats.injected[kind] ?? 0) + 1;
		return { ...(own[kind] ?? GENERIC_KINDS[kind](spec)), kind };
	}
}

/** The pending injected faults; the first one that matches a request answers it. */
class FaultQueue {
	constructor() {
		/** @type {Array<Fault & { left: number, through: number }>} */
		this.pending = [];
		/** @type {FaultPlan | undefined} */
		this.plan = undefined;
	}

	/**
	 * Starts drawing faults at random (replacing a plan in place), or stops with `undefined`.
	 * @param {FaultPlanSpec | undefined} spec
	 * @param {Record<string, Record<string, Fault>>} platformKinds
	 */
	setPlan(spec, platformKinds) {
		this.plan = spec === undefined ? undefined : new FaultPlan(spec, platformKinds);
		return this.plan;
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
	 * @returns {Fault | undefined}
	 */
	take(method, path, platform) {
		const i = this.pending.findIndex(
			(f) =>
				(f.platform === undefined || f.platform === platform) &&
				(f.method === undefined || f.method.toUpperCase() === method) &&
				(f.pathIncludes === undefined || path.includes(f.pathIncludes)),
		);
		if (i < 0) return this.plan?.draw(method, path, platform);
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
		this.plan = undefined;
	}
}

module.exports = { FaultQueue, FaultPlan, GENERIC_KINDS };

// @ts-check
'use strict';

/**
 * The admin routes under /__sandbox/ (no auth; the server is loopback only): state, reset, faults,
 * request log, clock and population here; /__sandbox/<name>/… are the platform's own (its
 * emulator's `admin`).
 */

const { send } = require('./http');

/**
 * @typedef {Object} AdminContext
 * @property {Array<import('./platforms').Emulator<unknown> & { name: string }>} emulators
 * @property {import('./population').Population} population
 * @property {import('./clock').SandboxClock} clock
 * @property {import('./requestLog').RequestLog} log
 * @property {import('./faults').FaultQueue} faults
 * @property {() => void} reset
 * @property {() => string} baseUrl
 */

/**
 * @param {AdminContext} ctx
 * @returns {(method: string, parsed: URL, body: Buffer | null, res: import('node:http').ServerResponse) => void}
 */
function adminRoutes({ emulators, population, clock, log, faults, reset, baseUrl }) {
	const stateSummary = () => ({
		url: baseUrl(),
		population: { seed: population.seed, size: population.size },
		clock: { now: clock.now(), offsetMs: clock.offsetMs },
		requests: log.entries.length,
		faults: faults.pending.length,
		...Object.fromEntries(emulators.map((e) => [e.name, e.summary()])),
	});

	/**
	 * @param {string} method
	 * @param {string} path trailing slashes removed
	 * @param {any} input
	 * @param {URLSearchParams} q
	 * @returns {unknown} the answer (200), undefined when there is no such route
	 */
	const route = (method, path, input, q) => {
		const r = `${method} ${path}`;
		if (r === 'GET /__sandbox/state') return stateSummary();
		if (r === 'POST /__sandbox/reset') {
			reset();
			return { ok: true };
		}
		if (r === 'GET /__sandbox/faults') return { data: faults.pending };
		if (r === 'POST /__sandbox/faults') {
			for (const f of Array.isArray(input) ? input : [input]) faults.inject(f);
			return { ok: true, pending: faults.pending.length };
		}
		if (r === 'DELETE /__sandbox/faults') {
			faults.clear();
			return { ok: true };
		}
		if (r === 'GET /__sandbox/requests') {
			const since = Number(q.get('since') ?? 0);
			return { data: log.entries.filter((e) => e.seq > since) };
		}
		if (r === 'GET /__sandbox/clock') return { now: clock.now() };
		if (r === 'POST /__sandbox/clock') {
			clock.advance(Number(input.advanceMs));
			return { now: clock.now() };
		}
		for (const e of emulators) {
			const prefix = `/__sandbox/${e.name}/`;
			if (!e.admin || !path.startsWith(prefix)) continue;
			const out = e.admin({ method, path: path.slice(prefix.length - 1), input, query: q });
			if (out !== undefined) return out;
		}
		if (r === 'GET /__sandbox/population/contacts') {
			const count = Number(q.get('count') ?? 10);
			const opts = { offset: Number(q.get('offset') ?? 0), messy: q.get('messy') === 'true' };
			const data =
				q.get('outsiders') === 'true'
					? population.outsiderContacts(count, opts)
					: population.rawContacts(count, opts);
			return { data };
		}
		if (r === 'GET /__sandbox/population/people') {
			const offset = Number(q.get('offset') ?? 0);
			return { data: population.people.slice(offset, offset + Number(q.get('count') ?? 10)) };
		}
		return undefined;
	};

	return (method, parsed, body, res) => {
		const path = parsed.pathname.replace(/\/+$/, '');
		try {
			/** @type {any} */
			const input = body && body.length ? JSON.parse(body.toString('utf8')) : {};
			const out = route(method, path, input, parsed.searchParams);
			if (out !== undefined) return send(res, 200, out);
			return send(res, 404, { error: `no admin route ${method} ${path}` });
		} catch (err) {
			return send(res, 400, { error: err instanceof Error ? err.message : String(err) });
		}
	};
}

module.exports = { adminRoutes };

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
 * One emulator per platform (sandbox/<name>/, registered in ./platforms.js) on one shared server
 * (./server.js). See sandbox/README.md for the emulated behaviour and the choices made where the
 * platforms' docs are silent.
 */

const { getPopulation } = require('./population');
const { SandboxClock } = require('./clock');
const { FaultQueue } = require('./faults');
const { PrivacyAudit } = require('./audit');
const { RequestLog } = require('./requestLog');
const { adminRoutes } = require('./admin');
const { startServer } = require('./server');
const { PLATFORMS } = require('./platforms');
const { DEFAULT_TOKEN } = require('./meta');
const { DEFAULT_GOOGLE_TOKEN } = require('./google');

/** @typedef {import('./platforms').Platform} Platform */
/** @typedef {import('./faults').Fault} Fault */
/** @typedef {import('./requestLog').RequestLogEntry} RequestLogEntry */
/** @typedef {import('./meta').MetaSandboxOptions} MetaSandboxOptions */
/** @typedef {import('./meta').MetaSandboxState} MetaSandboxState */

/**
 * Each platform's options (`meta`: MetaSandboxOptions, `google`: GoogleSandboxOptions, …).
 * @typedef {{ [P in Platform as P['name']]?: Parameters<P['create']>[0] }} PlatformOptions
 */

/**
 * Each platform's state (`meta`: MetaSandboxState, `google`: GoogleSandboxState, …).
 * @typedef {{ [P in Platform as P['name']]: ReturnType<P['create']>['state'] }} PlatformStates
 */

/**
 * @typedef {Object} CommonOptions
 * @property {number} [port] default 0 (ephemeral)
 * @property {'127.0.0.1'} [host] loopback only
 * @property {number} [seed] population seed (default 1)
 * @property {number} [populationSize] default 20000
 * @property {number} [latencyMs] added before every platform response (default 0)
 */

/** @typedef {CommonOptions & PlatformOptions} SandboxOptions */

/**
 * @typedef {Object} SandboxBase
 * @property {string} url http://127.0.0.1:PORT
 * @property {number} port
 * @property {() => Promise<void>} close
 * @property {() => void} reset audiences, sessions, call budgets, user lists, ingestion requests,
 *   quotas, account switches, faults, privacy audit, request log, clock (issued Google access tokens stay)
 * @property {import('./population').Population} population
 * @property {RequestLogEntry[]} requests
 * @property {(fault: Fault) => void} injectFault
 * @property {Fault[]} faults pending faults
 * @property {(spec: import('./faults').FaultPlanSpec | undefined) => import('./faults').FaultPlan | undefined} setFaultPlan
 *   draws faults at random from now on (a seeded plan; `undefined` stops it); the plan's `stats`
 *   count what it injected
 * @property {{ now(): number, advance(ms: number): void }} clock the clock all sandbox rules use
 * @property {import('./audit').PrivacyAudit} audit what arrived that must never be sent: hashed
 *   fields that are not hashes, raw e-mails or watched personal data, members off limits
 */

/** @typedef {SandboxBase & PlatformStates} Sandbox */

/**
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
async function startSandbox(options = {}) {
	const host = options.host ?? '127.0.0.1';
	if (host !== '127.0.0.1') throw new Error('sandbox: it listens on 127.0.0.1 only');
	const population = getPopulation(options.seed ?? 1, options.populationSize ?? 20_000);
	const clock = new SandboxClock();
	let url = '';
	const audit = new PrivacyAudit(population);
	const shared = { population, clock, audit, baseUrl: () => url };
	const emulators = PLATFORMS.map((platform) => ({
		name: platform.name,
		.../** @type {import('./platforms').Emulator<unknown>} */ (
			platform.create(/** @type {any} */ (options)[platform.name], shared)
		),
	}));
	const log = new RequestLog(emulators);
	const faults = new FaultQueue();
	const reset = () => {
		for (const e of emulators) e.reset();
		log.clear();
		faults.clear();
		audit.clear();
		clock.reset();
	};
	const admin = adminRoutes({
		emulators,
		population,
		clock,
		log,
		faults,
		reset,
		baseUrl: () => url,
	});
	const server = await startServer({
		emulators,
		clock,
		log,
		faults,
		audit,
		admin,
		latencyMs: options.latencyMs ?? 0,
		port: options.port ?? 0,
		host,
	});
	url = `http://127.0.0.1:${server.port}`;
	const states = /** @type {PlatformStates} */ (
		Object.fromEntries(emulators.map((e) => [e.name, e.state]))
	);

	return {
		url,
		port: server.port,
		population,
		...states,
		requests: log.entries,
		faults: faults.pending,
		clock,
		audit,
		injectFault: (/** @type {Fault} */ fault) => faults.inject(fault),
		setFaultPlan: (spec) => faults.setPlan(spec, Object.fromEntries(emulators.map((e) => [e.name, e.chaosFaults]))),
		reset,
		close: server.close,
	};
}

module.exports = { startSandbox, DEFAULT_TOKEN, DEFAULT_GOOGLE_TOKEN };

// @ts-check
'use strict';

/**
 * The platform emulators the sandbox runs, and the contract each one meets. A platform brings one
 * folder (sandbox/<name>/, its index.js exporting `emulator`) and one line in PLATFORMS below; the
 * shared server (./server.js) does the rest: routing by path, body reading and limits, faults,
 * latency, the request log, admin routes under /__sandbox/<name>/, reset and the state summary.
 *
 * Its name is everything at once: the `startSandbox` option (`options.<name>`), the property of
 * the Sandbox (`sandbox.<name>`, the emulator's `state`), the `platform` of its request-log
 * entries and of faults, its admin prefix and its key in GET /__sandbox/state.
 */

/**
 * @typedef {Object} SharedContext what the sandbox shares with every emulator
 * @property {import('./population').Population} population
 * @property {import('./clock').SandboxClock} clock every time rule reads it
 * @property {import('./audit').PrivacyAudit} audit told of every member ingested, with its consent
 * @property {() => string} baseUrl the sandbox's URL (set once the server listens)
 */

/**
 * @typedef {Object} EmulatorRequest
 * @property {string} method upper case
 * @property {URL} url
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body the whole body (within the emulator's maxBodyBytes)
 */

/**
 * @typedef {Object} EmulatorReply
 * @property {number} status
 * @property {unknown} body object → JSON; string → HTML when it starts with "<", else text
 * @property {Record<string, string>} headers
 * @property {number | null} rows for the request log (payload rows, audience members)
 * @property {'body' | 'query' | null} [payloadIn] for the request log (default null)
 * @property {string} [internalError] an unexpected exception (sandbox bug), for the request log
 */

/**
 * @typedef {Object} AdminRequest an admin call under /__sandbox/<name>/
 * @property {string} method upper case
 * @property {string} path the rest of the path, from its "/", trailing slashes removed
 * @property {any} input the JSON body ({} when empty)
 * @property {URLSearchParams} query
 */

/**
 * @template State
 * @typedef {Object} Emulator one platform inside one sandbox
 * @property {State} state what `sandbox.<name>` exposes to tests
 * @property {import('./requestLog').RequestLogEntry[]} requests this platform's log entries (the
 *   server appends and clears them; usually `state.requests`)
 * @property {(pathname: string) => boolean} owns whether a request path is this platform's
 * @property {number} maxBodyBytes larger bodies get htmlError(413)
 * @property {number} [maxUrlBytes] longer URLs get htmlError(414) (default: the first platform's)
 * @property {(traceId: string) => Record<string, string>} frontEndHeaders headers of the answers the
 *   server gives on the platform's behalf (413, 414, injected faults)
 * @property {(status: 413 | 414) => string} htmlError the platform front end's HTML error page
 * @property {(status: number, traceId: string) => unknown} faultBody the body of an injected fault
 * @property {Record<string, import('./faults').Fault>} chaosFaults the platform's own kinds of a
 *   fault plan (its throttling, its unavailable, its token expiry), as it answers them
 *   that brings none
 * @property {(req: EmulatorRequest) => EmulatorReply} handle answers a request (never throws)
 * @property {(req: AdminRequest) => unknown} [admin] the JSON answer (200) of an admin route,
 *   undefined when there is no such route; a throw answers 400 with its message
 * @property {() => unknown} summary the platform's part of GET /__sandbox/state
 * @property {() => void} reset back to the configured state (the server clears the log)
 */

/**
 * @template {string} Name
 * @template Options
 * @template State
 * @typedef {Object} EmulatorFactory what sandbox/<name>/index.js exports as `emulator`
 * @property {Name} name
 * @property {(options: Options | undefined, shared: SharedContext) => Emulator<State>} create
 *   validates `options.<name>` (throwing on bad ones) and builds the platform's state
 */

/**
 * The registered platforms. The first one also answers the paths no platform owns (as Graph
 * does, with its "Unknown path components" error), and its maxBodyBytes / maxUrlBytes bound the
 * admin routes and the URLs of the platforms that set no maxUrlBytes.
 */
const PLATFORMS = /** @type {const} */ ([
	require('./meta').emulator, // Graph API custom audiences (/vNN.N/…)
	require('./google').emulator, // Data Manager API (/v1/…) and its OAuth (/token, /tokeninfo)
]);

/** @typedef {typeof PLATFORMS[number]} Platform */

module.exports = { PLATFORMS };

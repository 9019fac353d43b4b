// @ts-check
'use strict';

/**
 * Google's emulator: the Data Manager API under /v1/ and the OAuth endpoints /token and
 * /tokeninfo (./api.js), its options and defaults, its front end's error pages and fault
 * envelope, its admin routes (GET /__sandbox/google/service-account, POST
 * /__sandbox/google/accounts/{id}), and the Google side of the sandbox as `sandbox.google` exposes
 * it: the Data Manager state (accounts, user lists, ingestion requests), the OAuth server, the
 * generated service account, and the request log entries with platform 'google'.
 */

const { GoogleState } = require('./state');
const { GoogleOAuth, DATA_MANAGER_SCOPE, DEFAULT_CLIENT_EMAIL } = require('./oauth');
const { GoogleApi } = require('./api');
const googleErrors = require('./errors');

const DEFAULT_GOOGLE_TOKEN = 'sandbox-google-token';

/**
 * @typedef {Object} GoogleSandboxOptions
 * @property {import('./state').GoogleAccountConfig[]} [accounts]
 * @property {import('./oauth').ServiceAccountConfig[]} [serviceAccounts] accepted in addition to the generated one
 * @property {number} [tokenLifetimeSeconds] default 3600
 * @property {string[]} [staticTokens] never-expiring tokens with the Data Manager scope (default ['sandbox-google-token'])
 * @property {import('./oauth').OAuthClientConfig[]} [oauthClients]
 * @property {number} [processingDelayMs] default 0: requests are applied at once
 * @property {number} [minServingSize] matched members for eligibleForDisplay / eligibleForSearch (default 100)
 * @property {number} [requestsPerMinute] per quota bucket and minute (default 100000; Google's is 300)
 * @property {number} [maxBodyBytes] default 32 MB; larger bodies get an HTML 413 page
 */

/**
 * @typedef {Object} ResolvedGoogleOptions
 * @property {import('./state').GoogleAccountConfig[]} accounts
 * @property {import('./oauth').ServiceAccountConfig[]} serviceAccounts
 * @property {number} tokenLifetimeSeconds
 * @property {string[]} staticTokens
 * @property {import('./oauth').OAuthClientConfig[]} oauthClients
 * @property {number} processingDelayMs
 * @property {number} minServingSize
 * @property {number} requestsPerMinute
 * @property {number} maxBodyBytes
 */

/** @type {ResolvedGoogleOptions} */
const GOOGLE_DEFAULTS = {
	accounts: [
		{ id: '1234567890', name: 'Sandbox Google Ads', managerIds: ['9999999999'] },
		{ id: '3333333333', name: 'No Terms', customerMatchAllowed: false },
		{ id: '9999999999', name: 'Sandbox Manager' },
	],
	serviceAccounts: [],
	tokenLifetimeSeconds: 3600,
	staticTokens: [DEFAULT_GOOGLE_TOKEN],
	oauthClients: [
		{
			clientId: 'sandbox-client',
			clientSecret: 'sandbox-client-secret',
			refreshTokens: ['sandbox-refresh-token'],
			scope: DATA_MANAGER_SCOPE,
			email: 'sandbox-user@example.com',
		},
	],
	processingDelayMs: 0,
	minServingSize: 100,
	requestsPerMinute: 100_000,
	maxBodyBytes: 32 * 1024 * 1024,
};

/**
 * @param {GoogleSandboxOptions} [google]
 * @returns {ResolvedGoogleOptions}
 */
function resolveGoogleOptions(google = {}) {
	const defined = Object.fromEntries(Object.entries(google).filter(([, v]) => v !== undefined));
	/** @type {ResolvedGoogleOptions} */
	const options = { ...GOOGLE_DEFAULTS, ...defined };
	for (const a of options.accounts) {
		if (!/^\d+$/.test(a.id))
			throw new Error(`sandbox: Google Ads account id "${a.id}" must be digits without dashes`);
	}
	for (const n of [
		'tokenLifetimeSeconds',
		'processingDelayMs',
		'minServingSize',
		'requestsPerMinute',
	]) {
		const v = /** @type {Record<string, unknown>} */ (options)[n];
		if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
			throw new Error(`sandbox: google.${n} must be a number ≥ 0`);
	}
	return options;
}

/**
 * `sandbox.google`: GoogleState (accounts, userLists, ingestions, reset, settle, setAccount, view,
 * requestStatus, …) plus the OAuth server and the request log.
 */
class GoogleSandboxState extends GoogleState {
	/**
	 * @param {ResolvedGoogleOptions} options
	 * @param {import('../population').Population} population
	 * @param {{ now(): number }} clock
	 * @param {() => string} baseUrl
	 */
	constructor(options, population, clock, baseUrl) {
		super(options, population, clock);
		this.sandboxOptions = options;
		/** @private */
		this.baseUrl = baseUrl;
		this.oauth = new GoogleOAuth(options, clock, baseUrl);
		/** @type {import('../requestLog').RequestLogEntry[]} */
		this.requests = [];
	}

	/**
	 * The sandbox's service account: RSA-2048 key pair generated on first use (one per sandbox).
	 * @returns {{ clientEmail: string, clientId: string, privateKeyId: string, privateKeyPem: string, publicKeyPem: string }}
	 */
	get serviceAccount() {
		const sa = this.oauth.serviceAccount();
		return {
			clientEmail: sa.clientEmail,
			clientId: sa.clientId,
			privateKeyId: sa.privateKeyId,
			privateKeyPem: sa.privateKeyPem,
			publicKeyPem: sa.publicKeyPem,
		};
	}

	/** @returns {string} `${url}/token`, the `aud` of service-account JWTs */
	get tokenUrl() {
		return `${this.baseUrl()}/token`;
	}

	/** @returns {string} the Data Manager base URL (paths start with /v1/) */
	get apiBaseUrl() {
		return this.baseUrl();
	}

	/** @returns {string} the client e-mail of the generated service account */
	get clientEmail() {
		return DEFAULT_CLIENT_EMAIL;
	}

	/** @returns {Record<string, string>} a Google key file (JSON) for the generated service account */
	keyFile() {
		return this.oauth.keyFile();
	}

	/**
	 * An access token without going through /token (tests).
	 * @param {{ scope?: string, lifetimeSeconds?: number, email?: string }} [spec]
	 * @returns {string}
	 */
	issueAccessToken(spec) {
		return this.oauth.issueAccessToken(spec);
	}

	/**
	 * @param {string} listId
	 * @returns {Record<string, any> | undefined} the UserList resource of a live list
	 */
	userList(listId) {
		this.settle();
		const list = this.userLists.get(listId);
		return list && !list.deleted ? this.view(list) : undefined;
	}

	/**
	 * Closes or reopens a list as Google does on its own (admin route, tests): Google closes lists
	 * nobody used with closingReason UNUSED (Google Ads Help 2472738).
	 * @param {string} listId
	 * @param {{ membershipStatus?: string, closingReason?: string | null }} patch
	 * @returns {Record<string, any>} the UserList resource
	 */
	setUserList(listId, patch) {
		this.settle();
		const list = this.userLists.get(listId);
		if (!list || list.deleted) throw new Error(`unknown user list ${listId}`);
		if (patch.membershipStatus !== undefined) {
			if (patch.membershipStatus !== 'OPEN' && patch.membershipStatus !== 'CLOSED')
				throw new Error('membershipStatus is OPEN or CLOSED');
			list.membershipStatus = patch.membershipStatus;
		}
		list.closingReason =
			list.membershipStatus === 'CLOSED' ? String(patch.closingReason ?? list.closingReason ?? 'UNUSED') : null;
		return this.view(list);
	}

	/**
	 * @param {string} listId
	 * @returns {number[]} person ids of the list's matched members, ascending
	 */
	members(listId) {
		this.settle();
		const list = this.userLists.get(listId);
		return list ? [...list.members.keys()].sort((a, b) => a - b) : [];
	}
}

/** @param {GoogleSandboxState} google */
const summary = (google) => {
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

/**
 * @param {GoogleSandboxState} google
 * @param {import('../platforms').AdminRequest} req
 */
function admin(google, { method, path, input }) {
	if (method === 'GET' && path === '/service-account') {
		return { ...google.serviceAccount, tokenUri: google.tokenUrl, keyFile: google.keyFile() };
	}
	const list = method === 'POST' && /^\/user-lists\/(\d+)$/.exec(path);
	if (list) {
		return {
			ok: true,
			userList: google.setUserList(list[1], {
				membershipStatus: input.membershipStatus,
				closingReason: input.closingReason,
			}),
		};
	}
	const account = method === 'POST' && /^\/accounts\/(\d+)$/.exec(path);
	if (!account) return undefined;
	return {
		ok: true,
		account: google.setAccount(account[1], {
			customerMatchAllowed: input.customerMatchAllowed,
			accessible: input.accessible,
			name: input.name,
			managerIds: input.managerIds,
		}),
	};
}

/** @type {import('../platforms').EmulatorFactory<'google', GoogleSandboxOptions, GoogleSandboxState>} */
const emulator = {
	name: 'google',
	create(options, { population, clock, audit, baseUrl }) {
		const resolved = resolveGoogleOptions(options);
		const google = new GoogleSandboxState(resolved, population, clock, baseUrl);
		google.audit = audit;
		const api = new GoogleApi(google, google.oauth);
		return {
			state: google,
			requests: google.requests,
			owns: (pathname) => GoogleApi.owns(pathname),
			maxBodyBytes: resolved.maxBodyBytes,
			frontEndHeaders: () => ({}),
			htmlError: (status) =>
				status === 414
					? googleErrors.htmlError(
							414,
							'Request-URI Too Large',
							'The requested URL is too large to process.',
						)
					: googleErrors.htmlError(
							413,
							'Request Entity Too Large',
							'Your client issued a request that was too large.',
						),
			faultBody: googleErrors.faultBody,
			chaosFaults: {
				throttle: { status: 429 },
				unavailable: { status: 503 },
				// An access token that expired mid-run: n8n gets a new one and sends again.
				tokenExpired: { status: 401, body: googleErrors.unauthenticated('ACCESS_TOKEN_EXPIRED', 'google.ads.datamanager.v1.IngestionService').toBody('chaos') },
			},
			handle: (req) => api.handle(req),
			admin: (req) => admin(google, req),
			summary: () => summary(google),
			reset: () => google.reset(),
		};
	},
};

module.exports = {
	emulator,
	GoogleSandboxState,
	resolveGoogleOptions,
	DEFAULT_GOOGLE_TOKEN,
	DATA_MANAGER_SCOPE,
	DEFAULT_CLIENT_EMAIL,
};

// @ts-check
'use strict';

/**
 * The sandbox's Google OAuth 2.0 server: `POST /token` (the JWT-bearer grant of service accounts,
 * RFC 7523, and the refresh_token grant of OAuth clients), `GET|POST /tokeninfo`, and the access
 * tokens the Data Manager routes accept. Token lifetimes run on the sandbox clock.
 *
 * Nothing here ever puts a token, a refresh token, a client secret or an assertion into an error
 * message or a log.
 */

const {
	createPublicKey,
	generateKeyPairSync,
	randomBytes,
	timingSafeEqual,
	verify,
} = require('node:crypto');
const { OAuthError, unauthenticated, insufficientScopes } = require('./errors');

const DATA_MANAGER_SCOPE = 'https://www.googleapis.com/auth/datamanager';
const DEFAULT_CLIENT_EMAIL = 'audience-sync@sandbox-project.iam.gserviceaccount.com';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Scopes the sandbox knows; a token for any of them is issued, only DATA_MANAGER_SCOPE opens /v1. */
const KNOWN_SCOPES = new Set([
	DATA_MANAGER_SCOPE,
	`${DATA_MANAGER_SCOPE}.partnerlink`,
	'https://www.googleapis.com/auth/adwords',
	'https://www.googleapis.com/auth/cloud-platform',
	'https://www.googleapis.com/auth/userinfo.email',
	'openid',
	'email',
	'profile',
]);
const MAX_JWT_LIFETIME_SECONDS = 3600;
const CLOCK_SKEW_SECONDS = 60;
const MAX_TOKENS = 100_000;
const SHORT_LIVED =
	'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';

/**
 * @typedef {Object} ServiceAccountConfig
 * @property {string} clientEmail
 * @property {string} publicKeyPem verifies the assertions
 * @property {string} [privateKeyPem] only informative (the sandbox never signs with it)
 * @property {string} [privateKeyId] when set, a JWT header `kid` must equal it
 */

/**
 * The sandbox-generated service account (RSA-2048, generated on first use, one per sandbox).
 * @typedef {Object} ServiceAccountKey
 * @property {string} clientEmail
 * @property {string} clientId numeric, like a key file's client_id
 * @property {string} privateKeyId
 * @property {string} privateKeyPem PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), as in Google key files
 * @property {string} publicKeyPem SPKI PEM
 */

/**
 * @typedef {Object} OAuthClientConfig
 * @property {string} clientId
 * @property {string} clientSecret
 * @property {string[]} refreshTokens refresh tokens issued to this client (never expire)
 * @property {string} [scope] space-separated scopes of its refresh tokens (default the Data Manager scope)
 * @property {string} [email] the user behind them, reported by /tokeninfo
 */

/**
 * @typedef {Object} AccessToken
 * @property {string[]} scopes
 * @property {number | null} expiresAt ms on the sandbox clock; null = never (static tokens)
 * @property {'static' | 'jwt-bearer' | 'refresh_token' | 'issued'} grant
 * @property {string} [email]
 * @property {string} [clientId]
 */

/**
 * @typedef {Object} OAuthOptions
 * @property {ServiceAccountConfig[]} serviceAccounts accepted in addition to the generated one
 * @property {number} tokenLifetimeSeconds
 * @property {string[]} staticTokens
 * @property {OAuthClientConfig[]} oauthClients
 */

/** @typedef {{ status: number, body: unknown, headers: Record<string, string> }} OAuthReply */

class GoogleOAuth {
	/**
	 * @param {OAuthOptions} options
	 * @param {{ now(): number }} clock
	 * @param {() => string} baseUrl the sandbox URL ('http://127.0.0.1:PORT')
	 */
	constructor(options, clock, baseUrl) {
		this.options = options;
		this.clock = clock;
		this.baseUrl = baseUrl;
		/** @private @type {ServiceAccountKey | null} */
		this.generated = null;
		/** @private @type {Map<string, { clientEmail: string, publicKey: import('node:crypto').KeyObject, privateKeyId?: string, clientId?: string }>} */
		this.accounts = new Map();
		for (const a of options.serviceAccounts) {
			this.accounts.set(a.clientEmail, {
				clientEmail: a.clientEmail,
				publicKey: createPublicKey(a.publicKeyPem),
				privateKeyId: a.privateKeyId,
			});
		}
		/** @type {Map<string, AccessToken>} issued and static access tokens */
		this.tokens = new Map();
		for (const t of options.staticTokens) {
			this.tokens.set(t, { scopes: [DATA_MANAGER_SCOPE], expiresAt: null, grant: 'static' });
		}
	}

	/** @returns {string} */
	get tokenUrl() {
		return `${this.baseUrl()}/token`;
	}

	/**
	 * The sandbox's own service account; its RSA-2048 key pair is generated on first use.
	 * @returns {ServiceAccountKey}
	 */
	serviceAccount() {
		if (!this.generated) {
			const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
			this.generated = {
				clientEmail: DEFAULT_CLIENT_EMAIL,
				clientId: String(
					100_000_000_000_000_000_000n + BigInt(`0x${randomBytes(8).toString('hex')}`),
				),
				privateKeyId: randomBytes(20).toString('hex'),
				privateKeyPem: /** @type {string} */ (privateKey.export({ type: 'pkcs8', format: 'pem' })),
				publicKeyPem: /** @type {string} */ (publicKey.export({ type: 'spki', format: 'pem' })),
			};
			this.accounts.set(DEFAULT_CLIENT_EMAIL, {
				clientEmail: DEFAULT_CLIENT_EMAIL,
				publicKey,
				privateKeyId: this.generated.privateKeyId,
				clientId: this.generated.clientId,
			});
		}
		return this.generated;
	}

	/**
	 * A Google key file (what Cloud Console downloads) for the sandbox's service account.
	 * @returns {Record<string, string>}
	 */
	keyFile() {
		const sa = this.serviceAccount();
		return {
			type: 'service_account',
			project_id: 'sandbox-project',
			private_key_id: sa.privateKeyId,
			private_key: sa.privateKeyPem,
			client_email: sa.clientEmail,
			client_id: sa.clientId,
			auth_uri: 'https://accounts.google.com/o/oauth2/auth',
			token_uri: this.tokenUrl,
			auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
			client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(sa.clientEmail)}`,
			universe_domain: 'googleapis.com',
		};
	}

	/** @returns {string[]} the client e-mails whose assertions are accepted */
	clientEmails() {
		return [...new Set([DEFAULT_CLIENT_EMAIL, ...this.accounts.keys()])];
	}

	/**
	 * Issues an access token (for tests: no grant needed).
	 * @param {{ scope?: string, lifetimeSeconds?: number, email?: string }} [spec]
	 * @returns {string}
	 */
	issueAccessToken(spec = {}) {
		return this.issue(
			(spec.scope ?? DATA_MANAGER_SCOPE).split(/\s+/).filter(Boolean),
			'issued',
			spec.lifetimeSeconds ?? this.options.tokenLifetimeSeconds,
			{ email: spec.email },
		);
	}

	/**
	 * @private
	 * @param {string[]} scopes
	 * @param {AccessToken['grant']} grant
	 * @param {number} lifetimeSeconds
	 * @param {{ email?: string, clientId?: string }} who
	 * @returns {string}
	 */
	issue(scopes, grant, lifetimeSeconds, who) {
		if (this.tokens.size >= MAX_TOKENS) {
			const now = this.clock.now();
			for (const [t, info] of this.tokens) {
				if (info.expiresAt !== null && info.expiresAt < now) this.tokens.delete(t);
			}
		}
		const token = `ya29.sandbox-${randomBytes(24).toString('base64url')}`;
		this.tokens.set(token, {
			scopes,
			expiresAt: this.clock.now() + lifetimeSeconds * 1000,
			grant,
			...(who.email ? { email: who.email } : {}),
			...(who.clientId ? { clientId: who.clientId } : {}),
		});
		return token;
	}

	// ---- POST /token ------------------------------------------------------------------------------

	/**
	 * @param {string} method
	 * @param {Record<string, string>} params form (or JSON) body
	 * @param {string | undefined} authorization the Authorization header (HTTP Basic client auth)
	 * @returns {OAuthReply}
	 */
	token(method, params, authorization) {
		try {
			if (method !== 'POST') {
				return {
					status: 405,
					body: { error: 'invalid_request', error_description: 'Use POST for the token endpoint.' },
					headers: { allow: 'POST' },
				};
			}
			const grant = params.grant_type ?? '';
			if (grant === JWT_BEARER) return this.ok(this.jwtGrant(params.assertion));
			if (grant === 'refresh_token') return this.ok(this.refreshGrant(params, authorization));
			throw new OAuthError(
				400,
				'unsupported_grant_type',
				`Invalid grant_type: ${grant.slice(0, 80)}`,
			);
		} catch (err) {
			if (err instanceof OAuthError)
				return { status: err.httpStatus, body: err.toBody(), headers: {} };
			throw err;
		}
	}

	/**
	 * @private
	 * @param {Record<string, unknown>} body
	 * @returns {OAuthReply}
	 */
	ok(body) {
		return {
			status: 200,
			body,
			headers: {
				'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
				pragma: 'no-cache',
			},
		};
	}

	/**
	 * @private
	 * @param {string | undefined} assertion
	 * @returns {Record<string, unknown>}
	 */
	jwtGrant(assertion) {
		if (!assertion)
			throw new OAuthError(400, 'invalid_request', 'Missing required parameter: assertion');
		const parts = assertion.split('.');
		if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
			throw new OAuthError(
				400,
				'invalid_grant',
				'Invalid JWT: the assertion must be three base64url segments, header.claims.signature.',
			);
		}
		const header = decodeSegment(parts[0]);
		const claims = decodeSegment(parts[1]);
		if (!header || !claims) {
			throw new OAuthError(
				400,
				'invalid_grant',
				'Invalid JWT: the header and the claim set must be base64url-encoded JSON objects.',
			);
		}
		if (header.alg !== 'RS256')
			throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
		if (header.typ !== undefined && header.typ !== 'JWT')
			throw new OAuthError(400, 'invalid_grant', 'Invalid JWT: the header typ must be "JWT".');
		if (typeof claims.iss !== 'string' || claims.iss === '')
			throw new OAuthError(400, 'invalid_request', 'Invalid JWT: the claim set has no iss.');
		if (claims.iss === DEFAULT_CLIENT_EMAIL) this.serviceAccount();
		const account = this.accounts.get(claims.iss);
		if (!account) throw new OAuthError(400, 'invalid_grant', 'Invalid grant: account not found');
		if (
			header.kid !== undefined &&
			account.privateKeyId !== undefined &&
			header.kid !== account.privateKeyId
		)
			throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
		let valid = false;
		try {
			valid = verify(
				'RSA-SHA256',
				Buffer.from(`${parts[0]}.${parts[1]}`),
				account.publicKey,
				Buffer.from(parts[2], 'base64url'),
			);
		} catch {
			valid = false;
		}
		if (!valid) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
		if (!this.isTokenUrl(claims.aud)) {
			throw new OAuthError(
				400,
				'invalid_grant',
				`Invalid JWT: Failed audience check. The right audience is ${this.tokenUrl}`,
			);
		}
		if (!this.inTimeframe(claims.iat, claims.exp))
			throw new OAuthError(400, 'invalid_grant', SHORT_LIVED);
		if (claims.sub !== undefined && claims.sub !== claims.iss) {
			throw new OAuthError(
				401,
				'unauthorized_client',
				'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
			);
		}
		const scopes = parseScopes(claims.scope);
		const token = this.issue(scopes, 'jwt-bearer', this.options.tokenLifetimeSeconds, {
			email: account.clientEmail,
			clientId: account.clientId,
		});
		return {
			access_token: token,
			expires_in: this.options.tokenLifetimeSeconds,
			token_type: 'Bearer',
		};
	}

	/**
	 * `aud` must be this sandbox's token URL (127.0.0.1 or localhost, same port).
	 * @private
	 * @param {unknown} aud
	 * @returns {boolean}
	 */
	isTokenUrl(aud) {
		if (typeof aud !== 'string') return false;
		const own = this.tokenUrl;
		return aud === own || aud === own.replace('://127.0.0.1:', '://localhost:');
	}

	/**
	 * iat / exp: numbers, exp after iat by at most an hour, iat not in the future and exp not past
	 * (60 s skew). Checked against the sandbox clock, and also accepted against the real clock:
	 * clients sign with their own clock, which `clock.advance()` cannot move.
	 * @private
	 * @param {unknown} iat
	 * @param {unknown} exp
	 * @returns {boolean}
	 */
	inTimeframe(iat, exp) {
		if (
			typeof iat !== 'number' ||
			typeof exp !== 'number' ||
			!Number.isFinite(iat) ||
			!Number.isFinite(exp)
		)
			return false;
		if (exp <= iat || exp - iat > MAX_JWT_LIFETIME_SECONDS) return false;
		return [this.clock.now(), Date.now()].some((ms) => {
			const now = ms / 1000;
			return iat <= now + CLOCK_SKEW_SECONDS && exp >= now - CLOCK_SKEW_SECONDS;
		});
	}

	/**
	 * @private
	 * @param {Record<string, string>} params
	 * @param {string | undefined} authorization
	 * @returns {Record<string, unknown>}
	 */
	refreshGrant(params, authorization) {
		let clientId = params.client_id;
		let clientSecret = params.client_secret;
		const basic =
			typeof authorization === 'string' ? /^Basic\s+(\S+)\s*$/i.exec(authorization) : null;
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			if (colon >= 0) {
				clientId = decodeURIComponent(decoded.slice(0, colon));
				clientSecret = decodeURIComponent(decoded.slice(colon + 1));
			}
		}
		if (!clientId)
			throw new OAuthError(400, 'invalid_request', 'Could not determine client ID from request.');
		const client = this.options.oauthClients.find((c) => c.clientId === clientId);
		if (!client) throw new OAuthError(401, 'invalid_client', 'The OAuth client was not found.');
		if (typeof clientSecret !== 'string' || !sameText(clientSecret, client.clientSecret))
			throw new OAuthError(401, 'invalid_client', 'Unauthorized');
		const refresh = params.refresh_token;
		if (!refresh)
			throw new OAuthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
		if (!client.refreshTokens.some((t) => sameText(t, refresh)))
			throw new OAuthError(400, 'invalid_grant', 'Token has been expired or revoked.');
		const scopes = (client.scope ?? DATA_MANAGER_SCOPE).split(/\s+/).filter(Boolean);
		const token = this.issue(scopes, 'refresh_token', this.options.tokenLifetimeSeconds, {
			email: client.email,
			clientId: client.clientId,
		});
		return {
			access_token: token,
			expires_in: this.options.tokenLifetimeSeconds,
			scope: scopes.join(' '),
			token_type: 'Bearer',
		};
	}

	// ---- /tokeninfo ------------------------------------------------------------------------------

	/**
	 * @param {string | undefined} accessToken
	 * @returns {OAuthReply}
	 */
	tokenInfo(accessToken) {
		const info = accessToken ? this.tokens.get(accessToken) : undefined;
		const now = this.clock.now();
		if (!info || (info.expiresAt !== null && info.expiresAt <= now)) {
			return {
				status: 400,
				body: { error: 'invalid_token', error_description: 'Invalid Value' },
				headers: {},
			};
		}
		const expiresAt = info.expiresAt ?? now + this.options.tokenLifetimeSeconds * 1000;
		const audience = info.clientId ?? 'sandbox-static-token';
		return {
			status: 200,
			body: {
				azp: audience,
				aud: audience,
				scope: info.scopes.join(' '),
				exp: String(Math.floor(expiresAt / 1000)),
				expires_in: String(Math.max(0, Math.floor((expiresAt - now) / 1000))),
				...(info.email ? { email: info.email, email_verified: 'true' } : {}),
				access_type: info.grant === 'refresh_token' ? 'offline' : 'online',
			},
			headers: {},
		};
	}

	// ---- the API's side ------------------------------------------------------------------------

	/**
	 * The access token of an API request: `Authorization: Bearer …`, or `access_token` /
	 * `oauth_token` in the query. Throws 401 / 403 GoogleErrors.
	 * @param {string | undefined} authorization
	 * @param {URLSearchParams} query
	 * @param {string} rpcMethod for the error metadata
	 * @returns {AccessToken}
	 */
	authenticate(authorization, query, rpcMethod) {
		let token;
		if (typeof authorization === 'string' && authorization.trim() !== '') {
			const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
			if (!bearer) throw unauthenticated('ACCESS_TOKEN_TYPE_UNSUPPORTED', rpcMethod);
			token = bearer[1];
		} else token = query.get('access_token') ?? query.get('oauth_token') ?? undefined;
		if (!token) throw unauthenticated('CREDENTIALS_MISSING', rpcMethod);
		const info = this.tokens.get(token);
		if (!info) throw unauthenticated('ACCESS_TOKEN_TYPE_UNSUPPORTED', rpcMethod);
		if (info.expiresAt !== null && info.expiresAt <= this.clock.now())
			throw unauthenticated('ACCESS_TOKEN_EXPIRED', rpcMethod);
		if (!info.scopes.includes(DATA_MANAGER_SCOPE)) throw insufficientScopes(rpcMethod);
		return info;
	}
}

/**
 * @param {unknown} scope the JWT's scope claim
 * @returns {string[]}
 */
function parseScopes(scope) {
	const scopes = typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : [];
	if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
		throw new OAuthError(
			400,
			'invalid_scope',
			'Invalid OAuth scope or ID token audience provided.',
		);
	}
	return scopes;
}

/**
 * @param {string} segment base64url
 * @returns {Record<string, unknown> | null}
 */
function decodeSegment(segment) {
	try {
		const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
	} catch {
		return null;
	}
}

/**
 * Constant-time comparison of two strings.
 * @param {string} a
 * @param {string} b
 * @returns {boolean}
 */
function sameText(a, b) {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

module.exports = { GoogleOAuth, DATA_MANAGER_SCOPE, DEFAULT_CLIENT_EMAIL, JWT_BEARER };

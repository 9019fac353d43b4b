// @ts-check
'use strict';

/**
 * Helpers for tests that talk to the sandbox (test files may not import node:crypto themselves).
 * These hash the population's CANONICAL values (Meta's forms, or Google's for the google* helpers):
 * they say what a correct client would send, they do not normalize anything. The JWT helpers sign
 * service-account assertions for the sandbox's token endpoint.
 */

const { createHash, createHmac, createSign } = require('node:crypto');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { sha256Hex, googleIdentifiersOf } = require('./population');
const { HASHED_KEYS } = require('./meta/payload');

const DATA_MANAGER_SCOPE = 'https://www.googleapis.com/auth/datamanager';

/** Keys whose values Meta wants SHA-256 hashed; MADID and EXTERN_ID are sent raw. */
const HASHED = HASHED_KEYS;

/**
 * @param {import('./population').Person} person
 * @returns {string} the external_id rawContacts() gives this person
 */
function externIdOf(person) {
	return `crm-${String(person.id + 1).padStart(7, '0')}`;
}

/**
 * The canonical (unhashed) value of one schema key for a person; '' when the person has none.
 * @param {import('./population').Person} person
 * @param {string} key
 * @returns {string}
 */
function canonicalValue(person, key) {
	switch (key) {
		case 'EMAIL':
		case 'EMAIL_SHA256':
			return person.email;
		case 'PHONE':
		case 'PHONE_SHA256':
			return person.phone;
		case 'FI':
			return [...person.fn][0] ?? '';
		case 'MADID':
		case 'MOBILE_ADVERTISER_ID':
			return person.madid;
		case 'EXTERN_ID':
			return externIdOf(person);
		default: {
			const value = /** @type {Record<string, unknown>} */ (person)[key.toLowerCase()];
			return typeof value === 'string' ? value : '';
		}
	}
}

/**
 * One correctly prepared row for `schema`: canonical values hashed (lowercase hex), MADID and
 * EXTERN_ID raw.
 * @param {import('./population').Person} person
 * @param {string[]} schema
 * @returns {string[]}
 */
function hashedRow(person, schema) {
	return schema.map((key) => {
		const value = canonicalValue(person, key);
		if (value === '') return '';
		return HASHED.has(key) || key === 'EMAIL_SHA256' || key === 'PHONE_SHA256'
			? sha256Hex(value)
			: value;
	});
}

/**
 * appsecret_proof per Meta: HMAC-SHA256(key = app secret, message = token + "|" + time), hex.
 * @param {string} token
 * @param {string} appSecret
 * @param {number} [timeSeconds] unix seconds, default now
 * @returns {{ appsecret_proof: string, appsecret_time?: string }}
 */
function appsecretProof(token, appSecret, timeSeconds = Math.floor(Date.now() / 1000)) {
	return {
		appsecret_proof: createHmac('sha256', appSecret)
			.update(`${token}|${timeSeconds}`)
			.digest('hex'),
		appsecret_time: String(timeSeconds),
	};
}

/**
 * @param {string} token
 * @param {string} appSecret
 * @returns {{ appsecret_proof: string }}
 */
function legacyAppsecretProof(token, appSecret) {
	return { appsecret_proof: createHmac('sha256', appSecret).update(token).digest('hex') };
}

/**
 * Starts `node sandbox/cli.js ...args` as a child process and resolves with the JSON line it
 * prints; `stop()` sends SIGTERM and resolves with the exit code.
 * @param {string[]} args
 * @returns {Promise<{ info: any, stop(): Promise<number | null> }>}
 */
function startSandboxProcess(args = []) {
	const child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	/** @type {Promise<number | null>} */
	const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
	const stop = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		return exited;
	};
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		child.stderr.on('data', (chunk) => (err += chunk));
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const nl = out.indexOf('\n');
			if (nl >= 0) {
				try {
					resolve({ info: JSON.parse(out.slice(0, nl)), stop });
				} catch (e) {
					stop();
					reject(e);
				}
			}
		});
		exited.then((code) =>
			reject(new Error(`sandbox CLI exited (${code}) before it listened: ${err.trim()}`)),
		);
	});
}

// ---- Google (Data Manager) --------------------------------------------------------------------

/**
 * SHA-256 of a value, encoded the way a Data Manager request declares it.
 * @param {string} value
 * @param {'HEX' | 'BASE64'} [encoding]
 * @returns {string}
 */
function googleHash(value, encoding = 'HEX') {
	const digest = createHash('sha256').update(value, 'utf8').digest();
	return encoding === 'HEX' ? digest.toString('hex') : digest.toString('base64');
}

/**
 * @param {'granted' | 'denied' | 'unspecified' | { adUserData?: string, adPersonalization?: string }} consent
 * @returns {{ adUserData?: string, adPersonalization?: string }}
 */
function googleConsent(consent) {
	if (typeof consent === 'object') return consent;
	const value =
		consent === 'granted'
			? 'CONSENT_GRANTED'
			: consent === 'denied'
				? 'CONSENT_DENIED'
				: 'CONSENT_STATUS_UNSPECIFIED';
	return { adUserData: value, adPersonalization: value };
}

/**
 * One correctly prepared Data Manager AudienceMember for a population person: Google's canonical
 * identifiers (googleIdentifiersOf) hashed, region and postal code raw.
 * @param {import('./population').Person} person a Person object of a sandbox population
 * @param {{ identifiers?: Array<'email' | 'phone' | 'address'>, encoding?: 'HEX' | 'BASE64',
 *   data?: 'compositeData' | 'userData',
 *   consent?: 'granted' | 'denied' | 'unspecified' | { adUserData?: string, adPersonalization?: string } }} [options]
 *   identifiers default all three; data default compositeData; no consent by default
 * @returns {Record<string, any>}
 */
function googleHashedMember(person, options = {}) {
	const g = googleIdentifiersOf(person);
	const encoding = options.encoding ?? 'HEX';
	const userIdentifiers = (options.identifiers ?? ['email', 'phone', 'address']).map((kind) => {
		if (kind === 'email') return { emailAddress: googleHash(g.email, encoding) };
		if (kind === 'phone') return { phoneNumber: googleHash(g.phone, encoding) };
		return {
			address: {
				givenName: googleHash(g.givenName, encoding),
				familyName: googleHash(g.familyName, encoding),
				regionCode: g.regionCode,
				postalCode: g.postalCode,
			},
		};
	});
	const userData = { userIdentifiers };
	/** @type {Record<string, any>} */
	const member =
		(options.data ?? 'compositeData') === 'compositeData'
			? { compositeData: { userData } }
			: { userData };
	if (options.consent !== undefined) member.consent = googleConsent(options.consent);
	return member;
}

/**
 * A signed JWT (RS256) for the service-account grant; header and claims are taken as given.
 * @param {Record<string, unknown>} claims
 * @param {string} privateKeyPem
 * @param {Record<string, unknown>} [header] default { alg: 'RS256', typ: 'JWT' }
 * @returns {string}
 */
function signJwt(claims, privateKeyPem, header = { alg: 'RS256', typ: 'JWT' }) {
	const encode = (/** @type {unknown} */ part) =>
		Buffer.from(JSON.stringify(part)).toString('base64url');
	const input = `${encode(header)}.${encode(claims)}`;
	const signature = createSign('RSA-SHA256')
		.update(input)
		.sign(privateKeyPem)
		.toString('base64url');
	return `${input}.${signature}`;
}

/**
 * The assertion of Google's service-account flow: iss = client e-mail, scope, aud = token URL,
 * iat = now, exp = now + 1 h; `claims` overrides any of them (undefined removes one).
 * @param {{ clientEmail: string, privateKeyPem: string }} serviceAccount
 * @param {string} tokenUrl
 * @param {number} nowSeconds
 * @param {Record<string, unknown>} [claims]
 * @returns {string}
 */
function serviceAccountJwt(serviceAccount, tokenUrl, nowSeconds, claims = {}) {
	/** @type {Record<string, unknown>} */
	const all = {
		iss: serviceAccount.clientEmail,
		scope: DATA_MANAGER_SCOPE,
		aud: tokenUrl,
		iat: nowSeconds,
		exp: nowSeconds + 3600,
		...claims,
	};
	for (const k of Object.keys(all)) if (all[k] === undefined) delete all[k];
	return signJwt(all, serviceAccount.privateKeyPem);
}

module.exports = {
	googleHash,
	googleConsent,
	googleHashedMember,
	googleIdentifiersOf,
	signJwt,
	serviceAccountJwt,
	sha256Hex,
	hashedRow,
	canonicalValue,
	externIdOf,
	appsecretProof,
	legacyAppsecretProof,
	startSandboxProcess,
};

// @ts-check
'use strict';

/**
 * Helpers for tests that talk to the sandbox (test files may not import node:crypto themselves).
 * These hash the population's CANONICAL values: they say what a correct client would send, they do
 * not normalize anything.
 */

const { createHmac } = require('node:crypto');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { sha256Hex } = require('./population');

/** Keys whose values Meta wants SHA-256 hashed; MADID and EXTERN_ID are sent raw. */
const HASHED = new Set([
	'EMAIL',
	'PHONE',
	'FN',
	'LN',
	'FI',
	'CT',
	'ST',
	'ZIP',
	'COUNTRY',
	'DOBY',
	'DOBM',
	'DOBD',
	'GEN',
]);

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

module.exports = {
	sha256Hex,
	hashedRow,
	canonicalValue,
	externIdOf,
	appsecretProof,
	legacyAppsecretProof,
	startSandboxProcess,
};

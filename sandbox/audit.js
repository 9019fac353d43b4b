// @ts-check
'use strict';

/**
 * The privacy audit: what the sandbox received that a client must never send, whatever the
 * platform would have done with it.
 *
 * - every hashed field (Meta's EMAIL, PHONE, FN… cells; Google's emailAddress, phoneNumber,
 *   givenName, familyName) must be 64 lowercase hex characters (Meta also allows '' for a blank);
 * - no string anywhere in a request may look like an e-mail address, or equal a value a test
 *   declared raw personal data (`watch`), as given or trimmed and lowercased;
 * - no contact a test declared off limits (`forbid`: people of the population without consent, or
 *   excluded) may arrive: their own hashed e-mail or phone, in Meta's and Google's canonical forms,
 *   must not be in an add or a replace (and, when excluded, not in a remove either); and no Google
 *   member may be ingested with a consent other than granted, unless the test allowed it (`allow`).
 *   Counting by the contact's own identifiers, not by whom the platform matched, keeps apart
 *   another contact the platform matches to the same person by name and place.
 *
 * Violations are counted and the first ones kept with the request they came in; `report()` sums
 * them up. `clear()` (the sandbox's reset) starts over.
 */

const { bodyText } = require('./http');

const HEX64 = /^[0-9a-f]{64}$/;
const EMAIL_LIKE = /[^\s@"'<>()[\]]+@[^\s@"'<>()[\]]+\.[a-z]{2,}/i;
/** Meta's schema keys whose cells are hashes (legacy *_SHA256 names included). */
const META_HASHED = new Set(['EMAIL', 'PHONE', 'FN', 'LN', 'FI', 'CT', 'ST', 'ZIP', 'COUNTRY', 'DOBY', 'DOBM', 'DOBD', 'GEN']);
/** Google's userIdentifiers / addressInfo fields that are hashes. */
const GOOGLE_HASHED = new Set(['emailAddress', 'phoneNumber', 'givenName', 'familyName']);
const KEPT = 20;

/**
 * The hashed e-mail and phone of a population person, as Meta and as Google canonicalize them.
 * @param {import('./population').Person} person
 * @returns {string[]}
 */
function identifierHashes(person) {
	// Required here, not at the top: testing.js is the suites' helper module.
	const { googleHashedMember, hashedRow } = require('./testing');
	const google = googleHashedMember(person, { identifiers: ['email', 'phone'] }).compositeData.userData.userIdentifiers;
	return [...hashedRow(person, ['EMAIL', 'PHONE']), ...google.map((/** @type {Record<string, string>} */ id) => id.emailAddress ?? id.phoneNumber)].filter(Boolean);
}

/** @typedef {'consent' | 'excluded'} OffLimits */
/** @typedef {{ platform: string, path: string, field: string, problem: string, value: string }} Violation */

class PrivacyAudit {
	/** @param {import('./population').Population} [population] whose people `forbid` names */
	constructor(population) {
		this.population = population;
		/** @type {Map<string, OffLimits>} hashed identifier → why it must not arrive */
		this.offLimitHashes = new Map();
		/** Platform requests with a body the audit read. */
		this.inspected = 0;
		this.violationCount = 0;
		/** @type {Violation[]} the first ones */
		this.violations = [];
		/** @type {Map<number, OffLimits>} person id → why they must not arrive */
		this.offLimits = new Map();
		/** @type {Set<string>} */
		this.watched = new Set();
		/** @type {Record<OffLimits, number>} members received that were off limits */
		this.received = { consent: 0, excluded: 0 };
		/** @type {Set<OffLimits>} */
		this.allowed = new Set();
		/** Whether the request being read adds members. */
		this.adding = true;
		/** @type {Set<string> | undefined} identifier hashes several people share */
		this.shared = undefined;
	}

	clear() {
		this.inspected = 0;
		this.violationCount = 0;
		this.violations = [];
		this.offLimits.clear();
		this.offLimitHashes.clear();
		this.watched.clear();
		this.received = { consent: 0, excluded: 0 };
		this.allowed.clear();
	}

	/**
	 * People who must never arrive in an add or a replace (`excluded`: nor in a remove).
	 * @param {Iterable<number>} personIds
	 * @param {OffLimits} why
	 */
	forbid(personIds, why) {
		for (const id of personIds) {
			this.offLimits.set(id, why);
			const person = this.population?.person(id);
			if (!person) continue;
			// An identifier someone else of the population also has (a shared phone; Google's
			// dot-less Gmail form) says nothing about who was sent.
			const shared = this.sharedHashes();
			for (const hash of identifierHashes(person)) if (!shared.has(hash)) this.offLimitHashes.set(hash, why);
		}
	}

	/**
	 * The identifier hashes that more than one person of the population has; computed once.
	 * @private
	 * @returns {Set<string>}
	 */
	sharedHashes() {
		if (this.shared) return this.shared;
		/** @type {Map<string, number>} */
		const owners = new Map();
		/** @type {Set<string>} */
		const shared = new Set();
		for (const [id, person] of (this.population?.people ?? []).entries()) {
			for (const hash of new Set(identifierHashes(person))) {
				const owner = owners.get(hash);
				if (owner === undefined) owners.set(hash, id);
				else if (owner !== id) shared.add(hash);
			}
		}
		this.shared = shared;
		return shared;
	}

	/**
	 * People who may arrive again (a later run in which they consent).
	 * @param {Iterable<number>} personIds
	 */
	permit(personIds) {
		for (const id of personIds) {
			this.offLimits.delete(id);
			const person = this.population?.person(id);
			if (person) for (const hash of identifierHashes(person)) this.offLimitHashes.delete(hash);
		}
	}

	/**
	 * Raw personal data (names, phones, e-mails as a CRM holds them) no request may carry from now
	 * on, in place of what was watched before.
	 * @param {Iterable<unknown>} values strings of 3 characters or more are watched
	 */
	watch(values) {
		this.watched.clear();
		for (const value of values) {
			if (typeof value !== 'string') continue;
			const trimmed = value.trim();
			if (trimmed.length < 3 || HEX64.test(trimmed.toLowerCase())) continue;
			this.watched.add(value);
			this.watched.add(trimmed.toLowerCase());
		}
	}

	/** @param {OffLimits} why the test sends such members on purpose */
	allow(why) {
		this.allowed.add(why);
	}

	/**
	 * A Google member ingested (added), with its effective consent.
	 * @param {string} consent
	 */
	ingested(consent) {
		if (consent !== 'granted') this.received.consent++;
	}

	/**
	 * Reads one platform request body.
	 * @param {string} platform
	 * @param {string} method
	 * @param {string} path
	 * @param {Buffer} body
	 * @param {string | undefined} contentType
	 */
	inspect(platform, method, path, body, contentType) {
		if (body.length === 0) return;
		this.inspected++;
		/** Whether the request adds members (an add or a replace) rather than removing them. */
		this.adding = method !== 'DELETE' && !/:remove(All)?$/.test(path);
		const text = bodyText(body);
		/** @type {unknown} */
		let parsed;
		if (/json/i.test(contentType ?? '') || /^\s*[{[]/.test(text)) parsed = parseJson(text);
		else parsed = Object.fromEntries(new URLSearchParams(text));
		if (parsed === undefined) parsed = text;
		this.walk(platform, path, parsed, '');
	}

	/**
	 * @private
	 * @param {string} platform
	 * @param {string} path
	 * @param {unknown} value
	 * @param {string} field
	 * @returns {void}
	 */
	walk(platform, path, value, field) {
		if (typeof value === 'string') {
			const nested = /^\s*[{[]/.test(value) ? parseJson(value) : undefined;
			if (nested !== undefined) return this.walk(platform, path, nested, field);
			if (platform === 'google' && GOOGLE_HASHED.has(field)) return this.hashed(platform, path, field, value, false);
			return this.free(platform, path, field, value);
		}
		if (Array.isArray(value)) {
			for (const item of value) this.walk(platform, path, item, field);
			return;
		}
		if (value === null || typeof value !== 'object') return;
		const record = /** @type {Record<string, unknown>} */ (value);
		if (platform === 'meta' && record.schema !== undefined && Array.isArray(record.data)) {
			this.metaRows(path, record.schema, record.data);
			for (const [key, inner] of Object.entries(record)) if (key !== 'schema' && key !== 'data') this.walk(platform, path, inner, key);
			return;
		}
		for (const [key, inner] of Object.entries(record)) this.walk(platform, path, inner, key);
	}

	/**
	 * Meta's rows: each cell is checked by the schema key of its column.
	 * @private
	 * @param {string} path
	 * @param {unknown} schema
	 * @param {unknown[]} data
	 */
	metaRows(path, schema, data) {
		const keys = (Array.isArray(schema) ? schema : [schema]).map((key) => String(key).replace(/_SHA256$/, ''));
		for (const row of data) {
			const cells = Array.isArray(row) ? row : [row];
			cells.forEach((cell, i) => {
				const key = keys[i] ?? `column ${i}`;
				if (META_HASHED.has(key)) this.hashed('meta', path, key, cell, true);
				else if (typeof cell === 'string') this.free('meta', path, key, cell);
			});
		}
	}

	/**
	 * @private
	 * @param {string} platform
	 * @param {string} path
	 * @param {string} field
	 * @param {unknown} value
	 * @param {boolean} blankAllowed
	 */
	hashed(platform, path, field, value, blankAllowed) {
		if (typeof value === 'string' && HEX64.test(value)) {
			const why = this.offLimitHashes.get(value);
			if (why === 'excluded' || (why === 'consent' && this.adding)) this.received[why]++;
			return;
		}
		if (blankAllowed && value === '') return;
		this.violation({ platform, path, field, problem: 'hashed field is not 64 lowercase hex', value: String(value) });
	}

	/**
	 * @private
	 * @param {string} platform
	 * @param {string} path
	 * @param {string} field
	 * @param {string} value
	 */
	free(platform, path, field, value) {
		if (EMAIL_LIKE.test(value)) {
			this.violation({ platform, path, field, problem: 'looks like a raw e-mail address', value });
		} else if (this.watched.size > 0 && (this.watched.has(value) || this.watched.has(value.trim().toLowerCase()))) {
			this.violation({ platform, path, field, problem: 'raw personal data the test watched', value });
		}
	}

	/**
	 * @private
	 * @param {Violation} violation
	 */
	violation(violation) {
		this.violationCount++;
		if (this.violations.length < KEPT) this.violations.push({ ...violation, value: violation.value.slice(0, 80) });
	}

	/**
	 * What a test asserts: `violations` 0 and, unless allowed, `consent` and `excluded` 0.
	 * @returns {{ inspected: number, violations: number, consent: number, excluded: number, samples: Violation[] }}
	 */
	report() {
		return {
			inspected: this.inspected,
			violations: this.violationCount,
			consent: this.allowed.has('consent') ? 0 : this.received.consent,
			excluded: this.allowed.has('excluded') ? 0 : this.received.excluded,
			samples: this.violations,
		};
	}
}

/**
 * @param {string} text
 * @returns {unknown}
 */
function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

module.exports = { PrivacyAudit };

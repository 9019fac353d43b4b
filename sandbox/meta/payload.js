// @ts-check
'use strict';

/**
 * Validation of the `payload` of /{ca}/users and /{ca}/usersreplace, the way Graph does it:
 * a malformed request (unknown schema key, wrong row width, too many rows) is a request error
 * (#100); a row whose value is not a valid hash is NOT: it is counted in num_invalid_entries and
 * reported in invalid_entry_samples (value → reason, at most 100 per request).
 */

const { invalidParam } = require('./errors');

/** Keys whose values must be SHA-256 lowercase hex (or ''). */
const HASHED_KEYS = new Set([
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
/** Keys sent as they are. */
const RAW_KEYS = new Set([
	'MADID',
	'EXTERN_ID',
	'LOOKALIKE_VALUE',
	'DATA_PROCESSING_OPTIONS',
	'DATA_PROCESSING_OPTIONS_COUNTRY',
	'DATA_PROCESSING_OPTIONS_STATE',
]);
/** Legacy single-key schema names → the multi-key name they stand for. */
const LEGACY_KEYS = /** @type {Record<string, string>} */ ({
	EMAIL_SHA256: 'EMAIL',
	PHONE_SHA256: 'PHONE',
	MOBILE_ADVERTISER_ID: 'MADID',
});
/** Keys that can identify a person (a row needs at least one). */
const IDENTIFYING_KEYS = new Set([...HASHED_KEYS, 'MADID', 'EXTERN_ID']);

const MAX_SAMPLES = 100;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MADID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * @typedef {Object} ParsedRow
 * @property {Record<string, string>} values identifying values by (multi-key) schema key, non-empty only
 * @property {string | undefined} externId
 * @property {string} fingerprint stable identity of the row when it matches nobody
 */

/**
 * @typedef {Object} ParsedPayload
 * @property {string[]} schema multi-key names (legacy names translated)
 * @property {'MULTI_HASHES' | 'HASHES_OR_USER_IDS' | 'MOBILE_ADVERTISER_IDS'} subType data_source.sub_type it implies
 * @property {ParsedRow[]} rows the valid rows
 * @property {number} received
 * @property {number} invalid
 * @property {Record<string, string>} samples
 */

/**
 * @param {unknown} raw payload param: an object (JSON body) or a JSON string (query or form)
 * @param {{ maxRows: number, requireLookalikeValue: boolean }} limits
 * @returns {ParsedPayload}
 */
function parsePayload(raw, limits) {
	if (raw === undefined || raw === null || raw === '')
		throw invalidParam('The parameter payload is required');
	let payload = raw;
	if (typeof payload === 'string') {
		try {
			payload = JSON.parse(payload);
		} catch {
			throw invalidParam('param payload must be a JSON object');
		}
	}
	if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
		throw invalidParam('param payload must be a JSON object');
	}
	const p = /** @type {Record<string, unknown>} */ (payload);

	const { schema, subType, single } = parseSchema(p.schema);
	if (limits.requireLookalikeValue && !schema.includes('LOOKALIKE_VALUE')) {
		throw invalidParam('Value-Based Custom Audience requires LOOKALIKE_VALUE attribute');
	}
	if (
		p.is_raw !== undefined &&
		typeof p.is_raw !== 'boolean' &&
		p.is_raw !== 'true' &&
		p.is_raw !== 'false'
	) {
		throw invalidParam('param payload[is_raw] must be a boolean');
	}
	if (
		p.data_source !== undefined &&
		(typeof p.data_source !== 'object' || p.data_source === null)
	) {
		throw invalidParam('param payload[data_source] must be an object {type, sub_type}');
	}

	const data = p.data;
	if (!Array.isArray(data) || data.length === 0) {
		throw invalidParam('param payload[data] must be a non-empty array of rows');
	}
	if (data.length > limits.maxRows) {
		throw invalidParam(
			`Too many users: a request can add or remove at most ${limits.maxRows} users, this one has ${data.length}`,
		);
	}

	/** @type {ParsedRow[]} */
	const rows = [];
	/** @type {Record<string, string>} */
	const samples = {};
	let sampleCount = 0;
	let invalid = 0;

	for (let r = 0; r < data.length; r++) {
		let cells = data[r];
		if (single && !Array.isArray(cells)) cells = [cells];
		if (!Array.isArray(cells)) {
			throw invalidParam(`param payload[data][${r}] must be an array of ${schema.length} values`);
		}
		if (cells.length !== schema.length) {
			throw invalidParam(
				`param payload[data][${r}] has ${cells.length} values but the schema has ${schema.length} keys`,
			);
		}

		/** @type {Record<string, string>} */
		const values = {};
		/** @type {[string, string] | null} */
		let problem = null;
		for (let c = 0; c < schema.length && !problem; c++) {
			const key = schema[c];
			const cell = cells[c];
			const reason = checkValue(key, cell, limits.requireLookalikeValue);
			if (reason) problem = [sampleKey(cell), `${key}: ${reason}`];
			else if (IDENTIFYING_KEYS.has(key) && cell !== '' && cell !== null && cell !== undefined) {
				values[key] = String(cell);
			}
		}
		if (!problem && Object.keys(values).length === 0)
			problem = [`row ${r}`, 'Row has no identifier: every identifying value is empty'];

		if (problem) {
			invalid++;
			if (sampleCount < MAX_SAMPLES && !(problem[0] in samples)) {
				samples[problem[0]] = problem[1];
				sampleCount++;
			}
			continue;
		}
		rows.push({ values, externId: values.EXTERN_ID, fingerprint: fingerprintOf(values) });
	}

	return { schema, subType, rows, received: data.length, invalid, samples };
}

/**
 * @param {unknown} schema
 * @returns {{ schema: string[], subType: ParsedPayload['subType'], single: boolean }}
 */
function parseSchema(schema) {
	if (schema === undefined || schema === null || schema === '') {
		throw invalidParam('param payload[schema] is required');
	}
	/** @type {unknown[]} */
	const keys = typeof schema === 'string' ? [schema] : Array.isArray(schema) ? schema : [];
	if (keys.length === 0)
		throw invalidParam(
			'param payload[schema] must be a key name or a non-empty array of key names',
		);

	/** @type {string[]} */
	const out = [];
	let legacy = false;
	for (const key of keys) {
		if (typeof key !== 'string')
			throw invalidParam('param payload[schema] must contain key names (strings)');
		if (key in LEGACY_KEYS) {
			if (keys.length > 1) {
				throw invalidParam(
					`Invalid schema: ${key} is a single-key schema and cannot be combined with other keys`,
				);
			}
			legacy = true;
			out.push(LEGACY_KEYS[key]);
		} else if (HASHED_KEYS.has(key) || RAW_KEYS.has(key)) {
			if (out.includes(key)) throw invalidParam(`Invalid schema: key ${key} appears twice`);
			out.push(key);
		} else {
			throw invalidParam(`Invalid schema key: ${key}`);
		}
	}
	/** @type {ParsedPayload['subType']} */
	let subType = 'MULTI_HASHES';
	if (legacy) subType = out[0] === 'MADID' ? 'MOBILE_ADVERTISER_IDS' : 'HASHES_OR_USER_IDS';
	return { schema: out, subType, single: keys.length === 1 };
}

/**
 * @param {string} key
 * @param {unknown} value
 * @param {boolean} requireLookalikeValue the audience is value-based
 * @returns {string | null} why the value is invalid, or null
 */
function checkValue(key, value, requireLookalikeValue) {
	if (value === '' || value === null || value === undefined) {
		return key === 'LOOKALIKE_VALUE' && requireLookalikeValue
			? 'a value-based audience needs a value for every row'
			: null;
	}
	if (HASHED_KEYS.has(key)) {
		if (typeof value !== 'string')
			return 'expected a string (SHA-256 hash as 64 lowercase hex characters)';
		if (SHA256_HEX.test(value)) return null;
		if (/^[0-9a-fA-F]{64}$/.test(value)) return 'hash must be lowercase hex (a-f)';
		if (/^[0-9a-fA-F]{32}$/.test(value)) return 'MD5 is not accepted: hash with SHA-256';
		return 'not a SHA-256 hash: normalize the value, then hash it with SHA-256 (64 lowercase hex characters)';
	}
	switch (key) {
		case 'MADID':
			if (typeof value !== 'string') return 'expected a string';
			if (MADID_FORMAT.test(value)) return null;
			if (SHA256_HEX.test(value)) return 'mobile advertiser IDs must not be hashed';
			if (MADID_FORMAT.test(value.toLowerCase())) return 'mobile advertiser IDs must be lowercase';
			return 'not a mobile advertiser ID (IDFA/AAID, lowercase, with hyphens)';
		case 'EXTERN_ID':
			return typeof value === 'string' || typeof value === 'number' ? null : 'expected a string';
		case 'LOOKALIKE_VALUE': {
			const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
			return Number.isFinite(n) && n >= 0 ? null : 'expected a number ≥ 0';
		}
		case 'DATA_PROCESSING_OPTIONS':
			return Array.isArray(value) && value.every((v) => v === 'LDU')
				? null
				: 'expected [] or ["LDU"]';
		default: {
			// DATA_PROCESSING_OPTIONS_COUNTRY / _STATE
			const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
			return Number.isInteger(n) && n >= 0 ? null : 'expected an integer code';
		}
	}
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function sampleKey(value) {
	return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * How an unmatched row is remembered, so that removing it later (with any key it carried) works.
 * @param {Record<string, string>} values
 * @returns {string}
 */
function fingerprintOf(values) {
	for (const key of ['EMAIL', 'PHONE', 'MADID', 'EXTERN_ID']) {
		if (values[key]) return `${key}:${values[key]}`;
	}
	return Object.keys(values)
		.sort()
		.map((k) => `${k}:${values[k]}`)
		.join('|');
}

module.exports = { parsePayload, HASHED_KEYS };

// @ts-check
'use strict';

/**
 * Request validation driven by the Data Manager v1 discovery document (./datamanager-v1.json, a
 * verbatim copy of /work/shared/reference/datamanager-v1.json, generated from Google's protos:
 * `x-required` marks REQUIRED fields, `x-oneofs` the oneof groups).
 *
 * Two kinds of errors, as Google's front end and the service give them:
 * - JSON / binding errors (unknown field name, wrong JSON type, unknown enum value, malformed
 *   int64 / Timestamp / Duration, unknown query parameter): the first one fails the request with
 *   "Invalid JSON payload received. …" or "Invalid value at '…' (…), …".
 * - Semantic ones (missing required field, two members of a oneof set, none set where the oneof
 *   says "Exactly one"): all of them are collected as field violations (REQUIRED_FIELD_MISSING /
 *   INVALID_ARGUMENT) and the caller fails the request with the lot.
 *
 * Proto3 JSON rules honoured: field names in lowerCamelCase or in the proto's snake_case, `null`
 * means "not set", int64 as a JSON string or number, enums by name. Output-only fields are accepted
 * and ignored (AIP-203). Field paths in violations are snake_case: `audience_members[0].consent`.
 */

const fs = require('node:fs');
const path = require('node:path');
const { payloadError } = require('./errors');

/**
 * @typedef {Object} PropertySpec
 * @property {string} [type]
 * @property {string} [format]
 * @property {string[]} [enum]
 * @property {PropertySpec} [items]
 * @property {string} [$ref]
 * @property {boolean} [readOnly]
 * @property {boolean} [deprecated]
 * @property {boolean} [x-required]
 * @property {string} [description]
 * @property {string} [location]
 */

/**
 * @typedef {Object} SchemaSpec
 * @property {string} id
 * @property {Record<string, PropertySpec>} [properties]
 * @property {Record<string, { description?: string, fields: string[] }>} [x-oneofs]
 */

/** @typedef {{ field: string, description: string, reason: string }} Violation */

/**
 * @type {{ schemas: Record<string, SchemaSpec>, parameters: Record<string, PropertySpec>,
 *   resources: { all: { methods: Record<string, { id: string, parameters?: Record<string, PropertySpec> }> } } }}
 */
const DISCOVERY = JSON.parse(fs.readFileSync(path.join(__dirname, 'datamanager-v1.json'), 'utf8'));
const SCHEMAS = DISCOVERY.schemas;
const METHODS = DISCOVERY.resources.all.methods;
const SYSTEM_PARAMS = Object.keys(DISCOVERY.parameters);

/** @type {Map<string, string>} */
const SNAKE = new Map();
/** A field name in snake case; the names are few, each is converted once. */
const toSnake = (/** @type {string} */ name) => {
	let snake = SNAKE.get(name);
	if (snake === undefined) {
		snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
		if (SNAKE.size < 10_000) SNAKE.set(name, snake);
	}
	return snake;
};

/**
 * What `message` checks of a schema beyond its fields, worked out once per schema: its oneof
 * groups and its required fields.
 * @type {Map<string, { oneofs: Array<{ name: string, fields: string[], exactlyOne: boolean }>, required: string[] }>}
 */
const SHAPES = new Map();
const shapeOf = (/** @type {string} */ schemaName, /** @type {SchemaSpec} */ schema) => {
	let shape = SHAPES.get(schemaName);
	if (shape === undefined) {
		shape = {
			oneofs: Object.entries(schema['x-oneofs'] ?? {}).map(([name, group]) => ({ name, fields: group.fields, exactlyOne: /exactly one/i.test(group.description ?? '') })),
			required: Object.entries(schema.properties ?? {}).filter(([, spec]) => spec['x-required']).map(([key]) => key),
		};
		SHAPES.set(schemaName, shape);
	}
	return shape;
};
const toCamel = (/** @type {string} */ name) =>
	name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const join = (/** @type {string} */ base, /** @type {string} */ name) =>
	base ? `${base}.${name}` : name;

const RFC3339 =
	/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DURATION = /^(-?)(\d{1,12})(?:\.(\d{1,9}))?s$/;
const INT64 = /^-?\d{1,19}$/;

/**
 * RFC 3339 timestamp (proto JSON Timestamp) → ms since the epoch (sub-ms digits dropped).
 * @param {string} text
 * @returns {number} NaN when malformed
 */
function parseTimestamp(text) {
	const m = RFC3339.exec(text);
	if (!m) return NaN;
	const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
	const ms = Date.UTC(
		+y,
		+mo - 1,
		+d,
		+h,
		+mi,
		+s,
		frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0,
	);
	const check = new Date(ms);
	if (
		check.getUTCDate() !== +d ||
		check.getUTCMonth() !== +mo - 1 ||
		+h > 23 ||
		+mi > 59 ||
		+s > 59
	)
		return NaN;
	return z ? ms : ms - (sign === '-' ? -1 : 1) * (+oh * 60 + +om) * 60_000;
}

/**
 * Proto JSON Duration ("3600s", "1.5s") → whole and fractional seconds.
 * @param {string} text
 * @returns {{ seconds: number, nanos: number } | null}
 */
function parseDuration(text) {
	const m = DURATION.exec(text);
	if (!m) return null;
	const sign = m[1] === '-' ? -1 : 1;
	return { seconds: sign * Number(m[2]), nanos: sign * Number((m[3] ?? '').padEnd(9, '0') || 0) };
}

/**
 * @param {string} at snake path
 * @param {string} type
 * @param {unknown} value
 * @param {string} [hint]
 */
const invalidValue = (at, type, value, hint = '') =>
	payloadError(
		at,
		`Invalid value at '${at}' (${type}), ${JSON.stringify(value) ?? String(value)}${hint}`,
	);

/**
 * @param {unknown} value
 * @param {PropertySpec} spec
 * @returns {boolean} proto3 "not set" for a REQUIRED check
 */
function isEmpty(value, spec) {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (spec.enum && typeof value === 'string' && /_UNSPECIFIED$/.test(value)) return true;
	return false;
}

class MessageValidator {
	/**
	 * @param {{ partial?: boolean }} [options] partial: skip REQUIRED checks (PATCH bodies)
	 */
	constructor(options = {}) {
		this.partial = options.partial ?? false;
		/** @type {Violation[]} */
		this.violations = [];
	}

	/**
	 * @param {string} field
	 * @param {string} reason
	 * @param {string} description
	 */
	violation(field, reason, description) {
		this.violations.push({ field, reason, description });
	}

	/**
	 * @param {unknown} value
	 * @param {string} schemaName
	 * @param {string} at snake path of this message ('' at the request root)
	 * @returns {Record<string, any>} the message with lowerCamelCase keys, nulls dropped
	 */
	message(value, schemaName, at) {
		const schema = SCHEMAS[schemaName];
		if (!schema) throw new Error(`validate: no schema ${schemaName}`);
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw invalidValue(at, `type.googleapis.com/google.ads.datamanager.v1.${schemaName}`, value);
		}
		const props = schema.properties ?? {};
		/** @type {Record<string, any>} */
		const out = {};
		for (const [rawKey, v] of Object.entries(value)) {
			const key = Object.hasOwn(props, rawKey)
				? rawKey
				: rawKey.includes('_') && Object.hasOwn(props, toCamel(rawKey))
					? toCamel(rawKey)
					: undefined;
			if (key === undefined) {
				throw payloadError(
					at,
					`Invalid JSON payload received. Unknown name "${rawKey}"${at ? ` at '${at}'` : ''}: Cannot find field.`,
				);
			}
			if (v === null) continue;
			out[key] = this.field(v, props[key], join(at, toSnake(key)));
		}
		const shape = shapeOf(schemaName, schema);
		for (const { name, fields, exactlyOne } of shape.oneofs) {
			const set = fields.filter((f) => out[f] !== undefined);
			if (set.length > 1) {
				this.violation(
					at,
					'INVALID_ARGUMENT',
					`Only one of ${set.map(toSnake).join(', ')} may be set (oneof ${name}).`,
				);
			} else if (set.length === 0 && exactlyOne) {
				this.violation(
					at,
					'REQUIRED_FIELD_MISSING',
					`Exactly one of ${fields.map(toSnake).join(', ')} must be set.`,
				);
			}
		}
		if (!this.partial) {
			for (const key of shape.required) {
				if (isEmpty(out[key], props[key])) {
					this.violation(
						join(at, toSnake(key)),
						'REQUIRED_FIELD_MISSING',
						'Required field is missing.',
					);
				}
			}
		}
		return out;
	}

	/**
	 * @param {unknown} v
	 * @param {PropertySpec} spec
	 * @param {string} at
	 * @returns {unknown}
	 */
	field(v, spec, at) {
		if (spec.type === 'array') {
			if (!Array.isArray(v)) {
				throw payloadError(
					at,
					`Invalid value at '${at}': expected a list, got ${JSON.stringify(v) ?? String(v)}`,
				);
			}
			const items = /** @type {PropertySpec} */ (spec.items);
			return v.map((item, i) => {
				if (item === null)
					throw invalidValue(`${at}[${i}]`, items.$ref ? 'message' : (items.type ?? 'value'), item);
				return this.single(item, items, `${at}[${i}]`);
			});
		}
		if (Array.isArray(v)) {
			throw payloadError(
				at,
				`Invalid JSON payload received. Proto field is not repeating, cannot start list at '${at}'.`,
			);
		}
		return this.single(v, spec, at);
	}

	/**
	 * @param {unknown} v
	 * @param {PropertySpec} spec
	 * @param {string} at
	 * @returns {unknown}
	 */
	single(v, spec, at) {
		if (spec.$ref) return this.message(v, spec.$ref, at);
		switch (spec.type) {
			case 'string':
				return scalarString(v, spec, at);
			case 'boolean':
				if (typeof v !== 'boolean') throw invalidValue(at, 'TYPE_BOOL', v);
				return v;
			case 'integer': {
				const n =
					typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
				if (!Number.isInteger(n) || n < -2147483648 || n > 4294967295)
					throw invalidValue(at, spec.format === 'uint32' ? 'TYPE_UINT32' : 'TYPE_INT32', v);
				return n;
			}
			case 'number': {
				const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
				if (Number.isNaN(n) && v !== 'NaN') throw invalidValue(at, 'TYPE_DOUBLE', v);
				return n;
			}
			default:
				return v;
		}
	}
}

/**
 * @param {unknown} v
 * @param {PropertySpec} spec
 * @param {string} at
 * @returns {string}
 */
function scalarString(v, spec, at) {
	if (spec.enum) {
		if (typeof v !== 'string' || !spec.enum.includes(v)) {
			throw invalidValue(at, 'TYPE_ENUM', v, `; valid values: ${spec.enum.join(', ')}`);
		}
		return v;
	}
	if (spec.format === 'int64' || spec.format === 'uint64') {
		if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
		if (typeof v === 'string' && INT64.test(v)) return v;
		throw invalidValue(at, spec.format === 'int64' ? 'TYPE_INT64' : 'TYPE_UINT64', v);
	}
	if (typeof v !== 'string') {
		const type =
			spec.format === 'google-datetime'
				? 'type.googleapis.com/google.protobuf.Timestamp'
				: spec.format === 'google-duration'
					? 'type.googleapis.com/google.protobuf.Duration'
					: spec.format === 'byte'
						? 'TYPE_BYTES'
						: 'TYPE_STRING';
		throw invalidValue(at, type, v);
	}
	if (spec.format === 'google-datetime' && Number.isNaN(parseTimestamp(v))) {
		throw invalidValue(
			at,
			'type.googleapis.com/google.protobuf.Timestamp',
			v,
			'; use RFC 3339, e.g. "2026-11-22T10:00:00Z"',
		);
	}
	if (spec.format === 'google-duration' && !parseDuration(v)) {
		throw invalidValue(
			at,
			'type.googleapis.com/google.protobuf.Duration',
			v,
			'; use seconds with an "s" suffix, e.g. "46656000s"',
		);
	}
	if (spec.format === 'byte' && !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) {
		throw invalidValue(at, 'TYPE_BYTES', v);
	}
	return v;
}

/**
 * Validates a request message (or a resource body) against the spec.
 * @param {unknown} body parsed JSON
 * @param {string} schemaName e.g. 'IngestAudienceMembersRequest', 'UserList'
 * @param {{ root?: string, partial?: boolean }} [options] root: path prefix ('user_list' for a
 *   resource sent as the HTTP body); partial: no REQUIRED checks
 * @returns {{ value: Record<string, any>, violations: Violation[] }} throws a GoogleError on
 *   JSON / binding errors
 */
function validateMessage(body, schemaName, options = {}) {
	const validator = new MessageValidator({ partial: options.partial });
	const value = validator.message(body ?? {}, schemaName, options.root ?? '');
	return { value, violations: validator.violations };
}

/**
 * The query parameters of a method (discovery `parameters`, plus the system parameters every
 * Google API takes), typed; an unknown one is a binding error like Google's.
 * @param {URLSearchParams} query
 * @param {string} methodId e.g. 'ListUserLists'
 * @returns {Record<string, string | number | boolean>} by lowerCamelCase name
 */
function queryParams(query, methodId) {
	const method = METHODS[methodId];
	if (!method) throw new Error(`validate: no method ${methodId}`);
	const params = method.parameters ?? {};
	/** @type {Record<string, string | number | boolean>} */
	const out = {};
	for (const [rawKey, raw] of query) {
		if (SYSTEM_PARAMS.includes(rawKey)) continue;
		const key = Object.hasOwn(params, rawKey)
			? rawKey
			: Object.hasOwn(params, toCamel(rawKey))
				? toCamel(rawKey)
				: undefined;
		if (key === undefined) {
			throw payloadError(
				rawKey,
				`Invalid JSON payload received. Unknown name "${rawKey}": Cannot bind query parameter. Field '${rawKey}' could not be found in request message.`,
			);
		}
		const spec = params[key];
		const at = toSnake(key);
		if (spec.type === 'boolean') {
			const b = raw.toLowerCase();
			if (!['true', 'false', '1', '0'].includes(b)) throw invalidValue(at, 'TYPE_BOOL', raw);
			out[key] = b === 'true' || b === '1';
		} else if (spec.type === 'integer') {
			if (!/^-?\d+$/.test(raw) || Math.abs(Number(raw)) > 2147483647)
				throw invalidValue(at, 'TYPE_INT32', raw);
			out[key] = Number(raw);
		} else out[key] = raw;
	}
	return out;
}

module.exports = {
	SCHEMAS,
	METHODS,
	validateMessage,
	queryParams,
	parseTimestamp,
	parseDuration,
	toSnake,
	toCamel,
};

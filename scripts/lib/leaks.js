// @ts-check
'use strict';

/**
 * Leak scans, shared by the suites and the e2e runs: secrets of a credential in anything a node
 * produced (output items, error messages and descriptions, logs, stored state, saved executions),
 * and raw personal data of the input in what the package itself wrote. Dev tool only.
 */

/** Credential fields that hold secrets. */
const SECRET_FIELD = /token|secret|key|password|assertion/i;
/** Access tokens the sandbox issues (Google's OAuth server). */
const ISSUED_TOKEN = /ya29\.sandbox-[\w-]{10,}/;
/** An e-mail address inside any text. */
const EMAIL_IN_TEXT = /[^\s@"'<>()[\]{},;:]+@[^\s@"'<>()[\]{},;:]+\.[a-z]{2,}/i;
/** Input fields that hold raw personal data, and what a value must look like to be one. */
const EMAIL_FIELD = /e-?mail/i;
const PHONE_FIELD = /phone|mobile/i;
const NAME_FIELD = /first.?name|last.?name|given.?name|family.?name|^name$|full.?name/i;
/** @param {string} field @param {string} value */
const isPersonal = (field, value) =>
	EMAIL_FIELD.test(field)
		? value.includes('@')
		: PHONE_FIELD.test(field)
			? (value.match(/\d/g) ?? []).length >= 7
			: NAME_FIELD.test(field);

/**
 * The secrets of credential objects: each secret field's value, and each line of a PEM key's body
 * (a leak of part of a key is a leak).
 * @param {Iterable<Record<string, unknown>>} credentials decrypted credential data
 * @returns {Array<{ name: string, value: string }>}
 */
function secretsOf(credentials) {
	/** @type {Array<{ name: string, value: string }>} */
	const secrets = [];
	for (const data of credentials) {
		for (const [name, value] of Object.entries(data ?? {})) {
			if (typeof value !== 'string' || !SECRET_FIELD.test(name) || value.trim().length < 8) continue;
			if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) {
				const lines = value.replace(/\\n/g, '\n').split('\n').map((line) => line.trim());
				for (const line of lines) if (line.length >= 40 && !line.startsWith('-----')) secrets.push({ name, value: line });
			} else secrets.push({ name, value });
		}
	}
	return secrets;
}

/**
 * Which secrets a text holds (by field name), and whether it holds a sandbox-issued access token.
 * @param {string} text
 * @param {Array<{ name: string, value: string }>} secrets
 * @returns {string[]}
 */
function findSecrets(text, secrets) {
	const found = new Set(secrets.filter(({ value }) => text.includes(value)).map(({ name }) => name));
	if (ISSUED_TOKEN.test(text)) found.add('issued access token');
	return [...found];
}

/**
 * The raw personal values of input items: strings of 5 characters or more in personal fields
 * (e-mails holding an at sign, phones with 7 digits or more, names).
 * @param {Iterable<Record<string, unknown>>} items
 * @returns {Set<string>}
 */
function personalValuesOf(items) {
	/** @type {Set<string>} */
	const values = new Set();
	for (const json of items) {
		for (const [field, value] of Object.entries(json ?? {})) {
			if (typeof value !== 'string') continue;
			const trimmed = value.trim();
			// Shorter values ('Ann', 'n/a') and placeholders ('unknown' as an e-mail) tell nothing.
			if (trimmed.length < 5 || !isPersonal(field, trimmed)) continue;
			values.add(trimmed);
			values.add(trimmed.toLowerCase());
		}
	}
	return values;
}

/**
 * Raw personal data in what a node wrote: any string that is one of `personal` (as given, or
 * trimmed and lowercased), or that holds an e-mail address. Returns the first few.
 * @param {unknown} written
 * @param {Set<string>} personal
 * @returns {string[]}
 */
function findPersonalData(written, personal) {
	/** @type {string[]} */
	const found = [];
	/** @param {unknown} value */
	const walk = (value) => {
		if (found.length >= 5) return;
		if (typeof value === 'string') {
			const trimmed = value.trim();
			if (personal.has(trimmed) || personal.has(trimmed.toLowerCase()) || EMAIL_IN_TEXT.test(value)) found.push(value.slice(0, 80));
		} else if (Array.isArray(value)) for (const item of value) walk(item);
		else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) walk(item);
	};
	walk(written);
	return found;
}

/**
 * Raw e-mails and phones inside stored text (a state's serialized rows or blobs, a workflow's
 * static data): any e-mail address, and any e-mail or phone of `personal` as a substring, a phone
 * also as its digits alone and with a leading +. Names are left out: a short one can occur by
 * chance in base64. Returns the first few.
 * @param {string} text
 * @param {Set<string>} personal values from personalValuesOf
 * @returns {string[]}
 */
function findPersonalText(text, personal) {
	/** @type {Set<string>} */
	const found = new Set();
	const lower = text.toLowerCase();
	for (const value of personal) {
		if (found.size >= 5) break;
		const digits = value.replace(/\D/g, '');
		const isPhone = !value.includes('@') && digits.length >= 7 && /^[\d\s()+.-]+$/.test(value);
		if (!value.includes('@') && !isPhone) continue;
		const forms = isPhone ? [value, digits, `+${digits}`] : [value.toLowerCase()];
		for (const form of forms) if ((isPhone ? text : lower).includes(form)) found.add(isPhone ? value : form);
	}
	const email = text.match(EMAIL_IN_TEXT);
	if (found.size === 0 && email) found.add(email[0]);
	return [...found].slice(0, 5);
}

module.exports = { secretsOf, findSecrets, personalValuesOf, findPersonalData, findPersonalText };

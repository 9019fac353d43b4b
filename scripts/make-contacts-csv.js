// @ts-check
'use strict';

/**
 * Writes examples/data/contacts.csv: the main example's contact list, as a CRM export looks
 * (RFC 4180, a header row, formats as people typed them). Deterministic: the first rows of the
 * sandbox's default population (seed 1), so that the sandbox knows most of these people and the
 * match rates the demo prints are real; a share of rows without consent, unsubscribed, or broken.
 *
 * Usage: node scripts/make-contacts-csv.js [--rows 3000]
 */

const fs = require('node:fs');
const path = require('node:path');
const { getPopulation } = require('../sandbox/population');

const COLUMNS = ['external_id', 'email', 'phone', 'first_name', 'last_name', 'city', 'state', 'zip', 'country', 'date_of_birth', 'gender', 'marketing_consent', 'unsubscribed'];

/** One CSV field: quoted when it holds a separator, a quote, a line break or edge spaces. @param {string} value */
function field(value) {
	return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The rows: consent 'yes' for most, 'no' for one in 16, blank (never asked) for one in 25;
 * one in 40 unsubscribed; one in 150 a broken record (no usable identifier).
 * @param {number} count
 */
function contactRows(count) {
	return getPopulation(1, count).rawContacts(count, { messy: true }).map((contact, i) => {
		const row = {
			...contact,
			marketing_consent: i % 16 === 5 ? 'no' : i % 25 === 9 ? '' : 'yes',
			unsubscribed: i % 40 === 17 ? 'true' : 'false',
		};
		return i % 150 === 77 ? { ...row, external_id: '', email: 'unknown', phone: 'n/a', first_name: '', last_name: '' } : row;
	});
}

/** The whole file: a header row, then one line per contact, CRLF line ends. @param {number} count */
function contactsCsv(count) {
	const lines = [COLUMNS.join(',')];
	for (const row of contactRows(count)) lines.push(COLUMNS.map((name) => field(String(/** @type {Record<string, unknown>} */ (row)[name] ?? ''))).join(','));
	return `${lines.join('\r\n')}\r\n`;
}

function main() {
	const index = process.argv.indexOf('--rows');
	const count = index > 0 ? Number(process.argv[index + 1]) : 3000;
	const out = path.join(__dirname, '..', 'examples', 'data', 'contacts.csv');
	fs.writeFileSync(out, contactsCsv(count));
	process.stdout.write(`${out}: ${count} contacts\n`);
}

if (require.main === module) main();

module.exports = { contactRows, contactsCsv, COLUMNS };

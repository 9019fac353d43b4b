// @ts-check
'use strict';

const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Figures a suite measured (chaos runs, scans): printed, and kept as JSON in .tmp/<name>.json for
 * the README to quote. Dev tool only.
 * @param {string} name
 * @param {string} text what to print
 * @param {unknown} data what to keep
 */
function writeReport(name, text, data) {
	const dir = join(__dirname, '..', '..', '.tmp');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(data, null, '\t')}\n`);
	process.stdout.write(`${text}\n`);
}

module.exports = { writeReport };

// @ts-check
'use strict';

/**
 * What a real n8n needs to run the project's example workflows against the sandbox: the
 * credentials they name (same ids, pointed at the sandbox), and the main example's CSV put where
 * n8n may read it. Used by the demo (scripts/demo-n8n.js) and the e2e suite.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const MAIN_EXAMPLE = 'csv-contacts-to-meta-and-google.json';
const CONTACTS_CSV = path.join(EXAMPLES_DIR, 'data', 'contacts.csv');

/** The example workflow files, by file name. */
function exampleFiles() {
	return fs.readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json')).sort();
}

/** @param {string} name */
function readExample(name) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, name), 'utf8'));
}

/**
 * The credentials the examples name, as a user's export holds them, pointed at the sandbox.
 * @param {{ url: string, google: { serviceAccount: { clientEmail: string, privateKeyPem: string } } }} sandbox
 */
function exampleCredentials(sandbox) {
	return [
		{ id: 'metaAdsSandbox01', name: 'Meta Ads API', type: 'metaAdsApi', data: { accessToken: 'sandbox-meta-token', appSecret: '', graphVersion: 'v26.0', baseUrl: sandbox.url } },
		{
			id: 'googleSaSandbox1',
			name: 'Google Data Manager Service Account',
			type: 'googleDataManagerServiceAccountApi',
			data: {
				clientEmail: sandbox.google.serviceAccount.clientEmail,
				privateKey: sandbox.google.serviceAccount.privateKeyPem,
				grantUrl: `${sandbox.url}/token`,
				baseUrl: sandbox.url,
				loginAccountId: '',
			},
		},
	];
}

/**
 * The main example as this machine runs it: the bundled CSV copied into `filesDir` (a folder n8n
 * may read, see N8N_RESTRICT_FILE_ACCESS_TO) and the workflow's Read Contacts CSV node pointed at it.
 * @param {string} filesDir
 */
function mainExampleFor(filesDir) {
	fs.mkdirSync(filesDir, { recursive: true });
	const csv = path.join(filesDir, 'contacts.csv');
	fs.copyFileSync(CONTACTS_CSV, csv);
	const workflow = readExample(MAIN_EXAMPLE);
	for (const node of workflow.nodes) if (node.type === 'n8n-nodes-base.readWriteFile') node.parameters.fileSelector = csv;
	return workflow;
}

/** The main example's CSV as committed. */
const committedContactsCsv = () => fs.readFileSync(CONTACTS_CSV, 'utf8');

/** A temporary folder for n8n to read files from (N8N_RESTRICT_FILE_ACCESS_TO), and its removal. */
function temporaryFilesDir() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audience-sync-files-'));
	return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * @typedef {{ status?: string, data: { resultData: { error?: { message?: string },
 *   runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, any> }>> } }>> } } }} Execution
 */

/** The execution `n8n execute` prints as JSON after its log lines. @param {string} stdout @returns {Execution} */
function executionOf(stdout) {
	return JSON.parse(stdout.slice(stdout.indexOf('{\n')));
}

/** The items a node output in an execution (its first run, first output). @param {Execution} execution @param {string} node */
function outputOf(execution, node) {
	return (execution.data.resultData.runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);
}

module.exports = {
	committedContactsCsv,
	temporaryFilesDir,
	executionOf,
	outputOf, EXAMPLES_DIR, MAIN_EXAMPLE, CONTACTS_CSV, exampleFiles, readExample, exampleCredentials, mainExampleFor };

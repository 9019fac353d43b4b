// @ts-check
'use strict';

/**
 * The demo in a real n8n 2.41.1: starts the sandbox and n8n on 127.0.0.1 (n8n provisioned once,
 * cached by version; the package packed and installed as a user installs it), imports credentials
 * pointed at the sandbox and every example workflow, runs the main example (examples/data/
 * contacts.csv to a Meta audience and a Google Customer Match list), prints per platform what was
 * sent, skipped and why, and each audience's status, then leaves the editor running until Ctrl-C
 * (`--headless` stops instead).
 *
 * n8n keeps its user folder in .tmp/demo-n8n between runs (owner, credentials, workflows,
 * executions), so a re-run starts in seconds; the sandbox starts empty each time.
 *
 * Usage: node scripts/demo-n8n.js [--headless] [--port 5678]
 */

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { startSandbox } = require('../sandbox');
const { startN8n, OWNER } = require('./e2e/n8n');
const { exampleFiles, exampleCredentials, mainExampleFor, executionOf, outputOf, MAIN_EXAMPLE, readExample } = require('./e2e/examples');

const ROOT = path.resolve(__dirname, '..');
const USER_FOLDER = path.join(ROOT, '.tmp', 'demo-n8n');
const FILES_DIR = path.join(USER_FOLDER, 'files');
const PID_FILE = path.join(USER_FOLDER, 'demo.pid');
/** People the sandbox knows: the CSV's first 2,600 rows; its last 400 match no one, as in real lists. */
const KNOWN_PEOPLE = 2600;

/** @param {string} label @param {unknown} value */
const line = (label, value) => process.stdout.write(`  ${label.padEnd(22)} ${String(value)}\n`);
/** @param {Record<string, number> | undefined} counts */
const listed = (counts) => Object.entries(counts ?? {}).map(([key, n]) => `${key} ${n}`).join(', ') || 'none';

/** A demo already running on this user folder (two n8n on one SQLite database would clash). */
function runningDemo() {
	try {
		const pid = Number(fs.readFileSync(PID_FILE, 'utf8'));
		process.kill(pid, 0);
		return pid;
	} catch {
		return 0;
	}
}

/**
 * One platform's part of the main example's execution.
 * @param {import('./e2e/examples').Execution} execution
 * @param {string} title
 * @param {{ audience: string, add: string, status: string }} nodes
 */
function report(execution, title, nodes) {
	const [audience] = outputOf(execution, nodes.audience);
	const [summary] = outputOf(execution, nodes.add);
	const [status] = outputOf(execution, nodes.status);
	process.stdout.write(`\n${title}\n`);
	if (!audience || !summary || !status) {
		line('not run', `${nodes.audience}, ${nodes.add} or ${nodes.status} gave no output`);
		return;
	}
	line('audience', `${audience.id} "${audience.displayName ?? audience.name}" (${audience.created ? 'created' : 'reused'})`);
	line('rows read', summary.total ?? Object.values(summary.counts ?? {}).reduce((a, b) => a + Number(b), 0));
	line('sent per status', listed(summary.counts));
	line('skipped because', listed(summary.skippedByReason));
	line('invalid because', listed(summary.invalidByReason));
	line('requests', `${summary.batches?.total} (${summary.batches?.accepted} accepted, ${summary.batches?.failed} failed)`);
	line('status', `${status.lifecycleStatus} (${status.platformStatus?.code ?? ''}${status.platformStatus?.text ? `: ${status.platformStatus.text}` : ''})`);
	line('size', status.size ? `${status.size.lowerBound ?? '?'}–${status.size.upperBound ?? '?'} people` : 'not reported yet');
	line('match rate', status.matchRate ? `${status.matchRate.lowerPercent}–${status.matchRate.upperPercent}%` : 'not reported yet');
	line('big enough to serve', `${status.meetsMinimumSize} (minimum ${status.minimumSize})`);
}

async function main() {
	const { values } = parseArgs({ options: { headless: { type: 'boolean' }, port: { type: 'string' } } });
	const other = runningDemo();
	if (other) throw new Error(`a demo is already running (pid ${other}); stop it with Ctrl-C first`);

	const sandbox = await startSandbox({ populationSize: KNOWN_PEOPLE });
	/** @type {Awaited<ReturnType<typeof startN8n>> | undefined} */
	let n8n;
	const started = Date.now();
	const stop = async () => {
		await n8n?.stop();
		await sandbox.close();
		fs.rmSync(PID_FILE, { force: true });
	};
	try {
		process.stdout.write(`Sandbox (Meta Graph API and Google Data Manager API) at ${sandbox.url}\nStarting n8n (the first run installs it, once)…\n`);
		n8n = await startN8n({
			userFolder: USER_FOLDER,
			port: Number(values.port ?? 5678),
			browser: false,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: FILES_DIR },
		});
		fs.writeFileSync(PID_FILE, String(process.pid));
		await n8n.importCredentials(exampleCredentials(sandbox));
		await n8n.importWorkflows(exampleFiles().map((file) => (file === MAIN_EXAMPLE ? mainExampleFor(FILES_DIR) : file)));
		const main = readExample(MAIN_EXAMPLE);
		process.stdout.write(`Imported ${exampleFiles().length} example workflows. Running "${main.name}"…\n`);
		const execution = executionOf(await n8n.cli(['execute', `--id=${main.id}`]));
		report(execution, 'Meta Custom Audience', { audience: 'Find or Create Meta Audience', add: 'Add to Meta Audience', status: 'Meta Audience Status' });
		report(execution, 'Google Customer Match list', { audience: 'Find or Create Google List', add: 'Add to Google List', status: 'Google List Status' });
		const failure = execution.data.resultData.error;
		if (failure) throw new Error(`the workflow failed: ${failure.message}`);
		process.stdout.write(`\nEvery request went to the sandbox on 127.0.0.1. Took ${Math.round((Date.now() - started) / 1000)} s.\n`);
		if (values.headless) return await stop();
		process.stdout.write(
			`\nThe editor: ${n8n.url}/workflow/${main.id}\n  login ${OWNER.email} / ${OWNER.password}\nCtrl-C stops n8n and the sandbox.\n`,
		);
		await new Promise((resolve) => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		});
		process.stdout.write('\nStopping…\n');
		await stop();
	} catch (error) {
		await stop();
		throw error;
	}
}

main().catch((error) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});

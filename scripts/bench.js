// @ts-check
'use strict';

/**
 * The benchmark: the built package (dist/) on this machine, against the sandbox in a process of
 * its own (its cost is not counted), each measurement in a fresh process (scripts/bench/worker.js)
 * so that its peak memory is its own. Prints a table and writes bench/results.json (a smoke run,
 * --smoke, writes .tmp/bench-smoke.json instead). Nothing leaves 127.0.0.1.
 *
 *   a. floor: SHA-256 hex (the package's call) of exactly the strings the pipeline hashes;
 *   b. the identifiers pipeline (fields read, normalized, validated, hashed, wire row built);
 *   c. Audience Member Add of 100,000 and of --contacts through n8n's engine, both platforms;
 *   d. Sync of --contacts, then one with 1 % churn (workflow static data store);
 *   CSV: Add of --contacts from a CSV file, and --csv-rows (10,000,000) rows read, prepared and
 *      batched in a Dry Run (no request), peak memory flat;
 *   e. in a real n8n 2.41.1: Add of 100,000 and --contacts against the do-it-yourself workflow
 *      (scripts/bench/diy.js; not in the smoke run, which starts no n8n).
 *
 * Usage: node scripts/bench.js [--contacts 1000000] [--csv-rows 10000000] [--smoke]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawn } = require('node:child_process');
const { spawnGroup } = require('./e2e/process');
const { SANDBOX_NODE_FLAGS } = require('./bench/sandboxFlags');

const root = path.join(__dirname, '..');
const smoke = process.argv.includes('--smoke');
const option = (/** @type {string} */ name, /** @type {number} */ fallback) => {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const CONTACTS = option('contacts', smoke ? 20_000 : 1_000_000);
const SIZES = smoke ? [CONTACTS] : [...new Set([100_000, CONTACTS])];
const CSV_ROWS = option('csv-rows', smoke ? 50_000 : 10_000_000);
/** The worker's n8n user folder: binary data is kept there on disk, as n8n keeps it. */
const USER_FOLDER = path.join(root, '.tmp', 'bench-n8n');
const PLATFORMS = /** @type {const} */ (['meta', 'google']);

/** Runs one worker job; its JSON answer. */
function work(/** @type {Record<string, unknown>} */ job) {
	return new Promise((resolve, reject) => {
		const env = { ...process.env, N8N_USER_FOLDER: USER_FOLDER, N8N_LOG_LEVEL: 'silent' };
		// With Node's default heap limit, as n8n starts it (n8n sets none): peak memory as users see it.
		const child = spawn(process.execPath, [path.join(__dirname, 'bench', 'worker.js'), JSON.stringify(job)], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')) : reject(new Error(`worker ${job.kind} exited with ${code}`))));
	});
}

async function startSandbox() {
	const sandbox = spawnGroup(process.execPath, [...SANDBOX_NODE_FLAGS, 'sandbox/cli.js', '--population', String(CONTACTS)], { cwd: root, label: 'sandbox' });
	await sandbox.waitForLog('"url"', 600_000);
	const info = JSON.parse(sandbox.log().split('\n').find((line) => line.startsWith('{')) ?? '{}');
	const account = await (await fetch(info.google.serviceAccount)).json();
	return { sandbox, url: info.url, google: { clientEmail: account.clientEmail ?? info.google.clientEmail, privateKey: account.privateKeyPem ?? account.privateKey, grantUrl: info.google.tokenUrl } };
}

/** The commit measured, with `+changes` when the work tree differs from it. */
function gitCommit() {
	const git = (/** @type {string[]} */ args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
	try {
		return `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--untracked-files=no']) ? '+changes' : ''}`;
	} catch {
		return null;
	}
}

const per = (/** @type {number} */ n) => `${Math.round(n).toLocaleString('en-US')}/s`;

async function main() {
	const started = Date.now();
	/** @type {Record<string, any>} */
	const results = {
		machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1e9), node: process.version, platform: `${os.platform()} ${os.arch()}` },
		contacts: CONTACTS,
		smoke,
		ranAt: new Date().toISOString(),
		commit: gitCommit(),
	};
	const table = [];

	const hashing = /** @type {any} */ (await work({ kind: 'hashing', count: Math.min(CONTACTS, 200_000) }));
	results.floor_per_s = { meta: hashing.meta.floorPerSecond, google: hashing.google.floorPerSecond };
	results.pipeline_per_s = { meta: hashing.meta.pipelinePerSecond, google: hashing.google.pipelinePerSecond };
	results.pipeline_vs_floor = { meta: hashing.meta.ratio, google: hashing.google.ratio };
	for (const platform of PLATFORMS) {
		const h = hashing[platform];
		table.push([`a. floor: SHA-256 of what the pipeline hashes (${h.hashesPerContact.toFixed(1)} a contact)`, platform, hashing.contacts, per(h.floorPerSecond), '']);
		table.push(['b. identifiers pipeline', platform, hashing.contacts, per(h.pipelinePerSecond), `${h.ratio} × the floor`]);
	}

	const { sandbox, url, google } = await startSandbox();
	try {
		for (const size of SIZES) {
			for (const platform of PLATFORMS) {
				const add = /** @type {any} */ (await work({ kind: 'member', platform, operation: 'add', count: size, name: `Bench add ${size}`, sandboxUrl: url, google }));
				if (size === CONTACTS) {
					results[`add_1m_seconds`] = { ...results.add_1m_seconds, [platform]: add.nodeSeconds };
					results[`add_1m_requests`] = { ...results.add_1m_requests, [platform]: add.requests };
					results[`add_1m_peak_rss_mb`] = { ...results.add_1m_peak_rss_mb, [platform]: add.peakRssMb };
				}
				results.add = { ...results.add, [`${platform}_${size}`]: add };
				table.push(['c. Audience Member Add, n8n engine', platform, size, `${add.nodeSeconds.toFixed(1)} s`, `${add.requests} requests, ${add.rows.toLocaleString('en-US')} rows, ${add.megabytesSent} MB, peak RSS ${add.peakRssMb} MB`]);
			}
		}
		const churn = Math.round(CONTACTS / 100);
		const sync = /** @type {any} */ (await work({ kind: 'member', platform: 'meta', operation: 'sync', count: CONTACTS, churn, name: 'Bench mirror', sandboxUrl: url, google }));
		results.sync_first_seconds = sync.first.nodeSeconds;
		results.sync_1pct_seconds = sync.churn.nodeSeconds;
		results.sync_1pct_requests = sync.churn.requests;
		results.sync_1pct_rows = sync.churn.rows;
		results.sync_peak_rss_mb = sync.peakRssMb;
		table.push(['d. Sync, first run (workflow static data)', 'meta', CONTACTS, `${sync.first.nodeSeconds.toFixed(1)} s`, `${sync.first.requests} requests, ${sync.first.rows.toLocaleString('en-US')} rows`]);
		table.push([`d. Sync, 1 % churn (${churn.toLocaleString('en-US')} changed)`, 'meta', CONTACTS, `${sync.churn.nodeSeconds.toFixed(1)} s`, `${sync.churn.requests} requests, ${sync.churn.rows.toLocaleString('en-US')} rows, peak RSS ${sync.peakRssMb} MB`]);

		fs.mkdirSync(USER_FOLDER, { recursive: true });
		for (const [rows, dryRun] of /** @type {const} */ ([[CONTACTS, false], [CSV_ROWS, true]])) {
			const { file } = /** @type {any} */ (await work({ kind: 'csvFile', count: rows, file: path.join(root, '.tmp', `bench-contacts-${rows}.csv`) }));
			const csv = /** @type {any} */ (await work({ kind: 'member', platform: 'meta', operation: 'add', count: rows, csv: file, dryRun, name: `Bench CSV ${rows}`, sandboxUrl: url, google }));
			results[dryRun ? 'csv_dry_run' : 'csv_add'] = csv;
			if (dryRun) results[rows === 10_000_000 ? 'csv_10m_peak_rss_mb' : 'csv_dry_run_peak_rss_mb'] = csv.peakRssMb;
			const what = dryRun ? 'CSV file, Dry Run (read, prepared, batched; no request)' : 'CSV file, Audience Member Add';
			table.push([`${what}, ${csv.csvMegabytes} MB`, 'meta', rows, `${csv.nodeSeconds.toFixed(1)} s`, `${csv.requests} requests, ${csv.csvRows.toLocaleString('en-US')} rows read, peak RSS ${csv.peakRssMb} MB`]);
		}
	} finally {
		await sandbox.stop();
	}

	if (!smoke) {
		const { diyComparison } = require('./bench/diy');
		const diy = /** @type {any} */ (await diyComparison({ sizes: [...new Set([100_000, CONTACTS])] }));
		results.diy = diy.sizes;
		results.n8n_node_vs_diy_speedup = diy.sizes[CONTACTS].speedup;
		for (const [size, r] of Object.entries(diy.sizes)) {
			table.push(['e. real n8n: Audience Member Add vs DIY (Code + HTTP Request)', 'meta', Number(size), `${r.speedup} × faster`, `upload ${r.package.uploadSeconds} s vs ${r.diy.uploadSeconds} s, ${r.memoryRatio} × less memory, same members: ${r.sameMembers}`]);
		}
	}

	results.benchSeconds = Math.round((Date.now() - started) / 1000);
	const file = smoke ? path.join(root, '.tmp', 'bench-smoke.json') : path.join(root, 'bench', 'results.json');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(results, null, '\t')}\n`);
	process.stdout.write('| measurement | platform | contacts | result | notes |\n|---|---|---|---|---|\n');
	for (const row of table) process.stdout.write(`| ${row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)).join(' | ')} |\n`);
	process.stdout.write(`\n${path.relative(root, file)} written (${results.benchSeconds} s)\n`);
}

main().catch((error) => {
	process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});

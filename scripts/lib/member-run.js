// @ts-check
'use strict';

/**
 * One Audience Member run of the built package (dist/) through n8n's engine, in a process of its
 * own, so that a test can kill it (SIGKILL, as a crash or a redeploy would) at any moment and run
 * it again. Like n8n, the workflow's static data (the Sync state) is written back only when the
 * run finishes. Dev tool only.
 *
 * Usage: node scripts/lib/member-run.js <job.json>
 *   job: { parameters, credentials: { <type>: data }, contacts: [{ populationSize, from, count }, …],
 *          staticDataFile, workflowId }
 * Prints one JSON line when done: { statuses: { added: n, … }, error?: string }.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createEngine } = require('./engine');
const os = require('node:os');
const { getPopulation } = require('../../sandbox/population');
const { spawnGroup } = require('../e2e/process');

const PACKAGE = 'n8n-nodes-audience-sync';
const dist = path.join(__dirname, '..', '..', 'dist');

/**
 * The contacts of a job: people `from`… of the sandbox's default population, messy, consenting,
 * keyed by `crm_id` (what the suites send).
 * @param {{ populationSize: number, from: number, count: number }} spec
 */
function jobContacts({ populationSize, from, count }) {
	return getPopulation(1, populationSize)
		.rawContacts(count, { offset: from, messy: true })
		.map((contact, i) => ({ ...contact, crm_id: `crm-${from + i}`, consent: 'granted' }));
}

async function main() {
	const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
	const { AudienceMember } = require(path.join(dist, 'nodes/AudienceMember/AudienceMember.node.js'));
	const { MetaAdsApi } = require(path.join(dist, 'credentials/MetaAdsApi.credentials.js'));
	const { GoogleDataManagerServiceAccountApi } = require(path.join(dist, 'credentials/GoogleDataManagerServiceAccountApi.credentials.js'));
	const engine = createEngine({
		nodes: { [`${PACKAGE}.audienceMember`]: new AudienceMember() },
		credentials: { metaAdsApi: new MetaAdsApi(), googleDataManagerServiceAccountApi: new GoogleDataManagerServiceAccountApi() },
	});
	const input = job.contacts.flatMap(jobContacts);
	const staticData = fs.existsSync(job.staticDataFile) ? JSON.parse(fs.readFileSync(job.staticDataFile, 'utf8')) : {};
	const { items, error } = await engine.runNode({
		type: `${PACKAGE}.audienceMember`,
		parameters: job.parameters,
		credentials: job.credentials,
		input,
		staticData,
		workflowId: job.workflowId,
		mode: 'trigger',
	});
	if (!error) {
		const next = `${job.staticDataFile}.next`;
		fs.writeFileSync(next, JSON.stringify(staticData));
		fs.renameSync(next, job.staticDataFile);
	}
	/** @type {Record<string, number>} */
	const statuses = {};
	for (const { json } of items) statuses[String(json.status)] = (statuses[String(json.status)] ?? 0) + 1;
	// n8n's engine leaves timers and sockets behind: end the process once the answer is out, as
	// n8n ends an execution.
	process.stdout.write(`${JSON.stringify({ statuses, error: error?.message })}\n`, () => process.exit(0));
}

/**
 * Where a suite's jobs live (a temporary folder), and how it starts one: `start(name, job)` writes
 * the job with its static-data file beside it and spawns this script on it, in a process group of
 * its own (see spawnGroup: `kill()` is SIGKILL).
 */
function memberRuns() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audience-sync-runs-'));
	return {
		dir,
		/**
		 * @param {string} name
		 * @param {Record<string, unknown>} job without staticDataFile
		 */
		start(name, job) {
			const file = path.join(dir, `${name}.json`);
			fs.writeFileSync(file, JSON.stringify({ ...job, staticDataFile: path.join(dir, `${name}.state.json`) }));
			return spawnGroup(process.execPath, [__filename, file], { cwd: path.join(__dirname, '..', '..'), env: /** @type {Record<string, string>} */ ({ ...process.env }), label: `member run ${name}` });
		},
		remove: () => fs.rmSync(dir, { recursive: true, force: true }),
	};
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error?.stack ?? error}\n`);
		process.exitCode = 1;
	});
}

module.exports = { jobContacts, memberRuns };

// @ts-check
'use strict';

/**
 * One benchmark measurement in a process of its own, so that its peak memory is its own: the
 * built package (dist/) and the contacts it works on, never the sandbox (which runs in another
 * process). Prints one JSON line with the figures. Dev tool only.
 *
 * Usage: node scripts/bench/worker.js '<job JSON>'
 *   { kind: 'hashing', count }
 *   { kind: 'member', platform, operation: 'add' | 'sync', count, name, sandboxUrl, google?, churn?, csv? }
 *   (a new audience named `name` is made for the job; with `csv`, the contacts are the rows of that
 *   file, read by Contacts From → CSV File; `dryRun` prepares and batches without sending)
 *   { kind: 'csvFile', count, file } writes the contacts as a CSV file (once per count)
 */
const fs = require('node:fs');
const path = require('node:path');
const { createEngine, storeBinary } = require('../lib/engine');
const { FIELD_PARAMETERS, COLUMNS, benchContacts, benchContactChunks } = require('./contacts');

const PACKAGE = 'n8n-nodes-audience-sync';
const dist = path.join(__dirname, '..', '..', 'dist');
/** @param {string} file */
const load = (file) => require(path.join(dist, file));

/** This process's peak resident memory (VmHWM), MB. */
function peakRssMb() {
	const status = fs.readFileSync('/proc/self/status', 'utf8');
	const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return Math.round(kb / 1024);
}

const seconds = (/** @type {bigint} */ t0) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Enough of an execute context for the uploaders' per-contact steps (no request is made). */
function fakeContext(/** @type {Record<string, unknown>} */ parameters) {
	return /** @type {any} */ ({
		getNodeParameter: (/** @type {string} */ name, /** @type {number} */ _i, /** @type {unknown} */ fallback) => parameters[name] ?? fallback,
		getNode: () => ({ name: 'Audience Member', typeVersion: 2, parameters }),
	});
}

/**
 * a. the floor: SHA-256 hex, with the package's own call, of exactly the strings the pipeline
 *    hashes for these contacts; b. the pipeline: read the mapped fields, normalize, validate,
 *    hash and build the wire row, per platform. Both in contacts a second.
 */
function hashing({ count }) {
	const contacts = benchContacts(0, count);
	const hash = load('nodes/shared/identifiers/hash.js');
	const { fieldText } = load('nodes/shared/members/fields.js');
	const { metaMembers } = load('nodes/shared/platforms/meta/members.js');
	const { googleMembers } = load('nodes/shared/platforms/google/members.js');
	const { metaPayload } = load('nodes/shared/platforms/meta/payload.js');
	const mapped = [
		['email', 'email'],
		['phone', 'phone'],
		...Object.entries(FIELD_PARAMETERS.moreIdentifierFields),
	];
	const uploaders = {
		meta: metaMembers(fakeContext({}), {}),
		google: googleMembers(fakeContext({}), { defaultConsent: 'granted' }),
	};
	/** @param {'meta' | 'google'} platform */
	const pipeline = (platform) => {
		const uploader = uploaders[platform];
		const consent = platform === 'google' ? { adUserData: 'granted', adPersonalization: 'granted' } : null;
		const wires = [];
		for (const json of contacts) {
			/** @type {Record<string, string | undefined>} */
			const contact = {};
			for (const [key, field] of mapped) contact[key] = fieldText(json, field);
			const prepared = uploader.prepare(contact, consent);
			if (prepared.ok) wires.push(prepared.contact.wire);
		}
		// Meta's rows become the payload's cells; Google's members are sent as they are.
		if (platform === 'meta') for (let i = 0; i < wires.length; i += 10_000) metaPayload(wires.slice(i, i + 10_000), 'off');
		return wires.length;
	};

	const original = hash.sha256Hex;
	/** @type {Record<string, unknown>} */
	const result = { contacts: count };
	for (const platform of /** @type {const} */ (['meta', 'google'])) {
		/** @type {string[]} */
		const hashed = [];
		hash.sha256Hex = (/** @type {string} */ value) => {
			hashed.push(value);
			return original(value);
		};
		pipeline(platform);
		hash.sha256Hex = original;

		let best = { floor: Infinity, pipeline: Infinity };
		for (let round = 0; round < 3; round++) {
			let t0 = process.hrtime.bigint();
			for (const value of hashed) original(value);
			const floor = seconds(t0);
			t0 = process.hrtime.bigint();
			pipeline(platform);
			best = { floor: Math.min(best.floor, floor), pipeline: Math.min(best.pipeline, seconds(t0)) };
		}
		result[platform] = {
			hashesPerContact: hashed.length / count,
			floorPerSecond: Math.round(count / best.floor),
			pipelinePerSecond: Math.round(count / best.pipeline),
			ratio: Number((best.floor / best.pipeline).toFixed(3)),
		};
	}
	return result;
}

/** The sandbox's request log since `seq`. */
async function requestsSince(sandboxUrl, seq) {
	const response = await fetch(`${sandboxUrl}/__sandbox/requests?since=${seq}`);
	return /** @type {{ data: Array<{ seq: number, platform: string, path: string, bodyBytes: number, rows: number | null }> }} */ (await response.json()).data;
}

/**
 * c. Add of `count` contacts, or d. a first Sync of them and one with `churn` of them changed
 * (half leave, half join), through n8n's engine against the sandbox: node time as n8n records it,
 * requests with rows, rows and bytes sent, and the process's peak memory (input items included).
 */
async function member(job) {
	const { AudienceMember } = load('nodes/AudienceMember/AudienceMember.node.js');
	const { MetaAdsApi } = load('credentials/MetaAdsApi.credentials.js');
	const { GoogleDataManagerServiceAccountApi } = load('credentials/GoogleDataManagerServiceAccountApi.credentials.js');
	const engine = createEngine({
		nodes: { [`${PACKAGE}.audienceMember`]: new AudienceMember() },
		credentials: { metaAdsApi: new MetaAdsApi(), googleDataManagerServiceAccountApi: new GoogleDataManagerServiceAccountApi() },
	});
	const meta = job.platform === 'meta';
	const credentials = meta
		? { metaAdsApi: { accessToken: 'sandbox-meta-token', appSecret: '', graphVersion: 'v26.0', baseUrl: job.sandboxUrl } }
		: engine.credentialStore({ googleDataManagerServiceAccountApi: { ...job.google, baseUrl: job.sandboxUrl, loginAccountId: '', accessToken: '' } });
	const target = meta
		? { platform: 'meta', adAccount: { __rl: true, mode: 'id', value: 'act_1234567890' } }
		: { platform: 'google', authentication: 'serviceAccount', googleAccountId: '1234567890' };
	const options = { summaryOnly: true, ...(job.dryRun ? { dryRun: true } : {}), ...(meta ? {} : { defaultConsent: 'granted' }) };
	const staticData = {};
	const { AdAudience } = load('nodes/AdAudience/AdAudience.node.js');
	const created = await createEngine({
		nodes: { [`${PACKAGE}.adAudience`]: new AdAudience() },
		credentials: { metaAdsApi: new MetaAdsApi(), googleDataManagerServiceAccountApi: new GoogleDataManagerServiceAccountApi() },
	}).runNode({
		type: `${PACKAGE}.adAudience`,
		parameters: meta
			? { platform: 'meta', adAccount: target.adAccount, operation: 'create', name: job.name, customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'createNew' }
			: { platform: 'google', authentication: 'serviceAccount', googleAccountId: '1234567890', operation: 'create', name: job.name, ifExists: 'createNew', options: {} },
		credentials,
	});
	if (created.error) throw created.error;
	target[meta ? 'audience' : 'userList'] = { __rl: true, mode: 'id', value: String(created.items[0].json.id) };

	/** @param {Array<Record<string, string>>} input @param {Record<string, any>} [file] a stored CSV file */
	const run = async (input, file) => {
		const before = (await requestsSince(job.sandboxUrl, 0)).at(-1)?.seq ?? 0;
		const t0 = process.hrtime.bigint();
		const { run: execution, error, items } = await engine.runNode({
			type: `${PACKAGE}.audienceMember`,
			typeVersion: 2,
			name: 'Audience Member',
			parameters: { ...target, operation: job.operation, ...FIELD_PARAMETERS, contactKeyField: 'crm_id', ...(file ? { contactSource: 'csv' } : {}), options },
			credentials,
			input,
			binary: file ? [{ data: file }] : undefined,
			staticData,
			mode: 'trigger',
			workflowId: `bench-${job.platform}-${job.operation}`,
		});
		const wall = seconds(t0);
		if (error) throw error;
		const sent = (await requestsSince(job.sandboxUrl, before)).filter((r) => r.rows !== null);
		return {
			nodeSeconds: execution.data.resultData.runData['Audience Member'][0].executionTime / 1000,
			wallSeconds: Number(wall.toFixed(2)),
			requests: sent.length,
			rows: sent.reduce((sum, r) => sum + (r.rows ?? 0), 0),
			megabytesSent: Number((sent.reduce((sum, r) => sum + r.bodyBytes, 0) / 1e6).toFixed(1)),
			counts: items[0]?.json.counts,
			...(file ? { csvRows: items[0]?.json.csvRows } : {}),
		};
	};

	if (job.csv) {
		// Stored as n8n stores a file it received (on disk), read back through n8n's binary stream.
		const file = await storeBinary(fs.createReadStream(job.csv), { fileName: path.basename(job.csv), mimeType: 'text/csv' });
		const figures = await run([{}], file);
		return { ...figures, peakRssMb: peakRssMb(), csvMegabytes: Math.round(fs.statSync(job.csv).size / 1e6) };
	}
	const first = await run(benchContacts(0, job.count));
	if (job.operation !== 'sync') return { ...first, peakRssMb: peakRssMb() };
	const half = Math.floor(job.churn / 2);
	const churned = [...benchContacts(half, job.count - half), ...benchContacts(job.count, half)];
	const second = await run(churned);
	return { first, churn: second, peakRssMb: peakRssMb() };
}

/** The contacts as a CSV file, written 10,000 rows at a time; kept for the next run of the same count. */
function csvFile({ count, file }) {
	if (fs.existsSync(file)) return { file, reused: true };
	const quote = (/** @type {string} */ value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
	const partial = `${file}.partial`;
	const fd = fs.openSync(partial, 'w');
	fs.writeSync(fd, `${COLUMNS.join(',')}\n`);
	for (const chunk of benchContactChunks(0, count)) {
		fs.writeSync(fd, chunk.map((contact) => COLUMNS.map((column) => quote(contact[column] ?? '')).join(',')).join('\n') + '\n');
	}
	fs.closeSync(fd);
	fs.renameSync(partial, file);
	return { file, reused: false };
}

async function main() {
	const job = JSON.parse(process.argv[2]);
	const result = job.kind === 'hashing' ? hashing(job) : job.kind === 'csvFile' ? csvFile(job) : await member(job);
	// n8n's engine leaves timers and sockets behind: end once the answer is out.
	process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

main().catch((error) => {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
});

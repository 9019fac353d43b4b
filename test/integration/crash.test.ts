/**
 * Runs killed mid-way: Audience Member Add and Sync of 100,000 contacts per platform, each in a
 * process of its own (scripts/lib/member-run.js, the built package through n8n's engine), killed
 * with SIGKILL once the sandbox has accepted a seeded-random number of its batches, then started
 * again as the next scheduled execution would. The platform then holds exactly the expected
 * members (0 lost, 0 extra). Like n8n, the killed run saved no workflow static data, so the Sync
 * state is the one the last finished run left. Needs `npm run build` (the test script runs it).
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { Rng } from '../../sandbox/prng';
import { memberRuns } from '../../scripts/lib/member-run';
import { writeReport } from '../../scripts/lib/report';
import { GOOGLE_ACCOUNT, googleAdAudience, listById, serviceAccountCredentials, serviceAccountStore } from '../helpers/google';
import { ACCEPTED_ACCOUNT, byId, metaCredentials, newCustomerList } from '../helpers/meta';
import { expectNothingLeaked } from '../helpers/sandbox';
import type { Sandbox } from '../helpers/sandbox';
import { range } from '../helpers/sync';

jest.setTimeout(300_000);

const POPULATION = 120_000;
const CONTACTS = 100_000;
const BATCH = 2_500;
const rng = new Rng(20261203);

let sandbox: Sandbox;
const runs = memberRuns();
beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: POPULATION });
});
afterAll(async () => {
	writeReport('crash-figures', `killed runs:\n${figures.map((f) => `${f.platform.padEnd(7)} ${f.operation.padEnd(10)} killed after ${f.killedAfter} of ${f.batches} batches, rerun ${f.rerunRequests} requests, difference ${f.membershipDifference}`).join('\n')}`, figures);
	await sandbox?.close();
	runs.remove();
});

interface Figures {
	platform: string;
	operation: string;
	batches: number;
	killedAfter: number;
	rerunRequests: number;
	membershipDifference: number;
}
const figures: Figures[] = [];

type Logged = { platform: string | null; method: string; path: string; status: number };
const uploads = (platform: string, since: number) =>
	(sandbox.requests as Logged[]).slice(since).filter((r) => r.platform === platform && r.status === 200 && /\/users$|audienceMembers:(ingest|remove)$/.test(r.path)).length;

interface Job {
	platform: 'meta' | 'google';
	parameters: IDataObject;
	credentials: Record<string, unknown>;
	contacts: Array<{ from: number; count: number }>;
	workflowId: string;
}

/** Runs the job in its own process; with `killAfter`, kills it once that many batches were accepted. */
async function run(job: Job, killAfter?: number): Promise<{ killed: boolean; output: string }> {
	const since = sandbox.requests.length;
	const child = runs.start(job.workflowId, { ...job, contacts: job.contacts.map((part) => ({ ...part, populationSize: POPULATION })) });
	let killed = false;
	while (!child.exited()) {
		if (killAfter !== undefined && uploads(job.platform, since) >= killAfter) {
			await child.kill();
			killed = true;
			break;
		}
		await sleep(5);
	}
	return { killed, output: child.log() };
}

/** Kills the job at a random batch, runs it again, and checks the platform holds exactly `expected`. */
async function killAndRerun(job: Job, operation: string, batches: number, members: () => number[], expected: number[]) {
	const killAfter = 1 + Math.floor(rng.next() * (batches - 2));
	const killedRun = await run(job, killAfter);
	expect(killedRun.killed).toBe(true);
	// Part of the change went through before the kill.
	const want = new Set(expected);
	const heldAfterKill = new Set(members());
	expect([...heldAfterKill].filter((id) => !want.has(id)).length + expected.filter((id) => !heldAfterKill.has(id)).length).toBeGreaterThan(0);

	const since = sandbox.requests.length;
	const rerun = await run(job);
	expect(rerun.killed).toBe(false);
	const summary = JSON.parse(rerun.output.trim().split('\n').pop() ?? '{}');
	expect(summary.error).toBeUndefined();
	const held = new Set(members());
	const difference = [...held].filter((id) => !want.has(id)).length + expected.filter((id) => !held.has(id)).length;
	figures.push({ platform: job.platform, operation, batches, killedAfter: killAfter, rerunRequests: (sandbox.requests as Logged[]).slice(since).filter((r) => r.platform === job.platform).length, membershipDifference: difference });
	expect(difference).toBe(0);
	expectNothingLeaked(sandbox);
	return summary.statuses as Record<string, number>;
}

const OPTIONS = { batchSize: BATCH, maxRetries: 2 };

describe.each(['meta', 'google'] as const)('%s: a run killed at a random batch, then run again', (platform) => {
	let audienceId: string;
	const members = () =>
		platform === 'meta'
			? [...sandbox.meta.liveAudience(audienceId).membership.members]
			: [...(sandbox.google.liveList(GOOGLE_ACCOUNT, audienceId)?.members.keys() ?? [])];
	const newAudience = async (name: string) =>
		platform === 'meta'
			? await newCustomerList(sandbox.url, name)
			: String((await googleAdAudience(serviceAccountStore(sandbox), { operation: 'create', name, ifExists: 'createNew', options: {} })).items[0].json.id);
	const job = (operation: string, contacts: Job['contacts'], workflowId: string): Job => ({
		platform,
		parameters:
			platform === 'meta'
				? { platform, adAccount: byId(`act_${ACCEPTED_ACCOUNT}`), audience: byId(audienceId), operation, contactKeyField: 'crm_id', options: OPTIONS }
				: { platform, authentication: 'serviceAccount', googleAccountId: GOOGLE_ACCOUNT, userList: listById(audienceId), operation, contactKeyField: 'crm_id', options: OPTIONS },
		credentials: platform === 'meta' ? metaCredentials(sandbox.url) : { googleDataManagerServiceAccountApi: serviceAccountCredentials(sandbox) },
		contacts,
		workflowId,
	});

	it('Add of 100,000: the second run completes the audience', async () => {
		audienceId = await newAudience('Crash add');
		const statuses = await killAndRerun(job('add', [{ from: 0, count: CONTACTS }], `${platform}-add`), 'add', CONTACTS / BATCH, members, range(0, CONTACTS));
		expect(statuses).toEqual({ added: CONTACTS });
	});

	it('Sync of 100,000, killed in its first run and in a run of 10 % churn: the reruns mirror the segment', async () => {
		audienceId = await newAudience('Crash sync');
		await killAndRerun(job('sync', [{ from: 0, count: CONTACTS }], `${platform}-sync`), 'sync', CONTACTS / BATCH, members, range(0, CONTACTS));
		// 10,000 leave and 10,000 join: 8 batches; the state is still the first run's when the rerun starts.
		const churn = job('sync', [{ from: 10_000, count: CONTACTS - 10_000 }, { from: CONTACTS, count: 10_000 }], `${platform}-sync`);
		const statuses = await killAndRerun(churn, 'sync churn', 8, members, range(10_000, CONTACTS));
		expect(statuses).toEqual({ unchanged: CONTACTS - 10_000, added: 10_000, removed: 10_000 });
	});
});

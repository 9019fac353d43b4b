/**
 * Meta replace sessions that did not finish: one Meta refused half-way (2650 / 1870147), one that
 * ran past Meta's 90 minutes (1870158), one abandoned (the run stopped after some batches) and one
 * Meta marked failed (operation_status 415). Each leaves the audience in a state Get Status
 * reports, the run in between says why it cannot replace yet, and the next scheduled run replaces
 * the audience exactly, without anyone doing anything.
 */
import type { IDataObject } from 'n8n-workflow';

import { adAudience, audienceMember, byId, newCustomerList } from '../../helpers/meta';
import type { Sandbox } from '../../helpers/sandbox';
import { useSandbox } from '../../helpers/sandbox';
import { range } from '../../helpers/sync';

let sandbox: Sandbox;
useSandbox({ populationSize: 6_000 }, (started) => (sandbox = started));

const HOUR = 60 * 60_000;
const BATCH = { batchSize: 1_000 };
const contacts = (from: number, count: number): IDataObject[] =>
	sandbox.population.rawContacts(count, { offset: from }).map((contact) => ({ ...contact, consent: 'granted' }));
const members = (id: string) => [...sandbox.meta.liveAudience(id).membership.members].sort((a, b) => a - b);
const status = async (id: string) => (await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(id), options: {} })).items[0].json;
const replace = (id: string, input: IDataObject[]) => audienceMember(sandbox.url, id, { operation: 'replace', options: BATCH }, input);

/** An audience holding people 0…999, and the list that is to replace them: people 500…3,999. */
async function audienceToReplace() {
	const id = await newCustomerList(sandbox.url, 'Nightly');
	await audienceMember(sandbox.url, id, { operation: 'add', options: BATCH }, contacts(0, 1_000));
	expect(members(id)).toEqual(range(0, 1_000));
	return { id, list: contacts(500, 3_500) };
}

function metaError(subcode: number, message: string) {
	return { status: 400, body: { error: { message, type: 'OAuthException', code: 2650, error_subcode: subcode, fbtrace_id: 'AbCdEf' } } };
}

/** The failed run's error, as the workflow sees it. */
function failure(result: { error?: Error & { description?: string; context?: IDataObject } }) {
	expect(result.error).toBeDefined();
	return { message: result.error!.message, description: String(result.error!.description ?? ''), context: result.error!.context ?? {} };
}

async function expectRecovered(id: string, list: IDataObject[]) {
	const next = await replace(id, list);
	expect(next.error).toBeUndefined();
	expect(new Set(next.items.map((item) => item.json.status))).toEqual(new Set(['added']));
	expect(members(id)).toEqual(range(500, 3_500));
	expect(await status(id)).toMatchObject({ replace: null });
}

describe('Meta Replace All that did not finish', () => {
	it('refused half-way (1870147): reported as in progress, then replaced exactly once Meta closed the session', async () => {
		const { id, list } = await audienceToReplace();
		sandbox.injectFault({ pathIncludes: '/usersreplace', after: 2, ...metaError(1870147, 'Invalid Upload Batch For Replace') });
		const first = failure(await replace(id, list));
		expect(first.message).toBe('Meta rejected a batch of the replace session');
		expect(first.description).toMatch(/2 of 4 batch/);
		// The audience still serves its old members while Meta holds the session open.
		expect(members(id)).toEqual(range(0, 1_000));
		expect(await status(id)).toMatchObject({ lifecycleStatus: 'updating', replace: { state: 'in_progress' } });

		// The next hourly run: Meta still holds the session, the run says so and changes nothing.
		sandbox.clock.advance(HOUR);
		const second = failure(await replace(id, list));
		expect(second.message).toMatch(/being updated by a replace that has not finished/);
		expect(members(id)).toEqual(range(0, 1_000));

		// Past Meta's 90 minutes the session ends with the batches it received; the run after that replaces it all.
		sandbox.clock.advance(HOUR);
		expect(await status(id)).toMatchObject({ replace: { state: 'timed_out' } });
		expect(members(id)).toEqual(range(500, 2_000));
		await expectRecovered(id, list);
	});

	it('past Meta’s 90 minutes (1870158): the audience holds what was received, the next run replaces it all', async () => {
		const { id, list } = await audienceToReplace();
		// The session started, then the clock ran past 90 minutes before the third batch.
		sandbox.injectFault({ pathIncludes: '/usersreplace', after: 2, ...metaError(1870158, 'Replace Session Timed Out') });
		const first = failure(await replace(id, list));
		expect(first.message).toBe('The replace session ran past Meta’s 90-minute limit');
		sandbox.clock.advance(2 * HOUR);
		expect(members(id)).toEqual(range(500, 2_000));
		await expectRecovered(id, list);
	});

	it('abandoned after some batches (the run stopped): the next run after Meta’s 90 minutes replaces it exactly', async () => {
		const { id, list } = await audienceToReplace();
		// What a run killed after its second batch leaves: a session that never gets its last batch.
		sandbox.injectFault({ pathIncludes: '/usersreplace', after: 2, dropConnection: true, times: -1 });
		const stopped = await replace(id, list);
		expect(stopped.error).toBeDefined();
		sandbox.faults.length = 0;
		expect(await status(id)).toMatchObject({ replace: { state: 'in_progress' } });
		sandbox.clock.advance(2 * HOUR);
		await expectRecovered(id, list);
	});

	it('marked failed by Meta (operation_status 415): reported, and the next run replaces it', async () => {
		const { id, list } = await audienceToReplace();
		sandbox.meta.setOperationStatus(id, 415);
		expect(await status(id)).toMatchObject({ lifecycleStatus: 'error', replace: { state: 'failed' } });
		const next = await replace(id, list);
		expect(next.error).toBeUndefined();
		sandbox.meta.setOperationStatus(id, null);
		expect(members(id)).toEqual(range(500, 3_500));
	});
});

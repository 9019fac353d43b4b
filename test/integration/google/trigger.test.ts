import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { expectNothingLeaked } from '../../helpers/sandbox';
import type { Sandbox } from '../../../sandbox';
import { googleHashedMember } from '../../../sandbox/testing';
import type { CredentialStore } from '../../helpers/engine';
import { dm, ingestBody } from '../../sandbox/google';
import { GOOGLE_ACCOUNT, googleAdAudience, googleAudienceMember, listById, serviceAccountStore } from '../../helpers/google';
import type { EventCase, TriggerItemJson } from '../../helpers/trigger';
import { audienceTrigger, contactsOf, eventCase, eventsOf, expectItemShape, sandboxAdmin, stepper } from '../../helpers/trigger';

type Logged = { seq: number; platform: string | null; method: string; path: string };

/** Google applies an upload this long after accepting it (on the sandbox clock). */
const PROCESSING_MS = 30 * 60_000;

let sandbox: Sandbox;
let store: CredentialStore;
beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 3000, google: { processingDelayMs: PROCESSING_MS } });
});
afterAll(async () => {
	await sandbox.close();
});
// No hashed field that is not a hash, no raw e-mail, no member without consent or excluded.
afterEach(() => expectNothingLeaked(sandbox));
beforeEach(() => {
	sandbox.reset();
	store = serviceAccountStore(sandbox);
});

async function newList(name = 'Buyers'): Promise<string> {
	const { items, error } = await googleAdAudience(store, { operation: 'create', name, ifExists: 'createNew', options: {} });
	if (error) throw error;
	return String(items[0].json.id);
}

/** Sends the upload; Google has not processed it yet. Returns its request ID. */
async function upload(listId: string, operation: 'add' | 'remove', from: number, count: number): Promise<string> {
	const { items, error } = await googleAudienceMember(store, listId, { operation }, contactsOf(sandbox, from, count));
	if (error) throw error;
	return String(items[0].json.requestId);
}
/** Google processes what it accepted. */
const processed = () => sandbox.clock.advance(PROCESSING_MS + 1);
const add = async (listId: string, from: number, count: number) => {
	await upload(listId, 'add', from, count);
	processed();
};
const remove = async (listId: string, from: number, count: number) => {
	await upload(listId, 'remove', from, count);
	processed();
};
/** What Google decides on its own: a list closed as unused, or opened again. */
const setMembershipStatus = (listId: string, membershipStatus: 'OPEN' | 'CLOSED') =>
	sandboxAdmin(sandbox, `/google/user-lists/${listId}`, { membershipStatus });

const googleTrigger = (parameters: IDataObject) =>
	audienceTrigger({ platform: 'google', authentication: 'serviceAccount', googleAccountId: GOOGLE_ACCOUNT, ...parameters }, store);
const watchOne = (listId: string, parameters: IDataObject = {}) => googleTrigger({ watch: 'one', userList: listById(listId), ...parameters });

const requestStatusCalls = () => (sandbox.requests as Logged[]).filter((r) => r.path === '/v1/requestStatus:retrieve');

describe('Audience Sync Trigger (Google) through the n8n engine', () => {
	it('records a baseline on the first poll and emits nothing, then nothing while the list stays as it is', async () => {
		const id = await newList();
		await add(id, 0, 150);
		const trigger = watchOne(id);

		expect(await trigger.poll()).toBeNull();
		const baseline = trigger.baseline();
		expect(Object.keys(baseline?.statuses ?? {})).toEqual([`google:${id}`]);
		expect(baseline?.statuses[`google:${id}`]).toMatchObject({ lifecycleStatus: 'ready', size: { upperBound: 150 } });

		expect(await trigger.poll()).toBeNull();
		// An upload Google has not processed yet changes nothing.
		await upload(id, 'add', 150, 50);
		expect(await trigger.poll()).toBeNull();
		processed();
		expect(eventsOf(await trigger.poll())).toEqual([`sizeOrMatchRateMoved ${id}`]);
		expect(await trigger.poll()).toBeNull();
	});

	const cases: EventCase[] = [
		[
			'statusChanged',
			'the first members arrive, under the minimum',
			async () => {},
			(id) => add(id, 0, 30),
			{ lifecycleStatus: 'empty', platformStatus: { code: 'membershipStatus:OPEN' } },
			{ lifecycleStatus: 'too_small', size: { upperBound: 30 }, membersByNetwork: { display: 30, search: 30, youtube: 30 } },
		],
		[
			'becameReady',
			'the list reaches 100 matched members and Google makes it eligible',
			(id) => add(id, 0, 60),
			(id) => add(id, 60, 90),
			{ lifecycleStatus: 'too_small', deliverable: false, eligibility: { display: false, search: false } },
			{ lifecycleStatus: 'ready', deliverable: true, meetsMinimumSize: true, eligibility: { display: true, search: true } },
		],
		[
			'becameUndeliverable',
			'members are removed until fewer than 100 are left',
			(id) => add(id, 0, 150),
			(id) => remove(id, 0, 80),
			{ lifecycleStatus: 'ready', deliverable: true },
			{ lifecycleStatus: 'too_small', deliverable: false, meetsMinimumSize: false, size: { upperBound: 70 } },
		],
		[
			'sizeOrMatchRateMoved',
			'the list grows by a third (threshold 10 %)',
			(id) => add(id, 0, 150),
			(id) => add(id, 150, 50),
			{ size: { upperBound: 150 } },
			{ size: { upperBound: 200 }, lifecycleStatus: 'ready' },
		],
		[
			'sizeOrMatchRateMoved',
			'the match rate of the latest upload falls from 100 % to 20 %, the size by 7 % only',
			(id) => add(id, 0, 150),
			async (id) => {
				const outsiders = sandbox.population.outsiderContacts(40).map((c) => ({ email: c.email, phone: c.phone, consent: 'granted' }));
				const { error } = await googleAudienceMember(store, id, { operation: 'add' }, [...contactsOf(sandbox, 150, 10), ...outsiders]);
				if (error) throw error;
				processed();
			},
			{ matchRate: { lowerPercent: 100, upperPercent: 100 }, size: { upperBound: 150 } },
			{ matchRate: { lowerPercent: 20, upperPercent: 20 }, size: { upperBound: 160 } },
		],
		[
			'aboutToExpire',
			'Google closes the list as unused',
			(id) => add(id, 0, 150),
			(id) => setMembershipStatus(id, 'CLOSED'),
			{ lifecycleStatus: 'ready', platformStatus: { code: 'membershipStatus:OPEN' } },
			{ lifecycleStatus: 'expiring', platformStatus: { code: 'membershipStatus:CLOSED', text: 'closed: UNUSED' } },
		],
	];

	it.each(cases)('%s: %s → exactly that event, once', eventCase('google', 'Buyers', newList, watchOne));

	it('with every event chosen (the default), one change gives each event it means; a closed list reopened is a status change only', async () => {
		const id = await newList();
		const trigger = watchOne(id);
		expect(await trigger.poll()).toBeNull();
		const step = stepper(trigger);
		expect(await step(() => add(id, 0, 30))).toEqual([`statusChanged ${id}`, `sizeOrMatchRateMoved ${id}`]);
		expect(await step(() => add(id, 30, 120))).toEqual([`statusChanged ${id}`, `becameReady ${id}`, `sizeOrMatchRateMoved ${id}`]);
		expect(await step(() => setMembershipStatus(id, 'CLOSED'))).toEqual([`statusChanged ${id}`, `aboutToExpire ${id}`]);
		expect(await step(async () => {})).toBeNull();
		expect(await step(() => setMembershipStatus(id, 'OPEN'))).toEqual([`statusChanged ${id}`]);
		expect(await step(() => remove(id, 0, 80))).toEqual([`statusChanged ${id}`, `becameUndeliverable ${id}`, `sizeOrMatchRateMoved ${id}`]);
		// Members sent again change nothing.
		expect(await step(() => add(id, 80, 70))).toBeNull();
	});

	it('adds small moves up: Size or Match Rate Moved is measured from the status it was last reported at', async () => {
		const id = await newList();
		await add(id, 0, 150);
		const trigger = watchOne(id, { events: ['sizeOrMatchRateMoved', 'statusChanged'] });
		expect(await trigger.poll()).toBeNull();
		await add(id, 150, 10); // +6.7 %
		expect(await trigger.poll()).toBeNull();
		await add(id, 160, 10); // +6.25 %, +13.3 % since 150
		const items = (await trigger.poll()) as TriggerItemJson[];
		expect(eventsOf(items)).toEqual([`sizeOrMatchRateMoved ${id}`]);
		expect(items[0].previous).toMatchObject({ size: { upperBound: 150 } });
		expect(items[0].current).toMatchObject({ size: { upperBound: 170 } });
		// Other events still compare with the last poll: closing the list is seen against 170 members.
		await setMembershipStatus(id, 'CLOSED');
		const closed = (await trigger.poll()) as TriggerItemJson[];
		expect(eventsOf(closed)).toEqual([`statusChanged ${id}`]);
		expect(closed[0].previous).toMatchObject({ lifecycleStatus: 'ready', size: { upperBound: 170 } });
	});

	describe('Upload Processed', () => {
		it('reports a followed request once, when Google has processed it, with its match-rate range and error counts', async () => {
			const id = await newList();
			const requestId = await upload(id, 'add', 0, 150);
			const trigger = watchOne(id, { events: ['uploadProcessed'], requestIds: requestId });

			expect(await trigger.poll()).toBeNull();
			expect(trigger.baseline()?.requests).toEqual({ [requestId]: false });
			expect(await trigger.poll()).toBeNull();
			expect(requestStatusCalls()).toHaveLength(2);

			processed();
			const items = await trigger.poll();
			expect(eventsOf(items)).toEqual([`uploadProcessed ${id}`]);
			const [item] = items as TriggerItemJson[];
			expectItemShape(item, 'google', id, 'Buyers');
			expect(item.previous).toMatchObject({ lifecycleStatus: 'empty' });
			expect(item.current).toMatchObject({ lifecycleStatus: 'ready', size: { upperBound: 150 } });
			expect(item.upload).toEqual({
				requestId,
				status: 'SUCCESS',
				finished: true,
				destinations: [
					{
						accountId: GOOGLE_ACCOUNT,
						audienceId: id,
						operation: 'ingest',
						status: 'SUCCESS',
						recordCount: 150,
						matchRate: { lowerPercent: 91, upperPercent: 100, range: 'MATCH_RATE_RANGE_91_TO_100' },
						errorCount: 0,
						errorsByReason: {},
						warningsByReason: {},
					},
				],
			});
			expect(trigger.baseline()?.requests).toEqual({ [requestId]: true });

			// Seen final: never reported again, nor asked for again.
			expect(await trigger.poll()).toBeNull();
			expect(requestStatusCalls()).toHaveLength(3);
		});

		it('follows several request IDs, each reported when it finishes; a partial success carries its errors', async () => {
			const a = await newList('A');
			const b = await newList('B');
			const first = await upload(a, 'add', 0, 20);
			processed();
			// Someone else's upload to B, straight to the API: 5 of its 15 members refused their consent.
			sandbox.audit.allow('consent');
			const members = sandbox.population.people.slice(100, 115).map((person, i) => googleHashedMember(person, { consent: i < 5 ? 'denied' : 'granted' }));
			const sent = await dm(sandbox, 'POST', '/v1/audienceMembers:ingest', { json: { ...ingestBody(b, []), consent: undefined, audienceMembers: members } });
			const partial = String(sent.body.requestId);

			const trigger = googleTrigger({ watch: 'several', audienceIds: `${a},${b}`, events: ['uploadProcessed'], requestIds: `${first}, ${partial}` });
			// The first was processed before the baseline: it is part of it, no event.
			expect(await trigger.poll()).toBeNull();
			expect(trigger.baseline()?.requests).toEqual({ [first]: true, [partial]: false });
			processed();
			const items = (await trigger.poll()) as TriggerItemJson[];
			expect(eventsOf(items)).toEqual([`uploadProcessed ${b}`]);
			expect(items[0]).toMatchObject({
				name: 'B',
				upload: {
					requestId: partial,
					status: 'PARTIAL_SUCCESS',
					destinations: [{ status: 'PARTIAL_SUCCESS', recordCount: 15, errorCount: 5, errorsByReason: { denied_consent: 5 } }],
				},
			});
			expect(await trigger.poll()).toBeNull();
		});

		it('reports a request ID added after the baseline at the next poll, even when it was processed already', async () => {
			const id = await newList();
			const trigger = watchOne(id, { events: ['uploadProcessed'] });
			expect(await trigger.poll()).toBeNull();
			const requestId = await upload(id, 'add', 0, 30);
			processed();
			// The same workflow, its Upload Request IDs now an expression that gives the new ID.
			const later = watchOne(id, { events: ['uploadProcessed'], requestIds: `={{ ["${requestId}"] }}` });
			Object.assign(later.staticData, JSON.parse(JSON.stringify(trigger.staticData)));
			expect(eventsOf(await later.poll())).toEqual([`uploadProcessed ${id}`]);
			expect(await later.poll()).toBeNull();
		});

		it('reports an upload to a list deleted meanwhile as FAILED, with the status of the list last seen', async () => {
			const id = await newList('Gone');
			await add(id, 0, 150);
			const requestId = await upload(id, 'add', 150, 10);
			const trigger = googleTrigger({ watch: 'account', events: ['uploadProcessed'], requestIds: requestId });
			expect(await trigger.poll()).toBeNull();
			await googleAdAudience(store, { operation: 'delete', userList: listById(id) });
			processed();
			const items = (await trigger.poll()) as TriggerItemJson[];
			expect(eventsOf(items)).toEqual([`uploadProcessed ${id}`]);
			expect(items[0]).toMatchObject({
				name: 'Gone',
				previous: { lifecycleStatus: 'ready' },
				current: null,
				upload: { status: 'FAILED', destinations: [{ status: 'FAILED', errorCount: 10, errorsByReason: { internal_error: 10 } }] },
			});
			expect(trigger.baseline()?.statuses).toEqual({});
		});

		it('fails a poll with a mistyped request ID with a message that names it, the baseline left as it was', async () => {
			const id = await newList();
			const trigger = watchOne(id, { requestIds: 'not-a-request' });
			const error = await trigger.failingPoll();
			expect(error.message).toBe('Google has no upload request not-a-request');
			expect(error.description).toContain('requestId of an Audience Member result');
			expect(trigger.baseline()).toBeUndefined();

			const lookup = await googleAdAudience(store, { resource: 'upload', operation: 'getUploadStatus', requestIds: 'not-a-request' });
			expect(lookup.error?.message).toBe('Google has no upload request not-a-request');
		});

		it('is not followed when Upload Processed is not chosen', async () => {
			const id = await newList();
			const requestId = await upload(id, 'add', 0, 150);
			const trigger = watchOne(id, { events: ['becameReady'], requestIds: requestId });
			expect(await trigger.poll()).toBeNull();
			processed();
			expect(eventsOf(await trigger.poll())).toEqual([`becameReady ${id}`]);
			expect(requestStatusCalls()).toEqual([]);
			expect(trigger.baseline()?.requests).toEqual({});
		});
	});

	it('Fetch Test Event returns the current status as a sample and leaves the baseline alone', async () => {
		const id = await newList();
		const trigger = watchOne(id, { requestIds: 'not-read-by-a-test-event' });
		const [first, ...more] = await trigger.testEvent();
		expect(more).toEqual([]);
		expectItemShape(first, 'google', id, 'Buyers');
		expect(first).toMatchObject({ event: 'test', previous: null, current: { lifecycleStatus: 'empty' } });
		expect(trigger.baseline()).toBeUndefined();
		expect(requestStatusCalls()).toEqual([]);

		const real = watchOne(id);
		expect(await real.poll()).toBeNull();
		const baseline = JSON.stringify(real.baseline());
		await add(id, 0, 150);
		const [sample] = await real.testEvent();
		expect(sample).toMatchObject({ event: 'test', previous: { lifecycleStatus: 'empty' }, current: { lifecycleStatus: 'ready' } });
		expect(JSON.stringify(real.baseline())).toBe(baseline);
		expect(eventsOf(await real.poll())).toEqual([`statusChanged ${id}`, `becameReady ${id}`, `sizeOrMatchRateMoved ${id}`]);
	});

	it('watches several lists, in the order given', async () => {
		const [a, b, c] = [await newList('A'), await newList('B'), await newList('C')];
		for (const id of [a, b, c]) await add(id, 0, 150);
		const trigger = googleTrigger({ watch: 'several', audienceIds: `${c}\n${a}`, events: ['aboutToExpire'] });
		expect(await trigger.poll()).toBeNull();
		expect(Object.keys(trigger.baseline()?.statuses ?? {})).toEqual([`google:${c}`, `google:${a}`]);
		for (const id of [a, b, c]) await setMembershipStatus(id, 'CLOSED');
		const items = (await trigger.poll()) as TriggerItemJson[];
		expect(eventsOf(items)).toEqual([`aboutToExpire ${c}`, `aboutToExpire ${a}`]);
		expect(items.map((item) => item.name)).toEqual(['C', 'A']);
		const [sample] = await trigger.testEvent();
		expect(sample).toMatchObject({ event: 'test', audienceId: c, previous: { lifecycleStatus: 'expiring' } });
	});

	it('watches every Customer Match list of the account: new ones join the baseline, deleted ones leave it', async () => {
		const trigger = googleTrigger({ watch: 'account', events: ['becameReady'] });
		// An account without lists has no sample to give.
		expect(await trigger.testEvent()).toEqual([]);
		const a = await newList('A');
		expect(await trigger.poll()).toBeNull();
		// A poll is one list of the account's user lists (250 a page).
		const since = (sandbox.requests as Logged[]).at(-1)?.seq ?? 0;
		expect(await trigger.poll()).toBeNull();
		const calls = (sandbox.requests as Logged[]).filter((r) => r.seq > since && r.path !== '/token');
		expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/accountTypes/GOOGLE_ADS/accounts/${GOOGLE_ACCOUNT}/userLists`]);
		const b = await newList('B');
		await add(a, 0, 150);
		await add(b, 0, 150);
		// B was not there at the baseline: it joins without an event.
		expect(eventsOf(await trigger.poll())).toEqual([`becameReady ${a}`]);
		expect(Object.keys(trigger.baseline()?.statuses ?? {})).toEqual([`google:${a}`, `google:${b}`]);
		await googleAdAudience(store, { operation: 'delete', userList: listById(a) });
		expect(await trigger.poll()).toBeNull();
		expect(Object.keys(trigger.baseline()?.statuses ?? {})).toEqual([`google:${b}`]);
	});
});

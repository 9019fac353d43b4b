import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { expectNothingLeaked } from '../../helpers/sandbox';
import type { Sandbox } from '../../../sandbox';
import { ACCEPTED_ACCOUNT, adAudience, audienceMember, byId, metaCredentials } from '../../helpers/meta';
import type { EventCase, TriggerItemJson } from '../../helpers/trigger';
import { audienceTrigger, contactsOf, eventCase, eventsOf, expectItemShape, sandboxAdmin, stepper } from '../../helpers/trigger';

type Logged = { seq: number; platform: string | null; method: string; path: string };

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 3000 });
});
afterAll(async () => {
	await sandbox.close();
});
// No hashed field that is not a hash, no raw e-mail, no member without consent or excluded.
afterEach(() => expectNothingLeaked(sandbox));
beforeEach(() => sandbox.reset());

async function newAudience(name = 'Buyers'): Promise<string> {
	const { items, error } = await adAudience(sandbox.url, { operation: 'create', name, customerFileSource: 'USER_PROVIDED_ONLY', ifExists: 'createNew' });
	if (error) throw error;
	return String(items[0].json.id);
}

async function member(audienceId: string, operation: string, contacts: IDataObject[]) {
	const { error } = await audienceMember(sandbox.url, audienceId, { operation }, contacts);
	if (error) throw error;
}
/** Adds people `from`…`from + count - 1` of the population (all of them match). */
const add = (audienceId: string, from: number, count: number) => member(audienceId, 'add', contactsOf(sandbox, from, count));
const remove = (audienceId: string, from: number, count: number) => member(audienceId, 'remove', contactsOf(sandbox, from, count));
/** What Meta decides on its own: 471 flagged, 100 expiring, 415 replace failed; null: back to normal. */
const setOperationStatus = (audienceId: string, code: number | null) => sandboxAdmin(sandbox, `/meta/audiences/${audienceId}`, { operationStatus: code });

/** A trigger of its own workflow on the ad account (the account is only needed for the account watch). */
// These audiences grow to about 150 people, so the minimum is set to 100 (the default, 1,000
// matched people, is tested with Get Status in statusLimits.test.ts and below).
const metaTrigger = (parameters: IDataObject) =>
	audienceTrigger(
		{ platform: 'meta', adAccount: byId(`act_${ACCEPTED_ACCOUNT}`), statusOptions: { minimumSize: 100 }, ...parameters },
		metaCredentials(sandbox.url),
	);
const watchOne = (audienceId: string, parameters: IDataObject = {}) => metaTrigger({ watch: 'one', audience: byId(audienceId), ...parameters });

/**
 * A Replace All whose last batch Meta refuses: the session stays open (operation_status 414) with
 * the batches it received, until Meta ends it after 90 minutes.
 */
async function unfinishedReplace(audienceId: string, from: number) {
	sandbox.injectFault({ method: 'POST', pathIncludes: '/usersreplace', after: 2, status: 400, body: { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100 } } });
	const { error } = await audienceMember(sandbox.url, audienceId, { operation: 'replace', options: { batchSize: 50 } }, contactsOf(sandbox, from, 150));
	expect(error).toBeDefined();
}

describe('Audience Sync Trigger (Meta) through the n8n engine', () => {
	it('records a baseline on the first poll and emits nothing, then nothing while the audience stays as it is', async () => {
		const id = await newAudience();
		await add(id, 0, 150);
		const trigger = watchOne(id);

		expect(await trigger.poll()).toBeNull();
		const baseline = trigger.baseline();
		expect(Object.keys(baseline?.statuses ?? {})).toEqual([`meta:${id}`]);
		expect(baseline?.statuses[`meta:${id}`]).toMatchObject({ lifecycleStatus: 'ready', size: { lowerBound: 150, upperBound: 165 } });
		expect(baseline?.requests).toEqual({});

		// A poll of one audience: the audience, and its latest upload session (the match rate).
		const since = (sandbox.requests as Logged[]).at(-1)?.seq ?? 0;
		expect(await trigger.poll()).toBeNull();
		const calls = (sandbox.requests as Logged[]).filter((r) => r.seq > since).map((r) => `${r.method} ${r.path}`);
		expect(calls).toEqual([`GET /v26.0/${id}`, `GET /v26.0/${id}/sessions`]);
		expect(await trigger.poll()).toBeNull();
		// The first change after the baseline is seen against it.
		await setOperationStatus(id, 471);
		expect(eventsOf(await trigger.poll())).toEqual([`statusChanged ${id}`, `becameUndeliverable ${id}`, `flagged ${id}`]);
	});

	const cases: EventCase[] = [
		[
			'statusChanged',
			'the first members arrive, under the minimum',
			async () => {},
			(id) => add(id, 0, 30),
			{ lifecycleStatus: 'empty', platformStatus: { code: 'operation_status:410' } },
			{ lifecycleStatus: 'too_small', platformStatus: { code: 'delivery_status:300' }, size: { lowerBound: 30, upperBound: 33 } },
		],
		[
			'becameReady',
			'the audience grows past 100 matched people',
			(id) => add(id, 0, 60),
			(id) => add(id, 60, 90),
			{ lifecycleStatus: 'too_small', deliverable: false, meetsMinimumSize: false },
			{ lifecycleStatus: 'ready', deliverable: true, meetsMinimumSize: true, size: { lowerBound: 150, upperBound: 165 } },
		],
		[
			'becameUndeliverable',
			'members leave until fewer than 100 are left',
			(id) => add(id, 0, 150),
			(id) => remove(id, 0, 80),
			{ lifecycleStatus: 'ready', deliverable: true },
			{ lifecycleStatus: 'too_small', deliverable: false, meetsMinimumSize: false, size: { lowerBound: 70, upperBound: 77 } },
		],
		[
			'flagged',
			'Meta restricts the audience (operation_status 471)',
			(id) => add(id, 0, 150),
			(id) => setOperationStatus(id, 471),
			{ lifecycleStatus: 'ready' },
			{ lifecycleStatus: 'flagged', deliverable: false, platformStatus: { code: 'operation_status:471' } },
		],
		[
			'sizeOrMatchRateMoved',
			'the size grows by a third (threshold 10 %)',
			(id) => add(id, 0, 150),
			(id) => add(id, 150, 50),
			{ size: { lowerBound: 150, upperBound: 165 } },
			{ size: { lowerBound: 200, upperBound: 220 }, lifecycleStatus: 'ready' },
		],
		[
			'sizeOrMatchRateMoved',
			'the match rate of the latest upload falls from 100 % to 20 %, the size by 6 % only',
			(id) => add(id, 0, 150),
			(id) => member(id, 'add', [...contactsOf(sandbox, 150, 10), ...sandbox.population.outsiderContacts(40).map((c) => ({ email: c.email, phone: c.phone, country: c.country, consent: 'granted' }))]),
			{ matchRate: { lowerPercent: 100, upperPercent: 100 }, size: { upperBound: 165 } },
			{ matchRate: { lowerPercent: 20, upperPercent: 20 }, size: { upperBound: 176 } },
		],
		[
			'replaceFailed',
			'Meta says the last replace failed (operation_status 415)',
			(id) => add(id, 0, 150),
			(id) => setOperationStatus(id, 415),
			{ lifecycleStatus: 'ready', replace: null },
			{ lifecycleStatus: 'error', replace: { state: 'failed', sessionId: expect.any(String) }, platformStatus: { code: 'operation_status:415' } },
		],
		[
			'replaceFailed',
			'a Replace All never sent its last batch and Meta ended it after 90 minutes',
			async (id) => {
				await add(id, 0, 150);
				await unfinishedReplace(id, 1000);
			},
			async () => sandbox.clock.advance(91 * 60_000),
			{ lifecycleStatus: 'updating', replace: { state: 'in_progress' }, platformStatus: { code: 'operation_status:414' } },
			// Meta keeps what the two batches it received brought: 100 people.
			{ lifecycleStatus: 'ready', replace: { state: 'timed_out' }, size: { lowerBound: 100, upperBound: 110 } },
		],
		[
			'aboutToExpire',
			'Meta marks the audience Expiring (operation_status 100)',
			(id) => add(id, 0, 150),
			(id) => setOperationStatus(id, 100),
			{ lifecycleStatus: 'ready' },
			{ lifecycleStatus: 'expiring', deliverable: true, platformStatus: { code: 'operation_status:100' } },
		],
	];

	it.each(cases)('%s: %s → exactly that event, once', eventCase('meta', 'Buyers', newAudience, watchOne));

	it('with the default minimum (1,000 matched people), 150 people are not Became Ready', async () => {
		const id = await newAudience();
		const trigger = audienceTrigger(
			{ platform: 'meta', adAccount: byId(`act_${ACCEPTED_ACCOUNT}`), watch: 'one', audience: byId(id), events: ['becameReady', 'statusChanged'] },
			metaCredentials(sandbox.url),
		);
		expect(await trigger.poll()).toBeNull();
		await add(id, 0, 150);
		const items = await trigger.poll();
		expect(eventsOf(items)).toEqual([`statusChanged ${id}`]);
		expect((items as TriggerItemJson[])[0].current).toMatchObject({ meetsMinimumSize: false, minimumSize: 1000 });
	});

	it('with every event chosen (the default), one change gives each event it means, in a fixed order', async () => {
		const id = await newAudience();
		const trigger = watchOne(id);
		expect(await trigger.poll()).toBeNull();
		const step = stepper(trigger);
		expect(await step(() => add(id, 0, 30))).toEqual([`statusChanged ${id}`, `sizeOrMatchRateMoved ${id}`]);
		expect(await step(() => add(id, 30, 120))).toEqual([`statusChanged ${id}`, `becameReady ${id}`, `sizeOrMatchRateMoved ${id}`]);
		expect(await step(() => setOperationStatus(id, 471))).toEqual([`statusChanged ${id}`, `becameUndeliverable ${id}`, `flagged ${id}`]);
		expect(await step(() => setOperationStatus(id, null))).toEqual([`statusChanged ${id}`, `becameReady ${id}`]);
		expect(await step(() => setOperationStatus(id, 100))).toEqual([`statusChanged ${id}`, `aboutToExpire ${id}`]);
		expect(await step(() => setOperationStatus(id, 415))).toEqual([`statusChanged ${id}`, `replaceFailed ${id}`]);
		expect(await step(() => setOperationStatus(id, null))).toEqual([`statusChanged ${id}`]);
		// A change under the threshold, and a Replace All that finishes, are no event of their own.
		expect(await step(() => add(id, 150, 10))).toBeNull();
		expect(await step(() => member(id, 'replace', contactsOf(sandbox, 0, 155)))).toBeNull();
	});

	it('measures Size or Match Rate Moved against the threshold given', async () => {
		const id = await newAudience();
		await add(id, 0, 150);
		const trigger = watchOne(id, { events: ['sizeOrMatchRateMoved'], thresholdPercent: 50 });
		expect(await trigger.poll()).toBeNull();
		await add(id, 150, 50); // 165 → 220: +33 %
		expect(await trigger.poll()).toBeNull();
		await add(id, 200, 150); // 220 → 385: +75 %, +133 % since 165
		const items = (await trigger.poll()) as TriggerItemJson[];
		expect(eventsOf(items)).toEqual([`sizeOrMatchRateMoved ${id}`]);
		expect(items[0].previous).toMatchObject({ size: { upperBound: 165 } });
		expect(items[0].current).toMatchObject({ size: { upperBound: 385 } });
	});

	it('adds small moves up: Size or Match Rate Moved is measured from the status it was last reported at', async () => {
		const id = await newAudience();
		await add(id, 0, 150);
		const trigger = watchOne(id, { events: ['sizeOrMatchRateMoved'] });
		expect(await trigger.poll()).toBeNull();
		await add(id, 150, 10); // 165 → 176: +6.7 %
		expect(await trigger.poll()).toBeNull();
		await add(id, 160, 10); // 176 → 187: +6.25 %, +13.3 % since 165
		const items = (await trigger.poll()) as TriggerItemJson[];
		expect(eventsOf(items)).toEqual([`sizeOrMatchRateMoved ${id}`]);
		expect(items[0].previous).toMatchObject({ size: { lowerBound: 150, upperBound: 165 } });
		expect(items[0].current).toMatchObject({ size: { lowerBound: 170, upperBound: 187 } });
		// Measured from 187 now.
		await add(id, 170, 10); // 187 → 198: +5.9 %
		expect(await trigger.poll()).toBeNull();
	});

	it('Fetch Test Event returns the current status as a sample and leaves the baseline alone', async () => {
		const id = await newAudience();
		const trigger = watchOne(id);

		// Before any baseline: a sample without a previous status, and still no baseline after it.
		const [first, ...more] = await trigger.testEvent();
		expect(more).toEqual([]);
		expectItemShape(first, 'meta', id, 'Buyers');
		expect(first).toMatchObject({ event: 'test', previous: null, current: { lifecycleStatus: 'empty' } });
		expect(trigger.baseline()).toBeUndefined();

		expect(await trigger.poll()).toBeNull();
		const baseline = JSON.stringify(trigger.baseline());
		await add(id, 0, 150);
		const [sample] = await trigger.testEvent();
		expect(sample).toMatchObject({ event: 'test', previous: { lifecycleStatus: 'empty' }, current: { lifecycleStatus: 'ready' } });
		expect(JSON.stringify(trigger.baseline())).toBe(baseline);

		// The next production poll still sees the change against the baseline.
		const items = await trigger.poll();
		expect(eventsOf(items)).toEqual([`statusChanged ${id}`, `becameReady ${id}`, `sizeOrMatchRateMoved ${id}`]);
		expect(items?.[0]).toMatchObject({ previous: { lifecycleStatus: 'empty' }, current: { lifecycleStatus: 'ready' } });
	});

	it('watches several audiences, by a list of IDs or an expression, one item per event and audience in the order given', async () => {
		const [a, b, c] = [await newAudience('A'), await newAudience('B'), await newAudience('C')];
		for (const id of [a, b, c]) await add(id, 0, 150);
		for (const audienceIds of [`${c}, ${a}`, `={{ ["${c}", "${a}"] }}`]) {
			const trigger = metaTrigger({ watch: 'several', audienceIds, events: ['flagged', 'aboutToExpire'] });
			expect(await trigger.poll()).toBeNull();
			expect(Object.keys(trigger.baseline()?.statuses ?? {})).toEqual([`meta:${c}`, `meta:${a}`]);

			await setOperationStatus(a, 471);
			await setOperationStatus(b, 471); // not watched
			expect(eventsOf(await trigger.poll())).toEqual([`flagged ${a}`]);
			await setOperationStatus(a, 100);
			await setOperationStatus(c, 471);
			const items = (await trigger.poll()) as TriggerItemJson[];
			expect(eventsOf(items)).toEqual([`flagged ${c}`, `aboutToExpire ${a}`]);
			expect(items.map((item) => item.name)).toEqual(['C', 'A']);
			expect(await trigger.poll()).toBeNull();

			const [sample, ...others] = await trigger.testEvent();
			expect(others).toEqual([]);
			expect(sample).toMatchObject({ event: 'test', audienceId: c, name: 'C' });
			for (const id of [a, b, c]) await setOperationStatus(id, null);
		}
	});

	it('says which parameter to fill when Several Audiences is given no ID', async () => {
		const error = await metaTrigger({ watch: 'several', audienceIds: ' , ' }).failingPoll();
		expect(error.message).toBe('No audience to watch');
	});

	it('watches every customer-list audience of the account: new ones join the baseline, gone ones leave it', async () => {
		const a = await newAudience('A');
		const b = await newAudience('B');
		await add(a, 0, 150);
		const trigger = metaTrigger({ watch: 'account', events: ['statusChanged', 'becameReady'] });
		expect(await trigger.poll()).toBeNull();

		// One list of the account (newest first), then one sessions request per audience (the match rate).
		const since = (sandbox.requests as Logged[]).at(-1)?.seq ?? 0;
		expect(await trigger.poll()).toBeNull();
		const calls = (sandbox.requests as Logged[]).filter((r) => r.seq > since).map((r) => `${r.method} ${r.path}`);
		expect(calls).toEqual([
			`GET /v26.0/act_${ACCEPTED_ACCOUNT}/customaudiences`,
			`GET /v26.0/${b}/sessions`,
			`GET /v26.0/${a}/sessions`,
		]);

		// An audience created between polls is watched from the poll that first sees it, without an event.
		const c = await newAudience('C');
		await add(b, 0, 150);
		expect(eventsOf(await trigger.poll())).toEqual([`statusChanged ${b}`, `becameReady ${b}`]);
		expect(Object.keys(trigger.baseline()?.statuses ?? {})).toEqual([`meta:${c}`, `meta:${b}`, `meta:${a}`]);
		await add(c, 0, 150);
		expect(eventsOf(await trigger.poll())).toEqual([`statusChanged ${c}`, `becameReady ${c}`]);

		// A deleted audience leaves the baseline, without an event.
		await adAudience(sandbox.url, { operation: 'delete', audience: byId(a) });
		expect(await trigger.poll()).toBeNull();
		expect(Object.keys(trigger.baseline()?.statuses ?? {})).toEqual([`meta:${c}`, `meta:${b}`]);

		// The sample is the first audience Meta lists.
		const [sample] = await trigger.testEvent();
		expect(sample).toMatchObject({ event: 'test', audienceId: c, name: 'C', previous: { lifecycleStatus: 'ready' } });
	});

	it('follows no upload requests on Meta: Upload Request IDs are ignored', async () => {
		const id = await newAudience();
		const trigger = watchOne(id, { events: ['uploadProcessed', 'statusChanged'], requestIds: 'abc, def' });
		expect(await trigger.poll()).toBeNull();
		expect(trigger.baseline()).toMatchObject({ requests: {} });
		await add(id, 0, 150);
		expect(eventsOf(await trigger.poll())).toEqual([`statusChanged ${id}`]);
		expect((sandbox.requests as Logged[]).filter((r) => r.platform !== 'meta')).toEqual([]);
	});
});

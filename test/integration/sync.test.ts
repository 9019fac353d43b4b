import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../helpers/engine';
import { GOOGLE_ACCOUNT, googleAdAudience, listById, serviceAccountStore } from '../helpers/google';
import { ACCEPTED_ACCOUNT, byId, metaCredentials, metaSyncParameters } from '../helpers/meta';
import type { Sandbox } from '../helpers/sandbox';
import { useSandbox } from '../helpers/sandbox';
import { range, statuses, syncKit } from '../helpers/sync';

type Logged = { platform: string | null; method: string; path: string; status: number; rows: number | null };

let sandbox: Sandbox;
useSandbox({ populationSize: 3000 }, (started) => (sandbox = started));

const { segment, newMetaAudience, metaMembers } = syncKit(() => sandbox);

const userCalls = () => (sandbox.requests as Logged[]).filter((r) => /\/users$/.test(r.path));

let workflows = 0;

/** One workflow: its static data persists between production runs, as n8n saves it. */
function metaWorkflow(audienceId: string, base: IDataObject = {}) {
	const staticData: IDataObject = {};
	const workflowId = `sync-${++workflows}`;
	const run = (input: IDataObject[], parameters: IDataObject = {}, extra: { mode?: 'manual' | 'trigger'; continueOnFail?: boolean } = {}) =>
		runNode({
			type: 'audienceMember',
			parameters: {
				...metaSyncParameters(audienceId),
				...base,
				...parameters,
			},
			credentials: metaCredentials(sandbox.url),
			input,
			staticData,
			workflowId,
			mode: extra.mode ?? 'trigger',
			continueOnFail: extra.continueOnFail,
		});
	return { run, staticData };
}

describe('Audience Member → Sync (Meta) through the n8n engine', () => {
	it('adds the whole segment first, then sends nothing for an unchanged segment', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		const first = await workflow.run(segment(0, 30));
		expect(first.error).toBeUndefined();
		expect(statuses(first.items)).toEqual({ added: 30 });
		expect(first.items.every((item) => item.json.stateSaved === true)).toBe(true);
		expect(metaMembers(id)).toEqual(range(0, 30));

		const callsBefore = userCalls().length;
		const second = await workflow.run(segment(0, 30));
		expect(statuses(second.items)).toEqual({ unchanged: 30 });
		expect(userCalls().length).toBe(callsBefore);
		expect(metaMembers(id)).toEqual(range(0, 30));
	});

	it('adds who joined, removes who left or withdrew consent, and re-sends changed identifiers', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id, { identifierFields: { email: 'email' } });
		await workflow.run(segment(0, 20));
		expect(metaMembers(id)).toEqual(range(0, 20));

		// 0–4 left; 5 withdrew consent; 6 now has person 100's e-mail; 20–24 joined.
		const other = sandbox.population.rawContacts(1, { offset: 100 })[0];
		const next = [
			...segment(5, 15, (contact, person) =>
				person === 5 ? { ...contact, consent: 'denied' } : person === 6 ? { ...contact, email: other.email } : contact,
			),
			...segment(20, 5),
		];
		const { items, error } = await workflow.run(next);
		expect(error).toBeUndefined();
		const byKey = new Map(items.filter((item) => item.json.contactKeyHash === undefined).map((item, i) => [String(next[i].crm_id), item.json]));
		expect(byKey.get('crm-5')).toMatchObject({ status: 'removed', reason: 'no_consent' });
		expect(byKey.get('crm-6')).toMatchObject({ status: 'added', reason: 'identifiers_changed' });
		expect(byKey.get('crm-7')).toMatchObject({ status: 'unchanged' });
		expect(byKey.get('crm-20')).toMatchObject({ status: 'added', reason: null });
		const departed = items.filter((item) => item.json.contactKeyHash !== undefined);
		expect(departed).toHaveLength(5);
		expect(departed.every((item) => item.json.status === 'removed' && item.json.reason === 'left_segment')).toBe(true);
		expect(metaMembers(id)).toEqual([...range(7, 13), ...range(20, 5), 100].sort((a, b) => a - b));

		// Running it again changes nothing.
		const again = await workflow.run(next);
		expect(statuses(again.items)).toEqual({ unchanged: 19, skipped: 1 });
		expect(again.items[0].json).toMatchObject({ status: 'skipped', reason: 'no_consent', message: 'Consent is denied in "consent"; nothing was sent' });
		expect(byKey.get('crm-5')?.message).toBe('Consent no longer granted; removed from the audience');
		expect(metaMembers(id)).toEqual([...range(7, 13), ...range(20, 5), 100].sort((a, b) => a - b));
	});

	it('removes an excluded contact and reports duplicate keys per item', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		await workflow.run(segment(0, 10));
		const next = segment(0, 10, (contact, person) => (person === 3 ? { ...contact, excluded: true } : contact));
		next.push({ ...next[0] });
		const { items } = await workflow.run(next);
		expect(items[3].json).toMatchObject({ status: 'removed', reason: 'excluded' });
		expect(items[10].json).toMatchObject({ status: 'skipped', reason: 'duplicate_key', sameAsItem: 0 });
		expect(metaMembers(id)).toEqual(range(0, 10).filter((person) => person !== 3));
	});

	it('two contact keys with the same identifiers: sent once, kept while either stays, removed once both left', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		const twin = (people: IDataObject[]) => [{ ...people[0], crm_id: 'crm-twin' }, ...people];
		const stateSize = () => Number(((workflow.staticData.global as IDataObject)[`audienceSync:meta:${id}`] as IDataObject).size);

		const first = await workflow.run(twin(segment(0, 5)));
		expect(first.error).toBeUndefined();
		expect(statuses(first.items)).toEqual({ added: 6 });
		expect(first.items[1].json).toMatchObject({ status: 'added', sameAsItem: 0 });
		expect(userCalls().filter((r) => r.method === 'POST').at(-1)?.rows).toBe(5);
		expect(metaMembers(id)).toEqual(range(0, 5));
		expect(stateSize()).toBe(6);

		// The twin leaves: person 0 stays in the audience for crm-0, and nothing is sent.
		const calls = userCalls().length;
		const second = await workflow.run(segment(0, 5));
		const departed = second.items.filter((item) => item.json.contactKeyHash !== undefined);
		expect(departed).toHaveLength(1);
		expect(departed[0].json).toMatchObject({ status: 'removed', reason: 'left_segment' });
		expect(String(departed[0].json.message)).toContain('nothing was sent');
		expect(userCalls().length).toBe(calls);
		expect(metaMembers(id)).toEqual(range(0, 5));
		expect(stateSize()).toBe(5);

		// Now crm-0 leaves too: person 0 is removed, once.
		const third = await workflow.run(segment(1, 4));
		expect(third.error).toBeUndefined();
		expect(userCalls().filter((r) => r.method === 'DELETE').at(-1)?.rows).toBe(1);
		expect(metaMembers(id)).toEqual(range(1, 4));
		expect(stateSize()).toBe(4);
	});

	it('refuses an empty segment and a large removal, unless allowed', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		await workflow.run(segment(0, 20));

		const empty = await workflow.run([{ crm_id: 'x' }]);
		expect(empty.error?.message).toContain('the segment has nobody to target');
		const large = await workflow.run(segment(0, 8));
		expect(large.error?.message).toContain('it would remove 60% of the audience');
		expect(metaMembers(id)).toEqual(range(0, 20));

		const allowed = await workflow.run(segment(0, 8), { options: { maxRemovalPercent: 100 } });
		expect(allowed.error).toBeUndefined();
		expect(metaMembers(id)).toEqual(range(0, 8));
	});

	it('dry run reports the plan and changes neither the audience nor the state', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		await workflow.run(segment(0, 10));
		const saved = JSON.stringify(workflow.staticData);
		const { items } = await workflow.run([...segment(2, 8), ...segment(10, 3)], { options: { dryRun: true, summaryOnly: true } });
		expect(items[0].json).toMatchObject({ dryRun: true, planned: { add: 3, remove: 2, unchanged: 8 }, counts: { unchanged: 8, would_add: 3, would_remove: 2 } });
		expect(JSON.stringify(workflow.staticData)).toBe(saved);
		expect(metaMembers(id)).toEqual(range(0, 10));
	});

	it('a manual run says that it did not save the state, and the next production run repeats its changes', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		const manual = await workflow.run(segment(0, 5), {}, { mode: 'manual' });
		expect(manual.items.every((item) => item.json.stateSaved === false)).toBe(true);
		expect(workflow.staticData).toEqual({});
		const production = await workflow.run(segment(0, 5), { options: { summaryOnly: true } });
		expect(production.items[0].json).toMatchObject({ counts: { added: 5 }, state: { saved: true, members: 5 } });
	});

	it('a run cut short after k batches is repaired by the next one', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id, { options: { batchSize: 10, parallelRequests: 1 } });
		await workflow.run(segment(0, 40));
		// Next segment: 0–9 leave (one removal batch), 40–79 join (four batches); the third add fails.
		sandbox.injectFault({ method: 'POST', pathIncludes: '/users', after: 2, times: 20, status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, is_transient: true } } });
		const cut = await workflow.run([...segment(10, 30), ...segment(40, 40)], { options: { batchSize: 10, parallelRequests: 1, maxRetries: 0, maxRemovalPercent: 100 } });
		expect(cut.error).toBeDefined();
		sandbox.faults.splice(0);
		const repaired = await workflow.run([...segment(10, 30), ...segment(40, 40)], { options: { batchSize: 10, parallelRequests: 1, maxRemovalPercent: 100 } });
		expect(repaired.error).toBeUndefined();
		expect(statuses(repaired.items)).toEqual({ unchanged: 50, added: 20 });
		expect(metaMembers(id)).toEqual(range(10, 70));
	});

	it('keeps one state for a Meta audience whether or not the node names its ad account', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		await workflow.run(segment(0, 5));
		const withoutAccount = await workflow.run(segment(0, 5), { adAccount: undefined });
		expect(withoutAccount.error).toBeUndefined();
		expect(statuses(withoutAccount.items)).toEqual({ unchanged: 5 });
		expect(Object.keys(workflow.staticData.global as IDataObject)).toEqual([`audienceSync:meta:${id}`]);
	});

	it('a second run of the same audience while one runs fails clearly and sends nothing', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		sandbox.injectFault({ pathIncludes: '/users', delayMs: 300 });
		const [a, b] = await Promise.all([workflow.run(segment(0, 5)), workflow.run(segment(0, 5))]);
		const errors = [a.error, b.error].filter(Boolean);
		expect(errors).toHaveLength(1);
		expect(errors[0]?.message).toContain('Another execution is syncing audience');
		expect(metaMembers(id)).toEqual(range(0, 5));
	});
});

describe('Audience Member → Sync, a run that loaded its state before another one saved', () => {
	it('fails once and clearly, then the next run goes on from the saved state', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		await workflow.run(segment(0, 5));
		const startedEarlier = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		await workflow.run(segment(0, 6));
		// An execution that loaded the static data before the last one ended.
		const stale = await runNode({
			type: 'audienceMember',
			parameters: { platform: 'meta', operation: 'sync', adAccount: byId(`act_${ACCEPTED_ACCOUNT}`), audience: byId(id), contactKeyField: 'crm_id' },
			credentials: metaCredentials(sandbox.url),
			input: segment(0, 7),
			staticData: startedEarlier,
			workflowId: `sync-${workflows}`,
			mode: 'trigger',
		});
		expect(stale.error?.message).toBe('Another execution saved a newer sync state after this one started');
		expect(metaMembers(id)).toEqual(range(0, 6));
		expect(statuses((await workflow.run(segment(0, 7))).items)).toEqual({ unchanged: 6, added: 1 });
	});
});

describe('Audience Member → Get Sync State and Reset Sync State (Meta)', () => {
	it('tells for each contact whether Sync has it, since when, and whether its identifiers are the ones sent', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		await workflow.run(segment(0, 5));
		const changed = { ...segment(1, 1)[0], email: 'new.address@example.com' };
		const { items, error } = await workflow.run([segment(0, 1)[0], changed, segment(50, 1)[0], { email: '' }], { operation: 'getSyncState' });
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.status, item.json.identifiersMatch])).toEqual([
			['member', true],
			['member', false],
			['not_member', null],
			['invalid', null],
		]);
		expect(items[0].json.lastSentAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
		expect(items[0].json.state).toMatchObject({ store: 'workflowStaticData', members: 5 });
	});

	it('forgets the state in a production run (the next Sync adds everyone again), not in a manual one', async () => {
		const id = await newMetaAudience();
		const workflow = metaWorkflow(id);
		await workflow.run(segment(0, 5));
		const manual = await workflow.run([{}], { operation: 'resetSyncState' }, { mode: 'manual' });
		expect(manual.items[0].json).toMatchObject({ hadState: true, membersForgotten: 5, state: { saved: false } });
		expect(statuses((await workflow.run(segment(0, 5))).items)).toEqual({ unchanged: 5 });

		const reset = await workflow.run([{}], { operation: 'resetSyncState' });
		expect(reset.items[0].json).toMatchObject({ hadState: true, membersForgotten: 5, state: { saved: true } });
		expect(statuses((await workflow.run(segment(0, 5))).items)).toEqual({ added: 5 });
	});
});

describe('Audience Member → Sync (Google) through the n8n engine', () => {
	it('mirrors the segment in a Customer Match list', async () => {
		const store = serviceAccountStore(sandbox);
		const created = await googleAdAudience(store, { operation: 'create', name: 'Mirror', ifExists: 'createNew', options: {} });
		const listId = String(created.items[0].json.id);
		const staticData: IDataObject = {};
		const run = (input: IDataObject[]) =>
			runNode({
				type: 'audienceMember',
				parameters: { platform: 'google', authentication: 'serviceAccount', googleAccountId: GOOGLE_ACCOUNT, userList: listById(listId), operation: 'sync', contactKeyField: 'crm_id' },
				credentials: store,
				input,
				staticData,
				workflowId: 'sync-google',
				mode: 'trigger',
			});
		const members = () => [...(sandbox.google.liveList(GOOGLE_ACCOUNT, listId)?.members.keys() ?? [])].sort((a, b) => a - b);

		expect(statuses((await run(segment(0, 12))).items)).toEqual({ added: 12 });
		expect(members()).toEqual(range(0, 12));
		const second = await run([...segment(4, 8), ...segment(12, 2)]);
		expect(statuses(second.items)).toEqual({ unchanged: 8, added: 2, removed: 4 });
		expect(members()).toEqual(range(4, 10));
	});
});

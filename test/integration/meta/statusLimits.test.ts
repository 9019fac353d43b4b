import type { IDataObject } from 'n8n-workflow';

import { poller, runNode } from '../../helpers/engine';
import { ACCEPTED_ACCOUNT, adAudience, audienceMember, byId, metaCredentials, newCustomerList } from '../../helpers/meta';
import type { Sandbox } from '../../helpers/sandbox';
import { useSandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 3000 }, (started) => (sandbox = started));

/** A new audience holding `count` matched people (the sandbox population, all consenting). */
async function audienceOf(count: number, name = `Holds ${count}`): Promise<string> {
	const id = await newCustomerList(sandbox.url, name);
	if (count > 0) {
		const contacts = sandbox.population.rawContacts(count).map((c: IDataObject) => ({ ...c, consent: true }));
		const added = await audienceMember(sandbox.url, id, { operation: 'add' }, contacts);
		if (added.error) throw added.error;
	}
	return id;
}

async function statusOf(id: string, statusOptions?: IDataObject) {
	const { items, error } = await adAudience(sandbox.url, {
		operation: 'getStatus',
		audience: byId(id),
		...(statusOptions ? { statusOptions } : {}),
	});
	expect(error).toBeUndefined();
	return items[0].json as IDataObject & { size: { lowerBound: number; upperBound: number } };
}

describe('Ad Audience (Meta) → Get Status: minimum size', () => {
	it('measures against 1,000 matched people by default, and against the Minimum Audience Size when set', async () => {
		const id = await audienceOf(150);

		const byDefault = await statusOf(id);
		expect(byDefault.size).toEqual({ lowerBound: 150, upperBound: 165 });
		expect(byDefault).toMatchObject({
			lifecycleStatus: 'ready',
			deliverable: true,
			minimumSize: 1000,
			meetsMinimumSize: false,
		});

		expect(await statusOf(id, { minimumSize: 100 })).toMatchObject({ minimumSize: 100, meetsMinimumSize: true });
		expect(await statusOf(id, { minimumSize: 150 })).toMatchObject({ minimumSize: 150, meetsMinimumSize: true });
		expect(await statusOf(id, { minimumSize: 151 })).toMatchObject({ minimumSize: 151, meetsMinimumSize: false });
	});

	it('reaches the default minimum from a lower bound of 1,000', async () => {
		const id = await audienceOf(1200);
		const status = await statusOf(id);
		expect(status.size.lowerBound).toBe(1200);
		expect(status).toMatchObject({ lifecycleStatus: 'ready', minimumSize: 1000, meetsMinimumSize: true });
		expect(await statusOf(id, { minimumSize: 5000 })).toMatchObject({ minimumSize: 5000, meetsMinimumSize: false });
	});

	it('takes Meta’s own "too small" (delivery status 300) over any setting', async () => {
		const id = await audienceOf(10);
		const status = await statusOf(id, { minimumSize: 5 });
		expect(status.size.lowerBound).toBe(10);
		expect(status).toMatchObject({
			lifecycleStatus: 'too_small',
			platformStatus: { code: 'delivery_status:300' },
			deliverable: false,
			minimumSize: 5,
			meetsMinimumSize: false,
		});
	});
});

describe('Audience Sync Trigger (Meta): minimum size', () => {
	const watching = (audienceId: string, statusOptions?: IDataObject) =>
		poller({
			type: 'audienceSyncTrigger',
			parameters: {
				platform: 'meta',
				watch: 'one',
				audience: byId(audienceId),
				events: ['becameReady'],
				...(statusOptions ? { statusOptions } : {}),
			},
			credentials: metaCredentials(sandbox.url),
		});

	async function addPeople(audienceId: string, count: number) {
		const contacts = sandbox.population.rawContacts(count).map((c: IDataObject) => ({ ...c, consent: true }));
		const added = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, contacts);
		if (added.error) throw added.error;
	}

	it('says "became ready" at the default 1,000, or at its own Minimum Audience Size', async () => {
		const id = await audienceOf(0, 'Watched');
		const byDefault = watching(id);
		const at100 = watching(id, { minimumSize: 100 });
		await byDefault.poll();
		await at100.poll();

		await addPeople(id, 150);
		expect((await byDefault.poll()).emitted).toBe(false);
		const early = await at100.poll();
		expect(early.items.map((item) => item.json.event)).toEqual(['becameReady']);
		expect(early.items[0].json.current).toMatchObject({ minimumSize: 100, meetsMinimumSize: true });

		await addPeople(id, 1100);
		const late = await byDefault.poll();
		expect(late.items.map((item) => item.json.event)).toEqual(['becameReady']);
		expect(late.items[0].json.current).toMatchObject({ minimumSize: 1000, meetsMinimumSize: true });
	});
});

type Logged = { method: string; path: string; query: Record<string, string> };
const listings = (since = 0) =>
	(sandbox.requests as Logged[])
		.slice(since)
		.filter((r) => r.method === 'GET' && r.path.endsWith(`/act_${ACCEPTED_ACCOUNT}/customaudiences`));
const creates = () =>
	(sandbox.requests as Logged[]).filter((r) => r.method === 'POST' && r.path.endsWith('/customaudiences'));

/** The execution hints of the node's run (n8n shows them above the output). */
function hintsOf(run: { data: { resultData: { runData: Record<string, Array<{ hints?: Array<{ message: string }> }>> } } }) {
	return Object.values(run.data.resultData.runData).flatMap((tasks) => tasks.flatMap((task) => task.hints ?? []));
}

async function createNamed(name: string, extra: IDataObject = {}) {
	return await adAudience(sandbox.url, {
		operation: 'create',
		name,
		customerFileSource: 'USER_PROVIDED_ONLY',
		ifExists: 'useExisting',
		...extra,
	});
}

describe('Ad Audience (Meta): the limit of customer-list audiences per ad account', () => {
	it('Get Status counts the account’s customer lists (every page, subtype CUSTOM only) against 500', async () => {
		sandbox.meta.seedAudiences(ACCEPTED_ACCOUNT, 120);
		sandbox.meta.seedAudiences(ACCEPTED_ACCOUNT, 40, { subtype: 'LOOKALIKE' });
		const id = await audienceOf(0, 'Counted');
		const { items, error, run } = await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(id) });
		expect(error).toBeUndefined();
		expect(items[0].json.accountLimit).toEqual({
			accountId: ACCEPTED_ACCOUNT,
			counted: 'customer-list custom audiences',
			count: 121,
			limit: 500,
			remaining: 379,
			nearLimit: false,
			atLimit: false,
		});
		expect(Object.keys(items[0].json).slice(-2)).toEqual(['accountLimit', 'raw']);
		expect(hintsOf(run)).toEqual([]);
	});

	it('follows the paging of the listing and counts subtype CUSTOM only, even when Meta ignores the filter', async () => {
		sandbox.meta.seedAudiences(ACCEPTED_ACCOUNT, 449);
		const id = await audienceOf(0, 'The 450th');
		const since = sandbox.requests.length;
		const near = await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(id) });
		expect(near.items[0].json.accountLimit).toMatchObject({ count: 450, remaining: 50, nearLimit: true, atLimit: false });
		expect(listings(since).length).toBeGreaterThanOrEqual(3);
		expect(listings(since).every((r) => r.query.filtering?.includes('"subtype"'))).toBe(true);

		sandbox.injectFault({
			method: 'GET',
			pathIncludes: '/customaudiences',
			status: 200,
			body: { data: [{ id: '1', subtype: 'CUSTOM' }, { id: '2', subtype: 'LOOKALIKE' }, { id: '3', subtype: 'WEBSITE' }] },
		});
		const unfiltered = await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(id) });
		expect(unfiltered.items[0].json.accountLimit).toMatchObject({ count: 1, nearLimit: false });
	});

	it('still reports the status, without the count, when the account’s audiences cannot be listed', async () => {
		const id = await audienceOf(0, 'Shared with us');
		sandbox.injectFault({
			method: 'GET',
			pathIncludes: '/customaudiences',
			status: 400,
			body: { error: { message: '(#200) The user does not have permission to list audiences of this ad account', type: 'OAuthException', code: 200 } },
		});
		const { items, error } = await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(id) });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ audienceId: id, lifecycleStatus: 'empty', accountLimit: null });
	});

	it('warns from 90% on, in the output and in one execution hint', async () => {
		sandbox.meta.seedAudiences(ACCEPTED_ACCOUNT, 449);
		const created = await createNamed('The 450th');
		expect(created.error).toBeUndefined();
		expect(created.items[0].json).toMatchObject({
			created: true,
			accountLimit: { count: 450, limit: 500, remaining: 50, nearLimit: true, atLimit: false },
		});
		expect(hintsOf(created.run).map((h) => h.message)).toEqual([
			`Ad account act_${ACCEPTED_ACCOUNT} holds 450 of its 500 customer-list custom audiences: 50 more can be created; delete the ones you no longer use before Create fails.`,
		]);

		const { items, run } = await runNode({
			type: 'adAudience',
			parameters: { platform: 'meta', operation: 'getStatus', audience: byId(String(created.items[0].json.id)) },
			credentials: metaCredentials(sandbox.url),
			input: [{}, {}, {}],
		});
		expect(items).toHaveLength(3);
		expect(items.every((item) => (item.json.accountLimit as IDataObject).nearLimit === true)).toBe(true);
		expect(hintsOf(run)).toHaveLength(1);
	});

	it('Create at the limit fails before asking Meta, and says what to do', async () => {
		sandbox.meta.seedAudiences(ACCEPTED_ACCOUNT, 500);
		const { items, error } = await createNamed('One too many');
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(`Ad account act_${ACCEPTED_ACCOUNT} is at its limit of 500 customer-list custom audiences`);
		expect(error?.description).toContain('It holds 500');
		expect(error?.description).toContain('Delete audiences you no longer use');
		expect(error?.description).toContain('"If It Exists" set to "Use Existing"');
		expect(creates()).toHaveLength(0);

		const [someId] = [...sandbox.meta.audiences.keys()];
		const status = await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(someId) });
		expect(status.items[0].json.accountLimit).toMatchObject({ count: 500, remaining: 0, nearLimit: true, atLimit: true });
		expect(hintsOf(status.run)[0].message).toContain('a Create of a new one fails until you delete');
	});

	it('Create at the limit still reuses the audience of that name', async () => {
		sandbox.meta.seedAudiences(ACCEPTED_ACCOUNT, 499);
		const first = await createNamed('Newsletter');
		expect(first.items[0].json).toMatchObject({ created: true, accountLimit: { count: 500, atLimit: true } });

		const again = await createNamed('Newsletter');
		expect(again.error).toBeUndefined();
		expect(again.items[0].json).toMatchObject({ id: first.items[0].json.id, created: false, accountLimit: { count: 500, atLimit: true } });
		const another = await createNamed('Newsletter', { ifExists: 'createNew' });
		expect(another.error?.message).toContain('is at its limit of 500');
		expect(creates()).toHaveLength(1);
	});

	it('takes the Audience Limit per Account setting, in Create and in Get Status', async () => {
		sandbox.meta.seedAudiences(ACCEPTED_ACCOUNT, 10);
		const refused = await createNamed('Eleventh', { options: { audienceLimit: 10 } });
		expect(refused.error?.message).toContain('is at its limit of 10 customer-list custom audiences');
		expect(creates()).toHaveLength(0);

		const id = await audienceOf(0, 'Within 500');
		const status = await statusOf(id, { audienceLimit: 12 });
		expect(status.accountLimit).toMatchObject({ count: 11, limit: 12, remaining: 1, nearLimit: true, atLimit: false });

		// Set above what Meta allows, the check passes and Meta's own refusal comes back.
		sandbox.meta.seedAudiences(ACCEPTED_ACCOUNT, 489);
		const beyond = await createNamed('501st', { options: { audienceLimit: 1000 } });
		expect(creates()).toHaveLength(2);
		expect(beyond.error?.message).toContain('Meta rejected the request');
		expect(beyond.error?.description).toContain('at most 500 customer list custom audiences');
	});
});

import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { poller } from '../../helpers/engine';
import { adAudience, audienceMember, byId, metaCredentials } from '../../helpers/meta';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 3000 });
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => {
	sandbox.reset();
});

/** A new audience holding `count` matched people (the sandbox population, all consenting). */
async function audienceOf(count: number, name = `Holds ${count}`): Promise<string> {
	const { items, error } = await adAudience(sandbox.url, {
		operation: 'create',
		name,
		customerFileSource: 'USER_PROVIDED_ONLY',
		ifExists: 'createNew',
	});
	if (error) throw error;
	const id = String(items[0].json.id);
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

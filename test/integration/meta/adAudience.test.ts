import { ACCEPTED_ACCOUNT, adAudience, audienceMember, byId, TERMS_PENDING_ACCOUNT } from '../../helpers/meta';
import type { Sandbox } from '../../helpers/sandbox';
import { useSandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
useSandbox({ populationSize: 3000 }, (started) => (sandbox = started));

async function create(name: string, extra: Record<string, unknown> = {}) {
	const { items, error } = await adAudience(sandbox.url, {
		operation: 'create',
		name,
		customerFileSource: 'USER_PROVIDED_ONLY',
		ifExists: 'useExisting',
		...extra,
	});
	return { json: items[0]?.json, error, items };
}

describe('Ad Audience (Meta) through the n8n engine', () => {
	it('creates a customer-list audience, then reuses it on a re-run instead of duplicating it', async () => {
		const first = await create('Newsletter', { options: { description: 'From the CRM' } });
		expect(first.error).toBeUndefined();
		expect(first.json).toMatchObject({ name: 'Newsletter', description: 'From the CRM', created: true });
		expect(first.json?.subtype).toBe('CUSTOM');
		expect(first.items[0].pairedItem).toEqual({ item: 0 });

		const second = await create('Newsletter');
		expect(second.json).toMatchObject({ id: first.json?.id, created: false });

		const creates = sandbox.requests.filter(
			(r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/customaudiences'),
		);
		expect(creates).toHaveLength(1);
	});

	it('fails when the name exists and "If It Exists" is Fail, and creates a second one with Create Another', async () => {
		const first = await create('Buyers');
		const failed = await create('Buyers', { ifExists: 'fail' });
		expect(failed.error?.message).toContain('already exists');
		expect(failed.error?.description).toContain(String(first.json?.id));

		const another = await create('Buyers', { ifExists: 'createNew' });
		expect(another.json?.created).toBe(true);
		expect(another.json?.id).not.toBe(first.json?.id);
	});

	it('checks the Custom Audience terms before creating and says where to accept them', async () => {
		const { error, items } = await adAudience(sandbox.url, {
			operation: 'create',
			adAccount: byId(TERMS_PENDING_ACCOUNT),
			name: 'Blocked',
			customerFileSource: 'USER_PROVIDED_ONLY',
			ifExists: 'useExisting',
		});
		expect(items).toHaveLength(0);
		expect(error?.message).toContain('terms are not accepted');
		expect(error?.description).toContain(
			`https://business.facebook.com/ads/manage/customaudiences/tos/?act=${TERMS_PENDING_ACCOUNT}`,
		);
		const creates = sandbox.requests.filter(
			(r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/customaudiences'),
		);
		expect(creates).toHaveLength(0);
	});

	it('accepts the ad account by URL', async () => {
		const { json, error } = await create('By URL', {
			adAccount: {
				__rl: true,
				mode: 'url',
				value: `https://adsmanager.facebook.com/adsmanager/manage/campaigns?act=${ACCEPTED_ACCOUNT}&nav_source=x`,
			},
		});
		expect(error).toBeUndefined();
		expect(String(json?.account_id)).toBe(ACCEPTED_ACCOUNT);
	});

	it('gets, updates and deletes an audience', async () => {
		const { json } = await create('Lifecycle');
		const id = String(json?.id);

		const got = await adAudience(sandbox.url, { operation: 'get', audience: byId(id) });
		expect(got.items[0].json).toMatchObject({ id, name: 'Lifecycle' });

		const updated = await adAudience(sandbox.url, {
			operation: 'update',
			audience: byId(id),
			updateFields: { name: 'Lifecycle v2', description: 'renamed' },
		});
		expect(updated.items[0].json).toMatchObject({ id, name: 'Lifecycle v2', description: 'renamed' });

		const deleted = await adAudience(sandbox.url, { operation: 'delete', audience: byId(id) });
		expect(deleted.items[0].json).toEqual({ id, deleted: true });

		const gone = await adAudience(sandbox.url, { operation: 'get', audience: byId(id) });
		expect(gone.error?.message).toMatch(/deleted|could not find/i);
	});

	it('lists audiences across pages with Return All, a Limit and a name filter', async () => {
		for (let i = 0; i < 27; i++) await create(`Segment ${String(i).padStart(2, '0')}`);
		await create('Other list');

		const all = await adAudience(sandbox.url, { operation: 'getMany', returnAll: true, filters: {} });
		expect(all.items).toHaveLength(28);
		expect(all.items.every((item, index) => item.pairedItem && (item.pairedItem as { item: number }).item === 0 && index >= 0)).toBe(true);

		const limited = await adAudience(sandbox.url, { operation: 'getMany', returnAll: false, limit: 5, filters: {} });
		expect(limited.items).toHaveLength(5);

		const filtered = await adAudience(sandbox.url, {
			operation: 'getMany',
			returnAll: true,
			filters: { nameContains: 'Other' },
		});
		expect(filtered.items.map((item) => item.json.name)).toEqual(['Other list']);
	});

	it('reports a normalized status: empty, then size, deliverability and match rate after an upload', async () => {
		const { json } = await create('Status');
		const id = String(json?.id);

		const before = await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(id) });
		expect(before.items[0].json).toMatchObject({
			platform: 'meta',
			audienceId: id,
			lifecycleStatus: 'empty',
			deliverable: false,
			meetsMinimumSize: false,
		});

		const contacts = sandbox.population.rawContacts(150, { messy: true }).map((c: Record<string, unknown>) => ({
			...c,
			consent: true,
		}));
		const added = await audienceMember(sandbox.url, id, { operation: 'add' }, contacts);
		expect(added.error).toBeUndefined();

		const after = await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(id) });
		const status = after.items[0].json as {
			lifecycleStatus: string;
			deliverable: boolean;
			meetsMinimumSize: boolean;
			size: { lowerBound: number; upperBound: number };
			matchRate: unknown;
			lastUpdatedAt: unknown;
			raw: unknown;
		};
		expect(status.lifecycleStatus).toBe('ready');
		expect(status.deliverable).toBe(true);
		// About 150 matched people: Meta serves it, but it is under the default minimum of 1,000.
		expect(status.meetsMinimumSize).toBe(false);
		expect(status.size.lowerBound).toBeGreaterThanOrEqual(100);
		expect(status.size.upperBound).toBeGreaterThanOrEqual(status.size.lowerBound);
		expect(status.matchRate).toMatchObject({ lowerPercent: 100, upperPercent: 100 });
		expect(typeof status.lastUpdatedAt).toBe('string');
		expect(status.raw).toHaveProperty('delivery_status');
	});

	it('still reports the status when Meta will not return the upload sessions', async () => {
		const { json } = await create('No sessions');
		sandbox.injectFault({ pathIncludes: '/sessions', times: 1, status: 400, body: { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100 } } });
		const { items, error } = await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(String(json?.id)) });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ lifecycleStatus: 'empty', matchRate: null });
	});

	it('says "too small" for an audience under the minimum', async () => {
		const { json } = await create('Tiny');
		const id = String(json?.id);
		const contacts = sandbox.population.rawContacts(10).map((c: Record<string, unknown>) => ({ ...c, consent: 'yes' }));
		await audienceMember(sandbox.url, id, { operation: 'add' }, contacts);
		const status = (await adAudience(sandbox.url, { operation: 'getStatus', audience: byId(id) })).items[0].json;
		expect(status).toMatchObject({ lifecycleStatus: 'too_small', deliverable: false, meetsMinimumSize: false });
	});

	it('returns one error item per failing input item with Continue On Fail', async () => {
		const { items } = await (async () => {
			const { runNode } = await import('../../helpers/engine');
			const { metaCredentials } = await import('../../helpers/meta');
			return await runNode({
				type: 'adAudience',
				parameters: { platform: 'meta', operation: 'get', audience: byId('999999') },
				credentials: metaCredentials(sandbox.url),
				input: [{}, {}],
				continueOnFail: true,
			});
		})();
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toMatch(/could not find/i);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});
});

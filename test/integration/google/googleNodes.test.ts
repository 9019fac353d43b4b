import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { expectNothingLeaked } from '../../helpers/sandbox';
import type { CredentialStore } from '../../helpers/engine';
import {
	googleAdAudience,
	googleAudienceMember,
	listById,
	serviceAccountStore,
} from '../../helpers/google';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Logged = { platform: string; method: string; path: string; status: number; rows?: number | null };

let sandbox: Sandbox;
let store: CredentialStore;

beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 3000 });
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

function googleCalls(pathPart: string): Logged[] {
	return (sandbox.requests as Logged[]).filter((r) => r.platform === 'google' && r.path.includes(pathPart));
}

async function newList(name = 'CRM list'): Promise<string> {
	const { items, error } = await googleAdAudience(store, {
		operation: 'create',
		name,
		ifExists: 'createNew',
		options: {},
	});
	if (error) throw error;
	return String(items[0].json.id);
}

async function status(listId: string, statusOptions?: IDataObject): Promise<Record<string, unknown>> {
	const { items, error } = await googleAdAudience(store, {
		operation: 'getStatus',
		userList: listById(listId),
		...(statusOptions ? { statusOptions } : {}),
	});
	if (error) throw error;
	return items[0].json as Record<string, unknown>;
}

const consenting = (contacts: IDataObject[]) => contacts.map((c) => ({ ...c, consent: 'granted' }));

describe('Ad Audience (Google) through the n8n engine', () => {
	it('creates a Customer Match list, then reuses it by display name', async () => {
		const first = await googleAdAudience(store, {
			operation: 'create',
			name: 'Newsletter',
			ifExists: 'useExisting',
			options: { description: 'From the CRM', membershipDays: 30 },
		});
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({
			displayName: 'Newsletter',
			description: 'From the CRM',
			membershipDuration: '2592000s',
			membershipDurationDays: 30,
			created: true,
			// Google documents no limit on Customer Match lists per account: nothing is counted.
			accountLimit: null,
		});
		expect(first.items[0].json.ingestedUserListInfo).toMatchObject({ uploadKeyTypes: ['CONTACT_ID'] });

		const again = await googleAdAudience(store, { operation: 'create', name: 'Newsletter', ifExists: 'useExisting', options: {} });
		expect(again.items[0].json).toMatchObject({ id: first.items[0].json.id, created: false });
		expect(googleCalls('/userLists').filter((r) => r.method === 'POST')).toHaveLength(1);

		const failing = await googleAdAudience(store, { operation: 'create', name: 'Newsletter', ifExists: 'fail', options: {} });
		expect(failing.error?.message).toContain('already exists');
	});

	it('gets, lists with paging and a name filter, updates and deletes', async () => {
		const id = await newList('Buyers 2026');
		for (let i = 0; i < 3; i++) await newList(`Other ${i}`);

		const got = await googleAdAudience(store, { operation: 'get', userList: listById(id) });
		expect(got.items[0].json).toMatchObject({ id, displayName: 'Buyers 2026' });

		const all = await googleAdAudience(store, { operation: 'getMany', returnAll: true, filters: {} });
		expect(all.items).toHaveLength(4);
		const limited = await googleAdAudience(store, { operation: 'getMany', returnAll: false, limit: 2, filters: {} });
		expect(limited.items).toHaveLength(2);
		const filtered = await googleAdAudience(store, { operation: 'getMany', returnAll: true, filters: { nameContains: 'Buyers' } });
		expect(filtered.items.map((item) => item.json.displayName)).toEqual(['Buyers 2026']);

		const updated = await googleAdAudience(store, {
			operation: 'update',
			userList: listById(id),
			updateFields: { name: 'Buyers', membershipDays: 90 },
		});
		expect(updated.items[0].json).toMatchObject({ displayName: 'Buyers', membershipDurationDays: 90 });

		const deleted = await googleAdAudience(store, { operation: 'delete', userList: listById(id) });
		expect(deleted.items[0].json).toEqual({ id, deleted: true });
		const gone = await googleAdAudience(store, { operation: 'get', userList: listById(id) });
		expect(gone.error?.message).toContain('could not find');
	});

	it('reports an empty list, then members, eligibility and match rate after an upload', async () => {
		const id = await newList();
		expect(await status(id)).toMatchObject({ platform: 'google', lifecycleStatus: 'empty', deliverable: false });

		const added = await googleAudienceMember(store, id, { operation: 'add' }, consenting(sandbox.population.rawContacts(150, { messy: true })));
		expect(added.error).toBeUndefined();

		const after = await status(id);
		expect(after).toMatchObject({ lifecycleStatus: 'ready', deliverable: true, meetsMinimumSize: true });
		expect((after.membersByNetwork as Record<string, number>).display).toBeGreaterThanOrEqual(100);
		expect(after.eligibility).toMatchObject({ display: true });
		expect(after.matchRate).toMatchObject({ lowerPercent: 100 });
		expect(after.minimumSize).toBe(100);
		expect(after.accountLimit).toBeNull();

		// A higher Minimum Audience Size: Google still serves it, but it is under the setting.
		expect(await status(id, { minimumSize: 1000 })).toMatchObject({
			lifecycleStatus: 'ready',
			deliverable: true,
			minimumSize: 1000,
			meetsMinimumSize: false,
		});
	});

	it('calls a list that cannot serve too_small under the Minimum Audience Size, whatever Google’s own figure', async () => {
		const id = await newList();
		await googleAudienceMember(store, id, { operation: 'add' }, consenting(sandbox.population.rawContacts(40)));
		expect(await status(id)).toMatchObject({ lifecycleStatus: 'too_small', deliverable: false, minimumSize: 100, meetsMinimumSize: false });
		expect(await status(id, { minimumSize: 30 })).toMatchObject({ lifecycleStatus: 'processing', minimumSize: 30, meetsMinimumSize: true });
	});
});

describe('Audience Member (Google) through the n8n engine', () => {
	it('adds messy CRM contacts: every one matches, each result carries its batch request id', async () => {
		const id = await newList();
		const contacts = consenting(sandbox.population.rawContacts(60, { messy: true }));
		const { items, error } = await googleAudienceMember(store, id, { operation: 'add' }, contacts);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(60);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ status: 'added', platform: 'google', audienceId: id, batch: 1 });
			expect(typeof item.json.requestId).toBe('string');
		});
		expect(items[0].json.identifiersSent).toEqual(expect.arrayContaining(['emailAddress', 'phoneNumber']));

		const upload = await googleAdAudience(store, {
			resource: 'upload',
			operation: 'getUploadStatus',
			requestIds: '={{ $json.requestId }}',
		}, items.map((item) => item.json as IDataObject));
		expect(upload.items).toHaveLength(1);
		expect(upload.items[0].pairedItem).toHaveLength(60);
		expect(upload.items[0].json).toMatchObject({ status: 'SUCCESS', finished: true });
		const destination = (upload.items[0].json.destinations as IDataObject[])[0];
		expect(destination).toMatchObject({ audienceId: id, operation: 'ingest', recordCount: 60, errorCount: 0 });
		expect((destination.matchRate as IDataObject).upperPercent).toBe(100);
		expect((await status(id)).matchRate).toMatchObject({ lowerPercent: 100 });
	});

	it('batches 25,000 contacts into ingest requests of at most 10,000 members', async () => {
		const id = await newList();
		const { items, error } = await googleAudienceMember(
			store,
			id,
			{ operation: 'add', options: { summaryOnly: true } },
			consenting(sandbox.population.outsiderContacts(25_000)),
		);
		expect(error).toBeUndefined();
		const summary = items[0].json as { counts: unknown; batches: unknown; google: { requestIds: string[] } };
		expect(summary.counts).toEqual({ added: 25_000 });
		expect(summary.batches).toMatchObject({ total: 3, accepted: 3 });
		expect(summary.google.requestIds).toHaveLength(3);
		expect(googleCalls(':ingest').map((r) => r.status)).toEqual([200, 200, 200]);
	});

	it('sends only members whose two consents are granted, and never excluded ones', async () => {
		const id = await newList();
		const people = sandbox.population.rawContacts(5);
		sandbox.audit.forbid([1, 2], 'consent');
		sandbox.audit.forbid([3], 'excluded');
		const { items } = await googleAudienceMember(
			store,
			id,
			{
				operation: 'add',
				adUserDataConsentField: 'ad_user_data',
				adPersonalizationConsentField: 'ad_personalization',
			},
			[
				{ ...people[0], ad_user_data: 'granted', ad_personalization: 'granted' },
				{ ...people[1], ad_user_data: 'granted', ad_personalization: 'denied' },
				{ ...people[2], ad_user_data: 'granted' },
				{ ...people[3], ad_user_data: 'granted', ad_personalization: 'granted', excluded: true },
				{ ...people[4], ad_user_data: 'yes', ad_personalization: 'opted_in' },
			],
		);
		expect(items.map((item) => [item.json.status, item.json.reason ?? null])).toEqual([
			['added', null],
			['skipped', 'no_consent'],
			['skipped', 'no_consent'],
			['skipped', 'excluded'],
			['added', null],
		]);
		expect(googleCalls(':ingest')).toHaveLength(1);
		expect(Number((await status(id)).size && ((await status(id)).membersByNetwork as Record<string, number>).display)).toBe(2);
	});

	it('with "All Contacts" sends each member with its consent and Google drops the denied ones', async () => {
		const id = await newList();
		const people = sandbox.population.rawContacts(3);
		// Sent with their consent on purpose: Google is to drop the denied one.
		sandbox.audit.allow('consent');
		const { items } = await googleAudienceMember(store, id, { operation: 'add', consentPolicy: 'all' }, [
			{ ...people[0], consent: 'granted' },
			{ ...people[1], consent: 'denied' },
			{ ...people[2] },
		]);
		expect(items.map((item) => item.json.status)).toEqual(['added', 'added', 'added']);
		const upload = await googleAdAudience(store, { resource: 'upload', operation: 'getUploadStatus', requestIds: String(items[0].json.requestId) });
		const destination = (upload.items[0].json.destinations as IDataObject[])[0];
		expect(destination.errorsByReason).toMatchObject({ denied_consent: 1 });
		expect(destination.errorCount).toBe(2);
	});

	it('keeps an invalid contact out and reports why', async () => {
		const id = await newList();
		const [a] = consenting(sandbox.population.rawContacts(1));
		const { items } = await googleAudienceMember(store, id, { operation: 'add' }, [
			a,
			{ email: 'nobody@', consent: true },
			{ first_name: 'Ann', last_name: 'Lee', consent: true },
		]);
		expect(items.map((item) => [item.json.status, item.json.reason ?? null])).toEqual([
			['added', null],
			['invalid', 'invalid_email'],
			['invalid', 'incomplete_address'],
		]);
		expect(items[2].json.message).toContain('missing or invalid: country, zip');
	});

	it('removes members, and Replace All re-adds the new set then removes everyone else', async () => {
		const id = await newList();
		const first = consenting(sandbox.population.rawContacts(40));
		await googleAudienceMember(store, id, { operation: 'add' }, first);
		const removed = await googleAudienceMember(store, id, { operation: 'remove' }, first.slice(0, 10));
		expect(removed.items.every((item) => item.json.status === 'removed')).toBe(true);
		expect(((await status(id)).membersByNetwork as Record<string, number>).display).toBe(30);

		sandbox.clock.advance(60_000);
		const next = consenting(sandbox.population.rawContacts(25, { offset: 20 }));
		const replaced = await googleAudienceMember(store, id, { operation: 'replace', options: { summaryOnly: true } }, next);
		expect(replaced.error).toBeUndefined();
		const summary = replaced.items[0].json as { google: { removeAll: { requestId: string; removeAsOfTime: string } } };
		expect(typeof summary.google.removeAll.requestId).toBe('string');
		expect(googleCalls(':removeAll')).toHaveLength(1);
		expect(((await status(id)).membersByNetwork as Record<string, number>).display).toBe(25);
	});

	it('does not call removeAll when an ingest batch of a Replace All fails', async () => {
		const id = await newList();
		await googleAudienceMember(store, id, { operation: 'add' }, consenting(sandbox.population.rawContacts(10)));
		sandbox.injectFault({ platform: 'google', pathIncludes: ':ingest', times: 10, status: 400, body: { error: { code: 400, status: 'FAILED_PRECONDITION', message: 'Terms not signed', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'TERMS_AND_CONDITIONS_NOT_SIGNED', domain: 'datamanager.googleapis.com' }] } } });
		const { error } = await googleAudienceMember(store, id, { operation: 'replace' }, consenting(sandbox.population.rawContacts(5, { offset: 100 })));
		expect(error?.message).toContain('Customer Match terms are not accepted');
		expect(error?.description).toContain('nobody was removed');
		expect(googleCalls(':removeAll')).toHaveLength(0);
		expect(((await status(id)).membersByNetwork as Record<string, number>).display).toBe(10);
	});

	it('retries after Google’s rate limit', async () => {
		const id = await newList();
		sandbox.injectFault({ platform: 'google', pathIncludes: ':ingest', times: 1, status: 429, body: { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RESOURCE_EXHAUSTED', domain: 'datamanager.googleapis.com' }] } } });
		const { items, error } = await googleAudienceMember(store, id, { operation: 'add' }, consenting(sandbox.population.rawContacts(3)));
		expect(error).toBeUndefined();
		expect(items.every((item) => item.json.status === 'added')).toBe(true);
		expect(googleCalls(':ingest').map((r) => r.status)).toEqual([429, 200]);
	});

	it('sends the login (manager) account, and says so when it does not manage the account', async () => {
		const managed = serviceAccountStore(sandbox, { loginAccountId: '999-999-9999' });
		const created = await googleAdAudience(managed, { operation: 'create', name: 'Via manager', ifExists: 'createNew', options: {} });
		expect(created.error).toBeUndefined();
		const listId = String(created.items[0].json.id);
		const added = await googleAudienceMember(managed, listId, { operation: 'add' }, consenting(sandbox.population.rawContacts(2)));
		expect(added.error).toBeUndefined();
		expect(added.items.every((item) => item.json.status === 'added')).toBe(true);

		const stranger = serviceAccountStore(sandbox, { loginAccountId: '5555555555' });
		const refused = await googleAudienceMember(stranger, listId, { operation: 'add' }, consenting(sandbox.population.rawContacts(2)));
		expect(refused.error?.message).toMatch(/does not manage|no access/);
	});

	it('never shows the access token in an error, even when the platform echoes it', async () => {
		const id = await newList();
		await googleAdAudience(store, { operation: 'get', userList: listById(id) });
		const token = String(store.credentials.googleDataManagerServiceAccountApi.accessToken);
		expect(token.length).toBeGreaterThan(10);
		sandbox.injectFault({
			platform: 'google',
			pathIncludes: ':ingest',
			times: 1,
			status: 400,
			body: { error: { code: 400, status: 'INVALID_ARGUMENT', message: `Bad request with Bearer ${token} and access_token=${token}` } },
		});
		const { error } = await googleAudienceMember(store, id, { operation: 'add' }, consenting(sandbox.population.rawContacts(2)));
		expect(error).toBeDefined();
		const everything = JSON.stringify({ message: error?.message, description: error?.description, context: error?.context });
		expect(everything).not.toContain(token);
		expect(everything).toContain('[redacted]');
	});

	it('dry run shows the hashed member and sends nothing', async () => {
		const id = await newList();
		const { items } = await googleAudienceMember(store, id, { operation: 'add', options: { dryRun: true } }, [
			{ email: 'Cloudy.SanFrancisco+shopping@gmail.com', phone: '(800) 555-0100', country: 'US', consent: true },
		]);
		const wire = items[0].json.wireValues as { compositeData: { userData: { userIdentifiers: IDataObject[] } }; consent: IDataObject };
		expect(items[0].json.status).toBe('would_add');
		expect(wire.compositeData.userData.userIdentifiers[0].emailAddress).toMatch(/^[0-9a-f]{64}$/);
		expect(wire.consent).toEqual({ adUserData: 'CONSENT_GRANTED', adPersonalization: 'CONSENT_GRANTED' });
		expect(googleCalls(':ingest')).toHaveLength(0);
	});
});

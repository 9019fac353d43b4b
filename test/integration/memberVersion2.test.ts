import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { expectNothingLeaked } from '../helpers/sandbox';
import { googleAdAudience, googleAudienceMember, serviceAccountStore } from '../helpers/google';
import { adAudience, audienceMember, byId } from '../helpers/meta';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ populationSize: 500 });
});
afterAll(async () => {
	await sandbox.close();
});
// No hashed field that is not a hash, no raw e-mail, no member without consent or excluded.
afterEach(() => expectNothingLeaked(sandbox));
beforeEach(() => sandbox.reset());

const consenting = (contacts: IDataObject[]) => contacts.map((c) => ({ ...c, consent: 'granted' }));

async function metaAudience(): Promise<string> {
	const { items, error } = await adAudience(sandbox.url, {
		operation: 'create',
		name: 'Version 2',
		customerFileSource: 'USER_PROVIDED_ONLY',
		ifExists: 'createNew',
	});
	if (error) throw error;
	return String(items[0].json.id);
}

describe('Audience Member version 2: identifier mapping and result columns', () => {
	it('reads e-mail and phone by default, and the other identifiers only when mapped (Meta)', async () => {
		const audienceId = await metaAudience();
		const contacts = consenting(sandbox.population.rawContacts(5, { messy: true }));
		const plain = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, contacts, { typeVersion: 2 });
		expect(plain.error).toBeUndefined();
		for (const item of plain.items) expect(item.json.identifiersSent).toEqual(['EMAIL', 'PHONE']);

		const more = await audienceMember(
			sandbox.url,
			audienceId,
			{ operation: 'add', moreIdentifierFields: { firstName: 'first_name', lastName: 'last_name', city: 'city' } },
			contacts,
			{ typeVersion: 2 },
		);
		expect(more.error).toBeUndefined();
		expect(more.items[0].json.identifiersSent).toEqual(expect.arrayContaining(['EMAIL', 'PHONE', 'FN', 'LN', 'CT']));
	});

	it('says what to map when no identifier field is given', async () => {
		const audienceId = await metaAudience();
		const { error } = await audienceMember(
			sandbox.url,
			audienceId,
			{ operation: 'add', email: '', phone: '' },
			consenting(sandbox.population.rawContacts(2)),
			{ typeVersion: 2 },
		);
		expect(error?.message).toBe('Map at least one identifier field');
	});

	it('gives every per-contact item the same columns, null where there is nothing to say', async () => {
		const audienceId = await metaAudience();
		const contacts = [
			...consenting(sandbox.population.rawContacts(2)),
			{ email: 'no-consent@example.com' },
			{ email: 'not an e-mail', consent: 'granted' },
		];
		const { items, error } = await audienceMember(sandbox.url, audienceId, { operation: 'add' }, contacts, { typeVersion: 2 });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.status)).toEqual(['added', 'added', 'skipped', 'invalid']);
		const columns = Object.keys(items[0].json);
		for (const item of items) {
			expect(Object.keys(item.json)).toEqual(columns);
			expect(Object.values(item.json)).not.toContain(undefined);
		}
		expect(items[0].json).toMatchObject({ reason: null, message: null, rejectedFields: [], sameAsItem: null });
	});

	it('ignores identifiers Google does not take, and maps the address fields it does (Google)', async () => {
		const store = serviceAccountStore(sandbox);
		const created = await googleAdAudience(store, { operation: 'create', name: 'V2 list', ifExists: 'createNew', options: {} });
		const listId = String(created.items[0].json.id);
		const contacts = consenting(sandbox.population.rawContacts(3));
		const { items, error } = await googleAudienceMember(
			store,
			listId,
			{
				operation: 'add',
				moreIdentifierFields: { firstName: 'first_name', lastName: 'last_name', country: 'country', zip: 'zip', city: 'city', gender: 'gender' },
			},
			contacts,
			{ typeVersion: 2 },
		);
		expect(error).toBeUndefined();
		for (const item of items) {
			expect(item.json.status).toBe('added');
			expect(item.json.requestId).toEqual(expect.any(String));
			expect(JSON.stringify(item.json.identifiersSent)).not.toMatch(/city|gender/i);
		}
	});
});

describe('Ad Audience → Upload → Get Upload Status (Meta)', () => {
	it('reports the audience’s upload sessions with their counts, newest first', async () => {
		const audienceId = await metaAudience();
		await audienceMember(sandbox.url, audienceId, { operation: 'add' }, consenting(sandbox.population.rawContacts(20)));
		const { items, error } = await adAudience(sandbox.url, {
			resource: 'upload',
			operation: 'getUploadStatus',
			audience: byId(audienceId),
		});
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThanOrEqual(1);
		expect(items[0].json).toMatchObject({
			platform: 'meta',
			audienceId,
			sessionId: expect.any(String),
			received: 20,
		});
		expect(items[0].json.matchRatePercent).toEqual(expect.any(Number));
	});
});
